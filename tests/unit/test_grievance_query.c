/* test_grievance_query.c: reading grievances: filters, full-text search
 * in Hindi and English (parts of words, notes added later, short words),
 * and keyset paging forward and backward under every sort. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "zila/grievance.h"
#include "zila/master.h"
#include "zila/report.h"
#include "zila/util.h"

static void
reg_full(struct fixture *f, const char *category, const char *citizen, const char *description, const char *gp, char *number)
{
	struct zila_err err = { 0 };
	json_t *res = NULL;
	json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", citizen, "category", category, "description", description);
	if (gp)
		json_object_set_new(args, "gp", json_string(gp));
	ck_assert_msg(run_action(f, &f->clerk, "grievance.register", args, &res, &err) == ZILA_OK, "register: %s", err.msg);
	if (number)
		snprintf(number, 40, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
}

static void
act_ok(struct fixture *f, const struct zila_actor *who, const char *action, const char *number, json_t *args)
{
	struct zila_err err = { 0 };
	json_object_set_new(args, "grievance", json_string(number));
	enum zila_status st = run_action(f, who, action, args, NULL, &err);
	ck_assert_msg(st == ZILA_OK, "%s %s: %s", action, number, err.msg);
	json_decref(args);
}

/* The numbers a search finds, sorted by number, joined by spaces. */
static char *
found(struct fixture *f, const char *text)
{
	struct zila_err err = { 0 };
	struct zila_grievance_filter flt = { .text = text, .sort = ZILA_GSORT_NUMBER };
	json_t *rows = NULL;
	long long count;
	ck_assert_msg(zila_grievance_list(f->db, &flt, &rows, &err) == ZILA_OK, "search %s: %s", text, err.msg);
	ck_assert_int_eq(zila_grievance_count(f->db, &flt, &count, &err), ZILA_OK);
	ck_assert_int_eq(count, (long long)json_array_size(rows));
	char *out = zila_xcalloc(1, 1024);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *n = json_string_value(json_object_get(r, "number"));
		snprintf(out + strlen(out), 1024 - strlen(out), "%s%s", i ? " " : "", n + strlen(n) - 1);
	}
	json_decref(rows);
	return out;
}

#define FOUND(f, text, want) \
	do { \
		char *got_ = found(f, text); \
		ck_assert_msg(strcmp(got_, want) == 0, "search '%s': got '%s', wanted '%s'", text, got_, want); \
		free(got_); \
	} while (0)

START_TEST(full_text_in_hindi_and_english)
{
	struct fixture f;
	char n[40];
	fixture_open(&f);
	reg_full(&f, "WATER", "रामेश्वर साहू", "गाँव में हैंडपंप खराब है, पानी नहीं आ रहा", NULL, NULL);  /* 1 */
	reg_full(&f, "ROAD", "John Minz", "Street light not working near the school", NULL, NULL);   /* 2 */
	reg_full(&f, "LAND", "Sita Bai", "Land record mutation pending for khasra 112", NULL, n);      /* 3 */
	reg_full(&f, "HOSP", "Ravi", "No doctor at PHC; 100% of patients sent away", NULL, NULL);     /* 4 */
	FOUND(&f, "हैंडपंप", "1");
	FOUND(&f, "पंप", "1");            /* part of a word */
	FOUND(&f, "रामेश्वर", "1");        /* citizen's name */
	FOUND(&f, "light", "2");
	FOUND(&f, "LIGHT", "2");          /* case does not matter */
	FOUND(&f, "ligh", "2");
	FOUND(&f, "street school", "2");  /* every word must be there */
	FOUND(&f, "street पानी", "");
	FOUND(&f, "000003", "3");         /* the number */
	FOUND(&f, "DRG/G/07/2026/000004", "4");
	FOUND(&f, "है", "1");             /* shorter than a trigram: LIKE */
	FOUND(&f, "No", "2 4");           /* "not" and "No": case-blind */
	FOUND(&f, "no doctor", "4");
	FOUND(&f, "100%", "4");
	FOUND(&f, "0%", "4");             /* % is a letter to a search, not a wildcard */
	FOUND(&f, "_", "");
	FOUND(&f, "\"quoted\" OR 1=1; --", "");
	FOUND(&f, "   ", "1 2 3 4");      /* nothing to search: everything */
	FOUND(&f, "पटवारी", "");
	act_ok(&f, &f.clerk, "grievance.assign", n, json_object());
	act_ok(&f, &f.rev_officer, "grievance.note", n, json_pack("{s:s}", "note", "पटवारी की रिपोर्ट मांगी गई"));
	FOUND(&f, "पटवारी", "3");         /* notes are searchable at once */
	FOUND(&f, "रिपोर्ट khasra", "3");
	fixture_close(&f);
}
END_TEST

/* A citizen's grievances by mobile number, in every form people write
 * one, from the list's search, its filter and zila_search; the number is
 * kept as its 10 digits whatever form was typed at registration. */
START_TEST(search_by_mobile_in_any_form)
{
	struct fixture f;
	struct zila_err err = { 0 };
	const char *forms[] = { "+91 98765 43210", "098765-43210", "919876543210", "9876543210" };
	fixture_open(&f);
	for (int i = 0; i < 4; i++) {
		json_t *args = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "Kamla Bai", "category", "LAND",
			"description", "Khasra wrong", "mobile", forms[i]);
		ck_assert_msg(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err) == ZILA_OK, "%s", err.msg);
		json_decref(args);
	}
	json_t *args = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "Ravi", "category", "ROAD",
		"description", "Road broken", "mobile", "7000000001");
	ck_assert_int_eq(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err), ZILA_OK);
	json_decref(args);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance WHERE mobile = '9876543210'"), 4);
	for (int i = 0; i < 4; i++)
		FOUND(&f, forms[i], "1 2 3 4");
	FOUND(&f, "(70000) 00001", "5");
	FOUND(&f, "7000000002", "");
	FOUND(&f, "Kamla", "1 2 3 4");       /* the citizen's name */
	/* the filter, with other filters */
	struct zila_grievance_filter flt = { .mobile = "+91-98765-43210", .status = "open" };
	long long n = 0;
	ck_assert_int_eq(zila_grievance_count(f.db, &flt, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 4);
	flt.mobile = "12345";
	ck_assert_int_eq(zila_grievance_count(f.db, &flt, &n, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a mobile number"));
	/* zila search */
	json_t *rows = NULL;
	ck_assert_int_eq(zila_search(f.db, "0 98765 43210", 20, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 4);
	json_decref(rows);
	/* not a mobile: refused at registration, naming the field */
	args = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "A", "category", "LAND", "description", "d",
		"mobile", "+91 5876543210");
	ck_assert_int_eq(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "mobile must be 10 digits"));
	json_decref(args);
	fixture_close(&f);
}
END_TEST

/* The duplicate warning: the same mobile (any form) first, then alike
 * descriptions of the same panchayat above the threshold; closed ones and
 * other panchayats never; Hindi inflections still alike. */
START_TEST(similar_open_grievances)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n1[40], n2[40], n3[40], n4[40], n5[40];
	fixture_open(&f);
	reg_full(&f, "WATER", "रामेश्वर साहू", "गाँव बोरी में हैंडपंप तीन हफ्ते से खराब है।", "200102", n1);
	reg_full(&f, "ROAD", "John Minz", "Street light not working near the school", "200102", n2);
	reg_full(&f, "WATER", "Sita", "गाँव बोरी में हैंडपंप तीन हफ्ते से खराब है।", "200101", n3); /* other GP */
	reg_full(&f, "WATER", "Ravi", "बोरी गाँव का हैंडपंप खराब है, पानी नहीं मिल रहा", "200102", n4);
	reg_full(&f, "WATER", "Gita", "बोरी में हैंडपंपों की मरम्मत नहीं हुई, हैंडपंप खराब है", "200102", n5);
	json_t *args = json_pack("{s:s, s:s, s:s, s:s}", "citizen_name", "Kamla", "category", "LAND", "description",
		"Pension not received", "mobile", "9876543210");
	ck_assert_int_eq(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err), ZILA_OK);
	json_decref(args);
	/* n4 closed as a duplicate: no longer offered */
	act_ok(&f, &f.clerk, "grievance.duplicate", n4, json_pack("{s:s}", "of", n1));

	json_t *rows = NULL;
	ck_assert_int_eq(zila_grievance_similar(f.db, "+91 98765-43210", "200102", "हैंडपंप खराब है", 0, &rows, &err),
		ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 3);
	json_t *r = json_array_get(rows, 0);
	ck_assert_str_eq(json_string_value(json_object_get(r, "why")), "mobile"); /* the citizen's own first */
	ck_assert_str_eq(json_string_value(json_object_get(r, "citizen_name")), "Kamla");
	char seen[200] = "";
	for (size_t i = 1; i < json_array_size(rows); i++) {
		r = json_array_get(rows, i);
		ck_assert_str_eq(json_string_value(json_object_get(r, "why")), "text");
		ck_assert_int_ge(json_integer_value(json_object_get(r, "alike")), ZILA_SIMILAR_MIN);
		snprintf(seen + strlen(seen), sizeof seen - strlen(seen), "%s ", json_string_value(json_object_get(r, "number")));
	}
	ck_assert_msg(strstr(seen, n1) && strstr(seen, n5), "alike: %s", seen);
	ck_assert_msg(!strstr(seen, n2) && !strstr(seen, n3) && !strstr(seen, n4), "not alike: %s", seen);
	json_decref(rows);
	/* nothing given: nothing found; a bad mobile or panchayat is named */
	ck_assert_int_eq(zila_grievance_similar(f.db, NULL, NULL, NULL, 0, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 0);
	json_decref(rows);
	ck_assert_int_eq(zila_grievance_similar(f.db, "123", NULL, "x", 0, &rows, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "mobile:"));
	ck_assert_int_eq(zila_grievance_similar(f.db, NULL, "999999", "x", 0, &rows, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "gp:"));
	/* the measure itself */
	ck_assert_int_eq(zila_text_alike("Handpump broken", "handpump BROKEN!"), 100);
	ck_assert_int_eq(zila_text_alike("", "x"), 0);
	ck_assert_int_lt(zila_text_alike("गाँव बोरी में हैंडपंप तीन हफ्ते से खराब है।", "राशन कार्ड में नाम गलत है"),
		ZILA_SIMILAR_MIN);
	ck_assert_int_ge(zila_text_alike("पेंशन तीन महीने से नहीं मिली", "वृद्धावस्था पेंशन नहीं मिल रही है तीन महीने से"),
		ZILA_SIMILAR_MIN);
	fixture_close(&f);
}
END_TEST

/* 120 grievances over 40 days, four categories (so due dates tie often),
 * some assigned, disposed and closed. */
static void
make_many(struct fixture *f)
{
	static const char *const cats[] = { "WATER", "LAND", "ROAD", "HOSP" };
	static const char *const gps[] = { "200101", "200102", "200201", NULL };
	char num[40], now[32];
	for (int i = 0; i < 120; i++) {
		char day[11];
		zila_date_add("2026-09-01", i % 40, day, sizeof day);
		snprintf(now, sizeof now, "%sT05:00:00Z", day);
		setenv("ZILA_NOW", now, 1);
		reg_full(f, cats[i % 4], i % 2 ? "Mohan Lal" : "मोहन लाल", i % 3 ? "हैंडपंप खराब" : "road broken", gps[i % 4], num);
		if (i % 5 >= 1)
			act_ok(f, &f->clerk, "grievance.assign", num, json_object());
		if (i % 5 == 2 && i % 4 == 1)
			act_ok(f, &f->rev_head, "grievance.assign", num, json_pack("{s:s}", "officer", "rev.officer"));
		if (i % 5 >= 3)
			act_ok(f, &f->collector, "grievance.dispose", num, json_pack("{s:s}", "reply", "done"));
		if (i % 5 == 4)
			act_ok(f, &f->clerk, "grievance.close", num, json_object());
	}
	setenv("ZILA_NOW", "2026-11-20T06:00:00Z", 1);
}

static char *
ids_of(json_t *rows)
{
	size_t n = json_array_size(rows), i;
	char *out = zila_xcalloc(n + 1, 40);
	json_t *r;
	json_array_foreach(rows, i, r) {
		strcat(out, json_string_value(json_object_get(r, "id")));
		strcat(out, " ");
	}
	return out;
}

/* Walks every page forward, then every page backward from the end, and
 * compares both with one big list. */
static void
walk_pages(struct fixture *f, struct zila_grievance_filter flt, size_t want_rows)
{
	struct zila_err err = { 0 };
	json_t *all = NULL, *page = NULL;
	flt.limit = 1000;
	ck_assert_msg(zila_grievance_list(f->db, &flt, &all, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_uint_eq(json_array_size(all), want_rows);
	char *whole = ids_of(all);

	json_t *fwd = json_array();
	char key[64] = "", id[40] = "";
	flt.limit = 7;
	int pages = 0;
	for (;;) {
		flt.after_key = key[0] ? key : NULL;
		flt.after_id = key[0] ? id : NULL;
		ck_assert_msg(zila_grievance_list(f->db, &flt, &page, &err) == ZILA_OK, "%s", err.msg);
		size_t n = json_array_size(page);
		ck_assert_uint_le(n, 7);
		if (!n) {
			json_decref(page);
			break;
		}
		json_array_extend(fwd, page);
		json_t *last = json_array_get(page, n - 1);
		snprintf(key, sizeof key, "%s", json_string_value(json_object_get(last, "sort_key")));
		snprintf(id, sizeof id, "%s", json_string_value(json_object_get(last, "id")));
		json_decref(page);
		ck_assert_int_lt(++pages, 200);
	}
	char *forward = ids_of(fwd);
	ck_assert_str_eq(forward, whole);

	/* backward: from the last row, each page ends just before the key */
	json_t *bwd = json_array();
	flt.backward = true;
	json_t *lastrow = json_array_get(all, json_array_size(all) - 1);
	if (lastrow) {
		json_array_append(bwd, lastrow);
		snprintf(key, sizeof key, "%s", json_string_value(json_object_get(lastrow, "sort_key")));
		snprintf(id, sizeof id, "%s", json_string_value(json_object_get(lastrow, "id")));
		for (;;) {
			flt.after_key = key;
			flt.after_id = id;
			ck_assert_msg(zila_grievance_list(f->db, &flt, &page, &err) == ZILA_OK, "%s", err.msg);
			size_t n = json_array_size(page);
			if (!n) {
				json_decref(page);
				break;
			}
			json_array_extend(page, bwd);
			json_decref(bwd);
			bwd = page;
			json_t *first = json_array_get(page, 0);
			snprintf(key, sizeof key, "%s", json_string_value(json_object_get(first, "sort_key")));
			snprintf(id, sizeof id, "%s", json_string_value(json_object_get(first, "id")));
		}
	}
	char *backward = ids_of(bwd);
	ck_assert_str_eq(backward, whole);
	free(whole);
	free(forward);
	free(backward);
	json_decref(all);
	json_decref(fwd);
	json_decref(bwd);
}

/* The big list is in the order the sort promises. */
static void
check_order(struct fixture *f, enum zila_grievance_sort sort)
{
	struct zila_err err = { 0 };
	struct zila_grievance_filter flt = { .sort = sort, .limit = 1000 };
	json_t *rows = NULL;
	ck_assert_msg(zila_grievance_list(f->db, &flt, &rows, &err) == ZILA_OK, "%s", err.msg);
	for (size_t i = 1; i < json_array_size(rows); i++) {
		json_t *a = json_array_get(rows, i - 1), *b = json_array_get(rows, i);
		int c = strcmp(json_string_value(json_object_get(a, "sort_key")), json_string_value(json_object_get(b, "sort_key")));
		if (c == 0)
			c = strcmp(json_string_value(json_object_get(a, "id")), json_string_value(json_object_get(b, "id")));
		ck_assert_msg(sort == ZILA_GSORT_REGISTERED ? c > 0 : c < 0, "sort %d: rows %zu and %zu out of order", sort, i - 1, i);
	}
	json_decref(rows);
}

START_TEST(keyset_paging_every_sort)
{
	struct fixture f;
	char rev[40], pwd[40];
	struct zila_err err = { 0 };
	fixture_open(&f);
	make_many(&f);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_DEPARTMENT, "REV", rev, &err), ZILA_OK);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_DEPARTMENT, "PWD", pwd, &err), ZILA_OK);
	for (int s = ZILA_GSORT_DUE; s <= ZILA_GSORT_NUMBER; s++) {
		check_order(&f, (enum zila_grievance_sort)s);
		walk_pages(&f, (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s }, 120);
		/* i % 5 is 0, 1 or 2: open */
		walk_pages(&f, (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s, .status = "open" }, 72);
		walk_pages(&f, (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s, .status = "closed" }, 24);
		walk_pages(&f, (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s, .status = "open",
			.department_id = rev }, 18);
		walk_pages(&f, (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s, .department_id = pwd,
			.text = "road" }, 10);
	}
	fixture_close(&f);
}
END_TEST

/* The ids of a reference query, to compare a list with. */
static char *
reference_ids(struct fixture *f, const char *sql)
{
	sqlite3_stmt *st;
	size_t cap = 1 << 16, len = 0;
	char *out = zila_xmalloc(cap);
	out[0] = '\0';
	ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f->db), sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (len + strlen(id) + 2 >= cap)
			out = zila_xrealloc(out, cap *= 2);
		len += (size_t)sprintf(out + len, "%s ", id);
	}
	sqlite3_finalize(st);
	return out;
}

/* A word found in thousands of rows takes the other road (the hits held
 * in memory, the list's index walked): its pages must still be exactly
 * the rows in order, forward and backward. Rows are put in with SQL, as
 * an action per row would take too long for a unit test. */
static int
always_stop(void *ctx)
{
	(void)ctx;
	return 1;
}

START_TEST(common_word_search_pages)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char gp[40];
	fixture_open(&f);
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db),
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)"
		" INSERT INTO grievance(id, created_at, updated_at, number, citizen_name, description, category_id,"
		" department_id, status, registered_on, due_date, created_by, gp_id)"
		" SELECT printf('%08x-0000-7000-8000-%012x', i * 7919 % 8000, i), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',"
		" printf('DRG/G/07/2026/%06d', i), 'Citizen ' || i, CASE WHEN i % 4 THEN 'road broken ' ELSE 'water ' END || i,"
		" c.id, c.department_id, CASE i % 8 WHEN 0 THEN 'registered' WHEN 1 THEN 'assigned' WHEN 2 THEN 'in_progress'"
		" WHEN 3 THEN 'appealed' WHEN 4 THEN 'disposed' WHEN 5 THEN 'closed' ELSE 'assigned' END,"
		" date('2026-01-01', '+' || (i % 97) || ' days'), date('2026-01-01', '+' || (i % 89) || ' days'),"
		" (SELECT id FROM app_user WHERE login = 'clerk'),"
		" CASE WHEN i % 10 = 0 THEN (SELECT id FROM gram_panchayat WHERE lgd_code = '200201') END"
		" FROM n JOIN category c ON c.code = 'ROAD'", NULL, NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM grievance_fts WHERE grievance_fts MATCH 'road'"), 6000);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_GP, "200201", gp, &err), ZILA_OK);
	static const char *const order[] = { "due_date, id", "registered_on DESC, id DESC", "number" };
	for (int s = ZILA_GSORT_DUE; s <= ZILA_GSORT_NUMBER; s++) {
		char sql[512];
		snprintf(sql, sizeof sql, "SELECT id FROM grievance WHERE status = 'appealed' AND rowid IN"
			" (SELECT rowid FROM grievance_fts WHERE grievance_fts MATCH 'road') ORDER BY %s", order[s]);
		char *want = reference_ids(&f, sql);
		json_t *rows = NULL;
		struct zila_grievance_filter flt = { .sort = (enum zila_grievance_sort)s, .text = "road", .status = "appealed",
			.limit = 1000 };
		ck_assert_int_eq(zila_grievance_list(f.db, &flt, &rows, &err), ZILA_OK);
		char *got = ids_of(rows);
		ck_assert_msg(strcmp(got, want) == 0, "sort %d differs from the reference", s);
		json_decref(rows);
		free(got);
		free(want);
		walk_pages(&f, (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s, .text = "road",
			.status = "appealed", .from = "2026-01-01", .to = "2026-01-10" },
			(size_t)query_int(&f, "SELECT count(*) FROM grievance WHERE status = 'appealed' AND description LIKE 'road%'"
				" AND registered_on BETWEEN '2026-01-01' AND '2026-01-10'"));
		walk_pages(&f, (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s, .text = "broken",
			.gp_id = gp, .status = "open", .to = "2026-01-20" }, 83);
		/* every status: six arms merged, each stopping at the page's
		 * bound; the first 1,000 of 6,000 as the reference has them */
		snprintf(sql, sizeof sql, "SELECT id FROM grievance WHERE rowid IN"
			" (SELECT rowid FROM grievance_fts WHERE grievance_fts MATCH 'road') ORDER BY %s LIMIT 1000", order[s]);
		want = reference_ids(&f, sql);
		flt = (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s, .text = "road", .limit = 1000 };
		ck_assert_int_eq(zila_grievance_list(f.db, &flt, &rows, &err), ZILA_OK);
		got = ids_of(rows);
		ck_assert_msg(strcmp(got, want) == 0, "every status, sort %d, differs from the reference", s);
		json_decref(rows);
		free(got);
		free(want);
		walk_pages(&f, (struct zila_grievance_filter){ .sort = (enum zila_grievance_sort)s, .text = "road",
			.from = "2026-01-01", .to = "2026-01-12" },
			(size_t)query_int(&f, "SELECT count(*) FROM grievance WHERE description LIKE 'road%'"
				" AND registered_on BETWEEN '2026-01-01' AND '2026-01-12'"));
	}
	long long n;
	ck_assert_int_eq(zila_grievance_count(f.db, &(struct zila_grievance_filter){ .text = "road", .status = "open" }, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 5000);
	/* a common word's capped counts read the filter's index, not the
	 * rows: the same figures as the exact counts, cut at the cap */
	struct zila_grievance_filter capped[] = {
		{ .text = "road", .status = "open" },
		{ .text = "road", .status = "closed" },
		{ .text = "broken", .gp_id = gp, .status = "open", .to = "2026-01-20" },
		{ .text = "road", .gp_id = gp },
		{ .text = "road", .overdue = true },
		{ .text = "road", .status = "appealed", .from = "2026-01-01", .to = "2026-01-03" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(capped); i++) {
		long long exact, cut;
		ck_assert_int_eq(zila_grievance_count(f.db, &capped[i], &exact, &err), ZILA_OK);
		capped[i].count_cap = 100;
		ck_assert_int_eq(zila_grievance_count(f.db, &capped[i], &cut, &err), ZILA_OK);
		ck_assert_msg(cut == (exact > 100 ? 101 : exact), "case %zu: exact %lld, capped %lld", i, exact, cut);
		ck_assert_msg(exact > 0, "case %zu counts nothing", i);
	}
	/* a read ahead that gives way to a key is abandoned, keeps nothing
	 * half read, and the search then reads its hits whole */
	ck_assert_int_eq(zila_grievance_search_warm(f.db, "xyz", &err), ZILA_OK);
	zila_db_interrupt_when(f.db, always_stop, NULL);
	ck_assert_int_eq(zila_grievance_search_warm(f.db, "broken", &err), ZILA_ERETRY);
	zila_db_interrupt_when(f.db, NULL, NULL);
	ck_assert_int_eq(zila_grievance_count(f.db, &(struct zila_grievance_filter){ .text = "broken" }, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 6000);
	fixture_close(&f);
}
END_TEST

static long long
count_of(struct fixture *f, struct zila_grievance_filter flt)
{
	struct zila_err err = { 0 };
	long long n = -1;
	json_t *rows = NULL;
	ck_assert_msg(zila_grievance_count(f->db, &flt, &n, &err) == ZILA_OK, "%s", err.msg);
	flt.limit = 1000;
	ck_assert_int_eq(zila_grievance_list(f->db, &flt, &rows, &err), ZILA_OK);
	ck_assert_int_eq(n, (long long)json_array_size(rows));
	json_decref(rows);
	return n;
}

START_TEST(filters_and_their_counts)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char id[6][40];
	fixture_open(&f);
	make_many(&f);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_CATEGORY, "LAND", id[0], &err), ZILA_OK);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_USER, "rev.officer", id[1], &err), ZILA_OK);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_BLOCK, "1001", id[2], &err), ZILA_OK);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_GP, "200201", id[3], &err), ZILA_OK);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_DEPARTMENT, "PHED", id[4], &err), ZILA_OK);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ 0 }), 120);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .category_id = id[0] }), 30);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .officer_id = id[1] }),
		query_int(&f, "SELECT count(*) FROM grievance g JOIN app_user u ON u.id = g.officer_id WHERE u.login = 'rev.officer'"));
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .officer_id = id[1] }), 6);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .block_id = id[2] }), 60);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .gp_id = id[3] }), 30);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .department_id = id[4], .status = "registered" }), 6);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .status = "disposed" }), 24);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .from = "2026-09-01", .to = "2026-09-10" }), 30);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .from = "2026-10-10" }), 3);
	/* overdue on 2026-11-20: every open one (the latest is due 2026-11-09) */
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .overdue = true }), 72);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .overdue = true, .status = "closed" }), 0);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .overdue = true, .status = "assigned",
		.sort = ZILA_GSORT_REGISTERED }), 48);
	ck_assert_int_eq(count_of(&f, (struct zila_grievance_filter){ .text = "हैंडपंप", .status = "open" }), 48);

	/* a row has what the list promises */
	json_t *rows = NULL;
	struct zila_grievance_filter flt = { .gp_id = id[3], .limit = 1 };
	ck_assert_int_eq(zila_grievance_list(f.db, &flt, &rows, &err), ZILA_OK);
	json_t *r = json_array_get(rows, 0);
	static const char *const keys[] = { "id", "number", "citizen_name", "mobile", "department", "department_name",
		"category", "status", "registered_on", "due_date", "days_overdue", "officer", "gp_name", "sort_key" };
	for (size_t i = 0; i < ZILA_ARRAY_LEN(keys); i++)
		ck_assert_msg(json_object_get(r, keys[i]) != NULL, "no %s in a row", keys[i]);
	ck_assert_str_eq(json_string_value(json_object_get(r, "gp_name")), "Selud");
	json_decref(rows);

	/* bad filters are refused, naming what is wrong */
	struct {
		struct zila_grievance_filter flt;
		const char *expect;
	} bad[] = {
		{ { .status = "pending" }, "status must be" },
		{ { .limit = 1001 }, "limit must be" },
		{ { .limit = -1 }, "limit must be" },
		{ { .from = "2026-02-30" }, "from must be a date" },
		{ { .to = "yesterday" }, "to must be a date" },
		{ { .after_key = "2026-01-01" }, "after:" },
		{ { .sort = (enum zila_grievance_sort)7 }, "sort must be" },
		{ { .text = "\xff\xfe" }, "search text" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(bad); i++) {
		long long n;
		ck_assert_int_eq(zila_grievance_list(f.db, &bad[i].flt, &rows, &err), ZILA_EINVAL);
		ck_assert_msg(strstr(err.msg, bad[i].expect), "case %zu: '%s'", i, err.msg);
		ck_assert_int_eq(zila_grievance_count(f.db, &bad[i].flt, &n, &err), ZILA_EINVAL);
	}
	fixture_close(&f);
}
END_TEST

/* A capped count equals the exact count up to the cap and stops at cap + 1
 * above it, with and without a search. */
START_TEST(capped_counts)
{
	struct fixture f;
	struct zila_err err = { 0 };
	fixture_open(&f);
	make_many(&f);
	struct zila_grievance_filter cases[] = {
		{ 0 },
		{ .from = "2026-10-10" },
		{ .overdue = true },
		{ .overdue = true, .status = "closed" },
		{ .text = "हैंडपंप", .status = "open" },
		{ .text = "हैंडपंप", .from = "2026-10-10" },
	};
	int below = 0, above = 0;
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		long long exact = -1, capped = -1;
		ck_assert_msg(zila_grievance_count(f.db, &cases[i], &exact, &err) == ZILA_OK, "%s", err.msg);
		cases[i].count_cap = 5;
		ck_assert_msg(zila_grievance_count(f.db, &cases[i], &capped, &err) == ZILA_OK, "%s", err.msg);
		ck_assert_msg(capped == (exact > 5 ? 6 : exact), "case %zu: exact %lld, capped %lld", i, exact, capped);
		below += exact <= 5;
		above += exact > 5;
	}
	ck_assert_int_ge(below, 2);
	ck_assert_int_ge(above, 2);
	fixture_close(&f);
}
END_TEST

/* The count of a search with no other filter. */
static long long
search_count(struct zila_db *db, const char *text)
{
	struct zila_err err = { 0 };
	long long n = -1;
	struct zila_grievance_filter flt = { .text = text };
	ck_assert_msg(zila_grievance_count(db, &flt, &n, &err) == ZILA_OK, "%s", err.msg);
	return n;
}

/* A search's hits are remembered between its count and its pages; any
 * change to the data, on this connection or committed by another (the
 * sync job has its own), makes the next search read them again. */
START_TEST(remembered_search_follows_changes)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char number[40];
	fixture_open(&f);
	reg_full(&f, "WATER", "Ramesh", "नल का पानी गंदा", NULL, number);
	ck_assert_int_eq(search_count(f.db, "पानी"), 1);
	ck_assert_int_eq(search_count(f.db, "पानी"), 1);
	reg_full(&f, "WATER", "Suresh", "पानी नहीं आता", NULL, NULL);
	ck_assert_int_eq(search_count(f.db, "पानी"), 2);
	/* an attribute change that does not touch the text still counts as a
	 * change, and a page read after it sees the new state */
	act_ok(&f, &f.clerk, "grievance.note", number, json_pack("{s:s}", "note", "पानी की टंकी देखी"));
	FOUND(&f, "टंकी", "1");

	/* read ahead at the prompt, then a change, then the search: the
	 * change is seen; a short word is not read ahead but still found */
	ck_assert_int_eq(zila_grievance_search_warm(f.db, "पानी", &err), ZILA_OK);
	reg_full(&f, "WATER", "Mahesh", "पानी का टैंकर", NULL, NULL);
	ck_assert_int_eq(search_count(f.db, "पानी"), 3);
	ck_assert_int_eq(zila_grievance_search_warm(f.db, "नल", &err), ZILA_OK);
	ck_assert_int_eq(search_count(f.db, "नल"), 1);
	ck_assert_int_eq(zila_grievance_search_warm(f.db, "\xff", &err), ZILA_OK);

	struct zila_db *other = NULL;
	ck_assert_int_eq(zila_db_open(f.path, 0, &other, &err), ZILA_OK);
	ck_assert_int_eq(search_count(other, "पानी"), 3);
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db),
		"UPDATE grievance SET description = 'सड़क टूटी' WHERE citizen_name IN ('Suresh', 'Mahesh')", NULL, NULL, NULL),
		SQLITE_OK);
	ck_assert_int_eq(search_count(other, "पानी"), 1);
	ck_assert_int_eq(search_count(other, "सड़क"), 2);
	json_t *rows = NULL;
	ck_assert_int_eq(zila_grievance_list(other, &(struct zila_grievance_filter){ .text = "पानी" }, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "citizen_name")), "Ramesh");
	json_decref(rows);
	zila_db_close(&other);
	fixture_close(&f);
}
END_TEST

Suite *
grievance_query_suite(void)
{
	Suite *s = suite_create("grievance_query");
	TCase *tc = tcase_create("queries");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, full_text_in_hindi_and_english);
	tcase_add_test(tc, search_by_mobile_in_any_form);
	tcase_add_test(tc, similar_open_grievances);
	tcase_add_test(tc, keyset_paging_every_sort);
	tcase_add_test(tc, filters_and_their_counts);
	tcase_add_test(tc, common_word_search_pages);
	tcase_add_test(tc, capped_counts);
	tcase_add_test(tc, remembered_search_follows_changes);
	suite_add_tcase(s, tc);
	return s;
}
