/* home.c: the first screen after login, by role, from zila_summary: a
 * clerk's counts for today, an officer's department, the Collector's
 * pendency per department with overdue as bars. Enter opens the list
 * behind a row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "screen.h"
#include "zila/record.h"
#include "zila/report.h"
#include "zila/util.h"

#define HOME_MAX 48

struct home_item {
	struct ui_line line;
	const struct zila_view *view; /* NULL: not a row one can open */
	struct ui_filter filter;
};

struct home {
	struct ui_screen base;
	struct home_item items[HOME_MAX];
	int n, sel;
};

static const enum ui_request home_bar[] = {
	REQ_HELP, REQ_ENTER, REQ_VIEW_LETTERS, REQ_VIEW_GRIEVANCES, REQ_VIEW_INSPECTIONS, REQ_VIEW_REPORTS,
	REQ_LOCK, REQ_QUIT, REQ_NONE
};

static long long
num(json_t *obj, const char *a, const char *b)
{
	json_t *v = json_object_get(obj, a);
	if (b)
		v = json_object_get(v, b);
	return json_integer_value(v);
}

static struct home_item *
add(struct home *h, const struct zila_view *v)
{
	if (h->n >= HOME_MAX)
		return NULL;
	struct home_item *it = &h->items[h->n++];
	memset(it, 0, sizeof *it);
	ui_line_clear(&it->line);
	it->view = v;
	return it;
}

static void
add_text(struct home *h, enum ui_attr a, const char *text)
{
	struct home_item *it = add(h, NULL);
	if (it)
		ui_line_add(&it->line, text, 200, a);
}

/* A number right-aligned in a column; overdue counts stand out. */
static void
put_num(struct ui_line *l, long long n, int width, enum ui_attr a)
{
	char buf[32];
	ui_fmt_count(n, buf, sizeof buf);
	ui_line_put(l, buf, width, true, n > 0 ? a : UI_A_NORMAL);
}

/* A row of counts for one module. */
static void
count_row(struct home *h, const struct zila_view *v, const char *label, long long a, long long b, long long c,
	const char *dept_id, const char *dept)
{
	struct home_item *it = add(h, v);
	if (!it)
		return;
	ui_line_put(&it->line, label, 34, false, UI_A_NORMAL);
	put_num(&it->line, a, 14, UI_A_NORMAL);
	put_num(&it->line, b, 12, UI_A_NORMAL);
	put_num(&it->line, c, 12, UI_A_OVERDUE);
	snprintf(it->filter.status, sizeof it->filter.status, "%s", "open");
	if (dept_id) {
		snprintf(it->filter.department_id, sizeof it->filter.department_id, "%s", dept_id);
		snprintf(it->filter.department, sizeof it->filter.department, "%s", dept ? dept : "");
	}
}

/* A bar of up to width cells for n of max. */
static void
put_bar(struct ui_line *l, long long n, long long max, int width)
{
	char cells[64];
	int k = max > 0 ? (int)((n * width + max - 1) / max) : 0;
	if (k > width)
		k = width;
	memset(cells, ui_display_has_acs() ? ' ' : '#', (size_t)k);
	cells[k] = '\0';
	int start = l->len;
	ui_line_put(l, cells, k, false, UI_A_NORMAL);
	if (k > 0 && l->nspans < UI_SPANS_MAX)
		l->spans[l->nspans++] = (struct ui_span){ start, l->len - start, UI_A_BAR };
	ui_line_put(l, "", width - k, false, UI_A_NORMAL);
}

/* The Collector: pendency per department with overdue as bars. */
static void
collector_rows(struct home *h, json_t *depts)
{
	long long max = 0;
	size_t i;
	json_t *d;
	json_array_foreach(depts, i, d) {
		if (num(d, "letters_overdue", NULL) > max)
			max = num(d, "letters_overdue", NULL);
		if (num(d, "grievances_overdue", NULL) > max)
			max = num(d, "grievances_overdue", NULL);
	}
	struct home_item *it = add(h, NULL);
	if (it) {
		ui_line_put(&it->line, _("Department"), 14, false, UI_A_HEADING);
		ui_line_put(&it->line, _("Letters pending, overdue"), 32, false, UI_A_HEADING);
		ui_line_put(&it->line, _("Grievances pending, overdue"), 32, false, UI_A_HEADING);
	}
	json_array_foreach(depts, i, d) {
		it = add(h, &ui_view_grievances);
		if (!it)
			break;
		ui_line_put(&it->line, json_string_value(json_object_get(d, "department")), 14, false, UI_A_NORMAL);
		put_num(&it->line, num(d, "letters_pending", NULL), 6, UI_A_NORMAL);
		put_num(&it->line, num(d, "letters_overdue", NULL), 6, UI_A_OVERDUE);
		ui_line_put(&it->line, " ", 1, false, UI_A_NORMAL);
		put_bar(&it->line, num(d, "letters_overdue", NULL), max, 18);
		ui_line_put(&it->line, " ", 1, false, UI_A_NORMAL);
		put_num(&it->line, num(d, "grievances_pending", NULL), 6, UI_A_NORMAL);
		put_num(&it->line, num(d, "grievances_overdue", NULL), 6, UI_A_OVERDUE);
		ui_line_put(&it->line, " ", 1, false, UI_A_NORMAL);
		put_bar(&it->line, num(d, "grievances_overdue", NULL), max, 18);
		snprintf(it->filter.status, sizeof it->filter.status, "%s", "open");
		/* the summary names departments by code; the list resolves it */
		snprintf(it->filter.department, sizeof it->filter.department, "%s",
			json_string_value(json_object_get(d, "department")) ? json_string_value(json_object_get(d, "department")) : "");
	}
}

static void
build(struct ui *ui, struct home *h)
{
	struct zila_err err = { 0 };
	json_t *s = NULL;
	char line[300], today[11];
	h->n = 0;
	zila_ist_date(zila_clock(), today, sizeof today);
	snprintf(h->base.title, sizeof h->base.title, _("Zila Desk | Home | %s"), today);
	snprintf(h->base.info, sizeof h->base.info, "%.60s", ui->user_name[0] ? ui->user_name : ui->actor.login);
	if (zila_summary(ui->db, &ui->actor, &s, &err) != ZILA_OK) {
		add_text(h, UI_A_ERROR, err.msg);
		add_text(h, UI_A_NORMAL, "");
		add_text(h, UI_A_NORMAL, _("The lists are on the keys 2 to 7; F1 shows every key."));
		return;
	}
	bool dept = zila_scope_department(&ui->actor);
	const char *dept_id = dept ? ui->actor.department_id : NULL;
	if (dept) {
		snprintf(line, sizeof line, _("Work of your department"));
		add_text(h, UI_A_BOLD, line);
	}
	struct home_item *hd = add(h, NULL);
	if (hd) {
		ui_line_put(&hd->line, "", 34, false, UI_A_NORMAL);
		ui_line_put(&hd->line, _("Received today"), 14, true, UI_A_HEADING);
		ui_line_put(&hd->line, _("Pending"), 12, true, UI_A_HEADING);
		ui_line_put(&hd->line, _("Overdue"), 12, true, UI_A_HEADING);
	}
	count_row(h, &ui_view_letters, _("Letters"), num(s, "letters", "received_today"),
		num(s, "letters", "pending"), num(s, "letters", "overdue"), dept_id, NULL);
	count_row(h, &ui_view_grievances, _("Grievances"), num(s, "grievances", "received_today"),
		num(s, "grievances", "pending"), num(s, "grievances", "overdue"), dept_id, NULL);
	struct home_item *ov = add(h, &ui_view_grievances);
	if (ov) {
		ui_line_add(&ov->line, _("  overdue grievances, oldest first"), 60, UI_A_NORMAL);
		snprintf(ov->filter.status, sizeof ov->filter.status, "%s", "open");
		ov->filter.overdue = true;
		if (dept_id)
			snprintf(ov->filter.department_id, sizeof ov->filter.department_id, "%s", dept_id);
	}
	add_text(h, UI_A_NORMAL, "");
	struct home_item *in = add(h, &ui_view_inspections);
	if (in) {
		snprintf(line, sizeof line, _("This fortnight: %lld of %lld panchayats inspected, %lld suggestions pending"),
			num(s, "inspections", "inspected"), num(s, "inspections", "assigned"),
			num(s, "inspections", "pending_suggestions"));
		ui_line_add(&in->line, line, 200, UI_A_NORMAL);
	}
	if (ui->actor.role == ZILA_ROLE_COLLECTOR || ui->actor.role == ZILA_ROLE_ADMIN) {
		add_text(h, UI_A_NORMAL, "");
		collector_rows(h, json_object_get(s, "departments"));
	}
	json_decref(s);
	if (h->sel >= h->n || !h->items[h->sel].view) {
		h->sel = 0;
		while (h->sel < h->n && !h->items[h->sel].view)
			h->sel++;
	}
}

static void
home_draw(struct ui *ui, struct ui_screen *s, int top, int height)
{
	struct home *h = (struct home *)s;
	for (int i = 0; i < h->n && i < height - 1; i++) {
		bool sel = i == h->sel && h->items[i].view;
		if (sel && ui->slow)
			mvaddch(top + 1 + i, 0, '>');
		ui_draw_line(top + 1 + i, 1, &h->items[i].line, COLS - 2, sel && !ui->slow ? ui_attr(UI_A_SELECTED) : A_NORMAL);
	}
}

/* Moves to the next row one can open, in direction dir. */
static void
step(struct home *h, int dir)
{
	for (int i = h->sel + dir; i >= 0 && i < h->n; i += dir) {
		if (h->items[i].view) {
			h->sel = i;
			return;
		}
	}
}

static int
home_key(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch)
{
	struct home *h = (struct home *)s;
	(void)ch;
	switch (req) {
	case REQ_MOVE_DOWN: case REQ_PAGE_DOWN: step(h, 1); return UI_HANDLED;
	case REQ_MOVE_UP: case REQ_PAGE_UP: step(h, -1); return UI_HANDLED;
	case REQ_ENTER:
		if (h->sel < h->n && h->items[h->sel].view)
			ui_open_list(ui, h->items[h->sel].view, &h->items[h->sel].filter);
		return UI_HANDLED;
	default: return UI_IGNORED;
	}
}

static void
home_refresh(struct ui *ui, struct ui_screen *s)
{
	build(ui, (struct home *)s);
}

static void
home_free(struct ui_screen *s)
{
	free(s);
}

static const struct ui_screen_ops home_ops = {
	.kind = UI_K_HOME, .draw = home_draw, .key = home_key, .free = home_free, .bar = home_bar,
	.reload = home_refresh,
};

void
ui_open_home(struct ui *ui)
{
	struct home *h = zila_xcalloc(1, sizeof *h);
	h->base.ops = &home_ops;
	ui_push(ui, &h->base);
	build(ui, h);
}
