#!/bin/sh
# Screenshots of each report's HTML page for docs/ and the README:
# make demo's database (tests/demo.sh), each report that exists written
# with --format html, opened in headless Chromium by page_check.py, which
# checks the page against --format json and saves docs/report-NAME.png.
#   sh tests/screenshots.sh [BUILD]
set -eu
bin=$(cd "${1:-build}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
docs=$here/../docs
export PATH="$bin:$PATH"
export FDSS_DB="$bin/demo.db"
[ -f "$FDSS_DB" ] || sh "$here/demo.sh" "$bin" >/dev/null
mkdir -p "$docs"
# NAME and the options each report is shown with (on the demo's data)
while read -r name args; do
	fdss report | grep -q "^$name " || continue
	# shellcheck disable=SC2086
	fdss report "$name" $args --format html >"$bin/report-$name.html"
	# shellcheck disable=SC2086
	fdss report "$name" $args --format json >"$bin/report-$name.json"
	python3 "$here/cli/page_check.py" "$bin/report-$name.html" \
		"$bin/report-$name.json" --screenshot "$docs/report-$name.png"
	echo "docs/report-$name.png"
done <<'LIST'
overdue --as-of 2027-11-30
coverage --as-of 2027-11-30 --by township --target all=30,priority=60,poverty=100
renewals --from 2027-11-01 --to 2027-12-31
team --year 2026 --as-of 2026-12-31
fees --year 2027 --as-of 2027-11-30
LIST
