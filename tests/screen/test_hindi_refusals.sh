#!/bin/sh
# A refusal of the core that names its field first ("department: ...",
# "visibility: ...") reads in Hindi on a Hindi user's form: the field's
# label as the form shows it, or the field's Hindi word, then the Hindi
# message; no raw English key on the bottom line.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
export ZILA_LOCALEDIR="$BUILDDIR/po/locale"
setup_desk
G=$(as clerk grievance add --citizen "सुनीता देवी" --mobile 9876543210 --category LAND --description "खसरा सुधार")
as admin grievance assign "$G" --department REV >/dev/null
as admin user lang hi >/dev/null
as rev.head user lang hi >/dev/null

start_hi() {
	stop_zila
	SESSIONS=$((SESSIONS + 1))
	SOCK="$T/tmux.$SESSIONS.sock"
	tm new-session -d -x 80 -y 24 \
		"env -u LANGUAGE -u XDG_CONFIG_HOME HOME='$T/home' TERM=vt100 ZILA_DB='$ZILA_DB' LANG=C.UTF-8 \
		 ZILA_NOW='$ZILA_NOW' ZILA_LOCALEDIR='$ZILA_LOCALEDIR' '$ZILA'; echo ZILA-EXITED-\$?; sleep 60"
}
login_hi() {
	wait_for "Log in to Zila Desk" 10 || true
	typed "$1"; keys Enter; typed password1; keys Enter
	expect_screen "$1 logs in, in Hindi" "ज़िला डेस्क | मुखपृष्ठ"
}

# a field of the form: "department: grievance ... is with REV already"
start_hi
login_hi rev.head
keys 3; expect_screen "the grievances" "शिकायतें |"
keys Enter; expect_screen "the grievance" "शिकायत DRG/G/07"
keys t; expect_screen "the transfer form" "किस विभाग को"
keys Enter; typed "REV"; keys Enter Tab; typed "गलत विभाग"
keys F2
expect_screen "the refusal names the field by its Hindi label" "किस विभाग को: शिकायत $G पहले से REV के पास है"
expect_no_screen "not by its key" "department:"
keys Escape; sleep 0.3; keys y; keys Q

# a key that is no field of the form: "visibility: an interim reply ..."
start_hi
login_hi admin
keys 3; expect_screen "the grievances" "शिकायतें |"
keys Enter; expect_screen "the grievance" "शिकायत DRG/G/07"
keys n; expect_screen "the note form" "अंतरिम उत्तर"
typed "स्थल निरीक्षण होगा"; keys Tab; typed y; keys Tab; typed y
keys F2
expect_screen "the refusal says the field's Hindi word" "दृश्यता: अंतरिम उत्तर आवेदक को जाता है"
expect_no_screen "not its key" "visibility:"
expect_eq "nothing was written" "$(q "select count(*) from grievance_event where kind in ('note', 'interim_reply')")" 0
keys Escape; sleep 0.3; keys y; keys Q
finish
