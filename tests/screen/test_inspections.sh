#!/bin/sh
# A panchayat inspection in the full-screen zila: the nodal officer records
# it with the checklist and two suggestions and submits it; the Revenue
# officer complies with the suggestion for Revenue. An admin types in a
# nodal officer's report, picking whose it is. Checked in the database.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk

start_zila 80 24 vt100
login nodal
keys 4
expect_screen "the inspections" "Inspections"
keys n
expect_screen "the inspection form" "Record an inspection"
expect_no_screen "a nodal officer records their own" "Nodal officer"
typed Anda; keys Enter Tab
expect_screen "the date starts at today" "2026-11-20"
keys Tab
typed 1; keys Tab
typed 3; keys Tab
typed 2; keys Tab
typed "पंचायत भवन में रिकॉर्ड अधूरे"; keys Tab
typed "रिकॉर्ड अद्यतन करें"; keys Tab
typed REV; keys Enter Tab
typed 2026-11-30; keys Tab
typed "हैंडपंप की मरम्मत"; keys Tab
typed PHED; keys Enter Tab
typed 2026-12-05
keys F2
expect_screen "recorded, and asked to submit" "Submit it now? (y/n)"
keys y
expect_screen "submitted" "submitted."
expect_eq "in the database" "$(q "select i.status || ' ' || g.lgd_code || ' ' || i.inspected_on from inspection i join gram_panchayat g on g.id = i.gp_id")" \
	"submitted 200101 2026-11-20"
expect_eq "the checklist answers" "$(q "select group_concat(rating, ',') from (select a.rating from inspection_answer a join checklist_item c on c.id = a.item_id order by c.position)")" \
	"good,poor,average"
expect_eq "two suggestions" "$(q "select d.code || ':' || s.status || ':' || s.target_date from suggestion s join department d on d.id = s.department_id order by d.code" | tr '\n' ' ')" \
	"PHED:pending:2026-12-05 REV:pending:2026-11-30 "
keys Q

start_zila 80 24 vt100
login rev.officer
keys 5
expect_screen "the department's pending suggestions" "रिकॉर्ड अद्यतन करें"
expect_no_screen "not another department's" "हैंडपंप की मरम्मत"
keys Enter
expect_screen "the inspection behind it" "Inspection DRG/I/07/2026/"
expect_screen "may comply" "y comply"
keys y
expect_screen "the compliance form" "Report compliance with a suggestion"
keys Enter
expect_screen "only Revenue's suggestion to pick" "REV रिकॉर्ड अद्यतन करें"
keys Enter Tab
typed "सभी रिकॉर्ड अद्यतन कर दिए गए"
keys F2
expect_screen "saved" "Saved."
expect_eq "complied in the database" "$(q "select d.code || ':' || s.status || ':' || coalesce(s.compliance_note, '') from suggestion s join department d on d.id = s.department_id order by d.code" | tr '\n' ' ')" \
	"PHED:pending: REV:complied:सभी रिकॉर्ड अद्यतन कर दिए गए "
keys Q

start_zila 80 24 vt100
login admin
keys 4
keys n
expect_screen "the admin's inspection form" "Record an inspection"
expect_screen "asks whose report it is" "Nodal officer"
keys F2
expect_screen "the nodal officer is required" "This field is required."
expect_eq "nothing recorded yet" "$(q "select count(*) from inspection")" 1
typed nodal; keys Enter Tab
typed Bori; keys Enter Tab
keys Tab
typed 1; keys Tab
typed 1; keys Tab
typed 4
keys F2
expect_screen "recorded by the admin" "Submit it now? (y/n)"
keys n
expect_screen "kept as a draft" "DRG/I/07/2026/00002 kept as a"
expect_eq "the nodal officer's, typed in by the admin" "$(q "select g.lgd_code || ' ' || n.login || ' ' || a.login
	from inspection i join gram_panchayat g on g.id = i.gp_id join app_user n on n.id = i.nodal_id
	join inspection_event e on e.inspection_id = i.id join app_user a on a.id = e.actor_id where i.status = 'draft'")" \
	"200102 nodal admin"
keys Q
finish
