# fdss report renewals, team and fees on the roster fixture (every
# resident on the poverty registry: the basic package's resident share of
# 12 yuan is paid by the subsidy).  Made through the commands:
#   C140826-2026-000001  H1 (张建国 76, 李秀英 74, 张伟 48, 张欣怡 5)  T01
#                 2026-01-01 to 2026-12-31, renewed by C140826-2026-000004
#   C140826-2026-000002  H2 (王德福 66, 王小红 6)  T01  2026-02-01 to 2027-01-31
#   C140826-2026-000003  H4 (赵长山 86) + elderly (30 insurance, 20 resident)
#                 T03  2026-03-01 to 2027-02-28, terminated (death) on
#                 2026-09-01: 181 of 365 days of 20 yuan refunded, 9.91
# 张建国 has hypertension: visits 01-10 (next due 04-10) and 04-01 (next
# due 06-30, missed).

roster_fixture
J=140826195003150110
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
	fdss team add T03 --name 城厢团队 --institution 城厢镇卫生院
	fdss team member add T03 --name 钱医生 --role doctor
	fdss team member add T03 --name 孙护士 --role nurse
	fdss fee set --package elderly --from 2016-01-01 --public-health 0 \
		--insurance 30 --resident 20
	fdss sign --as-of 2026-01-01 --approve --team T01 140826100200001
	fdss sign --as-of 2026-02-01 --approve --team T01 140826101200002
	fdss sign --as-of 2026-03-01 --approve --team T03 --package elderly \
		140826106207004
	fdss terminate --as-of 2026-09-01 --reason death C140826-2026-000003
	fdss renew --as-of 2026-12-15 --approve C140826-2026-000001
	fdss condition add --as-of 2026-01-05 $J hypertension --since 2020-01-01
	fdss followup record --as-of 2027-03-15 $J --program hypertension \
		--date 2026-01-10 --sbp 130 --dbp 80
	fdss followup record --as-of 2027-03-15 $J --program hypertension \
		--date 2026-04-01 --sbp 135 --dbp 82
} >/dev/null 2>&1

t "the reports are listed, and completed"
run fdss report
expect_status 0
expect_out_has "renewals   Renewals"
expect_out_has "team       Team performance"
expect_out_has "fees       Fees"
run fdss report --list-options
expect_status 0
expect_out_has "renewals
team
fees"

t "renewals by team: the grace counts, the terminated contract does not"
run fdss report renewals --as-of 2027-03-15 --from 2026-12-01 --to 2027-02-28
expect_status 0
expect_out '{"type":"renewals","unit":"T01","unit_name":"东关团队","ending":2,"renewed":1,"grace":1,"not_renewed":0,"terminated":0,"renewal_rate":50}
{"type":"renewals","unit":"T03","unit_name":"城厢团队","ending":0,"renewed":0,"grace":0,"not_renewed":0,"terminated":1,"renewal_rate":null}
{"type":"renewals","unit":"TOTAL","unit_name":null,"ending":2,"renewed":1,"grace":1,"not_renewed":0,"terminated":1,"renewal_rate":50}'

t "renewals by township as csv, after the grace of C140826-2026-000002"
run fdss report renewals --as-of 2027-05-15 --from 2026-12-01 \
	--to 2027-02-28 --by township --format csv
expect_status 0
expect_eq "csv" "$(printf '%s\n' "$out" | tr -d '\r')" "unit,unit_name,ending,renewed,grace,not_renewed,terminated,renewal_rate
140826100,古绛镇,1,1,0,0,0,100.0
140826101,横水镇,1,0,0,1,0,0.0
140826106,安峪镇,0,0,0,0,1,
TOTAL,,2,1,0,1,1,50.0"

t "renewals: --from and --to go together, --year is not an option"
run fdss report renewals --as-of 2027-03-15 --from 2026-12-01
expect_status 64
expect_err "fdss-report: renewals: --from and --to go together"
run fdss report renewals --year 2026
expect_status 64
expect_err_has "report renewals: --year is not one of its options"

t "fees by team and package, the refund netted"
run fdss report fees --as-of 2027-03-15 --year 2026 --format jsonl
expect_status 0
expect_out '{"type":"fees","unit":"T01","unit_name":"东关团队","package":"basic","package_name":"基础服务包","public_health":72,"insurance":72,"resident":0,"subsidy":72,"gross":216,"refunds":0,"net":216}
{"type":"fees","unit":"T03","unit_name":"城厢团队","package":"basic","package_name":"基础服务包","public_health":12,"insurance":12,"resident":0,"subsidy":12,"gross":36,"refunds":0,"net":36}
{"type":"fees","unit":"T03","unit_name":"城厢团队","package":"elderly","package_name":"居家养老服务包","public_health":0,"insurance":30,"resident":20,"subsidy":0,"gross":50,"refunds":9.91,"net":40.09}
{"type":"fees","unit":"TOTAL","unit_name":null,"package":"basic","package_name":"基础服务包","public_health":84,"insurance":84,"resident":0,"subsidy":84,"gross":252,"refunds":0,"net":252}
{"type":"fees","unit":"TOTAL","unit_name":null,"package":"elderly","package_name":"居家养老服务包","public_health":0,"insurance":30,"resident":20,"subsidy":0,"gross":50,"refunds":9.91,"net":40.09}
{"type":"fees","unit":"TOTAL","unit_name":null,"package":null,"package_name":null,"public_health":84,"insurance":114,"resident":20,"subsidy":84,"gross":302,"refunds":9.91,"net":292.09}'

t "fees of a year with no contract year begun are only the totals"
run fdss report fees --as-of 2027-03-15 --year 2025 --format jsonl
expect_status 0
expect_out '{"type":"fees","unit":"TOTAL","unit_name":null,"package":null,"package_name":null,"public_health":0,"insurance":0,"resident":0,"subsidy":0,"gross":0,"refunds":0,"net":0}'

# The values of the keys named, a line per record of $out (no jq in the
# dependencies: each key is a number, null or a string without ',').
keys() {
	local line k v row
	printf '%s\n' "$out" | while IFS= read -r line; do
		row=
		for k; do
			v=$(printf '%s' "$line" | grep -o "\"$k\":[^,}]*" |
				cut -d: -f2 | tr -d '"')
			row="$row${row:+ }$v"
		done
		printf '%s\n' "$row"
	done
}

t "team: signed residents at the year's end, fulfilment, control, fees"
run fdss report team --as-of 2027-03-15 --year 2026 --format jsonl
expect_status 0
expect_eq "composition" "$(keys team signed priority elderly child disabled \
	low_income hypertension)" \
"T01 6 6 3 2 2 2 1
T03 0 0 0 0 0 0 0
TOTAL 6 6 3 2 2 2 1"
expect_eq "hypertension" "$(keys team visits_due visits_on_time fulfilment_rate \
	hypertension_managed hypertension_standard_rate hypertension_control_rate)" \
"T01 2 1 50 1 0 100
T03 0 0 null 0 null null
TOTAL 2 1 50 1 0 100"
expect_eq "renewals and fees" "$(keys team renew_ending renew_renewed \
	renewal_rate fee_insurance fee_refunds fee_net)" \
"T01 1 1 100 72 0 216
T03 0 0 null 42 9.91 76.09
TOTAL 1 1 100 114 9.91 292.09"

t "team: one team; a year that begins after --as-of; --by is not an option"
run fdss report team --as-of 2027-03-15 --year 2026 --team T03 --format csv
expect_status 0
expect_lines 3
run fdss report team --as-of 2026-03-15 --year 2027
expect_status 64
expect_err "fdss-report: --year 2027: the year starts after the --as-of date"
run fdss report team --by county
expect_status 64
expect_err_has "report team: --by is not one of its options"
