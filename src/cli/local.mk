# src/cli: the zila program: main(), the subcommands, and (through ui/) the
# full-screen program.
bin_PROGRAMS += zila
zila_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS) $(UTF8PROC_CFLAGS)
zila_SOURCES = src/cli/cli.h src/cli/main.c src/cli/cli.c src/cli/cmd_admin.c src/cli/cmd_letter.c \
	src/cli/cmd_report.c src/cli/cmd_search.c src/cli/cmd_demo.c \
	src/cli/cmd_inspection.c src/cli/session.c
zila_LDADD = $(ZILA_UI_LIBS) $(ZILA_SYNC_LIBS) $(CORE_LIBS) $(UTF8PROC_LIBS)
# grievances
zila_SOURCES += src/cli/cmd_grievance.c
# sync
zila_SOURCES += src/cli/cmd_sync.c
zila_CFLAGS += $(CURL_CFLAGS)
# suggested routing
zila_SOURCES += src/cli/cmd_triage.c
# election staff randomisation; its orders typeset as PDF by pango + cairo
zila_SOURCES += src/cli/cmd_election.c src/cli/election_orders.h src/cli/election_orders.c src/cli/election_pdf.c
# (pango-cairo is opened by dlopen when orders are typeset: election_pdf.c)
zila_CFLAGS += $(PANGOCAIRO_CFLAGS)
