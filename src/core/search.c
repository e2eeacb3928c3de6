/* search.c: one search box over letters and grievances. Words of three
 * characters or more go to the FTS5 trigram indexes (letter_fts,
 * grievance_fts: parts of words, Hindi and English); shorter words, which
 * a trigram index cannot hold, are matched with LIKE on the same text.
 * Newest records first: rowids grow with time, and FTS5 walks them
 * backwards and stops at the limit. A mobile number, in any form people
 * write one, finds that citizen's grievances instead. */
#include <stdlib.h>
#include <string.h>
#include "zila/query.h"
#include "zila/report.h"
#include "zila/util.h"
#include "internal.h"

#define SEARCH_MAX_SHORT 4 /* short words a search may hold */

/* The four LIKE slots are ?3..?6; NULL slots match everything. */
#define SEARCH_LIKES(text) \
	" AND (?3 IS NULL OR " text " LIKE ?3 ESCAPE '\\') AND (?4 IS NULL OR " text " LIKE ?4 ESCAPE '\\')" \
	" AND (?5 IS NULL OR " text " LIKE ?5 ESCAPE '\\') AND (?6 IS NULL OR " text " LIKE ?6 ESCAPE '\\')"
/* the letter's own columns: letter_fts keeps no copy (db/025), so f.number
 * would read the same row again */
#define LETTER_TEXT "(l.number || ' ' || l.sender || ' ' || l.subject)"
#define GRIEVANCE_TEXT "(f.number || ' ' || f.citizen || ' ' || f.description || ' ' || f.notes)"
#define LETTER_COLS "SELECT 'letter' AS kind, l.id, l.number, l.subject AS title, l.sender AS who, l.status," \
	" l.received_on AS date FROM letter_fts f JOIN letter l ON l.rowid = f.rowid"
#define GRIEVANCE_COLS "SELECT 'grievance' AS kind, g.id, g.number," \
	" CASE WHEN g.subject <> '' THEN g.subject ELSE substr(g.description, 1, 80) END AS title," \
	" g.citizen_name AS who, g.status, g.registered_on AS date" \
	" FROM grievance_fts f JOIN grievance g ON g.rowid = f.rowid"

#define LETTER_ARM(where) LETTER_COLS " WHERE " where SEARCH_LIKES(LETTER_TEXT) " ORDER BY f.rowid DESC LIMIT ?2"
#define GRIEVANCE_ARM(where) GRIEVANCE_COLS " WHERE " where SEARCH_LIKES(GRIEVANCE_TEXT) " ORDER BY f.rowid DESC LIMIT ?2"
/* Each kind's newest ?2 hits, merged newest first (the same day by
 * number, highest first) in SQL: only the rows shown become JSON. Merging
 * in C after building JSON for both kinds cost 2x the bare queries. */
#define SEARCH_SQL(lw, gw) "SELECT * FROM (" LETTER_ARM(lw) ") UNION ALL SELECT * FROM (" GRIEVANCE_ARM(gw) ")" \
	" ORDER BY date DESC, number DESC LIMIT ?2"

/* [with a MATCH] */
static const char *const search_sql[2] = {
	SEARCH_SQL("?1 IS NULL", "?1 IS NULL"),
	SEARCH_SQL("letter_fts MATCH ?1", "grievance_fts MATCH ?1"),
};

struct search_words {
	char *long_words;                  /* the words of three characters or more */
	char *likes[SEARCH_MAX_SHORT];     /* "%word%" with % _ \ escaped */
	int nshort;
};

/* Code points in n bytes of UTF-8. */
static size_t
utf8_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Splits text at blanks into long words (joined again by spaces) and LIKE
 * patterns for the short ones. */
static enum zila_status
split_words(const char *text, struct search_words *w, struct zila_err *err)
{
	size_t cap = strlen(text) + 1, len = 0;
	w->long_words = zila_xmalloc(cap);
	w->long_words[0] = '\0';
	for (const char *p = text; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		const char *s = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		size_t n = (size_t)(p - s);
		if (!n)
			break;
		if (utf8_chars(s, n) >= 3) {
			if (len)
				w->long_words[len++] = ' ';
			memcpy(w->long_words + len, s, n);
			len += n;
			w->long_words[len] = '\0';
			continue;
		}
		if (w->nshort == SEARCH_MAX_SHORT)
			return zila_fail(err, ZILA_EINVAL, "search: at most %d words shorter than three letters",
				SEARCH_MAX_SHORT);
		char *pat = zila_xmalloc(2 * n + 3), *q = pat;
		*q++ = '%';
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
				*q++ = '\\';
			*q++ = s[i];
		}
		*q++ = '%';
		*q = '\0';
		w->likes[w->nshort++] = pat;
	}
	return ZILA_OK;
}

static void
free_words(struct search_words *w)
{
	free(w->long_words);
	for (int i = 0; i < w->nshort; i++)
		free(w->likes[i]);
}

enum zila_status
zila_search(struct zila_db *db, const char *text, int limit, json_t **rows, struct zila_err *err)
{
	struct search_words w = { 0 };
	enum zila_status s;
	*rows = NULL;
	if (limit == 0)
		limit = 50;
	if (limit < 1 || limit > 1000)
		return zila_fail(err, ZILA_EINVAL, "limit: must be 1 to 1000, not %d", limit);
	if (!text || !zila_utf8_check(text, true, NULL))
		return zila_fail(err, ZILA_EINVAL, "search: the text is not valid UTF-8");
	char ten[11];
	if (zila_mobile_normal(text, ten)) {
		/* a mobile number in any form: that citizen's grievances, by
		 * the mobile index, not words */
		sqlite3_stmt *mst = zila_db_stmt(db, "SELECT 'grievance' AS kind, g.id, g.number,"
			" CASE WHEN g.subject <> '' THEN g.subject ELSE substr(g.description, 1, 80) END AS title,"
			" g.citizen_name AS who, g.status, g.registered_on AS date"
			" FROM grievance g INDEXED BY grievance_mobile_due WHERE g.mobile = ?1"
			" ORDER BY g.registered_on DESC, g.number DESC LIMIT ?2", err);
		if (!mst)
			return ZILA_EDB;
		bind_str(mst, 1, ten);
		sqlite3_bind_int(mst, 2, limit);
		return zila_query_rows(db, mst, rows, err);
	}
	if ((s = split_words(text, &w, err)) != ZILA_OK) {
		free_words(&w);
		return s;
	}
	bool shorts;
	char *match = w.long_words[0] ? zila_fts_query(w.long_words, &shorts) : NULL;
	if (!match && !w.nshort) {
		free_words(&w);
		return zila_fail(err, ZILA_EINVAL, "search: type a word to search for");
	}
	sqlite3_stmt *st = zila_db_stmt(db, search_sql[match != NULL], err);
	if (st) {
		bind_str(st, 1, match);
		sqlite3_bind_int(st, 2, limit);
		for (int i = 0; i < SEARCH_MAX_SHORT; i++)
			bind_str(st, 3 + i, i < w.nshort ? w.likes[i] : NULL);
		s = zila_query_rows(db, st, rows, err);
	} else {
		s = ZILA_EDB;
	}
	free(match);
	free_words(&w);
	return s;
}
