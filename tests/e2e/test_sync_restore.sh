#!/bin/sh
# The district server restored from last night's backup (a disk died),
# with desks that had synced since. Quiet: the desks sync first after the
# restore. Busy: one desk pushes 40 new grievances first, so the server
# gives its change-log numbers again, to other changes. Either way the
# district must end with every confirmed action once (the desks send what
# the server lost, by themselves), every desk equal to the server, and
# the event said loudly by zila sync and in zilad's log.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad
for d in clerk:clerk rev:rev.officer pwd:pwd.officer coll:collector; do enrol "${d%%:*}" "${d#*:}"; done
DESKS="clerk rev pwd coll"
reg() { "$ACT" "$(desk clerk)" clerk grievance.register "{\"citizen_name\":\"$1\",\"description\":\"d\",\"category\":\"$2\"}" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])'; }
sync_all() { for d in $DESKS; do dsync "$d" >> "$T/sync.$d" 2>&1 || true; done; }
on_server() { sqlite3 "$SRV" "$1"; }

for i in 1 2; do reg "Before $i" LAND >/dev/null; reg "Before road $i" ROAD >/dev/null; done
sync_all

# backup: a consistent copy while zilad runs, as zilad(8) says
backup() { sqlite3 "$SRV" ".backup '$T/backup.db'"; }
# restore: stop zilad, put the copy back (its WAL goes with the old file), start
restore() {
	stop_zilad
	rm -f "$SRV-wal" "$SRV-shm"
	cp "$T/backup.db" "$SRV"
	start_zilad server "$PORT"
}
# nine confirmed actions after the backup: three grievances whose numbers
# are on citizens' receipts, two disposals, four notes; every desk syncs
nine_actions() {
	tag=$1
	n1=$(reg "$tag 1" LAND) n2=$(reg "$tag 2" LAND) n3=$(reg "$tag 3" ROAD)
	sync_all
	for g in $(sqlite3 "$(desk rev)" "select number from grievance where status <> 'disposed' order by number limit 2"); do
		"$ACT" "$(desk rev)" rev.officer grievance.dispose "{\"grievance\":\"$g\",\"reply\":\"$tag done\"}" >/dev/null
	done
	for g in $n1 $n2 $n3; do "$ACT" "$(desk clerk)" clerk grievance.note "{\"grievance\":\"$g\",\"note\":\"$tag note\"}" >/dev/null; done
	"$ACT" "$(desk pwd)" pwd.officer grievance.note "{\"grievance\":\"$n3\",\"note\":\"$tag pwd\"}" >/dev/null
	sync_all
	sync_all
	expect_eq "$tag: the nine actions are confirmed" "$(for d in $DESKS; do sqlite3 "$(desk $d)" "select count(*) from outbox where state = 'applied'"; done | paste -sd+ | bc)" \
		"$(( $(on_server "select count(*) from push_ledger where state = 'applied'") ))"
	echo "$n1 $n2 $n3" > "$T/receipts"
}
# after the restore: what the desks confirmed is on the server, once
check_after() {
	tag=$1
	for n in $(cat "$T/receipts"); do
		expect_eq "$tag: grievance $n (on a receipt) is on the server once" "$(on_server "select count(*) from grievance where number = '$n'")" 1
	done
	expect_eq "$tag: both disposals are there" "$(on_server "select count(*) from grievance where final_reply = '$tag done'")" 2
	expect_eq "$tag: the four notes, once each" "$(on_server "select count(*) from grievance_event where note in ('$tag note', '$tag pwd')")" 4
	expect_eq "$tag: nothing waits anywhere" "$(for d in $DESKS; do sqlite3 "$(desk $d)" "select count(*) from outbox where state = 'pending'"; done | paste -sd+ | bc)" 0
	converged $DESKS
}

# --- quiet: the desks sync first ------------------------------------------
backup
nine_actions Quiet
restore
expect_eq "the restored server lacks the nine" "$(on_server "select count(*) from grievance where citizen_name like 'Quiet %'")" 0
: > "$T/out"
start=$(date +%s.%N)
for d in $DESKS; do dsync "$d" > "$T/q.$d" 2>&1 || true; done
sync_all
quiet_s=$(echo "$(date +%s.%N) - $start" | bc)
expect_match "the clerk's sync says the server lost its actions" "$(cat "$T/q.clerk")" "WARNING: the server had lost 6 of this desk's confirmed actions"
expect_match "the Revenue desk's says so for its two disposals" "$(cat "$T/q.rev")" "WARNING: the server had lost 2 of"
expect_match "the Collector's (which lost none) says its copy was taken again" "$(cat "$T/q.coll")" "WARNING: the server's history is not the one this desk had seen"
expect_match "zilad's log says it" "$(cat "$T/zilad.log")" "WARNING desk=01: the desk had 10 actions confirmed, this server has 4 of them"
expect_match "the desk keeps the event for its screens" "$(sqlite3 "$(desk clerk)" "select value from meta where key = 'sync_restore'")" "sent again"
check_after Quiet
echo "# restore, quiet: desks healed in $quiet_s s"

# --- busy: one desk pushes 40 new grievances first --------------------------
backup
nine_actions Busy
restore
start=$(date +%s.%N)
"$ACT" "$(desk clerk)" clerk grievance.register '{"citizen_name":"New %d","description":"d","category":"LAND"}' 20 >/dev/null
"$ACT" "$(desk clerk)" clerk grievance.register '{"citizen_name":"New road %d","description":"d","category":"ROAD"}' 20 >/dev/null
dsync clerk > "$T/b.clerk" 2>&1 || true
expect_match "the busy desk's sync says the server lost its actions" "$(cat "$T/b.clerk")" "WARNING: the server had lost 6 of"
for d in rev pwd coll; do dsync "$d" > "$T/b.$d" 2>&1 || true; done
for d in rev pwd coll; do
	expect_match "$d: the reused change-log numbers are noticed" "$(cat "$T/b.$d")" "WARNING"
done
sync_all
busy_s=$(echo "$(date +%s.%N) - $start" | bc)
expect_eq "the 40 new grievances are on the server" "$(on_server "select count(*) from grievance where citizen_name like 'New %'")" 40
expect_eq "Revenue received its 20 new ones" "$(sqlite3 "$(desk rev)" "select count(*) from grievance where citizen_name like 'New %'")" 20
expect_eq "PWD its 20" "$(sqlite3 "$(desk pwd)" "select count(*) from grievance where citizen_name like 'New road %'")" 20
check_after Busy
echo "# restore, busy: 40 new grievances and the healing in $busy_s s"
finish
