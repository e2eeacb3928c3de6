/* inspection.h: panchayat inspections by nodal officers, twice a month
 * (fortnights 1-15 and 16-end), with a checklist, observations and
 * suggestions whose compliance the departments report.
 *
 * Inspection state machine: (none) --record--> draft --record--> draft
 * (replaces answers and suggestions) --submit--> submitted (final; needs an
 * answer for every checklist item). Only the inspection's nodal officer
 * (or an admin) may change or submit a draft. A nodal officer records
 * only their own inspections, for gram panchayats assigned to them. An
 * admin types in a nodal officer's paper report and must name that
 * officer ("nodal": an active nodal officer assigned to the GP), also
 * when replacing a draft (which may correct it); the row's nodal_id is
 * that officer, the event and the audit name the admin.
 *
 * Replacing a draft keeps the rows of the answers it answers again (one
 * per checklist item), DELETES the answers it no longer has and all its
 * suggestions, and inserts the new suggestions: sync must carry these
 * deletions (draft rows only; nothing is ever deleted once submitted).
 * Submitting with a checklist item unanswered is ZILA_EINVAL naming the
 * items; "answers" is required but may be empty in a draft.
 *
 * Suggestion state machine: pending --comply--> complied --verify
 * {accept:true}--> verified; complied --verify {accept:false}--> pending
 * (returned with a note; complied_on cleared, the last compliance note
 * kept). Comply is for the responsible department's officer or head
 * (an admin anywhere); suggestions of a draft inspection
 * cannot be complied. A nodal officer verifies suggestions of
 * inspections they recorded or of gram panchayats assigned to them.
 * Overdue: a pending suggestion of a submitted inspection past its
 * target_date (today in Asia/Kolkata).
 *
 * Action arguments (gram panchayat by LGD code, department by code,
 * checklist item by code, inspection by number or id, suggestion by id):
 *
 *   inspection.record {gp, inspected_on (not in the future), observations?,
 *                      answers: [{item, rating: good|average|poor|na,
 *                      remark?}], suggestions?: [{text, department,
 *                      target_date (not before inspected_on)}], id?
 *                      (an existing draft to replace), number?, nodal?
 *                      (login or id: required of an admin, refused
 *                      (EDENIED) from a nodal officer naming another;
 *                      written back as the officer's login)}
 *                      -> {id, number, fortnight}
 *   inspection.submit {inspection}
 *   suggestion.comply {suggestion, note}
 *   suggestion.verify {suggestion, accept, note?}
 */
#ifndef ZILA_INSPECTION_H
#define ZILA_INSPECTION_H

#include <jansson.h>
#include <stdbool.h>
#include "zila/db.h"
#include "zila/record.h"

/* The state machines above as rows, as in grievance.h: states
 * X(enum, name, open), transitions X(enum, action, from, to, who, scope,
 * rule), arguments X(action, key, kind, required, limit). */
#define ZILA_INSPECTION_STATE_LIST(X) \
	X(DRAFT,     "draft",     true) \
	X(SUBMITTED, "submitted", false)

enum zila_inspection_state {
#define ZILA_X(e, name, open) ZILA_IS_##e,
	ZILA_INSPECTION_STATE_LIST(ZILA_X)
#undef ZILA_X
	ZILA_IS_COUNT
};
#define ZILA_IS(e) (1u << ZILA_IS_##e)

#define ZILA_INSPECTION_TRANSITION_LIST(X) \
	X(RECORD_NEW, "inspection.record", ZILA_STATE_NONE, ZILA_IS_DRAFT, 0, ZILA_SCOPE_ANY, NULL) \
	X(RECORD, "inspection.record", ZILA_IS(DRAFT), ZILA_IS_DRAFT, 0, ZILA_SCOPE_OWNER, \
		N_("A submitted inspection can no longer be changed.")) \
	X(SUBMIT, "inspection.submit", ZILA_IS(DRAFT), ZILA_IS_SUBMITTED, 0, ZILA_SCOPE_OWNER, \
		N_("Only a draft is submitted."))

enum zila_inspection_transition {
#define ZILA_X(e, action, from, to, who, scope, refusal) ZILA_IT_##e,
	ZILA_INSPECTION_TRANSITION_LIST(ZILA_X)
#undef ZILA_X
	ZILA_IT_COUNT
};

#define ZILA_SUGGESTION_STATE_LIST(X) \
	X(PENDING,  "pending",  true) \
	X(COMPLIED, "complied", true) \
	X(VERIFIED, "verified", false)

enum zila_suggestion_state {
#define ZILA_X(e, name, open) ZILA_SS_##e,
	ZILA_SUGGESTION_STATE_LIST(ZILA_X)
#undef ZILA_X
	ZILA_SS_COUNT
};
#define ZILA_SS(e) (1u << ZILA_SS_##e)

/* Comply also needs the inspection submitted; verify is "accept" (to
 * verified) or a return (to pending). */
#define ZILA_SUGGESTION_TRANSITION_LIST(X) \
	X(COMPLY, "suggestion.comply", ZILA_SS(PENDING), ZILA_SS_COMPLIED, 0, ZILA_SCOPE_DEPARTMENT, \
		N_("Only a pending suggestion of a submitted inspection is complied.")) \
	X(VERIFY, "suggestion.verify", ZILA_SS(COMPLIED), ZILA_SS_VERIFIED, 0, ZILA_SCOPE_OWNER, \
		N_("Only a complied suggestion can be verified or returned.")) \
	X(RETURN, "suggestion.verify", ZILA_SS(COMPLIED), ZILA_SS_PENDING, 0, ZILA_SCOPE_OWNER, \
		N_("Only a complied suggestion can be verified or returned."))

enum zila_suggestion_transition {
#define ZILA_X(e, action, from, to, who, scope, refusal) ZILA_ST_##e,
	ZILA_SUGGESTION_TRANSITION_LIST(ZILA_X)
#undef ZILA_X
	ZILA_ST_COUNT
};

#define ZILA_INSPECTION_ARG_LIST(X) \
	X("inspection.record", "observations", ZILA_ARG_TEXT, false, 4000) \
	X("inspection.submit", "inspection",   ZILA_ARG_STR,  true,  64) \
	X("suggestion.comply", "suggestion",   ZILA_ARG_STR,  true,  40) \
	X("suggestion.comply", "note",         ZILA_ARG_TEXT, true,  2000) \
	X("suggestion.verify", "suggestion",   ZILA_ARG_STR,  true,  40) \
	X("suggestion.verify", "accept",       ZILA_ARG_BOOL, true,  0) \
	X("suggestion.verify", "note",         ZILA_ARG_TEXT, false, 2000)

/* "2026-11-1" for 1-15 November, "2026-11-2" for 16-30; buf holds 12. */
void zila_fortnight_of(const char *date, char *buf, size_t n);

struct zila_inspection_filter {
	const char *nodal_id;
	const char *gp_id;
	const char *block_id;
	const char *fortnight;
	const char *status;        /* draft|submitted */
	const char *from, *to;     /* inspected_on, inclusive */
	/* words found (any case, parts of words) in the number, panchayat,
	 * block, nodal officer or observations */
	const char *text;
	const char *after_key, *after_id; /* keyset on (inspected_on desc, id desc) */
	bool backward;
	int limit;
	/* counts only: 0 counts every match; N > 0 stops after N + 1 rows, so
	 * a count above N means "more than N" (a list header's figure, cheap
	 * on a large desk) */
	long long count_cap;
};

/* Rows: id, number, gp (LGD code), gp_name, block_name, nodal (login),
 * nodal_name, inspected_on, fortnight, status, suggestions, pending_suggestions,
 * sort_key. */
enum zila_status zila_inspection_list(struct zila_db *db, const struct zila_inspection_filter *f,
	json_t **rows, struct zila_err *err);
enum zila_status zila_inspection_count(struct zila_db *db, const struct zila_inspection_filter *f,
	long long *count, struct zila_err *err);
/* Every field, "answers" (item code and text, rating, remark, in checklist
 * order), "suggestions" (with department code, status, overdue) and
 * "events". */
enum zila_status zila_inspection_get(struct zila_db *db, const char *ref, json_t **inspection, struct zila_err *err);
enum zila_status zila_inspection_resolve(struct zila_db *db, const char *ref, char *id, struct zila_err *err);

/* The gram panchayats assigned to nodal officers, one row per assignment
 * (id, lgd_code, name_en, name_hi, block (LGD code), block_name, nodal
 * (login)), by block and name; nodal (login or id) NULL: every officer's. */
enum zila_status zila_nodal_gps(struct zila_db *db, const char *nodal, json_t **rows, struct zila_err *err);

struct zila_suggestion_filter {
	const char *department_id;
	const char *inspection_id;
	const char *status;        /* pending|complied|verified */
	bool overdue;
	/* found (any case, parts of words) in the suggestion, its panchayat,
	 * inspection number or department code */
	const char *text;
	const char *after_key, *after_id; /* keyset on (target_date, id) */
	bool backward; /* the page before after_key (still in list order) */
	int limit;
};
/* Rows: id, inspection_id, inspection_number, gp_name, text, department,
 * target_date, status, compliance_note, days_overdue, sort_key.
 * Without inspection_id, only suggestions of submitted inspections: a
 * draft's suggestions are nobody's work yet. */
enum zila_status zila_suggestion_list(struct zila_db *db, const struct zila_suggestion_filter *f,
	json_t **rows, struct zila_err *err);

#endif
