-- 024: what each randomisation read, and the places exemptions released,
-- kept so that `zila election verify` re-runs any past run on exactly its
-- inputs and finds every row it wrote, however the masters changed since
-- (src/core/election_inputs.c says why a kept copy and not versioned
-- masters). Both synced like the rest of the election's rows.

-- The inputs of one run: the text its inputs_hash is the SHA-256 of (one
-- line a row: rules, constituencies, stations, officials not exempt, what
-- earlier runs ordered), deflated and in base64 (synced rows travel as
-- JSON text). bytes: the text's length.
CREATE TABLE el_run_input (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	run_id TEXT NOT NULL UNIQUE REFERENCES el_run(id),
	bytes  INTEGER NOT NULL CHECK (bytes >= 0),
	data   TEXT NOT NULL
) STRICT;

-- A posting an exemption released: the el_posting row as the runs wrote
-- it (same id), moved here when its official was exempted, so the runs
-- that wrote it still find it. created_at: when it was released.
CREATE TABLE el_posting_released (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	election_id     TEXT NOT NULL REFERENCES el_election(id),
	official_id     TEXT NOT NULL REFERENCES el_official(id),
	constituency_id TEXT NOT NULL REFERENCES el_constituency(id),
	slot       TEXT NOT NULL CHECK (slot IN ('wp', 'wo', 'gp', 'go')),
	run_seq    INTEGER NOT NULL,
	party_id   TEXT REFERENCES el_party(id),
	seat       INTEGER CHECK (seat BETWEEN 0 AND 3),
	party_run_seq INTEGER
) STRICT;
CREATE INDEX el_posting_released_run ON el_posting_released(election_id, run_seq);
