/* report_internal.h: what report.c, summary.c and report_csv.c share: the
 * period of a report, age buckets, and summing grouped counts into rows. */
#ifndef ZILA_CORE_REPORT_INTERNAL_H
#define ZILA_CORE_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include "zila/db.h"

/* The age bucket names, youngest first, as they appear in "age" objects. */
#define REPORT_AGE_BUCKETS 5
extern const char *const report_age_names[REPORT_AGE_BUCKETS];

/* Sums of the five age buckets of a date column, for a statement whose
 * ?2..?5 are the boundary dates of report_bind_ages: constant SQL. */
#define REPORT_AGE_SUMS(col) \
	"sum(" col " >= ?2), sum(" col " < ?2 AND " col " >= ?3), sum(" col " < ?3 AND " col " >= ?4)," \
	" sum(" col " < ?4 AND " col " >= ?5), sum(" col " < ?5)"
/* The same five as field names for report_accumulate. */
#define REPORT_AGE_FIELDS "age.0-7", "age.8-15", "age.16-30", "age.31-60", "age.60+"

struct report_period {
	char from[11], to[11];
};

/* Checks from/to (YYYY-MM-DD, from not after to) and fills the defaults:
 * to is today; from is six days before to when week, else the first of
 * to's month. Names the bad field. */
enum zila_status report_period_get(const char *from, const char *to, bool week, struct report_period *p,
	struct zila_err *err);

/* Binds the bucket boundaries as of date `asof` to ?2..?5: a date D is
 * 0-7 days old when D >= ?2, 8-15 when ?3 <= D < ?2, and so on. */
void report_bind_ages(sqlite3_stmt *st, const char *asof);

/* Steps st to the end. Columns 0..nkeys-1 are ids naming a row of acc
 * (an object keyed by the ids joined with '|'); the next columns are
 * integers added to fields[0], fields[1]... of that row ("age.X" goes
 * into the row's "age" object, "" skips the column). */
enum zila_status report_accumulate(struct zila_db *db, sqlite3_stmt *st, int nkeys, json_t *acc,
	const char *const *fields, struct zila_err *err);

/* A new row object with every field of fields (NULL-terminated) set from
 * src (may be NULL), 0 when src lacks it; "age.X" fields make an "age"
 * object. */
json_t *report_counts(json_t *src, const char *const *fields);
/* Adds every field of row to totals (which must come from report_counts). */
void report_add_counts(json_t *totals, json_t *row, const char *const *fields);

/* The fortnight label of a date, as inspection.fortnight has it:
 * "2026-11-1" for days 1-15, "2026-11-2" for 16 to the end; buf holds 12.
 * start and end (11 bytes each, may be NULL) get its first and last day. */
void report_fortnight(const char *date, char *buf, size_t n, char *start, char *end);

#endif
