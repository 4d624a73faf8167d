#!/bin/bash
# Concurrent writers (issue 17): four processes on one database file for
# SECONDS — imports of 200-household rosters, signing households one by
# one, recording visits one by one, and listings — then every count must
# add up: no write that a command reported is lost, no "database is
# locked" reaches a user, a reader never sees half an import (the people
# it lists are always a whole number of rosters), and nothing exits with
# anything but success (or 75, busy past the timeout, which must not
# happen at this load with the default timeout).
#
#   bash tests/reliability/concurrent.sh BUILD [SECONDS]   (default 15)
set -u
B=$(cd "${1:?usage: concurrent.sh BUILD [SECONDS]}" && pwd)
SECS=${2:-15}
root=$(cd "$(dirname "$0")/../.." && pwd)
D=$root/tests/fixtures/divisions
work=$(mktemp -d "${TMPDIR:-/tmp}/fdss-concurrent.XXXXXX")
trap 'rm -rf "$work"' EXIT
export PATH="$B:$PATH" FDSS_OPERATOR=concurrent FDSS_TODAY=2026-11-22 LC_ALL=C
export FDSS_DB=$work/fdss.db
ROSTER=200

# roster K N: N one-person households, IDs and numbers unique to K
. "$root/tests/roster-rows.sh"
roster() { roster_rows "$2" "$1"; }

fdss init >/dev/null
fdss area import "$D/areas.csv" "$D/streets.csv" "$D/villages.csv" 2>/dev/null
fdss team add T01 --name 东关团队 --institution 古绛镇卫生院 >/dev/null
fdss team member add T01 --name 王医生 --role doctor >/dev/null
fdss team member add T01 --name 李护士 --role nurse >/dev/null
fdss setting set doctor_limit 100000000 >/dev/null
# roster 0: the people the signer and the visitor work on
roster 0 "$ROSTER" >"$work/r0.csv"
fdss import "$work/r0.csv" 2>/dev/null
fdss person list --format jsonl | sed -n 's/.*"id_number":"\([0-9X]*\)".*/\1/p' >"$work/ids"
sed -n 's/.*"household_no":"\([^"]*\)".*/\1/p' <(fdss person list --format jsonl) >"$work/households"
awk '{ printf "{\"id_number\":\"%s\",\"kind\":\"hypertension\",\"since\":\"2020-01-01\"}\n", $1 }' \
	"$work/ids" | fdss condition add >/dev/null 2>&1
end=$(( $(date +%s) + SECS ))

# each worker: loop until the end, log "ok", "busy" or "fail STATUS" per run
importer() {
	local k=1
	while [ "$(date +%s)" -lt "$end" ]; do
		roster "$k" "$ROSTER" >"$work/r$k.csv"
		fdss import "$work/r$k.csv" >/dev/null 2>>"$work/import.err"
		log import $?
		k=$((k + 1))
	done
}

signer() {
	local h
	while read -r h && [ "$(date +%s)" -lt "$end" ]; do
		fdss sign --team T01 --approve "$h" >/dev/null 2>>"$work/sign.err"
		log sign $?
	done <"$work/households"
}

visitor() {
	local id n=0
	while [ "$(date +%s)" -lt "$end" ]; do
		id=$(sed -n "$((n % ROSTER + 1))p" "$work/ids")
		printf '{"id_number":"%s","program":"hypertension","date":"2026-%02d-%02d","sbp":%d,"dbp":80}\n' \
			"$id" $((1 + n / ROSTER % 11)) $((1 + n % 28)) $((120 + n % 40)) |
			fdss followup record >/dev/null 2>>"$work/visit.err"
		log visit "${PIPESTATUS[1]}"
		n=$((n + 1))
	done
}

lister() {
	local n
	while [ "$(date +%s)" -lt "$end" ]; do
		n=$(fdss person list --format jsonl 2>>"$work/list.err" | wc -l)
		log list $?
		[ $((n % ROSTER)) -eq 0 ] || echo "half an import seen: $n people" >>"$work/list.err"
		echo "$n" >>"$work/list.seen"
	done
}

log() {
	case $2 in
	0) echo ok ;;
	75) echo busy ;;
	*) echo "fail $2" ;;
	esac >>"$work/$1.log"
}

importer & signer & visitor & lister &
wait

n() { local c; c=$(grep -c "^$2\$" "$work/$1.log" 2>/dev/null); echo "${c:-0}"; }
fail=0
for w in import sign visit list; do
	printf 'concurrent: %-6s %4d runs ok, %d busy, %d failed\n' "$w" \
		"$(n $w ok)" "$(n $w busy)" "$(grep -c '^fail' "$work/$w.log" 2>/dev/null)"
	if grep -q '^fail\|^busy' "$work/$w.log" 2>/dev/null; then
		fail=1
		echo "concurrent: $w: $(grep -v '^ok' "$work/$w.log" | sort | uniq -c | tr '\n' ' ')"
		head -3 "$work/$w.err"
	fi
	if grep -qi 'locked\|half an import' "$work/$w.err" 2>/dev/null; then
		fail=1
		echo "concurrent: $w: $(grep -i -m2 'locked\|half' "$work/$w.err")"
	fi
	[ "$(n $w ok)" -gt 0 ] || { fail=1; echo "concurrent: $w never ran"; }
done

# every reported write is there
people=$(sqlite3 "$FDSS_DB" 'SELECT count(*) FROM person')
contracts=$(sqlite3 "$FDSS_DB" 'SELECT count(*) FROM contract')
visits=$(sqlite3 "$FDSS_DB" 'SELECT count(*) FROM followup')
want_people=$(( ROSTER * (1 + $(n import ok)) ))
check() {
	[ "$2" = "$3" ] || { fail=1; echo "concurrent: $1: $2 stored, $3 reported"; }
}
check people "$people" "$want_people"
check contracts "$contracts" "$(n sign ok)"
check visits "$visits" "$(n visit ok)"
echo "concurrent: $people people, $contracts contracts, $visits visits after ${SECS} s; readers saw $(sort -un "$work/list.seen" | wc -l) states"
[ "$fail" -eq 0 ] && echo "concurrent: no lost write, no lock error" || exit 1
