-- 0012: numbers that stay unique outside the county (issue 15).
--
-- The county of a database: the setting 'county' (6 digits, '' while
-- unset), else the one county of its households' villages, else the one
-- county of the villages in `area` (area.c: fdss_county_code()).
INSERT INTO setting (key, value) VALUES ('county', '');

-- A contract number is "C" COUNTY "-" YYYY "-" NNNNNN (C140826-2026-000001):
-- the county, the year of the signing date and a sequence within the
-- county and year (contract_sign.c: next_number).  Numbers of the old
-- form "C" YYYY "-" NNNNNN move to the new form with the county of the
-- contract's household; the old number stays in old_number, where
-- fdss contract show, review, renew and terminate still find it
-- (contract_read.c).  Not unique: two counties merged into one database
-- may both have had a C2026-000001.
ALTER TABLE contract ADD COLUMN old_number TEXT;
UPDATE contract SET old_number = number,
	number = 'C' || (SELECT substr(h.village_code, 1, 6) FROM household h
			 WHERE h.household_no = contract.household_no)
		 || '-' || substr(number, 2)
WHERE number GLOB 'C[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]'
  AND EXISTS (SELECT 1 FROM household h
	      WHERE h.household_no = contract.household_no);
CREATE INDEX contract_old_number ON contract(old_number)
	WHERE old_number IS NOT NULL;

-- A visit or referral brought in by `fdss import` of another county's
-- export keeps the id it had there ("451026-V42"), so that importing the
-- same export again updates it instead of adding it twice, and a later
-- export names it as its county did (exchange_import.c).  NULL for the
-- county's own records, whose exported id is COUNTY-V<id> / COUNTY-R<id>.
ALTER TABLE followup ADD COLUMN origin TEXT;
CREATE UNIQUE INDEX followup_origin ON followup(origin)
	WHERE origin IS NOT NULL;
ALTER TABLE referral ADD COLUMN origin TEXT;
CREATE UNIQUE INDEX referral_origin ON referral(origin)
	WHERE origin IS NOT NULL;
