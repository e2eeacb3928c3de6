/* db_value.c: the one-value helpers and the SQL builder of db.h. They sit
 * apart from db.c (opening, transactions, checks) because every module
 * calls them and db.c is long enough. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "zila/db.h"

enum zila_status
zila_db_bind(struct zila_db *db, sqlite3_stmt *st, const struct zila_param *params, struct zila_err *err)
{
	(void)db;
	int want = sqlite3_bind_parameter_count(st), given = 0;
	for (const struct zila_param *p = params; p && p->type != ZILA_PARAM_END; p++) {
		int i = p->name ? sqlite3_bind_parameter_index(st, p->name) : 0;
		if (i == 0)
			return zila_fail(err, ZILA_EDB, "SQL has no parameter %s: %.200s", p->name ? p->name : "(none)",
				sqlite3_sql(st));
		if (p->type == ZILA_PARAM_INT)
			sqlite3_bind_int64(st, i, p->num);
		else if (p->text)
			sqlite3_bind_text(st, i, p->text, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i);
		given++;
	}
	/* each name once, so the count tells a parameter left out */
	if (given < want)
		return zila_fail(err, ZILA_EDB, "SQL has %d parameters, %d given: %.200s", want, given, sqlite3_sql(st));
	return ZILA_OK;
}

sqlite3_stmt *
zila_db_prepare(struct zila_db *db, const char *sql, const struct zila_param *params, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, sql, err);
	if (st && zila_db_bind(db, st, params, err) != ZILA_OK) {
		sqlite3_clear_bindings(st);
		return NULL;
	}
	return st;
}

/* Steps st once: ZILA_OK on a row (left for the caller to read and
 * reset), ZILA_ENOTFOUND (reset) on none. */
static enum zila_status
first_row(struct zila_db *db, sqlite3_stmt *st, struct zila_err *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return zila_fail(err, ZILA_ENOTFOUND, "not found");
	return zila_db_error(db, "query", err);
}

enum zila_status
zila_db_int(struct zila_db *db, const char *sql, const struct zila_param *params, long long *out,
	struct zila_err *err)
{
	*out = 0;
	sqlite3_stmt *st = zila_db_prepare(db, sql, params, err);
	if (!st)
		return ZILA_EDB;
	enum zila_status s = first_row(db, st, err);
	if (s == ZILA_OK) {
		*out = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return s;
}

enum zila_status
zila_db_text(struct zila_db *db, const char *sql, const struct zila_param *params, char *buf, size_t n,
	struct zila_err *err)
{
	if (n)
		buf[0] = '\0';
	sqlite3_stmt *st = zila_db_prepare(db, sql, params, err);
	if (!st)
		return ZILA_EDB;
	enum zila_status s = first_row(db, st, err);
	if (s != ZILA_OK)
		return s;
	const unsigned char *t = sqlite3_column_text(st, 0);
	size_t len = t ? (size_t)sqlite3_column_bytes(st, 0) : 0;
	if (len >= n)
		s = zila_fail(err, ZILA_EDB, "a value of %zu bytes does not fit %zu: %.200s", len, n, sql);
	else if (n)
		memcpy(buf, t ? (const char *)t : "", len + 1);
	sqlite3_reset(st);
	return s;
}

enum zila_status
zila_db_exists(struct zila_db *db, const char *sql, const struct zila_param *params, bool *out,
	struct zila_err *err)
{
	*out = false;
	sqlite3_stmt *st = zila_db_prepare(db, sql, params, err);
	if (!st)
		return ZILA_EDB;
	enum zila_status s = first_row(db, st, err);
	if (s == ZILA_OK) {
		*out = true;
		sqlite3_reset(st);
	}
	return s == ZILA_ENOTFOUND ? ZILA_OK : s;
}

void
zila_sql_add(struct zila_sql *q, const char *fragment)
{
	size_t n = strlen(fragment);
	if (q->overflow || q->len + n >= sizeof q->text) {
		q->overflow = true;
		return;
	}
	memcpy(q->text + q->len, fragment, n + 1);
	q->len += n;
}

void
zila_sql_addv(struct zila_sql *q, ...)
{
	va_list ap;
	va_start(ap, q);
	for (const char *f; (f = va_arg(ap, const char *));)
		zila_sql_add(q, f);
	va_end(ap);
}

sqlite3_stmt *
zila_sql_stmt(struct zila_db *db, const struct zila_sql *q, struct zila_err *err)
{
	if (q->overflow) {
		zila_fail(err, ZILA_EINVAL, "the query is too long (more than %d bytes); narrow the search", ZILA_SQL_MAX);
		return NULL;
	}
	return zila_db_stmt(db, q->text, err);
}
