/* grievance_register.c: grievance.register, and the attachments it and
 * grievance.attach carry: the citizen's details checked, the place
 * resolved, the number and due date given at the counter. */
#include <stdio.h>
#include <string.h>
#include "zila/blob.h"
#include "zila/grievance.h"
#include "zila/master.h"
#include "zila/util.h"
#include "internal.h"
#include "grievance_internal.h"

/* ------------------------------------------------------------ attachments */

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
 * on the server a blob the pushing desk has not uploaded is still being
 * uploaded, so retry. */
enum zila_status
grv_attachment_check(struct zila_action_ctx *ctx, struct attachment *a)
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
	/* on the server the pushing desk must have sent the bytes itself (or
	 * fetched them): a hash alone, perhaps another office's, is not enough;
	 * retry makes the desk upload them, which it can only if it has them */
	bool server = zila_db_kind(ctx->db) == ZILA_DB_SERVER;
	if (!zila_blob_present(ctx->db, a->sha256) ||
	    (server && ctx->actor->desk_id[0] && !zila_blob_granted(ctx->db, a->sha256, ctx->actor->desk_id))) {
		if (server)
			return zila_fail(ctx->err, ZILA_ERETRY, "attachment %s has not arrived yet", a->name);
		return zila_fail(ctx->err, ZILA_EINVAL, "sha256: the file of attachment %s is not in the blob store", a->name);
	}
	long long stored;
	s = zila_db_int(ctx->db, "SELECT size FROM blob WHERE sha256 = :sha",
		ZILA_PARAMS(ZILA_PTEXT(":sha", a->sha256)), &stored, ctx->err);
	if (s == ZILA_ENOTFOUND)
		stored = -1;
	else if (s != ZILA_OK)
		return s;
	if (stored != a->size)
		return zila_fail(ctx->err, ZILA_EINVAL, "size: attachment %s has %lld bytes, not %lld", a->name, stored, a->size);
	return ZILA_OK;
}

enum zila_status
grv_attachment_insert(struct zila_action_ctx *ctx, const char *grievance_id, const struct attachment *a)
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
		else if ((s = zila_arg_known(ctx, keys)) == ZILA_OK && (s = grv_attachment_check(ctx, &out[i])) == ZILA_OK)
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
	if ((s = zila_db_text(ctx->db, "SELECT block_id FROM gram_panchayat WHERE id = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", gp_id)), gp_block, sizeof gp_block, ctx->err)))
		return s;
	if (block && strcmp(block_id, gp_block) != 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "gp %s does not lie in block %s", gp, block);
	snprintf(block_id, 40, "%s", gp_block);
	return ZILA_OK;
}

struct reg_args {
	const char *citizen, *description, *category, *channel, *mobile, *address, *block, *gp, *lang;
	const char *village, *ward, *subject, *department, *id, *number;
	double lat, lon;
	bool has_lat, has_lon;
};

static enum zila_status
register_args(struct zila_action_ctx *ctx, struct reg_args *a)
{
	static const char *const keys[] = { "citizen_name", "description", "category", "channel", "mobile",
		"address", "block", "gp", "village", "ward", "lat", "lon", "subject", "department", "attachments",
		"id", "number", "lang", NULL };
	static const char *const langs[] = { "hi", "en", NULL };
	static const char *const channels[] = { "counter", "phone", "post", "email", "web", "jandarshan",
		"cpgrams", "camp", NULL };
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) ||
	    (s = zila_arg_by_def(ctx, "citizen_name", &a->citizen)) ||
	    (s = zila_arg_by_def(ctx, "description", &a->description)) ||
	    (s = zila_arg_by_def(ctx, "category", &a->category)) ||
	    (s = zila_arg_enum(ctx, "channel", ZILA_OPT, channels, &a->channel)) ||
	    (s = zila_arg_by_def(ctx, "mobile", &a->mobile)) ||
	    (s = zila_arg_by_def(ctx, "address", &a->address)) ||
	    (s = zila_arg_by_def(ctx, "block", &a->block)) ||
	    (s = zila_arg_by_def(ctx, "gp", &a->gp)) ||
	    (s = zila_arg_by_def(ctx, "village", &a->village)) ||
	    (s = zila_arg_by_def(ctx, "ward", &a->ward)) ||
	    (s = zila_arg_real(ctx, "lat", -90, 90, &a->lat, &a->has_lat)) ||
	    (s = zila_arg_real(ctx, "lon", -180, 180, &a->lon, &a->has_lon)) ||
	    (s = zila_arg_by_def(ctx, "subject", &a->subject)) ||
	    (s = zila_arg_by_def(ctx, "department", &a->department)) ||
	    (s = zila_arg_by_def(ctx, "id", &a->id)) ||
	    (s = zila_arg_by_def(ctx, "number", &a->number)) ||
	    (s = zila_arg_enum(ctx, "lang", ZILA_OPT, langs, &a->lang)))
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
	if (a.mobile && !zila_mobile_normal(a.mobile, mobile))
		return zila_fail(ctx->err, ZILA_EINVAL,
			"mobile must be 10 digits starting with 6, 7, 8 or 9 (\"+91\", \"0\", spaces and dashes allowed)");
	if ((s = zila_master_resolve(ctx->db, ZILA_M_CATEGORY, a.category, category_id, ctx->err)) ||
	    (s = place_resolve(ctx, a.block, a.gp, block_id, gp_id)))
		return s;
	if (a.department)
		s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, a.department, dept_id, ctx->err);
	else {
		s = zila_db_text(ctx->db, "SELECT department_id FROM category WHERE id = ?1",
			ZILA_PARAMS(ZILA_PTEXT("?1", category_id)), dept_id, sizeof dept_id, ctx->err);
	}
	if (s || (s = grv_department_active(ctx, a.department ? a.department : a.category, dept_id)) ||
	    (s = grv_due_from_today(ctx, category_id, due)))
		return s;

	/* the id always uses up the first derived id, so the event ids are
	 * the same whether or not the arguments already carry it */
	zila_action_new_id(ctx, id);
	if (a.id)
		snprintf(id, sizeof id, "%s", a.id);
	if (a.number && (s = zila_number_given(ctx, 'G', a.number)))
		return s;
	if (a.number)
		snprintf(number, sizeof number, "%s", a.number);
	else if ((s = zila_number_next(ctx, 'G', number, sizeof number)))
		return s;
	json_object_set_new(ctx->args, "id", json_string(id));
	json_object_set_new(ctx->args, "number", json_string(number));

	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO grievance(id, created_at, updated_at, number, channel, citizen_name, mobile, address,"
		" block_id, gp_id, village, ward, lat, lon, category_id, department_id, subject, description,"
		" registered_on, due_date, created_by, desk_id, lang)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, ''), nullif(?9, ''), ?10, ?11, ?12, ?13, ?14, ?15,"
		" ?16, ?17, ?18, ?19, ?20, ?21, ?22)", ctx->err);
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
	bind_str(st, 22, a.lang ? a.lang : "hi");
	s = core_step_done(ctx->db, st, "grievance", ctx->err);
	if (s == ZILA_EEXIST)
		return zila_fail(ctx->err, ZILA_EEXIST, "number: grievance %s exists already", number);
	if (s)
		return s;
	struct grv g = { 0 };
	snprintf(g.id, sizeof g.id, "%s", id);
	snprintf(g.status, sizeof g.status, "%s", zila_transition_to(&zila_grievance_kind,
		&zila_grievance_kind.transitions[ZILA_GT_REGISTER], NULL));
	snprintf(g.department_id, sizeof g.department_id, "%s", dept_id);
	const struct change c = { .kind = "registered" };
	if ((s = grv_event(ctx, &g, NULL, NULL, &c)))
		return s;
	for (size_t i = 0; i < natt; i++)
		if ((s = grv_attachment_insert(ctx, id, &att[i])))
			return s;
	json_object_set_new(ctx->result, "id", json_string(id));
	json_object_set_new(ctx->result, "number", json_string(number));
	json_object_set_new(ctx->result, "due_date", json_string(due));
	return ZILA_OK;
}
