#!/bin/sh
# Identity, tried as a hostile insider would (issue 9): with a desk's
# token, or write access to a desk's SQLite file, nobody acts as another
# user or beyond their office. Each attack is refused, and the district's
# records on the server are unchanged: a digest of every table but the
# push ledger and the tokens' last_seen (a refused action uses up its
# number there, by design). A real zilad over HTTPS.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
"$ZILAD" user add pwd.head --name "PWD Head" --role head --department PWD --db "$SRV" >/dev/null
start_zilad
expect_ok "the counter desk enrols (Collectorate)" enrol clerk clerk
expect_ok "a second Collectorate desk enrols" enrol coll collector
expect_ok "the Revenue desk enrols" enrol rev rev.officer
expect_ok "a second Revenue desk enrols (its token is used by hand below)" enrol rev2 rev.head
expect_ok "the PWD desk enrols" enrol pwd pwd.officer
g1=$("$ACT" "$(desk clerk)" clerk grievance.register '{"citizen_name":"Asha","description":"d","category":"LAND"}' |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])')
g3=$("$ACT" "$(desk clerk)" clerk grievance.register '{"citizen_name":"Chand","description":"d","category":"ROAD"}' |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])')
for d in clerk coll rev rev2 pwd; do dsync "$d"; done

# the district's records: every table of the server but the ledger (and
# the tokens' last_seen); with sqlite3's own dump, so no table is missed
digest() {
	for t in $(sqlite3 "$SRV" "select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'
		and name not like '%fts%' and name not in ('push_ledger', 'desk_token') order by name"); do
		echo "== $t"; sqlite3 "$SRV" "select * from \"$t\" order by 1"
	done
	sqlite3 "$SRV" "select token_hash, desk_id, login, created_at, revoked_at from desk_token order by 1"
}
same_digest() { digest > "$T/after.dump"; cmp -s "$T/before.dump" "$T/after.dump"; }
id_of() { sqlite3 "$SRV" "select id from app_user where login = '$1'"; }
desk_id() { sqlite3 "$(desk "$1")" "select value from meta where key = 'desk_id'"; }
next_seq() { sqlite3 "$SRV" "select coalesce(max(client_seq), 0) + 1 from push_ledger where desk_id = '$(desk_id "$1")'"; }
post() { # post DESK FILE: the HTTP status; the reply in $T/reply.json
	zcurl -sS -o "$T/reply.json" -w '%{http_code}' --cacert "$T/ca.pem" -H "Authorization: Bearer $(token "$1")" \
		-H 'Content-Type: application/json' --data-binary "@$2" "$URL/v3/push"
}
# entry DESK ACTOR ACTION ARGS [CLIENT_TIME]: a push body of one entry
entry() {
	printf '{"entries":[{"client_seq":%s,"mutation_id":"%s","action":"%s","args":%s,"actor_id":"%s","base_version":0,"client_time":"%s"}]}' \
		"$(next_seq "$1")" "$(python3 -c 'import uuid; print(uuid.uuid4())')" "$3" "$4" "$(id_of "$2")" "${5:-2026-11-20T06:00:00Z}"
}
rejected() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(x["code"] for x in r["rejected"]))' "$T/reply.json"; }
message() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["rejected"][0]["message"])' "$T/reply.json"; }
dispose_g1="{\"grievance\":\"$g1\",\"reply\":\"forged\"}"

# --- a forged actor: the Revenue desk's token, the Collector's id ----------
digest > "$T/before.dump"
entry rev2 collector grievance.dispose "$dispose_g1" > "$T/forged.json"
expect_eq "an unsigned push as the Collector is answered" "$(post rev2 "$T/forged.json")" 200
expect_eq "and refused for its signature" "$(rejected)" signature
expect_match "saying so" "$(message)" "no signature of its user"
entry rev2 collector grievance.dispose "$dispose_g1" | "$ACT" --sign "$(desk rev2)" rev.officer > "$T/forged2.json"
expect_eq "signed by the Revenue officer but claiming the Collector: refused" "$(post rev2 "$T/forged2.json"; rejected)" "200signature"
expect_match "it is not the Collector's signature" "$(message)" "not its user's"
expect_ok "the server's records are unchanged" same_digest

# --- an outbox row inserted with sqlite3 ----------------------------------
sqlite3 "$(desk rev)" "insert into outbox(mutation_id, action, args, actor_id, base_version, client_time)
	values ('01930000-0000-7000-8000-00000000abcd', 'grievance.dispose', '$dispose_g1', '$(id_of collector)', 0, '2026-11-20T06:00:00Z')"
expect_exit 1 "the desk's sync reports the row refused" dsync rev
expect_match "as a problem" "$("$ZILA" --db "$(desk rev)" sync --problems)" "grievance.dispose .*signature"
expect_ok "the server's records are unchanged" same_digest
sqlite3 "$(desk rev)" "insert into outbox(mutation_id, action, args, actor_id, base_version, client_time, prev, hash)
	values ('01930000-0000-7000-8000-00000000abce', 'grievance.note', '{\"grievance\":\"$g1\",\"note\":\"forged\"}',
	'$(id_of rev.officer)', 0, '2026-11-20T06:00:00Z', (select hash from outbox order by client_seq desc limit 1), 'ab')"
expect_ok "the officer then works, signed, on that desk" "$ACT" "$(desk rev)" rev.officer grievance.note "{\"grievance\":\"$g1\",\"note\":\"real\"}"
expect_exit 1 "the forged row is refused even behind the officer's own signature" dsync rev
expect_eq "only the officer's own note arrived" "$(sqlite3 "$SRV" "select group_concat(note) from grievance_event where note in ('real', 'forged')")" real
digest > "$T/before.dump"

# --- forged links in a user's chain (protocol 3, include/zila/sign.h) --------
# body DESK SPEC: a push body of the entries SPEC lists as JSON ([{"actor":
# LOGIN, "note": TEXT, "prev"?, "sig"?}], notes on g1), numbered from the
# desk's next client_seq; then signed by `act --sign` ("@N": entry N's hash)
body() {
	python3 - "$(next_seq "$1")" "$2" "$SRV" "$g1" <<'PY'
import json, sqlite3, sys, uuid
seq, spec, db, g = int(sys.argv[1]), json.loads(sys.argv[2]), sqlite3.connect(sys.argv[3]), sys.argv[4]
out = []
for i, s in enumerate(spec):
    e = {"client_seq": seq + i, "mutation_id": str(uuid.uuid4()), "action": "grievance.note",
         "args": {"grievance": g, "note": s["note"]}, "base_version": 0, "client_time": "2026-11-20T06:00:00Z",
         "actor_id": db.execute("select id from app_user where login = ?", (s["actor"],)).fetchone()[0]}
    e.update({k: s[k] for k in ("prev", "sig") if k in s})
    out.append(e)
print(json.dumps({"entries": out}))
PY
}
codes() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(" ".join(x["code"] for x in r["rejected"]))' "$T/reply.json"; }
message_of() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["rejected"][int(sys.argv[2])]["message"])' "$T/reply.json" "$1"; }
digest > "$T/before.dump"
body rev2 '[{"actor":"rev.head","note":"link1","sig":false},{"actor":"rev.officer","note":"link2","prev":"@0"}]' |
	"$ACT" --sign "$(desk rev2)" rev.officer > "$T/cross.json"
expect_eq "the head's unsigned entry named by the officer's signed one: both refused" "$(post rev2 "$T/cross.json"; codes)" "200signature signature"
expect_match "the head's is not vouched for" "$(message_of 0)" "no signature of its user"
expect_match "the officer's names another user's entry" "$(message_of 1)" "names another user's entry"
body rev2 '[{"actor":"rev.officer","note":"gap1","sig":false},{"actor":"rev.officer","note":"gap3","prev":"'"$(printf 'ab%.0s' $(seq 32))"'"}]' |
	"$ACT" --sign "$(desk rev2)" rev.officer > "$T/gap.json"
expect_eq "a chain with a gap: refused" "$(post rev2 "$T/gap.json"; codes)" "200signature signature"
expect_match "the entry before the gap: its user's next does not link to it" "$(message_of 0)" "does not link to it"
expect_match "the entry after: its link is not its user's entry before it" "$(message_of 1)" "not its user's entry before it"
body rev2 '[{"actor":"rev.officer","note":"r1","sig":false},{"actor":"rev.officer","note":"r2","prev":"@0","sig":false},{"actor":"rev.officer","note":"r3","prev":"@1"}]' |
	"$ACT" --sign "$(desk rev2)" rev.officer | python3 -c '
import json, sys
b = json.load(sys.stdin); e = b["entries"]
e[0], e[1] = dict(e[1], client_seq=e[0]["client_seq"]), dict(e[0], client_seq=e[1]["client_seq"])
print(json.dumps(b))' > "$T/reordered.json"
expect_eq "a chain reordered (its first two swapped): all refused" "$(post rev2 "$T/reordered.json"; codes)" "200signature signature signature"
body rev2 '[{"actor":"rev.officer","note":"tail1","sig":false},{"actor":"rev.officer","note":"tail2","prev":"@0","sig":false}]' |
	"$ACT" --sign "$(desk rev2)" rev.officer > "$T/tail.json"
expect_eq "an unsigned tail: the user's last entry in the push carries no signature, all refused" "$(post rev2 "$T/tail.json"; codes)" "200signature signature"
expect_match "saying so" "$(message_of 1)" "last entry in this push"
expect_ok "the server's records are unchanged" same_digest
body rev2 '[{"actor":"rev.head","note":"good1","sig":false},{"actor":"rev.officer","note":"good2"},{"actor":"rev.officer","note":"good3","prev":"@1","sig":false},{"actor":"rev.officer","note":"good4","prev":"@2"}]' |
	"$ACT" --sign "$(desk rev2)" rev.officer > "$T/good.json"
expect_eq "while the officer's own chain, past another user's entry, is taken" "$(post rev2 "$T/good.json"; codes)" "200signature"
expect_eq "its three notes arrived" "$(sqlite3 "$SRV" "select group_concat(note) from (select note from grievance_event where note like 'good%' order by note)")" "good2,good3,good4"
expect_eq "one signature covers the last two" "$(sqlite3 "$SRV" "select count(*) from push_ledger where signed_by = (select max(client_seq) from push_ledger where desk_id = '$(desk_id rev2)') and desk_id = '$(desk_id rev2)'")" 2
digest > "$T/before.dump"

# --- a swapped key or password hash in the desk's file ----------------------
sqlite3 "$(desk rev)" "update app_user set sealed_sk = (select sealed_sk from app_user where login = 'rev.officer'),
	key_salt = (select key_salt from app_user where login = 'rev.officer') where login = 'rev.head'"
expect_exit 1 "the officer's sealed key in the head's row does not log in as the head" \
	env ZILA_USER=rev.head "$ZILA" --db "$(desk rev)" grievance note "$g1" --note "as head"
expect_match "wrong login or password" "$err" "wrong login or password"
sqlite3 "$(desk rev)" "update app_user set sign_pk = (select sign_pk from app_user where login = 'rev.officer') where login = 'rev.head'"
expect_ok "with the public key swapped too, the desk believes it" \
	env ZILA_USER=rev.head "$ZILA" --db "$(desk rev)" grievance note "$g1" --note "as head"
expect_exit 1 "but the server does not" dsync rev
expect_match "refused for its signature" "$("$ZILA" --db "$(desk rev)" sync --problems)" "grievance.note .*signature"
expect_eq "the desk has no key of the Collector (another office's user) to swap" "$(sqlite3 "$(desk rev)" "select sealed_sk || key_salt || pw_hash from app_user where login = 'collector'")" ""
expect_ok "the server's records are unchanged" same_digest

# --- a user of another office --------------------------------------------
cp "$(desk pwd)" "$T/pwd-as-rev.db"
sqlite3 "$T/pwd-as-rev.db" "update meta set value = '$(desk_id rev2)' where key = 'desk_id'"
entry rev2 pwd.officer grievance.note "{\"grievance\":\"$g1\",\"note\":\"from PWD\"}" |
	"$ACT" --sign "$T/pwd-as-rev.db" pwd.officer > "$T/foreign.json"
expect_eq "the PWD officer's own signature, pushed by a Revenue desk: refused" "$(post rev2 "$T/foreign.json"; rejected)" 200denied
expect_match "as not of this office" "$(message)" "does not work in this desk's office"
expect_eq "a desk gets no other office's sealed keys" "$(sqlite3 "$(desk rev)" "select count(*) from app_user where login like 'pwd.%' and (sealed_sk <> '' or key_salt <> '')")" 0
expect_eq "and no password hash of anyone" "$(sqlite3 "$(desk rev)" "select count(*) from app_user where pw_hash <> ''")" 0
expect_eq "its own office's users' sealed keys it has" "$(sqlite3 "$(desk rev)" "select count(*) from app_user where login like 'rev.%' and length(sealed_sk) = 208")" 2
expect_ok "the server's records are unchanged" same_digest

# --- another desk's number --------------------------------------------------
other=$(echo "$g1" | sed 's|/G/01/|/G/01/|; s|/[0-9]*$|/000777|')
entry coll clerk grievance.register "{\"citizen_name\":\"Forged\",\"description\":\"d\",\"category\":\"LAND\",\"number\":\"$other\"}" |
	"$ACT" --sign "$(desk coll)" clerk > "$T/number.json"
expect_eq "a registration numbered as the counter desk's, pushed by the other desk: refused" "$(post coll "$T/number.json"; rejected)" 200invalid
expect_match "saying whose numbers it may use" "$(message)" "was not made by this desk: its numbers start DRG/G/02/"
expect_ok "the server's records are unchanged" same_digest

# --- administration from a department's desk ---------------------------------
# an admin of the Revenue department, whose key a Revenue desk holds:
# master and user administration is refused from that desk all the same
"$ZILAD" user add rev.admin --name "Revenue Admin" --role admin --department REV --db "$SRV" >/dev/null
digest > "$T/before.dump"
signer() { # signer DESK: the server's file as DESK's, to sign with any user's key
	rm -f "$T/signer.db"
	sqlite3 "$SRV" "vacuum into '$T/signer.db'"
	sqlite3 "$T/signer.db" "insert or replace into meta(key, value) values ('desk_id', '$(desk_id "$1")')"
	echo "$T/signer.db"
}
entry rev2 rev.admin master.department '{"code":"PWD","name_en":"Gone"}' | "$ACT" --sign "$(signer rev2)" rev.admin > "$T/admin.json"
expect_eq "the Revenue admin's signed master action from the Revenue desk: refused" "$(post rev2 "$T/admin.json"; rejected)" 200denied
expect_match "saying where administration is done" "$(message)" "from the Collectorate's desk or on the server"
entry rev2 rev.admin user.deactivate '{"login":"pwd.officer"}' | "$ACT" --sign "$(signer rev2)" rev.admin > "$T/admin2.json"
expect_eq "and a user deactivated from it: refused" "$(post rev2 "$T/admin2.json"; rejected)" 200denied
entry coll admin user.deactivate '{"login":"zilad"}' | "$ACT" --sign "$(signer coll)" admin > "$T/admin3.json"
expect_eq "zilad's own identity deactivated by an admin from the Collectorate: refused" "$(post coll "$T/admin3.json"; rejected)" 200denied
expect_match "as the server's own" "$(message)" "the server's own identities"
expect_ok "the server's records are unchanged" same_digest
entry coll admin master.department '{"code":"EDU","name_en":"Education"}' | "$ACT" --sign "$(signer coll)" admin > "$T/admin4.json"
expect_eq "the admin's own from the Collectorate's desk is taken" "$(post coll "$T/admin4.json"; rejected)" 200
expect_eq "and made the department" "$(sqlite3 "$SRV" "select name_en from department where code = 'EDU'")" Education
digest > "$T/before.dump"

# --- a backdated disposal ---------------------------------------------------
reg_on=$(sqlite3 "$SRV" "select registered_on from grievance where number = '$g1'")
entry rev2 rev.officer grievance.dispose "{\"grievance\":\"$g1\",\"reply\":\"backdated\"}" 2026-11-01T06:00:00Z |
	"$ACT" --sign "$(desk rev2)" rev.officer > "$T/backdated.json"
expect_eq "a disposal dated before the registration: refused" "$(post rev2 "$T/backdated.json"; rejected)" 200invalid
expect_match "naming the record's own date" "$(message)" "dated 2026-11-01, before .* was registered \\($reg_on\\)"
expect_ok "the server's records are unchanged" same_digest
l1=$("$ACT" "$(desk clerk)" clerk letter.create '{"sender":"Commissioner","subject":"s","marks":[{"department":"REV","days":15}]}' |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])')
dsync clerk
digest > "$T/before.dump"
entry coll collector letter.close "{\"letter\":\"$l1\",\"note\":\"backdated\"}" 2026-11-01T06:00:00Z |
	"$ACT" --sign "$(desk coll)" collector > "$T/lback.json"
expect_eq "a letter closed with a date before it was received: refused" "$(post coll "$T/lback.json"; rejected)" 200invalid
expect_match "naming the letter's own date" "$(message)" "dated 2026-11-01, before letter $l1 was received"
expect_ok "the server's records are unchanged" same_digest

# --- a deactivated user ---------------------------------------------------
"$ACT" "$(desk rev)" rev.officer grievance.note "{\"grievance\":\"$g1\",\"note\":\"after leaving\"}" >/dev/null
expect_ok "zilad deactivates the Revenue officer" "$ZILAD" user deactivate rev.officer --db "$SRV"
digest > "$T/before.dump"
expect_exit 1 "the desk they enrolled no longer syncs" dsync rev
expect_match "told to enrol again" "$err" "401|revoked|token"
entry rev2 rev.officer grievance.note "{\"grievance\":\"$g1\",\"note\":\"elsewhere\"}" | "$ACT" --sign "$(desk rev2)" rev.officer > "$T/gone.json"
expect_eq "their signed action through another desk of the office: refused" "$(post rev2 "$T/gone.json"; rejected)" "200auth"
expect_ok "the server's records are unchanged" same_digest
expect_exit 1 "deactivating twice says so" "$ZILAD" user deactivate rev.officer --db "$SRV"

# --- the audit log is non-repudiable -----------------------------------------
expect_ok "zilad audit verify checks every pushed action's signature" "$ZILAD" audit verify --db "$SRV"
expect_match "and counts them" "$out" "^[1-9][0-9]* pushed actions verified against their users' signatures, 0 failed"
expect_match "zilad's own commands and the enrolments it witnessed are signed too" "$out" \
	"[1-9][0-9]* actions of zilad itself \(its commands, the enrolments it witnessed\) verified against its signatures, 0 failed"
expect_match "so no audit row is unsigned" "$out" "^0 audit rows without a signature"
expect_eq "every audit row is in the ledger or signed by the server" "$(sqlite3 "$SRV" "select count(*) from audit_log a
	where not exists (select 1 from push_ledger p where p.mutation_id = a.mutation_id and p.state = 'applied')
	and not exists (select 1 from server_signed s where s.mutation_id = a.mutation_id)")" 0
expect_ok "a reset gives a new key pair" env ZILA_NEW_PASSWORD=password9 "$ZILAD" user reset clerk --db "$SRV"
expect_eq "the old public key is kept" "$(sqlite3 "$SRV" "select count(*) from user_key where user_id = '$(id_of clerk)'")" 2
expect_ok "old signatures still verify" "$ZILAD" audit verify --db "$SRV"
sqlite3 "$SRV" "update push_ledger set signed = replace(signed, 'Asha', 'Usha') where action = 'grievance.register'"
expect_exit 1 "a signed record changed afterwards fails verification" "$ZILAD" audit verify --db "$SRV"
finish
