#!/bin/sh
# The election cell's desk works offline and syncs like the others, with
# a real zilad over HTTPS: masters imported and all three randomisations
# run offline; after sync the server holds the same rows (it ran every
# action again: same parties, same seats, same hashes); the Collectorate's
# desk receives them, a Revenue desk receives none. A second cell desk
# whose randomisation read data another desk has since changed is refused
# by the server (the inputs differ), listed as a problem, and runs again;
# each run's kept inputs reach the desks, and every run still verifies
# after the exemptions.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
printf 'type,code,name_en,name_hi\ndepartment,ELECTION,Election cell,निर्वाचन शाखा\n' > "$T/dept.csv"
"$ZILAD" master import "$T/dept.csv" --db "$SRV" >/dev/null
"$ZILAD" user add elec --name "Election Officer" --role officer --department ELECTION --db "$SRV" >/dev/null
"$ZILAD" user add elec2 --name "Election Assistant" --role officer --department ELECTION --db "$SRV" >/dev/null
start_zilad
trap 'stop_zilad; cleanup' EXIT

ELTABLES="el_constituency el_station el_office el_official el_election el_run el_run_input el_party el_posting el_posting_released"
el() { _d=$1 _u=$2; shift 2; ZILA_USER=$_u "$ZILA" --db "$(desk "$_d")" election "$@"; }

expect_ok "the election cell's desk enrols" enrol cell elec
expect_ok "a second cell desk enrols" enrol cell2 elec2
expect_ok "the Collectorate's desk enrols" enrol coll collector
expect_ok "a Revenue desk enrols" enrol rev rev.officer

# the masters and three runs, offline: the server is stopped
stop_zilad
printf 'code,name_en,name_hi\n' > "$T/ac.csv"
for a in 1 2; do printf 'AC0%d,Constituency %d,विधानसभा %d\n' $a $a $a >> "$T/ac.csv"; done
awk 'BEGIN { print "code,constituency,name_en,women";
	for (a = 1; a <= 2; a++) for (s = 1; s <= 5; s++) printf "PS%d%02d,AC0%d,School,%s\n", a, s, a, (s == 5 ? "yes" : "no") }' > "$T/stations.csv"
awk 'BEGIN { print "code,name_en,kind"; for (i = 1; i <= 12; i++) printf "OF%02d,Office %d,government\n", i, i }' > "$T/offices.csv"
awk 'BEGIN { print "employee_id,name,gender,office,pay_level,home_ac";
	for (i = 1; i <= 90; i++) printf "E%03d,Official %d,%s,OF%02d,%d,AC0%d\n", i, i, (i % 2 ? "M" : "F"), int(i / 2) % 12 + 1,
		int(i / 2) % 9 + 2, int(i / 4) % 2 + 1 }' > "$T/officials.csv"
for k in constituencies:ac stations:stations offices:offices officials:officials; do
	expect_ok "offline: import ${k%%:*}" el cell elec import ${k%%:*} "$T/${k##*:}.csv"
done
expect_ok "offline: rules" el cell elec rules GE2026 --name "General Election 2026"
for s in 1 2 3; do
	expect_ok "offline: randomise $s" el cell elec randomise GE2026 $s --seed 00000000000000e$s
done
expect_match "offline: the summary" "$(el cell elec summary GE2026)" "Total: 10 stations covered of 10"
start_zilad server "$PORT"
expect_ok "the cell's desk syncs" dsync cell
expect_eq "every action applied" "$(sqlite3 "$(desk cell)" "select count(*) || ' ' || sum(state = 'applied') from outbox
	where action like 'election.%'")" "118 118"
expect_ok "the server re-ran them to the very same rows" same_as_server cell "$ELTABLES"
expect_eq "the same seeds and hashes on the server" "$(sqlite3 "$SRV" "select group_concat(seed || ':' || result_hash, ' ') from el_run order by seq")" \
	"$(sqlite3 "$(desk cell)" "select group_concat(seed || ':' || result_hash, ' ') from el_run order by seq")"
expect_eq "the server's audit log keeps the seeds" "$(sqlite3 "$SRV" "select group_concat(json_extract(args, '$.seed'), ' ')
	from audit_log where action = 'election.randomise'")" "00000000000000e1 00000000000000e2 00000000000000e3"

# who receives it
expect_ok "the Collectorate's desk pulls" dsync coll
expect_ok "and holds the election's rows, as the server" same_as_server coll "$ELTABLES"
for n in 1 2 3; do
	expect_match "the Collectorate's desk re-runs randomisation $n to the same result" \
		"$(ZILA_USER=collector "$ZILA" --db "$(desk coll)" election verify $n)" "^Verified"
done
expect_ok "the Revenue desk pulls" dsync rev
expect_eq "and holds none of them" "$(sqlite3 "$(desk rev)" "select (select count(*) from el_official) + (select count(*) from el_posting)")" 0
expect_ok "the second cell desk pulls" dsync cell2
expect_ok "and holds them" same_as_server cell2 "$ELTABLES"

# two desks, one election: cell2 exempts an official and fills the hole
# offline, while cell exempts another and syncs first
hole1=$(sqlite3 "$(desk cell2)" "select o.employee_id from el_posting m join el_official o on o.id = m.official_id where m.seat = 1 order by 1 limit 1")
hole2=$(sqlite3 "$(desk cell2)" "select o.employee_id from el_posting m join el_official o on o.id = m.official_id where m.seat = 2 order by 1 limit 1")
expect_ok "cell2: exempt $hole1" el cell2 elec2 exempt "$hole1" --reason "On leave"
expect_ok "cell2: the hole drawn again, offline" el cell2 elec2 randomise GE2026 1
expect_ok "cell: exempt $hole2" el cell elec exempt "$hole2" --reason "Medical"
expect_ok "cell syncs first" dsync cell
set +e
out=$(dsync cell2 2>&1)
set -e
expect_eq "cell2's exemption applied, its randomisation refused" "$(sqlite3 "$(desk cell2)" "select group_concat(state, ' ')
	from (select state from outbox where action in ('election.exempt', 'election.randomise') order by client_seq desc limit 2)")" \
	"rejected applied"
expect_match "as a problem with the server's reason" "$(ZILA_USER=elec2 "$ZILA" --db "$(desk cell2)" sync --problems 2>&1)" \
	"election.randomise .* conflict +the election.s data changed before"
expect_eq "the server drew nothing for it" "$(sqlite3 "$SRV" "select count(*) from el_run")" 3
expect_ok "cell2 pulls" dsync cell2
expect_ok "and runs it again on what the server has" el cell2 elec2 randomise GE2026 1
expect_ok "which the server takes" dsync cell2
expect_eq "both holes filled on the server" "$(sqlite3 "$SRV" "select filled from el_run where seq = 4")" 2
expect_ok "cell pulls" dsync cell
expect_ok "both desks and the server agree" same_as_server cell "$ELTABLES"
expect_ok "and the second desk" same_as_server cell2 "$ELTABLES"
expect_eq "each run's inputs kept, the released places too" "$(sqlite3 "$SRV" "select (select count(*) from el_run_input)
	|| ' ' || (select count(*) from el_posting_released)")" "4 2"
# after the exemptions and the refill, every run still verifies, on the
# server's copy as pulled by the Collectorate's desk
expect_ok "the Collectorate's desk pulls again" dsync coll
for n in 1 2 3 4; do
	expect_match "the Collectorate's desk verifies randomisation $n after the exemptions" \
		"$(ZILA_USER=collector "$ZILA" --db "$(desk coll)" election verify $n)" "^Verified"
done
finish
