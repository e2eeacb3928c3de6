/* grievance_forms.c: registering a grievance at the counter, then its
 * number shown large enough to read out to the citizen, and a receipt
 * (a text file, printed through lp where there is one); and what the
 * command line could do to a grievance and the screen could not: close it
 * as a duplicate of an earlier one (the likely ones offered, from
 * zila_grievance_similar) and add an attachment to it (from the inbox
 * folder, or a path that Tab completes). The register form's fields are
 * in forms.c. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "forms.h"
#include "zila/grievance.h"
#include "zila/master.h"
#include "zila/util.h"
#include "zila/blob.h"

/* A 3x5 font for digits and '/', so a number can be read across a counter. */
static const char *const big_font[11][5] = {
	{ "###", "# #", "# #", "# #", "###" }, { " # ", "## ", " # ", " # ", "###" },
	{ "###", "  #", "###", "#  ", "###" }, { "###", "  #", "###", "  #", "###" },
	{ "# #", "# #", "###", "  #", "  #" }, { "###", "#  ", "###", "  #", "###" },
	{ "###", "#  ", "###", "# #", "###" }, { "###", "  #", "  #", "  #", "  #" },
	{ "###", "# #", "###", "# #", "###" }, { "###", "# #", "###", "  #", "###" },
	{ "  #", "  #", " # ", "#  ", "#  " },
};

void
ui_big_text(json_t *lines, const char *text)
{
	for (int row = 0; row < 5; row++) {
		char line[400];
		size_t o = 0;
		for (const char *p = text; *p && o + 5 < sizeof line; p++) {
			int k = *p == '/' ? 10 : (*p >= '0' && *p <= '9') ? *p - '0' : -1;
			const char *cell = k >= 0 ? big_font[k][row] : "   ";
			o += (size_t)snprintf(line + o, sizeof line - o, "%s ", cell);
		}
		line[o] = '\0';
		ui_lines_add(lines, UI_A_BOLD, "  %s", line);
	}
}

/* Writes the receipt text next to the database (receipts/<number>.txt),
 * for the printer and for a later look. */
static bool
write_receipt(struct ui *ui, const char *number_in, const char *text, char *path, size_t n)
{
	char dir[4096], number[64];
	snprintf(dir, sizeof dir, "%s", zila_db_path(ui->db));
	snprintf(number, sizeof number, "%s", number_in);
	for (char *p = number; *p; p++)
		if (*p == '/')
			*p = '-';
	char *d = dirname(dir);
	snprintf(path, n, "%s/receipts", d);
	mkdir(path, 0755);
	snprintf(path, n, "%s/receipts/%s.txt", d, number);
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fputs(text, f);
	return fclose(f) == 0;
}

struct receipt {
	char path[4096];
	char number[64];
	char lang[4]; /* the receipt's: hi or en */
	bool fresh;   /* just registered: the number large, to read out */
};

/* The receipt screen's lines for r->lang; writes the receipt's file
 * anew, so p prints what is shown. NULL when the receipt cannot be made. */
static json_t *
receipt_lines(struct ui *ui, struct receipt *r, char *title, size_t tn)
{
	struct zila_err err = { 0 };
	char *text = NULL;
	if (zila_grievance_receipt(ui->db, r->number, r->lang, &text, &err) != ZILA_OK) {
		ui_error(ui, &err);
		return NULL;
	}
	json_t *lines = json_array();
	if (r->fresh) {
		ui_lines_add(lines, UI_A_NORMAL, "%s", _("Registered. Read this number out to the citizen:"));
		ui_lines_add(lines, UI_A_NORMAL, "%s", "");
		/* the part after the district and kind is what people repeat */
		const char *tail = strchr(r->number, '/');
		tail = tail ? strchr(tail + 1, '/') : NULL;
		ui_big_text(lines, tail ? tail + 1 : r->number);
		ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	}
	if (write_receipt(ui, r->number, text, r->path, sizeof r->path))
		ui_lines_add(lines, UI_A_DIM, _("Receipt: %s (p prints it)"), r->path);
	else
		ui_lines_add(lines, UI_A_ERROR, "%s", _("The receipt file could not be written."));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_NORMAL, "%s", text);
	free(text);
	snprintf(title, tn, r->fresh ? _("Grievance %s registered") : _("Receipt of grievance %s"), r->number);
	return lines;
}

static int
receipt_key(struct ui *ui, struct ui_text *t, enum ui_request req, int ch)
{
	struct receipt *r = ui_text_ctx(t);
	(void)ch;
	if (req == REQ_RECEIPT_LANG) {
		/* the citizen reads the other language: the same receipt in it */
		char title[200], was[4];
		memcpy(was, r->lang, sizeof was);
		snprintf(r->lang, sizeof r->lang, "%s", strcmp(r->lang, "hi") == 0 ? "en" : "hi");
		json_t *lines = receipt_lines(ui, r, title, sizeof title);
		if (lines)
			ui_text_set_lines(t, title, lines);
		else
			memcpy(r->lang, was, sizeof was);
		return UI_HANDLED;
	}
	if (req != REQ_PRINT)
		return UI_IGNORED;
	if (!ui_have_program("lp")) {
		ui_message(ui, true, _("There is no printer command (lp) here; the receipt is %s"), r->path);
		return UI_HANDLED;
	}
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execlp("lp", "lp", r->path, (char *)NULL);
		_exit(127);
	}
	ui_message(ui, false, _("Sent to the printer: %s"), r->path);
	return UI_HANDLED;
}

static const enum ui_request receipt_bar[] = { REQ_PRINT, REQ_RECEIPT_LANG, REQ_BACK, REQ_NONE };

void
ui_grievance_receipt(struct ui *ui, const char *number, const char *lang, bool fresh)
{
	struct receipt *r = zila_xcalloc(1, sizeof *r);
	char title[200];
	snprintf(r->number, sizeof r->number, "%s", number);
	snprintf(r->lang, sizeof r->lang, "%s", lang && strcmp(lang, "en") == 0 ? "en" : "hi");
	r->fresh = fresh;
	json_t *lines = receipt_lines(ui, r, title, sizeof title);
	if (!lines) {
		free(r);
		return;
	}
	ui_show_text(ui, UI_K_DETAIL, title, lines, receipt_key, r, free, receipt_bar);
}

void
ui_grievance_new(struct ui *ui)
{
	json_t *args = NULL, *result = ui_form_grievance_register(ui, &args);
	if (!result)
		return;
	ui_grievance_receipt(ui, ui_str(result, "number"), ui_str(result, "receipt_lang"), true);
	json_decref(args);
	json_decref(result);
}

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
