# fdss area: import divisions, list them, find them by name.

D=$FIXTURES/divisions
summary_all='fdss-area: read 625, inserted 625, updated 0, unchanged 0, rejected 0'
gujiang='{"type":"area","code":"140826100","name":"古绛镇","level":"township","parent":"140826","path":"山西省 / 运城市 / 绛县 / 古绛镇"}'

fdss init >/dev/null
cp "$D"/bad-rows.csv "$D"/unterminated.csv "$D"/gb18030.csv "$D"/no-code.csv .

t "area import loads every fixture file and counts exactly"
run fdss area import "$D"/provinces.csv "$D"/cities.csv "$D"/areas.csv \
	"$D"/streets.csv "$D"/villages.csv
expect_status 0
expect_out ""
expect_err "$summary_all"
expect_eq "rows" "$(sql 'SELECT count(*) FROM area')" 625
expect_eq "villages" "$(sql "SELECT count(*) FROM area WHERE level = 'village'")" 311
expect_eq "parent" "$(sql "SELECT parent FROM area WHERE code = '140826100'")" 140826

t "area list --under --level gives the fixture's townships"
run fdss area list --under 140826 --level township
expect_status 0
expect_lines "$(grep -c '^140826[0-9]' "$D"/streets.csv)"
expect_lines 11
expect_eq "first" "$(printf '%s\n' "$out" | head -n 1)" "$gujiang"
expect_err_empty

t "area list --under gives every township and village below"
run fdss area list --under 140826
expect_status 0
expect_lines "$(cat "$D"/streets.csv "$D"/villages.csv | grep -c '^140826[0-9]')"
expect_lines 157
expect_eq "levels" "$(printf '%s\n' "$out" | grep -c '"level":"village"')" 146

t "area list --level through the dispatcher"
run fdss area list --level province
expect_status 0
expect_lines 31
expect_out_has '{"type":"area","code":"45","name":"广西壮族自治区","level":"province","parent":null,"path":"广西壮族自治区"}'

t "area list --format csv"
run fdss area list --under 140826100 --level village --format csv
expect_status 0
expect_eq "header" "$(printf '%s\n' "$out" | head -n 1 | tr -d '\r')" "code,name,level,parent,path"
expect_lines 33

t "area import again inserts nothing"
run fdss area import "$D"/provinces.csv "$D"/cities.csv "$D"/areas.csv \
	"$D"/streets.csv "$D"/villages.csv
expect_status 0
expect_err 'fdss-area: read 625, inserted 0, updated 0, unchanged 625, rejected 0'
expect_eq "audit" "$(sql 'SELECT count(*) FROM audit_log')" 0

t "area import - reads stdin"
run_in "$D"/villages.csv fdss area import -
expect_status 0
expect_err 'fdss-area: read 311, inserted 0, updated 0, unchanged 311, rejected 0'

t "area import renames with an audit entry"
input=$(printf '\357\273\277code,name\r\n140826,新绛县\r\n')
run_in - fdss area import -
expect_status 0
expect_err 'fdss-area: read 1, inserted 0, updated 1, unchanged 0, rejected 0'
expect_eq "audit" "$(sql "SELECT operator, table_name, row_key, json_extract(before, '\$.name'), json_extract(after, '\$.name') FROM audit_log")" "tester|area|140826|绛县|新绛县"
run fdss area list --under 140826 --level township
expect_out_has '"path":"山西省 / 运城市 / 新绛县 / 古绛镇"'

t "area find lists duplicate names with their paths"
run fdss area find 永乐村委会
expect_status 0
expect_out '{"type":"area","code":"140826106207","name":"永乐村委会","level":"village","parent":"140826106","path":"山西省 / 运城市 / 新绛县 / 安峪镇 / 永乐村委会"}
{"type":"area","code":"451026100212","name":"永乐村委会","level":"village","parent":"451026100","path":"广西壮族自治区 / 百色市 / 那坡县 / 城厢镇 / 永乐村委会"}'

t "area find puts the exact match first"
run fdss area find 那坡
expect_status 0
expect_eq "first" "$(printf '%s\n' "$out" | head -n 1 | grep -c '"code":"451026"')" 1

t "area find with no match exits 66"
run fdss area find 不存在的地方
expect_status 66
expect_out ""
expect_err "fdss-area: no area name contains '不存在的地方'"

t "area list --under an unknown code exits 66"
run fdss area list --under 140899
expect_status 66
expect_err "fdss-area: no area '140899' (load it with 'fdss area import')"

t "area import reports bad rows with file and line, keeps good ones"
fdss init --db bad.db >/dev/null
run fdss area import --db bad.db bad-rows.csv
expect_status 65
expect_err "fdss-area: bad-rows.csv:3: code '12345': 2, 4, 6, 9 or 12 digits expected
fdss-area: bad-rows.csv:4: code '140826101': empty name
fdss-area: bad-rows.csv:5: code '14082610a': 2, 4, 6, 9 or 12 digits expected
fdss-area: bad-rows.csv:6: text after closing quote in field 2
fdss-area: bad-rows.csv:7: stray quote in unquoted field 2
fdss-area: bad-rows.csv:9: 1 field, the header has 3
fdss-area: read 9, inserted 3, updated 0, unchanged 0, rejected 6"
expect_eq "stored" "$(sqlite3 bad.db 'SELECT group_concat(name) FROM (SELECT name FROM area ORDER BY code)')" "古绛镇,南樊镇,冷口乡"

t "area import resumes after an unterminated quote; rejects GB18030"
fdss init --db enc.db >/dev/null
run fdss area import --db enc.db unterminated.csv gb18030.csv
expect_status 65
expect_err "fdss-area: unterminated.csv:3: unterminated quoted field
fdss-area: gb18030.csv:2: not valid UTF-8 at byte 11 (convert the file, e.g. iconv -f GB18030 -t UTF-8)
fdss-area: gb18030.csv:3: not valid UTF-8 at byte 11 (convert the file, e.g. iconv -f GB18030 -t UTF-8)
fdss-area: read 5, inserted 2, updated 0, unchanged 0, rejected 3"
expect_eq "stored" "$(sqlite3 enc.db 'SELECT group_concat(code) FROM (SELECT code FROM area ORDER BY code)')" "140826100,140826102"

t "area import --atomic rolls back the whole run"
fdss init --db atomic.db >/dev/null
run fdss area import --db atomic.db --atomic "$D"/streets.csv bad-rows.csv
expect_status 65
expect_err_has "fdss-area: bad-rows.csv:3: code '12345'"
expect_err_has "fdss-area: read 32, inserted 0, updated 0, unchanged 0, rejected 6 (--atomic: nothing imported)"
expect_eq "rows" "$(sqlite3 atomic.db 'SELECT count(*) FROM area')" 0
run fdss area import --db atomic.db --atomic "$D"/streets.csv
expect_status 0
expect_err 'fdss-area: read 23, inserted 23, updated 0, unchanged 0, rejected 0'

t "area import --dry-run writes nothing"
fdss init --db dry.db >/dev/null
run fdss area import --db dry.db --dry-run "$D"/villages.csv bad-rows.csv
expect_status 65
expect_err_has 'fdss-area: read 320, inserted 314, updated 0, unchanged 0, rejected 6 (--dry-run: nothing written)'
expect_eq "rows" "$(sqlite3 dry.db 'SELECT count(*) FROM area')" 0

t "area import of a file without a code column"
run fdss area import no-code.csv
expect_status 65
expect_err "fdss-area: no-code.csv: no 'code' column in the header
fdss-area: read 0, inserted 0, updated 0, unchanged 0, rejected 0"

t "area import of a missing file exits 66 and imports the rest"
fdss init --db miss.db >/dev/null
run fdss area import --db miss.db nosuch.csv "$D"/provinces.csv
expect_status 66
expect_err "fdss-area: cannot open 'nosuch.csv': No such file or directory
fdss-area: read 31, inserted 31, updated 0, unchanged 0, rejected 0"

t "area without a database says how to make one"
run fdss area list --db none.db
expect_status 66
expect_err_has "fdss init"

t "area usage errors exit 64"
run fdss area
expect_status 64
expect_err_has "usage: fdss area import [--atomic] [--dry-run] FILE ..."
run fdss area frob
expect_status 64
expect_err_has "unknown command 'frob'"
run fdss area import
expect_status 64
run fdss area list --level town
expect_status 64
expect_err_has "--level 'town': expected province, city, county, township or village"
run fdss area list --under 12x
expect_status 64
run fdss area list --atomic
expect_status 64
run fdss area find
expect_status 64
run fdss area find a b
expect_status 64
run fdss area list --no-such-option
expect_status 64

t "area --help and --list-options"
run fdss area --help
expect_status 0
expect_out_has "usage: fdss area import [--atomic] [--dry-run] FILE ...
       fdss area list [--under CODE] [--level LEVEL]
       fdss area find NAME
       fdss area population import [--atomic] [--dry-run] FILE ..."
run fdss area --list-options
expect_status 0
expect_out_has "import
list
find
population
--atomic
--dry-run
--level=
--under="
