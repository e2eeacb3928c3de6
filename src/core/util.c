/* util.c: clock, calendar, UUIDv7, UTF-8 checks, hashing, allocation. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "zila/util.h"

void *
zila_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("zila: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *
zila_xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p) {
		fputs("zila: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *
zila_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("zila: out of memory\n", stderr);
		abort();
	}
	return q;
}

char *
zila_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(zila_xmalloc(n), s, n);
}

void
zila_free(void *pp)
{
	void **p = pp;
	free(*p);
	*p = NULL;
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm): exact
 * for the proleptic Gregorian calendar, no time zone involved. */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = (long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

static bool
parse_date(const char *s, int *y, unsigned *m, unsigned *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = atoi(s);
	*m = (unsigned)atoi(s + 5);
	*d = (unsigned)atoi(s + 8);
	if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1)
		return false;
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned lim = mdays[*m - 1];
	if (*m == 2 && ((*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0))
		lim = 29;
	return *d <= lim;
}

bool
zila_date_valid(const char *s)
{
	int y;
	unsigned m, d;
	return parse_date(s, &y, &m, &d);
}

long
zila_date_diff(const char *a, const char *b)
{
	int ya, yb;
	unsigned ma, mb, da, db;
	if (!parse_date(a, &ya, &ma, &da) || !parse_date(b, &yb, &mb, &db))
		return 0;
	return days_from_civil(yb, mb, db) - days_from_civil(ya, ma, da);
}

void
zila_date_add(const char *date, long days, char *buf, size_t n)
{
	int y;
	unsigned m, d;
	if (!parse_date(date, &y, &m, &d)) {
		snprintf(buf, n, "%s", "");
		return;
	}
	civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
	snprintf(buf, n, "%04d-%02u-%02u", y, m, d);
}

bool
zila_parse_time(const char *s, time_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (*s && *end == '\0' && errno == 0) {
		*out = (time_t)v;
		return true;
	}
	char date[11];
	unsigned hh, mm, ss;
	int y;
	unsigned m, d;
	if (strlen(s) < 19 || s[10] != 'T')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!parse_date(date, &y, &m, &d) || sscanf(s + 11, "%2u:%2u:%2u", &hh, &mm, &ss) != 3)
		return false;
	*out = (time_t)days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

/* zila_clock_set, per thread (zila demo makes two halves at once, each
 * action on its own day); 0 when not set */
static _Thread_local time_t clock_fixed;

void
zila_clock_set(time_t t)
{
	clock_fixed = t;
}

time_t
zila_clock(void)
{
	const char *fake = getenv("ZILA_NOW");
	time_t t;
	if (clock_fixed)
		return clock_fixed;
	if (fake && *fake && zila_parse_time(fake, &t))
		return t;
	return time(NULL);
}

void
zila_iso_time(time_t t, char *buf, size_t n)
{
	long days = (long)(t / 86400);
	long rem = (long)(t % 86400);
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999 || n < 21) {
		snprintf(buf, n, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", y, m, d, rem / 3600, rem / 60 % 60, rem % 60);
		return;
	}
	/* by hand in the usual case: every action stamps two times */
	unsigned v[6] = { (unsigned)y, m, d, (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60), (unsigned)(rem % 60) };
	static const char sep[] = "--T::Z";
	char *p = buf;
	for (int i = 0; i < 6; i++) {
		if (i == 0) {
			*p++ = (char)('0' + v[0] / 1000);
			*p++ = (char)('0' + v[0] / 100 % 10);
		}
		*p++ = (char)('0' + v[i] / 10 % 10);
		*p++ = (char)('0' + v[i] % 10);
		*p++ = sep[i];
	}
	*p = '\0';
}

void
zila_ist_date(time_t t, char *buf, size_t n)
{
	char iso[32];
	zila_iso_time(t + 5 * 3600 + 30 * 60, iso, sizeof iso);
	snprintf(buf, n, "%.10s", iso);
}

/* zila_uuid7_follow_clock: whether this thread's ids follow the fixed
 * clock, and the millisecond of its last one */
static _Thread_local bool ids_follow_clock;
static _Thread_local uint64_t ids_last_ms;
/* and random bytes drawn a page at a time: randombytes_buf is a system
 * call each time, a fiftieth of a demo action (only here: a pool copied
 * by fork would give the parent's ids to the child) */
static _Thread_local unsigned char ids_pool[4000];
static _Thread_local size_t ids_pool_used = sizeof ids_pool;

void
zila_uuid7_follow_clock(bool on)
{
	ids_follow_clock = on;
	ids_last_ms = 0;
}

void
zila_uuid7(char *buf)
{
	unsigned char b[16];
	uint64_t ms;
	if (ids_follow_clock && clock_fixed > 0) {
		/* the fixed clock goes back and forth (each action on its day):
		 * never back, one millisecond on when it would */
		ms = (uint64_t)clock_fixed * 1000;
		if (ms <= ids_last_ms)
			ms = ids_last_ms + 1;
		ids_last_ms = ms;
		if (ids_pool_used + 10 > sizeof ids_pool) {
			randombytes_buf(ids_pool, sizeof ids_pool);
			ids_pool_used = 0;
		}
		memcpy(b + 6, ids_pool + ids_pool_used, 10);
		ids_pool_used += 10;
	} else {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
		randombytes_buf(b + 6, 10);
	}
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	/* written by hand: snprintf of sixteen %02x cost more than the rest */
	static const char hex[] = "0123456789abcdef";
	char *p = buf;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p = '\0';
}

size_t
zila_utf8_char(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (!len || len > n)
		return 0;
	uint32_t c = len == 1 ? p[0] : len == 2 ? (p[0] & 0x1fu) : len == 3 ? (p[0] & 0x0fu) : (p[0] & 0x07u);
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3fu);
	}
	/* overlong forms, surrogates and values past U+10FFFF */
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

bool
zila_utf8_check(const char *s, bool multiline, size_t *chars)
{
	size_t left = strlen(s), count = 0;
	while (left) {
		uint32_t c;
		size_t len = zila_utf8_char(s, left, &c);
		if (!len)
			return false;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
			if (!(multiline && (c == '\n' || c == '\t' || c == '\r')))
				return false;
		}
		s += len;
		left -= len;
		count++;
	}
	if (chars)
		*chars = count;
	return true;
}

void
zila_sha256_hex(const void *data, size_t n, char *hex)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

bool
zila_is_sha256_hex(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (int i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

bool
zila_mobile_normal(const char *in, char *out)
{
	char d[24];
	size_t n = 0;
	bool plus = false;
	for (const char *p = in; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof d)
				return false;
			d[n++] = *p;
		} else if (*p == '+' && n == 0 && !plus)
			plus = true;
		else if (!strchr(" -.()\t", *p))
			return false;
	}
	d[n] = '\0';
	const char *m = d;
	if (n == 12 && strncmp(d, "91", 2) == 0)
		m += 2;
	else if (n == 11 && d[0] == '0' && !plus)
		m += 1;
	else if (n != 10 || plus)
		return false;
	if (m[0] < '6' || m[0] > '9')
		return false;
	memcpy(out, m, 10);
	out[10] = '\0';
	return true;
}

void
zila_csv_text(FILE *out, const char *s)
{
	bool formula = s[0] && strchr("=+-@\t\r", s[0]);
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}
