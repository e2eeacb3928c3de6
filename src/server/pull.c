/* pull.c: what a desk receives: pages of whole rows after its cursor,
 * only those its office may see, and single rows on request. ?1 is the
 * row id and ?2 the desk's department (NULL for the Collectorate's desk,
 * which sees everything). Masters and users go to every desk, but no
 * password hash to any, and a user's sealed signing key (with its salt)
 * only to desks of the user's own office: people log in offline by opening
 * their sealed key, and only where they work. */
#include <stdio.h>
#include <string.h>
#include "zila/query.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "zilad.h"

/* Each synced table's reader: the row by id, if the desk's office may
 * see it (the visibility of its row in module.h). */
static const struct {
	const char *table;
	const char *sql;
} readers[] = {
#define READER(t, record, key, visibility) { #t, "SELECT * FROM " #t " WHERE id = ?1 AND " visibility },
	ZILA_SYNC_TABLES(READER)
#undef READER
};

/* No password hash reaches any desk, and a user's sealed key (and its
 * salt) only desks of the user's own office. */
static void
strip_secrets(json_t *row, const struct zilad_desk *desk)
{
	const char *dept = json_string_value(json_object_get(row, "department_id"));
	json_object_set_new(row, "pw_hash", json_string(""));
	if (strcmp(dept ? dept : "", desk->department_id) != 0) {
		json_object_set_new(row, "key_salt", json_string(""));
		json_object_set_new(row, "sealed_sk", json_string(""));
	}
}

/* ------------------------------------------------------ rows as text */

/* A page's rows are written as JSON text straight from the statement:
 * made into jansson objects, packed into an item and dumped with the
 * reply, each row cost zilad more than reading it did (a fifth of its
 * CPU in a pull of grievance work). The text is what json_dumps made of
 * the same objects (JSON_COMPACT): the columns in order, UTF-8 as it is. */
struct text {
	char *p;
	size_t n, cap;
	bool bad;        /* a text column was not UTF-8: the page fails */
};

static void
text_put(struct text *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2 > 65536 ? (b->n + n + 1) * 2 : 65536;
		b->p = zila_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
text_lit(struct text *b, const char *s)
{
	text_put(b, s, strlen(s));
}

/* A JSON string of n bytes of s, escaped as jansson escapes. */
static void
text_str(struct text *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t from = 0, i = 0;
	text_put(b, "\"", 1);
	while (i < n) {
		unsigned char c = u[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			/* what jansson refuses to dump fails the page */
			size_t len = zila_utf8_char(s + i, n - i, &cp);
			if (!len) {
				b->bad = true;
				return;
			}
			i += len;
			continue;
		}
		text_put(b, s + from, i - from);
		char esc[8];
		switch (c) {
		case '"': text_put(b, "\\\"", 2); break;
		case '\\': text_put(b, "\\\\", 2); break;
		case '\b': text_put(b, "\\b", 2); break;
		case '\f': text_put(b, "\\f", 2); break;
		case '\n': text_put(b, "\\n", 2); break;
		case '\r': text_put(b, "\\r", 2); break;
		case '\t': text_put(b, "\\t", 2); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04X", c);
			text_put(b, esc, 6);
		}
		from = ++i;
	}
	text_put(b, s + from, n - from);
	text_put(b, "\"", 1);
}

/* The statement's row as a JSON object: zila_row_json's, as text. */
static void
text_row(struct text *b, sqlite3_stmt *st)
{
	int n = sqlite3_column_count(st);
	text_put(b, "{", 1);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		char num[40];
		if (i)
			text_put(b, ",", 1);
		text_str(b, name, strlen(name));
		text_put(b, ":", 1);
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER:
			text_put(b, num, (size_t)snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, i)));
			break;
		case SQLITE_FLOAT: {
			/* jansson's form: 17 digits, and always a real */
			int k = snprintf(num, sizeof num, "%.17g", sqlite3_column_double(st, i));
			if (!strpbrk(num, ".eE") && k + 2 < (int)sizeof num)
				k += snprintf(num + k, sizeof num - (size_t)k, ".0");
			text_put(b, num, (size_t)k);
			break;
		}
		case SQLITE_NULL:
			text_lit(b, "null");
			break;
		default:
			text_str(b, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
		}
	}
	text_put(b, "}", 1);
}

/* A jansson item as text (taking the reference), after a comma when the
 * array has items. */
static void
text_item(struct text *b, json_t *item)
{
	char *t = json_dumps(item, JSON_COMPACT);
	json_decref(item);
	if (!t) {
		b->bad = true;
		return;
	}
	if (b->n > 1)
		text_put(b, ",", 1);
	text_lit(b, t);
	free(t);
}

/* The reader of synced table t with the row's id bound, and the desk's
 * office for a department's desk; NULL (*st says why) for no such table
 * or a statement that cannot be made. */
static sqlite3_stmt *
reader(struct zila_db *db, const struct zilad_desk *desk, int t, const char *id, enum zila_status *st,
	struct zila_err *err)
{
	if (t < 0 || t >= (int)ZILA_ARRAY_LEN(readers) || strcmp(readers[t].table, zila_sync_table_name(t)) != 0) {
		*st = zila_fail(err, ZILA_EINVAL, "no synced table %d", t);
		return NULL;
	}
	sqlite3_stmt *s = zila_db_stmt(db, readers[t].sql, err);
	*st = s ? ZILA_OK : ZILA_EDB;
	if (s) {
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		if (desk->department_id[0])
			sqlite3_bind_text(s, 2, desk->department_id, -1, SQLITE_STATIC);
	}
	return s;
}

/* Also tells whether the row exists at all (*exists), so /v3/rows can say
 * a row is gone without saying what another office's row holds. A pull
 * asks no such thing (exists NULL): it passes over another office's rows,
 * most of the log for a department's desk, and reading each again whole,
 * to be thrown away, was most of zilad's work when many such desks pull. */
static enum zila_status
read_row(struct zila_db *db, const struct zilad_desk *desk, int t, const char *id, json_t **row, bool *exists,
	struct zila_err *err)
{
	*row = NULL;
	if (exists)
		*exists = false;
	enum zila_status s0;
	sqlite3_stmt *st = reader(db, desk, t, id, &s0, err);
	if (!st)
		return s0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*row = zila_row_json(st);
		if (exists)
			*exists = true;
		if (strcmp(readers[t].table, "app_user") == 0)
			strip_secrets(*row, desk);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return zila_db_error(db, "pull", err);
	if (rc == SQLITE_DONE && desk->department_id[0] && exists) {
		/* hidden or gone: ask without the office filter, keeping the text */
		struct zilad_desk all = { .department_id = "" };
		json_t *r;
		bool e;
		enum zila_status s = read_row(db, &all, t, id, &r, &e, err);
		json_decref(r);
		*exists = e;
		return s;
	}
	return ZILA_OK;
}

/* Row id of table t as a page's item {t, r}, if the desk's office may
 * see it: read_row's row, written as text (users as read_row strips them). */
static enum zila_status
row_text(struct zila_db *db, const struct zilad_desk *desk, int t, const char *id, struct text *b, struct zila_err *err)
{
	if (strcmp(zila_sync_table_name(t), "app_user") == 0) {
		json_t *row;
		enum zila_status s = read_row(db, desk, t, id, &row, NULL, err);
		if (s == ZILA_OK && row)
			text_item(b, json_pack("{s:s, s:o}", "t", zila_sync_table_name(t), "r", row));
		return s;
	}
	enum zila_status s0;
	sqlite3_stmt *st = reader(db, desk, t, id, &s0, err);
	if (!st)
		return s0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (b->n > 1)
			text_put(b, ",", 1);
		text_lit(b, "{\"t\":\"");
		text_lit(b, zila_sync_table_name(t));
		text_lit(b, "\",\"r\":");
		text_row(b, st);
		text_put(b, "}", 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "pull", err);
}

/* The newest change-log position; a cursor beyond it was never given. */
static long long
log_head(struct zila_db *db)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT coalesce(max(server_seq), 0) FROM change_log", NULL);
	if (!st)
		return 0;
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

/* The tag of a change-log number, "" for 0; false when this server never
 * gave the number (or gave it before tags were kept). */
static bool
tag_of(struct zila_db *db, long long seq, char *tag, size_t n)
{
	tag[0] = '\0';
	if (seq == 0)
		return true;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT tag FROM log_tag WHERE server_seq = ?1", NULL);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, seq);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		snprintf(tag, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return found;
}

/* The highest client_seq of this desk the server has; -1 on an error. */
static long long
desk_last_applied(struct zila_db *db, const char *desk_id)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT coalesce(max(client_seq), 0) FROM push_ledger WHERE desk_id = ?1", NULL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, desk_id, -1, SQLITE_STATIC);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* A departure (a record that left a department) as the old department's
 * desk hears it: {t, id, out: {to, at}}, only when the desk's office was
 * the one left and may not see the record now (it may have come back). */
static enum zila_status
departure_item(struct zila_db *db, const struct zilad_desk *desk, const char *id, struct text *rows, struct zila_err *err)
{
	if (!desk->department_id[0])
		return ZILA_OK;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT d.tbl, d.row_id, coalesce(dep.code, ''), d.at FROM departure d"
		" LEFT JOIN department dep ON dep.id = d.to_dept_id WHERE d.id = ?1 AND d.from_dept_id = ?2", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, desk->department_id, -1, SQLITE_STATIC);
	json_t *item = NULL;
	int t = -1;
	if (sqlite3_step(st) == SQLITE_ROW && (t = zila_sync_table_index((const char *)sqlite3_column_text(st, 0))) >= 0)
		item = json_pack("{s:s, s:s, s:{s:s, s:s}}", "t", zila_sync_table_name(t),
			"id", (const char *)sqlite3_column_text(st, 1), "out", "to", (const char *)sqlite3_column_text(st, 2),
			"at", (const char *)sqlite3_column_text(st, 3));
	sqlite3_reset(st);
	if (!item)
		return ZILA_OK;
	json_t *row;
	enum zila_status s = read_row(db, desk, t, json_string_value(json_object_get(item, "id")), &row, NULL, err);
	if (s == ZILA_OK && !row)
		text_item(rows, item);
	else
		json_decref(item);
	json_decref(row);
	return s;
}

enum zila_status
zilad_pull_text(struct zila_db *db, const struct zilad_desk *desk, const struct zilad_pull_req *q, json_t **reply,
	char **rows_text, int *http, struct zila_err *err)
{
	long long cursor = q->cursor;
	int limit = q->limit;
	bool snapshot = q->snapshot;
	char tag[40];
	enum zila_status st;
	*reply = NULL;
	*rows_text = NULL;
	*http = 400;
	if (cursor < 0)
		return zila_fail(err, ZILA_EINVAL, "cursor must be a whole number from 0");
	if (limit < 1 || limit > 100000)
		return zila_fail(err, ZILA_EINVAL, "limit must be between 1 and 100000");
	/* one read transaction: the page is one consistent state */
	if ((st = zila_db_exec(db, "BEGIN", err)) != ZILA_OK) {
		*http = 503;
		return st;
	}
	long long head = log_head(db);
	if (cursor > head && !snapshot) {
		zila_db_exec(db, "COMMIT", NULL);
		*http = 410;
		*reply = json_pack("{s:I, s:s, s:s}", "head", (json_int_t)head,
			"error", "this server does not know the cursor (was it restored?): take a snapshot",
			"warning", "the desk's pull position is beyond this server's history (restored from a backup?):"
			" it starts over from a snapshot");
		return ZILA_OK;
	}
	if (snapshot && cursor > head)
		cursor = 0;
	long long last = desk_last_applied(db, desk->id);
	if (q->tag && cursor > 0 && (!tag_of(db, cursor, tag, sizeof tag) || strcmp(tag, q->tag) != 0)) {
		/* the number is this server's, the change at it is not the one
		 * the desk saw: the history forked (a restore, then new work) */
		zila_db_exec(db, "COMMIT", NULL);
		*http = 410;
		*reply = json_pack("{s:I, s:b, s:s, s:s}", "head", (json_int_t)head, "forked", 1,
			"error", "this server's history is not the one this desk saw (was it restored from a backup?): take a snapshot",
			"warning", "the desk's pull position is from a history this server no longer has (restored from a backup?):"
			" it starts over from a snapshot");
		return ZILA_OK;
	}
	sqlite3_stmt *lq = zila_db_stmt(db, "SELECT server_seq, tbl, row_id, deleted FROM change_log"
		" WHERE server_seq > ?1 ORDER BY server_seq LIMIT ?2", err);
	if (!lq) {
		zila_db_exec(db, "COMMIT", NULL);
		return ZILA_EDB;
	}
	sqlite3_bind_int64(lq, 1, cursor);
	sqlite3_bind_int(lq, 2, limit);
	struct text rows = { 0 };
	text_put(&rows, "[", 1);
	long long next = cursor;
	int scanned = 0, rc;
	st = ZILA_OK;
	while ((rc = sqlite3_step(lq)) == SQLITE_ROW) {
		char id[64];
		const char *tbl = (const char *)sqlite3_column_text(lq, 1);
		int t = zila_sync_table_index(tbl);
		next = sqlite3_column_int64(lq, 0);
		snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(lq, 2));
		scanned++;
		if (t < 0 && !snapshot && strcmp(tbl, "departure") == 0) {
			if ((st = departure_item(db, desk, id, &rows, err)) != ZILA_OK)
				break;
			continue;
		}
		if (t < 0)
			continue;
		if (sqlite3_column_int(lq, 3)) {
			text_item(&rows, json_pack("{s:s, s:s, s:b}", "t", zila_sync_table_name(t), "id", id, "deleted", 1));
			continue;
		}
		if ((st = row_text(db, desk, t, id, &rows, err)) != ZILA_OK)
			break;
	}
	sqlite3_reset(lq);
	zila_db_exec(db, "COMMIT", NULL);
	if (st == ZILA_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = zila_db_error(db, "pull", err);
	if (st == ZILA_OK && rows.bad)
		st = zila_fail(err, ZILA_EDB, "pull: a row after change %lld holds text that is not UTF-8", cursor);
	if (st != ZILA_OK) {
		free(rows.p);
		*http = 500;
		return st;
	}
	text_put(&rows, "]", 1);
	if (!tag_of(db, next, tag, sizeof tag))
		tag[0] = '\0';
	*reply = json_pack("{s:I, s:s, s:I, s:b}", "cursor", (json_int_t)next, "tag", tag,
		"last_applied", (json_int_t)last, "more", scanned == limit && next < head);
	if (q->acked > last && last >= 0) {
		char w[200];
		snprintf(w, sizeof w, "the desk had %lld actions confirmed, this server has %lld of them (restored from a"
			" backup?): the desk sends the rest again", q->acked, last);
		json_object_set_new(*reply, "warning", json_string(w));
	}
	*rows_text = rows.p;
	*http = 200;
	return ZILA_OK;
}

enum zila_status
zilad_pull(struct zila_db *db, const struct zilad_desk *desk, const struct zilad_pull_req *q, json_t **reply,
	int *http, struct zila_err *err)
{
	char *rows;
	enum zila_status st = zilad_pull_text(db, desk, q, reply, &rows, http, err);
	if (st == ZILA_OK && rows) {
		json_error_t jerr;
		json_t *r = json_loads(rows, 0, &jerr);
		free(rows);
		if (!r) {
			json_decref(*reply);
			*reply = NULL;
			*http = 500;
			return zila_fail(err, ZILA_EDB, "pull: the page's rows are not JSON: %s", jerr.text);
		}
		json_object_set_new(*reply, "rows", r);
	}
	return st;
}

enum zila_status
zilad_rows(struct zila_db *db, const struct zilad_desk *desk, json_t *body, json_t **reply, struct zila_err *err)
{
	json_t *want = json_is_object(body) ? json_object_get(body, "rows") : NULL;
	size_t i;
	json_t *w;
	*reply = NULL;
	if (!json_is_array(want) || json_array_size(want) > 10000)
		return zila_fail(err, ZILA_EINVAL, "rows must be an array of at most 10000 {t, id}");
	json_array_foreach(want, i, w) {
		json_t *t = json_object_get(w, "t"), *id = json_object_get(w, "id");
		if (!json_is_object(w) || !json_is_string(t) || zila_sync_table_index(json_string_value(t)) < 0)
			return zila_fail(err, ZILA_EINVAL, "rows[%zu].t must name a synced table", i);
		if (!json_is_string(id) || json_string_length(id) > 40)
			return zila_fail(err, ZILA_EINVAL, "rows[%zu].id must be a row id", i);
	}
	json_t *rows = json_array(), *gone = json_array(), *hidden = json_array();
	enum zila_status st = zila_db_exec(db, "BEGIN", err);
	json_array_foreach(want, i, w) {
		if (st != ZILA_OK)
			break;
		int t = zila_sync_table_index(json_string_value(json_object_get(w, "t")));
		const char *id = json_string_value(json_object_get(w, "id"));
		json_t *row;
		bool exists;
		if ((st = read_row(db, desk, t, id, &row, &exists, err)) != ZILA_OK)
			break;
		if (row)
			json_array_append_new(rows, json_pack("{s:s, s:o}", "t", zila_sync_table_name(t), "r", row));
		else
			/* a row that left the office: the desk drops it, learning
			 * nothing of what it holds now */
			json_array_append_new(exists ? hidden : gone, json_pack("{s:s, s:s}", "t", zila_sync_table_name(t), "id", id));
	}
	zila_db_exec(db, "COMMIT", NULL);
	if (st != ZILA_OK) {
		json_decref(rows);
		json_decref(gone);
		json_decref(hidden);
		return st;
	}
	*reply = json_pack("{s:o, s:o, s:o}", "rows", rows, "gone", gone, "hidden", hidden);
	return ZILA_OK;
}
