/* login.c: the login screen and the locked session. Five wrong passwords
 * in a row cost a 30 second wait (a person mistyping loses little, a
 * guesser a lot); a locked session opens only for the same user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "screen.h"
#include "zila/session.h"
#include "zila/master.h"

#define LOGIN_TRIES 5
#define LOGIN_WAIT_S 30

struct login_screen {
	struct ui_screen base;
	const char *user;
	bool relock;
	char district[128];
};

static const enum ui_request login_bar[] = { REQ_NONE };

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
field_x(void)
{
	return COLS / 2 - 10;
}

static void
login_draw(struct ui *ui, struct ui_screen *s, int top, int height)
{
	struct login_screen *ls = (struct login_screen *)s;
	int y = top + height / 2 - 4, x = field_x() - 12;
	(void)ui;
	ui_draw_text(y, x, ls->relock ? _("This session is locked. Enter the password to go on.")
		: _("Log in to Zila Desk"), COLS - x - 1, A_BOLD, false);
	ui_draw_text(y + 1, x, ls->district, COLS - x - 1, A_NORMAL, false);
	ui_draw_text(y + 3, x, _("User:"), 11, A_NORMAL, false);
	ui_draw_text(y + 3, field_x(), ls->user, 32, A_NORMAL, false);
	ui_draw_text(y + 4, x, _("Password:"), 11, A_NORMAL, false);
}

static int
login_key(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch)
{
	(void)ui;
	(void)s;
	(void)req;
	(void)ch;
	return UI_IGNORED;
}

static void
login_free(struct ui_screen *s)
{
	free(s);
}

static const struct ui_screen_ops login_ops = {
	.kind = UI_K_PICK, .draw = login_draw, .key = login_key, .free = login_free, .bar = login_bar,
};

/* Waits out the penalty, swallowing keys, with one message and no
 * countdown (nothing redraws on a slow link while nobody types). */
static void
penalty(struct ui *ui)
{
	ui_message(ui, true, _("%d wrong passwords in a row: wait %d seconds before trying again."), LOGIN_TRIES,
		LOGIN_WAIT_S);
	ui_paint(ui);
	double until = now_s() + LOGIN_WAIT_S;
	while (!ui_display_signalled()) {
		double left = until - now_s();
		if (left <= 0)
			break;
		timeout((int)(left * 1000) + 1);
		getch();
	}
	flushinp();
	ui->msg[0] = '\0';
}

bool
ui_login(struct ui *ui, bool relock)
{
	struct login_screen *ls = calloc(1, sizeof *ls);
	char user[64], pw[256];
	int failures = 0;
	bool ok = false, ask_user = !relock;
	if (!ls)
		return false;
	ls->base.ops = &login_ops;
	ls->relock = relock;
	ls->user = user;
	snprintf(ls->base.title, sizeof ls->base.title, "%s", _("Zila Desk"));
	if (zila_meta_get(ui->db, "district_name", ls->district, sizeof ls->district, NULL) != ZILA_OK)
		ls->district[0] = '\0';
	snprintf(user, sizeof user, "%s", relock ? ui->actor.login : "");
	/* the person stepped away: their command-line sessions end too */
	if (relock)
		zila_session_end_user(ui->db, ui->actor.user_id, NULL);
	ui_push(ui, &ls->base);
	while (!ok && !ui_display_signalled()) {
		int y = 1 + ui_body_height() / 2 - 4 + 3;
		if (ask_user) {
			if (!ui_edit_line(ui, y, field_x(), 32, user, sizeof user, false, true)) {
				if (ui_display_signalled())
					break;
				continue; /* Esc on the login screen: nothing to go back to */
			}
			if (!user[0])
				continue;
		}
		pw[0] = '\0';
		ui_paint(ui);
		if (!ui_edit_line(ui, y + 1, field_x(), 32, pw, sizeof pw, true, false)) {
			/* Esc in the password goes back to the user (not when locked) */
			ask_user = !relock;
			continue;
		}
		ask_user = false;
		struct zila_err err = { 0 };
		struct zila_actor actor;
		if (zila_login(ui->db, user, pw, &actor, &err) == ZILA_OK) {
			ui->actor = actor;
			/* the user's own language from here on ("" keeps the locale's) */
			zila_i18n_set_lang(actor.lang[0] ? actor.lang : zila_i18n_env_lang());
			ui->msg[0] = '\0';
			ok = true;
		} else if (++failures >= LOGIN_TRIES) {
			failures = 0;
			penalty(ui);
		} else {
			ui_message(ui, true, _("Wrong user or password (%d of %d tries)."), failures, LOGIN_TRIES);
		}
		sodium_memzero(pw, sizeof pw);
	}
	ui_pop(ui);
	return ok;
}
