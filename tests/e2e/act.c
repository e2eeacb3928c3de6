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

int
main(int argc, char **argv)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zila_actor actor;
	if (argc < 5) {
		fputs("usage: act DB LOGIN ACTION JSON [COUNT [FIRST]]\n", stderr);
		return 2;
	}
	long count = argc > 5 ? atol(argv[5]) : 1, first = argc > 6 ? atol(argv[6]) : 1;
	if (sodium_init() < 0 || zila_db_open(argv[1], 0, &db, &err) != ZILA_OK ||
	    zila_actor_load(db, argv[2], &actor, &err) != ZILA_OK) {
		fprintf(stderr, "act: %s\n", err.msg);
		return 1;
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
