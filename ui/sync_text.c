/* sync_text.c: the words and bars of sync on screen, without curses, so
 * they are unit-tested. Whole sentences go through gettext (plural forms
 * through ngettext), never glued from fragments. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "zila/i18n.h"
#include "sync.h"

#define IST_OFFSET (5 * 3600 + 30 * 60)

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ"; -1 if unreadable. */
static time_t
parse_iso(const char *iso)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			&tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

void
ui_sync_local_time(const char *iso, time_t now, char *buf, size_t n)
{
	time_t t = parse_iso(iso);
	struct tm at, today;
	if (t < 0) {
		snprintf(buf, n, "%s", "");
		return;
	}
	t += IST_OFFSET;
	now += IST_OFFSET;
	gmtime_r(&t, &at);
	gmtime_r(&now, &today);
	if (at.tm_year == today.tm_year && at.tm_yday == today.tm_yday)
		snprintf(buf, n, "%02d:%02d", at.tm_hour, at.tm_min);
	else
		snprintf(buf, n, "%02d/%02d %02d:%02d", at.tm_mday, at.tm_mon + 1, at.tm_hour, at.tm_min);
}

void
ui_sync_bar(long long done, long long total, int width, char *buf, size_t n)
{
	char bar[256];
	if (width < 8)
		width = 8;
	if (width > (int)sizeof bar - 1)
		width = (int)sizeof bar - 1;
	int inner = width - 7; /* "[" inner "] " and "100%" */
	int fill = 0, pct = -1;
	if (total > 0) {
		if (done < 0)
			done = 0;
		if (done > total)
			done = total;
		fill = (int)(done * inner / total);
		pct = (int)(done * 100 / total);
	}
	int o = 0;
	bar[o++] = '[';
	for (int i = 0; i < inner; i++)
		bar[o++] = i < fill ? '#' : '-';
	bar[o++] = ']';
	if (pct >= 0)
		o += snprintf(bar + o, sizeof bar - (size_t)o, " %3d%%", pct);
	else
		o += snprintf(bar + o, sizeof bar - (size_t)o, "%5s", "");
	bar[o] = '\0';
	snprintf(buf, n, "%s", bar);
}

void
ui_sync_status_text(const struct ui_sync_info *s, time_t now, char *buf, size_t n)
{
	char when[32], first[96], waiting[64] = "", problems[64] = "";
	if (!s->sum.enrolled) {
		snprintf(buf, n, "%s", _("not set up"));
		return;
	}
	ui_sync_local_time(s->sum.last_ok, now, when, sizeof when);
	if (s->running)
		snprintf(first, sizeof first, "%s", _("running"));
	else if (s->outcome == UI_SYNC_FAILED)
		snprintf(first, sizeof first, when[0] ? _("failed (last %s)") : _("failed"), when);
	else if (s->outcome == UI_SYNC_CANCELLED)
		snprintf(first, sizeof first, when[0] ? _("cancelled (last %s)") : _("cancelled"), when);
	else
		snprintf(first, sizeof first, "%s", when[0] ? when : _("never"));
	if (s->sum.pending > 0)
		snprintf(waiting, sizeof waiting, zila_ngettext(", %lld waiting", ", %lld waiting", (unsigned long)s->sum.pending),
			s->sum.pending);
	if (s->sum.rejected > 0)
		snprintf(problems, sizeof problems,
			zila_ngettext(", %lld problem", ", %lld problems", (unsigned long)s->sum.rejected), s->sum.rejected);
	const char *clock = ui_sync_clock_wrong(&s->sum) ? _(", clock wrong") : "";
	snprintf(buf, n, "%s%s%s%s", first, waiting, problems, clock);
}

bool
ui_sync_clock_wrong(const struct zila_sync_summary *sum)
{
	return sum->clock_known && (sum->clock_skew > ZILA_CLOCK_WARN || sum->clock_skew < -ZILA_CLOCK_WARN);
}

void
ui_sync_clock_text(const struct zila_sync_summary *sum, char *buf, size_t n)
{
	char span[48];
	long long secs = sum->clock_skew < 0 ? -sum->clock_skew : sum->clock_skew;
	buf[0] = '\0';
	if (!ui_sync_clock_wrong(sum))
		return;
	if (secs >= 2 * 86400)
		snprintf(span, sizeof span, _("%lld days"), secs / 86400);
	else if (secs >= 2 * 3600)
		snprintf(span, sizeof span, _("%lld hours"), secs / 3600);
	else
		snprintf(span, sizeof span, _("%lld minutes"), (secs + 59) / 60);
	snprintf(buf, n, sum->clock_skew > 0 ? _("This desk's clock is %s ahead of the server's: set this computer's date"
		" and time.") : _("This desk's clock is %s behind the server's: set this computer's date and time."), span);
}
