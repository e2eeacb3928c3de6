/* draft.h: what a person typed into a form and has not saved yet.
 *
 * A form keeps its fields here as they are typed (one small upsert per
 * change), deletes the draft when the form is saved or the typing is
 * thrown away, and offers it back when the same form is opened again: so
 * nothing typed is lost when the SSH link drops or the program is killed.
 * Drafts are local to the desk (never synced), one per form and user; the
 * form name says which record it is about when that matters
 * ("grievance.assign:<id>"). */
#ifndef ZILA_DRAFT_H
#define ZILA_DRAFT_H

#include <jansson.h>
#include "zila/db.h"
#include "zila/status.h"

/* Keeps data (a JSON object of the form's fields) as the draft of form for
 * user_id, replacing the one before. */
enum zila_status zila_draft_save(struct zila_db *db, const char *form, const char *user_id, json_t *data,
	struct zila_err *err);
/* The draft of form for user_id: *data gets a new reference, and
 * updated_at (when not NULL, n bytes, 32 is enough) the UTC time it was
 * last kept. ZILA_ENOTFOUND when there is none. */
enum zila_status zila_draft_load(struct zila_db *db, const char *form, const char *user_id, json_t **data,
	char *updated_at, size_t n, struct zila_err *err);
/* Removes the draft; removing one that is not there is not an error. */
enum zila_status zila_draft_delete(struct zila_db *db, const char *form, const char *user_id,
	struct zila_err *err);

#endif
