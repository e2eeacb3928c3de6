/* record.c: the record kinds' tables (from the X-macro rows of their
 * headers) and the readers of record.h, with zila_may: the one place
 * that says what an actor may do to a record now. */
#include <stdio.h>
#include <string.h>
#include "zila/grievance.h"
#include "zila/i18n.h"
#include "zila/inspection.h"
#include "zila/letter.h"
#include "zila/record.h"
#include "zila/util.h"

#define STATE_ROW(e, name, open) { name, open },
#define TRANSITION_ROW(e, action, from, to, who, scope, refusal) { action, from, to, who, scope, refusal },
#define ARG_ROW(action, key, kind, required, limit) { action, key, kind, required, limit },

static const struct zila_state grievance_states[] = { ZILA_GRIEVANCE_STATE_LIST(STATE_ROW) };
static const struct zila_transition grievance_transitions[] = { ZILA_GRIEVANCE_TRANSITION_LIST(TRANSITION_ROW) };
static const struct zila_arg_def grievance_args[] = { ZILA_GRIEVANCE_ARG_LIST(ARG_ROW) };
static const struct zila_state marking_states[] = { ZILA_MARKING_STATE_LIST(STATE_ROW) };
static const struct zila_transition marking_transitions[] = { ZILA_MARKING_TRANSITION_LIST(TRANSITION_ROW) };
static const struct zila_arg_def marking_args[] = { ZILA_MARKING_ARG_LIST(ARG_ROW) };
static const struct zila_state inspection_states[] = { ZILA_INSPECTION_STATE_LIST(STATE_ROW) };
static const struct zila_transition inspection_transitions[] = { ZILA_INSPECTION_TRANSITION_LIST(TRANSITION_ROW) };
static const struct zila_arg_def inspection_args[] = { ZILA_INSPECTION_ARG_LIST(ARG_ROW) };
static const struct zila_state suggestion_states[] = { ZILA_SUGGESTION_STATE_LIST(STATE_ROW) };
static const struct zila_transition suggestion_transitions[] = { ZILA_SUGGESTION_TRANSITION_LIST(TRANSITION_ROW) };

const struct zila_record_kind zila_grievance_kind = { "grievance", grievance_states,
	(int)ZILA_ARRAY_LEN(grievance_states), grievance_transitions, (int)ZILA_ARRAY_LEN(grievance_transitions),
	grievance_args, (int)ZILA_ARRAY_LEN(grievance_args) };
const struct zila_record_kind zila_letter_kind = { "letter", marking_states, (int)ZILA_ARRAY_LEN(marking_states),
	marking_transitions, (int)ZILA_ARRAY_LEN(marking_transitions), marking_args, (int)ZILA_ARRAY_LEN(marking_args) };
/* the inspection's arguments hold its suggestions' too: one list for the
 * screens' forms, which name the action */
const struct zila_record_kind zila_inspection_kind = { "inspection", inspection_states,
	(int)ZILA_ARRAY_LEN(inspection_states), inspection_transitions, (int)ZILA_ARRAY_LEN(inspection_transitions),
	inspection_args, (int)ZILA_ARRAY_LEN(inspection_args) };
const struct zila_record_kind zila_suggestion_kind = { "suggestion", suggestion_states,
	(int)ZILA_ARRAY_LEN(suggestion_states), suggestion_transitions, (int)ZILA_ARRAY_LEN(suggestion_transitions),
	NULL, 0 };


static const struct zila_record_kind *const kinds[] = {
	&zila_grievance_kind, &zila_letter_kind, &zila_inspection_kind, &zila_suggestion_kind,
};

const struct zila_record_kind *
zila_record_kind_of(const char *action)
{
	for (size_t k = 0; action && k < ZILA_ARRAY_LEN(kinds); k++)
		for (int i = 0; i < kinds[k]->ntransitions; i++)
			if (strcmp(kinds[k]->transitions[i].action, action) == 0)
				return kinds[k];
	return NULL;
}

int
zila_state_index(const struct zila_record_kind *k, const char *state)
{
	for (int i = 0; state && i < k->nstates; i++)
		if (strcmp(k->states[i].name, state) == 0)
			return i;
	return -1;
}

bool
zila_state_is_open(const struct zila_record_kind *k, const char *state)
{
	int i = zila_state_index(k, state);
	return i >= 0 && k->states[i].open;
}

unsigned
zila_state_open_mask(const struct zila_record_kind *k)
{
	unsigned m = 0;
	for (int i = 0; i < k->nstates; i++)
		if (k->states[i].open)
			m |= 1u << i;
	return m;
}

const char *
zila_state_open_sql(const struct zila_record_kind *k)
{
	/* built once per kind from constant rows, so the text never changes */
	static char sql[ZILA_ARRAY_LEN(kinds)][256];
	size_t at = 0;
	while (at < ZILA_ARRAY_LEN(kinds) && kinds[at] != k)
		at++;
	if (at == ZILA_ARRAY_LEN(kinds))
		return "(NULL)";
	char *b = sql[at];
	if (!b[0]) {
		size_t len = 0;
		b[len++] = '(';
		for (int i = 0; i < k->nstates; i++)
			if (k->states[i].open)
				len += (size_t)snprintf(b + len, sizeof sql[0] - len, "%s'%s'", len > 1 ? ", " : "",
					k->states[i].name);
		snprintf(b + len, sizeof sql[0] - len, ")");
	}
	return b;
}

const char *
zila_state_names(const struct zila_record_kind *k, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (int i = 0; i < k->nstates && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "", k->states[i].name);
	return buf;
}

bool
zila_transition_from(const struct zila_record_kind *k, const struct zila_transition *t, const char *state)
{
	int i = zila_state_index(k, state);
	return i >= 0 && (t->from & (1u << i));
}

const char *
zila_transition_to(const struct zila_record_kind *k, const struct zila_transition *t, const char *state)
{
	return t->to == ZILA_STATE_SAME ? state : k->states[t->to].name;
}

bool
zila_transition_who(const struct zila_transition *t, enum zila_role role)
{
	if (t->who)
		return t->who & ZILA_ROLE_BIT(role);
	return zila_action_allowed(role, t->action);
}

const struct zila_arg_def *
zila_arg_def_of(const char *action, const char *key)
{
	for (size_t k = 0; action && key && k < ZILA_ARRAY_LEN(kinds); k++)
		for (int i = 0; i < kinds[k]->nargs; i++)
			if (strcmp(kinds[k]->args[i].action, action) == 0 && strcmp(kinds[k]->args[i].key, key) == 0)
				return &kinds[k]->args[i];
	return NULL;
}

enum zila_status
zila_arg_by_def(struct zila_action_ctx *ctx, const char *key, const char **out)
{
	const struct zila_arg_def *d = zila_arg_def_of(zila_action_name(ctx->action), key);
	*out = NULL;
	if (!d || (d->kind != ZILA_ARG_STR && d->kind != ZILA_ARG_TEXT))
		return zila_fail(ctx->err, ZILA_EINVAL, "%s: no such text argument", key);
	int req = d->required ? ZILA_REQ : ZILA_OPT;
	if (d->kind == ZILA_ARG_TEXT)
		return zila_arg_text(ctx, key, req, (size_t)d->limit, out);
	return zila_arg_str(ctx, key, req, (size_t)d->limit, out);
}

enum zila_status
zila_arg_known_def(struct zila_action_ctx *ctx)
{
	const char *action = zila_action_name(ctx->action), *keys[32];
	size_t n = 0;
	for (size_t k = 0; k < ZILA_ARRAY_LEN(kinds); k++)
		for (int i = 0; i < kinds[k]->nargs && n + 1 < ZILA_ARRAY_LEN(keys); i++)
			if (strcmp(kinds[k]->args[i].action, action) == 0)
				keys[n++] = kinds[k]->args[i].key;
	keys[n] = NULL;
	return zila_arg_known(ctx, keys);
}

/* ------------------------------------------------------------- zila_may */

/* One record (or part: a letter's marking, an inspection's suggestion)
 * as the transitions see it. */
struct subject {
	const char *state;      /* NULL: the record is to be made */
	const char *department; /* its department id, for ZILA_SCOPE_DEPARTMENT */
	bool owner;             /* the actor is its nodal officer (ZILA_SCOPE_OWNER) */
};

/* How far the best row got, to name the one reason that stopped it. */
enum verdict { V_ROLE, V_STATE, V_SCOPE, V_OK };

bool
zila_scope_department(const struct zila_actor *a)
{
	return a->role == ZILA_ROLE_OFFICER || a->role == ZILA_ROLE_HEAD;
}

static bool
scope_ok(const struct zila_actor *a, enum zila_scope scope, const struct subject *s)
{
	switch (scope) {
	case ZILA_SCOPE_DEPARTMENT:
		if (!zila_scope_department(a))
			return true;
		return s->department && strcmp(a->department_id, s->department) == 0;
	case ZILA_SCOPE_OWNER:
		return a->role != ZILA_ROLE_NODAL || s->owner;
	case ZILA_SCOPE_ANY:
		break;
	}
	return true;
}

/* The furthest a row of action that the role may take gets for s. */
static enum verdict
judge(const struct zila_record_kind *k, const struct zila_actor *a, const char *action, const struct subject *s)
{
	enum verdict best = V_ROLE;
	for (int i = 0; i < k->ntransitions; i++) {
		const struct zila_transition *t = &k->transitions[i];
		if (strcmp(t->action, action) != 0 || !zila_transition_who(t, a->role))
			continue;
		bool state_ok = s->state ? zila_transition_from(k, t, s->state) : t->from == ZILA_STATE_NONE;
		enum verdict v = !state_ok ? V_STATE : !scope_ok(a, t->scope, s) ? V_SCOPE : V_OK;
		if (v > best)
			best = v;
	}
	return best;
}

bool
zila_may_from(const struct zila_actor *a, const char *action, const char *state)
{
	const struct zila_record_kind *k = zila_record_kind_of(action);
	for (int i = 0; k && i < k->ntransitions; i++) {
		const struct zila_transition *t = &k->transitions[i];
		if (strcmp(t->action, action) == 0 && zila_transition_who(t, a->role) && zila_transition_from(k, t, state))
			return true;
	}
	return false;
}

/* The rule of the first row of action the role may take, or NULL when
 * the role may take none (a row's who narrower than the role table). */
static const char *
first_rule(const struct zila_record_kind *k, const struct zila_actor *a, const char *action, bool *any)
{
	*any = false;
	for (int i = 0; i < k->ntransitions; i++) {
		const struct zila_transition *t = &k->transitions[i];
		if (strcmp(t->action, action) == 0 && zila_transition_who(t, a->role)) {
			*any = true;
			if (t->refusal)
				return t->refusal;
		}
	}
	return NULL;
}

/* A record as zila_may reads it: each of its subjects (the record
 * itself, a letter's markings, an inspection's suggestions) is judged as
 * it is read, so a letter with any number of markings is judged whole. */
struct reading {
	const struct zila_record_kind *k;
	const struct zila_actor *actor;
	const char *action;
	enum verdict best;
	char number[64];
	char parent_state[16]; /* the letter's, or the suggestion's inspection's */
	char state[16];        /* the first subject's state, for the message */
};

static enum zila_status
subjects_read(struct zila_db *db, const char *sql, const char *id, struct reading *r, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_prepare(db, sql,
		ZILA_PARAMS(ZILA_PTEXT(":id", id), ZILA_PTEXT(":user", r->actor->user_id)), err);
	if (!st)
		return ZILA_EDB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *parent = (const char *)sqlite3_column_text(st, 1);
		const char *state = (const char *)sqlite3_column_text(st, 2);
		if (!r->number[0]) {
			snprintf(r->number, sizeof r->number, "%s", (const char *)sqlite3_column_text(st, 0));
			snprintf(r->parent_state, sizeof r->parent_state, "%s", parent ? parent : "");
			snprintf(r->state, sizeof r->state, "%s", state ? state : "");
		}
		/* no marking yet; or a draft's suggestions: nobody's work yet */
		if (!state || (r->k == &zila_suggestion_kind && (!parent || strcmp(parent, "submitted") != 0)))
			continue;
		const struct subject sub = { .state = state, .department = (const char *)sqlite3_column_text(st, 3),
			.owner = sqlite3_column_int(st, 4) };
		enum verdict v = judge(r->k, r->actor, r->action, &sub);
		if (v > r->best)
			r->best = v;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "may", err);
}

/* Every query: number, parent state, state, department, owner (:user is
 * the actor, for the owner column). */
static enum zila_status
subjects_load(struct zila_db *db, const char *ref, struct reading *r, struct zila_err *err)
{
	const struct zila_record_kind *k = r->k;
	char id[40];
	enum zila_status s;
	if (k == &zila_grievance_kind) {
		if ((s = zila_grievance_resolve(db, ref, id, err)))
			return s;
		return subjects_read(db, "SELECT number, status, status, department_id, :user IS NULL FROM grievance"
			" WHERE id = :id", id, r, err);
	}
	if (k == &zila_letter_kind) {
		if ((s = zila_letter_resolve(db, ref, id, err)))
			return s;
		return subjects_read(db, "SELECT l.number, l.status, m.status, m.department_id, :user IS NULL"
			" FROM letter l LEFT JOIN letter_marking m ON m.letter_id = l.id WHERE l.id = :id", id, r, err);
	}
	if (k == &zila_inspection_kind) {
		if ((s = zila_inspection_resolve(db, ref, id, err)))
			return s;
		return subjects_read(db, "SELECT number, status, status, NULL, nodal_id = :user FROM inspection"
			" WHERE id = :id", id, r, err);
	}
	/* a suggestion, or every suggestion of an inspection; the owner is
	 * the inspection's nodal officer or the one its panchayat is
	 * assigned to */
	static const char *const sugg_sql =
		"SELECT i.number, i.status, s.status, s.department_id, (i.nodal_id = :user OR EXISTS (SELECT 1"
		" FROM nodal_assignment n WHERE n.user_id = :user AND n.gp_id = i.gp_id))"
		" FROM suggestion s JOIN inspection i ON i.id = s.inspection_id WHERE s.id = :id OR i.id = :id";
	if (zila_inspection_resolve(db, ref, id, NULL) != ZILA_OK)
		snprintf(id, sizeof id, "%s", ref ? ref : "");
	if ((s = subjects_read(db, sugg_sql, id, r, err)))
		return s;
	return r->number[0] ? ZILA_OK : zila_fail(err, ZILA_ENOTFOUND, "no suggestion '%s'", ref ? ref : "");
}

/* The refusal for a state: worded per kind, as the handlers word it. */
static enum zila_status
state_refusal(const struct reading *r, const char *rule, struct zila_err *err)
{
	const char *said = rule ? _(rule) : "";
	if (r->k == &zila_grievance_kind)
		return zila_fail(err, ZILA_ESTATE, "Grievance %1$s is %2$s. %3$s", r->number, zila_status_word(r->state),
			said);
	if (r->k == &zila_letter_kind)
		return zila_fail(err, ZILA_ESTATE, "Letter %1$s: %2$s", r->number, said);
	return zila_fail(err, ZILA_ESTATE, "Inspection %1$s: %2$s", r->number, said);
}

enum zila_status
zila_may(struct zila_db *db, const struct zila_actor *actor, const char *action, const char *ref,
	struct zila_err *err)
{
	const struct zila_record_kind *k = zila_record_kind_of(action);
	if (!k)
		return zila_fail(err, ZILA_EINVAL, "unknown action '%s'", action ? action : "");
	bool any;
	const char *rule = first_rule(k, actor, action, &any);
	if (!zila_action_allowed(actor->role, action) || !any)
		return zila_fail(err, ZILA_EDENIED, "A %1$s may not do %2$s.", zila_role_label(actor->role), action);
	if (!ref) {
		const struct subject none = { 0 };
		if (judge(k, actor, action, &none) == V_OK)
			return ZILA_OK;
		return zila_fail(err, ZILA_EINVAL, "%s is required", k->name);
	}
	/* the role may take a row: what stops it now is a state or a scope */
	struct reading r = { .k = k, .actor = actor, .action = action, .best = V_STATE };
	enum zila_status s = subjects_load(db, ref, &r, err);
	if (s == ZILA_OK && k == &zila_letter_kind && strcmp(r.parent_state, "open") == 0) {
		const struct subject fresh = { 0 }; /* a new marking needs the letter open */
		enum verdict v = judge(k, actor, action, &fresh);
		if (v > r.best)
			r.best = v;
	}
	if (s != ZILA_OK || r.best == V_OK)
		return s;
	if (r.best == V_SCOPE && k == &zila_inspection_kind)
		return zila_fail(err, ZILA_EDENIED, "inspection %s was recorded by another nodal officer", r.number);
	if (r.best == V_SCOPE)
		return zila_fail(err, ZILA_EDENIED, "this record belongs to another department");
	return state_refusal(&r, rule, err);
}
