/* grievance.c: the grievance screens: the list (keyset paging through
 * zila_grievance_list), a grievance's detail with the actions this user
 * may take on it now, and the counter's duplicate warning. When the clerk
 * saves a new grievance, the open grievances it may repeat (the citizen's
 * own by mobile number, and alike ones of the same panchayat, from
 * zila_grievance_similar) are shown first; the clerk saves it anyway (s),
 * links it as a duplicate of the one selected (Enter), or goes back to the
 * form (Esc). Nothing is shown when there is nothing alike. The forms are
 * in grievance_forms.c and forms.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "zila/grievance.h"
#include "zila/master.h"
#include "zila/util.h"

/* The number without the district and kind, which every row shares:
 * "07/2026/000042". */
static void
short_number(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	const char *num = json_string_value(json_object_get(row, "number"));
	const char *p = num ? strchr(num, '/') : NULL;
	p = p ? strchr(p + 1, '/') : NULL;
	snprintf(buf, n, "%s", p ? p + 1 : num ? num : "");
	(void)attr;
}

static void
overdue_cell(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	long long d = json_integer_value(json_object_get(row, "days_overdue"));
	if (d > 0) {
		snprintf(buf, n, _("%lldd"), d);
		*attr = UI_A_OVERDUE;
	} else
		buf[0] = '\0';
}

/* The status after the due date and the days late, as registers list
 * them: at 80 columns it ends the row, so its padding costs no bytes (a
 * short Hindi status word left a gap that cost a cursor move on every
 * row of a slow link's first paint). */
static const struct ui_column grievance_cols[] = {
	{ "number", N_("Number"), 14, 0, false, 0, short_number },
	{ "citizen_name", N_("Citizen"), 14, 2, false, 0, NULL },
	{ "department", N_("Dept"), 6, 0, false, 0, NULL },
	{ "category", N_("Category"), 8, 0, false, 0, NULL },
	{ "registered_on", N_("Registered"), 10, 0, false, 100, NULL },
	{ "due_date", N_("Due"), 10, 0, false, 0, NULL },
	{ "days_overdue", N_("Late"), 5, 0, true, 0, overdue_cell },
	{ "status", N_("Status"), 11, 0, false, 0, NULL },
	{ "gp_name", N_("Panchayat"), 12, 1, false, 110, NULL },
	{ "officer", N_("Officer"), 12, 0, false, 130, NULL },
};

static const char *const grievance_sorts[] = { N_("due date"), N_("newest"), N_("number"), NULL };
#define STATE_NAME(e, name, open) name,
/* the filter's choices: "open", then the states of grievance.h's table */
static const char *const grievance_statuses[] = { "open", ZILA_GRIEVANCE_STATE_LIST(STATE_NAME) NULL };

static const char *
opt(const char *s)
{
	return s && *s ? s : NULL;
}

static void
to_filter(const struct ui_filter *f, struct zila_grievance_filter *g)
{
	memset(g, 0, sizeof *g);
	g->status = opt(f->status);
	g->department_id = opt(f->department_id);
	g->block_id = opt(f->block_id);
	g->gp_id = opt(f->gp_id);
	g->overdue = f->overdue;
	g->from = opt(f->from);
	g->to = opt(f->to);
	g->text = opt(f->text);
	g->sort = f->sort == 1 ? ZILA_GSORT_REGISTERED : f->sort == 2 ? ZILA_GSORT_NUMBER : ZILA_GSORT_DUE;
}

static enum zila_status
grievances_load(struct ui *ui, const struct ui_filter *f, const char *after_key, const char *after_id,
	bool backward, int limit, json_t **rows, struct zila_err *err)
{
	struct zila_grievance_filter g;
	to_filter(f, &g);
	g.after_key = after_key;
	g.after_id = after_id;
	g.backward = backward;
	g.limit = limit;
	return zila_grievance_list(ui->db, &g, rows, err);
}

static enum zila_status
grievances_count(struct ui *ui, const struct ui_filter *f, long long *n, struct zila_err *err)
{
	struct zila_grievance_filter g;
	to_filter(f, &g);
	g.count_cap = ui_count_cap(&ui_view_grievances, f);
	return zila_grievance_count(ui->db, &g, n, err);
}

static void
grievances_search_warm(struct ui *ui, const char *text)
{
	/* a failure here is met again, and shown, when the search runs */
	zila_grievance_search_warm(ui->db, text, NULL);
}

static void
grievances_open(struct ui *ui, json_t *row)
{
	ui_grievance_open(ui, ui_str(row, "id"));
}

/* Officers and heads start on their department's open grievances; the
 * others on every open one. */
static void
grievances_initial(struct ui *ui, struct ui_filter *f)
{
	ui_filter_start(ui, f, "open");
}

/* 'n' is offered only to a role that may add one. */
static bool
may_create(struct ui *ui)
{
	return zila_action_allowed(ui->actor.role, "grievance.register");
}

const struct zila_view ui_view_grievances = {
	.name = "grievances",
	.title = N_("Grievances"),
	.cols = grievance_cols,
	.ncols = (int)(sizeof grievance_cols / sizeof grievance_cols[0]),
	.sorts = grievance_sorts,
	.statuses = grievance_statuses,
	.filters = UI_F_STATUS | UI_F_DEPT | UI_F_OVERDUE | UI_F_DATES | UI_F_PLACE | UI_F_TEXT,
	.load = grievances_load,
	.count = grievances_count,
	.search_warm = grievances_search_warm,
	.open = grievances_open,
	.can_create = may_create,
	.create = ui_grievance_new,
	.initial = grievances_initial,
};

/* ----------------------------------------------------------------- detail */

/* The actions of the detail screen; which are offered for a grievance
 * in its present state is the core's answer (zila_may). */
static const struct ui_action_def grievance_actions[] = {
	{ REQ_ACT_ASSIGN, "grievance.assign" },
	{ REQ_ACT_TRANSFER, "grievance.transfer" },
	{ REQ_ACT_NOTE, "grievance.note" },
	{ REQ_ACT_DISPOSE, "grievance.dispose" },
	{ REQ_ACT_FEEDBACK, "grievance.feedback" },
	{ REQ_ACT_APPEAL, "grievance.appeal" },
	{ REQ_ACT_DUPLICATE, "grievance.duplicate" },
	{ REQ_ACT_ATTACH, "grievance.attach" },
	{ REQ_ACT_REOPEN, "grievance.reopen" },
	{ REQ_ACT_CLOSE, "grievance.close" },
};
#define N_GACT ((int)(sizeof grievance_actions / sizeof grievance_actions[0]))

struct gdetail {
	char id[40];
	json_t *rec;
	enum ui_request bar[N_GACT + 5];
};

static void
gdetail_free(void *p)
{
	struct gdetail *d = p;
	json_decref(d->rec);
	free(d);
}

/* Reads the grievance and lays out every field, the history, the
 * attachments and the actions offered. */
static json_t *
gdetail_lines(struct ui *ui, struct gdetail *d, char *title, size_t tn)
{
	struct zila_err err = { 0 };
	json_t *lines = json_array(), *g = NULL;
	if (zila_grievance_get(ui->db, d->id, &g, &err) != ZILA_OK) {
		ui_lines_add(lines, UI_A_ERROR, "%s", err.msg);
		snprintf(title, tn, "%s", _("Grievance"));
		d->bar[0] = REQ_NONE;
		return lines;
	}
	json_decref(d->rec);
	d->rec = g;
	snprintf(title, tn, _("Grievance %s"), ui_str(g, "number"));
	int n = ui_actions_allowed(ui, grievance_actions, N_GACT, ui_str(g, "id"), d->bar, N_GACT + 1);
	if (json_array_size(json_object_get(g, "attachments")) > 0 && n < N_GACT + 2) {
		d->bar[n++] = REQ_OPEN_FILE;
		d->bar[n] = REQ_NONE;
	}
	d->bar[n++] = REQ_PRINT; /* the citizen's receipt, again */
	d->bar[n++] = REQ_BACK;
	d->bar[n] = REQ_NONE;
	char buf[64];
	ui_lines_add(lines, UI_A_BOLD, "%s  %s", ui_str(g, "number"), zila_status_word(ui_str(g, "status")));
	if (json_is_true(json_object_get(g, "overdue")))
		ui_lines_add(lines, UI_A_OVERDUE, _("Overdue by %lld days"),
			(long long)json_integer_value(json_object_get(g, "days_overdue")));
	ui_field_line(lines, _("Citizen"), ui_str(g, "citizen_name"));
	ui_field_line(lines, _("Mobile"), ui_str(g, "mobile"));
	ui_field_line(lines, _("Address"), ui_str(g, "address"));
	ui_field_line(lines, _("Village"), ui_str(g, "village"));
	ui_field_line(lines, _("Block"), ui_str(g, "block_name"));
	ui_field_line(lines, _("Panchayat"), ui_str(g, "gp_name"));
	ui_field_line(lines, _("Received"), ui_channel_word(ui_str(g, "channel")));
	ui_field_line(lines, _("Category"), ui_str(g, "category_name"));
	ui_field_line(lines, _("Department"), ui_str(g, "department_name"));
	ui_field_line(lines, _("Officer"), ui_str(g, "officer"));
	ui_field_line(lines, _("Registered on"), ui_str(g, "registered_on"));
	ui_field_line(lines, _("Due on"), ui_str(g, "due_date"));
	ui_field_line(lines, _("Transfers"), ui_json_text(g, "transfers", buf, sizeof buf));
	ui_field_line(lines, _("Disposed on"), ui_str(g, "disposed_on"));
	ui_field_line(lines, _("Final reply"), ui_str(g, "final_reply"));
	if (json_integer_value(json_object_get(g, "rating")) > 0)
		ui_field_line(lines, _("Rating"), ui_json_text(g, "rating", buf, sizeof buf));
	ui_field_line(lines, _("Subject"), ui_str(g, "subject"));
	ui_lines_add(lines, UI_A_HEADING, "%s", _("Description"));
	ui_lines_add(lines, UI_A_NORMAL, "%s", ui_str(g, "description"));
	ui_attachment_lines(lines, json_object_get(g, "attachments"));
	ui_events_lines(lines, json_object_get(g, "events"));
	return lines;
}

static void
gdetail_reload(struct ui *ui, struct ui_text *t)
{
	char title[200];
	json_t *lines = gdetail_lines(ui, ui_text_ctx(t), title, sizeof title);
	ui_text_set_lines(t, title, lines);
}

static int
gdetail_key(struct ui *ui, struct ui_text *t, enum ui_request req, int ch)
{
	struct gdetail *d = ui_text_ctx(t);
	(void)ch;
	if (req == REQ_OPEN_FILE && d->rec) {
		ui_open_attachment(ui, json_object_get(d->rec, "attachments"));
		return UI_HANDLED;
	}
	if (req == REQ_PRINT && d->rec) {
		/* in the citizen's language, chosen at registration and kept
		 * with the grievance; l on the receipt gives the other one */
		ui_grievance_receipt(ui, ui_str(d->rec, "number"), ui_str(d->rec, "lang"), false);
		return UI_HANDLED;
	}
	if (req == REQ_NONE || req == REQ_BACK || !ui_bar_has(d->bar, req) || !d->rec)
		return UI_IGNORED;
	if (req == REQ_ACT_DUPLICATE || req == REQ_ACT_ATTACH)
		ui_form_grievance_more(ui, d->rec, req);
	else
		ui_form_grievance_action(ui, d->rec, req);
	gdetail_reload(ui, t);
	return UI_HANDLED;
}

void
ui_grievance_open(struct ui *ui, const char *id)
{
	struct gdetail *d = calloc(1, sizeof *d);
	char title[200];
	if (!d)
		return;
	snprintf(d->id, sizeof d->id, "%s", id);
	json_t *lines = gdetail_lines(ui, d, title, sizeof title);
	struct ui_text *t = ui_show_text(ui, UI_K_DETAIL, title, lines, gdetail_key, d, gdetail_free, d->bar);
	ui_text_set_refresh(t, gdetail_reload);
}

struct dupscreen {
	struct ui_screen base;
	json_t *rows;
	int sel;
};

static const enum ui_request dup_bar[] = { REQ_NONE };

static void
dup_draw(struct ui *ui, struct ui_screen *s, int top, int height)
{
	struct dupscreen *d = (struct dupscreen *)s;
	int n = (int)json_array_size(d->rows), y = top + 1;
	ui_draw_text(top, 1, _("Open grievances that may be the same as the new one:"),
		COLS - 2, A_BOLD, false);
	for (int i = 0; i < n && y + 1 < top + height - 2; i++) {
		json_t *r = json_array_get(d->rows, (size_t)i);
		char why[80], line[400], date[24];
		long long pct = json_integer_value(json_object_get(r, "alike"));
		if (strcmp(ui_str(r, "why"), "mobile") == 0)
			snprintf(why, sizeof why, "%s", _("same mobile"));
		else
			snprintf(why, sizeof why, _("%lld%% alike"), pct);
		snprintf(line, sizeof line, "%s  %s  %s  %s  (%s)", ui_str(r, "number"),
			zila_date_show(ui_str(r, "registered_on"), date, sizeof date), zila_status_word(ui_str(r, "status")),
			ui_str(r, "citizen_name"), why);
		bool sel = i == d->sel;
		y++;
		if (sel && ui->slow)
			mvaddch(y, 0, '>');
		ui_draw_text(y, 1, line, COLS - 2, sel && !ui->slow ? ui_attr(UI_A_SELECTED) : A_NORMAL, false);
		y++;
		ui_draw_text(y, 3, ui_str(r, "description"), COLS - 4, ui_attr(UI_A_DIM), false);
	}
	ui_draw_text(top + height - 1, 1,
		_("Enter: it is a duplicate of this one   s: save it as new   Esc: back to the form"),
		COLS - 2, A_NORMAL, false);
}

static int
dup_key(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch)
{
	(void)ui;
	(void)s;
	(void)req;
	(void)ch;
	return UI_IGNORED;
}

static void
dup_free(struct ui_screen *s)
{
	free(s);
}

static const struct ui_screen_ops dup_ops = {
	.kind = UI_K_PICK, .draw = dup_draw, .key = dup_key, .free = dup_free, .bar = dup_bar,
};

enum zila_status
ui_grievance_dup_check(struct ui *ui, json_t *args, char *dup_of, size_t n, struct zila_err *err)
{
	json_t *rows = NULL;
	dup_of[0] = '\0';
	enum zila_status st = zila_grievance_similar(ui->db, ui_str(args, "mobile"), ui_str(args, "gp"),
		ui_str(args, "description"), 8, &rows, err);
	if (st != ZILA_OK)
		return st;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return ZILA_OK;
	}
	struct dupscreen *d = zila_xcalloc(1, sizeof *d);
	d->base.ops = &dup_ops;
	d->rows = rows;
	snprintf(d->base.title, sizeof d->base.title, "%s", _("Before saving: is it a grievance already registered?"));
	snprintf(d->base.info, sizeof d->base.info, "%zu", json_array_size(rows));
	ui_push(ui, &d->base);
	int choice = -2; /* -2 back to the form, -1 save as new, k link to row k */
	for (;;) {
		ui_paint(ui);
		/* the keyboard only, as the other dialogs: a sync's news waits
		 * (ui_getkey would return it again and again, unread) */
		timeout(-1);
		int ch = getch();
		if (ch == ERR || ch == UI_KEY_ESC || ch == 'q')
			break;
		if (ch == KEY_DOWN && d->sel + 1 < (int)json_array_size(rows))
			d->sel++;
		else if (ch == KEY_UP && d->sel > 0)
			d->sel--;
		else if (ch == 's' || ch == 'S') {
			choice = -1;
			break;
		} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			choice = d->sel;
			break;
		}
	}
	if (choice >= 0)
		snprintf(dup_of, n, "%s", ui_str(json_array_get(rows, (size_t)choice), "number"));
	ui_pop_quiet(ui);
	json_decref(rows);
	if (choice == -2)
		return zila_fail(err, ZILA_EEXIST, "%s", _("Not saved yet: F2 shows the grievances that may be the same again."));
	return ZILA_OK;
}
