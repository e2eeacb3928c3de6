/* guard.c: what keeps zilad answering under abuse, without HTTP: a table
 * of open connections and a memory budget for request bodies.
 *
 * Connections: a connection is "unproven" from accept until one of its
 * requests shows a valid desk token. Unproven connections may hold at
 * most max_connections - auth_reserve places; when one more arrives, the
 * oldest unproven one is cut (shutdown of its socket, so its thread
 * wakes from a blocking read and closes it), and an unproven connection
 * older than auth_timeout seconds is cut by zilad_guard_reap. A slow
 * client (half a TLS handshake, a header a byte at a time) therefore
 * holds a place for seconds at most and never the places kept for desks
 * that have shown their token; a real desk sends its headers within
 * milliseconds and becomes proven before it can be pushed out.
 *
 * Memory: every byte of a body, of its gunzipped form and of its parsed
 * JSON is taken from one budget before it is allocated, and given back
 * when the request ends; a request that would pass it is answered 503
 * (retry later) instead of growing the process. */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "zila/util.h"
#include "zilad.h"

struct zilad_slot {
	int fd;
	bool used, proven, cut;
	double opened;      /* monotonic seconds */
};

struct zilad_guard {
	pthread_mutex_t lock;
	struct zilad_slot *slots;
	size_t nslots;
	unsigned unproven_max;
	double auth_timeout;
	size_t budget, used, peak;
	unsigned cuts;
};

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct zilad_guard *
zilad_guard_new(unsigned max_connections, unsigned auth_reserve, unsigned auth_timeout, size_t budget)
{
	struct zilad_guard *g = zila_xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->lock, NULL);
	/* libmicrohttpd enforces max_connections itself; a few spare slots
	 * cover a connection whose close is still being reported */
	g->nslots = (size_t)max_connections + 16;
	g->slots = zila_xcalloc(g->nslots, sizeof *g->slots);
	g->unproven_max = auth_reserve < max_connections ? max_connections - auth_reserve : 1;
	g->auth_timeout = auth_timeout;
	g->budget = budget;
	return g;
}

void
zilad_guard_free(struct zilad_guard **g)
{
	if (!*g)
		return;
	pthread_mutex_destroy(&(*g)->lock);
	free((*g)->slots);
	free(*g);
	*g = NULL;
}

/* Caller holds the lock. */
static void
cut(struct zilad_guard *g, struct zilad_slot *s)
{
	shutdown(s->fd, SHUT_RDWR);
	s->cut = true;
	g->cuts++;
}

struct zilad_slot *
zilad_guard_open(struct zilad_guard *g, int fd)
{
	struct zilad_slot *free_slot = NULL, *oldest = NULL;
	unsigned unproven = 0;
	pthread_mutex_lock(&g->lock);
	for (size_t i = 0; i < g->nslots; i++) {
		struct zilad_slot *s = &g->slots[i];
		if (!s->used) {
			if (!free_slot)
				free_slot = s;
		} else if (!s->proven && !s->cut) {
			unproven++;
			if (!oldest || s->opened < oldest->opened)
				oldest = s;
		}
	}
	if (unproven >= g->unproven_max && oldest)
		cut(g, oldest);
	if (free_slot) {
		free_slot->fd = fd;
		free_slot->used = true;
		free_slot->proven = free_slot->cut = false;
		free_slot->opened = now_s();
	} else
		shutdown(fd, SHUT_RDWR); /* cannot be watched: not kept */
	pthread_mutex_unlock(&g->lock);
	return free_slot;
}

void
zilad_guard_close(struct zilad_guard *g, struct zilad_slot *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&g->lock);
	s->used = false;
	s->fd = -1;
	pthread_mutex_unlock(&g->lock);
}

void
zilad_guard_prove(struct zilad_guard *g, struct zilad_slot *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&g->lock);
	s->proven = true;
	pthread_mutex_unlock(&g->lock);
}

unsigned
zilad_guard_reap(struct zilad_guard *g)
{
	unsigned n = 0;
	double limit = now_s() - g->auth_timeout;
	pthread_mutex_lock(&g->lock);
	for (size_t i = 0; i < g->nslots; i++) {
		struct zilad_slot *s = &g->slots[i];
		if (s->used && !s->proven && !s->cut && s->opened < limit) {
			cut(g, s);
			n++;
		}
	}
	pthread_mutex_unlock(&g->lock);
	return n;
}

unsigned
zilad_guard_cuts(struct zilad_guard *g)
{
	pthread_mutex_lock(&g->lock);
	unsigned n = g->cuts;
	pthread_mutex_unlock(&g->lock);
	return n;
}

bool
zilad_guard_take(struct zilad_guard *g, size_t n)
{
	bool ok;
	pthread_mutex_lock(&g->lock);
	ok = n <= g->budget - g->used;
	if (ok) {
		g->used += n;
		if (g->used > g->peak)
			g->peak = g->used;
	}
	pthread_mutex_unlock(&g->lock);
	return ok;
}

size_t
zilad_guard_take_upto(struct zilad_guard *g, size_t n)
{
	pthread_mutex_lock(&g->lock);
	size_t left = g->budget - g->used;
	if (n > left)
		n = left;
	g->used += n;
	if (g->used > g->peak)
		g->peak = g->used;
	pthread_mutex_unlock(&g->lock);
	return n;
}

void
zilad_guard_give(struct zilad_guard *g, size_t n)
{
	pthread_mutex_lock(&g->lock);
	g->used = n > g->used ? 0 : g->used - n;
	pthread_mutex_unlock(&g->lock);
}

size_t
zilad_guard_used(struct zilad_guard *g, size_t *peak)
{
	pthread_mutex_lock(&g->lock);
	size_t n = g->used;
	if (peak)
		*peak = g->peak;
	pthread_mutex_unlock(&g->lock);
	return n;
}

/* ---------------------------------------------------------- JSON memory */

/* Parsed JSON can take 75 times the bytes of its text ("{}," is three
 * bytes of text and an empty hash table), so the parse of a body has a
 * cap of its own: jansson allocates through these, which count what the
 * thread holds and fail (jansson then answers "out of memory") past the
 * cap. Blocks are plain malloc blocks (json_dumps text is freed with
 * free() everywhere); one freed that way is never subtracted, which only
 * makes the count high, and a cap is counted from the count at its start. */
static _Thread_local size_t json_held, json_cap;
static _Thread_local bool json_refused;

static void *
json_counted_malloc(size_t n)
{
	if (json_cap && (n > json_cap || json_held > json_cap - n)) {
		json_refused = true;
		return NULL;
	}
	void *p = malloc(n);
	if (p)
		json_held += malloc_usable_size(p);
	return p;
}

static void
json_counted_free(void *p)
{
	if (!p)
		return;
	size_t n = malloc_usable_size(p);
	json_held = n > json_held ? 0 : json_held - n;
	free(p);
}

void
zilad_json_counting(void)
{
	json_set_alloc_funcs(json_counted_malloc, json_counted_free);
}

void
zilad_json_cap(size_t cap)
{
	json_cap = cap ? json_held + cap : 0;
	json_refused = false;
}

bool
zilad_json_refused(void)
{
	return json_refused;
}

/* ------------------------------------------------------ password checks */

/* Password checks, one at a time per login and per address: a guess
 * waits until the one before it for the same login (or from the same
 * address) has been answered and counted, so the throttle's wait cannot
 * be dodged by guessing in parallel. At most max_checks run at once in
 * all (argon2id takes 64 MB each). */
#define GATE_MAX 64

struct zilad_gate {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	int max_checks, n;
	struct { char login[64], addr[64]; } in[GATE_MAX];
};

struct zilad_gate *
zilad_gate_new(int max_checks)
{
	struct zilad_gate *g = zila_xcalloc(1, sizeof *g);
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->changed, NULL);
	g->max_checks = max_checks < 1 ? 1 : max_checks > GATE_MAX ? GATE_MAX : max_checks;
	return g;
}

void
zilad_gate_free(struct zilad_gate **g)
{
	if (!*g)
		return;
	pthread_mutex_destroy(&(*g)->lock);
	pthread_cond_destroy(&(*g)->changed);
	free(*g);
	*g = NULL;
}

/* Caller holds the lock. */
static bool
gate_busy(const struct zilad_gate *g, const char *login, const char *addr)
{
	if (g->n >= g->max_checks)
		return true;
	for (int i = 0; i < g->n; i++)
		if (strcmp(g->in[i].login, login) == 0 || strcmp(g->in[i].addr, addr) == 0)
			return true;
	return false;
}

bool
zilad_gate_enter(struct zilad_gate *g, const char *login, const char *addr, unsigned wait_s)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_s;
	pthread_mutex_lock(&g->lock);
	bool ok = true;
	while (ok && gate_busy(g, login, addr))
		ok = pthread_cond_timedwait(&g->changed, &g->lock, &until) == 0 || !gate_busy(g, login, addr);
	if (ok) {
		snprintf(g->in[g->n].login, sizeof g->in[g->n].login, "%s", login);
		snprintf(g->in[g->n].addr, sizeof g->in[g->n].addr, "%s", addr);
		g->n++;
	}
	pthread_mutex_unlock(&g->lock);
	return ok;
}

void
zilad_gate_leave(struct zilad_gate *g, const char *login, const char *addr)
{
	pthread_mutex_lock(&g->lock);
	for (int i = 0; i < g->n; i++)
		if (strcmp(g->in[i].login, login) == 0 && strcmp(g->in[i].addr, addr) == 0) {
			g->in[i] = g->in[--g->n];
			break;
		}
	pthread_cond_broadcast(&g->changed);
	pthread_mutex_unlock(&g->lock);
}
