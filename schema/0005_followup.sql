-- 0005: chronic-care follow-up (domain.md §5) — the rules as data, the
-- visits with the classification and next due date the rules computed,
-- and the referrals that oblige a follow-up.
--
-- Enrolment needs no table of its own: an active row of `condition`
-- enrols a person in its programme (copd and chronic both in 'chronic'),
-- age enrols people 65+ in 'elderly'.  The TB notification date (the
-- designated hospital's notice, from which the first home visit is due
-- within tb.first_visit_hours) is condition.since of the 'tb' row.

-- Intervals and thresholds of the national standard, changed by `fdss
-- rules set` (audited).  Values are decimal numbers as text; the keys are
-- fixed by libfdss (lib/followup_rules.c), which ignores unknown rows.
CREATE TABLE rule (
	program		TEXT NOT NULL,	-- a programme, 'referral' or 'general'
	key		TEXT NOT NULL,
	value		TEXT NOT NULL,
	description	TEXT NOT NULL,
	PRIMARY KEY (program, key)
) WITHOUT ROWID;
INSERT INTO rule (program, key, value, description) VALUES
	('hypertension', 'controlled_days', '90', 'next visit after a controlled visit'),
	('hypertension', 'uncontrolled_days', '14', 'next visit after a first uncontrolled visit'),
	('hypertension', 'adverse_days', '14', 'next visit after a drug adverse reaction'),
	('hypertension', 'referral_check_days', '14', 'check a referral (second uncontrolled visit, new or worse complication) within'),
	('hypertension', 'emergency_days', '14', 'check an urgent referral within'),
	('hypertension', 'sbp_limit', '140', 'controlled below this systolic pressure (mmHg)'),
	('hypertension', 'dbp_limit', '90', 'controlled below this diastolic pressure (mmHg)'),
	('hypertension', 'elderly_age', '65', 'age from which the _65 limits apply'),
	('hypertension', 'sbp_limit_65', '150', 'controlled below this systolic pressure at 65+'),
	('hypertension', 'dbp_limit_65', '90', 'controlled below this diastolic pressure at 65+'),
	('hypertension', 'emergency_sbp', '180', 'emergency at or above this systolic pressure'),
	('hypertension', 'emergency_dbp', '110', 'emergency at or above this diastolic pressure'),
	('hypertension', 'visits_per_year', '4', 'minimum face-to-face visits in a management year'),
	('diabetes', 'controlled_days', '90', 'next visit after a controlled visit'),
	('diabetes', 'uncontrolled_days', '14', 'next visit after a first uncontrolled visit'),
	('diabetes', 'adverse_days', '14', 'next visit after a drug adverse reaction'),
	('diabetes', 'referral_check_days', '14', 'check a referral (second uncontrolled visit, new or worse complication) within'),
	('diabetes', 'emergency_days', '14', 'check an urgent referral within'),
	('diabetes', 'fpg_limit', '7.0', 'controlled below this fasting glucose (mmol/L)'),
	('diabetes', 'emergency_fpg_high', '16.7', 'emergency at or above this fasting glucose'),
	('diabetes', 'emergency_fpg_low', '3.9', 'emergency at or below this fasting glucose'),
	('diabetes', 'emergency_sbp', '180', 'emergency at or above this systolic pressure'),
	('diabetes', 'emergency_dbp', '110', 'emergency at or above this diastolic pressure'),
	('diabetes', 'heart_rate_emergency', '100', 'emergency above this heart rate (beats/min)'),
	('diabetes', 'temperature_emergency', '39', 'emergency above this temperature (°C)'),
	('diabetes', 'visits_per_year', '4', 'minimum visits (and fasting-glucose tests) in a management year'),
	('smi', 'stable_days', '90', 'next visit after a stable visit'),
	('smi', 'basic_days', '14', 'next visit after a basically stable visit'),
	('smi', 'basic_again_days', '14', 'next visit after a second basically stable visit in a row (the 2017 standard: 30)'),
	('smi', 'unstable_days', '14', 'check the referral of an unstable patient within'),
	('smi', 'unstable_risk', '3', 'unstable from this risk level'),
	('smi', 'basic_risk', '1', 'basically stable from this risk level'),
	('smi', 'visits_per_year', '4', 'minimum visits in a management year'),
	('tb', 'intensive_days', '10', 'family-supervised, intensive phase: next visit after'),
	('tb', 'continuation_days', '30', 'family-supervised, continuation phase: next visit after'),
	('tb', 'staff_days', '30', 'staff-supervised: next visit after'),
	('tb', 'first_visit_hours', '72', 'first home visit within this many hours of the notification'),
	('tb', 'stopped_days', '14', 'treatment stopped: refer, phone follow-up within'),
	('tb', 'referral_days', '14', 'adverse reaction, complication or emergency: check the referral within'),
	('elderly', 'min_age', '65', 'age from which a person is in the programme'),
	('elderly', 'interval_months', '12', 'next health check after'),
	('elderly', 'visits_per_year', '1', 'minimum health checks in a management year'),
	('chronic', 'interval_months', '12', 'next visit after'),
	('chronic', 'visits_per_year', '1', 'minimum face-to-face visits in a management year'),
	('chronic', 'emergency_days', '14', 'check an urgent referral within'),
	('referral', 'followup_days', '14', 'every referral obliges a follow-up within'),
	('general', 'year_start_month', '1', 'first month of the management year');

-- One follow-up visit with what the rules made of it when it was stored
-- (or when an earlier visit was back-dated into its chain).  A chain is
-- a person's visits in one programme, by date; `latest` marks its last
-- visit, whose next_due is the one that counts.
CREATE TABLE followup (
	id		INTEGER PRIMARY KEY,
	id_number	TEXT NOT NULL REFERENCES person(id_number),
	program		TEXT NOT NULL CHECK (program = 'hypertension' OR
			program = 'diabetes' OR program = 'smi' OR
			program = 'tb' OR program = 'elderly' OR
			program = 'chronic'),
	visit_date	TEXT NOT NULL,		-- YYYY-MM-DD
	mode		TEXT NOT NULL CHECK (mode = 'clinic' OR
			mode = 'home' OR mode = 'phone'),
	doctor		TEXT,
	sbp		INTEGER,		-- mmHg; NULL: not measured
	dbp		INTEGER,
	heart_rate	INTEGER,		-- beats/min
	fpg		REAL,			-- fasting glucose, mmol/L
	temperature	REAL,			-- °C
	risk_level	INTEGER CHECK (risk_level BETWEEN 0 AND 5),	-- SMI
	insight		TEXT,			-- SMI: good, partial, none
	symptoms	TEXT,			-- SMI: none, some, marked
	social_function	TEXT,			-- SMI: good, fair, poor
	phase		TEXT,			-- TB: intensive, continuation,
						-- stopped, completed
	supervisor	TEXT,			-- TB: staff, family
	doses_taken	INTEGER,		-- TB, since the last visit
	doses_due	INTEGER,
	adverse_reaction INTEGER NOT NULL DEFAULT 0 CHECK (adverse_reaction IN (0, 1)),
	new_complication INTEGER NOT NULL DEFAULT 0 CHECK (new_complication IN (0, 1)),
	emergency	INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1)),
	classification	TEXT NOT NULL,		-- controlled, uncontrolled, ...
	next_due	TEXT,			-- NULL: none (TB closed)
	action		TEXT NOT NULL,		-- what to do, in words
	latest		INTEGER NOT NULL DEFAULT 1 CHECK (latest IN (0, 1)),
	recorded	TEXT NOT NULL		-- UTC, YYYY-MM-DDTHH:MM:SSZ
);
-- a person's history, one visit a day per programme
CREATE UNIQUE INDEX followup_person ON followup(id_number, program, visit_date);
-- due lists: the last visit of each chain by its next due date
CREATE INDEX followup_due ON followup(next_due, program) WHERE latest = 1;

-- A referral up (or down) and the follow-up it obliges by due_date.
-- Created by a visit whose classification refers (followup_id names it)
-- or by `fdss referral add`.  satisfied_by is the person's first visit in
-- the programme (any programme when program is NULL) after
-- referral_date, kept up to date when visits are recorded.
CREATE TABLE referral (
	id		INTEGER PRIMARY KEY,
	id_number	TEXT NOT NULL REFERENCES person(id_number),
	program		TEXT,
	referral_date	TEXT NOT NULL,		-- YYYY-MM-DD
	to_institution	TEXT,
	reason		TEXT,
	followup_id	INTEGER REFERENCES followup(id),
	due_date	TEXT NOT NULL,		-- follow-up due by
	satisfied_by	INTEGER REFERENCES followup(id)
);
CREATE INDEX referral_person ON referral(id_number, program);
CREATE UNIQUE INDEX referral_followup ON referral(followup_id);
CREATE INDEX referral_open ON referral(due_date) WHERE satisfied_by IS NULL;
