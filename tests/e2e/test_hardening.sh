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
# each desk in a folder of its own: a desk's blob store is beside its database
desk() { mkdir -p "$T/$1"; echo "$T/$1/desk.db"; }
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
	{ post /v3/push "$T/bomb.gz" -H 'Content-Encoding: gzip' 2>/dev/null || true; echo; } > "$T/st.$i" &
	pids="$pids $!"
done
wait $pids || true
expect_match "a gzip bomb without a token is refused, every time (or cut while sending)" "$(cat "$T"/st.* | sort -u | tr '\n' ' ')" '^(000 )?401 $'
expect_eq "before a byte of its body was read" "$(grep -c 'POST /v3/push 401 in=0 ' "$T/zilad.log")" 12
# zilad answers before the body, so curl, still sending, may see the cut
# (000) rather than the 401: zilad's own log says what it answered
expect_match "with a bad token too (or cut while sending)" \
	"$(post 2>/dev/null /v3/rows "$T/bomb.gz" -H 'Content-Encoding: gzip' -H "Authorization: Bearer $(printf '%064d' 7)")" '^(000|401)$'
expect_eq "refused before its body was read" "$(grep -c 'POST /v3/rows 401 in=0 ' "$T/zilad.log")" 1
expect_match "a blob upload without a token is refused (or cut while sending)" "$(zcurl -s -o /dev/null -w '%{http_code}' \
	--cacert "$T/ca.pem" -X PATCH --data-binary "@$T/bomb.gz" "$URL/v3/blobs/$(printf '%064d' 0)")" '^(000|401)$'
expect_eq "before a byte of it was read" "$(grep -c "PATCH /v3/blobs/$(printf '%064d' 0) 401 in=0 " "$T/zilad.log")" 1
rm -f "$T"/st.*
head -c 100000 /dev/zero > "$T/big.json"
post /v3/enrol "$T/big.json" >/dev/null 2>&1 || true
expect_eq "an enrolment body over 4 KB is refused unread" "$(grep -c 'POST /v3/enrol 413 in=0 ' "$T/zilad.log")" 1
printf '{"login":"clerk","password":"%s"}' "$(head -c 6000 /dev/zero | tr '\0' a)" | gzip -9 > "$T/e.gz"
expect_eq "a gzipped enrolment that grows past 4 KB is refused" "$(post /v3/enrol "$T/e.gz" -H 'Content-Encoding: gzip')" 413
unauth=$(hwm)

# --- bounded work after it ------------------------------------------------------
tok=$(token clerk)
pids=""
: > "$T/zilad.log"
for i in $(seq 12); do
	{ post /v3/push "$T/bomb.gz" -H 'Content-Encoding: gzip' -H "Authorization: Bearer $tok" 2>/dev/null || true; echo; } > "$T/st.$i" &
	pids="$pids $!"
done
wait $pids || true
# a refusal before the body is read may reach curl as a cut: count zilad's answers
expect_eq "a desk's gzip bomb is refused as too large (or busy), every time" \
	"$(grep -Ec 'desk=01 POST /v3/push (413|503) ' "$T/zilad.log")" 12
python3 -c 'import sys; sys.stdout.write("{\"entries\":[" + "{},"*1200000 + "{}]}")' | gzip -1 > "$T/objs.gz"
expect_eq "so is a body of a million empty objects (cheap text, costly JSON)" \
	"$(post /v3/push "$T/objs.gz" -H 'Content-Encoding: gzip' -H "Authorization: Bearer $tok")" 413
expect_match "saying why" "$(cat "$T/b")" "too many values"
expect_eq "the server database is unchanged" "$(digest)" "$before"
peak=$(hwm)
echo "# zilad VmHWM: at start ${base} kB, after 12 unauthenticated bombs ${unauth} kB, after authenticated bombs ${peak} kB"
if [ -n "${ZILA_SANITIZED:-}" ]; then
	# AddressSanitizer keeps freed memory in quarantine and shadows every
	# byte, so zilad's resident size says nothing about its own budget
	echo "# memory peaks not judged under the sanitizers (ASan's quarantine and shadow memory)"
else
	expect_ok "unauthenticated bombs cost under 4 MB of peak memory" test $((unauth - base)) -lt 4096
	expect_ok "authenticated bombs stay within the body budget (32 MB of max_memory 64 MB)" test $((peak - base)) -lt 40960
fi

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
enrolj() { # a body file of its own: guesses run in parallel
	printf '{"login":"%s","password":"%s","name":"t"}' "$1" "$2" > "$T/e-$1-$2.json"
	post /v3/enrol "$T/e-$1-$2.json"
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
# --- blobs: a hash is not the file ----------------------------------------------
printf '\211PNG\r\n\032\n the Revenue file photo, not for PWD' > "$T/secret.png"
P=$(sha256sum "$T/secret.png" | cut -d' ' -f1)
expect_ok "the PWD officer's desk enrols" enrol pwd pwd.officer
expect_ok "the clerk registers a Revenue grievance with a photo" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" \
	grievance add --citizen "Asha Devi" --category LAND --description "Boundary" --attach "$T/secret.png"
"$ACT" "$(desk clerk)" clerk grievance.register '{"citizen_name":"Bala","description":"pothole","category":"ROAD"}' > /dev/null
expect_ok "and a PWD one; both reach the server" dsync clerk
expect_ok "the PWD desk pulls its own" dsync pwd
road=$(sqlite3 "$SRV" "select id from grievance where citizen_name = 'Bala'")
# blobq DESK METHOD SHA [curl args]: the status; headers in $T/h
blobq() {
	d=$1 m=$2 sh=$3; shift 3
	if [ "$m" = HEAD ]; then set -- -I "$@"; else set -- -X "$m" "$@"; fi
	zcurl -s -D "$T/h" -o "$T/b" -w '%{http_code}' --cacert "$T/ca.pem" -H "Authorization: Bearer $(token "$d")" "$@" "$URL/v3/blobs/$sh"
}
expect_eq "PWD may not GET the Revenue photo" "$(blobq pwd GET "$P")" 404
expect_eq "nor learn by HEAD that the server has it" "$(blobq pwd HEAD "$P")" 404
expect_eq "the clerk's desk, which sent it, may" "$(blobq clerk HEAD "$P")" 200
before=$(records)
# the PWD desk fakes the blob in its own store and attaches it to its grievance
size=$(stat -c %s "$T/secret.png")
mkdir -p "$T/pwd/blobs/$(echo "$P" | cut -c1-2)"
head -c "$size" /dev/zero > "$T/pwd/blobs/$(echo "$P" | cut -c1-2)/$P"
sqlite3 "$(desk pwd)" "insert into blob(sha256, size, stored_at) values ('$P', $size, '2026-11-20T06:00:00Z')"
expect_ok "a PWD officer attaches the Revenue photo's hash on the PWD desk" "$ACT" "$(desk pwd)" pwd.officer grievance.attach \
	"{\"grievance\":\"$road\",\"sha256\":\"$P\",\"name\":\"x.png\",\"mime\":\"image/png\",\"size\":$size}"
dsync pwd > /dev/null 2>&1 || true
expect_eq "the server did not take the attachment" "$(sqlite3 "$SRV" "select count(*) from grievance_attachment where grievance_id = '$road'")" 0
expect_eq "its records are unchanged" "$(records)" "$before"
expect_eq "and PWD still may not GET the photo" "$(blobq pwd GET "$P")" 404
expect_match "the desk's uploads of other bytes under that name were refused" \
	"$(grep -c "desk=$(sqlite3 "$(desk pwd)" "select value from meta where key = 'desk_code'") PATCH /v3/blobs/$P 422" "$T/zilad.log")" "^[1-9]$"

# --- ranges -----------------------------------------------------------------------
rng() { blobq clerk GET "$P" -H "Range: $1"; }
expect_eq "Range bytes=0-9: 206" "$(rng bytes=0-9)" 206
expect_match "with its Content-Range" "$(cat "$T/h")" "Content-Range: bytes 0-9/$size"
head -c 10 "$T/secret.png" > "$T/first10"
expect_eq "and those bytes" "$(cmp -s "$T/b" "$T/first10" && echo same)" same
expect_eq "bytes=-5: the last 5" "$(rng bytes=-5; echo " $(wc -c < "$T/b")")" "206 5"
expect_eq "bytes=0-4,5-9 join: 206" "$(rng bytes=0-4,5-9)" 206
for bad in "bytes=5-3" "bytes=0-1,5-6" "bytes=abc" "bytes=" "items=0-1" "bytes=$size-" "bytes=-0" "bytes=1-2-3"; do
	expect_eq "Range $bad: 416" "$(rng "$bad")" 416
done
expect_match "saying the size" "$(cat "$T/h")" "Content-Range: bytes \*/$size"

# --- expiry -----------------------------------------------------------------------
printf 'never attached' > "$T/loose.txt"
L=$(sha256sum "$T/loose.txt" | cut -d' ' -f1)
expect_eq "a desk uploads a blob it never attaches" "$(blobq clerk PATCH "$L" -H 'Upload-Offset: 0' -H 'Upload-Length: 14' --data-binary @"$T/loose.txt")" 200
printf 'half of a lost upload' > "$T/half.txt"
H=$(printf 'half of a lost upload, and the rest' | sha256sum | cut -d' ' -f1)
expect_eq "and starts another it abandons" "$(blobq clerk PATCH "$H" -H 'Upload-Offset: 0' -H 'Upload-Length: 35' --data-binary @"$T/half.txt")" 200
touch -d 2026-11-01 "$T"/blobs-partial/"$H".*
expect_ok "zilad blob expire, a day later" env ZILA_NOW=2026-11-21T07:00:00Z "$ZILAD" blob expire --older-than 3600 --db "$SRV"
expect_match "removes both" "$out" "Removed 1 unreferenced blob and 1 abandoned partial upload"
expect_eq "the loose blob is gone" "$(sqlite3 "$SRV" "select count(*) from blob where sha256 = '$L'"; ls "$T/blobs/$(echo "$L" | cut -c1-2)/$L" 2>/dev/null | wc -l)" "0
0"
expect_eq "the attached photo stays" "$(sqlite3 "$SRV" "select count(*) from blob where sha256 = '$P'")" 1
expect_eq "and downloads" "$(blobq clerk GET "$P")" 200
# --- formula cells ----------------------------------------------------------------
expect_ok "a citizen's name that is a spreadsheet formula is registered" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" \
	grievance add --citizen '=HYPERLINK("http://evil.example","Asha")' --category LAND --description "@SUM(1+1)"
csv=$(ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" grievance list --csv | tr -d '\r')
expect_match "grievance list --csv leads it with a quote" "$csv" ",\"'=HYPERLINK\(\"\"http://evil.example\"\",\"\"Asha\"\"\)\","
expect_eq "no cell of it starts with = + - or @" "$(printf '%s\n' "$csv" | tr ',' '\n' | grep -c '^[=+@-]' || true)" 0

# --- private files --------------------------------------------------------------
umask 022
expect_eq "the server database, its WAL and shared memory are 0600" \
	"$(stat -c %a "$SRV" "$SRV-wal" "$SRV-shm" | tr '\n' ' ')" "600 600 600 "
expect_eq "a desk's (it holds the token) too" "$(stat -c %a "$(desk clerk)")" 600
expect_ok "zila backup under umask 022" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" backup "$T/backup.db"
expect_eq "makes a 0600 file" "$(stat -c %a "$T/backup.db")" 600
expect_exit 1 "and never writes over one" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" backup "$T/backup.db"
stop_zilad
chmod 644 "$SRV" "$SRV-wal" 2>/dev/null || chmod 644 "$SRV"
start_zilad server "$PORT"
expect_eq "zilad closes a database left readable by others" "$(stat -c %a "$SRV")" 600
expect_match "and says so" "$(cat "$T/zilad.log")" "server.db was readable by others: made it 0600"
finish
