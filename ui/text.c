/* text.c: lines of text laid out in display columns, with attribute
 * spans, and the list rows built from a view's column table. No curses
 * here, so all of it runs in unit tests. Widths are the C library's
 * wcwidth, the same table ncursesw positions characters with. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "ui.h"

/* Decodes one character at s (n bytes left); returns its byte length (at
 * least 1, so bad bytes are stepped over) and its width in *w. */
static int
char_at(const char *s, size_t n, int *w)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t k = mbrtowc(&wc, s, n, &st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		*w = 1;
		return 1;
	}
	int cw = wcwidth(wc);
	*w = cw < 0 ? 1 : cw;
	return (int)k;
}

int
ui_text_width(const char *s)
{
	int total = 0;
	size_t n = s ? strlen(s) : 0;
	while (n > 0) {
		int w, k = char_at(s, n, &w);
		if ((unsigned char)*s < 0x20)
			w = 1;
		total += w;
		s += k;
		n -= (size_t)k;
	}
	return total;
}

size_t
ui_text_fit(const char *s, int width)
{
	size_t n = strlen(s), at = 0, space = 0;
	int used = 0;
	while (at < n) {
		int w, k = char_at(s + at, n - at, &w);
		if (used + w > width)
			return space ? space : at;
		if (s[at] == ' ')
			space = at + 1;
		used += w;
		at += (size_t)k;
	}
	return n;
}

void
ui_line_clear(struct ui_line *line)
{
	line->text[0] = '\0';
	line->len = 0;
	line->nspans = 0;
}

/* Adds a span for the bytes [start, line->len). */
static void
add_span(struct ui_line *line, int start, enum ui_attr attr)
{
	if (attr == UI_A_NORMAL || line->len <= start || line->nspans >= UI_SPANS_MAX)
		return;
	line->spans[line->nspans++] = (struct ui_span){ start, line->len - start, attr };
}

/* Copies at most maxw columns of s into the line; control characters
 * (newlines in descriptions) become spaces so a row stays one row. */
static int
copy_cols(struct ui_line *line, const char *s, int maxw)
{
	int used = 0;
	size_t n = s ? strlen(s) : 0;
	while (n > 0) {
		int w, k = char_at(s, n, &w);
		bool ctl = (unsigned char)*s < 0x20 || *s == 0x7f;
		if (ctl)
			w = 1;
		if (used + w > maxw || line->len + k + 1 >= UI_LINE_MAX)
			break;
		if (ctl)
			line->text[line->len++] = ' ';
		else {
			memcpy(line->text + line->len, s, (size_t)k);
			line->len += k;
		}
		used += w;
		s += k;
		n -= (size_t)k;
	}
	line->text[line->len] = '\0';
	return used;
}

static void
pad(struct ui_line *line, int cols)
{
	while (cols-- > 0 && line->len + 1 < UI_LINE_MAX)
		line->text[line->len++] = ' ';
	line->text[line->len] = '\0';
}

int
ui_line_add(struct ui_line *line, const char *s, int maxw, enum ui_attr attr)
{
	int start = line->len;
	int used = copy_cols(line, s, maxw);
	add_span(line, start, attr);
	return used;
}

void
ui_line_put(struct ui_line *line, const char *s, int width, bool right, enum ui_attr attr)
{
	int start = line->len;
	if (width <= 0)
		return;
	if (right) {
		int w = ui_text_width(s);
		pad(line, width - (w < width ? w : width));
		start = line->len;
		copy_cols(line, s, width);
	} else {
		/* a cut cell ends in an ellipsis, so hidden text is never a
		 * surprise ("REV,PWD,PH…" not "REV,PWD,PH") */
		bool cut = width > 1 && ui_text_width(s) > width;
		int used = copy_cols(line, s, cut ? width - 1 : width);
		if (cut)
			used += copy_cols(line, "\u2026", 1);
		add_span(line, start, attr);
		pad(line, width - used);
		return;
	}
	add_span(line, start, attr);
}

void
ui_fmt_count(long long n, char *buf, size_t size)
{
	zila_fmt_count(n, buf, size);
}

void
ui_fmt_size(long long bytes, char *buf, size_t size)
{
	if (bytes < 1024)
		snprintf(buf, size, _("%lld B"), bytes);
	else if (bytes < 1024 * 1024)
		snprintf(buf, size, _("%lld KB"), (bytes + 512) / 1024);
	else
		snprintf(buf, size, _("%.1f MB"), (double)bytes / (1024.0 * 1024.0));
}

const char *
ui_json_text(json_t *row, const char *key, char *buf, size_t n)
{
	json_t *v = json_object_get(row, key);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, n, "%.2f", json_real_value(v));
	else if (json_is_true(v))
		snprintf(buf, n, "%s", _("yes"));
	else if (json_is_false(v))
		snprintf(buf, n, "%s", _("no"));
	else
		buf[0] = '\0';
	return buf;
}

void
ui_columns_layout(const struct ui_column *cols, int ncols, int width, int *widths)
{
	int total = 0, flex = 0;
	for (int i = 0; i < ncols; i++) {
		widths[i] = cols[i].min_cols > width ? 0 : cols[i].width;
		if (widths[i]) {
			total += widths[i] + 1; /* one space between columns */
			flex += cols[i].flex;
		}
	}
	int extra = width - total;
	if (extra < 0) {
		/* narrower than designed: take it from the flex columns */
		for (int i = ncols - 1; i >= 0 && extra < 0; i--) {
			if (!cols[i].flex || !widths[i])
				continue;
			int take = widths[i] - 4 < -extra ? widths[i] - 4 : -extra;
			widths[i] -= take;
			extra += take;
		}
		return;
	}
	if (flex == 0)
		return;
	int given = 0, last = -1;
	for (int i = 0; i < ncols; i++) {
		if (widths[i] && cols[i].flex) {
			int add = extra * cols[i].flex / flex;
			widths[i] += add;
			given += add;
			last = i;
		}
	}
	if (last >= 0)
		widths[last] += extra - given;
}

/* A view's column widths. A status column is as wide as the longest of
 * the view's status words in the language in use, at most as designed:
 * Hindi's are shorter than English's "in progress". The narrower gap
 * after a short status spares curses an absolute cursor move (8 bytes)
 * on every row, which keeps a Hindi list's first paint within its byte
 * budget; the columns saved are left blank at the right end rather than
 * given to the names, where they would only widen the gap after a
 * short name. */
void
ui_view_layout(const struct zila_view *v, int width, int *widths)
{
	struct ui_column cols[32];
	int n = v->ncols < 32 ? v->ncols : 32;
	memcpy(cols, v->cols, (size_t)n * sizeof cols[0]);
	int saved = 0;
	for (int i = 0; i < n && v->statuses; i++) {
		if (cols[i].cell || strcmp(cols[i].key, "status") != 0)
			continue;
		int w = ui_text_width(_(cols[i].heading));
		for (const char *const *st = v->statuses; *st; st++) {
			int sw = ui_text_width(zila_status_word(*st));
			w = sw > w ? sw : w;
		}
		if (w < cols[i].width) {
			saved += cols[i].width - w;
			cols[i].width = w;
		}
	}
	ui_columns_layout(cols, n, width - saved, widths);
}

void
ui_row_text(const struct zila_view *v, json_t *row, int width, struct ui_line *out)
{
	int widths[32];
	char buf[512];
	ui_line_clear(out);
	ui_view_layout(v, width, widths);
	for (int i = 0; i < v->ncols && i < 32; i++) {
		if (!widths[i])
			continue;
		enum ui_attr attr = UI_A_NORMAL;
		const char *s;
		if (v->cols[i].cell) {
			buf[0] = '\0';
			v->cols[i].cell(row, buf, sizeof buf, &attr);
			s = buf;
		} else if (strcmp(v->cols[i].key, "status") == 0)
			s = zila_status_word(ui_json_text(row, "status", buf, sizeof buf));
		else {
			char raw[512];
			/* dates as India reads them: 05-12-2026 */
			s = zila_date_show(ui_json_text(row, v->cols[i].key, raw, sizeof raw), buf, sizeof buf);
		}
		ui_line_put(out, s, widths[i], v->cols[i].right, attr);
		ui_line_put(out, " ", 1, false, UI_A_NORMAL);
	}
}

void
ui_heading_text(const struct zila_view *v, int width, struct ui_line *out)
{
	int widths[32];
	ui_line_clear(out);
	ui_view_layout(v, width, widths);
	for (int i = 0; i < v->ncols && i < 32; i++) {
		if (!widths[i])
			continue;
		ui_line_put(out, _(v->cols[i].heading), widths[i], v->cols[i].right, UI_A_NORMAL);
		ui_line_put(out, " ", 1, false, UI_A_NORMAL);
	}
}
