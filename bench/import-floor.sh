#!/bin/bash
# What storing a roster costs SQLite alone, without fdss, beside what
# `fdss import` takes for the same roster, in one run.  The floor stores
# everything an import of the roster stored — the import_batch row, the
# households, the people and their conditions — set-wise: one INSERT ...
# SELECT per table from plain tables of the rows the import stored, into
# an empty fdss database (its indexes, one transaction, commit
# included), foreign keys checked once with PRAGMA foreign_key_check
# inside the transaction (the guarantee fdss import gives).  Beside it:
# the people alone in the roster's order and in ID-number order (the
# floor of bench/import.sh's earlier figures), and `sqlite3 .import` of
# the roster CSV into a flat table with a UNIQUE index (the old
# reference).  Page cache 128 MiB.  A figure is the median of RUNS runs
# (3) of wall seconds, the runs of each kind alternating.
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

# columns of table $1 of full.db, less $2
columns() {
	sqlite3 "$tmp/full.db" "SELECT group_concat(name, ',') FROM
		pragma_table_info('$1') WHERE name <> '${2:-}'"
}
pcols=$(columns person id)
hcols=$(columns household)
ccols=$(columns condition)
bcols=$(columns import_batch)
# the stored rows as plain tables: people in the roster's order and in
# ID order, households, conditions and the batch as the import left them
sqlite3 "$tmp/src.db" "ATTACH '$tmp/full.db' AS f;
	CREATE TABLE roster_order AS SELECT $pcols FROM f.person
		ORDER BY batch_line;
	CREATE TABLE id_order AS SELECT $pcols FROM f.person ORDER BY id_number;
	CREATE TABLE households AS SELECT $hcols FROM f.household;
	CREATE TABLE conditions AS SELECT $ccols FROM f.condition;
	CREATE TABLE batch AS SELECT $bcols FROM f.import_batch;"

for table in roster_order id_order; do
	printf '%s\n' "PRAGMA cache_size = -131072;" "PRAGMA foreign_keys = OFF;" \
		"ATTACH '$tmp/src.db' AS s;" "BEGIN;" \
		"INSERT INTO person ($pcols) SELECT * FROM s.$table;" \
		"COMMIT;" >"$tmp/$table.sql"
done
# everything, foreign keys checked once in the transaction: a finding
# fails the script, as it would fail an import
printf '%s\n' "PRAGMA cache_size = -131072;" "PRAGMA foreign_keys = OFF;" \
	".bail on" "ATTACH '$tmp/src.db' AS s;" "BEGIN;" \
	"INSERT INTO import_batch ($bcols) SELECT * FROM s.batch;" \
	"INSERT INTO household ($hcols) SELECT * FROM s.households;" \
	"INSERT INTO person ($pcols) SELECT * FROM s.roster_order;" \
	"INSERT INTO condition ($ccols) SELECT * FROM s.conditions;" \
	"CREATE TEMP TABLE fk_findings (n INTEGER CHECK (n = 0));" \
	"INSERT INTO fk_findings SELECT count(*)
	 FROM (SELECT 1 FROM main.pragma_foreign_key_check('person')
	       UNION ALL SELECT 1 FROM main.pragma_foreign_key_check('household')
	       UNION ALL SELECT 1 FROM main.pragma_foreign_key_check('condition')
	       UNION ALL SELECT 1 FROM main.pragma_foreign_key_check('import_batch'));" \
	"COMMIT;" >"$tmp/all.sql"
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
	echo "run $i of $runs" >&2
	cp "$tmp/empty.db" "$tmp/t.db"
	secs all sqlite3 "$tmp/t.db" ".read $tmp/all.sql"
	rm -f "$tmp"/t.db*
	cp "$tmp/empty.db" "$tmp/t.db"
	secs fdss env "FDSS_DB=$tmp/t.db" "$bin/fdss" import \
		--preset poverty-registry "$roster"
	rm -f "$tmp"/t.db*
	for table in roster_order id_order; do
		cp "$tmp/empty.db" "$tmp/t.db"
		secs "$table" sqlite3 "$tmp/t.db" ".read $tmp/$table.sql"
		rm -f "$tmp"/t.db*
	done
	secs sqlite3 dot_import
	rm -f "$tmp"/t.db*
done

n=$(sqlite3 "$tmp/src.db" "SELECT count(*) FROM id_order")
h=$(sqlite3 "$tmp/src.db" "SELECT count(*) FROM households")
c=$(sqlite3 "$tmp/src.db" "SELECT count(*) FROM conditions")
printf '\n%s people, %s households, %s conditions stored from %s;\n' \
	"$n" "$h" "$c" "$(basename "$roster")"
printf 'wall s, median of %s; load: %s\n' "$runs" "$(uptime | sed 's/.*load/load/')"
row() { printf '%-64s %6s\n' "$@"; }
row "the floor: everything an import stores, set-wise, FK checked" "$(median all)"
row "fdss import" "$(median fdss)"
awk -v f="$(median fdss)" -v a="$(median all)" 'BEGIN {
	printf "%-64s %6.2f\n", "fdss import / the floor (target <= 2)", f / a }'
row "people alone, INSERT ... SELECT, roster order" "$(median roster_order)"
row "people alone, INSERT ... SELECT, ID order" "$(median id_order)"
row "sqlite3 .import (the old reference)" "$(median sqlite3)"
