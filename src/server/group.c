/* group.c: group commit of pushes. Desks that push while another push
 * is being written wait in a queue; the next of them to run takes the
 * whole queue and writes it in one transaction, each push in a savepoint
 * of its own (a push that fails or answers 409 is undone alone, and its
 * rejections stay its own), then commits once: one WAL sync and one
 * write of the pages they share, instead of one per desk. No push is
 * answered before the commit that holds it is durable, so a crash loses
 * only unanswered pushes, which the desks send again (exactly once holds).
 *
 * A group applies at most GROUP_ENTRIES new entries, shared among its
 * pushes (at least GROUP_MIN each): the others wait for one group, not for
 * every desk's whole outbox, and a push cut short says so (last_applied)
 * and its desk sends the rest at once. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "zila/util.h"
#include "zilad.h"

#define GROUP_ENTRIES 2000
#define GROUP_MIN 25

struct job {
	const struct zilad_desk *desk;
	json_t *body, *reply;
	int http;
	enum zila_status st;
	struct zila_err err;
	bool done;
	struct job *next;
};

struct zilad_group {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_mutex_t *write_lock;
	struct job *head, **tail;
	bool leading;
};

struct zilad_group *
zilad_group_new(pthread_mutex_t *write_lock)
{
	struct zilad_group *g = zila_xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	g->write_lock = write_lock;
	g->tail = &g->head;
	return g;
}

void
zilad_group_free(struct zilad_group **g)
{
	if (!*g)
		return;
	pthread_mutex_destroy(&(*g)->mu);
	pthread_cond_destroy(&(*g)->cv);
	free(*g);
	*g = NULL;
}

/* Writes the pushes of one group under the write lock, in one transaction. */
static void
run_group(struct zilad_group *g, struct zila_db *db, struct job *jobs)
{
	int n = 0;
	for (struct job *j = jobs; j; j = j->next)
		n++;
	int quota = GROUP_ENTRIES / n > GROUP_MIN ? GROUP_ENTRIES / n : GROUP_MIN;
	struct zila_err err = { 0 };
	pthread_mutex_lock(g->write_lock);
	enum zila_status st = zila_db_begin(db, &err);
	for (struct job *j = jobs; st == ZILA_OK && j; j = j->next) {
		j->http = 500;
		if ((j->st = zila_db_savepoint(db, &j->err)) != ZILA_OK)
			continue;
		j->st = zilad_push_some(db, j->desk, j->body, quota, &j->reply, &j->http, &j->err);
		bool keep = j->st == ZILA_OK && j->http == 200;
		enum zila_status rel = zila_db_release(db, keep, keep ? &j->err : NULL);
		if (keep && rel != ZILA_OK) {
			json_decref(j->reply);
			j->reply = NULL;
			j->st = rel;
			j->http = 500;
		}
	}
	if (st == ZILA_OK)
		st = zila_db_end(db, true, &err);
	pthread_mutex_unlock(g->write_lock);
	if (st == ZILA_OK)
		return;
	/* nothing of the group was kept: every push is answered with why */
	for (struct job *j = jobs; j; j = j->next) {
		if (j->st == ZILA_OK && j->http == 200) {
			json_decref(j->reply);
			j->reply = NULL;
		}
		if (!j->reply) {
			j->st = st;
			j->err = err;
			j->http = st == ZILA_ERETRY ? 503 : 500;
		}
	}
}

enum zila_status
zilad_group_push(struct zilad_group *g, struct zila_db *db, const struct zilad_desk *desk, json_t *body,
	json_t **reply, int *http, struct zila_err *err)
{
	struct job job = { .desk = desk, .body = body };
	pthread_mutex_lock(&g->mu);
	*g->tail = &job;
	g->tail = &job.next;
	while (!job.done) {
		if (g->leading) {
			pthread_cond_wait(&g->cv, &g->mu);
			continue;
		}
		/* this thread writes the group of everyone waiting, its own push
		 * among them, with its own connection */
		g->leading = true;
		struct job *jobs = g->head;
		g->head = NULL;
		g->tail = &g->head;
		pthread_mutex_unlock(&g->mu);
		run_group(g, db, jobs);
		pthread_mutex_lock(&g->mu);
		for (struct job *j = jobs, *next; j; j = next) {
			next = j->next;
			j->done = true;
		}
		g->leading = false;
		pthread_cond_broadcast(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
	*reply = job.reply;
	*http = job.http;
	if (job.st != ZILA_OK && err)
		*err = job.err;
	return job.st;
}
