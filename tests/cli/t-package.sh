# fdss package and fdss fee: the seeded packages and fees, eligibility
# changes, fee schedules by area and date, and their exit statuses.

fdss init >/dev/null

basic='{"type":"fee","package":"basic","effective_from":"2016-01-01","area_prefix":"","public_health_fen":1200,"insurance_fen":1200,"resident_fen":1200,"total_fen":3600,"poverty_subsidy":true}'

t "package list gives the basic and the nine personalised packages"
run fdss package list
expect_status 0
expect_err_empty
expect_lines 10
expect_eq "codes" "$(printf '%s\n' "$out" | sed 's/.*"code":"\([a-z]*\)".*/\1/' | paste -sd ' ' -)" \
	"basic child maternal hypertension diabetes copd pain elderly serious smi"
expect_out_has '{"type":"package","code":"maternal","name":"maternal health","name_zh":"孕产妇健康服务包","min_age":15,"max_age":49,"sex":"F","condition":null,"personalised":true,'
expect_out_has '"code":"serious","name":"serious-illness follow-up","name_zh":"大病随访服务包","min_age":null,"max_age":null,"sex":null,"condition":"chronic"'

t "package set changes eligibility, audited with the reason"
run fdss package set child --max-age 7 --sex any --reason "county trial"
expect_status 0
expect_out_has '"code":"child","name":"child health","name_zh":"儿童健康服务包","min_age":0,"max_age":7,"sex":null,"condition":null'
expect_eq "stored" "$(sql "SELECT min_age, max_age FROM package WHERE code = 'child'")" "0|7"
expect_eq "audit" "$(sql "SELECT row_key, reason FROM audit_log WHERE table_name = 'package'")" "child|county trial"
run fdss package set pain --min-age none --condition chronic
expect_status 0
expect_out_has '"min_age":null,"max_age":null,"sex":null,"condition":"chronic"'

t "package set checks (64, 66)"
run fdss package set child --min-age 9
expect_status 64
expect_err "fdss-package: package 'child': minimum age 9 is above the maximum 7"
run fdss package set child --min-age 200
expect_status 64
run fdss package set child --condition flu
expect_status 64
expect_err_has "--condition 'flu': expected"
run fdss package set child
expect_status 64
expect_err_has "set needs --min-age, --max-age, --sex or --condition"
run fdss package set nope --sex F
expect_status 66
expect_err "fdss-package: no package 'nope'"
expect_eq "unchanged" "$(sql "SELECT min_age, max_age FROM package WHERE code = 'child'")" "0|7"

t "fee list gives the seed 000 default"
run fdss fee list
expect_status 0
expect_out "$basic"

t "fee set takes yuan and stores fen"
run fdss fee set --package basic --from 2026-01-01 --area 140826 --public-health 15 --insurance 12.5 --resident 0.05
expect_status 0
expect_out '{"type":"fee","package":"basic","effective_from":"2026-01-01","area_prefix":"140826","public_health_fen":1500,"insurance_fen":1250,"resident_fen":5,"total_fen":2755,"poverty_subsidy":false}'
expect_eq "stored" "$(sql "SELECT public_health_fen, insurance_fen, resident_fen, poverty_subsidy FROM fee_schedule WHERE area_prefix = '140826'")" "1500|1250|5|0"
run fdss fee set --package child --from 2026-01-01 --public-health 10 --insurance 5 --resident 0 --poverty-subsidy
expect_status 0
run fdss fee list --format table
expect_out "package  area_prefix  effective_from  public_health_fen  insurance_fen  resident_fen  total_fen  poverty_subsidy
basic                 2016-01-01                   1200           1200          1200       3600  true
basic    140826       2026-01-01                   1500           1250             5       2755  false
child                 2026-01-01                   1000            500             0       1500  true"
run fdss fee list --package child
expect_lines 1

t "fee lookup: the longest prefix, then the latest date"
run fdss fee lookup --package basic --area 140826100201
expect_out_has '"area_prefix":"140826","public_health_fen":1500'
run fdss fee lookup --package basic --area 140826100201 --as-of 2025-12-31
expect_out "$basic"
run fdss fee lookup --package basic --area 140821100201
expect_out "$basic"
run fdss fee lookup --package pain --area 140826100201
expect_status 66
expect_err "fdss-fee: no fee for package 'pain' in '140826100201' on 2026-11-22"

t "fee set replaces the row of the same package, area and date"
run fdss fee set --package basic --from 2026-01-01 --area 140826 --public-health 15 --insurance 12.5 --resident 1
expect_status 0
expect_eq "rows" "$(sql "SELECT count(*), sum(resident_fen) FROM fee_schedule WHERE area_prefix = '140826'")" "1|100"
expect_eq "audit" "$(sql "SELECT count(*) FROM audit_log WHERE table_name = 'fee_schedule' AND before IS NOT NULL")" 1

t "fee set checks (64, 66)"
for y in -1 1.234 12元 .5 ''; do
	run fdss fee set --package basic --from 2026-01-01 --public-health "$y" --insurance 1 --resident 1
	expect_status 64
done
expect_err_has "--public-health '': yuan expected, such as 12 or 12.50"
run fdss fee set --package basic --from 2026-02-30 --public-health 1 --insurance 1 --resident 1
expect_status 64
run fdss fee set --package basic --from 2026-01-01 --public-health 1 --insurance 1
expect_status 64
expect_err_has "set needs --public-health, --insurance and --resident"
run fdss fee set --package basic --from 2026-01-01 --area 140 --public-health 1 --insurance 1 --resident 1
expect_status 64
run fdss fee set --package nope --from 2026-01-01 --public-health 1 --insurance 1 --resident 1
expect_status 66
expect_err "fdss-fee: no package 'nope'"
run fdss fee list --package nope
expect_status 66
expect_eq "rows" "$(sql "SELECT count(*) FROM fee_schedule")" 3
