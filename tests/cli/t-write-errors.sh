# Write errors (issue 17): a full disk, a reader that stops early, a
# rejects file that cannot be made — each ends with 74 naming what could
# not be written, and nothing is committed that the command did not
# report.

roster_fixture
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
} >/dev/null
contracts() { sql "SELECT count(*) FROM contract"; }
audits() { sql "SELECT count(*) FROM audit_log"; }

t "a listing to a full disk: 74, naming standard output"
run fdss person list --format csv --no-mask
fdss person list --format jsonl >/dev/full 2>"$T/.err"
status=$?
err=$(cat "$T/.err")
expect_status 74
expect_err "fdss-person: cannot write to standard output: No space left on device"

t "signing to a full disk stores nothing"
before=$(audits)
fdss person list --format jsonl | fdss sign --team T01 --approve >/dev/full 2>"$T/.err"
status=${PIPESTATUS[1]}
err=$(cat "$T/.err")
expect_status 74
expect_err_has "fdss-sign: cannot write to standard output: No space left on device"
expect_eq "contracts" "$(contracts)" 0
expect_eq "audit entries" "$(audits)" "$before"

t "a reader that stops after one line: 74, and nothing stored"
# the input comes half a second late: the reader (true) is gone by then
fdss person list --format jsonl >"$T/people.jsonl"
{ sleep 0.5; cat "$T/people.jsonl"; } | fdss sign --team T01 --approve 2>"$T/.err" | true
status=${PIPESTATUS[1]}
err=$(cat "$T/.err")
expect_status 74
expect_err_has "fdss-sign: cannot write to standard output: Broken pipe"
expect_eq "contracts" "$(contracts)" 0

t "a listing into head -1: 74 with a word on stderr, not a silent signal"
{ sleep 0.5; fdss person list --format jsonl 2>"$T/.err"; echo $? >"$T/.status"; } | head -c 0
status=$(cat "$T/.status")
err=$(cat "$T/.err")
expect_status 74
expect_err "fdss-person: cannot write to standard output: Broken pipe"

t "a rejects file in a directory that cannot be written: 74 before anything"
mkdir -p "$T/ro"
chmod 555 "$T/ro"
if [ "$(id -u)" = 0 ]; then
	# root writes anywhere: a path under a file fails for root too
	rej="$FDSS_DB/rejects.jsonl"
else
	rej="$T/ro/rejects.jsonl"
fi
input='{"household_no":"140826100200001"}
'
run_in - fdss sign --team T01 --approve --rejects "$rej"
expect_status 74
expect_err_has "fdss-sign: cannot write '$rej': "
expect_eq "contracts" "$(contracts)" 0
chmod 755 "$T/ro"

t "a database that cannot grow during an import: 74 naming it, nothing stored"
roster_rows 20000 >"$T/big.csv"
before=$(sql "SELECT count(*) FROM person")
# a file size limit of 2 MiB: the import's pages do not fit
(ulimit -f 2048; fdss import "$T/big.csv" >"$T/.out" 2>"$T/.err")
status=$?
err=$(cat "$T/.err")
expect_status 74
expect_err_has "fdss-import: '$FDSS_DB': cannot commit, nothing stored: "
expect_eq "people" "$(sql "SELECT count(*) FROM person")" "$before"
expect_eq "integrity" "$(sql 'PRAGMA integrity_check')" ok
