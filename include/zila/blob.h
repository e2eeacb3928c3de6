/* blob.h: attachment bytes, stored once by SHA-256 under the database's
 * folder (<dir>/blobs/ab/abcdef...: the whole hash is the file name). A
 * blob is written to a temporary file, fsynced, checked against its hash
 * and renamed into place, so a crash or a full disk never leaves a half
 * blob under a real name. */
#ifndef ZILA_BLOB_H
#define ZILA_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "zila/db.h"

#define ZILA_BLOB_MAX_DEFAULT ((size_t)25 * 1024 * 1024)

/* Buffer sizes for zila_blob_put_file: the longest MIME type it names
 * (a .docx file's) has 71 characters. */
#define ZILA_BLOB_MIME_LEN 80
#define ZILA_BLOB_KIND_LEN 16

/* Copies a file into the store. Fills sha256 (65 bytes), *size, and
 * guesses mime (ZILA_BLOB_MIME_LEN bytes) and kind (ZILA_BLOB_KIND_LEN:
 * photo, video, audio, document) from the first bytes (not the name). Refuses files over max_size with a
 * message giving both sizes. Records the blob in the blob table. */
enum zila_status zila_blob_put_file(struct zila_db *db, const char *path, size_t max_size,
	char *sha256, long long *size, char *mime, char *kind, struct zila_err *err);
/* The same from memory (sync downloads, tests). */
enum zila_status zila_blob_put_mem(struct zila_db *db, const void *data, size_t n, char *sha256,
	struct zila_err *err);
bool zila_blob_present(struct zila_db *db, const char *sha256);
/* On the server: whether desk_id has shown it holds the blob (blob_grant:
 * it uploaded the bytes whole or downloaded them). An action may attach
 * only such a blob, so knowing another office's hash gives nothing. */
bool zila_blob_granted(struct zila_db *db, const char *sha256, const char *desk_id);
/* Records that desk_id holds the blob. */
enum zila_status zila_blob_grant(struct zila_db *db, const char *sha256, const char *desk_id, struct zila_err *err);
/* The file name of a stored blob (path holds 4096). */
enum zila_status zila_blob_path(struct zila_db *db, const char *sha256, char *path, size_t n, struct zila_err *err);

/* Partial uploads (zilad) and downloads (desks) grow in a folder beside
 * the store, <folder of the db>/blobs-partial/<whole hash>: never under a
 * real blob name. Makes the folder; path holds 4096. */
enum zila_status zila_blob_partial_path(struct zila_db *db, const char *sha256, char *path, size_t n,
	struct zila_err *err);
/* Takes a whole file at path (in the partial folder) into the store: it
 * is fsynced and its SHA-256 checked against sha256; a mismatch removes
 * the file and is ZILA_EINVAL; a match is renamed into place (or dropped
 * when the blob is there already) and recorded. */
enum zila_status zila_blob_adopt(struct zila_db *db, const char *path, const char *sha256, struct zila_err *err);
/* The type of a file from its first bytes (mime ZILA_BLOB_MIME_LEN,
 * kind ZILA_BLOB_KIND_LEN bytes), as zila_blob_put_file guesses it. */
void zila_blob_sniff(const void *bytes, size_t n, char *mime, char *kind);

/* The files waiting in an attachment inbox folder (zila.conf's
 * attachment_inbox: a scanner or a phone drops them there), newest first,
 * at most max (0: 200): objects {path, name, size, modified (ISO 8601 UTC),
 * mime, kind}. Hidden files, folders and files that cannot be read are
 * left out. A folder that cannot be read is ZILA_EIO, naming it. */
enum zila_status zila_blob_inbox(const char *dir, int max, json_t **files, struct zila_err *err);

/* The per-file limit of this database: meta attachment_max (bytes) when
 * set, else ZILA_BLOB_MAX_DEFAULT. */
size_t zila_blob_max_size(struct zila_db *db);

#endif
