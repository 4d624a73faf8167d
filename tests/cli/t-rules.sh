# One definition per rule (issue 10): the elderly age, the renewal window
# and the filters of the listing commands, on the roster fixture (9
# people in 4 households).  王德福 W (66) heads H2 with 王小红 (6); 农振华
# (41) and 黄美玲 (39) are H3; nobody has a condition.

roster_fixture
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
} >/dev/null
W=140826196011220136 H2=140826101200002

t "elderly.min_age moves age groups, contract terms and follow-up together"
run fdss person list --group elderly --format csv --no-mask
expect_status 0
expect_out_has "$W"
run fdss sign --team T01 --years 2 --dry-run $H2
expect_status 0
run fdss followup due --program elderly --within 40 --format csv --no-mask
expect_out_has "$W"
run fdss rules set elderly min_age 70 --reason "county decision"
expect_status 0
# age groups: 66 is no longer elderly, in the filter and in the record
run fdss person list --group elderly --format csv --no-mask
expect_status 0
expect_out_lacks "$W"
expect_lines 4
run fdss person show $W
expect_out_has '"age":66,'
expect_out_has '"groups":["disabled","chronic","poverty","priority","low_income"]'
# contract terms: H2 has nobody aged 70 or more any more
run fdss sign --team T01 --years 2 --dry-run $H2
expect_status 65
expect_err_has "fdss-sign: $H2: term of 2 years: only for a renewal or a household with a member aged 70 or more or with hypertension or diabetes, and none of its 2 covered members is"
# follow-up: no elderly yearly check, and no elderly visit
run fdss followup due --program elderly --within 40 --format csv --no-mask
expect_status 0
expect_out_lacks "$W"
run fdss followup record $W --program elderly --date 2026-11-22 --dry-run
expect_status 65
expect_err_has "fdss-followup: $W: not in the elderly programme: aged 66 on 2026-11-22, the programme starts at 70"
# and back: all three follow
run fdss rules set elderly min_age 60
run fdss person list --group elderly --format csv --no-mask
expect_out_has "$W"
run fdss sign --team T01 --years 2 --dry-run $H2
expect_status 0
run fdss followup due --program elderly --within 40 --format csv --no-mask
expect_out_has "$W"
run fdss followup record $W --program elderly --date 2026-11-22 --dry-run
expect_status 0
run fdss rules set elderly min_age 65
