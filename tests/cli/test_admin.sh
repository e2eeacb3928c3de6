#!/bin/sh
# The command line's set-up and administration: init, users, masters,
# backup, check, and its exit codes.
. "$srcdir/tests/lib.sh"

expect_exit 2 "no arguments to init is a usage error" "$ZILA" init
expect_exit 1 "a command before init names zila init" "$ZILA" user list
expect_match "and says so" "$err" "zila init"
expect_ok "init" "$ZILA" init --district DRG --name Durg --desk 07 --admin admin
expect_exit 1 "init twice is refused" "$ZILA" init --district DRG --name Durg --desk 07 --admin admin
expect_match "naming the district" "$err" "already set up for district DRG"
expect_exit 1 "a bad desk code is refused" env ZILA_DB="$T/other.db" "$ZILA" init --district DRG --name Durg --desk 7 --admin admin
expect_ok "import the masters" as admin master import "$FIXTURE/masters.csv"
expect_eq "four departments" "$(q 'select count(*) from department')" 4
expect_match "list of categories" "$(as admin master list category)" "WATER +Drinking water +पेयजल +PHED +7"
expect_ok "add a clerk" as admin user add clerk --name "Ram Clerk" --role clerk
expect_exit 1 "a clerk may not add users" as clerk user add x2 --name X --role clerk
expect_match "and is told why" "$err" "may not do user.add"
expect_exit 1 "a wrong password is refused" env ZILA_PASSWORD=nope ZILA_USER=admin "$ZILA" user add x3 --name X --role clerk
expect_match "with one line" "$err" "^zila: wrong login or password$"
expect_exit 1 "an officer needs a department" as admin user add o1 --name O --role officer
expect_match "named in the message" "$err" "department is required"
expect_exit 2 "an unknown command" "$ZILA" frobnicate
expect_ok "the clerk changes their own password" env ZILA_NEW_PASSWORD=another-pass ZILA_USER=clerk "$ZILA" user passwd
expect_ok "and logs in with it" env ZILA_PASSWORD=another-pass ZILA_USER=clerk "$ZILA" user passwd clerk
expect_eq "users" "$(as admin user list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2
printf 'type,code,name_en\ndepartment,EDU,Education\ndepartment,bad code,X\n' > "$T/bad.csv"
expect_exit 1 "a bad CSV line refuses the file" as admin master import "$T/bad.csv"
expect_match "naming the line" "$err" "line 3"
expect_eq "and nothing of it is kept" "$(q "select count(*) from department where code='EDU'")" 0
expect_ok "backup" "$ZILA" backup "$T/backup.db"
expect_exit 1 "backup over an existing file is refused" "$ZILA" backup "$T/backup.db"
expect_ok "check" "$ZILA" check
q "DROP TRIGGER audit_chain_no_update; UPDATE audit_chain SET args='{}' WHERE seq=2;"
expect_exit 1 "check finds a changed audit row" "$ZILA" check
expect_match "and says where" "$err" "chain is broken at row 2"
# --- records that disagree with their history ------------------------------------
export ZILA_DB="$T/history.db"
setup_desk
as clerk grievance add --citizen "Asha Devi" --category LAND --description "Boundary" >/dev/null
as clerk letter add --sender "SDM Patan" --subject "Flood relief" --mark REV:7 --mark PWD:10 >/dev/null
expect_ok "a sound database passes check, histories too" "$ZILA" check
expect_match "saying so" "$("$ZILA" check)" "audit chain and histories"
cp "$ZILA_DB" "$T/sound.db"
q "UPDATE grievance SET status = 'closed'"
expect_exit 1 "a grievance closed with sqlite3 is found" "$ZILA" check
expect_match "named with its status and its history's" "$err" "history: grievance DRG/G/07/2026/000001: status is closed but its last event made it registered"
cp "$T/sound.db" "$ZILA_DB"
q "UPDATE grievance SET department_id = (SELECT id FROM department WHERE code = 'PWD')"
expect_exit 1 "a grievance moved to another department with sqlite3 is found" "$ZILA" check
expect_match "naming both departments" "$err" "department is PWD but its last event sent it to REV"
cp "$T/sound.db" "$ZILA_DB"
q "UPDATE letter_marking SET status = 'replied' WHERE department_id = (SELECT id FROM department WHERE code = 'PWD')"
expect_exit 1 "a marking replied with sqlite3 is found" "$ZILA" check
expect_match "named with its department" "$err" "letter DRG/L/07/2026/00001 \(PWD\): a marking's status is replied but its last event made it pending"
cp "$T/sound.db" "$ZILA_DB"
q "UPDATE letter SET status = 'closed'"
expect_exit 1 "a letter closed with sqlite3 is found" "$ZILA" check
expect_match "twice: its history and its open markings" "$err" "letter DRG/L/07/2026/00001: status is closed but its last event made it open"
expect_match "and counted" "$err" "2 problems found"
cp "$T/sound.db" "$ZILA_DB"
q "DELETE FROM grievance_event WHERE kind = 'registered'"
expect_exit 1 "a grievance whose registration event was removed is found" "$ZILA" check
expect_match "by its history" "$err" "no registration event"
finish
