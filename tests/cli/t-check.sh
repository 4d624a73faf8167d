# fdss check: the checks on the fixture of tests/fixtures/check/gen-seed.py
# (a small county of clean records with one planted case of each check,
# at 2026-11-22).  Every planted case must be found by its check, with
# its records, and nothing else: the clean records raise no finding.
# Keys are read from the database, never written here (contract numbers
# may change format).

fdss init >/dev/null
python3 "$FIXTURES/check/gen-seed.py" >"$T/seed.sql"
sqlite3 -batch -bail "$FDSS_DB" <"$T/seed.sql" >/dev/null

# findings CHECK: "table:key table:key ..." of each finding of CHECK in
# $out, one line each, the records sorted
findings() {
	printf '%s\n' "$out" | jq -r --arg c "$1" 'select(.check == $c) |
		[.records[] | "\(.table):\(.key)"] | sort | join(" ")'
}
# keys SQL PREFIX: "PREFIX:value" of each row of SQL, sorted, joined
keys() {
	sql "$1" | sed "s/^/$2:/" | sort | paste -sd' '
}
dead=$(sql "SELECT id_number FROM person WHERE status = 'deceased'")

t "every planted case is found by its check, and nothing else"
run fdss check --format jsonl
expect_status 1
expect_eq records "$(printf '%s\n' "$out" | jq -r .check | sort | uniq -c |
	awk '{ print $2 "=" $1 }' | paste -sd' ')" \
	"after-death=1 bulk-unreviewed=1 copied-measurements=1 digit-preference=1 double-cover=2 flat-series=1 implausible-workload=2 orphans=1 shared-phone=1 signed-no-service=1 visit-before-birth=1 visit-before-diagnosis=1 visit-in-future=1"
expect_eq records "$(printf '%s\n' "$out" | jq -r 'select(.severity == "error") | .check' | sort -u | paste -sd' ')" \
	"after-death double-cover orphans visit-before-birth visit-in-future"
all=$out

t "after-death names the person and the visit after their death"
out=$all
expect_eq records "$(findings after-death)" \
	"$(keys "SELECT id FROM followup WHERE id_number = '$dead' AND visit_date > '2026-06-01'" followup) person:$dead"
expect_out_has '"status":"deceased","status_date":"2026-06-01"'

t "double-cover names a person's two contracts, and a household's contracts of two teams"
out=$all
extra=$(sql "SELECT number FROM contract WHERE start_date = '2026-03-01'")
p=$(sql "SELECT id_number FROM contract_member m JOIN contract c ON c.id = m.contract_id WHERE c.number = '$extra'")
first=$(sql "SELECT c.number FROM contract c JOIN contract_member m ON m.contract_id = c.id WHERE m.id_number = '$p' AND c.start_date = '2026-01-01'")
mixed=$(sql "SELECT household_no FROM contract WHERE team_code = 'T02' AND household_no LIKE '140826100%'")
expect_eq records "$(findings double-cover | sort)" "$(printf '%s\n' \
	"$(printf '%s\n' "contract:$first" "contract:$extra" "person:$p" | sort | paste -sd' ')" \
	"$(keys "SELECT number FROM contract WHERE household_no = '$mixed' AND start_date = '2026-01-01'" contract) household:$mixed" | sort)"

t "visit-before-diagnosis names the person, the condition and the early visit"
out=$all
early=$(sql "SELECT id_number FROM condition WHERE since = '2026-03-01'")
kind=$(sql "SELECT kind FROM condition WHERE id_number = '$early'")
expect_eq records "$(findings visit-before-diagnosis)" \
	"condition:$early:$kind $(keys "SELECT id FROM followup WHERE id_number = '$early' AND visit_date < '2026-03-01'" followup) person:$early"

t "visit-before-birth and visit-in-future name the visit and the person"
out=$all
child=$(sql "SELECT f.id_number FROM followup f JOIN person p USING (id_number) WHERE f.visit_date < p.birth_date")
expect_eq records "$(findings visit-before-birth)" \
	"$(keys "SELECT id FROM followup WHERE id_number = '$child'" followup) person:$child"
future=$(sql "SELECT id_number FROM followup WHERE visit_date > '2026-11-22'")
expect_eq records "$(findings visit-in-future)" \
	"$(keys "SELECT id FROM followup WHERE visit_date > '2026-11-22'" followup) person:$future"

t "copied-measurements names the six visits of 2026-09-09 with 138/86"
out=$all
expect_eq records "$(findings copied-measurements)" \
	"$(keys "SELECT id FROM followup WHERE visit_date = '2026-09-09' AND sbp = 138 AND dbp = 86" followup)"
expect_out_has '"check":"copied-measurements","severity":"warning","summary":"赵医生 recorded sbp 138 dbp 86 heart rate 72 on 6 patients on 2026-09-09","team":"T02","doctor":"赵医生","date":"2026-09-09"'

t "implausible-workload: 45 visits in a day, and visits in two townships"
out=$all
expect_eq records "$(findings implausible-workload | sort)" "$(printf '%s\n' \
	"$(keys "SELECT id FROM followup WHERE visit_date = '2026-07-07' AND doctor = '王医生'" followup)" \
	"$(keys "SELECT id FROM followup WHERE visit_date = '2026-10-20' AND doctor = '王医生'" followup)" | sort)"
expect_out_has '"summary":"王医生 on 2026-10-20: 45 visits (more than 40)"'
expect_out_has '"summary":"王医生 on 2026-07-07: visits in person in townships 140826100 and 140826101"'

t "digit-preference names 钱医生 and the visits with a reading ending in 0 or 5"
out=$all
expect_eq records "$(findings digit-preference)" \
	"$(keys "SELECT id FROM followup WHERE doctor = '钱医生' AND (sbp % 10 IN (0, 5) OR dbp % 10 IN (0, 5))" followup) $(keys "SELECT id FROM team_member WHERE name = '钱医生'" team_member)"
expect_eq records "$(printf '%s\n' "$out" | jq -r 'select(.check == "digit-preference") | [.team, .doctor, .readings, (.p < 0.001), (.share_0_5 > 35)] | map(tostring) | join(" ")')" \
	"T02 钱医生 $(sql "SELECT count(sbp) + count(dbp) FROM followup WHERE doctor = '钱医生'") true true"

t "flat-series names the patient and the four identical visits of 2025"
out=$all
flat=$(sql "SELECT id_number FROM followup WHERE sbp = 130 AND dbp = 80 AND visit_date < '2026-01-01' GROUP BY id_number HAVING count(*) = 4")
expect_eq records "$(findings flat-series)" \
	"$(keys "SELECT id FROM followup WHERE id_number = '$flat' AND sbp = 130 AND dbp = 80" followup) person:$flat"

t "shared-phone names the five households"
out=$all
expect_eq records "$(findings shared-phone)" \
	"$(keys "SELECT household_no FROM household WHERE phone = '13900001111'" household)"
expect_out_has '"phone":"13900001111","households":5'

t "bulk-unreviewed names T02's contracts approved by their signer"
out=$all
expect_eq records "$(findings bulk-unreviewed)" \
	"$(keys "SELECT number FROM contract WHERE team_code = 'T02' AND start_date = '2026-01-01' AND household_no LIKE '140826101%'" contract)"
expect_out_has '"operator":"op_t02","contracts":60'

t "signed-no-service names the patient and the contract of the idle year"
out=$all
idle=$(printf '%s\n' "$out" | jq -r 'select(.check == "signed-no-service") | .id_number')
expect_eq records "$(sql "SELECT count(*) FROM followup WHERE id_number = '$idle' AND visit_date < '2026-01-01'")" 0
expect_eq records "$(findings signed-no-service)" \
	"$(keys "SELECT c.number FROM contract c JOIN contract_member m ON m.contract_id = c.id WHERE m.id_number = '$idle' AND c.start_date = '2025-01-01'" contract) person:$idle"

t "orphans names the visit of a person who does not exist"
out=$all
expect_eq records "$(findings orphans)" \
	"$(keys "SELECT id FROM followup WHERE id_number = '140826199001010000'" followup)"

t "--check runs only the checks named, repeated or with commas"
run fdss check --check copied-measurements --format jsonl
expect_status 0
expect_lines 1
run fdss check --check shared-phone,flat-series --check orphans --format jsonl
expect_status 1
expect_eq records "$(printf '%s\n' "$out" | jq -r .check | paste -sd' ')" \
	"flat-series shared-phone orphans"

t "an unknown check is a usage error listing the checks"
run fdss check --check after-deth
expect_status 64
expect_err_has "fdss-check: --check 'after-deth': no such check; the checks are:"
expect_err_has "  signed-no-service"

t "--team keeps the findings of one team (orphans are the whole file's)"
run fdss check --team T02 --format jsonl
expect_status 1
expect_eq records "$(printf '%s\n' "$out" | jq -r .check | sort | paste -sd' ')" \
	"bulk-unreviewed copied-measurements digit-preference double-cover orphans visit-before-birth"

t "--area keeps the records of people living there (the visit in 古绛镇 of 07-07 is not counted)"
run fdss check --area 140826101 --format jsonl
expect_eq records "$(printf '%s\n' "$out" | jq -r .check | sort | uniq -c | awk '{ print $2 "=" $1 }' | paste -sd' ')" \
	"bulk-unreviewed=1 copied-measurements=1 digit-preference=1 orphans=1 visit-before-birth=1"

t "--from and --to keep the dated records of the period"
run fdss check --from 2026-10-01 --to 2026-10-31 --format jsonl
expect_status 1
expect_eq records "$(printf '%s\n' "$out" | jq -r .check | paste -sd' ')" \
	"implausible-workload shared-phone orphans"
run fdss check --from 2026-12-01 --to 2026-10-31
expect_status 64
expect_err_has "--from is after --to"

t "an unknown team or area is not found"
run fdss check --team T99
expect_status 66
expect_err_has "team 'T99'"
run fdss check --area 140826999
expect_status 66

t "the thresholds are settings"
fdss setting set check_copied_patients 7 >/dev/null
run fdss check --check copied-measurements --format jsonl
expect_status 0
expect_out ""
fdss setting set check_copied_patients 5 >/dev/null
fdss setting set check_digit_p 0.5x >/dev/null 2>&1
run fdss check --check digit-preference
expect_status 64
expect_err_has "setting 'check_digit_p': '0.5x' is not a probability"
fdss setting set check_digit_p 0.001 >/dev/null

t "table, csv and html show the findings"
run fdss check --check visit-in-future --format csv
expect_status 1
expect_out_has "check,severity,team,doctor,date,id_number,summary"
expect_out_has "visit-in-future,error,T01,王医生,2026-12-15,"
expect_out_lacks "$future"
run fdss check --format html --lang en
expect_status 1
expect_out_has '<h1 data-report="finding">Data checks</h1>'
expect_out_has 'data-label="after-death"'
expect_out_has '<tr class="group" data-group-check="copied-measurements" data-group-team="T02"><th colspan="7">copied-measurements · T02</th></tr>'
expect_eq "group rows" "$(printf '%s\n' "$out" | grep -c 'class="group"')" 13

t "--list lists the checks"
run fdss check --list
expect_status 0
expect_lines 13
expect_out_has "orphans                  error    rows the foreign key"

t "a clean database has no finding and exits 0"
rm -f "$T/clean.db"
FDSS_DB=$T/clean.db fdss init >/dev/null
run env FDSS_DB="$T/clean.db" fdss check --format jsonl
expect_status 0
expect_out ""

t "bash completion offers the options of check and the names of the checks"
comp() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _fdss; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$FIXTURES/../../completions/fdss.bash" "$@"
}
expect_eq "options" "$(comp fdss check --ch)" "--check"
expect_eq "names" "$(comp fdss check --check visit- | sort | tr '\n' ' ')" \
	"visit-before-birth visit-before-diagnosis visit-in-future "
expect_eq "formats" "$(comp fdss check --format x)" "xlsx"
