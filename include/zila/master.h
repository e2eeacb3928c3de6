/* master.h: the district's masters (departments, blocks, gram panchayats,
 * grievance categories, checklist items, nodal assignments), users and
 * their passwords, the database's identity (district and desk), and the
 * human numbers made from it.
 *
 * Masters change only through master.* and user.* actions (admin only);
 * an import of a CSV file runs one action per line in one transaction. */
#ifndef ZILA_MASTER_H
#define ZILA_MASTER_H

#include <jansson.h>
#include <stdio.h>
#include "zila/action.h"
#include "zila/db.h"

/* X(enum, name used on the command line, table, column that identifies a row to people) */
#define ZILA_MASTER_LIST(X) \
	X(ZILA_M_DEPARTMENT, "department", "department",     "code") \
	X(ZILA_M_BLOCK,      "block",      "block",          "lgd_code") \
	X(ZILA_M_GP,         "gp",         "gram_panchayat", "lgd_code") \
	X(ZILA_M_CATEGORY,   "category",   "category",       "code") \
	X(ZILA_M_CHECKLIST,  "checklist",  "checklist_item", "code") \
	X(ZILA_M_USER,       "user",       "app_user",       "login") \
	X(ZILA_M_DESK,       "desk",       "desk",           "code")

enum zila_master {
#define ZILA_X(e, name, table, key) e,
	ZILA_MASTER_LIST(ZILA_X)
#undef ZILA_X
	ZILA_M_COUNT
};

/* Makes a new, empty desk database its identity: the district (code of
 * 2-5 capital letters, English and Hindi names) and this desk's code
 * (2 digits, unique in the district). Refuses a database already set up.
 * The one write outside an action: it happens before any user exists. */
enum zila_status zila_init(struct zila_db *db, const char *district_code, const char *name_en,
	const char *name_hi, const char *desk_code, struct zila_err *err);
/* Marks a fresh database as the district server's ("db_kind" = server). */
enum zila_status zila_init_server(struct zila_db *db, struct zila_err *err);

/* The next human number of a kind ('G' grievance, 'L' letter, 'I'
 * inspection): DRG/G/07/2026/000042. Unique without the network because
 * the desk code is part of it. Call inside an action's transaction. */
enum zila_status zila_number_next(struct zila_action_ctx *ctx, char kind, char *buf, size_t n);

/* A number the arguments carry (a desk made it offline, and the server
 * runs the action again): it must be one the acting desk could have made,
 * <DISTRICT>/<kind>/<its desk code>/..., or another desk's could be taken. */
enum zila_status zila_number_given(struct zila_action_ctx *ctx, char kind, const char *number);

/* Finds a master row's id from what a person types (its code, LGD code or
 * login) or from its id. id must hold 40 bytes. */
enum zila_status zila_master_resolve(struct zila_db *db, enum zila_master m, const char *ref, char *id,
	struct zila_err *err);
enum zila_status zila_master_list(struct zila_db *db, enum zila_master m, json_t **rows, struct zila_err *err);
int zila_master_from_name(const char *name); /* -1 when unknown */
const char *zila_master_name(enum zila_master m);

/* Reads a CSV file (header line, then rows; column "type" names the
 * master: department, block, gp, category, checklist, nodal) and runs one
 * action per row, all in one transaction: one bad line refuses the whole
 * file, naming the line. *count gets the number of rows applied. */
enum zila_status zila_master_import_csv(struct zila_db *db, const struct zila_actor *actor, FILE *in,
	const char *name, int *count, struct zila_err *err);

/* Passwords: argon2id through libsodium. out holds crypto_pwhash_STRBYTES
 * (128). Passwords are 8 to 128 bytes. */
#define ZILA_PWHASH_LEN 128
enum zila_status zila_password_hash(const char *password, char *out, struct zila_err *err);
/* Checks login and password and fills actor (with this desk's identity).
 * A wrong login and a wrong password get the same message. */
enum zila_status zila_login(struct zila_db *db, const char *login, const char *password,
	struct zila_actor *actor, struct zila_err *err);
/* The stored language of a login ("hi", "en", or "" when it follows the
 * locale or the login is unknown): a preference, not an identity, so a
 * command that needs no password still speaks the user's language. */
void zila_user_lang(struct zila_db *db, const char *login, char *lang, size_t n);
/* Fills actor for a known login without a password: only for trusted
 * callers (the server after a token check, tests, the demo generator). */
enum zila_status zila_actor_load(struct zila_db *db, const char *login, struct zila_actor *actor,
	struct zila_err *err);

#endif
