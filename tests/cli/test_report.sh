#!/bin/sh
# Reports and search at the command line: usage, periods, the three
# reports as tables, --csv and --json.
. "$srcdir/tests/lib.sh"

setup_desk
expect_ok "report --help" "$ZILA" report --help
expect_exit 2 "report needs a kind" "$ZILA" report
expect_exit 2 "an unknown report" "$ZILA" report weekly
expect_exit 1 "a bad date is refused" "$ZILA" report tl --from 2026-02-30
expect_match "naming the field" "$err" "^zila: from: '2026-02-30' is not a date"
expect_exit 1 "from after to is refused" "$ZILA" report grievances --from 2026-11-21 --to 2026-11-20
out=$("$ZILA" report tl)
expect_match "tl: the week ending today" "$out" "2026-11-14 to 2026-11-20"
expect_match "tl: every department" "$out" "PHED +Public Health Engineering +0 +0"
out=$("$ZILA" report tl --csv)
expect_match "tl --csv: header" "$out" "^department,name,pending at start,received"
expect_eq "tl --csv: CRLF line ends" "$(printf '%s\n' "$out" | head -1 | od -c | grep -c '\\r')" 1
expect_eq "tl --json: the period" "$("$ZILA" report tl --json --from 2026-11-01 | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["from"], r["to"], len(r["departments"]))')" "2026-11-01 2026-11-20 4"
out=$("$ZILA" report inspections --from 2026-11-01 --to 2026-11-20)
expect_match "inspections: the nodal officer per fortnight" "$out" "nodal +Nodal Officer +2026-11-1 +2 +0 +0"
expect_exit 2 "csv and json together" "$ZILA" report grievances --csv --json
expect_ok "search --help" "$ZILA" search --help
expect_exit 2 "search needs text" "$ZILA" search
expect_exit 2 "search: a bad limit" "$ZILA" search water --limit 0
expect_eq "search: nothing yet" "$("$ZILA" search water --json)" "[]"
finish
