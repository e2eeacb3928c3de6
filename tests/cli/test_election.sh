#!/bin/sh
# Election staff at the command line: the election cell imports its
# masters (a bad line refuses the whole file, naming the line), sets the
# rules, runs the three randomisations with seeds, verifies them, exempts
# an official and fills only his hole, still verifies every run after
# exemptions and changed masters (each on the inputs it kept) and catches
# an edited result row or edited kept inputs, is refused with the rule and the
# shortfall named, and prints orders as text (English, Hindi), JSON, CSV
# and PDF (pdftotext reads the Hindi back).
. "$srcdir/tests/lib.sh"

refused() {
	d=$1 p=$2; shift 2
	expect_exit 1 "$d" "$@"
	expect_match "$d: says why" "$err" "$p"
	expect_eq "$d: in one line" "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 1
}

setup_desk
printf 'type,code,name_en,name_hi\ndepartment,ELECTION,Election cell,निर्वाचन शाखा\n' > "$T/dept.csv"
as admin master import "$T/dept.csv" >/dev/null
as admin user add elec --name "Election Officer" --role officer --department ELECTION >/dev/null

# 3 constituencies of 10 stations (every 5th women-managed), 20 offices,
# 210 officials: every 3rd a woman, pay levels in turn, homes spread
printf 'code,name_en,name_hi\n' > "$T/ac.csv"
for a in 1 2 3; do printf 'AC0%d,Constituency %d,विधानसभा %d\n' $a $a $a >> "$T/ac.csv"; done
awk 'BEGIN { print "code,constituency,name_en,name_hi,women,model";
	for (a = 1; a <= 3; a++) for (s = 1; s <= 10; s++)
		printf "PS%d%02d,AC0%d,School %d-%d,शाला %d-%d,%s,%d\n", a, s, a, a, s, a, s, (s % 5 ? "no" : "yes"), (s == 1) }' > "$T/stations.csv"
awk 'BEGIN { print "code,name_en,name_hi,kind";
	for (i = 1; i <= 20; i++) printf "OF%02d,Office %d,कार्यालय %d,%s\n", i, i, i, (i % 7 ? "government" : "bank") }' > "$T/offices.csv"
awk 'BEGIN { print "employee_id,name,gender,office,designation,pay_level,home_ac,posting_ac,mobile";
	for (i = 1; i <= 210; i++)
		printf "E%04d,Official %d,%s,OF%02d,Teacher,%d,AC0%d,AC0%d,98%08d\n", i, i, (i % 3 ? "M" : "F"), i % 20 + 1,
			int(i / 3) % 9 + 2, int(i / 3) % 3 + 1, int(i / 7) % 3 + 1, i }' > "$T/officials.csv"

# a line that names an office there is not: nothing of the file is kept
refused "import before the offices" "officials.csv: line 2: there is no office 'OF02'" \
	as elec election import officials "$T/officials.csv"
expect_eq "nothing imported" "$(q "select count(*) from el_official")" 0
refused "another department's officer" "only the election cell, the Collector or the admin" \
	as rev.officer election import constituencies "$T/ac.csv"
expect_eq "no constituency" "$(q "select count(*) from el_constituency")" 0
for k in constituencies:ac stations:stations offices:offices officials:officials; do
	expect_match "import ${k%%:*}" "$(as elec election import ${k%%:*} "$T/${k##*:}.csv")" "^Imported [0-9]+ rows of ${k%%:*}"
done
expect_eq "all the rows" "$(q "select (select count(*) from el_constituency) || ' ' || (select count(*) from el_station)
	|| ' ' || (select sum(women) from el_station) || ' ' || (select count(*) from el_office) || ' ' || (select count(*) from el_official)")" \
	"3 30 6 20 210"
printf 'code,constituency,name_en,women\nPS999,AC01,X,no\nPS998,AC09,Y,no\n' > "$T/bad.csv"
refused "a station of an unknown constituency" "bad.csv: line 3: there is no constituency 'AC09'" \
	as elec election import stations "$T/bad.csv"
expect_eq "no PS999" "$(q "select count(*) from el_station where code = 'PS999'")" 0

expect_ok "rules" as elec election rules GE2026 --name "General Election 2026" --name-hi "आम चुनाव 2026"
expect_match "randomise 1" "$(as elec election randomise GE2026 1 --seed 00000000000000a1)" \
	"^Randomisation 1 \(stage 1\) filled 144 places with seed 00000000000000a1"
expect_match "randomise 2" "$(as elec election randomise GE2026 2 --seed 00000000000000a2)" "filled 144 places"
expect_match "randomise 3" "$(as elec election randomise GE2026 3 --seed 00000000000000a3)" "filled 30 places"
sum=$(as collector election summary GE2026)
expect_match "summary per constituency" "$sum" "AC01 +10 +2 +48 +12 +12 +10 +2"
expect_match "summary totals" "$sum" "Total: 30 stations covered of 30, 36 parties \(36 complete, 6 in reserve, 10% asked\), 210 officials, 0 exempt."
expect_eq "summary --json" "$(as collector election summary GE2026 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["covered"])')" 30
expect_eq "parties --csv" "$(as elec election list parties --election GE2026 --csv --no-bom | head -1 | tr -d '\r')" "constituency,number,women,station,members"
# a table has a heading on every column, in the reader's language
expect_match "parties: headed" "$(as elec election list parties --election GE2026 | head -1)" '^AC +Party +Women +Station +Members$'
hi_el() { LANGUAGE=hi ZILA_LOCALEDIR="$BUILDDIR/po/locale" as "$@" 2>/dev/null; }
expect_match "in Hindi" "$(hi_el elec election list parties --election GE2026 | head -1)" '^विधानसभा +दल +महिला +मतदान केंद्र +सदस्य$'
expect_match "officials in Hindi" "$(hi_el elec election list officials | head -1)" '^कर्मचारी कोड +नाम +लिंग +कार्यालय +पदनाम +वेतन स्तर'
expect_match "the summary's in Hindi" "$(hi_el collector election summary GE2026 | head -1)" '^विधानसभा +केंद्र +महिला +चयनित +दल +पूर्ण +आच्छादित +रिज़र्व$'
expect_eq "CSV keeps the keys in Hindi too" "$(hi_el elec election list parties --election GE2026 --csv --no-bom | head -1 | tr -d '\r')" \
	"constituency,number,women,station,members"
expect_eq "postings --json" "$(as elec election list postings --election GE2026 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 144
for n in 1 2 3; do
	expect_match "verify $n" "$(as elec election verify $n)" "^Verified: the same seed"
done
expect_eq "the audit log keeps the seeds" "$(q "select group_concat(json_extract(args, '$.seed'), ' ') from audit_log
	where action = 'election.randomise'")" "00000000000000a1 00000000000000a2 00000000000000a3"

# an exempted presiding officer: only his seat is drawn again
emp=$(q "select o.employee_id from el_posting m join el_official o on o.id = m.official_id where m.seat = 0 order by 1 limit 1")
party=$(q "select p.number || '/' || c.code from el_posting m join el_party p on p.id = m.party_id
	join el_constituency c on c.id = p.constituency_id join el_official o on o.id = m.official_id where o.employee_id = '$emp'")
before=$(q "select group_concat(o.employee_id || m.seat || coalesce(p.station_id, ''), ',') from el_posting m
	join el_official o on o.id = m.official_id join el_party p on p.id = m.party_id where o.employee_id <> '$emp' order by 1")
expect_ok "exempt" as elec election exempt "$emp" --reason "Medical leave"
expect_match "summary counts the exemption" "$(as elec election summary GE2026)" "143 complete|35 complete"
expect_match "fill: stage 1" "$(as elec election randomise GE2026 1 --seed 00000000000000f1)" "filled 1 places"
expect_match "fill: stage 2" "$(as elec election randomise GE2026 2 --seed 00000000000000f2)" "filled 1 places"
expect_match "fill: stage 3" "$(as elec election randomise GE2026 3 --seed 00000000000000f3)" "filled 0 places"
after=$(q "select group_concat(o.employee_id || m.seat || coalesce(p.station_id, ''), ',') from el_posting m
	join el_official o on o.id = m.official_id join el_party p on p.id = m.party_id where o.employee_id <> '$emp'
	and m.party_run_seq < 4 order by 1")
expect_eq "everyone else where they were" "$after" "$before"
expect_eq "the hole filled in the same party" "$(q "select count(*) from el_posting m join el_party p on p.id = m.party_id
	join el_constituency c on c.id = p.constituency_id where p.number || '/' || c.code = '$party' and m.seat = 0")" 1

# the masters change as the process goes on: an official's pay level and
# office, a new official, a station no longer women-managed, the reserve
printf 'employee_id,name,gender,office,pay_level,home_ac\nE0001,Official 1,M,OF05,9,AC01\nE0211,Official 211,F,OF03,7,AC02\n' \
	> "$T/more.csv"
expect_ok "officials changed and added" as elec election import officials "$T/more.csv"
printf 'code,constituency,name_en,women\nPS110,AC01,School 1-10,no\n' > "$T/ps.csv"
expect_ok "a station changed" as elec election import stations "$T/ps.csv"
expect_ok "the reserve changed" as elec election rules GE2026 --name "General Election 2026" --reserve 12
expect_ok "exempt another" as elec election exempt E0002 --reason "Transferred"
expect_match "refill: stage 1" "$(as elec election randomise GE2026 1 --seed 00000000000000b1)" "^Randomisation 7 "
# every run verifies on the inputs it read, and finds the rows it wrote
# (those of the exempted among them)
for n in 1 2 3 4 5 6 7; do
	expect_match "verify $n after exemptions and changed masters" "$(as elec election verify $n)" "^Verified: the same seed"
done
expect_eq "verify --json says the inputs were kept" "$(as elec election verify 1 --json | python3 -c 'import json,sys
r = json.load(sys.stdin); print(r["inputs_kept"], r["same"], r["inputs_hash"] == r["inputs_now"])')" "True True True"

# a result row edited by hand after the run: verify says so
row=$(q "select id || '|' || constituency_id from el_posting where run_seq = 1 order by id limit 1")
q "update el_posting set constituency_id = (select id from el_constituency where id <> '${row#*|}' limit 1) where id = '${row%%|*}'"
expect_exit 1 "verify of a run whose stored row was edited" as elec election verify 1
expect_match "says the stored rows differ" "$(as elec election verify 1 || true)" "Not verified: the re-run or the stored rows differ"
q "update el_posting set constituency_id = '${row#*|}' where id = '${row%%|*}'"
expect_match "as it was: verified again" "$(as elec election verify 1)" "^Verified"
# ... and a released one (the exempted official's place in run 2)
q "update el_posting_released set seat = 3 - seat where party_run_seq = 2"
expect_match "an edited released row is caught" "$(as elec election verify 2 || true)" "Not verified: the re-run or the stored rows differ"
q "update el_posting_released set seat = 3 - seat where party_run_seq = 2"

# the kept inputs edited by hand (an official's pay level in them, packed
# again): their hash is not the recorded one, and verify says so
kept() {
	python3 - "$ZILA_DB" "$1" "$2" <<'PY'
import base64, sqlite3, sys, zlib
db, seq, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = sqlite3.connect(db)
iid, n, data = c.execute("select i.id, i.bytes, i.data from el_run_input i join el_run r on r.id = i.run_id"
	" where r.seq = ?", (seq,)).fetchone()
if how == "save":
	open(db + ".kept", "w").write("%d %s" % (n, data))
	sys.exit(0)
if how == "restore":
	n, data = open(db + ".kept").read().split(" ")
	c.execute("update el_run_input set bytes = ? where id = ?", (int(n), iid))
elif how == "garble":
	data = data[:40] + ("A" if data[40] != "A" else "B") + data[41:]
else:
	lines = zlib.decompress(base64.b64decode(data)).decode().split("\n")
	i = next(i for i, l in enumerate(lines) if l.startswith("O "))
	f = lines[i].split(" ")
	f[4] = str(int(f[4]) % 18 + 1)
	lines[i] = " ".join(f)
	text = "\n".join(lines).encode()
	data = base64.b64encode(zlib.compress(text)).decode()
	c.execute("update el_run_input set bytes = ? where id = ?", (len(text), iid))
c.execute("update el_run_input set data = ? where id = ?", (data, iid))
c.commit()
PY
}
kept 2 save
kept 2 edit
expect_exit 1 "verify of a run whose kept inputs were edited" as elec election verify 2
expect_match "says the kept inputs were altered" "$(as elec election verify 2 || true)" "Not verified: the inputs kept with this randomisation were altered"
kept 2 garble
expect_match "kept inputs that no longer unpack" "$(as elec election verify 2 || true)" "Not verified: the inputs kept with this randomisation were altered"
kept 2 restore
expect_match "restored: verified again" "$(as elec election verify 2)" "^Verified"

# infeasible rules: the rule and the shortfall, and nothing written (5
# women-managed stations now, PS110 no longer)
as elec election rules BYE --name "Bye-election" --po-min-level 11 >/dev/null
runs=$(q "select count(*) from el_run")
refused "no one may preside" "women-managed stations need 8 women presiding officers \(pay level 11 or above\); 0 are available" \
	as elec election randomise BYE 1
as elec election rules BYE --name "Bye-election" --po-min-level 11 --no-women-parties >/dev/null
refused "presiding pay level" "presiding officers must be at pay level 11 or above: 33 are needed, 0 are available" \
	as elec election randomise BYE 1
expect_eq "nothing written" "$(q "select count(*) from el_run")" "$runs"
refused "a bad seed" "seed must be 16 hexadecimal digits" as elec election randomise GE2026 1 --seed xyz
expect_exit 2 "a stage that is not one" as elec election randomise GE2026 4

# orders: English, Hindi, PDF
out=$(as elec election orders GE2026 appointment --ref E0003)
expect_match "appointment order" "$out" "^Official 3 \(employee E0003\), Teacher, Office 4, is appointed (Presiding|Polling) Officer"
out=$(as elec election orders GE2026 appointment --ref E0003 --lang hi)
expect_match "in Hindi" "$out" "कार्यालय जिला निर्वाचन अधिकारी"
expect_match "Hindi names" "$out" "आम चुनाव 2026"
out=$(as elec election orders GE2026 parties --ref AC02)
expect_eq "party list: 12 parties" "$(printf '%s\n' "$out" | grep -c '^Party ')" 12
expect_eq "party list: 48 members" "$(printf '%s\n' "$out" | grep -c '^\(Presiding\|Polling\) Officer')" 48
refused "orders of nobody" "official E9999 is in no party of this election" as elec election orders GE2026 appointment --ref E9999
if command -v pdftotext >/dev/null 2>&1; then
	out=$(as elec election orders GE2026 parties --lang hi --pdf "$T/parties.pdf")
	expect_match "PDF written" "$out" "^[0-9]+ पृष्ठ .*parties.pdf में लिखे गए।$"
	expect_eq "a PDF" "$(head -c 5 "$T/parties.pdf")" "%PDF-"
	expect_eq "its pages as said" "$(pdfinfo "$T/parties.pdf" | awk '/^Pages:/ { print $2 }')" "${out%% *}"
	txt=$(pdftotext "$T/parties.pdf" -)
	expect_match "the PDF holds the Hindi title" "$txt" "आम चुनाव 2026"
	expect_match "the PDF holds the parties" "$txt" "दल 1: मतदान केंद्र PS1"
	expect_match "the PDF holds the names" "$txt" "Official [0-9]+ \(E[0-9]{4}\)"
	as elec election orders GE2026 appointment --ref "$emp" --pdf "$T/none.pdf" >/dev/null 2>&1 || true
	expect_eq "no PDF for an exempted official" "$(test -e "$T/none.pdf" && echo yes || echo no)" no
else
	not_ok "pdftotext is missing (Debian package poppler-utils, which ./run installs)"
fi
refused "a PDF where it cannot be written" "cannot write the PDF file" \
	as elec election orders GE2026 parties --pdf "$T/no/such/dir/x.pdf"
finish
