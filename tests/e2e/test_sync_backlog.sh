#!/bin/sh
# A long backlog over a link that breaks often: 3,000 actions waiting on a
# desk, pushed through a relay that cuts the link every 10 KB (both
# directions, across connections). Push batches and pull pages shrink
# after a cut and grow back after successes, and each batch the server
# applied is remembered at once, so the backlog goes through and the
# pages come back; then the Revenue desk pulls its 1,500 new grievances
# through the same link. Prints how long it took.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad
enrol clerk clerk
enrol rev rev.officer
python3 "$srcdir/tests/e2e/cutrelay.py" "$PORT" 10240 0 > "$T/relay.port" 2> "$T/cuts" &
RPID=$!
trap 'kill $RPID 2>/dev/null; stop_zilad; cleanup' EXIT
for _ in $(seq 100); do [ -s "$T/relay.port" ] && break; sleep 0.05; done
RURL="https://localhost:$(cat "$T/relay.port")"

"$ACT" "$(desk clerk)" clerk grievance.register '{"citizen_name":"Backlog %d","description":"a grievance typed while the line was down","category":"LAND"}' 1500 >/dev/null
"$ACT" "$(desk clerk)" clerk grievance.register '{"citizen_name":"Backlog road %d","description":"a grievance typed while the line was down","category":"ROAD"}' 1500 >/dev/null
expect_eq "3,000 actions wait" "$(sqlite3 "$(desk clerk)" "select count(*) from outbox where state = 'pending'")" 3000

# until_synced NAME: zila sync through the relay until one ends well (at most 10)
until_synced() {
	for i in $(seq 10); do
		dsync "$1" --server "$RURL" >> "$T/sync.$1" 2>&1 && { echo "$i"; return 0; }
	done
	echo "never"; return 1
}
start=$(date +%s.%N)
runs=$(until_synced clerk)
push_s=$(echo "$(date +%s.%N) - $start" | bc)
expect_match "the backlog went through ($runs syncs)" "$runs" "^[0-9]+$"
cuts=$(grep -c cut "$T/cuts" || true)
expect_match "through many cuts ($cuts)" "$cuts" "^([2-9][0-9]|[1-9][0-9][0-9]+)$"
expect_eq "nothing waits" "$(sqlite3 "$(desk clerk)" "select count(*) from outbox where state <> 'applied'")" 0
expect_eq "the server has each grievance once" "$(sqlite3 "$SRV" "select count(*), count(distinct number) from grievance where citizen_name like 'Backlog %'")" "3000|3000"
batch=$(sqlite3 "$(desk clerk)" "select value from meta where key = 'sync_batch_bytes'")
# it starts at 1 MiB and grows back by half after each success, so how far
# it has grown again when the backlog ends depends on the machine's pace
# (134,658 B seen under the sanitizers); through a link cut every 10 KB it
# stays far below the full size
if [ -n "$batch" ] && [ "$batch" -lt 524288 ]; then ok "the push batch shrank to fit the link ($batch bytes, from 1 MiB)"
else not_ok "the push batch did not shrink: '$batch' bytes"; fi

start=$(date +%s.%N)
before=$(grep -c cut "$T/cuts" || true)
runs=$(until_synced rev)
pull_s=$(echo "$(date +%s.%N) - $start" | bc)
expect_match "the Revenue desk's pull pages went through the same link ($runs syncs, $(( $(grep -c cut "$T/cuts") - before )) cuts)" "$runs" "^[0-9]+$"
expect_eq "it has its 1,500 new grievances" "$(sqlite3 "$(desk rev)" "select count(*) from grievance where citizen_name like 'Backlog %'")" 1500
code=$(sqlite3 "$(desk rev)" "select value from meta where key = 'desk_code'")
pages=$(grep -c "desk=$code GET /v3/pull 200" "$T/zilad.log")
expect_match "in pages shrunk to fit the link ($pages pages, 2 would do at full size)" "$pages" "^([1-9][0-9]+)$"
converged clerk rev

# --- a link that breaks in every TLS handshake -----------------------------
python3 "$srcdir/tests/e2e/cutrelay.py" "$PORT" 300 0 > "$T/hs.port" 2>/dev/null &
HPID=$!
for _ in $(seq 100); do [ -s "$T/hs.port" ] && break; sleep 0.05; done
"$ACT" "$(desk clerk)" clerk grievance.note "{\"grievance\":\"$(sqlite3 "$(desk clerk)" "select number from grievance limit 1")\",\"note\":\"n\"}" >/dev/null
expect_exit 1 "a sync whose every handshake is cut fails" env ZILA_SYNC_RETRIES=1 "$ZILA" --db "$(desk clerk)" sync --quiet \
	--server "https://localhost:$(cat "$T/hs.port")"
kill $HPID; wait $HPID 2>/dev/null || true
expect_match "saying the link broke" "$err" "link to .* broke during the TLS handshake"
expect_eq "not that a certificate failed" "$(printf '%s' "$err" | grep -ci "certificate\|TLS:" || true)" 0
expect_ok "over a good link it goes on" dsync clerk
echo "# backlog: 3,000 actions pushed and pulled back through a link cut every 10 KB in $push_s s; 1,500 grievances (3,000 rows) pulled by another desk in $pull_s s; $(grep -c cut "$T/cuts") cuts"
finish
