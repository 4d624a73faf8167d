# The report forms (issue 11, Forms): --format html, one self-contained
# page opened in real headless Chromium (page_check.py reads the rendered
# cells and bar lengths back and compares them with the JSON records),
# and --format xlsx read back with Python's zipfile (xlsx_check.py).
# The writers are driven by test-report-forms over fixed records with
# every kind of column (tests/fixtures/report-forms/demo.jsonl), and
# through `fdss report` once a report exists.

D=$FIXTURES/report-forms/demo.jsonl
CHECK=$FIXTURES/../cli
KINDS="unit=text id_number=id residents=int signed=int rate=rate
       target=rate met=bool fees=yuan since=date"
# the records as one JSON array, as `--format json` gives them
python3 -c 'import json, sys
print(json.dumps([json.loads(l) for l in sys.stdin]))' <"$D" >demo.json

t "html: Chromium shows the records' numbers, in bars of the right lengths"
if [ -n "${SANITIZE:-}" ]; then
	echo "  skipped under SANITIZE: the browser check runs in the plain build"
else
	test-report-forms demo html <"$D" >demo.html
	run python3 "$CHECK/page_check.py" demo.html demo.json
	expect_status 0
	expect_out "page_check: 4 rows, 36 cells, 3 charts, 11 bars agree with the records"
fi

t "html: a bar drawn at a wrong length fails the browser check"
if [ -n "${SANITIZE:-}" ]; then
	echo "  skipped under SANITIZE: the browser check runs in the plain build"
else
	test-report-forms demo html <"$D" |
		sed '0,/width="321.200"/s//width="300.000"/' >bad.html
	run python3 "$CHECK/page_check.py" bad.html demo.json
	expect_status 1
	expect_out_has "bar '城关镇 <东> & 西' is 300.00 px long, 321.20 px expected for 73"
fi

t "html: escaped text, masked IDs, no script and no outside file"
run test-report-forms demo html <"$D"
expect_status 0
expect_out_has '<title>签约统计 &lt;演示&gt; &amp; &quot;测试&quot;</title>'
expect_out_has '<td data-key="unit">城关镇 &lt;东&gt; &amp; 西</td>'
expect_out_has '<td data-key="id_number">110105********002X</td>'
expect_out_lacks '11010519491231002X'
expect_out_lacks '<script'
expect_out_lacks 'src='
expect_out_lacks 'href='
expect_out_lacks '@import'
expect_out_lacks 'url('
expect_out_has '@media print'
expect_out_has '@page{size:A4 landscape;'

t "html: English captions with en, IDs whole with no-mask"
run test-report-forms demo html en no-mask <"$D"
expect_status 0
expect_out_has '<html lang="en">'
expect_out_has '<h2>Signing rate against the target</h2>'
expect_out_has '<th data-key="fees">Fees (yuan)</th>'
expect_out_has '<td data-key="id_number">11010519491231002X</td>'
expect_out_has '>4 records</p>'

t "xlsx: numbers as numbers, rates as percentages, IDs as masked text, frozen header"
test-report-forms demo xlsx <"$D" >demo.xlsx
run python3 "$CHECK/xlsx_check.py" demo.xlsx demo.json $KINDS --masked
expect_status 0
expect_out "xlsx_check: 4 rows of 9 columns agree with the records"

t "xlsx: no-mask writes the ID numbers whole, as text"
test-report-forms demo xlsx no-mask <"$D" >whole.xlsx
run python3 "$CHECK/xlsx_check.py" whole.xlsx demo.json $KINDS
expect_status 0
run python3 "$CHECK/xlsx_check.py" whole.xlsx demo.json $KINDS --masked
expect_status 1
expect_out_has "row 2 id_number: inlineStr '11010519491231002X', want text '110105********002X'"

t "xlsx: the sheet is named by the title, in English with en"
test-report-forms demo xlsx en <"$D" >en.xlsx
run unzip -p en.xlsx xl/workbook.xml
expect_out_has '<sheet name="Signing &lt;demo&gt; &amp; &quot;test&quot;"'

t "xlsx: the temporary file goes in TMPDIR and is removed"
mkdir tmp
TMPDIR=$T/tmp test-report-forms demo xlsx <"$D" >t.xlsx
expect_eq "status" "$?" 0
expect_eq "left in TMPDIR" "$(ls -A tmp)" ""
TMPDIR=$T/none run test-report-forms demo xlsx <"$D"
expect_status 1

# --- through fdss report: the overdue list of t-report.sh's fixture -------
overdue_fixture
OVERDUE="team=text doctor=text township=text village=text name=text
	 id_number=id phone=id program=text reason=text last_visit=date
	 due_date=date days_overdue=int"
fdss report overdue --format json >overdue.json

t "report overdue --format html: Chromium shows what --format json says"
if [ -n "${SANITIZE:-}" ]; then
	echo "  skipped under SANITIZE: the browser check runs in the plain build"
else
	fdss report overdue --format html >overdue.html
	expect_eq "status" "$?" 0
	run python3 "$CHECK/page_check.py" overdue.html overdue.json
	expect_status 0
	expect_out "page_check: 8 rows, 96 cells, 2 charts, 5 bars agree with the records"
fi

t "report overdue --format html: bars by team (none: 5) and by reason"
run fdss report overdue --format html
expect_status 0
expect_out_has '<h1 data-report="overdue">逾期随访</h1>'
expect_out_has 'data-label="T01" data-value="3" x="180" y="4" width="264.000"'
expect_out_has 'data-label="" data-value="5" x="180" y="26" width="440.000"'
expect_out_has '<td data-key="id_number">140826********0110</td>'
expect_out_lacks "$J"
run fdss report overdue --format html --lang en --no-mask
expect_out_has '<h2>Overdue by team</h2>'
expect_out_has '<td data-key="id_number">140826195003150110</td>'

t "report overdue --format xlsx: typed cells, masked IDs as text, frozen header"
fdss report overdue --format xlsx >overdue.xlsx
expect_eq "status" "$?" 0
run python3 "$CHECK/xlsx_check.py" overdue.xlsx overdue.json $OVERDUE --masked
expect_status 0
expect_out "xlsx_check: 8 rows of 12 columns agree with the records"
run unzip -p overdue.xlsx xl/workbook.xml
expect_out_has '<sheet name="逾期随访"'

t "report overdue --format xlsx --no-mask: the IDs whole, still text"
fdss report overdue --format xlsx --no-mask >whole.xlsx
run python3 "$CHECK/xlsx_check.py" whole.xlsx overdue.json $OVERDUE
expect_status 0

t "report overdue --format xlsx: TMPDIR is where the workbook is built"
rm -rf tmp && mkdir tmp
TMPDIR=$T/tmp fdss report overdue --format xlsx >t.xlsx
expect_eq "status" "$?" 0
expect_eq "left in TMPDIR" "$(ls -A tmp)" ""
TMPDIR=$T/none run fdss report overdue --format xlsx
expect_status 74
expect_err "fdss-report: cannot make a temporary file in '$T/none' for the workbook: No such file or directory"
