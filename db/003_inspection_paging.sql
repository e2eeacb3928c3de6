-- 003: indexes for keyset paging of inspections (newest first, by
-- inspected_on and id, overall, per nodal officer and per gram
-- panchayat) and of suggestions (by target_date and id, per department
-- and status), so a page is read off an index without sorting.
CREATE INDEX inspection_date ON inspection(inspected_on, id);
CREATE INDEX inspection_nodal_date ON inspection(nodal_id, inspected_on, id);
CREATE INDEX inspection_gp_date ON inspection(gp_id, inspected_on, id);
DROP INDEX suggestion_dept;
CREATE INDEX suggestion_dept ON suggestion(department_id, status, target_date, id);
CREATE INDEX suggestion_status_target ON suggestion(status, target_date, id);
CREATE INDEX suggestion_target ON suggestion(target_date, id);
