#!/bin/sh
# Screen defects found when a new clerk tried the desk at 80x24 (issue 11),
# each as a person meets it: the coverage report in words, not JSON; '/'
# and G on Inspections and Suggestions; Home and End as tmux and PuTTY
# send them; a long message winning the status line; the key bar in words
# and only with keys that work there (help too); the nodal officer offered
# only their panchayats; "Marked to" cut with a sign; "Late" in days
# everywhere; status words, not codes; yes/no fields deaf to Space and a
# return that needs its note; Ctrl-X inside a form; help's line count.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk
I=DRG/I/07/2026/00001
as nodal inspection add --gp 200101 --date 2026-11-10 --answer ATT=good --answer REC=good --answer WAT=poor \
	--suggest "REV|2026-11-12|खसरा अद्यतन करें" --suggest "PWD|2026-12-15|Repair the approach road" >/dev/null
as nodal inspection submit $I >/dev/null
as rev.officer suggestion comply "$I#1" --note "किया" >/dev/null
L=$(ZILA_NOW=2026-11-01T06:00:00Z as clerk letter add --sender "SDM Patan" --subject "Flood relief" --received-on 2026-11-01 \
	--mark REV:5 --mark PWD:5 --mark HEALTH:5 --mark PHED:30)
as admin user add nodal2 --name "Second Nodal" --role nodal >/dev/null
printf 'type,user,gp\nnodal,nodal2,200201\n' > "$T/nodal2.csv"
as admin master import "$T/nodal2.csv" >/dev/null

# --- the inspection coverage report speaks words, not JSON
start_zila 80 24 xterm
login admin
keys 6
expect_screen "the reports" "Report: weekly time-limit review"
keys Tab Tab
expect_screen "the coverage report" "Report: inspection coverage"
expect_screen "suggestions pending, by department" "Suggestions pending, by department"
expect_no_screen "no JSON in the report" '{"'
expect_screen "a department's pending suggestions in columns" "PWD"

# --- Home (ESC [ 1 ~) and End (ESC [ 4 ~) move, they do not leave
keys 4
expect_screen "the inspections" "Inspections"
tm send-keys -l "$(printf '\033[4~')"
sleep 0.5
expect_no_screen "End did not ask to leave" "Leave Zila Desk?"
expect_screen "End stays in the list" "Inspections"
tm send-keys -l "$(printf '\033[1~')"
sleep 0.5
expect_screen "Home stays in the list too" "Inspections"
expect_no_screen "no stray letters from the sequence" "[1~"

# --- '/' narrows Inspections; the key bar offers only what works, in words
keys /
typed Selud; keys Enter
expect_screen "the search in the title" '"Selud"'
expect_screen "nothing matches Selud" "No records match"
keys x
expect_screen "cleared" "$I"
keys /
typed anda; keys Enter
expect_screen "Anda found, any case" "$I"
expect_no_screen "the key bar has no request names" "view-"
expect_no_screen "no overdue key on Inspections" "o late"
expect_no_screen "no sort key on Inspections" "s sort"
expect_screen "the key bar in words" "/ search"
keys '?'
expect_screen "help" "Keys of this screen"
expect_no_screen "help promises no overdue here" "Show only overdue"
expect_no_screen "help promises no sort here" "Change the order"
keys q
keys 5
expect_screen "suggestions" "Suggestions"
expect_screen "both suggestions listed" "Repair the approach road"
keys /
typed approach; keys Enter
expect_screen "the search in the title" '"approach"'
expect_no_screen "'/' narrows Suggestions" "खसरा"
keys x G
expect_screen "G keeps the list" "Repair the approach road"
expect_screen "G keeps every row" "खसरा"
keys g
expect_screen "and g goes back" "खसरा"
keys 1
expect_screen "home" "Home"
keys '?'
expect_screen "home's help" "Keys of this screen"
expect_no_screen "help promises no 'new' on Home" "Add a new record"
keys q 7
expect_screen "users" "Users"
expect_screen "an admin's 'n' on Users now adds a user" "n new"
keys n
expect_screen "and does" "Add a user"
keys Escape
keys Q

# --- a message wins the status line over user, desk and sync: no lp here
start_zila 80 24 vt100
login clerk
keys 3 n
expect_screen "the counter's form" "New grievance at the counter"
typed "Kamla Bai"; keys Tab Tab Tab
typed land; keys Enter Tab
typed "Khasra wrong"
keys F2
expect_screen "registered" "registered"
keys p
expect_screen "the printing message" "There is no printer command (lp) here"
msg=$(screen | sed -n 23,24p | tr -d '\n' | tr -s ' ')
expect_match "the message is whole, the receipt's path to its end" "$msg" "receipts/DRG-G-07-2026-000001.txt"
keys q q
keys 2
# --- "Marked to" shows a sign where it is cut; "Late" is days
expect_screen "the letters list" "SDM Patan"
expect_screen "the markings cut with a sign" "REV,PWD,H…"
expect_screen "late in days" "14d"
keys 3
keys Q

# --- status words for people
G=DRG/G/07/2026/000001
as admin grievance assign "$G" --department REV >/dev/null 2>&1 || true
as rev.head grievance assign "$G" --officer rev.officer >/dev/null 2>&1 || true
as rev.officer grievance note "$G" --interim --note "visit fixed" >/dev/null 2>&1 || true
q "select status from grievance" > "$T/st"
start_zila 80 24 vt100
login rev.officer
keys 3
expect_screen "grievances" "Kamla Bai"
if [ "$(cat "$T/st")" = in_progress ]; then
	expect_screen "in progress in words" "in progress"
	expect_no_screen "not the code" "in_progres"
else
	not_ok "the grievance did not reach in_progress: $(cat "$T/st")"
fi
keys Q

# --- a nodal officer is offered only their own panchayats; Ctrl-X locks
# inside a form and comes back to it
start_zila 80 24 vt100
login nodal
keys 4 n
expect_screen "the inspection form" "Record an inspection"
keys Enter
expect_screen "their panchayats" "Anda"
expect_no_screen "not another officer's" "Selud"
keys Escape
typed Anda; keys Enter
# Home and End inside a form move in the field (the date); never Esc
keys Tab
tm send-keys -l "$(printf '\033[1~')"
tm send-keys -l "$(printf '\033[4~')"
sleep 0.5
expect_no_screen "End in a form is not Esc" "Discard what you typed?"
expect_screen "still in the form" "Record an inspection"
keys C-x
expect_screen "locked" "This session is locked"
typed password1; keys Enter
expect_screen "back in the form" "Record an inspection"
expect_screen "with what was typed" "Anda"
keys Escape
expect_screen "asks to discard" "Discard what you typed?"
keys y
# --- yes/no fields ignore Space; a return needs its note
keys 5 x /
typed खसरा; keys Enter
expect_screen "the complied suggestion" "complied"
keys Enter
expect_screen "the inspection" "Inspection $I"
keys V
expect_screen "the verify form" "Verify a compliance"
keys Enter Enter Tab
typed "no map "
expect_screen "Space and letters do not answer" "Type y for yes or n for no."
keys n
keys F2
expect_screen "a return needs its note" "needs a note"
expect_eq "nothing returned yet" "$(q "select status from suggestion s join department d on d.id = s.department_id where d.code = 'REV'")" complied
typed "नक्शा भी लगाएँ"
keys F2
expect_screen "returned" "Saved."
expect_eq "returned with its note" "$(q "select note from inspection_event where kind = 'returned'")" "नक्शा भी लगाएँ"
keys q
keys Q

# --- an admin picks the nodal officer first; the panchayats follow
start_zila 80 24 vt100
login admin
keys 4 n
expect_screen "the admin's form" "Nodal officer"
typed nodal2; keys Enter Tab
keys Enter
expect_screen "nodal2's panchayat" "Selud"
expect_no_screen "not nodal's" "Bori"
keys Escape Escape
expect_screen "asks to discard" "Discard what you typed?"
keys y
# --- help's "lines x-y of N" is its own, at once
keys '?'
expect_screen "help" "Keys of this screen"
n=$(screen | head -1 | sed -n 's/.*of \([0-9]*\).*/\1/p')
total=$(screen | sed -n '2,22p' | grep -c . || true)
if [ -n "$n" ]; then
	[ "$n" -gt 21 ] && ok "help counts its own lines ($n)" || not_ok "help's count is $n for a longer text"
else
	ok "help fits: no count shown ($total lines)"
fi
keys q
keys Q
finish
