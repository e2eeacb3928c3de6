/* Sessions (session.h): what a token resumes, what it keeps sealed, and
 * when it ends. */
#include <check.h>
#include <string.h>
#include "testlib.h"
#include "zila/session.h"
#include "zila/util.h"

START_TEST(session_resumes_its_user_with_its_secret)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_actor a;
	char token[ZILA_SESSION_TOKEN_HEX + 1], secret[64];
	size_t n = 99;
	const char key[] = "the user's unsealed signing key, 32+ bytes long";
	fixture_open(&f);
	ck_assert_int_eq(zila_session_start(f.db, &f.clerk, 3600, key, sizeof key, token, &err), ZILA_OK);
	ck_assert_int_eq(strlen(token), ZILA_SESSION_TOKEN_HEX);
	ck_assert_msg(zila_session_resume(f.db, token, NULL, &a, secret, sizeof secret, &n, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_str_eq(a.user_id, f.clerk.user_id);
	ck_assert_str_eq(a.login, "clerk");
	ck_assert_str_eq(a.desk_code, f.clerk.desk_code);
	ck_assert_uint_eq(n, sizeof key);
	ck_assert_mem_eq(secret, key, sizeof key);
	/* the login given must be the session's, in any case */
	ck_assert_int_eq(zila_session_resume(f.db, token, "CLERK", &a, NULL, 0, NULL, &err), ZILA_OK);
	ck_assert_int_eq(zila_session_resume(f.db, token, "admin", &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	/* the secret is not in the desk's file in the clear */
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM desk_session WHERE instr(secret, 'signing') > 0"), 0);
	/* a secret too large for the caller's buffer is refused, not cut */
	ck_assert_int_eq(zila_session_resume(f.db, token, NULL, &a, secret, 8, &n, &err), ZILA_EAUTH);
	fixture_close(&f);
}
END_TEST

START_TEST(session_refuses_what_is_not_a_live_session)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_actor a;
	char token[ZILA_SESSION_TOKEN_HEX + 1], other[ZILA_SESSION_TOKEN_HEX + 1];
	fixture_open(&f);
	ck_assert_int_eq(zila_session_start(f.db, &f.clerk, 600, NULL, 0, token, &err), ZILA_OK);
	/* a token of the right shape that was never given */
	memcpy(other, token, sizeof other);
	other[0] = other[0] == 'a' ? 'b' : 'a';
	ck_assert_int_eq(zila_session_resume(f.db, other, NULL, &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	ck_assert_int_eq(zila_session_resume(f.db, "not a token", NULL, &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	ck_assert_int_eq(zila_session_resume(f.db, NULL, NULL, &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	/* past its end */
	zila_clock_set(zila_clock() + 601);
	ck_assert_int_eq(zila_session_resume(f.db, token, NULL, &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	zila_clock_set(0);
	ck_assert_int_eq(zila_session_resume(f.db, token, NULL, &a, NULL, 0, NULL, &err), ZILA_OK);
	/* its user deactivated */
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE app_user SET active = 0 WHERE login = 'clerk'", &err), ZILA_OK);
	ck_assert_int_eq(zila_session_resume(f.db, token, NULL, &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	ck_assert_str_eq(a.user_id, "");
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE app_user SET active = 1 WHERE login = 'clerk'", &err), ZILA_OK);
	/* ended one by one, and all of a user's at once */
	ck_assert_int_eq(zila_session_end(f.db, token, &err), ZILA_OK);
	ck_assert_int_eq(zila_session_resume(f.db, token, NULL, &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	ck_assert_int_eq(zila_session_start(f.db, &f.clerk, 600, NULL, 0, token, &err), ZILA_OK);
	ck_assert_int_eq(zila_session_start(f.db, &f.clerk, 600, NULL, 0, other, &err), ZILA_OK);
	ck_assert_int_eq(zila_session_start(f.db, &f.admin, 600, NULL, 0, other, &err), ZILA_OK);
	ck_assert_int_eq(zila_session_end_user(f.db, f.clerk.user_id, &err), ZILA_OK);
	ck_assert_int_eq(zila_session_resume(f.db, token, NULL, &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	ck_assert_int_eq(zila_session_resume(f.db, other, NULL, &a, NULL, 0, NULL, &err), ZILA_OK);
	ck_assert_str_eq(a.login, "admin");
	/* no session lives past ZILA_SESSION_MAX_SECONDS, whatever is asked */
	ck_assert_int_eq(zila_session_start(f.db, &f.clerk, 10 * ZILA_SESSION_MAX_SECONDS, NULL, 0, token, &err), ZILA_OK);
	zila_clock_set(zila_clock() + ZILA_SESSION_MAX_SECONDS);
	ck_assert_int_eq(zila_session_resume(f.db, token, NULL, &a, NULL, 0, NULL, &err), ZILA_EAUTH);
	zila_clock_set(0);
	fixture_close(&f);
}
END_TEST

Suite *
session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("session");
	tcase_add_test(tc, session_resumes_its_user_with_its_secret);
	tcase_add_test(tc, session_refuses_what_is_not_a_live_session);
	suite_add_tcase(s, tc);
	return s;
}
