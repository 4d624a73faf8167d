# fdss import of a roster shaped like a registry export: shape-clean.csv
# (18 rows, 7 households, 3 bad rows) and shape-quirks.csv, the same
# roster with a title and a subtitle line above the header, household
# cells merged (blank below a household's first row), ID numbers typed
# full-width, with blanks, NBSP, U+3000 or a lower-case x, phones in
# groups or full-width, a blank row and three footers; CRLF and a BOM as
# Excel writes them.  shape-quirks.gb18030.csv is the same in GB18030.

C=$FIXTURES/roster/shape-clean.csv
Q=$FIXTURES/roster/shape-quirks.csv
G=$FIXTURES/roster/shape-quirks.gb18030.csv
D=$FIXTURES/divisions

# fresh NAME: an empty database $T/NAME.db with the fixture divisions
fresh() {
	rm -f "$T/$1.db"
	FDSS_DB=$T/$1.db fdss init >/dev/null
	FDSS_DB=$T/$1.db fdss area import "$D/areas.csv" "$D/streets.csv" \
		"$D/villages.csv" 2>/dev/null
}

# stored NAME: what a database holds of people, households and
# conditions, without batch lines and the "normalised" entries of extra
stored() {
	sqlite3 -batch "$T/$1.db" "SELECT id_number, name, sex, birth_date,
		household_no, relation, person_no, ethnicity, education, health,
		phone, disabled, serious_illness, special_family, poverty,
		poverty_attr, poverty_exit_year, low_income,
		json_remove(extra, '\$.normalised'), status FROM person ORDER BY 1;
	     SELECT household_no, village_code, address, poverty_attr
		FROM household ORDER BY 1;
	     SELECT id_number, kind, status FROM condition ORDER BY 1, 2"
}

# people NAME: fdss person list as JSON lines, less extra.normalised
people() {
	FDSS_DB=$T/$1.db fdss person list --format jsonl |
		jq -c 'del(.extra.normalised) | del(.batch)'
}

counts="read 18, inserted 15, updated 0, unchanged 0, rejected 3, households 6"

t "the clean roster: 15 of 18 rows stored in 6 households"
fresh clean
run env FDSS_DB="$T/clean.db" fdss import --preset poverty-registry --summary "$T/clean.json" "$C"
expect_status 65
expect_err_has "$C: $counts"
expect_eq "summary" "$(jq -c '[.header_row, .footers, .normalised]' "$T/clean.json")" "[1,0,0]"

t "the quirky roster: the same counts, header on line 3, 3 footers, 9 values normalised"
fresh quirks
run env FDSS_DB="$T/quirks.db" fdss import --preset poverty-registry --rejects "$T/rejects.csv" --summary "$T/quirks.json" "$Q"
expect_status 65
expect_err "fdss-import: $Q:9: 与户主关系 '朋友': unknown relation (户主, 配偶, 之子, 之女, 之父, 之母, 之孙子, 其他 ...)
fdss-import: $Q:17: 证件号码 '１４０８２６１９９２０３１５０２２０': check character should be '8', not '0' (read as '140826199203150220')
fdss-import: $Q:19: 证件号码 '140826 197002302011': birth date 19700230 does not exist (read as '140826197002302011')
fdss-import: $Q: header on line 3
fdss-import: $Q: $counts, footers 3, normalised 9"
expect_eq "summary" "$(jq -c '[.read, .inserted, .rejected, .households, .header_row, .footers, .normalised]' "$T/quirks.json")" "[18,15,3,6,3,3,9]"

t "the quirky roster stores exactly what the clean one does"
expect_eq "stored" "$(stored quirks)" "$(stored clean)"
expect_eq "person list" "$(people quirks)" "$(people clean)"
expect_eq "people" "$(sqlite3 "$T/quirks.db" 'SELECT count(*) FROM person')" 15

t "the same quirky roster in GB18030 stores the same"
fresh gb
run env FDSS_DB="$T/gb.db" fdss import --encoding gb18030 --preset poverty-registry "$G"
expect_status 65
expect_err_has "$G:17: 证件号码 '１４０８２６１９９２０３１５０２２０': check character should be '8', not '0'"
expect_err_has "$G: $counts, footers 3, normalised 9"
expect_eq "stored" "$(stored gb)" "$(stored clean)"

t "what was normalised is kept in the person's extra"
expect_eq "张建国" "$(sqlite3 "$T/quirks.db" "SELECT extra FROM person WHERE name = '张建国'")" '{"normalised":{"id_number":"１４０８２６１９５００３１５０１１０","phone":"138 3590 1234"}}'
expect_eq "张伟" "$(sqlite3 "$T/quirks.db" "SELECT extra FROM person WHERE name = '张伟'")" '{"备注":"外出务工","normalised":{"id_number":"140826　197811220112","phone":"１３９３５９０５６７８"}}'
expect_eq "王德福 (NBSP, x)" "$(sqlite3 "$T/quirks.db" "SELECT id_number, json_extract(extra, '\$.normalised.id_number') FROM person WHERE name = '王德福'")" "14082619601122011X|$(printf '\302\240')14082619601122011x"
expect_eq "household number of the head only" "$(sqlite3 "$T/quirks.db" "SELECT group_concat(name) FROM person WHERE json_extract(extra, '\$.normalised.household_no') IS NOT NULL")" "刘福贵"
expect_eq "stored numbers" "$(sqlite3 "$T/quirks.db" "SELECT household_no, phone FROM person WHERE name IN ('刘福贵', '张建国') ORDER BY name")" "140826100212005|15903591234
140826100200001|13835901234"

t "the rejects file keeps the filled cells and starts with the header"
expect_eq "lines" "$(wc -l < "$T/rejects.csv")" 4
expect_eq "header" "$(head -n 1 "$T/rejects.csv")" "县,乡（镇）,行政村,户编号,人编号,姓名,证件号码,与户主关系,民族,文化程度,健康状况,贫困户属性,脱贫年份,联系电话,备注,error"
expect_eq "a member, filled" "$(sed -n 2p "$T/rejects.csv")" "绛县,横水镇,横北村委会,140826101200002,02,王朋友,140826198503010118,朋友,汉族,初中,健康,低保贫困户,2020,,,\"与户主关系 '朋友': unknown relation (户主, 配偶, 之子, 之女, 之父, 之母, 之孙子, 其他 ...)\""
expect_eq "as typed" "$(sed -n 3p "$T/rejects.csv" | cut -d, -f4,7)" "140826100212 005,１４０８２６１９９２０３１５０２２０"

t "the rejects file, corrected, imports on its own"
sed -e 's/,朋友,/,其他,/' -e 's/１４０８２６１９９２０３１５０２２０/１４０８２６１９９２０３１５０２２８/' \
	-e 's/140826 197002302011/140826197002282014/' "$T/rejects.csv" > "$T/fixed.csv"
fresh alone
run env FDSS_DB="$T/alone.db" fdss import --preset poverty-registry "$T/fixed.csv"
expect_status 0
expect_err "fdss-import: $T/fixed.csv: read 3, inserted 3, updated 0, unchanged 0, rejected 0, households 3, footers 0, normalised 2"
expect_eq "villages" "$(sqlite3 "$T/alone.db" "SELECT group_concat(household_no || '@' || village_code) FROM (SELECT * FROM household ORDER BY 1)")" "140826100202006@140826100202,140826100212005@140826100212,140826101200002@140826101200"
run env FDSS_DB="$T/quirks.db" fdss import --preset poverty-registry "$T/fixed.csv"
expect_status 0
expect_err_has "read 3, inserted 3, updated 0, unchanged 0, rejected 0, households 3"
expect_eq "people" "$(sqlite3 "$T/quirks.db" 'SELECT count(*) FROM person')" 18

t "--header-row takes the line given"
fresh hr
run env FDSS_DB="$T/hr.db" fdss import --preset poverty-registry --header-row 3 --dry-run "$Q"
expect_status 65
expect_err_has "$counts, footers 3, normalised 9 (dry run, nothing stored)"
run env FDSS_DB="$T/hr.db" fdss import --preset poverty-registry --header-row 2 "$Q"
expect_status 65
expect_err "fdss-import: $Q: no column for id_number (see --preset and --map in fdss-import(1))"
run env FDSS_DB="$T/hr.db" fdss import --preset poverty-registry --header-row 99 "$Q"
expect_status 65
expect_err "fdss-import: $Q: --header-row 99: no record starts on that line"
run env FDSS_DB="$T/hr.db" fdss import --header-row 0 "$Q"
expect_status 64
expect_err_has "--header-row '0': expected a line number, 1 or more"

t "a header below line 20 is not searched for, but --header-row finds it"
{ for i in $(seq 1 21); do echo "说明第${i}行,,,,,,,,,,,,,,"; done; head -n 2 "$C"; } > "$T/deep.csv"
run env FDSS_DB="$T/hr.db" fdss import --preset poverty-registry "$T/deep.csv"
expect_status 65
expect_err "fdss-import: $T/deep.csv: no header in the first 20 lines: none names the columns of id_number, name, relation, household_no and the village (see --preset, --map and --header-row in fdss-import(1))"
run env FDSS_DB="$T/hr.db" fdss import --preset poverty-registry --header-row 22 --summary "$T/deep.json" "$T/deep.csv"
expect_status 0
expect_err "fdss-import: $T/deep.csv: header on line 22
fdss-import: $T/deep.csv: read 1, inserted 1, updated 0, unchanged 0, rejected 0, households 1"
expect_eq "header_row" "$(jq .header_row "$T/deep.json")" 22

t "a title line and a header lacking a column: the nearest line is named"
printf '花名册\n县,乡（镇）,行政村,户编号,姓名,与户主关系\n' > "$T/nearly.csv"
run env FDSS_DB="$T/hr.db" fdss import --preset poverty-registry "$T/nearly.csv"
expect_status 65
expect_err "fdss-import: $T/nearly.csv: no header in the first 20 lines; line 2 comes nearest but has no column for id_number (see --preset, --map and --header-row in fdss-import(1))"

H='县,乡（镇）,行政村,户编号,人编号,姓名,证件号码,与户主关系,民族,文化程度,健康状况,贫困户属性,脱贫年份,联系电话,备注'

t "a footer has a footer word first, no relation and no ID number; a person named 合计 is no footer"
{
	echo "$H"
	echo "绛县,古绛镇,东关村委会,140826100200001,01,张建国,140826195003150110,户主,汉族,小学,健康,一般贫困户,2019,,"
	echo ",,,,,合计,140826197811220112,之子,汉族,初中,健康,,,,"
	echo ",,,,,合计,,之女,汉族,初中,健康,,,,"
	echo "合计,,,,,,988,,,,,,,,"
	echo "小 计：1户,,,,,,,,,,,,,,"
	echo "　备注：未含迁出人口,,,,,,,,,,,,,,"
	echo "总计,,,,,,140826202105100125,,,,,,,,"
} > "$T/footers.csv"
fresh ft
run env FDSS_DB="$T/ft.db" fdss import --preset poverty-registry --summary "$T/ft.json" "$T/footers.csv"
expect_status 65
expect_err "fdss-import: $T/footers.csv:4: 证件号码: empty
fdss-import: $T/footers.csv:8: 姓名: empty
fdss-import: $T/footers.csv: read 4, inserted 2, updated 0, unchanged 0, rejected 2, households 1, footers 3, normalised 0"
expect_eq "合计 the person" "$(sqlite3 "$T/ft.db" "SELECT name, household_no, relation FROM person WHERE id_number = '140826197811220112'")" "合计|140826100200001|之子"
expect_eq "footers" "$(jq .footers "$T/ft.json")" 3

cascade="$H
,,,,01,孤儿行,140826197811220112,之子,汉族,初中,健康,,,,
绛县,古绛镇,东关村委会,140826100200001,01,张建国,140826195003150111,户主,汉族,小学,健康,一般贫困户,2019,,
,,,,02,李秀英,140826195207010128,配偶,汉族,小学,健康,,,,
,,,,03,张欣怡,140826202105100125,之孙女,汉族,学龄前儿童,健康,,,,
绛县,古绛镇,东吴村委会,,01,刘福贵,140826196608080113,户主,汉族,初中,健康,一般贫困户,2020,,
,,,,02,陈桂兰,140826196810100122,配偶,汉族,小学,健康,,,,
绛县,古绛镇,东吴村委会,140826100212005,03,刘强,140826199507200116,之子,汉族,高中,健康,,,,"

t "merged household cells: a blank 户编号 on a head's row, or below a rejected head, is rejected"
printf '%s\n' "$cascade" > "$T/cascade.csv"
fresh cc
run env FDSS_DB="$T/cc.db" fdss import --preset poverty-registry --rejects "$T/cc-rejects.csv" "$T/cascade.csv"
expect_status 65
expect_err "fdss-import: $T/cascade.csv:2: 户编号: empty, and no household above to take it from
fdss-import: $T/cascade.csv:3: 证件号码 '140826195003150111': check character should be '0', not '1'
fdss-import: $T/cascade.csv:4: 户编号: empty; its value comes from line 3 above, which was rejected
fdss-import: $T/cascade.csv:5: 户编号: empty; its value comes from line 3 above, which was rejected
fdss-import: $T/cascade.csv:6: 户编号: empty on the head's row (与户主关系 '户主')
fdss-import: $T/cascade.csv:7: 户编号: empty; its value comes from line 6 above, which was rejected
fdss-import: $T/cascade.csv: read 7, inserted 1, updated 0, unchanged 0, rejected 6, households 1"
expect_eq "filled below the rejected head" "$(sed -n 4p "$T/cc-rejects.csv")" "绛县,古绛镇,东关村委会,140826100200001,02,李秀英,140826195207010128,配偶,汉族,小学,健康,一般贫困户,2019,,,\"户编号: empty; its value comes from line 3 above, which was rejected\""
expect_eq "filled but the household" "$(sed -n 7p "$T/cc-rejects.csv" | cut -d, -f1-6)" "绛县,古绛镇,东吴村委会,,02,陈桂兰"

t "the cascade's rejects, corrected, import on their own"
sed -e '2d' -e 's/140826195003150111/140826195003150110/' \
	-e 's/东吴村委会,,01/东吴村委会,140826100212005,01/' "$T/cc-rejects.csv" > "$T/cc-fixed.csv"
fresh cc2
run env FDSS_DB="$T/cc2.db" fdss import --preset poverty-registry "$T/cc-fixed.csv"
expect_status 0
expect_err "fdss-import: $T/cc-fixed.csv: read 5, inserted 5, updated 0, unchanged 0, rejected 0, households 2"
expect_eq "households" "$(sqlite3 "$T/cc2.db" "SELECT group_concat(household_no || ':' || n) FROM (SELECT household_no, count(*) n FROM person GROUP BY 1 ORDER BY 1)")" "140826100200001:3,140826100212005:2"

t "--fill-down fills the columns it names, in any layout"
printf '%s\n' "household_no,village_code,name,id_number,relation,note" \
	"H-1,140826100200,张建国,140826195003150110,户主,a" \
	",,李秀英,140826195207010128,配偶," \
	"H-2,140826100212,刘福贵,140826196608080113,户主,b" \
	",,陈桂兰,140826196810100122,配偶," > "$T/english.csv"
fresh fd
run env FDSS_DB="$T/fd.db" fdss import --dry-run "$T/english.csv"
expect_status 65
expect_err_has "$T/english.csv:3: household_no: empty"
run env FDSS_DB="$T/fd.db" fdss import --fill-down household_no,village_code "$T/english.csv"
expect_status 0
expect_err_has "read 4, inserted 4, updated 0, unchanged 0, rejected 0, households 2"
expect_eq "filled" "$(sqlite3 "$T/fd.db" "SELECT group_concat(name || ':' || household_no || ':' || extra, ' ') FROM (SELECT * FROM person ORDER BY id_number)")" '张建国:H-1:{"note":"a"} 李秀英:H-1:{} 刘福贵:H-2:{"note":"b"} 陈桂兰:H-2:{}'
run env FDSS_DB="$T/fd.db" fdss import --fill-down household_no,note --dry-run "$T/english.csv"
expect_err_has "$T/english.csv:3: no village: give village_code"
run env FDSS_DB="$T/fd.db" fdss import --fill-down 户号 "$T/english.csv"
expect_status 65
expect_err "fdss-import: $T/english.csv:1: --fill-down '户号': no such column in the header"

t "--header-row and --fill-down are for tables, not JSON lines"
input='{"id_number":"140826195003150110"}'
run_in - env FDSS_DB="$T/fd.db" fdss import --jsonl --fill-down x
expect_status 64
expect_err "fdss-import: --header-row and --fill-down are for tables, not JSON lines"

t "a household number in Excel's scientific format is rejected"
printf '%s\n' "$H" "绛县,古绛镇,东关村委会,1.40826E+14,01,张建国,140826195003150110,户主,汉族,小学,健康,,,," > "$T/sci.csv"
run env FDSS_DB="$T/fd.db" fdss import --preset poverty-registry --dry-run "$T/sci.csv"
expect_status 65
expect_err_has "$T/sci.csv:2: 户编号 '1.40826E+14': a number in Excel's scientific format, digits lost: format the column as text before saving"

t "JSON lines: an ID number typed full-width is read as meant and noted"
fresh js
input='{"household_no":"H9","village_code":"140826100200","name":"张建国","id_number":"１４０８２６１９５００３１５０１１０","relation":"户主","phone":"１３８ ３５９０ １２３４"}'
run_in - env FDSS_DB="$T/js.db" fdss import --jsonl --summary "$T/js.json"
expect_status 0
expect_eq "stored" "$(sqlite3 "$T/js.db" "SELECT id_number, phone, extra FROM person")" '140826195003150110|13835901234|{"normalised":{"id_number":"１４０８２６１９５００３１５０１１０","phone":"１３８ ３５９０ １２３４"}}'
expect_eq "normalised" "$(jq .normalised "$T/js.json")" 2
expect_eq "header_row" "$(jq .header_row "$T/js.json")" null
