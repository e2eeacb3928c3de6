#!/bin/sh
# sms-gateway-file.sh: a message gateway for zilad that writes each message
# to a file instead of sending it (tests, trials, an office printing them).
# zilad runs it as: sms-gateway-file.sh MOBILE, the message on stdin, and
# $ZILA_MOBILE, $ZILA_MESSAGE_ID (the same on every retry of a message),
# $ZILA_LANG. It appends "id=ID to=MOBILE TEXT" to $ZILA_SMS_FILE (default
# /var/lib/zilad/sms.txt) and exits 0. An id already in the file is not
# written again: zilad retries a message it could not see finish (it was
# killed mid-attempt), and this is what keeps the citizen from getting it
# twice. For tests: $ZILA_SMS_FAIL_FIRST=N fails the first N runs;
# $ZILA_SMS_DELAY=S sleeps S seconds after writing.
set -eu
out=${ZILA_SMS_FILE:-/var/lib/zilad/sms.txt}
id=${ZILA_MESSAGE_ID:?zilad sets ZILA_MESSAGE_ID}
mobile=${1:?usage: $0 MOBILE < message}
text=$(tr '\n' ' ')
exec 9>>"$out.lock"
flock 9
if [ -n "${ZILA_SMS_FAIL_FIRST:-}" ]; then
	n=$(cat "$out.fails" 2>/dev/null || echo 0)
	if [ "$n" -lt "$ZILA_SMS_FAIL_FIRST" ]; then
		echo $((n + 1)) > "$out.fails"
		echo "gateway busy (test failure $((n + 1)) of $ZILA_SMS_FAIL_FIRST)" >&2
		exit 1
	fi
fi
if ! grep -q "^id=$id " "$out" 2>/dev/null; then
	printf 'id=%s to=%s %s\n' "$id" "$mobile" "$text" >> "$out"
fi
if [ -n "${ZILA_SMS_DELAY:-}" ]; then sleep "$ZILA_SMS_DELAY"; fi
exit 0
