/* notify.c: messages to the citizen. A trigger on the server queues one
 * message per grievance event worth telling (registered, transferred,
 * disposed of, appealed, appeal decided) in the same transaction as the
 * event, so a message is never lost and never queued twice. A thread of
 * zilad hands each to the gateway command (the message on stdin, the
 * mobile as its argument and in $ZILA_MOBILE, the event's id as
 * $ZILA_MESSAGE_ID), retries with backoff, and logs every attempt.
 *
 * Exactly once: an attempt is recorded before the gateway runs and closed
 * after. If zilad dies in between, the next zilad runs the gateway again
 * with the same $ZILA_MESSAGE_ID; a gateway that keeps the ids it has
 * delivered (as the example scripts do, and as SMS services do with a
 * client reference) then sends nothing twice. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include "zila/util.h"
#include "zilad.h"

extern char **environ;

/* The kinds are compared one by one: "kind IN (...)", as it was, made
 * SQLite fill a temporary b-tree with the list for every event inserted
 * (store.c drops the old trigger: SERVER_TRIGGERS). */
static const char trigger_sql[] =
	"CREATE TRIGGER IF NOT EXISTS notify_grievance_event AFTER INSERT ON grievance_event"
	" WHEN new.kind = 'registered' OR new.kind = 'transferred' OR new.kind = 'disposed' OR new.kind = 'appealed'"
	" OR new.kind = 'appeal_disposed' BEGIN"
	" INSERT OR IGNORE INTO citizen_message(event_id, grievance_id, kind, queued_at)"
	"  SELECT new.id, new.grievance_id, new.kind, new.at"
	"  FROM grievance g WHERE g.id = new.grievance_id AND g.mobile <> ''; END;";

enum zila_status
zilad_notify_install(struct zila_db *db, struct zila_err *err)
{
	return zila_db_exec(db, trigger_sql, err);
}

/* ------------------------------------------------------------- text */

/* At most max code points of s, with an ellipsis when cut. */
static void
excerpt(const char *s, size_t max, char *out, size_t n)
{
	size_t i = 0, cps = 0;
	while (s[i] && cps < max) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		cps++;
	}
	if (i + 4 > n)
		i = 0;
	memcpy(out, s, i);
	out[i] = '\0';
	if (s[i]) {
		/* end on a whole word when one ends near the cut */
		char *sp = strrchr(out, ' ');
		if (sp && (size_t)(out + i - sp) < 20)
			*sp = '\0', i = (size_t)(sp - out);
		while (i > 0 && out[i - 1] == ' ')
			out[--i] = '\0';
		strcat(out, "\u2026");
	}
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
}

enum zila_status
zilad_notify_text(struct zila_db *db, long long message_id, const char *status_url, char *mobile, size_t mobile_n,
	char *text, size_t n, struct zila_err *err)
{
	/* a message with its own text (a one-time code) has no event behind it */
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT m.kind, g.number, g.mobile, g.lang, g.due_date,"
		" d.name_en, CASE WHEN d.name_hi <> '' THEN d.name_hi ELSE d.name_en END, coalesce(e.note, ''), m.event_id,"
		" m.text FROM citizen_message m JOIN grievance g ON g.id = m.grievance_id"
		" LEFT JOIN grievance_event e ON e.id = m.event_id"
		" JOIN department d ON d.id = coalesce(e.to_department_id, g.department_id) WHERE m.id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_int64(st, 1, message_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return zila_fail(err, ZILA_ENOTFOUND, "message %lld has no grievance event", message_id);
	}
#define COL(i) ((const char *)sqlite3_column_text(st, i))
	const char *kind = COL(0), *number = COL(1), *due = COL(4), *note = COL(7);
	bool hi = strcmp(COL(3), "en") != 0;
	const char *dept = hi ? COL(6) : COL(5);
	char ex[400], date[16];
	snprintf(mobile, mobile_n, "%s", COL(2));
	excerpt(note, 80, ex, sizeof ex);
	/* dates as people write them in India */
	snprintf(date, sizeof date, "%.2s-%.2s-%.4s", due + 8, due + 5, due);
	if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
		snprintf(text, n, "%s", COL(9));
		sqlite3_reset(st);
		return ZILA_OK; /* a code is sent as it is, without the status page's address */
	}
	if (strcmp(kind, "registered") == 0)
		snprintf(text, n, hi ? "शिकायत %s %s में दर्ज हुई। उत्तर की अंतिम तिथि %s।"
			: "Grievance %s is registered with %s. Reply due by %s.", number, dept, date);
	else if (strcmp(kind, "transferred") == 0)
		snprintf(text, n, hi ? "शिकायत %s %s को भेजी गई है।" : "Grievance %s has been sent to %s.", number, dept);
	else if (strcmp(kind, "disposed") == 0)
		snprintf(text, n, hi ? "शिकायत %s का %s द्वारा निराकरण: %s" : "Grievance %s disposed of by %s: %s",
			number, dept, ex);
	else if (strcmp(kind, "appealed") == 0)
		snprintf(text, n, hi ? "शिकायत %s पर आपकी अपील दर्ज हुई। उत्तर की अंतिम तिथि %s।"
			: "Your appeal on grievance %s is registered. Reply due by %s.", number, date);
	else
		snprintf(text, n, hi ? "शिकायत %s पर आपकी अपील का निर्णय: %s" : "Your appeal on grievance %s is decided: %s",
			number, ex);
#undef COL
	sqlite3_reset(st);
	if (status_url && *status_url) {
		size_t len = strlen(text);
		snprintf(text + len, n - len, hi ? " स्थिति: %s" : " Status: %s", status_url);
	}
	return ZILA_OK;
}

/* ----------------------------------------------------------- gateway */

/* Runs cmd with text on stdin; the first bytes of its output (stdout and
 * stderr together) go to out. Returns the exit code, 124 after a
 * time-out (as timeout(1) says), 127 when it cannot run. */
static int
run_gateway(const char *cmd, const char *mobile, const char *id, const char *lang, const char *text, int timeout,
	char *out, size_t n)
{
	int in[2], res[2];
	out[0] = '\0';
	if (pipe2(in, O_CLOEXEC) != 0)
		return 127;
	if (pipe2(res, O_CLOEXEC) != 0) {
		close(in[0]);
		close(in[1]);
		return 127;
	}
	/* the child's environment is made before fork: after it, in a
	 * threaded process, only async-signal-safe calls are allowed */
	size_t ne = 0;
	while (environ[ne])
		ne++;
	char **env = zila_xcalloc(ne + 4, sizeof *env), e1[64], e2[128], e3[32];
	size_t k = 0;
	for (size_t i = 0; i < ne; i++)
		if (strncmp(environ[i], "ZILA_MOBILE=", 12) && strncmp(environ[i], "ZILA_MESSAGE_ID=", 16) &&
		    strncmp(environ[i], "ZILA_LANG=", 10))
			env[k++] = environ[i];
	snprintf(e1, sizeof e1, "ZILA_MOBILE=%.40s", mobile);
	snprintf(e2, sizeof e2, "ZILA_MESSAGE_ID=%.100s", id);
	snprintf(e3, sizeof e3, "ZILA_LANG=%.8s", lang);
	env[k++] = e1;
	env[k++] = e2;
	env[k++] = e3;
	char *argv[] = { (char *)cmd, (char *)mobile, NULL };
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(res[1], 1);
		dup2(res[1], 2);
		execve(cmd, argv, env);
		_exit(127);
	}
	free(env);
	close(in[0]);
	close(res[1]);
	if (pid < 0) {
		close(in[1]);
		close(res[0]);
		return 127;
	}
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(in[1], text + off, len - off);
		if (w <= 0)
			break; /* the gateway closed its stdin: its exit code says the rest */
		off += (size_t)w;
	}
	close(in[1]);
	size_t got = 0;
	char sink[512];
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int status = 0;
	bool timed_out = false;
	for (;;) {
		struct pollfd p = { res[0], POLLIN, 0 };
		int rc = poll(&p, 1, 200);
		if (rc > 0) {
			ssize_t r = read(res[0], got + 1 < n ? out + got : sink, got + 1 < n ? n - got - 1 : sizeof sink);
			if (r <= 0)
				break;
			if (got + 1 < n)
				got += (size_t)r;
			out[got] = '\0';
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= timeout) {
			kill(pid, SIGKILL);
			timed_out = true;
			break;
		}
	}
	close(res[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	for (char *p = out; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (timed_out)
		return 124;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* ------------------------------------------------------------ sender */

struct sender {
	struct zilad_config cfg;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop, running;
};

static struct sender sender = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

/* Seconds before attempt n + 1: base, 2 base, 4 base... at most an hour. */
static long
backoff(int attempts, int base)
{
	long d = base;
	for (int i = 1; i < attempts && d < 3600; i++)
		d *= 2;
	return d > 3600 ? 3600 : d;
}

static enum zila_status
exec_bound(struct zila_db *db, const char *sql, long long a, long long b, const char *t1, const char *t2,
	struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, sql, err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (t1)
		sqlite3_bind_text(st, 3, t1, -1, SQLITE_TRANSIENT);
	if (t2)
		sqlite3_bind_text(st, 4, t2, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "message", err);
}

/* One message: the attempt is on disk before the gateway runs. */
static void
send_one(struct zila_db *db, long long id, int attempts, const char *event_id)
{
	struct zila_err err = { 0 };
	char mobile[32], text[1024], out[512], now[32], lang[4] = "hi";
	const struct zilad_config *c = &sender.cfg;
	int attempt = attempts + 1;
	/* attempts are stamped by the real clock: they are about the wire,
	 * not the office's day */
	zila_iso_time(time(NULL), now, sizeof now);
	if (zilad_notify_text(db, id, c->status_url, mobile, sizeof mobile, text, sizeof text, &err) != ZILA_OK) {
		fprintf(stderr, "%s message=%lld cannot be written: %s\n", now, id, err.msg);
		exec_bound(db, "UPDATE citizen_message SET state = 'failed' WHERE id = ?1 AND ?2 = ?2", id, 0, NULL, NULL, NULL);
		return;
	}
	sqlite3_stmt *ls = zila_db_stmt(db, "SELECT g.lang FROM citizen_message m JOIN grievance g ON g.id = m.grievance_id"
		" WHERE m.id = ?1", NULL);
	if (ls) {
		sqlite3_bind_int64(ls, 1, id);
		if (sqlite3_step(ls) == SQLITE_ROW)
			snprintf(lang, sizeof lang, "%s", (const char *)sqlite3_column_text(ls, 0));
		sqlite3_reset(ls);
	}
	if (zila_db_begin(db, &err) != ZILA_OK)
		return;
	enum zila_status s = exec_bound(db, "UPDATE citizen_message SET attempts = ?2 WHERE id = ?1", id, attempt, NULL,
		NULL, &err);
	if (s == ZILA_OK)
		s = exec_bound(db, "INSERT INTO citizen_message_attempt(message_id, attempt, started_at) VALUES (?1, ?2, ?3)",
			id, attempt, now, NULL, &err);
	if (zila_db_end(db, s == ZILA_OK, &err) != ZILA_OK || s != ZILA_OK) {
		fprintf(stderr, "%s message=%lld attempt not recorded: %s\n", now, id, err.msg);
		return;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = run_gateway(c->gateway, mobile, event_id, lang, text, c->gateway_timeout, out, sizeof out);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	zila_iso_time(time(NULL), now, sizeof now);
	bool failed = rc != 0 && attempt >= c->gateway_tries;
	if (zila_db_begin(db, &err) == ZILA_OK) {
		s = exec_bound(db, "UPDATE citizen_message_attempt SET ended_at = ?3, exit_code = ?2, output = ?4"
			" WHERE message_id = ?1 AND attempt = (SELECT attempts FROM citizen_message WHERE id = ?1)",
			id, rc, now, out, &err);
		if (s == ZILA_OK && rc == 0)
			s = exec_bound(db, "UPDATE citizen_message SET state = 'sent', sent_at = ?3 WHERE id = ?1 AND ?2 = ?2",
				id, 0, now, NULL, &err);
		else if (s == ZILA_OK)
			s = exec_bound(db, "UPDATE citizen_message SET next_at = ?2,"
				" state = CASE WHEN ?3 = 'failed' THEN 'failed' ELSE state END WHERE id = ?1",
				id, (long long)time(NULL) + backoff(attempt, c->gateway_backoff), failed ? "failed" : "pending",
				NULL, &err);
		zila_db_end(db, s == ZILA_OK, &err);
	}
	fprintf(stderr, "%s gateway message=%lld event=%s attempt=%d exit=%d ms=%ld%s%s\n", now, id, event_id, attempt,
		rc, ms, failed ? " gave up" : "", rc && *out ? " output=" : "");
	if (rc && *out)
		fprintf(stderr, "  %s\n", out);
}

/* Sends what is due; true when it sent anything (then look again at once). */
static bool
send_due(struct zila_db *db)
{
	long long ids[16];
	int att[16], k = 0;
	char events[16][40];
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT id, attempts, event_id FROM citizen_message"
		" WHERE state = 'pending' AND next_at <= ?1 ORDER BY next_at, id LIMIT 16", NULL);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, (long long)time(NULL));
	while (k < 16 && sqlite3_step(st) == SQLITE_ROW) {
		ids[k] = sqlite3_column_int64(st, 0);
		att[k] = sqlite3_column_int(st, 1);
		snprintf(events[k], sizeof events[k], "%s", (const char *)sqlite3_column_text(st, 2));
		k++;
	}
	sqlite3_reset(st);
	for (int i = 0; i < k; i++) {
		pthread_mutex_lock(&sender.lock);
		bool stop = sender.stop;
		pthread_mutex_unlock(&sender.lock);
		if (stop)
			return false;
		send_one(db, ids[i], att[i], events[i]);
	}
	return k > 0;
}

static void *
sender_main(void *arg)
{
	struct zila_db *db = NULL;
	struct zila_err err = { 0 };
	(void)arg;
	if (zila_db_open(sender.cfg.database, 0, &db, &err) != ZILA_OK) {
		fprintf(stderr, "zilad: the message sender cannot open the database: %s\n", err.msg);
		return NULL;
	}
	for (;;) {
		bool more = send_due(db);
		pthread_mutex_lock(&sender.lock);
		if (!sender.stop && !more) {
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 1; /* a new message waits at most a second */
			pthread_cond_timedwait(&sender.wake, &sender.lock, &until);
		}
		bool stop = sender.stop;
		pthread_mutex_unlock(&sender.lock);
		if (stop)
			break;
	}
	zila_db_close(&db);
	return NULL;
}

enum zila_status
zilad_notify_start(const struct zilad_config *cfg, struct zila_err *err)
{
	if (!cfg->gateway[0])
		return ZILA_OK; /* messages wait in the outbox until a gateway is configured */
	if (access(cfg->gateway, X_OK) != 0)
		return zila_fail(err, ZILA_EINVAL, "gateway %s is not an executable program", cfg->gateway);
	sender.cfg = *cfg;
	sender.stop = false;
	if (pthread_create(&sender.thread, NULL, sender_main, NULL) != 0)
		return zila_fail(err, ZILA_EIO, "cannot start the message sender");
	sender.running = true;
	return ZILA_OK;
}

void
zilad_notify_stop(void)
{
	if (!sender.running)
		return;
	pthread_mutex_lock(&sender.lock);
	sender.stop = true;
	pthread_cond_signal(&sender.wake);
	pthread_mutex_unlock(&sender.lock);
	pthread_join(sender.thread, NULL);
	sender.running = false;
}
