/* testlib.h: fixtures for the Check suites: a fresh database in a temporary
 * folder, set up as district DRG desk 07, with the masters of
 * tests/fixture/masters.csv and one user per role. */
#ifndef ZILA_TESTLIB_H
#define ZILA_TESTLIB_H

#include <check.h>
#include <jansson.h>
#include "zila/action.h"
#include "zila/db.h"

struct fixture {
	char dir[256];
	char path[300];
	struct zila_db *db;
	/* users: admin, clerk, collector, nodal (assigned GPs 200101 and
	 * 200102), rev_officer and rev_head (REV), pwd_officer (PWD) */
	struct zila_actor admin, clerk, collector, nodal, rev_officer, rev_head, pwd_officer;
};

/* Builds the fixture; fails the test on any error. The clock is fixed
 * with ZILA_NOW=2026-11-20T06:00:00Z unless the caller set it. */
void fixture_open(struct fixture *f);
/* Derives the fixture users' shared password key: call before the
 * tests fork, so each fixture does not pay argon2id. */
void testlib_init(void);
/* Puts a new key pair sealed under "password1" into user.add or
 * user.passwd arguments; sk (when not NULL) gets its secret key. */
void fixture_key_args(json_t *args, unsigned char *sk);
void fixture_close(struct fixture *f);
/* The fixture turned into a server database (zilad's): the same users and
 * masters, db_kind server, change-log triggers (backfilled), and zilad's
 * store check passed. For the suites of the server's pieces. */
void fixture_server_open(struct fixture *f);
/* Adds a user (role, department code or NULL) with a signing key, as the
 * admin, and fills a with the actor. */
void fixture_add_user(struct fixture *f, struct zila_actor *a, const char *login, const char *role, const char *dept);

/* Runs an action from a JSON text (jansson's json_pack format with args)
 * and returns its status; *result may be NULL. */
enum zila_status run_action(struct fixture *f, const struct zila_actor *who, const char *action,
	json_t *args, json_t **result, struct zila_err *err);

/* One integer from a query with no parameters (counting rows in tests). */
long long query_int(struct fixture *f, const char *sql);
/* A digest of every row of every table (FTS shadow tables aside):
 * tests compare it before and after a refused action ("changes nothing"). */
char *db_digest(struct fixture *f);

/* The path of a file under tests/ (srcdir aware). */
const char *test_path(const char *rel, char *buf, size_t n);

#endif
