# Sourced by bench/sign-floor.sh and bench/sign.sh: writes $tmp/sign.sql
# and $tmp/renew.sql, the floor of a signing and of a renewal — the rows
# `fdss sign --approve` and `fdss renew --approve` store, made by a few
# INSERT ... SELECT statements in one transaction each, with fdss's own
# schema, indexes and foreign keys on and the page cache of a contract
# batch (64 MiB).  Nothing is read or checked the way fdss does.
now="strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
# the audit row of a new contract, as fdss writes it
audit="INSERT INTO audit_log (at, operator, command, table_name, row_key,
	after) SELECT $now, 'bench', 'bench', 'contract', c.number,
	json_object('household_no', c.household_no, 'team', c.team_code,
	'doctor', c.doctor, 'start_date', c.start_date, 'end_date', c.end_date,
	'years', c.years, 'status', c.status, 'members', (SELECT count(*)
	FROM contract_member m WHERE m.contract_id = c.id))
	FROM contract c"
# a member's basic fee row for the year starting on $1
fees() {
	echo "INSERT INTO contract_fee (contract_id, id_number, package_code,
	year_start, public_health_fen, insurance_fen, resident_fen, subsidy_fen)
	SELECT m.contract_id, m.id_number, 'basic', '$1', 1200, 1200,
	CASE WHEN p.poverty THEN 0 ELSE 1200 END,
	CASE WHEN p.poverty THEN 1200 ELSE 0 END
	FROM contract_member m JOIN person p ON p.id_number = m.id_number
	WHERE m.contract_id > (SELECT ifnull(max(id), 0) FROM contract
	WHERE end_date < '$1') ORDER BY 1, 2;"
}
head="PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; BEGIN IMMEDIATE;"
cat >"$tmp/sign.sql" <<EOF
$head
INSERT INTO contract (number, household_no, team_code, doctor, start_date,
	end_date, years, status, created, reviewed_at)
	SELECT printf('C2026-%06d', row_number() OVER (ORDER BY h.household_no)),
	h.household_no, 'T01', '王医生', '2026-11-22', '2027-11-21', 1,
	'active', $now, '2026-11-22' FROM household h
	WHERE EXISTS (SELECT 1 FROM person p WHERE p.household_no =
	h.household_no AND p.status = 'active') ORDER BY h.household_no;
INSERT INTO contract_member (contract_id, id_number)
	SELECT c.id, p.id_number FROM contract c JOIN person p
	ON p.household_no = c.household_no AND p.status = 'active'
	ORDER BY 1, 2;
$(fees 2026-11-22)
$audit;
COMMIT;
EOF
cat >"$tmp/renew.sql" <<EOF
$head
INSERT INTO contract (number, household_no, team_code, doctor, start_date,
	end_date, years, status, renews, created, reviewed_at)
	SELECT printf('C2027-%06d', row_number() OVER (ORDER BY id)),
	household_no, team_code, doctor, '2027-11-22', '2028-11-21', 1,
	'active', id, $now, '2027-11-10' FROM contract ORDER BY id;
INSERT INTO contract_member (contract_id, id_number)
	SELECT n.id, m.id_number FROM contract n
	JOIN contract_member m ON m.contract_id = n.renews ORDER BY 1, 2;
$(fees 2027-11-22)
$audit WHERE c.renews IS NOT NULL;
COMMIT;
EOF

