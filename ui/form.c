/* form.c: the form widget with curses. The rules live in form_check.c and
 * the editing in textedit.c; this file lays fields out, draws what
 * changed, turns keys into edits, and keeps the draft. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "zila/draft.h"
#include "zila/util.h"
#include "form.h"
#include "i18n.h"
#include "textedit.h"

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)
#define AREA_TOP 2     /* title, then a blank row */
#define PICK_ROWS 8    /* rows of an open pick list */

/* One field while the form is open. */
struct fstate {
	const struct zila_form_field *f;
	struct textedit ed;   /* text kinds; the filter of a pick list */
	char *choice;         /* pick, yes/no, rating: the value ("" none) */
	json_t *items;        /* pick: loaded when first needed */
	char msg[600];        /* what is wrong, beside the field */
	int y, h;             /* form row (before scrolling) and rows taken */
	bool dirty;
	bool touched;         /* changed since the form opened: checked when left */
};

struct form {
	WINDOW *win;
	const struct zila_form_def *def;
	const struct form_opts *opts;
	void *ctx;
	struct fstate *fs;
	int n, cur;
	int rows, cols, label_w, top;
	json_t *initial;      /* state at the start: "was anything typed?" */
	char draft_name[256];
	char note[600];       /* the bottom line: an error or a notice */
	bool note_error;
	bool full;            /* draw everything on the next paint */
	bool draft_dirty;     /* typed since the draft was last kept */
	bool draft_failed;    /* said once that drafts cannot be kept */
	int key_cleft, key_cright; /* Ctrl-Left/Right where the terminal has them */
	/* the open pick list */
	bool pick_open;
	int *match, nmatch, sel, first;
};

static bool
is_text_kind(enum form_kind k)
{
	return k != FORM_PICK && k != FORM_YESNO && k != FORM_RATING;
}

/* The field's state as a string (see formdef.h). */
static const char *
field_state(const struct fstate *s)
{
	return is_text_kind(s->f->kind) ? textedit_text(&s->ed) : s->choice;
}

/* The whole form's state: what goes to a draft and to form_values. */
static json_t *
form_state(const struct form *fm)
{
	json_t *st = json_object();
	for (int i = 0; i < fm->n; i++) {
		const char *v = field_state(&fm->fs[i]);
		if (*v)
			json_object_set_new(st, fm->fs[i].f->key, json_string(v));
	}
	return st;
}

static void
set_choice(struct fstate *s, const char *v)
{
	free(s->choice);
	s->choice = zila_xstrdup(v);
	s->dirty = true;
}

/* Puts a state (initial values or a draft) into the fields; values a field
 * would refuse are left out. */
static void
apply_state(struct form *fm, json_t *st)
{
	for (int i = 0; i < fm->n; i++) {
		struct fstate *s = &fm->fs[i];
		const char *v = json_string_value(json_object_get(st, s->f->key));
		if (!v)
			continue;
		if (is_text_kind(s->f->kind))
			textedit_set(&s->ed, v);
		else
			set_choice(s, v);
		s->dirty = true;
	}
}

/* Loads a pick list's items once; a failure shows its message. */
static json_t *
pick_items(struct form *fm, struct fstate *s)
{
	if (s->items || !s->f->pick)
		return s->items;
	struct zila_err err = { 0 };
	if (s->f->pick(fm->ctx, s->f, &s->items, &err) != ZILA_OK || !json_is_array(s->items)) {
		json_decref(s->items);
		s->items = json_array();
		snprintf(fm->note, sizeof fm->note, "%s", err.msg[0] ? err.msg : _("The list could not be read."));
		fm->note_error = true;
	}
	return s->items;
}

/* ----------------------------------------------------------- layout */

static int
entry_width(const struct form *fm, const struct fstate *s)
{
	int w = form_field_width(s->f), room = fm->cols - fm->label_w - 4;
	return w < room ? w : (room > 1 ? room : 1);
}

/* Rows of the form, label column, and each field's row. */
static void
layout(struct form *fm)
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
static void
put_rest(WINDOW *w, int y, int x, const char *s, attr_t attr, int cols)
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
	const char *l = form_pick_label(pick_items(fm, s), s->choice);
	return l ? l : s->choice;
}

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
	int ew = entry_width(fm, s), x = fm->label_w + 2;
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
	} else if (is_text_kind(s->f->kind) || (s->f->kind == FORM_PICK && focus && fm->pick_open)) {
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
	put_rest(w, y0, x + ew + 2, s->msg, A_BOLD, fm->cols);
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
	int ew = entry_width(fm, s), x = fm->label_w + 2;
	int y0 = AREA_TOP + s->y - fm->top;
	int below = fm->rows - 2 - (y0 + 1), above = y0 - 1;
	int n = fm->nmatch + 1 < PICK_ROWS ? fm->nmatch + 1 : PICK_ROWS;
	n = n < 2 ? 2 : n;
	bool down = below >= n || below >= above;
	int room = down ? below : above;
	n = n < room ? n : room;
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
	put_rest(fm->win, fm->rows - 2, 0, line, s->msg[0] ? A_BOLD : A_NORMAL, fm->cols);
	if (fm->note[0])
		put_rest(fm->win, fm->rows - 1, 0, fm->note, fm->note_error ? A_BOLD : A_NORMAL, fm->cols);
	else
		put_rest(fm->win, fm->rows - 1, 0, _("F2 or Ctrl-S: save   Esc: cancel   Tab, Shift-Tab: next, previous field"),
			A_NORMAL, fm->cols);
}

/* One paint per key: the fields that changed (all after a resize, a
 * scroll or a closed pick list), the bottom rows, the cursor. */
static void
paint(struct form *fm)
{
	int cy = 0, cx = 0;
	scroll_to_current(fm);
	if (fm->full) {
		put_rest(fm->win, 0, 0, _(fm->def->title), A_BOLD, fm->cols);
		wmove(fm->win, 1, 0);
		wclrtoeol(fm->win);
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

/* ----------------------------------------------------------- drafts */

static void
save_draft(struct form *fm)
{
	fm->draft_dirty = false;
	if (!fm->opts->db || !fm->opts->user_id)
		return;
	struct zila_err err = { 0 };
	json_t *st = form_state(fm);
	if (zila_draft_save(fm->opts->db, fm->draft_name, fm->opts->user_id, st, &err) != ZILA_OK && !fm->draft_failed) {
		snprintf(fm->note, sizeof fm->note, _("What you type cannot be kept as a draft: %s"), err.msg);
		fm->note_error = fm->draft_failed = true;
	}
	json_decref(st);
}

static void
delete_draft(struct form *fm)
{
	if (fm->opts->db && fm->opts->user_id)
		zila_draft_delete(fm->opts->db, fm->draft_name, fm->opts->user_id, NULL);
}

enum answer { ANSWER_NO, ANSWER_YES, ANSWER_NONE };

/* Asks a yes/no question on the bottom row; Esc is no. ANSWER_NONE when
 * input ended (a signal, the link dropped): the caller then changes
 * nothing, so a draft is never lost to a hang-up. */
static enum answer
ask(struct form *fm, const char *question)
{
	put_rest(fm->win, fm->rows - 1, 0, question, A_BOLD, fm->cols);
	wrefresh(fm->win);
	wtimeout(fm->win, -1);
	for (;;) {
		wint_t wc;
		int r = wget_wch(fm->win, &wc);
		if (r == ERR)
			return ANSWER_NONE;
		if (r == OK && (wc == KEY_ESC || wc == 'n' || wc == 'N'))
			return ANSWER_NO;
		if (r == OK && (wc == 'y' || wc == 'Y'))
			return ANSWER_YES;
	}
}

/* Offers a draft kept from before: restore it, or throw it away. */
static void
offer_draft(struct form *fm)
{
	json_t *st = NULL;
	char at[32], when[40], q[300];
	if (!fm->opts->db || !fm->opts->user_id ||
	    zila_draft_load(fm->opts->db, fm->draft_name, fm->opts->user_id, &st, at, sizeof at, NULL) != ZILA_OK)
		return;
	form_local_time(at, when, sizeof when);
	snprintf(q, sizeof q, _("A draft from %s was found: restore it? (y/n)"), when);
	paint(fm);
	enum answer a = ask(fm, q);
	if (a == ANSWER_YES)
		apply_state(fm, st);
	else if (a == ANSWER_NO)
		delete_draft(fm);
	json_decref(st);
	fm->full = true;
}

/* ---------------------------------------------------------- editing */

/* Checks field i, as when it is left. */
static bool
check_field(struct form *fm, int i)
{
	struct fstate *s = &fm->fs[i];
	bool ok = form_check(s->f, field_state(s), fm->ctx, s->msg, sizeof s->msg);
	s->dirty = true;
	return ok;
}

static void
close_pick(struct form *fm)
{
	if (!fm->pick_open)
		return;
	fm->pick_open = false;
	textedit_set(&fm->fs[fm->cur].ed, "");
	fm->full = true; /* the list covered other fields */
}

/* Moves to field i, checking the one left if anything was typed there
 * (tabbing through empty fields scolds no one; saving checks them all). */
static void
go_field(struct form *fm, int i)
{
	close_pick(fm);
	if (fm->fs[fm->cur].touched)
		check_field(fm, fm->cur);
	fm->fs[fm->cur].dirty = true;
	fm->cur = i;
	fm->fs[i].dirty = true;
}

/* The state changed: the draft is due, and a field showing a message is
 * checked again so the message goes as soon as it is right. */
static void
changed(struct form *fm, struct fstate *s)
{
	fm->draft_dirty = true;
	s->dirty = s->touched = true;
	fm->note[0] = '\0';
	if (s->msg[0])
		form_check(s->f, field_state(s), fm->ctx, s->msg, sizeof s->msg);
}

static void
refused(struct form *fm, struct fstate *s, enum textedit_result r)
{
	if (r == TEXTEDIT_TOO_LONG)
		snprintf(fm->note, sizeof fm->note, _("At most %zu characters."), form_field_max_chars(s->f));
	else
		snprintf(fm->note, sizeof fm->note, "%s", _("That character cannot go in this field."));
	fm->note_error = true;
}

/* Refilters the open pick list from its filter text. */
static void
refilter(struct form *fm, struct fstate *s)
{
	json_t *items = pick_items(fm, s);
	fm->match = zila_xrealloc(fm->match, (json_array_size(items) + 1) * sizeof *fm->match);
	fm->nmatch = form_pick_match(items, textedit_text(&s->ed), fm->match, (int)json_array_size(items));
	fm->sel = fm->first = 0;
	fm->pick_open = true;
	fm->full = true;
}

/* Keys of the text editor; true when the key was one of them. */
static bool
edit_key(struct form *fm, struct fstate *s, int r, wint_t wc)
{
	struct textedit *t = &s->ed;
	int width = entry_width(fm, s);
	enum textedit_result res = TEXTEDIT_NOCHANGE;
	bool moved = false;
	if (r == KEY_CODE_YES) {
		switch (wc) {
		case KEY_LEFT: moved = textedit_left(t); break;
		case KEY_RIGHT: moved = textedit_right(t); break;
		case KEY_HOME: moved = textedit_home(t, width); break;
		case KEY_END: moved = textedit_end(t, width); break;
		case KEY_BACKSPACE: res = textedit_delete_back(t); break;
		case KEY_DC: res = textedit_delete_forward(t); break;
		default:
			if (fm->key_cleft > 0 && (int)wc == fm->key_cleft)
				moved = textedit_word_left(t);
			else if (fm->key_cright > 0 && (int)wc == fm->key_cright)
				moved = textedit_word_right(t);
			else
				return false;
		}
	} else {
		switch (wc) {
		case CTRL('A'): moved = textedit_home(t, width); break;
		case CTRL('E'): moved = textedit_end(t, width); break;
		case CTRL('K'): res = textedit_kill_eol(t); break;
		case CTRL('H'): case 127: res = textedit_delete_back(t); break;
		default:
			if (wc < 0x20)
				return false;
			if (!form_char_allowed(s->f, (uint32_t)wc)) {
				refused(fm, s, TEXTEDIT_BAD_CHAR);
				return true;
			}
			res = textedit_insert_cp(t, (uint32_t)wc);
			if (res == TEXTEDIT_TOO_LONG || res == TEXTEDIT_BAD_CHAR) {
				refused(fm, s, res);
				return true;
			}
		}
	}
	if (res == TEXTEDIT_OK) {
		if (s->f->kind == FORM_PICK)
			refilter(fm, s);
		else
			changed(fm, s);
	}
	if (moved)
		s->dirty = true;
	return true;
}

/* Keys of an open pick list; true when used. */
static bool
pick_key(struct form *fm, struct fstate *s, int r, wint_t wc)
{
	if (!fm->pick_open)
		return false;
	if (r == KEY_CODE_YES && (wc == KEY_DOWN || wc == KEY_UP || wc == KEY_NPAGE || wc == KEY_PPAGE)) {
		int step = wc == KEY_DOWN ? 1 : wc == KEY_UP ? -1 : wc == KEY_NPAGE ? PICK_ROWS - 1 : 1 - PICK_ROWS;
		fm->sel += step;
		if (fm->sel >= fm->nmatch)
			fm->sel = fm->nmatch - 1;
		if (fm->sel < 0)
			fm->sel = 0;
		return true;
	}
	bool enter = (r == OK && (wc == '\r' || wc == '\n')) || (r == KEY_CODE_YES && wc == KEY_ENTER);
	if (enter || (r == OK && wc == '\t' && fm->nmatch == 1)) {
		if (fm->nmatch > 0) {
			json_t *item = json_array_get(s->items, (size_t)fm->match[fm->sel]);
			set_choice(s, json_string_value(json_object_get(item, "value")));
			close_pick(fm);
			changed(fm, s);
		}
		return enter;
	}
	if (r == OK && wc == KEY_ESC) {
		close_pick(fm);
		return true;
	}
	return false;
}

/* Keys of yes/no and rating fields; true when used. */
static bool
choice_key(struct form *fm, struct fstate *s, int r, wint_t wc)
{
	const char *v = NULL;
	if (s->f->kind == FORM_YESNO) {
		bool yes = strcmp(s->choice, "yes") == 0;
		if (r == OK && (wc == 'y' || wc == 'Y'))
			v = "yes";
		else if (r == OK && (wc == 'n' || wc == 'N'))
			v = "no";
		else if ((r == OK && wc == ' ') || (r == KEY_CODE_YES && (wc == KEY_LEFT || wc == KEY_RIGHT)))
			v = yes ? "no" : "yes";
	} else if (s->f->kind == FORM_RATING && s->f->options) {
		int n = 0, at = -1;
		for (; s->f->options[n].value; n++)
			if (strcmp(s->f->options[n].value, s->choice) == 0)
				at = n;
		if (n == 0)
			return false;
		if (r == OK && wc >= '1' && wc <= '9' && (int)(wc - '1') < n)
			v = s->f->options[wc - '1'].value;
		else if ((r == OK && wc == ' ') || (r == KEY_CODE_YES && wc == KEY_RIGHT))
			v = s->f->options[(at + 1) % n].value;
		else if (r == KEY_CODE_YES && wc == KEY_LEFT)
			v = s->f->options[at <= 0 ? n - 1 : at - 1].value;
	}
	if (!v)
		return false;
	set_choice(s, v);
	changed(fm, s);
	return true;
}

/* Save: every field checked again, then on_save; a refusal naming a
 * field ("mobile: ...") stands beside it. */
static bool
try_save(struct form *fm)
{
	int bad = -1;
	close_pick(fm);
	for (int i = 0; i < fm->n; i++)
		if (!check_field(fm, i) && bad < 0)
			bad = i;
	if (bad >= 0) {
		fm->cur = bad;
		snprintf(fm->note, sizeof fm->note, "%s", _("Some fields need to be put right before saving."));
		fm->note_error = true;
		return false;
	}
	json_t *st = form_state(fm);
	json_t *values = form_values(fm->def, st);
	struct zila_err err = { 0 };
	enum zila_status s = fm->def->on_save ? fm->def->on_save(fm->ctx, values, &err) : ZILA_OK;
	json_decref(values);
	json_decref(st);
	if (s == ZILA_OK) {
		delete_draft(fm);
		return true;
	}
	snprintf(fm->note, sizeof fm->note, "%s", err.msg[0] ? err.msg : zila_status_name(s));
	fm->note_error = true;
	for (int i = 0; i < fm->n; i++) {
		size_t k = strlen(fm->fs[i].f->key);
		if (strncmp(err.msg, fm->fs[i].f->key, k) == 0 && err.msg[k] == ':') {
			snprintf(fm->fs[i].msg, sizeof fm->fs[i].msg, "%s", err.msg + k + 1 + (err.msg[k + 1] == ' '));
			fm->fs[i].dirty = true;
			fm->cur = i;
			break;
		}
	}
	return false;
}

/* Esc: leave at once if nothing was typed, else ask first. */
static bool
try_cancel(struct form *fm)
{
	json_t *st = form_state(fm);
	bool typed = !json_equal(st, fm->initial);
	json_decref(st);
	if (typed && ask(fm, _("Discard what you typed? (y/n)")) != ANSWER_YES)
		return false;
	delete_draft(fm);
	return true;
}

/* One key; returns a result to leave with, or -1 to go on. */
static int
handle_key(struct form *fm, int r, wint_t wc)
{
	struct fstate *s = &fm->fs[fm->cur];
	bool is_key = r == KEY_CODE_YES;
	bool enter = (!is_key && (wc == '\r' || wc == '\n')) || (is_key && wc == KEY_ENTER);
	if ((is_key && wc == KEY_F(2)) || (!is_key && wc == CTRL('S')))
		return try_save(fm) ? FORM_SAVED : -1;
	if (is_key && wc == KEY_RESIZE) {
		layout(fm);
		return -1;
	}
	if (!is_key && wc == CTRL('L')) {
		clearok(curscr, TRUE);
		fm->full = true;
		return -1;
	}
	if (s->f->kind == FORM_PICK && pick_key(fm, s, r, wc))
		return -1;
	if (!is_key && wc == KEY_ESC)
		return try_cancel(fm) ? FORM_CANCELLED : -1;
	if ((!is_key && wc == '\t') || (is_key && wc == KEY_BTAB)) {
		go_field(fm, form_field_step(fm->def, fm->cur, wc == '\t' ? 1 : -1));
		return -1;
	}
	if (s->f->kind == FORM_MULTILINE) {
		int width = entry_width(fm, s);
		if (enter) {
			enum textedit_result res = textedit_insert(&s->ed, "\n", 1);
			if (res == TEXTEDIT_OK)
				changed(fm, s);
			else
				refused(fm, s, res);
			return -1;
		}
		if (is_key && (wc == KEY_UP || wc == KEY_DOWN)) {
			if ((wc == KEY_UP ? textedit_up : textedit_down)(&s->ed, width))
				s->dirty = true;
			else
				go_field(fm, form_field_step(fm->def, fm->cur, wc == KEY_UP ? -1 : 1));
			return -1;
		}
		if (is_key && (wc == KEY_PPAGE || wc == KEY_NPAGE)) {
			for (int i = 0; i < s->h - 1; i++)
				(wc == KEY_PPAGE ? textedit_up : textedit_down)(&s->ed, width);
			s->dirty = true;
			return -1;
		}
	}
	if (is_key && (wc == KEY_UP || wc == KEY_DOWN)) {
		go_field(fm, form_field_step(fm->def, fm->cur, wc == KEY_UP ? -1 : 1));
		return -1;
	}
	if (s->f->kind == FORM_PICK && (enter || (is_key && wc == KEY_F(4)))) {
		refilter(fm, s);
		return -1;
	}
	if (enter) {
		go_field(fm, form_field_step(fm->def, fm->cur, 1));
		return -1;
	}
	if (is_text_kind(s->f->kind) || s->f->kind == FORM_PICK)
		edit_key(fm, s, r, wc);
	else
		choice_key(fm, s, r, wc);
	return -1;
}

static void
form_free(struct form *fm)
{
	for (int i = 0; i < fm->n; i++) {
		textedit_free(&fm->fs[i].ed);
		free(fm->fs[i].choice);
		json_decref(fm->fs[i].items);
	}
	free(fm->fs);
	free(fm->match);
	json_decref(fm->initial);
}

static long long
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for a key. While the draft is due, a quiet keyboard (no key
 * waiting) keeps it first, so a paste is not a write per character. ERR
 * means input ended, or on_idle's time came (*idle). */
static int
next_key(struct form *fm, wint_t *wc, bool *idle)
{
	*idle = false;
	if (fm->draft_dirty) {
		wtimeout(fm->win, 0);
		int r = wget_wch(fm->win, wc);
		if (r != ERR)
			return r;
		save_draft(fm);
		if (fm->note_error)
			paint(fm);
	}
	int ms = fm->opts->idle_ms > 0 && fm->opts->on_idle ? fm->opts->idle_ms : -1;
	long long t0 = now_ms();
	wtimeout(fm->win, ms);
	int r = wget_wch(fm->win, wc);
	*idle = r == ERR && ms > 0 && now_ms() - t0 >= ms;
	return r;
}

enum form_result
form_run(WINDOW *win, const struct zila_form_def *def, const struct form_opts *opts, void *ctx)
{
	static const struct form_opts none;
	struct form fm = { .win = win, .def = def, .opts = opts ? opts : &none, .ctx = ctx };
	fm.n = form_field_count(def);
	if (fm.n == 0)
		return FORM_CANCELLED;
	fm.fs = zila_xcalloc((size_t)fm.n, sizeof *fm.fs);
	for (int i = 0; i < fm.n; i++) {
		fm.fs[i].f = &def->fields[i];
		textedit_init(&fm.fs[i].ed, def->fields[i].kind == FORM_MULTILINE, form_field_max_chars(&def->fields[i]));
		fm.fs[i].choice = zila_xstrdup("");
	}
	snprintf(fm.draft_name, sizeof fm.draft_name, "%s", fm.opts->draft_name ? fm.opts->draft_name : def->name);
	fm.key_cleft = key_defined("kLFT5");
	fm.key_cright = key_defined("kRIT5");
	if (fm.opts->initial)
		apply_state(&fm, fm.opts->initial);
	fm.initial = form_state(&fm);

	bool was_leaveok = is_leaveok(win);
	int was_cursor = curs_set(1);
	leaveok(win, FALSE);
	keypad(win, TRUE);
	layout(&fm);
	offer_draft(&fm);

	int result = -1;
	while (result < 0) {
		paint(&fm);
		wint_t wc;
		bool idle;
		int r = next_key(&fm, &wc, &idle);
		if (r != ERR) {
			result = handle_key(&fm, r, wc);
			continue;
		}
		if (fm.draft_dirty)
			save_draft(&fm);
		if (!idle || !fm.opts->on_idle(ctx))
			result = FORM_CLOSED;
		else
			layout(&fm);
	}
	if (was_cursor != ERR)
		curs_set(was_cursor);
	leaveok(win, was_leaveok);
	form_free(&fm);
	return (enum form_result)result;
}
