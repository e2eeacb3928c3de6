/* inspection_forms.c: the inspection form (the panchayat, for an admin the
 * nodal officer whose report it is, the date, a rating for every
 * checklist item, observations and up to three suggestions) and the forms
 * to comply with and verify a suggestion. The checklist comes from the
 * masters, so the inspection form's field table is made when it opens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "zila/inspection.h"
#include "zila/master.h"
#include "zila/util.h"

#define MAX_SUGGESTIONS 3

static const struct form_option ratings[] = {
	{ "good", N_("good") }, { "average", N_("average") }, { "poor", N_("poor") }, { "na", N_("not applicable") },
	{ NULL, NULL }
};

/* Turns the flat fields into the action's arguments: "item:CODE" ratings
 * become answers, sN_text/sN_dept/sN_date suggestions. */
static enum zila_status
record_fix(struct ui_fctx *x, json_t *args, struct zila_err *err)
{
	json_t *answers = json_array(), *suggestions = json_array(), *v;
	const char *key;
	void *tmp;
	(void)x;
	json_object_foreach_safe(args, tmp, key, v) {
		if (strncmp(key, "item:", 5) == 0) {
			json_array_append_new(answers, json_pack("{s:s, s:O}", "item", key + 5, "rating", v));
			json_object_del(args, key);
		}
	}
	for (int i = 1; i <= MAX_SUGGESTIONS; i++) {
		char tk[16], dk[16], gk[16];
		snprintf(tk, sizeof tk, "s%d_text", i);
		snprintf(dk, sizeof dk, "s%d_dept", i);
		snprintf(gk, sizeof gk, "s%d_date", i);
		json_t *t = json_object_get(args, tk), *d = json_object_get(args, dk), *g = json_object_get(args, gk);
		if (t && (!d || !g)) {
			json_decref(answers);
			json_decref(suggestions);
			return zila_fail(err, ZILA_EINVAL, "%s: a suggestion needs its department and target date", d ? gk : dk);
		}
		if (t)
			json_array_append_new(suggestions, json_pack("{s:O, s:O, s:O}", "text", t, "department", d,
				"target_date", g));
		json_object_del(args, tk);
		json_object_del(args, dk);
		json_object_del(args, gk);
	}
	json_object_set_new(args, "answers", answers);
	json_object_set_new(args, "suggestions", suggestions);
	return ZILA_OK;
}

/* The active nodal officers, by login: an admin typing in a paper report
 * picks whose it is (the action refuses one not assigned the panchayat). */
static enum zila_status
pick_nodal_officers(void *ctx, const struct zila_form_field *fl, json_t **items, struct zila_err *err)
{
	static const char *const labels[] = { "login", "name", NULL };
	struct ui_fctx *x = ctx;
	json_t *rows = NULL, *nodal = json_array(), *r;
	size_t i;
	(void)fl;
	enum zila_status st = zila_master_list(x->ui->db, ZILA_M_USER, &rows, err);
	if (st != ZILA_OK) {
		json_decref(nodal);
		return st;
	}
	json_array_foreach(rows, i, r)
		if (strcmp(ui_str(r, "role"), "nodal") == 0 && json_integer_value(json_object_get(r, "active")))
			json_array_append(nodal, r);
	*items = form_pick_items(nodal, "login", labels);
	json_decref(rows);
	json_decref(nodal);
	return ZILA_OK;
}

/* The panchayats one may record an inspection of: a nodal officer's own,
 * an admin's those of the nodal officer picked above (one item per
 * assignment, "within" the officer), so a panchayat the action would
 * refuse is never offered. */
static enum zila_status
pick_assigned_gps(void *ctx, const struct zila_form_field *fl, json_t **items, struct zila_err *err)
{
	static const char *const en[] = { "name_en", "name_hi", "block_name", "lgd_code", NULL };
	static const char *const hi[] = { "name_hi", "name_en", "block_name", "lgd_code", NULL };
	const char *const *labels = zila_i18n_hindi() ? hi : en;
	struct ui_fctx *x = ctx;
	json_t *rows = NULL;
	bool admin = x->ui->actor.role == ZILA_ROLE_ADMIN;
	(void)fl;
	enum zila_status st = zila_nodal_gps(x->ui->db, admin ? NULL : x->ui->actor.user_id, &rows, err);
	if (st != ZILA_OK)
		return st;
	*items = admin ? form_pick_items_within(rows, "lgd_code", labels, "nodal")
		       : form_pick_items(rows, "lgd_code", labels);
	json_decref(rows);
	return ZILA_OK;
}

void
ui_inspection_new(struct ui *ui)
{
	struct zila_err err = { 0 };
	json_t *items = NULL, *it;
	size_t i, n;
	if (zila_master_list(ui->db, ZILA_M_CHECKLIST, &items, &err) != ZILA_OK) {
		ui_error(ui, &err);
		return;
	}
	n = json_array_size(items);
	/* gp, nodal officer, date, the items, observations, suggestions, the end */
	struct zila_form_field *f = zila_xcalloc(5 + n + 3 * MAX_SUGGESTIONS, sizeof *f);
	char (*keys)[48] = zila_xcalloc(n + 1, sizeof *keys);
	char (*labels)[64] = zila_xcalloc(n + 1, sizeof *labels);
	int k = 0;
	/* a nodal officer records their own: only an admin says whose it is,
	 * first, so the panchayats offered are that officer's */
	if (ui->actor.role == ZILA_ROLE_ADMIN)
		f[k++] = (struct zila_form_field){ .key = "nodal", .label = N_("Nodal officer"), .kind = FORM_PICK,
			.required = true, .pick = pick_nodal_officers,
			.hint = N_("The nodal officer whose inspection report this is") };
	f[k++] = (struct zila_form_field){ .key = "gp", .label = N_("Gram panchayat"), .kind = FORM_PICK,
		.required = true, .pick = pick_assigned_gps, .within = ui->actor.role == ZILA_ROLE_ADMIN ? "nodal" : NULL,
		.hint = N_("Only the panchayats assigned to the nodal officer are offered") };
	f[k++] = (struct zila_form_field){ .key = "inspected_on", .label = N_("Inspected on"), .kind = FORM_DATE, .width = 12,
		.required = true };
	json_array_foreach(items, i, it) {
		snprintf(keys[i], sizeof keys[i], "item:%s", ui_str(it, "code"));
		/* the label is the masters' own text, in the user's language
		 * where the item has it */
		snprintf(labels[i], sizeof labels[i], "%.60s", zila_i18n_name(ui_str(it, "text_en"), ui_str(it, "text_hi")));
		f[k++] = (struct zila_form_field){ .key = keys[i], .label = labels[i], .kind = FORM_RATING,
			.required = true, .options = ratings, .hint = N_("Left/Right or 1-4: good, average, poor, n/a") };
	}
	f[k++] = (struct zila_form_field){ .key = "observations", .label = N_("Observations"), .kind = FORM_MULTILINE,
		.height = 3, .max_chars = 4000 };
	static const char *const skeys[MAX_SUGGESTIONS][3] = {
		{ "s1_text", "s1_dept", "s1_date" }, { "s2_text", "s2_dept", "s2_date" }, { "s3_text", "s3_dept", "s3_date" }
	};
	for (int s = 0; s < MAX_SUGGESTIONS; s++) {
		f[k++] = (struct zila_form_field){ .key = skeys[s][0], .label = N_("Suggestion"), .kind = FORM_TEXT,
			.max_chars = 1000 };
		f[k++] = (struct zila_form_field){ .key = skeys[s][1], .label = N_("  for department"), .kind = FORM_PICK,
			.pick = ui_pick_departments };
		f[k++] = (struct zila_form_field){ .key = skeys[s][2], .label = N_("  target date"), .kind = FORM_DATE, .width = 12 };
	}
	f[k] = (struct zila_form_field){ 0 };
	struct zila_form_def def = { "inspection.record", N_("Record an inspection"), f, ui_form_save_action };
	struct ui_fctx x = { .ui = ui, .action = "inspection.record", .fix = record_fix };
	char today[11];
	zila_ist_date(zila_clock(), today, sizeof today);
	json_t *initial = json_pack("{s:s}", "inspected_on", today);
	if (ui_form(&x, &def, initial) == FORM_SAVED) {
		const char *number = ui_str(x.result, "number");
		if (ui_confirm(ui, _("Recorded as a draft. Submit it now? (y/n)")) &&
		    ui_run_action(ui, "inspection.submit", json_pack("{s:s}", "inspection", number), 0, NULL))
			ui_message(ui, false, _("Inspection %s submitted."), number);
		else if (!ui->msg_error)
			ui_message(ui, false, _("Inspection %s kept as a draft."), number);
	}
	json_decref(initial);
	json_decref(x.result);
	json_decref(x.args);
	json_decref(items);
	free(f);
	free(keys);
	free(labels);
}

/* The suggestions the form offers: those the user may take x->action on. */
static enum zila_status
pick_suggestions(void *ctx, const struct zila_form_field *fl, json_t **items, struct zila_err *err)
{
	static const char *const labels[] = { "department", "text", NULL };
	struct ui_fctx *x = ctx;
	(void)fl;
	(void)err;
	json_t *rows = ui_suggestions_in(x->ui, x->rec, x->action);
	*items = form_pick_items(rows, "id", labels);
	json_decref(rows);
	return ZILA_OK;
}

static const struct zila_form_field comply_fields[] = {
	{ .key = "suggestion", .label = N_("Suggestion"), .kind = FORM_PICK, .required = true, .pick = pick_suggestions },
	{ .key = "note", .label = N_("What was done"), .kind = FORM_MULTILINE, .height = 4,
	  .required = true },
	{ 0 } };
static const struct zila_form_field verify_fields[] = {
	{ .key = "suggestion", .label = N_("Suggestion"), .kind = FORM_PICK, .required = true, .pick = pick_suggestions },
	{ .key = "accept", .label = N_("Accept"), .kind = FORM_YESNO, .required = true,
	  .hint = N_("y: the compliance is accepted; n: it goes back to the department") },
	{ .key = "note", .label = N_("Note"), .kind = FORM_TEXT },
	{ 0 } };
static const struct zila_form_def comply_form = {
	"suggestion.comply", N_("Report compliance with a suggestion"), comply_fields, ui_form_save_action
};
static const struct zila_form_def verify_form = {
	"suggestion.verify", N_("Verify a compliance"), verify_fields, ui_form_save_action
};

bool
ui_form_suggestion_action(struct ui *ui, json_t *rec, enum ui_request req)
{
	const struct zila_form_def *def = req == REQ_ACT_COMPLY ? &comply_form : &verify_form;
	struct ui_fctx x = { .ui = ui, .rec = rec, .ref = ui_str(rec, "id"), .action = def->name };
	bool saved = ui_form(&x, def, NULL) == FORM_SAVED;
	if (saved)
		ui_message(ui, false, "%s", _("Saved."));
	json_decref(x.result);
	json_decref(x.args);
	return saved;
}
