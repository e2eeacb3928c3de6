/* test_election.c: election staff randomisation: the generator, the
 * masters and who may keep them, the CSV import (all or nothing), every
 * rule on a full run, reproducibility (same seed, same result; another
 * seed, another), each rule's refusal naming its shortfall and writing
 * nothing, keeping what was ordered after an exemption, and verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zila/election.h"

struct el {
	struct fixture f;
	struct zila_actor cell;
};

static enum zila_status
act(struct el *e, const struct zila_actor *who, const char *action, json_t *args, json_t **res, struct zila_err *err)
{
	enum zila_status st = run_action(&e->f, who, action, args, res, err);
	json_decref(args);
	return st;
}

static void
act_ok(struct el *e, const char *action, json_t *args)
{
	struct zila_err err = { 0 };
	enum zila_status st = act(e, &e->cell, action, args, NULL, &err);
	ck_assert_msg(st == ZILA_OK, "%s: %s", action, err.msg);
}

/* The shape of the data: nac constituencies of nst stations (every 5th
 * women-managed), per constituency per_ac officials from `offices`
 * offices, one in women_every a woman, pay levels 2 to 10 in turn among
 * the women (5 in 9 may preside at the usual level 6), homes and postings
 * spread over the constituencies. */
struct shape {
	int nac, nst, per_ac, women_every, offices;
};

static void
setup(struct el *e, const struct shape *sh)
{
	char code[32], name[64], ac[16], home[16], post[16];
	fixture_open(&e->f);
	e->cell = e->f.admin;
	act_ok(e, "master.department", json_pack("{s:s, s:s}", "code", ZILA_ELECTION_CELL, "name_en", "Election cell"));
	fixture_add_user(&e->f, &e->cell, "elec", "officer", ZILA_ELECTION_CELL);
	for (int a = 1; a <= sh->nac; a++) {
		snprintf(code, sizeof code, "AC%02d", a);
		snprintf(name, sizeof name, "Constituency %d", a);
		act_ok(e, "election.constituency", json_pack("{s:s, s:s, s:s}", "code", code, "name_en", name, "name_hi", "विधानसभा"));
		for (int s = 1; s <= sh->nst; s++) {
			snprintf(name, sizeof name, "PS%02d%03d", a, s);
			act_ok(e, "election.station", json_pack("{s:s, s:s, s:s, s:b}", "code", name, "constituency", code,
				"name_en", "School", "women", s % 5 == 0));
		}
	}
	for (int o = 1; o <= sh->offices; o++) {
		snprintf(code, sizeof code, "OF%02d", o);
		act_ok(e, "election.office", json_pack("{s:s, s:s, s:s}", "code", code, "name_en", "Office",
			"kind", o % 7 == 0 ? "bank" : "government"));
	}
	int n = sh->nac * sh->per_ac;
	for (int i = 1; i <= n; i++) {
		snprintf(code, sizeof code, "E%05d", i);
		snprintf(name, sizeof name, "OF%02d", i % sh->offices + 1);
		snprintf(home, sizeof home, "AC%02d", i / 3 % sh->nac + 1);
		snprintf(post, sizeof post, "AC%02d", i / 7 % sh->nac + 1);
		snprintf(ac, sizeof ac, "%s", i % sh->women_every == 0 ? "F" : "M");
		act_ok(e, "election.official", json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:s}", "employee_id", code, "name", code,
			"gender", ac, "office", name, "pay_level", i / sh->women_every % 9 + 2, "home_ac", home, "posting_ac", post));
	}
	act_ok(e, "election.rules", json_pack("{s:s, s:s}", "code", "GE", "name_en", "General election"));
}

static const struct shape usual = { 3, 10, 70, 3, 20 };

static enum zila_status
randomise(struct el *e, int stage, const char *seed, json_t **res, struct zila_err *err)
{
	json_t *args = json_pack("{s:s, s:i}", "election", "GE", "stage", stage);
	if (seed)
		json_object_set_new(args, "seed", json_string(seed));
	return act(e, &e->cell, "election.randomise", args, res, err);
}

static void
randomise_ok(struct el *e, int stage, const char *seed)
{
	struct zila_err err = { 0 };
	enum zila_status st = randomise(e, stage, seed, NULL, &err);
	ck_assert_msg(st == ZILA_OK, "stage %d: %s", stage, err.msg);
}

/* Who went where, by what people see (ids differ between databases). */
static char *
assignment(struct el *e)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(e->f.db),
		"SELECT group_concat(x, ';') FROM (SELECT o.employee_id || '>' || c.code || '/' || m.slot || '/'"
		" || coalesce(p.number, '-') || '/' || coalesce(m.seat, '-') || '/' || coalesce(s.code, '-') AS x"
		" FROM el_posting m JOIN el_official o ON o.id = m.official_id JOIN el_constituency c ON c.id = m.constituency_id"
		" LEFT JOIN el_party p ON p.id = m.party_id LEFT JOIN el_station s ON s.id = p.station_id ORDER BY o.employee_id)",
		-1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	char *s = strdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	return s;
}

START_TEST(test_rng)
{
	struct zila_rng a, b, c;
	zila_rng_seed(&a, 42);
	zila_rng_seed(&b, 42);
	zila_rng_seed(&c, 43);
	int differ = 0;
	for (int i = 0; i < 1000; i++) {
		uint64_t x = zila_rng_next(&a);
		ck_assert_uint_eq(x, zila_rng_next(&b));
		differ += x != zila_rng_next(&c);
		ck_assert_uint_lt(zila_rng_below(&a, 7), 7);
		(void)zila_rng_below(&b, 7);
	}
	ck_assert_int_gt(differ, 990);
	/* xoshiro256** seeded by splitmix64 from 0: the published first draw */
	zila_rng_seed(&a, 0);
	ck_assert_uint_eq(zila_rng_next(&a), 0x99ec5f36cb75f2b4ULL);
}
END_TEST

START_TEST(test_masters_roles)
{
	struct el e;
	struct zila_err err = { 0 };
	setup(&e, &(struct shape){ 1, 2, 10, 2, 4 });
	/* another department's officer may not; the Collector may */
	char *before = db_digest(&e.f);
	ck_assert_int_eq(act(&e, &e.f.rev_officer, "election.constituency", json_pack("{s:s, s:s}", "code", "AC09", "name_en", "X"),
		NULL, &err), ZILA_EDENIED);
	ck_assert_str_eq(err.msg, "only the election cell, the Collector or the admin may change election data");
	ck_assert_int_eq(act(&e, &e.f.clerk, "election.rules", json_pack("{s:s, s:s}", "code", "X", "name_en", "X"), NULL, &err),
		ZILA_EDENIED);
	/* bad input names the field and changes nothing */
	ck_assert_int_eq(act(&e, &e.cell, "election.official", json_pack("{s:s, s:s, s:s, s:s, s:i}", "employee_id", "E1",
		"name", "A", "gender", "X", "office", "OF01", "pay_level", 5), NULL, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "gender"));
	ck_assert_int_eq(act(&e, &e.cell, "election.official", json_pack("{s:s, s:s, s:s, s:s, s:i}", "employee_id", "E1",
		"name", "A", "gender", "F", "office", "NOPE", "pay_level", 5), NULL, &err), ZILA_EINVAL);
	ck_assert_str_eq(err.msg, "there is no office 'NOPE'");
	ck_assert_int_eq(act(&e, &e.cell, "election.exempt", json_pack("{s:s}", "official", "E00001"), NULL, &err), ZILA_EINVAL);
	char *after = db_digest(&e.f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	ck_assert_int_eq(act(&e, &e.f.collector, "election.constituency", json_pack("{s:s, s:s}", "code", "AC09", "name_en", "X"),
		NULL, &err), ZILA_OK);
	/* every change is audited */
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM audit_log WHERE action LIKE 'election.%'"), 1 + 2 + 4 + 10 + 1 + 1);
	fixture_close(&e.f);
}
END_TEST

START_TEST(test_import_all_or_nothing)
{
	struct el e;
	struct zila_err err = { 0 };
	int count = -1;
	setup(&e, &(struct shape){ 1, 2, 10, 2, 4 });
	char path[400];
	snprintf(path, sizeof path, "%s/o.csv", e.f.dir);
	FILE *out = fopen(path, "w");
	fputs("\xEF\xBB\xBFoffice_code_is_wrong\nX\n", out);
	fclose(out);
	long long n = query_int(&e.f, "SELECT count(*) FROM el_official");
	FILE *in = fopen(path, "r");
	ck_assert_int_eq(zila_election_import_csv(e.f.db, &e.cell, "officials", in, "o.csv", &count, &err), ZILA_EINVAL);
	fclose(in);
	ck_assert_msg(strstr(err.msg, "o.csv: line 2: ") == err.msg, "%s", err.msg);
	out = fopen(path, "w");
	fputs("employee_id,name,gender,office,pay_level,exempt,exempt_reason\n"
	      "N1,Asha,F,OF01,8,0,\n"
	      "N2,\"Verma, Ravi\",M,OF02,7,yes,Medical\n"
	      "N3,Kamla,F,OF09,6,0,\n", out);
	fclose(out);
	in = fopen(path, "r");
	ck_assert_int_eq(zila_election_import_csv(e.f.db, &e.cell, "officials", in, "o.csv", &count, &err), ZILA_EINVAL);
	fclose(in);
	ck_assert_str_eq(err.msg, "o.csv: line 4: there is no office 'OF09'");
	ck_assert_int_eq(count, 0);
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_official"), n);
	in = fopen(path, "r");
	ck_assert_int_eq(zila_election_import_csv(e.f.db, &e.cell, "stations", in, "o.csv", &count, &err), ZILA_EINVAL);
	fclose(in);
	ck_assert_ptr_nonnull(strstr(err.msg, "line 2"));
	ck_assert_int_eq(zila_election_import_csv(e.f.db, &e.cell, "voters", stdin, "o.csv", &count, &err), ZILA_EINVAL);
	/* corrected, the whole file goes in */
	out = fopen(path, "w");
	fputs("employee_id,name,gender,office,pay_level,exempt,exempt_reason\nN1,Asha,F,OF01,8,0,\nN2,\"Verma, Ravi\",M,OF02,7,yes,Medical\n",
		out);
	fclose(out);
	in = fopen(path, "r");
	ck_assert_int_eq(zila_election_import_csv(e.f.db, &e.cell, "officials", in, "o.csv", &count, &err), ZILA_OK);
	fclose(in);
	ck_assert_int_eq(count, 2);
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_official WHERE employee_id = 'N2' AND exempt AND name = 'Verma, Ravi'"), 1);
	fixture_close(&e.f);
}
END_TEST

/* Every rule holds on a full run of the three stages. */
START_TEST(test_rules_hold)
{
	struct el e;
	setup(&e, &usual);
	randomise_ok(&e, 1, "00000000000000aa");
	randomise_ok(&e, 2, "00000000000000bb");
	randomise_ok(&e, 3, "00000000000000cc");
	/* 3 x 10 stations, 2 women-managed each; 10% reserve rounded up per kind */
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_party"), 3 * (3 + 9));
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_party WHERE station_id IS NULL"), 3 * 2);
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_station s WHERE (SELECT count(*) FROM el_party p"
		" WHERE p.station_id = s.id) <> 1"), 0);
	/* composition: a presiding officer and three polling officers each */
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_party p WHERE (SELECT count(*) FROM el_posting m"
		" WHERE m.party_id = p.id) <> 4 OR NOT EXISTS (SELECT 1 FROM el_posting m WHERE m.party_id = p.id AND m.seat = 0)"), 0);
	/* the presiding officer's pay level */
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_posting m JOIN el_official o ON o.id = m.official_id"
		" WHERE m.seat = 0 AND o.pay_level < 6"), 0);
	ck_assert_int_gt(query_int(&e.f, "SELECT count(*) FROM el_posting m JOIN el_official o ON o.id = m.official_id"
		" WHERE m.seat > 0 AND o.pay_level < 6"), 0);
	/* no two of one office in a party */
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM (SELECT 1 FROM el_posting m JOIN el_official o ON o.id = m.official_id"
		" WHERE m.party_id IS NOT NULL GROUP BY m.party_id, o.office_id HAVING count(*) > 1)"), 0);
	/* nobody in their home or posting constituency */
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_posting m JOIN el_official o ON o.id = m.official_id"
		" WHERE m.constituency_id IN (o.home_ac_id, o.posting_ac_id)"), 0);
	/* women-managed stations get women-only parties, and only they */
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_party p JOIN el_station s ON s.id = p.station_id"
		" WHERE s.women <> p.women"), 0);
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_posting m JOIN el_party p ON p.id = m.party_id"
		" JOIN el_official o ON o.id = m.official_id WHERE p.women AND o.gender <> 'F'"), 0);
	/* each run recorded with its seed; the audit log holds seed and hashes */
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_run WHERE seed IN ('00000000000000aa', '00000000000000bb',"
		" '00000000000000cc') AND length(inputs_hash) = 64 AND length(result_hash) = 64"), 3);
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM audit_log WHERE action = 'election.randomise'"
		" AND json_extract(args, '$.seed') IS NOT NULL AND length(json_extract(args, '$.inputs_hash')) = 64"
		" AND length(json_extract(args, '$.result_hash')) = 64"), 3);
	/* a new run changes nothing when nothing is missing */
	char *before = assignment(&e);
	randomise_ok(&e, 1, NULL);
	randomise_ok(&e, 2, NULL);
	randomise_ok(&e, 3, NULL);
	char *after = assignment(&e);
	ck_assert_msg(strcmp(before, after) == 0, "runs with nothing to fill moved someone");
	free(before);
	free(after);
	fixture_close(&e.f);
}
END_TEST

static char *
full_run(const char *s1, const char *s2, const char *s3)
{
	struct el e;
	setup(&e, &usual);
	randomise_ok(&e, 1, s1);
	randomise_ok(&e, 2, s2);
	randomise_ok(&e, 3, s3);
	char *a = assignment(&e);
	fixture_close(&e.f);
	return a;
}

START_TEST(test_reproducible)
{
	char *a = full_run("0123456789abcdef", "0000000000000001", "00000000000000ff");
	char *b = full_run("0123456789abcdef", "0000000000000001", "00000000000000ff");
	char *c = full_run("0123456789abcdee", "0000000000000001", "00000000000000ff");
	char *d = full_run("0123456789abcdef", "0000000000000001", "00000000000000fe");
	/* (the strings are too long for Check's messages) */
	ck_assert_msg(strcmp(a, b) == 0, "the same seeds gave another assignment");
	ck_assert_msg(strcmp(a, c) != 0, "another first seed gave the same assignment");
	ck_assert_msg(strcmp(a, d) != 0, "another third seed gave the same assignment");
	ck_assert_int_gt((int)strlen(a), 1000);
	free(a);
	free(b);
	free(c);
	free(d);
}
END_TEST

/* Refused with the message, and nothing written. */
static void
infeasible(struct el *e, int stage, const char *expect)
{
	struct zila_err err = { 0 };
	char *before = db_digest(&e->f);
	ck_assert_int_eq(randomise(e, stage, "0000000000000007", NULL, &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, expect) != NULL, "message '%s' lacks '%s'", err.msg, expect);
	char *after = db_digest(&e->f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}

START_TEST(test_infeasible)
{
	struct el e;
	/* few women: 1 in 8 (26, 15 of whom may preside); the parties of 6
	 * women-managed stations and their reserve need 9 + 27 */
	char expect[200];
	setup(&e, &(struct shape){ 3, 10, 70, 8, 20 });
	snprintf(expect, sizeof expect, "women-managed stations need 27 women polling officers; %lld are available",
		query_int(&e.f, "SELECT count(*) - 9 FROM el_official WHERE gender = 'F'"));
	infeasible(&e, 1, expect);
	/* women-only parties switched off: now it is fine for stage 1 */
	act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:b}", "code", "GE", "name_en", "G", "women_only", 0));
	randomise_ok(&e, 1, NULL);
	fixture_close(&e.f);

	/* presiding officers need a pay level no one has */
	setup(&e, &usual);
	act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:i}", "code", "GE", "name_en", "G", "po_min_level", 11));
	infeasible(&e, 1, "women-managed stations need 9 women presiding officers (pay level 11 or above); 0 are available");
	act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:i, s:b}", "code", "GE", "name_en", "G", "po_min_level", 11,
		"women_only", 0));
	infeasible(&e, 1, "presiding officers must be at pay level 11 or above: 33 are needed, 0 are available");
	fixture_close(&e.f);

	/* too many officials asked: with half again in reserve, 60 a constituency */
	setup(&e, &(struct shape){ 3, 10, 55, 3, 20 });
	act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:i}", "code", "GE", "name_en", "G", "reserve_pct", 50));
	infeasible(&e, 1, "the parties need 180 more officials (with a reserve of 50%); 165 are available who are not exempt");
	fixture_close(&e.f);

	/* one constituency: everyone's home */
	setup(&e, &(struct shape){ 1, 5, 40, 2, 10 });
	infeasible(&e, 1, "nobody may serve in their home or posting constituency: AC01 still needs 2 women presiding officers");
	act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:b}", "code", "GE", "name_en", "G", "not_home", 0));
	randomise_ok(&e, 1, NULL);
	/* stations before parties */
	infeasible(&e, 3, "women-managed stations need women parties: AC01 has 1 such stations without a party and 0 complete women parties free");
	fixture_close(&e.f);

	/* everyone from one office: no party can be formed, and the draw of
	 * officials to constituencies already says so */
	setup(&e, &(struct shape){ 2, 5, 40, 2, 1 });
	act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:b}", "code", "GE", "name_en", "G", "not_home", 0));
	infeasible(&e, 1, "no two members of a party may come from one office: AC");
	/* with the rule off, parties form; on again, the second run refuses */
	act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:b, s:b}", "code", "GE", "name_en", "G", "not_home", 0,
		"distinct_office", 0));
	randomise_ok(&e, 1, NULL);
	act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:b}", "code", "GE", "name_en", "G", "not_home", 0));
	infeasible(&e, 2, "no two members of a party may come from one office: party 1 of AC01 cannot be completed");
	fixture_close(&e.f);
}
END_TEST

/* Exemptions after orders leave holes; the next runs fill only them.
 * Five times over, with other seeds each time. */
START_TEST(test_keep_what_was_ordered)
{
	struct el e;
	struct zila_err err = { 0 };
	setup(&e, &usual);
	randomise_ok(&e, 1, NULL);
	randomise_ok(&e, 2, NULL);
	randomise_ok(&e, 3, NULL);
	long long postings = query_int(&e.f, "SELECT count(*) FROM el_posting");
	for (int round = 0; round < 5; round++) {
		/* a presiding officer at a women-managed station, and a polling
		 * officer of another party */
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(e.f.db), "SELECT o.employee_id FROM el_posting m JOIN el_official o"
			" ON o.id = m.official_id JOIN el_party p ON p.id = m.party_id WHERE p.station_id IS NOT NULL"
			" AND ((p.women AND m.seat = 0 AND p.number = ?1) OR (NOT p.women AND m.seat = 2 AND p.number = ?1 + 4))"
			" ORDER BY o.employee_id", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int(st, 1, round % 3 + 1);
		char emp[2][32];
		int n = 0;
		while (n < 2 && sqlite3_step(st) == SQLITE_ROW)
			snprintf(emp[n++], sizeof emp[0], "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		ck_assert_int_eq(n, 2);
		char *before = assignment(&e);
		for (int i = 0; i < 2; i++)
			ck_assert_int_eq(act(&e, &e.cell, "election.exempt", json_pack("{s:s, s:s}", "official", emp[i], "reason",
				"Medical"), NULL, &err), ZILA_OK);
		ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_posting"), postings - 2);
		json_t *res;
		for (int stage = 1; stage <= 3; stage++) {
			ck_assert_msg(randomise(&e, stage, NULL, &res, &err) == ZILA_OK, "round %d stage %d: %s", round, stage, err.msg);
			ck_assert_int_eq(json_integer_value(json_object_get(res, "filled")), stage == 3 ? 0 : 2);
			json_decref(res);
		}
		char *after = assignment(&e);
		/* every line of before but the exempted officials' is in after, as it was */
		int kept = 0, moved = 0;
		size_t len = strlen(after) + 3;
		char *hay = malloc(len);
		snprintf(hay, len, ";%s;", after);
		for (char *save = NULL, *l = strtok_r(before, ";", &save); l; l = strtok_r(NULL, ";", &save)) {
			if (strncmp(l, emp[0], strlen(emp[0])) == 0 || strncmp(l, emp[1], strlen(emp[1])) == 0)
				continue;
			char with[200];
			snprintf(with, sizeof with, ";%s;", l);
			strstr(hay, with) ? kept++ : moved++;
		}
		free(hay);
		ck_assert_int_eq(moved, 0);
		ck_assert_int_eq(kept, postings - 2);
		ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_party p WHERE (SELECT count(*) FROM el_posting m"
			" WHERE m.party_id = p.id) <> 4"), 0);
		ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_posting m JOIN el_party p ON p.id = m.party_id"
			" JOIN el_official o ON o.id = m.official_id WHERE p.women AND (o.gender <> 'F' OR (m.seat = 0 AND o.pay_level < 6))"), 0);
		ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM (SELECT 1 FROM el_posting m JOIN el_official o ON o.id = m.official_id"
			" WHERE m.party_id IS NOT NULL GROUP BY m.party_id, o.office_id HAVING count(*) > 1)"), 0);
		ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_posting m JOIN el_official o ON o.id = m.official_id"
			" WHERE m.constituency_id IN (o.home_ac_id, o.posting_ac_id)"), 0);
		free(before);
		free(after);
	}
	fixture_close(&e.f);
}
END_TEST

START_TEST(test_verify)
{
	struct el e;
	struct zila_err err = { 0 };
	json_t *rep;
	setup(&e, &usual);
	randomise_ok(&e, 1, NULL);
	randomise_ok(&e, 2, NULL);
	randomise_ok(&e, 3, NULL);
	for (int seq = 1; seq <= 3; seq++) {
		ck_assert_int_eq(zila_election_verify(e.f.db, "GE", seq, &rep, &err), ZILA_OK);
		ck_assert_msg(json_is_true(json_object_get(rep, "same")), "run %d not verified", seq);
		json_decref(rep);
	}
	ck_assert_int_eq(zila_election_verify(e.f.db, "GE", 4, &rep, &err), ZILA_ENOTFOUND);
	/* a stored row changed by hand is caught: a party sent to another
	 * party's station (whichever draw made them: party 1 may be in
	 * reserve everywhere) */
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(e.f.db), "UPDATE el_party SET station_id = (SELECT q.station_id FROM el_party q"
		" WHERE q.station_id IS NOT NULL AND q.id <> el_party.id AND q.women = el_party.women ORDER BY q.id LIMIT 1)"
		" WHERE id = (SELECT min(id) FROM el_party WHERE station_id IS NOT NULL)", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_changes(zila_db_handle(e.f.db)), 1);
	ck_assert_int_eq(zila_election_verify(e.f.db, "GE", 3, &rep, &err), ZILA_OK);
	ck_assert(json_is_false(json_object_get(rep, "same")));
	ck_assert_str_eq(json_string_value(json_object_get(rep, "result_hash")), json_string_value(json_object_get(rep, "result_now")));
	ck_assert_str_ne(json_string_value(json_object_get(rep, "result_hash")), json_string_value(json_object_get(rep, "stored_hash")));
	json_decref(rep);
	fixture_close(&e.f);
}
END_TEST

static json_t *
verify_ok(struct el *e, int seq)
{
	struct zila_err err = { 0 };
	json_t *rep = NULL;
	ck_assert_msg(zila_election_verify(e->f.db, "GE", seq, &rep, &err) == ZILA_OK, "verify %d: %s", seq, err.msg);
	return rep;
}

static bool
verified(struct el *e, int seq)
{
	json_t *rep = verify_ok(e, seq);
	bool same = json_is_true(json_object_get(rep, "same"));
	json_decref(rep);
	return same;
}

static void
exec_ok(struct el *e, const char *sql)
{
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(e->f.db), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* Re-randomisation after exemptions is the usual course, and the masters
 * change meanwhile: every earlier run still verifies on the inputs it
 * read and against the rows it wrote (the released among them), while a
 * stored row, a released one, the kept inputs or their recorded hash
 * edited afterwards is caught. */
START_TEST(test_verify_after_changes)
{
	struct el e;
	struct zila_err err = { 0 };
	static const char *const seeds[] = { "00000000000000c1", "00000000000000c2", "00000000000000c3" };
	setup(&e, &usual);
	for (int stage = 1; stage <= 3; stage++)
		randomise_ok(&e, stage, seeds[stage - 1]);
	for (int round = 0; round < 2; round++) {
		/* a presiding officer and a polling officer of a party exempted;
		 * an official's pay level and office, a station's flag, the
		 * reserve changed; a new official */
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(e.f.db), "SELECT o.employee_id FROM el_posting m"
			" JOIN el_official o ON o.id = m.official_id WHERE m.party_id IS NOT NULL AND m.seat IN (0, 2)"
			" ORDER BY o.employee_id LIMIT 2", -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			ck_assert_int_eq(act(&e, &e.cell, "election.exempt", json_pack("{s:s, s:s}", "official",
				(const char *)sqlite3_column_text(st, 0), "reason", "Medical"), NULL, &err), ZILA_OK);
		sqlite3_finalize(st);
		act_ok(&e, "election.official", json_pack("{s:s, s:s, s:s, s:s, s:i}", "employee_id", round ? "E00009" : "E00004",
			"name", "Changed", "gender", "F", "office", "OF07", "pay_level", 12));
		act_ok(&e, "election.official", json_pack("{s:s, s:s, s:s, s:s, s:i}", "employee_id", round ? "E90002" : "E90001",
			"name", "New", "gender", "M", "office", "OF01", "pay_level", 8));
		act_ok(&e, "election.station", json_pack("{s:s, s:s, s:s, s:b}", "code", round ? "PS02005" : "PS01005",
			"constituency", round ? "AC02" : "AC01", "name_en", "School", "women", false));
		act_ok(&e, "election.rules", json_pack("{s:s, s:s, s:i}", "code", "GE", "name_en", "General election",
			"reserve_pct", 12 + round));
		/* seeds fixed: a random draw may meet the office rule */
		static const char *const refill[2][3] = { { "00000000000000d1", "00000000000000d2", "00000000000000d3" },
			{ "00000000000000e1", "00000000000000e2", "00000000000000e3" } };
		for (int stage = 1; stage <= 3; stage++)
			randomise_ok(&e, stage, refill[round][stage - 1]);
	}
	int runs = (int)query_int(&e.f, "SELECT count(*) FROM el_run");
	ck_assert_int_eq(runs, 9);
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_run_input"), 9);
	ck_assert_int_eq(query_int(&e.f, "SELECT count(*) FROM el_posting_released"), 4);
	for (int seq = 1; seq <= runs; seq++) {
		json_t *rep = verify_ok(&e, seq);
		ck_assert_msg(json_is_true(json_object_get(rep, "same")), "run %d not verified: %s", seq,
			json_string_value(json_object_get(rep, "problem")));
		ck_assert(json_is_true(json_object_get(rep, "inputs_kept")));
		json_decref(rep);
	}

	/* a stored row of run 1 edited: the re-run still gives the recorded
	 * result, the rows do not */
	exec_ok(&e, "CREATE TEMP TABLE keep AS SELECT * FROM el_posting");
	exec_ok(&e, "UPDATE el_posting SET slot = CASE slot WHEN 'go' THEN 'gp' ELSE 'go' END"
		" WHERE id = (SELECT min(id) FROM el_posting WHERE run_seq = 1)");
	json_t *rep = verify_ok(&e, 1);
	ck_assert(json_is_false(json_object_get(rep, "same")));
	ck_assert_str_eq(json_string_value(json_object_get(rep, "result_hash")), json_string_value(json_object_get(rep, "result_now")));
	ck_assert_str_ne(json_string_value(json_object_get(rep, "result_hash")), json_string_value(json_object_get(rep, "stored_hash")));
	json_decref(rep);
	exec_ok(&e, "UPDATE el_posting SET slot = (SELECT slot FROM keep WHERE keep.id = el_posting.id)");
	ck_assert(verified(&e, 1));
	/* a released one (an exempted presiding officer's seat in run 2) */
	exec_ok(&e, "UPDATE el_posting_released SET seat = 3 - seat WHERE party_run_seq = 2");
	ck_assert(!verified(&e, 2));
	exec_ok(&e, "UPDATE el_posting_released SET seat = 3 - seat WHERE party_run_seq = 2");
	/* and one deleted, as the exemption used to */
	exec_ok(&e, "DELETE FROM el_posting_released WHERE id = (SELECT min(id) FROM el_posting_released WHERE run_seq = 1)");
	ck_assert(!verified(&e, 1));

	/* the kept inputs garbled: they no longer unpack */
	exec_ok(&e, "CREATE TEMP TABLE kin AS SELECT * FROM el_run_input");
	exec_ok(&e, "UPDATE el_run_input SET data = 'AAAA' || substr(data, 5) WHERE run_id = (SELECT id FROM el_run WHERE seq = 3)");
	rep = verify_ok(&e, 3);
	ck_assert(json_is_false(json_object_get(rep, "same")));
	ck_assert(json_is_true(json_object_get(rep, "inputs_kept")));
	ck_assert_str_eq(json_string_value(json_object_get(rep, "inputs_now")), "");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(rep, "problem")), "cannot be read"));
	json_decref(rep);
	/* another run's kept inputs in their place: whole, but not what run 3
	 * recorded */
	exec_ok(&e, "UPDATE el_run_input SET (bytes, data) = (SELECT bytes, data FROM kin WHERE run_id = (SELECT id FROM el_run WHERE seq = 6))"
		" WHERE run_id = (SELECT id FROM el_run WHERE seq = 3)");
	rep = verify_ok(&e, 3);
	ck_assert(json_is_false(json_object_get(rep, "same")));
	ck_assert_str_ne(json_string_value(json_object_get(rep, "inputs_now")), "");
	ck_assert_str_ne(json_string_value(json_object_get(rep, "inputs_now")), json_string_value(json_object_get(rep, "inputs_hash")));
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(rep, "problem")), "hash is not the one it recorded"));
	json_decref(rep);
	exec_ok(&e, "UPDATE el_run_input SET data = (SELECT data FROM kin WHERE kin.id = el_run_input.id),"
		" bytes = (SELECT bytes FROM kin WHERE kin.id = el_run_input.id)");
	ck_assert(verified(&e, 3));
	/* the recorded hash edited instead */
	exec_ok(&e, "UPDATE el_run SET inputs_hash = replace(inputs_hash, substr(inputs_hash, 1, 1), 'x') WHERE seq = 4");
	ck_assert(!verified(&e, 4));

	/* a run made before inputs were kept is read from the data as it is
	 * now: the last run, nothing changed since, still verifies */
	exec_ok(&e, "DELETE FROM el_run_input WHERE run_id = (SELECT id FROM el_run WHERE seq = 9)");
	rep = verify_ok(&e, 9);
	ck_assert(json_is_true(json_object_get(rep, "same")));
	ck_assert(json_is_false(json_object_get(rep, "inputs_kept")));
	json_decref(rep);
	fixture_close(&e.f);
}
END_TEST

/* The server re-running a desk's run with other inputs refuses it. */
START_TEST(test_inputs_differ)
{
	struct el e;
	struct zila_err err = { 0 };
	setup(&e, &usual);
	char *before = db_digest(&e.f);
	ck_assert_int_eq(act(&e, &e.cell, "election.randomise", json_pack("{s:s, s:i, s:s, s:s}", "election", "GE", "stage", 1,
		"seed", "0000000000000001", "inputs_hash", "0000000000000000000000000000000000000000000000000000000000000000"),
		NULL, &err), ZILA_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(err.msg, "changed before this randomisation reached here"));
	char *after = db_digest(&e.f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	ck_assert_int_eq(act(&e, &e.cell, "election.randomise", json_pack("{s:s, s:i, s:s}", "election", "GE", "stage", 1,
		"seed", "xyz"), NULL, &err), ZILA_EINVAL);
	fixture_close(&e.f);
}
END_TEST

START_TEST(test_orders_summary)
{
	struct el e;
	struct zila_err err = { 0 };
	json_t *out;
	setup(&e, &usual);
	randomise_ok(&e, 1, NULL);
	randomise_ok(&e, 2, NULL);
	randomise_ok(&e, 3, NULL);
	ck_assert_int_eq(zila_election_summary(e.f.db, "GE", &out, &err), ZILA_OK);
	json_t *t = json_object_get(out, "totals");
	ck_assert_int_eq(json_integer_value(json_object_get(t, "stations")), 30);
	ck_assert_int_eq(json_integer_value(json_object_get(t, "covered")), 30);
	ck_assert_int_eq(json_integer_value(json_object_get(t, "reserve")), 6);
	ck_assert_int_eq(json_integer_value(json_object_get(t, "complete")), 36);
	json_decref(out);
	ck_assert_int_eq(zila_election_orders(e.f.db, "GE", "parties", "AC02", &out, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(out), 12 * 4);
	json_decref(out);
	ck_assert_int_eq(zila_election_orders(e.f.db, "GE", "appointment", "NOBODY", &out, &err), ZILA_ENOTFOUND);
	ck_assert_int_eq(zila_election_orders(e.f.db, "GE", "letters", NULL, &out, &err), ZILA_EINVAL);
	ck_assert_int_eq(zila_election_list(e.f.db, "parties", NULL, &out, &err), ZILA_EINVAL);
	fixture_close(&e.f);
}
END_TEST

Suite *
election_suite(void)
{
	Suite *s = suite_create("election");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_rng);
	tcase_add_test(tc, test_masters_roles);
	tcase_add_test(tc, test_import_all_or_nothing);
	tcase_add_test(tc, test_rules_hold);
	tcase_add_test(tc, test_reproducible);
	tcase_add_test(tc, test_infeasible);
	tcase_add_test(tc, test_keep_what_was_ordered);
	tcase_add_test(tc, test_verify);
	tcase_add_test(tc, test_verify_after_changes);
	tcase_add_test(tc, test_inputs_differ);
	tcase_add_test(tc, test_orders_summary);
	suite_add_tcase(s, tc);
	return s;
}
