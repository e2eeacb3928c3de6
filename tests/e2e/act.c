/* act.c: a test and benchmark helper: runs one action (or COUNT of them,
 * "%d" in the JSON replaced by the index, in one transaction) on a desk
 * database as a user, as the screens would, so shell tests can make any
 * action before the module's own command exists.
 * usage: act DB LOGIN ACTION JSON [COUNT [FIRST]] */
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
 * build a push by hand. */
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
	json_array_foreach(json_object_get(body, "entries"), i, e) {
		if (!json_object_get(e, "prev"))
			json_object_set_new(e, "prev", json_string(""));
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
		if (!canonical)
			return 1;
		zila_sign(actor->sign_sk, canonical, sig);
		free(canonical);
		json_object_set_new(e, "sig", json_string(sig));
	}
	json_dumpf(body, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(body);
	return 0;
}

int
main(int argc, char **argv)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zila_actor actor;
	bool sign = argc == 4 && strcmp(argv[1], "--sign") == 0;
	if (sign) {
		argv++;
		argc--;
	} else if (argc < 5) {
		fputs("usage: act DB LOGIN ACTION JSON [COUNT [FIRST]]\n       act --sign DB LOGIN < BODY\n", stderr);
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
