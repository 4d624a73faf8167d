#!/usr/bin/env bash
# Run the CLI tests: every tests/cli/t-*.sh against the programs in $1
# (default build/).  Ends with "N passed, N failed"; exits 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$(cd "${1:-build}" && pwd) || exit 2
shift || true
export PATH="$bin:$PATH"
export FDSS_TODAY=2026-11-22 FDSS_OPERATOR=tester
export LC_ALL=C LANG=C
unset FDSS_DB
if [ -n "${SANITIZE:-}" ]; then
	SANITIZER_LOGS=$(mktemp -d)
	export SANITIZER_LOGS
	export ASAN_OPTIONS="log_path=$SANITIZER_LOGS/asan:detect_leaks=1"
	export UBSAN_OPTIONS="log_path=$SANITIZER_LOGS/ubsan:print_stacktrace=1:halt_on_error=1"
fi
fixtures="$here/../fixtures"
export FIXTURES=$(cd "$fixtures" && pwd)
# The schema version a new database gets: the number of migrations.
SCHEMA_VERSION=$(ls "$here"/../../schema/[0-9][0-9][0-9][0-9]_*.sql | wc -l)
export SCHEMA_VERSION
RESULTS=$(mktemp)
export RESULTS
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$here"/t-*.sh)
for f in "${files[@]}"; do
	f=$(cd "$(dirname "$f")" && pwd)/$(basename "$f")
	T=$(mktemp -d)
	(
		export T FDSS_DB="$T/fdss.db" TEST_FILE=$(basename "$f")
		cd "$T" || exit 2
		. "$here/lib.sh"
		. "$f"
		_case_end
	)
	rm -rf "$T"
done
passed=$(grep -c '^pass' "$RESULTS")
failed=$(grep -c '^fail' "$RESULTS")
rm -f "$RESULTS"
[ -n "${SANITIZER_LOGS:-}" ] && rm -rf "$SANITIZER_LOGS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
