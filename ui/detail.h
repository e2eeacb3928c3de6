/* detail.h: shared by the detail screens and action forms of the modules. */
#ifndef ZILA_UI_DETAIL_H
#define ZILA_UI_DETAIL_H

#include "screen.h"

/* An action a detail screen offers: its request (key), the action's name
 * (the role table decides who), the states it applies in (NULL-terminated;
 * NULL: any), and whether officers and heads need the record to be their
 * own department's. */
/* An action a detail screen offers, on the key of its request. */
struct ui_action_def {
	enum ui_request req;
	const char *action;
};

/* Fills bar (REQ_NONE-terminated, max entries) with the requests of the
 * actions this user may take on the record ref now (zila_may: the role,
 * the state, the department); returns how many. */
int ui_actions_allowed(const struct ui *ui, const struct ui_action_def *defs, int n, const char *ref,
	enum ui_request *bar, int max);
bool ui_bar_has(const enum ui_request *bar, enum ui_request req);

/* Runs an action as the logged-in user (takes the reference to args);
 * shows the refusal as the message and returns false on failure. */
bool ui_run_action(struct ui *ui, const char *name, json_t *args, long long base_version, json_t **result);

/* A string member or "". */
const char *ui_str(json_t *obj, const char *key);
/* "Label:  value" (nothing when the value is empty). */
void ui_field_line(json_t *lines, const char *label, const char *value);
/* s padded with spaces to w display columns (printf pads by bytes, which
 * leaves Hindi short): one of a few buffers that live until the line is
 * formatted. */
const char *ui_padw(const char *s, int w);
void ui_events_lines(json_t *lines, json_t *events);
void ui_attachment_lines(json_t *lines, json_t *atts);
/* Asks which attachment and opens it with xdg-open, or says where it is. */
void ui_open_attachment(struct ui *ui, json_t *atts);
bool ui_have_program(const char *name);

/* Five rows of big digits for a number read out at the counter. */
void ui_big_text(json_t *lines, const char *text);

/* The detail screens. */
void ui_grievance_open(struct ui *ui, const char *id);
void ui_letter_open(struct ui *ui, const char *id);
void ui_inspection_open(struct ui *ui, const char *id);
/* The forms that make new records. */
void ui_grievance_new(struct ui *ui);
/* The citizen's receipt of grievance number in lang ("hi", "en"; NULL or
 * "": the interface's), written to receipts/ beside the database and shown
 * with p to print it; fresh: just registered (the number shown large). */
void ui_grievance_receipt(struct ui *ui, const char *number, const char *lang, bool fresh);
void ui_letter_new(struct ui *ui);
void ui_inspection_new(struct ui *ui);

#endif
