# fdss condition: add, end, list, JSON lines on stdin, the audit log

roster_fixture
ZW=140826197811220315	# 张伟, 140826100200
LX=140826195207010224	# 李秀英, same household

t "condition add stores and prints the condition"
run fdss condition add $ZW hypertension --since 2026-11-01
expect_status 0
expect_out '{"type":"condition","id_number":"140826197811220315","name":"张伟","kind":"hypertension","since":"2026-11-01","status":"active","ended_on":null,"source":"manual"}'
expect_err "fdss-condition: read 1, added 1, reactivated 0, ended 0, unchanged 0, rejected 0"
expect_eq "audit" "$(sql "SELECT row_key, before IS NULL, operator FROM audit_log WHERE table_name = 'condition'")" "$ZW:hypertension|1|tester"

t "adding an active condition again changes nothing"
run fdss condition add $ZW hypertension --since 2020-01-01
expect_status 0
expect_out_has '"since":"2026-11-01"'
expect_err "fdss-condition: read 1, added 0, reactivated 0, ended 0, unchanged 1, rejected 0"
expect_eq "audit" "$(sql "SELECT count(*) FROM audit_log WHERE table_name = 'condition'")" 1

t "condition end ends it on --date: ended_on, and the date in the audit log"
run fdss condition end $ZW hypertension --date 2026-11-20
expect_status 0
expect_out '{"type":"condition","id_number":"140826197811220315","name":"张伟","kind":"hypertension","since":"2026-11-01","status":"ended","ended_on":"2026-11-20","source":"manual"}'
expect_err "fdss-condition: read 1, added 0, reactivated 0, ended 1, unchanged 0, rejected 0"
expect_eq "stored" "$(sql "SELECT status, ended_on FROM condition WHERE id_number = '$ZW' AND kind = 'hypertension'")" "ended|2026-11-20"
expect_eq "reason" "$(sql "SELECT reason FROM audit_log WHERE table_name = 'condition' ORDER BY id DESC LIMIT 1")" "ended on 2026-11-20"
expect_eq "audit before, after" "$(sql "SELECT json_extract(before, '\$.ended_on') IS NULL, json_extract(after, '\$.status'), json_extract(after, '\$.ended_on') FROM audit_log WHERE table_name = 'condition' ORDER BY id DESC LIMIT 1")" "1|ended|2026-11-20"
run fdss condition list --id $ZW
expect_out ''
run fdss condition list --id $ZW --all
expect_out_has '"status":"ended","ended_on":"2026-11-20"'
run fdss condition list --id $ZW --all --format table --no-mask
expect_out_has 'ended_on'
expect_out_has '2026-11-20'

t "ending an ended condition keeps the day it ended"
run fdss condition end $ZW hypertension --date 2026-11-21
expect_status 0
expect_out_has '"ended_on":"2026-11-20"'
expect_err_has "unchanged 1"
expect_eq "stored" "$(sql "SELECT ended_on FROM condition WHERE id_number = '$ZW' AND kind = 'hypertension'")" "2026-11-20"

t "adding an ended condition makes it active again, without ended_on"
run fdss condition add $ZW hypertension
expect_status 0
expect_out '{"type":"condition","id_number":"140826197811220315","name":"张伟","kind":"hypertension","since":"2026-11-01","status":"active","ended_on":null,"source":"manual"}'
expect_err_has "reactivated 1"
expect_eq "stored" "$(sql "SELECT status, ended_on IS NULL FROM condition WHERE id_number = '$ZW' AND kind = 'hypertension'")" "active|1"
expect_eq "audit before, after" "$(sql "SELECT json_extract(before, '\$.ended_on'), json_extract(after, '\$.ended_on') IS NULL FROM audit_log WHERE table_name = 'condition' ORDER BY id DESC LIMIT 1")" "2026-11-20|1"

t "a condition does not end before its diagnosis"
run fdss condition end $ZW hypertension --date 2026-10-31
expect_status 65
expect_err "fdss-condition: 140826197811220315: end date 2026-10-31 is before the diagnosis date 2026-11-01"
expect_eq "stored" "$(sql "SELECT status, ended_on IS NULL FROM condition WHERE id_number = '$ZW' AND kind = 'hypertension'")" "active|1"

t "condition end without --date ends it on the --as-of date"
run fdss condition end $ZW hypertension --as-of 2026-11-21
expect_status 0
expect_out_has '"status":"ended","ended_on":"2026-11-21"'

t "an import that makes an ended condition active again clears ended_on"
fdss person show $ZW --format jsonl |
	sed 's/"conditions":\[[^]]*\]/"conditions":["hypertension"]/' >zw.jsonl
expect_eq "before" "$(sql "SELECT status, ended_on FROM condition WHERE id_number = '$ZW' AND kind = 'hypertension'")" "ended|2026-11-21"
run fdss import zw.jsonl
expect_status 0
expect_eq "after" "$(sql "SELECT status, ended_on IS NULL FROM condition WHERE id_number = '$ZW' AND kind = 'hypertension'")" "active|1"

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
expect_out '{"type":"condition","id_number":"140826195207010224","name":"李秀英","kind":"diabetes","since":"2025-01-02","status":"active","ended_on":null,"source":"manual"}'
expect_err "fdss-condition: <stdin>:2: 140826199901010000: no such person (import the roster first)
fdss-condition: <stdin>:3: column 1: invalid literal: expected true, false or null
fdss-condition: <stdin>:4: \"kind\": 'flu': expected hypertension, diabetes, tb, smi, copd or chronic
fdss-condition: <stdin>:5: \"id_number\" missing
fdss-condition: <stdin>:6: \"since\": '2026-13-01' is not a date YYYY-MM-DD
fdss-condition: read 6, added 1, reactivated 0, ended 0, unchanged 0, rejected 5"

t "condition list filters by kind and area; list output feeds add"
run fdss condition list --kind diabetes --area 140826100
expect_status 0
expect_out '{"type":"condition","id_number":"140826195207010224","name":"李秀英","kind":"diabetes","since":"2025-01-02","status":"active","ended_on":null,"source":"manual"}'
run fdss condition list --area 140826101
expect_lines 1
expect_out_has '"kind":"chronic","since":null,"status":"active","ended_on":null,"source":"import"'
fdss condition list --kind diabetes >list.jsonl
run_in list.jsonl fdss condition add
expect_status 0
expect_err "fdss-condition: read 1, added 0, reactivated 0, ended 0, unchanged 1, rejected 0"
run fdss condition list --area 1408261002
expect_status 64
expect_err "fdss-condition: area '1408261002': 2, 4, 6, 9 or 12 digits expected"

# The batch conventions of add (DESIGN.md "Batches"): --atomic,
# --dry-run, --rejects, --summary, exit 65.  王德福 has no condition yet;
# 张欣怡 was born in 2021; 李秀英's diabetes is active already.
WD=140826196011220136
ZX=140826202105100424
conditions() { sql "SELECT id_number, kind, since, status, source FROM condition ORDER BY id_number, kind"; }
audit_rows() { sql "SELECT count(*), max(id) FROM audit_log"; }
input='{"id_number":"140826196011220136","kind":"hypertension","since":"2026-10-01"}
{"id_number":"140826199901010000","kind":"tb"}
{"id_number":"140826202105100424","kind":"copd","since":"2020-01-01"}
not json
{"id_number":"140826195207010224","kind":"diabetes","note":"kept"}
'
rejected_err='fdss-condition: <stdin>:2: 140826199901010000: no such person (import the roster first)
fdss-condition: <stdin>:3: 140826202105100424: diagnosis date is before birth
fdss-condition: <stdin>:4: column 1: invalid literal: expected true, false or null'
rejected_lines='{"id_number":"140826199901010000","kind":"tb","error":"no such person (import the roster first)"}
{"id_number":"140826202105100424","kind":"copd","since":"2020-01-01","error":"diagnosis date is before birth"}
{"raw":"not json","error":"<stdin>:4: column 1: invalid literal: expected true, false or null"}'
WD_HT='{"type":"condition","id_number":"140826196011220136","name":"王德福","kind":"hypertension","since":"2026-10-01","status":"active","ended_on":null,"source":"manual"}'
LX_DM='{"type":"condition","id_number":"140826195207010224","name":"李秀英","kind":"diabetes","since":"2025-01-02","status":"active","ended_on":null,"source":"manual"}'
conditions_before=$(conditions)
audit_before=$(audit_rows)

t "add --atomic: one rejected line stores and prints nothing"
run_in - fdss condition add --atomic --rejects rej.jsonl --summary sum.json
expect_status 65
expect_out ""
expect_err "$rejected_err
fdss-condition: read 5, added 1, reactivated 0, ended 0, unchanged 1, rejected 3 (--atomic: nothing stored)"
expect_eq "rejects" "$(cat rej.jsonl)" "$rejected_lines"
expect_eq "summary" "$(cat sum.json)" '{"type":"condition","read":5,"added":1,"reactivated":0,"ended":0,"unchanged":1,"rejected":3,"stored":false}'
expect_eq "conditions" "$(conditions)" "$conditions_before"
expect_eq "audit log" "$(audit_rows)" "$audit_before"

t "add --dry-run checks and prints the lines, stores nothing"
run_in - fdss condition add --dry-run --summary sum.json
expect_status 65
expect_out "$WD_HT
$LX_DM"
expect_err "$rejected_err
fdss-condition: read 5, added 1, reactivated 0, ended 0, unchanged 1, rejected 3 (dry run, nothing stored)"
expect_eq "summary" "$(cat sum.json)" '{"type":"condition","read":5,"added":1,"reactivated":0,"ended":0,"unchanged":1,"rejected":3,"stored":false}'
expect_eq "conditions" "$(conditions)" "$conditions_before"
expect_eq "audit log" "$(audit_rows)" "$audit_before"

t "add without --atomic stores the valid lines beside the rejected ones"
run_in - fdss condition add --rejects rej.jsonl --summary sum.json
expect_status 65
expect_out "$WD_HT
$LX_DM"
expect_err "$rejected_err
fdss-condition: read 5, added 1, reactivated 0, ended 0, unchanged 1, rejected 3"
expect_eq "rejects" "$(cat rej.jsonl)" "$rejected_lines"
expect_eq "summary" "$(cat sum.json)" '{"type":"condition","read":5,"added":1,"reactivated":0,"ended":0,"unchanged":1,"rejected":3,"stored":true}'
expect_eq "stored" "$(sql "SELECT since, status, source FROM condition WHERE id_number = '$WD' AND kind = 'hypertension'")" "2026-10-01|active|manual"
expect_eq "not stored" "$(sql "SELECT count(*) FROM condition WHERE id_number IN ('$ZX', '140826199901010000')")" 0
expect_eq "audited" "$(sql "SELECT row_key FROM audit_log WHERE id > ${audit_before#*|}")" "$WD:hypertension"

t "add --atomic with nothing rejected stores and prints everything; '-' is stdin"
input='{"id_number":"140826202105100424","kind":"chronic","since":"2024-03-01"}
'
run_in - fdss condition add --atomic --rejects rej.jsonl --summary sum.json -
expect_status 0
expect_out '{"type":"condition","id_number":"140826202105100424","name":"张欣怡","kind":"chronic","since":"2024-03-01","status":"active","ended_on":null,"source":"manual"}'
expect_err "fdss-condition: read 1, added 1, reactivated 0, ended 0, unchanged 0, rejected 0"
expect_eq "rejects" "$(cat rej.jsonl)" ""
expect_eq "summary" "$(cat sum.json)" '{"type":"condition","read":1,"added":1,"reactivated":0,"ended":0,"unchanged":0,"rejected":0,"stored":true}'
expect_eq "stored" "$(sql "SELECT status FROM condition WHERE id_number = '$ZX' AND kind = 'chronic'")" active

t "add ID KIND --dry-run prints the condition and stores nothing"
run fdss condition add $WD tb --since 2026-11-20 --dry-run --summary sum.json
expect_status 0
expect_out '{"type":"condition","id_number":"140826196011220136","name":"王德福","kind":"tb","since":"2026-11-20","status":"active","ended_on":null,"source":"manual"}'
expect_err "fdss-condition: read 1, added 1, reactivated 0, ended 0, unchanged 0, rejected 0 (dry run, nothing stored)"
expect_eq "summary" "$(cat sum.json)" '{"type":"condition","read":1,"added":1,"reactivated":0,"ended":0,"unchanged":0,"rejected":0,"stored":false}'
expect_eq "not stored" "$(sql "SELECT count(*) FROM condition WHERE id_number = '$WD' AND kind = 'tb'")" 0

t "add ID KIND: a refusal exits as before, goes to --rejects, no summary"
rm -f sum.json
run fdss condition add 140826199901010000 tb --rejects rej.jsonl --summary sum.json
expect_status 66
expect_out ""
expect_err "fdss-condition: 140826199901010000: no such person (import the roster first)"
expect_eq "rejects" "$(cat rej.jsonl)" '{"id_number":"140826199901010000","error":"no such person (import the roster first)"}'
expect_eq "no summary" "$(ls sum.json 2>&1 >/dev/null | wc -l)" 1
run fdss condition add $ZX tb --since 2020-01-01 --rejects rej.jsonl
expect_status 65
expect_err "fdss-condition: $ZX: diagnosis date is before birth"
expect_eq "rejects" "$(cat rej.jsonl)" '{"id_number":"140826202105100424","error":"diagnosis date is before birth"}'

t "the batch options are refused for end and list"
run fdss condition end $WD hypertension --dry-run
expect_status 64
expect_err_has "fdss-condition: --atomic, --dry-run, --rejects and --summary are options of add"
expect_eq "still active" "$(sql "SELECT status FROM condition WHERE id_number = '$WD' AND kind = 'hypertension'")" active
run fdss condition list --summary sum.json
expect_status 64

t "a --rejects file that cannot be written is an I/O error, nothing stored"
input='{"id_number":"140826196011220136","kind":"smi"}
'
run_in - fdss condition add --rejects /nonexistent/rej.jsonl
expect_status 74
expect_err "fdss-condition: cannot write '/nonexistent/rej.jsonl': No such file or directory"
expect_eq "not stored" "$(sql "SELECT count(*) FROM condition WHERE kind = 'smi'")" 0

t "bash completion offers the batch options of condition, and files after them"
comp() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _fdss; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$FIXTURES/../../completions/fdss.bash" "$@"
}
expect_eq "options" "$(comp fdss condition add --a | sort | tr '\n' ' ')" "--all --area --as-of --atomic "
expect_eq "options" "$(comp fdss condition add --dr)" "--dry-run"
expect_eq "options" "$(comp fdss condition add --re)" "--rejects"
expect_eq "options" "$(comp fdss condition add --su)" "--summary"
expect_eq "file" "$(comp fdss condition add --rejects rej)" "rej.jsonl"
