/* width.h: the columns UTF-8 text takes on a terminal, by grapheme
 * cluster (libutf8proc), so Hindi lines up. The screens (ui/) and the
 * command line's tables (src/cli) both measure with it. */
#ifndef ZILA_WIDTH_H
#define ZILA_WIDTH_H

#include <stddef.h>
#include <stdio.h>

/* Columns of the n bytes of valid UTF-8 at s. */
int zila_width(const char *s, size_t n);
/* The bytes of s (n of them) that fit in width columns, whole clusters
 * only; *used (may be NULL) gets the columns they take. */
size_t zila_width_fit(const char *s, size_t n, int width, int *used);
/* The end of the grapheme cluster that starts at pos of s (len bytes). */
size_t zila_width_next(const char *s, size_t len, size_t pos);
/* Writes the one-line text s (UTF-8, no newlines) to f as lines of at
 * most width columns, broken at spaces, each ending in a newline: a
 * paragraph of a receipt that a screen or a printer shows whole. */
void zila_width_wrap(FILE *f, const char *s, int width);

#endif
