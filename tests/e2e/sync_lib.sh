# tests/e2e/sync_lib.sh: a district server for the sync tests. Source it
# after tests/lib.sh. Makes a test CA and certificates with certtool, a
# server database with the fixture's masters and users, and starts zilad
# on 127.0.0.1 on a free port.
command -v certtool >/dev/null || { echo "skip: certtool (gnutls-bin) is not installed"; exit 77; }
ACT="$BUILDDIR/tests/e2e/act"
ZPID=""
SRV="$T/server.db"
export ZILA_SYNC_BACKOFF_MS=50 ZILA_SYNC_RETRIES=3

# zcurl ARGS: curl as a desk speaks, naming the sync protocol
zcurl() { curl -H 'Zila-Protocol: 2' "$@"; }

# cert NAME CA SUBJECT_LINES...: a key and a certificate signed by CA
cert() {
	name=$1 ca=$2; shift 2
	{ echo 'tls_www_server'; echo 'encryption_key'; echo 'signing_key'; echo 'expiration_days = 3'
	  for l in "$@"; do echo "$l"; done; } > "$T/$name.tmpl"
	certtool --generate-privkey --key-type=ecdsa --outfile "$T/$name.key" 2>/dev/null
	certtool --generate-certificate --load-privkey "$T/$name.key" --load-ca-certificate "$T/$ca.pem" \
		--load-ca-privkey "$T/$ca.key" --template "$T/$name.tmpl" --outfile "$T/$name.pem" 2>/dev/null
}
make_ca() {
	printf 'cn = "%s"\nca\ncert_signing_key\nexpiration_days = 3\n' "$1 test CA" > "$T/$1.tmpl"
	certtool --generate-privkey --key-type=ecdsa --outfile "$T/$1.key" 2>/dev/null
	certtool --generate-self-signed --load-privkey "$T/$1.key" --template "$T/$1.tmpl" --outfile "$T/$1.pem" 2>/dev/null
}
make_certs() {
	make_ca ca
	make_ca evil
	cert server ca 'cn = "localhost"' 'dns_name = "localhost"' 'ip_address = "127.0.0.1"'
	cert wronghost ca 'cn = "elsewhere.example"' 'dns_name = "elsewhere.example"'
	cert impostor evil 'cn = "localhost"' 'dns_name = "localhost"' 'ip_address = "127.0.0.1"'
}

# The server: masters and users as the Check fixture has them.
setup_server() {
	"$ZILAD" init --db "$SRV" --district DRG --name Durg --name-hi दुर्ग >/dev/null
	"$ZILAD" user add admin --name Admin --role admin --db "$SRV" >/dev/null
	"$ZILAD" master import "$FIXTURE/masters.csv" --db "$SRV" >/dev/null
	"$ZILAD" user add clerk --name "Ram Clerk" --role clerk --db "$SRV" >/dev/null
	"$ZILAD" user add collector --name Collector --role collector --db "$SRV" >/dev/null
	"$ZILAD" user add rev.officer --name "Revenue Officer" --role officer --department REV --db "$SRV" >/dev/null
	"$ZILAD" user add rev.head --name "Revenue Head" --role head --department REV --db "$SRV" >/dev/null
	"$ZILAD" user add pwd.officer --name "PWD Officer" --role officer --department PWD --db "$SRV" >/dev/null
}

# start_zilad [CERT [PORT]]: serves $SRV; sets PORT and ZPID
start_zilad() {
	c=${1:-server}
	printf 'listen = 127.0.0.1\nport = %s\ncert = %s\nkey = %s\ndatabase = %s\nmax_body = 1048576\nmax_inflated = 4194304\ntimeout = 20\n' \
		"${2:-0}" "$T/$c.pem" "$T/$c.key" "$SRV" > "$T/zilad-$c.conf"
	: > "$T/zilad.out"
	"$ZILAD" serve --config "$T/zilad-$c.conf" > "$T/zilad.out" 2>> "$T/zilad.log" &
	ZPID=$!
	for _ in $(seq 100); do
		grep -q listening "$T/zilad.out" 2>/dev/null && break
		sleep 0.05
	done
	PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$T/zilad.out")
	[ -n "$PORT" ] || { echo "zilad did not start:"; cat "$T/zilad.log"; exit 1; }
	URL="https://localhost:$PORT"
}
stop_zilad() { kill "$ZPID" 2>/dev/null; wait "$ZPID" 2>/dev/null || true; }

# desk NAME: the path of a desk's database
desk() { echo "$T/$1.db"; }
# enrol NAME LOGIN: a new desk enrolled as LOGIN
enrol() { ZILA_USER=$2 "$ZILA" --db "$(desk "$1")" enrol "$URL" --ca "$T/ca.pem" --quiet; }
# dsync NAME [ARGS]: zila sync on a desk
dsync() { _d=$1; shift; "$ZILA" --db "$(desk "$_d")" sync --quiet "$@"; }

# synced_dump DB [TABLES]: the rows of the synced tables, in a fixed order
SYNCED="district department app_user desk block gram_panchayat category checklist_item nodal_assignment
letter letter_marking letter_event grievance grievance_event grievance_attachment inspection inspection_answer
suggestion inspection_event"
synced_dump() {
	db=$1; shift
	for t in ${*:-$SYNCED}; do echo "== $t"; sqlite3 "$db" "SELECT * FROM $t ORDER BY id"; done
}
# same_as_server NAME [TABLES]: the desk's synced tables equal the server's
same_as_server() {
	synced_dump "$(desk "$1")" ${2:-} > "$T/a.dump"
	synced_dump "$SRV" ${2:-} > "$T/b.dump"
	cmp -s "$T/a.dump" "$T/b.dump"
}
# token NAME: a desk's bearer token
token() { sqlite3 "$(desk "$1")" "SELECT value FROM meta WHERE key = 'sync_token'"; }
trap 'stop_zilad; cleanup' EXIT
