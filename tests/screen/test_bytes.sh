#!/bin/sh
# Bytes to the terminal (DESIGN.md budgets) at 80x24, TERM=vt100: the first
# paint of a list (Ctrl-L: clear and paint everything) under 2.5 KB; moving
# the selection one row under 200 B, and under 64 B with --slow.
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
measure() {
	printf '%s' "$steps" | HOME="$T/home" python3 "$srcdir/tests/screen/ptybytes.py" 80 24 vt100 -- "$ZILA" "$@"
}
got=$(measure)
echo "$got" | sed 's/^/    normal: /'
bytes() { echo "$got" | awk -v n="$1" '$1 == n { print $2 }'; }
under() { [ -n "$2" ] && [ "$2" -gt 0 ] && [ "$2" -lt "$3" ] && ok "$1: $2 B (under $3)" || not_ok "$1: '$2' B, budget $3"; }
under "first paint of the list" "$(bytes repaint)" 2500
under "opening the list from home" "$(bytes list)" 2500
under "moving the selection one row" "$(bytes down)" 200
under "and another" "$(bytes down2)" 200
got=$(measure --slow)
echo "$got" | sed 's/^/    --slow: /'
under "--slow: first paint" "$(bytes repaint)" 2500
under "--slow: moving the selection one row" "$(bytes down)" 64
under "--slow: and another" "$(bytes down2)" 64
finish
