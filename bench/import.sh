#!/bin/bash
# Benchmark `fdss import` of a poverty-registry roster against loading the
# same CSV with `sqlite3 .import` (flat table of 14 TEXT columns, UNIQUE
# index on 证件号码) and `sqlite-utils insert --csv` (same table and index,
# --ignore so the roster's duplicate ID numbers do not abort it), side by
# side in one run.  Also: a re-import of the unchanged file, the GB18030
# file, the same rows as an .xlsx workbook (made by bench/csv2xlsx.c with
# libxlsxwriter, every cell text, inline strings), the same again as Excel
# saves it (csv2xlsx-sst.py: every text in the shared-strings table, which
# the reader holds) and the 100,000-row roster, CSV and .xlsx, to show
# that peak memory does not grow with the input.  Wall time and peak RSS come from /usr/bin/time; a
# figure is the median of RUNS runs (sqlite-utils: SLOW_RUNS).
#
#   bench/import.sh [BUILD-DIR]
#
# Environment: ROWS (1000000), SMALL (100000), BAD (0.01, share of bad
# rows), RUNS (3), SLOW_RUNS (1), GB18030 (1; 0 skips that run), XLSX
# (1; 0 skips the workbooks),
# DIVISIONS (../shared/data/divisions), FDSS (1; 0 times only the
# reference tools).  Rosters are generated once into
# bench/out/ (git-ignored) and reused.  Without fdss-import in BUILD-DIR
# only the reference tools are timed.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -euo pipefail

. "$(dirname "$0")/lib.sh"
bench_setup import "$@"
rows=${ROWS:-1000000}
small=${SMALL:-100000}
bad=${BAD:-0.01}
runs=${RUNS:-3}
slow_runs=${SLOW_RUNS:-1}

need_time
need_sqlite3
[ "$slow_runs" = 0 ] || command -v sqlite-utils >/dev/null ||
	die "sqlite-utils is missing (apt-get install sqlite-utils)"

have_fdss=0
if [ "${FDSS:-1}" = 1 ] && [ -x "$bin/fdss-import" ]; then
	have_fdss=1
fi

# measure LABEL STATUSES CMD...: run CMD under /usr/bin/time; on an exit
# status listed in STATUSES (e.g. "0 65") append "secs kb" to
# $tmp/LABEL, else show the end of its output and record nothing.
measure() {
	local label=$1 ok=$2 status=0
	shift 2
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" ||
		status=$?
	if [[ " $ok " != *" $status "* ]]; then
		echo "$label: exit status $status" >&2
		tail -n 3 "$tmp/err" >&2
		return 0
	fi
	tail -n 1 "$tmp/time" >>"$tmp/$label"
}

# median LABEL: "secs mb runs" of the runs recorded, or "- - 0".
median() {
	local f=$tmp/$1
	if [ ! -s "$f" ]; then
		echo "- - 0"
		return
	fi
	awk '{ t[NR] = $1; m[NR] = $2 }
	function med(a, n,   i, j, x) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				x = a[j]; a[j] = a[j - 1]; a[j - 1] = x
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	END { printf "%.2f %.1f %d\n", med(t, NR), med(m, NR) / 1024, NR }' "$f"
}

big=$(roster "$rows" utf-8 "$bad")
little=$(roster "$small" utf-8 "$bad")
big_gb=
if [ "${GB18030:-1}" = 1 ] && [ "$have_fdss" = 1 ]; then
	big_gb=$(roster "$rows" gb18030 "$bad")
fi

# The rosters as workbooks, made once (bench/out/csv2xlsx from csv2xlsx.c).
big_x=
little_x=
if [ "${XLSX:-1}" = 1 ] && [ "$have_fdss" = 1 ]; then
	conv=$out/csv2xlsx
	if [ ! -x "$conv" ] || [ "$here/csv2xlsx.c" -nt "$conv" ]; then
		cc -O2 -I"$here/../include" "$here/csv2xlsx.c" -o "$conv" \
			"$bin/libfdss.a" $(pkg-config --libs sqlite3 libcjson \
			xlsxwriter libzip expat freexl) ||
			die "cannot build csv2xlsx"
	fi
	for f in "$big" "$little"; do
		if [ ! -s "${f%.csv}.xlsx" ] || [ "$f" -nt "${f%.csv}.xlsx" ]; then
			echo "generating ${f%.csv}.xlsx" >&2
			"$conv" "$f" "${f%.csv}.xlsx.tmp.xlsx"
			mv "${f%.csv}.xlsx.tmp.xlsx" "${f%.csv}.xlsx"
		fi
	done
	big_x=${big%.csv}.xlsx
	little_x=${little%.csv}.xlsx
	big_s=${big%.csv}-sst.xlsx
	if [ ! -s "$big_s" ] || [ "$big" -nt "$big_s" ] ||
	   [ "$here/csv2xlsx-sst.py" -nt "$big_s" ]; then
		echo "generating $big_s" >&2
		python3 "$here/csv2xlsx-sst.py" "$big" "$big_s.tmp.xlsx"
		mv "$big_s.tmp.xlsx" "$big_s"
	fi
fi

# A database with the divisions loaded, copied for each fdss run.
if [ "$have_fdss" = 1 ]; then
	divisions_db "$tmp/template.db"
fi

# The fdss import command line, before the file, into $tmp/fdss.db.
fdss_import=(env "FDSS_DB=$tmp/fdss.db" "$bin/fdss" import
	--preset poverty-registry --summary "$tmp/summary.json")

cols='"县","乡（镇）","行政村","户编号","人编号","姓名","证件号码","与户主关系",'
cols+='"民族","文化程度","健康状况","贫困户属性","脱贫年份","联系电话"'
schema="CREATE TABLE roster(${cols//\",/\" TEXT,} TEXT);
CREATE UNIQUE INDEX roster_id ON roster(\"证件号码\");"

for ((i = 1; i <= runs; i++)); do
	echo "run $i of $runs" >&2
	if [ "$have_fdss" = 1 ]; then
		cp "$tmp/template.db" "$tmp/fdss.db"
		rm -f "$tmp"/summary*.json
		measure import "0 65" "${fdss_import[@]}" "$big"
		mv "$tmp/summary.json" "$tmp/summary-1.json" 2>/dev/null || :
		measure reimport "0 65" "${fdss_import[@]}" "$big"
		mv "$tmp/summary.json" "$tmp/summary-2.json" 2>/dev/null || :
		rm -f "$tmp"/fdss.db*
		cp "$tmp/template.db" "$tmp/fdss.db"
		measure small "0 65" "${fdss_import[@]}" "$little"
		rm -f "$tmp"/fdss.db*
		if [ -n "$big_x" ]; then
			cp "$tmp/template.db" "$tmp/fdss.db"
			measure xlsx "0 65" "${fdss_import[@]}" "$big_x"
			mv "$tmp/summary.json" "$tmp/summary-x.json" 2>/dev/null || :
			rm -f "$tmp"/fdss.db*
			cp "$tmp/template.db" "$tmp/fdss.db"
			measure xlsx_small "0 65" "${fdss_import[@]}" "$little_x"
			rm -f "$tmp"/fdss.db*
			cp "$tmp/template.db" "$tmp/fdss.db"
			measure xlsx_sst "0 65" "${fdss_import[@]}" "$big_s"
			rm -f "$tmp"/fdss.db*
		fi
		if [ -n "$big_gb" ]; then
			cp "$tmp/template.db" "$tmp/fdss.db"
			measure gb18030 "0 65" "${fdss_import[@]}" \
				--encoding gb18030 "$big_gb"
			rm -f "$tmp"/fdss.db*
		fi
	fi
	sqlite3 "$tmp/sqlite3.db" "$schema"
	measure sqlite3 0 sqlite3 "$tmp/sqlite3.db" \
		".import --csv --skip 1 '$big' roster"
	rm -f "$tmp/sqlite3.db"
	if [ $i -le "$slow_runs" ]; then
		sqlite3 "$tmp/utils.db" "$schema"
		measure utils 0 sqlite-utils insert "$tmp/utils.db" roster "$big" \
			--csv --ignore --silent
		rm -f "$tmp/utils.db"
	fi
done

read -r t_imp m_imp n_imp <<<"$(median import)"
read -r t_re m_re n_re <<<"$(median reimport)"
read -r t_gb m_gb n_gb <<<"$(median gb18030)"
read -r t_small m_small n_small <<<"$(median small)"
read -r t_x m_x n_x <<<"$(median xlsx)"
read -r t_xs m_xs n_xs <<<"$(median xlsx_small)"
read -r t_xss m_xss n_xss <<<"$(median xlsx_sst)"
read -r t_sq m_sq n_sq <<<"$(median sqlite3)"
read -r t_ut m_ut n_ut <<<"$(median utils)"

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || b == 0) print "-"
		else printf "%.2f\n", a / b }'
}

mb=$(($(stat -c %s "$big") / 1000000))
printf '\nroster: %s rows (%s MB, share of bad rows %s), %s; small: %s rows\n' \
	"$rows" "$mb" "$bad" "$(basename "$big")" "$small"
echo "$(uptime | sed 's/.*load/load/') (the machine's load as the runs ended)"
printf '%-40s %8s %9s %5s\n' "" "wall s" "peak MB" runs
row() { printf '%-40s %8s %9s %5s\n' "$@"; }
row "fdss import" "$t_imp" "$m_imp" "$n_imp"
row "fdss import again (unchanged)" "$t_re" "$m_re" "$n_re"
row "fdss import --encoding gb18030" "$t_gb" "$m_gb" "$n_gb"
row "fdss import, $small rows" "$t_small" "$m_small" "$n_small"
row "fdss import .xlsx" "$t_x" "$m_x" "$n_x"
row "fdss import .xlsx, $small rows" "$t_xs" "$m_xs" "$n_xs"
row "fdss import .xlsx, shared strings" "$t_xss" "$m_xss" "$n_xss"
row "sqlite3 .import (UNIQUE index)" "$t_sq" "$m_sq" "$n_sq"
row "sqlite-utils insert --csv (UNIQUE index)" "$t_ut" "$m_ut" "$n_ut"
echo
printf 'fdss / sqlite3 time        %6s   (target <= 0.40)\n' "$(ratio "$t_imp" "$t_sq")"
printf 'fdss / sqlite-utils time   %6s   (target <= 0.15)\n' "$(ratio "$t_imp" "$t_ut")"
printf 're-import / import time    %6s   (target <= 1.0)\n' "$(ratio "$t_re" "$t_imp")"
printf 'peak memory %s / %s rows %6s   (target 0.8 to 1.2, under 250 MB)\n' \
	"$small" "$rows" "$(ratio "$m_small" "$m_imp")"
printf '.xlsx / CSV time           %6s   (target <= 1.5)\n' "$(ratio "$t_x" "$t_imp")"
printf '.xlsx shared strings / CSV %6s   (target <= 1.5)\n' "$(ratio "$t_xss" "$t_imp")"
printf '.xlsx peak memory %s / %s rows %6s   (target about 1)\n' \
	"$small" "$rows" "$(ratio "$m_xs" "$m_x")"
if [ "$have_fdss" = 0 ]; then
	echo "(fdss-import not in $bin or FDSS=0: only the reference tools were timed)"
else
	for k in 1 2 x; do
		if [ -s "$tmp/summary-$k.json" ]; then
			echo "summary of import $k (last run): $(cat "$tmp/summary-$k.json")"
		fi
	done
	echo "generator's counts: $(tr -d ' \n' <"${big%.csv}.json")"
fi
