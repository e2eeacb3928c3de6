#!/bin/sh
# The counter's day at 80x24 (issue 11): a citizen's earlier grievances
# found by mobile number (typed as people write it) and by name, from the
# list's '/' and from `zila search`; the rows are checked with sqlite3.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk
as clerk grievance add --citizen "Kamla Bai" --mobile "+91 98765 43210" --category LAND --gp 200101 \
	--description "Khasra entry wrong for plot 112" >/dev/null
as clerk grievance add --citizen "Kamla Bai" --mobile "098765-43210" --category WATER --gp 200101 \
	--description "Handpump broken near the school" >/dev/null
as clerk grievance add --citizen "Ravi Sahu" --mobile 7000000001 --category ROAD --gp 200102 \
	--description "Road to the school broken" >/dev/null
expect_eq "mobiles kept as 10 digits" "$(q "select group_concat(mobile, ' ') from (select mobile from grievance order by number)")" \
	"9876543210 9876543210 7000000001"

# --- zila search: a mobile in any form, or the name
expect_eq "zila search by mobile, +91 and spaces" \
	"$(as clerk search "+91 98765 43210" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2
expect_eq "zila search by mobile, leading 0 and a dash" \
	"$(as clerk search 098765-43210 --json | python3 -c 'import json,sys; print(sorted(r["who"] for r in json.load(sys.stdin)))')" \
	"['Kamla Bai', 'Kamla Bai']"
expect_match "grievance list --search by mobile" "$(as clerk grievance list --search 9876543210)" "Kamla Bai"
expect_eq "and only hers" "$(as clerk grievance list --search 9876543210 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" 2

# --- the list's '/'
start_zila 80 24 vt100
login clerk
keys 3
expect_screen "the grievances" "Ravi Sahu"
keys /
typed "+91 98765-43210"; keys Enter
expect_screen "her two grievances" "2 rows"
expect_no_screen "not Ravi's" "Ravi Sahu"
keys x /
typed "ravi"; keys Enter
expect_screen "by name" "1 row"
expect_screen "Ravi found" "Ravi Sahu"
keys Q
finish
