/*
 * test_report_coverage.c: report coverage over the hand-counted roster
 * of tests/fixtures/coverage-seed.sql (its comment gives the answers).
 */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "internal.h"
#include "seed.h"

#define COVERAGE_SEED "tests/fixtures/coverage-seed.sql"

static fdss_db *db;
static cJSON *recs;		/* the records of the last run */

static void open_db(void)
{
	db = seed_db(COVERAGE_SEED);
	recs = NULL;
}

static void close_db(void)
{
	cJSON_Delete(recs);
	fdss_db_close(db);
}

TestSuite(report_coverage, .init = open_db, .fini = close_db);

static int collect(void *arg, const cJSON *rec)
{
	(void)arg;
	cJSON_AddItemToArray(recs, cJSON_Duplicate(rec, 1));
	return 0;
}

static fdss_report_query query(int by)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;

	q.ref = fdss_date_from_ymd(2026, 11, 22);
	q.by = by;
	return q;
}

/* Run the report into recs; its result code. */
static int run(const fdss_report_query *q)
{
	const fdss_report_def *def = fdss_report_find("coverage");

	cr_assert(def != NULL);
	cJSON_Delete(recs);
	recs = cJSON_CreateArray();
	return def->run(db, q, collect, NULL);
}

static void run_ok(const fdss_report_query *q)
{
	int rc = run(q);

	cr_assert(eq(int, rc, FDSS_OK), "%s", fdss_db_errmsg(db));
}

/* The record of unit (NULL: the unsigned row) and group. */
static const cJSON *rec(const char *unit, const char *group)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, recs) {
		const cJSON *u = cJSON_GetObjectItemCaseSensitive(r, "unit");
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(r, "group");

		int same = unit ? cJSON_IsString(u) &&
				  !strcmp(u->valuestring, unit)
				: cJSON_IsNull(u);

		if (same && !strcmp(g->valuestring, group))
			return r;
	}
	cr_assert(0, "no record of %s %s", unit ? unit : "null", group);
	return NULL;
}

static const cJSON *key(const char *unit, const char *group, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec(unit, group), k);

	cr_assert(v != NULL, "%s %s: no key %s", unit, group, k);
	return v;
}

/* residents, signed, rate × 10 (-1: null) of a record. */
static void expect(const char *unit, const char *group, long residents,
		   long signd, int rate10)
{
	const cJSON *rate = key(unit, group, "rate");

	cr_expect(eq(dbl, key(unit, group, "residents")->valuedouble,
		     (double)residents), "%s %s residents", unit, group);
	cr_expect(eq(dbl, key(unit, group, "signed")->valuedouble,
		     (double)signd), "%s %s signed", unit, group);
	if (rate10 < 0)
		cr_expect(cJSON_IsNull(rate), "%s %s rate null", unit, group);
	else
		cr_expect(eq(dbl, rate->valuedouble, rate10 / 10.0),
			  "%s %s rate", unit, group);
}

static const char *str(const char *unit, const char *group, const char *k)
{
	const cJSON *v = key(unit, group, k);

	return cJSON_IsString(v) ? v->valuestring : "(not a string)";
}

/* -1 null, 0 false, 1 true */
static int boolean(const char *unit, const char *group, const char *k)
{
	const cJSON *v = key(unit, group, k);

	return cJSON_IsNull(v) ? -1 : cJSON_IsTrue(v);
}

Test(report_coverage, by_township_counts_every_group)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TOWNSHIP);

	run_ok(&q);
	/* three townships and the total, 13 groups each */
	cr_assert(eq(int, cJSON_GetArraySize(recs), 4 * 13));
	expect("140826100", "all", 7, 2, 286);
	expect("140826100", "priority", 5, 1, 200);
	expect("140826100", "elderly", 2, 1, 500);
	expect("140826100", "child", 1, 0, 0);
	expect("140826100", "disabled", 1, 0, 0);
	expect("140826100", "special_family", 1, 0, 0);
	expect("140826100", "poverty", 1, 1, 1000);
	expect("140826100", "low_income", 0, 0, -1);
	expect("140826100", "hypertension", 1, 1, 1000);
	expect("140826100", "diabetes", 1, 0, 0);
	expect("140826100", "tb", 0, 0, -1);
	expect("140826100", "smi", 0, 0, -1);
	expect("140826100", "households", 3, 1, 333);
	expect("140826101", "all", 3, 1, 333);
	expect("140826101", "priority", 3, 1, 333);
	expect("140826101", "elderly", 1, 0, 0);
	expect("140826101", "child", 1, 0, 0);
	expect("140826101", "tb", 1, 0, 0);
	expect("140826101", "hypertension", 0, 0, -1);
	expect("140826101", "smi", 1, 1, 1000);
	expect("140826101", "households", 1, 1, 1000);
	expect("140821100", "all", 1, 1, 1000);
	expect("140821100", "priority", 0, 0, -1);
	expect("140821100", "households", 1, 1, 1000);
	cr_expect(eq(str, (char *)str("140826100", "all", "name"), "古绛镇"));
	cr_expect(eq(str, (char *)str("140826100", "all", "by"), "township"));
	cr_expect(eq(str, (char *)str("140826100", "all", "denominator"),
		     "roster"));
	cr_expect(cJSON_IsNull(key("140826100", "all", "census")));
	cr_expect(cJSON_IsNull(key("140826100", "all", "target")));
	cr_expect(eq(int, boolean("140826100", "all", "target_met"), -1));
}

/* Each person once in the total: A1 is elderly, poverty and hypertension
 * but one of the 8 priority residents; B2 (died), E2 (not born yet) are
 * no residents, B3 (moves after the date) is; C1 (contract not started),
 * C2 (terminated), D1 (expired), D3 (cover ended that day), B1 (pending)
 * are not signed. */
Test(report_coverage, total_counts_each_person_once)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TOWNSHIP);

	run_ok(&q);
	expect("TOTAL", "all", 11, 4, 364);
	expect("TOTAL", "priority", 8, 2, 250);
	expect("TOTAL", "elderly", 3, 1, 333);
	expect("TOTAL", "child", 2, 0, 0);
	expect("TOTAL", "poverty", 1, 1, 1000);
	expect("TOTAL", "low_income", 0, 0, -1);
	expect("TOTAL", "households", 5, 3, 600);
	cr_expect(eq(str, (char *)str("TOTAL", "all", "name"), "TOTAL"));
	/* the last records are the total's */
	cr_expect(eq(str, cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
		recs, 4 * 13 - 1), "unit")->valuestring, "TOTAL"));
}

Test(report_coverage, default_is_township)
{
	fdss_report_query q = query(0);

	run_ok(&q);
	expect("140826101", "all", 3, 1, 333);
}

Test(report_coverage, by_county_and_village)
{
	fdss_report_query q = query(FDSS_REPORT_BY_COUNTY);

	run_ok(&q);
	cr_assert(eq(int, cJSON_GetArraySize(recs), 3 * 13));
	expect("140826", "all", 10, 3, 300);
	expect("140826", "households", 4, 2, 500);
	expect("140821", "all", 1, 1, 1000);
	cr_expect(eq(str, (char *)str("140821", "all", "name"), "临猗县"));

	q = query(FDSS_REPORT_BY_VILLAGE);
	q.area = "140826100";
	run_ok(&q);
	cr_assert(eq(int, cJSON_GetArraySize(recs), 3 * 13));
	expect("140826100201", "all", 5, 2, 400);
	expect("140826100201", "households", 2, 1, 500);
	expect("140826100202", "all", 2, 0, 0);
	expect("TOTAL", "all", 7, 2, 286);
}

/* A person is in one team only when covered; the others are the
 * unsigned row; rates are shares of the total's denominator. */
Test(report_coverage, by_team)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TEAM);

	run_ok(&q);
	cr_assert(eq(int, cJSON_GetArraySize(recs), 4 * 13));
	expect("T01", "all", 2, 2, 182);
	expect("T02", "all", 2, 2, 182);
	expect(NULL, "all", 7, 0, 0);
	expect("TOTAL", "all", 11, 4, 364);
	expect("T01", "priority", 1, 1, 125);
	expect("T02", "priority", 1, 1, 125);
	expect(NULL, "priority", 6, 0, 0);
	expect("T01", "households", 1, 1, 200);
	expect("T02", "households", 2, 2, 400);
	expect(NULL, "households", 2, 0, 0);
	cr_expect(eq(dbl, key("T01", "all", "base")->valuedouble, 11));
	cr_expect(eq(str, (char *)str("T01", "all", "name"), "古绛一队"));
	cr_expect(eq(str, (char *)str(NULL, "all", "name"), "未签约"));

	q.team = "T02";
	run_ok(&q);
	cr_assert(eq(int, cJSON_GetArraySize(recs), 2 * 13));
	expect("T02", "all", 2, 2, 182);
	expect("TOTAL", "all", 11, 2, 182);
}

Test(report_coverage, team_filter_by_area)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TOWNSHIP);

	q.team = "T01";
	run_ok(&q);
	expect("140826100", "all", 7, 2, 286);
	expect("140826101", "all", 3, 0, 0);
	expect("TOTAL", "all", 11, 2, 182);
}

Test(report_coverage, targets_met_and_not)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TOWNSHIP);
	char text[] = "all=30,priority=60,poverty=100";
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_report_targets_parse(&q, text, &err), FDSS_OK));
	run_ok(&q);
	cr_expect(eq(int, boolean("140826100", "all", "target_met"), 0));
	cr_expect(eq(dbl, key("140826100", "all", "target")->valuedouble, 30));
	cr_expect(eq(int, boolean("140826100", "priority", "target_met"), 0));
	cr_expect(eq(int, boolean("140826100", "poverty", "target_met"), 1));
	cr_expect(eq(int, boolean("140826101", "all", "target_met"), 1));
	cr_expect(eq(int, boolean("140826101", "priority", "target_met"), 0));
	/* no poverty resident: no rate, no answer */
	cr_expect(eq(int, boolean("140826101", "poverty", "target_met"), -1));
	cr_expect(eq(int, boolean("140826101", "elderly", "target_met"), -1));
	cr_expect(cJSON_IsNull(key("140826101", "elderly", "target")));
	cr_expect(eq(int, boolean("TOTAL", "all", "target_met"), 1));
	cr_expect(eq(int, boolean("TOTAL", "priority", "target_met"), 0));
	cr_expect(eq(int, boolean("TOTAL", "poverty", "target_met"), 1));
}

Test(report_coverage, targets_by_team_only_on_the_total)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TEAM);
	char text[] = "all=30";
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_report_targets_parse(&q, text, &err), FDSS_OK));
	run_ok(&q);
	cr_expect(eq(int, boolean("T01", "all", "target_met"), -1));
	cr_expect(eq(int, boolean("TOTAL", "all", "target_met"), 1));
}

Test(report_coverage, unknown_target_group_is_named)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TOWNSHIP);
	char text[] = "all=30,elders=60";
	fdss_error err = FDSS_ERROR_INIT;

	cr_assert(eq(int, fdss_report_targets_parse(&q, text, &err), FDSS_OK));
	cr_assert(eq(int, run(&q), FDSS_EINVAL));
	cr_expect(strstr(fdss_db_errmsg(db), "--target 'elders': no such "
			 "group") != NULL, "%s", fdss_db_errmsg(db));
}

Test(report_coverage, bad_options)
{
	fdss_report_query q = query(FDSS_REPORT_BY_COUNTY);

	q.area = "140826100";
	cr_expect(eq(int, run(&q), FDSS_EINVAL));
	cr_expect(eq(str, (char *)fdss_db_errmsg(db), "--by county: coarser "
		     "than --area 140826100 (a township)"));
	q = query(FDSS_REPORT_BY_TOWNSHIP);
	q.area = "140899";
	cr_expect(eq(int, run(&q), FDSS_ENOTFOUND));
	q = query(FDSS_REPORT_BY_TOWNSHIP);
	q.team = "T99";
	cr_expect(eq(int, run(&q), FDSS_ENOTFOUND));
	cr_expect(eq(str, (char *)fdss_db_errmsg(db), "team 'T99': no such "
		     "team"));
	q = query(FDSS_REPORT_BY_TOWNSHIP);
	q.program = "hypertension";
	cr_expect(eq(int, run(&q), FDSS_EINVAL));
}

/* Another date, another answer: at 2026-12-01 C3 has started (C1 signed),
 * B3 has moved away and E2 is born (a child, unsigned: E2 is a member
 * of C7, which covers the newborn from then). */
Test(report_coverage, as_of_moves_every_definition)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TOWNSHIP);

	q.ref = fdss_date_from_ymd(2026, 12, 1);
	run_ok(&q);
	expect("140826100", "all", 6, 3, 500);
	expect("140826100", "diabetes", 1, 1, 1000);
	expect("140821100", "all", 2, 2, 1000);
	expect("140821100", "child", 1, 1, 1000);
	expect("TOTAL", "all", 11, 6, 545);
}

static void census(const char *sql)
{
	cr_assert(eq(int, fdss_db_exec(db, sql), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
}

/* A census figure of the report's year replaces the roster count. */
Test(report_coverage, census_replaces_the_roster)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TOWNSHIP);

	census("INSERT INTO population VALUES ('140826100', 2026, 'all', 10),"
	       " ('140826100', 2025, 'priority', 50),"
	       " ('140826101', 2026, 'households', 4),"
	       " ('140826', 2026, 'all', 20)");
	run_ok(&q);
	expect("140826100", "all", 7, 2, 200);
	cr_expect(eq(str, (char *)str("140826100", "all", "denominator"),
		     "census"));
	cr_expect(eq(dbl, key("140826100", "all", "census")->valuedouble, 10));
	cr_expect(eq(dbl, key("140826100", "all", "base")->valuedouble, 10));
	/* 2025's figure is not 2026's */
	expect("140826100", "priority", 5, 1, 200);
	cr_expect(eq(str, (char *)str("140826100", "priority", "denominator"),
		     "roster"));
	expect("140826101", "households", 1, 1, 250);
	/* the total's figure is the --area's only */
	expect("TOTAL", "all", 11, 4, 364);
	cr_expect(eq(str, (char *)str("TOTAL", "all", "denominator"),
		     "roster"));

	q.area = "140826";
	run_ok(&q);
	expect("TOTAL", "all", 10, 3, 150);
	cr_expect(eq(str, (char *)str("TOTAL", "all", "denominator"),
		     "census"));

	/* by team, the total's denominator for every row */
	q.by = FDSS_REPORT_BY_TEAM;
	run_ok(&q);
	expect("T01", "all", 2, 2, 100);
	cr_expect(eq(str, (char *)str("T01", "all", "denominator"), "census"));
}

/* Census import: counts, upsert with audit, rejects with their place. */
struct rejects {
	char msg[8][200];
	int n;
};

static void on_reject(void *arg, const char *msg)
{
	struct rejects *r = arg;

	if (r->n < 8)
		snprintf(r->msg[r->n++], sizeof(r->msg[0]), "%s", msg);
}

static int import_text(const char *text, int atomic,
		       fdss_population_stats *st, struct rejects *r)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	cr_assert(f != NULL);
	memset(st, 0, sizeof(*st));
	rc = fdss_population_import(db, f, "census.csv", atomic, st,
				    on_reject, r);
	fclose(f);
	return rc;
}

/* The one number sql answers with, -1 for no row. */
static long long number(const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	cr_assert(eq(int, sqlite3_prepare_v2(fdss__db_sqlite(db), sql, -1, &st,
					     NULL), SQLITE_OK), "%s", sql);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long figure(const char *code, int year, const char *grp)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT residents FROM population WHERE "
		 "area_code = '%s' AND year = %d AND grp = '%s'", code, year,
		 grp);
	return number(sql);
}

Test(report_coverage, population_import)
{
	fdss_population_stats st;
	struct rejects r = { .n = 0 };

	cr_assert(eq(int, import_text("year,Area_Code,group,residents,note\n"
				      "2026,140826100,all,10,x\n"
				      "2026,140826100,priority,6,\n"
				      "2026,140826,households,4000,\n",
				      0, &st, &r), FDSS_OK));
	cr_expect(eq(long, st.read, 3));
	cr_expect(eq(long, st.inserted, 3));
	cr_expect(eq(long, figure("140826100", 2026, "priority"), 6));
	cr_assert(eq(int, import_text("area_code,year,group,residents\n"
				      "140826100,2026,all,12\n"
				      "140826100,2026,priority,6\n"
				      "140899100,2026,all,1\n"
				      "140826100,26,all,1\n"
				      "140826100,2026,elders,1\n"
				      "140826100,2026,all,-3\n",
				      0, &st, &r), FDSS_OK));
	cr_expect(eq(long, st.read, 6));
	cr_expect(eq(long, st.updated, 1));
	cr_expect(eq(long, st.unchanged, 1));
	cr_expect(eq(long, st.rejected, 4));
	cr_expect(eq(long, figure("140826100", 2026, "all"), 12));
	cr_assert(eq(int, r.n, 4));
	cr_expect(eq(str, r.msg[0], "census.csv:4: area_code '140899100': no "
		     "such area (load it with 'fdss area import')"));
	cr_expect(eq(str, r.msg[1], "census.csv:5: year '26': expected a "
		     "year, 1900 to 9999"));
	cr_expect(strstr(r.msg[2], "census.csv:6: group 'elders': expected "
			 "all, priority, ") == r.msg[2], "%s", r.msg[2]);
	cr_expect(eq(str, r.msg[3], "census.csv:7: residents '-3': expected a "
		     "whole number, 0 or more"));
	cr_expect(eq(long, (long)number("SELECT count(*) FROM audit_log WHERE"
					" table_name = 'population' AND row_key"
					" = '140826100:2026:all'"), 1));
	/* --atomic: one bad row, nothing stored */
	r.n = 0;
	cr_assert(eq(int, import_text("area_code,year,group,residents\n"
				      "140826100,2026,all,99\n"
				      "140826100,2026,all,x\n", 1, &st, &r),
		  FDSS_EDATA));
	cr_expect(eq(long, figure("140826100", 2026, "all"), 12));
	/* a missing column */
	cr_expect(eq(int, import_text("area_code,year,residents\n", 0, &st,
				      &r), FDSS_EDATA));
	cr_expect(eq(str, (char *)fdss_db_errmsg(db), "census.csv: no 'group' "
		     "column in the header"));
}

/* A household whose members two teams cover goes with the first code. */
Test(report_coverage, household_of_two_teams)
{
	fdss_report_query q = query(FDSS_REPORT_BY_TEAM);

	census("INSERT INTO household (household_no, village_code)"
	       " VALUES ('H6', '140821100201');"
	       "INSERT INTO person (id_number, name, sex, birth_date,"
	       " household_no, relation) VALUES"
	       " ('F1', '己一', 'M', '1990-01-01', 'H6', '户主'),"
	       " ('F2', '己二', 'F', '1991-01-01', 'H6', '配偶');"
	       "INSERT INTO contract (id, number, household_no, team_code,"
	       " doctor, start_date, end_date, years, status, created,"
	       " reviewed_at) VALUES"
	       " (8, 'C8', 'H6', 'T02', '李医生', '2026-01-01', '2026-12-31',"
	       "  1, 'active', '', '2026-01-01'),"
	       " (9, 'C9', 'H6', 'T01', '张医生', '2026-01-01', '2026-12-31',"
	       "  1, 'active', '', '2026-01-01');"
	       "INSERT INTO contract_member (contract_id, id_number) VALUES"
	       " (8, 'F1'), (9, 'F2')");
	run_ok(&q);
	expect("T01", "all", 3, 3, 231);
	expect("T02", "all", 3, 3, 231);
	expect("T01", "households", 2, 2, 333);
	expect("T02", "households", 2, 2, 333);
	expect("TOTAL", "households", 6, 4, 667);
}
