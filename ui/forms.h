/* forms.h: the action forms of ui/, built on the form widget (form.h). */
#ifndef ZILA_UI_FORMS_H
#define ZILA_UI_FORMS_H

#include "detail.h"
#include "form.h"

/* The context every action form runs with: the person, the record (may be
 * NULL), the action and how its arguments are completed. */
struct ui_fctx {
	struct ui *ui;             /* first: on_idle locks through it */
	json_t *rec;
	const char *ref;           /* the record's id: names the draft */
	const char *ref_key;       /* the argument naming the record ("grievance") */
	const char *ref_number;    /* its value (the human number) */
	const char *action;
	long long version;         /* the version the person saw */
	/* completes the arguments (may be NULL); a failure names the field */
	enum zila_status (*fix)(struct ui_fctx *x, json_t *args, struct zila_err *err);
	json_t *args;              /* after a save: the arguments that ran */
	json_t *result;            /* after a save: the action's result */
};

/* Runs a form for x (drafts kept under "<form>:<record id>" when there is
 * a record; the session locks when idle). */
enum form_result ui_form(struct ui_fctx *x, const struct zila_form_def *def, json_t *initial);
/* on_save of the action forms: the values plus the record, run as x->action. */
enum zila_status ui_form_save_action(void *ctx, json_t *values, struct zila_err *err);
/* Pick sources shared by the forms. */
enum zila_status ui_pick_departments(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err);
enum zila_status ui_pick_gps(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err);
enum zila_status ui_pick_categories(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err);
/* The files of the attachment inbox (zila.conf), newest first, with size,
 * type and time; none when no inbox is set. */
enum zila_status ui_pick_inbox(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err);
/* Rank source of the counter's Category: the categories suggested for
 * the description typed (triage_pick.c), none without a model. */
enum zila_status ui_rank_categories(void *ctx, const struct zila_form_field *f, json_t *state, json_t **items,
	struct zila_err *err);
/* The code of the user's own department ("" when none). */
void ui_own_department_code(struct ui *ui, char *code, size_t n);

/* An action on a grievance or a letter from its detail; true when saved. */
bool ui_form_grievance_action(struct ui *ui, json_t *rec, enum ui_request req);
bool ui_form_letter_action(struct ui *ui, json_t *rec, enum ui_request req);
/* The counter's form; returns the result ({id, number, due_date}) and the
 * arguments that were registered, or NULL when not saved. */
json_t *ui_form_grievance_register(struct ui *ui, json_t **args);
/* How a grievance came, in words ("jandarshan" -> "Jan Darshan / Jan Chaupal"). */
const char *ui_channel_word(const char *code);
/* The users list's n (an admin adds a user), can_create and Enter (a
 * user's record, with a new password for those the core lets one set). */
void ui_user_new(struct ui *ui);
bool ui_user_may_add(struct ui *ui);
void ui_user_open(struct ui *ui, json_t *row);
/* A held request (held.c): the clerk confirms or changes the suggested
 * category and registers it (request.register). */
void ui_held_open(struct ui *ui, json_t *row);
/* Close a grievance as a duplicate (REQ_ACT_DUPLICATE) or add an
 * attachment to it (REQ_ACT_ATTACH), from its detail; true when saved. */
bool ui_form_grievance_more(struct ui *ui, json_t *rec, enum ui_request req);
/* The duplicate warning before a new grievance (args: mobile, gp,
 * description) is saved: ZILA_OK to save (dup_of gets the number the
 * clerk linked it to, or ""), ZILA_EEXIST when the clerk went back to the
 * form. */
enum zila_status ui_grievance_dup_check(struct ui *ui, json_t *args, char *dup_of, size_t n, struct zila_err *err);
/* The suggestions of an inspection this user may take action on now
 * (zila_may: state, department, owner). */
json_t *ui_suggestions_in(struct ui *ui, json_t *rec, const char *action);
/* Comply with or verify a suggestion of an inspection. */
bool ui_form_suggestion_action(struct ui *ui, json_t *rec, enum ui_request req);

#endif
