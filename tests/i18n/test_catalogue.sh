#!/bin/sh
# The Hindi catalogue is complete: msgfmt counts no untranslated or fuzzy
# message in po/hi.po, every msgid xgettext finds in the sources is
# translated there, every source file that marks strings is listed in
# po/POTFILES, and the compiled catalogue turns an English message into
# Hindi in a real zila (with LANG=C: no Hindi locale is needed).
. "$srcdir/tests/lib.sh"
for p in msgfmt xgettext msgcmp; do
	command -v $p >/dev/null 2>&1 || { echo "SKIP: $p is missing (Debian package gettext)"; exit 77; }
done
cd "$srcdir"

stats=$(LC_ALL=C msgfmt -c --statistics -o /dev/null po/hi.po 2>&1) || true
echo "# msgfmt --statistics: $stats"
expect_match "hi.po compiles and every message is translated" "$stats" '^[0-9]+ translated messages\.$'

# the files that mark strings for translation are all in POTFILES (zilad's
# src/server is left out on purpose: it speaks English to logs and desks)
missing=""
for f in $(grep -lE '(\b_|\bN_|\bNC_|zila_fail|CLI_COL)\(' include/zila/*.h src/core/*.c src/core/*.h src/cli/*.c src/cli/*.h \
		src/sync/*.c src/sync/*.h ui/*.c ui/*.h 2>/dev/null); do
	grep -qxF "$f" po/POTFILES || missing="$missing $f"
done
expect_eq "po/POTFILES lists every file that marks strings" "$missing" ""

xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=zila_fail:3 --keyword=NC_:1c,2 --keyword=zila_ngettext:1,2 --keyword=cli_usage:2 --keyword=CLI_COL:2 --no-wrap \
	-o "$T/zila.pot" -f po/POTFILES
n=$(grep -c '^msgid ' "$T/zila.pot")
if out=$(msgcmp po/hi.po "$T/zila.pot" 2>&1); then
	ok "all $((n - 1)) msgids of the sources are translated in hi.po"
else
	not_ok "msgids of the sources without Hindi (run make update-po):"
	printf '%s\n' "$out" | head -40 | sed 's/^/    | /'
fi

# the built catalogue answers in Hindi, with the locale C
"$ZILA" init --district DRG --name Durg --desk 07 --admin admin >/dev/null
set +e
err=$(env LC_ALL=C LANG=C LANGUAGE=hi ZILA_LOCALEDIR="$BUILDDIR/po/locale" ZILA_USER=nobody "$ZILA" letter show DRG/L/07/2026/99999 2>&1)
set -e
expect_match "a refusal comes in Hindi under LANG=C and LANGUAGE=hi" "$err" 'पत्र .* नहीं मिला'
set +e
err=$(env LC_ALL=C LANG=C ZILA_LOCALEDIR="$BUILDDIR/po/locale" ZILA_USER=nobody "$ZILA" letter show DRG/L/07/2026/99999 2>&1)
set -e
expect_match "and in English without it" "$err" "no letter 'DRG/L/07/2026/99999'"

[ "$fails" -eq 0 ]
