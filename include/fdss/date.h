#ifndef FDSS_DATE_H
#define FDSS_DATE_H

#include <stdint.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Civil dates as a day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar.  No time zone is involved anywhere, so a contract's
 * end date never moves with TZ.
 */
typedef int32_t fdss_date;

/* Buffer size for fdss_date_format(): "YYYY-MM-DD" and the NUL. */
#define FDSS_DATE_BUFSZ 11

/* 1 if y is a leap year. */
int fdss_date_is_leap(int y);

/* Days in month m (1..12) of year y; 0 for a bad month. */
int fdss_date_days_in_month(int y, int m);

/* 1 if y-m-d is a real calendar date (years 1..9999). */
int fdss_date_valid(int y, int m, int d);

/* Day number of y-m-d; the date must be valid. */
fdss_date fdss_date_from_ymd(int y, int m, int d);

/* Split a day number into year, month and day (any out may be NULL). */
void fdss_date_to_ymd(fdss_date date, int *y, int *m, int *d);

/*
 * Parse exactly "YYYY-MM-DD" into *out.  Rejects other shapes and dates
 * that do not exist (2026-02-30) with FDSS_EDATA and a message in err.
 */
int fdss_date_parse(fdss_date *out, const char *s, fdss_error *err);

/* Write "YYYY-MM-DD" into buf (FDSS_DATE_BUFSZ bytes); returns buf. */
char *fdss_date_format(char *buf, fdss_date date);

/* date + n days (n may be negative). */
fdss_date fdss_date_add_days(fdss_date date, int n);

/*
 * date + n months.  When the day does not exist in the target month it
 * becomes that month's last day: 2026-01-31 + 1 month = 2026-02-28.
 */
fdss_date fdss_date_add_months(fdss_date date, int n);

/* date + n years, 29 February becoming 28 February in common years. */
fdss_date fdss_date_add_years(fdss_date date, int n);

/*
 * Age in whole years at ref of somebody born on birth, birthday-exact:
 * the age goes up on the birthday itself (29 February birthdays on
 * 1 March in common years).  -1 if ref is before birth.
 */
int fdss_date_age(fdss_date birth, fdss_date ref);

/*
 * The first day of the management year holding ref, a year that starts
 * on the first of month (the rule general.year_start_month; a month
 * outside 1 to 12 is January): the one definition of "the year" of the
 * due lists and the reports.
 */
fdss_date fdss_date_year_start(fdss_date ref, int month);

#ifdef __cplusplus
}
#endif

#endif
