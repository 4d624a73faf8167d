#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"
#include "internal.h"

/*
 * The reports renewals, team and fees on tests/fixtures/roster-seed.sql
 * with contracts and visits made through the library (fdss-report(1)):
 *
 *   B  C140826-2025-000001  H2 (P5, P6)          T01  2025-12-15 to 2026-12-14
 *   A  C140826-2026-000001  H1 (P1-P4)           T01  2026-01-01 to 2026-12-31,
 *                    P4 moves 2026-07-01; renewed by C140826-2026-000005
 *   D  C140826-2026-000002  H4 (P10), + elderly  T02  2026-01-10 to 2027-01-09,
 *                    P10 dies 2026-06-01: terminated
 *   C  C140826-2026-000003  H3 (P8, P9)          T02  2026-03-01 to 2027-02-28
 *   E  C140826-2026-000004  H5 (P11)             T01  2026-06-01 to 2027-05-31
 *
 * Basic is 12 + 12 + 12 yuan (poverty: the resident's 12 by the
 * subsidy), elderly 30 insurance + 20 resident.
 */
#define P1 "140826196111220117"
#define P4 "140826201911230421"
#define P8 "140826195803010829"
#define P9 "140826198507070919"
#define P10 "140821194001011014"
#define P11 "140826199506151121"

static fdss_db *db;

static fdss_date d(const char *s)
{
	fdss_date v = 0;

	cr_assert(eq(int, fdss_date_parse(&v, s, NULL), FDSS_OK), "%s", s);
	return v;
}

/* A rejection fails the test, with its reason. */
static void reject(void *arg, const char *subject, const char *reason)
{
	(void)arg;
	cr_fail("%s: %s", subject ? subject : "-", reason);
}

static fdss_contract_batch *batch(const char *ref)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_batch *b = NULL;

	o.ref = d(ref);
	o.reject = reject;
	o.approve = 1;
	cr_assert(eq(int, fdss_contract_batch_open(&b, db, &o), FDSS_OK));
	return b;
}

static void finish(fdss_contract_batch *b)
{
	fdss_contract_stats st;

	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_OK));
	cr_assert(eq(long, st.rejected, 0));
	fdss_contract_batch_free(b);
}

/* Sign household h with team on date on (approved), with package pkg. */
static void sign(const char *h, const char *team, const char *on,
		 const char *pkg)
{
	fdss_contract_batch *b = batch(on);
	fdss_sign_req q = { 0 };

	q.household_no = h;
	q.team = team;
	q.packages = &pkg;
	q.npackages = pkg != NULL;
	cr_assert(eq(int, fdss_contract_sign(b, &q), FDSS_OK), "%s", h);
	finish(b);
}

static void leaves(const char *id, const char *reason, const char *on)
{
	fdss_contract_batch *b = batch(on);

	cr_assert(eq(int, fdss_contract_person_leaves(b, id, reason, d(on),
						      NULL), FDSS_OK));
	finish(b);
}

/* Visits: "date sbp dbp" for hypertension, "date risk" for smi, "date"
 * for the yearly programmes. */
static void visits(int program, const char *id, const char *ref,
		   const char *const *v, size_t n)
{
	fdss_followup_opts o = FDSS_FOLLOWUP_OPTS_INIT;
	fdss_followup_batch *b = NULL;
	fdss_followup_stats st;
	size_t i;

	o.ref = d(ref);
	cr_assert(eq(int, fdss_followup_batch_open(&b, db, &o), FDSS_OK));
	for (i = 0; i < n; i++) {
		fdss_visit x = FDSS_VISIT_INIT;
		char date[11];
		int a = -1, c = -1;

		cr_assert(sscanf(v[i], "%10s %d %d", date, &a, &c) >= 1);
		x.id_number = id;
		x.program = program;
		x.date = d(date);
		if (program == FDSS_PROGRAM_HYPERTENSION)
			x.sbp = a, x.dbp = c;
		if (program == FDSS_PROGRAM_SMI)
			x.risk_level = a;
		cr_assert(eq(int, fdss_followup_record(b, &x), FDSS_OK),
			  "%s %s", id, v[i]);
	}
	cr_assert(eq(int, fdss_followup_batch_finish(b, &st), FDSS_OK));
	fdss_followup_batch_free(b);
}

static void open_db(void)
{
	static const char *const p1[] = {
		"2026-01-15 130 85", "2026-04-10 145 95", "2026-05-01 135 85",
		"2026-07-20 128 80", "2026-10-10 138 88"
	};
	static const char *const p11[] = {
		"2026-07-01 150 95", "2026-07-15 150 95"
	};
	static const char *const p9[] = {
		"2026-02-01 0", "2026-06-01 2", "2026-06-10 0"
	};
	static const char *const once[] = { "2026-03-01" };
	static const char *const p8[] = { "2026-05-01" };
	fdss_fee fee = { 0, 3000, 2000, 0, "2016-01-01", "", "elderly" };
	fdss_contract_batch *b;

	db = seed_db(SEED);
	cr_assert(eq(int, fdss_team_add(db, "T01", "城关团队", "古绛镇卫生院",
					NULL, d("2025-01-01")), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "王医生", "doctor",
					       NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "李护士", "nurse",
					       NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_team_add(db, "T02", "横水团队", "横水镇卫生院",
					NULL, d("2025-01-01")), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T02", "张医生", "doctor",
					       NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T02", "赵护士", "nurse",
					       NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_fee_set(db, &fee, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_condition_add(db, P11, "hypertension",
					     d("2026-06-20"), 0, NULL, NULL),
		     FDSS_OK));

	sign("H2", "T01", "2025-12-15", NULL);
	sign("H1", "T01", "2026-01-01", NULL);
	sign("H4", "T02", "2026-01-10", "elderly");
	sign("H3", "T02", "2026-03-01", NULL);
	sign("H5", "T01", "2026-06-01", NULL);
	/* P10's visit, before he dies: not in the team report */
	visits(FDSS_PROGRAM_CHRONIC, P10, "2026-03-01", once, 1);
	leaves(P10, "death", "2026-06-01");
	leaves(P4, "moved", "2026-07-01");
	b = batch("2026-12-20");
	cr_assert(eq(int, fdss_contract_renew(b, "C140826-2026-000001", NULL),
		     FDSS_OK));
	finish(b);

	visits(FDSS_PROGRAM_HYPERTENSION, P1, "2027-04-15", p1, 5);
	visits(FDSS_PROGRAM_HYPERTENSION, P11, "2027-04-15", p11, 2);
	visits(FDSS_PROGRAM_SMI, P9, "2027-04-15", p9, 3);
	visits(FDSS_PROGRAM_CHRONIC, P9, "2027-04-15", once, 1);
	visits(FDSS_PROGRAM_ELDERLY, P8, "2027-04-15", p8, 1);
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

TestSuite(report_stats, .init = open_db, .fini = close_db);

/* The records of a report, printed compactly and joined by newlines. */
struct got {
	char *text;
	size_t len;
	int n;
};

static int collect(void *arg, const cJSON *rec)
{
	struct got *g = arg;
	char *s = cJSON_PrintUnformatted(rec);
	size_t n;

	cr_assert(s != NULL);
	n = strlen(s);
	g->text = realloc(g->text, g->len + n + 2);
	cr_assert(g->text != NULL);
	memcpy(g->text + g->len, s, n);
	g->len += n;
	g->text[g->len++] = '\n';
	g->text[g->len] = '\0';
	g->n++;
	free(s);
	return 0;
}

/* Run report name with q; the records into g (free g->text). */
static int run(const char *name, const fdss_report_query *q, struct got *g)
{
	const fdss_report_def *r = fdss_report_find(name);

	cr_assert(r != NULL, "%s", name);
	memset(g, 0, sizeof(*g));
	return r->run(db, q, collect, g);
}

/* Line i (0-based) of g's records. */
static void expect_line(const struct got *g, int i, const char *want)
{
	const char *s = g->text;
	size_t n;
	char *line;

	for (; i > 0 && s; i--)
		if ((s = strchr(s, '\n')))
			s++;
	cr_assert(s && *s, "no record %d", i);
	n = strcspn(s, "\n");
	line = strndup(s, n);
	cr_assert(eq(str, line, (char *)want));
	free(line);
}

Test(report_stats, the_stored_refunds_are_those_of_the_library)
{
	sqlite3_stmt *st;

	/* D: 223 of 365 days unused, 1200 and 2000 fen: 733 + 1221 */
	cr_assert(eq(int, sqlite3_prepare_v2(fdss__db_sqlite(db),
		"SELECT (SELECT refund_fen FROM contract"
		"  WHERE number = 'C140826-2026-000002'),"
		" (SELECT refund_fen FROM contract_member"
		"  WHERE id_number = '" P4 "')", -1, &st, NULL), SQLITE_OK));
	cr_assert(eq(int, sqlite3_step(st), SQLITE_ROW));
	cr_assert(eq(i64, sqlite3_column_int64(st, 0), 1954));
	/* P4: 184 of 365 days of 1200 fen */
	cr_assert(eq(i64, sqlite3_column_int64(st, 1), 604));
	sqlite3_finalize(st);
}

Test(report_stats, renewals_by_team_count_the_grace_and_leave_out_terminated)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	q.ref = d("2027-04-15");
	q.from = d("2026-12-01");
	q.to = d("2027-03-31");
	cr_assert(eq(int, run("renewals", &q, &g), FDSS_OK));
	cr_assert(eq(int, g.n, 3));
	/* A renewed; B ended 2026-12-14, grace over on 2027-03-14 */
	expect_line(&g, 0, "{\"type\":\"renewals\",\"unit\":\"T01\","
		    "\"unit_name\":\"城关团队\",\"ending\":2,\"renewed\":1,"
		    "\"grace\":0,\"not_renewed\":1,\"terminated\":0,"
		    "\"renewal_rate\":50}");
	/* C ends 2027-02-28: in grace; D terminated (death) */
	expect_line(&g, 1, "{\"type\":\"renewals\",\"unit\":\"T02\","
		    "\"unit_name\":\"横水团队\",\"ending\":1,\"renewed\":0,"
		    "\"grace\":1,\"not_renewed\":0,\"terminated\":1,"
		    "\"renewal_rate\":0}");
	expect_line(&g, 2, "{\"type\":\"renewals\",\"unit\":\"TOTAL\","
		    "\"unit_name\":null,\"ending\":3,\"renewed\":1,"
		    "\"grace\":1,\"not_renewed\":1,\"terminated\":1,"
		    "\"renewal_rate\":33.3}");
	free(g.text);
}

Test(report_stats, renewals_by_township_a_unit_of_only_terminated_has_no_rate)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	q.ref = d("2027-04-15");
	q.from = d("2026-12-01");
	q.to = d("2027-03-31");
	q.by = FDSS_REPORT_BY_TOWNSHIP;
	cr_assert(eq(int, run("renewals", &q, &g), FDSS_OK));
	cr_assert(eq(int, g.n, 4));
	expect_line(&g, 0, "{\"type\":\"renewals\",\"unit\":\"140821100\","
		    "\"unit_name\":\"猗氏镇\",\"ending\":0,\"renewed\":0,"
		    "\"grace\":0,\"not_renewed\":0,\"terminated\":1,"
		    "\"renewal_rate\":null}");
	expect_line(&g, 1, "{\"type\":\"renewals\",\"unit\":\"140826100\","
		    "\"unit_name\":\"古绛镇\",\"ending\":2,\"renewed\":1,"
		    "\"grace\":0,\"not_renewed\":1,\"terminated\":0,"
		    "\"renewal_rate\":50}");
	free(g.text);
}

Test(report_stats, renewals_grace_follows_the_setting)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	/* 150 days: B (ended 2026-12-14) is in grace until 2027-05-13 */
	cr_assert(eq(int, fdss_setting_set(db, FDSS_SETTING_RENEWAL_GRACE,
					   "150", NULL), FDSS_OK));
	q.ref = d("2027-04-15");
	q.from = d("2026-12-01");
	q.to = d("2027-03-31");
	cr_assert(eq(int, run("renewals", &q, &g), FDSS_OK));
	expect_line(&g, 2, "{\"type\":\"renewals\",\"unit\":\"TOTAL\","
		    "\"unit_name\":null,\"ending\":3,\"renewed\":1,"
		    "\"grace\":2,\"not_renewed\":0,\"terminated\":1,"
		    "\"renewal_rate\":33.3}");
	free(g.text);
}

Test(report_stats, renewals_default_to_the_month_and_check_the_period)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	/* December 2026: A and B */
	q.ref = d("2026-12-20");
	cr_assert(eq(int, run("renewals", &q, &g), FDSS_OK));
	expect_line(&g, 1, "{\"type\":\"renewals\",\"unit\":\"TOTAL\","
		    "\"unit_name\":null,\"ending\":2,\"renewed\":1,"
		    "\"grace\":1,\"not_renewed\":0,\"terminated\":0,"
		    "\"renewal_rate\":50}");
	free(g.text);
	q.from = d("2027-01-01");
	cr_assert(eq(int, run("renewals", &q, &g), FDSS_EINVAL));
	cr_assert(eq(str, (char *)fdss_db_error(db)->msg,
		     "renewals: --from and --to go together"));
	free(g.text);
	q.to = d("2026-12-31");
	cr_assert(eq(int, run("renewals", &q, &g), FDSS_EINVAL));
	free(g.text);
}

Test(report_stats, fees_by_team_and_package_net_of_refunds)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	q.ref = d("2027-04-15");
	q.year = 2026;
	cr_assert(eq(int, run("fees", &q, &g), FDSS_OK));
	cr_assert(eq(int, g.n, 6));
	/* A (4 people, 2 poverty) and E; B's year began in 2025; P4's
	 * refund 6.04 */
	expect_line(&g, 0, "{\"type\":\"fees\",\"unit\":\"T01\","
		    "\"unit_name\":\"城关团队\",\"package\":\"basic\","
		    "\"package_name\":\"基础服务包\",\"public_health\":60,"
		    "\"insurance\":60,\"resident\":36,\"subsidy\":24,"
		    "\"gross\":180,\"refunds\":6.04,\"net\":173.96}");
	/* C and D; D's refund 7.33 of basic and 12.21 of elderly */
	expect_line(&g, 1, "{\"type\":\"fees\",\"unit\":\"T02\","
		    "\"unit_name\":\"横水团队\",\"package\":\"basic\","
		    "\"package_name\":\"基础服务包\",\"public_health\":36,"
		    "\"insurance\":36,\"resident\":36,\"subsidy\":0,"
		    "\"gross\":108,\"refunds\":7.33,\"net\":100.67}");
	expect_line(&g, 2, "{\"type\":\"fees\",\"unit\":\"T02\","
		    "\"unit_name\":\"横水团队\",\"package\":\"elderly\","
		    "\"package_name\":\"居家养老服务包\",\"public_health\":0,"
		    "\"insurance\":30,\"resident\":20,\"subsidy\":0,"
		    "\"gross\":50,\"refunds\":12.21,\"net\":37.79}");
	expect_line(&g, 3, "{\"type\":\"fees\",\"unit\":\"TOTAL\","
		    "\"unit_name\":null,\"package\":\"basic\","
		    "\"package_name\":\"基础服务包\",\"public_health\":96,"
		    "\"insurance\":96,\"resident\":72,\"subsidy\":24,"
		    "\"gross\":288,\"refunds\":13.37,\"net\":274.63}");
	expect_line(&g, 5, "{\"type\":\"fees\",\"unit\":\"TOTAL\","
		    "\"unit_name\":null,\"package\":null,"
		    "\"package_name\":null,\"public_health\":96,"
		    "\"insurance\":126,\"resident\":92,\"subsidy\":24,"
		    "\"gross\":338,\"refunds\":25.58,\"net\":312.42}");
	free(g.text);
}

Test(report_stats, fees_of_2025_are_those_of_the_years_begun_in_2025)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	/* B: P5 and P6, neither on the poverty registry */
	q.ref = d("2027-04-15");
	q.year = 2025;
	q.by = FDSS_REPORT_BY_VILLAGE;
	cr_assert(eq(int, run("fees", &q, &g), FDSS_OK));
	cr_assert(eq(int, g.n, 3));
	expect_line(&g, 0, "{\"type\":\"fees\",\"unit\":\"140826100202\","
		    "\"unit_name\":\"东关村\",\"package\":\"basic\","
		    "\"package_name\":\"基础服务包\",\"public_health\":24,"
		    "\"insurance\":24,\"resident\":24,\"subsidy\":0,"
		    "\"gross\":72,\"refunds\":0,\"net\":72}");
	free(g.text);
}

/* The value of key in line i of g as printed JSON. */
static void expect_value(const struct got *g, int i, const char *key,
			 const char *want)
{
	const char *s = g->text;
	cJSON *rec, *v;
	char *got;

	for (; i > 0 && s; i--)
		if ((s = strchr(s, '\n')))
			s++;
	cr_assert(s && *s);
	rec = cJSON_ParseWithLength(s, strcspn(s, "\n"));
	cr_assert(rec != NULL);
	v = cJSON_GetObjectItemCaseSensitive(rec, key);
	cr_assert(v != NULL, "no key %s", key);
	got = cJSON_PrintUnformatted(v);
	cr_assert(eq(str, got, (char *)want), "%s", key);
	free(got);
	cJSON_Delete(rec);
}

Test(report_stats, team_counts_signed_residents_at_the_year_end)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	q.ref = d("2027-04-15");
	q.year = 2026;
	cr_assert(eq(int, run("team", &q, &g), FDSS_OK));
	cr_assert(eq(int, g.n, 3));
	/* T01 at 2026-12-31: P1, P2 (65 since 11-23), P3 (7), P11
	 * (hypertension); P4 moved, B expired */
	expect_value(&g, 0, "team", "\"T01\"");
	expect_value(&g, 0, "signed", "4");
	expect_value(&g, 0, "priority", "3");
	expect_value(&g, 0, "elderly", "2");
	expect_value(&g, 0, "child", "0");
	expect_value(&g, 0, "poverty", "2");
	expect_value(&g, 0, "hypertension", "2");
	expect_value(&g, 0, "diabetes", "0");
	/* T02: P8 (68, special family, tb), P9 (smi); P10 died */
	expect_value(&g, 1, "signed", "2");
	expect_value(&g, 1, "priority", "2");
	expect_value(&g, 1, "elderly", "1");
	expect_value(&g, 1, "special_family", "1");
	expect_value(&g, 1, "tb", "1");
	expect_value(&g, 1, "smi", "1");
	expect_value(&g, 2, "team", "\"TOTAL\"");
	expect_value(&g, 2, "signed", "6");
	expect_value(&g, 2, "priority", "5");
	free(g.text);
}

Test(report_stats, team_fulfilment_standard_management_and_control)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	q.ref = d("2027-04-15");
	q.year = 2026;
	cr_assert(eq(int, run("team", &q, &g), FDSS_OK));
	/*
	 * T01: P1 due 04-15 (04-10 on time), 04-24 (05-01 late), 07-30,
	 * 10-18 on time; P11 due 07-15 (on time, the same day), 07-29 (no
	 * visit since): 4 of 6.  Hypertension: P1 5 visits, controlled
	 * last; P11 2 visits, referred last.
	 */
	expect_value(&g, 0, "visits_due", "6");
	expect_value(&g, 0, "visits_on_time", "4");
	expect_value(&g, 0, "fulfilment_rate", "66.7");
	expect_value(&g, 0, "hypertension_managed", "2");
	expect_value(&g, 0, "hypertension_standard", "1");
	expect_value(&g, 0, "hypertension_standard_rate", "50");
	expect_value(&g, 0, "hypertension_controlled", "1");
	expect_value(&g, 0, "hypertension_control_rate", "50");
	expect_value(&g, 0, "diabetes_managed", "0");
	expect_value(&g, 0, "diabetes_standard_rate", "null");
	/*
	 * T02: P9 smi due 05-02 (06-01 late), 06-15 (06-10 on time),
	 * 09-08 (none): 1 of 3; 3 visits of 4, last stable.  P9's copd
	 * visit and P8's health check are due again in 2027.
	 */
	expect_value(&g, 1, "visits_due", "3");
	expect_value(&g, 1, "visits_on_time", "1");
	expect_value(&g, 1, "fulfilment_rate", "33.3");
	expect_value(&g, 1, "smi_managed", "1");
	expect_value(&g, 1, "smi_standard", "0");
	expect_value(&g, 1, "smi_standard_rate", "0");
	expect_value(&g, 1, "smi_controlled", "1");
	expect_value(&g, 1, "smi_control_rate", "100");
	expect_value(&g, 1, "chronic_managed", "1");
	expect_value(&g, 1, "chronic_standard_rate", "100");
	expect_value(&g, 1, "chronic_control_rate", "100");
	expect_value(&g, 1, "elderly_managed", "1");
	expect_value(&g, 1, "elderly_standard_rate", "100");
	expect_value(&g, 2, "visits_due", "9");
	expect_value(&g, 2, "visits_on_time", "5");
	expect_value(&g, 2, "fulfilment_rate", "55.6");
	expect_value(&g, 2, "hypertension_standard_rate", "50");
	free(g.text);
}

Test(report_stats, team_minimum_follows_the_rules)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	/* 2 visits a year: P11 meets it too, and P9's 3 smi visits */
	cr_assert(eq(int, fdss_rules_set(db, "hypertension", "visits_per_year",
					 "2", NULL), FDSS_OK));
	cr_assert(eq(int, fdss_rules_set(db, "smi", "visits_per_year", "3",
					 NULL), FDSS_OK));
	q.ref = d("2027-04-15");
	q.year = 2026;
	cr_assert(eq(int, run("team", &q, &g), FDSS_OK));
	expect_value(&g, 0, "hypertension_standard_rate", "100");
	expect_value(&g, 1, "smi_standard_rate", "100");
	free(g.text);
}

Test(report_stats, team_renewals_and_fees_of_the_year)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	q.ref = d("2027-04-15");
	q.year = 2026;
	cr_assert(eq(int, run("team", &q, &g), FDSS_OK));
	/* A and B end in 2026, A renewed */
	expect_value(&g, 0, "renew_ending", "2");
	expect_value(&g, 0, "renew_renewed", "1");
	expect_value(&g, 0, "renewal_rate", "50");
	expect_value(&g, 0, "fee_public_health", "60");
	expect_value(&g, 0, "fee_subsidy", "24");
	expect_value(&g, 0, "fee_refunds", "6.04");
	expect_value(&g, 0, "fee_net", "173.96");
	expect_value(&g, 1, "renew_ending", "0");
	expect_value(&g, 1, "renewal_rate", "null");
	expect_value(&g, 1, "fee_insurance", "66");
	expect_value(&g, 1, "fee_resident", "56");
	expect_value(&g, 1, "fee_refunds", "19.54");
	expect_value(&g, 1, "fee_net", "138.46");
	expect_value(&g, 2, "fee_net", "312.42");
	free(g.text);
}

Test(report_stats, team_as_of_inside_the_year_counts_to_that_day)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	/* 2026-06-30, the year 2026 by default: A (P1-P4), B (P5, P6)
	 * and E (P11) cover 7, P3, P4 and P6 aged 6; P10 died.  P1 due
	 * 04-15 and 04-24, P9 05-02 and 06-15 */
	q.ref = d("2026-06-30");
	cr_assert(eq(int, run("team", &q, &g), FDSS_OK));
	expect_value(&g, 0, "signed", "7");
	expect_value(&g, 0, "child", "3");
	expect_value(&g, 1, "signed", "2");
	expect_value(&g, 0, "visits_due", "2");
	expect_value(&g, 0, "visits_on_time", "1");
	expect_value(&g, 1, "visits_due", "2");
	expect_value(&g, 1, "visits_on_time", "1");
	free(g.text);
	q.year = 2027;
	cr_assert(eq(int, run("team", &q, &g), FDSS_EINVAL));
	free(g.text);
}

Test(report_stats, filters_keep_the_team_and_the_area)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	/* 横水镇: C alone, in grace */
	q.ref = d("2027-04-15");
	q.from = d("2026-12-01");
	q.to = d("2027-03-31");
	q.area = "140826101";
	cr_assert(eq(int, run("renewals", &q, &g), FDSS_OK));
	cr_assert(eq(int, g.n, 2));
	expect_line(&g, 1, "{\"type\":\"renewals\",\"unit\":\"TOTAL\","
		    "\"unit_name\":null,\"ending\":1,\"renewed\":0,"
		    "\"grace\":1,\"not_renewed\":0,\"terminated\":0,"
		    "\"renewal_rate\":0}");
	free(g.text);

	/* T02 by county: 绛县 (C) and 临猗县 (D) */
	q.area = NULL;
	q.team = "T02";
	q.year = 2026;
	q.by = FDSS_REPORT_BY_COUNTY;
	cr_assert(eq(int, run("fees", &q, &g), FDSS_OK));
	cr_assert(eq(int, g.n, 6));
	expect_value(&g, 0, "unit", "\"140821\"");
	expect_value(&g, 0, "unit_name", "\"临猗县\"");
	expect_value(&g, 0, "package", "\"basic\"");
	expect_value(&g, 0, "net", "28.67");
	expect_value(&g, 1, "package", "\"elderly\"");
	expect_value(&g, 1, "net", "37.79");
	expect_value(&g, 2, "unit", "\"140826\"");
	expect_value(&g, 2, "gross", "72");
	expect_value(&g, 5, "net", "138.46");
	free(g.text);

	q.by = 0;
	cr_assert(eq(int, run("team", &q, &g), FDSS_OK));
	cr_assert(eq(int, g.n, 2));
	expect_value(&g, 0, "team", "\"T02\"");
	expect_value(&g, 1, "signed", "2");
	free(g.text);
	q.by = FDSS_REPORT_BY_COUNTY;
	cr_assert(eq(int, run("team", &q, &g), FDSS_EINVAL));
	free(g.text);
	q.by = 0;
	q.area = "14082";
	cr_assert(eq(int, run("fees", &q, &g), FDSS_EINVAL));
	free(g.text);
}

Test(report_stats, team_counts_only_residents_at_the_count_date)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	struct got g;

	/* P11 gone on 2026-10-01 by an import that left her contract */
	cr_assert(eq(int, sqlite3_exec(fdss__db_sqlite(db),
		"UPDATE person SET status = 'deceased', status_date ="
		" '2026-10-01' WHERE id_number = '" P11 "'", NULL, NULL, NULL),
		SQLITE_OK));
	q.ref = d("2027-04-15");
	q.year = 2026;
	cr_assert(eq(int, run("team", &q, &g), FDSS_OK));
	expect_value(&g, 0, "signed", "3");
	expect_value(&g, 0, "hypertension", "1");
	expect_value(&g, 0, "hypertension_managed", "1");
	free(g.text);
	q.ref = d("2026-09-30");
	cr_assert(eq(int, run("team", &q, &g), FDSS_OK));
	expect_value(&g, 0, "signed", "6");
	free(g.text);
}
