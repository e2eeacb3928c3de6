/* desk.c: desk.enrol, the desk row a new desk database is given on the
 * server, with its code. Only zilad's enrol request runs it
 * (ZILA_ACT_ENROL): the user proved the password to the server there,
 * and the server keeps the desk's bearer token beside the row in the same
 * transaction; a pushed desk.enrol, or one run on a desk, is refused. */
#include <stdio.h>
#include <string.h>
#include "zila/action.h"
#include "internal.h"

/* The lowest free two-digit desk code (00 is the server's own). */
static enum zila_status
next_desk_code(struct zila_db *db, char *code, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT 1 FROM desk WHERE code = ?1", err);
	if (!st)
		return ZILA_EDB;
	for (int n = 1; n <= 99; n++) {
		snprintf(code, 3, "%02d", n);
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return ZILA_OK;
		if (rc != SQLITE_ROW)
			return zila_db_error(db, "desk", err);
	}
	return zila_fail(err, ZILA_EEXIST, "all 99 desk codes of the district are used: revoke and remove old desks");
}

/* args: desk_id (made by the caller, who keeps the token under it), name
 * (may be empty). Adds code and login, so the audit row says which desk
 * and for whom; the result has desk_id and code. The desk belongs to the
 * actor's office. */
enum zila_status
act_desk_enrol(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "desk_id", "name", NULL };
	const char *id, *name;
	char code[3];
	enum zila_status s;
	if (!(ctx->flags & ZILA_ACT_ENROL) || zila_db_kind(ctx->db) != ZILA_DB_SERVER)
		return zila_fail(ctx->err, ZILA_EDENIED, "a desk is enrolled by the district server (zila enrol URL), not by an action");
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "desk_id", ZILA_REQ, 36, &id)) ||
	    (s = zila_arg_str(ctx, "name", ZILA_OPT, 200, &name)))
		return s;
	if ((s = next_desk_code(ctx->db, code, ctx->err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "INSERT INTO desk(id, created_at, updated_at, code, name, department_id)"
		" VALUES (?1, ?2, ?2, ?3, ?4, nullif(?5, ''))", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, code);
	bind_str(st, 4, name ? name : "");
	bind_str(st, 5, ctx->actor->department_id);
	if ((s = core_step_done(ctx->db, st, "desk", ctx->err)))
		return s;
	json_object_set_new(ctx->args, "code", json_string(code));
	json_object_set_new(ctx->args, "login", json_string(ctx->actor->login));
	json_object_set_new(ctx->result, "desk_id", json_string(id));
	json_object_set_new(ctx->result, "code", json_string(code));
	return ZILA_OK;
}
