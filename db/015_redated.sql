-- 015: a desk's own record of receipts the server had to re-date. A
-- grievance registered on a desk whose clock was outside the bounds
-- zilad believes (zilad(8)) gets the server's day, and so another due
-- date: the citizen's receipt is then wrong, and the clerk must know.
CREATE TABLE redated (
	number         TEXT PRIMARY KEY,
	was_registered TEXT NOT NULL,
	was_due        TEXT NOT NULL,
	now_registered TEXT NOT NULL,
	now_due        TEXT NOT NULL,
	at             TEXT NOT NULL     -- when the desk learnt it
) STRICT, WITHOUT ROWID;
