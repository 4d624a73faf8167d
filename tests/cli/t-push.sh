# fdss push and fdss report coverage --from, against a throwaway
# PostgreSQL server (tests/pg.sh).  Not under the sanitizers: the server
# is the same either way, and one run of it is enough.
[ -n "${SANITIZE:-}" ] && return 0
. "$FIXTURES/../pg.sh"

AS_OF=--as-of=2026-11-22
CODES="140105 140106 140107 140108 140109 140110 140121 140122 140123 140124"

t "a throwaway PostgreSQL server starts"
pg_start 2>"$T/pg.err"
status=$?
err=$(cat "$T/pg.err")
expect_status 0
trap pg_stop EXIT
[ "$status" -eq 0 ] || return 0

# county CODE: its database $T/CODE.db from tests/fixtures/counties.py,
# with a contract of team T01 for the two people of its first household.
county() {
	local d="$T/in/$1"
	export FDSS_DB="$T/$1.db"
	fdss init >/dev/null &&
	fdss area import "$d/areas.csv" "$d/streets.csv" "$d/villages.csv" \
		>/dev/null 2>&1 &&
	fdss import --preset poverty-registry "$d/roster.csv" 2>/dev/null
	sql "INSERT INTO team (code, name, institution, created)
		VALUES ('T01', '东关团队', '古绛镇卫生院', '2026-01-01');
	     INSERT INTO contract (id, number, household_no, team_code, doctor,
		start_date, end_date, years, status, created)
		SELECT 1, 'C1', min(household_no), 'T01', '王医生',
		'2026-01-01', '2026-12-31', 1, 'active', '' FROM household;
	     INSERT INTO contract_member (contract_id, id_number)
		SELECT 1, id_number FROM person WHERE household_no =
		(SELECT household_no FROM contract WHERE id = 1) LIMIT 2;"
}

# Row count and md5 of every table of the store, one line each.
checksums() {
	psql -X -At "$1" -c "$(psql -X -At "$1" -c "SELECT string_agg(format(
		'SELECT %L, count(*), md5(coalesce(string_agg(t::text, %L
		ORDER BY t::text), %L)) FROM fdss.%I t', relname, '|', '',
		relname), ' UNION ALL ' ORDER BY relname) FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'fdss' AND c.relkind = 'p'")"
}

/usr/bin/python3 "$FIXTURES/counties.py" "$FIXTURES" "$T/in" $CODES
ONE=$(pg_createdb one)
C1=140105

t "the first push sends every row of the county"
county $C1
run fdss push --to "$ONE" --format jsonl
expect_status 0
people=$(sql "SELECT count(*) FROM person")
rows=0
for tb in $(sql "SELECT name FROM sqlite_master WHERE type = 'table'
	AND name NOT IN ('audit_log', 'import_batch') AND name NOT LIKE 'sqlite%'"); do
	rows=$((rows + $(sql "SELECT count(*) FROM \"$tb\"")))
done
expect_out_has '"county":"140105","full":true'
expect_out_has "\"sent\":$rows,\"changed\":$rows}"
[ "$(psql -X -At "$ONE" -c "SELECT count(*) FROM fdss.person
	WHERE county = '$C1'")" = "$people" ] || _fail "person rows differ"

t "pushing again changes nothing"
before=$(checksums "$ONE")
run fdss push --to "$ONE" --format jsonl
expect_status 0
expect_out_has '"full":false'
expect_out_has '"changed":0}'
after=$(checksums "$ONE")
[ "$before" = "$after" ] || _fail "the store changed:
$before
---
$after"
[ -n "$before" ] || _fail "no tables"

t "ten changed records are ten changes"
ids=$(sql "SELECT id_number FROM person ORDER BY id_number LIMIT 5")
for id in $ids; do
	fdss condition add "$id" copd --since 2026-10-01 >/dev/null 2>&1 &&
	fdss condition add "$id" tb --since 2026-10-02 >/dev/null 2>&1
done
run fdss push --to "$ONE" --format jsonl
expect_status 0
expect_out_has '"changed":10}'
[ "$(psql -X -At "$ONE" -c "SELECT count(*) FROM fdss.condition
	WHERE kind IN ('copd', 'tb')")" = 10 ] || _fail "not 10 conditions"
run fdss push --to "$ONE" --format jsonl
expect_out_has '"changed":0}'

t "the coverage report from the store is the county's own"
fdss report coverage $AS_OF --format jsonl >own.jsonl
run fdss report coverage $AS_OF --format jsonl --from "$ONE"
expect_status 0
expect_out "$(cat own.jsonl)"
expect_out_has '"unit":"TOTAL","name":"TOTAL","group":"all","residents":'
grep -q '"group":"all".*"signed":2,' own.jsonl || _fail "no signed people"

t "ten counties pushed into one store"
PROV=$(pg_createdb province)
ok=0
for c in $CODES; do
	county $c >/dev/null 2>&1
	# the person of every county is active in the first one only
	[ $c = $C1 ] || sql "UPDATE person SET status = 'moved',
		status_date = '2026-06-01' WHERE id_number = '140826196011220136'"
	fdss push --to "$PROV" --format jsonl >/dev/null && ok=$((ok + 1))
done
[ $ok = 10 ] || _fail "$ok of 10 pushes"
[ "$(psql -X -At "$PROV" -c "SELECT count(DISTINCT county) FROM fdss.person")" = 10 ] ||
	_fail "not 10 counties"

t "a person known to ten counties is one resident, active in one"
run psql -X -At "$PROV" -c "SELECT county, status FROM fdss.resident
	WHERE id_number = '140826196011220136'"
expect_out "140105|active"
run psql -X -At "$PROV" -c "SELECT count(*) FROM fdss.person
	WHERE id_number = '140826196011220136'"
expect_out 10

t "the provincial coverage by county is the counties' reports"
: >counties.jsonl
for c in $CODES; do
	FDSS_DB=$T/$c.db fdss report coverage $AS_OF --by county --format jsonl |
		grep -v '"unit":"TOTAL"' >>counties.jsonl
done
run fdss report coverage $AS_OF --by county --format jsonl --from "$PROV"
expect_status 0
[ "$(printf '%s\n' "$out" | grep -v '"unit":"TOTAL"')" = "$(cat counties.jsonl)" ] ||
	_fail "county rows differ"
sum=$(grep '"group":"all"' counties.jsonl |
	sed 's/.*"residents":\([0-9]*\).*"signed":\([0-9]*\),.*/\1 \2/' |
	awk '{ r += $1; s += $2 } END { print r " " s }')
total=$(printf '%s\n' "$out" | grep '"unit":"TOTAL".*"group":"all"' |
	sed 's/.*"residents":\([0-9]*\).*"signed":\([0-9]*\),.*/\1 \2/')
[ "$sum" = "$total" ] || _fail "TOTAL $total, the counties' sum $sum"
case "$total" in
*" 20") ;;
*) _fail "TOTAL $total, expected 20 signed" ;;
esac

t "report --from one county's area equals its own report"
run fdss report coverage $AS_OF --format jsonl --from "$PROV" --area 140106
expect_status 0
expect_out "$(FDSS_DB=$T/140106.db fdss report coverage $AS_OF --format jsonl)"

t "report --from a server that is not there fails with the reason"
run fdss report coverage $AS_OF --from "postgresql:///x?host=$T/none"
expect_status 74
expect_err_has "fdss-report: postgresql: connection to server"

# The overdue fixture (tests/cli/lib.sh) as county 140826, with the
# November visits, and contracts of every stored status, review and
# termination (no members) for the status rule.
t "the overdue report from the store is the county's own"
export FDSS_DB=$T/140826.db
overdue_fixture
sql "INSERT OR REPLACE INTO setting (key, value) VALUES ('county', '140826')"
fdss condition add 140826196011220136 diabetes --since 2026-01-01 >/dev/null 2>&1
fdss followup record <"$FIXTURES/followup/november-visits.jsonl" >/dev/null 2>&1
sql "WITH s(st) AS (VALUES ('pending'), ('active'), ('rejected'), ('terminated')),
	r(rv) AS (VALUES (NULL), ('2026-01-01')),
	e(term) AS (VALUES (NULL), ('2026-06-01'))
     INSERT INTO contract (id, number, household_no, team_code, doctor,
	start_date, end_date, years, status, created, reviewed_at,
	terminated_on)
     SELECT 100 + row_number() OVER (), 'G' || row_number() OVER (),
	'140826100200001', 'T01', '王医生', '2026-03-01', '2026-12-31', 1,
	st, '', rv, term FROM s, r, e"
run fdss push --to "$ONE" --format jsonl
expect_status 0
expect_out_has '"county":"140826","full":true'
for opts in "" "--program hypertension" "--min-days 30" "--signed-only" \
	    "--area 140826100" "--team T01" "--as-of 2026-12-31"; do
	fdss report overdue $AS_OF $opts --area 140826 --format jsonl >own.jsonl
	run fdss report overdue $AS_OF $opts --area 140826 --format jsonl \
		--from "$ONE"
	expect_status 0
	[ "$out" = "$(cat own.jsonl)" ] || _fail "overdue $opts differs:
$(printf '%s\n' "$out" | diff own.jsonl - | head -n 10)"
done
[ "$(grep -c . own.jsonl)" -ge 3 ] || _fail "too few overdue rows"

t "the contract status rule in the store is the C rule"
for ref in 2026-02-01 2026-03-01 2026-06-01 2026-12-31 2027-01-01; do
	own=$(fdss contract list --as-of $ref --format jsonl |
		sed -n 's/.*"number":"\(G[0-9]*\)".*"status":"\([a-z]*\)".*/\1 \2/p' |
		sort)
	store=$(psql -X -At -F ' ' "$ONE" -c "SELECT number,
		fdss.fdss_contract_status(status, reviewed_at, start_date,
		end_date, terminated_on, '$ref') FROM fdss_c140826.contract
		WHERE number LIKE 'G%' ORDER BY 1" | sort)
	[ "$own" = "$store" ] || _fail "at $ref:
$own
---
$store"
	[ "$(printf '%s\n' "$own" | wc -l)" = 16 ] || _fail "not 16 contracts"
done

t "push without a county in the database says how to set one"
export FDSS_DB=$T/none.db
fdss init >/dev/null
run fdss push --to "$ONE"
expect_status 65
expect_err "fdss-push: the database names no county: set it with \`fdss setting set county CODE\`"

t "push without --to is a usage error"
run fdss push
expect_status 64
