# Strict input (issue 10, items 4 and 6): JSON lines as RFC 8259 has
# them, no U+0000 in a value, and numbers in options and arguments in
# decimal only.  Each case failed on a71fef8: cJSON read 02019 as 2019
# and cut "T01\u0000; DROP TABLE x" to T01; strtod read 0x96 as 150.

roster_fixture
{
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院
	fdss team member add T01 --name 王医生 --role doctor
	fdss team member add T01 --name 李护士 --role nurse
} >/dev/null
Z=140826197811220315 H4=140826106207004
sql "INSERT INTO condition (id_number, kind, since, source) VALUES
	('$Z', 'hypertension', '2020-01-01', 'manual')"
people() { sql "SELECT count(*) FROM person"; }
row='"id_number":"140826198001010011","relation":"户主","household_no":"H1","village_code":"140826100200","poverty_attr":"一般贫困户"'

t "import: a number with a leading zero is refused with its line and column"
input='{"name":"甲",'"$row"',"poverty_exit_year":2019}
{"name":"乙",'"$row"',"poverty_exit_year":02019}
'
run_in - fdss import --jsonl --atomic -
expect_status 65
expect_err_has "fdss-import: <stdin>:2: column 171: leading zero in number"
expect_err_has "rejected 1"
expect_eq "people" "$(people)" 9

t "import: the JSONTestSuite cases cJSON took are refused, each with its line"
input='{"name":"a",'"$row"',"x":-01}
{"name":"a",'"$row"',"x":012}
{"name":"a",'"$row"',"x":1.}
{"name":"a",'"$row"',"x":2.e3}
{"name":"a",'"$row"',"x":-.123}
{"name":"a",'"$row"',"x":"\uqqqq"}
{"name":"a",'"$row"',"x":"a	b"}
{"name":"a",'"$row"',"x":"a'$'\f''b"}
{"name":"a",'"$row"',"x":"a'$'\x01''b"}
{"name":"a",'"$row"',"x":"\x00"}
{"name":"a",'"$row"',"x":"\uD800"}
{"name":"a",'"$row"',"x":1}#
{"name":"a",'"$row"',"x":tru}
'
run_in - fdss import --jsonl -
expect_status 65
expect_err_has "<stdin>:1: column 154: leading zero in number"
expect_err_has "<stdin>:2: column 153: leading zero in number"
expect_err_has "<stdin>:3: column 155: expected a digit after the decimal point, found '}'"
expect_err_has "<stdin>:4: column 155: expected a digit after the decimal point, found 'e'"
expect_err_has "<stdin>:5: column 154: expected a digit after '-', found '.'"
expect_err_has "<stdin>:6: column 154: invalid escape: \\u needs 4 hex digits"
expect_err_has "<stdin>:7: column 155: control character U+0009 in a string"
expect_err_has "<stdin>:8: column 155: control character U+000C in a string"
expect_err_has "<stdin>:9: column 155: control character U+0001 in a string"
expect_err_has "<stdin>:10: column 154: invalid escape: '\\' followed by 'x'"
expect_err_has "<stdin>:11: column 154: lone surrogate \\uD800"
expect_err_has "<stdin>:12: column 155: expected the end after the value, found '#'"
expect_err_has "<stdin>:13: column 153: invalid literal: expected true, false or null"
expect_err_has "read 13, inserted 0, updated 0, unchanged 0, rejected 13"
expect_eq "people" "$(people)" 9

t "import: U+0000, escaped or raw, is refused naming the key"
printf '%s\n' '{"name":"张\u0000三",'"$row"'}' \
	'{"name":"甲","id_number":"450102198001010015\u0000junk","relation":"户主","household_no":"H1","village_code":"140826100200"}' >nul.jsonl
printf '{"name":"张\0三",%s}\n' "$row" >>nul.jsonl
run fdss import --rejects rej.jsonl nul.jsonl
expect_status 65
expect_err_has 'nul.jsonl:1: column 13: "name": contains a NUL character (U+0000)'
expect_err_has 'nul.jsonl:2: column 46: "id_number": contains a NUL character (U+0000)'
expect_err_has 'nul.jsonl:3: column 13: "name": contains a NUL character (U+0000)'
expect_err_has "rejected 3"
expect_eq "people" "$(people)" 9
expect_eq "no 张" "$(sql "SELECT count(*) FROM person WHERE name LIKE '张%' AND id_number = '140826198001010011'")" 0
expect_eq "rejects kept whole" "$(head -n 1 rej.jsonl | grep -c 'u0000三')" 1

t "sign: a team with a NUL is refused naming \"team\""
input='{"household_no":"'$H4'","team":"T01\u0000; DROP TABLE x"}
'
run_in - fdss sign
expect_status 65
expect_err_has 'fdss-sign: <stdin>:1: column 46: "team": contains a NUL character (U+0000)'
expect_eq "contracts" "$(sql "SELECT count(*) FROM contract")" 0

t "sign: 1. and 012 are not numbers"
input='{"household_no":"'$H4'","team":"T01","years":012}
'
run_in - fdss sign
expect_status 65
expect_err_has "fdss-sign: <stdin>:1: column 56: leading zero in number"
expect_eq "contracts" "$(sql "SELECT count(*) FROM contract")" 0

t "followup: --sbp 0x96 is refused, not read as 150"
run fdss followup record $Z --program hypertension --sbp 0x96 --dbp 90
expect_status 64
expect_err_has "fdss-followup: --sbp '0x96': expected a number in decimal, such as 150 or 7.2"
for v in +150 ' 150' 150x 1e2 inf nan 150. .5 0150; do
	run fdss followup record $Z --program hypertension --sbp "$v" --dbp 90
	expect_status 64
done
run fdss followup record $Z --program hypertension --fpg 0x1p3 --dbp 90
expect_status 64
expect_eq "visits" "$(sql "SELECT count(*) FROM followup")" 0
run fdss followup record $Z --program hypertension --sbp 150 --dbp 90 --temperature 36.5
expect_status 0
expect_eq "sbp" "$(sql "SELECT sbp FROM followup")" 150

t "followup: a visit's number in JSON is strict too"
input='{"id_number":"'$Z'","program":"hypertension","sbp":0150,"dbp":90}
'
run_in - fdss followup record
expect_status 65
expect_err_has "<stdin>:1: column 66: leading zero in number"
expect_eq "visits" "$(sql "SELECT count(*) FROM followup")" 1

t "numeric options: decimal only, whole, in range"
run fdss followup due --within 0x10
expect_status 64
run fdss followup due --within +10
expect_status 64
run fdss followup due --within 010
expect_status 64
run fdss followup due --within ' 10'
expect_status 64
run fdss followup due --within 10
expect_status 0
run fdss sign --team T01 --years +1 --dry-run $H4
expect_status 64
run fdss sign --team T01 --years 0x1 --dry-run $H4
expect_status 64
run fdss contract list --ending-within 0x10
expect_status 64

t "rules and settings: values in decimal only"
run fdss rules set hypertension sbp_limit 0x8c
expect_status 64
run fdss rules set hypertension sbp_limit 1.4e2
expect_status 64
run fdss rules set hypertension sbp_limit 140.
expect_status 64
expect_eq "rule" "$(sql "SELECT value FROM rule WHERE program = 'hypertension' AND key = 'sbp_limit'")" 140
run fdss rules set hypertension sbp_limit 139.5
expect_status 0
run fdss setting set doctor_limit 010
expect_status 64
expect_eq "setting" "$(sql "SELECT value FROM setting WHERE key = 'doctor_limit'")" 2000

t "id check: a NUL byte does not cut the line short"
printf '11010519491231002X\0junk\n{"id_number":"11010519491231002X\\u0000junk"}\n{"id_number":"11010519491231002X"}\n' >ids.txt
run_in ids.txt fdss id check
expect_status 65
expect_lines 1
expect_err_has "fdss-id: <stdin>:1: column 19: contains a NUL character (U+0000)"
expect_err_has 'fdss-id: <stdin>:2: column 33: "id_number": contains a NUL character (U+0000)'
