#!/bin/sh
# Benchmark `fdss id check` on stdin: N numbers (default 1,000,000), half
# of them corrupted (wrong check character, a changed digit, an impossible
# or future birth date), one a line, jsonl output to /dev/null.  Prints
# the wall time, the rate and the peak memory, which must not grow with N.
#
#   sh bench/id-check.sh [BUILD-DIR [N]]
set -eu
bin=$(cd "${1:-build}" && pwd)
n=${2:-1000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk -v n="$n" 'BEGIN {
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	nc = split("110105 450521 451022 440524 500229 659012 320102 " \
		   "610113 370102 230103", codes, " ")
	checks = "10X98765432"
	srand(20261122)
	for (i = 0; i < n; i++) {
		y = 1900 + int(rand() * 126)
		m = 1 + int(rand() * 12)
		d = 1 + int(rand() * 28)
		s = sprintf("%s%04d%02d%02d%03d", codes[1 + int(rand() * nc)],
			    y, m, d, int(rand() * 1000))
		k = i % 8
		if (k == 3)
			s = substr(s, 1, 10) "0230" substr(s, 15)
		else if (k == 5)
			s = substr(s, 1, 6) "2099" substr(s, 11)
		sum = 0
		for (j = 1; j <= 17; j++)
			sum += substr(s, j, 1) * w[j]
		c = substr(checks, sum % 11 + 1, 1)
		if (k == 1)
			c = substr(checks, (sum + 1) % 11 + 1, 1)
		else if (k == 7)
			s = substr(s, 1, 15) ((substr(s, 16, 1) + 1) % 10) \
			    substr(s, 17)
		print s c
	}
}' >"$tmp/ids"

status=0
/usr/bin/time -v -o "$tmp/time" "$bin/fdss" id check --format jsonl \
	<"$tmp/ids" >/dev/null 2>"$tmp/err" || status=$?
if [ "$status" -ne 65 ]; then
	echo "id-check: expected exit status 65, got $status" >&2
	head -n 5 "$tmp/err" >&2
	exit 1
fi
invalid=$(grep -c '' "$tmp/err")
awk -v n="$n" -v invalid="$invalid" -F ': ' '
/Elapsed \(wall clock\)/ {
	k = split($2, t, ":")
	secs = t[k] + (k > 1 ? t[k - 1] * 60 : 0) + (k > 2 ? t[k - 2] * 3600 : 0)
}
/Maximum resident set size/ { rss = $2 }
END {
	printf "id check: %d numbers (%d invalid) in %.2f s, %.0f/s, peak %.1f MiB\n",
	       n, invalid, secs, (secs > 0 ? n / secs : 0), rss / 1024
}' "$tmp/time"
