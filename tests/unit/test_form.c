/* test_form.c: the rules of form fields without curses: the order of
 * fields, the keys a field takes, required/number/date/mobile/file checks,
 * the values given to on_save, pick lists from the masters. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include "testlib.h"
#include "ui/formdef.h"
#include "zila/master.h"

static const struct form_option ratings[] = {
	{ "good", "Good" }, { "average", "Average" }, { "poor", "Poor" }, { NULL, NULL }
};

/* A validator that refuses "bad" and counts its calls through ctx. */
static const char *
no_bad(const struct zila_form_field *f, const char *value, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
	return strcmp(value, "bad") == 0 ? "not that one" : NULL;
}

static const struct zila_form_field fields[] = {
	{ .key = "name", .label = "Name", .kind = FORM_TEXT, .required = true, .max_chars = 10, .validate = no_bad },
	{ .key = "mobile", .label = "Mobile", .kind = FORM_MOBILE },
	{ .key = "on", .label = "Date", .kind = FORM_DATE },
	{ .key = "count", .label = "Count", .kind = FORM_NUMBER, .min = 1, .max = 5 },
	{ .key = "text", .label = "Text", .kind = FORM_MULTILINE },
	{ .key = "urgent", .label = "Urgent", .kind = FORM_YESNO },
	{ .key = "rating", .label = "Rating", .kind = FORM_RATING, .options = ratings },
	{ .key = "file", .label = "File", .kind = FORM_PATH },
	{ 0 }
};
static const struct zila_form_def def = { "test.form", "Test", fields, NULL };

START_TEST(navigation_order)
{
	ck_assert_int_eq(form_field_count(&def), 8);
	ck_assert_int_eq(form_field_step(&def, 0, 1), 1);
	ck_assert_int_eq(form_field_step(&def, 7, 1), 0);
	ck_assert_int_eq(form_field_step(&def, 0, -1), 7);
	ck_assert_int_eq(form_field_step(&def, 3, -1), 2);
	ck_assert_int_eq(form_field_index(&def, "rating"), 6);
	ck_assert_int_eq(form_field_index(&def, "nothing"), -1);
	/* Tab all the way round visits every field once */
	int seen = 0, i = 0;
	do {
		seen |= 1 << i;
		i = form_field_step(&def, i, 1);
	} while (i != 0);
	ck_assert_int_eq(seen, 0xff);
}
END_TEST

START_TEST(keys_a_field_takes)
{
	ck_assert(form_char_allowed(&fields[3], '7'));
	ck_assert(!form_char_allowed(&fields[3], 'a'));
	ck_assert(!form_char_allowed(&fields[3], '-')); /* min is 1 */
	struct zila_form_field neg = { .key = "n", .kind = FORM_NUMBER, .min = -10, .max = 10 };
	ck_assert(form_char_allowed(&neg, '-'));
	ck_assert(form_char_allowed(&fields[2], '-'));
	ck_assert(form_char_allowed(&fields[2], '/'));
	ck_assert(!form_char_allowed(&fields[2], ' '));
	ck_assert(form_char_allowed(&fields[1], '+'));
	ck_assert(form_char_allowed(&fields[1], ' ')); /* "+91 98765 43210" as people write it */
	ck_assert(!form_char_allowed(&fields[1], 'x'));
	ck_assert(form_char_allowed(&fields[0], 0x915)); /* क */
	ck_assert_int_eq(form_field_width(&fields[2]), 10);
	ck_assert_int_eq(form_field_width(&fields[0]), 40);
	ck_assert_uint_eq(form_field_max_chars(&fields[4]), 4000);
	ck_assert_uint_eq(form_field_max_chars(&fields[0]), 10);
}
END_TEST

/* Checks the field key with text: ok or not; returns the message. */
static const char *
check(const char *key, const char *text, bool want_ok)
{
	static char msg[200];
	int calls = 0;
	bool ok = form_check(&fields[form_field_index(&def, key)], text, &calls, msg, sizeof msg);
	ck_assert_msg(ok == want_ok, "%s = '%s': %s", key, text, ok ? "accepted" : msg);
	ck_assert(ok || msg[0]);
	return msg;
}

START_TEST(field_checks)
{
	check("name", "", false);
	check("name", "   ", false);
	check("name", "सीता", true);
	check("name", "bad", false);
	ck_assert_str_eq(check("name", " bad ", false), "not that one");
	check("name", "abcdefghijk", false);
	check("mobile", "", true);
	check("mobile", "9876543210", true);
	check("mobile", "+919876543210", true);
	check("mobile", "5876543210", false);
	check("mobile", "98765", false);
	check("mobile", "98765432101", false);
	check("mobile", "+91987654321", false);
	check("mobile", "98765-43210", true); /* as people write it: the core keeps the 10 digits */
	check("mobile", "098765 43210", true);
	check("mobile", "98765-4321", false);
	check("on", "2028-02-29", true);
	check("on", "2026-02-29", false);
	check("on", "20-11-2026", true);
	check("on", "20/11/2026", true);
	check("on", "1.2.2026", true);
	check("on", "31-02-2026", false);
	check("on", "20-11-26", false);
	check("on", "2026/13/01", false);
	check("on", "20-11/2026", false);
	check("on", "20-11-2026-", false);
	check("count", "3", true);
	check("count", "6", false);
	check("count", "0", false);
	check("count", "3x", false);
	check("count", "99999999999999999999", false);
	check("text", "पहली पंक्ति\nदूसरी", true);
	check("urgent", "yes", true);
	check("urgent", "maybe", false);
	check("rating", "average", true);
	check("rating", "great", false);
	char path[512];
	check("file", test_path("fixture/masters.csv", path, sizeof path), true);
	check("file", "/no/such/file", false);
	check("file", "/tmp", false);
	char home[512];
	snprintf(home, sizeof home, "%s", test_path("", path, sizeof path));
	setenv("HOME", home, 1);
	check("file", "~/fixture/masters.csv", true);
	check("file", "~/fixture/none.csv", false);

	/* the validator sees only non-empty, trimmed values */
	int calls = 0;
	char msg[100];
	struct zila_form_field opt = fields[0];
	opt.required = false;
	ck_assert(form_check(&opt, "", &calls, msg, sizeof msg));
	ck_assert_int_eq(calls, 0);
	ck_assert(form_check(&opt, " ok ", &calls, msg, sizeof msg));
	ck_assert_int_eq(calls, 1);
}
END_TEST

START_TEST(check_all_and_values)
{
	int calls = 0;
	char msg[200];
	json_t *state = json_pack("{s:s, s:s, s:s, s:s}", "name", " सीता देवी ", "count", "4", "urgent", "no",
		"text", "\nline one\nline two\n\n");
	ck_assert_int_eq(form_check_all(&def, state, &calls, msg, sizeof msg), -1);
	json_object_set_new(state, "on", json_string("2026-13-01"));
	json_object_set_new(state, "mobile", json_string("123"));
	ck_assert_int_eq(form_check_all(&def, state, &calls, msg, sizeof msg), 1); /* the first bad one */
	json_object_set_new(state, "mobile", json_string(""));
	ck_assert_int_eq(form_check_all(&def, state, &calls, msg, sizeof msg), 2);
	json_object_set_new(state, "on", json_string("5/1/2027"));
	char path[600], home[512];
	snprintf(home, sizeof home, "%s", test_path("", path, sizeof path));
	setenv("HOME", home, 1);
	json_object_set_new(state, "file", json_string("~/fixture/masters.csv"));

	json_t *v = form_values(&def, state);
	snprintf(path, sizeof path, "%s/fixture/masters.csv", home);
	json_t *want = json_pack("{s:s, s:I, s:b, s:s, s:s, s:s}", "name", "सीता देवी", "count", (json_int_t)4, "urgent", 0,
		"text", "line one\nline two", "on", "2027-01-05", "file", path);
	char *got = json_dumps(v, JSON_SORT_KEYS);
	ck_assert_msg(json_equal(v, want), "values: %s", got);
	free(got);
	json_decref(v);
	json_decref(want);
	json_decref(state);
}
END_TEST

START_TEST(pick_lists_from_masters)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *rows;
	fixture_open(&f);
	ck_assert_int_eq(zila_master_list(f.db, ZILA_M_CATEGORY, &rows, &err), ZILA_OK);
	json_t *items = form_pick_items(rows, "id", (const char *[]){ "code", "name_en", "name_hi", NULL });
	ck_assert_uint_eq(json_array_size(items), json_array_size(rows));
	int idx[8];
	ck_assert_int_eq(form_pick_match(items, "", NULL, idx, 8), 4);
	ck_assert_int_eq(form_pick_match(items, "water", "", idx, 8), 1);
	const char *label = json_string_value(json_object_get(json_array_get(items, (size_t)idx[0]), "label"));
	ck_assert_str_eq(label, "WATER Drinking water पेयजल");
	ck_assert_int_eq(form_pick_match(items, "पेय", NULL, idx, 8), 1);
	ck_assert_int_eq(form_pick_match(items, "  land   rec ", NULL, idx, 8), 1);
	ck_assert_int_eq(form_pick_match(items, "land water", NULL, idx, 8), 0);
	ck_assert_int_eq(form_pick_match(items, "a", NULL, idx, 2), 4); /* counts past max */
	const char *id = json_string_value(json_object_get(json_array_get(items, (size_t)idx[0]), "value"));
	ck_assert_ptr_nonnull(form_pick_label(items, id));
	ck_assert_ptr_null(form_pick_label(items, "no-such-id"));
	json_decref(items);
	json_decref(rows);

	/* gram panchayats within a block: Durg (1001) has Anda and Bori */
	ck_assert_int_eq(zila_master_list(f.db, ZILA_M_GP, &rows, &err), ZILA_OK);
	items = form_pick_items_within(rows, "lgd_code", (const char *[]){ "name_en", NULL }, "block");
	ck_assert_int_eq(form_pick_match(items, "", "1001", idx, 8), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, (size_t)idx[1]), "label")), "Bori");
	ck_assert_int_eq(form_pick_match(items, "", "1002", idx, 8), 1);
	ck_assert_int_eq(form_pick_match(items, "bori", "1002", idx, 8), 0);
	ck_assert_int_eq(form_pick_match(items, "", NULL, idx, 8), 3);
	ck_assert_int_eq(form_pick_match(items, "", "9999", idx, 8), 0);
	json_decref(items);
	json_decref(rows);
	fixture_close(&f);
}
END_TEST

START_TEST(dates_as_typed_in_india)
{
	char iso[11];
	ck_assert(form_date_iso("20-11-2026", iso, sizeof iso));
	ck_assert_str_eq(iso, "2026-11-20");
	ck_assert(form_date_iso("2026-11-20", iso, sizeof iso));
	ck_assert_str_eq(iso, "2026-11-20");
	ck_assert(form_date_iso("29.2.2028", iso, sizeof iso));
	ck_assert_str_eq(iso, "2028-02-29");
	ck_assert(!form_date_iso("29.2.2027", iso, sizeof iso));
	ck_assert(!form_date_iso("2026-11-2026", iso, sizeof iso));
	ck_assert(!form_date_iso("+20-11-2026", iso, sizeof iso));
	ck_assert(!form_date_iso("20112026", iso, sizeof iso));
	ck_assert(!form_date_iso("", iso, sizeof iso));
}
END_TEST

START_TEST(draft_time_in_india)
{
	char buf[32];
	form_local_time("2026-11-20T06:00:00Z", buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-11-20 11:30");
	form_local_time("2026-12-31T20:15:00Z", buf, sizeof buf);
	ck_assert_str_eq(buf, "2027-01-01 01:45");
	form_local_time("yesterday", buf, sizeof buf);
	ck_assert_str_eq(buf, "yesterday");
}
END_TEST

/* Tab in a path field completes as a shell does, and says when it has
 * nothing to add (then Tab goes on to the next field). */
START_TEST(path_completion)
{
	char dir[] = "/tmp/zila-complete.XXXXXX", p[4096], out[4096];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof p, "%s/inbox", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	const char *files[] = { "inbox/photo-1.jpg", "inbox/photo-2.jpg", "inbox/letter.pdf", "inbox/.hidden" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		FILE *f = fopen(p, "w");
		ck_assert_ptr_nonnull(f);
		fclose(f);
	}
	snprintf(p, sizeof p, "%s/inb", dir);
	ck_assert(form_path_complete(p, out, sizeof out)); /* the only match, a folder */
	snprintf(p, sizeof p, "%s/inbox/", dir);
	ck_assert_str_eq(out, p);
	snprintf(p, sizeof p, "%s/inbox/l", dir);
	ck_assert(form_path_complete(p, out, sizeof out));
	snprintf(p, sizeof p, "%s/inbox/letter.pdf", dir);
	ck_assert_str_eq(out, p);
	ck_assert(!form_path_complete(p, out, sizeof out)); /* complete already */
	snprintf(p, sizeof p, "%s/inbox/ph", dir);
	ck_assert(form_path_complete(p, out, sizeof out)); /* the part both share */
	snprintf(p, sizeof p, "%s/inbox/photo-", dir);
	ck_assert_str_eq(out, p);
	ck_assert(!form_path_complete(p, out, sizeof out)); /* two ways on: nothing to add */
	snprintf(p, sizeof p, "%s/inbox/x", dir);
	ck_assert(!form_path_complete(p, out, sizeof out));
	snprintf(p, sizeof p, "%s/nowhere/x", dir);
	ck_assert(!form_path_complete(p, out, sizeof out));
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *
form_suite(void)
{
	Suite *s = suite_create("form");
	TCase *tc = tcase_create("form");
	tcase_add_test(tc, navigation_order);
	tcase_add_test(tc, keys_a_field_takes);
	tcase_add_test(tc, field_checks);
	tcase_add_test(tc, check_all_and_values);
	tcase_add_test(tc, pick_lists_from_masters);
	tcase_add_test(tc, dates_as_typed_in_india);
	tcase_add_test(tc, draft_time_in_india);
	tcase_add_test(tc, path_completion);
	suite_add_tcase(s, tc);
	return s;
}
