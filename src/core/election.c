/* election.c: the election masters and rules, kept by actions, and their
 * import from CSV. The randomisations are in election_rand.c, the lists,
 * summary and orders in election_query.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/election.h"
#include "zila/util.h"
#include "election_internal.h"
#include "internal.h"

/* The election cell's own officers and heads, the Collector and the admin:
 * the role table lets officers and heads through, this narrows them to
 * the cell. */
enum zila_status
el_require_cell(struct zila_action_ctx *ctx)
{
	enum zila_role r = ctx->actor->role;
	if (r == ZILA_ROLE_COLLECTOR || r == ZILA_ROLE_ADMIN)
		return ZILA_OK;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT 1 FROM department WHERE id = ?1 AND code = '" ZILA_ELECTION_CELL "'",
		ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, ctx->actor->department_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	return zila_fail(ctx->err, ZILA_EDENIED, "only the election cell, the Collector or the admin may change election data");
}

/* Finds a row's id by its code (or id) in one of the module's tables. */
enum zila_status
el_resolve(struct zila_db *db, const char *sql, const char *what, const char *ref, char *id, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, sql, err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	enum zila_status s = core_query_text(db, st, id, 40, err);
	if (s == ZILA_ENOTFOUND)
		return zila_fail(err, ZILA_EINVAL, "there is no %s '%s'", what, ref);
	return s;
}

/* Codes are what people type: capitals, digits, '-' and '_'. */
static enum zila_status
check_code(struct zila_action_ctx *ctx, const char *key, const char *code)
{
	for (const char *p = code; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '/'))
			return zila_fail(ctx->err, ZILA_EINVAL, "%s must be capital letters, digits, '-', '_' or '/'", key);
	return ZILA_OK;
}

/* Runs an upsert whose ?1 is a new id and ?2 the time; the row's id goes
 * into the result. */
static enum zila_status
upsert(struct zila_action_ctx *ctx, sqlite3_stmt *st, const char *what)
{
	char id[40];
	zila_action_new_id(ctx, id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ctx->now, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		json_object_set_new(ctx->result, "id", json_string((const char *)sqlite3_column_text(st, 0)));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return zila_db_error(ctx->db, what, ctx->err);
	return ZILA_OK;
}

enum zila_status
act_election_constituency(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "code", "name_en", "name_hi", NULL };
	const char *code, *en, *hi;
	enum zila_status s;
	if ((s = el_require_cell(ctx)) || (s = zila_arg_known(ctx, keys)) ||
	    (s = zila_arg_str(ctx, "code", ZILA_REQ, 10, &code)) || (s = check_code(ctx, "code", code)) ||
	    (s = zila_arg_str(ctx, "name_en", ZILA_REQ, 100, &en)) || (s = zila_arg_str(ctx, "name_hi", ZILA_OPT, 100, &hi)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO el_constituency(id, created_at, updated_at, code, name_en, name_hi) VALUES (?1, ?2, ?2, ?3, ?4, coalesce(?5, ''))"
		" ON CONFLICT(code) DO UPDATE SET name_en = excluded.name_en, name_hi = coalesce(?5, name_hi),"
		" version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, en);
	bind_str(st, 5, hi);
	return upsert(ctx, st, "constituency");
}

enum zila_status
act_election_station(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "code", "constituency", "name_en", "name_hi", "women", "model", NULL };
	const char *code, *ac, *en, *hi;
	bool women = false, model = false, has;
	char ac_id[40];
	enum zila_status s;
	if ((s = el_require_cell(ctx)) || (s = zila_arg_known(ctx, keys)) ||
	    (s = zila_arg_str(ctx, "code", ZILA_REQ, 16, &code)) || (s = check_code(ctx, "code", code)) ||
	    (s = zila_arg_str(ctx, "constituency", ZILA_REQ, 40, &ac)) ||
	    (s = zila_arg_str(ctx, "name_en", ZILA_REQ, 200, &en)) || (s = zila_arg_str(ctx, "name_hi", ZILA_OPT, 200, &hi)) ||
	    (s = zila_arg_bool(ctx, "women", &women, &has)) || (s = zila_arg_bool(ctx, "model", &model, &has)) ||
	    (s = el_resolve(ctx->db, EL_AC_SQL, "constituency", ac, ac_id, ctx->err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO el_station(id, created_at, updated_at, code, constituency_id, name_en, name_hi, women, model)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, coalesce(?6, ''), ?7, ?8)"
		" ON CONFLICT(code) DO UPDATE SET constituency_id = excluded.constituency_id, name_en = excluded.name_en,"
		" name_hi = coalesce(?6, name_hi), women = excluded.women, model = excluded.model,"
		" version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, ac_id);
	bind_str(st, 5, en);
	bind_str(st, 6, hi);
	sqlite3_bind_int(st, 7, women);
	sqlite3_bind_int(st, 8, model);
	return upsert(ctx, st, "station");
}

enum zila_status
act_election_office(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "code", "name_en", "name_hi", "kind", NULL };
	static const char *const kinds[] = { "government", "bank", "psu", NULL };
	const char *code, *en, *hi, *kind;
	enum zila_status s;
	if ((s = el_require_cell(ctx)) || (s = zila_arg_known(ctx, keys)) ||
	    (s = zila_arg_str(ctx, "code", ZILA_REQ, 16, &code)) || (s = check_code(ctx, "code", code)) ||
	    (s = zila_arg_str(ctx, "name_en", ZILA_REQ, 200, &en)) || (s = zila_arg_str(ctx, "name_hi", ZILA_OPT, 200, &hi)) ||
	    (s = zila_arg_enum(ctx, "kind", ZILA_REQ, kinds, &kind)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO el_office(id, created_at, updated_at, code, name_en, name_hi, kind) VALUES (?1, ?2, ?2, ?3, ?4, coalesce(?5, ''), ?6)"
		" ON CONFLICT(code) DO UPDATE SET name_en = excluded.name_en, name_hi = coalesce(?5, name_hi), kind = excluded.kind,"
		" version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, en);
	bind_str(st, 5, hi);
	bind_str(st, 6, kind);
	return upsert(ctx, st, "office");
}

/* An exempted official leaves every party and constituency he was drawn
 * for: the places become holes the next run of each stage fills, and
 * nothing else that was ordered moves. His postings move, whole, to
 * el_posting_released: the runs that wrote them are verified against the
 * rows they wrote, and these are some of them. */
static enum zila_status
release_postings(struct zila_action_ctx *ctx, const char *official_id)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "INSERT INTO el_posting_released(id, created_at, updated_at, election_id,"
		" official_id, constituency_id, slot, run_seq, party_id, seat, party_run_seq) SELECT id, ?2, ?2, election_id,"
		" official_id, constituency_id, slot, run_seq, party_id, seat, party_run_seq FROM el_posting WHERE official_id = ?1",
		ctx->err);
	enum zila_status r;
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, official_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ctx->now, -1, SQLITE_STATIC);
	if ((r = core_step_done(ctx->db, st, "posting", ctx->err)))
		return r;
	if (!(st = zila_db_stmt(ctx->db, "DELETE FROM el_posting WHERE official_id = ?1", ctx->err)))
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, official_id, -1, SQLITE_STATIC);
	return core_step_done(ctx->db, st, "posting", ctx->err);
}

enum zila_status
act_election_official(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "employee_id", "name", "gender", "office", "designation", "pay_level",
		"home_ac", "posting_ac", "mobile", "exempt", "exempt_reason", NULL };
	static const char *const genders[] = { "F", "M", "O", NULL };
	const char *emp, *name, *gender, *office, *desig, *home, *posting, *mobile, *reason;
	long long pay;
	bool has, exempt = false;
	char office_id[40], home_id[40] = "", posting_id[40] = "";
	enum zila_status s;
	if ((s = el_require_cell(ctx)) || (s = zila_arg_known(ctx, keys)) ||
	    (s = zila_arg_str(ctx, "employee_id", ZILA_REQ, 20, &emp)) || (s = check_code(ctx, "employee_id", emp)) ||
	    (s = zila_arg_str(ctx, "name", ZILA_REQ, 100, &name)) || (s = zila_arg_enum(ctx, "gender", ZILA_REQ, genders, &gender)) ||
	    (s = zila_arg_str(ctx, "office", ZILA_REQ, 40, &office)) ||
	    (s = zila_arg_str(ctx, "designation", ZILA_OPT, 100, &desig)) ||
	    (s = zila_arg_int(ctx, "pay_level", ZILA_REQ, 1, 18, &pay, &has)) ||
	    (s = zila_arg_str(ctx, "home_ac", ZILA_OPT, 40, &home)) || (s = zila_arg_str(ctx, "posting_ac", ZILA_OPT, 40, &posting)) ||
	    (s = zila_arg_str(ctx, "mobile", ZILA_OPT, 15, &mobile)) || (s = zila_arg_bool(ctx, "exempt", &exempt, &has)) ||
	    (s = zila_arg_str(ctx, "exempt_reason", ZILA_OPT, 200, &reason)))
		return s;
	if (exempt && !reason)
		return zila_fail(ctx->err, ZILA_EINVAL, "exempt_reason is required when an official is exempted");
	if (mobile)
		for (const char *p = mobile; *p; p++)
			if ((*p < '0' || *p > '9') && !(p == mobile && *p == '+'))
				return zila_fail(ctx->err, ZILA_EINVAL, "mobile must be digits");
	if ((s = el_resolve(ctx->db, EL_OFFICE_SQL, "office", office, office_id, ctx->err)) ||
	    (home && (s = el_resolve(ctx->db, EL_AC_SQL, "constituency", home, home_id, ctx->err))) ||
	    (posting && (s = el_resolve(ctx->db, EL_AC_SQL, "constituency", posting, posting_id, ctx->err))))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO el_official(id, created_at, updated_at, employee_id, name, gender, office_id, designation, pay_level,"
		" home_ac_id, posting_ac_id, mobile, exempt, exempt_reason)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, coalesce(?7, ''), ?8, ?9, ?10, coalesce(?11, ''), ?12, coalesce(?13, ''))"
		" ON CONFLICT(employee_id) DO UPDATE SET name = excluded.name, gender = excluded.gender, office_id = excluded.office_id,"
		" designation = excluded.designation, pay_level = excluded.pay_level, home_ac_id = excluded.home_ac_id,"
		" posting_ac_id = excluded.posting_ac_id, mobile = excluded.mobile, exempt = excluded.exempt,"
		" exempt_reason = excluded.exempt_reason, version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, emp);
	bind_str(st, 4, name);
	bind_str(st, 5, gender);
	bind_str(st, 6, office_id);
	bind_str(st, 7, desig);
	sqlite3_bind_int64(st, 8, pay);
	bind_str(st, 9, home ? home_id : NULL);
	bind_str(st, 10, posting ? posting_id : NULL);
	bind_str(st, 11, mobile);
	sqlite3_bind_int(st, 12, exempt);
	bind_str(st, 13, exempt ? reason : "");
	if ((s = upsert(ctx, st, "official")))
		return s;
	if (exempt)
		return release_postings(ctx, json_string_value(json_object_get(ctx->result, "id")));
	return ZILA_OK;
}

/* Exempts an official (or lifts it) without restating the whole record. */
enum zila_status
act_election_exempt(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "official", "exempt", "reason", NULL };
	const char *emp, *reason;
	bool exempt = true, has;
	char id[40];
	enum zila_status s;
	if ((s = el_require_cell(ctx)) || (s = zila_arg_known(ctx, keys)) ||
	    (s = zila_arg_str(ctx, "official", ZILA_REQ, 40, &emp)) || (s = zila_arg_bool(ctx, "exempt", &exempt, &has)) ||
	    (s = zila_arg_str(ctx, "reason", exempt ? ZILA_REQ : ZILA_OPT, 200, &reason)) ||
	    (s = el_resolve(ctx->db, EL_OFFICIAL_SQL, "official", emp, id, ctx->err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "UPDATE el_official SET exempt = ?2, exempt_reason = ?3, version = version + 1,"
		" updated_at = ?4 WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	sqlite3_bind_int(st, 2, exempt);
	bind_str(st, 3, exempt ? reason : "");
	bind_str(st, 4, ctx->now);
	if ((s = core_step_done(ctx->db, st, "official", ctx->err)))
		return s;
	json_object_set_new(ctx->result, "id", json_string(id));
	return exempt ? release_postings(ctx, id) : ZILA_OK;
}

enum zila_status
act_election_rules(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "code", "name_en", "name_hi", "polling_officers", "po_min_level", "reserve_pct",
		"distinct_office", "not_home", "women_only", NULL };
	const char *code, *en, *hi;
	long long k = 3, lvl = 6, reserve = 10;
	bool office = true, home = true, women = true, has;
	enum zila_status s;
	if ((s = el_require_cell(ctx)) || (s = zila_arg_known(ctx, keys)) ||
	    (s = zila_arg_str(ctx, "code", ZILA_REQ, 16, &code)) || (s = check_code(ctx, "code", code)) ||
	    (s = zila_arg_str(ctx, "name_en", ZILA_REQ, 200, &en)) || (s = zila_arg_str(ctx, "name_hi", ZILA_OPT, 200, &hi)) ||
	    (s = zila_arg_int(ctx, "polling_officers", ZILA_OPT, 1, 3, &k, &has)) ||
	    (s = zila_arg_int(ctx, "po_min_level", ZILA_OPT, 1, 18, &lvl, &has)) ||
	    (s = zila_arg_int(ctx, "reserve_pct", ZILA_OPT, 0, 50, &reserve, &has)) ||
	    (s = zila_arg_bool(ctx, "distinct_office", &office, &has)) || (s = zila_arg_bool(ctx, "not_home", &home, &has)) ||
	    (s = zila_arg_bool(ctx, "women_only", &women, &has)))
		return s;
	/* the party's shape is fixed once officials were put into parties:
	 * a new shape would leave every ordered party wrong */
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT e.polling_officers FROM el_election e WHERE e.code = ?1"
		" AND EXISTS (SELECT 1 FROM el_party p WHERE p.election_id = e.id)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, code);
	int rc = sqlite3_step(st);
	long long was = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : k;
	sqlite3_reset(st);
	if (was != k)
		return zila_fail(ctx->err, ZILA_ESTATE, "parties of election %s are formed with %lld polling officers: the number cannot change now",
			code, was);
	st = zila_db_stmt(ctx->db,
		"INSERT INTO el_election(id, created_at, updated_at, code, name_en, name_hi, polling_officers, po_min_level, reserve_pct,"
		" distinct_office, not_home, women_only) VALUES (?1, ?2, ?2, ?3, ?4, coalesce(?5, ''), ?6, ?7, ?8, ?9, ?10, ?11)"
		" ON CONFLICT(code) DO UPDATE SET name_en = excluded.name_en, name_hi = coalesce(?5, name_hi),"
		" polling_officers = excluded.polling_officers, po_min_level = excluded.po_min_level, reserve_pct = excluded.reserve_pct,"
		" distinct_office = excluded.distinct_office, not_home = excluded.not_home, women_only = excluded.women_only,"
		" version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, en);
	bind_str(st, 5, hi);
	sqlite3_bind_int64(st, 6, k);
	sqlite3_bind_int64(st, 7, lvl);
	sqlite3_bind_int64(st, 8, reserve);
	sqlite3_bind_int(st, 9, office);
	sqlite3_bind_int(st, 10, home);
	sqlite3_bind_int(st, 11, women);
	return upsert(ctx, st, "election");
}

/* The columns that are numbers or yes/no in the CSV files. */
static json_t *
csv_value(const char *col, const char *v)
{
	if (strcmp(col, "pay_level") == 0 || strcmp(col, "polling_officers") == 0) {
		char *end;
		long long n = strtoll(v, &end, 10);
		return *end == '\0' && end != v ? json_integer(n) : json_string(v);
	}
	if (strcmp(col, "women") == 0 || strcmp(col, "model") == 0 || strcmp(col, "exempt") == 0) {
		if (strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 || strcmp(v, "Y") == 0 || strcmp(v, "y") == 0)
			return json_true();
		if (strcmp(v, "0") == 0 || strcmp(v, "no") == 0 || strcmp(v, "N") == 0 || strcmp(v, "n") == 0)
			return json_false();
	}
	return json_string(v);
}

enum zila_status
zila_election_import_csv(struct zila_db *db, const struct zila_actor *actor, const char *kind, FILE *in,
	const char *name, int *count, struct zila_err *err)
{
	static const struct {
		const char *kind, *action;
	} kinds[] = {
#define ZILA_X(k, a) { k, a },
		ZILA_ELECTION_IMPORT_LIST(ZILA_X)
#undef ZILA_X
	};
	const char *action = NULL;
	for (size_t i = 0; i < ZILA_ARRAY_LEN(kinds); i++)
		if (kind && strcmp(kinds[i].kind, kind) == 0)
			action = kinds[i].action;
	if (!action)
		return zila_fail(err, ZILA_EINVAL, "%s is not a kind of election master (constituencies, stations, offices, officials)",
			kind ? kind : "");
	static char header[CORE_CSV_FIELDS][CORE_CSV_FIELD];
	int line = 1;
	enum zila_status st;
	*count = 0;
	/* a spreadsheet's UTF-8 byte order mark is not part of the header */
	int b0 = fgetc(in);
	if (b0 == 0xEF) {
		if (fgetc(in) != 0xBB || fgetc(in) != 0xBF)
			return zila_fail(err, ZILA_EINVAL, "%s: line 1 must be a header naming the columns", name);
	} else if (b0 != EOF)
		ungetc(b0, in);
	int nh = core_csv_record(in, header, &line);
	if (nh <= 0)
		return zila_fail(err, ZILA_EINVAL, "%s: line 1 must be a header naming the columns", name);
	if ((st = zila_db_begin(db, err)) != ZILA_OK)
		return st;
	for (;;) {
		static char row[CORE_CSV_FIELDS][CORE_CSV_FIELD];
		int start = line, n = core_csv_record(in, row, &line);
		if (n == 0)
			break;
		if (n < 0) {
			st = zila_fail(err, ZILA_EINVAL, "%s: line %d is not valid CSV (unclosed quote or too many fields)", name, start);
			break;
		}
		if (n == 1 && row[0][0] == '\0')
			continue;
		if (n != nh) {
			st = zila_fail(err, ZILA_EINVAL, "%s: line %d has %d fields, the header %d", name, start, n, nh);
			break;
		}
		json_t *args = json_object();
		for (int i = 0; i < nh && st == ZILA_OK; i++) {
			if (row[i][0] == '\0')
				continue;
			json_t *v = csv_value(header[i], row[i]);
			if (!v)
				st = zila_fail(err, ZILA_EINVAL, "%s: line %d: column %s is not valid UTF-8", name, start, header[i]);
			else
				json_object_set_new(args, header[i], v);
		}
		if (st == ZILA_OK) {
			struct zila_err e = { 0 };
			st = zila_action_run(db, actor, action, args, NULL, NULL, &e);
			if (st != ZILA_OK)
				zila_fail(err, st, "%s: line %d: %s", name, start, e.msg);
		}
		json_decref(args);
		if (st != ZILA_OK)
			break;
		(*count)++;
	}
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	if (st != ZILA_OK)
		*count = 0;
	return st != ZILA_OK ? st : end;
}
