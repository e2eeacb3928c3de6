/* test_letter_query.c: reading the inward register: due and overdue as
 * the clock moves, search in Hindi and English and parts of words, keyset
 * paging in both directions for every sort and filter, the other ways of
 * reading a page on larger lists checked against plain SQL, and finding
 * and showing one letter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"
#include "test_letter.h"
#include "zila/letter.h"
#include "zila/master.h"
#include "zila/util.h"

/* Counts rows of a marking or letter list for a filter. */
static size_t
list_size(struct fixture *f, struct zila_letter_filter *flt, bool markings)
{
	json_t *rows;
	struct zila_err err = { 0 };
	enum zila_status st = markings ? zila_marking_list(f->db, flt, &rows, &err) : zila_letter_list(f->db, flt, &rows, &err);
	ck_assert_msg(st == ZILA_OK, "list: %s", err.msg);
	size_t n = json_array_size(rows);
	json_decref(rows);
	return n;
}

START_TEST(due_and_overdue_follow_the_clock)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n[40];
	char rev[40];
	fixture_open(&f);
	letter_diarise(&f, "Land", "REV:5,PWD:10", n);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_DEPARTMENT, "REV", rev, &err), ZILA_OK);
	struct zila_letter_filter od = { .overdue = true, .sort = ZILA_LSORT_DUE };
	ck_assert_int_eq(list_size(&f, &od, true), 0);
	/* due 2026-11-25: not overdue on the due date itself */
	setenv("ZILA_NOW", "2026-11-25T06:00:00Z", 1);
	ck_assert_int_eq(list_size(&f, &od, true), 0);
	setenv("ZILA_NOW", "2026-11-27T06:00:00Z", 1);
	json_t *rows;
	ck_assert_int_eq(zila_marking_list(f.db, &od, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "department")), "REV");
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "days_overdue")), 2);
	json_decref(rows);
	struct zila_letter_filter lod = { .overdue = true, .department_id = rev };
	ck_assert_int_eq(zila_letter_list(f.db, &lod, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(rows, 0), "overdue_markings")), 1);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "next_due")), "2026-11-25");
	json_decref(rows);
	long long count;
	ck_assert_int_eq(zila_marking_count(f.db, &od, &count, &err), ZILA_OK);
	ck_assert_int_eq(count, 1);
	/* both overdue later; a reply takes one out */
	setenv("ZILA_NOW", "2026-12-05T06:00:00Z", 1);
	ck_assert_int_eq(list_size(&f, &od, true), 2);
	ACT_OK(&f, &f.rev_officer, "letter.reply", n, json_pack("{s:s}", "reply", "late, but done"));
	ck_assert_int_eq(list_size(&f, &od, true), 1);
	ck_assert_int_eq(list_size(&f, &lod, false), 0);
	json_t *l;
	ck_assert_int_eq(zila_letter_get(f.db, n, &l, &err), ZILA_OK);
	json_t *pwd = json_array_get(json_object_get(l, "markings"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(pwd, "department")), "PWD");
	ck_assert_int_eq(json_integer_value(json_object_get(pwd, "days_overdue")), 5);
	json_decref(l);
	setenv("ZILA_NOW", NOW0, 1);
	fixture_close(&f);
}
END_TEST

/* Runs a search over letters and returns how many it found. */
static size_t
search_count(struct fixture *f, const char *text, bool markings)
{
	struct zila_letter_filter flt = { .text = text, .sort = markings ? ZILA_LSORT_DUE : ZILA_LSORT_RECEIVED };
	long long count;
	struct zila_err err = { 0 };
	size_t n = list_size(f, &flt, markings);
	ck_assert_int_eq(markings ? zila_marking_count(f->db, &flt, &count, &err)
				  : zila_letter_count(f->db, &flt, &count, &err), ZILA_OK);
	ck_assert_int_eq((long long)n, count);
	return n;
}

START_TEST(search_hindi_english_and_parts_of_words)
{
	struct fixture f;
	char n1[40], n2[40], n3[40];
	fixture_open(&f);
	letter_diarise(&f, "भूमि अभिलेख का सत्यापन", "REV:15,PWD:7", n1);
	letter_diarise(&f, "Road repair near Patan", "PWD:7", n2);
	letter_diarise(&f, "50% of the water_supply budget", NULL, n3);
	ck_assert_int_eq(search_count(&f, "अभिलेख", false), 1);
	ck_assert_int_eq(search_count(&f, "सत्या", false), 1);   /* part of a Hindi word */
	ck_assert_int_eq(search_count(&f, "अभिलेख", true), 2);   /* its two markings */
	ck_assert_int_eq(search_count(&f, "repa", false), 1);    /* part of an English word */
	ck_assert_int_eq(search_count(&f, "ROAD patan", false), 1);
	ck_assert_int_eq(search_count(&f, "road सत्यापन", false), 0);
	ck_assert_int_eq(search_count(&f, "commissioner", false), 3); /* the sender */
	ck_assert_int_eq(search_count(&f, "00002", false), 1);   /* the number */
	/* words under three letters go by LIKE, with its wildcards taken literally */
	ck_assert_int_eq(search_count(&f, "ai", false), 1);
	ck_assert_int_eq(search_count(&f, "0%", false), 1);
	ck_assert_int_eq(search_count(&f, "r_", false), 1);
	ck_assert_int_eq(search_count(&f, "का", false), 1);
	ck_assert_int_eq(search_count(&f, "Road re", false), 1);
	/* FTS and SQL syntax is only text */
	ck_assert_int_eq(search_count(&f, "\"road\" OR NEAR(x)", false), 0);
	ck_assert_int_eq(search_count(&f, "'; DROP TABLE letter; --", false), 0);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM letter"), 3);
	fixture_close(&f);
}
END_TEST

/* Reads a whole list page by page (limit 3), forward from the start or
 * backward from the end, and returns the ids in sort order. */
static json_t *
read_paged(struct fixture *f, struct zila_letter_filter base, bool markings, bool backward)
{
	json_t *all = json_array();
	char key[64] = "", id[40] = "";
	struct zila_err err = { 0 };
	base.limit = 3;
	base.backward = backward;
	for (int guard = 0; guard < 200; guard++) {
		json_t *rows;
		base.after_key = key[0] ? key : NULL;
		base.after_id = key[0] ? id : NULL;
		enum zila_status st = markings ? zila_marking_list(f->db, &base, &rows, &err)
					       : zila_letter_list(f->db, &base, &rows, &err);
		ck_assert_msg(st == ZILA_OK, "page: %s", err.msg);
		size_t n = json_array_size(rows);
		if (!n) {
			json_decref(rows);
			break;
		}
		json_t *edge = json_array_get(rows, backward ? 0 : n - 1);
		snprintf(key, sizeof key, "%s", json_string_value(json_object_get(edge, "sort_key")));
		snprintf(id, sizeof id, "%s", json_string_value(json_object_get(edge, "id")));
		for (size_t i = 0; i < n; i++) {
			json_t *r = json_array_get(rows, backward ? n - 1 - i : i);
			json_array_insert_new(all, backward ? 0 : json_array_size(all), json_copy(json_object_get(r, "id")));
		}
		json_decref(rows);
	}
	return all;
}

/* The whole list in one page, and a check that it is in its sort order. */
static json_t *
read_whole(struct fixture *f, struct zila_letter_filter base, bool markings)
{
	json_t *rows, *ids = json_array();
	struct zila_err err = { 0 };
	base.limit = 1000;
	ck_assert_int_eq(markings ? zila_marking_list(f->db, &base, &rows, &err) : zila_letter_list(f->db, &base, &rows, &err),
		ZILA_OK);
	size_t i;
	json_t *r;
	const char *pk = NULL, *pid = NULL;
	json_array_foreach(rows, i, r) {
		const char *k = json_string_value(json_object_get(r, "sort_key"));
		const char *id = json_string_value(json_object_get(r, "id"));
		if (pk) {
			int c = strcmp(pk, k) ? strcmp(pk, k) : strcmp(pid, id);
			bool desc = base.sort == ZILA_LSORT_RECEIVED;
			ck_assert_msg(desc ? c > 0 : c < 0, "row %zu out of order: %s,%s after %s,%s", i, k, id, pk, pid);
		}
		pk = k;
		pid = id;
		json_array_append(ids, json_object_get(r, "id"));
	}
	json_decref(rows);
	return ids;
}

START_TEST(keyset_paging_both_ways_equals_the_whole_list)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n[40], rev[40];
	fixture_open(&f);
	static const char *const marks[] = { "REV:5", "PWD:5,REV:9", "HEALTH:1", NULL, "REV:30,PWD:2,PHED:5", "PWD:5" };
	/* letters on a few days (several on one day, so ids break ties) and
	 * markings in every state */
	for (int i = 0; i < 17; i++) {
		char when[32];
		snprintf(when, sizeof when, "2026-11-%02dT06:00:00Z", 10 + i % 4);
		setenv("ZILA_NOW", when, 1);
		letter_diarise(&f, i % 2 ? "Road repair" : "भूमि सत्यापन", marks[i % 6], n);
		if (i % 3 == 0 && marks[i % 6] && strstr(marks[i % 6], "PWD"))
			ACT_OK(&f, &f.pwd_officer, "letter.reply", n, json_pack("{s:s}", "reply", "ok"));
		if (i % 5 == 0)
			ACT_OK(&f, &f.collector, "letter.close", n, json_pack("{s:s}", "note", "dropped"));
	}
	setenv("ZILA_NOW", NOW0, 1);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_DEPARTMENT, "REV", rev, &err), ZILA_OK);
	struct {
		struct zila_letter_filter flt;
		bool markings;
	} cases[] = {
		{ { .sort = ZILA_LSORT_RECEIVED }, false },
		{ { .sort = ZILA_LSORT_NUMBER }, false },
		{ { .sort = ZILA_LSORT_RECEIVED, .status = "open" }, false },
		{ { .sort = ZILA_LSORT_NUMBER, .department_id = rev }, false },
		{ { .sort = ZILA_LSORT_RECEIVED, .text = "सत्यापन" }, false },
		{ { .sort = ZILA_LSORT_RECEIVED, .from = "2026-11-11", .to = "2026-11-12" }, false },
		{ { .sort = ZILA_LSORT_DUE }, false },
		{ { .sort = ZILA_LSORT_DUE, .status = "open" }, false },
		{ { .sort = ZILA_LSORT_DUE, .overdue = true }, false },
		{ { .sort = ZILA_LSORT_DUE, .department_id = rev }, false },
		{ { .sort = ZILA_LSORT_DUE }, true },
		{ { .sort = ZILA_LSORT_DUE, .status = "open" }, true },
		{ { .sort = ZILA_LSORT_DUE, .status = "pending", .department_id = rev }, true },
		{ { .sort = ZILA_LSORT_DUE, .overdue = true }, true },
		{ { .sort = ZILA_LSORT_RECEIVED }, true },
		{ { .sort = ZILA_LSORT_NUMBER, .status = "closed" }, true },
		{ { .sort = ZILA_LSORT_NUMBER, .text = "road" }, true },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		json_t *whole = read_whole(&f, cases[i].flt, cases[i].markings);
		json_t *fwd = read_paged(&f, cases[i].flt, cases[i].markings, false);
		json_t *back = read_paged(&f, cases[i].flt, cases[i].markings, true);
		ck_assert_msg(json_array_size(whole) > 3, "case %zu has only %zu rows", i, json_array_size(whole));
		ck_assert_msg(json_equal(whole, fwd), "case %zu: forward pages differ from the whole list", i);
		ck_assert_msg(json_equal(whole, back), "case %zu: backward pages differ from the whole list", i);
		long long count;
		ck_assert_int_eq(cases[i].markings ? zila_marking_count(f.db, &cases[i].flt, &count, &err)
						  : zila_letter_count(f.db, &cases[i].flt, &count, &err), ZILA_OK);
		ck_assert_int_eq(count, (long long)json_array_size(whole));
		json_decref(whole);
		json_decref(fwd);
		json_decref(back);
	}
	/* letters by due date: those with something pending first, each at its
	 * earliest pending due date, then the rest */
	json_t *rows;
	struct zila_letter_filter by_due = { .sort = ZILA_LSORT_DUE, .limit = 1000 };
	ck_assert_int_eq(zila_letter_list(f.db, &by_due, &rows, &err), ZILA_OK);
	ck_assert_int_eq(json_array_size(rows), 17);
	size_t i, pending = 0;
	json_t *r;
	json_array_foreach(rows, i, r) {
		const char *key = json_string_value(json_object_get(r, "sort_key"));
		json_t *due = json_object_get(r, "next_due");
		if (key[0] == '1') {
			ck_assert_msg(i == pending++, "row %zu: a letter with something pending after one without", i);
			ck_assert_msg(strncmp(key + 1, json_string_value(due), 10) == 0, "row %zu: key %s, next due %s", i, key,
				json_string_value(due));
		} else
			ck_assert(json_is_null(due));
	}
	ck_assert_int_eq((long long)pending, query_int(&f, "SELECT count(DISTINCT letter_id) FROM letter_marking WHERE status = 'pending'"));
	ck_assert_int_gt(pending, 3);
	ck_assert_int_lt(pending, 17);
	json_decref(rows);
	/* bad filters are refused */
	struct zila_letter_filter bad = { .sort = ZILA_LSORT_DUE, .after_key = "2026", .after_id = "x" };
	ck_assert_int_eq(zila_letter_list(f.db, &bad, &rows, &err), ZILA_EINVAL);
	bad = (struct zila_letter_filter){ .status = "replied" };
	ck_assert_int_eq(zila_letter_list(f.db, &bad, &rows, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "status"));
	bad = (struct zila_letter_filter){ .after_key = "2026-11-10" };
	ck_assert_int_eq(zila_letter_list(f.db, &bad, &rows, &err), ZILA_EINVAL);
	bad = (struct zila_letter_filter){ .from = "2026-13-01" };
	ck_assert_int_eq(zila_marking_list(f.db, &bad, &rows, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "from"));
	bad = (struct zila_letter_filter){ .limit = 1001 };
	ck_assert_int_eq(zila_marking_list(f.db, &bad, &rows, &err), ZILA_EINVAL);
	fixture_close(&f);
}
END_TEST

/* Many letters (inserted directly, the triggers keep the search index) so
 * that the other ways of reading a page are taken: a search hitting more
 * than 2,000 letters walks the list in order, and a letter list filtered
 * by more than 2,000 markings probes each letter. They must give what the
 * plain ways give. */
START_TEST(large_lists_read_the_same_either_way)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n[40], rev[40];
	fixture_open(&f);
	letter_diarise(&f, "seed", "REV:5", n);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_DEPARTMENT, "REV", rev, &err), ZILA_OK);
	ck_assert_int_eq(zila_db_exec(f.db,
		"WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 2600)"
		" INSERT INTO letter(id, created_at, updated_at, number, received_on, sender, subject, created_by)"
		" SELECT printf('00000000-0000-7000-8000-%012d', i), 'x', 'x', printf('DRG/L/07/2025/%05d', i),"
		" date('2025-01-01', '+' || (i % 300) || ' days'), 'Sender', CASE WHEN i % 5 THEN 'road repair' ELSE 'water' END,"
		" (SELECT created_by FROM letter LIMIT 1) FROM k;"
		"INSERT INTO letter_marking(id, created_at, updated_at, letter_id, department_id, marked_on, time_limit_days, due_date)"
		" SELECT printf('00000000-0001-7000-8000-%012d', rowid), 'x', 'x', id, (SELECT id FROM department WHERE code = 'REV'),"
		" received_on, 5, date(received_on, '+5 days') FROM letter WHERE number LIKE 'DRG/L/07/2025/%'", &err), ZILA_OK);
	struct zila_letter_filter common = { .text = "repair" }, rare = { .text = "water" };
	struct zila_letter_filter many = { .overdue = true, .department_id = rev };
	struct zila_letter_filter mcommon = { .text = "repair", .sort = ZILA_LSORT_DUE };
	long long count;
	ck_assert_int_eq(zila_letter_count(f.db, &common, &count, &err), ZILA_OK);
	ck_assert_int_eq(count, 2080);
	ck_assert_int_eq(zila_letter_count(f.db, &rare, &count, &err), ZILA_OK);
	ck_assert_int_eq(count, 520);
	ck_assert_int_eq(zila_letter_count(f.db, &many, &count, &err), ZILA_OK);
	ck_assert_int_eq(count, 2600);
	struct {
		struct zila_letter_filter *flt;
		bool markings;
		const char *sql;
	} each[] = {
		{ &common, false, "SELECT id FROM letter WHERE subject LIKE '%repair%' ORDER BY received_on DESC, id DESC LIMIT 1000" },
		{ &rare, false, "SELECT id FROM letter WHERE subject LIKE '%water%' ORDER BY received_on DESC, id DESC LIMIT 1000" },
		{ &many, false, "SELECT id FROM letter WHERE number LIKE 'DRG/L/07/2025/%' ORDER BY received_on DESC, id DESC LIMIT 1000" },
		{ &mcommon, true, "SELECT m.id FROM letter_marking m JOIN letter l ON l.id = m.letter_id"
		  " WHERE l.subject LIKE '%repair%' ORDER BY m.due_date, m.id LIMIT 1000" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(each); i++) {
		json_t *whole = read_whole(&f, *each[i].flt, each[i].markings), *want = json_array();
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f.db), each[i].sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(want, json_string((const char *)sqlite3_column_text(st, 0)));
		sqlite3_finalize(st);
		ck_assert_int_eq(json_array_size(whole), i == 1 ? 520 : 1000);
		ck_assert_msg(json_equal(whole, want), "case %zu differs from the plain query", i);
		json_decref(whole);
		json_decref(want);
	}
	/* a common search under more filters, by number and by due date (the
	 * hits tested in memory), and counts that stop at a cap: each as
	 * plain SQL has it */
	ck_assert_int_eq(zila_db_exec(f.db, "UPDATE letter SET status = 'closed' WHERE rowid % 7 = 0;"
		" UPDATE letter_marking SET status = 'replied' WHERE rowid % 3 = 0", &err), ZILA_OK);
	struct {
		struct zila_letter_filter flt;
		const char *list_sql, *count_sql;
	} mixed[] = {
		{ { .text = "repair", .status = "open", .sort = ZILA_LSORT_NUMBER },
		  "SELECT id FROM letter WHERE subject LIKE '%repair%' AND status = 'open' ORDER BY number LIMIT 1000",
		  "SELECT count(*) FROM letter WHERE subject LIKE '%repair%' AND status = 'open'" },
		{ { .text = "repair", .overdue = true, .sort = ZILA_LSORT_DUE },
		  "SELECT l.id FROM letter l JOIN letter_marking m ON m.letter_id = l.id WHERE l.subject LIKE '%repair%'"
		  " AND m.status = 'pending' ORDER BY m.due_date, m.id LIMIT 1000",
		  "SELECT count(*) FROM letter l WHERE subject LIKE '%repair%' AND EXISTS (SELECT 1 FROM letter_marking m"
		  " WHERE m.letter_id = l.id AND m.status = 'pending' AND m.due_date < '2026-11-20')" },
		{ { .overdue = true, .status = "closed", .sort = ZILA_LSORT_NUMBER },
		  "SELECT l.id FROM letter l WHERE l.status = 'closed' AND EXISTS (SELECT 1 FROM letter_marking m"
		  " WHERE m.letter_id = l.id AND m.status = 'pending' AND m.due_date < '2026-11-20') ORDER BY number LIMIT 1000",
		  "SELECT count(*) FROM letter l WHERE l.status = 'closed' AND EXISTS (SELECT 1 FROM letter_marking m"
		  " WHERE m.letter_id = l.id AND m.status = 'pending' AND m.due_date < '2026-11-20')" },
		{ { .department_id = rev, .status = "open", .sort = ZILA_LSORT_NUMBER },
		  "SELECT id FROM letter WHERE status = 'open' ORDER BY number LIMIT 1000",
		  "SELECT count(*) FROM letter WHERE status = 'open'" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(mixed); i++) {
		json_t *whole = read_whole(&f, mixed[i].flt, false), *want = json_array();
		sqlite3_stmt *st;
		ck_assert_int_eq(sqlite3_prepare_v2(zila_db_handle(f.db), mixed[i].list_sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			json_array_append_new(want, json_string((const char *)sqlite3_column_text(st, 0)));
		sqlite3_finalize(st);
		ck_assert_msg(json_array_size(want) > 100, "case %zu: only %zu rows", i, json_array_size(want));
		ck_assert_msg(json_equal(whole, want), "mixed case %zu differs from the plain query", i);
		long long exact = query_int(&f, mixed[i].count_sql), capped;
		ck_assert_int_eq(zila_letter_count(f.db, &mixed[i].flt, &count, &err), ZILA_OK);
		ck_assert_int_eq(count, exact);
		mixed[i].flt.count_cap = 100;
		ck_assert_int_eq(zila_letter_count(f.db, &mixed[i].flt, &capped, &err), ZILA_OK);
		ck_assert_int_eq(capped, 101);
		json_decref(whole);
		json_decref(want);
	}
	/* hits read ahead at the prompt, then a new letter: the list has it */
	ck_assert_int_eq(zila_letter_search_warm(f.db, "repair", &err), ZILA_OK);
	letter_diarise(&f, "Bridge repair", "PWD:5", n);
	json_t *rows = NULL;
	ck_assert_int_eq(zila_letter_list(f.db, &common, &rows, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "number")), n);
	json_decref(rows);
	ck_assert_int_eq(zila_letter_search_warm(f.db, "\xff", &err), ZILA_OK);
	/* a rare search read ahead at the prompt: its hits, in memory, drive
	 * the page instead of the full-text index; every row and column the
	 * same, in each sort, of letters and of markings, a short word too */
	for (int k = 0; k < 8; k++) {
		static const enum zila_letter_sort sorts[] = { ZILA_LSORT_RECEIVED, ZILA_LSORT_DUE, ZILA_LSORT_NUMBER };
		struct zila_letter_filter flt = { .text = k == 7 ? "water Se" : "water", .sort = sorts[k % 3], .limit = 1000,
			.status = k == 6 ? "open" : NULL };
		bool markings = k >= 3 && k < 6;
		json_t *cold, *warm;
		/* another search's hits are what the connection has */
		ck_assert_int_eq(zila_letter_search_warm(f.db, "repair", &err), ZILA_OK);
		ck_assert_int_eq(markings ? zila_marking_list(f.db, &flt, &cold, &err) : zila_letter_list(f.db, &flt, &cold, &err),
			ZILA_OK);
		ck_assert_int_eq(zila_letter_search_warm(f.db, "water", &err), ZILA_OK);
		ck_assert_int_eq(markings ? zila_marking_list(f.db, &flt, &warm, &err) : zila_letter_list(f.db, &flt, &warm, &err),
			ZILA_OK);
		ck_assert_msg(json_array_size(cold) > 400, "case %d: %zu rows", k, json_array_size(cold));
		ck_assert_msg(json_equal(cold, warm), "case %d: the page read from the hits in memory differs", k);
		json_decref(cold);
		json_decref(warm);
	}
	fixture_close(&f);
}
END_TEST

START_TEST(get_and_resolve)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n[40], id[40];
	fixture_open(&f);
	letter_diarise(&f, "Land", "REV:15,PWD:7", n);
	ACT_OK(&f, &f.rev_officer, "letter.reply", n, json_pack("{s:s, s:s}", "reply", "done", "reply_ref", "RV/9"));
	ck_assert_int_eq(zila_letter_resolve(f.db, n, id, &err), ZILA_OK);
	char lower[40];
	for (size_t i = 0; i <= strlen(n); i++)
		lower[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
	char id2[40];
	ck_assert_int_eq(zila_letter_resolve(f.db, lower, id2, &err), ZILA_OK);
	ck_assert_str_eq(id, id2);
	ck_assert_int_eq(zila_letter_resolve(f.db, "nothing", id2, &err), ZILA_ENOTFOUND);
	json_t *l;
	ck_assert_int_eq(zila_letter_get(f.db, id, &l, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(l, "number")), n);
	ck_assert_str_eq(json_string_value(json_object_get(l, "created_by")), "clerk");
	json_t *m = json_object_get(l, "markings"), *e = json_object_get(l, "events");
	ck_assert_int_eq(json_array_size(m), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 0), "department")), "REV");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 0), "department_name_hi")), "राजस्व");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(m, 0), "reply")), "done");
	ck_assert_int_eq(json_array_size(e), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(e, 3), "actor")), "rev.officer");
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(e, 3), "department")), "REV");
	json_decref(l);
	json_t *rows;
	struct zila_letter_filter all = { 0 };
	ck_assert_int_eq(zila_letter_list(f.db, &all, &rows, &err), ZILA_OK);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rows, 0), "departments")), "REV,PWD");
	json_decref(rows);
	ck_assert_int_eq(zila_letter_get(f.db, "DRG/L/07/2026/00009", &l, &err), ZILA_ENOTFOUND);
	fixture_close(&f);
}
END_TEST

/* Capped counts of letters and of markings equal the exact ones up to the
 * cap and stop at cap + 1 above it. */
START_TEST(capped_counts)
{
	struct fixture f;
	struct zila_err err = { 0 };
	char n[40], rev[40];
	fixture_open(&f);
	for (int i = 0; i < 8; i++)
		letter_diarise(&f, i < 6 ? "Road repair near Patan" : "water supply", i % 2 ? "REV:5,PWD:10" : "PWD:3", n);
	ck_assert_int_eq(zila_master_resolve(f.db, ZILA_M_DEPARTMENT, "REV", rev, &err), ZILA_OK);
	setenv("ZILA_NOW", "2026-11-27T06:00:00Z", 1);
	struct zila_letter_filter cases[] = {
		{ 0 },
		{ .text = "repair" },
		{ .text = "water" },
		{ .department_id = rev },
		{ .overdue = true },
		{ .overdue = true, .department_id = rev },
		{ .text = "repair", .department_id = rev, .sort = ZILA_LSORT_DUE },
	};
	int below = 0, above = 0;
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++)
		for (int m = 0; m < 2; m++) {
			long long exact = -1, capped = -1;
			struct zila_letter_filter c = cases[i];
			ck_assert_msg((m ? zila_marking_count(f.db, &c, &exact, &err)
					 : zila_letter_count(f.db, &c, &exact, &err)) == ZILA_OK, "%s", err.msg);
			c.count_cap = 5;
			ck_assert_msg((m ? zila_marking_count(f.db, &c, &capped, &err)
					 : zila_letter_count(f.db, &c, &capped, &err)) == ZILA_OK, "%s", err.msg);
			ck_assert_msg(capped == (exact > 5 ? 6 : exact), "case %zu/%d: exact %lld, capped %lld", i, m, exact,
				capped);
			below += exact <= 5;
			above += exact > 5;
		}
	ck_assert_int_ge(below, 3);
	ck_assert_int_ge(above, 3);
	setenv("ZILA_NOW", NOW0, 1);
	fixture_close(&f);
}
END_TEST

Suite *
letter_query_suite(void)
{
	Suite *s = suite_create("letter_query");
	TCase *tc = tcase_create("letter_query");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, due_and_overdue_follow_the_clock);
	tcase_add_test(tc, search_hindi_english_and_parts_of_words);
	tcase_add_test(tc, keyset_paging_both_ways_equals_the_whole_list);
	tcase_add_test(tc, large_lists_read_the_same_either_way);
	tcase_add_test(tc, get_and_resolve);
	tcase_add_test(tc, capped_counts);
	suite_add_tcase(s, tc);
	return s;
}
