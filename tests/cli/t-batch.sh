# The batch conventions (DESIGN.md "Batches") of review, renew and
# terminate: --rejects, --summary, --atomic, --dry-run, exit 65.  The
# roster fixture as in t-sign.sh: H1 140826100200001 (4 people), H2
# 140826101200002 (2), H3 451026100212003 (2, 那坡县, residents pay 5
# yuan), H4 140826106207004 (1).

roster_fixture
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
	fdss team add T03 --name 城厢团队 --institution 城厢镇卫生院
	fdss team member add T03 --name 钱医生 --role doctor
	fdss team member add T03 --name 孙护士 --role nurse
	fdss fee set --package basic --from 2026-01-01 --area 451026 \
		--public-health 20 --insurance 15 --resident 5
	fdss sign --team T01 140826100200001 140826101200002 140826106207004
	fdss sign --team T03 451026100212003
} >/dev/null 2>&1

count() { sql "SELECT count(*) FROM contract WHERE $1"; }
numbers() { printf '%s\n' "$out" | sed -n 's/.*"number":"\(C[0-9-]*\)".*/\1/p' | tr '\n' ' '; }

t "the contracts to review"
expect_eq "pending" "$(count "status = 'pending'")" 4

t "review: --rejects and --summary for operands"
run fdss review approve --rejects rej.jsonl --summary sum.json C140826-2026-000001 C140826-2026-000009
expect_status 65
expect_eq "printed" "$(numbers)" "C140826-2026-000001 "
expect_err "fdss-review: C140826-2026-000009: no such contract
fdss-review: read 2, approved 1, rejected 1"
expect_eq "rejects" "$(cat rej.jsonl)" '{"number":"C140826-2026-000009","error":"no such contract"}'
expect_eq "summary" "$(cat sum.json)" '{"type":"review","read":2,"approved":1,"rejected":1,"stored":true}'
expect_eq "active" "$(count "status = 'active'")" 1

t "review --atomic: a bad record on stdin stores and prints nothing"
run bash -c "{ fdss contract list --status pending; echo 'not json'; echo '{\"id\":1}'; } |
	fdss review approve --atomic --rejects rej.jsonl --summary sum.json"
expect_status 65
expect_out ""
expect_err 'fdss-review: <stdin>:4: column 1: invalid literal: expected true, false or null
fdss-review: <stdin>:5: record: no "number"
fdss-review: read 5, approved 3, rejected 2 (--atomic: nothing stored)'
expect_eq "rejects" "$(cat rej.jsonl)" '{"raw":"not json","error":"<stdin>:4: column 1: invalid literal: expected true, false or null"}
{"id":1,"error":"no \"number\""}'
expect_eq "summary" "$(cat sum.json)" '{"type":"review","read":5,"approved":3,"rejected":2,"stored":false}'
expect_eq "pending" "$(count "status = 'pending'")" 3
expect_eq "audit" "$(sql "SELECT count(*) FROM audit_log WHERE table_name = 'contract' AND before IS NOT NULL")" 1

t "review --dry-run prints and stores nothing"
run fdss review reject --dry-run --reason 手册未填 --summary sum.json C140826-2026-000002
expect_status 0
expect_out_has '"status":"rejected","renews":null,"renewed_by":null,"reviewed_at":"2026-11-22","review_reason":"手册未填"'
expect_err "fdss-review: read 1, returned 1, rejected 0 (dry run, nothing stored)"
expect_eq "summary" "$(cat sum.json)" '{"type":"review","read":1,"returned":1,"rejected":0,"stored":false}'
expect_eq "pending" "$(count "status = 'pending'")" 3

t "review --atomic with nothing refused stores and prints everything"
run bash -c "fdss contract list --status pending | fdss review approve --atomic --format csv"
expect_status 0
expect_lines 4
expect_out_has "number,household_no,village_code,team,doctor"
expect_err "fdss-review: read 3, approved 3, rejected 0"
expect_eq "active" "$(count "status = 'active'")" 4

t "renew: --rejects and --summary for operands"
run fdss renew --as-of 2027-11-01 --rejects rej.jsonl --summary sum.json C140826-2026-000001 C140826-2026-000099
expect_status 65
expect_eq "printed" "$(numbers)" "C140826-2027-000001 "
expect_err "fdss-renew: C140826-2026-000099: no such contract
fdss-renew: read 2, renewed 1 covering 4 people, rejected 1"
expect_eq "rejects" "$(cat rej.jsonl)" '{"number":"C140826-2026-000099","error":"no such contract"}'
expect_eq "summary" "$(cat sum.json)" '{"type":"renew","read":2,"renewed":1,"members":4,"rejected":1,"stored":true}'
expect_eq "renewals" "$(count "renews IS NOT NULL")" 1

t "renew --atomic stores and prints nothing when one is refused"
run fdss renew --as-of 2027-11-01 --atomic --rejects rej.jsonl C140826-2026-000002 C140826-2026-000001
expect_status 65
expect_out ""
expect_err "fdss-renew: C140826-2026-000001: already renewed by C140826-2027-000001
fdss-renew: read 2, renewed 1 covering 2 people, rejected 1 (--atomic: nothing stored)"
expect_eq "rejects" "$(cat rej.jsonl)" '{"number":"C140826-2026-000001","error":"already renewed by C140826-2027-000001"}'
expect_eq "renewals" "$(count "renews IS NOT NULL")" 1

t "renew of what is due, as a dry run with a summary"
run fdss renew --as-of 2027-11-01 --dry-run --summary sum.json
expect_status 0
expect_eq "printed" "$(numbers)" "C140826-2027-000002 C140826-2027-000003 C140826-2027-000004 "
expect_err "fdss-renew: read 3, renewed 3 covering 5 people, rejected 0 (dry run, nothing stored)"
expect_eq "summary" "$(cat sum.json)" '{"type":"renew","read":3,"renewed":3,"members":5,"rejected":0,"stored":false}'
expect_eq "renewals" "$(count "renews IS NOT NULL")" 1

t "a --rejects file that cannot be written is an I/O error"
run fdss renew --as-of 2027-11-01 --rejects /nonexistent/rej.jsonl C140826-2026-000002
expect_status 74
expect_err "fdss-renew: cannot write '/nonexistent/rej.jsonl': No such file or directory"
expect_eq "renewals" "$(count "renews IS NOT NULL")" 1

t "renew - renews the contracts of a listing on stdin, and only those"
listed() {
	fdss contract list --team T01 --status active --format jsonl |
		fdss renew --as-of 2027-11-01 --dry-run --summary sum.json -
}
run listed
expect_status 65
expect_eq "printed" "$(numbers)" "C140826-2027-000002 C140826-2027-000003 "
expect_err "fdss-renew: <stdin>:1: C140826-2026-000001: already renewed by C140826-2027-000001
fdss-renew: read 3, renewed 2 covering 3 people, rejected 1 (dry run, nothing stored)"
expect_eq "summary" "$(cat sum.json)" '{"type":"renew","read":3,"renewed":2,"members":3,"rejected":1,"stored":false}'
expect_eq "renewals" "$(count "renews IS NOT NULL")" 1

t "renew - rejects a record without a number and a line that is not JSON; a record's team is no option"
printf '%s\n' '{"household_no":"140826101200002"}' 'C140826-2026-000002' \
	'{"number":"C140826-2026-000002","team":"T03"}' >in.jsonl
run fdss renew --as-of 2027-11-01 --dry-run --rejects rej.jsonl - <in.jsonl
expect_status 65
expect_eq "printed" "$(numbers)" "C140826-2027-000002 "
expect_out_has '"number":"C140826-2027-000002","household_no":"140826101200002","village_code":"140826101200","team":"T01"'
expect_err "fdss-renew: <stdin>:1: record: no \"number\"
fdss-renew: <stdin>:2: column 1: expected a value, found 'C'
fdss-renew: read 3, renewed 1 covering 2 people, rejected 2 (dry run, nothing stored)"
expect_eq "rejects" "$(cat rej.jsonl)" '{"household_no":"140826101200002","error":"no \"number\""}
{"raw":"C140826-2026-000002","error":"<stdin>:2: column 1: expected a value, found '\''C'\''"}'
expect_eq "renewals" "$(count "renews IS NOT NULL")" 1

t "renew - takes no other operand"
run fdss renew C140826-2026-000003 -
expect_status 64
expect_err_has "fdss-renew: '-' reads the contracts from stdin: no other operand"
expect_eq "renewals" "$(count "renews IS NOT NULL")" 1

t "terminate: several operands, --rejects and --summary"
run fdss terminate --reason moved --date 2027-05-22 --rejects rej.jsonl --summary sum.json C140826-2026-000002 C140826-2026-000099
expect_status 65
expect_eq "printed" "$(numbers)" "C140826-2026-000002 "
# active until the day before its termination date
expect_out_has '"status":"active","renews":null,"renewed_by":null,"reviewed_at":"2026-11-22","review_reason":null,"terminated_on":"2027-05-22","termination_reason":"moved","refund_fen":0'
expect_err "fdss-terminate: C140826-2026-000099: no such contract
fdss-terminate: read 2, terminated 1, renewals ended 0, skipped 0, rejected 1"
expect_eq "rejects" "$(cat rej.jsonl)" '{"number":"C140826-2026-000099","error":"no such contract"}'
expect_eq "summary" "$(cat sum.json)" '{"type":"terminate","read":2,"terminated":1,"renewals_ended":0,"skipped":0,"rejected":1,"stored":true}'
expect_eq "terminated" "$(count "status = 'terminated'")" 1

t "terminate needs a reason for operands"
run fdss terminate C140826-2026-000004
expect_status 64
expect_err_has "fdss-terminate: --reason is required"
run fdss terminate --reason bored C140826-2026-000004
expect_status 64
expect_err_has "fdss-terminate: --reason 'bored': expected moved, unreachable, refused, request, death, duplicate or other"

input='{"number":"C140826-2026-000004","reason":"death","date":"2027-01-10"}
{"number":"C140826-2026-000003"}
{"number":"C140826-2026-000003","reason":"request","date":"2027-02-30"}
{"number":"C140826-2026-000003","reason":"bored"}'
rejected_err='fdss-terminate: <stdin>:2: C140826-2026-000003: no "reason" key and no --reason
fdss-terminate: <stdin>:3: record: date: '"'2027-02-30'"': no such date
fdss-terminate: <stdin>:4: C140826-2026-000003: reason '"'bored'"': expected moved, unreachable, refused, request, death, duplicate or other'

t "terminate reads records with their own reason and date; --atomic"
run_in - fdss terminate --atomic --rejects rej.jsonl
expect_status 65
expect_out ""
expect_err "$rejected_err
fdss-terminate: read 4, terminated 1, renewals ended 0, skipped 0, rejected 3 (--atomic: nothing stored)"
expect_eq "rejects" "$(cat rej.jsonl)" '{"number":"C140826-2026-000003","error":"no \"reason\" key and no --reason"}
{"number":"C140826-2026-000003","reason":"request","date":"2027-02-30","error":"date: '"'2027-02-30'"': no such date"}
{"number":"C140826-2026-000003","reason":"bored","error":"reason '"'bored'"': expected moved, unreachable, refused, request, death, duplicate or other"}'
expect_eq "terminated" "$(count "status = 'terminated'")" 1

t "terminate --dry-run prints what it would do"
run_in - fdss terminate --dry-run
expect_status 65
expect_eq "printed" "$(numbers)" "C140826-2026-000004 "
expect_out_has '"terminated_on":"2027-01-10","termination_reason":"death","refund_fen":864'
expect_err "$rejected_err
fdss-terminate: read 4, terminated 1, renewals ended 0, skipped 0, rejected 3 (dry run, nothing stored)"
expect_eq "terminated" "$(count "status = 'terminated'")" 1

t "terminating a contract ends its renewal that has not started"
# C140826-2026-000004 (H3, two residents paying 5 yuan) is renewed and the
# renewal approved; terminated on 2027-11-05, the old contract refunds
# 17 of 365 days (2 x 23 fen), the renewal the whole 2 x 500 fen.
fdss renew --as-of 2027-11-01 --approve C140826-2026-000004 >/dev/null 2>&1
expect_eq "renewal" "$(sql "SELECT number || ' ' || status || ' ' || start_date FROM contract WHERE renews = 4")" "C140826-2027-000002 active 2027-11-22"
# the listing names the renewal too (approved, not started yet): it was
# ended with C140826-2026-000004 and is skipped, not refused
run bash -c "{ fdss contract list --as-of 2027-11-05 --status active --team T03
	fdss contract list --as-of 2027-11-05 --status approved --team T03; } |
	fdss terminate --as-of 2027-11-05 --reason moved --summary sum.json"
expect_status 0
expect_eq "printed" "$(numbers)" "C140826-2026-000004 C140826-2027-000002 "
expect_err "fdss-terminate: read 2, terminated 2, renewals ended 1, skipped 1, rejected 0"
expect_eq "summary" "$(cat sum.json)" '{"type":"terminate","read":2,"terminated":2,"renewals_ended":1,"skipped":1,"rejected":0,"stored":true}'
expect_eq "stored" "$(sql "SELECT number || ' ' || status || ' ' || terminated_on || ' ' || termination_reason || ' ' || refund_fen FROM contract WHERE household_no = '451026100212003' ORDER BY id")" \
"C140826-2026-000004 terminated 2027-11-05 moved 46
C140826-2027-000002 terminated 2027-11-05 moved 1000"
expect_eq "audit" "$(sql "SELECT after || ' ' || reason FROM audit_log WHERE row_key = 'C140826-2027-000002' ORDER BY id DESC LIMIT 1")" \
	'{"status":"terminated","terminated_on":"2027-11-05","termination_reason":"moved","refund_fen":1000} moved'
run fdss person list --unsigned --as-of 2027-11-23 --format jsonl
expect_out_has '"name":"农振华"'

t "a listing piped to terminate ends a pending renewal too"
run bash -c "fdss contract list --status active --team T01 --area 140826100 | fdss terminate --reason refused --format csv"
expect_status 0
expect_lines 3
expect_out_has ",C140826-2026-000001,"
expect_out_has "C140826-2027-000001,140826100200001,140826100200,T01,王医生,2027-11-22,2028-11-21,1,terminated,C140826-2026-000001,"
expect_err "fdss-terminate: read 1, terminated 2, renewals ended 1, skipped 0, rejected 0"
expect_eq "left" "$(count "status IN ('pending', 'active')")" 1

t "a person's death ends their contract and its renewal, each once"
fdss renew --as-of 2027-11-01 C140826-2026-000003 >/dev/null 2>&1
run fdss person leave --as-of 2027-11-01 140826194001010179 --reason death --date 2027-03-01
expect_status 0
expect_eq "printed" "$(numbers)" "C140826-2026-000003 C140826-2027-000003 "
expect_err ""
expect_eq "stored" "$(sql "SELECT number || ' ' || status || ' ' || terminated_on || ' ' || termination_reason FROM contract WHERE household_no = '140826106207004' ORDER BY id")" \
"C140826-2026-000003 terminated 2027-03-01 death
C140826-2027-000003 terminated 2027-03-01 death"

t "long reasons and notes with quotes, backslashes and line ends are stored and audited whole"
saved_db=$FDSS_DB
FDSS_DB=$T/long.db
{
	roster_fixture
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
	fdss sign --team T01 140826100200001 140826101200002 140826106207004
	fdss review approve C140826-2026-000002 C140826-2026-000003
	fdss team add T02 --name 二队 --institution 古绛镇卫生院
	fdss team member add T02 --name "$(printf '医%.0s' $(seq 80)) \"x\" \\y" --role doctor
	fdss team member add T02 --name 张护士 --role nurse
} >/dev/null 2>&1
doctor="$(printf '医%.0s' $(seq 80)) \"x\" \\y"
long=$(printf '拒%.0s' $(seq 400))
reason="$long \"引号\" \\反斜杠\\ 	tab
第二行 \\u0000 {\"x\":1}"
run fdss review reject --reason "$reason" C140826-2026-000001
expect_status 0
expect_eq "stored" "$(sql "SELECT review_reason FROM contract WHERE number = 'C140826-2026-000001'")" "$reason"
expect_eq "audited" "$(sql "SELECT json_extract(after, '\$.review_reason') FROM audit_log WHERE row_key = 'C140826-2026-000001' ORDER BY id DESC LIMIT 1")" "$reason"
expect_eq "audit reason" "$(sql "SELECT reason FROM audit_log WHERE row_key = 'C140826-2026-000001' ORDER BY id DESC LIMIT 1")" "$reason"
run fdss terminate --as-of 2027-01-10 --reason other C140826-2026-000002
expect_status 0
expect_eq "terminated" "$(sql "SELECT json_extract(after, '\$.termination_reason') || ' ' || json_extract(before, '\$.status') FROM audit_log WHERE row_key = 'C140826-2026-000002' ORDER BY id DESC LIMIT 1")" "other active"
run fdss renew --as-of 2027-11-01 --approve --team T02 C140826-2026-000003
expect_status 0
expect_eq "renewed" "$(sql "SELECT json_extract(after, '\$.doctor') FROM audit_log WHERE row_key = 'C140826-2027-000001'")" "$doctor"
expect_eq "renewal doctor" "$(sql "SELECT doctor FROM contract WHERE number = 'C140826-2027-000001'")" "$doctor"
run fdss person leave --as-of 2027-11-05 140826194001010179 --reason moved --date 2027-11-05 --note "$reason"
expect_status 0
expect_eq "left" "$(sql "SELECT json_extract(after, '\$.status') || ' ' || json_extract(after, '\$.status_date') FROM audit_log WHERE table_name = 'person' AND row_key = '140826194001010179' ORDER BY id DESC LIMIT 1")" "moved 2027-11-05"
expect_eq "note" "$(sql "SELECT reason FROM audit_log WHERE table_name = 'person' AND row_key = '140826194001010179' ORDER BY id DESC LIMIT 1")" "$reason"
expect_eq "valid JSON" "$(sql "SELECT count(*) FROM audit_log WHERE (after IS NOT NULL AND NOT json_valid(after)) OR (before IS NOT NULL AND NOT json_valid(before))")" 0
expect_eq "entries" "$(sql "SELECT count(*) FROM audit_log WHERE table_name IN ('contract', 'person') AND json_valid(after) AND (before IS NULL OR json_valid(before))")" 11
FDSS_DB=$saved_db
