# bench/lib.sh: what the benchmark scripts share; sourced, not run.
#
#   . "$(dirname "$0")/lib.sh"
#   bench_setup NAME "$@"	sets here, bin (BUILD-DIR, default build),
#				div (the division files), out (bench/out)
#				and tmp (a scratch folder removed on exit)
#   die MESSAGE...		"NAME: MESSAGE" on stderr, exit 1
#   need_time, need_sqlite3	stop unless /usr/bin/time / sqlite3 are there
#   roster N [ENCODING [BAD]]	the path of an N-row roster from
#				gen-roster.py (ENCODING utf-8, BAD share of
#				bad rows 0.01), generated into bench/out/ if
#				missing or older than the generator
#   divisions_db PATH		a new fdss database at PATH holding the
#				national divisions (FDSS_DB is not changed)
#   signing_db PATH		the same, with team T01 (a doctor and a
#				nurse) that may sign everybody: the doctor
#				limit lifted, the county set
#   secs LABEL CMD...		run CMD (exit 65 counts as done), append
#				its wall seconds to $tmp/LABEL; its
#				stderr goes to $tmp/LABEL.err
#   median LABEL		the median of the figures in $tmp/LABEL
#   timed LABEL CMD...		run the shell command CMD under
#				/usr/bin/time: "secs kb" into $tmp/LABEL, its
#				output into $tmp/LABEL.out and .err; exit 65
#				(some records rejected) counts as done

bench_setup() {
	bench_name=$1
	shift
	here=$(cd "$(dirname "$0")" && pwd)
	bin=$(cd "${1:-build}" && pwd)
	div=${DIVISIONS:-$here/../../shared/data/divisions}
	[ -d "$div" ] || div=/work/shared/data/divisions
	out=$here/out
	mkdir -p "$out"
	tmp=$(mktemp -d "$out/$bench_name.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
}

die() {
	echo "$bench_name.sh: $*" >&2
	exit 1
}

need_time() {
	[ -x /usr/bin/time ] && return
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null ||
			die "cannot install the 'time' package"
	else
		die "/usr/bin/time is missing; run: sudo apt-get install time"
	fi
}

need_sqlite3() {
	command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"
}

roster() {
	local n=$1 enc=${2:-utf-8} bad=${3:-0.01} f
	f=$out/roster-$n-$enc.csv
	[ "$bad" = 0.01 ] || f=$out/roster-$n-$enc-bad$bad.csv
	if [ ! -s "$f" ] || [ "$here/gen-roster.py" -nt "$f" ]; then
		echo "generating $f" >&2
		python3 "$here/gen-roster.py" "$n" --bad "$bad" --encoding "$enc" \
			--divisions "$div" --expect "${f%.csv}.json" -o "$f.tmp"
		mv "$f.tmp" "$f"
	fi
	echo "$f"
}

divisions_db() {
	FDSS_DB=$1 "$bin/fdss" init >/dev/null
	FDSS_DB=$1 "$bin/fdss" area import "$div/areas.csv" "$div/streets.csv" \
		"$div/villages-45-140826.csv" 2>/dev/null
}

signing_db() {
	divisions_db "$1"
	FDSS_DB=$1 "$bin/fdss" team add T01 --name 县一团队 --institution 县医院 >/dev/null
	FDSS_DB=$1 "$bin/fdss" team member add T01 --name 王医生 --role doctor >/dev/null
	FDSS_DB=$1 "$bin/fdss" team member add T01 --name 李护士 --role nurse >/dev/null
	FDSS_DB=$1 "$bin/fdss" setting set doctor_limit 100000000 >/dev/null
	FDSS_DB=$1 "$bin/fdss" setting set county 140826 >/dev/null
}

timed() {
	local label=$1 status=0
	shift
	/usr/bin/time -f '%e %M' -o "$tmp/$label" bash -c "$*" \
		>"$tmp/$label.out" 2>"$tmp/$label.err" || status=$?
	if [ "$status" -ne 0 ] && [ "$status" -ne 65 ]; then
		tail -n 3 "$tmp/$label.err" >&2
		die "$label: exit status $status"
	fi
}

secs() {
	local label=$1 s e
	shift
	s=$(date +%s.%N)
	"$@" >/dev/null 2>"$tmp/$label.err" || [ $? -eq 65 ] ||
		{ tail -n 3 "$tmp/$label.err" >&2; die "$label failed"; }
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f\n", e - s }' >>"$tmp/$label"
}

median() {
	sort -n "$tmp/$1" | awk '{ a[NR] = $1 } END {
		print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
