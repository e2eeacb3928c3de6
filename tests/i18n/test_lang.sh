#!/bin/sh
# Language per user: `zila user lang hi|en|auto` keeps it with the user
# (app_user.lang, through the user.lang action); the user's commands then
# speak it, whatever LANG says, and other users keep theirs.
. "$srcdir/tests/lib.sh"
export ZILA_LOCALEDIR="$BUILDDIR/po/locale"
export LANG=C LC_ALL= LANGUAGE=
setup_desk

expect_eq "a new user follows the locale" "$(q "SELECT lang FROM app_user WHERE login = 'clerk'")" ""
out=$(as clerk user lang hi)
expect_match "the clerk chooses Hindi, and is told so in Hindi" "$out" 'clerk की भाषा: हिंदी'
expect_eq "kept with the user" "$(q "SELECT lang FROM app_user WHERE login = 'clerk'")" "hi"
expect_exit 1 "the clerk's refusal" as clerk letter show DRG/L/07/2026/99999
expect_match "comes in Hindi under LANG=C" "$err" "पत्र 'DRG/L/07/2026/99999' नहीं मिला"
expect_exit 1 "another user's refusal" as rev.officer letter show DRG/L/07/2026/99999
expect_match "stays English" "$err" "no letter 'DRG/L/07/2026/99999'"
expect_exit 1 "the clerk may not choose for another user" as clerk user lang hi rev.officer
expect_eq "and rev.officer's language is unchanged" "$(q "SELECT lang FROM app_user WHERE login = 'rev.officer'")" ""
expect_exit 1 "a language zila does not speak is refused" as clerk user lang fr
expect_match "with a clear message" "$err" "'fr'"
expect_eq "and changes nothing" "$(q "SELECT lang FROM app_user WHERE login = 'clerk'")" "hi"
expect_ok "an admin sets another user's language" as admin user lang hi rev.officer
expect_eq "rev.officer now has Hindi" "$(q "SELECT lang FROM app_user WHERE login = 'rev.officer'")" "hi"
expect_ok "auto follows the locale again" as clerk user lang auto
expect_exit 1 "the clerk's refusal under LANG=C" as clerk letter show DRG/L/07/2026/99999
expect_match "is English again" "$err" "no letter"
expect_exit 1 "and under LANG=hi_IN.UTF-8 (not installed here)" env LANG=hi_IN.UTF-8 ZILA_USER=clerk "$ZILA" letter show DRG/L/07/2026/99999
expect_match "it is Hindi, and the fallback is said" "$err" "नहीं मिला"
expect_match "the fallback is said" "$err" "hi_IN.UTF-8"
expect_eq "the change is an audited action" "$(q "SELECT count(*) FROM audit_log WHERE action = 'user.lang'")" 3
expect_match "zila --help in Hindi under LANGUAGE=hi" "$(LANGUAGE=hi "$ZILA" --help)" "आवक पंजी: जोड़ें"
expect_match "and in English without" "$("$ZILA" --help)" "the inward register: add"
[ "$fails" -eq 0 ]
