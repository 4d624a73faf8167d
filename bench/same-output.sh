#!/bin/bash
# Are two builds the same to a user?  Takes a ROWS-row roster (100,000)
# through import, listings, signing, renewal, visits and reports with
# each build, in a fresh database each, and compares every output, every
# rejects file and every table (audit and batch timestamps and the
# program paths masked).  Prints one line per output and "same" or
# "DIFFERENT"; exits 1 on a difference.  For changes of structure that
# must not change behaviour (issue 14) and for speed work (issue 18).
#
#   bench/same-output.sh BUILD-A BUILD-B
#
# Environment: ROWS (100000), DIVISIONS (../shared/data/divisions).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: bench/same-output.sh BUILD-A BUILD-B" >&2; exit 64; }
. "$(dirname "$0")/lib.sh"
bench_setup same-output "$1"
bin_a=$bin
bin_b=$(cd "$2" && pwd)
rows=${ROWS:-100000}
need_sqlite3
roster=$(roster "$rows")

# run_all BIN DIR: every step's output into DIR/NAME
run_all() {
	local bin=$1 d=$2 fdss=$1/fdss
	mkdir -p "$d"
	export FDSS_DB=$d/fdss.db FDSS_TODAY=2026-11-22 FDSS_OPERATOR=bench
	local s=0
	step() {	# step NAME CMD...: stdout, stderr and exit code
		local name=$1 rc=0
		shift
		"$@" >"$d/$name.out" 2>"$d/$name.err" || rc=$?
		echo "$rc" >"$d/$name.rc"
	}
	divisions_db "$FDSS_DB" >/dev/null
	"$fdss" team add T01 --name 县一团队 --institution 县医院 >/dev/null
	"$fdss" team member add T01 --name 王医生 --role doctor >/dev/null
	"$fdss" team member add T01 --name 李护士 --role nurse >/dev/null
	"$fdss" setting set doctor_limit 100000000 >/dev/null
	"$fdss" setting set county 140826 >/dev/null
	step import "$fdss" import --preset poverty-registry \
		--rejects "$d/rejects.csv" --summary "$d/summary.json" "$roster"
	step reimport "$fdss" import --preset poverty-registry "$roster"
	step list-jsonl "$fdss" person list --format jsonl
	step list-csv "$fdss" person list --format csv
	step list-table "$fdss" person list --format table
	step list-json "$fdss" person list --format json
	step households "$fdss" household list --format jsonl
	step sign sh -c "'$fdss' person list --format jsonl |
		'$fdss' sign --team T01 --approve --summary '$d/sign.json'"
	step contracts "$fdss" contract list --format jsonl
	step renew "$fdss" renew --as-of 2027-11-10 --within 30 --approve
	step contracts2 "$fdss" contract list --format csv --as-of 2027-12-01
	sqlite3 "$FDSS_DB" "SELECT json_object('id_number', id_number,
		'program', kind, 'date', '2026-0' || (3 + n % 6) || '-1' || (n % 9),
		'mode', 'clinic', 'doctor', '王医生') FROM (SELECT id_number, kind,
		CAST(substr(id_number, 15, 3) AS INTEGER) AS n FROM condition
		WHERE status = 'active')
		UNION ALL SELECT json_object('id_number', id_number,
		'program', 'elderly', 'date', '2026-' || v, 'mode', 'home',
		'doctor', '王医生', 'sbp', 110 + n % 90, 'dbp', 60 + n % 50)
		FROM (SELECT id_number, CAST(substr(id_number, 15, 3) AS INTEGER)
		AS n FROM person WHERE birth_date < '1960-01-01'),
		(SELECT '05-0' || x AS v FROM (SELECT 1 AS x UNION SELECT 7)
		UNION SELECT '10-20')" \
		>"$d/visits.jsonl"
	step record "$fdss" followup record --rejects "$d/visit-rejects.jsonl" \
		<"$d/visits.jsonl"
	step due-year "$fdss" followup due --within 365 --format jsonl
	step team "$fdss" report team --format csv
	step check "$fdss" check --format jsonl
	step due "$fdss" followup due --format csv
	step coverage "$fdss" report coverage --format csv
	step overdue "$fdss" report overdue --format jsonl
	step audit-count sqlite3 "$FDSS_DB" "SELECT table_name, count(*)
		FROM audit_log GROUP BY 1"
	local t
	for t in $(sqlite3 "$FDSS_DB" "SELECT name FROM sqlite_master
			WHERE type = 'table' ORDER BY 1"); do
		sqlite3 -json "$FDSS_DB" "SELECT * FROM \"$t\"" |
			sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/T/g' |
			LC_ALL=C sort >"$d/table-$t.out"
	done
	# the program paths in messages and audit commands
	sed -i -e "s|$d|DIR|g" -e "s|$bin|BIN|g" "$d"/*.out "$d"/*.err
}

echo "running $bin_a" >&2
run_all "$bin_a" "$tmp/a"
echo "running $bin_b" >&2
run_all "$bin_b" "$tmp/b"
rm -f "$tmp"/a/fdss.db* "$tmp"/b/fdss.db*
wc -l "$tmp"/a/{contracts,due-year,list-jsonl}.out "$tmp"/a/table-audit_log.out | sed "s|$tmp/a/||" >&2
status=0
for f in "$tmp"/a/*; do
	n=${f##*/}
	if cmp -s "$f" "$tmp/b/$n"; then
		printf '%-28s same\n' "$n"
	else
		printf '%-28s DIFFERENT\n' "$n"
		diff "$f" "$tmp/b/$n" | head -n 5 | sed 's/^/    /'
		status=1
	fi
done
for f in "$tmp"/b/*; do
	[ -e "$tmp/a/${f##*/}" ] || { printf '%-28s only in B\n' "${f##*/}"; status=1; }
done
exit $status
