/* form_check.c: the rules of form fields without curses: navigation order,
 * which keys a field takes, checks of required, number, date, mobile and
 * file fields, the values handed to on_save, pick list matching. Unit-
 * tested in tests/unit/test_form.c. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zila/util.h"
#include "formdef.h"
#include "zila/i18n.h"

int
form_field_count(const struct zila_form_def *d)
{
	int n = 0;
	while (d->fields[n].key)
		n++;
	return n;
}

int
form_field_index(const struct zila_form_def *d, const char *key)
{
	for (int i = 0; d->fields[i].key; i++)
		if (strcmp(d->fields[i].key, key) == 0)
			return i;
	return -1;
}

int
form_field_step(const struct zila_form_def *d, int cur, int dir)
{
	int n = form_field_count(d);
	if (n == 0)
		return 0;
	return ((cur + dir) % n + n) % n;
}

int
form_field_width(const struct zila_form_field *f)
{
	if (f->width > 0)
		return f->width;
	switch (f->kind) {
	case FORM_NUMBER: case FORM_DATE: return 10;
	case FORM_MOBILE: return 18;
	case FORM_YESNO: return 3;
	case FORM_RATING: return 16;
	default: return 40;
	}
}

size_t
form_field_max_chars(const struct zila_form_field *f)
{
	if (f->max_chars > 0)
		return f->max_chars;
	return f->kind == FORM_MULTILINE ? 4000 : 200;
}

bool
form_char_allowed(const struct zila_form_field *f, uint32_t cp)
{
	switch (f->kind) {
	case FORM_NUMBER: return (cp >= '0' && cp <= '9') || (cp == '-' && f->min < 0);
	case FORM_DATE: return (cp >= '0' && cp <= '9') || cp == '-' || cp == '/' || cp == '.';
	case FORM_MOBILE: return (cp >= '0' && cp <= '9') || cp == '+' || cp == ' ' || cp == '-';
	default: return true;
	}
}

bool
form_mobile_ok(const char *s)
{
	char ten[11];
	return zila_mobile_normal(s, ten);
}

/* Copies s without leading and trailing white space (ASCII and the
 * newlines of the multi-line editor) into a new string. */
static char *
trimmed(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	char *out = zila_xmalloc(n + 1);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/* Parses a whole number; false when s is not one. */
static bool
parse_number(const char *s, long long *v)
{
	char *end;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return *s && !*end && errno == 0;
}

bool
form_date_iso(const char *s, char *iso, size_t n)
{
	int a, b, c, used = -1;
	char s1, s2;
	if (sscanf(s, "%4d%c%2d%c%4d%n", &a, &s1, &b, &s2, &c, &used) != 5 || used != (int)strlen(s) || s1 != s2 ||
	    !strchr("-/.", s1) || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[used - 1]))
		return false;
	const char *year_first = strchr(s, s1);
	bool iso_order = year_first - s == 4;
	if (!iso_order && strlen(strrchr(s, s1) + 1) != 4)
		return false; /* a two-digit year is not guessed */
	if (n < 11)
		return false;
	snprintf(iso, n, "%04d-%02d-%02d", iso_order ? a : c, b % 100, (iso_order ? c : a) % 100);
	return (iso_order ? c : a) < 100 && zila_date_valid(iso);
}

/* A path with a leading "~/" made absolute from $HOME (a new string). */
static char *
expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (strncmp(path, "~/", 2) != 0 || !home || !*home)
		return zila_xstrdup(path);
	size_t n = strlen(home) + strlen(path);
	char *out = zila_xmalloc(n);
	snprintf(out, n, "%s/%s", home, path + 2);
	return out;
}

/* The check of a file path: there, a plain file, readable. */
static const char *
check_path(const char *typed)
{
	struct stat st;
	const char *m = NULL;
	char *path = expand_home(typed);
	if (stat(path, &st) != 0)
		m = _("There is no such file.");
	else if (!S_ISREG(st.st_mode))
		m = _("This is not a file.");
	else if (access(path, R_OK) != 0)
		m = _("This file cannot be read.");
	free(path);
	return m;
}

/* The rule of the field's kind on a non-empty, trimmed value. */
static bool
check_kind(const struct zila_form_field *f, const char *v, char *msg, size_t n)
{
	const char *m = NULL;
	long long num;
	size_t chars;
	if (!zila_utf8_check(v, f->kind == FORM_MULTILINE, &chars))
		m = _("This text has characters that are not allowed.");
	else if (chars > form_field_max_chars(f)) {
		snprintf(msg, n, _("At most %zu characters."), form_field_max_chars(f));
		return false;
	}
	switch (m ? FORM_TEXT : f->kind) {
	case FORM_NUMBER:
		if (!parse_number(v, &num))
			m = _("Enter a whole number.");
		else if (f->min < f->max && (num < f->min || num > f->max)) {
			snprintf(msg, n, _("Enter a number from %lld to %lld."), f->min, f->max);
			return false;
		}
		break;
	case FORM_DATE: {
		char iso[11];
		if (!form_date_iso(v, iso, sizeof iso))
			m = _("Enter a real date, as 20-11-2026 or 2026-11-20.");
		break;
	}
	case FORM_MOBILE:
		if (!form_mobile_ok(v))
			m = _("A mobile number is 10 digits starting with 6, 7, 8 or 9.");
		break;
	case FORM_YESNO:
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			m = _("Answer yes or no.");
		break;
	case FORM_RATING:
		if (!form_option_label(f, v))
			m = _("Choose one of the ratings.");
		break;
	case FORM_PATH:
		m = check_path(v);
		break;
	default:
		break;
	}
	if (m)
		snprintf(msg, n, "%s", m);
	return m == NULL;
}

bool
form_check(const struct zila_form_field *f, const char *text, void *ctx, char *msg, size_t n)
{
	char *v = trimmed(text ? text : "");
	bool ok = true;
	msg[0] = '\0';
	if (!*v) {
		if (f->required) {
			snprintf(msg, n, "%s", _("This field is required."));
			ok = false;
		}
	} else if (!check_kind(f, v, msg, n))
		ok = false;
	else if (f->validate) {
		const char *m = f->validate(f, v, ctx);
		if (m) {
			snprintf(msg, n, "%s", m);
			ok = false;
		}
	}
	free(v);
	return ok;
}

const char *
form_state_get(json_t *state, const char *key)
{
	const char *s = json_string_value(json_object_get(state, key));
	return s ? s : "";
}

int
form_check_all(const struct zila_form_def *d, json_t *state, void *ctx, char *msg, size_t n)
{
	for (int i = 0; d->fields[i].key; i++)
		if (!form_check(&d->fields[i], form_state_get(state, d->fields[i].key), ctx, msg, n))
			return i;
	return -1;
}

json_t *
form_values(const struct zila_form_def *d, json_t *state)
{
	json_t *out = json_object();
	for (const struct zila_form_field *f = d->fields; f->key; f++) {
		char *v = trimmed(form_state_get(state, f->key));
		long long num;
		if (*v) {
			char iso[11];
			if (f->kind == FORM_NUMBER && parse_number(v, &num))
				json_object_set_new(out, f->key, json_integer(num));
			else if (f->kind == FORM_DATE && form_date_iso(v, iso, sizeof iso))
				json_object_set_new(out, f->key, json_string(iso));
			else if (f->kind == FORM_PATH) {
				char *path = expand_home(v);
				json_object_set_new(out, f->key, json_string(path));
				free(path);
			}
			else if (f->kind == FORM_YESNO)
				json_object_set_new(out, f->key, json_boolean(strcmp(v, "yes") == 0));
			else
				json_object_set_new(out, f->key, json_string(v));
		}
		free(v);
	}
	return out;
}

const char *
form_option_label(const struct zila_form_field *f, const char *value)
{
	for (const struct form_option *o = f->options; o && o->value; o++)
		if (strcmp(o->value, value) == 0)
			return o->label;
	return NULL;
}

json_t *
form_pick_items(json_t *rows, const char *value_key, const char *const *label_keys)
{
	return form_pick_items_within(rows, value_key, label_keys, NULL);
}

json_t *
form_pick_items_within(json_t *rows, const char *value_key, const char *const *label_keys, const char *within_key)
{
	json_t *items = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const char *value = json_string_value(json_object_get(row, value_key));
		if (!value)
			continue;
		char label[512];
		size_t o = 0;
		label[0] = '\0';
		for (const char *const *k = label_keys; *k && o < sizeof label; k++) {
			const char *part = json_string_value(json_object_get(row, *k));
			if (part && *part)
				o += (size_t)snprintf(label + o, sizeof label - o, "%s%s", o ? " " : "", part);
		}
		json_t *item = json_pack("{s:s, s:s}", "value", value, "label", label);
		const char *within = within_key ? json_string_value(json_object_get(row, within_key)) : NULL;
		if (within)
			json_object_set_new(item, "within", json_string(within));
		json_array_append_new(items, item);
	}
	return items;
}

/* strstr ignoring ASCII case; other scripts match exactly. */
static bool
contains(const char *hay, const char *needle, size_t n)
{
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

int
form_pick_match(json_t *items, const char *filter, const char *within, int *out, int max)
{
	int count = 0;
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		const char *label = json_string_value(json_object_get(item, "label"));
		const char *in = json_string_value(json_object_get(item, "within"));
		bool ok = label != NULL && (!within || !*within || (in && strcmp(in, within) == 0));
		for (const char *w = filter; ok && *w;) {
			while (*w == ' ')
				w++;
			size_t n = strcspn(w, " ");
			if (n && !contains(label, w, n))
				ok = false;
			w += n;
		}
		if (!ok)
			continue;
		if (count < max)
			out[count] = (int)i;
		count++;
	}
	return count;
}

const char *
form_pick_label(json_t *items, const char *value)
{
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		const char *v = json_string_value(json_object_get(item, "value"));
		if (v && strcmp(v, value) == 0)
			return json_string_value(json_object_get(item, "label"));
	}
	return NULL;
}

void
form_local_time(const char *iso_utc, char *buf, size_t n)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!iso_utc || !strptime(iso_utc, "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, n, "%s", iso_utc ? iso_utc : "");
		return;
	}
	time_t t = timegm(&tm) + (time_t)(5 * 3600 + 30 * 60); /* IST, no daylight saving */
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
}

bool
form_path_complete(const char *typed, char *out, size_t n)
{
	char dir[4096], shown[4096];
	const char *slash = strrchr(typed, '/');
	const char *prefix = slash ? slash + 1 : typed;
	size_t shown_len = slash ? (size_t)(slash - typed) + 1 : 0;
	if (shown_len >= sizeof shown)
		return false;
	memcpy(shown, typed, shown_len);
	shown[shown_len] = '\0';
	const char *home = getenv("HOME");
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (strncmp(shown, "~/", 2) == 0 && home)
		snprintf(dir, sizeof dir, "%s/%s", home, shown + 2);
	else
		snprintf(dir, sizeof dir, "%s", shown_len > 0 ? shown : "/");
	DIR *d = opendir(dir);
	if (!d)
		return false;
	size_t plen = strlen(prefix), common = 0;
	char best[1024] = "";
	int matches = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (e->d_name[0] == '.' && prefix[0] != '.') || strncmp(e->d_name, prefix, plen) != 0 ||
		    strlen(e->d_name) >= sizeof best)
			continue;
		if (matches++ == 0) {
			snprintf(best, sizeof best, "%s", e->d_name);
			common = strlen(best);
		} else {
			size_t k = 0;
			while (k < common && best[k] == e->d_name[k])
				k++;
			common = k;
		}
	}
	closedir(d);
	if (matches == 0)
		return false;
	/* never half a character: the common part ends on a whole one */
	while (common > plen && ((unsigned char)best[common] & 0xc0) == 0x80)
		common--;
	best[common] = '\0';
	bool folder = false;
	if (matches == 1) {
		char full[8192];
		struct stat st;
		snprintf(full, sizeof full, "%s/%s", dir, best);
		folder = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
	}
	if (common == plen && !folder)
		return false;
	if (shown_len + common + 2 > n)
		return false;
	snprintf(out, n, "%s%s%s", shown, best, folder ? "/" : "");
	return strcmp(out, typed) != 0;
}
