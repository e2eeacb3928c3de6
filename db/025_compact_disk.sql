-- Issue 13, the footprint: the same data and the same guarantees in less
-- space.
--
-- The audit log: the same rows and the same hash chain, kept in audit_chain
-- and read through the view audit_log, which gives every reader the columns
-- it always had (the hashes as 64 hex characters, prev_hash included).
-- - hash: its 32 bytes, not 64 hex characters. prev_hash is not stored: it is
--   the row before's hash, which the view shows and the check recomputes, so
--   a changed or removed row still breaks the chain where it was.
-- - actor, desk and action: the number of their row in audit_name.
-- - mutation: a UUID's 16 bytes (any other text is kept as it is).
-- - at: seconds since 1970 when the text is the usual 2026-01-31T10:00:00Z
--   (any other text is kept as it is).
-- args stay whole: the hash covers them, and the record's events do not hold
-- every argument the action was given, so the chain could not be checked
-- from the events alone.
-- zila_unhex and zila_progress are zila's SQL functions (src/core/sqlfn.c):
-- the conversion reports how far it has gone.
CREATE TABLE audit_name (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE audit_chain (
	seq      INTEGER PRIMARY KEY,
	at       ANY NOT NULL,
	actor    INTEGER NOT NULL REFERENCES audit_name(id),
	desk     INTEGER NOT NULL REFERENCES audit_name(id),
	action   INTEGER NOT NULL REFERENCES audit_name(id),
	mutation ANY NOT NULL,
	args     TEXT NOT NULL,
	hash     BLOB NOT NULL
) STRICT;
INSERT INTO audit_name(name)
	SELECT actor_id FROM audit_log UNION SELECT desk_id FROM audit_log UNION SELECT action FROM audit_log;
INSERT INTO audit_chain(seq, at, actor, desk, action, mutation, args, hash)
	SELECT seq,
		CASE WHEN strftime('%Y-%m-%dT%H:%M:%SZ', at) = at THEN CAST(strftime('%s', at) AS INTEGER) ELSE at END,
		(SELECT id FROM audit_name WHERE name = actor_id),
		(SELECT id FROM audit_name WHERE name = desk_id),
		(SELECT id FROM audit_name WHERE name = action),
		CASE WHEN mutation_id GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
			THEN zila_unhex(replace(mutation_id, '-', '')) ELSE mutation_id END,
		args,
		-- a hash that is not 64 lowercase hex characters (a changed row)
		-- is kept as its bytes, and the chain stays broken there
		CASE WHEN length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*' THEN zila_unhex(hash) ELSE CAST(hash AS BLOB) END
	FROM audit_log
	WHERE zila_progress(seq, (SELECT max(seq) FROM audit_log))
	ORDER BY seq;
DROP TABLE audit_log;
CREATE VIEW audit_log(seq, at, actor_id, desk_id, action, mutation_id, args, prev_hash, hash) AS
	SELECT c.seq,
		CASE typeof(c.at) WHEN 'integer' THEN strftime('%Y-%m-%dT%H:%M:%SZ', c.at, 'unixepoch') ELSE c.at END,
		a.name, d.name, x.name,
		CASE typeof(c.mutation) WHEN 'blob' THEN lower(substr(hex(c.mutation), 1, 8) || '-' ||
			substr(hex(c.mutation), 9, 4) || '-' || substr(hex(c.mutation), 13, 4) || '-' ||
			substr(hex(c.mutation), 17, 4) || '-' || substr(hex(c.mutation), 21)) ELSE c.mutation END,
		c.args,
		coalesce((SELECT lower(hex(p.hash)) FROM audit_chain p WHERE p.seq = c.seq - 1),
			'0000000000000000000000000000000000000000000000000000000000000000'),
		lower(hex(c.hash))
	FROM audit_chain c
	JOIN audit_name a ON a.id = c.actor
	JOIN audit_name d ON d.id = c.desk
	JOIN audit_name x ON x.id = c.action;
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_name_no_update BEFORE UPDATE ON audit_name
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_name_no_delete BEFORE DELETE ON audit_name
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The letters' search index reads its text from the letter rows
-- (external content) instead of keeping a second copy of number, sender
-- and subject: a delete names the text it indexed, which the row still
-- holds when the trigger runs. As 023, the index is rewritten only when
-- that text changed. (The grievances' index keeps its copy: its notes are
-- gathered from the events, and a delete must name exactly what was
-- indexed.)
DROP TRIGGER letter_fts_ai;
DROP TRIGGER letter_fts_au;
DROP TRIGGER letter_fts_ad;
DROP TABLE letter_fts;
CREATE VIRTUAL TABLE letter_fts USING fts5(number, sender, subject, content = 'letter', tokenize = 'trigram');
INSERT INTO letter_fts(letter_fts) VALUES ('rebuild');
CREATE TRIGGER letter_fts_ai AFTER INSERT ON letter BEGIN
	INSERT INTO letter_fts(rowid, number, sender, subject) VALUES (new.rowid, new.number, new.sender, new.subject);
END;
CREATE TRIGGER letter_fts_au AFTER UPDATE OF number, sender, subject ON letter
WHEN old.number IS NOT new.number OR old.sender IS NOT new.sender OR old.subject IS NOT new.subject BEGIN
	INSERT INTO letter_fts(letter_fts, rowid, number, sender, subject)
	VALUES ('delete', old.rowid, old.number, old.sender, old.subject);
	INSERT INTO letter_fts(rowid, number, sender, subject) VALUES (new.rowid, new.number, new.sender, new.subject);
END;
CREATE TRIGGER letter_fts_ad AFTER DELETE ON letter BEGIN
	INSERT INTO letter_fts(letter_fts, rowid, number, sender, subject)
	VALUES ('delete', old.rowid, old.number, old.sender, old.subject);
END;
