# src/server: zilad, the district server. libzilad.a holds the pieces that
# know no HTTP (store, push, pull, config), so the Check suites test them
# against a server database without a socket; http.c and main.c make zilad.
noinst_LIBRARIES += libzilad.a
libzilad_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS) $(CURL_CFLAGS)
libzilad_a_SOURCES = src/server/zilad.h src/server/store.c src/server/push.c src/server/pull.c src/server/config.c src/server/blobs.c \
	src/server/open311.c src/server/open311_xml.c src/server/guard.c \
	src/server/notify.c src/server/status_page.c src/server/open311_post.c src/server/media_fetch.c \
	src/server/verify.c src/server/group.c src/server/page.h src/server/page.c src/server/file_page.c

bin_PROGRAMS += zilad
zilad_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(JANSSON_CFLAGS) $(SODIUM_CFLAGS) $(MHD_CFLAGS) $(GNUTLS_CFLAGS)
zilad_SOURCES = src/server/http.c src/server/main.c
zilad_LDADD = libzilad.a libzilawire.a $(CORE_LIBS) $(CURL_LIBS) $(MHD_LIBS) $(GNUTLS_LIBS) $(PTHREAD_LIBS)
EXTRA_DIST += src/server/zilad.service
dist_pkgdata_SCRIPTS = contrib/sms-gateway-http.sh contrib/sms-gateway-file.sh
dist_man_MANS += man/zilad.8
# the daily refresh of the suggested-routing model
libzilad_a_SOURCES += src/server/triage_job.c
