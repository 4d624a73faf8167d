#!/bin/bash
# What storing a signing and a renewal costs SQLite alone, without fdss:
# the rows `fdss sign` and `fdss renew` store for the 1,000,000-row
# roster of bench/sign.sh — a contract per household, a member row and a
# basic-package fee row per active person, an audit row per contract —
# made by a few INSERT ... SELECT statements in one transaction each,
# with fdss's own schema, indexes and foreign keys on, and the page cache
# a contract batch sets (64 MiB).  Nothing is read or checked the way
# fdss does (no cover check, eligibility, fee schedule or JSON).  Beside
# them, `fdss import` of the same roster, the reference of bench/sign.sh.
# A figure is the median of RUNS runs (3) of wall seconds, commit
# included.
#
#   bench/sign-floor.sh [BUILD-DIR]
#
# The roster is bench/import.sh's (bench/out/roster-$ROWS-utf-8.csv),
# generated if missing; DIVISIONS as there.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup sign-floor "$@"
rows=${ROWS:-1000000}
runs=${RUNS:-3}

need_sqlite3
roster=$(roster "$rows")
divisions_db "$tmp/empty.db"
FDSS_DB=$tmp/empty.db "$bin/fdss" team add T01 --name 县一团队 \
	--institution 县医院 >/dev/null
FDSS_DB=$tmp/empty.db "$bin/fdss" team member add T01 --name 王医生 \
	--role doctor >/dev/null

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

for ((i = 1; i <= runs; i++)); do
	cp "$tmp/empty.db" "$tmp/t.db"
	secs import env FDSS_DB="$tmp/t.db" "$bin/fdss" import \
		--preset poverty-registry "$roster"
	secs sign sqlite3 "$tmp/t.db" ".read $tmp/sign.sql"
	secs renew sqlite3 "$tmp/t.db" ".read $tmp/renew.sql"
	counts=$(sqlite3 "$tmp/t.db" "SELECT (SELECT count(*) FROM contract
		WHERE renews IS NULL) || ' contracts signed, ' || (SELECT count(*)
		FROM contract WHERE renews IS NOT NULL) || ' renewed, ' ||
		(SELECT count(*) FROM contract_member) || ' member rows, ' ||
		(SELECT count(*) FROM contract_fee) || ' fee rows, ' ||
		(SELECT count(*) FROM audit_log WHERE table_name = 'contract')
		|| ' audit rows'")
	rm -f "$tmp"/t.db*
done

printf '\n%s, from %s; wall s, median of %s\n' "$counts" \
	"$(basename "$roster")" "$runs"
printf '%-52s %6s\n' "fdss import (the reference)" "$(median import)"
printf '%-52s %6s\n' "the signing's rows, INSERT ... SELECT" "$(median sign)"
printf '%-52s %6s\n' "the renewal's rows, INSERT ... SELECT" "$(median renew)"
awk -v i="$(median import)" -v s="$(median sign)" -v r="$(median renew)" \
	'BEGIN { printf "%-52s %6.2f\n", "(sign + renew) floor / import", (s + r) / i }'
