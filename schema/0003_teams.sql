-- 0003: settings, family doctor teams, service packages and their fees.

-- Numbers an administrator may change with their audit trail (domain.md
-- "(cfg)").  Values are text; fdss_setting_get_int() reads the numbers.
CREATE TABLE setting (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO setting (key, value) VALUES
	('doctor_limit', '2000'),		-- signed residents per doctor
	('renewal_grace_days', '90'),		-- renewal still possible after the end
	('renewal_reminder_days', '30');	-- reminders before the end

-- 家庭医生团队: belongs to a township health centre or community health
-- service centre.
CREATE TABLE team (
	code		TEXT PRIMARY KEY,	-- e.g. T01
	name		TEXT NOT NULL,
	institution	TEXT NOT NULL,		-- the centre it belongs to
	area_code	TEXT REFERENCES area(code),	-- where it serves, or NULL
	created		TEXT NOT NULL		-- YYYY-MM-DD, the command's as-of date
) WITHOUT ROWID;

-- Members; never deleted (contracts name their doctor), only made
-- inactive.
CREATE TABLE team_member (
	id		INTEGER PRIMARY KEY,
	team_code	TEXT NOT NULL REFERENCES team(code),
	name		TEXT NOT NULL,
	role		TEXT NOT NULL CHECK (role IN ('doctor', 'lead', 'nurse',
			'public-health', 'pharmacist', 'health-manager',
			'psychologist', 'social-worker', 'specialist')),
	title		TEXT,			-- 主治医师, 护师 ...
	phone		TEXT,
	active		INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	UNIQUE (team_code, name, role)
);

-- The basic package and the personalised packages, with eligibility.
-- NULL bounds and a NULL sex or condition mean "anyone".  A condition of
-- 'chronic' means any active condition (or the roster's serious-illness
-- flag): see fdss_package_eligible().  So 'serious' (serious-illness
-- follow-up) is for anyone with a chronic condition of any kind —
-- hypertension, diabetes, tb, smi, copd or other — or whom the roster
-- flags as seriously ill (大病).
CREATE TABLE package (
	code		TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	name_zh		TEXT NOT NULL,
	min_age		INTEGER CHECK (min_age >= 0),	-- whole years, inclusive
	max_age		INTEGER CHECK (max_age >= 0),	-- inclusive
	sex		TEXT CHECK (sex IN ('M', 'F')),
	condition	TEXT CHECK (condition IN ('hypertension', 'diabetes',
			'tb', 'smi', 'copd', 'chronic')),
	personalised	INTEGER NOT NULL DEFAULT 1 CHECK (personalised IN (0, 1)),
	description	TEXT
);	-- a rowid table: listed in the order inserted (domain.md §4)
INSERT INTO package (code, name, name_zh, min_age, max_age, sex, condition,
		     personalised, description) VALUES
	('basic', 'basic package', '基础服务包', NULL, NULL, NULL, NULL, 0,
	 'basic medical care and the national basic public-health services'),
	('child', 'child health', '儿童健康服务包', 0, 6, NULL, NULL, 1,
	 'growth and development checks and child care advice'),
	('maternal', 'maternal health', '孕产妇健康服务包', 15, 49, 'F', NULL, 1,
	 'antenatal and postnatal visits'),
	('hypertension', 'hypertension care', '高血压患者服务包', NULL, NULL, NULL,
	 'hypertension', 1,
	 'blood pressure follow-up, medication and lifestyle advice'),
	('diabetes', 'diabetes care', '糖尿病患者服务包', NULL, NULL, NULL,
	 'diabetes', 1,
	 'blood glucose follow-up, medication and lifestyle advice'),
	('copd', 'COPD care', '慢阻肺患者服务包', NULL, NULL, NULL, 'copd', 1,
	 'lung function follow-up and rehabilitation'),
	('pain', 'low-back and leg pain', '腰腿痛服务包', 40, NULL, NULL, NULL, 1,
	 'assessment, rehabilitation and traditional Chinese medicine'),
	('elderly', 'home elderly care', '居家养老服务包', 65, NULL, NULL, NULL, 1,
	 'home visits, health checks and care advice'),
	('serious', 'serious-illness follow-up', '大病随访服务包', NULL, NULL, NULL,
	 'chronic', 1, 'follow-up after treatment of a serious illness'),
	('smi', 'severe mental disorder follow-up', '严重精神障碍患者服务包',
	 NULL, NULL, NULL, 'smi', 1,
	 'follow-up of severe mental disorders and medication');

-- Annual fee per person of a package, split by payer, in integer fen,
-- effective from a date, for the villages under area_prefix ('' is the
-- whole country).  The row in force for a village on a date is the one
-- with the longest matching prefix and then the latest effective_from on
-- or before that date.  Personalised packages have no row by default:
-- they cost nothing until `fdss fee set` gives them one.
CREATE TABLE fee_schedule (
	id		INTEGER PRIMARY KEY,
	package_code	TEXT NOT NULL REFERENCES package(code),
	effective_from	TEXT NOT NULL,		-- YYYY-MM-DD
	area_prefix	TEXT NOT NULL DEFAULT '',	-- digits of a division code
	public_health_fen INTEGER NOT NULL CHECK (public_health_fen >= 0),
	insurance_fen	INTEGER NOT NULL CHECK (insurance_fen >= 0),
	resident_fen	INTEGER NOT NULL CHECK (resident_fen >= 0),
	-- 1: a poverty-registry resident's own share is paid by the subsidy
	poverty_subsidy	INTEGER NOT NULL DEFAULT 0 CHECK (poverty_subsidy IN (0, 1)),
	UNIQUE (package_code, area_prefix, effective_from)
);
-- Seed 000: at least 36 yuan = 12 public health + 12 insurance + 12 resident.
INSERT INTO fee_schedule (package_code, effective_from, area_prefix,
			  public_health_fen, insurance_fen, resident_fen,
			  poverty_subsidy)
	VALUES ('basic', '2016-01-01', '', 1200, 1200, 1200, 1);
