/* action.h: the one way data changes, on a desk and on the server.
 *
 * An action is a name plus JSON arguments run for an actor. The runner
 * checks the role table, opens one transaction, calls the module's handler
 * (which checks the record's state and every field, then writes rows and
 * the event), appends the audit row and, on a desk, the outbox row, and
 * commits. Any failure rolls everything back: never a half write.
 *
 * Identity without the network: every action carries a mutation_id
 * (UUIDv7, made where the action is born). Rows an action creates get ids
 * derived from it (zila_action_new_id), and human numbers are written back
 * into the arguments, so the server re-running the same action produces
 * the very same rows. */
#ifndef ZILA_ACTION_H
#define ZILA_ACTION_H

#include <jansson.h>
#include <stdbool.h>
#include "zila/db.h"
#include "zila/i18n.h"
#include "zila/module.h"
#include "zila/status.h"

/* X(enum, name, label) */
#define ZILA_ROLE_LIST(X) \
	X(ZILA_ROLE_CLERK,     "clerk",     N_("Clerk")) \
	X(ZILA_ROLE_OFFICER,   "officer",   N_("Department officer")) \
	X(ZILA_ROLE_HEAD,      "head",      N_("Department head")) \
	X(ZILA_ROLE_NODAL,     "nodal",     N_("Nodal officer")) \
	X(ZILA_ROLE_COLLECTOR, "collector", N_("Collector")) \
	X(ZILA_ROLE_ADMIN,     "admin",     N_("Administrator"))

enum zila_role {
#define ZILA_X(e, name, label) e,
	ZILA_ROLE_LIST(ZILA_X)
#undef ZILA_X
	ZILA_ROLE_COUNT
};
#define ZILA_ROLE_BIT(r) (1u << (r))

const char *zila_role_name(enum zila_role r);
const char *zila_role_label(enum zila_role r);
/* Returns -1 for an unknown name. */
int zila_role_from_name(const char *name);

struct zila_actor {
	char user_id[40];
	char login[64];
	enum zila_role role;
	char department_id[40]; /* "" when the user belongs to no department */
	char desk_id[40];
	char desk_code[16];
	char lang[3];           /* the user's language: "hi", "en", or "" (the locale's) */
	/* the user's signing key, unsealed by the password on this desk (or
	 * resumed from a session): actions put in the outbox are signed with
	 * it. Without it (trusted tools, the server) nothing is signed. */
	bool can_sign;
	unsigned char sign_sk[64];
};

/* The role table: X(enum, name, handler, roles allowed), from each
 * module's rows in module.h. Record-level rules (an officer acts only on
 * their own department's records) are checked by the handler; this table
 * is the first gate and what the UI uses to hide what a role may not do. */
struct zila_action_ctx;
typedef enum zila_status (*zila_action_fn)(struct zila_action_ctx *ctx);

#define ZILA_ACTION_LIST(X) ZILA_MODULES_ACTIONS(X)

enum zila_action_id {
#define ZILA_X(e, name, fn, roles) ZILA_ACT_##e,
	ZILA_ACTION_LIST(ZILA_X)
#undef ZILA_X
	ZILA_ACT_COUNT
};

/* Every handler, defined in its module's file. */
#define ZILA_X(e, name, fn, roles) enum zila_status fn(struct zila_action_ctx *ctx);
ZILA_ACTION_LIST(ZILA_X)
#undef ZILA_X

struct zila_action_ctx {
	struct zila_db *db;
	const struct zila_actor *actor;
	enum zila_action_id action;
	const char *mutation_id;
	json_t *args;     /* the handler may add generated ids/numbers to it */
	json_t *result;   /* an object the handler fills ({"id":..,"number":..}) */
	char now[32];     /* UTC, ISO 8601, second resolution: this database's clock */
	char today[11];   /* the action's calendar date in Asia/Kolkata, YYYY-MM-DD:
			   * where it was born (opts.client_time), see action.c */
	int next_id;      /* counter for zila_action_new_id */
	int flags;
	struct zila_err *err;
};

/* flags for zila_action_run */
#define ZILA_ACT_NO_OUTBOX 0x1 /* desk: re-applying, do not queue for push */
#define ZILA_ACT_NO_AUDIT  0x2 /* desk: re-applying an already audited action */
#define ZILA_ACT_ENROL     0x4 /* server: zilad's enrol request, the one way desk.enrol runs */

struct zila_action_opts {
	const char *mutation_id; /* NULL: a new one is made */
	const char *client_time; /* NULL: now. Also fixes the action's calendar
				  * date (ctx->today) to the day it was born,
				  * within bounds: see action.c */
	long long base_version;  /* version of the record the actor saw, 0 if none */
	int flags;
	/* server: the identity that signs the action instead of the actor
	 * (zilad witnessing an enrolment the user proved by password alone);
	 * NULL: the actor signs when it can */
	const struct zila_actor *witness;
};

/* Runs one action in one transaction. On success *result (when not NULL)
 * gets a new reference to the handler's result object. */
enum zila_status zila_action_run(struct zila_db *db, const struct zila_actor *actor,
	const char *name, json_t *args, const struct zila_action_opts *opts,
	json_t **result, struct zila_err *err);

/* Server only: signs sg (an action the server runs or witnesses for an
 * identity whose secret key sk it holds) into server_signed, which zilad
 * audit verify checks; the key's id is the signer's current one. No desk
 * chain: client_seq 0, prev "". Inside the caller's transaction. */
struct zila_signed;
enum zila_status zila_action_sign_server(struct zila_db *db, const struct zila_signed *sg, const unsigned char *sk,
	struct zila_err *err);

int zila_action_from_name(const char *name); /* -1 when unknown */
const char *zila_action_name(enum zila_action_id id);
bool zila_action_allowed(enum zila_role role, const char *name);

/* A new row id derived from the mutation id and a counter: the same on the
 * desk and on the server. buf must hold 37 bytes. */
void zila_action_new_id(struct zila_action_ctx *ctx, char *buf);

/* The record-level rule shared by all modules: officers and heads act only
 * within their own department. Collector and admin act everywhere. */
enum zila_status zila_action_require_department(struct zila_action_ctx *ctx, const char *department_id);

/* --- argument checking: each names the field in its message ------------- */

enum { ZILA_OPT = 0, ZILA_REQ = 1 };

/* Refuses keys not in the NULL-terminated list (catches typos in scripts). */
enum zila_status zila_arg_known(struct zila_action_ctx *ctx, const char *const *keys);
/* A single-line string: valid UTF-8, no control characters, at most maxchars
 * characters, not blank when required. *out is NULL when absent. */
enum zila_status zila_arg_str(struct zila_action_ctx *ctx, const char *key, int req, size_t maxchars, const char **out);
/* Multi-line text: like zila_arg_str but newlines and tabs allowed. */
enum zila_status zila_arg_text(struct zila_action_ctx *ctx, const char *key, int req, size_t maxchars, const char **out);
enum zila_status zila_arg_int(struct zila_action_ctx *ctx, const char *key, int req, long long min, long long max, long long *out, bool *present);
enum zila_status zila_arg_real(struct zila_action_ctx *ctx, const char *key, double min, double max, double *out, bool *present);
/* YYYY-MM-DD, a real calendar date. */
enum zila_status zila_arg_date(struct zila_action_ctx *ctx, const char *key, int req, const char **out);
/* One of a NULL-terminated list of values. */
enum zila_status zila_arg_enum(struct zila_action_ctx *ctx, const char *key, int req, const char *const *values, const char **out);
enum zila_status zila_arg_bool(struct zila_action_ctx *ctx, const char *key, bool *out, bool *present);

#endif
