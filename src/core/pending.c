/* pending.c: TEMPORARY scaffolding while the module files are written; each
 * module deletes its handlers from here as it lands. Must be empty (and
 * removed) before the core issue is resolved. */
#include "zila/action.h"

#define PENDING(fn) \
	enum zila_status fn(struct zila_action_ctx *ctx) \
	{ return zila_fail(ctx->err, ZILA_EINVAL, "%s is not built yet", zila_action_name(ctx->action)); }

PENDING(act_letter_create)
PENDING(act_letter_mark)
PENDING(act_letter_remind)
PENDING(act_letter_reply)
PENDING(act_letter_close)
