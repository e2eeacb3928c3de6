/* media_fetch.c: an Open311 request's media_url, fetched only from the
 * hosts the district allows (media_hosts; none by default): HTTPS only,
 * no redirects, the certificate checked (media_ca, else the system's
 * CAs), at most max bytes, at most 20 s. The bytes go to a temporary file
 * that the caller takes into the blob store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>
#include "zila/util.h"
#include "zilad.h"

struct sink {
	FILE *f;
	size_t got, max;
	bool too_big;
};

static size_t
on_data(char *data, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n;
	if (s->got + len > s->max) {
		s->too_big = true;
		return 0; /* stops the transfer */
	}
	s->got += len;
	return fwrite(data, 1, len, s->f);
}

/* Whether host is one of the comma-separated hosts, exactly. */
static bool
allowed(const char *host, const char *hosts)
{
	size_t hl = strlen(host);
	for (const char *p = hosts; *p;) {
		size_t n = strcspn(p, ",");
		const char *q = p;
		while (n && *q == ' ')
			q++, n--;
		while (n && q[n - 1] == ' ')
			n--;
		if (n == hl && strncasecmp(q, host, n) == 0)
			return true;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return false;
}

enum zila_status
zilad_media_fetch(const char *url, const char *hosts, const char *ca, size_t max, char *path, size_t path_n,
	char *name, size_t name_n, struct zila_err *err)
{
	char *scheme = NULL, *host = NULL, *upath = NULL;
	CURLU *u = curl_url();
	enum zila_status s = ZILA_OK;
	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		s = zila_fail(err, ZILA_EINVAL, "media_url is not a URL");
	else if (strcmp(scheme, "https") != 0)
		s = zila_fail(err, ZILA_EINVAL, "media_url must be https");
	else if (!hosts || !*hosts || !allowed(host, hosts))
		s = zila_fail(err, ZILA_EINVAL, "media_url: this server fetches files only from the hosts the district allows");
	if (s == ZILA_OK) {
		curl_url_get(u, CURLUPART_PATH, &upath, 0);
		const char *base = upath ? strrchr(upath, '/') : NULL;
		snprintf(name, name_n, "%s", base && base[1] ? base + 1 : "media");
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(upath);
	curl_url_cleanup(u);
	if (s != ZILA_OK)
		return s;
	snprintf(path, path_n, "/tmp/zilad-fetch.XXXXXX");
	int fd = mkstemp(path);
	struct sink sk = { fd >= 0 ? fdopen(fd, "wb") : NULL, 0, max, false };
	if (!sk.f) {
		if (fd >= 0)
			close(fd);
		return zila_fail(err, ZILA_EIO, "cannot keep the fetched file");
	}
	CURL *c = curl_easy_init();
	CURLcode rc = CURLE_FAILED_INIT;
	long code = 0;
	if (c) {
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
		curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &sk);
		if (ca && *ca)
			curl_easy_setopt(c, CURLOPT_CAINFO, ca);
		rc = curl_easy_perform(c);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		curl_easy_cleanup(c);
	}
	bool wrote = fclose(sk.f) == 0;
	if (rc == CURLE_OK && code == 200 && wrote && sk.got > 0)
		return ZILA_OK;
	unlink(path);
	if (sk.too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return zila_fail(err, ZILA_EINVAL, "media_url: the file is larger than the %zu bytes this server takes", max);
	if (rc == CURLE_OK)
		return zila_fail(err, ZILA_EINVAL, "media_url: the host answered %ld", code);
	return zila_fail(err, ZILA_EINVAL, "media_url could not be fetched: %s", curl_easy_strerror(rc));
}
