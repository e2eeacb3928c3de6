-- Issue 13, the footprint: an event row (grievance_event, letter_event,
-- inspection_event) is written once and never changed, so its version is
-- always 1 and its created_at and updated_at are always its at: every
-- writer binds the one time to all three, and no statement updates an
-- event. Keeping them cost 42 bytes a row (two copies of a 20-character
-- time). They become virtual generated columns, in the same places: every
-- reader (SELECT *, zilad's pull, which sends them as before: the wire is
-- unchanged) gets the same values, and nothing is stored. Writers name no
-- longer these three columns, and the desk's sync writes only the stored
-- columns (src/sync/apply.c reads them with pragma_table_xinfo).
--
-- Each table is made again: the new one, its rows copied with their rowids
-- (the event lists order by at, then rowid), the old one dropped and the
-- new one renamed. legacy_alter_table keeps the rename from rewriting or
-- checking other triggers that name the table (zilad's relog_ triggers:
-- they name it again once it is back). The triggers ON the table (the
-- search index's grievance_fts_note, the desk's dirty_ triggers of sync,
-- zilad's log_ and notify_ triggers) are dropped with it: their SQL is
-- kept first and put back as it was, each on the table of the same name.
-- The planner's statistics of the tables (sqlite_stat1, which the demo's
-- ANALYZE writes) go with them too and are put back: without them SQLite
-- no longer makes its automatic index for `zila check`'s look-up of a
-- marking's events, and scans letter_event once per marking (more than ten
-- minutes on the 20,000-record demo). ANALYZE sqlite_schema makes an empty
-- sqlite_stat1 in a file that has none, and reads the statistics again.
-- zila_progress reports the rows copied, over the three tables; each is
-- read NOT INDEXED, in rowid order, so that the count only goes up (the
-- planner may otherwise read it by another order and sort).
ANALYZE sqlite_schema;
CREATE TEMP TABLE event_stat AS
	SELECT tbl, idx, stat FROM main.sqlite_stat1
	WHERE tbl IN ('grievance_event', 'letter_event', 'inspection_event');
CREATE TEMP TABLE event_trigger AS
	SELECT name, tbl_name, sql FROM main.sqlite_schema WHERE type = 'trigger'
	AND tbl_name IN ('grievance_event', 'letter_event', 'inspection_event');
CREATE TEMP TABLE event_total AS
	SELECT coalesce((SELECT max(rowid) FROM grievance_event), 0) AS g,
		coalesce((SELECT max(rowid) FROM letter_event), 0) AS l,
		coalesce((SELECT max(rowid) FROM inspection_event), 0) AS i;
-- A row whose version or times differ from its at would lose them: none
-- is ever written, and the migration stops rather than change one.
CREATE TEMP TABLE event_same (
	differ INTEGER CONSTRAINT "an event row whose version or times are not its at" CHECK (differ = 0)
);
INSERT INTO temp.event_same
	SELECT (SELECT count(*) FROM grievance_event WHERE version <> 1 OR created_at IS NOT at OR updated_at IS NOT at)
		+ (SELECT count(*) FROM letter_event WHERE version <> 1 OR created_at IS NOT at OR updated_at IS NOT at)
		+ (SELECT count(*) FROM inspection_event WHERE version <> 1 OR created_at IS NOT at OR updated_at IS NOT at);
DROP TABLE temp.event_same;
PRAGMA legacy_alter_table = ON;

CREATE TABLE grievance_event_029 (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL GENERATED ALWAYS AS (1) VIRTUAL,
	created_at TEXT NOT NULL GENERATED ALWAYS AS (at) VIRTUAL,
	updated_at TEXT NOT NULL GENERATED ALWAYS AS (at) VIRTUAL,
	grievance_id TEXT NOT NULL REFERENCES grievance(id),
	kind         TEXT NOT NULL CHECK (kind = 'registered' OR kind = 'assigned' OR kind = 'transferred' OR kind = 'note' OR kind = 'interim_reply' OR kind = 'disposed' OR kind = 'feedback' OR kind = 'appealed' OR kind = 'appeal_disposed' OR kind = 'reopened' OR kind = 'closed' OR kind = 'duplicate' OR kind = 'attached'),
	from_status  TEXT,
	to_status    TEXT,
	from_department_id TEXT,
	to_department_id   TEXT,
	note         TEXT NOT NULL DEFAULT '',
	visibility   TEXT NOT NULL DEFAULT 'public' CHECK (visibility = 'public' OR visibility = 'internal'),
	rating       INTEGER,
	actor_id     TEXT NOT NULL,
	at           TEXT NOT NULL,
	desk_id      TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO grievance_event_029(rowid, id, grievance_id, kind, from_status, to_status, from_department_id,
	to_department_id, note, visibility, rating, actor_id, at, desk_id)
	SELECT rowid, id, grievance_id, kind, from_status, to_status, from_department_id,
		to_department_id, note, visibility, rating, actor_id, at, desk_id
	FROM grievance_event NOT INDEXED
	WHERE zila_progress(rowid, (SELECT g + l + i FROM temp.event_total))
	ORDER BY rowid;
DROP TABLE grievance_event;
ALTER TABLE grievance_event_029 RENAME TO grievance_event;
CREATE INDEX grievance_event_grievance ON grievance_event(grievance_id, at);

CREATE TABLE letter_event_029 (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL GENERATED ALWAYS AS (1) VIRTUAL,
	created_at TEXT NOT NULL GENERATED ALWAYS AS (at) VIRTUAL,
	updated_at TEXT NOT NULL GENERATED ALWAYS AS (at) VIRTUAL,
	letter_id   TEXT NOT NULL REFERENCES letter(id),
	marking_id  TEXT REFERENCES letter_marking(id),
	kind        TEXT NOT NULL CHECK (kind = 'created' OR kind = 'marked' OR kind = 'reminded' OR kind = 'replied' OR kind = 'closed' OR kind = 'letter_closed'),
	from_status TEXT,
	to_status   TEXT,
	note        TEXT NOT NULL DEFAULT '',
	actor_id    TEXT NOT NULL,
	at          TEXT NOT NULL,
	desk_id     TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO letter_event_029(rowid, id, letter_id, marking_id, kind, from_status, to_status, note, actor_id, at,
	desk_id)
	SELECT rowid, id, letter_id, marking_id, kind, from_status, to_status, note, actor_id, at, desk_id
	FROM letter_event NOT INDEXED
	WHERE zila_progress((SELECT g FROM temp.event_total) + rowid, (SELECT g + l + i FROM temp.event_total))
	ORDER BY rowid;
DROP TABLE letter_event;
ALTER TABLE letter_event_029 RENAME TO letter_event;
CREATE INDEX letter_event_letter ON letter_event(letter_id, at);

CREATE TABLE inspection_event_029 (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL GENERATED ALWAYS AS (1) VIRTUAL,
	created_at TEXT NOT NULL GENERATED ALWAYS AS (at) VIRTUAL,
	updated_at TEXT NOT NULL GENERATED ALWAYS AS (at) VIRTUAL,
	inspection_id TEXT NOT NULL REFERENCES inspection(id),
	suggestion_id TEXT REFERENCES suggestion(id),
	kind        TEXT NOT NULL CHECK (kind = 'recorded' OR kind = 'updated' OR kind = 'submitted' OR kind = 'complied' OR kind = 'verified' OR kind = 'returned'),
	from_status TEXT,
	to_status   TEXT,
	note        TEXT NOT NULL DEFAULT '',
	actor_id    TEXT NOT NULL,
	at          TEXT NOT NULL,
	desk_id     TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO inspection_event_029(rowid, id, inspection_id, suggestion_id, kind, from_status, to_status, note,
	actor_id, at, desk_id)
	SELECT rowid, id, inspection_id, suggestion_id, kind, from_status, to_status, note, actor_id, at, desk_id
	FROM inspection_event NOT INDEXED
	WHERE zila_progress((SELECT g + l FROM temp.event_total) + rowid, (SELECT g + l + i FROM temp.event_total))
	ORDER BY rowid;
DROP TABLE inspection_event;
ALTER TABLE inspection_event_029 RENAME TO inspection_event;
CREATE INDEX inspection_event_inspection ON inspection_event(inspection_id, at);

PRAGMA legacy_alter_table = OFF;
INSERT INTO main.sqlite_stat1(tbl, idx, stat) SELECT tbl, idx, stat FROM temp.event_stat;
ANALYZE sqlite_schema;
PRAGMA writable_schema = ON;
INSERT INTO main.sqlite_schema(type, name, tbl_name, rootpage, sql)
	SELECT 'trigger', name, tbl_name, 0, sql FROM temp.event_trigger;
PRAGMA writable_schema = OFF;
-- this connection reads the schema again, the triggers with it
PRAGMA writable_schema = RESET;
DROP TABLE temp.event_trigger;
DROP TABLE temp.event_total;
DROP TABLE temp.event_stat;
