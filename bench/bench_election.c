/* bench_election.c: election staff randomisation at a district's size:
 * 20,000 officials from 400 offices, 2,500 polling stations in 20
 * constituencies (every 5th women-managed), a 10% reserve. Makes the
 * masters through the actions (one transaction, not timed), then times
 * the three randomisations (each one action: read, draw, check the
 * rules, store, audit, commit), a check of every rule in SQL over what
 * was stored, and verify of the three runs (each re-run on the inputs it
 * kept, whose size is printed). Target: the three runs under
 * 2 s together. Exits non-zero when it is missed or a rule is broken.
 *
 *   bench_election DB [OFFICIALS STATIONS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "zila/election.h"
#include "zila/master.h"
#include "zila/sign.h"

static double
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static struct zila_err err;

static void
must(enum zila_status st, const char *what)
{
	if (st != ZILA_OK) {
		fprintf(stderr, "bench_election: %s: %s\n", what, err.msg);
		exit(1);
	}
}

static void
act(struct zila_db *db, const struct zila_actor *a, const char *name, json_t *args)
{
	must(zila_action_run(db, a, name, args, NULL, NULL, &err), name);
	json_decref(args);
}

static long long
count(struct zila_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(zila_db_handle(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int
main(int argc, char **argv)
{
	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: bench_election DB [OFFICIALS STATIONS]\n");
		return 2;
	}
	int officials = argc == 4 ? atoi(argv[2]) : 20000, stations = argc == 4 ? atoi(argv[3]) : 2500;
	const int nac = 20, offices = 400;
	struct zila_db *db;
	struct zila_actor admin = { .role = ZILA_ROLE_ADMIN };
	unlink(argv[1]);
	must(zila_db_open(argv[1], ZILA_DB_CREATE, &db, &err), "open");
	must(zila_init(db, "DRG", "Durg", "दुर्ग", "07", &err), "init");
	unsigned char key[32];
	struct zila_user_key k;
	static const char salt[] = "62656e63682d656c656374696f6e2121";
	must(zila_key_derive("bench-pass", salt, key, &err), "key");
	zila_key_new_derived(key, salt, &k, NULL);
	json_t *args = json_pack("{s:s, s:s, s:s}", "login", "admin", "name", "Admin", "role", "admin");
	zila_key_set_args(args, &k);
	act(db, &admin, "user.add", args);
	must(zila_actor_load(db, "admin", &admin, &err), "actor");

	double t0 = now_ms();
	char code[32], ac[16], home[16], post[16], office[16];
	must(zila_db_begin(db, &err), "begin");
	for (int a = 1; a <= nac; a++) {
		snprintf(code, sizeof code, "AC%02d", a);
		act(db, &admin, "election.constituency", json_pack("{s:s, s:s}", "code", code, "name_en", "Constituency"));
	}
	for (int s = 0; s < stations; s++) {
		snprintf(code, sizeof code, "PS%05d", s + 1);
		snprintf(ac, sizeof ac, "AC%02d", s % nac + 1);
		act(db, &admin, "election.station", json_pack("{s:s, s:s, s:s, s:b}", "code", code, "constituency", ac,
			"name_en", "Government school", "women", s / nac % 5 == 4));
	}
	for (int o = 1; o <= offices; o++) {
		snprintf(code, sizeof code, "OF%03d", o);
		act(db, &admin, "election.office", json_pack("{s:s, s:s, s:s}", "code", code, "name_en", "Office",
			"kind", o % 10 == 0 ? "bank" : o % 17 == 0 ? "psu" : "government"));
	}
	for (int i = 1; i <= officials; i++) {
		snprintf(code, sizeof code, "E%06d", i);
		snprintf(office, sizeof office, "OF%03d", i * 7 % offices + 1);
		snprintf(home, sizeof home, "AC%02d", i / 3 % nac + 1);
		snprintf(post, sizeof post, "AC%02d", i / 11 % nac + 1);
		act(db, &admin, "election.official", json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "employee_id", code,
			"name", code, "gender", i % 3 == 0 ? "F" : "M", "office", office, "designation", "Assistant teacher",
			"pay_level", i / 3 % 9 + 2, "home_ac", home, "posting_ac", post));
	}
	act(db, &admin, "election.rules", json_pack("{s:s, s:s}", "code", "GE", "name_en", "General election"));
	must(zila_db_end(db, true, &err), "commit");
	printf("setup: %d officials, %d offices, %d stations in %d constituencies, made by actions in %.0f ms (not timed)\n",
		officials, offices, stations, nac, now_ms() - t0);

	double total = 0;
	for (int stage = 1; stage <= 3; stage++) {
		json_t *res = NULL;
		args = json_pack("{s:s, s:i, s:s}", "election", "GE", "stage", stage, "seed", "5eed5eed5eed5eed");
		double t = now_ms();
		must(zila_action_run(db, &admin, "election.randomise", args, NULL, &res, &err), "randomise");
		t = now_ms() - t;
		total += t;
		printf("stage_%d: %.0f ms, %lld places filled\n", stage, t, json_integer_value(json_object_get(res, "filled")));
		json_decref(res);
		json_decref(args);
	}
	printf("randomise_total: %.0f ms for the three runs, read, drawn, checked, stored (target < 2000 ms)\n", total);

	double t = now_ms();
	static const char *const rules[][2] = {
		{ "every station has one party", "SELECT count(*) FROM el_station s WHERE (SELECT count(*) FROM el_party p WHERE p.station_id = s.id) <> 1" },
		{ "every party complete", "SELECT count(*) FROM el_party p WHERE (SELECT count(*) FROM el_posting m WHERE m.party_id = p.id) <> 4" },
		{ "presiding officers' pay level", "SELECT count(*) FROM el_posting m JOIN el_official o ON o.id = m.official_id WHERE m.seat = 0 AND o.pay_level < 6" },
		{ "no two of one office", "SELECT count(*) FROM (SELECT 1 FROM el_posting m JOIN el_official o ON o.id = m.official_id"
			" WHERE m.party_id IS NOT NULL GROUP BY m.party_id, o.office_id HAVING count(*) > 1)" },
		{ "not home, not posting", "SELECT count(*) FROM el_posting m JOIN el_official o ON o.id = m.official_id"
			" WHERE m.constituency_id IN (o.home_ac_id, o.posting_ac_id)" },
		{ "women-only parties", "SELECT count(*) FROM el_posting m JOIN el_party p ON p.id = m.party_id"
			" JOIN el_official o ON o.id = m.official_id WHERE p.women AND o.gender <> 'F'" },
		{ "women parties at women-managed stations", "SELECT count(*) FROM el_party p JOIN el_station s ON s.id = p.station_id WHERE s.women <> p.women" },
	};
	int broken = 0;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		long long n = count(db, rules[i][1]);
		if (n != 0) {
			printf("RULE BROKEN: %s: %lld\n", rules[i][0], n);
			broken++;
		}
	}
	printf("rules_check: %.0f ms, %d of %zu rules broken (SQL over the stored rows)\n", now_ms() - t, broken,
		sizeof rules / sizeof rules[0]);
	printf("stored: %lld postings, %lld parties (%lld in reserve)\n", count(db, "SELECT count(*) FROM el_posting"),
		count(db, "SELECT count(*) FROM el_party"), count(db, "SELECT count(*) FROM el_party WHERE station_id IS NULL"));
	t = now_ms();
	int same = 0;
	for (int seq = 1; seq <= 3; seq++) {
		json_t *rep;
		must(zila_election_verify(db, "GE", seq, &rep, &err), "verify");
		same += json_is_true(json_object_get(rep, "same"));
		json_decref(rep);
	}
	printf("verify: %.0f ms for the three runs, %d of 3 the same\n", now_ms() - t, same);
	printf("kept_inputs: %lld KB of text kept as %lld KB with the three runs (el_run_input)\n",
		count(db, "SELECT sum(bytes) / 1024 FROM el_run_input"), count(db, "SELECT sum(length(data)) / 1024 FROM el_run_input"));
	zila_db_close(&db);
	return total < 2000 && broken == 0 && same == 3 ? 0 : 1;
}
