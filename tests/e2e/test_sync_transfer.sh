#!/bin/sh
# Records that leave an office leave its desks: a grievance transferred to
# another department (by another desk of the office, or on this desk
# itself) is dropped by the old department's desks on their next sync,
# with a line saying where it went; a local change the server rejects is
# rolled back to the server's version, and when the office may no longer
# see the record, the record leaves the desk. Every desk ends holding
# exactly what its office may see (checked against the server's database
# by the visibility rules, written apart from zilad's code). An inspection
# whose draft, recorded again, no longer has a suggestion for an office
# leaves that office's desks too.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
"$ZILAD" user add nodal --name Nodal --role nodal --db "$SRV" >/dev/null
printf 'type,user,gp\nnodal,nodal,200101\n' > "$T/n.csv"
"$ZILAD" master import "$T/n.csv" --db "$SRV" >/dev/null
start_zilad
for d in clerk:clerk rev:rev.officer head:rev.head pwd:pwd.officer coll:collector nodal:nodal; do enrol "${d%%:*}" "${d#*:}"; done
DESKS="clerk rev head pwd coll nodal"
sync_all() { for d in $DESKS; do dsync "$d" >/dev/null 2>&1 || true; done; }
reg() { "$ACT" "$(desk clerk)" clerk grievance.register "{\"citizen_name\":\"$1\",\"description\":\"d\",\"category\":\"LAND\"}" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])'; }
has() { sqlite3 "$(desk "$1")" "select count(*) from grievance where number = '$2'"; }
events() { sqlite3 "$(desk "$1")" "select count(*) from grievance_event e join grievance g on g.id = e.grievance_id where g.number = '$2'"; }

g1=$(reg One) g2=$(reg Two) g3=$(reg Three) g4=$(reg Four)
for g in $g1 $g2 $g3 $g4; do "$ACT" "$(desk clerk)" clerk grievance.assign "{\"grievance\":\"$g\",\"department\":\"REV\"}" >/dev/null; done
sync_all
expect_eq "Revenue's desks hold the four" "$(has rev $g1)$(has rev $g4)$(has head $g3)" 111

# --- transferred by another desk of the office ---------------------------
expect_ok "the Revenue head transfers the first to PWD" "$ACT" "$(desk head)" rev.head grievance.transfer \
	"{\"grievance\":\"$g1\",\"department\":\"PWD\",\"reason\":\"a road matter\"}"
dsync head
expect_eq "the head's desk dropped it" "$(has head $g1)" 0
expect_ok "the officer's desk syncs" dsync rev
expect_eq "and dropped it too" "$(has rev $g1)" 0
expect_eq "with its events" "$(events rev $g1)" 0
expect_eq "keeping where it went" "$(sqlite3 "$(desk rev)" "select label || ' ' || to_dept from moved_out")" "$g1 PWD"
expect_exit 1 "asked for it, the desk" env ZILA_USER=rev.officer "$ZILA" --db "$(desk rev)" grievance show "$g1"
expect_match "says where it went and when" "$err" "grievance $g1 was transferred to PWD on 2026-11-20: this office no longer holds it"
dsync pwd
expect_eq "PWD's desk has it" "$(has pwd $g1)" 1

# --- transferred on this desk itself -------------------------------------
expect_ok "the officer transfers the second to HEALTH, offline" "$ACT" "$(desk rev)" rev.officer grievance.transfer \
	"{\"grievance\":\"$g2\",\"department\":\"HEALTH\",\"reason\":\"a hospital matter\"}"
expect_eq "until it syncs, the desk shows it in HEALTH" "$(sqlite3 "$(desk rev)" "select d.code from grievance g join department d on d.id = g.department_id where number = '$g2'")" HEALTH
expect_ok "it syncs" dsync rev
expect_eq "then it is gone from the desk" "$(has rev $g2)" 0

# --- a rejected change on a record that left meanwhile --------------------
expect_ok "the head, not synced, disposes of the third" "$ACT" "$(desk head)" rev.head grievance.dispose "{\"grievance\":\"$g3\",\"reply\":\"done\"}"
expect_ok "while the officer transfers it to PWD and syncs first" "$ACT" "$(desk rev)" rev.officer grievance.transfer \
	"{\"grievance\":\"$g3\",\"department\":\"PWD\",\"reason\":\"roads again\"}"
dsync rev
expect_exit 1 "the head's disposal is rejected" dsync head
expect_match "and listed with the server's reason" "$(ZILA_USER=rev.head "$ZILA" --db "$(desk head)" sync --problems)" "grievance.dispose"
expect_eq "the disposed copy does not stay on the head's desk" "$(has head $g3)" 0
expect_eq "the server has it in PWD, not disposed" "$(sqlite3 "$SRV" "select d.code || ' ' || g.status from grievance g join department d on d.id = g.department_id where number = '$g3'")" "PWD assigned"

# --- a rejected change on a record the office still sees ------------------
expect_ok "the head disposes of the fourth, offline" "$ACT" "$(desk head)" rev.head grievance.dispose "{\"grievance\":\"$g4\",\"reply\":\"by head\"}"
expect_ok "the officer disposes of it too, and syncs first" "$ACT" "$(desk rev)" rev.officer grievance.dispose "{\"grievance\":\"$g4\",\"reply\":\"by officer\"}"
dsync rev
dsync head >/dev/null 2>&1 || true
expect_eq "the head's desk shows the server's disposal" "$(sqlite3 "$(desk head)" "select final_reply from grievance where number = '$g4'")" "by officer"

# --- back again: a record that returns comes back whole -------------------
expect_ok "PWD sends the first back to Revenue" "$ACT" "$(desk pwd)" pwd.officer grievance.transfer \
	"{\"grievance\":\"$g1\",\"department\":\"REV\",\"reason\":\"not ours\"}"
dsync pwd
sync_all
expect_eq "Revenue's desk has it again" "$(has rev $g1)" 1
expect_eq "with all its events" "$(events rev $g1)" "$(sqlite3 "$SRV" "select count(*) from grievance_event e join grievance g on g.id = e.grievance_id where g.number = '$g1'")"
expect_eq "and PWD's desk dropped it" "$(has pwd $g1)" 0

# --- an inspection draft recorded again without Revenue's suggestion --------
rec() { "$ACT" "$(desk nodal)" nodal inspection.record "{$1\"gp\":\"200101\",\"inspected_on\":\"2026-11-20\",
	\"answers\":[{\"item\":\"ATT\",\"rating\":\"good\"}],\"suggestions\":[$2]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
iid=$(rec "" '{"text":"mend the land records","department":"REV","target_date":"2026-12-01"}')
dsync nodal
dsync rev
expect_eq "Revenue's desk has the inspection with its suggestion" "$(sqlite3 "$(desk rev)" "select count(*) from inspection where id = '$iid'")" 1
expect_ok "the nodal officer records the draft again, the suggestion now for PWD" rec "\"id\":\"$iid\"," \
	'{"text":"mend the road","department":"PWD","target_date":"2026-12-01"}'
dsync nodal
dsync rev
expect_eq "the inspection left Revenue's desk" "$(sqlite3 "$(desk rev)" "select count(*) from inspection where id = '$iid'")" 0
expect_eq "with its answers" "$(sqlite3 "$(desk rev)" "select count(*) from inspection_answer where inspection_id = '$iid'")" 0
dsync pwd
expect_eq "and reached PWD's" "$(sqlite3 "$(desk pwd)" "select count(*) from inspection where id = '$iid'")" 1
sync_all
converged $DESKS
finish
