/* wire.h: what the desk and zilad share about the sync protocol: gzip
 * with a cap on the inflated size (a gzip bomb is refused, not inflated),
 * bearer tokens and their hashes, the list of synced tables, and the
 * limits both sides agree on. Neither curl nor libmicrohttpd here.
 *
 * Every request and every reply carries "Zila-Protocol: 3" (the version
 * below), and the paths start with /v3: zilad answers a request of another
 * version (a /v2 path, or another number in the header) with 426 and a
 * JSON error before it reads a body, and the desk refuses a reply that does
 * not say its version, whatever its status. Change the number only when an
 * old desk and a new server (or the reverse) could misread each other.
 * Protocol 3 (issue 9): an entry's prev is the hash of its own user's
 * previous entry on the desk, not of the desk's previous entry, and a push
 * carries one signature per user where 2 carried one per run of a user:
 * a server of 2 would read a push of 3 as broken chains, and refuse it.
 *
 * Endpoints (JSON bodies, gzip both ways, "Authorization: Bearer TOKEN"
 * except enrol and health):
 *   POST /v3/enrol    {login, password, name?} -> {desk_id, desk_code,
 *                     department_id, token, district: {code, name_en, name_hi}}
 *   POST /v3/push     {entries: [{client_seq, mutation_id, action, args,
 *                     actor_id, base_version, client_time, void?, prev?, sig?}],
 *                     desk_chained_to?} -> {last_applied,
 *                     server_seq, rejected: [{client_seq, code, message}],
 *                     retry?: {client_seq, code, message}}; 409 {last_applied}
 *                     void {code, message}: a number the server
 *                     refused before it was restored; recorded refused again.
 *                     prev: sent when it is not the hash of the same
 *                     user's entry before it in the push ("" for none); sig:
 *                     on each entry that the same user's next entry in the
 *                     push does not link to (its last, at least): sign.h.
 *                     desk_chained_to: entries up to this client_seq were
 *                     queued by a desk of protocol 2, chained desk-wide
 *   GET  /v3/pull?cursor=N&limit=M&tag=T&acked=K -> {cursor, tag, last_applied,
 *                     more, rows: [{t, r} | {t, id, deleted: true} |
 *                     {t, id, out: {to, at}}]}; 410 {head} when N is unknown,
 *                     410 {forked: true} when T is not the tag of N here
 *                     (tag proves the cursor's history, acked is
 *                     the desk's highest confirmed client_seq, out is a row
 *                     that left the desk's office, to a department code)
 *   GET  /v3/snapshot?cursor=N&limit=M&tag=T -> the same from 0, 410 only
 *                     for a wrong tag
 *   POST /v3/rows     {rows: [{t, id}]} -> {rows: [{t, r}], gone: [{t, id}],
 *                     hidden: [{t, id}]} (hidden rows exist but
 *                     the desk's office may not see them; the desk drops them)
 *   GET  /v3/health   -> {ok: true, version, protocol} */
#ifndef ZILA_WIRE_H
#define ZILA_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include "zila/module.h"
#include "zila/status.h"

#define ZILA_WIRE_VERSION 3
#define ZILA_WIRE_PREFIX "/v3"             /* every endpoint's path starts so */
#define ZILA_WIRE_HEADER "Zila-Protocol"   /* request and reply header: the version */
#define ZILA_TOKEN_HEX 64                /* 32 random bytes in hex */

/* Synced tables, parents before children: X(table, record, key,
 * visibility), each module's rows in module.h (where the columns are
 * told). Everything else (meta, outbox, audit_log, number_seq, blob,
 * draft, the sync tables) stays where it is. A use that needs only the
 * name takes X(t, ...). */
#define ZILA_SYNC_TABLES(X) ZILA_MODULES_SYNC(X)

/* Index of a synced table by name, -1 when it is not one. */
int zila_sync_table_index(const char *name);
const char *zila_sync_table_name(int i);
int zila_sync_table_count(void);

/* gzip (RFC 1952) of n bytes into a new buffer. */
enum zila_status zila_gzip(const void *in, size_t n, unsigned char **out, size_t *outn, struct zila_err *err);
/* Inflates gzip data, refusing more than cap bytes of output (*too_big is
 * set, and ZILA_EINVAL returned) and data that is not whole gzip. The
 * output is NUL-terminated for JSON parsers (not counted in *outn). */
enum zila_status zila_gunzip(const void *in, size_t n, size_t cap, unsigned char **out, size_t *outn,
	bool *too_big, struct zila_err *err);

/* The version a request or reply names: from its path ("/v2/push": 2) or
 * a Zila-Protocol header value ("3": 3). 0 when it names none, -1 when it
 * is not a version at all. */
int zila_wire_version_of_path(const char *path);
int zila_wire_version_of_header(const char *value);

/* A new random token (32 bytes from libsodium) as 64 hex digits + NUL. */
void zila_token_new(char *hex);
/* 64 lower-case hex digits. */
bool zila_token_valid(const char *hex);
/* SHA-256 of the token's bytes, in hex (65 bytes): what the server keeps.
 * A fast hash is right here: the token has 256 bits of entropy, unlike a
 * password, so nothing can be guessed from the hash. */
void zila_token_hash(const char *hex, char *out);

#endif
