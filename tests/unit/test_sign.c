/* test_sign.c: users' keys and signed actions (sign.h): the canonical
 * form, that changing any signed field breaks a signature, sealing again
 * on a password change, the outbox's signatures and chain on a desk, and
 * on the server: runs vouched for by one signature, refusals, and old
 * signatures still verifiable after a reset. */
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zila/master.h"
#include "zila/sign.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "../../src/server/zilad.h"

static struct zila_signed
sample(json_t *args)
{
	return (struct zila_signed){ .mutation_id = "01930000-0000-7000-8000-000000000001", .action = "grievance.note",
		.actor_id = "u1", .desk_id = "d1", .client_time = "2026-11-20T06:00:00Z", .prev = "", .args = args,
		.client_seq = 7, .base_version = 3 };
}

START_TEST(canonical_form_is_exact)
{
	json_t *args = json_pack("{s:s, s:{s:i, s:i}, s:s}", "z", "नोट \"q\"", "m", "b", 2, "a", 1, "a", "x");
	struct zila_signed s = sample(args);
	char *c = zila_sign_canonical(&s);
	ck_assert_str_eq(c, "{\"action\":\"grievance.note\",\"actor_id\":\"u1\",\"args\":{\"a\":\"x\",\"m\":{\"a\":1,\"b\":2},"
		"\"z\":\"नोट \\\"q\\\"\"},\"base_version\":3,\"client_seq\":7,\"client_time\":\"2026-11-20T06:00:00Z\","
		"\"desk_id\":\"d1\",\"mutation_id\":\"01930000-0000-7000-8000-000000000001\",\"prev\":\"\"}");
	/* the server parses what the desk sent and makes the same text */
	json_t *back = json_loads(c, 0, NULL);
	struct zila_signed s2 = sample(json_object_get(back, "args"));
	char *c2 = zila_sign_canonical(&s2);
	ck_assert_str_eq(c, c2);
	free(c);
	free(c2);
	json_decref(back);
	json_decref(args);
	s = sample(json_array());
	ck_assert_ptr_null(zila_sign_canonical(&s));
	json_decref(s.args);
}
END_TEST

/* The canonical text made directly is jansson's, byte for byte, for any
 * field: plain ones, and ones jansson must escape or refuse. */
START_TEST(canonical_form_is_jansson_s)
{
	const char *odd[] = { "u1", "", "quote\"d", "back\\slash", "tab\there", "नोट", "\x01", "/slash", "\xff", NULL };
	json_t *args = json_pack("{s:s, s:I, s:[i, s], s:b, s:n, s:f}", "नाम", "a\"b\n", "big", (json_int_t)1 << 60,
		"list", -3, "\x1f", "yes", 1, "none", "x", 0.5);
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		for (int field = 0; field < 6; field++) {
			struct zila_signed s = sample(args);
			const char *v = odd[i];
			const char **f[] = { &s.action, &s.actor_id, &s.client_time, &s.desk_id, &s.mutation_id, &s.prev };
			*f[field] = v;
			s.base_version = -(long long)i;
			s.client_seq = (long long)1 << 40;
			json_t *j = json_pack("{s:s, s:s, s:O, s:I, s:I, s:s, s:s, s:s, s:s}", "action", s.action ? s.action : "",
				"actor_id", s.actor_id ? s.actor_id : "", "args", s.args, "base_version", (json_int_t)s.base_version,
				"client_seq", (json_int_t)s.client_seq, "client_time", s.client_time ? s.client_time : "",
				"desk_id", s.desk_id ? s.desk_id : "", "mutation_id", s.mutation_id ? s.mutation_id : "",
				"prev", s.prev ? s.prev : "");
			char *want = j ? json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT) : NULL, *got = zila_sign_canonical(&s);
			if (want)
				ck_assert_str_eq(got, want);
			else
				ck_assert_ptr_null(got);
			free(want);
			free(got);
			json_decref(j);
		}
	}
	json_decref(args);
}
END_TEST

START_TEST(tampering_any_field_breaks_the_signature)
{
	struct zila_err err = { 0 };
	struct zila_user_key k, other;
	unsigned char sk[64], osk[64];
	char sig[ZILA_SIGN_SIG_HEX + 1];
	ck_assert_int_eq(zila_key_new("password1", &k, sk, &err), ZILA_OK);
	ck_assert_int_eq(zila_key_new("password1", &other, osk, &err), ZILA_OK);
	json_t *args = json_pack("{s:s}", "note", "called the citizen");
	struct zila_signed s = sample(args);
	char *c = zila_sign_canonical(&s);
	zila_sign(sk, c, sig);
	ck_assert(zila_sign_verify(k.pk, c, sig));
	ck_assert(zila_sign_verify_sk(sk, c, sig));
	ck_assert(!zila_sign_verify(other.pk, c, sig)); /* another user's key */
	free(c);
	json_t *args2 = json_pack("{s:s}", "note", "called the citizen.");
	for (int field = 0; field < 10; field++) {
		struct zila_signed t = sample(args);
		switch (field) {
		case 0: t.mutation_id = "01930000-0000-7000-8000-000000000002"; break;
		case 1: t.action = "grievance.dispose"; break;
		case 2: t.actor_id = "u2"; break;
		case 3: t.desk_id = "d2"; break;
		case 4: t.client_time = "2026-11-19T06:00:00Z"; break;
		case 5: t.client_seq = 8; break;
		case 6: t.base_version = 4; break;
		case 7: t.prev = "00"; break;
		case 8: t.args = args2; break;
		case 9: break; /* unchanged: must verify */
		}
		char *tc = zila_sign_canonical(&t);
		ck_assert_msg(zila_sign_verify(k.pk, tc, sig) == (field == 9), "field %d", field);
		free(tc);
	}
	/* a signature changed in one bit is no signature */
	sig[10] = sig[10] == '0' ? '1' : '0';
	c = zila_sign_canonical(&s);
	ck_assert(!zila_sign_verify(k.pk, c, sig));
	ck_assert(!zila_sign_verify(k.pk, c, "zz"));
	free(c);
	json_decref(args);
	json_decref(args2);
}
END_TEST

START_TEST(password_change_seals_the_same_key_again)
{
	struct zila_err err = { 0 };
	struct zila_user_key k, k2, mallory;
	unsigned char sk[64], out[64], msk[64];
	ck_assert_int_eq(zila_key_new("old-password", &k, sk, &err), ZILA_OK);
	ck_assert(zila_sign_hex_ok(k.pk, ZILA_SIGN_PK_HEX) && zila_sign_hex_ok(k.sealed, ZILA_SIGN_SEALED_HEX));
	ck_assert_int_eq(zila_key_unseal(k.salt, k.sealed, k.pk, "old-password", out, &err), ZILA_OK);
	ck_assert_int_eq(memcmp(out, sk, 64), 0);
	ck_assert_int_eq(zila_key_unseal(k.salt, k.sealed, k.pk, "wrong-password", out, &err), ZILA_EAUTH);
	ck_assert_int_eq(zila_key_reseal(sk, "new-password", &k2, &err), ZILA_OK);
	ck_assert_str_eq(k2.pk, k.pk);
	ck_assert_str_eq(k2.key_id, k.key_id);
	ck_assert_str_ne(k2.salt, k.salt);
	ck_assert_int_eq(zila_key_unseal(k2.salt, k2.sealed, k2.pk, "new-password", out, &err), ZILA_OK);
	ck_assert_int_eq(memcmp(out, sk, 64), 0);
	ck_assert_int_eq(zila_key_unseal(k2.salt, k2.sealed, k2.pk, "old-password", out, &err), ZILA_EAUTH);
	/* someone's own sealed key swapped into a user's row opens with their
	 * password, but is not the user's key: refused */
	ck_assert_int_eq(zila_key_new("mallory-pass", &mallory, msk, &err), ZILA_OK);
	ck_assert_int_eq(zila_key_unseal(mallory.salt, mallory.sealed, k.pk, "mallory-pass", out, &err), ZILA_EAUTH);
}
END_TEST

/* A desk signs each action as it queues it, chained to the one before;
 * a row written into the outbox by hand (unsigned) is not vouched for by
 * the next signature of the same user: the chain breaks there. */
static enum zila_status
new_department(struct fixture *f, const struct zila_actor *who, const char *code, struct zila_err *err)
{
	json_t *args = json_pack("{s:s, s:s}", "code", code, "name_en", code);
	enum zila_status st = run_action(f, who, "master.department", args, NULL, err);
	json_decref(args);
	return st;
}

START_TEST(desk_outbox_is_signed_and_chained)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	long long before = query_int(&f, "SELECT count(*) FROM outbox WHERE sig IS NOT NULL AND length(hash) = 64");
	ck_assert_int_eq(new_department(&f, &f.admin, "EDU", &err), ZILA_OK);
	ck_assert_int_eq(new_department(&f, &f.admin, "AGR", &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM outbox WHERE sig IS NOT NULL AND length(hash) = 64"), before + 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM outbox a JOIN outbox b ON b.client_seq = a.client_seq + 1"
		" WHERE b.prev = a.hash AND a.mutation_id IN (SELECT mutation_id FROM outbox ORDER BY client_seq DESC LIMIT 2)"), 1);
	/* a clerk's action between two of the admin's: each user's chain is
	 * their own, the clerk's entry links to no one's and the admin's next
	 * links past it to the admin's own entry before */
	json_t *g = json_pack("{s:s, s:s, s:s}", "citizen_name", "Asha", "description", "pump", "category", "LAND");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", g, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(g);
	ck_assert_int_eq(query_int(&f, "SELECT prev = '' AND sig IS NOT NULL FROM outbox ORDER BY client_seq DESC LIMIT 1"), 1);
	ck_assert_int_eq(new_department(&f, &f.admin, "MIN", &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT b.prev = a.hash FROM outbox a, outbox b WHERE a.client_seq = b.client_seq - 2"
		" AND b.client_seq = (SELECT max(client_seq) FROM outbox)"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM outbox a, outbox b WHERE b.prev = a.hash AND a.actor_id <> b.actor_id"), 0);
	/* a forged row, then the admin's next action */
	ck_assert_int_eq(zila_db_exec(f.db, "INSERT INTO outbox(mutation_id, action, args, actor_id, client_time, prev, hash)"
		" SELECT '01930000-0000-7000-8000-00000000ffff', 'master.department', '{\"code\":\"X\",\"name_en\":\"X\"}',"
		" actor_id, client_time, hash, 'ab' FROM outbox ORDER BY client_seq DESC LIMIT 1", &err), ZILA_OK);
	ck_assert_int_eq(new_department(&f, &f.admin, "FIN", &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT prev = '' FROM outbox ORDER BY client_seq DESC LIMIT 1"), 1);
	/* the entry this desk signed last, its arguments changed by hand
	 * afterwards (its hash and signature kept): the chain breaks too */
	ck_assert_int_eq(new_department(&f, &f.admin, "HLT", &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT prev <> '' FROM outbox ORDER BY client_seq DESC LIMIT 1"), 1);
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE outbox SET args = '{\"code\":\"HLT\",\"name_en\":\"forged\"}'"
		" WHERE client_seq = (SELECT max(client_seq) FROM outbox)", &err), ZILA_OK);
	ck_assert_int_eq(new_department(&f, &f.admin, "IND", &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT prev = '' FROM outbox ORDER BY client_seq DESC LIMIT 1"), 1);
	/* a person without their key (a trusted tool) queues unsigned */
	struct zila_actor tool;
	ck_assert_int_eq(zila_actor_load(f.db, "admin", &tool, &err), ZILA_OK);
	ck_assert_int_eq(new_department(&f, &tool, "GEO", &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT sig IS NULL FROM outbox ORDER BY client_seq DESC LIMIT 1"), 1);
	fixture_close(&f);
}
END_TEST

/* ------------------------------------------------------------- server */

static void
enrol(struct fixture *f, const char *login, struct zilad_desk *desk)
{
	struct zila_err err = { 0 };
	json_t *reply;
	char token[ZILA_TOKEN_HEX + 1];
	ck_assert_msg(zilad_enrol(f->db, login, "password1", "test", "127.0.0.1", &reply, &err) == ZILA_OK, "%s", err.msg);
	snprintf(token, sizeof token, "%s", json_string_value(json_object_get(reply, "token")));
	json_decref(reply);
	ck_assert_int_eq(zilad_auth(f->db, token, desk, &err), ZILA_OK);
}

/* An entry of a new department, chained to prev (its canonical hash into
 * hash); signed with sk when sk is not NULL; prev is sent when send_prev. */
static json_t *
chained(const struct zilad_desk *d, const char *actor_id, long long seq, const char *code, const char *prev,
	bool send_prev, const unsigned char *sk, char *hash)
{
	char mid[40];
	zila_uuid7(mid);
	json_t *e = json_pack("{s:I, s:s, s:s, s:{s:s, s:s}, s:s, s:I, s:s}", "client_seq", (json_int_t)seq,
		"mutation_id", mid, "action", "master.department", "args", "code", code, "name_en", code, "actor_id", actor_id,
		"base_version", (json_int_t)0, "client_time", "2026-11-20T06:00:00Z");
	struct zila_signed s = { .mutation_id = mid, .action = "master.department", .actor_id = actor_id,
		.desk_id = d->id, .client_time = "2026-11-20T06:00:00Z", .prev = prev, .args = json_object_get(e, "args"),
		.client_seq = seq };
	char *c = zila_sign_canonical(&s), sig[ZILA_SIGN_SIG_HEX + 1];
	zila_sign_hash(c, hash);
	if (sk) {
		zila_sign(sk, c, sig);
		json_object_set_new(e, "sig", json_string(sig));
	}
	if (send_prev)
		json_object_set_new(e, "prev", json_string(prev));
	free(c);
	return e;
}

static json_t *
push(struct fixture *f, const struct zilad_desk *d, json_t *entries)
{
	struct zila_err err = { 0 };
	json_t *body = json_pack("{s:o}", "entries", entries), *reply;
	int http;
	ck_assert_msg(zilad_push(f->db, d, body, &reply, &http, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(http, 200);
	json_decref(body);
	return reply;
}

static const char *
rejected_code(json_t *reply, size_t i)
{
	return json_string_value(json_object_get(json_array_get(json_object_get(reply, "rejected"), i), "code"));
}

/* A push cut short (group commit's share, zilad_push_some) applies the
 * first entries of a run on the proof of the signature that ends it, even
 * past the cut; the rest comes in the desk's next push, each once; and a
 * forged entry past the cut still breaks the proof of those before it. */
START_TEST(a_share_of_a_run_is_proved_by_its_end)
{
	struct fixture f;
	struct zilad_desk d;
	struct zila_err err = { 0 };
	char h1[65], h2[65], h3[65], h4[65];
	int http;
	fixture_server_open(&f);
	enrol(&f, "admin", &d);
	const char *admin = f.admin.user_id;
	json_t *e1 = chained(&d, admin, 1, "S1", "", true, NULL, h1);
	json_t *e2 = chained(&d, admin, 2, "S2", h1, false, NULL, h2);
	json_t *e3 = chained(&d, admin, 3, "S3", h2, false, NULL, h3);
	json_t *e4 = chained(&d, admin, 4, "S4", h3, false, f.admin.sign_sk, h4);
	json_t *body = json_pack("{s:[o, o, o, o]}", "entries", e1, e2, e3, e4), *reply;
	ck_assert_msg(zilad_push_some(f.db, &d, body, 2, &reply, &http, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(http, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 2);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 0);
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'S_'"), 2);
	/* the desk sends the batch again: the two are repeats, the rest runs */
	ck_assert_int_eq(zilad_push_some(f.db, &d, body, 1, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 3);
	json_decref(reply);
	ck_assert_int_eq(zilad_push(f.db, &d, body, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 4);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 0);
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'S_'"), 4);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger WHERE signed_by = 4"), 4);
	json_decref(body);
	/* a run whose third entry was changed after signing: the first,
	 * though within the share, is not proved */
	e1 = chained(&d, admin, 5, "T1", h4, true, NULL, h1);
	e2 = chained(&d, admin, 6, "T2", h1, false, NULL, h2);
	e3 = chained(&d, admin, 7, "T3", h2, false, f.admin.sign_sk, h3);
	json_object_set_new(json_object_get(e2, "args"), "name_en", json_string("forged"));
	body = json_pack("{s:[o, o, o]}", "entries", e1, e2, e3);
	ck_assert_int_eq(zilad_push_some(f.db, &d, body, 1, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 5);
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 1);
	ck_assert_str_eq(rejected_code(reply, 0), "signature");
	json_decref(reply);
	json_decref(body);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'T_'"), 0);
	fixture_close(&f);
}
END_TEST

/* Pushes written by group commit are answered as alone: applied, a
 * rejection of its own, a gap (409) undone without touching the others. */
START_TEST(group_commit_answers_each_push)
{
	struct fixture f;
	struct zilad_desk d;
	struct zila_err err = { 0 };
	char h[65], h2[65], h3[65];
	int http;
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	fixture_server_open(&f);
	enrol(&f, "admin", &d);
	struct zilad_group *g = zilad_group_new(&lock);
	json_t *body = json_pack("{s:[o]}", "entries", chained(&d, f.admin.user_id, 1, "G1", "", true, f.admin.sign_sk, h));
	json_t *reply;
	ck_assert_msg(zilad_group_push(g, f.db, &d, body, &reply, &http, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(http, 200);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 1);
	json_decref(reply);
	json_decref(body);
	body = json_pack("{s:[o]}", "entries", chained(&d, f.admin.user_id, 3, "G3", h, true, f.admin.sign_sk, h3));
	ck_assert_int_eq(zilad_group_push(g, f.db, &d, body, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 409);
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 1);
	json_decref(reply);
	json_decref(body);
	body = json_pack("{s:[o]}", "entries", chained(&d, f.admin.user_id, 2, "G2", h, true, NULL, h2));
	ck_assert_int_eq(zilad_group_push(g, f.db, &d, body, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 200);
	ck_assert_str_eq(rejected_code(reply, 0), "signature");
	json_decref(reply);
	json_decref(body);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'G_'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger"), 2);
	zilad_group_free(&g);
	fixture_close(&f);
}
END_TEST

START_TEST(one_signature_vouches_for_a_run)
{
	struct fixture f;
	struct zilad_desk d;
	struct zila_err err = { 0 };
	struct zilad_verify v;
	char h1[65], h2[65], h3[65], h4[65];
	fixture_server_open(&f);
	enrol(&f, "admin", &d);
	const char *admin = f.admin.user_id;
	/* three of the admin's, only the last signed: all run */
	json_t *e1 = chained(&d, admin, 1, "C1", "", true, NULL, h1);
	json_t *e2 = chained(&d, admin, 2, "C2", h1, false, NULL, h2);
	json_t *e3 = chained(&d, admin, 3, "C3", h2, false, f.admin.sign_sk, h3);
	json_t *reply = push(&f, &d, json_pack("[o, o, o]", e1, e2, e3));
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 0);
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'C_'"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger WHERE signed_by = 3 AND key_id IS NOT NULL"), 3);
	/* the same, with the middle one's arguments changed after signing:
	 * the chain no longer reaches it, nor the one before */
	json_t *e4 = chained(&d, admin, 4, "C4", h3, true, NULL, h4);
	json_t *e5 = chained(&d, admin, 5, "C5", h4, false, NULL, h1);
	json_t *e6 = chained(&d, admin, 6, "C6", h1, false, f.admin.sign_sk, h2);
	json_object_set_new(json_object_get(e5, "args"), "name_en", json_string("forged"));
	reply = push(&f, &d, json_pack("[o, o, o]", e4, e5, e6));
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 3);
	ck_assert_str_eq(rejected_code(reply, 0), "signature");
	json_decref(reply);
	/* the clerk's entry may not borrow the admin's signature through a
	 * link (the admin's entry that names it is refused too: a user's chain
	 * never passes through another's), nor the clerk sign for the admin */
	json_t *e7 = chained(&d, f.clerk.user_id, 7, "C7", "", true, NULL, h1);
	json_t *e8 = chained(&d, admin, 8, "C8", h1, true, f.admin.sign_sk, h2);
	json_t *e9 = chained(&d, admin, 9, "C9", h2, false, f.clerk.sign_sk, h3);
	reply = push(&f, &d, json_pack("[o, o, o]", e7, e8, e9));
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 3);
	ck_assert_str_eq(rejected_code(reply, 0), "signature");
	ck_assert_str_eq(rejected_code(reply, 1), "signature");
	ck_assert_str_eq(rejected_code(reply, 2), "signature");
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'C_'"), 3);
	ck_assert_int_eq(zilad_audit_verify(f.db, &v, NULL, &err), ZILA_OK);
	ck_assert_int_eq(v.verified, 3);
	ck_assert_int_eq(v.failed, 0);
	/* a ledger row changed afterwards no longer verifies, nor the one its link vouched for */
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE push_ledger SET signed = replace(signed, 'C2', 'CX') WHERE client_seq = 2",
		&err), ZILA_OK);
	ck_assert_int_eq(zilad_audit_verify(f.db, &v, NULL, &err), ZILA_OK);
	ck_assert_int_eq(v.verified, 1);
	ck_assert_int_eq(v.failed, 2);
	fixture_close(&f);
}
END_TEST

/* An entry of actor's on desk d: a new department for the admin, a new
 * grievance for anyone else (code names it either way), with prev and
 * signed with sk when not NULL; prev is sent when send_prev. */
static json_t *
entry_as(const struct zilad_desk *d, const struct zila_actor *actor, long long seq, const char *code, const char *prev,
	bool send_prev, const unsigned char *sk, char *hash)
{
	char mid[40];
	zila_uuid7(mid);
	bool admin = actor->role == ZILA_ROLE_ADMIN;
	json_t *args = admin ? json_pack("{s:s, s:s}", "code", code, "name_en", code) :
		json_pack("{s:s, s:s, s:s}", "citizen_name", code, "description", "d", "category", "LAND");
	const char *action = admin ? "master.department" : "grievance.register";
	json_t *e = json_pack("{s:I, s:s, s:s, s:o, s:s, s:I, s:s}", "client_seq", (json_int_t)seq, "mutation_id", mid,
		"action", action, "args", args, "actor_id", actor->user_id, "base_version", (json_int_t)0,
		"client_time", "2026-11-20T06:00:00Z");
	struct zila_signed s = { .mutation_id = mid, .action = action, .actor_id = actor->user_id, .desk_id = d->id,
		.client_time = "2026-11-20T06:00:00Z", .prev = prev, .args = args, .client_seq = seq };
	char *c = zila_sign_canonical(&s), sig[ZILA_SIGN_SIG_HEX + 1];
	zila_sign_hash(c, hash);
	if (sk) {
		zila_sign(sk, c, sig);
		json_object_set_new(e, "sig", json_string(sig));
	}
	if (send_prev)
		json_object_set_new(e, "prev", json_string(prev));
	free(c);
	return e;
}

/* How many of the push's refusals name client_seq seq with code. */
static int
refused(json_t *reply, long long seq, const char *code)
{
	size_t i;
	json_t *r;
	int n = 0;
	json_array_foreach(json_object_get(reply, "rejected"), i, r)
		n += json_integer_value(json_object_get(r, "client_seq")) == seq &&
			strcmp(json_string_value(json_object_get(r, "code")), code) == 0;
	return n;
}

/* The message of the refusal of client_seq seq ("" for none). */
static const char *
refusal_message(json_t *reply, long long seq)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(reply, "rejected"), i, r)
		if (json_integer_value(json_object_get(r, "client_seq")) == seq)
			return json_string_value(json_object_get(r, "message"));
	return "";
}

/* Five entries of two users taking turns, from client_seq base + 1: the
 * admin's a1, a2, a3 and the clerk's k1, k2 as a1 k1 a2 k2 a3, each user's
 * chained to their own entry before, only each user's last signed (as a
 * desk of protocol 3 sends them). tag names the records. */
static json_t *
two_users(struct fixture *f, const struct zilad_desk *d, long long base, const char *tag)
{
	char ha1[65], ha2[65], ha3[65], hk1[65], hk2[65], c[5][16];
	for (int i = 0; i < 5; i++)
		snprintf(c[i], sizeof c[i], "%s%d", tag, i + 1);
	/* one at a time: each needs the hash of one before */
	json_t *a1 = entry_as(d, &f->admin, base + 1, c[0], "", false, NULL, ha1);
	json_t *k1 = entry_as(d, &f->clerk, base + 2, c[1], "", false, NULL, hk1);
	json_t *a2 = entry_as(d, &f->admin, base + 3, c[2], ha1, false, NULL, ha2);
	json_t *k2 = entry_as(d, &f->clerk, base + 4, c[3], hk1, false, f->clerk.sign_sk, hk2);
	json_t *a3 = entry_as(d, &f->admin, base + 5, c[4], ha2, false, f->admin.sign_sk, ha3);
	return json_pack("[o, o, o, o, o]", a1, k1, a2, k2, a3);
}

/* Protocol 3: each user's entries on a desk form a chain of their own, so
 * one signature per user covers a push whose users take turns; each
 * action stays verifiable on its own through the links. */
START_TEST(each_user_signs_once_per_push)
{
	struct fixture f;
	struct zilad_desk d;
	struct zila_err err = { 0 };
	struct zilad_verify v;
	fixture_server_open(&f);
	enrol(&f, "clerk", &d);
	json_t *entries = two_users(&f, &d, 0, "P");
	ck_assert_int_eq(json_array_size(entries), 5);
	json_t *reply = push(&f, &d, entries);
	ck_assert_msg(json_array_size(json_object_get(reply, "rejected")) == 0, "%s", refusal_message(reply, 1));
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'P_'"), 3);
	/* each entry is covered by its own user's last signature */
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger WHERE signed_by = 5 AND actor_id ="
		" (SELECT id FROM app_user WHERE login = 'admin')"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger WHERE signed_by = 4 AND actor_id ="
		" (SELECT id FROM app_user WHERE login = 'clerk')"), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM push_ledger WHERE sig IS NOT NULL"), 2);
	ck_assert_int_eq(zilad_audit_verify(f.db, &v, NULL, &err), ZILA_OK);
	ck_assert_int_eq(v.verified, 5);
	ck_assert_int_eq(v.failed, 0);
	/* the audit follows each user's links: the admin's middle entry
	 * changed in the ledger fails, and so does the entry it vouched for;
	 * the clerk's, between them, still verify */
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE push_ledger SET signed = replace(signed, 'P3', 'PX') WHERE client_seq = 3",
		&err), ZILA_OK);
	ck_assert_int_eq(zilad_audit_verify(f.db, &v, NULL, &err), ZILA_OK);
	ck_assert_int_eq(v.verified, 3);
	ck_assert_int_eq(v.failed, 2);
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE push_ledger SET signed = replace(signed, 'PX', 'P3') WHERE client_seq = 3",
		&err), ZILA_OK);
	/* a link made to name another user's entry: the clerk's row claims to
	 * be covered by the admin's signature, and is not */
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE push_ledger SET signed_by = 5 WHERE client_seq = 2", &err), ZILA_OK);
	ck_assert_int_eq(zilad_audit_verify(f.db, &v, NULL, &err), ZILA_OK);
	ck_assert_int_eq(v.failed, 1);
	fixture_close(&f);
}
END_TEST

/* Any field of any covered entry changed after signing breaks its proof
 * (and that of its user's entries before it, which it vouched for); the
 * other user's chain is untouched. */
START_TEST(tampering_a_covered_entry_breaks_its_chain)
{
	struct fixture f;
	struct zilad_desk d, d2;
	fixture_server_open(&f);
	enrol(&f, "clerk", &d);
	enrol(&f, "admin", &d2);
	const char *fields[] = { "mutation_id", "action", "args", "actor_id", "base_version", "client_time", "prev" };
	const int covered[] = { 0, 1, 2 }; /* a1, k1, a2: vouched for by a later signature */
	long long base = 0;
	int round = 0;
	for (size_t fi = 0; fi < sizeof fields / sizeof *fields; fi++)
		for (size_t ci = 0; ci < sizeof covered / sizeof *covered; ci++, base += 5) {
			char tag[8];
			snprintf(tag, sizeof tag, "T%c", 'a' + round++);
			json_t *entries = two_users(&f, &d, base, tag), *x = json_array_get(entries, (size_t)covered[ci]);
			const char *f_ = fields[fi];
			if (strcmp(f_, "mutation_id") == 0) {
				char mid[40];
				zila_uuid7(mid);
				json_object_set_new(x, f_, json_string(mid));
			} else if (strcmp(f_, "action") == 0)
				json_object_set_new(x, f_, json_string(covered[ci] == 1 ? "master.department" : "grievance.register"));
			else if (strcmp(f_, "args") == 0)
				json_object_set_new(json_object_get(x, "args"), covered[ci] == 1 ? "description" : "name_en",
					json_string("forged"));
			else if (strcmp(f_, "actor_id") == 0)
				json_object_set_new(x, f_, json_string(covered[ci] == 1 ? f.admin.user_id : f.clerk.user_id));
			else if (strcmp(f_, "base_version") == 0)
				json_object_set_new(x, f_, json_integer(7));
			else if (strcmp(f_, "client_time") == 0)
				json_object_set_new(x, f_, json_string("2026-11-20T06:00:01Z"));
			else
				json_object_set_new(x, f_, json_string("0000000000000000000000000000000000000000000000000000000000000000"));
			json_t *reply = push(&f, &d, entries);
			ck_assert_msg(refused(reply, base + 1 + covered[ci], "signature") == 1, "%s of entry %d: not refused", f_,
				covered[ci]);
			if (covered[ci] == 2)   /* a2 vouched for a1 */
				ck_assert_msg(refused(reply, base + 1, "signature") == 1, "%s of a2: a1 still ran", f_);
			json_decref(reply);
		}
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE name_en = 'forged'"), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance WHERE description = 'forged'"), 0);
	/* the whole push, untouched, from another desk: desk_id is signed too */
	json_t *reply = push(&f, &d2, two_users(&f, &d2, 0, "W"));
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 0);
	json_decref(reply);
	char h[65];
	json_t *moved = json_pack("[o]", entry_as(&d, &f.admin, 6, "V", "", true, f.admin.sign_sk, h));
	reply = push(&f, &d2, moved);
	ck_assert_int_eq(refused(reply, 6, "signature"), 1);
	json_decref(reply);
	fixture_close(&f);
}
END_TEST

/* The links a hand-made push may try, each refused with its reason: a
 * link to another user's entry, a gap, a reordered chain, an unsigned
 * tail. Nothing of them runs. */
START_TEST(forged_links_are_refused)
{
	struct fixture f;
	struct zilad_desk d;
	char ha1[65], ha2[65], ha3[65], hk1[65];
	fixture_server_open(&f);
	enrol(&f, "clerk", &d);
	long long before = query_int(&f, "SELECT count(*) FROM department") + query_int(&f, "SELECT count(*) FROM grievance");
	/* the clerk's unsigned entry, then the admin's signed one naming it */
	json_t *k1 = entry_as(&d, &f.clerk, 1, "X1", "", false, NULL, hk1);
	json_t *reply = push(&f, &d, json_pack("[o, o]", k1, entry_as(&d, &f.admin, 2, "X2", hk1, true, f.admin.sign_sk, ha1)));
	ck_assert_int_eq(refused(reply, 1, "signature"), 1);
	ck_assert_ptr_nonnull(strstr(refusal_message(reply, 1), "last entry in this push"));
	ck_assert_int_eq(refused(reply, 2, "signature"), 1);
	ck_assert_ptr_nonnull(strstr(refusal_message(reply, 2), "names another user's entry"));
	json_decref(reply);
	/* a gap: a1, then a3 naming an a2 that was not sent */
	json_t *a1 = entry_as(&d, &f.admin, 3, "X3", "", false, NULL, ha1);
	json_decref(entry_as(&d, &f.admin, 4, "X4", ha1, false, NULL, ha2));   /* never sent */
	json_t *a3 = entry_as(&d, &f.admin, 4, "X5", ha2, true, f.admin.sign_sk, ha3);
	reply = push(&f, &d, json_pack("[o, o]", a1, a3));
	ck_assert_int_eq(refused(reply, 3, "signature"), 1);
	ck_assert_ptr_nonnull(strstr(refusal_message(reply, 3), "does not link to it"));
	ck_assert_int_eq(refused(reply, 4, "signature"), 1);
	ck_assert_ptr_nonnull(strstr(refusal_message(reply, 4), "not its user's entry before it"));
	json_decref(reply);
	/* reordered: a chain a1 a2 a3 sent as a2 a1 a3 (each at its own number) */
	json_t *r1 = entry_as(&d, &f.admin, 6, "X6", "", true, NULL, ha1);
	json_t *r2 = entry_as(&d, &f.admin, 5, "X7", ha1, true, NULL, ha2);
	json_t *r3 = entry_as(&d, &f.admin, 7, "X8", ha2, true, f.admin.sign_sk, ha3);
	reply = push(&f, &d, json_pack("[o, o, o]", r2, r1, r3));
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 3);
	json_decref(reply);
	/* an unsigned tail: the user's last entry in the push carries no signature */
	json_t *t1 = entry_as(&d, &f.admin, 8, "X9", "", false, NULL, ha1);
	json_t *t2 = entry_as(&d, &f.admin, 9, "XA", ha1, false, NULL, ha2);
	reply = push(&f, &d, json_pack("[o, o]", t1, t2));
	ck_assert_int_eq(refused(reply, 8, "signature"), 1);
	ck_assert_int_eq(refused(reply, 9, "signature"), 1);
	ck_assert_ptr_nonnull(strstr(refusal_message(reply, 9), "last entry in this push"));
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department") + query_int(&f, "SELECT count(*) FROM grievance"),
		before);
	fixture_close(&f);
}
END_TEST

/* a1 k1 a2 a3 chained desk-wide, as a desk of protocol 2 queued them; a1,
 * k1 signed (another user's entry follows each), a2 vouched for by a3. */
static json_t *
desk_wide(struct fixture *f, const struct zilad_desk *d)
{
	char ha1[65], hk1[65], ha2[65], ha3[65];
	json_t *a1 = entry_as(d, &f->admin, 1, "O1", "", false, f->admin.sign_sk, ha1);
	json_t *k1 = entry_as(d, &f->clerk, 2, "O2", ha1, true, f->clerk.sign_sk, hk1);
	json_t *a2 = entry_as(d, &f->admin, 3, "O3", hk1, true, NULL, ha2);
	json_t *a3 = entry_as(d, &f->admin, 4, "O4", ha2, false, f->admin.sign_sk, ha3);
	return json_pack("{s:[o, o, o, o], s:I}", "entries", a1, k1, a2, a3, "desk_chained_to", (json_int_t)4);
}

/* Entries a desk of protocol 2 queued, chained desk-wide and each signed:
 * after the upgrade they push and verify, their links across users
 * vouching for nothing; without desk_chained_to such links are refused. */
START_TEST(entries_chained_desk_wide_still_push)
{
	struct fixture f;
	struct zilad_desk d;
	struct zila_err err = { 0 };
	struct zilad_verify v;
	fixture_server_open(&f);
	enrol(&f, "clerk", &d);
	json_t *body = desk_wide(&f, &d);
	json_t *copy = json_deep_copy(body), *reply;
	json_decref(body);
	json_object_del(copy, "desk_chained_to");
	int http;
	/* not said to be of protocol 2: the links across users are refused */
	ck_assert_int_eq(zilad_push(f.db, &d, copy, &reply, &http, &err), ZILA_OK);
	ck_assert_int_eq(http, 200);
	ck_assert_int_eq(refused(reply, 2, "signature") + refused(reply, 3, "signature"), 2);
	json_decref(reply);
	json_decref(copy);
	fixture_close(&f);
	fixture_server_open(&f);
	enrol(&f, "clerk", &d);
	body = desk_wide(&f, &d);
	ck_assert_int_eq(zilad_push(f.db, &d, body, &reply, &http, &err), ZILA_OK);
	ck_assert_msg(json_array_size(json_object_get(reply, "rejected")) == 0, "%s", refusal_message(reply, 2));
	json_decref(reply);
	json_decref(body);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'O_'"), 3);
	ck_assert_int_eq(zilad_audit_verify(f.db, &v, NULL, &err), ZILA_OK);
	ck_assert_int_eq(v.verified, 4);
	ck_assert_int_eq(v.failed, 0);
	fixture_close(&f);
}
END_TEST

START_TEST(old_signatures_verify_after_a_reset)
{
	struct fixture f;
	struct zilad_desk d;
	struct zila_err err = { 0 };
	struct zilad_verify v;
	struct zila_user_key k;
	unsigned char sk[64];
	char h[65];
	fixture_server_open(&f);
	enrol(&f, "clerk", &d);
	json_t *reply = push(&f, &d, json_pack("[o]", chained(&d, f.admin.user_id, 1, "R1", "", true, f.admin.sign_sk, h)));
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 0);
	json_decref(reply);
	/* the admin's password is reset: a new key pair */
	ck_assert_int_eq(zila_key_new("reset-pass", &k, sk, &err), ZILA_OK);
	json_t *args = json_pack("{s:s}", "login", "admin");
	zila_key_set_args(args, &k);
	ck_assert_int_eq(run_action(&f, &f.admin, "user.passwd", args, NULL, &err), ZILA_OK);
	json_decref(args);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM user_key u JOIN app_user a ON a.id = u.user_id"
		" WHERE a.login = 'admin'"), 2);
	/* the old key signs no more; the new one does */
	reply = push(&f, &d, json_pack("[o]", chained(&d, f.admin.user_id, 2, "R2", "", true, f.admin.sign_sk, h)));
	ck_assert_str_eq(rejected_code(reply, 0), "signature");
	json_decref(reply);
	reply = push(&f, &d, json_pack("[o]", chained(&d, f.admin.user_id, 3, "R3", "", true, sk, h)));
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 0);
	json_decref(reply);
	/* both applied actions verify, each against the key of its time */
	ck_assert_int_eq(zilad_audit_verify(f.db, &v, NULL, &err), ZILA_OK);
	ck_assert_int_eq(v.verified, 2);
	ck_assert_int_eq(v.failed, 0);
	fixture_close(&f);
}
END_TEST

/* Unsigned and foreign entries, users of another office, a deactivated
 * user: each refused with its code, its number used up. */
START_TEST(server_refuses_what_is_not_proven)
{
	struct fixture f;
	struct zilad_desk rev, coll;
	struct zila_err err = { 0 };
	char h[65];
	fixture_server_open(&f);
	enrol(&f, "rev.officer", &rev);
	enrol(&f, "clerk", &coll);
	json_t *reply = push(&f, &rev, json_pack("[o, o, o]",
		chained(&rev, f.rev_head.user_id, 1, "Z1", "", true, NULL, h),               /* unsigned */
		chained(&rev, f.rev_head.user_id, 2, "Z2", "", true, f.rev_officer.sign_sk, h), /* another's key */
		chained(&rev, f.admin.user_id, 3, "Z3", "", true, f.admin.sign_sk, h)));     /* not of REV */
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 3);
	ck_assert_str_eq(rejected_code(reply, 0), "signature");
	ck_assert_str_eq(rejected_code(reply, 1), "signature");
	ck_assert_str_eq(rejected_code(reply, 2), "denied");
	ck_assert_int_eq(json_integer_value(json_object_get(reply, "last_applied")), 3);
	json_decref(reply);
	/* a deactivated user's actions are refused, and their desk's token too */
	json_t *args = json_pack("{s:s}", "login", "rev.officer");
	ck_assert_int_eq(run_action(&f, &f.admin, "user.deactivate", args, NULL, &err), ZILA_OK);
	json_decref(args);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM desk_token WHERE login = 'rev.officer' AND revoked_at IS NULL"), 0);
	args = json_pack("{s:s}", "login", "clerk");
	ck_assert_int_eq(run_action(&f, &f.admin, "user.deactivate", args, NULL, &err), ZILA_OK);
	ck_assert_int_eq(run_action(&f, &f.admin, "user.deactivate", args, NULL, &err), ZILA_ESTATE);
	json_decref(args);
	reply = push(&f, &coll, json_pack("[o, o]",
		chained(&coll, f.clerk.user_id, 1, "Z4", "", true, f.clerk.sign_sk, h),
		chained(&coll, f.admin.user_id, 2, "Z5", "", true, f.admin.sign_sk, h)));
	ck_assert_int_eq(json_array_size(json_object_get(reply, "rejected")), 1);
	ck_assert_str_eq(rejected_code(reply, 0), "auth");
	json_decref(reply);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM department WHERE code LIKE 'Z_'"), 1);
	fixture_close(&f);
}
END_TEST

Suite *
sign_suite(void)
{
	Suite *s = suite_create("sign");
	TCase *t = tcase_create("keys");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, canonical_form_is_exact);
	tcase_add_test(t, canonical_form_is_jansson_s);
	tcase_add_test(t, tampering_any_field_breaks_the_signature);
	tcase_add_test(t, password_change_seals_the_same_key_again);
	tcase_add_test(t, desk_outbox_is_signed_and_chained);
	suite_add_tcase(s, t);
	t = tcase_create("server");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, one_signature_vouches_for_a_run);
	tcase_add_test(t, a_share_of_a_run_is_proved_by_its_end);
	tcase_add_test(t, group_commit_answers_each_push);
	tcase_add_test(t, old_signatures_verify_after_a_reset);
	tcase_add_test(t, server_refuses_what_is_not_proven);
	tcase_add_test(t, each_user_signs_once_per_push);
	tcase_add_test(t, tampering_a_covered_entry_breaks_its_chain);
	tcase_add_test(t, forged_links_are_refused);
	tcase_add_test(t, entries_chained_desk_wide_still_push);
	suite_add_tcase(s, t);
	return s;
}
