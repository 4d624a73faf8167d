# person list and household list --format xlsx (issue 12, "both ways"):
# the roster workbook, under the column names fdss import reads, ID,
# phone and household numbers as text cells, dates as text, read back
# with Python's zipfile (xlsx_check.py, xlsx_to_csv.py).  The round trip
# through `fdss import` of the .xlsx itself is t-xlsx-roundtrip.sh; here
# the workbook's cells, as a reader hands them over, go through a CSV.

roster_fixture
CHECK=$FIXTURES/../cli
HEADER="household_no,village_code,person_no,name,id_number,relation,sex,birth_date,ethnicity,education,health,poverty_attr,poverty_exit_year,phone,health_record_no,insurance_no,disabled,serious_illness,special_family,low_income,备注"
KINDS="household_no=id village_code=id person_no=text name=text id_number=id relation=text sex=text birth_date=text ethnicity=text education=text health=text poverty_attr=text poverty_exit_year=int phone=id health_record_no=id insurance_no=id disabled=bool serious_illness=bool special_family=bool low_income=bool 备注=text"
# run_to FILE CMD...: run with stdout to FILE (a workbook is no text)
run_to() {
	local file=$1
	shift
	"$@" >"$file" 2>"$T/.err"
	status=$?
	out=""
	err=$(cat "$T/.err")
}
# the records the sheet should hold: person list's, as roster rows
roster_rows() {
	jq -s '[.[] | {household_no, village_code, person_no, name, id_number,
		relation, sex, birth_date, ethnicity, education, health,
		poverty_attr, poverty_exit_year, phone, health_record_no,
		insurance_no, disabled, serious_illness, special_family,
		low_income, "备注": .extra["备注"]}]'
}

t "person list --format xlsx: the roster's columns, identifiers as text cells"
run_to people.xlsx fdss person list --format xlsx
expect_status 0
expect_err_empty
fdss person list | roster_rows >people.json
run python3 "$CHECK/xlsx_check.py" people.xlsx people.json $KINDS
expect_status 0
expect_out "xlsx_check: 9 rows of 21 columns agree with the records"
run python3 "$CHECK/xlsx_to_csv.py" people.xlsx
expect_eq "header" "$(printf '%s\n' "$out" | head -n 1)" "$HEADER"
expect_eq "张伟" "$(printf '%s\n' "$out" | grep 张伟)" "140826100200001,140826100200,03,张伟,140826197811220315,之子,M,1978-11-22,汉族,初中,健康,一般贫困户,2019,13935905678,,,false,false,false,false,外出务工"
run python3 "$CHECK/xlsx_to_csv.py" people.xlsx --types
# household_no … birth_date text, poverty_exit_year a number, phone
# text, the flags truth values, 备注 empty
expect_eq "张伟's cell types" "$(printf '%s\n' "$out" | sed -n 4p)" "inlineStr inlineStr inlineStr inlineStr inlineStr inlineStr inlineStr inlineStr inlineStr inlineStr inlineStr inlineStr n inlineStr - - b b b b inlineStr"

t "the workbook's cells import into an empty database as the same people"
python3 "$CHECK/xlsx_to_csv.py" people.xlsx >people.csv
fdss person list >before.jsonl
fdss household list >before-h.jsonl
fdss init --db "$T/empty.db" >/dev/null
FDSS_DB="$T/empty.db" fdss area import "$FIXTURES/divisions/areas.csv" \
	"$FIXTURES/divisions/streets.csv" \
	"$FIXTURES/divisions/villages.csv" 2>/dev/null
run env FDSS_DB="$T/empty.db" fdss import people.csv
expect_status 0
expect_err "fdss-import: people.csv: read 9, inserted 9, updated 0, unchanged 0, rejected 0, households 4"
expect_eq "person list" "$(FDSS_DB="$T/empty.db" fdss person list)" "$(cat before.jsonl)"
expect_eq "household list" "$(FDSS_DB="$T/empty.db" fdss household list)" "$(cat before-h.jsonl)"

t "household list --format xlsx: every active member of the households listed"
fdss household list --group child --format xlsx >child.xlsx
run python3 "$CHECK/xlsx_to_csv.py" child.xlsx
expect_status 0
expect_eq "header" "$(printf '%s\n' "$out" | head -n 1)" "$HEADER"
# H1 (张欣怡 5) and H2 (王小红 6): all six members, household by household
expect_eq "members" "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1,4 | paste -sd ' ' -)" "140826100200001,张建国 140826100200001,李秀英 140826100200001,张伟 140826100200001,张欣怡 140826101200002,王德福 140826101200002,王小红"

t "a listing with nobody in it is a workbook with the header alone"
run_to none.xlsx fdss person list --group smi --format xlsx
expect_status 0
run python3 "$CHECK/xlsx_to_csv.py" none.xlsx
# no extra keys either: the roster's 20 columns
expect_out "${HEADER%,备注}"

t "--format xlsx goes with list; a bad filter still fails before the workbook"
run fdss person show 140826195003150110 --format xlsx
expect_status 64
expect_err_has "fdss-person: --format xlsx goes with list"
run fdss household show 140826100200001 --format xlsx
expect_status 64
run_to h9.xlsx fdss person list --household H9 --format xlsx
expect_status 66
expect_err "fdss-person: no household 'H9'"
expect_eq "no workbook" "$(wc -c <h9.xlsx)" 0
run fdss contract list --format xlsx
expect_status 64

t "a workbook that cannot be written is an error, 74"
run_to /dev/full fdss person list --format xlsx
expect_status 74
expect_err "fdss-person: cannot write to standard output: No space left on device"
run_to bad.xlsx env TMPDIR=/nonexistent fdss person list --format xlsx
expect_status 74
expect_err_has "fdss-person: cannot make a temporary file in '/nonexistent' for the workbook"
expect_eq "no workbook" "$(wc -c <bad.xlsx)" 0

t "a workbook is not written to a terminal"
if command -v script >/dev/null; then
	run script -qec "fdss person list --format xlsx; echo status=\$?" /dev/null
	expect_out_has "fdss-person: --format xlsx: will not write a workbook to a terminal (redirect it to a file)"
	expect_out_has "status=64"
fi
