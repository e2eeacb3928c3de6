/* keys.c: the request table made from UI_REQ_LIST, the key map (defaults,
 * then a keys file, as calcurse's key table), key names both ways. The
 * dispatcher, the help screen and the key bar all read this one table. */
#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui.h"

static const struct ui_request_info requests[] = {
	{ REQ_NONE, "", 0, 0, 0, "", "" },
#define UI_X(e, name, k1, k2, kinds, label, help) { REQ_##e, name, k1, k2, kinds, label, help },
	UI_REQ_LIST(UI_X)
#undef UI_X
};

const struct ui_request_info *
ui_request_info(enum ui_request req)
{
	return (unsigned)req < REQ_COUNT ? &requests[req] : &requests[0];
}

int
ui_request_from_name(const char *name)
{
	for (int i = 1; i < REQ_COUNT; i++)
		if (strcmp(requests[i].name, name) == 0)
			return i;
	return REQ_NONE;
}

static void
bind(struct ui_keymap *km, int key, enum ui_request req)
{
	if (key == 0 || km->n >= UI_MAX_BINDINGS)
		return;
	km->b[km->n].key = key;
	km->b[km->n].req = req;
	km->b[km->n].kinds = requests[req].kinds;
	km->n++;
}

void
ui_keymap_defaults(struct ui_keymap *km)
{
	km->n = 0;
	for (int i = 1; i < REQ_COUNT; i++) {
		bind(km, requests[i].key, (enum ui_request)i);
		bind(km, requests[i].key2, (enum ui_request)i);
	}
}

/* Drops every binding of req: the keys file names its own keys for it. */
static void
unbind(struct ui_keymap *km, enum ui_request req)
{
	int o = 0;
	for (int i = 0; i < km->n; i++)
		if (km->b[i].req != req)
			km->b[o++] = km->b[i];
	km->n = o;
}

int
ui_keymap_load(struct ui_keymap *km, const char *path, char *err, size_t errn)
{
	FILE *f = fopen(path, "r");
	char line[256];
	bool seen[REQ_COUNT] = { false };
	int lineno = 0, bad = 0;
	if (err && errn)
		err[0] = '\0';
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		char name[64], keytext[64];
		lineno++;
		char *p = line + strspn(line, " \t");
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		int req = REQ_NONE, key = -1;
		if (sscanf(p, "%63s %63s", name, keytext) == 2) {
			req = ui_request_from_name(name);
			key = ui_key_parse(keytext);
		}
		if (req == REQ_NONE || key <= 0) {
			if (!bad && err)
				snprintf(err, errn, _("%s line %d: expected \"request key\", like \"search /\""), path, lineno);
			bad++;
			continue;
		}
		if (!seen[req]) {
			unbind(km, (enum ui_request)req);
			seen[req] = true;
		}
		for (int i = 0; i < km->n; i++) /* the key now means req on req's screens */
			if (km->b[i].key == key && (km->b[i].kinds & requests[req].kinds))
				km->b[i].kinds &= ~requests[req].kinds;
		bind(km, key, (enum ui_request)req);
	}
	fclose(f);
	return bad;
}

enum ui_request
ui_keymap_lookup(const struct ui_keymap *km, int key, enum ui_kind kind)
{
	if (key == '\r' || key == KEY_ENTER)
		key = '\n';
	for (int i = km->n - 1; i >= 0; i--)
		if ((km->b[i].key == key || (key == '\n' && km->b[i].key == KEY_ENTER)) && (km->b[i].kinds & (int)kind))
			return km->b[i].req;
	return REQ_NONE;
}

int
ui_keymap_key_of(const struct ui_keymap *km, enum ui_request req, enum ui_kind kind)
{
	for (int i = 0; i < km->n; i++)
		if (km->b[i].req == req && (km->b[i].kinds & (int)kind))
			return km->b[i].key;
	return 0;
}

static const struct { int key; const char *name; } key_names[] = {
	{ KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" }, { KEY_RIGHT, "Right" },
	{ KEY_NPAGE, "PgDn" }, { KEY_PPAGE, "PgUp" }, { KEY_HOME, "Home" }, { KEY_END, "End" },
	{ '\n', "Enter" }, { KEY_ENTER, "KpEnter" }, { UI_KEY_ESC, "Esc" }, { '\t', "Tab" },
	{ KEY_BTAB, "BackTab" }, { ' ', "Space" }, { KEY_BACKSPACE, "Backspace" }, { KEY_DC, "Delete" },
	{ KEY_IC, "Insert" },
};

void
ui_key_name(int key, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key) {
			snprintf(buf, n, "%s", key_names[i].name);
			return;
		}
	}
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, n, "F%d", key - KEY_F0);
	else if (key > 0 && key < 0x20)
		snprintf(buf, n, "^%c", key + '@');
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, n, "%c", key);
	else
		snprintf(buf, n, "#%d", key);
}

int
ui_key_parse(const char *s)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcasecmp(s, key_names[i].name) == 0)
			return key_names[i].key;
	size_t len = strlen(s);
	if (len == 1 && s[0] > 0x20 && s[0] < 0x7f)
		return s[0];
	if (len == 2 && s[0] == '^' && isalpha((unsigned char)s[1]))
		return toupper((unsigned char)s[1]) - '@';
	if ((s[0] == 'F' || s[0] == 'f') && len >= 2 && len <= 3) {
		char *end;
		long k = strtol(s + 1, &end, 10);
		if (*end == '\0' && k >= 1 && k <= 12)
			return KEY_F((int)k);
	}
	return -1;
}
