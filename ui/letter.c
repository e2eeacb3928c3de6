/* letter.c: the inward register: the list of letters, a letter's
 * detail with its markings (one per department, each with its time limit),
 * and the forms to diarise, mark, remind, reply and close. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "zila/letter.h"
#include "zila/master.h"
#include "zila/util.h"

static void
letter_number(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	const char *num = json_string_value(json_object_get(row, "number"));
	const char *p = num ? strchr(num, '/') : NULL;
	p = p ? strchr(p + 1, '/') : NULL;
	snprintf(buf, n, "%s", p ? p + 1 : num ? num : "");
	(void)attr;
}

static void
late_markings(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	/* days, as in every other list: the oldest pending marking's lateness */
	long long k = json_integer_value(json_object_get(row, "overdue_markings"));
	const char *due = json_string_value(json_object_get(row, "next_due"));
	if (k > 0 && due && zila_date_valid(due)) {
		char today[11];
		zila_ist_date(zila_clock(), today, sizeof today);
		snprintf(buf, n, _("%lldd"), (long long)zila_date_diff(due, today));
		*attr = UI_A_OVERDUE;
	} else
		buf[0] = '\0';
}

static const struct ui_column letter_cols[] = {
	{ "number", N_("Number"), 13, 0, false, 0, letter_number },
	{ "received_on", N_("Received"), 10, 0, false, 0, NULL },
	{ "sender", N_("Sender"), 14, 1, false, 0, NULL },
	{ "subject", N_("Subject"), 13, 3, false, 0, NULL },
	{ "departments", N_("Marked to"), 10, 0, false, 0, NULL },
	{ "next_due", N_("Next due"), 10, 0, false, 0, NULL },
	{ "overdue_markings", N_("Late"), 5, 0, true, 0, late_markings },
	{ "status", N_("Status"), 6, 0, false, 100, NULL },
};

static const char *const letter_sorts[] = { N_("newest"), N_("due date"), N_("number"), NULL };
static const char *const letter_statuses[] = { "open", "closed", NULL };

static const char *
opt(const char *s)
{
	return s && *s ? s : NULL;
}

static void
to_filter(const struct ui_filter *f, struct zila_letter_filter *l)
{
	memset(l, 0, sizeof *l);
	l->status = opt(f->status);
	l->department_id = opt(f->department_id);
	l->overdue = f->overdue;
	l->from = opt(f->from);
	l->to = opt(f->to);
	l->text = opt(f->text);
	l->sort = f->sort == 1 ? ZILA_LSORT_DUE : f->sort == 2 ? ZILA_LSORT_NUMBER : ZILA_LSORT_RECEIVED;
}

static enum zila_status
letters_load(struct ui *ui, const struct ui_filter *f, const char *after_key, const char *after_id, bool backward,
	int limit, json_t **rows, struct zila_err *err)
{
	struct zila_letter_filter l;
	to_filter(f, &l);
	l.after_key = after_key;
	l.after_id = after_id;
	l.backward = backward;
	l.limit = limit;
	return zila_letter_list(ui->db, &l, rows, err);
}

/* A letter list narrowed by its markings (overdue, a department) is
 * counted from the markings, one per letter: 10,000 of them cost 20-30 ms
 * on the 1,000,000-letter demo, so it counts as a search does. */
static long long
letters_count_cap(const struct ui_filter *f)
{
	return f->text[0] || f->overdue || f->department_id[0] ? UI_SEARCH_COUNT_CAP : UI_COUNT_CAP;
}

static enum zila_status
letters_count(struct ui *ui, const struct ui_filter *f, long long *n, struct zila_err *err)
{
	struct zila_letter_filter l;
	to_filter(f, &l);
	l.count_cap = ui_count_cap(&ui_view_letters, f);
	return zila_letter_count(ui->db, &l, n, err);
}

static void
letters_search_warm(struct ui *ui, const char *text)
{
	/* a failure here is met again, and shown, when the search runs */
	zila_letter_search_warm(ui->db, text, NULL);
}

static void
letters_open(struct ui *ui, json_t *row)
{
	ui_letter_open(ui, ui_str(row, "id"));
}

static void
letters_initial(struct ui *ui, struct ui_filter *f)
{
	ui_filter_start(ui, f, "open");
}

/* 'n' is offered only to a role that may add one. */
static bool
may_create(struct ui *ui)
{
	return zila_action_allowed(ui->actor.role, "letter.create");
}

const struct zila_view ui_view_letters = {
	.name = "letters",
	.title = N_("Letters"),
	.cols = letter_cols,
	.ncols = (int)(sizeof letter_cols / sizeof letter_cols[0]),
	.sorts = letter_sorts,
	.statuses = letter_statuses,
	.filters = UI_F_STATUS | UI_F_DEPT | UI_F_OVERDUE | UI_F_DATES | UI_F_TEXT,
	.load = letters_load,
	.count_cap = letters_count_cap,
	.count = letters_count,
	.search_warm = letters_search_warm,
	.open = letters_open,
	.can_create = may_create,
	.create = ui_letter_new,
	.initial = letters_initial,
};

/* ----------------------------------------------------------------- detail */

/* Which are offered is the core's answer for the letter's markings
 * (zila_may): a reminder needs a pending marking, a reply one of the
 * user's own department, a close a replied one (or the Collector's word
 * on a pending one). */
static const struct ui_action_def letter_actions[] = {
	{ REQ_ACT_MARK, "letter.mark" },
	{ REQ_ACT_REMIND, "letter.remind" },
	{ REQ_ACT_REPLY, "letter.reply" },
	{ REQ_ACT_CLOSE, "letter.close" },
};
#define N_LACT ((int)(sizeof letter_actions / sizeof letter_actions[0]))

struct ldetail {
	char id[40];
	json_t *rec;
	enum ui_request bar[N_LACT + 3];
};

static void
ldetail_free(void *p)
{
	struct ldetail *d = p;
	json_decref(d->rec);
	free(d);
}

static json_t *
ldetail_lines(struct ui *ui, struct ldetail *d, char *title, size_t tn)
{
	struct zila_err err = { 0 };
	json_t *lines = json_array(), *l = NULL, *m;
	size_t i;
	if (zila_letter_get(ui->db, d->id, &l, &err) != ZILA_OK) {
		ui_lines_add(lines, UI_A_ERROR, "%s", err.msg);
		snprintf(title, tn, "%s", _("Letter"));
		d->bar[0] = REQ_NONE;
		return lines;
	}
	json_decref(d->rec);
	d->rec = l;
	snprintf(title, tn, _("Letter %s"), ui_str(l, "number"));
	int n = ui_actions_allowed(ui, letter_actions, N_LACT, ui_str(l, "id"), d->bar, N_LACT + 1);
	d->bar[n++] = REQ_BACK;
	d->bar[n] = REQ_NONE;
	ui_lines_add(lines, UI_A_BOLD, "%s  %s", ui_str(l, "number"), zila_status_word(ui_str(l, "status")));
	ui_field_line(lines, _("Received on"), ui_str(l, "received_on"));
	ui_field_line(lines, _("Sender"), ui_str(l, "sender"));
	ui_field_line(lines, _("Sender's ref."), ui_str(l, "sender_ref"));
	ui_field_line(lines, _("Letter date"), ui_str(l, "letter_date"));
	ui_field_line(lines, _("Subject"), ui_str(l, "subject"));
	ui_field_line(lines, _("Remarks"), ui_str(l, "remarks"));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_HEADING, "%s", _("Marked to"));
	json_array_foreach(json_object_get(l, "markings"), i, m) {
		long long late = json_integer_value(json_object_get(m, "days_overdue"));
		char lateb[48] = "", due[24];
		if (late > 0)
			snprintf(lateb, sizeof lateb, _("%lld days late"), late);
		ui_lines_add(lines, late > 0 ? UI_A_OVERDUE : UI_A_NORMAL, _("  %-8s %-9s due %s  reminders %lld  %s"),
			ui_str(m, "department"), zila_status_word(ui_str(m, "status")), zila_date_show(ui_str(m, "due_date"), due, sizeof due),
			(long long)json_integer_value(json_object_get(m, "reminders")), lateb);
		const char *reply = ui_str(m, "reply_text");
		if (!*reply)
			reply = ui_str(m, "reply");
		if (*reply)
			ui_lines_add(lines, UI_A_DIM, _("      reply: %s"), reply);
	}
	ui_events_lines(lines, json_object_get(l, "events"));
	return lines;
}

static void
ldetail_reload(struct ui *ui, struct ui_text *t)
{
	char title[200];
	json_t *lines = ldetail_lines(ui, ui_text_ctx(t), title, sizeof title);
	ui_text_set_lines(t, title, lines);
}

static int
ldetail_key(struct ui *ui, struct ui_text *t, enum ui_request req, int ch)
{
	struct ldetail *d = ui_text_ctx(t);
	(void)ch;
	if (req == REQ_NONE || req == REQ_BACK || !ui_bar_has(d->bar, req) || !d->rec)
		return UI_IGNORED;
	ui_form_letter_action(ui, d->rec, req);
	ldetail_reload(ui, t);
	return UI_HANDLED;
}

void
ui_letter_open(struct ui *ui, const char *id)
{
	struct ldetail *d = calloc(1, sizeof *d);
	char title[200];
	if (!d)
		return;
	snprintf(d->id, sizeof d->id, "%s", id);
	json_t *lines = ldetail_lines(ui, d, title, sizeof title);
	struct ui_text *t = ui_show_text(ui, UI_K_DETAIL, title, lines, ldetail_key, d, ldetail_free, d->bar);
	ui_text_set_refresh(t, ldetail_reload);
}
