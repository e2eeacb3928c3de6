# ui/: the full-screen program. The curses-free parts (the field editor,
# form rules, text layout, the key table) are unit-tested without a terminal; the
# curses parts draw and read keys. Linked after the curses parts that use it.
noinst_LIBRARIES += libzilauitext.a libzilaui.a
libzilauitext_a_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS) $(JANSSON_CFLAGS) $(NCURSES_CFLAGS)
libzilauitext_a_SOURCES = ui/textedit.h ui/textedit.c ui/ui.h ui/text.c ui/keys.c \
	ui/formdef.h ui/form_check.c ui/sync.h ui/sync_text.c

libzilaui_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS) $(NCURSES_CFLAGS)
libzilaui_a_SOURCES = include/zila/tui.h ui/screen.h ui/detail.h ui/display.c ui/list.c ui/dialog.c ui/textscreen.c \
	ui/login.c ui/home.c ui/ui_main.c ui/detail.c ui/reports.c \
	ui/user.c ui/user_forms.c ui/held.c ui/grievance.c ui/grievance_forms.c ui/masters.c ui/letter.c \
	ui/inspection.c ui/inspection_forms.c ui/forms.h ui/forms.c

ZILA_UI_LIBS = libzilaui.a libzilauitext.a $(NCURSES_LIBS) $(PTHREAD_LIBS)

# the form widget (curses): fields, keys, drafts
libzilaui_a_SOURCES += ui/form.h ui/form_int.h ui/form.c ui/form_draw.c

# sync inside zila: the worker thread and the sync screen
libzilaui_a_SOURCES += ui/sync_job.c ui/view_sync.c

# the daily integrity check, in the background after the first screen
libzilaui_a_SOURCES += ui/check.h ui/check_job.c

# suggested routing at the counter: the Category list ranked by the description
libzilaui_a_SOURCES += ui/triage_pick.c

# election staff: the Collector's summary
libzilaui_a_SOURCES += ui/election.c
