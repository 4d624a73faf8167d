/*
 * report_renewals.c: fdss report renewals — the contracts ending in a
 * period, renewed or not, and the renewal rate (续约率) by team or area
 * (fdss-report(1) holds every definition).
 */
#include <string.h>

#include "internal.h"
#include "report_int.h"

static const fdss_report_column columns[] = {
	{ "unit", "单位", "unit", FDSS_REPORT_TEXT },
	{ "unit_name", "名称", "name", FDSS_REPORT_TEXT },
	{ "ending", "到期合同", "ending", FDSS_REPORT_INT },
	{ "renewed", "已续约", "renewed", FDSS_REPORT_INT },
	{ "grace", "宽限期内", "in grace", FDSS_REPORT_INT },
	{ "not_renewed", "未续约", "not renewed", FDSS_REPORT_INT },
	{ "terminated", "提前解约", "terminated", FDSS_REPORT_INT },
	{ "renewal_rate", "续约率(%)", "renewal rate (%)", FDSS_REPORT_RATE },
};

static const fdss_report_chart charts[] = {
	{ "unit", "renewal_rate", NULL, "续约率", "Renewal rate", NULL, NULL },
};

const fdss_report_spec fdss__report_renewals_spec = {
	"renewals", "续约统计", "Renewals",
	columns, sizeof(columns) / sizeof(columns[0]),
	charts, sizeof(charts) / sizeof(charts[0])
};

/*
 * The contracts approved (stored active, or terminated after the
 * review) whose end date is in [:from, :to], by unit: a team, or the
 * first :len digits of the household's village code.  A renewal is a
 * contract naming it in renews that was not rejected; the grace holds
 * while --as-of is no later than the end date plus the grace days, that
 * is while end_date >= :grace_from.
 */
static const char sql_counts[] =
	"WITH k AS ("
	" SELECT CASE WHEN :by THEN c.team_code"
	"  ELSE substr(h.village_code, 1, :len) END AS unit,"
	"  c.status = 'terminated' AS ended_early, c.end_date,"
	"  EXISTS (SELECT 1 FROM contract r WHERE r.renews = c.id"
	"   AND r.status <> 'rejected') AS renewed"
	" FROM contract c JOIN household h ON h.household_no = c.household_no"
	" WHERE c.end_date >= :from AND c.end_date <= :to"
	"  AND (c.status = 'active' OR (c.status = 'terminated'"
	"   AND c.reviewed_at IS NOT NULL))"
	"  AND (:team IS NULL OR c.team_code = :team)"
	"  AND (:lo IS NULL OR (h.village_code >= :lo"
	"   AND h.village_code < :hi)))"
	"SELECT unit, CASE WHEN :by"
	"  THEN (SELECT t.name FROM team t WHERE t.code = unit)"
	"  ELSE (SELECT a.name FROM area a WHERE a.code = unit) END,"
	" sum(NOT ended_early), sum(NOT ended_early AND renewed),"
	" sum(NOT ended_early AND NOT renewed AND end_date >= :grace_from),"
	" sum(ended_early)"
	" FROM k GROUP BY unit ORDER BY unit";

/* What fdss__report_renewal_counts() hands to each row. */
struct counts_walk {
	int (*fn)(void *arg, const fdss__renewal_counts *c);
	void *arg;
};

static int counts_row(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct counts_walk *w = ctx;
	fdss__renewal_counts c;

	(void)db;
	c.unit = fdss__col(st, 0);
	c.name = (const char *)sqlite3_column_text(st, 1);
	c.ending = sqlite3_column_int64(st, 2);
	c.renewed = sqlite3_column_int64(st, 3);
	c.grace = sqlite3_column_int64(st, 4);
	c.terminated = sqlite3_column_int64(st, 5);
	return w->fn(w->arg, &c);
}

int fdss__report_renewal_counts(fdss_db *db, const fdss_report_query *q,
				int by, fdss_date from, fdss_date to,
				int (*fn)(void *arg,
					  const fdss__renewal_counts *c),
				void *arg)
{
	struct counts_walk w = { fn, arg };
	long long grace;
	sqlite3_stmt *st;
	int rc;

	if ((rc = fdss_setting_get_int(db, FDSS_SETTING_RENEWAL_GRACE,
				       &grace)) != FDSS_OK)
		return rc;
	if (grace < 0 || grace > 3650)
		return fdss__db_fail(db, FDSS_EDATA, "setting %s: %lld is not "
				     "0 to 3650 days",
				     FDSS_SETTING_RENEWAL_GRACE, grace);
	if (!(st = fdss__db_prepare(db, sql_counts)))
		return fdss_db_error(db)->code;
	if ((rc = fdss__report_bind_unit(db, st, q, by)) != FDSS_OK)
		return rc;
	if (fdss__report_bind_date(st, ":from", from) ||
	    fdss__report_bind_date(st, ":to", to) ||
	    fdss__report_bind_date(st, ":grace_from",
				   fdss_date_add_days(q->ref, -(int)grace)))
		return fdss__db_bindfail(db, st, "cannot count renewals");
	return fdss__walk(db, st, "cannot count renewals", counts_row, &w);
}

/* The walk of the report: records to fn, and the sums for TOTAL. */
struct walk {
	fdss_db *db;
	fdss_report_fn fn;
	void *arg;
	fdss__renewal_counts total;
};

static cJSON *record(const fdss__renewal_counts *c)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "renewals") &&
	    fdss__put_str(rec, "unit", c->unit) &&
	    fdss__put_str(rec, "unit_name", c->name) &&
	    fdss__put_int(rec, "ending", c->ending, 0) &&
	    fdss__put_int(rec, "renewed", c->renewed, 0) &&
	    fdss__put_int(rec, "grace", c->grace, 0) &&
	    fdss__put_int(rec, "not_renewed",
			  c->ending - c->renewed - c->grace, 0) &&
	    fdss__put_int(rec, "terminated", c->terminated, 0) &&
	    fdss__report_put_rate(rec, "renewal_rate", c->renewed, c->ending))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

static int unit_row(void *arg, const fdss__renewal_counts *c)
{
	struct walk *w = arg;

	w->total.ending += c->ending;
	w->total.renewed += c->renewed;
	w->total.grace += c->grace;
	w->total.terminated += c->terminated;
	return fdss__report_emit(w->db, record(c), w->fn, w->arg);
}

/* --from and --to, or the calendar month of --as-of. */
static int period(fdss_db *db, const fdss_report_query *q, fdss_date *from,
		  fdss_date *to)
{
	int y, m;

	if (!q->from && !q->to) {
		fdss_date_to_ymd(q->ref, &y, &m, NULL);
		*from = fdss_date_from_ymd(y, m, 1);
		*to = fdss_date_add_days(fdss_date_add_months(*from, 1), -1);
		return FDSS_OK;
	}
	if (!q->from || !q->to)
		return fdss__db_fail(db, FDSS_EINVAL, "renewals: --from and "
				     "--to go together");
	if (q->from > q->to)
		return fdss__db_fail(db, FDSS_EINVAL, "renewals: --from is "
				     "after --to");
	*from = q->from;
	*to = q->to;
	return FDSS_OK;
}

int fdss__report_renewals(fdss_db *db, const fdss_report_query *q,
			  fdss_report_fn fn, void *arg)
{
	struct walk w = { db, fn, arg, { "TOTAL", NULL, 0, 0, 0, 0 } };
	int by = q->by ? q->by : FDSS_REPORT_BY_TEAM;
	fdss_date from = 0, to = 0;
	int rc;

	if ((rc = fdss__report_check(db, q, by)) != FDSS_OK ||
	    (rc = period(db, q, &from, &to)) != FDSS_OK ||
	    (rc = fdss__report_renewal_counts(db, q, by, from, to, unit_row,
					      &w)) != FDSS_OK)
		return rc;
	return fdss__report_emit(db, record(&w.total), fn, arg);
}
