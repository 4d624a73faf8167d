/*
 * population.c: census figures per area, year and group, loaded from
 * CSV by `fdss area population import`, and the names of the groups
 * that report coverage counts (fdss-report(1), fdss-area(1)).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* One file being imported. */
struct import {
	fdss_db *db;
	fdss_csv *csv;
	const char *file;	/* name for messages */
	size_t col[NCOLS];	/* field index of each column */
	size_t nheader;
	fdss_population_stats st;
	fdss_reject_fn reject;
	void *arg;
	fdss_error err;		/* the message of a rejected row */
};

/* One good row. */
struct row {
	const char *code, *group;
	long long year, residents;
};

static const char *trim(const char *s, size_t *n)
{
	while (*n && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

static int read_header(struct import *im)
{
	fdss_error err = FDSS_ERROR_INIT;
	int have[NCOLS] = { 0 }, rc;
	size_t i, k;

	rc = fdss_csv_next(im->csv, &err);
	if (rc == FDSS_EOF)
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: empty file, "
				     "expected a header with area_code, year, "
				     "group and residents", im->file);
	if (rc)
		return fdss__db_fail(im->db, rc, "%s", err.msg);
	im->nheader = fdss_csv_nfields(im->csv);
	for (i = 0; i < im->nheader; i++) {
		size_t n;
		const char *s = trim(fdss_csv_field(im->csv, i, &n), &n);

		for (k = 0; k < NCOLS; k++)
			if (!have[k] && n == strlen(col_names[k]) &&
			    strncasecmp(s, col_names[k], n) == 0) {
				im->col[k] = i;
				have[k] = 1;
			}
	}
	for (k = 0; k < NCOLS; k++)
		if (!have[k])
			return fdss__db_fail(im->db, FDSS_EDATA, "%s: no '%s' "
					     "column in the header", im->file,
					     col_names[k]);
	return FDSS_OK;
}

/* Field k of the row, trimmed and NUL-terminated in place. */
static char *field(struct import *im, enum col k)
{
	size_t n;
	const char *s = fdss_csv_field(im->csv, im->col[k], &n);
	char *t = (char *)trim(s, &n);

	t[n] = '\0';
	return t;
}

static int bad(struct import *im, enum col k, const char *value,
	       const char *why)
{
	return fdss_error_set(&im->err, FDSS_EDATA, "%s:%ld: %s '%.40s': %s",
			      im->file, fdss_csv_line(im->csv), col_names[k],
			      value, why);
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
 * im->err) or a failure of the database. */
static int check_row(struct import *im, struct row *r)
{
	fdss_csv *c = im->csv;
	size_t n, at, nf = fdss_csv_nfields(c);
	const char *s = fdss_csv_raw(c, &n), *why = NULL;
	char *v;
	int rc;

	if (!fdss_utf8_valid(s, n, &at))
		return fdss_error_set(&im->err, FDSS_EDATA, "%s:%ld: not valid "
				      "UTF-8 at byte %zu", im->file,
				      fdss_csv_line(c), at + 1);
	for (at = 0; at < NCOLS; at++)
		if (im->col[at] >= nf)
			return fdss_error_set(&im->err, FDSS_EDATA,
					      "%s:%ld: %zu field%s, the header "
					      "has %zu", im->file,
					      fdss_csv_line(c), nf,
					      nf == 1 ? "" : "s", im->nheader);
	v = field(im, C_AREA);
	if (!fdss_area_level_of(v))
		return bad(im, C_AREA, v, "2, 4, 6, 9 or 12 digits expected");
	if ((rc = area_stored(im->db, v)) < 0)
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
		return fdss_error_set(&im->err, FDSS_EDATA, "%s:%ld: group "
				      "'%.40s': expected %s", im->file,
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

static int store_row(struct import *im, const struct row *r)
{
	long long old = 0;
	sqlite3_stmt *st;
	int had, rc;

	if ((had = stored(im->db, r, &old)) < 0)
		return had;
	if (had && old == r->residents) {
		im->st.unchanged++;
		return FDSS_OK;
	}
	if (!(st = fdss__db_prepare(im->db, sql_put)))
		return fdss_db_error(im->db)->code;
	if (sqlite3_bind_text(st, 1, r->code, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 2, r->year) ||
	    sqlite3_bind_text(st, 3, r->group, -1, SQLITE_STATIC) ||
	    sqlite3_bind_int64(st, 4, r->residents))
		return fdss__db_bindfail(im->db, st, "cannot store a census "
					 "figure");
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(im->db, rc, "cannot store a census "
					"figure");
	if (!had) {
		im->st.inserted++;
		return FDSS_OK;
	}
	if ((rc = audit(im->db, r, old)) == FDSS_OK)
		im->st.updated++;
	return rc;
}

static int import_rows(struct import *im)
{
	struct row r;
	int rc;

	for (;;) {
		fdss_error_clear(&im->err);
		rc = fdss_csv_next(im->csv, &im->err);
		if (rc == FDSS_EOF)
			return FDSS_OK;
		if (rc != FDSS_OK && rc != FDSS_EDATA)
			return fdss__db_fail(im->db, rc, "%s", im->err.msg);
		im->st.read++;
		if (rc == FDSS_OK)
			rc = check_row(im, &r);
		if (rc == FDSS_EDATA) {
			im->st.rejected++;
			if (im->reject)
				im->reject(im->arg, im->err.msg);
			continue;
		}
		if (rc != FDSS_OK || (rc = store_row(im, &r)) != FDSS_OK)
			return rc;
	}
}

static void add_stats(fdss_population_stats *to,
		      const fdss_population_stats *from)
{
	to->read += from->read;
	to->inserted += from->inserted;
	to->updated += from->updated;
	to->unchanged += from->unchanged;
	to->rejected += from->rejected;
}

int fdss_population_import(fdss_db *db, FILE *f, const char *name,
			   int atomic, fdss_population_stats *stats,
			   fdss_reject_fn reject, void *arg)
{
	struct import im;
	int nested = 0, rc;

	memset(&im, 0, sizeof(im));
	im.db = db;
	im.file = name ? name : "<input>";
	im.reject = reject;
	im.arg = arg;
	if (fdss_csv_new(&im.csv, f, im.file) != FDSS_OK)
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	if ((rc = read_header(&im)) != FDSS_OK)
		goto out;
	if ((rc = fdss__tx_begin(db, &nested)) != FDSS_OK)
		goto out;
	rc = import_rows(&im);
	if (rc == FDSS_OK && atomic && im.st.rejected) {
		im.st.inserted = im.st.updated = im.st.unchanged = 0;
		rc = fdss__db_fail(db, FDSS_EDATA, "%s: %ld of %ld rows "
				   "rejected, nothing imported", im.file,
				   im.st.rejected, im.st.read);
	}
	rc = fdss__tx_end(db, nested, rc);
out:
	if (stats && (rc == FDSS_OK || rc == FDSS_EDATA))
		add_stats(stats, &im.st);
	fdss_csv_free(im.csv);
	return rc;
}
