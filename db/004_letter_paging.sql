-- 004: indexes for keyset paging of the TL lists (src/core/letter_query.c).
-- With id as the last column, a page "(due_date, id) after (key, id)" is one
-- range of the index read in order, with no sort step: a department's
-- overdue markings, the benchmarked TL page, read 50 index entries.
-- marking_letter also carries status, due date and department, so the
-- per-letter probes of a letter list (overdue, marked to) never read the row.
DROP INDEX marking_dept_due;
DROP INDEX marking_status_due;
DROP INDEX marking_letter;
CREATE INDEX marking_dept_due ON letter_marking(department_id, status, due_date, id);
CREATE INDEX marking_status_due ON letter_marking(status, due_date, id);
CREATE INDEX marking_letter ON letter_marking(letter_id, status, due_date, department_id);
