# fdss team: teams, members, list and show, with the exit statuses of
# every check (0, 64, 65, 66).

fdss init >/dev/null
fdss area import "$FIXTURES/divisions/streets.csv" 2>/dev/null

t01='{"type":"team","code":"T01","name":"古绛镇第一团队","institution":"古绛镇卫生院","area_code":"140826100","created":"2026-11-22","members":0,"doctors":0,"nurses":0,"can_sign":false}'
wang='{"type":"team_member","id":1,"team":"T01","name":"王建民","role":"doctor","title":"主治医师","phone":"13800000011","active":true}'
li='{"type":"team_member","id":2,"team":"T01","name":"李芳","role":"nurse","title":null,"phone":null,"active":true}'

t "team add prints the new team"
run fdss team add T01 --name 古绛镇第一团队 --institution 古绛镇卫生院 --area 140826100
expect_status 0
expect_err_empty
expect_out "$t01"
expect_eq "stored" "$(sql "SELECT code, name, area_code, created FROM team")" \
	"T01|古绛镇第一团队|140826100|2026-11-22"
expect_eq "audited" "$(sql "SELECT operator, row_key, before IS NULL FROM audit_log WHERE table_name = 'team'")" \
	"tester|T01|1"

t "team add refuses a team that exists (65) and changes nothing"
run fdss team add T01 --name 另一个 --institution 横水镇卫生院
expect_status 65
expect_out ""
expect_err "fdss-team: team 'T01' already exists"
expect_eq "name" "$(sql "SELECT name FROM team WHERE code = 'T01'")" "古绛镇第一团队"
expect_eq "audit" "$(sql "SELECT count(*) FROM audit_log WHERE table_name = 'team'")" 1

t "team add with an unknown area is not found (66)"
run fdss team add T02 --name 横水镇团队 --institution 横水镇卫生院 --area 140826199
expect_status 66
expect_err "fdss-team: no area '140826199' (load it with 'fdss area import')"
expect_eq "teams" "$(sql "SELECT count(*) FROM team")" 1

t "team add usage errors (64)"
run fdss team add T02 --name 横水镇团队
expect_status 64
expect_err_has "fdss-team: add needs --name and --institution"
run fdss team add T02 --institution 横水镇卫生院 --name x --area 1408261
expect_status 64
expect_err_has "--area '1408261': 2, 4, 6, 9 or 12 digits expected"
run fdss team add 'T 2' --name x --institution y
expect_status 64
expect_err "fdss-team: team code 'T 2': 1 to 32 letters, digits, '-', '_' or '.' expected"
run fdss team add T02 --name x --institution y --role doctor
expect_status 64
run fdss team add
expect_status 64
run fdss team fire T01
expect_status 64
expect_err_has "unknown command 'fire'"
expect_eq "teams" "$(sql "SELECT count(*) FROM team")" 1

t "team member add prints the member"
run fdss team member add T01 --name 王建民 --role doctor --title 主治医师 --phone 13800000011
expect_status 0
expect_err_empty
expect_out "$wang"
run fdss team member add T01 --name 李芳 --role nurse
expect_status 0
expect_out "$li"
expect_eq "audited" "$(sql "SELECT row_key FROM audit_log WHERE table_name = 'team_member' ORDER BY id" | paste -sd ' ' -)" "1 2"

t "team member add: duplicate 65, unknown team 66, bad role 64"
run fdss team member add T01 --name 王建民 --role doctor
expect_status 65
expect_err "fdss-team: team 'T01' already has doctor '王建民'"
run fdss team member add T09 --name 赵 --role nurse
expect_status 66
expect_err "fdss-team: no team 'T09'"
run fdss team member add T01 --name 赵 --role boss
expect_status 64
expect_err_has "fdss-team: --role 'boss': expected doctor, lead, nurse, public-health, pharmacist, health-manager, psychologist, social-worker or specialist"
run fdss team member add T01 --name 赵
expect_status 64
expect_err_has "member add needs --name and --role"
run fdss team member T01 --name 赵 --role nurse
expect_status 64
expect_err_has "expected 'member add TEAM'"
expect_eq "members" "$(sql "SELECT count(*) FROM team_member")" 2

t "the same person may hold a second role"
run fdss team member add T01 --name 王建民 --role lead
expect_status 0
expect_out_has '"id":3,"team":"T01","name":"王建民","role":"lead"'

t "team list gives every team with its counts"
fdss team add T02 --name 横水镇团队 --institution 横水镇卫生院 >/dev/null
run fdss team list
expect_status 0
expect_lines 2
expect_eq "T01" "$(printf '%s\n' "$out" | head -n 1)" \
	'{"type":"team","code":"T01","name":"古绛镇第一团队","institution":"古绛镇卫生院","area_code":"140826100","created":"2026-11-22","members":3,"doctors":2,"nurses":1,"can_sign":true}'
expect_eq "T02" "$(printf '%s\n' "$out" | tail -n 1)" \
	'{"type":"team","code":"T02","name":"横水镇团队","institution":"横水镇卫生院","area_code":null,"created":"2026-11-22","members":0,"doctors":0,"nurses":0,"can_sign":false}'

t "team list as a table aligns Chinese names"
run fdss team list --format table
expect_status 0
expect_out "code  name            institution   area_code  members  doctors  nurses  can_sign
T01   古绛镇第一团队  古绛镇卫生院  140826100        3        2       1  true
T02   横水镇团队      横水镇卫生院                   0        0       0  false"

t "team show gives the team then its members"
run fdss team show T01
expect_status 0
expect_lines 4
expect_eq "second" "$(printf '%s\n' "$out" | sed -n 2p)" "$wang"
expect_eq "third" "$(printf '%s\n' "$out" | sed -n 3p)" "$li"

t "team show as tables masks phone numbers"
run fdss team show T01 --format table
expect_status 0
expect_out "code  name            institution   area_code  members  doctors  nurses  can_sign
T01   古绛镇第一团队  古绛镇卫生院  140826100        3        2       1  true

id  team  name    role    title     phone        active
 1  T01   王建民  doctor  主治医师  138****0011  true
 2  T01   李芳    nurse                          true
 3  T01   王建民  lead                           true"

t "team show of an unknown team is not found (66)"
run fdss team show T09
expect_status 66
expect_out ""
expect_err "fdss-team: no team 'T09'"
run fdss team show
expect_status 64

t "team without a database says to run fdss init"
run fdss team list --db "$T/none.db"
expect_status 66
expect_err_has "fdss init"

t "team member remove makes a member inactive, in every role, audited"
run fdss team member remove T01 --name 王建民 --reason 调往县医院
expect_status 0
expect_err_empty
expect_out '{"type":"team_member","id":1,"team":"T01","name":"王建民","role":"doctor","title":"主治医师","phone":"13800000011","active":false}
{"type":"team_member","id":3,"team":"T01","name":"王建民","role":"lead","title":null,"phone":null,"active":false}'
expect_eq "stored" "$(sql "SELECT group_concat(id || ':' || active, ' ') FROM team_member")" "1:0 2:1 3:0"
expect_eq "audited" "$(sql "SELECT row_key || ' ' || json_extract(before, '$.active') || '>' || json_extract(after, '$.active') || ' ' || reason FROM audit_log WHERE table_name = 'team_member' AND before IS NOT NULL ORDER BY id")" \
"1 1>0 调往县医院
3 1>0 调往县医院"
run fdss team show T01 --format table
expect_out_has "T01   古绛镇第一团队  古绛镇卫生院  140826100        1        0       1  false"

t "team member remove: inactive already 65, unknown member or team 66, usage 64"
run fdss team member remove T01 --name 王建民
expect_status 65
expect_err "fdss-team: member '王建民' of team 'T01' is inactive already"
run fdss team member remove T01 --name 赵六
expect_status 66
expect_err "fdss-team: team 'T01' has no member '赵六'"
run fdss team member remove T01 --name 李芳 --role doctor
expect_status 66
expect_err "fdss-team: team 'T01' has no doctor '李芳'"
run fdss team member remove T09 --name 李芳
expect_status 66
expect_err "fdss-team: no team 'T09'"
run fdss team member remove T01
expect_status 64
expect_err_has "member remove needs --name"
run fdss team member remove T01 --name 李芳 --title 护师
expect_status 64
run fdss team member add T01 --name 赵六 --role nurse --reason x
expect_status 64
expect_err_has "--reason is for member remove"
expect_eq "active" "$(sql "SELECT count(*) FROM team_member WHERE active")" 1

t "a removed member added again is active again"
run fdss team member add T01 --name 王建民 --role doctor --phone 13800000012
expect_status 0
expect_out '{"type":"team_member","id":1,"team":"T01","name":"王建民","role":"doctor","title":"主治医师","phone":"13800000012","active":true}'
expect_eq "members" "$(sql "SELECT count(*) || ' ' || sum(active) FROM team_member")" "3 2"
expect_eq "audit" "$(sql "SELECT reason FROM audit_log WHERE table_name = 'team_member' ORDER BY id DESC LIMIT 1")" "returns to the team"

t "an inactive doctor signs nothing new; contracts they signed stay"
export FDSS_DB=$T/sign.db
{
	fdss init
	fdss area import "$FIXTURES/divisions/areas.csv" "$FIXTURES/divisions/streets.csv" \
		"$FIXTURES/divisions/villages.csv"
	fdss import --preset poverty-registry "$FIXTURES/roster/poverty-roster.csv"
	fdss setting set county 140826 >/dev/null
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 张医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
	fdss sign --team T01 --approve 140826100200001
} >/dev/null 2>&1
fdss team member remove T01 --name 王医生 >/dev/null
run fdss sign --team T01 --doctor 王医生 140826101200002
expect_status 65
expect_err "fdss-sign: T01: doctor '王医生' of team 'T01' is inactive (removed from the team)
fdss-sign: read 1, signed 0 covering 0 people, skipped 0, rejected 1"
run fdss sign --team T01 140826101200002
expect_status 0
expect_out_has '"team":"T01","doctor":"张医生"'
expect_eq "contracts" "$(sql "SELECT group_concat(number || ' ' || doctor || ' ' || status, ', ') FROM contract")" \
	"C140826-2026-000001 王医生 active, C140826-2026-000002 张医生 pending"

t "a removed doctor's contracts renew with the team's doctor"
run fdss renew --as-of 2027-11-01 C140826-2026-000001
expect_status 0
expect_out_has '"number":"C140826-2027-000001","household_no":"140826100200001","village_code":"140826100200","team":"T01","doctor":"张医生"'

t "a team whose only nurse is removed cannot sign"
fdss team member remove T01 --name 李护士 >/dev/null
run fdss sign --team T01 140826106207004
expect_status 65
expect_err_has "fdss-sign: T01: team 'T01' cannot sign: it has no nurse"
expect_eq "contracts" "$(sql "SELECT count(*) FROM contract")" 3
