/* db.c: opening, migrating and checking the database; the statement cache
 * and nested transactions (after fossil's db.c). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zila/db.h"
#include "zila/migrations.h"
#include "zila/util.h"
#include "internal.h"

#define STMT_BUCKETS 256

struct stmt_entry {
	char *sql;
	sqlite3_stmt *stmt;
	struct stmt_entry *next;
};

struct zila_db {
	sqlite3 *h;
	char *path;
	char *blob_dir;
	enum zila_db_kind kind;
	int depth;        /* nesting of zila_db_begin */
	bool rollback;    /* something inside asked for a rollback */
	int savepoints;   /* open zila_db_savepoint levels */
	bool saved_rollback[8];
	struct stmt_entry *stmts[STMT_BUCKETS];
	/* the entry last found for a text at this address (zila_db_stmt) */
	struct stmt_entry *by_address[STMT_BUCKETS];
	FILE *trace;      /* ZILA_TRACE_SQL, or NULL */
	struct {          /* core_memo_get/set */
		char *key;
		void *value;
		void (*free_fn)(void *);
		sqlite3_int64 changes, version;
	} memo;
};

sqlite3 *zila_db_handle(struct zila_db *db) { return db->h; }
const char *zila_db_path(struct zila_db *db) { return db->path; }
const char *zila_db_blob_dir(struct zila_db *db) { return db->blob_dir; }
enum zila_db_kind zila_db_kind(struct zila_db *db) { return db->kind; }
int zila_db_depth(struct zila_db *db) { return db->depth; }
int zila_db_known_version(void) { return zila_migrations[zila_migration_count - 1].version; }

enum zila_status
zila_db_default_path(const char *explicit_path, char *buf, size_t n, struct zila_err *err)
{
	const char *env;
	int w;
	if (explicit_path && *explicit_path)
		w = snprintf(buf, n, "%s", explicit_path);
	else if ((env = getenv("ZILA_DB")) && *env)
		w = snprintf(buf, n, "%s", env);
	else if ((env = getenv("XDG_DATA_HOME")) && *env)
		w = snprintf(buf, n, "%s/zila/zila.db", env);
	else if ((env = getenv("HOME")) && *env)
		w = snprintf(buf, n, "%s/.local/share/zila/zila.db", env);
	else
		return zila_fail(err, ZILA_EUSAGE, "no database path: give --db PATH or set ZILA_DB");
	if (w < 0 || (size_t)w >= n)
		return zila_fail(err, ZILA_EUSAGE, "database path is too long");
	return ZILA_OK;
}

enum zila_status
zila_db_error(struct zila_db *db, const char *context, struct zila_err *err)
{
	int rc = sqlite3_extended_errcode(db->h);
	enum zila_status code = ZILA_EDB;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || (rc & 0xff) == SQLITE_BUSY || rc == SQLITE_INTERRUPT)
		code = ZILA_ERETRY;
	else if ((rc & 0xff) == SQLITE_CONSTRAINT)
		code = rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ? ZILA_EEXIST : ZILA_EINVAL;
	else if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR)
		code = ZILA_EIO;
	return zila_fail(err, code, "%s: %s", context, sqlite3_errmsg(db->h));
}

enum zila_status
zila_db_exec(struct zila_db *db, const char *sql, struct zila_err *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		enum zila_status st = zila_fail(err, ZILA_EDB, "database: %s", msg ? msg : "error");
		if ((sqlite3_extended_errcode(db->h) & 0xff) == SQLITE_BUSY)
			st = zila_fail(err, ZILA_ERETRY, "database is busy: %s", msg ? msg : "");
		sqlite3_free(msg);
		return st;
	}
	return ZILA_OK;
}

static unsigned
hash_sql(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % STMT_BUCKETS;
}

sqlite3_stmt *
zila_db_stmt(struct zila_db *db, const char *sql, struct zila_err *err)
{
	/* Nearly every statement is a string literal, asked for again and
	 * again at the same address: that address finds its entry without
	 * hashing the text (an action asks for about twenty). A buffer
	 * reused for another text fails the comparison and goes the long way. */
	unsigned a = (unsigned)(((uintptr_t)sql >> 3) % STMT_BUCKETS);
	struct stmt_entry *e = db->by_address[a];
	if (!e || strcmp(e->sql, sql) != 0) {
		unsigned b = hash_sql(sql);
		for (e = db->stmts[b]; e && strcmp(e->sql, sql) != 0; e = e->next)
			;
	}
	if (e) {
		db->by_address[a] = e;
		sqlite3_reset(e->stmt);
		sqlite3_clear_bindings(e->stmt);
		return e->stmt;
	}
	unsigned b = hash_sql(sql);
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		zila_db_error(db, "prepare", err);
		return NULL;
	}
	e = zila_xmalloc(sizeof *e);
	e->sql = zila_xstrdup(sql);
	e->stmt = st;
	e->next = db->stmts[b];
	db->stmts[b] = e;
	return st;
}

void
zila_db_no_memory_stats(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void
zila_db_journal_in_memory(void)
{
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
}

void
zila_db_keep_heap(void)
{
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
}

enum zila_status
zila_db_begin(struct zila_db *db, struct zila_err *err)
{
	if (db->depth == 0) {
		enum zila_status st = zila_db_exec(db, "BEGIN IMMEDIATE", err);
		if (st != ZILA_OK)
			return st;
		db->rollback = false;
	}
	db->depth++;
	return ZILA_OK;
}

enum zila_status
zila_db_end(struct zila_db *db, bool commit, struct zila_err *err)
{
	if (db->depth <= 0)
		return zila_fail(err, ZILA_EDB, "transaction end without begin");
	if (!commit)
		db->rollback = true;
	if (--db->depth > 0)
		return ZILA_OK;
	if (db->rollback) {
		/* reset every cached statement first, or ROLLBACK can fail with
		 * SQLITE_BUSY on an open read statement */
		for (int i = 0; i < STMT_BUCKETS; i++)
			for (struct stmt_entry *e = db->stmts[i]; e; e = e->next)
				sqlite3_reset(e->stmt);
		zila_db_exec(db, "ROLLBACK", NULL);
		return commit ? zila_fail(err, ZILA_EDB, "transaction rolled back by an inner failure") : ZILA_OK;
	}
	enum zila_status st = zila_db_exec(db, "COMMIT", err);
	if (st != ZILA_OK)
		zila_db_exec(db, "ROLLBACK", NULL);
	return st;
}

enum zila_status
zila_db_savepoint(struct zila_db *db, struct zila_err *err)
{
	if (db->depth <= 0)
		return zila_fail(err, ZILA_EDB, "savepoint outside a transaction");
	if (db->savepoints >= (int)ZILA_ARRAY_LEN(db->saved_rollback))
		return zila_fail(err, ZILA_EDB, "savepoints nested too deep");
	/* cached: the server takes one per pushed action */
	sqlite3_stmt *sp = zila_db_stmt(db, "SAVEPOINT zila_sp", err);
	if (!sp)
		return ZILA_EDB;
	int rc = sqlite3_step(sp);
	sqlite3_reset(sp);
	if (rc != SQLITE_DONE)
		return zila_db_error(db, "savepoint", err);
	db->saved_rollback[db->savepoints++] = db->rollback;
	return ZILA_OK;
}

/* The rollback flag is put back as it was at the savepoint: an inner
 * failure undone here no longer dooms the outer transaction. */
enum zila_status
zila_db_release(struct zila_db *db, bool keep, struct zila_err *err)
{
	if (db->savepoints <= 0)
		return zila_fail(err, ZILA_EDB, "release without a savepoint");
	bool failed = db->rollback && !db->saved_rollback[db->savepoints - 1];
	enum zila_status st = ZILA_OK;
	if (!keep || failed) {
		for (int i = 0; i < STMT_BUCKETS; i++)
			for (struct stmt_entry *e = db->stmts[i]; e; e = e->next)
				sqlite3_reset(e->stmt);
		st = zila_db_exec(db, "ROLLBACK TO zila_sp", err);
	}
	sqlite3_stmt *r = zila_db_stmt(db, "RELEASE zila_sp", st == ZILA_OK ? err : NULL);
	int rc = r ? sqlite3_step(r) : SQLITE_ERROR;
	if (r)
		sqlite3_reset(r);
	enum zila_status rel = rc == SQLITE_DONE ? ZILA_OK
		: r ? zila_db_error(db, "release", st == ZILA_OK ? err : NULL) : ZILA_EDB;
	db->rollback = db->saved_rollback[--db->savepoints];
	if (st == ZILA_OK)
		st = rel;
	if (st == ZILA_OK && keep && failed)
		st = zila_fail(err, ZILA_EDB, "savepoint rolled back by an inner failure");
	return st;
}

enum zila_status
zila_meta_get(struct zila_db *db, const char *key, char *buf, size_t n, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT value FROM meta WHERE key = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return ZILA_OK;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zila_db_error(db, "meta", err);
	if (n)
		buf[0] = '\0';
	return zila_fail(err, ZILA_ENOTFOUND, "setting %s is not set", key);
}

enum zila_status
zila_meta_set(struct zila_db *db, const char *key, const char *value, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db,
		"INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "meta", err);
}

int
zila_db_schema_version(struct zila_db *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

/* A migration that rewrote a big table (025: the audit log; 029: the event
 * tables) leaves its old pages free inside the file, which keeps its size
 * until new rows fill them, and the new table was written past them, at
 * the end: when a tenth of the file is free it is rewritten (VACUUM), so an
 * upgraded desk gets the space back (029 alone leaves 16% of the 20,000-
 * record demo free, in a file 14% bigger than before). Best effort: a file
 * another program holds busy is left as it is. */
static void
compact_after_migration(struct zila_db *db)
{
	sqlite3_stmt *st;
	long long count[2] = { 0, 0 };
	static const char *const pragma[2] = { "PRAGMA page_count", "PRAGMA freelist_count" };
	for (int i = 0; i < 2; i++) {
		if (sqlite3_prepare_v2(db->h, pragma[i], -1, &st, NULL) != SQLITE_OK)
			return;
		if (sqlite3_step(st) == SQLITE_ROW)
			count[i] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	if (count[1] * 10 > count[0] && count[0] > 256) {
		core_migrate_compacting();
		zila_db_exec(db, "VACUUM", NULL);
	}
}

/* Each step in its own transaction, user_version set inside it, so a crash
 * leaves the database at a whole step. */
static enum zila_status
migrate(struct zila_db *db, struct zila_err *err)
{
	int have = zila_db_schema_version(db);
	int known = zila_db_known_version();
	if (have < 0)
		return zila_db_error(db, "reading the schema version", err);
	if (have > known)
		return zila_fail(err, ZILA_EVERSION,
			"%s has schema version %d but this zila knows only up to %d: use a newer zila",
			db->path, have, known);
	bool migrated = false;
	for (int i = 0; i < zila_migration_count; i++) {
		const struct zila_migration *m = &zila_migrations[i];
		if (m->version <= have)
			continue;
		char pragma[64];
		enum zila_status st = zila_db_begin(db, err);
		if (st != ZILA_OK)
			return st;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
		st = zila_db_exec(db, m->sql, err);
		if (st == ZILA_OK)
			st = zila_db_exec(db, pragma, err);
		if (st != ZILA_OK) {
			/* the cause is in err->msg, which the message is written
			 * over: copy it first (formatting a buffer into itself cut
			 * it to "...failed: ady exists") */
			char cause[sizeof err->msg];
			snprintf(cause, sizeof cause, "%s", err ? err->msg : "");
			zila_db_end(db, false, NULL);
			return zila_fail(err, st, "migration %s failed: %s", m->name, cause);
		}
		if ((st = zila_db_end(db, true, err)) != ZILA_OK)
			return st;
		migrated = true;
	}
	if (migrated)
		compact_after_migration(db);
	return ZILA_OK;
}

static enum zila_status
make_parent_dirs(const char *path, struct zila_err *err)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return zila_fail(err, ZILA_EUSAGE, "path too long: %s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return zila_fail(err, ZILA_EIO, "cannot create folder %s: %s", buf, strerror(errno));
		*p = '/';
	}
	return ZILA_OK;
}

/* ZILA_TRACE_SQL=FILE appends each statement that ran, with its time in
 * milliseconds, to FILE: how a slow screen is traced to its query on a
 * real database without a debugger. */
static int
trace_profile(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	char *sql = sqlite3_expanded_sql(p);
	fprintf(ctx, "%.3f ms\t%s\n", (double)*(sqlite3_int64 *)x / 1e6, sql ? sql : sqlite3_sql(p));
	fflush(ctx);
	sqlite3_free(sql);
	return 0;
}

static void
trace_start(struct zila_db *db)
{
	const char *file = getenv("ZILA_TRACE_SQL");
	if (!file || !*file)
		return;
	db->trace = fopen(file, "a");
	if (db->trace)
		sqlite3_trace_v2(db->h, SQLITE_TRACE_PROFILE, trace_profile, db->trace);
}

enum zila_status
zila_db_open(const char *path, int flags, struct zila_db **out, struct zila_err *err)
{
	struct zila_db *db = zila_xcalloc(1, sizeof *db);
	enum zila_status st;
	int oflags = SQLITE_OPEN_NOMUTEX |
		((flags & ZILA_DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);

	*out = NULL;
	db->path = zila_xstrdup(path);
	if (flags & ZILA_DB_CREATE) {
		oflags |= SQLITE_OPEN_CREATE;
		if ((st = make_parent_dirs(path, err)) != ZILA_OK)
			goto fail;
		/* a new database is private (password hashes, a desk's token):
		 * made here 0600 whatever the umask, and SQLite gives its WAL and
		 * shared-memory files the database file's mode */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0) {
			fchmod(fd, 0600);
			close(fd);
		}
	} else if (access(path, F_OK) != 0) {
		st = zila_fail(err, ZILA_ENOTFOUND, "no database at %s: run 'zila init' first", path);
		goto fail;
	}
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		st = zila_fail(err, ZILA_EDB, "cannot open %s: %s", path,
			db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, 5000);
	trace_start(db);
	if (zila_db_sql_functions(db->h) != SQLITE_OK) {
		st = zila_db_error(db, "open", err);
		goto fail;
	}
	if (!(flags & ZILA_DB_READONLY) &&
	    (st = zila_db_exec(db, "PRAGMA journal_mode = WAL", err)) != ZILA_OK)
		goto fail;
	/* 8 MB of page cache: a search for a common Hindi word reads about
	 * 3 MB of FTS5 doclists, and with SQLite's 2 MB default it read them
	 * again from the file each time (5.7 ms instead of 0.9 ms on the
	 * 1,000,000-record demo); still well inside the 32 MB budget */
	if ((st = zila_db_exec(db, "PRAGMA cache_size = -8192", err)) != ZILA_OK)
		goto fail;
	/* trusted_schema stays ON: with it OFF SQLite refuses the schema's own
	 * triggers that keep the FTS5 tables in step ("unsafe use of virtual
	 * table"). The schema is ours (embedded migrations) and no SQL function
	 * with side effects is registered. */
	if ((st = zila_db_exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
			"PRAGMA trusted_schema = ON", err)) != ZILA_OK)
		goto fail;
	if (!(flags & ZILA_DB_READONLY) && (st = migrate(db, err)) != ZILA_OK)
		goto fail;
	if ((flags & ZILA_DB_READONLY) && zila_db_schema_version(db) > zila_db_known_version()) {
		st = zila_fail(err, ZILA_EVERSION, "%s is newer than this zila: use a newer zila", path);
		goto fail;
	}

	char kind[16] = "";
	zila_meta_get(db, "db_kind", kind, sizeof kind, NULL);
	db->kind = strcmp(kind, "server") == 0 ? ZILA_DB_SERVER : ZILA_DB_DESK;

	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) : 1;
	db->blob_dir = zila_xmalloc(dirlen + 8);
	snprintf(db->blob_dir, dirlen + 8, "%.*s/blobs", (int)dirlen, slash ? path : ".");
	*out = db;
	return ZILA_OK;
fail:
	zila_db_close(&db);
	return st;
}

void
zila_db_close(struct zila_db **pdb)
{
	struct zila_db *db = *pdb;
	if (!db)
		return;
	for (int i = 0; i < STMT_BUCKETS; i++) {
		struct stmt_entry *e = db->stmts[i];
		while (e) {
			struct stmt_entry *next = e->next;
			sqlite3_finalize(e->stmt);
			free(e->sql);
			free(e);
			e = next;
		}
	}
	if (db->h)
		sqlite3_close(db->h);
	if (db->trace)
		fclose(db->trace);
	core_memo_set(db, NULL, NULL, NULL);
	free(db->path);
	free(db->blob_dir);
	free(db);
	*pdb = NULL;
}

/* What identifies the database's contents now: this connection's row
 * changes and PRAGMA data_version (which moves when another connection
 * commits). -1 when it cannot be read, which matches nothing. */
static sqlite3_int64
data_version(struct zila_db *db)
{
	sqlite3_stmt *st = zila_db_stmt(db, "PRAGMA data_version", NULL);
	sqlite3_int64 v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	return v;
}

void
zila_db_interrupt_when(struct zila_db *db, int (*stop)(void *ctx), void *ctx)
{
	sqlite3_progress_handler(db->h, stop ? 4000 : 0, stop, ctx);
}

void *
core_memo_get(struct zila_db *db, const char *key)
{
	if (!db->memo.key || strcmp(db->memo.key, key) != 0 ||
	    db->memo.changes != sqlite3_total_changes64(db->h) || db->memo.version != data_version(db) ||
	    db->memo.version < 0)
		return NULL;
	return db->memo.value;
}

void
core_memo_set(struct zila_db *db, const char *key, void *value, void (*free_fn)(void *))
{
	if (db->memo.free_fn)
		db->memo.free_fn(db->memo.value);
	free(db->memo.key);
	db->memo.key = key ? zila_xstrdup(key) : NULL;
	db->memo.value = value;
	db->memo.free_fn = free_fn;
	if (key) {
		db->memo.changes = sqlite3_total_changes64(db->h);
		db->memo.version = data_version(db);
	}
}

enum zila_status
zila_db_backup(struct zila_db *db, const char *dest, struct zila_err *err)
{
	sqlite3_stmt *st;
	/* made empty and private first (VACUUM INTO fills an empty file):
	 * a backup holds every password hash, so it is 0600 whatever the
	 * umask, and O_EXCL refuses a file that appeared meanwhile */
	int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno == EEXIST)
		return zila_fail(err, ZILA_EEXIST, "%s already exists: choose a new file name", dest);
	if (fd < 0)
		return zila_fail(err, ZILA_EIO, "cannot make %s: %s", dest, strerror(errno));
	fchmod(fd, 0600);
	close(fd);
	if (sqlite3_prepare_v2(db->h, "VACUUM INTO ?1", -1, &st, NULL) != SQLITE_OK) {
		unlink(dest);
		return zila_db_error(db, "backup", err);
	}
	sqlite3_bind_text(st, 1, dest, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		enum zila_status bad = zila_db_error(db, "backup", err);
		unlink(dest);
		return bad;
	}

	sqlite3 *copy;
	enum zila_status res = ZILA_OK;
	if (sqlite3_open_v2(dest, &copy, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(copy);
		return zila_fail(err, ZILA_EIO, "backup written but cannot be opened: %s", dest);
	}
	if (sqlite3_prepare_v2(copy, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		res = zila_fail(err, ZILA_EIO, "backup %s failed its integrity check", dest);
	sqlite3_finalize(st);
	sqlite3_close(copy);
	return res;
}

enum zila_status
zila_db_check_record(struct zila_db *db, const char *result, struct zila_err *err)
{
	char at[32];
	zila_iso_time(zila_clock(), at, sizeof at);
	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	if ((st = zila_meta_set(db, "integrity_checked_at", at, err)) == ZILA_OK)
		st = zila_meta_set(db, "integrity_result", result, err);
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	return st != ZILA_OK ? st : end;
}

enum zila_status
zila_db_quick_check(struct zila_db *db, bool *damaged, char *detail, size_t n, struct zila_err *err)
{
	sqlite3_stmt *st;
	*damaged = false;
	if (n)
		detail[0] = '\0';
	if (sqlite3_prepare_v2(db->h, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK)
		return zila_db_error(db, "quick_check", err);
	int rc = sqlite3_step(st);
	/* SQLITE_CORRUPT from the check itself is a finding, not a failure to
	 * check: a page too damaged to walk is the worst answer it can give */
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		*damaged = !r || strcmp(r, "ok") != 0;
		if (*damaged)
			snprintf(detail, n, "%s", r ? r : "no answer");
	} else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
		*damaged = true;
		snprintf(detail, n, "%s", sqlite3_errmsg(db->h));
	} else {
		sqlite3_finalize(st);
		return zila_db_error(db, "quick_check", err);
	}
	sqlite3_finalize(st);
	/* a damaged file may refuse the write too; the finding still stands */
	struct zila_err ignored = { 0 };
	zila_db_check_record(db, *damaged ? detail : "ok", &ignored);
	return ZILA_OK;
}

bool
zila_db_check_due(struct zila_db *db)
{
	char at[32] = "", result[16] = "";
	time_t then;
	if (zila_meta_get(db, "integrity_checked_at", at, sizeof at, NULL) != ZILA_OK ||
	    zila_meta_get(db, "integrity_result", result, sizeof result, NULL) != ZILA_OK ||
	    !zila_parse_time(at, &then))
		return true;
	time_t now = zila_clock();
	return strcmp(result, "ok") != 0 || then > now || now - then >= ZILA_DB_CHECK_EVERY_SECONDS;
}
