/* action.c: the action runner, the role table and derived row ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "zila/action.h"
#include "zila/audit.h"
#include "zila/sign.h"
#include "zila/util.h"

static const struct {
	const char *name;
	const char *label;
} role_table[] = {
#define ZILA_X(e, name, label) { name, label },
	ZILA_ROLE_LIST(ZILA_X)
#undef ZILA_X
};

static const struct {
	const char *name;
	zila_action_fn fn;
	unsigned roles;
} action_table[] = {
#define ZILA_X(e, name, fn, roles) { name, fn, roles },
	ZILA_ACTION_LIST(ZILA_X)
#undef ZILA_X
};

const char *
zila_role_name(enum zila_role r)
{
	return (unsigned)r < ZILA_ROLE_COUNT ? role_table[r].name : "unknown";
}

const char *
zila_role_label(enum zila_role r)
{
	return (unsigned)r < ZILA_ROLE_COUNT ? _(role_table[r].label) : "unknown";
}

int
zila_role_from_name(const char *name)
{
	for (int i = 0; name && i < ZILA_ROLE_COUNT; i++)
		if (strcmp(role_table[i].name, name) == 0)
			return i;
	return -1;
}

int
zila_action_from_name(const char *name)
{
	for (int i = 0; name && i < ZILA_ACT_COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return i;
	return -1;
}

const char *
zila_action_name(enum zila_action_id id)
{
	return (unsigned)id < ZILA_ACT_COUNT ? action_table[id].name : "unknown";
}

bool
zila_action_allowed(enum zila_role role, const char *name)
{
	int id = zila_action_from_name(name);
	return id >= 0 && (unsigned)role < ZILA_ROLE_COUNT && (action_table[id].roles & ZILA_ROLE_BIT(role));
}

/* The id keeps the time prefix of the mutation id (so ids stay roughly
 * time-ordered, as UUIDv7 promises) and takes the rest from
 * SHA-256(mutation id, counter): the server re-running the action makes
 * the same ids the desk made. */
void
zila_action_new_id(struct zila_action_ctx *ctx, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	char seed[64];
	unsigned char h[crypto_hash_sha256_BYTES];
	/* "MUTATION:N" and the id below written by hand: formatted with
	 * snprintf they were a tenth of an action's own work, four ids an action */
	size_t n = strnlen(ctx->mutation_id, 40);
	memcpy(seed, ctx->mutation_id, n);
	seed[n++] = ':';
	char digits[12];
	int k = 0;
	for (unsigned v = (unsigned)ctx->next_id++; k == 0 || v; v /= 10)
		digits[k++] = (char)('0' + v % 10);
	while (k)
		seed[n++] = digits[--k];
	crypto_hash_sha256(h, (const unsigned char *)seed, (unsigned long long)n);
	h[6] = (unsigned char)(0x70 | (h[6] & 0x0f));
	h[8] = (unsigned char)(0x80 | (h[8] & 0x3f));
	/* time prefix: the first 8+4 hex digits of the mutation id */
	size_t m = strnlen(ctx->mutation_id, 40);
	size_t p = m < 8 ? m : 8, q = m > 9 ? strnlen(ctx->mutation_id + 9, 4) : 0;
	memcpy(buf, ctx->mutation_id, p);
	buf[p++] = '-';
	memcpy(buf + p, ctx->mutation_id + 9, q);
	p += q;
	for (int i = 6; i < 16; i++) {
		if (i == 6 || i == 8 || i == 10)
			buf[p++] = '-';
		buf[p++] = hex[h[i] >> 4];
		buf[p++] = hex[h[i] & 15];
	}
	buf[p] = '\0';
}

enum zila_status
zila_action_require_department(struct zila_action_ctx *ctx, const char *department_id)
{
	enum zila_role r = ctx->actor->role;
	if (r != ZILA_ROLE_OFFICER && r != ZILA_ROLE_HEAD)
		return ZILA_OK;
	if (department_id && strcmp(ctx->actor->department_id, department_id) == 0)
		return ZILA_OK;
	return zila_fail(ctx->err, ZILA_EDENIED, "this record belongs to another department");
}

/* The actor must be a real, active user whose role is the one claimed; the
 * only exception is the very first user of an empty database. */
static enum zila_status
check_actor(struct zila_db *db, const struct zila_actor *actor, enum zila_action_id id, struct zila_err *err)
{
	sqlite3_stmt *st;
	if (actor->user_id[0] == '\0') {
		long long users;
		if (zila_db_int(db, "SELECT count(*) FROM app_user", NULL, &users, err) != ZILA_OK)
			return ZILA_EDB;
		if (id == ZILA_ACT_USER_ADD && users == 0)
			return ZILA_OK;
		return zila_fail(err, ZILA_EAUTH, "no user is logged in");
	}
	st = zila_db_stmt(db, "SELECT role, coalesce(department_id, ''), active FROM app_user WHERE id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, actor->user_id, -1, SQLITE_STATIC);
	enum zila_status res = ZILA_OK;
	if (sqlite3_step(st) != SQLITE_ROW)
		res = zila_fail(err, ZILA_EAUTH, "user %s is not known here", actor->login);
	else if (!sqlite3_column_int(st, 2))
		res = zila_fail(err, ZILA_EAUTH, "user %s is disabled", actor->login);
	else if (zila_role_from_name((const char *)sqlite3_column_text(st, 0)) != (int)actor->role ||
		 strcmp((const char *)sqlite3_column_text(st, 1), actor->department_id) != 0)
		res = zila_fail(err, ZILA_EAUTH, "user %s has another role or department now: log in again", actor->login);
	sqlite3_reset(st);
	return res;
}

/* The entries this thread signed last, one per user (a desk's users take
 * turns: a clerk registers, the collector disposes), as they were written
 * (the database handle, and the public half of the key): when a user's
 * last outbox entry is still exactly that row, its signature is known good
 * and its hash is known, without parsing, hashing and checking it again
 * (a signature check per action cost twice the signing itself). A row
 * changed since differs in some column and is checked the long way. */
#define SIGNED_KEPT 8
struct signed_entry {
	const struct zila_db *db;
	long long seq, base_version;
	char hash[65], mutation[40], action[64], client_time[40], prev[65], user_id[40];
	char *args;
	unsigned char pk[32];
};
static _Thread_local struct signed_entry last_signed[SIGNED_KEPT];
static _Thread_local unsigned last_signed_next;

static bool
same_text(const char *kept, sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);
	return kept && v && strcmp(kept, v) == 0;
}

/* The slot of this actor's last signed entry on db, NULL when none is kept. */
static struct signed_entry *
signed_slot(const struct zila_action_ctx *ctx)
{
	for (int i = 0; i < SIGNED_KEPT; i++)
		if (last_signed[i].db == ctx->db && strcmp(last_signed[i].user_id, ctx->actor->user_id) == 0)
			return &last_signed[i];
	return NULL;
}

/* Whether the row st is on (outbox_prev's columns) is the one this thread
 * signed last for this actor, unchanged, with this actor's key. */
static bool
signed_here(const struct zila_action_ctx *ctx, sqlite3_stmt *st)
{
	const struct signed_entry *k = signed_slot(ctx);
	return k && k->seq == sqlite3_column_int64(st, 3) &&
		k->base_version == sqlite3_column_int64(st, 7) && same_text(k->hash, st, 0) &&
		same_text(k->mutation, st, 4) && same_text(k->action, st, 5) &&
		same_text(k->args, st, 6) && same_text(k->client_time, st, 8) &&
		same_text(k->prev, st, 9) && sodium_memcmp(k->pk, ctx->actor->sign_sk + 32, 32) == 0;
}

/* The hash of this user's last outbox entry on the desk: the new one's
 * prev ("" for the user's first, or after entries made before signing
 * existed). Each user's entries form a chain of their own (sign.h), so a
 * signature vouches for the user's entries before it; when the user's
 * entry before is not validly signed by this key (a row written into the
 * outbox by hand, or changed), the chain is broken here: the new signature
 * must not vouch for it. outbox_actor keeps this one look-up per action. */
static enum zila_status
outbox_prev(struct zila_action_ctx *ctx, char *prev, size_t n)
{
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT coalesce(hash, ''), actor_id, sig, client_seq, mutation_id, action,"
		" args, base_version, client_time, coalesce(prev, '') FROM outbox WHERE actor_id = ?1"
		" ORDER BY client_seq DESC LIMIT 1", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, ctx->actor->user_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	snprintf(prev, n, "%s", rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "");
	if (rc == SQLITE_ROW && ctx->actor->can_sign && !(sqlite3_column_text(st, 2) && signed_here(ctx, st))) {
		const char *sig = (const char *)sqlite3_column_text(st, 2);
		json_t *args = json_loads((const char *)sqlite3_column_text(st, 6), 0, NULL);
		struct zila_signed sg = {
			.mutation_id = (const char *)sqlite3_column_text(st, 4), .action = (const char *)sqlite3_column_text(st, 5),
			.actor_id = ctx->actor->user_id, .desk_id = ctx->actor->desk_id,
			.client_time = (const char *)sqlite3_column_text(st, 8), .prev = (const char *)sqlite3_column_text(st, 9),
			.args = args, .client_seq = sqlite3_column_int64(st, 3), .base_version = sqlite3_column_int64(st, 7),
		};
		char *canonical = zila_sign_canonical(&sg), hash[65] = "";
		json_decref(args);
		if (canonical)
			zila_sign_hash(canonical, hash);
		if (!sig || !canonical || strcmp(hash, prev) != 0 || !zila_sign_verify_sk(ctx->actor->sign_sk, canonical, sig))
			prev[0] = '\0';
		free(canonical);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(ctx->db, "outbox", ctx->err);
}

/* Queues the action for push and, when the actor's key is open here,
 * signs its canonical form (sign.h), which needs the client_seq the
 * insert gives: so the row is written, then signed, in the same
 * transaction. */
static enum zila_status
outbox_append(struct zila_action_ctx *ctx, const char *args_json, const struct zila_action_opts *opts)
{
	char prev[65];
	const char *client_time = opts && opts->client_time ? opts->client_time : ctx->now;
	enum zila_status s = outbox_prev(ctx, prev, sizeof prev);
	if (s != ZILA_OK)
		return s;
	sqlite3_stmt *st = zila_db_stmt(ctx->db,
		"INSERT INTO outbox(mutation_id, action, args, actor_id, base_version, client_time, prev)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, ctx->mutation_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, zila_action_name(ctx->action), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, args_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ctx->actor->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, opts ? opts->base_version : 0);
	sqlite3_bind_text(st, 6, client_time, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zila_db_error(ctx->db, "outbox", ctx->err);
	long long seq = sqlite3_last_insert_rowid(zila_db_handle(ctx->db));
	json_t *args = json_loads(args_json, 0, NULL);
	struct zila_signed sg = {
		.mutation_id = ctx->mutation_id, .action = zila_action_name(ctx->action), .actor_id = ctx->actor->user_id,
		.desk_id = ctx->actor->desk_id, .client_time = client_time, .prev = prev, .args = args,
		.client_seq = seq, .base_version = opts ? opts->base_version : 0,
	};
	char *canonical = zila_sign_canonical(&sg);
	json_decref(args);
	if (!canonical)
		return zila_fail(ctx->err, ZILA_ENOMEM, "cannot make the action's canonical form");
	char hash[65], sig[ZILA_SIGN_SIG_HEX + 1];
	zila_sign_hash(canonical, hash);
	if (ctx->actor->can_sign)
		zila_sign(ctx->actor->sign_sk, canonical, sig);
	free(canonical);
	struct signed_entry *k = signed_slot(ctx);
	if (k)
		k->db = NULL;
	if (!(st = zila_db_stmt(ctx->db, "UPDATE outbox SET hash = ?2, sig = ?3 WHERE client_seq = ?1", ctx->err)))
		return ZILA_EDB;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	if (ctx->actor->can_sign)
		sqlite3_bind_text(st, 3, sig, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zila_db_error(ctx->db, "outbox", ctx->err);
	if (ctx->actor->can_sign) {
		/* remembered even if the transaction is rolled back: the number
		 * is given again then, to another entry with another hash */
		if (!k)
			k = &last_signed[last_signed_next++ % SIGNED_KEPT];
		k->db = ctx->db;
		k->seq = seq;
		k->base_version = opts ? opts->base_version : 0;
		snprintf(k->user_id, sizeof k->user_id, "%s", ctx->actor->user_id);
		snprintf(k->hash, sizeof k->hash, "%s", hash);
		snprintf(k->mutation, sizeof k->mutation, "%s", ctx->mutation_id);
		snprintf(k->action, sizeof k->action, "%s", zila_action_name(ctx->action));
		snprintf(k->client_time, sizeof k->client_time, "%s", client_time);
		snprintf(k->prev, sizeof k->prev, "%s", prev);
		free(k->args);
		k->args = zila_xstrdup(args_json);
		memcpy(k->pk, ctx->actor->sign_sk + 32, 32);
	}
	return ZILA_OK;
}

enum zila_status
zila_action_sign_server(struct zila_db *db, const struct zila_signed *sg, const unsigned char *sk, struct zila_err *err)
{
	char key_id[ZILA_SIGN_KEY_ID_HEX + 1] = "", sig[ZILA_SIGN_SIG_HEX + 1];
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT key_id FROM app_user WHERE id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, sg->actor_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(key_id, sizeof key_id, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	char *canonical = zila_sign_canonical(sg);
	if (!canonical)
		return zila_fail(err, ZILA_ENOMEM, "cannot make the action's canonical form");
	zila_sign(sk, canonical, sig);
	if (!(st = zila_db_stmt(db, "INSERT INTO server_signed(mutation_id, actor_id, key_id, signed, sig)"
			" VALUES (?1, ?2, ?3, ?4, ?5)", err))) {
		free(canonical);
		return ZILA_EDB;
	}
	sqlite3_bind_text(st, 1, sg->mutation_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sg->actor_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, canonical, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, sig, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(canonical);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "server signature", err);
}

/* On the server, an action run for an identity whose key the server
 * holds (zilad's own identity, the online channel) is signed here, as a
 * desk signs its outbox. The very first user of an empty server database
 * (zilad's own identity, made by nobody) signs its own making with the
 * key it is given: the signer is the user the action made. by is the
 * actor, or the witness that signs for it (zila_action_opts). */
static enum zila_status
server_sign(struct zila_action_ctx *ctx, const struct zila_actor *by, const char *args_json)
{
	const char *signer = by->user_id;
	if (!signer[0] && ctx->action == ZILA_ACT_USER_ADD)
		signer = json_string_value(json_object_get(ctx->result, "id"));
	if (!signer || !signer[0])
		return zila_fail(ctx->err, ZILA_EAUTH, "a signed action needs a known signer");
	json_t *args = json_loads(args_json, 0, NULL);
	struct zila_signed sg = {
		.mutation_id = ctx->mutation_id, .action = zila_action_name(ctx->action), .actor_id = signer,
		.desk_id = ctx->actor->desk_id, .client_time = ctx->now, .prev = "", .args = args,
	};
	enum zila_status st = zila_action_sign_server(ctx->db, &sg, by->sign_sk, ctx->err);
	json_decref(args);
	return st;
}

/* The calendar date an action happened on is the date where it was born:
 * a grievance registered at the counter on Monday and pushed on Thursday is
 * due from Monday, as the citizen's receipt says, and a letter marked
 * offline keeps its time limit. So when the caller gives the client's time
 * (the server and a desk re-applying its outbox do), today is taken from
 * it. A desk's clock is believed only within bounds: never more than
 * ACTION_CLOCK_AHEAD seconds ahead of this database's clock, never more than
 * ACTION_DATE_WINDOW days back (a clock that is simply wrong); outside
 * them the date is this database's today. */
#define ACTION_DATE_WINDOW 90
/* Seconds a desk's clock may run ahead and still date its actions: a
 * receipt given at 23:58 on a desk two minutes fast keeps its day. */
#define ACTION_CLOCK_AHEAD 600

static void
action_date(time_t now, const struct zila_action_opts *opts, char *today, size_t n)
{
	time_t born;
	char own[11], theirs[11];
	zila_ist_date(now, own, sizeof own);
	snprintf(today, n, "%s", own);
	if (!opts || !opts->client_time || !zila_parse_time(opts->client_time, &born) || born > now + ACTION_CLOCK_AHEAD)
		return;
	zila_ist_date(born, theirs, sizeof theirs);
	long back = zila_date_diff(theirs, own);
	if (back >= -1 && back <= ACTION_DATE_WINDOW)
		snprintf(today, n, "%s", theirs);
}

enum zila_status
zila_action_run(struct zila_db *db, const struct zila_actor *actor, const char *name, json_t *args,
	const struct zila_action_opts *opts, json_t **result, struct zila_err *err)
{
	struct zila_action_ctx ctx = { 0 };
	char mutation[40];
	enum zila_status st;
	int id = zila_action_from_name(name);

	if (result)
		*result = NULL;
	if (id < 0)
		return zila_fail(err, ZILA_EINVAL, "unknown action '%s'", name ? name : "");
	if (!json_is_object(args))
		return zila_fail(err, ZILA_EINVAL, "%s: the arguments must be a JSON object", name);
	if (!(action_table[id].roles & ZILA_ROLE_BIT(actor->role)))
		return zila_fail(err, ZILA_EDENIED, "A %1$s may not do %2$s.", zila_role_label(actor->role), name);
	if (opts && opts->mutation_id) {
		if (strlen(opts->mutation_id) != 36)
			return zila_fail(err, ZILA_EINVAL, "mutation_id must be a UUID");
		snprintf(mutation, sizeof mutation, "%s", opts->mutation_id);
	} else
		zila_uuid7(mutation);

	ctx.db = db;
	ctx.actor = actor;
	ctx.action = (enum zila_action_id)id;
	ctx.mutation_id = mutation;
	ctx.flags = opts ? opts->flags : 0;
	ctx.err = err;
	time_t now = zila_clock();
	zila_iso_time(now, ctx.now, sizeof ctx.now);
	action_date(now, opts, ctx.today, sizeof ctx.today);
	/* the handler works on a copy: a refused action leaves the caller's
	 * arguments as they were */
	ctx.args = json_deep_copy(args);
	ctx.result = json_object();

	if ((st = zila_db_begin(db, err)) != ZILA_OK)
		goto out;
	st = check_actor(db, actor, ctx.action, err);
	if (st == ZILA_OK)
		st = action_table[id].fn(&ctx);
	if (st == ZILA_OK) {
		char *json = json_dumps(ctx.args, JSON_COMPACT | JSON_SORT_KEYS);
		if (!(ctx.flags & ZILA_ACT_NO_AUDIT))
			st = zila_audit_append(db, ctx.now, actor->user_id, actor->desk_id, name, mutation, json, err);
		if (st == ZILA_OK && zila_db_kind(db) == ZILA_DB_DESK && !(ctx.flags & ZILA_ACT_NO_OUTBOX))
			st = outbox_append(&ctx, json, opts);
		const struct zila_actor *signer = opts && opts->witness ? opts->witness : actor;
		if (st == ZILA_OK && zila_db_kind(db) == ZILA_DB_SERVER && signer->can_sign)
			st = server_sign(&ctx, signer, json);
		free(json);
	}
	if (st == ZILA_OK) {
		st = zila_db_end(db, true, err);
	} else {
		struct zila_err keep = { 0 };
		if (err)
			keep = *err;
		zila_db_end(db, false, NULL);
		if (err)
			*err = keep;
	}
	if (st == ZILA_OK && result) {
		json_object_set_new(ctx.result, "mutation_id", json_string(mutation));
		*result = json_incref(ctx.result);
	}
out:
	json_decref(ctx.args);
	json_decref(ctx.result);
	return st;
}
