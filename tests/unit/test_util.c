/* test_util.c: calendar, clock, UUIDs, UTF-8 checks, FTS query building. */
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include "testlib.h"
#include "zila/action.h"
#include "zila/query.h"
#include "zila/util.h"
#include "zila/width.h"

START_TEST(dates)
{
	char buf[16];
	ck_assert(zila_date_valid("2024-02-29"));
	ck_assert(!zila_date_valid("2026-02-29"));
	ck_assert(!zila_date_valid("2026-13-01"));
	ck_assert(!zila_date_valid("2026-1-01"));
	ck_assert(!zila_date_valid("2026-01-01x"));
	ck_assert_int_eq(zila_date_diff("2026-11-20", "2026-12-01"), 11);
	ck_assert_int_eq(zila_date_diff("2026-12-01", "2026-11-20"), -11);
	zila_date_add("2026-12-25", 7, buf, sizeof buf);
	ck_assert_str_eq(buf, "2027-01-01");
	zila_date_add("2024-02-28", 1, buf, sizeof buf);
	ck_assert_str_eq(buf, "2024-02-29");
}
END_TEST

START_TEST(ist_date_turns_at_1830_utc)
{
	char buf[16];
	zila_ist_date(1795717799, buf, sizeof buf); /* 2026-11-26T18:29:59Z */
	ck_assert_str_eq(buf, "2026-11-26");
	zila_ist_date(1795717800, buf, sizeof buf); /* 2026-11-26T18:30:00Z: midnight in India */
	ck_assert_str_eq(buf, "2026-11-27");
	setenv("ZILA_NOW", "2026-11-26T18:30:00Z", 1);
	ck_assert_int_eq((long long)zila_clock(), 1795717800LL);
	zila_iso_time(zila_clock(), buf, sizeof buf);
	unsetenv("ZILA_NOW");
}
END_TEST

START_TEST(uuid7_is_time_ordered)
{
	char a[37], b[37];
	zila_uuid7(a);
	struct timespec ts = { 0, 2000000 };
	nanosleep(&ts, NULL);
	zila_uuid7(b);
	ck_assert_int_eq(strlen(a), 36);
	ck_assert_int_eq(a[14], '7');
	ck_assert(strchr("89ab", a[19]) != NULL);
	ck_assert(strcmp(a, b) < 0);
}
END_TEST

/* zila demo's ids: dated by the fixed clock, and only rising (appended to
 * every index) even when the clock goes back a day; off again, the real
 * clock. */
START_TEST(uuid7_follows_the_fixed_clock)
{
	char a[37], b[37], c[37], d[37], real[37];
	time_t day = 1733529600; /* 2024-12-07 */
	zila_uuid7_follow_clock(true);
	zila_clock_set(day);
	zila_uuid7(a);
	zila_uuid7(b);
	zila_clock_set(day - 86400);
	zila_uuid7(c);
	zila_clock_set(day + 86400);
	zila_uuid7(d);
	zila_clock_set(0);
	zila_uuid7(real);
	zila_uuid7_follow_clock(false);
	/* 2024-12-07T00:00:00Z is 0x1939e6a8000 ms, a day later 0x193a390dc00 */
	ck_assert_msg(strncmp(a, "01939e6a-8000-7", 15) == 0, "%s", a);
	ck_assert_msg(strncmp(b, "01939e6a-8001-7", 15) == 0, "%s", b);
	ck_assert_msg(strncmp(c, "01939e6a-8002-7", 15) == 0, "%s", c);
	ck_assert_msg(strncmp(d, "0193a390-dc00-7", 15) == 0, "%s", d);
	ck_assert_msg(strcmp(real, "0193b") > 0, "no fixed clock: the real one, %s", real);
	ck_assert(strchr("89ab", c[19]) != NULL);
	ck_assert(strcmp(a + 15, b + 15) != 0);
	zila_uuid7(a);
	zila_uuid7(b);
	ck_assert_msg(strcmp(a, "0193b") > 0 && strcmp(a, b) != 0, "off: the real clock, %s", a);
}
END_TEST

/* The ids an action derives are the same on every desk and on the server
 * (they re-run it): these two were made by the first formula, SHA-256 of
 * "MUTATION:N" printed with snprintf, and must never change. */
START_TEST(derived_ids_keep_their_formula)
{
	struct zila_action_ctx ctx = { .mutation_id = "01a24d5f-0712-7617-a9c2-144efc20a31b" };
	char id[40];
	zila_action_new_id(&ctx, id);
	ck_assert_str_eq(id, "01a24d5f-0712-7d23-9928-093c41f74013");
	ctx.next_id = 12;
	zila_action_new_id(&ctx, id);
	ck_assert_str_eq(id, "01a24d5f-0712-7dbd-b392-2ec6f420d7f8");
	ck_assert_int_eq(ctx.next_id, 13);
}
END_TEST

/* zila_iso_time writes its digits by hand; it must say what strftime
 * says, at the edges too (epoch, leap days, a second before midnight, the
 * last year of four digits). */
START_TEST(iso_time_is_strftime)
{
	const time_t times[] = { 0, 59, 86399, 951782400, 1709164800, 1796083199, 1796083200, 253402300799LL,
		-1, -86400 * 365LL };
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		char ours[32], theirs[32];
		struct tm tm;
		zila_iso_time(times[i], ours, sizeof ours);
		gmtime_r(&times[i], &tm);
		strftime(theirs, sizeof theirs, "%Y-%m-%dT%H:%M:%SZ", &tm);
		ck_assert_str_eq(ours, theirs);
	}
	char small[11];
	zila_iso_time(1796083199, small, sizeof small);
	ck_assert_str_eq(small, "2026-11-30");
}
END_TEST

START_TEST(utf8_checks)
{
	size_t n;
	ck_assert(zila_utf8_check("पानी की समस्या", false, &n));
	ck_assert_int_eq(n, 14);
	ck_assert(!zila_utf8_check("a\nb", false, NULL));
	ck_assert(zila_utf8_check("a\nb", true, NULL));
	ck_assert(!zila_utf8_check("\xc3\x28", true, NULL));         /* bad continuation */
	ck_assert(!zila_utf8_check("\xc0\xaf", true, NULL));         /* overlong '/' */
	ck_assert(!zila_utf8_check("\xed\xa0\x80", true, NULL));     /* surrogate */
	ck_assert(!zila_utf8_check("a\x1b[2Jb", true, NULL));        /* terminal escape */
}
END_TEST

START_TEST(fts_query_quotes_every_word)
{
	bool short_words;
	char *q = zila_fts_query("पानी \"drop\" OR", &short_words);
	ck_assert_str_eq(q, "\"पानी\" AND \"\"\"drop\"\"\" AND \"OR\"");
	ck_assert(short_words);
	free(q);
	q = zila_fts_query("   ", &short_words);
	ck_assert_ptr_null(q);
	q = zila_fts_query("a b c d e f g", &short_words);
	ck_assert_ptr_nonnull(q);
	free(q);
}
END_TEST

/* A paragraph wrapped by display columns: Hindi words stay whole, no
 * line is wider than asked, nothing is lost, a too-long word is cut
 * between letters. */
static char *
wrapped(const char *text, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	zila_width_wrap(f, text, width);
	fclose(f);
	return buf;
}

START_TEST(wrap_by_display_columns)
{
	char *w = wrapped("one two three four", 9);
	ck_assert_str_eq(w, "one two\nthree\nfour\n");
	free(w);
	/* 20 columns for 22 characters and 58 bytes: a vowel sign, a virama
	 * take no column, so a line of 21 holds them */
	w = wrapped("विभाग उत्तर देगा। अपील करें", 21);
	ck_assert_str_eq(w, "विभाग उत्तर देगा। अपील\nकरें\n");
	free(w);
	w = wrapped("abcdefghij", 4);
	ck_assert_str_eq(w, "abcd\nefgh\nij\n");
	free(w);
	w = wrapped("", 10);
	ck_assert_str_eq(w, "\n");
	free(w);
}
END_TEST

START_TEST(mobile_numbers_in_every_form)
{
	static const char *const good[] = { "9876543210", "+919876543210", "+91 98765 43210", "+91-98765-43210",
		"098765 43210", "919876543210", "(98765) 43210", "98765.43210", "6000000000" };
	static const char *const bad[] = { "", "12345", "5876543210", "+91 5876543210", "98765432100", "9876543210x",
		"++919876543210", "+9876543210", "+0 9876543210", "0919876543210", "98765 4321", "९८७६५४३२१०" };
	char ten[11];
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		ck_assert_msg(zila_mobile_normal(good[i], ten), "'%s' refused", good[i]);
		ck_assert_str_eq(ten, i == 8 ? "6000000000" : "9876543210");
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!zila_mobile_normal(bad[i], ten), "'%s' taken", bad[i]);
}
END_TEST

Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");
	tcase_add_test(tc, dates);
	tcase_add_test(tc, ist_date_turns_at_1830_utc);
	tcase_add_test(tc, uuid7_is_time_ordered);
	tcase_add_test(tc, uuid7_follows_the_fixed_clock);
	tcase_add_test(tc, derived_ids_keep_their_formula);
	tcase_add_test(tc, iso_time_is_strftime);
	tcase_add_test(tc, utf8_checks);
	tcase_add_test(tc, fts_query_quotes_every_word);
	tcase_add_test(tc, mobile_numbers_in_every_form);
	tcase_add_test(tc, wrap_by_display_columns);
	suite_add_tcase(s, tc);
	return s;
}
