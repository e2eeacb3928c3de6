# A slow link: zilad runs in a network namespace of its own, joined to
# the desks by a veth pair shaped to 64 kbit/s each way with tc tbf (this
# kernel has no netem: the cut comes from a relay on the desks' side). A
# desk syncs 1,000 actions and an attachment through it with one cut in
# the middle; everything arrives, once, and the time is printed beside the
# link's own limit (every byte the link carried, both ways, headers and TLS
# included, over its rate). In make check the attachment is 128 KiB, to
# stay under a minute; bench/blobs runs the full 2 MB
# (ZILA_SLOW_BYTES=2097152).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
export ZILA_PASSWORD=password1
bytes=${ZILA_SLOW_BYTES:-131072}
actions=${ZILA_SLOW_ACTIONS:-1000}
NS="zila-slow-$$"
VETH="zs$$"
NET="10.$(( $$ % 200 + 20 )).$(( $$ / 200 % 250 + 1 ))"
RPID=""
if ! ip netns add "$NS" 2>"$T/netns.err"; then
	echo "skip: a network namespace cannot be made here ($(cat "$T/netns.err")): ip netns needs CAP_SYS_ADMIN"
	exit 77
fi
trap '[ -z "$RPID" ] || kill $RPID 2>/dev/null; stop_zilad; ip link del "${VETH}a" 2>/dev/null; ip netns del "$NS" 2>/dev/null; cleanup' EXIT INT TERM
in_ns() { ip netns exec "$NS" "$@"; }
ip link add "${VETH}a" type veth peer name "${VETH}b"
ip link set "${VETH}b" netns "$NS"
ip addr add "$NET.1/30" dev "${VETH}a"
ip link set "${VETH}a" up
in_ns ip addr add "$NET.2/30" dev "${VETH}b"
in_ns ip link set "${VETH}b" up
in_ns ip link set lo up
# 64 kbit/s each way; the burst holds a full packet; packets wait at most 2 s
tc qdisc add dev "${VETH}a" root tbf rate 64kbit burst 4kb latency 2s
in_ns tc qdisc add dev "${VETH}b" root tbf rate 64kbit burst 4kb latency 2s
expect_match "the link is shaped" "$(tc qdisc show dev "${VETH}a")" "tbf .*rate 64Kbit"

desk() { mkdir -p "$T/$1"; echo "$T/$1/desk.db"; }
make_certs
cert slow ca 'cn = "localhost"' 'dns_name = "localhost"' 'ip_address = "127.0.0.1"' "ip_address = \"$NET.2\""
setup_server
printf 'listen = %s\nport = 0\ncert = %s\nkey = %s\ndatabase = %s\nmax_body = 1048576\ntimeout = 120\n' \
	"$NET.2" "$T/slow.pem" "$T/slow.key" "$SRV" > "$T/zilad-slow.conf"
ip netns exec "$NS" "$ZILAD" serve --config "$T/zilad-slow.conf" > "$T/zilad.out" 2>> "$T/zilad.log" &
ZPID=$!
for _ in $(seq 100); do grep -q listening "$T/zilad.out" 2>/dev/null && break; sleep 0.05; done
PORT=$(sed -n 's/.*:\([0-9]*\) (https).*/\1/p' "$T/zilad.out")
[ -n "$PORT" ] || { echo "zilad did not start:"; cat "$T/zilad.log"; exit 1; }
URL="https://$NET.2:$PORT"

start=$(date +%s)
expect_ok "a desk enrols over the slow link" enrol clerk clerk
echo "# enrolment took $(( $(date +%s) - start )) s"
"$ACT" "$(desk clerk)" clerk grievance.register \
	'{"citizen_name":"Citizen %d","description":"Handpump %d in ward 3 has no water since Monday","category":"ROAD"}' \
	"$actions" > /dev/null
head -c "$bytes" /dev/urandom > "$T/photo.bin"
expect_ok "and registers a grievance with a photo of $bytes bytes" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" \
	grievance add --citizen "Asha Devi" --category LAND --description "Boundary" --attach "$T/photo.bin"

# one cut in the middle of the attachment: the relay breaks the link once
# (and refuses the next two connections, so the desk resumes by itself)
python3 "$srcdir/tests/e2e/cutrelay.py" "$NET.2:$PORT" $((bytes * 6 / 10)) 2 1 > "$T/relay.port" 2> "$T/cuts" &
RPID=$!
for _ in $(seq 100); do [ -s "$T/relay.port" ] && break; sleep 0.05; done
# bytes sent by each end of the link: up (desk to server), down
sent() { sed -n 's/.*Sent \([0-9]*\) bytes.*/\1/p'; }
link_bytes() { echo "$(tc -s qdisc show dev "${VETH}a" | sent) $(in_ns tc -s qdisc show dev "${VETH}b" | sent)"; }
b0=$(link_bytes)
start=$(date +%s)
ZILA_SYNC_RETRIES=8 "$ZILA" --db "$(desk clerk)" sync --server "https://localhost:$(cat "$T/relay.port")" \
	> "$T/sync.out" 2> "$T/sync.err" && rc=0 || rc=$?
secs=$(( $(date +%s) - start ))
kill $RPID; wait $RPID 2>/dev/null || true; RPID=""
expect_eq "the sync through the slow link ends well" "$rc $(cat "$T/sync.err")" "0 "
expect_eq "the link was cut once on the way" "$(grep -c cut "$T/cuts")" 1
expect_eq "every action arrived once" "$(sqlite3 "$SRV" "select count(*), count(distinct id) from grievance")" "$((actions + 1))|$((actions + 1))"
expect_eq "nothing waits on the desk" "$(sqlite3 "$(desk clerk)" "select count(*) from outbox where state <> 'applied'")" 0
sha=$(sha256sum "$T/photo.bin" | cut -d' ' -f1)
expect_eq "the photo arrived whole" "$(sha256sum "$T/blobs/$(echo "$sha" | cut -c1-2)/$sha" | cut -d' ' -f1)" "$sha"
set -- $b0 $(link_bytes)
up=$(( $3 - $1 )) down=$(( $4 - $2 ))
limit=$(( (up > down ? up : down) * 8 / 64000 ))
echo "slow_link: $secs s for $actions actions and a $bytes-byte attachment with one cut; the link carried $up bytes up and $down down: $limit s at 64 kbit/s"
[ "$secs" -le $(( limit * 3 + 30 )) ] && ok "time $secs s <= 3 x $limit s + 30 s" || not_ok "time $secs s > 3 x $limit s + 30 s"
finish
