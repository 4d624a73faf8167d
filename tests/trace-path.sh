#!/bin/sh
# Follow one signing request through the source files (issue 14): build
# TREE (default: this checkout) with -finstrument-functions into
# TREE/build/trace, set up a small database from the fixtures (divisions,
# the poverty roster, a team), send the request of one household to
# fdss-sign --approve with every function call traced, and tell the path:
# the rooms (source files) entered in order, the calls between them, the
# climbs back up (a call into a file still waiting lower on the stack)
# and whether the settings module was entered.
#
#   tests/trace-path.sh [TREE]
#
# TREE may be an older checkout (git worktree add /tmp/old COMMIT) to
# compare the path before and after a change of structure; the fixtures
# and the analysis always come from this checkout.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tree=$(cd "${1:-$here/..}" && pwd)
out=$tree/build/trace
fixtures=$here/fixtures
mkdir -p "$out"

cc -O0 -g -fPIC -shared -o "$out/libtrace.so" "$here/trace-path.c" -ldl
flags="-O0 -g -finstrument-functions -finstrument-functions-exclude-file-list=/usr/"
make -s -C "$tree" B=build/trace CFLAGS="$flags" LDFLAGS="-Wl,--no-as-needed -lm" all >/dev/null

export FDSS_DB="$out/trace.db" FDSS_TODAY=2026-11-22 FDSS_OPERATOR=trace
rm -f "$FDSS_DB" "$FDSS_DB-wal" "$FDSS_DB-shm" "$out/trace.txt"
bin=$out
"$bin/fdss-init" >/dev/null
"$bin/fdss-area" import "$fixtures"/divisions/areas.csv \
	"$fixtures"/divisions/streets.csv "$fixtures"/divisions/villages.csv >/dev/null 2>&1
"$bin/fdss-import" --preset poverty-registry --rejects /dev/null \
	"$fixtures/roster/poverty-roster.csv" >/dev/null 2>&1 || true
# the county number came in later than some trees: not needed before it
"$bin/fdss-setting" set county 140826 >/dev/null 2>&1 || true
"$bin/fdss-team" add T01 --name 东关团队 --institution 古绛镇卫生院 >/dev/null
"$bin/fdss-team" member add T01 --name 王医生 --role doctor >/dev/null
"$bin/fdss-team" member add T01 --name 李护士 --role nurse >/dev/null

household=$("$bin/fdss-person" list --poverty --area 140826 --format jsonl |
	sed -n '1s/.*"household_no":"\([^"]*\)".*/\1/p')
[ -n "$household" ] || { echo "trace-path: no household to sign" >&2; exit 1; }
"$bin/fdss-person" list --household "$household" > "$out/request.jsonl"
FDSS_TRACE=$out/trace.txt LD_PRELOAD=$out/libtrace.so "$bin/fdss-sign" --team T01 --approve \
	< "$out/request.jsonl" > "$out/sign.out"
echo "one signing request: household $household," \
	"$(wc -l < "$out/request.jsonl") people, $(wc -l < "$out/trace.txt") trace events"
python3 "$here/trace-path.py" "$out/trace.txt" "$tree"
