-- 0006: a contract's fees as one row per member, package and contract
-- year, with a column per payer, instead of one row per payer: signing a
-- household stores a third as many fee rows.  A fee line of fdss(7) is a
-- payer's column that is not zero; a row has at least one.  The rows of
-- 0004's table move over, summed by payer.
CREATE TABLE contract_fee_year (
	contract_id	INTEGER NOT NULL REFERENCES contract(id),
	id_number	TEXT NOT NULL,
	package_code	TEXT NOT NULL,
	year_start	TEXT NOT NULL,		-- the contract year it pays for
	public_health_fen INTEGER NOT NULL DEFAULT 0
			CHECK (public_health_fen >= 0),
	insurance_fen	INTEGER NOT NULL DEFAULT 0 CHECK (insurance_fen >= 0),
	resident_fen	INTEGER NOT NULL DEFAULT 0 CHECK (resident_fen >= 0),
	-- the resident's share paid by the poverty subsidy
	subsidy_fen	INTEGER NOT NULL DEFAULT 0 CHECK (subsidy_fen >= 0),
	PRIMARY KEY (contract_id, id_number, package_code, year_start)
) WITHOUT ROWID;
INSERT INTO contract_fee_year (contract_id, id_number, package_code,
			       year_start, public_health_fen, insurance_fen,
			       resident_fen, subsidy_fen)
	SELECT contract_id, id_number, package_code, year_start,
	       sum(CASE WHEN payer = 'public_health' THEN amount_fen ELSE 0 END),
	       sum(CASE WHEN payer = 'insurance' THEN amount_fen ELSE 0 END),
	       sum(CASE WHEN payer = 'resident' THEN amount_fen ELSE 0 END),
	       sum(CASE WHEN payer = 'subsidy' THEN amount_fen ELSE 0 END)
	FROM contract_fee
	GROUP BY contract_id, id_number, package_code, year_start
	HAVING sum(amount_fen) > 0;
DROP TABLE contract_fee;
ALTER TABLE contract_fee_year RENAME TO contract_fee;
