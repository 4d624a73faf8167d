# fdss sign, review, renew, terminate and contract: the contract
# lifecycle on the roster fixture (9 people in 4 households, all on the
# poverty registry).  Households: H1 140826100200001 (张建国 76, 李秀英 74,
# 张伟 48, 张欣怡 5), H2 140826101200002 (王德福 66, 王小红 6), H3
# 451026100212003 (农振华 41, 黄美玲 39), H4 140826106207004 (赵长山 86).

roster_fixture
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
	fdss team add T02 --name 无护士团队 --institution 古绛镇卫生院
	fdss team member add T02 --name 赵医生 --role doctor
	fdss team add T03 --name 城厢团队 --institution 城厢镇卫生院
	fdss team member add T03 --name 钱医生 --role doctor
	fdss team member add T03 --name 孙护士 --role nurse
	# 那坡县: 20 + 15 + 5 yuan, the resident pays even on the registry
	fdss fee set --package basic --from 2026-01-01 --area 451026 \
		--public-health 20 --insurance 15 --resident 5
} >/dev/null

H1=140826100200001 H2=140826101200002 H3=451026100212003 H4=140826106207004
contracts() { sql "SELECT count(*) FROM contract"; }
audits() { sql "SELECT count(*) FROM audit_log WHERE table_name = 'contract'"; }

t "a team without a nurse cannot sign"
run fdss sign --team T02 $H1
expect_status 65
expect_out ""
expect_err "fdss-sign: T02: team 'T02' cannot sign: it has no nurse
fdss-sign: read 1, signed 0 covering 0 people, skipped 0, rejected 1"
expect_eq "contracts" "$(contracts)" 0

t "an unknown team, household or person is rejected"
run fdss sign --team T09 $H1 999999999999999 140826197001010199
expect_status 65
expect_err "fdss-sign: T09: no team 'T09'
fdss-sign: 999999999999999: no such household
fdss-sign: 140826197001010199: no such person
fdss-sign: read 3, signed 0 covering 0 people, skipped 0, rejected 3"
expect_eq "contracts" "$(contracts)" 0

t "a term over one year needs a reason"
run fdss sign --team T03 --years 2 $H3
expect_status 65
expect_err_has "fdss-sign: $H3: term of 2 years: only for a renewal or a household with a member aged 65 or more or with hypertension or diabetes, and none of its 2 covered members is"
run fdss sign --team T03 --years 4 $H3
expect_status 64
expect_eq "contracts" "$(contracts)" 0

t "a package only for eligible members"
run fdss sign --team T01 --package child $H1
expect_status 65
expect_err_has "fdss-sign: 140826195003150110: package 'child' is for ages 0 to 6; 76 years old (张建国)"
run fdss sign --team T01 --package nosuch $H1
expect_status 65
expect_err_has "fdss-sign: nosuch: no such package"
expect_eq "contracts" "$(contracts)" 0

t "the doctor's limit is enforced with a clear message"
sql "UPDATE setting SET value = '3' WHERE key = 'doctor_limit'"
run fdss sign --team T01 $H1
expect_status 65
expect_err_has "fdss-sign: $H1: doctor 王医生 of team T01 has 0 signed residents; 4 more would pass the limit of 3 (setting doctor_limit)"
sql "UPDATE setting SET value = '2000' WHERE key = 'doctor_limit'"
expect_eq "contracts" "$(contracts)" 0
expect_eq "audit" "$(audits)" 0

t "two or three years for a household with someone aged 65 or more"
run fdss sign --team T01 --years 3 --dry-run $H4
expect_status 0
expect_out_has '"start_date":"2026-11-22","end_date":"2029-11-21","years":3'
expect_out_has '"year_start":"2028-11-22","payer":"subsidy","amount_fen":1200'
expect_eq "contracts" "$(contracts)" 0

# The pipeline: every person's record arrives; H3's records carry their
# own team.
pipeline() {
	fdss person list --format jsonl |
		sed "/\"household_no\":\"$H3\"/s/^{/{\"team\":\"T03\",/" |
		fdss sign --team T01 "$@"
}

t "a dry run prints the contracts and stores nothing"
run pipeline --dry-run
expect_status 0
expect_lines 4
expect_err "fdss-sign: read 9, signed 4 covering 9 people, skipped 5, rejected 0 (dry run, nothing stored)"
expect_eq "contracts" "$(contracts)" 0

t "--atomic stores nothing when a record is rejected"
run bash -c "{ fdss person list --format jsonl; echo '{\"household_no\":\"nope\"}'; } | fdss sign --team T01 --atomic"
expect_status 65
expect_err_has "fdss-sign: <stdin>:10: nope: no such household"
expect_err_has "rejected 1 (--atomic: nothing stored)"
expect_out ""
expect_eq "contracts" "$(contracts)" 0

t "the pipeline signs every household once with the schedule's fees"
run pipeline --summary "$T/sum.json"
expect_status 0
expect_lines 4
expect_err "fdss-sign: read 9, signed 4 covering 9 people, skipped 5, rejected 0"
expect_eq "summary" "$(cat "$T/sum.json")" '{"type":"sign","read":9,"contracts":4,"members":9,"skipped":5,"rejected":0,"stored":true}'
expect_eq "contracts" "$(sql "SELECT group_concat(number || ' ' || household_no || ' ' || team_code || ' ' || doctor || ' ' || start_date || ' ' || end_date || ' ' || status, '; ') FROM contract")" \
	"C140826-2026-000001 $H1 T01 王医生 2026-11-22 2027-11-21 pending; C140826-2026-000002 $H2 T01 王医生 2026-11-22 2027-11-21 pending; C140826-2026-000003 $H4 T01 王医生 2026-11-22 2027-11-21 pending; C140826-2026-000004 $H3 T03 钱医生 2026-11-22 2027-11-21 pending"
expect_eq "every active person once" "$(sql "SELECT count(*), count(DISTINCT id_number) FROM contract_member")" "9|9"
# one row per member, package and year, a column per payer
expect_eq "fees by payer" "$(sql "SELECT count(*), sum(public_health_fen), sum(insurance_fen), sum(resident_fen), sum(subsidy_fen), sum(public_health_fen > 0), sum(insurance_fen > 0), sum(resident_fen > 0), sum(subsidy_fen > 0) FROM contract_fee")" \
	"9|12400|11400|1000|8400|9|9|2|7"
expect_eq "packages" "$(sql "SELECT group_concat(DISTINCT package_code) FROM contract_fee")" basic
expect_out_has '{"type":"contract","number":"C140826-2026-000004","household_no":"451026100212003","village_code":"451026100212","team":"T03","doctor":"钱医生","start_date":"2026-11-22","end_date":"2027-11-21","years":1,"status":"pending","renews":null,"renewed_by":null,"reviewed_at":null,"review_reason":null,"terminated_on":null,"termination_reason":null,"refund_fen":0,"members":[{"id_number":"451026198506070159","name":"农振华","packages":["basic"],"fees":[{"package":"basic","year_start":"2026-11-22","payer":"public_health","amount_fen":2000},{"package":"basic","year_start":"2026-11-22","payer":"insurance","amount_fen":1500},{"package":"basic","year_start":"2026-11-22","payer":"resident","amount_fen":500}]}'
expect_eq "audit" "$(audits)" 4

t "re-running the pipeline signs nobody twice"
run pipeline --rejects "$T/rejects.jsonl"
expect_status 65
expect_out ""
expect_err_has "fdss-sign: <stdin>:1: 140826195003150110: already covered by contract C140826-2026-000001 (pending)"
expect_err_has "fdss-sign: <stdin>:8: 451026198506070159: already covered by contract C140826-2026-000004 (pending)"
expect_err_has "fdss-sign: read 9, signed 0 covering 0 people, skipped 0, rejected 9"
expect_eq "contracts" "$(contracts)" 4
expect_eq "audit" "$(audits)" 4
expect_eq "rejects" "$(wc -l < "$T/rejects.jsonl")" 9
expect_eq "a reject" "$(sed -n 8p "$T/rejects.jsonl" | grep -o '"team":"T03".*"id_number":"451026198506070159"' | wc -l) $(sed -n 8p "$T/rejects.jsonl" | grep -o '"error":.*')" \
	'1 "error":"already covered by contract C140826-2026-000004 (pending)"}'

t "review approves and rejects pending contracts"
run fdss review approve C140826-2026-000001 C140826-2026-000002 C140826-2026-000003
expect_status 0
expect_lines 3
expect_err "fdss-review: read 3, approved 3, rejected 0"
run fdss review reject --reason 手册未填 C140826-2026-000004
expect_status 0
expect_out_has '"status":"rejected"'
expect_out_has '"review_reason":"手册未填"'
run fdss review approve C140826-2026-000001 C140826-2026-000009
expect_status 65
expect_err "fdss-review: C140826-2026-000001: is active, not pending
fdss-review: C140826-2026-000009: no such contract
fdss-review: read 2, approved 0, rejected 2"
expect_eq "statuses" "$(sql "SELECT group_concat(status || ' ' || ifnull(reviewed_at, '-'), ', ') FROM contract")" \
	"active 2026-11-22, active 2026-11-22, active 2026-11-22, rejected 2026-11-22"
expect_eq "audit" "$(sql "SELECT before, after, reason FROM audit_log WHERE row_key = 'C140826-2026-000004' AND before IS NOT NULL")" \
	'{"status":"pending"}|{"status":"rejected","reviewed_at":"2026-11-22","review_reason":"手册未填"}|手册未填'

t "review reads contracts from a listing on stdin"
run bash -c "fdss contract list --status rejected | fdss review approve"
expect_status 65
expect_err_has "fdss-review: <stdin>:1: C140826-2026-000004: is rejected, not pending"

t "a rejected contract frees its members; ID numbers cover only those named"
run fdss sign --team T03 --approve 451026198506070159
expect_status 0
expect_out_has '"number":"C140826-2026-000005"'
expect_out_has '"status":"active"'
expect_eq "members" "$(sql "SELECT group_concat(id_number) FROM contract_member WHERE contract_id = 5")" 451026198506070159

t "a 29 February start ends on 28 February"
run fdss sign --team T03 --start 2028-02-29 451026198709120267
expect_status 0
expect_out_has '"start_date":"2028-02-29","end_date":"2029-02-28"'

t "expiry is computed at the reference date"
run fdss contract list --status active --format csv --no-mask
expect_eq "active now" "$(printf '%s' "$out" | cut -d, -f1 | tr '\n' ' ')" "number C140826-2026-000001 C140826-2026-000002 C140826-2026-000003 C140826-2026-000005 "
run fdss contract list --status expired --as-of 2027-11-22 --format csv
expect_eq "expired a year on" "$(printf '%s' "$out" | cut -d, -f1 | tr '\n' ' ')" "number C140826-2026-000001 C140826-2026-000002 C140826-2026-000003 C140826-2026-000005 "
run fdss contract list --status active --as-of 2027-11-21 --format csv
expect_eq "active on the last day" "$(printf '%s' "$out" | cut -d, -f1 | tr '\n' ' ')" "number C140826-2026-000001 C140826-2026-000002 C140826-2026-000003 C140826-2026-000005 "
run fdss contract list --ending-within 30 --as-of 2027-11-01 --format csv
expect_eq "ending within 30 days" "$(printf '%s' "$out" | cut -d, -f1 | tr '\n' ' ')" "number C140826-2026-000001 C140826-2026-000002 C140826-2026-000003 C140826-2026-000005 "
run fdss contract list --team T03 --area 4510 --format csv
expect_eq "team and area" "$(printf '%s' "$out" | cut -d, -f1 | tr '\n' ' ')" "number C140826-2026-000004 C140826-2026-000005 C140826-2026-000006 "
run fdss contract show C140826-2026-000099
expect_status 66
expect_err "fdss-contract: no contract 'C140826-2026-000099'"

t "renewal: successors from the day after the end, linked, not twice"
run fdss renew --as-of 2027-11-01 --within 20
expect_status 0
expect_lines 4
expect_err "fdss-renew: read 4, renewed 4 covering 8 people, rejected 0"
expect_eq "chain" "$(sql "SELECT group_concat(n.number || '>' || o.number || ' ' || n.start_date || ' ' || n.end_date || ' ' || n.status, '; ') FROM contract n JOIN contract o ON o.id = n.renews")" \
	"C140826-2027-000001>C140826-2026-000001 2027-11-22 2028-11-21 pending; C140826-2027-000002>C140826-2026-000002 2027-11-22 2028-11-21 pending; C140826-2027-000003>C140826-2026-000003 2027-11-22 2028-11-21 pending; C140826-2027-000004>C140826-2026-000005 2027-11-22 2028-11-21 pending"
run fdss renew --as-of 2027-11-01 --within 20
expect_status 0
expect_out ""
expect_err "fdss-renew: read 0, renewed 0 covering 0 people, rejected 0"
run fdss renew --as-of 2027-11-01 C140826-2026-000001 C140826-2027-000001
expect_status 65
expect_err "fdss-renew: C140826-2026-000001: already renewed by C140826-2027-000001
fdss-renew: C140826-2027-000001: is pending; only an approved contract can be renewed
fdss-renew: read 2, renewed 0 covering 0 people, rejected 2"

t "renewal is possible up to the grace period after the end"
run fdss review approve C140826-2027-000001
run fdss renew --as-of 2029-02-20 C140826-2027-000001
expect_status 65
expect_err_has "fdss-renew: C140826-2027-000001: ended on 2028-11-21, more than 90 days ago (setting renewal_grace_days); sign a new contract"
run fdss renew --as-of 2029-02-19 --years 2 C140826-2027-000001
expect_status 0
expect_out_has '"number":"C140826-2029-000001"'
expect_out_has '"start_date":"2028-11-22","end_date":"2030-11-21","years":2,"status":"pending","renews":"C140826-2027-000001"'

t "termination refunds the resident's share for the unused days"
# C140826-2026-000005: 农振华 pays 5 yuan; 184 of 365 days unused: 500 * 184 / 365
run fdss terminate C140826-2026-000005 --reason moved --date 2027-05-22
expect_status 0
# printed as at --as-of: still running until 2027-05-21
expect_out_has '"status":"active"'
expect_out_has '"terminated_on":"2027-05-22","termination_reason":"moved","refund_fen":252'
expect_eq "stored" "$(sql "SELECT status, terminated_on, termination_reason, refund_fen FROM contract WHERE number = 'C140826-2026-000005'")" \
	"terminated|2027-05-22|moved|252"
run fdss terminate C140826-2026-000005 --reason moved
expect_status 65
expect_err "fdss-terminate: C140826-2026-000005: is terminated
fdss-terminate: read 1, terminated 0, renewals ended 0, skipped 0, rejected 1"
run fdss terminate C140826-2026-000002 --reason bored
expect_status 64
run fdss terminate C140826-2026-000002
expect_status 64

t "a subsidised share is not refunded"
run fdss terminate C140826-2026-000002 --reason request
expect_status 0
expect_out_has '"refund_fen":0'
expect_eq "audit" "$(sql "SELECT after FROM audit_log WHERE row_key = 'C140826-2026-000002' ORDER BY id DESC LIMIT 1")" \
	'{"status":"terminated","terminated_on":"2026-11-22","termination_reason":"request","refund_fen":0}'

t "renewal keeps the packages still open to each member"
# 张欣怡 (born 2021-05-10) is 6 on 2027-11-22 and 7 a year later; 王小红
# (2020-02-29) is 7 on 2027-11-22.  Child package: 10 + 0 + 2 yuan.
export FDSS_DB=$T/renew.db
{
	fdss init
	fdss area import "$FIXTURES/divisions/areas.csv" "$FIXTURES/divisions/streets.csv" \
		"$FIXTURES/divisions/villages.csv"
	fdss import --preset poverty-registry "$FIXTURES/roster/poverty-roster.csv"
	fdss setting set county 140826 >/dev/null
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
	fdss fee set --package child --from 2020-01-01 --public-health 10 \
		--insurance 0 --resident 2
	fdss sign --team T01 --package child --approve 140826202105100424 140826202002290245
	fdss renew --as-of 2027-11-10 --approve
	fdss renew --as-of 2028-11-10
} >/dev/null 2>&1
expect_eq "packages by contract" "$(sql "SELECT group_concat(c.number || ' ' || p.id_number || ' ' || p.package_code, '; ') FROM contract_fee p JOIN contract c ON c.id = p.contract_id WHERE p.package_code <> 'basic'")" \
	"C140826-2026-000001 140826202105100424 child; C140826-2026-000002 140826202002290245 child; C140826-2027-000001 140826202105100424 child"
expect_eq "child fees" "$(sql "SELECT public_health_fen, insurance_fen, resident_fen, subsidy_fen FROM contract_fee WHERE contract_id = 1 AND package_code = 'child'")" \
	"1000|0|200|0"
expect_eq "renewals" "$(sql "SELECT count(*) FROM contract WHERE renews IS NOT NULL")" 4

t "person list --unsigned gives who is left to sign, at --as-of"
fdss init --db "$T/u.db" >/dev/null
fdss area import --db "$T/u.db" "$FIXTURES/divisions/areas.csv" "$FIXTURES/divisions/streets.csv" \
	"$FIXTURES/divisions/villages.csv" 2>/dev/null
fdss import --db "$T/u.db" --preset poverty-registry "$FIXTURES/roster/poverty-roster.csv" 2>/dev/null
fdss setting set county 140826 --db "$T/u.db" >/dev/null
{
	fdss team add T01 --db "$T/u.db" --name 团队 --institution 卫生院
	fdss team member add T01 --db "$T/u.db" --name 王医生 --role doctor
	fdss team member add T01 --db "$T/u.db" --name 李护士 --role nurse
} >/dev/null
run fdss person list --db "$T/u.db" --unsigned --format csv
expect_lines 10
fdss sign --db "$T/u.db" --team T01 --approve $H1 $H4 >/dev/null 2>&1
fdss sign --db "$T/u.db" --team T01 $H2 >/dev/null 2>&1
run fdss person list --db "$T/u.db" --unsigned --format jsonl
expect_status 0
expect_eq "unsigned" "$(printf '%s\n' "$out" | sed 's/.*"id_number":"\([0-9X]*\)".*/\1/' | tr '\n' ' ')" "451026198506070159 451026198709120267 "
run fdss household list --db "$T/u.db" --unsigned --format jsonl
expect_eq "unsigned households" "$(printf '%s\n' "$out" | sed 's/.*"household_no":"\([0-9]*\)".*/\1/' | tr '\n' ' ')" "$H3 "
# on their last day all three still hold, the pending one too
run fdss person list --db "$T/u.db" --unsigned --as-of 2027-11-21 --format jsonl
expect_lines 2
expect_out_lacks '"name":"王德福"'
# a year on, all have ended: the pending one lapsed unreviewed (expired)
run fdss person list --db "$T/u.db" --unsigned --as-of 2027-11-22 --format jsonl
expect_lines 9
expect_out_has '"name":"王德福"'
expect_out_has '"name":"张建国"'
expect_out_has '"name":"农振华"'
run sh -c "fdss person list --db '$T/u.db' --poverty --unsigned | fdss sign --db '$T/u.db' --team T01"
expect_status 0
expect_err_has "signed 1 covering 2 people"
run fdss person list --db "$T/u.db" --unsigned
expect_out ""

t "a person who dies or moves leaves their contract; the last one ends it"
fdss init --db "$T/l.db" >/dev/null
fdss area import --db "$T/l.db" "$FIXTURES/divisions/areas.csv" "$FIXTURES/divisions/streets.csv" \
	"$FIXTURES/divisions/villages.csv" 2>/dev/null
fdss import --db "$T/l.db" --preset poverty-registry "$FIXTURES/roster/poverty-roster.csv" 2>/dev/null
fdss setting set county 140826 --db "$T/l.db" >/dev/null
{
	fdss team add T03 --db "$T/l.db" --name 城厢团队 --institution 城厢镇卫生院
	fdss team member add T03 --db "$T/l.db" --name 钱医生 --role doctor
	fdss team member add T03 --db "$T/l.db" --name 孙护士 --role nurse
	fdss fee set --db "$T/l.db" --package basic --from 2026-01-01 --area 451026 \
		--public-health 20 --insurance 15 --resident 5
	fdss sign --db "$T/l.db" --team T03 --approve $H3
} >/dev/null 2>&1
run fdss person leave --db "$T/l.db" 451026198709120267 --reason death --date 2027-05-22 --note "户主报告"
expect_status 0
expect_out_has '"id_number":"451026198709120267","name":"黄美玲"'
expect_out_has '"ended_on":"2027-05-22","end_reason":"death","refund_fen":252}'
expect_out_has '"status":"active"'
expect_eq "person" "$(sqlite3 "$T/l.db" "SELECT status, status_date, status_reason FROM person WHERE id_number = '451026198709120267'")" "deceased|2027-05-22|death"
expect_eq "audit" "$(sqlite3 "$T/l.db" "SELECT after, reason FROM audit_log WHERE table_name = 'person' AND row_key = '451026198709120267'")" '{"status":"deceased","status_date":"2027-05-22","status_reason":"death"}|户主报告'
run fdss person leave --db "$T/l.db" 451026198506070159 --reason moved --date 2027-06-01 --format csv
expect_status 0
expect_out_has ",active,,,2026-11-22,,2027-06-01,moved,238,"
run fdss contract list --db "$T/l.db" --as-of 2027-06-01 --format csv
expect_out_has ",terminated,,,2026-11-22,,2027-06-01,moved,238,"
expect_eq "contract" "$(sqlite3 "$T/l.db" "SELECT status, termination_reason, refund_fen FROM contract")" "terminated|moved|238"
run fdss person leave --db "$T/l.db" 451026198506070159 --reason moved
expect_status 65
expect_err "fdss-person: 451026198506070159: is moved already"
run fdss person leave --db "$T/l.db" 140826195003150110 --reason left
expect_status 65
expect_err "fdss-person: 140826195003150110: reason 'left': expected death, moved or removed"
run fdss person leave --db "$T/l.db" 140826195003150110
expect_status 64
expect_err_has "leave needs --reason"

t "person leave --dry-run stores nothing"
run fdss person leave --db "$T/l.db" --dry-run 140826195003150110 --reason death
expect_status 0
expect_eq "status" "$(sqlite3 "$T/l.db" "SELECT status FROM person WHERE id_number = '140826195003150110'")" active
