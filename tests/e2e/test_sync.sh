#!/bin/sh
# Sync end to end: a real zilad over HTTPS on 127.0.0.1 with a test CA;
# enrolment, push, pull, snapshot, office visibility, a rejection in the
# problems list, exactly-once pushes, bad requests, TLS refusals, revoked
# tokens.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad

# --- enrolment ---------------------------------------------------------
expect_exit 1 "a wrong password is refused" env ZILA_USER=clerk ZILA_PASSWORD=nope "$ZILA" --db "$(desk x)" enrol "$URL" --ca "$T/ca.pem"
expect_match "with the server's reason" "$err" "wrong login or password"
expect_eq "and no database is made" "$(test -e "$(desk x)" && echo yes || echo no)" no
expect_exit 1 "a certificate from an unknown CA is refused" env ZILA_USER=clerk "$ZILA" --db "$(desk x)" enrol "$URL" --ca "$T/evil.pem"
expect_match "as a TLS failure" "$err" "TLS"
expect_exit 1 "no CA file: the system's CAs do not know the server" env ZILA_USER=clerk "$ZILA" --db "$(desk x)" enrol "$URL"
expect_exit 2 "enrol needs a URL" "$ZILA" --db "$(desk x)" enrol
expect_exit 1 "plain http is refused by the desk" env ZILA_USER=clerk "$ZILA" --db "$(desk x)" enrol "http://localhost:$PORT"
expect_ok "the clerk's desk enrols (Collectorate)" enrol clerk clerk
expect_ok "an admin's desk enrols" enrol admin admin
expect_ok "a Revenue officer's desk enrols" enrol rev rev.officer
expect_ok "a Revenue head's desk enrols" enrol head rev.head
expect_ok "a PWD officer's desk enrols" enrol pwd pwd.officer
expect_eq "desk codes are given by the server" "$(sqlite3 "$(desk rev)" "select value from meta where key='desk_code'")" 03
expect_ok "the snapshot brought every master and user" same_as_server pwd
expect_ok "desks enrolled later reach the first by pull" dsync clerk
expect_ok "so it equals the server" same_as_server clerk
expect_eq "the database file is private (it holds the token)" "$(stat -c %a "$(desk clerk)")" 600
expect_exit 1 "enrolling over a set-up database is refused" enrol clerk clerk
expect_match "saying why" "$err" "already set up"
expect_ok "a user logs in offline on the new desk" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" user passwd clerk
pin=$(certtool --pubkey-info --infile "$T/server.pem" --outder 2>/dev/null | openssl dgst -sha256 -binary | base64)
expect_ok "a desk with the right pinned key enrols" env ZILA_USER=collector "$ZILA" --db "$(desk coll)" enrol "$URL" --ca "$T/ca.pem" --pin "sha256//$pin" --quiet
expect_exit 1 "a wrong pinned key is refused" env ZILA_USER=collector "$ZILA" --db "$(desk x)" enrol "$URL" --ca "$T/ca.pem" --pin "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

# --- push and pull of masters and users ----------------------------------
printf 'type,code,name_en\ndepartment,EDU,Education\ndepartment,AGRI,Agriculture\n' > "$T/m.csv"
expect_ok "the admin desk imports departments offline" env ZILA_USER=admin "$ZILA" --db "$(desk admin)" master import "$T/m.csv"
expect_ok "and adds a user offline" env ZILA_USER=admin ZILA_NEW_PASSWORD=password2 "$ZILA" --db "$(desk admin)" user add newclerk --name New --role clerk
expect_eq "three actions wait" "$(sqlite3 "$(desk admin)" "select count(*) from outbox where state='pending'")" 3
expect_ok "sync" dsync admin
expect_eq "the server has them" "$(sqlite3 "$SRV" "select count(*) from department where code in ('EDU','AGRI')")" 2
expect_eq "all applied" "$(sqlite3 "$(desk admin)" "select group_concat(state) from outbox")" "applied,applied,applied"
expect_ok "the clerk's desk pulls them" dsync clerk
expect_ok "and equals the server" same_as_server clerk
expect_ok "the new user logs in on the clerk's desk, offline" env ZILA_USER=newclerk ZILA_PASSWORD=password2 "$ZILA" --db "$(desk clerk)" user passwd newclerk
expect_match "one log line per request" "$(cat "$T/zilad.log")" "desk=02 POST /v3/push 200 in=[0-9]+ out=[0-9]+ ms=[0-9]+"

# --- an inspection an admin types in for a nodal officer ----------------
# the server re-runs it: the same row, the nodal officer's, typed in by the admin
printf 'type,user,gp\nnodal,nodal,200101\n' > "$T/n.csv"
expect_ok "the admin desk adds a nodal officer offline" env ZILA_USER=admin "$ZILA" --db "$(desk admin)" user add nodal --name Nodal --role nodal
expect_ok "assigns them a panchayat" env ZILA_USER=admin "$ZILA" --db "$(desk admin)" master import "$T/n.csv"
expect_ok "and types in their report" env ZILA_USER=admin "$ZILA" --db "$(desk admin)" inspection add --nodal Nodal \
	--gp 200101 --date 2026-11-16 --answer ATT=good
expect_ok "sync" dsync admin
expect_eq "the server's row is the nodal officer's, its event the admin's" "$(sqlite3 "$SRV" "select n.login || ' ' || a.login
	from inspection i join app_user n on n.id = i.nodal_id join inspection_event e on e.inspection_id = i.id
	join app_user a on a.id = e.actor_id")" "nodal admin"
expect_ok "the same rows as the desk's" same_as_server admin "app_user nodal_assignment inspection inspection_answer inspection_event"

# --- grievances: office visibility, a rejection that holds nothing up ---
reg() { "$ACT" "$(desk clerk)" clerk grievance.register "{\"citizen_name\":\"$1\",\"description\":\"d\",\"category\":\"$2\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])'; }
g1=$(reg Asha LAND); g2=$(reg Bala LAND); g3=$(reg Chand ROAD)
expect_match "numbers carry the desk code" "$g1" "^DRG/G/01/"
expect_ok "the clerk's desk pushes three grievances" dsync clerk
expect_eq "the server has them, same numbers" "$(sqlite3 "$SRV" "select group_concat(number) from (select number from grievance order by number)")" "$g1,$g2,$g3"
expect_ok "the Revenue desk syncs" dsync rev
expect_ok "the Revenue head's desk syncs" dsync head
expect_eq "Revenue sees its two, not PWD's" "$(sqlite3 "$(desk rev)" "select count(*) from grievance")" 2
expect_eq "PWD sees its one" "$(dsync pwd && sqlite3 "$(desk pwd)" "select number from grievance")" "$g3"
expect_ok "the Revenue officer disposes of the first" "$ACT" "$(desk rev)" rev.officer grievance.dispose "{\"grievance\":\"$g1\",\"reply\":\"done by officer\"}"
expect_ok "and syncs" dsync rev
expect_ok "the head, not yet synced, disposes of it too" "$ACT" "$(desk head)" rev.head grievance.dispose "{\"grievance\":\"$g1\",\"reply\":\"done by head\"}"
expect_ok "and of the second" "$ACT" "$(desk head)" rev.head grievance.dispose "{\"grievance\":\"$g2\",\"reply\":\"head reply\"}"
expect_exit 1 "the head's sync says something was rejected" dsync head
expect_match "and points to the problems list" "$err" "sync --problems"
problems=$("$ZILA" --db "$(desk head)" sync --problems)
expect_match "the problems list names the action and the server's reason" "$problems" "grievance.dispose .*state .*is disposed"
expect_eq "the action behind it was applied" "$(sqlite3 "$SRV" "select final_reply from grievance where number='$g2'")" "head reply"
expect_eq "the head's desk now shows the server's record" "$(sqlite3 "$(desk head)" "select final_reply from grievance where number='$g1'")" "done by officer"
revrows="select * from grievance where number in ('$g1', '$g2') order by id;
	select * from grievance_event where grievance_id in (select id from grievance where number in ('$g1', '$g2')) order by id"
expect_eq "and its Revenue grievances equal the server's" "$(sqlite3 "$(desk head)" "$revrows")" "$(sqlite3 "$SRV" "$revrows")"
id=$("$ZILA" --db "$(desk head)" sync --problems --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
expect_exit 1 "retrying it runs it again and is refused here now" env ZILA_USER=rev.head "$ZILA" --db "$(desk head)" sync --retry "$id"
expect_ok "discard it" "$ZILA" --db "$(desk head)" sync --discard "$id"
expect_eq "the problems list is empty" "$("$ZILA" --db "$(desk head)" sync --problems --json)" "[]"
expect_exit 1 "discarding twice names the id" "$ZILA" --db "$(desk head)" sync --discard "$id"

# --- letters: a marking brings the letter, and its past, to the department
l1=$("$ACT" "$(desk clerk)" clerk letter.create '{"sender":"SDM Patan","subject":"Land survey","marks":[{"department":"REV","days":7}]}' |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])')
expect_ok "the clerk's desk pushes a letter marked to Revenue" dsync clerk
expect_ok "Revenue syncs" dsync rev
expect_ok "PWD syncs" dsync pwd
expect_eq "Revenue sees the letter and its marking" "$(sqlite3 "$(desk rev)" "select count(*) from letter where number='$l1'; select count(*) from letter_marking")" "1
1"
expect_eq "PWD does not" "$(sqlite3 "$(desk pwd)" "select count(*) from letter")" 0
expect_ok "the clerk marks it to PWD too" "$ACT" "$(desk clerk)" clerk letter.mark "{\"letter\":\"$l1\",\"department\":\"PWD\",\"days\":5}"
expect_ok "and syncs" dsync clerk
expect_ok "PWD syncs again" dsync pwd
letter_rows="select * from letter where number='$l1'; select * from letter_marking order by id;
	select * from letter_event order by id"
expect_eq "PWD now has the letter, both markings and every event, as the server" \
	"$(sqlite3 "$(desk pwd)" "$letter_rows")" "$(sqlite3 "$SRV" "$letter_rows")"

# --- exactly once: the same batch twice, and twice at once ---------------
printf 'type,code,name_en\ndepartment,FOOD,Food\ndepartment,MINES,Mines\n' > "$T/m2.csv"
env ZILA_USER=admin "$ZILA" --db "$(desk admin)" master import "$T/m2.csv" >/dev/null
sqlite3 "$(desk admin)" "SELECT json_object('entries', json_group_array(json_object('client_seq', client_seq,
	'mutation_id', mutation_id, 'action', action, 'args', json(args), 'actor_id', actor_id,
	'base_version', base_version, 'client_time', client_time, 'prev', prev, 'sig', sig)))
	FROM outbox WHERE state = 'pending'" > "$T/batch.json"
post() { # post FILE PATH [TOKEN] [extra curl args]: prints the HTTP status
	f=$1 p=$2 tok=${3:-}; shift 3 || shift $#
	zcurl -sS -o "$T/reply.json" -w '%{http_code}' --cacert "$T/ca.pem" ${tok:+-H "Authorization: Bearer $tok"} \
		-H 'Content-Type: application/json' --data-binary "@$f" "$@" "$URL$p"
}
tok=$(token admin)
ledger() { sqlite3 "$SRV" "select count(*) from push_ledger"; }
before=$(ledger)
post "$T/batch.json" /v3/push "$tok" > "$T/s1" & p1=$!
post "$T/batch.json" /v3/push "$tok" > "$T/s2" & p2=$!
wait $p1 $p2
expect_eq "twice at once: both answered 200" "$(cat "$T/s1") $(cat "$T/s2")" "200 200"
expect_eq "and applied once" "$(sqlite3 "$SRV" "select count(*) from department where code in ('FOOD','MINES')")" 2
expect_eq "two ledger rows" "$(( $(ledger) - before ))" 2
expect_eq "a third time: the stored answer" "$(post "$T/batch.json" /v3/push "$tok")" 200
expect_eq "still two" "$(( $(ledger) - before ))" 2
expect_eq "the audit log has each once" "$(sqlite3 "$SRV" "select count(*) from audit_log where args like '%FOOD%'")" 1
expect_ok "the desk's own sync gets the stored results" dsync admin
expect_eq "and marks them applied" "$(sqlite3 "$(desk admin)" "select count(*) from outbox where state <> 'applied'")" 0

# --- bad requests: a clear 4xx, nothing written, the server goes on ------
digest() { synced_dump "$SRV"; sqlite3 "$SRV" "select count(*) from push_ledger; select count(*) from desk_token"; }
digest > "$T/before.dump"
printf '{"entries": [' > "$T/bad1"
expect_eq "malformed JSON: 400" "$(post "$T/bad1" /v3/push "$tok")" 400
expect_match "naming the place" "$(cat "$T/reply.json")" "malformed JSON at line 1"
printf '{"entries": "many"}' > "$T/bad2"
expect_eq "wrong types: 400" "$(post "$T/bad2" /v3/push "$tok")" 400
printf '{"entries":[{"client_seq":9,"mutation_id":"01930000-0000-7000-8000-00000000000\377","action":"x"}]}' > "$T/bad3"
expect_eq "invalid UTF-8: 400" "$(post "$T/bad3" /v3/push "$tok")" 400
n=$(( $(sqlite3 "$(desk admin)" "select max(client_seq) from outbox") + 1 ))
printf '{"entries":[{"client_seq":%s,"mutation_id":"01930000-0000-7000-8000-000000000001","action":"grievance.explode","args":{},"actor_id":"x","base_version":0,"client_time":"t"}]}' "$n" > "$T/bad4"
expect_eq "an unknown action: 400" "$(post "$T/bad4" /v3/push "$tok")" 400
expect_match "naming it" "$(cat "$T/reply.json")" "unknown action 'grievance.explode'"
head -c 2000000 /dev/zero | tr '\0' ' ' > "$T/huge"
expect_eq "a huge body: 413" "$(post "$T/huge" /v3/push "$tok")" 413
python3 -c 'import gzip,sys; sys.stdout.buffer.write(gzip.compress(b" " * (64 << 20)))' > "$T/bomb.gz"
expect_eq "a gzip bomb: 413" "$(post "$T/bomb.gz" /v3/push "$tok" -H 'Content-Encoding: gzip')" 413
printf 'not gzip' > "$T/notgz"
expect_eq "broken gzip: 400" "$(post "$T/notgz" /v3/push "$tok" -H 'Content-Encoding: gzip')" 400
expect_eq "no token: 401" "$(post "$T/batch.json" /v3/push "")" 401
expect_eq "a made-up token: 401" "$(post "$T/batch.json" /v3/push "$(printf '%064d' 7)")" 401
expect_eq "a cursor that is not a number: 400" "$(zcurl -sS -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" -H "Authorization: Bearer $tok" "$URL/v3/pull?cursor=-1")" 400
expect_eq "an unknown path: 404" "$(zcurl -sS -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" "$URL/v3/nothing")" 404
expect_eq "GET on push: 405" "$(zcurl -sS -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" -H "Authorization: Bearer $tok" "$URL/v3/push")" 405
gid=$(sqlite3 "$SRV" "select id from grievance where number='$g3'")
printf '{"rows":[{"t":"grievance","id":"%s"}]}' "$gid" > "$T/rows.json"
expect_eq "a PWD row asked for by the Revenue desk: answered" "$(post "$T/rows.json" /v3/rows "$(token rev)")" 200
expect_eq "without the row" "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["rows"]), len(r["gone"]))' "$T/reply.json")" "0 0"
printf '{"rows":[{"t":"audit_log","id":"1"}]}' > "$T/rows2.json"
expect_eq "a table that is not synced: 400" "$(post "$T/rows2.json" /v3/rows "$(token rev)")" 400
digest > "$T/after.dump"
expect_ok "nothing was written by any of them" cmp -s "$T/before.dump" "$T/after.dump"
expect_exit 35 "TLS 1.1 is refused by the server" zcurl -sS -o /dev/null --cacert "$T/ca.pem" --tlsv1.0 --tls-max 1.1 "$URL/v3/health"
expect_eq "the server goes on serving" "$(zcurl -sS -o /dev/null -w '%{http_code}' --cacert "$T/ca.pem" "$URL/v3/health")" 200

# --- TLS: a wrong host name ----------------------------------------------
good_port=$PORT good_pid=$ZPID
start_zilad wronghost
expect_exit 1 "a certificate for another host name is refused" dsync clerk --server "$URL"
expect_match "as a TLS failure" "$err" "TLS"
stop_zilad
start_zilad impostor
expect_exit 1 "an impostor with another CA's certificate is refused" dsync clerk --server "$URL"
stop_zilad
PORT=$good_port ZPID=$good_pid URL="https://localhost:$good_port"

# --- revoked token --------------------------------------------------------
expect_ok "revoke the PWD desk" "$ZILAD" desk revoke 05 --db "$SRV"
expect_exit 1 "its sync is refused" dsync pwd
expect_match "saying the token was revoked" "$err" "revoked"
expect_match "desk list shows it" "$("$ZILAD" desk list --db "$SRV")" "05 .*revoked"
expect_ok "the other desks go on" dsync clerk
expect_ok "and end equal to the server" same_as_server clerk
finish
