/* grievance.c: the grievance actions after registration. Each handler
 * checks its arguments, finds the grievance, checks the state machine of
 * grievance.h and the department rule, then writes the row and one event
 * row inside the caller's transaction. Registration and attachments are
 * in grievance_register.c, queries in grievance_query.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/grievance.h"
#include "zila/i18n.h"
#include "zila/master.h"
#include "zila/util.h"
#include "internal.h"
#include "grievance_internal.h"

#define TRANSFER_MAX 3
#define APPEAL_DAYS 30

/* A row of the transition table of grievance.h. */
static const struct zila_transition *
row(enum zila_grievance_transition t)
{
	return &zila_grievance_kind.transitions[t];
}

/* Whether g's state lets transition t start. */
static bool
grv_from(const struct grv *g, enum zila_grievance_transition t)
{
	return zila_transition_from(&zila_grievance_kind, row(t), g->status);
}

/* Moves g to the state transition t leads to. */
static void
grv_to(struct grv *g, enum zila_grievance_transition t)
{
	if (row(t)->to != ZILA_STATE_SAME) /* never copy the status onto itself */
		snprintf(g->status, sizeof g->status, "%s", zila_grievance_kind.states[row(t)->to].name);
}

/* Refuses a transition: the message names the grievance, its present
 * state and the rule of the table's row, so the person knows why. */
static enum zila_status
bad_state(struct zila_action_ctx *ctx, const struct grv *g, enum zila_grievance_transition t)
{
	/* two whole sentences: the state, then the rule (translated apart) */
	return zila_fail(ctx->err, ZILA_ESTATE, "Grievance %1$s is %2$s. %3$s", g->number,
		zila_status_word(g->status), _(row(t)->refusal));
}

/* Refuses by a rule beyond the state (the transfer limit, one appeal). */
static enum zila_status
bad_rule(struct zila_action_ctx *ctx, const struct grv *g, const char *rule)
{
	return zila_fail(ctx->err, ZILA_ESTATE, "Grievance %1$s is %2$s. %3$s", g->number,
		zila_status_word(g->status), _(rule));
}

/* A text column into a fixed buffer ("" for NULL). */
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
		" duplicate_of, transfers, appeals, coalesce(rating, 0), registered_on FROM grievance WHERE id = ?1", ctx->err);
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
		copy_col(st, 12, g->registered_on, sizeof g->registered_on);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? zila_fail(ctx->err, ZILA_ENOTFOUND, "no grievance '%s'", ref)
					 : zila_db_error(ctx->db, "grievance", ctx->err);
	return ZILA_OK;
}

/* Writes an event row: who, when, on which desk, from and to. */
enum zila_status
grv_event(struct zila_action_ctx *ctx, const struct grv *g, const char *from_status, const char *from_dept,
	const struct change *c)
{
	char id[40];
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO grievance_event(id, grievance_id, kind, from_status, to_status,"
		" from_department_id, to_department_id, note, visibility, rating, actor_id, at, desk_id)"
		" VALUES (?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?2, ?13)", ctx->err);
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

/* An action is dated by where it was born (ctx->today, from the desk's
 * clock within bounds): one dated before the grievance was registered, or
 * before its last disposal, would rewrite its history (a backdated
 * disposal), so it is refused, naming only this record's own date. */
static enum zila_status
grv_date_ok(struct zila_action_ctx *ctx, const struct grv *old)
{
	const char *registered = old->registered_on; /* as grv_load read it */
	if (strcmp(ctx->today, registered) < 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "this action is dated %s, before %s was registered (%s)", ctx->today,
			old->number, registered);
	if (old->disposed_on[0] && strcmp(ctx->today, old->disposed_on) < 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "this action is dated %s, before %s was disposed of (%s)", ctx->today,
			old->number, old->disposed_on);
	return ZILA_OK;
}

/* The UPDATE of g over old, setting only the columns that changed (and
 * always version and updated_at) into sql (512 bytes): SQLite rewrites the
 * entries of every index on a column the SET names, changed or not, and
 * runs the triggers of each such column, so an UPDATE naming every column
 * rewrote the fourteen index entries of a grievance whose status alone
 * moved. The text is made of these fixed pieces only; the parameters keep
 * their numbers whichever are used. */
static void
grv_update_sql(const struct grv *g, const struct grv *old, char *sql, size_t n)
{
	const struct {
		bool changed;
		const char *set;
	} cols[] = {
		{ strcmp(g->status, old->status) != 0, "status = ?2, " },
		{ strcmp(g->department_id, old->department_id) != 0, "department_id = ?3, " },
		{ strcmp(g->officer_id, old->officer_id) != 0, "officer_id = nullif(?4, ''), " },
		{ g->transfers != old->transfers, "transfers = ?5, " },
		{ strcmp(g->disposed_on, old->disposed_on) != 0, "disposed_on = nullif(?6, ''), " },
		{ g->rating != old->rating, "rating = nullif(?7, 0), " },
		{ g->appeals != old->appeals, "appeals = ?8, " },
		{ strcmp(g->duplicate_of, old->duplicate_of) != 0, "duplicate_of = nullif(?9, ''), " },
		{ strcmp(g->closed_on, old->closed_on) != 0, "closed_on = nullif(?10, ''), " },
		{ strcmp(g->due_date, old->due_date) != 0, "due_date = ?11, " },
		{ g->reply_set, "final_reply = ?13, " },
	};
	size_t k = (size_t)snprintf(sql, n, "UPDATE grievance SET ");
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cols); i++)
		if (cols[i].changed)
			k += (size_t)snprintf(sql + k, n - k, "%s", cols[i].set);
	snprintf(sql + k, n - k, "version = version + 1, updated_at = ?14 WHERE id = ?1");
}

/* Writes g back (version + 1) and the event of the change; old is the row
 * as loaded, for the event's from-fields. */
static enum zila_status
grv_save(struct zila_action_ctx *ctx, const struct grv *g, const struct grv *old, const struct change *c)
{
	enum zila_status ds = grv_date_ok(ctx, old);
	if (ds != ZILA_OK)
		return ds;
	char sql[512];
	grv_update_sql(g, old, sql, sizeof sql);
	sqlite3_stmt *st = zila_db_stmt(ctx->db, sql, ctx->err);
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
	bind_str(st, 13, g->final_reply);
	bind_str(st, 14, ctx->now);
	enum zila_status s = core_step_done(ctx->db, st, "grievance", ctx->err);
	if (s == ZILA_OK)
		s = grv_event(ctx, g, old->status, old->department_id, c);
	if (s == ZILA_OK) {
		json_object_set_new(ctx->result, "id", json_string(g->id));
		json_object_set_new(ctx->result, "number", json_string(g->number));
		json_object_set_new(ctx->result, "status", json_string(g->status));
	}
	return s;
}

/* The category's time limit from today: the due date of a new grievance,
 * and of an appeal or a reopening (each gets a fresh time limit). */
enum zila_status
grv_due_from_today(struct zila_action_ctx *ctx, const char *category_id, char *due)
{
	char days[16];
	enum zila_status s = zila_db_text(ctx->db, "SELECT days FROM category WHERE id = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", category_id)), days, sizeof days, ctx->err);
	if (s == ZILA_OK)
		zila_date_add(ctx->today, atol(days), due, 11);
	return s;
}

/* A department that still takes work. */
enum zila_status
grv_department_active(struct zila_action_ctx *ctx, const char *ref, const char *id)
{
	char active[4];
	enum zila_status s = zila_db_text(ctx->db, "SELECT active FROM department WHERE id = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", id)), active, sizeof active, ctx->err);
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

/* ------------------------------------------------------- routing the work */

/* An officer to give the grievance to: an active officer or head of the
 * department it will be in. */
static enum zila_status
officer_check(struct zila_action_ctx *ctx, const char *login, const char *dept_id, char *officer_id)
{
	enum zila_status s = zila_master_resolve(ctx->db, ZILA_M_USER, login, officer_id, ctx->err);
	if (s)
		return s;
	bool found;
	if ((s = zila_db_exists(ctx->db, "SELECT 1 FROM app_user WHERE id = :id AND active = 1"
		" AND role IN ('officer', 'head') AND department_id = :dept",
		ZILA_PARAMS(ZILA_PTEXT(":id", officer_id), ZILA_PTEXT(":dept", dept_id)), &found, ctx->err)))
		return s;
	if (!found)
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
	const char *ref, *dept, *officer, *note;
	struct grv g, old;
	char dept_id[40];
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_by_def(ctx, "department", &dept)) ||
	    (s = zila_arg_by_def(ctx, "officer", &officer)) ||
	    (s = zila_arg_by_def(ctx, "note", &note)) ||
	    (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (dept && (s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, dept, dept_id, ctx->err)))
		return s;
	bool routed = grv_from(&g, ZILA_GT_ASSIGN_OFFICER);
	if (!routed && !grv_from(&g, ZILA_GT_ASSIGN))
		return bad_state(ctx, &g, ZILA_GT_ASSIGN);
	if (routed && !officer)
		return bad_rule(ctx, &g, N_("It is assigned already: name an officer, or transfer it."));
	if (routed && dept && strcmp(dept_id, g.department_id) != 0)
		return bad_rule(ctx, &g, N_("Moving it to another department is a transfer."));
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	if (dept && ctx->actor->role == ZILA_ROLE_HEAD && strcmp(dept_id, ctx->actor->department_id) != 0)
		return zila_fail(ctx->err, ZILA_EDENIED, "department: a head assigns within their own department");
	if (dept) {
		if ((s = grv_department_active(ctx, dept, dept_id)))
			return s;
		snprintf(g.department_id, sizeof g.department_id, "%s", dept_id);
	}
	if (officer && (s = officer_check(ctx, officer, g.department_id, g.officer_id)))
		return s;
	grv_to(&g, routed ? ZILA_GT_ASSIGN_OFFICER : ZILA_GT_ASSIGN);
	const struct change c = { .kind = "assigned", .note = note };
	return grv_save(ctx, &g, &old, &c);
}

/* assigned|in_progress -> assigned in another department, at most three
 * times; the officer is cleared, the due date kept. */
enum zila_status
act_grievance_transfer(struct zila_action_ctx *ctx)
{
	const char *ref, *dept, *reason;
	struct grv g, old;
	char dept_id[40];
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_by_def(ctx, "department", &dept)) ||
	    (s = zila_arg_by_def(ctx, "reason", &reason)) ||
	    (s = zila_master_resolve(ctx->db, ZILA_M_DEPARTMENT, dept, dept_id, ctx->err)) ||
	    (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!grv_from(&g, ZILA_GT_TRANSFER))
		return bad_state(ctx, &g, ZILA_GT_TRANSFER);
	if (g.transfers >= TRANSFER_MAX)
		return bad_rule(ctx, &g, N_("It has been transferred 3 times already, the most allowed."));
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	if (strcmp(dept_id, g.department_id) == 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "department: grievance %s is with %s already", g.number, dept);
	if ((s = grv_department_active(ctx, dept, dept_id)))
		return s;
	snprintf(g.department_id, sizeof g.department_id, "%s", dept_id);
	grv_to(&g, ZILA_GT_TRANSFER);
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
	static const char *const vis[] = { "public", "internal", NULL };
	const char *ref, *note, *visibility;
	bool interim = false, has_interim;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_by_def(ctx, "note", &note)) ||
	    (s = zila_arg_enum(ctx, "visibility", ZILA_OPT, vis, &visibility)) ||
	    (s = zila_arg_bool(ctx, "interim", &interim, &has_interim)))
		return s;
	if (interim && visibility && strcmp(visibility, "internal") == 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "visibility: an interim reply goes to the citizen, so it is public");
	if ((s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (interim && !grv_from(&g, ZILA_GT_NOTE_INTERIM))
		return bad_state(ctx, &g, ZILA_GT_NOTE_INTERIM);
	if (!grv_from(&g, ZILA_GT_NOTE))
		return bad_state(ctx, &g, ZILA_GT_NOTE);
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	grv_to(&g, interim ? ZILA_GT_NOTE_INTERIM : ZILA_GT_NOTE);
	const struct change c = { .kind = interim ? "interim_reply" : "note", .note = note, .visibility = visibility };
	return grv_save(ctx, &g, &old, &c);
}

/* The final reply: an open grievance (registered, assigned, in progress)
 * or an appeal becomes disposed. */
enum zila_status
act_grievance_dispose(struct zila_action_ctx *ctx)
{
	const char *ref, *reply;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_by_def(ctx, "reply", &reply)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!grv_from(&g, ZILA_GT_DISPOSE))
		return bad_state(ctx, &g, ZILA_GT_DISPOSE);
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	bool appeal = zila_state_index(&zila_grievance_kind, g.status) == ZILA_GS_APPEALED;
	grv_to(&g, ZILA_GT_DISPOSE);
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
	const char *ref, *note;
	long long rating;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_int(ctx, "rating", ZILA_REQ, 1, 5, &rating, NULL)) ||
	    (s = zila_arg_by_def(ctx, "note", &note)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!grv_from(&g, ZILA_GT_FEEDBACK))
		return bad_state(ctx, &g, ZILA_GT_FEEDBACK);
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
	const char *ref, *reason;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_by_def(ctx, "reason", &reason)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!grv_from(&g, ZILA_GT_APPEAL))
		return bad_state(ctx, &g, ZILA_GT_APPEAL);
	if (g.appeals > 0)
		return bad_rule(ctx, &g, N_("It was appealed once already, and a grievance is appealed only once."));
	long days = zila_date_diff(g.disposed_on, ctx->today);
	if (days > APPEAL_DAYS) {
		return zila_fail(ctx->err, ZILA_ESTATE,
			"Grievance %1$s was disposed on %2$s, %3$ld days ago, and an appeal must come within %4$d days.",
			g.number, g.disposed_on, days, APPEAL_DAYS);
	}
	if ((s = zila_action_require_department(ctx, g.department_id)) ||
	    (s = grv_due_from_today(ctx, g.category_id, g.due_date)))
		return s;
	grv_to(&g, ZILA_GT_APPEAL);
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
	const char *ref, *reason;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_by_def(ctx, "reason", &reason)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!grv_from(&g, ZILA_GT_REOPEN))
		return bad_state(ctx, &g, ZILA_GT_REOPEN);
	if ((s = zila_action_require_department(ctx, g.department_id)) ||
	    (s = grv_due_from_today(ctx, g.category_id, g.due_date)))
		return s;
	grv_to(&g, ZILA_GT_REOPEN);
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
	const char *ref, *note;
	struct grv g, old;
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_by_def(ctx, "note", &note)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!grv_from(&g, ZILA_GT_CLOSE))
		return bad_state(ctx, &g, ZILA_GT_CLOSE);
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	grv_to(&g, ZILA_GT_CLOSE);
	snprintf(g.closed_on, sizeof g.closed_on, "%s", ctx->today);
	const struct change c = { .kind = "closed", .note = note };
	return grv_save(ctx, &g, &old, &c);
}

/* Closes a grievance as a duplicate of another, which must not itself be
 * a duplicate (so chains and cycles cannot form). */
enum zila_status
act_grievance_duplicate(struct zila_action_ctx *ctx)
{
	const char *ref, *of;
	struct grv g, old, orig;
	char note[80];
	enum zila_status s;
	if ((s = zila_arg_known_def(ctx)) || (s = zila_arg_by_def(ctx, "grievance", &ref)) ||
	    (s = zila_arg_by_def(ctx, "of", &of)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if ((s = grv_load(ctx, of, &orig)))
		return s == ZILA_ENOTFOUND ? zila_fail(ctx->err, ZILA_EINVAL, "of: no grievance '%s'", of) : s;
	if (!grv_from(&g, ZILA_GT_DUPLICATE))
		return bad_state(ctx, &g, ZILA_GT_DUPLICATE);
	if (strcmp(orig.id, g.id) == 0)
		return zila_fail(ctx->err, ZILA_EINVAL, "of: a grievance cannot be a duplicate of itself");
	if (orig.duplicate_of[0])
		return zila_fail(ctx->err, ZILA_EINVAL, "of: grievance %s is itself a duplicate; name the original", orig.number);
	if ((s = zila_action_require_department(ctx, g.department_id)))
		return s;
	grv_to(&g, ZILA_GT_DUPLICATE);
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
	    (s = grv_attachment_check(ctx, &a)) || (s = grv_open(ctx, ref, &g, &old)))
		return s;
	if (!grv_from(&g, ZILA_GT_ATTACH))
		return bad_state(ctx, &g, ZILA_GT_ATTACH);
	if ((s = zila_action_require_department(ctx, g.department_id)) || (s = grv_attachment_insert(ctx, g.id, &a)))
		return s;
	const struct change c = { .kind = "attached", .note = a.name };
	return grv_save(ctx, &g, &old, &c);
}
