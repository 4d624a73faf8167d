/*
 * report_pg.c: reports over the provincial PostgreSQL store
 * (fdss_report_run_from(), fdss-report(1) --from URL).  The coverage
 * report runs its own C over rows of its own SQL text, run in each
 * county's schema (pg_int.h), county after county in code order, which
 * is the village order the report walks in.
 */
#include <stdlib.h>
#include <string.h>

#include "pg_int.h"
#include "report_cov_int.h"

#define NPARAM 8

struct pgsrc {
	PGconn *pg;
	char (*county)[FDSS_COUNTY_BUFSZ];	/* in the store, in order */
	size_t n;
	char *sql;		/* the walk for PostgreSQL */
	char *names[NPARAM];	/* its parameters, by number */
	int nnames;
	char *census_sql, *name_sql;
};

static int nomem(fdss_db *db)
{
	return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
}

/* search_path: the county's schema, then the shared one. */
static int use_county(fdss_db *db, struct pgsrc *s, const char *county)
{
	char sql[96];

	snprintf(sql, sizeof(sql), "SET search_path = " FDSS__PG_COUNTY_SCHEMA
		 "%.6s, " FDSS__PG_SCHEMA, county);
	return fdss__pg_exec(db, s->pg, sql, "postgresql");
}

/* Has county codes in [lo, hi), lo a code (or "") and hi lo ":"? */
static int county_in(const char *county, const char *lo)
{
	size_t n = strlen(lo);

	return !strncmp(county, lo, n < 6 ? n : 6);
}

/* The rows of one query in single-row mode, to row(). */
static int stream(fdss_db *db, struct pgsrc *s, const char *const *vals,
		  int (*row)(void *w, const char *const *v), void *w)
{
	static const Oid text[NPARAM] = { 25, 25, 25, 25, 25, 25, 25, 25 };
	const char *v[FDSS__COV_COLS];
	PGresult *res;
	int rc = FDSS_OK, i;

	if (PQsendQueryParams(s->pg, s->sql, s->nnames, text, vals, NULL,
			      NULL, 0) != 1 || PQsetSingleRowMode(s->pg) != 1)
		return fdss__pg_fail(db, s->pg, NULL, "cannot count the "
				     "residents");
	while ((res = PQgetResult(s->pg))) {
		ExecStatusType st = PQresultStatus(res);

		if (rc == FDSS_OK && st == PGRES_SINGLE_TUPLE &&
		    PQnfields(res) == FDSS__COV_COLS) {
			for (i = 0; i < FDSS__COV_COLS; i++)
				v[i] = PQgetisnull(res, 0, i)
					       ? NULL : PQgetvalue(res, 0, i);
			rc = row(w, v);
		} else if (rc == FDSS_OK && st != PGRES_TUPLES_OK &&
			   st != PGRES_SINGLE_TUPLE) {
			rc = fdss__pg_fail(db, s->pg, res, "cannot count the "
					   "residents");
		}
		PQclear(res);
	}
	return rc;
}

static int src_walk(void *arg, fdss_db *db, const char *lo, const char *hi,
		    const char *ref,
		    int (*row)(void *w, const char *const *v), void *w)
{
	struct pgsrc *s = arg;
	const char *vals[NPARAM];
	size_t i;
	int k, rc = FDSS_OK;

	for (k = 0; k < s->nnames; k++)
		vals[k] = !strcmp(s->names[k], "ref") ? ref
			: !strcmp(s->names[k], "lo") ? lo
			: !strcmp(s->names[k], "hi") ? hi : NULL;
	for (i = 0; i < s->n && rc == FDSS_OK; i++)
		if (county_in(s->county[i], lo) &&
		    (rc = use_county(db, s, s->county[i])) == FDSS_OK)
			rc = stream(db, s, vals, row, w);
	return rc;
}

static int src_census(void *arg, fdss_db *db, const char *code, int year,
		      long long *census)
{
	struct pgsrc *s = arg;
	char y[16];
	const char *vals[2] = { code, y };
	PGresult *res;
	int i, g, rc;

	if (strlen(code) < 6)
		return FDSS_OK;		/* figures are a county's */
	snprintf(y, sizeof(y), "%d", year);
	if ((rc = use_county(db, s, code)) != FDSS_OK)
		return rc;
	if (!(res = fdss__pg_query(db, s->pg, s->census_sql, 2, vals,
				   "cannot read the census")))
		return fdss_db_error(db)->code;
	for (i = 0; i < PQntuples(res); i++)
		if ((g = fdss_population_group_index(PQgetvalue(res, i, 0))) >=
		    0)
			census[g] = strtoll(PQgetvalue(res, i, 1), NULL, 10);
	PQclear(res);
	return FDSS_OK;
}

static int src_name(void *arg, fdss_db *db, const char *code, char **out)
{
	struct pgsrc *s = arg;
	const char *vals[1] = { code };
	PGresult *res;
	int rc;

	*out = NULL;
	if (strlen(code) < 6)
		return FDSS_OK;		/* the built-in table's */
	if ((rc = use_county(db, s, code)) != FDSS_OK)
		return rc;
	if (!(res = fdss__pg_query(db, s->pg, s->name_sql, 1, vals,
				   "cannot read a name")))
		return fdss_db_error(db)->code;
	if (PQntuples(res) && !(*out = strdup(PQgetvalue(res, 0, 0))))
		rc = nomem(db);
	PQclear(res);
	return rc;
}

static const char sql_elderly[] =
	"SELECT value FROM rule WHERE program = 'elderly' AND key = 'min_age'";

/* The rule elderly.min_age: the counties' one, which must agree. */
static int src_elderly(void *arg, fdss_db *db, int *out)
{
	struct pgsrc *s = arg;
	PGresult *res;
	long long v;
	size_t i;
	int rc = FDSS_OK, seen = 0;

	for (i = 0; i < s->n && rc == FDSS_OK; i++) {
		if ((rc = use_county(db, s, s->county[i])) != FDSS_OK)
			break;
		if (!(res = fdss__pg_query(db, s->pg, sql_elderly, 0, NULL,
					   "cannot read the rules")))
			return fdss_db_error(db)->code;
		if (PQntuples(res) &&
		    fdss_int_parse(&v, PQgetvalue(res, 0, 0), 0, 200, NULL) ==
			    FDSS_OK) {
			if (seen && v != *out)
				rc = fdss__db_fail(db, FDSS_EDATA, "county %s: "
						   "rule elderly.min_age %lld, "
						   "another county's %d",
						   s->county[i], v, *out);
			*out = (int)v;
			seen = 1;
		}
		PQclear(res);
	}
	return rc;
}

static const char sql_counties[] =
	"SELECT county FROM push_state ORDER BY county";

static int load_counties(fdss_db *db, struct pgsrc *s)
{
	PGresult *res = fdss__pg_query(db, s->pg, sql_counties, 0, NULL,
				       "no fdss store there (fdss push "
				       "makes one)");
	int i, rc = FDSS_OK;

	if (!res)
		return fdss_db_error(db)->code;
	if (!(s->county = calloc((size_t)PQntuples(res) + 1,
				 sizeof(*s->county))))
		rc = nomem(db);
	for (i = 0; rc == FDSS_OK && i < PQntuples(res); i++) {
		const char *c = PQgetvalue(res, i, 0);

		if (strlen(c) != 6 || strspn(c, "0123456789") != 6)
			rc = fdss__db_fail(db, FDSS_EDATA, "push_state: county "
					   "'%.20s': 6 digits expected", c);
		else
			memcpy(s->county[s->n++], c, FDSS_COUNTY_BUFSZ);
	}
	PQclear(res);
	return rc;
}

static void src_release(struct pgsrc *s)
{
	int i;

	for (i = 0; i < s->nnames; i++)
		free(s->names[i]);
	free(s->sql);
	free(s->census_sql);
	free(s->name_sql);
	free(s->county);
	PQfinish(s->pg);
}

int fdss_report_run_from(fdss_db *db, const char *url,
			 const fdss_report_def *def,
			 const fdss_report_query *q, fdss_report_fn fn,
			 void *arg)
{
	struct pgsrc s;
	struct fdss__cov_src src = { &s, src_walk, src_census, src_name,
				     src_elderly };
	char *unused[NPARAM];
	int rc, n;

	memset(&s, 0, sizeof(s));
	if (strcmp(def->name, "coverage"))
		return fdss__db_fail(db, FDSS_EINVAL, "report %s: not from "
				     "PostgreSQL (coverage is)", def->name);
	if (!(s.sql = fdss__pg_sql(fdss__report_coverage_walk_pg, s.names,
				   NPARAM, &s.nnames)) ||
	    !(s.census_sql = fdss__pg_sql(fdss__report_coverage_census,
					  unused, NPARAM, &n)) ||
	    !(s.name_sql = fdss__pg_sql(fdss__report_coverage_area_name,
					unused, NPARAM, &n)))
		rc = nomem(db);
	else if ((rc = fdss__pg_open(db, url, &s.pg)) == FDSS_OK &&
		 (rc = load_counties(db, &s)) == FDSS_OK)
		rc = fdss__report_coverage_src(db, &src, q, fn, arg);
	src_release(&s);
	return rc;
}
