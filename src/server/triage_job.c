/* triage_job.c: zilad's refresh of the suggested-routing model, in a
 * thread of its own beside the HTTP threads. It opens its own connection
 * for each refresh and closes it after, so the counts of a training are
 * not kept between days; the training reads without a transaction (WAL
 * lets pushes go on) and writes the model in one short one. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "zila/triage.h"
#include "zila/util.h"
#include "zilad.h"

struct zilad_triage_job {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	unsigned every;
	char database[1024];
	char last_error[512]; /* said once, not every day */
};

static void
refresh_once(struct zilad_triage_job *j)
{
	struct zila_db *db = NULL;
	struct zila_err err = { 0 };
	struct zila_triage_stats st;
	bool trained = false;
	enum zila_status s = zila_db_open(j->database, 0, &db, &err);
	if (!s)
		s = zila_triage_refresh(db, NULL, &trained, &st, &err);
	zila_db_close(&db);
	if (s) {
		if (strcmp(err.msg, j->last_error) != 0)
			fprintf(stderr, "zilad: triage model not refreshed: %s\n", err.msg);
		snprintf(j->last_error, sizeof j->last_error, "%s", err.msg);
		return;
	}
	j->last_error[0] = '\0';
	if (trained)
		fprintf(stderr, "zilad: triage model trained from %ld disposed grievances: %d categories, %zu bytes\n",
			st.examples, st.categories, st.bytes);
}

static void *
run(void *arg)
{
	struct zilad_triage_job *j = arg;
	pthread_mutex_lock(&j->lock);
	while (!j->stop) {
		pthread_mutex_unlock(&j->lock);
		refresh_once(j);
		pthread_mutex_lock(&j->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += j->every;
		while (!j->stop && pthread_cond_timedwait(&j->wake, &j->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

enum zila_status
zilad_triage_start(const char *database, unsigned every, struct zilad_triage_job **out, struct zila_err *err)
{
	*out = NULL;
	if (every == 0)
		return ZILA_OK;
	struct zilad_triage_job *j = zila_xcalloc(1, sizeof *j);
	if (snprintf(j->database, sizeof j->database, "%s", database) >= (int)sizeof j->database) {
		free(j);
		return zila_fail(err, ZILA_EINVAL, "database: the path is too long");
	}
	j->every = every;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->wake, NULL);
	if (pthread_create(&j->thread, NULL, run, j) != 0) {
		pthread_cond_destroy(&j->wake);
		pthread_mutex_destroy(&j->lock);
		free(j);
		return zila_fail(err, ZILA_EIO, "cannot start the triage thread");
	}
	*out = j;
	return ZILA_OK;
}

void
zilad_triage_stop(struct zilad_triage_job **pj)
{
	struct zilad_triage_job *j = *pj;
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stop = true;
	pthread_cond_signal(&j->wake);
	pthread_mutex_unlock(&j->lock);
	pthread_join(j->thread, NULL);
	pthread_cond_destroy(&j->wake);
	pthread_mutex_destroy(&j->lock);
	free(j);
	*pj = NULL;
}
