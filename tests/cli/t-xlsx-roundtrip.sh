# Both ways (issue 12): person list --format xlsx, then fdss import of
# that workbook into an empty database, then the listings again: byte for
# byte the same.

# empty_db NAME: a new database with the fixture divisions alone
empty_db() {
	fdss init --db "$T/$1" >/dev/null
	FDSS_DB="$T/$1" fdss area import "$FIXTURES/divisions/areas.csv" \
		"$FIXTURES/divisions/streets.csv" \
		"$FIXTURES/divisions/villages.csv" 2>/dev/null
}

roster_fixture
fdss person list >before.jsonl
fdss household list >before-h.jsonl

t "person list → xlsx → import into an empty database → the same listings"
fdss person list --format xlsx >people.xlsx
empty_db people.db
run env FDSS_DB="$T/people.db" fdss import people.xlsx
expect_status 0
expect_err_has "read 9, inserted 9, updated 0, unchanged 0, rejected 0, households 4"
expect_eq "person list" "$(FDSS_DB="$T/people.db" fdss person list)" "$(cat before.jsonl)"
expect_eq "household list" "$(FDSS_DB="$T/people.db" fdss household list)" "$(cat before-h.jsonl)"

t "household list → xlsx → import: the same households and members"
fdss household list --format xlsx >households.xlsx
empty_db households.db
run env FDSS_DB="$T/households.db" fdss import households.xlsx
expect_status 0
expect_eq "person list" "$(FDSS_DB="$T/households.db" fdss person list)" "$(cat before.jsonl)"
expect_eq "household list" "$(FDSS_DB="$T/households.db" fdss household list)" "$(cat before-h.jsonl)"

t "18-digit household numbers and ID numbers come back as text, digit for digit"
empty_db hn.db
FDSS_DB="$T/hn.db" fdss import --preset poverty-registry \
	"$FIXTURES/roster/household-numbers.csv" 2>/dev/null
FDSS_DB="$T/hn.db" fdss person list >hn.jsonl
FDSS_DB="$T/hn.db" fdss person list --format xlsx >hn.xlsx
empty_db hn2.db
run env FDSS_DB="$T/hn2.db" fdss import hn.xlsx
expect_status 0
expect_eq "person list" "$(FDSS_DB="$T/hn2.db" fdss person list)" "$(cat hn.jsonl)"
expect_eq "households" "$(sqlite3 "$T/hn2.db" "SELECT group_concat(household_no, ' ') FROM (SELECT household_no FROM household ORDER BY 1)")" "140826100005000605 140826195507070077 140826197001010017"
