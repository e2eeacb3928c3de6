/* ui_main.c: `zila` with no subcommand (the command line reads its
 * options and opens the database): the configuration
 * (~/.config/zila/zila.conf and keys), login, then one loop: paint once,
 * wait for a key, dispatch it through the key map to the top screen, then
 * to the requests every screen shares. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "screen.h"
#include "sync.h"
#include "check.h"
#include "zila/tui.h"

/* The folder of zila's settings: $XDG_CONFIG_HOME/zila or ~/.config/zila. */
static void
config_path(const char *file, char *buf, size_t n)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg)
		snprintf(buf, n, "%s/zila/%s", xdg, file);
	else
		snprintf(buf, n, "%s/.config/zila/%s", home ? home : ".", file);
}

/* Reads "key = value" lines: lock_minutes, sync_minutes, attachment_inbox. */
static void
load_config(struct ui *ui)
{
	char path[4096], line[1200];
	config_path("zila.conf", path, sizeof path);
	ui->lock_ms = 15 * 60 * 1000;
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		double minutes;
		if (sscanf(line, " lock_minutes = %lf", &minutes) == 1 && minutes >= 0 && minutes < 24 * 60)
			ui->lock_ms = (int)(minutes * 60 * 1000);
		if (sscanf(line, " sync_minutes = %lf", &minutes) == 1 && minutes >= 0 && minutes <= 7 * 24 * 60)
			ui->sync_seconds = (int)(minutes * 60);
		char *v = strchr(line, '=');
		if (v && strncmp(line + strspn(line, " \t"), "attachment_inbox", 16) == 0) {
			v += 1 + strspn(v + 1, " \t");
			v[strcspn(v, "\r\n")] = '\0';
			for (size_t k = strlen(v); k > 0 && (v[k - 1] == ' ' || v[k - 1] == '\t'); k--)
				v[k - 1] = '\0';
			const char *home = getenv("HOME");
			if (strncmp(v, "~/", 2) == 0 && home)
				snprintf(ui->inbox, sizeof ui->inbox, "%s/%s", home, v + 2);
			else
				snprintf(ui->inbox, sizeof ui->inbox, "%s", v);
		}
	}
	fclose(f);
}

/* Each row of UI_VIEW_LIST: its request and what it opens. */
static const struct view_goto {
	enum ui_request req;
	const struct zila_view *view; /* a list, or NULL: */
	void (*open)(struct ui *ui);  /* a screen of its own */
} view_gotos[] = {
#define GOTO_LIST(name) &ui_view_##name, NULL
#define GOTO_SCREEN(name) NULL, ui_open_##name
#define UI_X(X, NAME, name, key, label, help, how) { REQ_VIEW_##NAME, GOTO_##how(name) },
	UI_VIEW_LIST(UI_X, _)
#undef UI_X
#undef GOTO_LIST
#undef GOTO_SCREEN
};

static const struct view_goto *
view_goto(enum ui_request req)
{
	for (size_t i = 0; i < sizeof view_gotos / sizeof view_gotos[0]; i++)
		if (view_gotos[i].req == req)
			return &view_gotos[i];
	return NULL;
}

void
ui_goto(struct ui *ui, enum ui_request req)
{
	/* the screens between are closed unseen: reloading each on the way
	 * down (home's summary is 40-130 ms on a district's database) would
	 * only delay the list asked for */
	while (ui->depth > 1)
		ui_pop_quiet(ui);
	struct ui_screen *home = ui_top(ui);
	if (req == REQ_VIEW_HOME && home && home->ops->reload)
		home->ops->reload(ui, home);
	const struct view_goto *g = view_goto(req);
	if (g && g->view)
		ui_open_list(ui, g->view, NULL);
	else if (g)
		g->open(ui);
	else if (req == REQ_VIEW_SYNC)
		ui_open_sync(ui);
}

/* Hindi to English or back, at once: every screen on the stack is read
 * again in the new language, and the choice is kept with the user (the
 * user.lang action, so it reaches the user's other desks too). */
static void
switch_lang(struct ui *ui)
{
	const char *next = zila_i18n_hindi() ? "en" : "hi";
	struct zila_err err = { 0 };
	json_t *args = json_pack("{s:s}", "lang", next);
	enum zila_status st = zila_action_run(ui->db, &ui->actor, "user.lang", args, NULL, NULL, &err);
	json_decref(args);
	zila_i18n_set_lang(next);
	snprintf(ui->actor.lang, sizeof ui->actor.lang, "%s", next);
	for (int i = 0; i < ui->depth; i++)
		if (ui->stack[i]->ops->reload)
			ui->stack[i]->ops->reload(ui, ui->stack[i]);
	ui->clear_next = true;
	if (st != ZILA_OK)
		ui_message(ui, true, _("The language changed for this session only: %s"), err.msg);
	else
		ui_message(ui, false, "%s", zila_i18n_hindi() ? _("The screens now speak Hindi.") : _("The screens now speak English."));
}

/* Requests every screen shares, after the screen itself passed. */
static void
common_request(struct ui *ui, enum ui_request req)
{
	struct ui_screen *s = ui_top(ui);
	switch (req) {
	case REQ_HELP: ui_open_help(ui, s); break;
	case REQ_BACK:
		if (ui->depth > 1)
			ui_pop(ui);
		else if (ui_confirm(ui, _("Leave Zila Desk? (y/n)")))
			ui->quit = true;
		break;
	case REQ_QUIT: ui->quit = true; break;
	case REQ_LANG: switch_lang(ui); break;
	case REQ_REDRAW: ui->clear_next = true; break;
	case REQ_LOCK:
		if (!ui_login(ui, true))
			ui->quit = true;
		break;
	case REQ_VIEW_HOME: ui_goto(ui, REQ_VIEW_HOME); break;
	case REQ_VIEW_SYNC: ui_goto(ui, req); break;
	case REQ_VIEW_MASTERS: ui_open_masters(ui); break;
	case REQ_SYNC: ui_sync_start(ui); break;
	case REQ_SYNC_CANCEL: ui_sync_cancel(ui); break;
	default:
		if (view_goto(req))
			ui_goto(ui, req);
		break;
	}
}

static void
run(struct ui *ui)
{
	while (!ui->quit && ui->depth > 0 && !ui_display_signalled()) {
		ui_paint(ui);
		int ch = ui_getkey(ui);
		if (ch == ERR) {
			if (ui_display_signalled())
				break;
			/* idle for lock_minutes: lock until the same user comes back */
			if (ui->lock_ms > 0 && !ui_login(ui, true))
				break;
			continue;
		}
		if (ch == KEY_RESIZE)
			continue;
		if (ch == UI_KEY_SYNC) {
			ui_sync_event(ui);
			continue;
		}
		if (ch == UI_KEY_CHECK) {
			ui_check_event(ui);
			continue;
		}
		if (ui_too_small()) {
			if (ch == 'Q')
				ui->quit = true;
			continue;
		}
		ui->msg[0] = '\0';
		struct ui_screen *s = ui_top(ui);
		enum ui_request req = ui_keymap_lookup(&ui->keys, ch, s->ops->kind);
		int r = s->ops->key(ui, s, req, ch);
		if (r == UI_CLOSE)
			ui_pop(ui);
		else if (r == UI_IGNORED && req != REQ_NONE)
			common_request(ui, req);
	}
}

int
ui_main(struct zila_db *db, bool slow, const char *note)
{
	struct ui *ui = calloc(1, sizeof *ui);
	char path[4096], kerr[300];
	if (!ui)
		return 1;
	ui->db = db;
	load_config(ui);
	ui_keymap_defaults(&ui->keys);
	config_path("keys", path, sizeof path);
	ui_keymap_load(&ui->keys, path, kerr, sizeof kerr);
	ui_display_start(ui, slow);
	if (kerr[0])
		ui_message(ui, true, "%s", kerr);
	else if (note)
		ui_message(ui, false, "%s", note);
	if (ui_login(ui, false)) {
		ui_open_home(ui);
		ui_sync_init(ui, ui->sync_seconds);
		/* after the first screen: the check must never delay it */
		ui_paint(ui);
		ui_check_start(ui);
		run(ui);
	}
	ui_check_stop(ui);
	ui_sync_stop(ui);
	ui->quit = true; /* no screen reloads while the stack is taken down */
	while (ui->depth > 0)
		ui_pop(ui);
	ui_display_stop();
	free(ui);
	return 0;
}
