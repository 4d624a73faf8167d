#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <string.h>

#include <fdss/fdss.h>

static fdss_db *db;

static void open_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, &err), FDSS_OK),
		  "%s", err.msg);
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

static fdss_date ymd(int y, int m, int d)
{
	return fdss_date_from_ymd(y, m, d);
}

TestSuite(package, .init = open_db, .fini = close_db);

static int collect(const fdss_package *p, void *arg)
{
	strcat(arg, p->code);
	strcat(arg, " ");
	return 0;
}

Test(package, seeded_in_order)
{
	char buf[256] = "";
	fdss_package p;

	cr_assert(eq(int, fdss_package_list(db, collect, buf), FDSS_OK));
	cr_assert(eq(str, buf, "basic child maternal hypertension diabetes "
		     "copd pain elderly serious smi "));
	cr_assert(eq(int, fdss_package_get(db, "maternal", &p), FDSS_OK));
	cr_assert(eq(int, p.min_age, 15));
	cr_assert(eq(int, p.max_age, 49));
	cr_assert(eq(chr, p.sex, 'F'));
	cr_assert(eq(u32, p.condition, 0));
	cr_assert(eq(int, p.personalised, 1));
	cr_assert(eq(str, p.name_zh, "孕产妇健康服务包"));
	cr_assert(eq(int, fdss_package_get(db, "basic", &p), FDSS_OK));
	cr_assert(eq(int, p.min_age, -1));
	cr_assert(eq(int, p.personalised, 0));
	cr_assert(eq(int, fdss_package_get(db, "serious", &p), FDSS_OK));
	cr_assert(eq(u32, p.condition, FDSS_COND_CHRONIC));
	cr_assert(eq(int, fdss_package_get(db, "nope", &p), FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no package 'nope'"));
}

/* One eligibility case: package, person, expected answer and reason. */
struct elig {
	const char *package;
	char sex;
	int age;
	unsigned conditions;
	int ok;
	const char *why;
};

static const struct elig cases[] = {
	{ "basic", 'M', 0, 0, 1, "" },
	{ "basic", 'F', 101, 0, 1, "" },
	{ "child", 'M', 0, 0, 1, "" },
	{ "child", 'F', 6, 0, 1, "" },
	{ "child", 'M', 7, 0, 0, "package 'child' is for ages 0 to 6; 7 years old" },
	{ "child", 'M', 40, 0, 0, "package 'child' is for ages 0 to 6; 40 years old" },
	{ "child", 'M', -1, 0, 0, "package 'child' is for ages 0 to 6; not born yet" },
	{ "maternal", 'F', 15, 0, 1, "" },
	{ "maternal", 'F', 49, 0, 1, "" },
	{ "maternal", 'F', 50, 0, 0, "package 'maternal' is for ages 15 to 49; 50 years old" },
	{ "maternal", 'F', 14, 0, 0, "package 'maternal' is for ages 15 to 49; 14 years old" },
	{ "maternal", 'M', 30, 0, 0, "package 'maternal' is for women only; this person is a man" },
	{ "hypertension", 'M', 60, FDSS_COND_HYPERTENSION, 1, "" },
	{ "hypertension", 'M', 60, FDSS_COND_DIABETES, 0, "package 'hypertension' is for people with hypertension; none recorded" },
	{ "diabetes", 'F', 50, FDSS_COND_DIABETES | FDSS_COND_TB, 1, "" },
	{ "diabetes", 'F', 50, 0, 0, "package 'diabetes' is for people with diabetes; none recorded" },
	{ "copd", 'M', 70, FDSS_COND_COPD, 1, "" },
	{ "copd", 'M', 70, FDSS_COND_HYPERTENSION, 0, "package 'copd' is for people with copd; none recorded" },
	{ "pain", 'M', 40, 0, 1, "" },
	{ "pain", 'M', 39, 0, 0, "package 'pain' is for ages 40 and over; 39 years old" },
	{ "elderly", 'F', 65, 0, 1, "" },
	{ "elderly", 'F', 64, 0, 0, "package 'elderly' is for ages 65 and over; 64 years old" },
	{ "elderly", 'F', 1, 0, 0, "package 'elderly' is for ages 65 and over; 1 year old" },
	{ "serious", 'M', 30, FDSS_COND_TB, 1, "" },
	{ "serious", 'M', 30, FDSS_COND_CHRONIC, 1, "" },
	{ "serious", 'M', 30, 0, 0, "package 'serious' is for people with a chronic condition or serious illness; none recorded" },
	{ "smi", 'F', 30, FDSS_COND_SMI, 1, "" },
	{ "smi", 'F', 30, FDSS_COND_CHRONIC, 0, "package 'smi' is for people with smi; none recorded" },
};

Test(package, eligibility_table)
{
	char why[160];
	fdss_package p;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct elig *c = &cases[i];

		cr_assert(eq(int, fdss_package_get(db, c->package, &p),
			     FDSS_OK));
		strcpy(why, "unchanged");
		cr_assert(eq(int, fdss_package_eligible(&p, c->sex, c->age,
							c->conditions, why,
							sizeof(why)),
			     c->ok), "case %zu (%s, age %d)", i, c->package,
			  c->age);
		cr_assert(eq(str, why, (char *)c->why), "case %zu", i);
	}
	/* why may be NULL */
	cr_assert(eq(int, fdss_package_eligible(&p, 'M', 1, 0, NULL, 0), 0));
}

Test(package, set_changes_eligibility)
{
	fdss_package p;
	char why[160];

	cr_assert(eq(int, fdss_package_get(db, "child", &p), FDSS_OK));
	p.max_age = 7;
	p.sex = 'F';
	cr_assert(eq(int, fdss_package_set(db, &p, "trial"), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	cr_assert(eq(int, fdss_package_get(db, "child", &p), FDSS_OK));
	cr_assert(eq(int, p.max_age, 7));
	cr_assert(eq(int, fdss_package_eligible(&p, 'F', 7, 0, why,
						sizeof(why)), 1));
	p.min_age = -1;
	p.max_age = -1;
	p.sex = 0;
	p.condition = FDSS_COND_TB;
	cr_assert(eq(int, fdss_package_set(db, &p, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_package_get(db, "child", &p), FDSS_OK));
	cr_assert(eq(int, p.min_age, -1));
	cr_assert(eq(chr, p.sex, 0));
	cr_assert(eq(u32, p.condition, FDSS_COND_TB));
	p.min_age = 10;
	p.max_age = 9;
	cr_assert(eq(int, fdss_package_set(db, &p, NULL), FDSS_EINVAL));
	p.min_age = 151;
	p.max_age = -1;
	cr_assert(eq(int, fdss_package_set(db, &p, NULL), FDSS_EINVAL));
	p.min_age = 0;
	p.condition = FDSS_COND_TB | FDSS_COND_SMI;
	cr_assert(eq(int, fdss_package_set(db, &p, NULL), FDSS_EINVAL));
	p.condition = 0;
	p.sex = 'X';
	cr_assert(eq(int, fdss_package_set(db, &p, NULL), FDSS_EINVAL));
	strcpy(p.code, "nope");
	p.sex = 0;
	cr_assert(eq(int, fdss_package_set(db, &p, NULL), FDSS_ENOTFOUND));
}

TestSuite(yuan);

Test(yuan, parse)
{
	static const struct {
		const char *s;
		int rc;
		int64_t fen;
	} t[] = {
		{ "12", FDSS_OK, 1200 }, { "12.5", FDSS_OK, 1250 },
		{ "12.50", FDSS_OK, 1250 }, { "0", FDSS_OK, 0 },
		{ "0.05", FDSS_OK, 5 }, { "007", FDSS_OK, 700 },
		{ "999999999999.99", FDSS_OK, 99999999999999LL },
		{ "", FDSS_EINVAL, -1 }, { "-1", FDSS_EINVAL, -1 },
		{ "+1", FDSS_EINVAL, -1 }, { "1.234", FDSS_EINVAL, -1 },
		{ "1.", FDSS_EINVAL, -1 }, { ".5", FDSS_EINVAL, -1 },
		{ "1,5", FDSS_EINVAL, -1 }, { "12 ", FDSS_EINVAL, -1 },
		{ " 12", FDSS_EINVAL, -1 }, { "1e3", FDSS_EINVAL, -1 },
		{ "12元", FDSS_EINVAL, -1 }, { "1.5.0", FDSS_EINVAL, -1 },
		{ "1000000000000", FDSS_EINVAL, -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int64_t fen = -1;

		cr_assert(eq(int, fdss_yuan_parse(t[i].s, &fen), t[i].rc),
			  "'%s'", t[i].s);
		cr_assert(eq(i64, fen, t[i].fen), "'%s'", t[i].s);
	}
	cr_assert(eq(int, fdss_yuan_parse(NULL, &(int64_t){ 0 }), FDSS_EINVAL));
}

Test(yuan, format)
{
	char buf[FDSS_FEN_BUFSZ];

	cr_assert(eq(str, fdss_fen_format(buf, sizeof(buf), 3600), "36.00"));
	cr_assert(eq(str, fdss_fen_format(buf, sizeof(buf), 5), "0.05"));
	cr_assert(eq(str, fdss_fen_format(buf, sizeof(buf), -150), "-1.50"));
	cr_assert(eq(str, fdss_fen_format(buf, sizeof(buf), INT64_MIN),
		     "-92233720368547758.08"));
}

TestSuite(fee, .init = open_db, .fini = close_db);

static void set_fee(const char *package, const char *from, const char *area,
		    int64_t ph, int64_t ins, int64_t res, int subsidy)
{
	fdss_fee f;

	memset(&f, 0, sizeof(f));
	strcpy(f.package, package);
	strcpy(f.effective_from, from);
	strcpy(f.area_prefix, area);
	f.public_health = ph;
	f.insurance = ins;
	f.resident = res;
	f.poverty_subsidy = subsidy;
	cr_assert(eq(int, fdss_fee_set(db, &f, NULL, NULL), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
}

Test(fee, seed_000_default)
{
	fdss_fee f;

	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "140826100201",
					  ymd(2026, 11, 22), &f), FDSS_OK));
	cr_assert(eq(i64, f.public_health, 1200));
	cr_assert(eq(i64, f.insurance, 1200));
	cr_assert(eq(i64, f.resident, 1200));
	cr_assert(eq(i64, fdss_fee_total(&f), 3600));
	cr_assert(eq(int, f.poverty_subsidy, 1));
	cr_assert(eq(str, f.effective_from, "2016-01-01"));
	cr_assert(eq(str, f.area_prefix, ""));
	/* before the schedule starts, and personalised packages: no fee */
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "140826100201",
					  ymd(2015, 12, 31), &f),
		     FDSS_ENOTFOUND));
	cr_assert(eq(int, fdss_fee_lookup(db, "child", "140826100201",
					  ymd(2026, 11, 22), &f),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no fee for package "
		     "'child' in '140826100201' on 2026-11-22"));
}

Test(fee, most_specific_prefix_then_latest_date)
{
	fdss_fee f;

	set_fee("basic", "2020-01-01", "14", 1000, 1000, 1000, 0);
	set_fee("basic", "2024-01-01", "140826", 1500, 1250, 5, 1);
	set_fee("basic", "2026-01-01", "140826", 1600, 1300, 0, 0);
	set_fee("basic", "2025-01-01", "140826100", 1700, 1700, 1700, 0);
	set_fee("basic", "2027-01-01", "", 2000, 2000, 2000, 1);

	/* a village of the township with its own row */
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "140826100201",
					  ymd(2026, 6, 1), &f), FDSS_OK));
	cr_assert(eq(str, f.area_prefix, "140826100"));
	cr_assert(eq(i64, fdss_fee_total(&f), 5100));
	/* before the township row starts: the county row in force then */
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "140826100201",
					  ymd(2024, 12, 31), &f), FDSS_OK));
	cr_assert(eq(str, f.area_prefix, "140826"));
	cr_assert(eq(str, f.effective_from, "2024-01-01"));
	cr_assert(eq(i64, f.public_health, 1500));
	cr_assert(eq(i64, f.insurance, 1250));
	cr_assert(eq(i64, f.resident, 5));
	/* another township of the county: the latest county row */
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "140826101201",
					  ymd(2026, 1, 1), &f), FDSS_OK));
	cr_assert(eq(str, f.effective_from, "2026-01-01"));
	cr_assert(eq(i64, fdss_fee_total(&f), 2900));
	cr_assert(eq(int, f.poverty_subsidy, 0));
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "140826101201",
					  ymd(2025, 12, 31), &f), FDSS_OK));
	cr_assert(eq(str, f.effective_from, "2024-01-01"));
	/* another county of the province: the province row */
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "140821100201",
					  ymd(2026, 1, 1), &f), FDSS_OK));
	cr_assert(eq(str, f.area_prefix, "14"));
	cr_assert(eq(i64, fdss_fee_total(&f), 3000));
	/* another province: nationwide, seed then the 2027 row */
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "110105001001",
					  ymd(2026, 12, 31), &f), FDSS_OK));
	cr_assert(eq(i64, fdss_fee_total(&f), 3600));
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "110105001001",
					  ymd(2027, 1, 1), &f), FDSS_OK));
	cr_assert(eq(i64, fdss_fee_total(&f), 6000));
	/* no village: nationwide only */
	cr_assert(eq(int, fdss_fee_lookup(db, "basic", NULL, ymd(2026, 1, 1),
					  &f), FDSS_OK));
	cr_assert(eq(str, f.area_prefix, ""));
}

static int count_fee(const fdss_fee *f, void *arg)
{
	(void)f;
	++*(int *)arg;
	return 0;
}

Test(fee, set_replaces_and_checks)
{
	fdss_fee f;
	int n = 0, replaced = -1;

	set_fee("child", "2026-01-01", "", 500, 300, 200, 0);
	memset(&f, 0, sizeof(f));
	strcpy(f.package, "child");
	strcpy(f.effective_from, "2026-01-01");
	f.resident = 100;
	cr_assert(eq(int, fdss_fee_set(db, &f, "typo", &replaced), FDSS_OK));
	cr_assert(eq(int, replaced, 1));
	cr_assert(eq(int, fdss_fee_lookup(db, "child", "1408", ymd(2026, 1, 1),
					  &f), FDSS_OK));
	cr_assert(eq(i64, fdss_fee_total(&f), 100));
	cr_assert(eq(int, fdss_fee_list(db, "child", count_fee, &n), FDSS_OK));
	cr_assert(eq(int, n, 1));
	n = 0;
	cr_assert(eq(int, fdss_fee_list(db, NULL, count_fee, &n), FDSS_OK));
	cr_assert(eq(int, n, 2));
	cr_assert(eq(int, fdss_fee_list(db, "nope", count_fee, &n),
		     FDSS_ENOTFOUND));

	strcpy(f.effective_from, "2026-02-30");
	cr_assert(eq(int, fdss_fee_set(db, &f, NULL, NULL), FDSS_EINVAL));
	strcpy(f.effective_from, "2026-02-28");
	strcpy(f.area_prefix, "140");
	cr_assert(eq(int, fdss_fee_set(db, &f, NULL, NULL), FDSS_EINVAL));
	strcpy(f.area_prefix, "");
	f.insurance = -1;
	cr_assert(eq(int, fdss_fee_set(db, &f, NULL, NULL), FDSS_EINVAL));
	f.insurance = 0;
	strcpy(f.package, "nope");
	cr_assert(eq(int, fdss_fee_set(db, &f, NULL, NULL), FDSS_ENOTFOUND));
}

Test(fee, record)
{
	fdss_fee f;
	cJSON *rec;
	char *s;

	cr_assert(eq(int, fdss_fee_lookup(db, "basic", "", ymd(2026, 1, 1), &f),
		     FDSS_OK));
	rec = fdss_fee_to_json(&f);
	s = cJSON_PrintUnformatted(rec);
	cr_assert(eq(str, s, "{\"type\":\"fee\",\"package\":\"basic\","
		     "\"effective_from\":\"2016-01-01\",\"area_prefix\":\"\","
		     "\"public_health_fen\":1200,\"insurance_fen\":1200,"
		     "\"resident_fen\":1200,\"total_fen\":3600,"
		     "\"poverty_subsidy\":true}"));
	cJSON_free(s);
	cJSON_Delete(rec);
}
