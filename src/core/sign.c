/* sign.c: users' key pairs, sealing under a password, and the canonical
 * form of an action that its user signs (sign.h). */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "zila/sign.h"
#include "zila/util.h"

_Static_assert(crypto_sign_SECRETKEYBYTES == ZILA_SIGN_SK_BYTES, "sign.h sizes the secret key");
_Static_assert(crypto_sign_PUBLICKEYBYTES * 2 == ZILA_SIGN_PK_HEX, "sign.h sizes the public key");
_Static_assert(crypto_sign_BYTES * 2 == ZILA_SIGN_SIG_HEX, "sign.h sizes the signature");
_Static_assert(crypto_pwhash_SALTBYTES * 2 == ZILA_SIGN_SALT_HEX, "sign.h sizes the salt");
_Static_assert((crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES) * 2 ==
	ZILA_SIGN_SEALED_HEX, "sign.h sizes the sealed key");
_Static_assert(crypto_secretbox_KEYBYTES == 32, "sign.h sizes the derived key");

bool
zila_sign_hex_ok(const char *text, size_t n)
{
	if (!text || strlen(text) != n)
		return false;
	for (const char *p = text; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

static bool
unhex(const char *hex, unsigned char *out, size_t n)
{
	size_t len = 0;
	return zila_sign_hex_ok(hex, n * 2) && sodium_hex2bin(out, n, hex, n * 2, NULL, &len, NULL) == 0 && len == n;
}

enum zila_status
zila_key_derive(const char *password, const char *salt_hex, unsigned char key[32], struct zila_err *err)
{
	unsigned char salt[crypto_pwhash_SALTBYTES];
	size_t n = strlen(password);
	if (sodium_init() < 0)
		return zila_fail(err, ZILA_ENOMEM, "libsodium could not start");
	if (n > 256)
		return zila_fail(err, ZILA_EAUTH, "wrong login or password");
	if (!unhex(salt_hex, salt, sizeof salt))
		return zila_fail(err, ZILA_EINVAL, "the key's salt is not %d hex digits", ZILA_SIGN_SALT_HEX);
	if (crypto_pwhash(key, 32, password, n, salt, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return zila_fail(err, ZILA_ENOMEM, "not enough memory to derive the key from the password");
	return ZILA_OK;
}

/* Seals sk under key into k->sealed (nonce || box, hex). */
static void
seal(const unsigned char key[32], const unsigned char *sk, struct zila_user_key *k)
{
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES];
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, sk, crypto_sign_SECRETKEYBYTES, box, key);
	sodium_bin2hex(k->sealed, sizeof k->sealed, box, sizeof box);
}

void
zila_key_id(const char *pk_hex, char *id)
{
	char h[65];
	zila_sha256_hex(pk_hex, strlen(pk_hex), h);
	snprintf(id, ZILA_SIGN_KEY_ID_HEX + 1, "%.*s", ZILA_SIGN_KEY_ID_HEX, h);
}

void
zila_key_new_derived(const unsigned char key[32], const char *salt_hex, struct zila_user_key *k, unsigned char *sk)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], own[crypto_sign_SECRETKEYBYTES];
	crypto_sign_keypair(pk, own);
	sodium_bin2hex(k->pk, sizeof k->pk, pk, sizeof pk);
	zila_key_id(k->pk, k->key_id);
	snprintf(k->salt, sizeof k->salt, "%s", salt_hex);
	seal(key, own, k);
	if (sk)
		memcpy(sk, own, sizeof own);
	sodium_memzero(own, sizeof own);
}

enum zila_status
zila_key_new(const char *password, struct zila_user_key *k, unsigned char *sk, struct zila_err *err)
{
	unsigned char salt[crypto_pwhash_SALTBYTES], key[32];
	char salt_hex[ZILA_SIGN_SALT_HEX + 1];
	if (sodium_init() < 0)
		return zila_fail(err, ZILA_ENOMEM, "libsodium could not start");
	randombytes_buf(salt, sizeof salt);
	sodium_bin2hex(salt_hex, sizeof salt_hex, salt, sizeof salt);
	enum zila_status st = zila_key_derive(password, salt_hex, key, err);
	if (st == ZILA_OK)
		zila_key_new_derived(key, salt_hex, k, sk);
	sodium_memzero(key, sizeof key);
	return st;
}

enum zila_status
zila_key_reseal(const unsigned char *sk, const char *password, struct zila_user_key *k, struct zila_err *err)
{
	unsigned char salt[crypto_pwhash_SALTBYTES], key[32], pk[crypto_sign_PUBLICKEYBYTES];
	if (sodium_init() < 0)
		return zila_fail(err, ZILA_ENOMEM, "libsodium could not start");
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	sodium_bin2hex(k->pk, sizeof k->pk, pk, sizeof pk);
	zila_key_id(k->pk, k->key_id);
	randombytes_buf(salt, sizeof salt);
	sodium_bin2hex(k->salt, sizeof k->salt, salt, sizeof salt);
	enum zila_status st = zila_key_derive(password, k->salt, key, err);
	if (st == ZILA_OK)
		seal(key, sk, k);
	sodium_memzero(key, sizeof key);
	return st;
}

enum zila_status
zila_key_unseal(const char *salt_hex, const char *sealed_hex, const char *pk_hex, const char *password,
	unsigned char *sk, struct zila_err *err)
{
	unsigned char box[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + crypto_sign_SECRETKEYBYTES];
	unsigned char key[32], pk[crypto_sign_PUBLICKEYBYTES], want[crypto_sign_PUBLICKEYBYTES];
	if (!unhex(sealed_hex, box, sizeof box) || !unhex(pk_hex, want, sizeof want))
		return zila_fail(err, ZILA_EAUTH, "wrong login or password");
	enum zila_status st = zila_key_derive(password, salt_hex, key, err);
	if (st != ZILA_OK)
		return st == ZILA_ENOMEM ? st : zila_fail(err, ZILA_EAUTH, "wrong login or password");
	int rc = crypto_secretbox_open_easy(sk, box + crypto_secretbox_NONCEBYTES, sizeof box - crypto_secretbox_NONCEBYTES,
		box, key);
	sodium_memzero(key, sizeof key);
	/* a sealed key that opens but is not this user's (swapped into the
	 * desk's file with its own password) proves nothing */
	if (rc != 0 || crypto_sign_ed25519_sk_to_pk(pk, sk) != 0 || sodium_memcmp(pk, want, sizeof pk) != 0) {
		sodium_memzero(sk, crypto_sign_SECRETKEYBYTES);
		return zila_fail(err, ZILA_EAUTH, "wrong login or password");
	}
	return ZILA_OK;
}

/* The canonical form as jansson makes it: an object of the fields,
 * dumped with sorted keys. The reference, and the way for any field that
 * is not plain printable ASCII (jansson escapes and checks UTF-8). */
static char *
canonical_packed(const struct zila_signed *s)
{
	json_t *j = json_pack("{s:s, s:s, s:O, s:I, s:I, s:s, s:s, s:s, s:s}", "action", s->action ? s->action : "",
		"actor_id", s->actor_id ? s->actor_id : "", "args", s->args, "base_version", (json_int_t)s->base_version,
		"client_seq", (json_int_t)s->client_seq, "client_time", s->client_time ? s->client_time : "",
		"desk_id", s->desk_id ? s->desk_id : "", "mutation_id", s->mutation_id ? s->mutation_id : "",
		"prev", s->prev ? s->prev : "");
	if (!j)
		return NULL;
	char *text = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	return text;
}

/* Whether jansson writes text as it is between quotes. */
static bool
plain(const char *text)
{
	for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			return false;
	return true;
}

/* The same text made directly: the fields' order is fixed (already
 * sorted), so only the arguments are dumped by jansson: every action is
 * put in this form when it is signed and when it is checked, and building
 * and sorting the outer object was most of the cost. */
char *
zila_sign_canonical(const struct zila_signed *s)
{
	if (!json_is_object(s->args))
		return NULL;
	if (!plain(s->action) || !plain(s->actor_id) || !plain(s->client_time) || !plain(s->desk_id) ||
	    !plain(s->mutation_id) || !plain(s->prev))
		return canonical_packed(s);
	char *args = json_dumps(s->args, JSON_SORT_KEYS | JSON_COMPACT);
	if (!args)
		return NULL;
#define F(x) ((x) ? (x) : "")
	size_t n = strlen(args) + strlen(F(s->action)) + strlen(F(s->actor_id)) + strlen(F(s->client_time)) +
		strlen(F(s->desk_id)) + strlen(F(s->mutation_id)) + strlen(F(s->prev)) + 200;
	char *text = zila_xmalloc(n);
	snprintf(text, n, "{\"action\":\"%s\",\"actor_id\":\"%s\",\"args\":%s,\"base_version\":%lld,\"client_seq\":%lld,"
		"\"client_time\":\"%s\",\"desk_id\":\"%s\",\"mutation_id\":\"%s\",\"prev\":\"%s\"}", F(s->action),
		F(s->actor_id), args, s->base_version, s->client_seq, F(s->client_time), F(s->desk_id), F(s->mutation_id),
		F(s->prev));
#undef F
	free(args);
	return text;
}

void
zila_sign_hash(const char *canonical, char *hash)
{
	zila_sha256_hex(canonical, strlen(canonical), hash);
}

void
zila_sign(const unsigned char *sk, const char *canonical, char *sig)
{
	unsigned char raw[crypto_sign_BYTES];
	crypto_sign_detached(raw, NULL, (const unsigned char *)canonical, strlen(canonical), sk);
	sodium_bin2hex(sig, ZILA_SIGN_SIG_HEX + 1, raw, sizeof raw);
}

bool
zila_sign_verify(const char *pk_hex, const char *canonical, const char *sig_hex)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	if (!canonical || !unhex(pk_hex, pk, sizeof pk) || !unhex(sig_hex, sig, sizeof sig))
		return false;
	return crypto_sign_verify_detached(sig, (const unsigned char *)canonical, strlen(canonical), pk) == 0;
}

void
zila_key_set_args(json_t *args, const struct zila_user_key *k)
{
	json_object_set_new(args, "key_id", json_string(k->key_id));
	json_object_set_new(args, "sign_pk", json_string(k->pk));
	json_object_set_new(args, "key_salt", json_string(k->salt));
	json_object_set_new(args, "sealed_sk", json_string(k->sealed));
}

bool
zila_sign_verify_sk(const unsigned char *sk, const char *canonical, const char *sig_hex)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	char hex[ZILA_SIGN_PK_HEX + 1];
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	sodium_bin2hex(hex, sizeof hex, pk, sizeof pk);
	return zila_sign_verify(hex, canonical, sig_hex);
}
