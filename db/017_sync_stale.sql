-- 017: a desk that starts over from a snapshot (the server no longer knows
-- its cursor, or was restored from a backup) keeps its rows while the
-- snapshot comes, so people can still log in and work if the link breaks
-- part way: every synced row is listed here, each row the snapshot brings
-- is struck off, and those left when the snapshot ends are removed.
CREATE TABLE sync_stale (
	tbl    TEXT NOT NULL,
	row_id TEXT NOT NULL,
	PRIMARY KEY (tbl, row_id)
) STRICT, WITHOUT ROWID;
