#!/bin/sh
# Every screen in Hindi: an admin whose language is Hindi walks home, the
# lists, a record of each kind, forms, filters, reports, users, sync and
# each help screen at 80x24; no screen shows the English of a message the
# catalogue has in Hindi (tests/screen/untranslated.py). The locale is C,
# unset, or a Hindi locale that is not installed: Hindi still shows and
# typed Hindi is kept. L switches the language at once and it is kept.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to check the screens"; exit 77; }
export ZILA_LOCALEDIR="$BUILDDIR/po/locale"
setup_desk
as clerk letter add --sender "Commissioner, Durg" --subject "भू-अभिलेख अद्यतन" --mark REV:7 >/dev/null
as clerk grievance add --citizen "सुनीता देवी" --mobile 9876543210 --block 1001 --gp 200102 --category WATER \
	--description "हैंडपंप खराब है" >/dev/null
as nodal inspection add --gp 200101 --date 2026-11-16 --observations "आंगनवाड़ी बंद मिली" --answer ATT=good \
	--suggest "REV|2026-11-18|खसरा अद्यतन करें" >/dev/null
as admin user lang hi >/dev/null
# Hindi names, as a district has them (the fixture's English names
# "Collector", "Revenue Officer" are words of the catalogue too)
q "UPDATE app_user SET name = CASE login WHEN 'collector' THEN 'श्री कलेक्टर' WHEN 'nodal' THEN 'नोडल अधिकारी'
	WHEN 'rev.officer' THEN 'राजस्व अधिकारी' WHEN 'rev.head' THEN 'राजस्व प्रमुख' WHEN 'pwd.officer' THEN 'लोक निर्माण अधिकारी'
	ELSE name END"

# start_hi ENV...: zila in tmux with the given locale variables
start_hi() {
	stop_zila
	SESSIONS=$((SESSIONS + 1))
	SOCK="$T/tmux.$SESSIONS.sock"
	tm new-session -d -x 80 -y 24 \
		"env -u LANG -u LC_ALL -u LANGUAGE -u XDG_CONFIG_HOME HOME='$T/home' TERM=vt100 ZILA_DB='$ZILA_DB' \
		 ZILA_NOW='$ZILA_NOW' ZILA_LOCALEDIR='$ZILA_LOCALEDIR' $* '$ZILA'; echo ZILA-EXITED-\$?; sleep 60"
}
shots=0
# shot NAME: keeps the screen for the check at the end
shot() { sleep 0.3; shots=$((shots + 1)); screen > "$T/shot.$shots.$1"; }
login_hi() {
	wait_for "$1" 10 || true
	typed admin; keys Enter; typed password1; keys Enter
	expect_screen "admin logs in, in Hindi" "ज़िला डेस्क | मुखपृष्ठ"
}

start_hi LANG=C
expect_screen "LANG=C: the fallback to a UTF-8 locale is said once" "C.UTF-8"
login_hi "Log in to Zila Desk"
shot home
keys F1; expect_screen "help in Hindi" "इस स्क्रीन की कुंजियाँ"; shot help-home; keys q
keys 2; expect_screen "the letters" "पत्र |"; shot letters
keys F1; expect_screen "the list's help" "इस स्क्रीन की कुंजियाँ"; shot help-list; keys q
keys f; sleep 0.3; shot filter; keys Escape
keys Enter; expect_screen "a letter" "पत्र DRG/L/07"; shot letter
keys F1; sleep 0.3; shot help-detail; keys q
keys m; sleep 0.5; shot form-mark; keys Escape; sleep 0.3; keys y; keys q
keys 3; expect_screen "the grievances" "शिकायतें |"; shot grievances
keys Enter; expect_screen "a grievance" "शिकायत DRG/G/07"; shot grievance
keys q; keys n; expect_screen "the counter's form" "काउंटर पर नई शिकायत"; shot form-new
keys Tab Tab; typed "बोरी"; expect_screen "the panchayat pick list puts the Hindi name first" "बोरी Bori"
keys Escape; sleep 0.3; keys Escape; sleep 0.3; keys y
keys 4; expect_screen "the inspections" "निरीक्षण"; shot inspections
keys Enter; expect_screen "the checklist in Hindi, from the master's text_hi" "कर्मचारी उपस्थिति"
expect_screen "the panchayat by its Hindi name" "अण्डा"; shot inspection; keys q
keys 5; expect_screen "the suggestions" "सुझाव"; shot suggestions
keys 6; expect_screen "a report" "प्रतिवेदन:"; shot report1
keys Tab; sleep 0.5; shot report2
keys Tab; sleep 0.5; shot report3
keys 7; expect_screen "the users" "उपयोगकर्ता"; shot users
keys 8; sleep 0.5; shot sync
keys 1
# typed Hindi is kept under LANG=C: the search prompt shows it
keys 3 /; typed "हैंडपंप"; expect_screen "typed Hindi shows under LANG=C" "हैंडपंप"; keys Enter
expect_screen "and finds the grievance" "सुनीता देवी"
keys L; expect_screen "L switches to English at once" "Grievances |"
expect_eq "and the choice is kept with the user" "$(q "SELECT lang FROM app_user WHERE login = 'admin'")" en
keys L; expect_screen "and back to Hindi" "शिकायतें |"
expect_eq "kept again" "$(q "SELECT lang FROM app_user WHERE login = 'admin'")" hi
keys Q

# LANG unset: Hindi from the user, typed Hindi kept
start_hi
login_hi "Log in to Zila Desk"
keys 2 /; typed "अभिलेख"; expect_screen "LANG unset: typed Hindi shows" "अभिलेख"; keys Enter
expect_screen "and finds the letter" "Commissioner,"
shot letters-search
keys Q

# a Hindi locale that is not installed here: the login screen is Hindi too
start_hi LANG=hi_IN.UTF-8
expect_screen "hi_IN.UTF-8 missing: the login screen is in Hindi" "ज़िला डेस्क में लॉगिन करें"
expect_screen "and the fallback is said" "hi_IN.UTF-8"
shot login
login_hi "ज़िला डेस्क में लॉगिन करें"
keys Q

if out=$(python3 "$srcdir/tests/screen/untranslated.py" "$srcdir/po/hi.po" "$T"/shot.*); then
	ok "no English message of the catalogue on $shots Hindi screens"
else
	not_ok "English on Hindi screens:"
	printf '%s\n' "$out" | sed "s|$T/||; s/^/    | /"
fi
[ "$fails" -eq 0 ]
