#!/bin/sh
# The crash test: a process writing actions as fast as it can (each in its
# own transaction, with audit and outbox rows) is killed with SIGKILL at
# random moments, 30 times. After each kill `zila check` must pass and no
# action may be half there: every audit row has its outbox row and its
# record and event, and every record, event and outbox row its audit row.
. "$srcdir/tests/lib.sh"

WRITER="$BUILDDIR/tests/fault/crash_writer"
[ -x "$WRITER" ] || { echo "crash_writer is not built"; exit 1; }
setup_desk

# Counts what would be half an action; 0 when every action is whole.
half_actions() {
	q "SELECT
	 (SELECT count(*) FROM audit_log WHERE mutation_id NOT IN (SELECT mutation_id FROM outbox))
	+(SELECT count(*) FROM outbox WHERE mutation_id NOT IN (SELECT mutation_id FROM audit_log))
	+(SELECT count(*) FROM audit_log WHERE action = 'grievance.register'
	   AND json_extract(args, '$.id') NOT IN (SELECT id FROM grievance))
	+(SELECT count(*) FROM grievance WHERE id NOT IN
	   (SELECT json_extract(args, '$.id') FROM audit_log WHERE action = 'grievance.register'))
	+(SELECT count(*) FROM grievance WHERE id NOT IN (SELECT grievance_id FROM grievance_event WHERE kind = 'registered'))
	+(SELECT count(*) FROM audit_log WHERE action = 'letter.create'
	   AND json_extract(args, '$.id') NOT IN (SELECT id FROM letter))
	+(SELECT count(*) FROM letter WHERE id NOT IN
	   (SELECT json_extract(args, '$.id') FROM audit_log WHERE action = 'letter.create'))
	+(SELECT count(*) FROM letter WHERE id NOT IN (SELECT letter_id FROM letter_event WHERE kind = 'created'))
	+(SELECT count(*) FROM letter WHERE id NOT IN (SELECT letter_id FROM letter_marking))
	+abs((SELECT count(*) FROM audit_log WHERE action = 'grievance.dispose')
	   - (SELECT count(*) FROM grievance_event WHERE kind = 'disposed'))
	+abs((SELECT count(*) FROM audit_log WHERE action = 'grievance.dispose')
	   - (SELECT count(*) FROM grievance WHERE status = 'disposed'))
	+abs((SELECT count(*) FROM audit_log WHERE action = 'letter.reply')
	   - (SELECT count(*) FROM letter_event WHERE kind = 'replied'))
	+abs((SELECT count(*) FROM audit_log WHERE action = 'letter.reply')
	   - (SELECT count(*) FROM letter_marking WHERE status = 'replied'))
	+(SELECT count(*) FROM grievance_event WHERE grievance_id NOT IN (SELECT id FROM grievance))
	+(SELECT count(*) FROM letter_event WHERE letter_id NOT IN (SELECT id FROM letter))
	+(SELECT count(*) FROM grievance_fts WHERE rowid NOT IN (SELECT rowid FROM grievance))
	+(SELECT count(*) FROM grievance WHERE rowid NOT IN (SELECT rowid FROM grievance_fts))"
}

# A random number of milliseconds from $1 to $2.
random_ms() {
	od -An -N2 -tu2 /dev/urandom | awk -v lo="$1" -v hi="$2" '{ print lo + $1 % (hi - lo + 1) }'
}

rounds=30 bad=0
i=1
while [ "$i" -le "$rounds" ]; do
	"$WRITER" "$ZILA_DB" 2>"$T/writer.err" &
	pid=$!
	sleep "$(awk -v ms="$(random_ms 50 600)" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	if ! out=$("$ZILA" check 2>&1); then
		not_ok "round $i: zila check: $out"
		bad=1
	fi
	half=$(half_actions)
	if [ "$half" != 0 ]; then
		not_ok "round $i: $half rows of half actions"
		bad=1
	fi
	if [ -s "$T/writer.err" ]; then
		not_ok "round $i: the writer failed: $(cat "$T/writer.err")"
		bad=1
	fi
	i=$((i + 1))
done
[ "$bad" -eq 0 ] && ok "$rounds kills: zila check passed and every action is whole each time"
expect_match "hundreds of actions were written between the kills" "$(q "SELECT count(*) FROM audit_log")" "^[0-9]{3,}$"
finish
