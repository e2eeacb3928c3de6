#!/bin/sh
# The command line in Hindi: a core refusal names its field and the
# record's state in Hindi words, not as raw keys ("citizen_name",
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
finish
