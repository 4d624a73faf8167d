/*
 * population.c: census figures per area, year and group, loaded from
 * CSV by `fdss area population import`, and the names of the groups
 * that report coverage counts (fdss-report(1), fdss-area(1)).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv_run.h"
#include "internal.h"

/* The groups of report coverage, in the order of its rows. */
static const char *const groups[] = {
	"all", "priority", "elderly", "child", "disabled", "special_family",
	"poverty", "low_income", "hypertension", "diabetes", "tb", "smi",
	"households"
};

#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

size_t fdss_population_ngroups(void)
{
	return NGROUPS;
}

const char *fdss_population_group(size_t i)
{
	return i < NGROUPS ? groups[i] : NULL;
}

int fdss_population_group_index(const char *name)
{
	size_t i;

	for (i = 0; name && i < NGROUPS; i++)
		if (strcmp(name, groups[i]) == 0)
			return (int)i;
	return -1;
}

const char *fdss_population_group_names(void)
{
	return "all, priority, elderly, child, disabled, special_family, "
	       "poverty, low_income, hypertension, diabetes, tb, smi or "
	       "households";
}

/* ---- import ---------------------------------------------------------- */

static const char sql_area[] = "SELECT 1 FROM area WHERE code = ?1";
static const char sql_get[] =
	"SELECT residents FROM population"
	" WHERE area_code = ?1 AND year = ?2 AND grp = ?3";
static const char sql_put[] =
	"INSERT INTO population (area_code, year, grp, residents)"
	" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (area_code, year, grp)"
	" DO UPDATE SET residents = excluded.residents";

/* The columns of the header, by name. */
enum col { C_AREA, C_YEAR, C_GROUP, C_RESIDENTS, NCOLS };

static const char *const col_names[NCOLS] = {
	"area_code", "year", "group", "residents"
};

/* One good row. */
struct row {
	const char *code, *group;
	long long year, residents;
};

/* One file being imported: the driver's state first. */
struct import {
	struct fdss__csv_run run;
	size_t col[NCOLS];	/* field index of each column */
	struct row row;		/* the row check_row accepted */
};

static int read_header(struct fdss__csv_run *run)
{
	struct import *im = (struct import *)run;
	int have[NCOLS] = { 0 };
	size_t i, k;

	for (i = 0; i < run->nheader; i++) {
		size_t n;
		const char *s = fdss__csv_trim(fdss_csv_field(run->csv, i, &n),
					       &n);

		for (k = 0; k < NCOLS; k++)
			if (!have[k] && n == strlen(col_names[k]) &&
			    strncasecmp(s, col_names[k], n) == 0) {
				im->col[k] = i;
				have[k] = 1;
			}
	}
	for (k = 0; k < NCOLS; k++)
		if (!have[k])
			return fdss__db_fail(run->db, FDSS_EDATA, "%s: no '%s' "
					     "column in the header", run->file,
					     col_names[k]);
	return FDSS_OK;
}

/* Field k of the row, trimmed and NUL-terminated in place. */
static char *field(struct import *im, enum col k)
{
	size_t n;
	const char *s = fdss_csv_field(im->run.csv, im->col[k], &n);
	char *t = (char *)fdss__csv_trim(s, &n);

	t[n] = '\0';
	return t;
}

static int bad(struct import *im, enum col k, const char *value,
	       const char *why)
{
	return fdss_error_set(&im->run.err, FDSS_EDATA,
			      "%s:%ld: %s '%.40s': %s", im->run.file,
			      fdss_csv_line(im->run.csv), col_names[k], value,
			      why);
}

/* Whether code is a stored area: 1, 0, or a failure. */
static int area_stored(fdss_db *db, const char *code)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_area);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC))
		return fdss__db_bindfail(db, st, "cannot read the areas");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return fdss__db_sqlfail(db, rc, "cannot read the areas");
}

/* Check the current row into *r: FDSS_OK, FDSS_EDATA (message in
 * im->run.err) or a failure of the database. */
static int check_row(struct fdss__csv_run *run)
{
	struct import *im = (struct import *)run;
	struct row *r = &im->row;
	fdss_csv *c = im->run.csv;
	size_t n, at, nf = fdss_csv_nfields(c);
	const char *s = fdss_csv_raw(c, &n), *why = NULL;
	char *v;
	int rc;

	if (!fdss_utf8_valid(s, n, &at))
		return fdss_error_set(&im->run.err, FDSS_EDATA,
				      "%s:%ld: not valid UTF-8 at byte %zu",
				      im->run.file,
				      fdss_csv_line(c), at + 1);
	for (at = 0; at < NCOLS; at++)
		if (im->col[at] >= nf)
			return fdss_error_set(&im->run.err, FDSS_EDATA,
					      "%s:%ld: %zu field%s, the header "
					      "has %zu", im->run.file,
					      fdss_csv_line(c), nf,
					      nf == 1 ? "" : "s",
					      im->run.nheader);
	v = field(im, C_AREA);
	if (!fdss_area_level_of(v))
		return bad(im, C_AREA, v, "2, 4, 6, 9 or 12 digits expected");
	if ((rc = area_stored(im->run.db, v)) < 0)
		return rc;
	if (!rc)
		return bad(im, C_AREA, v, "no such area (load it with 'fdss "
			   "area import')");
	r->code = v;
	v = field(im, C_YEAR);
	if (fdss_int_parse(&r->year, v, 1900, 9999, &why) != FDSS_OK)
		return bad(im, C_YEAR, v, "expected a year, 1900 to 9999");
	v = field(im, C_GROUP);
	if (fdss_population_group_index(v) < 0)
		return fdss_error_set(&im->run.err, FDSS_EDATA, "%s:%ld: group "
				      "'%.40s': expected %s", im->run.file,
				      fdss_csv_line(c), v,
				      fdss_population_group_names());
	r->group = v;
	v = field(im, C_RESIDENTS);
	if (fdss_int_parse(&r->residents, v, 0, 2000000000, &why) != FDSS_OK)
		return bad(im, C_RESIDENTS, v, "expected a whole number, 0 or "
			   "more");
	return FDSS_OK;
}

/* The figure as compact JSON for the audit log; free() it. */
static char *row_json(const struct row *r, long long residents)
{
	const char *fmt = "{\"area_code\":\"%s\",\"year\":%lld,"
			  "\"group\":\"%s\",\"residents\":%lld}";
	int n = snprintf(NULL, 0, fmt, r->code, r->year, r->group, residents);
	char *s = n < 0 ? NULL : malloc((size_t)n + 1);

	if (s)
		snprintf(s, (size_t)n + 1, fmt, r->code, r->year, r->group,
			 residents);
	return s;
}

/* The stored figure of r into *old: 1, 0 (none) or a failure. */
static int stored(fdss_db *db, const struct row *r, long long *old)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql_get);
	int rc;

	if (!st)
		return fdss_db_error(db)->code;
	if (sqlite3_bind_text(st, 1, r->code, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 2, r->year) ||
	    sqlite3_bind_text(st, 3, r->group, -1, SQLITE_STATIC))
		return fdss__db_bindfail(db, st, "cannot read a census figure");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*old = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return fdss__db_sqlfail(db, rc, "cannot read a census figure");
}

static int audit(fdss_db *db, const struct row *r, long long old)
{
	char *key = NULL, *before = row_json(r, old),
	     *after = row_json(r, r->residents);
	size_t n = strlen(r->code) + strlen(r->group) + 32;
	int rc = FDSS_ENOMEM;

	if (before && after && (key = malloc(n))) {
		snprintf(key, n, "%s:%lld:%s", r->code, r->year, r->group);
		rc = fdss_audit_record(db, "population", key, before, after,
				       NULL);
	} else {
		rc = fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	}
	free(key);
	free(before);
	free(after);
	return rc;
}

static int store_row(struct fdss__csv_run *run)
{
	struct import *im = (struct import *)run;
	const struct row *r = &im->row;
	long long old = 0;
	sqlite3_stmt *st;
	int had, rc;

	if ((had = stored(im->run.db, r, &old)) < 0)
		return had;
	if (had && old == r->residents) {
		im->run.st.unchanged++;
		return FDSS_OK;
	}
	if (!(st = fdss__db_prepare(im->run.db, sql_put)))
		return fdss_db_error(im->run.db)->code;
	if (sqlite3_bind_text(st, 1, r->code, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 2, r->year) ||
	    sqlite3_bind_text(st, 3, r->group, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 4, r->residents))
		return fdss__db_bindfail(im->run.db, st,
					 "cannot store a census figure");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->run.db, rc, "cannot store a census "
					"figure");
	if (!had) {
		im->run.st.inserted++;
		return FDSS_OK;
	}
	if ((rc = audit(im->run.db, r, old)) == FDSS_OK)
		im->run.st.updated++;
	return rc;
}

int fdss_population_import(fdss_db *db, FILE *f, const char *name,
			   int atomic, fdss_population_stats *stats,
			   fdss_reject_fn reject, void *arg)
{
	struct import im;
	int rc;

	memset(&im, 0, sizeof(im));
	im.run.db = db;
	im.run.reject = reject;
	im.run.arg = arg;
	im.run.expected = "expected a header with area_code, year, group and "
			  "residents";
	im.run.header = read_header;
	im.run.check = check_row;
	im.run.store = store_row;
	rc = fdss__csv_run(&im.run, f, name, atomic);
	if (stats && (rc == FDSS_OK || rc == FDSS_EDATA))
		FDSS__CSV_COUNTS_ADD(stats, im.run.st);
	return rc;
}
