/* test_blob.c: the attachment store: bytes stored once by their hash,
 * types known by their first bytes, the size limit, and no stray files. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include "testlib.h"
#include "zila/blob.h"
#include "zila/util.h"

/* Files in the blob folder whose names start with a dot (temporaries). */
static int
stray_files(struct fixture *f)
{
	DIR *d = opendir(zila_db_blob_dir(f->db));
	int n = 0;
	struct dirent *e;
	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
write_file(const char *path, const void *data, size_t n)
{
	FILE *out = fopen(path, "wb");
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(fwrite(data, 1, n, out), n);
	fclose(out);
}

START_TEST(store_once_by_hash)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sha[65], again[65], want[65], path[4096];
	const char data[] = "जनशिकायत: a scanned letter";
	fixture_open(&f);
	zila_sha256_hex(data, sizeof data - 1, want);
	ck_assert(!zila_blob_present(f.db, want));
	ck_assert_int_eq(zila_blob_put_mem(f.db, data, sizeof data - 1, sha, &err), ZILA_OK);
	ck_assert_str_eq(sha, want);
	ck_assert(zila_blob_present(f.db, sha));
	ck_assert_int_eq(zila_blob_path(f.db, sha, path, sizeof path, &err), ZILA_OK);
	char expect[4096];
	snprintf(expect, sizeof expect, "%s/blobs/%.2s/%s", f.dir, sha, sha);
	ck_assert_str_eq(path, expect);
	/* the stored bytes are the bytes */
	FILE *in = fopen(path, "rb");
	char back[128];
	size_t n = fread(back, 1, sizeof back, in);
	fclose(in);
	ck_assert_uint_eq(n, sizeof data - 1);
	ck_assert(memcmp(back, data, n) == 0);
	/* the same bytes again, from memory or from a file: one blob */
	ck_assert_int_eq(zila_blob_put_mem(f.db, data, sizeof data - 1, again, &err), ZILA_OK);
	ck_assert_str_eq(again, sha);
	char file[400], mime[ZILA_BLOB_MIME_LEN], kind[ZILA_BLOB_KIND_LEN];
	long long size;
	snprintf(file, sizeof file, "%s/letter.txt", f.dir);
	write_file(file, data, sizeof data - 1);
	ck_assert_int_eq(zila_blob_put_file(f.db, file, 1000, again, &size, mime, kind, &err), ZILA_OK);
	ck_assert_str_eq(again, sha);
	ck_assert_int_eq(size, (long long)(sizeof data - 1));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM blob"), 1);
	ck_assert_int_eq(query_int(&f, "SELECT size FROM blob"), (long long)(sizeof data - 1));
	ck_assert_int_eq(stray_files(&f), 0);
	/* an empty file is a blob too */
	ck_assert_int_eq(zila_blob_put_mem(f.db, "", 0, again, &err), ZILA_OK);
	ck_assert_str_eq(again, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	/* names that are not a hash never reach the file system */
	ck_assert_int_eq(zila_blob_path(f.db, "../../etc/passwd", path, sizeof path, &err), ZILA_EINVAL);
	ck_assert(!zila_blob_present(f.db, "../x"));
	ck_assert(!zila_blob_present(f.db, NULL));
	fixture_close(&f);
}
END_TEST

START_TEST(type_from_first_bytes)
{
#define B(s) s, sizeof(s) - 1
	static const struct {
		const char *bytes;
		size_t n;
		const char *mime, *kind;
	} cases[] = {
		{ B("\xff\xd8\xff\xe0\0\x10JFIF"), "image/jpeg", "photo" },
		{ B("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png", "photo" },
		{ B("GIF89a\x01\0"), "image/gif", "photo" },
		{ B("RIFF\x24\0\0\0WEBPVP8 "), "image/webp", "photo" },
		{ B("RIFF\x24\0\0\0WAVEfmt "), "audio/wav", "audio" },
		{ B("%PDF-1.7\n"), "application/pdf", "document" },
		{ B("\0\0\0\x20" "ftypisom\0\0\x02\0"), "video/mp4", "video" },
		{ B("\0\0\0\x18" "ftyp3gp4\0\0\0\0"), "video/3gpp", "video" },
		{ B("\0\0\0\x20" "ftypM4A \0\0\0\0"), "audio/mp4", "audio" },
		{ B("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm"), "video/webm", "video" },
		{ B("\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska"), "video/x-matroska", "video" },
		{ B("OggS\0\x02\0\0\0\0\0\0\0\0\x01\x13OpusHead"), "audio/ogg", "audio" },
		{ B("OggS\0\x02\0\0\0\0\0\0\0\0\x01\x2a\x80theora"), "video/ogg", "video" },
		{ B("ID3\x04\0\0\0\0\0\0"), "audio/mpeg", "audio" },
		{ B("\xff\xfb\x90\x64\0\0"), "audio/mpeg", "audio" },
		{ B("\xff\xf1\x50\x80\0\x1f"), "audio/aac", "audio" },
		{ B("#!AMR\n\x3c"), "audio/amr", "audio" },
		{ B("#!AMR-WB\n\x04"), "audio/amr-wb", "audio" },
		{ B("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0"), "application/msword", "document" },
		{ B("PK\x03\x04\x14\0\x06\0\x08\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x13\0[Content_Types].xmlPK\x03\x04word/document.xml"),
		  "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document" },
		{ B("PK\x03\x04\x0a\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x08\0\0\0mimetypeapplication/vnd.oasis.opendocument.text"),
		  "application/vnd.oasis.opendocument.text", "document" },
		{ B("PK\x03\x04\x0a\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x05\0\0\0a.txt"), "application/zip", "document" },
		{ B("plain words, named photo.jpg"), "application/octet-stream", "document" },
		{ B(""), "application/octet-stream", "document" },
	};
#undef B
	struct fixture f;
	struct zila_err err = { 0 };
	char file[400], sha[65], mime[ZILA_BLOB_MIME_LEN], kind[ZILA_BLOB_KIND_LEN];
	long long size;
	fixture_open(&f);
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		snprintf(file, sizeof file, "%s/photo%zu.jpg", f.dir, i); /* the name says nothing */
		write_file(file, cases[i].bytes, cases[i].n);
		ck_assert_msg(zila_blob_put_file(f.db, file, 1 << 20, sha, &size, mime, kind, &err) == ZILA_OK, "%s", err.msg);
		ck_assert_msg(strcmp(mime, cases[i].mime) == 0 && strcmp(kind, cases[i].kind) == 0,
			"case %zu: got %s %s, wanted %s %s", i, mime, kind, cases[i].mime, cases[i].kind);
		ck_assert_int_eq(size, (long long)cases[i].n);
	}
	fixture_close(&f);
}
END_TEST

START_TEST(size_limit_and_bad_files)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char file[400], sha[65], mime[ZILA_BLOB_MIME_LEN], kind[ZILA_BLOB_KIND_LEN];
	long long size;
	fixture_open(&f);
	char *big = zila_xcalloc(1, 3 * 1024 * 1024);
	snprintf(file, sizeof file, "%s/video.mp4", f.dir);
	write_file(file, big, 3 * 1024 * 1024);
	free(big);
	ck_assert_int_eq(zila_blob_put_file(f.db, file, 2 * 1024 * 1024, sha, &size, mime, kind, &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, "video.mp4 is 3.0 MB (3145728 bytes); the limit is 2.0 MB (2097152 bytes)"), "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM blob"), 0);
	ck_assert_int_eq(stray_files(&f), 0);
	/* exactly the limit is allowed */
	ck_assert_int_eq(zila_blob_put_file(f.db, file, 3 * 1024 * 1024, sha, &size, mime, kind, &err), ZILA_OK);
	ck_assert_int_eq(size, 3 * 1024 * 1024);
	snprintf(file, sizeof file, "%s/none.jpg", f.dir);
	ck_assert_int_eq(zila_blob_put_file(f.db, file, 100, sha, &size, mime, kind, &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, "cannot open") && strstr(err.msg, "none.jpg"), "%s", err.msg);
	ck_assert_int_eq(zila_blob_put_file(f.db, f.dir, 100, sha, &size, mime, kind, &err), ZILA_EINVAL);
	ck_assert_msg(strstr(err.msg, "is not a file"), "%s", err.msg);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM blob"), 1);
	fixture_close(&f);
}
END_TEST

/* The attachment inbox: files only, newest first, typed by their bytes;
 * a folder that is not there is named. */
START_TEST(inbox_newest_first)
{
	char dir[] = "/tmp/zila-inbox.XXXXXX", p[4096];
	struct zila_err err = { 0 };
	json_t *files = NULL;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	const char *names[] = { "old.pdf", "new.jpg", ".partial" };
	const char *bytes[] = { "%PDF-1.4 x", "\xff\xd8\xff\xe0 x", "x" };
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		FILE *f = fopen(p, "w");
		ck_assert_ptr_nonnull(f);
		fputs(bytes[i], f);
		fclose(f);
		struct timespec t[2] = { { 1700000000 + i * 60, 0 }, { 1700000000 + i * 60, 0 } };
		ck_assert_int_eq(utimensat(AT_FDCWD, p, t, 0), 0);
	}
	snprintf(p, sizeof p, "%s/folder", dir);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	ck_assert_int_eq(zila_blob_inbox(dir, 0, &files, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(files), 2);
	json_t *a = json_array_get(files, 0), *b = json_array_get(files, 1);
	ck_assert_str_eq(json_string_value(json_object_get(a, "name")), "new.jpg");
	ck_assert_str_eq(json_string_value(json_object_get(a, "kind")), "photo");
	ck_assert_str_eq(json_string_value(json_object_get(b, "mime")), "application/pdf");
	ck_assert_int_eq(json_integer_value(json_object_get(b, "size")), 10);
	json_decref(files);
	ck_assert_int_eq(zila_blob_inbox(dir, 1, &files, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(files), 1);
	json_decref(files);
	snprintf(p, sizeof p, "%s/missing", dir);
	ck_assert_int_eq(zila_blob_inbox(p, 0, &files, &err), ZILA_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "missing"));
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

Suite *
blob_suite(void)
{
	Suite *s = suite_create("blob");
	TCase *tc = tcase_create("store");
	tcase_add_test(tc, store_once_by_hash);
	tcase_add_test(tc, type_from_first_bytes);
	tcase_add_test(tc, size_limit_and_bad_files);
	tcase_add_test(tc, inbox_newest_first);
	suite_add_tcase(s, tc);
	return s;
}
