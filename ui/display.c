/* display.c: curses started and always stopped (atexit, signals), the
 * attribute map (colours or monochrome), drawing lines, and the one paint
 * per key: erase the virtual screen, draw, one refresh, so curses sends
 * only what changed (never clear, except on Ctrl-L). */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "screen.h"
#include "check.h"
#include "textedit.h"
#include "sync.h"

static bool started;
static bool has_acs;
static attr_t attrs[UI_A_COUNT];
static volatile sig_atomic_t signalled;

void
ui_display_stop(void)
{
	if (!started)
		return;
	started = false;
	endwin();
}

/* The first SIGINT/SIGTERM/SIGHUP asks the key loop to end (it closes the
 * database and restores the terminal); a second one ends at once, still
 * restoring the terminal. */
static void
on_signal(int sig)
{
	if (signalled) {
		ui_display_stop();
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	signalled = sig;
}

int
ui_display_signalled(void)
{
	return signalled;
}

bool
ui_display_has_acs(void)
{
	return has_acs;
}

/* Colours and their monochrome stand-ins: a vt100 has bold, underline and
 * reverse, which is all the meaning needs. */
static void
setup_attrs(void)
{
	bool colour = has_colors() && start_color() == OK;
	attrs[UI_A_NORMAL] = A_NORMAL;
	attrs[UI_A_BOLD] = A_BOLD;
	attrs[UI_A_DIM] = A_NORMAL;
	/* overdue rows say so in words ("12d" late); bold on every late row
	 * would cost a slow link a dozen bytes a row */
	attrs[UI_A_OVERDUE] = A_NORMAL;
	attrs[UI_A_GOOD] = A_NORMAL;
	attrs[UI_A_HEADING] = A_UNDERLINE;
	attrs[UI_A_TITLE] = A_REVERSE;
	attrs[UI_A_BAR] = A_REVERSE;
	attrs[UI_A_ERROR] = A_BOLD;
	attrs[UI_A_SELECTED] = A_REVERSE;
	if (!colour || COLORS < 8)
		return;
	use_default_colors();
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_GREEN, -1);
	init_pair(3, COLOR_WHITE, COLOR_BLUE);
	init_pair(4, COLOR_CYAN, -1);
	init_pair(5, COLOR_WHITE, COLOR_RED);
	/* overdue rows say so in words here too: a colour on every late
	 * cell cost 20-30 bytes a row (set, then reset to normal), 400 B a
	 * page of late grievances, over the first-paint budget */
	attrs[UI_A_GOOD] = COLOR_PAIR(2);
	attrs[UI_A_TITLE] = COLOR_PAIR(3) | A_BOLD;
	attrs[UI_A_HEADING] = COLOR_PAIR(4) | A_BOLD;
	attrs[UI_A_BAR] = COLOR_PAIR(5);
	attrs[UI_A_ERROR] = COLOR_PAIR(1) | A_BOLD;
}

void
ui_display_start(struct ui *ui, bool slow_option)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a signal interrupts the wait for a key */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	atexit(ui_display_stop);
	/* a slow link pays for every escape sequence: no delay on Esc */
	if (!getenv("ESCDELAY"))
		set_escdelay(50);
	initscr();
	started = true;
	/* cbreak keeps Ctrl-C (SIGINT) and Ctrl-Z (curses' own SIGTSTP and
	 * SIGCONT handling); flow control is switched off so Ctrl-S saves */
	cbreak();
	struct termios tio;
	if (tcgetattr(STDIN_FILENO, &tio) == 0) {
		tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
		def_prog_mode();
	}
	noecho();
	nl();
	keypad(stdscr, TRUE);
	/* Home and End as tmux, screen, PuTTY and rxvt send them whatever
	 * TERM says: unknown to the terminfo entry, they would arrive as a
	 * bare Esc (leave the list, discard the form) and three letters */
	static const char *const homes[] = { "\033[1~", "\033[7~", "\033[H", "\033OH" };
	static const char *const ends[] = { "\033[4~", "\033[8~", "\033[F", "\033OF" };
	for (size_t i = 0; i < sizeof homes / sizeof homes[0]; i++) {
		if (key_defined(homes[i]) == 0)
			define_key(homes[i], KEY_HOME);
		if (key_defined(ends[i]) == 0)
			define_key(ends[i], KEY_END);
	}
	/* let curses scroll the terminal (scroll regions, insert/delete line)
	 * when a list moves by a line, instead of repainting it */
	idlok(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	curs_set(0);
	const char *acsc = tigetstr("acsc");
	has_acs = acsc && acsc != (char *)-1 && *acsc;
	setup_attrs();
	int baud = baudrate();
	ui->slow = slow_option || (baud > 0 && baud < 19200);
}

attr_t
ui_attr(enum ui_attr a)
{
	return (unsigned)a < UI_A_COUNT ? attrs[a] : A_NORMAL;
}

/* Draws n bytes of text in attr, cut at a grapheme cluster boundary so it
 * takes at most room columns (a long line never wraps onto the next row);
 * returns the columns used. */
static int
draw_part(const char *text, int n, int room, attr_t attr)
{
	int used = 0;
	size_t fit = textedit_fit(text, (size_t)n, room, &used);
	attrset(attr);
	if (fit)
		addnstr(text, (int)fit);
	return used;
}

void
ui_draw_line(int y, int x, const struct ui_line *l, int width, attr_t base)
{
	int pos = 0, col = x;
	move(y, x);
	for (int i = 0; i <= l->nspans && col < x + width; i++) {
		int start = i < l->nspans ? l->spans[i].start : l->len;
		if (start > pos) {
			col += draw_part(l->text + pos, start - pos, x + width - col, base);
			pos = start;
		}
		if (i < l->nspans && col < x + width) {
			const struct ui_span *sp = &l->spans[i];
			col += draw_part(l->text + sp->start, sp->len, x + width - col, base | ui_attr(sp->attr));
			pos = sp->start + sp->len;
		}
	}
	attrset(A_NORMAL);
}

void
ui_draw_text(int y, int x, const char *s, int width, attr_t attr, bool fill)
{
	struct ui_line l;
	ui_line_clear(&l);
	if (fill)
		ui_line_put(&l, s, width, false, UI_A_NORMAL);
	else
		ui_line_add(&l, s, width, UI_A_NORMAL);
	ui_draw_line(y, x, &l, width, attr);
}

void
ui_draw_hline(int y, int x, int width)
{
	move(y, x);
	if (has_acs)
		hline(ACS_HLINE, width);
	else
		hline('-', width);
}

bool
ui_too_small(void)
{
	return LINES < 24 || COLS < 80;
}

int
ui_body_height(void)
{
	return LINES - 3;
}

/* The status bar: the message on the left; user, desk and sync on the right. */
static void
draw_status(struct ui *ui)
{
	char right[200];
	int y = LINES - 2;
	if (ui->actor.login[0])
		snprintf(right, sizeof right, _("%s | desk %s | sync: %s"), ui->actor.login,
			ui->actor.desk_code[0] ? ui->actor.desk_code : "-",
			ui->sync_state[0] ? ui->sync_state : _("not set up"));
	else
		right[0] = '\0';
	int rw = ui_text_width(right), mw = ui_text_width(ui->msg);
	attr_t a = ui->msg_error ? ui_attr(UI_A_ERROR) : A_NORMAL;
	if (mw + rw + 1 <= COLS) {
		ui_draw_text(y, 0, ui->msg, COLS - rw - 1, a, false);
		ui_draw_text(y, COLS - rw, right, rw, A_NORMAL, false);
		return;
	}
	/* the message wins the line; a longer one goes on over the key bar */
	size_t first = mw <= COLS ? strlen(ui->msg) : ui_text_fit(ui->msg, COLS);
	char line[sizeof ui->msg];
	snprintf(line, sizeof line, "%.*s", (int)first, ui->msg);
	ui_draw_text(y, 0, line, COLS, a, false);
	if (ui->msg[first]) {
		move(y + 1, 0);
		clrtoeol();
		ui_draw_text(y + 1, 0, ui->msg + first, COLS, a, false);
	}
}

/* The key bar from the screen's list of requests and the key map. */
static void
draw_keybar(struct ui *ui, struct ui_screen *s)
{
	struct ui_line l;
	ui_line_clear(&l);
	int used = 0;
	for (const enum ui_request *r = s->ops->bar; r && *r != REQ_NONE; r++) {
		char kn[16], item[96];
		int key = ui_keymap_key_of(&ui->keys, *r, s->ops->kind);
		if (!key)
			continue;
		ui_key_name(key, kn, sizeof kn);
		const char *name = _(ui_request_info(*r)->label);
		snprintf(item, sizeof item, "%s %s", kn, name);
		int w = ui_text_width(item) + (used ? 2 : 0); /* two spaces between items */
		if (used + w > COLS)
			break;
		if (used)
			ui_line_add(&l, "  ", 2, UI_A_NORMAL);
		/* one span, no bold key: bold on and off cost 11-15 bytes a
		 * key, a tenth of the first-paint budget for the bar alone */
		ui_line_add(&l, item, 96, UI_A_NORMAL);
		used += w;
	}
	ui_draw_line(LINES - 1, 0, &l, COLS, A_NORMAL);
}

void
ui_paint(struct ui *ui)
{
	if (ui->clear_next) {
		clearok(curscr, TRUE);
		ui->clear_next = false;
	}
	ui_sync_refresh(ui, NULL);
	erase();
	if (ui_too_small()) {
		char msg[200];
		snprintf(msg, sizeof msg, _("The terminal is %d x %d; Zila Desk needs at least 80 x 24."), COLS, LINES);
		ui_draw_text(LINES / 2 - 1 > 0 ? LINES / 2 - 1 : 0, 0, msg, COLS, A_BOLD, false);
		ui_draw_text(LINES / 2 < LINES ? LINES / 2 : 0, 0, _("Make the window larger, or press Q to leave."),
			COLS, A_NORMAL, false);
		refresh();
		return;
	}
	struct ui_screen *s = ui_top(ui);
	if (s) {
		struct ui_line l;
		ui_line_clear(&l);
		/* the body first: it may set the title's info ("lines 1-21 of N") */
		s->ops->draw(ui, s, 1, ui_body_height());
		int iw = ui_text_width(s->info);
		ui_line_put(&l, s->title, COLS - iw - 1, false, UI_A_NORMAL);
		ui_line_put(&l, " ", 1, false, UI_A_NORMAL);
		ui_line_put(&l, s->info, iw, true, UI_A_NORMAL);
		ui_draw_line(0, 0, &l, COLS, ui_attr(UI_A_TITLE));
		draw_keybar(ui, s);
	}
	draw_status(ui);
	refresh();
}

static long long
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits on the terminal and on the sync worker's pipe together, so the
 * end of a sync paints at once while nothing else ever paints on a
 * clock. The idle time to the lock counts from the last key, not from the
 * last sync event. */
int
ui_getkey(struct ui *ui)
{
	static long long last_key;
	long long now = mono_ms();
	if (!last_key)
		last_key = now;
	for (;;) {
		timeout(0); /* a key curses already holds (a burst of typing) comes first */
		int ch = getch();
		if (ch != ERR) {
			last_key = mono_ms();
			return ch;
		}
		if (ui_display_signalled())
			return ERR;
		struct ui_screen *s = ui_top(ui);
		if (s && s->ops->idle) {
			/* the screen is up to date: use the pause before the next
			 * key (reading a page ahead), then look for a key again */
			if (s->ops->idle(ui, s))
				continue;
		}
		int wait = -1;
		if (ui->lock_ms > 0) {
			long long left = last_key + ui->lock_ms - mono_ms();
			if (left <= 0) {
				last_key = mono_ms();
				return ERR;
			}
			wait = (int)left;
		}
		/* poll skips an entry whose fd is negative */
		struct pollfd fds[3] = { { .fd = STDIN_FILENO, .events = POLLIN }, { .fd = ui_sync_fd(ui), .events = POLLIN },
			{ .fd = ui_check_fd(ui), .events = POLLIN } };
		int r = poll(fds, 3, wait);
		if (r > 0 && fds[1].fd >= 0 && (fds[1].revents & POLLIN))
			return UI_KEY_SYNC;
		if (r > 0 && fds[2].fd >= 0 && (fds[2].revents & POLLIN))
			return UI_KEY_CHECK;
		/* a key, a signal (SIGWINCH gives KEY_RESIZE) or the time: look again */
	}
}

void
ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_error = error;
}

void
ui_error(struct ui *ui, const struct zila_err *err)
{
	ui_message(ui, true, "%s", err->msg[0] ? err->msg : zila_status_name(err->code));
}

void
ui_push(struct ui *ui, struct ui_screen *s)
{
	if (ui->depth == (int)(sizeof ui->stack / sizeof ui->stack[0])) {
		/* deep enough: forget the oldest screen above home */
		struct ui_screen *old = ui->stack[1];
		old->ops->free(old);
		memmove(ui->stack + 1, ui->stack + 2, sizeof ui->stack[0] * (size_t)(ui->depth - 2));
		ui->depth--;
	}
	ui->stack[ui->depth++] = s;
}

void
ui_pop_quiet(struct ui *ui)
{
	if (ui->depth == 0)
		return;
	struct ui_screen *s = ui->stack[--ui->depth];
	s->ops->free(s);
}

void
ui_pop(struct ui *ui)
{
	ui_pop_quiet(ui);
	struct ui_screen *s = ui_top(ui);
	if (s && s->ops->reload && !ui->quit)
		s->ops->reload(ui, s);
}

struct ui_screen *
ui_top(struct ui *ui)
{
	return ui->depth ? ui->stack[ui->depth - 1] : NULL;
}
