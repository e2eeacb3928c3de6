#!/bin/sh
# The Collector's summary of election staff on screen (key 0): per
# constituency the stations, women-managed, officials drawn, parties,
# complete, covered, reserve; an exemption shows as a party short of a
# member until the runs fill it; Tab goes to the next election; in Hindi
# the headings line up.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk
printf 'type,code,name_en,name_hi\ndepartment,ELECTION,Election cell,निर्वाचन शाखा\n' > "$T/dept.csv"
as admin master import "$T/dept.csv" >/dev/null
as admin user add elec --name "Election Officer" --role officer --department ELECTION >/dev/null
printf 'code,name_en,name_hi\nAC01,Durg Gramin,दुर्ग ग्रामीण\nAC02,Durg Shahar,दुर्ग शहर\n' > "$T/ac.csv"
awk 'BEGIN { print "code,constituency,name_en,women";
	for (a = 1; a <= 2; a++) for (s = 1; s <= 5; s++) printf "PS%d%02d,AC0%d,School %d-%d,%s\n", a, s, a, a, s, (s == 5 ? "yes" : "no") }' > "$T/stations.csv"
awk 'BEGIN { print "code,name_en,kind"; for (i = 1; i <= 12; i++) printf "OF%02d,Office %d,government\n", i, i }' > "$T/offices.csv"
awk 'BEGIN { print "employee_id,name,gender,office,pay_level,home_ac";
	for (i = 1; i <= 90; i++) printf "E%03d,Official %d,%s,OF%02d,%d,AC0%d\n", i, i, (i % 2 ? "M" : "F"), int(i / 2) % 12 + 1, int(i / 2) % 9 + 2, int(i / 4) % 2 + 1 }' > "$T/officials.csv"
for k in constituencies:ac stations:stations offices:offices officials:officials; do
	as elec election import ${k%%:*} "$T/${k##*:}.csv" >/dev/null
done
as elec election rules GE2026 --name "General Election 2026" --name-hi "आम चुनाव 2026" >/dev/null
as elec election rules BYE2027 --name "Bye-election 2027" >/dev/null
for s in 1 2 3; do as elec election randomise GE2026 $s >/dev/null; done

start_zila 80 24 vt100
login collector
keys 0
expect_screen "the summary" "Election staff: Bye-election 2027"
expect_screen "nothing drawn yet" "Election BYE2027: 0 of 10 stations covered"
keys Tab
expect_screen "Tab: the next election" "Election staff: General Election 2026"
expect_screen "covered, reserve" "Election GE2026: 10 of 10 stations covered, 4 parties in reserve (10% asked)."
expect_screen "the headings" "AC               Stations  Women   Drawn Parties Complete Covered Reserve"
expect_screen "a constituency" "AC01 Durg Gramin        5      1      28       7        7       5       2"
expect_screen "the totals" "Total                  10      2      56      14       14      10       4"
expect_screen "officials and runs" "Officials: 90, of whom 0 exempt. Randomisations run: 3."
stop_zila

# an exemption: one party short until the runs fill it
emp=$(q "select o.employee_id from el_posting m join el_official o on o.id = m.official_id where m.seat = 1 order by 1 limit 1")
as elec election exempt "$emp" --reason "On leave" >/dev/null
start_zila 80 24 vt100
login collector
keys 0 Tab
expect_screen "the exemption counted" "Officials: 90, of whom 1 exempt."
expect_screen "the empty seat said" "Some parties have an empty seat"
stop_zila
as elec election randomise GE2026 1 >/dev/null
as elec election randomise GE2026 2 >/dev/null
start_zila 80 24 vt100
login collector
keys 0 Tab
expect_screen "filled again" "Total                  10      2      56      14       14      10       4"
expect_no_screen "no empty seat" "Some parties have an empty seat"
# in Hindi
keys L
expect_screen "Hindi title" "निर्वाचन कर्मचारी: आम चुनाव 2026"
expect_screen "Hindi names of constituencies" "AC01 दुर्ग ग्रामीण"
stop_zila
finish
