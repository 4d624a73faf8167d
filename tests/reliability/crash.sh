#!/bin/bash
# Crash safety of every writer (issue 17): import, sign, review, renew,
# terminate, followup record, condition add and fix are each killed with
# SIGKILL at a random moment of its run, KILLS times, on a fresh copy of
# its starting database.  After each kill:
#   - PRAGMA integrity_check is ok and PRAGMA foreign_key_check is empty;
#   - the row count of every table (the audit log included) equals the
#     count before the command or the count after an uninterrupted run;
#   - running the command again gives the uninterrupted result.
# The last line says how many kills were survived out of how many.
#
#   bash tests/reliability/crash.sh BUILD [KILLS]   (make check: 10,
#                                                     make reliability: 100)
set -u
B=$(cd "${1:?usage: crash.sh BUILD [KILLS]}" && pwd)
KILLS=${2:-10}
ONLY=${CRASH_ONLY:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
D=$root/tests/fixtures/divisions
work=$(mktemp -d "${TMPDIR:-/tmp}/fdss-crash.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PATH="$B:$PATH" FDSS_OPERATOR=crash FDSS_TODAY=2026-11-22 LC_ALL=C
unset FDSS_DB

# roster N: N one-person households with valid ID numbers
. "$root/tests/roster-rows.sh"
roster() { roster_rows "$1"; }

# counts DB: "table=rows ..." for every table, in name order
counts() {
	local t q=""
	for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table'
			AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
		q="$q SELECT '$t=' || count(*) FROM \"$t\";"
	done
	sqlite3 "$1" "$q" | tr '\n' ' '
}

# health DB: empty when integrity and foreign keys are fine
health() {
	local ic fk
	ic=$(sqlite3 "$1" 'PRAGMA integrity_check')
	fk=$(sqlite3 "$1" 'PRAGMA foreign_key_check')
	[ "$ic" = ok ] || echo "integrity_check: $ic"
	[ -z "$fk" ] || echo "foreign_key_check: $(echo "$fk" | head -3)"
}

base() {
	export FDSS_DB=$work/$1.base.db
	fdss init >/dev/null
	fdss area import "$D/areas.csv" "$D/streets.csv" "$D/villages.csv" \
		2>/dev/null
}

team() {
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院 >/dev/null
	fdss team member add T01 --name 王医生 --role doctor >/dev/null
	fdss team member add T01 --name 李护士 --role nurse >/dev/null
	fdss setting set doctor_limit 100000000 >/dev/null
}

# --- the scenarios: set up $work/NAME.base.db and $work/NAME.in, and say
# the command (run with FDSS_DB set, stdin from NAME.in) -----------------
setup_import() {
	base import
	roster 20000 >"$work/import.in"
	cmd_import="fdss import -"
}

setup_sign() {
	base sign
	roster 3000 >"$work/r.csv"
	fdss import "$work/r.csv" 2>/dev/null
	team
	fdss person list --format jsonl >"$work/sign.in"
	cmd_sign="fdss sign --team T01 --approve"
}

setup_review() {
	base review
	roster 3000 >"$work/r.csv"
	fdss import "$work/r.csv" 2>/dev/null
	team
	fdss person list --format jsonl | fdss sign --team T01 >/dev/null 2>&1
	fdss contract list --status pending --format jsonl >"$work/review.in"
	cmd_review="fdss review approve"
}

setup_renew() {
	base renew
	roster 3000 >"$work/r.csv"
	fdss import "$work/r.csv" 2>/dev/null
	team
	fdss person list --format jsonl |
		fdss sign --team T01 --approve >/dev/null 2>&1
	: >"$work/renew.in"
	cmd_renew="fdss renew --as-of 2027-11-10 --within 30 --approve"
}

setup_terminate() {
	base terminate
	roster 3000 >"$work/r.csv"
	fdss import "$work/r.csv" 2>/dev/null
	team
	fdss person list --format jsonl |
		fdss sign --team T01 --approve >/dev/null 2>&1
	fdss contract list --format jsonl >"$work/terminate.in"
	cmd_terminate="fdss terminate --reason other"
}

setup_followup() {
	base followup
	roster 4000 >"$work/r.csv"
	fdss import "$work/r.csv" 2>/dev/null
	fdss person list --format jsonl | sed -n 's/.*"id_number":"\([0-9X]*\)".*/\1/p' \
		>"$work/ids"
	awk '{ printf "{\"id_number\":\"%s\",\"kind\":\"hypertension\",\"since\":\"2020-01-01\"}\n", $1 }' \
		"$work/ids" | fdss condition add >/dev/null 2>&1
	awk '{ printf "{\"id_number\":\"%s\",\"program\":\"hypertension\",\"date\":\"2026-%02d-%02d\",\"sbp\":%d,\"dbp\":%d}\n",
		$1, 1 + NR % 10, 1 + NR % 28, 120 + NR % 50, 70 + NR % 30 }' \
		"$work/ids" >"$work/followup.in"
	cmd_followup="fdss followup record"
}

setup_condition() {
	base condition
	roster 6000 >"$work/r.csv"
	fdss import "$work/r.csv" 2>/dev/null
	fdss person list --format jsonl | sed -n 's/.*"id_number":"\([0-9X]*\)".*/\1/p' |
		awk '{ printf "{\"id_number\":\"%s\",\"kind\":\"diabetes\",\"since\":\"2021-03-01\"}\n", $1 }' \
		>"$work/condition.in"
	cmd_condition="fdss condition add"
}

setup_fix() {
	base fix
	roster 4000 >"$work/r.csv"
	fdss import "$work/r.csv" 2>/dev/null
	fdss person list --format jsonl | sed -n 's/.*"id_number":"\([0-9X]*\)".*/\1/p' |
		awk '{ printf "{\"table\":\"person\",\"key\":\"%s\",\"set\":{\"phone\":\"139%08d\"},\"reason\":\"phone typed wrong\"}\n", $1, NR }' \
		>"$work/fix.in"
	cmd_fix="fdss fix"
}

# run NAME DB: the command on DB, stdin from NAME.in
run_cmd() {
	local cmd
	eval "cmd=\$cmd_$1"
	FDSS_DB=$2 $cmd <"$work/$1.in" >/dev/null 2>&1
}

# fresh NAME DB: a copy of the starting database
fresh() {
	rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
	cp "$work/$1.base.db" "$2"
}

total=0 survived=0 failed=0
for name in import sign review renew terminate followup condition fix; do
	[ -z "$ONLY" ] || [ "$ONLY" = "$name" ] || continue
	"setup_$name"
	db=$work/$name.db
	before=$(counts "$work/$name.base.db")
	fresh "$name" "$db"
	t0=$(date +%s%N)
	run_cmd "$name" "$db"
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	after=$(counts "$db")
	if [ "$before" = "$after" ]; then
		echo "crash: $name: the uninterrupted run changed nothing" >&2
		failed=$((failed + 1))
		continue
	fi
	mid=0 bad=0
	for i in $(seq "$KILLS"); do
		fresh "$name" "$db"
		# a moment within the run: 2% to 98% of its uninterrupted time
		delay=$(( ms * (2 + RANDOM % 97) / 100 ))
		eval "cmd=\$cmd_$name"
		FDSS_DB=$db $cmd <"$work/$name.in" >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		total=$((total + 1))
		why=$(health "$db")
		now=$(counts "$db")
		if [ -z "$why" ] && [ "$now" != "$before" ] && [ "$now" != "$after" ]; then
			why="counts neither before nor after: $now"
		fi
		[ "$now" = "$before" ] && mid=$((mid + 1))
		if [ -z "$why" ]; then
			run_cmd "$name" "$db"
			again=$(counts "$db")
			# a second import run is recorded as one more batch
			[ "$name" = import ] && again=$(echo "$again" |
				sed 's/import_batch=2/import_batch=1/')
			[ "$again" = "$after" ] || why="rerun gives $again, not $after"
		fi
		if [ -n "$why" ]; then
			bad=$((bad + 1))
			echo "crash: $name: kill $i after ${delay} ms: $why" >&2
		else
			survived=$((survived + 1))
		fi
	done
	failed=$((failed + bad))
	printf 'crash: %-10s %3d kills in a %5d ms run: %d before, %d after, %d broken\n' \
		"$name" "$KILLS" "$ms" "$mid" $((KILLS - mid - bad)) "$bad"
done
echo "crash: $survived of $total kills survived"
[ "$failed" -eq 0 ]
