/* held.c: the requests citizens filed without a category (Open311), held
 * for a clerk of the Collectorate (zila_held_list). Enter opens a form
 * with the citizen's text and the Category list, whose first items are
 * the triage model's suggestions with the words that led to them
 * (triage_pick.c): the clerk confirms one or picks another, and
 * request.register makes the grievance. */
#include <stdio.h>
#include <string.h>
#include "forms.h"
#include "screen.h"
#include "zila/grievance.h"

/* The suggestion the request came with: "ROAD 72%". */
static void
suggested_cell(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	json_t *top = json_array_get(json_object_get(row, "suggested"), 0);
	(void)attr;
	if (top)
		snprintf(buf, n, "%s %.0f%%", json_string_value(json_object_get(top, "category")),
			100 * json_real_value(json_object_get(top, "score")));
	else
		snprintf(buf, n, "-");
}

/* The day it came, as lists show dates. */
static void
came_cell(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	(void)attr;
	snprintf(buf, n, "%.10s", ui_str(row, "created_at"));
}

static const struct ui_column held_cols[] = {
	{ "created_at", N_("Came"), 10, 0, false, 0, came_cell },
	{ "citizen_name", N_("Citizen"), 18, 0, false, 0, NULL },
	{ "suggested", N_("Suggested"), 12, 0, false, 0, suggested_cell },
	{ "description", N_("Description"), 30, 1, false, 0, NULL },
};

/* The held requests (a few: each waits for a clerk), paged here by
 * their place in the oldest-first list. */
static enum zila_status
held_load(struct ui *ui, const struct ui_filter *f, const char *after_key, const char *after_id, bool backward,
	int limit, json_t **rows, struct zila_err *err)
{
	json_t *all = NULL;
	(void)f;
	(void)after_id;
	enum zila_status st = zila_held_list(ui->db, &all, err);
	if (st != ZILA_OK)
		return st;
	json_t *out = json_array();
	size_t n = json_array_size(all);
	for (size_t k = 0; k < n; k++) {
		size_t i = backward ? n - 1 - k : k;
		char key[24];
		snprintf(key, sizeof key, "%06zu", i);
		if (after_key && (backward ? strcmp(key, after_key) >= 0 : strcmp(key, after_key) <= 0))
			continue;
		json_t *r = json_array_get(all, i);
		json_object_set_new(r, "sort_key", json_string(key));
		if (backward)
			json_array_insert(out, 0, r);
		else
			json_array_append(out, r);
		if ((int)json_array_size(out) >= limit)
			break;
	}
	json_decref(all);
	*rows = out;
	return ZILA_OK;
}

static enum zila_status
held_count(struct ui *ui, const struct ui_filter *f, long long *count, struct zila_err *err)
{
	json_t *all = NULL;
	(void)f;
	enum zila_status st = zila_held_list(ui->db, &all, err);
	*count = st == ZILA_OK ? (long long)json_array_size(all) : 0;
	json_decref(all);
	return st;
}

/* The citizen's text is shown to rank the categories by; the action
 * takes only the request and the category. */
static enum zila_status
held_fix(struct ui_fctx *x, json_t *args, struct zila_err *err)
{
	(void)x;
	(void)err;
	json_object_del(args, "description");
	return ZILA_OK;
}

static const struct zila_form_field take_fields[] = {
	{ .key = "description", .label = N_("Citizen's request"), .kind = FORM_MULTILINE, .height = 5, .max_chars = 4000,
	  .hint = N_("As the citizen wrote it: the suggestions come from it") },
	{ .key = "category", .label = N_("Category"), .kind = FORM_PICK, .required = true, .pick = ui_pick_categories,
	  .rank = ui_rank_categories, .rank_from = "description",
	  .hint = N_("The suggested categories come first, with the words that led to them; pick the right one") },
	{ 0 } };
static const struct zila_form_def take_form = {
	"request.register", N_("Register a request that came without a category"), take_fields, ui_form_save_action
};

void
ui_held_open(struct ui *ui, json_t *row)
{
	if (!zila_action_allowed(ui->actor.role, "request.register")) {
		ui_message(ui, true, "%s", _("Only a clerk or an admin registers held requests."));
		return;
	}
	struct ui_fctx x = {
		.ui = ui, .rec = row, .ref = ui_str(row, "id"), .ref_key = "request", .ref_number = ui_str(row, "id"),
		.action = take_form.name, .fix = held_fix,
	};
	json_t *initial = json_pack("{s:s}", "description", ui_str(row, "description"));
	bool saved = ui_form(&x, &take_form, initial) == FORM_SAVED;
	if (saved)
		ui_message(ui, false, _("Registered as grievance %s."), json_string_value(json_object_get(x.result, "number")));
	json_decref(initial);
	json_decref(x.result);
	json_decref(x.args);
}

const struct zila_view ui_view_held = {
	.name = "held",
	.title = N_("Held requests"),
	.cols = held_cols,
	.ncols = (int)(sizeof held_cols / sizeof held_cols[0]),
	.load = held_load,
	.count = held_count,
	.open = ui_held_open,
};
