#!/bin/sh
# Desks whose clocks are wrong. The server's clock is 2026-11-20 11:30 in
# Asia/Kolkata. A desk three days ahead: every sync warns; a letter it
# received "today" is refused (received_on in the future) and corrected
# with zila sync --retry ID --date, without retyping; a grievance it
# registered gets the server's day (the server had to), and the desk says
# which receipts are wrong. A desk two days behind: warned, and its
# grievance keeps the dates on the citizen's receipt. A desk two minutes
# fast: no warning, nothing changes.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad
enrol fast clerk
enrol slow clerk
enrol near clerk
AHEAD=2026-11-23T06:00:00Z BEHIND=2026-11-18T06:00:00Z NEAR=2026-11-20T06:02:00Z
on() { _when=$1; shift; ZILA_NOW=$_when "$@"; }
# reg WHEN DESK NAME: a grievance registered; prints its number and the
# dates on the citizen's receipt
reg() {
	_n=$(on "$1" "$ACT" "$(desk "$2")" clerk grievance.register "{\"citizen_name\":\"$3\",\"description\":\"d\",\"category\":\"LAND\"}" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])')
	sqlite3 "$(desk "$2")" "select number, registered_on, due_date from grievance where number = '$_n'" | tr '|' ' '
}
dates_on_server() { sqlite3 "$SRV" "select number, registered_on, due_date from grievance where number = '$1'" | tr '|' ' '; }

# --- three days ahead --------------------------------------------------------
receipt=$(reg $AHEAD fast "Ahead")
set -- $receipt
gnum=$1
expect_eq "the receipt the citizen got says the desk's day" "$2" 2026-11-23
expect_ok "the letter received today" on $AHEAD "$ACT" "$(desk fast)" clerk letter.create '{"sender":"SDM Patan","subject":"Survey","marks":[{"department":"REV","days":7}]}'
expect_exit 1 "the sync ends with a refusal" on $AHEAD "$ZILA" --db "$(desk fast)" sync --quiet
expect_match "and warns that the clock is 3 days ahead" "$err" "WARNING: this desk's clock is 3 days ahead of the server's"
expect_match "and that a receipt's dates were changed" "$err" "WARNING: the server had to change the dates of 1 grievance registered here"
expect_eq "the server dated the grievance by its own day" "$(dates_on_server "$gnum")" "$gnum 2026-11-20 2026-12-20"
expect_match "the desk lists the receipt that is wrong" "$(on $AHEAD "$ZILA" --db "$(desk fast)" sync --redated)" "$gnum +2026-11-23 +2026-12-23 +2026-11-20 +2026-12-20"
expect_eq "and shows the server's dates now" "$(sqlite3 "$(desk fast)" "select registered_on from grievance where number = '$gnum'")" 2026-11-20
expect_eq "the desk keeps the measured difference for the status bar" "$(sqlite3 "$(desk fast)" "select value from meta where key = 'sync_clock_skew'")" 259200
problems=$(on $AHEAD "$ZILA" --db "$(desk fast)" sync --problems)
expect_match "the refused letter is listed with its reason" "$problems" "letter.create .*received_on must not be in the future"
id=$(printf '%s\n' "$problems" | awk '/letter.create/ {print $1}')
expect_exit 2 "--date needs --retry" on $AHEAD "$ZILA" --db "$(desk fast)" sync --date 2026-11-20
expect_exit 1 "a date that is not one is refused" env ZILA_USER=clerk ZILA_NOW=$AHEAD "$ZILA" --db "$(desk fast)" sync --retry "$id" --date 2026-11-31
expect_eq "and changes nothing" "$(sqlite3 "$(desk fast)" "select state from outbox where client_seq = $id")" rejected
expect_ok "the clerk corrects the date, without retyping" env ZILA_USER=clerk ZILA_NOW=$AHEAD "$ZILA" --db "$(desk fast)" sync --retry "$id" --date 2026-11-20
on $AHEAD "$ZILA" --db "$(desk fast)" sync --quiet 2> "$T/fast2" || true
expect_match "the next sync still warns" "$(cat "$T/fast2")" "3 days ahead"
expect_eq "the letter is on the server, received on the corrected day" "$(sqlite3 "$SRV" "select sender || ' ' || received_on from letter")" "SDM Patan 2026-11-20"
expect_eq "nothing waits" "$(sqlite3 "$(desk fast)" "select count(*) from outbox where state = 'pending'")" 0

# --- two days behind ----------------------------------------------------------
receipt=$(reg $BEHIND slow "Behind")
set -- $receipt
expect_ok "a desk two days behind syncs" on $BEHIND "$ZILA" --db "$(desk slow)" sync --quiet
expect_match "with a warning" "$err$(on $BEHIND "$ZILA" --db "$(desk slow)" sync --quiet 2>&1)" "clock is 2 days behind the server's"
expect_eq "its grievance keeps the dates on the receipt" "$(dates_on_server "$1")" "$receipt"
expect_eq "no receipt is listed as wrong" "$(sqlite3 "$(desk slow)" "select count(*) from redated")" 0

# --- two minutes fast ---------------------------------------------------------
receipt=$(reg $NEAR near "Near")
set -- $receipt
on $NEAR "$ZILA" --db "$(desk near)" sync --quiet 2> "$T/near" || true
expect_eq "a desk two minutes fast is not warned" "$(cat "$T/near")" ""
expect_eq "its grievance keeps the receipt's dates" "$(dates_on_server "$1")" "$receipt"
for d in fast slow near; do dsync $d 2>/dev/null || true; done
converged fast slow near
finish
