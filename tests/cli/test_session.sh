#!/bin/sh
# A login that lasts a working session (zila login, zila logout): commands
# after it ask no password; the token file is private; an explicit
# password is always checked; the session ends when idle, after 12 hours,
# when the user is deactivated, at zila logout and when the screen locks.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk
export XDG_RUNTIME_DIR="$T/run"
mkdir -m 0700 "$XDG_RUNTIME_DIR"
nopw() { env -u ZILA_PASSWORD -u ZILA_USER "$ZILA" "$@" </dev/null; }
sessions() { q "SELECT count(*) FROM desk_session"; }

if nopw grievance list >/dev/null 2>"$T/err"; then not_ok "a command ran with no login at all"
else ok "with no session a command needs a user and password"; fi

as clerk login >"$T/out" || not_ok "zila login failed"
grep -q "Logged in as clerk" "$T/out" && ok "zila login says who is logged in" || not_ok "login said: $(cat "$T/out")"
f=$(ls "$XDG_RUNTIME_DIR"/zila/*.clerk 2>/dev/null)
[ -n "$f" ] && [ "$(stat -c %a "$f")" = 600 ] && [ "$(stat -c %a "$XDG_RUNTIME_DIR/zila")" = 700 ] &&
	ok "the token file is readable by its owner only" || not_ok "token file: '$f' $(stat -c %a "$f" 2>/dev/null)"
[ "$(sessions)" = 1 ] && ok "the desk keeps one session" || not_ok "sessions: $(sessions)"
if grep -q "$(cat "$f")" "$ZILA_DB"; then not_ok "the token itself is in the desk's file"
else ok "the desk's file keeps only the token's hash"; fi

nopw grievance add --citizen "Asha" --mobile 9876543210 --category WATER --description "पानी नहीं आ रहा" >/dev/null 2>"$T/err" &&
	ok "a command without password or user acts as the session's user" || not_ok "refused: $(cat "$T/err")"
[ "$(q "SELECT u.login FROM audit_log a JOIN app_user u ON u.id = a.actor_id ORDER BY a.seq DESC LIMIT 1")" = clerk ] &&
	ok "the action is the clerk's" || not_ok "the last action is not the clerk's"
nopw --user CLERK grievance list >/dev/null 2>&1 && ok "the login is matched case-insensitively" || not_ok "--user CLERK refused"
if nopw --user admin grievance list >/dev/null 2>&1; then not_ok "another user rode on the clerk's session"
else ok "another user still needs their password"; fi
if ZILA_PASSWORD=wrong-password "$ZILA" --user clerk grievance list >/dev/null 2>&1; then
	not_ok "a wrong explicit password was let through by the session"
else ok "an explicit password is always checked"; fi

# a forged token file resumes nothing
cp "$f" "$T/saved-token"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$f"
if nopw grievance list >/dev/null 2>&1; then not_ok "a made-up token was accepted"
else ok "a made-up token is refused"; fi
[ -e "$f" ] && not_ok "the refused token file is kept" || ok "the refused token file is removed"

# idle for more than 15 minutes
as clerk login >/dev/null
f=$(ls "$XDG_RUNTIME_DIR"/zila/*.clerk)
touch -d '20 minutes ago' "$f"
if nopw grievance list >/dev/null 2>&1; then not_ok "an idle session still worked"
else ok "a session idle for 20 minutes has ended"; fi

# at most 12 hours
as clerk login >/dev/null
if ZILA_NOW=2026-11-20T18:30:00Z nopw grievance list >/dev/null 2>&1; then not_ok "a session outlived 12 hours"
else ok "a session ends after 12 hours"; fi

# a deactivated user's session ends at once
as clerk login >/dev/null
q "UPDATE app_user SET active = 0 WHERE login = 'clerk'"
if nopw grievance list >/dev/null 2>&1; then not_ok "a deactivated user's session still worked"
else ok "a deactivated user's session ends"; fi
q "UPDATE app_user SET active = 1 WHERE login = 'clerk'"

# zila logout
as clerk login >/dev/null
nopw logout | grep -q "Logged out" && ok "zila logout" || not_ok "logout did not say so"
if nopw grievance list >/dev/null 2>&1; then not_ok "the session outlived zila logout"
else ok "nothing resumes after logout"; fi
[ "$(sessions)" = 0 ] && ok "no session left on the desk" || not_ok "sessions left: $(sessions)"

# the screen locks: the user's sessions end
as clerk login >/dev/null
start_zila 80 24 vt100
login clerk
keys C-x
expect_screen "Ctrl-X locks the screen" "This session is locked"
i=0
while [ $i -lt 30 ] && [ "$(sessions)" != 0 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(sessions)" = 0 ] && ok "locking the screen ended the clerk's session" || not_ok "sessions after lock: $(sessions)"
stop_zila
finish
