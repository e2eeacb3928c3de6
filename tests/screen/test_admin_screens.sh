#!/bin/sh
# What the admin could do only on the command line, on screen (issue 11):
# add a user and set a new password, through the core's user.* actions;
# the new user logs in with it. A clerk is offered neither.
. "$srcdir/tests/lib.sh"
. "$srcdir/tests/screen/lib.sh"
setup_desk

start_zila 80 24 vt100
login admin
keys 7
expect_screen "the users" "Users"
expect_screen "the admin may add one" "n new"
keys n
expect_screen "the user form" "Add a user"
typed "meena.clerk"; keys Tab
typed "Meena Sahu"; keys Tab
typed clerk; keys Tab
keys F2
expect_screen "asks the password" "New password for meena.clerk:"
typed "counter-2026"; keys Enter
expect_screen "and again" "The same again:"
typed "counter-2026"; keys Enter
expect_screen "added" "User meena.clerk added."
expect_eq "in the database, active, a clerk" "$(q "select role || ' ' || active || ' ' || name from app_user where login = 'meena.clerk'")" \
	"clerk 1 Meena Sahu"
expect_eq "the password kept only as a sealed signing key" \
	"$(q "select count(*) from app_user where login = 'meena.clerk' and length(sealed_sk) = 208 and pw_hash = ''")" 1
# a new password for the clerk
keys /
typed "Ram Clerk"; keys Enter
expect_screen "found" "1 row"
keys Enter
expect_screen "the user's record" "User clerk"
expect_screen "a new password offered" "P password"
keys P
typed "new-pass-1"; keys Enter
typed "not-the-same"; keys Enter
expect_screen "two different ones refused" "the two passwords differ"
keys P
typed "new-pass-1"; keys Enter
typed "new-pass-1"; keys Enter
expect_screen "changed" "The password of clerk is changed."
# the admin deactivates the PWD officer (a signed user.deactivate)
keys q
expect_screen "back at the users" "Users"
keys x
keys /
typed "PWD Officer"; keys Enter
expect_screen "found the officer" "1 row"
keys Enter
expect_screen "the officer's record offers deactivation" "X deactivate"
keys X
expect_screen "asks first" "Deactivate pwd.officer?"
keys n
expect_eq "n changes nothing" "$(q "select active from app_user where login = 'pwd.officer'")" 1
keys X
expect_screen "asks again" "Deactivate pwd.officer?"
keys y
expect_screen "deactivated" "pwd.officer is deactivated"
expect_eq "inactive in the database" "$(q "select active from app_user where login = 'pwd.officer'")" 0
expect_eq "by an audited action" "$(q "select count(*) from audit_log where action = 'user.deactivate'")" 1
expect_exit 1 "the officer can no longer log in" env ZILA_USER=pwd.officer ZILA_PASSWORD=password1 "$ZILA" grievance list
keys Q

# the clerk logs in with the new password; the old one no longer works
expect_exit 1 "the old password is refused" env ZILA_USER=clerk ZILA_PASSWORD=password1 "$ZILA" grievance list
expect_ok "the new one works" env ZILA_USER=clerk ZILA_PASSWORD=new-pass-1 "$ZILA" grievance list
expect_ok "the new user logs in" env ZILA_USER=meena.clerk ZILA_PASSWORD=counter-2026 "$ZILA" grievance list

# masters on screen (9): a department added, a category's time limit
# changed, a panchayat assigned to a nodal officer; all through master.*
audited=$(q "select count(*) from audit_log where action in ('master.department', 'master.category', 'master.nodal')")
start_zila 80 24 vt100
login admin
keys 9
expect_screen "the kinds of masters" "Masters: which?"
keys Enter
expect_screen "the departments, and a way to add one" "(add a new one)"
expect_screen "with their names" "Public Works"
keys Enter
expect_screen "the department form" "A department"
typed EDU; keys Tab
typed Education; keys Tab
typed "शिक्षा"
keys F2
expect_screen "saved" "Saved."
expect_eq "the department, active" "$(q "select code || ' ' || name_en || ' ' || name_hi || ' ' || active from department where code = 'EDU'")" \
	"EDU Education शिक्षा 1"
typed "categ"; keys Enter
expect_screen "the categories" "Drinking water"
typed WATER; keys Enter
expect_screen "the category, filled in" "Drinking water"
keys Tab Tab Tab Tab
keys C-u; typed 5
keys F2
expect_screen "saved" "Saved."
expect_eq "the time limit changed, nothing else" "$(q "select c.days || ' ' || c.name_en || ' ' || d.code from category c join department d on d.id = c.department_id where c.code = 'WATER'")" \
	"5 Drinking water PHED"
typed assign; keys Enter
expect_screen "the assignment form" "A nodal officer's gram panchayat"
typed nodal; keys Enter Tab
typed Selud; keys Enter
keys F2
expect_screen "saved" "Saved."
expect_eq "Selud assigned to nodal" "$(q "select count(*) from nodal_assignment a join app_user u on u.id = a.user_id join gram_panchayat g on g.id = a.gp_id where u.login = 'nodal' and g.lgd_code = '200201'")" 1
keys Escape
expect_eq "every change audited as the admin's action" "$(q "select count(*) from audit_log where action in ('master.department', 'master.category', 'master.nodal')")" $((audited + 3))
keys Q

# a clerk sees the users, may add none, and may set only their own password
start_zila 80 24 vt100
wait_for "Log in to Zila Desk" 10 || true
typed meena.clerk; keys Enter
typed counter-2026; keys Enter
expect_screen "meena logs in" "Home"
keys 7
expect_screen "the users" "Users"
expect_no_screen "no 'new' for a clerk" "n new"
keys /
typed "Meena"; keys Enter Enter
expect_screen "her own record" "User meena.clerk"
expect_screen "her own password" "P password"
keys q x /
typed "Ram Clerk"; keys Enter Enter
expect_screen "another's record" "User clerk"
expect_no_screen "not another's password" "P password"
keys 9
expect_screen "masters are the admin's" "Only an admin changes the masters."
keys Q
finish
