/* session.c: logins that last a working session (session.h). The desk
 * keeps only the token's SHA-256, so its file alone resumes nothing; the
 * secret a session carries is sealed under a key derived from the token
 * (BLAKE2b keyed by a fixed context), so the desk's file alone does not
 * give it up either. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>
#include "zila/master.h"
#include "zila/session.h"
#include "zila/util.h"
#include "internal.h"

static const unsigned char seal_context[crypto_generichash_KEYBYTES] = "zila desk session seal key v1";

/* The token's 32 bytes from its hex; false when it is not a token. */
static bool
token_bytes(const char *token, unsigned char raw[32])
{
	size_t len = 0;
	return token && strlen(token) == ZILA_SESSION_TOKEN_HEX &&
		sodium_hex2bin(raw, 32, token, ZILA_SESSION_TOKEN_HEX, NULL, &len, NULL) == 0 && len == 32;
}

static void
seal_key(const unsigned char raw[32], unsigned char key[crypto_secretbox_KEYBYTES])
{
	crypto_generichash(key, crypto_secretbox_KEYBYTES, raw, 32, seal_context, sizeof seal_context);
}

enum zila_status
zila_session_start(struct zila_db *db, const struct zila_actor *actor, long seconds, const void *secret, size_t n,
	char *token, struct zila_err *err)
{
	unsigned char raw[32], key[crypto_secretbox_KEYBYTES];
	unsigned char sealed[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + ZILA_SESSION_SECRET_MAX];
	char hash[65], now_s[32], end_s[32];
	if (sodium_init() < 0)
		return zila_fail(err, ZILA_ENOMEM, "libsodium could not start");
	if (n > ZILA_SESSION_SECRET_MAX)
		return zila_fail(err, ZILA_EINVAL, "a session keeps at most %d secret bytes", ZILA_SESSION_SECRET_MAX);
	if (seconds <= 0 || seconds > ZILA_SESSION_MAX_SECONDS)
		seconds = ZILA_SESSION_MAX_SECONDS;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, ZILA_SESSION_TOKEN_HEX + 1, raw, sizeof raw);
	zila_sha256_hex(token, ZILA_SESSION_TOKEN_HEX, hash);
	size_t sealed_n = 0;
	if (secret && n) {
		seal_key(raw, key);
		randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
		crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, secret, n, sealed, key);
		sealed_n = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
		sodium_memzero(key, sizeof key);
	}
	sodium_memzero(raw, sizeof raw);
	time_t now = zila_clock();
	zila_iso_time(now, now_s, sizeof now_s);
	zila_iso_time(now + seconds, end_s, sizeof end_s);

	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	sqlite3_stmt *s = zila_db_stmt(db, "DELETE FROM desk_session WHERE expires_at <= ?1", err);
	if (!s)
		st = ZILA_EDB;
	else {
		sqlite3_bind_text(s, 1, now_s, -1, SQLITE_STATIC);
		st = core_step_done(db, s, "ended sessions", err);
	}
	if (st == ZILA_OK && !(s = zila_db_stmt(db, "INSERT INTO desk_session(token_hash, user_id, created_at, expires_at, secret)"
			" VALUES (?1, ?2, ?3, ?4, ?5)", err)))
		st = ZILA_EDB;
	else if (st == ZILA_OK) {
		sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, actor->user_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, now_s, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, end_s, -1, SQLITE_STATIC);
		if (sealed_n)
			sqlite3_bind_blob(s, 5, sealed, (int)sealed_n, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 5);
		st = core_step_done(db, s, "the session", err);
	}
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	if (st != ZILA_OK || end != ZILA_OK)
		sodium_memzero(token, ZILA_SESSION_TOKEN_HEX + 1);
	return st != ZILA_OK ? st : end;
}

enum zila_status
zila_session_resume(struct zila_db *db, const char *token, const char *login, struct zila_actor *actor,
	void *secret, size_t cap, size_t *n, struct zila_err *err)
{
	unsigned char raw[32], key[crypto_secretbox_KEYBYTES];
	char hash[65], now_s[32], user_login[64] = "";
	if (n)
		*n = 0;
	memset(actor, 0, sizeof *actor);
	if (sodium_init() < 0)
		return zila_fail(err, ZILA_ENOMEM, "libsodium could not start");
	if (!token_bytes(token, raw))
		return zila_fail(err, ZILA_EAUTH, "no session: log in again");
	zila_sha256_hex(token, ZILA_SESSION_TOKEN_HEX, hash);
	zila_iso_time(zila_clock(), now_s, sizeof now_s);
	sqlite3_stmt *s = zila_db_stmt(db, "SELECT u.login, s.secret FROM desk_session s JOIN app_user u ON u.id = s.user_id"
		" WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.created_at <= ?2", err);
	if (!s) {
		sodium_memzero(raw, sizeof raw);
		return ZILA_EDB;
	}
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now_s, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	enum zila_status st = ZILA_OK;
	if (rc != SQLITE_ROW) {
		st = rc == SQLITE_DONE ? zila_fail(err, ZILA_EAUTH, "the session has ended: log in again")
				       : zila_db_error(db, "session", err);
	} else {
		snprintf(user_login, sizeof user_login, "%s", (const char *)sqlite3_column_text(s, 0));
		const unsigned char *box = sqlite3_column_blob(s, 1);
		size_t boxn = (size_t)sqlite3_column_bytes(s, 1);
		if (login && *login && strcasecmp(login, user_login) != 0)
			st = zila_fail(err, ZILA_EAUTH, "the session is not %s's: log in as %s", login, login);
		else if (secret && box && boxn > crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
			size_t m = boxn - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
			seal_key(raw, key);
			if (m > cap || crypto_secretbox_open_easy(secret, box + crypto_secretbox_NONCEBYTES,
					boxn - crypto_secretbox_NONCEBYTES, box, key) != 0)
				st = zila_fail(err, ZILA_EAUTH, "the session's secret cannot be opened: log in again");
			else if (n)
				*n = m;
			sodium_memzero(key, sizeof key);
		}
	}
	sqlite3_reset(s);
	sodium_memzero(raw, sizeof raw);
	if (st == ZILA_OK && (st = zila_actor_load(db, user_login, actor, err)) != ZILA_OK) {
		/* deactivated since: the session is over */
		if (secret && cap)
			sodium_memzero(secret, cap);
		if (n)
			*n = 0;
		return zila_fail(err, ZILA_EAUTH, "%s is no longer an active user here", user_login);
	}
	return st;
}

static enum zila_status
end_where(struct zila_db *db, const char *sql, const char *value, struct zila_err *err)
{
	sqlite3_stmt *s = zila_db_stmt(db, sql, err);
	if (!s)
		return ZILA_EDB;
	sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
	return core_step_done(db, s, "the session's end", err);
}

enum zila_status
zila_session_end(struct zila_db *db, const char *token, struct zila_err *err)
{
	char hash[65];
	if (!token || strlen(token) != ZILA_SESSION_TOKEN_HEX)
		return ZILA_OK;
	zila_sha256_hex(token, ZILA_SESSION_TOKEN_HEX, hash);
	return end_where(db, "DELETE FROM desk_session WHERE token_hash = ?1", hash, err);
}

enum zila_status
zila_session_end_user(struct zila_db *db, const char *user_id, struct zila_err *err)
{
	return end_where(db, "DELETE FROM desk_session WHERE user_id = ?1", user_id, err);
}
