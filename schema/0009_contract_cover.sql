-- 0009: contract_cover, a person's place in a contract with what its
-- status at a date depends on: one row per member of every contract,
-- rejected ones included.  Which of them cover the person at a date is
-- not written here: it is the rule of fdss_contract_status_at() and
-- fdss_contract_cover_at(), which fdss registers on each connection as
-- the SQL functions fdss_contract_status(), fdss_cover_status() and
-- fdss_cover_signed() (lib/cover_int.h), e.g.
--   SELECT contract_id FROM contract_cover v WHERE v.id_number = ?
--   AND fdss_cover_status(v.status, v.reviewed_at, v.start_date,
--   v.end_date, v.terminated_on, v.ended_on, '2027-11-10') = 'active'
-- A simple join: SQLite flattens it into the query, so the indexes of
-- contract_member and contract serve it as before.
CREATE VIEW contract_cover AS
SELECT m.id_number, m.contract_id, c.number, c.household_no,
       c.team_code, c.doctor,
       c.status,		-- as stored: pending, active, rejected, terminated
       c.reviewed_at,		-- set when approved (or rejected)
       c.start_date, c.end_date,	-- inclusive
       c.terminated_on,	-- first day without service, or NULL
       m.ended_on		-- first day without this member's cover, or NULL
FROM contract_member m JOIN contract c ON c.id = m.contract_id;
