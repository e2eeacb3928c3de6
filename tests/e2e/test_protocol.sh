#!/bin/sh
# The sync protocol's version, both ways: zilad answers a request of
# another version with 426 and why (before reading its body), and a desk
# refuses a server that does not speak its version (a fake zilad answering
# with another Zila-Protocol header, or none), changing nothing.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad
expect_ok "the clerk's desk enrols" enrol clerk clerk
tok=$(token clerk)

# --- the server refuses another version -----------------------------------
printf '{"entries":[]}' > "$T/empty.json"
# req PATH [curl args]: the status; the reply's body in $T/r, headers in $T/h
req() { p=$1; shift; curl -sS -o "$T/r" -D "$T/h" -w '%{http_code}' --cacert "$T/ca.pem" -H "Authorization: Bearer $tok" "$@" "$URL$p"; }
expect_eq "a protocol 2 push (a /v2 path): 426" "$(req /v2/push -H 'Content-Type: application/json' --data-binary @"$T/empty.json")" 426
expect_match "saying who must update" "$(cat "$T/r")" '"error":"this desk speaks sync protocol 2, the server 3: update zila"'
expect_match "the refusal names the server's protocol too" "$(tr -d '\r' < "$T/h")" '^Zila-Protocol: 3$'
expect_match "and nothing of the body was read" "$(grep 'POST /v2/push 426' "$T/zilad.log")" ' in=0 '
expect_eq "a protocol 2 pull: 426" "$(req '/v2/pull?cursor=0')" 426
expect_eq "a /v3 path with Zila-Protocol: 2: 426" "$(req /v3/push -H 'Zila-Protocol: 2' --data-binary @"$T/empty.json")" 426
expect_match "saying so" "$(cat "$T/r")" "speaks sync protocol 2, the server 3"
expect_eq "a newer desk (Zila-Protocol: 4): 426" "$(req '/v3/pull?cursor=0' -H 'Zila-Protocol: 4')" 426
expect_match "telling to update the server" "$(cat "$T/r")" "protocol 4, the server 3: update zilad"
expect_eq "a /v3 request without the header: 426" "$(req '/v3/pull?cursor=0')" 426
expect_match "saying which header to send" "$(cat "$T/r")" "send Zila-Protocol: 3"
expect_eq "a header that is not a number: 426" "$(req '/v3/pull?cursor=0' -H 'Zila-Protocol: two')" 426
expect_eq "a right request is answered" "$(req '/v3/pull?cursor=0' -H 'Zila-Protocol: 3')" 200
expect_match "naming the protocol" "$(tr -d '\r' < "$T/h")" '^Zila-Protocol: 3$'
expect_eq "health answers monitoring without the header" "$(req /v3/health)" 200
expect_match "with the protocol in the body" "$(cat "$T/r")" '"protocol":3'
expect_eq "an unknown path is still 404" "$(req /nothing)" 404
expect_ok "the desk, which speaks 3, syncs" dsync clerk

# --- the desk refuses another version ---------------------------------------
"$ACT" "$(desk clerk)" admin master.block '{"lgd_code":"77%d","name_en":"Block %d"}' 2 >/dev/null
before=$(sqlite3 "$(desk clerk)" "select client_seq, state from outbox order by client_seq; select value from meta where key = 'sync_cursor'")
real_url=$URL
# fake PROTOCOL: a fake zilad answering with that Zila-Protocol ("-": none); sets FPID, FURL
fake() {
	python3 "$srcdir/tests/e2e/fakezilad.py" "$T/server.pem" "$T/server.key" "$1" > "$T/fake.port" &
	FPID=$!
	for _ in $(seq 600); do [ -s "$T/fake.port" ] && break; sleep 0.05; done
	[ -s "$T/fake.port" ] || { echo "the fake zilad did not start"; exit 1; }
	FURL="https://localhost:$(cat "$T/fake.port")"
}
point() { sqlite3 "$(desk clerk)" "update meta set value = '$1' where key = 'sync_url'"; }
fake 2
point "$FURL"
expect_exit 1 "a desk refuses a server of protocol 2" dsync clerk
expect_match "saying the server must be updated" "$err" "the server speaks sync protocol 2; this desk needs 3: update zilad"
expect_exit 1 "enrolment refuses it too" env ZILA_USER=clerk "$ZILA" --db "$(desk new1)" enrol "$FURL" --ca "$T/ca.pem"
expect_match "for the same reason" "$err" "sync protocol 2; this desk needs 3"
expect_eq "and makes no database" "$(test -e "$(desk new1)" && echo yes || echo no)" no
kill "$FPID"; wait "$FPID" 2>/dev/null || true
fake -
point "$FURL"
expect_exit 1 "a desk refuses a server that names no protocol" dsync clerk
expect_match "saying so" "$err" "does not say which sync protocol it speaks.*update zilad"
kill "$FPID"; wait "$FPID" 2>/dev/null || true
fake 4
point "$FURL"
expect_exit 1 "a desk refuses a newer server" dsync clerk
expect_match "telling to update the desk" "$err" "the server speaks sync protocol 4; this desk needs 3: update zila$"
kill "$FPID"; wait "$FPID" 2>/dev/null || true
expect_eq "the desk's outbox and cursor did not move" "$(sqlite3 "$(desk clerk)" "select client_seq, state from outbox order by client_seq; select value from meta where key = 'sync_cursor'")" "$before"
point "$real_url"
expect_ok "back on the real server, the desk syncs" dsync clerk
expect_eq "and its actions arrived" "$(sqlite3 "$SRV" "select count(*) from block where lgd_code like '77%'")" 2

finish
