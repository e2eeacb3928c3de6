-- 020: actions zilad runs itself for an identity whose key it holds (the
-- online channel of the citizens' side: Open311 requests, feedback and
-- appeals from the status page). Each keeps the canonical form its
-- identity signed and the signature, so `zilad audit verify` checks them
-- as it checks what desks pushed. Server only; never synced.
CREATE TABLE server_signed (
	mutation_id TEXT PRIMARY KEY,
	actor_id    TEXT NOT NULL,
	key_id      TEXT NOT NULL,
	signed      TEXT NOT NULL,
	sig         TEXT NOT NULL
) STRICT;

-- The secret keys zilad holds for its own identities (hex), in the server's
-- database, which never leaves the server: never synced, never sent.
CREATE TABLE server_secret (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;
