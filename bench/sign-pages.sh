#!/bin/bash
# Where a signing and a renewal spend SQLite's work, beside their floor:
# bench/sign.sh's runs (person list | sign --approve, then renew a year
# later, and the floor's INSERT ... SELECT statements of
# bench/sign-floor-sql.sh) once each under bench/sqlite-steps.c, which
# counts for every statement its steps, seconds and the pages it fetched
# from SQLite's page cache (hits) and from the file (misses).  Printed
# per side: the statements that took longest, then the totals.
#
# A statement stepped once per row descends every b-tree it touches from
# the root each time; one INSERT ... SELECT keeps its cursors where the
# last row went.  The page fetches show that difference, and what the
# floor never does: read the members, their covers and old packages.
#
#   bench/sign-pages.sh [BUILD-DIR]
#
# Environment: ROWS (1000000), BAD (0.01), TOP (8), DIVISIONS.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup sign-pages "$@"
rows=${ROWS:-1000000}
top=${TOP:-8}

need_sqlite3
[ -x "$bin/fdss-sign" ] || die "no fdss-sign in $bin (run make)"
cc -O2 -shared -fPIC -o "$tmp/steps.so" "$here/sqlite-steps.c" -ldl ||
	die "cannot build sqlite-steps.so"
roster=$(roster "$rows" utf-8 "${BAD:-0.01}")

export FDSS_DB=$tmp/base.db FDSS_TODAY=2026-11-22 FDSS_OPERATOR=bench
fdss=$bin/fdss
signing_db "$FDSS_DB"
echo "importing $roster" >&2
"$fdss" import --preset poverty-registry "$roster" >/dev/null 2>&1 ||
	[ $? -eq 65 ] || die "import failed"
. "$here/sign-floor-sql.sh"

# LABEL CMD...: CMD with the counting library loaded, into $tmp/LABEL
steps() {
	local label=$1
	shift
	LD_PRELOAD=$tmp/steps.so SQLITE_STEPS_OUT=$tmp/$label "$@" \
		>/dev/null 2>"$tmp/$label.err" || [ $? -eq 65 ] ||
		{ tail -n 3 "$tmp/$label.err" >&2; die "$label failed"; }
}
cp "$tmp/base.db" "$tmp/f.db"
steps fsign sqlite3 "$tmp/f.db" ".read $tmp/sign.sql"
steps frenew sqlite3 "$tmp/f.db" ".read $tmp/renew.sql"
cp "$tmp/base.db" "$tmp/t.db"
FDSS_DB=$tmp/t.db "$fdss" person list --format jsonl >"$tmp/list.jsonl"
steps sign env FDSS_DB="$tmp/t.db" "$fdss-sign" --team T01 --approve \
	<"$tmp/list.jsonl"
steps renew env FDSS_DB="$tmp/t.db" "$fdss-renew" --as-of 2027-11-10 \
	--within 30 --approve

show() {
	sort -t "$(printf '\t')" -k1,1 -rn "$tmp/$1" | awk -F '\t' -v top="$top" -v l="$2" '
	BEGIN { printf "\n%s\n%8s %10s %11s %9s  %s\n", l, "seconds",
		"steps", "page hits", "misses", "statement" }
	{ s += $1; n += $2; h += $3; m += $4
	  if (NR <= top) printf "%8.2f %10d %11d %9d  %.60s\n", $1, $2, $3, $4, $5 }
	END { printf "%8.2f %10d %11d %9d  (all %d statements)\n", s, n, h, m, NR
	      print h + m > "'"$tmp/$1.pages"'" }'
}
show fsign "floor: signing"
show sign "fdss sign --approve (the listing read before, not counted)"
show frenew "floor: renewal"
show renew "fdss renew --within 30 --approve"
echo
for w in sign renew; do
	awk -v a="$(cat "$tmp/$w.pages")" -v b="$(cat "$tmp/f$w.pages")" -v w="$w" \
		'BEGIN { printf "%s: pages fetched %d, floor %d: %.2f×\n", w, a, b, a / b }'
done
