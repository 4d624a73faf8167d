# Statuses, cover and counts at --as-of (issue 10, item 11): one
# definition, fdss_contract_status_at(), for the contract records, the
# status filters, person list --unsigned, the signing check and the team
# of a follow-up.  On the roster fixture: H1 140826100200001 (4 people),
# H2 140826101200002 (王德福 and 王小红), H3 451026100212003 (2), H4
# 140826106207004 (1).
#
#   C140826-2026-000001  H1  2026-11-22..2027-11-21  approved when signed
#   C140826-2026-000002  H2  2026-11-22..2027-11-21  approved, terminated on
#                     2027-11-15 (the first day without service)
#   C140826-2027-000001  H1  2027-11-22..2028-11-21  renewal signed 2027-11-05,
#                     approved 2027-11-16
#   C140826-2027-000002  H2  2027-11-22..2028-11-21  renewal approved
#                     2027-11-10, ended with C140826-2026-000002 on 2027-11-15

roster_fixture
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
	fdss team add T02 --name 横水团队 --institution 横水镇卫生院
	fdss team member add T02 --name 赵医生 --role doctor
	fdss team member add T02 --name 钱护士 --role nurse
	fdss condition add 140826196011220136 diabetes --since 2021-03-01
} >/dev/null 2>&1
H1=140826100200001 H2=140826101200002
fdss sign --team T01 --approve $H1 $H2 >/dev/null 2>&1
fdss renew --as-of 2027-11-05 C140826-2026-000001 >/dev/null 2>&1
fdss renew --as-of 2027-11-10 --approve C140826-2026-000002 >/dev/null 2>&1
fdss terminate --as-of 2027-11-10 --date 2027-11-15 --reason moved \
	C140826-2026-000002 >/dev/null 2>&1
fdss review approve --as-of 2027-11-16 C140826-2027-000001 >/dev/null 2>&1

# "NUMBER STATUS ..." of the contracts listed in $out
statuses() {
	printf '%s\n' "$out" |
		sed 's/.*"number":"\(C[0-9-]*\)".*"status":"\([a-z]*\)".*/\1 \2/' |
		tr '\n' ' '
}

t "the scenario is stored as described"
expect_eq "stored" "$(sql "SELECT group_concat(number || ' ' || status || ' ' || start_date || ' ' || ifnull(terminated_on, '-') || ' ' || ifnull(reviewed_at, '-'), '; ') FROM (SELECT * FROM contract ORDER BY id)")" \
"C140826-2026-000001 active 2026-11-22 - 2026-11-22; C140826-2026-000002 terminated 2026-11-22 2027-11-15 2026-11-22; C140826-2027-000001 active 2027-11-22 - 2027-11-16; C140826-2027-000002 terminated 2027-11-22 2027-11-15 2027-11-10"

# contract list --as-of DATE gives these statuses, in number order
expect_statuses_at() {
	run fdss contract list --as-of "$1" --format jsonl
	expect_status 0
	expect_eq "statuses at $1" "$(statuses)" "$2"
}

t "before the start every approved contract is approved, not active"
expect_statuses_at 2026-11-21 "C140826-2026-000001 approved C140826-2026-000002 approved C140826-2027-000001 approved C140826-2027-000002 approved "

t "a renewal that starts later is approved, and a termination to come leaves the contract active"
expect_statuses_at 2027-11-10 "C140826-2026-000001 active C140826-2026-000002 active C140826-2027-000001 approved C140826-2027-000002 approved "
expect_statuses_at 2027-11-14 "C140826-2026-000001 active C140826-2026-000002 active C140826-2027-000001 approved C140826-2027-000002 approved "

t "terminated from the termination date on, the renewal ended with it too"
expect_statuses_at 2027-11-15 "C140826-2026-000001 active C140826-2026-000002 terminated C140826-2027-000001 approved C140826-2027-000002 terminated "
expect_statuses_at 2027-11-21 "C140826-2026-000001 active C140826-2026-000002 terminated C140826-2027-000001 approved C140826-2027-000002 terminated "

t "the day after the end the old one is expired and the renewal active"
expect_statuses_at 2027-11-22 "C140826-2026-000001 expired C140826-2026-000002 terminated C140826-2027-000001 active C140826-2027-000002 terminated "
expect_statuses_at 2028-11-22 "C140826-2026-000001 expired C140826-2026-000002 terminated C140826-2027-000001 expired C140826-2027-000002 terminated "

# contract list --status STATUS --as-of DATE lists these numbers
expect_listed() {
	run fdss contract list --status "$1" --as-of "$2" --format jsonl
	expect_status 0
	expect_eq "$1 at $2" "$(printf '%s\n' "$out" | sed -n 's/.*"number":"\(C[0-9-]*\)".*/\1/p' | tr '\n' ' ')" "$3"
}

t "the status filter is the status of the records, at each date"
expect_listed active 2027-11-10 "C140826-2026-000001 C140826-2026-000002 "
expect_listed approved 2027-11-10 "C140826-2027-000001 C140826-2027-000002 "
expect_listed terminated 2027-11-10 ""
expect_listed active 2027-11-14 "C140826-2026-000001 C140826-2026-000002 "
expect_listed active 2027-11-15 "C140826-2026-000001 "
expect_listed terminated 2027-11-15 "C140826-2026-000002 C140826-2027-000002 "
expect_listed active 2027-11-22 "C140826-2027-000001 "
expect_listed expired 2027-11-22 "C140826-2026-000001 "
expect_listed approved 2027-11-22 ""
expect_listed pending 2027-11-10 ""

t "a pending contract is pending until its end, then expired"
run fdss sign --team T02 --as-of 2027-11-12 --start 2027-12-01 451026100212003
expect_status 0
expect_err_has "signed 1 covering 2 people"
expect_listed pending 2027-11-30 "C140826-2027-000003 "
expect_listed pending 2028-11-30 "C140826-2027-000003 "
expect_listed expired 2028-12-01 "C140826-2026-000001 C140826-2027-000001 C140826-2027-000003 "
sql "DELETE FROM contract_fee WHERE contract_id = 5; DELETE FROM contract_member WHERE contract_id = 5; DELETE FROM contract WHERE id = 5"

t "ending within: active and expiring, not terminated, in the window"
run fdss contract list --as-of 2027-11-10 --ending-within 30 --format jsonl
expect_eq "ending" "$(statuses)" "C140826-2026-000001 active "
run fdss contract list --as-of 2027-11-10 --ending-within 10 --format jsonl
expect_out ""
run fdss contract list --as-of 2027-11-10 --ending-within 11 --format jsonl
expect_eq "ending" "$(statuses)" "C140826-2026-000001 active "

t "contract show gives the status at --as-of too"
run fdss contract show --as-of 2027-11-14 C140826-2026-000002 C140826-2027-000002
expect_eq "shown" "$(statuses)" "C140826-2026-000002 active C140826-2027-000002 approved "

# person list --unsigned --as-of DATE: how many, and who
expect_unsigned_at() {
	run fdss person list --unsigned --as-of "$1" --format jsonl
	expect_status 0
	expect_lines "$2"
}

t "person list --unsigned: covered until the day before the termination"
expect_unsigned_at 2027-11-14 3
expect_out_lacks '"name":"王德福"'
expect_unsigned_at 2027-11-15 5
expect_out_has '"name":"王德福"'
expect_out_has '"name":"王小红"'
expect_unsigned_at 2027-11-22 5
expect_out_lacks '"household_no":"140826100200001"'
run fdss household list --unsigned --as-of 2027-11-14 --format jsonl
expect_eq "households" "$(printf '%s\n' "$out" | sed 's/.*"household_no":"\([0-9]*\)".*/\1/' | tr '\n' ' ')" "140826106207004 451026100212003 "
run fdss household list --unsigned --as-of 2027-11-15 --format jsonl
expect_lines 3

t "a contract terminated from a later date still covers until then"
run fdss sign --team T02 --as-of 2027-11-14 $H2
expect_status 65
expect_err "fdss-sign: 140826196011220136: already covered by contract C140826-2026-000002 (active)
fdss-sign: read 1, signed 0 covering 0 people, skipped 0, rejected 1"
run fdss sign --team T02 --as-of 2027-11-14 140826196011220136
expect_status 65
expect_err_has "fdss-sign: 140826196011220136: already covered by contract C140826-2026-000002 (active)"
run fdss sign --team T02 --as-of 2027-11-15 $H2 --dry-run
expect_status 0
expect_err_has "signed 1 covering 2 people"
run fdss sign --team T02 --as-of 2027-11-10 $H1 --dry-run
expect_status 65
expect_err_has "already covered by contract C140826-2026-000001 (active)"
run fdss sign --team T02 --as-of 2027-11-22 $H1 --dry-run
expect_status 65
expect_err_has "already covered by contract C140826-2027-000001 (active)"

t "a follow-up's team is the contract covering the person at --as-of"
run fdss followup due --as-of 2027-11-14 --team T01 --format jsonl
expect_out_has '"name":"王德福"'
run fdss followup due --as-of 2027-11-15 --team T01 --format jsonl
expect_out_lacks '"name":"王德福"'

t "--status names the statuses it knows"
run fdss contract list --status signed
expect_status 66
expect_err_has "fdss-contract: status 'signed': no such status (expected pending, approved, active, expired, rejected or terminated)"
