-- 0007: a covered person's packages are the rows of contract_fee, one
-- per member, package and contract year, also when no payer pays for it
-- (a personalised package without a fee schedule): 0004's
-- contract_package said the same thing again in a table of its own,
-- and signing wrote both.  A fee row now belongs to a member of its
-- contract and names a package that exists.  The rows of
-- contract_package that had no fee row become rows of nothing to pay,
-- one for each year of the contract; a year starts on the anniversary
-- of the start date (29 February: 1 March in a common year, as
-- date(..., '+N years') and fdss_contract_year_start() count it).
CREATE TABLE contract_fee_new (
	contract_id	INTEGER NOT NULL,
	id_number	TEXT NOT NULL,
	package_code	TEXT NOT NULL REFERENCES package(code),
	year_start	TEXT NOT NULL,		-- the contract year it pays for
	public_health_fen INTEGER NOT NULL DEFAULT 0
			CHECK (public_health_fen >= 0),
	insurance_fen	INTEGER NOT NULL DEFAULT 0 CHECK (insurance_fen >= 0),
	resident_fen	INTEGER NOT NULL DEFAULT 0 CHECK (resident_fen >= 0),
	-- the resident's share paid by the poverty subsidy
	subsidy_fen	INTEGER NOT NULL DEFAULT 0 CHECK (subsidy_fen >= 0),
	PRIMARY KEY (contract_id, id_number, package_code, year_start),
	FOREIGN KEY (contract_id, id_number)
		REFERENCES contract_member(contract_id, id_number)
) WITHOUT ROWID;
INSERT INTO contract_fee_new
	SELECT contract_id, id_number, package_code, year_start,
	       public_health_fen, insurance_fen, resident_fen, subsidy_fen
	FROM contract_fee;
INSERT OR IGNORE INTO contract_fee_new (contract_id, id_number,
					package_code, year_start)
	SELECT p.contract_id, p.id_number, p.package_code,
	       date(c.start_date, '+' || y.k || ' years')
	FROM contract_package p
	JOIN contract c ON c.id = p.contract_id
	JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) y
	  ON y.k < c.years;
DROP TABLE contract_fee;
DROP TABLE contract_package;
ALTER TABLE contract_fee_new RENAME TO contract_fee;
