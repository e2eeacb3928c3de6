/* report.c: the three reports (weekly TL review, grievance pendency,
 * inspection coverage). Each is a few grouped queries over the indexes of
 * db/002_report_indexes.sql; rows are summed per department (or
 * department and category, or nodal officer and fortnight) in C. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/grievance.h"
#include "zila/query.h"
#include "zila/report.h"
#include "zila/util.h"
#include "internal.h"
#include "report_internal.h"

/* The overdue list of the TL report holds at most this many markings, the
 * longest overdue first; "overdue_count" gives the whole number. */
#define TL_OVERDUE_MAX 1000

const char *const report_age_names[REPORT_AGE_BUCKETS] = { "0-7", "8-15", "16-30", "31-60", "60+" };

/* The open grievance states, spelled as in the partial index grievance_open
 * so that the planner can use it. */

enum zila_status
report_period_get(const char *from, const char *to, bool week, struct report_period *p, struct zila_err *err)
{
	if (to && !zila_date_valid(to))
		return zila_fail(err, ZILA_EINVAL, "to: '%s' is not a date (YYYY-MM-DD)", to);
	if (from && !zila_date_valid(from))
		return zila_fail(err, ZILA_EINVAL, "from: '%s' is not a date (YYYY-MM-DD)", from);
	if (to)
		snprintf(p->to, sizeof p->to, "%s", to);
	else
		zila_ist_date(zila_clock(), p->to, sizeof p->to);
	if (from)
		snprintf(p->from, sizeof p->from, "%s", from);
	else if (week)
		zila_date_add(p->to, -6, p->from, sizeof p->from);
	else
		snprintf(p->from, sizeof p->from, "%.8s01", p->to);
	if (strcmp(p->from, p->to) > 0)
		return zila_fail(err, ZILA_EINVAL, "from: %s is after to (%s)", p->from, p->to);
	return ZILA_OK;
}

void
report_bind_ages(sqlite3_stmt *st, const char *asof)
{
	static const int days[] = { 7, 15, 30, 60 };
	for (int i = 0; i < 4; i++) {
		char d[11];
		zila_date_add(asof, -days[i], d, sizeof d);
		sqlite3_bind_text(st, 2 + i, d, -1, SQLITE_TRANSIENT);
	}
}

/* Adds v to field name of obj; "age.X" goes to obj["age"]["X"]. */
static void
add_field(json_t *obj, const char *name, long long v)
{
	if (strncmp(name, "age.", 4) == 0) {
		json_t *age = json_object_get(obj, "age");
		if (!age) {
			age = json_object();
			json_object_set_new(obj, "age", age);
		}
		obj = age;
		name += 4;
	}
	json_t *have = json_object_get(obj, name);
	json_object_set_new(obj, name, json_integer(v + (have ? json_integer_value(have) : 0)));
}

/* The value of field name in obj (0 when absent). */
static long long
get_field(json_t *obj, const char *name)
{
	if (obj && strncmp(name, "age.", 4) == 0) {
		obj = json_object_get(obj, "age");
		name += 4;
	}
	return obj ? json_integer_value(json_object_get(obj, name)) : 0;
}

enum zila_status
report_accumulate(struct zila_db *db, sqlite3_stmt *st, int nkeys, json_t *acc, const char *const *fields,
	struct zila_err *err)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char key[128] = "";
		size_t len = 0;
		for (int k = 0; k < nkeys; k++) {
			const unsigned char *t = sqlite3_column_text(st, k);
			len += (size_t)snprintf(key + len, sizeof key - len, "%s%s", k ? "|" : "", t ? (const char *)t : "");
			if (len >= sizeof key)
				len = sizeof key - 1;
		}
		json_t *row = json_object_get(acc, key);
		if (!row) {
			row = json_object();
			json_object_set_new(acc, key, row);
		}
		for (int i = 0; fields[i]; i++)
			if (fields[i][0]) /* "" skips a column */
				add_field(row, fields[i], sqlite3_column_int64(st, nkeys + i));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "report", err);
}

json_t *
report_counts(json_t *src, const char *const *fields)
{
	json_t *row = json_object();
	for (int i = 0; fields[i]; i++)
		add_field(row, fields[i], get_field(src, fields[i]));
	return row;
}

void
report_add_counts(json_t *totals, json_t *row, const char *const *fields)
{
	for (int i = 0; fields[i]; i++)
		add_field(totals, fields[i], get_field(row, fields[i]));
}

void
report_fortnight(const char *date, char *buf, size_t n, char *start, char *end)
{
	bool first = strcmp(date + 8, "15") <= 0;
	snprintf(buf, n, "%.8s%c", date, first ? '1' : '2');
	if (start)
		snprintf(start, 11, "%.8s%s", date, first ? "01" : "16");
	if (end) {
		if (first)
			snprintf(end, 11, "%.8s15", date);
		else {
			/* the day before the first of next month */
			char next[11];
			zila_date_add(date, 20, next, sizeof next);
			snprintf(next + 8, 3, "01");
			zila_date_add(next, -1, end, 11);
		}
	}
}

/* Runs st (its ?1 bound by the caller) as for report_accumulate with one key. */
static enum zila_status
run_grouped(struct zila_db *db, sqlite3_stmt *st, json_t *acc, const char *const *fields, struct zila_err *err)
{
	return report_accumulate(db, st, 1, acc, fields, err);
}

/* ------------------------------------------------------------------ TL */

/* Markings pending at the end of day `asof`, per department, with age
 * buckets and the overdue count: pending now and marked by then, plus
 * those replied or closed after it. prefix names the fields ("pending_end"
 * with buckets, or "pending_start" alone). */
static enum zila_status
tl_pending_at(struct zila_db *db, const char *asof, bool with_ages, json_t *acc, struct zila_err *err)
{
	static const char *const sql[2] = {
		"SELECT department_id, count(*), sum(due_date < ?1), " REPORT_AGE_SUMS("marked_on")
		" FROM letter_marking INDEXED BY marking_pending WHERE status = 'pending' AND marked_on <= ?1"
		" GROUP BY department_id",
		"SELECT department_id, count(*), sum(due_date < ?1), " REPORT_AGE_SUMS("marked_on")
		" FROM letter_marking INDEXED BY marking_ended WHERE coalesce(replied_on, closed_on) > ?1 AND marked_on <= ?1"
		" GROUP BY department_id",
	};
	static const char *const end_fields[] = { "pending_end", "overdue", REPORT_AGE_FIELDS, NULL };
	static const char *const start_fields[] = { "pending_start", "", "", "", "", "", "", NULL };
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = zila_db_stmt(db, sql[i], err);
		if (!st)
			return ZILA_EDB;
		sqlite3_bind_text(st, 1, asof, -1, SQLITE_TRANSIENT);
		report_bind_ages(st, asof);
		enum zila_status s = run_grouped(db, st, acc, with_ages ? end_fields : start_fields, err);
		if (s != ZILA_OK)
			return s;
	}
	return ZILA_OK;
}

/* The longest overdue markings as of `to` (at most TL_OVERDUE_MAX), and
 * their whole number. Two ordered index walks (still pending; disposed
 * after `to`) merged by due date. */
static enum zila_status
tl_overdue(struct zila_db *db, const char *to, json_t *report, struct zila_err *err)
{
	static const char *const sql[2] = {
		"SELECT l.number, l.subject, d.code AS department, m.due_date,"
		" CAST(julianday(?1) - julianday(m.due_date) AS INTEGER) AS days_over"
		" FROM letter_marking m INDEXED BY marking_status_due JOIN letter l ON l.id = m.letter_id"
		" JOIN department d ON d.id = m.department_id WHERE m.status = 'pending' AND m.due_date < ?1 AND m.marked_on <= ?1"
		" ORDER BY m.due_date, m.rowid LIMIT ?2",
		"SELECT l.number, l.subject, d.code AS department, m.due_date,"
		" CAST(julianday(?1) - julianday(m.due_date) AS INTEGER) AS days_over"
		" FROM letter_marking m INDEXED BY marking_ended JOIN letter l ON l.id = m.letter_id"
		" JOIN department d ON d.id = m.department_id WHERE coalesce(m.replied_on, m.closed_on) > ?1 AND m.due_date < ?1 AND m.marked_on <= ?1"
		" ORDER BY m.due_date, m.rowid LIMIT ?2",
	};
	json_t *part[2] = { NULL, NULL };
	enum zila_status s = ZILA_OK;
	for (int i = 0; i < 2 && s == ZILA_OK; i++) {
		sqlite3_stmt *st = zila_db_stmt(db, sql[i], err);
		if (!st) {
			s = ZILA_EDB;
			break;
		}
		sqlite3_bind_text(st, 1, to, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, TL_OVERDUE_MAX);
		s = zila_query_rows(db, st, &part[i], err);
	}
	if (s == ZILA_OK) {
		json_t *list = json_array();
		size_t a = 0, b = 0, na = json_array_size(part[0]), nb = json_array_size(part[1]);
		while ((a < na || b < nb) && json_array_size(list) < TL_OVERDUE_MAX) {
			json_t *x = a < na ? json_array_get(part[0], a) : NULL;
			json_t *y = b < nb ? json_array_get(part[1], b) : NULL;
			bool take_x = x && (!y || strcmp(json_string_value(json_object_get(x, "due_date")),
					       json_string_value(json_object_get(y, "due_date"))) <= 0);
			json_array_append(list, take_x ? x : y);
			if (take_x)
				a++;
			else
				b++;
		}
		json_object_set_new(report, "overdue", list);
	}
	json_decref(part[0]);
	json_decref(part[1]);
	return s;
}

/* Department rows in code order from acc (keyed by department id), with
 * totals. Every department is listed, with zeros when it has nothing. */
static enum zila_status
department_rows(struct zila_db *db, json_t *acc, const char *const *fields, json_t *report, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT id, code, name_en, name_hi FROM department ORDER BY code", err);
	if (!st)
		return ZILA_EDB;
	json_t *rows = json_array(), *totals = report_counts(NULL, fields);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_object();
		json_object_set_new(row, "department", json_string((const char *)sqlite3_column_text(st, 1)));
		json_object_set_new(row, "name", json_string((const char *)sqlite3_column_text(st, 2)));
		json_object_set_new(row, "name_hi", json_string((const char *)sqlite3_column_text(st, 3)));
		json_t *counts = report_counts(json_object_get(acc, (const char *)sqlite3_column_text(st, 0)), fields);
		json_object_update(row, counts);
		json_decref(counts);
		report_add_counts(totals, row, fields);
		json_array_append_new(rows, row);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(rows);
		json_decref(totals);
		return zila_db_error(db, "report", err);
	}
	json_object_set_new(report, "departments", rows);
	json_object_set_new(report, "totals", totals);
	return ZILA_OK;
}

/* Counts markings (a marking is disposed when replied or closed). Pending
 * at the start is pending at the end of the day before `from`. */
enum zila_status
zila_report_tl(struct zila_db *db, const char *from, const char *to, json_t **report, struct zila_err *err)
{
	static const char *const fields[] = { "pending_start", "received", "disposed", "pending_end", "overdue",
		REPORT_AGE_FIELDS, NULL };
	static const char *const received_f[] = { "received", NULL };
	static const char *const disposed_f[] = { "disposed", NULL };
	struct report_period p;
	enum zila_status s;
	char before[11];
	*report = NULL;
	if ((s = report_period_get(from, to, true, &p, err)) != ZILA_OK)
		return s;
	zila_date_add(p.from, -1, before, sizeof before);
	json_t *acc = json_object(), *r = json_pack("{s:s, s:s}", "from", p.from, "to", p.to);
	s = tl_pending_at(db, before, false, acc, err);
	if (s == ZILA_OK)
		s = tl_pending_at(db, p.to, true, acc, err);
	sqlite3_stmt *st;
	if (s == ZILA_OK) {
		st = zila_db_stmt(db, "SELECT department_id, count(*) FROM letter_marking INDEXED BY marking_marked"
			" WHERE marked_on BETWEEN ?1 AND ?2 GROUP BY department_id", err);
		if (!st)
			s = ZILA_EDB;
		else {
			sqlite3_bind_text(st, 1, p.from, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, p.to, -1, SQLITE_TRANSIENT);
			s = run_grouped(db, st, acc, received_f, err);
		}
	}
	if (s == ZILA_OK) {
		st = zila_db_stmt(db, "SELECT department_id, count(*) FROM letter_marking INDEXED BY marking_ended"
			" WHERE coalesce(replied_on, closed_on) BETWEEN ?1 AND ?2 GROUP BY department_id", err);
		if (!st)
			s = ZILA_EDB;
		else {
			sqlite3_bind_text(st, 1, p.from, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, p.to, -1, SQLITE_TRANSIENT);
			s = run_grouped(db, st, acc, disposed_f, err);
		}
	}
	if (s == ZILA_OK)
		s = department_rows(db, acc, fields, r, err);
	if (s == ZILA_OK) {
		json_object_set(r, "overdue_count", json_object_get(json_object_get(r, "totals"), "overdue"));
		s = tl_overdue(db, p.to, r, err);
	}
	json_decref(acc);
	if (s != ZILA_OK) {
		json_decref(r);
		return s;
	}
	*report = r;
	return ZILA_OK;
}

/* ---------------------------------------------------------- grievances */

struct sorted_row {
	char key[64];
	json_t *row;
};

static int
sorted_row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sorted_row *)a)->key, ((const struct sorted_row *)b)->key);
}

/* id -> {code, name} of a master table, for naming grouped rows. */
static enum zila_status
names_by_id(struct zila_db *db, const char *sql, json_t **out, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, sql, err);
	if (!st)
		return ZILA_EDB;
	json_t *map = json_object();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(map, (const char *)sqlite3_column_text(st, 0),
			json_pack("{s:s, s:s}", "code", (const char *)sqlite3_column_text(st, 1),
				"name", (const char *)sqlite3_column_text(st, 2)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(map);
		return zila_db_error(db, "report", err);
	}
	*out = map;
	return ZILA_OK;
}

/* Replaces the hidden "days_sum" of a row by avg_days_to_dispose (one
 * decimal, null when nothing was disposed). */
static void
set_average(json_t *row)
{
	long long n = json_integer_value(json_object_get(row, "disposed"));
	long long sum = json_integer_value(json_object_get(row, "days_sum"));
	json_object_del(row, "days_sum");
	json_object_set_new(row, "avg_days_to_dispose",
		n ? json_real((double)(long long)((double)sum * 10.0 / (double)n + 0.5) / 10.0) : json_null());
}

/* Grievance rows per (department, category) from acc, sorted by codes. */
static enum zila_status
grievance_rows(struct zila_db *db, json_t *acc, const char *const *fields, json_t *report, struct zila_err *err)
{
	json_t *depts = NULL, *cats = NULL;
	enum zila_status s = names_by_id(db, "SELECT id, code, name_en FROM department", &depts, err);
	if (s == ZILA_OK)
		s = names_by_id(db, "SELECT id, code, name_en FROM category", &cats, err);
	if (s != ZILA_OK) {
		json_decref(depts);
		return s;
	}
	size_t n = json_object_size(acc), i = 0;
	struct sorted_row *sr = zila_xcalloc(n ? n : 1, sizeof *sr);
	const char *key;
	json_t *counts, *totals = report_counts(NULL, fields);
	json_object_foreach(acc, key, counts) {
		char dept_id[40] = "";
		const char *bar = strchr(key, '|');
		snprintf(dept_id, sizeof dept_id, "%.*s", bar ? (int)(bar - key) : 0, key);
		json_t *d = json_object_get(depts, dept_id), *c = json_object_get(cats, bar ? bar + 1 : "");
		json_t *row = json_pack("{s:s, s:s, s:s, s:s}",
			"department", d ? json_string_value(json_object_get(d, "code")) : "",
			"name", d ? json_string_value(json_object_get(d, "name")) : "",
			"category", c ? json_string_value(json_object_get(c, "code")) : "",
			"category_name", c ? json_string_value(json_object_get(c, "name")) : "");
		json_t *full = report_counts(counts, fields);
		json_object_update(row, full);
		json_decref(full);
		report_add_counts(totals, row, fields);
		set_average(row);
		snprintf(sr[i].key, sizeof sr[i].key, "%s|%s", json_string_value(json_object_get(row, "department")),
			json_string_value(json_object_get(row, "category")));
		sr[i++].row = row;
	}
	qsort(sr, i, sizeof *sr, sorted_row_cmp);
	json_t *rows = json_array();
	for (size_t k = 0; k < i; k++)
		json_array_append_new(rows, sr[k].row);
	free(sr);
	set_average(totals);
	json_object_set_new(report, "rows", rows);
	json_object_set_new(report, "totals", totals);
	json_decref(depts);
	json_decref(cats);
	return ZILA_OK;
}

/* Pending and overdue are as of the end of `to`: open now and registered
 * by then, or disposed (or closed as a duplicate) after it. Received:
 * registered in the period; disposed: disposed in the period, with the
 * average days from registration to disposal. */
enum zila_status
zila_report_grievances(struct zila_db *db, const char *from, const char *to, json_t **report, struct zila_err *err)
{
	/* the open states come from grievance.h's table, in the words of
	 * the partial index grievance_open (db/002) */
	const char *open = zila_state_open_sql(&zila_grievance_kind);
	struct zila_sql q[4] = { { .len = 0 } };
	zila_sql(&q[0], "SELECT department_id, category_id, count(*), sum(due_date < ?1) FROM grievance INDEXED BY"
		" grievance_open WHERE status IN ", open, " AND registered_on <= ?1 GROUP BY department_id, category_id");
	zila_sql(&q[1], "SELECT department_id, category_id, count(*), sum(due_date < ?1) FROM grievance INDEXED BY"
		" grievance_ended WHERE coalesce(disposed_on, closed_on) > ?1 AND NOT (status IN ", open, ")"
		" AND registered_on <= ?1 GROUP BY department_id, category_id");
	static const char *const sql[] = {
		NULL, NULL,
		"SELECT department_id, category_id, count(*) FROM grievance INDEXED BY grievance_registered"
		" WHERE registered_on BETWEEN ?2 AND ?1 GROUP BY department_id, category_id",
		"SELECT department_id, category_id, count(*),"
		" sum(CAST(julianday(disposed_on) - julianday(registered_on) AS INTEGER)) FROM grievance INDEXED BY grievance_ended"
		" WHERE coalesce(disposed_on, closed_on) BETWEEN ?2 AND ?1 AND disposed_on IS NOT NULL"
		" GROUP BY department_id, category_id",
	};
	static const char *const pending_f[] = { "pending", "overdue", NULL };
	static const char *const received_f[] = { "received", NULL };
	static const char *const disposed_f[] = { "disposed", "days_sum", NULL };
	static const char *const *const query_f[] = { pending_f, pending_f, received_f, disposed_f };
	static const char *const fields[] = { "pending", "overdue", "received", "disposed", "days_sum", NULL };
	struct report_period p;
	enum zila_status s;
	*report = NULL;
	if ((s = report_period_get(from, to, false, &p, err)) != ZILA_OK)
		return s;
	json_t *acc = json_object(), *r = json_pack("{s:s, s:s}", "from", p.from, "to", p.to);
	for (size_t i = 0; i < ZILA_ARRAY_LEN(sql) && s == ZILA_OK; i++) {
		sqlite3_stmt *st = sql[i] ? zila_db_stmt(db, sql[i], err) : zila_sql_stmt(db, &q[i], err);
		if (!st) {
			s = ZILA_EDB;
			break;
		}
		sqlite3_bind_text(st, 1, p.to, -1, SQLITE_TRANSIENT);
		if (sqlite3_bind_parameter_count(st) >= 2)
			sqlite3_bind_text(st, 2, p.from, -1, SQLITE_TRANSIENT);
		s = report_accumulate(db, st, 2, acc, query_f[i], err);
	}
	if (s == ZILA_OK)
		s = grievance_rows(db, acc, fields, r, err);
	json_decref(acc);
	if (s != ZILA_OK) {
		json_decref(r);
		return s;
	}
	*report = r;
	return ZILA_OK;
}

/* --------------------------------------------------------- inspections */

/* One row per nodal officer and fortnight overlapping the period (whole
 * fortnights are counted): GPs assigned now, GPs with an inspection in
 * that fortnight (draft or submitted), GPs with a submitted one. */
static enum zila_status
inspection_coverage(struct zila_db *db, const struct report_period *p, json_t *report, struct zila_err *err)
{
	char first[11], last[11], label[12];
	report_fortnight(p->from, label, sizeof label, first, NULL);
	report_fortnight(p->to, label, sizeof label, NULL, last);
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT nodal_id, substr(inspected_on, 1, 8) || CASE WHEN substr(inspected_on, 9, 2) <= '15' THEN '1' ELSE '2' END,"
		" count(DISTINCT gp_id), count(DISTINCT CASE WHEN status = 'submitted' THEN gp_id END)"
		" FROM inspection WHERE inspected_on BETWEEN ?1 AND ?2 GROUP BY 1, 2", err);
	if (!st)
		return ZILA_EDB;
	static const char *const fields[] = { "inspected", "submitted", NULL };
	json_t *acc = json_object();
	sqlite3_bind_text(st, 1, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, last, -1, SQLITE_TRANSIENT);
	enum zila_status s = report_accumulate(db, st, 2, acc, fields, err);
	if (s == ZILA_OK && !(st = zila_db_stmt(db,
		"SELECT u.id, u.login, u.name, (SELECT count(*) FROM nodal_assignment a WHERE a.user_id = u.id)"
		" FROM app_user u WHERE u.role = 'nodal' ORDER BY u.login", err)))
		s = ZILA_EDB;
	json_t *rows = json_array();
	int rc = SQLITE_DONE;
	while (s == ZILA_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (char day[11] = ""; ; ) {
			char end[11], key[64];
			if (!day[0])
				snprintf(day, sizeof day, "%s", first);
			report_fortnight(day, label, sizeof label, NULL, end);
			snprintf(key, sizeof key, "%s|%s", (const char *)sqlite3_column_text(st, 0), label);
			json_t *row = json_pack("{s:s, s:s, s:s, s:I}", "nodal", (const char *)sqlite3_column_text(st, 1),
				"name", (const char *)sqlite3_column_text(st, 2), "fortnight", label,
				"assigned", (json_int_t)sqlite3_column_int64(st, 3));
			json_t *counts = report_counts(json_object_get(acc, key), fields);
			json_object_update(row, counts);
			json_decref(counts);
			json_array_append_new(rows, row);
			if (strcmp(end, last) >= 0)
				break;
			zila_date_add(end, 1, day, sizeof day);
		}
	}
	if (st)
		sqlite3_reset(st);
	if (s == ZILA_OK && rc != SQLITE_DONE)
		s = zila_db_error(db, "report", err);
	json_decref(acc);
	if (s == ZILA_OK)
		json_object_set_new(report, "coverage", rows);
	else
		json_decref(rows);
	return s;
}

/* Pending suggestions of submitted inspections per department, aged as
 * of `to` from the day of the inspection; overdue when past the target. */
static enum zila_status
inspection_suggestions(struct zila_db *db, const struct report_period *p, json_t *report, struct zila_err *err)
{
	static const char *const fields[] = { "pending", "overdue", REPORT_AGE_FIELDS, NULL };
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT s.department_id, count(*), sum(s.target_date < ?1), " REPORT_AGE_SUMS("i.inspected_on")
		" FROM suggestion s JOIN inspection i ON i.id = s.inspection_id"
		" WHERE s.status = 'pending' AND i.status = 'submitted' AND i.inspected_on <= ?1"
		" GROUP BY s.department_id", err);
	if (!st)
		return ZILA_EDB;
	json_t *acc = json_object(), *tmp = json_object();
	sqlite3_bind_text(st, 1, p->to, -1, SQLITE_TRANSIENT);
	report_bind_ages(st, p->to);
	enum zila_status s = report_accumulate(db, st, 1, acc, fields, err);
	if (s == ZILA_OK)
		s = department_rows(db, acc, fields, tmp, err);
	if (s == ZILA_OK) {
		json_object_set(report, "suggestions", json_object_get(tmp, "departments"));
		json_object_set(report, "suggestion_totals", json_object_get(tmp, "totals"));
	}
	json_decref(tmp);
	json_decref(acc);
	return s;
}

enum zila_status
zila_report_inspections(struct zila_db *db, const char *from, const char *to, json_t **report, struct zila_err *err)
{
	struct report_period p;
	enum zila_status s;
	*report = NULL;
	if ((s = report_period_get(from, to, false, &p, err)) != ZILA_OK)
		return s;
	json_t *r = json_pack("{s:s, s:s}", "from", p.from, "to", p.to);
	s = inspection_coverage(db, &p, r, err);
	if (s == ZILA_OK)
		s = inspection_suggestions(db, &p, r, err);
	if (s != ZILA_OK) {
		json_decref(r);
		return s;
	}
	*report = r;
	return ZILA_OK;
}
