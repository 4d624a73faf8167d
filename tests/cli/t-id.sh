# fdss id check: resident identity numbers from operands and stdin.

rec_valid='{"type":"id","input":"11010519491231002X","id_number":"11010519491231002X","valid":true,"error":null,"warning":null,"sex":"F","birth_date":"1949-12-31","age":76,"region":"110105","region_name":"北京市朝阳区"}'

t "id check accepts a valid number"
run fdss id check 11010519491231002X
expect_status 0
expect_out "$rec_valid"
expect_err_empty

t "id check rejects a wrong check character"
run fdss id check 110105194912310021
expect_status 65
expect_out '{"type":"id","input":"110105194912310021","id_number":null,"valid":false,"error":"check character should be '\''X'\'', not '\''1'\''","warning":null,"sex":null,"birth_date":null,"age":null,"region":null,"region_name":null}'
expect_err "fdss-id: '110105194912310021': check character should be 'X', not '1'"

t "id check names what is wrong"
run fdss id check 11010519491231002 11010a19491231002X 990105194912310023 11010519490230002X
expect_status 65
expect_lines 4
expect_err "fdss-id: '11010519491231002': 18 characters expected, got 17
fdss-id: '11010a19491231002X': character 6 is 'a', not a digit
fdss-id: '990105194912310023': province code 99 does not exist
fdss-id: '11010519490230002X': birth date 19490230 does not exist"

t "id check normalises a lower-case x and upgrades 15 digits"
run fdss id check 11010519491231002x 110105491231002
expect_status 0
expect_lines 2
expect_eq "ids" "$(printf '%s\n' "$out" | grep -c '"id_number":"11010519491231002X"')" 2
expect_out_has '"input":"11010519491231002x"'
expect_out_has '"input":"110105491231002"'

t "id check reads stdin one per line, skipping blank lines"
input='11010519491231002X

  370101190102039973  
110105194912310021
'
run_in - fdss id check
expect_status 65
expect_lines 3
expect_out_has '"id_number":"370101190102039973"'
expect_err "fdss-id: <stdin>:4: '110105194912310021': check character should be 'X', not '1'"

t "id check reads stdin for '-' among operands"
input='370101190102039973
'
run_in - fdss id check 11010519491231002X -
expect_status 0
expect_lines 2

t "id check reads JSON records on stdin"
input='{"type":"person","name":"张三","id_number":"11010519491231002X","phone":"13800000000"}
{"type":"person","name":"李四"}
{"id_number":5}
{not json
{"id_number":"110105194912310021"}
'
run_in - fdss id check
expect_status 65
expect_lines 2
expect_out_has '"id_number":"11010519491231002X","valid":true'
expect_err "fdss-id: <stdin>:2: no \"id_number\" in the record
fdss-id: <stdin>:3: key 'id_number': expected a string, got a number
fdss-id: <stdin>:4: column 2: expected a key in double quotes, found 'n'
fdss-id: <stdin>:5: '110105194912310021': check character should be 'X', not '1'"

t "id check masks numbers in a table"
run fdss id check --format table 11010519491231002X 110105194912310021
expect_status 65
expect_lines 3
expect_out_has '110105********002X  110105********002X  true'
expect_out_has '110105********0021'
expect_out_lacks '11010519491231002X'
expect_out_lacks '110105194912310021'
expect_out_has '北京市朝阳区'

t "id check --no-mask prints numbers whole in a table"
run fdss id check --format table --no-mask 11010519491231002X
expect_status 0
expect_out_has '11010519491231002X  11010519491231002X  true'
expect_out_lacks '*'

t "id check writes csv"
run fdss id check --format csv 11010519491231002X
expect_status 0
expect_out "input,id_number,valid,error,warning,sex,birth_date,age,region,region_name$(printf '\r')
110105********002X,110105********002X,true,,,F,1949-12-31,76,110105,北京市朝阳区$(printf '\r')"

t "id check writes json"
run fdss id check --format json 11010519491231002X 370101190102039973
expect_status 0
expect_eq "first line" "$(printf '%s\n' "$out" | head -n 1)" "["
expect_eq "last line" "$(printf '%s\n' "$out" | tail -n 1)" "]"
expect_eq "records" "$(printf '%s' "$out" | grep -o '"type":"id"' | wc -l)" 2

t "id check warns about an unknown county code"
run fdss id check 440524198001010013
expect_status 0
expect_out_has '"valid":true'
expect_out_has '"warning":"unknown county code 440524"'
expect_out_has '"region":"440524","region_name":null'
expect_err_empty

t "id check --as-of decides a birth in the future"
run fdss id check 450521202611230015
expect_status 65
expect_err_has "birth date 20261123 is after 2026-11-22"
run fdss id check --as-of 2026-11-23 450521202611230015
expect_status 0
expect_out_has '"valid":true,"error":null,"warning":null,"sex":"M","birth_date":"2026-11-23","age":0'
run fdss id check 450521202611220028
expect_status 0
expect_out_has '"sex":"F","birth_date":"2026-11-22","age":0'

t "id check computes the age at --as-of, birthday-exact"
run fdss id check --as-of 2026-12-30 11010519491231002X
expect_out_has '"age":76'
run fdss id check --as-of 2026-12-31 11010519491231002X
expect_out_has '"age":77'
FDSS_TODAY=2027-01-01 run fdss id check 11010519491231002X
expect_out_has '"age":77'

t "id check --help prints the usage"
run fdss id --help
expect_status 0
expect_out_has 'usage: fdss id check [--as-of date] [--bom] [--format format] [--no-mask] [number ...]'

t "id check refuses an unknown option"
run fdss id check --frobnicate 11010519491231002X
expect_status 64
expect_out ''
expect_err_has 'usage: fdss id check'

t "id check refuses a missing or unknown verb and a bad date"
run fdss id
expect_status 64
expect_err_has 'a verb is required'
run fdss id verify 11010519491231002X
expect_status 64
expect_err_has "unknown verb 'verify'"
run fdss id check --as-of 2026-02-30 11010519491231002X
expect_status 64

t "id check --list-options lists the verb and options"
run fdss id --list-options
expect_status 0
expect_out_has 'check'
expect_out_has '--as-of='
expect_out_has '--no-mask'
