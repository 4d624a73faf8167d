# fdss import: the roster fixture has 9 good rows in 4 households and one
# bad row of each kind (lines 11-18).

R=$FIXTURES/roster/poverty-roster.csv
G=$FIXTURES/roster/poverty-roster.gb18030.csv
D=$FIXTURES/divisions
fdss init >/dev/null
fdss area import "$D/areas.csv" "$D/streets.csv" "$D/villages.csv" 2>/dev/null

reasons="fdss-import: $R:11: 证件号码 '140826197001010190': check character should be '9', not '0'
fdss-import: $R:12: 证件号码 '140826197002302011': birth date 19700230 does not exist
fdss-import: $R:13: 行政村 '不存在村': no such village in 古绛镇, 绛县
fdss-import: $R:14: 姓名: empty
fdss-import: $R:15: 证件号码 '140826195003150110': appears again, first on line 2
fdss-import: $R:16: 与户主关系 '朋友': unknown relation (户主, 配偶, 之子, 之女, 之父, 之母, 之孙子, 其他 ...)
fdss-import: $R:17: 健康状况 '良好': expected 健康, 长期慢性病, 患有大病 or 残疾
fdss-import: $R:18: 13 fields, but the header has 15"

t "a dry run counts and stores nothing"
run fdss import --dry-run --preset poverty-registry "$R"
expect_status 65
expect_err_has "read 17, inserted 9, updated 0, unchanged 0, rejected 8, households 4 (dry run, nothing stored)"
expect_eq "people" "$(sql 'SELECT count(*) FROM person')" 0
expect_eq "batches" "$(sql 'SELECT count(*) FROM import_batch')" 0

t "--atomic stores nothing when a row is rejected"
run fdss import --atomic --preset poverty-registry "$R"
expect_status 65
expect_err_has "rejected 8, households 4 (--atomic: nothing stored)"
expect_eq "people" "$(sql 'SELECT count(*) FROM person')" 0

t "import stores the good rows and names every bad one"
run fdss import --preset poverty-registry --rejects "$T/rejects.csv" --summary "$T/summary.json" "$R"
expect_status 65
expect_err "$reasons
fdss-import: $R: read 17, inserted 9, updated 0, unchanged 0, rejected 8, households 4"
expect_eq "people" "$(sql 'SELECT count(*) FROM person')" 9
expect_eq "households" "$(sql 'SELECT count(*) FROM household')" 4
expect_eq "summary" "$(cat "$T/summary.json")" "{\"type\":\"import\",\"file\":\"$R\",\"batch\":1,\"read\":17,\"inserted\":9,\"updated\":0,\"unchanged\":0,\"rejected\":8,\"households\":4,\"header_row\":1,\"footers\":0,\"normalised\":0,\"sha256\":\"$(sha256sum "$R" | cut -c1-64)\",\"dry_run\":false,\"stored\":true}"
expect_eq "batch record" "$(sql 'SELECT rows_read, inserted, rejected, households, operator, sha256 FROM import_batch')" "17|9|8|4|tester|$(sha256sum "$R" | cut -c1-64)"

t "the rejects file holds the rows as they were, with an error column"
expect_eq "reject lines" "$(wc -l < "$T/rejects.csv")" 9
expect_eq "header" "$(head -n 1 "$T/rejects.csv")" "县,乡（镇）,行政村,户编号,人编号,姓名,证件号码,与户主关系,民族,文化程度,健康状况,贫困户属性,脱贫年份,联系电话,备注,error"
expect_eq "first reject" "$(sed -n 2p "$T/rejects.csv")" "绛县,古绛镇,东关村委会,140826100200005,01,钱错码,140826197001010190,户主,汉族,小学,健康,,,,,\"证件号码 '140826197001010190': check character should be '9', not '0'\""
expect_eq "ragged reject" "$(sed -n 9p "$T/rejects.csv")" "绛县,古绛镇,东关村委会,140826100200011,01,冯缺列,140826197501010419,户主,汉族,小学,健康,,,\"13 fields, but the header has 15\""

t "derived fields, flags, conditions and extra columns are stored"
expect_eq "head" "$(sql "SELECT name, sex, birth_date, relation, household_no, poverty, poverty_attr, poverty_exit_year, low_income, disabled FROM person WHERE id_number = '140826195003150110'")" "张建国|M|1950-03-15|户主|140826100200001|1|一般贫困户|2019|0|0"
expect_eq "disabled and low income" "$(sql "SELECT disabled, low_income, health FROM person WHERE id_number = '140826196011220136'")" "1|1|长期慢性病,残疾"
expect_eq "serious illness" "$(sql "SELECT serious_illness FROM person WHERE name = '黄美玲'")" 1
expect_eq "chronic conditions" "$(sql "SELECT group_concat(id_number) FROM (SELECT id_number FROM condition WHERE kind = 'chronic' AND status = 'active' ORDER BY 1)")" "140826194001010179,140826195003150110,140826196011220136"
expect_eq "extra" "$(sql "SELECT extra FROM person WHERE name = '张伟'")" '{"备注":"外出务工"}'
expect_eq "villages by three names" "$(sql "SELECT group_concat(village_code) FROM (SELECT village_code FROM household ORDER BY 1)")" "140826100200,140826101200,140826106207,451026100212"

t "importing the same roster again changes nothing"
run fdss import --preset poverty-registry "$R"
expect_status 65
expect_err_has "read 17, inserted 0, updated 0, unchanged 9, rejected 8, households 4"
expect_eq "audit entries" "$(sql 'SELECT count(*) FROM audit_log')" 0
expect_eq "people of batch 1" "$(sql 'SELECT count(*) FROM person WHERE batch_id = 1')" 9

t "a changed row updates the person and is audited with before and after"
sed -e 's/13835901234/13835900000/' -e 's/^\(绛县,古绛镇,东关村委会,\)140826100200001\(,03,张伟\)/\1140826100200099\2/' "$R" > "$T/changed.csv"
run fdss import --preset poverty-registry "$T/changed.csv"
expect_status 65
expect_err_has "read 17, inserted 0, updated 2, unchanged 7, rejected 8, households 5"
expect_eq "phone" "$(sql "SELECT before, after, operator, table_name FROM audit_log WHERE row_key = '140826195003150110'")" '{"phone":"13835901234"}|{"phone":"13835900000"}|tester|person'
expect_eq "move" "$(sql "SELECT before, after FROM audit_log WHERE row_key = '140826197811220315'")" '{"household_no":"140826100200001"}|{"household_no":"140826100200099"}'
expect_eq "new household" "$(sql "SELECT village_code FROM household WHERE household_no = '140826100200099'")" 140826100200
expect_eq "batch of the changed" "$(sql "SELECT count(*) FROM person WHERE batch_id = 3")" 2

t "corrected rejects import cleanly"
{
	head -n 1 "$T/rejects.csv"
	sed -n 2,9p "$T/rejects.csv" | sed \
		-e 's/140826197001010190/140826197001010199/' \
		-e 's/140826197002302011,/140826197002282014,/' \
		-e 's/不存在村/东吴村委会/' \
		-e 's/140826100200008,01,,/140826100200008,01,陈补名,/' \
		-e '/appears again/d' \
		-e 's/,朋友,/,户主,/' \
		-e 's/,良好,/,健康,/' \
		-e 's/,健康,,,"13 fields.*/,健康,,,,,/'
} > "$T/fixed.csv"
run fdss import --preset poverty-registry "$T/fixed.csv"
expect_status 0
expect_err_has "read 7, inserted 7, updated 0, unchanged 0, rejected 0, households 7"
expect_eq "people" "$(sql 'SELECT count(*) FROM person')" 16

t "a GB18030 file without --encoding is refused whole, naming line and byte"
run fdss import --preset poverty-registry --db "$T/gb.db" "$G"
expect_status 66
fdss init --db "$T/gb.db" >/dev/null
fdss area import --db "$T/gb.db" "$D/areas.csv" "$D/streets.csv" "$D/villages.csv" 2>/dev/null
run fdss import --preset poverty-registry --db "$T/gb.db" "$G"
expect_status 65
expect_err_has "poverty-roster.gb18030.csv:1: byte 1: not valid UTF-8"
expect_err_has "try --encoding gb18030"
expect_eq "people" "$(sqlite3 "$T/gb.db" 'SELECT count(*) FROM person')" 0

t "--encoding gb18030 imports the same roster"
run fdss import --preset poverty-registry --encoding gb18030 --db "$T/gb.db" "$G"
expect_status 65
expect_err_has "read 17, inserted 9, updated 0, unchanged 0, rejected 8, households 4"
expect_err_has ":11: 证件号码 '140826197001010190': check character should be '9', not '0'"
expect_eq "names" "$(sqlite3 "$T/gb.db" "SELECT name FROM person WHERE id_number = '451026198709120267'")" 黄美玲

t "person list output imports unchanged as JSON lines"
fdss person list --format jsonl > "$T/people.jsonl"
expect_eq "records" "$(wc -l < "$T/people.jsonl")" 16
run fdss import "$T/people.jsonl"
expect_status 0
expect_err_has "read 16, inserted 0, updated 0, unchanged 16, rejected 0"
run fdss import --db "$T/gb.db" "$T/people.jsonl"
expect_status 0
expect_err_has "read 16, inserted 7, updated 2, unchanged 7, rejected 0"

t "JSON lines on stdin, with bad lines named"
input='{"id_number":"140826198001010011","name":"甲","relation":"户主","household_no":"H1","village_code":"140826100200"}
not json
{"id_number":140826198001010011,"name":"乙"}
{"id_number":"140826198001010011","name":"甲","relation":"户主","household_no":"H1","village_code":"140826100200"}
{"id_number":"140826198001010046","name":"丙","relation":"之女","household_no":"H1","village_code":"140826100200","sex":"男"}
{"id_number":"140826198001010054","name":"丁","relation":"之女","household_no":"H1","village_code":"140826100201","conditions":["hypertension"],"note":"x"}'
run_in - fdss import -
expect_status 65
expect_err_has "<stdin>:2: column 1: invalid literal: expected true, false or null"
expect_err_has "<stdin>:3: key 'id_number': expected a string (a number loses digits)"
expect_err_has "<stdin>:4: id_number '140826198001010011': appears again, first on line 1"
expect_err_has "<stdin>:5: sex '男': the ID number says 女 (F)"
expect_err_has "<stdin>:6: household_no 'H1': in village 140826100200 on line 1, here in 140826100201"
expect_err_has "read 6, inserted 1, updated 0, unchanged 0, rejected 5, households 1"

t "--map renames columns; a missing column is refused"
printf '身份证号,name,relation,户号,village_code\n140826198001010070,戊,户主,H2,140826100200\n' > "$T/mapped.csv"
run fdss import "$T/mapped.csv"
expect_status 65
expect_err "fdss-import: $T/mapped.csv: no column for id_number (see --preset and --map in fdss-import(1))"
run fdss import --map '身份证号=id_number,户号=household_no' "$T/mapped.csv"
expect_status 0
expect_err_has "inserted 1"
run fdss import --map '身份证号=idnumber' "$T/mapped.csv"
expect_status 64
expect_err_has "unknown field 'idnumber'"
run fdss import --preset nope "$T/mapped.csv"
expect_status 64
expect_err_has "unknown preset 'nope'"

t "a missing input file is 66"
run fdss import "$T/nope.csv"
expect_status 66
expect_err_has "cannot open '$T/nope.csv'"

t "killing an import leaves the database as before, and a rerun completes it"
roster_rows 60000 > "$T/big.csv"
fdss init --db "$T/kill.db" >/dev/null
fdss area import --db "$T/kill.db" "$D/areas.csv" "$D/streets.csv" "$D/villages.csv" 2>/dev/null
fdss import --db "$T/kill.db" "$T/big.csv" 2>/dev/null &
pid=$!
sleep 0.4
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
expect_eq "after kill" "$(sqlite3 "$T/kill.db" 'SELECT count(*) FROM person; SELECT count(*) FROM import_batch' | tr '\n' ' ')" "0 0 "
run fdss import --db "$T/kill.db" "$T/big.csv"
expect_status 0
expect_eq "after rerun" "$(sqlite3 "$T/kill.db" 'SELECT count(*) FROM person; SELECT count(*) FROM import_batch' | tr '\n' ' ')" "60000 1 "

t "a BOM, blanks around headers and Excel's number format are handled"
printf '\357\273\277 证件号码 ,姓名,与户主关系,户编号,village_code\r\n4.50521E+17,甲,户主,X1,140826100200\r\n140826198001010089,乙,户主,X2,140826100200\r\n' > "$T/excel.csv"
run fdss import --preset poverty-registry "$T/excel.csv"
expect_status 65
expect_err "fdss-import: $T/excel.csv:2: 证件号码 '4.50521E+17': a number in Excel's scientific format, digits lost: format the column as text before saving
fdss-import: $T/excel.csv: read 2, inserted 1, updated 0, unchanged 0, rejected 1, households 1"
expect_eq "stored" "$(sql "SELECT name FROM person WHERE id_number = '140826198001010089'")" 乙

# --- issue 10: nothing lost, nothing corrupted (a database of their own)
export FDSS_DB=$T/i10.db
fdss init >/dev/null
fdss area import "$D/areas.csv" "$D/streets.csv" "$D/villages.csv" 2>/dev/null
V=140826100200

t "a long address survives a re-import that leaves it out"
addr=$(printf '东%.0s' $(seq 510))
printf '{"id_number":"140826198001010011","name":"甲","relation":"户主","household_no":"A1","village_code":"%s","address":"%s","poverty_attr":"一般贫困户"}\n' "$V" "$addr" > "$T/addr.jsonl"
printf '{"id_number":"140826198001010011","name":"甲","relation":"户主","household_no":"A1","village_code":"%s","poverty_attr":"低保贫困户"}\n' "$V" > "$T/attr.jsonl"
run fdss import "$T/addr.jsonl"
expect_status 0
run fdss import "$T/attr.jsonl"
expect_status 0
expect_err_has "read 1, inserted 0, updated 1"
expect_eq "address" "$(sql "SELECT length(CAST(address AS BLOB)), address = '$addr', poverty_attr FROM household WHERE household_no = 'A1'")" "1530|1|低保贫困户"
expect_eq "audit" "$(sql "SELECT before, after FROM audit_log WHERE table_name = 'household'")" '{"poverty_attr":"一般贫困户"}|{"poverty_attr":"低保贫困户"}'
expect_eq "valid audit" "$(sql 'SELECT count(*) FROM audit_log WHERE NOT json_valid(before) OR NOT json_valid(after)')" 0

t "lone CR line ends (Excel's CSV (Macintosh)) are line ends"
printf 'household_no,village_code,name,id_number,relation\r%s\r%s\r' \
	"C1,$V,乙,14082619800101002X,户主" "C1,$V,丙,140826198001010038,配偶" > "$T/mac.csv"
run fdss import "$T/mac.csv"
expect_status 0
expect_err "fdss-import: $T/mac.csv: read 2, inserted 2, updated 0, unchanged 0, rejected 0, households 1"
expect_eq "stored" "$(sql "SELECT group_concat(name) FROM person WHERE household_no = 'C1'")" "乙,丙"

t "a header without rows, or no records, is said and exits 65"
printf 'household_no,village_code,name,id_number,relation\r\n' > "$T/header.csv"
run fdss import "$T/header.csv"
expect_status 65
expect_err "fdss-import: $T/header.csv: a header but no rows: nothing to import"
input=''
run_in - fdss import --jsonl -
expect_status 65
expect_err "fdss-import: <stdin>: no records: nothing to import"
expect_eq "batches" "$(sql 'SELECT count(*) FROM import_batch')" 3

t "a 50 MB line without a line end is named, not taken for empty input"
head -c 52428800 /dev/zero | tr '\0' a > "$T/huge.csv"
run fdss import "$T/huge.csv"
expect_status 65
expect_err "fdss-import: $T/huge.csv:1: record longer than 16777216 bytes; cannot read the header"
rm -f "$T/huge.csv"

t "a NUL byte in a CSV field rejects the row, naming line, field and column"
printf 'household_no,village_code,name,id_number,relation\nN1,%s,张\000三,140826198001010046,户主\nN1,%s,李四,140826198001010054,配偶\n' "$V" "$V" > "$T/nul.csv"
run fdss import --rejects "$T/nul-rejects.csv" "$T/nul.csv"
expect_status 65
expect_err_has "fdss-import: $T/nul.csv:2: NUL byte in field 3 (name)"
expect_err_has "read 2, inserted 1, updated 0, unchanged 0, rejected 1"
expect_eq "not stored" "$(sql "SELECT count(*) FROM person WHERE id_number = '140826198001010046'")" 0

t "a BOM at the start of a data row is not kept in household_no"
printf 'household_no,village_code,name,id_number,relation\n\357\273\277B1,%s,丁,140826198001010062,户主\n' "$V" > "$T/bom.csv"
run fdss import "$T/bom.csv"
expect_status 0
expect_eq "household" "$(sql "SELECT household_no FROM person WHERE id_number = '140826198001010062'")" B1

t "a corrected rejects file does not overwrite another person"
printf 'household_no,village_code,name,id_number,relation\nR1,%s,邹仁生,140826198001010070,户主\nR2,%s,陆丽,140826198001010070,户主\n' "$V" 140826100201 > "$T/dup.csv"
run fdss import --rejects "$T/dup-rejects.csv" "$T/dup.csv"
expect_status 65
expect_err_has "fdss-import: $T/dup.csv:3: id_number '140826198001010070': appears again, first on line 2"
run fdss import "$T/dup-rejects.csv"
expect_status 65
expect_err_has "fdss-import: $T/dup-rejects.csv:2: id_number '140826198001010070': name '陆丽' differs from the stored '邹仁生'; check the ID number, or use --accept-renames"
expect_err_has "read 1, inserted 0, updated 0, unchanged 0, rejected 1"
expect_eq "first stands" "$(sql "SELECT name, household_no FROM person WHERE id_number = '140826198001010070'")" "邹仁生|R1"
expect_eq "no household" "$(sql "SELECT count(*) FROM household WHERE household_no = 'R2'")" 0

t "--accept-renames renames, audited"
expect_eq "option listed" "$(fdss import --list-options | grep -c -x -- --accept-renames)" 1
run fdss import --accept-renames "$T/dup-rejects.csv"
expect_status 0
expect_eq "renamed" "$(sql "SELECT name, household_no FROM person WHERE id_number = '140826198001010070'")" "陆丽|R2"
expect_eq "audit" "$(sql "SELECT json_extract(before, '$.name'), json_extract(after, '$.name') FROM audit_log WHERE row_key = '140826198001010070'")" "邹仁生|陆丽"

t "a member who moves in leaves the household's 贫困户属性 alone"
printf 'household_no,village_code,name,id_number,relation,poverty_attr\nM1,%s,戊,140826198001010089,户主,一般贫困户\nM2,%s,己,140826198001010097,户主,低保贫困户\nM2,%s,庚,140826198001010118,之子,低保贫困户\n' "$V" "$V" "$V" > "$T/hh.csv"
run fdss import "$T/hh.csv"
expect_status 0
printf 'household_no,village_code,name,id_number,relation,poverty_attr\nM1,%s,庚,140826198001010118,之子,低保贫困户\n' "$V" > "$T/move.csv"
run fdss import "$T/move.csv"
expect_status 0
expect_err_has "read 1, inserted 0, updated 1"
expect_eq "moved" "$(sql "SELECT household_no FROM person WHERE id_number = '140826198001010118'")" M1
expect_eq "household kept" "$(sql "SELECT poverty_attr FROM household WHERE household_no = 'M1'")" 一般贫困户
