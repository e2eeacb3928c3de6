/* config.c: zilad's configuration file, "key = value" lines. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zilad.h"

void
zilad_config_defaults(struct zilad_config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->listen, sizeof c->listen, "0.0.0.0");
	c->port = 8443;
	c->tls = true;
	c->max_body = 8u << 20;
	c->max_inflated = 32u << 20;
	c->max_connections = 256;
	c->per_ip_connections = 64; /* a whole office behind one NAT */
	c->timeout = 120;
	c->pull_limit = 2000;
	c->max_batch = 5000;
	c->max_blob = 25u << 20;
	c->open311_per_key = 600;
	c->open311_per_addr = 120;
	c->triage_every = 86400;
	c->max_memory = 256u << 20;
	c->connection_memory = 32u << 10;
	c->auth_reserve = 32;
	c->auth_timeout = 15;
	c->throttle_ms = 1000;
	c->desks_per_user = 3;
	c->blob_expiry = 7 * 86400;
	c->status_per_addr = 60;
	c->open311_per_mobile_day = 3;
	c->gateway_backoff = 30;
	c->gateway_tries = 8;
	c->gateway_timeout = 30;
}

bool
zilad_addr_is_loopback(const char *addr)
{
	struct in_addr a4;
	struct in6_addr a6;
	if (inet_pton(AF_INET, addr, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, addr, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return false;
}

/* Strips blanks at both ends, in place. */
static char *
trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* A whole number in min..max, nothing else on the line. */
static bool
parse_num(const char *v, long long min, long long max, long long *out)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max)
		return false;
	*out = n;
	return true;
}

enum zila_status
zilad_config_read(struct zilad_config *c, const char *path, struct zila_err *err)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	int lineno = 0;
	if (!f)
		return zila_fail(err, ZILA_EIO, "cannot read %s: %s", path, strerror(errno));
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			fclose(f);
			return zila_fail(err, ZILA_EINVAL, "%s:%d: expected key = value", path, lineno);
		}
		*eq = '\0';
		char *k = trim(s), *v = trim(eq + 1);
		long long n = 0;
		bool ok = true;
		if (strcmp(k, "listen") == 0)
			ok = snprintf(c->listen, sizeof c->listen, "%s", v) < (int)sizeof c->listen;
		else if (strcmp(k, "port") == 0) {
			ok = parse_num(v, 0, 65535, &n);
			c->port = (int)n;
		} else if (strcmp(k, "tls") == 0) {
			ok = strcmp(v, "on") == 0 || strcmp(v, "off") == 0;
			c->tls = strcmp(v, "off") != 0;
		} else if (strcmp(k, "cert") == 0)
			ok = snprintf(c->cert, sizeof c->cert, "%s", v) < (int)sizeof c->cert;
		else if (strcmp(k, "key") == 0)
			ok = snprintf(c->key, sizeof c->key, "%s", v) < (int)sizeof c->key;
		else if (strcmp(k, "database") == 0)
			ok = snprintf(c->database, sizeof c->database, "%s", v) < (int)sizeof c->database;
		else if (strcmp(k, "max_body") == 0)
			ok = parse_num(v, 1024, 1LL << 30, &n) && (c->max_body = (size_t)n);
		else if (strcmp(k, "max_inflated") == 0)
			ok = parse_num(v, 1024, 1LL << 31, &n) && (c->max_inflated = (size_t)n);
		else if (strcmp(k, "max_connections") == 0)
			ok = parse_num(v, 1, 100000, &n) && (c->max_connections = (unsigned)n);
		else if (strcmp(k, "per_ip_connections") == 0)
			ok = parse_num(v, 1, 100000, &n) && (c->per_ip_connections = (unsigned)n);
		else if (strcmp(k, "timeout") == 0)
			ok = parse_num(v, 1, 86400, &n) && (c->timeout = (unsigned)n);
		else if (strcmp(k, "pull_limit") == 0)
			ok = parse_num(v, 1, 100000, &n) && (c->pull_limit = (int)n);
		else if (strcmp(k, "max_batch") == 0)
			ok = parse_num(v, 1, 10000, &n) && (c->max_batch = (int)n);
		else if (strcmp(k, "max_blob") == 0)
			ok = parse_num(v, 1, 1LL << 34, &n) && (c->max_blob = (size_t)n);
		else if (strcmp(k, "gateway") == 0)
			ok = *v == '/' && snprintf(c->gateway, sizeof c->gateway, "%s", v) < (int)sizeof c->gateway;
		else if (strcmp(k, "gateway_backoff") == 0)
			ok = parse_num(v, 1, 3600, &n) && (c->gateway_backoff = (int)n);
		else if (strcmp(k, "gateway_tries") == 0)
			ok = parse_num(v, 1, 100, &n) && (c->gateway_tries = (int)n);
		else if (strcmp(k, "gateway_timeout") == 0)
			ok = parse_num(v, 1, 600, &n) && (c->gateway_timeout = (int)n);
		else if (strcmp(k, "media_hosts") == 0)
			ok = snprintf(c->media_hosts, sizeof c->media_hosts, "%s", v) < (int)sizeof c->media_hosts;
		else if (strcmp(k, "media_ca") == 0)
			ok = snprintf(c->media_ca, sizeof c->media_ca, "%s", v) < (int)sizeof c->media_ca;
		else if (strcmp(k, "open311_per_mobile_day") == 0)
			ok = parse_num(v, 1, 1000, &n) && (c->open311_per_mobile_day = (int)n);
		else if (strcmp(k, "status_per_addr") == 0)
			ok = parse_num(v, 1, 100000, &n) && (c->status_per_addr = (int)n);
		else if (strcmp(k, "status_url") == 0)
			ok = snprintf(c->status_url, sizeof c->status_url, "%s", v) < (int)sizeof c->status_url;
		else if (strcmp(k, "open311_per_key") == 0)
			ok = parse_num(v, 1, 1000000, &n) && (c->open311_per_key = (int)n);
		else if (strcmp(k, "open311_per_addr") == 0)
			ok = parse_num(v, 1, 1000000, &n) && (c->open311_per_addr = (int)n);
		else if (strcmp(k, "triage_every") == 0) {
			ok = parse_num(v, 0, 31 * 86400, &n); /* 0: never */
			if (ok)
				c->triage_every = (unsigned)n;
		}
		else if (strcmp(k, "max_memory") == 0)
			ok = parse_num(v, 16LL << 20, 1LL << 40, &n) && (c->max_memory = (size_t)n);
		else if (strcmp(k, "connection_memory") == 0)
			ok = parse_num(v, 8192, 1LL << 20, &n) && (c->connection_memory = (size_t)n);
		else if (strcmp(k, "auth_reserve") == 0)
			ok = parse_num(v, 0, 100000, &n) && ((c->auth_reserve = (unsigned)n) || true);
		else if (strcmp(k, "auth_timeout") == 0)
			ok = parse_num(v, 1, 3600, &n) && (c->auth_timeout = (unsigned)n);
		else if (strcmp(k, "throttle_ms") == 0)
			ok = parse_num(v, 0, 60000, &n) && ((c->throttle_ms = (long)n) || true);
		else if (strcmp(k, "desks_per_user") == 0)
			ok = parse_num(v, 1, 99, &n) && (c->desks_per_user = (int)n);
		else if (strcmp(k, "blob_expiry") == 0)
			ok = parse_num(v, 60, 10LL * 365 * 86400, &n) && (c->blob_expiry = (long)n);
		else {
			fclose(f);
			return zila_fail(err, ZILA_EINVAL, "%s:%d: unknown setting '%s'", path, lineno, k);
		}
		if (!ok) {
			fclose(f);
			return zila_fail(err, ZILA_EINVAL, "%s:%d: bad value for %s: '%s'", path, lineno, k, v);
		}
	}
	fclose(f);
	if (c->auth_reserve >= c->max_connections)
		return zila_fail(err, ZILA_EINVAL, "%s: auth_reserve (%u) must be below max_connections (%u)", path,
			c->auth_reserve, c->max_connections);
	if (c->max_body > c->max_memory / 4 || c->max_inflated > c->max_memory / 4)
		return zila_fail(err, ZILA_EINVAL, "%s: max_body and max_inflated may be at most a quarter of max_memory (%zu)",
			path, c->max_memory);
	if (!c->database[0])
		return zila_fail(err, ZILA_EINVAL, "%s: database = PATH is required", path);
	if (c->tls && (!c->cert[0] || !c->key[0]))
		return zila_fail(err, ZILA_EINVAL, "%s: cert and key are required (or tls = off on a loopback address)", path);
	if (!c->tls && !zilad_addr_is_loopback(c->listen))
		return zila_fail(err, ZILA_EINVAL, "%s: tls = off is allowed only on a loopback address, behind a TLS proxy", path);
	return ZILA_OK;
}
