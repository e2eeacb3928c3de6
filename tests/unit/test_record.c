/* test_record.c: the record kinds' tables (record.h and the rows in
 * grievance.h, letter.h, inspection.h) and zila_may, the one answer to
 * "what may this actor do to this record now", for every role; and that
 * zila_may agrees with what the action itself then does. */
#include <stdio.h>
#include <string.h>
#include "testlib.h"
#include "zila/grievance.h"
#include "zila/inspection.h"
#include "zila/letter.h"
#include "zila/record.h"

static const struct zila_transition *
grow(enum zila_grievance_transition t)
{
	return &zila_grievance_kind.transitions[t];
}

START_TEST(grievance_table_answers_the_state_machine)
{
	const struct zila_record_kind *k = &zila_grievance_kind;
	ck_assert_int_eq(k->nstates, ZILA_GS_COUNT);
	ck_assert_int_eq(zila_state_index(k, "in_progress"), ZILA_GS_IN_PROGRESS);
	ck_assert_int_eq(zila_state_index(k, "pending"), -1);
	ck_assert(zila_state_is_open(k, "appealed"));
	ck_assert(!zila_state_is_open(k, "disposed"));
	ck_assert(!zila_state_is_open(k, "nonsense"));
	/* the very words of the partial index grievance_open (db/002) */
	ck_assert_str_eq(zila_state_open_sql(k), "('registered', 'assigned', 'in_progress', 'appealed')");
	ck_assert_str_eq(zila_state_open_sql(&zila_letter_kind), "('pending', 'replied')");
	char names[128];
	ck_assert_str_eq(zila_state_names(k, names, sizeof names),
		"registered, assigned, in_progress, appealed, disposed, closed");
	/* dispose: any open state, an appeal too, never a disposed one */
	ck_assert(zila_transition_from(k, grow(ZILA_GT_DISPOSE), "registered"));
	ck_assert(zila_transition_from(k, grow(ZILA_GT_DISPOSE), "appealed"));
	ck_assert(!zila_transition_from(k, grow(ZILA_GT_DISPOSE), "disposed"));
	ck_assert_str_eq(zila_transition_to(k, grow(ZILA_GT_DISPOSE), "assigned"), "disposed");
	/* a plain note keeps the state, an interim reply moves it */
	ck_assert_str_eq(zila_transition_to(k, grow(ZILA_GT_NOTE), "appealed"), "appealed");
	ck_assert_str_eq(zila_transition_to(k, grow(ZILA_GT_NOTE_INTERIM), "assigned"), "in_progress");
	ck_assert(!zila_transition_from(k, grow(ZILA_GT_NOTE_INTERIM), "registered"));
	ck_assert(zila_transition_from(k, grow(ZILA_GT_REOPEN), "closed"));
	ck_assert(!zila_transition_from(k, grow(ZILA_GT_ATTACH), "closed"));
	ck_assert(zila_transition_from(k, grow(ZILA_GT_ATTACH), "disposed"));
	ck_assert(zila_record_kind_of("grievance.dispose") == k);
	ck_assert(zila_record_kind_of("letter.reply") == &zila_letter_kind);
	ck_assert(zila_record_kind_of("suggestion.verify") == &zila_suggestion_kind);
	ck_assert_ptr_null(zila_record_kind_of("master.gp"));
	/* the letter's close: a pending marking only by the Collector or admin */
	const struct zila_transition *cp = &zila_letter_kind.transitions[ZILA_MT_CLOSE_PENDING];
	ck_assert(zila_transition_who(cp, ZILA_ROLE_COLLECTOR));
	ck_assert(!zila_transition_who(cp, ZILA_ROLE_CLERK));
	ck_assert(zila_transition_who(&zila_letter_kind.transitions[ZILA_MT_CLOSE], ZILA_ROLE_CLERK));
	/* what a form's picker offers among a letter's markings */
	const struct zila_actor clerk = { .role = ZILA_ROLE_CLERK }, collector = { .role = ZILA_ROLE_COLLECTOR },
		officer = { .role = ZILA_ROLE_OFFICER };
	ck_assert(!zila_may_from(&clerk, "letter.close", "pending"));
	ck_assert(zila_may_from(&clerk, "letter.close", "replied"));
	ck_assert(zila_may_from(&collector, "letter.close", "pending"));
	ck_assert(!zila_may_from(&collector, "letter.close", "closed"));
	ck_assert(zila_may_from(&officer, "letter.reply", "pending"));
	ck_assert(!zila_may_from(&clerk, "letter.reply", "pending")); /* the role table */
	ck_assert(!zila_may_from(&officer, "no.such", "pending"));
	/* the arguments' rows: the forms' limits */
	const struct zila_arg_def *d = zila_arg_def_of("grievance.note", "note");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->limit, 4000);
	ck_assert(d->required);
	ck_assert_int_eq(zila_arg_def_of("letter.close", "note")->limit, 1000);
	ck_assert_ptr_null(zila_arg_def_of("grievance.note", "nonsense"));
}
END_TEST

/* Every row is coherent: a real action of the role table, a who within
 * that action's roles, a to-state and a rule that exist. */
START_TEST(every_row_is_coherent)
{
	const struct zila_record_kind *kinds[] = { &zila_grievance_kind, &zila_letter_kind, &zila_inspection_kind,
		&zila_suggestion_kind };
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (int i = 0; i < kinds[k]->ntransitions; i++) {
			const struct zila_transition *t = &kinds[k]->transitions[i];
			ck_assert_msg(zila_action_from_name(t->action) >= 0, "%s", t->action);
			ck_assert_msg(t->to == ZILA_STATE_SAME || (t->to >= 0 && t->to < kinds[k]->nstates), "%s", t->action);
			ck_assert_msg(t->from < (1u << kinds[k]->nstates), "%s", t->action);
			ck_assert_msg(t->from == ZILA_STATE_NONE || t->refusal, "%s has no rule to say", t->action);
			for (int r = 0; r < ZILA_ROLE_COUNT; r++)
				ck_assert_msg(!zila_transition_who(t, (enum zila_role)r) ||
					zila_action_allowed((enum zila_role)r, t->action), "%s: a who wider than the role table",
					t->action);
		}
		for (int i = 0; i < kinds[k]->nargs; i++)
			ck_assert_msg(zila_action_from_name(kinds[k]->args[i].action) >= 0, "%s", kinds[k]->args[i].action);
	}
}
END_TEST

static void
grievance_reg(struct fixture *f, char *number)
{
	struct zila_err err = { 0 };
	json_t *res = NULL, *args = json_pack("{s:s, s:s, s:s}", "citizen_name", "Sita Bai", "category", "LAND",
		"description", "Khasra not updated");
	ck_assert_msg(run_action(f, &f->clerk, "grievance.register", args, &res, &err) == ZILA_OK, "%s", err.msg);
	snprintf(number, 40, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
}

static void
run_ok(struct fixture *f, const struct zila_actor *who, const char *action, json_t *args)
{
	struct zila_err err = { 0 };
	ck_assert_msg(run_action(f, who, action, args, NULL, &err) == ZILA_OK, "%s: %s", action, err.msg);
	json_decref(args);
}

static enum zila_status
may(struct fixture *f, const struct zila_actor *who, const char *action, const char *ref, struct zila_err *err)
{
	memset(err, 0, sizeof *err);
	return zila_may(f->db, who, action, ref, err);
}

START_TEST(may_answers_for_each_role_on_a_grievance)
{
	struct fixture f;
	struct zila_err err;
	char num[40];
	fixture_open(&f);
	grievance_reg(&f, num);
	/* registered: the clerk routes it, a head of its department too */
	ck_assert_int_eq(may(&f, &f.clerk, "grievance.assign", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.rev_head, "grievance.assign", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.clerk, "grievance.transfer", num, &err), ZILA_EDENIED); /* role */
	ck_assert_int_eq(may(&f, &f.rev_officer, "grievance.transfer", num, &err), ZILA_ESTATE);
	ck_assert_ptr_nonnull(strstr(err.msg, "can be transferred"));
	ck_assert_int_eq(may(&f, &f.nodal, "grievance.note", num, &err), ZILA_EDENIED);
	ck_assert_int_eq(may(&f, &f.clerk, "grievance.register", NULL, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.rev_officer, "grievance.register", NULL, &err), ZILA_EDENIED);
	run_ok(&f, &f.clerk, "grievance.assign", json_pack("{s:s, s:s}", "grievance", num, "department", "REV"));
	/* assigned to REV: its officer and head act, PWD's officer does not */
	ck_assert_int_eq(may(&f, &f.rev_officer, "grievance.dispose", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.rev_officer, "grievance.transfer", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.pwd_officer, "grievance.dispose", num, &err), ZILA_EDENIED);
	ck_assert_ptr_nonnull(strstr(err.msg, "another department"));
	ck_assert_int_eq(may(&f, &f.rev_head, "grievance.assign", num, &err), ZILA_OK); /* another officer */
	ck_assert_int_eq(may(&f, &f.collector, "grievance.dispose", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.collector, "grievance.close", num, &err), ZILA_ESTATE);
	ck_assert_int_eq(may(&f, &f.rev_head, "grievance.reopen", num, &err), ZILA_ESTATE);
	ck_assert_int_eq(may(&f, &f.clerk, "grievance.feedback", num, &err), ZILA_ESTATE);
	ck_assert_int_eq(may(&f, &f.admin, "grievance.attach", num, &err), ZILA_OK);
	/* the answer agrees with the action itself */
	json_t *args = json_pack("{s:s, s:s}", "grievance", num, "reply", "done");
	ck_assert_int_eq(run_action(&f, &f.pwd_officer, "grievance.dispose", args, NULL, &err), ZILA_EDENIED);
	json_decref(args);
	run_ok(&f, &f.rev_officer, "grievance.dispose", json_pack("{s:s, s:s}", "grievance", num, "reply", "Updated."));
	/* disposed: feedback, appeal, close and reopen; no second disposal */
	ck_assert_int_eq(may(&f, &f.clerk, "grievance.feedback", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.clerk, "grievance.appeal", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.clerk, "grievance.close", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.rev_head, "grievance.reopen", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.rev_officer, "grievance.reopen", num, &err), ZILA_EDENIED);
	ck_assert_int_eq(may(&f, &f.rev_officer, "grievance.dispose", num, &err), ZILA_ESTATE);
	ck_assert_ptr_nonnull(strstr(err.msg, num));
	ck_assert_ptr_nonnull(strstr(err.msg, "Only an open grievance or an appeal can be disposed."));
	struct zila_err run_err = { 0 };
	args = json_pack("{s:s, s:s}", "grievance", num, "reply", "again");
	ck_assert_int_eq(run_action(&f, &f.rev_officer, "grievance.dispose", args, NULL, &run_err), ZILA_ESTATE);
	json_decref(args);
	ck_assert_str_eq(run_err.msg, err.msg);
	ck_assert_int_eq(may(&f, &f.clerk, "grievance.note", "DRG/G/07/2026/999999", &err), ZILA_ENOTFOUND);
	ck_assert_int_eq(may(&f, &f.clerk, "no.such", num, &err), ZILA_EINVAL);
	fixture_close(&f);
}
END_TEST

START_TEST(may_answers_for_letters_and_inspections)
{
	struct fixture f;
	struct zila_err err;
	json_t *res = NULL;
	fixture_open(&f);
	json_t *args = json_pack("{s:s, s:s, s:[{s:s, s:i}]}", "sender", "Commissioner", "subject", "Review",
		"marks", "department", "REV", "days", 7);
	ck_assert_msg(run_action(&f, &f.clerk, "letter.create", args, &res, &err) == ZILA_OK, "%s", err.msg);
	char num[40];
	snprintf(num, sizeof num, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
	/* a pending marking: reminded by the clerk, replied by REV, closed
	 * without a reply only by the Collector */
	ck_assert_int_eq(may(&f, &f.clerk, "letter.remind", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.clerk, "letter.mark", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.rev_officer, "letter.reply", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.pwd_officer, "letter.reply", num, &err), ZILA_EDENIED);
	ck_assert_int_eq(may(&f, &f.clerk, "letter.close", num, &err), ZILA_ESTATE);
	ck_assert_int_eq(may(&f, &f.collector, "letter.close", num, &err), ZILA_OK);
	run_ok(&f, &f.rev_officer, "letter.reply", json_pack("{s:s, s:s}", "letter", num, "reply", "Done."));
	ck_assert_int_eq(may(&f, &f.clerk, "letter.close", num, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.clerk, "letter.remind", num, &err), ZILA_ESTATE);
	run_ok(&f, &f.clerk, "letter.close", json_pack("{s:s}", "letter", num));
	ck_assert_int_eq(may(&f, &f.clerk, "letter.mark", num, &err), ZILA_ESTATE);

	/* an inspection: its nodal officer submits the draft, nobody the
	 * submitted one; REV's officer complies REV's suggestion */
	args = json_pack("{s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}], s:[{s:s, s:s, s:s}]}", "gp", "200101",
		"inspected_on", "2026-11-16", "answers", "item", "ATT", "rating", "good", "item", "REC", "rating", "good",
		"item", "WAT", "rating", "good", "suggestions", "text", "Update khasra", "department", "REV",
		"target_date", "2026-12-15");
	ck_assert_msg(run_action(&f, &f.nodal, "inspection.record", args, &res, &err) == ZILA_OK, "%s", err.msg);
	char insp[40];
	snprintf(insp, sizeof insp, "%s", json_string_value(json_object_get(res, "number")));
	json_decref(res);
	json_decref(args);
	ck_assert_int_eq(may(&f, &f.nodal, "inspection.submit", insp, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.admin, "inspection.submit", insp, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.clerk, "inspection.submit", insp, &err), ZILA_EDENIED);
	ck_assert_int_eq(may(&f, &f.rev_officer, "suggestion.comply", insp, &err), ZILA_ESTATE); /* a draft's */
	run_ok(&f, &f.nodal, "inspection.submit", json_pack("{s:s}", "inspection", insp));
	ck_assert_int_eq(may(&f, &f.nodal, "inspection.submit", insp, &err), ZILA_ESTATE);
	ck_assert_int_eq(may(&f, &f.rev_officer, "suggestion.comply", insp, &err), ZILA_OK);
	ck_assert_int_eq(may(&f, &f.pwd_officer, "suggestion.comply", insp, &err), ZILA_EDENIED);
	ck_assert_int_eq(may(&f, &f.nodal, "suggestion.verify", insp, &err), ZILA_ESTATE); /* nothing complied */
	fixture_close(&f);
}
END_TEST

Suite *
record_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("record");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, grievance_table_answers_the_state_machine);
	tcase_add_test(tc, every_row_is_coherent);
	tcase_add_test(tc, may_answers_for_each_role_on_a_grievance);
	tcase_add_test(tc, may_answers_for_letters_and_inspections);
	suite_add_tcase(s, tc);
	return s;
}
