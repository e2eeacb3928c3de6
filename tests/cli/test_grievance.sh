#!/bin/sh
# The whole life of a grievance at the command line: registered with a
# Hindi description and a photo, found by a Hindi word, assigned, noted,
# disposed, rated, appealed, the appeal disposed, closed; what it leaves in
# the rows, events and audit log; and refusals with one line and exit 1.
. "$srcdir/tests/lib.sh"
setup_desk

printf '\377\330\377\340\000\020JFIF\000fake photo' > "$T/photo.jpg"
printf 'गाँव बोरी में हैंडपंप तीन हफ्ते से खराब है।\nपानी के लिए दो किलोमीटर जाना पड़ता है।\n' > "$T/desc.txt"

num=$(as clerk grievance add --citizen "रामेश्वर साहू" --mobile +919876543210 --block 1001 --gp 200102 \
	--village Bori --category WATER --channel jandarshan --subject "हैंडपंप खराब" \
	--description-file "$T/desc.txt" --attach "$T/photo.jpg")
expect_eq "add prints the number" "$num" "DRG/G/07/2026/000001"
expect_eq "the description is the file's, verbatim" "$(q "select description from grievance")" \
	"$(printf 'गाँव बोरी में हैंडपंप तीन हफ्ते से खराब है।\nपानी के लिए दो किलोमीटर जाना पड़ता है।')"
expect_eq "mobile kept as 10 digits, due in 7 days" "$(q "select mobile || ' ' || due_date || ' ' || status from grievance")" \
	"9876543210 2026-11-27 registered"
expect_eq "the photo is attached and typed by its bytes" \
	"$(q "select name || ' ' || kind || ' ' || mime || ' ' || size from grievance_attachment")" "photo.jpg photo image/jpeg 21"
sha=$(q "select sha256 from grievance_attachment")
expect_ok "the photo is in the blob store" test -f "$T/blobs/$(echo "$sha" | cut -c1-2)/$sha"
num2=$(printf 'Street light broken near the school\n' | as clerk grievance add --citizen "John Minz" --category ROAD --description-file -)
expect_eq "a second from standard input" "$num2" "DRG/G/07/2026/000002"

expect_match "list --search finds a Hindi word" "$(as clerk grievance list --search हैंडपंप)" "^DRG/G/07/2026/000001 +रामेश्वर साहू +PHED +WATER +registered"
expect_eq "and only that one" "$(as clerk grievance list --search हैंडपंप --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 1
expect_eq "part of a word" "$(as clerk grievance list --search पंप --json | python3 -c 'import json,sys; print([r["number"] for r in json.load(sys.stdin)])')" "['DRG/G/07/2026/000001']"
expect_match "an English word" "$(as clerk grievance list --search school)" "DRG/G/07/2026/000002"
expect_eq "list --department" "$(as clerk grievance list --department PWD --json | python3 -c 'import json,sys; print([r["number"] for r in json.load(sys.stdin)])')" "['DRG/G/07/2026/000002']"

# PHED has no officer in the fixture: add one, and let the life run
as admin user add phed.officer --name "PHED Officer" --role officer --department PHED >/dev/null
as admin user add phed.head --name "PHED Head" --role head --department PHED >/dev/null
expect_ok "the clerk routes it" as clerk grievance assign "$num" --note "to PHED"
expect_ok "the head gives it to an officer" as phed.head grievance assign "$num" --officer phed.officer
expect_ok "an internal note" as phed.officer grievance note "$num" --note "mistri bheja gaya" --internal
expect_ok "an interim reply" as phed.officer grievance note "$num" --note "मरम्मत कल होगी" --interim
expect_eq "in progress" "$(q "select status from grievance where number = '$num'")" in_progress
expect_exit 1 "an officer of another department may not dispose it" as pwd.officer grievance dispose "$num" --reply x
expect_match "one line saying why" "$err" "^zila: this record belongs to another department$"
expect_ok "dispose" as phed.officer grievance dispose "$num" --reply "हैंडपंप ठीक कर दिया गया"
expect_ok "feedback" as clerk grievance feedback "$num" --rating 2 --note "still weak"
expect_ok "appeal" as clerk grievance appeal "$num" --reason "पानी अब भी कम आता है"
expect_eq "appealed, with a fresh due date" "$(q "select status || ' ' || appeals || ' ' || due_date from grievance where number = '$num'")" \
	"appealed 1 2026-11-27"
expect_ok "dispose the appeal" as phed.officer grievance dispose "$num" --reply "नया पाइप लगाया गया"
expect_ok "close" as clerk grievance close "$num" --note "citizen satisfied"
expect_eq "closed" "$(q "select status || ' ' || closed_on || ' ' || rating from grievance where number = '$num'")" "closed 2026-11-20 2"
printf '%%PDF-1.4 reply letter' > "$T/reply.pdf"
expect_exit 1 "a closed grievance takes no attachment" as clerk grievance attach "$num" "$T/reply.pdf"
expect_match "naming the state" "$err" "^zila: Grievance DRG/G/07/2026/000001 is closed. "
expect_ok "attach a document to the other" as clerk grievance attach "$num2" "$T/reply.pdf" --name "reply letter.pdf"
expect_eq "typed as a PDF" "$(q "select name || ' ' || kind || ' ' || mime from grievance_attachment where name like 'reply%'")" \
	"reply letter.pdf document application/pdf"

expect_eq "the events, in order" \
	"$(q "select group_concat(kind, ' ') from (select e.kind from grievance_event e join grievance g on g.id = e.grievance_id where g.number = '$num' order by e.rowid)")" \
	"registered assigned assigned note interim_reply disposed feedback appealed appeal_disposed closed"
expect_eq "each by its actor" \
	"$(q "select group_concat(u.login, ' ') from (select e.actor_id from grievance_event e join grievance g on g.id = e.grievance_id where g.number = '$num' order by e.rowid) x join app_user u on u.id = x.actor_id")" \
	"clerk clerk phed.head phed.officer phed.officer phed.officer clerk clerk phed.officer clerk"
expect_eq "one audit row per action" "$(q "select count(*) from audit_log where action like 'grievance.%'")" 12
expect_eq "the audit keeps the number written back" \
	"$(q "select json_extract(args, '\$.number') from audit_log where action = 'grievance.register' order by seq limit 1")" "$num"
expect_eq "and the outbox too" "$(q "select count(*) from outbox where action like 'grievance.%'")" 12

show=$(as clerk grievance show "$num")
expect_match "show has the record" "$show" "^description +गाँव बोरी में हैंडपंप"
expect_match "and the events" "$show" "appeal_disposed +appealed +disposed +PHED +phed.officer"
expect_match "and the attachment" "$show" "photo.jpg +photo +image/jpeg +21 +yes"
expect_eq "show --json" "$(as clerk grievance show "$num" --json | python3 -c 'import json,sys; g=json.load(sys.stdin); print(g["status"], len(g["events"]), g["attachments"][0]["present"])')" \
	"closed 10 True"

# refusals: exit 1 and one line; usage: exit 2
before=$(q "select count(*) from grievance_event")
expect_exit 1 "a bad mobile" as clerk grievance add --citizen A --category LAND --description d --mobile 12345
expect_match "names the field" "$err" "^zila: mobile must be 10 digits"
expect_eq "one line only" "$(printf '%s\n' "$err" | wc -l)" 1
expect_exit 1 "a gp outside the block" as clerk grievance add --citizen A --category LAND --description d --block 1002 --gp 200101
expect_match "says so" "$err" "gp 200101 does not lie in block 1002"
expect_exit 1 "an unknown category" as clerk grievance add --citizen A --category NOPE --description d
expect_exit 1 "an officer may not register" as phed.officer grievance add --citizen A --category LAND --description d
expect_exit 1 "appeal of a closed grievance" as clerk grievance appeal "$num" --reason again
expect_match "names the state" "$err" "is closed. Only a disposed grievance can be appealed."
expect_exit 1 "an unknown grievance" as clerk grievance show DRG/G/07/2026/000099
expect_match "says which" "$err" "no grievance 'DRG/G/07/2026/000099'"
expect_exit 1 "a file over the size limit" env ZILA_MAX_ATTACHMENT=10 ZILA_USER=clerk "$ZILA" grievance attach "$num2" "$T/reply.pdf"
expect_match "gives both sizes" "$err" "reply.pdf is 21 bytes; the limit is 10 bytes$"
expect_eq "nothing was written" "$(q "select count(*) from grievance_event")" "$before"
expect_eq "nor a grievance" "$(q "select count(*) from grievance")" 2
expect_exit 2 "a missing reply is a usage error" as clerk grievance dispose "$num2"
expect_exit 2 "an option that does not belong" as clerk grievance close "$num2" --rating 3
expect_exit 2 "an unknown subcommand" as clerk grievance frobnicate
expect_ok "each subcommand has --help" "$ZILA" grievance transfer --help
expect_match "which says what it needs" "$("$ZILA" grievance transfer --help)" "--department CODE --reason TEXT"
expect_exit 2 "a bad --sort" as clerk grievance list --sort sideways
expect_exit 1 "a bad --status" as clerk grievance list --status pending
expect_ok "zila check passes after all this" "$ZILA" check
finish
