-- 005: sync. These tables exist in every database; what fills them differs:
-- on the district server (db_kind 'server') triggers made by zilad init fill
-- change_log, and push_ledger, desk_token and login_throttle are kept by
-- zilad; on an enrolled desk triggers made by `zila enrol` fill sync_dirty.
-- The triggers are made in code (src/server/store.c, src/sync/apply.c)
-- because a plain desk must not pay for them.

-- Server: one row per synced row, at the position of its latest change
-- (an update moves the row to the end, so the log never holds more rows
-- than the database and a pull from 0 is the whole snapshot). A deleted row
-- leaves a tombstone (deleted = 1).
CREATE TABLE change_log (
	server_seq INTEGER PRIMARY KEY AUTOINCREMENT,
	tbl        TEXT NOT NULL,
	row_id     TEXT NOT NULL,
	deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
	UNIQUE (tbl, row_id)
) STRICT;

-- Server: bearer tokens of enrolled desks, kept only as their SHA-256.
CREATE TABLE desk_token (
	token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
	desk_id    TEXT NOT NULL REFERENCES desk(id),
	login      TEXT NOT NULL,            -- who enrolled the desk
	created_at TEXT NOT NULL,
	revoked_at TEXT,
	last_seen  TEXT
) STRICT;
CREATE INDEX desk_token_desk ON desk_token(desk_id);

-- Server: every pushed action, by desk and client_seq, with its outcome,
-- so a repeat gets the same answer and a number is used once.
CREATE TABLE push_ledger (
	desk_id     TEXT NOT NULL,
	client_seq  INTEGER NOT NULL,
	mutation_id TEXT NOT NULL,
	action      TEXT NOT NULL,
	actor_id    TEXT NOT NULL,
	state       TEXT NOT NULL CHECK (state IN ('applied', 'rejected')),
	code        TEXT,
	message     TEXT,
	result      TEXT,
	server_seq  INTEGER NOT NULL,
	client_time TEXT NOT NULL,
	received_at TEXT NOT NULL,
	PRIMARY KEY (desk_id, client_seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX push_ledger_mutation ON push_ledger(mutation_id);

-- Server: failed enrolment passwords per login and per address.
CREATE TABLE login_throttle (
	key      TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	last_at  INTEGER NOT NULL           -- epoch seconds
) STRICT;

-- Desk: synced rows changed here since the server last sent them. Rows
-- of a rejected action stay listed after a pull and are fetched again.
CREATE TABLE sync_dirty (
	tbl    TEXT NOT NULL,
	row_id TEXT NOT NULL,
	PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;
