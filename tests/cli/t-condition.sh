# fdss condition: add, end, list, JSON lines on stdin, the audit log

roster_fixture
ZW=140826197811220315	# 张伟, 140826100200
LX=140826195207010224	# 李秀英, same household

t "condition add stores and prints the condition"
run fdss condition add $ZW hypertension --since 2026-11-01
expect_status 0
expect_out '{"type":"condition","id_number":"140826197811220315","name":"张伟","kind":"hypertension","since":"2026-11-01","status":"active","source":"manual"}'
expect_err "fdss-condition: read 1, added 1, reactivated 0, ended 0, unchanged 0, rejected 0"
expect_eq "audit" "$(sql "SELECT row_key, before IS NULL, operator FROM audit_log WHERE table_name = 'condition'")" "$ZW:hypertension|1|tester"

t "adding an active condition again changes nothing"
run fdss condition add $ZW hypertension --since 2020-01-01
expect_status 0
expect_out_has '"since":"2026-11-01"'
expect_err "fdss-condition: read 1, added 0, reactivated 0, ended 0, unchanged 1, rejected 0"
expect_eq "audit" "$(sql "SELECT count(*) FROM audit_log WHERE table_name = 'condition'")" 1

t "condition end ends it, with the date in the audit log"
run fdss condition end $ZW hypertension --date 2026-11-20
expect_status 0
expect_out_has '"status":"ended"'
expect_err "fdss-condition: read 1, added 0, reactivated 0, ended 1, unchanged 0, rejected 0"
expect_eq "reason" "$(sql "SELECT reason FROM audit_log WHERE table_name = 'condition' ORDER BY id DESC LIMIT 1")" "ended on 2026-11-20"
run fdss condition list --id $ZW
expect_out ''
run fdss condition list --id $ZW --all
expect_out_has '"status":"ended"'

t "adding an ended condition makes it active again"
run fdss condition add $ZW hypertension
expect_status 0
expect_out '{"type":"condition","id_number":"140826197811220315","name":"张伟","kind":"hypertension","since":"2026-11-01","status":"active","source":"manual"}'
expect_err_has "reactivated 1"

t "an unknown person is 66, an unknown kind 64, a future diagnosis 65"
run fdss condition add 140826199901010000 diabetes
expect_status 66
expect_err "fdss-condition: 140826199901010000: no such person (import the roster first)"
run fdss condition add $ZW flu
expect_status 64
expect_err_has "fdss-condition: condition 'flu': expected hypertension, diabetes, tb, smi, copd or chronic"
run fdss condition add $ZW tb --since 2026-12-01
expect_status 65
expect_err "fdss-condition: $ZW: diagnosis date 2026-12-01 is in the future"
run fdss condition add $ZW tb --since 1975-05-01
expect_status 65
expect_err "fdss-condition: $ZW: diagnosis date is before birth"
run fdss condition end $ZW smi
expect_status 66
expect_err "fdss-condition: $ZW: no condition 'smi'"

t "JSON lines on stdin: valid records stored, bad ones named by line"
input='{"id_number":"140826195207010224","kind":"diabetes","since":"2025-01-02"}
{"id_number":"140826199901010000","kind":"tb"}
not json
{"id_number":"140826195207010224","kind":"flu"}
{"kind":"tb"}
{"id_number":"140826195207010224","kind":"tb","since":"2026-13-01"}
'
run_in - fdss condition add
expect_status 65
expect_out '{"type":"condition","id_number":"140826195207010224","name":"李秀英","kind":"diabetes","since":"2025-01-02","status":"active","source":"manual"}'
expect_err "fdss-condition: <stdin>:2: 140826199901010000: no such person (import the roster first)
fdss-condition: <stdin>:3: invalid JSON at column 1
fdss-condition: <stdin>:4: \"kind\": 'flu': expected hypertension, diabetes, tb, smi, copd or chronic
fdss-condition: <stdin>:5: \"id_number\" missing
fdss-condition: <stdin>:6: \"since\": '2026-13-01' is not a date YYYY-MM-DD
fdss-condition: read 6, added 1, reactivated 0, ended 0, unchanged 0, rejected 5"

t "condition list filters by kind and area; list output feeds add"
run fdss condition list --kind diabetes --area 140826100
expect_status 0
expect_out '{"type":"condition","id_number":"140826195207010224","name":"李秀英","kind":"diabetes","since":"2025-01-02","status":"active","source":"manual"}'
run fdss condition list --area 140826101
expect_lines 1
expect_out_has '"kind":"chronic","since":null,"status":"active","source":"import"'
fdss condition list --kind diabetes >list.jsonl
run_in list.jsonl fdss condition add
expect_status 0
expect_err "fdss-condition: read 1, added 0, reactivated 0, ended 0, unchanged 1, rejected 0"
run fdss condition list --area 1408261002
expect_status 64
expect_err "fdss-condition: area '1408261002': 2, 4, 6, 9 or 12 digits expected"
