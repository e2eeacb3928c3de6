/* election_internal.h: what the files of the election module share. */
#ifndef ZILA_ELECTION_INTERNAL_H
#define ZILA_ELECTION_INTERNAL_H

#include "zila/election.h"

/* Each finds a row by what people type (a code) or by its id, ?1. */
#define EL_AC_SQL "SELECT id FROM el_constituency WHERE code = upper(?1) OR id = ?1"
#define EL_OFFICE_SQL "SELECT id FROM el_office WHERE code = upper(?1) OR id = ?1"
#define EL_OFFICIAL_SQL "SELECT id FROM el_official WHERE employee_id = upper(?1) OR id = ?1"
#define EL_ELECTION_SQL "SELECT id FROM el_election WHERE code = upper(?1) OR id = ?1"

enum zila_status el_require_cell(struct zila_action_ctx *ctx);
/* id must hold 40 bytes; what names the kind of row in the message. */
enum zila_status el_resolve(struct zila_db *db, const char *sql, const char *what, const char *ref, char *id,
	struct zila_err *err);

/* --- the state a randomisation reads (election_rand.c draws on it) ------ */

enum { SLOT_WP, SLOT_WO, SLOT_GP, SLOT_GO, SLOT_COUNT };
/* the slots' codes in el_posting.slot */
extern const char *const el_slot_code[SLOT_COUNT];

/* Rows are read and drawn in the order of what people call them (codes,
 * employee ids), not of their ids, which each database makes its own: so
 * the same masters give the same draw anywhere, even typed in again from
 * the same files. An idmap finds a row's place from its id. */
struct idmap {
	char id[40];
	int idx;
};

struct el_off {
	char id[40], code[24];
	char gender;
	int office, pay, home, post;
	int ac, slot, party, seat; /* -1 when not drawn */
	bool new1, new2;
};

struct el_party {
	char id[40];
	int ac, number, station;
	bool women, is_new, new3;
	int seat[4];
};

struct el_station {
	char id[40], code[24];
	int ac;
	bool women;
};

struct el_ac {
	char id[40], code[16];
	int stations, women, max_number;
	int target[SLOT_COUNT], have[SLOT_COUNT];
};

struct el_state {
	char election_id[40];
	int k, min_level, reserve;
	bool office_rule, home_rule, women_rule;
	struct el_ac *ac;
	int nac;
	struct el_station *st;
	int nst;
	struct el_off *off;
	int noff;
	struct el_party *party;
	int nparty, capparty;
	struct el_office {
		char id[40], code[24];
	} *office;
	int noffice;
	struct idmap *m_ac, *m_office, *m_st, *m_off, *m_party;
};

/* The place of the row of id in an idmap of n, -1 when none (or id is
 * NULL); the idmap of n structs of size bytes whose first member is the id. */
int el_find(const struct idmap *m, int n, const char *id);
struct idmap *el_idmap_make(const void *base, int n, size_t size);
/* qsort/bsearch order of rows whose first member is their code (or id) */
int el_cmp_code(const void *a, const void *b);

/* A constituency's code by its place, "" for none (-1). */
static inline const char *
el_ac_code(const struct el_state *s, int a)
{
	return a >= 0 ? s->ac[a].code : "";
}
void el_state_free(struct el_state *s);
/* Counts each constituency's stations, women-managed stations and highest
 * party number, seats what postings name, and sets the targets: the part
 * of loading that is the same from the database and from kept inputs. */
void el_state_finish(struct el_state *s);

/* --- a run's inputs, kept (election_inputs.c) --------------------------- */

/* A growing text. */
struct el_text {
	char *p;
	size_t n, cap;
};

/* The text of what a run of stage reads, one line a row in the order it
 * is drawn: its SHA-256 is the run's inputs hash, and el_inputs_parse
 * reads it back into the very state it was made from. */
void el_inputs_text(const struct el_state *s, int stage, struct el_text *t);
enum zila_status el_inputs_parse(const char *text, size_t n, int *stage, struct el_state *s, struct zila_err *err);
/* The inputs packed for el_run_input.data (deflated, in base64) and back;
 * unpack refuses what is not such data or would unpack beyond bytes. */
char *el_inputs_pack(const struct el_text *t);
enum zila_status el_inputs_unpack(const char *data, long long bytes, struct el_text *t, struct zila_err *err);

#endif
