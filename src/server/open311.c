/* open311.c: Open311 GeoReport v2 on zilad, the read side: discovery,
 * services (the district's grievance categories), service definitions,
 * requests with their filters, one request; errors as [{code,
 * description}]; XML (the standard's) or JSON by the path's ending.
 *
 * Privacy first: an answer never holds a citizen's name, mobile or
 * address; a grievance's description, reply and place are shown only when
 * its category is public (category.public, set by the district).
 * Anyone may read; an app that sends its api_key gets its own rate limit,
 * every address has one too. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "zila/query.h"
#include "zila/util.h"
#include "zilad.h"

#define MAX_RESULTS 1000      /* the standard's default cap */
#define DEFAULT_DAYS 90       /* the standard's default window */
#define MAX_IDS 100           /* service_request_id list */
#define IST_OFFSET (5 * 3600 + 30 * 60)

/* ------------------------------------------------------------- apps */

enum zila_status
zilad_app_add(struct zila_db *db, const char *name, char *key, size_t n, struct zila_err *err)
{
	unsigned char raw[24];
	char hash[65], id[37], now[32];
	size_t chars;
	if (!name || !zila_utf8_check(name, false, &chars) || chars < 1 || chars > 64)
		return zila_fail(err, ZILA_EINVAL, "the app's name must be 1 to 64 characters of text");
	if (n < 2 * sizeof raw + 5)
		return zila_fail(err, ZILA_EINVAL, "key buffer too small");
	randombytes_buf(raw, sizeof raw);
	memcpy(key, "o311", 4);
	sodium_bin2hex(key + 4, n - 4, raw, sizeof raw);
	zila_sha256_hex(key, strlen(key), hash);
	zila_uuid7(id);
	zila_iso_time(zila_clock(), now, sizeof now);
	sqlite3_stmt *st = zila_db_stmt(db, "INSERT INTO open311_app(id, name, key_hash, created_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(name) DO NOTHING", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zila_db_error(db, "app add", err);
	if (sqlite3_changes(zila_db_handle(db)) == 0)
		return zila_fail(err, ZILA_EEXIST, "an app named '%s' is already registered", name);
	return ZILA_OK;
}

enum zila_status
zilad_app_list(struct zila_db *db, json_t **rows, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT name, created_at, coalesce(revoked_at, '') AS revoked_at,"
		" CASE WHEN revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS state FROM open311_app ORDER BY name", err);
	return st ? zila_query_rows(db, st, rows, err) : ZILA_EDB;
}

enum zila_status
zilad_app_revoke(struct zila_db *db, const char *name, struct zila_err *err)
{
	char now[32];
	zila_iso_time(zila_clock(), now, sizeof now);
	sqlite3_stmt *st = zila_db_stmt(db, "UPDATE open311_app SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zila_db_error(db, "app revoke", err);
	if (sqlite3_changes(zila_db_handle(db)) == 0)
		return zila_fail(err, ZILA_ENOTFOUND, "no active app named '%s'", name);
	return ZILA_OK;
}

enum zila_status
zilad_app_auth(struct zila_db *db, const char *key, char *name, struct zila_err *err)
{
	char hash[65];
	if (strlen(key) > 128)
		return zila_fail(err, ZILA_EAUTH, "invalid api_key");
	zila_sha256_hex(key, strlen(key), hash);
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT name FROM open311_app WHERE key_hash = ?1 AND revoked_at IS NULL", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(name, 64, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	if (rc != SQLITE_DONE)
		return zila_db_error(db, "app", err);
	return zila_fail(err, ZILA_EAUTH, "invalid api_key");
}

/* ------------------------------------------------------------ limits */

/* A token bucket per api_key and per address, in memory: a restart
 * forgets them, which costs nothing worth a write per request. The table
 * is fixed; a new key takes the least recently used slot. */
#define BUCKETS 1024

struct bucket {
	char key[80];
	double tokens;
	double at;        /* seconds, monotonic */
};

static struct {
	pthread_mutex_t lock;
	struct bucket b[BUCKETS];
	int per_key, per_addr;
} limits = { PTHREAD_MUTEX_INITIALIZER, { { "", 0, 0 } }, 600, 120 };

void
zilad_o311_limits(int per_key, int per_addr)
{
	pthread_mutex_lock(&limits.lock);
	limits.per_key = per_key;
	limits.per_addr = per_addr;
	pthread_mutex_unlock(&limits.lock);
}

static double
mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Takes one token from key's bucket of per_minute; 0 when allowed, else
 * the seconds until the next token. */
int
zilad_rate_take(const char *key, int per_minute)
{
	double now = mono_now(), rate = per_minute / 60.0;
	int wait = 0;
	pthread_mutex_lock(&limits.lock);
	struct bucket *slot = NULL, *oldest = &limits.b[0];
	for (int i = 0; i < BUCKETS && !slot; i++) {
		if (strcmp(limits.b[i].key, key) == 0)
			slot = &limits.b[i];
		else if (limits.b[i].at < oldest->at)
			oldest = &limits.b[i];
	}
	if (!slot) {
		slot = oldest;
		snprintf(slot->key, sizeof slot->key, "%s", key);
		slot->tokens = per_minute;
		slot->at = now;
	}
	slot->tokens += (now - slot->at) * rate;
	if (slot->tokens > per_minute)
		slot->tokens = per_minute;
	slot->at = now;
	if (slot->tokens >= 1)
		slot->tokens -= 1;
	else
		wait = (int)((1 - slot->tokens) / rate) + 1;
	pthread_mutex_unlock(&limits.lock);
	return wait;
}

/* ----------------------------------------------------------- answers */

static bool
is_hindi(const struct zilad_o311_in *in)
{
	json_t *l = json_object_get(in->args, "locale");
	const char *v = json_is_string(l) ? json_string_value(l) : in->accept_language;
	return v && strncmp(v, "hi", 2) == 0;
}

/* "2026-11-20T06:00:00Z" as India's time with its offset, as the
 * standard's examples give local times. */
static json_t *
local_time(const char *utc)
{
	time_t t;
	char buf[40];
	if (!utc || !zila_parse_time(utc, &t))
		return json_null();
	t += IST_OFFSET;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+05:30", &tm);
	return json_string(buf);
}

static enum zila_status
services(struct zila_db *db, bool hi, json_t **out, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT c.code, CASE WHEN ?1 AND c.name_hi <> '' THEN c.name_hi ELSE c.name_en END,"
		" CASE WHEN ?1 AND d.name_hi <> '' THEN d.name_hi ELSE d.name_en END, c.days"
		" FROM category c JOIN department d ON d.id = c.department_id WHERE d.active = 1 ORDER BY c.code", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_int(st, 1, hi);
	json_t *a = json_array();
	int rc;
	char desc[400];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *dept = (const char *)sqlite3_column_text(st, 2);
		int days = sqlite3_column_int(st, 3);
		if (hi)
			snprintf(desc, sizeof desc, "%s; समय-सीमा %d दिन", dept, days);
		else
			snprintf(desc, sizeof desc, "%s; time limit %d day%s", dept, days, days == 1 ? "" : "s");
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
			"service_code", (const char *)sqlite3_column_text(st, 0),
			"service_name", (const char *)sqlite3_column_text(st, 1), "description", desc, "metadata", 1,
			"type", "realtime", "keywords", "", "group", dept));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return zila_db_error(db, "services", err);
	}
	*out = a;
	return ZILA_OK;
}

/* The values of a list attribute from one of two constant statements. */
static json_t *
values_of(struct zila_db *db, const char *sql, bool hi, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, sql, err);
	if (!st)
		return NULL;
	sqlite3_bind_int(st, 1, hi);
	json_t *a = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s}", "key", (const char *)sqlite3_column_text(st, 0),
			"name", (const char *)sqlite3_column_text(st, 1)));
	sqlite3_reset(st);
	return a;
}

static enum zila_status
definition(struct zila_db *db, const char *code, bool hi, json_t **out, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT code FROM category WHERE code = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return zila_fail(err, ZILA_ENOTFOUND, "no service with code '%s'", code);
	json_t *blocks = values_of(db, "SELECT lgd_code, CASE WHEN ?1 AND name_hi <> '' THEN name_hi ELSE name_en END"
		" FROM block ORDER BY name_en", hi, err);
	json_t *gps = values_of(db, "SELECT g.lgd_code, CASE WHEN ?1 AND g.name_hi <> '' THEN g.name_hi ELSE g.name_en END"
		" || ' (' || CASE WHEN ?1 AND b.name_hi <> '' THEN b.name_hi ELSE b.name_en END || ')'"
		" FROM gram_panchayat g JOIN block b ON b.id = g.block_id ORDER BY b.name_en, g.name_en", hi, err);
	if (!blocks || !gps) {
		json_decref(blocks);
		json_decref(gps);
		return ZILA_EDB;
	}
	json_t *attrs = json_pack("[{s:b, s:s, s:s, s:b, s:s, s:i, s:s, s:o}, {s:b, s:s, s:s, s:b, s:s, s:i, s:s, s:o}]",
		"variable", 1, "code", "block", "datatype", "singlevaluelist", "required", 0, "datatype_description",
		hi ? "विकासखंड का एलजीडी कोड" : "the block's LGD code", "order", 1, "description", hi ? "विकासखंड" : "Block",
		"values", blocks,
		"variable", 1, "code", "gp", "datatype", "singlevaluelist", "required", 0, "datatype_description",
		hi ? "ग्राम पंचायत का एलजीडी कोड" : "the gram panchayat's LGD code", "order", 2,
		"description", hi ? "ग्राम पंचायत" : "Gram panchayat", "values", gps);
	*out = json_pack("{s:s, s:o}", "service_code", code, "attributes", attrs);
	return ZILA_OK;
}

/* The w3c times the standard takes: "YYYY-MM-DD" (a day in India) or
 * "YYYY-MM-DDTHH:MM:SS" with "Z" or an offset "+HH:MM"; into UTC text.
 * end: a bare date means the end of that day. */
static bool
parse_when(const char *v, bool end, char *utc, size_t n)
{
	int y, mo, d, h = 0, mi = 0, s = 0, oh = 0, om = 0, used = 0;
	char sign = 0, tail[8] = "";
	time_t t;
	if (strlen(v) == 10) {
		if (sscanf(v, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10 || !zila_date_valid(v))
			return false;
		if (end)
			h = 23, mi = 59, s = 59;
		sign = '+', oh = 5, om = 30;
	} else {
		if (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6 || used != 19)
			return false;
		const char *z = v + 19;
		if (strcmp(z, "Z") == 0 || !*z)
			sign = '+';
		/* a "+" left unescaped in a query arrives as a space */
		else if ((z[0] == '+' || z[0] == '-' || z[0] == ' ') && sscanf(z + 1, "%2d:%2d%7s", &oh, &om, tail) == 2 && strlen(z) == 6)
			sign = z[0] == '-' ? '-' : '+';
		else
			return false;
		char day[11];
		snprintf(day, sizeof day, "%04d-%02d-%02d", y, mo, d);
		if (!zila_date_valid(day) || h > 23 || mi > 59 || s > 60 || oh > 14 || om > 59)
			return false;
	}
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s };
	t = timegm(&tm) - (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	zila_iso_time(t, utc, n);
	return true;
}

/* A grievance number may come with dashes for its slashes
 * (DRG-G-07-2026-000042), as some clients cannot put a slash in a path. */
static void
dashes_to_slashes(char *s)
{
	if (strchr(s, '/'))
		return;
	for (; *s; s++)
		if (*s == '-')
			*s = '/';
}

/* A comma-separated list as a JSON array text (bound, never spliced into
 * SQL); false when it has more than max items or an empty one. */
static char *
list_json(const char *v, int max)
{
	json_t *a = json_array();
	char *copy = zila_xstrdup(v), *save = NULL;
	bool ok = true;
	for (char *p = strtok_r(copy, ",", &save); p && ok; p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		ok = *p && json_array_size(a) < (size_t)max;
		dashes_to_slashes(p);
		json_array_append_new(a, json_string(p));
	}
	free(copy);
	char *out = ok && json_array_size(a) ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	return out;
}

#define REQUEST_SQL \
	"SELECT g.number, g.status, c.public, c.code,"                                                              \
	" CASE WHEN ?1 AND c.name_hi <> '' THEN c.name_hi ELSE c.name_en END,"                                     \
	" g.description, CASE WHEN ?1 AND d.name_hi <> '' THEN d.name_hi ELSE d.name_en END,"                      \
	" g.created_at, g.updated_at, g.due_date, g.lat, g.lon,"                                                   \
	" coalesce(g.final_reply, (SELECT e.note FROM grievance_event e WHERE e.grievance_id = g.id"               \
	"  AND e.kind IN ('interim_reply', 'disposed', 'appeal_disposed') AND e.visibility = 'public'"             \
	"  ORDER BY e.at DESC, e.id DESC LIMIT 1))"                                                                 \
	" FROM grievance g JOIN category c ON c.id = g.category_id JOIN department d ON d.id = g.department_id"

static json_t *
request_row(sqlite3_stmt *st)
{
	bool pub = sqlite3_column_int(st, 2) != 0;
	const char *status = (const char *)sqlite3_column_text(st, 1);
	bool open = strcmp(status, "disposed") != 0 && strcmp(status, "closed") != 0;
	char due[40];
	snprintf(due, sizeof due, "%sT23:59:59+05:30", (const char *)sqlite3_column_text(st, 9));
	const char *notes = (const char *)sqlite3_column_text(st, 12);
	json_t *r = json_pack("{s:s, s:s, s:o, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:o}",
		"service_request_id", (const char *)sqlite3_column_text(st, 0), "status", open ? "open" : "closed",
		"status_notes", pub && notes ? json_string(notes) : json_null(),
		"service_name", (const char *)sqlite3_column_text(st, 4), "service_code", (const char *)sqlite3_column_text(st, 3),
		"description", pub ? json_string((const char *)sqlite3_column_text(st, 5)) : json_null(),
		"agency_responsible", (const char *)sqlite3_column_text(st, 6), "service_notice", "",
		"requested_datetime", local_time((const char *)sqlite3_column_text(st, 7)),
		"updated_datetime", local_time((const char *)sqlite3_column_text(st, 8)),
		"expected_datetime", json_string(due));
	if (pub && sqlite3_column_type(st, 10) != SQLITE_NULL && sqlite3_column_type(st, 11) != SQLITE_NULL) {
		json_object_set_new(r, "lat", json_real(sqlite3_column_double(st, 10)));
		json_object_set_new(r, "long", json_real(sqlite3_column_double(st, 11)));
	}
	/* what is not shown is left out, not null: a client cannot mistake
	 * "withheld" for "empty" */
	const char *k;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(r, tmp, k, v)
		if (json_is_null(v))
			json_object_del(r, k);
	return r;
}

static enum zila_status
one_request(struct zila_db *db, const char *ref, bool hi, json_t **out, struct zila_err *err)
{
	char number[64];
	if (strlen(ref) >= sizeof number)
		return zila_fail(err, ZILA_ENOTFOUND, "no request with that id");
	memcpy(number, ref, strlen(ref) + 1);
	dashes_to_slashes(number);
	sqlite3_stmt *st = zila_db_stmt(db, REQUEST_SQL " WHERE g.number = ?2", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_int(st, 1, hi);
	sqlite3_bind_text(st, 2, number, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	json_t *r = rc == SQLITE_ROW ? request_row(st) : NULL;
	sqlite3_reset(st);
	if (!r)
		return rc == SQLITE_DONE ? zila_fail(err, ZILA_ENOTFOUND, "no request with id '%s'", ref)
			: zila_db_error(db, "request", err);
	*out = json_pack("[o]", r);
	return ZILA_OK;
}

static const char *
arg(const struct zilad_o311_in *in, const char *k)
{
	json_t *v = json_object_get(in->args, k);
	return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}

static enum zila_status
requests(struct zila_db *db, const struct zilad_o311_in *in, bool hi, json_t **out, struct zila_err *err)
{
	const char *ids = arg(in, "service_request_id"), *codes = arg(in, "service_code"), *status = arg(in, "status");
	const char *from = arg(in, "start_date"), *to = arg(in, "end_date");
	char *ids_json = NULL, *codes_json = NULL, t1[32], t2[32], d1[11], d2[11];
	if (ids && !(ids_json = list_json(ids, MAX_IDS)))
		return zila_fail(err, ZILA_EINVAL, "service_request_id: a comma-separated list of at most %d ids", MAX_IDS);
	if (codes && !(codes_json = list_json(codes, 100))) {
		free(ids_json);
		return zila_fail(err, ZILA_EINVAL, "service_code: a comma-separated list of codes");
	}
	int want = 0; /* 1 open, 2 closed, 3 both */
	if (status) {
		char *copy = zila_xstrdup(status), *save = NULL;
		for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save))
			want |= strcmp(p, "open") == 0 ? 1 : strcmp(p, "closed") == 0 ? 2 : 8;
		free(copy);
	}
	enum zila_status s = ZILA_OK;
	if (want & 8)
		s = zila_fail(err, ZILA_EINVAL, "status: open, closed, or open,closed");
	else if ((from && !parse_when(from, false, t1, sizeof t1)) || (to && !parse_when(to, true, t2, sizeof t2)))
		s = zila_fail(err, ZILA_EINVAL, "start_date and end_date: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS with Z or +HH:MM");
	if (s != ZILA_OK) {
		free(ids_json);
		free(codes_json);
		return s;
	}
	time_t now = zila_clock(), a, b;
	if (!to)
		zila_iso_time(now, t2, sizeof t2);
	if (!from) {
		zila_parse_time(t2, &b);
		zila_iso_time(b - DEFAULT_DAYS * 86400L, t1, sizeof t1);
	}
	zila_parse_time(t1, &a);
	zila_parse_time(t2, &b);
	/* the day columns are indexed; a day either side covers India's offset
	 * and a desk's clock, and the exact times are checked after */
	zila_ist_date(a - 86400, d1, sizeof d1);
	zila_ist_date(b + 86400, d2, sizeof d2);
	sqlite3_stmt *st = zila_db_stmt(db, REQUEST_SQL
		" WHERE CASE WHEN ?2 IS NOT NULL THEN g.number IN (SELECT value FROM json_each(?2)) ELSE"
		"  g.registered_on BETWEEN ?5 AND ?6 AND g.created_at BETWEEN ?7 AND ?8"
		"  AND (?3 IS NULL OR c.code IN (SELECT value FROM json_each(?3)))"
		"  AND (?4 = 3 OR (?4 = 1) = (g.status NOT IN ('disposed', 'closed'))) END"
		" ORDER BY g.registered_on DESC, g.id DESC LIMIT ?9", err);
	if (!st) {
		free(ids_json);
		free(codes_json);
		return ZILA_EDB;
	}
	sqlite3_bind_int(st, 1, hi);
	if (ids_json)
		sqlite3_bind_text(st, 2, ids_json, -1, free);
	if (codes_json)
		sqlite3_bind_text(st, 3, codes_json, -1, free);
	sqlite3_bind_int(st, 4, want ? want : 3);
	sqlite3_bind_text(st, 5, d1, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, d2, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, t1, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, t2, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, MAX_RESULTS);
	json_t *rows = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(rows, request_row(st));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		json_decref(rows);
		return zila_db_error(db, "requests", err);
	}
	*out = rows;
	return ZILA_OK;
}

static json_t *
discovery(void)
{
	return json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:[s, s]}]}",
		"changeset", "2026-12-06T00:00:00Z",
		"contact", "The Collectorate's grievance cell; see the district's web site.",
		"key_service", "Ask the district's administrator: zilad app add NAME",
		"endpoints", "specification", "http://wiki.open311.org/GeoReport_v2", "url", "/open311/v2",
		"changeset", "2026-12-06T00:00:00Z", "type", "production", "formats", "text/xml", "application/json");
}

/* ------------------------------------------------------------- glue */

static void
answer(struct zilad_o311_out *out, bool xml, const char *root, int status, json_t *v)
{
	out->status = status;
	out->type = xml ? "text/xml; charset=utf-8" : "application/json";
	out->body = xml ? zilad_o311_xml(root, v) : json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(v);
}

static void
error_answer(struct zilad_o311_out *out, bool xml, int status, const char *msg)
{
	answer(out, xml, "errors", status, json_pack("[{s:i, s:s}]", "code", status, "description", msg));
}

static int
http_status(enum zila_status s)
{
	switch (s) {
	case ZILA_EINVAL: return 400;
	case ZILA_EAUTH: return 403;
	case ZILA_ENOTFOUND: return 404;
	default: return 500;
	}
}

/* Splits "v2/requests/DRG/G/07/2026/000042.xml" into the format and the
 * rest without the ending; false when it ends in neither. */
static bool
split_format(const char *path, char *rest, size_t n, bool *xml)
{
	size_t len = strlen(path);
	if (len >= n)
		return false;
	if (len > 4 && strcmp(path + len - 4, ".xml") == 0)
		*xml = true, len -= 4;
	else if (len > 5 && strcmp(path + len - 5, ".json") == 0)
		*xml = false, len -= 5;
	else
		return false;
	memcpy(rest, path, len);
	rest[len] = '\0';
	return true;
}

void
zilad_open311(struct zila_db *db, const struct zilad_o311_in *in, struct zilad_o311_out *out)
{
	char rest[256], app[64] = "";
	struct zila_err err = { 0 };
	bool xml = true, hi = is_hindi(in);
	json_t *v = NULL;
	enum zila_status s;
	memset(out, 0, sizeof *out);
	snprintf(out->who, sizeof out->who, "open311@%s", in->addr);
	if (!split_format(in->path, rest, sizeof rest, &xml))
		return error_answer(out, strstr(in->path, ".json") == NULL, 404,
			"no such Open311 endpoint: paths end in .xml or .json");
	const char *key = arg(in, "api_key");
	if (key && zilad_app_auth(db, key, app, &err) != ZILA_OK)
		return error_answer(out, xml, 403, "invalid api_key");
	if (key)
		snprintf(out->who, sizeof out->who, "app:%s@%s", app, in->addr);
	char bucket[80];
	int wait;
	snprintf(bucket, sizeof bucket, "addr:%s", in->addr);
	if (!key && (wait = zilad_rate_take(bucket, limits.per_addr)) > 0) {
		out->retry_after = wait;
		return error_answer(out, xml, 429, "too many requests from this address: wait, or use an api_key");
	}
	snprintf(bucket, sizeof bucket, "app:%s", app);
	if (key && (wait = zilad_rate_take(bucket, limits.per_key)) > 0) {
		out->retry_after = wait;
		return error_answer(out, xml, 429, "too many requests for this api_key: wait a little");
	}
	if (strcmp(in->method, "POST") == 0 && strcmp(rest, "v2/requests") == 0) {
		int http;
		if (!key)
			return error_answer(out, xml, 403, "an api_key is required to file a request (zilad app add)");
		if (zilad_o311_post(db, in, &v, &http, &err) != ZILA_OK)
			return error_answer(out, xml, http, err.msg);
		return answer(out, xml, "service_requests", http, v);
	}
	if (strcmp(in->method, "GET") != 0)
		return error_answer(out, xml, 405, "use GET, or POST to v2/requests");
	if (strcmp(rest, "discovery") == 0)
		return answer(out, xml, "discovery", 200, discovery());
	const char *root = "service_requests";
	if (strcmp(rest, "v2/services") == 0)
		s = services(db, hi, &v, &err), root = "services";
	else if (strncmp(rest, "v2/services/", 12) == 0)
		s = definition(db, rest + 12, hi, &v, &err), root = "service_definition";
	else if (strcmp(rest, "v2/requests") == 0)
		s = requests(db, in, hi, &v, &err);
	else if (strncmp(rest, "v2/requests/", 12) == 0)
		s = one_request(db, rest + 12, hi, &v, &err);
	else if (strncmp(rest, "v2/tokens/", 10) == 0)
		s = zilad_o311_token(db, rest + 10, &v, &err);
	else
		return error_answer(out, xml, 404, "no such Open311 endpoint");
	if (s != ZILA_OK)
		return error_answer(out, xml, http_status(s), err.msg);
	answer(out, xml, root, 200, v);
}
