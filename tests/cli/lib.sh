# Helpers for the CLI tests, sourced by tests/cli/run.sh before each
# tests/cli/t-*.sh file.  A file is a list of cases:
#
#   t "id check rejects a wrong check character"
#   run fdss id check 110105194912310021
#   expect_status 65
#   expect_out_has '"error":"check character should be'
#
# run captures stdout in $out, stderr in $err and the status in $status;
# run_in FILE cmd... feeds FILE (or '-' for the here-string in $input) on
# stdin.  Every case runs in the same scratch directory $T (fresh for each
# file), with FDSS_DB=$T/fdss.db, FDSS_TODAY=2026-11-22 and
# FDSS_OPERATOR=tester.  A case fails when any expectation in it fails or
# when a sanitizer wrote a report during it.

case_name=""
case_failed=0

# roster_rows N [K]: a generated roster of one-person households
. "$(dirname "${BASH_SOURCE[0]}")/../roster-rows.sh"

_case_end() {
	[ -n "$case_name" ] || return 0
	if [ -n "${SANITIZER_LOGS:-}" ] && \
	   ls "$SANITIZER_LOGS"/*.* >/dev/null 2>&1; then
		_fail "sanitizer report: $(cat "$SANITIZER_LOGS"/*.* | head -n 30)"
		rm -f "$SANITIZER_LOGS"/*.*
	fi
	if [ "$case_failed" -eq 0 ]; then
		echo pass >>"$RESULTS"
	else
		echo fail >>"$RESULTS"
		printf 'FAIL %s: %s\n' "$TEST_FILE" "$case_name"
	fi
	case_name=""
}

t() {
	_case_end
	case_name=$1
	case_failed=0
}

_fail() {
	case_failed=1
	printf '  %s: %s\n' "$case_name" "$1" >>"$T/.failures"
	printf '  in %s: %s\n' "$case_name" "$1"
}

run() {
	"$@" >"$T/.out" 2>"$T/.err"
	status=$?
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

run_in() {
	local file=$1
	shift
	if [ "$file" = - ]; then
		printf '%s' "$input" | "$@" >"$T/.out" 2>"$T/.err"
		status=${PIPESTATUS[1]}
	else
		"$@" <"$file" >"$T/.out" 2>"$T/.err"
		status=$?
	fi
	out=$(cat "$T/.out")
	err=$(cat "$T/.err")
}

expect_status() {
	[ "$status" -eq "$1" ] || _fail "status $status, expected $1 (stderr: ${err:0:300})"
}

expect_out() {
	[ "$out" = "$1" ] || _fail "stdout differs:
--- expected
$1
--- got
$out"
}

expect_err() {
	[ "$err" = "$1" ] || _fail "stderr differs:
--- expected
$1
--- got
$err"
}

expect_out_has() {
	case $out in
	*"$1"*) ;;
	*) _fail "stdout lacks '$1':
$out" ;;
	esac
}

expect_out_lacks() {
	case $out in
	*"$1"*) _fail "stdout has '$1'" ;;
	esac
}

expect_err_has() {
	case $err in
	*"$1"*) ;;
	*) _fail "stderr lacks '$1':
$err" ;;
	esac
}

expect_err_empty() {
	[ -z "$err" ] || _fail "stderr not empty: $err"
}

expect_lines() {
	local n
	n=$(printf '%s' "$out" | grep -c '')
	[ "$n" -eq "$1" ] || _fail "$n lines of output, expected $1"
}

# expect_eq WHAT GOT EXPECTED
expect_eq() {
	[ "$2" = "$3" ] || _fail "$1: got '$2', expected '$3'"
}

# sql QUERY: run a query on the test database (sqlite3 CLI).
sql() {
	sqlite3 -batch "$FDSS_DB" "$1"
}

# roster_fixture: a new database with the fixture divisions and the
# fixture roster (9 people in 4 households; see tests/fixtures/roster).
roster_fixture() {
	fdss init >/dev/null
	roster_fixture_load
}

# overdue_fixture: the fixture roster with team T01 covering 张建国 ($J),
# whose hypertension visit of 2026-08-01 was due again on 2026-10-30,
# and 张伟 ($Z), diagnosed 2026-10-01 and never visited (t-report.sh
# lists what is overdue on it).
overdue_fixture() {
	roster_fixture
	J=140826195003150110 Z=140826197811220315
	sql "INSERT INTO team (code, name, institution, created)
		VALUES ('T01', '东关团队', '古绛镇卫生院', '2026-01-01');
	     INSERT INTO contract (id, number, household_no, team_code, doctor,
		start_date, end_date, years, status, created) VALUES
		(1, 'C1', '140826100200001', 'T01', '王医生', '2026-01-01',
		 '2026-12-31', 1, 'active', '');
	     INSERT INTO contract_member (contract_id, id_number) VALUES (1, '$J');
	     INSERT INTO condition (id_number, kind, since, source) VALUES
		('$J', 'hypertension', '2020-01-01', 'manual'),
		('$Z', 'hypertension', '2026-10-01', 'manual');
	     INSERT INTO followup (id_number, program, visit_date, mode,
		classification, next_due, action, latest, recorded) VALUES
		('$J', 'hypertension', '2026-08-01', 'clinic', 'controlled',
		 '2026-10-30', '', 1, '')"
}

# roster_fixture_load: the fixture divisions and roster into the
# database that exists.
roster_fixture_load() {
	fdss area import "$FIXTURES/divisions/areas.csv" \
		"$FIXTURES/divisions/streets.csv" \
		"$FIXTURES/divisions/villages.csv" 2>/dev/null
	fdss import --preset poverty-registry \
		"$FIXTURES/roster/poverty-roster.csv" 2>/dev/null
	# the roster spans three counties: the database is Jiang county's (set
	# by hand, so that the audit log starts with the roster's own entries)
	sql "UPDATE setting SET value = '140826' WHERE key = 'county'"
}
