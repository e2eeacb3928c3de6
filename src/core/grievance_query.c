/* grievance_query.c: reading grievances: a page of a filtered list (keyset
 * paging on the indexes of db/001_init.sql), a count, one record with its
 * events and attachments, and finding one by number.
 *
 * The list's SQL is put together from constant fragments chosen by which
 * filters are set, so each shape is a plain indexed query (no
 * "?1 IS NULL OR" that would hide the index from the planner); every value
 * is bound. Sorting by due date or registration runs one index walk per
 * status and merges them, because the indexes hold (status, key, id): a
 * page of 50 reads about 50 rows per status whatever the size of the table. A search that
 * finds few rows lets them drive (and sorts them); one that finds many
 * (a common word) is walked like a plain list, each row checked against
 * the hits held in memory. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/blob.h"
#include "zila/grievance.h"
#include "zila/record.h"
#include "zila/query.h"
#include "zila/util.h"
#include "internal.h"

/* Parameter numbers, the same in every shape. */
enum {
	P_DEPT = 1, P_CATEGORY, P_OFFICER, P_BLOCK, P_GP, P_FROM, P_TO, P_TODAY,
	P_MATCH, P_SHORT, P_KEY, P_KEY_ID, P_LIMIT, P_STATUS, P_RIDS, P_CAP, P_HITS, P_MOBILE
};

/* The column each sort orders by, then by id. */
static const char *const key_col[] = { "g.due_date", "g.registered_on", "g.number" };

/* The states of grievance.h's table: the list walks one arm per state. */
#define STATE(i) (zila_grievance_kind.states[i].name)
#define OPEN_IN zila_state_open_sql(&zila_grievance_kind)

/* What a search turned into: an FTS5 MATCH string for the words of three
 * characters or more, and a JSON list of LIKE patterns for the shorter
 * ones (the trigram index cannot see them). */
struct search {
	char *match;
	char *short_json;
};

static void
search_free(struct search *s)
{
	free(s->match);
	free(s->short_json);
	s->match = s->short_json = NULL;
}

static size_t
utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static void
search_build(const char *text, struct search *out)
{
	size_t n = strlen(text);
	/* every word is followed by a space, the last one too, then the NUL */
	char *long_words = zila_xmalloc(n + 2), *pat = zila_xmalloc(2 * n + 3);
	size_t ll = 0;
	json_t *shorts = json_array();
	const char *p = text;
	while (*p) {
		p += strspn(p, " \t\n");
		size_t w = strcspn(p, " \t\n");
		if (!w)
			break;
		if (utf8_chars(p, w) >= 3) {
			memcpy(long_words + ll, p, w);
			ll += w;
			long_words[ll++] = ' ';
		} else {
			size_t k = 0;
			pat[k++] = '%';
			for (size_t i = 0; i < w; i++) {
				if (p[i] == '%' || p[i] == '_' || p[i] == '\\')
					pat[k++] = '\\';
				pat[k++] = p[i];
			}
			pat[k++] = '%';
			json_array_append_new(shorts, json_stringn_nocheck(pat, k));
		}
		p += w;
	}
	long_words[ll] = '\0';
	bool unused;
	out->match = ll ? zila_fts_query(long_words, &unused) : NULL;
	out->short_json = json_array_size(shorts) ? json_dumps(shorts, JSON_COMPACT) : NULL;
	json_decref(shorts);
	free(long_words);
	free(pat);
}

/* One AND term; a leading "+" keeps the planner from using an index for
 * it, so the walk stays on the index that gives the list's order. */
static void
add_term(struct zila_sql *q, bool plus, const char *term)
{
	zila_sql_add(q, plus ? " AND +" : " AND ");
	zila_sql_add(q, term);
}

/* The filters of every shape but status, text and paging, as AND terms. */
static void
add_filters(struct zila_sql *q, const struct zila_grievance_filter *f, bool plus)
{
	if (f->mobile) /* never "+": its index is the one to walk */
		zila_sql_add(q, " AND g.mobile = ?18");
	if (f->department_id) /* newest first has (department_id, status, registered_on, id) too */
		add_term(q, plus && f->sort != ZILA_GSORT_REGISTERED, "g.department_id = ?1");
	if (f->category_id)
		add_term(q, plus, "g.category_id = ?2");
	if (f->officer_id)
		add_term(q, plus, "g.officer_id = ?3");
	if (f->block_id)
		add_term(q, plus, "g.block_id = ?4");
	if (f->gp_id)
		add_term(q, plus, "g.gp_id = ?5");
	if (f->from)
		zila_sql_add(q, " AND g.registered_on >= ?6");
	if (f->to)
		zila_sql_add(q, " AND g.registered_on <= ?7");
	if (f->overdue)
		add_term(q, plus, "g.due_date < ?8");
}

/* The search on the FTS table (alias f): the trigram MATCH, and a LIKE
 * for each short word over all its columns. */
static void
add_fts(struct zila_sql *q, const struct search *s)
{
	zila_sql_add(q, s->match ? "grievance_fts MATCH ?9" : "1");
	if (s->short_json)
		zila_sql_add(q, " AND NOT EXISTS (SELECT 1 FROM json_each(?10) w WHERE (f.number || ' ' || f.citizen"
			" || ' ' || f.description || ' ' || f.notes) NOT LIKE w.value ESCAPE '\\')");
}

/* The keyset condition and the order, for one direction. */
static void
add_page(struct zila_sql *q, const struct zila_grievance_filter *f, bool asc_walk)
{
	static const char *const cond[3][2] = {
		[ZILA_GSORT_DUE] = { " AND g.due_date <= ?11 AND (g.due_date < ?11 OR g.id < ?12)",
				     " AND g.due_date >= ?11 AND (g.due_date > ?11 OR g.id > ?12)" },
		[ZILA_GSORT_REGISTERED] = { " AND g.registered_on <= ?11 AND (g.registered_on < ?11 OR g.id < ?12)",
					    " AND g.registered_on >= ?11 AND (g.registered_on > ?11 OR g.id > ?12)" },
		[ZILA_GSORT_NUMBER] = { " AND g.number < ?11", " AND g.number > ?11" },
	};
	static const char *const order[3][2] = {
		[ZILA_GSORT_DUE] = { " ORDER BY g.due_date DESC, g.id DESC", " ORDER BY g.due_date, g.id" },
		[ZILA_GSORT_REGISTERED] = { " ORDER BY g.registered_on DESC, g.id DESC", " ORDER BY g.registered_on, g.id" },
		[ZILA_GSORT_NUMBER] = { " ORDER BY g.number DESC", " ORDER BY g.number" },
	};
	if (f->after_key)
		zila_sql_add(q, cond[f->sort][asc_walk]);
	zila_sql_add(q, order[f->sort][asc_walk]);
}

/* Which statuses the filter lets through, as a mask over the states. */
static unsigned
status_mask(const struct zila_grievance_filter *f)
{
	unsigned m = (1u << ZILA_GS_COUNT) - 1, open = zila_state_open_mask(&zila_grievance_kind);
	if (f->status && strcmp(f->status, "open") == 0)
		m = open;
	else if (f->status) {
		int i = zila_state_index(&zila_grievance_kind, f->status);
		m = i < 0 ? 0 : 1u << i;
	}
	if (f->overdue)
		m &= open;
	return m;
}

static void
add_status(struct zila_sql *q, const struct zila_grievance_filter *f, bool plus)
{
	bool open = f->status && strcmp(f->status, "open") == 0;
	if (f->status && !open)
		add_term(q, plus, "g.status = ?14");
	if (open || f->overdue)
		zila_sql(q, plus ? " AND +" : " AND ", "g.status IN ", OPEN_IN);
}

static enum zila_status
filter_check(const struct zila_grievance_filter *f, struct zila_err *err)
{
	if (f->status && strcmp(f->status, "open") != 0 && zila_state_index(&zila_grievance_kind, f->status) < 0) {
		char names[256];
		return zila_fail(err, ZILA_EINVAL, "status must be open or one of %1$s, not '%2$s'",
			zila_state_names(&zila_grievance_kind, names, sizeof names), f->status);
	}
	if ((unsigned)f->sort > ZILA_GSORT_NUMBER)
		return zila_fail(err, ZILA_EINVAL, "sort must be due, registered or number");
	if (f->limit < 0 || f->limit > 1000)
		return zila_fail(err, ZILA_EINVAL, "limit must be between 1 and 1000");
	if (f->from && !zila_date_valid(f->from))
		return zila_fail(err, ZILA_EINVAL, "from must be a date as YYYY-MM-DD, not '%s'", f->from);
	if (f->to && !zila_date_valid(f->to))
		return zila_fail(err, ZILA_EINVAL, "to must be a date as YYYY-MM-DD, not '%s'", f->to);
	if (f->text && !zila_utf8_check(f->text, true, NULL))
		return zila_fail(err, ZILA_EINVAL, "search text is not valid UTF-8");
	if (f->after_key && !f->after_id && f->sort != ZILA_GSORT_NUMBER)
		return zila_fail(err, ZILA_EINVAL, "after: give the key and the id of the last row");
	return ZILA_OK;
}

static void
bind_filter(sqlite3_stmt *st, const struct zila_grievance_filter *f, const struct search *s, const char *today)
{
	bind_str(st, P_DEPT, f->department_id);
	bind_str(st, P_CATEGORY, f->category_id);
	bind_str(st, P_OFFICER, f->officer_id);
	bind_str(st, P_BLOCK, f->block_id);
	bind_str(st, P_GP, f->gp_id);
	bind_str(st, P_FROM, f->from);
	bind_str(st, P_TO, f->to);
	bind_str(st, P_TODAY, today);
	bind_str(st, P_MATCH, s->match);
	bind_str(st, P_SHORT, s->short_json);
	bind_str(st, P_KEY, f->after_key);
	bind_str(st, P_KEY_ID, f->after_id ? f->after_id : "");
	sqlite3_bind_int(st, P_LIMIT, f->limit ? f->limit : 50);
	bind_str(st, P_STATUS, f->status);
	bind_str(st, P_MOBILE, f->mobile);
}

static void
today_ist(char *today)
{
	zila_ist_date(zila_clock(), today, 11);
}

/* Above this many hits a search is common enough that walking the list's
 * index and checking each row against the hits (held in memory) beats
 * reading every hit and sorting them; below it the hits drive. The hits
 * cost a row each (read at random), the walk about N / hits index entries
 * for each row of a page: the two meet near sqrt(25 N) hits, 5,000 on the
 * 1,000,000-record demo, where it was measured. A fixed 5,000 on 200,000
 * records had a word with 3,760 hits read them all: 14 ms for a page and
 * 6 ms for its count, where the walk took 1 ms and 1.6 ms. N is the
 * largest rowid (one step down the table's b-tree). */
static size_t
hit_cap(struct zila_db *db)
{
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT max(rowid) FROM grievance", NULL);
	double n = st && sqlite3_step(st) == SQLITE_ROW ? (double)sqlite3_column_int64(st, 0) : 0;
	if (st)
		sqlite3_reset(st);
	size_t cap = (size_t)sqrt(25.0 * n);
	return cap < 200 ? 200 : cap > 5000 ? 5000 : cap;
}

static bool
has_search(const struct search *s)
{
	return s->match || s->short_json;
}

/* The cached statement for q with every filter bound. */
static sqlite3_stmt *
prepare(struct zila_db *db, const struct zila_sql *q, const struct zila_grievance_filter *f, const struct search *s,
	struct zila_err *err)
{
	char today[11];
	sqlite3_stmt *st = zila_sql_stmt(db, q, err);
	if (st) {
		today_ist(today);
		bind_filter(st, f, s, today);
	}
	return st;
}

/* The index a one-status arm walks: the one that holds (filter, status,
 * key, id) for the most selective filter set, so the page is read in
 * order and stops after `limit` rows. Named, not left to the planner:
 * with statistics that lag the indexes (an ANALYZE before a migration
 * added some, or a sampled one) SQLite picked (status, registered_on)
 * for a list by due date and sorted a whole status, 0.7 s a page on the
 * 1,000,000-record demo. A date range has no such index in due order:
 * the planner weighs reading the range and sorting it against the walk. */
static const char *
arm_index(const struct zila_grievance_filter *f)
{
	if (f->mobile) /* a citizen has a handful: read them all, in any order */
		return "grievance_mobile_due";
	if (f->sort == ZILA_GSORT_REGISTERED)
		return f->department_id ? "grievance_dept_registered" : "grievance_status_registered";
	if (f->sort != ZILA_GSORT_DUE || f->from || f->to)
		return NULL;
	if (f->gp_id)
		return "grievance_gp_due";
	if (f->officer_id)
		return "grievance_officer_due";
	if (f->block_id)
		return "grievance_block_due";
	if (f->category_id)
		return "grievance_category_due";
	return f->department_id ? "grievance_dept_due" : "grievance_status_due";
}

/* One walk over the grievance table in list order: for one status (a
 * constant of this file) or for the filter's statuses. */
static void
add_arm(struct zila_sql *q, const struct zila_grievance_filter *f, const char *status, bool asc_walk)
{
	/* by due date the filters may pick their own (filter, status,
	 * due_date, id) index; the other orders have one index each */
	bool plus = f->sort != ZILA_GSORT_DUE;
	const char *index = status ? arm_index(f) : NULL;
	/* rowid, then the row's place in list order (from the index itself) */
	zila_sql_add(q, "SELECT g.rowid AS rid, ");
	zila_sql_add(q, key_col[f->sort]);
	zila_sql_add(q, " AS k, g.id AS kid FROM grievance g ");
	if (index) {
		zila_sql_add(q, "INDEXED BY ");
		zila_sql_add(q, index);
		zila_sql_add(q, " ");
	}
	zila_sql_add(q, "WHERE ");
	if (status) {
		zila_sql_add(q, "g.status = '");
		zila_sql_add(q, status);
		zila_sql_add(q, "'");
	} else {
		zila_sql_add(q, "1");
		add_status(q, f, plus);
	}
	add_filters(q, f, plus);
	add_page(q, f, asc_walk);
}

/* The page's rows: "pick" chooses the rowids (a page per arm at most) and
 * is materialized, then joined outward in a fixed order: left to itself,
 * the planner may push the join into every arm or start from a small
 * master table and walk the whole grievance table. */
static void
add_head(struct zila_sql *q)
{
	zila_sql_add(q, "WITH pick(rid) AS MATERIALIZED (");
}

static void
add_tail(struct zila_sql *q, const struct zila_grievance_filter *f, bool asc_walk)
{
	zila_sql(q, ") SELECT g.id, g.number, g.citizen_name, g.mobile, d.code AS department, d.name_en AS department_name,"
		" c.code AS category, g.status, g.registered_on, g.due_date,"
		" CASE WHEN g.status IN ", OPEN_IN, " AND g.due_date < ?8"
		" THEN CAST(julianday(?8) - julianday(g.due_date) AS INTEGER) ELSE 0 END AS days_overdue,"
		" u.login AS officer, p.name_en AS gp_name, ");
	zila_sql_add(q, key_col[f->sort]);
	zila_sql_add(q, " AS sort_key FROM pick CROSS JOIN grievance g ON g.rowid = pick.rid"
		" CROSS JOIN department d ON d.id = g.department_id CROSS JOIN category c ON c.id = g.category_id"
		" LEFT JOIN app_user u ON u.id = g.officer_id LEFT JOIN gram_panchayat p ON p.id = g.gp_id");
	struct zila_grievance_filter outer = *f;
	outer.after_key = NULL;
	add_page(q, &outer, asc_walk);
	zila_sql_add(q, " LIMIT ?13");
}

/* The search's hits, read from the full-text index or remembered from the
 * last time the same search ran on unchanged data (hits.c). Never NULL on
 * ZILA_OK. */
static enum zila_status
hits_load(struct zila_db *db, const struct zila_grievance_filter *f, const struct search *s,
	const struct core_hits **out, struct zila_err *err)
{
	char *key = zila_xmalloc(strlen(s->match ? s->match : "") + strlen(s->short_json ? s->short_json : "") + 32);
	sprintf(key, "grievance search\x1f%s\x1f%s", s->match ? s->match : "", s->short_json ? s->short_json : "");
	struct zila_sql q = { .len = 0 };
	zila_sql_add(&q, "SELECT f.rowid FROM grievance_fts f WHERE ");
	add_fts(&q, s);
	zila_sql_add(&q, " ORDER BY f.rowid");
	sqlite3_stmt *stmt = prepare(db, &q, f, s, err);
	enum zila_status st = stmt ? core_hits_load(db, key, stmt, out, err) : ZILA_EDB;
	free(key);
	return st;
}

/* A row an arm kept: its rowid and its place in list order. */
struct kept {
	sqlite3_int64 rid;
	char key[64], id[40];
};

/* The rows kept so far across arms, best first in the walk's direction;
 * once there are `limit` of them the last is the bound no later row of
 * any arm may pass. */
struct page_pick {
	struct kept *v;
	int n, limit;
	bool asc;
};

static int
kept_cmp(const struct kept *a, const struct kept *b, bool asc)
{
	int c = strcmp(a->key, b->key);
	if (!c)
		c = strcmp(a->id, b->id);
	return asc ? c : -c;
}

static int
kept_cmp_asc(const void *a, const void *b)
{
	return kept_cmp(a, b, true);
}

static int
kept_cmp_desc(const void *a, const void *b)
{
	return kept_cmp(a, b, false);
}

static void
page_pick_trim(struct page_pick *p)
{
	qsort(p->v, (size_t)p->n, sizeof *p->v, p->asc ? kept_cmp_asc : kept_cmp_desc);
	if (p->n > p->limit)
		p->n = p->limit;
}

/* One arm's statement, stepped to its first row before any is walked. */
struct arm {
	sqlite3_stmt *st;
	int rc;
	struct kept first;
};

static void
kept_read(sqlite3_stmt *st, struct kept *k)
{
	const char *key = (const char *)sqlite3_column_text(st, 1), *id = (const char *)sqlite3_column_text(st, 2);
	k->rid = sqlite3_column_int64(st, 0);
	snprintf(k->key, sizeof k->key, "%s", key ? key : "");
	snprintf(k->id, sizeof k->id, "%s", id ? id : "");
}

/* Whether the statement's row comes after bound in list order. */
static bool
past_bound(sqlite3_stmt *st, const struct kept *bound, bool asc)
{
	const char *key = (const char *)sqlite3_column_text(st, 1);
	int c = strcmp(key ? key : "", bound->key);
	if (!c) {
		const char *id = (const char *)sqlite3_column_text(st, 2);
		c = strcmp(id ? id : "", bound->id);
	}
	return asc ? c > 0 : c < 0;
}

/* Walks one arm on from its first row in list order and keeps the rows
 * the search found, up to `limit`, stopping at a row past the page's
 * bound (the last of a full page from the arms before). */
static void
walk_arm(struct arm *a, const struct core_hits *h, struct page_pick *p)
{
	int kept = 0;
	const struct kept *bound = p->n >= p->limit ? &p->v[p->limit - 1] : NULL;
	while (kept < p->limit && a->rc == SQLITE_ROW) {
		/* most rows are not hits: they are compared in place, only a
		 * hit is copied */
		if (bound && past_bound(a->st, bound, p->asc))
			break;
		if (core_hits_have(h, sqlite3_column_int64(a->st, 0))) {
			kept_read(a->st, &p->v[p->n]);
			p->n++;
			kept++;
		}
		a->rc = sqlite3_step(a->st);
	}
	if (a->rc != SQLITE_ROW && a->rc != SQLITE_DONE)
		return;
	a->rc = SQLITE_DONE;
	page_pick_trim(p);
}

/* Orders the (at most six) arms by their first row in list order, empty
 * arms last. */
static void
arms_order(struct arm *arms, int n, bool asc)
{
	for (int i = 1; i < n; i++) {
		struct arm a = arms[i];
		int j = i;
		for (; j > 0; j--) {
			const struct arm *b = &arms[j - 1];
			bool before = a.rc == SQLITE_ROW &&
				(b->rc != SQLITE_ROW || kept_cmp(&a.first, &b->first, asc) < 0);
			if (!before)
				break;
			arms[j] = arms[j - 1];
		}
		arms[j] = a;
	}
}

/* Sorting by due date or by registration reads one index walk per
 * status, (status, key, id), and merges them; by number, one walk. */
static bool
walk_by_status(const struct zila_grievance_filter *f)
{
	return f->sort != ZILA_GSORT_NUMBER;
}

static int
rid_cmp(const void *a, const void *b)
{
	sqlite3_int64 x = *(const sqlite3_int64 *)a, y = *(const sqlite3_int64 *)b;
	return x < y ? -1 : x > y;
}

/* A common search: each arm walked against the hits in memory, the arm
 * whose first row comes first in list order first, so a full page and its
 * bound come early and the other arms stop after a few rows (on the
 * 1,000,000-record demo about 1,000 index rows in all instead of 1,500
 * an arm). The rowids of the page go to the page query as a set (rids,
 * ascending) bound to zila_hits(?15). */
static enum zila_status
pick_common_search(struct zila_db *db, const struct zila_grievance_filter *f, const struct search *s,
	const struct core_hits *h, bool asc_walk, struct core_hits *rids, struct zila_err *err)
{
	unsigned mask = status_mask(f);
	enum zila_status st = ZILA_OK;
	int limit = f->limit ? f->limit : 50, n = 0;
	struct arm arms[ZILA_GS_COUNT];
	for (int i = 0; st == ZILA_OK && i < ZILA_GS_COUNT; i++) {
		if (walk_by_status(f) && !(mask & (1u << i)))
			continue;
		struct zila_sql q = { .len = 0 };
		add_arm(&q, f, walk_by_status(f) ? STATE(i) : NULL, asc_walk);
		struct arm *a = &arms[n];
		if (!(a->st = prepare(db, &q, f, s, err))) {
			st = ZILA_EDB;
			break;
		}
		n++;
		if ((a->rc = sqlite3_step(a->st)) == SQLITE_ROW)
			kept_read(a->st, &a->first);
		else if (a->rc != SQLITE_DONE)
			st = zila_db_error(db, "grievance list", err);
		if (!walk_by_status(f))
			break;
	}
	/* the page so far plus one arm's rows */
	struct page_pick p = { .v = zila_xcalloc(2 * (size_t)limit, sizeof *p.v), .limit = limit, .asc = asc_walk };
	arms_order(arms, n, asc_walk);
	for (int i = 0; st == ZILA_OK && i < n; i++) {
		walk_arm(&arms[i], h, &p);
		if (arms[i].rc != SQLITE_DONE)
			st = zila_db_error(db, "grievance list", err);
	}
	for (int i = 0; i < n; i++)
		sqlite3_reset(arms[i].st);
	rids->v = zila_xmalloc(((size_t)p.n + 1) * sizeof *rids->v);
	rids->n = 0;
	for (int i = 0; st == ZILA_OK && i < p.n; i++)
		rids->v[rids->n++] = p.v[i].rid;
	qsort(rids->v, rids->n, sizeof *rids->v, rid_cmp);
	free(p.v);
	return st;
}

/* Fills q's "pick" with the rowids of the page; *rids, when set, is the
 * set bound to zila_hits(?15): the search's hits (remembered by the
 * connection), or the page's own rowids kept in *own (freed by the
 * caller). The hits were once written out as a JSON list for json_each:
 * 4,000 hits made a 30 KB text to print and parse again for each page. */
static enum zila_status
add_pick(struct zila_db *db, struct zila_sql *q, const struct zila_grievance_filter *f, const struct search *s,
	bool asc_walk, const struct core_hits **rids, struct core_hits *own, struct zila_err *err)
{
	if (has_search(s)) {
		/* the search runs once: a rare one's hits drive and are sorted,
		 * a common one is checked row by row while the index is walked */
		const struct core_hits *h = NULL;
		enum zila_status st = hits_load(db, f, s, &h, err);
		if (st == ZILA_OK && h->n > hit_cap(db)) {
			st = pick_common_search(db, f, s, h, asc_walk, own, err);
			zila_sql_add(q, "SELECT value AS rid FROM zila_hits(?15)");
			*rids = own;
		} else if (st == ZILA_OK) {
			zila_sql_add(q, "SELECT g.rowid AS rid FROM zila_hits(?15) j CROSS JOIN grievance g ON g.rowid = j.value WHERE 1");
			add_status(q, f, true);
			add_filters(q, f, true);
			add_page(q, f, asc_walk);
			zila_sql_add(q, " LIMIT ?13");
			*rids = h;
		}
		return st;
	}
	if (walk_by_status(f)) {
		/* one index walk per status, each stopping after a page */
		unsigned mask = status_mask(f);
		bool first = true;
		for (int i = 0; i < ZILA_GS_COUNT; i++) {
			if (!(mask & (1u << i)))
				continue;
			zila_sql_add(q, first ? "SELECT rid FROM (" : " UNION ALL SELECT rid FROM (");
			add_arm(q, f, STATE(i), asc_walk);
			zila_sql_add(q, " LIMIT ?13)");
			first = false;
		}
		if (first)
			zila_sql_add(q, "SELECT NULL AS rid WHERE 0");
		return ZILA_OK;
	}
	zila_sql_add(q, "SELECT rid FROM (");
	add_arm(q, f, NULL, asc_walk);
	zila_sql_add(q, " LIMIT ?13)");
	return ZILA_OK;
}

/* A search that is a mobile number, or a mobile filter in any form,
 * becomes the 10 digits the rows hold (into ten); false when the mobile
 * filter is not a mobile number. */
static bool
mobile_filter(const struct zila_grievance_filter *in, struct zila_grievance_filter *out, char *ten)
{
	*out = *in;
	if (in->mobile) {
		if (!zila_mobile_normal(in->mobile, ten))
			return false;
		out->mobile = ten;
	} else if (in->text && zila_mobile_normal(in->text, ten)) {
		out->mobile = ten;
		out->text = NULL;
	}
	return true;
}

static enum zila_status grievance_list(struct zila_db *db, const struct zila_grievance_filter *f, json_t **rows,
	struct zila_err *err);
static enum zila_status grievance_count(struct zila_db *db, const struct zila_grievance_filter *f, long long *count,
	struct zila_err *err);

enum zila_status
zila_grievance_list(struct zila_db *db, const struct zila_grievance_filter *f, json_t **rows, struct zila_err *err)
{
	struct zila_grievance_filter m;
	char ten[11];
	*rows = NULL;
	if (!mobile_filter(f, &m, ten))
		return zila_fail(err, ZILA_EINVAL, "mobile: '%s' is not a mobile number (10 digits starting 6-9)", f->mobile);
	return grievance_list(db, &m, rows, err);
}

enum zila_status
zila_grievance_count(struct zila_db *db, const struct zila_grievance_filter *f, long long *count, struct zila_err *err)
{
	struct zila_grievance_filter m;
	char ten[11];
	*count = 0;
	if (!mobile_filter(f, &m, ten))
		return zila_fail(err, ZILA_EINVAL, "mobile: '%s' is not a mobile number (10 digits starting 6-9)", f->mobile);
	return grievance_count(db, &m, count, err);
}

static enum zila_status
grievance_list(struct zila_db *db, const struct zila_grievance_filter *f, json_t **rows, struct zila_err *err)
{
	struct zila_sql q = { .len = 0 };
	struct search s = { 0 };
	const struct core_hits *rids = NULL;
	struct core_hits own = { 0 };
	enum zila_status st;
	*rows = NULL;
	if ((st = filter_check(f, err)))
		return st;
	/* rows are walked away from the key; going backward walks the other
	 * way and the page is turned round at the end */
	bool asc_walk = (f->sort != ZILA_GSORT_REGISTERED) != f->backward;
	if (f->text)
		search_build(f->text, &s);
	add_head(&q);
	if ((st = add_pick(db, &q, f, &s, asc_walk, &rids, &own, err))) {
		search_free(&s);
		free(own.v);
		return st;
	}
	add_tail(&q, f, asc_walk);
	sqlite3_stmt *stmt = prepare(db, &q, f, &s, err);
	if (stmt && rids)
		core_hits_bind_at(stmt, P_RIDS, rids);
	st = stmt ? zila_query_rows(db, stmt, rows, err) : ZILA_EDB;
	/* the statement stays cached: it must not keep a pointer to own */
	if (stmt && rids)
		sqlite3_bind_null(stmt, P_RIDS);
	search_free(&s);
	free(own.v);
	if (st == ZILA_OK && f->backward) {
		json_t *rev = json_array();
		for (size_t i = json_array_size(*rows); i > 0; i--)
			json_array_append(rev, json_array_get(*rows, i - 1));
		json_decref(*rows);
		*rows = rev;
	}
	return st;
}

/* A common search's capped count, from the filter's own index: each
 * status's (filter, status, due_date, id) index is read (the entries
 * only, never the rows) and its rowids tested against the hits until
 * cap + 1 are found. For a word in one row of 26 that is about 26 entries
 * a hit, 5,000 for a cap of 200 (about 1.5 ms), where testing the hits
 * against the filter reads a row per hit at random (3 us each on the
 * 1,000,000-record demo, and 7 hits per open one). */
static enum zila_status
count_by_arms(struct zila_db *db, const struct zila_grievance_filter *f, const struct search *s,
	const struct core_hits *h, long long *count, struct zila_err *err)
{
	struct zila_grievance_filter g = *f;
	g.sort = ZILA_GSORT_DUE;
	g.after_key = g.after_id = NULL;
	g.backward = false;
	unsigned mask = status_mask(&g);
	long long n = 0;
	for (int i = 0; i < ZILA_GS_COUNT && n <= f->count_cap; i++) {
		if (!(mask & (1u << i)))
			continue;
		struct zila_sql q = { .len = 0 };
		add_arm(&q, &g, STATE(i), true);
		sqlite3_stmt *st = prepare(db, &q, &g, s, err);
		if (!st)
			return ZILA_EDB;
		int rc = SQLITE_DONE;
		while (n <= f->count_cap && (rc = sqlite3_step(st)) == SQLITE_ROW)
			n += core_hits_have(h, sqlite3_column_int64(st, 0));
		sqlite3_reset(st);
		if (n <= f->count_cap && rc != SQLITE_DONE)
			return zila_db_error(db, "grievance count", err);
	}
	*count = n;
	return ZILA_OK;
}

/* Whether anything but the search text narrows the list. */
static bool
filters_beyond_text(const struct zila_grievance_filter *f)
{
	return f->status || f->department_id || f->category_id || f->officer_id || f->block_id || f->gp_id ||
		f->from || f->to || f->overdue || f->mobile;
}

static enum zila_status
grievance_count(struct zila_db *db, const struct zila_grievance_filter *f, long long *count, struct zila_err *err)
{
	struct zila_sql q = { .len = 0 };
	struct search s = { 0 };
	enum zila_status st;
	*count = 0;
	if ((st = filter_check(f, err)))
		return st;
	if (f->text)
		search_build(f->text, &s);
	if (has_search(&s) && !filters_beyond_text(f)) {
		/* every hit is a grievance: the count is the number of hits */
		const struct core_hits *h = NULL;
		st = hits_load(db, f, &s, &h, err);
		search_free(&s);
		if (st == ZILA_OK)
			*count = f->count_cap > 0 && (long long)h->n > f->count_cap ? f->count_cap + 1 : (long long)h->n;
		return st;
	}
	const struct core_hits *hits = NULL;
	if (has_search(&s)) {
		/* the hits (read once, the page reads them too) drive, each
		 * checked against the other filters: no second FTS5 read */
		if ((st = hits_load(db, f, &s, &hits, err)) || (f->count_cap > 0 && hits->n > hit_cap(db))) {
			if (st == ZILA_OK)
				st = count_by_arms(db, f, &s, hits, count, err);
			search_free(&s);
			return st;
		}
		zila_sql_add(&q, f->count_cap > 0 ? "SELECT count(*) FROM (SELECT 1" : "SELECT count(*)");
		zila_sql_add(&q, " FROM zila_hits(?17) h CROSS JOIN grievance g ON g.rowid = h.value WHERE 1");
	} else
		zila_sql_add(&q, f->count_cap > 0 ? "SELECT count(*) FROM (SELECT 1 FROM grievance g WHERE 1"
					 : "SELECT count(*) FROM grievance g WHERE 1");
	add_status(&q, f, false);
	add_filters(&q, f, false);
	if (f->count_cap > 0)
		zila_sql_add(&q, " LIMIT ?16)");
	sqlite3_stmt *stmt = prepare(db, &q, f, &s, err);
	if (stmt && f->count_cap > 0)
		sqlite3_bind_int64(stmt, P_CAP, f->count_cap + 1);
	if (stmt && hits)
		core_hits_bind_at(stmt, P_HITS, hits);
	int rc = stmt ? sqlite3_step(stmt) : SQLITE_ERROR;
	if (rc == SQLITE_ROW)
		*count = sqlite3_column_int64(stmt, 0);
	if (stmt)
		sqlite3_reset(stmt);
	search_free(&s);
	if (!stmt)
		return ZILA_EDB;
	return rc == SQLITE_ROW ? ZILA_OK : zila_db_error(db, "grievance count", err);
}

enum zila_status
zila_grievance_search_warm(struct zila_db *db, const char *text, struct zila_err *err)
{
	struct search s = { 0 };
	enum zila_status st = ZILA_OK;
	char ten[11];
	if (!text || !zila_utf8_check(text, true, NULL) || zila_mobile_normal(text, ten))
		return ZILA_OK; /* the search itself will say what is wrong; a mobile needs no hits */
	search_build(text, &s);
	/* a word under three characters is matched by LIKE over every row:
	 * never worth doing ahead of the person's Enter */
	if (s.match && !s.short_json) {
		const struct core_hits *h;
		st = hits_load(db, &(struct zila_grievance_filter){ .text = text }, &s, &h, err);
	}
	search_free(&s);
	return st;
}

enum zila_status
zila_grievance_resolve(struct zila_db *db, const char *ref, char *id, struct zila_err *err)
{
	if (!ref || !*ref)
		return zila_fail(err, ZILA_EINVAL, "grievance is required");
	enum zila_status s = zila_db_text(db, "SELECT id FROM grievance WHERE number = upper(?1) OR id = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", ref)), id, 40, err);
	if (s == ZILA_ENOTFOUND) {
		/* a grievance that left this desk's office: say where it went */
		char to[32] = "", at[32] = "";
		sqlite3_stmt *m = zila_db_stmt(db, "SELECT to_dept, substr(at, 1, 10) FROM moved_out"
			" WHERE tbl = 'grievance' AND (label = upper(?1) OR row_id = ?1)", NULL);
		if (m) {
			sqlite3_bind_text(m, 1, ref, -1, SQLITE_STATIC);
			if (sqlite3_step(m) == SQLITE_ROW) {
				snprintf(to, sizeof to, "%s", (const char *)sqlite3_column_text(m, 0));
				snprintf(at, sizeof at, "%s", (const char *)sqlite3_column_text(m, 1));
			}
			sqlite3_reset(m);
		}
		if (to[0])
			return zila_fail(err, ZILA_ENOTFOUND, "grievance %1$s was transferred to %2$s on %3$s: this office no"
				" longer holds it", ref, to, at);
		return zila_fail(err, ZILA_ENOTFOUND, "no grievance '%s'", ref);
	}
	return s;
}

/* Turns an integer column that holds a truth value into JSON true/false. */
static void
json_truth(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	json_object_set_new(obj, key, json_boolean(json_is_integer(v) && json_integer_value(v)));
}

enum zila_status
zila_grievance_get(struct zila_db *db, const char *ref, json_t **out, struct zila_err *err)
{
	char id[40], today[11];
	json_t *events = NULL, *atts = NULL;
	enum zila_status s;
	*out = NULL;
	if ((s = zila_grievance_resolve(db, ref, id, err)))
		return s;
	today_ist(today);
	struct zila_sql q = { .len = 0 };
	zila_sql(&q, "SELECT g.*, d.code AS department, d.name_en AS department_name, d.name_hi AS department_name_hi,"
		" c.code AS category, c.name_en AS category_name, c.name_hi AS category_name_hi,"
		" b.lgd_code AS block, b.name_en AS block_name, p.lgd_code AS gp, p.name_en AS gp_name,"
		" u.login AS officer, u.name AS officer_name, dup.number AS duplicate_of_number,"
		" cu.login AS created_by_login,"
		" g.status IN ", OPEN_IN, " AND g.due_date < ?2 AS overdue,"
		" CASE WHEN g.status IN ", OPEN_IN, " AND g.due_date < ?2"
		" THEN CAST(julianday(?2) - julianday(g.due_date) AS INTEGER) ELSE 0 END AS days_overdue"
		" FROM grievance g JOIN department d ON d.id = g.department_id JOIN category c ON c.id = g.category_id"
		" LEFT JOIN block b ON b.id = g.block_id LEFT JOIN gram_panchayat p ON p.id = g.gp_id"
		" LEFT JOIN app_user u ON u.id = g.officer_id LEFT JOIN grievance dup ON dup.id = g.duplicate_of"
		" LEFT JOIN app_user cu ON cu.id = g.created_by WHERE g.id = ?1");
	sqlite3_stmt *st = zila_sql_stmt(db, &q, err);
	if (!st)
		return ZILA_EDB;
	bind_str(st, 1, id);
	bind_str(st, 2, today);
	if ((s = zila_query_one(db, st, out, "grievance", err)))
		return s;
	json_truth(*out, "overdue");

	st = zila_db_stmt(db,
		"SELECT e.kind, e.from_status, e.to_status, fd.code AS from_department, td.code AS to_department,"
		" e.note, e.visibility, e.rating, u.login AS actor, e.at,"
		" coalesce(k.code, CASE WHEN e.desk_id = (SELECT value FROM meta WHERE key = 'desk_id')"
		" THEN (SELECT value FROM meta WHERE key = 'desk_code') END, e.desk_id) AS desk"
		" FROM grievance_event e LEFT JOIN department fd ON fd.id = e.from_department_id"
		" LEFT JOIN department td ON td.id = e.to_department_id LEFT JOIN app_user u ON u.id = e.actor_id"
		" LEFT JOIN desk k ON k.id = e.desk_id WHERE e.grievance_id = ?1 ORDER BY e.at, e.rowid", err);
	if (!st)
		s = ZILA_EDB;
	else {
		bind_str(st, 1, id);
		s = zila_query_rows(db, st, &events, err);
	}
	if (s == ZILA_OK) {
		st = zila_db_stmt(db,
			"SELECT a.id, a.sha256, a.name, a.kind, a.mime, a.size FROM grievance_attachment a WHERE a.grievance_id = ?1 ORDER BY a.created_at, a.rowid", err);
		if (!st)
			s = ZILA_EDB;
		else {
			bind_str(st, 1, id);
			s = zila_query_rows(db, st, &atts, err);
		}
	}
	if (s != ZILA_OK) {
		json_decref(events);
		json_decref(*out);
		*out = NULL;
		return s;
	}
	size_t i;
	json_t *a;
	json_array_foreach(atts, i, a)
		json_object_set_new(a, "present",
			json_boolean(zila_blob_present(db, json_string_value(json_object_get(a, "sha256")))));
	json_object_set_new(*out, "events", events);
	json_object_set_new(*out, "attachments", atts);
	return ZILA_OK;
}
