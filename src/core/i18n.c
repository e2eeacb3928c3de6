/* i18n.c: choosing the locale, the catalogue and the language. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "config.h"
#include "zila/i18n.h"

/* glibc's catalogue cache is keyed by this counter; raising it after
 * LANGUAGE changes makes the next gettext() look again (the gettext
 * manual's documented way to switch languages at run time). */
extern int _nl_msg_cat_cntr;

static char current[3] = "en";
static bool started;
static char note[256];

static bool
utf8_codeset(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* The first of the environment's locale variables that is set, as
 * setlocale(LC_MESSAGES, "") reads them. */
static const char *
env_locale(void)
{
	static const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

const char *
zila_i18n_env_lang(void)
{
	const char *lang = getenv("LANGUAGE");
	const char *loc = env_locale();
	/* LANGUAGE is a list (hi:en); its first entry decides */
	if (lang && *lang)
		return strncmp(lang, "hi", 2) == 0 ? "hi" : "en";
	return loc && strncmp(loc, "hi", 2) == 0 ? "hi" : "en";
}

static bool
has_catalogue(const char *dir)
{
	char path[4096];
	struct stat st;
	snprintf(path, sizeof path, "%s/hi/LC_MESSAGES/%s.mo", dir, ZILA_TEXT_DOMAIN);
	return stat(path, &st) == 0;
}

static void
bind_catalogue(void)
{
	const char *dir = getenv("ZILA_LOCALEDIR");
	if (!dir || !*dir) {
		dir = LOCALEDIR;
#ifdef ZILA_BUILD_LOCALEDIR
		/* a zila run from its build tree, not installed yet */
		if (!has_catalogue(dir) && has_catalogue(ZILA_BUILD_LOCALEDIR))
			dir = ZILA_BUILD_LOCALEDIR;
#endif
	}
	bindtextdomain(ZILA_TEXT_DOMAIN, dir);
	bind_textdomain_codeset(ZILA_TEXT_DOMAIN, "UTF-8");
}

const char *
zila_gettext(const char *msgid)
{
	return started ? dgettext(ZILA_TEXT_DOMAIN, msgid) : msgid;
}

const char *
zila_ngettext(const char *msgid, const char *plural, unsigned long n)
{
	return started ? dngettext(ZILA_TEXT_DOMAIN, msgid, plural, n) : n == 1 ? msgid : plural;
}

const char *
zila_pgettext(const char *ctx, const char *msgid)
{
	char key[256];
	if (!started || snprintf(key, sizeof key, "%s\004%s", ctx, msgid) >= (int)sizeof key)
		return msgid;
	const char *t = dgettext(ZILA_TEXT_DOMAIN, key);
	return t == key ? msgid : t;
}

const char *
zila_i18n_start(void)
{
	static const char *fallbacks[] = {
		"C.UTF-8", "C.utf8", "en_IN.UTF-8", "hi_IN.UTF-8", "en_US.UTF-8", "en_GB.UTF-8"
	};
	const char *asked = env_locale();
	const char *got = setlocale(LC_ALL, "");
	started = true;
	note[0] = '\0';
	if (!got || !utf8_codeset()) {
		const char *used = NULL;
		for (size_t i = 0; i < sizeof fallbacks / sizeof fallbacks[0] && !used; i++)
			if (setlocale(LC_ALL, fallbacks[i]) && utf8_codeset())
				used = fallbacks[i];
		if (!used)
			setlocale(LC_ALL, got ? "" : "C");
		bind_catalogue();
		zila_i18n_set_lang(zila_i18n_env_lang());
		if (used && !got)
			snprintf(note, sizeof note, _("The locale %1$s is not installed here; %2$s is used instead, so Hindi shows and can be typed."),
				asked, used);
		else if (used)
			snprintf(note, sizeof note, _("The locale %1$s cannot carry Hindi (it is not UTF-8); %2$s is used instead, so Hindi shows and can be typed."),
				asked ? asked : "C", used);
		else
			snprintf(note, sizeof note, _("No UTF-8 locale is installed here: Hindi may not show. Install the package locales."));
		return note;
	}
	bind_catalogue();
	zila_i18n_set_lang(zila_i18n_env_lang());
	return NULL;
}

void
zila_i18n_set_lang(const char *lang)
{
	const char *l = lang && strcmp(lang, "hi") == 0 ? "hi" : "en";
	/* LANGUAGE outranks LC_MESSAGES in gettext, and needs no locale of
	 * that name to be installed */
	setenv("LANGUAGE", l, 1);
	++_nl_msg_cat_cntr;
	memcpy(current, l, 3);
}

const char *
zila_i18n_lang(void)
{
	return current;
}

bool
zila_i18n_known(const char *lang)
{
	return lang && (strcmp(lang, "hi") == 0 || strcmp(lang, "en") == 0);
}

const char *
zila_i18n_name(const char *name, const char *name_hi)
{
	if (zila_i18n_hindi() && name_hi && *name_hi)
		return name_hi;
	return name ? name : "";
}

/* Every status of every record kind: one list, so a new status is one
 * line here and one in po/hi.po. */
static const struct {
	const char *status, *word;
} status_words[] = {
	{ "open", NC_("status", "open") }, { "closed", NC_("status", "closed") },
	{ "pending", NC_("status", "pending") }, { "replied", NC_("status", "replied") },
	{ "registered", NC_("status", "registered") }, { "assigned", NC_("status", "assigned") },
	{ "in_progress", NC_("status", "in progress") }, { "disposed", NC_("status", "disposed") },
	{ "appealed", NC_("status", "appealed") }, { "draft", NC_("status", "draft") },
	{ "submitted", NC_("status", "submitted") }, { "complied", NC_("status", "complied") },
	{ "verified", NC_("status", "verified") },
	/* the checklist's ratings */
	{ "good", NC_("status", "good") }, { "average", NC_("status", "average") }, { "poor", NC_("status", "poor") },
	{ "na", NC_("status", "not applicable") },
};

const char *
zila_status_word(const char *status)
{
	if (!status)
		return "";
	for (size_t i = 0; i < sizeof status_words / sizeof status_words[0]; i++)
		if (strcmp(status_words[i].status, status) == 0)
			return zila_pgettext("status", status_words[i].word);
	return status;
}

/* The fields a refusal names ("%s is required"): English keeps the key,
 * which the command line's options and scripts know; other languages say
 * the field's name, so no raw key sits inside a translated sentence. A
 * key not listed comes back as it is. */
static const char *const field_keys[] = {
	NC_("field", "accept"), NC_("field", "active"), NC_("field", "address"), NC_("field", "block"),
	NC_("field", "category"), NC_("field", "channel"), NC_("field", "citizen_name"), NC_("field", "code"),
	NC_("field", "days"), NC_("field", "department"), NC_("field", "description"), NC_("field", "gp"),
	NC_("field", "grievance"), NC_("field", "inspected_on"), NC_("field", "inspection"), NC_("field", "interim"),
	NC_("field", "item"), NC_("field", "kind"), NC_("field", "lang"), NC_("field", "lat"), NC_("field", "letter"),
	NC_("field", "letter_date"), NC_("field", "lgd_code"), NC_("field", "login"), NC_("field", "lon"),
	NC_("field", "mobile"), NC_("field", "name"), NC_("field", "name_en"), NC_("field", "name_hi"),
	NC_("field", "nodal"), NC_("field", "note"), NC_("field", "number"), NC_("field", "observations"),
	NC_("field", "of"), NC_("field", "officer"), NC_("field", "position"), NC_("field", "rating"),
	NC_("field", "reason"), NC_("field", "received_on"), NC_("field", "remark"), NC_("field", "remarks"),
	NC_("field", "replied_on"), NC_("field", "reply"), NC_("field", "reply_ref"), NC_("field", "role"),
	NC_("field", "sender"), NC_("field", "sender_ref"), NC_("field", "subject"), NC_("field", "suggestion"),
	NC_("field", "target_date"), NC_("field", "text"), NC_("field", "text_en"), NC_("field", "text_hi"),
	NC_("field", "user"), NC_("field", "village"), NC_("field", "visibility"), NC_("field", "ward"),
};

const char *
zila_field_word(const char *key)
{
	if (!key)
		return "";
	for (size_t i = 0; i < sizeof field_keys / sizeof field_keys[0]; i++)
		if (strcmp(field_keys[i], key) == 0)
			return zila_pgettext("field", field_keys[i]);
	return key;
}

size_t
zila_refusal_key(const char *msg)
{
	size_t k = 0;
	if (!msg)
		return 0;
	/* a form's keys may end in digits (dept1, days3) */
	while ((msg[k] >= 'a' && msg[k] <= 'z') || msg[k] == '_' || (k > 0 && msg[k] >= '0' && msg[k] <= '9'))
		k++;
	return k > 0 && msg[k] == ':' && msg[k + 1] == ' ' ? k : 0;
}

const char *
zila_refusal_say(const char *msg, char *buf, size_t n)
{
	char key[64];
	size_t k = zila_refusal_key(msg);
	if (!k || k >= sizeof key) {
		snprintf(buf, n, "%s", msg ? msg : "");
		return buf;
	}
	memcpy(key, msg, k);
	key[k] = '\0';
	snprintf(buf, n, "%s: %s", zila_field_word(key), msg + k + 2);
	return buf;
}

static const struct {
	const char *kind, *word;
} event_words[] = {
	{ "created", NC_("event", "created") }, { "marked", NC_("event", "marked") },
	{ "reminded", NC_("event", "reminded") }, { "replied", NC_("event", "replied") },
	{ "closed", NC_("event", "closed") }, { "letter_closed", NC_("event", "letter closed") },
	{ "registered", NC_("event", "registered") }, { "assigned", NC_("event", "assigned") },
	{ "transferred", NC_("event", "transferred") }, { "note", NC_("event", "note") },
	{ "interim_reply", NC_("event", "interim reply") }, { "disposed", NC_("event", "disposed") },
	{ "feedback", NC_("event", "feedback") }, { "appealed", NC_("event", "appealed") },
	{ "appeal_disposed", NC_("event", "appeal disposed") }, { "reopened", NC_("event", "reopened") },
	{ "duplicate", NC_("event", "marked a duplicate") }, { "attached", NC_("event", "attachment added") },
	{ "recorded", NC_("event", "recorded") }, { "updated", NC_("event", "updated") },
	{ "submitted", NC_("event", "submitted") }, { "complied", NC_("event", "complied") },
	{ "verified", NC_("event", "verified") }, { "returned", NC_("event", "returned") },
};

const char *
zila_event_word(const char *kind)
{
	if (!kind)
		return "";
	for (size_t i = 0; i < sizeof event_words / sizeof event_words[0]; i++)
		if (strcmp(event_words[i].kind, kind) == 0)
			return zila_pgettext("event", event_words[i].word);
	return kind;
}

static bool
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

const char *
zila_date_show(const char *iso, char *buf, size_t n)
{
	if (!iso)
		iso = "";
	if (digits(iso, 4) && iso[4] == '-' && digits(iso + 5, 2) && iso[7] == '-' && digits(iso + 8, 2)) {
		if (iso[10] == '\0') {
			snprintf(buf, n, "%.2s-%.2s-%.4s", iso + 8, iso + 5, iso);
			return buf;
		}
		if ((iso[10] == 'T' || iso[10] == ' ') && digits(iso + 11, 2) && iso[13] == ':' && digits(iso + 14, 2)) {
			snprintf(buf, n, "%.2s-%.2s-%.4s %.5s", iso + 8, iso + 5, iso, iso + 11);
			return buf;
		}
	}
	snprintf(buf, n, "%s", iso);
	return buf;
}

const char *
zila_fmt_count(long long n, char *buf, size_t size)
{
	char digs[32], out[48];
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	int len = snprintf(digs, sizeof digs, "%llu", u);
	int o = 0;
	if (n < 0)
		out[o++] = '-';
	/* Indian grouping: the last three digits, then pairs */
	for (int i = 0; i < len; i++) {
		int left = len - i;
		if (i > 0 && (left == 3 || (left > 3 && (left - 3) % 2 == 0)))
			out[o++] = ',';
		out[o++] = digs[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
	return buf;
}
