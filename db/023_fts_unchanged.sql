-- 023: the search index of a letter or grievance is rewritten only when its
-- searched text changed. A desk applies each pulled row as one update of
-- every column, and the server's row differs from the desk's in its
-- version and times, not its text: each applied grievance rewrote its
-- trigram index entry (a delete and an insert of every three letters of
-- its description) and wrote one more FTS segment to merge.
DROP TRIGGER IF EXISTS letter_fts_au;
CREATE TRIGGER letter_fts_au AFTER UPDATE OF number, sender, subject ON letter
WHEN old.number IS NOT new.number OR old.sender IS NOT new.sender OR old.subject IS NOT new.subject BEGIN
	DELETE FROM letter_fts WHERE rowid = old.rowid;
	INSERT INTO letter_fts(rowid, number, sender, subject) VALUES (new.rowid, new.number, new.sender, new.subject);
END;
DROP TRIGGER IF EXISTS grievance_fts_au;
CREATE TRIGGER grievance_fts_au AFTER UPDATE OF number, citizen_name, subject, description ON grievance
WHEN old.number IS NOT new.number OR old.citizen_name IS NOT new.citizen_name OR old.subject IS NOT new.subject
	OR old.description IS NOT new.description BEGIN
	UPDATE grievance_fts SET number = new.number, citizen = new.citizen_name,
		description = new.subject || ' ' || new.description WHERE rowid = old.rowid;
END;
