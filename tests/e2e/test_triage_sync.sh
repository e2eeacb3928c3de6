#!/bin/sh
# The desks' suggested-routing model refreshes by itself (issue 12): a
# sync that brings disposed grievances trains it again, at most once per
# ZILA_TRIAGE_EVERY seconds (a day by default), and only when they
# changed; nobody runs zila triage train. A real zilad over HTTPS.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad
expect_ok "the counter desk enrols" enrol clerk clerk
expect_ok "the Collector's desk enrols" enrol coll collector
number() { python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])'; }
# register_disposed CATEGORY TEXT: one grievance, registered and disposed on the counter desk
register_disposed() {
	n=$("$ACT" "$(desk clerk)" clerk grievance.register "{\"citizen_name\":\"Asha\",\"description\":\"$2\",\"category\":\"$1\"}" | number)
	"$ACT" "$(desk clerk)" collector grievance.dispose "{\"grievance\":\"$n\",\"reply\":\"done\"}" >/dev/null
}
for i in 1 2 3 4 5 6; do
	register_disposed LAND "नामांतरण खसरा भूमि रिकॉर्ड $i land record mutation"
	register_disposed ROAD "सड़क गड्ढे मरम्मत $i road pothole repair"
done
expect_exit 1 "before any sync the Collector's desk has no model" "$ZILA" --db "$(desk coll)" triage info
expect_ok "the counter desk syncs" dsync clerk
out=$("$ZILA" --db "$(desk coll)" sync)
expect_match "the Collector's desk syncs and says its model learned" "$out" "The triage model learned again, from 12 disposed grievances"
expect_match "from what that sync brought" "$out" "Received [1-9][0-9]* rows"
expect_ok "it has a model now" "$ZILA" --db "$(desk coll)" triage info
expect_match "which suggests" "$("$ZILA" --db "$(desk coll)" triage suggest "सड़क में गड्ढे pothole")" "ROAD"
trained=$(sqlite3 "$(desk coll)" "select trained_at from triage_model")

# nothing new within the day: no training
register_disposed LAND "नामांतरण लंबित land mutation 7"
dsync clerk
out=$("$ZILA" --db "$(desk coll)" sync)
expect_eq "a sync within the day does not train again" "$(sqlite3 "$(desk coll)" "select trained_at || ' ' || examples from triage_model")" "$trained 12"
case $out in *"learned again"*) not_ok "and does not say so: $out" ;; *) ok "and does not say so" ;; esac
# a day later it learns what came meanwhile
out=$(ZILA_NOW=2026-11-21T07:00:00Z "$ZILA" --db "$(desk coll)" sync)
expect_match "a day later the next sync learns the new disposal" "$out" "learned again, from 13 disposed grievances"
expect_eq "the model has it" "$(sqlite3 "$(desk coll)" "select examples from triage_model")" 13
# and not again the same day, even with a short interval, when nothing changed
out=$(ZILA_TRIAGE_EVERY=1 ZILA_NOW=2026-11-22T07:00:00Z "$ZILA" --db "$(desk coll)" sync)
case $out in *"learned again"*) not_ok "nothing disposed since: no training: $out" ;; *) ok "nothing disposed since: no training" ;; esac
# ZILA_TRIAGE_EVERY=-1: never
register_disposed ROAD "सड़क टूटी road broken 8"
dsync clerk
ZILA_TRIAGE_EVERY=-1 ZILA_NOW=2026-11-23T07:00:00Z "$ZILA" --db "$(desk coll)" sync >/dev/null
expect_eq "with refreshes turned off the model stays" "$(sqlite3 "$(desk coll)" "select examples from triage_model")" 13
expect_ok "the counter desk's own model was refreshed by its syncs too" "$ZILA" --db "$(desk clerk)" triage info
finish
