#!/bin/sh
# The whole-file integrity check is off the open path: a command never
# runs it (so it costs the same on a small file as on a big one), the
# full-screen program runs it in the background once a day after its
# first screen and says loudly when the file is damaged.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk

# a table with an index big enough to have pages of its own, then its
# index's root page overwritten on disk (no command reads the index)
sqlite3 "$ZILA_DB" "CREATE TABLE scratch(a INTEGER, b TEXT);
 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
 INSERT INTO scratch SELECT i, printf('row %05d', i) FROM n; CREATE INDEX scratch_b ON scratch(b);
 PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
damage() {
	page=$(sqlite3 "$ZILA_DB" "SELECT rootpage FROM sqlite_schema WHERE name = 'scratch_b'")
	size=$(sqlite3 "$ZILA_DB" "PRAGMA page_size")
	python3 -c "
import sys
f = open(sys.argv[1], 'r+b'); f.seek(($page - 1) * $size + 8); f.write(b'\x5a' * 512); f.close()" "$ZILA_DB"
}

# a command does not read the whole file
ZILA_TRACE_SQL="$T/trace" as clerk grievance list >/dev/null
if grep -q "quick_check\|integrity_check" "$T/trace"; then not_ok "a command ran a whole-file check on open"
else ok "a command opens without a whole-file check"; fi

# first start of the day: checked in the background, recorded
start_zila 80 24 vt100
login clerk
i=0
while [ $i -lt 50 ] && [ "$(q "SELECT value FROM meta WHERE key = 'integrity_result'")" != ok ]; do
	sleep 0.1; i=$((i + 1))
done
[ "$(q "SELECT value FROM meta WHERE key = 'integrity_result'")" = ok ] && ok "the day's check ran and found the file sound" ||
	not_ok "no check on record after the first screen"
expect_no_screen "a sound file is not mentioned" "damaged"
keys Q
expect_screen "quits" "ZILA-EXITED-0"
at=$(q "SELECT value FROM meta WHERE key = 'integrity_checked_at'")

# the same day again: no second check
start_zila 80 24 vt100
login clerk
sleep 0.5
[ "$(q "SELECT value FROM meta WHERE key = 'integrity_checked_at'")" = "$at" ] && ok "not checked twice in a day" ||
	not_ok "checked again within the day"
keys Q
expect_screen "quits" "ZILA-EXITED-0"

# a day later the file is damaged: said loudly after login
damage
ZILA_NOW=$(date -u -d "@$(( $(date -u -d "$(echo "$ZILA_NOW" | sed 's/T/ /; s/Z/ UTC/')" +%s) + 86400 ))" +%Y-%m-%dT%H:%M:%SZ)
start_zila 80 24 vt100
login clerk
expect_screen "a damaged file is said on the screen" "This database is damaged" 10
case "$(q "SELECT value FROM meta WHERE key = 'integrity_result'")" in
ok|"") not_ok "the damage is not on record" ;;
*) ok "the damage is on record for the next start" ;;
esac
keys Q
expect_screen "quits" "ZILA-EXITED-0"
# and at the next start, the same day, again (a damaged file stays due)
start_zila 80 24 vt100
login clerk
expect_screen "the damage is said again at the next start" "This database is damaged" 10
keys Q
expect_screen "quits" "ZILA-EXITED-0"

# zila check finds it too, and exits 1
if as clerk check >"$T/check.out" 2>&1; then not_ok "zila check passed a damaged file"
else ok "zila check refuses the damaged file"; fi
finish
