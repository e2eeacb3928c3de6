/* test_db.c: opening, migrations, the newer-database refusal, nested
 * transactions, backup and the audit chain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "test_letter.h"
#include "zila/audit.h"
#include "zila/migrations.h"
#include "zila/master.h"
#include "zila/util.h"

START_TEST(fresh_database_is_migrated_and_checked)
{
	struct fixture f;
	fixture_open(&f);
	ck_assert_int_eq(zila_db_schema_version(f.db), zila_db_known_version());
	ck_assert_int_eq(query_int(&f, "PRAGMA foreign_keys"), 1);
	ck_assert_int_eq(query_int(&f, "PRAGMA synchronous"), 2);
	char report[1024];
	struct zila_err err = { 0 };
	ck_assert_msg(zila_db_check(f.db, report, sizeof report, NULL, &err) == ZILA_OK, "%s %s", err.msg, report);
	fixture_close(&f);
}
END_TEST

START_TEST(newer_database_is_refused)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_db *db;
	fixture_open(&f);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", zila_db_known_version() + 1);
	ck_assert_int_eq(zila_db_exec(f.db, sql, &err), ZILA_OK);
	zila_db_close(&f.db);
	ck_assert_int_eq(zila_db_open(f.path, 0, &db, &err), ZILA_EVERSION);
	ck_assert_ptr_nonnull(strstr(err.msg, "newer zila"));
	ck_assert_ptr_null(db);
	fixture_close(&f);
}
END_TEST

/* A migration that fails says why, whole: the cause used to be formatted
 * over itself and came out cut ("...failed: ady exists"). */
START_TEST(failed_migration_says_why)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_db *db;
	fixture_open(&f);
	/* back to 7, with a table that migration 008 is about to make */
	ck_assert_int_eq(zila_db_exec(f.db, "DROP TABLE desk_session; CREATE TABLE desk_session(x);"
		" PRAGMA user_version = 7", &err), ZILA_OK);
	zila_db_close(&f.db);
	ck_assert_int_ne(zila_db_open(f.path, 0, &db, &err), ZILA_OK);
	ck_assert_ptr_null(db);
	ck_assert_msg(strstr(err.msg, "migration 008_session.sql failed: ") &&
		strstr(err.msg, "table desk_session already exists"), "%s", err.msg);
	fixture_close(&f);
}
END_TEST

START_TEST(each_older_version_migrates)
{
	/* every step from every older version reaches the newest schema */
	for (int from = 0; from < zila_db_known_version(); from++) {
		char dir[] = "/tmp/zila-mig.XXXXXX", path[300];
		struct zila_db *db;
		struct zila_err err = { 0 };
		ck_assert_ptr_nonnull(mkdtemp(dir));
		snprintf(path, sizeof path, "%s/z.db", dir);
		sqlite3 *h;
		ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
		ck_assert_int_eq(zila_db_sql_functions(h), SQLITE_OK);
		/* the older steps are the setting, not the test: without a sync
		 * per statement, 25 versions take seconds, not a minute */
		ck_assert_int_eq(sqlite3_exec(h, "PRAGMA synchronous = OFF", NULL, NULL, NULL), SQLITE_OK);
		extern const struct zila_migration zila_migrations[];
		for (int i = 0; i < from; i++)
			ck_assert_int_eq(sqlite3_exec(h, zila_migrations[i].sql, NULL, NULL, NULL), SQLITE_OK);
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", from);
		sqlite3_exec(h, sql, NULL, NULL, NULL);
		sqlite3_close(h);
		ck_assert_msg(zila_db_open(path, 0, &db, &err) == ZILA_OK, "from %d: %s", from, err.msg);
		ck_assert_int_eq(zila_db_schema_version(db), zila_db_known_version());
		zila_db_close(&db);
		snprintf(sql, sizeof sql, "rm -rf %s", dir);
		ck_assert_int_eq(system(sql), 0);
	}
}
END_TEST

/* A database as migration `upto` left it, holding the rows of the newest
 * database at src: the schema made step by step, every table copied (the
 * audit log through its view, which reads as the old table), the full-text
 * indexes filled by their triggers. */
static void
older_copy(const char *src, const char *dst, int upto)
{
	sqlite3 *h;
	char sql[600];
	extern const struct zila_migration zila_migrations[];
	ck_assert_int_eq(sqlite3_open(dst, &h), SQLITE_OK);
	ck_assert_int_eq(zila_db_sql_functions(h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "PRAGMA synchronous = OFF", NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < zila_migration_count && zila_migrations[i].version <= upto; i++)
		ck_assert_int_eq(sqlite3_exec(h, zila_migrations[i].sql, NULL, NULL, NULL), SQLITE_OK);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d; ATTACH '%s' AS n", upto, src);
	ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	/* the older table's own columns: a later migration may have added some */
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT s.name, (SELECT group_concat('\"' || c.name || '\"', ', ')"
		" FROM pragma_table_info(s.name, 'main') c) FROM main.sqlite_schema s WHERE s.type = 'table'"
		" AND s.name NOT LIKE 'sqlite%' AND s.name NOT LIKE '%fts%' AND s.sql NOT LIKE 'CREATE VIRTUAL%'", -1, &st, NULL),
		SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *ins = sqlite3_mprintf("INSERT INTO main.\"%w\"(%s) SELECT %s FROM n.\"%w\"", sqlite3_column_text(st, 0),
			sqlite3_column_text(st, 1), sqlite3_column_text(st, 1), sqlite3_column_text(st, 0));
		ck_assert_msg(sqlite3_exec(h, ins, NULL, NULL, NULL) == SQLITE_OK, "%s: %s", ins, sqlite3_errmsg(h));
		sqlite3_free(ins);
	}
	sqlite3_finalize(st);
	ck_assert_int_eq(sqlite3_exec(h, "COMMIT; DETACH n", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static long long progress_done, progress_total;
static int progress_calls;
/* the last value told of each migration's run (its total), in order */
static long long progress_runs[8][2];
static int progress_nruns;

static void
note_progress(long long done, long long total, void *ctx)
{
	(void)ctx;
	progress_done = done;
	progress_total = total;
	progress_calls++;
	if (total && (!progress_nruns || progress_runs[progress_nruns - 1][1] != total || done < progress_runs[progress_nruns - 1][0])
		&& progress_nruns < 8)
		progress_nruns++;
	if (total) {
		progress_runs[progress_nruns - 1][0] = done;
		progress_runs[progress_nruns - 1][1] = total;
	}
}

static char *
audit_text(struct zila_db *db)
{
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(db), "SELECT group_concat(seq || at || actor_id || desk_id"
		" || action || mutation_id || args || prev_hash || hash, '|') FROM (SELECT * FROM audit_log ORDER BY seq)",
		-1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	char *t = zila_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return t;
}

/* Migration 025 keeps the audit log as it was, row for row, and its chain
 * still verifies; a row changed before the upgrade is still found. */
START_TEST(audit_log_is_kept_whole_by_the_upgrade)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_db *db;
	char old[400], report[2048];
	long long bad;
	fixture_open(&f);
	json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Asha Devi", "description", "हैंडपंप खराब",
		"category", "LAND");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	char number[40];
	letter_diarise(&f, "Flood relief", "REV:15,PWD:7", number);
	char *before = audit_text(f.db);
	long long rows = query_int(&f, "SELECT count(*) FROM audit_log");
	snprintf(old, sizeof old, "%s/old.db", f.dir);
	older_copy(f.path, old, 24);
	zila_db_on_migrate(note_progress, NULL);
	progress_calls = progress_nruns = 0;
	ck_assert_msg(zila_db_open(old, 0, &db, &err) == ZILA_OK, "%s", err.msg);
	zila_db_on_migrate(NULL, NULL);
	ck_assert_int_ge(progress_calls, 2);
	/* 025's run, the first: every audit row (029's, the events, follows) */
	ck_assert_int_ge(progress_nruns, 1);
	ck_assert_int_eq(progress_runs[0][0], rows);
	ck_assert_int_eq(progress_runs[0][1], rows);
	char *after = audit_text(db);
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(zila_audit_verify(db, &bad, &err), ZILA_OK);
	ck_assert_int_eq(bad, 0);
	ck_assert_msg(zila_db_check(db, report, sizeof report, NULL, &err) == ZILA_OK, "%s %s", err.msg, report);
	free(before);
	free(after);
	zila_db_close(&db);

	unlink(old);
	older_copy(f.path, old, 24);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(old, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET args = '{}' WHERE seq = 3",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	ck_assert_msg(zila_db_open(old, 0, &db, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(zila_audit_verify(db, &bad, &err), ZILA_OK);
	ck_assert_int_eq(bad, 3);
	zila_db_close(&db);
	fixture_close(&f);
}
END_TEST

static int compacting_calls;

static void
note_compacting(long long done, long long total, void *ctx)
{
	(void)ctx;
	compacting_calls += done == 0 && total == 0;
}

/* The old audit table's pages, freed by 025, go back to the disk (the file
 * is rewritten when a quarter of it is free: here the old table held half
 * of it), and the program is told. */
START_TEST(upgrade_gives_the_space_back)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_db *db;
	char old[400];
	fixture_open(&f);
	snprintf(old, sizeof old, "%s/old.db", f.dir);
	older_copy(f.path, old, 24);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(old, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
		" INSERT INTO audit_log SELECT i, '2026-11-20T06:00:00Z', '', '', 'x', 'm' || i, printf('%.500c', 'a'), '', ''"
		" FROM n", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	zila_db_on_migrate(note_compacting, NULL);
	compacting_calls = 0;
	ck_assert_msg(zila_db_open(old, 0, &db, &err) == ZILA_OK, "%s", err.msg);
	zila_db_on_migrate(NULL, NULL);
	ck_assert_int_eq(compacting_calls, 1);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(db), "PRAGMA freelist_count", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_int_eq(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	zila_db_close(&db);
	fixture_close(&f);
}
END_TEST

/* After 025 the letters' search index holds no copy of their text (it
 * reads the letter rows) and finds what it found before; a changed
 * subject is found by its new words, not its old ones, and the index
 * agrees with the rows (FTS5's integrity-check compares the two). */
START_TEST(letter_search_reads_the_letter_rows)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char old[400], number[40];
	fixture_open(&f);
	letter_diarise(&f, "Flood relief for Patan", "REV:15", number);
	letter_diarise(&f, "बाढ़ राहत", "PWD:7", number);
	snprintf(old, sizeof old, "%s/old.db", f.dir);
	older_copy(f.path, old, 24);
	zila_db_close(&f.db);
	ck_assert_msg(zila_db_open(old, 0, &f.db, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_schema WHERE name = 'letter_fts_content'"), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_fts WHERE letter_fts MATCH '\"Flood\"'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_fts WHERE letter_fts MATCH '\"राहत\"'"), 1);
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE letter SET subject = 'Drought relief' WHERE subject LIKE 'Flood%';"
		"UPDATE letter SET updated_at = updated_at", &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_fts WHERE letter_fts MATCH '\"Flood\"'"), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_fts WHERE letter_fts MATCH '\"Drought\"'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter_fts WHERE letter_fts MATCH '\"relief\"'"), 1);
	ck_assert_msg(zila_db_exec(f.db, "INSERT INTO letter_fts(letter_fts) VALUES ('integrity-check')", &err) == ZILA_OK,
		"%s", err.msg);
	fixture_close(&f);
}
END_TEST

/* Every column of every event row, in rowid order: what the readers and
 * zilad's pull see. */
static char *
events_text(struct zila_db *db)
{
	static const char *const sql[] = { "SELECT rowid, * FROM grievance_event ORDER BY rowid",
		"SELECT rowid, * FROM letter_event ORDER BY rowid", "SELECT rowid, * FROM inspection_event ORDER BY rowid" };
	char *t = zila_xstrdup("");
	for (int i = 0; i < 3; i++) {
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(db), sql[i], -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(st); c++) {
				/* each value with its name and type: a version of 1 is
				 * not the text '1' */
				const char *v = (const char *)sqlite3_column_text(st, c);
				size_t n = strlen(t) + strlen(sqlite3_column_name(st, c)) + (v ? strlen(v) : 0) + 8;
				char *u = zila_xmalloc(n);
				snprintf(u, n, "%s%s%d=%s|", t, sqlite3_column_name(st, c), sqlite3_column_type(st, c), v ? v : "");
				free(t);
				t = u;
			}
		sqlite3_finalize(st);
	}
	return t;
}

/* 029: an event's version and times are derived from its at, not stored;
 * every event reads as before with the same rowid, the triggers on the
 * tables (the search index's, sync's, any other) and the planner's
 * statistics are kept, the progress counts the rows, and a new event
 * reads as one written before. */
START_TEST(event_rows_read_the_same_after_the_upgrade)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_db *db;
	char old[400], report[2048], number[40];
	fixture_open(&f);
	json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Asha Devi", "description", "हैंडपंप खराब",
		"category", "LAND");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	args = json_pack("{s:s, s:s}", "grievance", "DRG/G/07/2026/000001", "note", "पानी की टंकी");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.note", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	letter_diarise(&f, "Flood relief", "REV:15,PWD:7", number);
	char *before = events_text(f.db);
	long long events = query_int(&f, "SELECT (SELECT max(rowid) FROM grievance_event)"
		" + (SELECT max(rowid) FROM letter_event)");
	ck_assert_int_ge(events, 4);
	snprintf(old, sizeof old, "%s/old.db", f.dir);
	older_copy(f.path, old, 28);
	sqlite3 *h;
	ck_assert_int_eq(sqlite3_open(old, &h), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(h, "CREATE TRIGGER kept_l AFTER INSERT ON letter_event BEGIN SELECT 1; END;"
		"CREATE TRIGGER kept_i AFTER DELETE ON inspection_event BEGIN SELECT 2; END; ANALYZE",
		NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	zila_db_on_migrate(note_progress, NULL);
	progress_calls = progress_nruns = 0;
	ck_assert_msg(zila_db_open(old, 0, &db, &err) == ZILA_OK, "%s", err.msg);
	zila_db_on_migrate(NULL, NULL);
	/* one run, counting up to every event */
	ck_assert_int_eq(progress_nruns, 1);
	ck_assert_int_eq(progress_runs[0][0], events);
	ck_assert_int_eq(progress_runs[0][1], events);
	char *after = events_text(db);
	ck_assert_str_eq(after, before);
	free(after);
	zila_db_close(&f.db);
	f.db = db;
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM pragma_table_xinfo('grievance_event')"
		" WHERE name IN ('version', 'created_at', 'updated_at') AND hidden = 2"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM pragma_table_xinfo('letter_event') WHERE hidden = 2"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM pragma_table_xinfo('inspection_event') WHERE hidden = 2"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"
		" AND (name, tbl_name) IN (VALUES ('grievance_fts_note', 'grievance_event'), ('kept_l', 'letter_event'),"
		" ('kept_i', 'inspection_event'))"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_stat1 WHERE idx IN ('grievance_event_grievance',"
		" 'letter_event_letter')"), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '%029%'"), 0);
	ck_assert_msg(zila_db_check(db, report, sizeof report, NULL, &err) == ZILA_OK, "%s %s", err.msg, report);
	/* the note's trigger still feeds the search index */
	args = json_pack("{s:s, s:s}", "grievance", "DRG/G/07/2026/000001", "note", "नलकूप सुधारा");
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.note", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance_fts WHERE grievance_fts MATCH '\"नलकूप\"'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance_event WHERE note = 'नलकूप सुधारा'"
		" AND version = 1 AND created_at = at AND updated_at = at AND typeof(version) = 'integer'"), 1);
	free(before);
	fixture_close(&f);
}
END_TEST

START_TEST(missing_database_is_not_created_without_asking)
{
	struct zila_db *db;
	struct zila_err err = { 0 };
	ck_assert_int_eq(zila_db_open("/tmp/zila-no-such-dir/x.db", 0, &db, &err), ZILA_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "zila init"));
}
END_TEST

START_TEST(default_path_order)
{
	char buf[512];
	struct zila_err err = { 0 };
	setenv("ZILA_DB", "/x/env.db", 1);
	ck_assert_int_eq(zila_db_default_path("/x/given.db", buf, sizeof buf, &err), ZILA_OK);
	ck_assert_str_eq(buf, "/x/given.db");
	ck_assert_int_eq(zila_db_default_path(NULL, buf, sizeof buf, &err), ZILA_OK);
	ck_assert_str_eq(buf, "/x/env.db");
	unsetenv("ZILA_DB");
	setenv("XDG_DATA_HOME", "/x/xdg", 1);
	zila_db_default_path(NULL, buf, sizeof buf, &err);
	ck_assert_str_eq(buf, "/x/xdg/zila/zila.db");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/clerk", 1);
	zila_db_default_path(NULL, buf, sizeof buf, &err);
	ck_assert_str_eq(buf, "/home/clerk/.local/share/zila/zila.db");
}
END_TEST

START_TEST(inner_failure_rolls_back_the_outer_transaction)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	long long before = query_int(&f, "SELECT count(*) FROM meta");
	ck_assert_int_eq(zila_db_begin(f.db, &err), ZILA_OK);
	ck_assert_int_eq(zila_meta_set(f.db, "x", "1", &err), ZILA_OK);
	ck_assert_int_eq(zila_db_begin(f.db, &err), ZILA_OK);
	ck_assert_int_eq(zila_db_end(f.db, false, &err), ZILA_OK);
	ck_assert_int_ne(zila_db_end(f.db, true, &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM meta"), before);
	fixture_close(&f);
}
END_TEST

START_TEST(backup_is_a_checked_copy)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char dest[400];
	fixture_open(&f);
	snprintf(dest, sizeof dest, "%s/backup.db", f.dir);
	ck_assert_msg(zila_db_backup(f.db, dest, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(zila_db_backup(f.db, dest, &err), ZILA_EEXIST);
	struct zila_db *copy;
	ck_assert_int_eq(zila_db_open(dest, 0, &copy, &err), ZILA_OK);
	zila_db_close(&copy);
	fixture_close(&f);
}
END_TEST

/* A damaged page (here an index's root page, overwritten on disk) no
 * longer costs every open a read of the whole file: the file opens at
 * once, and the whole-file check (the full-screen program's daily one,
 * zila check) finds the damage, records it and keeps saying it is due. */
START_TEST(damaged_file_is_found_by_the_check_not_on_open)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char detail[256], result[256];
	bool damaged = true;
	fixture_open(&f);
	ck_assert_int_eq(zila_db_exec(f.db, "CREATE TABLE scratch(a INTEGER, b TEXT);"
		" WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
		" INSERT INTO scratch SELECT i, printf('row %05d', i) FROM n; CREATE INDEX scratch_b ON scratch(b);"
		" PRAGMA wal_checkpoint(TRUNCATE)", &err), ZILA_OK);
	/* a sound file: the check passes and is not due again for a day */
	ck_assert(zila_db_check_due(f.db));
	ck_assert_int_eq(zila_db_quick_check(f.db, &damaged, detail, sizeof detail, &err), ZILA_OK);
	ck_assert(!damaged);
	ck_assert(!zila_db_check_due(f.db));
	long long page = query_int(&f, "SELECT rootpage FROM sqlite_schema WHERE name = 'scratch_b'");
	long long size = query_int(&f, "PRAGMA page_size");
	zila_db_close(&f.db);
	FILE *fp = fopen(f.path, "r+b");
	ck_assert_ptr_nonnull(fp);
	char junk[512];
	memset(junk, 0x5a, sizeof junk);
	ck_assert_int_eq(fseek(fp, (page - 1) * size + 8, SEEK_SET), 0);
	ck_assert_int_eq(fwrite(junk, 1, sizeof junk, fp), sizeof junk);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_msg(zila_db_open(f.path, 0, &f.db, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(zila_db_quick_check(f.db, &damaged, detail, sizeof detail, &err), ZILA_OK);
	ck_assert(damaged);
	ck_assert_msg(strlen(detail) > 0, "no detail");
	ck_assert_int_eq(zila_meta_get(f.db, "integrity_result", result, sizeof result, &err), ZILA_OK);
	ck_assert_str_eq(result, detail);
	ck_assert(zila_db_check_due(f.db));
	fixture_close(&f);
}
END_TEST

/* The check is due once a day, and at once when the clock went back. */
START_TEST(check_is_due_daily)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	ck_assert_int_eq(zila_db_check_record(f.db, "ok", &err), ZILA_OK);
	time_t now = zila_clock();
	zila_clock_set(now + ZILA_DB_CHECK_EVERY_SECONDS - 60);
	ck_assert(!zila_db_check_due(f.db));
	zila_clock_set(now + ZILA_DB_CHECK_EVERY_SECONDS);
	ck_assert(zila_db_check_due(f.db));
	zila_clock_set(now - 3600);
	ck_assert(zila_db_check_due(f.db));
	zila_clock_set(0);
	fixture_close(&f);
}
END_TEST

START_TEST(audit_chain_detects_tampering)
{
	struct fixture f;
	struct zila_err err = { 0 };
	long long bad;
	char report[2048];
	fixture_open(&f);
	ck_assert_int_eq(zila_audit_verify(f.db, &bad, &err), ZILA_OK);
	ck_assert_int_eq(bad, 0);
	/* the log refuses updates and deletes outright */
	ck_assert_int_ne(zila_db_exec(f.db, "UPDATE audit_log SET actor_id = 'x' WHERE seq = 2", &err), ZILA_OK);
	ck_assert_int_ne(zila_db_exec(f.db, "DELETE FROM audit_log WHERE seq = 2", &err), ZILA_OK);
	ck_assert_int_ne(zila_db_exec(f.db, "UPDATE audit_chain SET args = '{}' WHERE seq = 2", &err), ZILA_OK);
	ck_assert_int_ne(zila_db_exec(f.db, "DELETE FROM audit_chain WHERE seq = 2", &err), ZILA_OK);
	ck_assert_int_ne(zila_db_exec(f.db, "UPDATE audit_name SET name = 'x'", &err), ZILA_OK);
	/* one who drops the guard still cannot hide the change */
	ck_assert_int_eq(zila_db_exec(f.db, "DROP TRIGGER audit_chain_no_update;"
		"UPDATE audit_chain SET args = '{}' WHERE seq = 3", &err), ZILA_OK);
	ck_assert_int_eq(zila_audit_verify(f.db, &bad, &err), ZILA_OK);
	ck_assert_int_eq(bad, 3);
	ck_assert_int_ne(zila_db_check(f.db, report, sizeof report, NULL, &err), ZILA_OK);
	ck_assert_ptr_nonnull(strstr(report, "audit"));
	fixture_close(&f);
}
END_TEST

/* What is not in the usual form is kept as it came, and the chain still
 * verifies: a time without its Z, a mutation that is no lowercase UUID, a
 * name never seen before (added to audit_name by the append). */
START_TEST(audit_keeps_unusual_values_as_text)
{
	struct fixture f;
	struct zila_err err = { 0 };
	long long bad;
	fixture_open(&f);
	long long names = query_int(&f, "SELECT count(*) FROM audit_name");
	ck_assert_int_eq(zila_audit_append(f.db, "2026-11-20 06:00:00", "someone", "desk-9", "test.odd", "NOT-A-UUID",
		"{}", &err), ZILA_OK);
	ck_assert_int_eq(zila_audit_append(f.db, "1969-12-31T23:59:59Z", "someone", "desk-9", "test.odd",
		"01A24D5E-AB52-7224-BF16-ED731786AFE3", "{}", &err), ZILA_OK);
	ck_assert_int_eq(zila_audit_append(f.db, "2026-02-30T06:00:00Z", "someone", "desk-9", "test.odd",
		"01a24d5e-ab52-7224-bf16-ed731786afe3", "{}", &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_name"), names + 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_chain WHERE typeof(at) = 'text'"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_chain WHERE typeof(mutation) = 'text'"), 2);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log WHERE at = '2026-11-20 06:00:00'"
		" AND mutation_id = 'NOT-A-UUID' AND actor_id = 'someone' AND desk_id = 'desk-9'"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log WHERE at = '2026-02-30T06:00:00Z'"
		" AND mutation_id = '01a24d5e-ab52-7224-bf16-ed731786afe3'"), 1);
	ck_assert_int_eq(zila_audit_verify(f.db, &bad, &err), ZILA_OK);
	ck_assert_int_eq(bad, 0);
	fixture_close(&f);
}
END_TEST

/* The rows of another file's chain after a point, appended to this one's
 * (zila demo's second half, made in a copy of the file): hashed anew on
 * this chain, which verifies whole, with the same text as they had there,
 * the unusual values (a time without Z, a mutation that is no UUID, a
 * name this file has not seen) too. */
START_TEST(audit_appends_an_attached_chain)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_db *half;
	char path[400];
	long long bad;
	fixture_open(&f);
	snprintf(path, sizeof path, "%s/half.db", f.dir);
	ck_assert_msg(zila_db_backup(f.db, path, &err) == ZILA_OK, "%s", err.msg);
	long long split = query_int(&f, "SELECT max(seq) FROM audit_chain");
	/* both go on from the split, each its own way */
	ck_assert_int_eq(zila_audit_append(f.db, "2026-11-20T06:00:00Z", "main", "desk-1", "test.main",
		"01a24d5e-ab52-7224-bf16-ed731786afe3", "{\"n\":1}", &err), ZILA_OK);
	ck_assert_int_eq(zila_db_open(path, 0, &half, &err), ZILA_OK);
	ck_assert_int_eq(zila_audit_append(half, "2026-11-21T06:00:00Z", "other", "desk-2", "test.half",
		"01a24d5e-ab52-7224-bf16-ed731786afe4", "{\"n\":2}", &err), ZILA_OK);
	ck_assert_int_eq(zila_audit_append(half, "2026-11-21 06:00:00", "other", "desk-2", "test.half", "NOT-A-UUID",
		"{\"n\":3}", &err), ZILA_OK);
	zila_db_close(&half);
	char attach[500];
	snprintf(attach, sizeof attach, "ATTACH '%s' AS demo_half", path);
	ck_assert_msg(zila_db_exec(f.db, attach, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(zila_audit_append_attached(f.db, "demo_half; DROP", split, &err), ZILA_EINVAL);
	ck_assert_msg(zila_audit_append_attached(f.db, "demo_half", split, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "SELECT max(seq) FROM audit_chain"), split + 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_log m JOIN (SELECT c.seq + 1 AS seq,"
		" CASE typeof(c.at) WHEN 'integer' THEN strftime('%Y-%m-%dT%H:%M:%SZ', c.at, 'unixepoch') ELSE c.at END AS at,"
		" a.name AS actor, x.name AS action, c.mutation, c.args FROM demo_half.audit_chain c"
		" JOIN demo_half.audit_name a ON a.id = c.actor JOIN demo_half.audit_name x ON x.id = c.action"
		" WHERE c.seq > " "(SELECT max(seq) - 2 FROM demo_half.audit_chain)) h ON h.seq = m.seq"
		" WHERE m.at = h.at AND m.actor_id = h.actor AND m.action = h.action AND m.args = h.args"
		" AND (m.mutation_id = h.mutation OR m.mutation_id = lower(substr(hex(h.mutation), 1, 8) || '-' ||"
		" substr(hex(h.mutation), 9, 4) || '-' || substr(hex(h.mutation), 13, 4) || '-' ||"
		" substr(hex(h.mutation), 17, 4) || '-' || substr(hex(h.mutation), 21)))"), 2);
	/* kept as compactly as there */
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM audit_chain WHERE (seq = (SELECT max(seq) - 1 FROM audit_chain)"
		" AND typeof(at) = 'integer' AND typeof(mutation) = 'blob') OR (seq = (SELECT max(seq) FROM audit_chain)"
		" AND typeof(at) = 'text' AND typeof(mutation) = 'text')"), 2);
	ck_assert_int_eq(zila_audit_verify(f.db, &bad, &err), ZILA_OK);
	ck_assert_int_eq(bad, 0);
	ck_assert_int_eq(zila_db_exec(f.db, "DETACH demo_half", &err), ZILA_OK);
	fixture_close(&f);
}
END_TEST

/* The compact parts are covered too: a name (actor, desk, action) kept
 * once in audit_name, the time kept as seconds, the stored hash. */
START_TEST(audit_chain_covers_the_compact_columns)
{
	static const char *const tamper[] = {
		"DROP TRIGGER audit_name_no_update; UPDATE audit_name SET name = name || 'x'"
		" WHERE id = (SELECT action FROM audit_chain WHERE seq = 1)",
		"DROP TRIGGER audit_chain_no_update; UPDATE audit_chain SET at = at + 60 WHERE seq = 1",
		"DROP TRIGGER audit_chain_no_update; UPDATE audit_chain SET hash = zeroblob(32) WHERE seq = 1",
		"DROP TRIGGER audit_chain_no_update; UPDATE audit_chain SET mutation = zeroblob(16) WHERE seq = 1",
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(tamper); i++) {
		struct fixture f;
		struct zila_err err = { 0 };
		long long bad;
		fixture_open(&f);
		ck_assert_int_eq(query_int(&f, "SELECT typeof(at) = 'integer' AND length(mutation) = 16"
			" AND length(hash) = 32 FROM audit_chain WHERE seq = 1"), 1);
		ck_assert_msg(zila_db_exec(f.db, tamper[i], &err) == ZILA_OK, "%s", err.msg);
		ck_assert_int_eq(zila_audit_verify(f.db, &bad, &err), ZILA_OK);
		ck_assert_msg(bad == 1, "%s: broken at %lld", tamper[i], bad);
		fixture_close(&f);
	}
}
END_TEST

START_TEST(audit_chain_detects_a_removed_row)
{
	struct fixture f;
	struct zila_err err = { 0 };
	long long bad;
	fixture_open(&f);
	ck_assert_int_eq(zila_db_exec(f.db, "DROP TRIGGER audit_chain_no_delete; DELETE FROM audit_chain WHERE seq = 4", &err), ZILA_OK);
	ck_assert_int_eq(zila_audit_verify(f.db, &bad, &err), ZILA_OK);
	ck_assert_int_eq(bad, 4);
	fixture_close(&f);
}
END_TEST

START_TEST(one_value_helpers_bind_by_name)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	long long n = -1;
	ck_assert_int_eq(zila_db_int(f.db, "SELECT count(*) FROM department WHERE code = :code",
		ZILA_PARAMS(ZILA_PTEXT(":code", "REV")), &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 1);
	char name[64];
	ck_assert_int_eq(zila_db_text(f.db, "SELECT login FROM app_user WHERE role = :role AND department_id IS NULL",
		ZILA_PARAMS(ZILA_PTEXT(":role", "clerk")), name, sizeof name, &err), ZILA_OK);
	ck_assert_str_eq(name, "clerk");
	/* no row: not found, and the buffer says nothing stale */
	ck_assert_int_eq(zila_db_text(f.db, "SELECT login FROM app_user WHERE login = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", "nobody")), name, sizeof name, &err), ZILA_ENOTFOUND);
	ck_assert_str_eq(name, "");
	/* a value that does not fit is refused, never cut */
	char small[3];
	ck_assert_int_eq(zila_db_text(f.db, "SELECT 'abcdef'", NULL, small, sizeof small, &err), ZILA_EDB);
	bool yes = true;
	ck_assert_int_eq(zila_db_exists(f.db, "SELECT 1 FROM department WHERE code = :c AND :n > 0",
		ZILA_PARAMS(ZILA_PTEXT(":c", "XYZ"), ZILA_PINT(":n", 1)), &yes, &err), ZILA_OK);
	ck_assert(!yes);
	ck_assert_int_eq(zila_db_exists(f.db, "SELECT 1 FROM department WHERE code = :c",
		ZILA_PARAMS(ZILA_PTEXT(":c", "PWD")), &yes, &err), ZILA_OK);
	ck_assert(yes);
	fixture_close(&f);
}
END_TEST

START_TEST(unknown_or_missing_parameter_is_refused)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	long long n = 42;
	/* a typo in a name would bind nothing and compare with NULL */
	ck_assert_int_eq(zila_db_int(f.db, "SELECT count(*) FROM department WHERE code = :code",
		ZILA_PARAMS(ZILA_PTEXT(":cdoe", "REV")), &n, &err), ZILA_EDB);
	ck_assert_ptr_nonnull(strstr(err.msg, ":cdoe"));
	ck_assert_int_eq(n, 0);
	/* a parameter left without a value */
	bool yes = true;
	ck_assert_int_eq(zila_db_exists(f.db, "SELECT 1 FROM department WHERE code = :a OR code = :b",
		ZILA_PARAMS(ZILA_PTEXT(":a", "REV")), &yes, &err), ZILA_EDB);
	ck_assert_ptr_nonnull(strstr(err.msg, "2 parameters, 1 given"));
	ck_assert(!yes);
	/* the cached statement works again with the right names */
	ck_assert_int_eq(zila_db_int(f.db, "SELECT count(*) FROM department WHERE code = :code",
		ZILA_PARAMS(ZILA_PTEXT(":code", "REV")), &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 1);
	fixture_close(&f);
}
END_TEST

START_TEST(sql_builder_refuses_on_overflow)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	struct zila_sql q = { .len = 0 };
	zila_sql(&q, "SELECT count(*) FROM department", " WHERE 1");
	sqlite3_stmt *st = zila_sql_stmt(f.db, &q, &err);
	ck_assert_ptr_nonnull(st);
	ck_assert_str_eq(q.text, "SELECT count(*) FROM department WHERE 1");
	/* fill it up to the brim, then one fragment more: the text is
	 * refused whole, and a later short fragment does not sneak in */
	size_t before = q.len;
	while (q.len + 16 < ZILA_SQL_MAX)
		zila_sql_add(&q, " AND 1 = 1");
	ck_assert(!q.overflow);
	zila_sql_add(&q, " AND code = 'REV' AND name_en IS NOT NULL");
	ck_assert(q.overflow);
	size_t at = q.len;
	zila_sql_add(&q, " AND 1");
	ck_assert_uint_eq(q.len, at);
	ck_assert_uint_gt(at, before);
	err.msg[0] = '\0';
	ck_assert_ptr_null(zila_sql_stmt(f.db, &q, &err));
	ck_assert_int_eq(err.code, ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "too long"));
	fixture_close(&f);
}
END_TEST

/* How many OpenEphemeral instructions an INSERT into table t compiles to. */
static int
insert_ephemerals(sqlite3 *h, const char *table)
{
	char sql[200];
	sqlite3_stmt *st;
	int n = 0;
	snprintf(sql, sizeof sql, "EXPLAIN INSERT INTO \"%s\" DEFAULT VALUES", table);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		n += strcmp((const char *)sqlite3_column_text(st, 1), "OpenEphemeral") == 0;
	sqlite3_finalize(st);
	return n;
}

/* A CHECK written "x IN ('a', 'b', 'c')" made SQLite build and throw away
 * a table for every row written (db/026_check_lists.sql): no table's
 * constraints cost one now, and the constraints still hold. */
START_TEST(check_constraints_build_no_table_per_row)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	sqlite3 *h = zila_db_handle(f.db);
	sqlite3_stmt *tables;
	ck_assert_int_eq(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_schema WHERE type = 'table'"
		" AND name NOT LIKE 'sqlite_%' AND sql LIKE '%CHECK%'", -1, &tables, NULL), SQLITE_OK);
	int seen = 0;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		/* what the table's other parts (a partial index's WHERE) cost
		 * is the same with the constraints left out */
		ck_assert_int_eq(sqlite3_exec(h, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL), SQLITE_OK);
		int without = insert_ephemerals(h, t);
		ck_assert_int_eq(sqlite3_exec(h, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL), SQLITE_OK);
		ck_assert_msg(insert_ephemerals(h, t) == without, "table %s: a CHECK builds a table per row", t);
		seen++;
	}
	sqlite3_finalize(tables);
	ck_assert_int_gt(seen, 10);
	/* a value outside the list is refused, one inside it and NULL are not */
	ck_assert_int_eq(zila_db_exec(f.db, "INSERT INTO outbox(mutation_id, action, args, actor_id, client_time, state)"
		" VALUES ('m1', 'a', '{}', 'u', 't', 'lost')", &err), ZILA_EDB);
	ck_assert_ptr_nonnull(strstr(err.msg, "CHECK constraint failed"));
	ck_assert_int_eq(zila_db_exec(f.db, "INSERT INTO outbox(mutation_id, action, args, actor_id, client_time, state)"
		" VALUES ('m2', 'a', '{}', 'u', 't', 'applied')", &err), ZILA_OK);
	ck_assert_int_eq(zila_db_exec(f.db, "INSERT INTO inspection_answer(id, created_at, updated_at, inspection_id,"
		" item_id, rating) VALUES ('a1', 't', 't', 'i', 'c', 'splendid')", &err), ZILA_EDB);
	ck_assert_ptr_nonnull(strstr(err.msg, "CHECK constraint failed"));
	fixture_close(&f);
}
END_TEST

/* The SQL of every statement zila check runs, to look at their plans. */
struct seen_sql {
	char *sql[64];
	int n;
};

static int
keep_sql(unsigned type, void *ctx, void *stmt, void *x)
{
	(void)x;
	struct seen_sql *seen = ctx;
	if (type == SQLITE_TRACE_STMT && seen->n < 64 && strstr(sqlite3_sql(stmt), "_event e"))
		seen->sql[seen->n++] = strdup(sqlite3_sql(stmt));
	return 0;
}

/* zila check judges each row against its own events: every event table is
 * reached through an index, never read whole once per row (a marking's
 * events were: hours on the 200,000-letter demo). */
START_TEST(history_check_reads_events_by_index)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char report[1024];
	struct seen_sql seen = { .n = 0 };
	fixture_open(&f);
	sqlite3 *h = zila_db_handle(f.db);
	sqlite3_trace_v2(h, SQLITE_TRACE_STMT, keep_sql, &seen);
	ck_assert_msg(zila_db_check(f.db, report, sizeof report, NULL, &err) == ZILA_OK, "%s %s", err.msg, report);
	sqlite3_trace_v2(h, 0, NULL, NULL);
	ck_assert_int_ge(seen.n, 7);
	for (int i = 0; i < seen.n; i++) {
		char *plan = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&plan, &len);
		sqlite3_stmt *st;
		char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", seen.sql[i]);
		ck_assert_int_eq(sqlite3_prepare_v2(h, eqp, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(out, "%s\n", (const char *)sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
		sqlite3_free(eqp);
		fclose(out);
		ck_assert_msg(!strstr(plan, "SCAN e\n") && !strstr(plan, "SCAN e USING"),
			"an event table is read whole per row:\n%s\n%s", seen.sql[i], plan);
		free(plan);
		free(seen.sql[i]);
	}
	fixture_close(&f);
}
END_TEST

Suite *
db_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("db");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, fresh_database_is_migrated_and_checked);
	tcase_add_test(tc, one_value_helpers_bind_by_name);
	tcase_add_test(tc, unknown_or_missing_parameter_is_refused);
	tcase_add_test(tc, sql_builder_refuses_on_overflow);
	tcase_add_test(tc, newer_database_is_refused);
	tcase_add_test(tc, failed_migration_says_why);
	tcase_add_test(tc, each_older_version_migrates);
	tcase_add_test(tc, audit_log_is_kept_whole_by_the_upgrade);
	tcase_add_test(tc, letter_search_reads_the_letter_rows);
	tcase_add_test(tc, upgrade_gives_the_space_back);
	tcase_add_test(tc, event_rows_read_the_same_after_the_upgrade);
	tcase_add_test(tc, missing_database_is_not_created_without_asking);
	tcase_add_test(tc, default_path_order);
	tcase_add_test(tc, inner_failure_rolls_back_the_outer_transaction);
	tcase_add_test(tc, backup_is_a_checked_copy);
	tcase_add_test(tc, damaged_file_is_found_by_the_check_not_on_open);
	tcase_add_test(tc, check_is_due_daily);
	tcase_add_test(tc, audit_chain_detects_tampering);
	tcase_add_test(tc, audit_chain_detects_a_removed_row);
	tcase_add_test(tc, audit_chain_covers_the_compact_columns);
	tcase_add_test(tc, audit_keeps_unusual_values_as_text);
	tcase_add_test(tc, audit_appends_an_attached_chain);
	tcase_add_test(tc, check_constraints_build_no_table_per_row);
	tcase_add_test(tc, history_check_reads_events_by_index);
	suite_add_tcase(s, tc);
	return s;
}
