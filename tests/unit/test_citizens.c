/* test_citizens.c: the citizens' side of zilad without a socket (issue
 * 12): XML escaping of Open311 answers, form parsing, privacy of GET
 * requests by category, the message trigger (one per event, none without
 * a mobile) and its texts in both languages, POST requests with a
 * multipart body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zila/grievance.h"
#include "zila/master.h"
#include "zila/util.h"
#include "../../src/server/zilad.h"

/* run_action, taking the arguments (json_pack'ed in place) */
static enum zila_status
run_owned(struct fixture *f, const struct zila_actor *who, const char *action, json_t *args, json_t **result,
	struct zila_err *err)
{
	enum zila_status st = run_action(f, who, action, args, result, err);
	json_decref(args);
	return st;
}

static char *
reg(struct fixture *f, json_t *args)
{
	struct zila_err err = { 0 };
	json_t *res = NULL;
	ck_assert_msg(run_action(f, &f->clerk, "grievance.register", args, &res, &err) == ZILA_OK, "%s", err.msg);
	char *n = zila_xstrdup(json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
	return n;
}

/* Runs an Open311 request; the answer's body is returned (caller frees). */
static char *
o311(struct fixture *f, const char *method, const char *path, json_t *args, const char *ctype, const char *body,
	int *status)
{
	struct zilad_o311_out out;
	struct zilad_o311_in in = { method, path, args, "127.0.0.1", NULL, body ? body : "", body ? strlen(body) : 0,
		ctype, 3, 1 << 20, "", "", NULL };
	zilad_open311(f->db, &in, &out);
	*status = out.status;
	return out.body;
}

START_TEST(xml_escapes_text)
{
	json_t *v = json_pack("[{s:i, s:s}]", "code", 400, "description", "a<b & \"c\" 'd'");
	char *x = zilad_o311_xml("errors", v);
	ck_assert_str_eq(x, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<errors><error><code>400</code>"
		"<description>a&lt;b &amp; \"c\" 'd'</description></error></errors>\n");
	free(x);
	json_decref(v);
}
END_TEST

START_TEST(form_parse_decodes_and_refuses)
{
	json_t *o = json_object();
	const char *body = "a=1&b=%E0%A4%B9+x&a=2&&c";
	ck_assert(zilad_form_parse(body, strlen(body), o));
	ck_assert_str_eq(json_string_value(json_object_get(o, "a")), "1");
	ck_assert_str_eq(json_string_value(json_object_get(o, "b")), "ह x");
	ck_assert_str_eq(json_string_value(json_object_get(o, "c")), "");
	json_decref(o);
	o = json_object();
	ck_assert(!zilad_form_parse("a=%FF", 5, o));        /* not UTF-8 */
	ck_assert(!zilad_form_parse("a=x%00y", 7, o));      /* a NUL inside */
	json_decref(o);
	o = json_object();
	char many[200] = "";
	for (int i = 0; i < 17; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "f%d=1&", i);
	ck_assert(!zilad_form_parse(many, strlen(many), o));
	json_decref(o);
}
END_TEST

START_TEST(requests_hide_personal_fields)
{
	struct fixture f;
	struct zila_err err = { 0 };
	int status;
	fixture_server_open(&f);
	char *n = reg(&f, json_pack("{s:s, s:s, s:s, s:s, s:s}", "citizen_name", "Asha Devi", "mobile", "9876543210",
		"address", "House 12", "description", "Handpump broken", "category", "WATER"));
	char path[80];
	snprintf(path, sizeof path, "v2/requests/%s.json", n);
	json_t *args = json_object();
	char *body = o311(&f, "GET", path, args, NULL, NULL, &status);
	ck_assert_int_eq(status, 200);
	ck_assert_ptr_null(strstr(body, "Asha"));
	ck_assert_ptr_null(strstr(body, "9876543210"));
	ck_assert_ptr_null(strstr(body, "House 12"));
	ck_assert_ptr_null(strstr(body, "Handpump")); /* not a public category */
	free(body);
	ck_assert_int_eq(run_owned(&f, &f.admin, "master.category", json_pack("{s:s, s:s, s:s, s:i, s:b}", "code", "WATER",
		"name_en", "Drinking water", "department", "PHED", "days", 7, "public", 1), NULL, &err), ZILA_OK);
	body = o311(&f, "GET", path, args, NULL, NULL, &status);
	ck_assert_ptr_nonnull(strstr(body, "\"description\":\"Handpump broken\""));
	ck_assert_ptr_null(strstr(body, "Asha"));
	free(body);
	json_object_set_new(args, "start_date", json_string("2026-13-01"));
	body = o311(&f, "GET", "v2/requests.xml", args, NULL, NULL, &status);
	ck_assert_int_eq(status, 400);
	ck_assert_ptr_nonnull(strstr(body, "<errors><error><code>400</code>"));
	free(body);
	json_decref(args);
	free(n);
	fixture_close(&f);
}
END_TEST

START_TEST(one_message_per_event_in_the_citizens_language)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char mobile[16], text[1024];
	fixture_server_open(&f);
	char *hi = reg(&f, json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "mobile", "+91 98765 43210",
		"description", "d", "category", "LAND"));
	char *en = reg(&f, json_pack("{s:s, s:s, s:s, s:s, s:s}", "citizen_name", "B", "mobile", "9123456780",
		"description", "d", "category", "LAND", "lang", "en"));
	char *none = reg(&f, json_pack("{s:s, s:s, s:s}", "citizen_name", "C", "description", "d", "category", "LAND"));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM citizen_message"), 2);
	long long id = query_int(&f, "SELECT min(id) FROM citizen_message");
	ck_assert_int_eq(zilad_notify_text(f.db, id, "", mobile, sizeof mobile, text, sizeof text, &err), ZILA_OK);
	ck_assert_str_eq(mobile, "9876543210");
	ck_assert_msg(strstr(text, "राजस्व में दर्ज हुई") != NULL, "%s", text);
	ck_assert_int_eq(zilad_notify_text(f.db, id + 1, "https://x/status", mobile, sizeof mobile, text, sizeof text,
		&err), ZILA_OK);
	ck_assert_msg(strstr(text, "is registered with Revenue. Reply due by 20-12-2026. Status: https://x/status"), "%s", text);
	ck_assert_int_eq(run_owned(&f, &f.rev_officer, "grievance.dispose", json_pack("{s:s, s:s}", "grievance", en,
		"reply", "done"), NULL, &err), ZILA_OK);
	ck_assert_int_eq(run_owned(&f, &f.rev_officer, "grievance.note", json_pack("{s:s, s:s}", "grievance", hi,
		"note", "a note is not told"), NULL, &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM citizen_message"), 3);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM citizen_message WHERE kind = 'disposed'"), 1);
	/* the trigger again (a newer zilad's check) queues nothing twice */
	ck_assert_int_eq(zilad_store_check(f.db, &err), ZILA_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*), count(DISTINCT event_id) FROM citizen_message"), 3);
	free(hi);
	free(en);
	free(none);
	fixture_close(&f);
}
END_TEST

START_TEST(post_multipart_files_a_grievance)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char key[64];
	int status;
	fixture_server_open(&f);
	ck_assert_int_eq(zilad_app_add(f.db, "app", key, sizeof key, &err), ZILA_OK);
	json_t *args = json_pack("{s:s}", "api_key", key);
	const char *ct = "multipart/form-data; boundary=XyZ";
	const char *body = "--XyZ\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\nROAD\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nसड़क टूटी\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"phone\"\r\n\r\n9876543210\r\n--XyZ--\r\n";
	char *out = o311(&f, "POST", "v2/requests.json", args, ct, body, &status);
	ck_assert_msg(status == 201, "%d %s", status, out);
	ck_assert_ptr_nonnull(strstr(out, "\"service_request_id\":\"DRG/G/"));
	free(out);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance g JOIN department d ON d.id = g.department_id"
		" WHERE g.channel = 'web' AND d.code = 'PWD' AND g.description = 'सड़क टूटी'"), 1);
	const char *bad = "--XyZ\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\nROAD";
	out = o311(&f, "POST", "v2/requests.json", args, ct, bad, &status);
	ck_assert_int_eq(status, 400);
	free(out);
	json_object_del(args, "api_key");
	out = o311(&f, "POST", "v2/requests.json", args, ct, body, &status);
	ck_assert_int_eq(status, 403);
	free(out);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance"), 1);
	json_decref(args);
	fixture_close(&f);
}
END_TEST

/* A request without a service_code is held with a token (GeoReport v2),
 * listed for the Collectorate, and registered by a clerk in the category
 * they choose; the token then names the grievance; a second registration
 * and an unknown request are refused without a change. */
START_TEST(post_without_category_is_held_for_a_clerk)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char key[64], tok[40];
	int status;
	fixture_server_open(&f);
	ck_assert_int_eq(zilad_app_add(f.db, "app", key, sizeof key, &err), ZILA_OK);
	json_t *args = json_pack("{s:s}", "api_key", key);
	char *out = o311(&f, "POST", "v2/requests.json", args, "application/x-www-form-urlencoded",
		"description=%E0%A4%B8%E0%A4%A1%E0%A4%BC%E0%A4%95+road+broken&phone=9876543210&first_name=Meena", &status);
	ck_assert_msg(status == 201, "%d %s", status, out);
	ck_assert_msg(strstr(out, "\"token\"") && !strstr(out, "service_request_id"), "%s", out);
	json_t *j = json_loads(out, 0, NULL);
	snprintf(tok, sizeof tok, "%s", json_string_value(json_object_get(json_array_get(j, 0), "token")));
	json_decref(j);
	free(out);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance"), 0);
	json_t *rows = NULL;
	ck_assert_int_eq(zila_held_list(f.db, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "id")), tok);
	ck_assert(json_is_array(json_object_get(json_array_get(rows, 0), "suggested")));
	json_decref(rows);
	char path[80];
	snprintf(path, sizeof path, "v2/tokens/%s.json", tok);
	out = o311(&f, "GET", path, args, NULL, NULL, &status);
	ck_assert_msg(status == 200 && !strstr(out, "service_request_id"), "%d %s", status, out);
	free(out);
	json_t *res = NULL;
	ck_assert_msg(run_owned(&f, &f.clerk, "request.register", json_pack("{s:s, s:s}", "request", tok, "category", "LAND"),
		&res, &err) == ZILA_OK, "%s", err.msg);
	char number[40];
	snprintf(number, sizeof number, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance g JOIN department d ON d.id = g.department_id"
		" WHERE g.channel = 'web' AND d.code = 'REV' AND g.citizen_name = 'Meena' AND g.mobile = '9876543210'"), 1);
	out = o311(&f, "GET", path, args, NULL, NULL, &status);
	ck_assert_msg(status == 200 && strstr(out, number), "%d %s", status, out);
	free(out);
	char *before = db_digest(&f);
	ck_assert_int_eq(run_owned(&f, &f.clerk, "request.register", json_pack("{s:s, s:s}", "request", tok, "category", "ROAD"),
		NULL, &err), ZILA_ESTATE);
	ck_assert_msg(strstr(err.msg, number), "%s", err.msg);
	ck_assert_int_eq(run_owned(&f, &f.clerk, "request.register", json_pack("{s:s, s:s}", "request", "nope", "category",
		"ROAD"), NULL, &err), ZILA_ENOTFOUND);
	ck_assert_int_eq(run_owned(&f, &f.rev_officer, "request.register", json_pack("{s:s, s:s}", "request", tok,
		"category", "ROAD"), NULL, &err), ZILA_EDENIED);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	ck_assert_int_eq(zila_held_list(f.db, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 0);
	json_decref(rows);
	json_decref(args);
	fixture_close(&f);
}
END_TEST

/* A multipart body of text parts and, when photo is not NULL, one file
 * "media" (its bytes may hold NULs); *len its length. */
static char *
multipart(const char *const *kv, const void *photo, size_t photo_len, size_t *len)
{
	char *buf = zila_xmalloc(8192 + photo_len);
	size_t n = 0;
	for (; kv[0]; kv += 2)
		n += (size_t)sprintf(buf + n, "--XyZ\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", kv[0], kv[1]);
	if (photo) {
		n += (size_t)sprintf(buf + n, "--XyZ\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.jpg\"\r\n"
			"Content-Type: image/jpeg\r\n\r\n");
		memcpy(buf + n, photo, photo_len);
		n += photo_len;
		n += (size_t)sprintf(buf + n, "\r\n");
	}
	n += (size_t)sprintf(buf + n, "--XyZ--\r\n");
	*len = n;
	return buf;
}

static char *
file_page(struct fixture *f, const char *method, const char *body, size_t len, int *status)
{
	struct zilad_page_out out;
	struct zilad_file_in in = { method, body, len, "multipart/form-data; boundary=XyZ", NULL, "127.0.0.1", NULL, 0, false,
		1 << 20, { 3, 1 << 20, "", "", NULL, NULL, NULL } };
	zilad_file_page(f->db, &in, &out);
	*status = out.status;
	char *page = zila_xmalloc(out.len + 1);
	memcpy(page, out.body, out.len);
	page[out.len] = '\0';
	free(out.body);
	return page;
}

/* The status page's form for filing (/status/new) files through
 * Open311's own path: a photo is kept as the attachment, a file that is
 * not a photo is refused with the form given back escaped and nothing
 * written, "I don't know" holds the request, and the status page knows the
 * held request's reference with its mobile. */
START_TEST(file_page_files_refuses_and_holds)
{
	struct fixture f;
	int status;
	size_t len;
	fixture_server_open(&f);
	char *page = file_page(&f, "GET", NULL, 0, &status);
	ck_assert_int_eq(status, 200);
	ck_assert_msg(strstr(page, "पता नहीं") && strstr(page, "<option value=\"ROAD\">"), "%s", page);
	free(page);
	static const unsigned char jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1, 0, 0, 0xff, 0xd9 };
	const char *ok[] = { "lang", "en", "first_name", "Asha", "phone", "98765 43210", "service_code", "ROAD",
		"description", "Road broken", NULL };
	char *body = multipart(ok, jpeg, sizeof jpeg, &len);
	page = file_page(&f, "POST", body, len, &status);
	ck_assert_msg(status == 200 && strstr(page, "Its number:") && strstr(page, "DRG/G/"), "%d %s", status, page);
	free(page);
	free(body);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance g JOIN grievance_attachment a ON a.grievance_id = g.id"
		" JOIN department d ON d.id = g.department_id WHERE g.channel = 'web' AND d.code = 'PWD' AND a.kind = 'photo'"
		" AND a.size = 16 AND g.mobile = '9876543210'"), 1);

	char *before = db_digest(&f);
	const char *bad[] = { "lang", "en", "first_name", "<b>\"x\"", "phone", "9876543210", "service_code", "ROAD",
		"description", "Road", NULL };
	body = multipart(bad, "%PDF-1.4\n", 9, &len);
	page = file_page(&f, "POST", body, len, &status);
	ck_assert_msg(status == 415 && strstr(page, "not a photo") && strstr(page, "value=\"&lt;b&gt;&quot;x&quot;\"")
		&& !strstr(page, "<b>"), "%d %s", status, page);
	free(page);
	free(body);
	const char *nodesc[] = { "lang", "hi", "first_name", "Asha", "phone", "9876543210", "service_code", "ROAD", NULL };
	body = multipart(nodesc, NULL, 0, &len);
	page = file_page(&f, "POST", body, len, &status);
	ck_assert_msg(status == 400 && strstr(page, "अपनी शिकायत लिखें।"), "%d %s", status, page);
	free(page);
	free(body);
	char *after = db_digest(&f);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);

	const char *held[] = { "lang", "en", "first_name", "Meena", "phone", "9123456780", "service_code", "",
		"description", "Something is wrong", NULL };
	body = multipart(held, NULL, 0, &len);
	page = file_page(&f, "POST", body, len, &status);
	ck_assert_msg(status == 200 && strstr(page, "its reference is:"), "%d %s", status, page);
	free(page);
	free(body);
	char tok[40] = "";
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM held_request WHERE mobile = '9123456780' AND status = 'held'"), 1);
	sqlite3_stmt *st;
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f.db), "SELECT id FROM held_request", -1, &st, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(tok, sizeof tok, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	char form[200];
	snprintf(form, sizeof form, "lang=en&do=view&number=%s&mobile=9123456780", tok);
	struct zilad_page_in in = { "POST", form, strlen(form), NULL, "127.0.0.1", NULL, 1000, false };
	struct zilad_page_out out;
	zilad_status_page(f.db, &in, &out);
	ck_assert_msg(out.status == 200 && memmem(out.body, out.len, "choosing the department", 23), "%d %.*s", out.status,
		(int)out.len, out.body);
	free(out.body);
	fixture_close(&f);
}
END_TEST

Suite *
citizens_suite(void)
{
	Suite *s = suite_create("citizens");
	TCase *tc = tcase_create("citizens");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, xml_escapes_text);
	tcase_add_test(tc, form_parse_decodes_and_refuses);
	tcase_add_test(tc, requests_hide_personal_fields);
	tcase_add_test(tc, one_message_per_event_in_the_citizens_language);
	tcase_add_test(tc, post_multipart_files_a_grievance);
	tcase_add_test(tc, post_without_category_is_held_for_a_clerk);
	tcase_add_test(tc, file_page_files_refuses_and_holds);
	suite_add_tcase(s, tc);
	return s;
}
