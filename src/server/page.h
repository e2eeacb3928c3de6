/* page.h: what the citizen's pages on zilad (status_page.c, file_page.c)
 * share: an HTML page written into memory, in Hindi or English, with the
 * same head, style and escaping. Private to src/server. */
#ifndef ZILAD_PAGE_H
#define ZILAD_PAGE_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>
#include "zila/db.h"

struct page {
	FILE *f;
	char *buf;
	size_t len;
	bool hi;
};

/* The English or the Hindi, as the page speaks. */
#define L(en, hi_) (p->hi ? (hi_) : (en))

/* Starts the page in memory (aborts without memory, as zila_xmalloc). */
void page_open(struct page *p, bool hi);
/* Text with the HTML specials escaped. */
void page_esc(struct page *p, const char *s);
/* The document's head and the heading "DISTRICT: title". */
void page_head(struct page *p, const char *district, const char *title_en, const char *title_hi);
/* A message box: done (green) or wrong (red). */
void page_message(struct page *p, bool ok, const char *text);
/* The district's name in the page's language. */
void page_district(struct zila_db *db, bool hi, char *out, size_t n);
/* The language a page speaks: lang ("hi", "en") when given, else
 * Accept-Language's first, else Hindi. */
bool page_hindi(const char *lang, const char *accept_language);
/* A form's field as text, "" when it is absent. */
const char *page_field(json_t *form, const char *k);
/* "2026-11-20" written as 20-11-2026, "-" for no date. */
void page_date(struct page *p, const char *d);

#endif
