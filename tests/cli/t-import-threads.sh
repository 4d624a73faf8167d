# fdss import reads a table's rows on a thread of its own while the
# caller's thread stores them; on one CPU (taskset -c 0) it reads and
# stores on one.  Both give the same messages, rejects, summary, exit
# status and stored rows, in the same order (rowids included).
# gen-threads.py writes a roster whose rows cross several of the
# reading thread's batches (8192 rows), with heads rejected by their own
# checks and by the store, ragged rows and merged household cells below
# them, households met again in another village, repeated ID numbers.

D=$FIXTURES/divisions
G=$FIXTURES/roster/gen-threads.py
fdss init >/dev/null
fdss area import "$D/areas.csv" "$D/streets.csv" "$D/villages.csv" 2>/dev/null
cp "$FDSS_DB" "$T/empty.db"
python3 "$G" 6000 >"$T/roster.csv" 2>"$T/rows"

# dump DB: what an import stored, in the order it stored it
dump() {
	sqlite3 -batch "$1" "SELECT rowid, * FROM person ORDER BY rowid;
		SELECT * FROM household ORDER BY household_no;
		SELECT * FROM condition ORDER BY id_number, kind;
		SELECT id, operator, table_name, row_key, before, after, reason
		FROM audit_log ORDER BY id;
		SELECT id, file, sha256, format, encoding, rows_read, inserted,
		updated, unchanged, rejected, households FROM import_batch"
}

# both LABEL ARGS...: fdss import ARGS into $T/LABEL-{1,2}.db on one
# CPU and on every one; fails unless everything is the same
both() {
	local label=$1 k
	shift
	for k in 1 2; do
		[ -f "$T/$label-$k.db" ] || cp "$T/empty.db" "$T/$label-$k.db"
		if [ $k = 1 ]; then
			FDSS_DB=$T/$label-$k.db taskset -c 0 fdss import \
				--rejects "$T/$label-$k.rej" --summary "$T/$label-$k.sum" \
				"$@" >"$T/$label-$k.out" 2>"$T/$label-$k.err"
		else
			FDSS_DB=$T/$label-$k.db fdss import \
				--rejects "$T/$label-$k.rej" --summary "$T/$label-$k.sum" \
				"$@" >"$T/$label-$k.out" 2>"$T/$label-$k.err"
		fi
		echo $? >"$T/$label-$k.status"
		dump "$T/$label-$k.db" >"$T/$label-$k.dump"
	done
	for k in status out err rej sum dump; do
		cmp -s "$T/$label-1.$k" "$T/$label-2.$k" 2>/dev/null ||
			{ [ ! -e "$T/$label-1.$k" ] && [ ! -e "$T/$label-2.$k" ]; } ||
			_fail "$label: $k differs: $(diff "$T/$label-1.$k" "$T/$label-2.$k" | head -n 5)"
	done
}

t "a roster read on one thread or two: the same outputs and rows"
both first --preset poverty-registry "$T/roster.csv"
expect_eq "status" "$(cat "$T/first-2.status")" 65
expect_eq "rows" "$(grep -c . "$T/roster.csv")" "$(( $(cut -d' ' -f2 "$T/rows") + 1 ))"
expect_eq "read" "$(grep -o '"read":[0-9]*' "$T/first-2.sum")" "\"read\":$(cut -d' ' -f2 "$T/rows")"
expect_eq "above a head rejected by its own checks" \
	"$(grep -c ":24: 户编号: empty; its value comes from line 23 above, which was rejected" "$T/first-2.err")" 1
expect_eq "above a head rejected by the store" \
	"$(grep -c ":42: 户编号: empty; its value comes from line 41 above, which was rejected" "$T/first-2.err")" 1
expect_eq "its head" "$(grep -c ":41: 行政村 '无此村': no such village in 横水镇, 绛县" "$T/first-2.err")" 1
expect_eq "rejects file: a line per rejection and the header" \
	"$(wc -l <"$T/first-2.rej")" "$(( $(grep -o '"rejected":[0-9]*' "$T/first-2.sum" | cut -d: -f2) + 1 ))"

t "the same roster again: unchanged on both"
both first --preset poverty-registry "$T/roster.csv"
expect_eq "status" "$(cat "$T/first-2.status")" 65
expect_eq "nothing inserted" "$(grep -o '"inserted":[0-9]*' "$T/first-2.sum")" '"inserted":0'

t "--atomic and --dry-run: the same refusal, nothing stored"
both atomic --atomic --preset poverty-registry "$T/roster.csv"
expect_eq "status" "$(cat "$T/atomic-2.status")" 65
expect_eq "people" "$(sqlite3 "$T/atomic-2.db" 'SELECT count(*) FROM person')" 0
both dry --dry-run --preset poverty-registry "$T/roster.csv"
expect_eq "people" "$(sqlite3 "$T/dry-2.db" 'SELECT count(*) FROM person')" 0

t "a bad byte deep in a GB18030 roster fails the run alike"
/usr/bin/python3 - "$T/roster.csv" "$T/bad.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines(True)
with open(sys.argv[2], "wb") as f:
    for i, l in enumerate(lines):
        f.write(l.encode("gb18030"))
        if i == 12000:
            f.write(b"\x81\x20,\n")
PY
both badbyte --encoding gb18030 --preset poverty-registry "$T/bad.csv"
expect_eq "status" "$(cat "$T/badbyte-2.status")" 65
expect_eq "message" "$(tail -n 1 "$T/badbyte-2.err")" \
	"fdss-import: $T/bad.csv:12002: byte 1: not valid GB18030 (0x81 0x20)"
expect_eq "people" "$(sqlite3 "$T/badbyte-2.db" 'SELECT count(*) FROM person')" 0

t "a header the reading thread cannot use fails before any row"
printf 'a,b\n1,2\n' >"$T/nohead.csv"
both nohead "$T/nohead.csv"
expect_eq "status" "$(cat "$T/nohead-2.status")" 65
expect_eq "message" "$(cat "$T/nohead-2.err")" "fdss-import: $T/nohead.csv: no header in the first 20 lines: none names the columns of id_number, name, relation, household_no and the village (see --preset, --map and --header-row in fdss-import(1))"
