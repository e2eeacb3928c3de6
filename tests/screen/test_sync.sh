#!/bin/sh
# Sync inside the full-screen zila, against a real zilad over HTTPS with a
# test CA: F5 starts a sync and the clerk goes on typing in a form while
# it runs (through a slow relay, so it takes a moment); F6 cancels one;
# the status bar shows the last sync, what waits and the problems; a
# rejection (a grievance another desk disposed of first) is resolved on
# the sync screen; rows a pull brings appear in the open list. The
# databases are checked with sqlite3 after each step.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
. "$srcdir/tests/screen/lib.sh"
trap 'stop_zila; stop_zilad; [ -z "${RPID:-}" ] || kill "$RPID" 2>/dev/null; cleanup' EXIT
unset ZILA_DB
make_certs
setup_server
start_zilad
enrol clerk clerk
enrol head rev.head
enrol rev rev.officer

# a relay at 3 KB/s between the clerk's desk and the server
python3 "$srcdir/tests/screen/slowrelay.py" "$PORT" 3000 > "$T/relay.out" &
RPID=$!
for _ in $(seq 50); do grep -q port "$T/relay.out" && break; sleep 0.1; done
RPORT=$(sed -n 's/^port //p' "$T/relay.out")
sqlite3 "$(desk clerk)" "UPDATE meta SET value = 'https://localhost:$RPORT' WHERE key = 'sync_url'"

# many actions waiting on the clerk's desk
reg() { "$ACT" "$(desk "$1")" "$2" grievance.register "{\"citizen_name\":\"$3\",\"description\":\"d\",\"category\":\"LAND\"}" >/dev/null; }
i=0
while [ $i -lt 150 ]; do reg clerk clerk "Citizen $i"; i=$((i + 1)); done
pending() { sqlite3 -cmd '.timeout 5000' "$(desk "$1")" "SELECT count(*) FROM outbox WHERE state = 'pending'"; }
expect_eq "150 actions wait on the clerk's desk" "$(pending clerk)" 150

mkdir -p "$T/home/.config/zila"
printf 'sync_minutes = 0\n' > "$T/home/.config/zila/zila.conf"
ZILA_DB=$(desk clerk)
start_zila 80 24 vt100
login clerk
expect_screen "the status bar: synced at enrolment, 150 waiting" "sync: 11:30, 150 waiting"
keys C-r
expect_screen "Ctrl-R starts a sync" "Sync started."
expect_screen "the status bar says it runs" "sync: running"
keys 3
expect_screen "the grievance list opens while it runs" "Grievances | "
keys n
expect_screen "and the counter's form" "New grievance at the counter"
typed "Sunita Devi"; keys Tab
typed 9876543210; keys Tab
typed Bori; keys Enter Tab
typed LAND; keys Enter Tab
typed "typed while the sync ran"
expect_screen "what is typed shows at once" "typed while the sync ran" 2
t0=$(pending clerk)
expect_match "the sync was still running while the clerk typed" "$(sqlite3 -cmd '.timeout 5000' "$SRV" "SELECT count(*) FROM grievance")/$t0" "^[0-9]+/[1-9]"
keys F2
expect_screen "the grievance is saved" "Read this number out to the citizen" 10
expect_screen "the sync ends by itself, and says so" "Sync done:" 60
expect_screen "the status bar shows the time of the last sync" "sync: 11:30" 2
expect_eq "the server has the 150 grievances and the new one" \
	"$(sqlite3 "$SRV" "SELECT count(*) FROM grievance")" 151
expect_eq "nothing waits" "$(pending clerk)" 0
expect_eq "the desk noted when it last synced" \
	"$(sqlite3 "$(desk clerk)" "SELECT value FROM meta WHERE key = 'sync_last_ok'")" "2026-11-20T06:00:00Z"

# --- a sync cancelled half-way -----------------------------------------
keys q
expect_screen "back in the list" "Grievances | "
i=0
while [ $i -lt 100 ]; do reg clerk clerk "Later $i"; i=$((i + 1)); done
keys C-r
expect_screen "another sync starts" "Sync started."
sleep 1
keys C-g
expect_screen "Ctrl-G cancels it" "Cancelling the sync."
expect_screen "it stops, keeping what arrived" "Sync cancelled." 20
expect_screen "the status bar says so, and what still waits" "sync: cancelled (last 11:30), " 2
left=$(pending clerk)
expect_match "actions still wait after the cancel" "$left" "^[1-9][0-9]*$"
expect_match "the server got only some of them" "$(sqlite3 "$SRV" "SELECT count(*) < 251 FROM grievance")" "^1$"
keys Q
expect_screen "zila ends while nothing runs" "ZILA-EXITED-0"
expect_ok "a sync from the command line sends the rest" dsync clerk --server "$URL"
expect_eq "every grievance is on the server once" "$(sqlite3 "$SRV" "SELECT count(*), count(DISTINCT number) FROM grievance")" "251|251"

# --- a problem resolved on the sync screen; a pull shows in the open list -
g1=$(sqlite3 "$SRV" "SELECT number FROM grievance ORDER BY number LIMIT 1")
expect_ok "the Revenue desk syncs" dsync rev
expect_ok "the Revenue head's desk syncs" dsync head
expect_ok "the officer disposes of the first grievance" "$ACT" "$(desk rev)" rev.officer grievance.dispose "{\"grievance\":\"$g1\",\"reply\":\"done by officer\"}"
expect_ok "and syncs first" dsync rev
expect_ok "the head, offline, disposes of it too" "$ACT" "$(desk head)" rev.head grievance.dispose "{\"grievance\":\"$g1\",\"reply\":\"done by head\"}"
reg clerk clerk "Zoya Late"
expect_ok "a new grievance reaches the server" dsync clerk --server "$URL"
before=$(sqlite3 "$(desk head)" "SELECT count(*) FROM grievance WHERE status <> 'closed'")
ZILA_DB=$(desk head)
start_zila 80 24 vt100
login rev.head
expect_screen "the head's status bar: one action waits" "sync: 11:30, 1 waiting"
keys 3
expect_screen "the grievance list" "Grievances | "
rows_before=$(screen | sed -n '1s/.* \([0-9,]*\) rows.*/\1/p')
keys C-r
expect_screen "the sync reports the rejection" "Sync done: 1 rejected (press 8)." 30
expect_screen "the status bar counts the problem" "sync: 11:30, 1 problem" 2
rows_after=$(screen | sed -n '1s/.* \([0-9,]*\) rows.*/\1/p')
expect_eq "the open list shows the pulled grievance without a restart" "$(($(echo "$rows_before" | tr -d ,) + 1))" "$(echo "$rows_after" | tr -d ,)"
keys 8
expect_screen "the sync screen" "Sync with the district server"
expect_screen "shows how the last sync went" "The last sync finished."
expect_screen "with a bar" "] 100%  1 sent, 1 rejected"
expect_screen "lists the problem" "grievance.dispose"
expect_screen "with the server's reason" "is disposed"
expect_screen "and the server's record" "The server's record now:"
expect_screen "as the officer left it" "done by officer"
keys r
expect_screen "re-apply asks first" "Re-apply action"
keys y
expect_screen "and is refused here too, saying why" "disposed"
expect_eq "so it stays a problem" "$(sqlite3 -cmd '.timeout 5000' "$(desk head)" "SELECT state FROM outbox WHERE action = 'grievance.dispose'")" rejected
keys d
expect_screen "discard asks first" "Discard action"
keys y
expect_screen "discarded" "was discarded."
expect_screen "the list is empty" "None: every action was accepted."
expect_eq "discarded in the database" "$(sqlite3 -cmd '.timeout 5000' "$(desk head)" "SELECT state FROM outbox WHERE action = 'grievance.dispose'")" discarded
expect_screen "the status bar has no problem left" "sync: 11:30 " 2
expect_eq "the head's desk holds the officer's reply" "$(sqlite3 -cmd '.timeout 5000' "$(desk head)" "SELECT final_reply FROM grievance WHERE number = '$g1'")" "done by officer"
keys Q
expect_screen "zila ends" "ZILA-EXITED-0"

# --- a timed sync, and an attachment fetched when it is opened ----------
# a desk in a folder of its own, so its blob store starts empty
mkdir -p "$T/far"
expect_ok "a far Revenue desk enrols" env ZILA_USER=rev.officer "$ZILA" --db "$T/far/rev.db" enrol "$URL" --ca "$T/ca.pem" --quiet
head -c 300000 /dev/urandom > "$T/photo.jpg"
expect_ok "the clerk registers a grievance with a photo" env ZILA_USER=clerk ZILA_DB="$(desk clerk)" "$ZILA" grievance add \
	--citizen "Photo Case" --category LAND --description "with a photo" --attach "$T/photo.jpg"
expect_ok "and syncs it, photo and all" dsync clerk --server "$URL"
printf 'sync_minutes = 0.05\n' > "$T/home/.config/zila/zila.conf"
ZILA_DB="$T/far/rev.db"
start_zila 80 24 vt100
login rev.officer
expect_screen "a timed sync runs by itself and brings the grievance" "Sync done: 0 sent, 3 received." 20
keys 3 /
typed "Photo Case"; keys Enter
expect_screen "the grievance is in the list" "Photo Case"
keys Enter
expect_screen "its detail shows the photo is not here yet" "293 KB  (not on"
keys v
expect_screen "opening it fetches it in the background" "photo.jpg has come: press v to open it." 30
expect_eq "the photo is on the far desk, identical" \
	"$(find "$T/far/blobs" -type f -exec sha256sum {} + | cut -d' ' -f1)" "$(sha256sum < "$T/photo.jpg" | cut -d' ' -f1)"
keys Q
expect_screen "zila ends" "ZILA-EXITED-0"
finish
