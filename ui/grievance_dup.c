/* grievance_dup.c: the counter's duplicate warning. When the clerk saves
 * a new grievance, the open grievances it may repeat (the citizen's own by
 * mobile number, and alike ones of the same panchayat, from
 * zila_grievance_similar) are shown first; the clerk saves it anyway (s),
 * links it as a duplicate of the one selected (Enter), or goes back to the
 * form (Esc). Nothing is shown when there is nothing alike. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "zila/grievance.h"
#include "zila/util.h"

struct dupscreen {
	struct ui_screen base;
	json_t *rows;
	int sel;
};

static const enum ui_request dup_bar[] = { REQ_NONE };

static void
dup_draw(struct ui *ui, struct ui_screen *s, int top, int height)
{
	struct dupscreen *d = (struct dupscreen *)s;
	int n = (int)json_array_size(d->rows), y = top + 1;
	ui_draw_text(top, 1, _("Open grievances that may be the same as the new one:"),
		COLS - 2, A_BOLD, false);
	for (int i = 0; i < n && y + 1 < top + height - 2; i++) {
		json_t *r = json_array_get(d->rows, (size_t)i);
		char why[80], line[400], date[24];
		long long pct = json_integer_value(json_object_get(r, "alike"));
		if (strcmp(ui_str(r, "why"), "mobile") == 0)
			snprintf(why, sizeof why, "%s", _("same mobile"));
		else
			snprintf(why, sizeof why, _("%lld%% alike"), pct);
		snprintf(line, sizeof line, "%s  %s  %s  %s  (%s)", ui_str(r, "number"),
			zila_date_show(ui_str(r, "registered_on"), date, sizeof date), zila_status_word(ui_str(r, "status")),
			ui_str(r, "citizen_name"), why);
		bool sel = i == d->sel;
		y++;
		if (sel && ui->slow)
			mvaddch(y, 0, '>');
		ui_draw_text(y, 1, line, COLS - 2, sel && !ui->slow ? ui_attr(UI_A_SELECTED) : A_NORMAL, false);
		y++;
		ui_draw_text(y, 3, ui_str(r, "description"), COLS - 4, ui_attr(UI_A_DIM), false);
	}
	ui_draw_text(top + height - 1, 1,
		_("Enter: it is a duplicate of this one   s: save it as new   Esc: back to the form"),
		COLS - 2, A_NORMAL, false);
}

static int
dup_key(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch)
{
	(void)ui;
	(void)s;
	(void)req;
	(void)ch;
	return UI_IGNORED;
}

static void
dup_free(struct ui_screen *s)
{
	free(s);
}

static const struct ui_screen_ops dup_ops = {
	.kind = UI_K_PICK, .draw = dup_draw, .key = dup_key, .free = dup_free, .bar = dup_bar,
};

enum zila_status
ui_grievance_dup_check(struct ui *ui, json_t *args, char *dup_of, size_t n, struct zila_err *err)
{
	json_t *rows = NULL;
	dup_of[0] = '\0';
	enum zila_status st = zila_grievance_similar(ui->db, ui_str(args, "mobile"), ui_str(args, "gp"),
		ui_str(args, "description"), 8, &rows, err);
	if (st != ZILA_OK)
		return st;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return ZILA_OK;
	}
	struct dupscreen *d = zila_xcalloc(1, sizeof *d);
	d->base.ops = &dup_ops;
	d->rows = rows;
	snprintf(d->base.title, sizeof d->base.title, "%s", _("Before saving: is it a grievance already registered?"));
	snprintf(d->base.info, sizeof d->base.info, "%zu", json_array_size(rows));
	ui_push(ui, &d->base);
	int choice = -2; /* -2 back to the form, -1 save as new, k link to row k */
	for (;;) {
		ui_paint(ui);
		/* the keyboard only, as the other dialogs: a sync's news waits
		 * (ui_getkey would return it again and again, unread) */
		timeout(-1);
		int ch = getch();
		if (ch == ERR || ch == UI_KEY_ESC || ch == 'q')
			break;
		if (ch == KEY_DOWN && d->sel + 1 < (int)json_array_size(rows))
			d->sel++;
		else if (ch == KEY_UP && d->sel > 0)
			d->sel--;
		else if (ch == 's' || ch == 'S') {
			choice = -1;
			break;
		} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			choice = d->sel;
			break;
		}
	}
	if (choice >= 0)
		snprintf(dup_of, n, "%s", ui_str(json_array_get(rows, (size_t)choice), "number"));
	ui_pop_quiet(ui);
	json_decref(rows);
	if (choice == -2)
		return zila_fail(err, ZILA_EEXIST, "%s", _("Not saved yet: F2 shows the grievances that may be the same again."));
	return ZILA_OK;
}
