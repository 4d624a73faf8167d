/*
 * report_fees.c: fdss report fees — the fees of the contract years that
 * start in a management year, in yuan, by package and payer, by team or
 * area, with the refunds of terminations shown and netted
 * (fdss-report(1) holds every definition).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "report_int.h"

static const fdss_report_column columns[] = {
	{ "unit", "单位", "unit", FDSS_REPORT_TEXT },
	{ "unit_name", "名称", "name", FDSS_REPORT_TEXT },
	{ "package", "服务包", "package", FDSS_REPORT_TEXT },
	{ "package_name", "服务包名称", "package name", FDSS_REPORT_TEXT },
	{ "public_health", "基本公卫经费(元)", "public health (yuan)",
	  FDSS_REPORT_YUAN },
	{ "insurance", "医保基金(元)", "insurance (yuan)", FDSS_REPORT_YUAN },
	{ "resident", "个人支付(元)", "resident (yuan)", FDSS_REPORT_YUAN },
	{ "subsidy", "财政补助(元)", "subsidy (yuan)", FDSS_REPORT_YUAN },
	{ "gross", "合计(元)", "gross (yuan)", FDSS_REPORT_YUAN },
	{ "refunds", "退费(元)", "refunds (yuan)", FDSS_REPORT_YUAN },
	{ "net", "净额(元)", "net (yuan)", FDSS_REPORT_YUAN },
};

static const fdss_report_chart charts[] = {
	{ "unit", "net", NULL,
	  "签约服务费净额(元)", "Net fees (yuan)", NULL, NULL },
};

const fdss_report_spec fdss__report_fees_spec = {
	"fees", "签约服务费", "Fees",
	columns, sizeof(columns) / sizeof(columns[0]),
	charts, sizeof(charts) / sizeof(charts[0])
};

/*
 * The fee rows counted: of approved contracts (stored active, or
 * terminated after the review), for a contract year starting from :y0
 * to :y1 that began while the member was covered (before the
 * contract's termination and the member's end).
 */
#define FEE_ROWS \
	" FROM contract c" \
	" JOIN household h ON h.household_no = c.household_no" \
	" JOIN contract_member m ON m.contract_id = c.id" \
	" JOIN contract_fee f ON f.contract_id = m.contract_id" \
	"  AND f.id_number = m.id_number" \
	" WHERE c.reviewed_at IS NOT NULL" \
	"  AND (c.status = 'active' OR c.status = 'terminated')" \
	"  AND f.year_start >= :y0 AND f.year_start <= :y1" \
	"  AND (c.terminated_on IS NULL OR f.year_start < c.terminated_on)" \
	"  AND (m.ended_on IS NULL OR f.year_start < m.ended_on)" \
	"  AND (:team IS NULL OR c.team_code = :team)" \
	"  AND (:lo IS NULL OR (h.village_code >= :lo" \
	"   AND h.village_code < :hi))"

#define FEE_UNIT \
	"CASE WHEN :by THEN c.team_code" \
	" ELSE substr(h.village_code, 1, :len) END"

static const char sql_gross[] =
	"SELECT unit, CASE WHEN :by"
	"  THEN (SELECT t.name FROM team t WHERE t.code = unit)"
	"  ELSE (SELECT a.name FROM area a WHERE a.code = unit) END,"
	" package_code, (SELECT p.name_zh FROM package p"
	"  WHERE p.code = package_code),"
	" (SELECT p.rowid FROM package p WHERE p.code = package_code) AS o,"
	" ph, ins, res, sub FROM ("
	" SELECT " FEE_UNIT " AS unit, f.package_code,"
	"  sum(f.public_health_fen) AS ph, sum(f.insurance_fen) AS ins,"
	"  sum(f.resident_fen) AS res, sum(f.subsidy_fen) AS sub"
	FEE_ROWS
	" GROUP BY 1, 2)"
	" ORDER BY unit, o";

/* The resident's share of the rows whose cover ended early: the refund
 * is computed from them by the rule that made the stored one. */
static const char sql_refund_rows[] =
	"SELECT " FEE_UNIT ", f.package_code, c.start_date, c.end_date,"
	" f.year_start, f.resident_fen,"
	" CASE WHEN m.ended_on IS NULL THEN c.terminated_on"
	"  WHEN c.terminated_on IS NULL THEN m.ended_on"
	"  ELSE min(c.terminated_on, m.ended_on) END"
	FEE_ROWS
	"  AND f.resident_fen > 0"
	"  AND (c.terminated_on IS NOT NULL OR m.ended_on IS NOT NULL)";

void fdss__fee_sums_free(fdss__fee_sums *s, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++) {
		free(s[i].unit);
		free(s[i].name);
		free(s[i].package);
		free(s[i].package_name);
	}
	free(s);
}

/* A copy of column i (NULL stays NULL); 0 when out of memory. */
static int dup_col(char **out, sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	*out = s ? strdup(s) : NULL;
	return !s || *out;
}

/* Append the row of st to *v (*n of them, room for *cap). */
static int add_sums(fdss_db *db, sqlite3_stmt *st, fdss__fee_sums **v,
		    size_t *n, size_t *cap)
{
	fdss__fee_sums *s;
	int i;

	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;

		if (!(s = realloc(*v, c * sizeof(*s))))
			return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
		*v = s;
		*cap = c;
	}
	s = &(*v)[*n];
	memset(s, 0, sizeof(*s));
	(*n)++;
	if (!dup_col(&s->unit, st, 0) || !dup_col(&s->name, st, 1) ||
	    !dup_col(&s->package, st, 2) || !dup_col(&s->package_name, st, 3))
		return fdss__db_fail(db, FDSS_ENOMEM, "out of memory");
	s->order = sqlite3_column_int(st, 4);
	for (i = 0; i < 4; i++)
		s->payer[i] = sqlite3_column_int64(st, 5 + i);
	return FDSS_OK;
}

/* The sums gathered so far: v[0..n), room for cap. */
struct sums {
	fdss__fee_sums *v;
	size_t n, cap;
};

/* One row of sql_gross added to the sums at ctx, for fdss__walk(). */
static int gross_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	struct sums *g = ctx;

	return add_sums(db, st, &g->v, &g->n, &g->cap);
}

/* The sums of unit and package in v (sorted by unit, then order). */
static fdss__fee_sums *find(fdss__fee_sums *v, size_t n, const char *unit,
			    const char *package)
{
	size_t lo = 0, hi = n, i;
	int c;

	while (lo < hi) {	/* the first of unit */
		i = lo + (hi - lo) / 2;
		if (strcmp(v[i].unit ? v[i].unit : "", unit) < 0)
			lo = i + 1;
		else
			hi = i;
	}
	for (i = lo; i < n && !(c = strcmp(v[i].unit ? v[i].unit : "", unit));
	     i++)
		if (!strcmp(v[i].package, package))
			return &v[i];
	return NULL;
}

/* One row of sql_refund_rows: its refund added to the sums at ctx. */
static int refund_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct sums *g = ctx;
	fdss_contract_fee fee;
	fdss__fee_sums *s;

	(void)db;
	if (!(s = find(g->v, g->n, fdss__col(st, 0), fdss__col(st, 1))))
		return FDSS_OK;	/* cannot be: the same rows */
	fee.package = s->package;
	fee.year_start = fdss__col_date(st, 4);
	fee.payer = FDSS_PAYER_RESIDENT;
	fee.amount_fen = sqlite3_column_int64(st, 5);
	s->refunds += fdss_contract_refund(&fee, 1, fdss__col_date(st, 2),
					   fdss__col_date(st, 3),
					   fdss__col_date(st, 6));
	return FDSS_OK;
}

/* Prepare sql and bind the unit, filters and year; NULL on failure. */
static sqlite3_stmt *prepare(fdss_db *db, const char *sql,
			     const fdss_report_query *q, int by,
			     fdss_date y0, fdss_date y1)
{
	sqlite3_stmt *st = fdss__db_prepare(db, sql);

	if (!st || fdss__report_bind_unit(db, st, q, by) != FDSS_OK)
		return NULL;
	if (fdss__report_bind_date(st, ":y0", y0) ||
	    fdss__report_bind_date(st, ":y1", y1)) {
		fdss__db_bindfail(db, st, "cannot sum the fees");
		return NULL;
	}
	return st;
}

int fdss__report_fee_sums(fdss_db *db, const fdss_report_query *q, int by,
			  fdss_date y0, fdss_date y1, fdss__fee_sums **out,
			  size_t *n)
{
	struct sums g = { NULL, 0, 0 };
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	if (!(st = prepare(db, sql_gross, q, by, y0, y1)))
		return fdss_db_error(db)->code;
	rc = fdss__walk(db, st, "cannot sum the fees", gross_row, &g);
	if (rc == FDSS_OK) {
		if ((st = prepare(db, sql_refund_rows, q, by, y0, y1)))
			rc = fdss__walk(db, st, "cannot sum the refunds",
					refund_row, &g);
		else
			rc = fdss_db_error(db)->code;
	}
	if (rc != FDSS_OK) {
		fdss__fee_sums_free(g.v, g.n);
		return rc;
	}
	*out = g.v;
	*n = g.n;
	return FDSS_OK;
}

static cJSON *record(const char *unit, const char *name, const char *package,
		     const char *package_name, const int64_t payer[4],
		     int64_t refund)
{
	int64_t sum = payer[0] + payer[1] + payer[2] + payer[3];
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "fees") &&
	    fdss__put_str(rec, "unit", unit) &&
	    fdss__put_str(rec, "unit_name", name) &&
	    fdss__put_str(rec, "package", package) &&
	    fdss__put_str(rec, "package_name", package_name) &&
	    fdss__report_put_yuan(rec, "public_health", payer[0]) &&
	    fdss__report_put_yuan(rec, "insurance", payer[1]) &&
	    fdss__report_put_yuan(rec, "resident", payer[2]) &&
	    fdss__report_put_yuan(rec, "subsidy", payer[3]) &&
	    fdss__report_put_yuan(rec, "gross", sum) &&
	    fdss__report_put_yuan(rec, "refunds", refund) &&
	    fdss__report_put_yuan(rec, "net", sum - refund))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

static int by_order(const void *a, const void *b)
{
	const fdss__fee_sums *x = a, *y = b;

	return (x->order > y->order) - (x->order < y->order);
}

/*
 * The TOTAL rows: one per package (the units' rows summed), then the
 * sum of everything with package null.  v is sorted by package.
 */
static int totals(fdss_db *db, fdss__fee_sums *v, size_t n,
		  fdss_report_fn fn, void *arg)
{
	int64_t all[4] = { 0 }, pk[4], all_refunds = 0, pk_refunds;
	size_t i = 0, j;
	int k, rc;

	if (n)
		qsort(v, n, sizeof(*v), by_order);
	while (i < n) {
		memset(pk, 0, sizeof(pk));
		pk_refunds = 0;
		for (j = i; j < n && v[j].order == v[i].order; j++) {
			for (k = 0; k < 4; k++)
				pk[k] += v[j].payer[k];
			pk_refunds += v[j].refunds;
		}
		if ((rc = fdss__report_emit(db, record("TOTAL", NULL,
				v[i].package, v[i].package_name, pk,
				pk_refunds), fn, arg)) != 0)
			return rc;
		for (k = 0; k < 4; k++)
			all[k] += pk[k];
		all_refunds += pk_refunds;
		i = j;
	}
	return fdss__report_emit(db, record("TOTAL", NULL, NULL, NULL, all,
					    all_refunds), fn, arg);
}

int fdss__report_fees(fdss_db *db, const fdss_report_query *q,
		      fdss_report_fn fn, void *arg)
{
	int by = q->by ? q->by : FDSS_REPORT_BY_TEAM;
	fdss__fee_sums *v = NULL;
	fdss_date y0, y1;
	fdss_rules r;
	size_t n = 0, i;
	int rc;

	if ((rc = fdss__report_check(db, q, by)) != FDSS_OK ||
	    (rc = fdss_rules_load(db, &r)) != FDSS_OK ||
	    (rc = fdss__report_year(db, q, r.general.year_start_month, &y0,
				    &y1)) != FDSS_OK ||
	    (rc = fdss__report_fee_sums(db, q, by, y0, y1, &v, &n)) != FDSS_OK)
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		rc = fdss__report_emit(db, record(v[i].unit, v[i].name,
				v[i].package, v[i].package_name, v[i].payer,
				v[i].refunds), fn, arg);
	if (rc == 0)
		rc = totals(db, v, n, fn, arg);
	fdss__fee_sums_free(v, n);
	return rc;
}
