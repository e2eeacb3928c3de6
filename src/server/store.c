/* store.c: the server's database: making it (triggers that keep the
 * change log), the server's own signing identities, enrolment with a
 * throttle on wrong passwords, tokens and desks. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "zila/master.h"
#include "zila/query.h"
#include "zila/sign.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "zilad.h"

/* Every insert or update moves the row's one change-log entry to the end;
 * a delete leaves a tombstone. The SQL is made from constant table names
 * by the preprocessor, never from input. The update trigger looks the two
 * ids up one by one: "row_id IN (old.id, new.id)", as it was, made SQLite
 * fill a temporary b-tree for every updated row. */
#define LOG_TRIGGERS(t, ...) \
	"CREATE TRIGGER IF NOT EXISTS log_" #t "_i AFTER INSERT ON " #t " BEGIN" \
	" DELETE FROM change_log WHERE tbl = '" #t "' AND row_id = new.id;" \
	" INSERT INTO change_log(tbl, row_id) VALUES ('" #t "', new.id); END;" \
	"CREATE TRIGGER IF NOT EXISTS log_" #t "_u AFTER UPDATE ON " #t " BEGIN" \
	" DELETE FROM change_log WHERE tbl = '" #t "' AND row_id = old.id;" \
	" DELETE FROM change_log WHERE tbl = '" #t "' AND row_id = new.id;" \
	" INSERT INTO change_log(tbl, row_id) VALUES ('" #t "', new.id); END;" \
	"CREATE TRIGGER IF NOT EXISTS log_" #t "_d AFTER DELETE ON " #t " BEGIN" \
	" DELETE FROM change_log WHERE tbl = '" #t "' AND row_id = old.id;" \
	" INSERT INTO change_log(tbl, row_id, deleted) VALUES ('" #t "', old.id, 1); END;",

static const char *const log_triggers[] = { ZILA_SYNC_TABLES(LOG_TRIGGERS) };

/* The version of the triggers' text (meta server_triggers): a database
 * whose triggers are older has those whose text changed dropped, to be
 * made again as they are now. 2: the change-log update trigger and the
 * notify trigger (notify.c) without an IN list. */
#define SERVER_TRIGGERS "2"
#define DROP_UPDATE_TRIGGER(t, ...) "DROP TRIGGER IF EXISTS log_" #t "_u;"
static const char renewed_triggers[] = ZILA_SYNC_TABLES(DROP_UPDATE_TRIGGER) "DROP TRIGGER IF EXISTS notify_grievance_event;";

/* When a record becomes visible to another department (a letter marked to
 * it, a grievance transferred to it, a suggestion made for it), the
 * record and its children move to the end of the log, so that
 * department's desk receives them on its next pull although its cursor
 * had passed them while it could not see them. */
static const char relog_triggers[] =
	"CREATE TRIGGER IF NOT EXISTS relog_letter_marking AFTER INSERT ON letter_marking BEGIN"
	" DELETE FROM change_log WHERE (tbl = 'letter' AND row_id = new.letter_id)"
	"  OR (tbl = 'letter_marking' AND row_id IN (SELECT id FROM letter_marking WHERE letter_id = new.letter_id))"
	"  OR (tbl = 'letter_event' AND row_id IN (SELECT id FROM letter_event WHERE letter_id = new.letter_id));"
	" INSERT INTO change_log(tbl, row_id) SELECT 'letter', new.letter_id"
	"  UNION ALL SELECT 'letter_marking', id FROM letter_marking WHERE letter_id = new.letter_id"
	"  UNION ALL SELECT 'letter_event', id FROM letter_event WHERE letter_id = new.letter_id; END;"
	"CREATE TRIGGER IF NOT EXISTS relog_grievance AFTER UPDATE OF department_id ON grievance"
	" WHEN old.department_id IS NOT new.department_id BEGIN"
	" DELETE FROM change_log WHERE (tbl = 'grievance_event' AND row_id IN"
	"  (SELECT id FROM grievance_event WHERE grievance_id = new.id))"
	"  OR (tbl = 'grievance_attachment' AND row_id IN (SELECT id FROM grievance_attachment WHERE grievance_id = new.id));"
	" INSERT INTO change_log(tbl, row_id) SELECT 'grievance_event', id FROM grievance_event WHERE grievance_id = new.id"
	"  UNION ALL SELECT 'grievance_attachment', id FROM grievance_attachment WHERE grievance_id = new.id; END;"
	"CREATE TRIGGER IF NOT EXISTS relog_suggestion AFTER INSERT ON suggestion BEGIN"
	" DELETE FROM change_log WHERE (tbl = 'inspection' AND row_id = new.inspection_id)"
	"  OR (tbl = 'inspection_answer' AND row_id IN (SELECT id FROM inspection_answer WHERE inspection_id = new.inspection_id))"
	"  OR (tbl = 'suggestion' AND row_id IN (SELECT id FROM suggestion WHERE inspection_id = new.inspection_id))"
	"  OR (tbl = 'inspection_event' AND row_id IN (SELECT id FROM inspection_event WHERE inspection_id = new.inspection_id));"
	" INSERT INTO change_log(tbl, row_id) SELECT 'inspection', new.inspection_id"
	"  UNION ALL SELECT 'inspection_answer', id FROM inspection_answer WHERE inspection_id = new.inspection_id"
	"  UNION ALL SELECT 'suggestion', id FROM suggestion WHERE inspection_id = new.inspection_id"
	"  UNION ALL SELECT 'inspection_event', id FROM inspection_event WHERE inspection_id = new.inspection_id; END;";

/* Every change-log number gets a random tag the moment it is given, kept
 * after the entry moves on: a desk's cursor is proved by its tag, so a
 * server restored from a backup (which gives the same numbers again, to
 * other changes) is told apart from the history the desk saw. A grievance
 * that leaves a department, or an inspection whose last suggestion for a
 * department goes (a draft recorded again), leaves a departure, logged
 * like a row, so the old department's desks hear of it on their next pull. */
static const char history_triggers[] =
	"CREATE TRIGGER IF NOT EXISTS log_tag_i AFTER INSERT ON change_log BEGIN"
	" INSERT OR REPLACE INTO log_tag(server_seq, tag) VALUES (new.server_seq, lower(hex(randomblob(8)))); END;"
	"CREATE TRIGGER IF NOT EXISTS departure_grievance AFTER UPDATE OF department_id ON grievance"
	" WHEN old.department_id IS NOT NULL AND old.department_id IS NOT new.department_id BEGIN"
	" INSERT INTO departure(id, tbl, row_id, from_dept_id, to_dept_id, at) VALUES (lower(hex(randomblob(16))),"
	"  'grievance', new.id, old.department_id, new.department_id, new.updated_at); END;"
	"CREATE TRIGGER IF NOT EXISTS departure_suggestion AFTER DELETE ON suggestion"
	" WHEN NOT EXISTS (SELECT 1 FROM suggestion s WHERE s.inspection_id = old.inspection_id"
	"  AND s.department_id = old.department_id) BEGIN"
	" INSERT INTO departure(id, tbl, row_id, from_dept_id, to_dept_id, at) VALUES (lower(hex(randomblob(16))),"
	"  'inspection', old.inspection_id, old.department_id, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;"
	"CREATE TRIGGER IF NOT EXISTS log_departure_i AFTER INSERT ON departure BEGIN"
	" INSERT INTO change_log(tbl, row_id) VALUES ('departure', new.id); END;"
	"INSERT OR IGNORE INTO log_tag(server_seq, tag) SELECT server_seq, lower(hex(randomblob(8))) FROM change_log;";

/* Rows written before the triggers existed get their entry now. */
#define BACKFILL(t, ...) \
	"INSERT INTO change_log(tbl, row_id) SELECT '" #t "', id FROM " #t \
	" WHERE id NOT IN (SELECT row_id FROM change_log WHERE tbl = '" #t "');",
static const char *const backfill_sql[] = { ZILA_SYNC_TABLES(BACKFILL) };

/* The full-text indexes (letter_fts, grievance_fts: FTS5, kept by
 * triggers the migrations make) are for the desks' search screens; nothing
 * on the server searches them (the status page and Open311 find a record
 * by its number, a plain index), and a desk builds its own from the rows
 * it pulls. Kept up on the server they cost a fifth of zilad's CPU on a
 * push (a segment written for every action's savepoint), so the server
 * drops the triggers that write them and empties them, once: it finds
 * nothing to do on a database where it did this before, and does it again
 * after a migration that made the triggers anew. The tables stay (empty,
 * as their own SQL makes them), so a later migration that alters them
 * finds them where a desk's would be. */
static enum zila_status
drop_search(struct zila_db *db, struct zila_err *err)
{
	static const char fts_tables[] = "SELECT name, sql FROM sqlite_schema WHERE type = 'table'"
		" AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%' ORDER BY name";
	static const char fts_triggers[] = "SELECT t.name FROM sqlite_schema t WHERE t.type = 'trigger' AND EXISTS"
		" (SELECT 1 FROM sqlite_schema f WHERE f.type = 'table' AND f.sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
		" AND instr(lower(t.sql), lower(f.name)) > 0) ORDER BY t.name";
	json_t *triggers = NULL, *tables = NULL;
	enum zila_status st = ZILA_OK;
	sqlite3_stmt *q = zila_db_stmt(db, fts_triggers, err);
	if (!q || zila_query_rows(db, q, &triggers, err) != ZILA_OK)
		return ZILA_EDB;
	if (json_array_size(triggers) == 0) {
		json_decref(triggers);
		return ZILA_OK;
	}
	if (!(q = zila_db_stmt(db, fts_tables, err)) || zila_query_rows(db, q, &tables, err) != ZILA_OK)
		st = ZILA_EDB;
	size_t i;
	json_t *row;
	/* names and SQL from the schema itself, never from input; a name
	 * cannot be a bound parameter, so it is quoted */
	json_array_foreach(triggers, i, row) {
		if (st != ZILA_OK)
			break;
		char *sql = sqlite3_mprintf("DROP TRIGGER \"%w\"", json_string_value(json_object_get(row, "name")));
		st = sql ? zila_db_exec(db, sql, err) : zila_fail(err, ZILA_ENOMEM, "no memory");
		sqlite3_free(sql);
	}
	json_array_foreach(tables, i, row) {
		if (st != ZILA_OK)
			break;
		char *sql = sqlite3_mprintf("DROP TABLE \"%w\"", json_string_value(json_object_get(row, "name")));
		st = sql ? zila_db_exec(db, sql, err) : zila_fail(err, ZILA_ENOMEM, "no memory");
		sqlite3_free(sql);
		if (st == ZILA_OK)
			st = zila_db_exec(db, json_string_value(json_object_get(row, "sql")), err);
	}
	json_decref(triggers);
	json_decref(tables);
	return st;
}

/* Makes the change-log triggers (IF NOT EXISTS) and logs rows made before
 * them, and takes the full-text indexes off the server. */
static enum zila_status
install_triggers(struct zila_db *db, struct zila_err *err)
{
	char version[16] = "";
	zila_meta_get(db, "server_triggers", version, sizeof version, NULL);
	bool renew = strcmp(version, SERVER_TRIGGERS) != 0;
	enum zila_status st = drop_search(db, err);
	if (st == ZILA_OK && renew)
		st = zila_db_exec(db, renewed_triggers, err);
	if (st == ZILA_OK && renew)
		st = zila_meta_set(db, "server_triggers", SERVER_TRIGGERS, err);
	for (size_t i = 0; st == ZILA_OK && i < ZILA_ARRAY_LEN(log_triggers); i++)
		st = zila_db_exec(db, log_triggers[i], err);
	if (st == ZILA_OK)
		st = zila_db_exec(db, relog_triggers, err);
	if (st == ZILA_OK)
		st = zila_db_exec(db, history_triggers, err);
	for (size_t i = 0; st == ZILA_OK && i < ZILA_ARRAY_LEN(backfill_sql); i++)
		st = zila_db_exec(db, backfill_sql[i], err);
	return st;
}

enum zila_status
zilad_store_check(struct zila_db *db, struct zila_err *err)
{
	if (zila_db_kind(db) != ZILA_DB_SERVER)
		return zila_fail(err, ZILA_EINVAL, "%s is not a zilad database (a desk's?): make one with 'zilad init'",
			zila_db_path(db));
	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	st = install_triggers(db, err);
	if (st == ZILA_OK)
		st = zilad_notify_install(db, err);
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	return st != ZILA_OK ? st : end;
}

enum zila_status
zilad_store_init(struct zila_db *db, const char *district, const char *name_en, const char *name_hi,
	struct zila_err *err)
{
	char have[64];
	if (zila_meta_get(db, "district_code", have, sizeof have, NULL) == ZILA_OK)
		return zila_fail(err, ZILA_EEXIST, "this database is already set up for district %s", have);
	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	st = zila_init_server(db, err);
	if (st == ZILA_OK)
		st = zila_init(db, district, name_en, name_hi, "00", err);
	if (st == ZILA_OK)
		st = install_triggers(db, err);
	if (st == ZILA_OK)
		st = zilad_notify_install(db, err);
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	return st != ZILA_OK ? st : end;
}

/* ------------------------------------------------- the server's identities */

bool
zilad_key_open(struct zila_db *db, const char *secret, struct zila_actor *actor)
{
	char hex[2 * 64 + 1] = "", pk_have[ZILA_SIGN_PK_HEX + 1] = "", pk_user[ZILA_SIGN_PK_HEX + 1] = "";
	size_t len = 0;
	actor->can_sign = false;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT s.value, u.sign_pk FROM server_secret s, app_user u"
		" WHERE s.name = ?2 AND u.id = ?1", NULL);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, actor->user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, secret, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(hex, sizeof hex, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(pk_user, sizeof pk_user, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (sodium_hex2bin(actor->sign_sk, sizeof actor->sign_sk, hex, strlen(hex), NULL, &len, NULL) != 0 ||
	    len != sizeof actor->sign_sk) {
		sodium_memzero(hex, sizeof hex);
		return false;
	}
	sodium_memzero(hex, sizeof hex);
	/* an Ed25519 secret key carries its public key in its second half */
	sodium_bin2hex(pk_have, sizeof pk_have, actor->sign_sk + 32, 32);
	actor->can_sign = pk_user[0] && strcmp(pk_have, pk_user) == 0;
	if (!actor->can_sign)
		sodium_memzero(actor->sign_sk, sizeof actor->sign_sk);
	return actor->can_sign;
}

/* The first active admin who is a person (not one of the server's own
 * identities); user_id "" when there is none. */
static enum zila_status
first_admin(struct zila_db *db, struct zila_actor *actor, struct zila_err *err)
{
	char login[64];
	memset(actor, 0, sizeof *actor);
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT login FROM app_user WHERE role = 'admin' AND active = 1"
		" AND login NOT IN (?1, ?2) ORDER BY created_at, login LIMIT 1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, ZILAD_LOGIN, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ZILAD_ONLINE_LOGIN, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(login, sizeof login, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return zila_actor_load(db, login, actor, err);
	actor->role = ZILA_ROLE_ADMIN;
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "admin", err);
}

bool
zilad_has_admin(struct zila_db *db)
{
	struct zila_actor a;
	return first_admin(db, &a, NULL) == ZILA_OK && a.user_id[0];
}

enum zila_status
zilad_identity(struct zila_db *db, const struct zilad_identity *who, struct zila_actor *actor, struct zila_err *err)
{
	bool exists = zila_actor_load(db, who->login, actor, NULL) == ZILA_OK;
	if (exists && zilad_key_open(db, who->secret, actor))
		return ZILA_OK;
	struct zila_actor maker;
	struct zila_user_key key;
	char pw[65], skhex[2 * 64 + 1];
	unsigned char raw[32], sk[64];
	enum zila_status s;
	bool own = strcmp(who->login, ZILAD_LOGIN) == 0;
	if (!own)
		s = zilad_admin_actor(db, &maker, err);
	else if ((s = first_admin(db, &maker, err)) == ZILA_OK && !maker.user_id[0] && exists)
		s = zila_fail(err, ZILA_EDENIED, "the server's identity %s has no key here and no admin may give it one",
			who->login);
	if (s != ZILA_OK)
		return s;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(pw, sizeof pw, raw, sizeof raw);
	s = zila_key_new(pw, &key, sk, err);
	sodium_memzero(pw, sizeof pw);
	if (s != ZILA_OK)
		return s;
	/* an empty database: the identity is its first user and signs its own
	 * making (action.c); an older database: its first admin makes it,
	 * unsigned, as zilad's commands were before */
	if (!maker.user_id[0]) {
		memcpy(maker.sign_sk, sk, sizeof sk);
		maker.can_sign = true;
	}
	sodium_bin2hex(skhex, sizeof skhex, sk, sizeof sk);
	sodium_memzero(sk, sizeof sk);
	json_t *args = exists ? json_pack("{s:s}", "login", who->login)
		: json_pack("{s:s, s:s, s:s}", "login", who->login, "name", who->name, "role", who->role);
	zila_key_set_args(args, &key);
	/* the user's key and the server's copy of its secret in one commit */
	if ((s = zila_db_begin(db, err)) == ZILA_OK) {
		s = zila_action_run(db, &maker, exists ? "user.passwd" : "user.add", args, NULL, NULL, err);
		sqlite3_stmt *st = s == ZILA_OK ? zila_db_stmt(db, "INSERT INTO server_secret(name, value) VALUES (?2, ?1)"
			" ON CONFLICT(name) DO UPDATE SET value = excluded.value", err) : NULL;
		if (s == ZILA_OK && !st)
			s = ZILA_EDB;
		if (st) {
			sqlite3_bind_text(st, 1, skhex, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, who->secret, -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				s = zila_db_error(db, "server key", err);
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
		}
		enum zila_status end = zila_db_end(db, s == ZILA_OK, s == ZILA_OK ? err : NULL);
		if (s == ZILA_OK)
			s = end;
	}
	sodium_memzero(skhex, sizeof skhex);
	sodium_memzero(maker.sign_sk, sizeof maker.sign_sk);
	json_decref(args);
	if (s != ZILA_OK)
		return s;
	if ((s = zila_actor_load(db, who->login, actor, err)) != ZILA_OK)
		return s;
	return zilad_key_open(db, who->secret, actor) ? ZILA_OK
		: zila_fail(err, ZILA_EDB, "the key of the server's identity %s does not open", who->login);
}

enum zila_status
zilad_admin_actor(struct zila_db *db, struct zila_actor *actor, struct zila_err *err)
{
	static const struct zilad_identity self = { ZILAD_LOGIN, "Zila server (zilad)", "admin", "server_sk" };
	return zilad_identity(db, &self, actor, err);
}

/* ------------------------------------------------------------ throttle */

#define THROTTLE_WINDOW 900 /* seconds a failure is remembered */

/* Recent failed passwords for a throttle key (login:... or addr:...). */
static long
failures_of(struct zila_db *db, const char *key)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT failures FROM login_throttle WHERE key = ?1 AND last_at > ?2", NULL);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (long long)zila_clock() - THROTTLE_WINDOW);
	long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

/* No wait for the first free_tries failures, then base, 2, 4, 8, 16 times base. */
static long
delay_for(long failures, long free_tries, long base)
{
	if (failures < free_tries)
		return 0;
	long shift = failures - free_tries;
	return shift >= 4 ? 16 * base : base << shift;
}

/* The throttle's key of a login: logins are compared in any case
 * everywhere (app_user is looked up by lower(login)), so "Clerk" and
 * "clerk" are one user and one count. */
static void
login_key(const char *login, char *key, size_t n)
{
	size_t i = snprintf(key, n, "login:");
	for (; *login && i + 1 < n; login++)
		key[i++] = (char)tolower((unsigned char)*login);
	key[i] = '\0';
}

/* A whole office may sit behind one address, so the address gets many
 * more free tries than one login. */
long
zilad_throttle_delay(struct zila_db *db, const char *login, const char *addr, long base_ms)
{
	char key[128];
	login_key(login, key, sizeof key);
	long a = delay_for(failures_of(db, key), 3, base_ms);
	snprintf(key, sizeof key, "addr:%s", addr);
	long b = delay_for(failures_of(db, key), 30, base_ms);
	return a > b ? a : b;
}

void
zilad_throttle_note(struct zila_db *db, const char *login, const char *addr, bool failed)
{
	char key[128];
	sqlite3_stmt *st;
	for (int i = 0; i < 2; i++) {
		if (i)
			snprintf(key, sizeof key, "addr:%s", addr);
		else
			login_key(login, key, sizeof key);
		if (failed)
			st = zila_db_stmt(db, "INSERT INTO login_throttle(key, failures, last_at) VALUES (?1, 1, ?2)"
				" ON CONFLICT(key) DO UPDATE SET failures = CASE WHEN last_at > ?2 - 900 THEN failures + 1 ELSE 1 END,"
				" last_at = ?2", NULL);
		else
			st = zila_db_stmt(db, "DELETE FROM login_throttle WHERE key = ?1 AND ?2 = ?2", NULL);
		if (!st)
			return;
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (long long)zila_clock());
		sqlite3_step(st);
		sqlite3_reset(st);
		if (!failed)
			return; /* a good password clears the login, never the address */
	}
}

/* ------------------------------------------------------------ enrolment */

/* Steps a write once and resets it. */
static enum zila_status
step_done(struct zila_db *db, sqlite3_stmt *st, const char *what, struct zila_err *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? ZILA_OK : zila_db_error(db, what, err);
}

enum zila_status
zilad_enrol_check(struct zila_db *db, const char *login, const char *password, struct zila_actor *actor,
	struct zila_err *err)
{
	return zila_login(db, login, password, actor, err);
}

/* Refuses a login that has its share of active desks, naming them so the
 * admin knows which one to revoke. */
static enum zila_status
desk_quota(struct zila_db *db, const struct zila_actor *actor, int desks_per_user, struct zila_err *err)
{
	if (desks_per_user <= 0)
		return ZILA_OK;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT count(*), coalesce(group_concat(code, ', '), '') FROM"
		" (SELECT d.code FROM desk_token t JOIN desk d ON d.id = t.desk_id"
		"  WHERE t.login = ?1 AND t.revoked_at IS NULL ORDER BY d.code)", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, actor->login, -1, SQLITE_STATIC);
	enum zila_status res = ZILA_OK;
	if (sqlite3_step(st) != SQLITE_ROW)
		res = zila_db_error(db, "desk", err);
	else if (sqlite3_column_int(st, 0) >= desks_per_user)
		res = zila_fail(err, ZILA_EDENIED, "%s already has %d active desk%s (%s), the most one login may have:"
			" an admin revokes one on the server (zilad desk revoke CODE) before another enrols",
			actor->login, sqlite3_column_int(st, 0), sqlite3_column_int(st, 0) == 1 ? "" : "s",
			(const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	return res;
}

enum zila_status
zilad_enrol(struct zila_db *db, const char *login, const char *password, const char *name, const char *addr,
	json_t **reply, struct zila_err *err)
{
	struct zila_actor actor;
	*reply = NULL;
	enum zila_status st = zilad_enrol_check(db, login, password, &actor, err);
	if (st == ZILA_EAUTH || st == ZILA_OK)
		zilad_throttle_note(db, login, addr, st == ZILA_EAUTH);
	if (st != ZILA_OK)
		return st;
	return zilad_enrol_desk(db, &actor, name, 0, NULL, reply, err);
}

/* The desk an earlier request of this enrolment made, when its answer was
 * lost: the same login, within the hour, not revoked, and nothing pushed
 * from it yet (a desk that pushed has a history a fresh file would not
 * know; its numbers would be taken for repeats). Fills id and code. */
static bool
enrolled_before(struct zila_db *db, const char *login, const char *enrolment, const char *since, char *id, size_t idn,
	char *code, size_t coden)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT d.id, d.code FROM desk_token t JOIN desk d ON d.id = t.desk_id"
		" WHERE t.enrolment = ?1 AND t.login = ?2 AND t.revoked_at IS NULL AND t.created_at >= ?3"
		" AND NOT EXISTS (SELECT 1 FROM push_ledger p WHERE p.desk_id = d.id)", NULL);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, enrolment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		snprintf(id, idn, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(code, coden, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return found;
}

enum zila_status
zilad_enrol_desk(struct zila_db *db, const struct zila_actor *checked, const char *name, int desks_per_user,
	const char *enrolment, json_t **reply, struct zila_err *err)
{
	char code[3] = "", id[40], token[ZILA_TOKEN_HEX + 1], hash[65], now[32];
	char district[16] = "", dname[128] = "", dname_hi[256] = "";
	enum zila_status st;
	*reply = NULL;
	zila_iso_time(zila_clock(), now, sizeof now);
	zila_uuid7(id);
	zila_token_new(token);
	zila_token_hash(token, hash);
	/* the desk row and the audit row are the desk.enrol action's, run as
	 * the user for the new desk; the user proved the password to the
	 * server alone, so the server witnesses it with its own signature
	 * (without the server's identity, an old database with no admin to
	 * make it, the audit row stays unsigned, as verify says) */
	struct zila_actor actor = *checked, server;
	snprintf(actor.desk_id, sizeof actor.desk_id, "%s", id);
	actor.can_sign = false;
	if (zilad_admin_actor(db, &server, NULL) != ZILA_OK)
		server.can_sign = false;
	const struct zila_action_opts opts = { .flags = ZILA_ACT_ENROL, .witness = &server };
	if (enrolment && !*enrolment)
		enrolment = NULL;
	if ((st = zila_db_begin(db, err)) != ZILA_OK)
		return st;
	char since[32];
	zila_iso_time(zila_clock() - 3600, since, sizeof since);
	bool again = enrolment && enrolled_before(db, actor.login, enrolment, since, id, sizeof id, code, sizeof code);
	if (again) {
		/* the first answer never reached the desk: its token is replaced,
		 * the desk and its audit row stay as they were */
		sqlite3_stmt *s = zila_db_stmt(db, "UPDATE desk_token SET token_hash = ?1, created_at = ?2"
			" WHERE enrolment = ?3 AND desk_id = ?4 AND revoked_at IS NULL", err);
		if (!s)
			st = ZILA_EDB;
		else {
			sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, enrolment, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, id, -1, SQLITE_STATIC);
			st = step_done(db, s, "token", err);
		}
	} else if ((st = desk_quota(db, &actor, desks_per_user, err)) == ZILA_OK) {
		json_t *args = json_pack("{s:s, s:s}", "desk_id", id, "name", name ? name : ""), *result = NULL;
		st = args ? zila_action_run(db, &actor, "desk.enrol", args, &opts, &result, err)
			: zila_fail(err, ZILA_EINVAL, "enrol: the desk's name must be UTF-8 text");
		if (st == ZILA_OK)
			snprintf(code, sizeof code, "%s", json_string_value(json_object_get(result, "code")));
		json_decref(result);
		json_decref(args);
	}
	if (st == ZILA_OK && !again) {
		sqlite3_stmt *s = zila_db_stmt(db, "INSERT INTO desk_token(token_hash, desk_id, login, created_at, enrolment)"
			" VALUES (?1, ?2, ?3, ?4, ?5)", err);
		if (!s)
			st = ZILA_EDB;
		else {
			sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, actor.login, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 4, now, -1, SQLITE_STATIC);
			if (enrolment)
				sqlite3_bind_text(s, 5, enrolment, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(s, 5);
			st = step_done(db, s, "token", err);
		}
	}
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	st = st != ZILA_OK ? st : end;
	sodium_memzero(server.sign_sk, sizeof server.sign_sk);
	sodium_memzero(actor.sign_sk, sizeof actor.sign_sk);
	if (st != ZILA_OK)
		return st;
	zila_meta_get(db, "district_code", district, sizeof district, NULL);
	zila_meta_get(db, "district_name", dname, sizeof dname, NULL);
	sqlite3_stmt *s = zila_db_stmt(db, "SELECT name_hi FROM district WHERE code = ?1", NULL);
	if (s) {
		sqlite3_bind_text(s, 1, district, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			snprintf(dname_hi, sizeof dname_hi, "%s", (const char *)sqlite3_column_text(s, 0));
		sqlite3_reset(s);
	}
	*reply = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "desk_id", id, "desk_code", code,
		"department_id", actor.department_id, "token", token,
		"district", "code", district, "name_en", dname, "name_hi", dname_hi);
	sodium_memzero(token, sizeof token);
	return *reply ? ZILA_OK : zila_fail(err, ZILA_ENOMEM, "enrol: no memory");
}

enum zila_status
zilad_auth(struct zila_db *db, const char *token, struct zilad_desk *desk, struct zila_err *err)
{
	char hash[65];
	memset(desk, 0, sizeof *desk);
	if (!zila_token_valid(token))
		return zila_fail(err, ZILA_EAUTH, "a bearer token of 64 hex digits is required");
	zila_token_hash(token, hash);
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT d.id, d.code, coalesce(d.department_id, ''), t.revoked_at"
		" FROM desk_token t JOIN desk d ON d.id = t.desk_id WHERE t.token_hash = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	enum zila_status res = ZILA_OK;
	if (rc != SQLITE_ROW)
		res = rc == SQLITE_DONE ? zila_fail(err, ZILA_EAUTH, "unknown token: enrol this desk again")
					: zila_db_error(db, "token", err);
	else if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		res = zila_fail(err, ZILA_EAUTH, "this desk's token was revoked: enrol it again");
	else {
		snprintf(desk->id, sizeof desk->id, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(desk->code, sizeof desk->code, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(desk->department_id, sizeof desk->department_id, "%s", (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	return res;
}

enum zila_status
zilad_desk_list(struct zila_db *db, json_t **rows, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT d.code, d.name, coalesce(dep.code, '') AS department,"
		" t.login AS enrolled_by, t.created_at AS enrolled_at, t.last_seen,"
		" CASE WHEN t.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS state,"
		" (SELECT count(*) FROM push_ledger p WHERE p.desk_id = d.id) AS pushed"
		" FROM desk d LEFT JOIN department dep ON dep.id = d.department_id"
		" LEFT JOIN desk_token t ON t.desk_id = d.id ORDER BY d.code", err);
	if (!st)
		return ZILA_EDB;
	return zila_query_rows(db, st, rows, err);
}

enum zila_status
zilad_desk_revoke(struct zila_db *db, const char *ref, struct zila_err *err)
{
	char id[40], now[32];
	enum zila_status st = zila_master_resolve(db, ZILA_M_DESK, ref, id, err);
	if (st != ZILA_OK)
		return st;
	zila_iso_time(zila_clock(), now, sizeof now);
	sqlite3_stmt *s = zila_db_stmt(db, "UPDATE desk_token SET revoked_at = ?2 WHERE desk_id = ?1 AND revoked_at IS NULL", err);
	if (!s)
		return ZILA_EDB;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	if ((st = step_done(db, s, "revoke", err)) != ZILA_OK)
		return st;
	if (sqlite3_changes(zila_db_handle(db)) == 0)
		return zila_fail(err, ZILA_ESTATE, "desk %s has no active token", ref);
	return ZILA_OK;
}
