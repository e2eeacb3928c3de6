-- 021: election staff randomisation (include/zila/election.h). Masters
-- (constituencies, polling stations, offices, officials), the rules of an
-- election, and what its three randomisations ordered. All synced; only
-- the election cell's desks and the Collectorate's see them (pull.c).

CREATE TABLE el_constituency (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code    TEXT NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_hi TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE el_station (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code    TEXT NOT NULL UNIQUE,
	constituency_id TEXT NOT NULL REFERENCES el_constituency(id),
	name_en TEXT NOT NULL,
	name_hi TEXT NOT NULL DEFAULT '',
	women   INTEGER NOT NULL DEFAULT 0 CHECK (women IN (0, 1)), -- women-managed
	model   INTEGER NOT NULL DEFAULT 0 CHECK (model IN (0, 1))
) STRICT;
CREATE INDEX el_station_ac ON el_station(constituency_id);

CREATE TABLE el_office (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code    TEXT NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_hi TEXT NOT NULL DEFAULT '',
	kind    TEXT NOT NULL CHECK (kind IN ('government', 'bank', 'psu'))
) STRICT;

CREATE TABLE el_official (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	employee_id TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	gender      TEXT NOT NULL CHECK (gender IN ('F', 'M', 'O')),
	office_id   TEXT NOT NULL REFERENCES el_office(id),
	designation TEXT NOT NULL DEFAULT '',
	pay_level   INTEGER NOT NULL CHECK (pay_level BETWEEN 1 AND 18),
	home_ac_id    TEXT REFERENCES el_constituency(id),
	posting_ac_id TEXT REFERENCES el_constituency(id),
	mobile      TEXT NOT NULL DEFAULT '',
	exempt      INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0, 1)),
	exempt_reason TEXT NOT NULL DEFAULT ''
) STRICT;

-- An election and its rules. polling_officers: members beside the
-- presiding officer (1 to 3); po_min_level: the lowest pay level that may
-- preside; reserve_pct: parties (and so officials) beyond the stations.
CREATE TABLE el_election (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	code    TEXT NOT NULL UNIQUE,
	name_en TEXT NOT NULL,
	name_hi TEXT NOT NULL DEFAULT '',
	polling_officers INTEGER NOT NULL DEFAULT 3 CHECK (polling_officers BETWEEN 1 AND 3),
	po_min_level     INTEGER NOT NULL DEFAULT 6 CHECK (po_min_level BETWEEN 1 AND 18),
	reserve_pct      INTEGER NOT NULL DEFAULT 10 CHECK (reserve_pct BETWEEN 0 AND 50),
	distinct_office  INTEGER NOT NULL DEFAULT 1 CHECK (distinct_office IN (0, 1)),
	not_home         INTEGER NOT NULL DEFAULT 1 CHECK (not_home IN (0, 1)),
	women_only       INTEGER NOT NULL DEFAULT 1 CHECK (women_only IN (0, 1))
) STRICT;

-- One row per randomisation run: its number within the election, its
-- stage (1 officials to constituencies, 2 into parties, 3 parties to
-- stations), the seed and the hashes of what it read and what it wrote.
CREATE TABLE el_run (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	election_id TEXT NOT NULL REFERENCES el_election(id),
	seq         INTEGER NOT NULL,
	stage       INTEGER NOT NULL CHECK (stage IN (1, 2, 3)),
	seed        TEXT NOT NULL,
	inputs_hash TEXT NOT NULL,
	result_hash TEXT NOT NULL,
	filled      INTEGER NOT NULL,
	actor_id    TEXT NOT NULL,
	UNIQUE (election_id, seq)
) STRICT;

-- A polling party of a constituency; station_id is set by stage 3 (NULL:
-- a reserve party). women: formed for a women-managed station.
CREATE TABLE el_party (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	election_id     TEXT NOT NULL REFERENCES el_election(id),
	constituency_id TEXT NOT NULL REFERENCES el_constituency(id),
	number     INTEGER NOT NULL,
	women      INTEGER NOT NULL DEFAULT 0 CHECK (women IN (0, 1)),
	station_id TEXT REFERENCES el_station(id),
	run_seq    INTEGER NOT NULL,  -- the run that formed it
	station_run_seq INTEGER,      -- the run that sent it to its station
	UNIQUE (election_id, constituency_id, number)
) STRICT;

-- An official's place in an election: the constituency (stage 1) and the
-- party and seat (stage 2; 0 presiding, 1-3 polling officer). slot says
-- what stage 1 drew them for: 'wp' women presiding, 'wo' women polling,
-- 'gp' presiding, 'go' polling.
CREATE TABLE el_posting (
	id TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
	election_id     TEXT NOT NULL REFERENCES el_election(id),
	official_id     TEXT NOT NULL REFERENCES el_official(id),
	constituency_id TEXT NOT NULL REFERENCES el_constituency(id),
	slot       TEXT NOT NULL CHECK (slot IN ('wp', 'wo', 'gp', 'go')),
	run_seq    INTEGER NOT NULL,
	party_id   TEXT REFERENCES el_party(id),
	seat       INTEGER CHECK (seat BETWEEN 0 AND 3),
	party_run_seq INTEGER,
	UNIQUE (election_id, official_id)
) STRICT;
CREATE INDEX el_posting_party ON el_posting(party_id);
