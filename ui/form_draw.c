/* form_draw.c: the form's layout and drawing: labels, entries, the
 * messages beside them, the open pick list, the bottom rows. Attributes
 * only (entries underlined, the current one reversed), so it reads the
 * same on a vt100 and in colour; only what changed is drawn again. */
#include <stdio.h>
#include <string.h>
#include "zila/util.h"
#include "zila/i18n.h"
#include "form_int.h"

json_t *
form_pick_load(struct form *fm, struct fstate *s)
{
	if (s->items || !s->f->pick)
		return s->items;
	struct zila_err err = { 0 };
	if (s->f->pick(fm->ctx, s->f, &s->base, &err) != ZILA_OK || !json_is_array(s->base)) {
		json_decref(s->base);
		s->base = json_array();
		snprintf(fm->note, sizeof fm->note, "%s", err.msg[0] ? err.msg : _("The list could not be read."));
		fm->note_error = true;
	}
	s->items = json_incref(s->base);
	return s->items;
}

/* ----------------------------------------------------------- layout */

int
form_entry_width(const struct form *fm, const struct fstate *s)
{
	int w = form_field_width(s->f), room = fm->cols - fm->label_w - 4;
	return w < room ? w : (room > 1 ? room : 1);
}

/* Rows of the form, label column, and each field's row. */
void
form_layout(struct form *fm)
{
	getmaxyx(fm->win, fm->rows, fm->cols);
	int lw = 0, y = 0;
	for (int i = 0; i < fm->n; i++) {
		const char *l = _(fm->fs[i].f->label);
		int w = textedit_width(l, strlen(l));
		lw = w > lw ? w : lw;
		fm->fs[i].y = y;
		fm->fs[i].h = fm->fs[i].f->kind == FORM_MULTILINE ? (fm->fs[i].f->height > 0 ? fm->fs[i].f->height : 4) : 1;
		y += fm->fs[i].h;
	}
	fm->label_w = lw < fm->cols / 3 ? lw : fm->cols / 3;
	fm->full = true;
}

/* Rows the fields get between the title and the two bottom rows. */
static int
area_height(const struct form *fm)
{
	return fm->rows - AREA_TOP - 2 > 1 ? fm->rows - AREA_TOP - 2 : 1;
}

/* Scrolls the form (when it is taller than the window) so the current
 * field is in view; a scroll redraws everything. */
static void
scroll_to_current(struct form *fm)
{
	const struct fstate *s = &fm->fs[fm->cur];
	int h = area_height(fm), top = fm->top;
	if (s->y + s->h > top + h)
		top = s->y + s->h - h;
	if (s->y < top)
		top = s->y;
	if (top != fm->top) {
		fm->top = top;
		fm->full = true;
	}
}

/* ---------------------------------------------------------- drawing */

/* Draws s cut to width columns at (y, x), padded with blanks to width. */
static void
put_text(WINDOW *w, int y, int x, const char *s, int width, attr_t attr)
{
	int used = 0;
	if (width <= 0)
		return;
	size_t n = textedit_fit(s, strlen(s), width, &used);
	wattrset(w, attr);
	wmove(w, y, x);
	waddnstr(w, s, (int)n);
	for (; used < width; used++)
		waddch(w, ' ');
	wattrset(w, A_NORMAL);
}

/* Draws s from x to the end of the row, then erases the rest. */
void
form_put_rest(WINDOW *w, int y, int x, const char *s, attr_t attr, int cols)
{
	if (x >= cols)
		return;
	size_t n = textedit_fit(s, strlen(s), cols - x - 1, NULL);
	wattrset(w, attr);
	wmove(w, y, x);
	waddnstr(w, s, (int)n);
	wattrset(w, A_NORMAL);
	wclrtoeol(w);
}

/* What a closed choice field shows. */
static const char *
choice_label(struct form *fm, struct fstate *s)
{
	if (!*s->choice)
		return "";
	if (s->f->kind == FORM_YESNO)
		return strcmp(s->choice, "yes") == 0 ? _("Yes") : _("No");
	if (s->f->kind == FORM_RATING) {
		const char *l = form_option_label(s->f, s->choice);
		return l ? _(l) : s->choice;
	}
	if (!s->label) {
		form_pick_load(fm, s);
		const char *l = form_pick_label(s->base, s->choice);
		s->label = zila_xstrdup(l ? l : s->choice);
	}
	return s->label;
}

/* Whether window row y is in the fields' area. */
static bool
row_visible(const struct form *fm, int y)
{
	return y >= AREA_TOP && y < AREA_TOP + area_height(fm);
}

/* Draws field i (label, marker columns, entry, message) and returns the
 * cursor position inside it through cy/cx when it is the current one. A
 * field partly scrolled out is blanked: the current one is always whole. */
static void
draw_field(struct form *fm, int i, int *cy, int *cx)
{
	struct fstate *s = &fm->fs[i];
	WINDOW *w = fm->win;
	bool focus = i == fm->cur;
	int ew = form_entry_width(fm, s), x = fm->label_w + 2;
	attr_t ea = focus ? A_REVERSE : A_UNDERLINE;
	int y0 = AREA_TOP + s->y - fm->top;
	if (!row_visible(fm, y0) || !row_visible(fm, y0 + s->h - 1)) {
		for (int r = 0; r < s->h; r++)
			if (row_visible(fm, y0 + r)) {
				wmove(w, y0 + r, 0);
				wclrtoeol(w);
			}
		s->dirty = false;
		return;
	}
	for (int r = 0; r < s->h; r++) {
		put_text(w, y0 + r, 0, r == 0 ? _(s->f->label) : "", fm->label_w, focus ? A_BOLD : A_NORMAL);
		mvwaddch(w, y0 + r, fm->label_w, r == 0 && s->f->required ? '*' : ' ');
		if (x + ew + 1 < fm->cols) { /* every cell of the row is ours: nothing stale stays */
			wmove(w, y0 + r, x + ew + 1);
			wclrtoeol(w);
		}
	}
	int ry = y0, rx = x;
	char left = ' ', right = ' ';
	if (s->f->kind == FORM_MULTILINE) {
		struct textedit_box b;
		textedit_box_view(&s->ed, ew, s->h, &b);
		for (int r = 0; r < s->h; r++) {
			const char *t = "";
			size_t len = 0;
			char row[4096];
			textedit_row(&s->ed, ew, b.first_row + r, &t, &len);
			snprintf(row, sizeof row, "%.*s", (int)len, t);
			put_text(w, y0 + r, x, row, ew, ea);
			mvwaddch(w, y0 + r, x - 1, ' ');
			mvwaddch(w, y0 + r, x + ew, (r == 0 && b.first_row > 0) ? '^'
				: (r == s->h - 1 && b.first_row + s->h < b.nrows) ? 'v' : ' ');
		}
		ry = y0 + b.cursor_row;
		rx = x + b.cursor_col;
	} else if (form_text_kind(s->f->kind) || (s->f->kind == FORM_PICK && focus && fm->pick_open)) {
		struct textedit_slice v;
		textedit_line_view(&s->ed, ew, &v);
		char slice[4096];
		snprintf(slice, sizeof slice, "%*s%.*s", v.lead, "", (int)v.len, v.text);
		put_text(w, y0, x, slice, ew, ea);
		left = v.more_left ? '<' : ' ';
		right = v.more_right ? '>' : ' ';
		rx = x + v.cursor_col;
	} else {
		put_text(w, y0, x, choice_label(fm, s), ew, ea);
		if (s->f->kind == FORM_RATING || s->f->kind == FORM_PICK)
			right = focus ? (s->f->kind == FORM_PICK ? '+' : '>') : ' ';
	}
	if (s->f->kind != FORM_MULTILINE) {
		mvwaddch(w, y0, x - 1, left);
		mvwaddch(w, y0, x + ew, right);
	}
	form_put_rest(w, y0, x + ew + 2, s->msg, A_BOLD, fm->cols);
	s->dirty = false;
	if (focus) {
		*cy = ry;
		*cx = rx;
	}
}

/* The open pick list under (or over) the current field: the matches of
 * the filter, the chosen one reversed, and how many matched. */
static void
draw_pick(struct form *fm)
{
	struct fstate *s = &fm->fs[fm->cur];
	int ew = form_entry_width(fm, s), x = fm->label_w + 2;
	int y0 = AREA_TOP + s->y - fm->top;
	int below = fm->rows - 2 - (y0 + 1), above = y0 - 1;
	int want = fm->nmatch + 1; /* the matches and the count line */
	if (want > PICK_ROWS)
		want = PICK_ROWS;
	if (want < 2)
		want = 2;
	bool down = below >= want || below >= above;
	int n = down ? below : above;
	if (n > want)
		n = want;
	if (n < 1)
		return;
	if (fm->sel < fm->first)
		fm->first = fm->sel;
	if (fm->sel >= fm->first + n - 1)
		fm->first = fm->sel - n + 2;
	if (fm->first < 0)
		fm->first = 0;
	int y = down ? y0 + 1 : y0 - n;
	for (int r = 0; r < n - 1; r++) {
		int k = fm->first + r;
		const char *label = "";
		if (k < fm->nmatch)
			label = json_string_value(json_object_get(json_array_get(s->items, (size_t)fm->match[k]), "label"));
		put_text(fm->win, y + r, x, label ? label : "", ew, k == fm->sel && k < fm->nmatch ? A_REVERSE : A_NORMAL);
	}
	char count[80];
	if (fm->nmatch == 0)
		snprintf(count, sizeof count, "%s", _("-- nothing matches --"));
	else
		snprintf(count, sizeof count, _("-- %d of %d --"), fm->sel + 1, fm->nmatch);
	put_text(fm->win, y + n - 1, x, count, ew, A_BOLD);
}

/* The two bottom rows: the current field's message or hint, then the
 * note or the keys. */
static void
draw_bottom(struct form *fm)
{
	const struct fstate *s = &fm->fs[fm->cur];
	const char *line = s->msg[0] ? s->msg : s->f->hint ? _(s->f->hint) : "";
	form_put_rest(fm->win, fm->rows - 2, 0, line, s->msg[0] ? A_BOLD : A_NORMAL, fm->cols);
	if (fm->note[0])
		form_put_rest(fm->win, fm->rows - 1, 0, fm->note, fm->note_error ? A_BOLD : A_NORMAL, fm->cols);
	else
		form_put_rest(fm->win, fm->rows - 1, 0, _("F2 or Ctrl-S: save   Esc: cancel   Tab, Shift-Tab: next, previous field"),
			A_NORMAL, fm->cols);
}

/* Row 1: when the form is taller than the window, which fields show, so
 * nobody misses the ones below. */
static void
draw_extent(struct form *fm)
{
	int first = -1, last = -1, h = area_height(fm);
	char line[200] = "";
	for (int i = 0; i < fm->n; i++)
		if (fm->fs[i].y >= fm->top && fm->fs[i].y + fm->fs[i].h <= fm->top + h) {
			first = first < 0 ? i : first;
			last = i;
		}
	if (first > 0 || last < fm->n - 1)
		snprintf(line, sizeof line, _("Fields %d to %d of %d (Tab shows the others)"), first + 1, last + 1, fm->n);
	form_put_rest(fm->win, 1, 0, line, A_NORMAL, fm->cols);
}

/* One paint per key: the fields that changed (all after a resize, a
 * scroll or a closed pick list), the bottom rows, the cursor. */
void
form_paint(struct form *fm)
{
	int cy = 0, cx = 0;
	scroll_to_current(fm);
	if (fm->full) {
		form_put_rest(fm->win, 0, 0, _(fm->def->title), A_BOLD, fm->cols);
		draw_extent(fm);
		int last = fm->fs[fm->n - 1].y + fm->fs[fm->n - 1].h - fm->top;
		for (int y = AREA_TOP + (last > 0 ? last : 0); y < fm->rows - 2; y++) {
			wmove(fm->win, y, 0);
			wclrtoeol(fm->win);
		}
	}
	for (int i = 0; i < fm->n; i++)
		if (fm->full || fm->fs[i].dirty || i == fm->cur)
			draw_field(fm, i, &cy, &cx);
	fm->full = false;
	if (fm->pick_open)
		draw_pick(fm);
	draw_bottom(fm);
	wmove(fm->win, cy, cx);
	wrefresh(fm->win);
}
