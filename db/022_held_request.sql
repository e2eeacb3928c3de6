-- 022: requests citizens filed without a category (an Open311 POST with
-- no service_code, issue 12) are held for a clerk of the Collectorate, who
-- confirms or changes the suggested category (request.register) and so
-- makes the grievance. Synced to the Collectorate's desks only (module.h).
-- Made by the server's online channel (request.hold), never on a desk.
CREATE TABLE held_request (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	citizen_name  TEXT NOT NULL,
	mobile        TEXT NOT NULL DEFAULT '',
	lang          TEXT NOT NULL DEFAULT '',
	address       TEXT NOT NULL DEFAULT '',
	block         TEXT NOT NULL DEFAULT '',   -- codes as the citizen's app gave them
	gp            TEXT NOT NULL DEFAULT '',
	lat           REAL,
	lon           REAL,
	description   TEXT NOT NULL,
	attachments   TEXT NOT NULL DEFAULT '[]', -- JSON: [{sha256, name, mime, size, kind}], stored on the server
	suggested     TEXT NOT NULL DEFAULT '[]', -- JSON: the triage model's top three when it came
	status        TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'registered')),
	grievance_id  TEXT REFERENCES grievance(id),
	registered_by TEXT
) STRICT;
CREATE INDEX held_request_status ON held_request(status, created_at);
CREATE INDEX held_request_mobile ON held_request(mobile, created_at);
