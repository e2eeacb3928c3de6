/* bench_core.c: the core figures of DESIGN.md "Budgets" on a demo
 * database (bench/core makes it). Each figure is the median of several
 * runs, printed beside the bare SQLite query it stands on, one line each:
 * "name: value unit (target ...)". Exits 1 when a target is missed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "zila/grievance.h"
#include "zila/letter.h"
#include "zila/master.h"
#include "zila/report.h"
#include "zila/util.h"

#define RUNS 15         /* runs of a page or a search */
#define REPORT_RUNS 5   /* runs of a report */

static struct zila_db *db;
static char dept_id[40], today[11];
static const char *word = "हैंडपंप";
static int missed;

static double
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The median time of fn over n runs, after one run to warm the cache. */
static double
median_ms(int (*fn)(void), int n)
{
	double t[RUNS];
	if (fn() != 0) {
		fprintf(stderr, "bench_core: a run failed\n");
		exit(2);
	}
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();
		fn();
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)n, sizeof t[0], cmp_double);
	return t[n / 2];
}

/* Steps a bare query to the end, reading every column of every row; the
 * parameters: ?1 department, ?2 today, ?3 a word for FTS. */
static int
bare(const char *sql)
{
	sqlite3_stmt *st;
	char match[64];
	snprintf(match, sizeof match, "\"%s\"", word);
	if (sqlite3_prepare_v2(zila_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_core: %s\n", sqlite3_errmsg(zila_db_handle(db)));
		return 1;
	}
	for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++)
		sqlite3_bind_text(st, i, i == 1 ? dept_id : i == 2 ? today : match, -1, SQLITE_STATIC);
	int rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* read every column, as a caller would */
		for (int i = 0; i < sqlite3_column_count(st); i++)
			sqlite3_column_text(st, i);
		rows++;
	}
	sqlite3_finalize(st);
	return rows ? 0 : 1;
}

/* -------------------------------------------------------- the figures */

static int
grievance_page(void)
{
	struct zila_grievance_filter f = { .status = "open", .department_id = dept_id, .sort = ZILA_GSORT_DUE, .limit = 50 };
	json_t *rows;
	struct zila_err err = { 0 };
	if (zila_grievance_list(db, &f, &rows, &err) != ZILA_OK) {
		fprintf(stderr, "bench_core: grievance list: %s\n", err.msg);
		return 1;
	}
	int n = (int)json_array_size(rows);
	json_decref(rows);
	return n == 50 ? 0 : 1;
}

static int
grievance_page_bare(void)
{
	return bare("SELECT id, number, citizen_name, mobile, department_id, category_id, status, registered_on,"
		" due_date, officer_id, gp_id FROM grievance WHERE department_id = ?1 AND status IN ('registered', 'assigned', 'in_progress', 'appealed')"
		" ORDER BY due_date, id LIMIT 50");
}

static int
search(void)
{
	json_t *rows;
	struct zila_err err = { 0 };
	if (zila_search(db, word, 50, &rows, &err) != ZILA_OK) {
		fprintf(stderr, "bench_core: search: %s\n", err.msg);
		return 1;
	}
	int n = (int)json_array_size(rows);
	json_decref(rows);
	return n ? 0 : 1;
}

static int
search_bare(void)
{
	return bare("SELECT g.id, g.number, g.subject, g.citizen_name, g.status, g.registered_on FROM grievance_fts f"
		" JOIN grievance g ON g.rowid = f.rowid WHERE grievance_fts MATCH ?3 ORDER BY f.rowid DESC LIMIT 50") ||
		bare("SELECT l.id, l.number, l.subject, l.sender, l.status, l.received_on FROM letter_fts f"
		" JOIN letter l ON l.rowid = f.rowid WHERE letter_fts MATCH ?3 ORDER BY f.rowid DESC LIMIT 50");
}

static int
overdue_page(void)
{
	struct zila_letter_filter f = { .status = "pending", .department_id = dept_id, .overdue = true,
		.sort = ZILA_LSORT_DUE, .limit = 50 };
	json_t *rows;
	struct zila_err err = { 0 };
	if (zila_marking_list(db, &f, &rows, &err) != ZILA_OK) {
		fprintf(stderr, "bench_core: marking list: %s\n", err.msg);
		return 1;
	}
	int n = (int)json_array_size(rows);
	json_decref(rows);
	return n == 50 ? 0 : 1;
}

static int
overdue_page_bare(void)
{
	return bare("SELECT m.id, m.letter_id, l.number, l.subject, l.sender, m.department_id, m.marked_on, m.due_date,"
		" m.status, m.reminders FROM letter_marking m JOIN letter l ON l.id = m.letter_id"
		" WHERE m.department_id = ?1 AND m.status = 'pending' AND m.due_date < ?2 ORDER BY m.due_date, m.id LIMIT 50");
}

/* Runs a report function with its default period. */
static int
report(enum zila_status (*fn)(struct zila_db *, const char *, const char *, json_t **, struct zila_err *))
{
	json_t *r;
	struct zila_err err = { 0 };
	if (fn(db, NULL, NULL, &r, &err) != ZILA_OK) {
		fprintf(stderr, "bench_core: report: %s\n", err.msg);
		return 1;
	}
	json_decref(r);
	return 0;
}

static int report_tl(void) { return report(zila_report_tl); }
static int report_grievances(void) { return report(zila_report_grievances); }
static int report_inspections(void) { return report(zila_report_inspections); }

/* The heaviest query of each report: its scan of what is pending. */
static int
report_tl_bare(void)
{
	return bare("SELECT department_id, count(*), sum(due_date < ?2) FROM letter_marking INDEXED BY marking_pending"
		" WHERE status = 'pending' AND marked_on <= ?2 GROUP BY department_id");
}

static int
report_grievances_bare(void)
{
	return bare("SELECT department_id, category_id, count(*), sum(due_date < ?2) FROM grievance INDEXED BY grievance_open"
		" WHERE status IN ('registered', 'assigned', 'in_progress', 'appealed') AND registered_on <= ?2"
		" GROUP BY department_id, category_id");
}

static int
summary(void)
{
	struct zila_actor collector;
	json_t *s;
	struct zila_err err = { 0 };
	if (zila_actor_load(db, "collector", &collector, &err) != ZILA_OK || zila_summary(db, &collector, &s, &err) != ZILA_OK) {
		fprintf(stderr, "bench_core: summary: %s\n", err.msg);
		return 1;
	}
	json_decref(s);
	return 0;
}

/* One line for a page or a search: under 10 ms and within 2x of bare. */
static void
page_line(const char *name, int (*fn)(void), int (*bare_fn)(void))
{
	double t = median_ms(fn, RUNS), b = median_ms(bare_fn, RUNS);
	bool ok = t < 10.0 && t <= 2.0 * b;
	printf("%s: %.2f ms (bare query %.2f ms; target < 10 ms and < 2x bare)%s\n", name, t, b, ok ? "" : " MISSED");
	missed += !ok;
}

/* One line for a report: under 1 s. */
static void
report_line(const char *name, int (*fn)(void), int (*bare_fn)(void))
{
	double t = median_ms(fn, REPORT_RUNS);
	bool ok = t < 1000.0;
	if (bare_fn)
		printf("%s: %.1f ms (its heaviest bare query %.1f ms; target < 1000 ms)%s\n", name, t,
			median_ms(bare_fn, REPORT_RUNS), ok ? "" : " MISSED");
	else
		printf("%s: %.1f ms (target < 1000 ms)%s\n", name, t, ok ? "" : " MISSED");
	missed += !ok;
}

int
main(int argc, char **argv)
{
	struct zila_err err = { 0 };
	if (argc != 2) {
		fputs("usage: bench_core DEMO.db\n", stderr);
		return 2;
	}
	if (sodium_init() < 0 || zila_db_open(argv[1], ZILA_DB_NOCHECK, &db, &err) != ZILA_OK ||
	    zila_master_resolve(db, ZILA_M_DEPARTMENT, "REV", dept_id, &err) != ZILA_OK) {
		fprintf(stderr, "bench_core: %s\n", err.msg);
		return 2;
	}
	zila_ist_date(zila_clock(), today, sizeof today);
	page_line("grievance_page", grievance_page, grievance_page_bare);
	page_line("search", search, search_bare);
	page_line("overdue_letters_page", overdue_page, overdue_page_bare);
	report_line("report_tl", report_tl, report_tl_bare);
	report_line("report_grievances", report_grievances, report_grievances_bare);
	report_line("report_inspections", report_inspections, NULL);
	double t = median_ms(summary, REPORT_RUNS);
	printf("home_summary: %.1f ms (target < 100 ms, the first screen)%s\n", t, t < 100.0 ? "" : " MISSED");
	missed += t >= 100.0;
	zila_db_close(&db);
	return missed ? 1 : 0;
}
