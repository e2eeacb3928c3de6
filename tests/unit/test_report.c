/* test_report.c: the reports, CSV export, home screen counts and search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zila/report.h"
#include "zila/util.h"

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

/* Fixes the clock at 06:00 UTC (11:30 in Kolkata) of date. */
static void
at(const char *date)
{
	zila_clock_set((time_t)zila_date_diff("1970-01-01", date) * 86400 + 6 * 3600);
}

/* Runs an action on date (it must succeed) and takes args; id_out (40
 * bytes, may be NULL) gets the id it made. */
static void
must(struct fixture *f, const struct zila_actor *who, const char *date, const char *action, json_t *args, char *id_out)
{
	struct zila_err err = { 0 };
	json_t *res = NULL;
	ck_assert_ptr_nonnull(args);
	at(date);
	enum zila_status st = run_action(f, who, action, args, id_out ? &res : NULL, &err);
	ck_assert_msg(st == ZILA_OK, "%s on %s: %s", action, date, err.msg);
	if (id_out)
		snprintf(id_out, 40, "%s", json_string_value(json_object_get(res, "id")));
	json_decref(res);
	json_decref(args);
	zila_clock_set(0);
}

/* The row of array key whose field is value. */
static json_t *
row_of(json_t *report, const char *key, const char *field, const char *value)
{
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(report, key), i, row)
		if (strcmp(json_string_value(json_object_get(row, field)), value) == 0)
			return row;
	ck_abort_msg("no row %s=%s in %s", field, value, key);
	return NULL;
}

static long long
num(json_t *row, const char *field)
{
	json_t *v = json_object_get(row, field);
	ck_assert_msg(json_is_integer(v), "%s is not a number", field);
	return json_integer_value(v);
}

/* Checks the five age buckets of a row. */
static void
ages_are(json_t *row, long long a0, long long a1, long long a2, long long a3, long long a4)
{
	json_t *age = json_object_get(row, "age");
	long long want[5] = { a0, a1, a2, a3, a4 };
	static const char *const names[5] = { "0-7", "8-15", "16-30", "31-60", "60+" };
	for (int i = 0; i < 5; i++)
		ck_assert_msg(json_integer_value(json_object_get(age, names[i])) == want[i], "age %s: %lld, wanted %lld",
			names[i], (long long)json_integer_value(json_object_get(age, names[i])), want[i]);
}

/* Checks a TL row: pending at start, received, disposed, pending at end, overdue. */
static void
tl_is(json_t *row, long long start, long long received, long long disposed, long long end, long long overdue)
{
	ck_assert_int_eq(num(row, "pending_start"), start);
	ck_assert_int_eq(num(row, "received"), received);
	ck_assert_int_eq(num(row, "disposed"), disposed);
	ck_assert_int_eq(num(row, "pending_end"), end);
	ck_assert_int_eq(num(row, "overdue"), overdue);
}

/* A letter received on date, marked to one department for days. */
static void
letter(struct fixture *f, const char *date, const char *dept, int days, char *id)
{
	must(f, &f->clerk, date, "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:i}]}", "sender", "Commissioner, Durg",
		"subject", "Report on pending cases", "marks", "department", dept, "days", days), id);
}

/* The TL fixture. Today is 2026-11-20; the default period is the week
 * 2026-11-14 to 2026-11-20, so pending at start means pending at the end
 * of 2026-11-13, and ages are days from marking to 2026-11-20.
 *
 *  letter  marked      dept  days due         what happens            age  bucket
 *  L1      2026-10-01  REV   15   2026-10-16  pending                  50  31-60  overdue 35
 *  L2      2026-11-10  REV    7   2026-11-17  replied 2026-11-15 (in the period)
 *          2026-11-10  PWD   30   2026-12-10  pending                  10  8-15
 *  L3      2026-11-14  REV    7   2026-11-21  pending (received)        6  0-7
 *  L4      2026-11-20  PWD    1   2026-11-21  pending (received)        0  0-7
 *  L5      2026-11-13  HEALTH 7   2026-11-20  replied 2026-11-13 (before the period: counts nowhere)
 *  L6      2026-09-01  PWD   30   2026-10-01  replied 2026-10-05, closed 2026-11-16 (disposed
 *                                             when replied: counts nowhere this week)
 *  L7      2026-08-01  PHED  30   2026-08-31  closed unreplied by the Collector 2026-11-18
 *  L9      2026-11-05  REV   10   2026-11-15  pending                  15  8-15   overdue 5
 *  L10     2026-10-21  REV   30   2026-11-20  pending (due today: not overdue) 30  16-30
 *  L11     2026-09-21  PWD   60   2026-11-20  pending                  60  31-60
 *  L12     2026-09-20  PWD   90   2026-12-19  pending                  61  60+
 *  L13     2026-11-12  REV    7   2026-11-19  pending                   8  8-15   overdue 1
 *  L14     2026-11-13  REV    7   2026-11-20  pending                   7  0-7
 *
 *  REV:    start L1 L2 L9 L10 L13 L14 = 6; received L3 = 1; disposed L2 = 1;
 *          end 6; overdue L1 L9 L13 = 3; ages 2 2 1 1 0
 *  PWD:    start L2 L11 L12 = 3; received L4 = 1; disposed 0; end 4; overdue 0;
 *          ages 1 1 0 1 1
 *  HEALTH: all 0.  PHED: start L7 = 1, disposed 1, end 0.
 *  totals: 10 2 2 10 3; ages 3 3 1 2 1. Overdue list: L1, L9, L13.
 *
 * October (2026-10-01 to 2026-10-31, as of 10-31; start = end of 09-30):
 *  REV:  start 0; received L1 L10 = 2; disposed 0; end 2 (L1 age 30 16-30,
 *        overdue 15; L10 age 10 8-15)
 *  PWD:  start L6 L11 L12 = 3; received 0; disposed L6 (replied 10-05) = 1;
 *        end L11 L12 = 2 (ages 40, 41: 31-60)
 *  PHED: start L7 = 1; end 1 (closed on 11-18, after the period: age 91,
 *        60+, overdue 61)
 *  Overdue list: L7 (due 08-31, 61 days) then L1 (10-16, 15 days). */
static void
tl_fixture(struct fixture *f, char ids[15][40])
{
	letter(f, "2026-10-01", "REV", 15, ids[1]);
	must(f, &f->clerk, "2026-11-10", "letter.create", json_pack("{s:s, s:s, s:[{s:s, s:i}, {s:s, s:i}]}",
		"sender", "MLA, Patan", "subject", "पेयजल की समस्या", "marks", "department", "REV", "days", 7,
		"department", "PWD", "days", 30), ids[2]);
	must(f, &f->rev_officer, "2026-11-15", "letter.reply", json_pack("{s:s, s:s}", "letter", ids[2], "reply", "Done"), NULL);
	letter(f, "2026-11-14", "REV", 7, ids[3]);
	letter(f, "2026-11-20", "PWD", 1, ids[4]);
	letter(f, "2026-11-13", "HEALTH", 7, ids[5]);
	must(f, &f->admin, "2026-11-13", "letter.reply", json_pack("{s:s, s:s, s:s}", "letter", ids[5], "reply", "Done",
		"department", "HEALTH"), NULL);
	letter(f, "2026-09-01", "PWD", 30, ids[6]);
	must(f, &f->pwd_officer, "2026-10-05", "letter.reply", json_pack("{s:s, s:s}", "letter", ids[6], "reply", "Done"), NULL);
	must(f, &f->clerk, "2026-11-16", "letter.close", json_pack("{s:s}", "letter", ids[6]), NULL);
	letter(f, "2026-08-01", "PHED", 30, ids[7]);
	must(f, &f->collector, "2026-11-18", "letter.close", json_pack("{s:s, s:s, s:s}", "letter", ids[7],
		"department", "PHED", "note", "No longer needed"), NULL);
	letter(f, "2026-11-05", "REV", 10, ids[9]);
	letter(f, "2026-10-21", "REV", 30, ids[10]);
	letter(f, "2026-09-21", "PWD", 60, ids[11]);
	letter(f, "2026-09-20", "PWD", 90, ids[12]);
	letter(f, "2026-11-12", "REV", 7, ids[13]);
	letter(f, "2026-11-13", "REV", 7, ids[14]);
}

START_TEST(tl_by_hand)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char ids[15][40];
	json_t *r;
	fixture_open(&f);
	tl_fixture(&f, ids);

	ck_assert_msg(zila_report_tl(f.db, NULL, NULL, &r, &err) == ZILA_OK, "%s", err.msg);
	json_t *rev = row_of(r, "departments", "department", "REV"), *pwd = row_of(r, "departments", "department", "PWD");
	tl_is(rev, 6, 1, 1, 6, 3);
	ages_are(rev, 2, 2, 1, 1, 0);
	tl_is(pwd, 3, 1, 0, 4, 0);
	ages_are(pwd, 1, 1, 0, 1, 1);
	tl_is(row_of(r, "departments", "department", "HEALTH"), 0, 0, 0, 0, 0);
	tl_is(row_of(r, "departments", "department", "PHED"), 1, 0, 1, 0, 0);
	tl_is(json_object_get(r, "totals"), 10, 2, 2, 10, 3);
	ages_are(json_object_get(r, "totals"), 3, 3, 1, 2, 1);
	json_t *over = json_object_get(r, "overdue");
	ck_assert_int_eq(json_array_size(over), 3);
	ck_assert_int_eq(num(r, "overdue_count"), 3);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(over, 0), "due_date")), "2026-10-16");
	ck_assert_int_eq(num(json_array_get(over, 0), "days_over"), 35);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(over, 0), "department")), "REV");
	ck_assert_int_eq(num(json_array_get(over, 1), "days_over"), 5);
	ck_assert_int_eq(num(json_array_get(over, 2), "days_over"), 1);
	json_decref(r);

	ck_assert_msg(zila_report_tl(f.db, "2026-10-01", "2026-10-31", &r, &err) == ZILA_OK, "%s", err.msg);
	rev = row_of(r, "departments", "department", "REV");
	pwd = row_of(r, "departments", "department", "PWD");
	json_t *phed = row_of(r, "departments", "department", "PHED");
	tl_is(rev, 0, 2, 0, 2, 1);
	ages_are(rev, 0, 1, 1, 0, 0);
	tl_is(pwd, 3, 0, 1, 2, 0);
	ages_are(pwd, 0, 0, 0, 2, 0);
	tl_is(phed, 1, 0, 0, 1, 1);
	ages_are(phed, 0, 0, 0, 0, 1);
	over = json_object_get(r, "overdue");
	ck_assert_int_eq(json_array_size(over), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(over, 0), "department")), "PHED");
	ck_assert_int_eq(num(json_array_get(over, 0), "days_over"), 61);
	ck_assert_int_eq(num(json_array_get(over, 1), "days_over"), 15);
	json_decref(r);
	fixture_close(&f);
}
END_TEST

/* A grievance registered on date in category, stays as it is. */
static void
grievance(struct fixture *f, const char *date, const char *category, char *id)
{
	must(f, &f->clerk, date, "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "Ramesh Sahu",
		"description", "हैंडपंप खराब है", "category", category), id);
}

static void
dispose(struct fixture *f, const struct zila_actor *who, const char *date, const char *id)
{
	must(f, who, date, "grievance.dispose", json_pack("{s:s, s:s}", "grievance", id, "reply", "Resolved"), NULL);
}

/* Checks a grievance row: pending, overdue, received, disposed. */
static void
g_is(json_t *row, long long pending, long long overdue, long long received, long long disposed)
{
	ck_assert_int_eq(num(row, "pending"), pending);
	ck_assert_int_eq(num(row, "overdue"), overdue);
	ck_assert_int_eq(num(row, "received"), received);
	ck_assert_int_eq(num(row, "disposed"), disposed);
}

/* The grievance fixture (categories: WATER PHED 7 days, LAND REV 30, ROAD
 * PWD 15, HOSP HEALTH 10). Default period 2026-11-01 to 2026-11-20.
 *
 *  G1 WATER registered 11-05, due 11-12: open           pending, overdue, received
 *  G2 WATER registered 11-18, due 11-25: open           pending, received
 *  G3 LAND  registered 10-01, due 10-31: disposed 11-10 disposed (40 days)
 *  G4 LAND  registered 11-01, due 12-01: disposed 11-06 received, disposed (5 days)
 *  G5 LAND  registered 09-01, due 10-01: disposed 10-15, closed 11-15: nothing
 *  G6 ROAD  registered 10-20, due 11-04: assigned, interim reply: pending, overdue
 *  G7 ROAD  registered 11-02: duplicate of G6 on 11-03: received only
 *  G8 HOSP  registered 11-20, due 11-30: open           pending, received
 *  G9 HOSP  registered 10-25, due 11-04: disposed 11-20 disposed (26 days)
 *
 *  HEALTH/HOSP 1 0 1 1 avg 26.0; PHED/WATER 2 1 2 0 avg null;
 *  PWD/ROAD 1 1 1 0 avg null; REV/LAND 0 0 1 2 avg 22.5;
 *  totals 4 2 5 3, avg (40+5+26)/3 = 23.7.
 *
 * October, as of 10-31: G3 pending (disposed later; due 10-31 is not
 * before 10-31), received; G5 disposed (44 days); G6 and G9 pending and
 * received, not yet overdue. REV/LAND 1 0 1 1 avg 44.0; PWD/ROAD 1 0 1 0;
 * HEALTH/HOSP 1 0 1 0; totals 3 0 3 1. */
static void
grievance_fixture(struct fixture *f)
{
	char g[10][40];
	grievance(f, "2026-11-05", "WATER", g[1]);
	grievance(f, "2026-11-18", "WATER", g[2]);
	grievance(f, "2026-10-01", "LAND", g[3]);
	dispose(f, &f->rev_officer, "2026-11-10", g[3]);
	grievance(f, "2026-11-01", "LAND", g[4]);
	dispose(f, &f->rev_officer, "2026-11-06", g[4]);
	grievance(f, "2026-09-01", "LAND", g[5]);
	dispose(f, &f->rev_officer, "2026-10-15", g[5]);
	must(f, &f->clerk, "2026-11-15", "grievance.close", json_pack("{s:s}", "grievance", g[5]), NULL);
	grievance(f, "2026-10-20", "ROAD", g[6]);
	must(f, &f->clerk, "2026-10-20", "grievance.assign", json_pack("{s:s}", "grievance", g[6]), NULL);
	must(f, &f->pwd_officer, "2026-10-22", "grievance.note", json_pack("{s:s, s:s, s:b}", "grievance", g[6],
		"note", "Work begun", "interim", 1), NULL);
	grievance(f, "2026-11-02", "ROAD", g[7]);
	must(f, &f->clerk, "2026-11-03", "grievance.duplicate", json_pack("{s:s, s:s}", "grievance", g[7], "of", g[6]), NULL);
	grievance(f, "2026-11-20", "HOSP", g[8]);
	grievance(f, "2026-10-25", "HOSP", g[9]);
	dispose(f, &f->collector, "2026-11-20", g[9]);
}

START_TEST(grievances_by_hand)
{
	struct fixture f;
	struct zila_err err = { 0 };
	json_t *r;
	fixture_open(&f);
	grievance_fixture(&f);

	ck_assert_msg(zila_report_grievances(f.db, NULL, NULL, &r, &err) == ZILA_OK, "%s", err.msg);
	json_t *rows = json_object_get(r, "rows");
	ck_assert_int_eq(json_array_size(rows), 4);
	static const char *const order[] = { "HOSP", "WATER", "ROAD", "LAND" };
	for (int i = 0; i < 4; i++)
		ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, (size_t)i), "category")), order[i]);
	json_t *hosp = row_of(r, "rows", "category", "HOSP"), *land = row_of(r, "rows", "category", "LAND");
	g_is(hosp, 1, 0, 1, 1);
	ck_assert_double_eq_tol(json_real_value(json_object_get(hosp, "avg_days_to_dispose")), 26.0, 0.001);
	g_is(row_of(r, "rows", "category", "WATER"), 2, 1, 2, 0);
	ck_assert(json_is_null(json_object_get(row_of(r, "rows", "category", "WATER"), "avg_days_to_dispose")));
	g_is(row_of(r, "rows", "category", "ROAD"), 1, 1, 1, 0);
	g_is(land, 0, 0, 1, 2);
	ck_assert_double_eq_tol(json_real_value(json_object_get(land, "avg_days_to_dispose")), 22.5, 0.001);
	g_is(json_object_get(r, "totals"), 4, 2, 5, 3);
	ck_assert_double_eq_tol(json_real_value(json_object_get(json_object_get(r, "totals"), "avg_days_to_dispose")),
		23.7, 0.001);
	json_decref(r);

	ck_assert_msg(zila_report_grievances(f.db, "2026-10-01", "2026-10-31", &r, &err) == ZILA_OK, "%s", err.msg);
	land = row_of(r, "rows", "category", "LAND");
	g_is(land, 1, 0, 1, 1);
	ck_assert_double_eq_tol(json_real_value(json_object_get(land, "avg_days_to_dispose")), 44.0, 0.001);
	g_is(row_of(r, "rows", "category", "ROAD"), 1, 0, 1, 0);
	g_is(row_of(r, "rows", "category", "HOSP"), 1, 0, 1, 0);
	g_is(json_object_get(r, "totals"), 3, 0, 3, 1);
	json_decref(r);
	fixture_close(&f);
}
END_TEST

/* An inspection of gp on date by the fixture's nodal officer, answering
 * every checklist item, with suggestions [text, department, target]. */
static void
inspect(struct fixture *f, const char *gp, const char *date, json_t *suggestions, bool submit, char *id)
{
	json_t *answers = json_pack("[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]", "item", "ATT", "rating", "good",
		"item", "REC", "rating", "poor", "item", "WAT", "rating", "na");
	must(f, &f->nodal, date, "inspection.record", json_pack("{s:s, s:s, s:o, s:o}", "gp", gp, "inspected_on", date,
		"answers", answers, "suggestions", suggestions), id);
	if (submit)
		must(f, &f->nodal, date, "inspection.submit", json_pack("{s:s}", "inspection", id), NULL);
}

/* The inspection fixture: the nodal officer has GPs 200101 and 200102.
 * Period 2026-11-01 to 2026-11-20: fortnights 2026-11-1 and 2026-11-2.
 *
 *  I1 200101 11-03 submitted: S1 PHED target 11-10 (pending, overdue, age 17),
 *                             S2 REV target 11-30 (complied 11-12)
 *  I2 200101 11-14 draft:     S3 PWD (a draft's: not counted)
 *  I3 200102 11-16 submitted: S4 PHED target 12-15 (pending, age 4)
 *  I4 200102 10-20 submitted: S5 REV target 11-01 (pending, overdue, age 31)
 *
 *  coverage 2026-11-1: assigned 2, inspected 1 (200101 twice), submitted 1;
 *           2026-11-2: assigned 2, inspected 1, submitted 1.
 *  suggestions: PHED pending 2, overdue 1, ages 1 0 1 0 0; REV 1, 1, ages
 *  0 0 0 1 0; PWD 0; totals 3 and 2. */
START_TEST(inspections_by_hand)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char id[40];
	json_t *r;
	fixture_open(&f);
	inspect(&f, "200101", "2026-11-03", json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]", "text", "Repair the hand pump",
		"department", "PHED", "target_date", "2026-11-10", "text", "Update the B-1", "department", "REV",
		"target_date", "2026-11-30"), true, id);
	char sid[40];
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f.db), "SELECT s.id FROM suggestion s JOIN department d"
		" ON d.id = s.department_id WHERE d.code = 'REV'", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(sid, sizeof sid, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	must(&f, &f.rev_officer, "2026-11-12", "suggestion.comply", json_pack("{s:s, s:s}", "suggestion", sid,
		"note", "B-1 corrected"), NULL);
	inspect(&f, "200101", "2026-11-14", json_pack("[{s:s, s:s, s:s}]", "text", "Fill the potholes",
		"department", "PWD", "target_date", "2026-11-30"), false, id);
	inspect(&f, "200102", "2026-11-16", json_pack("[{s:s, s:s, s:s}]", "text", "नल कनेक्शन दें",
		"department", "PHED", "target_date", "2026-12-15"), true, id);
	inspect(&f, "200102", "2026-10-20", json_pack("[{s:s, s:s, s:s}]", "text", "Demarcate the pond",
		"department", "REV", "target_date", "2026-11-01"), true, id);

	ck_assert_msg(zila_report_inspections(f.db, NULL, NULL, &r, &err) == ZILA_OK, "%s", err.msg);
	json_t *cov = json_object_get(r, "coverage");
	ck_assert_int_eq(json_array_size(cov), 2);
	json_t *c1 = json_array_get(cov, 0), *c2 = json_array_get(cov, 1);
	ck_assert_str_eq(json_string_value(json_object_get(c1, "fortnight")), "2026-11-1");
	ck_assert_int_eq(num(c1, "assigned"), 2);
	ck_assert_int_eq(num(c1, "inspected"), 1);
	ck_assert_int_eq(num(c1, "submitted"), 1);
	ck_assert_int_eq(num(c2, "inspected"), 1);
	ck_assert_int_eq(num(c2, "submitted"), 1);
	json_t *phed = row_of(r, "suggestions", "department", "PHED"), *rev = row_of(r, "suggestions", "department", "REV");
	ck_assert_int_eq(num(phed, "pending"), 2);
	ck_assert_int_eq(num(phed, "overdue"), 1);
	ages_are(phed, 1, 0, 1, 0, 0);
	ck_assert_int_eq(num(rev, "pending"), 1);
	ck_assert_int_eq(num(rev, "overdue"), 1);
	ages_are(rev, 0, 0, 0, 1, 0);
	ck_assert_int_eq(num(row_of(r, "suggestions", "department", "PWD"), "pending"), 0);
	ck_assert_int_eq(num(json_object_get(r, "suggestion_totals"), "pending"), 3);
	ck_assert_int_eq(num(json_object_get(r, "suggestion_totals"), "overdue"), 2);
	json_decref(r);

	/* the summary counts the same, by role */
	json_t *sum;
	ck_assert_int_eq(zila_summary(f.db, &f.collector, &sum, &err), ZILA_OK);
	ck_assert_int_eq(num(json_object_get(sum, "inspections"), "pending_suggestions"), 3);
	ck_assert_int_eq(num(json_object_get(sum, "inspections"), "inspected"), 1);
	json_decref(sum);
	ck_assert_int_eq(zila_summary(f.db, &f.rev_officer, &sum, &err), ZILA_OK);
	ck_assert_int_eq(num(json_object_get(sum, "inspections"), "pending_suggestions"), 1);
	json_decref(sum);
	fixture_close(&f);
}
END_TEST

/* Text a spreadsheet would run as a formula is led by a quote; numbers,
 * negative ones too, stay numbers. */
START_TEST(csv_neutralises_formulas)
{
	static const struct { const char *in, *out; } cells[] = {
		{ "=1+1", "\"'=1+1\"" }, { "+91 98765", "\"'+91 98765\"" }, { "-5 days", "\"'-5 days\"" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"" }, { "\tx", "\"'\tx\"" }, { "\rx", "\"'\rx\"" },
		{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "a=1", "a=1" }, { "", "" }, { "राजस्व", "राजस्व" }, { "1-2", "1-2" }, { " =1", " =1" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cells); i++) {
		char *buf = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&buf, &n);
		zila_csv_text(f, cells[i].in);
		fclose(f);
		ck_assert_msg(strcmp(buf, cells[i].out) == 0, "%s: %s, wanted %s", cells[i].in, buf, cells[i].out);
		free(buf);
	}
	json_t *r = json_pack("{s:[{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i, s:i, s:i, s:i}}],"
		" s:{s:i, s:i, s:i, s:i, s:i, s:{s:i, s:i, s:i, s:i, s:i}}, s:[]}",
		"departments", "department", "=cmd|' /C calc'!A0", "name", "@evil", "pending_start", -1, "received", 2,
		"disposed", 3, "pending_end", 0, "overdue", 0, "age", "0-7", 0, "8-15", 0, "16-30", 0, "31-60", 0, "60+", 0,
		"totals", "pending_start", -1, "received", 2, "disposed", 3, "pending_end", 0, "overdue", 0,
		"age", "0-7", 0, "8-15", 0, "16-30", 0, "31-60", 0, "60+", 0, "overdue");
	ck_assert_ptr_nonnull(r);
	char *csv = csv_of("tl", r);
	ck_assert_msg(strstr(csv, "\r\n\"'=cmd|' /C calc'!A0\",\"'@evil\",-1,2,3,") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, "\r\ntotal,,-1,2,") != NULL, "%s", csv);
	free(csv);
	json_decref(r);
}
END_TEST

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

/* Letters and grievances interleave by date, newest first, and the
 * limit holds across both kinds (the merge is one SQL statement). */
START_TEST(search_merges_kinds_by_date)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char ids[4][40];
	const char *dates[4] = { "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-05" };
	json_t *rows;
	fixture_open(&f);
	for (int i = 0; i < 4; i++) {
		if (i % 2 == 0)
			must(&f, &f.clerk, dates[i], "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "Asha",
				"description", "पानी की टंकी", "category", "WATER"), ids[i]);
		else
			must(&f, &f.clerk, dates[i], "letter.create", json_pack("{s:s, s:s}", "sender", "SDM",
				"subject", "पानी की आपूर्ति"), ids[i]);
	}
	for (int limit = 1; limit <= 5; limit++) {
		ck_assert_int_eq(zila_search(f.db, "पानी", limit, &rows, &err), ZILA_OK);
		ck_assert_int_eq(json_array_size(rows), limit < 4 ? limit : 4);
		for (int k = 0; k < (int)json_array_size(rows); k++)
			ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, k), "id")), ids[3 - k]);
		json_decref(rows);
	}
	fixture_close(&f);
}
END_TEST

/* Search: parts of Hindi and English words, across letters and
 * grievances, newest first; short words through LIKE; notes found the
 * moment they are written. */
START_TEST(search_finds_parts_of_words)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char g1[40], g2[40], l1[40];
	json_t *rows;
	fixture_open(&f);
	must(&f, &f.clerk, "2026-11-01", "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "रमेश साहू",
		"description", "गांव में हैंडपंप खराब है", "category", "WATER"), g1);
	must(&f, &f.clerk, "2026-11-03", "letter.create", json_pack("{s:s, s:s}", "sender", "Commissioner, Durg",
		"subject", "Hand pumps: हैंडपंप सुधार की जानकारी"), l1);
	must(&f, &f.clerk, "2026-11-05", "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name", "Sunita Verma",
		"description", "Road to the school is broken", "category", "ROAD"), g2);

	ck_assert_int_eq(zila_search(f.db, "हैंडप", 10, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 2);
	/* newest first: the letter of 11-03, then the grievance of 11-01 */
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "kind")), "letter");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "id")), l1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 1), "id")), g1);
	json_decref(rows);
	ck_assert_int_eq(zila_search(f.db, "हैंडप", 1, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	json_decref(rows);

	/* every word must be there: "school" and "road" in one grievance */
	ck_assert_int_eq(zila_search(f.db, "SCHOOL roa", 10, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "id")), g2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "who")), "Sunita Verma");
	json_decref(rows);
	ck_assert_int_eq(zila_search(f.db, "school pump", 10, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 0);
	json_decref(rows);

	/* a two-letter word has no trigram: LIKE finds it, alone or with others */
	ck_assert_int_eq(zila_search(f.db, "to", 10, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	json_decref(rows);
	ck_assert_int_eq(zila_search(f.db, "Road is", 10, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	json_decref(rows);

	/* the number, and a note as soon as it is written */
	ck_assert_int_eq(zila_search(f.db, "DRG/L/07", 10, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	json_decref(rows);
	must(&f, &f.clerk, "2026-11-06", "grievance.note", json_pack("{s:s, s:s}", "grievance", g2,
		"note", "ठेकेदार को नोटिस दिया"), NULL);
	ck_assert_int_eq(zila_search(f.db, "ठेकेदार", 10, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "id")), g2);
	json_decref(rows);
	fixture_close(&f);
}
END_TEST

/* The home screen counts on the TL and grievance fixtures, by role
 * (today 2026-11-20). Pending markings now: REV L1 L3 L9 L10 L13 L14 = 6,
 * 3 overdue (L1 L9 L13); PWD L2 L4 L11 L12 = 4, none overdue; received
 * today: L4 (PWD). Open grievances: G1 G2 (PHED, G1 overdue), G6 (PWD,
 * overdue), G8 (HEALTH, registered today); none of REV. */
START_TEST(summary_counts_by_role)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char ids[15][40];
	json_t *s;
	fixture_open(&f);
	tl_fixture(&f, ids);
	grievance_fixture(&f);

	ck_assert_int_eq(zila_summary(f.db, &f.collector, &s, &err), ZILA_OK);
	json_t *l = json_object_get(s, "letters"), *g = json_object_get(s, "grievances");
	ck_assert_int_eq(num(l, "received_today"), 1);
	ck_assert_int_eq(num(l, "pending"), 10);
	ck_assert_int_eq(num(l, "overdue"), 3);
	ck_assert_int_eq(num(g, "received_today"), 1);
	ck_assert_int_eq(num(g, "pending"), 4);
	ck_assert_int_eq(num(g, "overdue"), 2);
	json_t *rev = row_of(s, "departments", "department", "REV");
	ck_assert_int_eq(num(rev, "letters_pending"), 6);
	ck_assert_int_eq(num(rev, "letters_overdue"), 3);
	ck_assert_int_eq(num(rev, "grievances_pending"), 0);
	ck_assert_int_eq(num(row_of(s, "departments", "department", "PHED"), "grievances_overdue"), 1);
	json_decref(s);

	ck_assert_int_eq(zila_summary(f.db, &f.rev_officer, &s, &err), ZILA_OK);
	l = json_object_get(s, "letters");
	g = json_object_get(s, "grievances");
	ck_assert_int_eq(num(l, "received_today"), 0);
	ck_assert_int_eq(num(l, "pending"), 6);
	ck_assert_int_eq(num(l, "overdue"), 3);
	ck_assert_int_eq(num(g, "pending"), 0);
	ck_assert_int_eq(json_array_size(json_object_get(s, "departments")), 1);
	json_decref(s);

	ck_assert_int_eq(zila_summary(f.db, &f.pwd_officer, &s, &err), ZILA_OK);
	l = json_object_get(s, "letters");
	g = json_object_get(s, "grievances");
	ck_assert_int_eq(num(l, "received_today"), 1);
	ck_assert_int_eq(num(l, "pending"), 4);
	ck_assert_int_eq(num(l, "overdue"), 0);
	ck_assert_int_eq(num(g, "received_today"), 0);
	ck_assert_int_eq(num(g, "pending"), 1);
	ck_assert_int_eq(num(g, "overdue"), 1);
	json_decref(s);
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
	tcase_add_test(tc, csv_neutralises_formulas);
	tcase_add_test(tc, periods_are_checked);
	tcase_add_test(tc, summary_by_role);
	tcase_add_test(tc, search_input_is_checked);
	tcase_add_test(tc, tl_by_hand);
	tcase_add_test(tc, grievances_by_hand);
	tcase_add_test(tc, inspections_by_hand);
	tcase_add_test(tc, search_finds_parts_of_words);
	tcase_add_test(tc, search_merges_kinds_by_date);
	tcase_add_test(tc, summary_counts_by_role);
	suite_add_tcase(s, tc);
	return s;
}
