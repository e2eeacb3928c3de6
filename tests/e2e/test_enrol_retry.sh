#!/bin/sh
# Enrolling over a link that loses the answer (a cut at the worst moment):
# zilad made the desk, the desk never heard of it and its transport sent
# the request again. The retry names the same enrolment, so zilad gives
# back the desk it made, with a fresh token: one desk, one of the user's
# desk slots (desks_per_user = 1 here, where a second desk would be
# refused and the enrolment would fail), and the desk syncs with the
# token it holds. A new enrolment of the same user is still refused.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
export ZILA_PASSWORD=password1
make_certs
setup_server
# three wrong passwords make the fourth check wait 3 s: the relay tells
# that answer (after a quiet link of 1.5 s) from the handshake's
ZILAD_EXTRA_CONF="throttle_ms = 3000
desks_per_user = 1"
start_zilad
python3 "$srcdir/tests/e2e/losereply.py" "$PORT" 1.5 > "$T/relay.port" 2> "$T/lost" &
RPID=$!
trap 'kill $RPID 2>/dev/null; stop_zilad; cleanup' EXIT
for _ in $(seq 100); do [ -s "$T/relay.port" ] && break; sleep 0.05; done
RURL="https://localhost:$(cat "$T/relay.port")"

for _ in 1 2 3; do ZILA_PASSWORD=wrong-pass ZILA_USER=clerk "$ZILA" --db "$T/wrong.db" enrol "$URL" --ca "$T/ca.pem" --quiet 2>/dev/null || true; done
expect_eq "three wrong passwords make no desk" "$(sqlite3 "$SRV" "select count(*) from desk_token where login = 'clerk'")" 0
expect_ok "the clerk's desk enrols though the first answer is lost" \
	env ZILA_USER=clerk "$ZILA" --db "$(desk c)" enrol "$RURL" --ca "$T/ca.pem" --quiet
expect_eq "the relay lost one answer" "$(grep -c lost "$T/lost")" 1
expect_eq "zilad enrolled twice, both answered 200" "$(grep -c 'POST /v3/enrol 200' "$T/zilad.log")" 2
expect_eq "one desk for the clerk, not revoked" \
	"$(sqlite3 "$SRV" "select count(*) || ' ' || count(revoked_at) from desk_token where login = 'clerk'")" "1 0"
expect_eq "one desk.enrol in the audit log" \
	"$(sqlite3 "$SRV" "select count(*) from audit_log a join app_user u on u.id = a.actor_id where a.action = 'desk.enrol' and u.login = 'clerk'")" 1
expect_eq "the desk holds that desk's code" "$(sqlite3 "$(desk c)" "select value from meta where key = 'desk_code'")" \
	"$(sqlite3 "$SRV" "select d.code from desk d join desk_token t on t.desk_id = d.id where t.login = 'clerk'")"
"$ACT" "$(desk c)" clerk grievance.register '{"citizen_name":"Lost Answer","description":"d","category":"LAND"}' >/dev/null
expect_ok "and syncs with the token it holds" dsync c
expect_eq "its grievance is on the server" "$(sqlite3 "$SRV" "select count(*) from grievance where citizen_name = 'Lost Answer'")" 1
out=$(ZILA_USER=clerk "$ZILA" --db "$(desk c2)" enrol "$URL" --ca "$T/ca.pem" --quiet 2>&1) && rc=0 || rc=$?
expect_eq "another desk of the clerk is refused: the one slot is taken" "$([ "$rc" -ne 0 ] && echo refused)" refused
expect_match "saying so" "$out" "clerk already has 1 active desk"
expect_eq "a bad enrolment id is refused" "$(curl -sS -o "$T/r" -w '%{http_code}' --cacert "$T/ca.pem" -H 'Zila-Protocol: 3' \
	-H 'Content-Type: application/json' --data '{"login":"collector","password":"password1","enrolment":"XYZ"}' "$URL/v3/enrol")" 400
expect_match "naming it" "$(cat "$T/r")" "enrolment must be 32 lowercase hex digits"
finish
