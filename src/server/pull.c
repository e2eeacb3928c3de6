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
	if (t < 0 || t >= (int)ZILA_ARRAY_LEN(readers) || strcmp(readers[t].table, zila_sync_table_name(t)) != 0)
		return zila_fail(err, ZILA_EINVAL, "no synced table %d", t);
	sqlite3_stmt *st = zila_db_stmt(db, readers[t].sql, err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (desk->department_id[0])
		sqlite3_bind_text(st, 2, desk->department_id, -1, SQLITE_STATIC);
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
departure_item(struct zila_db *db, const struct zilad_desk *desk, const char *id, json_t *rows, struct zila_err *err)
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
		json_array_append(rows, item);
	json_decref(row);
	json_decref(item);
	return s;
}

enum zila_status
zilad_pull(struct zila_db *db, const struct zilad_desk *desk, const struct zilad_pull_req *q, json_t **reply,
	int *http, struct zila_err *err)
{
	long long cursor = q->cursor;
	int limit = q->limit;
	bool snapshot = q->snapshot;
	char tag[40];
	enum zila_status st;
	*reply = NULL;
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
	json_t *rows = json_array();
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
			if ((st = departure_item(db, desk, id, rows, err)) != ZILA_OK)
				break;
			continue;
		}
		if (t < 0)
			continue;
		if (sqlite3_column_int(lq, 3)) {
			json_array_append_new(rows, json_pack("{s:s, s:s, s:b}", "t", zila_sync_table_name(t), "id", id, "deleted", 1));
			continue;
		}
		json_t *row;
		if ((st = read_row(db, desk, t, id, &row, NULL, err)) != ZILA_OK)
			break;
		if (row)
			json_array_append_new(rows, json_pack("{s:s, s:o}", "t", zila_sync_table_name(t), "r", row));
	}
	sqlite3_reset(lq);
	zila_db_exec(db, "COMMIT", NULL);
	if (st == ZILA_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		st = zila_db_error(db, "pull", err);
	if (st != ZILA_OK) {
		json_decref(rows);
		*http = 500;
		return st;
	}
	if (!tag_of(db, next, tag, sizeof tag))
		tag[0] = '\0';
	*reply = json_pack("{s:I, s:s, s:I, s:b, s:o}", "cursor", (json_int_t)next, "tag", tag,
		"last_applied", (json_int_t)last, "more", scanned == limit && next < head, "rows", rows);
	if (q->acked > last && last >= 0) {
		char w[200];
		snprintf(w, sizeof w, "the desk had %lld actions confirmed, this server has %lld of them (restored from a"
			" backup?): the desk sends the rest again", q->acked, last);
		json_object_set_new(*reply, "warning", json_string(w));
	}
	*http = 200;
	return ZILA_OK;
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
