/* db.h: the SQLite database of a desk or of the district server.
 *
 * Owns opening (pragmas, migrations), the integrity check, the statement cache,
 * nested transactions and backups. Every other module reaches SQLite
 * through the `sqlite3 *` this hands out, with bound parameters only. */
#ifndef ZILA_DB_H
#define ZILA_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include "zila/status.h"

struct zila_db;

enum zila_db_kind { ZILA_DB_DESK, ZILA_DB_SERVER };

/* Where the database lives: `explicit_path` if given, else $ZILA_DB, else
 * $XDG_DATA_HOME/zila/zila.db, else ~/.local/share/zila/zila.db.
 * Writes into buf (size n); creates no directories. */
enum zila_status zila_db_default_path(const char *explicit_path, char *buf, size_t n, struct zila_err *err);

#define ZILA_DB_CREATE   0x1 /* create the file and its folder if missing */
#define ZILA_DB_READONLY 0x2

/* Opens, sets WAL, synchronous=FULL, foreign_keys, busy timeout, and
 * migrates to the newest schema this binary knows. A database newer than
 * the binary is refused with ZILA_EVERSION.
 *
 * No integrity check here: quick_check reads every page (0.5 s on a
 * 263 MB desk, 4 min 43 s on the 12 GB 1,000,000-record demo), so on the
 * open path it made every command cost the size of the file. SQLite still
 * refuses a damaged page when a statement reads it (SQLITE_CORRUPT); the
 * whole-file check runs in the background of the full-screen program once
 * a day (zila_db_check_due, zila_db_quick_check) and in `zila check`. */
enum zila_status zila_db_open(const char *path, int flags, struct zila_db **out, struct zila_err *err);
/* A migration that converts many rows (025's audit log) calls fn as it
 * goes, at most 1,000 times: done of total rows. Set before zila_db_open
 * by a program that shows it (the command line, on a terminal); for the
 * whole process, NULL to stop. Then done and total 0 when the file is
 * rewritten to give the freed space back (VACUUM: no count, a while). */
typedef void (*zila_migrate_progress_fn)(long long done, long long total, void *ctx);
void zila_db_on_migrate(zila_migrate_progress_fn fn, void *ctx);
/* The SQL functions zila's schema and migrations use (zila_unhex,
 * zila_progress, zila_in_hits), on a handle zila_db_open did not make: a
 * test that builds an older database step by step. */
int zila_db_sql_functions(sqlite3 *h);
void zila_db_close(struct zila_db **db);
/* Before the process's first zila_db_open: SQLite keeps no count of the
 * memory it holds, which cost a lock and unlock around every allocation
 * (8% of zila demo's instructions). The zila command calls it; zilad does
 * not, its soft heap limit needs the count. */
void zila_db_no_memory_stats(void);
/* Before the process's first zila_db_open: the journal of a statement
 * (the pages it may undo) stays in memory, not in a temporary file past
 * 64 KiB, SQLite's own spill size. A row written with its fourteen index
 * entries and its full-text rows touches more than that: a write system
 * call for every page of every such statement, a third of a Collectorate
 * desk's CPU applying a pull. (A spill size of 1 MiB failed record_push's
 * update of 2,000 outbox rows with "database or disk is full" in SQLite
 * 3.40, writing the spilled journal; so it never spills.) */
void zila_db_journal_in_memory(void);
/* A desk process keeps up to 8 MiB of freed heap rather than give it back
 * at once: SQLite frees the pages of the temporary b-tree of many
 * statements (an IN list, a sort) when the statement ends, at the top of
 * the heap, and glibc gave them back to the kernel each time (brk, and a
 * TLB flush on every core): a third of the CPU of queuing grievance
 * actions (bench_work), and the noisiest part of it. zilad keeps its own
 * (main.c). */
void zila_db_keep_heap(void);

sqlite3 *zila_db_handle(struct zila_db *db);
const char *zila_db_path(struct zila_db *db);
/* The folder attachments are kept in: <folder of the db>/blobs. */
const char *zila_db_blob_dir(struct zila_db *db);
enum zila_db_kind zila_db_kind(struct zila_db *db);

/* A cached prepared statement for a constant SQL string: prepared once,
 * reset and cleared of bindings on every call. Never finalize it. */
sqlite3_stmt *zila_db_stmt(struct zila_db *db, const char *sql, struct zila_err *err);

/* --- one value, as fossil's db_int/db_text/db_exists ------------------- */

/* Named parameters for the helpers below: a list ended by ZILA_PARAMS.
 * A name is as written in the SQL (":dept", or "?1" for a numbered one);
 * text NULL binds NULL. */
enum zila_param_type { ZILA_PARAM_END, ZILA_PARAM_TEXT, ZILA_PARAM_INT };
struct zila_param {
	const char *name;
	enum zila_param_type type;
	const char *text;
	long long num;
};
#define ZILA_PTEXT(n, v) { .name = (n), .type = ZILA_PARAM_TEXT, .text = (v) }
#define ZILA_PINT(n, v)  { .name = (n), .type = ZILA_PARAM_INT, .num = (v) }
#define ZILA_PARAMS(...) ((const struct zila_param[]){ __VA_ARGS__, { .type = ZILA_PARAM_END } })

/* Binds params (NULL: none) to st by name. A name the statement does not
 * have, or a parameter of the statement left without a value, is refused
 * (ZILA_EDB, naming it): a typo would otherwise bind nothing and the
 * query would quietly compare with NULL. */
enum zila_status zila_db_bind(struct zila_db *db, sqlite3_stmt *st, const struct zila_param *params,
	struct zila_err *err);
/* The cached statement for sql with params bound, or NULL with err. */
sqlite3_stmt *zila_db_prepare(struct zila_db *db, const char *sql, const struct zila_param *params,
	struct zila_err *err);
/* The first column of the first row as an integer (NULL reads 0).
 * ZILA_ENOTFOUND when there is no row. */
enum zila_status zila_db_int(struct zila_db *db, const char *sql, const struct zila_param *params, long long *out,
	struct zila_err *err);
/* The first column of the first row as text into buf (size n; NULL reads
 * ""). ZILA_ENOTFOUND when there is no row; a value longer than the buffer
 * is refused (ZILA_EDB), never cut. */
enum zila_status zila_db_text(struct zila_db *db, const char *sql, const struct zila_param *params, char *buf,
	size_t n, struct zila_err *err);
/* Whether the query yields a row. */
enum zila_status zila_db_exists(struct zila_db *db, const char *sql, const struct zila_param *params, bool *out,
	struct zila_err *err);

/* --- SQL put together from constant fragments ----------------------------
 * The lists choose their SQL from constant fragments by which filters are
 * set (every value still bound). Adding past the buffer marks the text as
 * overflowed instead of cutting it: a cut could drop a WHERE term and
 * widen the query, so zila_sql_stmt refuses it whole. */
#define ZILA_SQL_MAX 8192
struct zila_sql {
	char text[ZILA_SQL_MAX];
	size_t len;
	bool overflow;
};
void zila_sql_add(struct zila_sql *q, const char *fragment);
/* zila_sql(q, "a", b, "c"): each fragment in turn. */
#define zila_sql(q, ...) zila_sql_addv((q), __VA_ARGS__, (const char *)NULL)
void zila_sql_addv(struct zila_sql *q, ...);
/* The cached statement for q's text, or NULL with err (ZILA_EINVAL) when
 * q overflowed. */
sqlite3_stmt *zila_sql_stmt(struct zila_db *db, const struct zila_sql *q, struct zila_err *err);

/* Nested transactions, as fossil does: the outermost begin is
 * BEGIN IMMEDIATE, the outermost end commits unless anything inside asked
 * for a rollback. */
enum zila_status zila_db_begin(struct zila_db *db, struct zila_err *err);
enum zila_status zila_db_end(struct zila_db *db, bool commit, struct zila_err *err);
int zila_db_depth(struct zila_db *db);
/* A savepoint inside an open transaction: what fails between
 * zila_db_savepoint and zila_db_release(db, false) is undone alone and does
 * not doom the outer transaction. The server applies a batch of pushed
 * actions, each atomic on its own, in one commit this way. */
enum zila_status zila_db_savepoint(struct zila_db *db, struct zila_err *err);
/* keep: release the savepoint; else roll back to it. A keep after an inner
 * failure rolls back and returns ZILA_EDB. */
enum zila_status zila_db_release(struct zila_db *db, bool keep, struct zila_err *err);

/* Runs SQL without parameters (schema, pragmas). */
enum zila_status zila_db_exec(struct zila_db *db, const char *sql, struct zila_err *err);
/* While stop is set, a running statement calls stop(ctx) every few
 * thousand steps and is abandoned (ZILA_ERETRY) when it returns non-zero:
 * work done ahead of a person's next key gives way when the key comes.
 * stop NULL clears it. Only for reads that may be redone. */
void zila_db_interrupt_when(struct zila_db *db, int (*stop)(void *ctx), void *ctx);
/* Turns the last SQLite error into err with a short context. */
enum zila_status zila_db_error(struct zila_db *db, const char *context, struct zila_err *err);

/* meta table: key/value settings of this database (district, desk code...). */
enum zila_status zila_meta_get(struct zila_db *db, const char *key, char *buf, size_t n, struct zila_err *err);
enum zila_status zila_meta_set(struct zila_db *db, const char *key, const char *value, struct zila_err *err);

int zila_db_schema_version(struct zila_db *db);
int zila_db_known_version(void);

/* VACUUM INTO a new file, then integrity_check of the copy. */
enum zila_status zila_db_backup(struct zila_db *db, const char *dest, struct zila_err *err);
/* integrity_check, foreign_key_check, the audit chain and the records'
 * histories; problems are appended to report (one per line). While a pull
 * from the server has stopped part way the histories are not judged:
 * *histories_wait (may be NULL) says so, and report says why. */
enum zila_status zila_db_check(struct zila_db *db, char *report, size_t n, bool *histories_wait, struct zila_err *err);

/* How often the background check runs: a day, as a working session
 * rarely reaches it twice and a damaged page is found within one. */
#define ZILA_DB_CHECK_EVERY_SECONDS (24 * 3600)

/* PRAGMA quick_check of the whole file, recorded in meta (when, and the
 * first problem or "ok") so the next session knows whether one is due.
 * *damaged is set when the file failed it; detail (size n) then says how. */
enum zila_status zila_db_quick_check(struct zila_db *db, bool *damaged, char *detail, size_t n,
	struct zila_err *err);
/* Records that a whole check (zila check) just ended, ok or not. */
enum zila_status zila_db_check_record(struct zila_db *db, const char *result, struct zila_err *err);
/* True when no check is on record, the last is older than
 * ZILA_DB_CHECK_EVERY_SECONDS (or in the future: a clock put back), or
 * the last one found the file damaged. */
bool zila_db_check_due(struct zila_db *db);

#endif
