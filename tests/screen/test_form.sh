#!/bin/sh
# The form widget in a real terminal (tmux), driven by tests/screen/
# form_driver: Hindi typed into fields, a field checked when left, a pick
# list filtered by a Hindi word, the draft kept as one types and found
# again after kill -9, save refused then done, Esc asking before it throws
# typing away, a refusal from on_save standing beside its field, resizing,
# a pick list that depends on another field.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is not installed"; exit 77; }
DRIVER="$BUILDDIR/tests/screen/form_driver"

# start W H TERM [NOW]: the form in a fresh session; $T/pid gets its pid,
# and the pane shows how it ended (FORM-..., EXITED-<status>).
start() {
	stop_zila
	SESSIONS=$((SESSIONS + 1))
	SOCK="$T/tmux.$SESSIONS.sock"
	tm new-session -d -x "$1" -y "$2" \
		"sh -c 'echo \$\$ > $T/pid; exec env TERM=$3 LANG=C.UTF-8 ZILA_NOW=${4:-$ZILA_NOW} ZILA_DB=$ZILA_DB \
		 FORM_SAVED_TO=$T/saved.json $DRIVER clerk'; echo EXITED-\$?; sleep 60"
}
# sqlite3 that waits while the form is writing its draft
qw() { sqlite3 -cmd '.timeout 3000' "$ZILA_DB" "$@"; }
# draft KEY: the field KEY of the test form's draft ("" when none)
draft() { qw "SELECT coalesce(json_extract(data, '\$.$1'), '') FROM draft WHERE form = 'test.grievance'"; }
# wait_draft KEY VALUE: the draft comes to hold VALUE (kept as one types)
wait_draft() {
	i=0
	while [ $i -lt 50 ]; do
		[ "$(draft "$1")" = "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# wait_drafts N: the database comes to hold N drafts
wait_drafts() {
	i=0
	while [ $i -lt 50 ]; do
		[ "$(qw 'SELECT count(*) FROM draft')" = "$1" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

setup_desk
NAME="सीता देवी"
DESC="गाँव में पीने के पानी की समस्या है। हैंडपंप दो सप्ताह से खराब है।"

start 80 24 vt100
expect_screen "the form opens at 80x24 on a vt100" "New grievance (form test)"
typed "$NAME"; keys Tab
typed 98765; keys Tab
expect_screen "a wrong mobile is told when the field is left" "A mobile number is 10 digits"
typed "पेय"
expect_screen "the pick list filters by a Hindi word" "WATER Drinking water पेयजल"
expect_screen "and says how many match" "-- 1 of 1 --"
keys Enter Tab
typed "$DESC"
if wait_draft description "$DESC"; then ok "the draft is kept as one types"; else not_ok "draft: '$(draft description)'"; fi
expect_eq "the draft has the Hindi name" "$(draft citizen_name)" "$NAME"
expect_eq "and the chosen category" "$(draft category)" "WATER"
kill -9 "$(cat "$T/pid")"
expect_screen "kill -9 ends the form" "EXITED-137"
expect_eq "the draft outlives kill -9" "$(draft description)" "$DESC"

start 80 24 vt100 2026-11-20T07:00:00Z
expect_screen "the draft is offered back with its time in India" \
	"A draft from 2026-11-20 11:30 was found: restore it? (y/n)"
keys y
expect_screen "restored: the name" "$NAME"
expect_screen "restored: the description, wrapped" "सप्ताह से खराब है।"
expect_screen "restored: the category" "WATER Drinking water"
keys F2
expect_screen "save checks every field again" "Some fields need to be put right before saving."
typed 43210
keys C-s
expect_screen "Ctrl-S saves once all is right" "FORM-SAVED"
v=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["citizen_name"], d["mobile"], d["category"], d["description"] == sys.argv[2])' "$T/saved.json" "$DESC")
expect_eq "on_save got the values" "$v" "$NAME 9876543210 WATER True"
expect_eq "saving removes the draft" "$(qw 'SELECT count(*) FROM draft')" 0

start 80 24 xterm-256color
expect_screen "no draft, no question: the form opens" "New grievance (form test)"
keys Escape
expect_screen "Esc with nothing typed cancels at once" "FORM-CANCELLED"

start 80 24 xterm-256color
expect_screen "the form again, in colour" "New grievance (form test)"
typed "x"
wait_draft citizen_name x || true
keys Escape
expect_screen "Esc after typing asks first" "Discard what you typed? (y/n)"
keys n
typed "yz"
expect_screen "n goes back to the form" "xyz"
keys Escape
expect_screen "Esc asks again" "Discard what you typed? (y/n)"
keys y
expect_screen "y throws the typing away" "FORM-CANCELLED"
expect_eq "and the draft with it" "$(qw 'SELECT count(*) FROM draft')" 0

start 120 40 xterm-256color
expect_screen "a larger terminal" "New grievance (form test)"
typed refuse; keys Tab Tab
typed land; keys Enter Tab
typed "line one"; keys Enter; typed "line two"
keys Up Up
expect_screen "Up from the first row of the editor goes to the field above" "Type to filter, Enter to choose"
keys F2
expect_screen "a refusal naming a field stands beside it" "Citizen's name* refuse"
expect_screen "with the message" "this name is refused by the test"
tm resize-window -x 80 -y 24
expect_screen "resized to 80x24, the form is drawn again" "LAND Land records"
keys C-l
expect_screen "Ctrl-L redraws" "line two"

# a pick list that hangs on another field: the panchayats of the block
start 80 24 vt100
expect_screen "the form left by a hang-up offers its draft" "was found: restore it? (y/n)"
keys n
if wait_drafts 0; then ok "n throws the draft away"; else not_ok "drafts left: $(qw 'SELECT count(*) FROM draft')"; fi
keys BTab BTab
typed pat; keys Enter
expect_screen "a block is chosen" "1002 Patan पाटन"
keys Tab Enter
expect_screen "the panchayats of Patan only" "-- 1 of 1 --"
expect_screen "which is Selud" "200201 Selud सेलूद"
keys Escape BTab
typed दुर्ग; keys Enter
expect_screen "another block, found by its Hindi name" "1001 Durg दुर्ग"
keys Tab Enter
expect_screen "the list follows the block" "-- 1 of 2 --"
expect_screen "with Anda" "200101 Anda अण्डा"
keys Down Enter
expect_screen "the second is taken" "200102 Bori बोरी"
if wait_draft gp 200102; then ok "the draft has the panchayat's code"; else not_ok "draft gp: '$(draft gp)'"; fi

# slow links: a key typed into a field redraws the field only
keys Escape y
expect_screen "cancelled" "FORM-CANCELLED"
start 80 24 vt100
expect_screen "the form on a vt100" "New grievance (form test)"
# the terminal puts the cursor where textedit counts: the entry starts at
# column 16, स्त्री takes 4 columns and 中文 4
cursor() { tm display -p '#{cursor_x},#{cursor_y}'; }
typed "स्त्री"
wait_for "स्त्री" >/dev/null
expect_eq "the cursor after स्त्री" "$(cursor)" "20,2"
typed "中文"
wait_for "中文" >/dev/null
expect_eq "the cursor after 中文" "$(cursor)" "24,2"
keys BSpace
sleep 0.3
expect_eq "Backspace takes one wide character" "$(cursor)" "22,2"
# typing past the 40 columns of the entry scrolls it: the cursor stays inside
for i in 1 2 3 4 5 6; do typed " नमस्ते दुनिया"; done
sleep 0.5
x=$(cursor); x=${x%,*}
[ "$x" -ge 16 ] && [ "$x" -lt 56 ] && ok "a long line scrolls, the cursor at column $x stays in the entry" \
	|| not_ok "the cursor left the entry: column $x"
expect_screen "the entry shows that text is hidden on the left" "<"
tm pipe-pane -o "cat >> $T/bytes"
# bytes_after KEYS...: bytes sent to the terminal for the keys, once quiet
bytes_after() {
	before=$(stat -c %s "$T/bytes" 2>/dev/null || echo 0)
	keys "$@"
	last=-1 now=$before i=0
	while [ "$now" != "$last" ] && [ $i -lt 30 ]; do
		sleep 0.2
		last=$now now=$(stat -c %s "$T/bytes" 2>/dev/null || echo 0)
		i=$((i + 1))
	done
	echo $((now - before))
}
bytes_after -l "स" >/dev/null
n=$(bytes_after -l "ा")
echo "    one Hindi key: $n B"
[ "$n" -gt 0 ] && [ "$n" -le 40 ] && ok "a Hindi key sends $n B (at most 40)" || not_ok "a Hindi key sent $n B"
n=$(bytes_after -l "x")
[ "$n" -gt 0 ] && [ "$n" -le 40 ] && ok "a key sends $n B (at most 40)" || not_ok "a key sent $n B"
n=$(bytes_after Tab)
echo "    Tab: $n B"
[ "$n" -gt 0 ] && [ "$n" -le 250 ] && ok "Tab sends $n B (at most 250)" || not_ok "Tab sent $n B"
finish
