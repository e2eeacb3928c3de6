# src/core: the domain library. Knows SQLite, jansson, libsodium and zlib; never
# curses, curl or an HTTP server.
noinst_LIBRARIES += libzilacore.a
libzilacore_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS) $(ZLIB_CFLAGS)
libzilacore_a_SOURCES = \
	include/zila/status.h include/zila/db.h include/zila/action.h include/zila/module.h include/zila/util.h \
	include/zila/width.h src/core/width.c \
	include/zila/audit.h include/zila/query.h include/zila/master.h include/zila/migrations.h \
	include/zila/draft.h include/zila/i18n.h src/core/i18n.c \
	src/core/internal.h \
	src/core/status.c src/core/util.c src/core/db.c src/core/sqlfn.c src/core/db_value.c src/core/audit.c include/zila/record.h src/core/record.c src/core/history_check.c src/core/action.c \
	src/core/args.c src/core/query.c src/core/master.c src/core/desk.c src/core/import.c src/core/draft.c \
	include/zila/report.h src/core/report_internal.h src/core/report.c src/core/report_csv.c \
	src/core/summary.c src/core/search.c src/core/hits.c \
	include/zila/inspection.h src/core/inspection.c src/core/inspection_query.c \
	include/zila/letter.h src/core/letter.c src/core/letter_query.c \
	src/core/demo.c src/core/demo_data.h src/core/demo_data.c \
	include/zila/session.h src/core/session.c \
	include/zila/sign.h src/core/sign.c
nodist_libzilacore_a_SOURCES = db/migrations.c
# grievances and the attachment store
libzilacore_a_SOURCES += include/zila/grievance.h include/zila/blob.h \
	src/core/grievance_internal.h src/core/grievance.c src/core/grievance_register.c \
	src/core/grievance_query.c src/core/grievance_similar.c src/core/held_request.c src/core/receipt.c src/core/inbox.c src/core/blob.c
# suggested routing: the triage model (utf8proc normalises its text)
libzilacore_a_SOURCES += include/zila/triage.h src/core/triage_internal.h src/core/triage.c src/core/triage_text.c \
	src/core/triage_store.c
libzilacore_a_CFLAGS += $(UTF8PROC_CFLAGS)
# election staff randomisation
libzilacore_a_SOURCES += include/zila/election.h src/core/election_internal.h src/core/election.c \
	src/core/election_rand.c src/core/election_inputs.c src/core/election_query.c
