/* election_orders.c: appointment orders and party lists, laid out as
 * lines in the language in use, and printed as text. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "election_orders.h"
#include "zila/i18n.h"

static void
line(json_t *page, const char *style, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
line(json_t *page, const char *style, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	json_array_append_new(page, json_pack("{s:s, s:s}", "text", buf, "style", style));
}

static const char *
str(json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

/* name_en or name_hi by the language in use (prefix "station" gives
 * station_en / station_hi). */
static const char *
named(json_t *row, const char *prefix)
{
	char en[64], hi[64];
	snprintf(en, sizeof en, "%s_en", prefix);
	snprintf(hi, sizeof hi, "%s_hi", prefix);
	return zila_i18n_name(str(row, en), str(row, hi));
}

static const char *
seat_name(long long seat)
{
	switch (seat) {
	case 0: return _("Presiding Officer");
	case 1: return _("Polling Officer 1");
	case 2: return _("Polling Officer 2");
	default: return _("Polling Officer 3");
	}
}

json_t *
election_appointments(json_t *rows)
{
	json_t *doc = json_array(), *r;
	size_t i;
	json_array_foreach(rows, i, r) {
		json_t *page = json_array();
		long long seat = json_integer_value(json_object_get(r, "seat"));
		line(page, "small", "%s", _("Office of the District Election Officer"));
		line(page, "title", "%s", named(r, "election"));
		line(page, "heading", "%s", _("Order of appointment to a polling party"));
		line(page, "body", _("%s (employee %s), %s, %s, is appointed %s of polling party %lld of assembly constituency %s %s."),
			str(r, "name"), str(r, "employee_id"), str(r, "designation"), named(r, "office"), seat_name(seat),
			json_integer_value(json_object_get(r, "party")), str(r, "constituency"), named(r, "constituency"));
		if (*str(r, "station"))
			line(page, "body", _("The party is sent to polling station %s, %s."), str(r, "station"), named(r, "station"));
		else
			line(page, "body", "%s", _("The party is in reserve: it is sent where it is needed."));
		line(page, "body", "%s", _("Attend the training and report at the dispatch centre as told. Absence is an offence under section 134 of the Representation of the People Act, 1951."));
		line(page, "small", _("Election %s, randomised by zila: the seed and the hashes are in the audit log."), str(r, "election"));
		json_array_append_new(doc, page);
	}
	return doc;
}

json_t *
election_party_lists(json_t *rows)
{
	json_t *doc = json_array(), *page = NULL, *r;
	const char *ac = NULL;
	long long party = -1;
	size_t i;
	json_array_foreach(rows, i, r) {
		if (!ac || strcmp(ac, str(r, "constituency")) != 0) {
			page = json_array();
			json_array_append_new(doc, page);
			ac = str(r, "constituency");
			party = -1;
			line(page, "small", "%s", _("Office of the District Election Officer"));
			line(page, "title", "%s", named(r, "election"));
			line(page, "heading", _("Polling parties of assembly constituency %s %s"), ac, named(r, "constituency"));
		}
		long long p = json_integer_value(json_object_get(r, "party"));
		if (p != party) {
			party = p;
			if (*str(r, "station"))
				line(page, "heading", _("Party %lld: polling station %s, %s"), p, str(r, "station"), named(r, "station"));
			else
				line(page, "heading", _("Party %lld: reserve"), p);
		}
		line(page, "body", "%s: %s (%s), %s, %s", seat_name(json_integer_value(json_object_get(r, "seat"))), str(r, "name"),
			str(r, "employee_id"), str(r, "designation"), named(r, "office"));
	}
	return doc;
}

void
election_print(json_t *doc, FILE *out)
{
	json_t *page, *l;
	size_t i, j;
	json_array_foreach(doc, i, page) {
		if (i)
			fputs("\n----------------------------------------------------------------\n\n", out);
		json_array_foreach(page, j, l) {
			const char *style = json_string_value(json_object_get(l, "style"));
			const char *text = json_string_value(json_object_get(l, "text"));
			fprintf(out, strcmp(style, "heading") == 0 ? "\n%s\n" : "%s\n", text);
		}
	}
}
