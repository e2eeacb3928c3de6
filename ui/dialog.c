/* dialog.c: the small modal pieces: a one-line prompt on the message row,
 * a yes/no question, and a pick list that filters as one types (blocks,
 * panchayats, categories, departments). Each waits for keys in its own
 * loop and paints once per key. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include "screen.h"
#include "zila/util.h"

/* Reads a key as a wide character or a curses key code; *is_key tells
 * which. ERR after a signal. */
static int
read_wide(struct ui *ui, bool *is_key)
{
	wint_t wc;
	(void)ui;
	timeout(-1);
	int r = get_wch(&wc);
	if (r == ERR)
		return ERR;
	*is_key = r == KEY_CODE_YES;
	return (int)wc;
}

/* Removes the last character (UTF-8 code point) of buf. */
static void
chop(char *buf)
{
	size_t n = strlen(buf);
	while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 0)
		n--;
	buf[n] = '\0';
}

/* Appends a wide character as UTF-8 if it fits. */
static void
append_wide(char *buf, size_t size, wchar_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t k = wcrtomb(mb, wc, &st);
	size_t n = strlen(buf);
	if (k == (size_t)-1 || n + k + 1 > size)
		return;
	memcpy(buf + n, mb, k);
	buf[n + k] = '\0';
}

static bool
is_backspace(int ch, bool is_key)
{
	return (is_key && ch == KEY_BACKSPACE) || (!is_key && (ch == 127 || ch == 8));
}

static bool
is_enter(int ch, bool is_key)
{
	return (is_key && ch == KEY_ENTER) || (!is_key && (ch == '\n' || ch == '\r'));
}

struct idle {
	void (*fn)(void *ctx, const char *text);
	void *ctx;
};

/* The next key; with idle, when none is waiting and the text changed
 * since the last idle call, the call comes first, then the wait. */
static int
next_key(struct ui *ui, bool *is_key, const struct idle *idle, const char *buf, bool *dirty)
{
	if (idle && *dirty) {
		wint_t wc;
		timeout(0);
		int r = get_wch(&wc);
		if (r != ERR) {
			*is_key = r == KEY_CODE_YES;
			return (int)wc;
		}
		*dirty = false;
		idle->fn(idle->ctx, buf);
	}
	return read_wide(ui, is_key);
}

static bool
edit_line(struct ui *ui, int y, int x, int width, char *buf, size_t n, bool secret, bool repaint,
	const struct idle *idle)
{
	bool dirty = buf[0] != '\0';
	for (;;) {
		if (repaint)
			ui_paint(ui);
		move(y, x);
		for (int i = 0; i < width; i++)
			addch(' ');
		int tw = ui_text_width(buf);
		if (!secret) {
			/* show the end of what is typed if it is wider than the field */
			const char *shown = buf;
			while (ui_text_width(shown) > width - 1 && *shown) {
				shown++;
				while (((unsigned char)*shown & 0xC0) == 0x80)
					shown++;
			}
			ui_draw_text(y, x, shown, width - 1, A_NORMAL, false);
			tw = ui_text_width(shown);
		}
		curs_set(1);
		leaveok(stdscr, FALSE);
		move(y, secret ? x : x + tw);
		refresh();
		bool is_key = false;
		int ch = next_key(ui, &is_key, idle, buf, &dirty);
		curs_set(0);
		leaveok(stdscr, TRUE);
		if (ch == ERR || (!is_key && ch == UI_KEY_ESC))
			return false;
		if (is_key && ch == KEY_RESIZE)
			continue;
		if (is_enter(ch, is_key) || (!is_key && ch == '\t'))
			return true;
		dirty = true;
		if (is_backspace(ch, is_key))
			chop(buf);
		else if (!is_key && ch == UI_CTRL('U'))
			buf[0] = '\0';
		else if (!is_key && ch >= 0x20 && ch != 0x7f)
			append_wide(buf, n, (wchar_t)ch);
	}
}

bool
ui_edit_line(struct ui *ui, int y, int x, int width, char *buf, size_t n, bool secret, bool repaint)
{
	return edit_line(ui, y, x, width, buf, n, secret, repaint, NULL);
}

/* The prompt sits on the message row, after the screen is painted. */
static bool
prompt_line(struct ui *ui, const char *prompt, char *buf, size_t n, bool secret, const struct idle *idle)
{
	ui->msg[0] = '\0';
	snprintf(ui->msg, sizeof ui->msg, "%s", prompt);
	ui->msg_error = false;
	int pw = ui_text_width(prompt);
	bool ok = edit_line(ui, LINES - 2, pw, COLS - pw - 1, buf, n, secret, true, idle);
	ui->msg[0] = '\0';
	return ok;
}

bool
ui_prompt(struct ui *ui, const char *prompt, char *buf, size_t n, bool secret)
{
	return prompt_line(ui, prompt, buf, n, secret, NULL);
}

bool
ui_prompt_idle(struct ui *ui, const char *prompt, char *buf, size_t n, void (*idle)(void *ctx, const char *text),
	void *ctx)
{
	return prompt_line(ui, prompt, buf, n, false, &(struct idle){ idle, ctx });
}

bool
ui_confirm(struct ui *ui, const char *question)
{
	for (;;) {
		ui_paint(ui);
		move(LINES - 2, 0);
		clrtoeol();
		ui_draw_text(LINES - 2, 0, question, COLS, A_BOLD, false);
		refresh();
		bool is_key = false;
		int ch = read_wide(ui, &is_key);
		if (ch == ERR)
			return false;
		if (is_key)
			continue;
		if (ch == 'y' || ch == 'Y')
			return true;
		if (ch == 'n' || ch == 'N' || ch == UI_KEY_ESC)
			return false;
	}
}

/* ------------------------------------------------------------ pick list */

struct pick {
	struct ui_screen base;
	json_t *rows;
	const char *code_key, *label_key, *label2_key;
	char typed[128];
	int *match; /* indexes of rows matching what is typed */
	int nmatch, sel, top;
};

static const enum ui_request pick_bar[] = { REQ_NONE };

/* Case-insensitive for ASCII; Hindi matches byte for byte. */
static bool
contains(const char *hay, const char *needle)
{
	if (!hay)
		return false;
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

static void
pick_filter(struct pick *p)
{
	p->nmatch = 0;
	for (size_t i = 0; i < json_array_size(p->rows); i++) {
		json_t *r = json_array_get(p->rows, i);
		if (contains(p->code_key ? json_string_value(json_object_get(r, p->code_key)) : NULL, p->typed) ||
		    contains(p->label_key ? json_string_value(json_object_get(r, p->label_key)) : NULL, p->typed) ||
		    contains(p->label2_key ? json_string_value(json_object_get(r, p->label2_key)) : NULL, p->typed))
			p->match[p->nmatch++] = (int)i;
	}
	if (p->sel >= p->nmatch)
		p->sel = p->nmatch ? p->nmatch - 1 : 0;
}

static void
pick_draw(struct ui *ui, struct ui_screen *s, int top, int height)
{
	struct pick *p = (struct pick *)s;
	char line[300];
	snprintf(line, sizeof line, _("Type to narrow the list (Enter picks, Esc cancels): %s"), p->typed);
	ui_draw_text(top, 1, line, COLS - 2, A_BOLD, false);
	int h = height - 2;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + h)
		p->top = p->sel - h + 1;
	for (int i = 0; i < h && p->top + i < p->nmatch; i++) {
		json_t *r = json_array_get(p->rows, (size_t)p->match[p->top + i]);
		struct ui_line l;
		char buf[64];
		ui_line_clear(&l);
		if (p->code_key) {
			ui_line_put(&l, ui_json_text(r, p->code_key, buf, sizeof buf), 10, false, UI_A_NORMAL);
			ui_line_put(&l, " ", 1, false, UI_A_NORMAL);
		}
		if (p->label_key)
			ui_line_add(&l, json_string_value(json_object_get(r, p->label_key)), 60, UI_A_NORMAL);
		if (p->label2_key) {
			ui_line_add(&l, "  ", 2, UI_A_NORMAL);
			ui_line_add(&l, json_string_value(json_object_get(r, p->label2_key)), 40, UI_A_DIM);
		}
		bool sel = p->top + i == p->sel;
		if (sel && ui->slow)
			mvaddch(top + 2 + i, 0, '>');
		ui_draw_line(top + 2 + i, 1, &l, COLS - 1, sel && !ui->slow ? ui_attr(UI_A_SELECTED) : A_NORMAL);
	}
}

static int
pick_key(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch)
{
	(void)ui;
	(void)s;
	(void)req;
	(void)ch;
	return UI_IGNORED;
}

static void
pick_free(struct ui_screen *s)
{
	struct pick *p = (struct pick *)s;
	free(p->match);
	free(p);
}

static const struct ui_screen_ops pick_ops = {
	.kind = UI_K_PICK, .draw = pick_draw, .key = pick_key, .free = pick_free, .bar = pick_bar,
};

int
ui_pick(struct ui *ui, const char *title, json_t *rows, const char *code_key, const char *label_key,
	const char *label2_key)
{
	struct pick *p = zila_xcalloc(1, sizeof *p);
	p->base.ops = &pick_ops;
	snprintf(p->base.title, sizeof p->base.title, "%s", title);
	p->rows = rows;
	p->code_key = code_key;
	p->label_key = label_key;
	p->label2_key = label2_key;
	p->match = zila_xcalloc(json_array_size(rows) + 1, sizeof *p->match);
	pick_filter(p);
	ui_push(ui, &p->base);
	int result = -1;
	for (;;) {
		snprintf(p->base.info, sizeof p->base.info, "%d / %zu", p->nmatch, json_array_size(rows));
		ui_paint(ui);
		bool is_key = false;
		int ch = read_wide(ui, &is_key);
		if (ch == ERR)
			break;
		if (is_key && ch == KEY_RESIZE)
			continue;
		if (!is_key && ch == UI_KEY_ESC)
			break;
		if (is_enter(ch, is_key)) {
			if (p->nmatch > 0) {
				result = p->match[p->sel];
				break;
			}
			continue;
		}
		if (is_backspace(ch, is_key)) {
			chop(p->typed);
			pick_filter(p);
			continue;
		}
		if (is_key) {
			int h = ui_body_height() - 2;
			if (ch == KEY_DOWN && p->sel + 1 < p->nmatch)
				p->sel++;
			else if (ch == KEY_UP && p->sel > 0)
				p->sel--;
			else if (ch == KEY_NPAGE)
				p->sel = p->sel + h < p->nmatch ? p->sel + h : (p->nmatch ? p->nmatch - 1 : 0);
			else if (ch == KEY_PPAGE)
				p->sel = p->sel > h ? p->sel - h : 0;
			continue;
		}
		if (ch >= 0x20 && ch != 0x7f) {
			append_wide(p->typed, sizeof p->typed, (wchar_t)ch);
			p->sel = 0;
			pick_filter(p);
		}
	}
	ui_pop(ui);
	return result;
}
