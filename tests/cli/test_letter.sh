#!/bin/sh
# The whole life of an inward letter at the command line: the clerk
# diarises it with a Hindi subject and marks it to REV and PWD, reminds,
# each department's officer replies, the clerk closes it; the overdue list
# as the clock moves; rows, events and the audit log checked with sqlite3;
# refusals exit 1 with one line, usage errors exit 2.
. "$srcdir/tests/lib.sh"

# refused DESC PATTERN CMD...: exit 1, one line on stderr matching PATTERN
refused() {
	d=$1 p=$2; shift 2
	expect_exit 1 "$d" "$@"
	expect_match "$d: says why" "$err" "$p"
	expect_eq "$d: in one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
}

setup_desk
N=DRG/L/07/2026/00001
SUBJECT="भूमि अभिलेख का सत्यापन (land records)"

for sub in add list show mark remind reply close; do
	expect_match "letter $sub --help" "$(as clerk letter $sub --help)" "^usage: zila letter $sub"
done
expect_exit 2 "letter with no command is a usage error" as clerk letter
expect_exit 2 "an unknown letter command" as clerk letter frob
expect_exit 2 "add without a subject" as clerk letter add --sender "SDM Patan"
expect_exit 2 "a bad --mark" as clerk letter add --sender S --subject x --mark REV
expect_exit 2 "an option the command does not take" as clerk letter show $N --days 4

# diarise: Hindi subject, marked to REV (15 days) and PWD (7 days)
out=$(as clerk letter add --sender "Commissioner, Durg" --subject "$SUBJECT" --sender-ref "COM/2026/118" \
	--letter-date 2026-11-18 --remarks "urgent" --mark REV:15 --mark PWD:7)
expect_eq "add prints the inward number" "$out" "$N"
expect_eq "the letter as typed" "$(q "select subject || '|' || received_on || '|' || sender_ref || '|' || status from letter")" \
	"$SUBJECT|2026-11-20|COM/2026/118|open"
expect_eq "two markings with their due dates" "$(q "select group_concat(x, ' ') from (select d.code || ':' || m.due_date x
	from letter_marking m join department d on d.id = m.department_id order by m.rowid)")" "REV:2026-12-05 PWD:2026-11-27"
expect_match "list shows it" "$(as clerk letter list)" "$N +2026-11-20 +Commissioner, Durg .* open +REV,PWD +2026-11-27 +0"
expect_eq "list --json" "$(as clerk letter list --json | python3 -c 'import json,sys; r=json.load(sys.stdin)[0]; print(r["number"], r["departments"])')" \
	"$N REV,PWD"
refused "the clerk may not reply" "may not do letter.reply" as clerk letter reply $N --reply x --department REV
refused "a future received date" "received_on must not be in the future" \
	as clerk letter add --sender S --subject x --received-on 2026-11-21
refused "days 0" "days must be between 1 and 365" as clerk letter add --sender S --subject x --mark REV:0
refused "days 366 on mark" "days must be between 1 and 365" as clerk letter mark $N --department HEALTH --days 366
refused "marking twice" "already marked to REV" as clerk letter mark $N --department REV --days 5
refused "an unknown letter" "no letter 'DRG/L/07/2026/00099'" as clerk letter remind DRG/L/07/2026/00099
expect_eq "the refusals left one letter" "$(q 'select count(*) from letter')" 1

# remind both, a week on: PWD is overdue
expect_eq "remind everyone pending" "$(as clerk letter remind $N --note "reply within 3 days")" "Reminded 2 departments about $N"
export ZILA_NOW=2026-11-30T06:00:00Z
out=$(as clerk letter list --overdue --markings)
expect_match "PWD is overdue by 3 days" "$out" "$N +PWD +2026-11-20 +2026-11-27 +pending +1 +3"
expect_eq "and only PWD" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2
expect_match "the letter list marks it" "$(as clerk letter list --overdue --department PWD)" "$N .* +1$"
expect_eq "nothing overdue for REV" "$(as clerk letter list --overdue --department REV --json)" "[]"

# the officers reply, each for their own department
refused "PWD may not reply for REV" "another department" as pwd.officer letter reply $N --reply x --department REV
expect_eq "REV replies" "$(as rev.officer letter reply $N --reply "सत्यापन पूर्ण, प्रतिवेदन संलग्न" --reply-ref "RV/77")" \
	"Recorded the reply of REV to $N"
expect_eq "PWD replies" "$(as pwd.officer letter reply $N --reply "Site inspected")" "Recorded the reply of PWD to $N"
refused "a second reply" "PWD is already replied" as pwd.officer letter reply $N --reply again
expect_eq "nothing overdue now" "$(as clerk letter list --overdue --markings --json)" "[]"

# close one marking, then the other closes the letter
expect_eq "close REV" "$(as clerk letter close $N --department REV)" "Closed 1 marking of $N; the letter is open"
expect_eq "close the rest" "$(as clerk letter close $N --note "filed")" "Closed 1 marking of $N; the letter is closed"
refused "closed is closed" "is already closed" as clerk letter close $N
expect_eq "rows" "$(q "select l.status || ':' || group_concat(m.status || m.reminders, ',') from letter l join letter_marking m on m.letter_id = l.id")" \
	"closed:closed1,closed1"
expect_eq "events in order" "$(q "select group_concat(kind, ' ') from (select kind from letter_event order by rowid)")" \
	"created marked marked reminded reminded replied replied closed closed letter_closed"
expect_eq "the audit log" "$(q "select group_concat(action, ' ') from (select action from audit_log where action like 'letter.%' order by seq)")" \
	"letter.create letter.remind letter.reply letter.reply letter.close letter.close"
expect_eq "the outbox" "$(q "select count(*) from outbox where action like 'letter.%' and state = 'pending'")" 6
show=$(as clerk letter show $N)
expect_match "show: the letter" "$show" "status +closed"
expect_match "show: the REV reply" "$show" "REV .*replied.*सत्यापन पूर्ण"
expect_match "show: the history" "$show" "letter_closed .*clerk +filed"
expect_eq "show --json" "$(as clerk letter show $N --json | python3 -c 'import json,sys; l=json.load(sys.stdin); print(len(l["markings"]), len(l["events"]), l["events"][5]["actor"])')" \
	"2 10 rev.officer"

# search and paging
as clerk letter add --sender "SDM Patan" --subject "Road repair near Patan" --mark PWD:10 >/dev/null
as clerk letter add --sender "Tehsildar" --subject "भू-अर्जन प्रकरण" --received-on 2026-11-01 >/dev/null
expect_match "search in Hindi, part of a word" "$(as clerk letter list --search सत्याप)" "$N"
expect_eq "search in English" "$(as clerk letter list --search "repair patan" --json | python3 -c 'import json,sys; print([r["number"] for r in json.load(sys.stdin)])')" \
	"['DRG/L/07/2026/00002']"
expect_eq "letters by due: pending first, then oldest received" \
	"$(as clerk letter list --sort due --json | python3 -c 'import json,sys; print(" ".join(r["number"][-5:] for r in json.load(sys.stdin)))')" \
	"00002 00003 00001"
out=$(as clerk letter list --limit 2)
expect_match "a full page says how to go on" "$out" "^more: --after 2026-11-20,"
after=$(printf '%s\n' "$out" | sed -n 's/^more: --after //p')
expect_match "the next page" "$(as clerk letter list --limit 2 --after "$after")" "DRG/L/07/2026/00003"
expect_exit 2 "a bad --after" as clerk letter list --after nothing
refused "a bad status" "status must be open or closed" as clerk letter list --status replied
refused "an unknown department" "no department 'XYZ'" as clerk letter list --department XYZ
expect_ok "zila check" "$ZILA" check
finish
