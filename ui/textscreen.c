/* textscreen.c: a scrollable screen of lines (details, help, reports,
 * receipts), and the help screen made from the request table, so the help
 * can never disagree with the keys. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "screen.h"
#include "zila/util.h"

struct ui_text {
	struct ui_screen base;
	struct ui_screen_ops ops;
	json_t *lines;
	int top;
	ui_text_key_fn on_key;
	void (*on_refresh)(struct ui *ui, struct ui_text *t);
	void *ctx;
	void (*free_ctx)(void *);
};

static const enum ui_request text_bar[] = { REQ_HELP, REQ_PAGE_DOWN, REQ_PAGE_UP, REQ_BACK, REQ_NONE };

void
ui_lines_add(json_t *lines, enum ui_attr attr, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* one screen row per line of the text */
	char *p = buf;
	for (;;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		json_array_append_new(lines, json_pack("{s:s, s:i}", "t", p, "a", (int)attr));
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void
text_draw(struct ui *ui, struct ui_screen *s, int top, int height)
{
	struct ui_text *t = (struct ui_text *)s;
	int n = (int)json_array_size(t->lines);
	(void)ui;
	if (t->top > n - height)
		t->top = n - height;
	if (t->top < 0)
		t->top = 0;
	for (int i = 0; i < height && t->top + i < n; i++) {
		json_t *l = json_array_get(t->lines, (size_t)(t->top + i));
		enum ui_attr a = (enum ui_attr)json_integer_value(json_object_get(l, "a"));
		ui_draw_text(top + i, 1, json_string_value(json_object_get(l, "t")), COLS - 2, ui_attr(a), false);
	}
	if (n > height)
		snprintf(t->base.info, sizeof t->base.info, _("lines %d-%d of %d"), t->top + 1,
			t->top + height < n ? t->top + height : n, n);
	else
		t->base.info[0] = '\0';
}

static int
text_key(struct ui *ui, struct ui_screen *s, enum ui_request req, int ch)
{
	struct ui_text *t = (struct ui_text *)s;
	int h = ui_body_height();
	if (t->on_key) {
		int r = t->on_key(ui, t, req, ch);
		if (r != UI_IGNORED)
			return r;
	}
	switch (req) {
	case REQ_MOVE_DOWN: t->top++; return UI_HANDLED;
	case REQ_MOVE_UP: t->top--; return UI_HANDLED;
	case REQ_PAGE_DOWN: t->top += h - 1; return UI_HANDLED;
	case REQ_PAGE_UP: t->top -= h - 1; return UI_HANDLED;
	case REQ_FIRST: t->top = 0; return UI_HANDLED;
	case REQ_LAST: t->top = (int)json_array_size(t->lines); return UI_HANDLED;
	default: return UI_IGNORED;
	}
}

static void
text_free(struct ui_screen *s)
{
	struct ui_text *t = (struct ui_text *)s;
	json_decref(t->lines);
	if (t->free_ctx)
		t->free_ctx(t->ctx);
	free(t);
}

static void
text_refresh(struct ui *ui, struct ui_screen *s)
{
	struct ui_text *t = (struct ui_text *)s;
	if (t->on_refresh)
		t->on_refresh(ui, t);
}

struct ui_text *
ui_show_text(struct ui *ui, enum ui_kind kind, const char *title, json_t *lines, ui_text_key_fn on_key,
	void *ctx, void (*free_ctx)(void *), const enum ui_request *bar)
{
	struct ui_text *t = zila_xcalloc(1, sizeof *t);
	t->ops = (struct ui_screen_ops){ .kind = kind, .draw = text_draw, .key = text_key, .free = text_free,
		.bar = bar ? bar : text_bar, .reload = text_refresh };
	t->base.ops = &t->ops;
	snprintf(t->base.title, sizeof t->base.title, "%s", title);
	t->lines = lines;
	t->on_key = on_key;
	t->ctx = ctx;
	t->free_ctx = free_ctx;
	ui_push(ui, &t->base);
	return t;
}

void *
ui_text_ctx(struct ui_text *t)
{
	return t->ctx;
}

void
ui_text_set_lines(struct ui_text *t, const char *title, json_t *lines)
{
	json_decref(t->lines);
	t->lines = lines;
	if (title)
		snprintf(t->base.title, sizeof t->base.title, "%s", title);
}

void
ui_text_set_refresh(struct ui_text *t, void (*refresh)(struct ui *ui, struct ui_text *t))
{
	t->on_refresh = refresh;
}

/* Whether a request works on every screen of its kinds (moving, leaving,
 * the views), or only where the screen's key bar offers it. */
static bool
everywhere(const struct ui_request_info *ri)
{
	return ri->kinds == UI_K_ALL || ri->kinds == UI_K_NAV || ri->kinds == UI_K_SCREENS;
}

/* One help line per request: its keys on this kind of screen and what it
 * does; nothing when no key is bound to it here. */
static void
help_line(struct ui *ui, json_t *lines, const struct ui_request_info *ri, int kind)
{
	char keys[64] = "", kn[16];
	size_t o = 0;
	for (int i = 0; i < ui->keys.n; i++) {
		if (ui->keys.b[i].req != ri->req || !(ui->keys.b[i].kinds & kind))
			continue;
		ui_key_name(ui->keys.b[i].key, kn, sizeof kn);
		o += (size_t)snprintf(keys + o, o < sizeof keys ? sizeof keys - o : 0, "%s%s", o ? ", " : "", kn);
	}
	if (keys[0])
		ui_lines_add(lines, UI_A_NORMAL, "%-14s %s", keys, _(ri->help));
}

void
ui_open_help(struct ui *ui, const struct ui_screen *s)
{
	json_t *lines = json_array();
	int kind = (int)s->ops->kind;
	ui_lines_add(lines, UI_A_HEADING, "%s", _("Keys of this screen"));
	/* this screen's own requests first (those its key bar names), then
	 * the ones that work everywhere: help promises only what works here */
	for (int pass = 0; pass < 2; pass++)
		for (int r = 1; r < REQ_COUNT; r++) {
			const struct ui_request_info *ri = ui_request_info((enum ui_request)r);
			if (!(ri->kinds & kind))
				continue;
			bool own = !everywhere(ri);
			if (own && kind != UI_K_PICK) {
				bool in_bar = false;
				for (const enum ui_request *b = s->ops->bar; b && *b != REQ_NONE; b++)
					in_bar |= *b == (enum ui_request)r;
				if (!in_bar)
					continue;
			}
			if (own == (pass == 0))
				help_line(ui, lines, ri, kind);
		}
	ui_lines_add(lines, UI_A_NORMAL, "%s", "");
	ui_lines_add(lines, UI_A_DIM, "%s", _("Keys can be changed in ~/.config/zila/keys, one \"request key\" a line."));
	ui_show_text(ui, UI_K_PICK, _("Help"), lines, NULL, NULL, NULL, NULL);
}
