/* masters.c: the admin's masters on screen (9): departments, blocks, gram
 * panchayats, categories, checklist items and nodal assignments. A kind is
 * picked, then a row to change (its form filled in) or "add a new one";
 * every save is the core's master.* action, which adds or updates by code,
 * so the screen holds no rule of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "zila/master.h"

static enum zila_status
pick_blocks_m(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const char *const labels[] = { "name_en", "name_hi", "lgd_code", NULL };
	struct ui_fctx *x = ctx;
	json_t *rows = NULL;
	(void)f;
	enum zila_status st = zila_master_list(x->ui->db, ZILA_M_BLOCK, &rows, err);
	if (st == ZILA_OK)
		*items = form_pick_items(rows, "lgd_code", labels);
	json_decref(rows);
	return st;
}

static enum zila_status
pick_nodal(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const char *const labels[] = { "login", "name", NULL };
	struct ui_fctx *x = ctx;
	json_t *rows = NULL, *nodal = json_array(), *r;
	size_t i;
	(void)f;
	enum zila_status st = zila_master_list(x->ui->db, ZILA_M_USER, &rows, err);
	json_array_foreach(rows, i, r)
		if (strcmp(ui_str(r, "role"), "nodal") == 0)
			json_array_append(nodal, r);
	if (st == ZILA_OK)
		*items = form_pick_items(nodal, "login", labels);
	json_decref(rows);
	json_decref(nodal);
	return st;
}

static const struct zila_form_field department_fields[] = {
	{ .key = "code", .label = N_("Code"), .kind = FORM_TEXT, .required = true, .max_chars = 16 },
	{ .key = "name_en", .label = N_("Name (English)"), .kind = FORM_TEXT, .required = true, .max_chars = 100 },
	{ .key = "name_hi", .label = N_("Name (Hindi)"), .kind = FORM_TEXT, .max_chars = 100 },
	{ .key = "active", .label = N_("Active"), .kind = FORM_YESNO, .required = true },
	{ 0 } };
static const struct zila_form_field block_fields[] = {
	{ .key = "lgd_code", .label = N_("LGD code"), .kind = FORM_TEXT, .required = true, .max_chars = 16 },
	{ .key = "name_en", .label = N_("Name (English)"), .kind = FORM_TEXT, .required = true, .max_chars = 100 },
	{ .key = "name_hi", .label = N_("Name (Hindi)"), .kind = FORM_TEXT, .max_chars = 100 },
	{ 0 } };
static const struct zila_form_field gp_fields[] = {
	{ .key = "lgd_code", .label = N_("LGD code"), .kind = FORM_TEXT, .required = true, .max_chars = 16 },
	{ .key = "block", .label = N_("Block"), .kind = FORM_PICK, .required = true, .pick = pick_blocks_m },
	{ .key = "name_en", .label = N_("Name (English)"), .kind = FORM_TEXT, .required = true, .max_chars = 100 },
	{ .key = "name_hi", .label = N_("Name (Hindi)"), .kind = FORM_TEXT, .max_chars = 100 },
	{ 0 } };
static const struct zila_form_field category_fields[] = {
	{ .key = "code", .label = N_("Code"), .kind = FORM_TEXT, .required = true, .max_chars = 16 },
	{ .key = "name_en", .label = N_("Name (English)"), .kind = FORM_TEXT, .required = true, .max_chars = 100 },
	{ .key = "name_hi", .label = N_("Name (Hindi)"), .kind = FORM_TEXT, .max_chars = 100 },
	{ .key = "department", .label = N_("Department"), .kind = FORM_PICK, .required = true, .pick = ui_pick_departments },
	{ .key = "days", .label = N_("Time limit (days)"), .kind = FORM_NUMBER, .required = true, .min = 1, .max = 365 },
	{ 0 } };
static const struct zila_form_field checklist_fields[] = {
	{ .key = "code", .label = N_("Code"), .kind = FORM_TEXT, .required = true, .max_chars = 16 },
	{ .key = "text_en", .label = N_("Text (English)"), .kind = FORM_TEXT, .required = true, .max_chars = 200 },
	{ .key = "text_hi", .label = N_("Text (Hindi)"), .kind = FORM_TEXT, .max_chars = 200 },
	{ .key = "position", .label = N_("Position"), .kind = FORM_NUMBER, .min = 0, .max = 999 },
	{ 0 } };
static const struct zila_form_field nodal_fields[] = {
	{ .key = "user", .label = N_("Nodal officer"), .kind = FORM_PICK, .required = true, .pick = pick_nodal },
	{ .key = "gp", .label = N_("Gram panchayat"), .kind = FORM_PICK, .required = true, .pick = ui_pick_gps },
	{ 0 } };

/* A kind: its master (for the rows), the action, the form, and the keys
 * that show a row in the pick list. nodal lists no rows: an assignment
 * is only added. */
static const struct mkind {
	const char *label;
	enum zila_master m;
	bool rows;
	const char *action;
	struct zila_form_def form;
	const char *code_key, *label_key, *label2_key;
} kinds[] = {
	{ N_("Departments"), ZILA_M_DEPARTMENT, true, "master.department",
	  { "master.department", N_("A department"), department_fields, ui_form_save_action }, "code", "name_en", "name_hi" },
	{ N_("Blocks"), ZILA_M_BLOCK, true, "master.block",
	  { "master.block", N_("A block"), block_fields, ui_form_save_action }, "lgd_code", "name_en", "name_hi" },
	{ N_("Gram panchayats"), ZILA_M_GP, true, "master.gp",
	  { "master.gp", N_("A gram panchayat"), gp_fields, ui_form_save_action }, "lgd_code", "name_en", "block_name" },
	{ N_("Grievance categories"), ZILA_M_CATEGORY, true, "master.category",
	  { "master.category", N_("A grievance category"), category_fields, ui_form_save_action }, "code", "name_en",
	  "name_hi" },
	{ N_("Inspection checklist items"), ZILA_M_CHECKLIST, true, "master.checklist",
	  { "master.checklist", N_("A checklist item"), checklist_fields, ui_form_save_action }, "code", "text_en",
	  "text_hi" },
	{ N_("Assign a gram panchayat to a nodal officer"), ZILA_M_GP, false, "master.nodal",
	  { "master.nodal", N_("A nodal officer's gram panchayat"), nodal_fields, ui_form_save_action }, NULL, NULL, NULL },
};

/* A row as the form's starting state: text as text, yes/no as yes/no. */
static json_t *
row_state(const struct zila_form_field *fields, json_t *row)
{
	json_t *st = json_object();
	char buf[64];
	for (const struct zila_form_field *f = fields; f->key; f++) {
		json_t *v = json_object_get(row, f->key);
		if (!v)
			continue;
		if (f->kind == FORM_YESNO)
			json_object_set_new(st, f->key, json_string(json_is_true(v) || json_integer_value(v) ? "yes" : "no"));
		else
			json_object_set_new(st, f->key, json_string(ui_json_text(row, f->key, buf, sizeof buf)));
	}
	return st;
}

static void
edit(struct ui *ui, const struct mkind *k, json_t *row)
{
	struct ui_fctx x = { .ui = ui, .action = k->action };
	json_t *initial = row ? row_state(k->form.fields, row) : NULL;
	if (!initial && k->m == ZILA_M_DEPARTMENT)
		initial = json_pack("{s:s}", "active", "yes");
	if (ui_form(&x, &k->form, initial) == FORM_SAVED)
		ui_message(ui, false, "%s", _("Saved."));
	json_decref(initial);
	json_decref(x.result);
	json_decref(x.args);
}

void
ui_open_masters(struct ui *ui)
{
	if (!zila_action_allowed(ui->actor.role, "master.department")) {
		ui_message(ui, true, "%s", _("Only an admin changes the masters."));
		return;
	}
	json_t *menu = json_array();
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		json_array_append_new(menu, json_pack("{s:s}", "label", _(kinds[i].label)));
	for (;;) {
		int k = ui_pick(ui, _("Masters: which?"), menu, NULL, "label", NULL);
		if (k < 0)
			break;
		const struct mkind *m = &kinds[k];
		if (!m->rows) {
			edit(ui, m, NULL);
			continue;
		}
		struct zila_err err = { 0 };
		json_t *rows = NULL;
		if (zila_master_list(ui->db, m->m, &rows, &err) != ZILA_OK) {
			ui_error(ui, &err);
			continue;
		}
		/* the first item adds; the others change that row */
		json_t *items = json_array(), *r;
		size_t i;
		char title[200];
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "code", "+", "label", _("(add a new one)"), "label2",
			""));
		json_array_foreach(rows, i, r) {
			char code[64];
			json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "code", ui_json_text(r, m->code_key, code,
				sizeof code), "label", ui_str(r, m->label_key), "label2", ui_str(r, m->label2_key)));
		}
		snprintf(title, sizeof title, _("%s: pick one to change, or add a new one"), _(m->label));
		int j = ui_pick(ui, title, items, "code", "label", "label2");
		if (j == 0)
			edit(ui, m, NULL);
		else if (j > 0)
			edit(ui, m, json_array_get(rows, (size_t)j - 1));
		json_decref(items);
		json_decref(rows);
	}
	json_decref(menu);
}
