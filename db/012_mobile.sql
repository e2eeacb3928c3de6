-- 012: finding a citizen's grievances by mobile number at the counter.
-- Numbers are kept as their 10 digits (zila_mobile_normal, on write and
-- on search); rows written before that rule by other clients lose a
-- "+91" or a leading 0 here. The index holds (mobile, status, due_date,
-- id) like the other list filters (007), so a citizen's grievances are a
-- few index entries whatever the size of the table.
UPDATE grievance SET mobile = substr(mobile, 4)
	WHERE mobile GLOB '+91[6-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]';
UPDATE grievance SET mobile = substr(mobile, 2)
	WHERE mobile GLOB '0[6-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]';
CREATE INDEX grievance_mobile_due ON grievance(mobile, status, due_date, id);
