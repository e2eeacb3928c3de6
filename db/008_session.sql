-- Logins that last a working session (issue 13): a command on the desk no
-- longer runs argon2id every time. The token is in a file only the person
-- can read (src/cli/session.c); the desk keeps its hash, so a copy of the
-- desk file alone resumes nothing. `secret` is what the session must carry
-- besides the identity (the user's unsealed signing key), sealed under a
-- key derived from the token. Desk-local: never synced.
CREATE TABLE desk_session (
	token_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL,
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	secret BLOB
) WITHOUT ROWID;
CREATE INDEX desk_session_user ON desk_session(user_id);
