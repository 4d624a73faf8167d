# fdss setting: list, get, set with the audit log, and the limit at signing

fdss init >/dev/null

t "setting list shows the defaults"
run fdss setting list
expect_status 0
expect_out '{"type":"setting","key":"check_bulk_contracts","value":"50"}
{"type":"setting","key":"check_copied_patients","value":"5"}
{"type":"setting","key":"check_digit_p","value":"0.001"}
{"type":"setting","key":"check_digit_readings","value":"50"}
{"type":"setting","key":"check_digit_share","value":"35"}
{"type":"setting","key":"check_flat_readings","value":"4"}
{"type":"setting","key":"check_shared_phone_households","value":"5"}
{"type":"setting","key":"check_workload_visits","value":"40"}
{"type":"setting","key":"county","value":""}
{"type":"setting","key":"doctor_limit","value":"2000"}
{"type":"setting","key":"renewal_grace_days","value":"90"}
{"type":"setting","key":"renewal_reminder_days","value":"30"}'

t "setting set changes a value and audits it"
run fdss setting set doctor_limit 1500 --reason "县卫健局通知"
expect_status 0
expect_out '{"type":"setting","key":"doctor_limit","value":"1500"}'
expect_eq "audit" "$(sql "SELECT before, after, reason, operator FROM audit_log WHERE table_name = 'setting'")" '{"key":"doctor_limit","value":"2000"}|{"key":"doctor_limit","value":"1500"}|县卫健局通知|tester'
run fdss setting get doctor_limit
expect_out '{"type":"setting","key":"doctor_limit","value":"1500"}'

t "a number setting takes only a whole number"
run fdss setting set doctor_limit lots
expect_status 64
expect_err "fdss-setting: setting 'doctor_limit': 'lots' is not a whole number"
expect_eq "unchanged" "$(sql "SELECT value FROM setting WHERE key = 'doctor_limit'")" 1500

t "an unknown setting is 66, a wrong argument count 64"
run fdss setting get nope
expect_status 66
expect_err "fdss-setting: no setting 'nope' (see 'fdss setting list')"
run fdss setting set nope 1
expect_status 66
run fdss setting set doctor_limit
expect_status 64
expect_err_has "'set' with 1 argument"

t "the doctor limit set here is enforced at signing"
roster_fixture_load
{
	fdss team add T01 --name 团队 --institution 卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
} >/dev/null
fdss setting set doctor_limit 5 >/dev/null
run fdss sign --team T01 140826100200001 140826101200002
expect_status 65
expect_err_has "fdss-sign: 140826101200002: doctor 王医生 of team T01 has 4 signed residents; 2 more would pass the limit of 5 (setting doctor_limit)"
expect_eq "contracts" "$(sql 'SELECT count(*) FROM contract')" 1
