/* letter_query.c: reading the inward register: lists of letters and of
 * markings with keyset paging, counts, one letter in full, and finding a
 * letter by number or id.
 *
 * A list's SQL is put together from constant fragments, chosen by which
 * filters are set, so every filter that is set can use an index and none
 * that is unset costs anything (no "?1 IS NULL OR ..."). Every value is
 * bound; the texts differ only in which constant pieces they hold, so the
 * statement cache keeps one prepared statement per shape. */
#include <stdlib.h>
#include <string.h>
#include "zila/letter.h"
#include "zila/query.h"
#include "zila/util.h"
#include "internal.h"

#define MAX_SHORT_WORDS 8
#define PLAN_CAP 2000
#define ZILA_STR_(x) #x
#define ZILA_STR(x) ZILA_STR_(x)

/* How one list query is to be run: the search split for the two ways of
 * searching (words of three characters or more go to the trigram index,
 * shorter ones, which it cannot find, become LIKE patterns), and the
 * choices made by capped counts before the page is read (see plan_probe). */
struct plan {
	char *fts;
	char *like[MAX_SHORT_WORDS];
	int nlike;
	bool common_words; /* the search hits many letters: walk the list's index in order */
	bool few_marked;   /* few markings match: drive a letter list from them */
	const struct core_hits *hits; /* a common search's hits (the connection keeps them) */
};

static void
plan_free(struct plan *p)
{
	free(p->fts);
	for (int i = 0; i < p->nlike; i++)
		free(p->like[i]);
	memset(p, 0, sizeof *p);
}

/* '%word%' with LIKE's own characters escaped by a backslash. */
static char *
like_pattern(const char *w, size_t n)
{
	char *p = zila_xmalloc(n * 2 + 3), *o = p;
	*o++ = '%';
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '%' || w[i] == '_' || w[i] == '\\')
			*o++ = '\\';
		*o++ = w[i];
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

static enum zila_status
plan_search(const char *text, struct plan *p, struct zila_err *err)
{
	memset(p, 0, sizeof *p);
	p->few_marked = true;
	if (!text)
		return ZILA_OK;
	if (!zila_utf8_check(text, true, NULL))
		return zila_fail(err, ZILA_EINVAL, "search text is not valid UTF-8");
	size_t len = 0;
	char *longw = zila_xmalloc(strlen(text) + 1);
	const char *c = text;
	while (*c) {
		while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r')
			c++;
		const char *w = c;
		size_t chars = 0;
		while (*c && *c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') {
			if (((unsigned char)*c & 0xc0) != 0x80)
				chars++;
			c++;
		}
		size_t n = (size_t)(c - w);
		if (!n)
			break;
		if (chars >= 3) {
			if (len)
				longw[len++] = ' ';
			memcpy(longw + len, w, n);
			len += n;
		} else if (p->nlike == MAX_SHORT_WORDS) {
			free(longw);
			plan_free(p);
			return zila_fail(err, ZILA_EINVAL, "search: at most %d words of one or two letters", MAX_SHORT_WORDS);
		} else
			p->like[p->nlike++] = like_pattern(w, n);
	}
	longw[len] = '\0';
	bool short_words;
	if (len)
		p->fts = zila_fts_query(longw, &short_words);
	free(longw);
	return ZILA_OK;
}

static const char *const like_frag[MAX_SHORT_WORDS] = {
#define LIKE_WORD(n) " AND (l.number LIKE :w" #n " ESCAPE '\\' OR l.sender LIKE :w" #n " ESCAPE '\\'" \
	" OR l.subject LIKE :w" #n " ESCAPE '\\')"
	LIKE_WORD(1), LIKE_WORD(2), LIKE_WORD(3), LIKE_WORD(4),
	LIKE_WORD(5), LIKE_WORD(6), LIKE_WORD(7), LIKE_WORD(8),
#undef LIKE_WORD
};

static void
bind_named(sqlite3_stmt *st, const char *name, const char *value)
{
	int i = sqlite3_bind_parameter_index(st, name);
	if (i > 0)
		bind_str(st, i, value);
}

static void
today_now(char *buf, size_t n)
{
	zila_ist_date(zila_clock(), buf, n);
}

/* Binds every named parameter the statement has. */
static void
bind_filter(sqlite3_stmt *st, const struct zila_letter_filter *f, const struct plan *p, const char *today)
{
	static const char *const wnames[MAX_SHORT_WORDS] = { ":w1", ":w2", ":w3", ":w4", ":w5", ":w6", ":w7", ":w8" };
	bind_named(st, ":today", today);
	bind_named(st, ":dept", f->department_id);
	bind_named(st, ":status", f->status);
	bind_named(st, ":from", f->from);
	bind_named(st, ":to", f->to);
	bind_named(st, ":fts", p->fts);
	for (int i = 0; i < p->nlike; i++)
		bind_named(st, wnames[i], p->like[i]);
	if (p->hits)
		core_hits_bind(st, ":hits", p->hits);
	bind_named(st, ":key", f->after_key);
	bind_named(st, ":id", f->after_id);
	int li = sqlite3_bind_parameter_index(st, ":limit");
	if (li > 0)
		sqlite3_bind_int(st, li, f->limit ? f->limit : 50);
	int ci = sqlite3_bind_parameter_index(st, ":cap");
	if (ci > 0)
		sqlite3_bind_int64(st, ci, f->count_cap + 1);
}

/* Checks a filter before any SQL is made from it. */
static enum zila_status
filter_check(const struct zila_letter_filter *f, bool markings, struct zila_err *err)
{
	static const char *const letter_status[] = { "open", "closed", NULL };
	static const char *const marking_status[] = { "pending", "replied", "closed", "open", NULL };
	if (f->status) {
		bool ok = false;
		for (const char *const *s = markings ? marking_status : letter_status; *s; s++)
			ok = ok || strcmp(*s, f->status) == 0;
		if (!ok)
			return zila_fail(err, ZILA_EINVAL, markings ? "status must be pending, replied, closed or open"
				: "status must be open or closed");
	}
	if (f->limit < 0 || f->limit > 1000)
		return zila_fail(err, ZILA_EINVAL, "limit must be between 1 and 1000");
	if (!f->after_key != !f->after_id)
		return zila_fail(err, ZILA_EINVAL, "paging needs both the key and the id of the last row");
	if (f->from && !zila_date_valid(f->from))
		return zila_fail(err, ZILA_EINVAL, "from must be a date as YYYY-MM-DD");
	if (f->to && !zila_date_valid(f->to))
		return zila_fail(err, ZILA_EINVAL, "to must be a date as YYYY-MM-DD");
	if ((unsigned)f->sort > ZILA_LSORT_NUMBER)
		return zila_fail(err, ZILA_EINVAL, "unknown sort");
	if (!markings && f->sort == ZILA_LSORT_DUE && f->after_key &&
	    ((f->after_key[0] != '1' && f->after_key[0] != '2') || strlen(f->after_key) < 13))
		return zila_fail(err, ZILA_EINVAL, "the paging key is not one of this list");
	return ZILA_OK;
}

/* The conditions on markings that select letters (overdue, department). */
static void
letter_marking_cond(struct zila_sql *q, const struct zila_letter_filter *f)
{
	if (f->overdue)
		zila_sql_add(q, " AND m.status = 'pending' AND m.due_date < :today");
	if (f->department_id)
		zila_sql_add(q, " AND m.department_id = :dept");
}

/* Runs a capped count (SELECT count(*) FROM (... LIMIT cap)) and says
 * whether it reached the cap. */
static enum zila_status
capped_count(struct zila_db *db, const struct zila_sql *q, const struct zila_letter_filter *f, const struct plan *p,
	bool *reached, struct zila_err *err)
{
	char today[11];
	today_now(today, sizeof today);
	sqlite3_stmt *st = zila_sql_stmt(db, q, err);
	if (!st)
		return ZILA_EDB;
	bind_filter(st, f, p, today);
	int rc = sqlite3_step(st);
	*reached = rc == SQLITE_ROW && sqlite3_column_int(st, 0) >= PLAN_CAP;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ZILA_OK : zila_db_error(db, "list", err);
}

static char *
hits_key(const struct plan *p)
{
	char *key = zila_xmalloc(strlen(p->fts) + 16);
	sprintf(key, "letter search\x1f%s", p->fts);
	return key;
}

/* A search's hits if the connection still has them (read ahead at the
 * prompt, or by the page just shown), else NULL: nothing is read. */
static void
hits_recall(struct zila_db *db, struct plan *p)
{
	char *key = hits_key(p);
	p->hits = core_hits_remembered(db, key);
	free(key);
}

/* A common search's hits, from the connection's memory or the index. */
static enum zila_status
hits_load(struct zila_db *db, struct plan *p, struct zila_err *err)
{
	sqlite3_stmt *q = zila_db_stmt(db, "SELECT rowid FROM letter_fts WHERE letter_fts MATCH ?1 ORDER BY rowid", err);
	if (!q)
		return ZILA_EDB;
	sqlite3_bind_text(q, 1, p->fts, -1, SQLITE_TRANSIENT);
	char *key = hits_key(p);
	enum zila_status st = core_hits_load(db, key, q, &p->hits, err);
	free(key);
	return st;
}

/* Chooses how a page is read, from two capped counts that cost a few
 * thousand index steps at most:
 * - a search whose words hit more than PLAN_CAP letters walks the list's
 *   own index in order, testing each row against the set of hits (made
 *   once), where sorting every hit would cost far more; a rarer search
 *   lets the trigram index drive and sorts its few hits;
 * - a letter list filtered by its markings (overdue, department) is driven
 *   from the matching markings when there are fewer than PLAN_CAP, and
 *   otherwise walks the letters in order, probing each one's markings. */
static enum zila_status
plan_probe(struct zila_db *db, const struct zila_letter_filter *f, struct plan *p, bool letters,
	struct zila_err *err)
{
	struct zila_sql q = { .len = 0 };
	enum zila_status st;
	if (p->fts) {
		/* hits the connection still has (read ahead at the prompt, or
		 * by the page before) are counted where they are: the search
		 * on Enter then reads no full-text index at all */
		hits_recall(db, p);
		if (p->hits)
			p->common_words = p->hits->n >= PLAN_CAP;
		else {
			zila_sql_add(&q, "SELECT count(*) FROM (SELECT 1 FROM letter_fts WHERE letter_fts MATCH :fts"
				" LIMIT " ZILA_STR(PLAN_CAP) ")");
			if ((st = capped_count(db, &q, f, p, &p->common_words, err)))
				return st;
			if (p->common_words && (st = hits_load(db, p, err)))
				return st;
		}
	}
	if (letters && (f->overdue || f->department_id)) {
		bool many;
		q.len = 0;
		zila_sql_add(&q, "SELECT count(*) FROM (SELECT 1 FROM letter_marking m WHERE 1");
		letter_marking_cond(&q, f);
		zila_sql_add(&q, " LIMIT " ZILA_STR(PLAN_CAP) ")");
		if ((st = capped_count(db, &q, f, p, &many, err)))
			return st;
		p->few_marked = !many;
	}
	return ZILA_OK;
}


/* The filters both lists share: dates received and the search. */
static void
where_common(struct zila_sql *q, const struct zila_letter_filter *f, const struct plan *p)
{
	if (f->from)
		zila_sql_add(q, " AND l.received_on >= :from");
	if (f->to)
		zila_sql_add(q, " AND l.received_on <= :to");
	if (p->fts)
		zila_sql_add(q, p->common_words ? " AND zila_in_hits(:hits, l.rowid)"
				: p->hits ? " AND l.rowid IN (SELECT value FROM zila_hits(:hits))"
					  : " AND l.rowid IN (SELECT rowid FROM letter_fts WHERE letter_fts MATCH :fts)");
	for (int i = 0; i < p->nlike; i++)
		zila_sql_add(q, like_frag[i]);
}

static void
where_letters(struct zila_sql *q, const struct zila_letter_filter *f, const struct plan *p)
{
	/* by number the number's index gives the order; "+" keeps the
	 * planner off (status, received_on), which sorted every open letter */
	if (f->status)
		zila_sql_add(q, f->sort == ZILA_LSORT_NUMBER ? " AND +l.status = :status" : " AND l.status = :status");
	if (f->overdue || f->department_id) {
		zila_sql_add(q, p->few_marked ? " AND l.id IN (SELECT m.letter_id FROM letter_marking m WHERE 1"
					 : " AND EXISTS (SELECT 1 FROM letter_marking m WHERE m.letter_id = l.id");
		letter_marking_cond(q, f);
		zila_sql_add(q, ")");
	}
	where_common(q, f, p);
}

/* status_frag is the marking status condition: from the filter, or one
 * status per branch of a page by due date. */
static void
where_markings(struct zila_sql *q, const struct zila_letter_filter *f, const struct plan *p, const char *status_frag)
{
	if (f->department_id)
		zila_sql_add(q, " AND m.department_id = :dept");
	zila_sql_add(q, status_frag);
	if (f->overdue)
		zila_sql_add(q, " AND m.status = 'pending' AND m.due_date < :today");
	where_common(q, f, p);
}

static const char *
status_frag_of(const struct zila_letter_filter *f)
{
	if (!f->status)
		return "";
	return strcmp(f->status, "open") == 0 ? " AND m.status IN ('pending', 'replied')" : " AND m.status = :status";
}

/* Keyset and order for each sort, forward and backward: [sort][backward]:
 * the sort key as a select-list fragment, the keyset condition, the order. */
static const struct {
	const char *key_col, *after, *order;
} letter_sorts[][2] = {
	[ZILA_LSORT_RECEIVED] = {
		{ ", l.received_on AS sort_key", " AND (l.received_on, l.id) < (:key, :id)", " ORDER BY l.received_on DESC, l.id DESC" },
		{ ", l.received_on AS sort_key", " AND (l.received_on, l.id) > (:key, :id)", " ORDER BY l.received_on, l.id" } },
	[ZILA_LSORT_NUMBER] = {
		{ ", l.number AS sort_key", " AND (l.number, l.id) > (:key, :id)", " ORDER BY l.number, l.id" },
		{ ", l.number AS sort_key", " AND (l.number, l.id) < (:key, :id)", " ORDER BY l.number DESC, l.id DESC" } },
}, marking_sorts[][2] = {
	/* markings by letter received: the key is "received_on/letter id", so
	 * the order follows the letter index and sorts only a letter's own
	 * markings */
	[ZILA_LSORT_RECEIVED] = {
		{ ", l.received_on || '/' || l.id AS sort_key",
		  " AND (l.received_on, l.id, m.id) < (substr(:key, 1, 10), substr(:key, 12), :id)",
		  " ORDER BY l.received_on DESC, l.id DESC, m.id DESC" },
		{ ", l.received_on || '/' || l.id AS sort_key",
		  " AND (l.received_on, l.id, m.id) > (substr(:key, 1, 10), substr(:key, 12), :id)",
		  " ORDER BY l.received_on, l.id, m.id" } },
	[ZILA_LSORT_DUE] = {
		{ ", m.due_date AS sort_key", " AND (m.due_date, m.id) > (:key, :id)", " ORDER BY m.due_date, m.id" },
		{ ", m.due_date AS sort_key", " AND (m.due_date, m.id) < (:key, :id)", " ORDER BY m.due_date DESC, m.id DESC" } },
	[ZILA_LSORT_NUMBER] = {
		{ ", l.number AS sort_key", " AND (l.number, m.id) > (:key, :id)", " ORDER BY l.number, m.id" },
		{ ", l.number AS sort_key", " AND (l.number, m.id) < (:key, :id)", " ORDER BY l.number DESC, m.id DESC" } },
};

/* Reverses a page read backward, so every page comes in sort order. */
static void
rows_reverse(json_t *rows)
{
	size_t n = json_array_size(rows);
	for (size_t i = 0; i < n / 2; i++) {
		json_t *a = json_incref(json_array_get(rows, i));
		json_array_set(rows, i, json_array_get(rows, n - 1 - i));
		json_array_set_new(rows, n - 1 - i, a);
	}
}

/* Runs a built list or count statement. */
static enum zila_status
run_built(struct zila_db *db, const struct zila_sql *q, const struct zila_letter_filter *f, const struct plan *p,
	json_t **rows, long long *count, struct zila_err *err)
{
	char today[11];
	today_now(today, sizeof today);
	sqlite3_stmt *st = zila_sql_stmt(db, q, err);
	if (!st)
		return ZILA_EDB;
	bind_filter(st, f, p, today);
	if (rows) {
		enum zila_status r = zila_query_rows(db, st, rows, err);
		if (r == ZILA_OK && f->backward)
			rows_reverse(*rows);
		return r;
	}
	int rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? ZILA_OK : zila_db_error(db, "count", err);
}

#define LETTER_COLS \
	"SELECT l.id, l.number, l.received_on, l.sender, l.subject, l.status," \
	" (SELECT group_concat(code, ',') FROM (SELECT d.code FROM letter_marking m" \
	" JOIN department d ON d.id = m.department_id WHERE m.letter_id = l.id" \
	" ORDER BY m.created_at, m.rowid)) AS departments," \
	" (SELECT min(m.due_date) FROM letter_marking m WHERE m.letter_id = l.id AND m.status = 'pending') AS next_due," \
	" (SELECT count(*) FROM letter_marking m WHERE m.letter_id = l.id AND m.status = 'pending'" \
	" AND m.due_date < :today) AS overdue_markings"

/* A page is chosen by rowids first (PAGE_PICK ... PAGE_OF), and only its
 * rows get LETTER_COLS: the marking columns are subqueries per row, and
 * where the page is sorted (a rare search's hits drive and are sorted)
 * SQLite works out every column of every hit before sorting. For 1,713
 * hits that was 30 ms of marking reads for a page of 60 (3 ms picked
 * first, on the 20,000-letter demo). */
#define PAGE_PICK " FROM (SELECT l.rowid AS rid"
#define PAGE_OF ") p CROSS JOIN letter l ON l.rowid = p.rid"

/* Letters by due date: first those with something pending, by their
 * earliest pending due date, read as a walk over the pending markings in
 * (due_date, id) order that keeps each letter's earliest one (part 1);
 * then those with nothing pending, oldest received first (part 2). The key
 * says which part a row is in: "1<due_date>/<marking id>" or
 * "2<received_on>/<letter id>"; its first character chooses the SQL. */
static void
letters_by_due_part(struct zila_sql *q, const struct zila_letter_filter *f, const struct plan *p, char part)
{
	const bool back = f->backward, keyed = f->after_key && f->after_key[0] == part;
	if (part == '1') {
		zila_sql_add(q, LETTER_COLS ", '1' || m.due_date || '/' || m.id AS sort_key" PAGE_PICK ", m.rowid AS mid");
		zila_sql_add(q, p->fts && !p->common_words ? " FROM letter l CROSS JOIN letter_marking m ON m.letter_id = l.id"
						      : " FROM letter_marking m CROSS JOIN letter l ON l.id = m.letter_id");
		/* a common search's test (a binary search in memory) comes
		 * before the probe for an earlier pending marking; written
		 * against l, the probe waits for the letter's row and its test */
		zila_sql_add(q, " WHERE m.status = 'pending'");
		if (!p->common_words)
			zila_sql_add(q, " AND NOT EXISTS (SELECT 1 FROM letter_marking e WHERE e.letter_id = m.letter_id"
				" AND e.status = 'pending' AND (e.due_date, e.id) < (m.due_date, m.id))");
		where_letters(q, f, p);
		if (p->common_words)
			zila_sql_add(q, " AND NOT EXISTS (SELECT 1 FROM letter_marking e WHERE e.letter_id = l.id"
				" AND e.status = 'pending' AND (e.due_date, e.id) < (m.due_date, m.id))");
		if (keyed)
			zila_sql_add(q, back ? " AND (m.due_date, m.id) < (substr(:key, 2, 10), substr(:key, 13))"
					: " AND (m.due_date, m.id) > (substr(:key, 2, 10), substr(:key, 13))");
		const char *order = back ? " ORDER BY m.due_date DESC, m.id DESC" : " ORDER BY m.due_date, m.id";
		zila_sql(q, order, " LIMIT :limit" PAGE_OF " CROSS JOIN letter_marking m ON m.rowid = p.mid", order);
		return;
	}
	zila_sql_add(q, LETTER_COLS ", '2' || l.received_on || '/' || l.id AS sort_key" PAGE_PICK " FROM letter l"
		" WHERE NOT EXISTS (SELECT 1 FROM letter_marking e WHERE e.letter_id = l.id AND e.status = 'pending')");
	where_letters(q, f, p);
	if (keyed)
		zila_sql_add(q, back ? " AND (l.received_on, l.id) < (substr(:key, 2, 10), substr(:key, 13))"
				: " AND (l.received_on, l.id) > (substr(:key, 2, 10), substr(:key, 13))");
	const char *order = back ? " ORDER BY l.received_on DESC, l.id DESC" : " ORDER BY l.received_on, l.id";
	zila_sql(q, order, " LIMIT :limit" PAGE_OF, order);
}

/* Reads a page of letters by due date part by part, in reading order, and
 * stops as soon as the page is full: a full page from part 1 never pays
 * for the slower walk of part 2. */
static enum zila_status
letters_by_due(struct zila_db *db, const struct zila_letter_filter *f, const struct plan *p, json_t **rows,
	struct zila_err *err)
{
	const bool back = f->backward;
	const char key_part = f->after_key ? f->after_key[0] : '\0';
	const size_t limit = (size_t)(f->limit ? f->limit : 50);
	const char order[2] = { back ? '2' : '1', back ? '1' : '2' };
	json_t *page = json_array();
	for (int i = 0; i < 2 && json_array_size(page) < limit; i++) {
		char part = order[i];
		/* a key in one part starts the reading there: the part read
		 * before it in this direction has nothing left */
		if (key_part && key_part != part && i == 0)
			continue;
		if (part == '2' && f->overdue)
			continue;
		struct zila_letter_filter g = *f;
		g.limit = (int)(limit - json_array_size(page));
		struct zila_sql q = { .len = 0 };
		json_t *got;
		letters_by_due_part(&q, &g, p, part);
		enum zila_status st = run_built(db, &q, &g, p, &got, NULL, err);
		if (st) {
			json_decref(page);
			return st;
		}
		if (back)
			json_array_extend(got, page);
		else
			json_array_extend(page, got);
		if (back) {
			json_decref(page);
			page = got;
		} else
			json_decref(got);
	}
	*rows = page;
	return ZILA_OK;
}

/* A count of letters never needs order, so the side that stops soonest
 * drives: a search's hits (each a letter; the count stops at the cap),
 * else the matching markings, one per letter (DISTINCT, stopping at the
 * cap), else the letters. Reading every overdue marking's letter into a
 * set first took 0.5 s on the 1,000,000-letter demo. */
static void
letters_count_sql(struct zila_sql *q, const struct zila_letter_filter *order_f, const struct plan *p)
{
	/* a count has no order: the status may use its index */
	struct zila_letter_filter unordered = *order_f;
	unordered.sort = ZILA_LSORT_RECEIVED;
	const struct zila_letter_filter *f = &unordered;
	const bool capped = f->count_cap > 0;
	const bool marked = f->overdue || f->department_id;
	if (p->fts) {
		/* hits in memory drive without FTS5 (1,000 rows: 2 ms, where
		 * the MATCH took 3-19 ms on the demo); else the MATCH drives */
		zila_sql_add(q, p->hits ? "SELECT count(*) FROM (SELECT 1 FROM zila_hits(:hits) h CROSS JOIN letter l"
				     " ON l.rowid = h.value WHERE 1"
				   : "SELECT count(*) FROM (SELECT 1 FROM letter_fts CROSS JOIN letter l"
				     " ON l.rowid = letter_fts.rowid WHERE letter_fts MATCH :fts");
		/* the hits or the MATCH drive: the shared terms must not repeat
		 * the search, and a marking filter is probed per letter */
		struct plan rest = *p;
		rest.fts = NULL;
		rest.few_marked = false;
		where_letters(q, f, &rest);
	} else if (marked) {
		bool need_letter = f->status || f->from || f->to || p->nlike;
		zila_sql_add(q, need_letter ? "SELECT count(*) FROM (SELECT DISTINCT m.letter_id FROM letter_marking m"
					 " CROSS JOIN letter l ON l.id = m.letter_id WHERE 1"
				       : "SELECT count(*) FROM (SELECT DISTINCT m.letter_id FROM letter_marking m WHERE 1");
		letter_marking_cond(q, f);
		struct zila_letter_filter rest = *f;
		rest.overdue = false;
		rest.department_id = NULL;
		where_letters(q, &rest, p);
	} else {
		zila_sql_add(q, "SELECT count(*) FROM (SELECT 1 FROM letter l WHERE 1");
		where_letters(q, f, p);
	}
	zila_sql_add(q, capped ? " LIMIT :cap)" : ")");
}

/* Builds and runs a letter query: rows (a page) or, with rows NULL, a
 * count. */
static enum zila_status
letters(struct zila_db *db, const struct zila_letter_filter *f, json_t **rows, long long *count, struct zila_err *err)
{
	struct plan p;
	struct zila_sql q = { .len = 0 };
	enum zila_status st;
	if ((st = filter_check(f, false, err)) || (st = plan_search(f->text, &p, err)))
		return st;
	if (rows && (st = plan_probe(db, f, &p, true, err)) == ZILA_OK && f->sort == ZILA_LSORT_DUE) {
		st = letters_by_due(db, f, &p, rows, err);
		plan_free(&p);
		return st;
	}
	if (rows && st == ZILA_OK) {
		const bool back = f->backward;
		zila_sql_add(&q, LETTER_COLS);
		zila_sql_add(&q, letter_sorts[f->sort][back].key_col);
		zila_sql_add(&q, PAGE_PICK " FROM letter l WHERE 1");
		where_letters(&q, f, &p);
		if (f->after_key)
			zila_sql_add(&q, letter_sorts[f->sort][back].after);
		zila_sql(&q, letter_sorts[f->sort][back].order, " LIMIT :limit" PAGE_OF, letter_sorts[f->sort][back].order);
	} else if (!rows) {
		if (p.fts)
			hits_recall(db, &p);
		letters_count_sql(&q, f, &p);
	}
	if (st == ZILA_OK)
		st = run_built(db, &q, f, &p, rows, count, err);
	plan_free(&p);
	return st;
}

enum zila_status
zila_letter_list(struct zila_db *db, const struct zila_letter_filter *f, json_t **rows, struct zila_err *err)
{
	*rows = NULL;
	return letters(db, f, rows, NULL, err);
}

enum zila_status
zila_letter_search_warm(struct zila_db *db, const char *text, struct zila_err *err)
{
	struct plan p;
	enum zila_status st = plan_search(text, &p, NULL);
	/* bad text is refused, and said, when the search itself runs; words
	 * under three characters (LIKE over every row) are never read ahead */
	if (st == ZILA_OK && p.fts && !p.nlike)
		st = hits_load(db, &p, err);
	plan_free(&p);
	return st == ZILA_EINVAL ? ZILA_OK : st;
}

enum zila_status
zila_letter_count(struct zila_db *db, const struct zila_letter_filter *f, long long *count, struct zila_err *err)
{
	*count = 0;
	return letters(db, f, NULL, count, err);
}

/* One SELECT of markings (a page, or one branch of a merged page). */
static void
marking_select(struct zila_sql *q, const struct zila_letter_filter *f, const struct plan *p, const char *status_frag)
{
	const bool back = f->backward;
	zila_sql_add(q, "SELECT m.id, m.letter_id, l.number, l.subject, l.sender, d.code AS department,"
		" d.name_en AS department_name, m.marked_on, m.due_date, m.status, m.reminders,"
		" CASE WHEN m.status = 'pending' AND m.due_date < :today"
		" THEN CAST(julianday(:today) - julianday(m.due_date) AS INTEGER) ELSE 0 END AS days_overdue");
	zila_sql_add(q, marking_sorts[f->sort][back].key_col);
	/* the join order is fixed, not left to statistics that a desk may not
	 * have: markings drive a page by due date (their index gives the
	 * order), letters drive the other sorts and a rare search */
	zila_sql_add(q, f->sort == ZILA_LSORT_DUE && !(p->fts && !p->common_words)
		? " FROM letter_marking m CROSS JOIN letter l ON l.id = m.letter_id"
		  " CROSS JOIN department d ON d.id = m.department_id WHERE 1"
		: " FROM letter l CROSS JOIN letter_marking m ON m.letter_id = l.id"
		  " CROSS JOIN department d ON d.id = m.department_id WHERE 1");
	where_markings(q, f, p, status_frag);
	if (f->after_key)
		zila_sql_add(q, marking_sorts[f->sort][back].after);
	zila_sql_add(q, marking_sorts[f->sort][back].order);
	zila_sql_add(q, " LIMIT :limit");
}

/* A page by due date over several statuses is the merge of one page per
 * status: each reads its own range of an index on (status, due_date, id)
 * in order and stops at the limit, where "status IN (...)" would sort every
 * matching marking first. */
static void
marking_page_by_due(struct zila_sql *q, const struct zila_letter_filter *f, const struct plan *p)
{
	static const char *const one[] = { " AND m.status = 'pending'", " AND m.status = 'replied'",
		" AND m.status = 'closed'" };
	static const char *const names[] = { "pending", "replied", "closed" };
	const char *branch[3];
	int n = 0;
	for (int i = 0; i < 3; i++) {
		bool wanted = !f->status || strcmp(f->status, names[i]) == 0 || (strcmp(f->status, "open") == 0 && i < 2);
		if (wanted && (!f->overdue || i == 0))
			branch[n++] = one[i];
	}
	if (n <= 1) {
		marking_select(q, f, p, n ? branch[0] : status_frag_of(f));
		return;
	}
	for (int i = 0; i < n; i++) {
		zila_sql_add(q, i ? " UNION ALL SELECT * FROM (" : "SELECT * FROM (");
		marking_select(q, f, p, branch[i]);
		zila_sql_add(q, ")");
	}
	zila_sql_add(q, f->backward ? " ORDER BY sort_key DESC, id DESC LIMIT :limit" : " ORDER BY sort_key, id LIMIT :limit");
}

/* Builds and runs a marking query: rows (a page) or, with rows NULL, a count. */
static enum zila_status
markings(struct zila_db *db, const struct zila_letter_filter *f, json_t **rows, long long *count, struct zila_err *err)
{
	struct plan p;
	struct zila_sql q = { .len = 0 };
	enum zila_status st;
	if ((st = filter_check(f, true, err)) || (st = plan_search(f->text, &p, err)))
		return st;
	if (rows && (st = plan_probe(db, f, &p, false, err)) == ZILA_OK) {
		if (f->sort == ZILA_LSORT_DUE)
			marking_page_by_due(&q, f, &p);
		else
			marking_select(&q, f, &p, status_frag_of(f));
	} else if (!rows) {
		/* the letter is joined only when a filter needs it */
		bool need_letter = f->from || f->to || p.fts || p.nlike;
		zila_sql_add(&q, f->count_cap > 0 ? "SELECT count(*) FROM (SELECT 1" : "SELECT count(*)");
		zila_sql_add(&q, need_letter ? " FROM letter_marking m JOIN letter l ON l.id = m.letter_id WHERE 1"
					: " FROM letter_marking m WHERE 1");
		where_markings(&q, f, &p, status_frag_of(f));
		if (f->count_cap > 0)
			zila_sql_add(&q, " LIMIT :cap)");
	}
	if (st == ZILA_OK)
		st = run_built(db, &q, f, &p, rows, count, err);
	plan_free(&p);
	return st;
}

enum zila_status
zila_marking_list(struct zila_db *db, const struct zila_letter_filter *f, json_t **rows, struct zila_err *err)
{
	*rows = NULL;
	return markings(db, f, rows, NULL, err);
}

enum zila_status
zila_marking_count(struct zila_db *db, const struct zila_letter_filter *f, long long *count, struct zila_err *err)
{
	*count = 0;
	return markings(db, f, NULL, count, err);
}

enum zila_status
zila_letter_resolve(struct zila_db *db, const char *ref, char *id, struct zila_err *err)
{
	if (!ref || !*ref)
		return zila_fail(err, ZILA_EINVAL, "letter is required");
	enum zila_status s = zila_db_text(db, "SELECT id FROM letter WHERE number = upper(?1) OR id = ?1",
		ZILA_PARAMS(ZILA_PTEXT("?1", ref)), id, 40, err);
	if (s == ZILA_ENOTFOUND)
		return zila_fail(err, ZILA_ENOTFOUND, "no letter '%.100s'", ref);
	return s;
}

enum zila_status
zila_letter_get(struct zila_db *db, const char *ref, json_t **letter, struct zila_err *err)
{
	char id[40], today[11];
	json_t *rows;
	enum zila_status s;
	*letter = NULL;
	if ((s = zila_letter_resolve(db, ref, id, err)))
		return s;
	today_now(today, sizeof today);
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT l.id, l.number, l.received_on, l.sender, l.sender_ref, l.letter_date, l.subject, l.remarks,"
		" l.status, l.closed_at, u.login AS created_by, l.desk_id, l.version, l.created_at, l.updated_at"
		" FROM letter l LEFT JOIN app_user u ON u.id = l.created_by WHERE l.id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((s = zila_query_one(db, st, letter, "letter", err)))
		return s;
	st = zila_db_stmt(db,
		"SELECT m.id, d.code AS department, d.name_en AS department_name, d.name_hi AS department_name_hi,"
		" m.marked_on, m.time_limit_days, m.due_date, m.status, m.reminders, m.last_reminded_on,"
		" CASE WHEN m.status = 'pending' AND m.due_date < ?2"
		" THEN CAST(julianday(?2) - julianday(m.due_date) AS INTEGER) ELSE 0 END AS days_overdue,"
		" m.replied_on, m.reply_text AS reply, m.reply_ref, m.closed_on, m.version"
		" FROM letter_marking m JOIN department d ON d.id = m.department_id"
		" WHERE m.letter_id = ?1 ORDER BY m.created_at, m.rowid", err);
	if (!st)
		goto fail;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	if ((s = zila_query_rows(db, st, &rows, err)))
		goto fail;
	json_object_set_new(*letter, "markings", rows);
	st = zila_db_stmt(db,
		"SELECT e.kind, d.code AS department, e.from_status, e.to_status, e.note, u.login AS actor, e.at, e.desk_id"
		" FROM letter_event e LEFT JOIN letter_marking m ON m.id = e.marking_id"
		" LEFT JOIN department d ON d.id = m.department_id LEFT JOIN app_user u ON u.id = e.actor_id"
		" WHERE e.letter_id = ?1 ORDER BY e.at, e.rowid", err);
	if (!st)
		goto fail;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if ((s = zila_query_rows(db, st, &rows, err)))
		goto fail;
	json_object_set_new(*letter, "events", rows);
	return ZILA_OK;
fail:
	json_decref(*letter);
	*letter = NULL;
	return s ? s : ZILA_EDB;
}
