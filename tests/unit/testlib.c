/* testlib.c: the shared fixture for the Check suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>
#include "testlib.h"
#include "zila/master.h"
#include "zila/sign.h"
#include "zila/util.h"
#include "../../src/server/zilad.h"

const char *
test_path(const char *rel, char *buf, size_t n)
{
	const char *src = getenv("srcdir");
	snprintf(buf, n, "%s/tests/%s", src ? src : "..", rel);
	return buf;
}

/* Fixture users have real keys sealed under "password1", so logging in
 * as them is a real password check; they share one argon2id derivation
 * (and so one salt), made once before the tests fork (testlib_init), so
 * hundreds of fixtures stay fast. Real users each get their own. */
static const char fixture_salt[] = "00112233445566778899aabbccddeeff";
static unsigned char fixture_key[32];
static bool fixture_key_made;

void
testlib_init(void)
{
	if (!fixture_key_made)
		fixture_key_made = zila_key_derive("password1", fixture_salt, fixture_key, NULL) == ZILA_OK;
}

void
fixture_key_args(json_t *args, unsigned char *sk)
{
	struct zila_user_key k;
	testlib_init();
	ck_assert(fixture_key_made);
	zila_key_new_derived(fixture_key, fixture_salt, &k, sk);
	zila_key_set_args(args, &k);
}

/* The actor of login, with the signing key a login would open. */
static void
load_signer(struct fixture *f, const char *login, struct zila_actor *a, const unsigned char *sk)
{
	struct zila_err err = { 0 };
	ck_assert_int_eq(zila_actor_load(f->db, login, a, &err), ZILA_OK);
	memcpy(a->sign_sk, sk, sizeof a->sign_sk);
	a->can_sign = true;
}

void
fixture_add_user(struct fixture *f, struct zila_actor *a, const char *login, const char *role, const char *dept)
{
	struct zila_err err = { 0 };
	unsigned char sk[64];
	json_t *args = json_pack("{s:s, s:s, s:s}", "login", login, "name", login, "role", role);
	fixture_key_args(args, sk);
	if (dept)
		json_object_set_new(args, "department", json_string(dept));
	enum zila_status st = zila_action_run(f->db, &f->admin, "user.add", args, NULL, NULL, &err);
	json_decref(args);
	ck_assert_msg(st == ZILA_OK, "add user %s: %s", login, err.msg);
	load_signer(f, login, a, sk);
}

void
fixture_open(struct fixture *f)
{
	struct zila_err err = { 0 };
	char csv[512];
	memset(f, 0, sizeof *f);
	if (!getenv("ZILA_NOW"))
		setenv("ZILA_NOW", "2026-11-20T06:00:00Z", 1);
	snprintf(f->dir, sizeof f->dir, "/tmp/zila-test.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/zila.db", f->dir);
	ck_assert_msg(zila_db_open(f->path, ZILA_DB_CREATE, &f->db, &err) == ZILA_OK, "open: %s", err.msg);
	ck_assert_msg(zila_init(f->db, "DRG", "Durg", "दुर्ग", "07", &err) == ZILA_OK, "init: %s", err.msg);

	unsigned char sk[64];
	f->admin.role = ZILA_ROLE_ADMIN;
	json_t *args = json_pack("{s:s, s:s, s:s}", "login", "admin", "name", "Admin", "role", "admin");
	fixture_key_args(args, sk);
	ck_assert_msg(zila_action_run(f->db, &f->admin, "user.add", args, NULL, NULL, &err) == ZILA_OK, "admin: %s", err.msg);
	json_decref(args);
	load_signer(f, "admin", &f->admin, sk);

	FILE *in = fopen(test_path("fixture/masters.csv", csv, sizeof csv), "r");
	ck_assert_msg(in != NULL, "cannot open %s", csv);
	int count;
	ck_assert_msg(zila_master_import_csv(f->db, &f->admin, in, csv, &count, &err) == ZILA_OK, "import: %s", err.msg);
	fclose(in);

	fixture_add_user(f, &f->clerk, "clerk", "clerk", NULL);
	fixture_add_user(f, &f->collector, "collector", "collector", NULL);
	fixture_add_user(f, &f->nodal, "nodal", "nodal", NULL);
	fixture_add_user(f, &f->rev_officer, "rev.officer", "officer", "REV");
	fixture_add_user(f, &f->rev_head, "rev.head", "head", "REV");
	fixture_add_user(f, &f->pwd_officer, "pwd.officer", "officer", "PWD");
	for (int i = 0; i < 2; i++) {
		args = json_pack("{s:s, s:s}", "user", "nodal", "gp", i ? "200102" : "200101");
		ck_assert_msg(zila_action_run(f->db, &f->admin, "master.nodal", args, NULL, NULL, &err) == ZILA_OK,
			"nodal: %s", err.msg);
		json_decref(args);
	}
}

void
fixture_close(struct fixture *f)
{
	char cmd[400];
	zila_db_close(&f->db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", f->dir);
}

enum zila_status
run_action(struct fixture *f, const struct zila_actor *who, const char *action, json_t *args, json_t **result,
	struct zila_err *err)
{
	return zila_action_run(f->db, who, action, args, NULL, result, err);
}

long long
query_int(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	ck_assert_msg(sqlite3_prepare_v2(zila_db_handle(f->db), sql, -1, &st, NULL) == SQLITE_OK, "prepare %s", sql);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

char *
db_digest(struct fixture *f)
{
	sqlite3 *h = zila_db_handle(f->db);
	sqlite3_stmt *tables, *rows;
	size_t cap = 1 << 16, len = 0;
	char *acc = zila_xmalloc(cap);
	acc[0] = '\0';
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table'"
		" AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name", -1, &tables, NULL), SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", (const char *)sqlite3_column_text(tables, 0));
		ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &rows, NULL), SQLITE_OK);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(rows); i++) {
				const char *t = (const char *)sqlite3_column_text(rows, i);
				size_t n = t ? strlen(t) : 4;
				if (len + n + 2 >= cap) {
					cap = (cap + n) * 2;
					acc = zila_xrealloc(acc, cap);
				}
				memcpy(acc + len, t ? t : "NULL", n);
				len += n;
				acc[len++] = '|';
			}
			acc[len++] = '\n';
			acc[len] = '\0';
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	char *hex = zila_xmalloc(65);
	zila_sha256_hex(acc, len, hex);
	free(acc);
	return hex;
}

void
fixture_server_open(struct fixture *f)
{
	struct zila_err err = { 0 };
	fixture_open(f);
	ck_assert_int_eq(zila_init_server(f->db, &err), ZILA_OK);
	zila_db_close(&f->db);
	ck_assert_int_eq(zila_db_open(f->path, 0, &f->db, &err), ZILA_OK);
	ck_assert_msg(zilad_store_check(f->db, &err) == ZILA_OK, "%s", err.msg);
}
