/* module.h: the modules of the house, each declared once, in rows that
 * every part reads (tig's REQ_INFO, for modules).
 *
 * ZILA_MODULE_LIST is the one list of modules, in order: the masters come
 * first because a synced table's parents must reach a desk before it.
 * Each module has one block of rows below:
 *
 *   ZILA_<M>_ACTIONS(X)  X(enum, "name", handler, roles)
 *       its actions: the role table of action.h (the first gate, and what
 *       the screens use to hide what a role may not do); the handler is
 *       defined in the module's src/core file.
 *   ZILA_<M>_SYNC(X)     X(table, record, key, visibility)
 *       its synced tables, parents first. record and key: the record the
 *       row belongs to and the row's column holding that record's id (the
 *       table itself and id for a record or a master): the rows leave a
 *       desk with their record. visibility: an SQL condition on the row
 *       (?2 the desk's department, NULL for the Collectorate's desk, which
 *       sees everything): what zilad sends to which desk (src/server/pull.c).
 *
 * The other layers keep their own row per module, beside their code:
 * screens in UI_VIEW_LIST (ui/ui.h), subcommands in CLI_COMMAND_LIST
 * (src/cli/cli.h). HACKING.md has the steps of adding a module.
 *
 * Rows, not run-time tables: the trigger and query text of every synced
 * table is made from them by the preprocessor (never from input), and the
 * action ids are an enum. The rows name macros (R_, the *_SEEN helpers)
 * that are expanded only where the rows are used. */
#ifndef ZILA_MODULE_H
#define ZILA_MODULE_H

/* M(NAME, X) for every module, in order. */
#define ZILA_MODULE_LIST(M, X) \
	M(MASTER, X) \
	M(LETTER, X) \
	M(GRIEVANCE, X) \
	M(INSPECTION, X) \
	M(ELECTION, X)

/* The rows of every module, in module order. */
#define ZILA_MODULE_ACTIONS(M, X) ZILA_##M##_ACTIONS(X)
#define ZILA_MODULE_SYNC(M, X) ZILA_##M##_SYNC(X)
#define ZILA_MODULES_ACTIONS(X) ZILA_MODULE_LIST(ZILA_MODULE_ACTIONS, X)
#define ZILA_MODULES_SYNC(X) ZILA_MODULE_LIST(ZILA_MODULE_SYNC, X)

/* Roles in the rows: R_(ADMIN) | R_(CLERK) ... (enum zila_role, action.h). */
#define R_(x) ZILA_ROLE_BIT(ZILA_ROLE_##x)
#define R_EVERYONE (R_(ADMIN) | R_(CLERK) | R_(OFFICER) | R_(HEAD) | R_(NODAL) | R_(COLLECTOR))
/* Visible to every desk. */
#define ZILA_SEEN_ALL "1"

/* ------------------------------------------------ masters and users */

#define ZILA_MASTER_ACTIONS(X) \
	X(MASTER_DEPARTMENT, "master.department", act_master_department, R_(ADMIN)) \
	X(MASTER_BLOCK,      "master.block",      act_master_block,      R_(ADMIN)) \
	X(MASTER_GP,         "master.gp",         act_master_gp,         R_(ADMIN)) \
	X(MASTER_CATEGORY,   "master.category",   act_master_category,   R_(ADMIN)) \
	X(MASTER_CHECKLIST,  "master.checklist",  act_master_checklist,  R_(ADMIN)) \
	X(MASTER_NODAL,      "master.nodal",      act_master_nodal,      R_(ADMIN) | R_(COLLECTOR)) \
	X(USER_ADD,          "user.add",          act_user_add,          R_(ADMIN)) \
	X(USER_DEACTIVATE,   "user.deactivate",   act_user_deactivate,   R_(ADMIN)) \
	X(USER_PASSWD,       "user.passwd",       act_user_passwd,       R_EVERYONE) \
	X(USER_LANG,         "user.lang",         act_user_lang,         R_EVERYONE) \
	X(DESK_ENROL,        "desk.enrol",        act_desk_enrol,        R_EVERYONE)

/* Masters and users go to every desk (zilad strips what a desk may not
 * hold from app_user rows: pull.c). */
#define ZILA_MASTER_SYNC(X) \
	X(district,         district,         id, ZILA_SEEN_ALL) \
	X(department,       department,       id, ZILA_SEEN_ALL) \
	X(app_user,         app_user,         id, ZILA_SEEN_ALL) \
	X(desk,             desk,             id, ZILA_SEEN_ALL) \
	X(block,            block,            id, ZILA_SEEN_ALL) \
	X(gram_panchayat,   gram_panchayat,   id, ZILA_SEEN_ALL) \
	X(category,         category,         id, ZILA_SEEN_ALL) \
	X(checklist_item,   checklist_item,   id, ZILA_SEEN_ALL) \
	X(nodal_assignment, nodal_assignment, id, ZILA_SEEN_ALL)

/* ------------------------------------------------ time-limit letters */

#define ZILA_LETTER_ACTIONS(X) \
	X(LETTER_CREATE,     "letter.create",     act_letter_create,     R_(CLERK) | R_(ADMIN)) \
	X(LETTER_MARK,       "letter.mark",       act_letter_mark,       R_(CLERK) | R_(COLLECTOR) | R_(ADMIN)) \
	X(LETTER_REMIND,     "letter.remind",     act_letter_remind,     R_(CLERK) | R_(COLLECTOR) | R_(ADMIN)) \
	X(LETTER_REPLY,      "letter.reply",      act_letter_reply,      R_(OFFICER) | R_(HEAD) | R_(ADMIN)) \
	X(LETTER_CLOSE,      "letter.close",      act_letter_close,      R_(CLERK) | R_(COLLECTOR) | R_(ADMIN))

/* A letter is seen by the departments it is marked to. */
#define ZILA_LETTER_SEEN(col) "(?2 IS NULL OR EXISTS (SELECT 1 FROM letter_marking m WHERE m.letter_id = " col \
	" AND m.department_id = ?2))"
#define ZILA_LETTER_SYNC(X) \
	X(letter,         letter, id,        ZILA_LETTER_SEEN("letter.id")) \
	X(letter_marking, letter, letter_id, ZILA_LETTER_SEEN("letter_marking.letter_id")) \
	X(letter_event,   letter, letter_id, ZILA_LETTER_SEEN("letter_event.letter_id"))

/* ------------------------------------------------ grievances */

#define ZILA_GRIEVANCE_ACTIONS(X) \
	X(GRIEVANCE_REGISTER,"grievance.register",act_grievance_register,R_(CLERK) | R_(ADMIN)) \
	X(GRIEVANCE_ASSIGN,  "grievance.assign",  act_grievance_assign,  R_(CLERK) | R_(HEAD) | R_(COLLECTOR) | R_(ADMIN)) \
	X(GRIEVANCE_TRANSFER,"grievance.transfer",act_grievance_transfer,R_(OFFICER) | R_(HEAD) | R_(COLLECTOR) | R_(ADMIN)) \
	X(GRIEVANCE_NOTE,    "grievance.note",    act_grievance_note,    R_(CLERK) | R_(OFFICER) | R_(HEAD) | R_(COLLECTOR) | R_(ADMIN)) \
	X(GRIEVANCE_DISPOSE, "grievance.dispose", act_grievance_dispose, R_(OFFICER) | R_(HEAD) | R_(COLLECTOR) | R_(ADMIN)) \
	X(GRIEVANCE_FEEDBACK,"grievance.feedback",act_grievance_feedback,R_(CLERK) | R_(ADMIN)) \
	X(GRIEVANCE_APPEAL,  "grievance.appeal",  act_grievance_appeal,  R_(CLERK) | R_(ADMIN)) \
	X(GRIEVANCE_REOPEN,  "grievance.reopen",  act_grievance_reopen,  R_(HEAD) | R_(COLLECTOR) | R_(ADMIN)) \
	X(GRIEVANCE_CLOSE,   "grievance.close",   act_grievance_close,   R_(CLERK) | R_(COLLECTOR) | R_(ADMIN)) \
	X(GRIEVANCE_DUPLICATE,"grievance.duplicate",act_grievance_duplicate,R_(CLERK) | R_(HEAD) | R_(COLLECTOR) | R_(ADMIN)) \
	X(GRIEVANCE_ATTACH,  "grievance.attach",  act_grievance_attach,  R_(CLERK) | R_(OFFICER) | R_(HEAD) | R_(ADMIN)) \
	X(REQUEST_HOLD,      "request.hold",      act_request_hold,      R_(CLERK)) \
	X(REQUEST_REGISTER,  "request.register",  act_request_register,  R_(CLERK) | R_(ADMIN))

/* A grievance is seen by the department it is with; a request held
 * without a category (request.hold, by the server's online channel) by
 * the Collectorate alone, whose clerk registers it. */
#define ZILA_GRIEVANCE_SEEN(col) "(?2 IS NULL OR EXISTS (SELECT 1 FROM grievance g WHERE g.id = " col \
	" AND g.department_id = ?2))"
#define ZILA_GRIEVANCE_SYNC(X) \
	X(grievance,            grievance, id,           "(?2 IS NULL OR department_id = ?2)") \
	X(grievance_event,      grievance, grievance_id, ZILA_GRIEVANCE_SEEN("grievance_event.grievance_id")) \
	X(grievance_attachment, grievance, grievance_id, ZILA_GRIEVANCE_SEEN("grievance_attachment.grievance_id")) \
	X(held_request,         held_request, id,        "?2 IS NULL")

/* ------------------------------------------------ panchayat inspections */

#define ZILA_INSPECTION_ACTIONS(X) \
	X(INSPECTION_RECORD, "inspection.record", act_inspection_record, R_(NODAL) | R_(ADMIN)) \
	X(INSPECTION_SUBMIT, "inspection.submit", act_inspection_submit, R_(NODAL) | R_(ADMIN)) \
	X(SUGGESTION_COMPLY, "suggestion.comply", act_suggestion_comply, R_(OFFICER) | R_(HEAD) | R_(ADMIN)) \
	X(SUGGESTION_VERIFY, "suggestion.verify", act_suggestion_verify, R_(NODAL) | R_(COLLECTOR) | R_(ADMIN))

/* An inspection is seen by the departments its suggestions are for. */
#define ZILA_INSPECTION_SEEN(col) "(?2 IS NULL OR EXISTS (SELECT 1 FROM suggestion s WHERE s.inspection_id = " col \
	" AND s.department_id = ?2))"
#define ZILA_INSPECTION_SYNC(X) \
	X(inspection,        inspection, id,            ZILA_INSPECTION_SEEN("inspection.id")) \
	X(inspection_answer, inspection, inspection_id, ZILA_INSPECTION_SEEN("inspection_answer.inspection_id")) \
	X(suggestion,        inspection, inspection_id, ZILA_INSPECTION_SEEN("suggestion.inspection_id")) \
	X(inspection_event,  inspection, inspection_id, ZILA_INSPECTION_SEEN("inspection_event.inspection_id"))

/* ------------------------------------------------ election staff (election.h) */

/* The election cell is the department of this code. Its officers and
 * heads pass the role gate; the handlers narrow R_ELECTION's officers and
 * heads to the cell's. */
#define ZILA_ELECTION_CELL "ELECTION"
#define R_ELECTION (R_(OFFICER) | R_(HEAD) | R_(COLLECTOR) | R_(ADMIN))
#define ZILA_ELECTION_ACTIONS(X) \
	X(ELECTION_CONSTITUENCY, "election.constituency", act_election_constituency, R_ELECTION) \
	X(ELECTION_STATION,  "election.station",  act_election_station,  R_ELECTION) \
	X(ELECTION_OFFICE,   "election.office",   act_election_office,   R_ELECTION) \
	X(ELECTION_OFFICIAL, "election.official", act_election_official, R_ELECTION) \
	X(ELECTION_EXEMPT,   "election.exempt",   act_election_exempt,   R_ELECTION) \
	X(ELECTION_RULES,    "election.rules",    act_election_rules,    R_ELECTION) \
	X(ELECTION_RANDOMISE,"election.randomise",act_election_randomise,R_ELECTION)

/* Election data (officials' mobiles among it) reaches only the election
 * cell's desks and the Collectorate's. */
#define ZILA_ELECTION_SEEN "(?2 IS NULL OR ?2 IN (SELECT id FROM department WHERE code = '" ZILA_ELECTION_CELL "'))"
#define ZILA_ELECTION_SYNC(X) \
	X(el_constituency, el_constituency, id, ZILA_ELECTION_SEEN) \
	X(el_station,      el_station,      id, ZILA_ELECTION_SEEN) \
	X(el_office,       el_office,       id, ZILA_ELECTION_SEEN) \
	X(el_official,     el_official,     id, ZILA_ELECTION_SEEN) \
	X(el_election,     el_election,     id, ZILA_ELECTION_SEEN) \
	X(el_run,          el_run,          id, ZILA_ELECTION_SEEN) \
	X(el_run_input,    el_run,          run_id, ZILA_ELECTION_SEEN) \
	X(el_party,        el_party,        id, ZILA_ELECTION_SEEN) \
	X(el_posting,      el_posting,      id, ZILA_ELECTION_SEEN) \
	X(el_posting_released, el_posting_released, id, ZILA_ELECTION_SEEN)

#endif
