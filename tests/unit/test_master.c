/* test_master.c: the role table, masters, CSV import, users and login,
 * and bad input refused without any change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "testlib.h"
#include "src/core/internal.h"
#include "zila/master.h"
#include "zila/sign.h"
#include "zila/util.h"

START_TEST(role_table)
{
	/* a few rules that matter, checked against the one table */
	ck_assert(zila_action_allowed(ZILA_ROLE_CLERK, "grievance.register"));
	ck_assert(!zila_action_allowed(ZILA_ROLE_OFFICER, "grievance.register"));
	ck_assert(zila_action_allowed(ZILA_ROLE_OFFICER, "grievance.dispose"));
	ck_assert(!zila_action_allowed(ZILA_ROLE_CLERK, "grievance.dispose"));
	ck_assert(zila_action_allowed(ZILA_ROLE_OFFICER, "letter.reply"));
	ck_assert(!zila_action_allowed(ZILA_ROLE_CLERK, "letter.reply"));
	ck_assert(zila_action_allowed(ZILA_ROLE_NODAL, "inspection.record"));
	ck_assert(!zila_action_allowed(ZILA_ROLE_COLLECTOR, "inspection.record"));
	ck_assert(!zila_action_allowed(ZILA_ROLE_CLERK, "master.department"));
	ck_assert(zila_action_allowed(ZILA_ROLE_ADMIN, "master.department"));
	ck_assert(!zila_action_allowed(ZILA_ROLE_ADMIN, "no.such.action"));
	/* every action is allowed to someone, and admin may do every master */
	for (int a = 0; a < ZILA_ACT_COUNT; a++) {
		int who = 0;
		for (int r = 0; r < ZILA_ROLE_COUNT; r++)
			who += zila_action_allowed((enum zila_role)r, zila_action_name((enum zila_action_id)a));
		ck_assert_msg(who > 0, "%s is allowed to nobody", zila_action_name((enum zila_action_id)a));
	}
	for (int r = 0; r < ZILA_ROLE_COUNT; r++)
		ck_assert_int_eq(zila_role_from_name(zila_role_name((enum zila_role)r)), r);
	ck_assert_int_eq(zila_role_from_name("king"), -1);
}
END_TEST

START_TEST(denied_role_changes_nothing)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	char *before = db_digest(&f);
	json_t *args = json_pack("{s:s, s:s}", "code", "EDU", "name_en", "Education");
	ck_assert_int_eq(run_action(&f, &f.clerk, "master.department", args, NULL, &err), ZILA_EDENIED);
	ck_assert_ptr_nonnull(strstr(err.msg, "Clerk"));
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	ck_assert_int_eq(run_action(&f, &f.admin, "master.department", args, NULL, &err), ZILA_OK);
	json_decref(args);
	fixture_close(&f);
}
END_TEST

START_TEST(fixture_masters_are_there)
{
	struct fixture f;
	fixture_open(&f);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department"), 4);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM gram_panchayat"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT days FROM category WHERE code = 'LAND'"), 30);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM nodal_assignment"), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE name_hi = 'राजस्व'"), 1);
	fixture_close(&f);
}
END_TEST

/* Each bad argument is refused with a message naming the field, and the
 * database is exactly as before. */
START_TEST(bad_input_is_refused_without_change)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	char *before = db_digest(&f);
	char longname[400];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	struct {
		const char *action;
		json_t *args;
		const char *expect;
	} cases[] = {
		{ "master.department", json_pack("{s:s}", "name_en", "X"), "code is required" },
		{ "master.department", json_pack("{s:i, s:s}", "code", 5, "name_en", "X"), "code must be text" },
		{ "master.department", json_pack("{s:s, s:s}", "code", "edu", "name_en", "X"), "capital letters" },
		{ "master.department", json_pack("{s:s, s:s}", "code", "EDU", "name_en", longname), "too long" },
		{ "master.department", json_pack("{s:s, s:s}", "code", "EDU'; DROP TABLE department;--", "name_en", "X"), "code" },
		{ "master.department", json_pack("{s:s, s:s}", "code", "EDU", "name_en", "a\x1b[2Jb"), "not allowed" },
		{ "master.department", json_pack("{s:s, s:s, s:s}", "code", "EDU", "name_en", "X", "colour", "red"), "unknown field" },
		{ "master.category", json_pack("{s:s, s:s, s:s, s:i}", "code", "EDU", "name_en", "X", "department", "NOPE", "days", 5), "no department" },
		{ "master.category", json_pack("{s:s, s:s, s:s, s:i}", "code", "EDU", "name_en", "X", "department", "REV", "days", 0), "days must be between" },
		{ "master.category", json_pack("{s:s, s:s, s:s, s:s}", "code", "EDU", "name_en", "X", "department", "REV", "days", "7"), "whole number" },
		{ "master.gp", json_pack("{s:s, s:s, s:s}", "lgd_code", "12x", "block", "1001", "name_en", "X"), "digits" },
		{ "master.nodal", json_pack("{s:s, s:s}", "user", "clerk", "gp", "200101"), "not a nodal officer" },
		{ "user.add", json_pack("{s:s, s:s, s:s}", "login", "x1", "name", "X", "role", "officer"), "department is required" },
		{ "user.add", json_pack("{s:s, s:s, s:s}", "login", "x1", "name", "X", "role", "king"), "role must be one of" },
		{ "user.add", json_pack("{s:s, s:s, s:s, s:s}", "login", "x1", "name", "X", "role", "clerk", "pw_hash", "secret"), "argon2id" },
		/* a bare password hash (as desks sent before keys): no key, no user */
		{ "user.add", json_pack("{s:s, s:s, s:s, s:s}", "login", "x1", "name", "X", "role", "clerk", "pw_hash",
			"$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA"), "signing key" },
		{ "user.add", json_pack("{s:s, s:s, s:s}", "login", "clerk", "name", "X", "role", "clerk"), "taken" },
		{ "user.add", json_pack("{s:s, s:s, s:s}", "login", "X Y", "name", "X", "role", "clerk"), "login must be" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		ck_assert_ptr_nonnull(cases[i].args);
		/* users come with their key; what is judged is the other field */
		if (strcmp(cases[i].action, "user.add") == 0 && !json_object_get(cases[i].args, "pw_hash"))
			fixture_key_args(cases[i].args, NULL);
		enum zila_status st = run_action(&f, &f.admin, cases[i].action, cases[i].args, NULL, &err);
		ck_assert_msg(st != ZILA_OK, "case %zu was accepted", i);
		ck_assert_msg(strstr(err.msg, cases[i].expect) != NULL, "case %zu: '%s' lacks '%s'", i, err.msg, cases[i].expect);
		json_decref(cases[i].args);
	}
	/* arguments that are not an object, and unknown actions */
	json_t *arr = json_array();
	ck_assert_int_eq(run_action(&f, &f.admin, "master.department", arr, NULL, &err), ZILA_EINVAL);
	ck_assert_int_eq(run_action(&f, &f.admin, "master.nothing", arr, NULL, &err), ZILA_EINVAL);
	json_decref(arr);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

START_TEST(import_refuses_the_whole_file_on_one_bad_line)
{
	struct fixture f;
	struct zila_err err = { 0 };
	int count;
	fixture_open(&f);
	char *before = db_digest(&f);
	const char *csv = "type,code,name_en,department,days\n"
			  "department,EDU,Education,,\n"
			  "category,SCHOOL,Schools,EDU,20\n"
			  "category,BAD,Bad,EDU,400\n";
	FILE *in = fmemopen((void *)csv, strlen(csv), "r");
	ck_assert_int_eq(zila_master_import_csv(f.db, &f.admin, in, "m.csv", &count, &err), ZILA_EINVAL);
	fclose(in);
	ck_assert_msg(strstr(err.msg, "line 4") && strstr(err.msg, "days"), "%s", err.msg);
	ck_assert_int_eq(count, 0);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);

	const char *quoted = "type,code,name_en,name_hi\n\"department\",\"EDU\",\"Education, \"\"primary\"\"\",शिक्षा\r\n";
	in = fmemopen((void *)quoted, strlen(quoted), "r");
	ck_assert_msg(zila_master_import_csv(f.db, &f.admin, in, "q.csv", &count, &err) == ZILA_OK, "%s", err.msg);
	fclose(in);
	ck_assert_int_eq(count, 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE name_en = 'Education, \"primary\"' AND name_hi = 'शिक्षा'"), 1);

	const char *unclosed = "type,code,name_en\ndepartment,EDU,\"Education\n";
	in = fmemopen((void *)unclosed, strlen(unclosed), "r");
	ck_assert_int_eq(zila_master_import_csv(f.db, &f.admin, in, "u.csv", &count, &err), ZILA_EINVAL);
	fclose(in);
	ck_assert_ptr_nonnull(strstr(err.msg, "not valid CSV"));
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

START_TEST(login_and_password_change)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_actor a;
	char hash[ZILA_PWHASH_LEN];
	fixture_open(&f);
	ck_assert_int_eq(zila_login(f.db, "clerk", "password1", &a, &err), ZILA_OK);
	ck_assert_int_eq(a.role, ZILA_ROLE_CLERK);
	ck_assert_str_eq(a.desk_code, "07");
	ck_assert_int_eq(zila_login(f.db, "clerk", "wrong-pass", &a, &err), ZILA_EAUTH);
	ck_assert_str_eq(err.msg, "wrong login or password");
	ck_assert_int_eq(zila_login(f.db, "nobody", "password1", &a, &err), ZILA_EAUTH);
	ck_assert_str_eq(err.msg, "wrong login or password");
	ck_assert_int_eq(zila_password_hash("short", hash, &err), ZILA_EINVAL);
	ck_assert_int_eq(zila_password_hash("new-password", hash, &err), ZILA_OK);
	/* an unknown login is checked against a hash that costs what a real
	 * one costs (same argon2id parameters), so its refusal takes as long */
	ck_assert_int_eq(crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
		crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	ck_assert_int_eq(crypto_pwhash_str_needs_rehash(core_dummy_pwhash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
		crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	/* a clerk may change only their own password: their key sealed again */
	struct zila_user_key k;
	ck_assert_int_eq(zila_key_reseal(f.clerk.sign_sk, "new-password", &k, &err), ZILA_OK);
	json_t *args = json_pack("{s:s}", "login", "collector");
	zila_key_set_args(args, &k);
	ck_assert_int_eq(run_action(&f, &f.clerk, "user.passwd", args, NULL, &err), ZILA_EDENIED);
	json_object_set_new(args, "login", json_string("clerk"));
	ck_assert_int_eq(run_action(&f, &f.clerk, "user.passwd", args, NULL, &err), ZILA_OK);
	json_decref(args);
	ck_assert_int_eq(zila_login(f.db, "clerk", "new-password", &a, &err), ZILA_OK);
	ck_assert(a.can_sign);
	ck_assert_int_eq(memcmp(a.sign_sk, f.clerk.sign_sk, sizeof a.sign_sk), 0);
	ck_assert_int_eq(zila_login(f.db, "clerk", "password1", &a, &err), ZILA_EAUTH);
	/* a password hash alone no longer changes a keyed user's password */
	args = json_pack("{s:s, s:s}", "login", "clerk", "pw_hash", hash);
	ck_assert_int_eq(run_action(&f, &f.clerk, "user.passwd", args, NULL, &err), ZILA_EINVAL);
	json_decref(args);
	fixture_close(&f);
}
END_TEST

START_TEST(stale_actor_is_refused)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	struct zila_actor fake = f.clerk;
	fake.role = ZILA_ROLE_ADMIN; /* claims more than the user has */
	json_t *args = json_pack("{s:s, s:s}", "code", "EDU", "name_en", "Education");
	ck_assert_int_eq(run_action(&f, &fake, "master.department", args, NULL, &err), ZILA_EAUTH);
	json_decref(args);
	fixture_close(&f);
}
END_TEST

START_TEST(numbers_are_per_desk_kind_and_year)
{
	struct fixture f;
	struct zila_action_ctx ctx = { 0 };
	struct zila_err err = { 0 };
	char buf[64];
	fixture_open(&f);
	ctx.db = f.db;
	ctx.err = &err;
	snprintf(ctx.today, sizeof ctx.today, "2026-11-20");
	ck_assert_int_eq(zila_number_next(&ctx, 'G', buf, sizeof buf), ZILA_OK);
	ck_assert_str_eq(buf, "DRG/G/07/2026/000001");
	ck_assert_int_eq(zila_number_next(&ctx, 'G', buf, sizeof buf), ZILA_OK);
	ck_assert_str_eq(buf, "DRG/G/07/2026/000002");
	ck_assert_int_eq(zila_number_next(&ctx, 'L', buf, sizeof buf), ZILA_OK);
	ck_assert_str_eq(buf, "DRG/L/07/2026/00001");
	snprintf(ctx.today, sizeof ctx.today, "2027-01-01");
	ck_assert_int_eq(zila_number_next(&ctx, 'G', buf, sizeof buf), ZILA_OK);
	ck_assert_str_eq(buf, "DRG/G/07/2027/000001");
	fixture_close(&f);
}
END_TEST


/* A grievance registered offline on the 17th and run again by the server
 * on the 20th is due from the 17th, as the citizen's receipt says; a desk
 * clock that runs ahead or is far behind is not believed. */
START_TEST(action_date_is_where_the_action_was_born)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *res;
	fixture_open(&f); /* today is 2026-11-20 in India */
	const struct {
		const char *client_time, *registered_on, *due_date;
	} cases[] = {
		{ "2026-11-17T05:00:00Z", "2026-11-17", "2026-11-24" },  /* offline three days: kept */
		{ "2026-11-16T19:00:00Z", "2026-11-17", "2026-11-24" },  /* 00:30 in India is already the 17th */
		{ "2026-11-25T05:00:00Z", "2026-11-20", "2026-11-27" },  /* a clock ahead: today */
		{ "2025-06-01T05:00:00Z", "2026-11-20", "2026-11-27" },  /* far behind: today */
		{ "not a time", "2026-11-20", "2026-11-27" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Sita Bai", "category", "WATER",
			"description", "handpump broken");
		struct zila_action_opts opts = { .client_time = cases[i].client_time };
		ck_assert_msg(zila_action_run(f.db, &f.clerk, "grievance.register", args, &opts, &res, &err) == ZILA_OK,
			"%s", err.msg);
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f.db),
			"SELECT registered_on, due_date FROM grievance WHERE id = ?1", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(res, "id")), -1, SQLITE_STATIC);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), cases[i].registered_on);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 1), cases[i].due_date);
		sqlite3_finalize(st);
		json_decref(res);
		json_decref(args);
	}
	fixture_close(&f);
}
END_TEST

Suite *
master_suite(void)
{
	Suite *s = suite_create("master");
	TCase *tc = tcase_create("master");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, role_table);
	tcase_add_test(tc, denied_role_changes_nothing);
	tcase_add_test(tc, fixture_masters_are_there);
	tcase_add_test(tc, bad_input_is_refused_without_change);
	tcase_add_test(tc, import_refuses_the_whole_file_on_one_bad_line);
	tcase_add_test(tc, login_and_password_change);
	tcase_add_test(tc, stale_actor_is_refused);
	tcase_add_test(tc, numbers_are_per_desk_kind_and_year);
	tcase_add_test(tc, action_date_is_where_the_action_was_born);
	suite_add_tcase(s, tc);
	return s;
}
