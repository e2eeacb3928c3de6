/* letter.c: the TL actions: diarise a letter, mark it to departments with
 * time limits, remind, record replies, close. The marking state machine of
 * include/zila/letter.h is enforced here and only here.
 *
 * Every row an action makes gets its id from zila_action_new_id, called in
 * an order that depends only on the arguments and the rows already there,
 * so the server re-running the action makes the very same rows. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "zila/letter.h"
#include "zila/record.h"
#include "zila/master.h"
#include "zila/query.h"
#include "zila/util.h"
#include "internal.h"

#define MAX_MARKS 20

struct letter_ref {
	char id[40];
	char number[40];
	char status[8];
};

struct marking_ref {
	char id[40];
	char status[8];
	char department_id[40];
	char department[16];
	char marked_on[11];
};

/* A row of the marking transition table (letter.h) and whether a
 * marking in state may take it. */
static const struct zila_transition *
mt(enum zila_marking_transition t)
{
	return &zila_letter_kind.transitions[t];
}

static bool
marking_may(enum zila_marking_transition t, const char *state)
{
	return zila_transition_from(&zila_letter_kind, mt(t), state);
}

/* Reads the letter named by the "letter" argument (number or id). */
static enum zila_status
letter_load(struct zila_action_ctx *ctx, struct letter_ref *l)
{
	const char *ref;
	enum zila_status s;
	if ((s = zila_arg_str(ctx, "letter", ZILA_REQ, 40, &ref)) ||
	    (s = zila_letter_resolve(ctx->db, ref, l->id, ctx->err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT number, status FROM letter WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, l->id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return zila_db_error(ctx->db, "letter", ctx->err);
	}
	snprintf(l->number, sizeof l->number, "%s", (const char *)sqlite3_column_text(st, 0));
	snprintf(l->status, sizeof l->status, "%s", (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	return ZILA_OK;
}

/* An action is dated by where it was born (ctx->today: the desk's clock,
 * within action.c's bounds). A letter's history must stay in order, as a
 * grievance's does: no action dated before the letter was received, nor
 * (when it works on markings) before a marking it touches was made or
 * replied to. markings: 0 none (a new marking), 1 the one marking_id, 2
 * every marking still open. The message names only this letter's dates. */
static enum zila_status
letter_dated(struct zila_action_ctx *ctx, const struct letter_ref *l, int markings, const char *marking_id)
{
	char received[11] = "", last[11] = "";
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT l.received_on, coalesce((SELECT max(max(m.marked_on,"
		" coalesce(m.replied_on, ''))) FROM letter_marking m WHERE m.letter_id = l.id AND (?2 = 2 AND m.status <> 'closed'"
		" OR ?2 = 1 AND m.id = ?3)), '') FROM letter l WHERE l.id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, l->id);
	sqlite3_bind_int(st, 2, markings);
	bind_str(st, 3, marking_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(received, sizeof received, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(last, sizeof last, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (strcmp(ctx->today, received) < 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "this action is dated %s, before letter %s was received (%s)",
			ctx->today, l->number, received);
	if (last[0] && strcmp(ctx->today, last) < 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "this action is dated %s, before the marking or reply it follows on"
			" letter %s (%s)", ctx->today, l->number, last);
	return ZILA_OK;
}

/* Finds the marking of letter_id to department_id. ZILA_ENOTFOUND (with no
 * message) when the letter is not marked to it. */
static enum zila_status
marking_load(struct zila_action_ctx *ctx, const char *letter_id, const char *department_id, struct marking_ref *m)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"SELECT m.id, m.status, m.department_id, d.code, m.marked_on FROM letter_marking m"
		" JOIN department d ON d.id = m.department_id WHERE m.letter_id = ?1 AND m.department_id = ?2", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, letter_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, department_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(m->id, sizeof m->id, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(m->status, sizeof m->status, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(m->department_id, sizeof m->department_id, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(m->department, sizeof m->department, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(m->marked_on, sizeof m->marked_on, "%s", (const char *)sqlite3_column_text(st, 4));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	return rc == SQLITE_DONE ? ZILA_ENOTFOUND : zila_db_error(ctx->db, "marking", ctx->err);
}

/* The department named by the "department" argument: its id and code.
 * An inactive department takes no new markings (checked by the caller). */
static enum zila_status
department_arg(struct zila_action_ctx *ctx, int req, char *id, char *code, bool *present)
{
	const char *ref;
	enum zila_status s = zila_arg_str(ctx, "department", req, 40, &ref);
	*present = ref != NULL;
	if (s || !ref)
		return s;
	if ((s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, ref, id, ctx->err)))
		return s;
	return zila_db_text(ctx->db, "SELECT code FROM department WHERE id = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", id)), code, 16, ctx->err);
}

/* The marking of the letter to the department, or ZILA_ESTATE naming the
 * present state ("not marked") when there is none. */
static enum zila_status
marking_of(struct zila_action_ctx *ctx, const struct letter_ref *l, const char *dept_id, const char *dept_code,
	struct marking_ref *m)
{
	enum zila_status s = marking_load(ctx, l->id, dept_id, m);
	if (s == ZILA_ENOTFOUND)
		return zila_fail(ctx->err, ZILA_ESTATE, "letter %s is not marked to %s", l->number, dept_code);
	return s;
}

/* Appends one row to letter_event. */
static enum zila_status
event_add(struct zila_action_ctx *ctx, const char *letter_id, const char *marking_id, const char *kind,
	const char *from, const char *to, const char *note)
{
	char id[40];
	zila_action_new_id(ctx, id);
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO letter_event(id, letter_id, marking_id, kind, from_status, to_status,"
		" note, actor_id, at, desk_id) VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?2, ?10)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, letter_id);
	bind_str(st, 4, marking_id);
	bind_str(st, 5, kind);
	bind_str(st, 6, from);
	bind_str(st, 7, to);
	bind_str(st, 8, note ? note : "");
	bind_str(st, 9, ctx->actor->user_id);
	bind_str(st, 10, ctx->actor->desk_id);
	return core_step_done(ctx->db, st, "letter event", ctx->err);
}

/* Every action on a letter raises its version, so base_version names the
 * whole record (letter and markings) the actor saw. */
static enum zila_status
letter_touch(struct zila_action_ctx *ctx, const char *letter_id)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"UPDATE letter SET version = version + 1, updated_at = ?2 WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, letter_id);
	bind_str(st, 2, ctx->now);
	return core_step_done(ctx->db, st, "letter", ctx->err);
}

/* Makes the marking (none -> pending) and its event; the letter must be open. */
static enum zila_status
marking_insert(struct zila_action_ctx *ctx, const struct letter_ref *l, const char *dept_id, const char *dept_code,
	long long days, const char *note, json_t *result)
{
	struct marking_ref have;
	char id[40], due[11];
	enum zila_status s;
	if (strcmp(l->status, "open") != 0)
		return zila_fail(ctx->err, ZILA_ESTATE, "letter %s is closed", l->number);
	if ((s = marking_load(ctx, l->id, dept_id, &have)) == ZILA_OK)
		return zila_fail(ctx->err, ZILA_ESTATE, "letter %s is already marked to %s (%s)", l->number, dept_code,
			zila_status_word(have.status));
	if (s != ZILA_ENOTFOUND)
		return s;
	long long active;
	s = zila_db_int(ctx->db, "SELECT active FROM department WHERE id = :id", ZILA_PARAMS(ZILA_PTEXT(":id", dept_id)),
		&active, ctx->err);
	if (s != ZILA_OK && s != ZILA_ENOTFOUND)
		return s;
	if (!active)
		return zila_fail(ctx->err, ZILA_EINVAL, "department %s is not active", dept_code);

	zila_action_new_id(ctx, id);
	zila_date_add(ctx->today, (long)days, due, sizeof due);
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO letter_marking(id, created_at, updated_at, letter_id, department_id, marked_on,"
		" time_limit_days, due_date) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, l->id);
	bind_str(st, 4, dept_id);
	bind_str(st, 5, ctx->today);
	sqlite3_bind_int64(st, 6, days);
	bind_str(st, 7, due);
	if ((s = core_step_done(ctx->db, st, "marking", ctx->err)) ||
	    (s = event_add(ctx, l->id, id, "marked", NULL, "pending", note)))
		return s;
	if (result)
		json_array_append_new(result, json_pack("{s:s, s:s, s:s}", "id", id, "department", dept_code, "due_date", due));
	return ZILA_OK;
}

/* Inward numbers carried in the arguments (a re-run on the server) must
 * look like DRG/L/07/2026/00123. */
static bool
number_ok(const char *s)
{
	int parts = 0;
	size_t len[5] = { 0 };
	const char *p = s;
	for (; *p && parts < 5; p++) {
		if (*p == '/') {
			parts++;
			continue;
		}
		bool digit = isdigit((unsigned char)*p);
		if (parts == 0 ? !(isupper((unsigned char)*p) || digit || *p == '_') : parts == 1 ? *p != 'L' : !digit)
			return false;
		len[parts]++;
	}
	return parts == 4 && len[0] >= 2 && len[0] <= 5 && len[1] == 1 && len[2] == 2 && len[3] == 4 &&
	       len[4] >= 5 && len[4] <= 9;
}

/* Ids carried in the arguments must be lower-case UUID text. */
static bool
uuid_ok(const char *s)
{
	if (strlen(s) != 36)
		return false;
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !(isdigit((unsigned char)s[i]) || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	}
	return true;
}

/* A date argument that defaults to today, may not lie in the future, and is
 * written back so the server's re-run stores the same day. */
static enum zila_status
date_not_future(struct zila_action_ctx *ctx, const char *key, const char **out)
{
	enum zila_status s = zila_arg_date(ctx, key, ZILA_OPT, out);
	if (s)
		return s;
	if (!*out) {
		json_object_set_new(ctx->args, key, json_string(ctx->today));
		*out = json_string_value(json_object_get(ctx->args, key));
	} else if (strcmp(*out, ctx->today) > 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "%s must not be in the future (today is %s)", zila_field_word(key), ctx->today);
	return ZILA_OK;
}

/* One item of "marks": {department, days}. The argument checkers read
 * ctx->args, so they are pointed at the item for a moment; a refusal is
 * prefixed with the item's place. */
static enum zila_status
mark_item(struct zila_action_ctx *ctx, json_t *item, size_t i, char *dept_id, char *dept_code, long long *days)
{
	static const char *const keys[] = { "department", "days", NULL };
	json_t *args = ctx->args;
	bool present;
	enum zila_status s;
	if (!json_is_object(item))
		return zila_fail(ctx->err, ZILA_EINVAL, "marks, item %zu: must be {department, days}", i + 1);
	ctx->args = item;
	if (!(s = zila_arg_known(ctx, keys)) && !(s = department_arg(ctx, ZILA_REQ, dept_id, dept_code, &present)))
		s = zila_arg_int(ctx, "days", ZILA_REQ, 1, 365, days, NULL);
	ctx->args = args;
	if (s && ctx->err) {
		char msg[sizeof ctx->err->msg];
		snprintf(msg, sizeof msg, "%s", ctx->err->msg);
		zila_fail(ctx->err, s, "marks, item %zu: %.400s", i + 1, msg);
	}
	return s;
}

/* Writes the letter row and its 'created' event. */
static enum zila_status
letter_insert(struct zila_action_ctx *ctx, const struct letter_ref *l, const char *const *f)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO letter(id, created_at, updated_at, number, received_on, sender, sender_ref, letter_date,"
		" subject, remarks, created_by, desk_id) VALUES (?1, ?2, ?2, ?3, ?4, ?5, coalesce(?6, ''), ?7, ?8,"
		" coalesce(?9, ''), ?10, ?11)", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, l->id);
	bind_str(st, 2, ctx->now);
	bind_str(st, 3, l->number);
	for (int i = 0; i < 6; i++)
		bind_str(st, 4 + i, f[i]);
	bind_str(st, 10, ctx->actor->user_id);
	bind_str(st, 11, ctx->actor->desk_id);
	enum zila_status s = core_step_done(ctx->db, st, "letter", ctx->err);
	if (s == ZILA_EEXIST)
		return zila_fail(ctx->err, ZILA_EEXIST, "letter %s already exists", l->number);
	return s ? s : event_add(ctx, l->id, NULL, "created", NULL, "open", NULL);
}

enum zila_status
act_letter_create(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "sender", "subject", "received_on", "sender_ref", "letter_date", "remarks",
		"marks", "id", "number", NULL };
	/* received_on, sender, sender_ref, letter_date, subject, remarks */
	const char *f[6], *id, *number;
	struct letter_ref l = { .status = "open" };
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = zila_arg_by_def(ctx, "sender", &f[1])) ||
	    (s = zila_arg_by_def(ctx, "subject", &f[4])) ||
	    (s = zila_arg_by_def(ctx, "sender_ref", &f[2])) ||
	    (s = zila_arg_date(ctx, "letter_date", ZILA_OPT, &f[3])) ||
	    (s = zila_arg_by_def(ctx, "remarks", &f[5])) ||
	    (s = zila_arg_by_def(ctx, "id", &id)) || (s = zila_arg_by_def(ctx, "number", &number)) ||
	    (s = date_not_future(ctx, "received_on", &f[0])))
		return s;
	if (f[3] && strcmp(f[3], f[0]) > 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "letter_date must not be after received_on (%s)", f[0]);
	json_t *marks = json_object_get(ctx->args, "marks");
	if (marks && !json_is_null(marks) && (!json_is_array(marks) || json_array_size(marks) > MAX_MARKS))
		return zila_fail(ctx->err, ZILA_EINVAL, "marks must be a list of at most %d {department, days}", MAX_MARKS);
	if (id && !uuid_ok(id))
		return zila_fail(ctx->err, ZILA_EINVAL, "id must be a UUID");
	if (number && !number_ok(number))
		return zila_fail(ctx->err, ZILA_EINVAL, "number must look like DRG/L/07/2026/00123");

	/* the id is always drawn, so later derived ids do not depend on
	 * whether this run made it or was given it */
	zila_action_new_id(ctx, l.id);
	if (id)
		snprintf(l.id, sizeof l.id, "%s", id);
	else
		json_object_set_new(ctx->args, "id", json_string(l.id));
	if (number && (s = zila_number_given(ctx, 'L', number)))
		return s;
	if (number)
		snprintf(l.number, sizeof l.number, "%s", number);
	else if ((s = zila_number_next(ctx, 'L', l.number, sizeof l.number)))
		return s;
	else
		json_object_set_new(ctx->args, "number", json_string(l.number));
	if ((s = letter_insert(ctx, &l, f)))
		return s;

	json_t *made = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(marks, i, item) {
		char dept_id[40], dept_code[16];
		long long days;
		if ((s = mark_item(ctx, item, i, dept_id, dept_code, &days)) ||
		    (s = marking_insert(ctx, &l, dept_id, dept_code, days, NULL, made))) {
			json_decref(made);
			return s;
		}
	}
	json_object_set_new(ctx->result, "id", json_string(l.id));
	json_object_set_new(ctx->result, "number", json_string(l.number));
	json_object_set_new(ctx->result, "markings", made);
	return ZILA_OK;
}

enum zila_status
act_letter_mark(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "letter", "department", "days", "note", NULL };
	struct letter_ref l;
	char dept_id[40], dept_code[16];
	const char *note;
	long long days;
	bool present;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = letter_load(ctx, &l)) ||
	    (s = department_arg(ctx, ZILA_REQ, dept_id, dept_code, &present)) ||
	    (s = zila_arg_int(ctx, "days", ZILA_REQ, 1, 365, &days, NULL)) ||
	    (s = zila_arg_by_def(ctx, "note", &note)) || (s = letter_dated(ctx, &l, 0, NULL)))
		return s;
	json_t *made = json_array();
	s = marking_insert(ctx, &l, dept_id, dept_code, days, note, made);
	if (s == ZILA_OK)
		s = letter_touch(ctx, l.id);
	if (s == ZILA_OK) {
		json_object_update(ctx->result, json_array_get(made, 0));
		json_object_set_new(ctx->result, "number", json_string(l.number));
	}
	json_decref(made);
	return s;
}

/* The markings an action without "department" works on: every marking of
 * the letter in one of the given states, oldest first (a fixed order keeps
 * derived ids the same on the server). */
static enum zila_status
markings_in(struct zila_action_ctx *ctx, const char *letter_id, bool pending_only, json_t **out)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"SELECT m.id, m.status, d.code AS department FROM letter_marking m JOIN department d ON d.id = m.department_id"
		" WHERE m.letter_id = ?1 AND (m.status = 'pending' OR (?2 = 0 AND m.status = 'replied'))"
		" ORDER BY m.id", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, letter_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, pending_only);
	return zila_query_rows(ctx->db, st, out, ctx->err);
}

/* Raises one pending marking's reminder count and records the event. */
static enum zila_status
remind_one(struct zila_action_ctx *ctx, const char *letter_id, const char *marking_id, const char *note)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"UPDATE letter_marking SET reminders = reminders + 1, last_reminded_on = ?2, version = version + 1,"
		" updated_at = ?3 WHERE id = ?1 AND status = 'pending'", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, marking_id);
	bind_str(st, 2, ctx->today);
	bind_str(st, 3, ctx->now);
	enum zila_status s = core_step_done(ctx->db, st, "marking", ctx->err);
	return s ? s : event_add(ctx, letter_id, marking_id, "reminded", "pending", "pending", note);
}

enum zila_status
act_letter_remind(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "letter", "department", "note", NULL };
	struct letter_ref l;
	struct marking_ref m;
	char dept_id[40], dept_code[16];
	const char *note;
	bool one;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = letter_load(ctx, &l)) ||
	    (s = department_arg(ctx, ZILA_OPT, dept_id, dept_code, &one)) ||
	    (s = zila_arg_by_def(ctx, "note", &note)))
		return s;
	if (strcmp(l.status, "open") != 0)
		return zila_fail(ctx->err, ZILA_ESTATE, "letter %s is closed", l.number);
	json_t *todo;
	if (one) {
		if ((s = marking_of(ctx, &l, dept_id, dept_code, &m)))
			return s;
		if (!marking_may(ZILA_MT_REMIND, m.status))
			return zila_fail(ctx->err, ZILA_ESTATE, "letter %s: the marking to %s is %s, not pending",
				l.number, dept_code, zila_status_word(m.status));
		todo = json_pack("[{s:s}]", "id", m.id);
	} else if ((s = markings_in(ctx, l.id, true, &todo)))
		return s;
	if ((s = letter_dated(ctx, &l, one ? 1 : 2, one ? m.id : NULL))) {
		json_decref(todo);
		return s;
	}
	if (json_array_size(todo) == 0)
		s = zila_fail(ctx->err, ZILA_ESTATE, "letter %s has no pending marking to remind", l.number);
	size_t i;
	json_t *row;
	json_array_foreach(todo, i, row) {
		if (s == ZILA_OK)
			s = remind_one(ctx, l.id, json_string_value(json_object_get(row, "id")), note);
	}
	if (s == ZILA_OK)
		s = letter_touch(ctx, l.id);
	if (s == ZILA_OK) {
		json_object_set_new(ctx->result, "number", json_string(l.number));
		json_object_set_new(ctx->result, "reminded", json_integer((json_int_t)json_array_size(todo)));
	}
	json_decref(todo);
	return s;
}

enum zila_status
act_letter_reply(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "letter", "reply", "department", "reply_ref", "replied_on", NULL };
	struct letter_ref l;
	struct marking_ref m;
	char dept_id[40], dept_code[16];
	const char *reply, *ref, *on;
	bool given;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = letter_load(ctx, &l)) ||
	    (s = zila_arg_by_def(ctx, "reply", &reply)) ||
	    (s = zila_arg_by_def(ctx, "reply_ref", &ref)) ||
	    (s = department_arg(ctx, ZILA_OPT, dept_id, dept_code, &given)) ||
	    (s = date_not_future(ctx, "replied_on", &on)))
		return s;
	if (!given) {
		if (!ctx->actor->department_id[0])
			return zila_fail(ctx->err, ZILA_EINVAL, "department is required (you belong to no department)");
		/* the actor's own department, written back (by code, which every
		 * database shares) for the server's re-run */
		json_object_set_new(ctx->args, "department", json_string(ctx->actor->department_id));
		if ((s = department_arg(ctx, ZILA_REQ, dept_id, dept_code, &given)))
			return s;
		json_object_set_new(ctx->args, "department", json_string(dept_code));
	}
	if ((s = zila_action_require_department(ctx, dept_id)) || (s = marking_of(ctx, &l, dept_id, dept_code, &m)))
		return s;
	if (!marking_may(ZILA_MT_REPLY, m.status))
		return zila_fail(ctx->err, ZILA_ESTATE, "letter %s: the marking to %s is already %s", l.number, dept_code,
			zila_status_word(m.status));
	if (strcmp(on, m.marked_on) < 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "replied_on must not be before the marking (%s)", m.marked_on);
	if ((s = letter_dated(ctx, &l, 1, m.id)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"UPDATE letter_marking SET status = 'replied', replied_on = ?2, reply_text = ?3, reply_ref = ?4,"
		" version = version + 1, updated_at = ?5 WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, m.id);
	bind_str(st, 2, on);
	bind_str(st, 3, reply);
	bind_str(st, 4, ref);
	bind_str(st, 5, ctx->now);
	if ((s = core_step_done(ctx->db, st, "marking", ctx->err)) ||
	    (s = event_add(ctx, l.id, m.id, "replied", "pending", "replied", reply)) || (s = letter_touch(ctx, l.id)))
		return s;
	json_object_set_new(ctx->result, "number", json_string(l.number));
	json_object_set_new(ctx->result, "department", json_string(dept_code));
	return ZILA_OK;
}

/* Closes one marking; a pending one (no reply) only by the Collector or an
 * admin, and only with a note saying why. */
static enum zila_status
close_one(struct zila_action_ctx *ctx, const struct letter_ref *l, const char *marking_id, const char *status,
	const char *dept_code, const char *note)
{
	if (!marking_may(ZILA_MT_CLOSE, status) && marking_may(ZILA_MT_CLOSE_PENDING, status)) {
		if (!zila_transition_who(mt(ZILA_MT_CLOSE_PENDING), ctx->actor->role))
			return zila_fail(ctx->err, ZILA_EDENIED, "letter %s: the marking to %s is pending; only the"
				" Collector or an admin may close it without a reply", l->number, dept_code);
		if (!note)
			return zila_fail(ctx->err, ZILA_EINVAL, "note is required to close the pending marking to %s"
				" without a reply", dept_code);
	}
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"UPDATE letter_marking SET status = 'closed', closed_on = ?2, version = version + 1, updated_at = ?3"
		" WHERE id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, marking_id);
	bind_str(st, 2, ctx->today);
	bind_str(st, 3, ctx->now);
	enum zila_status s = core_step_done(ctx->db, st, "marking", ctx->err);
	return s ? s : event_add(ctx, l->id, marking_id, "closed", status, "closed", note);
}

/* Closes the letter when none of its markings is still open. */
static enum zila_status
letter_close_if_done(struct zila_action_ctx *ctx, const struct letter_ref *l, const char *note, bool *closed)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"UPDATE letter SET status = 'closed', closed_at = ?2 WHERE id = ?1 AND status = 'open'"
		" AND NOT EXISTS (SELECT 1 FROM letter_marking WHERE letter_id = ?1 AND status <> 'closed')", ctx->err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, l->id);
	bind_str(st, 2, ctx->now);
	enum zila_status s = core_step_done(ctx->db, st, "letter", ctx->err);
	*closed = s == ZILA_OK && sqlite3_changes(zila_db_handle(ctx->db)) > 0;
	if (*closed)
		s = event_add(ctx, l->id, NULL, "letter_closed", "open", "closed", note);
	return s;
}

enum zila_status
act_letter_close(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "letter", "department", "note", NULL };
	struct letter_ref l;
	struct marking_ref m;
	char dept_id[40], dept_code[16];
	const char *note;
	bool one, closed = false;
	enum zila_status s;
	if ((s = zila_arg_known(ctx, keys)) || (s = letter_load(ctx, &l)) ||
	    (s = department_arg(ctx, ZILA_OPT, dept_id, dept_code, &one)) ||
	    (s = zila_arg_by_def(ctx, "note", &note)))
		return s;
	if (strcmp(l.status, "open") != 0)
		return zila_fail(ctx->err, ZILA_ESTATE, "letter %s is already closed", l.number);
	json_t *todo;
	if (one) {
		if ((s = marking_of(ctx, &l, dept_id, dept_code, &m)))
			return s;
		if (!marking_may(ZILA_MT_CLOSE, m.status) && !marking_may(ZILA_MT_CLOSE_PENDING, m.status))
			return zila_fail(ctx->err, ZILA_ESTATE, "letter %s: the marking to %s is already closed",
				l.number, dept_code);
		todo = json_pack("[{s:s, s:s, s:s}]", "id", m.id, "status", m.status, "department", dept_code);
	} else if ((s = markings_in(ctx, l.id, false, &todo)))
		return s;
	if ((s = letter_dated(ctx, &l, one ? 1 : 2, one ? m.id : NULL))) {
		json_decref(todo);
		return s;
	}
	/* without a department and with no open marking, the letter itself is
	 * closed: a letter filed without being marked to anyone */
	size_t i;
	json_t *row;
	json_array_foreach(todo, i, row) {
		if (s == ZILA_OK)
			s = close_one(ctx, &l, json_string_value(json_object_get(row, "id")),
				json_string_value(json_object_get(row, "status")),
				json_string_value(json_object_get(row, "department")), note);
	}
	if (s == ZILA_OK)
		s = letter_close_if_done(ctx, &l, note, &closed);
	if (s == ZILA_OK)
		s = letter_touch(ctx, l.id);
	if (s == ZILA_OK) {
		json_object_set_new(ctx->result, "number", json_string(l.number));
		json_object_set_new(ctx->result, "closed", json_integer((json_int_t)json_array_size(todo)));
		json_object_set_new(ctx->result, "letter_status", json_string(closed ? "closed" : "open"));
	}
	json_decref(todo);
	return s;
}
