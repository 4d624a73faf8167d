# fdss report: the command, its options per report, and report overdue on
# the roster fixture at 2026-11-22.  张建国 J (76, chronic from the
# roster) is signed with T01 and has hypertension, last visit 08-01 (next
# due 10-30); 张伟 Z has hypertension diagnosed 10-01, never visited, no
# contract; the roster's other elderly (李秀英, 赵长山) were never
# checked; 王德福 turned 65 on 2025-11-22, so his first check is due
# today and is not yet overdue.

overdue_fixture
# team name program days_overdue of each csv row
rows() { printf '%s\n' "$out" | tr -d '\r' | awk -F, 'NR > 1 { print $1, $5, $8, $12 }'; }

t "without a name, the reports are listed"
run fdss report
expect_status 0
expect_out_has "overdue    Overdue follow-up"

t "an unknown report is a usage error"
run fdss report overdew
expect_status 64
expect_err_has "fdss-report: report 'overdew': no such report (see 'fdss report')"

t "an option the report does not take is a usage error naming it"
run fdss report overdue --by team
expect_status 64
expect_err_has "fdss-report: report overdue: --by is not one of its options"
run fdss report overdue --year 2026
expect_status 64
expect_err_has "--year is not one of its options"
run fdss report overdue --lang en --as-of 2026-11-22 --format csv --team T01
expect_status 0
expect_lines 4

t "bad values are usage errors"
run fdss report overdue --min-days x
expect_status 64
expect_err_has "--min-days 'x': expected days"
run fdss report overdue --format pdf
expect_status 64
expect_err_has "--format 'pdf': expected table, jsonl, csv, json, html or xlsx"
run fdss report overdue extra
expect_status 64

t "an unknown team, area or programme is not found (66)"
run fdss report overdue --team T99
expect_status 66
expect_err_has "team 'T99'"
run fdss report overdue --program asthma
expect_status 66
expect_err_has "programme 'asthma': no such programme"
run fdss report overdue --area 140826999
expect_status 66

t "every obligation, signed first, then by village and days"
run fdss report overdue --format csv --no-mask
expect_status 0
expect_eq "rows" "$(rows)" "T01 张建国 elderly 3904
T01 张建国 chronic 325
T01 张建国 hypertension 23
 李秀英 elderly 3066
 张伟 hypertension 52
 王德福 chronic 325
 赵长山 elderly 7630
 赵长山 chronic 325"

t "the csv header and masked identifiers"
run fdss report overdue --format csv --bom --team T01
expect_status 0
expect_eq "header" "$(printf '%s\n' "$out" | head -n 1 | tr -d '\r')" \
	"$(printf '\357\273\277')team,doctor,township,village,name,id_number,phone,program,reason,last_visit,due_date,days_overdue"
expect_out_has "T01,王医生,古绛镇,东关村委会,张建国,140826********0110,138****1234,hypertension,next due from the visit of 2026-08-01,2026-08-01,2026-10-30,23"
expect_out_lacks "$J"

t "json lines carry the whole record"
run fdss report overdue --program hypertension --signed-only
expect_status 0
expect_out '{"type":"overdue","team":"T01","team_name":"东关团队","doctor":"王医生","township_code":"140826100","township":"古绛镇","village_code":"140826100200","village":"东关村委会","name":"张建国","id_number":"140826195003150110","phone":"13835901234","program":"hypertension","reason_code":"next_due","reason":"next due from the visit of 2026-08-01","last_visit":"2026-08-01","due_date":"2026-10-30","days_overdue":23}'

t "filters: --signed-only, --area, --min-days"
run fdss report overdue --signed-only --format csv
expect_eq "signed" "$(rows)" "T01 张建国 elderly 3904
T01 张建国 chronic 325
T01 张建国 hypertension 23"
run fdss report overdue --area 140826106 --format csv
expect_eq "township" "$(rows)" " 赵长山 elderly 7630
 赵长山 chronic 325"
run fdss report overdue --min-days 326 --format csv
expect_eq "min days" "$(rows)" "T01 张建国 elderly 3904
 李秀英 elderly 3066
 赵长山 elderly 7630"

t "--fail-if-any: 1 when something is overdue, after the output"
run fdss report overdue --fail-if-any --format csv --bom --team T01
expect_status 1
expect_lines 4
run fdss report overdue --fail-if-any --area 451026
expect_status 0
expect_out ""

t "a follow-up today takes the row away; the new first check is due next year"
sql "UPDATE followup SET latest = 0;
     INSERT INTO followup (id_number, program, visit_date, mode,
	classification, next_due, action, latest, recorded) VALUES
	('$J', 'hypertension', '2026-11-22', 'clinic', 'controlled',
	 '2027-02-20', '', 1, '')"
run fdss report overdue --program hypertension --fail-if-any --format csv
expect_status 1
expect_eq "rows" "$(rows)" " 张伟 hypertension 52"

t "completion lists the reports and the options"
run fdss report --list-options
expect_status 0
# the reports first, one a line, in fdss-report(1)'s order, then options
expect_out_has "overdue
"
expect_out_has "fees
--area="
expect_out_has "--fail-if-any"

t "a workbook is not written to a terminal"
if command -v script >/dev/null 2>&1; then
	run script -qec "fdss report overdue --format xlsx" /dev/null
	expect_status 64
	expect_out_has "--format xlsx: will not write a workbook to a terminal"
fi
