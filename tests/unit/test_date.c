#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <fdss/date.h>

static fdss_date d(const char *s)
{
	fdss_date out = 0;

	cr_assert(eq(int, fdss_date_parse(&out, s, NULL), FDSS_OK), "%s", s);
	return out;
}

static void expect(fdss_date got, const char *want)
{
	char buf[FDSS_DATE_BUFSZ];

	cr_assert(eq(str, fdss_date_format(buf, got), (char *)want));
}

Test(date, epoch_and_round_trip)
{
	fdss_date x;
	int y, m, dd;

	cr_assert(eq(int, fdss_date_from_ymd(1970, 1, 1), 0));
	cr_assert(eq(int, fdss_date_from_ymd(2000, 3, 1), 11017));
	cr_assert(eq(int, fdss_date_from_ymd(1899, 12, 31), -25568));
	for (x = fdss_date_from_ymd(1890, 1, 1);
	     x < fdss_date_from_ymd(2110, 1, 1); x++) {
		fdss_date_to_ymd(x, &y, &m, &dd);
		cr_assert(fdss_date_valid(y, m, dd));
		cr_assert(eq(int, fdss_date_from_ymd(y, m, dd), x));
	}
}

Test(date, leap_years)
{
	cr_assert(fdss_date_is_leap(2000));
	cr_assert(fdss_date_is_leap(2024));
	cr_assert(not(fdss_date_is_leap(1900)));
	cr_assert(not(fdss_date_is_leap(2026)));
	cr_assert(eq(int, fdss_date_days_in_month(2024, 2), 29));
	cr_assert(eq(int, fdss_date_days_in_month(1900, 2), 28));
	cr_assert(eq(int, fdss_date_days_in_month(2026, 4), 30));
	cr_assert(eq(int, fdss_date_days_in_month(2026, 13), 0));
}

Test(date, parse_rejects_impossible_and_malformed)
{
	fdss_error err = FDSS_ERROR_INIT;
	const char *bad[] = {
		"2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31",
		"2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01",
		"20260101", "2026/01/01", "2026-01-01x", "", " 2026-01-01",
		"0000-01-01", "abcd-ef-gh",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert(eq(int, fdss_date_parse(NULL, bad[i], &err),
			     FDSS_EDATA), "%s", bad[i]);
	fdss_date_parse(NULL, "2026-02-30", &err);
	cr_assert(eq(str, err.msg, "'2026-02-30': no such date"));
	fdss_date_parse(NULL, "2026/02/03", &err);
	cr_assert(eq(str, err.msg,
		     "'2026/02/03': expected a date as YYYY-MM-DD"));
	expect(d("2024-02-29"), "2024-02-29");
	expect(d("2000-02-29"), "2000-02-29");
}

Test(date, add_months_clamps_to_month_end)
{
	expect(fdss_date_add_months(d("2026-01-31"), 1), "2026-02-28");
	expect(fdss_date_add_months(d("2024-01-31"), 1), "2024-02-29");
	expect(fdss_date_add_months(d("2026-03-31"), 1), "2026-04-30");
	expect(fdss_date_add_months(d("2026-03-31"), -1), "2026-02-28");
	expect(fdss_date_add_months(d("2026-11-15"), 2), "2027-01-15");
	expect(fdss_date_add_months(d("2026-01-15"), -13), "2024-12-15");
	expect(fdss_date_add_days(d("2026-12-31"), 1), "2027-01-01");
	expect(fdss_date_add_days(d("2024-03-01"), -1), "2024-02-29");
}

Test(date, add_years_and_contract_end)
{
	/* end = start + N years - 1 day, inclusive terms */
	expect(fdss_date_add_days(fdss_date_add_years(d("2026-01-01"), 1), -1),
	       "2026-12-31");
	expect(fdss_date_add_days(fdss_date_add_years(d("2026-03-01"), 3), -1),
	       "2029-02-28");
	expect(fdss_date_add_days(fdss_date_add_years(d("2027-03-01"), 1), -1),
	       "2028-02-29");
	expect(fdss_date_add_years(d("2024-02-29"), 1), "2025-02-28");
	expect(fdss_date_add_years(d("2024-02-29"), 4), "2028-02-29");
}

Test(date, age_is_birthday_exact)
{
	fdss_date birth = d("1949-12-31");

	cr_assert(eq(int, fdss_date_age(birth, d("2026-12-30")), 76));
	cr_assert(eq(int, fdss_date_age(birth, d("2026-12-31")), 77));
	cr_assert(eq(int, fdss_date_age(birth, birth), 0));
	cr_assert(eq(int, fdss_date_age(birth, d("1949-12-30")), -1));
	/* born 29 February: a year older on 1 March in common years */
	birth = d("2020-02-29");
	cr_assert(eq(int, fdss_date_age(birth, d("2021-02-28")), 0));
	cr_assert(eq(int, fdss_date_age(birth, d("2021-03-01")), 1));
	cr_assert(eq(int, fdss_date_age(birth, d("2024-02-28")), 3));
	cr_assert(eq(int, fdss_date_age(birth, d("2024-02-29")), 4));
	/* 65 at the reference date decides the elderly group */
	cr_assert(eq(int, fdss_date_age(d("1961-11-22"), d("2026-11-22")), 65));
	cr_assert(eq(int, fdss_date_age(d("1961-11-23"), d("2026-11-22")), 64));
}

/* The management year holding a date, from the month it starts in. */
Test(date, management_year_start)
{
	fdss_date ref = fdss_date_from_ymd(2026, 11, 22);

	cr_assert(eq(i32, fdss_date_year_start(ref, 1),
		     fdss_date_from_ymd(2026, 1, 1)));
	cr_assert(eq(i32, fdss_date_year_start(ref, 11),
		     fdss_date_from_ymd(2026, 11, 1)));
	cr_assert(eq(i32, fdss_date_year_start(ref, 12),
		     fdss_date_from_ymd(2025, 12, 1)));
	cr_assert(eq(i32, fdss_date_year_start(fdss_date_from_ymd(2026, 7,
								  1), 7),
		     fdss_date_from_ymd(2026, 7, 1)));
	cr_assert(eq(i32, fdss_date_year_start(ref, 0),	/* January */
		     fdss_date_from_ymd(2026, 1, 1)));
	cr_assert(eq(i32, fdss_date_year_start(ref, 13),
		     fdss_date_from_ymd(2026, 1, 1)));
}
