/* detail.c: what the detail screens of every module share: which actions
 * this user may take on a record now, as the core answers it (zila_may:
 * the role table, the state machine, the department rule), running an
 * action, and the common lines (events, attachments). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "detail.h"
#include "textedit.h"
#include "sync.h"
#include "zila/blob.h"
#include "zila/record.h"
#include "zila/util.h"

int
ui_actions_allowed(const struct ui *ui, const struct ui_action_def *defs, int n, const char *ref,
	enum ui_request *bar, int max)
{
	int k = 0;
	for (int i = 0; i < n && k < max - 1; i++)
		if (zila_may(ui->db, &ui->actor, defs[i].action, ref, NULL) == ZILA_OK)
			bar[k++] = defs[i].req;
	bar[k] = REQ_NONE;
	return k;
}

bool
ui_bar_has(const enum ui_request *bar, enum ui_request req)
{
	for (; *bar != REQ_NONE; bar++)
		if (*bar == req)
			return true;
	return false;
}

bool
ui_run_action(struct ui *ui, const char *name, json_t *args, long long base_version, json_t **result)
{
	struct zila_err err = { 0 };
	struct zila_action_opts opts = { .base_version = base_version };
	enum zila_status st = zila_action_run(ui->db, &ui->actor, name, args, &opts, result, &err);
	json_decref(args);
	if (st != ZILA_OK) {
		ui_error(ui, &err);
		return false;
	}
	return true;
}

const char *
ui_str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

const char *
ui_padw(const char *s, int w)
{
	static char bufs[16][512];
	static int next;
	char *b = bufs[next++ % 16];
	int cols = textedit_width(s, strlen(s));
	snprintf(b, sizeof bufs[0], "%s%*s", s, w > cols ? w - cols : 0, "");
	return b;
}

void
ui_field_line(json_t *lines, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	char buf[160], shown[512];
	/* padded by columns, not bytes, so Hindi labels line up too */
	int w = textedit_width(label, strlen(label)) + 1;
	snprintf(buf, sizeof buf, "%s:%*s", label, w < 16 ? 16 - w : 0, "");
	/* several lines of text (descriptions) keep their own lines; a date
	 * shows as 05-12-2026 */
	ui_lines_add(lines, UI_A_NORMAL, "%s %s", buf, zila_date_show(value, shown, sizeof shown));
}

void
ui_events_lines(json_t *lines, json_t *events)
{
	size_t i;
	json_t *e;
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_HEADING, "%s", _("History"));
	if (json_array_size(events) == 0)
		ui_lines_add(lines, UI_A_DIM, "  %s", _("(none)"));
	json_array_foreach(events, i, e) {
		const char *at = ui_str(e, "at");
		char when[24];
		zila_date_show(at, when, sizeof when);
		const char *from = ui_str(e, "from_status"), *to = ui_str(e, "to_status");
		char change[120] = "";
		if (*from || *to)
			snprintf(change, sizeof change, "%s -> %s", *from ? zila_status_word(from) : "-",
				*to ? zila_status_word(to) : "-");
		const char *dept = ui_str(e, "to_department");
		if (!*dept)
			dept = ui_str(e, "department");
		ui_lines_add(lines, UI_A_NORMAL, "  %s  %-12s %s %s %s", when, ui_str(e, "actor"),
			ui_padw(zila_event_word(ui_str(e, "kind")), 14), ui_padw(change, 24), dept);
		const char *note = ui_str(e, "note");
		if (*note)
			ui_lines_add(lines, UI_A_DIM, "      %s", note);
	}
}

void
ui_attachment_lines(json_t *lines, json_t *atts)
{
	size_t i;
	json_t *a;
	if (json_array_size(atts) == 0)
		return;
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_HEADING, "%s", _("Attachments (v opens one)"));
	json_array_foreach(atts, i, a) {
		char size[32];
		ui_fmt_size(json_integer_value(json_object_get(a, "size")), size, sizeof size);
		ui_lines_add(lines, UI_A_NORMAL, "  %zu. %-30s %-22s %8s%s", i + 1, ui_str(a, "name"), ui_str(a, "mime"), size,
			json_is_false(json_object_get(a, "present")) ? _("  (not on this desk yet)") : "");
	}
}

/* Whether a program is on the PATH. */
static bool
have_program(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];
	while (path && *path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, sizeof buf, "%.*s/%s", (int)n, path, name);
		if (access(buf, X_OK) == 0)
			return true;
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

bool
ui_have_program(const char *name)
{
	return have_program(name);
}

void
ui_open_attachment(struct ui *ui, json_t *atts)
{
	struct zila_err err = { 0 };
	char buf[16] = "1", path[4096];
	if (json_array_size(atts) == 0) {
		ui_message(ui, true, "%s", _("This record has no attachments."));
		return;
	}
	if (json_array_size(atts) > 1 && !ui_prompt(ui, _("Open attachment number: "), buf, sizeof buf, false))
		return;
	long k = strtol(buf, NULL, 10);
	json_t *a = k >= 1 ? json_array_get(atts, (size_t)k - 1) : NULL;
	if (!a) {
		ui_message(ui, true, _("attachment: there is no number %s"), buf);
		return;
	}
	if (zila_blob_path(ui->db, ui_str(a, "sha256"), path, sizeof path, &err) != ZILA_OK ||
	    !zila_blob_present(ui->db, ui_str(a, "sha256"))) {
		/* an enrolled desk fetches it in the background (sync.h) */
		if (!ui_sync_fetch(ui, ui_str(a, "sha256"), ui_str(a, "name")))
			ui_message(ui, true, _("%s is not on this desk yet; it comes with the next sync."), ui_str(a, "name"));
		return;
	}
	if (!have_program("xdg-open")) {
		ui_message(ui, false, _("%s is kept at %s"), ui_str(a, "name"), path);
		return;
	}
	def_prog_mode();
	endwin();
	pid_t pid = fork();
	if (pid == 0) {
		execlp("xdg-open", "xdg-open", path, (char *)NULL);
		_exit(127);
	}
	reset_prog_mode();
	ui_message(ui, false, _("Opening %s with the system's viewer."), ui_str(a, "name"));
}
