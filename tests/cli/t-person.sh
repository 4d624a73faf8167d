# fdss person and fdss household: list and show the roster of
# tests/fixtures/roster-seed.sql (ages at FDSS_TODAY, 2026-11-22).

P1=140826196111220117 P2=140826196111230227 P3=140826201911220311
P4=140826201911230421 P5=140826195002280511 P6=140826202002290616
P7=140826199005050728 P8=140826195803010829 P9=140826198507070919
P10=140821194001011014 P11=140826199506151121

p1='{"type":"person","id_number":"140826196111220117","name":"王建国","sex":"M","birth_date":"1961-11-22","age":65,"household_no":"H1","village_code":"140826100201","relation":"户主","person_no":"R01","ethnicity":"汉族","education":"初中","health":"长期慢性病","phone":"13800000001","health_record_no":null,"insurance_no":null,"disabled":false,"serious_illness":false,"special_family":false,"poverty":true,"poverty_attr":"一般贫困户","poverty_exit_year":2020,"low_income":false,"status":"active","status_date":null,"status_reason":null,"conditions":["hypertension"],"groups":["elderly","chronic","poverty","priority","hypertension"],"extra":{"组别":"一组"},"batch":1}'
h1='{"type":"household","household_no":"H1","village_code":"140826100201","village_path":"山西省 / 运城市 / 绛县 / 古绛镇 / 城关村","address":"城关村一组 3 号","phone":"13800000001","poverty_attr":"一般贫困户","head_name":"王建国","head_id_number":"140826196111220117","members":4,"batch":1}'

fdss init >/dev/null
sqlite3 -batch "$FDSS_DB" <"$FIXTURES/roster-seed.sql"

# ids: the "id_number" (or "household_no") values of $out, space-separated.
ids() {
	printf '%s\n' "$out" | sed -n 's/^{"type":"[a-z]*","\(id_number\|household_no\)":"\([^"]*\)".*/\2/p' |
		paste -sd ' ' -
}

t "person list gives the active people by household as JSON lines"
run fdss person list
expect_status 0
expect_err_empty
expect_lines 10
expect_eq "first" "$(printf '%s\n' "$out" | head -n 1)" "$p1"
expect_eq "order" "$(ids)" "$P1 $P2 $P3 $P4 $P5 $P6 $P8 $P9 $P10 $P11"

t "person list --all includes who moved out"
run fdss person list --all
expect_status 0
expect_lines 11
expect_out_has '"id_number":"'$P7'","name":"赵丽"'
expect_out_has '"status":"moved","status_date":"2026-06-01","status_reason":"外出务工落户"'

t "person list --area at every level"
for a in 14:10 1408:10 140826:9 140826100:7 140826101:2 140826100201:5 \
	 140826100202:2 140821:1 140821100201:1; do
	run fdss person list --area "${a%:*}"
	expect_status 0
	expect_eq "--area ${a%:*}" "$(printf '%s' "$out" | grep -c '')" "${a#*:}"
done
run fdss person list --area 140826101
expect_eq "横水镇" "$(ids)" "$P8 $P9"

t "person list --group for each group at --as-of"
for g in "elderly:$P1 $P5 $P8 $P10" "child:$P4 $P6" "disabled:$P5" \
	 "chronic:$P1 $P8 $P9 $P10" "poverty:$P1 $P2" "low_income:$P6" \
	 "special_family:$P8" "hypertension:$P1" "diabetes:" "tb:$P8" \
	 "smi:$P9" "priority:$P1 $P2 $P4 $P5 $P6 $P8 $P9 $P10"; do
	run fdss person list --group "${g%%:*}"
	expect_status 0
	expect_eq "--group ${g%%:*}" "$(ids)" "${g#*:}"
done

t "several --group mean any of them"
run fdss person list --group elderly --group child
expect_eq "elderly or child" "$(ids)" "$P1 $P4 $P5 $P6 $P8 $P10"

t "age groups move with --as-of: 65th and 7th birthdays, 29 February"
run fdss person list --group elderly --as-of 2026-11-23
expect_eq "elderly tomorrow" "$(ids)" "$P1 $P2 $P5 $P8 $P10"
run fdss person list --group child --as-of 2026-11-23
expect_eq "child tomorrow" "$(ids)" "$P6"
run fdss person list --group child --as-of 2027-02-28
expect_eq "leapling still 6" "$(ids)" "$P6"
FDSS_TODAY=2027-03-01 run fdss person list --group child
expect_status 0
expect_out ""

t "person list --poverty, --batch, --household, combined"
run fdss person list --poverty
expect_eq "--poverty" "$(ids)" "$P1 $P2"
run fdss person list --poverty --group elderly
expect_eq "--poverty --group elderly" "$(ids)" "$P1"
run fdss person list --batch 1
expect_eq "--batch 1" "$(ids)" "$P1 $P2 $P3 $P4 $P5 $P6 $P11"
run fdss person list --batch 2 --area 140826
expect_eq "--batch 2 --area" "$(ids)" "$P8 $P9"
run fdss person list --household H2 --all
expect_eq "--household H2 --all" "$(ids)" "$P5 $P7 $P6"

t "person list: an unknown --group is 66, with the valid names"
run fdss person list --group elder
expect_status 66
expect_out ""
expect_err "fdss-person: group 'elder': no such group (expected elderly, child, disabled, chronic, poverty, priority, hypertension, diabetes, tb, smi, low_income or special_family)"

t "person list: bad or unknown area, batch, household"
run fdss person list --area 1408261
expect_status 64
expect_err_has "fdss-person: --area '1408261': 2, 4, 6, 9 or 12 digits expected"
run fdss person list --batch 0
expect_status 64
expect_err_has "fdss-person: --batch '0': too small"
run fdss person list --area 15
expect_status 66
expect_err "fdss-person: area '15': no such area (load it with 'fdss area import')"
run fdss person list --batch 9
expect_status 66
expect_err "fdss-person: no import batch 9"
run fdss person list --household H9
expect_status 66
expect_err "fdss-person: no household 'H9'"
run fdss person list extra
expect_status 64
expect_err_has "unexpected argument 'extra'"

t "person show prints the found and names the missing with 66"
run fdss person show $P7 140826196111220117
expect_status 0
expect_eq "both" "$(ids)" "$P7 $P1"
run fdss person show nope $P1 11010519491231002x
expect_status 66
expect_out "$p1"
expect_err "fdss-person: nope: no such household
fdss-person: 11010519491231002x: no such person"
run fdss person show
expect_status 64
expect_err_has "show needs an ID_NUMBER"
run fdss person show --group elderly $P1
expect_status 64

t "person list --format table masks ID and phone numbers"
run fdss person list --household H1 --format table
expect_status 0
expect_lines 5
expect_eq "header" "$(printf '%s\n' "$out" | head -n 1 | tr -s ' ')" "id_number name sex birth_date age relation household_no village_code phone groups status"
expect_out_has '140826********0117  王建国  M    1961-11-22   65  户主      H1            140826100201  138****0001'
expect_out_lacks "$P1"
expect_out_lacks 13800000001
run fdss person list --household H1 --format table --no-mask
expect_out_has "$P1  王建国"
expect_out_has 13800000001

t "person list --format csv carries every key, masked"
run fdss person show $P1 --format csv
expect_status 0
expect_eq "header" "$(printf '%s\n' "$out" | head -n 1 | tr -d '\r')" "id_number,name,sex,birth_date,age,household_no,village_code,relation,person_no,ethnicity,education,health,phone,health_record_no,insurance_no,disabled,serious_illness,special_family,poverty,poverty_attr,poverty_exit_year,low_income,status,status_date,status_reason,conditions,groups,extra,batch"
expect_out_has '140826********0117,王建国,M,1961-11-22,65,H1,140826100201,户主,R01,汉族,初中,长期慢性病,138****0001,,,false,false,false,true,一般贫困户,2020,false,active,,,"[""hypertension""]"'

t "household list by filter"
run fdss household list
expect_status 0
expect_err_empty
expect_eq "all" "$(ids)" "H1 H2 H3 H4 H5"
expect_eq "first" "$(printf '%s\n' "$out" | head -n 1)" "$h1"
run fdss household list --area 140826100
expect_eq "--area" "$(ids)" "H1 H2 H5"
run fdss household list --batch 2
expect_eq "--batch 2" "$(ids)" "H3 H4 H5"
run fdss household list --group child
expect_eq "--group child" "$(ids)" "H1 H2"
run fdss household list --poverty
expect_eq "--poverty" "$(ids)" "H1"
run fdss household list --group smi --area 140821
expect_status 0
expect_out ""
run fdss household list --group nobody
expect_status 66
expect_err_has "fdss-household: group 'nobody': no such group (expected elderly, child,"

t "household show: the household, then all its members"
run fdss household show H1 H2
expect_status 0
expect_lines 9
expect_eq "first" "$(printf '%s\n' "$out" | head -n 1)" "$h1"
expect_eq "records" "$(ids)" "H1 $P1 $P2 $P3 $P4 H2 $P5 $P7 $P6"
expect_out_has '"household_no":"H2","village_code":"140826100202","village_path":"山西省 / 运城市 / 绛县 / 古绛镇 / 东关村","address":null,"phone":null,"poverty_attr":null,"head_name":"赵福","head_id_number":"140826195002280511","members":2,"batch":1}'

t "household show names the missing with 66"
run fdss household show H9 H4
expect_status 66
expect_err "fdss-household: H9: no such household"
expect_eq "records" "$(ids)" "H4 $P10"
expect_out_has '"village_path":"山西省 / 运城市 / 临猗县 / 猗氏镇 / 城东村"'
run fdss household show H9 --format table
expect_status 66
expect_out ""

t "household show --format table: households, then members, masked"
run fdss household show H4 --format table
expect_status 0
expect_lines 5
expect_eq "line 1" "$(printf '%s\n' "$out" | sed -n 1p | tr -s ' ')" "household_no village_code village_path address phone poverty_attr head_name head_id_number members batch"
expect_out_has '139****0004'
expect_out_has '140821********1014'
expect_eq "line 3" "$(printf '%s\n' "$out" | sed -n 3p)" ""
expect_eq "line 4" "$(printf '%s\n' "$out" | sed -n 4p | tr -s ' ')" "id_number name sex birth_date age relation household_no village_code phone groups status"
expect_out_lacks "$P10"

t "the examples of fdss-person(1) and fdss-household(1)"
run fdss person list --area 140826100201 --group elderly --as-of 2026-12-31 --format table
expect_status 0
expect_lines 3
expect_out_has '王建国'
expect_out_has '李秀英'
run sh -c 'fdss person list --area 140826 --group priority | wc -l'
expect_out 7
run sh -c 'fdss person list --batch 2 --format csv --bom > batch2.csv'
expect_status 0
expect_eq "batch2.csv" "$(wc -l <batch2.csv)" 4
expect_eq "bom" "$(head -c 3 batch2.csv | od -An -tx1 | tr -d ' ')" efbbbf
run fdss person show $P7
expect_status 0
expect_eq "shown" "$(ids)" "$P7"
run fdss household list --area 140826100 --group child --format table
expect_status 0
expect_lines 3
run fdss household show H1 --format table
expect_status 0
expect_lines 8
run sh -c 'fdss household list --area 140826 --poverty --format csv --bom > poverty-households.csv'
expect_status 0
expect_eq "households" "$(tail -n +2 poverty-households.csv | cut -d, -f1)" H1

t "help, options, and a failed write"
run fdss person --help
expect_status 0
expect_out_has 'usage: fdss person list [--area CODE]'
run fdss household --list-options
expect_status 0
expect_eq "verbs" "$(printf '%s\n' "$out" | head -n 2 | paste -sd ' ' -)" "list show"
expect_out_has '--group='
run sh -c 'fdss person list > /dev/full'
expect_status 74
expect_err_has 'fdss-person: cannot write to standard output'
