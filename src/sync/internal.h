/* internal.h: the pieces of src/sync, private to it. */
#ifndef ZILA_SYNC_INTERNAL_H
#define ZILA_SYNC_INTERNAL_H

#include <curl/curl.h>
#include <jansson.h>
#include "zila/sync.h"

/* One keep-alive connection to zilad. */
struct transport {
	CURL *curl;
	char url[1024];   /* base, without a trailing slash */
	char ca[1024];
	char pin[256];
	char token[80];
	const struct zila_sync_opts *opts;
	struct zila_sync_report *report;
	const char *phase;
};

enum zila_status transport_open(struct transport *t, const char *url, const char *ca, const char *pin,
	const char *token, const struct zila_sync_opts *opts, struct zila_sync_report *report, struct zila_err *err);
void transport_close(struct transport *t);
/* One request, retried with backoff and jitter on transient failures
 * (never on TLS ones). body may be NULL (GET). *reply is the parsed JSON
 * body (an object), also for error statuses, which set *http. */
enum zila_status transport_call(struct transport *t, const char *method, const char *path, json_t *body, int *http,
	json_t **reply, struct zila_err *err);

/* apply.c: rows from the server into the desk database. */
enum zila_status apply_install_triggers(struct zila_db *db, struct zila_err *err);
/* Applies {t, r} and {t, id, deleted} items in the open transaction and
 * clears their dirty marks. *count gets the rows written. */
enum zila_status apply_rows(struct zila_db *db, json_t *rows, long long *count, struct zila_err *err);
/* Removes rows the server says are gone: {t, id} items. */
enum zila_status apply_gone(struct zila_db *db, json_t *gone, struct zila_err *err);
/* Empties every synced table (a snapshot starts over); the outbox stays. */
enum zila_status apply_reset(struct zila_db *db, struct zila_err *err);
/* Foreign keys off and recursive triggers on for the next transaction
 * (the server already checked the references; rows of another office may
 * be missing here), or back. Outside any transaction only. */
void apply_mode(struct zila_db *db, bool on);

#endif
