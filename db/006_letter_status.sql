-- 006: open (or closed) letters newest first, a page at a time, read off
-- one index range in order: letter_status gains id, as the marking indexes
-- did in 004, so "(received_on, id) before (key, id)" needs no sort step.
DROP INDEX letter_status;
CREATE INDEX letter_status ON letter(status, received_on, id);
