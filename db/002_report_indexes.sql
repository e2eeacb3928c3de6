-- 002: indexes for the reports and the home screen counts (report.c), so
-- each report is a handful of index scans on 1,000,000 letters and
-- grievances. Partial indexes hold only what is still pending, which keeps
-- them small and cheap to keep up to date; they end with status so that
-- SQLite 3.40 counts them as covering. The "ended" indexes are on
-- expressions, which 3.40 never counts as covering: they serve only short
-- ranges (the days of a period, or since a recent date).

-- TL: pending markings per department, with what the age buckets and the
-- overdue count read.
CREATE INDEX marking_pending ON letter_marking(department_id, marked_on, due_date, status) WHERE status = 'pending';
-- TL: markings received in a period.
CREATE INDEX marking_marked ON letter_marking(marked_on, department_id);
-- TL: the day a marking stopped being pending (replied, or closed unreplied).
CREATE INDEX marking_ended ON letter_marking(coalesce(replied_on, closed_on), department_id, marked_on, due_date);

-- Grievances: open ones per department and category.
CREATE INDEX grievance_open ON grievance(department_id, category_id, registered_on, due_date, status)
	WHERE status IN ('registered', 'assigned', 'in_progress', 'appealed');
-- Grievances: the day one stopped being pending (disposed, or closed as a
-- duplicate), for disposals in a period and pendency as of a past date.
CREATE INDEX grievance_ended ON grievance(coalesce(disposed_on, closed_on), status, department_id, category_id,
	registered_on, due_date, disposed_on);
