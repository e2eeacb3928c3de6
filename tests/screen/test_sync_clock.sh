#!/bin/sh
# A desk whose clock is three days ahead of the server's, in the
# full-screen zila: after a sync the status bar says the clock is wrong
# and the sync screen says by how much; a letter the server refused for
# its date is re-applied from the sync screen with the date corrected
# (D), without retyping it; a server restored from a backup is said on
# the sync screen.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
. "$srcdir/tests/screen/lib.sh"
trap 'stop_zila; stop_zilad; cleanup' EXIT
unset ZILA_DB
make_certs
setup_server
start_zilad
enrol clerk clerk
mkdir -p "$T/home/.config/zila"
printf 'sync_minutes = 0\n' > "$T/home/.config/zila/zila.conf"
# the server is restored from a backup taken before the clerk's grievance
sqlite3 "$SRV" ".backup '$T/backup.db'"
"$ACT" "$(desk clerk)" clerk grievance.register '{"citizen_name":"Lost","description":"d","category":"LAND"}' >/dev/null
dsync clerk
stop_zilad
rm -f "$SRV-wal" "$SRV-shm"
cp "$T/backup.db" "$SRV"
start_zilad server "$PORT"
ZILA_NOW=2026-11-23T06:00:00Z "$ACT" "$(desk clerk)" clerk letter.create '{"sender":"SDM Patan","subject":"Survey","marks":[{"department":"REV","days":7}]}' >/dev/null
ZILA_DB=$(desk clerk)
ZILA_NOW=2026-11-23T06:00:00Z
start_zila 80 24 vt100
login clerk
keys C-r
expect_screen "the sync ends" "Sync done" 20
keys 8
expect_screen "the status bar says the clock is wrong" "clock wrong" 5
expect_screen "the sync screen says by how much" "This desk's clock is 3 days ahead of the server's" 5
expect_screen "and that the server had lost history" "The server had lost history:"
expect_eq "the lost grievance is on the server again" "$(sqlite3 "$SRV" "select count(*) from grievance where citizen_name = 'Lost'")" 1
expect_screen "and lists the refused letter" "received_on must not be in the future"
keys D
expect_screen "D asks for the date it should carry" "The date it should carry (YYYY-MM-DD):"
typed 2026-11-20; keys Enter
expect_screen "and asks to confirm" "Re-apply action"
keys y
expect_screen "the letter is applied again" "was applied again"
keys C-r
sleep 1
for _ in $(seq 50); do [ "$(sqlite3 "$SRV" "select count(*) from letter")" -eq 1 ] && break; sleep 0.2; done
expect_eq "the server has the letter, received on the corrected day" "$(sqlite3 "$SRV" "select received_on from letter")" 2026-11-20
expect_eq "typed once: one letter.create in the desk's audit" "$(sqlite3 "$(desk clerk)" "select count(*) from outbox where action = 'letter.create' and state <> 'discarded'")" 1
finish
