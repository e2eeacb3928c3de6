/* inspection.c: panchayat inspections and their suggestions: the two
 * lists, an inspection's detail (checklist answers, suggestions and their
 * compliance), and the forms to record, submit, comply and verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "zila/inspection.h"
#include "zila/master.h"
#include "zila/util.h"

static const struct ui_column inspection_cols[] = {
	{ "number", N_("Number"), 20, 0, false, 0, NULL },
	{ "inspected_on", N_("Date"), 10, 0, false, 0, NULL },
	{ "gp_name", N_("Panchayat"), 12, 1, false, 0, NULL },
	{ "nodal", N_("Nodal officer"), 12, 1, false, 0, NULL },
	{ "status", N_("Status"), 9, 0, false, 0, NULL },
	{ "pending_suggestions", N_("Pending"), 7, 0, true, 0, NULL },
	{ "block_name", N_("Block"), 12, 0, false, 110, NULL },
};
#define STATE_NAME(e, name, open) name,
/* the filters' choices: the states of inspection.h's tables */
static const char *const inspection_statuses[] = { ZILA_INSPECTION_STATE_LIST(STATE_NAME) NULL };

static const char *
opt(const char *s)
{
	return s && *s ? s : NULL;
}

static void
to_filter(const struct ui_filter *f, struct zila_inspection_filter *i)
{
	memset(i, 0, sizeof *i);
	i->status = opt(f->status);
	i->block_id = opt(f->block_id);
	i->gp_id = opt(f->gp_id);
	i->from = opt(f->from);
	i->to = opt(f->to);
	i->text = opt(f->text);
}

static enum zila_status
inspections_load(struct ui *ui, const struct ui_filter *f, const char *after_key, const char *after_id,
	bool backward, int limit, json_t **rows, struct zila_err *err)
{
	struct zila_inspection_filter i;
	to_filter(f, &i);
	i.after_key = after_key;
	i.after_id = after_id;
	i.backward = backward;
	i.limit = limit;
	return zila_inspection_list(ui->db, &i, rows, err);
}

static enum zila_status
inspections_count(struct ui *ui, const struct ui_filter *f, long long *n, struct zila_err *err)
{
	struct zila_inspection_filter i;
	to_filter(f, &i);
	i.count_cap = ui_count_cap(&ui_view_inspections, f);
	return zila_inspection_count(ui->db, &i, n, err);
}

static void
inspections_open(struct ui *ui, json_t *row)
{
	ui_inspection_open(ui, ui_str(row, "id"));
}

/* 'n' is offered only to a role that may add one. */
static bool
may_create(struct ui *ui)
{
	return zila_action_allowed(ui->actor.role, "inspection.record");
}

const struct zila_view ui_view_inspections = {
	.name = "inspections",
	.title = N_("Inspections"),
	.cols = inspection_cols,
	.ncols = (int)(sizeof inspection_cols / sizeof inspection_cols[0]),
	.statuses = inspection_statuses,
	.filters = UI_F_STATUS | UI_F_DATES | UI_F_PLACE | UI_F_TEXT,
	.load = inspections_load,
	.count = inspections_count,
	.open = inspections_open,
	.can_create = may_create,
	.create = ui_inspection_new,
};

/* ------------------------------------------------------------ suggestions */

static void
late_cell(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	long long d = json_integer_value(json_object_get(row, "days_overdue"));
	if (d > 0) {
		snprintf(buf, n, _("%lldd"), d);
		*attr = UI_A_OVERDUE;
	} else
		buf[0] = '\0';
}

static const struct ui_column suggestion_cols[] = {
	{ "target_date", N_("Target"), 10, 0, false, 0, NULL },
	{ "department", N_("Dept"), 6, 0, false, 0, NULL },
	{ "gp_name", N_("Panchayat"), 12, 0, false, 0, NULL },
	{ "text", N_("Suggestion"), 28, 1, false, 0, NULL },
	{ "status", N_("Status"), 9, 0, false, 0, NULL },
	{ "days_overdue", N_("Late"), 5, 0, true, 0, late_cell },
	{ "inspection_number", N_("Inspection"), 20, 0, false, 120, NULL },
};
static const char *const suggestion_statuses[] = { ZILA_SUGGESTION_STATE_LIST(STATE_NAME) NULL };

static enum zila_status
suggestions_load(struct ui *ui, const struct ui_filter *f, const char *after_key, const char *after_id,
	bool backward, int limit, json_t **rows, struct zila_err *err)
{
	struct zila_suggestion_filter s;
	memset(&s, 0, sizeof s);
	s.backward = backward;
	s.text = opt(f->text);
	s.department_id = opt(f->department_id);
	s.status = opt(f->status);
	s.overdue = f->overdue;
	s.after_key = after_key;
	s.after_id = after_id;
	s.limit = limit;
	return zila_suggestion_list(ui->db, &s, rows, err);
}

static void
suggestions_open(struct ui *ui, json_t *row)
{
	ui_inspection_open(ui, ui_str(row, "inspection_id"));
}

static void
suggestions_initial(struct ui *ui, struct ui_filter *f)
{
	ui_filter_start(ui, f, "pending");
}

const struct zila_view ui_view_suggestions = {
	.name = "suggestions",
	.title = N_("Suggestions"),
	.cols = suggestion_cols,
	.ncols = (int)(sizeof suggestion_cols / sizeof suggestion_cols[0]),
	.statuses = suggestion_statuses,
	.filters = UI_F_STATUS | UI_F_DEPT | UI_F_OVERDUE | UI_F_TEXT,
	.load = suggestions_load,
	.open = suggestions_open,
	.initial = suggestions_initial,
};

/* ----------------------------------------------------------------- detail */

/* Which are offered is the core's answer (zila_may): a draft is
 * submitted by the nodal officer who recorded it (or an admin); comply
 * needs a pending suggestion of the user's department in a submitted
 * inspection, verify a complied one of the officer's own inspection or
 * panchayat. */
static const struct ui_action_def inspection_actions[] = {
	{ REQ_ACT_SUBMIT, "inspection.submit" },
	{ REQ_ACT_COMPLY, "suggestion.comply" },
	{ REQ_ACT_VERIFY, "suggestion.verify" },
};
#define N_IACT ((int)(sizeof inspection_actions / sizeof inspection_actions[0]))

struct idetail {
	char id[40];
	json_t *rec;
	enum ui_request bar[N_IACT + 3];
};

static void
idetail_free(void *p)
{
	struct idetail *d = p;
	json_decref(d->rec);
	free(d);
}

json_t *
ui_suggestions_in(struct ui *ui, json_t *rec, const char *action)
{
	json_t *out = json_array(), *s;
	size_t i;
	json_array_foreach(json_object_get(rec, "suggestions"), i, s)
		if (zila_may(ui->db, &ui->actor, action, ui_str(s, "id"), NULL) == ZILA_OK)
			json_array_append(out, s);
	return out;
}

static json_t *
idetail_lines(struct ui *ui, struct idetail *d, char *title, size_t tn)
{
	struct zila_err err = { 0 };
	json_t *lines = json_array(), *r = NULL, *x;
	size_t i;
	if (zila_inspection_get(ui->db, d->id, &r, &err) != ZILA_OK) {
		ui_lines_add(lines, UI_A_ERROR, "%s", err.msg);
		snprintf(title, tn, "%s", _("Inspection"));
		d->bar[0] = REQ_NONE;
		return lines;
	}
	json_decref(d->rec);
	d->rec = r;
	snprintf(title, tn, _("Inspection %s"), ui_str(r, "number"));
	int o = ui_actions_allowed(ui, inspection_actions, N_IACT, ui_str(r, "id"), d->bar, N_IACT + 1);
	d->bar[o++] = REQ_BACK;
	d->bar[o] = REQ_NONE;
	ui_lines_add(lines, UI_A_BOLD, "%s  %s", ui_str(r, "number"), zila_status_word(ui_str(r, "status")));
	ui_field_line(lines, _("Panchayat"), zila_i18n_name(ui_str(r, "gp_name"), ui_str(r, "gp_name_hi")));
	ui_field_line(lines, _("Block"), ui_str(r, "block_name"));
	ui_field_line(lines, _("Nodal officer"), ui_str(r, "nodal"));
	ui_field_line(lines, _("Inspected on"), ui_str(r, "inspected_on"));
	ui_field_line(lines, _("Fortnight"), ui_str(r, "fortnight"));
	ui_field_line(lines, _("Observations"), ui_str(r, "observations"));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_HEADING, "%s", _("Checklist"));
	json_array_foreach(json_object_get(r, "answers"), i, x) {
		const char *text = zila_i18n_name(ui_str(x, "text_en"), ui_str(x, "text_hi"));
		if (!*text)
			text = zila_i18n_name(ui_str(x, "text"), ui_str(x, "text_hi"));
		ui_lines_add(lines, strcmp(ui_str(x, "rating"), "poor") == 0 ? UI_A_OVERDUE : UI_A_NORMAL,
			"  %s %s %s", ui_padw(text, 34), ui_padw(zila_status_word(ui_str(x, "rating")), 8), ui_str(x, "remark"));
	}
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_HEADING, "%s", _("Suggestions"));
	json_array_foreach(json_object_get(r, "suggestions"), i, x) {
		bool late = json_is_true(json_object_get(x, "overdue"));
		char due[24];
		ui_lines_add(lines, late ? UI_A_OVERDUE : UI_A_NORMAL, "  %zu. %-6s %-9s %s  %s", i + 1, ui_str(x, "department"),
			zila_status_word(ui_str(x, "status")), zila_date_show(ui_str(x, "target_date"), due, sizeof due),
			ui_str(x, "text"));
		if (*ui_str(x, "compliance_note"))
			ui_lines_add(lines, UI_A_DIM, _("       compliance: %s"), ui_str(x, "compliance_note"));
	}
	ui_events_lines(lines, json_object_get(r, "events"));
	return lines;
}

static void
idetail_reload(struct ui *ui, struct ui_text *t)
{
	char title[200];
	json_t *lines = idetail_lines(ui, ui_text_ctx(t), title, sizeof title);
	ui_text_set_lines(t, title, lines);
}

static void
idetail_action(struct ui *ui, struct idetail *d, enum ui_request req)
{
	long long version = json_integer_value(json_object_get(d->rec, "version"));
	if (req == REQ_ACT_SUBMIT) {
		if (ui_confirm(ui, _("Submit this inspection? It cannot be changed afterwards. (y/n)")) &&
		    ui_run_action(ui, "inspection.submit", json_pack("{s:s}", "inspection", ui_str(d->rec, "number")),
			    version, NULL))
			ui_message(ui, false, "%s", _("Submitted."));
		return;
	}
	ui_form_suggestion_action(ui, d->rec, req);
}

static int
idetail_key(struct ui *ui, struct ui_text *t, enum ui_request req, int ch)
{
	struct idetail *d = ui_text_ctx(t);
	(void)ch;
	if (req == REQ_NONE || req == REQ_BACK || !ui_bar_has(d->bar, req) || !d->rec)
		return UI_IGNORED;
	idetail_action(ui, d, req);
	idetail_reload(ui, t);
	return UI_HANDLED;
}

void
ui_inspection_open(struct ui *ui, const char *id)
{
	struct idetail *d = calloc(1, sizeof *d);
	char title[200];
	if (!d)
		return;
	snprintf(d->id, sizeof d->id, "%s", id);
	json_t *lines = idetail_lines(ui, d, title, sizeof title);
	struct ui_text *t = ui_show_text(ui, UI_K_DETAIL, title, lines, idetail_key, d, idetail_free, d->bar);
	ui_text_set_refresh(t, idetail_reload);
}
