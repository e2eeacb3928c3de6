/* textedit.c: the edit buffer of form fields: grapheme clusters and display
 * widths (zila/width.h, from libutf8proc), word wrap, scrolling. No curses here, so every
 * rule is unit-tested (tests/unit/test_textedit.c). */
#include <string.h>
#include <utf8proc.h>
#include "zila/util.h"
#include "zila/width.h"
#include "textedit.h"

/* Decodes the code point at pos of a buffer known to be valid UTF-8;
 * returns its length in bytes. */
static size_t
cp_at(const char *s, size_t len, size_t pos, int32_t *cp)
{
	utf8proc_int32_t c = 0;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + pos, (utf8proc_ssize_t)(len - pos), &c);
	*cp = c;
	return n > 0 ? (size_t)n : 1;
}

int
textedit_width(const char *s, size_t n)
{
	return zila_width(s, n);
}

size_t
textedit_fit(const char *s, size_t n, int width, int *used)
{
	return zila_width_fit(s, n, width, used);
}

/* Columns of the bytes [a, b) of the buffer. */
static int
span_width(const struct textedit *t, size_t a, size_t b)
{
	return textedit_width(t->buf + a, b - a);
}

size_t
textedit_next(const struct textedit *t, size_t pos)
{
	return zila_width_next(t->buf, t->len, pos);
}

/* Start of the logical line holding pos: a newline is always a boundary,
 * so cluster scans can start there instead of at the top of the text. */
static size_t
line_start(const struct textedit *t, size_t pos)
{
	while (pos > 0 && t->buf[pos - 1] != '\n')
		pos--;
	return pos;
}

size_t
textedit_prev(const struct textedit *t, size_t pos)
{
	if (pos == 0)
		return 0;
	if (t->buf[pos - 1] == '\n')
		return pos - 1;
	size_t b = line_start(t, pos);
	for (;;) {
		size_t n = textedit_next(t, b);
		if (n >= pos)
			return b;
		b = n;
	}
}

/* The first cluster boundary at or after pos: after an insertion that
 * joined a cluster (a ZWJ, a combining mark before another mark) the
 * cursor must not be left inside it. */
static size_t
snap_forward(const struct textedit *t, size_t pos)
{
	size_t b = line_start(t, pos);
	while (b < pos)
		b = textedit_next(t, b);
	return b;
}

void
textedit_init(struct textedit *t, bool multiline, size_t max_chars)
{
	memset(t, 0, sizeof *t);
	t->cap = 64;
	t->buf = zila_xcalloc(1, t->cap);
	t->multiline = multiline;
	t->max_chars = max_chars;
	t->goal_col = -1;
}

void
textedit_free(struct textedit *t)
{
	zila_free(&t->buf);
	zila_free(&t->rows);
	t->len = t->cap = t->cursor = t->chars = 0;
	t->nrows = t->rows_cap = 0;
}

const char *
textedit_text(const struct textedit *t)
{
	return t->buf;
}

bool
textedit_empty(const struct textedit *t)
{
	return t->len == 0;
}

/* Checks input before it goes in: valid UTF-8, no control characters but a
 * newline in the multi-line editor; counts its code points. */
static enum textedit_result
check_input(const struct textedit *t, const char *s, size_t n, size_t *count)
{
	*count = 0;
	for (size_t p = 0; p < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + p, (utf8proc_ssize_t)(n - p), &c);
		if (l <= 0)
			return TEXTEDIT_BAD_CHAR;
		if (utf8proc_category(c) == UTF8PROC_CATEGORY_CC && !(t->multiline && c == '\n'))
			return TEXTEDIT_BAD_CHAR;
		p += (size_t)l;
		(*count)++;
	}
	return TEXTEDIT_OK;
}

/* Any change of text drops the layout and the column up/down kept. */
static void
changed(struct textedit *t)
{
	t->layout_valid = false;
	t->goal_col = -1;
}

/* Grows the buffer to hold need bytes and the NUL. */
static void
reserve(struct textedit *t, size_t need)
{
	if (need + 1 <= t->cap)
		return;
	while (t->cap < need + 1)
		t->cap *= 2;
	t->buf = zila_xrealloc(t->buf, t->cap);
}

enum textedit_result
textedit_set(struct textedit *t, const char *text)
{
	size_t n = strlen(text), count;
	enum textedit_result r = check_input(t, text, n, &count);
	if (r != TEXTEDIT_OK)
		return r;
	if (t->max_chars && count > t->max_chars)
		return TEXTEDIT_TOO_LONG;
	reserve(t, n);
	memcpy(t->buf, text, n + 1);
	t->len = n;
	t->chars = count;
	t->cursor = n;
	t->scroll = 0;
	changed(t);
	return TEXTEDIT_OK;
}

enum textedit_result
textedit_insert(struct textedit *t, const char *s, size_t n)
{
	size_t count;
	if (n == 0)
		return TEXTEDIT_NOCHANGE;
	enum textedit_result r = check_input(t, s, n, &count);
	if (r != TEXTEDIT_OK)
		return r;
	if (t->max_chars && t->chars + count > t->max_chars)
		return TEXTEDIT_TOO_LONG;
	reserve(t, t->len + n);
	memmove(t->buf + t->cursor + n, t->buf + t->cursor, t->len - t->cursor + 1);
	memcpy(t->buf + t->cursor, s, n);
	t->len += n;
	t->chars += count;
	t->cursor = snap_forward(t, t->cursor + n);
	changed(t);
	return TEXTEDIT_OK;
}

enum textedit_result
textedit_insert_cp(struct textedit *t, uint32_t cp)
{
	utf8proc_uint8_t b[4];
	if (cp > 0x10ffff || !utf8proc_codepoint_valid((utf8proc_int32_t)cp))
		return TEXTEDIT_BAD_CHAR;
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, b);
	return textedit_insert(t, (const char *)b, (size_t)n);
}

/* Removes bytes [a, b) and leaves the cursor at a. */
static enum textedit_result
remove_span(struct textedit *t, size_t a, size_t b)
{
	if (a >= b)
		return TEXTEDIT_NOCHANGE;
	for (size_t p = a; p < b;) {
		int32_t c;
		p += cp_at(t->buf, t->len, p, &c);
		t->chars--;
	}
	memmove(t->buf + a, t->buf + b, t->len - b + 1);
	t->len -= b - a;
	t->cursor = a;
	changed(t);
	return TEXTEDIT_OK;
}

enum textedit_result
textedit_delete_back(struct textedit *t)
{
	return remove_span(t, textedit_prev(t, t->cursor), t->cursor);
}

enum textedit_result
textedit_delete_forward(struct textedit *t)
{
	return remove_span(t, t->cursor, textedit_next(t, t->cursor));
}

enum textedit_result
textedit_kill_eol(struct textedit *t)
{
	size_t e = t->cursor;
	while (e < t->len && t->buf[e] != '\n')
		e++;
	if (e == t->cursor && e < t->len)
		e++;
	return remove_span(t, t->cursor, e);
}

enum textedit_result
textedit_kill_bol(struct textedit *t)
{
	return remove_span(t, line_start(t, t->cursor), t->cursor);
}

/* Moves the cursor to pos; any move but up/down forgets the kept column. */
static bool
move_to(struct textedit *t, size_t pos)
{
	t->goal_col = -1;
	if (pos == t->cursor)
		return false;
	t->cursor = pos;
	return true;
}

bool
textedit_left(struct textedit *t)
{
	return move_to(t, textedit_prev(t, t->cursor));
}

bool
textedit_right(struct textedit *t)
{
	return move_to(t, textedit_next(t, t->cursor));
}

/* A word is letters, marks (Hindi vowel signs, the virama), digits and
 * connectors; by the first code point of the cluster at pos. */
static bool
is_word(const struct textedit *t, size_t pos)
{
	int32_t c;
	cp_at(t->buf, t->len, pos, &c);
	utf8proc_category_t cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_PC;
}

bool
textedit_word_right(struct textedit *t)
{
	size_t p = t->cursor;
	while (p < t->len && !is_word(t, p))
		p = textedit_next(t, p);
	while (p < t->len && is_word(t, p))
		p = textedit_next(t, p);
	return move_to(t, p);
}

/* The start of the word before pos, over the blanks and signs between. */
static size_t
word_start_before(const struct textedit *t, size_t p)
{
	while (p > 0 && !is_word(t, textedit_prev(t, p)))
		p = textedit_prev(t, p);
	while (p > 0 && is_word(t, textedit_prev(t, p)))
		p = textedit_prev(t, p);
	return p;
}

bool
textedit_word_left(struct textedit *t)
{
	return move_to(t, word_start_before(t, t->cursor));
}

enum textedit_result
textedit_delete_word_back(struct textedit *t)
{
	return remove_span(t, word_start_before(t, t->cursor), t->cursor);
}

/* Appends a row to the layout. */
static void
push_row(struct textedit *t, size_t start, size_t end, int width, bool soft)
{
	if (t->nrows == t->rows_cap) {
		t->rows_cap = t->rows_cap ? t->rows_cap * 2 : 16;
		t->rows = zila_xrealloc(t->rows, (size_t)t->rows_cap * sizeof *t->rows);
	}
	t->rows[t->nrows++] = (struct textedit_row){ start, end, width, soft };
}

/* A space separator cluster: where words wrap. */
static bool
is_space(const struct textedit *t, size_t pos)
{
	int32_t c;
	cp_at(t->buf, t->len, pos, &c);
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* Wraps the logical line [ls, le) into rows: text up to width-1 columns,
 * one space may hang in the last column, a break goes after the last
 * space of the row, or inside a word longer than the row. */
static void
layout_line(struct textedit *t, size_t ls, size_t le, int width)
{
	size_t start = ls;
	for (;;) {
		int col = 0, brk_col = 0;
		size_t p = start, brk = start;
		while (p < le) {
			size_t q = textedit_next(t, p);
			int w = span_width(t, p, q);
			bool sp = is_space(t, p);
			if (col + w > width - 1 && !(sp && col + w <= width))
				break;
			col += w;
			p = q;
			if (sp) {
				brk = p;
				brk_col = col;
			}
		}
		if (p >= le) {
			push_row(t, start, le, col, false);
			if (col >= width) /* a hanging space ends the text: the cursor goes below */
				push_row(t, le, le, 0, false);
			return;
		}
		if (brk > start) {
			push_row(t, start, brk, brk_col, true);
			start = brk;
		} else if (p > start) {
			push_row(t, start, p, col, true);
			start = p;
		} else { /* one cluster wider than the row: it takes a row of its own */
			size_t q = textedit_next(t, p);
			push_row(t, start, q, span_width(t, p, q), true);
			start = q;
		}
	}
}

/* Lays out the whole text at width, once per change. */
static void
layout(struct textedit *t, int width)
{
	if (width < 2)
		width = 2;
	if (t->layout_valid && t->layout_width == width)
		return;
	t->nrows = 0;
	size_t ls = 0;
	for (;;) {
		size_t le = ls;
		while (le < t->len && t->buf[le] != '\n')
			le++;
		layout_line(t, ls, le, width);
		if (le >= t->len)
			break;
		ls = le + 1;
	}
	t->layout_width = width;
	t->layout_valid = true;
}

const struct textedit_row *
textedit_rows(struct textedit *t, int width, int *n)
{
	layout(t, width);
	*n = t->nrows;
	return t->rows;
}

int
textedit_row(struct textedit *t, int width, int i, const char **text, size_t *len)
{
	layout(t, width);
	if (i < 0 || i >= t->nrows)
		return -1;
	*text = t->buf + t->rows[i].start;
	*len = t->rows[i].end - t->rows[i].start;
	return t->rows[i].width;
}

/* The row the cursor is on: the last row starting at or before it, so a
 * cursor at a soft break stands at the start of the next row. */
static int
cursor_row(const struct textedit *t)
{
	int lo = 0, hi = t->nrows - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (t->rows[mid].start <= t->cursor)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* The last position a cursor may take on row r: before the last cluster
 * of a soft row (its end belongs to the next row), else the row's end. */
static size_t
row_last(const struct textedit *t, int r)
{
	const struct textedit_row *row = &t->rows[r];
	if (!row->soft)
		return row->end;
	size_t p = textedit_prev(t, row->end);
	return p < row->start ? row->start : p;
}

bool
textedit_home(struct textedit *t, int width)
{
	if (!t->multiline)
		return move_to(t, 0);
	layout(t, width);
	return move_to(t, t->rows[cursor_row(t)].start);
}

bool
textedit_end(struct textedit *t, int width)
{
	if (!t->multiline)
		return move_to(t, t->len);
	layout(t, width);
	return move_to(t, row_last(t, cursor_row(t)));
}

/* Moves to row r at the kept column: the last boundary whose column is
 * not past it. */
static bool
vertical(struct textedit *t, int width, int dir)
{
	if (!t->multiline)
		return false;
	layout(t, width);
	int r = cursor_row(t);
	if (r + dir < 0 || r + dir >= t->nrows)
		return false;
	int goal = t->goal_col >= 0 ? t->goal_col : span_width(t, t->rows[r].start, t->cursor);
	r += dir;
	size_t p = t->rows[r].start, last = row_last(t, r);
	int col = 0;
	while (p < last) {
		size_t q = textedit_next(t, p);
		int w = span_width(t, p, q);
		if (col + w > goal)
			break;
		col += w;
		p = q;
	}
	t->cursor = p;
	t->goal_col = goal;
	return true;
}

bool
textedit_up(struct textedit *t, int width)
{
	return vertical(t, width, -1);
}

bool
textedit_down(struct textedit *t, int width)
{
	return vertical(t, width, 1);
}

void
textedit_line_view(struct textedit *t, int width, struct textedit_slice *v)
{
	if (width < 1)
		width = 1;
	int total = span_width(t, 0, t->len);
	int c = span_width(t, 0, t->cursor);
	int pc = span_width(t, 0, textedit_prev(t, t->cursor));
	/* after deleting, do not leave more than three quarters of the field
	 * blank; typing at the end must not shift the text on every key */
	int max_scroll = total + 1 - width / 4 > 0 ? total + 1 - width / 4 : 0;
	if (t->scroll > max_scroll)
		t->scroll = max_scroll;
	/* the cluster left of the cursor (what Backspace takes) stays in view */
	if (pc < t->scroll)
		t->scroll = pc - width / 4 > 0 ? pc - width / 4 : 0;
	if (c >= t->scroll + width)
		t->scroll = c - (3 * width) / 4;

	size_t p = 0;
	int col = 0;
	while (p < t->len && col < t->scroll) {
		size_t q = textedit_next(t, p);
		col += span_width(t, p, q);
		p = q;
	}
	size_t start = p;
	int start_col = col;
	while (p < t->len) {
		size_t q = textedit_next(t, p);
		int w = span_width(t, p, q);
		if (col + w > t->scroll + width)
			break;
		col += w;
		p = q;
	}
	v->text = t->buf + start;
	v->len = p - start;
	v->lead = start_col - t->scroll;
	v->width_used = col - start_col;
	v->cursor_col = c - t->scroll;
	v->more_left = start > 0;
	v->more_right = p < t->len;
}

void
textedit_box_view(struct textedit *t, int width, int height, struct textedit_box *b)
{
	if (height < 1)
		height = 1;
	layout(t, width);
	int r = cursor_row(t);
	if (r < t->scroll)
		t->scroll = r;
	if (r >= t->scroll + height)
		t->scroll = r - height + 1;
	if (t->scroll > t->nrows - height)
		t->scroll = t->nrows - height > 0 ? t->nrows - height : 0;
	b->first_row = t->scroll;
	b->nrows = t->nrows;
	b->cursor_row = r - t->scroll;
	b->cursor_col = span_width(t, t->rows[r].start, t->cursor);
}
