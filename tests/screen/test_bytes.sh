#!/bin/sh
# Bytes to the terminal (DESIGN.md budgets) at 80x24, TERM=vt100 and
# xterm-256color, in English and in Hindi (the clerk's language, set with
# zila user lang): the first paint of a list (Ctrl-L: clear and paint
# everything) under 2.5 KB; moving the selection one row under 200 B, and
# under 64 B with --slow.
. "$srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 is needed to run zila in a pty"; exit 77; }
setup_desk
# 300 grievances, names in Hindi and English, written straight into the
# fixture database (the screens only read them)
q "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO grievance(id, created_at, updated_at, number, citizen_name, category_id, department_id, description,
	registered_on, due_date, created_by, gp_id, status)
SELECT printf('00000000-0000-7000-8000-%012d', i), '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z',
	printf('DRG/G/07/2026/%06d', i),
	CASE i % 3 WHEN 0 THEN 'सुनीता देवी' WHEN 1 THEN 'Ramesh Kumar Sahu' ELSE 'गीता बाई' END,
	c.id, c.department_id, 'पानी की समस्या ' || i, date('2026-10-01', '+' || (i % 50) || ' days'),
	date('2026-10-08', '+' || (i % 50) || ' days'), u.id, (SELECT id FROM gram_panchayat WHERE lgd_code = '200101'),
	'registered'
FROM n, (SELECT id, department_id FROM category WHERE code = 'WATER') c, (SELECT id FROM app_user WHERE login = 'clerk') u"

steps='login	clerk\rpassword1\r	3
list	3
repaint	\x0c
down	j
down2	j
'
# measure TERM [ARGS]: the bytes of each step
measure() {
	t=$1; shift
	printf '%s' "$steps" | HOME="$T/home" LANG=C.UTF-8 ZILA_LOCALEDIR="$BUILDDIR/po/locale" \
		PTYBYTES_DUMP="$T/paint.$lang.$t" python3 "$srcdir/tests/screen/ptybytes.py" 80 24 "$t" -- "$ZILA" "$@"
}
bytes() { echo "$got" | awk -v n="$1" '$1 == n { print $2 }'; }
under() { [ -n "$2" ] && [ "$2" -gt 0 ] && [ "$2" -lt "$3" ] && ok "$1: $2 B (under $3)" || not_ok "$1: '$2' B, budget $3"; }
for lang in en hi; do
	as clerk user lang "$lang" >/dev/null
	for term in vt100 xterm-256color; do
		got=$(measure "$term")
		echo "$got" | sed "s/^/    $lang $term: /"
		# Both languages hold DESIGN.md's 2,500 B. Hindi costs three
		# bytes a letter, and curses jumps any blank run of 8 columns or
		# more in mid-line with an absolute move (7-8 B, Devanagari or
		# not): so the grievance list ends its rows with the status, a
		# short Hindi status leaving no gap to jump.
		budget=2500
		under "$lang $term: first paint of the list" "$(bytes repaint)" $budget
		under "$lang $term: opening the list from home" "$(bytes list)" $budget
		under "$lang $term: moving the selection one row" "$(bytes down)" 200
		under "$lang $term: and another" "$(bytes down2)" 200
		# the screen measured speaks the language asked for
		if [ "$lang" = hi ]; then word=शिकायतें; else word=Grievances; fi
		if grep -q "$word" "$T/paint.$lang.$term.repaint"; then ok "$lang $term: the paint says $word"
		else not_ok "$lang $term: the paint lacks $word"; fi
	done
	got=$(measure vt100 --slow)
	echo "$got" | sed "s/^/    $lang vt100 --slow: /"
	under "$lang --slow: first paint" "$(bytes repaint)" $budget
	under "$lang --slow: moving the selection one row" "$(bytes down)" 64
	under "$lang --slow: and another" "$(bytes down2)" 64
done
finish
