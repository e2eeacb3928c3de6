/* triage.h: suggested routing. A complement naive Bayes model, learned from this
 * district's own disposed grievances, suggests the category (and so the
 * department) of a new grievance from its subject and description, with
 * the words of the text that led to each suggestion. It only suggests:
 * nothing here routes a grievance, a person picks.
 *
 * Owns the triage_model table (one row: the model as a blob, derived data,
 * local to this database and never synced). Features are character 3-5
 * grams inside words, whole words and their consonant skeletons of the
 * NFC-normalised, case-folded text, hashed; so the model keeps no
 * citizen's text, only numbers. The names of a category and its
 * department count too, as a tenth of its grievances. */
#ifndef ZILA_TRIAGE_H
#define ZILA_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "zila/db.h"
#include "zila/status.h"

struct zila_triage_model;

/* What training reads. Zero fields take the defaults. */
struct zila_triage_opts {
	long max_examples;  /* the most recently disposed N (default 200,000) */
	unsigned holdout;   /* k > 0: leave out every grievance whose id hashes
	                       to 0 mod k (benchmarks test on those) */
	long min_count;     /* a feature seen in fewer grievances is dropped (default 2) */
	size_t max_bytes;   /* the stored model at most (default 4,500,000): the
	                       rarest features go first */
};

struct zila_triage_stats {
	long examples;      /* grievances learned from */
	long transferred;   /* of those, labelled by the department that disposed them */
	long skipped;       /* disposed in a department with no category of its own */
	int categories;
	long features;
	size_t bytes;       /* the stored model */
	char trained_at[32];
};

#define ZILA_TRIAGE_TOP 3
#define ZILA_TRIAGE_REASONS 3

struct zila_triage_reason {
	char word[64];      /* a word of the text, as typed */
	double weight;      /* its pull towards the category (log-likelihood) */
};

struct zila_triage_suggestion {
	char category[32];  /* code, e.g. WATER */
	char category_en[128], category_hi[128];
	char department[32];
	char department_en[128], department_hi[128];
	double score;       /* 0..1, the three sum to at most 1 */
	int nreasons;
	struct zila_triage_reason reasons[ZILA_TRIAGE_REASONS];
};

/* Learns a model from the disposed grievances (the category they were
 * registered with, or, when a transfer took them to a department outside
 * that category, the category of the disposing department the model
 * finds likeliest). ZILA_EINVAL when there is too little to learn from
 * (fewer than 10 grievances or 2 categories). *out is owned by the caller. */
enum zila_status zila_triage_build(struct zila_db *db, const struct zila_triage_opts *opts,
	struct zila_triage_model **out, struct zila_triage_stats *stats, struct zila_err *err);
/* Builds and stores the model, replacing the one before (one transaction). */
enum zila_status zila_triage_train(struct zila_db *db, const struct zila_triage_opts *opts,
	struct zila_triage_stats *stats, struct zila_err *err);
/* As zila_triage_train, only when the disposed grievances changed since
 * the stored model was made (count and latest update): a cheap daily
 * refresh. *trained says whether it trained. */
enum zila_status zila_triage_refresh(struct zila_db *db, const struct zila_triage_opts *opts, bool *trained,
	struct zila_triage_stats *stats, struct zila_err *err);
/* The stored model; ZILA_ENOTFOUND when none was trained. */
enum zila_status zila_triage_load(struct zila_db *db, struct zila_triage_model **out, struct zila_err *err);
/* When and from how much the stored model was made (ZILA_ENOTFOUND if none). */
enum zila_status zila_triage_info(struct zila_db *db, struct zila_triage_stats *stats, struct zila_err *err);
void zila_triage_free(struct zila_triage_model **m);

/* Up to three categories for a subject (may be NULL) and description,
 * best first, each with the words that pulled most towards it. *n is 0
 * when the text holds nothing the model knows (empty, digits only, or
 * words never seen). */
enum zila_status zila_triage_suggest(const struct zila_triage_model *m, const char *subject, const char *description,
	struct zila_triage_suggestion out[ZILA_TRIAGE_TOP], int *n, struct zila_err *err);

/* For benchmarks: calls fn for each disposed grievance training would
 * read (held_out: only those opts->holdout leaves out, else only those it
 * keeps), with its text and the category and department it is labelled
 * with (the registered category when no transfer took it elsewhere; such
 * grievances have transferred set and category "" when their category is
 * not known). fn returns non-zero to stop. */
typedef int (*zila_triage_example_fn)(void *ctx, const char *subject, const char *description, const char *category,
	const char *department, bool transferred);
enum zila_status zila_triage_examples(struct zila_db *db, const struct zila_triage_opts *opts, bool held_out,
	zila_triage_example_fn fn, void *ctx, struct zila_err *err);

/* The model's size in bytes as stored. */
size_t zila_triage_size(const struct zila_triage_model *m);

#endif
