# fdss referral: add, list, met by a later visit, open and overdue

roster_fixture
ZW=140826197811220315	# 张伟, 140826100200
LX=140826195207010224	# 李秀英, same household

t "referral add stores it, due within referral.followup_days"
run fdss referral add $ZW --date 2026-11-10 --to 县人民医院 --reason 血压控制不佳 --program hypertension
expect_status 0
expect_out '{"type":"referral","id":1,"id_number":"140826197811220315","name":"张伟","program":"hypertension","date":"2026-11-10","to":"县人民医院","reason":"血压控制不佳","due_date":"2026-11-24","status":"open","met_on":null}'
expect_eq "audit" "$(sql "SELECT row_key, before IS NULL FROM audit_log WHERE table_name = 'referral'")" "1|1"

t "the rule sets the due date; without --date it is today"
sql "UPDATE rule SET value = '7' WHERE program = 'referral' AND key = 'followup_days'"
run fdss referral add $LX --to 县人民医院 --reason 复查
expect_status 0
expect_out '{"type":"referral","id":2,"id_number":"140826195207010224","name":"李秀英","program":null,"date":"2026-11-22","to":"县人民医院","reason":"复查","due_date":"2026-11-29","status":"open","met_on":null}'

t "referral list shows open and overdue at --as-of"
run fdss referral list --as-of 2026-11-25
expect_status 0
expect_out_has '"id":1,'
expect_out_has '"due_date":"2026-11-24","status":"overdue","met_on":null}'
expect_lines 2

t "a later visit in the programme meets the referral"
sql "INSERT INTO followup (id_number, program, visit_date, mode, classification, next_due, action, recorded) VALUES ('$ZW', 'diabetes', '2026-11-12', 'clinic', 'controlled', '2027-02-10', '', ''), ('$ZW', 'hypertension', '2026-11-15', 'clinic', 'controlled', '2027-02-13', '', '')"
run fdss referral list --id $ZW
expect_out '{"type":"referral","id":1,"id_number":"140826197811220315","name":"张伟","program":"hypertension","date":"2026-11-10","to":"县人民医院","reason":"血压控制不佳","due_date":"2026-11-24","status":"met","met_on":"2026-11-15"}'
run fdss referral list --id $ZW --as-of 2026-11-14
expect_out_has '"status":"open","met_on":null'
run fdss referral list --open
expect_lines 1
expect_out_has '"id":2,'

t "list by area"
run fdss referral list --area 140826101
expect_status 0
expect_out ''
run fdss referral list --area 140826100200 --format table --no-mask
expect_out 'id  id_number           name    program       date        to          due_date    status  met_on
 1  140826197811220315  张伟    hypertension  2026-11-10  县人民医院  2026-11-24  met     2026-11-15
 2  140826195207010224  李秀英                2026-11-22  县人民医院  2026-11-29  open'

t "bad referrals: usage 64, unknown person 66, bad data 65"
run fdss referral add $ZW --to 县人民医院
expect_status 64
expect_err_has "fdss-referral: --to and --reason are required"
run fdss referral add $ZW --to 县人民医院 --reason x --program flu
expect_status 64
expect_err_has "--program 'flu': expected hypertension, diabetes, smi, tb, elderly or chronic"
run fdss referral add 140826199901010000 --to 县人民医院 --reason x
expect_status 66
expect_err "fdss-referral: 140826199901010000: no such person (import the roster first)"
run fdss referral add $ZW --to 县人民医院 --reason x --date 2026-12-01
expect_status 65
expect_err "fdss-referral: $ZW: referral date 2026-12-01 is in the future"
run fdss referral add $ZW --to 县人民医院 --reason x --date 1975-01-01
expect_status 65
expect_err "fdss-referral: $ZW: referral date 1975-01-01 is before birth"
expect_eq "stored" "$(sql 'SELECT count(*) FROM referral')" 2
