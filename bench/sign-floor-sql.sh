# Sourced by bench/sign-floor.sh and bench/sign.sh: writes $tmp/sign.sql
# and $tmp/renew.sql, the floor of a signing and of a renewal — the rows
# `fdss sign --approve` and `fdss renew --approve` store, made by a few
# INSERT ... SELECT statements in one transaction each, with fdss's own
# schema, indexes and foreign keys on and the page cache of a contract
# batch (64 MiB).  Nothing is read or checked the way fdss does.
#
# Beside them $tmp/sign-checked.sql and $tmp/renew-checked.sql, the
# checked floors: the same rows, stored only after SQLite alone, set-wise,
# has read what fdss reads to check them — each active person of a
# household (for a renewal, the members of each due contract still
# active in its household), whether another contract covers them at the
# start (a household with a covered member is refused), and for a
# renewal the old contract's first-year packages, carried over.  The
# reads go into a temporary table in memory, each person read once, as
# fdss reads them once.
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
# 1 when member row $2 of contract $1 is signed at date $3 (pending,
# approved or active for them): fdss_cover_signed() in plain SQL
signed() {
	echo "(($1.status IN ('pending', 'active') OR ($1.status = 'terminated'
	AND $1.terminated_on > $3)) AND $3 <= $1.end_date AND ($2.ended_on IS
	NULL OR $3 < $2.ended_on))"
}
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

cat >"$tmp/sign-checked.sql" <<EOF
PRAGMA temp_store = MEMORY;
$head
CREATE TEMP TABLE sm AS SELECT p.household_no, p.id_number, p.poverty,
	EXISTS (SELECT 1 FROM contract_member m CROSS JOIN contract c
	ON c.id = m.contract_id WHERE m.id_number = p.id_number
	AND $(signed c m "'2026-11-22'")) AS covered
	FROM person p WHERE p.status = 'active'
	ORDER BY p.household_no, p.id_number;
DELETE FROM sm WHERE household_no IN (SELECT household_no FROM sm
	WHERE covered);
INSERT INTO contract (number, household_no, team_code, doctor, start_date,
	end_date, years, status, created, reviewed_at)
	SELECT printf('C2026-%06d', row_number() OVER (ORDER BY household_no)),
	household_no, 'T01', '王医生', '2026-11-22', '2027-11-21', 1,
	'active', $now, '2026-11-22' FROM (SELECT DISTINCT household_no
	FROM sm) ORDER BY household_no;
INSERT INTO contract_member (contract_id, id_number)
	SELECT c.id, s.id_number FROM sm s JOIN contract c
	ON c.household_no = s.household_no AND c.start_date = '2026-11-22'
	ORDER BY 1, 2;
INSERT INTO contract_fee (contract_id, id_number, package_code,
	year_start, public_health_fen, insurance_fen, resident_fen, subsidy_fen)
	SELECT c.id, s.id_number, 'basic', '2026-11-22', 1200, 1200,
	CASE WHEN s.poverty THEN 0 ELSE 1200 END,
	CASE WHEN s.poverty THEN 1200 ELSE 0 END
	FROM sm s JOIN contract c ON c.household_no = s.household_no
	AND c.start_date = '2026-11-22' ORDER BY 1, 2;
$audit WHERE c.renews IS NULL;
DROP TABLE sm;
COMMIT;
EOF
cat >"$tmp/renew-checked.sql" <<EOF
PRAGMA temp_store = MEMORY;
$head
CREATE TEMP TABLE rm AS SELECT c.id AS old, m.id_number, p.poverty,
	EXISTS (SELECT 1 FROM contract_member m2 CROSS JOIN contract c2
	ON c2.id = m2.contract_id WHERE m2.id_number = m.id_number
	AND m2.contract_id <> c.id
	AND $(signed c2 m2 "date(c.end_date, '+1 day')")) AS covered
	FROM contract c JOIN contract_member m ON m.contract_id = c.id
	JOIN person p ON p.id_number = m.id_number
	WHERE c.status = 'active' AND c.end_date >= '2027-11-10'
	AND c.end_date <= '2027-12-10'
	AND NOT EXISTS (SELECT 1 FROM contract r WHERE r.renews = c.id)
	AND p.household_no = c.household_no AND p.status = 'active'
	ORDER BY c.id, m.id_number;
DELETE FROM rm WHERE old IN (SELECT old FROM rm WHERE covered);
INSERT INTO contract (number, household_no, team_code, doctor, start_date,
	end_date, years, status, renews, created, reviewed_at)
	SELECT printf('C2027-%06d', row_number() OVER (ORDER BY id)),
	household_no, team_code, doctor, date(end_date, '+1 day'),
	date(end_date, '+1 year'), 1, 'active', id, $now, '2027-11-10'
	FROM contract WHERE id IN (SELECT old FROM rm) ORDER BY id;
INSERT INTO contract_member (contract_id, id_number)
	SELECT n.id, r.id_number FROM rm r JOIN contract n ON n.renews = r.old
	ORDER BY 1, 2;
INSERT INTO contract_fee (contract_id, id_number, package_code,
	year_start, public_health_fen, insurance_fen, resident_fen, subsidy_fen)
	SELECT n.id, r.id_number, f.package_code, n.start_date, 1200, 1200,
	CASE WHEN r.poverty THEN 0 ELSE 1200 END,
	CASE WHEN r.poverty THEN 1200 ELSE 0 END
	FROM rm r JOIN contract n ON n.renews = r.old
	JOIN contract o ON o.id = r.old
	JOIN contract_fee f ON f.contract_id = r.old
	AND f.id_number = r.id_number AND f.year_start = o.start_date
	ORDER BY 1, 2, 3;
$audit WHERE c.renews IS NOT NULL;
DROP TABLE rm;
COMMIT;
EOF
