-- 001: the whole data model of DESIGN.md "Data".
-- Synced rows carry id (UUIDv7 text), version, created_at, updated_at.
-- Dates are YYYY-MM-DD (Asia/Kolkata); times are UTC ISO 8601.
-- Overdue is never stored: it is due_date < today for an open record.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE district (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code    TEXT NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_hi TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE department (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code    TEXT NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_hi TEXT NOT NULL DEFAULT '',
	active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE app_user (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	login   TEXT NOT NULL UNIQUE,
	name    TEXT NOT NULL,
	role    TEXT NOT NULL CHECK (role IN ('clerk','officer','head','nodal','collector','admin')),
	department_id TEXT REFERENCES department(id),
	pw_hash TEXT NOT NULL,
	active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE desk (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL DEFAULT '',
	department_id TEXT REFERENCES department(id)
) STRICT;

CREATE TABLE block (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	lgd_code TEXT NOT NULL UNIQUE,
	name_en  TEXT NOT NULL,
	name_hi  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE gram_panchayat (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	lgd_code TEXT NOT NULL UNIQUE,
	block_id TEXT NOT NULL REFERENCES block(id),
	name_en  TEXT NOT NULL,
	name_hi  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX gp_block ON gram_panchayat(block_id);

CREATE TABLE category (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code    TEXT NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_hi TEXT NOT NULL DEFAULT '',
	department_id TEXT NOT NULL REFERENCES department(id),
	days    INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365)
) STRICT;

CREATE TABLE checklist_item (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code     TEXT NOT NULL UNIQUE,
	text_en  TEXT NOT NULL,
	text_hi  TEXT NOT NULL DEFAULT '',
	position INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Which gram panchayats a nodal officer is to inspect.
CREATE TABLE nodal_assignment (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	user_id TEXT NOT NULL REFERENCES app_user(id),
	gp_id   TEXT NOT NULL REFERENCES gram_panchayat(id),
	UNIQUE (user_id, gp_id)
) STRICT;
CREATE INDEX nodal_assignment_gp ON nodal_assignment(gp_id);

-- Human numbers: the last serial used on this database per kind and year.
CREATE TABLE number_seq (
	kind TEXT NOT NULL,
	year INTEGER NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (kind, year)
) STRICT;

------------------------------------------------------------------ letters (TL)
CREATE TABLE letter (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	number      TEXT NOT NULL UNIQUE,       -- DRG/L/07/2026/00123
	received_on TEXT NOT NULL,              -- date
	sender      TEXT NOT NULL,
	sender_ref  TEXT NOT NULL DEFAULT '',   -- the sender's letter number
	letter_date TEXT,                       -- date on the letter
	subject     TEXT NOT NULL,
	remarks     TEXT NOT NULL DEFAULT '',
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
	closed_at   TEXT,
	created_by  TEXT NOT NULL REFERENCES app_user(id),
	desk_id     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX letter_received ON letter(received_on, id);
CREATE INDEX letter_status ON letter(status, received_on);

-- One letter marked to several departments, each with its own time limit.
CREATE TABLE letter_marking (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	letter_id     TEXT NOT NULL REFERENCES letter(id),
	department_id TEXT NOT NULL REFERENCES department(id),
	marked_on     TEXT NOT NULL,            -- date
	time_limit_days INTEGER NOT NULL CHECK (time_limit_days BETWEEN 1 AND 365),
	due_date      TEXT NOT NULL,
	status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','replied','closed')),
	reminders     INTEGER NOT NULL DEFAULT 0,
	last_reminded_on TEXT,
	replied_on    TEXT,                     -- date
	reply_text    TEXT,
	reply_ref     TEXT,
	closed_on     TEXT,                     -- date
	UNIQUE (letter_id, department_id)
) STRICT;
CREATE INDEX marking_dept_due ON letter_marking(department_id, status, due_date);
CREATE INDEX marking_status_due ON letter_marking(status, due_date);
CREATE INDEX marking_letter ON letter_marking(letter_id);

CREATE TABLE letter_event (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	letter_id   TEXT NOT NULL REFERENCES letter(id),
	marking_id  TEXT REFERENCES letter_marking(id),
	kind        TEXT NOT NULL CHECK (kind IN ('created','marked','reminded','replied','closed','letter_closed')),
	from_status TEXT,
	to_status   TEXT,
	note        TEXT NOT NULL DEFAULT '',
	actor_id    TEXT NOT NULL,
	at          TEXT NOT NULL,
	desk_id     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX letter_event_letter ON letter_event(letter_id, at);

---------------------------------------------------------------- grievances
CREATE TABLE grievance (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	number        TEXT NOT NULL UNIQUE,     -- DRG/G/07/2026/000042
	channel       TEXT NOT NULL DEFAULT 'counter'
		CHECK (channel IN ('counter','phone','post','email','web','jandarshan','cpgrams','camp')),
	citizen_name  TEXT NOT NULL,
	mobile        TEXT NOT NULL DEFAULT '',
	address       TEXT NOT NULL DEFAULT '',
	block_id      TEXT REFERENCES block(id),
	gp_id         TEXT REFERENCES gram_panchayat(id),
	village       TEXT NOT NULL DEFAULT '',
	ward          TEXT NOT NULL DEFAULT '',
	lat           REAL,
	lon           REAL,
	category_id   TEXT NOT NULL REFERENCES category(id),
	department_id TEXT NOT NULL REFERENCES department(id),
	officer_id    TEXT REFERENCES app_user(id),
	subject       TEXT NOT NULL DEFAULT '',
	description   TEXT NOT NULL,
	status        TEXT NOT NULL DEFAULT 'registered'
		CHECK (status IN ('registered','assigned','in_progress','disposed','appealed','closed')),
	registered_on TEXT NOT NULL,            -- date
	due_date      TEXT NOT NULL,
	transfers     INTEGER NOT NULL DEFAULT 0 CHECK (transfers BETWEEN 0 AND 3),
	disposed_on   TEXT,
	final_reply   TEXT,
	rating        INTEGER CHECK (rating BETWEEN 1 AND 5),
	appeals       INTEGER NOT NULL DEFAULT 0,
	duplicate_of  TEXT REFERENCES grievance(id),
	closed_on     TEXT,
	created_by    TEXT NOT NULL REFERENCES app_user(id),
	desk_id       TEXT NOT NULL DEFAULT ''
) STRICT;
-- Keyset paging: a department's open grievances by due date.
CREATE INDEX grievance_dept_due ON grievance(department_id, status, due_date, id);
CREATE INDEX grievance_status_due ON grievance(status, due_date, id);
CREATE INDEX grievance_registered ON grievance(registered_on, id);
CREATE INDEX grievance_gp ON grievance(gp_id);
CREATE INDEX grievance_category ON grievance(category_id, status);

CREATE TABLE grievance_event (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	grievance_id TEXT NOT NULL REFERENCES grievance(id),
	kind         TEXT NOT NULL CHECK (kind IN ('registered','assigned','transferred','note','interim_reply',
		'disposed','feedback','appealed','appeal_disposed','reopened','closed','duplicate','attached')),
	from_status  TEXT,
	to_status    TEXT,
	from_department_id TEXT,
	to_department_id   TEXT,
	note         TEXT NOT NULL DEFAULT '',
	visibility   TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public','internal')),
	rating       INTEGER,
	actor_id     TEXT NOT NULL,
	at           TEXT NOT NULL,
	desk_id      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX grievance_event_grievance ON grievance_event(grievance_id, at);

-- Attachments: the bytes are stored once by SHA-256 under <data>/blobs.
CREATE TABLE grievance_attachment (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	grievance_id TEXT NOT NULL REFERENCES grievance(id),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	name   TEXT NOT NULL,
	kind   TEXT NOT NULL CHECK (kind IN ('photo','video','audio','document')),
	mime   TEXT NOT NULL,
	size   INTEGER NOT NULL CHECK (size >= 0)
) STRICT;
CREATE INDEX grievance_attachment_grievance ON grievance_attachment(grievance_id);

-- Which blobs this database has whole on disk (local, not synced).
CREATE TABLE blob (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	size   INTEGER NOT NULL,
	stored_at TEXT NOT NULL
) STRICT;

----------------------------------------------------- panchayat inspections
CREATE TABLE inspection (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	number       TEXT NOT NULL UNIQUE,       -- DRG/I/07/2026/00012
	gp_id        TEXT NOT NULL REFERENCES gram_panchayat(id),
	nodal_id     TEXT NOT NULL REFERENCES app_user(id),
	inspected_on TEXT NOT NULL,              -- date
	fortnight    TEXT NOT NULL,              -- 2026-11-1 (days 1-15) or 2026-11-2
	observations TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted')),
	submitted_at TEXT,
	desk_id      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX inspection_fortnight ON inspection(fortnight, nodal_id);
CREATE INDEX inspection_gp ON inspection(gp_id, fortnight);

CREATE TABLE inspection_answer (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	inspection_id TEXT NOT NULL REFERENCES inspection(id),
	item_id       TEXT NOT NULL REFERENCES checklist_item(id),
	rating        TEXT NOT NULL CHECK (rating IN ('good','average','poor','na')),
	remark        TEXT NOT NULL DEFAULT '',
	UNIQUE (inspection_id, item_id)
) STRICT;

CREATE TABLE suggestion (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	inspection_id TEXT NOT NULL REFERENCES inspection(id),
	text          TEXT NOT NULL,
	department_id TEXT NOT NULL REFERENCES department(id),
	target_date   TEXT NOT NULL,
	status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','complied','verified')),
	compliance_note TEXT,
	complied_on   TEXT,
	verified_on   TEXT
) STRICT;
CREATE INDEX suggestion_dept ON suggestion(department_id, status, target_date);
CREATE INDEX suggestion_inspection ON suggestion(inspection_id);

CREATE TABLE inspection_event (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	inspection_id TEXT NOT NULL REFERENCES inspection(id),
	suggestion_id TEXT REFERENCES suggestion(id),
	kind        TEXT NOT NULL CHECK (kind IN ('recorded','updated','submitted','complied','verified','returned')),
	from_status TEXT,
	to_status   TEXT,
	note        TEXT NOT NULL DEFAULT '',
	actor_id    TEXT NOT NULL,
	at          TEXT NOT NULL,
	desk_id     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX inspection_event_inspection ON inspection_event(inspection_id, at);

--------------------------------------------------------- audit and outbox
-- Append-only; each row carries the hash of the one before (hash chain).
CREATE TABLE audit_log (
	seq         INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	actor_id    TEXT NOT NULL,
	desk_id     TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL,
	mutation_id TEXT NOT NULL,
	args        TEXT NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Actions done on this desk, waiting to be pushed (state 'pending'), or
-- answered by the server ('applied' or 'rejected', with its code and message).
CREATE TABLE outbox (
	client_seq   INTEGER PRIMARY KEY AUTOINCREMENT,
	mutation_id  TEXT NOT NULL UNIQUE,
	action       TEXT NOT NULL,
	args         TEXT NOT NULL,
	actor_id     TEXT NOT NULL,
	base_version INTEGER NOT NULL DEFAULT 0,
	client_time  TEXT NOT NULL,
	state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','applied','rejected','discarded')),
	code         TEXT,
	message      TEXT,
	server_seq   INTEGER
) STRICT;
CREATE INDEX outbox_state ON outbox(state, client_seq);

-- Unsaved form contents, kept as the user types (local, never synced).
CREATE TABLE draft (
	form       TEXT NOT NULL,
	user_id    TEXT NOT NULL,
	data       TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (form, user_id)
) STRICT;

------------------------------------------------------------ full-text search
-- Trigram tokenizer: finds parts of words in Hindi and English alike.
-- rowid follows the record's rowid; triggers keep it in step.
CREATE VIRTUAL TABLE letter_fts USING fts5(number, sender, subject, tokenize = 'trigram');
CREATE TRIGGER letter_fts_ai AFTER INSERT ON letter BEGIN
	INSERT INTO letter_fts(rowid, number, sender, subject) VALUES (new.rowid, new.number, new.sender, new.subject);
END;
CREATE TRIGGER letter_fts_au AFTER UPDATE OF number, sender, subject ON letter BEGIN
	DELETE FROM letter_fts WHERE rowid = old.rowid;
	INSERT INTO letter_fts(rowid, number, sender, subject) VALUES (new.rowid, new.number, new.sender, new.subject);
END;
CREATE TRIGGER letter_fts_ad AFTER DELETE ON letter BEGIN
	DELETE FROM letter_fts WHERE rowid = old.rowid;
END;

CREATE VIRTUAL TABLE grievance_fts USING fts5(number, citizen, description, notes, tokenize = 'trigram');
CREATE TRIGGER grievance_fts_ai AFTER INSERT ON grievance BEGIN
	INSERT INTO grievance_fts(rowid, number, citizen, description, notes)
	VALUES (new.rowid, new.number, new.citizen_name, new.subject || ' ' || new.description, '');
END;
CREATE TRIGGER grievance_fts_au AFTER UPDATE OF number, citizen_name, subject, description ON grievance BEGIN
	UPDATE grievance_fts SET number = new.number, citizen = new.citizen_name,
		description = new.subject || ' ' || new.description WHERE rowid = old.rowid;
END;
CREATE TRIGGER grievance_fts_ad AFTER DELETE ON grievance BEGIN
	DELETE FROM grievance_fts WHERE rowid = old.rowid;
END;
-- Notes and replies become searchable the moment they are written.
CREATE TRIGGER grievance_fts_note AFTER INSERT ON grievance_event WHEN new.note <> '' BEGIN
	UPDATE grievance_fts SET notes = notes || ' ' || new.note
	WHERE rowid = (SELECT rowid FROM grievance WHERE id = new.grievance_id);
END;
