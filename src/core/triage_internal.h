/* triage_internal.h: what triage.c and triage_text.c share: the words of a
 * text and the hashed features of each word. */
#ifndef ZILA_CORE_TRIAGE_INTERNAL_H
#define ZILA_CORE_TRIAGE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "zila/triage.h"

/* One feature of a text: its hash and the word (index) it came from. */
struct tri_feat {
	uint64_t hash;
	uint32_t word;
};

/* A text cut into words, with the features of all of them, each feature
 * once (the first word that has it keeps it): the model counts whether a
 * grievance has a feature, not how often. */
struct tri_doc {
	size_t nwords;
	struct {
		const char *at;   /* the word as typed (borrowed from the text) */
		size_t len;
	} *words;
	size_t wcap;
	size_t nfeat, cap;
	struct tri_feat *feat;
};

/* Cuts text (UTF-8, may be NULL) into words and features, appending to
 * doc: call it for the subject and then for the description. */
void tri_doc_add(struct tri_doc *doc, const char *text);
/* Sorts the features and keeps each hash once. */
void tri_doc_finish(struct tri_doc *doc);
void tri_doc_free(struct tri_doc *doc);

struct tri_cat {
	char code[32], en[128], hi[128];
	char dept[32], dept_en[128], dept_hi[128];
	long docs;
	double prior, missing;
};

/* The model in memory (triage.c learns it, triage_store.c keeps it). */
struct zila_triage_model {
	int ncat;
	struct tri_cat *cat;
	size_t nfeat, nent;
	uint64_t *hash;
	uint32_t *start;    /* nfeat + 1: feature i's entries are start[i]..start[i+1] */
	uint16_t *ecat;
	uint32_t *ecount;
	float *edelta;      /* weight minus the category's weight of an absent feature */
	size_t bytes;
};

/* Priors and weights from the counts in m (edelta is remade). */
void tri_model_weights(struct zila_triage_model *m);

/* FNV-1a of a string (the holdout split by grievance id). */
uint32_t tri_hash32(const char *s);

#endif
