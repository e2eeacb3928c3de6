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
out=$("$ZILA" report tl --csv --no-bom)
expect_match "tl --csv --no-bom: header" "$out" "^department,name,pending at start,received"
expect_eq "tl --csv: CRLF line ends" "$(printf '%s\n' "$out" | head -1 | od -c | grep -c '\\r')" 1
expect_eq "tl --json: the period" "$("$ZILA" report tl --json --from 2026-11-01 | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["from"], r["to"], len(r["departments"]))')" "2026-11-01 2026-11-20 4"
out=$("$ZILA" report inspections --from 2026-11-01 --to 2026-11-20)
expect_match "inspections: the nodal officer per fortnight" "$out" "nodal +Nodal Officer +2026-11-1 +2 +0 +0"
expect_exit 2 "csv and json together" "$ZILA" report grievances --csv --json
expect_ok "search --help" "$ZILA" search --help
expect_exit 2 "search needs text" "$ZILA" search
expect_exit 2 "search: a bad limit" "$ZILA" search water --limit 0
expect_eq "search: nothing yet" "$("$ZILA" search water --json)" "[]"

# A small TL fixture at fixed dates; today is 2026-11-20 and the default
# period the week 2026-11-14 to 2026-11-20 (ages in days as of 11-20):
#  L1 marked 11-05 REV 10 days, due 11-15: pending, age 15 (8-15), 5 days over
#  L2 marked 11-16 REV 7 days: replied 11-18; PWD 30 days: pending, age 4 (0-7)
#  L3 marked 11-01 PWD 15 days, due 11-16: pending, age 19 (16-30), 4 days over
# REV: start 1 (L1), received 1, disposed 1, end 1, overdue 1, ages 0 1 0 0 0
# PWD: start 1 (L3), received 1, disposed 0, end 2, overdue 1, ages 1 0 1 0 0
on() { d=$1; shift; ZILA_NOW="${d}T06:00:00Z" "$@"; }
on 2026-11-05 as clerk letter add --sender "Commissioner, Durg" --subject 'Pending cases, "urgent"' --mark REV:10 >/dev/null
on 2026-11-16 as clerk letter add --sender "विधायक, पाटन" --subject "पेयजल की समस्या" --mark REV:7 --mark PWD:30 >/dev/null
on 2026-11-18 as rev.officer letter reply DRG/L/07/2026/00002 --reply "Report sent" >/dev/null
on 2026-11-01 as clerk letter add --sender "Collector, Bemetara" --subject "Roads" --mark PWD:15 >/dev/null
csv=$("$ZILA" report tl --csv --no-bom | tr -d '\r')
expect_match "tl --csv: REV worked out by hand" "$csv" "^REV,Revenue,1,1,1,1,1,0,1,0,0,0$"
expect_match "tl --csv: PWD" "$csv" "^PWD,Public Works,1,1,0,2,1,1,0,1,0,0$"
expect_match "tl --csv: totals" "$csv" "^total,,2,2,1,3,2,1,1,1,0,0$"
expect_match "tl --csv: the overdue list, quotes doubled" "$csv" '^DRG/L/07/2026/00001,"Pending cases, ""urgent""",REV,2026-11-15,5$'
expect_match "tl --csv: then the next overdue" "$csv" "^DRG/L/07/2026/00003,Roads,PWD,2026-11-16,4$"
out=$("$ZILA" report tl)
expect_match "tl table: REV row" "$out" "REV +Revenue +1 +1 +1 +1 +1 +0 +1 +0 +0 +0"
expect_match "tl table: the overdue count" "$out" "Overdue on 2026-11-20: 2"
expect_match "tl for October: all zero, everything was marked in November" "$("$ZILA" report tl --from 2026-10-01 --to 2026-10-31 --csv | tr -d '\r')" "^total,,0,0,0,0,0,0,0,0,0,0$"
expect_match "search finds the Hindi subject" "$("$ZILA" search समस्या)" "letter +DRG/L/07/2026/00002"
expect_match "search with a short word" "$("$ZILA" search Pending ca)" "DRG/L/07/2026/00001"

# The demo district: 300 grievances and 300 letters, checked whole.
export ZILA_DB="$T/demo.db"
expect_ok "zila demo --records 300" "$ZILA" demo --records 300
expect_exit 1 "the demo refuses a database already set up" "$ZILA" demo --records 10
expect_match "saying so" "$err" "needs a new database"
expect_ok "zila check passes on the demo" "$ZILA" check
expect_eq "300 grievances" "$(q 'select count(*) from grievance')" 300
expect_eq "300 letters" "$(q 'select count(*) from letter')" 300
expect_eq "users: admin, clerk, collector, 6 nodal, officer and head of 10 departments" "$(q 'select count(*) from app_user')" 29
expect_eq "three blocks of twenty gram panchayats" "$(q 'select count(*) from gram_panchayat')" 60
expect_eq "grievances in every state" "$(q 'select count(distinct status) from grievance')" 6
expect_eq "markings pending, replied and closed" "$(q 'select count(distinct status) from letter_marking')" 3
expect_match "inspections of recent fortnights" "$(q "select count(*) from inspection where status = 'submitted'")" "^[1-9][0-9]+$"
expect_eq "nothing of the demo waits to be pushed" "$(q 'select count(*) from outbox')" 0
expect_eq "dated over the last two years" "$(q "select min(registered_on) >= '2024-11-20' and max(registered_on) <= '2026-11-20' from grievance")" 1
expect_match "search finds demo grievances in Hindi" "$("$ZILA" search हैंडपंप --limit 3)" "grievance|letter"
# the search indexes are filled in bulk with settings of their own (demo.c)
expect_eq "the search indexes agree with their rows" "$(q "INSERT INTO grievance_fts(grievance_fts) VALUES ('integrity-check');
	INSERT INTO letter_fts(letter_fts) VALUES ('integrity-check'); SELECT 'ok'")" ok
expect_eq "and keep no bulk setting" "$(q "SELECT group_concat(k) FROM (SELECT k FROM grievance_fts_config
	UNION ALL SELECT k FROM letter_fts_config)")" "version,version"
expect_eq "the notes of each grievance are searchable, oldest first" "$(q "SELECT count(*) FROM grievance g
	JOIN grievance_fts f ON f.rowid = g.rowid WHERE f.notes IS NOT coalesce((SELECT ' ' || group_concat(note, ' ')
	FROM (SELECT note FROM grievance_event WHERE grievance_id = g.id AND note <> '' ORDER BY rowid)), '')")" 0
# ids dated by each action's day, only rising (zila_uuid7_follow_clock): each
# table's rows append to its indexes, the second half after the first
# (but where the first half's late steps overlap the second's first days)
expect_eq "the demo's ids rise with their rows" "$(q "SELECT sum(id < p) <= 2 FROM (SELECT id, lag(id) OVER (ORDER BY rowid) p
	FROM grievance) UNION ALL SELECT sum(id < p) <= 2 FROM (SELECT id, lag(id) OVER (ORDER BY rowid) p FROM grievance_event)
	UNION ALL SELECT sum(id < p) <= 2 FROM (SELECT id, lag(id) OVER (ORDER BY rowid) p FROM letter)" | tr '\n' ' ')" "1 1 1 "
# (ten records are made on one thread: no half to merge)
expect_eq "zila demo --phases says how long each phase took" "$(ZILA_DB="$T/phases.db" "$ZILA" demo --records 10 --phases |
	grep -E '^phase [a-z]+: [0-9]+\.[0-9] s \(CPU [0-9]+\.[0-9] s\)$' | cut -d: -f1 | tr '\n' ' ')" \
	"phase setup phase records phase inspections phase search phase indexes phase finish "
expect_ok "demo login works with demo-pass" env ZILA_PASSWORD=demo-pass ZILA_USER=rev.officer "$ZILA" letter list --markings --overdue --limit 1
expect_ok "report grievances on the demo" "$ZILA" report grievances
expect_ok "report inspections on the demo" "$ZILA" report inspections

# CSV for spreadsheets: the UTF-8 byte order mark, and read back (on a
# fresh desk of the fixture)
export ZILA_DB="$T/bom.db"
setup_desk
expect_eq "tl --csv starts with the UTF-8 byte order mark, for spreadsheets" \
	"$("$ZILA" report tl --csv | head -c 3 | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "a list's --csv too" "$(as admin user list --csv | head -c 3 | od -An -tx1 | tr -d ' ')" "efbbbf"
printf '\357\273\277type,code,name_en,name_hi\ndepartment,EDX,Education,शिक्षा\n' > "$T/bom.csv"
expect_ok "a master CSV saved by a spreadsheet (with the mark) imports" as admin master import "$T/bom.csv"
expect_eq "its first row is read whole" "$(q "SELECT name_hi FROM department WHERE code = 'EDX'")" "शिक्षा"
expect_match "--no-bom is in --help" "$("$ZILA" report --help)" "no-bom"
finish
