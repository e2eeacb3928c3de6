/* verify.c: zilad audit verify: every action a desk pushed and the server
 * applied is checked again against its user's signature, from what the
 * push ledger kept (the canonical form each user signed, its link prev
 * within it, the signatures pushes carried, the keys in user_key, old ones
 * included, and signed_by, the entry whose signature covers it). It reads
 * each desk's entries from the last back, carrying each user's proof to
 * that user's entry before it when the link holds (sign.h), so it is one
 * pass; a link to another user's entry never carries a proof. The same
 * rule holds the entries of protocol 2, chained desk-wide. Then what
 * the server ran and signed for its own identities (server_signed): its
 * own commands and the enrolments it witnessed, and the online channel. */
#include <stdio.h>
#include <string.h>
#include "zila/sign.h"
#include "zila/util.h"
#include "zilad.h"

/* The public key of key_id if it was user_id's. */
static bool
key_of(struct zila_db *db, const char *key_id, const char *user_id, char *pk)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT sign_pk FROM user_key WHERE key_id = ?1 AND user_id = ?2", NULL);
	if (!st || !key_id)
		return false;
	sqlite3_bind_text(st, 1, key_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user_id, -1, SQLITE_STATIC);
	bool ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok)
		snprintf(pk, ZILA_SIGN_PK_HEX + 1, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return ok;
}

/* Whether a ledger row's canonical form is of this very row: its desk,
 * number, mutation and user (a form copied from another row is not). */
static bool
form_of_row(json_t *c, const char *desk, long long seq, const char *mutation, const char *actor)
{
	const char *d = json_string_value(json_object_get(c, "desk_id")), *m = json_string_value(json_object_get(c, "mutation_id"));
	const char *a = json_string_value(json_object_get(c, "actor_id"));
	json_t *s = json_object_get(c, "client_seq");
	return d && m && a && json_is_integer(s) && json_integer_value(s) == seq && strcmp(d, desk) == 0 &&
		strcmp(m, mutation) == 0 && strcmp(a, actor) == 0;
}

/* One user's proof on a desk so far (from its last entry back): whether
 * the user's entry after is proved, the signed entry that proves it, and
 * the hash it links to. */
struct user_proof {
	char actor[40], want_prev[65];
	long long cover;
	bool ok;
};

static struct user_proof *
user_proof(struct user_proof **u, size_t *n, size_t *cap, const char *actor)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*u)[i].actor, actor) == 0)
			return &(*u)[i];
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*u = zila_xrealloc(*u, *cap * sizeof **u);
	}
	struct user_proof *p = &(*u)[(*n)++];
	memset(p, 0, sizeof *p);
	snprintf(p->actor, sizeof p->actor, "%s", actor);
	return p;
}

enum zila_status
zilad_audit_verify(struct zila_db *db, struct zilad_verify *v, FILE *json_out, struct zila_err *err)
{
	memset(v, 0, sizeof *v);
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT desk_id, client_seq, mutation_id, actor_id, state, signed, sig, key_id,"
		" signed_by FROM push_ledger ORDER BY desk_id, client_seq DESC", err);
	if (!st)
		return ZILA_EDB;
	char desk[40] = "";
	struct user_proof *users = NULL;
	size_t nusers = 0, cap = 0;
	json_t *out = json_out ? json_array() : NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 0), *actor = (const char *)sqlite3_column_text(st, 3);
		const char *mutation = (const char *)sqlite3_column_text(st, 2);
		const char *canonical = (const char *)sqlite3_column_text(st, 5), *sig = (const char *)sqlite3_column_text(st, 6);
		const char *key_id = (const char *)sqlite3_column_text(st, 7);
		long long seq = sqlite3_column_int64(st, 1), signed_by = sqlite3_column_int64(st, 8);
		bool applied = strcmp((const char *)sqlite3_column_text(st, 4), "applied") == 0;
		if (strcmp(d, desk) != 0) {
			snprintf(desk, sizeof desk, "%s", d);
			nusers = 0;
		}
		struct user_proof *u = user_proof(&users, &nusers, &cap, actor);
		char hash[65] = "", pk[ZILA_SIGN_PK_HEX + 1];
		json_t *c = canonical ? json_loads(canonical, 0, NULL) : NULL;
		if (canonical)
			zila_sign_hash(canonical, hash);
		bool ok = c && form_of_row(c, d, seq, mutation, actor);
		if (sig) {
			ok = ok && key_of(db, key_id, actor, pk) && zila_sign_verify(pk, canonical, sig);
			u->cover = seq;
		} else
			/* the same user's next entry links here, and is proved */
			ok = ok && u->ok && strcmp(u->want_prev, hash) == 0;
		ok = ok && (!applied || signed_by == u->cover);
		u->ok = ok;
		snprintf(u->want_prev, sizeof u->want_prev, "%s", c && json_is_string(json_object_get(c, "prev")) ?
			json_string_value(json_object_get(c, "prev")) : "-");
		json_decref(c);
		if (!applied)
			continue;
		if (ok)
			v->verified++;
		else
			v->failed++;
		if (out)
			json_array_append_new(out, json_pack("{s:s, s:I, s:s, s:s, s:b}", "desk_id", d, "client_seq",
				(json_int_t)seq, "mutation_id", mutation, "actor_id", actor, "verified", ok));
		else if (!ok)
			fprintf(stderr, "zilad: desk %s entry %lld (%s): its signature does not verify\n", d, seq, mutation);
	}
	sqlite3_reset(st);
	free(users);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		return zila_db_error(db, "push ledger", err);
	}
	/* what the server ran and signed itself (the online channel); the audit
	 * log's mutations read once (IN), not scanned again for each signed
	 * row: audit_log is a view that decodes each row (db/025) */
	if (!(st = zila_db_stmt(db, "SELECT s.mutation_id, s.actor_id, s.key_id, s.signed, s.sig,"
			" coalesce((SELECT login FROM app_user u WHERE u.id = s.actor_id), '') = ?1 FROM server_signed s"
			" WHERE s.mutation_id IN (SELECT mutation_id FROM audit_log)", err))) {
		json_decref(out);
		return ZILA_EDB;
	}
	sqlite3_bind_text(st, 1, ZILAD_ONLINE_LOGIN, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *mid = (const char *)sqlite3_column_text(st, 0), *actor = (const char *)sqlite3_column_text(st, 1);
		bool online = sqlite3_column_int(st, 5);
		const char *canonical = (const char *)sqlite3_column_text(st, 3), *sig = (const char *)sqlite3_column_text(st, 4);
		char pk[ZILA_SIGN_PK_HEX + 1];
		json_t *c = json_loads(canonical, 0, NULL);
		bool ok = c && key_of(db, (const char *)sqlite3_column_text(st, 2), actor, pk) &&
			zila_sign_verify(pk, canonical, sig) &&
			json_is_string(json_object_get(c, "actor_id")) && json_is_string(json_object_get(c, "mutation_id")) &&
			strcmp(json_string_value(json_object_get(c, "actor_id")), actor) == 0 &&
			strcmp(json_string_value(json_object_get(c, "mutation_id")), mid) == 0;
		json_decref(c);
		if (online)
			ok ? v->online_verified++ : v->online_failed++;
		else
			ok ? v->own_verified++ : v->own_failed++;
		if (out)
			json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b}", "desk_id", "server", "mutation_id", mid,
				"actor_id", actor, "verified", ok));
		else if (!ok)
			fprintf(stderr, "zilad: the server's own action %s: its signature does not verify\n", mid);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(out);
		return zila_db_error(db, "server signatures", err);
	}
	if ((st = zila_db_stmt(db, "SELECT count(*) FROM audit_log a WHERE NOT EXISTS"
			" (SELECT 1 FROM push_ledger p WHERE p.mutation_id = a.mutation_id) AND NOT EXISTS"
			" (SELECT 1 FROM server_signed s WHERE s.mutation_id = a.mutation_id)", err))) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v->local = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	if (out) {
		json_dumpf(out, json_out, JSON_INDENT(1));
		fputc('\n', json_out);
		json_decref(out);
	}
	return ZILA_OK;
}
