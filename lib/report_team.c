/*
 * report_team.c: fdss report team — each team's year (绩效考核): its
 * signed residents and their groups, follow-ups done on time (履约率),
 * the standard management (规范管理率) and control (控制率) rates per
 * programme, renewals and fees by payer (fdss-report(1) holds every
 * definition).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "cover_int.h"
#include "report_int.h"

/* The groups of the signed residents, as columns (fdss_person_groups()). */
static const struct {
	const char *key;
	unsigned group;
} groups[] = {
	{ "priority", FDSS_GROUP_PRIORITY },
	{ "elderly", FDSS_GROUP_ELDERLY },
	{ "child", FDSS_GROUP_CHILD },
	{ "disabled", FDSS_GROUP_DISABLED },
	{ "poverty", FDSS_GROUP_POVERTY },
	{ "low_income", FDSS_GROUP_LOW_INCOME },
	{ "special_family", FDSS_GROUP_SPECIAL_FAMILY },
	{ "hypertension", FDSS_GROUP_HYPERTENSION },
	{ "diabetes", FDSS_GROUP_DIABETES },
	{ "tb", FDSS_GROUP_TB },
	{ "smi", FDSS_GROUP_SMI },
};
#define NGROUPS (sizeof(groups) / sizeof(groups[0]))

/*
 * The programmes with a yearly minimum: the keys of their columns
 * (managed, standard, standard rate, controlled, control rate) and the
 * classification of a last visit that counts as controlled (0: no
 * control rate).
 */
static const struct prog {
	int program;
	const char *keys[5];
	int control;
} progs[] = {
	{ FDSS_PROGRAM_HYPERTENSION, { "hypertension_managed",
	  "hypertension_standard", "hypertension_standard_rate",
	  "hypertension_controlled", "hypertension_control_rate" },
	  FDSS_CLASS_CONTROLLED },
	{ FDSS_PROGRAM_DIABETES, { "diabetes_managed", "diabetes_standard",
	  "diabetes_standard_rate", "diabetes_controlled",
	  "diabetes_control_rate" }, FDSS_CLASS_CONTROLLED },
	{ FDSS_PROGRAM_SMI, { "smi_managed", "smi_standard",
	  "smi_standard_rate", "smi_controlled", "smi_control_rate" },
	  FDSS_CLASS_STABLE },
	{ FDSS_PROGRAM_CHRONIC, { "chronic_managed", "chronic_standard",
	  "chronic_standard_rate", "chronic_controlled",
	  "chronic_control_rate" }, FDSS_CLASS_CONTROLLED },
	{ FDSS_PROGRAM_ELDERLY, { "elderly_managed", "elderly_standard",
	  "elderly_standard_rate", NULL, NULL }, 0 },
};
#define NPROGS (sizeof(progs) / sizeof(progs[0]))

#define PROG_COLS(p, zh, en) \
	{ p "_managed", zh "管理人数", en " managed", FDSS_REPORT_INT }, \
	{ p "_standard", zh "规范管理人数", en " standard", FDSS_REPORT_INT }, \
	{ p "_standard_rate", zh "规范管理率(%)", en " standard rate (%)", \
	  FDSS_REPORT_RATE }
#define CONTROL_COLS(p, zh, en, what) \
	{ p "_controlled", zh what "人数", en " controlled", FDSS_REPORT_INT }, \
	{ p "_control_rate", zh what "率(%)", en " control rate (%)", \
	  FDSS_REPORT_RATE }

static const fdss_report_column columns[] = {
	{ "team", "团队", "team", FDSS_REPORT_TEXT },
	{ "team_name", "团队名称", "team name", FDSS_REPORT_TEXT },
	{ "signed", "签约人数", "signed", FDSS_REPORT_INT },
	{ "priority", "重点人群", "priority", FDSS_REPORT_INT },
	{ "elderly", "老年人", "elderly", FDSS_REPORT_INT },
	{ "child", "0-6岁儿童", "children 0-6", FDSS_REPORT_INT },
	{ "disabled", "残疾人", "disabled", FDSS_REPORT_INT },
	{ "poverty", "建档立卡贫困人口", "poverty registry", FDSS_REPORT_INT },
	{ "low_income", "低保", "low income", FDSS_REPORT_INT },
	{ "special_family", "计生特殊家庭", "special family",
	  FDSS_REPORT_INT },
	{ "hypertension", "高血压", "hypertension", FDSS_REPORT_INT },
	{ "diabetes", "糖尿病", "diabetes", FDSS_REPORT_INT },
	{ "tb", "结核病", "tuberculosis", FDSS_REPORT_INT },
	{ "smi", "严重精神障碍", "severe mental disorder", FDSS_REPORT_INT },
	{ "visits_due", "应随访次数", "visits due", FDSS_REPORT_INT },
	{ "visits_on_time", "按时随访次数", "visits on time",
	  FDSS_REPORT_INT },
	{ "fulfilment_rate", "履约率(%)", "fulfilment rate (%)",
	  FDSS_REPORT_RATE },
	PROG_COLS("hypertension", "高血压", "hypertension"),
	CONTROL_COLS("hypertension", "高血压", "hypertension", "血压控制"),
	PROG_COLS("diabetes", "糖尿病", "diabetes"),
	CONTROL_COLS("diabetes", "糖尿病", "diabetes", "血糖控制"),
	PROG_COLS("smi", "严重精神障碍", "smi"),
	CONTROL_COLS("smi", "严重精神障碍", "smi", "病情稳定"),
	PROG_COLS("chronic", "其他慢性病", "chronic"),
	CONTROL_COLS("chronic", "其他慢性病", "chronic", "控制"),
	PROG_COLS("elderly", "老年人", "elderly"),
	{ "renew_ending", "到期合同", "contracts ending", FDSS_REPORT_INT },
	{ "renew_renewed", "已续约", "renewed", FDSS_REPORT_INT },
	{ "renewal_rate", "续约率(%)", "renewal rate (%)", FDSS_REPORT_RATE },
	{ "fee_public_health", "基本公卫经费(元)", "public health (yuan)",
	  FDSS_REPORT_YUAN },
	{ "fee_insurance", "医保基金(元)", "insurance (yuan)",
	  FDSS_REPORT_YUAN },
	{ "fee_resident", "个人支付(元)", "resident (yuan)", FDSS_REPORT_YUAN },
	{ "fee_subsidy", "财政补助(元)", "subsidy (yuan)", FDSS_REPORT_YUAN },
	{ "fee_refunds", "退费(元)", "refunds (yuan)", FDSS_REPORT_YUAN },
	{ "fee_net", "服务费净额(元)", "net fees (yuan)", FDSS_REPORT_YUAN },
};

static const fdss_report_chart charts[] = {
	{ "team", "fulfilment_rate", NULL,
	  "履约率", "Fulfilment rate", NULL, NULL },
	{ "team", "hypertension_control_rate", NULL, "高血压控制率",
	  "Hypertension control rate", NULL, NULL },
	{ "team", "diabetes_control_rate", NULL, "糖尿病控制率",
	  "Diabetes control rate", NULL, NULL },
};

const fdss_report_spec fdss__report_team_spec = {
	"team", "团队绩效", "Team performance",
	columns, sizeof(columns) / sizeof(columns[0]),
	charts, sizeof(charts) / sizeof(charts[0])
};

/* One team's figures. */
struct team {
	char *code, *name;
	int64_t signed_n, group[NGROUPS];
	int64_t due, on_time;
	int64_t managed[NPROGS], standard[NPROGS], controlled[NPROGS];
	int64_t ending, renewed;
	int64_t payer[4], refunds;
};

/* The report being made. */
struct ctx {
	fdss_db *db;
	const fdss_report_query *q;
	fdss_rules rules;
	fdss_date y0, y1, ref;		/* the year; ref: its end or --as-of */
	struct team *t;
	size_t n;
};

static const char sql_teams[] =
	"SELECT code, name FROM team WHERE (:team IS NULL OR code = :team)"
	" AND (:lo IS NULL OR (area_code >= :lo AND area_code < :hi))"
	" ORDER BY code";

/* The residents an active contract of a team covers at :ref, living
 * under --area: v (contract_cover), p (person).  Residents at :ref as
 * report coverage counts them: active, or gone only after :ref
 * (status_date is the first day without them). */
#define SIGNED \
	" FROM contract_cover v" \
	" JOIN person p ON p.id_number = v.id_number" \
	" JOIN household h ON h.household_no = p.household_no" \
	" WHERE " FDSS__COVER_STATUS("v", ":ref") " = 'active'" \
	" AND (p.status = 'active' OR p.status_date > :ref)" \
	" AND (:team IS NULL OR v.team_code = :team)" \
	" AND (:lo IS NULL OR (h.village_code >= :lo" \
	" AND h.village_code < :hi))"

static const char sql_signed[] =
	"SELECT v.team_code, p.birth_date, p.disabled, p.poverty,"
	" p.low_income, p.special_family,"
	" (SELECT group_concat(c.kind) FROM condition c"
	"  WHERE c.id_number = p.id_number AND c.status = 'active')"
	SIGNED;

/* Visits whose next due date falls in [:y0, :ref], and whether the
 * chain's next visit came on or before it. */
static const char sql_fulfil[] =
	"WITH pt AS (SELECT v.id_number, v.team_code" SIGNED ")"
	"SELECT pt.team_code, count(*),"
	" sum(EXISTS (SELECT 1 FROM followup g"
	"  WHERE g.id_number = f.id_number AND g.program = f.program"
	"  AND g.visit_date > f.visit_date AND g.visit_date <= f.next_due))"
	" FROM pt JOIN followup f ON f.id_number = pt.id_number"
	" WHERE f.next_due >= :y0 AND f.next_due <= :ref"
	" GROUP BY pt.team_code";

/* Per patient and programme visited in [:y0, :ref]: the visits and the
 * classification of the last (the row of max(), SQLite's rule). */
static const char sql_managed[] =
	"WITH pt AS (SELECT v.id_number, v.team_code" SIGNED ")"
	"SELECT pt.team_code, f.program, count(*), max(f.visit_date),"
	" f.classification"
	" FROM pt JOIN followup f ON f.id_number = pt.id_number"
	" WHERE f.visit_date >= :y0 AND f.visit_date <= :ref"
	" GROUP BY pt.team_code, pt.id_number, f.program";

static int by_code(const void *key, const void *elem)
{
	return strcmp(key, ((const struct team *)elem)->code);
}

static struct team *team_of(struct ctx *c, const char *code)
{
	return code ? bsearch(code, c->t, c->n, sizeof(*c->t), by_code) : NULL;
}

/* Prepare sql with the filters, the year and ref bound; NULL on failure. */
static sqlite3_stmt *prepare(struct ctx *c, const char *sql)
{
	fdss_report_query q = *c->q;
	sqlite3_stmt *st = fdss__db_prepare(c->db, sql);

	q.ref = c->ref;
	if (!st || fdss__report_bind_unit(c->db, st, &q,
					  FDSS_REPORT_BY_TEAM) != FDSS_OK)
		return NULL;
	if (fdss__report_bind_date(st, ":y0", c->y0)) {
		fdss__db_bindfail(c->db, st, "cannot make the team report");
		return NULL;
	}
	return st;
}

/* What each_row() hands to each row. */
struct each {
	struct ctx *c;
	int (*fn)(struct ctx *c, sqlite3_stmt *st);
};

static int each_one(fdss_db *db, sqlite3_stmt *st, void *ctx)
{
	const struct each *e = ctx;

	(void)db;
	return e->fn(e->c, st);
}

/* Step st through fn for each row; reset st.  FDSS_OK or a failure. */
static int each_row(struct ctx *c, sqlite3_stmt *st,
		    int (*fn)(struct ctx *c, sqlite3_stmt *st))
{
	struct each e = { c, fn };

	if (!st)
		return fdss_db_error(c->db)->code;
	return fdss__walk(c->db, st, "cannot make the team report", each_one,
			  &e);
}

static int add_team(struct ctx *c, sqlite3_stmt *st)
{
	struct team *t;

	if (!(t = realloc(c->t, (c->n + 1) * sizeof(*t))))
		return fdss__db_fail(c->db, FDSS_ENOMEM, "out of memory");
	c->t = t;
	t = &c->t[c->n++];
	memset(t, 0, sizeof(*t));
	if (!(t->code = strdup(fdss__col(st, 0))) ||
	    !(t->name = strdup(fdss__col(st, 1))))
		return fdss__db_fail(c->db, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}

static int add_signed(struct ctx *c, sqlite3_stmt *st)
{
	struct team *t = team_of(c, (const char *)sqlite3_column_text(st, 0));
	fdss_person p;
	unsigned g;
	size_t i;

	if (!t)
		return FDSS_OK;
	memset(&p, 0, sizeof(p));
	if (fdss_date_parse(&p.birth_date, fdss__col(st, 1), NULL) != FDSS_OK)
		return fdss__db_fail(c->db, FDSS_EDATA, "birth date '%.20s': "
				     "not a date", fdss__col(st, 1));
	p.disabled = sqlite3_column_int(st, 2);
	p.poverty = sqlite3_column_int(st, 3);
	p.low_income = sqlite3_column_int(st, 4);
	p.special_family = sqlite3_column_int(st, 5);
	p.conditions = fdss_condition_list_parse(
		(const char *)sqlite3_column_text(st, 6));
	p.elderly_age = c->rules.elderly.min_age;
	g = fdss_person_groups(&p, c->ref);
	t->signed_n++;
	for (i = 0; i < NGROUPS; i++)
		if (g & groups[i].group)
			t->group[i]++;
	return FDSS_OK;
}

static int add_fulfil(struct ctx *c, sqlite3_stmt *st)
{
	struct team *t = team_of(c, (const char *)sqlite3_column_text(st, 0));

	if (t) {
		t->due += sqlite3_column_int64(st, 1);
		t->on_time += sqlite3_column_int64(st, 2);
	}
	return FDSS_OK;
}

/* The yearly minimum of a programme: the rule's visits_per_year. */
static int minimum(const fdss_rules *r, int program)
{
	switch (program) {
	case FDSS_PROGRAM_HYPERTENSION:
		return r->hypertension.visits_per_year;
	case FDSS_PROGRAM_DIABETES:
		return r->diabetes.visits_per_year;
	case FDSS_PROGRAM_SMI:
		return r->smi.visits_per_year;
	case FDSS_PROGRAM_ELDERLY:
		return r->elderly.visits_per_year;
	case FDSS_PROGRAM_CHRONIC:
		return r->chronic.visits_per_year;
	default:
		return 0;
	}
}

static int add_managed(struct ctx *c, sqlite3_stmt *st)
{
	struct team *t = team_of(c, (const char *)sqlite3_column_text(st, 0));
	int program = fdss_program_parse(fdss__col(st, 1));
	size_t i;

	for (i = 0; t && i < NPROGS; i++) {
		if (progs[i].program != program)
			continue;
		t->managed[i]++;
		if (sqlite3_column_int(st, 2) >= minimum(&c->rules, program))
			t->standard[i]++;
		if (progs[i].control && progs[i].control ==
		    fdss_class_parse(fdss__col(st, 4)))
			t->controlled[i]++;
	}
	return FDSS_OK;
}

static int add_renewals(void *arg, const fdss__renewal_counts *k)
{
	struct ctx *c = arg;
	struct team *t = team_of(c, k->unit);

	if (t) {
		t->ending += k->ending;
		t->renewed += k->renewed;
	}
	return 0;
}

static int add_fees(struct ctx *c)
{
	fdss_report_query q = *c->q;
	fdss__fee_sums *v;
	struct team *t;
	size_t n, i;
	int rc, k;

	q.ref = c->ref;
	if ((rc = fdss__report_fee_sums(c->db, &q, FDSS_REPORT_BY_TEAM, c->y0,
					c->y1, &v, &n)) != FDSS_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (!(t = team_of(c, v[i].unit)))
			continue;
		for (k = 0; k < 4; k++)
			t->payer[k] += v[i].payer[k];
		t->refunds += v[i].refunds;
	}
	fdss__fee_sums_free(v, n);
	return FDSS_OK;
}

static int put_progs(cJSON *rec, const struct team *t)
{
	size_t i;

	for (i = 0; i < NPROGS; i++) {
		const char *const *k = progs[i].keys;

		if (!fdss__put_int(rec, k[0], t->managed[i], 0) ||
		    !fdss__put_int(rec, k[1], t->standard[i], 0) ||
		    !fdss__report_put_rate(rec, k[2], t->standard[i],
					   t->managed[i]))
			return 0;
		if (k[3] && (!fdss__put_int(rec, k[3], t->controlled[i], 0) ||
			     !fdss__report_put_rate(rec, k[4],
						    t->controlled[i],
						    t->managed[i])))
			return 0;
	}
	return 1;
}

static cJSON *record(const struct team *t)
{
	int64_t net = t->payer[0] + t->payer[1] + t->payer[2] + t->payer[3] -
		      t->refunds;
	cJSON *rec = cJSON_CreateObject();
	size_t i;
	int ok;

	ok = rec && fdss__put_str(rec, "type", "team") &&
	     fdss__put_str(rec, "team", t->code) &&
	     fdss__put_str(rec, "team_name", t->name) &&
	     fdss__put_int(rec, "signed", t->signed_n, 0);
	for (i = 0; ok && i < NGROUPS; i++)
		ok = fdss__put_int(rec, groups[i].key, t->group[i], 0);
	if (ok && fdss__put_int(rec, "visits_due", t->due, 0) &&
	    fdss__put_int(rec, "visits_on_time", t->on_time, 0) &&
	    fdss__report_put_rate(rec, "fulfilment_rate", t->on_time, t->due) &&
	    put_progs(rec, t) &&
	    fdss__put_int(rec, "renew_ending", t->ending, 0) &&
	    fdss__put_int(rec, "renew_renewed", t->renewed, 0) &&
	    fdss__report_put_rate(rec, "renewal_rate", t->renewed, t->ending) &&
	    fdss__report_put_yuan(rec, "fee_public_health", t->payer[0]) &&
	    fdss__report_put_yuan(rec, "fee_insurance", t->payer[1]) &&
	    fdss__report_put_yuan(rec, "fee_resident", t->payer[2]) &&
	    fdss__report_put_yuan(rec, "fee_subsidy", t->payer[3]) &&
	    fdss__report_put_yuan(rec, "fee_refunds", t->refunds) &&
	    fdss__report_put_yuan(rec, "fee_net", net))
		return rec;
	cJSON_Delete(rec);
	return NULL;
}

/* Add t's figures to sum. */
static void add_up(struct team *sum, const struct team *t)
{
	size_t i;

	sum->signed_n += t->signed_n;
	for (i = 0; i < NGROUPS; i++)
		sum->group[i] += t->group[i];
	sum->due += t->due;
	sum->on_time += t->on_time;
	for (i = 0; i < NPROGS; i++) {
		sum->managed[i] += t->managed[i];
		sum->standard[i] += t->standard[i];
		sum->controlled[i] += t->controlled[i];
	}
	sum->ending += t->ending;
	sum->renewed += t->renewed;
	for (i = 0; i < 4; i++)
		sum->payer[i] += t->payer[i];
	sum->refunds += t->refunds;
}

static int emit(struct ctx *c, fdss_report_fn fn, void *arg)
{
	static char total_code[] = "TOTAL";
	struct team total;
	size_t i;
	int rc = 0;

	memset(&total, 0, sizeof(total));
	total.code = total_code;
	for (i = 0; i < c->n && rc == 0; i++) {
		add_up(&total, &c->t[i]);
		rc = fdss__report_emit(c->db, record(&c->t[i]), fn, arg);
	}
	if (rc == 0)
		rc = fdss__report_emit(c->db, record(&total), fn, arg);
	return rc;
}

/* Read the figures of every team into c->t. */
static int collect(struct ctx *c)
{
	fdss_report_query q = *c->q;
	int rc;

	q.ref = c->ref;
	if ((rc = each_row(c, prepare(c, sql_teams), add_team)) ||
	    (rc = each_row(c, prepare(c, sql_signed), add_signed)) ||
	    (rc = each_row(c, prepare(c, sql_fulfil), add_fulfil)) ||
	    (rc = each_row(c, prepare(c, sql_managed), add_managed)) ||
	    (rc = fdss__report_renewal_counts(c->db, &q, FDSS_REPORT_BY_TEAM,
					      c->y0, c->y1, add_renewals, c)))
		return rc;
	return add_fees(c);
}

int fdss__report_team(fdss_db *db, const fdss_report_query *q,
		      fdss_report_fn fn, void *arg)
{
	struct ctx c;
	size_t i;
	int rc;

	memset(&c, 0, sizeof(c));
	c.db = db;
	c.q = q;
	if (q->by && q->by != FDSS_REPORT_BY_TEAM)
		return fdss__db_fail(db, FDSS_EINVAL, "team: --by takes only "
				     "team");
	if ((rc = fdss__report_check(db, q, FDSS_REPORT_BY_TEAM)) != FDSS_OK ||
	    (rc = fdss_rules_load(db, &c.rules)) != FDSS_OK ||
	    (rc = fdss__report_year(db, q, c.rules.general.year_start_month,
				    &c.y0, &c.y1)) != FDSS_OK)
		return rc;
	c.ref = q->ref < c.y1 ? q->ref : c.y1;
	if ((rc = collect(&c)) == FDSS_OK)
		rc = emit(&c, fn, arg);
	for (i = 0; i < c.n; i++) {
		free(c.t[i].code);
		free(c.t[i].name);
	}
	free(c.t);
	return rc;
}
