#!/bin/bash
# What storing a signing and a renewal costs SQLite alone, without fdss:
# the rows `fdss sign` and `fdss renew` store for the 1,000,000-row
# roster of bench/sign.sh — a contract per household, a member row and a
# basic-package fee row per active person, an audit row per contract —
# made by a few INSERT ... SELECT statements in one transaction each,
# with fdss's own schema, indexes and foreign keys on, and the page cache
# a contract batch sets (64 MiB).  Nothing is read or checked the way
# fdss does (no cover check, eligibility, fee schedule or JSON); the
# checked floors (sign-floor-sql.sh) first read set-wise what fdss reads
# for its checks.  Beside them, `fdss import` of the same roster, the
# reference of bench/sign.sh.
# A figure is the median of RUNS runs (3) of wall seconds, commit
# included.
#
#   bench/sign-floor.sh [BUILD-DIR]
#
# The roster is bench/import.sh's (bench/out/roster-$ROWS-utf-8.csv),
# generated if missing; DIVISIONS as there.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup sign-floor "$@"
rows=${ROWS:-1000000}
runs=${RUNS:-3}

need_sqlite3
roster=$(roster "$rows")
divisions_db "$tmp/empty.db"
FDSS_DB=$tmp/empty.db "$bin/fdss" team add T01 --name 县一团队 \
	--institution 县医院 >/dev/null
FDSS_DB=$tmp/empty.db "$bin/fdss" team member add T01 --name 王医生 \
	--role doctor >/dev/null

. "$here/sign-floor-sql.sh"

for ((i = 1; i <= runs; i++)); do
	cp "$tmp/empty.db" "$tmp/t.db"
	secs import env FDSS_DB="$tmp/t.db" "$bin/fdss" import \
		--preset poverty-registry "$roster"
	cp "$tmp/t.db" "$tmp/c.db"
	secs sign sqlite3 "$tmp/t.db" ".read $tmp/sign.sql"
	secs renew sqlite3 "$tmp/t.db" ".read $tmp/renew.sql"
	secs csign sqlite3 "$tmp/c.db" ".read $tmp/sign-checked.sql"
	secs crenew sqlite3 "$tmp/c.db" ".read $tmp/renew-checked.sql"
	counts=$(sqlite3 "$tmp/t.db" "SELECT (SELECT count(*) FROM contract
		WHERE renews IS NULL) || ' contracts signed, ' || (SELECT count(*)
		FROM contract WHERE renews IS NOT NULL) || ' renewed, ' ||
		(SELECT count(*) FROM contract_member) || ' member rows, ' ||
		(SELECT count(*) FROM contract_fee) || ' fee rows, ' ||
		(SELECT count(*) FROM audit_log WHERE table_name = 'contract')
		|| ' audit rows'")
	rm -f "$tmp"/t.db* "$tmp"/c.db*
done

printf '\n%s, from %s; wall s, median of %s\n' "$counts" \
	"$(basename "$roster")" "$runs"
printf '%-52s %6s\n' "fdss import (the reference)" "$(median import)"
printf '%-52s %6s\n' "the signing's rows, INSERT ... SELECT" "$(median sign)"
printf '%-52s %6s\n' "the renewal's rows, INSERT ... SELECT" "$(median renew)"
printf '%-52s %6s\n' "the signing's rows, checked first" "$(median csign)"
printf '%-52s %6s\n' "the renewal's rows, checked first" "$(median crenew)"
awk -v i="$(median import)" -v s="$(median sign)" -v r="$(median renew)" \
	'BEGIN { printf "%-52s %6.2f\n", "(sign + renew) floor / import", (s + r) / i }'
