/* test_guard.c: zilad's guard without HTTP: unproven connections are cut
 * oldest first when they fill their share and after auth_timeout, proven
 * ones never; the memory budget is all or nothing; parsed JSON is capped
 * whatever its shape; password checks queue per login and per address. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"
#include "../../src/server/zilad.h"

/* Whether the server side of a socket pair was shut down: the peer reads
 * the end of the stream at once. */
static bool
was_cut(int peer)
{
	struct timeval tv = { 0, 100000 };
	char c;
	setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return recv(peer, &c, 1, 0) == 0;
}

START_TEST(unproven_connections_are_cut_oldest_first)
{
	int sv[6][2];
	struct zilad_slot *slot[6];
	/* 5 places, 2 kept for desks: 3 for connections without a token */
	struct zilad_guard *g = zilad_guard_new(5, 2, 1, 1000);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv[i]), 0);
	slot[0] = zilad_guard_open(g, sv[0][0]);
	zilad_guard_prove(g, slot[0]); /* a desk */
	for (int i = 1; i < 4; i++) {
		struct timespec ts = { 0, 2000000 };
		nanosleep(&ts, NULL);
		slot[i] = zilad_guard_open(g, sv[i][0]);
	}
	ck_assert_ptr_nonnull(slot[3]);
	ck_assert_uint_eq(zilad_guard_cuts(g), 0);
	/* a fourth unproven one: the oldest unproven (1) goes, not the desk */
	slot[4] = zilad_guard_open(g, sv[4][0]);
	ck_assert_uint_eq(zilad_guard_cuts(g), 1);
	ck_assert(was_cut(sv[1][1]));
	ck_assert(!was_cut(sv[0][1]));
	ck_assert(!was_cut(sv[2][1]));
	zilad_guard_close(g, slot[1]);
	/* after auth_timeout every unproven one is cut, the desk stays */
	sleep(2);
	ck_assert_uint_eq(zilad_guard_reap(g), 3);
	ck_assert(was_cut(sv[2][1]) && was_cut(sv[3][1]) && was_cut(sv[4][1]));
	ck_assert(!was_cut(sv[0][1]));
	for (int i = 0; i < 6; i++) {
		close(sv[i][0]);
		close(sv[i][1]);
	}
	zilad_guard_free(&g);
}
END_TEST

START_TEST(the_budget_is_all_or_nothing)
{
	struct zilad_guard *g = zilad_guard_new(4, 1, 10, 1000);
	size_t peak;
	ck_assert(zilad_guard_take(g, 600));
	ck_assert(!zilad_guard_take(g, 500));
	ck_assert_uint_eq(zilad_guard_used(g, NULL), 600);
	ck_assert_uint_eq(zilad_guard_take_upto(g, 500), 400);
	ck_assert(!zilad_guard_take(g, 1));
	zilad_guard_give(g, 1000);
	ck_assert_uint_eq(zilad_guard_used(g, &peak), 0);
	ck_assert_uint_eq(peak, 1000);
	zilad_guard_free(&g);
}
END_TEST

START_TEST(parsed_json_is_capped)
{
	/* 200,000 empty objects: 600 KB of text, tens of MB parsed */
	size_t n = 200000;
	char *text = malloc(n * 3 + 16);
	size_t len = (size_t)sprintf(text, "[");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "%s{}", i ? "," : "");
	len += (size_t)sprintf(text + len, "]");
	json_error_t jerr;
	zilad_json_counting();
	zilad_json_cap(4u << 20);
	json_t *j = json_loadb(text, len, 0, &jerr);
	ck_assert(zilad_json_refused());
	zilad_json_cap(0);
	ck_assert_ptr_null(j);
	/* without a cap it parses (the cap was what refused it) */
	j = json_loadb(text, len, 0, &jerr);
	ck_assert_ptr_nonnull(j);
	ck_assert(!zilad_json_refused());
	json_decref(j);
	json_set_alloc_funcs(malloc, free);
	free(text);
}
END_TEST

struct guess {
	struct zilad_gate *gate;
	const char *login, *addr;
	bool entered;
	struct timespec in, out;
};

static void *
guess_thread(void *arg)
{
	struct guess *g = arg;
	g->entered = zilad_gate_enter(g->gate, g->login, g->addr, 5);
	clock_gettime(CLOCK_MONOTONIC, &g->in);
	usleep(100000);
	clock_gettime(CLOCK_MONOTONIC, &g->out);
	if (g->entered)
		zilad_gate_leave(g->gate, g->login, g->addr);
	return NULL;
}

static double
secs(const struct timespec *t)
{
	return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

START_TEST(password_checks_queue_per_login_and_address)
{
	struct zilad_gate *gate = zilad_gate_new(8);
	struct guess gs[4] = {
		{ gate, "clerk", "10.0.0.1", false, { 0 }, { 0 } }, { gate, "clerk", "10.0.0.2", false, { 0 }, { 0 } },
		{ gate, "admin", "10.0.0.1", false, { 0 }, { 0 } }, { gate, "other", "10.0.0.9", false, { 0 }, { 0 } },
	};
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, guess_thread, &gs[i]);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 4; i++)
		ck_assert(gs[i].entered);
	/* no two checks of one login, or from one address, overlapped */
	for (int i = 0; i < 4; i++)
		for (int k = i + 1; k < 4; k++) {
			bool shared = strcmp(gs[i].login, gs[k].login) == 0 || strcmp(gs[i].addr, gs[k].addr) == 0;
			bool overlap = secs(&gs[i].in) < secs(&gs[k].out) - 0.001 && secs(&gs[k].in) < secs(&gs[i].out) - 0.001;
			ck_assert_msg(!(shared && overlap), "checks %d and %d overlapped", i, k);
		}
	zilad_gate_free(&gate);
}
END_TEST

Suite *
guard_suite(void)
{
	Suite *s = suite_create("guard");
	TCase *tc = tcase_create("guard");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, unproven_connections_are_cut_oldest_first);
	tcase_add_test(tc, the_budget_is_all_or_nothing);
	tcase_add_test(tc, parsed_json_is_capped);
	tcase_add_test(tc, password_checks_queue_per_login_and_address);
	suite_add_tcase(s, tc);
	return s;
}
