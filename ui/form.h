/* form.h: the form widget: shows a zila_form_def (formdef.h) in a curses
 * window and lets a person fill it in.
 *
 * Keys: Tab / Shift-Tab, Down / Up (at the edge of the multi-line editor)
 * and Enter (one-line fields) go between fields; the field is checked when
 * left and every field again on save, the message standing beside it. F2
 * or Ctrl-S saves (the display must have flow control off, as
 * ui_display_start does); Esc cancels, asking first if anything was typed.
 * In a text field: Left/Right by grapheme cluster, Ctrl-Left/Right by word,
 * Home/End (Ctrl-A/Ctrl-E), Backspace, Delete, Ctrl-K / Ctrl-U (delete to
 * the end / from the start of the line), Ctrl-W (the word before). A pick
 * list opens on Enter or on typing, filters as one types, and Enter takes
 * the item; yes/no takes y or n (Left/Right toggle; Space does not, so
 * text typed there by mistake answers nothing); a rating takes Left/Right
 * or 1-9. Ctrl-X locks the session (opts->on_idle) and comes back to the
 * form as it was.
 * Shift-Tab is taught to curses as ESC [ Z where terminfo lacks it (vt100).
 *
 * Drafts: with opts->db and opts->user_id, what is typed is kept with
 * zila_draft_save() whenever the keyboard goes quiet (one small upsert),
 * removed on save or on a confirmed cancel, and offered back when the form
 * opens again ("A draft from ... was found: restore it?").
 *
 * Drawing: attributes only (entries underlined, the current one reversed),
 * so it reads the same on a vt100 and in colour; only fields that changed
 * are drawn again and nothing is cleared (Ctrl-L repaints the terminal).
 * Measured on a vt100 at 80x24: a key in a field sends 12-14 bytes, Tab
 * about 160-250, the first paint about 800. */
#ifndef ZILA_UI_FORM_H
#define ZILA_UI_FORM_H

#include <curses.h>
#include "zila/db.h"
#include "formdef.h"

enum form_result {
	FORM_CANCELLED, /* Esc: nothing saved, the draft removed */
	FORM_SAVED,     /* on_save returned ZILA_OK */
	FORM_CLOSED     /* input ended (signal, lost terminal) or on_idle said
	                 * leave: the draft is kept for next time */
};

struct form_opts {
	struct zila_db *db;       /* drafts go here; NULL: no drafts */
	const char *user_id;      /* whose draft */
	const char *draft_name;   /* NULL: def->name; add the record when the form
	                           * is about one: "grievance.assign:<id>" */
	json_t *initial;          /* starting state (see formdef.h), may be NULL */
	int idle_ms;              /* > 0: call on_idle after this long without a key */
	bool (*on_idle)(void *ctx); /* e.g. lock the session; false leaves the form */
};

/* Runs the form in win (its whole size, stdscr or a window of the body)
 * until saved, cancelled or closed. ctx goes to on_save, the validators,
 * the pick sources and on_idle. opts may be NULL. */
enum form_result form_run(WINDOW *win, const struct zila_form_def *def, const struct form_opts *opts, void *ctx);

#endif
