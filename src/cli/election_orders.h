/* election_orders.h: the election module's orders laid out for a person:
 * a document is a JSON array of pages, each an array of lines
 * {text, style: "title"|"heading"|"body"|"small"}, made in the language in
 * use. It prints as text or is typeset as PDF (cairo + pango, which shapes
 * Devanagari). */
#ifndef ZILA_ELECTION_ORDERS_H
#define ZILA_ELECTION_ORDERS_H

#include <jansson.h>
#include <stdio.h>
#include "zila/status.h"

/* From zila_election_orders rows: one page per official. */
json_t *election_appointments(json_t *rows);
/* One page per constituency: its parties, members and stations. */
json_t *election_party_lists(json_t *rows);
void election_print(json_t *doc, FILE *out);
/* Writes the document as an A4 PDF (a page of the document that does
 * not fit goes on over more); *pages gets the PDF's pages. */
enum zila_status election_pdf(json_t *doc, const char *path, int *pages, struct zila_err *err);

#endif
