/* query.h: reading rows out as JSON. Lists, details and reports hand rows
 * to the command line, the screens and sync as jansson objects whose keys
 * are the column names, so one shape serves --json, a screen and a pull. */
#ifndef ZILA_QUERY_H
#define ZILA_QUERY_H

#include <jansson.h>
#include "zila/db.h"

/* One object from the current row of st: integer, real, text, or null. */
json_t *zila_row_json(sqlite3_stmt *st);
/* Steps st to the end, appending each row to *rows (a new array). The
 * statement is reset afterwards. */
enum zila_status zila_query_rows(struct zila_db *db, sqlite3_stmt *st, json_t **rows, struct zila_err *err);
/* Steps st once: *row is the object, or NULL with ZILA_ENOTFOUND. */
enum zila_status zila_query_one(struct zila_db *db, sqlite3_stmt *st, json_t **row, const char *what, struct zila_err *err);

/* Builds an FTS5 trigram query from what a person typed: every word quoted
 * (so no FTS syntax leaks in), joined by AND. Words shorter than three
 * characters cannot use the trigram index; *short_words tells the caller
 * to fall back to LIKE. Returns a new string or NULL if nothing to search. */
char *zila_fts_query(const char *text, bool *short_words);

#endif
