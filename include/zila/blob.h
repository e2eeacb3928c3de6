/* blob.h: attachment bytes, stored once by SHA-256 under the database's
 * folder (<dir>/blobs/ab/abcdef...: the whole hash is the file name). A
 * blob is written to a temporary file, fsynced, checked against its hash
 * and renamed into place, so a crash or a full disk never leaves a half
 * blob under a real name. */
#ifndef ZILA_BLOB_H
#define ZILA_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include "zila/db.h"

#define ZILA_BLOB_MAX_DEFAULT (25 * 1024 * 1024)

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
/* The file name of a stored blob (path holds 4096). */
enum zila_status zila_blob_path(struct zila_db *db, const char *sha256, char *path, size_t n, struct zila_err *err);

#endif
