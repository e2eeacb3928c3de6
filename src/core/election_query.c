/* election_query.c: the election module's lists, the Collector's summary
 * and the orders, as rows for the command line and the screen. */
#include <string.h>
#include "zila/election.h"
#include "zila/query.h"
#include "zila/util.h"
#include "election_internal.h"

/* ?1 is the election's id where a list needs one. */
static const struct {
	const char *what;
	bool per_election;
	const char *sql;
} lists[] = {
	{ "constituencies", false, "SELECT c.code, c.name_en, c.name_hi, count(s.id) AS stations,"
		" coalesce(sum(s.women), 0) AS women_stations FROM el_constituency c LEFT JOIN el_station s ON s.constituency_id = c.id"
		" GROUP BY c.id ORDER BY c.code" },
	{ "stations", false, "SELECT s.code, c.code AS constituency, s.name_en, s.name_hi, s.women, s.model FROM el_station s"
		" JOIN el_constituency c ON c.id = s.constituency_id ORDER BY c.code, s.code" },
	{ "offices", false, "SELECT code, name_en, name_hi, kind FROM el_office ORDER BY code" },
	{ "officials", false, "SELECT o.employee_id, o.name, o.gender, f.code AS office, o.designation, o.pay_level,"
		" coalesce(h.code, '') AS home_ac, coalesce(p.code, '') AS posting_ac, o.mobile, o.exempt, o.exempt_reason"
		" FROM el_official o JOIN el_office f ON f.id = o.office_id LEFT JOIN el_constituency h ON h.id = o.home_ac_id"
		" LEFT JOIN el_constituency p ON p.id = o.posting_ac_id ORDER BY o.employee_id" },
	{ "elections", false, "SELECT code, name_en, name_hi, polling_officers, po_min_level, reserve_pct, distinct_office,"
		" not_home, women_only FROM el_election ORDER BY code" },
	{ "runs", true, "SELECT r.seq, r.stage, r.seed, r.filled, r.inputs_hash, r.result_hash, r.created_at, u.login AS by_user"
		" FROM el_run r LEFT JOIN app_user u ON u.id = r.actor_id WHERE r.election_id = ?1 ORDER BY r.seq" },
	{ "parties", true, "SELECT c.code AS constituency, p.number, p.women, coalesce(s.code, '') AS station,"
		" (SELECT group_concat(x, '; ') FROM (SELECT CASE m.seat WHEN 0 THEN 'PO' ELSE 'P' || m.seat END || ' ' || o.name"
		"  || ' (' || o.employee_id || ')' AS x FROM el_posting m JOIN el_official o ON o.id = m.official_id"
		"  WHERE m.party_id = p.id ORDER BY m.seat)) AS members"
		" FROM el_party p JOIN el_constituency c ON c.id = p.constituency_id LEFT JOIN el_station s ON s.id = p.station_id"
		" WHERE p.election_id = ?1 ORDER BY c.code, p.number" },
	{ "postings", true, "SELECT o.employee_id, o.name, c.code AS constituency, m.slot, coalesce(p.number, '') AS party,"
		" coalesce(m.seat, '') AS seat, m.run_seq AS run FROM el_posting m JOIN el_official o ON o.id = m.official_id"
		" JOIN el_constituency c ON c.id = m.constituency_id LEFT JOIN el_party p ON p.id = m.party_id"
		" WHERE m.election_id = ?1 ORDER BY c.code, p.number, m.seat, o.employee_id" },
};

enum zila_status
zila_election_list(struct zila_db *db, const char *what, const char *election, json_t **rows, struct zila_err *err)
{
	*rows = NULL;
	for (size_t i = 0; i < ZILA_ARRAY_LEN(lists); i++) {
		if (!what || strcmp(lists[i].what, what) != 0)
			continue;
		char id[40] = "";
		enum zila_status s;
		if (lists[i].per_election && (!election || !*election))
			return zila_fail(err, ZILA_EINVAL, "the list of %s needs an election (its code)", what);
		if (lists[i].per_election && (s = el_resolve(db, EL_ELECTION_SQL, "election", election, id, err)))
			return s;
		sqlite3_stmt *st = zila_db_stmt(db, lists[i].sql, err);
		if (!st)
			return ZILA_EDB;
		if (lists[i].per_election)
			sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		return zila_query_rows(db, st, rows, err);
	}
	return zila_fail(err, ZILA_EINVAL,
		"%s is not an election list (constituencies, stations, offices, officials, elections, runs, parties, postings)",
		what ? what : "");
}

enum zila_status
zila_election_summary(struct zila_db *db, const char *election, json_t **out, struct zila_err *err)
{
	char id[40];
	enum zila_status s;
	*out = NULL;
	if ((s = el_resolve(db, EL_ELECTION_SQL, "election", election, id, err)))
		return s;
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT c.code, c.name_en, c.name_hi,"
		" (SELECT count(*) FROM el_station t WHERE t.constituency_id = c.id) AS stations,"
		" (SELECT count(*) FROM el_station t WHERE t.constituency_id = c.id AND t.women) AS women_stations,"
		" (SELECT count(*) FROM el_posting m WHERE m.election_id = ?1 AND m.constituency_id = c.id) AS drawn,"
		" (SELECT count(*) FROM el_party p WHERE p.election_id = ?1 AND p.constituency_id = c.id) AS parties,"
		" (SELECT count(*) FROM el_party p WHERE p.election_id = ?1 AND p.constituency_id = c.id"
		"  AND (SELECT count(*) FROM el_posting m WHERE m.party_id = p.id) = e.polling_officers + 1) AS complete,"
		" (SELECT count(*) FROM el_party p WHERE p.election_id = ?1 AND p.constituency_id = c.id"
		"  AND p.station_id IS NOT NULL) AS covered,"
		" (SELECT count(*) FROM el_party p WHERE p.election_id = ?1 AND p.constituency_id = c.id"
		"  AND p.station_id IS NULL) AS reserve"
		" FROM el_constituency c, el_election e WHERE e.id = ?1 ORDER BY c.code", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	json_t *rows;
	if ((s = zila_query_rows(db, st, &rows, err)))
		return s;
	json_t *tot = json_object();
	static const char *const sums[] = { "stations", "women_stations", "drawn", "parties", "complete", "covered", "reserve" };
	for (size_t k = 0; k < ZILA_ARRAY_LEN(sums); k++) {
		long long n = 0;
		size_t i;
		json_t *r;
		json_array_foreach(rows, i, r)
			n += json_integer_value(json_object_get(r, sums[k]));
		json_object_set_new(tot, sums[k], json_integer(n));
	}
	st = zila_db_stmt(db, "SELECT (SELECT count(*) FROM el_official), (SELECT count(*) FROM el_official WHERE exempt),"
		" (SELECT count(*) FROM el_run WHERE election_id = ?1), e.code, e.name_en, e.name_hi, e.reserve_pct"
		" FROM el_election e WHERE e.id = ?1", err);
	if (!st) {
		json_decref(rows);
		json_decref(tot);
		return ZILA_EDB;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_object_set_new(tot, "officials", json_integer(sqlite3_column_int64(st, 0)));
		json_object_set_new(tot, "exempt", json_integer(sqlite3_column_int64(st, 1)));
		json_object_set_new(tot, "runs", json_integer(sqlite3_column_int64(st, 2)));
		json_object_set_new(tot, "reserve_pct", json_integer(sqlite3_column_int64(st, 6)));
		*out = json_pack("{s:s, s:s, s:s, s:o, s:o}", "code", (const char *)sqlite3_column_text(st, 3),
			"name_en", (const char *)sqlite3_column_text(st, 4), "name_hi", (const char *)sqlite3_column_text(st, 5),
			"constituencies", rows, "totals", tot);
	}
	sqlite3_reset(st);
	if (!*out) {
		json_decref(rows);
		json_decref(tot);
		return zila_fail(err, ZILA_ENOTFOUND, "there is no election '%s'", election);
	}
	return ZILA_OK;
}

enum zila_status
zila_election_orders(struct zila_db *db, const char *election, const char *kind, const char *ref, json_t **out,
	struct zila_err *err)
{
	char id[40];
	enum zila_status s;
	bool parties = kind && strcmp(kind, "parties") == 0;
	*out = NULL;
	if (!kind || (!parties && strcmp(kind, "appointment") != 0))
		return zila_fail(err, ZILA_EINVAL, "orders are of two kinds: appointment or parties");
	if ((s = el_resolve(db, EL_ELECTION_SQL, "election", election, id, err)))
		return s;
	/* one row per member of a party; ?2 narrows to an official (appointment)
	 * or a constituency (party lists) */
	sqlite3_stmt *st = zila_db_stmt(db,
		"SELECT e.code AS election, e.name_en AS election_en, e.name_hi AS election_hi,"
		" c.code AS constituency, c.name_en AS constituency_en, c.name_hi AS constituency_hi,"
		" p.number AS party, p.women, coalesce(t.code, '') AS station, coalesce(t.name_en, '') AS station_en,"
		" coalesce(t.name_hi, '') AS station_hi, m.seat, o.employee_id, o.name, o.designation, o.mobile,"
		" f.name_en AS office_en, f.name_hi AS office_hi"
		" FROM el_posting m JOIN el_party p ON p.id = m.party_id JOIN el_election e ON e.id = m.election_id"
		" JOIN el_constituency c ON c.id = m.constituency_id JOIN el_official o ON o.id = m.official_id"
		" JOIN el_office f ON f.id = o.office_id LEFT JOIN el_station t ON t.id = p.station_id"
		" WHERE m.election_id = ?1 AND (?2 IS NULL OR (?3 AND c.code = upper(?2)) OR (NOT ?3 AND o.employee_id = upper(?2)))"
		" ORDER BY c.code, p.number, m.seat", err);
	if (!st)
		return ZILA_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (ref)
		sqlite3_bind_text(st, 2, ref, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, parties);
	json_t *rows;
	if ((s = zila_query_rows(db, st, &rows, err)))
		return s;
	if (ref && json_array_size(rows) == 0) {
		json_decref(rows);
		return zila_fail(err, ZILA_ENOTFOUND, parties ? "constituency %s has no party in this election"
				: "official %s is in no party of this election", ref);
	}
	*out = rows;
	return ZILA_OK;
}
