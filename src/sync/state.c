/* state.c: what a desk knows about its own sync without the network: the
 * actions waiting, the problems, and when it last synced. The full-screen
 * program's status bar reads it on every key, so it is two index lookups
 * (outbox_state) and one meta read. */
#include <stdlib.h>
#include <string.h>
#include "zila/util.h"
#include "internal.h"

/* The number of outbox entries in one state (an index range). */
static enum zila_status
outbox_count(struct zila_db *db, const char *state, long long *n, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT count(*) FROM outbox WHERE state = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ZILA_OK : zila_db_error(db, "outbox", err);
}

enum zila_status
zila_sync_summary(struct zila_db *db, struct zila_sync_summary *s, struct zila_err *err)
{
	memset(s, 0, sizeof *s);
	s->enrolled = zila_sync_enrolled(db);
	enum zila_status st = outbox_count(db, "pending", &s->pending, err);
	if (st == ZILA_OK)
		st = outbox_count(db, "rejected", &s->rejected, err);
	if (st == ZILA_OK && zila_meta_get(db, "sync_last_ok", s->last_ok, sizeof s->last_ok, NULL) != ZILA_OK)
		s->last_ok[0] = '\0';
	char skew[32] = "";
	if (st == ZILA_OK && zila_meta_get(db, "sync_clock_skew", skew, sizeof skew, NULL) == ZILA_OK && skew[0]) {
		s->clock_known = true;
		s->clock_skew = atoll(skew);
	}
	if (st == ZILA_OK && zila_meta_get(db, "sync_restore", s->restore, sizeof s->restore, NULL) != ZILA_OK)
		s->restore[0] = '\0';
	return st;
}

enum zila_status
sync_mark_done(struct zila_db *db, struct zila_err *err)
{
	char now[32];
	zila_iso_time(zila_clock(), now, sizeof now);
	return zila_meta_set(db, "sync_last_ok", now, err);
}
