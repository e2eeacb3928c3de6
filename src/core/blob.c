/* blob.c: the attachment store of blob.h. Bytes go to a temporary file in
 * the store's folder, are fsynced and read back against their SHA-256,
 * then renamed to <blob dir>/ab/<whole hash> and the folder fsynced: a
 * crash or a full disk leaves at worst a stray temporary file, never a
 * half blob under a real name. The blob table says which blobs are here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include "zila/blob.h"
#include "zila/i18n.h"
#include "zila/util.h"

#define SNIFF_BYTES 8192

/* A blob being written. */
struct sink {
	int fd;
	char tmp[4096];
	crypto_hash_sha256_state h;
	long long size;
};

static enum zila_status
io_fail(struct zila_err *err, const char *sentence, const char *path)
{
	/* sentence: N_("... %s: %s"), the path then the system's reason */
	return zila_fail(err, ZILA_EIO, sentence, path, strerror(errno));
}

static enum zila_status
make_dir(const char *path, struct zila_err *err)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return ZILA_OK;
	return io_fail(err, N_("cannot make folder %s: %s"), path);
}

static enum zila_status
fsync_dir(const char *path, struct zila_err *err)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return io_fail(err, N_("cannot open folder %s: %s"), path);
	int rc = fsync(fd);
	close(fd);
	return rc == 0 ? ZILA_OK : io_fail(err, N_("cannot sync folder %s: %s"), path);
}

enum zila_status
zila_blob_path(struct zila_db *db, const char *sha256, char *path, size_t n, struct zila_err *err)
{
	if (!sha256 || !zila_is_sha256_hex(sha256))
		return zila_fail(err, ZILA_EINVAL, "sha256 must be 64 small hex digits");
	int w = snprintf(path, n, "%s/%.2s/%s", zila_db_blob_dir(db), sha256, sha256);
	if (w < 0 || (size_t)w >= n)
		return zila_fail(err, ZILA_EIO, "blob path is too long");
	return ZILA_OK;
}

bool
zila_blob_present(struct zila_db *db, const char *sha256)
{
	char path[4096];
	if (zila_blob_path(db, sha256, path, sizeof path, NULL) != ZILA_OK)
		return false;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT 1 FROM blob WHERE sha256 = ?1", NULL);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	bool known = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return known && access(path, R_OK) == 0;
}

bool
zila_blob_granted(struct zila_db *db, const char *sha256, const char *desk_id)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT 1 FROM blob_grant WHERE desk_id = ?1 AND sha256 = ?2", NULL);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, desk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
	bool granted = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return granted;
}

enum zila_status
zila_blob_grant(struct zila_db *db, const char *sha256, const char *desk_id, struct zila_err *err)
{
	char now[32];
	zila_iso_time(zila_clock(), now, sizeof now);
	sqlite3_stmt *st = zila_db_stmt(db, "INSERT OR IGNORE INTO blob_grant(desk_id, sha256, granted_at) VALUES (?1, ?2, ?3)", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, desk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "blob grant", err);
}

static enum zila_status
sink_open(struct zila_db *db, struct sink *s, struct zila_err *err)
{
	enum zila_status st = make_dir(zila_db_blob_dir(db), err);
	if (st)
		return st;
	snprintf(s->tmp, sizeof s->tmp, "%s/.incoming.XXXXXX", zila_db_blob_dir(db));
	s->fd = mkstemp(s->tmp);
	if (s->fd < 0)
		return io_fail(err, N_("cannot make a file in %s: %s"), zila_db_blob_dir(db));
	crypto_hash_sha256_init(&s->h);
	s->size = 0;
	return ZILA_OK;
}

static void
sink_abort(struct sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	unlink(s->tmp);
}

static enum zila_status
sink_write(struct sink *s, const void *data, size_t n, struct zila_err *err)
{
	const char *p = data;
	crypto_hash_sha256_update(&s->h, data, n);
	s->size += (long long)n;
	while (n) {
		ssize_t w = write(s->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return io_fail(err, N_("cannot write %s: %s"), s->tmp);
		p += w;
		n -= (size_t)w;
	}
	return ZILA_OK;
}

/* SHA-256 of a file's bytes as they are on disk now. */
static enum zila_status
hash_file(const char *path, char *hex, struct zila_err *err)
{
	unsigned char buf[65536], h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state state;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return io_fail(err, N_("cannot read %s: %s"), path);
	crypto_hash_sha256_init(&state);
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0)
		crypto_hash_sha256_update(&state, buf, (size_t)r);
	close(fd);
	if (r < 0)
		return io_fail(err, N_("cannot read %s: %s"), path);
	crypto_hash_sha256_final(&state, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
	return ZILA_OK;
}

/* Renames a whole, fsynced file whose hash was checked to its place in
 * the store (unless the same blob is there already: stored once), syncs
 * the folder and records the blob. The file is gone afterwards either way. */
static enum zila_status
store_checked(struct zila_db *db, const char *tmp, const char *sha256, long long size, struct zila_err *err)
{
	char final[4096], dir[4096], now[32];
	enum zila_status st;
	snprintf(dir, sizeof dir, "%s/%.2s", zila_db_blob_dir(db), sha256);
	if ((st = zila_blob_path(db, sha256, final, sizeof final, err)) || (st = make_dir(zila_db_blob_dir(db), err)) ||
	    (st = make_dir(dir, err))) {
		unlink(tmp);
		return st;
	}
	if (access(final, R_OK) == 0)
		unlink(tmp); /* stored once: the same bytes are there */
	else if (rename(tmp, final) != 0) {
		st = io_fail(err, N_("cannot store %s: %s"), final);
		unlink(tmp);
		return st;
	} else if ((st = fsync_dir(dir, err)))
		return st;
	zila_iso_time(zila_clock(), now, sizeof now);
	sqlite3_stmt *q = zila_db_stmt(db, "INSERT OR IGNORE INTO blob(sha256, size, stored_at) VALUES (?1, ?2, ?3)", err);
	if (!q)
		return ZILA_EDB;
	sqlite3_bind_text(q, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, size);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "blob", err);
}

/* fsync, read back against the hash, rename into place and record it. */
static enum zila_status
sink_finish(struct zila_db *db, struct sink *s, char *sha256, struct zila_err *err)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char again[65];
	enum zila_status st;
	crypto_hash_sha256_final(&s->h, h);
	sodium_bin2hex(sha256, 65, h, sizeof h);
	if (fsync(s->fd) != 0) {
		st = io_fail(err, N_("cannot sync %s: %s"), s->tmp);
		sink_abort(s);
		return st;
	}
	close(s->fd);
	s->fd = -1;
	if ((st = hash_file(s->tmp, again, err))) {
		sink_abort(s);
		return st;
	}
	if (strcmp(again, sha256) != 0) {
		sink_abort(s);
		return zila_fail(err, ZILA_EIO, "the stored copy of a blob does not match its hash: the disk may be failing");
	}
	return store_checked(db, s->tmp, sha256, s->size, err);
}

enum zila_status
zila_blob_partial_path(struct zila_db *db, const char *sha256, char *path, size_t n, struct zila_err *err)
{
	char dir[4096];
	if (!sha256 || !zila_is_sha256_hex(sha256))
		return zila_fail(err, ZILA_EINVAL, "sha256 must be 64 small hex digits");
	snprintf(dir, sizeof dir, "%s-partial", zila_db_blob_dir(db));
	enum zila_status st = make_dir(dir, err);
	if (st)
		return st;
	int w = snprintf(path, n, "%s/%s", dir, sha256);
	if (w < 0 || (size_t)w >= n)
		return zila_fail(err, ZILA_EIO, "blob path is too long");
	return ZILA_OK;
}

/* The partial file must sit in a folder beside the store (the same file
 * system), so the rename is atomic. */
enum zila_status
zila_blob_adopt(struct zila_db *db, const char *path, const char *sha256, struct zila_err *err)
{
	char have[65];
	struct stat sb;
	enum zila_status st;
	if (!zila_is_sha256_hex(sha256))
		return zila_fail(err, ZILA_EINVAL, "sha256 must be 64 small hex digits");
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return io_fail(err, N_("cannot read %s: %s"), path);
	int rc = fstat(fd, &sb) == 0 && fsync(fd) == 0 ? 0 : -1;
	close(fd);
	if (rc != 0)
		return io_fail(err, N_("cannot sync %s: %s"), path);
	if ((st = hash_file(path, have, err)))
		return st;
	if (strcmp(have, sha256) != 0) {
		unlink(path);
		return zila_fail(err, ZILA_EINVAL, "the bytes received do not match their SHA-256 (%.12s..., not %.12s...):"
			" they were discarded", have, sha256);
	}
	return store_checked(db, path, sha256, (long long)sb.st_size, err);
}

size_t
zila_blob_max_size(struct zila_db *db)
{
	char buf[32] = "";
	if (zila_meta_get(db, "attachment_max", buf, sizeof buf, NULL) != ZILA_OK || !buf[0])
		return ZILA_BLOB_MAX_DEFAULT;
	char *end;
	unsigned long long n = strtoull(buf, &end, 10);
	return *end || n == 0 ? ZILA_BLOB_MAX_DEFAULT : (size_t)n;
}

enum zila_status
zila_blob_put_mem(struct zila_db *db, const void *data, size_t n, char *sha256, struct zila_err *err)
{
	struct sink s = { .fd = -1 };
	enum zila_status st = sink_open(db, &s, err);
	if (st)
		return st;
	if ((st = sink_write(&s, data, n, err))) {
		sink_abort(&s);
		return st;
	}
	return sink_finish(db, &s, sha256, err);
}

static bool
has(const unsigned char *b, size_t n, size_t off, const char *magic, size_t len)
{
	return n >= off + len && memcmp(b + off, magic, len) == 0;
}

/* The type of a file from its first bytes, never its name (a clerk's
 * "photo.jpg" may be anything). */
static void
sniff(const unsigned char *b, size_t n, char *mime, char *kind)
{
	const char *m = "application/octet-stream", *k = "document";
	bool riff = has(b, n, 0, "RIFF", 4), ftyp = has(b, n, 4, "ftyp", 4);
	if (has(b, n, 0, "\xff\xd8\xff", 3))
		m = "image/jpeg", k = "photo";
	else if (has(b, n, 0, "\x89PNG\r\n\x1a\n", 8))
		m = "image/png", k = "photo";
	else if (has(b, n, 0, "GIF87a", 6) || has(b, n, 0, "GIF89a", 6))
		m = "image/gif", k = "photo";
	else if (riff && has(b, n, 8, "WEBP", 4))
		m = "image/webp", k = "photo";
	else if (riff && has(b, n, 8, "WAVE", 4))
		m = "audio/wav", k = "audio";
	else if (has(b, n, 0, "%PDF-", 5))
		m = "application/pdf";
	else if (ftyp && has(b, n, 8, "3gp", 3))
		m = "video/3gpp", k = "video";
	else if (ftyp && has(b, n, 8, "M4A ", 4))
		m = "audio/mp4", k = "audio";
	else if (ftyp)
		m = "video/mp4", k = "video";
	else if (has(b, n, 0, "\x1a\x45\xdf\xa3", 4))
		m = memmem(b, n, "webm", 4) ? "video/webm" : "video/x-matroska", k = "video";
	else if (has(b, n, 0, "OggS", 4))
		m = memmem(b, n, "\x80theora", 7) ? "video/ogg" : "audio/ogg", k = m[0] == 'v' ? "video" : "audio";
	else if (has(b, n, 0, "ID3", 3))
		m = "audio/mpeg", k = "audio";
	else if (n >= 2 && b[0] == 0xff && (b[1] & 0xe0) == 0xe0)
		/* an MPEG audio frame; layer bits 00 mean AAC in ADTS */
		m = (b[1] & 0x06) ? "audio/mpeg" : "audio/aac", k = "audio";
	else if (has(b, n, 0, "#!AMR-WB\n", 9))
		m = "audio/amr-wb", k = "audio";
	else if (has(b, n, 0, "#!AMR\n", 6))
		m = "audio/amr", k = "audio";
	else if (has(b, n, 0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		m = "application/msword";
	else if (has(b, n, 0, "PK\x03\x04", 4)) {
		if (has(b, n, 30, "mimetypeapplication/vnd.oasis.opendocument.text", 47))
			m = "application/vnd.oasis.opendocument.text";
		else if (memmem(b, n, "word/", 5))
			m = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		else
			m = "application/zip";
	}
	snprintf(mime, ZILA_BLOB_MIME_LEN, "%s", m);
	snprintf(kind, ZILA_BLOB_KIND_LEN, "%s", k);
}

/* Sizes for people: "31.5 MB (33030144 bytes)", or "21 bytes". */
static void
human_size(long long n, char *buf, size_t len)
{
	if (n >= 1024LL * 1024)
		snprintf(buf, len, "%.1f MB (%lld bytes)", (double)n / (1024 * 1024), n);
	else if (n >= 1024)
		snprintf(buf, len, "%.1f KB (%lld bytes)", (double)n / 1024, n);
	else
		snprintf(buf, len, "%lld bytes", n);
}

static enum zila_status
too_big(const char *path, long long size, size_t max, struct zila_err *err)
{
	char a[48], b[48];
	human_size(size, a, sizeof a);
	human_size((long long)max, b, sizeof b);
	return zila_fail(err, ZILA_EINVAL, "%s is %s; the limit is %s", path, a, b);
}

enum zila_status
zila_blob_put_file(struct zila_db *db, const char *path, size_t max_size, char *sha256, long long *size, char *mime,
	char *kind, struct zila_err *err)
{
	unsigned char buf[65536], head[SNIFF_BYTES];
	size_t head_len = 0;
	struct stat sb;
	struct sink s = { .fd = -1 };
	enum zila_status st;
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return zila_fail(err, ZILA_EINVAL, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return zila_fail(err, ZILA_EINVAL, "%s is not a file", path);
	}
	if ((unsigned long long)sb.st_size > max_size) {
		close(fd);
		return too_big(path, (long long)sb.st_size, max_size, err);
	}
	if ((st = sink_open(db, &s, err))) {
		close(fd);
		return st;
	}
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = zila_fail(err, ZILA_EIO, "cannot read %s: %s", path, strerror(errno));
			break;
		}
		if (head_len < sizeof head) {
			size_t take = (size_t)r < sizeof head - head_len ? (size_t)r : sizeof head - head_len;
			memcpy(head + head_len, buf, take);
			head_len += take;
		}
		if (s.size + r > (long long)max_size) { /* the file grew while we read it */
			st = too_big(path, s.size + r, max_size, err);
			break;
		}
		if ((st = sink_write(&s, buf, (size_t)r, err)))
			break;
	}
	close(fd);
	if (st) {
		sink_abort(&s);
		return st;
	}
	*size = s.size;
	if ((st = sink_finish(db, &s, sha256, err)))
		return st;
	sniff(head, head_len, mime, kind);
	return ZILA_OK;
}

void
zila_blob_sniff(const void *bytes, size_t n, char *mime, char *kind)
{
	sniff(bytes, n, mime, kind);
}
