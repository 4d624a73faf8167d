-- bench/report.sh: `fdss report coverage --by township` written by hand,
-- for sqlite3 on the same database.  @REF@ is the reference date, @CUT65@
-- the last birth date of the 65-year-olds at @REF@ (elderly.min_age) and
-- @CUT7@ the last birth date of those already 7 (children are 0-6).
--
-- One row per township with residents: residents (active at @REF@: not
-- gone before it, status_date being the first day without them, and
-- born) and
-- how many of them are signed (an active contract covers them at @REF@:
-- the contract approved and running, not terminated, the member's own
-- cover not ended), for everyone, the priority groups together (a person
-- once) and each group, and households (signed: any member signed).  A
-- TOTAL row sums the townships: each person and household is in one.
-- The rule of "active at @REF@" (fdss_cover_status() in fdss) is written
-- out in plain SQL, since sqlite3 does not have fdss's functions.
WITH p AS (
  SELECT substr(h.village_code, 1, 9) AS unit, p.household_no,
    p.birth_date <= '@CUT65@' AS elderly,
    p.birth_date > '@CUT7@' AND p.birth_date <= '@REF@' AS child,
    p.disabled AS disabled, p.special_family AS special_family,
    p.poverty AS poverty, p.low_income AS low_income,
    -- the active conditions as bits, in one look-up: 1 hypertension,
    -- 2 diabetes, 4 tb, 8 smi (a person has each kind at most once)
    (SELECT coalesce(sum(CASE c.kind WHEN 'hypertension' THEN 1
       WHEN 'diabetes' THEN 2 WHEN 'tb' THEN 4 WHEN 'smi' THEN 8 ELSE 0 END), 0)
     FROM condition c WHERE c.id_number = p.id_number AND c.status = 'active') AS cb,
    EXISTS (SELECT 1 FROM contract_member m CROSS JOIN contract k ON k.id = m.contract_id
      WHERE m.id_number = p.id_number
      AND (k.status = 'active' OR (k.status = 'terminated'
        AND k.reviewed_at IS NOT NULL AND k.terminated_on > '@REF@'))
      AND k.start_date <= '@REF@' AND k.end_date >= '@REF@'
      AND (m.ended_on IS NULL OR m.ended_on > '@REF@')) AS signed
  FROM person p JOIN household h ON h.household_no = p.household_no
  WHERE (p.status = 'active' OR p.status_date > '@REF@')
    AND p.birth_date <= '@REF@'),
q AS (
  SELECT unit, household_no, signed, elderly, child, disabled,
    special_family, poverty, low_income, (cb & 1) > 0 AS hypertension,
    (cb & 2) > 0 AS diabetes, (cb & 4) > 0 AS tb, (cb & 8) > 0 AS smi,
    elderly OR child OR disabled OR special_family OR poverty OR low_income
      OR cb > 0 AS priority
  FROM p),
u AS (
  SELECT unit, count(*) AS residents, sum(signed) AS signed,
    sum(priority) AS priority, sum(priority AND signed) AS priority_signed,
    sum(elderly) AS elderly, sum(elderly AND signed) AS elderly_signed,
    sum(child) AS child, sum(child AND signed) AS child_signed,
    sum(disabled) AS disabled, sum(disabled AND signed) AS disabled_signed,
    sum(special_family) AS special_family,
    sum(special_family AND signed) AS special_family_signed,
    sum(poverty) AS poverty, sum(poverty AND signed) AS poverty_signed,
    sum(low_income) AS low_income, sum(low_income AND signed) AS low_income_signed,
    sum(hypertension) AS hypertension, sum(hypertension AND signed) AS hypertension_signed,
    sum(diabetes) AS diabetes, sum(diabetes AND signed) AS diabetes_signed,
    sum(tb) AS tb, sum(tb AND signed) AS tb_signed,
    sum(smi) AS smi, sum(smi AND signed) AS smi_signed,
    count(DISTINCT household_no) AS households,
    count(DISTINCT CASE WHEN signed THEN household_no END) AS households_signed
  FROM q GROUP BY unit)
SELECT * FROM u
UNION ALL
SELECT 'TOTAL', sum(residents), sum(signed), sum(priority), sum(priority_signed),
  sum(elderly), sum(elderly_signed), sum(child), sum(child_signed),
  sum(disabled), sum(disabled_signed), sum(special_family),
  sum(special_family_signed), sum(poverty), sum(poverty_signed),
  sum(low_income), sum(low_income_signed), sum(hypertension),
  sum(hypertension_signed), sum(diabetes), sum(diabetes_signed), sum(tb),
  sum(tb_signed), sum(smi), sum(smi_signed), sum(households),
  sum(households_signed)
FROM u;
