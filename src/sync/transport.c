/* transport.c: HTTPS to zilad with libcurl. The peer's certificate and
 * host name are always verified (a CA file and a pinned public key come
 * from the desk's configuration); slow links get a 30 s connect time-out
 * and are dropped below 100 B/s for 60 s; transient failures are retried
 * with exponential backoff and jitter, TLS failures never (a wrong
 * certificate does not get better by asking again). Proxies come from
 * the environment (https_proxy, no_proxy), as curl reads them. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "config.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "internal.h"

/* libcurl and what it brings (GnuTLS, Kerberos, LDAP, SSH, ...: some 40
 * libraries) are opened here when a desk first talks to zilad, not linked
 * into zila: the loader took about 20 ms of every command, a list or a
 * search too, to map and bind them. The calls below keep curl's names:
 * after curl_open each names the pointer curl_lib holds, of the type
 * curl.h declares. */
#define CURL_CALLS(X) \
	X(curl_global_init) X(curl_easy_init) X(curl_easy_cleanup) X(curl_easy_reset) X(curl_easy_setopt) \
	X(curl_easy_getinfo) X(curl_easy_perform) X(curl_easy_strerror) X(curl_getdate) X(curl_slist_append) \
	X(curl_slist_free_all)

static struct {
#define CURL_POINTER(name) __typeof__(name) *name;
	CURL_CALLS(CURL_POINTER)
#undef CURL_POINTER
} curl_lib;

/* Opens libcurl and initialises it, once. */
static enum zila_status
curl_open(struct zila_err *err)
{
	static void *lib;
	if (lib)
		return ZILA_OK;
	void *h = dlopen(ZILA_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return zila_fail(err, ZILA_EIO, "cannot load %1$s to sync: %2$s", ZILA_CURL_SONAME, dlerror());
#define CURL_LOOKUP(name) \
	if (!(*(void **)&curl_lib.name = dlsym(h, #name))) { \
		dlclose(h); \
		return zila_fail(err, ZILA_EIO, "cannot load %1$s to sync: %2$s", ZILA_CURL_SONAME, #name); \
	}
	CURL_CALLS(CURL_LOOKUP)
#undef CURL_LOOKUP
	curl_lib.curl_global_init(CURL_GLOBAL_DEFAULT);
	lib = h;
	return ZILA_OK;
}

/* curl.h's type-checking macros give way to the pointers */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#define curl_global_init curl_lib.curl_global_init
#define curl_easy_init curl_lib.curl_easy_init
#define curl_easy_cleanup curl_lib.curl_easy_cleanup
#define curl_easy_reset curl_lib.curl_easy_reset
#define curl_easy_setopt curl_lib.curl_easy_setopt
#define curl_easy_getinfo curl_lib.curl_easy_getinfo
#define curl_easy_perform curl_lib.curl_easy_perform
#define curl_easy_strerror curl_lib.curl_easy_strerror
#define curl_getdate curl_lib.curl_getdate
#define curl_slist_append curl_lib.curl_slist_append
#define curl_slist_free_all curl_lib.curl_slist_free_all

#define RESPONSE_MAX (256u << 20)
#define STR_(x) #x
#define STR(x) STR_(x)

struct buf {
	char *data;
	size_t len;
	bool too_big;
};

static size_t
on_data(char *p, size_t size, size_t n, void *ud)
{
	struct buf *b = ud;
	size_t add = size * n;
	if (b->len + add > RESPONSE_MAX) {
		b->too_big = true;
		return 0;
	}
	b->data = zila_xrealloc(b->data, b->len + add + 1);
	memcpy(b->data + b->len, p, add);
	b->len += add;
	b->data[b->len] = '\0';
	return add;
}

/* Cancels a request when asked; during blob transfers, also reports the
 * bytes moved so far (t->bytes_base plus this request's). */
static int
on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct transport *t = ud;
	(void)dltotal;
	(void)ultotal;
	if (t->bytes_total > 0 && t->opts && t->opts->progress && (ulnow || dlnow))
		t->opts->progress(t->opts->ud, t->phase, t->bytes_base + (long long)(ulnow + dlnow), t->bytes_total);
	return t->opts && t->opts->cancel && *t->opts->cancel ? 1 : 0;
}

enum zila_status
transport_open(struct transport *t, const char *url, const char *ca, const char *pin, const char *token,
	const struct zila_sync_opts *opts, struct zila_sync_report *report, struct zila_err *err)
{
	memset(t, 0, sizeof *t);
	if (!url || strncmp(url, "https://", 8) != 0)
		return zila_fail(err, ZILA_EINVAL, "the server URL must start with https://");
	if (snprintf(t->url, sizeof t->url, "%s", url) >= (int)sizeof t->url)
		return zila_fail(err, ZILA_EINVAL, "the server URL is too long");
	size_t n = strlen(t->url);
	while (n && t->url[n - 1] == '/')
		t->url[--n] = '\0';
	snprintf(t->ca, sizeof t->ca, "%s", ca ? ca : "");
	snprintf(t->pin, sizeof t->pin, "%s", pin ? pin : "");
	snprintf(t->token, sizeof t->token, "%s", token ? token : "");
	t->opts = opts;
	t->report = report;
	enum zila_status st = curl_open(err);
	if (st)
		return st;
	if (!(t->curl = curl_easy_init()))
		return zila_fail(err, ZILA_ENOMEM, "curl could not start");
	return ZILA_OK;
}

void
transport_close(struct transport *t)
{
	if (t->curl)
		curl_easy_cleanup(t->curl);
	sodium_memzero(t->token, sizeof t->token);
	t->curl = NULL;
}

static bool
tls_failure(CURLcode rc)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_CERTPROBLEM: case CURLE_SSL_CIPHER: case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ISSUER_ERROR: case CURLE_SSL_CRL_BADFILE: case CURLE_USE_SSL_FAILED:
		return true;
	default:
		return false;
	}
}

/* A handshake that broke off (CURLE_SSL_CONNECT_ERROR) is as often a cut
 * link as a TLS problem, so it is retried like a network error and named a
 * TLS error only when it persists; a certificate that fails verification
 * is final at once (tls_failure). */
static bool
transient(CURLcode rc, long http)
{
	if (rc == CURLE_OK)
		return http == 429 || http == 502 || http == 503 || http == 504;
	switch (rc) {
	case CURLE_COULDNT_CONNECT: case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_OPERATION_TIMEDOUT: case CURLE_SEND_ERROR: case CURLE_RECV_ERROR: case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE: case CURLE_HTTP2: case CURLE_HTTP2_STREAM: case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_SSL_CONNECT_ERROR:
		return true;
	default:
		return false;
	}
}

/* A handshake that failed because the connection ended (cut, reset,
 * closed): GnuTLS and OpenSSL say so in these words. Anything else is a
 * TLS refusal (alert, no common cipher, bad certificate). */
static bool
link_broke(const char *errbuf)
{
	static const char *const words[] = { "non-properly terminated", "pull function", "push function",
		"Connection reset", "connection reset", "unexpected EOF", "Broken pipe", "SSL_ERROR_SYSCALL", NULL };
	for (const char *const *w = words; *w; w++)
		if (strstr(errbuf, *w))
			return true;
	return false;
}

/* Sleeps the n-th backoff: base * 2^n, at most 30 s, the second half of
 * it random so that desks that failed together do not return together. */
static void
backoff(const struct zila_sync_opts *o, int n)
{
	long base = o && o->backoff_ms > 0 ? o->backoff_ms : 500;
	long ms = base << (n > 6 ? 6 : n);
	if (ms > 30000)
		ms = 30000;
	ms = ms / 2 + (long)randombytes_uniform((uint32_t)(ms / 2 + 1));
	for (long left = ms; left > 0; left -= 50) {
		if (o && o->cancel && *o->cancel)
			return;
		usleep(50 * 1000);
	}
}

/* The options every request has: verification, time-outs for slow
 * links, the token, the cancel hook. h gets the Authorization line. */
static void
common_opts(struct transport *t, const char *url, char *errbuf, struct curl_slist **h)
{
	CURL *c = t->curl;
	char auth[128];
	curl_easy_reset(c);
	t->server_protocol = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (t->ca[0]) {
		/* the desk's CA file alone: libcurl also read the system's whole
		 * CA directory for each connection, a third of a small sync's CPU
		 * (fifty desks syncing at once on one machine spent 2.7 s in it) */
		curl_easy_setopt(c, CURLOPT_CAINFO, t->ca);
		curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
	}
	if (t->pin[0])
		curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, t->pin);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 100L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "zila/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
	if (t->token[0]) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", t->token);
		*h = curl_slist_append(*h, auth);
	}
	*h = curl_slist_append(*h, ZILA_WIRE_HEADER ": " STR(ZILA_WIRE_VERSION));
}

/* Zila-Protocol of the reply being read (reset by each status line, as a
 * 100 Continue or a proxy's answer comes before the server's). */
static void
note_protocol(struct transport *t, const char *line, size_t len)
{
	size_t hn = strlen(ZILA_WIRE_HEADER);
	char v[16];
	if (len >= 5 && strncasecmp(line, "HTTP/", 5) == 0)
		t->server_protocol = 0;
	else if (len > 5 && len < 64 && strncasecmp(line, "Date:", 5) == 0) {
		char d[64];
		memcpy(d, line + 5, len - 5);
		d[len - 5] = '\0';
		time_t when = curl_getdate(d, NULL);
		if (when > 0)
			t->server_date = when;
	}
	else if (len > hn + 1 && strncasecmp(line, ZILA_WIRE_HEADER, hn) == 0 && line[hn] == ':' &&
		 len - hn - 1 < sizeof v) {
		memcpy(v, line + hn + 1, len - hn - 1);
		v[len - hn - 1] = '\0';
		t->server_protocol = zila_wire_version_of_header(v);
	}
}

static size_t
on_header(char *p, size_t size, size_t n, void *ud)
{
	note_protocol(ud, p, size * n);
	return size * n;
}

/* Every answer from zilad names its protocol; one that names another (or
 * none: a zilad from before versions, or not zilad at all) is refused
 * whatever its status, before its body means anything. */
static enum zila_status
check_protocol(struct transport *t, long http, struct zila_err *err)
{
	int v = t->server_protocol;
	if (v == ZILA_WIRE_VERSION)
		return ZILA_OK;
	if (v <= 0)
		return zila_fail(err, ZILA_EVERSION, "the server at %s does not say which sync protocol it speaks (status %ld;"
			" a zilad older than protocol %d?): this desk needs %d: update zilad", t->url, http, ZILA_WIRE_VERSION,
			ZILA_WIRE_VERSION);
	return zila_fail(err, ZILA_EVERSION, "the server speaks sync protocol %d; this desk needs %d: update %s", v,
		ZILA_WIRE_VERSION, v < ZILA_WIRE_VERSION ? "zilad" : "zila");
}

static void
count_bytes(struct transport *t)
{
	if (!t->report)
		return;
	curl_off_t up = 0, down = 0, hdr = 0, req = 0;
	curl_easy_getinfo(t->curl, CURLINFO_SIZE_UPLOAD_T, &up);
	curl_easy_getinfo(t->curl, CURLINFO_SIZE_DOWNLOAD_T, &down);
	curl_easy_getinfo(t->curl, CURLINFO_HEADER_SIZE, &hdr);
	curl_easy_getinfo(t->curl, CURLINFO_REQUEST_SIZE, &req);
	t->report->bytes_up += up + req;
	t->report->bytes_down += down + hdr;
	if (t->phase && strcmp(t->phase, "push") == 0)
		t->report->push_bytes += up + req + down + hdr;
}

static enum zila_status
call_once(struct transport *t, const char *method, const char *url, const unsigned char *body, size_t blen,
	long *http, struct buf *resp, CURLcode *rc, char *errbuf)
{
	CURL *c = t->curl;
	struct curl_slist *h = NULL;
	common_opts(t, url, errbuf, &h);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
	h = curl_slist_append(h, "Accept: application/json");
	if (body) {
		h = curl_slist_append(h, "Content-Type: application/json");
		h = curl_slist_append(h, "Content-Encoding: gzip");
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
	} else
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	*rc = curl_easy_perform(c);
	curl_slist_free_all(h);
	*http = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, http);
	count_bytes(t);
	return ZILA_OK;
}

enum zila_status
transport_call(struct transport *t, const char *method, const char *path, json_t *body, int *http, json_t **reply,
	struct zila_err *err)
{
	char url[1400];
	unsigned char *gz = NULL;
	size_t gzn = 0;
	*reply = NULL;
	*http = 0;
	snprintf(url, sizeof url, "%s%s", t->url, path);
	if (body) {
		char *text = json_dumps(body, JSON_COMPACT);
		enum zila_status st = zila_gzip(text, strlen(text), &gz, &gzn, err);
		free(text);
		if (st != ZILA_OK)
			return st;
	}
	int max = t->once ? 0 : t->opts && t->opts->retries >= 0 ? t->opts->retries : 5;
	enum zila_status res = ZILA_OK;
	t->transient = false;
	for (int attempt = 0;; attempt++) {
		struct buf resp = { 0 };
		char errbuf[CURL_ERROR_SIZE] = "";
		long code = 0;
		CURLcode rc;
		if (t->opts && t->opts->cancel && *t->opts->cancel) {
			res = zila_fail(err, ZILA_ENET, "sync cancelled");
			break;
		}
		call_once(t, method, url, gz, gzn, &code, &resp, &rc, errbuf);
		if (rc == CURLE_OK && !transient(rc, code)) {
			if ((res = check_protocol(t, code, err)) != ZILA_OK) {
				free(resp.data);
				break;
			}
			json_error_t jerr;
			json_t *j = json_loadb(resp.data ? resp.data : "", resp.len, 0, &jerr);
			free(resp.data);
			if (!json_is_object(j)) {
				json_decref(j);
				res = zila_fail(err, ZILA_ENET, "the server sent a reply that is not JSON (status %ld)", code);
			} else {
				*reply = j;
				*http = (int)code;
			}
			break;
		}
		free(resp.data);
		if (rc == CURLE_ABORTED_BY_CALLBACK) {
			res = zila_fail(err, ZILA_ENET, "sync cancelled");
			break;
		}
		if (tls_failure(rc)) {
			res = zila_fail(err, ZILA_ETLS, "TLS: %s (the server's certificate is not trusted)",
				errbuf[0] ? errbuf : curl_easy_strerror(rc));
			break;
		}
		if (!transient(rc, code) || attempt >= max) {
			t->transient = transient(rc, code);
			if (rc == CURLE_SSL_CONNECT_ERROR && link_broke(errbuf))
				res = zila_fail(err, ZILA_ENET, "the link to %s broke during the TLS handshake (%s): try again when"
					" the line is better", t->url, errbuf);
			else if (rc == CURLE_SSL_CONNECT_ERROR)
				res = zila_fail(err, ZILA_ETLS, "TLS: %s (the handshake with %s failed every time)",
					errbuf[0] ? errbuf : curl_easy_strerror(rc), t->url);
			else if (rc == CURLE_OK)
				res = zila_fail(err, ZILA_ENET, "the server is busy or unavailable (status %ld)", code);
			else
				res = zila_fail(err, ZILA_ENET, "cannot reach %s: %s", t->url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
			break;
		}
		if (t->report)
			t->report->retries++;
		backoff(t->opts, attempt);
	}
	free(gz);
	return res;
}

/* A blob request's response: Upload-Offset and Upload-Complete headers,
 * bytes of a 200/206 GET into q->fd, anything else into a buffer. */
struct raw_ctx {
	struct transport *t;
	struct transport_raw *q;
	struct buf err;
	bool started;
	bool failed;
};

static size_t
raw_header(char *p, size_t size, size_t n, void *ud)
{
	struct raw_ctx *x = ud;
	size_t len = size * n;
	char line[256];
	note_protocol(x->t, p, len);
	if (len >= sizeof line)
		return len;
	memcpy(line, p, len);
	line[len] = '\0';
	if (strncasecmp(line, "HTTP/", 5) == 0) {
		x->q->upload_offset = -1; /* a new response (after a redirect or 100) */
		x->q->upload_complete = false;
	} else if (strncasecmp(line, "Upload-Offset:", 14) == 0)
		x->q->upload_offset = strtoll(line + 14, NULL, 10);
	else if (strncasecmp(line, "Upload-Complete:", 16) == 0)
		x->q->upload_complete = strstr(line + 16, "true") != NULL;
	else if (strncasecmp(line, "Content-Range:", 14) == 0) {
		const char *b = strstr(line + 14, "bytes ");
		x->q->range_start = b ? strtoll(b + 6, NULL, 10) : -1;
	}
	return len;
}

static size_t
raw_data(char *p, size_t size, size_t n, void *ud)
{
	struct raw_ctx *x = ud;
	struct transport_raw *q = x->q;
	size_t len = size * n;
	long code = 0;
	curl_easy_getinfo(x->t->curl, CURLINFO_RESPONSE_CODE, &code);
	if (q->fd < 0 || (code != 200 && code != 206) || x->t->server_protocol != ZILA_WIRE_VERSION)
		return on_data(p, size, n, &x->err);
	if (!x->started) {
		/* a whole blob starts the file over; a range must start where we are */
		off_t at = code == 200 ? 0 : (off_t)q->range_from;
		if ((code == 206 && q->range_start != q->range_from) || ftruncate(q->fd, at) != 0 ||
		    lseek(q->fd, at, SEEK_SET) < 0) {
			x->failed = true;
			return 0;
		}
		q->written = (long long)at;
		x->started = true;
	}
	if (q->max_bytes > 0 && q->written + (long long)len > q->max_bytes) {
		x->failed = true;
		return 0;
	}
	for (size_t done = 0; done < len;) {
		ssize_t w = write(q->fd, p + done, len - done);
		if (w <= 0) {
			x->failed = true;
			return 0;
		}
		done += (size_t)w;
	}
	q->written += (long long)len;
	return len;
}

enum zila_status
transport_raw(struct transport *t, struct transport_raw *q, struct zila_err *err)
{
	char url[1400], errbuf[CURL_ERROR_SIZE] = "", hdr[128];
	struct raw_ctx x = { .t = t, .q = q };
	struct curl_slist *h = NULL;
	CURL *c = t->curl;
	CURLcode rc;
	q->http = 0;
	q->upload_offset = -1;
	q->upload_complete = false;
	q->range_start = -1;
	q->reply = NULL;
	q->transient = false;
	if (t->opts && t->opts->cancel && *t->opts->cancel)
		return zila_fail(err, ZILA_ENET, "sync cancelled");
	snprintf(url, sizeof url, "%s%s", t->url, q->path);
	common_opts(t, url, errbuf, &h);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, raw_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, raw_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	for (int i = 0; i < (int)ZILA_ARRAY_LEN(q->headers) && q->headers[i]; i++)
		h = curl_slist_append(h, q->headers[i]);
	if (strcmp(q->method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(q->method, "PATCH") == 0) {
		/* attachments go as they are: never gzipped again */
		h = curl_slist_append(h, "Content-Type: application/offset+octet-stream");
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PATCH");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body ? (const char *)q->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->blen);
	} else if (q->range_from > 0) {
		snprintf(hdr, sizeof hdr, "Range: bytes=%lld-", q->range_from);
		h = curl_slist_append(h, hdr);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	rc = curl_easy_perform(c);
	curl_slist_free_all(h);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &q->http);
	count_bytes(t);
	if (x.err.data)
		q->reply = json_loadb(x.err.data, x.err.len, 0, NULL);
	free(x.err.data);
	if (rc == CURLE_OK && !transient(rc, q->http)) {
		enum zila_status st = check_protocol(t, q->http, err);
		if (st != ZILA_OK) {
			json_decref(q->reply);
			q->reply = NULL;
		}
		return st;
	}
	if (rc == CURLE_ABORTED_BY_CALLBACK && !x.failed)
		return zila_fail(err, ZILA_ENET, "sync cancelled");
	if (x.failed)
		return zila_fail(err, ZILA_EIO, "cannot write the attachment being received (disk full, or more bytes than"
			" it has?)");
	/* A blob moves for minutes on a slow link, and a link that breaks
	 * mid-handshake looks like a TLS failure: that one is worth another
	 * try; a certificate that does not verify never is. */
	if (tls_failure(rc))
		return zila_fail(err, ZILA_ETLS, "TLS: %s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	q->transient = transient(rc, q->http);
	if (rc == CURLE_OK)
		return zila_fail(err, ZILA_ENET, "the server is busy or unavailable (status %ld)", q->http);
	return zila_fail(err, ZILA_ENET, "cannot reach %s: %s", t->url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
}

void
transport_backoff(struct transport *t, int attempt)
{
	if (t->report)
		t->report->retries++;
	backoff(t->opts, attempt);
}
