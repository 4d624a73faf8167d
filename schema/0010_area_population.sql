-- 0010: census figures (residents per area, year and group), loaded by
-- `fdss area population import`.  Where a figure exists for a unit of
-- `fdss report coverage`, the year of its --as-of date and a group, it
-- replaces the roster count as that row's denominator (fdss-report(1)).
CREATE TABLE population (
	area_code	TEXT NOT NULL REFERENCES area(code),
	year		INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
	-- 'all', 'priority', a priority group ('elderly', 'child', 'disabled',
	-- 'special_family', 'poverty', 'low_income', 'hypertension',
	-- 'diabetes', 'tb', 'smi') or 'households'; checked by population.c,
	-- so that a new group needs no migration
	grp		TEXT NOT NULL,
	residents	INTEGER NOT NULL CHECK (residents >= 0),
	PRIMARY KEY (area_code, year, grp)
) WITHOUT ROWID;
