-- 028: an enrolment the desk names, so that a retry is not a second desk.
-- zila enrol sends a random enrolment id with its request and sends the
-- same one again when the answer is lost on the way (a cut link, a
-- time-out): zilad then gives the desk it already made a fresh token
-- instead of making another, which would use up another of the user's
-- desk slots (desks_per_user) for a desk nobody holds. NULL on desks
-- enrolled before this, and from desks that name none.
ALTER TABLE desk_token ADD COLUMN enrolment TEXT CHECK (enrolment IS NULL OR length(enrolment) = 32);
