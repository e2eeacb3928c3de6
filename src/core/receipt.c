/* receipt.c: the citizen's receipt for a grievance, in the citizen's
 * language (not the clerk's): the number, the date, the department that
 * will answer, the date the reply is due and what to do next. The same
 * text is shown after registration, written to a file for the printer,
 * reprinted from the grievance's detail and printed by `zila grievance
 * receipt`. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/db.h"
#include "zila/grievance.h"
#include "zila/i18n.h"
#include "zila/util.h"
#include "zila/width.h"

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* One "label: value" line, the labels padded to one width in display
 * columns so they line up in Hindi too (a vowel sign or a virama is a
 * character that takes no column of its own). */
static void
field(FILE *f, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	int w = zila_width(label, strlen(label));
	fprintf(f, "%s:%*s %s\n", label, w < 18 ? 18 - w : 0, "", value);
}

/* The receipt's columns: a printer's 80, and the screen's text area at
 * 80x24, with a margin. */
#define RECEIPT_WIDTH 76

/* A paragraph, wrapped at spaces to the receipt's width by display
 * columns (a Hindi line is narrower than its bytes), so neither the
 * screen nor the printer cuts "What next" off. */
static void __attribute__((format(printf, 2, 3)))
paragraph(FILE *f, const char *fmt, ...)
{
	char *text = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	zila_width_wrap(f, text, RECEIPT_WIDTH);
	free(text);
}

static enum zila_status
receipt_text(struct zila_db *db, json_t *g, char **text, struct zila_err *err)
{
	char district[128] = "", reg[24], due[24], mobile[16] = "";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return zila_fail(err, ZILA_ENOMEM, "receipt: out of memory");
	/* the district's name in the receipt's language, where it has one */
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT name_en, name_hi FROM district WHERE code ="
		" (SELECT value FROM meta WHERE key = 'district_code')", NULL);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		snprintf(district, sizeof district, "%s", zila_i18n_name((const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1)));
	if (st)
		sqlite3_reset(st);
	if (!district[0])
		zila_meta_get(db, "district_name", district, sizeof district, NULL);
	const char *m = str(g, "mobile");
	if (strlen(m) == 10)
		snprintf(mobile, sizeof mobile, "%.5s %.5s", m, m + 5);
	fprintf(f, _("Collectorate %s: grievance receipt"), district);
	fputs("\n\n", f);
	field(f, _("Grievance number"), str(g, "number"));
	field(f, _("Registered on"), zila_date_show(str(g, "registered_on"), reg, sizeof reg));
	field(f, _("Citizen"), str(g, "citizen_name"));
	field(f, _("Mobile"), mobile);
	field(f, _("Department"), zila_i18n_name(str(g, "department_name"), str(g, "department_name_hi")));
	field(f, _("Category"), zila_i18n_name(str(g, "category_name"), str(g, "category_name_hi")));
	field(f, _("Reply due by"), zila_date_show(str(g, "due_date"), due, sizeof due));
	fputs("\n", f);
	const char *dup = str(g, "duplicate_of_number");
	if (*dup)
		paragraph(f, _("This grievance is the same as grievance %s, which is already being dealt with. "
			       "Quote that number to ask about it."), dup);
	else
		paragraph(f, _("What next: the department will look into your grievance and reply by %s. "
			       "To ask about it, quote the number %s at the counter or by phone. "
			       "If you are not satisfied with the reply, you may appeal within 30 days of it."),
			due, str(g, "number"));
	if (*mobile)
		paragraph(f, _("Messages will come to %s when it is registered, transferred, disposed of or appealed."),
			mobile);
	fputs("\n", f);
	fputs(_("Keep this receipt."), f);
	fputs("\n", f);
	if (fclose(f) != 0) {
		free(buf);
		return zila_fail(err, ZILA_ENOMEM, "receipt: out of memory");
	}
	*text = buf;
	return ZILA_OK;
}

enum zila_status
zila_grievance_receipt(struct zila_db *db, const char *ref, const char *lang, char **text, struct zila_err *err)
{
	json_t *g = NULL;
	*text = NULL;
	if (lang && !zila_i18n_known(lang))
		return zila_fail(err, ZILA_EINVAL, "lang: '%s' is not a language of the receipt (hi or en)", lang);
	enum zila_status s = zila_grievance_get(db, ref, &g, err);
	if (s != ZILA_OK)
		return s;
	char was[8];
	snprintf(was, sizeof was, "%s", zila_i18n_lang());
	if (lang)
		zila_i18n_set_lang(lang);
	s = receipt_text(db, g, text, err);
	zila_i18n_set_lang(was);
	json_decref(g);
	return s;
}
