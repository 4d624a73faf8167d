#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <string.h>

#include <fdss/fdss.h>

/*
 * report overdue on a small county at 2026-11-22 (management year from
 * January), every answer counted by hand:
 *   A 张一 城关村, 66, contract T01 王医生: hypertension, visits 02-01 and
 *     08-01 (next 10-30: 23 days); referral 10-01 due 10-15, no visit
 *     since (38 days); reached 65 on 2025-05-01, never checked (elderly
 *     due 2026-05-01: 205 days); 2 of 3 quarterly visits (not listed)
 *   B 张二 城关村, contract T01: diabetes diagnosed 11-01, no visit (21
 *     days); COPD diagnosed 11-20, no visit (chronic, 2 days)
 *   C 李三 东关村, contract expired 2025-12-31: TB notified 11-15, no
 *     visit (due 11-18: 4 days), listed with no team
 *   D 李四 东关村, deceased: SMI never visited (not listed)
 *   E 王五 横水村, 76, contract T02 李医生: elderly check 2025-10-01 (next
 *     2026-10-01: 52 days); chronic visited 06-01 (next 2027-06-01)
 *   F 王六 横水村, contract T02: hypertension diagnosed today (due today,
 *     0 days: not listed)
 *   G 赵七 东关村, no contract: referral of 11-01 naming no programme,
 *     due 11-15 (7 days)
 */
static fdss_db *db;

static const char seed[] =
	"INSERT INTO area VALUES"
	" ('140826', '绛县', 'county', NULL),"
	" ('140826100', '古绛镇', 'township', '140826'),"
	" ('140826100201', '城关村', 'village', '140826100'),"
	" ('140826100202', '东关村', 'village', '140826100'),"
	" ('140826101', '横水镇', 'township', '140826'),"
	" ('140826101201', '横水村', 'village', '140826101');"
	"INSERT INTO household (household_no, village_code) VALUES"
	" ('H1', '140826100201'), ('H2', '140826100202'),"
	" ('H3', '140826101201');"
	"INSERT INTO person (id_number, name, sex, birth_date, household_no,"
	" relation, phone, status) VALUES"
	" ('A', '张一', 'M', '1960-05-01', 'H1', '户主', '13800000001',"
	"  'active'),"
	" ('B', '张二', 'F', '1980-01-01', 'H1', '配偶', NULL, 'active'),"
	" ('C', '李三', 'M', '1970-01-01', 'H2', '户主', NULL, 'active'),"
	" ('D', '李四', 'F', '1975-01-01', 'H2', '配偶', NULL, 'deceased'),"
	" ('E', '王五', 'M', '1950-03-01', 'H3', '户主', NULL, 'active'),"
	" ('F', '王六', 'M', '1985-06-01', 'H3', '之子', NULL, 'active'),"
	" ('G', '赵七', 'M', '1990-06-01', 'H2', '之子', NULL, 'active');"
	"INSERT INTO condition (id_number, kind, since, status) VALUES"
	" ('A', 'hypertension', '2020-01-01', 'active'),"
	" ('B', 'diabetes', '2026-11-01', 'active'),"
	" ('B', 'copd', '2026-11-20', 'active'),"
	" ('C', 'tb', '2026-11-15', 'active'),"
	" ('D', 'smi', '2020-01-01', 'active'),"
	" ('E', 'chronic', '2010-01-01', 'active'),"
	" ('F', 'hypertension', '2026-11-22', 'active');"
	"INSERT INTO followup (id_number, program, visit_date, mode,"
	" classification, next_due, action, latest, recorded) VALUES"
	" ('A', 'hypertension', '2026-02-01', 'clinic', 'controlled',"
	"  '2026-05-02', '', 0, ''),"
	" ('A', 'hypertension', '2026-08-01', 'clinic', 'controlled',"
	"  '2026-10-30', '', 1, ''),"
	" ('E', 'elderly', '2025-10-01', 'clinic', 'checked',"
	"  '2026-10-01', '', 1, ''),"
	" ('E', 'chronic', '2026-06-01', 'clinic', 'checked',"
	"  '2027-06-01', '', 1, '');"
	"INSERT INTO referral (id_number, program, referral_date, due_date)"
	" VALUES ('A', 'hypertension', '2026-10-01', '2026-10-15'),"
	" ('G', NULL, '2026-11-01', '2026-11-15');"
	"INSERT INTO team (code, name, institution, created) VALUES"
	" ('T01', '城关团队', '城关卫生院', '2026-01-01'),"
	" ('T02', '横水团队', '横水卫生院', '2026-01-01');"
	"INSERT INTO contract (id, number, household_no, team_code, doctor,"
	" start_date, end_date, years, status, created) VALUES"
	" (1, 'C1', 'H1', 'T01', '王医生', '2026-01-01', '2026-12-31', 1,"
	"  'active', ''),"
	" (2, 'C2', 'H3', 'T02', '李医生', '2026-01-01', '2026-12-31', 1,"
	"  'active', ''),"
	" (3, 'C3', 'H2', 'T01', '王医生', '2025-01-01', '2025-12-31', 1,"
	"  'active', '');"
	"INSERT INTO contract_member (contract_id, id_number) VALUES"
	" (1, 'A'), (1, 'B'), (2, 'E'), (2, 'F'), (3, 'C');";

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

static const char *str(const cJSON *rec, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);

	return cJSON_IsString(v) ? v->valuestring : "-";
}

/* "team village id program reason_code due days last" lines. */
static int collect(void *arg, const cJSON *rec)
{
	char *buf = arg, line[256];
	const cJSON *days = cJSON_GetObjectItemCaseSensitive(rec,
							     "days_overdue");

	cr_assert(eq(str, (char *)str(rec, "type"), "overdue"));
	snprintf(line, sizeof(line), "%s %s %s %s %s %s %d %s\n",
		 str(rec, "team"), str(rec, "village"), str(rec, "id_number"),
		 str(rec, "program"), str(rec, "reason_code"),
		 str(rec, "due_date"), days ? days->valueint : -1,
		 str(rec, "last_visit"));
	strncat(buf, line, 4095 - strlen(buf));
	return 0;
}

static fdss_report_query query(void)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;

	q.ref = fdss_date_from_ymd(2026, 11, 22);
	return q;
}

static const char *overdue(const fdss_report_query *q)
{
	static char buf[4096];
	const fdss_report_def *def = fdss_report_find("overdue");

	cr_assert(def != NULL);
	buf[0] = '\0';
	cr_assert(eq(int, def->run(db, q, collect, buf), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
	return buf;
}

#define A_ROWS \
	"T01 城关村 A elderly yearly 2026-05-01 205 -\n" \
	"T01 城关村 A hypertension referral 2026-10-15 38 2026-08-01\n" \
	"T01 城关村 A hypertension next_due 2026-10-30 23 2026-08-01\n"
#define B_ROWS \
	"T01 城关村 B diabetes first_visit 2026-11-01 21 -\n" \
	"T01 城关村 B chronic first_visit 2026-11-20 2 -\n"
#define E_ROWS "T02 横水村 E elderly next_due 2026-10-01 52 2025-10-01\n"
#define UNSIGNED_ROWS \
	"- 东关村 G referral referral 2026-11-15 7 -\n" \
	"- 东关村 C tb tb_first_visit 2026-11-18 4 -\n"

TestSuite(report_overdue, .init = open_db, .fini = close_db);

Test(report_overdue, every_obligation_by_team_village_and_days)
{
	fdss_report_query q = query();

	cr_assert(eq(str, (char *)overdue(&q),
		     A_ROWS B_ROWS E_ROWS UNSIGNED_ROWS));
}

Test(report_overdue, signed_only_leaves_out_patients_without_a_team)
{
	fdss_report_query q = query();

	q.signed_only = 1;
	cr_assert(eq(str, (char *)overdue(&q), A_ROWS B_ROWS E_ROWS));
}

Test(report_overdue, filters)
{
	fdss_report_query q = query();

	q.team = "T02";
	cr_assert(eq(str, (char *)overdue(&q), E_ROWS));
	q.team = NULL;
	q.area = "140826101";
	cr_assert(eq(str, (char *)overdue(&q), E_ROWS));
	q.area = "140826100202";
	cr_assert(eq(str, (char *)overdue(&q), UNSIGNED_ROWS));
	q.area = "140826";
	cr_assert(eq(str, (char *)overdue(&q),
		     A_ROWS B_ROWS E_ROWS UNSIGNED_ROWS));
	q.area = NULL;
	q.program = "elderly";
	cr_assert(eq(str, (char *)overdue(&q),
		     "T01 城关村 A elderly yearly 2026-05-01 205 -\n" E_ROWS));
	q.program = "referral";
	cr_assert(eq(str, (char *)overdue(&q),
		     "- 东关村 G referral referral 2026-11-15 7 -\n"));
}

Test(report_overdue, min_days)
{
	fdss_report_query q = query();

	q.min_days = 30;
	cr_assert(eq(str, (char *)overdue(&q),
		     "T01 城关村 A elderly yearly 2026-05-01 205 -\n"
		     "T01 城关村 A hypertension referral 2026-10-15 38 "
		     "2026-08-01\n" E_ROWS));
	q.min_days = 3;
	cr_assert(eq(str, (char *)overdue(&q),
		     A_ROWS "T01 城关村 B diabetes first_visit 2026-11-01 21 "
		     "-\n" E_ROWS UNSIGNED_ROWS));
}

Test(report_overdue, a_visit_closes_what_it_answers)
{
	fdss_report_query q = query();

	/* A's hypertension visit today answers the next due date and the
	 * referral; the elderly check stays open. */
	cr_assert(eq(int, fdss_db_exec(db, "UPDATE followup SET latest = 0"
		     " WHERE id_number = 'A';"
		     "INSERT INTO followup (id_number, program, visit_date,"
		     " mode, classification, next_due, action, latest,"
		     " recorded) VALUES ('A', 'hypertension', '2026-11-22',"
		     " 'clinic', 'controlled', '2027-02-20', '', 1, '')"),
		     FDSS_OK));
	q.team = "T01";
	cr_assert(eq(str, (char *)overdue(&q),
		     "T01 城关村 A elderly yearly 2026-05-01 205 -\n" B_ROWS));
}

/* Two conditions of one programme (COPD and other chronic, both the
 * chronic programme) are one first visit, due from the first diagnosis. */
Test(report_overdue, one_first_visit_per_programme)
{
	fdss_report_query q = query();

	cr_assert(eq(int, fdss_db_exec(db, "INSERT INTO condition (id_number,"
		     " kind, since, status) VALUES ('B', 'chronic',"
		     " '2026-11-10', 'active')"), FDSS_OK));
	q.area = "140826100201";
	q.program = "chronic";
	cr_assert(eq(str, (char *)overdue(&q),
		     "T01 城关村 B chronic first_visit 2026-11-10 12 -\n"));
}

static int stop(void *arg, const cJSON *rec)
{
	(void)arg;
	(void)rec;
	return FDSS_EIO;
}

/* The records as compact JSON, one a line. */
static int print(void *arg, const cJSON *rec)
{
	char *buf = arg, *s = cJSON_PrintUnformatted(rec);

	cr_assert(s != NULL);
	strncat(buf, s, 4094 - strlen(buf));
	strcat(buf, "\n");
	cJSON_free(s);
	return 0;
}

Test(report_overdue, the_record)
{
	fdss_report_query q = query();
	const fdss_report_def *def = fdss_report_find("overdue");
	static char buf[4096];

	q.program = "hypertension";
	q.min_days = 30;
	cr_assert(eq(int, def->run(db, &q, print, buf), FDSS_OK));
	cr_assert(eq(str, buf, "{\"type\":\"overdue\",\"team\":\"T01\","
		     "\"team_name\":\"城关团队\",\"doctor\":\"王医生\","
		     "\"township_code\":\"140826100\",\"township\":\"古绛镇\","
		     "\"village_code\":\"140826100201\",\"village\":\"城关村\","
		     "\"name\":\"张一\",\"id_number\":\"A\","
		     "\"phone\":\"13800000001\",\"program\":\"hypertension\","
		     "\"reason_code\":\"referral\",\"reason\":\"referral of "
		     "2026-10-01: follow-up due by 2026-10-15\","
		     "\"last_visit\":\"2026-08-01\","
		     "\"due_date\":\"2026-10-15\",\"days_overdue\":38}\n"));
}

Test(report_overdue, the_walk_stops_when_told)
{
	fdss_report_query q = query();
	const fdss_report_def *def = fdss_report_find("overdue");

	cr_assert(eq(int, def->run(db, &q, stop, NULL), FDSS_EIO));
}

Test(report_overdue, options_it_does_not_take)
{
	fdss_report_query q = query();
	const fdss_report_def *def = fdss_report_find("overdue");

	q.by = FDSS_REPORT_BY_TEAM;
	cr_assert(eq(int, def->run(db, &q, collect, NULL), FDSS_EINVAL));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "report overdue: --by is not one of its options"));
	q.by = 0;
	q.year = 2026;
	cr_assert(eq(int, def->run(db, &q, collect, NULL), FDSS_EINVAL));
	q.year = 0;
	q.program = "asthma";
	cr_assert(eq(int, def->run(db, &q, collect, NULL), FDSS_EINVAL));
}

Test(report_overdue, spec)
{
	const fdss_report_def *def = fdss_report_find("overdue");
	const char *keys[] = { "team", "doctor", "township", "village", "name",
			       "id_number", "phone", "program", "reason",
			       "last_visit", "due_date", "days_overdue" };
	size_t i;

	cr_assert(eq(sz, def->spec->ncols, 12));
	for (i = 0; i < 12; i++)
		cr_assert(eq(str, (char *)def->spec->cols[i].key,
			     (char *)keys[i]));
	cr_assert(eq(int, def->spec->cols[5].kind, FDSS_REPORT_ID));
	cr_assert(eq(int, def->spec->cols[6].kind, FDSS_REPORT_ID));
	cr_assert(eq(sz, def->spec->ncharts, 2));
	cr_assert(def->spec->charts[0].value == NULL);
	cr_assert(eq(str, (char *)def->spec->charts[1].label, "reason_code"));
}
