# fdss report coverage and fdss area population import on the
# hand-counted roster of tests/fixtures/coverage-seed.sql (its comment
# gives every answer) at 2026-11-22.

fdss init >/dev/null
sqlite3 -batch "$FDSS_DB" < "$FIXTURES/coverage-seed.sql"
# unit group residents signed rate denominator target_met of each jsonl row
rows() {
	printf '%s\n' "$out" | sed -e 's/.*"unit":\("[^"]*"\|null\).*"group":"\([^"]*\)","residents":\([0-9]*\),"census":[^,]*,"denominator":"\([a-z]*\)".*"signed":\([0-9]*\),"rate":\([0-9.]*\|null\),"target":[^,]*,"target_met":\([a-z]*\).*/\1 \2 \3 \5 \6 \4 \7/' -e 's/"//g'
}

t "coverage by township: every unit and group, then the total"
run fdss report coverage
expect_status 0
expect_lines 52
expect_eq "first" "$(printf '%s\n' "$out" | head -n 1)" '{"type":"coverage","by":"township","unit":"140821100","name":"猗氏镇","group":"all","residents":1,"census":null,"denominator":"roster","base":1,"signed":1,"rate":100,"target":null,"target_met":null,"label":"猗氏镇 · all"}'
expect_eq "古绛镇" "$(rows | grep '^140826100 ' | head -n 3)" "140826100 all 7 2 28.6 roster null
140826100 priority 5 1 20 roster null
140826100 elderly 2 1 50 roster null"
expect_eq "low income: no resident, no rate" "$(rows | grep '^140826100 low_income')" "140826100 low_income 0 0 null roster null"
expect_eq "households" "$(rows | grep '^140826100 households')" "140826100 households 3 1 33.3 roster null"
expect_eq "total" "$(rows | grep '^TOTAL ' | grep -E ' (all|priority|households) ')" "TOTAL all 11 4 36.4 roster null
TOTAL priority 8 2 25 roster null
TOTAL households 5 3 60 roster null"
expect_err_empty

t "coverage --by team: the unsigned in a row of their own"
run fdss report coverage --by team
expect_status 0
expect_lines 52
expect_eq "all" "$(rows | grep ' all ')" "T01 all 2 2 18.2 roster null
T02 all 2 2 18.2 roster null
null all 7 0 0 roster null
TOTAL all 11 4 36.4 roster null"
expect_out_has '"unit":null,"name":"未签约","group":"all"'

t "coverage --target says which targets were met"
run fdss report coverage --target all=30,priority=60,poverty=100
expect_status 0
expect_eq "met" "$(rows | grep -E '^(140826101|TOTAL) (all|priority|poverty) ')" "140826101 all 3 1 33.3 roster true
140826101 priority 3 1 33.3 roster false
140826101 poverty 0 0 null roster null
TOTAL all 11 4 36.4 roster true
TOTAL priority 8 2 25 roster false
TOTAL poverty 1 1 100 roster true"
expect_out_has '"group":"all","residents":7,"census":null,"denominator":"roster","base":7,"signed":2,"rate":28.6,"target":30,"target_met":false'

t "coverage --target with an unknown group names it"
run fdss report coverage --target all=30,elders=60
expect_status 64
expect_err_has "--target 'elders': no such group (expected all, priority,"

t "coverage --by county under a township is refused"
run fdss report coverage --by county --area 140826100
expect_status 64
expect_err_has "--by county: coarser than --area 140826100 (a township)"

t "coverage --area and --by village, csv"
run fdss report coverage --by village --area 140826100 --format csv
expect_status 0
expect_lines 40
expect_eq "header" "$(printf '%s\n' "$out" | head -n 1 | tr -d '\r')" "by,unit,name,group,residents,census,denominator,base,signed,rate,target,target_met"
expect_out_has "village,140826100201,城关村,all,5,,roster,5,2,40"

t "coverage takes no --program"
run fdss report coverage --program hypertension
expect_status 64

t "population import: rejects with their place, exit 65"
cat > census.csv <<'CSV'
area_code,year,group,residents
140826100,2026,all,10
140826,2026,all,20
140899100,2026,all,1
140826100,2026,elders,1
140826100,2026,priority,x
CSV
run fdss area population import census.csv
expect_status 65
expect_err "fdss-area: census.csv:4: area_code '140899100': no such area (load it with 'fdss area import')
fdss-area: census.csv:5: group 'elders': expected all, priority, elderly, child, disabled, special_family, poverty, low_income, hypertension, diabetes, tb, smi or households
fdss-area: census.csv:6: residents 'x': expected a whole number, 0 or more
fdss-area: read 5, inserted 2, updated 0, unchanged 0, rejected 3"
expect_eq "stored" "$(sql 'SELECT area_code, year, grp, residents FROM population ORDER BY 1')" "140826|2026|all|20
140826100|2026|all|10"

t "population import --atomic stores nothing when a row is bad"
printf 'area_code,year,group,residents\n140826101,2026,all,5\n140826101,2026,all,-1\n' > bad.csv
run fdss area population import --atomic bad.csv
expect_status 65
expect_err_has "read 2, inserted 0, updated 0, unchanged 0, rejected 1 (--atomic: nothing imported)"
expect_eq "none" "$(sql "SELECT count(*) FROM population WHERE area_code = '140826101'")" 0

t "population import --dry-run writes nothing; again updates"
printf 'area_code,year,group,residents\n140826100,2026,all,10\n140826,2026,all,25\n' > again.csv
run fdss area population import --dry-run again.csv
expect_status 0
expect_err "fdss-area: read 2, inserted 0, updated 1, unchanged 1, rejected 0 (--dry-run: nothing written)"
expect_eq "kept" "$(sql "SELECT residents FROM population WHERE area_code = '140826'")" 20
run fdss area population import again.csv
expect_status 0
expect_err "fdss-area: read 2, inserted 0, updated 1, unchanged 1, rejected 0"
expect_eq "updated" "$(sql "SELECT residents FROM population WHERE area_code = '140826'")" 25
expect_eq "audit" "$(sql "SELECT row_key FROM audit_log WHERE table_name = 'population'")" "140826:2026:all"

t "population import needs 'import' and a FILE"
run fdss area population
expect_status 64
run fdss area population import
expect_status 64

t "coverage uses the census figure of the year where there is one"
run fdss report coverage --area 140826
expect_status 0
expect_eq "all" "$(rows | grep ' all ')" "140826100 all 7 2 20 census null
140826101 all 3 1 33.3 roster null
TOTAL all 10 3 12 census null"
expect_out_has '"unit":"140826100","name":"古绛镇","group":"all","residents":7,"census":10,"denominator":"census","base":10,"signed":2,"rate":20,'
run fdss report coverage --area 140826 --as-of 2025-11-22
expect_status 0
expect_eq "2025: the roster, B2 still alive" "$(rows | grep "^140826100 all")" "140826100 all 8 0 0 roster null"

t "the README's jq pipelines give the README's answers"
if command -v jq >/dev/null; then
	sql "DELETE FROM population"
	out=$(fdss report coverage --by township --target all=30,priority=60,poverty=100 |
		jq -r 'select(.group == "priority" and .target_met == false) | "\(.name)\t\(.signed)/\(.base)\t\(.rate)%"')
	expect_eq "short of the target" "$out" "$(printf '古绛镇\t1/5\t20%%\n横水镇\t1/3\t33.3%%\nTOTAL\t2/8\t25%%')"
	out=$(fdss report coverage | jq -rs 'group_by(.unit)[] | (map({(.group): .rate}) | add) as $r
		| [.[0].name, $r.all, $r.priority, $r.poverty, $r.households] | @tsv')
	expect_eq "pivot" "$out" "$(printf '猗氏镇\t100\t\t\t100\n古绛镇\t28.6\t20\t100\t33.3\n横水镇\t33.3\t33.3\t\t100\nTOTAL\t36.4\t25\t100\t60')"
fi
