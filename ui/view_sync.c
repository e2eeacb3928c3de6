/* view_sync.c: the sync screen: how the running (or last) sync goes, as
 * actions and bytes with a bar, and the problems list: each action the
 * server rejected, with its reason, what was asked and the server's
 * record as this desk now holds it (a sync fetches it again after a
 * rejection), to re-apply or discard. It paints on a key or when the
 * worker says something happened, never on a clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "screen.h"
#include "sync.h"
#include "zila/grievance.h"
#include "zila/letter.h"
#include "zila/util.h"

struct sync_screen {
	struct ui_screen base;
	json_t *problems;
	int sel, top;
	json_t *record;    /* the server's record of the selected problem, or NULL */
	int record_of;     /* the index it belongs to; -1 none */
};

static const enum ui_request sync_bar[] = {
	REQ_HELP, REQ_SYNC, REQ_SYNC_CANCEL, REQ_PROBLEM_RETRY, REQ_PROBLEM_DISCARD, REQ_BACK, REQ_NONE
};

#define LIST_ROWS 5 /* problems shown at once; the rest scroll */

/* Reads the problems list again; keeps the selection in range. */
static void
load_problems(struct ui *ui, struct sync_screen *v)
{
	struct zila_err err = { 0 };
	json_decref(v->problems);
	json_decref(v->record);
	v->record = NULL;
	v->record_of = -1;
	if (zila_sync_problems(ui->db, &v->problems, &err) != ZILA_OK) {
		ui_error(ui, &err);
		v->problems = json_array();
	}
	int n = (int)json_array_size(v->problems);
	if (v->sel >= n)
		v->sel = n - 1;
	if (v->sel < 0)
		v->sel = 0;
}

/* The record a rejected action was about, as this desk holds it now:
 * grievances and letters, named in the action's arguments. */
static json_t *
record_of(struct ui *ui, json_t *problem)
{
	json_t *args = json_loads(json_string_value(json_object_get(problem, "args")), 0, NULL), *rec = NULL;
	const char *g = json_string_value(json_object_get(args, "grievance"));
	const char *l = json_string_value(json_object_get(args, "letter"));
	if (g)
		zila_grievance_get(ui->db, g, &rec, NULL);
	else if (l)
		zila_letter_get(ui->db, l, &rec, NULL);
	json_decref(args);
	return rec;
}

/* One "label: value" line when the record has the key. */
static int
record_line(int y, json_t *rec, const char *key, const char *label)
{
	char buf[64], line[700];
	const char *val = ui_json_text(rec, key, buf, sizeof buf);
	if (!val[0])
		return y;
	snprintf(line, sizeof line, "  %-14s %s", label, val);
	ui_draw_text(y, 1, line, COLS - 2, A_NORMAL, false);
	return y + 1;
}

/* The progress block: state, the bar, actions and bytes. Returns the
 * next free row. */
static int
draw_progress(const struct ui_sync_info *in, int y)
{
	char line[600], bar[128], up[32], down[32], when[32];
	const struct zila_sync_report *r = &in->rep;
	if (!in->sum.enrolled) {
		ui_draw_text(y++, 1, _("This desk is not enrolled with a district server: see 'zila enrol'."), COLS - 2,
			A_BOLD, false);
		return y;
	}
	ui_sync_local_time(in->sum.last_ok, zila_clock(), when, sizeof when);
	if (in->running)
		snprintf(line, sizeof line, _("Running: %s"), in->phase ? in->phase : _("connecting"));
	else if (in->outcome == UI_SYNC_FAILED)
		snprintf(line, sizeof line, _("The last sync failed: %s"), in->message);
	else if (in->outcome == UI_SYNC_CANCELLED)
		snprintf(line, sizeof line, "%s", _("The last sync was cancelled; what arrived is kept."));
	else if (in->outcome == UI_SYNC_OK)
		snprintf(line, sizeof line, "%s", _("The last sync finished."));
	else
		snprintf(line, sizeof line, "%s", _("No sync yet in this session."));
	ui_draw_text(y++, 1, line, COLS - 2, in->outcome == UI_SYNC_FAILED ? ui_attr(UI_A_ERROR) : A_BOLD, false);
	bool pushing = in->running && in->phase && strcmp(in->phase, "push") == 0;
	ui_sync_bar(pushing ? in->done : in->running ? 0 : 1, pushing ? in->total : in->running ? 0 : 1, 30, bar,
		sizeof bar);
	snprintf(line, sizeof line, _("Actions   %s  %lld sent, %lld rejected"), bar, r->pushed, r->rejected);
	ui_draw_text(y++, 1, line, COLS - 2, A_NORMAL, false);
	ui_fmt_size(r->bytes_up, up, sizeof up);
	ui_fmt_size(r->bytes_down, down, sizeof down);
	snprintf(line, sizeof line, _("Rows      %lld received, %lld fetched again"), r->pulled, r->repaired);
	ui_draw_text(y++, 1, line, COLS - 2, A_NORMAL, false);
	snprintf(line, sizeof line, _("Bytes     %s sent, %s received"), up, down);
	ui_draw_text(y++, 1, line, COLS - 2, A_NORMAL, false);
	snprintf(line, sizeof line, _("Last good sync: %s    Waiting: %lld    Problems: %lld"),
		when[0] ? when : _("never"), in->sum.pending, in->sum.rejected);
	ui_draw_text(y++, 1, line, COLS - 2, A_NORMAL, false);
	ui_sync_clock_text(&in->sum, line, sizeof line);
	if (line[0])
		ui_draw_text(y++, 1, line, COLS - 2, ui_attr(UI_A_ERROR), false);
	if (in->sum.restore[0]) {
		snprintf(line, sizeof line, _("The server had lost history: %s"), in->sum.restore);
		ui_draw_text(y++, 1, line, COLS - 2, ui_attr(UI_A_ERROR), false);
	}
	return y;
}

/* The selected problem in full: reason, what was asked, the record now. */
static void
draw_problem(struct ui *ui, struct sync_screen *v, json_t *p, int y, int bottom)
{
	char line[1200], cb[32], mb[32];
	if (v->record_of != v->sel) {
		json_decref(v->record);
		v->record = record_of(ui, p);
		v->record_of = v->sel;
	}
	snprintf(line, sizeof line, _("The server's reason: %s (%s)"), ui_json_text(p, "message", mb, sizeof mb),
		ui_json_text(p, "code", cb, sizeof cb));
	ui_draw_text(y++, 1, line, COLS - 2, ui_attr(UI_A_ERROR), false);
	snprintf(line, sizeof line, _("What was asked: %s"), json_string_value(json_object_get(p, "args")));
	ui_draw_text(y++, 1, line, COLS - 2, A_NORMAL, false);
	if (!v->record) {
		ui_draw_text(y, 1, _("The record it names is not on this desk."), COLS - 2, A_NORMAL, false);
		return;
	}
	ui_draw_text(y++, 1, _("The server's record now:"), COLS - 2, A_BOLD, false);
	static const char *const keys[][2] = {
		{ "number", N_("Number") }, { "status", N_("Status") }, { "department", N_("Department") },
		{ "final_reply", N_("Reply") }, { "subject", N_("Subject") }, { "version", N_("Version") },
		{ "updated_at", N_("Changed") },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(keys) && y < bottom; i++)
		y = record_line(y, v->record, keys[i][0], _(keys[i][1]));
	json_t *events = json_object_get(v->record, "events");
	json_t *last = json_array_get(events, json_array_size(events) ? json_array_size(events) - 1 : 0);
	if (last && y < bottom) {
		char kind[40], who[64], at[40];
		snprintf(line, sizeof line, _("  Last event     %s by %s at %s"), ui_json_text(last, "kind", kind, sizeof kind),
			ui_json_text(last, "actor", who, sizeof who), ui_json_text(last, "at", at, sizeof at));
		ui_draw_text(y, 1, line, COLS - 2, A_NORMAL, false);
	}
}

static void
sync_draw(struct ui *ui, struct ui_screen *s, int top, int height)
{
	struct sync_screen *v = (struct sync_screen *)s;
	struct ui_sync_info in;
	char line[300];
	ui_sync_refresh(ui, &in);
	if (in.sum.rejected != (long long)json_array_size(v->problems))
		load_problems(ui, v);
	int y = draw_progress(&in, top + 1) + 1, bottom = top + height;
	int n = (int)json_array_size(v->problems);
	snprintf(line, sizeof line, _("Problems: actions the server rejected (%d)"), n);
	ui_draw_text(y++, 1, line, COLS - 2, ui_attr(UI_A_HEADING), false);
	if (n == 0) {
		ui_draw_text(y, 2, _("None: every action was accepted."), COLS - 3, A_NORMAL, false);
		return;
	}
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + LIST_ROWS)
		v->top = v->sel - LIST_ROWS + 1;
	for (int i = v->top; i < n && i < v->top + LIST_ROWS; i++) {
		json_t *p = json_array_get(v->problems, (size_t)i);
		char id[24], action[40], user[64], at[40], msg[300];
		snprintf(line, sizeof line, "%-5s %-20s %-12s %-17.16s %s", ui_json_text(p, "id", id, sizeof id),
			ui_json_text(p, "action", action, sizeof action), ui_json_text(p, "user", user, sizeof user),
			ui_json_text(p, "at", at, sizeof at), ui_json_text(p, "message", msg, sizeof msg));
		ui_draw_text(y, 2, line, COLS - 3, A_NORMAL, false);
		if (i == v->sel) {
			if (ui->slow)
				mvaddch(y, 0, '>');
			else
				mvchgat(y, 0, 7, ui_attr(UI_A_SELECTED), 0, NULL);
		}
		y++;
	}
	ui_draw_hline(y++, 1, COLS - 2);
	draw_problem(ui, v, json_array_get(v->problems, (size_t)v->sel), y, bottom);
}

/* Re-applies or discards the selected problem, as zila sync --retry or
 * --discard would; redate asks for the date the action should carry
 * (--retry --date: a date the server refused, typed on a desk whose clock
 * was wrong, is corrected without retyping the rest). */
static void
resolve(struct ui *ui, struct sync_screen *v, bool retry, bool redate)
{
	char date[16] = "";
	json_t *p = json_array_get(v->problems, (size_t)v->sel);
	struct zila_err err = { 0 };
	if (!p) {
		ui_message(ui, true, "%s", _("There is no problem to resolve."));
		return;
	}
	long long id = json_integer_value(json_object_get(p, "id"));
	char q[200];
	if (redate && (!ui_prompt(ui, _("The date it should carry (YYYY-MM-DD): "), date, sizeof date, false) || !date[0]))
		return;
	snprintf(q, sizeof q, retry ? _("Re-apply action %lld as yourself? (y/n)") : _("Discard action %lld? (y/n)"), id);
	if (!ui_confirm(ui, q))
		return;
	json_t *result = NULL;
	enum zila_status st = retry ? zila_sync_retry(ui->db, &ui->actor, id, redate ? date : NULL, &result, &err)
				    : zila_sync_discard(ui->db, id, &err);
	json_decref(result);
	if (st != ZILA_OK)
		ui_error(ui, &err);
	else
		ui_message(ui, false, retry ? _("Action %lld was applied again; it goes to the server on the next sync.")
					  : _("Action %lld was discarded."), id);
	load_problems(ui, v);
}

static int
sync_key(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch)
{
	struct sync_screen *v = (struct sync_screen *)s;
	int n = (int)json_array_size(v->problems);
	(void)ch;
	switch (req) {
	case REQ_MOVE_DOWN: case REQ_PAGE_DOWN: v->sel = v->sel + 1 < n ? v->sel + 1 : v->sel; return UI_HANDLED;
	case REQ_MOVE_UP: case REQ_PAGE_UP: v->sel = v->sel > 0 ? v->sel - 1 : 0; return UI_HANDLED;
	case REQ_FIRST: v->sel = 0; return UI_HANDLED;
	case REQ_LAST: v->sel = n > 0 ? n - 1 : 0; return UI_HANDLED;
	case REQ_PROBLEM_RETRY: resolve(ui, v, true, false); return UI_HANDLED;
	case REQ_PROBLEM_REDATE: resolve(ui, v, true, true); return UI_HANDLED;
	case REQ_PROBLEM_DISCARD: resolve(ui, v, false, false); return UI_HANDLED;
	default: return UI_IGNORED;
	}
}

static void
sync_free(struct ui_screen *s)
{
	struct sync_screen *v = (struct sync_screen *)s;
	json_decref(v->problems);
	json_decref(v->record);
	free(v);
}

static void
sync_reload(struct ui *ui, struct ui_screen *s)
{
	load_problems(ui, (struct sync_screen *)s);
}

static const struct ui_screen_ops sync_ops = {
	.kind = UI_K_SYNC, .draw = sync_draw, .key = sync_key, .free = sync_free, .bar = sync_bar,
	.reload = sync_reload,
};

void
ui_open_sync(struct ui *ui)
{
	struct sync_screen *v = zila_xcalloc(1, sizeof *v);
	v->base.ops = &sync_ops;
	v->record_of = -1;
	snprintf(v->base.title, sizeof v->base.title, "%s", _("Sync with the district server"));
	ui_push(ui, &v->base);
	load_problems(ui, v);
}
