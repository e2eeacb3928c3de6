/* grievance_internal.h: what the grievance action files share (not part
 * of the API): the row a handler changes, the event it writes, and the
 * attachment checks of register and attach. */
#ifndef ZILA_GRIEVANCE_INTERNAL_H
#define ZILA_GRIEVANCE_INTERNAL_H

#include <stdbool.h>
#include "zila/action.h"
#include "zila/grievance.h"

#define TEXT_MAX ZILA_GRIEVANCE_TEXT_MAX /* description, note, reply, reason (grievance.h) */

/* The mutable part of a grievance row, loaded, changed by a handler and
 * written back by one UPDATE. */
struct grv {
	char id[40], number[40], status[16], department_id[40], officer_id[40], category_id[40];
	char disposed_on[11], closed_on[11], due_date[11], duplicate_of[40], registered_on[11];
	long long transfers, appeals, rating; /* rating 0: none */
	const char *final_reply;              /* written only when reply_set */
	bool reply_set;
};

/* What an event records besides the row's before and after. */
struct change {
	const char *kind, *note, *visibility;
	long long rating;
};

struct attachment {
	const char *sha256, *name, *mime, *kind;
	long long size;
};

/* Writes an event row of the change c: who, when, on which desk, from
 * (the arguments) and to (g as it is now). */
enum zila_status grv_event(struct zila_action_ctx *ctx, const struct grv *g, const char *from_status,
	const char *from_dept, const struct change *c);
/* The category's time limit counted from the action's day into due (11). */
enum zila_status grv_due_from_today(struct zila_action_ctx *ctx, const char *category_id, char *due);
/* Refuses a department closed to new work; ref is what the person typed. */
enum zila_status grv_department_active(struct zila_action_ctx *ctx, const char *ref, const char *id);
/* One attachment's fields in ctx->args, and its bytes in the blob store. */
enum zila_status grv_attachment_check(struct zila_action_ctx *ctx, struct attachment *a);
enum zila_status grv_attachment_insert(struct zila_action_ctx *ctx, const char *grievance_id, const struct attachment *a);

#endif
