/* session.h: a login that lasts a working session, the way sudo remembers
 * one, so argon2id (70-80 ms and 64 MiB) runs once per session and not on
 * every command.
 *
 * A session is a random token the person keeps (the command line writes
 * it to a file only they can read) and a row on the desk with the token's
 * SHA-256, the user, and an end. Resuming needs both: the token without
 * this desk's file, or the desk's file without the token, is nothing. The
 * user must still be active when it resumes. What the session must carry
 * besides the identity (a secret such as the user's unsealed signing key)
 * is kept in the row sealed with crypto_secretbox under a key derived from
 * the token. Sessions end at their end time, by zila_session_end, and for
 * every session of a user when that user's screen locks. */
#ifndef ZILA_SESSION_H
#define ZILA_SESSION_H

#include <stddef.h>
#include <time.h>
#include "zila/action.h"
#include "zila/db.h"

#define ZILA_SESSION_TOKEN_HEX 64
/* The longest a session lives, however often it is used: a working day. */
#define ZILA_SESSION_MAX_SECONDS (12 * 3600)
#define ZILA_SESSION_SECRET_MAX 256

/* Starts a session for actor (who has just proved who they are) that ends
 * `seconds` from now (at most ZILA_SESSION_MAX_SECONDS), keeping secret
 * (n bytes, may be NULL and 0) sealed. token (65 bytes) gets the token.
 * Sessions already ended are cleared on the way. */
enum zila_status zila_session_start(struct zila_db *db, const struct zila_actor *actor, long seconds,
	const void *secret, size_t n, char *token, struct zila_err *err);
/* Resumes the session of token: fills actor (with this desk's identity)
 * and, when secret is not NULL, the secret it keeps (cap bytes; *n its
 * length, 0 when it keeps none). login, when not NULL, must be the
 * session's user. ZILA_EAUTH when there is no such session here, it
 * ended, or its user is no longer active. */
enum zila_status zila_session_resume(struct zila_db *db, const char *token, const char *login,
	struct zila_actor *actor, void *secret, size_t cap, size_t *n, struct zila_err *err);
/* Ends the session of token (nothing when there is none). */
enum zila_status zila_session_end(struct zila_db *db, const char *token, struct zila_err *err);
/* Ends every session of a user on this desk: the screen locked, or the
 * person logged out everywhere. */
enum zila_status zila_session_end_user(struct zila_db *db, const char *user_id, struct zila_err *err);

#endif
