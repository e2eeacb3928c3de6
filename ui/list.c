/* list.c: the one list engine behind every zila_view (calcurse's listbox):
 * a window of rows fetched by keyset paging (never all rows), the selected
 * row, sort and filters, and drawing through the view's row_text. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "detail.h"
#include "screen.h"
#include "zila/master.h"
#include "zila/record.h"
#include "zila/util.h"

#define PAGE_ROWS 60   /* rows fetched at a time */
#define MAX_ROWS  360  /* rows held at most; the far end is dropped */

struct ui_list {
	struct ui_screen base;
	struct ui_screen_ops ops;
	struct ui *ui;
	enum ui_request bar[12]; /* only what works in this view */
	const struct zila_view *view;
	struct ui_filter filter;
	json_t *rows;
	int sel, top;
	bool at_start, at_end; /* the window reaches the first / last row */
	long long count;       /* -1: not known */
};

/* The key bar (and so the help) of a list names only what its view does. */
static void
build_bar(struct ui_list *l)
{
	const struct zila_view *v = l->view;
	int k = 0;
	l->bar[k++] = REQ_HELP;
	if (v->open)
		l->bar[k++] = REQ_ENTER;
	if (v->filters & UI_F_TEXT)
		l->bar[k++] = REQ_SEARCH;
	if (v->filters & ~(unsigned)UI_F_TEXT)
		l->bar[k++] = REQ_FILTER;
	if (v->filters & UI_F_OVERDUE)
		l->bar[k++] = REQ_OVERDUE;
	if (v->sorts && v->sorts[0])
		l->bar[k++] = REQ_SORT;
	if (v->create && (!v->can_create || v->can_create(l->ui)))
		l->bar[k++] = REQ_NEW;
	l->bar[k++] = REQ_CLEAR;
	l->bar[k++] = REQ_BACK;
	l->bar[k] = REQ_NONE;
}

/* The text of a row's sort key (text or number), for the next page. */
static const char *
key_text(json_t *row, char *buf, size_t n)
{
	return ui_json_text(row, "sort_key", buf, n);
}

static int
visible_rows(void)
{
	return ui_body_height() - 1;
}

/* One page after (or before) a row; NULL row: from the start (the end). */
static json_t *
fetch(struct ui *ui, struct ui_list *l, json_t *row, bool backward)
{
	char kb[64];
	struct zila_err err = { 0 };
	json_t *rows = NULL;
	const char *key = row ? key_text(row, kb, sizeof kb) : NULL;
	const char *id = row ? json_string_value(json_object_get(row, "id")) : NULL;
	if (l->view->load(ui, &l->filter, key, id, backward, PAGE_ROWS, &rows, &err) != ZILA_OK) {
		ui_error(ui, &err);
		return json_array();
	}
	return rows;
}

/* Describes the filter in the title, so the person always sees what the
 * list is showing. */
static void
set_title(struct ui_list *l)
{
	const struct ui_filter *f = &l->filter;
	char extra[160] = "";
	size_t o = 0;
#define ADD(...) o += (size_t)snprintf(extra + o, o < sizeof extra ? sizeof extra - o : 0, __VA_ARGS__)
	if (f->status[0])
		ADD(" | %s", zila_status_word(f->status));
	if (f->department[0])
		ADD(" | %s", f->department);
	if (f->overdue)
		ADD(" | %s", _("overdue"));
	if (f->from[0] || f->to[0])
		ADD(" | %s..%s", f->from, f->to);
	if (f->block[0])
		ADD(" | %s", f->block);
	if (f->gp[0])
		ADD(" | %s", f->gp);
	if (f->text[0])
		ADD(" | \"%s\"", f->text);
	if (l->view->sorts && l->view->sorts[0])
		ADD(" | %s %s", _("by"), _(l->view->sorts[f->sort]));
#undef ADD
	snprintf(l->base.title, sizeof l->base.title, "%s%s", _(l->view->title), extra);
	if (l->count > ui_count_cap(l->view, f)) {
		char n[32];
		ui_fmt_count(ui_count_cap(l->view, f), n, sizeof n);
		snprintf(l->base.info, sizeof l->base.info, _("%s+ rows"), n);
	} else if (l->count >= 0) {
		char n[32];
		ui_fmt_count(l->count, n, sizeof n);
		snprintf(l->base.info, sizeof l->base.info, l->count == 1 ? _("%s row") : _("%s rows"), n);
	} else
		snprintf(l->base.info, sizeof l->base.info, "%s", "");
}

static void
reload(struct ui *ui, struct ui_list *l)
{
	struct zila_err err = { 0 };
	json_decref(l->rows);
	l->rows = fetch(ui, l, NULL, false);
	l->sel = l->top = 0;
	l->at_start = true;
	l->at_end = json_array_size(l->rows) < PAGE_ROWS;
	if (l->at_end)
		l->count = (long long)json_array_size(l->rows);
	else if (!l->view->count || l->view->count(ui, &l->filter, &l->count, &err) != ZILA_OK)
		l->count = -1;
	set_title(l);
}

static void
go_last(struct ui *ui, struct ui_list *l)
{
	if (l->at_end) {
		l->sel = (int)json_array_size(l->rows) - 1;
		return;
	}
	json_decref(l->rows);
	l->rows = fetch(ui, l, NULL, true);
	int n = (int)json_array_size(l->rows);
	l->at_end = true;
	l->at_start = n < PAGE_ROWS;
	l->sel = n - 1;
	l->top = n - visible_rows() > 0 ? n - visible_rows() : 0;
}

/* Fetches the page after the window; drops rows from the front when the
 * window grows past MAX_ROWS. False at the end. */
static bool
extend_forward(struct ui *ui, struct ui_list *l)
{
	size_t n = json_array_size(l->rows);
	if (l->at_end || n == 0)
		return false;
	json_t *more = fetch(ui, l, json_array_get(l->rows, n - 1), false);
	size_t m = json_array_size(more);
	l->at_end = m < PAGE_ROWS;
	json_array_extend(l->rows, more);
	json_decref(more);
	while (json_array_size(l->rows) > MAX_ROWS && l->top > 0) {
		json_array_remove(l->rows, 0);
		l->sel--;
		l->top--;
		l->at_start = false;
	}
	return m > 0;
}

/* The page before the window, put in front of it. */
static bool
extend_backward(struct ui *ui, struct ui_list *l)
{
	size_t n = json_array_size(l->rows);
	if (l->at_start || n == 0)
		return false;
	json_t *more = fetch(ui, l, json_array_get(l->rows, 0), true);
	size_t m = json_array_size(more);
	l->at_start = m < PAGE_ROWS;
	for (size_t i = m; i > 0; i--)
		json_array_insert(l->rows, 0, json_array_get(more, i - 1));
	json_decref(more);
	l->sel += (int)m;
	l->top += (int)m;
	int h = visible_rows();
	while ((int)json_array_size(l->rows) > MAX_ROWS && (int)json_array_size(l->rows) - 1 > l->top + h) {
		json_array_remove(l->rows, json_array_size(l->rows) - 1);
		l->at_end = false;
	}
	return m > 0;
}

static void
move_by(struct ui *ui, struct ui_list *l, int delta)
{
	int target = l->sel + delta;
	while (target >= (int)json_array_size(l->rows) && extend_forward(ui, l))
		target = l->sel + delta;
	while (target < 0 && extend_backward(ui, l))
		target = l->sel + delta;
	int n = (int)json_array_size(l->rows);
	if (target >= n)
		target = n - 1;
	if (target < 0)
		target = 0;
	l->sel = target;
	int h = visible_rows();
	if (delta > 1 || delta < -1) /* a page: move the window with it */
		l->top += delta;
	if (l->top > n - h)
		l->top = n - h;
	if (l->top < 0)
		l->top = 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
}

static void
list_draw(struct ui *ui, struct ui_screen *s, int top, int height)
{
	struct ui_list *l = (struct ui_list *)s;
	struct ui_line line;
	int width = COLS - 1; /* column 0 is the marker column */
	ui_heading_text(l->view, width, &line);
	ui_draw_line(top, 1, &line, width, ui_attr(UI_A_HEADING));
	int n = (int)json_array_size(l->rows);
	if (n == 0) {
		ui_draw_text(top + 2, 2, _("No records match. Press x to clear the search and filters."), COLS - 2, A_NORMAL,
			false);
		return;
	}
	/* The bar covers the marker column and the first column (the record's
	 * number): a move then rewrites two short runs, not two whole rows,
	 * which keeps a key under 200 bytes on a slow link. */
	int widths[32];
	ui_view_layout(l->view, width, widths);
	for (int i = 0; i < height - 1 && l->top + i < n; i++) {
		int idx = l->top + i;
		ui_row_text(l->view, json_array_get(l->rows, idx), width, &line);
		ui_draw_line(top + 1 + i, 1, &line, width, A_NORMAL);
		if (idx != l->sel)
			continue;
		if (ui->slow)
			mvaddch(top + 1 + i, 0, '>');
		else
			mvchgat(top + 1 + i, 0, 1 + widths[0] + 1, ui_attr(UI_A_SELECTED), 0, NULL);
	}
}

/* The filter menu: one pick list of what can be filtered, then the value. */
static void
choose_filter(struct ui *ui, struct ui_list *l)
{
	struct zila_err err = { 0 };
	struct ui_filter *f = &l->filter;
	json_t *menu = json_array();
	unsigned fl = l->view->filters;
#define ITEM(code, label) json_array_append_new(menu, json_pack("{s:s, s:s}", "code", code, "label", label))
	if (fl & UI_F_STATUS)
		ITEM("status", _("Status"));
	if (fl & UI_F_DEPT)
		ITEM("department", _("Department"));
	if (fl & UI_F_OVERDUE)
		ITEM("overdue", f->overdue ? _("Overdue only: now on, pick to show all") : _("Overdue only"));
	if (fl & UI_F_DATES) {
		ITEM("from", _("Date from (YYYY-MM-DD)"));
		ITEM("to", _("Date to (YYYY-MM-DD)"));
	}
	if (fl & UI_F_PLACE) {
		ITEM("block", _("Block"));
		ITEM("gp", _("Gram panchayat"));
	}
	ITEM("clear", _("Clear every filter"));
#undef ITEM
	int k = ui_pick(ui, _("Filter by"), menu, NULL, "label", NULL);
	const char *what = k >= 0 ? json_string_value(json_object_get(json_array_get(menu, (size_t)k), "code")) : "";
	json_t *rows = NULL;
	if (strcmp(what, "status") == 0) {
		json_t *st = json_array();
		json_array_append_new(st, json_pack("{s:s, s:s}", "code", "", "label", _("(any)")));
		for (const char *const *p = l->view->statuses; p && *p; p++)
			json_array_append_new(st, json_pack("{s:s, s:s}", "code", *p, "label", zila_status_word(*p)));
		int i = ui_pick(ui, _("Status"), st, NULL, "label", NULL);
		if (i == 0)
			f->status[0] = '\0';
		else if (i > 0)
			snprintf(f->status, sizeof f->status, "%s", json_string_value(json_object_get(json_array_get(st, (size_t)i), "code")));
		json_decref(st);
	} else if (strcmp(what, "department") == 0 || strcmp(what, "block") == 0 || strcmp(what, "gp") == 0) {
		enum zila_master m = what[0] == 'd' ? ZILA_M_DEPARTMENT : what[0] == 'b' ? ZILA_M_BLOCK : ZILA_M_GP;
		if (zila_master_list(ui->db, m, &rows, &err) != ZILA_OK) {
			ui_error(ui, &err);
		} else {
			const char *code = m == ZILA_M_DEPARTMENT ? "code" : "lgd_code";
			int i = ui_pick(ui, what[0] == 'd' ? _("Department") : what[0] == 'b' ? _("Block") : _("Gram panchayat"),
				rows, code, zila_i18n_hindi() ? "name_hi" : "name_en", zila_i18n_hindi() ? "name_en" : "name_hi");
			json_t *r = i >= 0 ? json_array_get(rows, (size_t)i) : NULL;
			if (r) {
				const char *id = json_string_value(json_object_get(r, "id"));
				const char *label = m == ZILA_M_DEPARTMENT ? json_string_value(json_object_get(r, "code"))
					: zila_i18n_name(json_string_value(json_object_get(r, "name_en")),
						json_string_value(json_object_get(r, "name_hi")));
				char *dst_id = m == ZILA_M_DEPARTMENT ? f->department_id : m == ZILA_M_BLOCK ? f->block_id : f->gp_id;
				char *dst = m == ZILA_M_DEPARTMENT ? f->department : m == ZILA_M_BLOCK ? f->block : f->gp;
				snprintf(dst_id, 40, "%s", id ? id : "");
				snprintf(dst, m == ZILA_M_DEPARTMENT ? sizeof f->department : sizeof f->block, "%s", label ? label : "");
			}
		}
		json_decref(rows);
	} else if (strcmp(what, "overdue") == 0) {
		f->overdue = !f->overdue;
	} else if (strcmp(what, "from") == 0 || strcmp(what, "to") == 0) {
		char buf[32] = "";
		char *dst = what[0] == 'f' ? f->from : f->to;
		if (ui_prompt(ui, what[0] == 'f' ? _("From date (YYYY-MM-DD, empty for none): ")
				: _("To date (YYYY-MM-DD, empty for none): "), buf, sizeof buf, false)) {
			if (buf[0] && !zila_date_valid(buf))
				ui_message(ui, true, _("date: '%s' is not a date like 2026-11-20"), buf);
			else
				snprintf(dst, 11, "%s", buf);
		}
	} else if (strcmp(what, "clear") == 0) {
		int sort = f->sort;
		memset(f, 0, sizeof *f);
		f->sort = sort;
	}
	json_decref(menu);
	if (k >= 0)
		reload(ui, l);
}

/* While the search prompt waits, the view reads the hits of what is typed
 * so far (4-14 ms for a common word on 1,000,000 grievances), so Enter
 * costs only the page. */
struct warm {
	struct ui *ui;
	const struct zila_view *view;
};

/* Whether the person has typed again: the terminal has input waiting.
 * (Called only while nothing was left in curses' own buffer.) Enter is
 * let through: the hits being read are the ones Enter needs, and
 * stopping there would make Enter read them again from the start. The
 * key is read and given back to curses, so it is the prompt's next key;
 * once read, the terminal shows nothing waiting, and the read-ahead then
 * runs to its end. */
static int
key_waiting(void *ctx)
{
	(void)ctx;
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	if (poll(&p, 1, 0) <= 0)
		return 0;
	wint_t wc;
	timeout(0);
	int r = get_wch(&wc);
	if (r == ERR)
		return 0;
	if (r == KEY_CODE_YES) {
		ungetch((int)wc);
		return wc != KEY_ENTER;
	}
	unget_wch((wchar_t)wc);
	return wc != '\n' && wc != '\r';
}

/* The read-ahead gives way to the next key: on 1,000,000 records a very
 * common word's hits take up to 45 ms, and the echo of a key typed
 * meanwhile must not wait for them. */
static void
search_idle(void *ctx, const char *text)
{
	struct warm *w = ctx;
	zila_db_interrupt_when(w->ui->db, key_waiting, NULL);
	w->view->search_warm(w->ui, text);
	zila_db_interrupt_when(w->ui->db, NULL, NULL);
}

static int
list_key(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch)
{
	struct ui_list *l = (struct ui_list *)s;
	int h = visible_rows();
	(void)ch;
	switch (req) {
	case REQ_MOVE_DOWN: move_by(ui, l, 1); return UI_HANDLED;
	case REQ_MOVE_UP: move_by(ui, l, -1); return UI_HANDLED;
	case REQ_PAGE_DOWN: move_by(ui, l, h); return UI_HANDLED;
	case REQ_PAGE_UP: move_by(ui, l, -h); return UI_HANDLED;
	case REQ_FIRST:
		if (l->at_start)
			l->sel = l->top = 0;
		else
			reload(ui, l);
		return UI_HANDLED;
	case REQ_LAST: go_last(ui, l); move_by(ui, l, 0); return UI_HANDLED;
	case REQ_ENTER: {
		json_t *row = json_array_get(l->rows, (size_t)l->sel);
		if (row && l->view->open)
			l->view->open(ui, row);
		return UI_HANDLED;
	}
	case REQ_SEARCH: {
		if (!ui_bar_has(l->bar, REQ_SEARCH))
			return UI_IGNORED;
		char buf[sizeof l->filter.text];
		snprintf(buf, sizeof buf, "%s", l->filter.text);
		bool ok = l->view->search_warm ? ui_prompt_idle(ui, _("Search: "), buf, sizeof buf, search_idle,
								&(struct warm){ ui, l->view })
					       : ui_prompt(ui, _("Search: "), buf, sizeof buf, false);
		if (ok) {
			snprintf(l->filter.text, sizeof l->filter.text, "%s", buf);
			reload(ui, l);
		}
		return UI_HANDLED;
	}
	case REQ_FILTER:
		if (!ui_bar_has(l->bar, REQ_FILTER))
			return UI_IGNORED;
		choose_filter(ui, l);
		return UI_HANDLED;
	case REQ_OVERDUE:
		if (!(l->view->filters & UI_F_OVERDUE))
			return UI_IGNORED;
		l->filter.overdue = !l->filter.overdue;
		reload(ui, l);
		return UI_HANDLED;
	case REQ_CLEAR: {
		int sort = l->filter.sort;
		memset(&l->filter, 0, sizeof l->filter);
		l->filter.sort = sort;
		reload(ui, l);
		return UI_HANDLED;
	}
	case REQ_SORT:
		if (!l->view->sorts || !l->view->sorts[0])
			return UI_IGNORED;
		l->filter.sort++;
		if (!l->view->sorts[l->filter.sort])
			l->filter.sort = 0;
		reload(ui, l);
		return UI_HANDLED;
	case REQ_NEW:
		if (!ui_bar_has(l->bar, REQ_NEW))
			return UI_IGNORED;
		l->view->create(ui);
		reload(ui, l);
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

static void
list_free(struct ui_screen *s)
{
	struct ui_list *l = (struct ui_list *)s;
	json_decref(l->rows);
	free(l);
}

/* Between keys: read the next (or the previous) page before the selection
 * gets there, so moving and paging never wait on the database. */
static bool
list_idle(struct ui *ui, struct ui_screen *s)
{
	struct ui_list *l = (struct ui_list *)s;
	int h = visible_rows(), n = (int)json_array_size(l->rows);
	if (!l->at_end && n - l->sel < 3 * h)
		return extend_forward(ui, l);
	if (!l->at_start && l->sel < 2 * h)
		return extend_backward(ui, l);
	return false;
}

/* The id of a row, "" when there is none. */
static const char *
row_id(json_t *row)
{
	const char *id = json_string_value(json_object_get(row, "id"));
	return id ? id : "";
}

/* Back from a detail, or a sync changed rows: the records may have
 * changed; stay on the same record when it is still in the first page,
 * else near the same row. */
static void
list_refresh(struct ui *ui, struct ui_screen *s)
{
	struct ui_list *l = (struct ui_list *)s;
	int sel = l->sel, top = l->top;
	char id[64];
	snprintf(id, sizeof id, "%s", row_id(json_array_get(l->rows, (size_t)sel)));
	if (!l->at_start)
		sel = top = 0;
	reload(ui, l);
	int n = (int)json_array_size(l->rows);
	for (int i = 0; id[0] && i < n; i++)
		if (strcmp(id, row_id(json_array_get(l->rows, (size_t)i))) == 0) {
			top += i - sel;
			sel = i;
			break;
		}
	l->sel = sel < n ? sel : n - 1 < 0 ? 0 : n - 1;
	if (top > l->sel)
		top = l->sel;
	if (top < 0 || l->sel - top >= visible_rows())
		top = l->sel - visible_rows() + 1 > 0 ? l->sel - visible_rows() + 1 : 0;
	l->top = top;
}

static const struct ui_screen_ops list_ops = {
	.kind = UI_K_LIST, .draw = list_draw, .key = list_key, .free = list_free,
	.reload = list_refresh, .idle = list_idle,
};

void
ui_open_list(struct ui *ui, const struct zila_view *v, const struct ui_filter *f)
{
	struct ui_list *l = zila_xcalloc(1, sizeof *l);
	l->ops = list_ops;
	l->ops.bar = l->bar;
	l->base.ops = &l->ops;
	l->view = v;
	l->ui = ui;
	build_bar(l);
	if (f)
		l->filter = *f;
	else if (v->initial)
		v->initial(ui, &l->filter);
	if (l->filter.department[0] && !l->filter.department_id[0] &&
	    zila_master_resolve(ui->db, ZILA_M_DEPARTMENT, l->filter.department, l->filter.department_id, NULL) != ZILA_OK)
		l->filter.department[0] = '\0';
	ui_push(ui, &l->base);
	reload(ui, l);
}

void
ui_filter_start(struct ui *ui, struct ui_filter *f, const char *status)
{
	snprintf(f->status, sizeof f->status, "%s", status);
	if (zila_scope_department(&ui->actor))
		snprintf(f->department_id, sizeof f->department_id, "%s", ui->actor.department_id);
}
