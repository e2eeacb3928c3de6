# src/sync: the desk side of sync (libzilasync.a, with libcurl) and the
# wire pieces the desk and zilad share (libzilawire.a: gzip, tokens, the
# synced tables).
noinst_LIBRARIES += libzilawire.a libzilasync.a
libzilawire_a_CFLAGS = $(AM_CFLAGS) $(SODIUM_CFLAGS) $(ZLIB_CFLAGS)
libzilawire_a_SOURCES = include/zila/wire.h src/sync/wire.c
libzilasync_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS) $(CURL_CFLAGS)
libzilasync_a_SOURCES = include/zila/sync.h src/sync/internal.h src/sync/transport.c src/sync/apply.c src/sync/sync.c src/sync/blobs.c src/sync/state.c
# libcurl is opened by dlopen on first use (transport.c), not linked
ZILA_SYNC_LIBS = libzilasync.a libzilawire.a
