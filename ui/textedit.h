/* textedit.h: the text a person types into a form field, without curses.
 *
 * One `struct textedit` is the buffer of a one-line field or of the
 * multi-line editor: UTF-8 text, a cursor that always stands on a grapheme
 * cluster boundary (so a Hindi conjunct part, a letter with its combining
 * accent, an emoji family or a flag is stepped over and deleted whole), and
 * a limit in characters (code points, as the core's argument checks count
 * them). Control characters are refused; the multi-line editor takes '\n'.
 *
 * Widths are display columns: utf8proc_charwidth summed over a cluster's
 * code points, with spacing vowel signs (category Mc) counted as one column
 * because that is how glibc's wcwidth, ncurses and the terminals place them;
 * anything else would make Hindi overflow its field.
 *
 * Drawing stays a thin layer: textedit_line_view() gives the visible slice
 * of a one-line field (scrolled so the cursor is inside the field) and the
 * cursor's column; textedit_box_view() and textedit_row() do the same for
 * the word-wrapped rows of the multi-line editor. The slices point into the
 * buffer and stay valid until the next edit. */
#ifndef ZILA_UI_TEXTEDIT_H
#define ZILA_UI_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an edit did: the form redraws and saves a draft on TEXTEDIT_OK,
 * and shows a message for the refusals. */
enum textedit_result {
	TEXTEDIT_OK,        /* the text changed */
	TEXTEDIT_NOCHANGE,  /* nothing to do (backspace at the start...) */
	TEXTEDIT_TOO_LONG,  /* would pass max_chars: nothing inserted */
	TEXTEDIT_BAD_CHAR   /* invalid UTF-8 or a control character: nothing inserted */
};

/* One display row of the multi-line editor: bytes [start, end) of the text.
 * A soft row was wrapped (its end is the next row's start); a hard row ends
 * at a newline or at the end of the text, and the cursor may stand at its
 * end. */
struct textedit_row {
	size_t start, end;
	int width;
	bool soft;
};

struct textedit {
	char *buf;          /* UTF-8, NUL-terminated, owned */
	size_t len, cap;
	size_t cursor;      /* byte offset, on a grapheme cluster boundary */
	size_t chars;       /* code points in buf */
	size_t max_chars;   /* 0: no limit */
	bool multiline;
	int scroll;         /* one line: first visible column; multi-line: first visible row */
	int goal_col;       /* multi-line: the column up/down keep; -1 when none */
	struct textedit_row *rows; /* multi-line layout, rebuilt after edits */
	int nrows, rows_cap, layout_width;
	bool layout_valid;
};

/* An empty buffer. max_chars 0 means no limit. */
void textedit_init(struct textedit *t, bool multiline, size_t max_chars);
void textedit_free(struct textedit *t);
/* Replaces the whole text (a restored draft, a value to edit) and puts the
 * cursor at its end. Refused text leaves the buffer as it was. */
enum textedit_result textedit_set(struct textedit *t, const char *text);
const char *textedit_text(const struct textedit *t);
bool textedit_empty(const struct textedit *t);

/* Inserts n bytes of UTF-8 at the cursor, all or nothing. */
enum textedit_result textedit_insert(struct textedit *t, const char *s, size_t n);
/* Inserts one code point (what get_wch returns). */
enum textedit_result textedit_insert_cp(struct textedit *t, uint32_t cp);
/* Backspace and Delete: one grapheme cluster. */
enum textedit_result textedit_delete_back(struct textedit *t);
enum textedit_result textedit_delete_forward(struct textedit *t);
/* Ctrl-K: deletes to the end of the line; at a newline, joins the lines. */
enum textedit_result textedit_kill_eol(struct textedit *t);
/* Ctrl-U: deletes from the start of the line to the cursor. */
enum textedit_result textedit_kill_bol(struct textedit *t);
/* Ctrl-W: deletes the word before the cursor (and the blanks after it). */
enum textedit_result textedit_delete_word_back(struct textedit *t);

/* Cursor moves; each returns false when the cursor could not move (the
 * form then moves to another field for up/down). */
bool textedit_left(struct textedit *t);
bool textedit_right(struct textedit *t);
bool textedit_word_left(struct textedit *t);
bool textedit_word_right(struct textedit *t);
/* Home/End: the start/end of the display row (multi-line, at width) or of
 * the whole text (one line; width is then unused). */
bool textedit_home(struct textedit *t, int width);
bool textedit_end(struct textedit *t, int width);
/* Multi-line: the row above/below at width, keeping the display column. */
bool textedit_up(struct textedit *t, int width);
bool textedit_down(struct textedit *t, int width);

/* Display columns of a whole string, cluster by cluster. */
int textedit_width(const char *s, size_t n);
/* How many bytes of s (n bytes) fit in width columns, cut at a cluster
 * boundary; *used (when not NULL) gets the columns they take. For labels
 * and messages drawn beside the fields. */
size_t textedit_fit(const char *s, size_t n, int width, int *used);
/* Byte offset of the grapheme cluster boundary after / before pos. */
size_t textedit_next(const struct textedit *t, size_t pos);
size_t textedit_prev(const struct textedit *t, size_t pos);

/* The visible part of a one-line field `width` columns wide. Drawing it is:
 * `lead` blank columns (a wide character cut at the left edge), the bytes
 * [text, text+len) which take `width_used` columns, blanks to the field's
 * end, then the cursor at cursor_col. more_left/more_right say text is
 * hidden on that side. Scrolls t so the cursor is in view, jumping by a
 * quarter of the field so a slow link does not redraw on every key. */
struct textedit_slice {
	const char *text;
	size_t len;
	int lead, width_used, cursor_col;
	bool more_left, more_right;
};
void textedit_line_view(struct textedit *t, int width, struct textedit_slice *v);

/* Multi-line: word-wraps at width (a row holds at most width-1 columns of
 * text and one hanging space: the last column is kept for the cursor) and
 * scrolls so the cursor's row is among the `height` visible ones. */
struct textedit_box {
	int first_row;   /* the row drawn at the top */
	int nrows;       /* rows in the whole text */
	int cursor_row;  /* the cursor's row inside the box, 0..height-1 */
	int cursor_col;
};
void textedit_box_view(struct textedit *t, int width, int height, struct textedit_box *b);
/* The rows at width (laid out if needed); *n gets their count. */
const struct textedit_row *textedit_rows(struct textedit *t, int width, int *n);
/* Row i's text at width: *text and *len; returns its width in columns,
 * or -1 when there is no such row. */
int textedit_row(struct textedit *t, int width, int i, const char **text, size_t *len);

#endif
