#!/bin/bash
# Benchmark `fdss check` against `fdss report team` on the report
# benchmark's database (bench/report.sh: made once and kept in
# bench/out/, 1 M residents and about 3 M visits by default).  The
# issue's target: every check together within 3x the time of report
# team on the same file, with flat memory.
#
#   bench/check.sh [BUILD-DIR]
#
# After one run of each to warm the page cache, RUNS times and
# interleaved (the order swapped each run): fdss report team --format
# jsonl and fdss check --format jsonl (which exits 1 when a finding is an
# error: counted as done); wall time, CPU seconds (user + system) and
# peak RSS from /usr/bin/time; medians and the ratios.  Then each check
# alone once, with its findings, and the peak memory of the whole check
# on one county (--area) beside the whole file's.
#
# Environment: ROWS, PATIENTS (as bench/report.sh: 1000000, 300000),
# RUNS (3), DIVISIONS.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup check "$@"
rows=${ROWS:-1000000}
patients=${PATIENTS:-300000}
runs=${RUNS:-3}
asof=2026-11-22

need_time
need_sqlite3
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
[ -x "$bin/fdss-check" ] || die "no fdss-check in $bin (run make)"
db=$out/report-$rows-$patients.db
# the database of bench/report.sh, made by it when missing
ROWS=$rows PATIENTS=$patients GEN_ONLY=1 bash "$here/report.sh" "$bin" >/dev/null
[ -s "$db" ] || die "no database $db"
export FDSS_DB=$db FDSS_TODAY=$asof
"$bin/fdss" init >/dev/null	# the migrations of fdss check's settings

# ctimed LABEL CMD: "wall kb cpu" of CMD into $tmp/LABEL; exit 0 or 1
ctimed() {
	local label=$1 status=0
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/$label" bash -c "$*" \
		>"$tmp/$label.out" 2>"$tmp/$label.err" || status=$?
	if [ "$status" -gt 1 ]; then
		tail -n 3 "$tmp/$label.err" >&2
		die "$label: exit status $status"
	fi
	# (time writes "Command exited with non-zero status 1" first)
	tail -n 1 "$tmp/$label" |
		awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >"$tmp/$label.t"
	mv "$tmp/$label.t" "$tmp/$label"
}

team="'$bin/fdss' report team --as-of $asof --format jsonl"
check="'$bin/fdss' check --as-of $asof --format jsonl"
echo "warming the page cache" >&2
ctimed warm_team "$team"
ctimed warm_check "$check"
for ((i = 1; i <= runs; i++)); do
	echo "run $i of $runs" >&2
	if [ $((i % 2)) = 1 ]; then order="team check"; else order="check team"; fi
	for who in $order; do
		c=$who
		ctimed "$who" "${!c}"
		cat "$tmp/$who" >>"$tmp/$who.all"
	done
done

med() {
	sort -n -k "$2" "$1" | awk -v c="$2" '{ t[NR] = $c }
	END { printf "%.2f\n", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
peak() { awk '$2 > m { m = $2 } END { printf "%.1f", m / 1024 }' "$1"; }

printf '\n%s\n' "$(basename "$db"): $(sqlite3 "$db" "SELECT (SELECT count(*) FROM person)
	|| ' people, ' || (SELECT count(*) FROM contract) || ' contracts, '
	|| (SELECT count(*) FROM followup) || ' visits, ' || (SELECT count(*) FROM audit_log)
	|| ' audit entries'")"
printf 'reference date %s; %s runs each, interleaved; medians\n\n' "$asof" "$runs"
printf '%-34s %8s %8s %9s\n' "" "wall s" "CPU s" "peak MB"
for who in team check; do
	printf '%-34s %8s %8s %9s\n' "fdss $( [ $who = team ] && echo report team || echo check)" \
		"$(med "$tmp/$who.all" 1)" "$(med "$tmp/$who.all" 3)" "$(peak "$tmp/$who.all")"
done
awk -v a="$(med "$tmp/check.all" 1)" -v b="$(med "$tmp/team.all" 1)" \
	-v c="$(med "$tmp/check.all" 3)" -v d="$(med "$tmp/team.all" 3)" 'BEGIN {
	printf "check / report team: wall %.2f, CPU %.2f (target <= 3)\n", a / b, c / d }'

printf '\neach check alone (wall s, CPU s, peak MB, findings):\n'
for name in $("$bin/fdss" check --list | awk '{ print $1 }'); do
	ctimed "one" "$check --check $name"
	read -r w k cpu <"$tmp/one"
	printf '  %-24s %7s %7s %7.1f %8s\n' "$name" "$w" "$cpu" \
		"$(awk -v k="$k" 'BEGIN { print k / 1024 }')" "$(grep -c . "$tmp/one.out" || :)"
done
county=$(sqlite3 "$db" "SELECT substr(village_code, 1, 6) FROM household
	GROUP BY 1 ORDER BY count(*) LIMIT 1 OFFSET 3")
ctimed small "$check --area $county"
read -r w k cpu <"$tmp/small"
printf '\npeak memory on one county (%s): %.1f MB (%s findings); whole file %s MB\n' \
	"$county" "$(awk -v k="$k" 'BEGIN { print k / 1024 }')" \
	"$(grep -c . "$tmp/small.out" || :)" "$(peak "$tmp/check.all")"
