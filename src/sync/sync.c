/* sync.c: the desk's side of the protocol (DESIGN.md "Sync protocol").
 *
 * A run pushes every pending outbox entry first, so that by the time rows
 * come back nearly nothing local is unconfirmed; then pulls pages, each
 * applied with its cursor in one transaction; then, if actions were added
 * meanwhile, runs them again on top (NO_OUTBOX|NO_AUDIT, failures
 * ignored: each action's derived row ids make a second run of an already
 * visible action fail on its own event row and roll back alone); and last
 * asks the server again for every row still marked dirty: those belong to
 * rejected actions (or to records that left this office), and the
 * server's copy, or its word that the row is gone, replaces the local one. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "zila/master.h"
#include "zila/query.h"
#include "zila/triage.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "internal.h"

static void
progress(const struct zila_sync_opts *o, const char *phase, long long done, long long total)
{
	if (o && o->progress)
		o->progress(o->ud, phase, done, total);
}

static bool
cancelled(const struct zila_sync_opts *o)
{
	return o && o->cancel && *o->cancel;
}

static long long
count_of(struct zila_db *db, const char *sql)
{
	long long n; /* 0 when the query fails: a figure for the person, not a decision */
	zila_db_int(db, sql, NULL, &n, NULL);
	return n;
}

/* The server's message from an error reply, or a plain one. */
static enum zila_status
server_fail(struct zila_err *err, int http, json_t *reply, const char *what)
{
	const char *msg = json_string_value(json_object_get(reply, "error"));
	enum zila_status code = http == 401 ? ZILA_EAUTH : http == 403 ? ZILA_EDENIED : ZILA_ENET;
	return zila_fail(err, code, "%s: the server answered %d: %s", what, http, msg ? msg : "no reason given");
}

bool
zila_sync_enrolled(struct zila_db *db)
{
	char tok[80];
	return zila_meta_get(db, "sync_token", tok, sizeof tok, NULL) == ZILA_OK && tok[0];
}

enum zila_status
sync_open_transport(struct zila_db *db, const struct zila_sync_opts *opts, struct zila_sync_report *rep,
	struct transport *t, struct zila_err *err)
{
	char url[1024] = "", ca[1024] = "", pin[256] = "", token[80] = "";
	if (!zila_sync_enrolled(db))
		return zila_fail(err, ZILA_EINVAL, "this desk is not enrolled with a server: run 'zila enrol URL' on a new database");
	zila_meta_get(db, "sync_url", url, sizeof url, NULL);
	zila_meta_get(db, "sync_ca", ca, sizeof ca, NULL);
	zila_meta_get(db, "sync_pin", pin, sizeof pin, NULL);
	zila_meta_get(db, "sync_token", token, sizeof token, NULL);
	enum zila_status st = transport_open(t, opts && opts->url ? opts->url : url, ca, pin, token, opts, rep, err);
	sodium_memzero(token, sizeof token);
	return st;
}

static long long
meta_int(struct zila_db *db, const char *key)
{
	char buf[32] = "";
	zila_meta_get(db, key, buf, sizeof buf, NULL);
	return atoll(buf);
}

static enum zila_status
meta_int_set(struct zila_db *db, const char *key, long long v, struct zila_err *err)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", v);
	return zila_meta_set(db, key, buf, err);
}

/* The highest client_seq the server has confirmed to this desk (meta
 * sync_acked; a desk from before it was kept counts what its outbox says).
 * Everything after it goes to the server, in order: pending actions, and
 * after the server was restored from a backup, confirmed ones it lost. */
static long long
acked_get(struct zila_db *db)
{
	char buf[32] = "";
	if (zila_meta_get(db, "sync_acked", buf, sizeof buf, NULL) == ZILA_OK && buf[0])
		return atoll(buf);
	/* each state by the index on (state, client_seq): "state <> 'pending'"
	 * read the whole outbox, several times a batch until the first push
	 * of a desk with a long queue was confirmed */
	return count_of(db, "SELECT max((SELECT coalesce(max(client_seq), 0) FROM outbox WHERE state = 'applied'),"
		" (SELECT coalesce(max(client_seq), 0) FROM outbox WHERE state = 'rejected'),"
		" (SELECT coalesce(max(client_seq), 0) FROM outbox WHERE state = 'discarded'))");
}

/* Entries after acked: what this sync must still send. */
static long long
unsent(struct zila_db *db)
{
	long long n; /* 0 when the query fails, as count_of */
	zila_db_int(db, "SELECT count(*) FROM outbox WHERE client_seq > :acked",
		ZILA_PARAMS(ZILA_PINT(":acked", acked_get(db))), &n, NULL);
	return n;
}

/* The server confirms only up to last of this desk's actions, fewer than
 * it had confirmed: it was restored from a backup. The confirmed actions
 * it lost go again, as they are (same numbers, same mutation ids), and the
 * event is kept in meta sync_restore for the screens. */
static enum zila_status
server_lost(struct zila_db *db, long long last, struct zila_sync_report *rep, struct zila_err *err)
{
	long long acked = acked_get(db);
	if (last >= acked)
		return ZILA_OK;
	char note[256], now[32];
	zila_iso_time(zila_clock(), now, sizeof now);
	snprintf(note, sizeof note, "%s: the server had lost %lld of this desk's confirmed actions"
		" (restored from a backup?); they were sent again", now, acked - last);
	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	st = meta_int_set(db, "sync_acked", last, err);
	if (st == ZILA_OK)
		st = zila_meta_set(db, "sync_restore", note, err);
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	if (st == ZILA_OK && end == ZILA_OK) {
		rep->restored = true;
		rep->resent += acked - last;
	}
	return st != ZILA_OK ? st : end;
}

/* ------------------------------------------------------- adaptive sizes */

/* The size of push batches (bytes of JSON before gzip) or of pull pages
 * (rows), fitted to the link: halved after a cut, down to min, and grown
 * by half after each success, up to max. Kept in meta (key), so a desk on
 * a bad link starts its next sync small. Cuts that shrink the size are not
 * counted against the retries; those at the smallest size are. */
struct adapt {
	const char *key;
	long long cur, min, max;
	int fails;        /* cuts in a row at the smallest size */
};

static void
adapt_init(struct zila_db *db, struct adapt *a, const char *key, long long min, long long max)
{
	long long kept = meta_int(db, key);
	a->key = key;
	a->min = min < max ? min : max;
	a->max = max;
	a->cur = kept >= a->min && kept < max ? kept : max;
	a->fails = 0;
}

/* A cut: smaller next time. False when the retries are spent. */
static bool
adapt_cut(struct zila_db *db, struct transport *t, const struct zila_sync_opts *o, struct adapt *a)
{
	int retries = o && o->retries >= 0 ? o->retries : 5;
	if (!t->transient || cancelled(o))
		return false;
	if (a->cur > a->min) {
		/* a smaller try at once (the first, short backoff): the cut was
		 * the size's fault until the smallest size is cut too; with no
		 * retries asked for, only the next sync starts smaller */
		a->cur = a->cur / 2 > a->min ? a->cur / 2 : a->min;
		meta_int_set(db, a->key, a->cur, NULL);
		if (retries == 0)
			return false;
		transport_backoff(t, 0);
		return true;
	}
	if (++a->fails > retries)
		return false;
	transport_backoff(t, a->fails - 1);
	return true;
}

static void
adapt_ok(struct adapt *a)
{
	a->fails = 0;
	a->cur = a->cur + a->cur / 2 < a->max ? a->cur + a->cur / 2 : a->max;
}

static void
adapt_done(struct zila_db *db, struct adapt *a)
{
	meta_int_set(db, a->key, a->cur, NULL);
}

/* ------------------------------------------------------------------ push */

/* One user's place in a batch being made: the hash of their entry before. */
struct batch_user {
	char actor[40], hash[65];
	size_t last;             /* index of that entry in the batch */
};

/* The user's place in users (n of them, at most cap), added when new. */
static struct batch_user *
batch_user(struct batch_user **users, size_t *n, size_t *cap, const char *actor)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*users)[i].actor, actor) == 0)
			return &(*users)[i];
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*users = zila_xrealloc(*users, *cap * sizeof **users);
	}
	struct batch_user *u = &(*users)[(*n)++];
	snprintf(u->actor, sizeof u->actor, "%s", actor);
	u->hash[0] = '\0';
	u->last = (size_t)-1;
	return u;
}

/* The next batch of pending entries. Each was signed by its user when it
 * was queued and chained to the same user's entry before (sign.h); a batch
 * carries a user's signature only where that user's next entry in it does
 * not link to the entry (on the user's last entry, at least: one per user
 * in all), since the chain makes it vouch for the entries before it. An
 * entry's prev is sent when it is not simply the hash of its user's entry
 * before it in the batch ("" for the first), as for a user's first entry
 * in the batch, or entries queued by a desk of protocol 2: zilad rebuilds
 * the chains from them. */
static json_t *
next_batch(struct zila_db *db, const struct zila_sync_opts *o, size_t max_bytes, struct zila_err *err)
{
	int max = o && o->batch_count > 0 ? o->batch_count : 2000;
	size_t bytes = 0;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT client_seq, mutation_id, action, args, actor_id, base_version, client_time,"
		" state, code, message, coalesce(prev, ''), coalesce(hash, ''), sig FROM outbox WHERE client_seq > ?2"
		" ORDER BY client_seq LIMIT ?1", err);
	if (!st)
		return NULL;
	sqlite3_bind_int(st, 1, max);
	sqlite3_bind_int64(st, 2, acked_get(db));
	json_t *entries = json_array(), *sigs = json_array();
	struct batch_user *users = NULL;
	size_t nusers = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *args = (const char *)sqlite3_column_text(st, 3);
		size_t size = strlen(args) + 160;
		if (json_array_size(entries) > 0 && bytes + size > max_bytes)
			break;
		json_t *a = json_loads(args, 0, NULL);
		if (!a)
			a = json_object(); /* the server refuses it, naming the action */
		const char *actor = (const char *)sqlite3_column_text(st, 4);
		json_t *e = json_pack("{s:I, s:s, s:s, s:o, s:s, s:I, s:s}",
			"client_seq", (json_int_t)sqlite3_column_int64(st, 0), "mutation_id", (const char *)sqlite3_column_text(st, 1),
			"action", (const char *)sqlite3_column_text(st, 2), "args", a,
			"actor_id", actor, "base_version", (json_int_t)sqlite3_column_int64(st, 5),
			"client_time", (const char *)sqlite3_column_text(st, 6));
		const char *state = (const char *)sqlite3_column_text(st, 7);
		if (strcmp(state, "rejected") == 0 || strcmp(state, "discarded") == 0)
			/* refused by the server before it was restored: the refusal
			 * stands here, the server only uses the number up again */
			json_object_set_new(e, "void", json_pack("{s:s, s:s}",
				"code", sqlite3_column_text(st, 8) ? (const char *)sqlite3_column_text(st, 8) : "EINVAL",
				"message", sqlite3_column_text(st, 9) ? (const char *)sqlite3_column_text(st, 9) : "refused"));
		const char *prev = (const char *)sqlite3_column_text(st, 10);
		const unsigned char *sig = sqlite3_column_text(st, 12);
		struct batch_user *u = batch_user(&users, &nusers, &cap, actor);
		bool first = u->last == (size_t)-1;
		if (first ? prev[0] != '\0' : !u->hash[0] || strcmp(prev, u->hash) != 0)
			json_object_set_new(e, "prev", json_string(prev));
		else if (!first && sig)
			/* the user's entry before is vouched for by this one */
			json_array_set_new(sigs, u->last, json_null());
		snprintf(u->hash, sizeof u->hash, "%s", (const char *)sqlite3_column_text(st, 11));
		u->last = json_array_size(entries);
		json_array_append_new(sigs, sig ? json_string((const char *)sig) : json_null());
		json_array_append_new(entries, e);
		bytes += size;
	}
	sqlite3_reset(st);
	free(users);
	size_t i;
	json_t *sig;
	json_array_foreach(sigs, i, sig)
		if (json_is_string(sig))
			json_object_set(json_array_get(entries, i), "sig", sig);
	json_decref(sigs);
	return entries;
}

static enum zila_status
record_push(struct zila_db *db, json_t *reply, long long first, long long last_sent, struct zila_sync_report *rep,
	struct zila_err *err)
{
	json_t *jl = json_object_get(reply, "last_applied"), *rejected = json_object_get(reply, "rejected");
	if (!json_is_integer(jl) || !json_is_array(rejected))
		return zila_fail(err, ZILA_ENET, "push: the server's reply lacks last_applied or rejected");
	long long last = json_integer_value(jl);
	long long server_seq = json_integer_value(json_object_get(reply, "server_seq"));
	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rejected, i, r) {
		sqlite3_stmt *s = zila_db_stmt(db, "UPDATE outbox SET state = 'rejected', code = ?2, message = ?3, server_seq = ?4"
			" WHERE client_seq = ?1 AND state IN ('pending', 'applied')", err);
		if (!s) {
			st = ZILA_EDB;
			break;
		}
		sqlite3_bind_int64(s, 1, json_integer_value(json_object_get(r, "client_seq")));
		sqlite3_bind_text(s, 2, json_string_value(json_object_get(r, "code")), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, json_string_value(json_object_get(r, "message")), -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, server_seq);
		if (sqlite3_step(s) != SQLITE_DONE)
			st = zila_db_error(db, "outbox", err);
		else
			rep->rejected += sqlite3_changes(zila_db_handle(db));
		sqlite3_reset(s);
		if (st != ZILA_OK)
			break;
	}
	if (st == ZILA_OK) {
		sqlite3_stmt *s = zila_db_stmt(db, "UPDATE outbox SET state = 'applied', server_seq = ?2"
			" WHERE state = 'pending' AND client_seq <= ?1", err);
		if (!s)
			st = ZILA_EDB;
		else {
			sqlite3_bind_int64(s, 1, last < last_sent ? last : last_sent);
			sqlite3_bind_int64(s, 2, server_seq);
			if (sqlite3_step(s) != SQLITE_DONE)
				st = zila_db_error(db, "outbox", err);
			sqlite3_reset(s);
		}
	}
	/* remembered with the batch, in its transaction: a cut after this
	 * loses nothing the server applied */
	if (st == ZILA_OK && (last < last_sent ? last : last_sent) > acked_get(db))
		st = meta_int_set(db, "sync_acked", last < last_sent ? last : last_sent, err);
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	if (st == ZILA_OK && end == ZILA_OK && last >= first)
		rep->pushed += (last < last_sent ? last : last_sent) - first + 1;
	return st != ZILA_OK ? st : end;
}

static enum zila_status
push_all(struct zila_db *db, struct transport *t, const struct zila_sync_opts *o, struct zila_sync_report *rep,
	struct zila_err *err)
{
	long long total = unsent(db), done = 0;
	bool requeued = false;
	struct adapt a;
	adapt_init(db, &a, "sync_batch_bytes", 4096, o && o->batch_bytes ? (long long)o->batch_bytes : 1 << 20);
	t->phase = "push";
	while (!cancelled(o)) {
		json_t *entries = next_batch(db, o, (size_t)a.cur, err);
		if (!entries)
			return ZILA_EDB;
		size_t n = json_array_size(entries);
		if (n == 0) {
			json_decref(entries);
			adapt_done(db, &a);
			return ZILA_OK;
		}
		long long first = json_integer_value(json_object_get(json_array_get(entries, 0), "client_seq"));
		long long last_sent = first + (long long)n - 1;
		json_t *body = json_pack("{s:o}", "entries", entries), *reply = NULL;
		long long desk_chained = meta_int(db, "sync_desk_chained_to");
		if (desk_chained >= first)
			json_object_set_new(body, "desk_chained_to", json_integer(desk_chained));
		int http;
		t->once = true;
		enum zila_status st = transport_call(t, "POST", ZILA_WIRE_PREFIX "/push", body, &http, &reply, err);
		t->once = false;
		json_decref(body);
		if (st != ZILA_OK && adapt_cut(db, t, o, &a))
			continue;
		if (st != ZILA_OK)
			return st;
		adapt_ok(&a);
		if (http == 409 && !requeued && json_integer_value(json_object_get(reply, "last_applied")) < first - 1) {
			st = server_lost(db, json_integer_value(json_object_get(reply, "last_applied")), rep, err);
			json_decref(reply);
			if (st != ZILA_OK)
				return st;
			requeued = true;
			total = unsent(db);
			continue;
		}
		if (http != 200) {
			st = server_fail(err, http, reply, "push");
			json_decref(reply);
			return st;
		}
		long long before = rep->pushed;
		st = record_push(db, reply, first, last_sent, rep, err);
		bool waiting = json_object_get(reply, "retry") != NULL;
		json_decref(reply);
		if (st != ZILA_OK)
			return st;
		done += rep->pushed - before;
		progress(o, "push", done, total);
		if (waiting) {
			rep->waiting = true;
			adapt_done(db, &a);
			return ZILA_OK;
		}
		if (rep->pushed == before)
			return zila_fail(err, ZILA_ENET, "push: the server applied nothing of the batch from %lld", first);
	}
	return zila_fail(err, ZILA_ENET, "sync cancelled");
}

/* ------------------------------------------------------------------ pull */

/* Applies a batch of rows (and gone rows) in one transaction, with the
 * meta changes given (the cursor moves with its page). A page of a pull
 * with more to come leaves sync_partial at 1: the server's log is ordered
 * by row, not by action, so a page can end between a grievance and its
 * registration event, and `zila check` must not call that damage. */
static enum zila_status
apply_batch(struct zila_db *db, json_t *rows, json_t *gone, long long cursor, const char *tag, int snapshot_done,
	bool more, long long *count, struct zila_err *err)
{
	apply_mode(db, true);
	enum zila_status st = zila_db_begin(db, err);
	if (st == ZILA_OK) {
		st = apply_rows(db, rows, count, err);
		if (st == ZILA_OK && gone)
			st = apply_gone(db, gone, err);
		if (st == ZILA_OK && cursor >= 0) {
			st = meta_int_set(db, "sync_cursor", cursor, err);
			if (st == ZILA_OK)
				st = zila_meta_set(db, "sync_tag", tag ? tag : "", err);
			if (st == ZILA_OK)
				st = zila_meta_set(db, "sync_partial", more ? "1" : "0", err);
		}
		if (st == ZILA_OK && snapshot_done)
			st = apply_sweep_stale(db, err);
		if (st == ZILA_OK && snapshot_done)
			st = zila_meta_set(db, "sync_snapshot", "0", err);
		enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
		if (st == ZILA_OK)
			st = end;
	}
	apply_mode(db, false);
	return st;
}

static enum zila_status
pull_all(struct zila_db *db, struct transport *t, const struct zila_sync_opts *o, struct zila_sync_report *rep,
	struct zila_err *err)
{
	int resets = 0;
	bool checked = false;
	struct adapt a;
	adapt_init(db, &a, "sync_page_rows", 10, o && o->pull_limit > 0 ? o->pull_limit : 2000);
	t->phase = "pull";
	while (!cancelled(o)) {
		char path[256], tag[40] = "";
		long long cursor = meta_int(db, "sync_cursor");
		bool snapshot = meta_int(db, "sync_snapshot") == 1;
		zila_meta_get(db, "sync_tag", tag, sizeof tag, NULL);
		/* the tag proves the cursor is from this server's history; acked
		 * tells the server's log what this desk had confirmed */
		snprintf(path, sizeof path, ZILA_WIRE_PREFIX "/%s?cursor=%lld&limit=%lld&acked=%lld%s%s",
			snapshot ? "snapshot" : "pull", cursor, a.cur, acked_get(db), tag[0] && cursor > 0 ? "&tag=" : "",
			tag[0] && cursor > 0 ? tag : "");
		json_t *reply = NULL;
		int http;
		t->once = true;
		enum zila_status st = transport_call(t, "GET", path, NULL, &http, &reply, err);
		t->once = false;
		if (st != ZILA_OK && adapt_cut(db, t, o, &a))
			continue;
		if (st != ZILA_OK)
			return st;
		adapt_ok(&a);
		if (http == 410 && resets < 3) {
			/* the server does not know our cursor, or its history forked
			 * there (restored from a backup): start over from a snapshot;
			 * the outbox stays, and what the server lost of it goes again */
			if (json_is_true(json_object_get(reply, "forked")) || cursor > json_integer_value(json_object_get(reply, "head"))) {
				char note[200], now[32];
				rep->forked = true;
				zila_iso_time(zila_clock(), now, sizeof now);
				snprintf(note, sizeof note, "%s: the server's history is not the one this desk had seen (restored from a"
					" backup?); this desk's copy was taken again from the server", now);
				zila_meta_set(db, "sync_restore", note, NULL);
			}
			json_decref(reply);
			apply_mode(db, true);
			if ((st = zila_db_begin(db, err)) == ZILA_OK) {
				st = apply_mark_stale(db, err);
				if (st == ZILA_OK)
					st = zila_meta_set(db, "sync_cursor", "0", err);
				if (st == ZILA_OK)
					st = zila_meta_set(db, "sync_snapshot", "1", err);
				if (st == ZILA_OK)
					st = zila_meta_set(db, "sync_tag", "", err);
				enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
				st = st == ZILA_OK ? end : st;
			}
			apply_mode(db, false);
			if (st != ZILA_OK)
				return st;
			resets++;
			continue;
		}
		if (http != 200) {
			st = server_fail(err, http, reply, "pull");
			json_decref(reply);
			return st;
		}
		json_t *jc = json_object_get(reply, "cursor");
		bool more = json_is_true(json_object_get(reply, "more"));
		if (!json_is_integer(jc) || json_integer_value(jc) < cursor) {
			json_decref(reply);
			return zila_fail(err, ZILA_ENET, "pull: the server's reply has no usable cursor");
		}
		json_t *jl = json_object_get(reply, "last_applied");
		if (!checked && json_is_integer(jl)) {
			/* every sync, even with nothing to send: has the server
			 * still got every action it confirmed to this desk? */
			checked = true;
			if ((st = server_lost(db, json_integer_value(jl), rep, err)) != ZILA_OK) {
				json_decref(reply);
				return st;
			}
		}
		st = apply_batch(db, json_object_get(reply, "rows"), NULL, json_integer_value(jc),
			json_string_value(json_object_get(reply, "tag")), snapshot && !more, more, &rep->pulled, err);
		json_decref(reply);
		if (st != ZILA_OK)
			return st;
		progress(o, "pull", rep->pulled, -1);
		if (!more) {
			adapt_done(db, &a);
			return ZILA_OK;
		}
	}
	return zila_fail(err, ZILA_ENET, "sync cancelled");
}

/* ------------------------------------------------- re-apply and repair */

static enum zila_status
load_actor_by_id(struct zila_db *db, const char *user_id, struct zila_actor *actor, struct zila_err *err)
{
	char login[64];
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT login FROM app_user WHERE id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, user_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(login, sizeof login, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return zila_fail(err, ZILA_EAUTH, "user %s is not known on this desk", user_id);
	return zila_actor_load(db, login, actor, err);
}

/* Actions done here while the pull ran are not on the server yet: their
 * effects may have been overwritten by the server's rows, so they run
 * again on top. */
static void
reapply_pending(struct zila_db *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(zila_db_handle(db), "SELECT mutation_id, action, args, actor_id, base_version, client_time"
		" FROM outbox WHERE state = 'pending' ORDER BY client_seq", -1, &st, NULL) != SQLITE_OK)
		return;
	json_t *todo = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(todo, zila_row_json(st));
	sqlite3_finalize(st);
	size_t i;
	json_t *e;
	json_array_foreach(todo, i, e) {
		struct zila_actor actor;
		json_t *args = json_loads(json_string_value(json_object_get(e, "args")), 0, NULL);
		struct zila_action_opts opts = {
			.mutation_id = json_string_value(json_object_get(e, "mutation_id")),
			.client_time = json_string_value(json_object_get(e, "client_time")),
			.base_version = json_integer_value(json_object_get(e, "base_version")),
			.flags = ZILA_ACT_NO_OUTBOX | ZILA_ACT_NO_AUDIT,
		};
		if (args && load_actor_by_id(db, json_string_value(json_object_get(e, "actor_id")), &actor, NULL) == ZILA_OK)
			zila_action_run(db, &actor, json_string_value(json_object_get(e, "action")), args, &opts, NULL, NULL);
		json_decref(args);
	}
	json_decref(todo);
}

static enum zila_status
repair(struct zila_db *db, struct transport *t, const struct zila_sync_opts *o, struct zila_sync_report *rep,
	struct zila_err *err)
{
	t->phase = "repair";
	while (!cancelled(o)) {
		sqlite3_stmt *st = zila_db_stmt(db, "SELECT tbl AS t, row_id AS id FROM sync_dirty LIMIT 1000", err);
		json_t *asked;
		if (!st || zila_query_rows(db, st, &asked, err) != ZILA_OK)
			return ZILA_EDB;
		if (json_array_size(asked) == 0) {
			json_decref(asked);
			return ZILA_OK;
		}
		json_t *body = json_pack("{s:O}", "rows", asked), *reply = NULL;
		int http;
		enum zila_status s = transport_call(t, "POST", ZILA_WIRE_PREFIX "/rows", body, &http, &reply, err);
		json_decref(body);
		if (s == ZILA_OK && http != 200)
			s = server_fail(err, http, reply, "repair");
		long long before = rep->repaired;
		if (s == ZILA_OK) {
			json_t *gone = json_object_get(reply, "gone"), *hidden = json_object_get(reply, "hidden");
			s = apply_batch(db, json_object_get(reply, "rows"), json_is_array(gone) ? gone : NULL, -1, NULL, 0, false,
				&rep->repaired, err);
			rep->repaired += (long long)json_array_size(gone);
			/* rows the office may no longer see (a local transfer, or a
			 * rejected action on a record that has left) leave the desk */
			size_t k;
			json_t *h;
			apply_mode(db, true);
			if (s == ZILA_OK && json_array_size(hidden) > 0 && (s = zila_db_begin(db, err)) == ZILA_OK) {
				json_array_foreach(hidden, k, h) {
					int ht = zila_sync_table_index(json_string_value(json_object_get(h, "t")));
					if (s == ZILA_OK && ht >= 0 && json_is_string(json_object_get(h, "id")))
						s = apply_move_out(db, ht, json_string_value(json_object_get(h, "id")), "", "", err);
				}
				enum zila_status end = zila_db_end(db, s == ZILA_OK, err);
				s = s == ZILA_OK ? end : s;
				rep->repaired += (long long)json_array_size(hidden);
			}
			apply_mode(db, false);
		}
		/* none is asked twice */
		size_t i;
		json_t *a;
		json_array_foreach(asked, i, a) {
			sqlite3_stmt *d = s == ZILA_OK ? zila_db_stmt(db, "DELETE FROM sync_dirty WHERE tbl = ?1 AND row_id = ?2", err) : NULL;
			if (!d)
				break;
			sqlite3_bind_text(d, 1, json_string_value(json_object_get(a, "t")), -1, SQLITE_STATIC);
			sqlite3_bind_text(d, 2, json_string_value(json_object_get(a, "id")), -1, SQLITE_STATIC);
			sqlite3_step(d);
			sqlite3_reset(d);
		}
		json_decref(asked);
		json_decref(reply);
		if (s != ZILA_OK)
			return s;
		progress(o, "repair", rep->repaired - before, -1);
	}
	return zila_fail(err, ZILA_ENET, "sync cancelled");
}

/* The desk's suggested-routing model learns from the grievances its
 * office disposed, which reach it by sync: so a good sync refreshes it by
 * itself, at most once per opts->triage_every (meta triage_checked_at),
 * and trains only when the disposed grievances changed. A desk with too
 * little to learn from, or a training that fails, is no failure of the
 * sync: the model stays as it was, and the next sync tries again. */
static void
triage_after_sync(struct zila_db *db, const struct zila_sync_opts *o, struct zila_sync_report *rep)
{
	long every = o && o->triage_every ? o->triage_every : 86400;
	long long now = (long long)zila_clock(), last = meta_int(db, "triage_checked_at");
	if (every < 0 || (last > 0 && last <= now && now - last < every))
		return;
	struct zila_triage_stats st;
	bool trained = false;
	/* too little to learn from yet (a new desk): the next sync looks
	 * again, whatever the interval, which costs a count */
	if (zila_triage_refresh(db, NULL, &trained, &st, NULL) != ZILA_OK)
		return;
	rep->triage_trained = trained;
	rep->triage_examples = trained ? st.examples : 0;
	meta_int_set(db, "triage_checked_at", now, NULL);
}

enum zila_status
zila_sync_run(struct zila_db *db, const struct zila_sync_opts *opts, struct zila_sync_report *rep,
	struct zila_err *err)
{
	struct transport t;
	struct zila_sync_report local;
	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof *rep);
	enum zila_status st = sync_open_transport(db, opts, rep, &t, err);
	if (st != ZILA_OK)
		return st;
	/* pages of pulled rows touch many pages: 8 MB keeps them until commit */
	zila_db_exec(db, "PRAGMA cache_size = -8192", NULL);
	/* An action naming an attachment the server lacks is refused as
	 * retryable: the server stops the batch there without using up its
	 * client_seq, so the entry stays pending here (not a problem) and the
	 * entries behind it wait too. That keeps the one order the server
	 * sees equal to the desk's (a later action may act on the grievance
	 * this one registers) and keeps exactly-once as it is: the number is
	 * used once, by the run that applies the action. The queue is not
	 * blocked for long because each round uploads the blobs of every
	 * pending action before it pushes; a blob cut short is resumed in the
	 * next round (or the next sync) from the server's offset. */
	long long redated_before = count_of(db, "SELECT count(*) FROM redated");
	for (int round = 0; st == ZILA_OK && round < 3; round++) {
		long long pulled = rep->pulled;
		rep->waiting = false;
		st = blobs_upload_pending(db, &t, opts, rep, err);
		if (st == ZILA_OK)
			st = push_all(db, &t, opts, rep, err);
		if (st == ZILA_OK)
			st = pull_all(db, &t, opts, rep, err);
		long long pending = count_of(db, "SELECT count(*) FROM outbox WHERE state = 'pending'");
		if (st == ZILA_OK && pending > 0 && rep->pulled > pulled)
			reapply_pending(db);
		if (unsent(db) == 0)
			break;
	}
	if (st == ZILA_OK && unsent(db) == 0)
		st = repair(db, &t, opts, rep, err);
	rep->redated = count_of(db, "SELECT count(*) FROM redated") - redated_before;
	if (t.server_date > 0) {
		/* the server's clock dates what it accepts: a desk far from it
		 * writes dates the server will not believe */
		rep->clock_known = true;
		rep->clock_skew = (long long)(zila_clock() - t.server_date);
		meta_int_set(db, "sync_clock_skew", rep->clock_skew, NULL);
	}
	transport_close(&t);
	if (st == ZILA_OK)
		st = sync_mark_done(db, err);
	if (st == ZILA_OK && !cancelled(opts))
		triage_after_sync(db, opts, rep);
	return st;
}

/* ------------------------------------------------------------- enrolment */

static enum zila_status
store_identity(struct zila_db *db, json_t *r, const char *url, const char *ca, const char *pin, struct zila_err *err)
{
	json_t *d = json_object_get(r, "district");
	const char *keys[][2] = {
		{ "desk_id", json_string_value(json_object_get(r, "desk_id")) },
		{ "desk_code", json_string_value(json_object_get(r, "desk_code")) },
		{ "sync_department", json_string_value(json_object_get(r, "department_id")) },
		{ "sync_token", json_string_value(json_object_get(r, "token")) },
		{ "district_code", json_string_value(json_object_get(d, "code")) },
		{ "district_name", json_string_value(json_object_get(d, "name_en")) },
		{ "sync_url", url }, { "sync_ca", ca }, { "sync_pin", pin },
		{ "db_kind", "desk" }, { "sync_cursor", "0" }, { "sync_snapshot", "1" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(keys); i++)
		if (!keys[i][1])
			return zila_fail(err, ZILA_ENET, "enrol: the server's reply lacks %s", keys[i][0]);
	if (!zila_token_valid(keys[3][1]))
		return zila_fail(err, ZILA_ENET, "enrol: the server sent a malformed token");
	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	for (size_t i = 0; st == ZILA_OK && i < ZILA_ARRAY_LEN(keys); i++)
		st = zila_meta_set(db, keys[i][0], keys[i][1], err);
	if (st == ZILA_OK)
		st = apply_install_triggers(db, err);
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	return st != ZILA_OK ? st : end;
}

enum zila_status
zila_sync_enrol(const char *db_path, const char *url, const char *ca_file, const char *pin, const char *login,
	const char *password, const char *name, const struct zila_sync_opts *opts, struct zila_sync_report *rep,
	struct zila_err *err)
{
	struct zila_db *db = NULL;
	struct transport t;
	char ca[PATH_MAX] = "", have[64];
	enum zila_status st;
	if (access(db_path, F_OK) == 0) {
		if ((st = zila_db_open(db_path, 0, &db, err)) != ZILA_OK)
			return st;
		bool used = zila_meta_get(db, "district_code", have, sizeof have, NULL) == ZILA_OK;
		zila_db_close(&db);
		if (used)
			return zila_fail(err, ZILA_EEXIST, "%s is already set up (district %s): enrol a new database file;"
				" its data comes from the server", db_path, have);
	}
	if (ca_file && *ca_file && !realpath(ca_file, ca))
		return zila_fail(err, ZILA_EIO, "cannot find the CA file %s", ca_file);
	if (pin && *pin && strncmp(pin, "sha256//", 8) != 0)
		return zila_fail(err, ZILA_EINVAL, "--pin must look like sha256//BASE64");
	if ((st = transport_open(&t, url, ca, pin, NULL, opts, rep, err)) != ZILA_OK)
		return st;
	/* the request's own name: a retry after a lost answer sends the same
	 * body, and zilad gives back the desk it made then, not a second one */
	unsigned char nonce[16];
	char enrolment[33];
	randombytes_buf(nonce, sizeof nonce);
	sodium_bin2hex(enrolment, sizeof enrolment, nonce, sizeof nonce);
	json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "login", login, "password", password, "name", name ? name : "",
		"enrolment", enrolment);
	json_t *reply = NULL;
	int http = 0;
	if (!body)
		st = zila_fail(err, ZILA_EINVAL, "login and password must be UTF-8 text");
	else
		st = transport_call(&t, "POST", ZILA_WIRE_PREFIX "/enrol", body, &http, &reply, err);
	json_decref(body);
	transport_close(&t);
	if (st == ZILA_OK && http != 200)
		st = server_fail(err, http, reply, "enrol");
	if (st == ZILA_OK && (st = zila_db_open(db_path, ZILA_DB_CREATE, &db, err)) == ZILA_OK) {
		chmod(db_path, 0600); /* the token is in it */
		st = store_identity(db, reply, url, ca, pin ? pin : "", err);
	}
	json_decref(reply);
	if (st == ZILA_OK)
		st = zila_sync_run(db, opts, rep, err);
	zila_db_close(&db);
	return st;
}

/* -------------------------------------------------------------- problems */

enum zila_status
zila_sync_redated(struct zila_db *db, json_t **rows, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT number, was_registered, was_due, now_registered, now_due, at"
		" FROM redated ORDER BY at DESC, number", err);
	if (!st)
		return ZILA_EDB;
	return zila_query_rows(db, st, rows, err);
}

enum zila_status
zila_sync_problems(struct zila_db *db, json_t **rows, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT o.client_seq AS id, o.action, o.client_time AS at,"
		" coalesce(u.login, o.actor_id) AS user, o.code, o.message, o.args FROM outbox o"
		" LEFT JOIN app_user u ON u.id = o.actor_id WHERE o.state = 'rejected' ORDER BY o.client_seq", err);
	if (!st)
		return ZILA_EDB;
	return zila_query_rows(db, st, rows, err);
}

static enum zila_status
rejected_entry(struct zila_db *db, long long id, json_t **row, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT action, args FROM outbox WHERE client_seq = ?1 AND state = 'rejected'", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_int64(st, 1, id);
	enum zila_status s = zila_query_one(db, st, row, "rejected action", err);
	if (s == ZILA_ENOTFOUND)
		return zila_fail(err, ZILA_ENOTFOUND, "no rejected action %lld: see zila sync --problems", id);
	return s;
}

static enum zila_status
mark_discarded(struct zila_db *db, long long id, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "UPDATE outbox SET state = 'discarded' WHERE client_seq = ?1 AND state = 'rejected'", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "outbox", err);
}

enum zila_status
zila_sync_discard(struct zila_db *db, long long id, struct zila_err *err)
{
	json_t *row;
	enum zila_status st = rejected_entry(db, id, &row, err);
	if (st != ZILA_OK)
		return st;
	json_decref(row);
	return mark_discarded(db, id, err);
}

/* The argument that dates each action the server may refuse for its
 * date; the others have none a person typed. */
static const char *
date_key(const char *action)
{
	static const char *const keys[][2] = {
		{ "letter.create", "received_on" }, { "letter.reply", "replied_on" }, { "inspection.record", "inspected_on" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(keys); i++)
		if (strcmp(keys[i][0], action) == 0)
			return keys[i][1];
	return NULL;
}

enum zila_status
zila_sync_retry(struct zila_db *db, const struct zila_actor *actor, long long id, const char *date, json_t **result,
	struct zila_err *err)
{
	json_t *row;
	enum zila_status st = rejected_entry(db, id, &row, err);
	if (st != ZILA_OK)
		return st;
	json_t *args = json_loads(json_string_value(json_object_get(row, "args")), 0, NULL);
	const char *action = json_string_value(json_object_get(row, "action"));
	if (date && !date_key(action)) {
		json_decref(args);
		json_decref(row);
		return zila_fail(err, ZILA_EINVAL, "action %lld (%s) has no date to correct: retry it without --date", id, action);
	}
	if (date && args)
		json_object_set_new(args, date_key(action), json_string(date));
	if ((st = zila_db_begin(db, err)) == ZILA_OK) {
		st = zila_action_run(db, actor, json_string_value(json_object_get(row, "action")), args, NULL, result, err);
		if (st == ZILA_OK)
			st = mark_discarded(db, id, err);
		enum zila_status end = zila_db_end(db, st == ZILA_OK, st == ZILA_OK ? err : NULL);
		st = st == ZILA_OK ? end : st;
	}
	json_decref(args);
	json_decref(row);
	return st;
}
