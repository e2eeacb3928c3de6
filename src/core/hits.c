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
core_hits_load(struct zila_db *db, const char *key, sqlite3_stmt *st, const struct core_hits **out,
	struct zila_err *err)
{
	if ((*out = core_memo_get(db, key)))
		return ZILA_OK;
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
core_hits_bind_at(sqlite3_stmt *st, int i, const struct core_hits *h)
{
	sqlite3_bind_pointer(st, i, (void *)h, HITS_POINTER, NULL);
}

void
core_hits_bind(sqlite3_stmt *st, const char *name, const struct core_hits *h)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		core_hits_bind_at(st, i, h);
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


/* zila_hits(:hits): the hits as a table of one column, value (the rowid,
 * ascending), for a count or a page that the hits drive:
 * SELECT ... FROM zila_hits(:hits) h CROSS JOIN letter l ON l.rowid = h.value.
 * An eponymous virtual table, as SQLite's carray (not in Debian's build). */
struct hits_cursor {
	sqlite3_vtab_cursor base;
	const struct core_hits *h;
	size_t i;
};

enum { HITS_COL_VALUE, HITS_COL_HITS };

static int
hits_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **vtab, char **err)
{
	(void)aux, (void)argc, (void)argv, (void)err;
	int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value INTEGER, hits HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	/* only our own statements bind a set: never a view's or a trigger's */
	sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
	*vtab = sqlite3_malloc(sizeof **vtab);
	if (!*vtab)
		return SQLITE_NOMEM;
	memset(*vtab, 0, sizeof **vtab);
	return SQLITE_OK;
}

static int
hits_disconnect(sqlite3_vtab *vtab)
{
	sqlite3_free(vtab);
	return SQLITE_OK;
}

/* Usable only with the set given (hits = ?); rows come in rowid order. */
static int
hits_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	int arg = -1;
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *c = &info->aConstraint[i];
		if (c->iColumn != HITS_COL_HITS || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
			continue;
		if (!c->usable)
			return SQLITE_CONSTRAINT;
		arg = i;
	}
	if (arg < 0)
		return SQLITE_CONSTRAINT;
	info->aConstraintUsage[arg].argvIndex = 1;
	info->aConstraintUsage[arg].omit = 1;
	info->estimatedCost = 10;
	if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == HITS_COL_VALUE && !info->aOrderBy[0].desc)
		info->orderByConsumed = 1;
	return SQLITE_OK;
}

static int
hits_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **cur)
{
	(void)vtab;
	struct hits_cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*cur = &c->base;
	return SQLITE_OK;
}

static int
hits_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int
hits_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc, sqlite3_value **argv)
{
	(void)idx, (void)idx_str;
	struct hits_cursor *c = (struct hits_cursor *)cur;
	c->h = argc == 1 ? sqlite3_value_pointer(argv[0], HITS_POINTER) : NULL;
	c->i = 0;
	if (!c->h) {
		cur->pVtab->zErrMsg = sqlite3_mprintf("zila_hits: no search hits bound");
		return SQLITE_ERROR;
	}
	return SQLITE_OK;
}

static int
hits_next(sqlite3_vtab_cursor *cur)
{
	((struct hits_cursor *)cur)->i++;
	return SQLITE_OK;
}

static int
hits_eof(sqlite3_vtab_cursor *cur)
{
	const struct hits_cursor *c = (const struct hits_cursor *)cur;
	return c->i >= c->h->n;
}

static int
hits_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct hits_cursor *c = (const struct hits_cursor *)cur;
	if (col == HITS_COL_VALUE)
		sqlite3_result_int64(ctx, c->h->v[c->i]);
	else
		sqlite3_result_null(ctx);
	return SQLITE_OK;
}

static int
hits_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *rowid)
{
	*rowid = (sqlite_int64)((const struct hits_cursor *)cur)->i;
	return SQLITE_OK;
}

static const sqlite3_module hits_module = {
	.xConnect = hits_connect,
	.xBestIndex = hits_best_index,
	.xDisconnect = hits_disconnect,
	.xOpen = hits_open,
	.xClose = hits_close,
	.xFilter = hits_filter,
	.xNext = hits_next,
	.xEof = hits_eof,
	.xColumn = hits_column,
	.xRowid = hits_rowid,
};

int
core_hits_register(sqlite3 *h)
{
	int rc = sqlite3_create_function(h, "zila_in_hits", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, in_hits, NULL,
		NULL);
	return rc == SQLITE_OK ? sqlite3_create_module(h, "zila_hits", &hits_module, NULL) : rc;
}
