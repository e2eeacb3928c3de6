/* record.h: record kinds as tables, and the one question every screen asks.
 *
 * Each record kind (a grievance, a letter's marking, an inspection, a
 * suggestion) declares in its own header, as X-macro rows: its states (and
 * which are open), its transitions (action, from-states, to-state, who,
 * department scope, and the rule said when the state is wrong) and its
 * actions' arguments (key, kind, required, limit). The handlers, the
 * queries' open sets, the reports, the screens' offered actions, the
 * forms' limits and the command line read those rows; this file holds the
 * types they share and the readers.
 *
 * zila_may answers "what may this actor do to this record now" in one
 * place: the role table (action.h), the transition table and the scope.
 * The handlers still judge the arguments (the department a head names,
 * the 30 days of an appeal, ...), so zila_may may say yes to an action
 * whose arguments the handler then refuses, never the other way round. */
#ifndef ZILA_RECORD_H
#define ZILA_RECORD_H

#include <stdbool.h>
#include "zila/action.h"
#include "zila/db.h"

struct zila_state {
	const char *name;
	bool open; /* pending work: lists' "open", overdue, reports' pendency */
};

/* Who, beyond the role, may take a transition. */
enum zila_scope {
	ZILA_SCOPE_ANY,        /* whoever the role allows */
	ZILA_SCOPE_DEPARTMENT, /* officers and heads within their own department */
	ZILA_SCOPE_OWNER       /* a nodal officer on their own inspection (verify:
				* or one of a gram panchayat assigned to them) */
};

#define ZILA_STATE_SAME (-1) /* to: the state does not change */
#define ZILA_STATE_NONE 0u   /* from: the action makes the record */

struct zila_transition {
	const char *action;
	unsigned from;   /* bit i: states[i]; ZILA_STATE_NONE: a new record */
	int to;          /* an index into states, or ZILA_STATE_SAME */
	unsigned who;    /* ZILA_ROLE_BIT()s; 0: whoever the role table allows */
	enum zila_scope scope;
	const char *refusal; /* N_(): the rule, when the state does not allow it */
};

enum zila_arg_kind { ZILA_ARG_STR, ZILA_ARG_TEXT, ZILA_ARG_INT, ZILA_ARG_BOOL, ZILA_ARG_DATE, ZILA_ARG_ENUM };

/* One argument of an action: limit is characters for text, the largest
 * value for an integer, 0 when it does not apply. */
struct zila_arg_def {
	const char *action;
	const char *key;
	enum zila_arg_kind kind;
	bool required;
	long long limit;
};

struct zila_record_kind {
	const char *name; /* "grievance", "letter", "inspection", "suggestion" */
	const struct zila_state *states;
	int nstates;
	const struct zila_transition *transitions;
	int ntransitions;
	const struct zila_arg_def *args;
	int nargs;
};

extern const struct zila_record_kind zila_grievance_kind, zila_letter_kind, zila_inspection_kind, zila_suggestion_kind;

/* The kind whose transitions name this action, or NULL. */
const struct zila_record_kind *zila_record_kind_of(const char *action);
/* The index of a state, -1 when the kind has none of that name. */
int zila_state_index(const struct zila_record_kind *k, const char *state);
/* Whether state is one of the kind's open states (false for unknown). */
bool zila_state_is_open(const struct zila_record_kind *k, const char *state);
/* The mask of the kind's open states. */
unsigned zila_state_open_mask(const struct zila_record_kind *k);
/* The open states as an SQL list, "('registered', 'assigned', ...)", in
 * table order: the text of the partial indexes' WHERE (db/), which the
 * planner uses only when a query says the very same. */
const char *zila_state_open_sql(const struct zila_record_kind *k);
/* The state names joined by ", " into buf (size n), for messages. */
const char *zila_state_names(const struct zila_record_kind *k, char *buf, size_t n);
/* Whether t may start from state. */
bool zila_transition_from(const struct zila_record_kind *k, const struct zila_transition *t, const char *state);
/* The state t leads to from `state` (its own name when t keeps it). */
const char *zila_transition_to(const struct zila_record_kind *k, const struct zila_transition *t, const char *state);
/* Whether the actor's role may take t (its who, else the role table). */
bool zila_transition_who(const struct zila_transition *t, enum zila_role role);
/* The argument row of action's key, or NULL. */
const struct zila_arg_def *zila_arg_def_of(const char *action, const char *key);

/* A handler's argument checked by its row (ctx's action, key): text or a
 * single-line string, required and limited as the row says. */
enum zila_status zila_arg_by_def(struct zila_action_ctx *ctx, const char *key, const char **out);
/* Refuses keys that ctx's action has no row for (zila_arg_known). */
enum zila_status zila_arg_known_def(struct zila_action_ctx *ctx);

/* Whether a row of action the actor's role may take starts from state,
 * the scope aside: what a form's picker offers among a record's parts (a
 * letter's markings), the core judging the one picked. */
bool zila_may_from(const struct zila_actor *a, const char *action, const char *state);

/* Whether the actor's work is only their own department's (officers and
 * heads): lists open on it, and ZILA_SCOPE_DEPARTMENT rows hold them to it. */
bool zila_scope_department(const struct zila_actor *a);

/* May the actor take `action` on the record `ref` (number or id; for a
 * suggestion action an inspection too: any of its suggestions) now?
 * ZILA_OK; ZILA_EDENIED (role, department, owner); ZILA_ESTATE (the
 * record's state, the rule in the message); ZILA_ENOTFOUND. ref NULL asks
 * of an action that makes a record (grievance.register). */
enum zila_status zila_may(struct zila_db *db, const struct zila_actor *actor, const char *action, const char *ref,
	struct zila_err *err);

#endif
