#!/bin/sh
# Suggested routing at the counter, in the full-screen zila: with no model
# the form is as ever; once `zila triage train` has run (even while zila
# is open), leaving the description names the suggested categories with
# their reasons, the Category list offers them first, Enter picks the
# first, and the grievance is registered with it.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
"$ZILA" demo --records 400 >/dev/null

start_zila 80 24 vt100
wait_for "Log in to Zila Desk" 10 || true
typed clerk; keys Enter
typed demo-pass; keys Enter
expect_screen "the clerk logs in" "Home"
keys 3
expect_screen "the grievance list" "Grievances"
keys n
expect_screen "the counter's form" "New grievance at the counter"
typed "Ramesh Sahu"
for i in 1 2 3 4; do keys Tab; done
typed "gaon me handpump kharab hai, paani nahi mil raha"
keys Tab
sleep 0.3
expect_no_screen "no model yet: no suggestion" "Suggested Category"

expect_match "trained while zila is open" "$("$ZILA" triage train)" "^trained "
keys BTab Tab
expect_screen "leaving the description names the suggestions" "Suggested Category: WATER (handpump"
keys BTab BTab Enter
wait_for "WATER (suggested" || true
expect_match "the list offers the first suggestion first, with why" "$(screen | grep -F 'Description')" \
	"Description +\* WATER \(suggested [0-9]+%: handpump"
keys Enter
wait_for "WATER Drinking water पेयजल  " || true
expect_match "Enter picks it, shown by its name" "$(screen | grep -F 'Category')" "Category +\* WATER Drinking water पेयजल"
keys F2
expect_screen "registered" "Read this number out to the citizen"
expect_eq "with the category picked" \
	"$(q "select c.code from grievance g join category c on c.id = g.category_id where g.citizen_name = 'Ramesh Sahu'
		order by g.rowid desc limit 1")" WATER

# typing in the list finds a suggested category as it finds any
keys q n
expect_screen "the form again" "New grievance at the counter"
typed "Kamla Bai"
for i in 1 2 3 4; do keys Tab; done
typed "बिजली का ट्रांसफार्मर जल गया, गांव में अंधेरा है"
keys BTab
typed "बिज"
wait_for "POWER (suggested" || true
expect_match "a Hindi word of the name finds the suggested item" "$(screen | grep -F 'Description')" \
	"Description +\* POWER \(suggested [0-9]+%: .*ट्रांसफार्मर"
keys Enter F2
expect_screen "registered too" "Read this number out to the citizen"
expect_eq "as power supply" \
	"$(q "select c.code from grievance g join category c on c.id = g.category_id where g.citizen_name = 'Kamla Bai'
		order by g.rowid desc limit 1")" POWER
finish
