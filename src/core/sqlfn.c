/* sqlfn.c: the SQL functions zila adds to each connection: zila_in_hits
 * (hits.c), and two the migrations use: zila_unhex (SQLite has unhex only
 * from 3.41) and zila_progress, which tells the program that opened the
 * database how far a long migration has gone. */
#include <sodium.h>
#include "zila/db.h"
#include "internal.h"

static struct {
	zila_migrate_progress_fn fn;
	void *ctx;
	int last;        /* the per mille last told, so the caller hears at most 1,000 times */
} progress = { NULL, NULL, -1 };

void
zila_db_on_migrate(zila_migrate_progress_fn fn, void *ctx)
{
	progress.fn = fn;
	progress.ctx = ctx;
	progress.last = -1;
}

void
core_migrate_compacting(void)
{
	if (progress.fn)
		progress.fn(0, 0, progress.ctx);
}

/* zila_unhex(TEXT): its bytes, NULL when it is not whole hex. */
static void
unhex(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *hex = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	if (!hex || n % 2) {
		sqlite3_result_null(c);
		return;
	}
	unsigned char *bin = sqlite3_malloc(n / 2 + 1);
	size_t len;
	const char *end;
	if (!bin) {
		sqlite3_result_error_nomem(c);
		return;
	}
	if (sodium_hex2bin(bin, (size_t)n / 2 + 1, hex, (size_t)n, NULL, &len, &end) != 0 || *end) {
		sqlite3_free(bin);
		sqlite3_result_null(c);
		return;
	}
	sqlite3_result_blob(c, bin, (int)len, sqlite3_free);
}

/* zila_progress(DONE, TOTAL): always 1 (it sits in a WHERE); tells the
 * function given to zila_db_on_migrate when the per mille moves. */
static void
progress_fn(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	long long done = sqlite3_value_int64(argv[0]), total = sqlite3_value_int64(argv[1]);
	if (progress.fn && total > 0) {
		int mille = (int)(done * 1000 / total);
		if (mille != progress.last) {
			progress.last = mille;
			progress.fn(done, total, progress.ctx);
		}
	}
	sqlite3_result_int(c, 1);
}

int
zila_db_sql_functions(sqlite3 *h)
{
	int rc = sqlite3_create_function(h, "zila_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
		NULL, unhex, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(h, "zila_progress", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, progress_fn,
			NULL, NULL);
	return rc == SQLITE_OK ? core_hits_register(h) : rc;
}
