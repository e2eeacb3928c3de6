/* reports.c: the three reports on screen (TL review, grievance pendency,
 * inspection coverage) from report.h, with CSV export through
 * zila_report_csv, so screen, file and command line agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "detail.h"
#include "textedit.h"
#include "formdef.h"
#include "zila/report.h"

enum { REP_TL, REP_GRIEVANCES, REP_INSPECTIONS, REP_COUNT };
static const char *const rep_kind[REP_COUNT] = { "tl", "grievances", "inspections" };
static const char *const rep_title[REP_COUNT] = {
	N_("Report: weekly time-limit review"), N_("Report: grievance pendency"), N_("Report: inspection coverage")
};

struct report {
	int which;
	json_t *data;
	char from[11], to[11]; /* the period asked for; "" for the report's default */
};

static const enum ui_request report_bar[] = {
	REQ_HELP, REQ_NEXT_REPORT, REQ_PERIOD, REQ_EXPORT, REQ_PAGE_DOWN, REQ_BACK, REQ_NONE
};

static long long
num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* s padded to w display columns (left-aligned when w < 0), so Hindi
 * headings line up with the numbers: printf pads by bytes. One of a few
 * buffers that live until the line is formatted. */
static const char *
W(const char *s, int w)
{
	static char bufs[16][160];
	static int next;
	char *b = bufs[next++ % 16];
	int cols = textedit_width(s, strlen(s)), want = w < 0 ? -w : w, pad = want > cols ? want - cols : 0;
	if (w < 0)
		snprintf(b, sizeof bufs[0], "%s%*s", s, pad, "");
	else
		snprintf(b, sizeof bufs[0], "%*s%s", pad, "", s);
	return b;
}

/* A count as India groups it (12,34,567), in one of a few buffers that
 * live until the line is formatted. */
static const char *
grp(json_t *o, const char *k)
{
	static char bufs[12][32];
	static int next;
	char *b = bufs[next++ % 12];
	return zila_fmt_count(num(o, k), b, sizeof bufs[0]);
}

static void
tl_lines(json_t *lines, json_t *r)
{
	size_t i;
	json_t *d;
	ui_lines_add(lines, UI_A_HEADING, "%s %s %s %s %s  %5s %5s %5s %5s %5s", W(_("Dept"), -8), W(_("Start"), 8),
		W(_("Recd"), 8), W(_("Disp"), 8), W(_("End"), 8), "0-7", "8-15", "16-30", "31-60", "60+");
	json_array_foreach(json_object_get(r, "departments"), i, d) {
		json_t *a = json_object_get(d, "age");
		ui_lines_add(lines, UI_A_NORMAL, "%-8s %8s %8s %8s %8s  %5s %5s %5s %5s %5s",
			ui_str(d, "department"), grp(d, "pending_start"), grp(d, "received"), grp(d, "disposed"),
			grp(d, "pending_end"), grp(a, "0-7"), grp(a, "8-15"), grp(a, "16-30"), grp(a, "31-60"), grp(a, "60+"));
	}
	json_t *t = json_object_get(r, "totals");
	ui_lines_add(lines, UI_A_BOLD, "%s %8s %8s %8s %8s", W(_("Total"), -8), grp(t, "pending_start"),
		grp(t, "received"), grp(t, "disposed"), grp(t, "pending_end"));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_HEADING, "%s", _("Overdue letters"));
	json_array_foreach(json_object_get(r, "overdue"), i, d)
		ui_lines_add(lines, UI_A_OVERDUE, "  %-22s %-6s %s  %4s  %s", ui_str(d, "number"), ui_str(d, "department"),
			ui_str(d, "due_date"), grp(d, "days_over"), ui_str(d, "subject"));
}

static void
grievance_lines(json_t *lines, json_t *r)
{
	size_t i;
	json_t *d;
	ui_lines_add(lines, UI_A_HEADING, "%s %s %s %s %s %s %s", W(_("Dept"), -8), W(_("Category"), -10),
		W(_("Pending"), 8), W(_("Overdue"), 8), W(_("Recd"), 8), W(_("Disp"), 8), W(_("Avg days"), 8));
	json_array_foreach(json_object_get(r, "rows"), i, d) {
		char avg[16];
		ui_json_text(d, "avg_days_to_dispose", avg, sizeof avg);
		ui_lines_add(lines, num(d, "overdue") > 0 ? UI_A_OVERDUE : UI_A_NORMAL, "%-8s %-10s %8s %8s %8s %8s %8s",
			ui_str(d, "department"), ui_str(d, "category"), grp(d, "pending"), grp(d, "overdue"), grp(d, "received"),
			grp(d, "disposed"), avg);
	}
	json_t *t = json_object_get(r, "totals");
	ui_lines_add(lines, UI_A_BOLD, "%s %-10s %8s %8s %8s %8s", W(_("Total"), -8), "", grp(t, "pending"),
		grp(t, "overdue"), grp(t, "received"), grp(t, "disposed"));
}

static void
inspection_lines(json_t *lines, json_t *r)
{
	size_t i;
	json_t *d;
	ui_lines_add(lines, UI_A_HEADING, "%s %s %s %s %s %s", W(_("Nodal"), -14), W(_("Name"), -22),
		W(_("Fortnight"), -10), W(_("Assigned"), 8), W(_("Inspected"), 9), W(_("Submitted"), 9));
	json_array_foreach(json_object_get(r, "coverage"), i, d)
		ui_lines_add(lines, num(d, "inspected") < num(d, "assigned") ? UI_A_OVERDUE : UI_A_NORMAL,
			"%-14s %s %-10s %8s %9s %9s", ui_str(d, "nodal"), W(ui_str(d, "name"), -22), ui_str(d, "fortnight"),
			grp(d, "assigned"), grp(d, "inspected"), grp(d, "submitted"));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_HEADING, "%s", _("Suggestions pending, by department"));
	ui_lines_add(lines, UI_A_HEADING, "%s %s %s  %5s %5s %5s %5s %5s", W(_("Dept"), -8), W(_("Pending"), 8),
		W(_("Overdue"), 8), "0-7", "8-15", "16-30", "31-60", "60+");
	json_array_foreach(json_object_get(r, "suggestions"), i, d) {
		json_t *a = json_object_get(d, "age");
		ui_lines_add(lines, num(d, "overdue") > 0 ? UI_A_OVERDUE : UI_A_NORMAL,
			"%-8s %8s %8s  %5s %5s %5s %5s %5s", ui_str(d, "department"), grp(d, "pending"),
			grp(d, "overdue"), grp(a, "0-7"), grp(a, "8-15"), grp(a, "16-30"), grp(a, "31-60"), grp(a, "60+"));
	}
	json_t *t = json_object_get(r, "suggestion_totals");
	ui_lines_add(lines, UI_A_BOLD, "%s %8s %8s", W(_("Total"), -8), grp(t, "pending"), grp(t, "overdue"));
}

static json_t *
report_lines(struct ui *ui, struct report *rep)
{
	struct zila_err err = { 0 };
	json_t *lines = json_array();
	enum zila_status st;
	json_decref(rep->data);
	rep->data = NULL;
	const char *from = rep->from[0] ? rep->from : NULL, *to = rep->to[0] ? rep->to : NULL;
	if (rep->which == REP_TL)
		st = zila_report_tl(ui->db, from, to, &rep->data, &err);
	else if (rep->which == REP_GRIEVANCES)
		st = zila_report_grievances(ui->db, from, to, &rep->data, &err);
	else
		st = zila_report_inspections(ui->db, from, to, &rep->data, &err);
	if (st != ZILA_OK) {
		ui_lines_add(lines, UI_A_ERROR, "%s", err.msg);
		return lines;
	}
	char f[24], t[24];
	ui_lines_add(lines, UI_A_BOLD, _("From %s to %s"), zila_date_show(ui_str(rep->data, "from"), f, sizeof f),
		zila_date_show(ui_str(rep->data, "to"), t, sizeof t));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	if (rep->which == REP_TL)
		tl_lines(lines, rep->data);
	else if (rep->which == REP_GRIEVANCES)
		grievance_lines(lines, rep->data);
	else
		inspection_lines(lines, rep->data);
	return lines;
}

static void
export_csv(struct ui *ui, struct report *rep)
{
	struct zila_err err = { 0 };
	char path[1024];
	snprintf(path, sizeof path, "zila-%s-%s.csv", rep_kind[rep->which], ui_str(rep->data, "to"));
	if (!ui_prompt(ui, _("Save as CSV file: "), path, sizeof path, false) || !path[0])
		return;
	FILE *f = fopen(path, "w");
	if (!f) {
		ui_message(ui, true, _("%s cannot be written."), path);
		return;
	}
	/* the file is for a spreadsheet: the BOM makes it read Hindi right */
	fputs(ZILA_CSV_BOM, f);
	enum zila_status st = zila_report_csv(rep_kind[rep->which], rep->data, f, &err);
	if (fclose(f) != 0 && st == ZILA_OK)
		st = zila_fail(&err, ZILA_EIO, "%s could not be written in full", path);
	if (st != ZILA_OK)
		ui_error(ui, &err);
	else
		ui_message(ui, false, _("Saved %s."), path);
}

/* Asks for one end of the period; false when the person gave up. A date
 * as people write it (20-11-2026) or ISO; empty: the report's default. */
static bool
ask_date(struct ui *ui, const char *prompt, char *iso)
{
	char buf[32];
	zila_date_show(iso, buf, sizeof buf);
	for (;;) {
		if (!ui_prompt(ui, prompt, buf, sizeof buf, false))
			return false;
		if (!buf[0]) {
			iso[0] = '\0';
			return true;
		}
		if (form_date_iso(buf, iso, 11))
			return true;
		ui_message(ui, true, _("'%s' is not a date: type it as 20-11-2026."), buf);
	}
}

/* The period of every report: from and to, checked by the report itself
 * (to not before from, not in the future); the report shows it on top. */
static void
choose_period(struct ui *ui, struct ui_text *t, struct report *rep)
{
	char from[11], to[11];
	memcpy(from, rep->from, sizeof from);
	memcpy(to, rep->to, sizeof to);
	if (!ask_date(ui, _("From (e.g. 01-11-2026; empty: the report's own start): "), from) ||
	    !ask_date(ui, _("To (e.g. 20-11-2026; empty: today): "), to))
		return;
	memcpy(rep->from, from, sizeof from);
	memcpy(rep->to, to, sizeof to);
	ui_text_set_lines(t, _(rep_title[rep->which]), report_lines(ui, rep));
}

static int
report_key(struct ui *ui, struct ui_text *t, enum ui_request req, int ch)
{
	struct report *rep = ui_text_ctx(t);
	(void)ch;
	if (req == REQ_PERIOD) {
		choose_period(ui, t, rep);
		return UI_HANDLED;
	}
	if (req == REQ_NEXT_REPORT) {
		rep->which = (rep->which + 1) % REP_COUNT;
		ui_text_set_lines(t, _(rep_title[rep->which]), report_lines(ui, rep));
		return UI_HANDLED;
	}
	if (req == REQ_EXPORT) {
		if (rep->data)
			export_csv(ui, rep);
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

static void
report_free(void *p)
{
	struct report *rep = p;
	json_decref(rep->data);
	free(rep);
}

void
ui_open_reports(struct ui *ui)
{
	struct report *rep = calloc(1, sizeof *rep);
	if (!rep)
		return;
	json_t *lines = report_lines(ui, rep);
	ui_show_text(ui, UI_K_REPORT, _(rep_title[0]), lines, report_key, rep, report_free, report_bar);
}
