-- bench/report.sh: `fdss report overdue` written by hand, for sqlite3 on
-- the same database, from the definitions of fdss-report(1) with the
-- default rules written in.  @REF@ is the reference date, @CUT65@ the
-- last birth date of the 65-year-olds at @REF@ and @Y0@ the first day of
-- its management year.
--
-- One row per open obligation whose due date is before @REF@:
--   next_due        the last visit's next due date (latest = 1), the
--                   person still in the programme
--   first_visit     an active condition and no visit in its programme:
--                   due on the diagnosis date, or @Y0@ when unknown
--   tb_first_visit  tuberculosis notified on since, no visit: since + 3 days
--   yearly          65 or older, never an elderly check: due 12 months
--                   after the 65th birthday
--   referral        no visit in its programme (any, when it names none)
--                   after the referral date: due on its due date
-- UNION, not UNION ALL: the same obligation twice (two referrals of a
-- programme on one day) is one row.  A visit after @REF@ counts as made
-- (the list is made for the day it is run on).
-- For active people, with the team and doctor of the contract that
-- covers them at @REF@ (approved, running, not terminated, their cover
-- not ended), or none.  sqlite3 has none of fdss's functions, so the
-- cover rule and the programme of a condition (copd is 'chronic') are
-- written out.
WITH ob(id_number, program, why, due, arg) AS (
  SELECT f.id_number, f.program, 1, f.next_due, f.visit_date
  FROM followup f
  WHERE f.latest = 1 AND f.next_due < '@REF@'
    AND CASE f.program
      WHEN 'elderly' THEN (SELECT p.birth_date <= '@CUT65@' FROM person p
        WHERE p.id_number = f.id_number)
      ELSE EXISTS (SELECT 1 FROM condition c WHERE c.id_number = f.id_number
        AND c.status = 'active'
        AND CASE c.kind WHEN 'copd' THEN 'chronic' ELSE c.kind END = f.program)
      END
  UNION
  SELECT id_number, program, why, due, since FROM (
    SELECT c.id_number, CASE c.kind WHEN 'copd' THEN 'chronic' ELSE c.kind END AS program,
      CASE WHEN c.kind = 'tb' AND c.since IS NOT NULL THEN 3 ELSE 2 END AS why,
      CASE WHEN c.since IS NULL THEN '@Y0@'
        WHEN c.kind = 'tb' THEN date(c.since, '+3 days') ELSE c.since END AS due,
      c.since
    FROM condition c
    WHERE c.status = 'active'
      AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.id_number = c.id_number
        AND f.program = CASE c.kind WHEN 'copd' THEN 'chronic' ELSE c.kind END))
  WHERE due < '@REF@'
  UNION
  SELECT id_number, 'elderly', 6, date(since, '+12 months'), since FROM (
    SELECT p.id_number, date(p.birth_date, '+65 years') AS since FROM person p
    WHERE p.status = 'active' AND p.birth_date <= '@CUT65@'
      AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.id_number = p.id_number
        AND f.program = 'elderly'))
  WHERE date(since, '+12 months') < '@REF@'
  UNION
  SELECT r.id_number, coalesce(r.program, 'referral'), 5, r.due_date, r.referral_date
  FROM referral r
  WHERE r.due_date < '@REF@' AND r.referral_date <= '@REF@'
    AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.id_number = r.id_number
      AND (r.program IS NULL OR f.program = r.program)
      AND f.visit_date > r.referral_date)),
o AS (
  SELECT ob.*, p.name, p.phone, h.village_code,
    (SELECT m.contract_id FROM contract_member m CROSS JOIN contract k ON k.id = m.contract_id
     WHERE m.id_number = ob.id_number
       AND (k.status = 'active' OR (k.status = 'terminated'
         AND k.reviewed_at IS NOT NULL AND k.terminated_on > '@REF@'))
       AND k.start_date <= '@REF@' AND k.end_date >= '@REF@'
       AND (m.ended_on IS NULL OR m.ended_on > '@REF@')
     ORDER BY k.start_date DESC LIMIT 1) AS contract_id,
    (SELECT max(f.visit_date) FROM followup f WHERE f.id_number = ob.id_number
     AND (ob.program = 'referral' OR f.program = ob.program)
     AND f.visit_date <= '@REF@') AS last_visit
  FROM ob JOIN person p ON p.id_number = ob.id_number
  JOIN household h ON h.household_no = p.household_no
  WHERE p.status = 'active')
SELECT k.team_code, k.doctor, t.name, v.name, o.name, o.id_number, o.phone,
  o.program,
  CASE o.why WHEN 1 THEN 'next_due' WHEN 2 THEN 'first_visit'
    WHEN 3 THEN 'tb_first_visit' WHEN 5 THEN 'referral' ELSE 'yearly' END,
  CASE o.why WHEN 1 THEN 'next due from the visit of ' || o.arg
    WHEN 2 THEN coalesce('first visit after diagnosis on ' || o.arg,
      'first visit after diagnosis (date unknown)')
    WHEN 3 THEN 'tb first home visit within 72 hours of notification on ' || o.arg
    WHEN 5 THEN 'referral of ' || o.arg || ': follow-up due by ' || o.due
    ELSE 'elderly check: none in 12 months since reaching 65 on ' || o.arg END,
  o.last_visit, o.due,
  CAST(julianday('@REF@') - julianday(o.due) AS INTEGER)
FROM o LEFT JOIN contract k ON k.id = o.contract_id
LEFT JOIN area v ON v.code = o.village_code
LEFT JOIN area t ON t.code = v.parent
ORDER BY k.team_code IS NULL, k.team_code, o.village_code, o.due, o.id_number,
  o.program, o.why;
