#!/bin/sh
# zila triage at the command line: refused before a model exists and on a
# desk with too little history; trained on a small demo district, it
# suggests categories for new text with the words that led there, in text
# and JSON; bad arguments get a usage line and exit 2.
. "$srcdir/tests/lib.sh"
setup_desk

expect_exit 1 "suggest before any training" "$ZILA" triage suggest "handpump kharab"
expect_match "says how to make one" "$err" "no triage model yet: .zila triage train. makes one"
expect_exit 1 "train on a desk with nothing disposed" "$ZILA" triage train
expect_match "says why" "$err" "too few disposed grievances to learn from: 0"
expect_eq "and stores nothing" "$(q "select count(*) from triage_model")" 0

D="$T/demo.db"
"$ZILA" demo --records 400 --db "$D" >/dev/null 2>&1
out=$("$ZILA" triage train --db "$D")
expect_match "train says from how much" "$out" "^trained 2026-11-20T06:00:00Z from [0-9]+ disposed grievances"
n=$(sqlite3 "$D" "select count(*) from grievance where status in ('disposed','closed') and duplicate_of is null")
expect_eq "info --json: every disposed grievance learned from" \
	"$("$ZILA" triage info --db "$D" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["examples"])')" "$n"

out=$("$ZILA" triage suggest --db "$D" "gaon ka handpump kharab hai, paani nahi")
expect_match "Hinglish in Latin letters: drinking water first" "$(echo "$out" | head -1)" "^1\. WATER +Drinking water \(पेयजल\), Public Health Engineering +[0-9]+%$"
expect_match "because of the handpump" "$(echo "$out" | sed -n 2p)" "because of: handpump"
expect_eq "three suggestions" "$(echo "$out" | grep -c '^[123]\. ')" 3
out=$("$ZILA" triage suggest --db "$D" --subject "पेंशन" "तीन महीने से वृद्धावस्था पेंशन नहीं मिली")
expect_match "Hindi: pension first" "$(echo "$out" | head -1)" "^1\. PENSION "
json=$("$ZILA" triage suggest --db "$D" --json "transformer jal gaya, bijli nahi")
expect_eq "JSON: three, power first, with reasons and scores" "$(echo "$json" | python3 -c '
import json, sys
s = json.load(sys.stdin)["suggestions"]
print(len(s), s[0]["category"], s[0]["department"], "transformer" in [r["word"].lower() for r in s[0]["reasons"]],
      s[0]["score"] >= s[1]["score"] >= s[2]["score"], round(sum(x["score"] for x in s), 2) <= 1)')" "3 POWER ELEC True True True"
expect_eq "digits only: no suggestion" "$("$ZILA" triage suggest --db "$D" "12345 67")" \
	"No suggestion: the text has no word the model has learned."
expect_eq "JSON: an empty list" "$("$ZILA" triage suggest --db "$D" --json "12345" | tr -d ' \n')" '{"suggestions":[]}'

"$ZILA" triage train --db "$D" >/dev/null
expect_eq "training again replaces the model" "$(sqlite3 "$D" "select count(*) from triage_model")" 1
expect_exit 2 "suggest with no text" "$ZILA" triage suggest --db "$D" "  "
expect_exit 2 "a bad --max" "$ZILA" triage train --db "$D" --max 5
expect_exit 2 "an unknown triage command" "$ZILA" triage forget
expect_exit 2 "triage alone" "$ZILA" triage
expect_match "--help names the commands" "$("$ZILA" triage --help)" "zila triage suggest \[--subject TEXT\] TEXT"
# (zila check itself may find other things in a demo; of the model it says nothing)
chk=$("$ZILA" check --db "$D" 2>&1 || true)
case "$chk" in
*triage*) not_ok "zila check has nothing to say of the model: $chk" ;;
*) ok "zila check has nothing to say of the model" ;;
esac

# the server: zilad triage train and info on its own database
S="$T/server.db"
"$ZILAD" init --db "$S" --district DRG --name Durg >/dev/null
expect_exit 1 "zilad triage train with nothing disposed" "$ZILAD" triage train --db "$S"
expect_match "says why" "$err" "^zilad: too few disposed grievances to learn from: 0"
expect_exit 1 "zilad triage info before any" "$ZILAD" triage info --db "$S"
expect_exit 2 "zilad triage with no command" "$ZILAD" triage --db "$S"
finish
