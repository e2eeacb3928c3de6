-- 019: every user's Ed25519 key pair, and signed actions (issue 9,
-- include/zila/sign.h). On app_user (synced): the current key's id and
-- public key, and the secret key sealed under the user's password with its
-- salt. The server sends the sealed key (and salt) only to desks of the
-- user's own office and pw_hash to none: a desk checks a password by
-- opening the sealed key. Users made before this migration keep pw_hash
-- (they log in on the server, and on their own desk) until `zilad user
-- reset` gives them a key; until then their actions are refused unsigned.
ALTER TABLE app_user ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN sign_pk TEXT NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN key_salt TEXT NOT NULL DEFAULT '';
ALTER TABLE app_user ADD COLUMN sealed_sk TEXT NOT NULL DEFAULT '';

-- Every public key a user has had, with when it was current: a reset
-- issues a new pair, and signatures made with the old one stay
-- verifiable. Written by the user actions wherever they run; the server's
-- copy is the one that judges. Never synced.
CREATE TABLE user_key (
	key_id     TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL,
	sign_pk    TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to   TEXT
) STRICT;
CREATE INDEX user_key_user ON user_key(user_id);

-- Desk: each outbox entry's place in the desk's hash chain and its
-- user's signature over its canonical form (NULL: made before this
-- migration, or by a tool without the user's key: the server refuses it).
ALTER TABLE outbox ADD COLUMN prev TEXT;
ALTER TABLE outbox ADD COLUMN hash TEXT;
ALTER TABLE outbox ADD COLUMN sig TEXT;

-- Server: what each pushed entry's user signed (its canonical form), the
-- signature when the entry carried one, the key that verified it, and
-- the client_seq of the entry whose signature covers it through the chain.
-- `zilad audit verify` checks them all again.
ALTER TABLE push_ledger ADD COLUMN signed TEXT;
ALTER TABLE push_ledger ADD COLUMN sig TEXT;
ALTER TABLE push_ledger ADD COLUMN key_id TEXT;
ALTER TABLE push_ledger ADD COLUMN signed_by INTEGER;
