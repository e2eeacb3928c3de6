/* grievance_more.c: what the command line could do to a grievance and the
 * screen could not: close it as a duplicate of an earlier one (the likely
 * ones offered, from zila_grievance_similar) and add an attachment to it
 * (from the inbox folder, or a path that Tab completes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "zila/blob.h"
#include "zila/grievance.h"

/* The open grievances this one may repeat: the citizen's own and alike
 * ones of its panchayat, itself left out. */
static enum zila_status
pick_similar(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	struct ui_fctx *x = ctx;
	json_t *rows = NULL, *r;
	size_t i;
	(void)f;
	enum zila_status st = zila_grievance_similar(x->ui->db, ui_str(x->rec, "mobile"), ui_str(x->rec, "gp"),
		ui_str(x->rec, "description"), 20, &rows, err);
	if (st != ZILA_OK)
		return st;
	*items = json_array();
	json_array_foreach(rows, i, r) {
		if (strcmp(ui_str(r, "id"), ui_str(x->rec, "id")) == 0)
			continue;
		char label[400], why[64];
		if (strcmp(ui_str(r, "why"), "mobile") == 0)
			snprintf(why, sizeof why, "%s", _("same mobile"));
		else
			snprintf(why, sizeof why, _("%lld%% alike"), (long long)json_integer_value(json_object_get(r, "alike")));
		snprintf(label, sizeof label, "%s  %s  (%s)  %s", ui_str(r, "number"), ui_str(r, "citizen_name"), why,
			ui_str(r, "description"));
		json_array_append_new(*items, json_pack("{s:s, s:s}", "value", ui_str(r, "number"), "label", label));
	}
	json_decref(rows);
	return ZILA_OK;
}

/* "of": the one picked, or the number typed. */
static enum zila_status
duplicate_fix(struct ui_fctx *x, json_t *args, struct zila_err *err)
{
	(void)x;
	json_t *picked = json_object_get(args, "picked"), *typed = json_object_get(args, "number");
	if (picked && typed)
		return zila_fail(err, ZILA_EINVAL, "%s", _("number: pick one or type a number, not both"));
	if (!picked && !typed)
		return zila_fail(err, ZILA_EINVAL, "%s", _("number: pick the earlier grievance or type its number"));
	json_object_set(args, "of", picked ? picked : typed);
	json_object_del(args, "picked");
	json_object_del(args, "number");
	return ZILA_OK;
}

/* The file (from the inbox or a path) into the store, then named by hash. */
static enum zila_status
attach_fix(struct ui_fctx *x, json_t *args, struct zila_err *err)
{
	const char *picked = json_string_value(json_object_get(args, "inbox"));
	const char *typed = json_string_value(json_object_get(args, "path"));
	if (picked && typed)
		return zila_fail(err, ZILA_EINVAL, "%s", _("path: a file from the inbox or a path, not both"));
	if (!picked && !typed)
		return zila_fail(err, ZILA_EINVAL, "%s", _("inbox: pick a file from the inbox or give its path"));
	const char *path = picked ? picked : typed;
	char sha[65], mime[ZILA_BLOB_MIME_LEN], kind[ZILA_BLOB_KIND_LEN];
	long long size = 0;
	enum zila_status st = zila_blob_put_file(x->ui->db, path, zila_blob_max_size(x->ui->db), sha, &size, mime, kind,
		err);
	if (st != ZILA_OK)
		return zila_fail(err, st, "path: %s", err->msg);
	const char *base = strrchr(path, '/');
	const char *name = json_string_value(json_object_get(args, "name"));
	json_t *a = json_pack("{s:s, s:s, s:s, s:I, s:s}", "sha256", sha, "name", name ? name : base ? base + 1 : path,
		"mime", mime, "size", (json_int_t)size, "kind", kind);
	json_object_del(args, "inbox");
	json_object_del(args, "path");
	json_object_update(args, a); /* its name replaces the one typed */
	json_decref(a);
	return ZILA_OK;
}

static const struct zila_form_field duplicate_fields[] = {
	{ .key = "picked", .label = N_("Duplicate of"), .kind = FORM_PICK, .pick = pick_similar,
	  .hint = N_("The citizen's open grievances and alike ones of the panchayat") },
	{ .key = "number", .label = N_("or its number"), .kind = FORM_TEXT, .max_chars = 40,
	  .hint = N_("As DRG/G/07/2026/000042") },
	{ 0 } };
static const struct zila_form_field attach_fields[] = {
	{ .key = "inbox", .label = N_("From the inbox"), .kind = FORM_PICK, .pick = ui_pick_inbox,
	  .hint = N_("The files a scanner or a phone left in the inbox folder, newest first") },
	{ .key = "path", .label = N_("or a file's path"), .kind = FORM_PATH,
	  .hint = N_("A photo, video, audio or document on this machine; Tab completes the path") },
	{ .key = "name", .label = N_("Name to show"), .kind = FORM_TEXT, .max_chars = 200,
	  .hint = N_("Empty: the file's own name") },
	{ 0 } };
static const struct zila_form_def duplicate_form = {
	"grievance.duplicate", N_("Close it as a duplicate of an earlier grievance"), duplicate_fields, ui_form_save_action
};
static const struct zila_form_def attach_form = {
	"grievance.attach", N_("Add an attachment"), attach_fields, ui_form_save_action
};

bool
ui_form_grievance_more(struct ui *ui, json_t *rec, enum ui_request req)
{
	const struct zila_form_def *def = req == REQ_ACT_DUPLICATE ? &duplicate_form : &attach_form;
	struct ui_fctx x = {
		.ui = ui, .rec = rec, .ref = ui_str(rec, "id"), .ref_key = "grievance", .ref_number = ui_str(rec, "number"),
		.action = def->name, .version = json_integer_value(json_object_get(rec, "version")),
		.fix = req == REQ_ACT_DUPLICATE ? duplicate_fix : attach_fix,
	};
	bool saved = ui_form(&x, def, NULL) == FORM_SAVED;
	if (saved)
		ui_message(ui, false, "%s", _("Saved."));
	json_decref(x.result);
	json_decref(x.args);
	return saved;
}
