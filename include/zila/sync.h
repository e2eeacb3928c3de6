/* sync.h: the desk side of sync with zilad: enrolment, push of the outbox,
 * pull of what changed, and the problems list of rejected actions.
 *
 * Built for use from the command line now and from the full-screen
 * program later: a sync runs on its own database handle (so a UI thread
 * can run it), reports progress through a callback, and stops cleanly
 * when *cancel becomes non-zero (between requests, or inside one through
 * curl's progress hook); whatever was committed stays committed.
 *
 * Local state: the desk's configuration lives in its meta table (sync_url,
 * sync_ca, sync_pin, sync_token, desk_id, desk_code, sync_cursor), the
 * outbox holds every action done here, and sync_dirty the rows changed
 * here that the server has not sent back yet. */
#ifndef ZILA_SYNC_H
#define ZILA_SYNC_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include "zila/action.h"
#include "zila/db.h"

/* phase: "push", "pull", "repair" (counts of actions or rows), "upload",
 * "download" (bytes of the attachment moving, of total); total is -1 when
 * not known. */
typedef void (*zila_sync_progress_fn)(void *ud, const char *phase, long long done, long long total);

struct zila_sync_opts {
	zila_sync_progress_fn progress;
	void *ud;
	atomic_int *cancel; /* may be NULL; set from another thread (the UI) */
	const char *url;               /* NULL: the enrolled server */
	int retries;                   /* per request on transient errors; < 0: 5 */
	long backoff_ms;               /* first wait; doubles, with jitter; 0: 500 */
	size_t batch_bytes;            /* push body before gzip; 0: 1 MiB (about 100 KB gzipped) */
	int batch_count;               /* entries per push; 0: 2000 (one commit, one fsync each) */
	int pull_limit;                /* rows per page; 0: 2000 */
	/* seconds between refreshes of the triage model after a sync (the
	 * desk learns from the disposals sync brings); 0: a day, < 0: never */
	long triage_every;
};

struct zila_sync_report {
	long long pushed;      /* entries answered by the server in this run */
	long long rejected;    /* of them, rejected */
	long long pulled;      /* rows received */
	long long repaired;    /* local rows fetched again or removed */
	long long retries;     /* transient failures retried */
	long long bytes_up, bytes_down; /* on the wire, after gzip, with HTTP headers */
	long long push_bytes;  /* of them, both ways during push */
	bool waiting;          /* the server asked to send some later (a blob) */
	long long blobs_up, blobs_down; /* attachments sent whole, received whole */
	/* The server lost history (restored from a backup): restored when it
	 * no longer had resent of this desk's confirmed actions (sent again,
	 * as they were); forked when this desk's pull position was from a
	 * history the server no longer has (the desk took a new snapshot).
	 * Both are noted in meta sync_restore for the screens. */
	bool restored, forked;
	long long resent;
	/* This desk's clock minus the server's (the Date of its replies), in
	 * seconds, when a reply came (clock_known); also kept in meta
	 * sync_clock_skew. Beyond ZILA_CLOCK_WARN either way, people are told. */
	bool clock_known;
	long long clock_skew;
	/* Grievances registered here whose receipt dates the server had to
	 * change (this desk's clock was outside the bounds): see zila_sync_redated. */
	long long redated;
	/* The suggested-routing model was trained again after this sync (its
	 * grievances disposed had changed): from triage_examples of them. */
	bool triage_trained;
	long triage_examples;
};

/* Seconds of difference between a desk's clock and the server's that are
 * tolerated: beyond them zila sync, the status bar and the sync screen
 * warn, and the server does not believe the desk's date (zilad(8)). */
#define ZILA_CLOCK_WARN 300

/* Makes a new desk database at db_path from the server: the server checks
 * login and password and gives the desk its id, code and token; then the
 * whole snapshot is pulled. db_path must not hold a set-up database: a
 * desk's data comes from the server (the bootstrap admin of `zila init`
 * belongs to a stand-alone desk, which never syncs). */
enum zila_status zila_sync_enrol(const char *db_path, const char *url, const char *ca_file, const char *pin,
	const char *login, const char *password, const char *name, const struct zila_sync_opts *opts,
	struct zila_sync_report *report, struct zila_err *err);

bool zila_sync_enrolled(struct zila_db *db);

/* Pushes every pending action, then pulls until nothing is left, then
 * fetches again the rows of rejected actions. */
enum zila_status zila_sync_run(struct zila_db *db, const struct zila_sync_opts *opts, struct zila_sync_report *report,
	struct zila_err *err);

/* Attachments. zila_sync_run uploads, before each push, the attachments
 * its pending actions name that the server lacks, in chunks of 256 KiB,
 * resuming from the server's offset after a cut or a restart; an action
 * whose attachment the server still lacks waits (it is not a problem).
 *
 * zila_sync_fetch_blob brings one attachment's bytes (by SHA-256) into
 * this desk's blob store, resuming a cut download; at once ZILA_OK when
 * it is here. For the full-screen program when someone opens an
 * attachment that is not here yet (zila_grievance_get says present:
 * false): run it on its own handle or thread; progress "download" in
 * bytes; *cancel stops it, and a later call goes on from where it
 * stopped. ZILA_ENOTFOUND: the server does not have it (yet), or this
 * desk's office may not see it. */
enum zila_status zila_sync_fetch_blob(struct zila_db *db, const char *sha256, const struct zila_sync_opts *opts,
	struct zila_sync_report *report, struct zila_err *err);
/* Every attachment of the records here whose bytes are not (zila sync
 * --attachments). */
enum zila_status zila_sync_fetch_attachments(struct zila_db *db, const struct zila_sync_opts *opts,
	struct zila_sync_report *report, struct zila_err *err);

/* What the desk's status bar shows: whether it is enrolled, the actions
 * waiting to be pushed, the rejected ones not yet re-applied or
 * discarded, and when the last sync that finished without error ended
 * (ISO 8601 UTC, "" never; kept in meta sync_last_ok by zila_sync_run). */
struct zila_sync_summary {
	bool enrolled;
	long long pending, rejected;
	char last_ok[32];
	bool clock_known;       /* clock_skew as the last sync measured it */
	long long clock_skew;   /* seconds, this desk's clock minus the server's */
	char restore[256];      /* when the server was last found to have lost history, and what was done; "" never */
};
enum zila_status zila_sync_summary(struct zila_db *db, struct zila_sync_summary *s, struct zila_err *err);

/* Grievances registered here whose dates the server changed: number,
 * was_registered, was_due, now_registered, now_due, at (newest first). */
enum zila_status zila_sync_redated(struct zila_db *db, json_t **rows, struct zila_err *err);

/* Rejected actions: id (client_seq), action, at (client_time), user,
 * code, message, args. */
enum zila_status zila_sync_problems(struct zila_db *db, json_t **rows, struct zila_err *err);
/* Runs a rejected action again as actor (a new action, queued for push)
 * and marks the old one discarded. date (YYYY-MM-DD, may be NULL) first
 * replaces the action's own date (received_on of letter.create, replied_on
 * of letter.reply, inspected_on of inspection.record): a date the server
 * refused (a desk clock that was wrong) is corrected without retyping. */
enum zila_status zila_sync_retry(struct zila_db *db, const struct zila_actor *actor, long long id, const char *date,
	json_t **result, struct zila_err *err);
/* Marks a rejected action discarded: it leaves the problems list. */
enum zila_status zila_sync_discard(struct zila_db *db, long long id, struct zila_err *err);

#endif
