#!/bin/sh
# Attachments over sync, end to end with a real zilad over HTTPS: a 5 MB
# upload through several cuts resumes at the server's offset and the
# stored hash matches; a corrupt chunk, a damaged whole, a wrong offset, a
# bad name, an oversized file and a missing token are refused; an action
# whose blob the server lacks waits (not a problem); a grievance with a
# photo and a recording registered on desk A is opened on desk B, whose
# fetch (also through cuts) gives identical bytes of the same type.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
export ZILA_PASSWORD=password1
make_certs
setup_server
start_zilad
RPID=""
# each desk in a folder of its own: a desk's blob store is beside its database
desk() { mkdir -p "$T/$1"; echo "$T/$1/desk.db"; }
trap '[ -z "$RPID" ] || kill $RPID 2>/dev/null; stop_zilad; cleanup' EXIT

expect_ok "the clerk's desk enrols" enrol clerk clerk
expect_ok "the Revenue officer's desk enrols" enrol rev rev.officer
expect_ok "the PWD officer's desk enrols" enrol pwd pwd.officer

# relay EVERY: a link in front of zilad that breaks every EVERY bytes (and
# stays down for two connections); sets RURL; cuts are counted in $T/cuts
relay() {
	rm -f "$T/relay.port"
	python3 "$srcdir/tests/e2e/cutrelay.py" "$PORT" "$1" > "$T/relay.port" 2> "$T/cuts" &
	RPID=$!
	for _ in $(seq 100); do [ -s "$T/relay.port" ] && break; sleep 0.05; done
	RURL="https://localhost:$(cat "$T/relay.port")"
}
unrelay() { kill $RPID; wait $RPID 2>/dev/null || true; RPID=""; }
# blob_req METHOD SHA [curl args]: prints the status; headers in $T/h, body in $T/b
blob_req() {
	m=$1 s=$2; shift 2
	if [ "$m" = HEAD ]; then set -- -I "$@"; else set -- -X "$m" "$@"; fi
	zcurl -sS -D "$T/h" -o "$T/b" -w '%{http_code}' --cacert "$T/ca.pem" \
		-H "Authorization: Bearer $(token clerk)" "$@" "$URL/v3/blobs/$s"
}
hdr() { sed -n "s/^$1: *\\([^\\r]*\\)\\r*\$/\\1/Ip" "$T/h"; }
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
srv_blob() { echo "$T/blobs/$(echo "$1" | cut -c1-2)/$1"; }

# --- a 5 MB attachment through several cuts ------------------------------
head -c 5242880 /dev/urandom > "$T/big.bin"
big=$(sha_of "$T/big.bin")
expect_ok "a grievance with a 5 MB attachment is registered offline" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" \
	grievance add --citizen "Asha Devi" --category LAND --description "Boundary dispute" --attach "$T/big.bin"
relay 1500000
: > "$T/zilad.log"
expect_ok "sync through a link that breaks every 1.5 MB" \
	env ZILA_SYNC_RETRIES=6 "$ZILA" --db "$(desk clerk)" sync --quiet --server "$RURL"
unrelay
expect_eq "the server stored it under its hash" "$(sha_of "$(srv_blob "$big")")" "$big"
expect_eq "and knows it" "$(sqlite3 "$SRV" "select size from blob where sha256 = '$big'")" 5242880
expect_match "the link broke several times" "$(wc -l < "$T/cuts")" "^[3-9]$"
expect_eq "after each, the desk asked the server for its offset" "$(grep -c "HEAD /v3/blobs/$big 200" "$T/zilad.log")" "$(wc -l < "$T/cuts")"
sent=$(sed -n "s/.*PATCH \\/v3\\/blobs\\/$big 200 in=\\([0-9]*\\).*/\\1/p" "$T/zilad.log" | awk '{ n += $1 } END { print n + 0 }')
expect_eq "every byte was kept once: each resume started at the server's offset" "$sent" 5242880
expect_eq "no chunk was refused for its offset" "$(grep -c "PATCH /v3/blobs/$big 409" "$T/zilad.log" || true)" 0
expect_eq "the grievance reached the server with its attachment" \
	"$(sqlite3 "$SRV" "select g.citizen_name || ' ' || a.size from grievance_attachment a join grievance g on g.id = a.grievance_id where a.sha256 = '$big'")" \
	"Asha Devi 5242880"
expect_eq "nothing waits on the desk" "$(sqlite3 "$(desk clerk)" "select count(*) from outbox where state <> 'applied'")" 0
expect_eq "no partial upload is left on the server" "$(ls "$T/blobs-partial" | wc -l)" 0

# --- the desk's own limit, at the counter ------------------------------------
sqlite3 "$(desk clerk)" "insert into meta(key, value) values ('attachment_max', '1048576')"
expect_exit 1 "a file over the desk's limit is refused at the counter" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" \
	grievance add --citizen "Asha Devi" --category LAND --description "again" --attach "$T/big.bin"
expect_match "saying both sizes" "$err" "big.bin is 5.0 MB \(5242880 bytes\); the limit is 1.0 MB \(1048576 bytes\)"
expect_eq "and nothing was registered" "$(sqlite3 "$(desk clerk)" "select count(*) from grievance where description = 'again'")" 0
sqlite3 "$(desk clerk)" "delete from meta where key = 'attachment_max'"

# --- the protocol's refusals ----------------------------------------------
printf 'first half of a letter,second half of it' > "$T/small.txt"
small=$(sha_of "$T/small.txt")
expect_eq "HEAD of an unknown blob: 404" "$(blob_req HEAD "$small")" 404
head -c 22 "$T/small.txt" > "$T/c1"
tail -c +23 "$T/small.txt" > "$T/c2"
expect_eq "a corrupt chunk (its SHA-256 does not match) is refused" "$(blob_req PATCH "$small" -H 'Upload-Offset: 0' \
	-H 'Upload-Length: 40' -H "Chunk-SHA256: $(printf 'something else' | sha256sum | cut -d' ' -f1)" --data-binary @"$T/c1")" 422
expect_eq "and nothing of it was kept" "$(blob_req HEAD "$small")" 404
expect_eq "the first chunk" "$(blob_req PATCH "$small" -H 'Upload-Offset: 0' -H 'Upload-Length: 40' \
	-H "Chunk-SHA256: $(sha_of "$T/c1")" --data-binary @"$T/c1"; echo " $(hdr Upload-Offset)")" "200 22"
expect_eq "a wrong offset gets 409" "$(blob_req PATCH "$small" -H 'Upload-Offset: 5' -H 'Upload-Length: 40' \
	--data-binary @"$T/c2")" 409
expect_eq "with the right one" "$(hdr Upload-Offset)" 22
expect_eq "HEAD says the same" "$(blob_req HEAD "$small"; echo " $(hdr Upload-Offset) $(hdr Upload-Complete)")" "200 22 false"
expect_eq "the rest at the right offset completes it" "$(blob_req PATCH "$small" -H 'Upload-Offset: 22' -H 'Upload-Length: 40' \
	--data-binary @"$T/c2"; echo " $(hdr Upload-Complete)")" "200 true"
expect_eq "stored whole, hash checked" "$(sha_of "$(srv_blob "$small")")" "$small"
expect_eq "sending it again changes nothing: stored once" "$(blob_req PATCH "$small" -H 'Upload-Offset: 0' -H 'Upload-Length: 40' \
	--data-binary @"$T/small.txt"; echo " $(hdr Upload-Complete) $(sqlite3 "$SRV" "select count(*) from blob where sha256 = '$small'")")" "200 true 1"
fake=$(printf 'x' | sha256sum | cut -d' ' -f1)
expect_eq "a whole upload that does not match its name is discarded" "$(blob_req PATCH "$fake" -H 'Upload-Offset: 0' \
	-H 'Upload-Length: 40' --data-binary @"$T/small.txt")" 422
expect_eq "and a retry starts over" "$(blob_req HEAD "$fake")" 404
expect_eq "nothing of it is stored" "$(sqlite3 "$SRV" "select count(*) from blob where sha256 = '$fake'") $(test -e "$(srv_blob "$fake")" && echo file || echo none)" "0 none"
expect_eq "a name that is not a hash: 400" "$(blob_req HEAD "ABCDEF$(echo "$small" | cut -c7-)")" 400
expect_eq "nor a path" "$(blob_req GET "..%2f..%2fserver.db")" 400
expect_eq "a file over the server's limit: 413" "$(blob_req PATCH "$fake" -H 'Upload-Offset: 0' -H 'Upload-Length: 30000000' \
	--data-binary @"$T/c1")" 413
expect_eq "PATCH without Upload-Length: 400" "$(blob_req PATCH "$fake" -H 'Upload-Offset: 0' --data-binary @"$T/c1")" 400
expect_eq "no token: 401" "$(zcurl -sS -o /dev/null -I -w '%{http_code}' --cacert "$T/ca.pem" "$URL/v3/blobs/$small")" 401
expect_eq "a blob no attachment names cannot be downloaded" "$(blob_req GET "$small")" 404

# --- an action whose blob the server lacks waits ----------------------------
tok=$(token clerk)
n=$(sqlite3 "$SRV" "select coalesce(max(client_seq), 0) + 1 from push_ledger p join desk_token t on t.desk_id = p.desk_id where t.login = 'clerk'")
clerk_id=$(sqlite3 "$SRV" "select id from app_user where login = 'clerk'")
gnum=$(sqlite3 "$SRV" "select number from grievance limit 1")
printf '{"entries":[{"client_seq":%s,"mutation_id":"01930000-0000-7000-8000-0000000000aa","action":"grievance.attach","args":{"grievance":"%s","sha256":"%s","name":"x.bin","mime":"application/octet-stream","size":1},"actor_id":"%s","base_version":0,"client_time":"2026-11-20T06:00:00Z"}]}' \
	"$n" "$gnum" "$fake" "$clerk_id" | "$ACT" --sign "$(desk clerk)" clerk > "$T/attach.json"
status=$(zcurl -sS -o "$T/reply.json" -w '%{http_code}' --cacert "$T/ca.pem" -H "Authorization: Bearer $tok" \
	-H 'Content-Type: application/json' --data-binary @"$T/attach.json" "$URL/v3/push")
expect_eq "a push naming a blob the server lacks is answered" "$status" 200
expect_eq "as retryable, its number not used up" "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["retry"]["code"], r["last_applied"], len(r["rejected"]))' "$T/reply.json")" "retry $((n - 1)) 0"
expect_eq "the ledger did not take it" "$(sqlite3 "$SRV" "select count(*) from push_ledger where client_seq = $n")" 0

cat > "$T/mk.py" <<'EOF'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
w, h = 16, 8
raw = b"".join(b"\0" + b"".join(bytes((x * 16, y * 32, 128)) for x in range(w)) for y in range(h))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
rate, n = 8000, 8000
pcm = bytes((128 + (40 if (i // 10) % 2 else -40)) for i in range(n))
wav = b"RIFF" + struct.pack("<I", 36 + n) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate, 1, 8) \
    + b"data" + struct.pack("<I", n) + pcm
open(sys.argv[2], "wb").write(wav)
EOF
python3 "$T/mk.py" "$T/photo.png" "$T/voice.wav"

# --- desk A to desk B: a photo and a recording ------------------------------
relay 1
expect_exit 1 "a grievance with a photo and a recording: the sync is cut before anything arrives" sh -c '
	ZILA_USER=clerk "$ZILA" --db "$1" grievance add --citizen "Bala Ram" --category LAND --description "No water" \
		--attach "$2" --attach "$3" >/dev/null &&
	ZILA_SYNC_RETRIES=0 "$ZILA" --db "$1" sync --quiet --server "$4"' sh "$(desk clerk)" "$T/photo.png" "$T/voice.wav" "$RURL"
unrelay
expect_eq "the action waits on desk A" "$(sqlite3 "$(desk clerk)" "select action || ' ' || state from outbox where action = 'grievance.register' order by client_seq desc limit 1")" "grievance.register pending"
expect_eq "and is not a problem" "$("$ZILA" --db "$(desk clerk)" sync --problems --json)" "[]"
expect_ok "desk A syncs" dsync clerk
expect_eq "the server has both files" "$(sqlite3 "$SRV" "select count(*) from blob where sha256 in ('$(sha_of "$T/photo.png")', '$(sha_of "$T/voice.wav")')")" 2
expect_ok "desk B (Revenue) syncs" dsync rev
gb=$(sqlite3 "$(desk rev)" "select number from grievance where citizen_name = 'Bala Ram'")
expect_match "desk B has the grievance" "$gb" "^DRG/G/01/"
present() { ZILA_USER=rev.officer "$ZILA" --db "$(desk rev)" grievance show "$gb" --json | python3 -c 'import json,sys; print(" ".join("%s:%s:%s" % (a["name"], a["mime"], a["present"]) for a in json.load(sys.stdin)["attachments"]))'; }
expect_eq "opened on desk B: the attachments are named, not here yet" "$(present)" "photo.png:image/png:False voice.wav:audio/wav:False"
relay 300000
expect_ok "desk B fetches every attachment it lacks, through cuts" \
	env ZILA_SYNC_RETRIES=6 "$ZILA" --db "$(desk rev)" sync --quiet --attachments --server "$RURL"
unrelay
expect_eq "now they are here" "$(present)" "photo.png:image/png:True voice.wav:audio/wav:True"
bpath() { echo "$T/rev/blobs/$(echo "$1" | cut -c1-2)/$1"; }
expect_ok "the photo is identical" cmp "$T/photo.png" "$(bpath "$(sha_of "$T/photo.png")")"
expect_ok "the recording is identical" cmp "$T/voice.wav" "$(bpath "$(sha_of "$T/voice.wav")")"
expect_ok "and the 5 MB file too" cmp "$T/big.bin" "$(bpath "$big")"
expect_eq "no partial download is left" "$(ls "$T/rev/blobs-partial" | wc -l)" 0
# --- an attachment lost on the desk before it went up ------------------------
printf 'a scanned reply' > "$T/reply.txt"
lost=$(sha_of "$T/reply.txt")
expect_ok "the clerk attaches a file offline" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" grievance attach "$gb" "$T/reply.txt"
expect_ok "and a note after it" "$ACT" "$(desk clerk)" clerk grievance.note "{\"grievance\":\"$gb\",\"note\":\"called the citizen\"}"
rm "$T/clerk/blobs/$(echo "$lost" | cut -c1-2)/$lost"
expect_ok "the file is lost on the desk; the sync still runs" dsync clerk
expect_eq "the attach waits, and the note behind it keeps its order" \
	"$(sqlite3 "$(desk clerk)" "select group_concat(action || ' ' || state, ', ') from (select * from outbox where client_seq > (select max(client_seq) - 2 from outbox) order by client_seq)")" \
	"grievance.attach pending, grievance.note pending"
expect_eq "neither is a problem" "$("$ZILA" --db "$(desk clerk)" sync --problems --json)" "[]"
expect_match "the sync says they wait" "$("$ZILA" --db "$(desk clerk)" sync)" "wait for attachments"
cp "$T/reply.txt" "$T/clerk/blobs/$(echo "$lost" | cut -c1-2)/$lost"
expect_ok "the file is back: the next sync sends both" dsync clerk
expect_eq "in their order" "$(sqlite3 "$SRV" "select group_concat(action, ',') from (select p.action from push_ledger p
	join desk_token t on t.desk_id = p.desk_id where t.login = 'clerk' and p.state = 'applied' order by p.client_seq desc limit 2)")" \
	"grievance.note,grievance.attach"
expect_eq "and the server has the file" "$(sha_of "$(srv_blob "$lost")")" "$lost"

range=$(zcurl -sS -r 8-15 -D "$T/h" --cacert "$T/ca.pem" -H "Authorization: Bearer $(token rev)" "$URL/v3/blobs/$(sha_of "$T/photo.png")" | od -An -c | tr -s ' ')
expect_match "Range: 206 with Content-Range" "$(head -1 "$T/h") $(hdr Content-Range)" "206.*bytes 8-15/[0-9]+"
expect_eq "and the bytes asked for" "$range" "$(head -c 16 "$T/photo.png" | tail -c 8 | od -An -c | tr -s ' ')"
expect_eq "the PWD desk may not download Revenue's attachment" "$(zcurl -sS -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" \
	-H "Authorization: Bearer $(token pwd)" "$URL/v3/blobs/$(sha_of "$T/photo.png")")" 404
finish
