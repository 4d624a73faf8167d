#!/bin/bash
# What storing a roster costs SQLite alone, without fdss: the rows an
# import of the 1,000,000-row roster stored, copied with one INSERT ...
# SELECT into the person table of an empty fdss database (its unique
# index on the ID number, its household index, foreign keys off), in the
# roster's order and in ID-number order, beside `sqlite3 .import` of the
# roster CSV into a flat table with a UNIQUE index (the reference of
# bench/import.sh).  Page cache as fdss import sets it (128 MiB).  A
# figure is the median of RUNS runs (3) of wall seconds, commit included.
#
#   bench/import-floor.sh [BUILD-DIR]
#
# The roster is bench/import.sh's (bench/out/roster-$ROWS-utf-8.csv),
# generated if missing; DIVISIONS as there.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup import-floor "$@"
rows=${ROWS:-1000000}
runs=${RUNS:-3}

need_sqlite3
roster=$(roster "$rows")
divisions_db "$tmp/empty.db"
cp "$tmp/empty.db" "$tmp/full.db"
FDSS_DB=$tmp/full.db "$bin/fdss" import --preset poverty-registry \
	"$roster" >/dev/null 2>&1 || [ $? -eq 65 ]

cols=$(sqlite3 "$tmp/full.db" "SELECT group_concat(name, ',') FROM
	pragma_table_info('person') WHERE name <> 'id'")
# the stored rows in the roster's order and in ID order, as plain tables
sqlite3 "$tmp/src.db" "ATTACH '$tmp/full.db' AS f;
	CREATE TABLE roster_order AS SELECT $cols FROM f.person
		ORDER BY batch_line;
	CREATE TABLE id_order AS SELECT $cols FROM f.person ORDER BY id_number;"

for table in roster_order id_order; do
	printf '%s\n' "PRAGMA cache_size = -131072;" "PRAGMA foreign_keys = OFF;" \
		"ATTACH '$tmp/src.db' AS s;" "BEGIN;" \
		"INSERT INTO person ($cols) SELECT * FROM s.$table;" \
		"COMMIT;" >"$tmp/$table.sql"
done
cols14='"县","乡（镇）","行政村","户编号","人编号","姓名","证件号码","与户主关系",'
cols14+='"民族","文化程度","健康状况","贫困户属性","脱贫年份","联系电话"'
printf '%s\n' "CREATE TABLE roster(${cols14//\",/\" TEXT,} TEXT);" \
	"CREATE UNIQUE INDEX roster_id ON roster(\"证件号码\");" \
	".import --csv --skip 1 '$roster' roster" >"$tmp/import.sql"

# .import reports the roster's duplicate ID numbers and exits 1
dot_import() {
	sqlite3 "$tmp/t.db" ".read $tmp/import.sql" || true
}

for ((i = 1; i <= runs; i++)); do
	for table in roster_order id_order; do
		cp "$tmp/empty.db" "$tmp/t.db"
		secs "$table" sqlite3 "$tmp/t.db" ".read $tmp/$table.sql"
		rm -f "$tmp"/t.db*
	done
	secs sqlite3 dot_import
	rm -f "$tmp"/t.db*
done

n=$(sqlite3 "$tmp/src.db" "SELECT count(*) FROM id_order")
printf '\n%s people stored from %s; wall s, median of %s\n' "$n" \
	"$(basename "$roster")" "$runs"
printf '%-60s %6s\n' "sqlite3 .import (the reference)" "$(median sqlite3)"
printf '%-60s %6s\n' "INSERT ... SELECT into person, roster order" "$(median roster_order)"
printf '%-60s %6s\n' "INSERT ... SELECT into person, ID order" "$(median id_order)"
awk -v r="$(median sqlite3)" 'BEGIN {
	printf "%-60s %6.2f\n", "0.4 x the reference (the import target)", 0.4 * r }'
