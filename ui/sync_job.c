/* sync_job.c: the sync worker. One thread per session, started after
 * login on an enrolled desk, with its own database connection (a SQLite
 * connection is never shared across threads). It sleeps until asked (a
 * key) or until sync_minutes pass, runs zila_sync_run(), and writes one
 * byte to a pipe at each progress step and at the end; the key loop
 * waits on that pipe beside the terminal, so the interface neither waits
 * on the network nor redraws on a clock. Only this file touches the
 * shared state, always under the mutex. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "screen.h"
#include "sync.h"
#include "zila/util.h"

struct ui_syncjob {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int pipe[2];
	char path[4096];
	int seconds;                  /* between timed syncs; 0 none */
	bool want, stop;
	char fetch[65];               /* an attachment asked for, or "" */
	bool fetching;                /* the run under way is a fetch */
	atomic_int cancel; /* read by the worker inside curl, set by the key loop */
	struct zila_sync_report live; /* the worker's own, copied out at each step */
	struct ui_sync_info info;     /* shared: under mu */
	bool ended;                   /* a run ended since the key loop last looked */
	struct timespec last_note;    /* the last progress byte: at most one a second */
};

/* Wakes the key loop; a full pipe already says as much. */
static void
notify(struct ui_syncjob *j, char what)
{
	ssize_t w = write(j->pipe[1], &what, 1);
	(void)w;
}

/* Progress from zila_sync_run, on the worker's thread. */
static void
on_progress(void *ud, const char *phase, long long done, long long total)
{
	struct ui_syncjob *j = ud;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&j->mu);
	j->info.phase = phase;
	j->info.done = done;
	j->info.total = total;
	j->info.rep = j->live;
	bool note = now.tv_sec > j->last_note.tv_sec;
	if (note)
		j->last_note = now;
	pthread_mutex_unlock(&j->mu);
	if (note)
		notify(j, 'p');
}

/* Brings one attachment on the worker's connection. */
static void
fetch_once(struct ui_syncjob *j, struct zila_db *db, const char *sha)
{
	struct zila_sync_opts opts = { .progress = on_progress, .ud = j, .cancel = &j->cancel, .retries = -1 };
	struct zila_err err = { 0 };
	enum zila_status st = zila_sync_fetch_blob(db, sha, &opts, &j->live, &err);
	pthread_mutex_lock(&j->mu);
	j->info.running = false;
	j->info.phase = NULL;
	j->info.fetch_ok = st == ZILA_OK;
	snprintf(j->info.fetch_message, sizeof j->info.fetch_message, "%s", st == ZILA_OK ? "" : err.msg);
	j->ended = true;
	pthread_mutex_unlock(&j->mu);
	notify(j, 'e');
}

/* One run on the worker's connection; the outcome goes to the shared info. */
static void
run_once(struct ui_syncjob *j, struct zila_db *db)
{
	struct zila_sync_opts opts = { .progress = on_progress, .ud = j, .cancel = &j->cancel, .retries = -1 };
	struct zila_err err = { 0 };
	const char *r = getenv("ZILA_SYNC_RETRIES"), *b = getenv("ZILA_SYNC_BACKOFF_MS");
	if (r && *r)
		opts.retries = atoi(r);
	if (b && *b)
		opts.backoff_ms = atol(b);
	enum zila_status st = zila_sync_run(db, &opts, &j->live, &err);
	pthread_mutex_lock(&j->mu);
	j->info.running = false;
	j->info.phase = NULL;
	j->info.rep = j->live;
	j->info.outcome = st == ZILA_OK ? UI_SYNC_OK : j->cancel ? UI_SYNC_CANCELLED : UI_SYNC_FAILED;
	snprintf(j->info.message, sizeof j->info.message, "%s", st == ZILA_OK ? "" : err.msg);
	j->ended = true;
	pthread_mutex_unlock(&j->mu);
	notify(j, 'e');
}

/* The worker: waits for a request or the next timed sync, runs it. */
static void *
worker(void *arg)
{
	struct ui_syncjob *j = arg;
	struct zila_db *db = NULL;
	struct timespec due;
	clock_gettime(CLOCK_REALTIME, &due);
	due.tv_sec += (time_t)j->seconds;
	pthread_mutex_lock(&j->mu);
	while (!j->stop) {
		if (!j->want && !j->fetch[0]) {
			int rc = j->seconds > 0 ? pthread_cond_timedwait(&j->cv, &j->mu, &due)
						: pthread_cond_wait(&j->cv, &j->mu);
			if (rc == ETIMEDOUT && !j->stop) {
				j->want = true;
				j->cancel = 0;
				j->info.by_key = false;
			}
			continue;
		}
		char sha[65] = "";
		j->fetching = j->fetch[0] != '\0';
		if (j->fetching) /* someone waits for it: before a sync */
			snprintf(sha, sizeof sha, "%s", j->fetch);
		else
			j->want = false;
		j->fetch[0] = '\0';
		j->info.running = true;
		j->info.phase = NULL;
		j->info.done = j->info.total = 0;
		memset(&j->info.rep, 0, sizeof j->info.rep);
		pthread_mutex_unlock(&j->mu);
		struct zila_err err = { 0 };
		/* the interface checked the file at start: no quick_check again */
		if (!db && zila_db_open(j->path, 0, &db, &err) != ZILA_OK) {
			pthread_mutex_lock(&j->mu);
			j->info.running = false;
			j->info.outcome = UI_SYNC_FAILED;
			snprintf(j->info.message, sizeof j->info.message, "%s", err.msg);
			j->ended = true;
			pthread_mutex_unlock(&j->mu);
			notify(j, 'e');
		} else if (sha[0])
			fetch_once(j, db, sha);
		else
			run_once(j, db);
		pthread_mutex_lock(&j->mu);
		clock_gettime(CLOCK_REALTIME, &due);
		due.tv_sec += (time_t)j->seconds;
	}
	pthread_mutex_unlock(&j->mu);
	zila_db_close(&db);
	return NULL;
}

void
ui_sync_init(struct ui *ui, int seconds)
{
	if (ui->sync || !zila_sync_enrolled(ui->db))
		return;
	struct ui_syncjob *j = zila_xcalloc(1, sizeof *j);
	snprintf(j->path, sizeof j->path, "%s", zila_db_path(ui->db));
	j->seconds = seconds;
	if (pipe(j->pipe) != 0) {
		free(j);
		return;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(j->pipe[i], F_SETFL, fcntl(j->pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(j->pipe[i], F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_init(&j->mu, NULL);
	pthread_cond_init(&j->cv, NULL);
	/* signals (SIGWINCH, SIGINT, ...) belong to the key loop's thread */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&j->thread, NULL, worker, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		close(j->pipe[0]);
		close(j->pipe[1]);
		free(j);
		return;
	}
	ui->sync = j;
}

void
ui_sync_stop(struct ui *ui)
{
	struct ui_syncjob *j = ui->sync;
	if (!j)
		return;
	pthread_mutex_lock(&j->mu);
	j->stop = true;
	j->cancel = 1;
	pthread_cond_signal(&j->cv);
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	pthread_mutex_destroy(&j->mu);
	pthread_cond_destroy(&j->cv);
	close(j->pipe[0]);
	close(j->pipe[1]);
	free(j);
	ui->sync = NULL;
}

bool
ui_sync_start(struct ui *ui)
{
	struct ui_syncjob *j = ui->sync;
	if (!j) {
		ui_message(ui, true, "%s", _("This desk is not enrolled with a district server: see 'zila enrol'."));
		return false;
	}
	pthread_mutex_lock(&j->mu);
	bool busy = j->info.running || j->want;
	if (!busy) {
		j->want = true;
		j->cancel = 0;
		j->info.by_key = true;
		/* the status bar says "running" from this key on */
		j->info.running = true;
		pthread_cond_signal(&j->cv);
	}
	pthread_mutex_unlock(&j->mu);
	if (busy)
		ui_message(ui, false, "%s", _("A sync is already running."));
	else
		ui_message(ui, false, "%s", _("Sync started."));
	return !busy;
}

bool
ui_sync_fetch(struct ui *ui, const char *sha256, const char *name)
{
	struct ui_syncjob *j = ui->sync;
	if (!j || !zila_is_sha256_hex(sha256))
		return false;
	pthread_mutex_lock(&j->mu);
	bool busy = j->fetch[0] != '\0' || (j->info.running && j->fetching);
	if (!busy) {
		snprintf(j->fetch, sizeof j->fetch, "%s", sha256);
		snprintf(j->info.fetch_name, sizeof j->info.fetch_name, "%s", name);
		if (!j->info.running)
			j->cancel = 0;
		pthread_cond_signal(&j->cv);
	}
	pthread_mutex_unlock(&j->mu);
	if (busy)
		ui_message(ui, false, "%s", _("An attachment is already on its way: wait for it."));
	else
		ui_message(ui, false, _("%s is not on this desk yet: fetching it from the server."), name);
	return true;
}

bool
ui_sync_cancel(struct ui *ui)
{
	struct ui_syncjob *j = ui->sync;
	bool running = false;
	if (j) {
		pthread_mutex_lock(&j->mu);
		running = j->info.running;
		if (running)
			j->cancel = 1;
		pthread_mutex_unlock(&j->mu);
	}
	ui_message(ui, false, "%s", running ? _("Cancelling the sync.") : _("No sync is running."));
	return running;
}

int
ui_sync_fd(struct ui *ui)
{
	return ui->sync ? ui->sync->pipe[0] : -1;
}

void
ui_sync_refresh(struct ui *ui, struct ui_sync_info *info)
{
	struct ui_sync_info local;
	struct zila_err err = { 0 };
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);
	if (ui->sync) {
		pthread_mutex_lock(&ui->sync->mu);
		*info = ui->sync->info;
		pthread_mutex_unlock(&ui->sync->mu);
	}
	if (zila_sync_summary(ui->db, &info->sum, &err) != ZILA_OK)
		info->sum.enrolled = ui->sync != NULL;
	ui_sync_status_text(info, zila_clock(), ui->sync_state, sizeof ui->sync_state);
}

void
ui_sync_event(struct ui *ui)
{
	struct ui_syncjob *j = ui->sync;
	char buf[64];
	if (!j)
		return;
	while (read(j->pipe[0], buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&j->mu);
	bool ended = j->ended, fetched = j->fetching;
	struct ui_sync_info info = j->info;
	j->ended = false;
	if (ended)
		j->fetching = false;
	pthread_mutex_unlock(&j->mu);
	if (!ended)
		return;
	if (fetched) {
		char key[16];
		ui_key_name(ui_keymap_key_of(&ui->keys, REQ_OPEN_FILE, UI_K_DETAIL), key, sizeof key);
		if (info.fetch_ok)
			ui_message(ui, false, _("%s has come: press %s to open it."), info.fetch_name, key);
		else
			ui_message(ui, true, _("%s could not be fetched: %s"), info.fetch_name, info.fetch_message);
		struct ui_screen *s = ui_top(ui);
		if (s && s->ops->reload)
			s->ops->reload(ui, s);
		return;
	}
	const struct zila_sync_report *r = &info.rep;
	bool news = r->pushed + r->pulled + r->repaired > 0;
	char key[16];
	ui_key_name(ui_keymap_key_of(&ui->keys, REQ_VIEW_SYNC, UI_K_HOME), key, sizeof key);
	if (info.outcome == UI_SYNC_FAILED)
		ui_message(ui, true, _("Sync failed: %s"), info.message);
	else if (info.outcome == UI_SYNC_CANCELLED)
		ui_message(ui, false, "%s", _("Sync cancelled."));
	else if (r->rejected > 0)
		ui_message(ui, true, zila_ngettext("Sync done: %lld rejected (press %s).", "Sync done: %lld rejected (press %s).",
			(unsigned long)r->rejected), r->rejected, key);
	else if (info.by_key || news) /* a timed sync says only news */
		ui_message(ui, false, _("Sync done: %lld sent, %lld received."), r->pushed, r->pulled);
	/* rows the pull changed show in the open screen now */
	struct ui_screen *s = ui_top(ui);
	if (s && s->ops->reload && (r->pulled + r->repaired > 0 || s->ops->kind == UI_K_SYNC))
		s->ops->reload(ui, s);
}
