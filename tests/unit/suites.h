/* suites.h: every Check suite, one line each; check_main.c runs them all.
 * X(function that builds the suite) */
#define TEST_SUITE_LIST(X) \
	X(util_suite) \
	X(db_suite) \
	X(record_suite) \
	X(session_suite) \
	X(master_suite) \
	X(textedit_suite) \
	X(draft_suite) \
	X(report_suite) \
	X(inspection_suite) \
	X(grievance_suite) \
	X(grievance_query_suite) \
	X(letter_suite) \
	X(letter_query_suite) \
	X(ui_suite) \
	X(form_suite) \
	X(blob_suite) \
	X(sync_suite) \
	X(sign_suite) \
	X(blobsync_suite) \
	X(guard_suite) \
	X(sync_ui_suite) \
	X(triage_suite) \
	X(citizens_suite) \
	X(election_suite)
