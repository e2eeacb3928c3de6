/* election_rand.c: the three randomisations of an election and their
 * verification.
 *
 * Each run reads the election's state as it stood before it (every row
 * carries the number of the run that made it), draws from a seeded
 * xoshiro256** stream, and only fills holes: what earlier runs ordered
 * stays where it is. The run's seed, the SHA-256 of what it read (inputs
 * hash) and of what it wrote (result hash) go into its arguments, so the
 * audit log keeps them and the server, re-running the action, either gets
 * the very same rows or refuses when its inputs differ. The text the
 * inputs hash is taken over is kept with the run (election_inputs.c), so
 * verify re-runs it later on exactly what it read. Everything is read
 * in the order of its codes before it is shuffled, so the same seed on the
 * same inputs draws the same result on any machine. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "zila/election.h"
#include "zila/util.h"
#include "election_internal.h"
#include "internal.h"

/* --- the generator ------------------------------------------------------ */

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
zila_rng_seed(struct zila_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
zila_rng_next(struct zila_rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Rejection: draws above the largest multiple of n are drawn again. */
uint64_t
zila_rng_below(struct zila_rng *r, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;
	do
		x = zila_rng_next(r);
	while (x >= limit);
	return x % n;
}

static void
shuffle(struct zila_rng *r, int *v, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = (int)zila_rng_below(r, (uint64_t)i + 1), t = v[i];
		v[i] = v[j];
		v[j] = t;
	}
}

/* --- the state a run reads --------------------------------------------- */

static const char *const slot_words[SLOT_COUNT] = { N_("women presiding officers"), N_("women polling officers"),
	N_("presiding officers"), N_("polling officers") };

void
el_state_free(struct el_state *s)
{
	free(s->ac);
	free(s->st);
	free(s->off);
	free(s->party);
	free(s->office);
	free(s->m_ac);
	free(s->m_office);
	free(s->m_st);
	free(s->m_off);
	free(s->m_party);
	memset(s, 0, sizeof *s);
}

int
el_cmp_code(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

struct idmap *
el_idmap_make(const void *base, int n, size_t size)
{
	struct idmap *m = zila_xcalloc((size_t)n + 1, sizeof *m);
	for (int i = 0; i < n; i++) {
		snprintf(m[i].id, sizeof m[i].id, "%s", (const char *)base + (size_t)i * size);
		m[i].idx = i;
	}
	qsort(m, (size_t)n, sizeof *m, el_cmp_code);
	return m;
}

int
el_find(const struct idmap *m, int n, const char *id)
{
	const struct idmap *p = id ? bsearch(id, m, (size_t)n, sizeof *m, el_cmp_code) : NULL;
	return p ? p->idx : -1;
}

/* Reads every row of st into a new array: fill(row, elem) takes one. */
static enum zila_status
read_all(struct zila_db *db, sqlite3_stmt *st, size_t size, void **out, int *n,
	void (*fill)(sqlite3_stmt *row, void *elem, struct el_state *s), struct el_state *s, struct zila_err *err)
{
	int cap = 256, rc;
	char *v = zila_xcalloc((size_t)cap, size);
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			v = zila_xrealloc(v, (size_t)cap * size);
		}
		memset(v + (size_t)*n * size, 0, size);
		fill(st, v + (size_t)(*n)++ * size, s);
	}
	sqlite3_reset(st);
	*out = v;
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "election", err);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

static void
fill_ac(sqlite3_stmt *row, void *e, struct el_state *s)
{
	(void)s;
	struct el_ac *a = e;
	snprintf(a->id, sizeof a->id, "%s", col(row, 0));
	snprintf(a->code, sizeof a->code, "%s", col(row, 1));
}

static void
fill_office(sqlite3_stmt *row, void *e, struct el_state *s)
{
	(void)s;
	struct el_office *f = e;
	snprintf(f->id, sizeof f->id, "%s", col(row, 0));
	snprintf(f->code, sizeof f->code, "%s", col(row, 1));
}

static void
fill_station(sqlite3_stmt *row, void *e, struct el_state *s)
{
	struct el_station *t = e;
	snprintf(t->id, sizeof t->id, "%s", col(row, 0));
	snprintf(t->code, sizeof t->code, "%s", col(row, 3));
	t->ac = el_find(s->m_ac, s->nac, col(row, 1));
	t->women = sqlite3_column_int(row, 2) && s->women_rule;
}

static void
fill_off(sqlite3_stmt *row, void *e, struct el_state *s)
{
	struct el_off *o = e;
	snprintf(o->id, sizeof o->id, "%s", col(row, 0));
	snprintf(o->code, sizeof o->code, "%s", col(row, 6));
	o->gender = col(row, 1)[0];
	o->office = el_find(s->m_office, s->noffice, col(row, 2));
	o->pay = sqlite3_column_int(row, 3);
	o->home = el_find(s->m_ac, s->nac, (const char *)sqlite3_column_text(row, 4));
	o->post = el_find(s->m_ac, s->nac, (const char *)sqlite3_column_text(row, 5));
	o->ac = o->slot = o->party = o->seat = -1;
}

static void
fill_party(sqlite3_stmt *row, void *e, struct el_state *s)
{
	struct el_party *p = e;
	snprintf(p->id, sizeof p->id, "%s", col(row, 0));
	p->ac = el_find(s->m_ac, s->nac, col(row, 1));
	p->number = sqlite3_column_int(row, 2);
	p->women = sqlite3_column_int(row, 3);
	p->station = el_find(s->m_st, s->nst, (const char *)sqlite3_column_text(row, 4));
	for (int i = 0; i < 4; i++)
		p->seat[i] = -1;
}

/* The election's state before run `before` (INT_MAX-like for a new run). */
static enum zila_status
state_load(struct zila_db *db, const char *election_id, int before, struct el_state *s, struct zila_err *err)
{
	enum zila_status r;
	memset(s, 0, sizeof *s);
	snprintf(s->election_id, sizeof s->election_id, "%s", election_id);
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT polling_officers, po_min_level, reserve_pct, distinct_office, not_home,"
		" women_only FROM el_election WHERE id = ?1", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, election_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return zila_fail(err, ZILA_ENOTFOUND, "there is no election '%s'", election_id);
	}
	s->k = sqlite3_column_int(st, 0);
	s->min_level = sqlite3_column_int(st, 1);
	s->reserve = sqlite3_column_int(st, 2);
	s->office_rule = sqlite3_column_int(st, 3);
	s->home_rule = sqlite3_column_int(st, 4);
	s->women_rule = sqlite3_column_int(st, 5);
	sqlite3_reset(st);
	void *v;
	if (!(st = zila_db_stmt(db, "SELECT id, code FROM el_constituency ORDER BY code", err)) ||
	    (r = read_all(db, st, sizeof *s->ac, &v, &s->nac, fill_ac, s, err)))
		return st ? r : ZILA_EDB;
	s->ac = v;
	s->m_ac = el_idmap_make(s->ac, s->nac, sizeof *s->ac);
	if (!(st = zila_db_stmt(db, "SELECT id, code FROM el_office ORDER BY code", err)) ||
	    (r = read_all(db, st, sizeof *s->office, &v, &s->noffice, fill_office, s, err)))
		return st ? r : ZILA_EDB;
	s->office = v;
	s->m_office = el_idmap_make(s->office, s->noffice, sizeof *s->office);
	if (!(st = zila_db_stmt(db, "SELECT id, constituency_id, women, code FROM el_station ORDER BY code", err)) ||
	    (r = read_all(db, st, sizeof *s->st, &v, &s->nst, fill_station, s, err)))
		return st ? r : ZILA_EDB;
	s->st = v;
	s->m_st = el_idmap_make(s->st, s->nst, sizeof *s->st);
	if (!(st = zila_db_stmt(db, "SELECT id, gender, office_id, pay_level, home_ac_id, posting_ac_id, employee_id"
			" FROM el_official WHERE exempt = 0 ORDER BY employee_id", err)) ||
	    (r = read_all(db, st, sizeof *s->off, &v, &s->noff, fill_off, s, err)))
		return st ? r : ZILA_EDB;
	s->off = v;
	s->m_off = el_idmap_make(s->off, s->noff, sizeof *s->off);
	if (!(st = zila_db_stmt(db, "SELECT id, constituency_id, number, women,"
			" CASE WHEN station_run_seq < ?2 THEN station_id END FROM el_party"
			" WHERE election_id = ?1 AND run_seq < ?2 ORDER BY constituency_id, number", err)))
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, election_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, before);
	if ((r = read_all(db, st, sizeof *s->party, &v, &s->nparty, fill_party, s, err)))
		return r;
	s->party = v;
	s->capparty = s->nparty;
	s->m_party = el_idmap_make(s->party, s->nparty, sizeof *s->party);
	if (!(st = zila_db_stmt(db, "SELECT official_id, constituency_id, slot, CASE WHEN party_run_seq < ?2 THEN party_id END,"
			" seat FROM el_posting WHERE election_id = ?1 AND run_seq < ?2", err)))
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, election_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, before);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int o = el_find(s->m_off, s->noff, col(st, 0));
		if (o < 0)
			continue; /* exempted since: the place is a hole */
		struct el_off *f = &s->off[o];
		f->ac = el_find(s->m_ac, s->nac, col(st, 1));
		for (int i = 0; i < SLOT_COUNT; i++)
			if (strcmp(el_slot_code[i], col(st, 2)) == 0)
				f->slot = i;
		int p = el_find(s->m_party, s->nparty, (const char *)sqlite3_column_text(st, 3));
		int seat = sqlite3_column_int(st, 4);
		if (p >= 0 && seat >= 0 && seat <= s->k) {
			f->party = p;
			f->seat = seat;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return zila_db_error(db, "election", err);
	el_state_finish(s);
	return ZILA_OK;
}

void
el_state_finish(struct el_state *s)
{
	for (int i = 0; i < s->nst; i++)
		if (s->st[i].ac >= 0) {
			s->ac[s->st[i].ac].stations++;
			s->ac[s->st[i].ac].women += s->st[i].women;
		}
	for (int i = 0; i < s->nparty; i++)
		if (s->party[i].ac >= 0 && s->party[i].number > s->ac[s->party[i].ac].max_number)
			s->ac[s->party[i].ac].max_number = s->party[i].number;
	for (int o = 0; o < s->noff; o++) {
		struct el_off *f = &s->off[o];
		if (f->party >= 0)
			s->party[f->party].seat[f->seat] = o;
		if (f->ac >= 0 && f->slot >= 0)
			s->ac[f->ac].have[f->slot]++;
	}
	for (int a = 0; a < s->nac; a++) {
		struct el_ac *c = &s->ac[a];
		int w = c->women, g = c->stations - c->women;
		int wp = (w * (100 + s->reserve) + 99) / 100, gp = (g * (100 + s->reserve) + 99) / 100;
		c->target[SLOT_WP] = wp;
		c->target[SLOT_WO] = wp * s->k;
		c->target[SLOT_GP] = gp;
		c->target[SLOT_GO] = gp * s->k;
	}
}

/* --- hashes --------------------------------------------------------------- */

static void
hash_line(crypto_hash_sha256_state *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
hash_line(crypto_hash_sha256_state *h, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	crypto_hash_sha256_update(h, (const unsigned char *)buf, (unsigned long long)(n < (int)sizeof buf ? n : (int)sizeof buf - 1));
}

static void
hash_hex(crypto_hash_sha256_state *h, char *out)
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(h, d);
	sodium_bin2hex(out, 65, d, sizeof d);
}

struct lines {
	char **v;
	int n, cap;
};

static void
lines_add(struct lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
lines_add(struct lines *l, const char *fmt, ...)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->v = zila_xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
	}
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	l->v[l->n++] = zila_xstrdup(buf);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The hash of a run's result, from its lines in sorted order (so the rows
 * in memory and the rows read back from the database hash alike). */
static void
lines_hash(struct lines *l, char *out)
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	if (l->n > 0) /* an empty run has no array: qsort must not see NULL */
		qsort(l->v, (size_t)l->n, sizeof *l->v, cmp_str);
	for (int i = 0; i < l->n; i++) {
		hash_line(&h, "%s\n", l->v[i]);
		free(l->v[i]);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
	hash_hex(&h, out);
}

static void
result_hash(const struct el_state *s, int stage, char *out)
{
	struct lines l = { 0 };
	for (int i = 0; i < s->noff; i++) {
		const struct el_off *o = &s->off[i];
		if (stage == 1 && o->new1)
			lines_add(&l, "1 %s %s %s", o->code, el_ac_code(s, o->ac), el_slot_code[o->slot]);
		if (stage == 2 && o->new2)
			lines_add(&l, "2 %s %s %d %d", o->code, el_ac_code(s, o->ac), s->party[o->party].number, o->seat);
	}
	for (int i = 0; i < s->nparty; i++) {
		const struct el_party *p = &s->party[i];
		if (stage == 2 && p->is_new)
			lines_add(&l, "P %s %d %d", el_ac_code(s, p->ac), p->number, p->women);
		if (stage == 3 && p->new3)
			lines_add(&l, "3 %s %d %s", el_ac_code(s, p->ac), p->number, s->st[p->station].code);
	}
	lines_hash(&l, out);
}

/* Postings as runs wrote them: those in place and those an exemption
 * released since (moved to el_posting_released, whole). */
#define POSTINGS "(SELECT election_id, official_id, constituency_id, slot, run_seq, party_id, seat, party_run_seq" \
	" FROM el_posting UNION ALL SELECT election_id, official_id, constituency_id, slot, run_seq, party_id, seat," \
	" party_run_seq FROM el_posting_released)"

/* The same hash from the rows run seq wrote, as they are stored now. */
static enum zila_status
stored_hash(struct zila_db *db, const char *election_id, int stage, int seq, char *out, struct zila_err *err)
{
	static const char *const sql[3] = {
		"SELECT '1 ' || o.employee_id || ' ' || c.code || ' ' || m.slot FROM " POSTINGS " m"
		" JOIN el_official o ON o.id = m.official_id JOIN el_constituency c ON c.id = m.constituency_id"
		" WHERE m.election_id = ?1 AND m.run_seq = ?2",
		"SELECT '2 ' || o.employee_id || ' ' || c.code || ' ' || p.number || ' ' || m.seat FROM " POSTINGS " m"
		" JOIN el_official o ON o.id = m.official_id JOIN el_constituency c ON c.id = m.constituency_id"
		" JOIN el_party p ON p.id = m.party_id WHERE m.election_id = ?1 AND m.party_run_seq = ?2"
		" UNION ALL SELECT 'P ' || c.code || ' ' || p.number || ' ' || p.women FROM el_party p"
		" JOIN el_constituency c ON c.id = p.constituency_id WHERE p.election_id = ?1 AND p.run_seq = ?2",
		"SELECT '3 ' || c.code || ' ' || p.number || ' ' || t.code FROM el_party p"
		" JOIN el_constituency c ON c.id = p.constituency_id JOIN el_station t ON t.id = p.station_id"
		" WHERE p.election_id = ?1 AND p.station_run_seq = ?2",
	};
	sqlite3_stmt *st = zila_db_stmt(db, sql[stage - 1], err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, election_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, seq);
	struct lines l = { 0 };
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		lines_add(&l, "%s", col(st, 0));
	sqlite3_reset(st);
	lines_hash(&l, out);
	return rc == SQLITE_DONE ? ZILA_OK : zila_db_error(db, "election", err);
}

/* --- stage 1: officials to constituencies ------------------------------- */

static bool
may_preside(const struct el_state *s, const struct el_off *o)
{
	return o->pay >= s->min_level;
}

/* Whether o may be drawn for slot: women's slots take women; presiding
 * slots take those of the pay level; tier 0 keeps the scarcer people
 * (women, those who may preside) for the slots only they can fill. */
static bool
fits(const struct el_state *s, const struct el_off *o, int slot, int tier)
{
	bool woman = o->gender == 'F', pre = may_preside(s, o);
	switch (slot) {
	case SLOT_WP: return woman && pre;
	case SLOT_WO: return woman && (tier == 1 || !pre);
	case SLOT_GP: return pre;
	default: return tier == 1 || !pre;
	}
}

static bool
may_serve(const struct el_state *s, const struct el_off *o, int a)
{
	return !s->home_rule || (o->home != a && o->post != a);
}

static bool clashes(const struct el_state *s, const struct el_party *p, int o, int skip);

static int
seat_slot(const struct el_party *p, int seat)
{
	return p->women ? (seat == 0 ? SLOT_WP : SLOT_WO) : (seat == 0 ? SLOT_GP : SLOT_GO);
}

/* A seat left empty in a party formed earlier (an exemption) is filled
 * from those this stage draws for its constituency, and the party's other
 * members stay: so the one drawn for it must come from another office.
 * holes lists such parties for a slot (-1 once claimed). Returns whether o
 * may go to constituency a: by claiming a hole he fits, or because a
 * needs more than its holes. */
static bool
claim_hole(const struct el_state *s, int *holes, int nholes, int a, int slot, int o)
{
	int unclaimed = 0, fit = -1;
	for (int i = 0; i < nholes; i++)
		if (holes[i] >= 0 && s->party[holes[i]].ac == a) {
			unclaimed++;
			if (fit < 0 && !clashes(s, &s->party[holes[i]], o, -1))
				fit = i;
		}
	if (fit >= 0) {
		holes[fit] = -1;
		return true;
	}
	return s->ac[a].target[slot] - s->ac[a].have[slot] > unclaimed;
}

/* How many not yet drawn could fill slot in constituency a, the office
 * rule aside: to tell which rule left it short. */
static int
fit_left(const struct el_state *s, int a, int slot)
{
	int n = 0;
	for (int i = 0; i < s->noff; i++)
		n += s->off[i].ac < 0 && fits(s, &s->off[i], slot, 1) && may_serve(s, &s->off[i], a);
	return n;
}

static enum zila_status
stage1(struct el_state *s, struct zila_rng *rng, struct zila_err *err)
{
	int need[SLOT_COUNT] = { 0 }, women = 0, women_pre = 0, pre = 0, pool = 0;
	for (int a = 0; a < s->nac; a++)
		for (int i = 0; i < SLOT_COUNT; i++)
			if (s->ac[a].target[i] > s->ac[a].have[i])
				need[i] += s->ac[a].target[i] - s->ac[a].have[i];
	for (int i = 0; i < s->noff; i++)
		if (s->off[i].ac < 0) {
			pool++;
			women += s->off[i].gender == 'F';
			women_pre += s->off[i].gender == 'F' && may_preside(s, &s->off[i]);
			pre += may_preside(s, &s->off[i]);
		}
	if (need[SLOT_WP] > women_pre)
		return zila_fail(err, ZILA_EINVAL, "women-managed stations need %d women presiding officers (pay level %d or above); %d are available",
			need[SLOT_WP], s->min_level, women_pre);
	if (need[SLOT_WO] > women - need[SLOT_WP])
		return zila_fail(err, ZILA_EINVAL, "women-managed stations need %d women polling officers; %d are available",
			need[SLOT_WO], women - need[SLOT_WP]);
	int women_plain = women - women_pre, pre_used_by_wo = need[SLOT_WO] > women_plain ? need[SLOT_WO] - women_plain : 0;
	if (need[SLOT_WP] + need[SLOT_GP] + pre_used_by_wo > pre)
		return zila_fail(err, ZILA_EINVAL, "presiding officers must be at pay level %d or above: %d are needed, %d are available",
			s->min_level, need[SLOT_WP] + need[SLOT_GP] + pre_used_by_wo, pre);
	int total = need[SLOT_WP] + need[SLOT_WO] + need[SLOT_GP] + need[SLOT_GO];
	if (total > pool)
		return zila_fail(err, ZILA_EINVAL, "the parties need %d more officials (with a reserve of %d%%); %d are available who are not exempt",
			total, s->reserve, pool);
	int *order = zila_xcalloc((size_t)s->noff + 1, sizeof *order), *act = zila_xcalloc((size_t)s->nac + 1, sizeof *act);
	int *holes = zila_xcalloc((size_t)s->nparty * 4 + 1, sizeof *holes);
	/* per constituency, kind of party (women's, other) and office: how
	 * many are drawn. More of one office than the kind has parties could
	 * never be seated apart, so the office rule stops it here. */
	int *per_office = zila_xcalloc((size_t)s->nac * 2 * (size_t)s->noffice + 1, sizeof *per_office);
#define PER_OFFICE(a, slot, office) per_office[((size_t)(a) * 2 + ((slot) >= SLOT_GP)) * (size_t)s->noffice + (size_t)(office)]
	for (int i = 0; i < s->noff; i++)
		if (s->off[i].ac >= 0 && s->off[i].office >= 0)
			PER_OFFICE(s->off[i].ac, s->off[i].slot, s->off[i].office)++;
	int n = 0;
	for (int i = 0; i < s->noff; i++)
		if (s->off[i].ac < 0)
			order[n++] = i;
	shuffle(rng, order, n);
	enum zila_status r = ZILA_OK;
	for (int slot = 0; slot < SLOT_COUNT && r == ZILA_OK; slot++) {
		int nact = 0, p = 0, nholes = 0;
		for (int i = 0; i < s->nparty; i++)
			for (int seat = 0; seat <= s->k; seat++)
				if (s->party[i].seat[seat] < 0 && seat_slot(&s->party[i], seat) == slot)
					holes[nholes++] = i;
		for (int a = 0; a < s->nac; a++)
			if (s->ac[a].target[slot] > s->ac[a].have[slot])
				act[nact++] = a;
		shuffle(rng, act, nact);
		for (int tier = 0; tier < 2 && nact > 0; tier++)
			for (int i = 0; i < n && nact > 0; i++) {
				struct el_off *o = &s->off[order[i]];
				if (o->ac >= 0 || !fits(s, o, slot, tier))
					continue;
				for (int j = 0; j < nact; j++) {
					int at = (p + j) % nact, a = act[at];
					int kind_parties = s->ac[a].target[slot < SLOT_GP ? SLOT_WP : SLOT_GP];
					if (!may_serve(s, o, a) ||
					    (s->office_rule && o->office >= 0 && PER_OFFICE(a, slot, o->office) >= kind_parties) ||
					    !claim_hole(s, holes, nholes, a, slot, (int)(o - s->off)))
						continue;
					if (o->office >= 0)
						PER_OFFICE(a, slot, o->office)++;
					o->ac = a;
					o->slot = slot;
					o->new1 = true;
					if (++s->ac[a].have[slot] == s->ac[a].target[slot]) {
						memmove(act + at, act + at + 1, (size_t)(nact - at - 1) * sizeof *act);
						nact--;
						p = nact ? at % nact : 0;
					} else
						p = (at + 1) % nact;
					break;
				}
			}
		int left = 0;
		for (int i = 0; nact > 0 && i < nholes; i++)
			left += holes[i] >= 0 && s->party[holes[i]].ac == act[0];
		if (nact > 0 && left > 0) {
			const struct el_ac *c = &s->ac[act[0]];
			r = zila_fail(err, ZILA_EINVAL, "no two members of a party may come from one office: %s needs %d %s for parties formed earlier and no one left is from another office",
				c->code, left, _(slot_words[slot]));
		} else if (nact > 0 && s->office_rule && fit_left(s, act[0], slot) > 0) {
			const struct el_ac *c = &s->ac[act[0]];
			r = zila_fail(err, ZILA_EINVAL, "no two members of a party may come from one office: %s still needs %d %s and those left who may serve there are all from offices it has one of in every party",
				c->code, c->target[slot] - c->have[slot], _(slot_words[slot]));
		} else if (nact > 0) {
			const struct el_ac *c = &s->ac[act[0]];
			r = zila_fail(err, ZILA_EINVAL, "nobody may serve in their home or posting constituency: %s still needs %d %s and no one left may serve there",
				c->code, c->target[slot] - c->have[slot], _(slot_words[slot]));
		}
	}
#undef PER_OFFICE
	free(order);
	free(act);
	free(holes);
	free(per_office);
	return r;
}

/* --- stage 2: officials into parties ------------------------------------ */

static struct el_party *
party_new(struct el_state *s, int a, bool women)
{
	if (s->nparty == s->capparty) {
		s->capparty = s->capparty ? s->capparty * 2 : 256;
		s->party = zila_xrealloc(s->party, (size_t)s->capparty * sizeof *s->party);
	}
	struct el_party *p = &s->party[s->nparty++];
	memset(p, 0, sizeof *p);
	p->ac = a;
	p->number = ++s->ac[a].max_number;
	p->women = women;
	p->station = -1;
	p->is_new = true;
	for (int i = 0; i < 4; i++)
		p->seat[i] = -1;
	return p;
}

static void
seat_official(struct el_state *s, struct el_party *p, int seat, int o)
{
	p->seat[seat] = o;
	s->off[o].party = (int)(p - s->party);
	s->off[o].seat = seat;
	s->off[o].new2 = true;
}

/* Whether official o would share an office with a member of p (the seat
 * skip aside). */
static bool
clashes(const struct el_state *s, const struct el_party *p, int o, int skip)
{
	for (int q = 0; s->office_rule && q <= s->k; q++)
		if (q != skip && p->seat[q] >= 0 && s->off[p->seat[q]].office == s->off[o].office)
			return true;
	return false;
}

/* When every official left for p's seat clashes with p, one this run
 * seated in a seat of the same kind in another party may move to p, and
 * a left one take his place there. Only this run's seats move: what
 * earlier runs ordered stays. True when done (the one used leaves the
 * pool). */
static bool
swap_in(struct el_state *s, const int *mine, int nmine, struct el_party *p, int seat, int *pool, int *npool)
{
	int slot = seat_slot(p, seat);
	for (int m = 0; m < nmine; m++) {
		struct el_party *q = &s->party[mine[m]];
		for (int qs = 0; q != p && qs <= s->k; qs++) {
			int x = q->seat[qs];
			if (x < 0 || seat_slot(q, qs) != slot || !s->off[x].new2 || clashes(s, p, x, -1))
				continue;
			for (int i = 0; i < *npool; i++)
				if (!clashes(s, q, pool[i], qs)) {
					int c = pool[i];
					memmove(pool + i, pool + i + 1, (size_t)(*npool - i - 1) * sizeof(int));
					(*npool)--;
					seat_official(s, p, seat, x);
					seat_official(s, q, qs, c);
					return true;
				}
		}
	}
	return false;
}

/* One draw of the seats of constituency a's parties (mine, in number
 * order) left empty or filled by this run: what this run seated before is
 * taken back first, so a failed draw can be drawn again. */
static enum zila_status
form_parties(struct el_state *s, struct zila_rng *rng, int a, const int *mine, int nmine, int **pool, int *npool,
	struct zila_err *err)
{
	const struct el_ac *c = &s->ac[a];
	for (int m = 0; m < nmine; m++)
		for (int q = 0; q <= s->k; q++) {
			int o = s->party[mine[m]].seat[q];
			if (o >= 0 && s->off[o].new2) {
				s->party[mine[m]].seat[q] = -1;
				s->off[o].party = s->off[o].seat = -1;
				s->off[o].new2 = false;
			}
		}
	for (int i = 0; i < SLOT_COUNT; i++)
		npool[i] = 0;
	for (int i = 0; i < s->noff; i++)
		if (s->off[i].ac == a && s->off[i].party < 0)
			pool[s->off[i].slot][npool[s->off[i].slot]++] = i;
	for (int i = 0; i < SLOT_COUNT; i++)
		shuffle(rng, pool[i], npool[i]);
	/* seat by seat across the parties, so the last seats of the last
	 * party are not all that is left to the office rule */
	for (int seat = 0; seat <= s->k; seat++)
		for (int m = 0; m < nmine; m++) {
			struct el_party *p = &s->party[mine[m]];
			if (p->seat[seat] >= 0)
				continue;
			int slot = seat_slot(p, seat), pick = -1;
			for (int i = 0; i < npool[slot] && pick < 0; i++)
				if (!clashes(s, p, pool[slot][i], -1))
					pick = i;
			if (pick < 0 && npool[slot] > 0 && swap_in(s, mine, nmine, p, seat, pool[slot], &npool[slot]))
				continue;
			if (npool[slot] == 0)
				return zila_fail(err, ZILA_EINVAL, "party %d of %s lacks one of its %s: none drawn for %s is left (run the first randomisation again)",
					p->number, c->code, _(slot_words[slot]), c->code);
			if (pick < 0)
				return zila_fail(err, ZILA_EINVAL, "no two members of a party may come from one office: party %d of %s cannot be completed (%d %s left, all from its members' offices)",
					p->number, c->code, npool[slot], _(slot_words[slot]));
			int o = pool[slot][pick];
			memmove(pool[slot] + pick, pool[slot] + pick + 1, (size_t)(npool[slot] - pick - 1) * sizeof(int));
			npool[slot]--;
			seat_official(s, p, seat, o);
		}
	return ZILA_OK;
}

/* A draw the office rule cannot complete is drawn again from the same
 * stream (so a re-run still gets the same result), up to this many times,
 * before the rule is said to be unmet. */
#define FORM_ATTEMPTS 64

static enum zila_status
stage2(struct el_state *s, struct zila_rng *rng, struct zila_err *err)
{
	int *pool[SLOT_COUNT], npool[SLOT_COUNT], *mine = zila_xcalloc((size_t)s->nparty + 1, sizeof *mine);
	for (int i = 0; i < SLOT_COUNT; i++)
		pool[i] = zila_xcalloc((size_t)s->noff + 1, sizeof *pool[i]);
	enum zila_status r = ZILA_OK;
	for (int a = 0; a < s->nac && r == ZILA_OK; a++) {
		struct el_ac *c = &s->ac[a];
		int haveW = 0, haveG = 0;
		for (int i = 0; i < s->nparty; i++)
			if (s->party[i].ac == a)
				s->party[i].women ? haveW++ : haveG++;
		for (; haveW < c->target[SLOT_WP]; haveW++)
			party_new(s, a, true);
		for (; haveG < c->target[SLOT_GP]; haveG++)
			party_new(s, a, false);
		/* this constituency's parties in number order */
		mine = zila_xrealloc(mine, ((size_t)s->nparty + 1) * sizeof *mine);
		int nmine = 0;
		for (int i = 0; i < s->nparty; i++)
			if (s->party[i].ac == a)
				mine[nmine++] = i;
		for (int i = 1; i < nmine; i++)
			for (int j = i; j > 0 && s->party[mine[j]].number < s->party[mine[j - 1]].number; j--) {
				int t = mine[j];
				mine[j] = mine[j - 1];
				mine[j - 1] = t;
			}
		for (int attempt = 0; attempt < FORM_ATTEMPTS; attempt++)
			if ((r = form_parties(s, rng, a, mine, nmine, pool, npool, err)) == ZILA_OK)
				break;
	}
	for (int i = 0; i < SLOT_COUNT; i++)
		free(pool[i]);
	free(mine);
	return r;
}

/* --- stage 3: parties to polling stations ------------------------------- */

static bool
complete(const struct el_state *s, const struct el_party *p)
{
	for (int i = 0; i <= s->k; i++)
		if (p->seat[i] < 0)
			return false;
	return true;
}

static enum zila_status
stage3(struct el_state *s, struct zila_rng *rng, struct zila_err *err)
{
	int *free_st = zila_xcalloc((size_t)s->nst + 1, sizeof(int)), *free_p = zila_xcalloc((size_t)s->nparty + 1, sizeof(int));
	bool *taken = zila_xcalloc((size_t)s->nst + 1, sizeof(bool));
	for (int i = 0; i < s->nparty; i++)
		if (s->party[i].station >= 0)
			taken[s->party[i].station] = true;
	enum zila_status r = ZILA_OK;
	for (int a = 0; a < s->nac && r == ZILA_OK; a++)
		for (int w = 1; w >= 0 && r == ZILA_OK; w--) {
			int ns = 0, np = 0;
			for (int i = 0; i < s->nst; i++)
				if (s->st[i].ac == a && s->st[i].women == w && !taken[i])
					free_st[ns++] = i;
			for (int i = 0; i < s->nparty; i++)
				if (s->party[i].ac == a && s->party[i].women == w && s->party[i].station < 0 && complete(s, &s->party[i]))
					free_p[np++] = i;
			if (ns > np) {
				r = w ? zila_fail(err, ZILA_EINVAL, "women-managed stations need women parties: %s has %d such stations without a party and %d complete women parties free (form parties first)",
						s->ac[a].code, ns, np)
				      : zila_fail(err, ZILA_EINVAL, "every station needs a party: %s has %d stations without a party and %d complete parties free (form parties first)",
						s->ac[a].code, ns, np);
				break;
			}
			shuffle(rng, free_st, ns);
			shuffle(rng, free_p, np);
			for (int i = 0; i < ns; i++) {
				s->party[free_p[i]].station = free_st[i];
				s->party[free_p[i]].new3 = true;
			}
		}
	free(free_st);
	free(free_p);
	free(taken);
	return r;
}

static enum zila_status (*const stages[3])(struct el_state *, struct zila_rng *, struct zila_err *) = {
	stage1, stage2, stage3 };

/* --- storing a run -------------------------------------------------------- */

static enum zila_status
store(struct zila_action_ctx *ctx, struct el_state *s, int stage, int seq)
{
	sqlite3_stmt *st;
	enum zila_status r = ZILA_OK;
	char id[40];
	if (stage == 1) {
		if (!(st = zila_db_stmt(ctx->db, "INSERT INTO el_posting(id, created_at, updated_at, election_id, official_id,"
				" constituency_id, slot, run_seq) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7)", ctx->err)))
			return ZILA_EDB;
		for (int i = 0; i < s->noff && r == ZILA_OK; i++) {
			if (!s->off[i].new1)
				continue;
			zila_action_new_id(ctx, id);
			sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, ctx->now, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, s->election_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, s->off[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, s->ac[s->off[i].ac].id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, el_slot_code[s->off[i].slot], -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 7, seq);
			r = core_step_done(ctx->db, st, "posting", ctx->err);
		}
	} else if (stage == 2) {
		if (!(st = zila_db_stmt(ctx->db, "INSERT INTO el_party(id, created_at, updated_at, election_id, constituency_id,"
				" number, women, run_seq) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7)", ctx->err)))
			return ZILA_EDB;
		for (int i = 0; i < s->nparty && r == ZILA_OK; i++) {
			if (!s->party[i].is_new)
				continue;
			zila_action_new_id(ctx, s->party[i].id);
			sqlite3_bind_text(st, 1, s->party[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, ctx->now, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, s->election_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, s->ac[s->party[i].ac].id, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 5, s->party[i].number);
			sqlite3_bind_int(st, 6, s->party[i].women);
			sqlite3_bind_int(st, 7, seq);
			r = core_step_done(ctx->db, st, "party", ctx->err);
		}
		if (r || !(st = zila_db_stmt(ctx->db, "UPDATE el_posting SET party_id = ?3, seat = ?4, party_run_seq = ?5,"
				" version = version + 1, updated_at = ?6 WHERE election_id = ?1 AND official_id = ?2", ctx->err)))
			return r ? r : ZILA_EDB;
		for (int i = 0; i < s->noff && r == ZILA_OK; i++) {
			if (!s->off[i].new2)
				continue;
			sqlite3_bind_text(st, 1, s->election_id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, s->off[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, s->party[s->off[i].party].id, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 4, s->off[i].seat);
			sqlite3_bind_int(st, 5, seq);
			sqlite3_bind_text(st, 6, ctx->now, -1, SQLITE_STATIC);
			r = core_step_done(ctx->db, st, "posting", ctx->err);
		}
	} else {
		if (!(st = zila_db_stmt(ctx->db, "UPDATE el_party SET station_id = ?2, station_run_seq = ?3, version = version + 1,"
				" updated_at = ?4 WHERE id = ?1", ctx->err)))
			return ZILA_EDB;
		for (int i = 0; i < s->nparty && r == ZILA_OK; i++) {
			if (!s->party[i].new3)
				continue;
			sqlite3_bind_text(st, 1, s->party[i].id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, s->st[s->party[i].station].id, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 3, seq);
			sqlite3_bind_text(st, 4, ctx->now, -1, SQLITE_STATIC);
			r = core_step_done(ctx->db, st, "party", ctx->err);
		}
	}
	return r;
}

static int
filled_count(const struct el_state *s, int stage)
{
	int n = 0;
	for (int i = 0; i < s->noff; i++)
		n += stage == 1 ? s->off[i].new1 : stage == 2 ? s->off[i].new2 : 0;
	for (int i = 0; stage == 3 && i < s->nparty; i++)
		n += s->party[i].new3;
	return n;
}

static bool
parse_seed(const char *hex, uint64_t *seed)
{
	if (!hex || strlen(hex) != 16)
		return false;
	*seed = 0;
	for (const char *p = hex; *p; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;
		if (d < 0)
			return false;
		*seed = *seed << 4 | (uint64_t)d;
	}
	return true;
}

/* The run's inputs, packed, beside its el_run row (election_inputs.c). */
static enum zila_status
keep_inputs(struct zila_action_ctx *ctx, const char *run_id, const struct el_text *inputs)
{
	char id[40];
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "INSERT INTO el_run_input(id, created_at, updated_at, run_id, bytes, data)"
		" VALUES (?1, ?2, ?2, ?3, ?4, ?5)", ctx->err);
	if (!st)
		return ZILA_EDB;
	char *data = el_inputs_pack(inputs);
	zila_action_new_id(ctx, id);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ctx->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, run_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)inputs->n);
	sqlite3_bind_text(st, 5, data, -1, SQLITE_TRANSIENT);
	free(data);
	return core_step_done(ctx->db, st, "run inputs", ctx->err);
}

/* election.randomise {election, stage, seed?, inputs_hash?, result_hash?}:
 * without a seed one is drawn here (libsodium) and written into the
 * arguments; the hashes, when given (the server re-running a desk's run),
 * must be what this database computes, or the run is refused. */
enum zila_status
act_election_randomise(struct zila_action_ctx *ctx)
{
	static const char *const keys[] = { "election", "stage", "seed", "inputs_hash", "result_hash", NULL };
	const char *code, *seed_hex, *want_in, *want_out;
	long long stage;
	bool has;
	char election_id[40], seed_buf[17], in_hash[65], out_hash[65];
	uint64_t seed;
	enum zila_status r;
	if ((r = el_require_cell(ctx)) || (r = zila_arg_known(ctx, keys)) ||
	    (r = zila_arg_str(ctx, "election", ZILA_REQ, 40, &code)) ||
	    (r = zila_arg_int(ctx, "stage", ZILA_REQ, 1, 3, &stage, &has)) ||
	    (r = zila_arg_str(ctx, "seed", ZILA_OPT, 16, &seed_hex)) ||
	    (r = zila_arg_str(ctx, "inputs_hash", ZILA_OPT, 64, &want_in)) ||
	    (r = zila_arg_str(ctx, "result_hash", ZILA_OPT, 64, &want_out)) ||
	    (r = el_resolve(ctx->db, EL_ELECTION_SQL, "election", code, election_id, ctx->err)))
		return r;
	if (seed_hex && !parse_seed(seed_hex, &seed))
		return zila_fail(ctx->err, ZILA_EINVAL, "seed must be 16 hexadecimal digits (0-9, a-f)");
	if (!seed_hex) {
		randombytes_buf(&seed, sizeof seed);
		snprintf(seed_buf, sizeof seed_buf, "%016llx", (unsigned long long)seed);
		json_object_set_new(ctx->args, "seed", json_string(seed_buf));
		seed_hex = seed_buf;
	}
	sqlite3_stmt *st = zila_db_stmt(ctx->db, "SELECT coalesce(max(seq), 0) + 1 FROM el_run WHERE election_id = ?1", ctx->err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, election_id, -1, SQLITE_STATIC);
	int seq = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
	sqlite3_reset(st);
	struct el_state s;
	struct zila_rng rng;
	zila_rng_seed(&rng, seed);
	struct el_text inputs = { 0 };
	r = state_load(ctx->db, election_id, seq, &s, ctx->err);
	if (r == ZILA_OK) {
		el_inputs_text(&s, (int)stage, &inputs);
		zila_sha256_hex(inputs.p, inputs.n, in_hash);
		if (want_in && strcmp(want_in, in_hash) != 0)
			r = zila_fail(ctx->err, ZILA_ECONFLICT, "the election's data changed before this randomisation reached here (inputs %.12s, here %.12s): run it again",
				want_in, in_hash);
	}
	if (r == ZILA_OK)
		r = stages[stage - 1](&s, &rng, ctx->err);
	if (r == ZILA_OK) {
		result_hash(&s, (int)stage, out_hash);
		if (want_out && strcmp(want_out, out_hash) != 0)
			r = zila_fail(ctx->err, ZILA_ECONFLICT, "this randomisation gives another result here (%.12s, not %.12s)",
				out_hash, want_out);
	}
	if (r == ZILA_OK)
		r = store(ctx, &s, (int)stage, seq);
	if (r == ZILA_OK) {
		char id[40];
		zila_action_new_id(ctx, id);
		st = zila_db_stmt(ctx->db, "INSERT INTO el_run(id, created_at, updated_at, election_id, seq, stage, seed, inputs_hash,"
			" result_hash, filled, actor_id) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", ctx->err);
		if (!st)
			r = ZILA_EDB;
		else {
			sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 2, ctx->now, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, election_id, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 4, seq);
			sqlite3_bind_int(st, 5, (int)stage);
			sqlite3_bind_text(st, 6, seed_hex, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 7, in_hash, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 8, out_hash, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 9, filled_count(&s, (int)stage));
			sqlite3_bind_text(st, 10, ctx->actor->user_id, -1, SQLITE_STATIC);
			r = core_step_done(ctx->db, st, "run", ctx->err);
		}
		if (r == ZILA_OK)
			r = keep_inputs(ctx, id, &inputs);
	}
	if (r == ZILA_OK) {
		if (!want_in)
			json_object_set_new(ctx->args, "inputs_hash", json_string(in_hash));
		if (!want_out)
			json_object_set_new(ctx->args, "result_hash", json_string(out_hash));
		json_object_set_new(ctx->result, "seq", json_integer(seq));
		json_object_set_new(ctx->result, "stage", json_integer(stage));
		json_object_set_new(ctx->result, "seed", json_string(seed_hex));
		json_object_set_new(ctx->result, "inputs_hash", json_string(in_hash));
		json_object_set_new(ctx->result, "result_hash", json_string(out_hash));
		json_object_set_new(ctx->result, "filled", json_integer(filled_count(&s, (int)stage)));
	}
	el_state_free(&s);
	free(inputs.p);
	return r;
}

/* The state run seq read, into *s, and the hash of it into in_now: from
 * its kept inputs when it has them (*kept), which must be what it
 * recorded (in_rec) to be read at all; else, for a run made before inputs
 * were kept, from the database as it is now, the rows later runs made set
 * aside. A kept copy that cannot be used leaves *s empty and says why. */
static enum zila_status
verify_inputs(struct zila_db *db, const char *election, const char *election_id, int seq, int stage, const char *in_rec, struct el_state *s,
	char *in_now, bool *kept, struct zila_err *why, struct zila_err *err)
{
	memset(s, 0, sizeof *s);
	*in_now = '\0';
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT i.bytes, i.data FROM el_run_input i JOIN el_run r ON r.id = i.run_id"
		" WHERE r.election_id = ?1 AND r.seq = ?2", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, election_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, seq);
	int rc = sqlite3_step(st);
	struct el_text t = { 0 };
	enum zila_status r = ZILA_OK;
	*kept = rc == SQLITE_ROW;
	if (*kept && el_inputs_unpack(col(st, 1), sqlite3_column_int64(st, 0), &t, why) == ZILA_OK)
		zila_sha256_hex(t.p, t.n, in_now);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = zila_db_error(db, "election", err);
	else if (!*kept && (r = state_load(db, election_id, seq, s, err)) == ZILA_OK) {
		el_inputs_text(s, stage, &t);
		zila_sha256_hex(t.p, t.n, in_now);
	} else if (*kept && *in_now && strcmp(in_now, in_rec) != 0)
		zila_fail(why, ZILA_EINVAL, "the kept inputs of this randomisation were changed after it: their hash is not the one it recorded");
	else if (*kept && *in_now) {
		int was = 0;
		if (el_inputs_parse(t.p, t.n, &was, s, why) == ZILA_OK && was != stage) {
			el_state_free(s);
			zila_fail(why, ZILA_EINVAL, "randomisation %d of election %s is recorded badly", seq, election);
		}
	}
	free(t.p);
	return r;
}

/* Re-runs run seq on the inputs it read (kept with it: election_inputs.c)
 * and compares with the hashes it recorded and the rows it wrote, those
 * exemptions released since among them. */
enum zila_status
zila_election_verify(struct zila_db *db, const char *election, int seq, json_t **report, struct zila_err *err)
{
	char election_id[40], seed_hex[32], in_rec[65], out_rec[65], in_now[65], out_now[65] = "", out_db[65];
	enum zila_status r;
	*report = NULL;
	if ((r = el_resolve(db, EL_ELECTION_SQL, "election", election, election_id, err)))
		return r;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT stage, seed, inputs_hash, result_hash FROM el_run WHERE election_id = ?1 AND seq = ?2",
		err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, election_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, seq);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return zila_fail(err, ZILA_ENOTFOUND, "election %s has no randomisation number %d", election, seq);
	}
	int stage = sqlite3_column_int(st, 0);
	snprintf(seed_hex, sizeof seed_hex, "%s", col(st, 1));
	snprintf(in_rec, sizeof in_rec, "%s", col(st, 2));
	snprintf(out_rec, sizeof out_rec, "%s", col(st, 3));
	sqlite3_reset(st);
	uint64_t seed = 0;
	if (stage < 1 || stage > 3 || !parse_seed(seed_hex, &seed))
		return zila_fail(err, ZILA_EINVAL, "randomisation %d of election %s is recorded badly", seq, election);
	struct el_state s;
	struct zila_rng rng;
	zila_rng_seed(&rng, seed);
	struct zila_err why = { 0 };
	bool kept;
	if ((r = verify_inputs(db, election, election_id, seq, stage, in_rec, &s, in_now, &kept, &why, err)) == ZILA_OK) {
		if (!why.msg[0] && stages[stage - 1](&s, &rng, &why) == ZILA_OK)
			result_hash(&s, stage, out_now);
		r = stored_hash(db, election_id, stage, seq, out_db, err);
	}
	el_state_free(&s);
	if (r != ZILA_OK)
		return r;
	bool same = strcmp(in_rec, in_now) == 0 && strcmp(out_rec, out_now) == 0 && strcmp(out_rec, out_db) == 0;
	*report = json_pack("{s:i, s:i, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:b}", "seq", seq, "stage", stage, "seed", seed_hex,
		"inputs_hash", in_rec, "inputs_now", in_now, "inputs_kept", kept, "result_hash", out_rec, "result_now", out_now,
		"stored_hash", out_db, "same", same);
	if (why.msg[0])
		json_object_set_new(*report, "problem", json_string(why.msg));
	return ZILA_OK;
}
