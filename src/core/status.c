/* status.c: names and exit codes of the status codes, and zila_fail(). */
#include <stdio.h>
#include <string.h>
#include "zila/i18n.h"
#include "zila/status.h"

static const struct {
	const char *name;
	int exit_code;
} status_table[] = {
#define ZILA_X(code, name, exitc) { name, exitc },
	ZILA_STATUS_LIST(ZILA_X)
#undef ZILA_X
};

const char *
zila_status_name(enum zila_status code)
{
	if ((unsigned)code >= ZILA_STATUS_COUNT)
		return "unknown";
	return status_table[code].name;
}

enum zila_status
zila_status_from_name(const char *name)
{
	for (int i = 0; i < ZILA_STATUS_COUNT; i++)
		if (name && strcmp(status_table[i].name, name) == 0)
			return (enum zila_status)i;
	return ZILA_EINVAL;
}

int
zila_status_exit_code(enum zila_status code)
{
	if ((unsigned)code >= ZILA_STATUS_COUNT)
		return 1;
	return status_table[code].exit_code;
}

enum zila_status
zila_fail(struct zila_err *err, enum zila_status code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		va_start(ap, fmt);
		/* the message is said in the interface's language: a whole
		 * sentence, its parts named by the arguments */
		vsnprintf(err->msg, sizeof(err->msg), _(fmt), ap);
		va_end(ap);
	}
	return code;
}

void
zila_err_clear(struct zila_err *err)
{
	if (err) {
		err->code = ZILA_OK;
		err->msg[0] = '\0';
	}
}
