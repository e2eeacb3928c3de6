/* group.c: group commit of pushes. Desks that push while another push
 * is being written wait in a queue; the next of them to run takes the
 * whole queue and writes it in one transaction (a push that fails is
 * undone alone, and its rejections stay its own: run_group), then commits
 * once: one WAL sync and one write of the pages they share, instead of one
 * per desk. No push is answered before the commit that holds it is
 * durable, so a crash loses only unanswered pushes, which the desks send
 * again (exactly once holds).
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
	bool failed;     /* failed in this group's transaction: undone, answered */
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

/* Writes the pushes of one group under the write lock, in one transaction.
 *
 * No savepoint spans a push: only each action's own (push.c), which keeps
 * the action and its ledger row together. A savepoint around a whole push
 * made SQLite's sub-journal keep, for the push's undo, every page its
 * actions touched, and each action's own copies of them too (an inner
 * savepoint's journal is kept when its outer one journals a page meanwhile):
 * megabytes for a group of 2,000 grievance actions (2.5 MB on a small
 * database in test_sync.c), in a temporary file past SQLite's spill size
 * (a write system call a page), or failing the statement with "database
 * or disk is full" when the spill size was 256 KiB or more (SQLite 3.40).
 * Now the journal holds one action's pages at most, and is emptied when
 * the action ends, so it stays in memory (temp_store = MEMORY, for the
 * group only: sorts and other temporary b-trees elsewhere keep their
 * files).
 *
 * A push that fails (a database error, not a refusal: that is the push's
 * answer) is undone alone all the same: the group is rolled back and
 * written again without it. A push answered 400 or 409 wrote nothing. */
static void
run_group(struct zilad_group *g, struct zila_db *db, struct job *jobs)
{
	int n = 0;
	for (struct job *j = jobs; j; j = j->next)
		n++;
	int quota = GROUP_ENTRIES / n > GROUP_MIN ? GROUP_ENTRIES / n : GROUP_MIN;
	struct zila_err err = { 0 };
	enum zila_status st;
	pthread_mutex_lock(g->write_lock);
	zila_db_exec(db, "PRAGMA temp_store = MEMORY", NULL);
	for (;;) {
		struct job *failed = NULL;
		st = zila_db_begin(db, &err);
		for (struct job *j = jobs; st == ZILA_OK && j && !failed; j = j->next) {
			if (j->failed)
				continue;
			j->st = zilad_push_some(db, j->desk, j->body, quota, &j->reply, &j->http, &j->err);
			if (j->st != ZILA_OK && j->http >= 500)
				failed = j;
		}
		if (st != ZILA_OK)
			break;
		if (!failed) {
			st = zila_db_end(db, true, &err);
			break;
		}
		/* undo the group; the failed push keeps its answer (its status,
		 * http and error), the others are written again */
		zila_db_end(db, false, NULL);
		failed->failed = true;
		for (struct job *j = jobs; j; j = j->next)
			if (!j->failed) {
				json_decref(j->reply);
				j->reply = NULL;
			}
	}
	zila_db_exec(db, "PRAGMA temp_store = DEFAULT", NULL);
	pthread_mutex_unlock(g->write_lock);
	if (st == ZILA_OK)
		return;
	/* nothing of the group was kept: every push is answered with why */
	for (struct job *j = jobs; j; j = j->next) {
		if (j->failed)
			continue;
		json_decref(j->reply);
		j->reply = NULL;
		j->st = st;
		j->err = err;
		j->http = st == ZILA_ERETRY ? 503 : 500;
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
