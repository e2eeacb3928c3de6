/* http.c: zilad's HTTP(S) face with libmicrohttpd: a thread per
 * connection (handlers wait on SQLite and on the password throttle),
 * limits on connections, time-outs, body size before and after gunzip,
 * and one log line per request. The token is checked in the first call
 * of a request, on its headers alone: a request without a valid one is
 * answered before a byte of its body is read (enrolment, which has no
 * token yet, may send a few KB). guard.c decides which connections stay
 * and how much memory bodies may take. Database handles come from a small pool,
 * one per thread at a time; writes (push, enrol) take one lock, so desks
 * queue in memory rather than spin on SQLite's busy handler, and pushes
 * that queue are written in one transaction (group.c). */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <microhttpd.h>
#include "config.h"
#include "zila/blob.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "zilad.h"

#define POOL_MAX 64
#define STR_(x) #x
#define STR(x) STR_(x)
#define PROTOCOL STR(ZILA_WIRE_VERSION)
#define P ZILA_WIRE_PREFIX

struct server {
	struct zilad_config cfg;
	pthread_mutex_t pool_lock;
	struct zila_db *pool[POOL_MAX];
	int npool;
	pthread_mutex_t write_lock;
	struct zilad_group *group; /* pushes written together (group.c) */
	struct zilad_guard *guard;
	struct zilad_gate *gate;
};

/* What a request may ask for; decided from its first line. */
enum endpoint { EP_NONE, EP_HEALTH, EP_ENROL, EP_PUSH, EP_PULL, EP_SNAPSHOT, EP_ROWS, EP_BLOB, EP_OPEN311, EP_STATUS, EP_FILE };

/* Enrolment comes before any token: its body (login, password, name) is
 * all a stranger may make zilad read, so it is small, before and after
 * gunzip, and so is its parsed form. */
#define ENROL_MAX_BODY 4096
#define STATUS_MAX_BODY 8192 /* the status page's forms */
#define ENROL_MAX_JSON (32 << 10)
/* Parsed JSON may take this many times its text, counted and capped. */
#define JSON_FACTOR 10

struct request {
	enum endpoint ep;
	struct zilad_desk desk;   /* from the token, checked on the headers */
	unsigned char *body;
	size_t len, cap;
	size_t limit;             /* bytes of body this request may send */
	size_t taken;             /* from the memory budget, given back at the end */
	size_t bytes_in;          /* as received, even when refused */
	bool too_big, busy;
	struct timespec start;
};

static struct zila_db *
pool_get(struct server *s, struct zila_err *err)
{
	struct zila_db *db = NULL;
	pthread_mutex_lock(&s->pool_lock);
	if (s->npool > 0)
		db = s->pool[--s->npool];
	pthread_mutex_unlock(&s->pool_lock);
	if (!db) {
		if (zila_db_open(s->cfg.database, 0, &db, err) != ZILA_OK)
			return NULL;
		/* a push batch touches many pages: keep them in memory until the
		 * commit rather than spilling them to the WAL twice */
		zila_db_exec(db, "PRAGMA cache_size = -32768", NULL);
		/* the savepoints' sub-journal: main.c and group.c */
	}
	return db;
}

static void
pool_put(struct server *s, struct zila_db *db)
{
	pthread_mutex_lock(&s->pool_lock);
	if (s->npool < POOL_MAX) {
		s->pool[s->npool++] = db;
		db = NULL;
	}
	pthread_mutex_unlock(&s->pool_lock);
	zila_db_close(&db);
}

static long
elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* time, desk, method, path, status, bytes in and out, milliseconds, and
 * for a push the CPU its signature checks took (verify_us) */
static void
log_line(const struct request *r, const char *desk, const char *method, const char *url, int status, size_t out)
{
	char now[32];
	zila_iso_time(time(NULL), now, sizeof now);
	char verify[32] = "";
	if (r->ep == EP_PUSH)
		snprintf(verify, sizeof verify, " verify_us=%lld", zilad_push_prove_us());
	fprintf(stderr, "%s desk=%s %s %s %d in=%zu out=%zu ms=%ld%s\n", now, desk && *desk ? desk : "-", method, url,
		status, r->bytes_in, out, elapsed_ms(&r->start), verify);
}

static bool
accepts_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	return ae && strstr(ae, "gzip");
}

/* The server's clock as zilad's actions read it (zila_clock), so a desk
 * compares its clock with the one that dates its actions. */
static void
add_date(struct MHD_Response *resp)
{
	char date[64];
	time_t now = zila_clock();
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_DATE, date);
}

/* A JSON body's text made from body (taking the reference), with rows,
 * when not NULL, added as its last member "rows" (a pull's page, written
 * as text by zilad_pull_text; taken too). */
static char *
body_text(const char *desk, json_t *body, char *rows)
{
	const char *warning = json_string_value(json_object_get(body, "warning"));
	if (warning) {
		/* what a desk's request revealed about this server (a restore) */
		char now[32];
		zila_iso_time(time(NULL), now, sizeof now);
		fprintf(stderr, "%s WARNING desk=%s: %s\n", now, desk && *desk ? desk : "-", warning);
	}
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (text && rows) {
		size_t tn = strlen(text), rn = strlen(rows);
		char *all = zila_xmalloc(tn + rn + 16);
		/* text is an object, "{...}": its closing brace gives way */
		memcpy(all, text, tn - 1);
		size_t n = tn - 1;
		if (tn > 2)
			all[n++] = ',';
		memcpy(all + n, "\"rows\":", 7);
		n += 7;
		memcpy(all + n, rows, rn);
		n += rn;
		memcpy(all + n, "}", 2);
		free(text);
		text = all;
	}
	free(rows);
	return text;
}

/* Sends a JSON body (taking the reference, and rows as body_text adds
 * them), gzipped when the desk takes gzip and it is worth it. */
static enum MHD_Result
reply_rows(struct MHD_Connection *c, struct request *r, const char *desk, const char *method, const char *url,
	int status, json_t *body, char *rows)
{
	char *text = body_text(desk, body, rows);
	size_t len = text ? strlen(text) : 0;
	unsigned char *data = (unsigned char *)text;
	bool gz = false;
	if (text && len > 256 && accepts_gzip(c)) {
		unsigned char *z;
		size_t zn;
		if (zila_gzip(text, len, &z, &zn, NULL) == ZILA_OK) {
			free(text);
			data = z;
			len = zn;
			gz = true;
		}
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, ZILA_WIRE_HEADER, PROTOCOL);
	add_date(resp);
	if (gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	if (status == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	enum MHD_Result res = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	log_line(r, desk, method, url, status, len);
	return res;
}

static enum MHD_Result
reply(struct MHD_Connection *c, struct request *r, const char *desk, const char *method, const char *url,
	int status, json_t *body)
{
	return reply_rows(c, r, desk, method, url, status, body, NULL);
}

static enum MHD_Result
fail(struct MHD_Connection *c, struct request *r, const char *desk, const char *method, const char *url,
	int status, const char *msg)
{
	return reply(c, r, desk, method, url, status, json_pack("{s:s}", "error", msg));
}

static int
http_of(enum zila_status st)
{
	switch (st) {
	case ZILA_OK: return 200;
	case ZILA_EINVAL: case ZILA_EUSAGE: return 400;
	case ZILA_EAUTH: return 401;
	case ZILA_EDENIED: return 403;
	case ZILA_ENOTFOUND: return 404;
	case ZILA_ERETRY: return 503;
	default: return 500;
	}
}

/* The body as JSON: gunzipped within the cap, valid UTF-8 (jansson
 * refuses anything else), no duplicate keys. *status is the HTTP answer
 * when it fails. */
static json_t *
body_json(struct server *s, struct MHD_Connection *c, struct request *r, int *status, char *msg, size_t n)
{
	const unsigned char *data = r->body ? r->body : (const unsigned char *)"";
	size_t len = r->len;
	unsigned char *plain = NULL;
	size_t plain_taken = 0;
	bool enrol = r->ep == EP_ENROL;
	const char *ce = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_ENCODING);
	if (ce && strcmp(ce, "gzip") == 0) {
		bool too_big;
		struct zila_err err = { 0 };
		size_t want = enrol ? ENROL_MAX_BODY : s->cfg.max_inflated;
		size_t got = zilad_guard_take_upto(s->guard, want);
		r->taken += got;
		if (zila_gunzip(data, len, got, &plain, &len, &too_big, &err) != ZILA_OK) {
			*status = !too_big ? 400 : got < want ? 503 : 413;
			snprintf(msg, n, "%s", *status == 503 ? "the server is busy: try again shortly" : err.msg);
			return NULL;
		}
		/* what the gunzipped text does not use, and the wire form, go back */
		zilad_guard_give(s->guard, got - len);
		r->taken -= got - len;
		data = plain;
		plain_taken = len;
	} else if (ce && strcmp(ce, "identity") != 0) {
		*status = 415;
		snprintf(msg, n, "Content-Encoding must be gzip or identity");
		return NULL;
	}
	json_error_t jerr;
	size_t want = enrol ? ENROL_MAX_JSON : len * JSON_FACTOR + (64 << 10);
	if (want > s->cfg.max_memory / 4)
		want = s->cfg.max_memory / 4;
	size_t got = zilad_guard_take_upto(s->guard, want);
	r->taken += got;
	zilad_json_cap(got ? got : 1);
	json_t *j = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES, &jerr);
	bool refused = zilad_json_refused();
	zilad_json_cap(0);
	free(plain);
	zilad_guard_give(s->guard, plain_taken);
	r->taken -= plain_taken;
	if (!j && (refused || json_error_code(&jerr) == json_error_out_of_memory)) {
		*status = got < want ? 503 : 413;
		snprintf(msg, n, "%s", got < want ? "the server is busy: try again shortly"
			: "the body holds too many values for the server to take at once");
		return NULL;
	}
	if (!j) {
		*status = 400;
		snprintf(msg, n, "malformed JSON at line %d column %d: %s", jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		*status = 400;
		snprintf(msg, n, "the body must be a JSON object");
		return NULL;
	}
	return j;
}

static bool
parse_count(const char *v, long long max, long long *out)
{
	if (!v || !*v || strlen(v) > 18)
		return false;
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	*out = atoll(v);
	return *out <= max;
}

/* ------------------------------------------------------------------ blobs */

/* Queues resp (and destroys it) and writes the log line. */
static enum MHD_Result
queue(struct MHD_Connection *c, struct request *r, const char *desk, const char *method, const char *url,
	int status, struct MHD_Response *resp, size_t out)
{
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, ZILA_WIRE_HEADER, PROTOCOL);
	enum MHD_Result res = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	log_line(r, desk, method, url, status, out);
	return res;
}

/* A blob answer: {offset, complete} (or {error, offset}) as JSON, with
 * the offset in Upload-Offset too (HEAD has the headers alone). */
static enum MHD_Result
blob_reply(struct MHD_Connection *c, struct request *r, const char *desk, const char *method, const char *url,
	int status, long long offset, bool complete, const char *msg)
{
	char num[32];
	json_t *j = json_pack("{s:I, s:b}", "offset", (json_int_t)offset, "complete", complete);
	if (status != 200)
		json_object_set_new(j, "error", json_string(msg ? msg : "failed"));
	char *text = strcmp(method, "HEAD") == 0 ? NULL : json_dumps(j, JSON_COMPACT);
	json_decref(j);
	size_t len = text ? strlen(text) : 0;
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, text ? text : (char *)"",
		text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	snprintf(num, sizeof num, "%lld", offset);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (status == 200 || status == 409 || status == 422)
		MHD_add_response_header(resp, "Upload-Offset", num);
	if (status == 200)
		MHD_add_response_header(resp, "Upload-Complete", complete ? "true" : "false");
	if (status == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	return queue(c, r, desk, method, url, status, resp, len);
}

static enum MHD_Result
blob_get(struct MHD_Connection *c, struct request *r, const struct zilad_desk *desk, const char *method,
	const char *url, const char *path, const char *mime)
{
	char hdr[96];
	long long from = 0, to, size;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		if (fd >= 0)
			close(fd);
		return fail(c, r, desk->code, method, url, 500, "the blob cannot be read");
	}
	size = (long long)sb.st_size;
	to = size - 1;
	const char *range = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE);
	enum zilad_range kind = zilad_range_parse(range, size, &from, &to);
	bool partial = kind == ZILAD_RANGE_PART;
	if (kind == ZILAD_RANGE_BAD) {
		close(fd);
		struct MHD_Response *resp = MHD_create_response_from_buffer(0, (char *)"", MHD_RESPMEM_PERSISTENT);
		snprintf(hdr, sizeof hdr, "bytes */%lld", size);
		if (resp)
			MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_RANGE, hdr);
		return queue(c, r, desk->code, method, url, 416, resp, 0);
	}
	long long len = size ? to - from + 1 : 0;
	struct MHD_Response *resp = MHD_create_response_from_fd_at_offset64((uint64_t)len, fd, (uint64_t)from);
	if (!resp) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, mime[0] ? mime : "application/octet-stream");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	if (partial) {
		snprintf(hdr, sizeof hdr, "bytes %lld-%lld/%lld", from, to, size);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_RANGE, hdr);
	}
	return queue(c, r, desk->code, method, url, partial ? 206 : 200, resp, (size_t)len);
}

static bool
header_count(struct MHD_Connection *c, const char *name, long long *out)
{
	return parse_count(MHD_lookup_connection_value(c, MHD_HEADER_KIND, name), 1LL << 40, out);
}

/* HEAD, PATCH and GET /v3/blobs/<sha256>, by desk token. The name is
 * checked by the blob functions before it reaches a path. */
static enum MHD_Result
route_blob(struct server *s, struct MHD_Connection *c, struct request *r, const char *url, const char *method)
{
	struct zila_err err = { 0 };
	const struct zilad_desk desk = r->desk;
	const char *sha = url + strlen(P "/blobs/");
	bool head = strcmp(method, "HEAD") == 0, get = strcmp(method, "GET") == 0;
	long long offset = 0, length = 0;
	bool complete = false;
	int status;
	struct zila_db *db = pool_get(s, &err);
	if (!db)
		return fail(c, r, NULL, method, url, 503, err.msg);
	if (get) {
		char path[4096], mime[ZILA_BLOB_MIME_LEN] = "";
		status = zilad_blob_readable(db, &desk, sha, path, sizeof path, mime, sizeof mime, &err);
		pool_put(s, db);
		if (status != 200)
			return fail(c, r, desk.code, method, url, status, err.msg);
		return blob_get(c, r, &desk, method, url, path, mime);
	}
	if (head)
		status = zilad_blob_state(db, &desk, sha, &offset, &complete, &err);
	else if (!header_count(c, "Upload-Offset", &offset) || !header_count(c, "Upload-Length", &length)) {
		status = 400;
		zila_fail(&err, ZILA_EINVAL, "PATCH needs Upload-Offset and Upload-Length as whole numbers");
	} else {
		const char *chunk = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Chunk-SHA256");
		if (chunk && !zila_is_sha256_hex(chunk)) {
			status = 400;
			zila_fail(&err, ZILA_EINVAL, "Chunk-SHA256 must be 64 small hex digits");
		} else {
			pthread_mutex_lock(&s->write_lock);
			status = zilad_blob_append(db, &desk, sha, offset, length, r->body ? r->body : (const unsigned char *)"",
				r->len, chunk, s->cfg.max_blob, &offset, &complete, &err);
			pthread_mutex_unlock(&s->write_lock);
		}
	}
	pool_put(s, db);
	return blob_reply(c, r, desk.code, method, url, status, offset, complete, err.msg);
}

/* ---------------------------------------------------------- open311 */

/* Collects the query arguments; a value that is not UTF-8 text marks
 * the whole request bad. The first of a repeated name wins. */
struct args {
	json_t *obj;
	bool bad;
};

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct args *a = cls;
	(void)kind;
	json_t *v = json_string(value ? value : "");
	if (!v || !zila_utf8_check(key, false, NULL))
		a->bad = true;
	if (v && !a->bad && !json_object_get(a->obj, key))
		json_object_set_new(a->obj, key, v);
	else
		json_decref(v);
	return MHD_YES;
}

static void
client_addr(struct MHD_Connection *c, char *addr, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(addr, n, "?");
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, (socklen_t)n);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, (socklen_t)n);
	}
}

/* Open311 GeoReport v2 (open311.c knows the standard; this only carries
 * the request in and the answer out). */
static enum MHD_Result
route_open311(struct server *s, struct MHD_Connection *c, struct request *r, const char *url, const char *method)
{
	struct zila_err err = { 0 };
	struct zilad_o311_out out;
	char addr[INET6_ADDRSTRLEN];
	struct args a = { json_object(), false };
	json_t *args = a.obj;
	client_addr(c, addr, sizeof addr);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
	const char *hkey = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Api-Key");
	if (hkey && !json_object_get(args, "api_key"))
		collect_arg(&a, MHD_HEADER_KIND, "api_key", hkey);
	struct zilad_o311_in in = { method, url + strlen("/open311/"), args, addr,
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
		r->body ? (const char *)r->body : "", r->len,
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
		s->cfg.open311_per_mobile_day, s->cfg.max_blob, s->cfg.media_hosts, s->cfg.media_ca, &s->write_lock };
	if (a.bad) {
		json_decref(args);
		return fail(c, r, NULL, method, url, 400, "query arguments must be UTF-8 text");
	}
	struct zila_db *db = pool_get(s, &err);
	if (!db) {
		json_decref(args);
		return fail(c, r, NULL, method, url, 503, err.msg);
	}
	/* filing a request takes the write lock itself, after any fetch */
	zilad_open311(db, &in, &out);
	pool_put(s, db);
	json_decref(args);
	size_t len = out.body ? strlen(out.body) : 0;
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, out.body ? out.body : (char *)"",
		out.body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(out.body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, out.type);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, "*");
	if (out.retry_after > 0) {
		char num[16];
		snprintf(num, sizeof num, "%d", out.retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num);
	}
	return queue(c, r, out.who, method, url, out.status, resp, len);
}

/* A password check: in the gate (one at a time per login and per address,
 * so parallel guesses queue behind the throttle's wait), the wait, then
 * argon2id without the write lock; only the count and the new desk are
 * written under it. */
static enum zila_status
enrol(struct server *s, struct zila_db *db, const char *login, const char *password, const char *name,
	const char *enrolment, const char *addr, json_t **out, struct zila_err *err)
{
	char lc[64];
	struct zila_actor actor;
	size_t i = 0;
	for (; login[i] && i + 1 < sizeof lc; i++)
		lc[i] = (char)tolower((unsigned char)login[i]);
	lc[i] = '\0';
	if (!zilad_gate_enter(s->gate, lc, addr, s->cfg.auth_timeout))
		return zila_fail(err, ZILA_ERETRY, "too many password checks for this login or address at once: try again later");
	long delay = zilad_throttle_delay(db, lc, addr, s->cfg.throttle_ms);
	if (delay > 0)
		usleep((useconds_t)delay * 1000);
	enum zila_status st = zilad_enrol_check(db, lc, password, &actor, err);
	if (st == ZILA_OK || st == ZILA_EAUTH) {
		pthread_mutex_lock(&s->write_lock);
		zilad_throttle_note(db, lc, addr, st == ZILA_EAUTH);
		if (st == ZILA_OK)
			st = zilad_enrol_desk(db, &actor, name, s->cfg.desks_per_user, enrolment, out, err);
		pthread_mutex_unlock(&s->write_lock);
	}
	zilad_gate_leave(s->gate, lc, addr);
	return st;
}

static enum MHD_Result page_reply(struct MHD_Connection *c, struct request *r, const char *url, const char *method,
	struct zilad_page_out *o);

/* The citizen's status page: an HTML answer from status_page.c. A POST
 * may run an action, so it holds the write lock as a push does. */
static enum MHD_Result
route_status(struct server *s, struct MHD_Connection *c, struct request *r, const char *url, const char *method)
{
	struct zila_err err = { 0 };
	struct zilad_page_out out;
	char addr[INET6_ADDRSTRLEN];
	bool post = strcmp(method, "POST") == 0;
	client_addr(c, addr, sizeof addr);
	struct zilad_page_in in = { method, r->body ? (const char *)r->body : "", r->len,
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"), addr,
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE), s->cfg.status_per_addr,
		s->cfg.gateway[0] != '\0' };
	struct zila_db *db = pool_get(s, &err);
	if (!db)
		return fail(c, r, NULL, method, url, 503, err.msg);
	if (post)
		pthread_mutex_lock(&s->write_lock);
	zilad_status_page(db, &in, &out);
	if (post)
		pthread_mutex_unlock(&s->write_lock);
	pool_put(s, db);
	return page_reply(c, r, url, method, &out);
}

/* Filing from the page (/status/new): file_page.c files through Open311's
 * own path, which takes the write lock itself. wait > 0: the address is
 * over the pages' rate (checked before any body is read); too_big: the
 * body passed max_body and was dropped. */
static enum MHD_Result
route_file(struct server *s, struct MHD_Connection *c, struct request *r, const char *url, const char *method, int wait)
{
	struct zila_err err = { 0 };
	struct zilad_page_out out;
	char addr[INET6_ADDRSTRLEN];
	client_addr(c, addr, sizeof addr);
	struct zilad_file_in in = { method, r->body ? (const char *)r->body : "", r->len,
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang"), addr,
		MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE), wait, r->too_big,
		s->cfg.max_body, { s->cfg.open311_per_mobile_day, s->cfg.max_blob, "", "", &s->write_lock, NULL, NULL } };
	struct zila_db *db = pool_get(s, &err);
	if (!db)
		return fail(c, r, NULL, method, url, 503, err.msg);
	zilad_file_page(db, &in, &out);
	pool_put(s, db);
	return page_reply(c, r, url, method, &out);
}

/* A citizen's page as the answer. */
static enum MHD_Result
page_reply(struct MHD_Connection *c, struct request *r, const char *url, const char *method, struct zilad_page_out *o)
{
	struct zilad_page_out out = *o;
	struct MHD_Response *resp = MHD_create_response_from_buffer(out.len, out.body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(out.body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
	return queue(c, r, out.who, method, url, out.status, resp, out.len);
}

static enum MHD_Result
route(struct server *s, struct MHD_Connection *c, struct request *r, const char *url, const char *method)
{
	bool get = strcmp(method, "GET") == 0, post = strcmp(method, "POST") == 0;
	struct zila_err err = { 0 };
	struct zilad_desk desk = { 0 };
	char msg[512];
	int status = 200;
	json_t *body = NULL, *out = NULL;
	char *rows = NULL; /* a pull's page, as text */
	enum zila_status st;

	(void)get;
	if (r->ep == EP_HEALTH)
		return reply(c, r, NULL, method, url, 200, json_pack("{s:b, s:s, s:i}", "ok", 1, "version", PACKAGE_VERSION,
			"protocol", ZILA_WIRE_VERSION));
	if (r->ep == EP_BLOB)
		return route_blob(s, c, r, url, method);
	if (r->ep == EP_OPEN311)
		return route_open311(s, c, r, url, method);
	if (r->ep == EP_STATUS)
		return route_status(s, c, r, url, method);
	if (r->ep == EP_FILE)
		return route_file(s, c, r, url, method, 0);
	bool is_enrol = r->ep == EP_ENROL, is_push = r->ep == EP_PUSH;
	bool is_pull = r->ep == EP_PULL, is_snap = r->ep == EP_SNAPSHOT;
	bool is_rows = r->ep == EP_ROWS;
	if (post && !(body = body_json(s, c, r, &status, msg, sizeof msg)))
		return fail(c, r, r->desk.code, method, url, status, msg);

	struct zila_db *db = pool_get(s, &err);
	if (!db) {
		json_decref(body);
		return fail(c, r, NULL, method, url, 503, err.msg);
	}
	if (is_enrol) {
		json_t *jl = json_object_get(body, "login"), *jp = json_object_get(body, "password");
		json_t *jn = json_object_get(body, "name"), *je = json_object_get(body, "enrolment");
		char addr[INET6_ADDRSTRLEN] = "?";
		client_addr(c, addr, sizeof addr);
		const char *ev = json_string_value(je);
		if (!json_is_string(jl) || json_string_length(jl) > 64 || !json_is_string(jp) ||
		    json_string_length(jp) > 256 || (jn && (!json_is_string(jn) || json_string_length(jn) > 100))) {
			status = 400;
			st = zila_fail(&err, ZILA_EINVAL, "enrol needs login and password as text (and name, at most 100)");
		} else if (je && (!ev || strlen(ev) != 32 || strspn(ev, "0123456789abcdef") != 32)) {
			status = 400;
			st = zila_fail(&err, ZILA_EINVAL, "enrolment must be 32 lowercase hex digits");
		} else {
			st = enrol(s, db, json_string_value(jl), json_string_value(jp), jn ? json_string_value(jn) : "",
				ev ? ev : "", addr, &out, &err);
			status = st == ZILA_ERETRY ? 429 : http_of(st);
		}
	} else {
		desk = r->desk;
		st = ZILA_OK;
		if (is_push) {
			json_t *entries = json_object_get(body, "entries");
			if (json_is_array(entries) && json_array_size(entries) > (size_t)s->cfg.max_batch) {
				st = zila_fail(&err, ZILA_EINVAL, "entries: at most %d in one push", s->cfg.max_batch);
				status = 413;
			} else {
				st = zilad_group_push(s->group, db, &desk, body, &out, &status, &err);
			}
		} else if (is_pull || is_snap) {
			long long cursor = 0, limit = s->cfg.pull_limit;
			const char *cv = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "cursor");
			const char *lv = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
			if ((cv && !parse_count(cv, 1LL << 62, &cursor)) || (lv && !parse_count(lv, 1LL << 30, &limit)) || limit < 1) {
				st = zila_fail(&err, ZILA_EINVAL, "cursor and limit must be whole numbers (limit from 1)");
				status = 400;
			} else {
				if (limit > s->cfg.pull_limit)
					limit = s->cfg.pull_limit;
				const char *tv = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "tag");
				const char *av = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "acked");
				struct zilad_pull_req q = { .cursor = cursor, .limit = (int)limit, .snapshot = is_snap,
					.tag = tv && strlen(tv) <= 32 ? tv : NULL };
				if (!av || !parse_count(av, 1LL << 62, &q.acked))
					q.acked = 0;
				st = zilad_pull_text(db, &desk, &q, &out, &rows, &status, &err);
			}
		} else if (is_rows) {
			st = zilad_rows(db, &desk, body, &out, &err);
			status = http_of(st);
		}
	}
	pool_put(s, db);
	json_decref(body);
	if (st != ZILA_OK || !out) {
		json_decref(out);
		free(rows);
		if (status == 200)
			status = http_of(st);
		return fail(c, r, desk.code, method, url, status, err.msg[0] ? err.msg : "failed");
	}
	return reply_rows(c, r, desk.code, method, url, status, out, rows);
}

/* A request of another protocol version gets 426 and why, before its body
 * is read: by its path (/v1/...) or its Zila-Protocol header. Health
 * answers without the header, for monitoring; everything else must name
 * the version. */
static bool
wrong_protocol(struct MHD_Connection *c, const char *url, char *msg, size_t n)
{
	const char *hv = MHD_lookup_connection_value(c, MHD_HEADER_KIND, ZILA_WIRE_HEADER);
	int pv = zila_wire_version_of_path(url), v;
	if (pv == 0 && !hv)
		return false; /* not a protocol path at all: 404 later */
	if (pv != 0 && pv != ZILA_WIRE_VERSION)
		v = pv;
	else if (hv)
		v = zila_wire_version_of_header(hv);
	else if (strcmp(url, P "/health") == 0)
		return false;
	else
		v = 0;
	if (v == ZILA_WIRE_VERSION)
		return false;
	if (v <= 0)
		snprintf(msg, n, "this request names no sync protocol (send %s: %d): the server speaks %d",
			ZILA_WIRE_HEADER, ZILA_WIRE_VERSION, ZILA_WIRE_VERSION);
	else
		snprintf(msg, n, "this desk speaks sync protocol %d, the server %d: update %s", v, ZILA_WIRE_VERSION,
			v < ZILA_WIRE_VERSION ? "zila" : "zilad");
	return true;
}

/* The endpoint of a URL and whether the method fits it; *allow names the
 * method to use when it does not. */
static enum endpoint
endpoint_of(const char *url, const char *method, const char **allow)
{
	static const struct { const char *url; enum endpoint ep; const char *method; } table[] = {
		{ P "/health", EP_HEALTH, "GET" }, { P "/enrol", EP_ENROL, "POST" }, { P "/push", EP_PUSH, "POST" },
		{ P "/pull", EP_PULL, "GET" }, { P "/snapshot", EP_SNAPSHOT, "GET" }, { P "/rows", EP_ROWS, "POST" },
	};
	*allow = NULL;
	if (strncmp(url, P "/blobs/", strlen(P "/blobs/")) == 0) {
		if (strcmp(method, "HEAD") != 0 && strcmp(method, "PATCH") != 0 && strcmp(method, "GET") != 0)
			*allow = "HEAD, PATCH or GET";
		return EP_BLOB;
	}
	/* citizens' apps: an api_key of their own, no body (open311.c) */
	if (strncmp(url, "/open311/", 9) == 0)
		return EP_OPEN311;
	/* the citizen's status page: forms, no token (status_page.c) */
	if (strcmp(url, "/status") == 0) {
		if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
			*allow = "GET or POST";
		return EP_STATUS;
	}
	if (strcmp(url, "/status/new") == 0) {
		if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
			*allow = "GET or POST";
		return EP_FILE;
	}
	for (size_t i = 0; i < ZILA_ARRAY_LEN(table); i++)
		if (strcmp(url, table[i].url) == 0) {
			if (strcmp(method, table[i].method) != 0)
				*allow = table[i].method;
			return table[i].ep;
		}
	return EP_NONE;
}

/* The connection's slot in the guard (set when it was accepted). */
static struct zilad_slot *
slot_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* The first call of a request, on its headers alone: the endpoint, the
 * method, the token and the declared size are checked here, so that a
 * refused request is answered before its body is read. MHD_YES with
 * nothing queued lets the body come. */
static enum MHD_Result
admit(struct server *s, struct MHD_Connection *c, struct request *r, const char *url, const char *method)
{
	struct zila_err err = { 0 };
	const char *allow;
	char msg[64];
	r->ep = endpoint_of(url, method, &allow);
	if (r->ep == EP_NONE)
		return fail(c, r, NULL, method, url, 404, "no such endpoint");
	if (allow) {
		snprintf(msg, sizeof msg, "use %s", allow);
		return fail(c, r, NULL, method, url, 405, msg);
	}
	if (r->ep != EP_HEALTH && r->ep != EP_ENROL && r->ep != EP_OPEN311 && r->ep != EP_STATUS && r->ep != EP_FILE) {
		const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
		enum zila_status st;
		if (!auth || strncmp(auth, "Bearer ", 7) != 0)
			st = zila_fail(&err, ZILA_EAUTH, "Authorization: Bearer TOKEN is required");
		else {
			struct zila_db *db = pool_get(s, &err);
			st = db ? zilad_auth(db, auth + 7, &r->desk, &err) : ZILA_ERETRY;
			pool_put(s, db);
		}
		if (st != ZILA_OK) {
			if (r->ep == EP_BLOB)
				return blob_reply(c, r, NULL, method, url, http_of(st), 0, false, err.msg);
			return fail(c, r, NULL, method, url, http_of(st), err.msg);
		}
		zilad_guard_prove(s->guard, slot_of(c));
	}
	/* an app files a request with a body only once its api_key (in the
	 * query or X-Api-Key) is known good: nothing before the key */
	bool o311_post = r->ep == EP_OPEN311 && strcmp(method, "POST") == 0;
	if (o311_post) {
		const char *key = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "api_key");
		char app[64];
		if (!key)
			key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Api-Key");
		struct zila_db *db = key ? pool_get(s, &err) : NULL;
		enum zila_status st = db ? zilad_app_auth(db, key, app, &err) : ZILA_EAUTH;
		if (db)
			pool_put(s, db);
		if (st != ZILA_OK)
			return fail(c, r, NULL, method, url, 403, "an api_key (in the query or X-Api-Key) is required to file a request");
	}
	/* filing from the page: the address's rate is taken before the body
	 * (a photo) is read, so a refused filing uploads nothing */
	if (r->ep == EP_FILE) {
		char addr[INET6_ADDRSTRLEN], bucket[80];
		client_addr(c, addr, sizeof addr);
		snprintf(bucket, sizeof bucket, "page:%s", addr);
		int wait = zilad_rate_take(bucket, s->cfg.status_per_addr);
		if (wait > 0)
			return route_file(s, c, r, url, method, wait);
	}
	r->limit = r->ep == EP_ENROL ? ENROL_MAX_BODY : r->ep == EP_STATUS ? STATUS_MAX_BODY
		: o311_post ? s->cfg.max_body : r->ep == EP_HEALTH || r->ep == EP_OPEN311 ? 0 : s->cfg.max_body;
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
	if (declared > r->limit && r->ep == EP_FILE) {
		r->too_big = true;
		return route_file(s, c, r, url, method, 0);
	}
	if (declared > r->limit)
		return fail(c, r, r->desk.code, method, url, 413, "the body is larger than the server takes");
	if (declared) {
		/* the whole body is room taken at once, or the request waits for a
		 * calmer moment: never half a body kept */
		if (!zilad_guard_take(s->guard, declared))
			return fail(c, r, r->desk.code, method, url, 503, "the server is busy: try again shortly");
		r->taken += declared;
		r->body = zila_xmalloc(declared);
		r->cap = declared;
	}
	return MHD_YES;
}

/* Keeps a piece of the body, within the request's limit and the budget;
 * past either, the rest is read and dropped and the answer says why. */
static void
take_upload(struct server *s, struct request *r, const char *upload, size_t n)
{
	r->bytes_in += n;
	if (r->too_big || r->busy)
		return;
	if (r->len + n > r->limit) {
		r->too_big = true;
	} else if (r->len + n > r->cap) {
		size_t cap = (r->len + n) * 2 > r->limit ? r->limit : (r->len + n) * 2;
		if (!zilad_guard_take(s->guard, cap - r->cap))
			r->busy = true;
		else {
			r->taken += cap - r->cap;
			r->body = zila_xrealloc(r->body, cap);
			r->cap = cap;
		}
	}
	if (r->too_big || r->busy) {
		free(r->body);
		r->body = NULL;
		r->len = 0;
		return;
	}
	memcpy(r->body + r->len, upload, n);
	r->len += n;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url, const char *method, const char *version,
	const char *upload, size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct request *r = *con_cls;
	(void)version;
	if (!r) {
		r = zila_xcalloc(1, sizeof *r);
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		*con_cls = r;
		char msg[200];
		if (wrong_protocol(c, url, msg, sizeof msg))
			return reply(c, r, NULL, method, url, 426, json_pack("{s:s, s:i}", "error", msg,
				"protocol", ZILA_WIRE_VERSION));
		return admit(s, c, r, url, method);
	}
	if (*upload_size) {
		take_upload(s, r, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->too_big && r->ep == EP_FILE)
		return route_file(s, c, r, url, method, 0);
	if (r->too_big)
		return fail(c, r, r->desk.code, method, url, 413, "the body is larger than the server takes");
	if (r->busy)
		return fail(c, r, r->desk.code, method, url, 503, "the server is busy: try again shortly");
	return route(s, c, r, url, method);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct request *r = *con_cls;
	(void)c;
	(void)toe;
	if (r) {
		free(r->body);
		zilad_guard_give(s->guard, r->taken);
		free(r);
		*con_cls = NULL;
	}
}

/* Each accepted connection gets a place in the guard, given back before
 * libmicrohttpd closes its socket. */
static void
connection_note(void *cls, struct MHD_Connection *c, void **socket_context, enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? zilad_guard_open(s->guard, ci->connect_fd) : NULL;
	} else {
		zilad_guard_close(s->guard, *socket_context);
		*socket_context = NULL;
	}
}

static char *
read_file(const char *path, struct zila_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		zila_fail(err, ZILA_EIO, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	size_t cap = 4096, len = 0, n;
	char *buf = zila_xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 >= cap)
			buf = zila_xrealloc(buf, cap *= 2);
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* The database, its WAL and shared memory hold every password hash and
 * token hash: a file made before zilad made them 0600 is closed now. */
static void
private_files(const char *database)
{
	static const char *const ext[] = { "", "-wal", "-shm" };
	char path[1100];
	struct stat sb;
	for (size_t i = 0; i < ZILA_ARRAY_LEN(ext); i++) {
		snprintf(path, sizeof path, "%s%s", database, ext[i]);
		if (stat(path, &sb) == 0 && (sb.st_mode & 077) && chmod(path, 0600) == 0)
			fprintf(stderr, "zilad: %s was readable by others: made it 0600\n", path);
	}
}

/* Unreferenced blobs and abandoned partial uploads older than
 * blob_expiry go, under the write lock (an action may be attaching one). */
static void
expire_blobs(struct server *s)
{
	struct zila_err err = { 0 };
	unsigned blobs, partials;
	struct zila_db *db = pool_get(s, &err);
	if (!db)
		return;
	pthread_mutex_lock(&s->write_lock);
	enum zila_status st = zilad_blob_expire(db, s->cfg.blob_expiry, &blobs, &partials, &err);
	pthread_mutex_unlock(&s->write_lock);
	pool_put(s, db);
	if (st != ZILA_OK)
		fprintf(stderr, "zilad: expiring blobs: %s\n", err.msg);
	else if (blobs || partials)
		fprintf(stderr, "zilad: expired %u unreferenced blob%s and %u abandoned partial upload%s\n", blobs,
			blobs == 1 ? "" : "s", partials, partials == 1 ? "" : "s");
}

/* Runs until SIGTERM or SIGINT. Prints "listening on ADDR:PORT" once the
 * socket is open (port 0 picks a free one: tests use that). */
enum zila_status
zilad_serve(const struct zilad_config *cfg, struct zila_err *err)
{
	static struct server s;
	struct sockaddr_storage ss = { 0 };
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	struct zila_db *db;
	enum zila_status st;

	memset(&s, 0, sizeof s);
	s.cfg = *cfg;
	pthread_mutex_init(&s.pool_lock, NULL);
	pthread_mutex_init(&s.write_lock, NULL);
	s.group = zilad_group_new(&s.write_lock);
	/* memory: bodies take half of max_memory (guard.c), SQLite's page
	 * caches of all pooled handles a quarter, connections and the
	 * program the rest */
	s.guard = zilad_guard_new(cfg->max_connections, cfg->auth_reserve, cfg->auth_timeout, cfg->max_memory / 2);
	zilad_json_counting();
	/* bodies are big and short-lived: from mmap, so that freeing one gives
	 * the memory back at once instead of leaving it in a thread's arena
	 * (which made the peak half again the budget); and few arenas */
	mallopt(M_MMAP_THRESHOLD, 256 << 10);
	mallopt(M_ARENA_MAX, 4);
	/* argon2id takes 64 MB a check: as many at once as a quarter of max_memory holds */
	s.gate = zilad_gate_new((int)(cfg->max_memory / 4 / (64u << 20)));
	sqlite3_soft_heap_limit64((sqlite3_int64)(cfg->max_memory / 4));
	private_files(cfg->database);
	if ((st = zila_db_open(cfg->database, 0, &db, err)) != ZILA_OK)
		return st;
	if ((st = zilad_store_check(db, err)) != ZILA_OK) {
		zila_db_close(&db);
		return st;
	}
	pool_put(&s, db);
	zilad_o311_limits(cfg->open311_per_key, cfg->open311_per_addr);

	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, cfg->listen, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)cfg->port);
	} else if (inet_pton(AF_INET6, cfg->listen, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)cfg->port);
		flags |= MHD_USE_IPv6;
	} else
		return zila_fail(err, ZILA_EINVAL, "listen must be an IP address, not '%s'", cfg->listen);

	char *cert = NULL, *key = NULL;
	if (cfg->tls) {
		if (!(cert = read_file(cfg->cert, err)) || !(key = read_file(cfg->key, err))) {
			free(cert);
			return ZILA_EIO;
		}
		flags |= MHD_USE_TLS;
	}
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* the connection threads inherit this */
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, handle, &s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_connections,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->connection_memory,
		MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
		MHD_OPTION_NOTIFY_CONNECTION, connection_note, &s,
		cfg->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
		MHD_OPTION_HTTPS_MEM_KEY, key,
		MHD_OPTION_HTTPS_PRIORITIES, "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2",
		MHD_OPTION_END);
	if (!d) {
		free(cert);
		free(key);
		return zila_fail(err, ZILA_EIO, "cannot listen on %s port %d (in use, or a bad certificate or key?)",
			cfg->listen, cfg->port);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("zilad: listening on %s:%u (%s)\n", cfg->listen, info ? info->port : (unsigned)cfg->port,
		cfg->tls ? "https" : "http, loopback only");
	fflush(stdout);
	struct zilad_triage_job *triage = NULL;
	if (zilad_triage_start(cfg->database, cfg->triage_every, &triage, err) != ZILA_OK)
		fprintf(stderr, "zilad: %s: routing suggestions will not be refreshed\n", err->msg);
	int sig;
	/* after the signal mask: the sender thread leaves SIGTERM to the loop below */
	if ((st = zilad_notify_start(cfg, err)) != ZILA_OK) {
		zilad_triage_stop(&triage);
		MHD_stop_daemon(d);
		zilad_guard_free(&s.guard);
		free(cert);
		free(key);
		return st;
	}
	struct timespec tick = { 1, 0 };
	/* once a second: cut connections that have not shown a token in time */
	time_t expired = 0;
	while ((sig = sigtimedwait(&sigs, NULL, &tick)) < 0) {
		zilad_guard_reap(s.guard);
		if (time(NULL) - expired >= 3600) {
			expired = time(NULL);
			expire_blobs(&s);
		}
	}
	zilad_triage_stop(&triage);
	zilad_notify_stop();
	MHD_stop_daemon(d);
	zilad_guard_free(&s.guard);
	zilad_gate_free(&s.gate);
	zilad_group_free(&s.group);
	free(cert);
	free(key);
	while (s.npool > 0)
		zila_db_close(&s.pool[--s.npool]);
	fprintf(stderr, "zilad: stopped by signal %d\n", sig);
	return ZILA_OK;
}
