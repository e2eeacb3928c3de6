/* held_request.c: requests citizens filed without a category (issue 12),
 * held for a clerk of the Collectorate. request.hold keeps one (the
 * server's online channel runs it for an Open311 POST with no
 * service_code, with the triage model's suggestions); request.register
 * makes the grievance from it with the category a clerk confirmed or
 * chose, through grievance.register itself, so routing, the time limit,
 * the number and the event are the counter's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/query.h"
#include "zila/triage.h"
#include "grievance_internal.h"
#include "internal.h"

/* A JSON list argument kept as text: at most max items, each an object. */
static enum zila_status
list_text(struct zila_action_ctx *ctx, const char *key, size_t max, char **out)
{
	json_t *v = json_object_get(ctx->args, key);
	*out = NULL;
	if (!v)
		v = json_array();
	else
		json_incref(v);
	size_t i;
	json_t *e;
	enum zila_status s = ZILA_OK;
	if (!json_is_array(v) || json_array_size(v) > max)
		s = zila_fail(ctx->err, ZILA_EINVAL, "%s must be a list of at most %zu items", key, max);
	json_array_foreach(v, i, e) {
		if (s == ZILA_OK && !json_is_object(e))
			s = zila_fail(ctx->err, ZILA_EINVAL, "%s: item %zu is not an object", key, i + 1);
	}
	if (s == ZILA_OK && !(*out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS)))
		s = zila_fail(ctx->err, ZILA_ENOMEM, "%s: no memory", key);
	json_decref(v);
	return s;
}

enum zila_status
act_request_hold(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "citizen_name", "mobile", "lang", "address", "block", "gp", "lat", "lon",
		"description", "attachments", "suggested", NULL };
	static const char *const langs[] = { "hi", "en", NULL };
	const char *name, *mobile, *lang, *address, *block, *gp, *desc;
	double lat, lon;
	bool has_lat, has_lon;
	char id[40], *att = NULL, *sug = NULL;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "citizen_name", ZILA_REQ, 100, &name)) ||
	    (s = zila_arg_str(ctx, "mobile", ZILA_OPT, 20, &mobile)) ||
	    (s = zila_arg_enum(ctx, "lang", ZILA_OPT, langs, &lang)) ||
	    (s = zila_arg_text(ctx, "address", ZILA_OPT, 300, &address)) ||
	    (s = zila_arg_str(ctx, "block", ZILA_OPT, 40, &block)) || (s = zila_arg_str(ctx, "gp", ZILA_OPT, 40, &gp)) ||
	    (s = zila_arg_real(ctx, "lat", -90, 90, &lat, &has_lat)) ||
	    (s = zila_arg_real(ctx, "lon", -180, 180, &lon, &has_lon)) ||
	    (s = zila_arg_text(ctx, "description", ZILA_REQ, TEXT_MAX, &desc)) ||
	    (s = list_text(ctx, "attachments", 20, &att)) || (s = list_text(ctx, "suggested", ZILA_TRIAGE_TOP, &sug)))
		goto out;
	if (has_lat != has_lon) {
		s = zila_fail(ctx->err, ZILA_EINVAL, "lat and lon go together");
		goto out;
	}
	zila_action_new_id(ctx, id);
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "INSERT INTO held_request(id, created_at, updated_at, citizen_name, mobile,"
		" lang, address, block, gp, lat, lon, description, attachments, suggested)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", ctx->err);
	if (!st) {
		s = ZILA_EDB;
		goto out;
	}
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, name);
	bind_str(st, 4, mobile ? mobile : "");
	bind_str(st, 5, lang ? lang : "");
	bind_str(st, 6, address ? address : "");
	bind_str(st, 7, block ? block : "");
	bind_str(st, 8, gp ? gp : "");
	if (has_lat) {
		sqlite3_bind_double(st, 9, lat);
		sqlite3_bind_double(st, 10, lon);
	} else {
		sqlite3_bind_null(st, 9);
		sqlite3_bind_null(st, 10);
	}
	bind_str(st, 11, desc);
	bind_str(st, 12, att);
	bind_str(st, 13, sug);
	if ((s = core_step_done(ctx->db, st, "held request", ctx->err)) == ZILA_OK)
		json_object_set_new(ctx->result, "id", json_string(id));
out:
	free(att);
	free(sug);
	return s;
}

/* The held request's fields as grievance.register's arguments. */
static json_t *
register_args_of(sqlite3_stmt *st, const char *category)
{
	json_t *a = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", (const char *)sqlite3_column_text(st, 1),
		"description", (const char *)sqlite3_column_text(st, 2), "category", category, "channel", "web");
	static const char *const opt[] = { "mobile", "lang", "address", "block", "gp" };
	for (int i = 0; i < 5; i++) {
		const char *v = (const char *)sqlite3_column_text(st, 3 + i);
		if (v && *v)
			json_object_set_new(a, opt[i], json_string(v));
	}
	if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
		json_object_set_new(a, "lat", json_real(sqlite3_column_double(st, 8)));
		json_object_set_new(a, "lon", json_real(sqlite3_column_double(st, 9)));
	}
	return a;
}

enum zila_status
act_request_register(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "request", "category", "id", "number", NULL };
	const char *ref, *category, *gid, *number;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "request", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_str(ctx, "category", ZILA_REQ, 40, &category)) ||
	    (s = zila_arg_str(ctx, "id", ZILA_OPT, 36, &gid)) || (s = zila_arg_str(ctx, "number", ZILA_OPT, 40, &number)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT h.status, h.citizen_name, h.description, h.mobile, h.lang,"
		" h.address, h.block, h.gp, h.lat, h.lon, h.attachments, coalesce(g.number, '') FROM held_request h"
		" LEFT JOIN grievance g ON g.id = h.grievance_id WHERE h.id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	char id[40];
	snprintf(id, sizeof id, "%s", ref);
	bind_str(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? zila_fail(ctx->err, ZILA_ENOTFOUND, "no held request '%s'", ref)
			: zila_db_error(ctx->db, "held request", ctx->err);
	}
	if (strcmp((const char *)sqlite3_column_text(st, 0), "held") != 0) {
		char was[40];
		snprintf(was, sizeof was, "%s", (const char *)sqlite3_column_text(st, 11));
		sqlite3_reset(st);
		return zila_fail(ctx->err, ZILA_ESTATE, "request %s was already registered, as grievance %s", id, was);
	}
	json_t *sub = register_args_of(st, category);
	json_t *att = json_loads((const char *)sqlite3_column_text(st, 10), 0, NULL);
	sqlite3_reset(st);
	/* what the desk's run wrote back, for the server's run */
	if (gid)
		json_object_set_new(sub, "id", json_string(gid));
	if (number)
		json_object_set_new(sub, "number", json_string(number));
	/* grievance.register itself, on these arguments for a moment (as the
	 * attachment checks do): one transaction, the counter's rules */
	json_t *saved = ctx->args;
	enum zila_action_id was = ctx->action;
	ctx->args = sub;
	ctx->action = ZILA_ACT_GRIEVANCE_REGISTER; /* its argument rows are read by its name */
	s = act_grievance_register(ctx);
	ctx->action = was;
	ctx->args = saved;
	const char *made = json_string_value(json_object_get(sub, "id"));
	char grievance_id[40] = "";
	if (s == ZILA_OK && made) {
		snprintf(grievance_id, sizeof grievance_id, "%s", made);
		json_object_set(saved, "id", json_object_get(sub, "id"));
		json_object_set(saved, "number", json_object_get(sub, "number"));
	}
	/* the citizen's files were checked and stored when the server took
	 * them: the desk fetches them when someone opens one */
	size_t i;
	json_t *e;
	json_array_foreach(att, i, e) {
		struct attachment a = {
			.sha256 = json_string_value(json_object_get(e, "sha256")), .name = json_string_value(json_object_get(e, "name")),
			.mime = json_string_value(json_object_get(e, "mime")), .kind = json_string_value(json_object_get(e, "kind")),
			.size = json_integer_value(json_object_get(e, "size")),
		};
		if (s == ZILA_OK && (!a.sha256 || !a.name || !a.mime || !a.kind))
			s = zila_fail(ctx->err, ZILA_EINVAL, "held request %s: attachment %zu is incomplete", id, i + 1);
		if (s == ZILA_OK)
			s = grv_attachment_insert(ctx, grievance_id, &a);
	}
	json_decref(att);
	json_decref(sub);
	if (s != ZILA_OK)
		return s;
	if (!(st = zila_db_stmt(ctx->db, "UPDATE held_request SET status = 'registered', grievance_id = ?2,"
			" registered_by = ?3, version = version + 1, updated_at = ?4 WHERE id = ?1", ctx->err)))
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, grievance_id);
	bind_str(st, 3, ctx->actor->user_id);
	bind_str(st, 4, ctx->now);
	if ((s = core_step_done(ctx->db, st, "held request", ctx->err)) == ZILA_OK)
		json_object_set_new(ctx->result, "request", json_string(id));
	return s;
}

enum zila_status
zila_held_list(struct zila_db *db, json_t **rows, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT id, created_at, citizen_name, mobile, description, json(suggested)"
		" AS suggested, json_array_length(attachments) AS files FROM held_request WHERE status = 'held'"
		" ORDER BY created_at, id", err);
	if (!st)
		return ZILA_EDB;
	enum zila_status s = zila_query_rows(db, st, rows, err);
	if (s != ZILA_OK)
		return s;
	size_t i;
	json_t *r;
	/* the suggestions as a list, not as text */
	json_array_foreach(*rows, i, r) {
		json_t *sug = json_loads(json_string_value(json_object_get(r, "suggested")), 0, NULL);
		json_object_set_new(r, "suggested", sug ? sug : json_array());
	}
	return ZILA_OK;
}
