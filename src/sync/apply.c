/* apply.c: writing the server's rows into the desk database. Rows come
 * whole; a row replaces the desk's copy and any local row that clashes
 * with it on a unique column (the server's row wins: the local one came
 * from an action the server has now decided on). The SQL is made from the
 * table's own columns (PRAGMA table_xinfo) for a table named in the fixed
 * list of synced tables, never from what the server sent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/util.h"
#include "zila/wire.h"
#include "internal.h"

/* Marks rows changed by local actions; the rows the server sends are
 * unmarked again as they are applied. */
#define DIRTY_TRIGGERS(t, ...) \
	"CREATE TRIGGER IF NOT EXISTS dirty_" #t "_i AFTER INSERT ON " #t " BEGIN" \
	" INSERT INTO sync_dirty(tbl, row_id) SELECT '" #t "', new.id" \
	" WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE tbl = '" #t "' AND row_id = new.id); END;" \
	"CREATE TRIGGER IF NOT EXISTS dirty_" #t "_u AFTER UPDATE ON " #t " BEGIN" \
	" INSERT INTO sync_dirty(tbl, row_id) SELECT '" #t "', new.id" \
	" WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE tbl = '" #t "' AND row_id = new.id); END;" \
	"CREATE TRIGGER IF NOT EXISTS dirty_" #t "_d AFTER DELETE ON " #t " BEGIN" \
	" INSERT INTO sync_dirty(tbl, row_id) SELECT '" #t "', old.id" \
	" WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE tbl = '" #t "' AND row_id = old.id); END;",

static const char *const dirty_triggers[] = { ZILA_SYNC_TABLES(DIRTY_TRIGGERS) };

#define DELETE_SQL(t, ...) "DELETE FROM " #t " WHERE id = ?1",
static const char *const delete_sql[] = { ZILA_SYNC_TABLES(DELETE_SQL) };
#define STALE_SQL(t, ...) "INSERT OR IGNORE INTO sync_stale(tbl, row_id) SELECT '" #t "', id FROM " #t ";",
static const char *const stale_sql[] = { ZILA_SYNC_TABLES(STALE_SQL) };
#define SWEEP_SQL(t, ...) "DELETE FROM " #t " WHERE id IN (SELECT row_id FROM sync_stale WHERE tbl = '" #t "');",
static const char *const sweep_sql[] = { ZILA_SYNC_TABLES(SWEEP_SQL) };

enum zila_status
apply_install_triggers(struct zila_db *db, struct zila_err *err)
{
	enum zila_status st = ZILA_OK;
	for (size_t i = 0; st == ZILA_OK && i < ZILA_ARRAY_LEN(dirty_triggers); i++)
		st = zila_db_exec(db, dirty_triggers[i], err);
	return st;
}

void
apply_mode(struct zila_db *db, bool on)
{
	zila_db_exec(db, on ? "PRAGMA foreign_keys = OFF; PRAGMA recursive_triggers = ON"
			    : "PRAGMA foreign_keys = ON; PRAGMA recursive_triggers = OFF", NULL);
}

/* The updates of only some columns a table has used (put_row), each a
 * statement of the handle's cache: a few shapes of change come again and
 * again (a grievance's status and version), and past this many another
 * shape takes the whole upsert rather than growing the cache. */
#define SHAPE_MASKS 16

/* The columns of synced table t and its writes: the row as the desk has
 * it (select), an upsert on id (a row the desk lacks, or whose change is
 * of an unusual shape) and INSERT OR REPLACE for a row that clashes with
 * a local one on another unique column. The generated columns (an event's
 * version and times, db/029) come in the server's rows as every column
 * does, but the desk derives them and writes only the others. */
struct table_shape {
	int ncol, nderived;
	char cols[48][48];
	char derived[8][48];
	char sql[4096];
	char upsert[8192];
	char select[4096];
	unsigned long long masks[SHAPE_MASKS];
	int nmasks;
};

/* Reads table t's columns and builds its INSERT OR REPLACE. */
static enum zila_status
shape_of(struct zila_db *db, int t, struct table_shape *s, struct zila_err *err)
{
	static const char *const info_sql[] = {
#define INFO_SQL(x, ...) "SELECT name, hidden FROM pragma_table_xinfo('" #x "') ORDER BY cid",
		ZILA_SYNC_TABLES(INFO_SQL)
#undef INFO_SQL
	};
	sqlite3_stmt *st = zila_db_stmt(db, info_sql[t], err);
	if (!st)
		return ZILA_EDB;
	s->ncol = s->nderived = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* hidden: 0 a stored column, 2 and 3 a generated one */
		bool derived = sqlite3_column_int(st, 1) != 0;
		if (derived ? s->nderived == 8 : s->ncol == 48)
			break;
		snprintf(derived ? s->derived[s->nderived++] : s->cols[s->ncol++], sizeof s->cols[0], "%s",
			(const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	size_t n = (size_t)snprintf(s->sql, sizeof s->sql, "INSERT OR REPLACE INTO %s(", zila_sync_table_name(t));
	for (int i = 0; i < s->ncol; i++)
		n += (size_t)snprintf(s->sql + n, sizeof s->sql - n, "%s%s", i ? ", " : "", s->cols[i]);
	n += (size_t)snprintf(s->sql + n, sizeof s->sql - n, ") VALUES (");
	for (int i = 0; i < s->ncol; i++)
		n += (size_t)snprintf(s->sql + n, sizeof s->sql - n, "%s?%d", i ? ", " : "", i + 1);
	snprintf(s->sql + n, sizeof s->sql - n, ")");
	n = (size_t)snprintf(s->select, sizeof s->select, "SELECT ");
	for (int i = 0; i < s->ncol; i++)
		n += (size_t)snprintf(s->select + n, sizeof s->select - n, "%s%s", i ? ", " : "", s->cols[i]);
	snprintf(s->select + n, sizeof s->select - n, " FROM %s WHERE id = ?1", zila_sync_table_name(t));
	n = (size_t)snprintf(s->upsert, sizeof s->upsert, "INSERT%s ON CONFLICT(id) DO UPDATE SET ", s->sql + strlen("INSERT OR REPLACE"));
	for (int i = 0, first = 1; i < s->ncol; i++) {
		if (strcmp(s->cols[i], "id") == 0)
			continue;
		n += (size_t)snprintf(s->upsert + n, sizeof s->upsert - n, "%s%s = excluded.%s", first ? "" : ", ",
			s->cols[i], s->cols[i]);
		first = 0;
	}
	return s->ncol ? ZILA_OK : zila_fail(err, ZILA_EDB, "table %s has no columns", zila_sync_table_name(t));
}

static struct table_shape *shapes[64];
static const struct zila_db *shapes_db;

/* The shape of table t, made once per database handle. */
static enum zila_status
shape(struct zila_db *db, int t, struct table_shape **out, struct zila_err *err)
{
	if (shapes_db != db) {
		for (size_t i = 0; i < ZILA_ARRAY_LEN(shapes); i++)
			zila_free(&shapes[i]);
		shapes_db = db;
	}
	if (!shapes[t]) {
		struct table_shape *s = zila_xcalloc(1, sizeof *s);
		enum zila_status st = shape_of(db, t, s, err);
		if (st != ZILA_OK) {
			free(s);
			return st;
		}
		shapes[t] = s;
	}
	*out = shapes[t];
	return ZILA_OK;
}

/* The server's copy is here now: the row is no longer changed locally,
 * nor stale while a snapshot comes. */
static enum zila_status
undirty(struct zila_db *db, int t, const char *id, struct zila_err *err)
{
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = zila_db_stmt(db, i ? "DELETE FROM sync_stale WHERE tbl = ?1 AND row_id = ?2"
			: "DELETE FROM sync_dirty WHERE tbl = ?1 AND row_id = ?2", err);
		if (!st)
			return ZILA_EDB;
		sqlite3_bind_text(st, 1, zila_sync_table_name(t), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return zila_db_error(db, "sync", err);
	}
	return ZILA_OK;
}

/* Removes a row the server deleted or never had. */
static enum zila_status
delete_row(struct zila_db *db, int t, const char *id, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, delete_sql[t], err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zila_db_error(db, zila_sync_table_name(t), err);
	return undirty(db, t, id, err);
}

/* Binds the server's value v (checked by changed_columns) as parameter p. */
static void
bind_json(sqlite3_stmt *st, int p, json_t *v)
{
	if (json_is_integer(v))
		sqlite3_bind_int64(st, p, json_integer_value(v));
	else if (json_is_real(v))
		sqlite3_bind_double(st, p, json_real_value(v));
	else if (json_is_string(v))
		sqlite3_bind_text(st, p, json_string_value(v), (int)json_string_length(v), SQLITE_STATIC);
	else
		sqlite3_bind_null(st, p);
}

/* Binds a whole row (its columns checked by changed_columns) to one of
 * the table's writes and steps it; returns SQLite's code (*res set when
 * the statement cannot be made). */
static int
bind_and_step(struct zila_db *db, struct table_shape *s, const char *sql, json_t *row, enum zila_status *res,
	struct zila_err *err)
{
	*res = ZILA_OK;
	sqlite3_stmt *st = zila_db_stmt(db, sql, err);
	if (!st) {
		*res = ZILA_EDB;
		return SQLITE_ERROR;
	}
	for (int i = 0; i < s->ncol; i++)
		bind_json(st, i + 1, json_object_get(row, s->cols[i]));
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Whether column i of the desk's row (the select's) holds the server's
 * value v; a value of another type counts as different. */
static bool
same_value(sqlite3_stmt *st, int i, json_t *v)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_is_integer(v) && json_integer_value(v) == sqlite3_column_int64(st, i);
	case SQLITE_FLOAT:
		return json_is_real(v) && json_real_value(v) == sqlite3_column_double(st, i);
	case SQLITE_NULL:
		return json_is_null(v);
	case SQLITE_TEXT: {
		if (!json_is_string(v))
			return false;
		const void *text = sqlite3_column_text(st, i);
		size_t n = (size_t)sqlite3_column_bytes(st, i);
		return n == json_string_length(v) && memcmp(text, json_string_value(v), n) == 0;
	}
	default:
		return false;
	}
}

/* Which columns of the desk's copy of the row differ from the server's
 * (bit i for column i), in *changed; false when the desk has no such row.
 * The server's values are checked as bind_and_step does. */
static enum zila_status
changed_columns(struct zila_db *db, struct table_shape *s, json_t *row, const char *tn, bool *found,
	unsigned long long *changed, struct zila_err *err)
{
	*found = false;
	*changed = 0;
	for (int i = 0; i < s->ncol; i++) {
		json_t *v = json_object_get(row, s->cols[i]);
		if (!v)
			return zila_fail(err, ZILA_EVERSION, "the server sent a %s row without %s: update zila", tn, s->cols[i]);
		if (!json_is_integer(v) && !json_is_real(v) && !json_is_string(v) && !json_is_null(v))
			return zila_fail(err, ZILA_EINVAL, "the server sent %s.%s of a wrong type", tn, s->cols[i]);
	}
	sqlite3_stmt *st = zila_db_stmt(db, s->select, err);
	if (!st)
		return ZILA_EDB;
	json_t *id = json_object_get(row, "id");
	sqlite3_bind_text(st, 1, json_string_value(id), (int)json_string_length(id), SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = true;
		for (int i = 0; i < s->ncol; i++)
			if (!same_value(st, i, json_object_get(row, s->cols[i])))
				*changed |= 1ULL << i;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, tn, err);
}

/* Writes only the changed columns of a row the desk has, when the change
 * is of a shape the table has room for (SHAPE_MASKS): an update of every
 * column rewrites every index entry of the row and runs the triggers of
 * every column, and most rows a desk pulls are its own actions coming
 * back, the same but for their version and time. Returns SQLite's code,
 * or SQLITE_MISUSE when the change takes the whole upsert. */
static int
update_changed(struct zila_db *db, struct table_shape *s, int t, json_t *row, unsigned long long changed,
	struct zila_err *err)
{
	int k = 0;
	while (k < s->nmasks && s->masks[k] != changed)
		k++;
	if (k == s->nmasks) {
		if (s->nmasks == SHAPE_MASKS)
			return SQLITE_MISUSE;
		s->masks[s->nmasks++] = changed;
	}
	char sql[4096];
	int n = snprintf(sql, sizeof sql, "UPDATE %s SET ", zila_sync_table_name(t)), p = 0;
	for (int i = 0; i < s->ncol; i++)
		if (changed & (1ULL << i)) {
			n += snprintf(sql + n, sizeof sql - (size_t)n, "%s%s = ?%d", p ? ", " : "", s->cols[i], p + 2);
			p++;
		}
	snprintf(sql + n, sizeof sql - (size_t)n, " WHERE id = ?1");
	sqlite3_stmt *st = zila_db_stmt(db, sql, err);
	if (!st)
		return SQLITE_ERROR;
	json_t *id = json_object_get(row, "id");
	sqlite3_bind_text(st, 1, json_string_value(id), (int)json_string_length(id), SQLITE_STATIC);
	p = 2;
	for (int i = 0; i < s->ncol; i++) {
		if (!(changed & (1ULL << i)))
			continue;
		bind_json(st, p++, json_object_get(row, s->cols[i]));
	}
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Writes one whole row from the server; every column must be there and
 * no other, or the desk is older than the server and says so. A row the
 * desk holds already is compared first: the same row is left as it is,
 * and a changed one has only its changed columns written. */
static enum zila_status
put_row(struct zila_db *db, int t, json_t *row, struct zila_err *err)
{
	struct table_shape *s;
	enum zila_status res = shape(db, t, &s, err);
	if (res != ZILA_OK)
		return res;
	const char *tn = zila_sync_table_name(t);
	json_t *id = json_object_get(row, "id");
	if (!json_is_object(row) || !json_is_string(id))
		return zila_fail(err, ZILA_EINVAL, "the server sent a %s row without an id", tn);
	if ((int)json_object_size(row) != s->ncol + s->nderived)
		return zila_fail(err, ZILA_EVERSION, "the server sent %s rows with %zu columns, this desk has %d:"
			" update zila", tn, json_object_size(row), s->ncol + s->nderived);
	for (int i = 0; i < s->nderived; i++)
		if (!json_object_get(row, s->derived[i]))
			return zila_fail(err, ZILA_EVERSION, "the server sent a %s row without %s: update zila", tn,
				s->derived[i]);
	bool found;
	unsigned long long changed;
	if ((res = changed_columns(db, s, row, tn, &found, &changed, err)) != ZILA_OK)
		return res;
	if (found && !changed)
		return undirty(db, t, json_string_value(id), err);
	int first = 0;
	if (found) {
		int rc = update_changed(db, s, t, row, changed, err);
		if (rc == SQLITE_DONE)
			return undirty(db, t, json_string_value(id), err);
		if (rc != SQLITE_MISUSE && (rc & 0xff) != SQLITE_CONSTRAINT)
			return zila_db_error(db, tn, err);
		/* a clash with a local row on another unique column: the
		 * server's row replaces it (INSERT OR REPLACE) */
		if (rc != SQLITE_MISUSE)
			first = 1;
	}
	for (int pass = first; pass < 2; pass++) {
		int rc = bind_and_step(db, s, pass ? s->sql : s->upsert, row, &res, err);
		if (rc == SQLITE_DONE)
			return undirty(db, t, json_string_value(id), err);
		if (res != ZILA_OK)
			return res;
		if ((rc & 0xff) != SQLITE_CONSTRAINT || pass)
			return zila_db_error(db, tn, err);
	}
	return ZILA_OK;
}

/* The rows that belong to a record and go with it: each synced table's
 * record and the query of its rows by the record's id (module.h); a
 * record's own table (record is itself) has none. */
static const struct {
	const char *parent, *child, *sql;
} children[] = {
#define CHILD(t, record, key, ...) { #record, #t, "SELECT id FROM " #t " WHERE " #key " = ?1" },
	ZILA_SYNC_TABLES(CHILD)
#undef CHILD
};

/* A record this desk's office may no longer see leaves the desk with its
 * rows; moved_out keeps its number, where it went and when, for the
 * history. to is a department code, "" when not told. */
enum zila_status
apply_move_out(struct zila_db *db, int t, const char *id, const char *to, const char *at, struct zila_err *err)
{
	const char *tn = zila_sync_table_name(t);
	sqlite3_stmt *st = zila_db_stmt(db, "INSERT OR REPLACE INTO moved_out(tbl, row_id, label, to_dept, at)"
		" SELECT ?1, ?2, coalesce((SELECT number FROM grievance WHERE ?1 = 'grievance' AND id = ?2),"
		" (SELECT number FROM letter WHERE ?1 = 'letter' AND id = ?2),"
		" (SELECT number FROM inspection WHERE ?1 = 'inspection' AND id = ?2), ?2), ?3, ?4"
		" WHERE ?1 IN ('grievance', 'letter', 'inspection')", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, tn, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to ? to : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, at ? at : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zila_db_error(db, "moved_out", err);
	/* children before their parents: the tables' order backwards */
	for (size_t i = ZILA_ARRAY_LEN(children); i-- > 0;) {
		if (strcmp(children[i].parent, tn) != 0 || strcmp(children[i].child, tn) == 0)
			continue;
		sqlite3_stmt *q = zila_db_stmt(db, children[i].sql, err);
		json_t *ids = json_array();
		if (!q) {
			json_decref(ids);
			return ZILA_EDB;
		}
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW)
			json_array_append_new(ids, json_string((const char *)sqlite3_column_text(q, 0)));
		sqlite3_reset(q);
		size_t k;
		json_t *cid;
		enum zila_status s = rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, children[i].child, err);
		json_array_foreach(ids, k, cid) {
			if (s == ZILA_OK)
				s = delete_row(db, zila_sync_table_index(children[i].child), json_string_value(cid), err);
		}
		json_decref(ids);
		if (s != ZILA_OK)
			return s;
	}
	return delete_row(db, t, id, err);
}

static int
grievance_table(void)
{
	static int t = -2;
	if (t == -2)
		t = zila_sync_table_index("grievance");
	return t;
}

/* A grievance registered here and not yet confirmed (still marked dirty)
 * that comes back with another registration or due date: the server had
 * to date it by its own clock, and the citizen's receipt is wrong. Kept in
 * redated for the clerk (zila sync --redated). */
static enum zila_status
note_redated(struct zila_db *db, json_t *row, struct zila_err *err)
{
	const char *reg = json_string_value(json_object_get(row, "registered_on"));
	const char *due = json_string_value(json_object_get(row, "due_date"));
	if (!reg || !due)
		return ZILA_OK;
	sqlite3_stmt *st = zila_db_stmt(db, "INSERT OR REPLACE INTO redated(number, was_registered, was_due, now_registered,"
		" now_due, at) SELECT g.number, g.registered_on, g.due_date, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
		" FROM grievance g JOIN sync_dirty d ON d.tbl = 'grievance' AND d.row_id = g.id"
		" WHERE g.id = ?1 AND (g.registered_on <> ?2 OR g.due_date <> ?3)", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, json_string_value(json_object_get(row, "id")), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reg, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, due, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "redated", err);
}

enum zila_status
apply_rows(struct zila_db *db, json_t *rows, long long *count, struct zila_err *err)
{
	size_t i;
	json_t *item;
	enum zila_status st = ZILA_OK;
	if (!json_is_array(rows))
		return zila_fail(err, ZILA_EINVAL, "the server sent no rows array");
	json_array_foreach(rows, i, item) {
		int t = zila_sync_table_index(json_string_value(json_object_get(item, "t")));
		if (t < 0)
			return zila_fail(err, ZILA_EVERSION, "the server sent rows of an unknown table: update zila");
		json_t *id = json_object_get(item, "id"), *out = json_object_get(item, "out");
		if (json_is_true(json_object_get(item, "deleted")) && json_is_string(id))
			st = delete_row(db, t, json_string_value(id), err);
		else if (json_is_object(out) && json_is_string(id))
			st = apply_move_out(db, t, json_string_value(id), json_string_value(json_object_get(out, "to")),
				json_string_value(json_object_get(out, "at")), err);
		else {
			if (t == grievance_table())
				st = note_redated(db, json_object_get(item, "r"), err);
			if (st == ZILA_OK)
				st = put_row(db, t, json_object_get(item, "r"), err);
		}
		if (st != ZILA_OK)
			return st;
		if (count)
			(*count)++;
	}
	return ZILA_OK;
}

enum zila_status
apply_gone(struct zila_db *db, json_t *gone, struct zila_err *err)
{
	size_t i;
	json_t *item;
	json_array_foreach(gone, i, item) {
		int t = zila_sync_table_index(json_string_value(json_object_get(item, "t")));
		json_t *id = json_object_get(item, "id");
		if (t < 0 || !json_is_string(id))
			return zila_fail(err, ZILA_EINVAL, "the server named a gone row badly");
		enum zila_status st = delete_row(db, t, json_string_value(id), err);
		if (st != ZILA_OK)
			return st;
	}
	return ZILA_OK;
}

enum zila_status
apply_mark_stale(struct zila_db *db, struct zila_err *err)
{
	enum zila_status st = ZILA_OK;
	for (size_t i = 0; st == ZILA_OK && i < ZILA_ARRAY_LEN(stale_sql); i++)
		st = zila_db_exec(db, stale_sql[i], err);
	return st;
}

enum zila_status
apply_sweep_stale(struct zila_db *db, struct zila_err *err)
{
	enum zila_status st = ZILA_OK;
	for (size_t i = ZILA_ARRAY_LEN(sweep_sql); st == ZILA_OK && i-- > 0;)
		st = zila_db_exec(db, sweep_sql[i], err);
	if (st == ZILA_OK)
		st = zila_db_exec(db, "DELETE FROM sync_dirty WHERE (tbl, row_id) IN (SELECT tbl, row_id FROM sync_stale);"
			" DELETE FROM sync_stale", err);
	return st;
}
