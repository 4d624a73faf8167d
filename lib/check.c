/*
 * check.c: the checks fdss knows (fdss-check(1)), what they share — the
 * filters and thresholds bound into each query, findings made from rows,
 * the unit a visit counts for — and the run over the ones asked for.
 * Each group of checks lives in a module of its own (check_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "fdss/area.h"
#include "fdss/contract.h"
#include "fdss/followup.h"
#include "fdss/setting.h"
#include "fdss/text.h"
#include "check_int.h"

static const fdss_check_def defs[] = {
	{ "after-death", FDSS_CHECK_ERROR, "a contract, visit or referral "
	  "after the person died, moved or was removed" },
	{ "double-cover", FDSS_CHECK_ERROR, "a person covered by two "
	  "contracts on one day; a household with contracts of two teams" },
	{ "visit-before-diagnosis", FDSS_CHECK_WARNING, "visits of a "
	  "programme before the diagnosis that enrols the patient" },
	{ "visit-before-birth", FDSS_CHECK_ERROR, "a visit or referral "
	  "before the person was born" },
	{ "visit-in-future", FDSS_CHECK_ERROR, "a visit or referral after "
	  "--as-of" },
	{ "copied-measurements", FDSS_CHECK_WARNING, "the same measurements "
	  "on many patients of one doctor on one day" },
	{ "implausible-workload", FDSS_CHECK_WARNING, "more visits in a day "
	  "than one doctor can make, or visits in two townships" },
	{ "digit-preference", FDSS_CHECK_WARNING, "a doctor's blood "
	  "pressures ending in 0 or 5 far more often than measured ones" },
	{ "flat-series", FDSS_CHECK_WARNING, "a patient's readings of a year "
	  "all identical" },
	{ "shared-phone", FDSS_CHECK_WARNING, "one phone number on many "
	  "households" },
	{ "bulk-unreviewed", FDSS_CHECK_WARNING, "many contracts approved on "
	  "their signing day by the operator who signed them" },
	{ "signed-no-service", FDSS_CHECK_WARNING, "a signed patient without "
	  "any visit or referral in a whole contract year" },
	{ "orphans", FDSS_CHECK_ERROR, "rows the foreign key or integrity "
	  "check of the database reports" },
	{ NULL, 0, NULL }
};

/* The run function of each of defs[], in the same order. */
static int (*const runs[])(struct chk *) = {
	fdss__check_after_death, fdss__check_double_cover,
	fdss__check_before_diagnosis, fdss__check_before_birth,
	fdss__check_in_future, fdss__check_copied, fdss__check_workload,
	fdss__check_digits, fdss__check_flat, fdss__check_shared_phone,
	fdss__check_bulk, fdss__check_no_service, fdss__check_orphans,
};

#define NCHECKS (sizeof(runs) / sizeof(runs[0]))

static const fdss_report_column columns[] = {
	{ "check", "检查", "check", FDSS_REPORT_TEXT },
	{ "severity", "级别", "severity", FDSS_REPORT_TEXT },
	{ "team", "团队", "team", FDSS_REPORT_TEXT },
	{ "doctor", "医生", "doctor", FDSS_REPORT_TEXT },
	{ "date", "日期", "date", FDSS_REPORT_DATE },
	{ "id_number", "证件号码", "ID number", FDSS_REPORT_ID },
	{ "summary", "发现", "finding", FDSS_REPORT_TEXT },
};

static const fdss_report_chart charts[] = {
	{ "check", NULL, NULL, "各项检查的发现", "Findings by check", NULL,
	  NULL },
	{ "team", NULL, NULL, "各团队的发现", "Findings by team", NULL, NULL },
};

const fdss_report_spec fdss_check_spec = {
	"finding", "数据核查", "Data checks",
	columns, sizeof(columns) / sizeof(columns[0]),
	charts, sizeof(charts) / sizeof(charts[0])
};

/* The findings come by check, then team (the order of the checks). */
const char *const fdss_check_group[] = { "check", "team", NULL };

const fdss_check_def *fdss_check_all(size_t *n)
{
	*n = NCHECKS;
	return defs;
}

const fdss_check_def *fdss_check_find(const char *name)
{
	size_t i;

	for (i = 0; name && defs[i].name; i++)
		if (!strcmp(defs[i].name, name))
			return &defs[i];
	return NULL;
}

/* --- settings ---------------------------------------------------------- */

static int limit(fdss_db *db, const char *key, long long dflt,
		 long long *out)
{
	int rc = fdss_setting_get_int(db, key, out);

	if (rc == FDSS_ENOTFOUND) {
		*out = dflt;
		return FDSS_OK;
	}
	return rc;
}

static int load_limits(struct chk *c)
{
	struct chk_limits *l = &c->lim;
	char buf[64];
	const char *why = NULL;
	int rc;

	if ((rc = limit(c->db, "check_copied_patients", 5, &l->copied)) ||
	    (rc = limit(c->db, "check_workload_visits", 40, &l->workload)) ||
	    (rc = limit(c->db, "check_digit_readings", 50, &l->digit_n)) ||
	    (rc = limit(c->db, "check_digit_share", 35, &l->digit_share)) ||
	    (rc = limit(c->db, "check_flat_readings", 4, &l->flat)) ||
	    (rc = limit(c->db, "check_shared_phone_households", 5,
			&l->phone)) ||
	    (rc = limit(c->db, "check_bulk_contracts", 50, &l->bulk)))
		return rc == FDSS_EDATA ? FDSS_EINVAL : rc;
	rc = fdss_setting_get(c->db, "check_digit_p", buf, sizeof(buf));
	if (rc == FDSS_ENOTFOUND) {
		l->digit_p = 0.001;
		return FDSS_OK;
	}
	if (rc != FDSS_OK)
		return rc;
	if (fdss_decimal_parse(&l->digit_p, buf, 0, 1, &why) != FDSS_OK ||
	    l->digit_p <= 0 || l->digit_p >= 1)
		return fdss__db_fail(c->db, FDSS_EINVAL, "setting "
				     "'check_digit_p': '%s' is not a "
				     "probability between 0 and 1", buf);
	return FDSS_OK;
}

/* --- SQL functions ----------------------------------------------------- */

/* fdss_year_start(date, month): the first day of the management year
 * (starting in month) that holds date; NULL for a NULL or bad date. */
static void sql_year_start(sqlite3_context *ctx, int argc,
			   sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char buf[FDSS_DATE_BUFSZ];
	fdss_date d;

	(void)argc;
	if (!s || fdss_date_parse(&d, s, NULL) != FDSS_OK) {
		sqlite3_result_null(ctx);
		return;
	}
	fdss_date_format(buf, fdss_date_year_start(d,
				sqlite3_value_int(argv[1])));
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* fdss_contract_year(start, k): the first day of contract year k (0 the
 * first) of a contract starting on start (fdss_contract_year_start()). */
static void sql_contract_year(sqlite3_context *ctx, int argc,
			      sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char buf[FDSS_DATE_BUFSZ];
	fdss_date d;

	(void)argc;
	if (!s || fdss_date_parse(&d, s, NULL) != FDSS_OK) {
		sqlite3_result_null(ctx);
		return;
	}
	fdss_date_format(buf, fdss_contract_year_start(d,
				sqlite3_value_int(argv[1])));
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static int register_functions(struct chk *c)
{
	sqlite3 *sql = fdss__db_sqlite(c->db);
	int rc;

	rc = sqlite3_create_function(sql, "fdss_year_start", 2,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_year_start,
		NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(sql, "fdss_contract_year", 2,
			SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
			sql_contract_year, NULL, NULL);
	return rc == SQLITE_OK ? FDSS_OK
			       : fdss__db_sqlfail(c->db, rc, "cannot check");
}

/* --- queries and findings ---------------------------------------------- */

static int bind_i(sqlite3_stmt *st, const char *name, long long v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 ? sqlite3_bind_int64(st, i, v) : SQLITE_OK;
}

static int bind_s(sqlite3_stmt *st, const char *name, const char *s)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 && s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
			  : SQLITE_OK;
}

static int bind_d(sqlite3_stmt *st, const char *name, fdss_date d)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i > 0 && d ? fdss__bind_date(st, i, d) : SQLITE_OK;
}

sqlite3_stmt *fdss__check_prepare(struct chk *c, const char *sql)
{
	const fdss_check_query *q = c->q;
	sqlite3_stmt *st = fdss__db_prepare(c->db, sql);

	if (!st)
		return NULL;
	if (bind_d(st, ":ref", q->ref) || bind_d(st, ":from", q->from) ||
	    bind_d(st, ":to", q->to) || bind_s(st, ":team", q->team) ||
	    bind_s(st, ":lo", q->area ? c->lo : NULL) ||
	    bind_s(st, ":hi", q->area ? c->hi : NULL) ||
	    bind_i(st, ":month", c->month) ||
	    bind_i(st, ":copied", c->lim.copied) ||
	    bind_i(st, ":workload", c->lim.workload) ||
	    bind_i(st, ":digit_n", c->lim.digit_n) ||
	    bind_i(st, ":flat", c->lim.flat) ||
	    bind_i(st, ":phone", c->lim.phone) ||
	    bind_i(st, ":bulk", c->lim.bulk)) {
		fdss__db_bindfail(c->db, st, "cannot check");
		return NULL;
	}
	return st;
}

int fdss__check_put_followups(cJSON *rec, const char *ids)
{
	cJSON *records = cJSON_GetObjectItemCaseSensitive(rec, "records"), *r;
	const char *s, *e;
	char *key;
	int ok;

	if (!records && !(records = cJSON_AddArrayToObject(rec, "records")))
		return FDSS_ENOMEM;
	for (s = ids; *s; s = *e ? e + 1 : e) {
		e = s + strcspn(s, ",");
		if (!(key = sqlite3_mprintf("%.*s", (int)(e - s), s)))
			return FDSS_ENOMEM;
		ok = (r = cJSON_CreateObject()) &&
		     cJSON_AddItemToArray(records, r) &&
		     fdss__put_str(r, "table", "followup") &&
		     fdss__put_str(r, "key", key);
		sqlite3_free(key);
		if (!ok)
			return FDSS_ENOMEM;
	}
	return FDSS_OK;
}

/* Column i of st as a JSON value: NULL when out of memory or, for
 * "records", not JSON (*rc says which). */
static cJSON *column_value(sqlite3_stmt *st, int i, int *rc)
{
	cJSON *v;

	*rc = FDSS_ENOMEM;
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return cJSON_CreateNumber((double)sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return cJSON_CreateNumber(sqlite3_column_double(st, i));
	case SQLITE_NULL:
		return cJSON_CreateNull();
	default:
		if (strcmp(sqlite3_column_name(st, i), "records") != 0)
			return cJSON_CreateString(fdss__col(st, i));
		if (!(v = cJSON_Parse(fdss__col(st, i))))
			*rc = FDSS_EDATA;
		return v;
	}
}

int fdss__check_put_row(cJSON *rec, sqlite3_stmt *st, int first)
{
	int i, rc, n = sqlite3_column_count(st);
	const char *name;
	cJSON *v;

	for (i = first; i < n; i++) {
		name = sqlite3_column_name(st, i);
		if (!strcmp(name, "followup_ids")) {
			if ((rc = fdss__check_put_followups(rec,
							     fdss__col(st, i))))
				return rc;
			continue;
		}
		if (!(v = column_value(st, i, &rc)))
			return rc;
		if (!cJSON_AddItemToObject(rec, name, v)) {
			cJSON_Delete(v);
			return FDSS_ENOMEM;
		}
	}
	return FDSS_OK;
}

cJSON *fdss__check_finding(struct chk *c, const char *summary,
			   sqlite3_stmt *st, int first)
{
	cJSON *rec = cJSON_CreateObject();

	if (rec && fdss__put_str(rec, "type", "finding") &&
	    fdss__put_str(rec, "check", c->def->name) &&
	    fdss__put_str(rec, "severity", c->def->severity ==
			  FDSS_CHECK_ERROR ? "error" : "warning") &&
	    fdss__put_str(rec, "summary", summary) &&
	    (!st || fdss__check_put_row(rec, st, first) == FDSS_OK))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

int fdss__check_emit(struct chk *c, cJSON *rec)
{
	int rc;

	if (!rec)
		return fdss__db_fail(c->db, FDSS_ENOMEM, "out of memory");
	if (c->def->severity == FDSS_CHECK_ERROR)
		c->counts.errors++;
	else
		c->counts.warnings++;
	rc = c->fn(c->arg, rec);
	cJSON_Delete(rec);
	return rc;
}

int fdss__check_rows(struct chk *c, const char *sql)
{
	sqlite3_stmt *st = fdss__check_prepare(c, sql);
	int rc;

	if (!st)
		return fdss_db_error(c->db)->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = fdss__check_emit(c, fdss__check_finding(c,
				fdss__col(st, 0), st, 1))) != FDSS_OK) {
			sqlite3_reset(st);
			return rc;
		}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return fdss__db_sqlfail(c->db, rc, c->def->name);
	return FDSS_OK;
}

/* --- the unit of a visit ----------------------------------------------- */

/*
 * chk_pteam: a person's team is that of their latest contract not
 * rejected; chk_doc: the names of team members, with the team when they
 * are members of one team only.  A visit
 * counts for the team of its doctor's name when the name is one team's;
 * for the whole county ('*') when it is no team's member (a name cannot
 * be placed: it is taken as one person); else for the patient's team,
 * else (no contract) for the township the patient lives in.  chk_visit
 * holds the visits with a doctor in the order of unit, doctor and day,
 * so that the checks of a doctor's day group them without a sort.
 */
static const char sql_units[] =
	"DROP TABLE IF EXISTS temp.chk_visit;"
	"DROP TABLE IF EXISTS temp.chk_pteam;"
	"DROP TABLE IF EXISTS temp.chk_doc;"
	"CREATE TEMP TABLE chk_pteam (id_number TEXT PRIMARY KEY, team TEXT,"
	" village TEXT) WITHOUT ROWID;"
	"INSERT INTO chk_pteam SELECT p.id_number, "
	CHK_PERSON_TEAM("p.id_number") ", h.village_code"
	" FROM person p JOIN household h ON h.household_no = p.household_no"
	" WHERE EXISTS (SELECT 1 FROM followup f"
	"  WHERE f.id_number = p.id_number);"
	"CREATE TEMP TABLE chk_doc (name TEXT PRIMARY KEY, team TEXT)"
	" WITHOUT ROWID;"
	"INSERT INTO chk_doc SELECT name, CASE WHEN count(DISTINCT team_code)"
	" = 1 THEN min(team_code) END FROM team_member GROUP BY name;"
	"CREATE TEMP TABLE chk_visit (unit TEXT, doctor TEXT, visit_date TEXT,"
	" id INTEGER, id_number TEXT, mode TEXT, sbp INTEGER, dbp INTEGER,"
	" heart_rate INTEGER, fpg REAL, temperature REAL, team TEXT,"
	" village TEXT, PRIMARY KEY (unit, doctor, visit_date, id))"
	" WITHOUT ROWID;"
	"INSERT INTO chk_visit SELECT"
	" CASE WHEN d.name IS NULL THEN '*'"
	" ELSE coalesce(d.team, t.team, substr(t.village, 1, 9)) END,"
	" f.doctor, f.visit_date, f.id, f.id_number, f.mode, f.sbp, f.dbp,"
	" f.heart_rate, f.fpg, f.temperature, coalesce(d.team, t.team),"
	" t.village"
	" FROM followup f JOIN chk_pteam t ON t.id_number = f.id_number"
	" LEFT JOIN chk_doc d ON d.name = f.doctor"
	" WHERE f.doctor <> '' ORDER BY 1, 2, 3, 4;";

int fdss__check_units(struct chk *c)
{
	int rc;

	if (c->units)
		return FDSS_OK;
	if ((rc = fdss_db_exec(c->db, sql_units)) == FDSS_OK)
		c->units = 1;
	return rc;
}

/* --- the run ----------------------------------------------------------- */

/* Whether check i is asked for. */
static int wanted(const fdss_check_query *q, size_t i)
{
	size_t k;

	if (!q->names || !q->nnames)
		return 1;
	for (k = 0; k < q->nnames; k++)
		if (!strcmp(q->names[k], defs[i].name))
			return 1;
	return 0;
}

static int start(struct chk *c)
{
	const fdss_check_query *q = c->q;
	fdss_rules rules;
	size_t k;
	int rc;

	for (k = 0; q->names && k < q->nnames; k++)
		if (!fdss_check_find(q->names[k]))
			return fdss__db_fail(c->db, FDSS_EINVAL, "check '%.40s': "
					     "no such check", q->names[k]);
	if (q->area && !fdss_area_level_of(q->area))
		return fdss__db_fail(c->db, FDSS_EINVAL, "--area '%.40s': 2, "
				     "4, 6, 9 or 12 digits expected", q->area);
	if (!q->ref)
		return fdss__db_fail(c->db, FDSS_EINVAL, "no --as-of date");
	if (q->area) {
		snprintf(c->lo, sizeof(c->lo), "%s", q->area);
		snprintf(c->hi, sizeof(c->hi), "%s;", q->area);
	}
	if ((rc = load_limits(c)) != FDSS_OK ||
	    (rc = fdss_rules_load(c->db, &rules)) != FDSS_OK)
		return rc;
	c->month = rules.general.year_start_month;
	return register_functions(c);
}

int fdss_check_run(fdss_db *db, const fdss_check_query *q, fdss_report_fn fn,
		   void *arg, fdss_check_counts *counts)
{
	struct chk c;
	size_t i;
	int rc, rc2;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.q = q;
	c.fn = fn;
	c.arg = arg;
	if ((rc = start(&c)) != FDSS_OK)
		return rc;
	/* one snapshot for every check; nothing is written but temp tables */
	if ((rc = fdss_db_exec(db, "SAVEPOINT fdss_check")) != FDSS_OK)
		return rc;
	for (i = 0; i < NCHECKS && rc == FDSS_OK; i++) {
		if (!wanted(q, i))
			continue;
		c.def = &defs[i];
		rc = runs[i](&c);
	}
	rc2 = fdss_db_exec(db, "RELEASE fdss_check");
	if (counts)
		*counts = c.counts;
	return rc != FDSS_OK ? rc : rc2;
}
