/* test_inspection.c: panchayat inspections and suggestions: the
 * fortnight, record/replace/submit, both state machines (every legal and
 * illegal move), record-level rules, bad input refused without change,
 * derived ids, and the list/get queries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "testlib.h"
#include "zila/inspection.h"
#include "zila/master.h"
#include "zila/util.h"

/* The three checklist items of the fixture, all answered. */
static json_t *
all_answers(void)
{
	return json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s, s:s}]", "item", "ATT", "rating", "good", "item", "REC",
		"rating", "average", "item", "WAT", "rating", "poor", "remark", "हैंडपंप खराब");
}

/* Two suggestions: one for REV, one for PWD. */
static json_t *
two_suggestions(void)
{
	return json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "text", "खसरा अद्यतन करें", "department", "REV",
		"target_date", "2026-11-18", "text", "Repair the approach road", "department", "PWD", "target_date", "2026-12-15");
}

/* inspection.record args; answers and suggestions are taken over. */
static json_t *
record_args(const char *gp, const char *date, json_t *answers, json_t *suggestions)
{
	json_t *a = json_pack("{s:s, s:s, s:s, s:o}", "gp", gp, "inspected_on", date, "observations",
		"ग्राम पंचायत भवन साफ़ है", "answers", answers);
	if (suggestions)
		json_object_set_new(a, "suggestions", suggestions);
	return a;
}

/* record_args naming the nodal officer, as an admin must. */
static json_t *
record_for(const char *nodal, const char *gp, const char *date, json_t *answers, json_t *suggestions)
{
	json_t *a = record_args(gp, date, answers, suggestions);
	json_object_set_new(a, "nodal", json_string(nodal));
	return a;
}

/* Records and returns the result (fails the test on refusal). */
static json_t *
record_ok(struct fixture *f, const struct zila_actor *who, json_t *args)
{
	struct zila_err err = { 0 };
	json_t *res = NULL;
	enum zila_status st = run_action(f, who, "inspection.record", args, &res, &err);
	json_decref(args);
	ck_assert_msg(st == ZILA_OK, "record: %s", err.msg);
	return res;
}

/* Runs an action from args (taken over) and returns its status. */
static enum zila_status
act(struct fixture *f, const struct zila_actor *who, const char *action, json_t *args, struct zila_err *err)
{
	enum zila_status st = run_action(f, who, action, args, NULL, err);
	json_decref(args);
	return st;
}

/* An action that must be refused with code and leave the database as it
 * was; the message must contain expect. */
static void
refused(struct fixture *f, const struct zila_actor *who, const char *action, json_t *args,
	enum zila_status code, const char *expect)
{
	struct zila_err err = { 0 };
	char *before = db_digest(f);
	enum zila_status st = act(f, who, action, args, &err);
	ck_assert_msg(st == code, "%s: status %s, wanted %s (%s)", action, zila_status_name(st),
		zila_status_name(code), err.msg);
	ck_assert_msg(strstr(err.msg, expect) != NULL, "%s: '%s' lacks '%s'", action, err.msg, expect);
	char *after = db_digest(f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}

/* The id of the n-th suggestion (in the order given) of the only or
 * first inspection. */
static void
suggestion_id(struct fixture *f, int n, char *id)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f->db),
		"SELECT id FROM suggestion ORDER BY rowid LIMIT 1 OFFSET ?1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int(st, 1, n);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(id, 40, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* A submitted inspection with a REV (first) and a PWD suggestion. */
static json_t *
submitted_inspection(struct fixture *f)
{
	struct zila_err err = { 0 };
	json_t *res = record_ok(f, &f->nodal, record_args("200101", "2026-11-16", all_answers(), two_suggestions()));
	ck_assert_msg(act(f, &f->nodal, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(res, "number")),
		&err) == ZILA_OK, "submit: %s", err.msg);
	return res;
}

/* A second nodal officer, assigned 200102 only. */
static void
add_nodal2(struct fixture *f, struct zila_actor *a)
{
	struct zila_err err = { 0 };
	json_t *args = json_pack("{s:s, s:s, s:s}", "login", "nodal2", "name", "N2", "role", "nodal");
	fixture_key_args(args, NULL);
	ck_assert_int_eq(act(f, &f->admin, "user.add", args, &err), ZILA_OK);
	ck_assert_int_eq(act(f, &f->admin, "master.nodal", json_pack("{s:s, s:s}", "user", "nodal2", "gp", "200102"), &err),
		ZILA_OK);
	ck_assert_int_eq(zila_actor_load(f->db, "nodal2", a, &err), ZILA_OK);
}

START_TEST(fortnight_of_a_date)
{
	static const struct {
		const char *date, *want;
	} cases[] = {
		{ "2026-11-01", "2026-11-1" }, { "2026-11-15", "2026-11-1" }, { "2026-11-16", "2026-11-2" },
		{ "2026-11-30", "2026-11-2" }, { "2026-12-31", "2026-12-2" }, { "2024-02-29", "2024-02-2" },
		{ "2026-02-28", "2026-02-2" }, { "2026-02-14", "2026-02-1" }, { "2025-02-29", "" }, { "garbage", "" },
	};
	char buf[12];
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		zila_fortnight_of(cases[i].date, buf, sizeof buf);
		ck_assert_msg(strcmp(buf, cases[i].want) == 0, "%s: got '%s', wanted '%s'", cases[i].date, buf, cases[i].want);
	}
	zila_fortnight_of(NULL, buf, sizeof buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(record_then_submit)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	json_t *res = record_ok(&f, &f.nodal, record_args("200101", "2026-11-16", all_answers(), two_suggestions()));
	ck_assert_str_eq(json_string_value(json_object_get(res, "number")), "DRG/I/07/2026/00001");
	ck_assert_str_eq(json_string_value(json_object_get(res, "fortnight")), "2026-11-2");
	const char *id = json_string_value(json_object_get(res, "id"));
	ck_assert_int_eq(strlen(id), 36);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection WHERE status = 'draft' AND version = 1"
		" AND observations = 'ग्राम पंचायत भवन साफ़ है' AND fortnight = '2026-11-2'"
		" AND nodal_id = (SELECT id FROM app_user WHERE login = 'nodal')"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_answer"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM suggestion WHERE status = 'pending'"), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_event WHERE kind = 'recorded'"
		" AND to_status = 'draft' AND from_status IS NULL"), 1);
	/* id and number written back into the arguments the audit keeps */
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log WHERE action = 'inspection.record'"
		" AND json_extract(args, '$.number') = 'DRG/I/07/2026/00001'"
		" AND json_extract(args, '$.id') = (SELECT id FROM inspection)"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM outbox WHERE action = 'inspection.record'"
		" AND json_extract(args, '$.id') = (SELECT id FROM inspection)"), 1);

	/* submitted by number, case as typed */
	ck_assert_int_eq(act(&f, &f.nodal, "inspection.submit", json_pack("{s:s}", "inspection", "drg/i/07/2026/00001"), &err),
		ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection WHERE status = 'submitted' AND version = 2"
		" AND submitted_at = '2026-11-20T06:00:00Z' AND updated_at = '2026-11-20T06:00:00Z'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_event WHERE kind = 'submitted'"
		" AND from_status = 'draft' AND to_status = 'submitted'"), 1);

	/* the next one gets the next number */
	json_t *res2 = record_ok(&f, &f.nodal, record_args("200102", "2026-11-03", all_answers(), NULL));
	ck_assert_str_eq(json_string_value(json_object_get(res2, "number")), "DRG/I/07/2026/00002");
	ck_assert_str_eq(json_string_value(json_object_get(res2, "fortnight")), "2026-11-1");
	json_decref(res);
	json_decref(res2);
	fixture_close(&f);
}
END_TEST

START_TEST(replace_a_draft)
{
	struct fixture f;
	struct zila_actor nodal2;
	fixture_open(&f);
	json_t *res = record_ok(&f, &f.nodal, record_args("200101", "2026-11-16",
		json_pack("[{s:s, s:s}, {s:s, s:s}]", "item", "ATT", "rating", "good", "item", "REC", "rating", "poor"),
		two_suggestions()));
	const char *id = json_string_value(json_object_get(res, "id"));
	long long att_rowid = query_int(&f, "SELECT a.rowid FROM inspection_answer a JOIN checklist_item c"
		" ON c.id = a.item_id WHERE c.code = 'ATT'");

	/* the same draft, now with all three answers and one suggestion */
	json_t *args = record_args("200102", "2026-11-17", all_answers(),
		json_pack("[{s:s, s:s, s:s}]", "text", "नाली साफ़ करें", "department", "HEALTH", "target_date", "2026-11-30"));
	json_object_set_new(args, "id", json_string(id));
	json_t *res2 = record_ok(&f, &f.nodal, args);
	ck_assert_str_eq(json_string_value(json_object_get(res2, "id")), id);
	ck_assert_str_eq(json_string_value(json_object_get(res2, "number")), "DRG/I/07/2026/00001");
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection WHERE version = 2 AND inspected_on = '2026-11-17'"
		" AND gp_id = (SELECT id FROM gram_panchayat WHERE lgd_code = '200102')"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_answer"), 3);
	/* ATT answered again keeps its row, now rated as the second time said */
	ck_assert_int_eq(query_int(&f, "SELECT a.rowid FROM inspection_answer a JOIN checklist_item c"
		" ON c.id = a.item_id WHERE c.code = 'ATT' AND a.version = 2"), att_rowid);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_answer a JOIN checklist_item c ON c.id = a.item_id"
		" WHERE c.code = 'REC' AND a.rating = 'average'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM suggestion"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM suggestion s JOIN department d ON d.id = s.department_id"
		" WHERE d.code = 'HEALTH'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_event WHERE kind = 'updated'"
		" AND from_status = 'draft' AND to_status = 'draft'"), 1);

	/* fewer answers on a later replace remove the others */
	args = record_args("200102", "2026-11-17", json_pack("[{s:s, s:s}]", "item", "WAT", "rating", "na"), NULL);
	json_object_set_new(args, "id", json_string(id));
	json_decref(record_ok(&f, &f.nodal, args));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_answer"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM suggestion"), 0);

	/* another nodal officer, even one assigned this GP, may not touch it */
	add_nodal2(&f, &nodal2);
	args = record_args("200102", "2026-11-17", all_answers(), NULL);
	json_object_set_new(args, "id", json_string(id));
	refused(&f, &nodal2, "inspection.record", args, ZILA_EDENIED, "recorded by another nodal officer");
	refused(&f, &nodal2, "inspection.submit", json_pack("{s:s}", "inspection", id), ZILA_EDENIED,
		"recorded by another nodal officer");
	/* a number that is not this draft's */
	args = record_args("200102", "2026-11-17", all_answers(), NULL);
	json_object_set_new(args, "id", json_string(id));
	json_object_set_new(args, "number", json_string("DRG/I/07/2026/00099"));
	refused(&f, &f.nodal, "inspection.record", args, ZILA_EINVAL, "number DRG/I/07/2026/00099 is not the number");
	/* an admin may replace it, naming its nodal officer, who must be
	 * assigned the (new) GP */
	args = record_args("200102", "2026-11-17", all_answers(), NULL);
	json_object_set_new(args, "id", json_string(id));
	refused(&f, &f.admin, "inspection.record", args, ZILA_EINVAL, "nodal officer is required when an admin records");
	args = record_for("nodal", "200201", "2026-11-17", all_answers(), NULL);
	json_object_set_new(args, "id", json_string(id));
	refused(&f, &f.admin, "inspection.record", args, ZILA_EINVAL,
		"gram panchayat 200201 is not assigned to nodal officer nodal");
	args = record_for("nodal", "200101", "2026-11-17", all_answers(), NULL);
	json_object_set_new(args, "id", json_string(id));
	json_decref(record_ok(&f, &f.admin, args));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection WHERE version = 4"
		" AND nodal_id = (SELECT id FROM app_user WHERE login = 'nodal')"), 1);
	/* or correct whose it is: then it is nodal2's to change and submit */
	args = record_for("NODAL2", "200102", "2026-11-17", all_answers(), NULL);
	json_object_set_new(args, "id", json_string(id));
	json_decref(record_ok(&f, &f.admin, args));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection WHERE version = 5"
		" AND nodal_id = (SELECT id FROM app_user WHERE login = 'nodal2')"), 1);
	args = record_args("200102", "2026-11-17", all_answers(), NULL);
	json_object_set_new(args, "id", json_string(id));
	refused(&f, &f.nodal, "inspection.record", args, ZILA_EDENIED, "recorded by another nodal officer");
	struct zila_err err = { 0 };
	ck_assert_int_eq(act(&f, &nodal2, "inspection.submit", json_pack("{s:s}", "inspection", id), &err), ZILA_OK);
	json_decref(res);
	json_decref(res2);
	fixture_close(&f);
}
END_TEST

START_TEST(submit_needs_every_checklist_answer)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	json_t *res = record_ok(&f, &f.nodal, record_args("200101", "2026-11-16",
		json_pack("[{s:s, s:s}]", "item", "REC", "rating", "good"), NULL));
	refused(&f, &f.nodal, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(res, "id")),
		ZILA_EINVAL, "no answer for checklist items ATT, WAT");
	/* a checklist item added later is needed too */
	ck_assert_int_eq(act(&f, &f.admin, "master.checklist", json_pack("{s:s, s:s, s:i}", "code", "SAN", "text_en",
		"Sanitation", "position", 4), &err), ZILA_OK);
	json_t *args = record_args("200101", "2026-11-16", all_answers(), NULL);
	json_object_set(args, "id", json_object_get(res, "id"));
	json_decref(record_ok(&f, &f.nodal, args));
	refused(&f, &f.nodal, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(res, "number")),
		ZILA_EINVAL, "checklist items SAN");
	refused(&f, &f.nodal, "inspection.submit", json_pack("{s:s}", "inspection", "DRG/I/07/2026/00042"),
		ZILA_ENOTFOUND, "no inspection 'DRG/I/07/2026/00042'");
	refused(&f, &f.nodal, "inspection.submit", json_pack("{}"), ZILA_EINVAL, "inspection is required");
	json_decref(res);
	fixture_close(&f);
}
END_TEST

START_TEST(nodal_only_for_assigned_gp)
{
	struct fixture f;
	fixture_open(&f);
	refused(&f, &f.nodal, "inspection.record", record_args("200201", "2026-11-16", all_answers(), NULL),
		ZILA_EDENIED, "gram panchayat 200201 is not assigned to you");
	/* named as people know it, and as the form's field, so the form puts
	 * the refusal beside the panchayat rather than after the last field */
	refused(&f, &f.nodal, "inspection.record", record_args("200201", "2026-11-16", all_answers(), NULL),
		ZILA_EDENIED, "gp: gram panchayat 200201 is not assigned to you (Selud)");
	/* other roles are stopped by the role table */
	refused(&f, &f.collector, "inspection.record", record_args("200101", "2026-11-16", all_answers(), NULL),
		ZILA_EDENIED, "may not do inspection.record");
	refused(&f, &f.rev_officer, "inspection.record", record_args("200101", "2026-11-16", all_answers(), NULL),
		ZILA_EDENIED, "may not do inspection.record");
	fixture_close(&f);
}
END_TEST

/* An admin typing in a nodal officer's paper report names the officer:
 * required, an active user of role nodal, assigned the GP; the row is
 * the officer's, the event, the audit and the outbox the admin's. A nodal
 * officer may name only themself. Every refusal changes nothing. */
START_TEST(admin_records_for_a_nodal_officer)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_actor nodal2;
	fixture_open(&f);
	add_nodal2(&f, &nodal2);
	refused(&f, &f.admin, "inspection.record", record_args("200101", "2026-11-16", all_answers(), NULL),
		ZILA_EINVAL, "nodal: the nodal officer is required when an admin records an inspection");
	refused(&f, &f.admin, "inspection.record", record_for("nobody", "200101", "2026-11-16", all_answers(), NULL),
		ZILA_EINVAL, "nodal: no user 'nobody'");
	refused(&f, &f.admin, "inspection.record", record_for("rev.officer", "200101", "2026-11-16", all_answers(), NULL),
		ZILA_EINVAL, "nodal: rev.officer is not an active nodal officer");
	refused(&f, &f.admin, "inspection.record", record_for("admin", "200101", "2026-11-16", all_answers(), NULL),
		ZILA_EINVAL, "nodal: admin is not an active nodal officer");
	refused(&f, &f.admin, "inspection.record", record_for("nodal", "200201", "2026-11-16", all_answers(), NULL),
		ZILA_EINVAL, "nodal: gram panchayat 200201 is not assigned to nodal officer nodal");
	refused(&f, &f.admin, "inspection.record", record_for("nodal2", "200101", "2026-11-16", all_answers(), NULL),
		ZILA_EINVAL, "gram panchayat 200101 is not assigned to nodal officer nodal2");
	/* a disabled nodal officer's report cannot be typed in any more */
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db), "UPDATE app_user SET active = 0 WHERE login = 'nodal2'",
		NULL, NULL, NULL), SQLITE_OK);
	refused(&f, &f.admin, "inspection.record", record_for("nodal2", "200102", "2026-11-16", all_answers(), NULL),
		ZILA_EINVAL, "nodal: nodal2 is not an active nodal officer");
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db), "UPDATE app_user SET active = 1 WHERE login = 'nodal2'",
		NULL, NULL, NULL), SQLITE_OK);
	/* a nodal officer names nobody else, known or not, assigned or not */
	refused(&f, &f.nodal, "inspection.record", record_for("nodal2", "200102", "2026-11-16", all_answers(), NULL),
		ZILA_EDENIED, "nodal: a nodal officer records only their own inspections, not those of nodal2");
	refused(&f, &f.nodal, "inspection.record", record_for("nobody", "200101", "2026-11-16", all_answers(), NULL),
		ZILA_EDENIED, "not those of nobody");
	refused(&f, &f.nodal, "inspection.record", record_for(f.admin.user_id, "200101", "2026-11-16", all_answers(), NULL),
		ZILA_EDENIED, "records only their own");
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection"), 0);

	/* the admin types in nodal's report, naming them by id: nodal's row,
	 * the admin's event, audit and outbox, the login written back */
	json_t *res = record_ok(&f, &f.admin, record_for(f.nodal.user_id, "200101", "2026-11-16", all_answers(), NULL));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection i JOIN app_user u ON u.id = i.nodal_id"
		" WHERE u.login = 'nodal' AND i.desk_id = (SELECT value FROM meta WHERE key = 'desk_id')"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_event e JOIN app_user u ON u.id = e.actor_id"
		" WHERE e.kind = 'recorded' AND u.login = 'admin'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log a JOIN app_user u ON u.id = a.actor_id"
		" WHERE a.action = 'inspection.record' AND u.login = 'admin' AND json_extract(a.args, '$.nodal') = 'nodal'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM outbox o JOIN app_user u ON u.id = o.actor_id"
		" WHERE o.action = 'inspection.record' AND u.login = 'admin' AND json_extract(o.args, '$.nodal') = 'nodal'"), 1);
	/* it is nodal's inspection: on their list, theirs to submit */
	struct zila_inspection_filter byf = { .nodal_id = f.nodal.user_id };
	long long count = 0;
	ck_assert_int_eq(zila_inspection_count(f.db, &byf, &count, &err), ZILA_OK);
	ck_assert_int_eq(count, 1);
	refused(&f, &nodal2, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(res, "number")),
		ZILA_EDENIED, "recorded by another nodal officer");
	ck_assert_int_eq(act(&f, &f.nodal, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(res, "number")),
		&err), ZILA_OK);
	json_decref(res);

	/* a nodal officer naming themself, in any case, is as if they named nobody */
	res = record_ok(&f, &f.nodal, record_for("NODAL", "200102", "2026-11-17", all_answers(), NULL));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection i JOIN app_user u ON u.id = i.nodal_id"
		" WHERE u.login = 'nodal' AND i.inspected_on = '2026-11-17'"), 1);
	json_decref(res);
	/* and the admin for nodal2 in nodal2's own GP */
	json_decref(record_ok(&f, &f.admin, record_for("nodal2", "200102", "2026-11-18", all_answers(), NULL)));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection i JOIN app_user u ON u.id = i.nodal_id"
		" WHERE u.login = 'nodal2' AND i.inspected_on = '2026-11-18'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection WHERE nodal_id = (SELECT id FROM app_user"
		" WHERE login = 'admin')"), 0);
	fixture_close(&f);
}
END_TEST

/* Inspection machine: draft --record--> draft, draft --submit-->
 * submitted; from submitted, record and submit are refused. */
START_TEST(inspection_transitions)
{
	struct fixture f;
	fixture_open(&f);
	json_t *res = submitted_inspection(&f);
	json_t *args = record_args("200101", "2026-11-16", all_answers(), NULL);
	json_object_set(args, "id", json_object_get(res, "id"));
	refused(&f, &f.nodal, "inspection.record", args, ZILA_ESTATE, "is submitted: it can no longer be changed");
	args = record_for("nodal", "200101", "2026-11-16", all_answers(), NULL);
	json_object_set(args, "id", json_object_get(res, "id"));
	refused(&f, &f.admin, "inspection.record", args, ZILA_ESTATE, "is submitted");
	refused(&f, &f.nodal, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(res, "number")),
		ZILA_ESTATE, "is already submitted");
	refused(&f, &f.admin, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(res, "id")),
		ZILA_ESTATE, "is already submitted");
	json_decref(res);
	fixture_close(&f);
}
END_TEST

/* Suggestion machine, every (state, move) pair: pending --comply-->
 * complied --verify accept--> verified; complied --verify return-->
 * pending. Everything else is ZILA_ESTATE and changes nothing. */
START_TEST(suggestion_transitions)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sid[40];
	fixture_open(&f);
	/* a draft's suggestions cannot be complied */
	json_t *draft = record_ok(&f, &f.nodal, record_args("200101", "2026-11-16", all_answers(), two_suggestions()));
	suggestion_id(&f, 0, sid);
	refused(&f, &f.rev_officer, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid, "note", "done"),
		ZILA_ESTATE, "still a draft");
	ck_assert_int_eq(act(&f, &f.nodal, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(draft, "id")),
		&err), ZILA_OK);

	/* pending: verify either way is illegal */
	refused(&f, &f.nodal, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", sid, "accept", 1),
		ZILA_ESTATE, "the suggestion is pending");
	refused(&f, &f.nodal, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", sid, "accept", 0),
		ZILA_ESTATE, "the suggestion is pending");
	/* pending -> complied */
	ck_assert_int_eq(act(&f, &f.rev_officer, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid,
		"note", "खसरा अद्यतन किया गया"), &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM suggestion WHERE status = 'complied' AND version = 2"
		" AND complied_on = '2026-11-20' AND compliance_note = 'खसरा अद्यतन किया गया'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_event WHERE kind = 'complied'"
		" AND from_status = 'pending' AND to_status = 'complied' AND suggestion_id IS NOT NULL"), 1);
	/* complied: comply again is illegal */
	refused(&f, &f.rev_head, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid, "note", "again"),
		ZILA_ESTATE, "the suggestion is complied, not pending");
	/* a return without its note is refused, naming the field */
	refused(&f, &f.nodal, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", sid, "accept", 0),
		ZILA_EINVAL, "note: a compliance sent back needs a note");
	refused(&f, &f.nodal, "suggestion.verify", json_pack("{s:s, s:b, s:s}", "suggestion", sid, "accept", 0, "note", ""),
		ZILA_EINVAL, "note: a compliance sent back needs a note");
	/* complied -> pending (returned) -> complied -> verified */
	ck_assert_int_eq(act(&f, &f.nodal, "suggestion.verify", json_pack("{s:s, s:b, s:s}", "suggestion", sid,
		"accept", 0, "note", "नक्शा भी लगाएँ"), &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM suggestion WHERE status = 'pending' AND complied_on IS NULL"
		" AND version = 3"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_event WHERE kind = 'returned'"
		" AND from_status = 'complied' AND to_status = 'pending' AND note = 'नक्शा भी लगाएँ'"), 1);
	ck_assert_int_eq(act(&f, &f.rev_head, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid,
		"note", "नक्शा लगाया"), &err), ZILA_OK);
	ck_assert_int_eq(act(&f, &f.collector, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", sid,
		"accept", 1), &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM suggestion WHERE status = 'verified'"
		" AND verified_on = '2026-11-20' AND version = 5"), 1);
	/* verified: final */
	refused(&f, &f.rev_officer, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid, "note", "x"),
		ZILA_ESTATE, "the suggestion is verified");
	refused(&f, &f.nodal, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", sid, "accept", 1),
		ZILA_ESTATE, "the suggestion is verified");
	refused(&f, &f.nodal, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", sid, "accept", 0),
		ZILA_ESTATE, "the suggestion is verified");
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_event"), 6);
	json_decref(draft);
	fixture_close(&f);
}
END_TEST

START_TEST(suggestion_rules_by_department_and_role)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_actor nodal2;
	char rev[40], pwd[40];
	fixture_open(&f);
	json_decref(submitted_inspection(&f));
	suggestion_id(&f, 0, rev);
	suggestion_id(&f, 1, pwd);
	refused(&f, &f.pwd_officer, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", rev, "note", "done"),
		ZILA_EDENIED, "another department");
	refused(&f, &f.rev_head, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", pwd, "note", "done"),
		ZILA_EDENIED, "another department");
	refused(&f, &f.nodal, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", rev, "note", "done"),
		ZILA_EDENIED, "may not do suggestion.comply");
	refused(&f, &f.clerk, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", rev, "note", "done"),
		ZILA_EDENIED, "may not do suggestion.comply");
	ck_assert_int_eq(act(&f, &f.pwd_officer, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", pwd,
		"note", "road repaired"), &err), ZILA_OK);
	/* verify: not an officer; a nodal officer only for their own or their GPs */
	refused(&f, &f.pwd_officer, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", pwd, "accept", 1),
		ZILA_EDENIED, "may not do suggestion.verify");
	add_nodal2(&f, &nodal2);
	refused(&f, &nodal2, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", pwd, "accept", 1),
		ZILA_EDENIED, "neither yours nor");
	ck_assert_int_eq(act(&f, &f.admin, "master.nodal", json_pack("{s:s, s:s}", "user", "nodal2", "gp", "200101"), &err),
		ZILA_OK);
	ck_assert_int_eq(act(&f, &nodal2, "suggestion.verify", json_pack("{s:s, s:b}", "suggestion", pwd, "accept", 1), &err),
		ZILA_OK);
	/* an admin complies anywhere */
	ck_assert_int_eq(act(&f, &f.admin, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", rev, "note", "ok"), &err),
		ZILA_OK);
	fixture_close(&f);
}
END_TEST

START_TEST(bad_input_is_refused_without_change)
{
	struct fixture f;
	char sid[40];
	fixture_open(&f);
	json_decref(submitted_inspection(&f));
	suggestion_id(&f, 0, sid);
	char *longtext = zila_xmalloc(4100);
	memset(longtext, 'x', 4001);
	longtext[4001] = '\0';
	struct {
		const char *action;
		json_t *args;
		const char *expect;
	} cases[] = {
		{ "inspection.record", json_pack("{s:s, s:[]}", "inspected_on", "2026-11-16", "answers"), "gp is required" },
		{ "inspection.record", json_pack("{s:s, s:[]}", "gp", "200101", "answers"), "inspected_on is required" },
		{ "inspection.record", json_pack("{s:s, s:s}", "gp", "200101", "inspected_on", "2026-11-16"), "answers is required" },
		{ "inspection.record", json_pack("{s:i, s:s, s:[]}", "gp", 200101, "inspected_on", "2026-11-16", "answers"), "gp must be text" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[]}", "gp", "999999", "inspected_on", "2026-11-16", "answers"), "gp: no gram panchayat" },
		{ "inspection.record", json_pack("{s:s, s:s, s:{}}", "gp", "200101", "inspected_on", "2026-11-16", "answers"), "answers must be a list" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[s]}", "gp", "200101", "inspected_on", "2026-11-16", "answers", "ATT"), "answer 1: must be an object" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[]}", "gp", "200101", "inspected_on", "2026-11-21", "answers"), "inspected_on 2026-11-21 is in the future" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[]}", "gp", "200101", "inspected_on", "2026-02-30", "answers"), "inspected_on must be a date" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[]}", "gp", "200101", "inspected_on", "16/11/2026", "answers"), "inspected_on must be a date" },
		{ "inspection.record", record_args("200101", "2026-11-16", json_pack("[{s:s, s:s}]", "item", "XYZ", "rating", "good"), NULL), "answer 1: item 'XYZ' is not on the checklist" },
		{ "inspection.record", record_args("200101", "2026-11-16", json_pack("[{s:s, s:s}, {s:s, s:s}]", "item", "ATT", "rating", "good", "item", "REC", "rating", "excellent"), NULL), "answer 2: rating must be one of: good, average, poor, na" },
		{ "inspection.record", record_args("200101", "2026-11-16", json_pack("[{s:s, s:i}]", "item", "ATT", "rating", 3), NULL), "answer 1: rating must be text" },
		{ "inspection.record", record_args("200101", "2026-11-16", json_pack("[{s:s}]", "rating", "good"), NULL), "answer 1: item is required" },
		{ "inspection.record", record_args("200101", "2026-11-16", json_pack("[{s:s, s:s}, {s:s, s:s}]", "item", "ATT", "rating", "good", "item", "att", "rating", "poor"), NULL), "answer 2: item 'att' is answered twice" },
		{ "inspection.record", record_args("200101", "2026-11-16", json_pack("[{s:s, s:s, s:s}]", "item", "ATT", "rating", "good", "score", "9"), NULL), "answer 1: unknown field 'score'" },
		{ "inspection.record", record_args("200101", "2026-11-16", all_answers(), json_pack("[{s:s, s:s, s:s}]", "text", "x", "department", "REV", "target_date", "2026-11-15")), "suggestion 1: target_date 2026-11-15 is before inspected_on 2026-11-16" },
		{ "inspection.record", record_args("200101", "2026-11-16", all_answers(), json_pack("[{s:s, s:s, s:s}]", "text", "x", "department", "NOPE", "target_date", "2026-12-15")), "suggestion 1: department 'NOPE' is not known" },
		{ "inspection.record", record_args("200101", "2026-11-16", all_answers(), json_pack("[{s:s, s:s}]", "department", "REV", "target_date", "2026-12-15")), "suggestion 1: text is required" },
		{ "inspection.record", record_args("200101", "2026-11-16", all_answers(), json_pack("[{s:s, s:s}]", "text", "x", "department", "REV")), "suggestion 1: target_date is required" },
		{ "inspection.record", record_args("200101", "2026-11-16", all_answers(), json_pack("[{s:s, s:s, s:s}]", "text", longtext, "department", "REV", "target_date", "2026-12-15")), "suggestion 1: text is too long" },
		{ "inspection.record", record_args("200101", "2026-11-16", all_answers(), json_pack("{s:s}", "text", "x")), "suggestions must be a list" },
		{ "inspection.record", json_pack("{s:s, s:s, s:s, s:[]}", "gp", "200101", "inspected_on", "2026-11-16", "observations", longtext, "answers"), "observations is too long" },
		{ "inspection.record", json_pack("{s:s, s:s, s:o, s:[]}", "gp", "200101", "inspected_on", "2026-11-16", "observations", json_stringn_nocheck("ab\xff\xfe", 4), "answers"), "observations contains characters that are not allowed" },
		{ "inspection.record", record_args("200101", "2026-11-16", json_pack("[{s:s, s:s, s:o}]", "item", "ATT", "rating", "good", "remark", json_stringn_nocheck("\xc3\x28", 2)), NULL), "answer 1: remark contains characters" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[], s:s}", "gp", "200101", "inspected_on", "2026-11-16", "answers", "gpp", "1"), "unknown field 'gpp'" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[], s:s}", "gp", "200101", "inspected_on", "2026-11-16", "answers", "id", "'; DROP TABLE inspection;--"), "id must be an inspection id" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[], s:s}", "gp", "200101", "inspected_on", "2026-11-16", "answers", "number", "DRG/G/07/2026/00012"), "number must be an inspection number" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[], s:s}", "gp", "200101", "inspected_on", "2026-11-16", "answers", "number", "DRG/I/07/2026/00012x"), "number must be an inspection number" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[], s:s}", "gp", "200101", "inspected_on", "2026-11-16", "answers", "number", "DRG/I/7/2026/00012"), "number must be an inspection number" },
		{ "inspection.record", json_pack("{s:s, s:s, s:[], s:s}", "gp", "200101", "inspected_on", "2026-11-16", "answers", "number", "DRG/I/07/2026/0012"), "number must be an inspection number" },
		{ "suggestion.comply", json_pack("{s:s}", "suggestion", sid), "note is required" },
		{ "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid, "note", "   "), "note is required" },
		{ "suggestion.comply", json_pack("{s:s, s:i}", "suggestion", sid, "note", 5), "note must be text" },
		{ "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid, "note", longtext), "note is too long" },
		{ "suggestion.comply", json_pack("{s:s, s:o}", "suggestion", sid, "note", json_stringn_nocheck("ok\xff", 3)), "note contains characters" },
		{ "suggestion.comply", json_pack("{s:s}", "note", "done"), "suggestion is required" },
		{ "suggestion.comply", json_pack("{s:s, s:s, s:s}", "suggestion", sid, "note", "x", "when", "now"), "unknown field 'when'" },
		{ "suggestion.verify", json_pack("{s:s}", "suggestion", sid), "accept is required" },
		{ "suggestion.verify", json_pack("{s:s, s:s}", "suggestion", sid, "accept", "yes"), "accept must be true or false" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		ck_assert_msg(cases[i].args != NULL, "case %zu did not pack", i);
		const struct zila_actor *who = strcmp(cases[i].action, "suggestion.comply") == 0 ? &f.rev_officer : &f.nodal;
		refused(&f, who, cases[i].action, cases[i].args, ZILA_EINVAL, cases[i].expect);
	}
	refused(&f, &f.rev_officer, "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", "no-such-id", "note", "x"),
		ZILA_ENOTFOUND, "no suggestion 'no-such-id'");
	/* a number given with a new id is kept as given (the server re-running
	 * the desk's record), if it is the acting desk's own */
	json_t *other = record_args("200101", "2026-11-16", all_answers(), NULL);
	json_object_set_new(other, "id", json_string("019a9f00-0000-7000-8000-0000000000aa"));
	json_object_set_new(other, "number", json_string("DRG/I/07/2026/09997"));
	json_decref(record_ok(&f, &f.nodal, other));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection WHERE number = 'DRG/I/07/2026/09997'"
		" AND id = '019a9f00-0000-7000-8000-0000000000aa'"), 1);
	other = record_args("200101", "2026-11-16", all_answers(), NULL);
	json_object_set_new(other, "number", json_string("DRG/I/07/2026/09997"));
	refused(&f, &f.nodal, "inspection.record", other, ZILA_EEXIST, "number DRG/I/07/2026/09997 is already used");
	/* another desk's number is not this desk's to give */
	other = record_args("200101", "2026-11-16", all_answers(), NULL);
	json_object_set_new(other, "id", json_string("019a9f00-0000-7000-8000-0000000000ab"));
	json_object_set_new(other, "number", json_string("DRG/I/05/2026/00007"));
	refused(&f, &f.nodal, "inspection.record", other, ZILA_EINVAL, "was not made by this desk");
	/* SQL metacharacters are only text */
	json_t *res = record_ok(&f, &f.nodal, record_args("200101", "2026-11-16",
		json_pack("[{s:s, s:s, s:s}]", "item", "ATT", "rating", "na", "remark", "x'); DROP TABLE suggestion;--"), NULL));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM inspection_answer WHERE remark = 'x''); DROP TABLE suggestion;--'"), 1);
	json_decref(res);
	free(longtext);
	fixture_close(&f);
}
END_TEST

/* The ids of every row an inspection made, in a fixed order, with the
 * login of the inspection's nodal officer and of each event's actor. */
static char *
inspection_ids(struct fixture *f)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f->db),
		"SELECT group_concat(x, ' ') FROM (SELECT 'i:' || i.id || ':' || i.number || ':' || u.login AS x"
		" FROM inspection i JOIN app_user u ON u.id = i.nodal_id"
		" UNION ALL SELECT 'a:' || id FROM inspection_answer UNION ALL SELECT 's:' || id FROM suggestion"
		" UNION ALL SELECT 'e:' || e.id || ':' || u.login FROM inspection_event e JOIN app_user u ON u.id = e.actor_id"
		" ORDER BY 1)", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	char *s = zila_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

/* The same mutation makes the same rows on another database: with the
 * desk's own arguments, and with the arguments as the desk wrote them
 * back (id, number and the nodal officer's login in them), which is what
 * the server runs. Once as the nodal officer, once as an admin typing in
 * their report (naming them in another case). */
static void
same_rows_elsewhere(bool as_admin)
{
	static const char mutation[] = "019a9f00-0000-7000-8000-000000000001";
	struct zila_action_opts opts = { .mutation_id = mutation };
	struct zila_err err = { 0 };
	char *ids[3];
	json_t *written = NULL;
	for (int run = 0; run < 3; run++) {
		struct fixture f;
		fixture_open(&f);
		json_t *args = run == 2 ? json_incref(written)
			: as_admin ? record_for("Nodal", "200101", "2026-11-16", all_answers(), two_suggestions())
				   : record_args("200101", "2026-11-16", all_answers(), two_suggestions());
		ck_assert_msg(zila_action_run(f.db, as_admin ? &f.admin : &f.nodal, "inspection.record", args, &opts, NULL,
			&err) == ZILA_OK, "run %d: %s", run, err.msg);
		json_decref(args);
		ids[run] = inspection_ids(&f);
		if (run == 0) {
			sqlite3_stmt *st;
			ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f.db), "SELECT args FROM outbox WHERE action = 'inspection.record'", -1, &st, NULL), SQLITE_OK);
			ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
			written = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
			sqlite3_finalize(st);
			ck_assert_ptr_nonnull(json_object_get(written, "id"));
			ck_assert_ptr_nonnull(json_object_get(written, "number"));
			ck_assert_str_eq(json_string_value(json_object_get(written, "nodal")), "nodal");
		}
		fixture_close(&f);
	}
	ck_assert_msg(strstr(ids[0], "i:019a9f00-0000-7") != NULL, "ids keep the mutation's time: %s", ids[0]);
	ck_assert_msg(strstr(ids[0], ":DRG/I/07/2026/00001:nodal ") != NULL, "the nodal officer's: %s", ids[0]);
	ck_assert_msg((strstr(ids[0], ":admin") != NULL) == as_admin, "the event's actor: %s", ids[0]);
	ck_assert_str_eq(ids[0], ids[1]);
	ck_assert_str_eq(ids[0], ids[2]);
	for (int i = 0; i < 3; i++)
		free(ids[i]);
	json_decref(written);
}

START_TEST(derived_ids_are_the_same_elsewhere)
{
	same_rows_elsewhere(false);
	same_rows_elsewhere(true);
}
END_TEST

/* Three inspections: 200101 on 11-02 (submitted), 200102 on 11-16 and
 * 200201 (block 1002, typed in by the admin for nodal2) on 11-18. */
static void
three_inspections(struct fixture *f)
{
	struct zila_err err = { 0 };
	struct zila_actor nodal2;
	add_nodal2(f, &nodal2);
	ck_assert_int_eq(act(f, &f->admin, "master.nodal", json_pack("{s:s, s:s}", "user", "nodal2", "gp", "200201"), &err),
		ZILA_OK);
	json_t *r = record_ok(f, &f->nodal, record_args("200101", "2026-11-02", all_answers(),
		json_pack("[{s:s, s:s, s:s}]", "text", "Fix the pump", "department", "PHED", "target_date", "2026-11-18")));
	ck_assert_int_eq(act(f, &f->nodal, "inspection.submit", json_pack("{s:O}", "inspection", json_object_get(r, "id")), &err),
		ZILA_OK);
	json_decref(r);
	json_decref(record_ok(f, &f->nodal, record_args("200102", "2026-11-16", all_answers(), two_suggestions())));
	json_decref(record_ok(f, &f->admin, record_for("nodal2", "200201", "2026-11-18", all_answers(), NULL)));
}

/* The numbers of rows, joined by spaces, to compare with one string. */
static char *
numbers(json_t *rows, const char *key)
{
	char buf[1024] = "";
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "%s%s", len ? " " : "", json_string_value(json_object_get(r, key)));
	}
	return zila_xstrdup(buf);
}

/* A capped count equals the exact count up to the cap and stops at cap + 1
 * above it (caps of 1 and 2 over the three inspections). */
START_TEST(capped_counts)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	three_inspections(&f);
	struct zila_inspection_filter cases[] = {
		{ 0 },
		{ .status = "submitted" },
		{ .status = "draft" },
		{ .fortnight = "2026-11-2" },
		{ .nodal_id = f.nodal.user_id, .to = "2026-11-30" },
	};
	int below = 0, above = 0;
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++)
		for (long long cap = 1; cap <= 2; cap++) {
			long long exact = -1, capped = -1;
			struct zila_inspection_filter c = cases[i];
			ck_assert_msg(zila_inspection_count(f.db, &c, &exact, &err) == ZILA_OK, "%s", err.msg);
			c.count_cap = cap;
			ck_assert_msg(zila_inspection_count(f.db, &c, &capped, &err) == ZILA_OK, "%s", err.msg);
			ck_assert_msg(capped == (exact > cap ? cap + 1 : exact), "case %zu cap %lld: exact %lld, capped %lld",
				i, cap, exact, capped);
			below += exact <= cap;
			above += exact > cap;
		}
	ck_assert_int_ge(below, 3);
	ck_assert_int_ge(above, 3);
	fixture_close(&f);
}
END_TEST

START_TEST(list_count_and_get)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *rows;
	long long count;
	char id[40];
	fixture_open(&f);
	three_inspections(&f);
	struct {
		struct zila_inspection_filter f;
		const char *want;
	} cases[] = {
		{ { .limit = 0 }, "DRG/I/07/2026/00003 DRG/I/07/2026/00002 DRG/I/07/2026/00001" },
		{ { .status = "submitted" }, "DRG/I/07/2026/00001" },
		{ { .status = "draft" }, "DRG/I/07/2026/00003 DRG/I/07/2026/00002" },
		{ { .fortnight = "2026-11-2" }, "DRG/I/07/2026/00003 DRG/I/07/2026/00002" },
		{ { .fortnight = "2026-11-1" }, "DRG/I/07/2026/00001" },
		{ { .from = "2026-11-03", .to = "2026-11-17" }, "DRG/I/07/2026/00002" },
		{ { .to = "2026-11-02" }, "DRG/I/07/2026/00001" },
		{ { .limit = 2 }, "DRG/I/07/2026/00003 DRG/I/07/2026/00002" },
		{ { .after_key = "2026-11-16", .after_id = "~", .limit = 1 }, "DRG/I/07/2026/00002" },
		{ { .after_key = "2026-11-16", .after_id = "", .limit = 5 }, "DRG/I/07/2026/00001" },
		{ { .after_key = "2026-11-02", .after_id = "", .backward = true, .limit = 5 }, "DRG/I/07/2026/00003 DRG/I/07/2026/00002 DRG/I/07/2026/00001" },
		{ { .after_key = "2026-11-16", .after_id = "~", .backward = true, .limit = 5 }, "DRG/I/07/2026/00003" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		ck_assert_msg(zila_inspection_list(f.db, &cases[i].f, &rows, &err) == ZILA_OK, "case %zu: %s", i, err.msg);
		char *got = numbers(rows, "number");
		ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu: got '%s', wanted '%s'", i, got, cases[i].want);
		free(got);
		json_decref(rows);
	}
	/* filters by master ids */
	struct zila_inspection_filter byf = { 0 };
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_BLOCK, "1002", id, &err), ZILA_OK);
	byf.block_id = id;
	ck_assert_int_eq(zila_inspection_count(f.db, &byf, &count, &err), ZILA_OK);
	ck_assert_int_eq(count, 1);
	byf.block_id = NULL;
	byf.nodal_id = f.nodal.user_id;
	ck_assert_int_eq(zila_inspection_count(f.db, &byf, &count, &err), ZILA_OK);
	ck_assert_int_eq(count, 2);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_GP, "200102", id, &err), ZILA_OK);
	byf.gp_id = id;
	ck_assert_int_eq(zila_inspection_list(f.db, &byf, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	json_t *row = json_array_get(rows, 0);
	ck_assert_str_eq(json_string_value(json_object_get(row, "gp")), "200102");
	ck_assert_str_eq(json_string_value(json_object_get(row, "gp_name")), "Bori");
	ck_assert_str_eq(json_string_value(json_object_get(row, "block_name")), "Durg");
	ck_assert_str_eq(json_string_value(json_object_get(row, "nodal")), "nodal");
	ck_assert_str_eq(json_string_value(json_object_get(row, "sort_key")), "2026-11-16");
	ck_assert_int_eq(json_integer_value(json_object_get(row, "suggestions")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(row, "pending_suggestions")), 2);
	json_decref(rows);
	/* bad filters are named */
	struct zila_inspection_filter bad = { .status = "closed" };
	ck_assert_int_eq(zila_inspection_list(f.db, &bad, &rows, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "status"));
	bad = (struct zila_inspection_filter){ .fortnight = "2026-11-3" };
	ck_assert_int_eq(zila_inspection_count(f.db, &bad, &count, &err), ZILA_EINVAL);
	bad = (struct zila_inspection_filter){ .from = "yesterday" };
	ck_assert_int_eq(zila_inspection_list(f.db, &bad, &rows, &err), ZILA_EINVAL);
	bad = (struct zila_inspection_filter){ .limit = 5000 };
	ck_assert_int_eq(zila_inspection_list(f.db, &bad, &rows, &err), ZILA_EINVAL);

	/* one inspection, whole */
	json_t *o;
	ck_assert_int_eq(zila_inspection_get(f.db, "DRG/I/07/2026/00001", &o, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(o, "status")), "submitted");
	ck_assert_str_eq(json_string_value(json_object_get(o, "gp_name_hi")), "अण्डा");
	char *items = numbers(json_object_get(o, "answers"), "item");
	ck_assert_str_eq(items, "ATT REC WAT");
	free(items);
	json_t *sg = json_array_get(json_object_get(o, "suggestions"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(sg, "department")), "PHED");
	ck_assert(json_is_true(json_object_get(sg, "overdue")));
	ck_assert_int_eq(json_integer_value(json_object_get(sg, "days_overdue")), 2);
	char *kinds = numbers(json_object_get(o, "events"), "kind");
	ck_assert_str_eq(kinds, "recorded submitted");
	free(kinds);
	json_decref(o);
	/* a draft's late suggestions are not overdue: nobody may act on them yet */
	ck_assert_int_eq(zila_inspection_get(f.db, "DRG/I/07/2026/00002", &o, &err), ZILA_OK);
	ck_assert(json_is_false(json_object_get(json_array_get(json_object_get(o, "suggestions"), 0), "overdue")));
	json_decref(o);
	ck_assert_int_eq(zila_inspection_get(f.db, "DRG/I/07/2026/00009", &o, &err), ZILA_ENOTFOUND);
	ck_assert_ptr_null(o);
	fixture_close(&f);
}
END_TEST

START_TEST(suggestion_list)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *rows;
	char dept[40], insp[40];
	fixture_open(&f);
	three_inspections(&f);
	struct zila_suggestion_filter sf = { 0 };
	/* only the submitted inspection's suggestion; the draft's wait */
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	json_t *r = json_array_get(rows, 0);
	ck_assert_str_eq(json_string_value(json_object_get(r, "department")), "PHED");
	ck_assert_str_eq(json_string_value(json_object_get(r, "inspection_number")), "DRG/I/07/2026/00001");
	ck_assert_str_eq(json_string_value(json_object_get(r, "gp_name")), "Anda");
	ck_assert_int_eq(json_integer_value(json_object_get(r, "days_overdue")), 2);
	json_decref(rows);
	sf.overdue = true;
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	json_decref(rows);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_DEPARTMENT, "REV", dept, &err), ZILA_OK);
	sf = (struct zila_suggestion_filter){ .department_id = dept };
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 0);
	json_decref(rows);
	/* by inspection, drafts too, by target date */
	ck_assert_int_eq(zila_inspection_resolve(f.db, "DRG/I/07/2026/00002", insp, &err), ZILA_OK);
	sf = (struct zila_suggestion_filter){ .inspection_id = insp };
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows, &err), ZILA_OK);
	char *got = numbers(rows, "department");
	ck_assert_str_eq(got, "REV PWD");
	free(got);
	/* keyset: after the first row comes the second */
	json_t *first = json_array_get(rows, 0);
	sf.after_key = json_string_value(json_object_get(first, "sort_key"));
	sf.after_id = json_string_value(json_object_get(first, "id"));
	json_t *rows2;
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows2, &err), ZILA_OK);
	got = numbers(rows2, "department");
	ck_assert_str_eq(got, "PWD");
	free(got);
	json_decref(rows2);
	json_decref(rows);
	sf = (struct zila_suggestion_filter){ .status = "done" };
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "status must be pending, complied or verified"));
	fixture_close(&f);
}
END_TEST

/* Words narrow both lists (any case, parts of words, Hindi too); the
 * suggestions page backward in list order; a nodal officer's panchayats
 * are theirs alone. */
START_TEST(search_backward_and_nodal_gps)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *rows;
	char insp[40];
	fixture_open(&f);
	three_inspections(&f);
	struct zila_inspection_filter i = { .text = "bori" };
	ck_assert_int_eq(zila_inspection_list(f.db, &i, &rows, &err), ZILA_OK);
	char *got = numbers(rows, "gp");
	ck_assert_str_eq(got, "200102");
	free(got);
	json_decref(rows);
	long long n = -1;
	ck_assert_int_eq(zila_inspection_count(f.db, &i, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 1);
	i = (struct zila_inspection_filter){ .text = "nodal2" }; /* the officer's login */
	ck_assert_int_eq(zila_inspection_list(f.db, &i, &rows, &err), ZILA_OK);
	got = numbers(rows, "gp");
	ck_assert_str_eq(got, "200201");
	free(got);
	json_decref(rows);
	i = (struct zila_inspection_filter){ .text = "साफ़" }; /* the observations, in Hindi */
	ck_assert_int_eq(zila_inspection_count(f.db, &i, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 3);

	ck_assert_int_eq(zila_inspection_resolve(f.db, "DRG/I/07/2026/00002", insp, &err), ZILA_OK);
	struct zila_suggestion_filter sf = { .inspection_id = insp, .text = "APPROACH" };
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows, &err), ZILA_OK);
	got = numbers(rows, "department");
	ck_assert_str_eq(got, "PWD");
	free(got);
	json_decref(rows);
	/* backward from nothing: the last page, still in list order */
	sf = (struct zila_suggestion_filter){ .inspection_id = insp, .backward = true };
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows, &err), ZILA_OK);
	got = numbers(rows, "department");
	ck_assert_str_eq(got, "REV PWD");
	free(got);
	/* and before the last row comes the first */
	json_t *last = json_array_get(rows, 1);
	sf.after_key = json_string_value(json_object_get(last, "sort_key"));
	sf.after_id = json_string_value(json_object_get(last, "id"));
	json_t *rows2;
	ck_assert_int_eq(zila_suggestion_list(f.db, &sf, &rows2, &err), ZILA_OK);
	got = numbers(rows2, "department");
	ck_assert_str_eq(got, "REV");
	free(got);
	json_decref(rows2);
	json_decref(rows);

	ck_assert_int_eq(zila_nodal_gps(f.db, "nodal", &rows, &err), ZILA_OK);
	got = numbers(rows, "lgd_code");
	ck_assert_str_eq(got, "200101 200102");
	free(got);
	json_decref(rows);
	ck_assert_int_eq(zila_nodal_gps(f.db, NULL, &rows, &err), ZILA_OK);
	got = numbers(rows, "nodal");
	/* one row per assignment: Bori (200102) is nodal's and nodal2's */
	ck_assert_str_eq(got, "nodal nodal nodal2 nodal2");
	free(got);
	json_decref(rows);
	fixture_close(&f);
}
END_TEST

/* A desk's clock dates an action (within action.c's bounds, which the
 * server applies to what a desk pushed): none may be dated before the
 * inspection it works on, nor a verification before the compliance. */
START_TEST(backdated_actions_refused)
{
	struct zila_err err = { 0 };
	struct fixture f;
	fixture_open(&f);
	json_t *res = record_ok(&f, &f.nodal, record_args("200101", "2026-11-16", all_answers(), two_suggestions()));
	char num[64], sid[40];
	snprintf(num, sizeof num, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	struct zila_action_opts before = { .client_time = "2026-11-14T06:00:00Z" };
	struct zila_action_opts after = { .client_time = "2026-11-17T06:00:00Z" };
	char *digest = db_digest(&f);
	json_t *args = json_pack("{s:s}", "inspection", num);
	ck_assert_int_eq(zila_action_run(f.db, &f.nodal, "inspection.submit", args, &before, NULL, &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, "dated 2026-11-14, before inspection") && strstr(err.msg, "(2026-11-16)"), "%s", err.msg);
	char *now = db_digest(&f);
	ck_assert_str_eq(digest, now);
	free(now);
	ck_assert_msg(zila_action_run(f.db, &f.nodal, "inspection.submit", args, &after, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	suggestion_id(&f, 0, sid);
	args = json_pack("{s:s, s:s}", "suggestion", sid, "note", "done");
	ck_assert_int_eq(zila_action_run(f.db, &f.rev_officer, "suggestion.comply", args, &before, NULL, &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, "before inspection"), "%s", err.msg);
	struct zila_action_opts on19 = { .client_time = "2026-11-19T06:00:00Z" };
	ck_assert_msg(zila_action_run(f.db, &f.rev_officer, "suggestion.comply", args, &on19, NULL, &err) == ZILA_OK, "%s",
		err.msg);
	json_decref(args);
	/* verified dated after the inspection but before the compliance */
	args = json_pack("{s:s, s:b}", "suggestion", sid, "accept", 1);
	free(digest);
	digest = db_digest(&f);
	ck_assert_int_eq(zila_action_run(f.db, &f.nodal, "suggestion.verify", args, &after, NULL, &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, "before the suggestion of inspection") && strstr(err.msg, "(2026-11-19)"), "%s", err.msg);
	now = db_digest(&f);
	ck_assert_str_eq(digest, now);
	free(now);
	/* a clock far ahead is not believed: the action is dated today */
	struct zila_action_opts ahead = { .client_time = "2027-03-01T06:00:00Z" };
	ck_assert_msg(zila_action_run(f.db, &f.nodal, "suggestion.verify", args, &ahead, NULL, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM suggestion WHERE verified_on = '2026-11-20'"), 1);
	json_decref(args);
	free(digest);
	fixture_close(&f);
}
END_TEST

Suite *
inspection_suite(void)
{
	Suite *s = suite_create("inspection");
	TCase *tc = tcase_create("inspection");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fortnight_of_a_date);
	tcase_add_test(tc, record_then_submit);
	tcase_add_test(tc, replace_a_draft);
	tcase_add_test(tc, submit_needs_every_checklist_answer);
	tcase_add_test(tc, nodal_only_for_assigned_gp);
	tcase_add_test(tc, admin_records_for_a_nodal_officer);
	tcase_add_test(tc, inspection_transitions);
	tcase_add_test(tc, suggestion_transitions);
	tcase_add_test(tc, suggestion_rules_by_department_and_role);
	tcase_add_test(tc, bad_input_is_refused_without_change);
	tcase_add_test(tc, derived_ids_are_the_same_elsewhere);
	tcase_add_test(tc, list_count_and_get);
	tcase_add_test(tc, capped_counts);
	tcase_add_test(tc, suggestion_list);
	tcase_add_test(tc, search_backward_and_nodal_gps);
	tcase_add_test(tc, backdated_actions_refused);
	suite_add_tcase(s, tc);
	return s;
}
