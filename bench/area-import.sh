#!/bin/sh
# Benchmark `fdss area import`: (1) every file of the divisions data
# (provinces, cities, counties, townships, villages) into a fresh
# database, (2) a synthetic file of N village rows (default 1,000,000).
# Each is compared with the sqlite3 shell's `.import` of the same files
# into plain tables (no checks, no upsert, no audit), the floor for
# loading CSV into SQLite.  Prints wall time, rate and peak memory.
#
#   sh bench/area-import.sh [BUILD-DIR [N [DIVISIONS-DIR]]]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-build}" && pwd)
n=${2:-1000000}
data=${3:-$here/../../shared/data/divisions}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -d "$data" ]; then
	echo "area-import: no divisions data in '$data' (give it as the third argument); skipped"
	exit 0
fi
data=$(cd "$data" && pwd)
files="$data/provinces.csv $data/cities.csv $data/areas.csv $data/streets.csv"
for f in "$data"/villages*.csv; do
	files="$files $f"
done

# report LABEL ROWS TIME-FILE
report() {
	awk -v label="$1" -v n="$2" -F ': ' '
	/Elapsed \(wall clock\)/ {
		k = split($2, t, ":")
		secs = t[k] + (k > 1 ? t[k - 1] * 60 : 0) + (k > 2 ? t[k - 2] * 3600 : 0)
	}
	/Maximum resident set size/ { rss = $2 }
	END {
		printf "%-28s %8d rows in %6.2f s, %9.0f rows/s, peak %6.1f MiB\n",
		       label, n, secs, (secs > 0 ? n / secs : 0), rss / 1024
	}' "$3"
}

# fdss_import LABEL FILE...: fresh database, timed import, checked count
fdss_import() {
	label=$1
	shift
	rm -f "$tmp/fdss.db"*
	"$bin/fdss-init" --db "$tmp/fdss.db" >/dev/null
	/usr/bin/time -v -o "$tmp/time" "$bin/fdss-area" import \
		--db "$tmp/fdss.db" "$@" 2>"$tmp/err" || {
		echo "area-import: fdss area import failed:" >&2
		head -n 5 "$tmp/err" >&2
		exit 1
	}
	rows=$(sqlite3 "$tmp/fdss.db" 'SELECT count(*) FROM area')
	expect=$(cat "$@" | grep -c '^[0-9]')
	if [ "$rows" -ne "$expect" ]; then
		echo "area-import: $rows rows stored, $expect expected" >&2
		exit 1
	fi
	report "fdss area import $label" "$rows" "$tmp/time"
	grep '^fdss-area: read' "$tmp/err" | sed 's/^/    /'
}

# sqlite_import LABEL FILE...: the sqlite3 shell into fresh tables
sqlite_import() {
	label=$1
	shift
	rm -f "$tmp/plain.db"*
	: >"$tmp/plain.sql"
	i=0
	for f in "$@"; do
		i=$((i + 1))
		echo ".import --csv '$f' t$i" >>"$tmp/plain.sql"
	done
	/usr/bin/time -v -o "$tmp/time" sqlite3 "$tmp/plain.db" \
		<"$tmp/plain.sql"
	rows=0
	j=1
	while [ "$j" -le "$i" ]; do
		rows=$((rows + $(sqlite3 "$tmp/plain.db" "SELECT count(*) FROM t$j")))
		j=$((j + 1))
	done
	report "sqlite3 .import $label" "$rows" "$tmp/time"
}

# shellcheck disable=SC2086
fdss_import "(divisions)" $files
# shellcheck disable=SC2086
sqlite_import "(divisions)" $files

awk -v n="$n" 'BEGIN {
	print "code,name,streetCode,provinceCode,cityCode,areaCode"
	for (i = 0; i < n; i++) {
		t = sprintf("45%04d%03d", int(i / 300000) + 101, int(i / 300) % 1000)
		printf "%s%03d,\"第%d村委会\",%s,45,%s,%s\n", t, i % 300, i, t,
		       substr(t, 1, 4), substr(t, 1, 6)
	}
}' >"$tmp/villages.csv"
fdss_import "(synthetic)" "$tmp/villages.csv"
sqlite_import "(synthetic)" "$tmp/villages.csv"
