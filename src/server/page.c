/* page.c: the citizen's pages' shared HTML (page.h). */
#include <stdlib.h>
#include <string.h>
#include "page.h"

void
page_open(struct page *p, bool hi)
{
	memset(p, 0, sizeof *p);
	p->hi = hi;
	p->f = open_memstream(&p->buf, &p->len);
	if (!p->f)
		abort();
}

void
page_esc(struct page *p, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", p->f); break;
		case '<': fputs("&lt;", p->f); break;
		case '>': fputs("&gt;", p->f); break;
		case '"': fputs("&quot;", p->f); break;
		case '\'': fputs("&#39;", p->f); break;
		default: fputc(*s, p->f);
		}
	}
}

static const char css[] =
	"body{font-family:sans-serif;margin:0 auto;max-width:36em;padding:.5em;line-height:1.45;color:#111;background:#fff}"
	"h1{font-size:1.25em;margin:.2em 0 .6em}h2{font-size:1.05em;margin:1.2em 0 .3em}"
	"label{display:block;margin-top:.7em;font-weight:bold}"
	"input,select,textarea{display:block;width:100%;box-sizing:border-box;font-size:1em;padding:.3em;margin-top:.2em}"
	"button{font-size:1em;margin-top:.8em;padding:.4em 1.2em}"
	"dl{margin:0}dt{font-weight:bold;margin-top:.5em}dd{margin:0 0 0 .8em}"
	".msg{padding:.4em;border:2px solid #a00;color:#a00}.done{padding:.4em;border:2px solid #060;color:#060}"
	".reply{border-left:3px solid #888;padding-left:.5em;margin:.4em 0}.small{font-size:.9em;color:#444}"
	".big{font-size:1.3em;font-weight:bold;word-break:break-all}";

void
page_head(struct page *p, const char *district, const char *title_en, const char *title_hi)
{
	fprintf(p->f, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>", p->hi ? "hi" : "en");
	fputs(L(title_en, title_hi), p->f);
	fprintf(p->f, "</title><style>%s</style></head><body>\n<h1>", css);
	page_esc(p, district);
	fputs(": ", p->f);
	fputs(L(title_en, title_hi), p->f);
	fputs("</h1>\n", p->f);
}

void
page_message(struct page *p, bool ok, const char *text)
{
	fprintf(p->f, "<p class=\"%s\">", ok ? "done" : "msg");
	page_esc(p, text);
	fputs("</p>\n", p->f);
}

void
page_district(struct zila_db *db, bool hi, char *out, size_t n)
{
	snprintf(out, n, "%s", hi ? "जिला" : "District");
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT CASE WHEN ?1 AND name_hi <> '' THEN name_hi ELSE name_en END"
		" FROM district WHERE code = (SELECT value FROM meta WHERE key = 'district_code')", NULL);
	if (!st)
		return;
	sqlite3_bind_int(st, 1, hi);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
}

bool
page_hindi(const char *lang, const char *accept_language)
{
	if (lang && *lang)
		return strcmp(lang, "en") != 0;
	return !(accept_language && strncmp(accept_language, "en", 2) == 0);
}

const char *
page_field(json_t *form, const char *k)
{
	const char *s = json_string_value(json_object_get(form, k));
	return s ? s : "";
}

void
page_date(struct page *p, const char *d)
{
	if (d && strlen(d) >= 10)
		fprintf(p->f, "%.2s-%.2s-%.4s", d + 8, d + 5, d);
	else
		fputs("-", p->f);
}
