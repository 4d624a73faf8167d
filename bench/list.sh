#!/bin/sh
# bench/list.sh: `fdss person list` in every output form against JSON lines,
# and JSON lines against `sqlite3 -json` selecting the people's columns
# (issue 18: every form within 1.3x of JSON lines, JSON lines within 1.3x
# of sqlite3).  sqlite3 selects the people twice: in the order fdss lists
# them (by household, then ID number: lib/person_query.c), the same rows in
# the same order, and as they lie in the table (no ORDER BY).  Ordering
# costs SQLite itself little at 100,000 people and about half again at
# 1,000,000, where the people of a household lie apart in the table.  Runs alternate form by form, RUNS times (default 5), and
# the medians are compared; output goes to /dev/null.
#
#   sh bench/list.sh [BUILD-DIR]      ROWS=100000 RUNS=5 by default
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup list "$@"
rows=${ROWS:-100000}
runs=${RUNS:-5}
need_sqlite3
roster=$(roster "$rows" utf-8 0)

export FDSS_DB=$tmp/fdss.db FDSS_TODAY=2026-11-22 FDSS_OPERATOR=bench
fdss=$bin/fdss
divisions_db "$FDSS_DB"
"$fdss" import --preset poverty-registry "$roster" 2>/dev/null
people=$(sqlite3 "$FDSS_DB" "SELECT count(*) FROM person")
cols=$(sqlite3 "$FDSS_DB" "SELECT group_concat(name, ', ') FROM pragma_table_info('person')")

for i in $(seq "$runs"); do
	for f in jsonl csv table json; do
		secs "$f" "$fdss" person list --format "$f"
	done
	secs sqlite3 sqlite3 -json "$FDSS_DB" "SELECT $cols FROM person"
	secs sqlite3-ordered sqlite3 -json "$FDSS_DB" "SELECT $cols FROM person
		ORDER BY household_no, id_number"
done

j=$(median jsonl)
printf '\nperson list of %s people, median of %s runs (wall s)\n' "$people" "$runs"
for f in jsonl csv table json sqlite3 sqlite3-ordered; do
	m=$(median "$f")
	awk -v f="$f" -v m="$m" -v j="$j" 'BEGIN {
		printf "  %-16s %6.2f   %5.2fx JSON lines\n", f, m, m / j }'
done
awk -v j="$j" -v s="$(median sqlite3-ordered)" -v u="$(median sqlite3)" 'BEGIN {
	printf "JSON lines / sqlite3 -json, same order  %.2f   (target <= 1.3)\n", j / s
	printf "JSON lines / sqlite3 -json, table order %.2f\n", j / u }'
