#!/bin/bash
# Benchmark fdss push and the coverage report from the provincial store,
# side by side in one run, on a throwaway PostgreSQL (tests/pg.sh):
#
#   bench/push.sh [BUILD-DIR] [N]
#
# N residents (default 1,000,000; 30 % patients with three years of
# visits): the database of bench/report.sh (ROWS=N PATIENTS=0.3N, made
# once and kept in bench/out/).  Then:
#   1. fdss push of the county into an empty store, against psql \copy
#      of the same rows (exported from the store) into the same empty
#      tables in one transaction: rows per second, ratio (target 1.5x);
#   2. ten counties: the same database under ten county codes (setting
#      county), pushed one after the other into one store (10 N rows);
#   3. fdss report coverage --by county --from the store, against the
#      same walk query run in psql for each county (its rows to
#      /dev/null): seconds, ratio (target 1.2x).
# The ten copies share their village codes, so --by county gives one
# unit: the work (every resident walked) is the same.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-build}" && pwd)
n=${2:-1000000}
export PATH="$bin:$PATH" FDSS_TODAY=2026-11-22 LC_ALL=C
ROWS=$n PATIENTS=$((n * 3 / 10)) GEN_ONLY=1 bash "$here/report.sh" "$bin" >&2
src=$here/out/report-$n-$((n * 3 / 10)).db
[ -f "$src" ] || { echo "bench/push.sh: no $src" >&2; exit 1; }
. "$here/../tests/pg.sh"
pg_start
trap pg_stop EXIT
work=$(mktemp -d)
trap 'pg_stop; rm -rf "$work"' EXIT
now() { date +%s.%N; }
rate() { awk -v r="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", r / (b - a) }'; }

cp "$src" "$work/c.db"
export FDSS_DB=$work/c.db
county=$(sqlite3 "$FDSS_DB" "SELECT value FROM setting WHERE key = 'county'" 2>/dev/null)
[ -n "$county" ] || { county=$(sqlite3 "$FDSS_DB" "SELECT substr(min(code), 1, 6) FROM area WHERE level = 'village'");
	sqlite3 "$FDSS_DB" "INSERT OR REPLACE INTO setting VALUES ('county', '$county')"; }

A=$(pg_createdb push)
t0=$(now); fdss push --to "$A" --format jsonl >"$work/push.out"; t1=$(now)
rows=$(sed 's/.*"sent":\([0-9]*\).*/\1/' "$work/push.out")

B=$(pg_createdb copy)
pg_dump -s -d "$A" -n fdss -n "fdss_c$county" | psql -X -q -d "$B" >/dev/null
tables=$(psql -X -At "$A" -c "SELECT relname FROM pg_class c JOIN pg_namespace s
	ON s.oid = c.relnamespace WHERE nspname = 'fdss' AND relname LIKE '%\_$county'")
{ echo "BEGIN;"; for tb in $tables; do
	psql -X -q "$A" -c "\\copy fdss.\"$tb\" TO '$work/$tb.tsv'"
	echo "\\copy fdss.\"$tb\" FROM '$work/$tb.tsv'"; done; echo "COMMIT;"; } >"$work/copy.sql"
t2=$(now); psql -X -q -d "$B" -f "$work/copy.sql" >/dev/null; t3=$(now)
echo "push of $n residents: $rows rows"
echo "  fdss push     $(awk -v a=$t0 -v b=$t1 'BEGIN{printf "%.2f", b-a}') s  $(rate $rows $t0 $t1) rows/s"
echo "  psql \\copy    $(awk -v a=$t2 -v b=$t3 'BEGIN{printf "%.2f", b-a}') s  $(rate $rows $t2 $t3) rows/s"
echo "  ratio         $(awk -v a=$t0 -v b=$t1 -v c=$t2 -v d=$t3 'BEGIN{printf "%.2f", (b-a)/(d-c)}') (target 1.5)"

P=$(pg_createdb province)
t4=$(now)
for i in 0 1 2 3 4 5 6 7 8 9; do
	c=$(printf '9%05d' $i)
	sqlite3 "$FDSS_DB" "INSERT OR REPLACE INTO setting VALUES ('county', '$c')"
	fdss push --to "$P" --format jsonl >/dev/null
done
t5=$(now)
echo "ten counties, $((10 * n)) residents: $(awk -v a=$t4 -v b=$t5 'BEGIN{printf "%.1f", b-a}') s"

# the walk as fdss runs it, for each county, in one psql session
walk=$(strings "$bin/fdss-report" | grep -m1 '^SELECT h.village_code.*household h JOIN' || true)
[ -n "$walk" ] || { echo "bench/push.sh: the walk query not found in fdss-report" >&2; exit 1; }
q=$(printf '%s' "$walk" | sed -e "s/:team/NULL::text/g" -e "s/:ref/'2026-11-22'/g" \
	-e "s/:lo/''/g" -e "s/:hi/':'/g")
{ echo '\o /dev/null'; for i in 0 1 2 3 4 5 6 7 8 9; do
	echo "SET search_path = fdss_c$(printf '9%05d' $i), fdss;"; echo "$q;"; done; } >"$work/walk.sql"
for run in 1 2; do
	t6=$(now); fdss report coverage --by county --from "$P" --format jsonl >"$work/rep.out"; t7=$(now)
	t8=$(now); psql -X -q -d "$P" -f "$work/walk.sql"; t9=$(now)
done
echo "report coverage --by county over $((10 * n)) residents:"
echo "  fdss report   $(awk -v a=$t6 -v b=$t7 'BEGIN{printf "%.2f", b-a}') s"
echo "  psql          $(awk -v a=$t8 -v b=$t9 'BEGIN{printf "%.2f", b-a}') s"
echo "  ratio         $(awk -v a=$t6 -v b=$t7 -v c=$t8 -v d=$t9 'BEGIN{printf "%.2f", (b-a)/(d-c)}') (target 1.2)"
