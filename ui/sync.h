/* sync.h (ui/): sync inside the full-screen program. A worker thread with
 * its own database connection runs zila_sync_run() when asked (a key) or
 * every sync_minutes; the key loop hears of its end through a pipe, so
 * nothing in the interface waits on the network. The text of the status
 * bar and the progress bar are made here without curses (unit-tested). */
#ifndef ZILA_UI_SYNC_H
#define ZILA_UI_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "zila/sync.h"

enum ui_sync_outcome { UI_SYNC_NONE, UI_SYNC_OK, UI_SYNC_FAILED, UI_SYNC_CANCELLED };

/* What the status bar and the sync screen show. */
struct ui_sync_info {
	struct zila_sync_summary sum;  /* read on the interface's connection */
	bool running;
	bool by_key;                   /* the run was asked for, not timed */
	enum ui_sync_outcome outcome;  /* of the last run in this session */
	char message[512];             /* why the last run failed */
	const char *phase;             /* "push", "pull", "repair" or NULL */
	long long done, total;         /* of the phase; total -1 unknown */
	struct zila_sync_report rep;   /* so far, or of the last run */
	/* an attachment fetched on its own (ui_sync_fetch) */
	char fetch_name[256];          /* its name while asked or running */
	bool fetch_ok;                 /* how the last fetch ended */
	char fetch_message[512];
};

/* ------------------------------------------------------ text (no curses) */

/* The sync part of the status bar, e.g. "11:30, 3 waiting, 1 problem";
 * now decides whether the day is shown with the time (Asia/Kolkata). */
void ui_sync_status_text(const struct ui_sync_info *s, time_t now, char *buf, size_t n);
/* Whether the last sync found this desk's clock off the server's by more
 * than ZILA_CLOCK_WARN, and a sentence saying by how much ("" when not). */
bool ui_sync_clock_wrong(const struct zila_sync_summary *sum);
void ui_sync_clock_text(const struct zila_sync_summary *sum, char *buf, size_t n);
/* "[#####-----]  50%" in exactly width columns (at least 8); with total
 * unknown (< 1) the bar is empty and the percentage left out. */
void ui_sync_bar(long long done, long long total, int width, char *buf, size_t n);
/* An ISO 8601 UTC time as the clerk reads it in India: "11:30" on the
 * day of now, else "19/11 11:30"; "" for an unreadable time. */
void ui_sync_local_time(const char *iso, time_t now, char *buf, size_t n);

/* ------------------------------------------------------- the worker */

struct ui;
/* Starts the worker when the desk is enrolled (seconds > 0: a sync every
 * so many seconds, counted from the end of the last one); nothing
 * otherwise. */
void ui_sync_init(struct ui *ui, int seconds);
/* Cancels a running sync and ends the worker (on leaving). */
void ui_sync_stop(struct ui *ui);
/* Asks for a sync now; false (with a message) when one cannot start. */
bool ui_sync_start(struct ui *ui);
/* Asks the worker to bring one attachment (by SHA-256) that is not on
 * this desk, before any sync waiting; says so. False when there is no
 * worker (the desk is not enrolled). */
bool ui_sync_fetch(struct ui *ui, const char *sha256, const char *name);
/* Asks a running sync to stop (the transport's cancel flag). */
bool ui_sync_cancel(struct ui *ui);
/* The pipe the key loop waits on beside the terminal; -1 without a worker. */
int ui_sync_fd(struct ui *ui);
/* Reads what the pipe says (progress or the end of a run): an ended run
 * refreshes the status bar, says how it went and reloads the screen when
 * rows changed. */
void ui_sync_event(struct ui *ui);
/* Refreshes ui->sync_state and *info (may be NULL) from the worker and
 * the database: called before each paint. */
void ui_sync_refresh(struct ui *ui, struct ui_sync_info *info);
/* The sync screen: progress and the problems list. */
void ui_open_sync(struct ui *ui);

#endif
