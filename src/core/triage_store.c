/* triage_store.c: the triage model in the triage_model table: written as
 * a blob (the layout is described in triage.c), read back with every
 * length checked, and remade only when the disposed grievances changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/triage.h"
#include "zila/util.h"
#include "internal.h"
#include "triage_internal.h"

#define TRI_MAGIC "ZTRIAGE2" /* 2: skeleton 4-grams; a model of other features is refused */

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static void
put(struct buf *b, const void *data, size_t n)
{
	if (b->n + n > b->cap) {
		b->cap = 2 * (b->n + n) + 4096;
		b->p = zila_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, data, n);
	b->n += n;
}

static void
put_uint(struct buf *b, uint64_t v, int bytes)
{
	unsigned char le[8];
	for (int i = 0; i < bytes; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	put(b, le, (size_t)bytes);
}

static void
put_str(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	put_uint(b, n, 2);
	put(b, s, n);
}

static void
model_write(const struct zila_triage_model *m, struct buf *b)
{
	put(b, TRI_MAGIC, 8);
	put_uint(b, (uint64_t)m->ncat, 4);
	put_uint(b, m->nfeat, 4);
	for (int c = 0; c < m->ncat; c++) {
		const struct tri_cat *t = &m->cat[c];
		put_str(b, t->code);
		put_str(b, t->en);
		put_str(b, t->hi);
		put_str(b, t->dept);
		put_str(b, t->dept_en);
		put_str(b, t->dept_hi);
		put_uint(b, (uint64_t)t->docs, 4);
	}
	for (size_t f = 0; f < m->nfeat; f++) {
		put_uint(b, m->hash[f], 8);
		put_uint(b, m->start[f + 1] - m->start[f], 2);
		for (uint32_t e = m->start[f]; e < m->start[f + 1]; e++) {
			put_uint(b, m->ecat[e], 2);
			put_uint(b, m->ecount[e], 4);
		}
	}
}

struct reader {
	const unsigned char *p;
	size_t n, at;
	bool bad;
};

static uint64_t
get_uint(struct reader *r, int bytes)
{
	uint64_t v = 0;
	if (r->at + (size_t)bytes > r->n) {
		r->bad = true;
		return 0;
	}
	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)r->p[r->at + (size_t)i] << (8 * i);
	r->at += (size_t)bytes;
	return v;
}

static void
get_str(struct reader *r, char *out, size_t cap)
{
	size_t n = (size_t)get_uint(r, 2);
	if (r->bad || n >= cap || r->at + n > r->n) {
		r->bad = true;
		out[0] = '\0';
		return;
	}
	memcpy(out, r->p + r->at, n);
	out[n] = '\0';
	r->at += n;
}

static struct zila_triage_model *
model_read(const unsigned char *p, size_t n)
{
	struct reader r = { p, n, 0, false };
	if (n < 16 || memcmp(p, TRI_MAGIC, 8) != 0)
		return NULL;
	r.at = 8;
	struct zila_triage_model *m = zila_xcalloc(1, sizeof *m);
	uint64_t ncat = get_uint(&r, 4), nfeat = get_uint(&r, 4);
	/* each category takes at least 16 bytes and each feature 10: a count
	 * the blob cannot hold is damage, not a reason to allocate */
	if (ncat < 1 || ncat > 0xfffe || ncat * 16 > n || nfeat * 10 > n) {
		free(m);
		return NULL;
	}
	m->ncat = (int)ncat;
	m->nfeat = (size_t)nfeat;
	m->bytes = n;
	m->cat = zila_xcalloc((size_t)ncat, sizeof *m->cat);
	for (int c = 0; c < m->ncat && !r.bad; c++) {
		struct tri_cat *t = &m->cat[c];
		get_str(&r, t->code, sizeof t->code);
		get_str(&r, t->en, sizeof t->en);
		get_str(&r, t->hi, sizeof t->hi);
		get_str(&r, t->dept, sizeof t->dept);
		get_str(&r, t->dept_en, sizeof t->dept_en);
		get_str(&r, t->dept_hi, sizeof t->dept_hi);
		t->docs = (long)get_uint(&r, 4);
	}
	size_t cap = 1024;
	m->hash = zila_xmalloc((m->nfeat ? m->nfeat : 1) * sizeof *m->hash);
	m->start = zila_xmalloc((m->nfeat + 1) * sizeof *m->start);
	m->ecat = zila_xmalloc(cap * sizeof *m->ecat);
	m->ecount = zila_xmalloc(cap * sizeof *m->ecount);
	for (size_t f = 0; f < m->nfeat && !r.bad; f++) {
		m->hash[f] = get_uint(&r, 8);
		m->start[f] = (uint32_t)m->nent;
		size_t k = (size_t)get_uint(&r, 2);
		if (f > 0 && m->hash[f] <= m->hash[f - 1])
			r.bad = true; /* lookups need them in order */
		for (size_t e = 0; e < k && !r.bad; e++) {
			if (m->nent == cap) {
				cap *= 2;
				m->ecat = zila_xrealloc(m->ecat, cap * sizeof *m->ecat);
				m->ecount = zila_xrealloc(m->ecount, cap * sizeof *m->ecount);
			}
			uint64_t c = get_uint(&r, 2);
			m->ecount[m->nent] = (uint32_t)get_uint(&r, 4);
			if (c >= ncat)
				r.bad = true;
			m->ecat[m->nent++] = (uint16_t)c;
		}
	}
	m->start[m->nfeat] = (uint32_t)m->nent;
	if (r.bad || r.at != n) {
		zila_triage_free(&m);
		return NULL;
	}
	tri_model_weights(m);
	return m;
}

/* What the model is made from: disposed grievances and categories, each
 * as a count and the latest update. */
static enum zila_status
source_of(struct zila_db *db, char *out, size_t n, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM grievance"
		"  WHERE status IN ('disposed', 'closed'))"
		" || ' ' || (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM category)", err);
	if (!st)
		return ZILA_EDB;
	return core_query_text(db, st, out, n, err);
}

static enum zila_status
store(struct zila_db *db, const struct zila_triage_model *m, const struct zila_triage_stats *stt, const char *source,
	struct zila_err *err)
{
	struct buf b = { 0 };
	model_write(m, &b);
	enum zila_status s = zila_db_begin(db, err);
	if (s) {
		free(b.p);
		return s;
	}
	sqlite3_stmt *st = zila_db_stmt(db,
		"INSERT OR REPLACE INTO triage_model (id, trained_at, examples, transferred, skipped, categories, features,"
		" source, model) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	if (!st) {
		s = ZILA_EDB;
	} else {
		sqlite3_bind_text(st, 1, stt->trained_at, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, stt->examples);
		sqlite3_bind_int64(st, 3, stt->transferred);
		sqlite3_bind_int64(st, 4, stt->skipped);
		sqlite3_bind_int64(st, 5, stt->categories);
		sqlite3_bind_int64(st, 6, stt->features);
		sqlite3_bind_text(st, 7, source, -1, SQLITE_STATIC);
		sqlite3_bind_blob64(st, 8, b.p, b.n, SQLITE_STATIC);
		s = core_step_done(db, st, "saving the triage model", err);
	}
	enum zila_status e = zila_db_end(db, s == ZILA_OK, err);
	free(b.p);
	return s ? s : e;
}

static enum zila_status
train_from(struct zila_db *db, const struct zila_triage_opts *opts, const char *source, struct zila_triage_stats *stats,
	struct zila_err *err)
{
	struct zila_triage_stats local;
	struct zila_triage_stats *st = stats ? stats : &local;
	struct zila_triage_model *m = NULL;
	struct zila_triage_opts o = opts ? *opts : (struct zila_triage_opts){ 0 };
	o.holdout = 0; /* the stored model learns from everything */
	enum zila_status s = zila_triage_build(db, &o, &m, st, err);
	if (!s)
		s = store(db, m, st, source, err);
	zila_triage_free(&m);
	return s;
}

enum zila_status
zila_triage_train(struct zila_db *db, const struct zila_triage_opts *opts, struct zila_triage_stats *stats,
	struct zila_err *err)
{
	char source[160];
	enum zila_status s = source_of(db, source, sizeof source, err);
	return s ? s : train_from(db, opts, source, stats, err);
}

enum zila_status
zila_triage_refresh(struct zila_db *db, const struct zila_triage_opts *opts, bool *trained,
	struct zila_triage_stats *stats, struct zila_err *err)
{
	char source[160], had[160] = "";
	*trained = false;
	enum zila_status s = source_of(db, source, sizeof source, err);
	if (s)
		return s;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT source FROM triage_model WHERE id = 1", err);
	if (!st)
		return ZILA_EDB;
	s = core_query_text(db, st, had, sizeof had, err);
	if (s == ZILA_OK && strcmp(had, source) == 0)
		return zila_triage_info(db, stats, err);
	if (s && s != ZILA_ENOTFOUND)
		return s;
	zila_err_clear(err);
	if ((s = train_from(db, opts, source, stats, err)))
		return s;
	*trained = true;
	return ZILA_OK;
}

enum zila_status
zila_triage_info(struct zila_db *db, struct zila_triage_stats *stats, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT trained_at, examples, transferred, skipped, categories, features, length(model)"
		" FROM triage_model WHERE id = 1", err);
	if (!st)
		return ZILA_EDB;
	int rc = sqlite3_step(st);
	enum zila_status s = ZILA_OK;
	if (rc == SQLITE_ROW) {
		if (stats) {
			memset(stats, 0, sizeof *stats);
			snprintf(stats->trained_at, sizeof stats->trained_at, "%s", (const char *)sqlite3_column_text(st, 0));
			stats->examples = (long)sqlite3_column_int64(st, 1);
			stats->transferred = (long)sqlite3_column_int64(st, 2);
			stats->skipped = (long)sqlite3_column_int64(st, 3);
			stats->categories = sqlite3_column_int(st, 4);
			stats->features = (long)sqlite3_column_int64(st, 5);
			stats->bytes = (size_t)sqlite3_column_int64(st, 6);
		}
	} else if (rc == SQLITE_DONE) {
		s = zila_fail(err, ZILA_ENOTFOUND, "no triage model yet: `zila triage train` makes one (`zilad triage train` on the server)");
	} else {
		s = zila_db_error(db, "reading the triage model", err);
	}
	sqlite3_reset(st);
	return s;
}

enum zila_status
zila_triage_load(struct zila_db *db, struct zila_triage_model **out, struct zila_err *err)
{
	*out = NULL;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT model FROM triage_model WHERE id = 1", err);
	if (!st)
		return ZILA_EDB;
	int rc = sqlite3_step(st);
	enum zila_status s = ZILA_OK;
	if (rc == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		if (!p || !(*out = model_read(p, n)))
			s = zila_fail(err, ZILA_EDB, "the stored triage model is damaged: train it again with `zila triage train`");
	} else if (rc == SQLITE_DONE) {
		s = zila_fail(err, ZILA_ENOTFOUND, "no triage model yet: `zila triage train` makes one (`zilad triage train` on the server)");
	} else {
		s = zila_db_error(db, "reading the triage model", err);
	}
	sqlite3_reset(st);
	return s;
}
