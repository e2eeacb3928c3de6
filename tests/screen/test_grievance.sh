#!/bin/sh
# A grievance from the counter to disposal, all in the full-screen zila:
# the clerk registers it with a Hindi description, finds it by a Hindi
# word and routes it; the department officer disposes of it. The database
# is checked after each step.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk

start_zila 80 24 vt100
login clerk
keys 3
expect_screen "the grievance list" "Grievances | open"
expect_screen "is empty" "0 rows"
keys n
expect_screen "the counter's form" "New grievance at the counter"
typed "सुनीता देवी"; keys Tab
typed 9876543210; keys Tab
typed "बोरी"
expect_screen "the panchayat found by its Hindi name" "Bori बोरी"
keys Enter Tab
typed "पेय"
expect_screen "the category by a Hindi word" "WATER Drinking water पेयजल"
keys Enter Tab
typed "गांव में पीने का पानी नहीं आ रहा है"; keys Enter; typed "हैंडपंप खराब है"
keys Tab
typed "Ward 4"; keys Tab
typed "Bori"; keys Tab
typed Dur
expect_screen "the block pick list filters as one types" "Durg दुर्ग"
keys Enter
keys F2
expect_screen "the number is shown to read out" "Read this number out to the citizen"
expect_screen "in full" "DRG/G/07/2026/000001"
expect_screen "with a receipt" "Receipt:"
expect_eq "registered in the database" "$(q "select status || '|' || citizen_name || '|' || description from grievance")" \
	"registered|सुनीता देवी|गांव में पीने का पानी नहीं आ रहा है
हैंडपंप खराब है"
expect_eq "at the panchayat picked" "$(q "select g.lgd_code from grievance r join gram_panchayat g on g.id = r.gp_id")" 200102
expect_match "the receipt file has the number" "$(cat "$T"/receipts/DRG-G-07-2026-000001.txt)" "DRG/G/07/2026/000001"

keys q
expect_screen "back in the list" "1 row"
# home counts it: the jump home reloads home's figures (a jump to another
# list closes the screens between without reloading them)
keys 1
expect_screen "home again" "Zila Desk | Home"
expect_match "home counts the new grievance" "$(screen | grep -E '^ *Grievances ')" '^ *Grievances +1 +1 +0'
keys 3
expect_screen "the list again" "1 row"
keys /; typed "पानी"; keys Enter
expect_screen "a Hindi word finds it" '"पानी"'
expect_screen "one row" "07/2026/000001"
keys /; keys C-u; typed "बिजली"; keys Enter
expect_screen "another word finds nothing" "No records match."
keys x
expect_screen "x shows it again" "07/2026/000001"
keys Enter
expect_screen "the detail" "Grievance DRG/G/07/2026/000001"
expect_screen "with its history" "registered"
expect_screen "a clerk may assign" "a assign"
expect_no_screen "but not dispose" "d dispose"
keys a
expect_screen "the assign form" "Assign the grievance to a department"
typed REV; keys Enter
keys F2
expect_screen "assigned" "Saved."
expect_eq "to Revenue in the database" "$(q "select r.status || ' ' || d.code from grievance r join department d on d.id = r.department_id")" \
	"assigned REV"
keys Q
expect_screen "quits" "ZILA-EXITED-0"

start_zila 80 24 vt100
login rev.officer
keys 3
expect_screen "the officer sees the department's grievance" "07/2026/000001"
keys Enter
expect_screen "and may dispose of it" "d dispose"
keys d
expect_screen "the disposal form" "Dispose of the grievance"
typed "टैंकर से पानी पहुंचाया गया"; keys C-s
expect_screen "disposed" "Saved."
expect_eq "in the database" "$(q "select status || '|' || final_reply from grievance")" "disposed|टैंकर से पानी पहुंचाया गया"
expect_no_screen "no more dispose once disposed" "d dispose"
keys Q

# nothing typed is lost: the form's draft outlives kill -9
start_zila 80 24 vt100
login clerk
keys 3 n
expect_screen "a new grievance" "New grievance at the counter"
typed "कमला बाई"; keys Tab Tab Tab Tab
typed "सड़क पर गड्ढे"
sleep 1.5
zila_pid=$(ps -o pid= --ppid "$(tm list-panes -F '#{pane_pid}')" | head -1)
kill -9 $zila_pid
expect_screen "killed" "ZILA-EXITED-137"
start_zila 80 24 vt100
login clerk
keys 3 n
expect_screen "the draft is offered back" "was found: restore it? (y/n)"
keys y
expect_screen "with the name" "कमला बाई"
expect_screen "and the description" "सड़क पर गड्ढे"
keys Escape
expect_screen "Esc asks before throwing it away" "Discard what you typed? (y/n)"
keys y
expect_screen "back in the list" "Nothing was changed."
expect_eq "the draft is gone" "$(q 'select count(*) from draft')" 0
keys Q

# a large list counts up to 10,000 and says so; a narrower one is exact
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10050)
 INSERT INTO grievance(id, created_at, updated_at, number, citizen_name, description, category_id,
 department_id, status, registered_on, due_date, created_by)
 SELECT printf('00000000-0000-7000-8000-%012x', i), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
 printf('DRG/G/07/2025/%06d', i), 'Citizen ' || i, CASE WHEN i <= 3 THEN 'tubewell dry' ELSE 'road broken' END,
 c.id, c.department_id, 'registered', '2026-01-01', '2026-02-01', (SELECT id FROM app_user WHERE login = 'clerk')
 FROM n JOIN category c ON c.code = 'ROAD'"
start_zila 80 24 vt100
login clerk
keys 3
expect_screen "over 10,000 open grievances: the count stops" "10,000+ rows"
keys /; typed "tubewell"; keys Enter
expect_screen "a search below the cap is counted exactly" "3 rows"
keys Q
finish
