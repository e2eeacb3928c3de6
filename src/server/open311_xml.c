/* open311_xml.c: GeoReport v2 answers as XML. The answers are built once
 * as JSON (arrays of objects with their keys in the standard's order) and
 * written either way, so the two formats cannot disagree. A list's
 * elements are named by the singular of the list (services -> service). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zilad.h"

struct buf {
	char *p;
	size_t len, cap;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		char *np = realloc(b->p, b->cap);
		if (!np)
			abort(); /* as zila_xrealloc: no limping on without memory */
		b->p = np;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Element text with &, < and > escaped (quotes matter only in
 * attributes, which these documents have none of); the text is valid
 * UTF-8 (jansson holds nothing else), control characters are dropped. */
static void
put_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': puts_(b, "&amp;"); break;
		case '<': puts_(b, "&lt;"); break;
		case '>': puts_(b, "&gt;"); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				break;
			put(b, s, 1);
		}
	}
}

/* The element name of one item of a list named plural. */
static const char *
singular(const char *plural)
{
	static const char *const pairs[][2] = {
		{ "services", "service" }, { "service_requests", "request" }, { "attributes", "attribute" },
		{ "values", "value" }, { "endpoints", "endpoint" }, { "formats", "format" }, { "errors", "error" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (strcmp(pairs[i][0], plural) == 0)
			return pairs[i][1];
	return "item";
}

static void element(struct buf *b, const char *name, json_t *v);

static void
children(struct buf *b, const char *name, json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach(v, k, x)
			element(b, k, x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			element(b, singular(name), x);
	}
}

static void
element(struct buf *b, const char *name, json_t *v)
{
	char num[64];
	if (json_is_null(v))
		return; /* absent, as the standard leaves optional fields out */
	puts_(b, "<");
	puts_(b, name);
	puts_(b, ">");
	if (json_is_string(v))
		put_text(b, json_string_value(v));
	else if (json_is_true(v))
		puts_(b, "true");
	else if (json_is_false(v))
		puts_(b, "false");
	else if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		puts_(b, num);
	} else if (json_is_real(v)) {
		snprintf(num, sizeof num, "%.7f", json_real_value(v));
		puts_(b, num);
	} else
		children(b, name, v);
	puts_(b, "</");
	puts_(b, name);
	puts_(b, ">");
}

char *
zilad_o311_xml(const char *root, json_t *v)
{
	struct buf b = { 0 };
	puts_(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
	element(&b, root, v);
	puts_(&b, "\n");
	return b.p;
}
