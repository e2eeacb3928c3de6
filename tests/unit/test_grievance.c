/* test_grievance.c: the grievance actions: every action, every legal and
 * illegal transition of the state machine in grievance.h, time limits,
 * the appeal window, roles and departments, bad input refused without any
 * change, and the same action making the same rows on another database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "zila/blob.h"
#include "zila/grievance.h"
#include "zila/util.h"

#define NOW0 "2026-11-20T06:00:00Z"

/* Registers a grievance of a category as the clerk; number gets its number. */
static void
reg(struct fixture *f, const char *category, const char *description, char *number)
{
	struct zila_err err = { 0 };
	json_t *res = NULL;
	json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Sita Bai", "category", category,
		"description", description);
	enum zila_status st = run_action(f, &f->clerk, "grievance.register", args, &res, &err);
	ck_assert_msg(st == ZILA_OK, "register: %s", err.msg);
	snprintf(number, 40, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
}

/* Runs a grievance action on number with extra arguments (stolen). */
static enum zila_status
act(struct fixture *f, const struct zila_actor *who, const char *action, const char *number, json_t *extra,
	struct zila_err *err)
{
	json_t *args = extra ? extra : json_object();
	json_object_set_new(args, "grievance", json_string(number));
	enum zila_status st = run_action(f, who, action, args, NULL, err);
	json_decref(args);
	return st;
}

#define ACT_OK(f, who, action, number, extra) \
	do { \
		struct zila_err e_ = { 0 }; \
		enum zila_status s_ = act(f, who, action, number, extra, &e_); \
		ck_assert_msg(s_ == ZILA_OK, "%s on %s: %s", action, number, e_.msg); \
	} while (0)

/* One text column of a query with one text parameter. */
static char *
query_text(struct fixture *f, const char *sql, const char *param)
{
	sqlite3_stmt *st;
	char *out = NULL;
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f->db), sql, -1, &st, NULL), SQLITE_OK);
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = zila_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out ? out : zila_xstrdup("(null)");
}

static void
expect_field(struct fixture *f, const char *number, const char *column_sql, const char *want)
{
	char *got = query_text(f, column_sql, number);
	ck_assert_msg(strcmp(got, want) == 0, "%s of %s: got '%s', wanted '%s'", column_sql, number, got, want);
	free(got);
}

#define STATUS_SQL "SELECT status FROM grievance WHERE number = ?1"

START_TEST(register_gives_number_due_date_and_event)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *res = NULL;
	fixture_open(&f);
	json_t *args = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f}",
		"citizen_name", "रामेश्वर साहू", "category", "LAND", "description", "खसरा नंबर 112 का नामांतरण नहीं हुआ",
		"mobile", "+919876543210", "block", "1001", "gp", "200102", "village", "Bori", "channel", "jandarshan",
		"subject", "Mutation pending", "lat", 21.19, "lon", 81.28);
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, &res, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_str_eq(json_string_value(json_object_get(res, "number")), "DRG/G/07/2026/000001");
	ck_assert_str_eq(json_string_value(json_object_get(res, "due_date")), "2026-12-20");
	const char *num = "DRG/G/07/2026/000001";
	expect_field(&f, num, "SELECT mobile FROM grievance WHERE number = ?1", "9876543210");
	expect_field(&f, num, STATUS_SQL, "registered");
	expect_field(&f, num, "SELECT d.code FROM grievance g JOIN department d ON d.id = g.department_id WHERE number = ?1", "REV");
	expect_field(&f, num, "SELECT registered_on FROM grievance WHERE number = ?1", "2026-11-20");
	expect_field(&f, num, "SELECT channel || ',' || village || ',' || lat FROM grievance WHERE number = ?1", "jandarshan,Bori,21.19");
	expect_field(&f, num, "SELECT b.lgd_code FROM grievance g JOIN block b ON b.id = g.block_id WHERE number = ?1", "1001");
	expect_field(&f, num, "SELECT e.kind || ',' || e.to_status || ',' || e.at || ',' || (e.actor_id = g.created_by)"
		" FROM grievance_event e JOIN grievance g ON g.id = e.grievance_id WHERE number = ?1", "registered,registered,"
		NOW0 ",1");
	/* id and number written back into the arguments the audit and outbox keep */
	expect_field(&f, num, "SELECT json_extract(args, '$.number') FROM outbox WHERE action = 'grievance.register'"
		" AND json_extract(args, '$.number') = ?1", num);
	expect_field(&f, num, "SELECT count(*) FROM audit_log WHERE action = 'grievance.register'"
		" AND json_extract(args, '$.id') = (SELECT id FROM grievance WHERE number = ?1)", "1");
	json_decref(res);
	json_decref(args);
	/* the next one gets the next serial; a gp alone brings its block */
	args = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "X", "category", "WATER", "description", "No water", "gp", "200201");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, &res, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_str_eq(json_string_value(json_object_get(res, "number")), "DRG/G/07/2026/000002");
	ck_assert_str_eq(json_string_value(json_object_get(res, "due_date")), "2026-11-27");
	expect_field(&f, "DRG/G/07/2026/000002", "SELECT b.lgd_code FROM grievance g JOIN block b ON b.id = g.block_id"
		" WHERE number = ?1", "1002");
	json_decref(res);
	json_decref(args);
	fixture_close(&f);
}
END_TEST

/* Each bad argument is refused naming the field; nothing is written. */
START_TEST(bad_input_is_refused_without_change)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char num[40], longtext[5000], longname[120];
	fixture_open(&f);
	reg(&f, "LAND", "Mutation pending", num);
	ACT_OK(&f, &f.clerk, "grievance.assign", num, NULL);
	char *before = db_digest(&f);
	memset(longtext, 'x', sizeof longtext - 1);
	longtext[sizeof longtext - 1] = '\0';
	memset(longname, 'y', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	struct {
		const char *action;
		json_t *args;
		const char *expect;
	} cases[] = {
		{ "grievance.register", json_pack("{s:s, s:s}", "category", "LAND", "description", "d"), "citizen_name is required" },
		{ "grievance.register", json_pack("{s:s, s:s}", "citizen_name", "A", "category", "LAND"), "description is required" },
		{ "grievance.register", json_pack("{s:s, s:s}", "citizen_name", "A", "description", "d"), "category is required" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "   ", "category", "LAND", "description", "d"), "citizen_name is required" },
		{ "grievance.register", json_pack("{s:i, s:s, s:s}", "citizen_name", 5, "category", "LAND", "description", "d"), "citizen_name must be text" },
		{ "grievance.register", json_pack("{s:s, s:s, s:[]}", "citizen_name", "A", "category", "LAND", "description"), "description must be text" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", longname, "category", "LAND", "description", "d"), "citizen_name is too long" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", longtext), "description is too long" },
		{ "grievance.register", json_pack("{s:s, s:s, s:o}", "citizen_name", "A", "category", "LAND", "description",
			json_stringn_nocheck("ab\xff\xfe", 4)), "description contains characters" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "A\nB", "category", "LAND", "description", "d"), "citizen_name contains" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "A", "category", "NOPE", "description", "d"), "no category 'NOPE'" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "mobile", "12345"), "mobile must be 10 digits" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "mobile", "5876543210"), "mobile" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "mobile", "+91987654321x"), "mobile" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:I}", "citizen_name", "A", "category", "LAND", "description", "d", "mobile", (json_int_t)9876543210LL), "mobile must be text" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d",
			"block", "1001", "gp", "200201"), "gp 200201 does not lie in block 1001" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "gp", "999"), "no gp '999'" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "channel", "pigeon"), "channel must be one of" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:f}", "citizen_name", "A", "category", "LAND", "description", "d", "lat", 21.0), "lon: lat and lon go together" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:f, s:f}", "citizen_name", "A", "category", "LAND", "description", "d", "lat", 91.0, "lon", 81.0), "lat must be between" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "colour", "red"), "unknown field 'colour'" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "number", "DRG/G/07/2026/1"), "number must look like" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "number", num), "exists already" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "id", "x'; DROP TABLE grievance;--"), "id must be a UUID" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:i}]}", "citizen_name", "A", "category", "LAND",
			"description", "d", "attachments", "sha256", "0000000000000000000000000000000000000000000000000000000000000000",
			"name", "a.jpg", "mime", "image/jpeg", "size", 10), "attachments: item 1: sha256: the file of attachment a.jpg is not in the blob store" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:[{s:s}]}", "citizen_name", "A", "category", "LAND",
			"description", "d", "attachments", "sha256", "zz"), "attachments: item 1: name is required" },
		{ "grievance.register", json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d", "attachments", "x"), "attachments must be a list" },
		{ "grievance.assign", json_pack("{s:s}", "grievance", "DRG/G/07/2026/999999"), "no grievance 'DRG/G/07/2026/999999'" },
		{ "grievance.assign", json_pack("{s:i}", "grievance", 1), "grievance must be text" },
		{ "grievance.assign", json_pack("{s:s, s:s}", "grievance", num, "officer", "pwd.officer"), "officer: pwd.officer is not an active officer" },
		{ "grievance.transfer", json_pack("{s:s, s:s}", "grievance", num, "department", "PWD"), "reason is required" },
		{ "grievance.transfer", json_pack("{s:s, s:s, s:s}", "grievance", num, "department", "NOPE", "reason", "r"), "no department 'NOPE'" },
		{ "grievance.transfer", json_pack("{s:s, s:s, s:s}", "grievance", num, "department", "REV", "reason", "r"), "is with REV already" },
		{ "grievance.note", json_pack("{s:s}", "grievance", num), "note is required" },
		{ "grievance.note", json_pack("{s:s, s:s, s:s}", "grievance", num, "note", "n", "visibility", "secret"), "visibility must be one of" },
		{ "grievance.note", json_pack("{s:s, s:s, s:s}", "grievance", num, "note", "n", "interim", "yes"), "interim must be true or false" },
		{ "grievance.note", json_pack("{s:s, s:s, s:b, s:s}", "grievance", num, "note", "n", "interim", 1, "visibility", "internal"), "visibility: an interim reply" },
		{ "grievance.note", json_pack("{s:s, s:s}", "grievance", num, "note", longtext), "note is too long" },
		{ "grievance.dispose", json_pack("{s:s, s:o}", "grievance", num, "reply", json_stringn_nocheck("\xc3\x28", 2)), "reply contains characters" },
		{ "grievance.feedback", json_pack("{s:s, s:i}", "grievance", num, "rating", 6), "rating must be between 1 and 5" },
		{ "grievance.duplicate", json_pack("{s:s, s:s}", "grievance", num, "of", num), "of: a grievance cannot be a duplicate of itself" },
		{ "grievance.duplicate", json_pack("{s:s, s:s}", "grievance", num, "of", "nothing"), "of: no grievance 'nothing'" },
		{ "grievance.attach", json_pack("{s:s, s:s, s:s, s:s, s:i}", "grievance", num, "sha256", "ABC", "name", "a", "mime", "x/y", "size", 1), "sha256 must be 64 small hex digits" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		ck_assert_msg(cases[i].args != NULL, "case %zu: bad json_pack", i);
		enum zila_status st = run_action(&f, &f.admin, cases[i].action, cases[i].args, NULL, &err);
		ck_assert_msg(st != ZILA_OK, "case %zu was accepted", i);
		ck_assert_msg(strstr(err.msg, cases[i].expect) != NULL, "case %zu: '%s' lacks '%s'", i, err.msg, cases[i].expect);
		json_decref(cases[i].args);
	}
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

START_TEST(sql_metacharacters_are_stored_verbatim)
{
	struct fixture f;
	struct zila_err err = { 0 };
	const char *nasty = "Robert'); DROP TABLE grievance;-- \"%_\\ 100% sure";
	fixture_open(&f);
	json_t *args = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", nasty, "category", "ROAD", "description", nasty,
		"address", "H.No. 5, 'Ward' \"7\"; --");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	expect_field(&f, "DRG/G/07/2026/000001", "SELECT citizen_name FROM grievance WHERE number = ?1", nasty);
	expect_field(&f, "DRG/G/07/2026/000001", "SELECT description FROM grievance WHERE number = ?1", nasty);
	expect_field(&f, "DRG/G/07/2026/000001", "SELECT address FROM grievance WHERE number = ?1", "H.No. 5, 'Ward' \"7\"; --");
	ACT_OK(&f, &f.clerk, "grievance.note", "DRG/G/07/2026/000001", json_pack("{s:s}", "note", nasty));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance"), 1);
	fixture_close(&f);
}
END_TEST

/* The states of grievance.h and one way to bring a new grievance there. */
enum { S_REGISTERED, S_ASSIGNED, S_IN_PROGRESS, S_DISPOSED, S_APPEALED, S_CLOSED, S_COUNT };
static const char *const state_name[S_COUNT] = { "registered", "assigned", "in_progress", "disposed", "appealed", "closed" };

static void
make_in_state(struct fixture *f, int state, char *num)
{
	reg(f, "LAND", "Boundary dispute", num);
	if (state == S_REGISTERED)
		return;
	ACT_OK(f, &f->clerk, "grievance.assign", num, NULL);
	if (state == S_ASSIGNED)
		return;
	if (state == S_IN_PROGRESS) {
		ACT_OK(f, &f->rev_officer, "grievance.note", num, json_pack("{s:s, s:b}", "note", "Site visit fixed", "interim", 1));
		return;
	}
	ACT_OK(f, &f->rev_officer, "grievance.dispose", num, json_pack("{s:s}", "reply", "Mutation done"));
	if (state == S_APPEALED)
		ACT_OK(f, &f->clerk, "grievance.appeal", num, json_pack("{s:s}", "reason", "Not done at all"));
	if (state == S_CLOSED)
		ACT_OK(f, &f->clerk, "grievance.close", num, NULL);
}

/* Every action from every state, as admin (who passes every role and
 * department rule, so only the state machine speaks): the legal ones give
 * the state grievance.h names; the others are refused with ZILA_ESTATE,
 * a message naming the present state, and no change. */
START_TEST(every_transition_legal_and_illegal)
{
	static const struct {
		const char *action;
		const char *args;
		const char *to[S_COUNT]; /* NULL: illegal from that state */
	} table[] = {
		{ "grievance.assign", "{\"officer\": \"rev.officer\"}",
			{ "assigned", "assigned", "in_progress", NULL, NULL, NULL } },
		{ "grievance.transfer", "{\"department\": \"PWD\", \"reason\": \"road, not land\"}",
			{ NULL, "assigned", "assigned", NULL, NULL, NULL } },
		{ "grievance.note", "{\"note\": \"called the patwari\", \"visibility\": \"internal\"}",
			{ "registered", "assigned", "in_progress", NULL, "appealed", NULL } },
		{ "grievance.note", "{\"note\": \"survey on Monday\", \"interim\": true}",
			{ NULL, "in_progress", "in_progress", NULL, NULL, NULL } },
		{ "grievance.dispose", "{\"reply\": \"done\"}",
			{ "disposed", "disposed", "disposed", NULL, "disposed", NULL } },
		{ "grievance.feedback", "{\"rating\": 4}", { NULL, NULL, NULL, "disposed", NULL, NULL } },
		{ "grievance.appeal", "{\"reason\": \"not satisfied\"}", { NULL, NULL, NULL, "appealed", NULL, NULL } },
		{ "grievance.reopen", "{\"reason\": \"wrong reply\"}", { NULL, NULL, NULL, "assigned", NULL, "assigned" } },
		{ "grievance.close", "{}", { NULL, NULL, NULL, "closed", NULL, NULL } },
		{ "grievance.duplicate", "{\"of\": \"DRG/G/07/2026/000001\"}",
			{ "closed", "closed", "closed", NULL, NULL, NULL } },
		{ "grievance.attach", NULL, { "registered", "assigned", "in_progress", "disposed", "appealed", NULL } },
	};
	struct fixture f;
	struct zila_err err = { 0 };
	char num[40], sha[65];
	int legal = 0, illegal = 0;
	fixture_open(&f);
	reg(&f, "LAND", "the original of duplicates", num);
	ck_assert_int_eq(zila_blob_put_mem(f.db, "%PDF-1.4 test", 13, sha, &err), ZILA_OK);
	for (size_t a = 0; a < ZILA_ARRAY_LEN(table); a++) {
		for (int s = 0; s < S_COUNT; s++) {
			make_in_state(&f, s, num);
			json_t *args = table[a].args ? json_loads(table[a].args, 0, NULL)
				: json_pack("{s:s, s:s, s:s, s:i}", "sha256", sha, "name", "reply.pdf", "mime", "application/pdf", "size", 13);
			char *before = table[a].to[s] ? NULL : db_digest(&f);
			enum zila_status st = act(&f, &f.admin, table[a].action, num, args, &err);
			if (table[a].to[s]) {
				ck_assert_msg(st == ZILA_OK, "%s from %s: %s", table[a].action, state_name[s], err.msg);
				expect_field(&f, num, STATUS_SQL, table[a].to[s]);
				legal++;
			} else {
				ck_assert_msg(st == ZILA_ESTATE, "%s from %s: status %d (%s)", table[a].action, state_name[s], st, err.msg);
				char want[80];
				snprintf(want, sizeof want, "Grievance %s is %s.", num, s == S_IN_PROGRESS ? "in progress" : state_name[s]);
				ck_assert_msg(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
				char *after = db_digest(&f);
				ck_assert_str_eq(before, after);
				free(before);
				free(after);
				illegal++;
			}
		}
	}
	ck_assert_int_eq(legal, 28);
	ck_assert_int_eq(illegal, 38);
	fixture_close(&f);
}
END_TEST

/* The whole life of one grievance, with what each step leaves behind. */
START_TEST(whole_life_and_its_events)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char num[40], other[40];
	fixture_open(&f);
	reg(&f, "LAND", "नामांतरण लंबित", num);
	reg(&f, "LAND", "same again", other);
	ACT_OK(&f, &f.clerk, "grievance.assign", num, json_pack("{s:s, s:s}", "department", "REV", "note", "to revenue"));
	ACT_OK(&f, &f.rev_head, "grievance.assign", num, json_pack("{s:s}", "officer", "rev.officer"));
	expect_field(&f, num, "SELECT u.login FROM grievance g JOIN app_user u ON u.id = g.officer_id WHERE number = ?1", "rev.officer");
	ACT_OK(&f, &f.rev_officer, "grievance.note", num, json_pack("{s:s, s:s}", "note", "patwari report awaited", "visibility", "internal"));
	ACT_OK(&f, &f.rev_officer, "grievance.note", num, json_pack("{s:s, s:b}", "note", "survey fixed for Monday", "interim", 1));
	expect_field(&f, num, STATUS_SQL, "in_progress");
	ACT_OK(&f, &f.rev_officer, "grievance.transfer", num, json_pack("{s:s, s:s}", "department", "PWD", "reason", "it is a road"));
	expect_field(&f, num, "SELECT transfers || ',' || coalesce(officer_id, 'none') || ',' || status FROM grievance WHERE number = ?1",
		"1,none,assigned");
	ck_assert_int_eq(act(&f, &f.rev_officer, "grievance.dispose", num, json_pack("{s:s}", "reply", "x"), &err), ZILA_EDENIED);
	ACT_OK(&f, &f.pwd_officer, "grievance.dispose", num, json_pack("{s:s}", "reply", "सड़क की मरम्मत हो गई"));
	expect_field(&f, num, "SELECT disposed_on || ',' || final_reply FROM grievance WHERE number = ?1", "2026-11-20,सड़क की मरम्मत हो गई");
	ACT_OK(&f, &f.clerk, "grievance.feedback", num, json_pack("{s:i, s:s}", "rating", 2, "note", "half done"));
	expect_field(&f, num, "SELECT rating FROM grievance WHERE number = ?1", "2");
	ACT_OK(&f, &f.clerk, "grievance.appeal", num, json_pack("{s:s}", "reason", "still broken"));
	expect_field(&f, num, "SELECT status || ',' || appeals FROM grievance WHERE number = ?1", "appealed,1");
	ACT_OK(&f, &f.pwd_officer, "grievance.dispose", num, json_pack("{s:s}", "reply", "relaid fully"));
	ACT_OK(&f, &f.clerk, "grievance.close", num, json_pack("{s:s}", "note", "citizen satisfied"));
	expect_field(&f, num, "SELECT status || ',' || closed_on FROM grievance WHERE number = ?1", "closed,2026-11-20");
	ACT_OK(&f, &f.collector, "grievance.reopen", num, json_pack("{s:s}", "reason", "complaint again"));
	expect_field(&f, num, "SELECT status || ',' || coalesce(closed_on, '-') || ',' || coalesce(final_reply, '-') || ',' || due_date"
		" FROM grievance WHERE number = ?1", "assigned,-,-,2026-12-20");
	ACT_OK(&f, &f.rev_head, "grievance.duplicate", other, json_pack("{s:s}", "of", num));
	expect_field(&f, other, "SELECT g.status || ',' || o.number FROM grievance g JOIN grievance o ON o.id = g.duplicate_of"
		" WHERE g.number = ?1", "closed,DRG/G/07/2026/000001");
	expect_field(&f, num, "SELECT group_concat(kind, ' ') FROM (SELECT e.kind FROM grievance_event e JOIN grievance g"
		" ON g.id = e.grievance_id WHERE g.number = ?1 ORDER BY e.rowid)",
		"registered assigned assigned note interim_reply transferred disposed feedback appealed appeal_disposed closed reopened");
	expect_field(&f, num, "SELECT group_concat(v, ' ') FROM (SELECT fd.code || '>' || td.code AS v FROM grievance_event e"
		" JOIN grievance g ON g.id = e.grievance_id JOIN department fd ON fd.id = e.from_department_id"
		" JOIN department td ON td.id = e.to_department_id WHERE g.number = ?1 AND e.kind = 'transferred')", "REV>PWD");
	expect_field(&f, num, "SELECT version FROM grievance WHERE number = ?1", "12");
	expect_field(&f, num, "SELECT count(*) FROM audit_log WHERE action LIKE 'grievance.%' AND ?1 <> ''", "14");

	/* the record as others read it */
	json_t *g = NULL;
	ck_assert_int_eq(zila_grievance_get(f.db, num, &g, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(g, "department")), "PWD");
	ck_assert_str_eq(json_string_value(json_object_get(g, "category")), "LAND");
	ck_assert(json_is_false(json_object_get(g, "overdue")));
	json_t *events = json_object_get(g, "events");
	ck_assert_int_eq(json_array_size(events), 12);
	json_t *tr = json_array_get(events, 5);
	ck_assert_str_eq(json_string_value(json_object_get(tr, "kind")), "transferred");
	ck_assert_str_eq(json_string_value(json_object_get(tr, "from_department")), "REV");
	ck_assert_str_eq(json_string_value(json_object_get(tr, "actor")), "rev.officer");
	ck_assert_str_eq(json_string_value(json_object_get(tr, "desk")), "07");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(events, 7), "kind")), "feedback");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(events, 7), "rating")), 2);
	json_decref(g);
	ck_assert_int_eq(zila_grievance_get(f.db, "DRG/G/07/2026/000099", &g, &err), ZILA_ENOTFOUND);
	fixture_close(&f);
}
END_TEST

START_TEST(transfer_at_most_three_times)
{
	static const char *const depts[] = { "PWD", "HEALTH", "PHED", "REV" };
	struct fixture f;
	struct zila_err err = { 0 };
	char num[40];
	fixture_open(&f);
	make_in_state(&f, S_ASSIGNED, num);
	for (int i = 0; i < 3; i++)
		ACT_OK(&f, &f.collector, "grievance.transfer", num, json_pack("{s:s, s:s}", "department", depts[i], "reason", "r"));
	char *before = db_digest(&f);
	ck_assert_int_eq(act(&f, &f.collector, "grievance.transfer", num, json_pack("{s:s, s:s}", "department", depts[3], "reason", "r"),
		&err), ZILA_ESTATE);
	ck_assert_msg(strstr(err.msg, "transferred 3 times"), "%s", err.msg);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	expect_field(&f, num, "SELECT transfers || ',' || d.code FROM grievance g JOIN department d ON d.id = g.department_id"
		" WHERE number = ?1", "3,PHED");
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

START_TEST(appeal_within_thirty_days_once)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char late[40], ontime[40];
	fixture_open(&f);
	make_in_state(&f, S_DISPOSED, late);
	make_in_state(&f, S_DISPOSED, ontime);
	setenv("ZILA_NOW", "2026-12-21T06:00:00Z", 1); /* 31 days after disposal */
	char *before = db_digest(&f);
	ck_assert_int_eq(act(&f, &f.clerk, "grievance.appeal", late, json_pack("{s:s}", "reason", "r"), &err), ZILA_ESTATE);
	ck_assert_msg(strstr(err.msg, "disposed on 2026-11-20, 31 days ago") && strstr(err.msg, "within 30 days"), "%s", err.msg);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	setenv("ZILA_NOW", "2026-12-20T06:00:00Z", 1); /* the 30th day */
	ACT_OK(&f, &f.clerk, "grievance.appeal", ontime, json_pack("{s:s}", "reason", "r"));
	/* the appeal gets a fresh time limit: 30 days of LAND */
	expect_field(&f, ontime, "SELECT due_date FROM grievance WHERE number = ?1", "2027-01-19");
	ACT_OK(&f, &f.rev_officer, "grievance.dispose", ontime, json_pack("{s:s}", "reply", "again"));
	ck_assert_int_eq(act(&f, &f.clerk, "grievance.appeal", ontime, json_pack("{s:s}", "reason", "r"), &err), ZILA_ESTATE);
	ck_assert_msg(strstr(err.msg, "appealed once already"), "%s", err.msg);
	setenv("ZILA_NOW", NOW0, 1);
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

START_TEST(due_date_and_overdue)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char water[40], land[40], done[40];
	json_t *g = NULL, *rows = NULL;
	fixture_open(&f);
	reg(&f, "WATER", "hand pump broken", water); /* 7 days: due 2026-11-27 */
	reg(&f, "LAND", "mutation", land);           /* 30 days: due 2026-12-20 */
	make_in_state(&f, S_DISPOSED, done);
	expect_field(&f, water, "SELECT due_date FROM grievance WHERE number = ?1", "2026-11-27");
	struct zila_grievance_filter flt = { .overdue = true };
	long long n;
	ck_assert_int_eq(zila_grievance_count(f.db, &flt, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 0);
	/* 2026-11-28 06:00 UTC is 11:30 in Kolkata: one day past the pump's */
	setenv("ZILA_NOW", "2026-11-28T06:00:00Z", 1);
	ck_assert_int_eq(zila_grievance_list(f.db, &flt, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "number")), water);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "days_overdue")), 1);
	json_decref(rows);
	ck_assert_int_eq(zila_grievance_get(f.db, water, &g, &err), ZILA_OK);
	ck_assert(json_is_true(json_object_get(g, "overdue")));
	json_decref(g);
	/* the Kolkata day turns at 18:30 UTC */
	setenv("ZILA_NOW", "2026-12-20T18:29:00Z", 1);
	ck_assert_int_eq(zila_grievance_count(f.db, &flt, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 1);
	setenv("ZILA_NOW", "2026-12-20T18:31:00Z", 1);
	ck_assert_int_eq(zila_grievance_count(f.db, &flt, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 2); /* the disposed one is never overdue */
	ACT_OK(&f, &f.collector, "grievance.dispose", water, json_pack("{s:s}", "reply", "repaired"));
	ck_assert_int_eq(zila_grievance_count(f.db, &flt, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 1);
	setenv("ZILA_NOW", NOW0, 1);
	fixture_close(&f);
}
END_TEST

/* Officers and heads act only in their own department; the role table
 * is the first gate. Each refusal changes nothing. */
START_TEST(roles_and_departments)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char num[40];
	fixture_open(&f);
	make_in_state(&f, S_ASSIGNED, num); /* LAND: REV */
	char *before = db_digest(&f);
	struct {
		const struct zila_actor *who;
		const char *action;
		const char *args;
		enum zila_status want;
		const char *expect;
	} cases[] = {
		{ &f.pwd_officer, "grievance.dispose", "{\"reply\": \"x\"}", ZILA_EDENIED, "another department" },
		{ &f.pwd_officer, "grievance.note", "{\"note\": \"x\"}", ZILA_EDENIED, "another department" },
		{ &f.pwd_officer, "grievance.transfer", "{\"department\": \"PWD\", \"reason\": \"x\"}", ZILA_EDENIED, "another department" },
		{ &f.clerk, "grievance.dispose", "{\"reply\": \"x\"}", ZILA_EDENIED, "Clerk may not do grievance.dispose" },
		{ &f.rev_officer, "grievance.register", "{}", ZILA_EDENIED, "may not do grievance.register" },
		{ &f.rev_officer, "grievance.assign", "{\"officer\": \"rev.officer\"}", ZILA_EDENIED, "may not" },
		{ &f.nodal, "grievance.note", "{\"note\": \"x\"}", ZILA_EDENIED, "Nodal officer may not" },
		{ &f.rev_officer, "grievance.reopen", "{\"reason\": \"x\"}", ZILA_EDENIED, "may not" },
		{ &f.rev_head, "grievance.assign", "{\"officer\": \"pwd.officer\"}", ZILA_EINVAL, "not an active officer" },
		{ &f.rev_head, "grievance.assign", "{\"officer\": \"clerk\"}", ZILA_EINVAL, "not an active officer" },
		{ &f.rev_head, "grievance.assign", "{\"department\": \"PWD\", \"officer\": \"pwd.officer\"}", ZILA_ESTATE, "is a transfer" },
		{ &f.rev_head, "grievance.assign", "{}", ZILA_ESTATE, "name an officer" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		json_t *args = json_loads(cases[i].args, 0, NULL);
		enum zila_status st = act(&f, cases[i].who, cases[i].action, num, args, &err);
		ck_assert_msg(st == cases[i].want, "case %zu: status %d: %s", i, st, err.msg);
		ck_assert_msg(strstr(err.msg, cases[i].expect), "case %zu: '%s' lacks '%s'", i, err.msg, cases[i].expect);
	}
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	/* a head may not route a new grievance out of their department */
	char fresh[40];
	reg(&f, "ROAD", "pothole", fresh); /* PWD */
	ck_assert_int_eq(act(&f, &f.rev_head, "grievance.assign", fresh, NULL, &err), ZILA_EDENIED);
	reg(&f, "LAND", "record", fresh);
	ck_assert_int_eq(act(&f, &f.rev_head, "grievance.assign", fresh, json_pack("{s:s}", "department", "PWD"), &err), ZILA_EDENIED);
	ACT_OK(&f, &f.rev_head, "grievance.assign", fresh, json_pack("{s:s}", "officer", "rev.head"));
	/* and the right people may */
	ACT_OK(&f, &f.rev_officer, "grievance.dispose", num, json_pack("{s:s}", "reply", "done"));
	ACT_OK(&f, &f.rev_head, "grievance.reopen", num, json_pack("{s:s}", "reason", "again"));
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

/* The desk runs an action; the server runs it again with the same
 * mutation id and the arguments as the desk wrote them back: the same
 * rows, ids and number come out. */
START_TEST(same_mutation_makes_same_rows)
{
	static const char *const mut[] = { "01938f2a-7b00-7000-8000-000000000001", "01938f2a-7b00-7000-8000-000000000002",
		"01938f2a-7b00-7000-8000-000000000003" };
	struct fixture a, b;
	struct zila_err err = { 0 };
	char *rows[2][2];
	for (int run = 0; run < 2; run++) {
		struct fixture *f = run ? &b : &a;
		fixture_open(f);
		json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Mohan", "category", "WATER", "description", "hand pump");
		if (run) { /* the second database gets the arguments as the first wrote them */
			char *logged = query_text(&a, "SELECT args FROM outbox WHERE mutation_id = ?1", mut[0]);
			json_decref(args);
			args = json_loads(logged, 0, NULL);
			free(logged);
			ck_assert_ptr_nonnull(json_object_get(args, "number"));
		}
		struct zila_action_opts o = { .mutation_id = mut[0] };
		ck_assert_msg(zila_action_run(f->db, &f->clerk, "grievance.register", args, &o, NULL, &err) == ZILA_OK, "%s", err.msg);
		json_decref(args);
		args = json_pack("{s:s, s:s}", "grievance", "DRG/G/07/2026/000001", "note", "checked");
		o.mutation_id = mut[1];
		ck_assert_msg(zila_action_run(f->db, &f->clerk, "grievance.note", args, &o, NULL, &err) == ZILA_OK, "%s", err.msg);
		json_decref(args);
		rows[run][0] = query_text(f, "SELECT id || number || status || due_date || registered_on || created_at || version"
			" FROM grievance", NULL);
		rows[run][1] = query_text(f, "SELECT group_concat(id || kind || at, ';') FROM"
			" (SELECT * FROM grievance_event ORDER BY id)", NULL);
	}
	ck_assert_str_eq(rows[0][0], rows[1][0]);
	ck_assert_str_eq(rows[0][1], rows[1][1]);
	/* the grievance id carries the mutation's time prefix */
	ck_assert(strncmp(rows[0][0], mut[0], 13) == 0);
	for (int i = 0; i < 4; i++)
		free(rows[i / 2][i % 2]);
	fixture_close(&a);
	fixture_close(&b);
	/* and a fresh database with the same first arguments and mutation id */
	for (int run = 0; run < 2; run++) {
		struct fixture *f = run ? &b : &a;
		fixture_open(f);
		json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Mohan", "category", "WATER", "description", "hand pump");
		struct zila_action_opts o = { .mutation_id = mut[2] };
		ck_assert_msg(zila_action_run(f->db, &f->clerk, "grievance.register", args, &o, NULL, &err) == ZILA_OK, "%s", err.msg);
		json_decref(args);
		rows[run][0] = query_text(f, "SELECT g.id || g.number || e.id FROM grievance g JOIN grievance_event e"
			" ON e.grievance_id = g.id", NULL);
	}
	ck_assert_str_eq(rows[0][0], rows[1][0]);
	free(rows[0][0]);
	free(rows[1][0]);
	fixture_close(&a);
	fixture_close(&b);
}
END_TEST

/* A desk offline for days: the server runs the registration later with
 * the desk's client time, and keeps the counter's day and the due date
 * the citizen was given (the runner takes the action's date from it). */
START_TEST(server_rerun_keeps_the_counter_day)
{
	static const char mut[] = "01938f2a-7b00-7000-8000-00000000000a";
	struct fixture a, b;
	struct zila_err err = { 0 };
	fixture_open(&a);
	json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Mohan", "category", "WATER", "description", "hand pump");
	struct zila_action_opts o = { .mutation_id = mut };
	ck_assert_msg(zila_action_run(a.db, &a.clerk, "grievance.register", args, &o, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	char *logged = query_text(&a, "SELECT args FROM outbox WHERE mutation_id = ?1", mut);
	char *born = query_text(&a, "SELECT client_time FROM outbox WHERE mutation_id = ?1", mut);
	args = json_loads(logged, 0, NULL);
	free(logged);
	setenv("ZILA_NOW", "2026-11-25T10:00:00Z", 1);
	fixture_open(&b);
	o.client_time = born;
	ck_assert_msg(zila_action_run(b.db, &b.clerk, "grievance.register", args, &o, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	free(born);
	expect_field(&b, "DRG/G/07/2026/000001", "SELECT registered_on || ' ' || due_date || ' ' || created_at FROM grievance"
		" WHERE number = ?1", "2026-11-20 2026-11-27 2026-11-25T10:00:00Z");
	setenv("ZILA_NOW", NOW0, 1);
	fixture_close(&a);
	fixture_close(&b);
}
END_TEST

/* An action dated (by the desk's clock, within bounds) before the day the
 * grievance was registered is refused and changes nothing; the
 * registration's day is the one grv_load read with the row. */
START_TEST(action_dated_before_registration_is_refused)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Mohan", "category", "WATER", "description", "hand pump");
	ck_assert_msg(zila_action_run(f.db, &f.clerk, "grievance.register", args, NULL, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	char *before = db_digest(&f);
	struct zila_action_opts o = { .client_time = "2026-11-18T06:00:00Z" };
	args = json_pack("{s:s}", "grievance", "DRG/G/07/2026/000001");
	ck_assert_int_eq(zila_action_run(f.db, &f.clerk, "grievance.assign", args, &o, NULL, &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, "dated 2026-11-18, before DRG/G/07/2026/000001 was registered (2026-11-20)"), "%s", err.msg);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	/* the same day is not before it */
	o.client_time = "2026-11-20T05:00:00Z";
	ck_assert_msg(zila_action_run(f.db, &f.clerk, "grievance.assign", args, &o, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	fixture_close(&f);
}
END_TEST

START_TEST(attachments_at_registration_and_later)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sha[65], num[40];
	json_t *g = NULL;
	fixture_open(&f);
	static const unsigned char jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F' };
	ck_assert_int_eq(zila_blob_put_mem(f.db, jpeg, sizeof jpeg, sha, &err), ZILA_OK);
	json_t *args = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:i}]}", "citizen_name", "A", "category", "ROAD",
		"description", "pothole photo", "attachments", "sha256", sha, "name", "pothole.jpg", "mime", "image/jpeg",
		"size", (int)sizeof jpeg);
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	snprintf(num, sizeof num, "DRG/G/07/2026/000001");
	/* the size must be the stored blob's */
	ck_assert_int_eq(act(&f, &f.pwd_officer, "grievance.attach", num, json_pack("{s:s, s:s, s:s, s:i}", "sha256", sha,
		"name", "again.jpg", "mime", "image/jpeg", "size", 99), &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, "size"), "%s", err.msg);
	ACT_OK(&f, &f.pwd_officer, "grievance.attach", num, json_pack("{s:s, s:s, s:s, s:i, s:s}", "sha256", sha,
		"name", "again.jpg", "mime", "image/jpeg", "size", (int)sizeof jpeg, "kind", "document"));
	ck_assert_int_eq(zila_grievance_get(f.db, num, &g, &err), ZILA_OK);
	json_t *atts = json_object_get(g, "attachments");
	ck_assert_int_eq(json_array_size(atts), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(atts, 0), "kind")), "photo");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(atts, 1), "kind")), "document");
	ck_assert(json_is_true(json_object_get(json_array_get(atts, 0), "present")));
	json_decref(g);
	/* a blob whose file went missing is not present */
	char path[4096];
	ck_assert_int_eq(zila_blob_path(f.db, sha, path, sizeof path, &err), ZILA_OK);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(zila_grievance_get(f.db, num, &g, &err), ZILA_OK);
	ck_assert(json_is_false(json_object_get(json_array_get(json_object_get(g, "attachments"), 0), "present")));
	json_decref(g);
	expect_field(&f, num, "SELECT group_concat(e.note) FROM grievance_event e JOIN grievance g ON g.id = e.grievance_id"
		" WHERE number = ?1 AND kind = 'attached'", "again.jpg");
	fixture_close(&f);
}
END_TEST

Suite *
grievance_suite(void)
{
	Suite *s = suite_create("grievance");
	TCase *tc = tcase_create("actions");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, register_gives_number_due_date_and_event);
	tcase_add_test(tc, bad_input_is_refused_without_change);
	tcase_add_test(tc, sql_metacharacters_are_stored_verbatim);
	tcase_add_test(tc, every_transition_legal_and_illegal);
	tcase_add_test(tc, whole_life_and_its_events);
	tcase_add_test(tc, transfer_at_most_three_times);
	tcase_add_test(tc, appeal_within_thirty_days_once);
	tcase_add_test(tc, due_date_and_overdue);
	tcase_add_test(tc, roles_and_departments);
	tcase_add_test(tc, same_mutation_makes_same_rows);
	tcase_add_test(tc, server_rerun_keeps_the_counter_day);
	tcase_add_test(tc, attachments_at_registration_and_later);
	tcase_add_test(tc, action_dated_before_registration_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
