#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <string.h>

#include <fdss/fdss.h>

/*
 * A small county at 2026-11-22 (management year from January):
 *   P1 born 1960, hypertension; visits 03-01, 06-01, 09-01 (next 11-30);
 *      signed with team T01 (王医生)
 *   P2 diabetes diagnosed 2026-11-01, no visit; referral 11-10 (any)
 *   P3 tb notified 2026-11-20, no visit
 *   P4 smi, diagnosis date unknown, no visit
 *   P5 hypertension since 2015; visits 2025-11-15, 2025-12-20, 2026-09-01
 *   P6 hypertension since 2026-10-01; referral 11-01 met by a visit 11-15
 *   P7 hypertension ended, no visit
 */
static fdss_db *db;

static const char seed[] =
	"INSERT INTO area VALUES"
	" ('140826100', '古绛镇', 'township', '140826'),"
	" ('140826100201', '城关村', 'village', '140826100'),"
	" ('140826100202', '东关村', 'village', '140826100');"
	"INSERT INTO household (household_no, village_code) VALUES"
	" ('H1', '140826100201'), ('H2', '140826100202');"
	"INSERT INTO person (id_number, name, sex, birth_date, household_no,"
	" relation) VALUES"
	" ('P1', '张一', 'M', '1960-05-01', 'H1', '户主'),"
	" ('P2', '张二', 'F', '1980-01-01', 'H1', '配偶'),"
	" ('P3', '李三', 'M', '1970-01-01', 'H2', '户主'),"
	" ('P4', '李四', 'F', '1975-01-01', 'H2', '配偶'),"
	" ('P5', '王五', 'M', '1970-06-01', 'H2', '之子'),"
	" ('P6', '王六', 'M', '1971-06-01', 'H2', '之子'),"
	" ('P7', '王七', 'M', '1972-06-01', 'H2', '之子');"
	"INSERT INTO condition (id_number, kind, since, status) VALUES"
	" ('P1', 'hypertension', '2020-01-01', 'active'),"
	" ('P2', 'diabetes', '2026-11-01', 'active'),"
	" ('P3', 'tb', '2026-11-20', 'active'),"
	" ('P4', 'smi', NULL, 'active'),"
	" ('P5', 'hypertension', '2015-03-01', 'active'),"
	" ('P6', 'hypertension', '2026-10-01', 'active'),"
	" ('P7', 'hypertension', NULL, 'ended');"
	"INSERT INTO followup (id_number, program, visit_date, mode,"
	" classification, next_due, action, latest, recorded) VALUES"
	" ('P1', 'hypertension', '2026-03-01', 'clinic', 'controlled',"
	"  '2026-05-30', '', 0, ''),"
	" ('P1', 'hypertension', '2026-06-01', 'clinic', 'controlled',"
	"  '2026-08-30', '', 0, ''),"
	" ('P1', 'hypertension', '2026-09-01', 'clinic', 'controlled',"
	"  '2026-11-30', '', 1, ''),"
	" ('P5', 'hypertension', '2025-11-15', 'clinic', 'controlled',"
	"  '2026-02-13', '', 0, ''),"
	" ('P5', 'hypertension', '2025-12-20', 'clinic', 'controlled',"
	"  '2026-03-20', '', 0, ''),"
	" ('P5', 'hypertension', '2026-09-01', 'clinic', 'controlled',"
	"  '2026-11-30', '', 1, ''),"
	" ('P6', 'hypertension', '2026-11-15', 'clinic', 'controlled',"
	"  '2027-02-13', '', 1, '');"
	"INSERT INTO referral (id_number, program, referral_date, due_date)"
	" VALUES ('P2', NULL, '2026-11-10', '2026-11-24'),"
	" ('P6', 'hypertension', '2026-11-01', '2026-11-15');"
	"INSERT INTO team (code, name, institution, created) VALUES"
	" ('T01', '城关团队', '城关卫生院', '2026-01-01');"
	"INSERT INTO contract (id, number, household_no, team_code, doctor,"
	" start_date, end_date, years, status, created) VALUES"
	" (1, 'C2026-000001', 'H1', 'T01', '王医生', '2026-01-01',"
	"  '2026-12-31', 1, 'active', '');"
	"INSERT INTO contract_member (contract_id, id_number)"
	" VALUES (1, 'P1');";

static void open_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, &err), FDSS_OK),
		  "%s", err.msg);
	cr_assert(eq(int, fdss_db_exec(db, seed), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

/* The rows as "ID program due_date days reason [doctor team]" lines. */
static int collect(const fdss_due *d, void *arg)
{
	char *buf = arg, due[FDSS_DATE_BUFSZ], line[256];

	snprintf(line, sizeof(line), "%s %s %s %d %s%s%s%s%s\n", d->id_number,
		 d->program, fdss_date_format(due, d->due_date),
		 d->days_overdue, d->reason, d->doctor ? " " : "",
		 d->doctor ? d->doctor : "", d->team ? " " : "",
		 d->team ? d->team : "");
	strncat(buf, line, 4095 - strlen(buf));
	return 0;
}

static const char *due(const char *ref, int within, const char *program,
		       const char *team, const char *area)
{
	static char buf[4096];
	fdss_due_query q = FDSS_DUE_QUERY_INIT;

	cr_assert(eq(int, fdss_date_parse(&q.ref, ref, NULL), FDSS_OK));
	q.within = within;
	q.program = program;
	q.team = team;
	q.area = area;
	buf[0] = '\0';
	cr_assert(eq(int, fdss_followup_due(db, &q, collect, buf), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	return buf;
}

TestSuite(due, .init = open_db, .fini = close_db);

Test(due, on_the_day)
{
	cr_assert(eq(str, (char *)due("2026-11-22", 0, NULL, NULL, NULL),
		"P4 smi 2026-01-01 325 first visit after diagnosis "
		"(date unknown)\n"
		"P5 hypertension 2026-06-30 145 yearly minimum not met: 1 of 4 "
		"visits\n"
		"P2 diabetes 2026-11-01 21 first visit after diagnosis on "
		"2026-11-01\n"));
}

Test(due, within_days)
{
	cr_assert(eq(str, (char *)due("2026-11-22", 8, NULL, NULL, NULL),
		"P4 smi 2026-01-01 325 first visit after diagnosis "
		"(date unknown)\n"
		"P5 hypertension 2026-06-30 145 yearly minimum not met: 1 of 4 "
		"visits\n"
		"P2 diabetes 2026-11-01 21 first visit after diagnosis on "
		"2026-11-01\n"
		"P3 tb 2026-11-23 -1 tb first home visit within 72 hours of "
		"notification on 2026-11-20\n"
		"P2 referral 2026-11-24 -2 referral of 2026-11-10: follow-up "
		"due by 2026-11-24\n"
		"P1 hypertension 2026-11-30 -8 next due from the visit of "
		"2026-09-01 王医生 T01\n"));
}

Test(due, elderly_yearly_check_falls_due_at_the_year_end)
{
	cr_assert(eq(str, (char *)due("2026-11-22", 40, "elderly", NULL, NULL),
		"P1 elderly 2026-12-31 -39 yearly minimum not met: 0 of 1 "
		"visits 王医生 T01\n"));
	cr_assert(eq(str, (char *)due("2026-11-22", 38, "elderly", NULL,
				      NULL), ""));
}

Test(due, management_year_boundary)
{
	/* From December, both December visits count. */
	cr_assert(eq(int, fdss_db_exec(db, "UPDATE rule SET value = '12'"
				       " WHERE program = 'general'"), FDSS_OK));
	cr_assert(eq(str, (char *)due("2026-11-22", 0, "hypertension", NULL,
				      NULL),
		"P5 hypertension 2026-08-31 83 yearly minimum not met: 2 of 4 "
		"visits\n"));
	/* In January the year starts again: nothing is counted yet. */
	cr_assert(eq(int, fdss_db_exec(db, "UPDATE rule SET value = '1'"
				       " WHERE program = 'general'"), FDSS_OK));
	cr_assert(eq(str, (char *)due("2026-03-30", 0, "hypertension", NULL,
				      NULL), ""));
	cr_assert(eq(str, (char *)due("2026-03-31", 0, "hypertension", NULL,
				      NULL),
		"P5 hypertension 2026-03-31 0 yearly minimum not met: 0 of 4 "
		"visits\n"));
}

Test(due, tb_first_visit_follows_the_rule)
{
	cr_assert(eq(int, fdss_db_exec(db, "UPDATE rule SET value = '48'"
				       " WHERE program = 'tb' AND"
				       " key = 'first_visit_hours'"), FDSS_OK));
	cr_assert(eq(str, (char *)due("2026-11-22", 0, "tb", NULL, NULL),
		"P3 tb 2026-11-22 0 tb first home visit within 48 hours of "
		"notification on 2026-11-20\n"));
}

Test(due, a_later_visit_closes_a_referral)
{
	cr_assert(eq(str, (char *)due("2026-11-30", 0, "referral", NULL, NULL),
		"P2 referral 2026-11-24 6 referral of 2026-11-10: follow-up "
		"due by 2026-11-24\n"));
	cr_assert(eq(int, fdss_db_exec(db, "INSERT INTO followup (id_number,"
				       " program, visit_date, mode,"
				       " classification, next_due, action,"
				       " recorded) VALUES ('P2', 'diabetes',"
				       " '2026-11-25', 'clinic', 'controlled',"
				       " '2027-02-23', '', '')"), FDSS_OK));
	cr_assert(eq(str, (char *)due("2026-11-30", 0, "referral", NULL, NULL),
		     ""));
}

Test(due, filters)
{
	cr_assert(eq(str, (char *)due("2026-11-22", 8, NULL, "T01", NULL),
		"P1 hypertension 2026-11-30 -8 next due from the visit of "
		"2026-09-01 王医生 T01\n"));
	cr_assert(eq(str, (char *)due("2026-11-22", 8, NULL, NULL,
				      "140826100201"),
		"P2 diabetes 2026-11-01 21 first visit after diagnosis on "
		"2026-11-01\n"
		"P2 referral 2026-11-24 -2 referral of 2026-11-10: follow-up "
		"due by 2026-11-24\n"
		"P1 hypertension 2026-11-30 -8 next due from the visit of "
		"2026-09-01 王医生 T01\n"));
}

Test(due, bad_queries)
{
	fdss_due_query q = FDSS_DUE_QUERY_INIT;

	q.ref = fdss_date_from_ymd(2026, 11, 22);
	q.program = "dental";
	cr_assert(eq(int, fdss_followup_due(db, &q, collect, NULL),
		     FDSS_EINVAL));
	q.program = NULL;
	q.area = "1408x";
	cr_assert(eq(int, fdss_followup_due(db, &q, collect, NULL),
		     FDSS_EINVAL));
}

Test(due, record)
{
	fdss_due d = { "P1", "张一", "hypertension", 0, "x", 0, NULL, "T01",
		       "140826100201", 3, FDSS_DUE_NEXT, NULL, NULL, NULL, NULL,
		       NULL };
	cJSON *rec;
	char *s;

	d.due_date = fdss_date_from_ymd(2026, 11, 19);
	rec = fdss_due_to_json(&d);
	s = cJSON_PrintUnformatted(rec);
	cr_assert(eq(str, s, "{\"type\":\"due\",\"id_number\":\"P1\","
		     "\"name\":\"张一\",\"program\":\"hypertension\","
		     "\"due_date\":\"2026-11-19\",\"reason\":\"x\","
		     "\"last_visit\":null,\"doctor\":null,\"team\":\"T01\","
		     "\"village_code\":\"140826100201\",\"days_overdue\":3}"));
	cJSON_free(s);
	cJSON_Delete(rec);
}
