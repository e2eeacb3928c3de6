/* screen.h: the curses side of ui/: the display (start, stop, attributes,
 * drawing lines), the screen stack and the pieces every screen uses
 * (prompts, pick lists, messages). */
#ifndef ZILA_UI_SCREEN_H
#define ZILA_UI_SCREEN_H

#include <curses.h>
#include "ui.h"

struct ui;
struct ui_screen;

enum { UI_IGNORED = 0, UI_HANDLED = 1, UI_CLOSE = 2 };

struct ui_screen_ops {
	enum ui_kind kind;
	/* Draws the body: rows top .. top+height-1, full width. */
	void (*draw)(struct ui *ui, struct ui_screen *s, int top, int height);
	/* A request (or REQ_NONE and the raw key): UI_HANDLED, UI_IGNORED or
	 * UI_CLOSE to leave the screen. */
	int (*key)(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch);
	void (*free)(struct ui_screen *s);
	/* The requests the bottom key bar shows, REQ_NONE-terminated. */
	const enum ui_request *bar;
	/* Called when the screen above it closes (records may have changed);
	 * may be NULL. */
	void (*reload)(struct ui *ui, struct ui_screen *s);
	/* Work to do while no key is waiting (reading the next page ahead);
	 * draws nothing; true when it did some (it is asked again after a
	 * look for a key). May be NULL. */
	bool (*idle)(struct ui *ui, struct ui_screen *s);
};

struct ui_screen {
	const struct ui_screen_ops *ops;
	char title[200];
	char info[80]; /* right of the title: "1,234 rows" */
};

struct ui {
	struct zila_db *db;
	struct zila_actor actor;
	char user_name[128];
	bool slow;         /* marker column instead of a reverse bar */
	bool quit;
	bool clear_next;   /* Ctrl-L: clear the terminal on the next paint */
	int lock_ms;       /* idle time before the session locks; 0 never */
	struct ui_keymap keys;
	struct ui_screen *stack[16];
	int depth;
	char msg[400];
	bool msg_error;
	char sync_state[64]; /* ui_sync_refresh fills it before each paint */
	int sync_seconds;    /* zila.conf sync_minutes: a sync every so often; 0 never */
	char inbox[1024];    /* zila.conf attachment_inbox: where a scanner or a phone drops files */
	struct ui_syncjob *sync; /* the sync worker (sync.h); NULL when not enrolled */
	struct ui_checkjob *check; /* the day's integrity check (check.h); NULL when none runs */
};

/* ------------------------------------------------------------- display */

/* Starts curses (colours where there are some, keypad, no echo) and makes
 * sure the terminal is restored however the program ends. */
void ui_display_start(struct ui *ui, bool slow_option);
/* Ends curses; safe to call twice. */
void ui_display_stop(void);
/* Non-zero once SIGINT, SIGTERM or SIGHUP arrived: the loop ends cleanly. */
int ui_display_signalled(void);
bool ui_display_has_acs(void);
/* The curses attribute of a line attribute (colour or mono). */
attr_t ui_attr(enum ui_attr a);
/* Draws a line at (y, x), at most width columns, with its spans over base. */
void ui_draw_line(int y, int x, const struct ui_line *l, int width, attr_t base);
/* Draws plain text cut to width (padded with spaces when fill). */
void ui_draw_text(int y, int x, const char *s, int width, attr_t attr, bool fill);
/* A horizontal line (ACS, or '-' where the terminal has no line drawing). */
void ui_draw_hline(int y, int x, int width);
/* The whole screen: title, the top screen's body, status bar, key bar; or
 * the "too small" message. One refresh. */
void ui_paint(struct ui *ui);
/* Rows the body of a screen gets. */
int ui_body_height(void);
/* Waits for a key; ERR after the idle time (lock) or a signal. */
int ui_getkey(struct ui *ui);
bool ui_too_small(void);

/* --------------------------------------------------------- screen stack */

void ui_push(struct ui *ui, struct ui_screen *s);
void ui_pop(struct ui *ui);
/* Closes the top screen without reloading the one under it (a jump to
 * another view closes every screen above home this way). */
void ui_pop_quiet(struct ui *ui);
struct ui_screen *ui_top(struct ui *ui);
void ui_message(struct ui *ui, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Shows a refusal or error from the core as the message. */
void ui_error(struct ui *ui, const struct zila_err *err);

/* ------------------------------------------------------------- dialogs */

/* Reads one line of text on the message row (prompt, then what is typed;
 * UTF-8; Backspace deletes a character; Esc cancels). Returns false on
 * Esc. With secret, nothing typed is shown. */
bool ui_prompt(struct ui *ui, const char *prompt, char *buf, size_t n, bool secret);
/* ui_prompt that calls idle(ctx, text) whenever the person has stopped
 * typing and the text changed since the last call (no key waiting): work
 * that Enter would need can be done while they reach for it. */
bool ui_prompt_idle(struct ui *ui, const char *prompt, char *buf, size_t n, void (*idle)(void *ctx, const char *text),
	void *ctx);
/* Edits buf in a field at (y, x) of width columns; Enter or Tab ends
 * (true), Esc cancels (false). repaint: paint the screen before each key. */
bool ui_edit_line(struct ui *ui, int y, int x, int width, char *buf, size_t n, bool secret, bool repaint);
/* Asks a yes/no question on the message row. */
bool ui_confirm(struct ui *ui, const char *question);
/* A pick list over rows (each with label_key shown after code_key) that
 * filters as one types; returns the index picked or -1 on Esc. */
int ui_pick(struct ui *ui, const char *title, json_t *rows, const char *code_key, const char *label_key,
	const char *label2_key);
/* Lines of a text screen: objects {"t": text, "a": enum ui_attr}. */
void ui_lines_add(json_t *lines, enum ui_attr attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A scrollable text screen (help, receipts, reports, details). on_key
 * (may be NULL) sees requests first; ctx is the caller's and is freed with
 * free_ctx (may be NULL). Takes the reference to lines. */
struct ui_text;
typedef int (*ui_text_key_fn)(struct ui *ui, struct ui_text *t, enum ui_request req, int ch);
struct ui_text *ui_show_text(struct ui *ui, enum ui_kind kind, const char *title, json_t *lines,
	ui_text_key_fn on_key, void *ctx, void (*free_ctx)(void *), const enum ui_request *bar);
void *ui_text_ctx(struct ui_text *t);
/* Replaces the lines (after an action changed the record). */
void ui_text_set_lines(struct ui_text *t, const char *title, json_t *lines);
void ui_text_set_refresh(struct ui_text *t, void (*refresh)(struct ui *ui, struct ui_text *t));

/* -------------------------------------------------------------- screens */

/* A list screen for a view, with an optional starting filter. */
void ui_open_list(struct ui *ui, const struct zila_view *v, const struct ui_filter *f);
void ui_open_home(struct ui *ui);
void ui_open_reports(struct ui *ui);
/* The admin's masters (9): pick a kind, then a row to change or a new one. */
void ui_open_masters(struct ui *ui);
/* The Collector's summary of an election's staff (0). */
void ui_open_election(struct ui *ui);
/* The keys that work on screen s, from the request table and s's key bar. */
void ui_open_help(struct ui *ui, const struct ui_screen *s);
/* The login screen; fills ui->actor. False when the person quits. With
 * relock, only the same user may unlock. */
bool ui_login(struct ui *ui, bool relock);
/* Switches to a top-level screen for a VIEW_* request. */
void ui_goto(struct ui *ui, enum ui_request req);

#endif
