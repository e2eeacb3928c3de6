/* formdef.h: a form as a table, and the rules of its fields, without
 * curses (form.h adds form_run, the widget that shows one).
 *
 * A form is a `struct zila_form_def`: a name (which also keys its draft),
 * a title, a field table and an on_save callback. While a form is open,
 * each field's state is one string, kept in a JSON object by field key
 * (the "state": what is also saved as the draft):
 *   text, multiline, number, date, mobile, path: the text as typed;
 *   pick: the chosen item's value; yesno: "yes" or "no"; rating: the
 *   chosen option's value; "" or absent when nothing is there.
 * form_values() turns the state into the values on_save receives: empty
 * fields left out, one-line text trimmed, numbers as JSON integers, yes/no
 * as JSON booleans, the rest as strings. on_save builds the action's
 * arguments from them and runs it through include/zila/.
 *
 * Example, a note on a grievance:
 *   static const struct zila_form_field note_fields[] = {
 *       { .key = "note", .label = N_("Note"), .kind = FORM_MULTILINE,
 *         .height = 5, .max_chars = 2000, .required = true },
 *       { .key = "interim", .label = N_("Interim reply"), .kind = FORM_YESNO },
 *       { 0 } };
 *   static const struct zila_form_def note_form = {
 *       "grievance.note", N_("Add a note"), note_fields, note_save };
 * and note_save(ctx, values, err) adds {"grievance": number} to values and
 * calls zila_action_run(). */
#ifndef ZILA_UI_FORMDEF_H
#define ZILA_UI_FORMDEF_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "zila/status.h"

enum form_kind {
	FORM_TEXT,      /* one line */
	FORM_MULTILINE, /* word-wrapped rows; Enter is a new line */
	FORM_NUMBER,    /* a whole number, within [min, max] when they differ */
	FORM_DATE,      /* a real date, typed 20-11-2026 (or / or .) or
	                 * 2026-11-20; on_save gets YYYY-MM-DD */
	FORM_MOBILE,    /* 10 digits starting 6-9, "+91" allowed before */
	FORM_PICK,      /* one item of a list that filters as one types */
	FORM_YESNO,     /* y or n (Left/Right toggle; Space never answers it) */
	FORM_RATING,    /* one of the field's options, Left/Right or 1-9 */
	FORM_PATH       /* a readable file (attachments); "~/" is the home
	                 * folder, and on_save gets the path expanded */
};

/* A rating's options: value and label (N_() text); ends with { NULL }. */
struct form_option {
	const char *value;
	const char *label;
};

struct zila_form_field;
/* Extra check of a non-empty value: NULL when good, else the message
 * (translated) that stands beside the field. */
typedef const char *(*form_validate_fn)(const struct zila_form_field *f, const char *value, void *ctx);
/* The items of a pick list: *items gets a new JSON array of objects
 * {"value": "...", "label": "...", "within": "..."?} (form_pick_items
 * makes one from zila_master_list rows). Called once, when the list is
 * first needed. */
typedef enum zila_status (*form_pick_fn)(void *ctx, const struct zila_form_field *f, json_t **items,
	struct zila_err *err);
/* Items of a pick list to offer first, from what the form holds now
 * (state): *items gets a new array of {"value", "label", "short"} (or
 * NULL for none), each standing in for the list's item of that value;
 * "short" is what the note names it by. */
typedef enum zila_status (*form_rank_fn)(void *ctx, const struct zila_form_field *f, json_t *state, json_t **items,
	struct zila_err *err);

struct zila_form_field {
	const char *key;       /* the state and value key; NULL ends the table */
	const char *label;     /* N_() text */
	enum form_kind kind;
	int width;             /* entry columns; 0: a default by kind */
	int height;            /* multiline rows; 0: 4 */
	size_t max_chars;      /* 0: 200 for one line, 4000 for multiline */
	bool required;
	long long min, max;    /* number range, when min < max */
	const struct form_option *options; /* rating */
	form_pick_fn pick;     /* pick */
	const char *within;    /* pick: another field's key; once that field has a
	                        * value, only items whose "within" equals it are
	                        * offered (the panchayats of the chosen block) */
	form_validate_fn validate;
	const char *hint;      /* N_() line shown at the bottom on this field */
	form_rank_fn rank;     /* pick: asked each time the list opens (the
	                        * categories suggested for a description) */
	const char *rank_from; /* with rank: leaving this field, typed in, while
	                        * nothing is picked here names the first items
	                        * on the bottom line */
};

struct zila_form_def {
	const char *name;      /* "grievance.register": the draft's name */
	const char *title;     /* N_() text */
	const struct zila_form_field *fields;
	/* Runs the action once every field is good. ZILA_OK closes the form
	 * (and removes the draft); anything else shows err->msg and keeps the
	 * form open; a message starting "<key>:" stands beside that field. */
	enum zila_status (*on_save)(void *ctx, json_t *values, struct zila_err *err);
};

int form_field_count(const struct zila_form_def *d);
/* The field index of key, or -1. */
int form_field_index(const struct zila_form_def *d, const char *key);
/* The field after (dir 1) or before (dir -1) cur, wrapping round: the
 * order of Tab, Shift-Tab, Down and Up. */
int form_field_step(const struct zila_form_def *d, int cur, int dir);
/* Entry width and character limit with the defaults applied. */
int form_field_width(const struct zila_form_field *f);
size_t form_field_max_chars(const struct zila_form_field *f);
/* Whether a typed character may go into the field (digits only in a
 * number, and so on): refusing early keeps the message for real mistakes. */
bool form_char_allowed(const struct zila_form_field *f, uint32_t cp);

/* Checks one field's state text; true when good, else msg (n bytes) gets
 * the message. Required, then the kind's rule, then f->validate. */
bool form_check(const struct zila_form_field *f, const char *text, void *ctx, char *msg, size_t n);
/* The first field of the state that fails its check (msg filled), or -1. */
int form_check_all(const struct zila_form_def *d, json_t *state, void *ctx, char *msg, size_t n);
bool form_mobile_ok(const char *s);
/* Tab in a path field: the typed path completed as a shell does (the
 * only match, with "/" after a folder, or the part every match shares;
 * "~/" is the home folder) into out (n bytes); false when there is
 * nothing to add, and Tab goes on to the next field. */
bool form_path_complete(const char *typed, char *out, size_t n);
/* A date as people in India write it (20-11-2026, 20/11/2026, 20.11.2026)
 * or as ISO 8601 (2026-11-20) into iso (11 bytes) as YYYY-MM-DD; false
 * when it is not a real date. */
bool form_date_iso(const char *s, char *iso, size_t n);
/* The state of one field ("" when absent). */
const char *form_state_get(json_t *state, const char *key);
/* The values for on_save (a new object), as said at the top. */
json_t *form_values(const struct zila_form_def *d, json_t *state);
/* The label of a rating value, or NULL. */
const char *form_option_label(const struct zila_form_field *f, const char *value);

/* Pick items from rows (zila_master_list): the value from value_key, the
 * label the non-empty columns of label_keys (NULL-terminated) joined by
 * spaces, as { "code", "name_en", "name_hi", NULL }, so either language
 * finds an item. */
json_t *form_pick_items(json_t *rows, const char *value_key, const char *const *label_keys);
/* The same, each item's "within" taken from within_key (for .within). */
json_t *form_pick_items_within(json_t *rows, const char *value_key, const char *const *label_keys,
	const char *within_key);
/* The items matching what is typed (every word a substring of the label,
 * ignoring ASCII case) and, when within is not NULL or "", lying within
 * it: their indices into out (at most max); returns how many matched. */
int form_pick_match(json_t *items, const char *filter, const char *within, int *out, int max);
/* The label of the item with value, or NULL. */
const char *form_pick_label(json_t *items, const char *value);

/* "2026-11-20 11:30" in India's time from a UTC ISO 8601 time, for the
 * "A draft from ... was found" question. */
void form_local_time(const char *iso_utc, char *buf, size_t n);

#endif
