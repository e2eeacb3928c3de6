#!/bin/sh
# The counter's day at 80x24 (issue 11): a citizen's earlier grievances
# found by mobile number (typed as people write it) and by name, from the
# list's '/' and from `zila search`; the rows are checked with sqlite3.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk
as clerk grievance add --citizen "Kamla Bai" --mobile "+91 98765 43210" --category LAND --gp 200101 \
	--description "Khasra entry wrong for plot 112" >/dev/null
as clerk grievance add --citizen "Kamla Bai" --mobile "098765-43210" --category WATER --gp 200101 \
	--description "Handpump broken near the school" >/dev/null
as clerk grievance add --citizen "Ravi Sahu" --mobile 7000000001 --lang en --category ROAD --gp 200102 \
	--description "Road to the school broken" >/dev/null
expect_eq "mobiles kept as 10 digits" "$(q "select group_concat(mobile, ' ') from (select mobile from grievance order by number)")" \
	"9876543210 9876543210 7000000001"

# --- zila search: a mobile in any form, or the name
expect_eq "zila search by mobile, +91 and spaces" \
	"$(as clerk search "+91 98765 43210" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2
expect_eq "zila search by mobile, leading 0 and a dash" \
	"$(as clerk search 098765-43210 --json | python3 -c 'import json,sys; print(sorted(r["who"] for r in json.load(sys.stdin)))')" \
	"['Kamla Bai', 'Kamla Bai']"
expect_match "grievance list --search by mobile" "$(as clerk grievance list --search 9876543210)" "Kamla Bai"
expect_eq "and only hers" "$(as clerk grievance list --search 9876543210 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2

# --- the list's '/'
start_zila 80 24 vt100
login clerk
keys 3
expect_screen "the grievances" "Ravi Sahu"
keys /
typed "+91 98765-43210"; keys Enter
expect_screen "her two grievances" "2 rows"
expect_no_screen "not Ravi's" "Ravi Sahu"
keys x /
typed "ravi"; keys Enter
expect_screen "by name" "1 row"
expect_screen "Ravi found" "Ravi Sahu"

# --- the duplicate warning: the same mobile, written another way
keys x n
expect_screen "the counter's form" "New grievance at the counter"
typed "Kamla Bai"; keys Tab
typed "98765 43210"; keys Tab Tab
typed land; keys Enter Tab
typed "Khasra still wrong"
keys F2
expect_screen "the warning before saving" "Before saving: is it a grievance already registered?"
expect_screen "her open grievances, by mobile" "same mobile"
screen > "$T/warning.txt"
expect_screen "with what they are about" "Handpump broken near the school"
expect_eq "nothing saved while the clerk looks" "$(q "select count(*) from grievance")" 3
keys Escape
expect_screen "back to the form" "Not saved yet"
expect_screen "the form as it was" "Khasra still wrong"
expect_eq "still nothing saved" "$(q "select count(*) from grievance")" 3
keys F2
expect_screen "the warning again" "same mobile"
keys Down Up Enter
expect_screen "registered" "Grievance DRG/G/07/2026/000004 registered"
expect_eq "registered, then closed as a duplicate of the one picked" \
	"$(q "select g.status || ' ' || d.number from grievance g join grievance d on d.id = g.duplicate_of")" \
	"closed DRG/G/07/2026/000001"
expect_eq "the number kept as 10 digits" "$(q "select mobile from grievance where number like '%000004'")" 9876543210
expect_eq "the channel: the counter" "$(q "select channel from grievance where number like '%000004'")" counter
keys q

# --- alike text in the same panchayat, another citizen; saved anyway, by post
keys n
typed "Sunita Devi"; keys Tab
typed "7000000002"; keys Tab
typed anda; keys Enter Tab
typed land; keys Enter Tab
typed "Khasra entry is wrong for plot 112"
keys Tab Tab Tab Tab Tab Tab
typed post; keys Enter
keys F2
expect_screen "the warning" "alike)"
expect_screen "Kamla's grievance of the same panchayat" "Khasra entry wrong for plot 112"
expect_no_screen "not the handpump" "Handpump broken"
keys s
expect_screen "saved as new" "Grievance DRG/G/07/2026/000005 registered"
expect_eq "a new grievance, open, by post" \
	"$(q "select status || ' ' || coalesce(duplicate_of, '-') || ' ' || channel from grievance where number like '%000005'")" \
	"registered - post"
keys q

# --- nothing alike: no warning at all
keys n
typed "Mohan Lal"; keys Tab Tab Tab
typed road; keys Enter Tab
typed "Culvert collapsed after the rain"
keys F2
expect_screen "saved at once" "Grievance DRG/G/07/2026/000006 registered"
keys q

# --- the usual grievance from the list: 6 keys besides the text (n, Tab
# after the name, the mobile, the panchayat and the category, F2; a pick
# list takes Tab when one item is left). It was 13 before issue 11.
keys n
typed "Hari Ram"; keys Tab
typed 9000000001; keys Tab
typed anda; keys Tab
typed land; keys Tab
typed "Boundary stone removed"
keys F2
expect_screen "registered in six keys" "Grievance DRG/G/07/2026/000007 registered"
expect_eq "with its panchayat and category" \
	"$(q "select p.lgd_code || ' ' || c.code || ' ' || g.mobile from grievance g join gram_panchayat p on p.id = g.gp_id
	join category c on c.id = g.category_id where g.number like '%000007'")" "200101 LAND 9000000001"
keys q

# --- the receipt again, from the grievance's detail, in the citizen's language
keys / C-u
typed 000001; keys Enter
expect_screen "found by number, and the one linked to it" "2 rows"
expect_screen "the key bar fits, back included" "x clear  q back"
keys Enter
expect_screen "the detail" "Grievance DRG/G/07/2026/000001"
expect_screen "the receipt offered" "p receipt"
keys p
expect_screen "the receipt again, no language asked" "Receipt of grievance DRG/G/07/2026/000001"
expect_screen "in the grievance's language: the department in Hindi" "राजस्व"
expect_screen "the due date" "20-12-2026"
expect_ok "written for the printer" test -s "$T/receipts/DRG-G-07-2026-000001.txt"
expect_screen "the other language a key away" "l other language"
keys l
expect_screen "the same receipt in English" "Revenue"
expect_no_screen "no Hindi left in it" "राजस्व"
expect_match "and the file the printer gets is the one shown" "$(cat "$T/receipts/DRG-G-07-2026-000001.txt")" "Revenue"
keys l
expect_screen "and back in Hindi" "राजस्व"
keys q q
# a citizen who chose English at registration gets the English receipt
keys / C-u
typed ravi; keys Enter
keys Enter
expect_screen "Ravi's grievance" "Grievance DRG/G/07/2026/000003"
keys p
expect_screen "his receipt" "Receipt of grievance DRG/G/07/2026/000003"
expect_screen "in English, the language kept with his grievance" "Keep this receipt."
keys q q
keys Q

# --- attachments where the clerk is: the inbox folder of zila.conf, newest
# first with size and type; and Tab completes a path
mkdir -p "$T/inbox" "$T/home/.config/zila"
printf 'attachment_inbox = %s\n' "$T/inbox" > "$T/home/.config/zila/zila.conf"
printf '%%PDF-1.4 a scanned application\n' > "$T/inbox/application.pdf"
printf '\377\330\377\340 a photo of the handpump' > "$T/inbox/IMG_0042.jpg"
touch -d '2026-11-20 09:00' "$T/inbox/application.pdf"
touch -d '2026-11-20 10:30' "$T/inbox/IMG_0042.jpg"
start_zila 80 24 vt100
login clerk
keys 3 n
typed "Gopal Das"; keys Tab Tab Tab
typed road; keys Enter Tab
typed "Pothole in front of the school"
keys Tab Tab Tab Tab Tab Enter
expect_screen "the inbox offered" "IMG_0042.jpg"
expect_screen "with size and type" "application.pdf"
first=$(screen | grep -n -e IMG_0042 -e application.pdf | head -1 | cut -d: -f2-)
expect_match "newest first" "$first" "IMG_0042.jpg +[0-9]+ B +photo +20-11 16:00"
keys Enter
keys F2
expect_screen "registered with the photo" "registered"
expect_eq "the photo attached, typed by its bytes" \
	"$(q "select a.name || ' ' || a.kind || ' ' || a.mime from grievance_attachment a join grievance g on g.id = a.grievance_id where g.citizen_name = 'Gopal Das'")" \
	"IMG_0042.jpg photo image/jpeg"
keys q n
typed "Gita Bai"; keys Tab Tab Tab
typed road; keys Enter Tab
typed "Drain blocked near the market"
keys Tab Tab Tab Tab
typed "$T/inb"; keys Tab
expect_screen "Tab completes the folder" "$T/inbox/"
typed "app"; keys Tab
expect_screen "and the file" "inbox/application.pdf"
keys F2
expect_screen "registered with the document" "registered"
expect_eq "the document attached" \
	"$(q "select a.name || ' ' || a.mime from grievance_attachment a join grievance g on g.id = a.grievance_id where g.citizen_name = 'Gita Bai'")" \
	"application.pdf application/pdf"
keys q

# --- on the detail, not only on the command line: an internal note, an
# attachment from the inbox, closing as a duplicate
keys / C-u
typed 000007; keys Enter
expect_screen "Hari Ram's" "1 row"
keys Enter
expect_screen "the detail offers attach and duplicate" "Grievance DRG/G/07/2026/000007"
keys n
expect_screen "the note form" "Add a note"
typed "Patwari to visit on Monday"; keys Tab Tab
typed y
keys F2
expect_screen "noted" "Saved."
expect_eq "an internal note" "$(q "select e.visibility || ' ' || e.note from grievance_event e join grievance g on g.id = e.grievance_id
	where g.number like '%000007' and e.kind = 'note'")" "internal Patwari to visit on Monday"
keys +
expect_screen "the attach form" "Add an attachment"
keys Enter
expect_screen "the inbox" "IMG_0042.jpg"
keys Enter F2
expect_screen "attached" "Saved."
expect_eq "the photo on the grievance" "$(q "select a.name || ' ' || a.kind from grievance_attachment a join grievance g on g.id = a.grievance_id
	where g.number like '%000007'")" "IMG_0042.jpg photo"
keys q / C-u
typed 000002; keys Enter Enter
expect_screen "Kamla's handpump" "Grievance DRG/G/07/2026/000002"
keys D
expect_screen "the duplicate form" "Close it as a duplicate of an earlier grievance"
keys Enter
expect_screen "her other open grievance offered" "DRG/G/07/2026/000001  Kamla Bai"
keys Enter F2
expect_screen "closed" "Saved."
expect_eq "closed as a duplicate" "$(q "select g.status || ' ' || d.number from grievance g join grievance d on d.id = g.duplicate_of
	where g.number like '%000002'")" "closed DRG/G/07/2026/000001"
keys q Q

# --- zila grievance receipt
r=$(as clerk grievance receipt DRG/G/07/2026/000001 --lang en)
expect_match "the number" "$r" "Grievance number: +DRG/G/07/2026/000001"
expect_match "the department" "$r" "Department: +Revenue"
expect_match "the due date" "$r" "Reply due by: +20-12-2026"
expect_match "what next" "$(printf '%s\n' "$r" | tr '\n' ' ')" "What next: the department will look into your grievance and reply by 20-12-2026"
expect_match "the mobile as people read it" "$r" "Mobile: +98765 43210"
expect_match "in Hindi: the names of the masters" "$(as clerk grievance receipt DRG/G/07/2026/000001 --lang hi)" "राजस्व"
expect_match "a duplicate's receipt names the one to quote" "$(as clerk grievance receipt DRG/G/07/2026/000004 --lang en)" \
	"same as grievance DRG/G/07/2026/000001"
# --- the report period on screen, for every report
start_zila 80 24 vt100
login admin
keys 6
expect_screen "the reports" "Report: weekly time-limit review"
expect_screen "the period key" "d dates"
keys d
expect_screen "asks from" "From (e.g. 01-11-2026"
typed 01-11-2026; keys Enter
expect_screen "asks to" "To (e.g. 20-11-2026"
typed 2026-11-15; keys Enter
expect_screen "the period shown" "From 01-11-2026 to 15-11-2026"
keys Tab
expect_screen "the next report" "Report: grievance pendency"
expect_screen "keeps the period" "From 01-11-2026 to 15-11-2026"
keys d C-u
typed 20-11-2026; keys Enter
keys C-u; typed 01-11-2026; keys Enter
expect_screen "a period the wrong way round is refused" "is after to"
keys d
keys C-u; keys Enter
keys C-u; keys Enter
expect_screen "empty: the report's own period again" "to 20-11-2026"
keys Q

# --- --csv for every list of the command line
as clerk grievance add --citizen "Sahu, Ram" --category ROAD --description 'Says "urgent"' >/dev/null
csv=$(as clerk grievance list --status open --search urgent --csv --no-bom)
expect_eq "grievance list --csv: headings, then the row with its comma and quotes whole" \
	"$(printf '%s\n' "$csv" | tr -d '\r' | head -1 | cut -d, -f1-3)" "Number,Citizen,Dept"
expect_match "a comma inside a value is quoted" "$csv" '"Sahu, Ram"'
for cmd in "letter list" "inspection list" "suggestion list" "user list" "master list gp" "search Kamla"; do
	out=$(as admin $cmd --csv --no-bom 2>&1) && first=$(printf '%s\n' "$out" | head -1) || first="failed: $out"
	expect_match "$cmd --csv prints CSV" "$first" '^[A-Za-z_ ]+(,[A-Za-z_ .]+)+.?$'
done
expect_exit 1 "a language it does not know" as clerk grievance receipt DRG/G/07/2026/000001 --lang fr
expect_match "says so" "$err" "lang: 'fr' is not a language of the receipt"
finish
