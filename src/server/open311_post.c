/* open311_post.c: POST requests, GeoReport v2's filing of a service
 * request, which here makes a real grievance born on the server: the
 * counter's grievance.register run by the online-channel user, channel
 * "web", numbered in the server's own desk series (DRG/G/00/...), routed
 * by the service's category with its time limit. It syncs to the
 * department's desks like any other, and the citizen gets its messages.
 * A request without a service_code is held (request.hold) with the triage
 * model's suggestions for a clerk of the Collectorate, who registers it
 * (request.register); the app gets a token, as GeoReport v2 says.
 *
 * The api_key is checked before the body is read (http.c: it comes in the
 * query or the X-Api-Key header). A body is urlencoded or multipart (then
 * one file, "media", goes into the blob store as the grievance's
 * attachment). Caps: the body's size (max_body), the file's (max_blob),
 * and requests per mobile per day. media_url is refused: this server
 * fetches nothing from elsewhere. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "zila/blob.h"
#include "zila/triage.h"
#include "zila/util.h"
#include "zilad.h"

static const char *
find(const char *hay, size_t n, const char *needle, size_t m)
{
	return memmem(hay, n, needle, m);
}

/* One header parameter: name="value" after key in a header line. */
static bool
param(const char *hdr, size_t n, const char *key, char *out, size_t outn)
{
	char pat[40];
	snprintf(pat, sizeof pat, "%s=\"", key);
	const char *p = find(hdr, n, pat, strlen(pat));
	/* "name=" must not match inside "filename=" */
	while (p && p > hdr && p[-1] != ' ' && p[-1] != ';')
		p = find(p + 1, n - (size_t)(p + 1 - hdr), pat, strlen(pat));
	if (!p)
		return false;
	p += strlen(pat);
	const char *e = memchr(p, '"', n - (size_t)(p - hdr));
	if (!e || (size_t)(e - p) >= outn)
		return false;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return true;
}

/* multipart/form-data: text parts into args, the part named "media" into
 * *m. False for anything malformed. */
static bool
parse_multipart(const char *body, size_t len, const char *ctype, json_t *args, struct zilad_media *m)
{
	char delim[96];
	const char *b = strstr(ctype, "boundary=");
	if (!b)
		return false;
	b += 9;
	size_t bl = strcspn(b, "\";");
	if (*b == '"')
		b++, bl = strcspn(b, "\"");
	if (bl == 0 || bl > 70)
		return false;
	int dl = snprintf(delim, sizeof delim, "\r\n--%.*s", (int)bl, b);
	const char *p = find(body, len, delim + 2, (size_t)dl - 2), *end = body + len;
	int fields = 0;
	while (p) {
		p += dl - 2;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return true; /* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return false;
		p += 2;
		const char *hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return false;
		const char *data = hend + 4, *next = find(data, (size_t)(end - data), delim, (size_t)dl);
		if (!next || ++fields > 24)
			return false;
		char name[64] = "", file[128] = "", type[ZILA_BLOB_MIME_LEN] = "";
		size_t hn = (size_t)(hend - p);
		if (!param(p, hn, "name", name, sizeof name))
			return false;
		bool is_file = param(p, hn, "filename", file, sizeof file);
		const char *ct = find(p, hn, "Content-Type:", 13);
		if (ct) {
			ct += 13;
			while (*ct == ' ')
				ct++;
			size_t tl = strcspn(ct, "\r\n;");
			snprintf(type, sizeof type, "%.*s", (int)(tl < sizeof type ? tl : sizeof type - 1), ct);
		}
		size_t dn = (size_t)(next - data);
		if (strcmp(name, "media") == 0 && is_file) {
			if (m->data)
				return false; /* one file */
			snprintf(m->name, sizeof m->name, "%s", file[0] ? file : "media");
			snprintf(m->mime, sizeof m->mime, "%s", type);
			m->data = data;
			m->len = dn;
		} else if (!is_file) {
			char *v = zila_xmalloc(dn + 1);
			memcpy(v, data, dn);
			v[dn] = '\0';
			bool ok = memchr(data, '\0', dn) == NULL && zila_utf8_check(v, true, NULL) &&
				zila_utf8_check(name, false, NULL);
			if (ok && !json_object_get(args, name))
				json_object_set_new(args, name, json_string(v));
			free(v);
			if (!ok)
				return false;
		}
		p = next + 2;
	}
	return false;
}

static const char *
field(json_t *args, const char *k)
{
	const char *s = json_string_value(json_object_get(args, k));
	return s && *s ? s : NULL;
}

/* Requests this mobile filed through Open311 today. */
static long long
filed_today(struct zila_db *db, const char *mobile)
{
	char today[11];
	zila_ist_date(zila_clock(), today, sizeof today);
	/* held requests count too: a request without a category is one */
	char from[32];
	time_t now = zila_clock();
	zila_iso_time(now - (now + 19800) % 86400, from, sizeof from); /* midnight in Asia/Kolkata */
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT (SELECT count(*) FROM grievance WHERE mobile = ?1 AND channel = 'web'"
		" AND registered_on = ?2) + (SELECT count(*) FROM held_request WHERE mobile = ?1 AND created_at >= ?3"
		" AND status = 'held')", NULL);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, mobile, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
	long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

/* A file into the blob store: its type and kind are read from its bytes,
 * as at the counter; *att is the register action's attachments. */
static enum zila_status
store_file(struct zila_db *db, const char *path, const char *name, size_t max, json_t **att, struct zila_err *err)
{
	char sha[65], mime[ZILA_BLOB_MIME_LEN], kind[ZILA_BLOB_KIND_LEN];
	long long size;
	enum zila_status s = zila_blob_put_file(db, path, max, sha, &size, mime, kind, err);
	if (s != ZILA_OK)
		return s;
	*att = json_pack("[{s:s, s:s, s:s, s:I, s:s}]", "sha256", sha, "name", name, "mime", mime,
		"size", (json_int_t)size, "kind", kind);
	return ZILA_OK;
}

/* An uploaded file, through a temporary file. */
static enum zila_status
store_media(struct zila_db *db, const struct zilad_media *m, size_t max, json_t **att, struct zila_err *err)
{
	char tmp[] = "/tmp/zilad-media.XXXXXX";
	int fd = mkstemp(tmp);
	if (fd < 0)
		return zila_fail(err, ZILA_EIO, "cannot keep the uploaded file");
	size_t off = 0;
	while (off < m->len) {
		ssize_t w = write(fd, m->data + off, m->len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	enum zila_status s = off == m->len ? store_file(db, tmp, m->name, max, att, err)
		: zila_fail(err, ZILA_EIO, "cannot keep the uploaded file");
	unlink(tmp);
	return s;
}

/* The triage model's top three for a request's text ([] without a
 * model), as held_request keeps them: [{category, department, score,
 * words}]. The model is read per request, before the write lock. */
static json_t *
suggestions(struct zila_db *db, const char *description)
{
	struct zila_triage_model *m = NULL;
	struct zila_triage_suggestion sug[ZILA_TRIAGE_TOP];
	int n = 0;
	json_t *out = json_array();
	if (zila_triage_load(db, &m, NULL) != ZILA_OK)
		return out;
	if (zila_triage_suggest(m, NULL, description, sug, &n, NULL) != ZILA_OK)
		n = 0;
	for (int i = 0; i < n; i++) {
		json_t *words = json_array();
		for (int w = 0; w < sug[i].nreasons; w++)
			json_array_append_new(words, json_string(sug[i].reasons[w].word));
		json_array_append_new(out, json_pack("{s:s, s:s, s:f, s:o}", "category", sug[i].category, "department",
			sug[i].department, "score", sug[i].score, "words", words));
	}
	zila_triage_free(&m);
	return out;
}

bool
zilad_filing_read(const char *body, size_t len, const char *content_type, json_t *fields, struct zilad_media *m,
	struct zila_err *err)
{
	const char *ct = content_type ? content_type : "";
	memset(m, 0, sizeof *m);
	if (strncmp(ct, "multipart/form-data", 19) == 0) {
		if (!parse_multipart(body, len, ct, fields, m)) {
			zila_fail(err, ZILA_EINVAL, "the multipart body could not be read");
			return false;
		}
	} else if (strncmp(ct, "application/x-www-form-urlencoded", 33) == 0 || !*ct) {
		if (!zilad_form_parse(body, len, fields)) {
			zila_fail(err, ZILA_EINVAL, "the form could not be read (UTF-8 text, at most 16 fields)");
			return false;
		}
	} else {
		zila_fail(err, ZILA_EINVAL, "send the request as application/x-www-form-urlencoded or multipart/form-data");
		return false;
	}
	return true;
}

/* The whole filing, for Open311 and the status page's form alike: the
 * checks (each refusal names its fault for the page's own words), the
 * caps, the file into the blob store, then grievance.register with a
 * category or request.hold without one, under the write lock. Nothing is
 * written before every check has passed. */
enum zila_status
zilad_file(struct zila_db *db, const struct zilad_filing *in, json_t *f, const struct zilad_media *media,
	struct zilad_filed *out, struct zila_err *err)
{
	json_t *args = NULL, *result = NULL, *att = NULL;
	struct zilad_media m = *media;
	enum zila_status s = ZILA_OK;
	char mobile[11] = "", name[200];
	memset(out, 0, sizeof *out);
	out->http = 400;
	const char *code = field(f, "service_code"), *desc = field(f, "description"), *phone = field(f, "phone");
	char mime[ZILA_BLOB_MIME_LEN], kind[ZILA_BLOB_KIND_LEN] = "";
	if (m.data)
		zila_blob_sniff(m.data, m.len, mime, kind);
	if (!desc) {
		out->fault = ZILAD_FAULT_DESCRIPTION;
		s = zila_fail(err, ZILA_EINVAL, "description is required");
	} else if (!phone || !zila_mobile_normal(phone, mobile)) {
		out->fault = ZILAD_FAULT_PHONE;
		s = zila_fail(err, ZILA_EINVAL, "phone: a 10-digit Indian mobile number is required, for the citizen's messages");
	} else if (field(f, "media_url") && (!in->media_hosts || !*in->media_hosts)) {
		out->fault = ZILAD_FAULT_MEDIA;
		s = zila_fail(err, ZILA_EINVAL, "media_url is not accepted here: upload the file as media (multipart)");
	} else if (field(f, "media_url") && m.data) {
		out->fault = ZILAD_FAULT_MEDIA;
		s = zila_fail(err, ZILA_EINVAL, "give media or media_url, not both");
	} else if (m.data && m.len > in->max_media) {
		out->http = 413;
		out->fault = ZILAD_FAULT_MEDIA_SIZE;
		s = zila_fail(err, ZILA_EINVAL, "media: %zu bytes, more than the %zu this server takes", m.len, in->max_media);
	} else if (m.data && in->only_kind && strcmp(kind, in->only_kind) != 0) {
		out->http = 415;
		out->fault = ZILAD_FAULT_MEDIA_TYPE;
		s = zila_fail(err, ZILA_EINVAL, "media: a %s (%s), not a %s", kind, mime, in->only_kind);
	} else if (filed_today(db, mobile) >= in->per_mobile_day) {
		out->http = 429;
		out->fault = ZILAD_FAULT_CAP;
		s = zila_fail(err, ZILA_EINVAL, "this mobile number has filed %d requests today, the most a day", in->per_mobile_day);
	}
	/* a fetch may take seconds: before the write lock, never under it */
	char fetched[64] = "";
	if (s == ZILA_OK && field(f, "media_url")) {
		s = zilad_media_fetch(field(f, "media_url"), in->media_hosts, in->media_ca, in->max_media, fetched,
			sizeof fetched, m.name, sizeof m.name, err);
		if (s != ZILA_OK)
			out->fault = ZILAD_FAULT_MEDIA;
	}
	if (s != ZILA_OK) {
		/* refused before anything is written: no write lock taken */
		if (fetched[0])
			unlink(fetched);
		if (!out->fault)
			out->http = s == ZILA_EDB || s == ZILA_EIO ? 500 : 400;
		return s;
	}
	/* the model is read outside the lock: it only reads, and a filing
	 * from the page's "I don't know" is as common as one with a category */
	json_t *sug = code ? NULL : suggestions(db, desc);
	if (in->write_lock)
		pthread_mutex_lock(in->write_lock);
	struct zila_actor actor;
	s = zilad_online_actor(db, &actor, err);
	if (s == ZILA_OK && m.data)
		s = store_media(db, &m, in->max_media, &att, err);
	if (s == ZILA_OK && fetched[0])
		s = store_file(db, fetched, m.name, in->max_media, &att, err);
	if (fetched[0])
		unlink(fetched);
	/* the blob came with the request: the online channel holds it */
	if (s == ZILA_OK && att && actor.desk_id[0])
		s = zila_blob_grant(db, json_string_value(json_object_get(json_array_get(att, 0), "sha256")), actor.desk_id, err);
	if (s != ZILA_OK) {
		if (in->write_lock)
			pthread_mutex_unlock(in->write_lock);
		json_decref(att);
		json_decref(sug);
		if (!out->fault)
			out->http = s == ZILA_EDB || s == ZILA_EIO ? 500 : 400;
		return s;
	}
	snprintf(name, sizeof name, "%s%s%s", field(f, "first_name") ? field(f, "first_name") : "",
		field(f, "first_name") && field(f, "last_name") ? " " : "", field(f, "last_name") ? field(f, "last_name") : "");
	const char *locale = field(f, "locale") ? field(f, "locale") : in->locale;
	args = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", name[0] ? name : "(online)",
		"description", desc, "mobile", mobile, "lang", locale && strncmp(locale, "en", 2) == 0 ? "en" : "hi");
	if (code) {
		json_object_set_new(args, "category", json_string(code));
		json_object_set_new(args, "channel", json_string("web"));
	} else
		/* no category: held for a clerk, with what the model suggests */
		json_object_set_new(args, "suggested", sug);
	if (field(f, "address_string"))
		json_object_set_new(args, "address", json_string(field(f, "address_string")));
	if (field(f, "attribute[block]"))
		json_object_set_new(args, "block", json_string(field(f, "attribute[block]")));
	if (field(f, "attribute[gp]"))
		json_object_set_new(args, "gp", json_string(field(f, "attribute[gp]")));
	if (field(f, "lat") && field(f, "long")) {
		char *e1, *e2;
		double lat = strtod(field(f, "lat"), &e1), lon = strtod(field(f, "long"), &e2);
		if (*e1 || *e2)
			s = zila_fail(err, ZILA_EINVAL, "lat and long must be decimal degrees");
		json_object_set_new(args, "lat", json_real(lat));
		json_object_set_new(args, "lon", json_real(lon));
	}
	if (att)
		json_object_set_new(args, "attachments", att);
	if (s == ZILA_OK)
		s = zila_action_run(db, &actor, code ? "grievance.register" : "request.hold", args, NULL, &result, err);
	if (in->write_lock)
		pthread_mutex_unlock(in->write_lock);
	json_decref(args);
	if (s != ZILA_OK) {
		out->fault = ZILAD_FAULT_OTHER;
		out->http = s == ZILA_ENOTFOUND ? 400 : s == ZILA_EDB || s == ZILA_EIO ? 500 : 400;
		return s;
	}
	const char *v = json_string_value(json_object_get(result, "id"));
	snprintf(out->id, sizeof out->id, "%s", v ? v : "");
	out->held = !code;
	snprintf(out->mobile, sizeof out->mobile, "%s", mobile);
	if (code) {
		v = json_string_value(json_object_get(result, "number"));
		snprintf(out->number, sizeof out->number, "%s", v ? v : "");
		v = json_string_value(json_object_get(result, "due_date"));
		snprintf(out->due_date, sizeof out->due_date, "%s", v ? v : "");
	}
	json_decref(result);
	out->http = 201;
	return ZILA_OK;
}

enum zila_status
zilad_o311_post(struct zila_db *db, const struct zilad_o311_in *in, json_t **out, int *http, struct zila_err *err)
{
	json_t *f = json_object();
	struct zilad_media m;
	struct zilad_filed filed;
	const struct zilad_filing how = { in->per_mobile_day, in->max_media, in->media_hosts, in->media_ca, in->write_lock,
		json_string_value(json_object_get(in->args, "locale")), NULL };
	*http = 400;
	enum zila_status s = zilad_filing_read(in->body, in->body_len, in->content_type, f, &m, err) ? ZILA_OK : ZILA_EINVAL;
	if (s == ZILA_OK) {
		s = zilad_file(db, &how, f, &m, &filed, err);
		*http = filed.http;
	}
	json_decref(f);
	if (s != ZILA_OK)
		return s;
	char notice[200];
	if (filed.held) {
		/* GeoReport v2: a request that is not yet a service request is
		 * answered with a token; GET tokens/TOKEN gives its id once a
		 * clerk has registered it */
		*out = json_pack("[{s:s, s:s, s:n}]", "token", filed.id,
			"service_notice", "Received without a category: a clerk of the Collectorate will choose it and register"
			" the grievance; ask for its number with this token.", "account_id");
		return ZILA_OK;
	}
	snprintf(notice, sizeof notice, "Registered as grievance %s; reply due by %s.", filed.number, filed.due_date);
	*out = json_pack("[{s:s, s:s, s:s, s:n}]", "token", filed.id, "service_request_id", filed.number,
		"service_notice", notice, "account_id");
	return ZILA_OK;
}

enum zila_status
zilad_o311_token(struct zila_db *db, const char *token, json_t **out, struct zila_err *err)
{
	/* a grievance's id, or a held request's (its number once a clerk
	 * registered it; none while it is held) */
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT number FROM grievance WHERE id = ?1 UNION ALL"
		" SELECT g.number FROM held_request h LEFT JOIN grievance g ON g.id = h.grievance_id WHERE h.id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = json_pack("[{s:s, s:s}]", "token", token, "service_request_id", (const char *)sqlite3_column_text(st, 0));
	else if (rc == SQLITE_ROW)
		*out = json_pack("[{s:s}]", "token", token);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ZILA_OK;
	return rc == SQLITE_DONE ? zila_fail(err, ZILA_ENOTFOUND, "no request with token '%s'", token)
		: zila_db_error(db, "token", err);
}
