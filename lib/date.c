/*
 * date.c: civil-date arithmetic on day numbers (days since 1970-01-01,
 * proleptic Gregorian), after Howard Hinnant's days_from_civil.  No
 * time_t, no time zone.
 */
#include <string.h>

#include "fdss/date.h"

int fdss_date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int fdss_date_days_in_month(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && fdss_date_is_leap(y))
		return 29;
	return days[m - 1];
}

int fdss_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && d >= 1 &&
	       d <= fdss_date_days_in_month(y, m);
}

fdss_date fdss_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void fdss_date_to_ymd(fdss_date date, int *y, int *m, int *d)
{
	int z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;
	int yy = yoe + era * 400 + (mm <= 2);

	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
}

static int digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int fdss_date_parse(fdss_date *out, const char *s, fdss_error *err)
{
	int y, m, d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    (y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 0 ||
	    (d = digits(s + 8, 2)) < 0)
		return fdss_error_set(err, FDSS_EDATA,
				      "'%s': expected a date as YYYY-MM-DD",
				      s ? s : "");
	if (!fdss_date_valid(y, m, d))
		return fdss_error_set(err, FDSS_EDATA,
				      "'%s': no such date", s);
	if (out)
		*out = fdss_date_from_ymd(y, m, d);
	return FDSS_OK;
}

char *fdss_date_format(char *buf, fdss_date date)
{
	int y, m, d;

	/* by hand, not snprintf: listings format dates for every row */
	fdss_date_to_ymd(date, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
	return buf;
}

fdss_date fdss_date_add_days(fdss_date date, int n)
{
	return date + n;
}

fdss_date fdss_date_add_months(fdss_date date, int n)
{
	int y, m, d, total, last;

	fdss_date_to_ymd(date, &y, &m, &d);
	total = y * 12 + (m - 1) + n;
	y = total / 12;
	m = total % 12 + 1;
	last = fdss_date_days_in_month(y, m);
	return fdss_date_from_ymd(y, m, d > last ? last : d);
}

fdss_date fdss_date_add_years(fdss_date date, int n)
{
	return fdss_date_add_months(date, 12 * n);
}

int fdss_date_age(fdss_date birth, fdss_date ref)
{
	int by, bm, bd, ry, rm, rd, age;

	if (ref < birth)
		return -1;
	fdss_date_to_ymd(birth, &by, &bm, &bd);
	fdss_date_to_ymd(ref, &ry, &rm, &rd);
	age = ry - by;
	/* A 29 February birthday falls on 1 March in common years. */
	if (bm == 2 && bd == 29 && !fdss_date_is_leap(ry)) {
		bm = 3;
		bd = 1;
	}
	if (rm < bm || (rm == bm && rd < bd))
		age--;
	return age;
}

fdss_date fdss_date_year_start(fdss_date ref, int month)
{
	int y, m;

	fdss_date_to_ymd(ref, &y, &m, NULL);
	if (month < 1 || month > 12)
		month = 1;
	return fdss_date_from_ymd(m >= month ? y : y - 1, month, 1);
}
