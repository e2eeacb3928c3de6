/* cmd_report.c: zila report tl|grievances|inspections: aligned tables,
 * --csv (RFC 4180) or --json, all from one computation in src/core. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "zila/i18n.h"
#include "zila/report.h"

static const char report_usage[] =
	N_("usage: zila report tl|grievances|inspections [--from DATE] [--to DATE] [--csv [--no-bom] | --json]\n"
	"  tl           the weekly time-limit review: letters marked to each department,\n"
	"               pending at the start, received, disposed (replied or closed),\n"
	"               pending at the end by age, and the overdue list\n"
	"  grievances   pendency per department and category, overdue, received and\n"
	"               disposed in the period, average days to dispose\n"
	"  inspections  coverage per nodal officer and fortnight, pending suggestions by age\n"
	"DATE is YYYY-MM-DD, inclusive. By default tl covers the week ending today and\n"
	"the others the current month up to today. Ages are in days as of --to.\n"
	"--csv starts with a UTF-8 byte order mark so a spreadsheet reads Hindi right;\n"
	"--no-bom leaves it out (for scripts). Tables group numbers as 12,34,567.\n");

/* A copy of rows with the "age" object spread into "age.X" keys and reals
 * as text with one decimal, so the table printer sees flat rows. */
static json_t *
flatten(json_t *rows)
{
	json_t *out = json_array(), *row;
	size_t i;
	json_array_foreach(rows, i, row) {
		json_t *copy = json_copy(row), *age = json_object_get(row, "age");
		const char *k;
		json_t *v;
		json_object_foreach(row, k, v) {
			/* averages to one decimal, as a person reads them */
			if (json_is_real(v)) {
				char buf[32];
				snprintf(buf, sizeof buf, "%.1f", json_real_value(v));
				json_object_set_new(copy, k, json_string(buf));
			} else if (json_is_integer(v)) {
				/* counts grouped as India writes them: 12,34,567 */
				char buf[48];
				json_object_set_new(copy, k, json_string(zila_fmt_count(json_integer_value(v), buf, sizeof buf)));
			}
		}
		json_object_foreach(age, k, v) {
			char key[32], buf[48];
			snprintf(key, sizeof key, "age.%s", k);
			json_object_set_new(copy, key, json_string(zila_fmt_count(json_integer_value(v), buf, sizeof buf)));
		}
		json_object_del(copy, "age");
		json_array_append_new(out, copy);
	}
	return out;
}

/* Prints rows and (when not NULL) a totals row named in column key. */
static void
print_table(const struct cli *c, json_t *rows, json_t *totals, const char *key, const char *const *cols)
{
	json_t *flat = flatten(rows);
	if (totals) {
		json_t *t = json_copy(totals);
		json_object_set_new(t, key, json_string(_("TOTAL")));
		json_t *one = json_pack("[o]", t);
		json_t *ft = flatten(one);
		json_array_extend(flat, ft);
		json_decref(ft);
		json_decref(one);
	}
	cli_print_rows(c, flat, cols);
	json_decref(flat);
}

#define AGE_COLS "age.0-7:0-7", "age.8-15:8-15", "age.16-30:16-30", "age.31-60:31-60", "age.60+:60+"

/* The report as aligned tables with a title line for each. */
static void
print_report(const struct cli *c, const char *kind, json_t *r)
{
	static const char *const tl_cols[] = { CLI_COL("department", "Dept"), CLI_COL("name", "Name"),
		CLI_COL("pending_start", "Start"), CLI_COL("received", "Received"), CLI_COL("disposed", "Disposed"),
		CLI_COL("pending_end", "Pending"), CLI_COL("overdue", "Overdue"), AGE_COLS, NULL };
	static const char *const overdue_cols[] = { CLI_COL("number", "Number"), CLI_COL("subject", "Subject"),
		CLI_COL("department", "Dept"), CLI_COL("due_date", "Due"), CLI_COL("days_over", "Days over"),
		NULL };
	static const char *const g_cols[] = { CLI_COL("department", "Dept"), CLI_COL("category", "Category"),
		CLI_COL("category_name", "Name"), CLI_COL("pending", "Pending"), CLI_COL("overdue", "Overdue"),
		CLI_COL("received", "Received"), CLI_COL("disposed", "Disposed"),
		CLI_COL("avg_days_to_dispose", "Avg days"), NULL };
	static const char *const cov_cols[] = { CLI_COL("nodal", "Nodal"), CLI_COL("name", "Name"),
		CLI_COL("fortnight", "Fortnight"), CLI_COL("assigned", "Assigned"),
		CLI_COL("inspected", "Inspected"), CLI_COL("submitted", "Submitted"), NULL };
	static const char *const sug_cols[] = { CLI_COL("department", "Dept"), CLI_COL("name", "Name"),
		CLI_COL("pending", "Pending"), CLI_COL("overdue", "Overdue"), AGE_COLS, NULL };
	const char *from = json_string_value(json_object_get(r, "from"));
	const char *to = json_string_value(json_object_get(r, "to"));
	if (strcmp(kind, "tl") == 0) {
		printf(_("Time-limit letters, %1$s to %2$s (markings; ages in days as of %3$s)\n\n"), from, to, to);
		print_table(c, json_object_get(r, "departments"), json_object_get(r, "totals"), "department", tl_cols);
		json_t *over = json_object_get(r, "overdue");
		long long total = json_integer_value(json_object_get(r, "overdue_count"));
		if (json_array_size(over) < (size_t)total)
			printf(_("\nOverdue on %s: %lld (the %zu longest overdue below)\n\n"), to, total, json_array_size(over));
		else
			printf(_("\nOverdue on %s: %lld\n\n"), to, total);
		if (total)
			cli_print_rows(c, over, overdue_cols);
	} else if (strcmp(kind, "grievances") == 0) {
		printf(_("Grievances, %1$s to %2$s (pending and overdue as of %3$s)\n\n"), from, to, to);
		print_table(c, json_object_get(r, "rows"), json_object_get(r, "totals"), "department", g_cols);
	} else {
		printf(_("Inspection coverage, fortnights from %s to %s\n\n"), from, to);
		print_table(c, json_object_get(r, "coverage"), NULL, NULL, cov_cols);
		printf(_("\nPending suggestions as of %s (age from the inspection)\n\n"), to);
		print_table(c, json_object_get(r, "suggestions"), json_object_get(r, "suggestion_totals"), "department",
			sug_cols);
	}
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	enum { O_FROM = CLI_OPT_FIRST_FREE, O_TO };
	static const struct option opts[] = {
		{ "from", required_argument, NULL, O_FROM }, { "to", required_argument, NULL, O_TO },
		CLI_COMMON_LONGOPTS, { 0 } };
	const char *from = NULL, *to = NULL;
	int o, rc;
	optind = 1;
	while ((o = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (o) {
		case O_FROM: from = optarg; break;
		case O_TO: to = optarg; break;
		case OPT_HELP: fputs(_(report_usage), stdout); return CLI_OK;
		default:
			if (!cli_common_opt(c, o, optarg))
				return cli_usage(report_usage, NULL);
		}
	}
	if (optind + 1 != argc)
		return cli_usage(report_usage, "report needs one of tl, grievances, inspections");
	const char *kind = argv[optind];
	enum zila_status (*fn)(struct zila_db *, const char *, const char *, json_t **, struct zila_err *);
	if (strcmp(kind, "tl") == 0)
		fn = zila_report_tl;
	else if (strcmp(kind, "grievances") == 0)
		fn = zila_report_grievances;
	else if (strcmp(kind, "inspections") == 0)
		fn = zila_report_inspections;
	else
		return cli_usage(report_usage, "unknown report '%s'", kind);
	if (c->csv && c->json)
		return cli_usage(report_usage, "choose --csv or --json, not both");
	if ((rc = cli_open(c, 0)))
		return rc;
	struct zila_err err = { 0 };
	json_t *r;
	if (fn(c->db, from, to, &r, &err) != ZILA_OK)
		return cli_fail(&err);
	if (c->json) {
		json_dumpf(r, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		fputc('\n', stdout);
	} else if (c->csv) {
		if (!c->no_bom)
			fputs(ZILA_CSV_BOM, stdout);
		if (zila_report_csv(kind, r, stdout, &err) != ZILA_OK) {
			json_decref(r);
			return cli_fail(&err);
		}
	} else
		print_report(c, kind, r);
	json_decref(r);
	return CLI_OK;
}
