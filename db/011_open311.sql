-- 011: citizens reach the district (issue 12). A category is public when
-- the district agrees that its grievances' descriptions and replies may be
-- shown to anyone (a pothole, not a pension); Open311 shows only those.
-- Apps that speak Open311 to zilad hold an api_key; the server keeps only
-- its SHA-256 (the key is random and long, so no slow hash is needed).
ALTER TABLE category ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));

-- Server: apps registered with `zilad app add` (not synced).
CREATE TABLE open311_app (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	key_hash   TEXT NOT NULL UNIQUE CHECK (length(key_hash) = 64),
	created_at TEXT NOT NULL,
	revoked_at TEXT
) STRICT;
