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
zcurl() { curl -H 'Zila-Protocol: 3' "$@"; }

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
	printf '%s\n' "${ZILAD_EXTRA_CONF:-}" >> "$T/zilad-$c.conf"
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

# pub_cols DB TABLE: the columns of TABLE (as x.NAME) every desk gets alike:
# all but a user's password hash and sealed key, which only some desks get
pub_cols() {
	sqlite3 "$1" "select group_concat('x.' || name, ', ') from pragma_table_info('$2')
		where '$2' <> 'app_user' or name not in ('pw_hash', 'key_salt', 'sealed_sk')"
}
# synced_dump DB [TABLES]: the rows of the synced tables, in a fixed order;
# of users, what every desk gets (no password hash, no sealed key: those
# reach only desks of the user's office)
SYNCED="district department app_user desk block gram_panchayat category checklist_item nodal_assignment
letter letter_marking letter_event grievance grievance_event grievance_attachment inspection inspection_answer
suggestion inspection_event"
synced_dump() {
	db=$1; shift
	for t in ${*:-$SYNCED}; do
		echo "== $t"
		sqlite3 "$db" "SELECT $(pub_cols "$db" "$t") FROM $t x ORDER BY id"
	done
}
# same_as_server NAME [TABLES]: the desk's synced tables equal the server's
same_as_server() {
	synced_dump "$(desk "$1")" ${2:-} > "$T/a.dump"
	synced_dump "$SRV" ${2:-} > "$T/b.dump"
	cmp -s "$T/a.dump" "$T/b.dump"
}
# office_view DEPT_ID [TABLES]: the server's rows an office may see, by the
# rules zilad pulls by (src/server/pull.c): masters and users for all; a
# letter and its rows when marked to the office, a grievance and its rows
# when in the office, an inspection and its rows when it has a suggestion
# for the office; the Collectorate (DEPT_ID '') sees everything. Written
# apart from zilad's code, so a desk that keeps a row it may no longer see
# (or lacks one) is told.
office_view() {
	dept=$1; shift
	for t in ${*:-$SYNCED}; do
		echo "== $t"
		if [ -z "$dept" ]; then w=1; else
		case $t in
		letter) w="exists (select 1 from letter_marking m where m.letter_id = x.id and m.department_id = '$dept')" ;;
		letter_marking|letter_event) w="exists (select 1 from letter_marking m where m.letter_id = x.letter_id and m.department_id = '$dept')" ;;
		grievance) w="x.department_id = '$dept'" ;;
		grievance_event|grievance_attachment) w="exists (select 1 from grievance g where g.id = x.grievance_id and g.department_id = '$dept')" ;;
		inspection) w="exists (select 1 from suggestion s where s.inspection_id = x.id and s.department_id = '$dept')" ;;
		inspection_answer|suggestion|inspection_event) w="exists (select 1 from suggestion s where s.inspection_id = x.inspection_id and s.department_id = '$dept')" ;;
		*) w=1 ;;
		esac; fi
		sqlite3 "$SRV" "SELECT $(pub_cols "$SRV" "$t") FROM $t x WHERE $w ORDER BY id"
	done
}
# office_equal NAME: the desk holds exactly the rows its office may see,
# equal to the server's (the first differing lines are printed)
office_equal() {
	dept=$(sqlite3 "$(desk "$1")" "select value from meta where key = 'sync_department'")
	synced_dump "$(desk "$1")" > "$T/oa.dump"
	office_view "$dept" > "$T/ob.dump"
	cmp -s "$T/oa.dump" "$T/ob.dump" || { diff "$T/oa.dump" "$T/ob.dump" | head -5; return 1; }
}
# exactly_once NAME: every action of the desk went to the server exactly
# once, or is listed as rejected: the ledger holds each of its numbers
# once, applied ones have one audit row each on the server, none waits
exactly_once() {
	_db=$(desk "$1")
	id=$(sqlite3 "$_db" "select value from meta where key='desk_id'")
	local_n=$(sqlite3 "$_db" "select count(*) from outbox")
	pending=$(sqlite3 "$_db" "select count(*) from outbox where state='pending'")
	ledger=$(sqlite3 "$SRV" "select count(*) from push_ledger where desk_id='$id'")
	applied=$(sqlite3 "$SRV" "select count(*) from push_ledger where desk_id='$id' and state='applied'")
	audited=$(sqlite3 "$SRV" "select count(*) from audit_log where desk_id='$id' and action <> 'desk.enrol'")
	mine=$(sqlite3 "$_db" "select count(*) from outbox where state='applied'")
	noreason=$(sqlite3 "$_db" "select count(*) from outbox where state='rejected' and coalesce(message, '') = ''")
	[ "$pending" -eq 0 ] && [ "$ledger" -eq "$local_n" ] && [ "$applied" -eq "$audited" ] && [ "$mine" -eq "$applied" ] &&
		[ "$noreason" -eq 0 ] ||
		{ echo "desk $1: outbox $local_n pending $pending ledger $ledger applied $applied/$mine audited $audited"; return 1; }
}
# converged NAME...: the checks every scenario ends with, for each desk:
# its actions applied once or listed with a reason, nothing waiting, its
# synced tables equal to what its office may see, zila check passing (and
# the server's database passing it too)
converged() {
	for _c in "$@"; do
		expect_ok "$_c: every action applied once or listed as a problem" exactly_once "$_c"
		expect_ok "$_c: holds exactly what its office may see, as the server has it" office_equal "$_c"
		expect_ok "$_c: zila check passes" "$ZILA" --db "$(desk "$_c")" check
	done
	expect_ok "the server's database passes zila check" "$ZILA" --db "$SRV" check
}
# token NAME: a desk's bearer token
token() { sqlite3 "$(desk "$1")" "SELECT value FROM meta WHERE key = 'sync_token'"; }
trap 'stop_zilad; cleanup' EXIT

# The citizens' pages in a real browser: $CHROME is Debian's chromium (""
# when not installed); shot NAME WIDTH URL [HEIGHT] keeps the DOM once the
# page settled in $OUT/NAME.html and a screenshot of it, taken from the
# saved copy so a form is never sent twice (HEIGHT 900 unless given)
CHROME=$(command -v chromium || command -v chromium-browser || true)
chrome() {
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --ignore-certificate-errors --no-first-run \
		--user-data-dir="$T/chrome" --virtual-time-budget=4000 "$@" 2>>"$T/chrome.log"
}
shot() {
	chrome --window-size="$2,900" --dump-dom "$3" > "$OUT/$1.html" &&
	chrome --window-size="$2,${4:-900}" --screenshot="$OUT/$1.png" "file://$OUT/$1.html" > /dev/null
}
