# fdss export and the import of an export: a county with every kind of
# record goes out and back in byte for byte, --since gives the changes,
# two counties merge without a clash, bad lines are refused by line.

J=140826195003150110 LX=140826195207010224 Z=140826197811220315
W=140826196011220136 XH=140826202002290245 ZH=140826194001010179
N=451026198506070159

# county_a: the fixture roster, county 140826, with teams, fees by year,
# contracts signed, rejected, re-signed, renewed, terminated and ended by
# a death, conditions added and ended, visits (one back-dated) with the
# referral they make, a referral by hand and a changed setting and rule.
county_a() {
	roster_fixture
	{
		fdss team add T01 --name 东关团队 --institution 古绛镇卫生院 \
			--area 140826100
		fdss team member add T01 --name 王医生 --role doctor --title 主治医师
		fdss team member add T01 --name 李护士 --role nurse
		fdss team add T02 --name 陈村团队 --institution 陈村镇卫生院
		fdss team member add T02 --name 赵医生 --role doctor
		fdss team member add T02 --name 钱护士 --role nurse
		fdss team member add T02 --name 孙医生 --role doctor
		fdss team member remove T02 --name 孙医生 --role doctor
		fdss fee set --package basic --from 2027-01-01 \
			--public-health 20 --insurance 15 --resident 5
		fdss fee set --package elderly --from 2026-01-01 \
			--public-health 0 --insurance 30 --resident 20
		fdss sign --team T01 --years 3 --approve 140826100200001
		fdss sign --team T01 140826101200002
		fdss review reject --reason 手册未填 C140826-2026-000002
		fdss sign --team T01 --approve 140826101200002
		fdss sign --team T02 --approve --package elderly 140826106207004
		fdss person leave --as-of 2027-03-05 $ZH --reason death \
			--date 2027-03-01
		fdss person leave --as-of 2027-05-05 $LX --reason moved \
			--date 2027-05-01
		fdss renew --as-of 2027-11-10 --approve C140826-2026-000003
		fdss terminate --as-of 2027-12-01 --reason moved \
			--date 2027-12-01 C140826-2027-000001
		fdss condition add $Z hypertension --since 2026-01-01
		fdss condition end $W chronic --date 2026-11-20
		fdss condition add $W diabetes --since 2025-01-01
		fdss followup record $Z --program hypertension --date 2026-11-02 \
			--sbp 152 --dbp 92 --doctor 王医生
		fdss followup record $Z --program hypertension --date 2026-11-16 \
			--sbp 158 --dbp 95 --doctor 王医生
		fdss followup record $Z --program hypertension --date 2026-10-20 \
			--sbp 128 --dbp 80 --doctor 王医生
		fdss followup record $W --program diabetes --date 2026-11-05 \
			--mode home --fpg 6.1
		fdss referral add $J --date 2026-11-10 --to 县人民医院 \
			--reason 复查 --program chronic
		fdss setting set renewal_grace_days 60
		fdss rules set hypertension controlled_days 80
	} >/dev/null 2>"$T/setup.err" || cat "$T/setup.err"
}

t "export all writes a header and every record, in a fixed order"
county_a
run fdss export all
expect_status 0
expect_err_empty
printf '%s\n' "$out" >"$T/a.jsonl"
expect_eq "header" "$(head -n 1 "$T/a.jsonl")" \
	'{"type":"export","format":1,"county":"140826","records":"all"}'
expect_eq "types in order" "$(sed 1d "$T/a.jsonl" | jq -r .type | uniq | tr '\n' ' ')" \
	"area setting rule package fee team household person condition contract followup referral "
expect_eq "contracts" "$(jq -r 'select(.type == "contract") | .number + " " + .status + " " + (.renews // "-")' "$T/a.jsonl" | tr '\n' ';')" \
	"C140826-2026-000001 active -;C140826-2026-000002 rejected -;C140826-2026-000003 active -;C140826-2026-000004 terminated -;C140826-2027-000001 terminated C140826-2026-000003;"
expect_out_has '"team":"140826-T02"'
expect_out_has '{"type":"team","code":"140826-T02","name":"陈村团队","institution":"陈村镇卫生院","created":"2026-11-22","members":[{"name":"赵医生","role":"doctor","active":true},{"name":"钱护士","role":"nurse","active":true},{"name":"孙医生","role":"doctor","active":false}]}'
expect_out_has '"review_reason":"手册未填"'
expect_out_has '"termination_reason":"death"'
expect_out_has '{"id_number":"140826195207010224","ended_on":"2027-05-01","end_reason":"moved"'
expect_eq "fees by year" "$(jq -r 'select(.number == "C140826-2026-000001") | .fees[] | select(.id_number == "'$J'" and .package == "basic") | .year_start + ":" + (.public_health_fen | tostring)' "$T/a.jsonl" | tr '\n' ' ')" \
	"2026-11-22:1200 2027-11-22:2000 2028-11-22:2000 "
expect_eq "visits" "$(jq -r 'select(.type == "followup") | .id + " " + .visit_date + " " + .classification + " " + (.latest | tostring)' "$T/a.jsonl" | tr '\n' ';')" \
	"140826-V1 2026-11-02 uncontrolled false;140826-V2 2026-11-16 referral true;140826-V3 2026-10-20 controlled false;140826-V4 2026-11-05 controlled true;"
expect_out_has '{"type":"followup","id":"140826-V4","id_number":"140826196011220136","program":"diabetes","visit_date":"2026-11-05","mode":"home","fpg":6.1,'
expect_out_has '{"type":"condition","id_number":"140826196011220136","kind":"chronic","status":"ended","source":"import","ended_on":"2026-11-20"}'
expect_out_has '{"type":"setting","key":"renewal_grace_days","value":"60"}'
expect_out_has '{"type":"rule","program":"hypertension","key":"controlled_days","value":"80",'
expect_out_has '{"type":"referral","id":"140826-R1","id_number":"140826197811220315","program":"hypertension","referral_date":"2026-11-16",'
expect_out_has '"visit":"140826-V2","due_date":"2026-11-30"}'
expect_out_has '{"type":"referral","id":"140826-R2","id_number":"140826195003150110","program":"chronic","referral_date":"2026-11-10","to_institution":"县人民医院","reason":"复查","due_date":"2026-11-24"}'

t "export, import into an empty database, export again: the same bytes"
fdss init --db "$T/b.db" >/dev/null
run fdss import --db "$T/b.db" "$T/a.jsonl"
expect_status 0
n=$(($(grep -c '' "$T/a.jsonl") - 1))
expect_err_has "fdss-import: $T/a.jsonl: read $n, inserted "
expect_err_has ", rejected 0, households 4"
fdss export --db "$T/b.db" all >"$T/b.jsonl"
cmp "$T/a.jsonl" "$T/b.jsonl" || _fail "the second export differs: $(diff "$T/a.jsonl" "$T/b.jsonl" | head -n 6)"
expect_eq "audited" "$(sqlite3 "$T/b.db" "SELECT count(*) FROM audit_log WHERE reason = 'import of an export' AND table_name = 'contract'")" 5
expect_eq "the old number form" "$(sqlite3 "$T/b.db" "SELECT count(*) FROM contract WHERE old_number IS NOT NULL")" 0

t "an export imported again changes nothing, from a pipe too"
run_in "$T/a.jsonl" fdss import --db "$T/b.db"
expect_status 0
expect_err "fdss-import: <stdin>: read $n, inserted 0, updated 0, unchanged $n, rejected 0, households 4"

t "each kind alone, several kinds together"
run fdss export contracts
expect_status 0
expect_lines 6
run fdss export teams followups
expect_lines 7
expect_eq "header" "$(printf '%s\n' "$out" | head -n 1)" '{"type":"export","format":1,"county":"140826","records":"teams,followups"}'
run fdss export --area 451026 persons
expect_lines 3
expect_out_has '"id_number":"451026198709120267"'

t "--since gives exactly the records changed at or after it"
# the audit log is append-only: a mid-point in time, a second after the
# last entry of the set-up
sleep 1
mid=$(date -u +%Y-%m-%dT%H:%M:%SZ)
{
	fdss condition add $J diabetes --since 2026-11-01
	fdss team member add T02 --name 周护士 --role nurse
	fdss terminate --as-of 2027-01-10 --reason request --date 2027-01-10 C140826-2026-000001
} >/dev/null 2>&1
run fdss export all --since "$mid"
expect_status 0
expect_out '{"type":"export","format":1,"county":"140826","records":"all","since":"'"$mid"'"}
'"$(fdss export teams | grep '"140826-T02"')
$(fdss export conditions | grep "\"$J\",\"kind\":\"diabetes")
$(fdss export contracts | grep '"C140826-2026-000001"')"
run fdss export all --since "$mid" --area 140826101
expect_lines 1
# the roster import audits changes; the rows it adds are its batch's
run fdss export households persons --since 2026-06-01
expect_eq "households and people imported" "$(printf '%s\n' "$out" | jq -r .type | sort | uniq -c | tr -s ' ' | tr '\n' ';')" \
	" 1 export; 4 household; 9 person;"
run fdss export all --since yesterday
expect_status 64
expect_err "fdss-export: --since 'yesterday': YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC) expected"

t "the delta brings a copy up to date"
fdss export all --since "$mid" >"$T/delta.jsonl"
run fdss import --db "$T/b.db" "$T/delta.jsonl"
expect_status 0
expect_err "fdss-import: $T/delta.jsonl: read 3, inserted 1, updated 2, unchanged 0, rejected 0, households 0"
fdss export all >"$T/a2.jsonl"
fdss export --db "$T/b.db" all >"$T/b2.jsonl"
cmp "$T/a2.jsonl" "$T/b2.jsonl" || _fail "the copy differs: $(diff "$T/a2.jsonl" "$T/b2.jsonl" | head -n 6)"

t "two counties numbered apart merge into one database without a clash"
export FDSS_DB=$T/b451026.db
roster_fixture
{
	fdss setting set county 451026
	fdss team add T01 --name 城厢团队 --institution 城厢镇卫生院
	fdss team member add T01 --name 农医生 --role doctor
	fdss team member add T01 --name 黄护士 --role nurse
	fdss sign --team T01 --approve 451026100212003
	fdss condition add $N hypertension --since 2026-01-01
	fdss followup record $N --program hypertension --date 2026-11-03 \
		--sbp 130 --dbp 85
} >/dev/null 2>&1
fdss export all >"$T/b451026.jsonl"
expect_eq "numbered in its county" "$(jq -r 'select(.type == "contract") | .number + " " + .team' "$T/b451026.jsonl")" \
	"C451026-2026-000001 451026-T01"
export FDSS_DB=$T/m.db
fdss init >/dev/null
fdss import "$T/a2.jsonl" 2>/dev/null
run fdss import "$T/b451026.jsonl"
expect_status 0
expect_eq "contracts" "$(sql "SELECT group_concat(number || ' ' || team_code, ', ') FROM (SELECT * FROM contract ORDER BY number)")" \
	"C140826-2026-000001 T01, C140826-2026-000002 T01, C140826-2026-000003 T01, C140826-2026-000004 T02, C140826-2027-000001 T01, C451026-2026-000001 451026-T01"
expect_eq "visits" "$(sql "SELECT group_concat(id || ' ' || coalesce(origin, '-'), ', ') FROM followup")" \
	"1 -, 2 -, 3 -, 4 -, 5 451026-V1"
expect_eq "the settings stay the database's" "$(sql "SELECT value FROM setting WHERE key = 'county'")" 140826
run fdss import "$T/b451026.jsonl"
expect_err_has "inserted 0, updated 0,"
run fdss export contracts followups --area 451026
expect_out_has '"number":"C451026-2026-000001","household_no":"451026100212003","team":"451026-T01"'
expect_out_has '"id":"451026-V1"'

t "bad lines are refused with their line; --atomic stores nothing"
export FDSS_DB=$T/bad.db
fdss init >/dev/null
{
	sed -n 1p "$T/a.jsonl"
	grep '"type":"area"' "$T/a.jsonl"
	grep '"type":"household"' "$T/a.jsonl"
	grep -m 1 '"type":"person"' "$T/a.jsonl" | sed 's/"birth_date":"1940-01-01"/"birth_date":"1940-02-30"/'
	echo '{"type":"person",'
	echo '{"type":"visit","id":"x"}'
	grep -m 1 '"type":"contract"' "$T/a.jsonl" | sed 's/"doctor"/"doctr"/'
	grep -m 1 '"type":"followup"' "$T/a.jsonl" | sed 's/"id":"140826-V1"/"id":"V1"/'
	grep '"type":"person"' "$T/a.jsonl" | sed -n 2p
} >"$T/bad.jsonl"
lines=$(grep -c '' "$T/bad.jsonl")
run fdss import "$T/bad.jsonl"
expect_status 65
expect_err_has "fdss-import: $T/bad.jsonl:$((lines - 5)): person '140826194001010179': birth_date '1940-02-30': YYYY-MM-DD expected"
expect_err_has "fdss-import: $T/bad.jsonl:$((lines - 4)): column "
expect_err_has "fdss-import: $T/bad.jsonl:$((lines - 3)): type 'visit': not a record of an export"
expect_err_has "fdss-import: $T/bad.jsonl:$((lines - 2)): contract 'C140826-2026-000001': doctr: unknown key"
expect_err_has "fdss-import: $T/bad.jsonl:$((lines - 1)): followup 'V1': id 'V1': COUNTY-V<number> expected"
expect_err_has "rejected 5, households 4"
expect_eq "the good ones stored" "$(sql "SELECT count(*) FROM person")" 1
fdss init --db "$T/bad2.db" >/dev/null
run fdss import --db "$T/bad2.db" --atomic "$T/bad.jsonl"
expect_status 65
expect_eq "nothing stored" "$(sqlite3 "$T/bad2.db" "SELECT count(*) FROM household")" 0

t "a key that names another person's visit or household's contract is refused"
{
	sed -n 1p "$T/a.jsonl"
	grep -m 1 '"type":"followup"' "$T/a.jsonl" | sed "s/$Z/$J/"
	grep -m 1 '"type":"contract"' "$T/a.jsonl" | sed 's/"household_no":"140826100200001"/"household_no":"140826101200002"/'
} >"$T/clash.jsonl"
run fdss import --db "$T/b.db" "$T/clash.jsonl"
expect_status 65
expect_err "fdss-import: $T/clash.jsonl:2: followup '140826-V1': id: names a stored record of another person or household
fdss-import: $T/clash.jsonl:3: contract 'C140826-2026-000001': number: names a stored record of another person or household
fdss-import: $T/clash.jsonl: read 2, inserted 0, updated 0, unchanged 0, rejected 2, households 0"

t "a database numbered before 0012 keeps its old numbers findable"
export FDSS_DB=$T/old.db
fdss init >/dev/null
sql "DELETE FROM setting WHERE key = 'county';
     DROP INDEX contract_old_number; ALTER TABLE contract DROP COLUMN old_number;
     DROP INDEX followup_origin; ALTER TABLE followup DROP COLUMN origin;
     DROP INDEX referral_origin; ALTER TABLE referral DROP COLUMN origin;
     INSERT INTO area VALUES ('140826100200', '东关村', 'village', '140826100');
     INSERT INTO household (household_no, village_code)
	VALUES ('140826100200001', '140826100200');
     INSERT INTO team (code, name, institution, created)
	VALUES ('T01', '东关团队', '古绛镇卫生院', '2026-01-01');
     INSERT INTO contract (number, household_no, team_code, doctor,
	start_date, end_date, years, status, created) VALUES
	('C2026-000007', '140826100200001', 'T01', '王医生', '2026-01-01',
	 '2026-12-31', 1, 'active', '2026-01-01T08:00:00Z');
     PRAGMA user_version = 11"
run fdss contract show C2026-000007
expect_status 0
expect_out_has '"number":"C140826-2026-000007","household_no":"140826100200001"'
expect_eq "kept" "$(sql "SELECT old_number FROM contract")" C2026-000007
run fdss export contracts
expect_out_has '"number":"C140826-2026-000007","old_number":"C2026-000007",'

t "export needs a county and a kind"
export FDSS_DB=$T/empty.db
fdss init >/dev/null
run fdss export all
expect_status 65
expect_err "fdss-export: the database names no county: set it with \`fdss setting set county CODE\`"
run fdss export
expect_status 64
run fdss export everything
expect_status 64
expect_err_has "fdss-export: 'everything': not a kind of record"
