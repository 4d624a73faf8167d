-- 0004: contracts (签约服务协议) — a household's contract with a team, the
-- members it covers, their packages and their fee lines.

-- number is "C" YYYY "-" NNNNNN: the year of the signing date and a
-- sequence within that year.  Dates are YYYY-MM-DD, inclusive.  Expiry
-- is not stored: an active contract whose end_date is before the
-- reference date is expired (fdss_contract_status_at()).
CREATE TABLE contract (
	id		INTEGER PRIMARY KEY,
	number		TEXT NOT NULL UNIQUE,
	household_no	TEXT NOT NULL REFERENCES household(household_no),
	team_code	TEXT NOT NULL REFERENCES team(code),
	doctor		TEXT NOT NULL,		-- the family doctor's name
	start_date	TEXT NOT NULL,
	end_date	TEXT NOT NULL,
	years		INTEGER NOT NULL CHECK (years BETWEEN 1 AND 3),
	status		TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending'
			OR status = 'active' OR status = 'rejected'
			OR status = 'terminated'),
	-- a contract is renewed at most once
	renews		INTEGER UNIQUE REFERENCES contract(id),
	created		TEXT NOT NULL,		-- UTC, YYYY-MM-DDTHH:MM:SSZ
	reviewed_at	TEXT,			-- as-of date of the review
	review_reason	TEXT,
	terminated_on	TEXT,			-- first day without service
	termination_reason TEXT CHECK (termination_reason = 'moved'
			OR termination_reason = 'unreachable'
			OR termination_reason = 'refused'
			OR termination_reason = 'request'
			OR termination_reason = 'death'
			OR termination_reason = 'duplicate'
			OR termination_reason = 'other'),
	refund_fen	INTEGER NOT NULL DEFAULT 0	-- resident's share refunded
);
CREATE INDEX contract_household ON contract(household_no);
-- a team's and a doctor's counts
CREATE INDEX contract_team ON contract(team_code, doctor, status);
-- contracts ending within N days
CREATE INDEX contract_ending ON contract(status, end_date);

-- The people a contract covers.
CREATE TABLE contract_member (
	contract_id	INTEGER NOT NULL REFERENCES contract(id),
	id_number	TEXT NOT NULL REFERENCES person(id_number),
	-- a member who died or moved away leaves the contract alone: the
	-- first day without coverage, why, and the refund of their share
	ended_on	TEXT,
	end_reason	TEXT,
	refund_fen	INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (contract_id, id_number)
) WITHOUT ROWID;
-- a person's current contract
CREATE INDEX contract_member_person ON contract_member(id_number);

-- Each covered person's packages; basic is always one of them.
CREATE TABLE contract_package (
	contract_id	INTEGER NOT NULL REFERENCES contract(id),
	id_number	TEXT NOT NULL,
	package_code	TEXT NOT NULL REFERENCES package(code),
	PRIMARY KEY (contract_id, id_number, package_code)
) WITHOUT ROWID;

-- The fee of each package for each contract year, by payer, in fen,
-- from the schedule in force at that year's start.
CREATE TABLE contract_fee (
	contract_id	INTEGER NOT NULL REFERENCES contract(id),
	id_number	TEXT NOT NULL,
	package_code	TEXT NOT NULL,
	year_start	TEXT NOT NULL,
	payer		TEXT NOT NULL CHECK (payer = 'public_health'
			OR payer = 'insurance' OR payer = 'resident'
			OR payer = 'subsidy'),
	amount_fen	INTEGER NOT NULL CHECK (amount_fen >= 0),
	PRIMARY KEY (contract_id, id_number, package_code, year_start, payer)
) WITHOUT ROWID;
