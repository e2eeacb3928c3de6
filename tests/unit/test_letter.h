/* test_letter.h: helpers the two letter suites share (test_letter.c). */
#ifndef ZILA_TEST_LETTER_H
#define ZILA_TEST_LETTER_H

#include "testlib.h"

#define NOW0 "2026-11-20T06:00:00Z"

/* Diarises a letter as the clerk with marks given as "REV:15,PWD:7";
 * number (40 bytes) gets its inward number. */
void letter_diarise(struct fixture *f, const char *subject, const char *marks, char *number);
/* Runs a letter action on number with extra arguments (stolen, may be NULL). */
enum zila_status letter_act(struct fixture *f, const struct zila_actor *who, const char *action, const char *number,
	json_t *extra, struct zila_err *err);

#define ACT_OK(f, who, action, number, extra) \
	do { \
		struct zila_err e_ = { 0 }; \
		enum zila_status s_ = letter_act(f, who, action, number, extra, &e_); \
		ck_assert_msg(s_ == ZILA_OK, "%s on %s: %s", action, number, e_.msg); \
	} while (0)

#endif
