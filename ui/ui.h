/* ui.h: what the files of ui/ share: the request list (one X-macro that
 * drives key dispatch, the help screen and the key bar, as tig's REQ_INFO),
 * the screen stack, list views as tables (struct zila_view), and text
 * layout that makes no curses calls so it can be unit-tested.
 *
 * ui/ writes no SQL: every read and write goes through include/zila/. */
#ifndef ZILA_UI_H
#define ZILA_UI_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "zila/action.h"
#include "zila/db.h"
#include "zila/i18n.h"

/* ------------------------------------------------------------- requests */

/* Where a request means something: the help screen of a screen lists the
 * requests of its kind, and a key must be unique within each kind. */
enum ui_kind {
	UI_K_HOME = 1, UI_K_LIST = 2, UI_K_DETAIL = 4, UI_K_REPORT = 8, UI_K_PICK = 16, UI_K_SYNC = 32
};
#define UI_K_ALL (UI_K_HOME | UI_K_LIST | UI_K_DETAIL | UI_K_REPORT | UI_K_PICK | UI_K_SYNC)
#define UI_K_NAV (UI_K_HOME | UI_K_LIST | UI_K_DETAIL | UI_K_REPORT | UI_K_PICK | UI_K_SYNC)
#define UI_K_SCREENS (UI_K_HOME | UI_K_LIST | UI_K_DETAIL | UI_K_REPORT | UI_K_SYNC)

#define UI_CTRL(c) ((c) & 0x1f)
#define UI_KEY_ESC 27
/* Keys beyond curses' codes for what curses has no name for. */
#define UI_KEY_NONE 0
/* Not a key: the sync worker has news (ui_getkey returns it). */
#define UI_KEY_SYNC (KEY_MAX + 1)
/* Not a key: the background integrity check ended (check.h). */
#define UI_KEY_CHECK (KEY_MAX + 2)

/* V(X, NAME, name, key, key bar label, help text, how): every screen of
 * a module that a key opens from anywhere, in the order of the help
 * screen (X is passed through to V). Each row makes its request
 * (REQ_VIEW_<NAME>, "view-<name>" in the keys file, in UI_REQ_LIST after
 * view-home) and its goto (ui_goto). how says what the row names: LIST, a
 * list view `const struct zila_view ui_view_<name>` (opened by
 * ui_open_list); SCREEN, a screen of its own opened by
 * `void ui_open_<name>(struct ui *)`. */
#define UI_VIEW_LIST(V, X) \
	V(X, LETTERS,     letters,     '2', N_("letters"), N_("The letters (inward register)"), LIST) \
	V(X, GRIEVANCES,  grievances,  '3', N_("grievances"), N_("The grievances"), LIST) \
	V(X, INSPECTIONS, inspections, '4', N_("inspections"), N_("The panchayat inspections"), LIST) \
	V(X, SUGGESTIONS, suggestions, '5', N_("suggestions"), N_("The inspection suggestions"), LIST) \
	V(X, REPORTS,     reports,     '6', N_("reports"), N_("Reports"), SCREEN) \
	V(X, USERS,       users,       '7', N_("users"), N_("The users of this district"), LIST) \
	V(X, ELECTION,    election,    '0', N_("election"), N_("Election staff: the Collector's summary of polling parties"), SCREEN) \
	V(X, HELD,        held,        'H', N_("held"), N_("Citizens' requests held for a category"), LIST)
/* A view's row as a request row. */
#define UI_VIEW_REQUEST(X, NAME, name, key, label, help, how) \
	X(VIEW_##NAME, "view-" #name, key, 0, UI_K_SCREENS, label, help)

/* X(enum, name in the keys file, key, second key, kinds, key bar label,
 * help text).
 * Keys are curses key codes; KEY_* come from <curses.h>, so files using
 * the list include it. */
#define UI_REQ_LIST(X) \
	X(HELP,        "help",        KEY_F(1),   '?',        UI_K_ALL,     N_("help"), N_("Show the keys of this screen")) \
	X(BACK,        "back",        'q',        UI_KEY_ESC, UI_K_ALL,     N_("back"), N_("Go back to the screen before")) \
	X(QUIT,        "quit",        'Q',        0,          UI_K_SCREENS, N_("quit"), N_("Leave Zila Desk")) \
	X(REDRAW,      "redraw",      UI_CTRL('L'), 0,        UI_K_ALL,     N_("redraw"), N_("Clear and redraw the whole screen")) \
	X(LOCK,        "lock",        UI_CTRL('X'), 0,        UI_K_SCREENS, N_("lock"), N_("Lock the session now")) \
	X(LANG,        "language",    'L',        0,          UI_K_SCREENS, N_("language"), N_("Switch between Hindi and English (kept for your next login)")) \
	X(MOVE_DOWN,   "move-down",   KEY_DOWN,   'j',        UI_K_NAV,     N_("down"), N_("Move down one line")) \
	X(MOVE_UP,     "move-up",     KEY_UP,     'k',        UI_K_NAV,     N_("up"), N_("Move up one line")) \
	X(PAGE_DOWN,   "page-down",   KEY_NPAGE,  ' ',        UI_K_NAV,     N_("next page"), N_("Move down one page")) \
	X(PAGE_UP,     "page-up",     KEY_PPAGE,  '-',        UI_K_NAV,     N_("previous page"), N_("Move up one page")) \
	X(FIRST,       "first",       KEY_HOME,   'g',        UI_K_NAV,     N_("first"), N_("Go to the first line")) \
	X(LAST,        "last",        KEY_END,    'G',        UI_K_NAV,     N_("last"), N_("Go to the last line")) \
	X(ENTER,       "enter",       '\n',       KEY_ENTER,  UI_K_HOME | UI_K_LIST | UI_K_PICK, N_("open"), N_("Open the selected line")) \
	X(VIEW_HOME,   "view-home",   '1',        0,          UI_K_SCREENS, N_("home"), N_("Home: today's work")) \
	UI_VIEW_LIST(UI_VIEW_REQUEST, X) \
	X(SEARCH,      "search",      '/',        0,          UI_K_LIST | UI_K_PICK, N_("search"), N_("Search (Hindi or English, parts of words)")) \
	X(FILTER,      "filter",      'f',        0,          UI_K_LIST,    N_("filter"), N_("Filter by status, department, dates, block or panchayat")) \
	X(OVERDUE,     "overdue",     'o',        0,          UI_K_LIST,    N_("late"), N_("Show only overdue records, or all again")) \
	X(CLEAR,       "clear",       'x',        0,          UI_K_LIST,    N_("clear"), N_("Clear the search and every filter")) \
	X(SORT,        "sort",        's',        0,          UI_K_LIST,    N_("sort"), N_("Change the order of the list")) \
	X(NEW,         "new",         'n',        0,          UI_K_LIST | UI_K_HOME, N_("new"), N_("Add a new record")) \
	X(EXPORT,      "export",      'e',        0,          UI_K_REPORT,  N_("save CSV"), N_("Save this report as a CSV file")) \
	X(PERIOD,      "period",      'd',        0,          UI_K_REPORT,  N_("dates"), N_("Choose the report's period: from and to dates")) \
	X(NEXT_REPORT, "next-report", '\t',       0,          UI_K_REPORT,  N_("next report"), N_("Show the next report")) \
	X(PRINT,       "print",       'p',        0,          UI_K_DETAIL,  N_("receipt"), N_("The citizen's receipt: show it, print it (lp)")) \
	X(RECEIPT_LANG, "receipt-language", 'l',  0,          UI_K_DETAIL,  N_("other language"), N_("The receipt in the other language: Hindi or English")) \
	X(OPEN_FILE,   "open-file",   'v',        0,          UI_K_DETAIL,  N_("open file"), N_("Open an attachment")) \
	X(ACT_MARK,    "mark",        'm',        0,          UI_K_DETAIL,  N_("mark"), N_("Mark the letter to a department")) \
	X(ACT_REMIND,  "remind",      'r',        0,          UI_K_DETAIL,  N_("remind"), N_("Send a reminder")) \
	X(ACT_REPLY,   "reply",       'R',        0,          UI_K_DETAIL,  N_("reply"), N_("Record the department's reply")) \
	X(ACT_CLOSE,   "close",       'c',        0,          UI_K_DETAIL,  N_("close"), N_("Close")) \
	X(ACT_ASSIGN,  "assign",      'a',        0,          UI_K_DETAIL,  N_("assign"), N_("Assign to a department or officer")) \
	X(ACT_TRANSFER, "transfer",   't',        0,          UI_K_DETAIL,  N_("transfer"), N_("Transfer to another department")) \
	X(ACT_NOTE,    "note",        'n',        0,          UI_K_DETAIL,  N_("note"), N_("Add a note")) \
	X(ACT_DISPOSE, "dispose",     'd',        0,          UI_K_DETAIL,  N_("dispose"), N_("Dispose of the grievance with a reply")) \
	X(ACT_FEEDBACK, "feedback",   'b',        0,          UI_K_DETAIL,  N_("feedback"), N_("Record the citizen's feedback")) \
	X(ACT_APPEAL,  "appeal",      'A',        0,          UI_K_DETAIL,  N_("appeal"), N_("Record the citizen's appeal")) \
	X(ACT_DUPLICATE, "duplicate", 'D',        0,          UI_K_DETAIL,  N_("duplicate"), N_("Close it as a duplicate of an earlier grievance")) \
	X(ACT_ATTACH,  "attach",      '+',        0,          UI_K_DETAIL,  N_("attach"), N_("Add a photo, video, audio or document")) \
	X(ACT_PASSWORD, "password",   'P',        0,          UI_K_DETAIL,  N_("password"), N_("Set a new password for this user")) \
	X(ACT_DEACTIVATE, "deactivate", 'X',      0,          UI_K_DETAIL,  N_("deactivate"), N_("Deactivate this user: their actions are refused from now on")) \
	X(ACT_REOPEN,  "reopen",      'O',        0,          UI_K_DETAIL,  N_("reopen"), N_("Reopen")) \
	X(ACT_SUBMIT,  "submit",      'S',        0,          UI_K_DETAIL,  N_("submit"), N_("Submit the inspection (final)")) \
	X(ACT_COMPLY,  "comply",      'y',        0,          UI_K_DETAIL,  N_("comply"), N_("Report compliance with a suggestion")) \
	X(ACT_VERIFY,  "verify",      'V',        0,          UI_K_DETAIL,  N_("verify"), N_("Verify a compliance")) \
	X(VIEW_MASTERS, "view-masters", '9',      0,          UI_K_SCREENS, N_("masters"), N_("The masters: departments, blocks, panchayats, categories, checklist (admin)")) \
	X(VIEW_SYNC,   "view-sync",   '8',        0,          UI_K_SCREENS, N_("sync screen"), N_("Sync: progress and problems")) \
	X(SYNC,        "sync",        UI_CTRL('R'), KEY_F(5),  UI_K_SCREENS, N_("sync now"), N_("Sync with the district server now (you go on working)")) \
	X(SYNC_CANCEL, "sync-cancel", UI_CTRL('G'), KEY_F(6),  UI_K_SCREENS, N_("stop sync"), N_("Cancel the running sync")) \
	X(PROBLEM_RETRY, "retry",     'r',        0,          UI_K_SYNC,    N_("retry"), N_("Re-apply the selected rejected action as yourself")) \
	X(PROBLEM_DISCARD, "discard", 'd',        0,          UI_K_SYNC,    N_("discard"), N_("Discard the selected rejected action")) \
	X(PROBLEM_REDATE, "redate",   'D',        0,          UI_K_SYNC,    N_("new date"), N_("Re-apply the selected rejected action with its date corrected"))

enum ui_request {
	REQ_NONE = 0,
#define UI_X(e, name, k1, k2, kinds, label, help) REQ_##e,
	UI_REQ_LIST(UI_X)
#undef UI_X
	REQ_COUNT
};

struct ui_request_info {
	enum ui_request req;
	const char *name;
	int key, key2;
	int kinds;
	const char *label; /* the key bar's word or two; untranslated */
	const char *help; /* untranslated: pass through _() when shown */
};
const struct ui_request_info *ui_request_info(enum ui_request req);
int ui_request_from_name(const char *name); /* REQ_NONE when unknown */

/* The key map: defaults from UI_REQ_LIST, overridden by a keys file. */
#define UI_MAX_BINDINGS 160
struct ui_keymap {
	struct { int key; enum ui_request req; int kinds; } b[UI_MAX_BINDINGS];
	int n;
};
void ui_keymap_defaults(struct ui_keymap *km);
/* Reads "request key" lines ('#' comments) from path; a request named in
 * the file loses its default keys. Bad lines are reported in err (naming
 * the line) and skipped; a missing file is fine. */
int ui_keymap_load(struct ui_keymap *km, const char *path, char *err, size_t errn);
/* The request for a key on a screen of the given kind. */
enum ui_request ui_keymap_lookup(const struct ui_keymap *km, int key, enum ui_kind kind);
/* The first key bound to req (0 if none). */
int ui_keymap_key_of(const struct ui_keymap *km, enum ui_request req, enum ui_kind kind);
/* "F1", "^L", "Down", "q", "Space" ... into buf. */
void ui_key_name(int key, char *buf, size_t n);
/* Parses what ui_key_name makes; -1 when not a key. */
int ui_key_parse(const char *s);

/* ----------------------------------------------------------- text layout */

/* Attributes a line may carry, mapped to colours or to mono attributes by
 * the display. */
enum ui_attr {
	UI_A_NORMAL, UI_A_BOLD, UI_A_DIM, UI_A_OVERDUE, UI_A_GOOD, UI_A_HEADING,
	UI_A_TITLE, UI_A_BAR, UI_A_ERROR, UI_A_SELECTED, UI_A_COUNT
};

#define UI_LINE_MAX 2048
#define UI_SPANS_MAX 24
struct ui_span { int start, len; enum ui_attr attr; }; /* bytes of text */
struct ui_line {
	char text[UI_LINE_MAX];
	int len;
	struct ui_span spans[UI_SPANS_MAX];
	int nspans;
};

/* Display width of UTF-8 text (as the terminal counts columns). */
int ui_text_width(const char *s);
/* The bytes of s that fit in width columns, ending after a space when
 * there is one to break at (the rest goes on the next line). */
size_t ui_text_fit(const char *s, int width);
/* Appends s to line, cut or padded with spaces to exactly width columns
 * (right-aligned when right); control characters become spaces. attr
 * other than UI_A_NORMAL adds a span. */
void ui_line_put(struct ui_line *line, const char *s, int width, bool right, enum ui_attr attr);
/* Appends s as it is (no padding), at most maxw columns; returns columns used. */
int ui_line_add(struct ui_line *line, const char *s, int maxw, enum ui_attr attr);
void ui_line_clear(struct ui_line *line);
/* Formats an integer with Indian digit grouping: 12,34,567. */
void ui_fmt_count(long long n, char *buf, size_t size);
/* "12 KB", "3.4 MB". */
void ui_fmt_size(long long bytes, char *buf, size_t size);
/* The text of a JSON value: strings as they are, numbers printed, null "". */
const char *ui_json_text(json_t *row, const char *key, char *buf, size_t n);

/* ------------------------------------------------------------- list views */

struct ui;

/* A column of a list: width at 80 columns; flex columns share what a
 * wider terminal adds; min_cols hides a column on narrow terminals. */
struct ui_column {
	const char *key;     /* JSON key of the row */
	const char *heading; /* N_() */
	int width;
	int flex;
	bool right;
	int min_cols;
	/* optional: the cell's text and attribute, instead of the key's value */
	void (*cell)(json_t *row, char *buf, size_t n, enum ui_attr *attr);
};

/* What a list shows: chosen by the person, turned into a module filter by
 * the view. Empty strings mean "any". */
struct ui_filter {
	char status[24];
	char department_id[40], department[16];
	char block_id[40], block[100];
	char gp_id[40], gp[100];
	char from[11], to[11];
	bool overdue;
	char text[256];
	int sort;
};

/* A list header counts matches up to this many and shows "10,000+ rows"
 * above it: an exact count of a large filter would cost a full scan per key. */
#define UI_COUNT_CAP 10000
/* A search, or a list narrowed by another table, counts fewer: each row
 * counted is read at random from a large table. On the 1,000,000-record
 * demo, open grievances are one in seven: 1,000 open hits of a common
 * word meant 7,000 row reads, 16-22 ms; 200 cost 3-4 ms. Home and the
 * reports give the exact figures. */
#define UI_SEARCH_COUNT_CAP 200


/* A list screen as a table (tig's view_ops): the core of the list engine
 * calls these; adding a list is one struct and one line in UI_VIEW_LIST. */

struct zila_view {
	const char *name;
	const char *title; /* N_() */
	const struct ui_column *cols;
	int ncols;
	const char *const *sorts; /* N_() names, NULL-terminated; filter.sort indexes it */
	const char *const *statuses; /* the status filter's choices, NULL-terminated */
	unsigned filters; /* UI_F_* this view understands */
	/* Loads up to limit rows after (or before, when backward) the row
	 * with this sort key and id; NULL key: from the start (backward: the
	 * end). Rows come in display order and carry "id" and "sort_key". */
	enum zila_status (*load)(struct ui *ui, const struct ui_filter *f, const char *after_key,
		const char *after_id, bool backward, int limit, json_t **rows, struct zila_err *err);
	/* How far the header counts the rows of this filter (may be NULL:
	 * UI_SEARCH_COUNT_CAP for a search, else UI_COUNT_CAP). */
	long long (*count_cap)(const struct ui_filter *f);
	/* The rows the filter matches, counted up to ui_count_cap() + 1 at
	 * most: *n above it means "more than ui_count_cap()". */
	enum zila_status (*count)(struct ui *ui, const struct ui_filter *f, long long *n, struct zila_err *err);
	/* Reads ahead what a search for text will need, while the person is
	 * still at the prompt (may be NULL). */
	void (*search_warm)(struct ui *ui, const char *text);
	/* Enter on a row (may be NULL). */
	void (*open)(struct ui *ui, json_t *row);
	/* 'n' in the list (may be NULL: no new records here). */
	void (*create)(struct ui *ui);
	/* Whether this user may add one here (may be NULL: whoever may open
	 * the list); the key bar and help offer 'n' only then. */
	bool (*can_create)(struct ui *ui);
	/* Sets the filter a list opens with for this user (may be NULL). */
	void (*initial)(struct ui *ui, struct ui_filter *f);
};
/* How far a list header counts the rows of this filter in this view. */
static inline long long
ui_count_cap(const struct zila_view *v, const struct ui_filter *f)
{
	if (v->count_cap)
		return v->count_cap(f);
	return f->text[0] ? UI_SEARCH_COUNT_CAP : UI_COUNT_CAP;
}
#define UI_F_STATUS   0x01
#define UI_F_DEPT     0x02
#define UI_F_OVERDUE  0x04
#define UI_F_DATES    0x08
#define UI_F_PLACE    0x10
#define UI_F_TEXT     0x20

/* Widths of the columns for a terminal width (0 = hidden). */
void ui_columns_layout(const struct ui_column *cols, int ncols, int width, int *widths);
/* The same for a view: its status column as wide as its longest status
 * word in the language in use (at most the designed width). */
void ui_view_layout(const struct zila_view *v, int width, int *widths);
/* One row as text plus attribute spans for a width: no curses calls. */
void ui_row_text(const struct zila_view *v, json_t *row, int width, struct ui_line *out);
/* The heading line for a width. */
void ui_heading_text(const struct zila_view *v, int width, struct ui_line *out);

/* What each row of UI_VIEW_LIST names. */
#define UI_VIEW_DECL_LIST(name) extern const struct zila_view ui_view_##name;
#define UI_VIEW_DECL_SCREEN(name) void ui_open_##name(struct ui *ui);
#define UI_X(X, NAME, name, key, label, help, how) UI_VIEW_DECL_##how(name)
UI_VIEW_LIST(UI_X, _)
#undef UI_X

/* The filter a list opens with: records in status, and for officers and
 * heads only their own department's (the rule every department list shares). */
void ui_filter_start(struct ui *ui, struct ui_filter *f, const char *status);

#endif
