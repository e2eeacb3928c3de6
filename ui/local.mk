ZILA_UI_LIBS =

# The curses-free part of ui/ (the field editor, form rules): unit-tested
# without a terminal. Linked after the curses parts that use it.
noinst_LIBRARIES += libzilauitext.a
libzilauitext_a_CFLAGS = $(AM_CFLAGS) $(UTF8PROC_CFLAGS)
libzilauitext_a_SOURCES = ui/textedit.h ui/textedit.c
ZILA_UI_LIBS += libzilauitext.a
