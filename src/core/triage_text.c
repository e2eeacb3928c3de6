/* triage_text.c: a grievance's text as features for the triage model.
 *
 * Words are runs of letters, marks and digits (zero-width joiners stay
 * inside a word). Each word is NFC-normalised and case-folded, with the
 * Devanagari spellings people mix up made one (nukta dropped, chandrabindu
 * as anusvara), and gives three kinds of features:
 *   - the whole word;
 *   - its character 3, 4 and 5-grams, with the word's edges marked, which
 *     carry a word across its inflections (पेंशन, पेंशनों) and typing slips
 *     (3-5 gave a few points more than 2-4 on bench/triage's fixture);
 *   - its consonant skeleton in Latin letters (पानी and paani are both
 *     "pn", हैंडपंप and handpump "ndpmp"), whole and as 4-grams, so
 *     Hinglish typed in Latin letters meets the Hindi it was learned from
 *     in Devanagari (the 4-grams gave Hinglish 52% -> 58% top-1 on
 *     bench/triage's fixture).
 * Digits-only words (dates, amounts, khasra numbers) give nothing. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "triage_internal.h"
#include "zila/util.h"

#define WORD_MAX 48 /* code points of a word that count; the rest is dropped */

/* seeds of the hash families: n-grams take FAM_GRAM + n (5 to 7) */
enum { FAM_WORD = 1, FAM_GRAM = 2, FAM_SKEL = 17, FAM_SKEL_GRAM = 18 };

static uint64_t
fnv_init(unsigned family)
{
	return (14695981039346656037ULL ^ family) * 1099511628211ULL;
}

static uint64_t
fnv_add(uint64_t h, uint32_t cp)
{
	for (int i = 0; i < 4; i++) {
		h ^= (cp >> (8 * i)) & 0xff;
		h *= 1099511628211ULL;
	}
	return h;
}

uint32_t
tri_hash32(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

static void
push_feat(struct tri_doc *d, uint64_t hash)
{
	if (d->nfeat == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 256;
		d->feat = zila_xrealloc(d->feat, d->cap * sizeof *d->feat);
	}
	d->feat[d->nfeat].hash = hash;
	d->feat[d->nfeat].word = (uint32_t)(d->nwords - 1);
	d->nfeat++;
}

/* The Latin consonant of a Devanagari letter (U+0900..U+097F): 0 for a
 * vowel, a vowel sign or a sign that does not sound; '-' for ह, which the
 * Latin side drops too (it only marks aspiration there: bh, kh, ph). */
static char
deva_consonant(uint32_t cp)
{
	static const char map[] =
		/* 0915 क ख ग घ ङ च छ ज झ ञ ट ठ ड ढ ण त थ द ध न ऩ प फ ब भ म य र ऱ ल ळ ऴ व श ष स ह */
		"kkggnccjjnttddnttddnnppbbmyrrlllvsss-";
	if (cp == 0x0902)
		return 'n'; /* anusvara */
	if (cp >= 0x0915 && cp <= 0x0939)
		return map[cp - 0x0915];
	return 0;
}

/* The Latin consonant of an ASCII letter, folded the same way: vowels and
 * h dropped, w as v, z as j, q as k, f as p. */
static char
latin_consonant(uint32_t cp)
{
	switch (cp) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'h': return '-';
	case 'w': return 'v';
	case 'z': return 'j';
	case 'q': return 'k';
	case 'f': return 'p';
	default: return cp >= 'a' && cp <= 'z' ? (char)cp : 0;
	}
}

/* The consonant skeleton feature of a word: at least two consonants, a
 * run of the same one counted once, only for words all Latin or all
 * Devanagari. */
static void
skeleton(struct tri_doc *d, const uint32_t *cp, size_t n)
{
	char sk[WORD_MAX + 1];
	size_t k = 0;
	bool deva = cp[0] >= 0x0900 && cp[0] <= 0x097f;
	for (size_t i = 0; i < n; i++) {
		char c;
		if (deva) {
			if (cp[i] < 0x0900 || cp[i] > 0x097f)
				return;
			c = deva_consonant(cp[i]);
			if (cp[i] == 0x0902) { /* anusvara sounds m before p, b, m (पंप: pump) */
				char next = 0;
				for (size_t j = i + 1; j < n && !next; j++)
					next = deva_consonant(cp[j]);
				if (next == 'p' || next == 'b' || next == 'm')
					c = 'm';
			}
		} else {
			if (cp[i] > 'z')
				return;
			c = latin_consonant(cp[i]);
			if (cp[i] == 'x') {
				if (k < WORD_MAX && (k == 0 || sk[k - 1] != 'k'))
					sk[k++] = 'k';
				c = 's';
			}
		}
		if (!c || c == '-')
			continue;
		if (k > 0 && sk[k - 1] == c)
			continue;
		if (k < WORD_MAX)
			sk[k++] = c;
	}
	if (k < 2)
		return;
	uint64_t h = fnv_init(FAM_SKEL);
	for (size_t i = 0; i < k; i++)
		h = fnv_add(h, (unsigned char)sk[i]);
	push_feat(d, h);
	/* and its 4-grams, edges marked, so a skeleton typed a little
	 * differently (bijli, bijlee; kharab, khrab) still meets most of it */
	char pad[WORD_MAX + 3];
	pad[0] = '^';
	memcpy(pad + 1, sk, k);
	pad[k + 1] = '$';
	for (size_t i = 0; i + 4 <= k + 2; i++) {
		uint64_t g = fnv_init(FAM_SKEL_GRAM);
		for (size_t j = 0; j < 4; j++)
			g = fnv_add(g, (unsigned char)pad[i + j]);
		push_feat(d, g);
	}
}

/* One Devanagari spelling for the forms people mix: the nukta goes (ड़ is
 * typed as ड as often as not), ऩ ऱ ऴ lose theirs, chandrabindu is
 * written as anusvara. Returns 0 to drop the code point. */
static uint32_t
fold_deva(uint32_t cp)
{
	switch (cp) {
	case 0x093C: return 0;
	case 0x0929: return 0x0928;
	case 0x0931: return 0x0930;
	case 0x0934: return 0x0933;
	case 0x0901: return 0x0902;
	default: return cp;
	}
}

static void
word_features(struct tri_doc *d, const char *at, size_t len)
{
	utf8proc_uint8_t *norm = NULL;
	utf8proc_ssize_t nlen = utf8proc_map((const utf8proc_uint8_t *)at, (utf8proc_ssize_t)len, &norm,
		UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
	if (nlen <= 0) {
		free(norm);
		return;
	}
	uint32_t cp[WORD_MAX + 2];
	size_t n = 1;
	bool digits = true;
	cp[0] = 0x02; /* the word's start */
	for (utf8proc_ssize_t i = 0; i < nlen && n <= WORD_MAX;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(norm + i, nlen - i, &c);
		if (k <= 0)
			break;
		i += k;
		uint32_t f = fold_deva((uint32_t)c);
		if (!f)
			continue;
		if (utf8proc_category(c) != UTF8PROC_CATEGORY_ND)
			digits = false;
		cp[n++] = f;
	}
	free(norm);
	if (digits || n == 1)
		return;
	cp[n++] = 0x03; /* the word's end */
	uint64_t w = fnv_init(FAM_WORD);
	for (size_t i = 1; i + 1 < n; i++)
		w = fnv_add(w, cp[i]);
	push_feat(d, w);
	for (size_t g = 3; g <= 5; g++)
		for (size_t i = 0; i + g <= n; i++) {
			uint64_t h = fnv_init(FAM_GRAM + (unsigned)g);
			for (size_t j = 0; j < g; j++)
				h = fnv_add(h, cp[i + j]);
			push_feat(d, h);
		}
	skeleton(d, cp + 1, n - 2);
}

static bool
in_word(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_CF:
		return true;
	default:
		return false;
	}
}

void
tri_doc_add(struct tri_doc *d, const char *text)
{
	if (!text)
		return;
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t len = strlen(text), i = 0, start = 0;
	bool inside = false;
	while (i <= len) {
		utf8proc_int32_t c = -1;
		utf8proc_ssize_t k = 1;
		if (i < len) {
			k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &c);
			if (k <= 0) {
				k = 1; /* a broken byte ends a word */
				c = -1;
			}
		}
		bool w = c >= 0 && in_word(c);
		if (w && !inside) {
			start = i;
			inside = true;
		} else if (!w && inside) {
			inside = false;
			if (d->nwords == d->wcap) {
				d->wcap = d->wcap ? 2 * d->wcap : 32;
				d->words = zila_xrealloc(d->words, d->wcap * sizeof *d->words);
			}
			d->words[d->nwords].at = text + start;
			d->words[d->nwords].len = i - start;
			d->nwords++;
			size_t before = d->nfeat;
			word_features(d, text + start, i - start);
			if (d->nfeat == before)
				d->nwords--; /* digits only: not a word to show either */
		}
		i += (size_t)k;
	}
}

static int
cmp_feat(const void *a, const void *b)
{
	const struct tri_feat *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->word < y->word ? -1 : x->word > y->word;
}

void
tri_doc_finish(struct tri_doc *d)
{
	if (d->nfeat == 0)
		return;
	qsort(d->feat, d->nfeat, sizeof *d->feat, cmp_feat);
	size_t k = 1;
	for (size_t i = 1; i < d->nfeat; i++)
		if (d->feat[i].hash != d->feat[k - 1].hash)
			d->feat[k++] = d->feat[i];
	d->nfeat = k;
}

void
tri_doc_free(struct tri_doc *d)
{
	free(d->words);
	free(d->feat);
	memset(d, 0, sizeof *d);
}
