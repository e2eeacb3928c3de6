/* user.c: the users of the district (a master: a few hundred rows at
 * most, read whole by zila_master_list and paged here by login). */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "forms.h"
#include "screen.h"
#include "zila/master.h"

/* The role in the user's language ("officer": Department officer). */
static void
role_cell(json_t *row, char *buf, size_t n, enum ui_attr *attr)
{
	(void)attr;
	int r = zila_role_from_name(json_string_value(json_object_get(row, "role")));
	snprintf(buf, n, "%s", r < 0 ? "" : zila_role_label((enum zila_role)r));
}

static const struct ui_column user_cols[] = {
	{ "login", N_("Login"), 16, 0, false, 0, NULL },
	{ "name", N_("Name"), 30, 1, false, 0, NULL },
	{ "role", N_("Role"), 10, 0, false, 0, role_cell },
	{ "department", N_("Dept"), 8, 0, false, 0, NULL },
	{ "active", N_("Active"), 6, 0, false, 0, NULL },
};

static bool
user_matches(json_t *row, const struct ui_filter *f)
{
	const char *dept = json_string_value(json_object_get(row, "department"));
	if (f->department[0] && (!dept || strcmp(dept, f->department) != 0))
		return false;
	if (!f->text[0])
		return true;
	const char *login = json_string_value(json_object_get(row, "login"));
	const char *name = json_string_value(json_object_get(row, "name"));
	return (login && strcasestr(login, f->text)) || (name && strcasestr(name, f->text));
}

/* Keyset paging over the (short) master list: rows after or before the
 * given login, in login order. */
static enum zila_status
users_load(struct ui *ui, const struct ui_filter *f, const char *after_key, const char *after_id, bool backward,
	int limit, json_t **rows, struct zila_err *err)
{
	json_t *all = NULL;
	(void)after_id;
	enum zila_status st = zila_master_list(ui->db, ZILA_M_USER, &all, err);
	if (st != ZILA_OK)
		return st;
	json_t *out = json_array();
	size_t n = json_array_size(all);
	for (size_t k = 0; k < n; k++) {
		size_t i = backward ? n - 1 - k : k;
		json_t *r = json_array_get(all, i);
		const char *login = json_string_value(json_object_get(r, "login"));
		if (after_key && (backward ? strcmp(login, after_key) >= 0 : strcmp(login, after_key) <= 0))
			continue;
		if (!user_matches(r, f))
			continue;
		json_object_set(r, "sort_key", json_object_get(r, "login"));
		if (backward)
			json_array_insert(out, 0, r);
		else
			json_array_append(out, r);
		if ((int)json_array_size(out) >= limit)
			break;
	}
	json_decref(all);
	*rows = out;
	return ZILA_OK;
}

static enum zila_status
users_count(struct ui *ui, const struct ui_filter *f, long long *count, struct zila_err *err)
{
	json_t *all = NULL, *r;
	size_t i;
	enum zila_status st = zila_master_list(ui->db, ZILA_M_USER, &all, err);
	if (st != ZILA_OK)
		return st;
	*count = 0;
	json_array_foreach(all, i, r)
		*count += user_matches(r, f);
	json_decref(all);
	return ZILA_OK;
}

const struct zila_view ui_view_users = {
	.name = "users",
	.title = N_("Users"),
	.cols = user_cols,
	.ncols = (int)(sizeof user_cols / sizeof user_cols[0]),
	.filters = UI_F_DEPT | UI_F_TEXT,
	.load = users_load,
	.count = users_count,
	.open = ui_user_open,
	.can_create = ui_user_may_add,
	.create = ui_user_new,
};
