#!/bin/sh
# The full-screen program's frame: login (wrong password, then right),
# home, a list, help from the key table, keys file, a terminal too small
# and resized, quitting with the terminal given back; in monochrome vt100
# and in xterm-256color.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk

for term in vt100 xterm-256color; do
	start_zila 80 24 $term
	expect_screen "$term: the login screen" "Log in to Zila Desk"
	typed clerk; keys Enter; typed wrong-pass; keys Enter
	expect_screen "$term: a wrong password is told" "Wrong user or password (1 of 5 tries)"
	typed password1; keys Enter
	expect_screen "$term: the right one opens home" "Zila Desk | Home"
	expect_screen "$term: the status bar names user and desk" "clerk | desk 07"
	keys 7
	expect_screen "$term: the users list" "Revenue Officer"
	expect_screen "$term: with the count of rows" "7 rows"
	keys F1
	expect_screen "$term: F1 shows the keys of the screen" "Keys of this screen"
	expect_screen "$term: from the request table" "Search (Hindi or English, parts of words)"
	keys q
	expect_screen "$term: q goes back" "7 rows"
	keys /; typed "rev"; keys Enter
	expect_screen "$term: search narrows the list" "2 rows"
	keys x
	expect_screen "$term: x clears it" "7 rows"
	keys Q
	expect_screen "$term: Q leaves with status 0" "ZILA-EXITED-0"
done

# the terminal is given back: zila ran in the alternate screen (or was
# cleared) and the shell line after it is readable
expect_no_screen "no curses residue after the end" "clerk | desk 07"

start_zila 80 24 vt100
login clerk
keys 7
expect_screen "users list" "7 rows"
tm resize-window -x 60 -y 20
expect_screen "too small a terminal gets a clear message" "needs at least 80 x 24"
tm resize-window -x 120 -y 40
expect_screen "a larger terminal shows the list again" "7 rows"
expect_screen "with the columns spread out" "$(printf '%-33s' 'Revenue Officer')"
tm resize-window -x 80 -y 24
expect_screen "and back to 80x24" "Revenue Officer"
keys C-l
expect_screen "Ctrl-L redraws" "Revenue Officer"
keys Q
expect_screen "quits" "ZILA-EXITED-0"

# a keys file moves search to ^F; the help shows the new key
mkdir -p "$T/home/.config/zila"
printf '# my keys\nsearch ^F\nmove-down J\n' > "$T/home/.config/zila/keys"
start_zila 80 24 vt100
login clerk
keys 7; keys '?'
expect_screen "help shows the key from the keys file" "^F             Search (Hindi"
keys q; keys C-f; typed "pwd"; keys Enter
expect_screen "and ^F searches" "1 row"
keys Q
rm "$T/home/.config/zila/keys"

# five wrong passwords in a row cost a wait
start_zila 80 24 vt100
wait_for "Log in to Zila Desk"
typed clerk; keys Enter
for i in 1 2 3 4 5; do
	typed "nope$i"; keys Enter
	[ $i -lt 5 ] && wait_for "($i of 5 tries)"
done
expect_screen "five wrong passwords make one wait" "wait 30 seconds"
typed password1; keys Enter
sleep 0.5
expect_no_screen "and even the right password waits" "Zila Desk | Home"
stop_zila

# an idle session locks (lock_minutes from zila.conf)
printf 'lock_minutes = 0.02\n' > "$T/home/.config/zila/zila.conf"
start_zila 80 24 vt100
login clerk
expect_screen "an idle session locks" "This session is locked" 5
typed password1; keys Enter
expect_screen "and opens again with the password" "Zila Desk | Home"
stop_zila
# a line longer than the screen is cut at its edge, never wrapped onto the
# row below it: a grievance with a long address, in its detail view
rm -f "$T/home/.config/zila/zila.conf"
as clerk grievance add --citizen "Sita Bai" --category LAND --description "long address" \
	--address "$(printf 'Ward %.0sNumber Twelve ' $(seq 8))Near The Old Temple" >/dev/null
start_zila 80 24 vt100
login clerk
keys 3 /; typed "long address"; keys Enter
expect_screen "the grievance is found" "1 row"
keys Enter
expect_screen "its detail shows the address" "Ward Number Twelve Ward"
expect_eq "the row below the address is the next field, not the address spilled over" \
	"$(screen | grep -A1 'Address:' | tail -1 | cut -c1-9)" " Received"
expect_no_screen "the end of the address is cut, not wrapped" "Old Temple"
stop_zila
finish
