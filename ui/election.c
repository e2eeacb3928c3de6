/* election.c: the Collector's summary of an election's staff on screen
 * (zila_election_summary): per constituency the stations, women-managed
 * among them, officials drawn, parties formed and complete, stations
 * covered and parties in reserve; the totals, exemptions and runs. Tab
 * goes to the next election. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "detail.h"
#include "textedit.h"
#include "zila/election.h"

struct el_screen {
	json_t *elections;
	size_t which;
};

static const enum ui_request election_bar[] = { REQ_HELP, REQ_NEXT_REPORT, REQ_PAGE_DOWN, REQ_BACK, REQ_NONE };

/* s cut and padded to w display columns (left-aligned when w < 0), so
 * Hindi names line up with the numbers; one of a few buffers that live
 * until the line is formatted. A cut keeps a letter's vowel signs (they
 * take no column) with it. */
static const char *
W(const char *s, int w)
{
	static char bufs[12][160];
	static int next;
	char *b = bufs[next++ % 12];
	int want = w < 0 ? -w : w;
	size_t len = 0;
	while (s[len] && len < sizeof bufs[0] / 2) {
		size_t end = len + 1;
		while ((s[end] & 0xC0) == 0x80)
			end++;
		if (textedit_width(s, end) > want)
			break;
		len = end;
	}
	int cols = textedit_width(s, len), pad = want > cols ? want - cols : 0;
	if (w < 0)
		snprintf(b, sizeof bufs[0], "%.*s%*s", (int)len, s, pad, "");
	else
		snprintf(b, sizeof bufs[0], "%*s%.*s", pad, "", (int)len, s);
	return b;
}

static long long
num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static json_t *
summary_lines(struct ui *ui, struct el_screen *es, char *title, size_t n)
{
	struct zila_err err = { 0 };
	json_t *lines = json_array(), *sum;
	snprintf(title, n, "%s", _("Election staff"));
	json_t *e = json_array_get(es->elections, es->which);
	if (!e) {
		ui_lines_add(lines, UI_A_NORMAL, "%s", _("No election yet: the election cell sets one with zila election rules."));
		return lines;
	}
	if (zila_election_summary(ui->db, ui_str(e, "code"), &sum, &err) != ZILA_OK) {
		ui_lines_add(lines, UI_A_ERROR, "%s", err.msg);
		return lines;
	}
	snprintf(title, n, _("Election staff: %s"), zila_i18n_name(ui_str(sum, "name_en"), ui_str(sum, "name_hi")));
	json_t *t = json_object_get(sum, "totals");
	ui_lines_add(lines, UI_A_BOLD, _("Election %s: %lld of %lld stations covered, %lld parties in reserve (%lld%% asked)."),
		ui_str(sum, "code"), num(t, "covered"), num(t, "stations"), num(t, "reserve"), num(t, "reserve_pct"));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_HEADING, "%s %s %s %s %s %s %s %s", W(_("AC"), -16), W(_("Stations"), 8), W(_("Women"), 6),
		W(_("Drawn"), 7), W(_("Parties"), 7), W(_("Complete"), 8), W(_("Covered"), 7), W(_("Reserve"), 7));
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(sum, "constituencies"), i, r) {
		char ac[64];
		snprintf(ac, sizeof ac, "%s %s", ui_str(r, "code"), zila_i18n_name(ui_str(r, "name_en"), ui_str(r, "name_hi")));
		bool short_of = num(r, "covered") < num(r, "stations") || num(r, "complete") < num(r, "parties");
		ui_lines_add(lines, short_of ? UI_A_OVERDUE : UI_A_NORMAL, "%s %8lld %6lld %7lld %7lld %8lld %7lld %7lld",
			W(ac, -16), num(r, "stations"), num(r, "women_stations"), num(r, "drawn"), num(r, "parties"),
			num(r, "complete"), num(r, "covered"), num(r, "reserve"));
	}
	ui_lines_add(lines, UI_A_BOLD, "%s %8lld %6lld %7lld %7lld %8lld %7lld %7lld", W(_("Total"), -16), num(t, "stations"),
		num(t, "women_stations"), num(t, "drawn"), num(t, "parties"), num(t, "complete"), num(t, "covered"),
		num(t, "reserve"));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, num(t, "exempt") ? UI_A_OVERDUE : UI_A_NORMAL,
		_("Officials: %lld, of whom %lld exempt. Randomisations run: %lld."), num(t, "officials"), num(t, "exempt"),
		num(t, "runs"));
	if (num(t, "complete") < num(t, "parties"))
		ui_lines_add(lines, UI_A_OVERDUE, "%s",
			_("Some parties have an empty seat: run the first and second randomisations again to fill it."));
	json_decref(sum);
	return lines;
}

static int
election_key(struct ui *ui, struct ui_text *t, enum ui_request req, int ch)
{
	struct el_screen *es = ui_text_ctx(t);
	char title[200];
	(void)ch;
	if (req != REQ_NEXT_REPORT)
		return UI_IGNORED;
	if (json_array_size(es->elections) > 1)
		es->which = (es->which + 1) % json_array_size(es->elections);
	json_t *lines = summary_lines(ui, es, title, sizeof title);
	ui_text_set_lines(t, title, lines);
	return UI_HANDLED;
}

/* After the language is switched, or anything else asks a text screen
 * to read its data again. */
static void
election_reload(struct ui *ui, struct ui_text *t)
{
	char title[200];
	json_t *lines = summary_lines(ui, ui_text_ctx(t), title, sizeof title);
	ui_text_set_lines(t, title, lines);
}

static void
election_free(void *p)
{
	struct el_screen *es = p;
	json_decref(es->elections);
	free(es);
}

void
ui_open_election(struct ui *ui)
{
	struct zila_err err = { 0 };
	struct el_screen *es = calloc(1, sizeof *es);
	char title[200];
	if (!es)
		return;
	if (zila_election_list(ui->db, "elections", NULL, &es->elections, &err) != ZILA_OK) {
		free(es);
		ui_error(ui, &err);
		return;
	}
	json_t *lines = summary_lines(ui, es, title, sizeof title);
	struct ui_text *t = ui_show_text(ui, UI_K_REPORT, title, lines, election_key, es, election_free, election_bar);
	if (t)
		ui_text_set_refresh(t, election_reload);
}
