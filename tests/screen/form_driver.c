/* form_driver.c: runs one form of the form widget in a terminal, for the
 * tmux tests of tests/screen/test_form.sh: a grievance-like form (text,
 * mobile, a pick list of categories, a multi-line description, yes/no, a
 * rating, a date, a block and the gram panchayats of that block) on the desk database $ZILA_DB for the user named by the
 * first argument, with drafts. On save the values go to the file named by
 * $FORM_SAVED_TO. It prints how the form ended after curses is gone. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <curses.h>
#include "zila/master.h"
#include "ui/form.h"
#include "zila/i18n.h"

struct driver {
	struct zila_db *db;
};

static enum zila_status
categories(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	struct driver *d = ctx;
	json_t *rows;
	(void)f;
	enum zila_status s = zila_master_list(d->db, ZILA_M_CATEGORY, &rows, err);
	if (s != ZILA_OK)
		return s;
	*items = form_pick_items(rows, "code", (const char *[]){ "code", "name_en", "name_hi", NULL });
	json_decref(rows);
	return ZILA_OK;
}

/* Blocks, or gram panchayats each within its block. */
static enum zila_status
places(void *ctx, const struct zila_form_field *f, json_t **items, struct zila_err *err)
{
	struct driver *d = ctx;
	bool gp = strcmp(f->key, "gp") == 0;
	json_t *rows;
	enum zila_status s = zila_master_list(d->db, gp ? ZILA_M_GP : ZILA_M_BLOCK, &rows, err);
	if (s != ZILA_OK)
		return s;
	*items = form_pick_items_within(rows, "lgd_code", (const char *[]){ "lgd_code", "name_en", "name_hi", NULL },
		gp ? "block" : NULL);
	json_decref(rows);
	return ZILA_OK;
}

/* Refuses a name "refuse" the way an action refuses, naming the field. */
static enum zila_status
save(void *ctx, json_t *values, struct zila_err *err)
{
	(void)ctx;
	const char *name = json_string_value(json_object_get(values, "citizen_name"));
	if (name && strcmp(name, "refuse") == 0)
		return zila_fail(err, ZILA_EINVAL, "citizen_name: this name is refused by the test");
	const char *to = getenv("FORM_SAVED_TO");
	if (to && json_dump_file(values, to, JSON_SORT_KEYS) != 0)
		return zila_fail(err, ZILA_EIO, "cannot write %s", to);
	return ZILA_OK;
}

static const struct form_option ratings[] = {
	{ "good", N_("Good") }, { "average", N_("Average") }, { "poor", N_("Poor") }, { NULL, NULL }
};

static const struct zila_form_field fields[] = {
	{ .key = "citizen_name", .label = N_("Citizen's name"), .kind = FORM_TEXT, .required = true, .max_chars = 100 },
	{ .key = "mobile", .label = N_("Mobile"), .kind = FORM_MOBILE, .hint = N_("10 digits, like 9876543210") },
	{ .key = "category", .label = N_("Category"), .kind = FORM_PICK, .required = true, .pick = categories,
	  .width = 36, .hint = N_("Type to filter, Enter to choose") },
	{ .key = "description", .label = N_("Description"), .kind = FORM_MULTILINE, .required = true, .height = 4,
	  .max_chars = 2000 },
	{ .key = "urgent", .label = N_("Urgent"), .kind = FORM_YESNO },
	{ .key = "rating", .label = N_("Rating"), .kind = FORM_RATING, .options = ratings },
	{ .key = "on", .label = N_("Date"), .kind = FORM_DATE },
	{ .key = "block", .label = N_("Block"), .kind = FORM_PICK, .pick = places },
	{ .key = "gp", .label = N_("Gram panchayat"), .kind = FORM_PICK, .pick = places, .within = "block" },
	{ 0 }
};

static const struct zila_form_def form = { "test.grievance", N_("New grievance (form test)"), fields, save };

int
main(int argc, char **argv)
{
	struct driver d;
	struct zila_err err = { 0 };
	struct zila_actor actor;
	setlocale(LC_ALL, "");
	if (argc < 2 || zila_db_open(getenv("ZILA_DB"), 0, &d.db, &err) != ZILA_OK ||
	    zila_actor_load(d.db, argv[1], &actor, &err) != ZILA_OK) {
		fprintf(stderr, "form_driver: %s\n", err.msg[0] ? err.msg : "usage: form_driver LOGIN");
		return 2;
	}
	set_escdelay(50);
	initscr();
	cbreak();
	struct termios tio;
	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	}
	noecho();
	nonl();
	struct form_opts opts = { .db = d.db, .user_id = actor.user_id };
	enum form_result r = form_run(stdscr, &form, &opts, &d);
	endwin();
	printf("FORM-%s\n", r == FORM_SAVED ? "SAVED" : r == FORM_CANCELLED ? "CANCELLED" : "CLOSED");
	zila_db_close(&d.db);
	return 0;
}
