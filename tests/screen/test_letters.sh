#!/bin/sh
# A letter's life in the full-screen zila: the clerk diarises it and marks
# it to two departments, each department's officer replies, the clerk
# closes it; the database is checked after each step.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk

start_zila 80 24 vt100
login clerk
keys 2
expect_screen "the letters" "Letters | open"
keys n
expect_screen "the diary form" "Diarise a letter"
typed "SDM Patan"; keys Tab
typed "भूमि विवाद की जांच"; keys Tab
typed "SDM/2026/881"; keys Tab Tab Tab
typed REV; keys Enter Tab
typed 7; keys Tab
typed PWD; keys Enter Tab
typed 15
keys F2
expect_screen "diarised with its number" "Diarised as DRG/L/07/2026/00001."
expect_screen "in the list" "REV,PWD"
expect_eq "in the database" "$(q "select sender || '|' || subject from letter")" "SDM Patan|भूमि विवाद की जांच"
expect_eq "marked to both" "$(q "select d.code || ':' || m.time_limit_days || ':' || m.status from letter_marking m
	join department d on d.id = m.department_id order by d.code" | tr '\n' ' ')" "PWD:15:pending REV:7:pending "
keys Enter
expect_screen "the detail shows both markings" "PWD      pending   due 05-12-2026"
expect_screen "a clerk may remind" "r remind"
expect_no_screen "but not reply" "R reply"
keys Q

for dept in rev pwd; do
	start_zila 80 24 vt100
	login $dept.officer
	keys 2
	expect_screen "$dept: the department's letter" "07/2026/00001"
	keys Enter
	expect_screen "$dept: may reply" "R reply"
	keys R
	expect_screen "$dept: the reply form" "Record the department's reply"
	keys Tab; typed "$dept: जांच पूरी, प्रतिवेदन संलग्न"; keys C-s
	expect_screen "$dept: saved" "Saved."
	expect_screen "$dept: the marking is replied" "replied"
	keys Q
done
expect_eq "both replied in the database" "$(q "select group_concat(status || ':' || coalesce(reply_text, ''), ',') from (select status, reply_text from letter_marking order by reply_text)")" \
	"replied:pwd: जांच पूरी, प्रतिवेदन संलग्न,replied:rev: जांच पूरी, प्रतिवेदन संलग्न"

start_zila 80 24 vt100
login clerk
keys 2 Enter
expect_screen "the clerk may close now" "c close"
keys c
expect_screen "the close form" "Close the letter's marking"
keys F2
expect_screen "closed" "Saved."
expect_screen "the letter is closed" "DRG/L/07/2026/00001  closed"
expect_eq "in the database" "$(q "select l.status || ' ' || group_concat(m.status) from letter l join letter_marking m on m.letter_id = l.id")" \
	"closed closed,closed"
keys Q

# the Collector's TL review on screen, saved as CSV
start_zila 80 24 vt100
login collector
keys 6
expect_screen "the TL review" "Report: weekly time-limit review"
keys e C-u; typed "$T/tl.csv"; keys Enter
expect_screen "exported" "Saved $T/tl.csv."
expect_eq "the CSV starts with the UTF-8 byte order mark, for a spreadsheet" "$(head -c 3 "$T/tl.csv" | od -An -tx1 | tr -d ' ')" efbbbf
expect_match "the CSV has the departments" "$(tail -c +4 "$T/tl.csv")" "^department,.*"
expect_match "Revenue among them" "$(cat "$T/tl.csv")" "REV,Revenue"
keys Tab
expect_screen "Tab shows the next report" "Report: grievance pendency"
keys Q
finish
