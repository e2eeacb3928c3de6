/* query.c: rows as JSON, and the FTS query builder. */
#include <string.h>
#include "zila/query.h"
#include "zila/util.h"

json_t *
zila_row_json(sqlite3_stmt *st)
{
	json_t *o = json_object();
	int n = sqlite3_column_count(st);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		json_t *v;
		switch (sqlite3_column_type(st, i)) {
		case SQLITE_INTEGER: v = json_integer(sqlite3_column_int64(st, i)); break;
		case SQLITE_FLOAT: v = json_real(sqlite3_column_double(st, i)); break;
		case SQLITE_NULL: v = json_null(); break;
		default:
			v = json_stringn_nocheck((const char *)sqlite3_column_text(st, i),
				(size_t)sqlite3_column_bytes(st, i));
		}
		/* column names come from our own SQL: no need to re-check them as UTF-8 */
		json_object_set_new_nocheck(o, name, v);
	}
	return o;
}

enum zila_status
zila_query_rows(struct zila_db *db, sqlite3_stmt *st, json_t **rows, struct zila_err *err)
{
	json_t *a = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, zila_row_json(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		*rows = NULL;
		return zila_db_error(db, "query", err);
	}
	*rows = a;
	return ZILA_OK;
}

enum zila_status
zila_query_one(struct zila_db *db, sqlite3_stmt *st, json_t **row, const char *what, struct zila_err *err)
{
	int rc = sqlite3_step(st);
	*row = NULL;
	if (rc == SQLITE_ROW)
		*row = zila_row_json(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	if (rc == SQLITE_DONE)
		return zila_fail(err, ZILA_ENOTFOUND, "%s not found", what);
	return zila_db_error(db, what, err);
}

/* Counts code points of a word (the trigram index needs three). */
static size_t
utf8_len(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

char *
zila_fts_query(const char *text, bool *short_words)
{
	size_t cap = strlen(text) * 4 + 16, len = 0; /* worst case: one-letter words */
	char *q = zila_xmalloc(cap);
	*short_words = false;
	q[0] = '\0';
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (p == w)
			break;
		if (utf8_len(w, (size_t)(p - w)) < 3)
			*short_words = true;
		if (len)
			len += (size_t)snprintf(q + len, cap - len, " AND ");
		q[len++] = '"';
		for (const char *c = w; c < p; c++) {
			if (*c == '"')
				q[len++] = '"';
			q[len++] = *c;
		}
		q[len++] = '"';
		q[len] = '\0';
	}
	if (!len) {
		free(q);
		return NULL;
	}
	return q;
}
