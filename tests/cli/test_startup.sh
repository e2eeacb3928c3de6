#!/bin/sh
# What every zila command pays before main(): libcurl (sync) and
# pango-cairo (the election's PDF) are opened with dlopen when first used,
# not linked: with them and the 60 libraries they bring, the loader took
# 20-40 ms of each command, a list or a search too. Sync and the PDF still
# find them (tests/e2e/test_sync.sh, tests/cli/test_election.sh).
. "$srcdir/tests/lib.sh"
command -v ldd >/dev/null 2>&1 || { echo "SKIP: ldd is missing"; exit 77; }
libs=$(ldd "$ZILA")
n=$(printf '%s\n' "$libs" | grep -c '=>' || true)
echo "# zila loads $n libraries at start"
case $libs in
*libcurl*) not_ok "zila is linked with libcurl: $(printf '%s\n' "$libs" | grep libcurl)" ;;
*) ok "zila is not linked with libcurl (opened when a desk first syncs)" ;;
esac
case $libs in
*libpango* | *libcairo*) not_ok "zila is linked with pango or cairo" ;;
*) ok "zila is not linked with pango or cairo (opened when orders are typeset)" ;;
esac
[ "$n" -le 20 ] && ok "zila loads at most 20 libraries at start ($n)" || not_ok "zila loads $n libraries at start"
finish
