/* crash_writer.c: writes until it is killed, for tests/cli/test_crash.sh.
 * Each action is its own transaction, as at a desk: grievances registered
 * and disposed, letters diarised and replied, all with audit and outbox
 * rows. The test kills it with SIGKILL at random moments and checks that
 * every action is either whole or absent. */
#include <stdio.h>
#include <stdlib.h>
#include <sodium.h>
#include "zila/action.h"
#include "zila/db.h"
#include "zila/master.h"

/* Runs one action; on success id (40 bytes) gets the id it made. */
static int
run(struct zila_db *db, const struct zila_actor *who, const char *name, json_t *args, char *id)
{
	struct zila_err err = { 0 };
	json_t *res = NULL;
	enum zila_status st = zila_action_run(db, who, name, args, NULL, &res, &err);
	json_decref(args);
	if (st != ZILA_OK) {
		fprintf(stderr, "crash_writer: %s: %s\n", name, err.msg);
		return 1;
	}
	if (id)
		snprintf(id, 40, "%s", json_string_value(json_object_get(res, "id")));
	json_decref(res);
	return 0;
}

int
main(int argc, char **argv)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	struct zila_actor clerk, officer;
	char gid[40], lid[40];
	if (argc != 2) {
		fputs("usage: crash_writer DB\n", stderr);
		return 2;
	}
	if (sodium_init() < 0 || zila_db_open(argv[1], 0, &db, &err) != ZILA_OK ||
	    zila_actor_load(db, "clerk", &clerk, &err) != ZILA_OK || zila_actor_load(db, "rev.officer", &officer, &err) != ZILA_OK) {
		fprintf(stderr, "crash_writer: %s\n", err.msg);
		return 1;
	}
	for (long i = 0;; i++) {
		if (run(db, &clerk, "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "रमेश साहू",
				"description", "भूमि के बी-1 में नाम गलत दर्ज है", "category", "LAND"), gid) ||
		    run(db, &clerk, "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:i}]}", "sender", "Commissioner, Durg",
				"subject", "Pending mutation cases", "marks", "department", "REV", "days", 7), lid) ||
		    (i % 2 && run(db, &officer, "grievance.dispose", json_pack("{s:s, s:s}", "grievance", gid,
				"reply", "Record corrected"), NULL)) ||
		    (i % 3 && run(db, &officer, "letter.reply", json_pack("{s:s, s:s}", "letter", lid, "reply", "Report sent"),
				NULL)))
			return 1;
	}
}
