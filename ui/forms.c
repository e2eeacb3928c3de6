/* forms.c: the forms of the grievance and letter actions, as tables for
 * the form widget (form.h): what is typed is kept as a draft, fields are
 * checked as they are left, F2 saves by running the action. Most forms'
 * fields are the action's arguments by name, so one saver serves them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "forms.h"
#include "screen.h"
#include "zila/blob.h"
#include "zila/master.h"
#include "zila/record.h"
#include "zila/util.h"

/* ----------------------------------------------------------- pick lists */

static enum zila_status
pick_master(struct ui_fctx *x, enum zila_master m, const char *value_key, const char *const *labels, json_t **items,
	struct zila_err *err)
{
	json_t *rows = NULL;
	enum zila_status st = zila_master_list(x->ui->db, m, &rows, err);
	if (st != ZILA_OK)
		return st;
	*items = form_pick_items(rows, value_key, labels);
	json_decref(rows);
	return ZILA_OK;
}

enum zila_status
ui_pick_departments(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const char *const en[] = { "code", "name_en", "name_hi", NULL };
	static const char *const hi[] = { "code", "name_hi", "name_en", NULL };
	const char *const *labels = zila_i18n_hindi() ? hi : en;
	(void)f;
	return pick_master(ctx, ZILA_M_DEPARTMENT, "code", labels, items, err);
}

static enum zila_status
pick_blocks(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const char *const en[] = { "name_en", "name_hi", "lgd_code", NULL };
	static const char *const hi[] = { "name_hi", "name_en", "lgd_code", NULL };
	const char *const *labels = zila_i18n_hindi() ? hi : en;
	(void)f;
	return pick_master(ctx, ZILA_M_BLOCK, "lgd_code", labels, items, err);
}

enum zila_status
ui_pick_gps(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const char *const en[] = { "name_en", "name_hi", "block_name", "lgd_code", NULL };
	static const char *const hi[] = { "name_hi", "name_en", "block_name", "lgd_code", NULL };
	const char *const *labels = zila_i18n_hindi() ? hi : en;
	struct ui_fctx *x = ctx;
	json_t *rows = NULL;
	(void)f;
	enum zila_status st = zila_master_list(x->ui->db, ZILA_M_GP, &rows, err);
	if (st != ZILA_OK)
		return st;
	/* "within" the block: a form with a block field above narrows to it */
	*items = form_pick_items_within(rows, "lgd_code", labels, "block");
	json_decref(rows);
	return ZILA_OK;
}

/* How a grievance reached the office (the grievance.channel values). */
static const struct { const char *value, *label; } ch[] = {
	{ "counter", N_("At the counter") }, { "jandarshan", N_("Jan Darshan / Jan Chaupal") },
	{ "post", N_("By post") }, { "phone", N_("By phone") }, { "web", N_("Online") }, { "email", N_("By email") },
	{ "cpgrams", N_("CPGRAMS") }, { "camp", N_("At a camp") },
};

const char *
ui_channel_word(const char *code)
{
	for (size_t i = 0; code && i < sizeof ch / sizeof ch[0]; i++)
		if (strcmp(ch[i].value, code) == 0)
			return _(ch[i].label);
	return code ? code : "";
}

static enum zila_status
pick_channels(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	(void)ctx;
	(void)f;
	(void)err;
	*items = json_array();
	for (size_t i = 0; i < sizeof ch / sizeof ch[0]; i++)
		json_array_append_new(*items, json_pack("{s:s, s:s}", "value", ch[i].value, "label", _(ch[i].label)));
	return ZILA_OK;
}

enum zila_status
ui_pick_inbox(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	struct ui_fctx *x = ctx;
	json_t *files = NULL, *r;
	size_t i;
	(void)f;
	*items = json_array();
	if (!x->ui->inbox[0])
		return ZILA_OK; /* no inbox set up: the path field is the way */
	enum zila_status st = zila_blob_inbox(x->ui->inbox, 200, &files, err);
	if (st != ZILA_OK) {
		json_decref(*items);
		*items = NULL;
		return st;
	}
	json_array_foreach(files, i, r) {
		char size[32], when[24], label[600];
		ui_fmt_size(json_integer_value(json_object_get(r, "size")), size, sizeof size);
		time_t t = 0;
		zila_parse_time(ui_str(r, "modified"), &t);
		char iso[32];
		zila_iso_time(t + 19800, iso, sizeof iso); /* the clock on the wall: India */
		snprintf(when, sizeof when, "%.2s-%.2s %.5s", iso + 8, iso + 5, iso + 11);
		snprintf(label, sizeof label, "%s  %s  %s  %s", ui_str(r, "name"), size, _(ui_str(r, "kind")), when);
		json_array_append_new(*items, json_pack("{s:s, s:s}", "value", ui_str(r, "path"), "label", label));
	}
	json_decref(files);
	return ZILA_OK;
}

/* The languages of a receipt, each named in itself. */
static enum zila_status
pick_languages(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	(void)ctx;
	(void)f;
	(void)err;
	*items = json_pack("[{s:s, s:s}, {s:s, s:s}]", "value", "hi", "label", "हिंदी (Hindi)", "value", "en",
		"label", "English (अंग्रेज़ी)");
	return ZILA_OK;
}

enum zila_status
ui_pick_categories(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const char *const en[] = { "code", "name_en", "name_hi", NULL };
	static const char *const hi[] = { "code", "name_hi", "name_en", NULL };
	const char *const *labels = zila_i18n_hindi() ? hi : en;
	(void)f;
	return pick_master(ctx, ZILA_M_CATEGORY, "code", labels, items, err);
}

/* The officers and heads of the head's own department: whom the core's
 * grievance.assign takes. */
static enum zila_status
pick_officers(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const char *const labels[] = { "login", "name", NULL };
	struct ui_fctx *x = ctx;
	json_t *rows = NULL, *mine = json_array(), *r;
	size_t i;
	char dept[16] = "";
	(void)f;
	enum zila_status st = zila_master_list(x->ui->db, ZILA_M_USER, &rows, err);
	if (st != ZILA_OK) {
		json_decref(mine);
		return st;
	}
	ui_own_department_code(x->ui, dept, sizeof dept);
	json_array_foreach(rows, i, r)
		if (strcmp(ui_str(r, "department"), dept) == 0 &&
		    (strcmp(ui_str(r, "role"), "officer") == 0 || strcmp(ui_str(r, "role"), "head") == 0))
			json_array_append(mine, r);
	*items = form_pick_items(mine, "login", labels);
	json_decref(rows);
	json_decref(mine);
	return ZILA_OK;
}

/* The departments this letter is marked to whose marking the form's
 * action may start from, for this user (zila_may_from: a reply or a
 * reminder a pending one, a close a replied one, or a pending one too for
 * the Collector). */
static enum zila_status
pick_markings(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const char *const labels[] = { "department", "department_name", "status", NULL };
	struct ui_fctx *x = ctx;
	json_t *rows = json_array(), *m;
	size_t i;
	(void)f;
	(void)err;
	json_array_foreach(json_object_get(x->rec, "markings"), i, m) {
		if (zila_may_from(&x->ui->actor, x->action, ui_str(m, "status")))
			json_array_append(rows, m);
	}
	*items = form_pick_items(rows, "department", labels);
	json_decref(rows);
	return ZILA_OK;
}

void
ui_own_department_code(struct ui *ui, char *code, size_t n)
{
	json_t *rows = NULL, *r;
	size_t i;
	code[0] = '\0';
	if (zila_master_list(ui->db, ZILA_M_DEPARTMENT, &rows, NULL) != ZILA_OK)
		return;
	json_array_foreach(rows, i, r)
		if (strcmp(ui_str(r, "id"), ui->actor.department_id) == 0)
			snprintf(code, n, "%s", ui_str(r, "code"));
	json_decref(rows);
}

/* ------------------------------------------------------------- running */

static bool
lock_while_idle(void *ctx)
{
	struct ui_fctx *x = ctx;
	return ui_login(x->ui, true);
}

enum form_result
ui_form(struct ui_fctx *x, const struct zila_form_def *def, json_t *initial)
{
	char draft[200];
	if (x->ref)
		snprintf(draft, sizeof draft, "%s:%s", def->name, x->ref);
	struct form_opts o = {
		.db = x->ui->db, .user_id = x->ui->actor.user_id, .draft_name = x->ref ? draft : NULL,
		.initial = initial, .idle_ms = x->ui->lock_ms, .on_idle = lock_while_idle,
	};
	/* every text field takes what its action takes, no less, no more:
	 * the limits are the argument rows of the action (record.h) */
	int n = form_field_count(def);
	struct zila_form_field *fields = zila_xcalloc((size_t)n + 1, sizeof *fields);
	for (int i = 0; i < n; i++) {
		fields[i] = def->fields[i];
		const struct zila_arg_def *a = zila_arg_def_of(def->name, fields[i].key);
		if (a && a->limit > 0 && (a->kind == ZILA_ARG_STR || a->kind == ZILA_ARG_TEXT))
			fields[i].max_chars = (size_t)a->limit;
	}
	struct zila_form_def limited = *def;
	limited.fields = fields;
	erase();
	enum form_result r = form_run(stdscr, &limited, &o, x);
	free(fields);
	if (r == FORM_CANCELLED)
		ui_message(x->ui, false, "%s", _("Nothing was changed."));
	return r;
}

enum zila_status
ui_form_save_action(void *ctx, json_t *values, struct zila_err *err)
{
	struct ui_fctx *x = ctx;
	json_t *args = json_deep_copy(values);
	enum zila_status st = ZILA_OK;
	if (x->ref_key)
		json_object_set_new(args, x->ref_key, json_string(x->ref_number));
	if (x->fix)
		st = x->fix(x, args, err);
	if (st == ZILA_OK) {
		struct zila_action_opts o = { .base_version = x->version };
		json_decref(x->result);
		x->result = NULL;
		st = zila_action_run(x->ui->db, &x->ui->actor, x->action, args, &o, &x->result, err);
	}
	json_decref(x->args);
	x->args = args;
	return st;
}

/* --------------------------------------------------------- grievances */

static const struct zila_form_field assign_dept_fields[] = {
	{ .key = "department", .label = N_("Department"), .kind = FORM_PICK, .required = true, .pick = ui_pick_departments },
	{ .key = "note", .label = N_("Note"), .kind = FORM_MULTILINE, .height = 3 },
	{ 0 } };
static const struct zila_form_field assign_officer_fields[] = {
	{ .key = "officer", .label = N_("Officer"), .kind = FORM_PICK, .required = true, .pick = pick_officers },
	{ .key = "note", .label = N_("Note"), .kind = FORM_MULTILINE, .height = 3 },
	{ 0 } };
static const struct zila_form_field transfer_fields[] = {
	{ .key = "department", .label = N_("To department"), .kind = FORM_PICK, .required = true, .pick = ui_pick_departments },
	{ .key = "reason", .label = N_("Reason"), .kind = FORM_MULTILINE, .height = 4, .required = true },
	{ 0 } };
static const struct zila_form_field note_fields[] = {
	{ .key = "note", .label = N_("Note"), .kind = FORM_MULTILINE, .height = 5, .required = true },
	{ .key = "interim", .label = N_("Interim reply"), .kind = FORM_YESNO,
	  .hint = N_("y: this note is an interim reply to the citizen") },
	{ .key = "internal", .label = N_("Internal"), .kind = FORM_YESNO,
	  .hint = N_("y: for the office only, never shown or sent to the citizen") },
	{ 0 } };
static const struct zila_form_field dispose_fields[] = {
	{ .key = "reply", .label = N_("Reply"), .kind = FORM_MULTILINE, .height = 6, .required = true,
	  .hint = N_("The final reply to the citizen") },
	{ 0 } };
static const struct zila_form_field feedback_fields[] = {
	{ .key = "rating", .label = N_("Rating (1-5)"), .kind = FORM_NUMBER, .required = true, .min = 1, .max = 5 },
	{ .key = "note", .label = N_("Remark"), .kind = FORM_MULTILINE, .height = 3 },
	{ 0 } };
static const struct zila_form_field reason_fields[] = {
	{ .key = "reason", .label = N_("Reason"), .kind = FORM_MULTILINE, .height = 4, .required = true },
	{ 0 } };
static const struct zila_form_field close_fields[] = {
	{ .key = "note", .label = N_("Note"), .kind = FORM_MULTILINE, .height = 3 },
	{ 0 } };

#define GFORM(var, name, title, fields) \
	static const struct zila_form_def var = { name, title, fields, ui_form_save_action }
GFORM(assign_dept_form, "grievance.assign", N_("Assign the grievance to a department"), assign_dept_fields);
GFORM(assign_officer_form, "grievance.assign", N_("Assign the grievance to an officer"), assign_officer_fields);
GFORM(transfer_form, "grievance.transfer", N_("Transfer the grievance"), transfer_fields);
GFORM(note_form, "grievance.note", N_("Add a note"), note_fields);
GFORM(dispose_form, "grievance.dispose", N_("Dispose of the grievance"), dispose_fields);
GFORM(feedback_form, "grievance.feedback", N_("The citizen's feedback"), feedback_fields);
GFORM(appeal_form, "grievance.appeal", N_("The citizen's appeal"), reason_fields);
GFORM(reopen_form, "grievance.reopen", N_("Reopen the grievance"), reason_fields);
GFORM(close_form, "grievance.close", N_("Close the grievance"), close_fields);

/* "Internal" is the action's visibility. */
static enum zila_status
note_fix(struct ui_fctx *x, json_t *args, struct zila_err *err)
{
	(void)x;
	(void)err;
	bool internal = json_is_true(json_object_get(args, "internal"));
	json_object_del(args, "internal");
	if (internal)
		json_object_set_new(args, "visibility", json_string("internal"));
	return ZILA_OK;
}

bool
ui_form_grievance_action(struct ui *ui, json_t *rec, enum ui_request req)
{
	const struct zila_form_def *def = NULL;
	switch (req) {
	case REQ_ACT_ASSIGN: def = ui->actor.role == ZILA_ROLE_HEAD ? &assign_officer_form : &assign_dept_form; break;
	case REQ_ACT_TRANSFER: def = &transfer_form; break;
	case REQ_ACT_NOTE: def = &note_form; break;
	case REQ_ACT_DISPOSE: def = &dispose_form; break;
	case REQ_ACT_FEEDBACK: def = &feedback_form; break;
	case REQ_ACT_APPEAL: def = &appeal_form; break;
	case REQ_ACT_REOPEN: def = &reopen_form; break;
	case REQ_ACT_CLOSE: def = &close_form; break;
	default: return false;
	}
	struct ui_fctx x = {
		.ui = ui, .rec = rec, .ref = ui_str(rec, "id"), .ref_key = "grievance", .ref_number = ui_str(rec, "number"),
		.action = def->name, .version = json_integer_value(json_object_get(rec, "version")),
		.fix = def == &note_form ? note_fix : NULL,
	};
	bool saved = ui_form(&x, def, NULL) == FORM_SAVED;
	if (saved)
		ui_message(ui, false, "%s", _("Saved."));
	json_decref(x.result);
	json_decref(x.args);
	return saved;
}

/* Attachments by path: the file goes into the blob store first, and the
 * action names it by hash. */
/* The counter's form and what its save learns on the way: the grievance
 * the clerk linked the new one to, if any. x first: the form's ctx. */
struct register_ctx {
	struct ui_fctx x;
	char dup_of[40];
	char lang[4]; /* the receipt's */
};

static enum zila_status
register_fix(struct ui_fctx *x, json_t *args, struct zila_err *err)
{
	struct register_ctx *rc = (struct register_ctx *)x;
	const char *path = json_string_value(json_object_get(args, "attachment"));
	const char *picked = json_string_value(json_object_get(args, "inbox"));
	if (picked && path)
		return zila_fail(err, ZILA_EINVAL, "%s", _("attachment: a file from the inbox or a path, not both"));
	if (picked)
		path = picked;
	/* the receipt's language is the citizen's, not the grievance's */
	snprintf(rc->lang, sizeof rc->lang, "%s", ui_str(args, "receipt_lang"));
	json_object_del(args, "receipt_lang");
	/* and the language of the messages the citizen will get */
	if (rc->lang[0])
		json_object_set_new(args, "lang", json_string(rc->lang));
	if (!json_object_get(args, "channel"))
		json_object_set_new(args, "channel", json_string("counter"));
	/* the warning comes before anything is stored */
	enum zila_status dst = ui_grievance_dup_check(x->ui, args, rc->dup_of, sizeof rc->dup_of, err);
	if (dst != ZILA_OK)
		return dst;
	if (!path) {
		json_object_del(args, "attachment");
		json_object_del(args, "inbox");
		return ZILA_OK;
	}
	char sha[65], mime[80], kind[16];
	long long size = 0;
	enum zila_status st = zila_blob_put_file(x->ui->db, path, zila_blob_max_size(x->ui->db), sha, &size, mime, kind, err);
	if (st != ZILA_OK)
		return zila_fail(err, st, "attachment: %s", err->msg);
	const char *base = strrchr(path, '/');
	json_t *att = json_pack("{s:s, s:s, s:s, s:I, s:s}", "sha256", sha, "name", base ? base + 1 : path, "mime", mime,
		"size", (json_int_t)size, "kind", kind);
	json_object_set_new(args, "attachments", json_pack("[o]", att));
	json_object_del(args, "attachment");
	json_object_del(args, "inbox");
	return ZILA_OK;
}

/* The fields a counter fills for nearly every citizen come first, so the
 * usual grievance is: name, Tab, mobile, Tab, panchayat, Tab, category,
 * Tab, description, F2 (a pick list takes Tab when one item is left). */
static const struct zila_form_field register_fields[] = {
	{ .key = "citizen_name", .label = N_("Citizen's name"), .kind = FORM_TEXT, .required = true },
	{ .key = "mobile", .label = N_("Mobile"), .kind = FORM_MOBILE },
	{ .key = "gp", .label = N_("Gram panchayat"), .kind = FORM_PICK, .pick = ui_pick_gps, .within = "block",
	  .hint = N_("Type the panchayat's or the block's name") },
	{ .key = "category", .label = N_("Category"), .kind = FORM_PICK, .required = true, .pick = ui_pick_categories,
	  .rank = ui_rank_categories, .rank_from = "description" },
	{ .key = "description", .label = N_("Description"), .kind = FORM_MULTILINE, .height = 5,
	  .required = true },
	{ .key = "address", .label = N_("Address"), .kind = FORM_TEXT },
	{ .key = "village", .label = N_("Village"), .kind = FORM_TEXT },
	{ .key = "block", .label = N_("Block"), .kind = FORM_PICK, .pick = pick_blocks,
	  .hint = N_("Empty: the panchayat's own block") },
	{ .key = "attachment", .label = N_("Attachment (file)"), .kind = FORM_PATH,
	  .hint = N_("A photo, video, audio or document on this machine; Tab completes the path") },
	{ .key = "inbox", .label = N_("or from the inbox"), .kind = FORM_PICK, .pick = ui_pick_inbox,
	  .hint = N_("The files a scanner or a phone left in the inbox folder, newest first") },
	{ .key = "channel", .label = N_("Received"), .kind = FORM_PICK, .required = true, .pick = pick_channels,
	  .hint = N_("How the grievance came: at the counter, Jan Darshan, by post, phone or online") },
	{ .key = "receipt_lang", .label = N_("Receipt in"), .kind = FORM_PICK, .required = true, .pick = pick_languages,
	  .hint = N_("The language the citizen reads") },
	{ 0 } };

static const struct zila_form_def register_form = {
	"grievance.register", N_("New grievance at the counter"), register_fields, ui_form_save_action
};

json_t *
ui_form_grievance_register(struct ui *ui, json_t **args_out)
{
	struct register_ctx rc = { .x = { .ui = ui, .action = "grievance.register", .fix = register_fix } };
	struct ui_fctx *x = &rc.x;
	*args_out = NULL;
	json_t *initial = json_pack("{s:s, s:s}", "channel", "counter", "receipt_lang", "hi");
	enum form_result r = ui_form(x, &register_form, initial);
	json_decref(initial);
	if (r != FORM_SAVED) {
		json_decref(x->result);
		json_decref(x->args);
		return NULL;
	}
	if (rc.dup_of[0]) {
		/* registered (the citizen has a number either way), then linked */
		const char *number = ui_str(x->result, "number");
		if (ui_run_action(ui, "grievance.duplicate", json_pack("{s:s, s:s}", "grievance", number, "of", rc.dup_of), 0,
			    NULL))
			json_object_set_new(x->result, "duplicate_of", json_string(rc.dup_of));
	}
	json_object_set_new(x->result, "receipt_lang", json_string(rc.lang));
	*args_out = x->args;
	return x->result;
}

/* ------------------------------------------------------------- letters */

static const struct zila_form_field mark_fields[] = {
	{ .key = "department", .label = N_("Department"), .kind = FORM_PICK, .required = true, .pick = ui_pick_departments },
	{ .key = "days", .label = N_("Time limit (days)"), .kind = FORM_NUMBER, .required = true, .min = 1, .max = 365 },
	{ .key = "note", .label = N_("Note"), .kind = FORM_TEXT },
	{ 0 } };
static const struct zila_form_field remind_fields[] = {
	{ .key = "department", .label = N_("Department"), .kind = FORM_PICK, .pick = pick_markings,
	  .hint = N_("Empty: remind every department that has not replied") },
	{ .key = "note", .label = N_("Note"), .kind = FORM_TEXT },
	{ 0 } };
static const struct zila_form_field reply_fields[] = {
	{ .key = "department", .label = N_("Department"), .kind = FORM_PICK, .pick = pick_markings,
	  .hint = N_("Empty: your own department") },
	{ .key = "reply", .label = N_("Reply"), .kind = FORM_MULTILINE, .height = 5, .required = true },
	{ .key = "reply_ref", .label = N_("Reply letter no."), .kind = FORM_TEXT },
	{ 0 } };
static const struct zila_form_field lclose_fields[] = {
	{ .key = "department", .label = N_("Department"), .kind = FORM_PICK, .pick = pick_markings,
	  .hint = N_("Empty: close every marking") },
	{ .key = "note", .label = N_("Note"), .kind = FORM_TEXT },
	{ 0 } };

GFORM(mark_form, "letter.mark", N_("Mark the letter to a department"), mark_fields);
GFORM(remind_form, "letter.remind", N_("Send a reminder"), remind_fields);
GFORM(reply_form, "letter.reply", N_("Record the department's reply"), reply_fields);
GFORM(lclose_form, "letter.close", N_("Close the letter's marking"), lclose_fields);

bool
ui_form_letter_action(struct ui *ui, json_t *rec, enum ui_request req)
{
	const struct zila_form_def *def = NULL;
	switch (req) {
	case REQ_ACT_MARK: def = &mark_form; break;
	case REQ_ACT_REMIND: def = &remind_form; break;
	case REQ_ACT_REPLY: def = &reply_form; break;
	case REQ_ACT_CLOSE: def = &lclose_form; break;
	default: return false;
	}
	struct ui_fctx x = {
		.ui = ui, .rec = rec, .ref = ui_str(rec, "id"), .ref_key = "letter", .ref_number = ui_str(rec, "number"),
		.action = def->name, .version = json_integer_value(json_object_get(rec, "version")),
	};
	bool saved = ui_form(&x, def, NULL) == FORM_SAVED;
	if (saved)
		ui_message(ui, false, "%s", _("Saved."));
	json_decref(x.result);
	json_decref(x.args);
	return saved;
}

/* The departments a new letter is marked to: up to three pairs of
 * department and days become the "marks" list. */
static enum zila_status
letter_fix(struct ui_fctx *x, json_t *args, struct zila_err *err)
{
	json_t *marks = json_array();
	(void)x;
	for (int i = 1; i <= 3; i++) {
		char dk[16], nk[16];
		snprintf(dk, sizeof dk, "dept%d", i);
		snprintf(nk, sizeof nk, "days%d", i);
		json_t *d = json_object_get(args, dk), *n = json_object_get(args, nk);
		if (d && !n) {
			json_decref(marks);
			return zila_fail(err, ZILA_EINVAL, "%s: give the time limit in days for %s", nk, json_string_value(d));
		}
		if (d)
			json_array_append_new(marks, json_pack("{s:O, s:O}", "department", d, "days", n));
		json_object_del(args, dk);
		json_object_del(args, nk);
	}
	if (json_array_size(marks))
		json_object_set(args, "marks", marks);
	json_decref(marks);
	return ZILA_OK;
}

static const struct zila_form_field letter_fields[] = {
	{ .key = "sender", .label = N_("Sender"), .kind = FORM_TEXT, .required = true },
	{ .key = "subject", .label = N_("Subject"), .kind = FORM_MULTILINE, .height = 2, .required = true },
	{ .key = "sender_ref", .label = N_("Sender's letter no."), .kind = FORM_TEXT },
	{ .key = "letter_date", .label = N_("Letter date"), .kind = FORM_DATE, .width = 12 },
	{ .key = "received_on", .label = N_("Received on"), .kind = FORM_DATE, .width = 12, .hint = N_("Empty: today") },
	{ .key = "dept1", .label = N_("Mark to"), .kind = FORM_PICK, .pick = ui_pick_departments },
	{ .key = "days1", .label = N_("  days"), .kind = FORM_NUMBER, .min = 1, .max = 365 },
	{ .key = "dept2", .label = N_("Mark to"), .kind = FORM_PICK, .pick = ui_pick_departments },
	{ .key = "days2", .label = N_("  days"), .kind = FORM_NUMBER, .min = 1, .max = 365 },
	{ .key = "dept3", .label = N_("Mark to"), .kind = FORM_PICK, .pick = ui_pick_departments },
	{ .key = "days3", .label = N_("  days"), .kind = FORM_NUMBER, .min = 1, .max = 365 },
	{ .key = "remarks", .label = N_("Remarks"), .kind = FORM_TEXT },
	{ 0 } };

static const struct zila_form_def letter_form = {
	"letter.create", N_("Diarise a letter"), letter_fields, ui_form_save_action
};

void
ui_letter_new(struct ui *ui)
{
	struct ui_fctx x = { .ui = ui, .action = "letter.create", .fix = letter_fix };
	if (ui_form(&x, &letter_form, NULL) == FORM_SAVED)
		ui_message(ui, false, _("Diarised as %s."), ui_str(x.result, "number"));
	json_decref(x.result);
	json_decref(x.args);
}
