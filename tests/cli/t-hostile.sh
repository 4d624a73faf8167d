# Hostile input (issue 17): every must-reject text of the JSONTestSuite
# (tests/fixtures/json/jsontestsuite.tsv), one per line, fed to every
# command that reads JSON lines.  Each line is refused with its own line
# number, the command ends with 65 (never a crash or a sanitizer report),
# and the database is as before: its SQL dump is unchanged.  The roster
# import decodes its input as a whole first (a byte that is not UTF-8
# means the wrong --encoding far more often than one bad line), so it
# gets the cases in valid UTF-8 line by line, and the others stop it
# naming the first one's line and byte, with nothing stored.

roster_fixture
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
} >/dev/null

# The n_ cases whose bytes hold no line end (a line end would split one
# case into two lines), one per line; a blank case would be skipped as a
# blank line, so those are left out too.  The second file has only those
# in valid UTF-8.
cases="$T/n-cases.jsonl" utf8="$T/n-cases-utf8.jsonl"
python3 - "$FIXTURES/json/jsontestsuite.tsv" "$cases" "$utf8" <<'PY'
import sys
out = open(sys.argv[2], "wb")
out8 = open(sys.argv[3], "wb")
for line in open(sys.argv[1], encoding="ascii"):
    name, kind, hexs = line.rstrip("\n").split("\t")
    if kind != "n":
        continue
    rest = b""
    if "+" in hexs:
        hexs, r = hexs.split("+")
        rest = bytes.fromhex(r)
    count = 1
    if "*" in hexs:
        hexs, c = hexs.split("*")
        count = int(c)
    b = bytes.fromhex(hexs) * count + rest
    if b"\n" in b or b"\r" in b or not b.strip(b" \t"):
        continue
    out.write(b + b"\n")
    try:
        b.decode("utf-8")
        out8.write(b + b"\n")
    except UnicodeDecodeError:
        pass
PY
# (wc, not grep -c: grep may take a NUL for a line end in binary data)
ncases=$(wc -l <"$cases")
# the database as SQL; an import's own record of the run (import_batch:
# read 169, rejected 169) is history, not something stored from the input
dump() {
	sqlite3 -batch "$FDSS_DB" .dump | grep -v '^INSERT INTO import_batch' |
		md5sum
}

# hostile CMD...: the cases on stdin; each line named, 65, nothing stored
hostile() {
	hostile_from "$cases" "$@"
}

hostile_from() {
	local before lines missing k file=$1 ncases
	shift
	ncases=$(wc -l <"$file")
	before=$(dump)
	run_in "$file" "$@"
	expect_status 65
	lines=$(printf '%s\n' "$err" | grep -o '<stdin>:[0-9]*:' | sort -u | grep -c '')
	expect_eq "lines named by $2" "$lines" "$ncases"
	missing=""
	for k in 1 2 3 50 100 $ncases; do
		case $err in *"<stdin>:$k: "*) ;; *) missing="$missing $k" ;; esac
	done
	expect_eq "lines not named by $2" "$missing" ""
	expect_eq "database after $2" "$(dump)" "$before"
}

t "the fixture holds the suite's must-reject cases that fit on one line"
expect_eq "cases" "$([ "$ncases" -ge 170 ] && echo enough)" enough

t "import --jsonl refuses every must-reject case in UTF-8 with its line"
hostile_from "$utf8" fdss import --jsonl -

t "import --jsonl --atomic refuses them all and stores nothing"
hostile_from "$utf8" fdss import --jsonl --atomic -

t "import --jsonl stops at the first byte that is not UTF-8, storing nothing"
before=$(dump)
run_in "$cases" fdss import --jsonl -
expect_status 65
expect_err_has "fdss-import: <stdin>:2: byte 3: not valid UTF-8 (0xE5 0x5D)"
expect_eq "database" "$(dump)" "$before"

t "sign refuses every must-reject case with its line"
hostile fdss sign --team T01 --approve

t "review refuses every must-reject case with its line"
hostile fdss review approve

t "renew refuses every must-reject case with its line"
hostile fdss renew -

t "terminate refuses every must-reject case with its line"
hostile fdss terminate --reason other

t "followup record refuses every must-reject case with its line"
hostile fdss followup record

t "condition add refuses every must-reject case with its line"
hostile fdss condition add

t "a duplicate key is refused where cJSON would keep the first"
input='{"id_number":"140826197811220315","kind":"diabetes","since":"2020-01-01","kind":"hypertension"}
'
before=$(dump)
run_in - fdss condition add
expect_status 65
expect_err_has '<stdin>:1: column 74: duplicate key "kind"'
expect_eq "database" "$(dump)" "$before"

t "a 10 MB field is kept whole; a 100 MB line is refused with its line, in bounded memory"
python3 -c "
print('household_no,village_code,name,id_number,relation,address')
print('K1,140826100200,甲,140826195003150110,户主,' + 'x' * 10_000_000)
print('K2,140826100200,乙,140826197811220315,户主,' + 'y' * 100_000_000)
print('K3,140826100200,丙,140826195207010224,户主,short')
" >"$T/big.csv"
fdss init --db "$T/big.db" >/dev/null
fdss area import --db "$T/big.db" "$FIXTURES/divisions/areas.csv" \
	"$FIXTURES/divisions/streets.csv" "$FIXTURES/divisions/villages.csv" 2>/dev/null
/usr/bin/time -f '%M' -o "$T/big.kb" fdss import --db "$T/big.db" "$T/big.csv" \
	>"$T/.out" 2>"$T/.err"
status=$?
err=$(cat "$T/.err")
expect_status 65
expect_err_has "fdss-import: $T/big.csv:3: record longer than 16777216 bytes"
expect_err_has "read 3, inserted 2, updated 0, unchanged 0, rejected 1, households 2"
expect_eq "the 10 MB address" "$(sqlite3 "$T/big.db" "SELECT length(address) FROM household WHERE household_no = 'K1'")" 10000000
expect_eq "the long line stored nothing" "$(sqlite3 "$T/big.db" "SELECT count(*) FROM person WHERE household_no = 'K2'")" 0
# memory: the line is not held (sanitizers keep shadow memory: plain only)
if [ -z "${SANITIZE:-}" ]; then
	expect_eq "peak memory under 250 MB" "$([ "$(tail -n 1 "$T/big.kb")" -lt 256000 ] && echo yes)" yes
fi
