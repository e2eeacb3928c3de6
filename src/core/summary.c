/* summary.c: the home screen counts. Officers and heads see their own
 * department; nodal officers their own panchayats' inspections; everyone
 * else the whole district. A few grouped index scans, so the first screen
 * stays quick on a large database. */
#include <stdio.h>
#include <string.h>
#include "zila/grievance.h"
#include "zila/report.h"
#include "zila/util.h"
#include "internal.h"
#include "report_internal.h"

/* One integer from st (parameters bound by the caller). */
static enum zila_status
count_one(struct zila_db *db, sqlite3_stmt *st, long long *out, struct zila_err *err)
{
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "summary", err);
}

/* Pending and overdue letters (markings) and grievances per department;
 * rows for every department, or only `only` when it is not NULL. */
static enum zila_status
summary_departments(struct zila_db *db, const char *today, const char *only, json_t *sum, struct zila_err *err)
{
	/* grievances: the open states of grievance.h's table, in the words
	 * of the partial index grievance_open (db/002) */
	struct zila_sql q[2] = { { .len = 0 } };
	zila_sql(&q[0], "SELECT department_id, count(*), sum(due_date < ?1) FROM letter_marking INDEXED BY marking_pending"
		" WHERE status = 'pending' GROUP BY department_id");
	zila_sql(&q[1], "SELECT department_id, count(*), sum(due_date < ?1) FROM grievance INDEXED BY grievance_open"
		" WHERE status IN ", zila_state_open_sql(&zila_grievance_kind), " GROUP BY department_id");
	static const char *const letter_f[] = { "letters_pending", "letters_overdue", NULL };
	static const char *const grievance_f[] = { "grievances_pending", "grievances_overdue", NULL };
	static const char *const *const query_f[2] = { letter_f, grievance_f };
	static const char *const fields[] = { "letters_pending", "letters_overdue", "grievances_pending",
		"grievances_overdue", NULL };
	json_t *acc = json_object();
	enum zila_status s = ZILA_OK;
	for (int i = 0; i < 2 && s == ZILA_OK; i++) {
		sqlite3_stmt *st = zila_sql_stmt(db, &q[i], err);
		if (!st)
			s = ZILA_EDB;
		else {
			sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
			s = report_accumulate(db, st, 1, acc, query_f[i], err);
		}
	}
	sqlite3_stmt *st = NULL;
	if (s == ZILA_OK && !(st = zila_db_stmt(db, "SELECT id, code, name_en, name_hi FROM department"
			" WHERE ?1 IS NULL OR id = ?1 ORDER BY code", err)))
		s = ZILA_EDB;
	json_t *rows = json_array(), *totals = report_counts(NULL, fields);
	int rc = SQLITE_DONE;
	if (s == ZILA_OK) {
		bind_str(st, 1, only);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			json_t *row = json_pack("{s:s, s:s, s:s}", "department", (const char *)sqlite3_column_text(st, 1),
				"name", (const char *)sqlite3_column_text(st, 2), "name_hi", (const char *)sqlite3_column_text(st, 3));
			json_t *counts = report_counts(json_object_get(acc, (const char *)sqlite3_column_text(st, 0)), fields);
			json_object_update(row, counts);
			json_decref(counts);
			report_add_counts(totals, row, fields);
			json_array_append_new(rows, row);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			s = zila_db_error(db, "summary", err);
	}
	if (s == ZILA_OK) {
		json_object_set(json_object_get(sum, "letters"), "pending", json_object_get(totals, "letters_pending"));
		json_object_set(json_object_get(sum, "letters"), "overdue", json_object_get(totals, "letters_overdue"));
		json_object_set(json_object_get(sum, "grievances"), "pending", json_object_get(totals, "grievances_pending"));
		json_object_set(json_object_get(sum, "grievances"), "overdue", json_object_get(totals, "grievances_overdue"));
		json_object_set(sum, "departments", rows);
	}
	json_decref(rows);
	json_decref(totals);
	json_decref(acc);
	return s;
}

/* Letters and grievances received today: for a department, the markings
 * it got today and the grievances registered today in its name. */
static enum zila_status
summary_today(struct zila_db *db, const char *today, const char *only, json_t *sum, struct zila_err *err)
{
	static const char *const sql[3] = {
		"SELECT count(*) FROM letter WHERE received_on = ?1",
		"SELECT count(*) FROM letter_marking INDEXED BY marking_marked WHERE marked_on = ?1 AND department_id = ?2",
		"SELECT count(*) FROM grievance INDEXED BY grievance_registered WHERE registered_on = ?1 AND (?2 IS NULL OR department_id = ?2)",
	};
	long long n[2];
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = zila_db_stmt(db, sql[i == 0 ? (only ? 1 : 0) : 2], err);
		if (!st)
			return ZILA_EDB;
		sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
		bind_str(st, 2, only);
		enum zila_status s = count_one(db, st, &n[i], err);
		if (s != ZILA_OK)
			return s;
	}
	json_object_set_new(json_object_get(sum, "letters"), "received_today", json_integer(n[0]));
	json_object_set_new(json_object_get(sum, "grievances"), "received_today", json_integer(n[1]));
	return ZILA_OK;
}

/* This fortnight's inspection coverage and the pending suggestions. */
static enum zila_status
summary_inspections(struct zila_db *db, const struct zila_actor *actor, const char *today, const char *only,
	json_t *sum, struct zila_err *err)
{
	static const char *const sql[3] = {
		"SELECT count(DISTINCT gp_id) FROM nodal_assignment WHERE ?1 IS NULL OR user_id = ?1",
		"SELECT count(DISTINCT gp_id) FROM inspection WHERE inspected_on BETWEEN ?2 AND ?3"
		" AND (?1 IS NULL OR nodal_id = ?1)",
		"SELECT count(*) FROM suggestion s JOIN inspection i ON i.id = s.inspection_id"
		" WHERE s.status = 'pending' AND i.status = 'submitted' AND (?1 IS NULL OR i.nodal_id = ?1)"
		" AND (?2 IS NULL OR s.department_id = ?2)",
	};
	static const char *const names[3] = { "assigned", "inspected", "pending_suggestions" };
	const char *nodal = actor->role == ZILA_ROLE_NODAL ? actor->user_id : NULL;
	char label[12], start[11], end[11];
	report_fortnight(today, label, sizeof label, start, end);
	json_t *o = json_pack("{s:s}", "this_fortnight", label);
	json_object_set_new(sum, "inspections", o);
	for (int i = 0; i < 3; i++) {
		long long n;
		sqlite3_stmt *st = zila_db_stmt(db, sql[i], err);
		if (!st)
			return ZILA_EDB;
		bind_str(st, 1, nodal);
		if (i == 1) {
			sqlite3_bind_text(st, 2, start, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, end, -1, SQLITE_TRANSIENT);
		} else if (i == 2)
			bind_str(st, 2, only);
		enum zila_status s = count_one(db, st, &n, err);
		if (s != ZILA_OK)
			return s;
		json_object_set_new(o, names[i], json_integer(n));
	}
	return ZILA_OK;
}

enum zila_status
zila_summary(struct zila_db *db, const struct zila_actor *actor, json_t **summary, struct zila_err *err)
{
	char today[11];
	const char *only = NULL;
	*summary = NULL;
	if ((actor->role == ZILA_ROLE_OFFICER || actor->role == ZILA_ROLE_HEAD)) {
		if (!actor->department_id[0])
			return zila_fail(err, ZILA_EINVAL, "user %s belongs to no department", actor->login);
		only = actor->department_id;
	}
	zila_ist_date(zila_clock(), today, sizeof today);
	json_t *sum = json_pack("{s:s, s:s, s:{}, s:{}}", "today", today, "role", zila_role_name(actor->role),
		"letters", "grievances");
	enum zila_status s = summary_today(db, today, only, sum, err);
	if (s == ZILA_OK)
		s = summary_departments(db, today, only, sum, err);
	if (s == ZILA_OK)
		s = summary_inspections(db, actor, today, only, sum, err);
	if (s != ZILA_OK) {
		json_decref(sum);
		return s;
	}
	*summary = sum;
	return ZILA_OK;
}
