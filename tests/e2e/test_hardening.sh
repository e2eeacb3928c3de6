#!/bin/sh
# zilad under abuse, end to end over HTTPS: a request without a valid
# token is refused before its body is read (a gzip bomb costs nothing),
# an authenticated one is bounded by the memory budget (zilad's peak RSS
# is measured), and 300+ slow connections from several addresses do not
# stop a desk from syncing.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
ZILAD_EXTRA_CONF='max_memory = 67108864
max_connections = 120
per_ip_connections = 40
auth_reserve = 20
auth_timeout = 5
throttle_ms = 200
desks_per_user = 2
'
start_zilad
SLOW=""
trap '[ -z "$SLOW" ] || kill $SLOW 2>/dev/null; stop_zilad; cleanup' EXIT

hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$ZPID/status"; }
# post PATH FILE [curl args]: prints the status; the body in $T/b
post() {
	p=$1 f=$2; shift 2
	zcurl -sS -o "$T/b" -w '%{http_code}' --cacert "$T/ca.pem" --data-binary "@$f" \
		-H 'Content-Type: application/json' "$@" "$URL$p"
}
digest() { for t in $SYNCED desk desk_token push_ledger blob login_throttle; do sqlite3 "$SRV" "SELECT * FROM $t ORDER BY 1, 2"; done | sha256sum; }

expect_ok "the clerk's desk enrols" enrol clerk clerk
# a password check takes 64 MB (argon2id): start afresh, so the peak
# measured below is what the requests cost
stop_zilad
start_zilad server "$PORT"
base=$(hwm)

# --- no work before the token -------------------------------------------------
# 200 MB of zeros in under 1 MB of gzip, sent many times at once
head -c 209715200 /dev/zero | gzip -1 > "$T/bomb.gz"
before=$(digest)
pids=""

: > "$T/zilad.log"
for i in $(seq 12); do
	{ post /v2/push "$T/bomb.gz" -H 'Content-Encoding: gzip' 2>/dev/null || true; echo; } > "$T/st.$i" &
	pids="$pids $!"
done
wait $pids || true
expect_match "a gzip bomb without a token is refused, every time (or cut while sending)" "$(cat "$T"/st.* | sort -u | tr '\n' ' ')" '^(000 )?401 $'
expect_eq "before a byte of its body was read" "$(grep -c 'POST /v2/push 401 in=0 ' "$T/zilad.log")" 12
expect_eq "with a bad token too" "$(post 2>/dev/null /v2/rows "$T/bomb.gz" -H 'Content-Encoding: gzip' -H "Authorization: Bearer $(printf '%064d' 7)")" 401
expect_eq "a blob upload without a token is refused" "$(zcurl -s -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" -X PATCH \
	--data-binary "@$T/bomb.gz" "$URL/v2/blobs/$(printf '%064d' 0)")" 401
rm -f "$T"/st.*
head -c 100000 /dev/zero > "$T/big.json"
post /v2/enrol "$T/big.json" >/dev/null 2>&1 || true
expect_eq "an enrolment body over 4 KB is refused unread" "$(grep -c 'POST /v2/enrol 413 in=0 ' "$T/zilad.log")" 1
printf '{"login":"clerk","password":"%s"}' "$(head -c 6000 /dev/zero | tr '\0' a)" | gzip -9 > "$T/e.gz"
expect_eq "a gzipped enrolment that grows past 4 KB is refused" "$(post /v2/enrol "$T/e.gz" -H 'Content-Encoding: gzip')" 413
unauth=$(hwm)

# --- bounded work after it ------------------------------------------------------
tok=$(token clerk)
pids=""
: > "$T/zilad.log"
for i in $(seq 12); do
	{ post /v2/push "$T/bomb.gz" -H 'Content-Encoding: gzip' -H "Authorization: Bearer $tok" 2>/dev/null || true; echo; } > "$T/st.$i" &
	pids="$pids $!"
done
wait $pids || true
# a refusal before the body is read may reach curl as a cut: count zilad's answers
expect_eq "a desk's gzip bomb is refused as too large (or busy), every time" \
	"$(grep -Ec 'desk=01 POST /v2/push (413|503) ' "$T/zilad.log")" 12
python3 -c 'import sys; sys.stdout.write("{\"entries\":[" + "{},"*1200000 + "{}]}")' | gzip -1 > "$T/objs.gz"
expect_eq "so is a body of a million empty objects (cheap text, costly JSON)" \
	"$(post /v2/push "$T/objs.gz" -H 'Content-Encoding: gzip' -H "Authorization: Bearer $tok")" 413
expect_match "saying why" "$(cat "$T/b")" "too many values"
expect_eq "the server database is unchanged" "$(digest)" "$before"
peak=$(hwm)
echo "# zilad VmHWM: at start ${base} kB, after 12 unauthenticated bombs ${unauth} kB, after authenticated bombs ${peak} kB"
expect_ok "unauthenticated bombs cost under 4 MB of peak memory" test $((unauth - base)) -lt 4096
expect_ok "authenticated bombs stay within the body budget (32 MB of max_memory 64 MB)" test $((peak - base)) -lt 40960

# --- slow connections -----------------------------------------------------------
reg() { "$ACT" "$(desk clerk)" clerk grievance.register "{\"citizen_name\":\"$1\",\"description\":\"d\",\"category\":\"LAND\"}" >/dev/null; }
for i in $(seq 20); do reg "Quiet $i"; done
t0=$(date +%s%N)
expect_ok "a desk syncs 20 actions on a quiet server" dsync clerk
quiet=$(( ($(date +%s%N) - t0) / 1000000 ))
for i in $(seq 20); do reg "Loud $i"; done
python3 "$srcdir/tests/e2e/slowloris.py" "$PORT" 320 14 > "$T/slow.out" &
SLOW=$!
sleep 4
t0=$(date +%s%N)
expect_ok "it syncs 20 more while 320 slow connections from 8 addresses press on" dsync clerk
loud=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "# sync: ${quiet} ms quiet, ${loud} ms under 320 slow connections"
expect_ok "within 10 s" test "$loud" -lt 10000
expect_eq "all 40 reached the server" "$(sqlite3 "$SRV" "select count(*) from grievance where citizen_name like 'Quiet%' or citizen_name like 'Loud%'")" 40
wait $SLOW || true
SLOW=""
echo "# slowloris: $(cat "$T/slow.out")"
expect_match "the slow connections were cut and came back" "$(cat "$T/slow.out")" "^made [0-9]{3,} cut [0-9]{3,}$"
expect_ok "zilad is still there" kill -0 "$ZPID"
echo "# zilad VmHWM after the slow connections: $(hwm) kB"

# --- logins and guessing --------------------------------------------------------
# enrolj LOGIN PASSWORD: a raw enrolment; prints the status, the body in $T/b
enrolj() {
	printf '{"login":"%s","password":"%s","name":"t"}' "$1" "$2" > "$T/e.json"
	post /v2/enrol "$T/e.json"
}
records() { for t in $SYNCED desk desk_token push_ledger blob; do sqlite3 "$SRV" "SELECT * FROM $t ORDER BY 1, 2"; done | sha256sum; }
before=$(records)
for l in CLERK Clerk clerk; do enrolj "$l" wrong > /dev/null; done
expect_eq "wrong passwords for CLERK, Clerk and clerk are one login's count" \
	"$(sqlite3 "$SRV" "select group_concat(key || '=' || failures) from login_throttle where key like 'login:%'")" "login:clerk=3"
# three free failures are spent: the next guesses wait 200, 400, 800 ms (throttle_ms = 200)
t0=$(date +%s%N)
pids=""
for i in 1 2 3; do { enrolj clerk "wrong$i" || true; echo; } > "$T/g.$i" & pids="$pids $!"; done
wait $pids || true
took=$(( ($(date +%s%N) - t0) / 1000000 ))
echo "# 3 parallel wrong guesses took ${took} ms"
expect_eq "three parallel wrong guesses are each refused" "$(cat "$T"/g.* | sort -u | tr -d '\n')" 401
expect_ok "and queue behind the throttle: at least 200 + 400 + 800 ms" test "$took" -ge 1400
expect_eq "all counted" "$(sqlite3 "$SRV" "select failures from login_throttle where key = 'login:clerk'")" 6
expect_eq "the server's records are unchanged by them" "$(records)" "$before"
t0=$(date +%s%N)
expect_eq "the right password, in capitals, still waits its turn and enrols" "$(enrolj CLERK password1)" 200
took=$(( ($(date +%s%N) - t0) / 1000000 ))
expect_ok "after 1.6 s" test "$took" -ge 1600
expect_match "as clerk" "$(sqlite3 "$SRV" "select login from desk_token order by created_at desc limit 1")" "^clerk$"
expect_eq "and the login's count is cleared" "$(sqlite3 "$SRV" "select count(*) from login_throttle where key = 'login:clerk'")" 0

# --- desk codes: two a login here (desks_per_user = 2) --------------------------
expect_eq "clerk holds two desks now" "$(sqlite3 "$SRV" "select count(*) from desk_token where login = 'clerk' and revoked_at is null")" 2
before=$(digest)
expect_eq "a third is refused" "$(enrolj clerk password1)" 403
expect_match "saying which desks and what to do" "$(cat "$T/b")" "clerk already has 2 active desks \(01, 02\).*zilad desk revoke CODE"
expect_eq "and no desk is made" "$(digest)" "$before"
expect_exit 1 "zila enrol shows the same" enrol third clerk
expect_match "to the user" "$err" "already has 2 active desks"
expect_ok "an admin revokes one" "$ZILAD" desk revoke 02 --db "$SRV"
expect_eq "then clerk may enrol another" "$(enrolj clerk password1)" 200
expect_eq "which gets a new code" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["desk_code"])' "$T/b")" 03
finish
