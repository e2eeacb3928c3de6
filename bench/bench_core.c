/* bench_core.c: the core figures of DESIGN.md "Budgets" on a demo
 * database (bench/core makes it). Each figure is the median of several
 * runs, printed beside the bare SQLite queries it stands on (the very
 * statements it runs, captured with sqlite3_trace_v2, then run and read
 * without the layers above), one line each:
 * "name: value unit (target ...)", -1 when it could not be measured.
 * Exits 1 when a target is missed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "zila/db.h"
#include "zila/grievance.h"
#include "zila/letter.h"
#include "zila/master.h"
#include "zila/report.h"
#include "zila/util.h"

#define RUNS 15         /* runs of a page or a search */
#define REPORT_RUNS 5   /* runs of a report */

static struct zila_db *db;
static char dept_id[40];
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

/* The median time of fn over n runs, after one run to warm the cache;
 * -1 when fn fails (it says why on stderr). */
static double
median_ms(int (*fn)(void), int n)
{
	double t[RUNS];
	if (fn() != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();
		fn();
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)n, sizeof t[0], cmp_double);
	return t[n / 2];
}

/* The statements one call of a figure runs, as SQLite ran them (bound
 * values written in): the bare queries behind it. */
#define MAX_CAPTURE 32
static char *captured[MAX_CAPTURE];
static int ncaptured;
static bool capturing;

static int
capture(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)ctx;
	(void)x;
	if (!capturing || ncaptured == MAX_CAPTURE)
		return 0;
	char *sql = sqlite3_expanded_sql(p);
	/* statements of triggers come as comments; the outer one is enough */
	if (sql && strncmp(sql, "--", 2) != 0)
		captured[ncaptured++] = sql;
	else
		sqlite3_free(sql);
	return 0;
}

static sqlite3_stmt *bare_stmts[MAX_CAPTURE];
static int nbare;

/* Runs every captured statement to the end, reading every column of
 * every row, as a caller of SQLite would. */
static int
bare_run(void)
{
	for (int i = 0; i < nbare; i++) {
		sqlite3_stmt *st = bare_stmts[i];
		sqlite3_reset(st);
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(st); c++)
				sqlite3_column_text(st, c);
	}
	return 0;
}

/* The median time of the bare queries behind fn: fn is run once to
 * capture them, then they are prepared once and timed like fn. */
static double
bare_ms(int (*fn)(void), int n)
{
	ncaptured = 0;
	capturing = true;
	int rc = fn();
	capturing = false;
	nbare = 0;
	for (int i = 0; i < ncaptured; i++) {
		if (rc == 0 && sqlite3_prepare_v2(zila_db_handle(db), captured[i], -1, &bare_stmts[nbare], NULL) == SQLITE_OK)
			nbare++;
		sqlite3_free(captured[i]);
	}
	double t = rc == 0 && nbare ? median_ms(bare_run, n) : -1;
	for (int i = 0; i < nbare; i++)
		sqlite3_finalize(bare_stmts[i]);
	return t;
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
	if (n != 50)
		fprintf(stderr, "bench_core: a page of %d rows, not 50\n", n);
	return n == 50 ? 0 : 1;
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
	if (!n)
		fprintf(stderr, "bench_core: the search found nothing\n");
	return n ? 0 : 1;
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
	if (n != 50)
		fprintf(stderr, "bench_core: a page of %d rows, not 50\n", n);
	return n == 50 ? 0 : 1;
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
page_line(const char *name, int (*fn)(void))
{
	double t = median_ms(fn, RUNS), b = bare_ms(fn, RUNS);
	bool ok = t >= 0 && b >= 0 && t < 10.0 && t <= 2.0 * b;
	printf("%s: %.2f ms (its bare queries %.2f ms; target < 10 ms and < 2x bare)%s\n", name, t, b, ok ? "" : " MISSED");
	missed += !ok;
}

/* One line for a report: under 1 s (its bare queries beside it). */
static void
report_line(const char *name, int (*fn)(void))
{
	double t = median_ms(fn, REPORT_RUNS), b = bare_ms(fn, REPORT_RUNS);
	bool ok = t >= 0 && t < 1000.0;
	printf("%s: %.1f ms (its bare queries %.1f ms; target < 1000 ms)%s\n", name, t, b, ok ? "" : " MISSED");
	missed += !ok;
}

static int
login_wrong_password(void)
{
	struct zila_actor a;
	return zila_login(db, "clerk", "not-the-password", &a, NULL) == ZILA_EAUTH ? 0 : -1;
}

static int
login_unknown_user(void)
{
	struct zila_actor a;
	return zila_login(db, "no-such-login", "not-the-password", &a, NULL) == ZILA_EAUTH ? 0 : -1;
}

/* A refused login takes as long whether the login exists or not, so its
 * time does not tell which logins exist: the ratio of the two medians. */
static void
login_line(void)
{
	double wrong = median_ms(login_wrong_password, 5), unknown = median_ms(login_unknown_user, 5);
	double ratio = wrong > 0 ? unknown / wrong : 0;
	bool ok = wrong > 0 && unknown > 0 && ratio > 0.8 && ratio < 1.25;
	printf("login_refusal: unknown login %.1f ms, wrong password %.1f ms, ratio %.2f (target 0.8-1.25)%s\n",
		unknown, wrong, ratio, ok ? "" : " MISSED");
	missed += !ok;
}

/* The file's size over the records it holds (grievances and letters),
 * the free pages left out (a file shrinks only when rewritten); the
 * largest tables and indexes beside it, from dbstat, when SQLite has it. */
static long long
pragma_int(const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(zila_db_handle(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
disk_line(void)
{
	long long pages = pragma_int("PRAGMA page_count"), free_pages = pragma_int("PRAGMA freelist_count");
	long long size = pragma_int("PRAGMA page_size");
	long long records = pragma_int("SELECT (SELECT count(*) FROM grievance) + (SELECT count(*) FROM letter)");
	double per = records > 0 ? (double)((pages - free_pages) * size) / (double)records : -1;
	bool ok = per > 0 && per <= 2000;
	printf("disk: %.0f bytes per record (%lld records in %.1f MB; target <= 2,000)%s\n", per, records,
		(double)((pages - free_pages) * size) / 1e6, ok ? "" : " MISSED");
	missed += !ok;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(zila_db_handle(db), "SELECT name, sum(pgsize) FROM dbstat GROUP BY name"
		" ORDER BY 2 DESC LIMIT 5", -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("disk_largest: %s %.1f MB\n", (const char *)sqlite3_column_text(st, 0),
			(double)sqlite3_column_int64(st, 1) / 1e6);
	sqlite3_finalize(st);
}

/* zila check once, whole (integrity, foreign keys, the audit chain and
 * every row against its history): no target; the figure that showed a
 * check reading an event table once per marking (hours at 200,000). */
static void
check_line(void)
{
	char report[4096];
	struct zila_err err = { 0 };
	double t0 = now_ms();
	enum zila_status st = zila_db_check(db, report, sizeof report, NULL, &err);
	double t = now_ms() - t0;
	printf("zila_check: %.1f s (%s; target none, one run)\n", t / 1000.0, st == ZILA_OK ? "ok" : "problems found");
}

int
main(int argc, char **argv)
{
	struct zila_err err = { 0 };
	if (argc != 2) {
		fputs("usage: bench_core DEMO.db\n", stderr);
		return 2;
	}
	if (sodium_init() < 0 || zila_db_open(argv[1], 0, &db, &err) != ZILA_OK ||
	    zila_master_resolve(db, ZILA_M_DEPARTMENT, "REV", dept_id, &err) != ZILA_OK) {
		fprintf(stderr, "bench_core: %s\n", err.msg);
		return 2;
	}
	disk_line();
	sqlite3_trace_v2(zila_db_handle(db), SQLITE_TRACE_STMT, capture, NULL);
	page_line("grievance_page", grievance_page);
	page_line("search", search);
	page_line("overdue_letters_page", overdue_page);
	report_line("report_tl", report_tl);
	report_line("report_grievances", report_grievances);
	report_line("report_inspections", report_inspections);
	double t = median_ms(summary, REPORT_RUNS);
	bool ok = t >= 0 && t < 100.0;
	printf("home_summary: %.1f ms (target < 100 ms, the first screen)%s\n", t, ok ? "" : " MISSED");
	missed += !ok;
	login_line();
	check_line();
	zila_db_close(&db);
	return missed ? 1 : 0;
}
