/* internal.h: helpers shared by the files of src/core, not part of the API. */
#ifndef ZILA_CORE_INTERNAL_H
#define ZILA_CORE_INTERNAL_H

#include <sqlite3.h>
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
enum zila_status core_step_done(struct zila_db *db, sqlite3_stmt *st, const char *what, struct zila_err *err);

/* Runs a query for one text column into buf. ZILA_ENOTFOUND when no row. */
enum zila_status core_query_text(struct zila_db *db, sqlite3_stmt *st, char *buf, size_t n, struct zila_err *err);

#endif
