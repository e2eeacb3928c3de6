/* form.c: the form widget with curses. The rules live in form_check.c,
 * the editing in textedit.c and the drawing in form_draw.c; this file
 * turns keys into edits, checks fields, saves, and keeps the draft. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "zila/draft.h"
#include "zila/util.h"
#include "form_int.h"
#include "zila/i18n.h"

#define KEY_ESC 27
#define CTRL(c) ((c) & 0x1f)

/* The field's state as a string (see formdef.h). */
static const char *
field_state(const struct fstate *s)
{
	return form_text_kind(s->f->kind) ? textedit_text(&s->ed) : s->choice;
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

/* Sets the chosen value of a pick, yes/no or rating field. */
static void
set_choice(struct fstate *s, const char *v)
{
	free(s->choice);
	zila_free(&s->label);
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
		if (form_text_kind(s->f->kind))
			textedit_set(&s->ed, v);
		else
			set_choice(s, v);
		s->dirty = true;
	}
}

/* ----------------------------------------------------------- drafts */

/* Keeps the form's state as its draft; a failure is said once, and the
 * form goes on (typing matters more than the draft). */
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

/* Removes the draft: the form was saved or its typing thrown away. */
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
	form_put_rest(fm->win, fm->rows - 1, 0, question, A_BOLD, fm->cols);
	wrefresh(fm->win);
	wtimeout(fm->win, -1);
	enum answer a;
	for (;;) {
		wint_t wc;
		int r = wget_wch(fm->win, &wc);
		if (r == ERR)
			a = ANSWER_NONE;
		else if (r == OK && (wc == KEY_ESC || wc == 'n' || wc == 'N'))
			a = ANSWER_NO;
		else if (r == OK && (wc == 'y' || wc == 'Y'))
			a = ANSWER_YES;
		else
			continue;
		break;
	}
	form_layout(fm); /* the window may have been resized meanwhile */
	return a;
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
	form_paint(fm);
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

/* Closes the pick list without choosing; the filter is emptied. */
static void
close_pick(struct form *fm)
{
	if (!fm->pick_open)
		return;
	fm->pick_open = false;
	textedit_set(&fm->fs[fm->cur].ed, "");
	fm->full = true; /* the list covered other fields */
}

/* The items a ranked pick field offers first for what the form holds now
 * (a new array, or NULL); a failure goes to the bottom line. */
static json_t *
ranked(struct form *fm, struct fstate *s)
{
	json_t *state = form_state(fm), *items = NULL;
	struct zila_err err = { 0 };
	if (s->f->rank(fm->ctx, s->f, state, &items, &err) != ZILA_OK || (items && !json_is_array(items))) {
		json_decref(items);
		items = NULL;
		snprintf(fm->note, sizeof fm->note, "%s", err.msg);
		fm->note_error = true;
	}
	json_decref(state);
	return items;
}

/* Offers the ranked items of s first, each in place of the list's item of
 * the same value. */
static void
rank_items(struct form *fm, struct fstate *s)
{
	json_t *base = s->base ? s->base : (form_pick_load(fm, s), s->base);
	json_t *top = ranked(fm, s), *items = json_array(), *it;
	size_t i;
	json_array_foreach(top, i, it)
		json_array_append(items, it);
	json_array_foreach(base, i, it) {
		const char *v = json_string_value(json_object_get(it, "value"));
		if (!v || !form_pick_label(top, v))
			json_array_append(items, it);
	}
	json_decref(top);
	json_decref(s->items);
	s->items = items;
}

/* Leaving field `left` with text in it: a ranked pick field that takes
 * its cue from it and has nothing picked names its first items below. */
static void
rank_note(struct form *fm, int left)
{
	const struct fstate *from = &fm->fs[left];
	if (!form_text_kind(from->f->kind) || !*field_state(from))
		return;
	for (int i = 0; i < fm->n; i++) {
		struct fstate *s = &fm->fs[i];
		if (!s->f->rank || !s->f->rank_from || strcmp(s->f->rank_from, from->f->key) != 0 || *s->choice)
			continue;
		json_t *top = ranked(fm, s), *it;
		char names[400] = "";
		size_t k, o = 0;
		json_array_foreach(top, k, it) {
			const char *name = json_string_value(json_object_get(it, "short"));
			if (name && o < sizeof names)
				o += (size_t)snprintf(names + o, sizeof names - o, "%s%s", o ? "; " : "", name);
		}
		if (o > 0) {
			snprintf(fm->note, sizeof fm->note, _("Suggested %1$s: %2$s (Enter on %1$s lists them first)"),
				_(s->f->label), names);
			fm->note_error = false;
		}
		json_decref(top);
	}
}

/* Moves to field i, checking the one left if anything was typed there
 * (tabbing through empty fields scolds no one; saving checks them all). */
static void
go_field(struct form *fm, int i)
{
	close_pick(fm);
	if (fm->fs[fm->cur].touched && fm->fs[fm->cur].f->kind != FORM_PICK)
		rank_note(fm, fm->cur);
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

/* Says why a key was refused, on the bottom row. */
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
	if (!fm->pick_open && s->f->rank)
		rank_items(fm, s);
	json_t *items = form_pick_load(fm, s);
	fm->match = zila_xrealloc(fm->match, (json_array_size(items) + 1) * sizeof *fm->match);
	const char *within = NULL;
	if (s->f->within) {
		int w = form_field_index(fm->def, s->f->within);
		within = w >= 0 ? field_state(&fm->fs[w]) : NULL;
	}
	fm->nmatch = form_pick_match(items, textedit_text(&s->ed), within, fm->match, (int)json_array_size(items));
	fm->sel = fm->first = 0;
	fm->pick_open = true;
	fm->full = true;
}

/* Keys of the text editor; true when the key was one of them. */
static bool
edit_key(struct form *fm, struct fstate *s, int r, wint_t wc)
{
	struct textedit *t = &s->ed;
	int width = form_entry_width(fm, s);
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
		case CTRL('U'): res = textedit_kill_bol(t); break;
		case CTRL('W'): res = textedit_delete_word_back(t); break;
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
		json_t *item = fm->nmatch > 0 ? json_array_get(s->items, (size_t)fm->match[fm->sel]) : NULL;
		const char *value = json_string_value(json_object_get(item, "value"));
		const char *label = form_pick_label(s->base, value ? value : "");
		if (!label) /* a ranked item the list itself lacks */
			label = json_string_value(json_object_get(item, "label"));
		if (value) {
			set_choice(s, value);
			s->label = label ? zila_xstrdup(label) : NULL;
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
		else if (r == KEY_CODE_YES && (wc == KEY_LEFT || wc == KEY_RIGHT))
			v = yes ? "no" : "yes";
		else if (r == OK && wc >= ' ') {
			/* Space does not toggle: text typed into a yes/no field
			 * by mistake must not answer it, word by word */
			snprintf(fm->note, sizeof fm->note, "%s", _("Type y for yes or n for no."));
			fm->note_error = true;
			return true;
		}
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
	/* on_save may have shown a screen of its own (the duplicate warning) */
	fm->full = true;
	json_decref(values);
	json_decref(st);
	if (s == ZILA_OK) {
		delete_draft(fm);
		return true;
	}
	fm->note_error = true;
	if (!err.msg[0]) {
		snprintf(fm->note, sizeof fm->note, "%s", zila_status_name(s));
		return false;
	}
	/* a refusal that names a field ("department: ...") is said with the
	 * field's label as the form shows it, in the user's language, and
	 * beside that field; one that names another key gets its word */
	size_t k = zila_refusal_key(err.msg);
	for (int i = 0; k && i < fm->n; i++) {
		if (strlen(fm->fs[i].f->key) == k && strncmp(err.msg, fm->fs[i].f->key, k) == 0) {
			const char *why = err.msg + k + 2;
			snprintf(fm->note, sizeof fm->note, "%s: %s", _(fm->fs[i].f->label), why);
			snprintf(fm->fs[i].msg, sizeof fm->fs[i].msg, "%s", why);
			fm->fs[i].dirty = true;
			fm->cur = i;
			return false;
		}
	}
	zila_refusal_say(err.msg, fm->note, sizeof fm->note);
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
		form_layout(fm);
		return -1;
	}
	if (!is_key && wc == CTRL('X') && fm->opts->on_idle) {
		/* lock now, as on every screen; what is typed stays in the form */
		if (fm->draft_dirty)
			save_draft(fm);
		if (!fm->opts->on_idle(fm->ctx))
			return FORM_CLOSED;
		clearok(curscr, TRUE);
		fm->full = true;
		form_layout(fm);
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
	if (!is_key && wc == '\t' && s->f->kind == FORM_PATH && !textedit_empty(&s->ed)) {
		char done[4096];
		if (form_path_complete(textedit_text(&s->ed), done, sizeof done)) {
			textedit_set(&s->ed, done);
			textedit_end(&s->ed, form_entry_width(fm, s));
			changed(fm, s);
			return -1;
		}
	}
	if ((!is_key && wc == '\t') || (is_key && wc == KEY_BTAB)) {
		go_field(fm, form_field_step(fm->def, fm->cur, wc == '\t' ? 1 : -1));
		return -1;
	}
	if (s->f->kind == FORM_MULTILINE) {
		int width = form_entry_width(fm, s);
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
	if (form_text_kind(s->f->kind) || s->f->kind == FORM_PICK)
		edit_key(fm, s, r, wc);
	else
		choice_key(fm, s, r, wc);
	return -1;
}

/* Frees what the open form holds (not def, opts or ctx). */
static void
form_free(struct form *fm)
{
	for (int i = 0; i < fm->n; i++) {
		textedit_free(&fm->fs[i].ed);
		free(fm->fs[i].choice);
		free(fm->fs[i].label);
		json_decref(fm->fs[i].items);
		json_decref(fm->fs[i].base);
	}
	free(fm->fs);
	free(fm->match);
	json_decref(fm->initial);
}

/* A monotonic clock in milliseconds, to tell idle time from a signal. */
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
			form_paint(fm);
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
	/* a vt100's terminfo lacks Shift-Tab, which every terminal sends as
	 * ESC [ Z: without this, Shift-Tab would be Esc (cancel) and "[Z" */
	if (key_defined("\033[Z") == 0)
		define_key("\033[Z", KEY_BTAB);
	if (fm.opts->initial)
		apply_state(&fm, fm.opts->initial);
	fm.initial = form_state(&fm);

	bool was_leaveok = is_leaveok(win);
	int was_cursor = curs_set(1);
	leaveok(win, FALSE);
	keypad(win, TRUE);
	form_layout(&fm);
	offer_draft(&fm);

	int result = -1;
	while (result < 0) {
		form_paint(&fm);
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
			form_layout(&fm);
	}
	if (was_cursor != ERR)
		curs_set(was_cursor);
	leaveok(win, was_leaveok);
	form_free(&fm);
	return (enum form_result)result;
}
