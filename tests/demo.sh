#!/bin/sh
# make demo: walk the whole path that exists so far on the small example
# that ships in tests/fixtures, in a scratch database under build/.
set -eu
bin=$(cd "${1:-build}" && pwd)
fixtures=$(cd "$(dirname "$0")/fixtures" && pwd)
export PATH="$bin:$PATH"
export FDSS_DB="$bin/demo.db" FDSS_TODAY=2026-11-22 FDSS_OPERATOR=demo
rm -f "$FDSS_DB" "$FDSS_DB-wal" "$FDSS_DB-shm"

# step [-N] CMD...: show and run CMD, which must exit with N (default 0).
step() {
	want=0
	case $1 in -[0-9]*) want=${1#-}; shift ;; esac
	printf '\n$ %s\n' "$*"
	"$@" && rc=0 || rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "demo: '$*' exited $rc, expected $want" >&2
		exit 1
	fi
	[ "$rc" -eq 0 ] || echo "(exit status $rc)"
}

echo "fdss demo — database $FDSS_DB, as of $FDSS_TODAY"
step fdss init --format table
step fdss area import "$fixtures"/divisions/areas.csv \
	"$fixtures"/divisions/streets.csv "$fixtures"/divisions/villages.csv
step fdss area list --under 140826 --level township --format table
step fdss area find 永乐村委会 --format table
step -65 fdss id check --format table 11010519491231002X 370101190102039973 \
	110105194912310021 110105490231002 371101202712010010
printf '%s\n' 11010519491231002x 450521199002301234 > "$bin/demo-ids.txt"
printf '\n$ fdss id check --format jsonl < ids.txt\n'
fdss id check --format jsonl < "$bin/demo-ids.txt" && rc=0 || rc=$?
[ "$rc" -eq 65 ] || { echo "demo: id check exited $rc, expected 65" >&2; exit 1; }
roster="$fixtures/roster/poverty-roster.csv"
step -65 fdss import --preset poverty-registry --rejects "$bin/demo-rejects.csv" \
	--summary "$bin/demo-summary.json" "$roster"
printf '\n$ cat rejects.csv\n'
cat "$bin/demo-rejects.csv"
printf '\n$ cat summary.json\n'
cat "$bin/demo-summary.json"
step fdss household list --format table
step fdss person list --group elderly --format table
step fdss person show 140826195003150110 --format jsonl
printf '\n$ fdss import --encoding gb18030 ...   # the same roster in GB18030: nothing changes\n'
fdss import --preset poverty-registry --encoding gb18030 \
	"$fixtures/roster/poverty-roster.gb18030.csv" 2>&1 | tail -n 1
echo
echo "demo done: database left at $FDSS_DB"
