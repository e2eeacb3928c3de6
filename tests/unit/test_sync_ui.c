/* test_sync_ui.c: sync as the full-screen program shows it, without
 * curses: the status bar's words, the progress bar, times as India reads
 * them, and the summary the status bar is made from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "ui/sync.h"
#include "ui/ui.h"
#include "zila/i18n.h"
#include "zila/util.h"

#define NOW 1795154400 /* 2026-11-20T06:00:00Z, 11:30 in India */

START_TEST(bar_is_exactly_as_wide_as_asked)
{
	char buf[300];
	static const struct { long long done, total; int width; const char *want; } cases[] = {
		{ 0, 10, 17, "[----------]   0%" },
		{ 5, 10, 17, "[#####-----]  50%" },
		{ 10, 10, 17, "[##########] 100%" },
		{ 15, 10, 17, "[##########] 100%" },     /* more than the total: full, not past it */
		{ -3, 10, 17, "[----------]   0%" },
		{ 1, 3, 17, "[###-------]  33%" },
		{ 7, 0, 17, "[----------]     " },      /* total unknown: no percentage */
		{ 7, -1, 12, "[-----]     " },
		{ 1, 2, 3, "[-]  50%" },                 /* never narrower than 8 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ui_sync_bar(cases[i].done, cases[i].total, cases[i].width, buf, sizeof buf);
		ck_assert_str_eq(buf, cases[i].want);
		ck_assert_int_eq(ui_text_width(buf), cases[i].width < 8 ? 8 : cases[i].width);
	}
	ui_sync_bar(1, 2, 100000, buf, sizeof buf);
	ck_assert_int_lt((int)strlen(buf), (int)sizeof buf);
}
END_TEST

START_TEST(times_as_india_reads_them)
{
	char buf[32];
	ui_sync_local_time("2026-11-20T06:00:00Z", NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "11:30");
	/* 19:00 UTC on the 19th is 00:30 on the 20th in India: today */
	ui_sync_local_time("2026-11-19T19:00:00Z", NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "00:30");
	ui_sync_local_time("2026-11-19T18:29:00Z", NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "19/11 23:59");
	ui_sync_local_time("2025-01-02T03:04:05Z", NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "02/01 08:34");
	ui_sync_local_time("", NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "");
	ui_sync_local_time("yesterday", NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "");
	ui_sync_local_time(NULL, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(status_bar_says_when_what_waits_and_problems)
{
	char buf[64];
	struct ui_sync_info s;
	memset(&s, 0, sizeof s);
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "not set up");
	s.sum.enrolled = true;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "never");
	s.sum.pending = 1;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "never, 1 waiting");
	snprintf(s.sum.last_ok, sizeof s.sum.last_ok, "%s", "2026-11-20T05:15:00Z");
	s.sum.pending = 1234;
	s.sum.rejected = 1;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "10:45, 1234 waiting, 1 problem");
	s.sum.pending = 0;
	s.sum.rejected = 2;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "10:45, 2 problems");
	s.running = true;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "running, 2 problems");
	s.running = false;
	s.outcome = UI_SYNC_FAILED;
	s.sum.rejected = 0;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "failed (last 10:45)");
	s.outcome = UI_SYNC_CANCELLED;
	s.sum.pending = 3;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "cancelled (last 10:45), 3 waiting");
	s.sum.last_ok[0] = '\0';
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "cancelled, 3 waiting");
	s.outcome = UI_SYNC_OK;
	snprintf(s.sum.last_ok, sizeof s.sum.last_ok, "%s", "2026-11-18T05:15:00Z");
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "18/11 10:45, 3 waiting");
	/* the worst case still fits the status bar's room */
	s.sum.pending = 9999999;
	s.sum.rejected = 9999999;
	s.outcome = UI_SYNC_CANCELLED;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	ck_assert_str_eq(buf, "cancelled (last 18/11 10:45), 9999999 waiting, 9999999 problems");
}
END_TEST

/* The counts are said in Hindi from the zila catalogue (glibc's own
 * ngettext looked in another domain and answered in English). */
START_TEST(status_bar_counts_in_hindi)
{
	const char *build = getenv("BUILDDIR");
	char dir[4096], buf[128];
	if (!build)
		return; /* run outside make check: no catalogue to read */
	snprintf(dir, sizeof dir, "%s/po/locale", build);
	setenv("ZILA_LOCALEDIR", dir, 1);
	setenv("LANGUAGE", "hi", 1);
	zila_i18n_start();
	struct ui_sync_info s;
	memset(&s, 0, sizeof s);
	s.sum.enrolled = true;
	snprintf(s.sum.last_ok, sizeof s.sum.last_ok, "%s", "2026-11-20T05:15:00Z");
	s.sum.pending = 3;
	s.sum.rejected = 2;
	ui_sync_status_text(&s, NOW, buf, sizeof buf);
	zila_i18n_set_lang("en");
	ck_assert_str_eq(buf, "10:45, 3 प्रतीक्षारत, 2 समस्याएँ");
}
END_TEST

START_TEST(summary_counts_the_outbox_and_knows_the_last_sync)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_sync_summary sum;
	fixture_open(&f);
	ck_assert_int_eq(zila_sync_summary(f.db, &sum, &err), ZILA_OK);
	ck_assert(!sum.enrolled);
	ck_assert_str_eq(sum.last_ok, "");
	long long before = sum.pending;
	ck_assert_int_eq(before, query_int(&f, "SELECT count(*) FROM outbox WHERE state = 'pending'"));
	const char *const names[] = { "Asha", "Bala" };
	for (int i = 0; i < 2; i++) {
		json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", names[i], "description", "d", "category", "LAND");
		ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err) == ZILA_OK, "%s", err.msg);
		json_decref(args);
	}
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE outbox SET state = 'rejected', code = 'state', message = 'm'"
		" WHERE client_seq = (SELECT max(client_seq) FROM outbox)", &err), ZILA_OK);
	ck_assert_int_eq(zila_meta_set(f.db, "sync_last_ok", "2026-11-20T05:15:00Z", &err), ZILA_OK);
	ck_assert_int_eq(zila_sync_summary(f.db, &sum, &err), ZILA_OK);
	ck_assert_int_eq(sum.pending, before + 1);
	ck_assert_int_eq(sum.rejected, 1);
	ck_assert_str_eq(sum.last_ok, "2026-11-20T05:15:00Z");
	ck_assert_int_eq(zila_sync_discard(f.db, query_int(&f, "SELECT max(client_seq) FROM outbox"), &err), ZILA_OK);
	ck_assert_int_eq(zila_sync_summary(f.db, &sum, &err), ZILA_OK);
	ck_assert_int_eq(sum.rejected, 0);
	fixture_close(&f);
}
END_TEST

Suite *
sync_ui_suite(void)
{
	Suite *s = suite_create("sync_ui");
	TCase *tc = tcase_create("sync_ui");
	tcase_add_test(tc, bar_is_exactly_as_wide_as_asked);
	tcase_add_test(tc, times_as_india_reads_them);
	tcase_add_test(tc, status_bar_says_when_what_waits_and_problems);
	tcase_add_test(tc, status_bar_counts_in_hindi);
	tcase_add_test(tc, summary_counts_the_outbox_and_knows_the_last_sync);
	suite_add_tcase(s, tc);
	return s;
}
