/* bench_work.c: real work for bench/sync: COUNT grievance actions on a
 * Collectorate desk in the mix a counter sees, each signed and queued as
 * the screens would (zila_action_run with the users logged in): the clerk
 * registers a grievance and assigns it to the department's officer, adds a
 * note to two in five, and the Collector disposes of it; about 3.4 actions
 * a grievance, with the actor changing within each grievance's life as it
 * does in an office, so a push carries many runs of one user's actions.
 * usage: bench_work [--unsigned] DB COUNT CATEGORY OFFICER ($ZILA_PASSWORD:
 * both users'). --unsigned logs them in as usual, then queues the same
 * work without their keys (as a trusted tool does), so bench/sync reads
 * what signing costs a desk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "zila/master.h"
#include "zila/util.h"

/* Runs one action; id (40 bytes, may be NULL) gets the id it made. */
static bool
run(struct zila_db *db, const struct zila_actor *who, const char *name, json_t *args, char *id)
{
	struct zila_err err = { 0 };
	json_t *res = NULL;
	enum zila_status s = zila_action_run(db, who, name, args, NULL, id ? &res : NULL, &err);
	json_decref(args);
	if (s != ZILA_OK) {
		fprintf(stderr, "bench_work: %s by %s: %s\n", name, who->login, err.msg);
		return false;
	}
	if (id)
		snprintf(id, 40, "%s", json_string_value(json_object_get(res, "id")));
	json_decref(res);
	return true;
}

int
main(int argc, char **argv)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zila_actor clerk, collector;
	const char *pw = getenv("ZILA_PASSWORD");
	bool unsigned_ = argc > 1 && strcmp(argv[1], "--unsigned") == 0;
	if (unsigned_) {
		argv++;
		argc--;
	}
	if (argc != 5 || !pw) {
		fputs("usage: bench_work [--unsigned] DB COUNT CATEGORY OFFICER (with $ZILA_PASSWORD)\n", stderr);
		return 2;
	}
	long count = atol(argv[2]), done = 0, n = 0;
	/* set up as the zila command sets up a desk (cli/main.c) */
	zila_db_no_memory_stats();
	zila_db_journal_in_memory();
	zila_db_keep_heap();
	if (sodium_init() < 0 || zila_db_open(argv[1], 0, &db, &err) != ZILA_OK ||
	    zila_login(db, "clerk", pw, &clerk, &err) != ZILA_OK || zila_login(db, "collector", pw, &collector, &err) != ZILA_OK) {
		fprintf(stderr, "bench_work: %s\n", err.msg);
		return 1;
	}
	if (unsigned_) {
		/* logged in all the same (the password check costs the same),
		 * then without the keys */
		clerk.can_sign = collector.can_sign = false;
		sodium_memzero(clerk.sign_sk, sizeof clerk.sign_sk);
		sodium_memzero(collector.sign_sk, sizeof collector.sign_sk);
	}
	bool ok = true;
	while (ok && done < count) {
		if (zila_db_begin(db, &err) != ZILA_OK)
			break;
		for (int k = 0; ok && k < 250 && done < count; k++, n++) {
			char id[40], desc[160];
			snprintf(desc, sizeof desc, "The hand pump in ward %ld has given no water for %ld days.", n % 40 + 1,
				n % 9 + 2);
			ok = run(db, &clerk, "grievance.register", json_pack("{s:s, s:s, s:s, s:s, s:s}", "citizen_name",
				n % 2 ? "Ramesh Kumar" : "सुनीता वर्मा", "description", desc, "category", argv[3], "channel", "counter",
				"mobile", "9876543210"), id);
			done++;
			if (ok && done < count) {
				ok = run(db, &clerk, "grievance.assign", json_pack("{s:s, s:s}", "grievance", id, "officer", argv[4]), NULL);
				done++;
			}
			if (ok && done < count && n % 5 < 2) {
				ok = run(db, &clerk, "grievance.note", json_pack("{s:s, s:s}", "grievance", id, "note",
					"The citizen called again; the officer is told."), NULL);
				done++;
			}
			if (ok && done < count) {
				ok = run(db, &collector, "grievance.dispose", json_pack("{s:s, s:s}", "grievance", id, "reply",
					"A new pump was fitted and the citizen confirmed the water is back."), NULL);
				done++;
			}
		}
		if (zila_db_end(db, ok, &err) != ZILA_OK)
			ok = false;
	}
	zila_db_close(&db);
	if (!ok || done < count) {
		fprintf(stderr, "bench_work: %s\n", err.msg[0] ? err.msg : "stopped");
		return 1;
	}
	printf("%ld actions on %ld grievances\n", done, n);
	return 0;
}
