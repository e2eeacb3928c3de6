/* audit.c: the hash-chained audit log, and the whole-database check that
 * uses it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "zila/audit.h"
#include "zila/i18n.h"
#include "internal.h"
#include "zila/util.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The hash covers every field, separated by a byte that cannot occur in
 * any of them (0x1f is refused as a control character on input). */
static void
row_hash(long long seq, const char *prev, const char *at, const char *actor, const char *desk,
	const char *action, const char *mutation, const char *args, char *hex)
{
	crypto_hash_sha256_state s;
	unsigned char h[crypto_hash_sha256_BYTES];
	char seqs[32];
	const char *parts[] = { seqs, prev, at, actor, desk, action, mutation, args };
	snprintf(seqs, sizeof seqs, "%lld", seq);
	crypto_hash_sha256_init(&s);
	for (size_t i = 0; i < ZILA_ARRAY_LEN(parts); i++) {
		crypto_hash_sha256_update(&s, (const unsigned char *)parts[i], strlen(parts[i]));
		crypto_hash_sha256_update(&s, (const unsigned char *)"\x1f", 1);
	}
	crypto_hash_sha256_final(&s, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

/* The stored hash (32 bytes; a changed row may hold anything) as the hex
 * text the next row's hash covers. */
static void
stored_hex(sqlite3_stmt *st, int col, char hex[65])
{
	const unsigned char *b = sqlite3_column_blob(st, col);
	int n = sqlite3_column_bytes(st, col);
	sodium_bin2hex(hex, 65, b ? b : (const unsigned char *)"", n < 32 ? (size_t)n : 32);
}

/* Rows are kept compactly in audit_chain (db/025_compact_disk.sql: names
 * as numbers of audit_name rows, a UUID mutation as 16 bytes, the usual
 * time as seconds, the hash as 32 bytes); the view audit_log reads them
 * back as the text the hash covers. The encodings are the migration's,
 * done here in C: in SQL (strftime, GLOB) they cost a sixth of an
 * action's instructions. */

/* at as seconds when it is the usual 2026-01-31T10:00:00Z (the view gives
 * back exactly that text), else 0 and it is kept as text. */
static bool
at_seconds(const char *at, sqlite3_int64 *out)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	struct tm tm = { 0 };
	char back[32];
	if (strlen(at) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? at[i] < '0' || at[i] > '9' : at[i] != shape[i])
			return false;
	tm.tm_year = atoi(at) - 1900;
	tm.tm_mon = atoi(at + 5) - 1;
	tm.tm_mday = atoi(at + 8);
	tm.tm_hour = atoi(at + 11);
	tm.tm_min = atoi(at + 14);
	tm.tm_sec = atoi(at + 17);
	time_t t = timegm(&tm);
	struct tm g;
	if (t < 0 || !gmtime_r(&t, &g) || strftime(back, sizeof back, "%Y-%m-%dT%H:%M:%SZ", &g) == 0 ||
	    strcmp(back, at) != 0)
		return false;
	*out = (sqlite3_int64)t;
	return true;
}

/* A UUID in lowercase canonical text as its 16 bytes (the view writes it
 * back so); anything else (uppercase too) is kept as text. */
static bool
uuid_bytes(const char *s, unsigned char out[16])
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t len;
	if (strlen(s) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == '-' ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return sodium_hex2bin(out, 16, s, sizeof shape - 1, "-", &len, NULL) == 0 && len == 16;
}

static enum zila_status
add_names(struct zila_db *db, const char *actor_id, const char *desk_id, const char *action, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db,
		"INSERT INTO audit_name(name) VALUES (?1), (?2), (?3) ON CONFLICT(name) DO NOTHING", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, actor_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, desk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "audit", err);
}

/* The row after (seq - 1, prev): its text (what the hash covers), and at
 * as seconds and the mutation as 16 bytes when they are stored so. */
struct chain_row {
	long long seq;
	const char *at, *actor, *desk, *action, *mutation, *args;
	bool at_int, mut_blob;
	sqlite3_int64 secs;
	unsigned char uuid[16];
};

static enum zila_status
chain_insert(struct zila_db *db, const struct chain_row *r, const char *prev, char hash[65], struct zila_err *err)
{
	unsigned char bin[crypto_hash_sha256_BYTES];
	row_hash(r->seq, prev, r->at, r->actor, r->desk, r->action, r->mutation, r->args, hash);
	sodium_hex2bin(bin, sizeof bin, hash, 64, NULL, NULL, NULL);
	/* the names are nearly always there: added only when the insert
	 * finds one missing (its number NULL) */
	for (int attempt = 0; attempt < 2; attempt++) {
		sqlite3_stmt *st = zila_db_stmt(db, "INSERT INTO audit_chain(seq, at, actor, desk, action, mutation, args, hash)"
			" VALUES (?1, ?2, (SELECT id FROM audit_name WHERE name = ?3), (SELECT id FROM audit_name WHERE name = ?4),"
			" (SELECT id FROM audit_name WHERE name = ?5), ?6, ?7, ?8)", err);
		if (!st)
			return ZILA_EDB;
		sqlite3_bind_int64(st, 1, r->seq);
		if (r->at_int)
			sqlite3_bind_int64(st, 2, r->secs);
		else
			sqlite3_bind_text(st, 2, r->at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, r->actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, r->desk, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, r->action, -1, SQLITE_STATIC);
		if (r->mut_blob)
			sqlite3_bind_blob(st, 6, r->uuid, sizeof r->uuid, SQLITE_STATIC);
		else
			sqlite3_bind_text(st, 6, r->mutation, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, r->args, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 8, bin, sizeof bin, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return ZILA_OK;
		if ((rc & 0xff) != SQLITE_CONSTRAINT || attempt)
			return zila_db_error(db, "audit", err);
		enum zila_status s = add_names(db, r->actor, r->desk, r->action, err);
		if (s != ZILA_OK)
			return s;
	}
	return ZILA_OK;
}

/* The seq and hash (hex) of the last row, or 0 and the genesis. */
static enum zila_status
chain_last(struct zila_db *db, long long *seq, char prev[65], struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT seq, hash FROM main.audit_chain ORDER BY seq DESC LIMIT 1", err);
	if (!st)
		return ZILA_EDB;
	int rc = sqlite3_step(st);
	*seq = 0;
	snprintf(prev, 65, "%s", GENESIS);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		stored_hex(st, 1, prev);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "audit", err);
}

/* Appends r (its text as the view audit_log gives it back) after the row
 * (r->seq - 1, prev), at and the mutation stored compact when they can be. */
static enum zila_status
chain_append(struct zila_db *db, struct chain_row *r, const char *prev, char hash[65], struct zila_err *err)
{
	r->at_int = at_seconds(r->at, &r->secs);
	r->mut_blob = uuid_bytes(r->mutation, r->uuid);
	return chain_insert(db, r, prev, hash, err);
}

enum zila_status
zila_audit_append(struct zila_db *db, const char *at, const char *actor_id, const char *desk_id,
	const char *action, const char *mutation_id, const char *args_json, struct zila_err *err)
{
	char prev[65], hash[65];
	struct chain_row r = { .at = at, .actor = actor_id, .desk = desk_id, .action = action, .mutation = mutation_id,
		.args = args_json };
	enum zila_status s = chain_last(db, &r.seq, prev, err);
	if (s != ZILA_OK)
		return s;
	r.seq++;
	return chain_append(db, &r, prev, hash, err);
}

enum zila_status
zila_audit_append_attached(struct zila_db *db, const char *schema, long long after_seq, struct zila_err *err)
{
	char sql[256], prev[65], hash[65];
	for (const char *p = schema; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return zila_fail(err, ZILA_EINVAL, "audit: bad schema name");
	/* the attached chain's rows as its view gives them back: the text
	 * its hashes covered, which this chain's hashes cover again */
	snprintf(sql, sizeof sql, "SELECT at, actor_id, desk_id, action, mutation_id, args FROM %s.audit_log"
		" WHERE seq > ?1 ORDER BY seq", schema);
	struct chain_row r;
	enum zila_status s = chain_last(db, &r.seq, prev, err);
	sqlite3_stmt *st;
	if (s != ZILA_OK)
		return s;
	if (sqlite3_prepare_v2(zila_db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		return zila_db_error(db, "audit", err);
	sqlite3_bind_int64(st, 1, after_seq);
	int rc;
	while (s == ZILA_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.seq++;
		r.at = (const char *)sqlite3_column_text(st, 0);
		r.actor = (const char *)sqlite3_column_text(st, 1);
		r.desk = (const char *)sqlite3_column_text(st, 2);
		r.action = (const char *)sqlite3_column_text(st, 3);
		r.mutation = (const char *)sqlite3_column_text(st, 4);
		r.args = (const char *)sqlite3_column_text(st, 5);
		if (!r.at || !r.mutation || !r.actor || !r.desk || !r.action || !r.args)
			s = zila_fail(err, ZILA_EDB, "audit: row %lld of %s is incomplete", r.seq, schema);
		else if ((s = chain_append(db, &r, prev, hash, err)) == ZILA_OK)
			memcpy(prev, hash, sizeof prev);
	}
	if (s == ZILA_OK && rc != SQLITE_DONE)
		s = zila_db_error(db, "audit", err);
	sqlite3_finalize(st);
	return s;
}

/* Reads the rows as the view gives them (the text the hashes cover, the
 * stored hash as hex); the previous hash is the row before's, so a changed
 * row fails its own hash and a removed one leaves a gap. */
enum zila_status
zila_audit_verify(struct zila_db *db, long long *bad_seq, struct zila_err *err)
{
	char prev[65] = GENESIS, hash[65];
	long long expect = 1;
	sqlite3_stmt *st;
	*bad_seq = 0;
	if (sqlite3_prepare_v2(zila_db_handle(db),
		"SELECT seq, at, actor_id, desk_id, action, mutation_id, args, hash FROM audit_log ORDER BY seq",
		-1, &st, NULL) != SQLITE_OK)
		return zila_db_error(db, "audit", err);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *c[8];
		for (int i = 1; i < 8; i++)
			c[i] = (const char *)sqlite3_column_text(st, i);
		row_hash(seq, prev, c[1], c[2], c[3], c[4], c[5], c[6], hash);
		if (seq != expect || strcmp(c[7], hash) != 0) {
			*bad_seq = seq != expect ? expect : seq;
			break;
		}
		snprintf(prev, sizeof prev, "%s", hash);
		expect++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return zila_db_error(db, "audit", err);
	return ZILA_OK;
}

/* Appends a line to the report buffer, keeping it terminated. */
static void
report_line(char *report, size_t n, const char *line)
{
	size_t len = strlen(report);
	if (len < n)
		snprintf(report + len, n - len, "%s\n", line);
}

struct report_buf {
	char *text;
	size_t n;
};

static void
history_line(void *cls, const char *text)
{
	struct report_buf *rb = cls;
	char line[560];
	snprintf(line, sizeof line, "history: %s", text);
	report_line(rb->text, rb->n, line);
}

enum zila_status
zila_db_check(struct zila_db *db, char *report, size_t n, bool *histories_wait, struct zila_err *err)
{
	sqlite3_stmt *st;
	int problems = 0;
	char line[512];
	report[0] = '\0';

	if (sqlite3_prepare_v2(zila_db_handle(db), "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
		return zila_db_error(db, "integrity_check", err);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		if (strcmp(r, "ok") != 0) {
			snprintf(line, sizeof line, "integrity: %s", r);
			report_line(report, n, line);
			problems++;
		}
	}
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(zila_db_handle(db), "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return zila_db_error(db, "foreign_key_check", err);
	while (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(line, sizeof line, "foreign key: row %lld of %s refers to a missing %s",
			sqlite3_column_int64(st, 1), (const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 2));
		report_line(report, n, line);
		problems++;
	}
	sqlite3_finalize(st);

	long long bad;
	enum zila_status s = zila_audit_verify(db, &bad, err);
	if (s != ZILA_OK)
		return s;
	if (bad) {
		snprintf(line, sizeof line, "audit: the chain is broken at row %lld (a row was changed or removed)", bad);
		report_line(report, n, line);
		problems++;
	}
	/* a desk whose pull stopped between pages holds part of the server's
	 * newer state (a grievance whose registration event is on the next
	 * page): its histories are judged once the pull has finished */
	char partial[8] = "";
	zila_meta_get(db, "sync_partial", partial, sizeof partial, NULL);
	if (histories_wait)
		*histories_wait = false;
	if (strcmp(partial, "1") == 0 && !problems) {
		report_line(report, n, _("histories: not checked, a pull from the server stopped part way"
			" (`zila sync` finishes it)"));
		if (histories_wait)
			*histories_wait = true;
		return ZILA_OK;
	}
	struct report_buf rb = { report, n };
	int disagree = core_history_check(db, history_line, &rb, err);
	if (disagree < 0)
		return ZILA_EDB;
	problems += disagree;
	if (problems)
		return problems == 1 ? zila_fail(err, ZILA_EDB, "1 problem found")
			: zila_fail(err, ZILA_EDB, "%d problems found", problems);
	return ZILA_OK;
}
