-- 007: indexes for keyset paging of grievance lists filtered by officer,
-- category, block or gram panchayat (src/core/grievance_query.c). Each
-- holds (filter, status, due_date, id), so a page by due date is one
-- walk per status of the index read in order: an officer's own list, a
-- category or a panchayat reads about 50 entries a status, whatever their
-- share of the table. The old single-purpose indexes are their prefixes.
DROP INDEX grievance_category;
DROP INDEX grievance_gp;
CREATE INDEX grievance_category_due ON grievance(category_id, status, due_date, id);
CREATE INDEX grievance_gp_due ON grievance(gp_id, status, due_date, id);
CREATE INDEX grievance_block_due ON grievance(block_id, status, due_date, id);
CREATE INDEX grievance_officer_due ON grievance(officer_id, status, due_date, id);
-- Newest first within a status, overall and per department (the "open"
-- lists by registration).
CREATE INDEX grievance_status_registered ON grievance(status, registered_on, id);
CREATE INDEX grievance_dept_registered ON grievance(department_id, status, registered_on, id);
