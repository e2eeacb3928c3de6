/* test_draft.c: form drafts kept per form and user, replaced, loaded back,
 * removed; bad names refused. */
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zila/draft.h"

START_TEST(save_load_delete)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char at[32];
	json_t *got = NULL;
	fixture_open(&f);
	ck_assert_int_eq(zila_draft_load(f.db, "grievance.register", f.clerk.user_id, &got, at, sizeof at, &err),
		ZILA_ENOTFOUND);
	ck_assert_ptr_null(got);

	json_t *d = json_pack("{s:s, s:s, s:i}", "citizen_name", "सीता देवी", "description", "पानी नहीं\nदो दिन से",
		"rating", 3);
	ck_assert_int_eq(zila_draft_save(f.db, "grievance.register", f.clerk.user_id, d, &err), ZILA_OK);
	ck_assert_int_eq(zila_draft_load(f.db, "grievance.register", f.clerk.user_id, &got, at, sizeof at, &err), ZILA_OK);
	ck_assert(json_equal(got, d));
	ck_assert_str_eq(at, "2026-11-20T06:00:00Z");
	json_decref(got);

	/* a later save replaces the one before: one row, the new data and time */
	setenv("ZILA_NOW", "2026-11-20T06:05:00Z", 1);
	json_object_set_new(d, "citizen_name", json_string("सीता"));
	ck_assert_int_eq(zila_draft_save(f.db, "grievance.register", f.clerk.user_id, d, &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM draft"), 1);
	ck_assert_int_eq(zila_draft_load(f.db, "grievance.register", f.clerk.user_id, &got, at, sizeof at, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(got, "citizen_name")), "सीता");
	ck_assert_str_eq(at, "2026-11-20T06:05:00Z");
	json_decref(got);
	setenv("ZILA_NOW", "2026-11-20T06:00:00Z", 1);

	ck_assert_int_eq(zila_draft_delete(f.db, "grievance.register", f.clerk.user_id, &err), ZILA_OK);
	ck_assert_int_eq(zila_draft_load(f.db, "grievance.register", f.clerk.user_id, &got, NULL, 0, &err), ZILA_ENOTFOUND);
	ck_assert_int_eq(zila_draft_delete(f.db, "grievance.register", f.clerk.user_id, &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM draft"), 0);
	json_decref(d);
	fixture_close(&f);
}
END_TEST

/* Another user or another form never sees the draft, and removing one
 * leaves the others. */
START_TEST(per_user_and_form)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *got = NULL;
	fixture_open(&f);
	json_t *a = json_pack("{s:s}", "note", "clerk's note");
	json_t *b = json_pack("{s:s}", "note", "officer's note");
	json_t *c = json_pack("{s:s}", "subject", "clerk's letter");
	ck_assert_int_eq(zila_draft_save(f.db, "grievance.note", f.clerk.user_id, a, &err), ZILA_OK);
	ck_assert_int_eq(zila_draft_save(f.db, "grievance.note", f.rev_officer.user_id, b, &err), ZILA_OK);
	ck_assert_int_eq(zila_draft_save(f.db, "letter.create", f.clerk.user_id, c, &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM draft"), 3);

	ck_assert_int_eq(zila_draft_load(f.db, "grievance.note", f.rev_officer.user_id, &got, NULL, 0, &err), ZILA_OK);
	ck_assert(json_equal(got, b));
	json_decref(got);
	ck_assert_int_eq(zila_draft_load(f.db, "letter.create", f.rev_officer.user_id, &got, NULL, 0, &err), ZILA_ENOTFOUND);

	ck_assert_int_eq(zila_draft_delete(f.db, "grievance.note", f.clerk.user_id, &err), ZILA_OK);
	ck_assert_int_eq(zila_draft_load(f.db, "grievance.note", f.rev_officer.user_id, &got, NULL, 0, &err), ZILA_OK);
	ck_assert(json_equal(got, b));
	json_decref(got);
	ck_assert_int_eq(zila_draft_load(f.db, "letter.create", f.clerk.user_id, &got, NULL, 0, &err), ZILA_OK);
	ck_assert(json_equal(got, c));
	json_decref(got);
	ck_assert_int_eq(zila_draft_load(f.db, "grievance.note", f.clerk.user_id, &got, NULL, 0, &err), ZILA_ENOTFOUND);
	json_decref(a);
	json_decref(b);
	json_decref(c);
	fixture_close(&f);
}
END_TEST

START_TEST(bad_input_refused)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	char *before = db_digest(&f);
	json_t *arr = json_array();
	json_t *obj = json_object();
	char longname[300];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	ck_assert_int_eq(zila_draft_save(f.db, "letter.create", f.clerk.user_id, arr, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "object"));
	ck_assert_int_eq(zila_draft_save(f.db, "", f.clerk.user_id, obj, &err), ZILA_EINVAL);
	ck_assert_int_eq(zila_draft_save(f.db, longname, f.clerk.user_id, obj, &err), ZILA_EINVAL);
	ck_assert_int_eq(zila_draft_save(f.db, "letter.create", "", obj, &err), ZILA_EINVAL);
	ck_assert_int_eq(zila_draft_save(f.db, "letter.create", NULL, obj, &err), ZILA_EINVAL);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	json_decref(arr);
	json_decref(obj);
	fixture_close(&f);
}
END_TEST

Suite *
draft_suite(void)
{
	Suite *s = suite_create("draft");
	TCase *tc = tcase_create("draft");
	tcase_add_test(tc, save_load_delete);
	tcase_add_test(tc, per_user_and_form);
	tcase_add_test(tc, bad_input_refused);
	suite_add_tcase(s, tc);
	return s;
}
