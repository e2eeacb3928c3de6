/* util.h: small things every module needs: clock and calendar (Asia/Kolkata
 * dates without a time-zone database, as India keeps no daylight saving),
 * UUIDv7, UTF-8 checks, SHA-256 in hex, and allocation that never returns
 * NULL (as htop's xMalloc: running out of memory is not a state to limp on). */
#ifndef ZILA_UTIL_H
#define ZILA_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define ZILA_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *zila_xmalloc(size_t n);
void *zila_xcalloc(size_t count, size_t n);
void *zila_xrealloc(void *p, size_t n);
char *zila_xstrdup(const char *s);
/* Frees *p and clears the pointer. */
void zila_free(void *pp);

/* Seconds since the epoch. $ZILA_NOW (an ISO 8601 UTC time or a plain
 * epoch number) overrides the clock, so tests and demos can stand on any
 * day without faketime. */
time_t zila_clock(void);
/* Fixes the clock of this process at t (0: back to $ZILA_NOW or the real
 * clock). The demo generator dates each action this way rather than
 * rewriting the environment for every record. */
void zila_clock_set(time_t t);
/* Parses "YYYY-MM-DDTHH:MM:SS[Z]" as UTC, or a plain epoch number. */
bool zila_parse_time(const char *s, time_t *out);
/* "2026-11-27T13:45:00Z" for t; buf holds 32. */
void zila_iso_time(time_t t, char *buf, size_t n);
/* The calendar date in Asia/Kolkata (UTC+05:30) at time t; buf holds 11. */
void zila_ist_date(time_t t, char *buf, size_t n);
/* Checks YYYY-MM-DD is a real date. */
bool zila_date_valid(const char *s);
/* Days from a to b (b - a); both YYYY-MM-DD. */
long zila_date_diff(const char *a, const char *b);
/* date + days into buf (11 bytes). */
void zila_date_add(const char *date, long days, char *buf, size_t n);

/* A UUIDv7 (time-ordered) into buf (37 bytes). */
void zila_uuid7(char *buf);
/* From now on the UUIDv7s made on this thread (false: back to the real
 * clock) take their time from the clock fixed by zila_clock_set, each
 * later than the one before: zila demo dates each action on its own day,
 * and ids that only rise are appended to the end of every index they key,
 * also when one half of the records is copied in after the other. */
void zila_uuid7_follow_clock(bool on);
/* An Indian mobile number as people write it (+91 98765 43210,
 * 098765-43210, 919876543210, (98765) 43210) into its 10 digits (out holds
 * 11); false when it is not one: 10 digits starting 6, 7, 8 or 9 after
 * spaces, dashes, dots and brackets go, and one of +91, 91 or 0 before.
 * Written and searched the same way, so every form finds every other. */
bool zila_mobile_normal(const char *in, char *out);
/* The length of the UTF-8 sequence at s (of n bytes left), its code point
 * in *cp; 0 when it is not one (a stray or missing byte, an overlong form,
 * a surrogate, past U+10FFFF). */
size_t zila_utf8_char(const char *s, size_t n, uint32_t *cp);
/* Valid UTF-8 with no control characters (newline and tab allowed when
 * multiline). Returns the count of code points via *chars when not NULL. */
bool zila_utf8_check(const char *s, bool multiline, size_t *chars);
/* Lower-case hex SHA-256 of data into hex (65 bytes). */
void zila_sha256_hex(const void *data, size_t n, char *hex);
bool zila_is_sha256_hex(const char *s);

/* One text cell of a CSV file (RFC 4180: quoted only when it holds a comma,
 * a quote, CR or LF; quotes doubled). A cell starting with = + - @, a tab
 * or a CR gets a leading ' (as OWASP advises), so a spreadsheet shows it
 * as text and never runs it as a formula. Numbers are not text cells:
 * write them as they are, so a negative count stays a number. */
void zila_csv_text(FILE *out, const char *s);

#endif
