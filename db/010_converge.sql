-- 010: convergence. A server restored from a backup reuses change-log
-- numbers; a desk must notice that the entry at its cursor is not the one
-- it saw. Each change-log number ever given gets a random tag, kept after
-- the entry itself moves on (an update moves a row's entry to the end), so
-- a desk's cursor can be proved against this server's history: same
-- number, same tag, same history. Filled by a trigger zilad makes
-- (src/server/store.c); empty on desks.
CREATE TABLE log_tag (
	server_seq INTEGER PRIMARY KEY,
	tag        TEXT NOT NULL
) STRICT;

-- Server: a record that left a department (a grievance transferred): the
-- old department's desks are told on their next pull, with where it went,
-- so they drop it. One change-log entry each ('departure', id).
CREATE TABLE departure (
	id            TEXT PRIMARY KEY,
	tbl           TEXT NOT NULL,
	row_id        TEXT NOT NULL,
	from_dept_id  TEXT NOT NULL,
	to_dept_id    TEXT,
	at            TEXT NOT NULL
) STRICT;
CREATE INDEX departure_row ON departure(tbl, row_id);

-- Desk: records that left this desk's office, for the history ("transferred
-- to PWD on ..."): the rows themselves are gone from the desk.
CREATE TABLE moved_out (
	tbl      TEXT NOT NULL,
	row_id   TEXT NOT NULL,
	label    TEXT NOT NULL,           -- the record's number, as people know it
	to_dept  TEXT NOT NULL,           -- the department's code, '' if unknown
	at       TEXT NOT NULL,
	PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;
