/* sign.h: every user's Ed25519 key pair, and the signatures that make an
 * action provably its user's (DESIGN.md "Security", issue 9).
 *
 * Keys. A user's secret key exists unsealed only in the memory of a desk
 * where that user has just typed the password: it is stored and sent
 * sealed (crypto_secretbox) under a key derived from the password with
 * argon2id and a salt of the user's own, so opening it *is* the password
 * check. The public key is on every desk and on the server; the server
 * keeps every public key a user ever had (user_key), so signatures made
 * before a reset stay verifiable. A key's id is the first 16 hex digits of
 * the SHA-256 of the public key.
 *
 * Signatures. When an action is put in a desk's outbox, its canonical form
 * is signed with its user's key:
 *   {"action":A,"actor_id":U,"args":{...},"base_version":N,"client_seq":N,
 *    "client_time":T,"desk_id":D,"mutation_id":M,"prev":P}
 * JSON, keys sorted at every depth, no spaces (jansson's JSON_SORT_KEYS |
 * JSON_COMPACT; strings as UTF-8, not \u-escaped), where prev is the hex
 * SHA-256 of the canonical form of the same user's previous outbox entry
 * on this desk ("" for the first, or when that entry is not validly this
 * user's). Each user's entries on a desk thus form a hash chain of their
 * own, and a signature over one entry also vouches, through the chain, for
 * that user's entries before it: a push sends only the signature of each
 * user's last entry in it (and of any entry the user's next one does not
 * link to), about one per user per push, and each action stays verifiable
 * on its own with the hashes of its user's entries after it up to that
 * signature. A link never vouches across users: an entry is covered by
 * its own signature, or by the same user's next entry when that entry's
 * prev is its hash and it is covered in turn.
 *
 * Entries queued by a desk of sync protocol 2 (before issue 9's last
 * step) were chained to the desk's previous entry, whoever's it was. The
 * same rule proves them: where the next entry of their user links to them
 * they are covered, and elsewhere each carries its own signature (every
 * entry was signed when queued). They need no re-linking, which would need
 * their users' keys, since prev is signed content. */
#ifndef ZILA_SIGN_H
#define ZILA_SIGN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "zila/status.h"

#define ZILA_SIGN_SK_BYTES 64     /* crypto_sign_SECRETKEYBYTES */
#define ZILA_SIGN_PK_HEX 64
#define ZILA_SIGN_SIG_HEX 128
#define ZILA_SIGN_KEY_ID_HEX 16
#define ZILA_SIGN_SALT_HEX 32
/* nonce (24) + MAC (16) + secret key (64), in hex */
#define ZILA_SIGN_SEALED_HEX ((24 + 16 + 64) * 2)

/* A user's key as it is stored and travels: nothing secret in the clear. */
struct zila_user_key {
	char key_id[ZILA_SIGN_KEY_ID_HEX + 1];
	char pk[ZILA_SIGN_PK_HEX + 1];
	char salt[ZILA_SIGN_SALT_HEX + 1];
	char sealed[ZILA_SIGN_SEALED_HEX + 1];
};

/* The key derived from a password and a salt (argon2id, interactive
 * limits: about 70 ms and 64 MiB). Users who share a password in a demo or
 * a test may share one derivation (and so one salt); real users never do. */
enum zila_status zila_key_derive(const char *password, const char *salt_hex, unsigned char key[32],
	struct zila_err *err);
/* A new key pair for a password (one argon2id, a fresh salt); sk, when
 * not NULL, gets the secret key too. */
enum zila_status zila_key_new(const char *password, struct zila_user_key *k, unsigned char *sk,
	struct zila_err *err);
/* The same with a key already derived for salt_hex (zila_key_derive). */
void zila_key_new_derived(const unsigned char key[32], const char *salt_hex, struct zila_user_key *k,
	unsigned char *sk);
/* Seals sk again under a new password (a new salt): k gets sk's public
 * key and its id, unchanged. */
enum zila_status zila_key_reseal(const unsigned char *sk, const char *password, struct zila_user_key *k,
	struct zila_err *err);
/* Opens a sealed key with a password: ZILA_EAUTH when it does not open
 * (a wrong password) or is not sk for pk_hex. */
enum zila_status zila_key_unseal(const char *salt_hex, const char *sealed_hex, const char *pk_hex,
	const char *password, unsigned char *sk, struct zila_err *err);
/* Puts k into an action's arguments (user.add, user.passwd). */
void zila_key_set_args(json_t *args, const struct zila_user_key *k);
/* The id of a public key (hex). id holds ZILA_SIGN_KEY_ID_HEX + 1. */
void zila_key_id(const char *pk_hex, char *id);
/* Whether text is n lower-case hex digits. */
bool zila_sign_hex_ok(const char *text, size_t n);

/* One action's signed content. */
struct zila_signed {
	const char *mutation_id, *action, *actor_id, *desk_id, *client_time, *prev;
	json_t *args;
	long long client_seq, base_version;
};
/* The canonical form (a new string), NULL when args is not an object. */
char *zila_sign_canonical(const struct zila_signed *s);
/* SHA-256 of a canonical form, in hex (65 bytes). */
void zila_sign_hash(const char *canonical, char *hash);
/* sig (ZILA_SIGN_SIG_HEX + 1) = Ed25519 signature of canonical by sk. */
void zila_sign(const unsigned char *sk, const char *canonical, char *sig);
/* Whether sig_hex is pk_hex's signature over canonical. */
bool zila_sign_verify(const char *pk_hex, const char *canonical, const char *sig_hex);
/* The same with the public key of secret key sk. */
bool zila_sign_verify_sk(const unsigned char *sk, const char *canonical, const char *sig_hex);

#endif
