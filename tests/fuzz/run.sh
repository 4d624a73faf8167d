#!/bin/sh
# Run the libFuzzer targets: first every saved regression input (each a
# crash found once, kept in tests/fuzz/regress/TARGET/), then a fresh run
# of SECONDS per target from a corpus seeded with the test fixtures, two
# targets at a time.  A crash, leak or failed property stops the run with
# the reproducer's path; copy it into tests/fuzz/regress/TARGET/.
#
#   sh tests/fuzz/run.sh BUILD SECONDS [TARGET...]
set -eu
B=${1:?usage: run.sh BUILD SECONDS [TARGET...]}
SECONDS_EACH=${2:?usage: run.sh BUILD SECONDS [TARGET...]}
shift 2
TARGETS=${*:-"csv json jsonl idnum date decode roster xlsx"}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$B/fuzz-run"
rm -rf "$work"
mkdir -p "$work"

# seed corpus: fixtures of the right kind, plus a few hand-made cases
seed() {
	t=$1 dir="$work/corpus-$1"
	mkdir -p "$dir"
	case $t in
	csv|decode)
		find "$root/tests/fixtures" -name '*.csv' -size -64k \
			-exec cp {} "$dir/" \; ;;
	json|jsonl)
		find "$root/tests/fixtures" -name '*.jsonl' -size -64k \
			-exec cp {} "$dir/" \;
		printf '{"a":[1,2.5e3,"\\u00e9\\ud83d\\ude00"],"b":{"c":null}}\n' \
			> "$dir/nested" ;;
	idnum)
		for s in 11010519491231002X 110105194912310021 '450102198001010015 ' \
			 130503670401001 110105194912310021x; do
			printf '%s' "$s" > "$dir/$(printf '%s' "$s" | cksum | cut -d' ' -f1)"
		done ;;
	date)
		for s in 2026-02-28 2024-02-29 2026-02-30 0000-00-00 9999-12-31; do
			printf '%s' "$s" > "$dir/$s"
		done ;;
	xlsx)
		cp "$root"/tests/fixtures/roster/*.xlsx "$dir/" ;;
	roster)
		i=0
		for f in $(find "$root/tests/fixtures/roster" -name '*.csv' -size -64k); do
			for p in 0 2 4 6; do
				{ printf "\\$(printf %03o $p)"; cat "$f"; } > "$dir/$i-$p"
			done
			i=$((i + 1))
		done ;;
	esac
	[ -n "$(ls "$dir")" ] || printf 'a,b\n1,2\n' > "$dir/tiny"
}

fail=0
for t in $TARGETS; do
	bin="$B/fuzz-$t"
	[ -x "$bin" ] || { echo "fuzz: $bin: not built (make fuzz)"; exit 1; }
	reg="$here/regress/$t"
	if [ -d "$reg" ] && [ -n "$(ls "$reg")" ]; then
		"$bin" -runs=0 "$reg"/* > "$work/regress-$t.log" 2>&1 || {
			echo "fuzz-$t: a saved regression input fails again:"
			tail -20 "$work/regress-$t.log"; fail=1; }
	fi
	seed "$t"
done
[ $fail = 0 ] || exit 1

# two at a time, each bounded in time and memory
printf '%s\n' $TARGETS | xargs -P 2 -I{} sh -c '
	t={}; mkdir -p "$0/artifacts-$t"
	"$1/fuzz-$t" -max_total_time=$2 -max_len=65536 -rss_limit_mb=2048 \
		-timeout=10 -print_final_stats=1 \
		-artifact_prefix="$0/artifacts-$t/" "$0/corpus-$t" \
		> "$0/$t.log" 2>&1 || exit 1' "$work" "$B" "$SECONDS_EACH" || fail=1

for t in $TARGETS; do
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -1)
	art=$(ls "$work/artifacts-$t" 2>/dev/null | head -1)
	if [ -n "$art" ]; then
		echo "fuzz-$t: FAILED, reproducer $work/artifacts-$t/$art"
		grep -m3 -E 'ERROR|property failed|runtime error' "$work/$t.log" || true
		fail=1
	else
		echo "fuzz-$t: ${runs:-?} runs in ${SECONDS_EACH} s, ${cov:-cov: ?}, no crash"
	fi
done
[ $fail = 0 ] && echo "fuzz: $(echo $TARGETS | wc -w) targets, no crash" || \
	{ echo "fuzz: failed"; exit 1; }
