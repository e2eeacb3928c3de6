/* internal.h: helpers shared by the files of src/core, not part of the API. */
#ifndef ZILA_CORE_INTERNAL_H
#define ZILA_CORE_INTERNAL_H

#include <sqlite3.h>
#include <stdio.h>
#include "zila/action.h"

/* Binds text, or NULL when s is NULL. */
static inline void
bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a write statement once and resets it; maps a failure to a status
 * with the message naming what was being written. */
/* Rows whose status (or department) disagrees with the last event that
 * changed it (history_check.c): each is reported through line; how many,
 * or -1 with err on a database error. */
int core_history_check(struct zila_db *db, void (*line)(void *cls, const char *text), void *cls, struct zila_err *err);
enum zila_status core_step_done(struct zila_db *db, sqlite3_stmt *st, const char *what, struct zila_err *err);

/* Runs a query for one text column into buf. ZILA_ENOTFOUND when no row. */
enum zila_status core_query_text(struct zila_db *db, sqlite3_stmt *st, char *buf, size_t n, struct zila_err *err);

/* One remembered value per connection, valid while nothing in the
 * database changes (this connection's writes, or another's commit): the
 * last search's hits, so turning its pages and counting its rows do not
 * read the full-text index again. core_memo_get returns the value stored
 * under key, or NULL when there is none or the data changed since;
 * core_memo_set takes ownership of value (freed with free_fn). */
void *core_memo_get(struct zila_db *db, const char *key);
void core_memo_set(struct zila_db *db, const char *key, void *value, void (*free_fn)(void *));

/* A search's hits (hits.c): rowids, ascending. */
struct core_hits {
	sqlite3_int64 *v;
	size_t n, cap;
};
/* The hits remembered under key (a search's table and text), or NULL. */
const struct core_hits *core_hits_remembered(struct zila_db *db, const char *key);
/* The hits remembered under key, else the rowids st yields (column 0,
 * read to the end and st reset), then remembered under key. */
enum zila_status core_hits_load(struct zila_db *db, const char *key, sqlite3_stmt *st, const struct core_hits **out,
	struct zila_err *err);
bool core_hits_have(const struct core_hits *h, sqlite3_int64 rowid);
/* Binds h to a parameter (by name or number) for zila_in_hits(:name,
 * rowid) or zila_hits(:name) in SQL. */
void core_hits_bind(sqlite3_stmt *st, const char *name, const struct core_hits *h);
void core_hits_bind_at(sqlite3_stmt *st, int i, const struct core_hits *h);
/* Tells the zila_db_on_migrate function that the file is being rewritten
 * after a migration (done and total 0): it takes a while, with no count. */
void core_migrate_compacting(void);
/* Adds zila_in_hits() to a connection (db.c, at open). */
int core_hits_register(sqlite3 *h);

/* What a login that does not exist is checked against (master.c). */
extern const char core_dummy_pwhash[128]; /* crypto_pwhash_STRBYTES */

/* CSV (RFC 4180, import.c): one record into fields; returns the count, 0
 * at end of file, -1 on a malformed record; *line counts lines read. */
#define CORE_CSV_FIELDS 16
#define CORE_CSV_FIELD 1024
int core_csv_record(FILE *in, char fields[CORE_CSV_FIELDS][CORE_CSV_FIELD], int *line);

#endif
