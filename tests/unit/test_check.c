/*
 * test_check.c: the statistics of fdss check (the χ² tail and the
 * terminal-digit statistic) and each check's query on the tiny county
 * of tests/fixtures/check-tiny.sql, which has no finding until a test
 * adds the rows of its case.
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"

#define TINY "tests/fixtures/check-tiny.sql"

/* --- statistics ---------------------------------------------------------- */

Test(check_stats, chi2_tail_matches_the_tables)
{
	/* the critical values of the χ² tables */
	cr_assert(fabs(fdss_chi2_sf(27.877, 9) - 0.001) < 1e-5);
	cr_assert(fabs(fdss_chi2_sf(16.919, 9) - 0.05) < 1e-5);
	cr_assert(fabs(fdss_chi2_sf(3.841, 1) - 0.05) < 1e-4);
	cr_assert(fabs(fdss_chi2_sf(18.307, 10) - 0.05) < 1e-5);
	/* df 2: e^(-x/2) */
	cr_assert(fabs(fdss_chi2_sf(2.0, 2) - exp(-1.0)) < 1e-12);
	cr_assert(eq(dbl, fdss_chi2_sf(0, 9), 1.0));
	cr_assert(eq(dbl, fdss_chi2_sf(-3, 9), 1.0));
	cr_assert(isnan(fdss_chi2_sf(5, 0)));
	cr_assert(fdss_chi2_sf(441.0, 9) < 1e-80);
}

Test(check_stats, digit_chi2_against_a_uniform_last_digit)
{
	int64_t flat[10] = { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };
	int64_t zeros[10] = { 100, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	int64_t none[10] = { 0 };
	int64_t some[10] = { 20, 5, 5, 5, 5, 20, 5, 5, 5, 5 };

	cr_assert(eq(dbl, fdss_digit_chi2(flat), 0.0));
	/* (100 - 10)^2 / 10 + 9 * 10^2 / 10 */
	cr_assert(fabs(fdss_digit_chi2(zeros) - 900.0) < 1e-9);
	cr_assert(eq(dbl, fdss_digit_chi2(none), 0.0));
	/* 80 readings, 8 expected each: 2 * 144/8 + 8 * 9/8 */
	cr_assert(fabs(fdss_digit_chi2(some) - 45.0) < 1e-9);
}

/* --- the checks ---------------------------------------------------------- */

static fdss_db *db;
static cJSON *recs;		/* the findings of the last run */
static fdss_check_counts counts;

static void open_db(void)
{
	db = seed_db(TINY);
	recs = NULL;
}

static void close_db(void)
{
	cJSON_Delete(recs);
	fdss_db_close(db);
}

TestSuite(check, .init = open_db, .fini = close_db);

static int collect(void *arg, const cJSON *rec)
{
	(void)arg;
	cJSON_AddItemToArray(recs, cJSON_Duplicate(rec, 1));
	return 0;
}

static void exec(const char *sql)
{
	cr_assert(eq(int, fdss_db_exec(db, sql), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
}

/* Run check name (NULL: all) at ref with team; the number of findings. */
static int run_at(const char *name, const char *ref, const char *team)
{
	fdss_check_query q = FDSS_CHECK_QUERY_INIT;
	const char *names[1] = { name };

	fdss_date_parse(&q.ref, ref, NULL);
	q.team = team;
	if (name) {
		q.names = names;
		q.nnames = 1;
	}
	cJSON_Delete(recs);
	recs = cJSON_CreateArray();
	cr_assert(eq(int, fdss_check_run(db, &q, collect, NULL, &counts),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	return cJSON_GetArraySize(recs);
}

static int run(const char *name)
{
	return run_at(name, "2026-11-22", NULL);
}

/* "table:key table:key ..." of finding i, in its order. */
static char *records(int i)
{
	static char buf[4096];
	const cJSON *r, *f = cJSON_GetArrayItem(recs, i);
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(f, "records"))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s:%s",
				      n ? " " : "",
				      cJSON_GetObjectItem(r, "table")->valuestring,
				      cJSON_GetObjectItem(r, "key")->valuestring);
	return buf;
}

static char *str(int i, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(cJSON_GetArrayItem(recs, i), key);

	return cJSON_IsString(v) ? v->valuestring : (char *)"(null)";
}

Test(check, the_clean_county_has_no_finding)
{
	cr_assert(eq(int, run(NULL), 0));
	cr_assert(eq(i64, counts.errors, 0));
	cr_assert(eq(i64, counts.warnings, 0));
}

Test(check, an_unknown_check_is_refused)
{
	fdss_check_query q = FDSS_CHECK_QUERY_INIT;
	const char *names[1] = { "after-deth" };

	q.ref = fdss_date_from_ymd(2026, 11, 22);
	q.names = names;
	q.nnames = 1;
	cr_assert(eq(int, fdss_check_run(db, &q, collect, NULL, NULL),
		     FDSS_EINVAL));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "check 'after-deth': no such check"));
	cr_assert(fdss_check_find("orphans") != NULL);
}

Test(check, after_death_a_visit_and_a_contract_after_the_death)
{
	/* B1 died 2025-12-01 and nobody ended his cover: C26-2 starts
	 * after and covers him; his 2026 visit is after too */
	exec("UPDATE person SET status = 'deceased', status_date = "
	     "'2025-12-01' WHERE id_number = 'B1'");
	cr_assert(eq(int, run("after-death"), 2));
	cr_assert(eq(str, records(0), "person:B1 contract:C26-2"));
	cr_assert(eq(str, records(1), "person:B1 followup:6"));
	cr_assert(eq(str, str(0, "severity"), "error"));
	cr_assert(eq(i64, counts.errors, 2));
}

Test(check, after_death_a_cover_ended_the_day_is_no_finding)
{
	/* as fdss person leave leaves it: the cover ends that day */
	exec("UPDATE person SET status = 'deceased', status_date = "
	     "'2025-12-01' WHERE id_number = 'B1';"
	     "UPDATE contract_member SET ended_on = '2025-12-01' "
	     "WHERE id_number = 'B1' AND contract_id = 5;"
	     "DELETE FROM followup WHERE id = 6");
	cr_assert(eq(int, run("after-death"), 0));
	/* a visit on the day itself is not after it */
	exec("INSERT INTO followup (id_number, program, visit_date, mode, "
	     "classification, action, recorded) VALUES ('B1', 'diabetes', "
	     "'2025-12-01', 'home', 'controlled', '', '')");
	cr_assert(eq(int, run("after-death"), 0));
}

Test(check, double_cover_two_contracts_of_one_person)
{
	exec("INSERT INTO contract (id, number, household_no, team_code, "
	     "doctor, start_date, end_date, years, status, created) VALUES "
	     "(7, 'C-X', 'H1', 'T01', '王医生', '2026-06-01', '2027-05-31', 1, "
	     "'pending', '');"
	     "INSERT INTO contract_member VALUES (7, 'A1', NULL, NULL, 0)");
	cr_assert(eq(int, run("double-cover"), 1));
	cr_assert(eq(str, records(0),
		     "person:A1 contract:C26-1 contract:C-X"));
	cr_assert(eq(str, str(0, "date"), "2026-06-01"));
	/* rejected, it covers nobody */
	exec("UPDATE contract SET status = 'rejected' WHERE id = 7");
	cr_assert(eq(int, run("double-cover"), 0));
}

Test(check, double_cover_a_household_with_two_teams)
{
	/* A2 leaves C26-1 for a contract of T02 */
	exec("DELETE FROM contract_member WHERE contract_id = 4 AND "
	     "id_number = 'A2';"
	     "INSERT INTO contract (id, number, household_no, team_code, "
	     "doctor, start_date, end_date, years, status, created) VALUES "
	     "(7, 'C-Y', 'H1', 'T02', '赵医生', '2026-02-01', '2027-01-31', 1, "
	     "'active', '');"
	     "INSERT INTO contract_member VALUES (7, 'A2', NULL, NULL, 0)");
	cr_assert(eq(int, run("double-cover"), 1));
	cr_assert(eq(str, records(0),
		     "household:H1 contract:C26-1 contract:C-Y"));
	cr_assert(eq(str, str(0, "date"), "2026-02-01"));
	cr_assert(eq(int, run_at("double-cover", "2026-11-22", "T02"), 1));
}

Test(check, visit_before_diagnosis_names_the_condition)
{
	exec("UPDATE condition SET since = '2025-06-01' WHERE id_number = "
	     "'A1'");
	cr_assert(eq(int, run("visit-before-diagnosis"), 1));
	cr_assert(eq(str, records(0), "person:A1 "
		     "condition:A1:hypertension followup:1 followup:2"));
	/* an unknown diagnosis date proves nothing */
	exec("UPDATE condition SET since = NULL WHERE id_number = 'A1'");
	cr_assert(eq(int, run("visit-before-diagnosis"), 0));
}

Test(check, visit_before_birth_and_in_future)
{
	exec("INSERT INTO followup (id, id_number, program, visit_date, mode,"
	     " classification, action, recorded) VALUES (9, 'A1', "
	     "'elderly', '1949-03-01', 'home', 'controlled', '', ''),"
	     "(10, 'A2', 'elderly', '2026-12-01', 'home', 'controlled', '', "
	     "'')");
	cr_assert(eq(int, run("visit-before-birth"), 1));
	cr_assert(eq(str, records(0), "person:A1 followup:9"));
	cr_assert(eq(int, run("visit-in-future"), 1));
	cr_assert(eq(str, records(0), "person:A2 followup:10"));
	cr_assert(eq(int, run_at("visit-in-future", "2026-12-01", NULL), 0));
}

/* Five more people in H2, P1 to P5 (born 1955). */
static void five_people(void)
{
	exec("INSERT INTO person (id_number, name, sex, birth_date, "
	     "household_no, relation) VALUES "
	     "('P1', '丁一', 'M', '1955-01-01', 'H2', '其他'),"
	     "('P2', '丁二', 'M', '1955-01-01', 'H2', '其他'),"
	     "('P3', '丁三', 'M', '1955-01-01', 'H2', '其他'),"
	     "('P4', '丁四', 'M', '1955-01-01', 'H2', '其他'),"
	     "('P5', '丁五', 'M', '1955-01-01', 'H2', '其他')");
}

Test(check, copied_measurements_on_five_patients)
{
	five_people();
	exec("INSERT INTO followup (id, id_number, program, visit_date, mode,"
	     " doctor, sbp, dbp, heart_rate, classification, action, recorded)"
	     " SELECT 10 + rowid, id_number, 'elderly', '2026-06-01', 'home', "
	     "'王医生', 140, 90, 72, 'controlled', '', '' FROM person "
	     "WHERE id_number LIKE 'P%' AND id_number <> 'P5'");
	cr_assert(eq(int, run("copied-measurements"), 0));
	exec("INSERT INTO followup (id_number, program, visit_date, mode,"
	     " doctor, sbp, dbp, heart_rate, classification, action, recorded)"
	     " VALUES ('P5', 'elderly', '2026-06-01', 'home', '王医生', 140, "
	     "90, 72, 'controlled', '', '')");
	cr_assert(eq(int, run("copied-measurements"), 1));
	cr_assert(eq(str, str(0, "team"), "T01"));
	cr_assert(eq(str, str(0, "measurements"), "sbp 140 dbp 90 heart rate 72"));
	cr_assert(eq(int, cJSON_GetArraySize(cJSON_GetObjectItem(
		cJSON_GetArrayItem(recs, 0), "records")), 5));
}

Test(check, copied_measurements_needs_two_numbers)
{
	five_people();
	exec("INSERT INTO followup (id_number, program, visit_date, mode,"
	     " doctor, heart_rate, classification, action, recorded)"
	     " SELECT id_number, 'elderly', '2026-06-01', 'home', '王医生', 72,"
	     " 'controlled', '', '' FROM person WHERE id_number LIKE 'P%'");
	cr_assert(eq(int, run("copied-measurements"), 0));
}

Test(check, implausible_workload_patients_and_townships)
{
	five_people();
	exec("UPDATE setting SET value = '4' WHERE key = "
	     "'check_workload_visits';"
	     "INSERT INTO followup (id_number, program, visit_date, mode,"
	     " doctor, classification, action, recorded)"
	     " SELECT id_number, 'elderly', '2026-06-02', 'clinic', '王医生',"
	     " 'controlled', '', '' FROM person WHERE id_number LIKE 'P%'");
	cr_assert(eq(int, run("implausible-workload"), 1));
	cr_assert(eq(str, str(0, "summary"),
		     "王医生 on 2026-06-02: 5 visits (more than 4)"));
	/* 王医生 (T01's) at C1's home in 横水镇 on A1's day */
	exec("INSERT INTO followup (id, id_number, program, visit_date, mode,"
	     " doctor, classification, action, recorded) VALUES "
	     "(30, 'A1', 'elderly', '2026-07-07', 'home', '王医生', "
	     "'controlled', '', ''), (31, 'C1', 'elderly', '2026-07-07', "
	     "'home', '王医生', 'controlled', '', '')");
	cr_assert(eq(int, run("implausible-workload"), 2));
	cr_assert(eq(str, str(1, "summary"), "王医生 on 2026-07-07: visits in "
		     "person in townships 140826100 and 140826101"));
	cr_assert(eq(str, str(1, "townships"), "140826100,140826101"));
	cr_assert(eq(str, records(1), "followup:30 followup:31"));
	/* a phone call is not a visit in person */
	exec("UPDATE followup SET mode = 'phone' WHERE id = 31");
	cr_assert(eq(int, run("implausible-workload"), 1));
}

Test(check, digit_preference_of_a_doctor)
{
	int k;
	char sql[512];

	/* 30 visits, 60 readings, all ending in 0 */
	for (k = 0; k < 30; k++) {
		snprintf(sql, sizeof(sql), "INSERT INTO followup (id_number, "
			 "program, visit_date, mode, doctor, sbp, dbp, "
			 "classification, action, recorded) VALUES ('A1', "
			 "'hypertension', date('2024-01-01', '+%d days'), "
			 "'clinic', '王医生', %d, %d, 'controlled', '', '')",
			 7 * k, 120 + 10 * (k % 4), 70 + 10 * (k % 3));
		exec(sql);
	}
	cr_assert(eq(int, run("digit-preference"), 1));
	cr_assert(eq(str, str(0, "doctor"), "王医生"));
	cr_assert(eq(int, cJSON_GetObjectItem(cJSON_GetArrayItem(recs, 0),
					      "readings")->valueint, 68));
	cr_assert(strncmp(records(0), "team_member:1 followup:", 23) == 0);
	/* readings ending in every digit alike: nothing */
	exec("UPDATE followup SET sbp = 121 + id % 10, dbp = 71 + (id * 3) % 10"
	     " WHERE visit_date < '2025-01-01'");
	cr_assert(eq(int, run("digit-preference"), 0));
}

Test(check, flat_series_of_a_year)
{
	exec("INSERT INTO followup (id_number, program, visit_date, mode,"
	     " doctor, sbp, dbp, classification, action, recorded) VALUES "
	     "('C1', 'hypertension', '2024-01-10', 'clinic', '赵医生', 130, 80,"
	     " 'controlled', '', ''),"
	     "('C1', 'hypertension', '2024-04-10', 'clinic', '赵医生', 130, 80,"
	     " 'controlled', '', ''),"
	     "('C1', 'hypertension', '2024-07-10', 'clinic', '赵医生', 130, 80,"
	     " 'controlled', '', '')");
	cr_assert(eq(int, run("flat-series"), 0));
	exec("INSERT INTO followup (id_number, program, visit_date, mode,"
	     " doctor, sbp, dbp, classification, action, recorded) VALUES "
	     "('C1', 'hypertension', '2024-10-10', 'clinic', '赵医生', 130, 80,"
	     " 'controlled', '', '')");
	cr_assert(eq(int, run("flat-series"), 1));
	cr_assert(eq(str, str(0, "year_start"), "2024-01-01"));
	cr_assert(eq(str, str(0, "team"), "T02"));
	cr_assert(strncmp(records(0), "person:C1 followup:", 19) == 0);
}

Test(check, flat_series_of_pressures_with_other_numbers_varying)
{
	exec("INSERT INTO followup (id_number, program, visit_date, mode,"
	     " doctor, sbp, dbp, heart_rate, classification, action, recorded)"
	     " VALUES ('C1', 'hypertension', '2024-01-10', 'clinic', '赵医生',"
	     " 130, 80, 70, 'controlled', '', ''),"
	     "('C1', 'hypertension', '2024-04-10', 'clinic', '赵医生', 130, 80,"
	     " 76, 'controlled', '', ''),"
	     "('C1', 'hypertension', '2024-07-10', 'clinic', '赵医生', 130, 80,"
	     " 81, 'controlled', '', ''),"
	     "('C1', 'hypertension', '2024-10-10', 'clinic', '赵医生', 130, 80,"
	     " 68, 'controlled', '', '')");
	cr_assert(eq(int, run("flat-series"), 1));
	cr_assert(eq(str, str(0, "measurements"), "sbp 130 dbp 80"));
	/* another year: not one series */
	exec("UPDATE followup SET visit_date = '2025-01-09' WHERE "
	     "visit_date = '2024-10-10'");
	cr_assert(eq(int, run("flat-series"), 0));
}

Test(check, a_doctor_of_no_team_is_one_doctor_across_teams)
{
	five_people();
	exec("UPDATE setting SET value = '4' WHERE key = "
	     "'check_workload_visits';"
	     /* P1-P3 of T01, C1 of T02, A2 of T01: 5 patients */
	     "INSERT INTO contract_member VALUES (5, 'P1', NULL, NULL, 0),"
	     "(5, 'P2', NULL, NULL, 0), (5, 'P3', NULL, NULL, 0);"
	     "INSERT INTO followup (id_number, program, visit_date, mode,"
	     " doctor, classification, action, recorded)"
	     " SELECT id_number, 'elderly', '2026-06-03', 'phone', '假医生',"
	     " 'controlled', '', '' FROM person WHERE id_number IN ('P1', "
	     "'P2', 'P3', 'C1', 'A2')");
	cr_assert(eq(int, run("implausible-workload"), 1));
	cr_assert(eq(str, str(0, "unit"), "*"));
	/* 王医生 is T01's: the same day in T01 and for C1 is one doctor, but
	 * a name of two teams' members is split by the patients' teams */
	exec("UPDATE followup SET doctor = '王医生' WHERE doctor = '假医生';"
	     "INSERT INTO team_member (team_code, name, role) VALUES ('T02', "
	     "'王医生', 'doctor')");
	cr_assert(eq(int, run("implausible-workload"), 0));
}

Test(check, shared_phone_placeholders_are_no_number)
{
	exec("UPDATE setting SET value = '3' WHERE key = "
	     "'check_shared_phone_households';"
	     "UPDATE household SET phone = '00000000000';"
	     "UPDATE person SET phone = '无'");
	cr_assert(eq(int, run("shared-phone"), 0));
}

Test(check, shared_phone_on_households)
{
	exec("UPDATE setting SET value = '3' WHERE key = "
	     "'check_shared_phone_households';"
	     "UPDATE household SET phone = '13900000000' WHERE household_no "
	     "<> 'H3';"
	     "UPDATE person SET phone = ' 13900000000 ' WHERE id_number = 'C1'");
	cr_assert(eq(int, run("shared-phone"), 1));
	cr_assert(eq(str, records(0),
		     "household:H1 household:H2 household:H3"));
	cr_assert(eq(str, str(0, "phone"), "13900000000"));
}

/* Contract number (id) of T02 for H3, starting in year, signed by op2
 * on 2026-11-20. */
static void t02_contract(int id, int year)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "INSERT INTO contract (id, number, "
		 "household_no, team_code, doctor, start_date, end_date, years,"
		 " status, created, reviewed_at) VALUES (%d, 'C-%d', 'H3', "
		 "'T02', '赵医生', '%d-01-01', '%d-12-31', 1, 'active', '', "
		 "'2026-11-20')", id, id, year, year);
	exec(sql);
}

Test(check, bulk_unreviewed_approved_by_the_signer)
{
	exec("UPDATE setting SET value = '2' WHERE key = "
	     "'check_bulk_contracts'");
	/* C-7 signed --approve by op2 (not counted); C-8 reviewed by rev */
	t02_contract(7, 2027);
	t02_contract(8, 2028);
	exec("INSERT INTO audit_log (at, operator, table_name, row_key, before,"
	     " after) VALUES ('2026-11-20T08:00:00Z', 'op2', 'contract', "
	     "'C-7', NULL, '{\"status\":\"active\"}'),"
	     "('2026-11-20T08:01:00Z', 'op2', 'contract', 'C-8', NULL, "
	     "'{\"status\":\"pending\"}'),"
	     "('2026-11-20T09:00:00Z', 'rev', 'contract', 'C-8', "
	     "'{\"status\":\"pending\"}', '{\"status\":\"active\"}')");
	cr_assert(eq(int, run("bulk-unreviewed"), 0));
	/* C-9 and C-10 signed by op2 and approved by op2 the same day */
	t02_contract(9, 2029);
	t02_contract(10, 2030);
	exec("INSERT INTO audit_log (at, operator, table_name, row_key, before,"
	     " after) VALUES ('2026-11-20T08:02:00Z', 'op2', 'contract', "
	     "'C-9', NULL, '{\"status\":\"pending\"}'),"
	     "('2026-11-20T08:03:00Z', 'op2', 'contract', 'C-10', NULL, "
	     "'{\"status\":\"pending\"}'),"
	     "('2026-11-20T17:00:00Z', 'op2', 'contract', 'C-9', "
	     "'{\"status\":\"pending\"}', '{\"status\":\"active\"}'),"
	     "('2026-11-20T17:01:00Z', 'op2', 'contract', 'C-10', "
	     "'{\"status\":\"pending\"}', '{\"status\":\"active\"}')");
	cr_assert(eq(int, run("bulk-unreviewed"), 1));
	cr_assert(strstr(records(0), "contract:C-9") != NULL);
	cr_assert(strstr(records(0), "contract:C-10") != NULL);
	cr_assert(eq(sz, strlen(records(0)), strlen("contract:C-9 contract:C-10")));
	cr_assert(eq(str, str(0, "operator"), "op2"));
	cr_assert(eq(str, str(0, "date"), "2026-11-20"));
	/* two are fewer than the threshold of three */
	exec("UPDATE setting SET value = '3' WHERE key = "
	     "'check_bulk_contracts'");
	cr_assert(eq(int, run("bulk-unreviewed"), 0));
}

Test(check, signed_no_service_in_a_whole_year)
{
	exec("INSERT INTO person (id_number, name, sex, birth_date, "
	     "household_no, relation) VALUES ('D1', '丁', 'M', '1955-01-01', "
	     "'H3', '配偶');"
	     "INSERT INTO condition (id_number, kind, since) VALUES ('D1', "
	     "'diabetes', '2020-01-01');"
	     "INSERT INTO contract_member VALUES (3, 'D1', NULL, NULL, 0),"
	     "(6, 'D1', NULL, NULL, 0)");
	/* 2026 is not over: only 2025 */
	cr_assert(eq(int, run("signed-no-service"), 1));
	cr_assert(eq(str, records(0), "person:D1 contract:C25-3"));
	cr_assert(eq(str, str(0, "date"), "2025-01-01"));
	/* a referral is a service */
	exec("INSERT INTO referral (id_number, referral_date, due_date) "
	     "VALUES ('D1', '2025-09-01', '2025-09-15')");
	cr_assert(eq(int, run("signed-no-service"), 0));
}

Test(check, orphans_of_rowid_tables_and_others)
{
	exec("PRAGMA foreign_keys = OFF;"
	     "INSERT INTO followup (id, id_number, program, visit_date, mode, "
	     "classification, action, recorded) VALUES (40, 'ZZ', 'elderly', "
	     "'2026-01-01', 'home', 'controlled', '', '');"
	     "INSERT INTO condition (id_number, kind) VALUES ('ZZ', 'tb');"
	     "PRAGMA foreign_keys = ON");
	cr_assert(eq(int, run("orphans"), 2));
	cr_assert(eq(str, records(0), "followup:40"));
	cr_assert(eq(str, str(0, "parent"), "person"));
	cr_assert(eq(str, records(1), "condition:ZZ:tb"));
	cr_assert(eq(i64, counts.errors, 2));
}
