#!/bin/sh
# Sync under faults: a relay that cuts connections after N bytes for many
# N, during push and pull; kill -9 of zilad while desks push; kill -9 of a
# desk in the middle of a pull; and a randomised run of five desks with
# random actions, transfers between departments, syncs, cuts and a server
# restored from an earlier backup. Afterwards every action is applied
# exactly once or listed as rejected, and every desk holds what its office
# may see, equal to the server.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad
RPID=""
start_relay() {
	: > "$T/cut"
	python3 "$srcdir/tests/e2e/relay.py" "$PORT" "$T/cut" > "$T/relay.port" &
	RPID=$!
	for _ in $(seq 100); do [ -s "$T/relay.port" ] && break; sleep 0.05; done
	RURL="https://localhost:$(cat "$T/relay.port")"
}
trap 'kill $RPID 2>/dev/null; stop_zilad; cleanup' EXIT
rnd() { echo $(( $(od -An -N2 -tu2 /dev/urandom) % $1 )); }

expect_ok "an admin desk enrols" enrol a admin
expect_ok "a clerk's desk enrols" enrol c clerk
start_relay

# --- cuts after N bytes, for many N, during push and pull ---------------
# pushed but the answer lost: entries pending here that the server has
lost_answers() {
	_id=$(sqlite3 "$(desk "$1")" "select value from meta where key='desk_id'")
	sqlite3 "$(desk "$1")" "attach '$SRV' as s; select count(*) from outbox o join s.push_ledger l
		on l.desk_id = '$_id' and l.client_seq = o.client_seq where o.state = 'pending'"
}
rounds=0 failed=0 lost=0
for n in $(seq 100 130 5300) 6000 8000 12000 20000; do
	rounds=$((rounds + 1))
	printf 'type,code,name_en\ndepartment,C%sA,Cut %s\ndepartment,C%sB,Cut %s\n' $n $n $n $n > "$T/cut.csv"
	ZILA_USER=admin "$ZILA" --db "$(desk a)" master import "$T/cut.csv" >/dev/null
	"$ACT" "$(desk c)" clerk grievance.register "{\"citizen_name\":\"Cut $n\",\"description\":\"d\",\"category\":\"LAND\"}" >/dev/null
	echo "$n" > "$T/cut"
	for k in a c; do
		if ! ZILA_SYNC_RETRIES=0 dsync $k --server "$RURL" 2>/dev/null; then
			failed=$((failed + 1))
			[ "$(lost_answers $k)" -eq 0 ] || lost=$((lost + 1))
		fi
	done
done
# the answer lost after the server applied the push falls in a narrow
# window of N: look on with finer steps until it has happened (bounded)
n=2003
while [ "$lost" -eq 0 ] && [ "$n" -lt 9000 ]; do
	rounds=$((rounds + 1))
	printf 'type,code,name_en\ndepartment,C%sA,Cut %s\ndepartment,C%sB,Cut %s\n' $n $n $n $n > "$T/cut.csv"
	ZILA_USER=admin "$ZILA" --db "$(desk a)" master import "$T/cut.csv" >/dev/null
	"$ACT" "$(desk c)" clerk grievance.register "{\"citizen_name\":\"Cut $n\",\"description\":\"d\",\"category\":\"LAND\"}" >/dev/null
	echo "$n" > "$T/cut"
	ZILA_SYNC_RETRIES=0 dsync a --server "$RURL" 2>/dev/null || { [ "$(lost_answers a)" -eq 0 ] || lost=$((lost + 1)); }
	n=$((n + 61))
done
expect_match "many syncs were cut ($failed)" "$failed" "^([5-9]|[1-9][0-9]+)$"
expect_match "some after the server had applied the push ($lost)" "$lost" "^[1-9][0-9]*$"
echo 0 > "$T/cut"
expect_ok "through the relay, uncut, the admin desk syncs" dsync a --server "$RURL"
expect_ok "and the clerk's desk" dsync c --server "$RURL"
expect_ok "directly, again" dsync a
expect_ok "and again" dsync c
expect_eq "every cut department is on the server once" "$(sqlite3 "$SRV" "select count(*) from department where code like 'C%'")" $((rounds * 2))
expect_eq "every grievance once" "$(sqlite3 "$SRV" "select count(*) from grievance where citizen_name like 'Cut %'")" $rounds
expect_ok "the admin desk's actions exactly once" exactly_once a
expect_ok "the clerk desk's actions exactly once" exactly_once c
expect_ok "the admin desk equals the server" same_as_server a
expect_ok "the clerk's desk equals the server" same_as_server c

# --- kill -9 of zilad while three desks push -----------------------------
expect_ok "a second admin desk enrols" enrol b admin
"$ACT" "$(desk a)" admin master.department '{"code":"K%d","name_en":"K"}' 300 >/dev/null
"$ACT" "$(desk b)" admin master.department '{"code":"L%d","name_en":"L"}' 300 >/dev/null
"$ACT" "$(desk c)" clerk grievance.register '{"citizen_name":"Kill %d","description":"d","category":"ROAD"}' 150 >/dev/null
for d in a b c; do
	ZILA_SYNC_BATCH=10 ZILA_SYNC_RETRIES=60 ZILA_SYNC_BACKOFF_MS=40 dsync $d > "$T/k$d.out" 2>&1 &
	eval "k$d=\$!"
done
for _ in 1 2 3; do
	sleep 0.4
	kill -9 "$ZPID"
	wait "$ZPID" 2>/dev/null || true
	sleep 0.2
	start_zilad server "$PORT"
done
wait "$ka" "$kb" "$kc" || true
for d in a b c; do dsync $d || true; done
expect_eq "after kill -9: every K department once" "$(sqlite3 "$SRV" "select count(*) from department where code like 'K%'")" 300
expect_eq "every L department once" "$(sqlite3 "$SRV" "select count(*) from department where code like 'L%'")" 300
expect_eq "every grievance once" "$(sqlite3 "$SRV" "select count(*) from grievance where citizen_name like 'Kill %'")" 150
expect_ok "desk a exactly once" exactly_once a
expect_ok "desk b exactly once" exactly_once b
expect_ok "desk c exactly once" exactly_once c
expect_ok "the server database is whole" "$ZILA" --db "$SRV" check

# --- kill -9 of a desk in the middle of a pull ---------------------------
ZILA_USER=collector ZILA_SYNC_PAGE=10 "$ZILA" --db "$(desk e)" enrol "$URL" --ca "$T/ca.pem" --quiet 2>/dev/null &
epid=$!
for _ in $(seq 400); do
	c=$(sqlite3 "$(desk e)" "select value from meta where key='sync_cursor'" 2>/dev/null || true)
	[ -n "$c" ] && [ "$c" -gt 200 ] && break
	sleep 0.01
done
kill -9 $epid 2>/dev/null || true
wait $epid 2>/dev/null || true
cursor=$(sqlite3 "$(desk e)" "select value from meta where key='sync_cursor'")
expect_match "the desk was killed part way" "$cursor" "^[0-9]+$"
expect_ok "it restarts consistent" "$ZILA" --db "$(desk e)" check
expect_ok "and its sync carries on" dsync e
expect_ok "to equal the server" same_as_server e
expect_match "then its check judges the histories too" "$("$ZILA" --db "$(desk e)" check 2>&1)" "histories$"

# --- a pull page that ends between a grievance and its registration event
# (the server's log is ordered by row, not by action): the desk is whole
# but behind, its check says so instead of calling it damage, and the next
# sync completes it. The page boundary is set by hand, deterministically:
# desk e is put back to the cursor just before the event, without it.
"$ACT" "$(desk c)" clerk grievance.register '{"citizen_name":"Half Pulled","description":"d","category":"LAND"}' >/dev/null
dsync c
dsync e
gid=$(sqlite3 "$SRV" "select id from grievance where citizen_name = 'Half Pulled'")
ev=$(sqlite3 "$SRV" "select c.server_seq from change_log c join grievance_event g on g.id = c.row_id
	where c.tbl = 'grievance_event' and g.grievance_id = '$gid' and g.kind = 'registered'")
tag=$(sqlite3 "$SRV" "select tag from log_tag where server_seq = $((ev - 1))")
sqlite3 "$(desk e)" "delete from grievance_event where grievance_id = '$gid';
	update meta set value = '$((ev - 1))' where key = 'sync_cursor';
	update meta set value = '$tag' where key = 'sync_tag'"
set +e
out=$("$ZILA" --db "$(desk e)" check 2>&1)
set -e
expect_match "a grievance without its registration event is a problem when no pull is part way" "$out" \
	"has no registration event"
sqlite3 "$(desk e)" "insert or replace into meta(key, value) values ('sync_partial', '1')"
expect_ok "with a pull stopped part way the desk is sound" "$ZILA" --db "$(desk e)" check
expect_match "and says its histories wait for the pull" "$("$ZILA" --db "$(desk e)" check 2>&1)" \
	"histories: not checked, a pull from the server stopped part way"
expect_ok "the next sync completes the pull" dsync e
expect_eq "the registration event arrived" \
	"$(sqlite3 "$(desk e)" "select count(*) from grievance_event where grievance_id = '$gid' and kind = 'registered'")" 1
expect_eq "and the pull is no longer part way" "$(sqlite3 "$(desk e)" "select value from meta where key = 'sync_partial'")" 0
expect_match "its check judges the histories again" "$("$ZILA" --db "$(desk e)" check 2>&1)" "histories$"

# --- randomised: five desks, random actions, transfers, syncs, cuts, and a
# server restored from an earlier backup part way ----------------------------
expect_ok "a collector's desk enrols" enrol d collector
expect_ok "a Revenue officer's desk enrols" enrol r rev.officer
restores=0
for round in $(seq 12); do
	# a backup at round 3, put back at round 8 (stop, copy, start)
	[ "$round" -ne 3 ] || sqlite3 "$SRV" ".backup '$T/backup.db'"
	if [ "$round" -eq 8 ]; then
		stop_zilad
		rm -f "$SRV-wal" "$SRV-shm"
		cp "$T/backup.db" "$SRV"
		start_zilad server "$PORT"
		restores=$((restores + 1))
	fi
	# the Collector routes a grievance to a random department, and
	# transfers one (Revenue's first) to another
	to=$(echo REV PWD HEALTH | cut -d' ' -f$(( $(rnd 3) + 1 )))
	g=$(sqlite3 "$(desk d)" "select number from grievance where status = 'registered' order by random() limit 1")
	[ -z "$g" ] || "$ACT" "$(desk d)" collector grievance.assign "{\"grievance\":\"$g\",\"department\":\"$to\"}" >/dev/null 2>&1 || true
	to=$(echo PWD HEALTH | cut -d' ' -f$(( $(rnd 2) + 1 )))
	g=$(sqlite3 "$(desk d)" "select g.number from grievance g join department p on p.id = g.department_id
		where g.status = 'assigned' and g.transfers < 3 order by p.code = 'REV' desc, random() limit 1")
	[ -z "$g" ] || "$ACT" "$(desk d)" collector grievance.transfer "{\"grievance\":\"$g\",\"department\":\"$to\",\"reason\":\"r $round\"}" >/dev/null 2>&1 || true
	# the Revenue officer notes one of Revenue's
	g=$(sqlite3 "$(desk r)" "select number from grievance where status in ('assigned','in_progress') order by random() limit 1")
	[ -z "$g" ] || "$ACT" "$(desk r)" rev.officer grievance.note "{\"grievance\":\"$g\",\"note\":\"r $round\"}" >/dev/null 2>&1 || true
	for d in a b c d r; do
		case $d in
		a|b) "$ACT" "$(desk $d)" admin master.department "{\"code\":\"R$(rnd 6)\",\"name_en\":\"R $round $d\"}" >/dev/null 2>&1 || true
		     ZILA_NEW_PASSWORD=password1 ZILA_USER=admin "$ZILA" --db "$(desk $d)" user add "u$(rnd 5)" --name "U $d" --role clerk >/dev/null 2>&1 || true ;;
		c)   "$ACT" "$(desk c)" clerk grievance.register "{\"citizen_name\":\"Rand $round\",\"description\":\"d\",\"category\":\"HOSP\"}" >/dev/null
		     g=$(sqlite3 "$(desk c)" "select number from grievance where status in ('registered','assigned') order by random() limit 1")
		     [ -z "$g" ] || "$ACT" "$(desk c)" clerk grievance.note "{\"grievance\":\"$g\",\"note\":\"n $round\"}" >/dev/null 2>&1 || true ;;
		d)   g=$(sqlite3 "$(desk d)" "select number from grievance where status in ('registered','assigned','in_progress') order by random() limit 1")
		     [ -z "$g" ] || "$ACT" "$(desk d)" collector grievance.dispose "{\"grievance\":\"$g\",\"reply\":\"r $round\"}" >/dev/null 2>&1 || true ;;
		esac
		if [ "$(rnd 2)" -eq 0 ]; then
			echo $(( $(rnd 3) == 0 ? 0 : 300 + $(rnd 9000) )) > "$T/cut"
			ZILA_SYNC_RETRIES=0 dsync $d --server "$RURL" >/dev/null 2>&1 || true
		fi
	done
done
echo 0 > "$T/cut"
for pass in 1 2 3; do for d in a b c d r; do dsync $d >/dev/null 2>&1 || true; done; done
for k in a b c d r; do
	expect_ok "random: desk $k's actions exactly once or rejected" exactly_once $k
	expect_ok "random: desk $k holds what its office may see, as the server has it" office_equal $k
	expect_ok "random: desk $k passes zila check" "$ZILA" --db "$(desk $k)" check
done
expect_ok "random: the server passes zila check" "$ZILA" --db "$SRV" check
expect_eq "random: the server was restored once" "$restores" 1
rejected=$(for d in a b c d r; do sqlite3 "$(desk $d)" "select count(*) from outbox where state='rejected'"; done | paste -sd+ | bc)
moved=$(sqlite3 "$(desk r)" "select count(*) from moved_out")
echo "# random rounds: $rejected actions rejected and listed; $moved grievances left the Revenue desk; one restore"

# --- a link that breaks off in the middle of the TLS handshake, once -----
# The broken handshake is a cut link, not a bad certificate: the desk tries
# again by itself and the sync ends well (it used to stop with a TLS error).
"$ACT" "$(desk c)" clerk grievance.register '{"citizen_name":"Handshake","description":"d","category":"LAND"}' >/dev/null
python3 "$srcdir/tests/e2e/cutrelay.py" "$PORT" 200 0 1 > "$T/hs.port" 2> "$T/hs.cuts" &
HPID=$!
for _ in $(seq 100); do [ -s "$T/hs.port" ] && break; sleep 0.05; done
expect_ok "a handshake cut once is retried and the sync ends well" dsync c --server "https://localhost:$(cat "$T/hs.port")"
kill $HPID; wait $HPID 2>/dev/null || true
expect_eq "the link was cut once" "$(grep -c cut "$T/hs.cuts")" 1
expect_eq "and the grievance reached the server" "$(sqlite3 "$SRV" "select count(*) from grievance where citizen_name = 'Handshake'")" 1
finish
