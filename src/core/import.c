/* import.c: masters from a CSV file (RFC 4180: quoted fields, doubled
 * quotes, CRLF or LF). One action per row inside one transaction, so a bad
 * line refuses the whole file and the message names the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zila/master.h"
#include "zila/util.h"

#include "internal.h"

#define MAX_FIELDS CORE_CSV_FIELDS
#define MAX_FIELD CORE_CSV_FIELD

/* Reads one record into fields; returns the count, 0 at end of file, -1 on
 * a malformed record. Quoted fields may hold newlines. */
int
core_csv_record(FILE *in, char fields[MAX_FIELDS][MAX_FIELD], int *line)
{
	int n = 0, c;
	size_t len = 0;
	bool quoted = false, any = false, was_quoted = false;
	fields[0][0] = '\0';
	while ((c = fgetc(in)) != EOF) {
		any = true;
		if (quoted) {
			if (c == '"') {
				int d = fgetc(in);
				if (d == '"')
					goto put;
				quoted = false;
				if (d == EOF)
					break;
				c = d;
			} else {
				if (c == '\n')
					(*line)++;
				goto put;
			}
		}
		if (c == '"' && len == 0 && !was_quoted) {
			quoted = was_quoted = true;
			continue;
		}
		if (c == ',' || c == '\n') {
			fields[n][len] = '\0';
			if (c == '\n') {
				(*line)++;
				return n + 1;
			}
			if (++n >= MAX_FIELDS)
				return -1;
			len = 0;
			was_quoted = false;
			fields[n][0] = '\0';
			continue;
		}
		if (c == '\r')
			continue;
	put:
		if (len + 1 >= MAX_FIELD)
			return -1;
		fields[n][len++] = (char)c;
	}
	if (quoted)
		return -1;
	if (!any)
		return 0;
	fields[n][len] = '\0';
	return n + 1;
}

static const struct {
	const char *type;
	const char *action;
} import_types[] = {
	{ "department", "master.department" }, { "block", "master.block" }, { "gp", "master.gp" },
	{ "category", "master.category" },     { "checklist", "master.checklist" }, { "nodal", "master.nodal" },
};

enum zila_status
zila_master_import_csv(struct zila_db *db, const struct zila_actor *actor, FILE *in, const char *name,
	int *count, struct zila_err *err)
{
	static char header[MAX_FIELDS][MAX_FIELD], row[MAX_FIELDS][MAX_FIELD];
	int line = 1, start, nh, type_col = -1;
	enum zila_status st;
	*count = 0;
	/* a spreadsheet saves UTF-8 CSV with a byte order mark (as zila
	 * writes it): skip it, or the first column would not be "type" */
	int b0 = fgetc(in);
	if (b0 == 0xEF) {
		int b1 = fgetc(in), b2 = fgetc(in);
		if (b1 != 0xBB || b2 != 0xBF)
			return zila_fail(err, ZILA_EINVAL, "%s: line 1 must be a header naming the columns", name);
	} else if (b0 != EOF)
		ungetc(b0, in);
	nh = core_csv_record(in, header, &line);
	if (nh <= 0)
		return zila_fail(err, ZILA_EINVAL, "%s: line 1 must be a header naming the columns", name);
	for (int i = 0; i < nh; i++)
		if (strcmp(header[i], "type") == 0)
			type_col = i;
	if (type_col < 0)
		return zila_fail(err, ZILA_EINVAL, "%s: the header has no 'type' column", name);
	if ((st = zila_db_begin(db, err)) != ZILA_OK)
		return st;
	for (;;) {
		start = line;
		int n = core_csv_record(in, row, &line);
		if (n == 0)
			break;
		if (n < 0) {
			st = zila_fail(err, ZILA_EINVAL, "%s: line %d is not valid CSV (unclosed quote or too many fields)", name, start);
			break;
		}
		if (n == 1 && row[0][0] == '\0')
			continue; /* blank line */
		if (n != nh) {
			st = zila_fail(err, ZILA_EINVAL, "%s: line %d has %d fields, the header %d", name, start, n, nh);
			break;
		}
		const char *action = NULL;
		for (size_t t = 0; t < ZILA_ARRAY_LEN(import_types); t++)
			if (strcmp(row[type_col], import_types[t].type) == 0)
				action = import_types[t].action;
		if (!action) {
			st = zila_fail(err, ZILA_EINVAL, "%s: line %d: unknown type '%s'", name, start, row[type_col]);
			break;
		}
		json_t *args = json_object();
		for (int i = 0; i < nh; i++) {
			if (i == type_col || row[i][0] == '\0')
				continue;
			json_t *v;
			char *end;
			long long num = strtoll(row[i], &end, 10);
			if (strcmp(header[i], "days") == 0 || strcmp(header[i], "position") == 0)
				v = *end == '\0' ? json_integer(num) : json_string(row[i]);
			else if (strcmp(header[i], "active") == 0)
				v = json_boolean(strcmp(row[i], "0") != 0 && strcmp(row[i], "no") != 0);
			else
				v = json_string(row[i]);
			if (!v) {
				json_decref(args);
				st = zila_fail(err, ZILA_EINVAL, "%s: line %d: column %s is not valid UTF-8", name, start, header[i]);
				goto done;
			}
			json_object_set_new(args, header[i], v);
		}
		st = zila_action_run(db, actor, action, args, NULL, NULL, err);
		json_decref(args);
		if (st != ZILA_OK) {
			char msg[sizeof err->msg];
			snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
			zila_fail(err, st, "%s: line %d: %s", name, start, msg);
			break;
		}
		(*count)++;
	}
done:;
	enum zila_status end = zila_db_end(db, st == ZILA_OK, st == ZILA_OK ? err : NULL);
	if (st != ZILA_OK)
		*count = 0;
	return st != ZILA_OK ? st : end;
}
