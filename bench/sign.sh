#!/bin/bash
# Benchmark signing a whole roster and renewing it a year later:
#
#   fdss person list --format jsonl | fdss sign --team T01 --approve
#   fdss renew --as-of <a year later> --within 30 --approve
#
# on the ROWS-row roster of bench/gen-roster.py (generated into
# bench/out/ as bench/import.sh does, and reused), against the time of
# importing that roster: the issue's target is sign + renew within twice
# the import.  Wall time and peak RSS come from /usr/bin/time.  One team
# signs everybody, so the per-doctor limit is lifted for the run.
#
#   bench/sign.sh [BUILD-DIR]
#
# Environment: ROWS (1000000), BAD (0.01), DIVISIONS
# (../shared/data/divisions).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup sign "$@"
rows=${ROWS:-1000000}
bad=${BAD:-0.01}

need_time
need_sqlite3
[ -x "$bin/fdss-sign" ] || die "no fdss-sign in $bin (run make)"
roster=$(roster "$rows" utf-8 "$bad")

export FDSS_DB=$tmp/fdss.db FDSS_TODAY=2026-11-22 FDSS_OPERATOR=bench
fdss=$bin/fdss

divisions_db "$FDSS_DB"
"$fdss" team add T01 --name 县一团队 --institution 县医院 >/dev/null
"$fdss" team member add T01 --name 王医生 --role doctor >/dev/null
"$fdss" team member add T01 --name 李护士 --role nurse >/dev/null
"$fdss" setting set doctor_limit 100000000 >/dev/null

echo "importing $roster" >&2
timed import "'$fdss' import --preset poverty-registry '$roster'"
echo "signing" >&2
timed sign "'$fdss' person list --format jsonl | '$fdss' sign --team T01 --approve"
echo "renewing" >&2
timed renew "'$fdss' renew --as-of 2027-11-10 --within 30 --approve"

read -r t_imp m_imp < <(tail -n 1 "$tmp/import")
read -r t_sign m_sign < <(tail -n 1 "$tmp/sign")
read -r t_ren m_ren < <(tail -n 1 "$tmp/renew")
people=$(sqlite3 "$FDSS_DB" "SELECT count(*) FROM person WHERE status = 'active'")
households=$(sqlite3 "$FDSS_DB" "SELECT count(*) FROM household")
signed=$(sqlite3 "$FDSS_DB" "SELECT count(*) FROM contract WHERE renews IS NULL")
renewed=$(sqlite3 "$FDSS_DB" "SELECT count(*) FROM contract WHERE renews IS NOT NULL")
covered=$(sqlite3 "$FDSS_DB" "SELECT count(DISTINCT id_number) FROM contract_member")

printf '\nroster: %s rows, %s people in %s households\n' "$rows" "$people" "$households"
printf '%-44s %8s %9s\n' "" "wall s" "peak MB"
row() { printf '%-44s %8s %9.1f\n' "$1" "$2" "$(awk -v k="$3" 'BEGIN { print k / 1024 }')"; }
row "fdss import" "$t_imp" "$m_imp"
row "person list | sign --approve (sign side)" "$t_sign" "$m_sign"
row "renew --within 30, a year later" "$t_ren" "$m_ren"
echo
echo "contracts signed $signed, renewed $renewed, people covered $covered"
echo "sign: $(tail -n 1 "$tmp/sign.err")"
echo "renew: $(tail -n 1 "$tmp/renew.err")"
awk -v i="$t_imp" -v s="$t_sign" -v r="$t_ren" 'BEGIN {
	printf "(sign + renew) / import time  %.2f   (target <= 2)\n", (s + r) / i }'
