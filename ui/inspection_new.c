/* inspection_new.c: a nodal officer records an inspection: the panchayat,
 * the date, a rating for every checklist item, observations and
 * suggestions (each for a department, with a target date). */
#include <stdio.h>
#include <string.h>
#include "detail.h"
#include "zila/master.h"
#include "zila/util.h"

/* A date typed by the person, checked; starts from def. */
static bool
ask_date(struct ui *ui, const char *prompt, const char *def, char *out)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%s", def);
	for (;;) {
		if (!ui_prompt(ui, prompt, buf, sizeof buf, false))
			return false;
		if (zila_date_valid(buf)) {
			memcpy(out, buf, 11);
			return true;
		}
		ui_message(ui, true, _("date: '%s' is not a date like 2026-11-20"), buf);
	}
}

static int
pick_rating(struct ui *ui, const char *item)
{
	static const char *const ratings[] = { "good", "average", "poor", "na" };
	json_t *rows = json_array();
	for (int i = 0; i < 4; i++)
		json_array_append_new(rows, json_pack("{s:s}", "code", ratings[i]));
	char title[300];
	snprintf(title, sizeof title, _("Rating: %s"), item);
	int k = ui_pick(ui, title, rows, "code", NULL, NULL);
	json_decref(rows);
	return k;
}

/* Adds suggestions until the person says no more. */
static bool
ask_suggestions(struct ui *ui, json_t *list, const char *inspected_on)
{
	struct zila_err err = { 0 };
	json_t *depts = NULL;
	if (zila_master_list(ui->db, ZILA_M_DEPARTMENT, &depts, &err) != ZILA_OK) {
		ui_error(ui, &err);
		return false;
	}
	while (ui_confirm(ui, json_array_size(list) ? _("Add another suggestion? (y/n)") : _("Add a suggestion? (y/n)"))) {
		char text[1000] = "", target[11];
		if (!ui_prompt(ui, _("Suggestion: "), text, sizeof text, false) || !text[0])
			continue;
		int k = ui_pick(ui, _("Department responsible"), depts, "code", "name_en", "name_hi");
		if (k < 0)
			continue;
		if (!ask_date(ui, _("Target date (YYYY-MM-DD): "), inspected_on, target))
			continue;
		json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "text", text, "department",
			ui_str(json_array_get(depts, (size_t)k), "code"), "target_date", target));
	}
	json_decref(depts);
	return true;
}

void
ui_inspection_new(struct ui *ui)
{
	struct zila_err err = { 0 };
	json_t *gps = NULL, *items = NULL, *answers = json_array(), *suggestions = json_array(), *result = NULL, *it;
	char today[11], date[11], obs[2000] = "";
	size_t i;
	bool ok = false;
	zila_ist_date(zila_clock(), today, sizeof today);
	if (zila_master_list(ui->db, ZILA_M_GP, &gps, &err) != ZILA_OK ||
	    zila_master_list(ui->db, ZILA_M_CHECKLIST, &items, &err) != ZILA_OK) {
		ui_error(ui, &err);
		goto out;
	}
	int g = ui_pick(ui, _("Gram panchayat inspected"), gps, "lgd_code", "name_en", "block_name");
	if (g < 0 || !ask_date(ui, _("Inspected on (YYYY-MM-DD): "), today, date))
		goto out;
	json_array_foreach(items, i, it) {
		int r = pick_rating(ui, ui_str(it, "text_en"));
		if (r < 0)
			goto out;
		static const char *const ratings[] = { "good", "average", "poor", "na" };
		json_array_append_new(answers, json_pack("{s:s, s:s}", "item", ui_str(it, "code"), "rating", ratings[r]));
	}
	if (!ui_prompt(ui, _("Observations (may be empty): "), obs, sizeof obs, false) ||
	    !ask_suggestions(ui, suggestions, date))
		goto out;
	json_t *args = json_pack("{s:s, s:s, s:O, s:O}", "gp", ui_str(json_array_get(gps, (size_t)g), "lgd_code"),
		"inspected_on", date, "answers", answers, "suggestions", suggestions);
	if (obs[0])
		json_object_set_new(args, "observations", json_string(obs));
	if (ui_run_action(ui, "inspection.record", args, 0, &result)) {
		ok = true;
		const char *number = ui_str(result, "number");
		if (ui_confirm(ui, _("Recorded as a draft. Submit it now? (y/n)")) &&
		    ui_run_action(ui, "inspection.submit", json_pack("{s:s}", "inspection", number), 0, NULL))
			ui_message(ui, false, _("Inspection %s submitted."), number);
		else if (!ui->msg_error)
			ui_message(ui, false, _("Inspection %s kept as a draft."), number);
	}
out:
	if (!ok && !ui->msg_error)
		ui_message(ui, false, "%s", _("The inspection was not recorded."));
	json_decref(result);
	json_decref(gps);
	json_decref(items);
	json_decref(answers);
	json_decref(suggestions);
}
