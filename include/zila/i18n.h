/* i18n.h: the interface's languages (English and Hindi), through gettext.
 *
 * Every user-visible string goes through _() (or N_() in static tables,
 * translated where it is shown), whole sentences only, with named parts
 * (printf arguments a translation may reorder as %1$s, %2$s), so that
 * po/hi.po can say them in natural Hindi. glibc carries gettext itself.
 *
 * The language is chosen per user (app_user.lang), else from the locale's
 * environment; it does not need a Hindi locale to be installed: any UTF-8
 * locale (C.UTF-8 at least) carries Hindi text, and the catalogue is read
 * as UTF-8 whatever the locale says. */
#ifndef ZILA_I18N_H
#define ZILA_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define ZILA_TEXT_DOMAIN "zila"
#define _(s) zila_gettext(s)
#define N_(s) (s)
/* A msgid with a context, for words that translate apart in different
 * places ("open" the status, "open" the key): looked up with
 * zila_pgettext(ctx, s). */
#define NC_(ctx, s) (s)

/* The translation of msgid in the language in use. Only a program that
 * called zila_i18n_start() translates: zilad and the tests keep the
 * English, so what travels between desk and server stays English. */
const char *zila_gettext(const char *msgid) __attribute__((format_arg(1)));
/* The same for a msgid marked NC_(ctx, msgid). */
const char *zila_pgettext(const char *ctx, const char *msgid) __attribute__((format_arg(2)));

/* A message with a count: msgid for one, plural for more, as the
 * catalogue's Plural-Forms chooses in the language in use (glibc's
 * ngettext would read another domain; xgettext takes these by
 * --keyword=zila_ngettext:1,2). */
const char *zila_ngettext(const char *msgid, const char *plural, unsigned long n)
	__attribute__((format_arg(1))) __attribute__((format_arg(2)));

/* Sets the locale from the environment, falling back to a UTF-8 locale
 * (C.UTF-8, then others) when the one asked for is missing or not UTF-8,
 * binds the catalogue (ZILA_LOCALEDIR, else the installed one, else the
 * build tree's), and chooses the language the environment asks for.
 * Returns NULL, or a note to say once: which locale stands in for which. */
const char *zila_i18n_start(void);

/* "hi" or "en": the language the environment asks for (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG), whether or not that locale is installed. */
const char *zila_i18n_env_lang(void);

/* Switches the language at once: "hi" or "en" (anything else is English).
 * Later _() calls answer in it. */
void zila_i18n_set_lang(const char *lang);
/* The language now in use: "hi" or "en". */
const char *zila_i18n_lang(void);
static inline bool zila_i18n_hindi(void) { return zila_i18n_lang()[0] == 'h'; }

/* Whether lang is a language zila speaks ("hi", "en"). */
bool zila_i18n_known(const char *lang);

/* A master's name in the language in use: name_hi when Hindi is on and
 * name_hi is not empty, else name. */
const char *zila_i18n_name(const char *name, const char *name_hi);

/* The word for a record's status ("in_progress", "pending", ...) in the
 * language in use; an unknown status comes back as it is. */
const char *zila_status_word(const char *status);

/* The name of an action's field ("citizen_name", "gp", ...) for a refusal
 * that names it: the key itself in English, the field's name in Hindi; an
 * unknown key comes back as it is. */
const char *zila_field_word(const char *key);

/* A refusal that names its field first ("gp: no gram panchayat ..."):
 * the length of the field's key, or 0 when msg does not start with a key
 * and ": ". The screens match it to a form's field. */
size_t zila_refusal_key(const char *msg);
/* The refusal as a person reads it, in buf: a leading field key said by
 * zila_field_word ("ग्राम पंचायत: ..." in Hindi; English keeps the key,
 * which the command line's options name). */
const char *zila_refusal_say(const char *msg, char *buf, size_t n);

/* The words for an event of a record's history ("interim_reply", ...) in
 * the language in use; an unknown kind comes back as it is. */
const char *zila_event_word(const char *kind);

/* A stored date (YYYY-MM-DD, or an ISO time YYYY-MM-DDTHH:MM...) as people
 * read it in India: 05-12-2026, 05-12-2026 14:30. Anything else is copied
 * as it is. Storage stays ISO; this is for screens and printouts. */
const char *zila_date_show(const char *iso, char *buf, size_t n);

/* An integer with Indian digit grouping: 12,34,567. */
const char *zila_fmt_count(long long n, char *buf, size_t size);

#endif
