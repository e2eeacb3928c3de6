/* test_triage.c: suggested routing: a model trained on a small set of
 * disposed grievances suggests their categories with the words that led
 * there; it is stored and read back, refreshed only when something
 * changed, and meets empty, odd and damaged input with a clear answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"
#include "zila/triage.h"
#include "zila/util.h"
#include "../../src/server/zilad.h"

/* Fresh texts of the four categories of tests/fixture/masters.csv. */
static const struct {
	const char *category, *text;
} past[] = {
	{ "WATER", "The handpump near the school is broken, no drinking water" },
	{ "WATER", "हैंडपंप खराब है, पीने का पानी नहीं मिल रहा" },
	{ "WATER", "Tap water supply stopped in our ward for a week" },
	{ "WATER", "नल में पानी नहीं आ रहा, पाइपलाइन टूटी है" },
	{ "WATER", "Handpump gives dirty water, please repair" },
	{ "WATER", "पेयजल की भारी किल्लत, टंकी खाली" },
	{ "LAND", "My name is wrong in the khasra B-1 land record" },
	{ "LAND", "खसरा नक्शा में मेरी जमीन का रकबा गलत दर्ज है" },
	{ "LAND", "Patwari has not corrected the land record for months" },
	{ "LAND", "भूमि अभिलेख में नाम सुधार नहीं हुआ, पटवारी नहीं आता" },
	{ "LAND", "Land record shows my field to someone else" },
	{ "ROAD", "The road to the village is full of potholes" },
	{ "ROAD", "सड़क में बड़े गड्ढे हैं, बारिश में चलना मुश्किल" },
	{ "ROAD", "Culvert on the road washed away in the rain" },
	{ "ROAD", "पुलिया टूट गई, सड़क बंद है" },
	{ "ROAD", "Road repair not done since two years, potholes everywhere" },
	{ "HOSP", "No doctor at the health centre on most days" },
	{ "HOSP", "अस्पताल में डॉक्टर नहीं रहते, दवाई नहीं मिलती" },
	{ "HOSP", "Ambulance did not come for my mother, hospital far" },
	{ "HOSP", "स्वास्थ्य केंद्र में नर्स और डॉक्टर अनुपस्थित" },
	{ "HOSP", "Medicines not given at the hospital, doctor absent" },
};

/* Registers a grievance, assigns it to its category's department and
 * disposes it (admin passes every department's rule). */
static void
disposed(struct fixture *f, const char *category, const char *text, char *number)
{
	struct zila_err err = { 0 };
	json_t *res = NULL;
	json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Ramesh", "category", category, "description", text);
	ck_assert_msg(run_action(f, &f->clerk, "grievance.register", args, &res, &err) == ZILA_OK, "%s", err.msg);
	snprintf(number, 40, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
	args = json_pack("{s:s}", "grievance", number);
	ck_assert_msg(run_action(f, &f->clerk, "grievance.assign", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	args = json_pack("{s:s, s:s}", "grievance", number, "reply", "Done");
	ck_assert_msg(run_action(f, &f->admin, "grievance.dispose", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
}

static void
learn_past(struct fixture *f)
{
	char num[40];
	for (size_t i = 0; i < ZILA_ARRAY_LEN(past); i++)
		disposed(f, past[i].category, past[i].text, num);
}

static bool
has_reason(const struct zila_triage_suggestion *s, const char *word)
{
	for (int i = 0; i < s->nreasons; i++)
		if (strcmp(s->reasons[i].word, word) == 0)
			return true;
	return false;
}

/* New texts, never seen, in Hindi, English and Hinglish, go to the right
 * category first, with the telling words as reasons. */
START_TEST(suggests_with_reasons)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_triage_stats st;
	struct zila_triage_model *m = NULL;
	struct zila_triage_suggestion sg[ZILA_TRIAGE_TOP];
	int n;
	fixture_open(&f);
	learn_past(&f);
	ck_assert_msg(zila_triage_build(f.db, NULL, &m, &st, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(st.examples, (long)ZILA_ARRAY_LEN(past));
	ck_assert_int_eq(st.categories, 4);
	ck_assert_int_eq(st.transferred, 0);
	ck_assert(st.features > 0);
	ck_assert(zila_triage_size(m) == st.bytes);
	static const struct {
		const char *text, *category, *reason;
	} cases[] = {
		{ "Handpump kharab hai, paani nahi", "WATER", "Handpump" },
		{ "गांव का हैंडपंप दो हफ्ते से बंद", "WATER", "हैंडपंप" },
		{ "Potholes on the main road near the bus stand", "ROAD", "Potholes" },
		{ "डॉक्टर नहीं आते अस्पताल में", "HOSP", "डॉक्टर" },
		{ "patwari ne khasra galat likha", "LAND", "khasra" },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(cases); i++) {
		ck_assert_msg(zila_triage_suggest(m, NULL, cases[i].text, sg, &n, &err) == ZILA_OK, "%s", err.msg);
		ck_assert_int_eq(n, 3);
		ck_assert_msg(strcmp(sg[0].category, cases[i].category) == 0, "'%s' went to %s, not %s", cases[i].text,
			sg[0].category, cases[i].category);
		ck_assert_msg(has_reason(&sg[0], cases[i].reason), "'%s': %s not among the reasons (first: %s)", cases[i].text,
			cases[i].reason, sg[0].nreasons ? sg[0].reasons[0].word : "none");
		ck_assert(sg[0].score >= sg[1].score && sg[1].score >= sg[2].score);
		ck_assert(sg[0].score + sg[1].score + sg[2].score <= 1.0 + 1e-9);
		ck_assert(strcmp(sg[0].category, sg[1].category) != 0 && strcmp(sg[1].category, sg[2].category) != 0);
		for (int r = 0; r < sg[0].nreasons; r++)
			ck_assert(sg[0].reasons[r].weight > 0);
	}
	/* the category carries its department and both names */
	ck_assert_int_eq(zila_triage_suggest(m, "Handpump", "no water", sg, &n, &err), ZILA_OK);
	ck_assert_str_eq(sg[0].category, "WATER");
	ck_assert_str_eq(sg[0].department, "PHED");
	ck_assert_str_eq(sg[0].category_hi, "पेयजल");
	ck_assert_str_eq(sg[0].department_en, "Public Health Engineering");
	/* a plain word never stands as a reason, however much it leans */
	ck_assert_int_eq(zila_triage_suggest(m, NULL, "पानी नहीं है", sg, &n, &err), ZILA_OK);
	ck_assert(n > 0);
	ck_assert(!has_reason(&sg[0], "नहीं") && !has_reason(&sg[0], "है"));
	zila_triage_free(&m);
	ck_assert_ptr_null(m);
	fixture_close(&f);
}
END_TEST

/* Nothing to go on gives no suggestion, not a guess; bad text is refused. */
START_TEST(empty_and_odd_text)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_triage_model *m = NULL;
	struct zila_triage_suggestion sg[ZILA_TRIAGE_TOP];
	int n = -1;
	fixture_open(&f);
	learn_past(&f);
	ck_assert_int_eq(zila_triage_build(f.db, NULL, &m, NULL, &err), ZILA_OK);
	const char *nothing[] = { "", "   ", "12345 6789", "!!! ... ???", "\xe2\x80\x8b" /* zero-width space */ };
	for (size_t i = 0; i < ZILA_ARRAY_LEN(nothing); i++) {
		ck_assert_int_eq(zila_triage_suggest(m, NULL, nothing[i], sg, &n, &err), ZILA_OK);
		ck_assert_msg(n == 0, "'%s' gave %d suggestions", nothing[i], n);
	}
	ck_assert_int_eq(zila_triage_suggest(m, NULL, NULL, sg, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(zila_triage_suggest(m, NULL, "pani \xff\xfe", sg, &n, &err), ZILA_EINVAL);
	ck_assert_int_eq(n, 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "UTF-8"));
	ck_assert_int_eq(zila_triage_suggest(NULL, NULL, "pani", sg, &n, &err), ZILA_EINVAL);
	/* a long text with a very long word: words are cut, letters never */
	static const char chunk[] = "हैंडपंप handpump ";
	char big[6000];
	size_t k = 0;
	while (k + sizeof chunk + 400 < sizeof big) {
		memcpy(big + k, chunk, sizeof chunk - 1);
		k += sizeof chunk - 1;
	}
	memset(big + k, 'x', 300);
	big[k + 300] = '\0';
	ck_assert_int_eq(zila_triage_suggest(m, NULL, big, sg, &n, &err), ZILA_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(sg[0].category, "WATER");
	for (int r = 0; r < sg[0].nreasons; r++)
		ck_assert(zila_utf8_check(sg[0].reasons[r].word, false, NULL));
	zila_triage_free(&m);
	fixture_close(&f);
}
END_TEST

/* Spellings people mix count as one: case, nukta, chandrabindu, joiners
 * typed by some keyboards, composed or decomposed letters. */
START_TEST(spellings_are_folded)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_triage_model *m = NULL;
	struct zila_triage_suggestion a[ZILA_TRIAGE_TOP], b[ZILA_TRIAGE_TOP];
	int na, nb;
	fixture_open(&f);
	learn_past(&f);
	ck_assert_int_eq(zila_triage_build(f.db, NULL, &m, NULL, &err), ZILA_OK);
	static const struct {
		const char *one, *other;
	} same[] = {
		{ "HANDPUMP Kharab", "handpump kharab" },
		{ "सड़क में गड्ढे", "सडक में गडढे" },                 /* with and without nukta */
		{ "पाँच गाँव", "पांच गांव" },                        /* chandrabindu as anusvara */
		{ "पानी नहीं", "पा\u200dनी न\u200cहीं" },              /* zero-width joiners */
		{ "\u0915\u093c\u0932 doctor", "\u0958\u0932 doctor" }, /* क़ decomposed and precomposed */
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(same); i++) {
		ck_assert_int_eq(zila_triage_suggest(m, NULL, same[i].one, a, &na, &err), ZILA_OK);
		ck_assert_int_eq(zila_triage_suggest(m, NULL, same[i].other, b, &nb, &err), ZILA_OK);
		ck_assert_msg(na == nb, "'%s' and '%s': %d and %d suggestions", same[i].one, same[i].other, na, nb);
		for (int k = 0; k < na; k++) {
			ck_assert_str_eq(a[k].category, b[k].category);
			ck_assert_double_eq_tol(a[k].score, b[k].score, 1e-9);
		}
	}
	/* the reasons are the words as typed */
	ck_assert_int_eq(zila_triage_suggest(m, NULL, "HANDPUMP Kharab", a, &na, &err), ZILA_OK);
	ck_assert_str_eq(a[0].reasons[0].word, "HANDPUMP");
	zila_triage_free(&m);
	fixture_close(&f);
}
END_TEST

/* Too little to learn from is refused with a reason, and stores nothing. */
START_TEST(too_little_to_learn)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_triage_model *m = NULL;
	char num[40];
	fixture_open(&f);
	ck_assert_int_eq(zila_triage_train(f.db, NULL, NULL, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "too few disposed grievances"));
	ck_assert_int_eq(zila_triage_load(f.db, &m, &err), ZILA_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "zila triage train"));
	ck_assert_int_eq(zila_triage_info(f.db, NULL, &err), ZILA_ENOTFOUND);
	/* grievances still open teach nothing */
	json_t *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "A", "category", "ROAD", "description", "potholes");
	for (int i = 0; i < 12; i++)
		ck_assert_int_eq(run_action(&f, &f.clerk, "grievance.register", args, NULL, &err), ZILA_OK);
	json_decref(args);
	ck_assert_int_eq(zila_triage_train(f.db, NULL, NULL, &err), ZILA_EINVAL);
	/* twelve of one category: nothing to choose between */
	for (int i = 0; i < 12; i++)
		disposed(&f, "ROAD", i % 2 ? "Road broken" : "सड़क टूटी", num);
	ck_assert_int_eq(zila_triage_train(f.db, NULL, NULL, &err), ZILA_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "one category"));
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM triage_model"), 0);
	fixture_close(&f);
}
END_TEST

/* The stored model suggests exactly as the one built in memory; a refresh
 * trains again only when a grievance was disposed since; a damaged blob
 * is reported, not read. */
START_TEST(stored_refreshed_damaged)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_triage_stats st, info;
	struct zila_triage_model *built = NULL, *loaded = NULL;
	struct zila_triage_suggestion a[ZILA_TRIAGE_TOP], b[ZILA_TRIAGE_TOP];
	int na, nb;
	bool trained;
	char num[40];
	fixture_open(&f);
	learn_past(&f);
	ck_assert_msg(zila_triage_train(f.db, NULL, &st, &err) == ZILA_OK, "%s", err.msg);
	ck_assert_int_eq(zila_triage_info(f.db, &info, &err), ZILA_OK);
	ck_assert_int_eq(info.examples, st.examples);
	ck_assert_int_eq(info.features, st.features);
	ck_assert_uint_eq(info.bytes, st.bytes);
	ck_assert_str_eq(info.trained_at, "2026-11-20T06:00:00Z");
	ck_assert_int_eq(zila_triage_build(f.db, NULL, &built, NULL, &err), ZILA_OK);
	ck_assert_int_eq(zila_triage_load(f.db, &loaded, &err), ZILA_OK);
	ck_assert_uint_eq(zila_triage_size(loaded), st.bytes);
	const char *texts[] = { "handpump", "सड़क गड्ढे", "doctor absent", "khasra galat", "kuch bhi" };
	for (size_t i = 0; i < ZILA_ARRAY_LEN(texts); i++) {
		ck_assert_int_eq(zila_triage_suggest(built, NULL, texts[i], a, &na, &err), ZILA_OK);
		ck_assert_int_eq(zila_triage_suggest(loaded, NULL, texts[i], b, &nb, &err), ZILA_OK);
		ck_assert_int_eq(na, nb);
		for (int k = 0; k < na; k++) {
			ck_assert_str_eq(a[k].category, b[k].category);
			ck_assert_double_eq_tol(a[k].score, b[k].score, 1e-9);
			ck_assert_int_eq(a[k].nreasons, b[k].nreasons);
		}
	}
	zila_triage_free(&built);
	zila_triage_free(&loaded);
	/* nothing changed: no training */
	ck_assert_int_eq(zila_triage_refresh(f.db, NULL, &trained, &st, &err), ZILA_OK);
	ck_assert(!trained);
	ck_assert_int_eq(st.examples, (long)ZILA_ARRAY_LEN(past));
	/* one more disposed: trained again, with it */
	disposed(&f, "WATER", "Water tanker did not come", num);
	ck_assert_int_eq(zila_triage_refresh(f.db, NULL, &trained, &st, &err), ZILA_OK);
	ck_assert(trained);
	ck_assert_int_eq(st.examples, (long)ZILA_ARRAY_LEN(past) + 1);
	ck_assert_int_eq(query_int(&f, "SELECT count(*) FROM triage_model"), 1);
	/* --max: the most recent N only */
	struct zila_triage_opts o = { .max_examples = 10 };
	ck_assert_int_eq(zila_triage_train(f.db, &o, &st, &err), ZILA_OK);
	ck_assert_int_eq(st.examples, 10);
	/* a size budget drops the rarest features first, and still suggests */
	struct zila_triage_model *small = NULL;
	struct zila_triage_opts tight = { .max_bytes = 4000 }, loose = { .min_count = 1 };
	struct zila_triage_stats all;
	ck_assert_int_eq(zila_triage_build(f.db, &loose, &small, &all, &err), ZILA_OK);
	zila_triage_free(&small);
	ck_assert_int_eq(zila_triage_build(f.db, &tight, &small, &st, &err), ZILA_OK);
	ck_assert_uint_le(zila_triage_size(small), 4000);
	ck_assert(st.features > 0 && st.features < all.features);
	ck_assert_int_eq(zila_triage_suggest(small, NULL, "handpump", a, &na, &err), ZILA_OK);
	ck_assert_int_eq(na, 3);
	ck_assert_str_eq(a[0].category, "WATER");
	zila_triage_free(&small);
	/* damage */
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db), "UPDATE triage_model SET model = substr(model, 1, 40)", NULL,
		NULL, NULL), SQLITE_OK);
	ck_assert_int_eq(zila_triage_load(f.db, &loaded, &err), ZILA_EDB);
	ck_assert_ptr_nonnull(strstr(err.msg, "damaged"));
	ck_assert_ptr_null(loaded);
	ck_assert_int_eq(sqlite3_exec(zila_db_handle(f.db), "UPDATE triage_model SET model = x'00'", NULL, NULL, NULL),
		SQLITE_OK);
	ck_assert_int_eq(zila_triage_load(f.db, &loaded, &err), ZILA_EDB);
	/* training again mends it */
	ck_assert_int_eq(zila_triage_train(f.db, NULL, NULL, &err), ZILA_OK);
	ck_assert_int_eq(zila_triage_load(f.db, &loaded, &err), ZILA_OK);
	zila_triage_free(&loaded);
	fixture_close(&f);
}
END_TEST

struct seen {
	int n, moved;
	char last_category[32], last_department[32];
};

static int
count_example(void *ctx, const char *subject, const char *description, const char *category, const char *department,
	bool transferred)
{
	struct seen *s = ctx;
	(void)subject;
	(void)description;
	s->n++;
	if (transferred) {
		s->moved++;
		snprintf(s->last_category, sizeof s->last_category, "%s", category);
		snprintf(s->last_department, sizeof s->last_department, "%s", department);
	}
	return 0;
}

/* A grievance registered as a road but transferred to Revenue and disposed
 * there teaches Revenue's category, not Roads; the holdout split keeps a
 * fixed part out of training. */
START_TEST(label_is_the_disposing_department)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zila_triage_stats st;
	struct zila_triage_model *m = NULL;
	char num[40];
	fixture_open(&f);
	learn_past(&f);
	json_t *res = NULL, *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Geeta", "category", "ROAD",
		"description", "Boundary of my field near the road is wrong in the naksha");
	ck_assert_int_eq(run_action(&f, &f.clerk, "grievance.register", args, &res, &err), ZILA_OK);
	snprintf(num, sizeof num, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
	args = json_pack("{s:s}", "grievance", num);
	ck_assert_int_eq(run_action(&f, &f.clerk, "grievance.assign", args, NULL, &err), ZILA_OK);
	json_decref(args);
	args = json_pack("{s:s, s:s, s:s}", "grievance", num, "department", "REV", "reason", "land, not road");
	ck_assert_msg(run_action(&f, &f.admin, "grievance.transfer", args, NULL, &err) == ZILA_OK, "%s", err.msg);
	json_decref(args);
	args = json_pack("{s:s, s:s}", "grievance", num, "reply", "Naksha corrected");
	ck_assert_int_eq(run_action(&f, &f.admin, "grievance.dispose", args, NULL, &err), ZILA_OK);
	json_decref(args);
	ck_assert_int_eq(zila_triage_build(f.db, NULL, &m, &st, &err), ZILA_OK);
	ck_assert_int_eq(st.transferred, 1);
	ck_assert_int_eq(st.examples, (long)ZILA_ARRAY_LEN(past) + 1);
	zila_triage_free(&m);
	struct seen all = { 0 }, in = { 0 }, out = { 0 };
	struct zila_triage_opts o = { .holdout = 3 };
	ck_assert_int_eq(zila_triage_examples(f.db, NULL, false, count_example, &all, &err), ZILA_OK);
	ck_assert_int_eq(all.n, (int)ZILA_ARRAY_LEN(past) + 1);
	ck_assert_int_eq(all.moved, 1);
	ck_assert_str_eq(all.last_department, "REV");
	ck_assert_str_eq(all.last_category, "");
	ck_assert_int_eq(zila_triage_examples(f.db, &o, false, count_example, &in, &err), ZILA_OK);
	ck_assert_int_eq(zila_triage_examples(f.db, &o, true, count_example, &out, &err), ZILA_OK);
	ck_assert_int_eq(in.n + out.n, all.n);
	ck_assert(in.n > 0 && out.n > 0);
	ck_assert_int_eq(zila_triage_build(f.db, &o, &m, &st, &err), ZILA_OK);
	ck_assert_int_eq(st.examples, in.n);
	zila_triage_free(&m);
	fixture_close(&f);
}
END_TEST

/* zilad's refresh thread trains at start, on its own connection, and
 * stops when asked; every = 0 starts nothing. */
START_TEST(zilad_refreshes_the_model)
{
	struct fixture f;
	struct zila_err err = { 0 };
	struct zilad_triage_job *job = NULL;
	fixture_open(&f);
	learn_past(&f);
	ck_assert_int_eq(zilad_triage_start(f.path, 0, &job, &err), ZILA_OK);
	ck_assert_ptr_null(job);
	ck_assert_int_eq(zilad_triage_start(f.path, 3600, &job, &err), ZILA_OK);
	ck_assert_ptr_nonnull(job);
	long long n = 0;
	for (int i = 0; i < 200 && n == 0; i++) {
		usleep(50 * 1000);
		n = query_int(&f, "SELECT count(*) FROM triage_model");
	}
	zilad_triage_stop(&job);
	ck_assert_ptr_null(job);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(query_int(&f, "SELECT examples FROM triage_model"), (long long)ZILA_ARRAY_LEN(past));
	/* triage_every in the configuration: a day unless said, 0 for never */
	struct zilad_config c;
	char conf[400];
	snprintf(conf, sizeof conf, "%s/zilad.conf", f.dir);
	static const struct {
		const char *text;
		enum zila_status s;
		unsigned every;
	} confs[] = {
		{ "listen = 127.0.0.1\ntls = off\ndatabase = /tmp/x.db\n", ZILA_OK, 86400 },
		{ "listen = 127.0.0.1\ntls = off\ndatabase = /tmp/x.db\ntriage_every = 0\n", ZILA_OK, 0 },
		{ "listen = 127.0.0.1\ntls = off\ndatabase = /tmp/x.db\ntriage_every = 3600\n", ZILA_OK, 3600 },
		{ "listen = 127.0.0.1\ntls = off\ndatabase = /tmp/x.db\ntriage_every = -1\n", ZILA_EINVAL, 0 },
		{ "listen = 127.0.0.1\ntls = off\ndatabase = /tmp/x.db\ntriage_every = daily\n", ZILA_EINVAL, 0 },
	};
	for (size_t i = 0; i < ZILA_ARRAY_LEN(confs); i++) {
		FILE *fp = fopen(conf, "w");
		ck_assert_ptr_nonnull(fp);
		fputs(confs[i].text, fp);
		fclose(fp);
		zilad_config_defaults(&c);
		ck_assert_int_eq(zilad_config_read(&c, conf, &err), confs[i].s);
		if (confs[i].s == ZILA_OK)
			ck_assert_uint_eq(c.triage_every, confs[i].every);
		else
			ck_assert_ptr_nonnull(strstr(err.msg, "bad value for triage_every"));
	}
	fixture_close(&f);
}
END_TEST

Suite *
triage_suite(void)
{
	Suite *s = suite_create("triage");
	TCase *tc = tcase_create("triage");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, suggests_with_reasons);
	tcase_add_test(tc, empty_and_odd_text);
	tcase_add_test(tc, spellings_are_folded);
	tcase_add_test(tc, too_little_to_learn);
	tcase_add_test(tc, stored_refreshed_damaged);
	tcase_add_test(tc, label_is_the_disposing_department);
	tcase_add_test(tc, zilad_refreshes_the_model);
	suite_add_tcase(s, tc);
	return s;
}
