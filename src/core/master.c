/* master.c: masters, the database's identity, human numbers, users. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "zila/master.h"
#include "zila/query.h"
#include "zila/sign.h"
#include "zila/util.h"
#include "internal.h"

static const struct {
	const char *name, *table, *key;
} master_table[] = {
#define ZILA_X(e, name, table, key) { name, table, key },
	ZILA_MASTER_LIST(ZILA_X)
#undef ZILA_X
};

int
zila_master_from_name(const char *name)
{
	for (int i = 0; name && i < ZILA_M_COUNT; i++)
		if (strcmp(master_table[i].name, name) == 0)
			return i;
	return -1;
}

const char *
zila_master_name(enum zila_master m)
{
	return (unsigned)m < ZILA_M_COUNT ? master_table[m].name : "unknown";
}

enum zila_status
core_step_done(struct zila_db *db, sqlite3_stmt *st, const char *what, struct zila_err *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return ZILA_OK;
	return zila_db_error(db, what, err);
}

enum zila_status
core_query_text(struct zila_db *db, sqlite3_stmt *st, char *buf, size_t n, struct zila_err *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		snprintf(buf, n, "%s", t ? (const char *)t : "");
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	if (rc == SQLITE_DONE)
		return zila_fail(err, ZILA_ENOTFOUND, "not found");
	return zila_db_error(db, "query", err);
}

/* The SQL is chosen from constant strings per master; the reference is
 * always bound. */
enum zila_status
zila_master_resolve(struct zila_db *db, enum zila_master m, const char *ref, char *id, struct zila_err *err)
{
	static const char *const sql[ZILA_M_COUNT] = {
		[ZILA_M_DEPARTMENT] = "SELECT id FROM department WHERE code = upper(?1) OR id = ?1",
		[ZILA_M_BLOCK] = "SELECT id FROM block WHERE lgd_code = ?1 OR id = ?1",
		[ZILA_M_GP] = "SELECT id FROM gram_panchayat WHERE lgd_code = ?1 OR id = ?1",
		[ZILA_M_CATEGORY] = "SELECT id FROM category WHERE code = upper(?1) OR id = ?1",
		[ZILA_M_CHECKLIST] = "SELECT id FROM checklist_item WHERE code = upper(?1) OR id = ?1",
		[ZILA_M_USER] = "SELECT id FROM app_user WHERE login = lower(?1) OR id = ?1",
		[ZILA_M_DESK] = "SELECT id FROM desk WHERE code = ?1 OR id = ?1",
	};
	if ((unsigned)m >= ZILA_M_COUNT || !ref || !*ref)
		return zila_fail(err, ZILA_EINVAL, "%s is required", zila_master_name(m));
	enum zila_status s = zila_db_text(db, sql[m], ZILA_PARAMS(ZILA_PTEXT("?1", ref)), id, 40, err);
	if (s == ZILA_ENOTFOUND)
		return zila_fail(err, ZILA_EINVAL, "no %s '%s'", zila_master_name(m), ref);
	return s;
}

enum zila_status
zila_master_list(struct zila_db *db, enum zila_master m, json_t **rows, struct zila_err *err)
{
	static const char *const sql[ZILA_M_COUNT] = {
		[ZILA_M_DEPARTMENT] = "SELECT id, code, name_en, name_hi, active FROM department ORDER BY code",
		[ZILA_M_BLOCK] = "SELECT id, lgd_code, name_en, name_hi FROM block ORDER BY name_en",
		[ZILA_M_GP] = "SELECT g.id, g.lgd_code, g.name_en, g.name_hi, b.lgd_code AS block, b.name_en AS block_name"
			" FROM gram_panchayat g JOIN block b ON b.id = g.block_id ORDER BY b.name_en, g.name_en",
		[ZILA_M_CATEGORY] = "SELECT c.id, c.code, c.name_en, c.name_hi, d.code AS department, c.days"
			" FROM category c JOIN department d ON d.id = c.department_id ORDER BY c.code",
		[ZILA_M_CHECKLIST] = "SELECT id, code, text_en, text_hi, position FROM checklist_item ORDER BY position, code",
		[ZILA_M_USER] = "SELECT u.id, u.login, u.name, u.role, d.code AS department, u.active"
			" FROM app_user u LEFT JOIN department d ON d.id = u.department_id ORDER BY u.login",
		[ZILA_M_DESK] = "SELECT id, code, name FROM desk ORDER BY code",
	};
	if ((unsigned)m >= ZILA_M_COUNT)
		return zila_fail(err, ZILA_EINVAL, "unknown master");
	sqlite3_stmt *st = zila_db_stmt(db, sql[m], err);
	if (!st)
		return ZILA_EDB;
	return zila_query_rows(db, st, rows, err);
}

static bool
code_ok(const char *s, size_t min, size_t max, bool digits_only)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (; *s; s++) {
		if (digits_only ? !isdigit((unsigned char)*s)
				: !(isupper((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
			return false;
	}
	return true;
}

enum zila_status
zila_init(struct zila_db *db, const char *district_code, const char *name_en, const char *name_hi,
	const char *desk_code, struct zila_err *err)
{
	char have[64], id[40], now[32];
	if (zila_meta_get(db, "district_code", have, sizeof have, NULL) == ZILA_OK)
		return zila_fail(err, ZILA_EEXIST, "this database is already set up for district %s", have);
	if (!district_code || !code_ok(district_code, 2, 5, false))
		return zila_fail(err, ZILA_EINVAL, "district code must be 2 to 5 capital letters, like DRG");
	if (!name_en || !*name_en || !zila_utf8_check(name_en, false, NULL) || strlen(name_en) > 100)
		return zila_fail(err, ZILA_EINVAL, "district name is required (one line, at most 100 characters)");
	if (name_hi && (!zila_utf8_check(name_hi, false, NULL) || strlen(name_hi) > 300))
		return zila_fail(err, ZILA_EINVAL, "Hindi district name is not valid text");
	if (!desk_code || !code_ok(desk_code, 2, 2, true))
		return zila_fail(err, ZILA_EINVAL, "desk code must be two digits, like 07");

	zila_uuid7(id);
	zila_iso_time(zila_clock(), now, sizeof now);
	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	sqlite3_stmt *s = zila_db_stmt(db, "INSERT INTO district(id, created_at, updated_at, code, name_en, name_hi)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5)", err);
	if (!s)
		st = ZILA_EDB;
	else {
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, district_code, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, name_en, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, name_hi ? name_hi : "", -1, SQLITE_STATIC);
		st = core_step_done(db, s, "district", err);
	}
	char desk_id[40];
	zila_uuid7(desk_id);
	if (st == ZILA_OK)
		st = zila_meta_set(db, "district_code", district_code, err);
	if (st == ZILA_OK)
		st = zila_meta_set(db, "district_name", name_en, err);
	if (st == ZILA_OK)
		st = zila_meta_set(db, "desk_code", desk_code, err);
	if (st == ZILA_OK)
		st = zila_meta_set(db, "desk_id", desk_id, err);
	if (st == ZILA_OK && zila_meta_get(db, "db_kind", have, sizeof have, NULL) != ZILA_OK)
		st = zila_meta_set(db, "db_kind", "desk", err);
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	return st != ZILA_OK ? st : end;
}

enum zila_status
zila_init_server(struct zila_db *db, struct zila_err *err)
{
	return zila_meta_set(db, "db_kind", "server", err);
}

enum zila_status
zila_number_next(struct zila_action_ctx *ctx, char kind, char *buf, size_t n)
{
	char district[16], desk[16], k[2] = { kind, '\0' };
	int year = atoi(ctx->today);
	enum zila_status st;
	if ((st = zila_meta_get(ctx->db, "district_code", district, sizeof district, ctx->err)) != ZILA_OK ||
	    (st = zila_meta_get(ctx->db, "desk_code", desk, sizeof desk, ctx->err)) != ZILA_OK)
		return zila_fail(ctx->err, ZILA_EINVAL, "this database is not set up: run 'zila init' first");
	/* the count, then read back: with RETURNING SQLite keeps the row in
	 * a temporary table it opens and closes each time, more than the
	 * upsert itself */
	sqlite3_stmt *s = zila_db_stmt(ctx->db,
		"INSERT INTO number_seq(kind, year, last) VALUES (?1, ?2, 1)"
		" ON CONFLICT(kind, year) DO UPDATE SET last = last + 1", ctx->err);
	if (!s)
		return ZILA_EDB;
	sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, year);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return zila_db_error(ctx->db, "number", ctx->err);
	if (!(s = zila_db_stmt(ctx->db, "SELECT last FROM number_seq WHERE kind = ?1 AND year = ?2", ctx->err)))
		return ZILA_EDB;
	sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, year);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return zila_db_error(ctx->db, "number", ctx->err);
	}
	long long serial = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	snprintf(buf, n, "%s/%c/%s/%04d/%0*lld", district, kind, desk, year, kind == 'G' ? 6 : 5, serial);
	return ZILA_OK;
}

enum zila_status
zila_number_given(struct zila_action_ctx *ctx, char kind, const char *number)
{
	char district[16] = "", prefix[48];
	if (!ctx->actor->desk_code[0])
		return ZILA_OK; /* zilad's own commands: no desk numbers anything */
	zila_meta_get(ctx->db, "district_code", district, sizeof district, NULL);
	snprintf(prefix, sizeof prefix, "%s/%c/%s/", district, kind, ctx->actor->desk_code);
	if (strncmp(number, prefix, strlen(prefix)) != 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "number %s was not made by this desk: its numbers start %s", number,
			prefix);
	return ZILA_OK;
}

/* ---------------------------------------------------------- master actions */

/* Runs an upsert whose ?1 is a new id, ?2 now; the rest bound by the caller. */
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
act_master_department(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "code", "name_en", "name_hi", "active", NULL };
	const char *code, *en, *hi;
	bool active = true, has_active;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "code", ZILA_REQ, 10, &code)) ||
	    (s = zila_arg_str(ctx, "name_en", ZILA_REQ, 100, &en)) || (s = zila_arg_str(ctx, "name_hi", ZILA_OPT, 100, &hi)) ||
	    (s = zila_arg_bool(ctx, "active", &active, &has_active)))
		return s;
	if (!code_ok(code, 2, 10, false))
		return zila_fail(ctx->err, ZILA_EINVAL, "code must be 2 to 10 capital letters or digits, like REV");
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO department(id, created_at, updated_at, code, name_en, name_hi, active)"
		" VALUES (?1, ?2, ?2, ?3, ?4, coalesce(?5, ''), ?6)"
		" ON CONFLICT(code) DO UPDATE SET name_en = excluded.name_en, name_hi = coalesce(?5, name_hi),"
		" active = excluded.active, version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, en);
	bind_str(st, 5, hi);
	sqlite3_bind_int(st, 6, active);
	return upsert(ctx, st, "department");
}

enum zila_status
act_master_block(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "lgd_code", "name_en", "name_hi", NULL };
	const char *code, *en, *hi;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "lgd_code", ZILA_REQ, 10, &code)) ||
	    (s = zila_arg_str(ctx, "name_en", ZILA_REQ, 100, &en)) || (s = zila_arg_str(ctx, "name_hi", ZILA_OPT, 100, &hi)))
		return s;
	if (!code_ok(code, 1, 10, true))
		return zila_fail(ctx->err, ZILA_EINVAL, "lgd_code must be digits");
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO block(id, created_at, updated_at, lgd_code, name_en, name_hi) VALUES (?1, ?2, ?2, ?3, ?4, coalesce(?5, ''))"
		" ON CONFLICT(lgd_code) DO UPDATE SET name_en = excluded.name_en, name_hi = coalesce(?5, name_hi),"
		" version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, en);
	bind_str(st, 5, hi);
	return upsert(ctx, st, "block");
}

enum zila_status
act_master_gp(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "lgd_code", "block", "name_en", "name_hi", NULL };
	const char *code, *block, *en, *hi;
	char block_id[40];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "lgd_code", ZILA_REQ, 10, &code)) ||
	    (s = zila_arg_str(ctx, "block", ZILA_REQ, 40, &block)) ||
	    (s = zila_arg_str(ctx, "name_en", ZILA_REQ, 100, &en)) || (s = zila_arg_str(ctx, "name_hi", ZILA_OPT, 100, &hi)))
		return s;
	if (!code_ok(code, 1, 10, true))
		return zila_fail(ctx->err, ZILA_EINVAL, "lgd_code must be digits");
	if ((s = zila_master_resolve(ctx->db, ZILA_M_BLOCK, block, block_id, ctx->err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO gram_panchayat(id, created_at, updated_at, lgd_code, block_id, name_en, name_hi)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, coalesce(?6, ''))"
		" ON CONFLICT(lgd_code) DO UPDATE SET block_id = excluded.block_id, name_en = excluded.name_en,"
		" name_hi = coalesce(?6, name_hi), version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, block_id);
	bind_str(st, 5, en);
	bind_str(st, 6, hi);
	return upsert(ctx, st, "gram panchayat");
}

enum zila_status
act_master_category(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "code", "name_en", "name_hi", "department", "days", "public", NULL };
	const char *code, *en, *hi, *dept;
	long long days;
	bool pub = false, has_pub = false;
	char dept_id[40];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "code", ZILA_REQ, 10, &code)) ||
	    (s = zila_arg_str(ctx, "name_en", ZILA_REQ, 100, &en)) || (s = zila_arg_str(ctx, "name_hi", ZILA_OPT, 100, &hi)) ||
	    (s = zila_arg_str(ctx, "department", ZILA_REQ, 40, &dept)) ||
	    (s = zila_arg_int(ctx, "days", ZILA_REQ, 1, 365, &days, NULL)) ||
	    (s = zila_arg_bool(ctx, "public", &pub, &has_pub)))
		return s;
	if (!code_ok(code, 2, 10, false))
		return zila_fail(ctx->err, ZILA_EINVAL, "code must be 2 to 10 capital letters or digits");
	if ((s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, dept, dept_id, ctx->err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO category(id, created_at, updated_at, code, name_en, name_hi, department_id, days, public)"
		" VALUES (?1, ?2, ?2, ?3, ?4, coalesce(?5, ''), ?6, ?7, coalesce(?8, 0))"
		" ON CONFLICT(code) DO UPDATE SET name_en = excluded.name_en, name_hi = coalesce(?5, name_hi),"
		" department_id = excluded.department_id, days = excluded.days, public = coalesce(?8, public),"
		" version = version + 1,"
		" updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, en);
	bind_str(st, 5, hi);
	bind_str(st, 6, dept_id);
	sqlite3_bind_int64(st, 7, days);
	if (has_pub)
		sqlite3_bind_int(st, 8, pub);
	return upsert(ctx, st, "category");
}

enum zila_status
act_master_checklist(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "code", "text_en", "text_hi", "position", NULL };
	const char *code, *en, *hi;
	long long pos = 0;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "code", ZILA_REQ, 10, &code)) ||
	    (s = zila_arg_str(ctx, "text_en", ZILA_REQ, 200, &en)) || (s = zila_arg_str(ctx, "text_hi", ZILA_OPT, 200, &hi)) ||
	    (s = zila_arg_int(ctx, "position", ZILA_OPT, 0, 10000, &pos, NULL)))
		return s;
	if (!code_ok(code, 1, 10, false))
		return zila_fail(ctx->err, ZILA_EINVAL, "code must be capital letters or digits");
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO checklist_item(id, created_at, updated_at, code, text_en, text_hi, position)"
		" VALUES (?1, ?2, ?2, ?3, ?4, coalesce(?5, ''), ?6)"
		" ON CONFLICT(code) DO UPDATE SET text_en = excluded.text_en, text_hi = coalesce(?5, text_hi),"
		" position = excluded.position, version = version + 1, updated_at = excluded.updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, code);
	bind_str(st, 4, en);
	bind_str(st, 5, hi);
	sqlite3_bind_int64(st, 6, pos);
	return upsert(ctx, st, "checklist item");
}

enum zila_status
act_master_nodal(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "user", "gp", NULL };
	const char *user, *gp;
	char user_id[40], gp_id[40], role[16];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "user", ZILA_REQ, 64, &user)) ||
	    (s = zila_arg_str(ctx, "gp", ZILA_REQ, 40, &gp)) ||
	    (s = zila_master_resolve(ctx->db, ZILA_M_USER, user, user_id, ctx->err)) ||
	    (s = zila_master_resolve(ctx->db, ZILA_M_GP, gp, gp_id, ctx->err)))
		return s;
	if ((s = zila_db_text(ctx->db, "SELECT role FROM app_user WHERE id = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", user_id)), role, sizeof role, ctx->err)))
		return s;
	if (strcmp(role, "nodal") != 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "user %s is not a nodal officer", user);
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "INSERT INTO nodal_assignment(id, created_at, updated_at, user_id, gp_id)"
		" VALUES (?1, ?2, ?2, ?3, ?4) ON CONFLICT(user_id, gp_id) DO UPDATE SET updated_at = updated_at RETURNING id", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 3, user_id);
	bind_str(st, 4, gp_id);
	return upsert(ctx, st, "nodal assignment");
}

/* ------------------------------------------------------------------- users */

static bool
login_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32 || !islower((unsigned char)s[0]))
		return false;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

static enum zila_status
check_pw_hash(struct zila_action_ctx *ctx, int req, const char **hash)
{
	enum zila_status s = zila_arg_str(ctx, "pw_hash", req, ZILA_PWHASH_LEN, hash);
	if (s || !*hash)
		return s;
	if (strncmp(*hash, "$argon2id$", 10) != 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "pw_hash must be an argon2id hash (passwords are never stored)");
	return ZILA_OK;
}

/* A user's key in the arguments (key_id, sign_pk, key_salt, sealed_sk,
 * as sign.h makes them), all or none: *present says which. */
static enum zila_status
check_key(struct zila_action_ctx *ctx, struct zila_user_key *k, bool *present)
{
	const char *id, *pk, *salt, *sealed;
	enum zila_status s;
	char want[ZILA_SIGN_KEY_ID_HEX + 1];
	if ((s = zila_arg_str(ctx, "key_id", ZILA_OPT, ZILA_SIGN_KEY_ID_HEX, &id)) ||
	    (s = zila_arg_str(ctx, "sign_pk", ZILA_OPT, ZILA_SIGN_PK_HEX, &pk)) ||
	    (s = zila_arg_str(ctx, "key_salt", ZILA_OPT, ZILA_SIGN_SALT_HEX, &salt)) ||
	    (s = zila_arg_str(ctx, "sealed_sk", ZILA_OPT, ZILA_SIGN_SEALED_HEX, &sealed)))
		return s;
	*present = id || pk || salt || sealed;
	if (!*present)
		return ZILA_OK;
	if (!zila_sign_hex_ok(pk, ZILA_SIGN_PK_HEX) || !zila_sign_hex_ok(salt, ZILA_SIGN_SALT_HEX) ||
	    !zila_sign_hex_ok(sealed, ZILA_SIGN_SEALED_HEX) || !id)
		return zila_fail(ctx->err, ZILA_EINVAL, "key_id, sign_pk, key_salt and sealed_sk go together, in hex");
	zila_key_id(pk, want);
	if (strcmp(id, want) != 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "key_id is not the id of sign_pk");
	snprintf(k->key_id, sizeof k->key_id, "%s", id);
	snprintf(k->pk, sizeof k->pk, "%s", pk);
	snprintf(k->salt, sizeof k->salt, "%s", salt);
	snprintf(k->sealed, sizeof k->sealed, "%s", sealed);
	return ZILA_OK;
}

/* A user's new public key becomes the current one in user_key; the one
 * before stays, closed, so its signatures can still be checked. */
static enum zila_status
key_history(struct zila_action_ctx *ctx, const char *user_id, const struct zila_user_key *k)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "UPDATE user_key SET valid_to = ?2 WHERE user_id = ?1 AND valid_to IS NULL",
		ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, user_id);
	bind_str(st, 2, ctx->now);
	enum zila_status s = core_step_done(ctx->db, st, "user key", ctx->err);
	if (s != ZILA_OK)
		return s;
	if (!(st = zila_db_stmt(ctx->db, "INSERT INTO user_key(key_id, user_id, sign_pk, valid_from) VALUES (?1, ?2, ?3, ?4)",
			ctx->err)))
		return ZILA_EDB;
	bind_str(st, 1, k->key_id);
	bind_str(st, 2, user_id);
	bind_str(st, 3, k->pk);
	bind_str(st, 4, ctx->now);
	s = core_step_done(ctx->db, st, "user key", ctx->err);
	return s == ZILA_EEXIST ? zila_fail(ctx->err, ZILA_EEXIST, "this key was a user's key before: make a new one") : s;
}

enum zila_status
act_user_add(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "login", "name", "role", "department", "pw_hash", "key_id", "sign_pk",
		"key_salt", "sealed_sk", NULL };
	static const char *const roles[] = { "clerk", "officer", "head", "nodal", "collector", "admin", NULL };
	const char *login, *name, *role, *dept, *hash;
	char dept_id[40], id[40];
	struct zila_user_key k = { .key_id = "" };
	bool has_key;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "login", ZILA_REQ, 32, &login)) ||
	    (s = zila_arg_str(ctx, "name", ZILA_REQ, 100, &name)) || (s = zila_arg_enum(ctx, "role", ZILA_REQ, roles, &role)) ||
	    (s = zila_arg_str(ctx, "department", ZILA_OPT, 40, &dept)) || (s = check_key(ctx, &k, &has_key)) ||
	    (s = check_pw_hash(ctx, ZILA_OPT, &hash)))
		return s;
	/* a user without a key could sign nothing, so nothing they did would
	 * be taken: a bare password hash (what desks sent before keys) is no
	 * longer a user; users made so before keep working until a reset */
	if (!has_key)
		return zila_fail(ctx->err, ZILA_EINVAL, "user.add needs the new user's signing key (key_id, sign_pk, key_salt,"
			" sealed_sk): a password hash alone is no longer taken; add users with 'zila user add' or 'zilad user add'");
	if (!login_ok(login))
		return zila_fail(ctx->err, ZILA_EINVAL, "login must be 2 to 32 small letters, digits, '.', '_' or '-', starting with a letter");
	if ((strcmp(role, "officer") == 0 || strcmp(role, "head") == 0) && !dept)
		return zila_fail(ctx->err, ZILA_EINVAL, "department is required for a department %s", role);
	if (dept && (s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, dept, dept_id, ctx->err)))
		return s;
	if (ctx->actor->user_id[0] == '\0' && strcmp(role, "admin") != 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "the first user must be an admin");
	zila_action_new_id(ctx, id);
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "INSERT INTO app_user(id, created_at, updated_at, login, name, role, department_id,"
		" pw_hash, key_id, sign_pk, key_salt, sealed_sk) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, login);
	bind_str(st, 4, name);
	bind_str(st, 5, role);
	bind_str(st, 6, dept ? dept_id : NULL);
	bind_str(st, 7, hash ? hash : "");
	bind_str(st, 8, k.key_id);
	bind_str(st, 9, has_key ? k.pk : "");
	bind_str(st, 10, has_key ? k.salt : "");
	bind_str(st, 11, has_key ? k.sealed : "");
	s = core_step_done(ctx->db, st, "user", ctx->err);
	if (s == ZILA_EEXIST)
		return zila_fail(ctx->err, ZILA_EEXIST, "login %s is taken", login);
	if (s == ZILA_OK && has_key)
		s = key_history(ctx, id, &k);
	if (s == ZILA_OK)
		json_object_set_new(ctx->result, "id", json_string(id));
	return s;
}

/* A user leaves: their actions are refused from now on (the action runner
 * and zilad check active), and the desks they enrolled stop syncing until
 * someone enrols them again (their tokens, on the server, are revoked). */
enum zila_status
act_user_deactivate(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "login", NULL };
	const char *login;
	char id[40];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "login", ZILA_REQ, 32, &login)) ||
	    (s = zila_master_resolve(ctx->db, ZILA_M_USER, login, id, ctx->err)))
		return s;
	if (strcmp(id, ctx->actor->user_id) == 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "an admin may not deactivate themselves");
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "UPDATE app_user SET active = 0, version = version + 1, updated_at = ?2"
		" WHERE id = ?1 AND active = 1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	if ((s = core_step_done(ctx->db, st, "user", ctx->err)) != ZILA_OK)
		return s;
	if (sqlite3_changes(zila_db_handle(ctx->db)) == 0)
		return zila_fail(ctx->err, ZILA_ESTATE, "%s is not active", login);
	if (!(st = zila_db_stmt(ctx->db, "UPDATE desk_token SET revoked_at = ?2 WHERE login = (SELECT login FROM app_user"
			" WHERE id = ?1) AND revoked_at IS NULL", ctx->err)))
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	return core_step_done(ctx->db, st, "desk tokens", ctx->err);
}

/* A new password: the user's key sealed again under it (the same key
 * pair), or, by an admin, a new key pair (a reset: the old public key
 * stays in user_key). A legacy pw_hash alone is still taken for users
 * without a key. */
enum zila_status
act_user_passwd(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "login", "pw_hash", "key_id", "sign_pk", "key_salt", "sealed_sk", NULL };
	const char *login, *hash;
	char id[40], current[ZILA_SIGN_PK_HEX + 1] = "";
	struct zila_user_key k = { .key_id = "" };
	bool has_key;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "login", ZILA_REQ, 32, &login)) ||
	    (s = check_key(ctx, &k, &has_key)) || (s = check_pw_hash(ctx, has_key ? ZILA_OPT : ZILA_REQ, &hash)) ||
	    (s = zila_master_resolve(ctx->db, ZILA_M_USER, login, id, ctx->err)))
		return s;
	if (ctx->actor->role != ZILA_ROLE_ADMIN && strcmp(id, ctx->actor->user_id) != 0)
		return zila_fail(ctx->err, ZILA_EDENIED, "only an admin may change another user's password");
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT sign_pk FROM app_user WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(current, sizeof current, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (!has_key && current[0])
		return zila_fail(ctx->err, ZILA_EINVAL, "%s has a signing key: a new password seals it again (key_id, sign_pk,"
			" key_salt, sealed_sk), a password hash alone is not taken", login);
	bool new_pair = has_key && strcmp(current, k.pk) != 0;
	if (new_pair && current[0] && ctx->actor->role != ZILA_ROLE_ADMIN)
		return zila_fail(ctx->err, ZILA_EDENIED, "only an admin may give a user a new key (a password reset)");
	/* a legacy hash alone changes the hash alone */
	if (!(st = zila_db_stmt(ctx->db, has_key ? "UPDATE app_user SET pw_hash = ?2, key_id = ?4, sign_pk = ?5, key_salt = ?6,"
			" sealed_sk = ?7, version = version + 1, updated_at = ?3 WHERE id = ?1"
			: "UPDATE app_user SET pw_hash = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1", ctx->err)))
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, hash ? hash : "");
	bind_str(st, 3, ctx->now);
	if (has_key) {
		bind_str(st, 4, k.key_id);
		bind_str(st, 5, k.pk);
		bind_str(st, 6, k.salt);
		bind_str(st, 7, k.sealed);
	}
	s = core_step_done(ctx->db, st, "user", ctx->err);
	if (s == ZILA_OK && new_pair)
		s = key_history(ctx, id, &k);
	return s;
}

/* user.lang {login (default: the actor), lang: "hi", "en" or "" (the
 * locale's)}: a user changes their own language; an admin anyone's. */
enum zila_status
act_user_lang(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "login", "lang", NULL };
	const char *login, *lang;
	char id[40];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "login", ZILA_OPT, 32, &login)) ||
	    (s = zila_arg_str(ctx, "lang", ZILA_OPT, 2, &lang)))
		return s;
	if (!lang)
		lang = "";
	if (*lang && !zila_i18n_known(lang))
		return zila_fail(ctx->err, ZILA_EINVAL, "lang: '%s' is not a language zila speaks: hi (Hindi) or en (English)", lang);
	if (!login)
		login = ctx->actor->login;
	if ((s = zila_master_resolve(ctx->db, ZILA_M_USER, login, id, ctx->err)))
		return s;
	if (ctx->actor->role != ZILA_ROLE_ADMIN && strcmp(id, ctx->actor->user_id) != 0)
		return zila_fail(ctx->err, ZILA_EDENIED, "only an admin may change another user's language");
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "UPDATE app_user SET lang = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, lang);
	bind_str(st, 3, ctx->now);
	return core_step_done(ctx->db, st, "user", ctx->err);
}

void
zila_user_lang(struct zila_db *db, const char *login, char *lang, size_t n)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT lang FROM app_user WHERE login = lower(?1) AND active", NULL);
	if (n)
		lang[0] = '\0';
	if (!st || !login)
		return;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(lang, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
}

enum zila_status
zila_password_hash(const char *password, char *out, struct zila_err *err)
{
	size_t n = strlen(password);
	if (n < 8)
		return zila_fail(err, ZILA_EINVAL, "password must have at least 8 characters");
	if (n > 128)
		return zila_fail(err, ZILA_EINVAL, "password must have at most 128 characters");
	if (sodium_init() < 0)
		return zila_fail(err, ZILA_ENOMEM, "libsodium could not start");
	if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return zila_fail(err, ZILA_ENOMEM, "not enough memory to hash the password");
	return ZILA_OK;
}

/* What a password is checked against: the sealed key (with its salt and
 * public key), or a legacy argon2id hash for a user without a key. */
struct credentials {
	char hash[ZILA_PWHASH_LEN + 1];
	char pk[ZILA_SIGN_PK_HEX + 1];
	char salt[ZILA_SIGN_SALT_HEX + 1];
	char sealed[ZILA_SIGN_SEALED_HEX + 1];
};

static void
col_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	snprintf(out, n, "%s", v ? (const char *)v : "");
}

static enum zila_status
actor_fill(struct zila_db *db, const char *login, struct zila_actor *a, struct credentials *cr, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT id, login, role, coalesce(department_id, ''), pw_hash, active, lang,"
		" sign_pk, key_salt, sealed_sk FROM app_user WHERE login = lower(?1)", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	enum zila_status s = ZILA_OK;
	if (rc != SQLITE_ROW || !sqlite3_column_int(st, 5))
		s = rc == SQLITE_ROW || rc == SQLITE_DONE ? zila_fail(err, ZILA_EAUTH, "wrong login or password")
							  : zila_db_error(db, "login", err);
	else {
		memset(a, 0, sizeof *a);
		col_copy(st, 0, a->user_id, sizeof a->user_id);
		col_copy(st, 1, a->login, sizeof a->login);
		a->role = (enum zila_role)zila_role_from_name((const char *)sqlite3_column_text(st, 2));
		col_copy(st, 3, a->department_id, sizeof a->department_id);
		col_copy(st, 6, a->lang, sizeof a->lang);
		if (cr) {
			col_copy(st, 4, cr->hash, sizeof cr->hash);
			col_copy(st, 7, cr->pk, sizeof cr->pk);
			col_copy(st, 8, cr->salt, sizeof cr->salt);
			col_copy(st, 9, cr->sealed, sizeof cr->sealed);
		}
	}
	sqlite3_reset(st);
	if (s == ZILA_OK) {
		zila_meta_get(db, "desk_id", a->desk_id, sizeof a->desk_id, NULL);
		zila_meta_get(db, "desk_code", a->desk_code, sizeof a->desk_code, NULL);
	}
	return s;
}

enum zila_status
zila_actor_load(struct zila_db *db, const char *login, struct zila_actor *actor, struct zila_err *err)
{
	enum zila_status s = actor_fill(db, login, actor, NULL, err);
	if (s == ZILA_EAUTH)
		return zila_fail(err, ZILA_EAUTH, "no active user '%s'", login);
	return s;
}

/* An argon2id hash of a password no one has, with the parameters every
 * real hash has: a login that does not exist (or is inactive) is checked
 * against it, so it takes as long to refuse as a wrong password and the
 * time does not tell which logins exist (zilad answers the network). */
_Static_assert(crypto_pwhash_STRBYTES == 128, "internal.h sizes core_dummy_pwhash");
const char core_dummy_pwhash[crypto_pwhash_STRBYTES] =
	"$argon2id$v=19$m=65536,t=2,p=1$ZkAwmJFb6WbK/AUG4BTryQ$9x8N/VbtiDApV/IHMS0B9QXHAjB9WIgWwtMoUFiO0JI";

/* On a desk, opening the user's sealed key is the password check, and
 * leaves the key in actor for signing; a user without a key (made before
 * keys, or whose key this desk was not sent: another office's) is checked
 * against a legacy hash if there is one, and cannot sign. */
enum zila_status
zila_login(struct zila_db *db, const char *login, const char *password, struct zila_actor *actor, struct zila_err *err)
{
	struct credentials cr;
	enum zila_status s = actor_fill(db, login, actor, &cr, err);
	if (s != ZILA_OK && s != ZILA_EAUTH)
		return s;
	if (sodium_init() < 0)
		return zila_fail(err, ZILA_ENOMEM, "libsodium could not start");
	bool ok = false;
	if (s == ZILA_OK && cr.sealed[0]) {
		enum zila_status u = zila_key_unseal(cr.salt, cr.sealed, cr.pk, password, actor->sign_sk, NULL);
		if (u == ZILA_ENOMEM)
			return zila_fail(err, u, "not enough memory to check the password");
		ok = actor->can_sign = u == ZILA_OK;
	} else if (s == ZILA_OK && cr.hash[0])
		ok = crypto_pwhash_str_verify(cr.hash, password, strlen(password)) == 0;
	else {
		int spent = crypto_pwhash_str_verify(core_dummy_pwhash, password, strlen(password));
		(void)spent; /* only its time matters: there is no user here */
	}
	sodium_memzero(&cr, sizeof cr);
	if (!ok) {
		sodium_memzero(actor, sizeof *actor);
		return zila_fail(err, ZILA_EAUTH, "wrong login or password");
	}
	return ZILA_OK;
}
