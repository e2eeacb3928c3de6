/* letter.h: the inward register of letters (dak) and time limits (TL).
 *
 * A letter is diarised with an inward number (DRG/L/07/2026/00123) and
 * marked to one or more departments, each marking with its own time limit,
 * due date and state. The weekly TL review reads the markings.
 *
 * Marking state machine (enforced; anything else is ZILA_ESTATE):
 *
 *   (none)   --mark----------> pending   (letter open, department not yet
 *                                          marked on this letter)
 *   pending  --remind--------> pending   (reminders + 1, last_reminded_on)
 *   pending  --reply---------> replied   (by the department's officer/head)
 *   replied  --close---------> closed
 *   pending  --close---------> closed    (collector or admin only, with a
 *                                          note: dropped without reply)
 *
 * The letter is open while any marking is not closed (or it has none);
 * closing its last marking closes the letter (event letter_closed).
 * Overdue: a pending marking whose due_date is before today. due_date =
 * marked_on + time_limit_days. Never stored.
 *
 * Action arguments (a letter by number or id, a department by code):
 *
 *   letter.create {sender, subject, received_on? (default today, never in
 *                  the future), sender_ref?, letter_date? (not after
 *                  received_on), remarks?, marks?: [{department, days}],
 *                  id?, number?}
 *                  -> {id, number, markings}; marks in the same
 *                  transaction. id, number and the defaulted received_on
 *                  are written back into the arguments.
 *   letter.mark   {letter, department, days (1-365), note?}
 *   letter.remind {letter, department? (else every pending marking), note?}
 *   letter.reply  {letter, reply, department? (else the actor's own,
 *                  written back by code), reply_ref?, replied_on? (default
 *                  today, written back; not before the marking, not in the
 *                  future)}
 *   letter.close  {letter, department? (else every open marking), note?}
 *                  A letter marked to nobody is closed (filed) by itself.
 *
 * marked_on is the day the action was born (ctx->today: on the server's
 * re-run, the desk's day from the pushed client_time, within bounds; see
 * action.c), so due_date = that day + days on the desk and the server alike.
 *
 * Officers and heads reply only for their own department. */
#ifndef ZILA_LETTER_H
#define ZILA_LETTER_H

#include <jansson.h>
#include <stdbool.h>
#include "zila/db.h"
#include "zila/record.h"

/* A marking's states: X(enum, name, open). */
#define ZILA_MARKING_STATE_LIST(X) \
	X(PENDING, "pending", true) \
	X(REPLIED, "replied", true) \
	X(CLOSED,  "closed",  false)

enum zila_marking_state {
#define ZILA_X(e, name, open) ZILA_MS_##e,
	ZILA_MARKING_STATE_LIST(ZILA_X)
#undef ZILA_X
	ZILA_MS_COUNT
};
#define ZILA_MS(e) (1u << ZILA_MS_##e)

/* The marking state machine above: X(enum, action, from, to, who, scope,
 * rule), as in grievance.h. A new marking needs an open letter. */
#define ZILA_MARKING_TRANSITION_LIST(X) \
	X(MARK, "letter.mark", ZILA_STATE_NONE, ZILA_MS_PENDING, 0, ZILA_SCOPE_ANY, N_("Only an open letter is marked.")) \
	X(REMIND, "letter.remind", ZILA_MS(PENDING), ZILA_STATE_SAME, 0, ZILA_SCOPE_ANY, \
		N_("A reminder needs a pending marking.")) \
	X(REPLY, "letter.reply", ZILA_MS(PENDING), ZILA_MS_REPLIED, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("A reply needs a pending marking of the department.")) \
	X(CLOSE, "letter.close", ZILA_MS(REPLIED), ZILA_MS_CLOSED, 0, ZILA_SCOPE_ANY, \
		N_("Only a replied marking is closed (a pending one by the Collector).")) \
	X(CLOSE_PENDING, "letter.close", ZILA_MS(PENDING), ZILA_MS_CLOSED, \
		ZILA_ROLE_BIT(ZILA_ROLE_COLLECTOR) | ZILA_ROLE_BIT(ZILA_ROLE_ADMIN), ZILA_SCOPE_ANY, \
		N_("Only a replied marking is closed (a pending one by the Collector)."))

enum zila_marking_transition {
#define ZILA_X(e, action, from, to, who, scope, refusal) ZILA_MT_##e,
	ZILA_MARKING_TRANSITION_LIST(ZILA_X)
#undef ZILA_X
	ZILA_MT_COUNT
};

/* The arguments of the letter's actions: X(action, key, kind, required,
 * limit); letter.create's dates and marks are checked by their own code. */
#define ZILA_MARKING_ARG_LIST(X) \
	X("letter.create", "sender",     ZILA_ARG_STR,  true,  200) \
	X("letter.create", "subject",    ZILA_ARG_STR,  true,  500) \
	X("letter.create", "sender_ref", ZILA_ARG_STR,  false, 100) \
	X("letter.create", "remarks",    ZILA_ARG_TEXT, false, 2000) \
	X("letter.create", "id",         ZILA_ARG_STR,  false, 36) \
	X("letter.create", "number",     ZILA_ARG_STR,  false, 40) \
	X("letter.mark",   "letter",     ZILA_ARG_STR,  true,  40) \
	X("letter.mark",   "department", ZILA_ARG_STR,  true,  40) \
	X("letter.mark",   "days",       ZILA_ARG_INT,  true,  365) \
	X("letter.mark",   "note",       ZILA_ARG_TEXT, false, 1000) \
	X("letter.remind", "letter",     ZILA_ARG_STR,  true,  40) \
	X("letter.remind", "department", ZILA_ARG_STR,  false, 40) \
	X("letter.remind", "note",       ZILA_ARG_TEXT, false, 1000) \
	X("letter.reply",  "letter",     ZILA_ARG_STR,  true,  40) \
	X("letter.reply",  "reply",      ZILA_ARG_TEXT, true,  4000) \
	X("letter.reply",  "department", ZILA_ARG_STR,  false, 40) \
	X("letter.reply",  "reply_ref",  ZILA_ARG_STR,  false, 100) \
	X("letter.reply",  "replied_on", ZILA_ARG_DATE, false, 0) \
	X("letter.close",  "letter",     ZILA_ARG_STR,  true,  40) \
	X("letter.close",  "department", ZILA_ARG_STR,  false, 40) \
	X("letter.close",  "note",       ZILA_ARG_TEXT, false, 1000)

enum zila_letter_sort {
	ZILA_LSORT_RECEIVED, /* received_on descending, id descending: newest first */
	ZILA_LSORT_DUE,      /* markings: due_date, id. Letters: those with something
			      * pending by their earliest pending due date, then those
			      * with nothing pending, oldest received first */
	ZILA_LSORT_NUMBER
};

struct zila_letter_filter {
	const char *status;        /* letters: open|closed; markings: pending|replied|closed|"open" */
	const char *department_id; /* letters marked to it / its markings */
	bool overdue;              /* pending markings due before today */
	const char *from, *to;     /* received_on, inclusive */
	const char *text;          /* full-text: number, sender, subject */
	enum zila_letter_sort sort;
	const char *after_key, *after_id; /* keyset, as in grievance.h */
	bool backward;
	int limit;                 /* 1..1000; 0 means 50 */
	/* counts only: 0 counts every match; N > 0 stops after N + 1 rows, so
	 * a count above N means "more than N" (a list header's figure, cheap
	 * on a large desk) */
	long long count_cap;
};

/* One row per letter: id, number, received_on, sender, subject, status,
 * departments ("REV,PWD"), next_due (earliest pending due date or null),
 * overdue_markings (count), sort_key. */
enum zila_status zila_letter_list(struct zila_db *db, const struct zila_letter_filter *f, json_t **rows,
	struct zila_err *err);
enum zila_status zila_letter_count(struct zila_db *db, const struct zila_letter_filter *f, long long *count,
	struct zila_err *err);
/* Reads a search's hits ahead of its list, as zila_grievance_search_warm
 * does for grievances (the full-screen program's search prompt). */
enum zila_status zila_letter_search_warm(struct zila_db *db, const char *text, struct zila_err *err);
/* One row per marking: id (marking), letter_id, number, subject, sender,
 * department (code), department_name, marked_on, due_date, status,
 * reminders, days_overdue, sort_key. */
enum zila_status zila_marking_list(struct zila_db *db, const struct zila_letter_filter *f, json_t **rows,
	struct zila_err *err);
enum zila_status zila_marking_count(struct zila_db *db, const struct zila_letter_filter *f, long long *count,
	struct zila_err *err);

/* Every field, "markings" (with department code and name, days_overdue,
 * reply) and "events" (oldest first, with actor login and department). */
enum zila_status zila_letter_get(struct zila_db *db, const char *ref, json_t **letter, struct zila_err *err);
enum zila_status zila_letter_resolve(struct zila_db *db, const char *ref, char *id, struct zila_err *err);

#endif
