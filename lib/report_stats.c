/*
 * report_stats.c: what the reports renewals, team and fees share — the
 * unit a row counts for (--by), the filters, the management year, and
 * rates and money in the records (fdss-report(1)).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "report_int.h"

int fdss__report_unit_len(int by)
{
	switch (by) {
	case FDSS_REPORT_BY_COUNTY:
		return 6;
	case FDSS_REPORT_BY_TOWNSHIP:
		return 9;
	case FDSS_REPORT_BY_VILLAGE:
		return 12;
	default:
		return 0;	/* a team */
	}
}

int fdss__report_check(fdss_db *db, const fdss_report_query *q, int by)
{
	if (by < FDSS_REPORT_BY_COUNTY || by > FDSS_REPORT_BY_TEAM)
		return fdss__db_fail(db, FDSS_EINVAL, "--by: expected county, "
				     "township, village or team");
	if (q->area && !fdss_area_level_of(q->area))
		return fdss__db_fail(db, FDSS_EINVAL, "--area '%.40s': 2, 4, "
				     "6, 9 or 12 digits expected", q->area);
	if (!q->ref)
		return fdss__db_fail(db, FDSS_EINVAL, "no --as-of date");
	return FDSS_OK;
}

/* Bind by name; a name the statement does not use is skipped. */
static int bind_text(sqlite3_stmt *st, const char *name, const char *s)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 ? fdss__bind_text(st, i, s, 1) : SQLITE_OK;
}

static int bind_int(sqlite3_stmt *st, const char *name, int v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 ? sqlite3_bind_int(st, i, v) : SQLITE_OK;
}

int fdss__report_bind_date(sqlite3_stmt *st, const char *name, fdss_date d)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 ? fdss__bind_date(st, i, d) : SQLITE_OK;
}

int fdss__report_bind_unit(fdss_db *db, sqlite3_stmt *st,
			   const fdss_report_query *q, int by)
{
	char lo[16] = "", hi[16] = "";

	if (q->area) {
		snprintf(lo, sizeof(lo), "%s", q->area);
		snprintf(hi, sizeof(hi), "%s;", q->area);
	}
	/* lo and hi are bound as copies: fdss__bind_text() does not copy */
	if (bind_int(st, ":by", by == FDSS_REPORT_BY_TEAM) ||
	    bind_int(st, ":len", fdss__report_unit_len(by)) ||
	    bind_text(st, ":team", q->team) ||
	    (q->area && sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
				":lo"), lo, -1, SQLITE_TRANSIENT)) ||
	    (q->area && sqlite3_bind_text(st, sqlite3_bind_parameter_index(st,
				":hi"), hi, -1, SQLITE_TRANSIENT)) ||
	    fdss__report_bind_date(st, ":ref", q->ref))
		return fdss__db_bindfail(db, st, "cannot make the report");
	return FDSS_OK;
}

int fdss__report_year(fdss_db *db, const fdss_report_query *q, int month,
		      fdss_date *y0, fdss_date *y1)
{
	int y = q->year;

	if (month < 1 || month > 12)
		month = 1;
	if (!y)
		fdss_date_to_ymd(fdss_date_year_start(q->ref, month), &y, NULL,
				 NULL);
	if (y < 1900 || y > 9998)
		return fdss__db_fail(db, FDSS_EINVAL, "--year %d: a year from "
				     "1900 to 9998 expected", y);
	*y0 = fdss_date_from_ymd(y, month, 1);
	*y1 = fdss_date_add_days(fdss_date_from_ymd(y + 1, month, 1), -1);
	if (*y0 > q->ref)
		return fdss__db_fail(db, FDSS_EINVAL, "--year %d: the year "
				     "starts after the --as-of date", y);
	return FDSS_OK;
}

/* Add item under key (a literal); 0 (and item freed) when out of memory. */
static int put(cJSON *rec, const char *key, cJSON *item)
{
	if (!item)
		return 0;
	if (!cJSON_AddItemToObjectCS(rec, key, item)) {
		cJSON_Delete(item);
		return 0;
	}
	return 1;
}

int fdss__report_put_rate(cJSON *rec, const char *key, int64_t num,
			  int64_t den)
{
	int64_t tenths;

	if (den <= 0)
		return put(rec, key, cJSON_CreateNull());
	/* num / den as a percentage, to the nearest tenth, half up */
	tenths = (num * 2000 + den) / (2 * den);
	return put(rec, key, cJSON_CreateNumber((double)tenths / 10.0));
}

int fdss__report_put_yuan(cJSON *rec, const char *key, int64_t fen)
{
	return put(rec, key, cJSON_CreateNumber((double)fen / 100.0));
}

int fdss__report_emit(fdss_db *db, cJSON *rec, fdss_report_fn fn, void *arg)
{
	int rc;

	if (!rec)
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	rc = fn(arg, rec);
	cJSON_Delete(rec);
	return rc;
}
