/* check_job.c: the whole-file integrity check, off the open path. Once a
 * day (zila_db_check_due), after the first screen is up, a thread with its
 * own connection runs PRAGMA quick_check; the key loop learns the end
 * through a pipe it polls beside the terminal, as it does for sync. A
 * damaged file is said loudly and on every start until `zila check` or a
 * restore clears it. Leaving zila interrupts a check still running: on a
 * district's database it reads every page (minutes), and nobody should
 * wait for it to quit. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "screen.h"
#include "check.h"

struct ui_checkjob {
	pthread_t thread;
	int pipe[2];
	char path[4096];
	struct zila_db *db;            /* the thread's own connection */
	pthread_mutex_t mu;            /* guards db against the interrupt */
	atomic_bool stop;
	/* written by the thread before its byte, read after it */
	bool damaged, failed;
	char detail[sizeof ((struct zila_err *)0)->msg];
};

static void *
check_main(void *arg)
{
	struct ui_checkjob *j = arg;
	struct zila_err err = { 0 };
	struct zila_db *db = NULL;
	if (zila_db_open(j->path, 0, &db, &err) != ZILA_OK) {
		j->failed = true;
		snprintf(j->detail, sizeof j->detail, "%s", err.msg);
	} else {
		pthread_mutex_lock(&j->mu);
		j->db = db;
		pthread_mutex_unlock(&j->mu);
		if (!atomic_load(&j->stop) &&
		    zila_db_quick_check(db, &j->damaged, j->detail, sizeof j->detail, &err) != ZILA_OK) {
			j->failed = true;
			snprintf(j->detail, sizeof j->detail, "%s", err.msg);
		}
		pthread_mutex_lock(&j->mu);
		j->db = NULL;
		pthread_mutex_unlock(&j->mu);
		zila_db_close(&db);
	}
	ssize_t w = write(j->pipe[1], "c", 1);
	(void)w;
	return NULL;
}

void
ui_check_start(struct ui *ui)
{
	if (ui->check || !zila_db_check_due(ui->db))
		return;
	struct ui_checkjob *j = calloc(1, sizeof *j);
	if (!j)
		return;
	snprintf(j->path, sizeof j->path, "%s", zila_db_path(ui->db));
	pthread_mutex_init(&j->mu, NULL);
	if (pipe(j->pipe) != 0) {
		pthread_mutex_destroy(&j->mu);
		free(j);
		return;
	}
	if (pthread_create(&j->thread, NULL, check_main, j) != 0) {
		close(j->pipe[0]);
		close(j->pipe[1]);
		pthread_mutex_destroy(&j->mu);
		free(j);
		return;
	}
	ui->check = j;
}

int
ui_check_fd(struct ui *ui)
{
	return ui->check ? ui->check->pipe[0] : -1;
}

static void
check_free(struct ui *ui)
{
	struct ui_checkjob *j = ui->check;
	close(j->pipe[0]);
	close(j->pipe[1]);
	pthread_mutex_destroy(&j->mu);
	free(j);
	ui->check = NULL;
}

void
ui_check_event(struct ui *ui)
{
	struct ui_checkjob *j = ui->check;
	if (!j)
		return;
	char b;
	ssize_t r = read(j->pipe[0], &b, 1);
	(void)r;
	pthread_join(j->thread, NULL); /* what the thread wrote is ours now */
	bool damaged = j->damaged, failed = j->failed;
	char detail[sizeof j->detail];
	snprintf(detail, sizeof detail, "%s", j->detail);
	check_free(ui);
	if (damaged)
		ui_message(ui, true, _("This database is damaged (%s). Stop work, run 'zila check' and restore it from a backup."),
			detail);
	else if (failed)
		ui_message(ui, true, _("The daily database check could not run: %s"), detail);
}

void
ui_check_stop(struct ui *ui)
{
	struct ui_checkjob *j = ui->check;
	if (!j)
		return;
	atomic_store(&j->stop, true);
	pthread_mutex_lock(&j->mu);
	if (j->db)
		sqlite3_interrupt(zila_db_handle(j->db));
	pthread_mutex_unlock(&j->mu);
	pthread_join(j->thread, NULL);
	check_free(ui);
}
