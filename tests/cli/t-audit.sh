# fdss audit list and show, fdss person show --history, and the log's
# append-only triggers, on the roster fixture.  Entry times are the
# clock's: outputs are compared with each time as YYYY-MM-DDTHH:MM:SSZ
# (the same width, so tables keep their alignment), and the time filters
# are tried on entries appended by hand with times of 2025.

roster_fixture
J=140826195003150110	# 张建国, H1
ZW=140826197811220315	# 张伟, moves from H1 to 140826100200099
LX=140826195207010224	# 李秀英, H1, dies
H1=140826100200001
R=$FIXTURES/roster/poverty-roster.csv
sed -e 's/13835901234/13835900000/' \
    -e 's/^\(绛县,古绛镇,东关村委会,\)140826100200001\(,03,张伟\)/\1140826100200099\2/' \
    "$R" > "$T/changed.csv"
{
	fdss import --preset poverty-registry "$T/changed.csv"	# 1, 2
	fdss condition add $ZW hypertension --since 2026-11-01 --operator 李四	# 3
	fdss condition end $ZW hypertension --date 2026-11-20	# 4
	fdss team add T01 --name 东关团队 --institution 古绛镇卫生院	# 5
	fdss team member add T01 --name 王医生 --role doctor	# 6
	fdss team member add T01 --name 李护士 --role nurse	# 7
	fdss sign --team T01 $H1				# 8
	fdss person leave $LX --reason death --date 2026-11-21 --note 户主报告	# 9, 10
} >/dev/null 2>&1
K=$(sql "SELECT number FROM contract")	# its format is sign's business
norm() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/YYYY-MM-DDTHH:MM:SSZ/g'; }
ids() { grep -o '"type":"audit","id":[0-9]*' | cut -d: -f3 | paste -sd ' ' -; }

t "the fixture made ten entries"
expect_eq "entries" "$(sql "SELECT group_concat(e, ' ') FROM (SELECT id || ':' || table_name AS e FROM audit_log ORDER BY id)")" \
	"1:person 2:person 3:condition 4:condition 5:team 6:team_member 7:team_member 8:contract 9:person 10:contract"

t "list is the default verb: every entry, oldest first"
run fdss audit
expect_status 0
expect_eq "ids" "$(printf '%s\n' "$out" | ids)" "1 2 3 4 5 6 7 8 9 10"
run fdss audit list
expect_eq "ids" "$(printf '%s\n' "$out" | ids)" "1 2 3 4 5 6 7 8 9 10"

t "each filter selects its entries"
run fdss audit --table person
expect_eq "--table" "$(printf '%s\n' "$out" | ids)" "1 2 9"
run fdss audit --key $ZW:hypertension
expect_eq "--key" "$(printf '%s\n' "$out" | ids)" "3 4"
run fdss audit --key "$K"
expect_eq "--key contract" "$(printf '%s\n' "$out" | ids)" "8 10"
run fdss audit --operator 李四
expect_eq "--operator" "$(printf '%s\n' "$out" | ids)" "3"
run fdss audit --command condition
expect_eq "--command" "$(printf '%s\n' "$out" | ids)" "3 4"
run fdss audit --command 'condition end'
expect_eq "--command with its verb" "$(printf '%s\n' "$out" | ids)" "4"
run fdss audit --command fdss-team --table team_member
expect_eq "--command fdss-NAME and --table" "$(printf '%s\n' "$out" | ids)" "6 7"
run fdss audit --command person
expect_eq "--command person" "$(printf '%s\n' "$out" | ids)" "9 10"
run fdss audit --command per
expect_status 0
expect_out ""
run fdss audit --operator nobody
expect_status 0
expect_out ""

t "the table form: id, at, operator, table, key, the change, the reason; identifiers masked"
run fdss audit --table person --format table
expect_status 0
expect_eq "table" "$(printf '%s\n' "$out" | norm)" \
"id  at                    operator  table   key                 change                                                                            reason
 1  YYYY-MM-DDTHH:MM:SSZ  tester    person  140826********0110  phone: 138****1234 → 138****0000
 2  YYYY-MM-DDTHH:MM:SSZ  tester    person  140826********0315  household_no: 140826100200001 → 140826100200099
 9  YYYY-MM-DDTHH:MM:SSZ  tester    person  140826********0224  status: active → deceased; status_date: - → 2026-11-21; status_reason: - → death  户主报告"
run fdss audit --table condition --format table --no-mask
expect_eq "table --no-mask" "$(printf '%s\n' "$out" | norm)" \
"id  at                    operator  table      key                              change                                                                            reason
 3  YYYY-MM-DDTHH:MM:SSZ  李四      condition  140826197811220315:hypertension  new: id_number=140826197811220315, name=张伟, kind=hypertension, since=2026-11-…
 4  YYYY-MM-DDTHH:MM:SSZ  tester    condition  140826197811220315:hypertension  status: active → ended; ended_on: null → 2026-11-20                               ended on 2026-11-20"

t "the csv form carries the command, before and after, masked"
run fdss audit --key $J --format csv
expect_status 0
expect_eq "csv" "$(printf '%s\n' "$out" | norm | tr -d '\r')" \
'id,at,operator,command,table,key,change,before,after,reason
1,YYYY-MM-DDTHH:MM:SSZ,tester,fdss-import --preset poverty-registry '"$T"'/changed.csv,person,140826********0110,phone: 138****1234 → 138****0000,"{""phone"":""138****1234""}","{""phone"":""138****0000""}",'

t "a member's end names the member"
run fdss audit --key "$K" --format csv
expect_out_has ',member=140826********0224: ended_on: - → 2026-11-21; end_reason: - → death; refund_fen: - → 0,'

t "the jsonl and json forms carry everything whole"
run fdss audit --key $J --format jsonl
expect_eq "jsonl" "$(printf '%s\n' "$out" | norm)" \
'{"type":"audit","id":1,"at":"YYYY-MM-DDTHH:MM:SSZ","operator":"tester","command":"fdss-import --preset poverty-registry '"$T"'/changed.csv","table":"person","key":"140826195003150110","before":{"phone":"13835901234"},"after":{"phone":"13835900000"},"reason":null}'
run fdss audit --table person --operator tester --until 2026-01-01 --format json
expect_status 0
expect_out "[]"
run fdss audit --key $LX --format json
expect_eq "json" "$(printf '%s\n' "$out" | norm)" \
'[
{"type":"audit","id":9,"at":"YYYY-MM-DDTHH:MM:SSZ","operator":"tester","command":"fdss-person leave 140826195207010224 --reason death --date 2026-11-21 --note 户主报告","table":"person","key":"140826195207010224","before":{"status":"active"},"after":{"status":"deceased","status_date":"2026-11-21","status_reason":"death"},"reason":"户主报告"}
]'

t "--since and --until include their bounds; a date is its whole day, UTC"
# entry 11 is the --no-mask run above, kept as every unmasked run is
expect_eq "entry 11" "$(sql 'SELECT table_name, row_key, operator FROM audit_log WHERE id = 11')" "unmasked|fdss-audit|tester"
sql "INSERT INTO audit_log (at, operator, command, table_name, row_key, before, after)
     VALUES ('2025-06-30T23:59:59Z', 'old', 'fdss-setting set', 'setting', 'a', NULL, '{}'),
	    ('2025-07-01T00:00:00Z', 'old', 'fdss-setting set', 'setting', 'b', NULL, '{}'),
	    ('2025-07-01T23:59:59Z', 'old', 'fdss-setting set', 'setting', 'c', NULL, '{}'),
	    ('2025-07-02T00:00:00Z', 'old', 'fdss-setting set', 'setting', 'd', NULL, '{}')"
run fdss audit --until 2025-12-31
expect_eq "--until" "$(printf '%s\n' "$out" | ids)" "12 13 14 15"
run fdss audit --since 2025-07-01 --until 2025-07-01
expect_eq "one day" "$(printf '%s\n' "$out" | ids)" "13 14"
run fdss audit --since 2025-07-01T23:59:59Z --until 2025-12-31
expect_eq "--since a second" "$(printf '%s\n' "$out" | ids)" "14 15"
run fdss audit --since 2025-07-01T08:00+08:00 --until 2025-07-02T07:59:59+08:00
expect_eq "Beijing time" "$(printf '%s\n' "$out" | ids)" "13 14"
run fdss audit --until '2025-06-30 23:59'
expect_eq "--until a minute" "$(printf '%s\n' "$out" | ids)" "12"
run fdss audit --since 2025-07-02 --table setting
expect_eq "--since, with another filter" "$(printf '%s\n' "$out" | ids)" "15"

t "a bad time is a usage error; an unknown table is 66, named"
run fdss audit --since 2025-02-29
expect_status 64
expect_err_has "fdss-audit: --since '2025-02-29': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]"
run fdss audit --until 2025-07-01T25:00
expect_status 64
run fdss audit --table persons
expect_status 66
expect_err "fdss-audit: table 'persons': no such table"
run fdss audit frobnicate
expect_status 64
expect_err_has "fdss-audit: unknown command 'frobnicate'"

t "show prints an entry whole, with the difference field by field"
run fdss audit show 9 --format table
expect_status 0
expect_eq "show table" "$(printf '%s\n' "$out" | norm)" \
"id        9
at        YYYY-MM-DDTHH:MM:SSZ
operator  tester
command   fdss-person leave 140826********0224 --reason death --date 2026-11-21 --note 户主报告
table     person
key       140826********0224
reason    户主报告

field          before  after
status         active  deceased
status_date    -       2026-11-21
status_reason  -       death"
run fdss audit show 1 --format jsonl
expect_eq "show jsonl" "$(printf '%s\n' "$out" | norm)" \
'{"type":"audit","id":1,"at":"YYYY-MM-DDTHH:MM:SSZ","operator":"tester","command":"fdss-import --preset poverty-registry '"$T"'/changed.csv","table":"person","key":"140826195003150110","changes":[{"field":"phone","before":"13835901234","after":"13835900000"}],"before":{"phone":"13835901234"},"after":{"phone":"13835900000"},"reason":null}'
run fdss audit show 1 9 --format jsonl
expect_eq "two entries" "$(printf '%s\n' "$out" | ids)" "1 9"

t "show of an unknown entry is 66; of no number, 64"
run fdss audit show 99
expect_status 66
expect_err "fdss-audit: no audit entry 99"
expect_out ""
run fdss audit show 1 99 --format jsonl
expect_status 66
expect_eq "the one found" "$(printf '%s\n' "$out" | ids)" "1"
run fdss audit show abc
expect_status 64
expect_err_has "fdss-audit: entry 'abc': invalid"
run fdss audit show
expect_status 64
run fdss audit show 1 --table person
expect_status 64

t "person show --history: every entry about the person, oldest first, and no other"
run fdss person show $ZW --history --format jsonl
expect_status 0
expect_eq "张伟" "$(printf '%s\n' "$out" | ids)" "2 3 4"
run fdss person show $LX --history --format jsonl
expect_eq "李秀英: the contract, her death, her cover's end" "$(printf '%s\n' "$out" | ids)" "8 9 10"
run fdss person show $J --history --format jsonl
expect_eq "张建国: not 李秀英's end" "$(printf '%s\n' "$out" | ids)" "1 8"
run fdss person show $J $ZW --history --format table
expect_eq "table" "$(printf '%s\n' "$out" | awk '{ print $1, $4, $5 }')" \
"id table key
1 person 140826********0110
8 contract $K
2 person 140826********0315
3 condition 140826********0315:hypertension
4 condition 140826********0315:hypertension"

t "person show --history of nobody is 66; --history goes with show"
run fdss person show 140826197001010190 --history
expect_status 66
expect_err "fdss-person: no person with ID number '140826197001010190'"
run fdss person list --history
expect_status 64
expect_err_has "fdss-person: --history goes with show"

t "the log is append-only, even to hand-written SQL in sqlite3"
snapshot() { sql "SELECT count(*), group_concat(id || at || operator || coalesce(command, '') || table_name || row_key || coalesce(before, '') || coalesce(after, '') || coalesce(reason, ''), '|') FROM audit_log"; }
before=$(snapshot)
run sqlite3 -batch "$FDSS_DB" "UPDATE audit_log SET after = '{\"phone\":\"1\"}' WHERE id = 1"
expect_eq "update refused" "$((status != 0))" 1
expect_err_has "audit_log is append-only"
run sqlite3 -batch "$FDSS_DB" "DELETE FROM audit_log WHERE id = 9"
expect_eq "delete refused" "$((status != 0))" 1
expect_err_has "audit_log is append-only"
run sqlite3 -batch "$FDSS_DB" "DELETE FROM audit_log"
expect_eq "delete all refused" "$((status != 0))" 1
run sqlite3 -batch "$FDSS_DB" "INSERT OR REPLACE INTO audit_log (id, at, operator, table_name, row_key) VALUES (1, 'x', 'x', 'person', 'x')"
expect_eq "replace refused" "$((status != 0))" 1
expect_err_has "audit_log is append-only"
expect_eq "count and contents" "$(snapshot)" "$before"
expect_eq "fifteen entries" "$(sql 'SELECT count(*) FROM audit_log')" 15

t "bash completion offers the verbs, the filters and the tables of audit"
comp() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _fdss; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$FIXTURES/../../completions/fdss.bash" "$@"
}
expect_eq "verbs" "$(comp fdss audit '' | sort | tr '\n' ' ')" "list revert show "
expect_eq "options" "$(comp fdss audit --s | sort | tr '\n' ' ')" "--since --summary "
expect_eq "options" "$(comp fdss audit list --c)" "--command"
expect_eq "tables" "$(comp fdss audit --table team | sort | tr '\n' ' ')" "team team_member "
expect_eq "history" "$(comp fdss person show --hi)" "--history"
