/* hits.c: the rowids a full-text search found, read once and kept by the
 * connection (core_memo) while the data is unchanged, and tested from C
 * (core_hits_have) or from SQL (zila_in_hits(:hits, rowid), the set bound
 * as a pointer). A common word is found in tens of thousands of records:
 * a list walks its own index in order and keeps the rows that are hits,
 * which needs the whole set, and reading it costs 4-14 ms of FTS5 on
 * 1,000,000 records; reading it again for every page, the count and each
 * key typed would cost that each time. */
#include <stdlib.h>
#include <string.h>
#include "zila/util.h"
#include "internal.h"

#define HITS_POINTER "zila_hits"

static void
hits_free(void *p)
{
	struct core_hits *h = p;
	free(h->v);
	free(h);
}

static int
rowid_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
	return x < y ? -1 : x > y;
}

const struct core_hits *
core_hits_remembered(struct zila_db *db, const char *key)
{
	return core_memo_get(db, key);
}

enum zila_status
core_hits_read(struct zila_db *db, const char *key, sqlite3_stmt *st, const struct core_hits **out,
	struct zila_err *err)
{
	struct core_hits *h = zila_xcalloc(1, sizeof *h);
	bool sorted = true;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (h->n == h->cap) {
			h->cap = h->cap ? 2 * h->cap : 8192;
			h->v = zila_xrealloc(h->v, h->cap * sizeof *h->v);
		}
		h->v[h->n] = sqlite3_column_int64(st, 0);
		sorted = sorted && (h->n == 0 || h->v[h->n - 1] < h->v[h->n]);
		h->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		hits_free(h);
		return zila_db_error(db, "search", err);
	}
	if (!sorted)
		qsort(h->v, h->n, sizeof *h->v, rowid_cmp);
	core_memo_set(db, key, h, hits_free);
	*out = h;
	return ZILA_OK;
}

bool
core_hits_have(const struct core_hits *h, sqlite3_int64 r)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->v[mid] < r)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < h->n && h->v[lo] == r;
}

void
core_hits_bind(sqlite3_stmt *st, const char *name, const struct core_hits *h)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		sqlite3_bind_pointer(st, i, (void *)h, HITS_POINTER, NULL);
}

/* zila_in_hits(hits, rowid): 1 when rowid is one of the hits bound as
 * the first argument; a NULL or foreign pointer is an error, not "no". */
static void
in_hits(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct core_hits *h = sqlite3_value_pointer(argv[0], HITS_POINTER);
	if (!h) {
		sqlite3_result_error(ctx, "zila_in_hits: no search hits bound", -1);
		return;
	}
	sqlite3_result_int(ctx, core_hits_have(h, sqlite3_value_int64(argv[1])));
}

int
core_hits_register(sqlite3 *h)
{
	return sqlite3_create_function(h, "zila_in_hits", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, in_hits, NULL,
		NULL);
}
