/* triage.c: learning the triage model from disposed grievances, keeping it
 * in the database, and suggesting categories with their reasons.
 *
 * The model is complement naive Bayes (Rennie et al. 2003) over binary
 * features (whether a grievance has a feature, not how often: short texts
 * repeat little, and a repeated word should not outvote the rest). A
 * feature's weight for a category is -log((T - n + a) / (N' + a V)): n the
 * grievances of the category that have it, T those of all categories, N'
 * the sum of T - n over the features (the category's complement), V the
 * features kept, a the smoothing, 0.002 a grievance learned from (at
 * least 1), so a word seen in every grievance of one category does not
 * outvote the rest however long the history. Learning each category from
 * all the others' grievances suits few grievances per category; it gave
 * 67-74% top-1 on bench/triage's hand-written fixture where plain
 * multinomial naive Bayes gave 61-67% (over a wide range of smoothing).
 * Features seen in fewer than min_count grievances are dropped, then the
 * rarest until the stored model fits its budget (TRI_BUDGET unless the
 * options say less).
 *
 * The stored form is a blob, little-endian: "ZTRIAGE2", u32 categories,
 * u32 features, then each category (six u16-length strings: code, names,
 * department code and names; u32 grievances), then each feature by
 * ascending hash (u64 hash, u16 entries, entries of u16 category and u32
 * count). Weights are worked out on loading. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/triage.h"
#include "zila/util.h"
#include "internal.h"
#include "triage_internal.h"

#define TRI_ALPHA_PER_DOC 0.002
#define TRI_NAME_WEIGHT 0.1
#define TRI_BUDGET (4500u * 1000u)  /* bytes; the target is under 5 MB */
#define TRI_MIN_EXAMPLES 10
#define TRI_DEFAULT_MAX 200000

/* ------------------------------------------------------------ counting */

/* (feature, category) -> grievances; category DF_ROW counts all of them. */
#define DF_ROW 0xffffu
struct count_slot {
	uint64_t hash;
	uint32_t cat, n;    /* n == 0: empty */
};
struct counts {
	struct count_slot *s;
	size_t cap, used;
};

static size_t
slot_of(const struct counts *c, uint64_t hash, uint32_t cat)
{
	uint64_t k = (hash ^ ((uint64_t)cat * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL;
	size_t i = (size_t)(k >> 17) & (c->cap - 1);
	while (c->s[i].n && (c->s[i].hash != hash || c->s[i].cat != cat))
		i = (i + 1) & (c->cap - 1);
	return i;
}

static void
counts_add(struct counts *c, uint64_t hash, uint32_t cat, uint32_t n)
{
	if (2 * (c->used + 1) > c->cap) {
		struct counts bigger = { zila_xcalloc(c->cap ? 2 * c->cap : 1 << 16, sizeof *c->s), c->cap ? 2 * c->cap : 1 << 16, 0 };
		for (size_t i = 0; i < c->cap; i++)
			if (c->s[i].n) {
				bigger.s[slot_of(&bigger, c->s[i].hash, c->s[i].cat)] = c->s[i];
				bigger.used++;
			}
		free(c->s);
		*c = bigger;
	}
	size_t i = slot_of(c, hash, cat);
	if (!c->s[i].n) {
		c->s[i].hash = hash;
		c->s[i].cat = cat;
		c->used++;
	}
	c->s[i].n += n;
}

static void
counts_doc(struct counts *c, const struct tri_doc *d, int cat)
{
	for (size_t i = 0; i < d->nfeat; i++) {
		counts_add(c, d->feat[i].hash, (uint32_t)cat, 1);
		counts_add(c, d->feat[i].hash, DF_ROW, 1);
	}
}

/* ------------------------------------------------------------ the model */

void
zila_triage_free(struct zila_triage_model **pm)
{
	struct zila_triage_model *m = *pm;
	if (!m)
		return;
	free(m->cat);
	free(m->hash);
	free(m->start);
	free(m->ecat);
	free(m->ecount);
	free(m->edelta);
	free(m);
	*pm = NULL;
}

size_t
zila_triage_size(const struct zila_triage_model *m)
{
	return m ? m->bytes : 0;
}

void
tri_model_weights(struct zila_triage_model *m)
{
	double *total = zila_xcalloc((size_t)m->ncat, sizeof *total), all = 0;
	long docs = 0;
	for (size_t e = 0; e < m->nent; e++)
		total[m->ecat[e]] += m->ecount[e];
	for (int c = 0; c < m->ncat; c++) {
		docs += m->cat[c].docs;
		all += total[c];
	}
	double a = TRI_ALPHA_PER_DOC * (double)docs, v = (double)m->nfeat;
	if (a < 1)
		a = 1;
	for (int c = 0; c < m->ncat; c++) {
		m->cat[c].prior = 0; /* complement naive Bayes leaves the prior out */
		m->cat[c].missing = log(all - total[c] + a * v);
	}
	m->edelta = zila_xrealloc(m->edelta, (m->nent ? m->nent : 1) * sizeof *m->edelta);
	for (size_t f = 0; f < m->nfeat; f++) {
		double t = 0;
		for (uint32_t e = m->start[f]; e < m->start[f + 1]; e++)
			t += m->ecount[e];
		for (uint32_t e = m->start[f]; e < m->start[f + 1]; e++)
			m->edelta[e] = (float)(log(t + a) - log(t - m->ecount[e] + a));
	}
	free(total);
}

struct kept {
	uint64_t hash;
	uint32_t df, nent;
};

static int
by_df_desc(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;
	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static int
by_hash(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static size_t
cat_bytes(const struct tri_cat *c)
{
	return 6 * 2 + strlen(c->code) + strlen(c->en) + strlen(c->hi) + strlen(c->dept) + strlen(c->dept_en) +
		strlen(c->dept_hi) + 4;
}

/* The model from the counts: categories without a grievance left out,
 * features pruned by min_count and then by size. */
static struct zila_triage_model *
model_from_counts(const struct counts *cnt, const struct tri_cat *cats, int ncat, long min_count, size_t budget)
{
	struct zila_triage_model *m = zila_xcalloc(1, sizeof *m);
	int *remap = zila_xmalloc((size_t)(ncat ? ncat : 1) * sizeof *remap);
	m->cat = zila_xcalloc((size_t)(ncat ? ncat : 1), sizeof *m->cat);
	m->bytes = 16;
	for (int c = 0; c < ncat; c++) {
		remap[c] = -1;
		if (cats[c].docs > 0) {
			remap[c] = m->ncat;
			m->cat[m->ncat++] = cats[c];
			m->bytes += cat_bytes(&cats[c]);
		}
	}
	/* features with their grievance counts */
	size_t nk = 0;
	for (size_t i = 0; i < cnt->cap; i++)
		if (cnt->s[i].n && cnt->s[i].cat == DF_ROW && cnt->s[i].n >= (uint32_t)min_count)
			nk++;
	struct kept *k = zila_xmalloc((nk ? nk : 1) * sizeof *k);
	nk = 0;
	for (size_t i = 0; i < cnt->cap; i++)
		if (cnt->s[i].n && cnt->s[i].cat == DF_ROW && cnt->s[i].n >= (uint32_t)min_count)
			k[nk++] = (struct kept){ cnt->s[i].hash, cnt->s[i].n, 0 };
	/* entries per feature */
	qsort(k, nk, sizeof *k, by_hash);
	for (size_t i = 0; i < cnt->cap; i++) {
		const struct count_slot *s = &cnt->s[i];
		if (!s->n || s->cat == DF_ROW || remap[s->cat] < 0)
			continue;
		struct kept key = { s->hash, 0, 0 }, *f = bsearch(&key, k, nk, sizeof *k, by_hash);
		if (f)
			f->nent++;
	}
	/* the commonest features first, as long as they fit */
	qsort(k, nk, sizeof *k, by_df_desc);
	size_t fit = 0, nent = 0;
	for (; fit < nk; fit++) {
		size_t b = 10 + 6 * (size_t)k[fit].nent;
		if (m->bytes + b > budget)
			break;
		m->bytes += b;
		nent += k[fit].nent;
	}
	nk = fit;
	qsort(k, nk, sizeof *k, by_hash);
	m->nfeat = nk;
	m->nent = nent;
	m->hash = zila_xmalloc((nk ? nk : 1) * sizeof *m->hash);
	m->start = zila_xmalloc((nk + 1) * sizeof *m->start);
	m->ecat = zila_xmalloc((nent ? nent : 1) * sizeof *m->ecat);
	m->ecount = zila_xmalloc((nent ? nent : 1) * sizeof *m->ecount);
	uint32_t at = 0;
	for (size_t i = 0; i < nk; i++) {
		m->hash[i] = k[i].hash;
		m->start[i] = at;
		at += k[i].nent;
		k[i].nent = 0; /* filled again below */
	}
	m->start[nk] = at;
	for (size_t i = 0; i < cnt->cap; i++) {
		const struct count_slot *s = &cnt->s[i];
		if (!s->n || s->cat == DF_ROW || remap[s->cat] < 0)
			continue;
		struct kept key = { s->hash, 0, 0 }, *f = bsearch(&key, k, nk, sizeof *k, by_hash);
		if (!f)
			continue;
		size_t fi = (size_t)(f - k), e = m->start[fi] + f->nent++;
		m->ecat[e] = (uint16_t)remap[s->cat];
		m->ecount[e] = s->n;
	}
	free(k);
	free(remap);
	tri_model_weights(m);
	return m;
}

/* ------------------------------------------------------------ scoring */

static long
feat_find(const struct zila_triage_model *m, uint64_t h)
{
	size_t lo = 0, hi = m->nfeat;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->hash[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nfeat && m->hash[lo] == h ? (long)lo : -1;
}

/* Log scores of every category for doc into score (ncat); *known gets the
 * count of the doc's features the model has, and idx[i] (when not NULL)
 * the model's index of doc feature i or -1. */
static void
model_score(const struct zila_triage_model *m, const struct tri_doc *d, double *score, long *idx, size_t *known)
{
	size_t k = 0;
	for (int c = 0; c < m->ncat; c++)
		score[c] = m->cat[c].prior;
	for (size_t i = 0; i < d->nfeat; i++) {
		long f = feat_find(m, d->feat[i].hash);
		if (idx)
			idx[i] = f;
		if (f < 0)
			continue;
		k++;
		for (uint32_t e = m->start[f]; e < m->start[f + 1]; e++)
			score[m->ecat[e]] += m->edelta[e];
	}
	for (int c = 0; c < m->ncat; c++)
		score[c] += (double)k * m->cat[c].missing;
	*known = k;
}

/* A feature's weight for category c. */
static double
feat_weight(const struct zila_triage_model *m, long f, int c)
{
	double w = m->cat[c].missing;
	for (uint32_t e = m->start[f]; e < m->start[f + 1]; e++)
		if (m->ecat[e] == c)
			return w + m->edelta[e];
	return w;
}

/* Words that say nothing of a grievance's subject, in the ways citizens
 * write them: they still count in the scores, they are only never shown
 * as a reason. Case-folded. */
static const char *const plain_words[] = {
	"a", "an", "and", "are", "for", "from", "has", "have", "in", "is", "it", "my", "no", "not", "of", "on",
	"our", "the", "to", "was", "we", "with", "hai", "hain", "nahi", "nahin", "nhi", "ka", "ki", "ke", "me",
	"mein", "se", "ko", "aur", "bhi", "to", "tha", "thi", "raha", "rahi", "rahe", "mera", "meri", "mere",
	"ho", "gaya", "gayi", "kar", "koi",
	"है", "हैं", "नहीं", "का", "की", "के", "में", "से", "को", "और", "भी", "तो", "था", "थी", "थे", "रहा", "रही",
	"रहे", "मेरा", "मेरी", "मेरे", "हो", "गया", "गई", "गयी", "कर", "कोई", "हम", "हमारे", "हमारी", "एक", "पर",
};

static bool
plain_word(const char *at, size_t len)
{
	char w[64];
	if (len >= sizeof w)
		return false;
	for (size_t i = 0; i < len; i++)
		w[i] = (char)((unsigned char)at[i] < 0x80 ? tolower((unsigned char)at[i]) : at[i]);
	w[len] = '\0';
	for (size_t i = 0; i < ZILA_ARRAY_LEN(plain_words); i++)
		if (strcmp(w, plain_words[i]) == 0)
			return true;
	return false;
}

/* The words of d that pulled most towards category c: each known feature
 * adds its weight for c less its mean weight over all categories to the
 * word it came from. A word pulling less than a quarter as hard as the
 * first is not worth a clerk's reading. */
static void
reasons_for(const struct zila_triage_model *m, const struct tri_doc *d, const long *idx, int c,
	struct zila_triage_suggestion *out)
{
	double *pull = zila_xcalloc(d->nwords ? d->nwords : 1, sizeof *pull);
	for (size_t i = 0; i < d->nfeat; i++) {
		if (idx[i] < 0)
			continue;
		double mean = 0;
		for (int j = 0; j < m->ncat; j++)
			mean += feat_weight(m, idx[i], j);
		mean /= m->ncat;
		pull[d->feat[i].word] += feat_weight(m, idx[i], c) - mean;
	}
	for (size_t w = 0; w < d->nwords; w++)
		if (plain_word(d->words[w].at, d->words[w].len))
			pull[w] = 0;
	out->nreasons = 0;
	double first = 0;
	for (int r = 0; r < ZILA_TRIAGE_REASONS; r++) {
		size_t best = d->nwords;
		for (size_t w = 0; w < d->nwords; w++)
			if (pull[w] > 0 && (best == d->nwords || pull[w] > pull[best]))
				best = w;
		if (best == d->nwords || pull[best] < first / 4)
			break;
		if (r == 0)
			first = pull[best];
		struct zila_triage_reason *rs = &out->reasons[out->nreasons++];
		size_t len = d->words[best].len;
		if (len >= sizeof rs->word) {
			len = sizeof rs->word - 1;
			while (len > 0 && ((unsigned char)d->words[best].at[len] & 0xc0) == 0x80)
				len--; /* never cut a letter in two */
		}
		memcpy(rs->word, d->words[best].at, len);
		rs->word[len] = '\0';
		rs->weight = pull[best];
		pull[best] = 0;
	}
	free(pull);
}

enum zila_status
zila_triage_suggest(const struct zila_triage_model *m, const char *subject, const char *description,
	struct zila_triage_suggestion out[ZILA_TRIAGE_TOP], int *n, struct zila_err *err)
{
	*n = 0;
	if (!m)
		return zila_fail(err, ZILA_EINVAL, "no triage model to suggest from");
	if ((subject && !zila_utf8_check(subject, true, NULL)) || (description && !zila_utf8_check(description, true, NULL)))
		return zila_fail(err, ZILA_EINVAL, "text: not valid UTF-8 text");
	struct tri_doc d = { 0 };
	tri_doc_add(&d, subject);
	tri_doc_add(&d, description);
	tri_doc_finish(&d);
	double *score = zila_xmalloc((size_t)m->ncat * sizeof *score);
	long *idx = zila_xmalloc((d.nfeat ? d.nfeat : 1) * sizeof *idx);
	size_t known = 0;
	model_score(m, &d, score, idx, &known);
	if (known > 0) {
		/* Naive Bayes counts the dozen n-grams of one word as a dozen
		 * witnesses; scores are tempered by the features per word, so
		 * they read as honest shares rather than 0.9999. */
		size_t words = 0;
		bool *seen = zila_xcalloc(d.nwords ? d.nwords : 1, 1);
		for (size_t i = 0; i < d.nfeat; i++)
			if (idx[i] >= 0 && !seen[d.feat[i].word]) {
				seen[d.feat[i].word] = true;
				words++;
			}
		free(seen);
		double t = (double)known / (double)(words ? words : 1), top = -INFINITY, sum = 0;
		for (int c = 0; c < m->ncat; c++)
			if (score[c] > top)
				top = score[c];
		double *p = zila_xmalloc((size_t)m->ncat * sizeof *p);
		for (int c = 0; c < m->ncat; c++)
			sum += p[c] = exp((score[c] - top) / t);
		int used[ZILA_TRIAGE_TOP];
		for (int r = 0; r < ZILA_TRIAGE_TOP && r < m->ncat; r++) {
			int best = -1;
			for (int c = 0; c < m->ncat; c++) {
				bool taken = false;
				for (int j = 0; j < r; j++)
					taken |= used[j] == c;
				if (!taken && (best < 0 || score[c] > score[best]))
					best = c;
			}
			used[r] = best;
			struct zila_triage_suggestion *s = &out[r];
			memset(s, 0, sizeof *s);
			const struct tri_cat *tc = &m->cat[best];
			snprintf(s->category, sizeof s->category, "%s", tc->code);
			snprintf(s->category_en, sizeof s->category_en, "%s", tc->en);
			snprintf(s->category_hi, sizeof s->category_hi, "%s", tc->hi);
			snprintf(s->department, sizeof s->department, "%s", tc->dept);
			snprintf(s->department_en, sizeof s->department_en, "%s", tc->dept_en);
			snprintf(s->department_hi, sizeof s->department_hi, "%s", tc->dept_hi);
			s->score = p[best] / sum;
			reasons_for(m, &d, idx, best, s);
			(*n)++;
		}
		free(p);
	}
	free(idx);
	free(score);
	tri_doc_free(&d);
	return ZILA_OK;
}

/* ------------------------------------------------------------ reading grievances */

struct example {
	const char *id, *subject, *description, *category, *cat_dept, *dept;
};
typedef int (*each_fn)(void *ctx, const struct example *ex);

/* The disposed grievances training reads, newest disposal first. A
 * disposed grievance's department is the one that disposed it: a transfer
 * is refused once it is disposed, and the row moves with its events in one
 * transaction, so the row says what the last transfer event says. */
static enum zila_status
each_example(struct zila_db *db, const struct zila_triage_opts *o, int part, each_fn fn, void *ctx,
	struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT g.id, g.subject, g.description, c.code, cd.code, d.code FROM grievance g"
		" JOIN category c ON c.id = g.category_id JOIN department cd ON cd.id = c.department_id"
		" JOIN department d ON d.id = g.department_id"
		" WHERE g.status IN ('disposed', 'closed') AND g.disposed_on IS NOT NULL AND g.duplicate_of IS NULL"
		" ORDER BY g.disposed_on DESC, g.id LIMIT ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_int64(st, 1, o && o->max_examples > 0 ? o->max_examples : TRI_DEFAULT_MAX);
	unsigned k = o ? o->holdout : 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct example ex = {
			(const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
		};
		if (k > 0) {
			bool out = tri_hash32(ex.id) % k == 0;
			if ((part == 1 && out) || (part == 2 && !out))
				continue;
		}
		if (fn(ctx, &ex))
			break;
	}
	enum zila_status s = rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "reading grievances", err);
	sqlite3_reset(st);
	return s;
}

struct pending {
	char *subject, *description;
	char dept[32];
};

struct build {
	struct tri_cat *cat;
	int ncat;
	struct counts cnt;
	struct pending *pend;
	size_t npend, cappend;
	struct zila_triage_stats *st;
};

static int
cat_index(const struct build *b, const char *code)
{
	for (int i = 0; i < b->ncat; i++)
		if (strcmp(b->cat[i].code, code) == 0)
			return i;
	return -1;
}

static int
dept_categories(const struct build *b, const char *dept, int *only)
{
	int n = 0;
	for (int i = 0; i < b->ncat; i++)
		if (strcmp(b->cat[i].dept, dept) == 0) {
			*only = i;
			n++;
		}
	return n;
}

static void
learn(struct build *b, const char *subject, const char *description, int cat)
{
	struct tri_doc d = { 0 };
	tri_doc_add(&d, subject);
	tri_doc_add(&d, description);
	tri_doc_finish(&d);
	counts_doc(&b->cnt, &d, cat);
	b->cat[cat].docs++;
	b->st->examples++;
	tri_doc_free(&d);
}

/* The district's own names of a category and its department, learned as
 * if a tenth of the category's grievances had used them, so a citizen
 * who writes "awas" or "बिजली" is met by the masters' words even when
 * past grievances put it otherwise. Only for categories with a history:
 * the model suggests what was disposed before. */
static void
learn_names(struct build *b)
{
	for (int c = 0; c < b->ncat; c++) {
		if (b->cat[c].docs == 0)
			continue;
		struct tri_doc d = { 0 };
		tri_doc_add(&d, b->cat[c].en);
		tri_doc_add(&d, b->cat[c].hi);
		tri_doc_add(&d, b->cat[c].dept_en);
		tri_doc_add(&d, b->cat[c].dept_hi);
		tri_doc_finish(&d);
		uint32_t n = (uint32_t)(TRI_NAME_WEIGHT * (double)b->cat[c].docs);
		if (n < 1)
			n = 1;
		for (size_t i = 0; i < d.nfeat; i++) {
			counts_add(&b->cnt, d.feat[i].hash, (uint32_t)c, n);
			counts_add(&b->cnt, d.feat[i].hash, DF_ROW, n);
		}
		tri_doc_free(&d);
	}
}

static int
build_one(void *ctx, const struct example *ex)
{
	struct build *b = ctx;
	int cat = cat_index(b, ex->category), only = -1;
	if (cat < 0)
		return 0;
	if (strcmp(ex->cat_dept, ex->dept) == 0) {
		learn(b, ex->subject, ex->description, cat);
		return 0;
	}
	int n = dept_categories(b, ex->dept, &only);
	if (n == 0) {
		b->st->skipped++;
	} else if (n == 1) {
		learn(b, ex->subject, ex->description, only);
		b->st->transferred++;
	} else {
		if (b->npend == b->cappend) {
			b->cappend = b->cappend ? 2 * b->cappend : 64;
			b->pend = zila_xrealloc(b->pend, b->cappend * sizeof *b->pend);
		}
		struct pending *p = &b->pend[b->npend++];
		p->subject = zila_xstrdup(ex->subject ? ex->subject : "");
		p->description = zila_xstrdup(ex->description ? ex->description : "");
		snprintf(p->dept, sizeof p->dept, "%s", ex->dept);
	}
	return 0;
}

static enum zila_status
load_categories(struct zila_db *db, struct build *b, struct zila_err *err)
{
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT c.code, c.name_en, c.name_hi, d.code, d.name_en, d.name_hi FROM category c"
		" JOIN department d ON d.id = c.department_id ORDER BY c.code", err);
	if (!st)
		return ZILA_EDB;
	int rc, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (b->ncat >= (int)DF_ROW - 1)
			break; /* category numbers are 16 bits in the model */
		if (b->ncat == cap) {
			cap = cap ? 2 * cap : 32;
			b->cat = zila_xrealloc(b->cat, (size_t)cap * sizeof *b->cat);
		}
		struct tri_cat *c = &b->cat[b->ncat++];
		memset(c, 0, sizeof *c);
		snprintf(c->code, sizeof c->code, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(c->en, sizeof c->en, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(c->hi, sizeof c->hi, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(c->dept, sizeof c->dept, "%s", (const char *)sqlite3_column_text(st, 3));
		snprintf(c->dept_en, sizeof c->dept_en, "%s", (const char *)sqlite3_column_text(st, 4));
		snprintf(c->dept_hi, sizeof c->dept_hi, "%s", (const char *)sqlite3_column_text(st, 5));
	}
	enum zila_status s = rc == SQLITE_ROW || rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "reading categories", err);
	sqlite3_reset(st);
	return s;
}

enum zila_status
zila_triage_build(struct zila_db *db, const struct zila_triage_opts *opts, struct zila_triage_model **out,
	struct zila_triage_stats *stats, struct zila_err *err)
{
	struct zila_triage_stats local;
	struct zila_triage_stats *st = stats ? stats : &local;
	memset(st, 0, sizeof *st);
	*out = NULL;
	long min_count = opts && opts->min_count > 0 ? opts->min_count : 2;
	size_t budget = opts && opts->max_bytes > 0 ? opts->max_bytes : TRI_BUDGET;
	struct build b = { .st = st };
	enum zila_status s = load_categories(db, &b, err);
	if (!s)
		s = each_example(db, opts, 1, build_one, &b, err);
	if (!s && st->examples + (long)b.npend < TRI_MIN_EXAMPLES)
		s = zila_fail(err, ZILA_EINVAL, "too few disposed grievances to learn from: %ld (at least %d are needed)",
			st->examples + (long)b.npend, TRI_MIN_EXAMPLES);
	if (!s)
		learn_names(&b);
	struct zila_triage_model *m = NULL;
	if (!s && b.npend > 0) {
		/* Grievances transferred to a department with several
		 * categories: the category of that department the model made
		 * from the rest finds likeliest. */
		m = model_from_counts(&b.cnt, b.cat, b.ncat, min_count, budget);
		double *score = zila_xmalloc((size_t)(m->ncat ? m->ncat : 1) * sizeof *score);
		for (size_t i = 0; i < b.npend; i++) {
			struct tri_doc d = { 0 };
			tri_doc_add(&d, b.pend[i].subject);
			tri_doc_add(&d, b.pend[i].description);
			tri_doc_finish(&d);
			size_t known;
			model_score(m, &d, score, NULL, &known);
			int best = -1, only = -1;
			for (int c = 0; c < m->ncat; c++)
				if (strcmp(m->cat[c].dept, b.pend[i].dept) == 0 && (best < 0 || score[c] > score[best]))
					best = c;
			if (best < 0) /* no grievance of that department's categories yet: its first */
				dept_categories(&b, b.pend[i].dept, &only);
			int cat = best >= 0 ? cat_index(&b, m->cat[best].code) : only;
			if (cat < 0) {
				tri_doc_free(&d);
				continue;
			}
			counts_doc(&b.cnt, &d, cat);
			b.cat[cat].docs++;
			st->examples++;
			st->transferred++;
			tri_doc_free(&d);
		}
		free(score);
		zila_triage_free(&m);
	}
	if (!s) {
		m = model_from_counts(&b.cnt, b.cat, b.ncat, min_count, budget);
		if (m->ncat < 2) {
			s = zila_fail(err, ZILA_EINVAL, "the disposed grievances are all of one category: nothing to choose between");
			zila_triage_free(&m);
		}
	}
	if (!s) {
		st->categories = m->ncat;
		st->features = (long)m->nfeat;
		st->bytes = m->bytes;
		zila_iso_time(zila_clock(), st->trained_at, sizeof st->trained_at);
		*out = m;
	}
	for (size_t i = 0; i < b.npend; i++) {
		free(b.pend[i].subject);
		free(b.pend[i].description);
	}
	free(b.pend);
	free(b.cnt.s);
	free(b.cat);
	return s;
}

struct ex_ctx {
	zila_triage_example_fn fn;
	void *ctx;
};

static int
example_out(void *ctx, const struct example *ex)
{
	struct ex_ctx *e = ctx;
	bool moved = strcmp(ex->cat_dept, ex->dept) != 0;
	return e->fn(e->ctx, ex->subject, ex->description, moved ? "" : ex->category, ex->dept, moved);
}

enum zila_status
zila_triage_examples(struct zila_db *db, const struct zila_triage_opts *opts, bool held_out, zila_triage_example_fn fn,
	void *ctx, struct zila_err *err)
{
	struct ex_ctx e = { fn, ctx };
	return each_example(db, opts, held_out ? 2 : 1, example_out, &e, err);
}
