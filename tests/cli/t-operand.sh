# Household numbers and ID numbers as operands (issue 12): the registry's
# 户编号 are often 18 digits.  tests/fixtures/roster/household-numbers.csv
# has three households: HX 140826100005000605 (18 digits, no ID number:
# 郭明, 郭小明), HP numbered with its head's ID number (周强 $HP, 吴芳),
# HV a valid ID number that no person has (孙立).  Contract numbers are
# read from the output, never written here.

fdss init >/dev/null
fdss area import "$FIXTURES/divisions/areas.csv" \
	"$FIXTURES/divisions/streets.csv" \
	"$FIXTURES/divisions/villages.csv" 2>/dev/null
fdss import --preset poverty-registry \
	"$FIXTURES/roster/household-numbers.csv" 2>/dev/null
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
} >/dev/null
cp "$FDSS_DB" "$T/base.db"
fresh() { cp "$T/base.db" "$FDSS_DB"; }

HX=140826100005000605 HP=140826195507070077 HV=140826197001010017
GUO=140826198002020027 GUOXM=140826201005050058 WU=140826199004040042
SUN=140826197506060060
BOTH="both the ID number of a person and a household number: name it with --person or --household"
# the signed contracts: household, then its members, one per line
signed() {
	sql "SELECT c.household_no || ':' || group_concat(m.id_number, ',')
	     FROM contract c JOIN contract_member m ON m.contract_id = c.id
	     GROUP BY c.id ORDER BY c.household_no"
}
keys() {
	printf '%s\n' "$out" | jq -r ".$1" | paste -sd ' ' -
}

t "sign takes an 18-digit household number that is no ID number"
fresh
run fdss sign --team T01 $HX
expect_status 0
expect_err "fdss-sign: read 1, signed 1 covering 2 people, skipped 0, rejected 0"
expect_eq "signed" "$(signed)" "$HX:$GUO,$GUOXM"
expect_eq "printed" "$(keys household_no)" "$HX"

t "a valid ID number that no person has is the household of that number"
fresh
run fdss sign --team T01 $HV
expect_status 0
expect_eq "signed" "$(signed)" "$HV:$SUN"

t "an ID number of a person still signs for that person only"
fresh
run fdss sign --team T01 $WU
expect_status 0
expect_eq "signed" "$(signed)" "$HP:$WU"

t "sign refuses a number that is both, with 64, naming both readings, signing nothing"
fresh
run fdss sign --team T01 $HX $HP
expect_status 64
expect_err "fdss-sign: $HP: $BOTH"
expect_out ""
expect_eq "signed" "$(signed)" ""
expect_eq "audit" "$(sql "SELECT count(*) FROM audit_log WHERE table_name = 'contract'")" 0

t "sign --household and --person settle it"
fresh
run fdss sign --team T01 --household $HP
expect_status 0
expect_eq "household" "$(signed)" "$HP:$HP,$WU"
fresh
run fdss sign --team T01 --person $HP $HX
expect_status 0
expect_eq "person" "$(signed)" "$HX:$GUO,$GUOXM
$HP:$HP"

t "sign --household or --person that names nothing of its kind is rejected, 65"
fresh
run fdss sign --team T01 --household $GUO --person $HX --person 140826198002020028
expect_status 65
expect_err "fdss-sign: $GUO: no such household (the ID number of a person)
fdss-sign: $HX: no such person (a household number)
fdss-sign: 140826198002020028: no such person
fdss-sign: read 3, signed 0 covering 0 people, skipped 0, rejected 3"
expect_eq "signed" "$(signed)" ""

t "a record on stdin says which it is: no ambiguity there"
fresh
input="{\"household_no\":\"$HP\"}
{\"id_number\":\"$HX\"}
"
run_in - fdss sign --team T01
expect_status 65
expect_err "fdss-sign: <stdin>:2: $HX: no such person
fdss-sign: read 2, signed 1 covering 2 people, skipped 0, rejected 1"
expect_eq "signed" "$(signed)" "$HP:$HP,$WU"

t "household show: a household number, or a person's household"
fresh
run fdss household show $HX $SUN
expect_status 0
expect_eq "households" "$(printf '%s\n' "$out" | jq -r 'select(.type == "household") | .household_no' | paste -sd ' ' -)" "$HX $HV"
expect_eq "members" "$(printf '%s\n' "$out" | jq -r 'select(.type == "person") | .id_number' | paste -sd ' ' -)" "$GUO $GUOXM $SUN"

t "household show refuses a number that is both, 64, until --household or --person"
run fdss household show $HX $HP
expect_status 64
expect_err "fdss-household: $HP: $BOTH"
expect_out ""
run fdss household show --person $HP
expect_status 0
expect_eq "the person's household" "$(printf '%s\n' "$out" | jq -r 'select(.type == "household") | .household_no')" "$HP"
run fdss household show --household $HP 999
expect_status 66
expect_err "fdss-household: 999: no such household"
expect_eq "found" "$(printf '%s\n' "$out" | jq -r 'select(.type == "household") | .household_no')" "$HP"
run fdss household list --person $HP
expect_status 64
expect_err_has "--household and --person go with show"

t "person show: a household number shows its members, --person the one"
run fdss person show $HX
expect_status 0
expect_eq "members" "$(keys id_number)" "$GUO $GUOXM"
run fdss person show $HP
expect_status 64
expect_err "fdss-person: $HP: $BOTH"
run fdss person show --person $HP
expect_eq "--person" "$(keys id_number)" "$HP"
run fdss person show --household $HP
expect_eq "--household" "$(keys id_number)" "$HP $WU"
run fdss person show --household $SUN
expect_status 66
expect_err "fdss-person: $SUN: no such household (the ID number of a person)"

t "person list --household takes an 18-digit household number"
run fdss person list --household $HX
expect_status 0
expect_eq "members" "$(keys id_number)" "$GUO $GUOXM"
run fdss person list --person $HX
expect_status 64
expect_err_has "--person goes with show and leave"

t "person leave: a household number, every active member leaves"
fresh
fdss sign --team T01 --approve $HX >/dev/null 2>&1
run fdss person leave $HX --reason moved --date 2026-11-22
expect_status 0
expect_eq "statuses" "$(sql "SELECT group_concat(status) FROM person WHERE household_no = '$HX'")" "moved,moved"
# the contract after each: the first leaves, the last ends it
expect_eq "contract" "$(keys terminated_on)" "null 2026-11-22"
run fdss person leave $HX --reason moved
expect_status 65
expect_err "fdss-person: $HX: no active members"
run fdss person leave $HP --reason death
expect_status 64
expect_eq "nobody left" "$(sql "SELECT count(*) FROM person WHERE status <> 'active' AND household_no = '$HP'")" 0

t "followup list: a household number lists its members' visits"
fresh
{
	fdss condition add $GUO hypertension --since 2026-01-01
	fdss condition add $HP hypertension --since 2026-01-01
	fdss followup record $GUO --program hypertension --date 2026-11-01 --sbp 130 --dbp 80 --mode clinic
	fdss followup record $HP --program hypertension --date 2026-11-02 --sbp 150 --dbp 95 --mode clinic
} >/dev/null 2>&1
expect_eq "visits" "$(sql "SELECT count(*) FROM followup")" 2
run fdss followup list $HX
expect_status 0
expect_eq "HX" "$(keys id_number)" "$GUO"
run fdss followup list $HP
expect_status 64
expect_err "fdss-followup: $HP: $BOTH"
expect_out ""
run fdss followup list --household $HP
expect_status 0
expect_eq "--household" "$(keys id_number)" "$HP"
run fdss followup list --person $WU
expect_status 0
expect_out ""
run fdss followup list --person $HX
expect_status 66
expect_err "fdss-followup: $HX: no such person (a household number)"
run fdss followup list --person $HP $HX
expect_status 64
run fdss followup due --household $HX
expect_status 64
expect_err_has "one --household or --person goes with list"
