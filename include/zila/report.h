/* report.h: the reports (weekly time-limit review, grievance pendency,
 * inspection coverage), the home screen counts, search across modules, and
 * the demo district generator. Reports are JSON so the command line, the
 * screens and CSV export share one computation.
 *
 * Periods are inclusive dates, YYYY-MM-DD; NULL from/to mean the week
 * ending today (TL) or the current month (others). Ages are in days as of
 * `to`. Age buckets: 0-7, 8-15, 16-30, 31-60, over 60. */
#ifndef ZILA_REPORT_H
#define ZILA_REPORT_H

#include <jansson.h>
#include <stdio.h>
#include "zila/action.h"
#include "zila/db.h"

/* {"from","to","departments":[{department, name, name_hi, pending_start,
 *  received, disposed, pending_end, overdue, age:{"0-7","8-15","16-30",
 *  "31-60","60+"}}], "totals":{...same counts}, "overdue_count",
 *  "overdue":[{number, subject, department, due_date, days_over}]} --
 *  markings are what is counted; a marking is disposed when replied or
 *  closed (on its reply date if it was replied). Pending at the start is
 *  pending at the end of the day before `from`; pending, overdue and ages
 *  at the end are as of `to`. Every department is listed. The overdue list
 *  holds the 1000 longest overdue, longest first; overdue_count all. */
enum zila_status zila_report_tl(struct zila_db *db, const char *from, const char *to, json_t **report,
	struct zila_err *err);
/* {"from","to","rows":[{department, name, category, category_name, pending,
 *  overdue, received, disposed, avg_days_to_dispose}], "totals":{...}}:
 *  one row per department and category with anything to count, in code
 *  order. Pending and overdue are as of `to` (open then: registered by
 *  then and not disposed or closed by then); received: registered in the
 *  period; disposed: disposed in the period (a duplicate closed is not a
 *  disposal); the average is of those, one decimal, null when none. */
enum zila_status zila_report_grievances(struct zila_db *db, const char *from, const char *to, json_t **report,
	struct zila_err *err);
/* {"from","to","coverage":[{nodal, name, fortnight, assigned, inspected,
 *  submitted}], "suggestions":[{department, name, name_hi, pending, overdue,
 *  age:{...}}], "suggestion_totals":{...}}: coverage for every nodal
 *  officer and every fortnight the period touches (whole fortnights):
 *  gram panchayats assigned now, inspected (draft or submitted) and
 *  submitted in it. Suggestions: those of submitted inspections still
 *  pending, aged from the inspection as of `to`, overdue past target. */
enum zila_status zila_report_inspections(struct zila_db *db, const char *from, const char *to, json_t **report,
	struct zila_err *err);
/* Writes a report's main table (and its overdue list, after a blank line)
 * as CSV (RFC 4180). kind: "tl", "grievances", "inspections". */
enum zila_status zila_report_csv(const char *kind, json_t *report, FILE *out, struct zila_err *err);
/* The UTF-8 byte order mark that makes a spreadsheet read a CSV file's
 * Hindi right; written first unless the caller asked for none (--no-bom). */
#define ZILA_CSV_BOM "\xEF\xBB\xBF"

/* Home screen counts for an actor: {"today", "role", "letters":
 * {received_today, pending, overdue}, "grievances":{...}, "inspections":
 * {this_fortnight, assigned, inspected, pending_suggestions},
 * "departments":[{department, name, name_hi, letters_pending,
 * letters_overdue, grievances_pending, grievances_overdue}]}. Letters
 * count markings. Officers and heads see their own department's numbers
 * (letters received today: markings to it today); nodal officers their
 * own panchayats' inspections; the others the whole district. */
enum zila_status zila_summary(struct zila_db *db, const struct zila_actor *actor, json_t **summary,
	struct zila_err *err);

/* Letters and grievances matching text (parts of words, Hindi and
 * English): [{kind:"letter"|"grievance", id, number, title, who, status,
 * date}], newest first, at most limit rows (1-1000; 0 means 50). Words
 * under three letters are matched with LIKE (at most four of them). */
enum zila_status zila_search(struct zila_db *db, const char *text, int limit, json_t **rows, struct zila_err *err);

/* A demo district (Durg-like blocks and panchayats, departments,
 * categories, officers; Hindi and English names and texts) with `records`
 * grievances and `records` letters spread over states and the last two
 * years, plus inspections. Users: admin, clerk, collector, nodal1..,
 * <dept>.officer, <dept>.head, all with password "demo-pass". The database
 * must be set up (zila_init) and have no users. Every change is an
 * action (not queued for push), dated by zila_clock_set. progress (may be
 * NULL) is called now and then with done and total; phase (may be NULL) at
 * the end of each phase (setup, records, merge, inspections, search,
 * indexes, finish) with its name, how many seconds it took and how many
 * seconds of CPU (both threads). */
enum zila_status zila_demo_generate(struct zila_db *db, long long records,
	void (*progress)(long long done, long long total, void *arg),
	void (*phase)(const char *name, double seconds, double cpu_seconds, void *arg), void *arg,
	struct zila_err *err);

#endif
