/* test_blobsync.c: attachment bytes on zilad without a socket: chunks
 * appended at the server's offset, a wrong offset corrected, a damaged
 * chunk refused, the whole hash checked before a blob is kept (a mismatch
 * starts over), names checked before any path, the size cap, downloads
 * only for the office that sees the grievance; and the desk's limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testlib.h"
#include "zila/blob.h"
#include "zila/util.h"
#include "../../src/server/zilad.h"

#define SIZE (600 * 1024)
#define MAX (1u << 20)

/* the desk that uploads */
static const struct zilad_desk up = { .id = "desk-up", .code = "09" };

static unsigned char *
random_bytes(size_t n, unsigned seed)
{
	unsigned char *b = malloc(n);
	srand(seed);
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)rand();
	return b;
}

static bool
exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

START_TEST(upload_resumes_at_the_server_offset)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sha[65], csum[65], path[4096];
	long long off;
	bool complete;
	fixture_open(&f);
	unsigned char *data = random_bytes(SIZE, 1);
	zila_sha256_hex(data, SIZE, sha);
	ck_assert_int_eq(zilad_blob_state(f.db, &up, sha, &off, &complete, &err), 404);
	/* the first chunk */
	zila_sha256_hex(data, 256 * 1024, csum);
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 0, SIZE, data, 256 * 1024, csum, MAX, &off, &complete, &err), 200);
	ck_assert_int_eq(off, 256 * 1024);
	ck_assert(!complete);
	ck_assert_int_eq(zilad_blob_state(f.db, &up, sha, &off, &complete, &err), 200);
	ck_assert_int_eq(off, 256 * 1024);
	/* a wrong offset: 409 naming the right one, nothing written */
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 100, SIZE, data + 100, 1000, NULL, MAX, &off, &complete, &err), 409);
	ck_assert_int_eq(off, 256 * 1024);
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 0, SIZE, data, 1000, NULL, MAX, &off, &complete, &err), 409);
	ck_assert_int_eq(off, 256 * 1024);
	/* a damaged chunk: refused by its own hash, not kept */
	unsigned char *bad = malloc(256 * 1024);
	memcpy(bad, data + 256 * 1024, 256 * 1024);
	zila_sha256_hex(bad, 256 * 1024, csum);
	bad[5000] ^= 1;
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 256 * 1024, SIZE, bad, 256 * 1024, csum, MAX, &off, &complete, &err), 422);
	ck_assert_int_eq(zilad_blob_state(f.db, &up, sha, &off, &complete, &err), 200);
	ck_assert_int_eq(off, 256 * 1024);
	/* a chunk past the length declared */
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 256 * 1024, SIZE, data, SIZE, NULL, MAX, &off, &complete, &err), 400);
	/* the rest: whole, checked, stored */
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 256 * 1024, SIZE, data + 256 * 1024, SIZE - 256 * 1024, NULL, MAX,
		&off, &complete, &err), 200);
	ck_assert(complete);
	ck_assert_int_eq(off, SIZE);
	ck_assert(zila_blob_present(f.db, sha));
	ck_assert_int_eq(zila_blob_path(f.db, sha, path, sizeof path, &err), ZILA_OK);
	FILE *in = fopen(path, "rb");
	unsigned char *back = malloc(SIZE + 1);
	ck_assert_uint_eq(fread(back, 1, SIZE + 1, in), SIZE);
	fclose(in);
	ck_assert(memcmp(back, data, SIZE) == 0);
	ck_assert_int_eq(zila_blob_partial_path(f.db, sha, path, sizeof path, &err), ZILA_OK);
	strcat(path, ".09"); /* the uploading desk's own partial */
	ck_assert(!exists(path));
	/* sent again, by anyone: stored once */
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 0, SIZE, data, 1000, NULL, MAX, &off, &complete, &err), 200);
	ck_assert(complete);
	ck_assert_int_eq(off, SIZE);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM blob"), 1);
	free(back);
	free(bad);
	free(data);
	fixture_close(&f);
}
END_TEST

START_TEST(a_mismatch_starts_over)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sha[65], path[4096];
	long long off;
	bool complete;
	fixture_open(&f);
	unsigned char *data = random_bytes(4000, 2);
	zila_sha256_hex("something else", 14, sha);
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 0, 4000, data, 3000, NULL, MAX, &off, &complete, &err), 200);
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 3000, 4000, data + 3000, 1000, NULL, MAX, &off, &complete, &err), 422);
	ck_assert(!complete);
	ck_assert_msg(strstr(err.msg, "do not match") != NULL, "%s", err.msg);
	ck_assert_int_eq(zilad_blob_state(f.db, &up, sha, &off, &complete, &err), 404);
	ck_assert(!zila_blob_present(f.db, sha));
	ck_assert_int_eq(zila_blob_partial_path(f.db, sha, path, sizeof path, &err), ZILA_OK);
	strcat(path, ".09"); /* the uploading desk's own partial */
	ck_assert(!exists(path));
	ck_assert_int_eq(zila_blob_path(f.db, sha, path, sizeof path, &err), ZILA_OK);
	ck_assert(!exists(path));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM blob"), 0);
	/* the right bytes under the right name afterwards are taken */
	zila_sha256_hex(data, 4000, sha);
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 0, 4000, data, 4000, NULL, MAX, &off, &complete, &err), 200);
	ck_assert(complete);
	free(data);
	fixture_close(&f);
}
END_TEST

START_TEST(names_and_sizes_are_checked)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sha[65], path[4096], mime[80];
	long long off;
	bool complete;
	struct zilad_desk desk = { .id = "x", .code = "01" };
	fixture_open(&f);
	char *before = db_digest(&f);
	const char *bad[] = { "../../etc/passwd", "", "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde/" };
	for (size_t i = 0; i < ZILA_ARRAY_LEN(bad); i++) {
		ck_assert_int_eq(zilad_blob_state(f.db, &up, bad[i], &off, &complete, &err), 400);
		ck_assert_int_eq(zilad_blob_append(f.db, &up, bad[i], 0, 1, "x", 1, NULL, MAX, &off, &complete, &err), 400);
		ck_assert_int_eq(zilad_blob_readable(f.db, &desk, bad[i], path, sizeof path, mime, sizeof mime, &err), 400);
	}
	zila_sha256_hex("x", 1, sha);
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 0, MAX + 1, "x", 1, NULL, MAX, &off, &complete, &err), 413);
	ck_assert_int_eq(zilad_blob_state(f.db, &up, sha, &off, &complete, &err), 404);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	fixture_close(&f);
}
END_TEST

START_TEST(downloads_follow_the_office)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sha[65], other[65], path[4096], mime[80] = "";
	const char png[] = "\x89PNG\r\n\x1a\n a photo of the broken hand pump";
	fixture_open(&f);
	ck_assert_int_eq(zila_blob_put_mem(f.db, png, sizeof png - 1, sha, &err), ZILA_OK);
	ck_assert_int_eq(zila_blob_put_mem(f.db, "loose", 5, other, &err), ZILA_OK);
	json_t *args = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:i}]}", "citizen_name", "Asha", "description", "pump",
		"category", "LAND", "attachments", "sha256", sha, "name", "pump.png", "mime", "image/png", "size",
		(int)sizeof png - 1);
	ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	struct zilad_desk rev = { .id = "r", .code = "02" }, pwd = { .id = "p", .code = "03" }, all = { .id = "c", .code = "01" };
	snprintf(rev.department_id, sizeof rev.department_id, "%s", f.rev_officer.department_id);
	snprintf(pwd.department_id, sizeof pwd.department_id, "%s", f.pwd_officer.department_id);
	ck_assert_int_eq(zilad_blob_readable(f.db, &rev, sha, path, sizeof path, mime, sizeof mime, &err), 200);
	ck_assert_str_eq(mime, "image/png");
	ck_assert_int_eq(zilad_blob_readable(f.db, &all, sha, path, sizeof path, mime, sizeof mime, &err), 200);
	ck_assert_int_eq(zilad_blob_readable(f.db, &pwd, sha, path, sizeof path, mime, sizeof mime, &err), 404);
	/* stored, but no attachment names it */
	ck_assert_int_eq(zilad_blob_readable(f.db, &all, other, path, sizeof path, mime, sizeof mime, &err), 404);
	fixture_close(&f);
}
END_TEST

START_TEST(the_desk_limit_and_adopt)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sha[65], path[4096];
	fixture_open(&f);
	ck_assert_uint_eq(zila_blob_max_size(f.db), ZILA_BLOB_MAX_DEFAULT);
	ck_assert_int_eq(zila_meta_set(f.db, "attachment_max", "1000", &err), ZILA_OK);
	ck_assert_uint_eq(zila_blob_max_size(f.db), 1000);
	ck_assert_int_eq(zila_meta_set(f.db, "attachment_max", "lots", &err), ZILA_OK);
	ck_assert_uint_eq(zila_blob_max_size(f.db), ZILA_BLOB_MAX_DEFAULT);
	/* a downloaded file whose bytes do not match is removed, never stored */
	zila_sha256_hex("expected", 8, sha);
	ck_assert_int_eq(zila_blob_partial_path(f.db, sha, path, sizeof path, &err), ZILA_OK);
	FILE *out = fopen(path, "wb");
	fputs("received", out);
	fclose(out);
	ck_assert_int_eq(zila_blob_adopt(f.db, path, sha, &err), ZILA_EINVAL);
	ck_assert(!exists(path));
	ck_assert(!zila_blob_present(f.db, sha));
	out = fopen(path, "wb");
	fputs("expected", out);
	fclose(out);
	ck_assert_int_eq(zila_blob_adopt(f.db, path, sha, &err), ZILA_OK);
	ck_assert(zila_blob_present(f.db, sha));
	ck_assert(!exists(path));
	fixture_close(&f);
}
END_TEST

/* Range headers, each against a blob of 1000 bytes (and of 0): 206 with
 * the span, 416 for anything malformed, unsatisfiable or several ranges
 * that do not join into one. */
START_TEST(range_headers)
{
	static const struct { const char *v; long long size; enum zilad_range want; long long from, to; } cases[] = {
		{ NULL, 1000, ZILAD_RANGE_WHOLE, 0, 0 },
		{ "bytes=0-99", 1000, ZILAD_RANGE_PART, 0, 99 },
		{ "bytes=500-", 1000, ZILAD_RANGE_PART, 500, 999 },
		{ "bytes=990-5000", 1000, ZILAD_RANGE_PART, 990, 999 },
		{ "bytes=-100", 1000, ZILAD_RANGE_PART, 900, 999 },
		{ "bytes=-5000", 1000, ZILAD_RANGE_PART, 0, 999 },
		{ "BYTES=1-1", 1000, ZILAD_RANGE_PART, 1, 1 },
		{ "bytes= 0-9 , 10-19", 1000, ZILAD_RANGE_PART, 0, 19 },
		{ "bytes=0-9,5-30,31-40", 1000, ZILAD_RANGE_PART, 0, 40 },
		{ "bytes=0-0,2000-3000", 1000, ZILAD_RANGE_PART, 0, 0 },
		{ "bytes=0-9,20-29", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=0-1,-1", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=1000-", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=-0", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=0-", 0, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=-1", 0, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=5-3", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=-", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=,", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=0-9,", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=abc", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=1-2-3", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=+1-2", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=0x10-20", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=99999999999999999999-", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=0-99999999999999999999", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=1 2-3", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "items=0-9", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes 0-9", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "", 1000, ZILAD_RANGE_BAD, 0, 0 },
		{ "bytes=0-1,1-2,2-3,3-4,4-5,5-6,6-7,7-8,8-9,9-10,10-11,11-12,12-13,13-14,14-15,15-16,16-17", 1000,
			ZILAD_RANGE_BAD, 0, 0 },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		long long from = -1, to = -1;
		enum zilad_range got = zilad_range_parse(cases[i].v, cases[i].size, &from, &to);
		ck_assert_msg(got == cases[i].want, "%s: %d, wanted %d", cases[i].v ? cases[i].v : "(none)", got, cases[i].want);
		if (got == ZILAD_RANGE_PART)
			ck_assert_msg(from == cases[i].from && to == cases[i].to, "%s: %lld-%lld, wanted %lld-%lld", cases[i].v,
				from, to, cases[i].from, cases[i].to);
	}
}
END_TEST

/* A blob stored for one desk is nothing to another that only knows its
 * hash: HEAD says 404, a PATCH of the last byte is not "complete", and
 * only the whole bytes, sent by that desk, make it the desk's. */
START_TEST(knowing_a_hash_is_not_holding_the_blob)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char sha[65], path[4096], mime[80];
	long long off;
	bool complete;
	const struct zilad_desk other = { .id = "desk-other", .code = "05" };
	fixture_open(&f);
	unsigned char *data = random_bytes(4000, 3);
	zila_sha256_hex(data, 4000, sha);
	ck_assert_int_eq(zilad_blob_append(f.db, &up, sha, 0, 4000, data, 4000, NULL, MAX, &off, &complete, &err), 200);
	ck_assert(complete);
	ck_assert_int_eq(zilad_blob_state(f.db, &up, sha, &off, &complete, &err), 200);
	ck_assert(complete);
	ck_assert_int_eq(zilad_blob_state(f.db, &other, sha, &off, &complete, &err), 404);
	ck_assert_int_eq(zilad_blob_readable(f.db, &other, sha, path, sizeof path, mime, sizeof mime, &err), 404);
	ck_assert(!zila_blob_granted(f.db, sha, other.id));
	/* a claimed last chunk with wrong bytes is refused, and grants nothing */
	ck_assert_int_eq(zilad_blob_append(f.db, &other, sha, 0, 4000, "x", 1, NULL, MAX, &off, &complete, &err), 200);
	ck_assert(!complete);
	ck_assert_int_eq(zilad_blob_append(f.db, &other, sha, 1, 4000, data + 1, 3999, NULL, MAX, &off, &complete, &err), 422);
	ck_assert(!zila_blob_granted(f.db, sha, other.id));
	/* the whole bytes do */
	ck_assert_int_eq(zilad_blob_append(f.db, &other, sha, 0, 4000, data, 4000, NULL, MAX, &off, &complete, &err), 200);
	ck_assert(complete);
	ck_assert(zila_blob_granted(f.db, sha, other.id));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM blob"), 1);
	free(data);
	fixture_close(&f);
}
END_TEST

Suite *
blobsync_suite(void)
{
	Suite *s = suite_create("blobsync");
	TCase *tc = tcase_create("blobsync");
	tcase_add_test(tc, upload_resumes_at_the_server_offset);
	tcase_add_test(tc, a_mismatch_starts_over);
	tcase_add_test(tc, names_and_sizes_are_checked);
	tcase_add_test(tc, downloads_follow_the_office);
	tcase_add_test(tc, the_desk_limit_and_adopt);
	tcase_add_test(tc, range_headers);
	tcase_add_test(tc, knowing_a_hash_is_not_holding_the_blob);
	suite_add_tcase(s, tc);
	return s;
}
