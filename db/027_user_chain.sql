-- 027: each user's outbox entries are chained to that user's previous
-- entry on the desk, no longer to the desk's previous entry (sync protocol
-- 3, include/zila/sign.h): queuing an action looks up its user's last
-- entry, which this index keeps to one step however long the outbox.
CREATE INDEX outbox_actor ON outbox(actor_id, client_seq);

-- The entries queued before this migration were chained desk-wide and
-- stay as they were signed (re-linking them would need every user's key,
-- since prev is signed content): the desk tells zilad where they end, so
-- that their links to other users' entries are not taken for a forged
-- chain. No row on a new desk, or on one whose outbox was empty.
INSERT OR REPLACE INTO meta(key, value)
	SELECT 'sync_desk_chained_to', CAST(max(client_seq) AS TEXT) FROM outbox HAVING count(*) > 0;
