/* grievance_similar.c: the counter's duplicate warning. Before a new
 * grievance is saved, the open grievances it may repeat: the citizen's own
 * (the same mobile number) and those of the same gram panchayat whose
 * description is alike. "Alike" is explainable: the share of character
 * trigrams of the words the two descriptions have in common (Dice), shown
 * to the clerk as a percentage. Trigrams of code points, not bytes, so
 * Hindi inflections ("हैंडपंप", "हैंडपंपों") still share most of them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "zila/grievance.h"
#include "zila/master.h"
#include "zila/query.h"
#include "zila/util.h"
#include "internal.h"

#define OPEN_IN zila_state_open_sql(&zila_grievance_kind) /* grievance.h's open states */
/* The open grievances of one panchayat read at most: a panchayat of a
 * district of 1,000,000 grievances has a few hundred open; the bound keeps
 * a warning within a few milliseconds whatever happens. */
#define GP_SCAN_MAX 3000
#define TEXT_MAX_CPS 4000

struct grams {
	uint32_t *v;
	size_t n;
};

/* Decodes one UTF-8 code point at s; returns its length (1 for a bad byte). */
static int
next_cp(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	uint32_t c = len == 4 ? s[0] & 0x07 : len == 3 ? s[0] & 0x0f : s[0] & 0x1f;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = len == 1 ? 0xfffd : c;
	return len;
}

/* Letters and digits of any script are part of a word; ASCII punctuation,
 * the danda and general punctuation end one. */
static bool
word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	return !(c == 0x964 || c == 0x965 || (c >= 0x2000 && c <= 0x206f) || c == 0xa0 || c == 0x3000);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The set of trigrams of text's words, each word padded with a space at
 * both ends (so short words count too), sorted and without repeats. */
static void
grams_of(const char *text, struct grams *g)
{
	uint32_t *cps = zila_xmalloc(sizeof *cps * (TEXT_MAX_CPS + 2));
	size_t n = 0;
	cps[n++] = ' ';
	for (const unsigned char *p = (const unsigned char *)text; *p && n < TEXT_MAX_CPS;) {
		uint32_t c;
		p += next_cp(p, &c);
		if (!word_cp(c))
			c = ' ';
		else if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c == ' ' && cps[n - 1] == ' ')
			continue;
		cps[n++] = c;
	}
	if (cps[n - 1] != ' ')
		cps[n++] = ' ';
	g->v = zila_xmalloc(sizeof *g->v * (n + 1));
	g->n = 0;
	for (size_t i = 0; i + 2 < n; i++) {
		if (cps[i + 1] == ' ')
			continue; /* a gram across two words */
		uint32_t h = 2166136261u;
		for (int k = 0; k < 3; k++)
			h = (h ^ cps[i + k]) * 16777619u;
		g->v[g->n++] = h;
	}
	free(cps);
	qsort(g->v, g->n, sizeof *g->v, cmp_u32);
	size_t o = 0;
	for (size_t i = 0; i < g->n; i++)
		if (o == 0 || g->v[o - 1] != g->v[i])
			g->v[o++] = g->v[i];
	g->n = o;
}

/* Dice's coefficient of two trigram sets, in percent. */
static int
alike(const struct grams *a, const struct grams *b)
{
	if (!a->n || !b->n)
		return 0;
	size_t i = 0, j = 0, common = 0;
	while (i < a->n && j < b->n) {
		if (a->v[i] == b->v[j]) {
			common++;
			i++;
			j++;
		} else if (a->v[i] < b->v[j])
			i++;
		else
			j++;
	}
	return (int)(200 * common / (a->n + b->n));
}

int
zila_text_alike(const char *a, const char *b)
{
	struct grams ga, gb;
	grams_of(a ? a : "", &ga);
	grams_of(b ? b : "", &gb);
	int p = alike(&ga, &gb);
	free(ga.v);
	free(gb.v);
	return p;
}

#define SIMILAR_COLS \
	"SELECT g.id, g.number, g.citizen_name, g.mobile, g.status, g.registered_on, g.description," \
	" coalesce(p.name_en, '') AS gp_name FROM grievance g"

/* A row for the warning; the description cut to what a line can show. */
static json_t *
row_of(sqlite3_stmt *st, const char *why, int pct)
{
	const char *desc = (const char *)sqlite3_column_text(st, 6);
	char cut[240];
	size_t n = strlen(desc ? desc : "");
	if (n >= sizeof cut - 1) {
		n = sizeof cut - 1;
		while (n > 0 && ((unsigned char)desc[n] & 0xc0) == 0x80)
			n--; /* never half a character */
	}
	for (size_t i = 0; i < n; i++)
		cut[i] = desc[i] == '\n' || desc[i] == '\r' || desc[i] == '\t' ? ' ' : desc[i];
	cut[n] = '\0';
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}",
		"id", (const char *)sqlite3_column_text(st, 0), "number", (const char *)sqlite3_column_text(st, 1),
		"citizen_name", (const char *)sqlite3_column_text(st, 2), "mobile", (const char *)sqlite3_column_text(st, 3),
		"status", (const char *)sqlite3_column_text(st, 4), "registered_on", (const char *)sqlite3_column_text(st, 5),
		"description", cut, "gp_name", (const char *)sqlite3_column_text(st, 7), "why", why, "alike", pct);
}

static int
by_alike(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	bool mx = strcmp(json_string_value(json_object_get(x, "why")), "mobile") == 0;
	bool my = strcmp(json_string_value(json_object_get(y, "why")), "mobile") == 0;
	if (mx != my)
		return mx ? -1 : 1;
	json_int_t px = json_integer_value(json_object_get(x, "alike")), py = json_integer_value(json_object_get(y, "alike"));
	if (px != py)
		return px > py ? -1 : 1;
	return strcmp(json_string_value(json_object_get(y, "number")), json_string_value(json_object_get(x, "number")));
}

enum zila_status
zila_grievance_similar(struct zila_db *db, const char *mobile, const char *gp, const char *description, int limit,
	json_t **rows, struct zila_err *err)
{
	char ten[11] = "", gp_id[40] = "";
	enum zila_status s = ZILA_OK;
	*rows = NULL;
	if (limit <= 0)
		limit = 10;
	if (mobile && *mobile && !zila_mobile_normal(mobile, ten))
		return zila_fail(err, ZILA_EINVAL, "mobile: '%s' is not a mobile number (10 digits starting 6-9)", mobile);
	if (gp && *gp && zila_master_resolve(db, ZILA_M_GP, gp, gp_id, err) != ZILA_OK)
		return zila_fail(err, ZILA_EINVAL, "gp: no gram panchayat '%s'", gp);
	struct grams mine = { 0 };
	grams_of(description ? description : "", &mine);
	json_t *out = json_array();
	if (ten[0]) {
		struct zila_sql q = { .len = 0 };
		zila_sql(&q, SIMILAR_COLS " INDEXED BY grievance_mobile_due"
			" LEFT JOIN gram_panchayat p ON p.id = g.gp_id WHERE g.mobile = ?1 AND g.status IN ", OPEN_IN);
		sqlite3_stmt *st = zila_sql_stmt(db, &q, err);
		if (!st)
			s = ZILA_EDB;
		int rc = SQLITE_DONE;
		if (st) {
			bind_str(st, 1, ten);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				struct grams other;
				grams_of((const char *)sqlite3_column_text(st, 6), &other);
				json_array_append_new(out, row_of(st, "mobile", alike(&mine, &other)));
				free(other.v);
			}
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				s = zila_db_error(db, "similar grievances", err);
		}
	}
	if (s == ZILA_OK && gp_id[0] && mine.n) {
		struct zila_sql q = { .len = 0 };
		zila_sql(&q, SIMILAR_COLS " INDEXED BY grievance_gp_due"
			" LEFT JOIN gram_panchayat p ON p.id = g.gp_id WHERE g.gp_id = ?1 AND g.status IN ", OPEN_IN,
			" AND g.mobile <> ?2 LIMIT ?3");
		sqlite3_stmt *st = zila_sql_stmt(db, &q, err);
		int rc = SQLITE_DONE;
		if (!st)
			s = ZILA_EDB;
		if (st) {
			bind_str(st, 1, gp_id);
			bind_str(st, 2, ten[0] ? ten : "\x01");
			sqlite3_bind_int(st, 3, GP_SCAN_MAX);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				struct grams other;
				grams_of((const char *)sqlite3_column_text(st, 6), &other);
				int pct = alike(&mine, &other);
				free(other.v);
				if (pct >= ZILA_SIMILAR_MIN)
					json_array_append_new(out, row_of(st, "text", pct));
			}
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				s = zila_db_error(db, "similar grievances", err);
		}
	}
	free(mine.v);
	if (s != ZILA_OK) {
		json_decref(out);
		return s;
	}
	size_t n = json_array_size(out);
	json_t **v = zila_xmalloc(sizeof *v * (n + 1));
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(out, i));
	qsort(v, n, sizeof *v, by_alike);
	json_decref(out);
	*rows = json_array();
	for (size_t i = 0; i < n; i++) {
		if ((int)i < limit)
			json_array_append(*rows, v[i]);
		json_decref(v[i]);
	}
	free(v);
	return ZILA_OK;
}
