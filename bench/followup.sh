#!/bin/bash
# Benchmark follow-up: PATIENTS patients (300,000) with three years of
# visits (about four million) loaded through `fdss followup record`, then
# the time of `fdss followup due --as-of 2026-11-22` against a
# hand-written SQL query in sqlite3 on the same database that must give
# the same answer (person, programme, due date).  The issue's target is
# `followup due` within 1.5x the hand-written query.
#
#   bench/followup.sh [BUILD-DIR]
#
# People come from the ROWS-row roster of bench/gen-roster.py (generated
# into bench/out/ as bench/import.sh does, and reused) through
# `fdss import`; the first PATIENTS active people get a condition by SQL
# (half hypertension, a quarter diabetes, the rest chronic, copd, smi
# and tb) and a contract with team T01; their visits, every 80 to 100
# days from December 2023 (TB monthly), are written as JSON lines by a
# small generator and recorded with `fdss followup record`.  LOAD=sql
# inserts the visits with SQL instead (next due 90 days on), to time the
# due list without waiting for the load.  Wall time and peak RSS come
# from /usr/bin/time; the due list and the query are timed RUNS (3)
# times each and the best is reported.
#
# The floor of the record (issue 18): the rows it stored — visits, the
# referrals they made, their audit entries — copied as plain tables and
# stored again by SQLite alone, INSERT ... SELECT into a copy of the
# database as it was before the visits (the same indexes, triggers and
# foreign keys on; the page cache fdss followup record sets).  The
# record and its floor run RUNS times each, alternating, from the same
# copy; the medians and their ratio are reported (target <= 2).
#
# Environment: ROWS (1000000), PATIENTS (300000), LOAD (record), RUNS
# (3), DIVISIONS (../shared/data/divisions), KEEP (keep the database in
# bench/out/followup.db).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup followup "$@"
rows=${ROWS:-1000000}
patients=${PATIENTS:-300000}
load=${LOAD:-record}
runs=${RUNS:-3}
asof=2026-11-22

need_time
need_sqlite3
[ -x "$bin/fdss-followup" ] || die "no fdss-followup in $bin (run make)"
roster=$(roster "$rows" utf-8 0)

export FDSS_DB=$tmp/fdss.db FDSS_TODAY=$asof FDSS_OPERATOR=bench
fdss=$bin/fdss
db() { sqlite3 -batch "$FDSS_DB" "$@"; }

divisions_db "$FDSS_DB"
"$fdss" team add T01 --name 县一团队 --institution 县医院 >/dev/null
"$fdss" team member add T01 --name 王医生 --role doctor >/dev/null
echo "importing $roster" >&2
timed import "'$fdss' import --preset poverty-registry '$roster'"

echo "conditions and contracts for $patients patients" >&2
db <<SQL
DELETE FROM condition;
CREATE TEMP TABLE pick AS SELECT id, id_number, household_no, id % 20 AS r
	FROM person WHERE status = 'active' ORDER BY id LIMIT $patients;
INSERT INTO condition (id_number, kind, since, status, source)
SELECT id_number, CASE WHEN r < 10 THEN 'hypertension'
	WHEN r < 15 THEN 'diabetes' WHEN r < 17 THEN 'chronic'
	WHEN r = 17 THEN 'copd' WHEN r = 18 THEN 'smi' ELSE 'tb' END,
	CASE WHEN r = 19 THEN date('2023-11-20', '-' || (id % 9) || ' days')
	ELSE date('2023-11-30', '-' || (id % 1500) || ' days') END,
	'active', 'bench'
FROM pick;
INSERT INTO contract (number, household_no, team_code, doctor, start_date,
	end_date, years, status, created)
SELECT 'C2026-' || printf('%06d', row_number() OVER (ORDER BY household_no)),
	household_no, 'T01', '王医生', '2026-01-01', '2026-12-31', 1, 'active',
	'2026-01-01T00:00:00Z'
FROM (SELECT DISTINCT household_no FROM pick);
INSERT INTO contract_member (contract_id, id_number)
SELECT c.id, p.id_number FROM pick p JOIN contract c USING (household_no);
SQL

# The visits, as JSON lines, person by person and by date.
visits_jsonl() {
	db -separator ' ' "SELECT c.id_number, CASE c.kind WHEN 'copd' THEN
		'chronic' ELSE c.kind END, p.id FROM condition c
		JOIN person p USING (id_number) ORDER BY p.id" |
	python3 -c '
import sys, datetime, random
start, end = datetime.date(2023, 12, 1), datetime.date(2026, 11, 15)
for line in sys.stdin:
    idn, prog, pid = line.split()
    rnd = random.Random(int(pid))
    d = start + datetime.timedelta(days=rnd.randrange(0, 90))
    n = 0
    while d <= end:
        m = ""
        if prog == "hypertension":
            m = ",\"sbp\":%d,\"dbp\":%d" % (rnd.choice((128, 132, 136, 146)), rnd.choice((78, 84, 88)))
        elif prog == "diabetes":
            m = ",\"fpg\":%.1f" % rnd.choice((5.8, 6.2, 6.6, 7.4))
        elif prog == "smi":
            m = ",\"risk_level\":0,\"insight\":\"good\",\"symptoms\":\"none\""
        elif prog == "tb":
            m = ",\"phase\":\"%s\",\"supervisor\":\"staff\"" % ("intensive" if n < 2 else "continuation")
        sys.stdout.write("{\"id_number\":\"%s\",\"program\":\"%s\",\"date\":\"%s\",\"mode\":\"clinic\",\"doctor\":\"王医生\"%s}\n" % (idn, prog, d.isoformat(), m))
        n += 1
        d += datetime.timedelta(days=30 if prog == "tb" else rnd.randrange(80, 101))
'
}

# The floor's statements: the rows of $FDSS_DB after the base copy's
# last audit entry, as plain tables in $tmp/src.db; their INSERTs.
floor_setup() {
	local last
	last=$(sqlite3 "$tmp/base.db" "SELECT ifnull(max(id), 0) FROM audit_log")
	sqlite3 "$tmp/src.db" "ATTACH '$FDSS_DB' AS f;
		CREATE TABLE visits AS SELECT * FROM f.followup ORDER BY id;
		CREATE TABLE referrals AS SELECT * FROM f.referral ORDER BY id;
		CREATE TABLE audit AS SELECT * FROM f.audit_log WHERE id > $last
			ORDER BY id;"
	# the page cache of lib/followup.c: fdss_followup_batch_open
	head="PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;"
	head+=" ATTACH '$tmp/src.db' AS s;"
	printf '%s\n' "$head" "BEGIN IMMEDIATE;" \
		"INSERT INTO followup SELECT * FROM s.visits;" \
		"COMMIT;" >"$tmp/floor-visits.sql"
	printf '%s\n' "$head" "BEGIN IMMEDIATE;" \
		"INSERT INTO followup SELECT * FROM s.visits;" \
		"INSERT INTO referral SELECT * FROM s.referrals;" \
		"INSERT INTO audit_log SELECT * FROM s.audit;" \
		"COMMIT;" >"$tmp/floor-all.sql"
}

# One run of each side from the base copy; the first record is kept.
record_and_floor() {
	local i=$1
	cp "$tmp/base.db" "$tmp/t.db"
	if [ "$i" = 1 ]; then
		timed record "FDSS_DB='$tmp/t.db' '$fdss' followup record \
			<'$tmp/visits.jsonl' >/dev/null"
		mv "$tmp/t.db" "$FDSS_DB"
		floor_setup
		return
	fi
	secs rec.times env FDSS_DB="$tmp/t.db" "$fdss" followup record \
		<"$tmp/visits.jsonl"
	for f in visits all; do
		cp "$tmp/base.db" "$tmp/t.db"
		secs "floor-$f" sqlite3 "$tmp/t.db" ".read $tmp/floor-$f.sql"
	done
	rm -f "$tmp"/t.db*
}

if [ "$load" = record ]; then
	echo "writing the visits" >&2
	visits_jsonl >"$tmp/visits.jsonl"
	nvisits=$(wc -l <"$tmp/visits.jsonl")
	db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$FDSS_DB" "$tmp/base.db"
	for ((i = 1; i <= runs + 1; i++)); do
		echo "recording $nvisits visits with fdss followup record and" \
			"its floor (run $i of $((runs + 1)), the first unpaired)" >&2
		record_and_floor "$i"
	done
	rm -f "$tmp/visits.jsonl" "$tmp/base.db"
else
	echo "inserting the visits with SQL (LOAD=sql)" >&2
	visits_jsonl | python3 -c '
import sys, json, datetime
for line in sys.stdin:
    v = json.loads(line)
    nd = (datetime.date.fromisoformat(v["date"]) + datetime.timedelta(days=90)).isoformat()
    print("%s|%s|%s|%s" % (v["id_number"], v["program"], v["date"], nd))
' >"$tmp/visits.psv"
	nvisits=$(wc -l <"$tmp/visits.psv")
	cat >"$tmp/load.sql" <<SQL
CREATE TEMP TABLE v (id_number TEXT, program TEXT, visit_date TEXT,
	next_due TEXT);
.mode list
.separator |
.import '$tmp/visits.psv' v
INSERT INTO followup (id_number, program, visit_date, mode, classification,
	next_due, action, latest, recorded)
SELECT id_number, program, visit_date, 'clinic', 'controlled', next_due,
	'', 0, '2026-11-22T00:00:00Z' FROM v;
UPDATE followup SET latest = 1 WHERE id IN (SELECT id FROM (SELECT id,
	row_number() OVER (PARTITION BY id_number, program
	ORDER BY visit_date DESC) AS k FROM followup) WHERE k = 1);
SQL
	timed record "sqlite3 -batch '$FDSS_DB' <'$tmp/load.sql'"
	rm -f "$tmp/visits.psv"
fi
db "ANALYZE"

# The hand-written query: the same rules with the default numbers written
# in, for $asof and the management year from January (visit k of 4 due by
# the end of quarter k; 3 of them are due by $asof; the elderly's yearly
# check is not due before 31 December, so only their visits count).
cat >"$tmp/hand.sql" <<'SQL'
WITH enrol AS (
  SELECT id_number, CASE WHEN kind = 'copd' THEN 'chronic' ELSE kind END AS program, since
  FROM condition WHERE status = 'active'),
cand AS (
  SELECT f.id_number, f.program, f.next_due AS due, 1 AS why
  FROM followup f WHERE f.latest = 1 AND f.next_due <= '2026-11-22'
   AND CASE WHEN f.program = 'elderly' THEN (SELECT birth_date <= '1961-11-22'
     FROM person p WHERE p.id_number = f.id_number)
   ELSE EXISTS (SELECT 1 FROM enrol e WHERE e.id_number = f.id_number AND e.program = f.program) END
  UNION ALL
  SELECT e.id_number, e.program,
    CASE WHEN e.since IS NULL THEN '2026-01-01' WHEN e.program = 'tb' THEN date(e.since, '+3 days') ELSE e.since END, 2
  FROM enrol e WHERE e.program <> 'elderly'
   AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.id_number = e.id_number AND f.program = e.program)
  UNION ALL
  SELECT id_number, program, CASE cnt WHEN 0 THEN '2026-03-31' WHEN 1 THEN '2026-06-30' ELSE '2026-09-30' END, 4
  FROM (SELECT e.id_number, e.program, (SELECT count(*) FROM followup f
         WHERE f.id_number = e.id_number AND f.program = e.program
         AND f.visit_date BETWEEN '2026-01-01' AND '2026-11-22') AS cnt
        FROM enrol e WHERE e.program IN ('hypertension', 'diabetes', 'smi')
        AND (e.since IS NULL OR e.since < '2026-01-01'))
  WHERE cnt < 3
  UNION ALL
  SELECT r.id_number, coalesce(r.program, 'referral'), r.due_date, 5 FROM referral r
  WHERE r.satisfied_by IS NULL AND r.due_date <= '2026-11-22'
   AND NOT EXISTS (SELECT 1 FROM followup f WHERE f.id_number = r.id_number
     AND (r.program IS NULL OR f.program = r.program)
     AND f.visit_date > r.referral_date AND f.visit_date <= '2026-11-22'))
SELECT c.id_number, c.program, min(c.due), p.name, k.doctor
FROM cand c JOIN person p ON p.id_number = c.id_number AND p.status = 'active'
LEFT JOIN contract_member m ON m.id_number = c.id_number
LEFT JOIN contract k ON k.id = m.contract_id AND k.status = 'active'
GROUP BY c.id_number, c.program
ORDER BY 3, 1, 2;
SQL

best() { sort -n "$@" | head -n 1; }
echo "timing followup due and the hand-written query ($runs runs each)" >&2
"$fdss" followup due --as-of $asof >/dev/null	# warm the page cache
for i in $(seq "$runs"); do
	timed "due$i" "'$fdss' followup due --as-of $asof --format jsonl"
	timed "sql$i" "sqlite3 -batch '$FDSS_DB' <'$tmp/hand.sql'"
	cut -d' ' -f1 "$tmp/due$i" >>"$tmp/due.times"
	cut -d' ' -f1 "$tmp/sql$i" >>"$tmp/sql.times"
done
jq -r '[.id_number, .program, .due_date] | join("|")' "$tmp/due1.out" | sort >"$tmp/a"
cut -d'|' -f1-3 "$tmp/sql1.out" | sort >"$tmp/b"
if cmp -s "$tmp/a" "$tmp/b"; then same=yes; else same=NO; fi

read -r t_imp m_imp < <(tail -n 1 "$tmp/import")
read -r t_rec m_rec < <(tail -n 1 "$tmp/record")
t_due=$(best "$tmp/due.times")
t_sql=$(best "$tmp/sql.times")
people=$(db "SELECT count(*) FROM person WHERE status = 'active'")
stored=$(db "SELECT count(*) FROM followup")
pairs=$(db "SELECT count(*) FROM condition WHERE status = 'active'")

printf '\nroster %s rows, %s people; %s patients (%s conditions); %s visits offered, %s stored\n' \
	"$rows" "$people" "$patients" "$pairs" "$nvisits" "$stored"
printf '%-48s %8s %9s\n' "" "wall s" "peak MB"
row() { printf '%-48s %8s %9.1f\n' "$1" "$2" "$(awk -v k="$3" 'BEGIN { print k / 1024 }')"; }
row "fdss import" "$t_imp" "$m_imp"
if [ "$load" = record ]; then
	row "fdss followup record (first run)" "$t_rec" "$m_rec"
	echo "record: $(tail -n 1 "$tmp/record.err")"
	printf '%s visits, %s referrals, %s audit entries; wall s, median of %s pairs (load: %s)\n' \
		"$(sqlite3 "$tmp/src.db" "SELECT count(*) FROM visits")" \
		"$(sqlite3 "$tmp/src.db" "SELECT count(*) FROM referrals")" \
		"$(sqlite3 "$tmp/src.db" "SELECT count(*) FROM audit")" "$runs" \
		"$(uptime | sed 's/.*average: //')"
	t_med=$(median rec.times)
	printf '%-56s %6s\n' "fdss followup record" "$t_med" \
		"floor: INSERT ... SELECT of the visits" "$(median floor-visits)" \
		"floor: the visits, referrals and audit entries" "$(median floor-all)"
	awk -v n="$nvisits" -v t="$t_med" 'BEGIN { printf "load rate: %.0f visits/s\n", n / t }'
	awk -v r="$t_med" -v v="$(median floor-visits)" -v a="$(median floor-all)" 'BEGIN {
		printf "%-56s %6.2f   (target <= 2)\n", "record / floor of the visits", r / v
		printf "%-56s %6.2f\n", "record / floor of all its rows", r / a }'
else
	echo "(visits inserted with SQL, LOAD=sql: no load rate)"
fi
printf 'followup due --as-of %s: %s s (best of %s), %s rows\n' "$asof" "$t_due" "$runs" "$(wc -l <"$tmp/a")"
printf 'hand-written SQL in sqlite3:       %s s (best of %s), %s rows\n' "$t_sql" "$runs" "$(wc -l <"$tmp/b")"
echo "same answer (id_number, program, due_date): $same"
awk -v d="$t_due" -v s="$t_sql" 'BEGIN { printf "followup due / hand-written query  %.2f   (target <= 1.5)\n", d / s }'
if [ -n "${KEEP:-}" ]; then
	mv "$FDSS_DB" "$out/followup.db"
	echo "database kept in $out/followup.db"
fi
[ "$same" = yes ]
