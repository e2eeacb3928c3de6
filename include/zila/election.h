/* election.h: election staff randomisation, the fourth module. It owns
 * the election masters (assembly constituencies, polling stations,
 * offices, officials), the rules of each election, the three seeded
 * randomisations (officials to constituencies, officials into parties,
 * parties to polling stations) and the orders made from them.
 *
 * Who: the election cell (users of the department coded
 * ZILA_ELECTION_CELL, officers or heads), the Collector and the admin.
 * Everything changes through the election.* actions; a randomisation is
 * an action too, so its seed and the hash of what it read and wrote are in
 * the audit log, and the server re-runs it to the same result. */
#ifndef ZILA_ELECTION_H
#define ZILA_ELECTION_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include "zila/action.h"
#include "zila/db.h"

/* The election cell's department code, ZILA_ELECTION_CELL, its actions and
 * synced tables are the module's rows in module.h. */

/* The masters a CSV file may fill: X(name on the command line, action). */
#define ZILA_ELECTION_IMPORT_LIST(X) \
	X("constituencies", "election.constituency") \
	X("stations",       "election.station") \
	X("offices",        "election.office") \
	X("officials",      "election.official")

/* Reads a CSV file (a header naming the action's arguments, then rows)
 * of one kind (constituencies, stations, offices, officials) and runs one
 * action per row in one transaction: a bad line refuses the whole file,
 * and the message names the line. *count gets the rows applied. */
enum zila_status zila_election_import_csv(struct zila_db *db, const struct zila_actor *actor, const char *kind,
	FILE *in, const char *name, int *count, struct zila_err *err);

/* Lists of the module as rows: what is constituencies, stations, offices,
 * officials, elections, runs, parties (with their members) or postings;
 * election (its code) is needed for runs, parties and postings. */
enum zila_status zila_election_list(struct zila_db *db, const char *what, const char *election, json_t **rows,
	struct zila_err *err);

/* The Collector's summary of an election, one row per constituency:
 * stations (women-managed), officials drawn, parties formed and complete,
 * stations covered, reserve parties; plus the totals and exemptions. */
enum zila_status zila_election_summary(struct zila_db *db, const char *election, json_t **out, struct zila_err *err);

/* Re-runs randomisation seq of an election on the inputs it read, kept
 * with it (so exemptions and master changes since do not matter), and
 * compares: *report gets {seq, stage, seed, inputs_hash, inputs_now,
 * inputs_kept, result_hash, result_now, stored_hash, same[, problem]}.
 * inputs_now is the hash of the kept inputs ("" when they no longer
 * unpack); a run made before inputs were kept (inputs_kept false) is read
 * from the data as it is now, the rows later runs made set aside.
 * stored_hash is of the rows the run wrote as they are now, those an
 * exemption released since among them. same is true only when the inputs
 * are the recorded ones and both the re-run and the stored rows give the
 * recorded result. */
enum zila_status zila_election_verify(struct zila_db *db, const char *election, int seq, json_t **report,
	struct zila_err *err);

/* The orders, as data the command line prints or typesets: kind
 * "appointment" (one order per official of a party: election, name,
 * designation, office, constituency, party, seat, station) or "parties"
 * (one list per constituency). ref narrows it to one official (employee
 * id) or one constituency (code); NULL for all. */
enum zila_status zila_election_orders(struct zila_db *db, const char *election, const char *kind, const char *ref,
	json_t **out, struct zila_err *err);

/* The seeded generator every randomisation uses (xoshiro256**, seeded
 * through splitmix64): the same seed gives the same draws everywhere. */
struct zila_rng {
	uint64_t s[4];
};
void zila_rng_seed(struct zila_rng *r, uint64_t seed);
uint64_t zila_rng_next(struct zila_rng *r);
/* A uniform integer in [0, n), without modulo bias; n > 0. */
uint64_t zila_rng_below(struct zila_rng *r, uint64_t n);

#endif
