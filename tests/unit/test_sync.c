/* test_sync.c: the server's pieces without a socket: gzip limits, tokens,
 * the configuration, enrolment and its throttle, push exactly once
 * against a server database, pull visibility by office, savepoints. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "zila/master.h"
#include "zila/query.h"
#include "zila/sign.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "../../src/server/zilad.h"
#include "../../src/sync/internal.h"

/* The fixture and desk whose users sign the entries made next (set by
 * enrol): entry() signs as a desk would, when the actor is a fixture user. */
static struct fixture *signing_fixture;
static struct zilad_desk *signing_desk;

static void
enrol(struct fixture *f, const char *login, struct zilad_desk *desk, char *token)
{
	struct zila_err err = { 0 };
	json_t *reply;
	ck_assert_msg(zilad_enrol(f->db, login, "password1", "test", "127.0.0.1", &reply, &err) == ZILA_OK, "%s", err.msg);
	snprintf(token, ZILA_TOKEN_HEX + 1, "%s", json_string_value(json_object_get(reply, "token")));
	json_decref(reply);
	ck_assert_int_eq(zilad_auth(f->db, token, desk, &err), ZILA_OK);
	signing_fixture = f;
	signing_desk = desk;
}

static const struct zila_actor *
fixture_actor(struct fixture *f, const char *user_id)
{
	const struct zila_actor *all[] = { &f->admin, &f->clerk, &f->collector, &f->nodal, &f->rev_officer,
		&f->rev_head, &f->pwd_officer };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		if (strcmp(all[i]->user_id, user_id) == 0)
			return all[i];
	return NULL;
}

/* Signs an entry as its user on the signing desk, on its own (prev ""). */
static json_t *
sign_entry(json_t *e)
{
	const struct zila_actor *a = signing_fixture ? fixture_actor(signing_fixture,
		json_string_value(json_object_get(e, "actor_id"))) : NULL;
	if (!a)
		return e;
	json_object_set_new(e, "prev", json_string(""));
	struct zila_signed sg = {
		.mutation_id = json_string_value(json_object_get(e, "mutation_id")),
		.action = json_string_value(json_object_get(e, "action")), .actor_id = a->user_id,
		.desk_id = signing_desk->id, .client_time = json_string_value(json_object_get(e, "client_time")),
		.prev = "", .args = json_object_get(e, "args"),
		.client_seq = json_integer_value(json_object_get(e, "client_seq")),
		.base_version = json_integer_value(json_object_get(e, "base_version")),
	};
	char *canonical = zila_sign_canonical(&sg), sig[ZILA_SIGN_SIG_HEX + 1];
	zila_sign(a->sign_sk, canonical, sig);
	free(canonical);
	json_object_set_new(e, "sig", json_string(sig));
	return e;
}

/* One outbox entry as a desk sends it, signed by its user. */
static json_t *
entry(long long seq, const char *action, json_t *args, const char *actor_id)
{
	char mid[40];
	zila_uuid7(mid);
	return sign_entry(json_pack("{s:I, s:s, s:s, s:o, s:s, s:I, s:s}", "client_seq", (json_int_t)seq, "mutation_id", mid,
		"action", action, "args", args, "actor_id", actor_id, "base_version", (json_int_t)0,
		"client_time", "2026-11-20T06:00:00Z"));
}

static json_t *
dept_entry(long long seq, const char *code, const char *actor_id)
{
	return entry(seq, "master.department", json_pack("{s:s, s:s}", "code", code, "name_en", code), actor_id);
}

/* zilad_pull with an unproved cursor, as a desk of protocol 1 asked. */
static enum zila_status
pull_page(struct zila_db *db, const struct zilad_desk *d, long long cursor, int limit, bool snapshot, json_t **reply,
	int *http, struct zila_err *err)
{
	struct zilad_pull_req q = { .cursor = cursor, .limit = limit, .snapshot = snapshot };
	return zilad_pull(db, d, &q, reply, http, err);
}

START_TEST(gzip_round_trip_and_limits)
{
	struct zila_err err = { 0 };
	const char *text = "{\"entries\":[1,2,3],\"name\":\"दुर्ग\"}";
	unsigned char *z, *back;
	size_t zn, bn;
	bool big;
	ck_assert_int_eq(zila_gzip(text, strlen(text), &z, &zn, &err), ZILA_OK);
	ck_assert_int_eq(zila_gunzip(z, zn, 1024, &back, &bn, &big, &err), ZILA_OK);
	ck_assert_uint_eq(bn, strlen(text));
	ck_assert_str_eq((char *)back, text);
	free(back);
	/* truncated data is refused, not half used */
	ck_assert_int_eq(zila_gunzip(z, zn - 4, 1024, &back, &bn, &big, &err), ZILA_EINVAL);
	ck_assert(!big);
	ck_assert_int_eq(zila_gunzip("not gzip", 8, 1024, &back, &bn, &big, &err), ZILA_EINVAL);
	free(z);
	/* a bomb: 20 MB of zeros is a few KB of gzip; the cap stops it */
	size_t n = 20u << 20;
	char *zeros = calloc(1, n);
	ck_assert_int_eq(zila_gzip(zeros, n, &z, &zn, &err), ZILA_OK);
	ck_assert_uint_lt(zn, 100000);
	ck_assert_int_eq(zila_gunzip(z, zn, 1u << 20, &back, &bn, &big, &err), ZILA_EINVAL);
	ck_assert(big);
	ck_assert_ptr_nonnull(strstr(err.msg, "larger than"));
	/* exactly at the cap is fine */
	ck_assert_int_eq(zila_gunzip(z, zn, n, &back, &bn, &big, &err), ZILA_OK);
	ck_assert_uint_eq(bn, n);
	free(back);
	free(z);
	free(zeros);
}
END_TEST

START_TEST(tokens_are_random_and_hashed)
{
	char a[ZILA_TOKEN_HEX + 1], b[ZILA_TOKEN_HEX + 1], ha[65], hb[65], ha2[65];
	zila_token_new(a);
	zila_token_new(b);
	ck_assert(zila_token_valid(a));
	ck_assert_str_ne(a, b);
	zila_token_hash(a, ha);
	zila_token_hash(a, ha2);
	zila_token_hash(b, hb);
	ck_assert_str_eq(ha, ha2);
	ck_assert_str_ne(ha, hb);
	ck_assert_str_ne(ha, a);
	ck_assert(zila_is_sha256_hex(ha));
	ck_assert(!zila_token_valid("abc"));
	ck_assert(!zila_token_valid(NULL));
	char upper[ZILA_TOKEN_HEX + 1];
	memcpy(upper, a, sizeof upper);
	upper[0] = 'G';
	ck_assert(!zila_token_valid(upper));
}
END_TEST

START_TEST(config_is_checked)
{
	struct zilad_config c;
	struct zila_err err = { 0 };
	char path[] = "/tmp/zilad-conf.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	FILE *f = fdopen(fd, "w");
	fputs("# test\nlisten = 0.0.0.0\ntls = off\ndatabase = /tmp/x.db\n", f);
	fclose(f);
	zilad_config_defaults(&c);
	ck_assert_int_eq(zilad_config_read(&c, path, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "loopback"));
	f = fopen(path, "w");
	fputs("listen = 127.0.0.1\ntls = off\ndatabase = /tmp/x.db\nport = 9000\nmax_body = 2048\n", f);
	fclose(f);
	zilad_config_defaults(&c);
	ck_assert_int_eq(zilad_config_read(&c, path, &err), ZILA_OK);
	ck_assert_int_eq(c.port, 9000);
	ck_assert_uint_eq(c.max_body, 2048);
	f = fopen(path, "w");
	fputs("database = /tmp/x.db\ncert = a\nkey = b\nbogus = 1\n", f);
	fclose(f);
	ck_assert_int_eq(zilad_config_read(&c, path, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, ":4: unknown setting 'bogus'"));
	f = fopen(path, "w");
	fputs("database = /tmp/x.db\ncert = a\nkey = b\nport = 70000\n", f);
	fclose(f);
	ck_assert_int_eq(zilad_config_read(&c, path, &err), ZILA_EINVAL);
	unlink(path);
	ck_assert(zilad_addr_is_loopback("127.0.0.1"));
	ck_assert(zilad_addr_is_loopback("::1"));
	ck_assert(!zilad_addr_is_loopback("10.0.0.1"));
}
END_TEST

START_TEST(enrol_tokens_and_revoke)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk d1, d2, back;
	char t1[ZILA_TOKEN_HEX + 1], t2[ZILA_TOKEN_HEX + 1];
	json_t *reply = NULL;
	fixture_server_open(&f);
	enrol(&f, "clerk", &d1, t1);
	enrol(&f, "rev.officer", &d2, t2);
	ck_assert_str_ne(d1.code, d2.code);
	ck_assert_str_eq(d1.department_id, "");
	ck_assert_str_eq(d2.department_id, f.rev_officer.department_id);
	/* only the hash is kept */
	char *q = sqlite3_mprintf("SELECT count(*) FROM desk_token WHERE token_hash = '%q' OR token_hash = '%q'", t1, t2);
	ck_assert_int_eq(query_int(&f, q), 0);
	sqlite3_free(q);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM desk_token"), 2);
	/* a wrong password, an unknown login: the same refusal */
	ck_assert_int_eq(zilad_enrol(f.db, "clerk", "wrong-pass", "", "10.0.0.9", &reply, &err), ZILA_EAUTH);
	ck_assert_str_eq(err.msg, "wrong login or password");
	ck_assert_int_eq(zilad_enrol(f.db, "nobody", "wrong-pass", "", "10.0.0.9", &reply, &err), ZILA_EAUTH);
	ck_assert_str_eq(err.msg, "wrong login or password");
	ck_assert_int_eq(zilad_throttle_delay(f.db, "clerk", "10.0.0.9", 1000), 0);
	zilad_enrol(f.db, "clerk", "wrong-pass", "", "10.0.0.9", &reply, &err);
	zilad_enrol(f.db, "clerk", "wrong-pass", "", "10.0.0.9", &reply, &err);
	ck_assert_int_eq(zilad_throttle_delay(f.db, "clerk", "10.0.0.9", 1000), 1000);
	zilad_enrol(f.db, "clerk", "wrong-pass", "", "10.0.0.9", &reply, &err);
	ck_assert_int_eq(zilad_throttle_delay(f.db, "clerk", "10.0.0.9", 1000), 2000);
	ck_assert_int_eq(zilad_throttle_delay(f.db, "collector", "10.0.0.9", 1000), 0);
	/* the good password clears the login's count */
	ck_assert_int_eq(zilad_enrol(f.db, "clerk", "password1", "", "10.0.0.9", &reply, &err), ZILA_OK);
	json_decref(reply);
	ck_assert_int_eq(zilad_throttle_delay(f.db, "clerk", "10.0.0.9", 1000), 0);
	/* tokens */
	ck_assert_int_eq(zilad_auth(f.db, "0123", &back, &err), ZILA_EAUTH);
	char other[ZILA_TOKEN_HEX + 1];
	zila_token_new(other);
	ck_assert_int_eq(zilad_auth(f.db, other, &back, &err), ZILA_EAUTH);
	ck_assert_int_eq(zilad_desk_revoke(f.db, d1.code, &err), ZILA_OK);
	ck_assert_int_eq(zilad_auth(f.db, t1, &back, &err), ZILA_EAUTH);
	ck_assert_ptr_nonnull(strstr(err.msg, "revoked"));
	ck_assert_int_eq(zilad_auth(f.db, t2, &back, &err), ZILA_OK);
	ck_assert_int_eq(zilad_desk_revoke(f.db, d1.code, &err), ZILA_ESTATE);
	fixture_close(&f);
}
END_TEST

/* The same batch twice is applied once; a gap is 409 with the last
 * number; a number reused for another action is 409; a bad body writes
 * nothing. */
/* An enrolment sent again (its answer lost on a cut link, the desk's
 * transport retrying) is the desk made the first time with a fresh token:
 * no second desk, no second slot of desks_per_user, one desk.enrol audit
 * row. Another enrolment, another login, a desk that pushed, a revoked
 * one or an hour's wait each make a new desk. */
static json_t *
enrol_as(struct fixture *f, const struct zila_actor *a, int quota, const char *enrolment, enum zila_status want)
{
	struct zila_err err = { 0 };
	json_t *reply = NULL;
	ck_assert_msg(zilad_enrol_desk(f->db, a, "counter", quota, enrolment, &reply, &err) == want, "%s", err.msg);
	return reply;
}

START_TEST(enrol_sent_again_is_the_same_desk)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk back;
	struct zila_actor clerk, collector;
	const char *e = "0123456789abcdef0123456789abcdef", *e2 = "fedcba9876543210fedcba9876543210";
	fixture_server_open(&f);
	ck_assert_int_eq(zilad_enrol_check(f.db, "clerk", "password1", &clerk, &err), ZILA_OK);
	ck_assert_int_eq(zilad_enrol_check(f.db, "collector", "password1", &collector, &err), ZILA_OK);
	long long desks = query_int(&f, "SELECT count(*) FROM desk");
	json_t *r1 = enrol_as(&f, &clerk, 1, e, ZILA_OK), *r2 = enrol_as(&f, &clerk, 1, e, ZILA_OK);
	const char *t1 = json_string_value(json_object_get(r1, "token")), *t2 = json_string_value(json_object_get(r2, "token"));
	ck_assert_str_eq(json_string_value(json_object_get(r2, "desk_id")), json_string_value(json_object_get(r1, "desk_id")));
	ck_assert_str_eq(json_string_value(json_object_get(r2, "desk_code")), json_string_value(json_object_get(r1, "desk_code")));
	ck_assert_str_ne(t1, t2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM desk"), desks + 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM desk_token WHERE login = 'clerk'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log WHERE action = 'desk.enrol'"), 1);
	/* the lost answer's token no longer opens the desk; the one sent now does */
	ck_assert_int_eq(zilad_auth(f.db, t1, &back, &err), ZILA_EAUTH);
	ck_assert_int_eq(zilad_auth(f.db, t2, &back, &err), ZILA_OK);
	ck_assert_str_eq(back.id, json_string_value(json_object_get(r1, "desk_id")));
	/* the one slot is used by that desk: another enrolment is refused */
	json_decref(enrol_as(&f, &clerk, 1, e2, ZILA_EDENIED));
	/* another login's request of the same name is its own desk */
	json_t *r3 = enrol_as(&f, &collector, 0, e, ZILA_OK);
	ck_assert_str_ne(json_string_value(json_object_get(r3, "desk_id")), json_string_value(json_object_get(r1, "desk_id")));
	/* once the desk has pushed, its history is the server's: a new desk */
	char *q = sqlite3_mprintf("INSERT INTO push_ledger(desk_id, client_seq, mutation_id, action, actor_id, state, server_seq,"
		" client_time, received_at) VALUES ('%q', 1, 'm1', 'grievance.note', '%q', 'applied', 1, '2026-01-01T00:00:00Z',"
		" '2026-01-01T00:00:00Z')", json_string_value(json_object_get(r1, "desk_id")), clerk.user_id);
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db), q, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(q);
	json_t *r4 = enrol_as(&f, &clerk, 0, e, ZILA_OK);
	ck_assert_str_ne(json_string_value(json_object_get(r4, "desk_id")), json_string_value(json_object_get(r1, "desk_id")));
	/* nor after an hour, nor once revoked */
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db), "UPDATE desk_token SET created_at = '2000-01-01T00:00:00Z'"
		" WHERE login = 'collector'", NULL, NULL, NULL), SQLITE_OK);
	json_t *r5 = enrol_as(&f, &collector, 0, e, ZILA_OK);
	ck_assert_str_ne(json_string_value(json_object_get(r5, "desk_id")), json_string_value(json_object_get(r3, "desk_id")));
	ck_assert_int_eq(zilad_desk_revoke(f.db, json_string_value(json_object_get(r5, "desk_code")), &err), ZILA_OK);
	json_t *r6 = enrol_as(&f, &collector, 0, e, ZILA_OK);
	ck_assert_str_ne(json_string_value(json_object_get(r6, "desk_id")), json_string_value(json_object_get(r5, "desk_id")));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM desk"), desks + 5);
	json_decref(r1);
	json_decref(r2);
	json_decref(r3);
	json_decref(r4);
	json_decref(r5);
	json_decref(r6);
	fixture_close(&f);
}
END_TEST

/* Enrolment is the desk.enrol action: its desk row and one audit row for
 * the desk, run only by zilad's enrol request; the same action pushed by a
 * desk (or run anywhere else) is refused and changes nothing. */
START_TEST(enrol_is_an_action_only_zilad_runs)
{
	struct fixture f;
	struct zilad_desk d;
	struct zila_err err = { 0 };
	char t[ZILA_TOKEN_HEX + 1];
	fixture_server_open(&f);
	enrol(&f, "rev.officer", &d, t);
	char *q = sqlite3_mprintf("SELECT count(*) FROM audit_log WHERE action = 'desk.enrol' AND desk_id = '%q'"
		" AND actor_id = '%q' AND json_extract(args, '$.code') = '%q' AND json_extract(args, '$.desk_id') = '%q'"
		" AND json_extract(args, '$.login') = 'rev.officer'", d.id, f.rev_officer.user_id, d.code, d.id);
	ck_assert_int_eq(query_int(&f, q), 1);
	sqlite3_free(q);
	q = sqlite3_mprintf("SELECT count(*) FROM desk WHERE id = '%q' AND code = '%q' AND department_id = '%q'", d.id,
		d.code, f.rev_officer.department_id);
	ck_assert_int_eq(query_int(&f, q), 1);
	sqlite3_free(q);
	long long desks = query_int(&f, "SELECT count(*) FROM desk"), audit = query_int(&f, "SELECT count(*) FROM audit_log");
	json_t *args = json_pack("{s:s, s:s}", "desk_id", "0190a0b0-0000-7000-8000-000000000001", "name", "pushed");
	ck_assert_int_eq(zila_action_run(f.db, &f.rev_officer, "desk.enrol", args, NULL, NULL, &err), ZILA_EDENIED);
	ck_assert_ptr_nonnull(strstr(err.msg, "zila enrol"));
	json_decref(args);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM desk"), desks);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log"), audit);
	fixture_close(&f);
}
END_TEST

START_TEST(push_exactly_once)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk d;
	char tok[ZILA_TOKEN_HEX + 1];
	json_t *reply;
	int http;
	fixture_server_open(&f);
	enrol(&f, "admin", &d, tok);
	json_t *batch = json_pack("{s:[o, o, o]}", "entries", dept_entry(1, "EDU", f.admin.user_id),
		dept_entry(2, "AGRI", f.admin.user_id), dept_entry(3, "FOOD", f.admin.user_id));
	ck_assert_msg(zilad_push(f.db, &d, batch, &reply, &http, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(http, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 3);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 0);
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department"), 7);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM change_log WHERE tbl = 'department'"), 7);
	/* the same ids as the desk made: derived from the mutation id */
	long long audit = query_int(&f, "SELECT count(*) FROM audit_log");
	char *before = db_digest(&f);
	ck_assert_int_eq(zilad_push(f.db, &d, batch, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 3);
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log"), audit);
	/* a gap */
	json_t *gap = json_pack("{s:[o]}", "entries", dept_entry(5, "GAP", f.admin.user_id));
	ck_assert_int_eq(zilad_push(f.db, &d, gap, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 409);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 3);
	json_decref(reply);
	json_decref(gap);
	/* number 2 again, but another action: a restored desk */
	json_t *reuse = json_pack("{s:[o]}", "entries", dept_entry(2, "OTHER", f.admin.user_id));
	ck_assert_int_eq(zilad_push(f.db, &d, reuse, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 409);
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(reply, "error")), "restored"));
	json_decref(reply);
	json_decref(reuse);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	json_decref(batch);
	fixture_close(&f);
}
END_TEST

/* A rejected action uses up its number with code and message, does not
 * hold up the ones behind it, and a repeat gets the same rejection. */
START_TEST(push_rejection_uses_its_number)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk d;
	char tok[ZILA_TOKEN_HEX + 1];
	json_t *reply;
	int http;
	fixture_server_open(&f);
	enrol(&f, "clerk", &d, tok);
	json_t *batch = json_pack("{s:[o, o, o]}", "entries",
		dept_entry(1, "EDU", f.clerk.user_id),                       /* a clerk may not */
		dept_entry(2, "AGRI", f.admin.user_id),                      /* pushed from this desk as admin */
		entry(3, "master.category", json_pack("{s:s, s:s, s:s, s:i}", "code", "X1", "name_en", "X",
			"department", "NOPE", "days", 3), f.admin.user_id)); /* no such department */
	ck_assert_int_eq(zilad_push(f.db, &d, batch, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 3);
	json_t *rej = json_object_get(reply, "rejected");
	ck_assert_int_eq(json_array_size(rej), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(rej, 0), "client_seq")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rej, 0), "code")), "denied");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rej, 1), "code")), "invalid");
	ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(json_array_get(rej, 1), "message")), "NOPE"));
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code IN ('EDU', 'AGRI')"), 1);
	/* again: the same answer, nothing more written */
	ck_assert_int_eq(zilad_push(f.db, &d, batch, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 2);
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger"), 3);
	/* an unknown user is a rejection too: nobody's signature */
	json_t *ghost = json_pack("{s:[o]}", "entries", dept_entry(4, "GHO", "01930000-0000-7000-8000-000000000000"));
	ck_assert_int_eq(zilad_push(f.db, &d, ghost, &reply, &http, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(reply, "rejected"), 0), "code")),
		"signature");
	json_decref(reply);
	json_decref(ghost);
	json_decref(batch);
	fixture_close(&f);
}
END_TEST

START_TEST(push_bad_bodies_change_nothing)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk d;
	char tok[ZILA_TOKEN_HEX + 1];
	json_t *reply;
	int http;
	fixture_server_open(&f);
	enrol(&f, "admin", &d, tok);
	char *before = db_digest(&f);
	const char *bad[] = {
		"{}",
		"{\"entries\": []}",
		"{\"entries\": {}}",
		"{\"entries\": [1]}",
		"{\"entries\": [{\"client_seq\": \"1\"}]}",
		"{\"entries\": [{\"client_seq\": 1, \"mutation_id\": \"x\", \"action\": \"master.block\", \"args\": {},"
		" \"actor_id\": \"a\", \"client_time\": \"t\"}]}",
		"{\"entries\": [{\"client_seq\": 1, \"mutation_id\": \"01930000-0000-7000-8000-000000000000\","
		" \"action\": \"no.such\", \"args\": {}, \"actor_id\": \"a\", \"client_time\": \"t\"}]}",
		"{\"entries\": [{\"client_seq\": 1, \"mutation_id\": \"01930000-0000-7000-8000-000000000000\","
		" \"action\": \"master.block\", \"args\": [], \"actor_id\": \"a\", \"client_time\": \"t\"}]}",
		"{\"entries\": [{\"client_seq\": 1, \"mutation_id\": \"01930000-0000-7000-8000-000000000000\","
		" \"action\": \"master.block\", \"args\": {}, \"actor_id\": \"a\", \"client_time\": \"t\", \"extra\": 1}]}",
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(bad); i++) {
		json_t *body = json_loads(bad[i], 0, NULL);
		ck_assert_ptr_nonnull(body);
		ck_assert_msg(zilad_push(f.db, &d, body, &reply, &http, &err) == ZILA_EINVAL, "accepted %s", bad[i]);
		ck_assert_int_eq(http, 400);
		ck_assert(err.msg[0]);
		json_decref(body);
	}
	/* not following on: 1 then 3 */
	json_t *skip = json_pack("{s:[o, o]}", "entries", dept_entry(1, "EDU", f.admin.user_id), dept_entry(3, "AGR", f.admin.user_id));
	ck_assert_int_eq(zilad_push(f.db, &d, skip, &reply, &http, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "entries[1].client_seq"));
	json_decref(skip);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

/* Rows go only to the office that may see them; a department's desk gets
 * its department's grievances (and their events), the Collectorate's
 * desk gets all; /v3/rows tells gone from hidden. */
/* The module rows (module.h) hold together, so a slip in a new module's
 * row fails here rather than on a desk: every synced table has the columns
 * sync needs and the key column its row names, its record is a synced
 * table before it (parents first), and zilad's reader made from its
 * visibility runs for the Collectorate's desk and a department's. */
START_TEST(module_rows_hold_together)
{
	static const struct { const char *table, *record, *key; } rows[] = {
#define ROW(t, record, key, ...) { #t, #record, #key },
		ZILA_SYNC_TABLES(ROW)
#undef ROW
	};
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk all, rev;
	char t1[ZILA_TOKEN_HEX + 1], t2[ZILA_TOKEN_HEX + 1];
	fixture_server_open(&f);
	enrol(&f, "clerk", &all, t1);
	enrol(&f, "rev.officer", &rev, t2);
	ck_assert_int_eq((int)(sizeof rows / sizeof rows[0]), zila_sync_table_count());
	json_t *want = json_array();
	for (int i = 0; i < zila_sync_table_count(); i++) {
		ck_assert_str_eq(rows[i].table, zila_sync_table_name(i));
		int rec = zila_sync_table_index(rows[i].record);
		ck_assert_msg(rec >= 0 && rec <= i, "%s: its record %s is not a synced table before it", rows[i].table,
			rows[i].record);
		const char *cols[] = { "id", "version", "created_at", "updated_at", rows[i].key };
		for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
			char *q = sqlite3_mprintf("SELECT count(*) FROM pragma_table_xinfo('%q') WHERE name = '%q'", rows[i].table,
				cols[c]);
			ck_assert_msg(query_int(&f, q) == 1, "%s has no column %s", rows[i].table, cols[c]);
			sqlite3_free(q);
		}
		json_array_append_new(want, json_pack("{s:s, s:s}", "t", rows[i].table, "id", "no-such-row"));
	}
	json_t *body = json_pack("{s:o}", "rows", want), *reply = NULL;
	const struct zilad_desk *desks[] = { &all, &rev };
	for (size_t d = 0; d < 2; d++) {
		ck_assert_msg(zilad_rows(f.db, desks[d], body, &reply, &err) == ZILA_OK, "%s", err.msg);
		ck_assert_int_eq((int)json_array_size(json_object_get(reply, "gone")), zila_sync_table_count());
		json_decref(reply);
	}
	json_decref(body);
	fixture_close(&f);
}
END_TEST

START_TEST(pull_sees_only_the_office)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk all, rev;
	char t1[ZILA_TOKEN_HEX + 1], t2[ZILA_TOKEN_HEX + 1];
	json_t *reply;
	int http;
	fixture_server_open(&f);
	enrol(&f, "clerk", &all, t1);
	enrol(&f, "rev.officer", &rev, t2);
	/* two grievances written straight into the tables: the modules'
	 * actions are not needed to test who sees what */
	const char *sql =
		"INSERT INTO grievance(id, created_at, updated_at, number, citizen_name, category_id, department_id, description,"
		" registered_on, due_date, created_by)"
		" SELECT 'g-rev', 't', 't', 'DRG/G/07/2026/000001', 'A', c.id, c.department_id, 'd', '2026-11-20', '2026-12-20', u.id"
		" FROM category c, app_user u WHERE c.code = 'LAND' AND u.login = 'clerk';"
		"INSERT INTO grievance(id, created_at, updated_at, number, citizen_name, category_id, department_id, description,"
		" registered_on, due_date, created_by)"
		" SELECT 'g-pwd', 't', 't', 'DRG/G/07/2026/000002', 'B', c.id, c.department_id, 'd', '2026-11-20', '2026-12-05', u.id"
		" FROM category c, app_user u WHERE c.code = 'ROAD' AND u.login = 'clerk';"
		"INSERT INTO grievance_event(id, grievance_id, kind, actor_id, at)"
		" VALUES ('e-pwd', 'g-pwd', 'registered', 'x', 't');";
	ck_assert_msg(sqlite3_exec(zila_db_handle(f.db), sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(zila_db_handle(f.db)));
	long long users = query_int(&f, "SELECT count(*) FROM app_user");
	for (int which = 0; which < 2; which++) {
		const struct zilad_desk *d = which ? &rev : &all;
		ck_assert_int_eq(pull_page(f.db, d, 0, 10000, false, &reply, &http, &err), ZILA_OK);
		ck_assert_int_eq(http, 200);
		ck_assert(!json_is_true(json_object_get(reply, "more")));
		int griev = 0, ev = 0, usr = 0;
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(reply, "rows"), i, r) {
			const char *t = json_string_value(json_object_get(r, "t"));
			griev += strcmp(t, "grievance") == 0;
			ev += strcmp(t, "grievance_event") == 0;
			usr += strcmp(t, "app_user") == 0;
		}
		ck_assert_int_eq(griev, which ? 1 : 2);
		ck_assert_int_eq(ev, which ? 0 : 1);
		ck_assert_int_eq(usr, users); /* everyone logs in offline */
		json_decref(reply);
	}
	/* paging: pages of 5 end where the log ends, cursor moving */
	long long cursor = 0, total = 0;
	for (int pages = 0; pages < 100; pages++) {
		ck_assert_int_eq(pull_page(f.db, &all, cursor, 5, false, &reply, &http, &err), ZILA_OK);
		total += (long long)json_array_size(json_object_get(reply, "rows"));
		long long next = json_integer_value(json_object_get(reply, "cursor"));
		bool more = json_is_true(json_object_get(reply, "more"));
		json_decref(reply);
		ck_assert_int_ge(next, cursor);
		cursor = next;
		if (!more)
			break;
	}
	ck_assert_int_eq(total, query_int(&f, "SELECT count(*) FROM change_log"));
	/* a cursor the server never gave: 410, but a snapshot goes on */
	ck_assert_int_eq(pull_page(f.db, &all, cursor + 1000, 5, false, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 410);
	json_decref(reply);
	ck_assert_int_eq(pull_page(f.db, &all, cursor + 1000, 5, true, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 200);
	json_decref(reply);
	/* rows: the other department's grievance is neither sent nor "gone" */
	json_t *ask = json_pack("{s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}", "rows", "t", "grievance", "id", "g-rev",
		"t", "grievance", "id", "g-pwd", "t", "grievance", "id", "g-none");
	ck_assert_int_eq(zilad_rows(f.db, &rev, ask, &reply, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rows")), 1);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "gone")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(reply, "gone"), 0), "id")), "g-none");
	json_decref(reply);
	json_decref(ask);
	ask = json_pack("{s:[{s:s, s:s}]}", "rows", "t", "audit_log", "id", "1");
	ck_assert_int_eq(zilad_rows(f.db, &rev, ask, &reply, &err), ZILA_EINVAL);
	json_decref(ask);
	/* a transfer to REV brings the grievance and its old events to REV */
	long long before = cursor;
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db), "UPDATE grievance SET department_id = "
		"(SELECT id FROM department WHERE code = 'REV') WHERE id = 'g-pwd'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(pull_page(f.db, &rev, before, 100, false, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rows")), 2);
	json_decref(reply);
	fixture_close(&f);
}
END_TEST

START_TEST(pull_rows_as_text_are_the_rows)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk all;
	char t1[ZILA_TOKEN_HEX + 1];
	json_t *reply;
	int http;
	fixture_server_open(&f);
	enrol(&f, "clerk", &all, t1);
	/* zilad writes a page's rows as text itself: every kind of value a
	 * column holds must come out as the row read whole (zila_row_json) */
	const char *sql =
		"INSERT INTO grievance(id, created_at, updated_at, number, citizen_name, category_id, department_id, description,"
		" registered_on, due_date, created_by, lat, lon, rating, address, subject)"
		" SELECT 'g-odd', 't', 't', 'DRG/G/07/2026/000009', 'Ram \"Bhai\" \\ Verma', c.id, c.department_id,"
		" 'line one' || char(10) || 'tab' || char(9) || 'bell' || char(7) || char(31) || ' सड़क 🚰 /x' || char(127),"
		" '2026-11-20', '2026-12-20', u.id, 21.1904, 81.0, NULL, '', char(13) || char(8) || char(12)"
		" FROM category c, app_user u WHERE c.code = 'LAND' AND u.login = 'clerk';"
		"INSERT INTO grievance(id, created_at, updated_at, number, citizen_name, category_id, department_id, description,"
		" registered_on, due_date, created_by, lat, lon)"
		" SELECT 'g-small', 't', 't', 'DRG/G/07/2026/000010', 'B', c.id, c.department_id, 'd', '2026-11-20',"
		" '2026-12-05', u.id, 1e-7, -1.5e300 FROM category c, app_user u WHERE c.code = 'ROAD' AND u.login = 'clerk';";
	ck_assert_msg(sqlite3_exec(zila_db_handle(f.db), sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(zila_db_handle(f.db)));
	ck_assert_int_eq(pull_page(f.db, &all, 0, 10000, false, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 200);
	int seen = 0;
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(reply, "rows"), i, item) {
		if (strcmp(json_string_value(json_object_get(item, "t")), "grievance") != 0)
			continue;
		json_t *r = json_object_get(item, "r"), *whole;
		sqlite3_stmt *st = zila_db_stmt(f.db, "SELECT * FROM grievance WHERE id = ?1", &err);
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(r, "id")), -1, SQLITE_TRANSIENT);
		ck_assert_int_eq(zila_query_one(f.db, st, &whole, "grievance", &err), ZILA_OK);
		char *a = json_dumps(r, JSON_COMPACT), *b = json_dumps(whole, JSON_COMPACT);
		ck_assert_msg(json_equal(r, whole), "pulled %s\nstored %s", a, b);
		ck_assert_str_eq(a, b); /* the same columns in the same order */
		free(a);
		free(b);
		json_decref(whole);
		seen++;
	}
	ck_assert_int_eq(seen, 2);
	json_decref(reply);
	/* text that is not UTF-8 cannot be JSON: the page fails, saying so */
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db), "UPDATE grievance SET subject = CAST(x'41ff42' AS TEXT)"
		" WHERE id = 'g-small'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(pull_page(f.db, &all, 0, 10000, false, &reply, &http, &err), ZILA_EDB);
	ck_assert_int_eq(http, 500);
	ck_assert_ptr_null(reply);
	ck_assert_msg(strstr(err.msg, "UTF-8"), "%s", err.msg);
	fixture_close(&f);
}
END_TEST

/* An event's version and times are derived from its at (db/029), not
 * stored: zilad's pull still sends them, in their places (the wire of
 * protocol 3 is unchanged), and a desk applies such a row, writing only
 * the stored columns; a row without one of them, or with a column the
 * desk lacks, is still refused as one from a newer zilad. */
START_TEST(event_rows_carry_their_derived_columns)
{
	struct fixture f, d;
	struct zila_err err = { 0 };
	struct zilad_desk all;
	char t1[ZILA_TOKEN_HEX + 1];
	json_t *reply;
	int http;
	fixture_server_open(&f);
	enrol(&f, "clerk", &all, t1);
	const char *sql =
		"INSERT INTO grievance(id, created_at, updated_at, number, citizen_name, category_id, department_id, description,"
		" registered_on, due_date, created_by)"
		" SELECT 'g-ev', 't', 't', 'DRG/G/07/2026/000011', 'A', c.id, c.department_id, 'd', '2026-11-20', '2026-12-20', u.id"
		" FROM category c, app_user u WHERE c.code = 'LAND' AND u.login = 'clerk';"
		"INSERT INTO grievance_event(id, grievance_id, kind, to_status, actor_id, at, desk_id)"
		" VALUES ('e-ev', 'g-ev', 'registered', 'registered', 'x', '2026-11-20T06:00:00Z', 'k');";
	ck_assert_msg(sqlite3_exec(zila_db_handle(f.db), sql, NULL, NULL, NULL) == SQLITE_OK, "%s",
		sqlite3_errmsg(zila_db_handle(f.db)));
	ck_assert_int_eq(pull_page(f.db, &all, 0, 10000, false, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 200);
	json_t *rows = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(reply, "rows"), i, item) {
		json_t *r = json_object_get(item, "r");
		const char *id = json_string_value(json_object_get(r, "id"));
		if (id && (strcmp(id, "g-ev") == 0 || strcmp(id, "e-ev") == 0))
			json_array_append(rows, item);
	}
	ck_assert_int_eq((int)json_array_size(rows), 2);
	json_t *ev = json_object_get(json_array_get(rows, 1), "r");
	char *text = json_dumps(ev, JSON_COMPACT);
	ck_assert_str_eq(text, "{\"id\":\"e-ev\",\"version\":1,\"created_at\":\"2026-11-20T06:00:00Z\","
		"\"updated_at\":\"2026-11-20T06:00:00Z\",\"grievance_id\":\"g-ev\",\"kind\":\"registered\","
		"\"from_status\":null,\"to_status\":\"registered\",\"from_department_id\":null,\"to_department_id\":null,"
		"\"note\":\"\",\"visibility\":\"public\",\"rating\":null,\"actor_id\":\"x\",\"at\":\"2026-11-20T06:00:00Z\","
		"\"desk_id\":\"k\"}");
	free(text);

	fixture_open(&d);
	apply_mode(d.db, true);
	ck_assert_msg(apply_rows(d.db, rows, NULL, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&d, "SELECT count(*) FROM grievance_event WHERE id = 'e-ev' AND version = 1"
		" AND created_at = '2026-11-20T06:00:00Z' AND updated_at = at AND desk_id = 'k'"), 1);
	/* the same row again changes nothing */
	ck_assert_msg(apply_rows(d.db, rows, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_object_set_new(ev, "id", json_string("e-ev2"));
	json_object_del(ev, "created_at");
	json_object_set_new(ev, "created_on", json_string("2026-11-20"));
	ck_assert_int_eq(apply_rows(d.db, rows, NULL, &err), ZILA_EVERSION);
	ck_assert_msg(strstr(err.msg, "without created_at"), "%s", err.msg);
	json_object_del(ev, "created_on");
	ck_assert_int_eq(apply_rows(d.db, rows, NULL, &err), ZILA_EVERSION);
	ck_assert_int_eq(query_int(&d, "SELECT count(*) FROM grievance_event WHERE id = 'e-ev2'"), 0);
	apply_mode(d.db, false);
	fixture_close(&d);
	json_decref(rows);
	json_decref(reply);
	fixture_close(&f);
}
END_TEST

START_TEST(savepoint_undoes_only_its_part)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	long long depts = query_int(&f, "SELECT count(*) FROM department");
	ck_assert_int_eq(zila_db_begin(f.db, &err), ZILA_OK);
	ck_assert_int_eq(zila_db_savepoint(f.db, &err), ZILA_OK);
	json_t *bad = json_pack("{s:s}", "code", "x y");
	ck_assert_int_ne(run_action(&f, &f.admin, "master.department", bad, NULL, &err), ZILA_OK);
	ck_assert_int_eq(zila_db_release(f.db, false, &err), ZILA_OK);
	ck_assert_int_eq(zila_db_savepoint(f.db, &err), ZILA_OK);
	json_t *good = json_pack("{s:s, s:s}", "code", "EDU", "name_en", "Education");
	ck_assert_int_eq(run_action(&f, &f.admin, "master.department", good, NULL, &err), ZILA_OK);
	ck_assert_int_eq(zila_db_release(f.db, true, &err), ZILA_OK);
	/* keeping a savepoint whose inside failed is refused, and undone */
	ck_assert_int_eq(zila_db_savepoint(f.db, &err), ZILA_OK);
	ck_assert_int_ne(run_action(&f, &f.admin, "master.department", bad, NULL, &err), ZILA_OK);
	ck_assert_int_eq(zila_db_release(f.db, true, &err), ZILA_EDB);
	ck_assert_int_eq(zila_db_end(f.db, true, &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department"), depts + 1);
	ck_assert_int_eq(zila_db_release(f.db, true, &err), ZILA_EDB);
	json_decref(bad);
	json_decref(good);
	fixture_close(&f);
}
END_TEST

/* zilad searches nothing, so its database keeps no full-text index: an
 * older server database (made with the search triggers, its index full)
 * loses the triggers and the index on the next start, keeps the empty
 * tables and its change-log triggers; new work writes no index; a second
 * start finds nothing to do. A record is found by its number as before. */
static void
register_noted(struct fixture *f, const char *citizen)
{
	struct zila_err err = { 0 };
	json_t *res = NULL, *args = json_pack("{s:s, s:s, s:s}", "citizen_name", citizen, "description",
		"The hand pump has given no water", "category", "WATER");
	ck_assert_msg(run_action(f, &f->clerk, "grievance.register", args, &res, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	args = json_pack("{s:s, s:s}", "grievance", json_string_value(json_object_get(res, "number")), "note",
		"the citizen called again");
	ck_assert_msg(run_action(f, &f->clerk, "grievance.note", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	json_decref(res);
}

#define FTS_TRIGGERS "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%\\_fts%' ESCAPE '\\'"

START_TEST(server_keeps_no_search_index)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	ck_assert_int_eq(zila_init_server(f.db, &err), ZILA_OK);
	zila_db_close(&f.db);
	ck_assert_int_eq(zila_db_open(f.path, 0, &f.db, &err), ZILA_OK);
	register_noted(&f, "Asha Devi");
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance_fts WHERE grievance_fts MATCH 'Asha'"), 1);
	ck_assert_int_ge(query_int(&f, FTS_TRIGGERS), 7);
	ck_assert_msg(zilad_store_check(f.db, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, FTS_TRIGGERS), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_schema WHERE name IN ('grievance_fts', 'letter_fts')"), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance_fts"), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance_fts WHERE grievance_fts MATCH 'Asha'"), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_schema WHERE name = 'log_grievance_i'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance"), 1);
	/* new work: the records and their change log, no index */
	long long logged = query_int(&f, "SELECT count(*) FROM change_log");
	register_noted(&f, "Ramesh Kumar");
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance"), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance_event WHERE note <> ''"), 2);
	ck_assert_int_gt(query_int(&f, "SELECT count(*) FROM change_log"), logged);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance_fts"), 0);
	/* the next start: nothing to do, nothing lost */
	ck_assert_msg(zilad_store_check(f.db, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, FTS_TRIGGERS), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_schema WHERE name IN ('grievance_fts', 'letter_fts')"), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance"), 2);
	fixture_close(&f);
}
END_TEST

/* A server database whose triggers are older (the change-log update
 * trigger and the notify trigger with IN lists, which cost a temporary
 * b-tree per row) gets them made anew on the next start, once; they log
 * and queue as before. */
START_TEST(server_triggers_are_renewed)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_server_open(&f);
	ck_assert_int_eq(zila_db_exec(f.db, "DROP TRIGGER log_grievance_u;"
		"CREATE TRIGGER log_grievance_u AFTER UPDATE ON grievance BEGIN"
		" DELETE FROM change_log WHERE tbl = 'grievance' AND row_id IN (old.id, new.id);"
		" INSERT INTO change_log(tbl, row_id) VALUES ('grievance', new.id); END;"
		"DROP TRIGGER notify_grievance_event;"
		"CREATE TRIGGER notify_grievance_event AFTER INSERT ON grievance_event"
		" WHEN new.kind IN ('registered', 'transferred', 'disposed', 'appealed', 'appeal_disposed') BEGIN"
		" INSERT OR IGNORE INTO citizen_message(event_id, grievance_id, kind, queued_at)"
		"  SELECT new.id, new.grievance_id, new.kind, new.at"
		"  FROM grievance g WHERE g.id = new.grievance_id AND g.mobile <> ''; END;"
		"DELETE FROM meta WHERE key = 'server_triggers'", &err), ZILA_OK);
	ck_assert_msg(zilad_store_check(f.db, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '% IN (%'"
		" AND name IN ('log_grievance_u', 'notify_grievance_event')"), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
		" AND name IN ('log_grievance_u', 'notify_grievance_event')"), 2);
	/* what they do is the same: an update moves the row's one entry to
	 * the end, a registration with a mobile queues its message */
	json_t *res = NULL, *args = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "Asha", "description", "The record is wrong",
		"category", "LAND", "mobile", "9876543210");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, &res, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM citizen_message"), 1);
	long long before = query_int(&f, "SELECT server_seq FROM change_log WHERE tbl = 'grievance'");
	json_decref(args);
	args = json_pack("{s:s, s:s}", "grievance", json_string_value(json_object_get(res, "number")), "officer",
		"rev.officer");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.assign", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM change_log WHERE tbl = 'grievance'"), 1);
	ck_assert_int_gt(query_int(&f, "SELECT server_seq FROM change_log WHERE tbl = 'grievance'"), before);
	/* the next start leaves them be */
	long long schema = query_int(&f, "PRAGMA schema_version");
	ck_assert_msg(zilad_store_check(f.db, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "PRAGMA schema_version"), schema);
	json_decref(args);
	json_decref(res);
	fixture_close(&f);
}
END_TEST

/* A group of 2,000 grievance registrations from one desk (bench/sync's
 * groups) is applied whole, with SQLite's sub-journal spilling to a file
 * only past 1 MiB, the size at which SQLite 3.40 fails the statement that
 * spills ("database or disk is full"). The sub-journal stays in memory
 * and holds one action's pages at a time (group.c): SQLite's memory
 * grows by less than 1 MiB while a group is written (about 0.4 MiB),
 * where a savepoint around the push kept every page the push changed,
 * and its actions' copies (2.5 MiB, and it grows with the group). */
#define BIG_GROUP 2000
START_TEST(a_big_push_group_keeps_a_small_journal)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk d;
	char tok[ZILA_TOKEN_HEX + 1];
	json_t *reply = NULL;
	int http;
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	/* before SQLite starts: this test's process (or, without fork, the
	 * suite's, set back at the end) */
	sqlite3_shutdown();
	ck_assert_int_eq(sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 1 << 20), SQLITE_OK);
	sqlite3_initialize();
	fixture_server_open(&f);
	ck_assert_int_eq(zila_db_exec(f.db, "PRAGMA cache_size = -2000", &err), ZILA_OK);
	enrol(&f, "clerk", &d, tok);
	/* two groups: the second's pushes change pages the first wrote, which
	 * a savepoint of the push has to keep for its undo */
	struct zilad_group *g = zilad_group_new(&lock);
	sqlite3_int64 used, peak, grew = 0;
	for (int half = 0; half < 2; half++) {
		json_t *entries = json_array();
		for (int i = half * BIG_GROUP + 1; i <= (half + 1) * BIG_GROUP; i++) {
			char name[40];
			snprintf(name, sizeof name, "Citizen %d", i);
			json_array_append_new(entries, entry(i, "grievance.register", json_pack("{s:s, s:s, s:s}", "citizen_name",
				name, "description", "The hand pump of the ward has given no water for a week", "category", "WATER"),
				f.clerk.user_id));
		}
		json_t *body = json_pack("{s:o}", "entries", entries);
		sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &peak, 1);
		sqlite3_int64 start = used;
		ck_assert_msg(zilad_group_push(g, f.db, &d, body, &reply, &http, &err) == ZILA_OK, "%s", err.msg);
		sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &peak, 0);
		if (half == 1) /* the page cache filled in the first */
			grew = peak - start;
		ck_assert_int_eq(http, 200);
		ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), (half + 1) * BIG_GROUP);
		ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 0);
		json_decref(reply);
		json_decref(body);
	}
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance"), 2 * BIG_GROUP);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger WHERE state = 'applied'"), 2 * BIG_GROUP);
	ck_assert_msg(grew < 1 << 20, "SQLite's memory grew by %lld KiB while a group was written", (long long)grew / 1024);
	zilad_group_free(&g);
	fixture_close(&f);
	sqlite3_shutdown();
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 64 << 10);
	sqlite3_initialize();
}
END_TEST

/* A push that fails half way in a group (a database error, here its
 * second entry's ledger row) is undone whole: its first entry, applied
 * before, is not kept; the desk's next push applies both, once. */
START_TEST(a_failed_push_in_a_group_is_undone_whole)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_desk d;
	char tok[ZILA_TOKEN_HEX + 1];
	json_t *reply = NULL;
	int http;
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	fixture_server_open(&f);
	enrol(&f, "admin", &d, tok);
	long long depts = query_int(&f, "SELECT count(*) FROM department");
	ck_assert_int_eq(zila_db_exec(f.db, "CREATE TRIGGER fail_second BEFORE INSERT ON push_ledger WHEN new.client_seq = 2"
		" BEGIN SELECT RAISE(ABORT, 'the disk broke'); END", &err), ZILA_OK);
	json_t *body = json_pack("{s:[o, o]}", "entries", dept_entry(1, "EDU", f.admin.user_id),
		dept_entry(2, "AGRI", f.admin.user_id));
	struct zilad_group *g = zilad_group_new(&lock);
	ck_assert_int_ne(zilad_group_push(g, f.db, &d, body, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 500);
	ck_assert_ptr_null(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department"), depts);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger"), 0);
	ck_assert_int_eq(zila_db_exec(f.db, "DROP TRIGGER fail_second", &err), ZILA_OK);
	ck_assert_msg(zilad_group_push(g, f.db, &d, body, &reply, &http, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(http, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department"), depts + 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger"), 2);
	json_decref(reply);
	json_decref(body);
	zilad_group_free(&g);
	fixture_close(&f);
}
END_TEST

Suite *
sync_suite(void)
{
	Suite *s = suite_create("sync");
	TCase *tc = tcase_create("server");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, gzip_round_trip_and_limits);
	tcase_add_test(tc, tokens_are_random_and_hashed);
	tcase_add_test(tc, config_is_checked);
	tcase_add_test(tc, enrol_tokens_and_revoke);
	tcase_add_test(tc, enrol_is_an_action_only_zilad_runs);
	tcase_add_test(tc, enrol_sent_again_is_the_same_desk);
	tcase_add_test(tc, push_exactly_once);
	tcase_add_test(tc, push_rejection_uses_its_number);
	tcase_add_test(tc, push_bad_bodies_change_nothing);
	tcase_add_test(tc, pull_sees_only_the_office);
	tcase_add_test(tc, pull_rows_as_text_are_the_rows);
	tcase_add_test(tc, event_rows_carry_their_derived_columns);
	tcase_add_test(tc, module_rows_hold_together);
	tcase_add_test(tc, savepoint_undoes_only_its_part);
	tcase_add_test(tc, server_keeps_no_search_index);
	tcase_add_test(tc, server_triggers_are_renewed);
	tcase_add_test(tc, a_big_push_group_keeps_a_small_journal);
	tcase_add_test(tc, a_failed_push_in_a_group_is_undone_whole);
	suite_add_tcase(s, tc);
	return s;
}
