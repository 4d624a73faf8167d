-- 0013: the thresholds of `fdss check` (lib/check.c reads them; setting.c
-- writes them with `fdss setting set`).  fdss-check(1) gives the reasoning
-- behind each default.  OR IGNORE: a key set already (by hand, or a
-- database taken back to an older version and migrated again) keeps its
-- value.
INSERT OR IGNORE INTO setting (key, value) VALUES
	-- copied-measurements: patients of one doctor on one day with the
	-- same full set of measurements
	('check_copied_patients', '5'),
	-- implausible-workload: visits one doctor records in a day
	('check_workload_visits', '40'),
	-- digit-preference: blood pressure readings a doctor needs before
	-- the test is made, the significance level of the χ² test, and the
	-- share (percent) of readings ending in 0 or 5 it takes on top
	('check_digit_readings', '50'),
	('check_digit_p', '0.001'),
	('check_digit_share', '35'),
	-- flat-series: identical readings of a patient in a year
	('check_flat_readings', '4'),
	-- shared-phone: households sharing one phone number
	('check_shared_phone_households', '5'),
	-- bulk-unreviewed: contracts of a team approved on their signing
	-- day by the operator who signed them
	('check_bulk_contracts', '50');
