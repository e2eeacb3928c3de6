/* draft.c: unsaved form contents, kept per form and user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/draft.h"
#include "zila/util.h"
#include "internal.h"

/* Form names are short constant words plus, at most, a record id. */
#define DRAFT_FORM_MAX 200

/* Form name and user are required; the name is one short line. */
static enum zila_status
check_names(const char *form, const char *user_id, struct zila_err *err)
{
	if (!form || !*form || strlen(form) > DRAFT_FORM_MAX || !zila_utf8_check(form, false, NULL))
		return zila_fail(err, ZILA_EINVAL, "draft: the form name must be 1 to %d characters", DRAFT_FORM_MAX);
	if (!user_id || !*user_id)
		return zila_fail(err, ZILA_EINVAL, "draft: the user is required");
	return ZILA_OK;
}

/* One statement, so one short write transaction per keystroke batch. */
enum zila_status
zila_draft_save(struct zila_db *db, const char *form, const char *user_id, json_t *data, struct zila_err *err)
{
	enum zila_status s = check_names(form, user_id, err);
	if (s != ZILA_OK)
		return s;
	if (!json_is_object(data))
		return zila_fail(err, ZILA_EINVAL, "draft: the data must be a JSON object");
	char *text = json_dumps(data, JSON_COMPACT);
	if (!text)
		return zila_fail(err, ZILA_ENOMEM, "draft: cannot encode the fields");
	char now[32];
	zila_iso_time(zila_clock(), now, sizeof now);
	sqlite3_stmt *st = zila_db_stmt(db, "INSERT INTO draft(form, user_id, data, updated_at) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT(form, user_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at", err);
	if (!st) {
		free(text);
		return ZILA_EDB;
	}
	sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	s = core_step_done(db, st, "saving the draft", err);
	sqlite3_clear_bindings(st);
	free(text);
	return s;
}

enum zila_status
zila_draft_load(struct zila_db *db, const char *form, const char *user_id, json_t **data, char *updated_at,
	size_t n, struct zila_err *err)
{
	*data = NULL;
	enum zila_status s = check_names(form, user_id, err);
	if (s != ZILA_OK)
		return s;
	sqlite3_stmt *st = zila_db_stmt(db, "SELECT data, updated_at FROM draft WHERE form = ?1 AND user_id = ?2", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		*data = json_loads(text ? text : "", 0, NULL);
		if (updated_at)
			snprintf(updated_at, n, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return zila_fail(err, ZILA_ENOTFOUND, "no draft of %s", form);
	if (rc != SQLITE_ROW)
		return zila_db_error(db, "reading the draft", err);
	if (!json_is_object(*data)) {
		json_decref(*data);
		*data = NULL;
		return zila_fail(err, ZILA_EINVAL, "the draft of %s is damaged", form);
	}
	return ZILA_OK;
}

enum zila_status
zila_draft_delete(struct zila_db *db, const char *form, const char *user_id, struct zila_err *err)
{
	enum zila_status s = check_names(form, user_id, err);
	if (s != ZILA_OK)
		return s;
	sqlite3_stmt *st = zila_db_stmt(db, "DELETE FROM draft WHERE form = ?1 AND user_id = ?2", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, user_id, -1, SQLITE_STATIC);
	return core_step_done(db, st, "removing the draft", err);
}
