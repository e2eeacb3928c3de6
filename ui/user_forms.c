/* user_forms.c: the users of the district on screen, for the admin: add
 * one, set a new password for one, deactivate one. Everything goes through the user.*
 * actions of the core, so the rules (and where they are decided) follow
 * the core: deactivating is user.deactivate, an admin's signed action
 * that zilad takes only from the Collectorate's desk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sodium.h>
#include "forms.h"
#include "zila/sign.h"
#include "zila/master.h"
#include "zila/util.h"

/* Asks for the new password twice (nothing shown) and seals a key under it into
 * args; a refusal names the field. */
static enum zila_status
ask_password(struct ui *ui, const char *login, json_t *args, struct zila_err *err)
{
	char a[256] = "", b[256] = "", prompt[200];
	struct zila_user_key key;
	snprintf(prompt, sizeof prompt, _("New password for %s: "), login);
	bool ok = ui_prompt(ui, prompt, a, sizeof a, true) && ui_prompt(ui, _("The same again: "), b, sizeof b, true);
	/* one's own password seals one's own key again; any other (a new
	 * user, or an admin's reset) gives a new key pair, as zila user does:
	 * the password's only trace is the sealed key */
	bool own = strcasecmp(login, ui->actor.login) == 0 && ui->actor.can_sign;
	size_t n = strlen(a);
	enum zila_status st = ZILA_OK;
	if (!ok)
		st = zila_fail(err, ZILA_EINVAL, "%s", _("Not saved: no password was given."));
	else if (strcmp(a, b) != 0)
		st = zila_fail(err, ZILA_EINVAL, "%s", _("Not saved: the two passwords differ."));
	else if (n < 8)
		st = zila_fail(err, ZILA_EINVAL, "%s", _("password must have at least 8 characters"));
	else if (n > 128)
		st = zila_fail(err, ZILA_EINVAL, "%s", _("password must have at most 128 characters"));
	else if ((st = own ? zila_key_reseal(ui->actor.sign_sk, a, &key, err) : zila_key_new(a, &key, NULL, err)) == ZILA_OK)
		zila_key_set_args(args, &key);
	sodium_memzero(a, sizeof a);
	sodium_memzero(b, sizeof b);
	return st;
}

static enum zila_status
add_fix(struct ui_fctx *x, json_t *args, struct zila_err *err)
{
	return ask_password(x->ui, ui_str(args, "login"), args, err);
}

static enum zila_status
pick_roles(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	static const struct { const char *value, *label; } roles[] = {
		{ "clerk", N_("clerk (counter, inward register)") }, { "officer", N_("department officer") },
		{ "head", N_("department head") }, { "nodal", N_("nodal officer (inspections)") },
		{ "collector", N_("Collector") }, { "admin", N_("admin") },
	};
	(void)ctx;
	(void)f;
	(void)err;
	*items = json_array();
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		json_array_append_new(*items, json_pack("{s:s, s:s}", "value", roles[i].value, "label", _(roles[i].label)));
	return ZILA_OK;
}

static const struct zila_form_field user_fields[] = {
	{ .key = "login", .label = N_("Login"), .kind = FORM_TEXT, .required = true, .max_chars = 32,
	  .hint = N_("Small letters, digits, '.', '_' or '-', starting with a letter") },
	{ .key = "name", .label = N_("Name"), .kind = FORM_TEXT, .required = true, .max_chars = 100 },
	{ .key = "role", .label = N_("Role"), .kind = FORM_PICK, .required = true, .pick = pick_roles },
	{ .key = "department", .label = N_("Department"), .kind = FORM_PICK, .pick = ui_pick_departments,
	  .hint = N_("Required for a department officer or head") },
	{ 0 } };
static const struct zila_form_def user_form = { "user.add", N_("Add a user"), user_fields, ui_form_save_action };

bool
ui_user_may_add(struct ui *ui)
{
	return zila_action_allowed(ui->actor.role, "user.add");
}

void
ui_user_new(struct ui *ui)
{
	struct ui_fctx x = { .ui = ui, .action = "user.add", .fix = add_fix };
	if (ui_form(&x, &user_form, NULL) == FORM_SAVED)
		ui_message(ui, false, _("User %s added."), ui_str(x.args, "login"));
	json_decref(x.result);
	json_decref(x.args);
}

/* ----------------------------------------------------------- one user */

struct udetail {
	json_t *row;
	enum ui_request bar[4];
};

static void
udetail_free(void *p)
{
	struct udetail *d = p;
	json_decref(d->row);
	free(d);
}

static int
udetail_key(struct ui *ui, struct ui_text *t, enum ui_request req, int ch)
{
	struct udetail *d = ui_text_ctx(t);
	(void)ch;
	if ((req != REQ_ACT_PASSWORD && req != REQ_ACT_DEACTIVATE) || !ui_bar_has(d->bar, req))
		return UI_IGNORED;
	if (req == REQ_ACT_DEACTIVATE) {
		char q[300];
		snprintf(q, sizeof q, _("Deactivate %s? Their actions are refused from now on, on every desk. (y/n)"),
			ui_str(d->row, "login"));
		if (ui_confirm(ui, q) && ui_run_action(ui, "user.deactivate", json_pack("{s:s}", "login", ui_str(d->row, "login")),
				0, NULL))
			ui_message(ui, false, _("%s is deactivated: their actions are refused from now on."), ui_str(d->row, "login"));
		return UI_HANDLED;
	}
	struct zila_err err = { 0 };
	json_t *args = json_pack("{s:s}", "login", ui_str(d->row, "login"));
	if (ask_password(ui, ui_str(d->row, "login"), args, &err) != ZILA_OK) {
		ui_error(ui, &err);
		json_decref(args);
	} else if (ui_run_action(ui, "user.passwd", args, 0, NULL))
		ui_message(ui, false, _("The password of %s is changed."), ui_str(d->row, "login"));
	return UI_HANDLED;
}

void
ui_user_open(struct ui *ui, json_t *row)
{
	struct udetail *d = zila_xcalloc(1, sizeof *d);
	d->row = json_incref(row);
	int n = 0;
	/* one's own password, or anyone's for an admin: the core decides */
	if (zila_action_allowed(ui->actor.role, "user.passwd") &&
	    (ui->actor.role == ZILA_ROLE_ADMIN || strcmp(ui_str(row, "login"), ui->actor.login) == 0))
		d->bar[n++] = REQ_ACT_PASSWORD;
	/* an admin's signed action; the server takes it from the Collectorate
	 * desk only (issue 9), and refuses it there for anyone else */
	if (zila_action_allowed(ui->actor.role, "user.deactivate") && json_integer_value(json_object_get(row, "active")) &&
	    strcmp(ui_str(row, "login"), ui->actor.login) != 0)
		d->bar[n++] = REQ_ACT_DEACTIVATE;
	d->bar[n++] = REQ_BACK;
	d->bar[n] = REQ_NONE;
	json_t *lines = json_array();
	char title[200];
	snprintf(title, sizeof title, _("User %s"), ui_str(row, "login"));
	ui_field_line(lines, _("Login"), ui_str(row, "login"));
	ui_field_line(lines, _("Name"), ui_str(row, "name"));
	ui_field_line(lines, _("Role"), ui_str(row, "role"));
	ui_field_line(lines, _("Department"), ui_str(row, "department"));
	ui_field_line(lines, _("Active"), json_integer_value(json_object_get(row, "active")) ? _("yes") : _("no"));
	ui_show_text(ui, UI_K_DETAIL, title, lines, udetail_key, d, udetail_free, d->bar);
}
