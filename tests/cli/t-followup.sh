# fdss followup and fdss rules: visits classified by domain.md §5 on the
# roster fixture.  Conditions are seeded with SQL: 张伟 Z (47,
# hypertension), 张建国 J (76, hypertension), 农振华 N (41, diabetes),
# 黄美玲 H (39, smi), 王德福 W (66, tb notified 2026-09-01); 赵长山 E
# (86) is in the elderly programme by age.

roster_fixture
Z=140826197811220315 J=140826195003150110 N=451026198506070159
H=451026198709120267 W=140826196011220136 E=140826194001010179
sql "INSERT INTO condition (id_number, kind, since, source) VALUES
	('$Z', 'hypertension', '2020-01-01', 'manual'),
	('$J', 'hypertension', NULL, 'manual'),
	('$N', 'diabetes', NULL, 'manual'),
	('$H', 'smi', NULL, 'manual'),
	('$W', 'tb', '2026-09-01', 'manual')"
visits() { sql "SELECT count(*) FROM followup"; }
# date classification next_due of a person's visits, one line each
chain() {
	sql "SELECT visit_date, classification, next_due FROM followup
	     WHERE id_number = '$1' ORDER BY program, visit_date"
}
hv() {	# hv ID DATE SBP DBP: a hypertension visit record
	printf '{"id_number":"%s","program":"hypertension","date":"%s","sbp":%s,"dbp":%s}\n' "$@"
}

t "the rule table holds the standard's numbers"
run fdss rules list --program hypertension
expect_status 0
expect_lines 13
expect_out_has '{"type":"rule","program":"hypertension","key":"controlled_days","value":90,"description":"next visit after a controlled visit"}'
expect_out_has '"key":"sbp_limit_65","value":150,'
run fdss rules list
expect_lines 47
expect_out_has '{"type":"rule","program":"diabetes","key":"fpg_limit","value":7,'
run fdss rules list --program asthma
expect_status 64
expect_err "fdss-rules: no programme 'asthma'"

t "one visit from options"
run fdss followup record $Z --program hypertension --date 2026-03-01 --sbp 150 --dbp 95 --doctor 王医生
expect_status 0
expect_out '{"type":"followup","id":1,"id_number":"140826197811220315","program":"hypertension","date":"2026-03-01","mode":"clinic","doctor":"王医生","sbp":150,"dbp":95,"adverse_reaction":false,"new_complication":false,"emergency":false,"classification":"uncontrolled","next_due":"2026-03-15","refers":false,"referral_due":null,"action":"uncontrolled (BP 150/95, target below 140/90): adjust treatment, next visit by 2026-03-15"}'
expect_err "fdss-followup: read 1, recorded 1, recomputed 0, referrals 0, rejected 0"

t "a second uncontrolled visit in a row refers"
input=$(hv $Z 2026-03-15 152 92)
run_in - fdss followup record
expect_status 0
expect_out_has '"classification":"referral","next_due":"2026-03-29","refers":true,"referral_due":"2026-03-29","action":"uncontrolled twice in a row: refer, and check the referral by 2026-03-29"}'
expect_err "fdss-followup: read 1, recorded 1, recomputed 0, referrals 1, rejected 0"
expect_eq "referral" "$(sql "SELECT program, referral_date, due_date, followup_id, satisfied_by IS NULL FROM referral")" "hypertension|2026-03-15|2026-03-29|2|1"

t "the next visit satisfies the referral"
input=$(hv $Z 2026-03-29 130 80)
run_in - fdss followup record
expect_status 0
expect_out_has '"classification":"controlled","next_due":"2026-06-27"'
expect_eq "satisfied by" "$(sql "SELECT satisfied_by FROM referral")" 3

t "a back-dated visit recomputes the visits after it"
run fdss followup record $Z --program hypertension --date 2026-03-08 --sbp 128 --dbp 82
expect_status 0
expect_out_has '"date":"2026-03-08"'
expect_out_has '"classification":"controlled","next_due":"2026-06-06"'
expect_err "fdss-followup: read 1, recorded 1, recomputed 1, referrals 0, rejected 0"
expect_eq "chain" "$(chain $Z)" "2026-03-01|uncontrolled|2026-03-15
2026-03-08|controlled|2026-06-06
2026-03-15|uncontrolled|2026-03-29
2026-03-29|controlled|2026-06-27"
expect_eq "referrals" "$(sql "SELECT count(*) FROM referral")" 0
expect_eq "latest" "$(sql "SELECT visit_date FROM followup WHERE latest = 1")" 2026-03-29
expect_eq "audit" "$(sql "SELECT reason FROM audit_log WHERE table_name = 'followup' AND before IS NOT NULL")" "an earlier visit was recorded"

t "65 and over: controlled below 150/90"
input=$(hv $J 2026-04-01 145 85; hv $J 2026-07-01 150 85; hv $J 2026-07-15 149 90)
run_in - fdss followup record
expect_status 0
expect_eq "chain" "$(chain $J)" "2026-04-01|controlled|2026-06-30
2026-07-01|uncontrolled|2026-07-15
2026-07-15|referral|2026-07-29"

t "diabetes, smi and tb"
input='{"id_number":"'$N'","program":"diabetes","date":"2026-05-01","fpg":6.8}
{"id_number":"'$N'","program":"diabetes","date":"2026-07-30","fpg":16.7}
{"id_number":"'$N'","program":"diabetes","date":"2026-08-13","fpg":6.1,"heart_rate":101}
{"id_number":"'$H'","program":"smi","date":"2026-05-01","risk_level":0}
{"id_number":"'$H'","program":"smi","date":"2026-07-30","risk_level":2,"insight":"partial"}
{"id_number":"'$H'","program":"smi","date":"2026-08-13","risk_level":1,"insight":false}
{"id_number":"'$W'","program":"tb","date":"2026-09-03","phase":"intensive","supervisor":"family"}
{"id_number":"'$W'","program":"tb","date":"2026-09-13","phase":"continuation","supervisor":"family","doses_taken":27,"doses_due":30}
{"id_number":"'$W'","program":"tb","date":"2026-10-13","phase":"stopped"}
{"id_number":"'$E'","program":"elderly","date":"2026-03-10","sbp":135,"dbp":80}'
run_in - fdss followup record
expect_status 0
expect_err "fdss-followup: read 10, recorded 10, recomputed 0, referrals 4, rejected 0"
expect_eq "diabetes" "$(chain $N)" "2026-05-01|controlled|2026-07-30
2026-07-30|emergency|2026-08-13
2026-08-13|emergency|2026-08-27"
expect_eq "smi" "$(chain $H)" "2026-05-01|stable|2026-07-30
2026-07-30|basically_stable|2026-08-13
2026-08-13|unstable|2026-08-27"
expect_eq "tb" "$(chain $W)" "2026-09-03|intensive|2026-09-13
2026-09-13|continuation|2026-10-13
2026-10-13|stopped|2026-10-27"
expect_eq "elderly" "$(chain $E)" "2026-03-10|controlled|2027-03-10"
expect_out_has '"action":"continuation phase, family-supervised, 3 doses missed: next visit by 2026-10-13"'
expect_out_has '"action":"unstable (no insight): refer now, and check the referral by 2026-08-27"'
expect_out_has '"action":"emergency (FPG 16.7): refer urgently, and check the referral by 2026-08-13"'

t "impossible values are rejected with the field named, nothing changes"
before=$(visits)
input='{"id_number":"'$Z'","program":"hypertension","date":"2026-04-01","sbp":300,"dbp":20}
{"id_number":"'$Z'","program":"hypertension","date":"2026-04-01","sbp":130,"dbp":135}
{"id_number":"'$N'","program":"diabetes","date":"2026-04-01","fpg":40}
{"id_number":"'$H'","program":"smi","date":"2026-04-01","risk_level":7}
{"id_number":"'$Z'","program":"hypertension","date":"2026-11-23","sbp":120,"dbp":80}
{"id_number":"'$Z'","program":"hypertension","date":"1978-11-21","sbp":120,"dbp":80}
{"id_number":"'$Z'","program":"hypertension","date":"2026-04-01","sbp":120,"dbp":80,"mode":"video"}
{"id_number":"'$Z'","program":"asthma","date":"2026-04-01"}
{"id_number":"'$N'","program":"hypertension","date":"2026-04-01","sbp":120,"dbp":80}
{"id_number":"'$Z'","program":"hypertension","date":"2026-03-01","sbp":120,"dbp":80}
{"id_number":"'$Z'","program":"hypertension","date":"2026-04-01","sbp":"150","dbp":95}
{"id_number":"'$Z'","program":"hypertension","date":"2026-04-01"}
{"id_number":"'$H'","program":"smi","date":"2026-04-01","risk_level":1,"insight":"maybe"}
{"id_number":"140826197001010199","program":"hypertension","date":"2026-04-01","sbp":120,"dbp":80}
{"id_number":"'$Z'","program":"elderly","date":"2026-04-01"}
not json'
run_in - fdss followup record --rejects rejects.jsonl
expect_status 65
expect_out ""
expect_err "fdss-followup: <stdin>:1: $Z: sbp: 300 is not a possible value (60 to 299)
fdss-followup: <stdin>:2: $Z: sbp: 130 is not above dbp 135
fdss-followup: <stdin>:3: $N: fpg: 40 is not a possible value (1 to 35)
fdss-followup: <stdin>:4: $H: risk_level: 7 is not a possible value (0 to 5)
fdss-followup: <stdin>:5: $Z: date: 2026-11-23 is after today (2026-11-22)
fdss-followup: <stdin>:6: $Z: date: 1978-11-21 is before the birth date 1978-11-22
fdss-followup: <stdin>:7: $Z: mode: 'video' should be clinic, home or phone
fdss-followup: <stdin>:8: $Z: program: 'asthma' should be hypertension, diabetes, smi, tb, elderly or chronic
fdss-followup: <stdin>:9: $N: not in the hypertension programme: no active hypertension condition (fdss condition add)
fdss-followup: <stdin>:10: $Z: a hypertension visit on 2026-03-01 is already recorded
fdss-followup: <stdin>:11: $Z: key 'sbp': expected a number, got a string
fdss-followup: <stdin>:12: $Z: sbp: required for a hypertension visit
fdss-followup: <stdin>:13: $H: insight: 'maybe' should be good, partial or none
fdss-followup: <stdin>:14: 140826197001010199: no such person
fdss-followup: <stdin>:15: $Z: not in the elderly programme: aged 47 on 2026-04-01, the programme starts at 65
fdss-followup: <stdin>:16: column 1: invalid literal: expected true, false or null
fdss-followup: read 16, recorded 0, recomputed 0, referrals 0, rejected 16"
expect_eq "visits" "$(visits)" "$before"
expect_eq "rejects" "$(grep -c '"error":' rejects.jsonl)" 16
expect_eq "first reject" "$(head -n 1 rejects.jsonl)" '{"id_number":"140826197811220315","program":"hypertension","date":"2026-04-01","sbp":300,"dbp":20,"error":"sbp: 300 is not a possible value (60 to 299)"}'

t "--atomic stores nothing and prints nothing when a visit is rejected"
before=$(visits)
input=$(hv $Z 2026-04-10 120 80; hv $Z 2026-04-11 300 80)
run_in - fdss followup record --atomic
expect_status 65
expect_out ""
expect_err_has "(--atomic: nothing stored)"
expect_eq "visits" "$(visits)" "$before"

t "--dry-run classifies and stores nothing"
input=$(hv $Z 2026-04-10 120 80)
run_in - fdss followup record --dry-run --summary summary.json
expect_status 0
expect_out_has '"classification":"controlled"'
expect_err "fdss-followup: read 1, recorded 1, recomputed 0, referrals 0, rejected 0 (dry run, nothing stored)"
expect_eq "visits" "$(visits)" "$before"
expect_eq "summary" "$(cat summary.json)" '{"type":"followup","read":1,"recorded":1,"recomputed":0,"referrals":0,"rejected":0,"stored":false}'

t "a changed rule changes the next due dates computed after it"
run fdss rules set hypertension controlled_days 60 --reason "provincial rule"
expect_status 0
expect_out '{"type":"rule","program":"hypertension","key":"controlled_days","value":60,"description":"next visit after a controlled visit"}'
expect_eq "audit" "$(sql "SELECT row_key, reason FROM audit_log WHERE table_name = 'rule'")" "hypertension.controlled_days|provincial rule"
run fdss followup record $Z --program hypertension --date 2026-07-01 --sbp 120 --dbp 80
expect_out_has '"next_due":"2026-08-30"'
expect_eq "earlier visits keep theirs" "$(sql "SELECT next_due FROM followup WHERE id_number = '$Z' AND visit_date = '2026-03-29'")" 2026-06-27
run fdss rules set hypertension controlled_days 0
expect_status 64
expect_err "fdss-rules: rule hypertension.controlled_days: '0' is not a whole number from 1 to 3650"
run fdss rules set hypertension nosuch 1
expect_status 66
expect_err "fdss-rules: no rule hypertension.nosuch (see 'fdss rules list')"

t "list shows a person's history"
run fdss followup list $Z --format table --no-mask
expect_status 0
expect_lines 6
expect_out_has "2026-03-08  hypertension  clinic  128   82"
run fdss followup list $J --format jsonl --program diabetes
expect_status 0
expect_out ""
run fdss followup list 140826197001010199
expect_status 66
expect_err "fdss-followup: 140826197001010199: no such person"

t "copd is followed in the chronic programme"
sql "INSERT INTO condition (id_number, kind, source) VALUES ('$J', 'copd', 'manual')"
run fdss followup record $J --program copd --date 2026-06-01 --mode home
expect_status 0
expect_out_has '"program":"chronic","date":"2026-06-01","mode":"home"'
expect_out_has '"classification":"controlled","next_due":"2027-06-01"'
run fdss rules list --program copd
expect_lines 3

t "usage errors"
run fdss followup record $Z --sbp 120
expect_status 64
expect_err_has "--program is required"
run fdss followup record --sbp 120
expect_status 64
expect_err_has "the visit's options need an ID_NUMBER"
run fdss followup record $Z --program hypertension --sbp x
expect_status 64
expect_err_has "--sbp 'x': expected a number"
run fdss followup remove $Z
expect_status 64
run fdss followup --list-options
expect_out_has "record
list
due"

t "the man page example"
run fdss followup record $Z --program hypertension --date 2026-11-08 --sbp 150 --dbp 95 --format table
run fdss followup record $Z --program hypertension --date 2026-11-22 --sbp 160 --dbp 100 --format jsonl
expect_out_has '"classification":"referral","next_due":"2026-12-06","refers":true,"referral_due":"2026-12-06","action":"uncontrolled twice in a row: refer, and check the referral by 2026-12-06"}'

t "due lists who is due"
run fdss followup due --within 30
expect_status 0
expect_out_has '"type":"due"'

t "one batch in and out of date order keeps one latest visit a chain"
input=$(hv $J 2026-08-01 130 80; hv $J 2026-09-01 150 95; hv $J 2026-08-15 150 95
	hv $J 2026-09-01 128 80; hv $J 2026-10-01 130 80; hv $J 2026-11-01 152 92
	printf '{"id_number":"%s","program":"diabetes","date":"2026-09-01","fpg":6.1}\n' $N
	hv $J 2026-11-10 130 80)
run_in - fdss followup record
expect_status 65
expect_lines 7
expect_err "fdss-followup: <stdin>:4: $J: a hypertension visit on 2026-09-01 is already recorded
fdss-followup: read 8, recorded 7, recomputed 1, referrals 0, rejected 1"
expect_eq "chain" "$(chain $J | tail -n 6)" "2026-08-01|controlled|2026-09-30
2026-08-15|uncontrolled|2026-08-29
2026-09-01|referral|2026-09-15
2026-10-01|controlled|2026-11-30
2026-11-01|uncontrolled|2026-11-15
2026-11-10|controlled|2027-01-09"
expect_eq "latest" "$(sql "SELECT id_number, program, visit_date FROM followup
	WHERE latest = 1 AND id_number IN ('$J', '$N')")" "$J|chronic|2026-06-01
$J|hypertension|2026-11-10
$N|diabetes|2026-09-01"
