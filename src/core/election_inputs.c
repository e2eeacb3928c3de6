/* election_inputs.c: what a randomisation read, kept with it, so that
 * `zila election verify` re-runs any past run on exactly its inputs.
 *
 * Why a kept copy, and not masters versioned by run: a run reads the
 * rules, every constituency, station and official as they are at that
 * moment, and what earlier runs ordered. The masters belong to no one
 * election and keep changing while the process goes on (exemptions above
 * all: re-randomisation after them is the normal course), by actions from
 * more than one desk. Versioning them would put a history into five
 * tables and into every action that writes them, and a run number of one
 * election orders nothing that happens for another election or offline on
 * another desk. The text the inputs hash was always taken over is already
 * all that the draw reads, in the order it draws: kept (deflated, in
 * el_run_input) it is the inputs themselves, and its SHA-256 is the
 * inputs hash the run recorded, so a kept copy edited afterwards no longer
 * matches and needs no signature of its own. At a district's size
 * (20,000 officials) it is 0.6 to 0.9 MB of text, 100 to 250 KB kept.
 *
 * Reading it back (el_inputs_parse) makes the state the run drew from:
 * codes stand for ids (a verify stores nothing), and the text of the
 * state read back must be the kept text again, byte for byte, or the
 * copy is refused: so nothing the draw reads can be lost on the way. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <zlib.h>
#include "zila/util.h"
#include "election_internal.h"
#include "internal.h"

const char *const el_slot_code[SLOT_COUNT] = { "wp", "wo", "gp", "go" };

/* The longest line, as the inputs hash has always cut them (no line of
 * codes comes near it: codes are at most 20 characters). */
#define LINE_MAX_ 256
/* A kept copy that says it unpacks to more than this is not believed. */
#define INPUTS_MAX (256u << 20)

static void
text_line(struct el_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
text_line(struct el_text *t, const char *fmt, ...)
{
	if (t->cap - t->n < LINE_MAX_) {
		t->cap = t->cap ? t->cap * 2 : 64 * 1024;
		t->p = zila_xrealloc(t->p, t->cap);
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->p + t->n, LINE_MAX_, fmt, ap);
	va_end(ap);
	t->n += (size_t)(n < LINE_MAX_ ? n : LINE_MAX_ - 1);
}

/* The rules, the constituencies and stations, the officials who are not
 * exempt, and what earlier runs ordered. */
void
el_inputs_text(const struct el_state *s, int stage, struct el_text *t)
{
	t->n = 0;
	text_line(t, "stage %d rules %d %d %d %d %d %d\n", stage, s->k, s->min_level, s->reserve, s->office_rule,
		s->home_rule, s->women_rule);
	for (int i = 0; i < s->nac; i++)
		text_line(t, "A %s\n", s->ac[i].code);
	for (int i = 0; i < s->nst; i++)
		text_line(t, "S %s %s %d\n", s->st[i].code, el_ac_code(s, s->st[i].ac), s->st[i].women);
	for (int i = 0; i < s->noff; i++) {
		const struct el_off *o = &s->off[i];
		text_line(t, "O %s %c %s %d %s %s\n", o->code, o->gender, o->office >= 0 ? s->office[o->office].code : "",
			o->pay, el_ac_code(s, o->home), el_ac_code(s, o->post));
		if (o->ac >= 0)
			text_line(t, "Q %s %s %s %d %d\n", o->code, el_ac_code(s, o->ac), el_slot_code[o->slot],
				o->party >= 0 ? s->party[o->party].number : 0, o->seat);
	}
	for (int i = 0; i < s->nparty; i++)
		text_line(t, "P %s %d %d %s\n", el_ac_code(s, s->party[i].ac), s->party[i].number, s->party[i].women,
			s->party[i].station >= 0 ? s->st[s->party[i].station].code : "");
}

/* Deflated at zlib's usual level: for the 645 KB of a stage 1 run of
 * 20,000 officials, 97 KB in 16 ms, where the fastest level gives 157 KB
 * in 4 ms and the best takes 112 ms for no less; every desk of the cell
 * receives it. Another zlib may pack the same text to other bytes:
 * nothing compares the packed bytes, only the text's hash. */
char *
el_inputs_pack(const struct el_text *t)
{
	uLongf n = compressBound((uLong)t->n);
	unsigned char *z = zila_xcalloc((size_t)n + 1, 1);
	if (compress2(z, &n, (const Bytef *)t->p, (uLong)t->n, Z_DEFAULT_COMPRESSION) != Z_OK)
		n = 0; /* cannot happen with compressBound's room; an empty copy is then refused by verify */
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = zila_xcalloc(len, 1);
	sodium_bin2base64(b64, len, z, n, sodium_base64_VARIANT_ORIGINAL);
	free(z);
	return b64;
}

enum zila_status
el_inputs_unpack(const char *data, long long bytes, struct el_text *t, struct zila_err *err)
{
	size_t len = strlen(data), zn = 0;
	t->n = 0;
	if (bytes < 0 || bytes > INPUTS_MAX)
		return zila_fail(err, ZILA_EINVAL, "the kept inputs of this randomisation cannot be read: they are not what was kept");
	unsigned char *z = zila_xcalloc(len / 4 * 3 + 4, 1);
	int bad = sodium_base642bin(z, len / 4 * 3 + 4, data, len, NULL, &zn, NULL, sodium_base64_VARIANT_ORIGINAL);
	if (t->cap < (size_t)bytes + 1) {
		t->cap = (size_t)bytes + 1;
		t->p = zila_xrealloc(t->p, t->cap);
	}
	uLongf n = (uLongf)bytes;
	if (!bad)
		bad = uncompress((Bytef *)t->p, &n, z, (uLong)zn) != Z_OK || n != (uLongf)bytes;
	free(z);
	if (bad)
		return zila_fail(err, ZILA_EINVAL, "the kept inputs of this randomisation cannot be read: they are not what was kept");
	t->n = (size_t)bytes;
	t->p[t->n] = '\0';
	return ZILA_OK;
}

/* --- reading the text back ----------------------------------------------- */

#define FIELDS 10

/* Splits one line (without its newline) at single spaces, keeping empty
 * fields: "O E1 M OF1 5  " has an official without home or posting. */
static int
split(char *line, char **f)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p; p++)
		if (*p == ' ') {
			*p = '\0';
			if (n == FIELDS)
				return -1;
			f[n++] = p + 1;
		}
	return n;
}

static bool
number(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static void *
grow(void *v, int n, int *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 256;
	return zila_xrealloc(v, (size_t)*cap * size);
}

/* A party by constituency and number, for the postings that name it. */
struct party_key {
	int ac, number, idx;
};

static int
cmp_party(const void *a, const void *b)
{
	const struct party_key *x = a, *y = b;
	return x->ac != y->ac ? (x->ac < y->ac ? -1 : 1) : x->number != y->number ? (x->number < y->number ? -1 : 1) : 0;
}

/* The lines of the text in their order: the rules, then A, S, O (each
 * with its Q) and P lines, as el_inputs_text writes them. */
static bool
parse_lines(const char *text, size_t len, int *stage, struct el_state *s, char (**offcode)[24], int **pnum)
{
	char line[LINE_MAX_ + 1], *f[FIELDS];
	int cap_ac = 0, cap_st = 0, cap_off = 0, cap_party = 0, cap_code = 0, o = -1;
	char phase = 'R';
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		if (!nl || (size_t)(nl - (text + at)) > LINE_MAX_)
			return false;
		size_t ll = (size_t)(nl - (text + at));
		memcpy(line, text + at, ll);
		line[ll] = '\0';
		at += ll + 1;
		int n = split(line, f), v[6];
		char kind = n > 0 && strlen(f[0]) == 1 ? f[0][0] : phase == 'R' ? 'R' : '?';
		if (phase == 'R') {
			if (n != 9 || strcmp(f[0], "stage") || strcmp(f[2], "rules") || !number(f[1], 1, 3, stage) ||
			    !number(f[3], 1, 3, &s->k) || !number(f[4], 1, 18, &s->min_level) || !number(f[5], 0, 50, &s->reserve) ||
			    !number(f[6], 0, 1, &v[0]) || !number(f[7], 0, 1, &v[1]) || !number(f[8], 0, 1, &v[2]))
				return false;
			s->office_rule = v[0];
			s->home_rule = v[1];
			s->women_rule = v[2];
			phase = 'A';
			continue;
		}
		/* the kinds of line come in this order, each after the last */
		if (!strchr("ASOQP", kind) || strchr("ASOQP", kind) < strchr("ASOQP", phase == 'Q' ? 'O' : phase))
			return false;
		phase = kind;
		switch (kind) {
		case 'A':
			if (n != 2 || strlen(f[1]) >= sizeof s->ac->code)
				return false;
			s->ac = grow(s->ac, s->nac, &cap_ac, sizeof *s->ac);
			memset(&s->ac[s->nac], 0, sizeof *s->ac);
			snprintf(s->ac[s->nac].id, sizeof s->ac->id, "%s", f[1]);
			snprintf(s->ac[s->nac++].code, sizeof s->ac->code, "%s", f[1]);
			break;
		case 'S':
			if (!s->m_ac)
				s->m_ac = el_idmap_make(s->ac, s->nac, sizeof *s->ac);
			if (n != 4 || strlen(f[1]) >= sizeof s->st->code || !number(f[3], 0, 1, &v[0]))
				return false;
			s->st = grow(s->st, s->nst, &cap_st, sizeof *s->st);
			memset(&s->st[s->nst], 0, sizeof *s->st);
			snprintf(s->st[s->nst].id, sizeof s->st->id, "%s", f[1]);
			snprintf(s->st[s->nst].code, sizeof s->st->code, "%s", f[1]);
			s->st[s->nst].ac = el_find(s->m_ac, s->nac, f[2]);
			s->st[s->nst++].women = v[0];
			break;
		case 'O': {
			if (!s->m_ac)
				s->m_ac = el_idmap_make(s->ac, s->nac, sizeof *s->ac);
			if (n != 7 || strlen(f[1]) >= sizeof s->off->code || strlen(f[2]) != 1 || strlen(f[3]) >= 24 ||
			    !number(f[4], 1, 18, &v[0]))
				return false;
			s->off = grow(s->off, s->noff, &cap_off, sizeof *s->off);
			int c = cap_code;
			*offcode = grow(*offcode, s->noff, &cap_code, sizeof **offcode);
			*pnum = c == cap_code ? *pnum : zila_xrealloc(*pnum, (size_t)cap_code * sizeof **pnum);
			struct el_off *x = &s->off[o = s->noff++];
			memset(x, 0, sizeof *x);
			snprintf(x->id, sizeof x->id, "%s", f[1]);
			snprintf(x->code, sizeof x->code, "%s", f[1]);
			snprintf((*offcode)[o], sizeof **offcode, "%s", f[3]);
			(*pnum)[o] = 0;
			x->gender = f[2][0];
			x->pay = v[0];
			x->home = el_find(s->m_ac, s->nac, f[5]);
			x->post = el_find(s->m_ac, s->nac, f[6]);
			x->ac = x->slot = x->party = x->seat = -1;
			break;
		}
		case 'Q': {
			struct el_off *x = o >= 0 ? &s->off[o] : NULL;
			if (n != 6 || !x || x->ac >= 0 || strcmp(f[1], x->code) || !number(f[4], 0, 1 << 30, &v[0]) ||
			    !number(f[5], -1, 3, &v[1]))
				return false;
			x->ac = el_find(s->m_ac, s->nac, f[2]);
			for (int i = 0; i < SLOT_COUNT; i++)
				if (strcmp(el_slot_code[i], f[3]) == 0)
					x->slot = i;
			if (x->ac < 0 || x->slot < 0)
				return false;
			(*pnum)[o] = v[0];
			x->seat = v[1];
			break;
		}
		case 'P': {
			if (!s->m_ac)
				s->m_ac = el_idmap_make(s->ac, s->nac, sizeof *s->ac);
			if (!s->m_st)
				s->m_st = el_idmap_make(s->st, s->nst, sizeof *s->st);
			if (n != 5 || !number(f[2], 1, 1 << 30, &v[0]) || !number(f[3], 0, 1, &v[1]))
				return false;
			s->party = grow(s->party, s->nparty, &cap_party, sizeof *s->party);
			struct el_party *p = &s->party[s->nparty++];
			memset(p, 0, sizeof *p);
			p->ac = el_find(s->m_ac, s->nac, f[1]);
			p->number = v[0];
			p->women = v[1];
			p->station = el_find(s->m_st, s->nst, f[4]);
			if (p->ac < 0 || (f[4][0] && p->station < 0))
				return false;
			for (int i = 0; i < 4; i++)
				p->seat[i] = -1;
			s->capparty = cap_party;
			break;
		}
		default:
			return false;
		}
	}
	return phase != 'R';
}

enum zila_status
el_inputs_parse(const char *text, size_t n, int *stage, struct el_state *s, struct zila_err *err)
{
	char (*offcode)[24] = NULL;
	int *pnum = NULL;
	memset(s, 0, sizeof *s);
	bool ok = parse_lines(text, n, stage, s, &offcode, &pnum);
	if (ok) {
		if (!s->m_ac)
			s->m_ac = el_idmap_make(s->ac, s->nac, sizeof *s->ac);
		if (!s->m_st)
			s->m_st = el_idmap_make(s->st, s->nst, sizeof *s->st);
		/* the offices are those the officials name, in code order */
		s->office = zila_xcalloc((size_t)s->noff + 1, sizeof *s->office);
		for (int i = 0; i < s->noff; i++)
			snprintf(s->office[i].id, sizeof s->office->id, "%s", offcode[i]);
		if (s->noff > 0)
			qsort(s->office, (size_t)s->noff, sizeof *s->office, el_cmp_code);
		for (int i = 0; i < s->noff; i++)
			if (s->noffice == 0 || strcmp(s->office[s->noffice - 1].id, s->office[i].id))
				s->office[s->noffice++] = s->office[i];
		for (int i = 0; i < s->noffice; i++)
			snprintf(s->office[i].code, sizeof s->office->code, "%.23s", s->office[i].id);
		s->m_office = el_idmap_make(s->office, s->noffice, sizeof *s->office);
		struct party_key *keys = zila_xcalloc((size_t)s->nparty + 1, sizeof *keys);
		for (int i = 0; i < s->nparty; i++)
			keys[i] = (struct party_key){ s->party[i].ac, s->party[i].number, i };
		if (s->nparty > 0)
			qsort(keys, (size_t)s->nparty, sizeof *keys, cmp_party);
		for (int i = 0; i < s->noff && ok; i++) {
			struct el_off *x = &s->off[i];
			x->office = offcode[i][0] ? el_find(s->m_office, s->noffice, offcode[i]) : -1;
			if (pnum[i] == 0) {
				ok = x->seat == -1; /* no party, no seat */
				continue;
			}
			struct party_key want = { x->ac, pnum[i], 0 };
			const struct party_key *k = s->nparty > 0 ? bsearch(&want, keys, (size_t)s->nparty, sizeof *keys, cmp_party) : NULL;
			ok = k && x->seat >= 0 && x->seat <= s->k;
			if (ok)
				x->party = k->idx;
		}
		free(keys);
	}
	free(offcode);
	free(pnum);
	if (ok) {
		el_state_finish(s);
		/* read back right only if it writes the same text again */
		struct el_text again = { 0 };
		el_inputs_text(s, *stage, &again);
		ok = again.n == n && memcmp(again.p, text, n) == 0;
		free(again.p);
	}
	if (!ok) {
		el_state_free(s);
		return zila_fail(err, ZILA_EINVAL, "the kept inputs of this randomisation cannot be read: they are not what was kept");
	}
	return ZILA_OK;
}
