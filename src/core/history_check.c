/* history_check.c: rows that disagree with their own history, for `zila
 * check`. A record's status (and a grievance's department) is a column
 * kept in step with its append-only events inside the same transaction;
 * a row edited behind the program's back (sqlite3 on the file, a bad
 * restore) no longer matches the last event that changed it. Each rule
 * is one query naming the rows that disagree; a non-transition event
 * (feedback, a reminder: from and to the same status) says nothing about
 * the status and is skipped. */
#include <stdio.h>
#include <string.h>
#include "zila/db.h"
#include "zila/util.h"
#include "internal.h"

/* The last real change of an event table's to_status for the row t, by
 * the events' times and by the order they were written here; a row
 * disagrees only when it matches neither (event times come from desks'
 * clocks and the demo's generator, and need not follow the order the
 * changes were made in). */
#define LAST_BY(ev, fk, extra, order) \
	"(SELECT e.to_status FROM " ev " e WHERE e." fk " = t.id" extra \
	" AND e.to_status IS NOT NULL AND e.to_status IS NOT e.from_status ORDER BY " order " LIMIT 1)"
/* A marking's or a suggestion's events are found through their letter's or
 * inspection's index (extra names it): no index keys them by marking or
 * suggestion, and without one SQLite read the whole event table once per
 * marking (zila check on the 200,000-letter demo ran for hours). */
#define LAST(ev, fk, extra) \
	LAST_BY(ev, fk, extra, "e.at DESC, e.rowid DESC") " AS h, " LAST_BY(ev, fk, extra, "e.rowid DESC") " AS h2"

static const struct rule {
	const char *what;   /* printed before the row's name */
	const char *sql;    /* rows: name, the column's value, what the history says */
} rules[] = {
	{ "grievance %s: status is %s but its last event made it %s",
	  "SELECT t.number, t.status, h FROM (SELECT t.number, t.status, " LAST("grievance_event", "grievance_id", "")
	   " FROM grievance t) t WHERE h IS NOT NULL AND h <> t.status AND h2 <> t.status" },
	{ "grievance %s: department is %s but its last event sent it to %s",
	  "SELECT t.number, coalesce(d.code, t.department_id), coalesce(d2.code, h) FROM (SELECT t.id, t.number, t.department_id,"
	  " (SELECT e.to_department_id FROM grievance_event e WHERE e.grievance_id = t.id AND e.to_department_id IS NOT NULL"
	  "  ORDER BY e.at DESC, e.rowid DESC LIMIT 1) AS h,"
	  " (SELECT e.to_department_id FROM grievance_event e WHERE e.grievance_id = t.id AND e.to_department_id IS NOT NULL"
	  "  ORDER BY e.rowid DESC LIMIT 1) AS h2 FROM grievance t) t"
	  " LEFT JOIN department d ON d.id = t.department_id LEFT JOIN department d2 ON d2.id = t.h"
	  " WHERE h IS NOT NULL AND h <> t.department_id AND h2 <> t.department_id"
	  /* transfers from two offices at once: a desk holds both events, its
	   * own written first, and cannot know which the server applied last
	   * (the randomised fault test found a sound desk flagged); a
	   * department no event ever sent it to is wrong wherever it is */
	  " AND NOT EXISTS (SELECT 1 FROM grievance_event e WHERE e.grievance_id = t.id"
	  " AND e.to_department_id = t.department_id)" },
	{ "grievance %s: status is %s but it has no registration event%s",
	  "SELECT t.number, t.status, '' FROM grievance t WHERE NOT EXISTS"
	  " (SELECT 1 FROM grievance_event e WHERE e.grievance_id = t.id AND e.kind = 'registered')" },
	{ "letter %s: status is %s but its last event made it %s",
	  "SELECT t.number, t.status, h FROM (SELECT t.number, t.status, "
	  LAST("letter_event", "letter_id", " AND e.marking_id IS NULL") " FROM letter t) t"
	  " WHERE h IS NOT NULL AND h <> t.status AND h2 <> t.status" },
	{ "letter %s: a marking's status is %s but its last event made it %s",
	  "SELECT l.number || ' (' || coalesce(d.code, '?') || ')', t.status, h FROM (SELECT t.letter_id, t.department_id,"
	  " t.status, " LAST("letter_event", "marking_id", " AND e.letter_id = t.letter_id") " FROM letter_marking t) t"
	  " JOIN letter l ON l.id = t.letter_id LEFT JOIN department d ON d.id = t.department_id"
	  " WHERE h IS NOT NULL AND h <> t.status AND h2 <> t.status" },
	{ "letter %s: status is %s but a marking is still %s",
	  "SELECT l.number, l.status, min(m.status) FROM letter l JOIN letter_marking m ON m.letter_id = l.id"
	  " WHERE l.status = 'closed' AND m.status <> 'closed' GROUP BY l.id" },
	{ "inspection %s: status is %s but its last event made it %s",
	  "SELECT t.id, t.status, h FROM (SELECT t.id, t.status, "
	  LAST("inspection_event", "inspection_id", " AND e.suggestion_id IS NULL") " FROM inspection t) t"
	  " WHERE h IS NOT NULL AND h <> t.status AND h2 <> t.status" },
	{ "suggestion %s: status is %s but its last event made it %s",
	  "SELECT t.id, t.status, h FROM (SELECT t.id, t.status, "
	  LAST("inspection_event", "suggestion_id", " AND e.inspection_id = t.inspection_id")
	  " FROM suggestion t) t WHERE h IS NOT NULL AND h <> t.status AND h2 <> t.status" },
};

#define SHOWN_PER_RULE 10

int
core_history_check(struct zila_db *db, void (*line)(void *cls, const char *text), void *cls, struct zila_err *err)
{
	int problems = 0;
	char text[512];
	for (size_t i = 0; i < ZILA_ARRAY_LEN(rules); i++) {
		sqlite3_stmt *st = zila_db_stmt(db, rules[i].sql, err);
		if (!st)
			return -1;
		int n = 0, rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n++ < SHOWN_PER_RULE) {
				const char *c[3];
				for (int k = 0; k < 3; k++)
					c[k] = sqlite3_column_text(st, k) ? (const char *)sqlite3_column_text(st, k) : "";
				snprintf(text, sizeof text, rules[i].what, c[0], c[1], c[2]);
				line(cls, text);
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			zila_db_error(db, "history check", err);
			return -1;
		}
		if (n > SHOWN_PER_RULE) {
			snprintf(text, sizeof text, "... and %d more like it", n - SHOWN_PER_RULE);
			line(cls, text);
		}
		problems += n;
	}
	return problems;
}
