-- 0001: the core tables every later module stands on.

-- Administrative divisions (statistical division codes).  Level and parent
-- follow from the code; parent is not a foreign key because the files of
-- the different levels load in any order.
CREATE TABLE area (
	code	TEXT PRIMARY KEY,	-- 2, 4, 6, 9 or 12 digits
	name	TEXT NOT NULL,
	-- OR, not IN: SQLite builds a temporary index for an IN list of
	-- three or more values every time the check runs
	level	TEXT NOT NULL CHECK (level = 'province' OR level = 'city' OR
		level = 'county' OR level = 'township' OR level = 'village'),
	parent	TEXT			-- code without its last level
) WITHOUT ROWID;
CREATE INDEX area_name ON area(name);

-- Every change to stored records: written by the module that makes the
-- change, in the same transaction.
CREATE TABLE audit_log (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,	-- UTC, YYYY-MM-DDTHH:MM:SSZ
	operator	TEXT NOT NULL,
	command		TEXT,		-- the command line
	table_name	TEXT NOT NULL,
	row_key		TEXT NOT NULL,
	before		TEXT,		-- JSON, NULL for an insert
	after		TEXT,		-- JSON, NULL for a delete
	reason		TEXT
);
CREATE INDEX audit_log_row ON audit_log(table_name, row_key);
