# tests/lib.sh: shared by the shell tests. Source it; it makes a temporary
# folder ($T) removed on exit, and gives small assertions.
# Environment from the Makefile: ZILA, ZILAD, srcdir, BUILDDIR.
set -eu
: "${ZILA:?run through make check, or set ZILA to the zila binary}"
T=$(mktemp -d /tmp/zila-sh.XXXXXX)
export ZILA_DB="$T/desk.db"
export ZILA_NEW_PASSWORD=password1 ZILA_PASSWORD=password1
export ZILA_NOW="${ZILA_NOW:-2026-11-20T06:00:00Z}"
FIXTURE="$srcdir/tests/fixture"
fails=0
passes=0
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$T"; }
trap cleanup EXIT

# sqlite3 waits for a lock instead of failing at once: the tests read
# databases that a running zilad (group commit, triage retraining) or a
# background sync may be writing at that moment ("database is locked")
sqlite3() { command sqlite3 -cmd '.timeout 10000' "$@"; }

# as LOGIN CMD...: run zila as a user
as() { u=$1; shift; ZILA_USER=$u "$ZILA" "$@"; }

ok() { passes=$((passes + 1)); echo "ok - $*"; }
not_ok() { fails=$((fails + 1)); echo "not ok - $*"; }

# expect_ok DESC CMD...: the command must exit 0
expect_ok() {
	d=$1; shift
	if out=$("$@" 2>&1); then ok "$d"; else not_ok "$d (exit $?): $out"; fi
}
# expect_exit CODE DESC CMD...: the command must exit CODE; its stderr is kept in $err
expect_exit() {
	code=$1 d=$2; shift 2
	set +e
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	set -e
	if [ "$rc" -eq "$code" ]; then ok "$d"; else not_ok "$d: exit $rc, wanted $code: $err"; fi
}
# expect_eq DESC GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', wanted '$3'"; fi
}
# expect_match DESC TEXT PATTERN (grep -E)
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then ok "$1"; else not_ok "$1: '$3' not in: $2"; fi
}
q() { sqlite3 "$ZILA_DB" "$@"; }

# A desk database as the Check fixture makes it: district DRG, desk 07,
# admin, the fixture masters, and clerk, collector, nodal, rev.officer,
# rev.head, pwd.officer (password "password1").
setup_desk() {
	"$ZILA" init --district DRG --name Durg --name-hi दुर्ग --desk 07 --admin admin >/dev/null
	as admin master import "$FIXTURE/masters.csv" >/dev/null
	as admin user add clerk --name "Ram Clerk" --role clerk >/dev/null
	as admin user add collector --name "Collector" --role collector >/dev/null
	as admin user add nodal --name "Nodal Officer" --role nodal >/dev/null
	as admin user add rev.officer --name "Revenue Officer" --role officer --department REV >/dev/null
	as admin user add rev.head --name "Revenue Head" --role head --department REV >/dev/null
	as admin user add pwd.officer --name "PWD Officer" --role officer --department PWD >/dev/null
	printf 'type,user,gp\nnodal,nodal,200101\nnodal,nodal,200102\n' > "$T/nodal.csv"
	as admin master import "$T/nodal.csv" >/dev/null
}

# Ends the test: prints the plain count line, exits non-zero on any failure.
finish() {
	echo "$passes passed, $fails failed"
	[ "$fails" -eq 0 ]
}
