# tests/screen/lib.sh: drive the full-screen zila in tmux as a person
# would: start it in a detached session of a given size and TERM, send
# keys, wait until the screen shows a text (with a time-out), capture it.
# Source after tests/lib.sh.
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
SESSIONS=0
SOCK="$T/tmux.0.sock"
mkdir -p "$T/home"
tm() { tmux -f /dev/null -S "$SOCK" "$@"; }

# start_zila WIDTH HEIGHT TERM [ARGS...]: zila in a fresh session; when it
# ends the pane shows ZILA-EXITED-<status> and stays for the test to read.
start_zila() {
	w=$1 h=$2 term=$3; shift 3
	stop_zila
	SESSIONS=$((SESSIONS + 1))
	SOCK="$T/tmux.$SESSIONS.sock"
	tm new-session -d -x "$w" -y "$h" \
		"env -u XDG_CONFIG_HOME HOME='$T/home' TERM=$term ZILA_DB='$ZILA_DB' ZILA_NOW='$ZILA_NOW' LANG=C.UTF-8 \
		 '$ZILA' $*; echo ZILA-EXITED-\$?; sleep 60"
}
stop_zila() { tm kill-server 2>/dev/null || true; }
trap 'stop_zila; cleanup' EXIT

screen() { tm capture-pane -p; }
keys() { tm send-keys "$@"; }
# typed TEXT: literal text, Hindi included
typed() { tm send-keys -l "$1"; }

# wait_for TEXT [SECONDS]: true once the screen shows TEXT (fixed string)
wait_for() {
	limit=$(( ${2:-5} * 10 ))
	i=0
	while [ $i -lt $limit ]; do
		if screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# expect_screen DESC TEXT [SECONDS]: the screen comes to show TEXT
expect_screen() {
	if wait_for "$2" "${3:-5}"; then ok "$1"; else not_ok "$1: '$2' not on the screen:"; screen | sed 's/^/    | /'; fi
}
# expect_no_screen DESC TEXT: the screen does not show TEXT now
expect_no_screen() {
	if screen | grep -qF -- "$2"; then not_ok "$1: '$2' is on the screen"; else ok "$1"; fi
}
# login USER: fills the login screen and waits for home
login() {
	wait_for "Log in to Zila Desk" 10 || true
	typed "$1"; keys Enter
	typed password1; keys Enter
	expect_screen "$1 logs in" "Home"
}
# sqlite3 that waits while zila is writing (a draft, a checkpoint)
q() { sqlite3 -cmd '.timeout 5000' "$ZILA_DB" "$@"; }
