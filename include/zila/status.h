/* status.h: the status codes every zila function returns, and the error
 * record that carries the one-line message a person reads.
 *
 * Codes come from one X-macro so the enum, the names and the exit codes can
 * never disagree (as tig does with its REQ_INFO list). */
#ifndef ZILA_STATUS_H
#define ZILA_STATUS_H

#include <stdarg.h>

/* X(code, name, exit code of the command line) */
#define ZILA_STATUS_LIST(X) \
	X(ZILA_OK,        "ok",         0) \
	X(ZILA_EINVAL,    "invalid",    1) /* bad input: a field or rule is named in the message */ \
	X(ZILA_EDENIED,   "denied",     1) /* the actor's role may not do this */ \
	X(ZILA_ESTATE,    "state",      1) /* illegal transition for the record's state */ \
	X(ZILA_ENOTFOUND, "not-found",  1) \
	X(ZILA_EEXIST,    "exists",     1) \
	X(ZILA_ECONFLICT, "conflict",   1) /* the record changed under us */ \
	X(ZILA_ERETRY,    "retry",      1) /* transient: try again later (busy, blob missing, network) */ \
	X(ZILA_EDB,       "database",   1) \
	X(ZILA_EVERSION,  "version",    1) /* database newer than this binary */ \
	X(ZILA_EIO,       "io",         1) \
	X(ZILA_ENOMEM,    "no-memory",  1) \
	X(ZILA_EAUTH,     "auth",       1) /* wrong login, password or token */ \
	X(ZILA_ENET,      "network",    1) \
	X(ZILA_ETLS,      "tls",        1) \
	X(ZILA_ESIGN,     "signature",  1) /* an action without its user's valid signature */ \
	X(ZILA_EUSAGE,    "usage",      2)

enum zila_status {
#define ZILA_X(code, name, exitc) code,
	ZILA_STATUS_LIST(ZILA_X)
#undef ZILA_X
	ZILA_STATUS_COUNT
};

/* An error: the code plus a message meant for the person at the desk.
 * Functions that can fail take a `struct zila_err *` (may be NULL). */
struct zila_err {
	enum zila_status code;
	char msg[512];
};

const char *zila_status_name(enum zila_status code);
enum zila_status zila_status_from_name(const char *name);
int zila_status_exit_code(enum zila_status code);

/* Sets err (when not NULL) and returns code, so callers can write
 * `return zila_fail(err, ZILA_EINVAL, "mobile: ...")`. */
enum zila_status zila_fail(struct zila_err *err, enum zila_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void zila_err_clear(struct zila_err *err);

#endif
