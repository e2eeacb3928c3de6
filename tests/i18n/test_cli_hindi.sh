#!/bin/sh
# The command line in Hindi: every command's and subcommand's --help, the
# headings of its tables and CSV, and a core refusal that names its field
# and the record's state in Hindi words, not as raw keys ("citizen_name",
# "pending") inside a Hindi sentence; English keeps the keys scripts know.
. "$srcdir/tests/lib.sh"
export ZILA_LOCALEDIR="$BUILDDIR/po/locale"
export LANG=C LC_ALL= LANGUAGE=
setup_desk
hi() { LANGUAGE=hi "$@"; }

expect_exit 1 "a blank citizen name is refused" hi as clerk grievance add --citizen ' ' --category WATER --description x
expect_match "naming the field in Hindi" "$err" 'आवेदक का नाम आवश्यक है'
expect_exit 1 "and in English" as clerk grievance add --citizen ' ' --category WATER --description x
expect_match "naming the key" "$err" 'citizen_name is required'
expect_exit 1 "a letter received in the future is refused" hi as clerk letter add --sender x --subject y --received-on 2030-01-01
expect_match "naming the date in Hindi" "$err" 'प्राप्ति की तिथि भविष्य'
num=$(as clerk letter add --sender x --subject y --mark REV:5)
expect_exit 1 "marking a letter twice to one department is refused" hi as clerk letter mark "$num" --department REV --days 4
expect_match "with the marking's state in Hindi" "$err" 'REV को अंकित है \(लंबित\)'
case $err in *pending*) not_ok "the raw state stays out of the Hindi sentence: $err" ;; *) ok "no raw state in it" ;; esac
expect_exit 1 "and in English" as clerk letter mark "$num" --department REV --days 4
expect_match "the state is the English word" "$err" 'already marked to REV \(pending\)'
g=$(as clerk grievance add --citizen x --category WATER --description y)
expect_exit 1 "an interim reply kept internal is refused" hi as admin grievance note "$g" --interim --internal --note z
expect_match "naming the field by its Hindi word" "$err" '^zila: दृश्यता: अंतरिम उत्तर'
expect_exit 1 "and in English" as admin grievance note "$g" --interim --internal --note z
expect_match "by its key" "$err" '^zila: visibility: an interim reply'
# a count said in Hindi, its plural as Hindi makes it
head -2 "$FIXTURE/masters.csv" > "$T/one.csv"
expect_match "one row imported, in Hindi" "$(LANGUAGE=hi as admin master import "$T/one.csv")" 'से 1 पंक्ति आयात की गई$'
expect_match "many rows" "$(LANGUAGE=hi as admin master import "$FIXTURE/masters.csv")" 'से 16 पंक्तियाँ आयात की गईं$'
expect_match "and in English" "$(as admin master import "$T/one.csv")" '^Imported 1 row from '
# the receipt's paragraphs are wrapped to the page by display width, whole
# (columns as a terminal counts them: a vowel sign or virama that does not
# space takes none)
columns='import sys, unicodedata as u
print(max(sum(0 if u.category(c) in ("Mn", "Me", "Cf") else 2 if u.east_asian_width(c) in "WF" else 1
	for c in x.rstrip("\n")) for x in sys.stdin))'
g2=$(as clerk grievance add --citizen "सुनीता देवी" --mobile 9876543210 --category LAND --description "खसरा")
for l in hi en; do
	r=$(as clerk grievance receipt "$g2" --lang $l)
	widest=$(printf '%s\n' "$r" | python3 -c "$columns")
	[ "$widest" -le 76 ] && ok "$l receipt: no line wider than 76 columns ($widest)" \
		|| not_ok "$l receipt: a line of $widest columns is cut at 80"
	joined=$(printf '%s\n' "$r" | tr '\n' ' ')
	case $l in
	hi) expect_match "its what-next whole" "$joined" 'आगे क्या: विभाग .* क्रमांक DRG/G/07/2026/[0-9]+ बताएँ। .* 30 दिन के भीतर अपील कर सकते हैं।' ;;
	en) expect_match "its what-next whole" "$joined" 'What next: the department .* reply by [0-9-]+\. .* appeal within 30 days of it\.' ;;
	esac
done
# --help of every command
# and of every subcommand: Hindi under LANGUAGE=hi, and under a Hindi
# locale the machine lacks
hindi_help() { printf '%s\n' "$2" | grep -q '^प्रयोग: zila' && printf '%s\n' "$2" | grep -Eq '(करता|करती|है|हैं)' \
	&& ok "$1 --help in Hindi" || not_ok "$1 --help is not Hindi: $(printf '%s\n' "$2" | head -3)"; }
for cmd in init login logout user master letter grievance inspection suggestion search triage report demo backup election \
	check enrol sync; do
	hindi_help "$cmd" "$(LANGUAGE=hi "$ZILA" $cmd --help 2>&1)"
done
for sub in add list show receipt assign transfer note dispose feedback appeal reopen close duplicate attach held take; do
	hindi_help "grievance $sub" "$(LANGUAGE=hi "$ZILA" grievance $sub --help 2>&1)"
done
for sub in add list show mark remind reply close; do
	hindi_help "letter $sub" "$(LANGUAGE=hi "$ZILA" letter $sub --help 2>&1)"
done
for sub in add list show submit; do
	hindi_help "inspection $sub" "$(LANGUAGE=hi "$ZILA" inspection $sub --help 2>&1)"
done
for sub in list comply verify; do
	hindi_help "suggestion $sub" "$(LANGUAGE=hi "$ZILA" suggestion $sub --help 2>&1)"
done
hindi_help "under LANG=hi_IN.UTF-8, grievance" "$(LANG=hi_IN.UTF-8 "$ZILA" grievance --help 2>/dev/null)"
expect_match "English without" "$("$ZILA" grievance --help)" "^usage: zila grievance add"
expect_exit 2 "a usage error" hi as clerk grievance add --citizen x --category WATER
expect_match "shows the usage in Hindi" "$err" "शिकायत दर्ज करता है"

# the line that says what was wrong with the command, in Hindi too
expect_exit 2 "a missing option" hi as clerk letter mark "$num" --days 4
expect_match "is said in Hindi" "$err" '^zila: letter mark के लिए --department और --days आवश्यक हैं$'
expect_exit 2 "and in English" as clerk letter mark "$num" --days 4
expect_match "in English" "$err" '^zila: letter mark needs --department and --days$'
expect_exit 2 "an option zila does not know" hi as clerk grievance list --colour
expect_match "is said in Hindi" "$err" '^zila: --colour यहाँ कोई विकल्प नहीं है$'
expect_exit 2 "a short option zila does not know" hi as clerk grievance list --overdue -xy
expect_match "is named by its letter" "$err" '^zila: -x यहाँ कोई विकल्प नहीं है$'
expect_exit 2 "an option without its value" hi as clerk grievance list --status
expect_match "is said in Hindi" "$err" '^zila: विकल्प --status के साथ मान देना आवश्यक है$'
expect_exit 2 "and in English" as clerk grievance list --status
expect_match "in English" "$err" '^zila: the option --status needs a value$'
expect_exit 2 "an unknown subcommand" hi as clerk grievance frobnicate
expect_match "is said in Hindi" "$err" "^zila: grievance का कोई आदेश 'frobnicate' नहीं है$"
# the headings of tables and CSV
hl=$(LANGUAGE=hi as clerk grievance list | head -1)
expect_match "a Hindi table's headings" "$hl" '^क्र\. +आवेदक +विभाग +श्रेणी +स्थिति'
expect_match "and a Hindi CSV's" "$(LANGUAGE=hi as clerk grievance list --csv --no-bom | head -1)" '^क्र\.,आवेदक,विभाग,श्रेणी,स्थिति'
expect_match "English keeps its" "$(as clerk grievance list --csv --no-bom | head -1)" '^Number,Citizen,Dept,Category,Status'
# a record's state in a table is a Hindi word; CSV, JSON and English keep the code
as nodal inspection add --gp 200101 --date 2026-11-16 --answer ATT=good >/dev/null
expect_match "a grievance list's state in Hindi" "$(LANGUAGE=hi as clerk grievance list)" '^DRG/G/.* दर्ज '
expect_match "a letter list's" "$(LANGUAGE=hi as clerk letter list)" ' खुला '
expect_match "an inspection list's" "$(LANGUAGE=hi as nodal inspection list)" ' प्रारूप'
expect_match "a letter's markings" "$(LANGUAGE=hi as clerk letter show "$num")" 'REV .* लंबित'
expect_match "an action says the new state in Hindi" "$(LANGUAGE=hi as admin grievance assign "$g" --department PHED)" ': आवंटित$'
expect_match "CSV keeps the state's code" "$(LANGUAGE=hi as clerk grievance list --csv --no-bom)" ',assigned,'
expect_match "and JSON" "$(LANGUAGE=hi as clerk grievance list --json)" '"status": "assigned"'
expect_match "English tables keep the code" "$(as clerk letter list)" ' open '
expect_match "the sections of a record" "$(LANGUAGE=hi as clerk letter show "$num")" 'अंकन:'
expect_match "with Hindi headings" "$(LANGUAGE=hi as clerk letter show "$num")" 'घटना'
expect_match "a letter's closing in Hindi, its state a Hindi word" "$(LANGUAGE=hi as admin letter close "$num" --department REV --note x)" \
	"^$num का 1 अंकन बंद; पत्र बंद है$"
# a record's history and state in Hindi words; English keeps the kinds
expect_match "a grievance's history in Hindi words" "$(LANGUAGE=hi as clerk grievance show "$g")" 'Z +आवंटित +दर्ज +आवंटित +PHED'
expect_match "and its state" "$(LANGUAGE=hi as clerk grievance show "$g")" '^status +आवंटित$'
expect_match "English keeps the kinds" "$(as clerk grievance show "$g")" 'Z +assigned +registered +assigned +PHED'
expect_match "a letter's history" "$(LANGUAGE=hi as clerk letter show "$num")" 'Z +अंकित +REV'
finish
