#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"


/* The people of the seed by the names its comment gives them. */
#define P1 "140826196111220117"
#define P2 "140826196111230227"
#define P3 "140826201911220311"
#define P4 "140826201911230421"
#define P5 "140826195002280511"
#define P6 "140826202002290616"
#define P7 "140826199005050728"
#define P8 "140826195803010829"
#define P9 "140826198507070919"
#define P10 "140821194001011014"
#define P11 "140826199506151121"

static fdss_db *db;

static fdss_date ymd(int y, int m, int d)
{
	return fdss_date_from_ymd(y, m, d);
}

/* The tests' reference date, as in the seed's comment. */
static fdss_date ref_date(void)
{
	return ymd(2026, 11, 22);
}

static void open_db(void)
{
	db = seed_db(SEED);
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

TestSuite(person, .init = open_db, .fini = close_db);
TestSuite(person_rules);

/* ---- names and rules ------------------------------------------------- */

Test(person_rules, names_round_trip)
{
	unsigned bit;
	int n = 0;
	char buf[256];

	for (bit = 1; fdss_group_name(bit); bit <<= 1, n++)
		cr_assert(eq(u32, fdss_group_parse(fdss_group_name(bit)), bit));
	cr_assert(eq(int, n, 12));
	for (bit = 1, n = 0; fdss_condition_name(bit); bit <<= 1, n++)
		cr_assert(eq(u32, fdss_condition_parse(
				     fdss_condition_name(bit)), bit));
	cr_assert(eq(int, n, 6));
	cr_assert(eq(u32, fdss_group_parse("elder"), 0));
	cr_assert(eq(u32, fdss_group_parse(NULL), 0));
	cr_assert(fdss_group_name(FDSS_GROUP_ELDERLY | FDSS_GROUP_CHILD) ==
		  NULL);
	cr_assert(eq(str, (char *)fdss_group_name(FDSS_GROUP_SMI), "smi"));
	cr_assert(eq(str, fdss_group_names(buf, sizeof(buf)),
		     "elderly, child, disabled, chronic, poverty, priority, "
		     "hypertension, diabetes, tb, smi, low_income or "
		     "special_family"));
}

/*
 * For every reference day of 2015–2029 and every age that matters, the
 * cutoff is exactly the boundary: born on it, old enough; born the day
 * after, not.  With the age falling as the birth date rises, that is
 * "age >= years ⟺ birth <= cutoff".
 */
Test(person_rules, cutoff_sweep)
{
	static const int years[] = { 0, 1, 6, 7, 18, 60, 64, 65, 100 };
	fdss_date ref, last = ymd(2029, 12, 31);
	size_t i;
	long checked = 0;

	for (ref = ymd(2015, 1, 1); ref <= last; ref++) {
		for (i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
			fdss_date c = fdss_age_cutoff(ref, years[i]);

			cr_assert(fdss_date_age(c, ref) >= years[i],
				  "ref %d years %d", ref, years[i]);
			cr_assert(fdss_date_age(c + 1, ref) < years[i],
				  "ref %d years %d", ref, years[i]);
			checked++;
		}
	}
	cr_assert(eq(long, checked, 5479L * 9));
}

/* Every birth date of four years against the cutoff, around 29 Feb. */
Test(person_rules, cutoff_brute_force_around_leap_days)
{
	static const int refs[][3] = {
		{ 2024, 2, 28 }, { 2024, 2, 29 }, { 2024, 3, 1 },
		{ 2025, 2, 28 }, { 2025, 3, 1 }, { 2026, 11, 22 },
		{ 2028, 2, 29 }, { 2100, 2, 28 }, { 2100, 3, 1 }
	};
	size_t i;

	for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		fdss_date ref = ymd(refs[i][0], refs[i][1], refs[i][2]);
		fdss_date c = fdss_age_cutoff(ref, 65), b;

		for (b = c - 2 * 366; b <= c + 2 * 366; b++)
			cr_assert(eq(int, fdss_date_age(b, ref) >= 65, b <= c),
				  "ref %zu birth %d", i, b);
	}
	/* Those born 29 February 1960 turn 65 on 1 March 2025. */
	cr_assert(eq(int, fdss_age_cutoff(ymd(2025, 2, 28), 65),
		     ymd(1960, 2, 28)));
	cr_assert(eq(int, fdss_age_cutoff(ymd(2025, 3, 1), 65),
		     ymd(1960, 3, 1)));
	/* On 29 February 2024, those born on 28 February 1959 are 65. */
	cr_assert(eq(int, fdss_age_cutoff(ymd(2024, 2, 29), 65),
		     ymd(1959, 2, 28)));
}

static unsigned groups_of(const char *birth, fdss_date ref)
{
	fdss_person p;

	memset(&p, 0, sizeof(p));
	cr_assert(eq(int, fdss_date_parse(&p.birth_date, birth, NULL),
		     FDSS_OK));
	return fdss_person_groups(&p, ref);
}

Test(person_rules, age_groups_on_birthdays)
{
	const unsigned E = FDSS_GROUP_ELDERLY | FDSS_GROUP_PRIORITY;
	const unsigned C = FDSS_GROUP_CHILD | FDSS_GROUP_PRIORITY;

	/* The 65th birthday makes elderly, the day before does not. */
	cr_assert(eq(u32, groups_of("1961-11-22", ymd(2026, 11, 21)), 0));
	cr_assert(eq(u32, groups_of("1961-11-22", ymd(2026, 11, 22)), E));
	/* The 7th birthday ends childhood; 0 to 6 inclusive. */
	cr_assert(eq(u32, groups_of("2019-11-22", ymd(2026, 11, 21)), C));
	cr_assert(eq(u32, groups_of("2019-11-22", ymd(2026, 11, 22)), 0));
	cr_assert(eq(u32, groups_of("2026-11-22", ymd(2026, 11, 22)), C));
	/* Not born yet: no age group. */
	cr_assert(eq(u32, groups_of("2026-11-23", ymd(2026, 11, 22)), 0));
	/* 29 February: the birthday is 1 March in common years. */
	cr_assert(eq(u32, groups_of("2020-02-29", ymd(2027, 2, 28)), C));
	cr_assert(eq(u32, groups_of("2020-02-29", ymd(2027, 3, 1)), 0));
	cr_assert(eq(u32, groups_of("2020-02-29", ymd(2028, 2, 28)), 0));
	cr_assert(eq(u32, groups_of("1960-02-29", ymd(2025, 2, 28)), 0));
	cr_assert(eq(u32, groups_of("1960-02-29", ymd(2025, 3, 1)), E));
	cr_assert(eq(u32, groups_of("1960-02-29", ymd(2024, 2, 28)), 0));
	cr_assert(eq(u32, groups_of("1959-02-28", ymd(2024, 2, 29)), E));
}

/* Elderly from p->elderly_age, the rule elderly.min_age as listed. */
Test(person_rules, elderly_from_the_rule)
{
	fdss_person p;
	fdss_date ref = ymd(2026, 11, 22);

	memset(&p, 0, sizeof(p));
	p.birth_date = ymd(1960, 11, 22);	/* 66 */
	cr_assert(eq(u32, fdss_person_groups(&p, ref) & FDSS_GROUP_ELDERLY,
		     FDSS_GROUP_ELDERLY), "0 is FDSS_ELDERLY_AGE");
	p.elderly_age = 70;
	cr_assert(eq(u32, fdss_person_groups(&p, ref), 0));
	p.elderly_age = 66;
	cr_assert(eq(u32, fdss_person_groups(&p, ref),
		     FDSS_GROUP_ELDERLY | FDSS_GROUP_PRIORITY));
}

/* The listing fills elderly_age from the rule: filter and record agree. */
static int listed_groups(const fdss_person *p, void *arg)
{
	unsigned *g = arg;

	*g |= fdss_person_groups(p, ymd(2026, 11, 22));
	return 0;
}

Test(person_rules, listing_follows_elderly_min_age)
{
	fdss_db *d = seed_db(SEED);
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	unsigned g = 0;

	/* H1: 王建国 65 on the reference date, the others younger */
	q.ref = ymd(2026, 11, 22);
	q.household_no = "H1";
	q.groups = FDSS_GROUP_ELDERLY;
	cr_assert(eq(int, fdss_person_list(d, &q, listed_groups, &g),
		     FDSS_OK));
	cr_assert(eq(u32, g & FDSS_GROUP_ELDERLY, FDSS_GROUP_ELDERLY));
	cr_assert(eq(int, fdss_rules_set(d, "elderly", "min_age", "66", NULL),
		     FDSS_OK));
	g = 0;
	cr_assert(eq(int, fdss_person_list(d, &q, listed_groups, &g),
		     FDSS_OK));
	cr_assert(eq(u32, g, 0), "nobody listed as elderly");
	q.groups = 0;
	cr_assert(eq(int, fdss_person_list(d, &q, listed_groups, &g),
		     FDSS_OK));
	cr_assert(eq(u32, g & FDSS_GROUP_ELDERLY, 0),
		  "the record's groups follow the rule too");
	fdss_db_close(d);
}

Test(person_rules, asserted_groups_and_priority)
{
	fdss_person p;
	fdss_date ref = ymd(2026, 11, 22);

	memset(&p, 0, sizeof(p));
	p.birth_date = ymd(1990, 1, 1);
	cr_assert(eq(u32, fdss_person_groups(&p, ref), 0));
	p.conditions = FDSS_COND_COPD;
	cr_assert(eq(u32, fdss_person_groups(&p, ref), FDSS_GROUP_CHRONIC),
		  "COPD is chronic but not a priority group");
	p.conditions = FDSS_COND_CHRONIC | FDSS_COND_DIABETES;
	cr_assert(eq(u32, fdss_person_groups(&p, ref),
		     FDSS_GROUP_CHRONIC | FDSS_GROUP_DIABETES |
		     FDSS_GROUP_PRIORITY));
	p.conditions = FDSS_COND_TB | FDSS_COND_SMI | FDSS_COND_HYPERTENSION;
	cr_assert(eq(u32, fdss_person_groups(&p, ref),
		     FDSS_GROUP_CHRONIC | FDSS_GROUP_TB | FDSS_GROUP_SMI |
		     FDSS_GROUP_HYPERTENSION | FDSS_GROUP_PRIORITY));
	p.conditions = 0;
	p.disabled = p.poverty = p.low_income = p.special_family = 1;
	cr_assert(eq(u32, fdss_person_groups(&p, ref),
		     FDSS_GROUP_DISABLED | FDSS_GROUP_POVERTY |
		     FDSS_GROUP_LOW_INCOME | FDSS_GROUP_SPECIAL_FAMILY |
		     FDSS_GROUP_PRIORITY));
	p.disabled = p.poverty = p.low_income = 0;
	cr_assert(eq(u32, fdss_person_groups(&p, ref),
		     FDSS_GROUP_SPECIAL_FAMILY | FDSS_GROUP_PRIORITY));
}

/* ---- records --------------------------------------------------------- */

static char printed[4096];

/* The record as cJSON prints it; the text writer must agree. */
static int print_person(const fdss_person *p, void *arg)
{
	cJSON *rec = fdss_person_to_json(p, *(fdss_date *)arg);
	char *s = cJSON_PrintUnformatted(rec);
	fdss_jbuf b = FDSS_JBUF_INIT;

	cr_assert(s != NULL);
	cr_assert(eq(int, fdss_person_json(&b, p, *(fdss_date *)arg), FDSS_OK));
	cr_assert(eq(str, b.s, s));
	snprintf(printed, sizeof(printed), "%s", s);
	fdss_jbuf_release(&b);
	cJSON_free(s);
	cJSON_Delete(rec);
	return 0;
}

Test(person, person_record_exact)
{
	fdss_date ref = ref_date();

	cr_assert(eq(int, fdss_person_get(db, P1, print_person, &ref),
		     FDSS_OK));
	cr_assert(eq(str, printed,
		"{\"type\":\"person\",\"id_number\":\"140826196111220117\","
		"\"name\":\"王建国\",\"sex\":\"M\",\"birth_date\":\"1961-11-22\","
		"\"age\":65,\"household_no\":\"H1\","
		"\"village_code\":\"140826100201\",\"relation\":\"户主\","
		"\"person_no\":\"R01\",\"ethnicity\":\"汉族\","
		"\"education\":\"初中\",\"health\":\"长期慢性病\","
		"\"phone\":\"13800000001\",\"health_record_no\":null,"
		"\"insurance_no\":null,\"disabled\":false,"
		"\"serious_illness\":false,\"special_family\":false,"
		"\"poverty\":true,\"poverty_attr\":\"一般贫困户\","
		"\"poverty_exit_year\":2020,\"low_income\":false,"
		"\"status\":\"active\",\"status_date\":null,"
		"\"status_reason\":null,\"conditions\":[\"hypertension\"],"
		"\"groups\":[\"elderly\",\"chronic\",\"poverty\",\"priority\","
		"\"hypertension\"],\"extra\":{\"组别\":\"一组\"},\"batch\":1}"));
}

Test(person, moved_person_record_and_lower_case_x)
{
	fdss_date ref = ref_date();

	cr_assert(eq(int, fdss_person_get(db, P7, print_person, &ref),
		     FDSS_OK));
	cr_assert(strstr(printed, "\"status\":\"moved\",\"status_date\":"
			 "\"2026-06-01\",\"status_reason\":\"外出务工落户\","
			 "\"conditions\":[],\"groups\":[],\"extra\":{},"
			 "\"batch\":1}") != NULL, "%s", printed);
	cr_assert(eq(int, fdss_person_get(db, "11010519491231002x",
					  print_person, &ref),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "no person with ID number '11010519491231002X'"));
}

static int print_household(const fdss_household *h, void *arg)
{
	cJSON *rec = fdss_household_to_json(h);
	char *s = cJSON_PrintUnformatted(rec);

	(void)arg;
	cr_assert(s != NULL);
	snprintf(printed, sizeof(printed), "%s", s);
	cJSON_free(s);
	cJSON_Delete(rec);
	return 0;
}

Test(person, household_records_exact)
{
	cr_assert(eq(int, fdss_household_get(db, "H1", print_household, NULL),
		     FDSS_OK));
	cr_assert(eq(str, printed,
		"{\"type\":\"household\",\"household_no\":\"H1\","
		"\"village_code\":\"140826100201\","
		"\"village_path\":\"山西省 / 运城市 / 绛县 / 古绛镇 / 城关村\","
		"\"address\":\"城关村一组 3 号\",\"phone\":\"13800000001\","
		"\"poverty_attr\":\"一般贫困户\",\"head_name\":\"王建国\","
		"\"head_id_number\":\"140826196111220117\",\"members\":4,"
		"\"batch\":1}"));
	/* The moved daughter is not counted. */
	cr_assert(eq(int, fdss_household_get(db, "H2", print_household, NULL),
		     FDSS_OK));
	cr_assert(strstr(printed, "\"head_name\":\"赵福\","
			 "\"head_id_number\":\"140826195002280511\","
			 "\"members\":2,\"batch\":1}") != NULL, "%s", printed);
	cr_assert(eq(int, fdss_household_get(db, "H9", print_household, NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no household 'H9'"));
}

/* ---- listing --------------------------------------------------------- */

/* What a listing returned: how many, and their keys joined by spaces. */
struct seen {
	int n;
	char keys[1024];
};

static int see_person(const fdss_person *p, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->keys);

	snprintf(s->keys + len, sizeof(s->keys) - len, "%s%s",
		 len ? " " : "", p->id_number);
	s->n++;
	return 0;
}

static int see_household(const fdss_household *h, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->keys);

	snprintf(s->keys + len, sizeof(s->keys) - len, "%s%s",
		 len ? " " : "", h->household_no);
	s->n++;
	return 0;
}

static struct seen people(const fdss_person_query *q)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	cr_assert(eq(int, fdss_person_list(db, q, see_person, &s), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	return s;
}

static struct seen households(const fdss_person_query *q)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	cr_assert(eq(int, fdss_household_list(db, q, see_household, &s),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	return s;
}

static fdss_person_query query(void)
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;

	q.ref = ref_date();
	return q;
}

Test(person, list_all_in_household_order)
{
	fdss_person_query q = query();

	cr_assert(eq(str, people(&q).keys,
		     P1 " " P2 " " P3 " " P4 " " P5 " " P6 " " P8 " " P9
		     " " P10 " " P11));
	q.status = "all";
	cr_assert(eq(int, people(&q).n, 11));
	q.status = "moved";
	cr_assert(eq(str, people(&q).keys, P7));
	q.status = "gone";
	cr_assert(eq(int, fdss_person_list(db, &q, see_person, NULL),
		     FDSS_EINVAL));
}

Test(person, list_by_area_at_every_level)
{
	static const struct {
		const char *code;
		int people, households;
	} areas[] = {
		{ "14", 10, 5 }, { "1408", 10, 5 }, { "140826", 9, 4 },
		{ "140826100", 7, 3 }, { "140826101", 2, 1 },
		{ "140826100201", 5, 2 }, { "140826100202", 2, 1 },
		{ "140821", 1, 1 }, { "140821100201", 1, 1 },
	};
	static const char filler[] =
		"INSERT INTO area VALUES ('450102001001', '某村', 'village',"
		" '450102001');"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
		" SELECT i + 1 FROM n WHERE i < 60)"
		" INSERT INTO household (household_no, village_code)"
		" SELECT 'X' || i, '450102001001' FROM n";
	fdss_person_query q = query();
	size_t i;
	int pass;

	/*
	 * Twice: a large area is read in household order, a small one
	 * through the area index; 60 households without people elsewhere
	 * make every area small the second time.
	 */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
			q.area = areas[i].code;
			cr_assert(eq(int, people(&q).n, areas[i].people),
				  "%s, pass %d", areas[i].code, pass);
			cr_assert(eq(int, households(&q).n,
				     areas[i].households),
				  "%s, pass %d", areas[i].code, pass);
		}
		if (pass == 0)
			cr_assert(eq(int, fdss_db_exec(db, filler), FDSS_OK),
				  "%s", fdss_db_errmsg(db));
	}
	q.area = "140826100202";
	cr_assert(eq(str, people(&q).keys, P5 " " P6));
	q.area = "15";
	cr_assert(eq(int, fdss_person_list(db, &q, see_person, NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "area '15': no such area (load it with 'fdss area import')"));
	q.area = "1408261";
	cr_assert(eq(int, fdss_person_list(db, &q, see_person, NULL),
		     FDSS_EINVAL));
}

Test(person, list_by_group)
{
	static const struct {
		unsigned groups;
		const char *keys;
	} cases[] = {
		{ FDSS_GROUP_ELDERLY, P1 " " P5 " " P8 " " P10 },
		{ FDSS_GROUP_CHILD, P4 " " P6 },
		{ FDSS_GROUP_DISABLED, P5 },
		{ FDSS_GROUP_CHRONIC, P1 " " P8 " " P9 " " P10 },
		{ FDSS_GROUP_POVERTY, P1 " " P2 },
		{ FDSS_GROUP_LOW_INCOME, P6 },
		{ FDSS_GROUP_SPECIAL_FAMILY, P8 },
		{ FDSS_GROUP_HYPERTENSION, P1 },
		{ FDSS_GROUP_DIABETES, "" },
		{ FDSS_GROUP_TB, P8 },
		{ FDSS_GROUP_SMI, P9 },
		{ FDSS_GROUP_PRIORITY, P1 " " P2 " " P4 " " P5 " " P6 " " P8
		  " " P9 " " P10 },
		{ FDSS_GROUP_ELDERLY | FDSS_GROUP_CHILD,
		  P1 " " P4 " " P5 " " P6 " " P8 " " P10 },
	};
	fdss_person_query q = query();
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		q.groups = cases[i].groups;
		cr_assert(eq(str, people(&q).keys, (char *)cases[i].keys),
			  "groups %#x", cases[i].groups);
	}
	/* A day later P2 is 65 and P4 is 7. */
	q.ref = ymd(2026, 11, 23);
	q.groups = FDSS_GROUP_ELDERLY;
	cr_assert(eq(str, people(&q).keys, P1 " " P2 " " P5 " " P8 " " P10));
	q.groups = FDSS_GROUP_CHILD;
	cr_assert(eq(str, people(&q).keys, P6));
	/* P6, born 29 Feb 2020, is 6 until 1 March 2027. */
	q.ref = ymd(2027, 2, 28);
	cr_assert(eq(str, people(&q).keys, P6));
	q.ref = ymd(2027, 3, 1);
	cr_assert(eq(str, people(&q).keys, ""));
}

Test(person, list_by_poverty_batch_household_and_combined)
{
	fdss_person_query q = query();

	q.poverty = 1;
	cr_assert(eq(str, people(&q).keys, P1 " " P2));
	q.groups = FDSS_GROUP_ELDERLY;
	cr_assert(eq(str, people(&q).keys, P1));
	q = query();
	q.batch = 1;
	cr_assert(eq(str, people(&q).keys,
		     P1 " " P2 " " P3 " " P4 " " P5 " " P6 " " P11));
	q.batch = 2;
	cr_assert(eq(str, people(&q).keys, P8 " " P9 " " P10));
	q.area = "140826";
	cr_assert(eq(str, people(&q).keys, P8 " " P9));
	q.batch = 3;
	cr_assert(eq(int, fdss_person_list(db, &q, see_person, NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no import batch 3"));
	q = query();
	q.household_no = "H2";
	cr_assert(eq(str, people(&q).keys, P5 " " P6));
	q.status = "all";
	cr_assert(eq(str, people(&q).keys, P5 " " P7 " " P6));
	q.groups = FDSS_GROUP_CHILD;
	cr_assert(eq(str, people(&q).keys, P6));
	q.area = "140826101";
	cr_assert(eq(str, people(&q).keys, ""));
	q = query();
	q.household_no = "H9";
	cr_assert(eq(int, fdss_person_list(db, &q, see_person, NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "no household 'H9'"));
}

Test(person, households_by_filter)
{
	fdss_person_query q = query();

	cr_assert(eq(str, households(&q).keys, "H1 H2 H3 H4 H5"));
	q.area = "140826100";
	cr_assert(eq(str, households(&q).keys, "H1 H2 H5"));
	q.area = "140826100201";
	cr_assert(eq(str, households(&q).keys, "H1 H5"));
	q = query();
	q.batch = 1;
	cr_assert(eq(str, households(&q).keys, "H1 H2 H5"));
	q.batch = 2;	/* H5 itself changed in batch 2, its member did not */
	cr_assert(eq(str, households(&q).keys, "H3 H4 H5"));
	q = query();
	q.groups = FDSS_GROUP_ELDERLY;
	cr_assert(eq(str, households(&q).keys, "H1 H2 H3 H4"));
	q.groups = FDSS_GROUP_CHILD;
	cr_assert(eq(str, households(&q).keys, "H1 H2"));
	q.groups = FDSS_GROUP_SMI;
	cr_assert(eq(str, households(&q).keys, "H3"));
	q.groups = 0;
	q.poverty = 1;
	cr_assert(eq(str, households(&q).keys, "H1"));
}

/* A person's groups as fdss_person_groups() gives them, by ID number. */
struct all_groups {
	char id[16][FDSS_ID_BUFSZ];
	unsigned groups[16];
	int n;
	fdss_date ref;
};

static int collect_groups(const fdss_person *p, void *arg)
{
	struct all_groups *a = arg;

	cr_assert(a->n < 16);
	snprintf(a->id[a->n], sizeof(a->id[0]), "%s", p->id_number);
	a->groups[a->n++] = fdss_person_groups(p, a->ref);
	return 0;
}

/* The SQL filters agree with the C rules on every day of two years. */
Test(person, sql_groups_match_the_rules)
{
	fdss_person_query q = query();
	struct all_groups a;
	fdss_date ref;
	unsigned bit;
	int i;

	q.status = "all";
	for (ref = ymd(2026, 1, 1); ref < ymd(2028, 1, 1); ref += 3) {
		memset(&a, 0, sizeof(a));
		a.ref = q.ref = ref;
		q.groups = 0;
		cr_assert(eq(int, fdss_person_list(db, &q, collect_groups, &a),
			     FDSS_OK));
		for (bit = 1; fdss_group_name(bit); bit <<= 1) {
			char want[1024] = "";

			for (i = 0; i < a.n; i++)
				if (a.groups[i] & bit)
					snprintf(want + strlen(want),
						 sizeof(want) - strlen(want),
						 "%s%s", *want ? " " : "",
						 a.id[i]);
			q.groups = bit;
			cr_assert(eq(str, people(&q).keys, want),
				  "group %s at day %d", fdss_group_name(bit),
				  ref);
		}
	}
}

static int stop_early(const fdss_person *p, void *arg)
{
	(void)p;
	return ++*(int *)arg == 2 ? 42 : 0;
}

Test(person, callback_stops_the_walk)
{
	fdss_person_query q = query();
	int n = 0;

	cr_assert(eq(int, fdss_person_list(db, &q, stop_early, &n), 42));
	cr_assert(eq(int, n, 2));
	/* The statement was reset: the next walk starts from the top. */
	cr_assert(eq(int, people(&q).n, 10));
}
