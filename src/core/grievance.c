/* grievance.c: the grievance actions. Each handler checks its arguments,
 * finds the grievance, checks the state machine of grievance.h and the
 * department rule, then writes the row and one event row inside the
 * caller's transaction. Queries live in grievance_query.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/blob.h"
#include "zila/grievance.h"
#include "zila/master.h"
#include "zila/util.h"
#include "internal.h"

#define TEXT_MAX 4000   /* description, note, reply, reason: characters */
#define TRANSFER_MAX 3
#define APPEAL_DAYS 30

/* The mutable part of a grievance row, loaded, changed by a handler and
 * written back by one UPDATE. */
struct grv {
	char id[40], number[40], status[16], department_id[40], officer_id[40], category_id[40];
	char disposed_on[11], closed_on[11], due_date[11], duplicate_of[40];
	long long transfers, appeals, rating; /* rating 0: none */
	const char *final_reply;              /* written only when reply_set */
	bool reply_set;
};

/* What an event records besides the row's before and after. */
struct change {
	const char *kind, *note, *visibility;
	long long rating;
};

/* True when s is one of the NULL-terminated strings that follow. */
static bool
one_of(const char *s, ...)
{
	va_list ap;
	bool hit = false;
	va_start(ap, s);
	for (const char *v; (v = va_arg(ap, const char *));)
		if (strcmp(s, v) == 0)
			hit = true;
	va_end(ap);
	return hit;
}

static bool
is_open(const char *status)
{
	return one_of(status, "registered", "assigned", "in_progress", "appealed", NULL);
}

/* Refuses a transition: the message names the grievance, its present
 * state and what the action needs, so the person knows why. */
static enum zila_status
bad_state(struct zila_action_ctx *ctx, const struct grv *g, const char *rule)
{
	return zila_fail(ctx->err, ZILA_ESTATE, "grievance %s is %s; %s", g->number,
		strcmp(g->status, "in_progress") == 0 ? "in progress" : g->status, rule);
}

static void
copy_col(sqlite3_stmt *st, int col, char *buf, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	snprintf(buf, n, "%s", t ? (const char *)t : "");
}

/* Finds the grievance named by args["grievance"] (number or id) and loads
 * its mutable fields. */
static enum zila_status
grv_load(struct zila_action_ctx *ctx, const char *ref, struct grv *g)
{
	enum zila_status s;
	memset(g, 0, sizeof *g);
	if ((s = zila_grievance_resolve(ctx->db, ref, g->id, ctx->err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"SELECT number, status, department_id, officer_id, category_id, disposed_on, closed_on, due_date,"
		" duplicate_of, transfers, appeals, coalesce(rating, 0) FROM grievance WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, g->id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_col(st, 0, g->number, sizeof g->number);
		copy_col(st, 1, g->status, sizeof g->status);
		copy_col(st, 2, g->department_id, sizeof g->department_id);
		copy_col(st, 3, g->officer_id, sizeof g->officer_id);
		copy_col(st, 4, g->category_id, sizeof g->category_id);
		copy_col(st, 5, g->disposed_on, sizeof g->disposed_on);
		copy_col(st, 6, g->closed_on, sizeof g->closed_on);
		copy_col(st, 7, g->due_date, sizeof g->due_date);
		copy_col(st, 8, g->duplicate_of, sizeof g->duplicate_of);
		g->transfers = sqlite3_column_int64(st, 9);
		g->appeals = sqlite3_column_int64(st, 10);
		g->rating = sqlite3_column_int64(st, 11);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? zila_fail(ctx->err, ZILA_ENOTFOUND, "no grievance '%s'", ref)
					 : zila_db_error(ctx->db, "grievance", ctx->err);
	return ZILA_OK;
}

/* Writes an event row: who, when, on which desk, from and to. */
static enum zila_status
event_insert(struct zila_action_ctx *ctx, const struct grv *g, const char *from_status, const char *from_dept,
	const struct change *c)
{
	char id[40];
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO grievance_event(id, created_at, updated_at, grievance_id, kind, from_status, to_status,"
		" from_department_id, to_department_id, note, visibility, rating, actor_id, at, desk_id)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?2, ?13)", ctx->err);
	if (!st)
		return ZILA_EDB;
	zila_action_new_id(ctx, id);
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, g->id);
	bind_str(st, 4, c->kind);
	bind_str(st, 5, from_status);
	bind_str(st, 6, g->status);
	bind_str(st, 7, from_dept);
	bind_str(st, 8, g->department_id);
	bind_str(st, 9, c->note ? c->note : "");
	bind_str(st, 10, c->visibility ? c->visibility : "public");
	if (c->rating)
		sqlite3_bind_int64(st, 11, c->rating);
	bind_str(st, 12, ctx->actor->user_id);
	bind_str(st, 13, ctx->actor->desk_id);
	return core_step_done(ctx->db, st, "grievance event", ctx->err);
}

/* Writes g back (version + 1) and the event of the change; old is the row
 * as loaded, for the event's from-fields. */
static enum zila_status
grv_save(struct zila_action_ctx *ctx, const struct grv *g, const struct grv *old, const struct change *c)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"UPDATE grievance SET status = ?2, department_id = ?3, officer_id = nullif(?4, ''), transfers = ?5,"
		" disposed_on = nullif(?6, ''), rating = nullif(?7, 0), appeals = ?8, duplicate_of = nullif(?9, ''),"
		" closed_on = nullif(?10, ''), due_date = ?11,"
		" final_reply = CASE WHEN ?12 THEN ?13 ELSE final_reply END,"
		" version = version + 1, updated_at = ?14 WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, g->id);
	bind_str(st, 2, g->status);
	bind_str(st, 3, g->department_id);
	bind_str(st, 4, g->officer_id);
	sqlite3_bind_int64(st, 5, g->transfers);
	bind_str(st, 6, g->disposed_on);
	sqlite3_bind_int64(st, 7, g->rating);
	sqlite3_bind_int64(st, 8, g->appeals);
	bind_str(st, 9, g->duplicate_of);
	bind_str(st, 10, g->closed_on);
	bind_str(st, 11, g->due_date);
	sqlite3_bind_int(st, 12, g->reply_set);
	bind_str(st, 13, g->final_reply);
	bind_str(st, 14, ctx->now);
	enum zila_status s = core_step_done(ctx->db, st, "grievance", ctx->err);
	if (s == ZILA_OK)
		s = event_insert(ctx, g, old->status, old->department_id, c);
	if (s == ZILA_OK) {
		json_object_set_new(ctx->result, "id", json_string(g->id));
		json_object_set_new(ctx->result, "number", json_string(g->number));
		json_object_set_new(ctx->result, "status", json_string(g->status));
	}
	return s;
}

/* The category's time limit from today: the due date of a new grievance,
 * and of an appeal or a reopening (each gets a fresh time limit). */
static enum zila_status
due_from_today(struct zila_action_ctx *ctx, const char *category_id, char *due)
{
	char days[16];
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT days FROM category WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, category_id, -1, SQLITE_STATIC);
	enum zila_status s = core_query_text(ctx->db, st, days, sizeof days, ctx->err);
	if (s == ZILA_OK)
		zila_date_add(ctx->today, atol(days), due, 11);
	return s;
}

/* A department that still takes work. */
static enum zila_status
department_active(struct zila_action_ctx *ctx, const char *ref, const char *id)
{
	char active[4];
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT active FROM department WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	enum zila_status s = core_query_text(ctx->db, st, active, sizeof active, ctx->err);
	if (s == ZILA_OK && strcmp(active, "1") != 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "department %s is closed to new work", ref);
	return s;
}

/* Loads the grievance a handler works on, and keeps the row as it was
 * for the event's from-fields. */
static enum zila_status
grv_open(struct zila_action_ctx *ctx, const char *ref, struct grv *g, struct grv *old)
{
	enum zila_status s = grv_load(ctx, ref, g);
	if (s == ZILA_OK)
		*old = *g;
	return s;
}

/* ------------------------------------------------------------ attachments */

struct attachment {
	const char *sha256, *name, *mime, *kind;
	long long size;
};

/* The kind an attachment gets from its MIME type when none is given. */
static const char *
kind_of_mime(const char *mime)
{
	if (strncmp(mime, "image/", 6) == 0)
		return "photo";
	if (strncmp(mime, "video/", 6) == 0)
		return "video";
	if (strncmp(mime, "audio/", 6) == 0)
		return "audio";
	return "document";
}

/* Checks one attachment's fields in ctx->args and that its bytes are in
 * this database's blob store: on a desk they must have been stored first;
 * on the server a missing blob is still being uploaded, so retry. */
static enum zila_status
attachment_check(struct zila_action_ctx *ctx, struct attachment *a)
{
	static const char *const kinds[] = { "photo", "video", "audio", "document", NULL };
	enum zila_status s;
	if ((s = zila_arg_str(ctx, "sha256", ZILA_REQ, 64, &a->sha256)) ||
	    (s = zila_arg_str(ctx, "name", ZILA_REQ, 255, &a->name)) ||
	    (s = zila_arg_str(ctx, "mime", ZILA_REQ, 100, &a->mime)) ||
	    (s = zila_arg_int(ctx, "size", ZILA_REQ, 0, 1LL << 40, &a->size, NULL)) ||
	    (s = zila_arg_enum(ctx, "kind", ZILA_OPT, kinds, &a->kind)))
		return s;
	if (!zila_is_sha256_hex(a->sha256))
		return zila_fail(ctx->err, ZILA_EINVAL, "sha256 must be 64 small hex digits");
	if (!a->kind)
		a->kind = kind_of_mime(a->mime);
	if (!zila_blob_present(ctx->db, a->sha256)) {
		if (zila_db_kind(ctx->db) == ZILA_DB_SERVER)
			return zila_fail(ctx->err, ZILA_ERETRY, "attachment %s has not arrived yet", a->name);
		return zila_fail(ctx->err, ZILA_EINVAL, "sha256: the file of attachment %s is not in the blob store", a->name);
	}
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT size FROM blob WHERE sha256 = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, a->sha256, -1, SQLITE_STATIC);
	long long stored = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (stored != a->size)
		return zila_fail(ctx->err, ZILA_EINVAL, "size: attachment %s has %lld bytes, not %lld", a->name, stored, a->size);
	return ZILA_OK;
}

static enum zila_status
attachment_insert(struct zila_action_ctx *ctx, const char *grievance_id, const struct attachment *a)
{
	char id[40];
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO grievance_attachment(id, created_at, updated_at, grievance_id, sha256, name, kind, mime, size)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", ctx->err);
	if (!st)
		return ZILA_EDB;
	zila_action_new_id(ctx, id);
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, grievance_id);
	bind_str(st, 4, a->sha256);
	bind_str(st, 5, a->name);
	bind_str(st, 6, a->kind);
	bind_str(st, 7, a->mime);
	sqlite3_bind_int64(st, 8, a->size);
	return core_step_done(ctx->db, st, "attachment", ctx->err);
}

/* register's "attachments": each element is checked with the same
 * argument checkers by pointing ctx->args at it for a moment; a refusal
 * says which attachment. */
static enum zila_status
attachments_check(struct zila_action_ctx *ctx, json_t *list, struct attachment *out, size_t *count)
{
	static const char *const keys[] = { "sha256", "name", "mime", "size", "kind", NULL };
	*count = 0;
	if (!list || json_is_null(list))
		return ZILA_OK;
	if (!json_is_array(list))
		return zila_fail(ctx->err, ZILA_EINVAL, "attachments must be a list");
	if (json_array_size(list) > 20)
		return zila_fail(ctx->err, ZILA_EINVAL, "attachments: at most 20 files");
	json_t *saved = ctx->args;
	enum zila_status s = ZILA_OK;
	for (size_t i = 0; s == ZILA_OK && i < json_array_size(list); i++) {
		ctx->args = json_array_get(list, i);
		if (!json_is_object(ctx->args))
			s = zila_fail(ctx->err, ZILA_EINVAL, "attachments: item %zu is not an object", i + 1);
		else if ((s = zila_arg_known(ctx, keys)) == ZILA_OK && (s = attachment_check(ctx, &out[i])) == ZILA_OK)
			(*count)++;
		if (s != ZILA_OK && ctx->err) {
			char msg[sizeof ctx->err->msg];
			snprintf(msg, sizeof msg, "attachments: item %zu: %.450s", i + 1, ctx->err->msg);
			snprintf(ctx->err->msg, sizeof ctx->err->msg, "%s", msg);
		}
	}
	ctx->args = saved;
	return s;
}

/* --------------------------------------------------------------- register */

/* A mobile number: 10 digits starting 6-9, optionally after "+91";
 * written to out as the 10 digits. */
static bool
mobile_normal(const char *in, char *out)
{
	if (strncmp(in, "+91", 3) == 0)
		in += 3;
	if (strlen(in) != 10 || in[0] < '6' || in[0] > '9')
		return false;
	for (int i = 0; i < 10; i++)
		if (in[i] < '0' || in[i] > '9')
			return false;
	memcpy(out, in, 11);
	return true;
}

static bool
uuid_ok(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]))
			return false;
	}
	return true;
}

/* DRG/G/07/2026/000042 */
static bool
number_ok(const char *s)
{
	static const char shape[] = "A/G/99/9999/999999";
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (n < 2 || n > 5 || strlen(s) != n + sizeof shape - 2)
		return false;
	for (const char *p = s + n, *q = shape + 1; *q; p++, q++)
		if (*q == '9' ? (*p < '0' || *p > '9') : *p != *q)
			return false;
	return true;
}

/* Block and gram panchayat: resolved, and the panchayat must lie in the
 * block; a panchayat alone brings its block. */
static enum zila_status
place_resolve(struct zila_action_ctx *ctx, const char *block, const char *gp, char *block_id, char *gp_id)
{
	enum zila_status s;
	char gp_block[40];
	block_id[0] = gp_id[0] = '\0';
	if (block && (s = zila_master_resolve(ctx->db, ZILA_M_BLOCK, block, block_id, ctx->err)))
		return s;
	if (!gp)
		return ZILA_OK;
	if ((s = zila_master_resolve(ctx->db, ZILA_M_GP, gp, gp_id, ctx->err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT block_id FROM gram_panchayat WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, gp_id, -1, SQLITE_STATIC);
	if ((s = core_query_text(ctx->db, st, gp_block, sizeof gp_block, ctx->err)))
		return s;
	if (block && strcmp(block_id, gp_block) != 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "gp %s does not lie in block %s", gp, block);
	snprintf(block_id, 40, "%s", gp_block);
	return ZILA_OK;
}

struct reg_args {
	const char *citizen, *description, *category, *channel, *mobile, *address, *block, *gp;
	const char *village, *ward, *subject, *department, *id, *number;
	double lat, lon;
	bool has_lat, has_lon;
};

static enum zila_status
register_args(struct zila_action_ctx *ctx, struct reg_args *a)
{
	static const char *const keys[] = { "citizen_name", "description", "category", "channel", "mobile",
		"address", "block", "gp", "village", "ward", "lat", "lon", "subject", "department", "attachments",
		"id", "number", NULL };
	static const char *const channels[] = { "counter", "phone", "post", "email", "web", "jandarshan",
		"cpgrams", "camp", NULL };
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) ||
	    (s = zila_arg_str(ctx, "citizen_name", ZILA_REQ, 100, &a->citizen)) ||
	    (s = zila_arg_text(ctx, "description", ZILA_REQ, TEXT_MAX, &a->description)) ||
	    (s = zila_arg_str(ctx, "category", ZILA_REQ, 40, &a->category)) ||
	    (s = zila_arg_enum(ctx, "channel", ZILA_OPT, channels, &a->channel)) ||
	    (s = zila_arg_str(ctx, "mobile", ZILA_OPT, 20, &a->mobile)) ||
	    (s = zila_arg_text(ctx, "address", ZILA_OPT, 300, &a->address)) ||
	    (s = zila_arg_str(ctx, "block", ZILA_OPT, 40, &a->block)) ||
	    (s = zila_arg_str(ctx, "gp", ZILA_OPT, 40, &a->gp)) ||
	    (s = zila_arg_str(ctx, "village", ZILA_OPT, 100, &a->village)) ||
	    (s = zila_arg_str(ctx, "ward", ZILA_OPT, 50, &a->ward)) ||
	    (s = zila_arg_real(ctx, "lat", -90, 90, &a->lat, &a->has_lat)) ||
	    (s = zila_arg_real(ctx, "lon", -180, 180, &a->lon, &a->has_lon)) ||
	    (s = zila_arg_str(ctx, "subject", ZILA_OPT, 200, &a->subject)) ||
	    (s = zila_arg_str(ctx, "department", ZILA_OPT, 40, &a->department)) ||
	    (s = zila_arg_str(ctx, "id", ZILA_OPT, 36, &a->id)) ||
	    (s = zila_arg_str(ctx, "number", ZILA_OPT, 40, &a->number)))
		return s;
	if (a->has_lat != a->has_lon)
		return zila_fail(ctx->err, ZILA_EINVAL, "%s: lat and lon go together", a->has_lat ? "lon" : "lat");
	if (a->id && !uuid_ok(a->id))
		return zila_fail(ctx->err, ZILA_EINVAL, "id must be a UUID");
	if (a->number && !number_ok(a->number))
		return zila_fail(ctx->err, ZILA_EINVAL, "number must look like DRG/G/07/2026/000042");
	return ZILA_OK;
}

enum zila_status
act_grievance_register(struct zila_action_ctx *ctx)
{
	struct reg_args a = { 0 };
	struct attachment att[20];
	size_t natt;
	char mobile[11] = "", category_id[40], dept_id[40], block_id[40], gp_id[40], id[40], number[40], due[11];
	enum zila_status s;
	if ((s = register_args(ctx, &a)) ||
	    (s = attachments_check(ctx, json_object_get(ctx->args, "attachments"), att, &natt)))
		return s;
	if (a.mobile && !mobile_normal(a.mobile, mobile))
		return zila_fail(ctx->err, ZILA_EINVAL, "mobile must be 10 digits starting with 6, 7, 8 or 9 (\"+91\" allowed)");
	if ((s = zila_master_resolve(ctx->db, ZILA_M_CATEGORY, a.category, category_id, ctx->err)) ||
	    (s = place_resolve(ctx, a.block, a.gp, block_id, gp_id)))
		return s;
	if (a.department)
		s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, a.department, dept_id, ctx->err);
	else {
		sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT department_id FROM category WHERE id = ?1", ctx->err);
		if (!st)
			return ZILA_EDB;
		sqlite3_bind_text(st, 1, category_id, -1, SQLITE_STATIC);
		s = core_query_text(ctx->db, st, dept_id, sizeof dept_id, ctx->err);
	}
	if (s || (s = department_active(ctx, a.department ? a.department : a.category, dept_id)) ||
	    (s = due_from_today(ctx, category_id, due)))
		return s;

	/* the id always uses up the first derived id, so the event ids are
	 * the same whether or not the arguments already carry it */
	zila_action_new_id(ctx, id);
	if (a.id)
		snprintf(id, sizeof id, "%s", a.id);
	if (a.number)
		snprintf(number, sizeof number, "%s", a.number);
	else if ((s = zila_number_next(ctx, 'G', number, sizeof number)))
		return s;
	json_object_set_new(ctx->args, "id", json_string(id));
	json_object_set_new(ctx->args, "number", json_string(number));

	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO grievance(id, created_at, updated_at, number, channel, citizen_name, mobile, address,"
		" block_id, gp_id, village, ward, lat, lon, category_id, department_id, subject, description,"
		" registered_on, due_date, created_by, desk_id)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, ''), nullif(?9, ''), ?10, ?11, ?12, ?13, ?14, ?15,"
		" ?16, ?17, ?18, ?19, ?20, ?21)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, number);
	bind_str(st, 4, a.channel ? a.channel : "counter");
	bind_str(st, 5, a.citizen);
	bind_str(st, 6, mobile);
	bind_str(st, 7, a.address ? a.address : "");
	bind_str(st, 8, block_id);
	bind_str(st, 9, gp_id);
	bind_str(st, 10, a.village ? a.village : "");
	bind_str(st, 11, a.ward ? a.ward : "");
	if (a.has_lat) {
		sqlite3_bind_double(st, 12, a.lat);
		sqlite3_bind_double(st, 13, a.lon);
	}
	bind_str(st, 14, category_id);
	bind_str(st, 15, dept_id);
	bind_str(st, 16, a.subject ? a.subject : "");
	bind_str(st, 17, a.description);
	bind_str(st, 18, ctx->today);
	bind_str(st, 19, due);
	bind_str(st, 20, ctx->actor->user_id);
	bind_str(st, 21, ctx->actor->desk_id);
	s = core_step_done(ctx->db, st, "grievance", ctx->err);
	if (s == ZILA_EEXIST)
		return zila_fail(ctx->err, ZILA_EEXIST, "number: grievance %s exists already", number);
	if (s)
		return s;
	struct grv g = { 0 };
	snprintf(g.id, sizeof g.id, "%s", id);
	snprintf(g.status, sizeof g.status, "registered");
	snprintf(g.department_id, sizeof g.department_id, "%s", dept_id);
	const struct change c = { .kind = "registered" };
	if ((s = event_insert(ctx, &g, NULL, NULL, &c)))
		return s;
	for (size_t i = 0; i < natt; i++)
		if ((s = attachment_insert(ctx, id, &att[i])))
			return s;
	json_object_set_new(ctx->result, "id", json_string(id));
	json_object_set_new(ctx->result, "number", json_string(number));
	json_object_set_new(ctx->result, "due_date", json_string(due));
	return ZILA_OK;
}

/* ------------------------------------------------------- routing the work */

/* An officer to give the grievance to: an active officer or head of the
 * department it will be in. */
static enum zila_status
officer_check(struct zila_action_ctx *ctx, const char *login, const char *dept_id, char *officer_id)
{
	enum zila_status s = zila_master_resolve(ctx->db, ZILA_M_USER, login, officer_id, ctx->err);
	if (s)
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT 1 FROM app_user WHERE id = ?1 AND active = 1"
		" AND role IN ('officer', 'head') AND department_id = ?2", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, officer_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, dept_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return zila_fail(ctx->err, ZILA_EINVAL, "officer: %s is not an active officer of the grievance's department", login);
	return ZILA_OK;
}

/* registered -> assigned: the clerk, Collector or admin route it to a
 * department (and perhaps an officer); a head gives it to an officer of
 * their own department. Once assigned, assign only changes the officer;
 * moving to another department is a transfer. */
enum zila_status
act_grievance_assign(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "department", "officer", "note", NULL };
	const char *ref, *dept, *officer, *note;
	struct grv g, old;
	char dept_id[40];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_str(ctx, "department", ZILA_OPT, 40, &dept)) ||
	    (s = zila_arg_str(ctx, "officer", ZILA_OPT, 64, &officer)) ||
	    (s = zila_arg_text(ctx, "note", ZILA_OPT, TEXT_MAX, &note)) ||
	    (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (dept && (s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, dept, dept_id, ctx->err)))
		return s;
	bool routed = one_of(g.status, "assigned", "in_progress", NULL);
	if (!routed && strcmp(g.status, "registered") != 0)
		return bad_state(ctx, &g, "only a registered grievance can be assigned, or an assigned one given another officer");
	if (routed && !officer)
		return bad_state(ctx, &g, "it is assigned already: name an officer, or transfer it");
	if (routed && dept && strcmp(dept_id, g.department_id) != 0)
		return bad_state(ctx, &g, "moving it to another department is a transfer");
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	if (dept && ctx->actor->role == ZILA_ROLE_HEAD && strcmp(dept_id, ctx->actor->department_id) != 0)
		return zila_fail(ctx->err, ZILA_EDENIED, "department: a head assigns within their own department");
	if (dept) {
		if ((s = department_active(ctx, dept, dept_id)))
			return s;
		snprintf(g.department_id, sizeof g.department_id, "%s", dept_id);
	}
	if (officer && (s = officer_check(ctx, officer, g.department_id, g.officer_id)))
		return s;
	if (!routed)
		snprintf(g.status, sizeof g.status, "assigned");
	const struct change c = { .kind = "assigned", .note = note };
	return grv_save(ctx, &g, &old, &c);
}

/* assigned|in_progress -> assigned in another department, at most three
 * times; the officer is cleared, the due date kept. */
enum zila_status
act_grievance_transfer(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "department", "reason", NULL };
	const char *ref, *dept, *reason;
	struct grv g, old;
	char dept_id[40];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_str(ctx, "department", ZILA_REQ, 40, &dept)) ||
	    (s = zila_arg_text(ctx, "reason", ZILA_REQ, TEXT_MAX, &reason)) ||
	    (s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, dept, dept_id, ctx->err)) ||
	    (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!one_of(g.status, "assigned", "in_progress", NULL))
		return bad_state(ctx, &g, "only an assigned or in-progress grievance can be transferred");
	if (g.transfers >= TRANSFER_MAX)
		return bad_state(ctx, &g, "it has been transferred 3 times already, the most allowed");
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	if (strcmp(dept_id, g.department_id) == 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "department: grievance %s is with %s already", g.number, dept);
	if ((s = department_active(ctx, dept, dept_id)))
		return s;
	snprintf(g.department_id, sizeof g.department_id, "%s", dept_id);
	snprintf(g.status, sizeof g.status, "assigned");
	g.officer_id[0] = '\0';
	g.transfers++;
	const struct change c = { .kind = "transferred", .note = reason };
	return grv_save(ctx, &g, &old, &c);
}

/* A note on an open grievance; an interim reply (public) moves an
 * assigned grievance to in_progress. */
enum zila_status
act_grievance_note(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "note", "visibility", "interim", NULL };
	static const char *const vis[] = { "public", "internal", NULL };
	const char *ref, *note, *visibility;
	bool interim = false, has_interim;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_text(ctx, "note", ZILA_REQ, TEXT_MAX, &note)) ||
	    (s = zila_arg_enum(ctx, "visibility", ZILA_OPT, vis, &visibility)) ||
	    (s = zila_arg_bool(ctx, "interim", &interim, &has_interim)))
		return s;
	if (interim && visibility && strcmp(visibility, "internal") == 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "visibility: an interim reply goes to the citizen, so it is public");
	if ((s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (interim && !one_of(g.status, "assigned", "in_progress", NULL))
		return bad_state(ctx, &g, "an interim reply needs an assigned or in-progress grievance");
	if (!is_open(g.status))
		return bad_state(ctx, &g, "notes are added only to an open grievance");
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	if (interim)
		snprintf(g.status, sizeof g.status, "in_progress");
	const struct change c = { .kind = interim ? "interim_reply" : "note", .note = note, .visibility = visibility };
	return grv_save(ctx, &g, &old, &c);
}

/* The final reply: an open grievance (registered, assigned, in progress)
 * or an appeal becomes disposed. */
enum zila_status
act_grievance_dispose(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "reply", NULL };
	const char *ref, *reply;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_text(ctx, "reply", ZILA_REQ, TEXT_MAX, &reply)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!is_open(g.status))
		return bad_state(ctx, &g, "only an open grievance or an appeal can be disposed");
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	bool appeal = strcmp(g.status, "appealed") == 0;
	snprintf(g.status, sizeof g.status, "disposed");
	snprintf(g.disposed_on, sizeof g.disposed_on, "%s", ctx->today);
	g.final_reply = reply;
	g.reply_set = true;
	const struct change c = { .kind = appeal ? "appeal_disposed" : "disposed", .note = reply };
	return grv_save(ctx, &g, &old, &c);
}

/* The citizen's rating (1-5) of a disposal. */
enum zila_status
act_grievance_feedback(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "rating", "note", NULL };
	const char *ref, *note;
	long long rating;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_int(ctx, "rating", ZILA_REQ, 1, 5, &rating, NULL)) ||
	    (s = zila_arg_text(ctx, "note", ZILA_OPT, TEXT_MAX, &note)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (strcmp(g.status, "disposed") != 0)
		return bad_state(ctx, &g, "feedback is taken on a disposed grievance");
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	g.rating = rating;
	const struct change c = { .kind = "feedback", .note = note, .rating = rating };
	return grv_save(ctx, &g, &old, &c);
}

/* The citizen appeals a disposal: once, within 30 days of it; the appeal
 * gets a fresh time limit. */
enum zila_status
act_grievance_appeal(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "reason", NULL };
	const char *ref, *reason;
	struct grv g, old;
	char rule[128];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_text(ctx, "reason", ZILA_REQ, TEXT_MAX, &reason)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (strcmp(g.status, "disposed") != 0)
		return bad_state(ctx, &g, "only a disposed grievance can be appealed");
	if (g.appeals > 0)
		return bad_state(ctx, &g, "it was appealed once already, and a grievance is appealed only once");
	long days = zila_date_diff(g.disposed_on, ctx->today);
	if (days > APPEAL_DAYS) {
		snprintf(rule, sizeof rule, "it was disposed on %s, %ld days ago, and an appeal must come within %d days",
			g.disposed_on, days, APPEAL_DAYS);
		return bad_state(ctx, &g, rule);
	}
	if ((s = zila_action_require_department(ctx, g.department_id)) ||
	    (s = due_from_today(ctx, g.category_id, g.due_date)))
		return s;
	snprintf(g.status, sizeof g.status, "appealed");
	g.appeals++;
	const struct change c = { .kind = "appealed", .note = reason };
	return grv_save(ctx, &g, &old, &c);
}

/* A head, the Collector or admin reopen a disposed or closed grievance:
 * back to its department, with a fresh time limit; the old disposal stays
 * in the events. */
enum zila_status
act_grievance_reopen(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "reason", NULL };
	const char *ref, *reason;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_text(ctx, "reason", ZILA_REQ, TEXT_MAX, &reason)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!one_of(g.status, "disposed", "closed", NULL))
		return bad_state(ctx, &g, "only a disposed or closed grievance can be reopened");
	if ((s = zila_action_require_department(ctx, g.department_id)) ||
	    (s = due_from_today(ctx, g.category_id, g.due_date)))
		return s;
	snprintf(g.status, sizeof g.status, "assigned");
	g.disposed_on[0] = g.closed_on[0] = g.duplicate_of[0] = '\0';
	g.rating = 0;
	g.final_reply = NULL;
	g.reply_set = true;
	const struct change c = { .kind = "reopened", .note = reason };
	return grv_save(ctx, &g, &old, &c);
}

/* disposed -> closed: the file is done. */
enum zila_status
act_grievance_close(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "note", NULL };
	const char *ref, *note;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_text(ctx, "note", ZILA_OPT, TEXT_MAX, &note)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (strcmp(g.status, "disposed") != 0)
		return bad_state(ctx, &g, "only a disposed grievance can be closed");
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	snprintf(g.status, sizeof g.status, "closed");
	snprintf(g.closed_on, sizeof g.closed_on, "%s", ctx->today);
	const struct change c = { .kind = "closed", .note = note };
	return grv_save(ctx, &g, &old, &c);
}

/* Closes a grievance as a duplicate of another, which must not itself be
 * a duplicate (so chains and cycles cannot form). */
enum zila_status
act_grievance_duplicate(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "of", NULL };
	const char *ref, *of;
	struct grv g, old, orig;
	char note[80];
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = zila_arg_str(ctx, "of", ZILA_REQ, 40, &of)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if ((s = grv_load(ctx, of, &orig)))
		return s == ZILA_ENOTFOUND ? zila_fail(ctx->err, ZILA_EINVAL, "of: no grievance '%s'", of) : s;
	if (!one_of(g.status, "registered", "assigned", "in_progress", NULL))
		return bad_state(ctx, &g, "only a registered, assigned or in-progress grievance can be marked a duplicate");
	if (strcmp(orig.id, g.id) == 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "of: a grievance cannot be a duplicate of itself");
	if (orig.duplicate_of[0])
		return zila_fail(ctx->err, ZILA_EINVAL, "of: grievance %s is itself a duplicate; name the original", orig.number);
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	snprintf(g.status, sizeof g.status, "closed");
	snprintf(g.closed_on, sizeof g.closed_on, "%s", ctx->today);
	snprintf(g.duplicate_of, sizeof g.duplicate_of, "%s", orig.id);
	snprintf(note, sizeof note, "duplicate of %s", orig.number);
	const struct change c = { .kind = "duplicate", .note = note };
	return grv_save(ctx, &g, &old, &c);
}

/* A photo, video, audio or document added to any grievance not closed. */
enum zila_status
act_grievance_attach(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "grievance", "sha256", "name", "mime", "size", "kind", NULL };
	const char *ref;
	struct attachment a;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "grievance", ZILA_REQ, 40, &ref)) ||
	    (s = attachment_check(ctx, &a)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (strcmp(g.status, "closed") == 0)
		return bad_state(ctx, &g, "a closed grievance takes no more attachments");
	if ((s = zila_action_require_department(ctx, g.department_id)) || (s = attachment_insert(ctx, g.id, &a)))
		return s;
	const struct change c = { .kind = "attached", .note = a.name };
	return grv_save(ctx, &g, &old, &c);
}
