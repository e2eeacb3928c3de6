/* inspection_query.c: reading inspections and suggestions out as JSON for
 * the command line, the screens, reports and sync. Lists page by keyset
 * on the indexes of db/003_inspection_paging.sql. The SQL text is put
 * together only from the constant fragments below, chosen by which
 * filters are set; every value is bound, and each fragment keeps its own
 * parameter number, so the binding does not depend on the choice. */
#include <stdio.h>
#include <string.h>
#include "zila/inspection.h"
#include "zila/query.h"
#include "zila/util.h"
#include "internal.h"

#define LIST_DEFAULT 50
#define LIST_MAX 1000

/* Today in Asia/Kolkata, for overdue. */
static void
today(char *buf, size_t n)
{
	zila_ist_date(zila_clock(), buf, n);
}

/* The limit of a list: 0 means the default. */
static enum zila_status
check_limit(int limit, int *out, struct zila_err *err)
{
	if (limit < 0 || limit > LIST_MAX)
		return zila_fail(err, ZILA_EINVAL, "limit must be between 1 and %d", LIST_MAX);
	*out = limit ? limit : LIST_DEFAULT;
	return ZILA_OK;
}

/* Checks the filter's values; a bad one is named, never silently ignored. */
static enum zila_status
inspection_filter_check(const struct zila_inspection_filter *f, struct zila_err *err)
{
	if (f->status && strcmp(f->status, "draft") != 0 && strcmp(f->status, "submitted") != 0)
		return zila_fail(err, ZILA_EINVAL, "status must be draft or submitted, not '%s'", f->status);
	if (f->from && !zila_date_valid(f->from))
		return zila_fail(err, ZILA_EINVAL, "from must be a date as YYYY-MM-DD, not '%s'", f->from);
	if (f->to && !zila_date_valid(f->to))
		return zila_fail(err, ZILA_EINVAL, "to must be a date as YYYY-MM-DD, not '%s'", f->to);
	if (f->fortnight) {
		char probe[16];
		snprintf(probe, sizeof probe, "%.7s-01", f->fortnight);
		size_t n = strlen(f->fortnight);
		if (n != 9 || !zila_date_valid(probe) || f->fortnight[7] != '-' ||
		    (f->fortnight[8] != '1' && f->fortnight[8] != '2'))
			return zila_fail(err, ZILA_EINVAL, "fortnight must be like 2026-11-1 or 2026-11-2, not '%s'",
				f->fortnight);
	}
	if ((f->after_key != NULL) != (f->after_id != NULL))
		return zila_fail(err, ZILA_EINVAL, "after_key and after_id go together");
	return ZILA_OK;
}

/* The WHERE fragments of an inspection filter (?1..?7), shared by the
 * list and the count. */
static void
inspection_where(struct zila_sql *q, const struct zila_inspection_filter *f)
{
	if (f->nodal_id)
		zila_sql_add(q, " AND i.nodal_id = ?1");
	if (f->gp_id)
		zila_sql_add(q, " AND i.gp_id = ?2");
	if (f->block_id)
		zila_sql_add(q, " AND g.block_id = ?3");
	if (f->fortnight)
		zila_sql_add(q, " AND i.fortnight = ?4");
	if (f->status)
		zila_sql_add(q, " AND i.status = ?5");
	if (f->from)
		zila_sql_add(q, " AND i.inspected_on >= ?6");
	if (f->to)
		zila_sql_add(q, " AND i.inspected_on <= ?7");
	if (f->text)
		zila_sql_add(q, " AND instr(lower(i.number || ' ' || g.name_en || ' ' || coalesce(g.name_hi, '') || ' '"
			" || coalesce(i.observations, '') || ' ' || (SELECT u2.login || ' ' || u2.name FROM app_user u2"
			" WHERE u2.id = i.nodal_id) || ' ' || (SELECT b2.name_en || ' ' || coalesce(b2.name_hi, '')"
			" FROM block b2 WHERE b2.id = g.block_id)), lower(?11)) > 0");
}

/* Binds what inspection_where used; parameters not in the text stay unset. */
static void
inspection_bind(sqlite3_stmt *st, const struct zila_inspection_filter *f)
{
	const char *v[] = { f->nodal_id, f->gp_id, f->block_id, f->fortnight, f->status, f->from, f->to };
	for (int i = 0; i < 7; i++)
		if (v[i])
			bind_str(st, i + 1, v[i]);
	if (f->text)
		bind_str(st, 11, f->text);
}

/* Newest first (inspected_on, id descending); backward pages read the
 * other way on the same index and are turned round, so rows always come
 * in the list's order. CROSS JOIN keeps inspection the outer loop, so a
 * page walks an index in order and stops at the limit whatever the
 * statistics say (left alone, the planner may start a block filter from
 * the block's gram panchayats and sort all their inspections). */
enum zila_status
zila_inspection_list(struct zila_db *db, const struct zila_inspection_filter *f, json_t **rows, struct zila_err *err)
{
	struct zila_sql q = { .len = 0 };
	zila_sql_add(&q,
		"SELECT i.id, i.number, g.lgd_code AS gp, g.name_en AS gp_name, b.name_en AS block_name,"
		" u.login AS nodal, u.name AS nodal_name, i.inspected_on, i.fortnight, i.status,"
		" (SELECT count(*) FROM suggestion s WHERE s.inspection_id = i.id) AS suggestions,"
		" (SELECT count(*) FROM suggestion s WHERE s.inspection_id = i.id AND s.status = 'pending')"
		" AS pending_suggestions, i.inspected_on AS sort_key"
		" FROM inspection i CROSS JOIN gram_panchayat g ON g.id = i.gp_id CROSS JOIN block b ON b.id = g.block_id"
		" CROSS JOIN app_user u ON u.id = i.nodal_id WHERE 1");
	int limit = LIST_DEFAULT;
	enum zila_status s;
	*rows = NULL;
	if ((s = inspection_filter_check(f, err)) || (s = check_limit(f->limit, &limit, err)))
		return s;
	inspection_where(&q, f);
	if (f->after_key)
		zila_sql_add(&q, f->backward ? " AND (i.inspected_on, i.id) > (?8, ?9)"
						 : " AND (i.inspected_on, i.id) < (?8, ?9)");
	zila_sql_add(&q, f->backward ? " ORDER BY i.inspected_on, i.id LIMIT ?10"
					 : " ORDER BY i.inspected_on DESC, i.id DESC LIMIT ?10");
	sqlite3_stmt *st = zila_sql_stmt(db, &q, err);
	if (!st)
		return ZILA_EDB;
	inspection_bind(st, f);
	if (f->after_key) {
		bind_str(st, 8, f->after_key);
		bind_str(st, 9, f->after_id);
	}
	sqlite3_bind_int(st, 10, limit);
	if ((s = zila_query_rows(db, st, rows, err)) || !f->backward)
		return s;
	json_t *turned = json_array();
	for (size_t i = json_array_size(*rows); i-- > 0;)
		json_array_append(turned, json_array_get(*rows, i));
	json_decref(*rows);
	*rows = turned;
	return ZILA_OK;
}

/* How many inspections the filter matches (keyset and limit aside). */
enum zila_status
zila_inspection_count(struct zila_db *db, const struct zila_inspection_filter *f, long long *count,
	struct zila_err *err)
{
	struct zila_sql q = { .len = 0 };
	enum zila_status s;
	*count = 0;
	if ((s = inspection_filter_check(f, err)))
		return s;
	zila_sql_add(&q, f->count_cap > 0 ? "SELECT count(*) FROM (SELECT 1" : "SELECT count(*)");
	zila_sql_add(&q, " FROM inspection i JOIN gram_panchayat g ON g.id = i.gp_id WHERE 1");
	inspection_where(&q, f);
	if (f->count_cap > 0)
		zila_sql_add(&q, " LIMIT ?8)");
	sqlite3_stmt *st = zila_sql_stmt(db, &q, err);
	if (!st)
		return ZILA_EDB;
	inspection_bind(st, f);
	if (f->count_cap > 0)
		sqlite3_bind_int64(st, 8, f->count_cap + 1);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ZILA_OK : zila_db_error(db, "count", err);
}

/* By number (as typed, any case) or id. */
enum zila_status
zila_inspection_resolve(struct zila_db *db, const char *ref, char *id, struct zila_err *err)
{
	if (!ref || !*ref)
		return zila_fail(err, ZILA_EINVAL, "inspection is required");
	enum zila_status s = zila_db_text(db, "SELECT id FROM inspection WHERE number = upper(?1) OR id = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", ref)), id, 40, err);
	if (s == ZILA_ENOTFOUND)
		return zila_fail(err, ZILA_ENOTFOUND, "no inspection '%s'", ref);
	return s;
}

/* Runs a query with ?1 = inspection id and ?2 = today into obj[key]. */
static enum zila_status
get_part(struct zila_db *db, json_t *obj, const char *key, const char *sql, const char *id, const char *day,
	struct zila_err *err)
{
	json_t *rows;
	sqlite3_stmt *st = zila_db_stmt(db, sql, err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (day)
		sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	enum zila_status s = zila_query_rows(db, st, &rows, err);
	if (s == ZILA_OK)
		json_object_set_new(obj, key, rows);
	return s;
}

/* Every field, with the answers in checklist order, the suggestions in
 * the order they were given (overdue as true/false) and the events,
 * oldest first. */
enum zila_status
zila_inspection_get(struct zila_db *db, const char *ref, json_t **inspection, struct zila_err *err)
{
	char id[40], day[11];
	enum zila_status s;
	*inspection = NULL;
	if ((s = zila_inspection_resolve(db, ref, id, err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT i.id, i.number, i.version, i.created_at, i.updated_at, g.lgd_code AS gp, g.name_en AS gp_name,"
		" g.name_hi AS gp_name_hi, b.lgd_code AS block, b.name_en AS block_name, u.login AS nodal,"
		" u.name AS nodal_name, i.inspected_on, i.fortnight, i.status, i.submitted_at, i.observations, i.desk_id"
		" FROM inspection i JOIN gram_panchayat g ON g.id = i.gp_id JOIN block b ON b.id = g.block_id"
		" JOIN app_user u ON u.id = i.nodal_id WHERE i.id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	json_t *o;
	if ((s = zila_query_one(db, st, &o, "inspection", err)))
		return s;
	today(day, sizeof day);
	if ((s = get_part(db, o, "answers",
		"SELECT c.code AS item, c.text_en AS text, c.text_hi, a.rating, a.remark FROM inspection_answer a"
		" JOIN checklist_item c ON c.id = a.item_id WHERE a.inspection_id = ?1 ORDER BY c.position, c.code",
		id, NULL, err)) ||
	    (s = get_part(db, o, "suggestions",
		"SELECT s.id, s.text, d.code AS department, d.name_en AS department_name, s.target_date, s.status,"
		" s.compliance_note, s.complied_on, s.verified_on, s.version,"
		" (s.status = 'pending' AND s.target_date < ?2 AND i.status = 'submitted') AS overdue,"
		" CASE WHEN s.status = 'pending' AND s.target_date < ?2 AND i.status = 'submitted'"
		" THEN CAST(julianday(?2) - julianday(s.target_date) AS INTEGER) ELSE 0 END AS days_overdue"
		" FROM suggestion s JOIN inspection i ON i.id = s.inspection_id JOIN department d ON d.id = s.department_id"
		" WHERE s.inspection_id = ?1 ORDER BY s.rowid", id, day, err)) ||
	    (s = get_part(db, o, "events",
		"SELECT e.kind, e.suggestion_id, e.from_status, e.to_status, e.note, u.login AS actor, e.at,"
		" e.desk_id AS desk FROM inspection_event e LEFT JOIN app_user u ON u.id = e.actor_id"
		" WHERE e.inspection_id = ?1 ORDER BY e.at, e.rowid", id, NULL, err))) {
		json_decref(o);
		return s;
	}
	size_t i;
	json_t *sg;
	json_array_foreach(json_object_get(o, "suggestions"), i, sg)
		json_object_set_new(sg, "overdue", json_boolean(json_integer_value(json_object_get(sg, "overdue"))));
	*inspection = o;
	return ZILA_OK;
}

/* By target date, then id. Without an inspection_id only suggestions of
 * submitted inspections are listed: a draft's are nobody's work yet.
 * suggestion stays the outer loop (CROSS JOIN) to page on its indexes. */
enum zila_status
zila_suggestion_list(struct zila_db *db, const struct zila_suggestion_filter *f, json_t **rows, struct zila_err *err)
{
	struct zila_sql q = { .len = 0 };
	zila_sql_add(&q,
		"SELECT s.id, s.inspection_id, i.number AS inspection_number, g.name_en AS gp_name, s.text,"
		" d.code AS department, s.target_date, s.status, s.compliance_note,"
		" CASE WHEN s.status = 'pending' AND s.target_date < ?6 AND i.status = 'submitted'"
		" THEN CAST(julianday(?6) - julianday(s.target_date) AS INTEGER) ELSE 0 END AS days_overdue,"
		" s.target_date AS sort_key"
		" FROM suggestion s CROSS JOIN inspection i ON i.id = s.inspection_id"
		" CROSS JOIN gram_panchayat g ON g.id = i.gp_id CROSS JOIN department d ON d.id = s.department_id WHERE 1");
	char day[11];
	int limit = LIST_DEFAULT;
	enum zila_status s;
	*rows = NULL;
	if (f->status && strcmp(f->status, "pending") != 0 && strcmp(f->status, "complied") != 0 &&
	    strcmp(f->status, "verified") != 0)
		return zila_fail(err, ZILA_EINVAL, "status must be pending, complied or verified, not '%s'", f->status);
	if ((f->after_key != NULL) != (f->after_id != NULL))
		return zila_fail(err, ZILA_EINVAL, "after_key and after_id go together");
	if ((s = check_limit(f->limit, &limit, err)))
		return s;
	if (f->department_id)
		zila_sql_add(&q, " AND s.department_id = ?1");
	zila_sql_add(&q, f->inspection_id ? " AND s.inspection_id = ?2" : " AND i.status = 'submitted'");
	if (f->status)
		zila_sql_add(&q, " AND s.status = ?3");
	if (f->overdue)
		zila_sql_add(&q, " AND s.status = 'pending' AND s.target_date < ?6");
	if (f->text)
		zila_sql_add(&q, " AND instr(lower(s.text || ' ' || g.name_en || ' ' || coalesce(g.name_hi, '') || ' '"
			" || i.number || ' ' || d.code), lower(?8)) > 0");
	if (f->after_key)
		zila_sql_add(&q, f->backward ? " AND (s.target_date, s.id) < (?4, ?5)" : " AND (s.target_date, s.id) > (?4, ?5)");
	zila_sql_add(&q, f->backward ? " ORDER BY s.target_date DESC, s.id DESC LIMIT ?7"
					 : " ORDER BY s.target_date, s.id LIMIT ?7");
	sqlite3_stmt *st = zila_sql_stmt(db, &q, err);
	if (!st)
		return ZILA_EDB;
	today(day, sizeof day);
	const char *v[] = { f->department_id, f->inspection_id, f->status, f->after_key, f->after_id, day };
	for (int i = 0; i < 6; i++)
		if (v[i])
			bind_str(st, i + 1, v[i]);
	sqlite3_bind_int(st, 7, limit);
	if (f->text)
		bind_str(st, 8, f->text);
	if ((s = zila_query_rows(db, st, rows, err)) || !f->backward)
		return s;
	json_t *turned = json_array();
	for (size_t i = json_array_size(*rows); i-- > 0;)
		json_array_append(turned, json_array_get(*rows, i));
	json_decref(*rows);
	*rows = turned;
	return ZILA_OK;
}

enum zila_status
zila_nodal_gps(struct zila_db *db, const char *nodal, json_t **rows, struct zila_err *err)
{
	*rows = NULL;
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT g.id, g.lgd_code, g.name_en, g.name_hi, b.lgd_code AS block, b.name_en AS block_name,"
		" u.login AS nodal FROM nodal_assignment a JOIN app_user u ON u.id = a.user_id"
		" JOIN gram_panchayat g ON g.id = a.gp_id JOIN block b ON b.id = g.block_id"
		" WHERE ?1 IS NULL OR u.login = ?1 OR u.id = ?1 ORDER BY b.name_en, g.name_en, u.login", err);
	if (!st)
		return ZILA_EDB;
	if (nodal)
		bind_str(st, 1, nodal);
	return zila_query_rows(db, st, rows, err);
}
