#!/bin/sh
# Filing through Open311 (POST requests) on a real zilad over HTTPS: a
# request becomes a grievance born on the server (the online channel's,
# numbered DRG/G/00/...), routed by its category with its time limit, a
# photo uploaded with it kept in the blob store; it reaches the
# department's desk by sync, is disposed of there with a public reply, and
# GET shows the reply. The api_key is checked before the body; bad
# requests and the per-mobile daily cap are refused in the standard's
# error format; a media_url is fetched only from an allowed host, over
# HTTPS (a Python server with the test certificate).
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
export ZILA_PASSWORD=password1
make_certs
setup_server
ZILAD_EXTRA_CONF="open311_per_mobile_day = 2
media_hosts = localhost, files.example
media_ca = $T/ca.pem"
start_zilad
expect_ok "the Revenue officer's desk enrols" enrol rev rev.officer
key=$("$ZILAD" app add citymap --db "$SRV" 2>/dev/null)
expect_ok "land records are a public category" "$ZILAD" category public LAND yes --db "$SRV"

# post PATH [curl args]: status printed, body in $T/b
post() { p=$1; shift; curl -sS -o "$T/b" -w '%{http_code}' --cacert "$T/ca.pem" "$@" "$URL/open311/$p"; }
js() { python3 -c "import json,sys; d=json.load(open('$T/b')); print($1)"; }

expect_eq "no api_key: refused before the body" "$(post v2/requests.json -d service_code=LAND -d description=x)" 403
expect_eq "a wrong api_key too" "$(post "v2/requests.json?api_key=o311bad" -d service_code=LAND -d description=x)" 403
expect_eq "a request without a phone is 400" "$(post "v2/requests.json?api_key=$key" -d service_code=LAND -d description=x)" 400
expect_match "in the standard's error format" "$(js "d[0]['code'], d[0]['description']")" "^400 phone: a 10-digit"
expect_eq "an unknown service is 400" "$(post "v2/requests.json?api_key=$key" -d service_code=NOPE -d description=x -d phone=9876543210)" 400
expect_eq "a media_url over plain http is refused" \
	"$(post "v2/requests.json?api_key=$key" -d service_code=LAND -d description=x -d phone=9876543210 -d media_url=http://example.com/a.jpg)" 400
expect_eq "nothing was registered" "$(sqlite3 "$SRV" "select count(*) from grievance")" 0

# a small JPEG: its first bytes make it a photo
printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000' > "$T/photo.jpg"
head -c 3000 /dev/urandom >> "$T/photo.jpg"
printf '\377\331' >> "$T/photo.jpg"
sha=$(sha256sum "$T/photo.jpg" | cut -d' ' -f1)
expect_eq "a request with a photo, multipart, key in X-Api-Key" "$(post v2/requests.json -H "X-Api-Key: $key" \
	-F service_code=LAND -F 'description=Boundary stones removed by the neighbour' -F phone=+919876543210 \
	-F first_name=Asha -F last_name=Devi -F 'address_string=Ward 3, Anda' -F 'attribute[block]=1001' \
	-F 'attribute[gp]=200101' -F lat=21.19 -F long=81.28 -F locale=en -F "media=@$T/photo.jpg;type=image/jpeg")" 201
n1=$(js "d[0]['service_request_id']")
tok=$(js "d[0]['token']")
expect_match "a grievance number of the server's own series" "$n1" "^DRG/G/00/2026/[0-9]{6}$"
expect_match "with a notice of the due date" "$(js "d[0]['service_notice']")" "Registered as grievance $n1; reply due by 2026-12-20"
row="select g.channel, g.citizen_name, g.mobile, g.lang, d.code, g.due_date, b.lgd_code, u.login from grievance g join department d on d.id = g.department_id join block b on b.id = g.block_id join app_user u on u.id = g.created_by where g.number = '$n1'"
expect_eq "registered by the online channel, routed to Revenue with 30 days" "$(sqlite3 "$SRV" "$row")" "web|Asha Devi|9876543210|en|REV|2026-12-20|1001|online"
expect_eq "the photo is its attachment" "$(sqlite3 "$SRV" "select a.kind || ' ' || a.mime || ' ' || a.size from grievance_attachment a join grievance g on g.id = a.grievance_id where g.number = '$n1'")" \
	"photo image/jpeg $(wc -c < "$T/photo.jpg")"
expect_eq "in the blob store under its hash" "$(sha256sum "$T/blobs/$(echo "$sha" | cut -c1-2)/$sha" | cut -d' ' -f1)" "$sha"
expect_eq "audited as the online channel's" "$(sqlite3 "$SRV" "select count(*) from audit_log a join app_user u on u.id = a.actor_id where u.login = 'online' and a.action = 'grievance.register'")" 1
expect_eq "and a message to the citizen is queued" "$(sqlite3 "$SRV" "select count(*) from citizen_message where kind = 'registered'")" 1
expect_eq "the token names the request" "$(post "v2/tokens/$tok.json" -X GET && js "d[0]['service_request_id']")" "200$n1"
expect_eq "in XML the same" "$(post "v2/requests.xml?api_key=$key" -d service_code=ROAD -d 'description=Pothole on the main road' -d phone=9876543210)" 201
expect_match "as service_requests/request" "$(cat "$T/b")" "<service_requests><request><token>[0-9a-f-]{36}</token><service_request_id>DRG/G/00/2026/"
expect_eq "a third request from the same mobile today is over the cap" \
	"$(post "v2/requests.json?api_key=$key" -d service_code=ROAD -d description=again -d phone=9876543210)" 429
expect_match "saying so" "$(js "d[0]['description']")" "filed 2 requests today"
expect_eq "another mobile still may" "$(post "v2/requests.json?api_key=$key" -d service_code=WATER -d description=Handpump -d phone=9123456780)" 201

# to the department's desk and back
expect_ok "the Revenue desk syncs" dsync rev
expect_eq "it has the request like any grievance" "$(sqlite3 "$(desk rev)" "select channel || ' ' || status from grievance where number = '$n1'")" "web registered"
expect_eq "and the photo's row" "$(sqlite3 "$(desk rev)" "select count(*) from grievance_attachment a join grievance g on g.id = a.grievance_id where g.number = '$n1'")" 1
expect_eq "but not PWD's or PHED's" "$(sqlite3 "$(desk rev)" "select count(*) from grievance")" 1
expect_ok "the officer disposes of it with a public reply" "$ACT" "$(desk rev)" rev.officer grievance.dispose \
	"{\"grievance\":\"$n1\",\"reply\":\"Boundary re-marked by the patwari on 19 November\"}"
expect_ok "synced" dsync rev
expect_eq "GET shows it closed with the reply" "$(post "v2/requests/$n1.json" -X GET && js "d[0]['status'] + '|' + d[0]['status_notes']")" \
	"200closed|Boundary re-marked by the patwari on 19 November"
# what the server ran for citizens is signed by the online channel's key,
# and zilad audit verify checks it as it checks what desks pushed
expect_eq "each request is signed by the online channel" \
	"$(sqlite3 "$SRV" "select count(*) from server_signed s join app_user u on u.id = s.actor_id and u.login = 'online' and s.key_id = u.key_id")" \
	"$(sqlite3 "$SRV" "select count(*) from audit_log a join app_user u on u.id = a.actor_id where u.login = 'online' and a.action = 'grievance.register'")"
expect_eq "the server keeps no pw_hash for it and sends no key" "$(sqlite3 "$SRV" "select pw_hash from app_user where login = 'online'")|$(sqlite3 "$(desk rev)" "select sealed_sk from app_user where login = 'online'")" "|"
out=$("$ZILAD" audit verify --db "$SRV")
expect_match "zilad audit verify checks them" "$out" "[1-9][0-9]* actions of the online channel \(citizens\) verified against its signatures, 0 failed"
sqlite3 "$SRV" "update server_signed set signed = replace(signed, 'Asha Devi', 'Usha Devi') where signed like '%Asha Devi%'"
expect_exit 1 "a changed record of what the channel signed is caught" "$ZILAD" audit verify --db "$SRV"
for pii in Asha 9876543210 "Ward 3"; do
	post "v2/requests/$n1.json" -X GET >/dev/null
	case "$(cat "$T/b")" in *"$pii"*) not_ok "no '$pii' in GET" ;; *) ok "no '$pii' in GET" ;; esac
done

# --- media_url, only from the hosts the district allows ---------------------
mkdir -p "$T/www"
cp "$T/photo.jpg" "$T/www/site.jpg"
python3 - "$T" > "$T/www.port" 2> "$T/www.log" <<'PY' &
import http.server, ssl, sys, os, functools
t = sys.argv[1]
h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=t + "/www")
s = http.server.HTTPServer(("127.0.0.1", 0), h)
c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
c.load_cert_chain(t + "/server.pem", t + "/server.key")
s.socket = c.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
WPID=$!
trap 'kill $WPID 2>/dev/null || true; stop_zilad; cleanup' EXIT
for _ in $(seq 100); do [ -s "$T/www.port" ] && break; sleep 0.05; done
WPORT=$(cat "$T/www.port")
mu() { post "v2/requests.json?api_key=$key" -d service_code=LAND -d 'description=Photo by link' -d phone=9000000011 -d "media_url=$1"; }
expect_eq "a media_url on an allowed host is fetched" "$(mu "https://localhost:$WPORT/site.jpg")" 201
n2=$(js "d[0]['service_request_id']")
expect_eq "and attached as a photo" "$(sqlite3 "$SRV" "select a.name || ' ' || a.kind || ' ' || a.size from grievance_attachment a join grievance g on g.id = a.grievance_id where g.number = '$n2'")" \
	"site.jpg photo $(wc -c < "$T/photo.jpg")"
expect_eq "a host not on the list is refused" "$(mu "https://127.0.0.1:$WPORT/site.jpg")" 400
expect_match "saying so" "$(js "d[0]['description']")" "only from the hosts the district allows"
expect_eq "plain http is refused" "$(mu "http://localhost:$WPORT/site.jpg")" 400
expect_eq "a missing file is refused" "$(mu "https://localhost:$WPORT/none.jpg")" 400
expect_match "with the host's answer" "$(js "d[0]['description']")" "answered 404"
expect_eq "nothing registered for them" "$(sqlite3 "$SRV" "select count(*) from grievance where mobile = '9000000011'")" 1
kill $WPID 2>/dev/null || true

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
