/* test_letter.c: the TL actions: every letter action, every legal and
 * illegal transition of the marking state machine in letter.h, the
 * department rule for replies, the letter closing with its last marking,
 * bad input refused without any change, and the same action making the
 * same rows on another database. The lists are in test_letter_query.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "test_letter.h"
#include "zila/letter.h"
#include "zila/master.h"
#include "zila/util.h"

/* Diarises a letter as the clerk with marks given as "REV:15,PWD:7";
 * number gets its inward number. */
void
letter_diarise(struct fixture *f, const char *subject, const char *marks, char *number)
{
	struct zila_err err = { 0 };
	json_t *res = NULL, *m = json_array();
	json_t *args = json_pack("{s:s, s:s}", "sender", "Commissioner, Durg", "subject", subject);
	char buf[128];
	snprintf(buf, sizeof buf, "%s", marks ? marks : "");
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		char *colon = strchr(tok, ':');
		*colon = '\0';
		json_array_append_new(m, json_pack("{s:s, s:i}", "department", tok, "days", atoi(colon + 1)));
	}
	json_object_set_new(args, "marks", m);
	enum zila_status st = run_action(f, &f->clerk, "letter.create", args, &res, &err);
	ck_assert_msg(st == ZILA_OK, "create: %s", err.msg);
	snprintf(number, 40, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
}

/* Runs a letter action on number with extra arguments (stolen). */
enum zila_status
letter_act(struct fixture *f, const struct zila_actor *who, const char *action, const char *number, json_t *extra,
	struct zila_err *err)
{
	json_t *args = extra ? extra : json_object();
	json_object_set_new(args, "letter", json_string(number));
	enum zila_status st = run_action(f, who, action, args, NULL, err);
	json_decref(args);
	return st;
}

/* One text value of a query with one text parameter ("(null)" if none). */
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
expect_text(struct fixture *f, const char *sql, const char *param, const char *want)
{
	char *got = query_text(f, sql, param);
	ck_assert_msg(strcmp(got, want) == 0, "%s [%s]: got '%s', wanted '%s'", sql, param, got, want);
	free(got);
}

/* The status of the letter's marking to a department, "(null)" if none. */
#define MARKING_STATUS(dept) \
	"SELECT m.status FROM letter_marking m JOIN letter l ON l.id = m.letter_id JOIN department d" \
	" ON d.id = m.department_id WHERE l.number = ?1 AND d.code = '" dept "'"
#define LETTER_STATUS "SELECT status FROM letter WHERE number = ?1"
#define EVENTS "SELECT group_concat(kind, ' ') FROM (SELECT e.kind FROM letter_event e JOIN letter l" \
	" ON l.id = e.letter_id WHERE l.number = ?1 ORDER BY e.rowid)"

START_TEST(create_marks_in_one_transaction)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *res = NULL;
	fixture_open(&f);
	json_t *args = json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:i}, {s:s, s:i}]}", "sender", "SDM Patan",
		"subject", "भूमि अभिलेख का सत्यापन", "sender_ref", "SDM/2026/77", "letter_date", "2026-11-18",
		"marks", "department", "REV", "days", 15, "department", "pwd", "days", 7);
	ck_assert_msg(run_action(&f, &f.clerk, "letter.create", args, &res, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	char number[40];
	snprintf(number, sizeof number, "%s", json_string_value(json_object_get(res, "number")));
	ck_assert_str_eq(number, "DRG/L/07/2026/00001");
	ck_assert_int_eq(json_array_size(json_object_get(res, "markings")), 2);
	expect_text(&f, "SELECT received_on || '|' || subject || '|' || sender_ref || '|' || letter_date || '|' || status"
		" FROM letter WHERE number = ?1", number, "2026-11-20|भूमि अभिलेख का सत्यापन|SDM/2026/77|2026-11-18|open");
	expect_text(&f, "SELECT group_concat(d.code || ':' || m.due_date || ':' || m.status, ' ') FROM (SELECT * FROM"
		" letter_marking ORDER BY rowid) m JOIN department d ON d.id = m.department_id", NULL,
		"REV:2026-12-05:pending PWD:2026-11-27:pending");
	expect_text(&f, EVENTS, number, "created marked marked");
	/* the generated id, number and date are in the audit and outbox rows */
	expect_text(&f, "SELECT json_extract(args, '$.number') || ' ' || json_extract(args, '$.received_on')"
		" || ' ' || (json_extract(args, '$.id') = (SELECT id FROM letter)) FROM outbox WHERE action = 'letter.create'",
		NULL, "DRG/L/07/2026/00001 2026-11-20 1");
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log WHERE action = 'letter.create'"), 1);
	json_decref(res);

	/* mark: one more department, due from today; the letter's version rises */
	json_t *extra = json_pack("{s:s, s:i, s:s}", "department", "HEALTH", "days", 10, "note", "for comments");
	ck_assert_int_eq(letter_act(&f, &f.collector, "letter.mark", number, extra, &err), ZILA_OK);
	expect_text(&f, "SELECT m.due_date || ' ' || m.marked_on FROM letter_marking m JOIN department d"
		" ON d.id = m.department_id WHERE d.code = 'HEALTH'", NULL, "2026-11-30 2026-11-20");
	ck_assert_int_eq(query_int(&f, "SELECT version FROM letter"), 2);
	expect_text(&f, "SELECT note FROM letter_event ORDER BY rowid DESC LIMIT 1", NULL, "for comments");
	/* a letter with no marks, received earlier; the next number */
	char second[40];
	letter_diarise(&f, "Road repair", NULL, second);
	ck_assert_str_eq(second, "DRG/L/07/2026/00002");
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_marking"), 3);
	fixture_close(&f);
}
END_TEST

/* Every legal transition, the whole life of a letter. */
START_TEST(legal_transitions)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n[40], n2[40], n3[40];
	fixture_open(&f);
	letter_diarise(&f, "Land records", "REV:15,PWD:7,HEALTH:10", n);
	/* remind every pending marking, then one */
	ACT_OK(&f, &f.clerk, "letter.remind", n, json_pack("{s:s}", "note", "please reply"));
	ACT_OK(&f, &f.collector, "letter.remind", n, json_pack("{s:s}", "department", "PWD"));
	expect_text(&f, "SELECT group_concat(reminders, ',') FROM (SELECT reminders FROM letter_marking ORDER BY rowid)",
		NULL, "1,2,1");
	expect_text(&f, "SELECT last_reminded_on FROM letter_marking LIMIT 1", NULL, "2026-11-20");
	/* reply: the officer's own department by default; the head names it */
	ACT_OK(&f, &f.rev_officer, "letter.reply", n, json_pack("{s:s, s:s}", "reply", "सत्यापन पूर्ण", "reply_ref", "R/1"));
	expect_text(&f, MARKING_STATUS("REV"), n, "replied");
	expect_text(&f, "SELECT reply_text || '|' || reply_ref || '|' || replied_on FROM letter_marking WHERE status = 'replied'",
		NULL, "सत्यापन पूर्ण|R/1|2026-11-20");
	ACT_OK(&f, &f.pwd_officer, "letter.reply", n, json_pack("{s:s, s:s, s:s}", "reply", "done", "department", "PWD",
		"replied_on", "2026-11-20"));
	/* replied -> closed by the clerk; the letter stays open */
	ACT_OK(&f, &f.clerk, "letter.close", n, json_pack("{s:s}", "department", "REV"));
	expect_text(&f, MARKING_STATUS("REV"), n, "closed");
	expect_text(&f, LETTER_STATUS, n, "open");
	/* pending -> closed by the Collector with a note; then the last one
	 * (replied) closes and takes the letter with it */
	ACT_OK(&f, &f.collector, "letter.close", n, json_pack("{s:s, s:s}", "department", "HEALTH", "note", "not needed"));
	expect_text(&f, LETTER_STATUS, n, "open");
	ACT_OK(&f, &f.clerk, "letter.close", n, NULL);
	expect_text(&f, LETTER_STATUS, n, "closed");
	expect_text(&f, EVENTS, n, "created marked marked marked reminded reminded reminded reminded replied replied"
		" closed closed closed letter_closed");
	expect_text(&f, "SELECT closed_at FROM letter WHERE number = ?1", n, NOW0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_marking WHERE closed_on = '2026-11-20'"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT version FROM letter"), 8);

	/* close with no department closes every open marking at once (admin
	 * may close pending ones with a note) */
	letter_diarise(&f, "Two markings", "REV:5,PWD:5", n2);
	ACT_OK(&f, &f.admin, "letter.close", n2, json_pack("{s:s}", "note", "withdrawn by sender"));
	expect_text(&f, LETTER_STATUS, n2, "closed");
	expect_text(&f, EVENTS, n2, "created marked marked closed closed letter_closed");
	/* a letter marked to nobody is filed by closing it */
	letter_diarise(&f, "For information", NULL, n3);
	ACT_OK(&f, &f.clerk, "letter.close", n3, NULL);
	expect_text(&f, EVENTS, n3, "created letter_closed");
	ck_assert_int_eq(letter_act(&f, &f.clerk, "letter.close", n3, NULL, &err), ZILA_ESTATE);
	fixture_close(&f);
}
END_TEST

/* Every illegal transition is refused with ZILA_ESTATE (or the role's
 * refusal) naming the present state, and changes nothing. */
START_TEST(illegal_transitions_change_nothing)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char a[40], b[40], c[40];
	fixture_open(&f);
	letter_diarise(&f, "A", "REV:15,PWD:7,HEALTH:10", a);
	ACT_OK(&f, &f.pwd_officer, "letter.reply", a, json_pack("{s:s}", "reply", "done"));
	ACT_OK(&f, &f.collector, "letter.close", a, json_pack("{s:s, s:s}", "department", "HEALTH", "note", "dropped"));
	letter_diarise(&f, "B", "PHED:3", b);
	ACT_OK(&f, &f.collector, "letter.close", b, json_pack("{s:s}", "note", "dropped"));
	letter_diarise(&f, "C", "PWD:3", c);
	ACT_OK(&f, &f.pwd_officer, "letter.reply", c, json_pack("{s:s}", "reply", "done"));
	struct {
		const struct zila_actor *who;
		const char *action, *letter;
		json_t *extra;
		enum zila_status code;
		const char *expect;
	} cases[] = {
		{ &f.clerk, "letter.mark", a, json_pack("{s:s, s:i}", "department", "REV", "days", 5), ZILA_ESTATE,
		  "letter DRG/L/07/2026/00001 is already marked to REV" },
		{ &f.clerk, "letter.mark", a, json_pack("{s:s, s:i}", "department", "PWD", "days", 5), ZILA_ESTATE,
		  "already marked to PWD (replied)" },
		{ &f.clerk, "letter.mark", a, json_pack("{s:s, s:i}", "department", "HEALTH", "days", 5), ZILA_ESTATE,
		  "already marked to HEALTH (closed)" },
		{ &f.clerk, "letter.mark", b, json_pack("{s:s, s:i}", "department", "REV", "days", 5), ZILA_ESTATE, "is closed" },
		{ &f.clerk, "letter.remind", a, json_pack("{s:s}", "department", "PWD"), ZILA_ESTATE, "PWD is replied, not pending" },
		{ &f.clerk, "letter.remind", a, json_pack("{s:s}", "department", "HEALTH"), ZILA_ESTATE, "HEALTH is closed, not pending" },
		{ &f.clerk, "letter.remind", a, json_pack("{s:s}", "department", "PHED"), ZILA_ESTATE, "is not marked to PHED" },
		{ &f.clerk, "letter.remind", b, NULL, ZILA_ESTATE, "DRG/L/07/2026/00002 is closed" },
		{ &f.clerk, "letter.remind", c, NULL, ZILA_ESTATE, "has no pending marking" },
		{ &f.pwd_officer, "letter.reply", a, json_pack("{s:s}", "reply", "again"), ZILA_ESTATE, "PWD is already replied" },
		{ &f.admin, "letter.reply", a, json_pack("{s:s, s:s}", "reply", "x", "department", "HEALTH"), ZILA_ESTATE,
		  "HEALTH is already closed" },
		{ &f.admin, "letter.reply", a, json_pack("{s:s, s:s}", "reply", "x", "department", "PHED"), ZILA_ESTATE,
		  "not marked to PHED" },
		{ &f.admin, "letter.reply", b, json_pack("{s:s, s:s}", "reply", "x", "department", "PHED"), ZILA_ESTATE,
		  "PHED is already closed" },
		{ &f.clerk, "letter.close", a, json_pack("{s:s}", "department", "HEALTH"), ZILA_ESTATE, "HEALTH is already closed" },
		{ &f.clerk, "letter.close", a, json_pack("{s:s}", "department", "PHED"), ZILA_ESTATE, "not marked to PHED" },
		{ &f.clerk, "letter.close", b, NULL, ZILA_ESTATE, "DRG/L/07/2026/00002 is already closed" },
		/* pending -> closed: Collector or admin only, and with a note */
		{ &f.clerk, "letter.close", a, json_pack("{s:s}", "department", "REV"), ZILA_EDENIED, "REV is pending" },
		{ &f.clerk, "letter.close", a, NULL, ZILA_EDENIED, "only the Collector or an admin" },
		{ &f.collector, "letter.close", a, json_pack("{s:s}", "department", "REV"), ZILA_EINVAL, "note is required" },
		/* roles: the role table is the first gate */
		{ &f.clerk, "letter.reply", a, json_pack("{s:s, s:s}", "reply", "x", "department", "REV"), ZILA_EDENIED,
		  "may not do letter.reply" },
		{ &f.rev_officer, "letter.mark", c, json_pack("{s:s, s:i}", "department", "REV", "days", 5), ZILA_EDENIED,
		  "may not do letter.mark" },
		{ &f.nodal, "letter.close", c, NULL, ZILA_EDENIED, "may not do letter.close" },
	};
	char *before = db_digest(&f);
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		enum zila_status st = letter_act(&f, cases[i].who, cases[i].action, cases[i].letter, cases[i].extra, &err);
		ck_assert_msg(st == cases[i].code, "case %zu (%s): %s, wanted %s: %s", i, cases[i].action,
			zila_status_name(st), zila_status_name(cases[i].code), err.msg);
		ck_assert_msg(strstr(err.msg, cases[i].expect), "case %zu: '%s' lacks '%s'", i, err.msg, cases[i].expect);
		char *after = db_digest(&f);
		ck_assert_msg(strcmp(before, after) == 0, "case %zu changed the database", i);
		free(after);
	}
	free(before);
	fixture_close(&f);
}
END_TEST

/* Officers and heads reply only for their own department. */
START_TEST(reply_by_another_department_refused)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n[40], p[40];
	fixture_open(&f);
	letter_diarise(&f, "Land", "REV:15", n);
	letter_diarise(&f, "Road", "PWD:15", p);
	char *before = db_digest(&f);
	ck_assert_int_eq(letter_act(&f, &f.pwd_officer, "letter.reply", n, json_pack("{s:s, s:s}", "reply", "x", "department", "REV"),
		&err), ZILA_EDENIED);
	ck_assert_ptr_nonnull(strstr(err.msg, "another department"));
	/* the officer's own department by default: not marked on this letter */
	ck_assert_int_eq(letter_act(&f, &f.rev_officer, "letter.reply", p, json_pack("{s:s}", "reply", "x"), &err), ZILA_ESTATE);
	ck_assert_ptr_nonnull(strstr(err.msg, "not marked to REV"));
	ck_assert_int_eq(letter_act(&f, &f.rev_head, "letter.reply", p, json_pack("{s:s, s:s}", "reply", "x", "department", "PWD"),
		&err), ZILA_EDENIED);
	/* an admin belongs to no department and must name one */
	ck_assert_int_eq(letter_act(&f, &f.admin, "letter.reply", n, json_pack("{s:s}", "reply", "x"), &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "department is required"));
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	ACT_OK(&f, &f.rev_head, "letter.reply", n, json_pack("{s:s}", "reply", "ok"));
	expect_text(&f, MARKING_STATUS("REV"), n, "replied");
	/* the department the reply took is written back, by code */
	expect_text(&f, "SELECT json_extract(args, '$.department') FROM outbox WHERE action = 'letter.reply'", NULL, "REV");
	fixture_close(&f);
}
END_TEST

START_TEST(bad_input_is_refused_naming_the_field)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n[40], longtext[600];
	fixture_open(&f);
	letter_diarise(&f, "Land", "REV:15", n);
	memset(longtext, 'x', 501);
	longtext[501] = '\0';
	json_t *bad_utf8 = json_object();
	json_object_set_new(bad_utf8, "sender", json_string("S"));
	json_object_set_new(bad_utf8, "subject", json_stringn_nocheck("a\xff\xfe", 3));
	struct {
		const char *action;
		json_t *args;
		const char *expect;
	} cases[] = {
		{ "letter.create", json_pack("{s:s}", "subject", "x"), "sender is required" },
		{ "letter.create", json_pack("{s:s, s:s}", "sender", "S", "subject", "   "), "subject is required" },
		{ "letter.create", json_pack("{s:i, s:s}", "sender", 5, "subject", "x"), "sender must be text" },
		{ "letter.create", json_pack("{s:s, s:s}", "sender", "S", "subject", longtext), "subject is too long" },
		{ "letter.create", bad_utf8, "subject contains characters that are not allowed" },
		{ "letter.create", json_pack("{s:s, s:s}", "sender", "a\nb", "subject", "x"), "sender contains" },
		{ "letter.create", json_pack("{s:s, s:s, s:s}", "sender", "S", "subject", "x", "received_on", "2026-11-21"),
		  "received_on must not be in the future" },
		{ "letter.create", json_pack("{s:s, s:s, s:s}", "sender", "S", "subject", "x", "received_on", "2026-02-30"),
		  "received_on must be a date" },
		{ "letter.create", json_pack("{s:s, s:s, s:s}", "sender", "S", "subject", "x", "letter_date", "2026-11-20x"),
		  "letter_date" },
		{ "letter.create", json_pack("{s:s, s:s, s:s, s:s}", "sender", "S", "subject", "x", "received_on", "2026-11-01",
		  "letter_date", "2026-11-02"), "letter_date must not be after received_on" },
		{ "letter.create", json_pack("{s:s, s:s, s:s}", "sender", "S", "subject", "x", "marks", "REV"), "marks must be a list" },
		{ "letter.create", json_pack("{s:s, s:s, s:[s]}", "sender", "S", "subject", "x", "marks", "REV"), "marks, item 1" },
		{ "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:i}]}", "sender", "S", "subject", "x", "marks", "department",
		  "REV", "days", 0), "marks, item 1: days must be between 1 and 365" },
		{ "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:i}, {s:s, s:i}]}", "sender", "S", "subject", "x", "marks",
		  "department", "REV", "days", 5, "department", "PWD", "days", 366), "marks, item 2: days must be between" },
		{ "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:s}]}", "sender", "S", "subject", "x", "marks", "department",
		  "REV", "days", "5"), "days must be a whole number" },
		{ "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:i}]}", "sender", "S", "subject", "x", "marks", "department",
		  "NOPE", "days", 5), "no department 'NOPE'" },
		{ "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:i, s:s}]}", "sender", "S", "subject", "x", "marks", "department",
		  "REV", "days", 5, "note", "x"), "unknown field 'note'" },
		{ "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:i}, {s:s, s:i}]}", "sender", "S", "subject", "x", "marks",
		  "department", "REV", "days", 5, "department", "rev", "days", 6), "already marked to REV" },
		{ "letter.create", json_pack("{s:s, s:s, s:s}", "sender", "S", "subject", "x", "colour", "red"), "unknown field 'colour'" },
		{ "letter.create", json_pack("{s:s, s:s, s:s}", "sender", "S", "subject", "x", "number", "DRG/G/07/2026/000001"),
		  "number must look like" },
		{ "letter.create", json_pack("{s:s, s:s, s:s}", "sender", "S", "subject", "x", "number", n), "already exists" },
		{ "letter.create", json_pack("{s:s, s:s, s:s}", "sender", "S", "subject", "x", "id", "1; DROP TABLE letter"), "id must be a UUID" },
		{ "letter.mark", json_pack("{s:s, s:i}", "department", "PWD", "days", 5), "letter is required" },
		{ "letter.mark", json_pack("{s:s, s:s, s:i}", "letter", "DRG/L/07/2026/99999", "department", "PWD", "days", 5),
		  "no letter 'DRG/L/07/2026/99999'" },
		{ "letter.mark", json_pack("{s:s, s:s, s:i}", "letter", n, "department", "PWD", "days", 0), "days must be between 1 and 365" },
		{ "letter.mark", json_pack("{s:s, s:s, s:i}", "letter", n, "department", "PWD", "days", 366), "days must be between" },
		{ "letter.mark", json_pack("{s:s, s:s, s:f}", "letter", n, "department", "PWD", "days", 5.5), "days must be a whole number" },
		{ "letter.mark", json_pack("{s:s, s:s}", "letter", n, "department", "PWD"), "days is required" },
		{ "letter.mark", json_pack("{s:s, s:i}", "letter", n, "days", 5), "department is required" },
		{ "letter.mark", json_pack("{s:s, s:s, s:i}", "letter", n, "department", "PWD'--", "days", 5), "no department" },
		{ "letter.reply", json_pack("{s:s, s:s}", "letter", n, "department", "REV"), "reply is required" },
		{ "letter.reply", json_pack("{s:s, s:s, s:s, s:s}", "letter", n, "department", "REV", "reply", "x", "replied_on",
		  "2026-11-21"), "replied_on must not be in the future" },
		{ "letter.reply", json_pack("{s:s, s:s, s:s, s:s}", "letter", n, "department", "REV", "reply", "x", "replied_on",
		  "2026-11-19"), "replied_on must not be before the marking" },
		{ "letter.remind", json_pack("{s:s, s:i}", "letter", n, "note", 5), "note must be text" },
		{ "letter.close", json_pack("{s:i}", "letter", 12), "letter must be text" },
	};
	char *before = db_digest(&f);
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		ck_assert_ptr_nonnull(cases[i].args);
		enum zila_status st = run_action(&f, &f.admin, cases[i].action, cases[i].args, NULL, &err);
		ck_assert_msg(st != ZILA_OK, "case %zu was accepted", i);
		ck_assert_msg(strstr(err.msg, cases[i].expect) != NULL, "case %zu: '%s' lacks '%s'", i, err.msg, cases[i].expect);
		json_decref(cases[i].args);
	}
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);

	/* SQL metacharacters are text like any other, stored as typed */
	json_t *res = NULL;
	json_t *args = json_pack("{s:s, s:s, s:s}", "sender", "O'Brien\"; DROP TABLE letter; --",
		"subject", "x'); DELETE FROM letter_marking; -- % _ \\", "remarks", "line one\nline two");
	ck_assert_msg(run_action(&f, &f.clerk, "letter.create", args, &res, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	expect_text(&f, "SELECT sender || '|' || subject || '|' || remarks FROM letter WHERE number = ?1",
		json_string_value(json_object_get(res, "number")),
		"O'Brien\"; DROP TABLE letter; --|x'); DELETE FROM letter_marking; -- % _ \\|line one\nline two");
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_marking"), 1);
	json_decref(res);
	fixture_close(&f);
}
END_TEST

/* Runs an action with a fixed mutation id; returns the arguments the
 * outbox kept (what the server would run). */
static json_t *
run_fixed(struct fixture *f, const struct zila_actor *who, const char *action, json_t *args, const char *mutation)
{
	struct zila_err err = { 0 };
	struct zila_action_opts opts = { .mutation_id = mutation };
	ck_assert_msg(zila_action_run(f->db, who, action, args, &opts, NULL, &err) == ZILA_OK, "%s: %s", action, err.msg);
	char *kept = query_text(f, "SELECT args FROM outbox WHERE mutation_id = ?1", mutation);
	json_t *out = json_loads(kept, 0, NULL);
	free(kept);
	ck_assert_ptr_nonnull(out);
	return out;
}

START_TEST(same_mutation_makes_the_same_rows_elsewhere)
{
	struct fixture a, b;
	char other[40];
	static const char *const muts[] = { "019ab1c2-0000-7000-8000-000000000001", "019ab1c2-0000-7000-8000-000000000002",
		"019ab1c2-0000-7000-8000-000000000003", "019ab1c2-0000-7000-8000-000000000004",
		"019ab1c2-0000-7000-8000-000000000005" };
	static const char *const ids_sql =
		"SELECT (SELECT group_concat(id || number, ',') FROM (SELECT id, number FROM letter WHERE number = 'DRG/L/07/2026/00001' ORDER BY id))"
		" || (SELECT group_concat(id || due_date || status, ',') FROM (SELECT m.id, m.due_date, m.status FROM letter_marking m"
		" JOIN letter l ON l.id = m.letter_id WHERE l.number = 'DRG/L/07/2026/00001' ORDER BY m.id))"
		" || (SELECT group_concat(id || kind, ',') FROM (SELECT e.id, e.kind FROM letter_event e JOIN letter l"
		" ON l.id = e.letter_id WHERE l.number = 'DRG/L/07/2026/00001' ORDER BY e.id))";
	fixture_open(&a);
	fixture_open(&b);
	/* b (think of the server) is another desk that already has a letter of
	 * its own, so a number b made would differ */
	struct zila_err err = { 0 };
	ck_assert_int_eq(zila_meta_set(b.db, "desk_code", "08", &err), ZILA_OK);
	letter_diarise(&b, "Other", "PWD:3", other);
	ck_assert_str_eq(other, "DRG/L/08/2026/00001");
	json_t *steps[5] = {
		json_pack("{s:s, s:s, s:[{s:s, s:i}, {s:s, s:i}]}", "sender", "S", "subject", "x", "marks", "department", "REV",
			"days", 15, "department", "PWD", "days", 7),
		json_pack("{s:s, s:s, s:i}", "letter", "DRG/L/07/2026/00001", "department", "HEALTH", "days", 4),
		json_pack("{s:s}", "letter", "DRG/L/07/2026/00001"),
		json_pack("{s:s, s:s}", "letter", "DRG/L/07/2026/00001", "reply", "done"),
		json_pack("{s:s, s:s}", "letter", "DRG/L/07/2026/00001", "note", "all done"),
	};
	static const char *const actions[] = { "letter.create", "letter.mark", "letter.remind", "letter.reply", "letter.close" };
	const struct zila_actor *who_a[] = { &a.clerk, &a.clerk, &a.clerk, &a.rev_officer, &a.collector };
	const struct zila_actor *who_b[] = { &b.clerk, &b.clerk, &b.clerk, &b.rev_officer, &b.collector };
	for (int i = 0; i < 5; i++) {
		json_t *kept = run_fixed(&a, who_a[i], actions[i], steps[i], muts[i]);
		json_t *again = run_fixed(&b, who_b[i], actions[i], kept, muts[i]);
		ck_assert_msg(json_equal(kept, again), "step %d: the arguments changed on the second run", i);
		json_decref(kept);
		json_decref(again);
		json_decref(steps[i]);
	}
	char *ia = query_text(&a, ids_sql, NULL), *ib = query_text(&b, ids_sql, NULL);
	ck_assert_str_eq(ia, ib);
	ck_assert_int_gt(strlen(ia), 36 * 10);
	free(ia);
	free(ib);
	ck_assert_int_eq(query_int(&b, "SELECT count(*) FROM letter WHERE status = 'closed'"), 1);
	fixture_close(&a);
	fixture_close(&b);
}
END_TEST
/* A desk's clock dates an action (within action.c's bounds, which the
 * server applies to what a desk pushed): no letter action may be dated
 * before the letter was received, nor before the marking or reply it
 * follows on; refusals change nothing. */
START_TEST(backdated_actions_refused)
{
	struct zila_err err = { 0 };
	struct fixture f;
	json_t *res = NULL;
	fixture_open(&f);
	json_t *args = json_pack("{s:s, s:s, s:s, s:[{s:s, s:i}]}", "sender", "Commissioner, Durg", "subject", "s",
		"received_on", "2026-11-10", "marks", "department", "REV", "days", 15);
	ck_assert_msg(run_action(&f, &f.clerk, "letter.create", args, &res, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	char num[40];
	snprintf(num, sizeof num, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	char *digest = db_digest(&f);
	struct {
		const struct zila_actor *who;
		const char *action, *time, *expect;
		json_t *args;
	} cases[] = {
		{ &f.clerk, "letter.mark", "2026-11-05T06:00:00Z", "dated 2026-11-05, before letter",
			json_pack("{s:s, s:s, s:i}", "letter", num, "department", "PWD", "days", 7) },
		{ &f.clerk, "letter.remind", "2026-11-15T06:00:00Z", "before the marking or reply it follows",
			json_pack("{s:s}", "letter", num) },
		{ &f.clerk, "letter.remind", "2026-11-15T06:00:00Z", "(2026-11-20)",
			json_pack("{s:s, s:s}", "letter", num, "department", "REV") },
		{ &f.collector, "letter.close", "2026-11-12T06:00:00Z", "before the marking or reply it follows",
			json_pack("{s:s, s:s}", "letter", num, "note", "n") },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		struct zila_action_opts o = { .client_time = cases[i].time };
		ck_assert_int_eq(zila_action_run(f.db, cases[i].who, cases[i].action, cases[i].args, &o, NULL, &err), ZILA_EINVAL);
		ck_assert_msg(strstr(err.msg, cases[i].expect), "case %zu: '%s' lacks '%s'", i, err.msg, cases[i].expect);
		json_decref(cases[i].args);
	}
	char *after = db_digest(&f);
	ck_assert_str_eq(digest, after);
	free(after);
	free(digest);
	/* dated after the letter came, a new marking is taken */
	struct zila_action_opts o = { .client_time = "2026-11-12T06:00:00Z" };
	args = json_pack("{s:s, s:s, s:i}", "letter", num, "department", "PWD", "days", 7);
	ck_assert_msg(zila_action_run(f.db, &f.clerk, "letter.mark", args, &o, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_marking WHERE marked_on = '2026-11-12'"), 1);
	fixture_close(&f);
}
END_TEST

Suite *
letter_suite(void)
{
	Suite *s = suite_create("letter");
	TCase *tc = tcase_create("letter");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, create_marks_in_one_transaction);
	tcase_add_test(tc, legal_transitions);
	tcase_add_test(tc, illegal_transitions_change_nothing);
	tcase_add_test(tc, reply_by_another_department_refused);
	tcase_add_test(tc, bad_input_is_refused_naming_the_field);
	tcase_add_test(tc, same_mutation_makes_the_same_rows_elsewhere);
	tcase_add_test(tc, backdated_actions_refused);
	suite_add_tcase(s, tc);
	return s;
}
