/* blobs.c: attachment bytes between a desk and zilad.
 *
 * Upload: before each push, every blob that a pending action names
 * (grievance.attach {sha256}, grievance.register {attachments[].sha256})
 * goes up in chunks of 256 KiB (halved after each cut, down to 16 KiB, and
 * doubled again after each chunk that arrives). Each upload starts with HEAD, which says
 * how much the server has (after a cut, or after this desk restarted),
 * and each PATCH carries Upload-Offset, Upload-Length and the chunk's own
 * SHA-256; a 409 names the right offset and the desk goes on from there.
 * The server checks the whole hash before it keeps the blob.
 *
 * Download: a desk fetches an attachment when someone opens it, or all it
 * lacks with `zila sync --attachments`: GET with Range from what the
 * partial file already holds, then zila_blob_adopt checks the hash.
 *
 * Bytes travel as they are (photos and recordings are compressed
 * already): no gzip, no recompression. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "zila/blob.h"
#include "zila/query.h"
#include "zila/util.h"
#include "zila/wire.h"
#include "internal.h"

#define CHUNK (256u << 10)
#define MIN_CHUNK (16u << 10)

static bool
cancelled(const struct zila_sync_opts *o)
{
	return o && o->cancel && *o->cancel;
}

static int
max_failures(const struct zila_sync_opts *o)
{
	return o && o->retries >= 0 ? o->retries : 5;
}

static enum zila_status
refused(struct zila_err *err, const struct transport_raw *q, const char *what, const char *sha)
{
	const char *msg = json_string_value(json_object_get(q->reply, "error"));
	enum zila_status code = q->http == 401 ? ZILA_EAUTH : q->http == 403 ? ZILA_EDENIED
		: q->http == 404 ? ZILA_ENOTFOUND : q->http == 413 ? ZILA_EINVAL : ZILA_ENET;
	return zila_fail(err, code, "%s of attachment %.12s...: the server answered %ld: %s", what, sha, q->http,
		msg ? msg : "no reason given");
}

static void
raw_done(struct transport_raw *q)
{
	json_decref(q->reply);
	q->reply = NULL;
}

/* The last failure's message, saying how often it was tried. */
static enum zila_status
gave_up(struct zila_err *err, const char *what, const char *sha, int tries)
{
	char last[sizeof err->msg];
	snprintf(last, sizeof last, "%s", err ? err->msg : "");
	return zila_fail(err, ZILA_ENET, "%s of attachment %.12s... failed %d times: %.400s", what, sha, tries + 1, last);
}

static long long
size_of(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

/* HEAD: how many bytes the server has, and whether the blob is whole. */
static enum zila_status
server_offset(struct transport *t, const char *path, const char *sha, long long *offset, bool *complete,
	struct zila_err *err)
{
	struct transport_raw q = { .method = "HEAD", .path = path, .fd = -1 };
	enum zila_status st = transport_raw(t, &q, err);
	*offset = 0;
	*complete = false;
	if (st == ZILA_OK && q.http == 200 && q.upload_offset >= 0) {
		*offset = q.upload_offset;
		*complete = q.upload_complete;
	} else if (st == ZILA_OK && q.http != 404)
		st = refused(err, &q, "asking for the state", sha);
	raw_done(&q);
	return st;
}

/* One blob up, from the server's offset to the end. A transient failure
 * (a cut) is followed by a backoff and a new HEAD; only failures in a row
 * without progress count towards giving up. */
static enum zila_status
upload_one(struct zila_db *db, struct transport *t, const struct zila_sync_opts *o, const char *sha,
	struct zila_sync_report *rep, struct zila_err *err)
{
	char file[4096], path[128], hdr[3][96];
	unsigned char *buf = NULL;
	struct stat sb;
	enum zila_status st;
	if (!zila_blob_present(db, sha) || zila_blob_path(db, sha, file, sizeof file, err) != ZILA_OK)
		return zila_fail(err, ZILA_EIO, "attachment %.12s... is named by an action waiting to be sent, but its file"
			" is not in this desk's blob store", sha);
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) != 0) {
		st = zila_fail(err, ZILA_EIO, "cannot read %s: %s", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return st;
	}
	long long size = (long long)sb.st_size, offset = 0;
	int failures = 0, conflicts = 0;
	size_t chunk = CHUNK;
	bool complete = false;
	snprintf(path, sizeof path, ZILA_WIRE_PREFIX "/blobs/%s", sha);
	buf = zila_xmalloc(CHUNK);
	t->bytes_total = size;
	for (;;) {
		if (cancelled(o)) {
			st = zila_fail(err, ZILA_ENET, "sync cancelled");
			break;
		}
		st = server_offset(t, path, sha, &offset, &complete, err);
		while (st == ZILA_OK && !complete) {
			size_t n = size - offset < (long long)chunk ? (size_t)(size - offset) : chunk;
			ssize_t r = offset <= size ? pread(fd, buf, n, (off_t)offset) : -1;
			if (r != (ssize_t)n) {
				st = zila_fail(err, ZILA_EIO, "cannot read %s at %lld (the server has more than the file?)", file, offset);
				break;
			}
			char csum[65];
			zila_sha256_hex(buf, n, csum);
			snprintf(hdr[0], sizeof hdr[0], "Upload-Offset: %lld", offset);
			snprintf(hdr[1], sizeof hdr[1], "Upload-Length: %lld", size);
			snprintf(hdr[2], sizeof hdr[2], "Chunk-SHA256: %s", csum);
			struct transport_raw q = { .method = "PATCH", .path = path, .body = buf, .blen = n, .fd = -1,
				.headers = { hdr[0], hdr[1], hdr[2], NULL } };
			t->bytes_base = offset;
			st = transport_raw(t, &q, err);
			if (st == ZILA_OK && (q.http == 200 || q.http == 409) && q.upload_offset >= 0) {
				if (q.http == 409 && ++conflicts > 8)
					st = refused(err, &q, "upload", sha);
				if (q.http == 200 && q.upload_offset > offset) {
					failures = 0;
					chunk = chunk * 2 > CHUNK ? CHUNK : chunk * 2;
				}
				offset = q.upload_offset;
				complete = q.http == 200 && q.upload_complete;
				if (o && o->progress)
					o->progress(o->ud, "upload", offset, size);
			} else if (st == ZILA_OK && q.http == 422) {
				/* the chunk or the whole arrived damaged: ask again where to go on */
				st = zila_fail(err, ZILA_ENET, "upload of attachment %.12s...: the server found the bytes damaged", sha);
				q.transient = true;
			} else if (st == ZILA_OK)
				st = refused(err, &q, "upload", sha);
			bool again = q.transient;
			raw_done(&q);
			if (again && chunk > MIN_CHUNK)
				chunk /= 2; /* a link that breaks this often may still carry smaller chunks */
			if (st != ZILA_OK && again)
				st = ZILA_ERETRY;
		}
		if (st == ZILA_OK || cancelled(o) || (st != ZILA_ERETRY && st != ZILA_ENET) || ++failures > max_failures(o))
			break;
		transport_backoff(t, failures - 1);
	}
	if (st == ZILA_ERETRY)
		st = gave_up(err, "upload", sha, failures - 1);
	if (st == ZILA_OK)
		rep->blobs_up++;
	t->bytes_total = 0;
	free(buf);
	close(fd);
	return st;
}

enum zila_status
blobs_upload_pending(struct zila_db *db, struct transport *t, const struct zila_sync_opts *o,
	struct zila_sync_report *rep, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT DISTINCT sha256 FROM ("
		" SELECT json_extract(args, '$.sha256') AS sha256 FROM outbox"
		"  WHERE state = 'pending' AND action = 'grievance.attach' AND json_valid(args)"
		" UNION ALL SELECT json_extract(a.value, '$.sha256') FROM outbox o, json_each(o.args, '$.attachments') a"
		"  WHERE o.state = 'pending' AND o.action = 'grievance.register' AND json_valid(o.args))"
		" WHERE sha256 IS NOT NULL ORDER BY sha256", err);
	json_t *rows;
	if (!st || zila_query_rows(db, st, &rows, err) != ZILA_OK)
		return ZILA_EDB;
	const char *phase = t->phase;
	t->phase = "upload";
	enum zila_status s = ZILA_OK;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *sha = json_string_value(json_object_get(r, "sha256"));
		/* a malformed name is the server's to refuse, with the action; a
		 * file missing here leaves its action waiting (the server says
		 * retry) without holding up the pull or the other uploads */
		if (sha && zila_is_sha256_hex(sha) && (s = upload_one(db, t, o, sha, rep, err)) != ZILA_OK) {
			if (s != ZILA_EIO)
				break;
			s = ZILA_OK;
		}
	}
	t->phase = phase;
	json_decref(rows);
	return s;
}

/* ------------------------------------------------------------- download */

/* One GET from what the partial file has; *done when the file is whole. */
static enum zila_status
download_step(struct transport *t, const char *sha, int fd, long long expect, bool *done, struct zila_err *err)
{
	char path[128];
	struct stat sb;
	*done = false;
	if (fstat(fd, &sb) != 0)
		return zila_fail(err, ZILA_EIO, "cannot read a partial download: %s", strerror(errno));
	long long have = (long long)sb.st_size;
	if (expect >= 0 && have > expect) {
		if (ftruncate(fd, 0) != 0)
			return zila_fail(err, ZILA_EIO, "cannot restart a partial download: %s", strerror(errno));
		have = 0;
	}
	snprintf(path, sizeof path, ZILA_WIRE_PREFIX "/blobs/%s", sha);
	struct transport_raw q = { .method = "GET", .path = path, .fd = fd, .range_from = have,
		.max_bytes = expect >= 0 ? expect : 1LL << 34 };
	t->bytes_base = have;
	t->bytes_total = expect > 0 ? expect : 0;
	enum zila_status st = transport_raw(t, &q, err);
	if (st == ZILA_OK && (q.http == 200 || q.http == 206))
		*done = fsync(fd) == 0;
	else if (st == ZILA_OK && q.http == 416) {
		/* more here than the blob has: start over */
		st = ftruncate(fd, 0) == 0 ? zila_fail(err, ZILA_ERETRY, "download of %.12s... starts over", sha)
					   : zila_fail(err, ZILA_EIO, "cannot restart a partial download: %s", strerror(errno));
	} else if (st == ZILA_OK)
		st = refused(err, &q, "download", sha);
	else if (q.transient)
		st = ZILA_ERETRY;
	raw_done(&q);
	t->bytes_total = 0;
	return st;
}

/* The size the attachment rows give the blob, -1 when none says. */
static long long
expected_size(struct zila_db *db, const char *sha)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT max(size) FROM grievance_attachment WHERE sha256 = ?1", NULL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	long long n = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL
		? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

static enum zila_status
fetch_one(struct zila_db *db, struct transport *t, const struct zila_sync_opts *o, const char *sha,
	struct zila_sync_report *rep, struct zila_err *err)
{
	char part[4096];
	enum zila_status st;
	if (!zila_is_sha256_hex(sha))
		return zila_fail(err, ZILA_EINVAL, "sha256 must be 64 small hex digits");
	if (zila_blob_present(db, sha))
		return ZILA_OK;
	if ((st = zila_blob_partial_path(db, sha, part, sizeof part, err)) != ZILA_OK)
		return st;
	long long expect = expected_size(db, sha);
	int failures = 0;
	for (;;) {
		bool done = false;
		long long have = size_of(part);
		int fd = open(part, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return zila_fail(err, ZILA_EIO, "cannot make %s: %s", part, strerror(errno));
		st = download_step(t, sha, fd, expect, &done, err);
		close(fd);
		if (st == ZILA_OK && done) {
			st = zila_blob_adopt(db, part, sha, err);
			if (st == ZILA_OK) {
				rep->blobs_down++;
				return ZILA_OK;
			}
			if (st != ZILA_EINVAL)
				return st;
			st = ZILA_ERETRY; /* damaged on the way: the file was removed, start over */
		}
		if (st != ZILA_ERETRY || cancelled(o))
			return st;
		if (size_of(part) > have)
			failures = 0; /* it moved: only failures in a row count */
		if (++failures > max_failures(o))
			return gave_up(err, "download", sha, failures - 1);
		transport_backoff(t, failures - 1);
	}
}

enum zila_status
zila_sync_fetch_blob(struct zila_db *db, const char *sha256, const struct zila_sync_opts *opts,
	struct zila_sync_report *report, struct zila_err *err)
{
	struct transport t;
	struct zila_sync_report local;
	if (!report)
		report = &local;
	memset(report, 0, sizeof *report);
	if (sha256 && zila_blob_present(db, sha256))
		return ZILA_OK;
	enum zila_status st = sync_open_transport(db, opts, report, &t, err);
	if (st != ZILA_OK)
		return st;
	t.phase = "download";
	st = fetch_one(db, &t, opts, sha256 ? sha256 : "", report, err);
	transport_close(&t);
	return st;
}

enum zila_status
zila_sync_fetch_attachments(struct zila_db *db, const struct zila_sync_opts *opts, struct zila_sync_report *report,
	struct zila_err *err)
{
	struct transport t;
	struct zila_sync_report local;
	json_t *rows;
	if (!report)
		report = &local;
	sqlite3_stmt *q = zila_db_stmt(db, "SELECT DISTINCT sha256 FROM grievance_attachment"
		" WHERE sha256 NOT IN (SELECT sha256 FROM blob) ORDER BY sha256", err);
	if (!q || zila_query_rows(db, q, &rows, err) != ZILA_OK)
		return ZILA_EDB;
	enum zila_status st = ZILA_OK;
	if (json_array_size(rows) > 0 && (st = sync_open_transport(db, opts, report, &t, err)) == ZILA_OK) {
		t.phase = "download";
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			if ((st = fetch_one(db, &t, opts, json_string_value(json_object_get(r, "sha256")), report, err)) != ZILA_OK)
				break;
		transport_close(&t);
	}
	json_decref(rows);
	return st;
}
