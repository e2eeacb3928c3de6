/* grievance_new.c: registering a grievance at the counter, then its
 * number shown large enough to read out to the citizen, and a receipt
 * (a text file, printed through lp where there is one). The form itself
 * is in forms.c. */
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
};

static int
receipt_key(struct ui *ui, struct ui_text *t, enum ui_request req, int ch)
{
	struct receipt *r = ui_text_ctx(t);
	(void)ch;
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

static const enum ui_request receipt_bar[] = { REQ_PRINT, REQ_BACK, REQ_NONE };

void
ui_grievance_receipt(struct ui *ui, const char *number, const char *lang, bool fresh)
{
	struct zila_err err = { 0 };
	char *text = NULL;
	if (zila_grievance_receipt(ui->db, number, lang, &text, &err) != ZILA_OK) {
		ui_error(ui, &err);
		return;
	}
	struct receipt *r = zila_xcalloc(1, sizeof *r);
	json_t *lines = json_array();
	if (fresh) {
		ui_lines_add(lines, UI_A_NORMAL, "%s", _("Registered. Read this number out to the citizen:"));
		ui_lines_add(lines, UI_A_NORMAL, "%s", "");
		/* the part after the district and kind is what people repeat */
		const char *tail = strchr(number, '/');
		tail = tail ? strchr(tail + 1, '/') : NULL;
		ui_big_text(lines, tail ? tail + 1 : number);
		ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	}
	if (write_receipt(ui, number, text, r->path, sizeof r->path))
		ui_lines_add(lines, UI_A_DIM, _("Receipt: %s (p prints it)"), r->path);
	else
		ui_lines_add(lines, UI_A_ERROR, "%s", _("The receipt file could not be written."));
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_NORMAL, "%s", text);
	free(text);
	char title[200];
	snprintf(title, sizeof title, fresh ? _("Grievance %s registered") : _("Receipt of grievance %s"), number);
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
