# What a batch writes besides the database (issue 10, items 2, 3, 9 and
# 16): --rejects and --summary never name the database or the input;
# the rejects, the summary and the records on stdout are written and
# flushed before the commit, or nothing is stored; the files are 0600;
# --bom starts the CSV rejects file too.  The roster fixture as in
# t-batch.sh: H1 140826100200001 (4 people), H2 140826101200002 (2), H3
# 451026100212003 (2), H4 140826106207004 (1).

roster_fixture
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
} >/dev/null 2>&1
R=$FIXTURES/roster/poverty-roster.csv
Z=140826197811220315 J=140826195003150110
sql "INSERT INTO condition (id_number, kind, since, source)
     VALUES ('$Z', 'hypertension', '2020-01-01', 'manual')"
count() { sql "SELECT count(*) FROM $1"; }
# run_full CMD...: run with stdout on /dev/full (a full disk)
run_full() {
	"$@" >/dev/full 2>"$T/.err"
	status=$?
	out=""
	err=$(cat "$T/.err")
}
# snapshot / unchanged: the database file byte for byte
snapshot() { cp "$FDSS_DB" "$T/before.db"; }
unchanged() {
	cmp -s "$FDSS_DB" "$T/before.db" || _fail "the database changed"
	expect_eq "integrity" "$(sql 'PRAGMA integrity_check')" ok
}
nothing_stored() {
	expect_err_has "fdss-$1: nothing stored: an output of the run could not be written"
}
printf '{"id_number":"%s","kind":"hypertension","since":"2020-01-01"}\n{"id_number":"1","kind":"tb"}\n' $J >cond.jsonl
printf '{"id_number":"%s","program":"hypertension","date":"2026-11-20","sbp":150,"dbp":95}\n{"id_number":"1"}\n' $Z >visits.jsonl
cp "$R" roster.csv

# --- item 2: an output that is the database or the input -----------------

t "import --rejects naming the database is refused before anything is written"
snapshot
run fdss import --preset poverty-registry --rejects "$FDSS_DB" roster.csv
expect_status 64
expect_err "fdss-import: --rejects '$FDSS_DB': is the database"
unchanged
expect_eq "people" "$(count person)" 9

t "import --summary naming the database through a symlink is refused"
ln -sf "$FDSS_DB" link.db
snapshot
run fdss import --preset poverty-registry --summary link.db roster.csv
expect_status 64
expect_err "fdss-import: --summary 'link.db': is the database"
unchanged

t "import --rejects naming the input file is refused, the roster kept"
run fdss import --preset poverty-registry --rejects roster.csv roster.csv
expect_status 64
expect_err "fdss-import: --rejects 'roster.csv': is the input"
cmp -s roster.csv "$R" || _fail "the roster changed"

t "import --rejects naming the file on standard input is refused"
run_in roster.csv fdss import --preset poverty-registry --rejects roster.csv -
expect_status 64
expect_err "fdss-import: --rejects 'roster.csv': is the standard input"
cmp -s roster.csv "$R" || _fail "the roster changed"

t "--rejects and --summary naming one file are refused"
run fdss import --preset poverty-registry --rejects out.csv --summary out.csv roster.csv
expect_status 64
expect_err "fdss-import: --summary 'out.csv': is the --rejects file too"

t "every batch command refuses the database as --rejects or --summary"
snapshot
for cmd in "sign --team T01 140826100200001" "review approve C140826-2026-000001" \
	   "renew C140826-2026-000001" "terminate --reason moved C140826-2026-000001" \
	   "followup record -" "condition add -"; do
	run fdss $cmd --rejects "$FDSS_DB" </dev/null
	expect_status 64
	expect_err "fdss-${cmd%% *}: --rejects '$FDSS_DB': is the database"
	run fdss $cmd --summary link.db </dev/null
	expect_status 64
	expect_err "fdss-${cmd%% *}: --summary 'link.db': is the database"
done
unchanged

t "a batch command refuses its standard input as --rejects"
cp visits.jsonl in.jsonl
run_in in.jsonl fdss followup record --rejects in.jsonl
expect_status 64
expect_err "fdss-followup: --rejects 'in.jsonl': is the standard input"
cmp -s in.jsonl visits.jsonl || _fail "the input changed"
expect_eq "visits" "$(count followup)" 0

t "a device is no clash: --rejects /dev/null with /dev/null on stdin"
run_in /dev/null fdss condition add --rejects /dev/null
expect_status 0

# --- item 3: outputs written before the commit, or nothing stored --------

t "import --rejects /dev/full stores nothing, exit 74"
snapshot
run fdss import --preset poverty-registry --rejects /dev/full roster.csv
expect_status 74
expect_err_has "fdss-import: cannot write '/dev/full': No space left on device"
nothing_stored import
expect_eq "people" "$(count person)" 9
expect_eq "imports" "$(count import_batch)" 1

t "import --summary /dev/full stores nothing, exit 74"
sql "UPDATE person SET phone = NULL"
snapshot
run fdss import --preset poverty-registry --summary /dev/full roster.csv
expect_status 74
expect_err_has "fdss-import: cannot write '/dev/full': No space left on device"
nothing_stored import
expect_eq "phones" "$(count "person WHERE phone IS NOT NULL")" 0
expect_eq "imports" "$(count import_batch)" 1

t "sign > /dev/full stores no contract; the rerun signs"
run_full fdss sign --team T01 140826100200001
expect_status 74
expect_err "fdss-sign: read 1, signed 1 covering 4 people, skipped 0, rejected 0
fdss-sign: cannot write to standard output: No space left on device
fdss-sign: nothing stored: an output of the run could not be written"
expect_eq "contracts" "$(count contract)" 0
expect_eq "audit" "$(count "audit_log WHERE table_name = 'contract'")" 0
run fdss sign --team T01 140826100200001
expect_status 0
expect_out_has '"number":"C140826-2026-000001"'
expect_eq "contracts" "$(count contract)" 1

t "sign --atomic > /dev/full stores nothing"
run_full fdss sign --atomic --team T01 140826101200002
expect_status 74
nothing_stored sign
expect_eq "contracts" "$(count contract)" 1

t "sign --rejects /dev/full stores nothing, the rejected row not lost silently"
run fdss sign --team T01 --rejects /dev/full 140826101200002 999
expect_status 74
expect_err_has "fdss-sign: cannot write '/dev/full': No space left on device"
nothing_stored sign
expect_eq "contracts" "$(count contract)" 1

t "sign --summary /dev/full stores nothing"
run fdss sign --team T01 --summary /dev/full 140826101200002
expect_status 74
expect_err_has "fdss-sign: cannot write '/dev/full': No space left on device"
nothing_stored sign
expect_eq "contracts" "$(count contract)" 1

t "review and terminate > /dev/full change nothing"
run_full fdss review approve C140826-2026-000001
expect_status 74
nothing_stored review
expect_eq "pending" "$(count "contract WHERE status = 'pending'")" 1
run_full fdss terminate --reason moved C140826-2026-000001
expect_status 74
nothing_stored terminate
expect_eq "terminated" "$(count "contract WHERE status = 'terminated'")" 0

t "person leave > /dev/full changes nothing"
run_full fdss person leave $J --reason moved
expect_status 74
nothing_stored person
expect_eq "status" "$(sql "SELECT status FROM person WHERE id_number = '$J'")" active

t "followup record: --rejects, --summary or stdout on /dev/full stores nothing"
run_in visits.jsonl fdss followup record --rejects /dev/full
expect_status 74
expect_err_has "fdss-followup: cannot write '/dev/full': No space left on device"
run_in visits.jsonl fdss followup record --summary /dev/full
expect_status 74
expect_err_has "fdss-followup: cannot write '/dev/full': No space left on device"
fdss followup record <visits.jsonl >/dev/full 2>"$T/.err"
expect_eq "status" "$?" 74
expect_eq "visits" "$(count followup)" 0

t "condition add: --rejects, --summary or stdout on /dev/full stores nothing"
run_in cond.jsonl fdss condition add --rejects /dev/full
expect_status 74
expect_err_has "fdss-condition: cannot write '/dev/full': No space left on device"
run_in cond.jsonl fdss condition add --summary /dev/full
expect_status 74
fdss condition add <cond.jsonl >/dev/full 2>"$T/.err"
expect_eq "status" "$?" 74
expect_eq "conditions" "$(count "condition WHERE id_number = '$J' AND kind = 'hypertension'")" 0

t "a failed COMMIT leaves the summary saying stored false"
cp "$FDSS_DB" "$T/keep.db"
# a deferred foreign key that only COMMIT checks
sql "CREATE TRIGGER fail_commit AFTER INSERT ON contract BEGIN
	INSERT INTO person (id_number, name, sex, birth_date, household_no,
	relation) VALUES ('X' || NEW.id, 'x', 'M', '2000-01-01', 'NONE', '户主');
     END;
     CREATE TRIGGER fail_import AFTER INSERT ON import_batch BEGIN
	INSERT INTO person (id_number, name, sex, birth_date, household_no,
	relation) VALUES ('Y' || NEW.id, 'x', 'M', '2000-01-01', 'NONE', '户主');
     END"
run fdss sign --team T01 --summary sum.json 140826101200002
expect_err_has "fdss-sign: '$FDSS_DB': cannot commit, nothing stored: FOREIGN KEY constraint failed"
expect_eq "summary" "$(cat sum.json)" '{"type":"sign","read":1,"contracts":1,"members":2,"skipped":0,"rejected":0,"stored":false}'
expect_eq "contracts" "$(count contract)" 1
run fdss import --preset poverty-registry --summary sum.json roster.csv
expect_err_has "fdss-import: '$FDSS_DB': cannot commit, nothing stored: FOREIGN KEY constraint failed"
case $(cat sum.json) in
*'"batch":null,'*'"dry_run":false,"stored":false}') ;;
*) _fail "summary: $(cat sum.json)" ;;
esac
cp "$T/keep.db" "$FDSS_DB"
rm -f "$FDSS_DB-wal" "$FDSS_DB-shm"

# --- item 9: the files are private ----------------------------------------

t "rejects and summary files are 0600 under umask 000"
rm -f rej.csv sum.json
(umask 000; fdss import --preset poverty-registry --rejects rej.csv --summary sum.json roster.csv 2>/dev/null)
expect_eq "modes" "$(stat -c %a rej.csv sum.json | tr '\n' ' ')" "600 600 "
rm -f rej.jsonl sum.json
(umask 000; fdss sign --team T01 --rejects rej.jsonl --summary sum.json 999 2>/dev/null)
expect_eq "modes" "$(stat -c %a rej.jsonl sum.json | tr '\n' ' ')" "600 600 "

t "an existing rejects file is narrowed to 0600"
printf 'old\n' >rej.jsonl
chmod 644 rej.jsonl
run fdss sign --team T01 --rejects rej.jsonl 999
expect_status 65
expect_eq "mode" "$(stat -c %a rej.jsonl)" 600
expect_eq "rejects" "$(cat rej.jsonl)" '{"name":"999","error":"no such household"}'

# --- item 16: --bom for every CSV the run writes ----------------------------

t "import --bom starts the CSV rejects file with the byte-order mark"
run fdss import --preset poverty-registry --bom --rejects rej.csv roster.csv
expect_status 65
expect_eq "bom" "$(head -c 3 rej.csv | od -An -tx1 | tr -d ' ')" efbbbf
expect_eq "header" "$(sed -n '1s/^\xef\xbb\xbf//p' rej.csv | cut -d, -f1)" "$(head -n 1 "$R" | cut -d, -f1)"
run fdss import --preset poverty-registry --rejects rej.csv roster.csv
expect_eq "no bom" "$(head -c 3 rej.csv | od -An -tx1 | tr -d ' ')" "$(head -c 3 "$R" | od -An -tx1 | tr -d ' ')"
