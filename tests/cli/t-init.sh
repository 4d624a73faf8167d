# fdss init and the dispatcher

t "init creates a private database and says so"
run fdss init
expect_status 0
expect_out '{"type":"database","path":"'"$FDSS_DB"'","created":true,"schema_version":'"$SCHEMA_VERSION"',"previous_version":0,"migrations_applied":'"$SCHEMA_VERSION"'}'
expect_eq "mode" "$(stat -c %a "$FDSS_DB")" 600
expect_eq "user_version" "$(sql 'PRAGMA user_version')" "$SCHEMA_VERSION"
expect_eq "journal" "$(sql 'PRAGMA journal_mode')" wal

t "init again changes nothing"
run fdss init --format jsonl
expect_status 0
expect_out_has '"created":false,"schema_version":'"$SCHEMA_VERSION"',"previous_version":'"$SCHEMA_VERSION"',"migrations_applied":0'

t "init --db through the dispatcher"
run fdss --db "$T/other.db" init
expect_status 0
expect_out_has '"path":"'"$T/other.db"'","created":true'
[ -f "$T/other.db" ] || _fail "other.db not created"

t "init table output on request"
run fdss init --db "$T/other.db" --format table
expect_status 0
expect_out_has 'schema_version'
expect_out_lacks '"type"'

t "a newer schema is refused with 78"
sql 'PRAGMA user_version = 99'
run fdss init
expect_status 78
expect_err "fdss-init: '$FDSS_DB': database schema version 99 is newer than this fdss knows ($SCHEMA_VERSION): use a newer fdss"
sql "PRAGMA user_version = $SCHEMA_VERSION"

t "a foreign SQLite file is left alone with 65"
sqlite3 "$T/foreign.db" 'CREATE TABLE x (y)'
run fdss init --db "$T/foreign.db"
expect_status 65
expect_err "fdss-init: '$T/foreign.db': not an fdss database"
expect_eq "foreign tables" "$(sqlite3 "$T/foreign.db" 'SELECT group_concat(name) FROM sqlite_schema')" x

t "a failed write to stdout is 74"
run sh -c 'fdss init --format jsonl > /dev/full'
expect_status 74
expect_err_has 'fdss-init: cannot write to standard output'

t "unknown option is a usage error"
run fdss init --bogus
expect_status 64
expect_err_has 'usage: fdss init [--db FILE]'

t "stray argument is a usage error"
run fdss init extra
expect_status 64
expect_err_has "unexpected argument 'extra'"

t "bad --as-of is a usage error"
run fdss init --as-of 2026-02-30
expect_status 64
expect_err_has "--as-of '2026-02-30': no such date"

t "bad FDSS_TODAY is a usage error"
FDSS_TODAY=tomorrow run fdss init
expect_status 64
expect_err_has "FDSS_TODAY 'tomorrow': expected a date as YYYY-MM-DD"

t "init --help and --list-options"
run fdss init --help
expect_status 0
expect_out_has 'usage: fdss init [--db FILE]'
run fdss init --list-options
expect_status 0
expect_out_has '--db='
expect_out_has '--format='
expect_out_has '--help'

t "fdss --version, --help and help NAME"
run fdss --version
expect_status 0
expect_out "fdss 0.1.0"
run fdss --help
expect_status 0
expect_out_has '  init        create the database'
run fdss help init
expect_status 0
expect_out_has 'usage: fdss init'

t "fdss --list-commands lists the programs"
run fdss --list-commands
expect_status 0
expect_out_has 'init'
expect_out_has 'area'
expect_out_has 'id'

t "fdss without a command is a usage error"
run fdss
expect_status 64
expect_err_has 'usage: fdss [--db FILE]'

t "an unknown command is 69"
run fdss frobnicate
expect_status 69
expect_err "fdss: 'frobnicate' is not an fdss command; see 'fdss --help'"

t "an unknown global option is 64"
run fdss --frob init
expect_status 64
expect_err_has "unknown option '--frob'"

t "a database locked past the busy timeout is 75"
fdss init >/dev/null
{ echo 'BEGIN IMMEDIATE;'; echo 'CREATE TABLE IF NOT EXISTS lockx (x);'; sleep 7; echo 'ROLLBACK;'; } | sqlite3 "$FDSS_DB" &
locker=$!
sleep 0.5
run fdss area import "$FIXTURES/divisions/provinces.csv"
expect_status 75
expect_err_has "still locked by another program after"
wait $locker
run fdss area import "$FIXTURES/divisions/provinces.csv"
expect_status 0

t "commands other than init need an existing database"
run fdss area list --db "$T/missing.db"
expect_status 66
expect_err "fdss-area: '$T/missing.db': no such database (create it with 'fdss init' or choose one with --db or FDSS_DB)"
[ ! -e "$T/missing.db" ] || _fail "missing.db was created"
