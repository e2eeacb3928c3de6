/* zilad.h: the district server's pieces, private to src/server and its
 * tests: the store (its own SQLite database, the same migrations and
 * action code as the desks, plus the change log and the push ledger),
 * enrolment and tokens, push, pull, and the configuration. http.c puts
 * these behind libmicrohttpd; none of them knows HTTP beyond the status
 * number they suggest. */
#ifndef ZILAD_H
#define ZILAD_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include "zila/action.h"
#include "zila/db.h"

/* A desk as its token names it. department_id "" is the Collectorate's
 * desk, which sees every department's records. */
struct zilad_desk {
	char id[40];
	char code[16];
	char department_id[40];
};

/* ------------------------------------------------------------ store.c */

/* Makes an empty database the district server's: db_kind server, the
 * change-log triggers, the district with desk code 00. */
enum zila_status zilad_store_init(struct zila_db *db, const char *district, const char *name_en,
	const char *name_hi, struct zila_err *err);
/* Checks db is a server database and makes any missing trigger (a newer
 * zilad may add tables). */
enum zila_status zilad_store_check(struct zila_db *db, struct zila_err *err);
/* The server's own identities: users whose key pair zilad makes and
 * keeps (server_secret, never synced; a random password no one knows), so
 * what zilad does itself is signed like a desk user's work and `zilad
 * audit verify` checks it. */
#define ZILAD_LOGIN "zilad"         /* zilad's own commands (user, master, category) */
#define ZILAD_ONLINE_LOGIN "online" /* citizens: Open311, the status page */
/* free memory a thread's heap keeps rather than give back (main.c) */
#define ZILAD_HEAP_KEEP_BYTES (32 << 20)
struct zilad_identity {
	const char *login, *name, *role;
	const char *secret; /* its server_secret name */
};
/* The identity's actor with its key open (can_sign), made the first time
 * (or given a key when it has none): zilad's own identity by itself on an
 * empty database (its making self-signed), or else by the first admin; any
 * other by zilad's own identity. */
enum zila_status zilad_identity(struct zila_db *db, const struct zilad_identity *who, struct zila_actor *actor,
	struct zila_err *err);
/* Opens the server-held secret key of the actor's user: false when the
 * server holds none that is the user's current key. */
bool zilad_key_open(struct zila_db *db, const char *secret, struct zila_actor *actor);
/* The actor zilad's own commands run as: its own identity (login zilad,
 * an admin of no department), signing. */
enum zila_status zilad_admin_actor(struct zila_db *db, struct zila_actor *actor, struct zila_err *err);
/* Whether a person (not one of the server's identities) is an active admin. */
bool zilad_has_admin(struct zila_db *db);

/* Milliseconds to wait before checking a password for this login (any
 * case) from this address: 0 for the first few failures, then base_ms,
 * doubling up to 16 times base_ms. */
long zilad_throttle_delay(struct zila_db *db, const char *login, const char *addr, long base_ms);
/* Counts a failed password for the login and the address, or clears the
 * login's count after a good one. */
void zilad_throttle_note(struct zila_db *db, const char *login, const char *addr, bool failed);
/* Checks login and password: a read and argon2id, no write, so it needs
 * no write lock. ZILA_EAUTH for a wrong pair (not counted here). */
enum zila_status zilad_enrol_check(struct zila_db *db, const char *login, const char *password,
	struct zila_actor *actor, struct zila_err *err);
/* Makes a desk with a new token for a checked actor; refused (ZILA_EDENIED,
 * naming the desks) when the login already has desks_per_user active desks
 * (0: no limit). enrolment (32 hex digits, or NULL/"") is the desk's name
 * for this request: the same login sending it again within an hour, to a
 * desk that has not pushed yet, gets that desk again with a fresh token
 * (its first answer was lost), not a second desk. */
enum zila_status zilad_enrol_desk(struct zila_db *db, const struct zila_actor *actor, const char *name,
	int desks_per_user, const char *enrolment, json_t **reply, struct zila_err *err);
/* All three in a row, for callers without threads (and tests): wrong
 * credentials are ZILA_EAUTH and counted for the throttle. */
enum zila_status zilad_enrol(struct zila_db *db, const char *login, const char *password, const char *name,
	const char *addr, json_t **reply, struct zila_err *err);
/* The desk of a bearer token; ZILA_EAUTH for unknown or revoked ones. */
enum zila_status zilad_auth(struct zila_db *db, const char *token, struct zilad_desk *desk, struct zila_err *err);
enum zila_status zilad_desk_list(struct zila_db *db, json_t **rows, struct zila_err *err);
/* Revokes every token of a desk (by code or id). */
enum zila_status zilad_desk_revoke(struct zila_db *db, const char *ref, struct zila_err *err);

/* ------------------------------------------------------------- push.c */

/* Applies a push body exactly once per (desk, client_seq), in one
 * transaction with a savepoint per entry. *http is 200, or 409 with
 * {last_applied} for a gap or a reused number. A malformed body is
 * ZILA_EINVAL naming the field, and nothing is written. */
enum zila_status zilad_push(struct zila_db *db, const struct zilad_desk *desk, json_t *body, json_t **reply,
	int *http, struct zila_err *err);
/* The same, applying at most max_new entries it has not seen (0: all):
 * the reply's last_applied says how far it went, and the desk sends the
 * rest again. Group commit (group.c) shares a transaction this way. */
enum zila_status zilad_push_some(struct zila_db *db, const struct zilad_desk *desk, json_t *body, int max_new,
	json_t **reply, int *http, struct zila_err *err);
/* Microseconds of CPU the calling thread spent proving pushed entries
 * (canonical form, hash, signature check) since the last call; zilad logs
 * it per push (verify_us), so the cost of signatures can be read off. */
long long zilad_push_prove_us(void);

/* ----------------------------------------------------------- verify.c */

struct zilad_verify {
	long long verified, failed; /* applied pushed actions */
	long long online_verified, online_failed; /* what zilad ran and signed for the online channel */
	long long own_verified, own_failed; /* zilad's own commands and the enrolments it witnessed */
	long long local;            /* audit rows with no signature (made before zilad signed its own) */
};
/* Checks every applied pushed action's signature again (through the
 * chains of runs), with the keys users had then. json_out, when not
 * NULL, gets one object per action; otherwise failures go to stderr. */
enum zila_status zilad_audit_verify(struct zila_db *db, struct zilad_verify *v, FILE *json_out, struct zila_err *err);

/* ------------------------------------------------------------ group.c */

/* Group commit: pushes that arrive while one is written wait, and are
 * written together in one transaction under write_lock, each in its own
 * savepoint with a share of the group's entries; each is answered as
 * zilad_push_some would, once the commit is durable. db is the calling
 * thread's connection, used when it writes the group. */
struct zilad_group;
struct zilad_group *zilad_group_new(pthread_mutex_t *write_lock);
void zilad_group_free(struct zilad_group **g);
enum zila_status zilad_group_push(struct zilad_group *g, struct zila_db *db, const struct zilad_desk *desk,
	json_t *body, json_t **reply, int *http, struct zila_err *err);

/* ------------------------------------------------------------- pull.c */

/* A pull request: after cursor (proved by tag, the one the server gave
 * with it; NULL: not proved), at most limit log entries; acked is the
 * desk's highest client_seq it knows confirmed (for the log: a server
 * that has fewer was restored). */
struct zilad_pull_req {
	long long cursor;
	int limit;
	bool snapshot;
	const char *tag;
	long long acked;
};
/* A page of whole rows the desk may see, after cursor, with the tag of
 * the new cursor and the desk's last applied client_seq; departures of
 * rows the desk's office no longer sees as {t, id, out: {to, at}}.
 * *http is 200, or 410 for a cursor this server never gave or whose tag
 * differs (forked: true, a restored server); a snapshot (from 0) is
 * never 410 for a cursor beyond the head, but is for a wrong tag. A reply
 * may carry "warning" for zilad's log. */
enum zila_status zilad_pull(struct zila_db *db, const struct zilad_desk *desk, const struct zilad_pull_req *q,
	json_t **reply, int *http, struct zila_err *err);
/* The same page with its rows as JSON text (*rows_text, an array, to
 * free; NULL for a reply without rows): the reply zilad sends is *reply
 * with "rows" added last, which zilad_pull does by parsing the text. */
enum zila_status zilad_pull_text(struct zila_db *db, const struct zilad_desk *desk, const struct zilad_pull_req *q,
	json_t **reply, char **rows_text, int *http, struct zila_err *err);
/* The present rows named in {rows: [{t, id}]} that the desk may see, and
 * which of them no longer exist. */
enum zila_status zilad_rows(struct zila_db *db, const struct zilad_desk *desk, json_t *body, json_t **reply,
	struct zila_err *err);

/* ------------------------------------------------------------ blobs.c */

/* Each returns the HTTP status it suggests and fills err when it is not
 * 200. A name that is not 64 small hex digits is 400 before any path is
 * made from it. */

/* What the server has of a blob for this desk: whole (*complete, *offset
 * = its size) when the desk uploaded it or its office sees an attachment
 * of it, this desk's partial upload (*offset bytes), or nothing (404). A
 * blob stored for others is nothing to a desk that has not shown it holds
 * the bytes: it must send them all (then it is granted, blob_grant). */
int zilad_blob_state(struct zila_db *db, const struct zilad_desk *desk, const char *sha256, long long *offset,
	bool *complete, struct zila_err *err);
/* Appends a chunk at offset to the partial upload of a blob of length
 * bytes. 409 when offset is not what the server has (*new_offset says
 * what it has); 422 when chunk_sha256 (may be NULL) does not match the
 * chunk (nothing kept) or when the finished upload does not match its
 * name (the partial is discarded: the upload starts over); 413 when
 * length passes max_size. A blob already whole answers 200 complete. */
int zilad_blob_append(struct zila_db *db, const struct zilad_desk *desk, const char *sha256, long long offset,
	long long length, const void *data,
	size_t n, const char *chunk_sha256, size_t max_size, long long *new_offset, bool *complete, struct zila_err *err);
/* The stored file of a blob this desk may download (one an attachment
 * of a grievance its office sees refers to) and the attachment's type;
 * 404 for anything else. */
int zilad_blob_readable(struct zila_db *db, const struct zilad_desk *desk, const char *sha256, char *path, size_t n,
	char *mime, size_t mime_len, struct zila_err *err);

/* Removes blobs no attachment names that were stored more than max_age
 * seconds ago (with their grants), and partial uploads not written to for
 * as long; how many of each. zilad serve runs it every hour under the
 * write lock; `zilad blob expire` by hand. */
enum zila_status zilad_blob_expire(struct zila_db *db, long max_age, unsigned *blobs, unsigned *partials,
	struct zila_err *err);

/* A Range header against a blob of size bytes: WHOLE when there is none
 * (200), PART with *from..*to (206), or BAD (416) for anything else: not
 * "bytes=", a malformed or reversed range, nothing satisfiable, more than
 * ZILAD_RANGE_MAX ranges, or several that do not join into one span (no
 * multipart answers). */
enum zilad_range { ZILAD_RANGE_WHOLE, ZILAD_RANGE_PART, ZILAD_RANGE_BAD };
#define ZILAD_RANGE_MAX 16
enum zilad_range zilad_range_parse(const char *v, long long size, long long *from, long long *to);

/* ----------------------------------------------------------- config.c */

struct zilad_config {
	char listen[64];       /* an IPv4 or IPv6 address */
	int port;
	bool tls;              /* off only on a loopback address */
	char cert[1024], key[1024];
	char database[1024];
	size_t max_body;       /* bytes on the wire: 413 above */
	size_t max_inflated;   /* bytes once gunzipped: 413 above */
	unsigned max_connections;
	unsigned per_ip_connections;
	unsigned timeout;      /* seconds of silence before a connection is closed */
	int pull_limit;        /* rows per pull page at most */
	int max_batch;         /* entries per push at most */
	size_t max_blob;       /* bytes of one attachment at most */
	int open311_per_key;   /* Open311 requests per minute per api_key */
	int open311_per_addr;  /* and per address */
	unsigned triage_every; /* seconds between refreshes of the triage model, 0: never */
	size_t max_memory;     /* the whole process, roughly: bodies get half, SQLite a quarter */
	size_t connection_memory; /* libmicrohttpd's pool per connection (headers) */
	unsigned auth_reserve; /* connections only desks that showed a token may use */
	unsigned auth_timeout; /* seconds a connection may go without showing a token */
	long throttle_ms;      /* the first wait after the free wrong passwords */
	int desks_per_user;    /* active desks one login may have enrolled */
	long blob_expiry;      /* seconds an unreferenced blob or a partial upload is kept */
	char gateway[1024];    /* the message gateway command, "" for none */
	int gateway_backoff;   /* seconds before the first retry (doubling) */
	int gateway_tries;     /* attempts before a message is given up */
	int gateway_timeout;   /* seconds one run of the gateway may take */
	char status_url[256];  /* the status page's address, told in messages */
	int status_per_addr;   /* status page requests per minute per address */
	int open311_per_mobile_day; /* requests filed through Open311 per mobile per day */
	char media_hosts[1024]; /* hosts a request's media_url may be fetched from */
	char media_ca[1024];   /* CA file for those fetches, "" for the system's */
};

void zilad_config_defaults(struct zilad_config *c);
/* Reads "key = value" lines (# comments); an unknown key or a bad value
 * is refused naming the line. */
enum zila_status zilad_config_read(struct zilad_config *c, const char *path, struct zila_err *err);
bool zilad_addr_is_loopback(const char *addr);

/* ------------------------------------------------------- triage_job.c */

/* Keeps the suggested-routing model fresh while zilad serves: a thread
 * with its own connection refreshes it at start and then every `every`
 * seconds (zila_triage_refresh: it trains only when grievances were
 * disposed since), writing one line to stderr when it trains or fails. */
struct zilad_triage_job;
enum zila_status zilad_triage_start(const char *database, unsigned every, struct zilad_triage_job **out,
	struct zila_err *err);
/* Stops the thread (after a training under way ends) and frees the job. */
void zilad_triage_stop(struct zilad_triage_job **job);

/* ----------------------------------------------------------- open311.c */

/* Open311 GeoReport v2 for citizens' apps (issue 12), without HTTP: the
 * HTTP side hands a request in and sends what comes out. */
struct zilad_o311_in {
	const char *method;
	const char *path;      /* after "/open311/", e.g. "v2/requests.json" */
	json_t *args;          /* query arguments, text values */
	const char *addr;      /* the client's address */
	const char *accept_language;
	const char *body;      /* a POST's body, and its Content-Type */
	size_t body_len;
	const char *content_type;
	int per_mobile_day;    /* requests filed per mobile per day at most */
	size_t max_media;      /* bytes of one uploaded file at most */
	const char *media_hosts; /* hosts a media_url may name ("" none) */
	const char *media_ca;  /* CA file for those fetches ("" the system's) */
	pthread_mutex_t *write_lock; /* held while a request is written */
};
struct zilad_o311_out {
	int status;
	char *body;            /* the caller frees it */
	const char *type;      /* Content-Type */
	char who[96];          /* for the log: app name and address */
	int retry_after;       /* seconds, with 429 */
};
/* A token bucket per key (in memory, a fixed table): 0 when one more
 * request is allowed, else the seconds until it would be. */
int zilad_rate_take(const char *key, int per_minute);
/* Rate limits: requests per minute per api_key and per address. */
void zilad_o311_limits(int per_key, int per_addr);
void zilad_open311(struct zila_db *db, const struct zilad_o311_in *in, struct zilad_o311_out *out);
/* A citizen's filing (open311_post.c), shared by Open311's POST requests
 * and the status page's form (/status/new): the same checks, caps and
 * action. Fields go by Open311's names: service_code (none: held for the
 * Collectorate), description, phone, first_name, last_name,
 * address_string, attribute[block], attribute[gp], lat, long, locale,
 * media_url; at most one file, media. */
#include "zila/blob.h"
struct zilad_media {
	char name[128], mime[ZILA_BLOB_MIME_LEN];
	const char *data;      /* inside the body read */
	size_t len;
};
struct zilad_filing {
	int per_mobile_day;    /* requests filed per mobile per day at most */
	size_t max_media;      /* bytes of one file at most */
	const char *media_hosts; /* hosts a media_url may name ("" none) */
	const char *media_ca;
	pthread_mutex_t *write_lock; /* held while the request is written */
	const char *locale;    /* when the fields name none */
	const char *only_kind; /* the file must be of this kind ("photo"), NULL any */
};
/* What was wrong, for a page that says it in its own words. */
enum zilad_fault {
	ZILAD_FAULT_NONE, ZILAD_FAULT_DESCRIPTION, ZILAD_FAULT_PHONE, ZILAD_FAULT_MEDIA, ZILAD_FAULT_MEDIA_SIZE,
	ZILAD_FAULT_MEDIA_TYPE, ZILAD_FAULT_CAP, ZILAD_FAULT_OTHER
};
struct zilad_filed {
	int http;              /* 201 done, else the status to answer */
	enum zilad_fault fault;
	bool held;             /* no category: a held request, id is its token */
	char id[40], number[40], due_date[11];
	char mobile[11];       /* the citizen's mobile, as normalised */
};
/* The body (urlencoded or multipart, by its Content-Type) into fields and
 * m; false (err says why) for one that cannot be read. */
bool zilad_filing_read(const char *body, size_t len, const char *content_type, json_t *fields, struct zilad_media *m,
	struct zila_err *err);
/* Files it: a grievance (grievance.register) or a held request
 * (request.hold), run by the online channel. A refusal writes nothing. */
enum zila_status zilad_file(struct zila_db *db, const struct zilad_filing *in, json_t *fields,
	const struct zilad_media *m, struct zilad_filed *out, struct zila_err *err);
/* POST requests (open311_post.c): a grievance born on the server; *http
 * is the status to answer (201 done). */
enum zila_status zilad_o311_post(struct zila_db *db, const struct zilad_o311_in *in, json_t **out, int *http,
	struct zila_err *err);
/* media_fetch.c: a media_url from an allowed host into a temporary file
 * (path, path_n >= 32), and the file's name from the URL. */
enum zila_status zilad_media_fetch(const char *url, const char *hosts, const char *ca, size_t max, char *path,
	size_t path_n, char *name, size_t name_n, struct zila_err *err);
/* GET tokens/TOKEN: the request a token became. */
enum zila_status zilad_o311_token(struct zila_db *db, const char *token, json_t **out, struct zila_err *err);
/* The answer v as an XML document with root element root. */
char *zilad_o311_xml(const char *root, json_t *v);

/* Apps: a new key is printed once; only its SHA-256 is kept. */
enum zila_status zilad_app_add(struct zila_db *db, const char *name, char *key, size_t n, struct zila_err *err);
enum zila_status zilad_app_list(struct zila_db *db, json_t **rows, struct zila_err *err);
enum zila_status zilad_app_revoke(struct zila_db *db, const char *name, struct zila_err *err);
/* The app of a key (name holds 64); ZILA_EAUTH for unknown or revoked. */
enum zila_status zilad_app_auth(struct zila_db *db, const char *key, char *name, struct zila_err *err);
/* ------------------------------------------------------------ guard.c */

struct zilad_guard;
struct zilad_slot;

/* budget: bytes that request bodies (as received, gunzipped and parsed)
 * may hold at once. */
struct zilad_guard *zilad_guard_new(unsigned max_connections, unsigned auth_reserve, unsigned auth_timeout,
	size_t budget);
void zilad_guard_free(struct zilad_guard **g);
/* A new connection on fd: its slot, or NULL when none is free (then the
 * socket is shut down). Cuts the oldest unproven connection when they
 * fill their share. */
struct zilad_slot *zilad_guard_open(struct zilad_guard *g, int fd);
/* Forgets a connection; must come before its socket is closed. */
void zilad_guard_close(struct zilad_guard *g, struct zilad_slot *s);
/* The connection showed a valid token: it is never cut by the guard. */
void zilad_guard_prove(struct zilad_guard *g, struct zilad_slot *s);
/* Cuts unproven connections older than auth_timeout; how many. */
unsigned zilad_guard_reap(struct zilad_guard *g);
unsigned zilad_guard_cuts(struct zilad_guard *g);
/* Takes n bytes from the budget, all or nothing. */
bool zilad_guard_take(struct zilad_guard *g, size_t n);
/* Takes at most n bytes, as many as are left; how many. */
size_t zilad_guard_take_upto(struct zilad_guard *g, size_t n);
void zilad_guard_give(struct zilad_guard *g, size_t n);
/* Bytes taken now, and the most ever taken at once. */
size_t zilad_guard_used(struct zilad_guard *g, size_t *peak);
/* Password checks one at a time per login and per address, at most
 * max_checks at once in all. */
struct zilad_gate;
struct zilad_gate *zilad_gate_new(int max_checks);
void zilad_gate_free(struct zilad_gate **g);
/* Waits (at most wait_s seconds: false then) until no check for login
 * (lower case) or from addr is running, and a place is free. */
bool zilad_gate_enter(struct zilad_gate *g, const char *login, const char *addr, unsigned wait_s);
void zilad_gate_leave(struct zilad_gate *g, const char *login, const char *addr);
/* Makes jansson count what each thread holds (once, before any JSON). */
void zilad_json_counting(void);
/* This thread may hold at most cap more bytes of JSON from now (0: no cap). */
void zilad_json_cap(size_t cap);
/* Whether an allocation was refused for the cap since it was set. */
bool zilad_json_refused(void);

/* ------------------------------------------------------- status_page.c */

/* The citizen's status page (GET and POST /status), without HTTP. */
struct zilad_page_in {
	const char *method;
	const char *body;      /* a POST's form, urlencoded */
	size_t body_len;
	const char *lang;      /* ?lang= of a GET, or NULL */
	const char *addr;
	const char *accept_language;
	int per_minute;        /* page requests per address */
	bool otp;              /* a gateway exists: actions need a code sent to the mobile */
};
struct zilad_page_out {
	int status;
	char *body;            /* HTML; the caller frees it */
	size_t len;
	char who[96];          /* for the log */
};
void zilad_status_page(struct zila_db *db, const struct zilad_page_in *in, struct zilad_page_out *out);
/* Filing a grievance from the page (GET and POST /status/new,
 * file_page.c): the form, and the filing through zilad_file. */
struct zilad_file_in {
	const char *method;
	const char *body;      /* a POST's body (multipart or urlencoded) */
	size_t body_len;
	const char *content_type;
	const char *lang;      /* ?lang=, or NULL */
	const char *addr;
	const char *accept_language;
	int wait;              /* > 0: the address is over its rate, seconds to wait */
	bool too_big;          /* the body passed max_body and was not kept */
	size_t max_body;
	struct zilad_filing filing;
};
void zilad_file_page(struct zila_db *db, const struct zilad_file_in *in, struct zilad_page_out *out);
/* application/x-www-form-urlencoded into out (text values, the first of a
 * repeated name kept); false for what is not UTF-8 text or too many fields. */
bool zilad_form_parse(const char *body, size_t len, json_t *out);
/* The server's online-channel user (login "online", a clerk of no
 * department whose password no one knows), made the first time: citizens'
 * actions on the status page and through Open311 run as it. */
enum zila_status zilad_online_actor(struct zila_db *db, struct zila_actor *actor, struct zila_err *err);

/* ------------------------------------------------------------ notify.c */

struct zilad_config;
/* The trigger that queues a message per grievance event worth telling
 * (the server's database only). */
enum zila_status zilad_notify_install(struct zila_db *db, struct zila_err *err);
/* The text of a queued message, in the citizen's language, and the mobile
 * it goes to. */
enum zila_status zilad_notify_text(struct zila_db *db, long long message_id, const char *status_url, char *mobile,
	size_t mobile_n, char *text, size_t n, struct zila_err *err);
/* Starts the thread that hands messages to cfg->gateway (nothing when none
 * is configured: messages wait); stop joins it. */
enum zila_status zilad_notify_start(const struct zilad_config *cfg, struct zila_err *err);
void zilad_notify_stop(void);

/* ------------------------------------------------------------- http.c */

/* Serves until SIGTERM or SIGINT. */
enum zila_status zilad_serve(const struct zilad_config *cfg, struct zila_err *err);

#endif
