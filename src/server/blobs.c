/* blobs.c: attachment bytes on zilad, without HTTP. A blob arrives in
 * chunks appended at the offset the server has (tus-like): the partial
 * file grows in the partial folder beside the store, under an exclusive
 * lock so two desks sending the same blob cannot interleave; when it
 * reaches the length the desk declared, its whole SHA-256 is checked and
 * it is renamed into the store (zila_blob_adopt), or discarded on a
 * mismatch so that a retried upload starts over from nothing. Names are
 * checked as 64 small hex digits before any path is made from them. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "zila/blob.h"
#include "zila/util.h"
#include "zilad.h"

static int
bad_name(struct zila_err *err)
{
	zila_fail(err, ZILA_EINVAL, "a blob is named by its SHA-256: 64 small hex digits");
	return 400;
}

/* Whether an attachment of a grievance the desk's office sees names the
 * blob: 1, 0, or -1 on a database error. */
static int
office_sees(struct zila_db *db, const struct zilad_desk *desk, const char *sha256, char *mime, size_t mime_len,
	struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT a.mime FROM grievance_attachment a JOIN grievance g ON g.id = a.grievance_id"
		" WHERE a.sha256 = ?1 AND (?2 IS NULL OR g.department_id = ?2) LIMIT 1", err);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	if (desk->department_id[0])
		sqlite3_bind_text(st, 2, desk->department_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && mime)
		snprintf(mime, mime_len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		zila_db_error(db, "blob", err);
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* A stored blob counts as the desk's when it uploaded it or its office
 * sees an attachment of it; for any other desk it is as if absent, so the
 * desk must send the bytes to have it (HEAD, PATCH and attaching all
 * follow this). */
static bool
desk_holds(struct zila_db *db, const struct zilad_desk *desk, const char *sha256)
{
	return zila_blob_present(db, sha256) &&
		(zila_blob_granted(db, sha256, desk->id) || office_sees(db, desk, sha256, NULL, 0, NULL) == 1);
}

/* This desk's partial upload of a blob: desks never add to each other's. */
static enum zila_status
partial_path(struct zila_db *db, const struct zilad_desk *desk, const char *sha256, char *path, size_t n,
	struct zila_err *err)
{
	enum zila_status st = zila_blob_partial_path(db, sha256, path, n, err);
	if (st == ZILA_OK && strlen(path) + strlen(desk->code) + 2 > n)
		return zila_fail(err, ZILA_EIO, "the partial upload's path is too long");
	if (st == ZILA_OK)
		strcat(strcat(path, "."), desk->code);
	return st;
}

int
zilad_blob_state(struct zila_db *db, const struct zilad_desk *desk, const char *sha256, long long *offset,
	bool *complete, struct zila_err *err)
{
	char path[4096];
	struct stat sb;
	*offset = 0;
	*complete = false;
	if (!zila_is_sha256_hex(sha256))
		return bad_name(err);
	if (desk_holds(db, desk, sha256)) {
		if (zila_blob_path(db, sha256, path, sizeof path, err) != ZILA_OK || stat(path, &sb) != 0) {
			zila_fail(err, ZILA_EIO, "blob %.12s... cannot be read", sha256);
			return 500;
		}
		*offset = (long long)sb.st_size;
		*complete = true;
		return 200;
	}
	if (partial_path(db, desk, sha256, path, sizeof path, err) != ZILA_OK)
		return 500;
	if (stat(path, &sb) != 0) {
		zila_fail(err, ZILA_ENOTFOUND, "no part of this blob is here");
		return 404;
	}
	*offset = (long long)sb.st_size;
	return 200;
}

/* Writes all of data at offset. */
static bool
write_at(int fd, const unsigned char *data, size_t n, off_t offset)
{
	while (n) {
		ssize_t w = pwrite(fd, data, n, offset);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		data += w;
		n -= (size_t)w;
		offset += w;
	}
	return true;
}

int
zilad_blob_append(struct zila_db *db, const struct zilad_desk *desk, const char *sha256, long long offset, long long length, const void *data,
	size_t n, const char *chunk_sha256, size_t max_size, long long *new_offset, bool *complete, struct zila_err *err)
{
	char path[4096], have[65];
	struct stat sb;
	int http = 200;
	*complete = false;
	*new_offset = 0;
	if (!zila_is_sha256_hex(sha256))
		return bad_name(err);
	if (desk_holds(db, desk, sha256))
		return zilad_blob_state(db, desk, sha256, new_offset, complete, err);
	if (length < 0 || (unsigned long long)length > max_size) {
		zila_fail(err, ZILA_EINVAL, "Upload-Length %lld: a file may have at most %zu bytes here", length, max_size);
		return 413;
	}
	if (offset < 0 || offset + (long long)n > length) {
		zila_fail(err, ZILA_EINVAL, "the chunk (%zu bytes at %lld) goes past Upload-Length %lld", n, offset, length);
		return 400;
	}
	if (chunk_sha256) {
		zila_sha256_hex(data, n, have);
		if (strcmp(have, chunk_sha256) != 0) {
			zila_fail(err, ZILA_EINVAL, "the chunk at %lld does not match its SHA-256: it was not kept", offset);
			return 422;
		}
	}
	if (partial_path(db, desk, sha256, path, sizeof path, err) != ZILA_OK)
		return 500;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		zila_fail(err, ZILA_EIO, "cannot open a partial upload: %s", strerror(errno));
		return 500;
	}
	if (flock(fd, LOCK_EX) != 0 || fstat(fd, &sb) != 0) {
		zila_fail(err, ZILA_EIO, "cannot lock a partial upload: %s", strerror(errno));
		close(fd);
		return 500;
	}
	*new_offset = (long long)sb.st_size;
	if (sb.st_nlink == 0) {
		/* finished or discarded by another request while we waited */
		close(fd);
		zilad_blob_state(db, desk, sha256, new_offset, complete, err);
		if (*complete)
			return 200;
		zila_fail(err, ZILA_ECONFLICT, "the upload was finished or started over meanwhile: the server has %lld bytes",
			*new_offset);
		return 409;
	}
	if ((long long)sb.st_size != offset) {
		zila_fail(err, ZILA_ECONFLICT, "Upload-Offset %lld is wrong: the server has %lld bytes", offset,
			(long long)sb.st_size);
		close(fd);
		return 409;
	}
	if (!write_at(fd, data, n, (off_t)offset) || fsync(fd) != 0) {
		zila_fail(err, ZILA_EIO, "cannot write a partial upload: %s", strerror(errno));
		if (ftruncate(fd, (off_t)offset) != 0)
			unlink(path); /* a torn chunk must not stay: start over */
		close(fd);
		return 500;
	}
	*new_offset = offset + (long long)n;
	if (*new_offset == length) {
		/* still under the lock: nobody appends while the hash is checked */
		enum zila_status st = zila_blob_adopt(db, path, sha256, err);
		if (st == ZILA_OK)
			st = zila_blob_grant(db, sha256, desk->id, err);
		if (st == ZILA_EINVAL)
			http = 422, *new_offset = 0;
		else if (st != ZILA_OK)
			http = 500;
		else
			*complete = true;
	}
	close(fd);
	return http;
}

int
zilad_blob_readable(struct zila_db *db, const struct zilad_desk *desk, const char *sha256, char *path, size_t n,
	char *mime, size_t mime_len, struct zila_err *err)
{
	if (!zila_is_sha256_hex(sha256))
		return bad_name(err);
	int sees = office_sees(db, desk, sha256, mime, mime_len, err);
	if (sees < 0)
		return 500;
	/* the same answer for "not yours" and "not here": nothing is learnt */
	if (!sees || !zila_blob_present(db, sha256)) {
		zila_fail(err, ZILA_ENOTFOUND, "no such attachment for this desk");
		return 404;
	}
	return zila_blob_path(db, sha256, path, n, err) == ZILA_OK ? 200 : 500;
}

/* One "A-B", "A-" or "-N" of a byte range set, blanks around it allowed;
 * whole numbers of at most 18 digits. */
static bool
range_spec(const char *p, const char *e, long long *a, long long *b)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	const char *dash = memchr(p, '-', (size_t)(e - p));
	if (!dash || (dash == p && dash + 1 == e))
		return false;
	*a = *b = -1;
	for (int side = 0; side < 2; side++) {
		const char *q = side ? dash + 1 : p, *end = side ? e : dash;
		long long n = 0;
		if (q == end)
			continue;
		if (end - q > 18)
			return false;
		for (; q < end; q++) {
			if (*q < '0' || *q > '9')
				return false;
			n = n * 10 + (*q - '0');
		}
		*(side ? b : a) = n;
	}
	return *a < 0 || *b < 0 || *b >= *a;
}

enum zilad_range
zilad_range_parse(const char *v, long long size, long long *from, long long *to)
{
	long long f[ZILAD_RANGE_MAX], t[ZILAD_RANGE_MAX];
	int n = 0, specs = 0;
	if (!v)
		return ZILAD_RANGE_WHOLE;
	if (strncasecmp(v, "bytes=", 6) != 0)
		return ZILAD_RANGE_BAD;
	for (const char *p = v + 6;;) {
		const char *e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		long long a, b;
		if (++specs > ZILAD_RANGE_MAX || !range_spec(p, e, &a, &b))
			return ZILAD_RANGE_BAD;
		if (a < 0) { /* the last b bytes */
			if (b > 0 && size > 0) {
				f[n] = b >= size ? 0 : size - b;
				t[n++] = size - 1;
			}
		} else if (a < size) {
			f[n] = a;
			t[n++] = b < 0 || b > size - 1 ? size - 1 : b;
		}
		if (!*e)
			break;
		p = e + 1;
	}
	if (n == 0)
		return ZILAD_RANGE_BAD; /* nothing satisfiable */
	/* several ranges are answered only when they make one span together */
	*from = f[0];
	*to = t[0];
	for (bool grew = true; grew;) {
		grew = false;
		for (int i = 1; i < n; i++)
			if (f[i] <= *to + 1 && t[i] >= *from - 1 && (f[i] < *from || t[i] > *to)) {
				*from = f[i] < *from ? f[i] : *from;
				*to = t[i] > *to ? t[i] : *to;
				grew = true;
			}
	}
	for (int i = 1; i < n; i++)
		if (f[i] < *from || t[i] > *to)
			return ZILAD_RANGE_BAD;
	return ZILAD_RANGE_PART;
}

/* Removes the files of partial uploads last written before cutoff. */
static unsigned
expire_partials(struct zila_db *db, time_t cutoff)
{
	char path[4096];
	unsigned n = 0;
	if (zila_blob_partial_path(db, "0000000000000000000000000000000000000000000000000000000000000000", path,
		sizeof path, NULL) != ZILA_OK)
		return 0;
	*strrchr(path, '/') = '\0';
	DIR *d = opendir(path);
	if (!d)
		return 0;
	struct dirent *e;
	struct stat sb;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_mtime < cutoff && unlinkat(dirfd(d), e->d_name, 0) == 0)
			n++;
	}
	closedir(d);
	return n;
}

enum zila_status
zilad_blob_expire(struct zila_db *db, long max_age, unsigned *blobs, unsigned *partials, struct zila_err *err)
{
	char cutoff[32], path[4096];
	time_t limit = zila_clock() - max_age;
	*blobs = 0;
	*partials = expire_partials(db, limit);
	zila_iso_time(limit, cutoff, sizeof cutoff);
	enum zila_status st = zila_db_begin(db, err);
	if (st != ZILA_OK)
		return st;
	json_t *gone = json_array();
	sqlite3_stmt *q = zila_db_stmt(db, "SELECT sha256 FROM blob WHERE stored_at < ?1"
		" AND sha256 NOT IN (SELECT sha256 FROM grievance_attachment)"
		" AND NOT EXISTS (SELECT 1 FROM blob_grant g WHERE g.sha256 = blob.sha256 AND g.granted_at >= ?1)", err);
	if (!q)
		st = ZILA_EDB;
	else {
		sqlite3_bind_text(q, 1, cutoff, -1, SQLITE_STATIC);
		while (sqlite3_step(q) == SQLITE_ROW)
			json_array_append_new(gone, json_string((const char *)sqlite3_column_text(q, 0)));
		sqlite3_reset(q);
	}
	size_t i;
	json_t *v;
	json_array_foreach(gone, i, v) {
		if (st != ZILA_OK)
			break;
		const char *sql[] = { "DELETE FROM blob_grant WHERE sha256 = ?1", "DELETE FROM blob WHERE sha256 = ?1" };
		for (int k = 0; k < 2 && st == ZILA_OK; k++) {
			sqlite3_stmt *d = zila_db_stmt(db, sql[k], err);
			if (!d) {
				st = ZILA_EDB;
				break;
			}
			sqlite3_bind_text(d, 1, json_string_value(v), -1, SQLITE_STATIC);
			int rc = sqlite3_step(d);
			sqlite3_reset(d);
			if (rc != SQLITE_DONE)
				st = zila_db_error(db, "blob", err);
		}
	}
	enum zila_status end = zila_db_end(db, st == ZILA_OK, err);
	st = st != ZILA_OK ? st : end;
	/* the files go once their rows are gone for good: a crash between
	 * leaves a file nobody names, never a row without its file */
	json_array_foreach(gone, i, v) {
		if (st == ZILA_OK && zila_blob_path(db, json_string_value(v), path, sizeof path, NULL) == ZILA_OK &&
		    unlink(path) == 0)
			(*blobs)++;
	}
	json_decref(gone);
	return st;
}
