#!/bin/sh
# A desk upgraded to sync protocol 3 with entries still pending in its
# outbox, queued by protocol 2: chained to the desk's entry before them,
# whoever's, and signed so. They push unchanged after the upgrade (the
# desk tells zilad where they end, migration 027), the users' next entries
# chain to their own, and `zilad audit verify` proves every one of them.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad
expect_ok "the counter desk enrols" enrol counter clerk
expect_ok "a second Collectorate desk enrols (as the Collector: one login has at most three)" enrol other collector
dsync counter
dsync other
# the clerk and the collector take turns, as at a counter
work() { # work DESK TAG: four actions, the users taking turns
	g=$("$ACT" "$(desk "$1")" clerk grievance.register "{\"citizen_name\":\"$2\",\"description\":\"d\",\"category\":\"LAND\"}" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])')
	"$ACT" "$(desk "$1")" collector grievance.note "{\"grievance\":\"$g\",\"note\":\"$2 seen\"}" >/dev/null
	"$ACT" "$(desk "$1")" clerk grievance.note "{\"grievance\":\"$g\",\"note\":\"$2 called\"}" >/dev/null
	"$ACT" "$(desk "$1")" collector grievance.note "{\"grievance\":\"$g\",\"note\":\"$2 done\"}" >/dev/null
}
cross() { sqlite3 "$(desk "$1")" "select count(*) from outbox a join outbox b on b.prev = a.hash where a.actor_id <> b.actor_id"; }
work counter Asha
work other Bela
expect_eq "a desk of protocol 3 chains each user's entries to their own" "$(cross counter)" 0
expect_ok "the pending entries made as a desk of protocol 2 made them" "$ACT" --protocol2 "$(desk counter)" clerk collector
expect_eq "chained across users" "$(cross counter)" 3
expect_eq "the file is of schema 26 again" "$(sqlite3 "$(desk counter)" "pragma user_version")" 26
expect_ok "the upgraded desk syncs" dsync counter
expect_eq "the upgrade marked where the old entries end" \
	"$(sqlite3 "$(desk counter)" "select value = (select max(client_seq) from outbox) from meta where key = 'sync_desk_chained_to'")" 1
expect_eq "all four arrived" "$(sqlite3 "$SRV" "select count(*) from grievance_event where note like 'Asha %'")" 3
expect_eq "none refused" "$(sqlite3 "$SRV" "select count(*) from push_ledger where state <> 'applied'")" 0
work counter Chand
expect_eq "the users' next entries chain to their own" "$(sqlite3 "$(desk counter)" "select count(*) from outbox a join outbox b on b.prev = a.hash
	where a.actor_id = b.actor_id and b.mutation_id in (select mutation_id from outbox where state = 'pending')")" 4
expect_ok "and sync" dsync counter
expect_eq "none refused" "$(sqlite3 "$SRV" "select count(*) from push_ledger where state <> 'applied'")" 0
expect_eq "with one signature per user where their entries link" \
	"$(sqlite3 "$SRV" "select count(*) from push_ledger where sig is not null and client_seq > (select max(client_seq) - 4 from push_ledger)")" 2
expect_ok "zilad audit verify proves every pushed action, the old links and the new" "$ZILAD" audit verify --db "$SRV"
expect_match "none failed" "$out" "^[1-9][0-9]* pushed actions verified against their users' signatures, 0 failed"
# the same old entries, but zilad not told where they end: their links
# across users are taken for forged chains (what desk_chained_to is for)
expect_ok "the other desk's entries made as protocol 2 made them" "$ACT" --protocol2 "$(desk other)" clerk collector
expect_ok "the desk upgraded (any command opens it)" "$ZILA" --db "$(desk other)" sync --problems
sqlite3 "$(desk other)" "delete from meta where key = 'sync_desk_chained_to'"
expect_exit 1 "its sync reports refusals" dsync other
expect_match "of the links across users" "$("$ZILA" --db "$(desk other)" sync --problems)" "names another user's entry"
expect_eq "no note of its arrived" "$(sqlite3 "$SRV" "select count(*) from grievance_event where note like 'Bela %'")" 0
finish
