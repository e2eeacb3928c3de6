#!/bin/sh
# An Open311 request without a category (no service_code), on a real
# zilad over HTTPS (issue 12): it is accepted and held with the triage
# model's suggestions; the app gets a token, as GeoReport v2 says; the
# Collectorate's desk sees it after sync (a department's desk does not), a
# clerk registers it with the category they choose, and after the next
# sync the token names the grievance, which reaches its department's desk
# with the citizen's photo.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/e2e/sync_lib.sh"
unset ZILA_DB
make_certs
setup_server
start_zilad
expect_ok "the counter desk enrols" enrol clerk clerk
expect_ok "the Revenue desk enrols" enrol rev rev.officer
key=$("$ZILAD" app add citymap --db "$SRV" 2>/dev/null)
post() { p=$1; shift; curl -sS -o "$T/b" -w '%{http_code}' --cacert "$T/ca.pem" "$@" "$URL/open311/$p"; }
js() { python3 -c "import json,sys; d=json.load(open('$T/b')); print($1)"; }
number() { python3 -c 'import json,sys; print(json.load(sys.stdin)["number"])'; }

# the district's past: disposed grievances the server's model learns from
for i in 1 2 3 4 5 6; do
	n=$("$ACT" "$(desk clerk)" clerk grievance.register "{\"citizen_name\":\"A\",\"description\":\"सड़क गड्ढे मरम्मत $i road pothole repair\",\"category\":\"ROAD\"}" | number)
	"$ACT" "$(desk clerk)" collector grievance.dispose "{\"grievance\":\"$n\",\"reply\":\"done\"}" >/dev/null
	n=$("$ACT" "$(desk clerk)" clerk grievance.register "{\"citizen_name\":\"B\",\"description\":\"नामांतरण खसरा $i land record mutation\",\"category\":\"LAND\"}" | number)
	"$ACT" "$(desk clerk)" collector grievance.dispose "{\"grievance\":\"$n\",\"reply\":\"done\"}" >/dev/null
done
dsync clerk
expect_ok "the server's triage model learns" "$ZILAD" triage train --db "$SRV"

printf '\377\330\377\340\000\020JFIF\000\001\001\000\000\001\000\001\000\000' > "$T/photo.jpg"
head -c 2000 /dev/urandom >> "$T/photo.jpg"
printf '\377\331' >> "$T/photo.jpg"
before=$(sqlite3 "$SRV" "select count(*) from grievance")
expect_eq "a request without service_code is accepted" "$(post "v2/requests.json?api_key=$key" \
	-F 'description=Big pothole on the road near the school, सड़क पर गड्ढा' -F phone=9876543210 -F first_name=Meena \
	-F "media=@$T/photo.jpg;type=image/jpeg")" 201
tok=$(js "d[0]['token']")
expect_match "answered with a token" "$tok" "^[0-9a-f]{8}-[0-9a-f]{4}-7"
expect_eq "and no request id yet" "$(js "'service_request_id' in d[0]")" False
expect_match "saying a clerk will choose the category" "$(js "d[0]['service_notice']")" "a clerk of the Collectorate will choose it"
expect_eq "no grievance was made" "$(sqlite3 "$SRV" "select count(*) from grievance")" "$before"
expect_eq "it is held, by the online channel, with the model's suggestion first" \
	"$(sqlite3 "$SRV" "select h.status, h.mobile, json_extract(h.suggested, '\$[0].category'), json_array_length(h.attachments), u.login
	from held_request h join audit_log a on json_extract(a.args, '\$.description') = h.description join app_user u on u.id = a.actor_id")" \
	"held|9876543210|ROAD|1|online"
expect_eq "GET tokens/TOKEN: still only the token" "$(post "v2/tokens/$tok.json" -X GET && js "repr(d)")" "200[{'token': '$tok'}]"
expect_match "in XML too" "$(post "v2/tokens/$tok.xml" -X GET; tr -d '\n' < "$T/b")" \
	"^200<\\?xml .*<service_requests><request><token>$tok</token></request></service_requests>$"
expect_eq "a request without category nor description is still refused" \
	"$(post "v2/requests.json?api_key=$key" -d phone=9876543210)" 400

# the desks
dsync clerk
dsync rev
expect_eq "the Revenue desk does not get held requests" "$(sqlite3 "$(desk rev)" "select count(*) from held_request")" 0
held=$("$ZILA" --db "$(desk clerk)" grievance held)
expect_match "the counter desk lists it with the suggestion and its words" "$held" "$tok .*Meena .*ROAD [0-9]+% \(.*(pothole|road)"
out=$(env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" grievance take "$tok" --category LAND)
expect_match "the clerk registers it in another category than suggested" "$out" "^DRG/G/01/2026/[0-9]{6}$"
num=$out
expect_exit 1 "taking it twice is refused" env ZILA_USER=clerk "$ZILA" --db "$(desk clerk)" grievance take "$tok" --category LAND
expect_match "saying as what" "$err" "already registered, as grievance $num"
expect_eq "no longer listed as held" "$("$ZILA" --db "$(desk clerk)" grievance held --json)" "[]"
dsync clerk
expect_eq "on the server: the grievance, routed by the chosen category, with the citizen's photo" \
	"$(sqlite3 "$SRV" "select g.channel, g.citizen_name, g.mobile, c.code, d.code, a.kind from grievance g
	join category c on c.id = g.category_id join department d on d.id = g.department_id
	join grievance_attachment a on a.grievance_id = g.id where g.number = '$num'")" "web|Meena|9876543210|LAND|REV|photo"
expect_eq "and the held request points to it" "$(sqlite3 "$SRV" "select h.status from held_request h join grievance g on g.id = h.grievance_id where g.number = '$num'")" registered
expect_eq "GET tokens/TOKEN now names the grievance" "$(post "v2/tokens/$tok.json" -X GET && js "d[0]['service_request_id']")" "200$num"
dsync rev
expect_eq "the Revenue desk has the grievance" "$(sqlite3 "$(desk rev)" "select count(*) from grievance where number = '$num'")" 1
expect_ok "and fetches the citizen's photo" "$ZILA" --db "$(desk rev)" sync --quiet --attachments
expect_eq "whole" "$(sqlite3 "$(desk rev)" "select count(*) from blob b join grievance_attachment a on a.sha256 = b.sha256 join grievance g on g.id = a.grievance_id where g.number = '$num'")" 1
expect_ok "every action still verifies" "$ZILAD" audit verify --db "$SRV"
expect_match "none unsigned" "$out" "0 audit rows without a signature"
converged clerk rev
finish
