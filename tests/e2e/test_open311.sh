#!/bin/sh
# Open311 GeoReport v2 on a real zilad over HTTPS (the read side):
# discovery, services in English and Hindi, a service definition with its
# block and panchayat lists, requests with each filter, one request, the
# standard's errors, in XML (checked well-formed by xmllint) and JSON;
# privacy (no name, mobile or address ever; description and reply only for
# a public category); api_keys (add, list, revoke) and the rate limits
# per address and per key; every request in the log.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
export ZILA_PASSWORD=password1
make_certs
setup_server
ZILAD_EXTRA_CONF='open311_per_addr = 40
open311_per_key = 5'
started=$(date +%s) # the address bucket refills from here on
start_zilad
expect_ok "the clerk's desk enrols" enrol clerk clerk
expect_ok "the Revenue officer's desk enrols" enrol rev rev.officer

reg() {
	"$ACT" "$(desk clerk)" clerk grievance.register "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])'
}
g1=$(reg '{"citizen_name":"Asha Devi","mobile":"9876543210","address":"House 12, Ward 3, Anda","description":"Handpump broken for a week","category":"WATER","block":"1001","gp":"200101","lat":21.19,"lon":81.28}')
g2=$(reg '{"citizen_name":"Ramesh Sahu","mobile":"9123456780","address":"Near the school, Bori","description":"Land record mutation pending for my father","category":"LAND"}')
g3=$(reg '{"citizen_name":"Sunita Verma","mobile":"9000000001","address":"Patan","description":"Mutation not done","category":"LAND"}')
expect_ok "the clerk's desk pushes three grievances" dsync clerk
expect_ok "the Revenue officer pulls them" dsync rev
expect_ok "and disposes of one with a public reply" "$ACT" "$(desk rev)" rev.officer grievance.dispose \
	"{\"grievance\":\"$g2\",\"reply\":\"Mutation entered in the record on 18 November\"}"
expect_ok "which reaches the server" dsync rev
expect_ok "the district makes drinking water a public category" "$ZILAD" category public WATER yes --db "$SRV"
expect_eq "the flag is on the category" "$(sqlite3 "$SRV" "select code || '=' || public from category where code in ('WATER','LAND') order by code")" \
	"LAND=0
WATER=1"
expect_ok "and the change reaches the desks like any master" dsync clerk
expect_eq "the clerk's desk has it" "$(sqlite3 "$(desk clerk)" "select public from category where code = 'WATER'")" 1

# get PATH [curl args]: prints the status; body in $T/b, headers in $T/h
get() {
	p=$1; shift
	echo "$p" >> "$T/calls"
	curl -sS -G -D "$T/h" -o "$T/b" -w '%{http_code}' --cacert "$T/ca.pem" "$@" "$URL/open311/$p"
}
body() { cat "$T/b"; }
js() { python3 -c "import json,sys; d=json.load(open('$T/b')); print($1)"; }
wellformed() { xmllint --noout "$T/b" 2>&1; }

# --- discovery and services ----------------------------------------------
expect_eq "discovery answers in XML" "$(get discovery.xml)" 200
expect_eq "well-formed" "$(wellformed)" ""
expect_match "naming GeoReport v2 and both formats" "$(body)" "GeoReport_v2.*<format>text/xml</format><format>application/json</format>"
expect_eq "services in JSON" "$(get v2/services.json)" 200
expect_eq "the four categories, by code" "$(js "','.join(s['service_code'] for s in d)")" "HOSP,LAND,ROAD,WATER"
expect_eq "with English names and the department as the group" \
	"$(js "d[3]['service_name'] + '|' + d[3]['group'] + '|' + d[3]['description']")" \
	"Drinking water|Public Health Engineering|Public Health Engineering; time limit 7 days"
expect_eq "Hindi by locale=hi" "$(get v2/services.json -d locale=hi && js "d[3]['service_name'] + '|' + d[3]['group']")" \
	"200पेयजल|लोक स्वास्थ्य यांत्रिकी"
expect_eq "or by Accept-Language" "$(get v2/services.xml -H 'Accept-Language: hi-IN,hi;q=0.9' && wellformed)" 200
expect_match "in XML, a service per category" "$(body)" "<services><service><service_code>HOSP</service_code><service_name>अस्पताल सेवाएं</service_name>"
expect_eq "a service definition" "$(get v2/services/WATER.json)" 200
expect_eq "offers the blocks and panchayats by LGD code" \
	"$(js "d['service_code'] + '|' + ','.join(a['code'] + ':' + a['datatype'] + ':' + str(len(a['values'])) for a in d['attributes'])")" \
	"WATER|block:singlevaluelist:2,gp:singlevaluelist:3"
expect_eq "the panchayat's name says its block" "$(js "d['attributes'][1]['values'][0]['key'] + ' ' + d['attributes'][1]['values'][0]['name']")" \
	"200101 Anda (Durg)"
expect_eq "in XML too" "$(get v2/services/WATER.xml && wellformed)" 200
expect_match "attributes and values as the standard nests them" "$(body)" \
	"<service_definition><service_code>WATER</service_code><attributes><attribute><variable>true</variable><code>block</code>.*<values><value><key>1001</key><name>Durg</name></value>"
expect_eq "an unknown service is 404" "$(get v2/services/NOPE.xml)" 404
expect_match "in the standard's error format" "$(body)" "<errors><error><code>404</code><description>no service with code 'NOPE'</description></error></errors>"
expect_eq "and in JSON" "$(get v2/services/NOPE.json && js "repr((d[0]['code'], d[0]['description']))")" "404(404, \"no service with code 'NOPE'\")"

# --- requests -----------------------------------------------------------
expect_eq "requests in JSON" "$(get v2/requests.json)" 200
expect_eq "all three, newest first" "$(js "len(d)")" 3
all=$(body)
for pii in "Asha" "Ramesh" "Sunita" 9876543210 9123456780 9000000001 "House 12" "Near the school" "Patan"; do
	case "$all" in *"$pii"*) not_ok "no personal field in requests: '$pii' is in it" ;; *) ok "no '$pii' in requests" ;; esac
done
expect_eq "a public category shows its description, place and times" \
	"$(get "v2/requests/$g1.json" && js "repr((d[0]['service_request_id'], d[0]['status'], d[0]['description'], d[0]['lat'], d[0]['long'], d[0]['agency_responsible'], d[0]['requested_datetime'], d[0]['expected_datetime']))")" \
	"200('$g1', 'open', 'Handpump broken for a week', 21.19, 81.28, 'Public Health Engineering', '2026-11-20T11:30:00+05:30', '2026-11-27T23:59:59+05:30')"
expect_eq "a private one only its status and the office" \
	"$(get "v2/requests/$g2.json" && js "repr((d[0]['status'], 'description' in d[0], 'status_notes' in d[0], d[0]['agency_responsible'], d[0]['service_code']))")" \
	"200('closed', False, False, 'Revenue', 'LAND')"
expect_ok "the district makes land records public" "$ZILAD" category public LAND yes --db "$SRV"
expect_eq "now its reply is the status_notes" "$(get "v2/requests/$g2.json" && js "d[0]['status_notes']")" \
	"200Mutation entered in the record on 18 November"
expect_eq "one request in XML" "$(get "v2/requests/$g2.xml" && wellformed)" 200
expect_match "as service_requests/request" "$(body)" \
	"<service_requests><request><service_request_id>$g2</service_request_id><status>closed</status><status_notes>Mutation entered"
dashed=$(echo "$g1" | tr / -)
expect_eq "a number with dashes for slashes works too" "$(get "v2/requests/$dashed.json" && js "d[0]['service_request_id']")" "200$g1"
expect_eq "an unknown number is 404" "$(get "v2/requests/DRG-G-99-2026-000001.json")" 404
for pii in "Ramesh" 9123456780 "Near the school"; do
	get v2/requests.xml >/dev/null
	case "$(body)" in *"$pii"*) not_ok "public or not, no '$pii' in XML" ;; *) ok "public or not, no '$pii' in XML" ;; esac
done

# filters
expect_eq "service_code" "$(get v2/requests.json -d service_code=LAND && js "sorted(r['service_request_id'] for r in d)")" "200['$g2', '$g3']"
expect_eq "service_code, two of them" "$(get v2/requests.json -d service_code=WATER,ROAD && js "[r['service_request_id'] for r in d]")" "200['$g1']"
expect_eq "status=closed" "$(get v2/requests.json -d status=closed && js "[r['service_request_id'] for r in d]")" "200['$g2']"
expect_eq "status=open" "$(get v2/requests.json -d status=open && js "len(d)")" 2002
expect_eq "status=open,closed" "$(get v2/requests.json -d status=open,closed && js "len(d)")" 2003
expect_eq "service_request_id list (overrides the rest)" \
	"$(get v2/requests.json -d "service_request_id=$g1,$g3" -d status=closed && js "sorted(r['service_request_id'] for r in d)")" "200['$g1', '$g3']"
expect_eq "start_date after them: none" "$(get v2/requests.json -d start_date=2026-11-21 && js "len(d)")" 2000
expect_eq "end_date before them: none" "$(get v2/requests.json --data-urlencode end_date=2026-11-19T23:59:59+05:30 && js "len(d)")" 2000
expect_eq "a window around them: all" \
	"$(get v2/requests.json -d start_date=2026-11-20T05:00:00Z -d end_date=2026-11-20T12:00:00+05:30 && js "len(d)")" 2003
expect_eq "a bad date is 400" "$(get v2/requests.json -d start_date=yesterday)" 400
expect_match "saying what it takes" "$(body)" "start_date and end_date: YYYY-MM-DD"
expect_eq "a bad status is 400" "$(get v2/requests.xml -d status=pending && wellformed)" 400
expect_eq "no format is 404" "$(get v2/requests)" 404
expect_eq "a POST without an api_key is refused: 403" "$(get v2/requests.json -X POST)" 403
expect_eq "a PUT is 405" "$(get v2/requests.json -X PUT)" 405

# --- api keys and limits --------------------------------------------------
key=$("$ZILAD" app add citymap --db "$SRV" 2>/dev/null)
expect_match "zilad app add prints a key" "$key" "^o311[0-9a-f]{48}$"
expect_eq "kept only as its hash" "$(sqlite3 "$SRV" "select count(*) from open311_app where key_hash = '$(printf %s "$key" | sha256sum | cut -d' ' -f1)'")" 1
expect_exit 1 "a second app of the same name is refused" "$ZILAD" app add citymap --db "$SRV"
expect_match "app list shows it" "$("$ZILAD" app list --db "$SRV")" "citymap .* active"
expect_eq "a wrong key is 403" "$(get v2/services.json -d api_key=o311nope)" 403
expect_eq "the key works" "$(get v2/services.json -d "api_key=$key")" 200
expect_match "and the log names the app" "$(tail -1 "$T/zilad.log")" "desk=app:citymap@127.0.0.1 GET /open311/v2/services.json 200"
for _ in 1 2 3 4; do get v2/services.json -d "api_key=$key" >/dev/null; done
expect_eq "past 5 a minute for this key: 429" "$(get v2/services.json -d "api_key=$key")" 429
expect_match "with Retry-After" "$(cat "$T/h")" "Retry-After: [0-9]+"
expect_eq "other readers are not held up by it" "$(get v2/services.json)" 200
n=0
while [ "$(get v2/services.json)" = 200 ] && [ $n -lt 80 ]; do n=$((n + 1)); done
expect_match "an address without a key meets its own limit" "$n" "^[0-9]$|^[1-7][0-9]$"
answered=$(grep 'open311@127.0.0.1 ' "$T/zilad.log" | grep -vc ' 429 ')
# 40 at once, then 40 a minute refilled while the test ran: the bound
# follows the test's own time, so a loaded machine does not fail it
most=$(( 40 + ($(date +%s) - started) * 40 / 60 + 3 ))
if [ "$answered" -ge 40 ] && [ "$answered" -le "$most" ]; then ok "after about 40 answers ($answered, at most $most in this run's time)"
else not_ok "answers before the limit: $answered, wanted 40 to $most"; fi
expect_match "each refusal logged" "$(grep -c 'open311@127.0.0.1 GET /open311/v2/services.json 429' "$T/zilad.log")" "^[1-9]"
expect_ok "zilad app revoke" "$ZILAD" app revoke citymap --db "$SRV"
expect_eq "a revoked key is 403" "$(get v2/services.json -d "api_key=$key")" 403
expect_match "app list says revoked" "$("$ZILAD" app list --db "$SRV")" "citymap .* revoked"
expect_eq "every Open311 request has its log line" "$(grep -c ' /open311/' "$T/zilad.log")" "$(wc -l < "$T/calls")"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
