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
# a registry export as it comes: title lines, merged household cells,
# full-width and spaced ID numbers, footers (a dry run: stores nothing)
step -65 fdss import --dry-run --preset poverty-registry \
	"$fixtures/roster/shape-quirks.csv"
printf '\n$ fdss import --sheet 花名册 poverty-roster.xls ...   # the registry'"'"'s workbook: the same rows\n'
fdss import --preset poverty-registry --sheet 花名册 \
	"$fixtures/roster/poverty-roster.xls" 2>&1 | tail -n 2

# pipe CMD: show and run a shell pipeline, which must exit 0
pipe() {
	printf '\n$ %s\n' "$1"
	sh -c "$1" || { echo "demo: '$1' failed" >&2; exit 1; }
}

printf '\n# the roster holds households of two counties: the database is 绛县 140826\n'
step fdss setting set county 140826 --format table
step fdss team add T01 --name 绛县东关团队 --institution 古绛镇卫生院 \
	--area 140826100 --format table
step fdss team member add T01 --name 王医生 --role doctor --title 主治医师 --format table
step fdss team member add T01 --name 李护士 --role nurse --format table
step fdss team add T02 --name 那坡城厢团队 --institution 城厢镇卫生院 --format table
step fdss team member add T02 --name 农医生 --role lead --format table
step fdss team member add T02 --name 黄护士 --role nurse --format table
step fdss fee list --format table
pipe "fdss person list --poverty --area 140826 | fdss sign --team T01 --approve --format table"
pipe "fdss person list --poverty --area 451026 | fdss sign --team T02 --format table"
step fdss review approve C140826-2026-000004 --format table
step fdss contract show C140826-2026-000001 --format jsonl
step fdss terminate C140826-2026-000003 --reason death --date 2027-05-01 --format table
step fdss contract list --format table
printf '\n# chronic care: conditions, a month of visits, who is due\n'
step fdss condition add 140826195003150110 hypertension --since 2020-05-01 --format table
step fdss condition add 140826196011220136 diabetes --since 2021-03-01 --format table
pipe "fdss followup record --format table < '$fixtures/followup/november-visits.jsonl'"
step fdss followup due --as-of 2026-11-30 --within 14 --format table
step fdss referral list --format table
step fdss rules list --program hypertension --format table
printf '\n# a year later, the township of T02 renews its own contracts from a listing\n'
pipe "fdss contract list --team T02 --ending-within 30 --as-of 2027-11-05 --format jsonl | fdss renew --as-of 2027-11-05 --format table -"
printf '\n# and cron renews what else ends within 30 days\n'
step fdss renew --as-of 2027-11-10 --within 30 --format table
printf '\n# the doctor moves to the county hospital: 张医生 signs from now on, the contracts already signed stay\n'
step fdss team member add T01 --name 张医生 --role doctor --as-of 2027-11-12 --format table
step fdss team member remove T01 --name 王医生 --reason 调往县医院 --as-of 2027-11-12 --format table
printf '\n# a household moves away after its renewal was signed: the renewal ends too\n'
step fdss terminate --as-of 2027-11-15 --reason moved --summary "$bin/demo-terminate.json" \
	C140826-2026-000002 --format table
printf '\n$ cat summary.json\n'
cat "$bin/demo-terminate.json"
pipe "fdss contract list --status pending --as-of 2027-11-16 | fdss review approve --as-of 2027-11-16 --atomic --format table"
step fdss contract list --as-of 2027-11-30 --format table
printf '\n# the reports: what cron mails each morning, every overdue obligation by team and village\n'
step fdss report overdue --as-of 2027-11-30 --format table
printf '\n# and what the bureau reports upward: signing rates per group against the targets of 2017\n'
step fdss report coverage --as-of 2027-11-30 --by county --target all=30,priority=60,poverty=100 --format table
printf '\n# the renewals of the month, and the same overdue list as a page for the browser\n'
step fdss report renewals --as-of 2027-11-30 --format table
printf '\n$ fdss report overdue --as-of 2027-11-30 --format html > report-overdue.html\n'
fdss report overdue --as-of 2027-11-30 --format html > "$bin/report-overdue.html"
echo "the page with its charts: $bin/report-overdue.html (open it in a browser)"
printf '\n# the audit log: what happened to the household that moved away, and the life of one person across the tables\n'
step fdss audit --key C140826-2026-000002 --format table
step fdss audit show "$(fdss audit --key C140826-2026-000002 --format jsonl | tail -n 1 | sed 's/^{"type":"audit","id":\([0-9]*\).*/\1/')" --format table
step fdss person show 140826195003150110 --history --format table
printf '\n# both ways: the roster as a workbook that fdss import reads back (IDs as text cells)\n'
printf '\n$ fdss person list --format xlsx > roster.xlsx\n'
fdss person list --format xlsx > "$bin/demo-roster.xlsx"
echo "the workbook: $bin/demo-roster.xlsx"
rm -f "$bin/demo-copy.db"
fdss init --db "$bin/demo-copy.db" >/dev/null
fdss area import --db "$bin/demo-copy.db" "$fixtures"/divisions/areas.csv \
	"$fixtures"/divisions/streets.csv "$fixtures"/divisions/villages.csv 2>/dev/null
step fdss import --db "$bin/demo-copy.db" "$bin/demo-roster.xlsx"
printf '\n# 18-digit household numbers (户编号) as operands, in a registry that numbers one household by its head\n'
hdb="$bin/demo-households.db"
rm -f "$hdb"
fdss init --db "$hdb" >/dev/null
fdss area import --db "$hdb" "$fixtures"/divisions/areas.csv \
	"$fixtures"/divisions/streets.csv "$fixtures"/divisions/villages.csv 2>/dev/null
fdss import --db "$hdb" --preset poverty-registry "$fixtures/roster/household-numbers.csv" 2>/dev/null
step fdss person show --db "$hdb" 140826100005000605 --format table
step -64 fdss household show --db "$hdb" 140826195507070077 --format table
step fdss household show --db "$hdb" --person 140826195507070077 --format table
printf '\n# the county sends its records upward: an export that rebuilds the database byte for byte\n'
printf '\n$ fdss export all > county.jsonl; fdss import --db copy.db county.jsonl\n'
fdss export all > "$bin/demo-county.jsonl"
rm -f "$bin/demo-copy.db"
fdss init --db "$bin/demo-copy.db" >/dev/null
fdss import --db "$bin/demo-copy.db" "$bin/demo-county.jsonl"
printf '\n$ fdss export --db copy.db all | cmp - county.jsonl && echo identical\n'
fdss export --db "$bin/demo-copy.db" all | cmp - "$bin/demo-county.jsonl" && echo identical
step fdss export contracts --area 451026
printf '\n# a wrong phone number: a dry run first, the fix, its audit entry, the revert\n'
step fdss fix person 140826195003150110 --set phone=13900000000 --reason 电话录错 --dry-run --format jsonl
step fdss fix person 140826195003150110 --set phone=13900000000 --reason 电话录错 --format table
entry=$(fdss audit --table person --key 140826195003150110 --format jsonl | tail -n 1 | sed 's/^{"type":"audit","id":\([0-9]*\).*/\1/')
step fdss audit show "$entry" --format table
step fdss audit revert "$entry" --reason 原号码无误 --format table
printf '\n# fdss check: 张建国 died on 2027-11-20, and a visit of 11-25 is recorded all the same\n'
step fdss person leave 140826195003150110 --reason death --date 2027-11-20 --as-of 2027-11-30 --format table
pipe "echo '{\"id_number\":\"140826195003150110\",\"program\":\"hypertension\",\"date\":\"2027-11-25\",\"mode\":\"home\",\"doctor\":\"王医生\",\"sbp\":130,\"dbp\":80}' | fdss followup record --as-of 2027-11-30 --format table"
step -1 fdss check --as-of 2027-11-30 --format table
echo
echo "demo done: database left at $FDSS_DB"
