/* form_int.h: what form.c (keys, drafts) and form_draw.c (layout and
 * drawing) share: the state of an open form. Not an API. */
#ifndef ZILA_UI_FORM_INT_H
#define ZILA_UI_FORM_INT_H

#include "form.h"
#include "textedit.h"

#define AREA_TOP 2     /* title, then a blank row */
#define PICK_ROWS 8    /* rows of an open pick list */

/* One field while the form is open. */
struct fstate {
	const struct zila_form_field *f;
	struct textedit ed;   /* text kinds; the filter of a pick list */
	char *choice;         /* pick, yes/no, rating: the value ("" none) */
	char *label;          /* pick: the chosen item's label, once known */
	json_t *items;        /* pick: as offered (ranked ones first) */
	json_t *base;         /* pick: as loaded when first needed */
	char msg[600];        /* what is wrong, beside the field */
	int y, h;             /* form row (before scrolling) and rows taken */
	bool dirty;
	bool touched;         /* changed since the form opened: checked when left */
};

struct form {
	WINDOW *win;
	const struct zila_form_def *def;
	const struct form_opts *opts;
	void *ctx;
	struct fstate *fs;
	int n, cur;
	int rows, cols, label_w, top;
	json_t *initial;      /* state at the start: "was anything typed?" */
	char draft_name[256];
	char note[600];       /* the bottom line: an error or a notice */
	bool note_error;
	bool full;            /* draw everything on the next paint */
	bool draft_dirty;     /* typed since the draft was last kept */
	bool draft_failed;    /* said once that drafts cannot be kept */
	int key_cleft, key_cright; /* Ctrl-Left/Right where the terminal has them */
	/* the open pick list */
	bool pick_open;
	int *match, nmatch, sel, first;
};

/* Kinds edited as text (the others hold a chosen value). */
static inline bool
form_text_kind(enum form_kind k)
{
	return k != FORM_PICK && k != FORM_YESNO && k != FORM_RATING;
}

/* A pick field's items, loaded once; a failure shows its message. */
json_t *form_pick_load(struct form *fm, struct fstate *s);
/* Entry columns of a field in this window. */
int form_entry_width(const struct form *fm, const struct fstate *s);
/* Measures the window and places the fields; the next paint is whole. */
void form_layout(struct form *fm);
/* Draws s from x to the end of row y, then erases the rest of it. */
void form_put_rest(WINDOW *w, int y, int x, const char *s, attr_t attr, int cols);
/* One paint per key: what changed, the bottom rows, the cursor. */
void form_paint(struct form *fm);

#endif
