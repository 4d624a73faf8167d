#!/bin/bash
# Benchmark signing a whole roster and renewing it a year later:
#
#   fdss person list --format jsonl | fdss sign --team T01 --approve
#   fdss renew --as-of <a year later> --within 30 --approve
#
# on the ROWS-row roster of bench/gen-roster.py (generated into
# bench/out/ as bench/import.sh does, and reused), side by side with
# their floor (bench/sign-floor-sql.sh: the same rows stored by SQLite
# alone, INSERT ... SELECT) and their checked floor (the same, after
# SQLite alone has read set-wise what fdss reads to check them: the
# members, their cover, the old packages) on copies of the same imported
# database, the three sides taking turns, RUNS runs (3), medians of wall
# seconds; each floor must store the rows fdss stores (the same counts).
# The issue's target: each within 1.5× of its floor.  Beside them, the import
# of that roster (once) and sign + renew against it.  Peak RSS comes from
# /usr/bin/time.  One team signs everybody, so the per-doctor limit is
# lifted for the run.
#
#   bench/sign.sh [BUILD-DIR]
#
# Environment: ROWS (1000000), BAD (0.01), RUNS (3), DIVISIONS
# (../shared/data/divisions).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup sign "$@"
rows=${ROWS:-1000000}
bad=${BAD:-0.01}
runs=${RUNS:-3}

need_time
need_sqlite3
[ -x "$bin/fdss-sign" ] || die "no fdss-sign in $bin (run make)"
roster=$(roster "$rows" utf-8 "$bad")

export FDSS_DB=$tmp/base.db FDSS_TODAY=2026-11-22 FDSS_OPERATOR=bench
fdss=$bin/fdss

signing_db "$FDSS_DB"

echo "importing $roster" >&2
timed import "'$fdss' import --preset poverty-registry '$roster'"
. "$here/sign-floor-sql.sh"

# CMD under /usr/bin/time, keeping every run's wall seconds in
# $tmp/LABEL.s, its CPU seconds (user + system) in .cpu, its RSS in .kb
run() {
	local label=$1 status=0 s kb u y
	shift
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/$label" bash -c "$*" \
		>"$tmp/$label.out" 2>"$tmp/$label.err" || status=$?
	if [ "$status" -ne 0 ] && [ "$status" -ne 65 ]; then
		tail -n 3 "$tmp/$label.err" >&2
		die "$label: exit status $status"
	fi
	read -r s kb u y < <(tail -n 1 "$tmp/$label")
	echo "$s" >>"$tmp/$label.s"
	echo "$kb" >>"$tmp/$label.kb"
	awk -v u="$u" -v y="$y" 'BEGIN { print u + y }' >>"$tmp/$label.cpu"
}
# The rows a run stored: contracts signed, renewed, people covered,
# fee rows, contract audit rows
stored() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM contract WHERE renews IS
		NULL) || ' ' || (SELECT count(*) FROM contract WHERE renews IS
		NOT NULL) || ' ' || (SELECT count(DISTINCT id_number) FROM
		contract_member) || ' ' || (SELECT count(*) FROM contract_fee) ||
		' ' || (SELECT count(*) FROM audit_log WHERE table_name =
		'contract')"
}
# floor LABEL-PREFIX SQL-SUFFIX: a floor's signing, then its renewal
floor() {
	cp "$tmp/base.db" "$tmp/f.db"
	run "${1}sign" "sqlite3 '$tmp/f.db' '.read $tmp/sign$2.sql'"
	run "${1}renew" "sqlite3 '$tmp/f.db' '.read $tmp/renew$2.sql'"
	stored "$tmp/f.db" >"$tmp/${1}counts"
	rm -f "$tmp"/f.db*
}
ours() {
	cp "$tmp/base.db" "$tmp/t.db"
	run sign "FDSS_DB='$tmp/t.db' '$fdss' person list --format jsonl |
		FDSS_DB='$tmp/t.db' '$fdss' sign --team T01 --approve"
	run renew "FDSS_DB='$tmp/t.db' '$fdss' renew --as-of 2027-11-10 \
		--within 30 --approve"
	stored "$tmp/t.db" >"$tmp/counts"
	rm -f "$tmp"/t.db*
}
for ((i = 1; i <= runs; i++)); do
	echo "run $i of $runs ($(uptime | sed 's/.*load/load/'))" >&2
	case $((i % 3)) in
	1) floor f ""; floor c -checked; ours ;;
	2) ours; floor f ""; floor c -checked ;;
	0) floor c -checked; ours; floor f "" ;;
	esac
done

med() { sort -n "$tmp/$1" | awk '{ a[NR] = $1 } END {
	print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
mb() { awk -v k="$(sort -n "$tmp/$1.kb" | tail -n 1)" 'BEGIN { printf "%.1f", k / 1024 }'; }
read -r t_imp m_imp < <(tail -n 1 "$tmp/import")
read -r signed renewed covered fees audits <"$tmp/counts"
for f in f c; do
	cmp -s "$tmp/counts" "$tmp/${f}counts" ||
		die "a floor stored other rows than fdss: fdss" \
			"$(cat "$tmp/counts"), floor $(cat "$tmp/${f}counts")"
done
people=$(sqlite3 "$tmp/base.db" "SELECT count(*) FROM person WHERE status = 'active'")
households=$(sqlite3 "$tmp/base.db" "SELECT count(*) FROM household")

printf '\nroster: %s rows, %s people in %s households; median of %s runs\n' \
	"$rows" "$people" "$households" "$runs"
printf '%-34s %7s %7s %6s %8s %8s %6s %8s\n' "" "fdss s" "floor s" "ratio" \
	"fdss cpu" "floor cpu" "ratio" "peak MB"
row() {
	awk -v l="$1" -v t="$(med "$2.s")" -v f="$(med "$3.s")" -v m="$(mb "$2")" \
		-v tc="$(med "$2.cpu")" -v fc="$(med "$3.cpu")" 'BEGIN {
		printf "%-34s %7.2f %7.2f %6.2f %8.2f %8.2f %6.2f %8s\n",
			l, t, f, t / f, tc, fc, tc / fc, m }'
	printf '  runs, wall s: fdss %s; floor %s\n' "$(paste -sd ' ' "$tmp/$2.s")" \
		"$(paste -sd ' ' "$tmp/$3.s")"
}
row "person list | sign --approve" sign fsign
row "  against the checked floor" sign csign
row "renew --within 30, a year later" renew frenew
row "  against the checked floor" renew crenew
printf '%-34s %7s %7s %6s %8s %8s %6s %8.1f\n' "fdss import (once)" "$t_imp" \
	"" "" "" "" "" \
	"$(awk -v k="$m_imp" 'BEGIN { print k / 1024 }')"
echo
echo "contracts signed $signed, renewed $renewed, people covered $covered;" \
	"$fees fee rows, $audits audit rows (each floor the same)"
echo "sign: $(tail -n 1 "$tmp/sign.err")"
echo "renew: $(tail -n 1 "$tmp/renew.err")"
awk -v i="$t_imp" -v s="$(med sign.s)" -v r="$(med renew.s)" 'BEGIN {
	printf "(sign + renew) / import time  %.2f\n", (s + r) / i }'
echo "ratio: fdss / floor (wall; CPU: user + system, the sign side with"
echo "person list's); each within 1.5 of its floor (issue 18); the checked"
echo "floor reads what fdss reads for its checks; load $(uptime | sed 's/.*load average: //')"
