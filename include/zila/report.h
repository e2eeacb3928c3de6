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

/* {"from","to","departments":[{department, name, pending_start, received,
 *  disposed, pending_end, age:{"0-7","8-15","16-30","31-60","60+"}}],
 *  "totals":{...same counts}, "overdue":[{number, subject, department,
 *  due_date, days_over}]} -- markings are what is counted; a marking is
 *  disposed when replied or closed. */
enum zila_status zila_report_tl(struct zila_db *db, const char *from, const char *to, json_t **report,
	struct zila_err *err);
/* {"from","to","rows":[{department, name, category, category_name, pending,
 *  overdue, received, disposed, avg_days_to_dispose}], "totals":{...}} */
enum zila_status zila_report_grievances(struct zila_db *db, const char *from, const char *to, json_t **report,
	struct zila_err *err);
/* {"from","to","coverage":[{nodal, name, fortnight, assigned, inspected,
 *  submitted}], "suggestions":[{department, name, age buckets...}]} */
enum zila_status zila_report_inspections(struct zila_db *db, const char *from, const char *to, json_t **report,
	struct zila_err *err);
/* Writes a report's main table (and its overdue list, after a blank line)
 * as CSV (RFC 4180). kind: "tl", "grievances", "inspections". */
enum zila_status zila_report_csv(const char *kind, json_t *report, FILE *out, struct zila_err *err);

/* Home screen counts for an actor: {"letters":{received_today, pending,
 * overdue}, "grievances":{...}, "inspections":{this_fortnight, assigned,
 * inspected, pending_suggestions}, "departments":[{department, name,
 * letters_pending, letters_overdue, grievances_pending,
 * grievances_overdue}]}. Officers and heads see their own department's
 * numbers; the others the whole district. */
enum zila_status zila_summary(struct zila_db *db, const struct zila_actor *actor, json_t **summary,
	struct zila_err *err);

/* Letters and grievances matching text (parts of words, Hindi and
 * English): [{kind:"letter"|"grievance", id, number, title, status, date}],
 * at most limit rows. */
enum zila_status zila_search(struct zila_db *db, const char *text, int limit, json_t **rows, struct zila_err *err);

/* A demo district (Durg-like blocks and panchayats, departments,
 * categories, officers; Hindi and English names and texts) with `records`
 * grievances and `records` letters spread over states and the last two
 * years, plus inspections. Users: admin, clerk, collector, nodal1..,
 * <dept>.officer, <dept>.head, all with password "demo-pass". The database
 * must be fresh. progress (may be NULL) is called now and then with done
 * and total. */
enum zila_status zila_demo_generate(struct zila_db *db, long long records,
	void (*progress)(long long done, long long total, void *arg), void *arg, struct zila_err *err);

#endif
