-- 009: suggested routing (src/core/triage.c). One row: the naive Bayes
-- model learned from this database's disposed grievances, as a blob of
-- hashed features and counts (no citizen's text). Derived data, local to
-- the database and never synced: `zila triage train` or zilad remakes it.
-- source is the count and latest update of the disposed grievances and of
-- the categories it was made from, so a daily refresh can tell when
-- nothing changed.
CREATE TABLE triage_model (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	trained_at  TEXT NOT NULL,
	examples    INTEGER NOT NULL,
	transferred INTEGER NOT NULL,
	skipped     INTEGER NOT NULL,
	categories  INTEGER NOT NULL,
	features    INTEGER NOT NULL,
	source      TEXT NOT NULL,
	model       BLOB NOT NULL
) STRICT;
