# fdss fix and fdss audit revert on tests/fixtures/roster-seed.sql:
# H1 王建国 P1 (phone 13800000001), 李秀英 P2, P3, 王小红 P4; H3 孙桂兰,
# 孙强.  Team T01 (王医生, 李医生, 张护士) signed H1 and H3 for a year,
# approved.  Contract numbers are read from the database.

P1=140826196111220117 P2=140826196111230227 P4=140826201911230421
P1_NEW=140826196203150128

fdss init >/dev/null
sqlite3 -batch "$FDSS_DB" <"$FIXTURES/roster-seed.sql"
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李医生 --role doctor
	fdss team member add T01 --name 张护士 --role nurse
	fdss sign --team T01 --approve H1 H3
} >/dev/null 2>&1
K1=$(sql "SELECT number FROM contract WHERE household_no = 'H1'")
K3=$(sql "SELECT number FROM contract WHERE household_no = 'H3'")
last() { sql "SELECT max(id) FROM audit_log"; }
dump() {
	for t in person household condition contract contract_member \
		 contract_fee followup referral team_member audit_log; do
		sql "SELECT * FROM $t"
	done
}

t "a wrong phone: the dry run prints the change and stores nothing"
before=$(dump)
run fdss fix person $P1 --set phone=13900000000 --reason "wrong phone" --dry-run
expect_status 0
expect_out '{"type":"change","entry":null,"table":"person","key":"'$P1'","before":{"phone":"13800000001"},"after":{"phone":"13900000000"}}'
expect_err "fdss-fix: read 1, fixed 1, unchanged 0, changes 1, rejected 0 (dry run, nothing stored)"
expect_eq "nothing stored" "$(dump)" "$before"

t "the fix prints the person and leaves one audit entry"
e=$(last)
run fdss fix person $P1 --set phone=13900000000 --reason "wrong phone"
expect_status 0
expect_lines 1
expect_out_has '{"type":"person","id_number":"'$P1'","name":"王建国"'
expect_out_has '"phone":"13900000000"'
expect_eq "entries" "$(last)" $((e + 1))
expect_eq "entry" "$(sql "SELECT operator, table_name, row_key, before, after, reason, command FROM audit_log WHERE id = $((e + 1))")" \
	"tester|person|$P1|{\"phone\":\"13800000001\"}|{\"phone\":\"13900000000\"}|wrong phone|fdss-fix person $P1 --set phone=13900000000 --reason wrong phone"

t "the revert puts the phone back and is audited"
e=$(last)
run fdss audit revert $e --reason "it was right"
expect_status 0
expect_out_has '"phone":"13800000001"'
expect_err "fdss-audit: read 1, reverted 1, unchanged 0, changes 1, rejected 0"
expect_eq "entry" "$(sql "SELECT before, after, reason FROM audit_log WHERE id = $((e + 1))")" \
	"{\"phone\":\"13900000000\"}|{\"phone\":\"13800000001\"}|revert of entry $e: it was right"

t "a refused fix changes nothing and names the field"
before=$(dump)
run fdss fix person $P1 --set sex=F --reason x
expect_status 65
expect_err "fdss-fix: person '$P1': field 'sex' cannot be fixed: derived from the ID number: fix id_number
fdss-fix: read 1, fixed 0, unchanged 0, changes 0, rejected 1"
run fdss fix person $P1 --set relation=外星 --reason x
expect_status 65
expect_err_has "person '$P1': relation '外星': unknown relation"
run fdss fix person $P1 --set id_number=$P2 --reason x
expect_status 65
expect_err_has "id_number '$P2': already the ID number of 李秀英"
run fdss fix contract "$K1" --set doctor=张护士 --reason x
expect_status 65
expect_err_has "contract '$K1': doctor '张护士': team 'T01' has no doctor '张护士'"
run fdss fix household H1 --set village_code=1 --reason x
expect_status 65
expect_err_has "household 'H1': village_code '1': 12 digits expected"
run fdss fix household H1 --set head=x --reason x
expect_status 65
expect_err_has "field 'head' cannot be fixed (household fields: village_code, address, phone)"
expect_eq "nothing changed" "$(dump)" "$before"

t "usage: --reason and --set are required, the table must be one"
run fdss fix person $P1 --set phone=1
expect_status 64
expect_err_has "--reason is required"
run fdss fix person $P1 --reason x
expect_status 64
expect_err_has "no --set FIELD=VALUE given"
run fdss fix people $P1 --set phone=1 --reason x
expect_status 64
expect_err_has "'people': expected person, household"

t "a household move ends the old cover and joins the new contract"
run fdss fix person $P4 --set household_no=H3 --reason "wrong household"
expect_status 0
expect_lines 3
expect_eq "old" "$(sql "SELECT ended_on, end_reason FROM contract_member m JOIN contract c ON c.id = m.contract_id WHERE c.number = '$K1' AND id_number = '$P4'")" "2026-11-22|moved"
expect_eq "new" "$(sql "SELECT count(*) FROM contract_member m JOIN contract c ON c.id = m.contract_id WHERE c.number = '$K3' AND id_number = '$P4' AND ended_on IS NULL")" 1
expect_out_has '"number":"'$K1'"'
expect_out_has '"number":"'$K3'"'
expect_out_has '"household_no":"H3","village_code":"140826101201"'

t "a move into a household without a contract joins nothing"
run fdss fix person $P4 --set household_no=H2 --reason "H2 after all"
expect_status 0
expect_lines 2
expect_eq "covers" "$(sql "SELECT count(*) FROM contract_member WHERE id_number = '$P4' AND ended_on IS NULL")" 0

t "an ID number correction carries every reference"
fdss followup record $P1 --program hypertension --date 2026-10-01 --sbp 150 --dbp 95 >/dev/null 2>&1
run fdss fix person $P1 --set id_number=$P1_NEW --reason "typed wrong at signing"
expect_status 0
expect_out_has '{"type":"person","id_number":"'$P1_NEW'","name":"王建国","sex":"F","birth_date":"1962-03-15"'
expect_eq "old gone" "$(sql "SELECT (SELECT count(*) FROM person WHERE id_number = '$P1') + (SELECT count(*) FROM condition WHERE id_number = '$P1') + (SELECT count(*) FROM contract_member WHERE id_number = '$P1') + (SELECT count(*) FROM contract_fee WHERE id_number = '$P1') + (SELECT count(*) FROM followup WHERE id_number = '$P1')")" 0
expect_eq "moved" "$(sql "SELECT (SELECT count(*) FROM condition WHERE id_number = '$P1_NEW') || (SELECT count(*) FROM contract_member WHERE id_number = '$P1_NEW') || (SELECT count(*) FROM followup WHERE id_number = '$P1_NEW')")" 111
expect_eq "foreign keys" "$(sql "PRAGMA foreign_key_check")" ""

t "a visit's measurement corrected re-classifies it"
id=$(sql "SELECT id FROM followup")
run fdss fix followup $id --set sbp=130 --set dbp=80 --reason "typed 150"
expect_status 0
expect_out_has '"sbp":130,"dbp":80'
expect_out_has '"classification":"controlled"'
run fdss fix followup $id --set sbp=400 --reason x
expect_status 65
expect_err_has "followup '$id': sbp: 400 is not a possible value"

t "JSON lines on stdin: --rejects, --summary, exit 65; --atomic stores nothing"
input='{"table":"household","key":"H1","set":{"phone":"0359-1"}}
{"table":"person","key":"'$P2'","set":{"birth_date":"1960-01-01"},"reason":"own"}
{"type":"person","id_number":"'$P2'"}'
run_in - fdss fix --reason batch --rejects rej.jsonl --summary sum.json
expect_status 65
expect_out_has '{"type":"household","household_no":"H1"'
expect_eq "rejects" "$(cat rej.jsonl)" '{"table":"person","key":"'$P2'","set":{"birth_date":"1960-01-01"},"reason":"own","error":"field '"'"'birth_date'"'"' cannot be fixed: derived from the ID number: fix id_number"}
{"type":"person","id_number":"'$P2'","error":"expected {\"table\":T,\"key\":K,\"set\":{FIELD:VALUE,...},\"reason\":R} with strings for table, key and reason"}'
expect_eq "summary" "$(cat sum.json)" '{"type":"fix","read":3,"fixed":1,"unchanged":0,"changes":1,"rejected":2,"stored":true}'
expect_eq "phone" "$(sql "SELECT phone FROM household WHERE household_no = 'H1'")" 0359-1
input='{"table":"household","key":"H1","set":{"phone":"0359-2"}}
{"table":"person","key":"'$P2'","set":{"sex":"M"}}'
run_in - fdss fix --reason batch --atomic
expect_status 65
expect_out ""
expect_err_has "(--atomic: nothing stored)"
expect_eq "phone" "$(sql "SELECT phone FROM household WHERE household_no = 'H1'")" 0359-1

t "a listing composes with fix through jq"
if command -v jq >/dev/null; then
	run bash -c "fdss person list --area 140826101 | jq -c '{table:\"person\",key:.id_number,set:{education:\"高中\"}}' | fdss fix --reason survey"
	expect_status 0
	expect_lines 2
	expect_eq "education" "$(sql "SELECT group_concat(education) FROM person WHERE household_no = 'H3' AND status = 'active'")" "高中,高中"
fi

t "revert refused by a later change names it; refused by a rule"
fdss fix person $P2 --set phone=1 --reason a >/dev/null 2>&1
first=$(last)
fdss fix person $P2 --set phone=2 --reason b >/dev/null 2>&1
second=$(last)
run fdss audit revert $first --reason undo
expect_status 65
expect_err_has "fdss-audit: entry $first: person '$P2' was changed again by entry $second (tester, "
expect_eq "phone" "$(sql "SELECT phone FROM person WHERE id_number = '$P2'")" 2
fdss fix contract "$K3" --set doctor=李医生 --reason asked >/dev/null 2>&1
e=$(last)
fdss team member remove T01 --name 王医生 --reason left >/dev/null 2>&1
run fdss audit revert $e --reason undo
expect_status 65
expect_err_has "entry $e: doctor '王医生': doctor '王医生' of team 'T01' is inactive"
run fdss audit revert --reason undo
expect_status 64
run fdss audit revert 1
expect_status 64
expect_err_has "--reason is required"

t "--fields lists what can be fixed"
run fdss fix --fields contract
expect_status 0
expect_lines 1
expect_out_has '{"type":"fix_field","table":"contract","field":"doctor"'

t "revert --rejects names the entry, --summary counts"
run fdss audit revert 99999 --reason undo --rejects rej.jsonl --summary sum.json
expect_status 65
expect_err "fdss-audit: entry 99999: no audit entry 99999
fdss-audit: read 1, reverted 0, unchanged 0, changes 0, rejected 1"
expect_eq "rejects" "$(cat rej.jsonl)" '{"entry":"99999","error":"no audit entry 99999"}'
expect_eq "summary" "$(cat sum.json)" '{"type":"revert","read":1,"reverted":0,"unchanged":0,"changes":0,"rejected":1,"stored":true}'

t "a table shows each change with its entry, masked unless --no-mask"
run fdss fix person $P2 --set phone=13912345678 --reason t --format table
expect_status 0
e=$(last)
expect_out "entry  table   key                 before            after
$(printf '%5s' $e)  person  140826********0227  {\"phone\":\"****\"}  {\"phone\":\"139****5678\"}"
run fdss audit revert $e --reason t --format table --no-mask
expect_status 0
expect_out_has "person  $P2  {\"phone\":\"13912345678\"}  {\"phone\":\"2\"}"

t "kill -9 in a batch of fixes leaves the database as before or as after"
for i in $(seq 1 3000); do
	printf '{"table":"household","key":"H%d","set":{"phone":"0359-%d"}}\n' $((i % 5 + 1)) "$i"
done >many.jsonl
before=$(dump)
fdss fix --reason many <many.jsonl >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
n=$(sql "SELECT count(*) FROM audit_log WHERE reason = 'many'")
case $n in
0) expect_eq "as before" "$(dump)" "$before" ;;
3000) expect_eq "as after" "$(sql "SELECT phone FROM household WHERE household_no = 'H1'")" "0359-3000" ;;
*) _fail "$n of 3000 fixes stored" ;;
esac
expect_eq "integrity" "$(sql "PRAGMA integrity_check")" ok
