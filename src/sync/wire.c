/* wire.c: gzip with a cap, tokens, the synced table list. Shared by the
 * desk (zila) and the server (zilad). */
#include <string.h>
#include <stdlib.h>
#include <sodium.h>
#include <zlib.h>
#include "zila/util.h"
#include "zila/wire.h"

static const char *const sync_tables[] = {
#define ZILA_X(t, ...) #t,
	ZILA_SYNC_TABLES(ZILA_X)
#undef ZILA_X
};

int
zila_sync_table_count(void)
{
	return (int)ZILA_ARRAY_LEN(sync_tables);
}

const char *
zila_sync_table_name(int i)
{
	return i >= 0 && i < zila_sync_table_count() ? sync_tables[i] : NULL;
}

int
zila_sync_table_index(const char *name)
{
	for (int i = 0; name && i < zila_sync_table_count(); i++)
		if (strcmp(sync_tables[i], name) == 0)
			return i;
	return -1;
}

enum zila_status
zila_gzip(const void *in, size_t n, unsigned char **out, size_t *outn, struct zila_err *err)
{
	z_stream z = { 0 };
	*out = NULL;
	*outn = 0;
	/* 15 + 16: a gzip header, not a zlib one; level 6 is zlib's own
	 * balance, and JSON of outbox rows is very repetitive */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return zila_fail(err, ZILA_ENOMEM, "gzip: cannot start");
	size_t cap = deflateBound(&z, (uLong)n) + 32;
	unsigned char *buf = zila_xmalloc(cap);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = buf;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t produced = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return zila_fail(err, ZILA_EIO, "gzip: could not compress");
	}
	*out = buf;
	*outn = produced;
	return ZILA_OK;
}

enum zila_status
zila_gunzip(const void *in, size_t n, size_t cap, unsigned char **out, size_t *outn, bool *too_big,
	struct zila_err *err)
{
	z_stream z = { 0 };
	size_t size = n * 4 + 1024, used = 0;
	*out = NULL;
	*outn = 0;
	*too_big = false;
	if (size > cap + 1)
		size = cap + 1;
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return zila_fail(err, ZILA_ENOMEM, "gunzip: cannot start");
	unsigned char *buf = zila_xmalloc(size + 1);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	int rc = Z_OK;
	while (rc != Z_STREAM_END) {
		if (used == size) {
			if (size > cap) {
				*too_big = true;
				break;
			}
			size = size * 2 > cap + 1 ? cap + 1 : size * 2;
			buf = zila_xrealloc(buf, size + 1);
		}
		z.next_out = buf + used;
		z.avail_out = (uInt)(size - used);
		rc = inflate(&z, Z_NO_FLUSH);
		used = size - z.avail_out;
		if (rc == Z_BUF_ERROR && z.avail_in == 0)
			break; /* truncated input */
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			break;
	}
	if (used > cap)
		*too_big = true;
	bool whole = rc == Z_STREAM_END && z.avail_in == 0;
	inflateEnd(&z);
	if (*too_big) {
		free(buf);
		return zila_fail(err, ZILA_EINVAL, "body is larger than %zu bytes once inflated", cap);
	}
	if (!whole) {
		free(buf);
		return zila_fail(err, ZILA_EINVAL, "body is not whole gzip data");
	}
	buf[used] = '\0';
	*out = buf;
	*outn = used;
	return ZILA_OK;
}

void
zila_token_new(char *hex)
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, ZILA_TOKEN_HEX + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

bool
zila_token_valid(const char *hex)
{
	if (!hex || strlen(hex) != ZILA_TOKEN_HEX)
		return false;
	for (const char *p = hex; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

void
zila_token_hash(const char *hex, char *out)
{
	unsigned char raw[32];
	size_t len = 0;
	if (sodium_hex2bin(raw, sizeof raw, hex, strlen(hex), NULL, &len, NULL) != 0 || len != sizeof raw) {
		/* never matches a stored hash: those come from valid tokens */
		zila_sha256_hex(hex, strlen(hex), out);
		return;
	}
	zila_sha256_hex(raw, sizeof raw, out);
	sodium_memzero(raw, sizeof raw);
}

/* 1 to 3 digits: a version, else -1 (an absurd number is no version). */
static int
version_digits(const char *p, size_t n)
{
	int v = 0;
	if (n == 0 || n > 3)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

int
zila_wire_version_of_path(const char *path)
{
	if (!path || path[0] != '/' || path[1] != 'v')
		return 0;
	size_t n = strcspn(path + 2, "/?");
	int v = version_digits(path + 2, n);
	return v < 0 ? 0 : v;
}

int
zila_wire_version_of_header(const char *value)
{
	if (!value)
		return 0;
	while (*value == ' ' || *value == '\t')
		value++;
	size_t n = strlen(value);
	while (n && (value[n - 1] == ' ' || value[n - 1] == '\t' || value[n - 1] == '\r' || value[n - 1] == '\n'))
		n--;
	return version_digits(value, n);
}
