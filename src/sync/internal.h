/* internal.h: the pieces of src/sync, private to it. */
#ifndef ZILA_SYNC_INTERNAL_H
#define ZILA_SYNC_INTERNAL_H

#include <curl/curl.h>
#include <jansson.h>
#include <time.h>
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
	long long bytes_base, bytes_total; /* blob transfers: progress in bytes when total > 0 */
	int server_protocol; /* the last reply's Zila-Protocol: 0 none, -1 not a number */
	time_t server_date; /* the last reply's Date (the server's clock), 0 none */
	bool once;        /* transport_call tries once: the caller adapts and retries */
	bool transient;   /* the last transport_call failed in a way worth another try */
};

enum zila_status transport_open(struct transport *t, const char *url, const char *ca, const char *pin,
	const char *token, const struct zila_sync_opts *opts, struct zila_sync_report *report, struct zila_err *err);
void transport_close(struct transport *t);
/* One request, retried with backoff and jitter on transient failures
 * (never on TLS ones). body may be NULL (GET). *reply is the parsed JSON
 * body (an object), also for error statuses, which set *http. */
enum zila_status transport_call(struct transport *t, const char *method, const char *path, json_t *body, int *http,
	json_t **reply, struct zila_err *err);

/* One blob request (HEAD, PATCH or GET), tried once: the caller resumes
 * from the server's offset rather than sending the same bytes again. */
struct transport_raw {
	const char *method, *path;
	const unsigned char *body;   /* PATCH: the chunk, sent as it is */
	size_t blen;
	const char *headers[4];      /* more "Name: value" lines, NULL-ended */
	int fd;                      /* GET: a 200/206 body goes here; -1: none */
	long long range_from;        /* GET: ask for the bytes from here (> 0) */
	long long max_bytes;         /* GET: refuse a file longer than this (> 0) */
	/* the answer */
	long http;
	long long upload_offset;     /* -1 when the header was absent */
	bool upload_complete;
	long long range_start;       /* Content-Range's first byte, -1 if none */
	long long written;           /* GET: the file's length now */
	json_t *reply;               /* a JSON body other than the blob, or NULL */
	bool transient;              /* failed in a way worth trying again */
};
/* ZILA_OK when an HTTP answer came (any status, in q->http); ZILA_ENET
 * (q->transient when worth retrying), ZILA_ETLS or ZILA_EIO otherwise. */
enum zila_status transport_raw(struct transport *t, struct transport_raw *q, struct zila_err *err);
/* Waits the attempt-th backoff (counted as a retry in the report). */
void transport_backoff(struct transport *t, int attempt);

/* sync.c */
enum zila_status sync_open_transport(struct zila_db *db, const struct zila_sync_opts *opts,
	struct zila_sync_report *rep, struct transport *t, struct zila_err *err);

/* blobs.c: attachments both ways. Uploads every blob the pending outbox
 * names that the server lacks (resuming from the server's offset). */
enum zila_status blobs_upload_pending(struct zila_db *db, struct transport *t, const struct zila_sync_opts *o,
	struct zila_sync_report *rep, struct zila_err *err);

/* apply.c: rows from the server into the desk database. */
enum zila_status apply_install_triggers(struct zila_db *db, struct zila_err *err);
/* Applies {t, r} and {t, id, deleted} items in the open transaction and
 * clears their dirty marks. *count gets the rows written. */
enum zila_status apply_rows(struct zila_db *db, json_t *rows, long long *count, struct zila_err *err);
/* Removes rows the server says are gone: {t, id} items. */
enum zila_status apply_gone(struct zila_db *db, json_t *gone, struct zila_err *err);
/* Removes a record the desk's office may no longer see, with its rows,
 * keeping a line in moved_out (number, to: a department code, at). */
enum zila_status apply_move_out(struct zila_db *db, int t, const char *id, const char *to, const char *at,
	struct zila_err *err);
/* A snapshot starts over: every synced row is marked stale (and stays,
 * so the desk can be used while the snapshot comes); rows the snapshot
 * brings are unmarked as they are applied; apply_sweep_stale, when the
 * snapshot is whole, removes the rest. The outbox stays. */
enum zila_status apply_mark_stale(struct zila_db *db, struct zila_err *err);
enum zila_status apply_sweep_stale(struct zila_db *db, struct zila_err *err);
/* Foreign keys off and recursive triggers on for the next transaction
 * (the server already checked the references; rows of another office may
 * be missing here), or back. Outside any transaction only. */
void apply_mode(struct zila_db *db, bool on);

/* state.c: notes in meta that a sync ended without error, now. */
enum zila_status sync_mark_done(struct zila_db *db, struct zila_err *err);

#endif
