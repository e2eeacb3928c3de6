/* inspection.c: panchayat inspections and their suggestions: the actions
 * inspection.record, inspection.submit, suggestion.comply and
 * suggestion.verify, and the fortnight of a date. The state machines and
 * the arguments are those of include/zila/inspection.h. Every field is
 * checked before the first write; the action runner rolls back anything
 * a later refusal leaves behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/inspection.h"
#include "zila/master.h"
#include "zila/util.h"
#include "internal.h"

#define OBSERVATIONS_MAX 4000 /* characters */
#define REMARK_MAX 500
#define SUGGESTION_TEXT_MAX 1000
#define NOTE_MAX 2000
#define ANSWERS_MAX 200       /* entries in one inspection */
#define SUGGESTIONS_MAX 50

/* The fortnight is the half of the month the date falls in: days 1-15
 * are the first, 16 to the month's end the second. An invalid date gives
 * the empty string, so a caller never shows a made-up fortnight. */
void
zila_fortnight_of(const char *date, char *buf, size_t n)
{
	if (!n)
		return;
	if (!date || !zila_date_valid(date)) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, n, "%.7s-%d", date, atoi(date + 8) <= 15 ? 1 : 2);
}

struct answer_in {
	const char *item, *rating, *remark;
	char item_id[40];
};

struct suggestion_in {
	const char *text, *department, *target_date;
	char department_id[40];
};

struct record_in {
	const char *gp, *inspected_on, *observations, *id, *number, *nodal;
	char gp_id[40];
	/* the nodal officer the inspection is attributed to */
	char nodal_id[40], nodal_login[64];
	struct answer_in answers[ANSWERS_MAX];
	size_t nanswers;
	struct suggestion_in suggestions[SUGGESTIONS_MAX];
	size_t nsuggestions;
};

/* What the handlers need to know of an inspection row. */
struct inspection_row {
	char id[40], number[64], status[16], nodal_id[40], gp_id[40];
};

/* Puts "answer 2: " before the message of a refusal inside a list, so the
 * person finds the entry; returns the status unchanged. */
static enum zila_status
entry_fail(struct zila_action_ctx *ctx, const char *what, size_t i, enum zila_status s)
{
	if (ctx->err) {
		char msg[sizeof ctx->err->msg + 64];
		snprintf(msg, sizeof msg, "%s %zu: %s", what, i + 1, ctx->err->msg);
		snprintf(ctx->err->msg, sizeof ctx->err->msg, "%.*s", (int)sizeof ctx->err->msg - 1, msg);
	}
	return s;
}

/* Refuses keys of a list entry that are not in keys (typos in scripts). */
static enum zila_status
entry_known(struct zila_action_ctx *ctx, json_t *obj, const char *const *keys)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *k = keys; *k && !ok; k++)
			ok = strcmp(*k, key) == 0;
		if (!ok)
			return zila_fail(ctx->err, ZILA_EINVAL, "unknown field '%s'", key);
	}
	return ZILA_OK;
}

/* Checks one answer {item, rating, remark?}. The argument helpers read
 * ctx->args, so it points at the entry for the while. */
static enum zila_status
answer_check(struct zila_action_ctx *ctx, json_t *entry, struct answer_in *a)
{
	static const char *const keys[] = { "item", "rating", "remark", NULL };
	static const char *const ratings[] = { "good", "average", "poor", "na", NULL };
	if (!json_is_object(entry))
		return zila_fail(ctx->err, ZILA_EINVAL, "must be an object {item, rating, remark}");
	json_t *top = ctx->args;
	enum zila_status s;
	ctx->args = entry;
	if (!(s = entry_known(ctx, entry, keys)) && !(s = zila_arg_str(ctx, "item", ZILA_REQ, 10, &a->item)) &&
	    !(s = zila_arg_enum(ctx, "rating", ZILA_REQ, ratings, &a->rating)))
		s = zila_arg_text(ctx, "remark", ZILA_OPT, REMARK_MAX, &a->remark);
	ctx->args = top;
	if (s)
		return s;
	if (zila_master_resolve(ctx->db, ZILA_M_CHECKLIST, a->item, a->item_id, NULL) != ZILA_OK)
		return zila_fail(ctx->err, ZILA_EINVAL, "item '%s' is not on the checklist", a->item);
	return ZILA_OK;
}

/* Checks one suggestion {text, department, target_date}; the target may
 * not lie before the day of the inspection. */
static enum zila_status
suggestion_check(struct zila_action_ctx *ctx, json_t *entry, const char *inspected_on, struct suggestion_in *sg)
{
	static const char *const keys[] = { "text", "department", "target_date", NULL };
	if (!json_is_object(entry))
		return zila_fail(ctx->err, ZILA_EINVAL, "must be an object {text, department, target_date}");
	json_t *top = ctx->args;
	enum zila_status s;
	ctx->args = entry;
	if (!(s = entry_known(ctx, entry, keys)) &&
	    !(s = zila_arg_text(ctx, "text", ZILA_REQ, SUGGESTION_TEXT_MAX, &sg->text)) &&
	    !(s = zila_arg_str(ctx, "department", ZILA_REQ, 40, &sg->department)))
		s = zila_arg_date(ctx, "target_date", ZILA_REQ, &sg->target_date);
	ctx->args = top;
	if (s)
		return s;
	if (zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, sg->department, sg->department_id, NULL) != ZILA_OK)
		return zila_fail(ctx->err, ZILA_EINVAL, "department '%s' is not known", sg->department);
	if (strcmp(sg->target_date, inspected_on) < 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "target_date %s is before inspected_on %s",
			sg->target_date, inspected_on);
	return ZILA_OK;
}

/* The list argument key: absent is allowed only when optional; otherwise
 * an array of at most max entries. *list is NULL when absent. */
static enum zila_status
list_arg(struct zila_action_ctx *ctx, const char *key, int req, size_t max, json_t **list)
{
	json_t *v = json_object_get(ctx->args, key);
	*list = NULL;
	if (!v || json_is_null(v))
		return req ? zila_fail(ctx->err, ZILA_EINVAL, "%s is required", zila_field_word(key)) : ZILA_OK;
	if (!json_is_array(v))
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must be a list", zila_field_word(key));
	if (json_array_size(v) > max)
		return zila_fail(ctx->err, ZILA_EINVAL, "%s: at most %zu entries, not %zu", zila_field_word(key), max, json_array_size(v));
	*list = v;
	return ZILA_OK;
}

/* A UUID as text: 8-4-4-4-12 hex digits. */
static bool
uuid_shaped(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		bool hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
		if (dash ? s[i] != '-' : !hex)
			return false;
	}
	return true;
}

/* An inspection number as zila_number_next makes them:
 * DISTRICT/I/DESK/YEAR/SERIAL, e.g. DRG/I/07/2026/00012. Each %n notes
 * where a part ended, so the lengths of the parts can be checked. */
static bool
number_shaped(const char *s)
{
	int district = 0, desk = 0, year = 0, serial = 0, end = 0;
	char kind = 0;
	if (sscanf(s, "%*[A-Z]%n/%c/%*[0-9]%n/%*[0-9]%n/%*[0-9]%n", &district, &kind, &desk, &year, &serial) < 1 ||
	    kind != 'I')
		return false;
	end = (int)strlen(s);
	return district >= 2 && district <= 5 && desk == district + 5 && year == desk + 5 && serial >= year + 6 &&
	       serial == end;
}

/* Every field of inspection.record, before anything is written. */
static enum zila_status
record_parse(struct zila_action_ctx *ctx, struct record_in *in)
{
	static const char *const keys[] = { "gp", "inspected_on", "observations", "answers", "suggestions",
		"id", "number", "nodal", NULL };
	json_t *answers, *suggestions, *e;
	size_t i;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_str(ctx, "gp", ZILA_REQ, 10, &in->gp)) ||
	    (s = zila_arg_date(ctx, "inspected_on", ZILA_REQ, &in->inspected_on)) ||
	    (s = zila_arg_text(ctx, "observations", ZILA_OPT, OBSERVATIONS_MAX, &in->observations)) ||
	    (s = list_arg(ctx, "answers", ZILA_REQ, ANSWERS_MAX, &answers)) ||
	    (s = list_arg(ctx, "suggestions", ZILA_OPT, SUGGESTIONS_MAX, &suggestions)) ||
	    (s = zila_arg_str(ctx, "id", ZILA_OPT, 36, &in->id)) || (s = zila_arg_str(ctx, "number", ZILA_OPT, 40, &in->number)) ||
	    (s = zila_arg_str(ctx, "nodal", ZILA_OPT, 40, &in->nodal)))
		return s;
	if (in->number && !number_shaped(in->number))
		return zila_fail(ctx->err, ZILA_EINVAL, "number must be an inspection number like DRG/I/07/2026/00012, not '%s'",
			in->number);
	if (in->id && !uuid_shaped(in->id))
		return zila_fail(ctx->err, ZILA_EINVAL, "id must be an inspection id (a UUID), not '%s'", in->id);
	if (zila_master_resolve(ctx->db, ZILA_M_GP, in->gp, in->gp_id, NULL) != ZILA_OK)
		return zila_fail(ctx->err, ZILA_EINVAL, "gp: no gram panchayat with LGD code '%s'", in->gp);
	if (strcmp(in->inspected_on, ctx->today) > 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "inspected_on %s is in the future (today is %s)",
			in->inspected_on, ctx->today);
	json_array_foreach(answers, i, e) {
		struct answer_in *a = &in->answers[i];
		if ((s = answer_check(ctx, e, a)))
			return entry_fail(ctx, "answer", i, s);
		for (size_t j = 0; j < i; j++)
			if (strcmp(in->answers[j].item_id, a->item_id) == 0)
				return entry_fail(ctx, "answer", i,
					zila_fail(ctx->err, ZILA_EINVAL, "item '%s' is answered twice", a->item));
	}
	in->nanswers = json_array_size(answers);
	if (suggestions) {
		json_array_foreach(suggestions, i, e)
			if ((s = suggestion_check(ctx, e, in->inspected_on, &in->suggestions[i])))
				return entry_fail(ctx, "suggestion", i, s);
		in->nsuggestions = json_array_size(suggestions);
	}
	return ZILA_OK;
}

/* Whether gram panchayat gp_id is assigned to user user_id. */
static enum zila_status
assigned_to(struct zila_action_ctx *ctx, const char *user_id, const char *gp_id, bool *yes)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"SELECT 1 FROM nodal_assignment WHERE user_id = ?1 AND gp_id = ?2", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, user_id);
	bind_str(st, 2, gp_id);
	char one[4];
	enum zila_status s = core_query_text(ctx->db, st, one, sizeof one, ctx->err);
	*yes = s == ZILA_OK;
	return s == ZILA_ENOTFOUND ? ZILA_OK : s;
}

/* Fills in->nodal_login when in->nodal_id is an active nodal officer;
 * ZILA_ENOTFOUND (with no message) when not. */
static enum zila_status
nodal_login(struct zila_action_ctx *ctx, struct record_in *in)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"SELECT login FROM app_user WHERE id = ?1 AND role = 'nodal' AND active = 1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, in->nodal_id);
	return core_query_text(ctx->db, st, in->nodal_login, sizeof in->nodal_login, ctx->err);
}

/* Who the inspection is attributed to (in->nodal_id and its login). A
 * nodal officer records their own inspections, only for gram panchayats
 * assigned to them, and may name only themself. An admin (the only other
 * role allowed) types in a nodal officer's paper report, so must name
 * that officer: an active nodal officer to whom the GP is assigned (a bad
 * name is bad input, each message naming the login and the GP); the
 * events and the audit still name the admin. The caller writes the login
 * back into the arguments (logins are unique and never change, and every
 * database shares them, with the user's id), so the server's re-run
 * attributes the very same user whether the desk was given a login in
 * any case, an id, or nothing. */
static enum zila_status
record_officer(struct zila_action_ctx *ctx, struct record_in *in)
{
	bool nodal = ctx->actor->role == ZILA_ROLE_NODAL, yes;
	enum zila_status s;
	if (!nodal && !in->nodal)
		return zila_fail(ctx->err, ZILA_EINVAL, "nodal: the nodal officer is required when an admin records an inspection");
	bool known = in->nodal && zila_master_resolve(ctx->db, ZILA_M_USER, in->nodal, in->nodal_id, NULL) == ZILA_OK;
	if (nodal && in->nodal && (!known || strcmp(in->nodal_id, ctx->actor->user_id) != 0))
		return zila_fail(ctx->err, ZILA_EDENIED,
			"nodal: a nodal officer records only their own inspections, not those of %s", in->nodal);
	if (!nodal && !known)
		return zila_fail(ctx->err, ZILA_EINVAL, "nodal: no user '%s'", in->nodal);
	if (nodal)
		snprintf(in->nodal_id, sizeof in->nodal_id, "%s", ctx->actor->user_id);
	s = nodal_login(ctx, in);
	if (s == ZILA_ENOTFOUND)
		return zila_fail(ctx->err, ZILA_EINVAL, "nodal: %s is not an active nodal officer",
			in->nodal ? in->nodal : ctx->actor->login);
	if (s || (s = assigned_to(ctx, in->nodal_id, in->gp_id, &yes)) || yes)
		return s;
	if (nodal) {
		/* the name too: a person knows panchayats by name, not LGD code */
		char name[200] = "";
		sqlite3_stmt *q = zila_db_stmt(ctx->db, "SELECT name_en FROM gram_panchayat WHERE id = ?1", ctx->err);
		if (q) {
			bind_str(q, 1, in->gp_id);
			core_query_text(ctx->db, q, name, sizeof name, NULL);
		}
		return zila_fail(ctx->err, ZILA_EDENIED, "gp: gram panchayat %s is not assigned to you (%s)", in->gp, name);
	}
	return zila_fail(ctx->err, ZILA_EINVAL, "nodal: gram panchayat %s is not assigned to nodal officer %s", in->gp,
		in->nodal_login);
}

/* Reads an inspection by id; ZILA_ENOTFOUND (with no message) when absent. */
static enum zila_status
inspection_load(struct zila_action_ctx *ctx, const char *id, struct inspection_row *r)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"SELECT id, number, status, nodal_id, gp_id FROM inspection WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(r->id, sizeof r->id, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(r->number, sizeof r->number, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(r->status, sizeof r->status, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(r->nodal_id, sizeof r->nodal_id, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(r->gp_id, sizeof r->gp_id, "%s", (const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	return rc == SQLITE_DONE ? ZILA_ENOTFOUND : zila_db_error(ctx->db, "inspection", ctx->err);
}

/* An action is dated by where it was born (ctx->today: the desk's clock,
 * within action.c's bounds): none on an inspection may be dated before the
 * inspection itself, nor a suggestion's verification before its
 * compliance, or the record's history would run backwards. The message
 * names only this inspection's dates. */
static enum zila_status
inspection_dated(struct zila_action_ctx *ctx, const char *inspection_id, const char *suggestion_id)
{
	char inspected[11] = "", number[64] = "", complied[11] = "";
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT i.inspected_on, i.number, coalesce((SELECT s.complied_on FROM"
		" suggestion s WHERE s.id = ?2), '') FROM inspection i WHERE i.id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, inspection_id);
	bind_str(st, 2, suggestion_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(inspected, sizeof inspected, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(number, sizeof number, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(complied, sizeof complied, "%s", (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (strcmp(ctx->today, inspected) < 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "this action is dated %s, before inspection %s was made (%s)",
			ctx->today, number, inspected);
	if (complied[0] && strcmp(ctx->today, complied) < 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "this action is dated %s, before the suggestion of inspection %s was"
			" complied with (%s)", ctx->today, number, complied);
	return ZILA_OK;
}

/* Only the nodal officer who recorded an inspection (or an admin) may
 * change or submit it. */
static enum zila_status
require_recorder(struct zila_action_ctx *ctx, const struct inspection_row *r)
{
	if (ctx->actor->role == ZILA_ROLE_ADMIN || strcmp(ctx->actor->user_id, r->nodal_id) == 0)
		return ZILA_OK;
	return zila_fail(ctx->err, ZILA_EDENIED, "inspection %s was recorded by another nodal officer", r->number);
}

/* Appends one inspection_event row; suggestion_id and note may be NULL. */
static enum zila_status
event_add(struct zila_action_ctx *ctx, const char *inspection_id, const char *suggestion_id, const char *kind,
	const char *from, const char *to, const char *note)
{
	char id[40];
	zila_action_new_id(ctx, id);
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO inspection_event(id, inspection_id, suggestion_id, kind,"
		" from_status, to_status, note, actor_id, at, desk_id)"
		" VALUES (?1, ?3, ?4, ?5, ?6, ?7, coalesce(?8, ''), ?9, ?2, ?10)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, inspection_id);
	bind_str(st, 4, suggestion_id);
	bind_str(st, 5, kind);
	bind_str(st, 6, from);
	bind_str(st, 7, to);
	bind_str(st, 8, note);
	bind_str(st, 9, ctx->actor->user_id);
	bind_str(st, 10, ctx->actor->desk_id);
	return core_step_done(ctx->db, st, "inspection event", ctx->err);
}

/* The inspection row itself: a new draft, or the same draft with its
 * fields replaced (the desk it was made on stays as it was; its nodal
 * officer is the one record_officer found, which an admin may correct). */
static enum zila_status
record_write_row(struct zila_action_ctx *ctx, const struct record_in *in, const char *id, const char *number,
	const char *fortnight, bool replace)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db, replace
		? "UPDATE inspection SET gp_id = ?4, inspected_on = ?5, fortnight = ?6, observations = ?7, nodal_id = ?8,"
		  " version = version + 1, updated_at = ?2 WHERE id = ?1 AND number = ?3 AND status = 'draft'"
		: "INSERT INTO inspection(id, created_at, updated_at, number, gp_id, inspected_on, fortnight,"
		  " observations, nodal_id, desk_id) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, number);
	bind_str(st, 4, in->gp_id);
	bind_str(st, 5, in->inspected_on);
	bind_str(st, 6, fortnight);
	bind_str(st, 7, in->observations ? in->observations : "");
	bind_str(st, 8, in->nodal_id);
	if (!replace)
		bind_str(st, 9, ctx->actor->desk_id);
	enum zila_status s = core_step_done(ctx->db, st, "inspection", ctx->err);
	if (s == ZILA_EEXIST)
		return zila_fail(ctx->err, ZILA_EEXIST, "inspection number %s is already used", number);
	return s;
}

/* Answers: one row per checklist item, kept (with its id) when the item
 * is answered again, so a replaced draft changes only what changed;
 * items no longer answered are removed. Every answer takes a derived id
 * whether used or not, so the server counts ids exactly as the desk. */
static enum zila_status
record_write_answers(struct zila_action_ctx *ctx, const struct record_in *in, const char *id)
{
	enum zila_status s;
	json_t *items = json_array();
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO inspection_answer(id, created_at, updated_at, inspection_id, item_id, rating, remark)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(inspection_id, item_id) DO UPDATE SET"
		" rating = excluded.rating, remark = excluded.remark, version = version + 1, updated_at = excluded.updated_at",
		ctx->err);
	if (!st) {
		json_decref(items);
		return ZILA_EDB;
	}
	for (size_t i = 0; i < in->nanswers; i++) {
		const struct answer_in *a = &in->answers[i];
		char aid[40];
		zila_action_new_id(ctx, aid);
		bind_str(st, 1, aid);
		bind_str(st, 2, ctx->now);
		bind_str(st, 3, id);
		bind_str(st, 4, a->item_id);
		bind_str(st, 5, a->rating);
		bind_str(st, 6, a->remark ? a->remark : "");
		if ((s = core_step_done(ctx->db, st, "inspection answer", ctx->err))) {
			json_decref(items);
			return s;
		}
		json_array_append_new(items, json_string(a->item_id));
	}
	char *list = json_dumps(items, JSON_COMPACT);
	json_decref(items);
	st = zila_db_stmt(ctx->db, "DELETE FROM inspection_answer WHERE inspection_id = ?1"
		" AND item_id NOT IN (SELECT value FROM json_each(?2))", ctx->err);
	if (!st) {
		free(list);
		return ZILA_EDB;
	}
	bind_str(st, 1, id);
	bind_str(st, 2, list);
	s = core_step_done(ctx->db, st, "inspection answer", ctx->err);
	free(list);
	return s;
}

/* Suggestions of a draft have no identity of their own yet (nobody may
 * act on them before submission), so a replaced draft gets them anew. */
static enum zila_status
record_write_suggestions(struct zila_action_ctx *ctx, const struct record_in *in, const char *id)
{
	enum zila_status s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "DELETE FROM suggestion WHERE inspection_id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	if ((s = core_step_done(ctx->db, st, "suggestion", ctx->err)))
		return s;
	st = zila_db_stmt(ctx->db, "INSERT INTO suggestion(id, created_at, updated_at, inspection_id, text,"
		" department_id, target_date) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6)", ctx->err);
	if (!st)
		return ZILA_EDB;
	for (size_t i = 0; i < in->nsuggestions; i++) {
		const struct suggestion_in *sg = &in->suggestions[i];
		char sid[40];
		zila_action_new_id(ctx, sid);
		bind_str(st, 1, sid);
		bind_str(st, 2, ctx->now);
		bind_str(st, 3, id);
		bind_str(st, 4, sg->text);
		bind_str(st, 5, sg->department_id);
		bind_str(st, 6, sg->target_date);
		if ((s = core_step_done(ctx->db, st, "suggestion", ctx->err)))
			return s;
	}
	return ZILA_OK;
}

/* inspection.record: a new draft, or an existing draft replaced. The id
 * is always derived first (used or not) so the count of derived ids is
 * the same on the desk, where id may be absent, and on the server, where
 * the desk wrote it into the arguments. */
enum zila_status
act_inspection_record(struct zila_action_ctx *ctx)
{
	struct record_in *in = zila_xcalloc(1, sizeof *in);
	struct inspection_row old;
	char derived[40], id[40], number[64], fortnight[12];
	bool replace = false;
	enum zila_status s;

	if ((s = record_parse(ctx, in)) || (s = record_officer(ctx, in)))
		goto out;
	zila_action_new_id(ctx, derived);
	snprintf(id, sizeof id, "%s", in->id ? in->id : derived);
	s = inspection_load(ctx, id, &old);
	if (s == ZILA_OK) {
		replace = true;
		if (!zila_transition_from(&zila_inspection_kind, &zila_inspection_kind.transitions[ZILA_IT_RECORD],
			old.status)) {
			s = zila_fail(ctx->err, ZILA_ESTATE, "inspection %s is %s: it can no longer be changed",
				old.number, zila_status_word(old.status));
			goto out;
		}
		if ((s = require_recorder(ctx, &old)) || (s = inspection_dated(ctx, old.id, NULL)))
			goto out;
		if (in->number && strcmp(in->number, old.number) != 0) {
			s = zila_fail(ctx->err, ZILA_EINVAL, "number %s is not the number of inspection %s",
				in->number, old.number);
			goto out;
		}
		snprintf(number, sizeof number, "%s", old.number);
	} else if (s == ZILA_ENOTFOUND) {
		if (in->number && (s = zila_number_given(ctx, 'I', in->number)))
			goto out;
		if (in->number)
			snprintf(number, sizeof number, "%s", in->number);
		else if ((s = zila_number_next(ctx, 'I', number, sizeof number)))
			goto out;
	} else
		goto out;
	zila_fortnight_of(in->inspected_on, fortnight, sizeof fortnight);
	if ((s = record_write_row(ctx, in, id, number, fortnight, replace)) ||
	    (s = record_write_answers(ctx, in, id)) || (s = record_write_suggestions(ctx, in, id)) ||
	    (s = event_add(ctx, id, NULL, replace ? "updated" : "recorded", replace ? "draft" : NULL, "draft", NULL)))
		goto out;
	/* written back last: in's strings point into ctx->args */
	json_object_set_new(ctx->args, "id", json_string(id));
	json_object_set_new(ctx->args, "number", json_string(number));
	json_object_set_new(ctx->args, "nodal", json_string(in->nodal_login));
	json_object_set_new(ctx->result, "id", json_string(id));
	json_object_set_new(ctx->result, "number", json_string(number));
	json_object_set_new(ctx->result, "fortnight", json_string(fortnight));
out:
	free(in);
	return s;
}

/* Finds the inspection named by the argument "inspection" (number or id). */
static enum zila_status
inspection_arg(struct zila_action_ctx *ctx, struct inspection_row *r)
{
	const char *ref;
	char id[40];
	enum zila_status s;
	if ((s = zila_arg_str(ctx, "inspection", ZILA_REQ, 64, &ref)) ||
	    (s = zila_inspection_resolve(ctx->db, ref, id, ctx->err)))
		return s;
	s = inspection_load(ctx, id, r);
	return s == ZILA_ENOTFOUND ? zila_fail(ctx->err, s, "no inspection '%s'", ref) : s;
}

/* inspection.submit: draft -> submitted, only with every checklist item
 * answered; the message lists the items still missing. */
enum zila_status
act_inspection_submit(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "inspection", NULL };
	struct inspection_row r;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = inspection_arg(ctx, &r)))
		return s;
	if (!zila_transition_from(&zila_inspection_kind, &zila_inspection_kind.transitions[ZILA_IT_SUBMIT], r.status))
		return zila_fail(ctx->err, ZILA_ESTATE, "inspection %s is already %s", r.number, zila_status_word(r.status));
	if ((s = require_recorder(ctx, &r)) || (s = inspection_dated(ctx, r.id, NULL)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"SELECT group_concat(code, ', ') FROM (SELECT c.code FROM checklist_item c WHERE NOT EXISTS"
		" (SELECT 1 FROM inspection_answer a WHERE a.inspection_id = ?1 AND a.item_id = c.id)"
		" ORDER BY c.position, c.code)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, r.id);
	char missing[400];
	if ((s = core_query_text(ctx->db, st, missing, sizeof missing, ctx->err)))
		return s;
	if (missing[0])
		return zila_fail(ctx->err, ZILA_EINVAL, "answers: inspection %s has no answer for checklist items %s",
			r.number, missing);
	st = zila_db_stmt(ctx->db, "UPDATE inspection SET status = 'submitted', submitted_at = ?2,"
		" version = version + 1, updated_at = ?2 WHERE id = ?1 AND status = 'draft'", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, r.id);
	bind_str(st, 2, ctx->now);
	if ((s = core_step_done(ctx->db, st, "inspection", ctx->err)) ||
	    (s = event_add(ctx, r.id, NULL, "submitted", "draft", "submitted", NULL)))
		return s;
	json_object_set_new(ctx->result, "id", json_string(r.id));
	json_object_set_new(ctx->result, "number", json_string(r.number));
	return ZILA_OK;
}

/* A suggestion with the state of its inspection. */
struct suggestion_row {
	char id[40], status[16], department_id[40];
	struct inspection_row insp;
};

/* Finds the suggestion named by the argument "suggestion" (its id). */
static enum zila_status
suggestion_arg(struct zila_action_ctx *ctx, struct suggestion_row *r)
{
	const char *ref;
	enum zila_status s;
	if ((s = zila_arg_str(ctx, "suggestion", ZILA_REQ, 40, &ref)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"SELECT id, status, department_id, inspection_id FROM suggestion WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, ref);
	char inspection_id[40] = "";
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(r->id, sizeof r->id, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(r->status, sizeof r->status, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(r->department_id, sizeof r->department_id, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(inspection_id, sizeof inspection_id, "%s", (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return zila_fail(ctx->err, ZILA_ENOTFOUND, "no suggestion '%s'", ref);
	if (rc != SQLITE_ROW)
		return zila_db_error(ctx->db, "suggestion", ctx->err);
	s = inspection_load(ctx, inspection_id, &r->insp);
	return s == ZILA_ENOTFOUND ? zila_fail(ctx->err, ZILA_EDB, "suggestion %s has no inspection", ref) : s;
}

/* Moves a suggestion from one status to another (the WHERE guards the
 * from status), sets the date column of the move, and writes the event. */
static enum zila_status
suggestion_move(struct zila_action_ctx *ctx, const struct suggestion_row *r, const char *to, const char *kind,
	const char *note)
{
	/* every statement numbers its parameters alike (?1 id, ?2 from, ?3
	 * note, ?4 today, ?5 now), each using those it needs */
	static const char *const sql[] = {
		"UPDATE suggestion SET status = 'complied', compliance_note = ?3, complied_on = ?4,"
		" version = version + 1, updated_at = ?5 WHERE id = ?1 AND status = ?2",
		"UPDATE suggestion SET status = 'verified', verified_on = ?4,"
		" version = version + 1, updated_at = ?5 WHERE id = ?1 AND status = ?2",
		"UPDATE suggestion SET status = 'pending', complied_on = NULL,"
		" version = version + 1, updated_at = ?5 WHERE id = ?1 AND status = ?2",
	};
	int which = strcmp(to, "complied") == 0 ? 0 : strcmp(to, "verified") == 0 ? 1 : 2;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, sql[which], ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, r->id);
	bind_str(st, 2, r->status);
	bind_str(st, 3, note);
	bind_str(st, 4, ctx->today);
	bind_str(st, 5, ctx->now);
	enum zila_status s = core_step_done(ctx->db, st, "suggestion", ctx->err);
	if (s == ZILA_OK)
		s = event_add(ctx, r->insp.id, r->id, kind, r->status, to, note);
	if (s == ZILA_OK)
		json_object_set_new(ctx->result, "id", json_string(r->id));
	return s;
}

/* suggestion.comply: pending -> complied, by the responsible
 * department's officer or head (an admin anywhere), only once
 * the inspection is submitted. */
enum zila_status
act_suggestion_comply(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "suggestion", "note", NULL };
	struct suggestion_row r;
	const char *note;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = suggestion_arg(ctx, &r)) ||
	    (s = zila_arg_text(ctx, "note", ZILA_REQ, NOTE_MAX, &note)) ||
	    (s = zila_action_require_department(ctx, r.department_id)))
		return s;
	if (strcmp(r.insp.status, "submitted") != 0)
		return zila_fail(ctx->err, ZILA_ESTATE, "inspection %s is still a draft: its suggestions cannot be complied yet",
			r.insp.number);
	if (!zila_transition_from(&zila_suggestion_kind, &zila_suggestion_kind.transitions[ZILA_ST_COMPLY], r.status))
		return zila_fail(ctx->err, ZILA_ESTATE, "the suggestion is %s, not pending", zila_status_word(r.status));
	if ((s = inspection_dated(ctx, r.insp.id, NULL)))
		return s;
	return suggestion_move(ctx, &r, "complied", "complied", note);
}

/* suggestion.verify: complied -> verified (accept) or back to pending
 * (returned, with the note). A nodal officer verifies for inspections
 * they recorded or gram panchayats assigned to them. */
enum zila_status
act_suggestion_verify(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "suggestion", "accept", "note", NULL };
	struct suggestion_row r;
	const char *note;
	bool accept = false, has_accept;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = suggestion_arg(ctx, &r)) ||
	    (s = zila_arg_bool(ctx, "accept", &accept, &has_accept)) ||
	    (s = zila_arg_text(ctx, "note", ZILA_OPT, NOTE_MAX, &note)))
		return s;
	if (!has_accept)
		return zila_fail(ctx->err, ZILA_EINVAL, "accept is required (true to verify, false to return)");
	if (ctx->actor->role == ZILA_ROLE_NODAL && strcmp(ctx->actor->user_id, r.insp.nodal_id) != 0) {
		bool yes;
		if ((s = assigned_to(ctx, ctx->actor->user_id, r.insp.gp_id, &yes)))
			return s;
		if (!yes)
			return zila_fail(ctx->err, ZILA_EDENIED,
				"inspection %s is neither yours nor of a gram panchayat assigned to you", r.insp.number);
	}
	if (!zila_transition_from(&zila_suggestion_kind, &zila_suggestion_kind.transitions[ZILA_ST_VERIFY], r.status))
		return zila_fail(ctx->err, ZILA_ESTATE, "the suggestion is %s: only a complied one can be verified or returned",
			zila_status_word(r.status));
	/* the department must learn why its work went back */
	if (!accept && (!note || !*note))
		return zila_fail(ctx->err, ZILA_EINVAL, "note: a compliance sent back needs a note saying what is still to be done");
	if ((s = inspection_dated(ctx, r.insp.id, r.id)))
		return s;
	return accept ? suggestion_move(ctx, &r, "verified", "verified", note)
		      : suggestion_move(ctx, &r, "pending", "returned", note);
}
