#!/bin/sh
# Messages to the citizen, with a real zilad over HTTPS and the file
# gateway (contrib/sms-gateway-file.sh): registration, transfer, disposal
# and appeal each queue one message in the citizen's language in the same
# transaction as the event (none without a mobile), handed to the gateway
# once; a failing gateway is retried with backoff and every attempt is
# logged; zilad killed with -9 in the middle of an attempt retries it
# after the restart with the same message id, and the citizen gets it once.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
export ZILA_PASSWORD=password1
make_certs
setup_server
export ZILA_SMS_FILE="$T/sms.txt"
ZILAD_EXTRA_CONF="gateway = $srcdir/contrib/sms-gateway-file.sh
gateway_backoff = 1
gateway_tries = 5
status_url = https://durg.example/status"
start_zilad
expect_ok "the clerk's desk enrols" enrol clerk clerk
expect_ok "the Revenue officer's desk enrols" enrol rev rev.officer

reg() {
	"$ACT" "$(desk clerk)" clerk grievance.register "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])'
}
# wait_for DESC CONDITION: up to 15 s for a shell condition to hold
wait_for() {
	for _ in $(seq 150); do
		if eval "$2"; then ok "$1"; return; fi
		sleep 0.1
	done
	not_ok "$1 (waited 15 s)"
}
lines() { [ -f "$ZILA_SMS_FILE" ] && wc -l < "$ZILA_SMS_FILE" || echo 0; }
sms_for() { grep " to=$1 " "$ZILA_SMS_FILE" || true; }
msg() { sqlite3 "$SRV" "$1"; }

g1=$(reg '{"citizen_name":"Asha Devi","mobile":"9876543210","lang":"en","description":"Mutation pending","category":"LAND"}')
g2=$(reg '{"citizen_name":"Ramesh Sahu","mobile":"+919123456780","description":"नामांतरण लंबित","category":"LAND"}')
g3=$(reg '{"citizen_name":"No Phone","description":"Road broken","category":"ROAD"}')
expect_ok "the clerk routes the Hindi one to Revenue" "$ACT" "$(desk clerk)" clerk grievance.assign "{\"grievance\":\"$g2\",\"department\":\"REV\"}"
expect_eq "nothing is queued on the desk" "$(sqlite3 "$(desk clerk)" "select count(*) from citizen_message")" 0
expect_ok "the clerk's desk pushes three grievances" dsync clerk
expect_eq "the server queued one message per registration with a mobile" \
	"$(msg "select count(*) from citizen_message m join grievance g on g.id = m.grievance_id where m.kind = 'registered'")" 2
wait_for "the gateway got both" '[ "$(lines)" -eq 2 ]'
expect_eq "in English for the citizen who chose it" "$(sms_for 9876543210 | cut -d' ' -f3-)" \
	"Grievance $g1 is registered with Revenue. Reply due by 20-12-2026. Status: https://durg.example/status"
expect_eq "in Hindi by default" "$(sms_for 9123456780 | cut -d' ' -f3-)" \
	"शिकायत $g2 राजस्व में दर्ज हुई। उत्तर की अंतिम तिथि 20-12-2026। स्थिति: https://durg.example/status"
expect_match "each under the event's id" "$(sms_for 9876543210)" "^id=[0-9a-f-]{36} to=9876543210 "
expect_eq "the id is the registration event's" "$(sms_for 9876543210 | sed 's/^id=\([^ ]*\) .*/\1/')" \
	"$(msg "select e.id from grievance_event e join grievance g on g.id = e.grievance_id where g.number = '$g1' and e.kind = 'registered'")"
wait_for "both marked sent after one attempt" '[ "$(msg "select group_concat(state || attempts) from citizen_message")" = "sent1,sent1" ]'
expect_match "the attempts are logged" "$(grep -c 'gateway message=[0-9]* event=.* attempt=1 exit=0' "$T/zilad.log")" "^2$"

expect_ok "the Revenue officer pulls them" dsync rev
expect_ok "transfers the Hindi one to PWD" "$ACT" "$(desk rev)" rev.officer grievance.transfer \
	"{\"grievance\":\"$g2\",\"department\":\"PWD\",\"reason\":\"road side land\"}"
expect_ok "and disposes of the English one" "$ACT" "$(desk rev)" rev.officer grievance.dispose \
	"{\"grievance\":\"$g1\",\"reply\":\"The mutation was entered in the land record on 18 November; the copy is at the tehsil office.\"}"
expect_ok "which reach the server" dsync rev
wait_for "two more messages" '[ "$(lines)" -eq 4 ]'
expect_eq "the transfer, in Hindi, names the new department" "$(sms_for 9123456780 | tail -1 | cut -d' ' -f3-)" \
	"शिकायत $g2 लोक निर्माण को भेजी गई है। स्थिति: https://durg.example/status"
expect_eq "the disposal quotes the reply, cut to fit" "$(sms_for 9876543210 | tail -1 | cut -d' ' -f3-)" \
	"Grievance $g1 disposed of by Revenue: The mutation was entered in the land record on 18 November; the copy is at the… Status: https://durg.example/status"
expect_ok "the clerk pulls the disposal" dsync clerk
expect_ok "and records the citizen's appeal" "$ACT" "$(desk clerk)" clerk grievance.appeal \
	"{\"grievance\":\"$g1\",\"reason\":\"the copy was not given\"}"
expect_ok "pushed" dsync clerk
wait_for "the appeal's message" '[ "$(lines)" -eq 5 ]'
expect_match "says the appeal is registered" "$(sms_for 9876543210 | tail -1)" "Your appeal on grievance $g1 is registered. Reply due by "
expect_ok "a sync with nothing new" dsync clerk
expect_ok "and another" dsync rev
sleep 1.2
expect_eq "sends nothing again: every message once" "$(lines)" 5
expect_eq "one message per event, never two" "$(msg "select count(*), count(distinct event_id) from citizen_message")" "5|5"
expect_eq "none for the grievance without a mobile" \
	"$(msg "select count(*) from citizen_message m join grievance g on g.id = m.grievance_id where g.number = '$g3'")" 0

# --- a failing gateway: backoff, every attempt logged -------------------
stop_zilad
export ZILA_SMS_FAIL_FIRST=2
start_zilad "" "$PORT"
g4=$(reg '{"citizen_name":"Meena","mobile":"9000000004","description":"Pension","category":"LAND"}')
expect_ok "a fourth grievance is pushed" dsync clerk
wait_for "delivered on the third attempt" '[ "$(msg "select state || attempts from citizen_message where kind = '"'registered'"' order by id desc limit 1")" = sent3 ]'
expect_eq "the attempts: two failures with the gateway's words, then success" \
	"$(msg "select group_concat(attempt || ':' || exit_code || ':' || output, '|') from citizen_message_attempt where message_id = (select max(id) from citizen_message)")" \
	"1:1:gateway busy (test failure 1 of 2) |2:1:gateway busy (test failure 2 of 2) |3:0:"
gap=$(msg "select cast(strftime('%s', max(started_at)) - strftime('%s', min(started_at)) as integer) from citizen_message_attempt where message_id = (select max(id) from citizen_message)")
expect_match "waiting 1 s, then 2 s between them" "$gap" "^[3-6]$"
expect_eq "and it came once" "$(sms_for 9000000004 | wc -l)" 1
unset ZILA_SMS_FAIL_FIRST

# --- kill -9 during an attempt -------------------------------------------
stop_zilad
export ZILA_SMS_DELAY=2
start_zilad "" "$PORT"
g5=$(reg '{"citizen_name":"Kiran","mobile":"9000000005","description":"Ration card","category":"LAND"}')
expect_ok "a fifth grievance is pushed" dsync clerk
wait_for "the gateway has written its message" '[ -n "$(sms_for 9000000005)" ]'
kill -9 "$ZPID"
wait "$ZPID" 2>/dev/null || true
expect_eq "zilad died mid-attempt: the attempt is open, the message pending" \
	"$(msg "select m.state || m.attempts || ':' || coalesce(a.ended_at, 'open') from citizen_message m join citizen_message_attempt a on a.message_id = m.id where m.id = (select max(id) from citizen_message)")" \
	"pending1:open"
unset ZILA_SMS_DELAY
start_zilad "" "$PORT"
wait_for "after the restart it is tried again and marked sent" \
	'[ "$(msg "select state || attempts from citizen_message where id = (select max(id) from citizen_message)")" = sent2 ]'
expect_eq "with the same message id, so the citizen got it once" "$(sms_for 9000000005 | wc -l)" 1
expect_eq "in all, one message per event" "$(lines)" "$(msg "select count(*) from citizen_message")"
expect_eq "no message failed" "$(msg "select count(*) from citizen_message where state <> 'sent'")" 0

# --- the status page's one-time code, through the gateway ----------------
expect_ok "the Revenue desk pulls the fourth" dsync rev
expect_ok "and disposes of it" "$ACT" "$(desk rev)" rev.officer grievance.dispose "{\"grievance\":\"$g4\",\"reply\":\"pension sanctioned\"}"
expect_ok "synced" dsync rev
page() { curl -sS -o "$T/p" -w '%{http_code}' --cacert "$T/ca.pem" "$@" "$URL/status"; }
feedback() { page -d "number=$g4" -d mobile=9000000004 -d lang=en -d do=feedback -d rating=5 -d note=thanks "$@"; }
expect_eq "feedback from the page first asks for a code" "$(feedback)" 200
expect_match "sent to the mobile" "$(cat "$T/p")" "A code is on its way to your mobile by SMS"
expect_match "whose last digits it names" "$(cat "$T/p")" "ending 0004"
expect_eq "nothing recorded yet" "$(msg "select coalesce(rating, 0) from grievance where number = '$g4'")" 0
wait_for "the code comes through the gateway, in Hindi" '[ -n "$(sms_for 9000000004 | grep "आपका कोड")" ]'
code=$(sms_for 9000000004 | grep "आपका कोड" | sed 's/.*आपका कोड \([0-9]\{6\}\) है.*/\1/')
expect_match "six digits" "$code" "^[0-9]{6}$"
expect_eq "the server keeps only its hash" "$(msg "select count(*) from status_code where code_hash like '%$code%'")" 0
wrong=000000
[ "$code" != 000000 ] || wrong=111111
expect_eq "a wrong code is not taken" "$(feedback -d "code=$wrong")" 200
expect_match "and asked again" "$(cat "$T/p")" "That is not the code"
expect_eq "still nothing recorded" "$(msg "select coalesce(rating, 0) from grievance where number = '$g4'")" 0
expect_eq "the right code" "$(feedback -d "code=$code")" 200
expect_match "records the feedback" "$(cat "$T/p")" "your feedback is recorded"
expect_eq "on the grievance" "$(msg "select rating from grievance where number = '$g4'")" 5
expect_eq "a code is good once" "$(page -d "number=$g4" -d mobile=9000000004 -d lang=en -d do=appeal -d reason=x -d "code=$code")" 403
expect_eq "no appeal from it" "$(msg "select status from grievance where number = '$g4'")" disposed

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
