/* blobs.c: attachment bytes on zilad, without HTTP. A blob arrives in
 * chunks appended at the offset the server has (tus-like): the partial
 * file grows in the partial folder beside the store, under an exclusive
 * lock so two desks sending the same blob cannot interleave; when it
 * reaches the length the desk declared, its whole SHA-256 is checked and
 * it is renamed into the store (zila_blob_adopt), or discarded on a
 * mismatch so that a retried upload starts over from nothing. Names are
 * checked as 64 small hex digits before any path is made from them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
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

int
zilad_blob_state(struct zila_db *db, const char *sha256, long long *offset, bool *complete, struct zila_err *err)
{
	char path[4096];
	struct stat sb;
	*offset = 0;
	*complete = false;
	if (!zila_is_sha256_hex(sha256))
		return bad_name(err);
	if (zila_blob_present(db, sha256)) {
		if (zila_blob_path(db, sha256, path, sizeof path, err) != ZILA_OK || stat(path, &sb) != 0) {
			zila_fail(err, ZILA_EIO, "blob %.12s... cannot be read", sha256);
			return 500;
		}
		*offset = (long long)sb.st_size;
		*complete = true;
		return 200;
	}
	if (zila_blob_partial_path(db, sha256, path, sizeof path, err) != ZILA_OK)
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
zilad_blob_append(struct zila_db *db, const char *sha256, long long offset, long long length, const void *data,
	size_t n, const char *chunk_sha256, size_t max_size, long long *new_offset, bool *complete, struct zila_err *err)
{
	char path[4096], have[65];
	struct stat sb;
	int http = 200;
	*complete = false;
	*new_offset = 0;
	if (!zila_is_sha256_hex(sha256))
		return bad_name(err);
	if (zila_blob_present(db, sha256))
		return zilad_blob_state(db, sha256, new_offset, complete, err);
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
	if (zila_blob_partial_path(db, sha256, path, sizeof path, err) != ZILA_OK)
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
		zilad_blob_state(db, sha256, new_offset, complete, err);
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
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT a.mime FROM grievance_attachment a JOIN grievance g ON g.id = a.grievance_id"
		" WHERE a.sha256 = ?1 AND (?2 IS NULL OR g.department_id = ?2) LIMIT 1", err);
	if (!st)
		return 500;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	if (desk->department_id[0])
		sqlite3_bind_text(st, 2, desk->department_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(mime, mime_len, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		zila_db_error(db, "blob", err);
		return 500;
	}
	/* the same answer for "not yours" and "not here": nothing is learnt */
	if (rc == SQLITE_DONE || !zila_blob_present(db, sha256)) {
		zila_fail(err, ZILA_ENOTFOUND, "no such attachment for this desk");
		return 404;
	}
	return zila_blob_path(db, sha256, path, n, err) == ZILA_OK ? 200 : 500;
}
