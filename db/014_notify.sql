-- 014: messages to the citizen (issue 12). The citizen chooses the
-- language of their messages at registration (Hindi unless they ask for
-- English). On the district server a trigger (made by zilad, see
-- src/server/notify.c) queues a message in the same transaction as the
-- grievance event it tells of, at most one per event; zilad hands each to
-- the configured gateway command, retrying with backoff, and keeps every
-- attempt. Server-only tables: not synced.
ALTER TABLE grievance ADD COLUMN lang TEXT NOT NULL DEFAULT 'hi' CHECK (lang IN ('hi', 'en'));

CREATE TABLE citizen_message (
	id           INTEGER PRIMARY KEY,
	event_id     TEXT NOT NULL UNIQUE,          -- grievance_event.id: one message per event
	grievance_id TEXT NOT NULL,
	kind         TEXT NOT NULL,
	queued_at    TEXT NOT NULL,
	state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      INTEGER NOT NULL DEFAULT 0,    -- epoch seconds (the real clock): not before
	sent_at      TEXT
) STRICT;
CREATE INDEX citizen_message_due ON citizen_message(state, next_at);

CREATE TABLE citizen_message_attempt (
	message_id INTEGER NOT NULL REFERENCES citizen_message(id),
	attempt    INTEGER NOT NULL,
	started_at TEXT NOT NULL,
	ended_at   TEXT,                            -- NULL: zilad stopped during the attempt
	exit_code  INTEGER,
	output     TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (message_id, attempt)
) STRICT, WITHOUT ROWID;
