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

t "a filter naming an unknown team, area, programme or status is 66, named"
run fdss followup due --team T99
expect_status 66
expect_out ""
expect_err "fdss-followup: team 'T99': no such team"
run fdss followup due --area 999999
expect_status 66
expect_err "fdss-followup: area '999999': no such area (load it with 'fdss area import')"
run fdss followup due --program asthma
expect_status 66
expect_err "fdss-followup: programme 'asthma': no such programme (expected hypertension, diabetes, smi, tb, elderly or chronic)"
run fdss followup list $W --program asthma
expect_status 66
run fdss followup due --team T01 --area 1408 --program elderly --within 40 --format csv --no-mask
expect_status 0
run fdss contract list --team T99
expect_status 66
expect_err "fdss-contract: team 'T99': no such team"
run fdss contract list --area 999999
expect_status 66
expect_err "fdss-contract: area '999999': no such area (load it with 'fdss area import')"
run fdss contract list --status signed
expect_status 66
expect_err "fdss-contract: status 'signed': no such status (expected pending, approved, active, expired, rejected or terminated)"
run fdss condition list --area 999999
expect_status 66
expect_err "fdss-condition: area '999999': no such area (load it with 'fdss area import')"
run fdss condition list --kind asthma
expect_status 66
expect_err "fdss-condition: condition 'asthma': no such condition (expected hypertension, diabetes, tb, smi, copd or chronic)"
run fdss referral list --area 999999
expect_status 66
expect_err "fdss-referral: area '999999': no such area (load it with 'fdss area import')"
run fdss person list --area 99
expect_status 66
expect_err "fdss-person: area '99': no such area (load it with 'fdss area import')"
run fdss household list --group old
expect_status 66
expect_err_has "fdss-household: group 'old': no such group (expected elderly, child,"
run fdss contract list --area 14082
expect_status 64
expect_err "fdss-contract: area '14082': 2, 4, 6, 9 or 12 digits expected"

t "fdss --help lists the commands that exist, and all of them"
run fdss --help
expect_status 0
helped=$(printf '%s\n' "$out" | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' | sort)
built=$(cd "$(dirname "$(command -v fdss)")" && ls fdss-* | sed 's/^fdss-//' | sort)
expect_eq "commands in --help" "$helped" "$built"

t "fdss renew looks renewal_reminder_days ahead unless --within says"
run fdss sign --team T01 --approve 451026100212003
expect_status 0
expect_out_has '"end_date":"2027-11-21"'
# 30 days as seeded: due from 2027-10-22
run fdss renew --as-of 2027-10-21 --dry-run
expect_err "fdss-renew: read 0, renewed 0 covering 0 people, rejected 0 (dry run, nothing stored)"
run fdss renew --as-of 2027-10-22 --dry-run
expect_status 0
expect_err "fdss-renew: read 1, renewed 1 covering 2 people, rejected 0 (dry run, nothing stored)"
run fdss setting set renewal_reminder_days 60 --reason "two months ahead"
expect_status 0
run fdss renew --as-of 2027-09-22 --dry-run
expect_err "fdss-renew: read 1, renewed 1 covering 2 people, rejected 0 (dry run, nothing stored)"
run fdss renew --as-of 2027-09-21 --dry-run
expect_err "fdss-renew: read 0, renewed 0 covering 0 people, rejected 0 (dry run, nothing stored)"
run fdss renew --as-of 2027-09-21 --within 61 --dry-run
expect_err "fdss-renew: read 1, renewed 1 covering 2 people, rejected 0 (dry run, nothing stored)"
