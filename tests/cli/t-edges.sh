# Dates and numbers at their edges (issue 17), in options and in records:
# each refused with the option or key named and the usage status, never
# wrapped, truncated or read as something else.

roster_fixture
Z=140826197811220315
sql "INSERT INTO condition (id_number, kind, since, source) VALUES
	('$Z', 'hypertension', '2020-01-01', 'manual')"

t "a day that does not exist is refused in --as-of"
for d in 2026-02-30 0000-00-00 2026-13-01 2025-02-29; do
	run fdss person list --as-of "$d"
	expect_status 64
	expect_err_has "fdss-person: --as-of '$d': no such date"
done

t "a leap day that exists is taken"
run fdss person list --as-of 2024-02-29 --format jsonl
expect_status 0
expect_lines 9

t "numbers past 2^63 are too large, not wrapped"
for n in 9223372036854775808 18446744073709551616 99999999999999999999999; do
	run fdss renew --within "$n"
	expect_status 64
	expect_err_has "fdss-renew: --within '$n': too large"
done

t "1e308, NaN, hex and blanks are not whole numbers"
for n in 1e308 NaN inf 0x10 ' 7' '7 ' 7.0; do
	run fdss renew --within "$n"
	expect_status 64
	expect_err_has "fdss-renew: --within '$n': invalid"
done

t "-0 is zero"
run fdss renew --within -0
expect_status 0
expect_err_has "renewed 0"

t "measurements and dates at their edges in records: each refused, nothing stored"
input='{"id_number":"'$Z'","program":"hypertension","date":"2026-11-01","mode":"clinic","sbp":1e308,"dbp":80}
{"id_number":"'$Z'","program":"hypertension","date":"2026-11-01","mode":"clinic","sbp":NaN,"dbp":80}
{"id_number":"'$Z'","program":"hypertension","date":"2026-02-30","mode":"clinic","sbp":120,"dbp":80}
{"id_number":"'$Z'","program":"hypertension","date":"0000-00-00","mode":"clinic","sbp":120,"dbp":80}
{"id_number":"'$Z'","program":"hypertension","date":"2026-11-01","mode":"clinic","sbp":-0,"dbp":80}
'
run_in - fdss followup record
expect_status 65
expect_err_has "<stdin>:1: $Z: key 'sbp': 1e+308 is out of range"
expect_err_has "<stdin>:2: column 102: expected a value, found 'N'"
expect_err_has "<stdin>:3: $Z: date: '2026-02-30' is not a date (YYYY-MM-DD)"
expect_err_has "<stdin>:4: $Z: date: '0000-00-00' is not a date (YYYY-MM-DD)"
expect_err_has "<stdin>:5: $Z: sbp: 0 is not a possible value (60 to 299)"
expect_err_has "rejected 5"
expect_eq "visits" "$(sql 'SELECT count(*) FROM followup')" 0
