-- 0002: the resident roster — households, people, their conditions, and
-- the import batches that loaded them.

-- One run of `fdss import`.
CREATE TABLE import_batch (
	id		INTEGER PRIMARY KEY,
	file		TEXT NOT NULL,		-- as named on the command line
	sha256		TEXT NOT NULL,		-- of the bytes read
	format		TEXT NOT NULL CHECK (format IN ('csv', 'jsonl')),
	encoding	TEXT NOT NULL,
	operator	TEXT NOT NULL,
	command		TEXT,
	started		TEXT NOT NULL,		-- UTC, YYYY-MM-DDTHH:MM:SSZ
	finished	TEXT,
	rows_read	INTEGER NOT NULL DEFAULT 0,
	inserted	INTEGER NOT NULL DEFAULT 0,
	updated		INTEGER NOT NULL DEFAULT 0,
	unchanged	INTEGER NOT NULL DEFAULT 0,
	rejected	INTEGER NOT NULL DEFAULT 0,
	households	INTEGER NOT NULL DEFAULT 0	-- distinct households read
);

-- 户: keyed by the household number of the registry.
CREATE TABLE household (
	household_no	TEXT PRIMARY KEY,
	village_code	TEXT NOT NULL REFERENCES area(code),
	address		TEXT,
	phone		TEXT,
	poverty_attr	TEXT,		-- 贫困户属性: 一般贫困户 / 低保贫困户 / 特困供养贫困户
	batch_id	INTEGER REFERENCES import_batch(id)	-- last import that changed it
) WITHOUT ROWID;
CREATE INDEX household_village ON household(village_code);

-- A resident, known by the 18-character ID number.  Sex and birth date
-- are derived from it.  Never deleted: status says whether the person
-- still counts (moved out, deceased, removed with a reason and date).
-- A rowid table with a unique index rather than WITHOUT ROWID: rosters
-- arrive in household order, not ID order, and appending rows while only
-- the narrow index takes random inserts is four times faster at scale.
CREATE TABLE person (
	id		INTEGER PRIMARY KEY,
	id_number	TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	sex		TEXT NOT NULL CHECK (sex IN ('M', 'F')),
	birth_date	TEXT NOT NULL,
	-- deferred: an import stores a household after its first member
	household_no	TEXT NOT NULL REFERENCES household(household_no)
			DEFERRABLE INITIALLY DEFERRED,
	relation	TEXT NOT NULL,	-- 与户主关系: 户主, 配偶, 之子 ...
	person_no	TEXT,		-- 人编号 of the registry
	ethnicity	TEXT,
	education	TEXT,
	health		TEXT,		-- 健康状况 as given
	phone		TEXT,
	health_record_no TEXT,
	insurance_no	TEXT,
	disabled	INTEGER NOT NULL DEFAULT 0,
	serious_illness	INTEGER NOT NULL DEFAULT 0,
	special_family	INTEGER NOT NULL DEFAULT 0,	-- family-planning special family
	poverty		INTEGER NOT NULL DEFAULT 0,	-- 建档立卡
	poverty_attr	TEXT,
	poverty_exit_year INTEGER,
	low_income	INTEGER NOT NULL DEFAULT 0,
	status		TEXT NOT NULL DEFAULT 'active'
			-- OR, not IN: an IN list of three or more builds a
			-- temporary index every time the check runs
			CHECK (status = 'active' OR status = 'moved' OR
			       status = 'deceased' OR status = 'removed'),
	status_date	TEXT,
	status_reason	TEXT,
	extra		TEXT NOT NULL DEFAULT '{}',	-- unmapped input columns, verbatim
	batch_id	INTEGER REFERENCES import_batch(id),	-- last import that changed it
	batch_line	INTEGER		-- its line in that import
);
CREATE INDEX person_household ON person(household_no);

-- Chronic conditions; a condition enrols the person in its programme.
CREATE TABLE condition (
	id_number	TEXT NOT NULL REFERENCES person(id_number),
	kind		TEXT NOT NULL CHECK (kind = 'hypertension' OR
			kind = 'diabetes' OR kind = 'tb' OR kind = 'smi' OR
			kind = 'copd' OR kind = 'chronic'),
	since		TEXT,		-- diagnosis date, if known
	status		TEXT NOT NULL DEFAULT 'active'
			CHECK (status IN ('active', 'ended')),
	source		TEXT,		-- 'import', 'manual', ...
	PRIMARY KEY (id_number, kind)
) WITHOUT ROWID;
CREATE INDEX condition_kind ON condition(kind, status);
