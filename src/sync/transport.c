/* transport.c: HTTPS to zilad with libcurl. The peer's certificate and
 * host name are always verified (a CA file and a pinned public key come
 * from the desk's configuration); slow links get a 30 s connect time-out
 * and are dropped below 100 B/s for 60 s; transient failures are retried
 * with exponential backoff and jitter, TLS failures never (a wrong
 * certificate does not get better by asking again). Proxies come from
 * the environment (https_proxy, no_proxy), as curl reads them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "config.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "internal.h"

#define RESPONSE_MAX (256u << 20)

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

static int
on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct transport *t = ud;
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
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
	static bool global;
	if (!global) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global = true;
	}
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
	case CURLE_SSL_CERTPROBLEM: case CURLE_SSL_CIPHER: case CURLE_SSL_CONNECT_ERROR: case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ISSUER_ERROR: case CURLE_SSL_CRL_BADFILE: case CURLE_USE_SSL_FAILED:
		return true;
	default:
		return false;
	}
}

static bool
transient(CURLcode rc, long http)
{
	if (rc == CURLE_OK)
		return http == 429 || http == 502 || http == 503 || http == 504;
	switch (rc) {
	case CURLE_COULDNT_CONNECT: case CURLE_COULDNT_RESOLVE_HOST: case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_OPERATION_TIMEDOUT: case CURLE_SEND_ERROR: case CURLE_RECV_ERROR: case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE: case CURLE_HTTP2: case CURLE_HTTP2_STREAM: case CURLE_BAD_CONTENT_ENCODING:
		return true;
	default:
		return false;
	}
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

static enum zila_status
call_once(struct transport *t, const char *method, const char *url, const unsigned char *body, size_t blen,
	long *http, struct buf *resp, CURLcode *rc, char *errbuf)
{
	CURL *c = t->curl;
	struct curl_slist *h = NULL;
	char auth[128];
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (t->ca[0])
		curl_easy_setopt(c, CURLOPT_CAINFO, t->ca);
	if (t->pin[0])
		curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, t->pin);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 100L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "zila/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
	if (t->token[0]) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", t->token);
		h = curl_slist_append(h, auth);
	}
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
	if (t->report) {
		curl_off_t up = 0, down = 0, hdr = 0, req = 0;
		curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &up);
		curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &down);
		curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &hdr);
		curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &req);
		t->report->bytes_up += up + req;
		t->report->bytes_down += down + hdr;
	}
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
	int max = t->opts && t->opts->retries >= 0 ? t->opts->retries : 5;
	enum zila_status res = ZILA_OK;
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
			res = zila_fail(err, ZILA_ETLS, "TLS: %s (the server's certificate is not trusted, or the link broke"
				" during the handshake)", errbuf[0] ? errbuf : curl_easy_strerror(rc));
			break;
		}
		if (!transient(rc, code) || attempt >= max) {
			if (rc == CURLE_OK)
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
