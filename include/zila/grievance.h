/* grievance.h: citizens' grievances: registration at the counter (with a
 * number given offline), routing by category to a department, time limits,
 * notes, transfers, disposal, feedback, appeal, attachments.
 *
 * State machine (enforced by the handlers; anything else is refused with
 * ZILA_ESTATE and a message naming the present state):
 *
 *   registered --assign--------------------> assigned
 *   assigned|in_progress --assign {officer}-> unchanged (a head gives it to
 *                                            an officer, or another one; the
 *                                            department stays: that is a
 *                                            transfer)
 *   assigned|in_progress --note {interim:true}--> in_progress
 *   assigned|in_progress --transfer--------> assigned   (another department,
 *                                                        at most 3 times)
 *   registered|assigned|in_progress --dispose--> disposed
 *   disposed   --feedback-----------------> disposed   (rating 1-5 kept)
 *   disposed   --appeal-------------------> appealed   (within 30 days of
 *                                                        disposal, once;
 *                                                        a fresh due date)
 *   appealed   --dispose------------------> disposed   (event appeal_disposed)
 *   disposed|closed --reopen--------------> assigned   (a fresh due date)
 *   disposed   --close--------------------> closed
 *   registered|assigned|in_progress --duplicate--> closed (duplicate_of set)
 *   any open state --note {interim:false}--> unchanged
 *   any state but closed --attach---------> unchanged
 *
 * "Open" means registered, assigned, in_progress or appealed. Overdue is an
 * open grievance whose due_date is before today (Asia/Kolkata): computed
 * by queries, never stored. due_date = registered_on + the category's days;
 * an appeal or a reopening starts a fresh time limit (that day + the
 * category's days), or it would be overdue the moment it began.
 *
 * Action arguments (JSON; a grievance is named by number or id; a
 * department by code; a user by login; a block or gram panchayat by LGD code):
 *
 *   grievance.register  {citizen_name, description, category,
 *                        channel?="counter" (counter|phone|post|email|web|
 *                        jandarshan|cpgrams|camp), mobile? (10 digits,
 *                        6-9 first, "+91" allowed), address?, block?, gp?
 *                        (must lie in block when both given), village?,
 *                        ward?, lat?, lon?, subject?, department? (else the
 *                        category's), attachments?: [{sha256, name, mime,
 *                        size, kind?}], id?, number?}
 *                        -> {id, number, due_date}. id and number are made
 *                        on the desk and written back into the arguments.
 *   grievance.assign    {grievance, department?, officer?, note?}
 *                        clerk/collector/admin route (department); a head
 *                        assigns an officer of their own department.
 *   grievance.transfer  {grievance, department, reason}
 *   grievance.note      {grievance, note, visibility?="public"|"internal",
 *                        interim?=false}
 *   grievance.dispose   {grievance, reply}
 *   grievance.feedback  {grievance, rating (1-5), note?}
 *   grievance.appeal    {grievance, reason}
 *   grievance.reopen    {grievance, reason}
 *   grievance.close     {grievance, note?}
 *   grievance.duplicate {grievance, of}
 *   grievance.attach    {grievance, sha256, name, mime, size, kind?}
 *                        the blob must be in this database's blob store
 *                        (zila_blob_put) first; on the server a missing
 *                        blob is ZILA_ERETRY.
 *
 * Officers and heads act only on their own department's grievances. */
#ifndef ZILA_GRIEVANCE_H
#define ZILA_GRIEVANCE_H

#include <jansson.h>
#include <stdbool.h>
#include "zila/db.h"
#include "zila/record.h"

/* The states, in list order: X(enum, name, open). A new state is a row
 * here, its transitions below, and a migration for the CHECK constraint
 * (and a partial index if the lists need one); the queries' open sets,
 * the reports, the screens and the commands read these rows. */
#define ZILA_GRIEVANCE_STATE_LIST(X) \
	X(REGISTERED,  "registered",  true) \
	X(ASSIGNED,    "assigned",    true) \
	X(IN_PROGRESS, "in_progress", true) \
	X(APPEALED,    "appealed",    true) \
	X(DISPOSED,    "disposed",    false) \
	X(CLOSED,      "closed",      false)

enum zila_grievance_state {
#define ZILA_X(e, name, open) ZILA_GS_##e,
	ZILA_GRIEVANCE_STATE_LIST(ZILA_X)
#undef ZILA_X
	ZILA_GS_COUNT
};
#define ZILA_GS(e) (1u << ZILA_GS_##e)
#define ZILA_GS_OPEN (ZILA_GS(REGISTERED) | ZILA_GS(ASSIGNED) | ZILA_GS(IN_PROGRESS) | ZILA_GS(APPEALED))
#define ZILA_GS_ROUTED (ZILA_GS(ASSIGNED) | ZILA_GS(IN_PROGRESS))

/* The state machine drawn above, one row a transition:
 * X(enum, action, from, to, who, scope, the rule said when the state is
 * wrong). to: a ZILA_GS_ state or ZILA_STATE_SAME; who: 0 is the role
 * table's (action.h). Where an action has two rows the handler picks one
 * by its arguments (assign: "officer" on a routed grievance; note:
 * "interim"). */
#define ZILA_GRIEVANCE_TRANSITION_LIST(X) \
	X(REGISTER, "grievance.register", ZILA_STATE_NONE, ZILA_GS_REGISTERED, 0, ZILA_SCOPE_ANY, NULL) \
	X(ASSIGN, "grievance.assign", ZILA_GS(REGISTERED), ZILA_GS_ASSIGNED, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Only a registered grievance can be assigned, or an assigned one given another officer.")) \
	X(ASSIGN_OFFICER, "grievance.assign", ZILA_GS_ROUTED, ZILA_STATE_SAME, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Only a registered grievance can be assigned, or an assigned one given another officer.")) \
	X(TRANSFER, "grievance.transfer", ZILA_GS_ROUTED, ZILA_GS_ASSIGNED, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Only an assigned or in-progress grievance can be transferred.")) \
	X(NOTE, "grievance.note", ZILA_GS_OPEN, ZILA_STATE_SAME, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Notes are added only to an open grievance.")) \
	X(NOTE_INTERIM, "grievance.note", ZILA_GS_ROUTED, ZILA_GS_IN_PROGRESS, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("An interim reply needs an assigned or in-progress grievance.")) \
	X(DISPOSE, "grievance.dispose", ZILA_GS_OPEN, ZILA_GS_DISPOSED, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Only an open grievance or an appeal can be disposed.")) \
	X(FEEDBACK, "grievance.feedback", ZILA_GS(DISPOSED), ZILA_STATE_SAME, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Feedback is taken on a disposed grievance.")) \
	X(APPEAL, "grievance.appeal", ZILA_GS(DISPOSED), ZILA_GS_APPEALED, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Only a disposed grievance can be appealed.")) \
	X(REOPEN, "grievance.reopen", ZILA_GS(DISPOSED) | ZILA_GS(CLOSED), ZILA_GS_ASSIGNED, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Only a disposed or closed grievance can be reopened.")) \
	X(CLOSE, "grievance.close", ZILA_GS(DISPOSED), ZILA_GS_CLOSED, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Only a disposed grievance can be closed.")) \
	X(DUPLICATE, "grievance.duplicate", ZILA_GS(REGISTERED) | ZILA_GS_ROUTED, ZILA_GS_CLOSED, 0, \
		ZILA_SCOPE_DEPARTMENT, N_("Only a registered, assigned or in-progress grievance can be marked a duplicate.")) \
	X(ATTACH, "grievance.attach", ZILA_GS_OPEN | ZILA_GS(DISPOSED), ZILA_STATE_SAME, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("A closed grievance takes no more attachments."))

enum zila_grievance_transition {
#define ZILA_X(e, action, from, to, who, scope, refusal) ZILA_GT_##e,
	ZILA_GRIEVANCE_TRANSITION_LIST(ZILA_X)
#undef ZILA_X
	ZILA_GT_COUNT
};

/* The free-text limit of descriptions, notes, replies and reasons. */
#define ZILA_GRIEVANCE_TEXT_MAX 4000

/* The arguments (see above): X(action, key, kind, required, limit). The
 * handlers check them by these rows and the forms take their limits from
 * them. Registration's and attach's lists, channel, lat/lon, attachments
 * and the file's fields are checked by their own code. */
#define ZILA_GRIEVANCE_ARG_LIST(X) \
	X("grievance.register",  "citizen_name", ZILA_ARG_STR, true,  100) \
	X("grievance.register",  "description", ZILA_ARG_TEXT, true,  ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.register",  "category",   ZILA_ARG_STR,  true,  40) \
	X("grievance.register",  "mobile",     ZILA_ARG_STR,  false, 20) \
	X("grievance.register",  "address",    ZILA_ARG_TEXT, false, 300) \
	X("grievance.register",  "block",      ZILA_ARG_STR,  false, 40) \
	X("grievance.register",  "gp",         ZILA_ARG_STR,  false, 40) \
	X("grievance.register",  "village",    ZILA_ARG_STR,  false, 100) \
	X("grievance.register",  "ward",       ZILA_ARG_STR,  false, 50) \
	X("grievance.register",  "subject",    ZILA_ARG_STR,  false, 200) \
	X("grievance.register",  "department", ZILA_ARG_STR,  false, 40) \
	X("grievance.register",  "id",         ZILA_ARG_STR,  false, 36) \
	X("grievance.register",  "number",     ZILA_ARG_STR,  false, 40) \
	X("grievance.assign",    "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.assign",    "department", ZILA_ARG_STR,  false, 40) \
	X("grievance.assign",    "officer",    ZILA_ARG_STR,  false, 64) \
	X("grievance.assign",    "note",       ZILA_ARG_TEXT, false, ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.transfer",  "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.transfer",  "department", ZILA_ARG_STR,  true,  40) \
	X("grievance.transfer",  "reason",     ZILA_ARG_TEXT, true,  ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.note",      "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.note",      "note",       ZILA_ARG_TEXT, true,  ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.note",      "visibility", ZILA_ARG_ENUM, false, 0) \
	X("grievance.note",      "interim",    ZILA_ARG_BOOL, false, 0) \
	X("grievance.dispose",   "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.dispose",   "reply",      ZILA_ARG_TEXT, true,  ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.feedback",  "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.feedback",  "rating",     ZILA_ARG_INT,  true,  5) \
	X("grievance.feedback",  "note",       ZILA_ARG_TEXT, false, ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.appeal",    "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.appeal",    "reason",     ZILA_ARG_TEXT, true,  ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.reopen",    "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.reopen",    "reason",     ZILA_ARG_TEXT, true,  ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.close",     "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.close",     "note",       ZILA_ARG_TEXT, false, ZILA_GRIEVANCE_TEXT_MAX) \
	X("grievance.duplicate", "grievance",  ZILA_ARG_STR,  true,  40) \
	X("grievance.duplicate", "of",         ZILA_ARG_STR,  true,  40) \
	X("grievance.attach",    "grievance",  ZILA_ARG_STR,  true,  40)

enum zila_grievance_sort {
	ZILA_GSORT_DUE,        /* due_date, then id: oldest due first */
	ZILA_GSORT_REGISTERED, /* registered_on descending, then id descending: newest first */
	ZILA_GSORT_NUMBER      /* number */
};

struct zila_grievance_filter {
	const char *status;        /* a status, "open", or NULL for all */
	const char *department_id;
	const char *category_id;
	const char *officer_id;
	const char *block_id;
	const char *gp_id;
	bool overdue;              /* open and due before today */
	const char *from, *to;     /* registered_on, inclusive, YYYY-MM-DD */
	const char *text;          /* full-text: number, citizen, description, notes;
	                            * a mobile number in any form (zila_mobile_normal)
	                            * finds the grievances of that number */
	const char *mobile;        /* a citizen's mobile number, in any form */
	enum zila_grievance_sort sort;
	/* keyset paging: the sort key and id of the last row already shown;
	 * rows come after it (or before it when backward, still returned in
	 * sort order). NULL for the first page. */
	const char *after_key, *after_id;
	bool backward;
	int limit;                 /* 1..1000; 0 means 50 */
	/* counts only: 0 counts every match; N > 0 stops after N + 1 rows, so
	 * a count above N means "more than N" (a list header's figure, cheap
	 * on a large desk) */
	long long count_cap;
};

/* Rows: id, number, citizen_name, mobile, department (code),
 * department_name, category (code), status, registered_on, due_date,
 * days_overdue (0 when not overdue), officer (login or null), gp_name,
 * sort_key (the value to pass back as after_key). */
enum zila_status zila_grievance_list(struct zila_db *db, const struct zila_grievance_filter *f,
	json_t **rows, struct zila_err *err);
enum zila_status zila_grievance_count(struct zila_db *db, const struct zila_grievance_filter *f,
	long long *count, struct zila_err *err);
/* Reads a search's hits ahead of its list or count (the connection keeps
 * them while the data is unchanged): the full-screen program calls it
 * while the person is still at the search prompt, so Enter costs only the
 * page. Does nothing for text with a word under three characters. */
enum zila_status zila_grievance_search_warm(struct zila_db *db, const char *text, struct zila_err *err);

/* The counter's duplicate warning, before a new grievance is saved: the
 * open grievances of the same mobile number (any form) and the open
 * grievances of the same gram panchayat (LGD code or id) whose description
 * is at least ZILA_SIMILAR_MIN percent alike (zila_text_alike). Rows: id,
 * number, citizen_name, mobile, status, registered_on, description (its
 * start), gp_name, why ("mobile" or "text"), alike (percent); the same
 * mobile first, then the most alike; at most limit (0: 10). Any argument
 * may be NULL or empty. */
#define ZILA_SIMILAR_MIN 45
enum zila_status zila_grievance_similar(struct zila_db *db, const char *mobile, const char *gp, const char *description,
	int limit, json_t **rows, struct zila_err *err);
/* How alike two texts are, 0-100: the share of the character trigrams of
 * their words (code points, any case) that they have in common (Dice). */
int zila_text_alike(const char *a, const char *b);

/* The citizen's receipt as text (*text is malloc'd) in lang ("hi", "en";
 * NULL: the language in use): the number, registration date, department,
 * the date the reply is due and what to do next (for a grievance linked
 * as a duplicate, the number to quote instead). */
enum zila_status zila_grievance_receipt(struct zila_db *db, const char *ref, const char *lang, char **text,
	struct zila_err *err);

/* Every field, with names of department, category, block, gram panchayat,
 * officer; "overdue" and "days_overdue"; "events" (oldest first: kind,
 * from/to status and department codes, note, visibility, rating, actor
 * login, at, desk) and "attachments" (id, sha256, name, kind, mime, size,
 * present: whether the bytes are in this database's blob store). */
enum zila_status zila_grievance_get(struct zila_db *db, const char *ref, json_t **grievance, struct zila_err *err);
/* By number or id; id holds 40 bytes. */
enum zila_status zila_grievance_resolve(struct zila_db *db, const char *ref, char *id, struct zila_err *err);

/* Requests citizens filed without a category, held for a clerk of the
 * Collectorate (request.hold; request.register makes the grievance): the
 * ones still held, oldest first, each with its id (the citizen's Open311
 * token), citizen_name, mobile, description, the number of its files and
 * suggested, the triage model's top three when it came ([{category,
 * department, score, words}]). */
enum zila_status zila_held_list(struct zila_db *db, json_t **rows, struct zila_err *err);

#endif
