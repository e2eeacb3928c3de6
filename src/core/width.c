/* width.c: display columns of UTF-8 text (width.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>
#include "zila/width.h"

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

/* Columns of one code point. Spacing vowel signs (Mc, such as the i-matra)
 * take a column on the terminal (wcwidth says 1) though utf8proc calls them
 * zero-width: we follow the terminal, or the cursor drifts. */
static int
cp_width(int32_t cp)
{
	int w = utf8proc_charwidth(cp);
	if (w == 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_MC)
		return 1;
	return w > 0 ? w : 0;
}

/* The boundary after the cluster that starts at pos in s. */
size_t
zila_width_next(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	int32_t prev, c;
	utf8proc_int32_t state = 0;
	size_t p = pos + cp_at(s, len, pos, &prev);
	while (p < len) {
		size_t n = cp_at(s, len, p, &c);
		if (utf8proc_grapheme_break_stateful(prev, c, &state))
			break;
		prev = c;
		p += n;
	}
	return p;
}

int
zila_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t p = 0; p < n;) {
		int32_t c;
		p += cp_at(s, n, p, &c);
		w += cp_width(c);
	}
	return w;
}

size_t
zila_width_fit(const char *s, size_t n, int width, int *used)
{
	size_t p = 0;
	int col = 0;
	while (p < n) {
		size_t q = zila_width_next(s, n, p);
		int w = zila_width(s + p, q - p);
		if (col + w > width)
			break;
		col += w;
		p = q;
	}
	if (used)
		*used = col;
	return p;
}

void
zila_width_wrap(FILE *f, const char *s, int width)
{
	/* words are split at spaces only: Devanagari words stay whole, and a
	 * word wider than the line is cut at a cluster boundary, never
	 * inside a letter */
	int col = 0;
	const char *p = s;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, " ");
		int w = zila_width(p, n);
		if (col > 0 && col + 1 + w > width) {
			fputc('\n', f);
			col = 0;
		} else if (col > 0) {
			fputc(' ', f);
			col++;
		}
		/* only a word wider than a whole line comes here, at its start */
		while (w > width && n > 0) {
			size_t k = zila_width_fit(p, n, width, NULL);
			if (k == 0)
				k = zila_width_next(p, n, 0);
			fwrite(p, 1, k, f);
			fputc('\n', f);
			p += k;
			n -= k;
			w = zila_width(p, n);
		}
		fwrite(p, 1, n, f);
		col += w;
		p += n;
	}
	fputc('\n', f);
}
