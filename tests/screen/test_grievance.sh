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
typed "सुनीता देवी"; keys Enter
typed 9876543210; keys Enter
typed "Ward 4"; keys Enter
expect_screen "block from a pick list" "Type to narrow the list"
typed Dur; keys Enter
expect_screen "panchayats of that block only" "Anda"
expect_no_screen "not of the other block" "Selud"
typed Bor; keys Enter
typed "Bori"; keys Enter
expect_screen "category pick list" "Hospital services"
typed WAT; keys Enter
typed "गांव में पीने का पानी नहीं आ रहा है"; keys Enter
expect_screen "the number is shown to read out" "Read this number out to the citizen"
expect_screen "in full" "DRG/G/07/2026/000001"
expect_screen "with a receipt" "Receipt:"
expect_eq "registered in the database" "$(q "select status || '|' || citizen_name || '|' || description from grievance")" \
	"registered|सुनीता देवी|गांव में पीने का पानी नहीं आ रहा है"
expect_eq "at the panchayat picked" "$(q "select g.lgd_code from grievance r join gram_panchayat g on g.id = r.gp_id")" 200102
expect_match "the receipt file has the number" "$(cat "$T"/receipts/DRG-G-07-2026-000001.txt)" "DRG/G/07/2026/000001"

keys q
expect_screen "back in the list" "1 row"
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
keys a; typed REV; keys Enter
expect_screen "assigned" "Assigned."
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
keys d; typed "टैंकर से पानी पहुंचाया गया"; keys Enter
expect_screen "disposed" "Disposed."
expect_eq "in the database" "$(q "select status || '|' || final_reply from grievance")" "disposed|टैंकर से पानी पहुंचाया गया"
expect_no_screen "no more dispose once disposed" "d dispose"
keys Q
finish
