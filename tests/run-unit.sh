#!/bin/sh
# Run the Criterion unit tests in $1 (a build directory).  With
# --sanitize, sanitizer reports (LeakSanitizer included) are written to
# files and any report fails the run: Criterion alone would let a leak
# pass.
set -u
bin=$1/test-unit
if [ "${2:-}" = --sanitize ]; then
	logs=$(mktemp -d)
	export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:abort_on_error=0"
	export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
	"$bin" --jobs 1
	status=$?
	if ls "$logs"/* >/dev/null 2>&1; then
		echo "sanitizer reports:"
		cat "$logs"/*
		status=1
	fi
	rm -rf "$logs"
	exit $status
fi
exec "$bin"
