# Privacy (issue 17): ID and phone numbers masked in every form a person
# reads (table, csv, html) unless --no-mask, and every --no-mask run kept
# in the audit log with its operator; --output files private (0600).

overdue_fixture
J=140826195003150110
unmasked() { sql "SELECT count(*) FROM audit_log WHERE table_name = 'unmasked'"; }

t "table and csv mask ID numbers; JSON lines, for programs, do not"
run fdss person list --format csv
expect_status 0
expect_out_lacks "$J"
expect_out_has "140826********0110"
run fdss person list --format table
expect_out_lacks "$J"
run fdss person list --format jsonl
expect_out_has "\"id_number\":\"$J\""
expect_eq "audit entries for masked runs" "$(unmasked)" 0

t "a report page masks them too"
run fdss report overdue --format html
expect_status 0
expect_out_lacks "$J"
expect_out_has "140826********0110"

t "--no-mask shows them whole and is audited with its operator and command"
run fdss person list --format csv --no-mask --operator 李管理员
expect_status 0
expect_out_has "$J"
expect_eq "entries" "$(unmasked)" 1
expect_eq "entry" "$(sql "SELECT operator, row_key, command, after FROM audit_log WHERE table_name = 'unmasked'")" \
	"李管理员|fdss-person|fdss-person list --format csv --no-mask --operator 李管理员|{\"no_mask\":true}"
run fdss report overdue --format html --no-mask
expect_out_has "$J"
expect_eq "entries" "$(unmasked)" 2

t "--output writes the output to a private file, whatever the umask"
(umask 022; fdss person list --format csv --output "$T/people.csv")
expect_eq "mode" "$(stat -c %a "$T/people.csv")" 600
expect_eq "lines" "$(wc -l <"$T/people.csv")" 10
printf 'old\n' >"$T/old.csv"
chmod 644 "$T/old.csv"
run fdss report overdue --format csv --output "$T/old.csv"
expect_status 0
expect_eq "narrowed" "$(stat -c %a "$T/old.csv")" 600
expect_eq "replaced" "$(head -c 3 "$T/old.csv")" "$(fdss report overdue --format csv | head -c 3)"

t "--output refuses the database and says why it cannot write"
run fdss person list --output "$FDSS_DB"
expect_status 64
expect_err "fdss-person: --output '$FDSS_DB': is the database"
run fdss person list --output "$T/no/such/dir/x.csv"
expect_status 74
expect_err_has "fdss-person: cannot write '$T/no/such/dir/x.csv': No such file or directory"

t "the roster workbook holds numbers whole for import, and is audited as --no-mask is"
before=$(unmasked)
fdss person list --format xlsx >"$T/roster.xlsx"
expect_eq "entries" "$(unmasked)" $((before + 1))
expect_eq "entry" "$(sql "SELECT row_key, command FROM audit_log WHERE table_name = 'unmasked' ORDER BY id DESC LIMIT 1")" \
	"fdss-person|fdss-person list --format xlsx"
