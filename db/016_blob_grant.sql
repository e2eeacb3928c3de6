-- 016_blob_grant: on the server, the desks that have shown they hold a
-- blob's bytes (uploaded it whole, or downloaded it as an attachment their
-- office sees). A desk may attach, HEAD or GET a blob only so: knowing a
-- hash is not holding the file, and attaching another office's hash must
-- not make it downloadable. Empty on desks. Also lets the server expire
-- blobs that no attachment refers to.
CREATE TABLE blob_grant (
	desk_id    TEXT NOT NULL,
	sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
	granted_at TEXT NOT NULL,
	PRIMARY KEY (desk_id, sha256)
) STRICT, WITHOUT ROWID;
CREATE INDEX blob_grant_sha ON blob_grant(sha256);
