/* test_report.c: the reports, CSV export, home screen counts and search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zila/report.h"

/* The CSV text of a report. */
static char *
csv_of(const char *kind, json_t *report)
{
	char *buf = NULL;
	size_t n = 0;
	struct zila_err err = { 0 };
	FILE *f = open_memstream(&buf, &n);
	ck_assert_ptr_nonnull(f);
	ck_assert_msg(zila_report_csv(kind, report, f, &err) == ZILA_OK, "csv: %s", err.msg);
	fclose(f);
	return buf;
}

START_TEST(csv_quotes_what_it_must)
{
	json_t *r = json_pack("{s:[{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i, s:i, s:i, s:i}}],"
		" s:{s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i, s:i, s:i, s:i}},"
		" s:[{s:s, s:s, s:s, s:s, s:i}]}",
		"departments", "department", "REV", "name", "Revenue, \"Land\"", "pending_start", 1, "received", 2,
		"disposed", 3, "pending_end", 0, "overdue", 0, "age", "0-7", 0, "8-15", 0, "16-30", 0, "31-60", 0, "60+", 0,
		"totals", "pending_start", 1, "received", 2, "disposed", 3, "pending_end", 0, "overdue", 0,
		"age", "0-7", 0, "8-15", 0, "16-30", 0, "31-60", 0, "60+", 0,
		"overdue", "number", "DRG/L/07/2026/00001", "subject", "line one\nline two", "department", "राजस्व",
		"due_date", "2026-11-01", "days_over", 19);
	ck_assert_ptr_nonnull(r);
	char *csv = csv_of("tl", r);
	const char *want =
		"department,name,pending at start,received,disposed,pending at end,overdue,0-7 days,8-15 days,"
		"16-30 days,31-60 days,over 60 days\r\n"
		"REV,\"Revenue, \"\"Land\"\"\",1,2,3,0,0,0,0,0,0,0\r\n"
		"total,,1,2,3,0,0,0,0,0,0,0\r\n"
		"\r\n"
		"number,subject,department,due date,days over\r\n"
		"DRG/L/07/2026/00001,\"line one\nline two\",राजस्व,2026-11-01,19\r\n";
	ck_assert_str_eq(csv, want);
	free(csv);

	struct zila_err err = { 0 };
	ck_assert_int_eq(zila_report_csv("weekly", r, stdout, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "weekly"));
	json_decref(r);
}
END_TEST

START_TEST(periods_are_checked)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *r = NULL;
	fixture_open(&f);
	ck_assert_int_eq(zila_report_tl(f.db, "2026-11-31", NULL, &r, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "from"));
	ck_assert_int_eq(zila_report_grievances(f.db, NULL, "20261120", &r, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "to"));
	ck_assert_int_eq(zila_report_inspections(f.db, "2026-11-21", "2026-11-20", &r, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "after"));
	ck_assert_ptr_null(r);

	/* defaults: the week ending today (2026-11-20 in IST), the month so far */
	ck_assert_int_eq(zila_report_tl(f.db, NULL, NULL, &r, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(r, "from")), "2026-11-14");
	ck_assert_str_eq(json_string_value(json_object_get(r, "to")), "2026-11-20");
	/* every department is listed, in code order, with zeros */
	json_t *d = json_object_get(r, "departments");
	ck_assert_int_eq(json_array_size(d), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(d, 0), "department")), "HEALTH");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(json_array_get(d, 3), "age"), "60+")), 0);
	json_decref(r);
	ck_assert_int_eq(zila_report_grievances(f.db, NULL, NULL, &r, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(r, "from")), "2026-11-01");
	ck_assert_int_eq(json_array_size(json_object_get(r, "rows")), 0);
	ck_assert(json_is_null(json_object_get(json_object_get(r, "totals"), "avg_days_to_dispose")));
	json_decref(r);
	/* the nodal officer's two fortnights of November, nothing inspected */
	ck_assert_int_eq(zila_report_inspections(f.db, NULL, NULL, &r, &err), ZILA_OK);
	json_t *cov = json_object_get(r, "coverage");
	ck_assert_int_eq(json_array_size(cov), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cov, 1), "fortnight")), "2026-11-2");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(cov, 1), "assigned")), 2);
	json_decref(r);
	fixture_close(&f);
}
END_TEST

START_TEST(summary_by_role)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *s;
	fixture_open(&f);
	ck_assert_int_eq(zila_summary(f.db, &f.collector, &s, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(json_object_get(s, "departments")), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(s, "inspections"), "this_fortnight")),
		"2026-11-2");
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(s, "inspections"), "assigned")), 2);
	json_decref(s);
	ck_assert_int_eq(zila_summary(f.db, &f.rev_officer, &s, &err), ZILA_OK);
	json_t *d = json_object_get(s, "departments");
	ck_assert_int_eq(json_array_size(d), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(d, 0), "department")), "REV");
	json_decref(s);
	fixture_close(&f);
}
END_TEST

START_TEST(search_input_is_checked)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *rows = NULL;
	fixture_open(&f);
	ck_assert_int_eq(zila_search(f.db, "  ", 10, &rows, &err), ZILA_EINVAL);
	ck_assert_int_eq(zila_search(f.db, "water", 1001, &rows, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "limit"));
	ck_assert_int_eq(zila_search(f.db, "a b c d e", 10, &rows, &err), ZILA_EINVAL);
	ck_assert_int_eq(zila_search(f.db, "\"; DROP TABLE letter; --", 10, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 0);
	json_decref(rows);
	ck_assert_int_eq(zila_search(f.db, "%_", 10, &rows, &err), ZILA_OK);
	json_decref(rows);
	fixture_close(&f);
}
END_TEST

Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, csv_quotes_what_it_must);
	tcase_add_test(tc, periods_are_checked);
	tcase_add_test(tc, summary_by_role);
	tcase_add_test(tc, search_input_is_checked);
	suite_add_tcase(s, tc);
	return s;
}
