-- 018: one-time codes for the status page (issue 12). Where zilad has a
-- message gateway, a citizen's feedback or appeal from the status page
-- needs a code sent to the grievance's mobile. The code goes out as a
-- citizen_message with its own text (no grievance event behind it); the
-- server keeps only its hash, for ten minutes and three tries. Server-only.
ALTER TABLE citizen_message ADD COLUMN text TEXT;

CREATE TABLE status_code (
	grievance_id TEXT PRIMARY KEY,
	code_hash    TEXT NOT NULL,
	expires_at   INTEGER NOT NULL,            -- epoch seconds, the real clock
	tries        INTEGER NOT NULL DEFAULT 0
) STRICT;
