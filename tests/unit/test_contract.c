#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"

static fdss_date d(const char *s)
{
	fdss_date out = 0;

	cr_assert(eq(int, fdss_date_parse(&out, s, NULL), FDSS_OK), "%s", s);
	return out;
}

static void expect_date(fdss_date got, const char *want)
{
	char buf[FDSS_DATE_BUFSZ];

	cr_assert(eq(str, fdss_date_format(buf, got), (char *)want));
}

Test(contract, end_dates_are_inclusive)
{
	static const struct {
		const char *start;
		int years;
		const char *end;
	} cases[] = {
		{ "2026-01-01", 1, "2026-12-31" },
		{ "2026-11-22", 1, "2027-11-21" },
		{ "2026-03-01", 1, "2027-02-28" },
		{ "2027-03-01", 1, "2028-02-29" },	/* into a leap year */
		{ "2028-02-29", 1, "2029-02-28" },	/* anniversary 1 March */
		{ "2028-02-29", 4, "2032-02-28" },	/* leap again */
		{ "2028-02-28", 1, "2029-02-27" },
		{ "2026-01-31", 2, "2028-01-30" },
		{ "2026-12-31", 3, "2029-12-30" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_date(fdss_contract_end(d(cases[i].start), cases[i].years),
			    cases[i].end);
	expect_date(fdss_contract_year_start(d("2028-02-29"), 1), "2029-03-01");
	expect_date(fdss_contract_year_start(d("2028-02-29"), 4), "2032-02-29");
	expect_date(fdss_contract_year_start(d("2026-05-10"), 2), "2028-05-10");
}

Test(contract, term_rules)
{
	static const struct {
		int years, renewal;
		const char *birth;
		unsigned conditions;
		int rc;
	} cases[] = {
		{ 1, 0, "1990-01-01", 0, FDSS_OK },
		{ 2, 0, "1990-01-01", 0, FDSS_EDATA },
		{ 3, 0, "1990-01-01", 0, FDSS_EDATA },
		{ 2, 1, "1990-01-01", 0, FDSS_OK },
		{ 3, 1, "1990-01-01", 0, FDSS_OK },
		{ 3, 0, "1961-11-22", 0, FDSS_OK },	/* 65 on the start */
		{ 3, 0, "1961-11-23", 0, FDSS_EDATA },	/* 65 a day later */
		{ 2, 0, "1990-01-01", FDSS_COND_HYPERTENSION, FDSS_OK },
		{ 2, 0, "1990-01-01", FDSS_COND_DIABETES, FDSS_OK },
		{ 2, 0, "1990-01-01", FDSS_COND_COPD, FDSS_EDATA },
		{ 0, 0, "1990-01-01", 0, FDSS_EDATA },
		{ 4, 1, "1940-01-01", 0, FDSS_EDATA },
	};
	fdss_error err = FDSS_ERROR_INIT;
	fdss_term_member m[2];
	size_t i;

	m[0].birth_date = d("2020-06-01");
	m[0].conditions = 0;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m[1].birth_date = d(cases[i].birth);
		m[1].conditions = cases[i].conditions;
		cr_assert(eq(int, fdss_contract_term_check(cases[i].years,
			     cases[i].renewal, d("2026-11-22"), 65, m, 2, &err),
			     cases[i].rc), "case %zu", i);
	}
	fdss_contract_term_check(2, 0, d("2026-11-22"), 65, m, 1, &err);
	cr_assert(eq(str, err.msg, "term of 2 years: only for a renewal or a "
		     "household with a member aged 65 or more or with "
		     "hypertension or diabetes, and none of its 1 covered "
		     "members is"));
	fdss_contract_term_check(4, 0, d("2026-11-22"), 65, m, 1, &err);
	cr_assert(eq(str, err.msg, "term of 4 years: must be 1, 2 or 3"));
}

/* The elderly age of the term rule is the rule elderly.min_age given. */
Test(contract, term_follows_elderly_age)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_term_member m = { 0, 0 };

	m.birth_date = d("1965-11-22");		/* 61 on the start */
	cr_assert(eq(int, fdss_contract_term_check(2, 0, d("2026-11-22"), 65,
						   &m, 1, &err), FDSS_EDATA));
	cr_assert(eq(int, fdss_contract_term_check(2, 0, d("2026-11-22"), 60,
						   &m, 1, &err), FDSS_OK));
	m.birth_date = d("1960-11-22");		/* 66 on the start */
	cr_assert(eq(int, fdss_contract_term_check(3, 0, d("2026-11-22"), 70,
						   &m, 1, &err), FDSS_EDATA));
	cr_assert(eq(str, err.msg, "term of 3 years: only for a renewal or a "
		     "household with a member aged 70 or more or with "
		     "hypertension or diabetes, and none of its 1 covered "
		     "members is"));
}

/* The status at each date of a contract from 2026-11-22 to 2027-11-21
 * stored as stored, reviewed or not, terminated on "on" (or NULL). */
static void expect_statuses(const char *stored, int reviewed, const char *on,
			    const char *const dates[][2], size_t n)
{
	fdss_date start = d("2026-11-22"), end = d("2027-11-21");
	size_t i;

	for (i = 0; i < n; i++)
		cr_assert(eq(str, (char *)fdss_contract_status_name(
			     fdss_contract_status_at(stored, reviewed, start,
				     end, on ? d(on) : 0, d(dates[i][0]))),
			     (char *)dates[i][1]),
			  "%s reviewed %d terminated on %s, at %s", stored,
			  reviewed, on ? on : "-", dates[i][0]);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

Test(contract, status_at_dates)
{
	static const char *const active[][2] = {
		{ "2026-01-01", "approved" },	/* not started yet */
		{ "2026-11-21", "approved" },
		{ "2026-11-22", "active" },	/* the first day */
		{ "2027-11-21", "active" },	/* the last day */
		{ "2027-11-22", "expired" },
		{ "2030-01-01", "expired" },
	};
	static const char *const pending[][2] = {
		{ "2026-11-21", "pending" },
		{ "2026-11-22", "pending" },
		{ "2027-11-21", "pending" },
		{ "2027-11-22", "expired" },	/* lapsed unreviewed */
	};
	/* terminated on 2027-05-01, the first day without service */
	static const char *const terminated[][2] = {
		{ "2026-11-21", "approved" },
		{ "2026-11-22", "active" },
		{ "2027-04-30", "active" },	/* the last day covered */
		{ "2027-05-01", "terminated" },
		{ "2027-11-21", "terminated" },
		{ "2027-11-22", "terminated" },
	};
	static const char *const terminated_pending[][2] = {
		{ "2026-11-22", "pending" },
		{ "2027-04-30", "pending" },
		{ "2027-05-01", "terminated" },
	};
	/* a renewal ended with its predecessor before it started */
	static const char *const ended_before_start[][2] = {
		{ "2026-11-14", "approved" },
		{ "2026-11-15", "terminated" },
		{ "2026-11-22", "terminated" },
	};
	static const char *const rejected[][2] = {
		{ "2026-11-21", "rejected" },
		{ "2026-11-22", "rejected" },
		{ "2027-11-22", "rejected" },
	};
	fdss_date end = d("2027-11-21");

	expect_statuses("active", 1, NULL, active, N(active));
	expect_statuses("active", 0, NULL, active, N(active));
	expect_statuses("pending", 0, NULL, pending, N(pending));
	expect_statuses("terminated", 1, "2027-05-01", terminated,
			N(terminated));
	expect_statuses("terminated", 0, "2027-05-01", terminated_pending,
			N(terminated_pending));
	expect_statuses("terminated", 1, "2026-11-15", ended_before_start,
			N(ended_before_start));
	expect_statuses("rejected", 1, NULL, rejected, N(rejected));
	/* a termination without its date is terminated at any date */
	cr_assert(eq(int, fdss_contract_status_at("terminated", 1, end - 364,
						  end, 0, end - 364),
		     FDSS_CONTRACT_TERMINATED));
	cr_assert(eq(int, fdss_contract_status_at("expired", 1, end - 364,
						  end, 0, end), 0));
	cr_assert(eq(int, fdss_contract_status_at("approved", 1, end - 364,
						  end, 0, end), 0));
	cr_assert(eq(int, fdss_contract_status_at("bogus", 1, end - 364, end,
						  0, end), 0));
	cr_assert(eq(int, fdss_contract_status_at(NULL, 1, end - 364, end, 0,
						  end), 0));
	cr_assert(eq(str, (char *)fdss_contract_status_name(
		     FDSS_CONTRACT_EXPIRED), "expired"));
	cr_assert(eq(int, fdss_contract_status_parse("terminated"),
		     FDSS_CONTRACT_TERMINATED));
	cr_assert(eq(int, fdss_contract_status_parse("approved"),
		     FDSS_CONTRACT_APPROVED));
	cr_assert(eq(ptr, (void *)fdss_contract_status_name(9), NULL));
	cr_assert(fdss_termination_reason_valid("death"));
	cr_assert(not(fdss_termination_reason_valid("bored")));
}

Test(contract, a_member_who_left_is_not_covered_from_that_day)
{
	fdss_date on = d("2027-05-01");

	cr_assert(eq(int, fdss_contract_cover_at(FDSS_CONTRACT_ACTIVE, on,
						 on - 1),
		     FDSS_CONTRACT_ACTIVE));
	cr_assert(eq(int, fdss_contract_cover_at(FDSS_CONTRACT_ACTIVE, on, on),
		     FDSS_CONTRACT_TERMINATED));
	cr_assert(eq(int, fdss_contract_cover_at(FDSS_CONTRACT_APPROVED, on,
						 on),
		     FDSS_CONTRACT_TERMINATED));
	cr_assert(eq(int, fdss_contract_cover_at(FDSS_CONTRACT_PENDING, on,
						 on + 9),
		     FDSS_CONTRACT_TERMINATED));
	cr_assert(eq(int, fdss_contract_cover_at(FDSS_CONTRACT_EXPIRED, on,
						 on + 400),
		     FDSS_CONTRACT_EXPIRED));
	cr_assert(eq(int, fdss_contract_cover_at(FDSS_CONTRACT_ACTIVE, 0, on),
		     FDSS_CONTRACT_ACTIVE));
}

Test(contract, signed_means_pending_approved_or_active)
{
	static const struct {
		int status, is_signed;
	} cases[] = {
		{ FDSS_CONTRACT_PENDING, 1 },
		{ FDSS_CONTRACT_APPROVED, 1 },
		{ FDSS_CONTRACT_ACTIVE, 1 },
		{ FDSS_CONTRACT_EXPIRED, 0 },
		{ FDSS_CONTRACT_REJECTED, 0 },
		{ FDSS_CONTRACT_TERMINATED, 0 },
		{ 0, 0 },
	};
	size_t i;

	for (i = 0; i < N(cases); i++)
		cr_assert(eq(int, fdss_contract_status_signed(cases[i].status),
			     cases[i].is_signed), "status %d", cases[i].status);
}

Test(contract, fee_lines_by_payer)
{
	fdss_contract_rate basic = { 1200, 1200, 1200, 1 };
	fdss_contract_rate trial = { 1000, 500, 0, 0 };
	fdss_contract_fee f[3];
	size_t n;

	n = fdss_contract_fee_lines(f, "basic", d("2026-11-22"), &basic, 0);
	cr_assert(eq(sz, n, 3));
	cr_assert(eq(int, f[0].payer, FDSS_PAYER_PUBLIC_HEALTH));
	cr_assert(eq(i64, f[0].amount_fen, 1200));
	cr_assert(eq(int, f[2].payer, FDSS_PAYER_RESIDENT));
	cr_assert(eq(str, (char *)f[2].package, "basic"));
	n = fdss_contract_fee_lines(f, "basic", d("2026-11-22"), &basic, 1);
	cr_assert(eq(sz, n, 3));
	cr_assert(eq(int, f[2].payer, FDSS_PAYER_SUBSIDY));
	cr_assert(eq(i64, f[2].amount_fen, 1200));
	basic.poverty_subsidy = 0;
	n = fdss_contract_fee_lines(f, "basic", d("2026-11-22"), &basic, 1);
	cr_assert(eq(int, f[2].payer, FDSS_PAYER_RESIDENT));
	n = fdss_contract_fee_lines(f, "basic", d("2026-11-22"), &trial, 1);
	cr_assert(eq(sz, n, 2));
	cr_assert(eq(int, f[1].payer, FDSS_PAYER_INSURANCE));
	cr_assert(eq(i64, f[1].amount_fen, 500));
	/* the poverty subsidy moves the resident's share only */
	basic.poverty_subsidy = 1;
	n = fdss_contract_fee_lines(f, "basic", d("2026-11-22"), &basic, 1);
	cr_assert(eq(int, f[0].payer, FDSS_PAYER_PUBLIC_HEALTH));
	cr_assert(eq(i64, f[0].amount_fen, 1200));
	cr_assert(eq(int, f[1].payer, FDSS_PAYER_INSURANCE));
	cr_assert(eq(i64, f[1].amount_fen, 1200));
	/* no fee row (a zero rate): no lines */
	memset(&trial, 0, sizeof(trial));
	cr_assert(eq(sz, fdss_contract_fee_lines(f, "child", d("2026-11-22"),
						 &trial, 1), 0));
	cr_assert(eq(str, (char *)fdss_payer_name(FDSS_PAYER_SUBSIDY), "subsidy"));
	cr_assert(eq(int, fdss_payer_parse("public_health"),
		     FDSS_PAYER_PUBLIC_HEALTH));
}

Test(contract, refunds_pro_rata_rounded_down)
{
	fdss_date start = d("2026-01-01"), end = fdss_contract_end(start, 2);
	fdss_contract_fee f[] = {
		{ "basic", d("2026-01-01"), FDSS_PAYER_RESIDENT, 1200 },
		{ "basic", d("2026-01-01"), FDSS_PAYER_INSURANCE, 1200 },
		{ "basic", d("2027-01-01"), FDSS_PAYER_RESIDENT, 1300 },
		{ "basic", d("2027-01-01"), FDSS_PAYER_SUBSIDY, 999 },
	};

	/* on the start: everything the resident paid */
	cr_assert(eq(i64, fdss_contract_refund(f, 4, start, end, start), 2500));
	/* 2026-07-01: 184 of 365 days of year one unused, all of year two:
	 * 1200 * 184 / 365 = 604.93 -> 604 */
	cr_assert(eq(i64, fdss_contract_refund(f, 4, start, end,
		     d("2026-07-01")), 604 + 1300));
	/* the last day of the term: 1 day of 365: 1300 / 365 = 3.56 -> 3 */
	cr_assert(eq(i64, fdss_contract_refund(f, 4, start, end, end), 3));
	cr_assert(eq(i64, fdss_contract_refund(f, 4, start, end, end + 1), 0));
	/* before the start: all */
	cr_assert(eq(i64, fdss_contract_refund(f, 4, start, end, start - 30),
		     2500));
}

Test(contract, refund_in_a_leap_year)
{
	fdss_date start = d("2028-02-29"), end = fdss_contract_end(start, 1);
	fdss_contract_fee f = { "basic", start, FDSS_PAYER_RESIDENT, 3600 };

	/* 2028-02-29 .. 2029-02-28 has 366 days; from 2028-08-30, 183 */
	cr_assert(eq(i64, fdss_contract_refund(&f, 1, start, end,
		     d("2028-08-30")), 3600 * 183 / 366));
	cr_assert(eq(i64, fdss_contract_refund(&f, 1, start, end,
		     d("2028-08-30")), 1800));
}

Test(contract, sign_request_from_a_record)
{
	const char *pkgs[4];
	fdss_error err = FDSS_ERROR_INIT;
	fdss_sign_req q;
	cJSON *o;

	memset(&q, 0, sizeof(q));
	q.team = "T01";
	o = cJSON_Parse("{\"type\":\"person\",\"id_number\":\"1\","
			"\"household_no\":\"H1\",\"years\":2,"
			"\"packages\":[\"child\",\"pain\"]}");
	cr_assert(eq(int, fdss_sign_req_from_json(&q, o, pkgs, 4, &err), FDSS_OK));
	cr_assert(eq(str, (char *)q.household_no, "H1"));
	cr_assert(eq(str, (char *)q.team, "T01"));
	cr_assert(eq(int, q.years, 2));
	cr_assert(eq(sz, q.npackages, 2));
	cr_assert(eq(str, (char *)q.packages[1], "pain"));
	cJSON_Delete(o);
	o = cJSON_Parse("{\"household_no\":\"H1\",\"years\":4}");
	cr_assert(eq(int, fdss_sign_req_from_json(&q, o, pkgs, 4, &err),
		     FDSS_EDATA));
	cr_assert(eq(str, err.msg, "years: expected 1, 2 or 3, not 4"));
	cJSON_Delete(o);
	o = cJSON_Parse("{\"household_no\":7}");
	cr_assert(eq(int, fdss_sign_req_from_json(&q, o, pkgs, 4, &err),
		     FDSS_EDATA));
	cJSON_Delete(o);
	o = cJSON_Parse("{\"packages\":\"child\"}");
	cr_assert(eq(int, fdss_sign_req_from_json(&q, o, pkgs, 4, &err),
		     FDSS_EDATA));
	cr_assert(eq(str, err.msg, "packages: expected an array of package codes"));
	cJSON_Delete(o);
}

Test(contract, terminate_request_from_a_record)
{
	fdss_terminate_req q = { NULL, "moved", 0 };
	fdss_error err = FDSS_ERROR_INIT;
	cJSON *obj;

	obj = cJSON_Parse("{\"number\":\"C2026-000001\",\"status\":"
			  "\"active\",\"termination_reason\":null}");
	cr_assert(eq(int, fdss_terminate_req_from_json(&q, obj, &err),
		     FDSS_OK));
	cr_assert(eq(str, (char *)q.number, "C2026-000001"));
	cr_assert(eq(str, (char *)q.reason, "moved"));
	cr_assert(eq(int, q.on, 0));
	cJSON_Delete(obj);

	obj = cJSON_Parse("{\"number\":\"C2026-000002\",\"reason\":"
			  "\"death\",\"date\":\"2027-01-10\"}");
	cr_assert(eq(int, fdss_terminate_req_from_json(&q, obj, &err),
		     FDSS_OK));
	cr_assert(eq(str, (char *)q.reason, "death"));
	cr_assert(eq(int, q.on, d("2027-01-10")));
	cJSON_Delete(obj);

	obj = cJSON_Parse("{\"contract\":\"C2026-000002\"}");
	cr_assert(eq(int, fdss_terminate_req_from_json(&q, obj, &err),
		     FDSS_EDATA));
	cr_assert(eq(str, err.msg, "no \"number\""));
	cJSON_Delete(obj);

	obj = cJSON_Parse("{\"number\":\"C1\",\"date\":\"2027-02-30\"}");
	cr_assert(eq(int, fdss_terminate_req_from_json(&q, obj, &err),
		     FDSS_EDATA));
	cr_assert(eq(str, err.msg, "date: '2027-02-30': no such date"));
	cJSON_Delete(obj);

	obj = cJSON_Parse("{\"number\":\"C1\",\"reason\":7}");
	cr_assert(eq(int, fdss_terminate_req_from_json(&q, obj, &err),
		     FDSS_EDATA));
	cJSON_Delete(obj);
}

Test(contract, record_text_exact)
{
	static const char *const pk0[] = { "basic", "child" };
	static const char *const pk1[] = { "basic" };
	const fdss_contract_fee f0[] = {
		{ "basic", d("2026-11-22"), FDSS_PAYER_PUBLIC_HEALTH, 1200 },
		{ "basic", d("2026-11-22"), FDSS_PAYER_SUBSIDY, 1200 },
		{ "child", d("2026-11-22"), FDSS_PAYER_RESIDENT, 200 },
	};
	const fdss_contract_fee f1[] = {
		{ "basic", d("2026-11-22"), FDSS_PAYER_RESIDENT, 500 },
	};
	fdss_contract_member m[2];
	fdss_contract c;
	fdss_jbuf b = FDSS_JBUF_INIT;
	cJSON *rec;
	char *s;

	memset(m, 0, sizeof(m));
	memset(&c, 0, sizeof(c));
	m[0].id_number = "140826202105100424";
	m[0].name = "张\"欣\"怡";
	m[0].packages = pk0;
	m[0].npackages = 2;
	m[0].fees = f0;
	m[0].nfees = 3;
	m[1].id_number = "451026198709120267";
	m[1].name = "黄美玲";
	m[1].packages = pk1;
	m[1].npackages = 1;
	m[1].fees = f1;
	m[1].nfees = 1;
	m[1].ended_on = d("2027-05-22");
	m[1].end_reason = "death";
	m[1].refund_fen = 252;
	c.number = "C2026-000001";
	c.household_no = "H1";
	c.team = "T01";
	c.doctor = "王医生";
	c.start = d("2026-11-22");
	c.end = d("2027-11-21");
	c.years = 1;
	c.status = "active";
	c.renews = "C2025-000007";
	c.reviewed_at = "2026-11-22";
	c.members = m;
	c.nmembers = 2;
	cr_assert(eq(int, fdss_contract_json(&b, &c, d("2027-11-22")), FDSS_OK));
	cr_assert(eq(str, b.s,
		"{\"type\":\"contract\",\"number\":\"C2026-000001\","
		"\"household_no\":\"H1\",\"village_code\":null,\"team\":\"T01\","
		"\"doctor\":\"王医生\",\"start_date\":\"2026-11-22\","
		"\"end_date\":\"2027-11-21\",\"years\":1,\"status\":\"expired\","
		"\"renews\":\"C2025-000007\",\"renewed_by\":null,"
		"\"reviewed_at\":\"2026-11-22\",\"review_reason\":null,"
		"\"terminated_on\":null,\"termination_reason\":null,"
		"\"refund_fen\":0,\"members\":[{\"id_number\":"
		"\"140826202105100424\",\"name\":\"张\\\"欣\\\"怡\","
		"\"packages\":[\"basic\",\"child\"],\"fees\":["
		"{\"package\":\"basic\",\"year_start\":\"2026-11-22\","
		"\"payer\":\"public_health\",\"amount_fen\":1200},"
		"{\"package\":\"basic\",\"year_start\":\"2026-11-22\","
		"\"payer\":\"subsidy\",\"amount_fen\":1200},"
		"{\"package\":\"child\",\"year_start\":\"2026-11-22\","
		"\"payer\":\"resident\",\"amount_fen\":200}]},"
		"{\"id_number\":\"451026198709120267\",\"name\":\"黄美玲\","
		"\"packages\":[\"basic\"],\"fees\":[{\"package\":\"basic\","
		"\"year_start\":\"2026-11-22\",\"payer\":\"resident\","
		"\"amount_fen\":500}],\"ended_on\":\"2027-05-22\","
		"\"end_reason\":\"death\",\"refund_fen\":252}]}"));
	/* the tree says the same, printed by cJSON */
	rec = fdss_contract_to_json(&c, d("2027-11-22"));
	s = cJSON_PrintUnformatted(rec);
	cr_assert(eq(str, s, b.s));
	cJSON_free(s);
	cJSON_Delete(rec);
	/* terminated: the date is given even when it is unset */
	c.status = "terminated";
	c.terminated_on = d("2027-01-01");
	c.termination_reason = "moved";
	c.refund_fen = 99;
	fdss_jbuf_reset(&b);
	cr_assert(eq(int, fdss_contract_json(&b, &c, d("2026-12-01")), FDSS_OK));
	/* active until the day before the termination date */
	cr_assert(strstr(b.s, "\"status\":\"active\",") != NULL, "%s", b.s);
	cr_assert(strstr(b.s, "\"terminated_on\":\"2027-01-01\","
			 "\"termination_reason\":\"moved\",\"refund_fen\":99,")
		  != NULL, "%s", b.s);
	fdss_jbuf_reset(&b);
	cr_assert(eq(int, fdss_contract_json(&b, &c, d("2027-01-01")), FDSS_OK));
	cr_assert(strstr(b.s, "\"status\":\"terminated\",") != NULL, "%s",
		  b.s);
	fdss_jbuf_release(&b);
}

/* --- the listings' SQL and the C rule say the same ------------------------ */

static fdss_db *adb;

static void asof_open(void)
{
	adb = seed_db(SEED);
	cr_assert(eq(int, fdss_team_add(adb, "T01", "城关团队", "城关镇卫生院",
					NULL, d("2026-01-01")), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(adb, "T01", "王医生", "doctor",
					       NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(adb, "T01", "李护士", "nurse",
					       NULL, NULL, NULL), FDSS_OK));
}

static void asof_close(void)
{
	fdss_db_close(adb);
	adb = NULL;
}

TestSuite(contract_asof, .init = asof_open, .fini = asof_close);

/* Run one request at ref in its own batch. */
enum asof_op { SIGN, RENEW, TERMINATE, LEAVE };

static void asof_do(const char *ref, int approve, enum asof_op op,
		    const char *what, const char *on)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_batch *b = NULL;
	fdss_sign_req q = { 0 };
	int rc = FDSS_EINTERNAL;

	o.ref = d(ref);
	o.approve = approve;
	cr_assert(eq(int, fdss_contract_batch_open(&b, adb, &o), FDSS_OK));
	q.household_no = what;
	q.team = "T01";
	switch (op) {
	case SIGN: rc = fdss_contract_sign(b, &q); break;
	case RENEW: rc = fdss_contract_renew(b, what, NULL); break;
	case TERMINATE:
		rc = fdss_contract_terminate(b, what, "moved", d(on));
		break;
	case LEAVE:
		rc = fdss_contract_person_leaves(b, what, "moved", d(on), NULL);
		break;
	}
	cr_assert(eq(int, rc, FDSS_OK), "%s", what);
	cr_assert(eq(int, fdss_contract_batch_finish(b, NULL), FDSS_OK));
	fdss_contract_batch_free(b);
}

/* What a walk saw at ref: contracts by the status asked, people. */
struct asof_walk {
	fdss_date ref;
	int status;		/* asked for */
	size_t n;
	char ids[1024];		/* ID numbers, space-separated */
	char signed_ids[1024];	/* members signed at ref, by the C rule */
};

static int asof_status_of(const fdss_contract *c, fdss_date ref)
{
	return fdss_contract_status_at(c->status, c->reviewed_at != NULL,
				       c->start, c->end, c->terminated_on, ref);
}

/* A contract listed with --status: the C rule gives that status. */
static int asof_listed(const fdss_contract *c, void *arg)
{
	struct asof_walk *w = arg;
	char at[FDSS_DATE_BUFSZ];

	cr_assert(eq(int, asof_status_of(c, w->ref), w->status), "%s at %s",
		  c->number, fdss_date_format(at, w->ref));
	w->n++;
	return 0;
}

/* Every contract: its members signed at ref by the C rule. */
static int asof_members(const fdss_contract *c, void *arg)
{
	struct asof_walk *w = arg;
	size_t i;
	int s = asof_status_of(c, w->ref);

	for (i = 0; i < c->nmembers; i++)
		if (fdss_contract_status_signed(fdss_contract_cover_at(s,
				c->members[i].ended_on, w->ref)) &&
		    !strstr(w->signed_ids, c->members[i].id_number)) {
			strcat(w->signed_ids, c->members[i].id_number);
			strcat(w->signed_ids, " ");
		}
	w->n++;
	return 0;
}

/* Every person listed, or only those not signed by the C rule. */
static int asof_person(const fdss_person *p, void *arg)
{
	struct asof_walk *w = arg;

	if (!strstr(w->signed_ids, p->id_number)) {
		strcat(w->ids, p->id_number);
		strcat(w->ids, " ");
	}
	return 0;
}

Test(contract_asof, the_listings_sql_is_the_c_rule_at_every_boundary)
{
	static const char *const dates[] = {
		"2026-11-21", "2026-11-22", "2027-02-28", "2027-03-01",
		"2027-11-01", "2027-11-04", "2027-11-05", "2027-11-21",
		"2027-11-22", "2027-11-23", "2028-11-21", "2028-11-22",
	};
	size_t i, listed;
	int s;

	/* H5 (吴芳) signed and approved, renewed ahead and approved, then
	 * terminated from a later date, the renewal with it; H2 signed,
	 * never reviewed, and 赵闰 leaves it */
	asof_do("2026-11-22", 1, SIGN, "H5", NULL);
	asof_do("2026-11-22", 0, SIGN, "H2", NULL);
	asof_do("2027-11-01", 1, RENEW, "C140826-2026-000001", NULL);
	asof_do("2027-11-02", 0, TERMINATE, "C140826-2026-000001", "2027-11-05");
	asof_do("2026-12-01", 0, LEAVE, "140826202002290616", "2027-03-01");
	for (i = 0; i < N(dates); i++) {
		fdss_contract_query q = FDSS_CONTRACT_QUERY_INIT;
		fdss_person_query pq = FDSS_PERSON_QUERY_INIT;
		struct asof_walk all, unsigned_people;

		memset(&all, 0, sizeof(all));
		all.ref = q.ref = pq.ref = d(dates[i]);
		for (s = FDSS_CONTRACT_PENDING, listed = 0;
		     s <= FDSS_CONTRACT_APPROVED; s++) {
			all.status = q.status = s;
			all.n = 0;
			cr_assert(eq(int, fdss_contract_list(adb, &q,
				     asof_listed, &all), FDSS_OK));
			listed += all.n;
		}
		/* each contract under exactly one status */
		cr_assert(eq(sz, listed, 3), "at %s", dates[i]);
		q.status = 0;
		all.n = 0;
		cr_assert(eq(int, fdss_contract_list(adb, &q, asof_members,
						     &all), FDSS_OK));
		/* the people not signed by the C rule ... */
		cr_assert(eq(int, fdss_person_list(adb, &pq, asof_person,
						   &all), FDSS_OK));
		/* ... are those --unsigned lists */
		memset(&unsigned_people, 0, sizeof(unsigned_people));
		pq.unsigned_only = 1;
		cr_assert(eq(int, fdss_person_list(adb, &pq, asof_person,
				&unsigned_people), FDSS_OK));
		cr_assert(eq(str, unsigned_people.ids, all.ids), "at %s",
			  dates[i]);
	}
}
