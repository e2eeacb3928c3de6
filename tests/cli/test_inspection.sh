#!/bin/sh
# The whole life of a panchayat inspection at the command line: a nodal
# officer records one (Hindi observations, REV and PWD suggestions),
# replaces the draft, submits it; the REV officer complies; the nodal
# officer returns it, it is complied again and verified. Rows, events and
# the audit log are checked with sqlite3; refusals exit 1 with one line.
. "$srcdir/tests/lib.sh"

# refused DESC PATTERN CMD...: exit 1, one line on stderr matching PATTERN
refused() {
	d=$1 p=$2; shift 2
	expect_exit 1 "$d" "$@"
	expect_match "$d: says why" "$err" "$p"
	expect_eq "$d: in one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
}

setup_desk
N=DRG/I/07/2026/00001
OBS="पंचायत भवन की छत टपक रही है; रजिस्टर अधूरे"

# a first draft with one answer; submitting it names what is missing
out=$(as nodal inspection add --gp 200101 --date 2026-11-16 --observations "$OBS" --answer ATT=good \
	--suggest "REV|2026-11-18|खसरा अद्यतन करें")
expect_eq "add prints number and fortnight" "$out" "Recorded draft $N, fortnight 2026-11-2"
refused "submit with answers missing" "no answer for checklist items REC, WAT" as nodal inspection submit $N
expect_eq "still a draft" "$(q "select status || version from inspection")" "draft1"

# the draft replaced: all answers, two suggestions
out=$(as nodal inspection add --draft-of $N --gp 200101 --date 2026-11-16 --observations "$OBS" \
	--answer ATT=good --answer "REC=average:कैश बुक अधूरी" --answer WAT=poor \
	--suggest "REV|2026-11-18|खसरा अद्यतन करें" --suggest "PWD|2026-12-15|Repair the approach road")
expect_eq "replace keeps the number" "$out" "Replaced draft $N, fortnight 2026-11-2"
expect_eq "one inspection, version 2" "$(q "select count(*) || ':' || max(version) from inspection")" "1:2"
expect_eq "three answers" "$(q "select group_concat(x, ' ') from (select c.code || '=' || a.rating x
	from inspection_answer a join checklist_item c on c.id = a.item_id order by c.position)")" "ATT=good REC=average WAT=poor"
expect_eq "the Hindi remark as typed" "$(q "select remark from inspection_answer where remark <> ''")" "कैश बुक अधूरी"
expect_eq "two suggestions, in the order given" "$(q "select group_concat(code, ' ') from (select d.code
	from suggestion s join department d on d.id = s.department_id order by s.rowid)")" "REV PWD"
expect_match "list shows the draft" "$(as nodal inspection list)" "$N +2026-11-16 +2026-11-2 +200101 +Anda +Durg +nodal +draft +2"
expect_eq "list --json" "$(as nodal inspection list --status draft --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["number"])')" "$N"
expect_eq "no submitted ones yet" "$(as nodal inspection list --status submitted --json)" "[]"
expect_eq "drafts' suggestions are nobody's work yet" "$(as nodal suggestion list --json)" "[]"
refused "a draft's suggestion cannot be complied" "still a draft" as rev.officer suggestion comply "$N#1" --note done

expect_ok "submit" as nodal inspection submit $N
refused "submit twice" "already submitted" as nodal inspection submit $N
refused "a submitted inspection is final" "can no longer be changed" \
	as nodal inspection add --draft-of $N --gp 200101 --date 2026-11-16 --answer ATT=good
show=$(as nodal inspection show $N)
expect_match "show has the Hindi observations" "$show" "observations +$OBS"
expect_match "show has the suggestion, overdue by 2 days" "$show" "REV +2026-11-18 +pending +2 +खसरा"
expect_match "suggestion list --overdue" "$(as rev.officer suggestion list --overdue --department REV)" \
	"$N +Anda +REV +2026-11-18 +pending +2"

# compliance: the wrong department is refused, the right one complies
refused "PWD may not comply with a REV suggestion" "another department" \
	as pwd.officer suggestion comply "$N#1" --note "किया"
refused "a nodal officer does not comply" "may not do suggestion.comply" as nodal suggestion comply "$N#1" --note x
expect_ok "REV complies" as rev.officer suggestion comply "$N#1" --note "खसरा अद्यतन किया गया"
refused "complying twice" "complied, not pending" as rev.head suggestion comply "$N#1" --note again
expect_ok "nodal returns it" as nodal suggestion verify "$N#1" --return --note "नक्शा भी संलग्न करें"
SID=$(q "select s.id from suggestion s join department d on d.id = s.department_id where d.code = 'REV'")
expect_ok "REV head complies again, by id" as rev.head suggestion comply "$SID" --note "नक्शा संलग्न"
expect_ok "nodal verifies" as nodal suggestion verify "$N#1" --accept
refused "verified is final" "is verified" as nodal suggestion verify "$N#1" --return
refused "the PWD one is not complied yet" "is pending" as nodal suggestion verify "$N#2" --accept

expect_eq "suggestion states" "$(q "select group_concat(status || ':' || version, ' ') from (select status, version
	from suggestion order by rowid)")" "verified:5 pending:1"
expect_eq "compliance note kept" "$(q "select compliance_note from suggestion where status = 'verified'")" "नक्शा संलग्न"
expect_eq "events in order" "$(q "select group_concat(kind, ' ') from (select kind from inspection_event order by rowid)")" \
	"recorded updated submitted complied returned complied verified"
expect_eq "who did each" "$(q "select group_concat(login, ' ') from (select u.login from inspection_event e
	join app_user u on u.id = e.actor_id order by e.rowid)")" "nodal nodal nodal rev.officer nodal rev.head nodal"
expect_eq "the return note" "$(q "select note from inspection_event where kind = 'returned'")" "नक्शा भी संलग्न करें"
expect_eq "audit rows per action" "$(q "select group_concat(action || '=' || n, ' ') from (select action, count(*) n
	from audit_log where action like 'inspection.%' or action like 'suggestion.%' group by action order by action)")" \
	"inspection.record=2 inspection.submit=1 suggestion.comply=2 suggestion.verify=2"
expect_eq "audit keeps the number written back" "$(q "select count(*) from audit_log where action = 'inspection.record'
	and json_extract(args, '$.number') = '$N' and json_extract(args, '$.id') = (select id from inspection)")" 2
expect_eq "and the outbox the same" "$(q "select count(*) from outbox where action like 'inspection.%' or action like 'suggestion.%'")" 7

# refusals at recording, each one line naming the field, nothing written
before=$(q "select count(*) from inspection")
refused "a GP not assigned" "gram panchayat 200201 is not assigned to you" \
	as nodal inspection add --gp 200201 --date 2026-11-16 --answer ATT=good
refused "a date in the future" "inspected_on 2026-11-21 is in the future" \
	as nodal inspection add --gp 200101 --date 2026-11-21 --answer ATT=good
refused "not a date" "inspected_on must be a date" as nodal inspection add --gp 200101 --date 16-11-2026 --answer ATT=good
refused "a target before the inspection" "suggestion 1: target_date 2026-11-10 is before inspected_on 2026-11-16" \
	as nodal inspection add --gp 200101 --date 2026-11-16 --answer ATT=good --suggest "REV|2026-11-10|x"
refused "an unknown department" "suggestion 1: department 'EDU' is not known" \
	as nodal inspection add --gp 200101 --date 2026-11-16 --answer ATT=good --suggest "EDU|2026-11-30|x"
refused "an unknown item" "answer 2: item 'XYZ' is not on the checklist" \
	as nodal inspection add --gp 200101 --date 2026-11-16 --answer ATT=good --answer XYZ=good
refused "a bad rating" "answer 1: rating must be one of: good, average, poor, na" \
	as nodal inspection add --gp 200101 --date 2026-11-16 --answer ATT=excellent
refused "invalid UTF-8" "observations is not valid UTF-8" \
	as nodal inspection add --gp 200101 --date 2026-11-16 --answer ATT=good --observations "$(printf 'ab\377')"
refused "an unknown GP" "gp: no gram panchayat with LGD code '999999'" \
	as nodal inspection add --gp 999999 --date 2026-11-16 --answer ATT=good
refused "a clerk may not record" "may not do inspection.record" \
	as clerk inspection add --gp 200101 --date 2026-11-16 --answer ATT=good
refused "no such inspection" "no inspection 'DRG/I/07/2026/00042'" as nodal inspection show DRG/I/07/2026/00042
refused "no such suggestion" "has no suggestion 3" as rev.officer suggestion comply "$N#3" --note x
refused "a bad status filter" "status must be draft or submitted" as nodal inspection list --status closed
refused "an unknown nodal" "--nodal: no user 'nobody'" as nodal inspection list --nodal nobody
expect_eq "nothing was written" "$(q "select count(*) from inspection")" "$before"

# an admin types in a nodal officer's paper report: it is the officer's
# inspection (their list, theirs to submit); the event and audit are the admin's
refused "an admin must name the nodal officer" "nodal: the nodal officer is required when an admin records an inspection" \
	as admin inspection add --gp 200102 --date 2026-11-17 --answer ATT=good
refused "an admin names a clerk" "nodal: clerk is not an active nodal officer" \
	as admin inspection add --nodal clerk --gp 200102 --date 2026-11-17 --answer ATT=good
refused "an admin names nobody known" "nodal: no user 'nobody'" \
	as admin inspection add --nodal nobody --gp 200102 --date 2026-11-17 --answer ATT=good
refused "the officer's GPs only" "nodal: gram panchayat 200201 is not assigned to nodal officer nodal" \
	as admin inspection add --nodal nodal --gp 200201 --date 2026-11-17 --answer ATT=good
refused "a nodal officer names no one else" "records only their own inspections, not those of admin" \
	as nodal inspection add --nodal admin --gp 200102 --date 2026-11-17 --answer ATT=good
expect_eq "nothing was written either" "$(q "select count(*) from inspection")" "$before"
out=$(as admin inspection add --nodal Nodal --gp 200102 --date 2026-11-17 --answer ATT=good --answer REC=good --answer WAT=na)
expect_eq "the admin records it" "$out" "Recorded draft DRG/I/07/2026/00002, fortnight 2026-11-2"
expect_eq "the nodal officer's inspection" "$(q "select u.login from inspection i join app_user u on u.id = i.nodal_id
	where i.number = 'DRG/I/07/2026/00002'")" "nodal"
expect_eq "typed in by the admin" "$(q "select u.login from inspection_event e join app_user u on u.id = e.actor_id
	join inspection i on i.id = e.inspection_id where i.number = 'DRG/I/07/2026/00002'")" "admin"
expect_eq "the audit names the admin, and the officer by login" "$(q "select u.login || ' ' || json_extract(a.args, '$.nodal')
	from audit_log a join app_user u on u.id = a.actor_id where json_extract(a.args, '$.number') = 'DRG/I/07/2026/00002'")" "admin nodal"
expect_match "on the officer's list" "$(as admin inspection list --nodal nodal --status draft)" "DRG/I/07/2026/00002 +2026-11-17 .* nodal +draft"
expect_ok "the officer submits it" as nodal inspection submit DRG/I/07/2026/00002
expect_match "--help tells of --nodal" "$(as admin inspection add --help)" "nodal officer's report must give it"

# usage
expect_exit 2 "add without --gp" as nodal inspection add --date 2026-11-16
expect_exit 2 "a malformed --answer" as nodal inspection add --gp 200101 --date 2026-11-16 --answer ATT
expect_exit 2 "a malformed --suggest" as nodal inspection add --gp 200101 --date 2026-11-16 --suggest "REV|x"
expect_exit 2 "verify needs --accept or --return" as nodal suggestion verify "$N#1"
expect_exit 2 "an option of another subcommand" as nodal inspection show $N --gp 200101
expect_exit 2 "an unknown subcommand" as nodal inspection frob
for sub in add list show submit; do
	expect_match "inspection $sub --help" "$(as nodal inspection $sub --help)" "^usage: zila inspection $sub"
done
for sub in list comply verify; do
	expect_match "suggestion $sub --help" "$(as nodal suggestion $sub --help)" "^usage: zila suggestion $sub"
done
expect_ok "check after it all" "$ZILA" check
finish
