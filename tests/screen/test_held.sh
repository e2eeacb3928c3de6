#!/bin/sh
# Requests citizens filed without a category (issue 12), in the
# full-screen zila of the Collectorate: the held list (key H) shows each
# with the triage model's suggestion; Enter opens the citizen's text with
# the Category list, whose first item is the suggestion with its words;
# the clerk picks another category and F2 registers the grievance with it.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
"$ZILA" demo --records 400 >/dev/null
"$ZILA" triage train >/dev/null
# what the server's online channel holds for the Collectorate (request.hold)
ZILA_PASSWORD=demo-pass "$BUILDDIR/tests/e2e/act" "$ZILA_DB" clerk request.hold \
	'{"citizen_name":"Meena","mobile":"9876543210","description":"gaon me handpump kharab hai, paani nahi mil raha",
	"suggested":[{"category":"WATER","department":"PHE","score":0.8,"words":["handpump"]}]}' >/dev/null

start_zila 80 24 vt100
wait_for "Log in to Zila Desk" 10 || true
typed clerk; keys Enter
typed demo-pass; keys Enter
expect_screen "the clerk logs in" "Home"
keys H
expect_screen "the held requests" "Held requests"
expect_match "the request with its suggestion" "$(screen | grep -F 'Meena')" "Meena +WATER 80% +gaon me handpump"
keys Enter
expect_screen "the form to register it" "Register a request that came without a category"
expect_screen "with the citizen's text" "gaon me handpump kharab hai"
keys Tab
keys Enter
wait_for "WATER (suggested" || true
expect_match "the Category list offers the suggestion first, with why" "$(screen)" "WATER \(suggested [0-9]+%: handpump"
typed "ROAD"
wait_for "ROAD" || true
keys Enter
keys F2
expect_screen "registered, with its number" "Registered as grievance DRG/G/"
expect_eq "as the category the clerk chose" \
	"$(q "select c.code || ' ' || g.channel || ' ' || g.citizen_name from grievance g join category c on c.id = g.category_id
	join held_request h on h.grievance_id = g.id")" "ROAD web Meena"
expect_eq "no longer held" "$(q "select status from held_request")" registered
finish
