/* act.c: a test and benchmark helper: runs one action (or COUNT of them,
 * "%d" in the JSON replaced by the index, in one transaction) on a desk
 * database as a user, as the screens would, so shell tests can make any
 * action before the module's own command exists.
 * usage: act DB LOGIN ACTION JSON [COUNT [FIRST]]
 *        act --sign DB LOGIN < BODY
 *        act --protocol2 DB LOGIN... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "zila/master.h"
#include "zila/sign.h"
#include "zila/util.h"

/* The JSON with every %d replaced by n. */
static char *
expand(const char *tmpl, long n)
{
	size_t cap = strlen(tmpl) * 2 + 64, len = 0;
	char *out = malloc(cap);
	for (const char *p = tmpl; *p; p++) {
		if (len + 32 >= cap)
			out = realloc(out, cap *= 2);
		if (p[0] == '%' && p[1] == 'd') {
			len += (size_t)snprintf(out + len, cap - len, "%ld", n);
			p++;
		} else
			out[len++] = *p;
	}
	out[len] = '\0';
	return out;
}

/* act --sign DB LOGIN: reads a push body on standard input and signs
 * each entry as LOGIN (who logs in with $ZILA_PASSWORD) would on this
 * desk, each on its own (prev "" unless the entry has one); for tests that
 * build a push by hand. A prev "@N" becomes the hash of the body's entry N
 * (from 0), so a test can chain entries; an entry with "sig": false is
 * left without a signature. */
static int
sign_body(struct zila_db *db, const struct zila_actor *actor)
{
	char desk_id[40] = "";
	zila_meta_get(db, "desk_id", desk_id, sizeof desk_id, NULL);
	json_t *body = json_loadf(stdin, 0, NULL), *e;
	size_t i;
	if (!json_is_array(json_object_get(body, "entries")) || !actor->can_sign) {
		fputs("act: --sign needs a push body on stdin and $ZILA_PASSWORD\n", stderr);
		return 1;
	}
	size_t n = json_array_size(json_object_get(body, "entries"));
	char (*hashes)[65] = calloc(n ? n : 1, sizeof *hashes);
	json_array_foreach(json_object_get(body, "entries"), i, e) {
		const char *at = json_string_value(json_object_get(e, "prev"));
		if (!at)
			json_object_set_new(e, "prev", json_string(""));
		else if (at[0] == '@' && (size_t)atol(at + 1) < i)
			json_object_set_new(e, "prev", json_string(hashes[atol(at + 1)]));
		struct zila_signed sg = {
			.mutation_id = json_string_value(json_object_get(e, "mutation_id")),
			.action = json_string_value(json_object_get(e, "action")),
			.actor_id = json_string_value(json_object_get(e, "actor_id")), .desk_id = desk_id,
			.client_time = json_string_value(json_object_get(e, "client_time")),
			.prev = json_string_value(json_object_get(e, "prev")), .args = json_object_get(e, "args"),
			.client_seq = json_integer_value(json_object_get(e, "client_seq")),
			.base_version = json_integer_value(json_object_get(e, "base_version")),
		};
		char *canonical = zila_sign_canonical(&sg), sig[ZILA_SIGN_SIG_HEX + 1];
		if (!canonical) {
			free(hashes);
			return 1;
		}
		zila_sign_hash(canonical, hashes[i]);
		zila_sign(actor->sign_sk, canonical, sig);
		free(canonical);
		if (json_is_false(json_object_get(e, "sig")))
			json_object_del(e, "sig");
		else
			json_object_set_new(e, "sig", json_string(sig));
	}
	free(hashes);
	json_dumpf(body, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(body);
	return 0;
}

/* act --protocol2 DB LOGIN...: makes the desk's pending outbox entries as
 * a desk of sync protocol 2 queued them: each chained to the desk's entry
 * before it, whoever's (not to its own user's), and signed again by its
 * user (every LOGIN logs in with $ZILA_PASSWORD); then takes the file back
 * to schema 26, before migration 027 (and undoes the later ones), so that
 * the next zila to open it upgrades it as it would a desk of that time.
 * For the upgrade's test. */
static int
protocol2(struct zila_db *db, char **logins, int n)
{
	struct zila_actor *users = calloc((size_t)n, sizeof *users);
	struct zila_err err = { 0 };
	char desk_id[40] = "", prev[65] = "";
	const char *pw = getenv("ZILA_PASSWORD");
	zila_meta_get(db, "desk_id", desk_id, sizeof desk_id, NULL);
	for (int i = 0; i < n; i++)
		if (!pw || zila_login(db, logins[i], pw, &users[i], &err) != ZILA_OK) {
			fprintf(stderr, "act: %s\n", pw ? err.msg : "--protocol2 needs $ZILA_PASSWORD");
			free(users);
			return 1;
		}
	sqlite3 *h = zila_db_handle(db);
	sqlite3_stmt *st, *up;
	sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(h, "SELECT client_seq, mutation_id, action, args, actor_id, base_version, client_time, hash"
		" FROM outbox ORDER BY client_seq", -1, &st, NULL);
	sqlite3_prepare_v2(h, "UPDATE outbox SET prev = ?2, hash = ?3, sig = ?4 WHERE client_seq = ?1", -1, &up, NULL);
	int rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *actor_id = (const char *)sqlite3_column_text(st, 4);
		const struct zila_actor *a = NULL;
		for (int i = 0; i < n; i++)
			if (strcmp(users[i].user_id, actor_id) == 0)
				a = &users[i];
		if (!a) {  /* another user's entry stays as it is, but the chain goes through it */
			snprintf(prev, sizeof prev, "%s", sqlite3_column_text(st, 7) ? (const char *)sqlite3_column_text(st, 7) : "");
			continue;
		}
		json_t *args = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
		struct zila_signed sg = {
			.mutation_id = (const char *)sqlite3_column_text(st, 1), .action = (const char *)sqlite3_column_text(st, 2),
			.actor_id = actor_id, .desk_id = desk_id, .client_time = (const char *)sqlite3_column_text(st, 6),
			.prev = prev, .args = args, .client_seq = seq, .base_version = sqlite3_column_int64(st, 5),
		};
		char *canonical = zila_sign_canonical(&sg), hash[65], sig[ZILA_SIGN_SIG_HEX + 1];
		json_decref(args);
		if (!canonical) {
			rc = 1;
			break;
		}
		zila_sign_hash(canonical, hash);
		zila_sign(a->sign_sk, canonical, sig);
		free(canonical);
		sqlite3_bind_int64(up, 1, seq);
		sqlite3_bind_text(up, 2, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 3, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 4, sig, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(up) != SQLITE_DONE)
			rc = 1;
		sqlite3_reset(up);
		snprintf(prev, sizeof prev, "%s", hash);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	if (rc == 0 && sqlite3_exec(h, "DROP INDEX outbox_actor; DELETE FROM meta WHERE key = 'sync_desk_chained_to';"
			" ALTER TABLE desk_token DROP COLUMN enrolment; PRAGMA user_version = 26", NULL, NULL, NULL) != SQLITE_OK)
		rc = 1;
	sqlite3_exec(h, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	if (rc)
		fprintf(stderr, "act: %s\n", sqlite3_errmsg(h));
	free(users);
	return rc;
}

int
main(int argc, char **argv)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zila_actor actor;
	bool sign = argc == 4 && strcmp(argv[1], "--sign") == 0;
	if (argc >= 4 && strcmp(argv[1], "--protocol2") == 0) {
		if (sodium_init() < 0 || zila_db_open(argv[2], 0, &db, &err) != ZILA_OK) {
			fprintf(stderr, "act: %s\n", err.msg);
			return 1;
		}
		int prc = protocol2(db, argv + 3, argc - 3);
		zila_db_close(&db);
		return prc;
	}
	if (sign) {
		argv++;
		argc--;
	} else if (argc < 5) {
		fputs("usage: act DB LOGIN ACTION JSON [COUNT [FIRST]]\n       act --sign DB LOGIN < BODY\n"
			"       act --protocol2 DB LOGIN...\n", stderr);
		return 2;
	}
	long count = argc > 5 ? atol(argv[5]) : 1, first = argc > 6 ? atol(argv[6]) : 1;
	/* with $ZILA_PASSWORD the user logs in (their key opens and the
	 * actions are signed, as a person's are); without, they are not */
	const char *pw = getenv("ZILA_PASSWORD");
	if (sodium_init() < 0 || zila_db_open(argv[1], 0, &db, &err) != ZILA_OK ||
	    (pw ? zila_login(db, argv[2], pw, &actor, &err) : zila_actor_load(db, argv[2], &actor, &err)) != ZILA_OK) {
		fprintf(stderr, "act: %s\n", err.msg);
		return 1;
	}
	if (sign) {
		int src = sign_body(db, &actor);
		zila_db_close(&db);
		return src;
	}
	int rc = 0;
	if (count > 1 && zila_db_begin(db, &err) != ZILA_OK)
		rc = 1;
	for (long i = first; rc == 0 && i < first + count; i++) {
		char *text = expand(argv[4], i);
		json_error_t jerr;
		json_t *args = json_loads(text, 0, &jerr), *result = NULL;
		free(text);
		if (!args) {
			fprintf(stderr, "act: bad JSON: %s\n", jerr.text);
			rc = 2;
			break;
		}
		if (zila_action_run(db, &actor, argv[3], args, NULL, &result, &err) != ZILA_OK) {
			fprintf(stderr, "act: %s\n", err.msg);
			rc = 1;
		} else if (count == 1) {
			json_dumpf(result, stdout, JSON_COMPACT | JSON_SORT_KEYS);
			putchar('\n');
		}
		json_decref(args);
		json_decref(result);
	}
	if (count > 1 && zila_db_end(db, rc == 0, &err) != ZILA_OK && rc == 0) {
		fprintf(stderr, "act: %s\n", err.msg);
		rc = 1;
	}
	zila_db_close(&db);
	return rc;
}
