#!/bin/bash
# Benchmark the reports on a prefecture's data: `fdss report overdue` and
# `fdss report coverage --by township` against hand-written SQL giving the
# same answer in `sqlite3` on the same database file, side by side in one
# run.  The issue's target: each within 1.2x its hand-written query, with
# flat memory.
#
#   bench/report.sh [BUILD-DIR]
#
# The database (made once, kept as bench/out/report-ROWS-PATIENTS.db and
# reused while bench/gen-report-data.py and this script's GEN stamp are
# unchanged; about 20 minutes on 2 busy cores, 3 GB) holds the ROWS-row
# roster of bench/gen-roster.py without bad rows (1,000,000 residents),
# imported with `fdss import`; one team per township (two doctors, one
# nurse) that signs every household with `fdss sign --approve` (3 % for
# 2025 only, expired at the reference date, the rest for 2026); PATIENTS
# patients (300,000: the import's "chronic" ones and others) whose
# further conditions are added by SQL as `fdss condition add` adds them
# (see load_conditions: the command is quadratic in a batch) and whose
# three years of follow-up visits, about 3.0 million, are recorded with
# `fdss followup record`, so every next due date, referral and chain flag
# is what the rules made; 200 referrals naming no programme with `fdss
# referral add`; 2 % of the 2026 contracts terminated with `fdss
# terminate`; 0.8 % of the people leaving with `fdss person leave`
# (death, moved).  The reference date is 2026-11-22.
#
# Then, after one run of each to warm the page cache, RUNS times and
# interleaved (the order swapped each run): fdss report overdue --format
# jsonl, its SQL (bench/report-overdue.sql), fdss report coverage --by
# township --format jsonl, its SQL (bench/report-coverage.sql); wall
# time, CPU seconds (user + system) and peak RSS from /usr/bin/time;
# medians and ratios.  The outputs of the last run are compared: row
# count and an md5 checksum of the key columns, sorted, must be equal,
# else the script says which and exits 1.  Peak memory is also measured
# on a small share of the output (--area of one county) to show it does
# not grow with the rows.
#
# Environment: ROWS (1000000), PATIENTS (300000), RUNS (5), DIVISIONS
# (../shared/data/divisions), REGEN (1: make the database again), KEEP
# (keep the outputs in bench/out/report-last/), GEN_ONLY (1: only make
# the database).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup report "$@"
rows=${ROWS:-1000000}
patients=${PATIENTS:-300000}
runs=${RUNS:-5}
asof=2026-11-22
GEN=2	# raise when the generation below changes

need_time
need_sqlite3
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
fdss=$bin/fdss
[ -x "$bin/fdss-report" ] || [ -n "${GEN_ONLY:-}" ] ||
	die "no fdss-report in $bin (run make)"

db=$out/report-$rows-$patients.db
stamp=$db.gen

# load_conditions DIR DB: the lines of DIR/conditions.jsonl stored as
# `fdss condition add` stores them: the active person's condition, since
# not before their birth nor after the reference date, source 'manual',
# an audit row each; one already there is left unchanged.
load_conditions() {
	local g=$1 db=$2
	python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print("%s\t%s\t%s" % (r["id_number"], r["kind"], r.get("since", "")))
' <"$g/conditions.jsonl" >"$g/conditions.tsv"
	sqlite3 -batch "$db" <<SQL >&2
.bail on
CREATE TEMP TABLE c (id_number TEXT, kind TEXT, since TEXT);
.mode tabs
.import '$g/conditions.tsv' c
CREATE TEMP VIEW ok AS SELECT c.id_number, c.kind, nullif(c.since, '') AS since,
	p.name FROM c JOIN person p ON p.id_number = c.id_number
	AND p.status = 'active'
	WHERE NOT EXISTS (SELECT 1 FROM condition x WHERE x.id_number = c.id_number
	AND x.kind = c.kind)
	AND (c.since = '' OR (c.since >= p.birth_date AND c.since <= '2026-11-22'));
BEGIN;
INSERT INTO audit_log (at, operator, command, table_name, row_key, before, after)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'bench',
	'bench/report.sh (fdss condition add, as SQL)', 'condition',
	id_number || ':' || kind, NULL,
	json_object('type', 'condition', 'id_number', id_number, 'name', name,
		'kind', kind, 'since', since, 'status', 'active',
		'ended_on', NULL, 'source', 'manual')
FROM ok;
INSERT INTO condition (id_number, kind, since, status, source)
SELECT id_number, kind, since, 'active', 'manual' FROM ok;
SELECT 'conditions by SQL: read ' || (SELECT count(*) FROM c) || ', added '
	|| changes();
COMMIT;
SQL
}

# The database, made by fdss commands (see above); logs in $db.log.
generate() {
	local g=$tmp/gen new=$tmp/report.db roster
	mkdir -p "$g"
	roster=$(roster "$rows" utf-8 0)
	export FDSS_DB=$new FDSS_OPERATOR=bench FDSS_TODAY=$asof
	log() { echo "$(date +%T) $*" >&2; }
	step() {	# step LABEL CMD: time it into $g/times
		local label=$1 s e status=0
		shift
		log "$label"
		s=$(date +%s.%N)
		bash -c "$*" >/dev/null 2>>"$g/log" || status=$?
		[ "$status" -eq 0 ] || [ "$status" -eq 65 ] ||
			{ tail -n 5 "$g/log" >&2; die "$label: exit status $status"; }
		e=$(date +%s.%N)
		awk -v l="$label" -v s="$s" -v e="$e" -v st="$status" \
			'BEGIN { printf "%-34s %7.1f s  exit %d\n", l, e - s, st }' >>"$g/times"
		tail -n 1 "$g/log" | sed 's/^/    /' >>"$g/times"
	}
	divisions_db "$new"
	step import "'$fdss' import --preset poverty-registry '$roster'"
	sqlite3 -batch "$new" "SELECT p.id, p.id_number, p.birth_date,
		p.household_no, h.village_code,
		EXISTS (SELECT 1 FROM condition c WHERE c.id_number = p.id_number)
		FROM person p JOIN household h USING (household_no)
		WHERE p.status = 'active'" >"$g/people"
	log "writing the inputs (bench/gen-report-data.py)"
	python3 "$here/gen-report-data.py" "$g/people" "$g" \
		--patients "$patients" 2>>"$g/times"
	rm -f "$g/people"

	log "teams"
	local code town name
	while IFS=$'\t' read -r code town; do
		name=$(sqlite3 "$new" "SELECT name FROM area WHERE code = '$town'")
		"$fdss" team add "$code" --name "${name}家庭医生团队" \
			--institution "${name}卫生院" --area "$town" >/dev/null
		"$fdss" team member add "$code" --name 王医生 --role doctor >/dev/null
		"$fdss" team member add "$code" --name 李医生 --role doctor >/dev/null
		"$fdss" team member add "$code" --name 张护士 --role nurse >/dev/null
	done <"$g/teams.tsv"
	"$fdss" setting set doctor_limit 100000000 >/dev/null

	step "sign 2025 (expired)" "FDSS_TODAY=2025-03-01 '$fdss' sign --approve <'$g/sign-2025.jsonl'"
	step "sign 2026" "FDSS_TODAY=2026-01-01 '$fdss' sign --approve <'$g/sign-2026.jsonl'"
	# Not `fdss condition add <conditions.jsonl`: it prints each stored
	# line back through fdss_condition_list(), whose "?1 IS NULL OR
	# c.id_number = ?1" cannot use the primary key, so every line scans
	# the whole condition table (178,191 lines after the import's
	# 150,064: hours).  The same rows, with the audit rows the command
	# writes, go in by one INSERT ... SELECT (load_conditions).
	export -f load_conditions
	step "condition rows by SQL" "load_conditions '$g' '$new'"
	step "followup record ($(wc -l <"$g/visits.jsonl") visits)" \
		"'$fdss' followup record <'$g/visits.jsonl'"
	local idn d
	: >"$g/ref.log"
	while IFS=$'\t' read -r idn d; do
		"$fdss" referral add "$idn" --date "$d" --to 县人民医院 \
			--reason 转上级医院诊治 >/dev/null 2>>"$g/ref.log" || :
	done <"$g/referrals.tsv"
	echo "referral add (no programme): $(grep -c . "$g/referrals.tsv") asked, $(grep -c . "$g/ref.log" || :) error lines" >>"$g/times"
	sqlite3 -batch "$new" "SELECT json_object('number', number,
		'reason', CASE id % 3 WHEN 0 THEN 'moved' WHEN 1 THEN 'refused'
		ELSE 'unreachable' END, 'date', date('2026-03-01',
		'+' || (id % 240) || ' days')) FROM contract
		WHERE start_date = '2026-01-01' AND id % 50 = 7" >"$g/terminate.jsonl"
	step "terminate ($(wc -l <"$g/terminate.jsonl") contracts)" \
		"'$fdss' terminate <'$g/terminate.jsonl'"
	local r
	for r in death moved; do
		for d in $(awk -F'\t' -v r=$r '$2 == r { print $3 }' "$g/leave.tsv" | sort -u); do
			awk -F'\t' -v r=$r -v d="$d" '$2 == r && $3 == d { print $1 }' "$g/leave.tsv" |
				xargs "$fdss" person leave --reason "$r" --date "$d" \
				>/dev/null 2>>"$g/log" || [ $? -eq 123 ]
		done
	done
	echo "person leave: $(grep -c . "$g/leave.tsv")" >>"$g/times"
	sqlite3 "$new" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	unset FDSS_DB FDSS_TODAY
	mv "$new" "$db"
	rm -f "$new"-wal "$new"-shm
	cp "$g/times" "$db.log"
	grep -v '^fdss-[a-z]*: read ' "$g/log" >"$db.rejects" || :
	echo "$GEN $(md5sum <"$here/gen-report-data.py" | cut -c1-32)" >"$stamp"
	log "database ready: $db"
}

want="$GEN $(md5sum <"$here/gen-report-data.py" | cut -c1-32)"
if [ -n "${REGEN:-}" ] || [ ! -s "$db" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	rm -f "$db" "$db"-wal "$db"-shm "$stamp"
	echo "generating $db (once; about 10 minutes on 2 cores)" >&2
	generate
fi
[ -n "${GEN_ONLY:-}" ] && { cat "$db.log"; exit 0; }

# The hand-written queries with the dates of $asof written in.
cut65=$(date -d "$asof -65 years" +%F)
cut7=$(date -d "$asof -7 years" +%F)
y0=${asof:0:4}-01-01
for q in overdue coverage; do
	sed -e "s/@REF@/$asof/g" -e "s/@CUT65@/$cut65/g" -e "s/@CUT7@/$cut7/g" \
		-e "s/@Y0@/$y0/g" "$here/report-$q.sql" >"$tmp/$q.sql"
done
[ -f "$db-wal" ] && sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

export FDSS_DB=$db FDSS_TODAY=$asof
cmd_fdss_overdue="'$fdss' report overdue --as-of $asof --format jsonl"
cmd_sql_overdue="sqlite3 -batch -separator '|' '$db' <'$tmp/overdue.sql'"
cmd_fdss_coverage="'$fdss' report coverage --by township --as-of $asof --format jsonl"
cmd_sql_coverage="sqlite3 -batch -separator '|' '$db' <'$tmp/coverage.sql'"

# A county of the data, for the memory of a small share of the output.
county=$(sqlite3 "$db" "SELECT substr(village_code, 1, 6) FROM household
	GROUP BY 1 ORDER BY count(*) LIMIT 1 OFFSET 3")

# ctimed LABEL CMD: as timed (lib.sh), with the CPU seconds (user +
# system) after the wall seconds and peak kB: "secs kb cpu" in $tmp/LABEL.
ctimed() {
	local label=$1 status=0
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/$label" bash -c "$*" \
		>"$tmp/$label.out" 2>"$tmp/$label.err" || status=$?
	if [ "$status" -ne 0 ]; then
		tail -n 3 "$tmp/$label.err" >&2
		die "$label: exit status $status"
	fi
	awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$tmp/$label" >"$tmp/$label.t"
	mv "$tmp/$label.t" "$tmp/$label"
}

echo "warming the page cache" >&2
for q in overdue coverage; do
	c=cmd_fdss_$q; ctimed "warm_fdss_$q" "${!c}"
	c=cmd_sql_$q; ctimed "warm_sql_$q" "${!c}"
done
for ((i = 1; i <= runs; i++)); do
	echo "run $i of $runs" >&2
	for q in overdue coverage; do
		# interleaved, the order swapped every run
		if [ $((i % 2)) = 1 ]; then order="fdss sql"; else order="sql fdss"; fi
		for who in $order; do
			c=cmd_${who}_$q
			ctimed "${who}_$q" "${!c}"
			cat "$tmp/${who}_$q" >>"$tmp/${who}_$q.all"
		done
	done
done
ctimed small_overdue "$cmd_fdss_overdue --area $county"
ctimed small_coverage "'$fdss' report coverage --by village --area $county --as-of $asof --format jsonl"

# The key columns, one line per record, sorted.
# overdue: team, id_number, program, reason_code, last_visit, due_date,
# days_overdue; coverage: the unit's code, then every count.
jq -r '[.team // "", .id_number, .program, .reason_code, .last_visit // "",
	.due_date, .days_overdue] | map(tostring) | join("|")' \
	"$tmp/fdss_overdue.out" >"$tmp/fdss_overdue.keys"
awk -F'|' -v OFS='|' '{ print $1, $6, $8, $9, $11, $12, $13 }' \
	"$tmp/sql_overdue.out" >"$tmp/sql_overdue.keys"
# (fdss: a record per unit and group, in the groups' order, which is
# the order of the SQL's columns)
jq -r '[.unit, .group, .residents, .signed] | map(tostring) | join("|")' \
	"$tmp/fdss_coverage.out" | awk -F'|' '
	$1 != u { if (NR > 1) print line; u = $1; line = $1 }
	{ line = line "|" $3 "|" $4 }
	END { if (NR) print line }' >"$tmp/fdss_coverage.keys"
cp "$tmp/sql_coverage.out" "$tmp/sql_coverage.keys"

# med FILE COLUMN: the median of that column
med() {
	sort -n -k "$2" "$1" | awk -v c="$2" '{ t[NR] = $c }
	END { printf "%.2f\n", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

# stat LABEL: "wall-median peak-MB runs wall-min wall-max cpu-median"
stat() {
	local f=$tmp/$1.all
	echo "$(med "$f" 1) $(awk '$2 > m { m = $2 } END { printf "%.1f", m / 1024 }' "$f")" \
		"$(grep -c . "$f") $(sort -n "$f" | head -n 1 | cut -d' ' -f1)" \
		"$(sort -n "$f" | tail -n 1 | cut -d' ' -f1) $(med "$f" 3)"
}

status=0
printf '\n%s residents, %s patients; %s\n' "$rows" "$patients" "$(basename "$db")"
sqlite3 "$db" "SELECT (SELECT count(*) FROM person WHERE status = 'active')
	|| ' active people, ' || (SELECT count(*) FROM household) || ' households, '
	|| (SELECT count(*) FROM contract) || ' contracts, '
	|| (SELECT count(DISTINCT id_number) FROM condition WHERE status = 'active')
	|| ' people with a condition, ' || (SELECT count(*) FROM followup)
	|| ' visits, ' || (SELECT count(*) FROM referral) || ' referrals'"
printf 'reference date %s; %s runs each, interleaved, the order swapped each run; medians of wall and CPU (user + system) seconds, wall range, largest peak RSS\n\n' "$asof" "$runs"
printf '%-40s %7s %13s %7s %8s %8s\n' "" "wall s" "(min-max)" "CPU s" "peak MB" "rows"
for q in overdue coverage; do
	read -r tf mf nf lof hif cf_cpu <<<"$(stat "fdss_$q")"
	read -r ts ms ns los his cs_cpu <<<"$(stat "sql_$q")"
	rf=$(grep -c . "$tmp/fdss_$q.keys" || :)
	rs=$(grep -c . "$tmp/sql_$q.keys" || :)
	cf=$(sort "$tmp/fdss_$q.keys" | md5sum | cut -c1-12)
	cs=$(sort "$tmp/sql_$q.keys" | md5sum | cut -c1-12)
	case $q in
	overdue) label="fdss report overdue" ;;
	coverage) label="fdss report coverage --by township" ;;
	esac
	printf '%-40s %7s %13s %7s %8s %8s\n' "$label" "$tf" "($lof-$hif)" "$cf_cpu" "$mf" "$rf"
	printf '%-40s %7s %13s %7s %8s %8s\n' "  hand-written SQL in sqlite3" "$ts" "($los-$his)" "$cs_cpu" "$ms" "$rs"
	awk -v a="$tf" -v b="$ts" -v c="$cf_cpu" -v d="$cs_cpu" 'BEGIN {
		printf "  fdss / SQL: wall %.2f, CPU %.2f (target <= 1.2)\n", a / b, c / d }'
	if [ "$rf" = "$rs" ] && [ "$cf" = "$cs" ]; then
		echo "  same answer: $rf rows, checksum of the key columns $cf"
	else
		echo "  DIFFERENT ANSWERS: fdss $rf rows ($cf), SQL $rs rows ($cs); first differences:"
		diff <(sort "$tmp/fdss_$q.keys") <(sort "$tmp/sql_$q.keys") | head -n 10 | sed 's/^/    /'
		status=1
	fi
	if cmp -s "$tmp/fdss_$q.keys" "$tmp/sql_$q.keys"; then
		echo "  same order"
	else
		echo "  (order differs)"
	fi
done
read -r t m < <(tail -n 1 "$tmp/small_overdue")
printf '\npeak memory on a small share (county %s): overdue %.1f MB (%s rows), coverage --by village %.1f MB\n' \
	"$county" "$(awk -v k="$m" 'BEGIN { print k / 1024 }')" "$(grep -c . "$tmp/small_overdue.out" || :)" \
	"$(awk -v k="$(cut -d' ' -f2 "$tmp/small_coverage")" 'BEGIN { print k / 1024 }')"
if [ -n "${KEEP:-}" ]; then
	rm -rf "$out/report-last"
	mkdir -p "$out/report-last"
	cp "$tmp"/*.out "$tmp"/*.keys "$tmp"/*.sql "$out/report-last/"
	echo "outputs kept in $out/report-last/"
fi
exit $status
