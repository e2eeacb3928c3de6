/* report_csv.c: a report's tables as CSV (RFC 4180: CRLF line ends, a
 * field quoted when it holds a comma, a quote, CR or LF, quotes doubled).
 * Text is written as it is, UTF-8, so Hindi passes through untouched,
 * except that a text cell that a spreadsheet would take for a formula is
 * led by a quote (zila_csv_text); numbers are written as numbers. The
 * headings are in the user's language; callers write ZILA_CSV_BOM first
 * unless asked not to (--no-bom). */
#include <stdio.h>
#include <string.h>
#include "zila/i18n.h"
#include "zila/report.h"
#include "zila/util.h"

/* A column: the key in the row ("age.0-7" reads row.age["0-7"]) and its
 * heading. */
struct csv_col {
	const char *key, *head;
};

#define AGE_COLS { "age.0-7", N_("0-7 days") }, { "age.8-15", N_("8-15 days") }, { "age.16-30", N_("16-30 days") }, \
	{ "age.31-60", N_("31-60 days") }, { "age.60+", N_("over 60 days") }

static const struct csv_col tl_cols[] = {
	{ "department", N_("department") }, { "name", N_("name") }, { "pending_start", N_("pending at start") },
	{ "received", N_("received") }, { "disposed", N_("disposed") }, { "pending_end", N_("pending at end") },
	{ "overdue", N_("overdue") }, AGE_COLS, { NULL, NULL } };
static const struct csv_col tl_overdue_cols[] = {
	{ "number", N_("number") }, { "subject", N_("subject") }, { "department", N_("department") },
	{ "due_date", N_("due date") }, { "days_over", N_("days over") }, { NULL, NULL } };
static const struct csv_col grievance_cols[] = {
	{ "department", N_("department") }, { "name", N_("name") }, { "category", N_("category") },
	{ "category_name", N_("category name") }, { "pending", N_("pending") }, { "overdue", N_("overdue") },
	{ "received", N_("received") }, { "disposed", N_("disposed") }, { "avg_days_to_dispose", N_("average days to dispose") },
	{ NULL, NULL } };
static const struct csv_col coverage_cols[] = {
	{ "nodal", N_("nodal officer") }, { "name", N_("name") }, { "fortnight", N_("fortnight") }, { "assigned", N_("GPs assigned") },
	{ "inspected", N_("GPs inspected") }, { "submitted", N_("GPs submitted") }, { NULL, NULL } };
static const struct csv_col suggestion_cols[] = {
	{ "department", N_("department") }, { "name", N_("name") }, { "pending", N_("pending suggestions") },
	{ "overdue", N_("overdue") }, AGE_COLS, { NULL, NULL } };

/* The text of a value as a person reads it (null is empty). */
static void
csv_value(FILE *out, json_t *v)
{
	char buf[64];
	if (json_is_string(v))
		zila_csv_text(out, json_string_value(v));
	else if (json_is_integer(v)) {
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
		fputs(buf, out);
	} else if (json_is_real(v)) {
		snprintf(buf, sizeof buf, "%.1f", json_real_value(v));
		fputs(buf, out);
	}
}

static json_t *
col_value(json_t *row, const char *key)
{
	if (strncmp(key, "age.", 4) == 0)
		return json_object_get(json_object_get(row, "age"), key + 4);
	return json_object_get(row, key);
}

/* A heading line, each row, and (when totals is not NULL) a totals row
 * whose first column says "total". */
static void
csv_table(FILE *out, const struct csv_col *cols, json_t *rows, json_t *totals)
{
	for (int i = 0; cols[i].key; i++) {
		if (i)
			fputc(',', out);
		zila_csv_text(out, _(cols[i].head));
	}
	fputs("\r\n", out);
	size_t r;
	json_t *row;
	json_array_foreach(rows, r, row) {
		for (int i = 0; cols[i].key; i++) {
			if (i)
				fputc(',', out);
			csv_value(out, col_value(row, cols[i].key));
		}
		fputs("\r\n", out);
	}
	if (!totals)
		return;
	for (int i = 0; cols[i].key; i++) {
		if (i)
			fputc(',', out);
		if (i == 0)
			zila_csv_text(out, _("total"));
		else
			csv_value(out, col_value(totals, cols[i].key));
	}
	fputs("\r\n", out);
}

enum zila_status
zila_report_csv(const char *kind, json_t *report, FILE *out, struct zila_err *err)
{
	if (!json_is_object(report))
		return zila_fail(err, ZILA_EINVAL, "no report to write");
	if (kind && strcmp(kind, "tl") == 0) {
		csv_table(out, tl_cols, json_object_get(report, "departments"), json_object_get(report, "totals"));
		fputs("\r\n", out);
		csv_table(out, tl_overdue_cols, json_object_get(report, "overdue"), NULL);
	} else if (kind && strcmp(kind, "grievances") == 0) {
		csv_table(out, grievance_cols, json_object_get(report, "rows"), json_object_get(report, "totals"));
	} else if (kind && strcmp(kind, "inspections") == 0) {
		csv_table(out, coverage_cols, json_object_get(report, "coverage"), NULL);
		fputs("\r\n", out);
		csv_table(out, suggestion_cols, json_object_get(report, "suggestions"),
			json_object_get(report, "suggestion_totals"));
	} else
		return zila_fail(err, ZILA_EINVAL, "report: unknown kind '%s' (tl, grievances or inspections)",
			kind ? kind : "");
	if (fflush(out) != 0 || ferror(out))
		return zila_fail(err, ZILA_EIO, "report: could not write the CSV");
	return ZILA_OK;
}
