/*
 * report_pg.c: reports over the provincial PostgreSQL store
 * (fdss_report_run_from(), fdss-report(1) --from URL).  The coverage
 * and overdue reports run their own C over rows of their own SQL text,
 * run in each county's schema (pg_int.h) under that county's rules,
 * county after county in code order (for coverage, the village order it
 * walks in).
 */
#include <stdlib.h>
#include <string.h>

#include "due_int.h"
#include "pg_int.h"
#include "report_cov_int.h"

#define NPARAM FDSS__DUE_PARAMS

struct pgsrc {
	PGconn *pg;
	char (*county)[FDSS_COUNTY_BUFSZ];	/* in the store, in order */
	size_t n;
	char *sql;		/* the walk (or due list) for PostgreSQL */
	char *names[NPARAM];	/* its parameters, by number */
	int nnames;
	fdss_rules rules;	/* the county's, while it is walked */
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

/* The rows of s->sql with vals (of types) in single-row mode, each of
 * its ncols columns as text (NULL for NULL) to row(w, v). */
static int stream(fdss_db *db, struct pgsrc *s, const Oid *types,
		  const char *const *vals, int ncols,
		  int (*row)(void *w, const char *const *v), void *w)
{
	const char *v[FDSS__DUE_COLS];
	PGresult *res;
	int rc = FDSS_OK, i;

	if (PQsendQueryParams(s->pg, s->sql, s->nnames, types, vals, NULL,
			      NULL, 0) != 1 || PQsetSingleRowMode(s->pg) != 1)
		return fdss__pg_fail(db, s->pg, NULL, "cannot read the store");
	while ((res = PQgetResult(s->pg))) {
		ExecStatusType st = PQresultStatus(res);

		if (rc == FDSS_OK && st == PGRES_SINGLE_TUPLE &&
		    PQnfields(res) == ncols) {
			for (i = 0; i < ncols; i++)
				v[i] = PQgetisnull(res, 0, i)
					       ? NULL : PQgetvalue(res, 0, i);
			rc = row(w, v);
		} else if (rc == FDSS_OK && st != PGRES_TUPLES_OK) {
			rc = fdss__pg_fail(db, s->pg, res, "cannot read the "
					   "store");
		}
		PQclear(res);
	}
	return rc;
}

static const char sql_rules[] =
	"SELECT program, key, value, description FROM rule";

/* Put the rows of res into the handle's rule table and load them. */
static int rules_from(fdss_db *db, PGresult *res, fdss_rules *r)
{
	sqlite3 *sql = fdss__db_sqlite(db);
	sqlite3_stmt *st = NULL;
	int i, j, rc;

	rc = sqlite3_exec(sql, "DELETE FROM rule", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(sql, "INSERT INTO rule (program, key,"
					" value, description) VALUES (?1, ?2,"
					" ?3, ?4)", -1, &st, NULL);
	for (i = 0; rc == SQLITE_OK && i < PQntuples(res); i++) {
		for (j = 0; rc == SQLITE_OK && j < 4; j++)
			rc = sqlite3_bind_text(st, j + 1, PQgetvalue(res, i, j),
					       -1, SQLITE_TRANSIENT);
		if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_DONE)
			rc = sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return fdss__db_sqlfail(db, rc, "cannot read the rules");
	return fdss_rules_load(db, r);
}

/*
 * The rules of the county whose schema is in use, by fdss_rules_load()
 * over its rule table put into the handle's for the while: a savepoint
 * rolled back leaves the handle's database as it was.
 */
static int county_rules(fdss_db *db, struct pgsrc *s, fdss_rules *r)
{
	sqlite3 *sql = fdss__db_sqlite(db);
	PGresult *res;
	int rc;

	if (!(res = fdss__pg_query(db, s->pg, sql_rules, 0, NULL,
				   "cannot read the rules")))
		return fdss_db_error(db)->code;
	if ((rc = sqlite3_exec(sql, "SAVEPOINT fdss_pg_rules", NULL, NULL,
			       NULL)) != SQLITE_OK) {
		PQclear(res);
		return fdss__db_sqlfail(db, rc, "cannot read the rules");
	}
	rc = rules_from(db, res, r);
	PQclear(res);
	sqlite3_exec(sql, "ROLLBACK TO fdss_pg_rules; RELEASE fdss_pg_rules",
		     NULL, NULL, NULL);
	return rc;
}

static int src_walk(void *arg, fdss_db *db, const char *lo, const char *hi,
		    const char *ref,
		    int (*row)(void *w, const char *const *v), void *w)
{
	static const Oid text[NPARAM] = { 25, 25, 25, 25, 25, 25, 25, 25 };
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
			rc = stream(db, s, text, vals, FDSS__COV_COLS, row, w);
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

/* The rule elderly.min_age: the counties' one, which must agree. */
static int src_elderly(void *arg, fdss_db *db, int *out)
{
	struct pgsrc *s = arg;
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < s->n && rc == FDSS_OK; i++) {
		if ((rc = use_county(db, s, s->county[i])) != FDSS_OK ||
		    (rc = county_rules(db, s, &s->rules)) != FDSS_OK)
			break;
		if (i && s->rules.elderly.min_age != *out)
			rc = fdss__db_fail(db, FDSS_EDATA, "county %s: rule "
					   "elderly.min_age %d, another "
					   "county's %d", s->county[i],
					   s->rules.elderly.min_age, *out);
		*out = s->rules.elderly.min_age;
	}
	return rc;
}

/* --- the due list ------------------------------------------------------ */

struct due_walk {
	const fdss_due_query *q;
	const fdss_rules *r;
	int (*fn)(const fdss_due *d, void *arg);
	void *arg;
};

static int due_row(void *w, const char *const *v)
{
	struct due_walk *d = w;

	return fdss__due_row(v, d->q, d->r, d->fn, d->arg);
}

/* One county's due list, its schema in use. */
static int due_county(fdss_db *db, struct pgsrc *s, const fdss_due_query *q,
		      struct due_walk *w)
{
	struct fdss__due_params p;
	const char *vals[NPARAM];
	Oid types[NPARAM];
	int i, k, rc;

	if ((rc = county_rules(db, s, &s->rules)) != FDSS_OK)
		return rc;
	fdss__due_params_of(&p, q, &s->rules);
	for (k = 0; k < s->nnames; k++) {
		vals[k] = NULL;
		types[k] = 25;
		for (i = 0; i < p.n; i++)
			if (!strcmp(p.p[i].name + 1, s->names[k])) {
				vals[k] = p.p[i].text;
				/* :all is a truth value there */
				types[k] = !p.p[i].is_int ? 25
					 : !strcmp(s->names[k], "all") ? 16 : 23;
			}
	}
	w->r = &s->rules;
	return stream(db, s, types, vals, FDSS__DUE_COLS, due_row, w);
}

/* fdss_followup_due() over the store: county by county. */
static int due_pg(void *arg, fdss_db *db, const fdss_due_query *q,
		  int (*fn)(const fdss_due *d, void *arg), void *farg)
{
	struct pgsrc *s = arg;
	struct due_walk w = { q, NULL, fn, farg };
	size_t i;
	int rc;

	if ((rc = fdss__due_check(db, q)) != FDSS_OK)
		return rc;
	for (i = 0; i < s->n && rc == FDSS_OK; i++)
		if (county_in(s->county[i], q->area ? q->area : "") &&
		    (rc = use_county(db, s, s->county[i])) == FDSS_OK)
			rc = due_county(db, s, q, &w);
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
	int coverage = !strcmp(def->name, "coverage");
	char *unused[NPARAM];
	int rc, n;

	memset(&s, 0, sizeof(s));
	if (!coverage && strcmp(def->name, "overdue"))
		return fdss__db_fail(db, FDSS_EINVAL, "report %s: not from "
				     "PostgreSQL (coverage and overdue are)",
				     def->name);
	if (!(s.sql = fdss__pg_sql(coverage ? fdss__report_coverage_walk_pg
					    : fdss__due_sql,
				   s.names, NPARAM, &s.nnames)) ||
	    !(s.census_sql = fdss__pg_sql(fdss__report_coverage_census,
					  unused, NPARAM, &n)) ||
	    !(s.name_sql = fdss__pg_sql(fdss__report_coverage_area_name,
					unused, NPARAM, &n)))
		rc = nomem(db);
	else if ((rc = fdss__pg_open(db, url, &s.pg)) == FDSS_OK &&
		 (rc = load_counties(db, &s)) == FDSS_OK)
		rc = coverage ? fdss__report_coverage_src(db, &src, q, fn, arg)
			      : fdss__report_overdue_via(db, due_pg, &s, q,
							 fn, arg);
	src_release(&s);
	return rc;
}
