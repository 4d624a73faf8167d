#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"
#include "internal.h"

/*
 * fdss fix and fdss audit revert on tests/fixtures/roster-seed.sql at
 * 2026-11-22: H1 is P1 王建国 (hypertension since 2018-04-02), P2 李秀英,
 * P3, P4; H3 is P8 孙桂兰 and P9 孙强; H5 is P11 吴芳.  Team T01 has
 * doctors 王医生 and 李医生 and nurse 张护士; H1 and H3 signed with
 * 王医生 for a year from 2026-11-22, approved.
 */
#define P1 "140826196111220117"
#define P2 "140826196111230227"
#define P4 "140826201911230421"
#define P11 "140826199506151121"
#define P1_NEW "140826196203150128"	/* a valid number, born 1962-03-15 */

static fdss_db *db;
static char k1[32], k3[32];	/* the contracts of H1 and H3 */
static char both[128];		/* "contract K1;contract K3;" */
static char rejected[1024];
static char changed[4096];

static fdss_date d(const char *s)
{
	fdss_date v = 0;

	cr_assert(eq(int, fdss_date_parse(&v, s, NULL), FDSS_OK));
	return v;
}

static void sign(const char *household)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_batch *b = NULL;
	fdss_sign_req r;
	const char *names[] = { household };

	memset(&r, 0, sizeof(r));
	r.team = "T01";
	o.ref = d("2026-11-22");
	o.approve = 1;
	cr_assert(eq(int, fdss_contract_batch_open(&b, db, &o), FDSS_OK));
	cr_assert(eq(int, fdss_contract_sign_names(b, names, 1, &r), FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, NULL), FDSS_OK));
	fdss_contract_batch_free(b);
}

/* The number of household's contract into out (32 bytes): numbers
 * are read, never written into the tests. */
static void number_of(const char *household, char *out)
{
	sqlite3_stmt *st;

	cr_assert(eq(int, sqlite3_prepare_v2(fdss__db_sqlite(db),
		"SELECT number FROM contract WHERE household_no = ?1", -1, &st,
		NULL), SQLITE_OK));
	sqlite3_bind_text(st, 1, household, -1, SQLITE_STATIC);
	cr_assert(eq(int, sqlite3_step(st), SQLITE_ROW));
	snprintf(out, 32, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

static void open_db(void)
{
	db = seed_db(SEED);
	cr_assert(eq(int, fdss_db_set_actor(db, "tester", "fdss fix test"),
		     FDSS_OK));
	cr_assert(eq(int, fdss_team_add(db, "T01", "城关团队", "城关镇卫生院",
					NULL, d("2026-01-01")), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "王医生", "doctor",
					       NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "李医生", "doctor",
					       NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "张护士", "nurse",
					       NULL, NULL, NULL), FDSS_OK));
	sign("H1");
	sign("H3");
	number_of("H1", k1);
	number_of("H3", k3);
	snprintf(both, sizeof(both), "contract %s;contract %s;", k1, k3);
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

TestSuite(fix, .init = open_db, .fini = close_db);

/* ---- helpers ------------------------------------------------------------ */

static char *text(const char *sql)
{
	sqlite3_stmt *st;
	char *out;

	cr_assert(eq(int, sqlite3_prepare_v2(fdss__db_sqlite(db), sql, -1, &st,
					     NULL), SQLITE_OK));
	out = strdup(sqlite3_step(st) == SQLITE_ROW &&
		     sqlite3_column_text(st, 0)
		     ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	return out;
}

static void expect_sql(const char *sql, const char *want)
{
	char *got = text(sql);

	cr_expect(eq(str, got, (char *)want), "%s", sql);
	free(got);
}

static int count(const char *sql)
{
	char *s = text(sql);
	int n = atoi(s);

	free(s);
	return n;
}

/* Every row of every table, in one string. */
/* Every row of the tables a fix may touch, the audit log with them
 * unless audit is 0. */
static char *dump_tables(int audit)
{
	static const char *const tables[] = {
		"person", "household", "condition", "contract",
		"contract_member", "contract_fee", "followup", "referral",
		"team", "team_member", "audit_log", "setting"
	};
	char sql[64], *all = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&all, &len);
	sqlite3_stmt *st;
	int c;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		if (!audit && strcmp(tables[i], "audit_log") == 0)
			continue;
		snprintf(sql, sizeof(sql), "SELECT * FROM %s", tables[i]);
		cr_assert(eq(int, sqlite3_prepare_v2(fdss__db_sqlite(db), sql,
						     -1, &st, NULL), SQLITE_OK));
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (c = 0; c < sqlite3_column_count(st); c++)
				fprintf(f, "%s|", sqlite3_column_text(st, c)
					? (const char *)sqlite3_column_text(st, c)
					: "NULL");
			fputc('\n', f);
		}
		sqlite3_finalize(st);
	}
	fclose(f);
	return all;
}

static char *dump(void)
{
	return dump_tables(1);
}

static void on_reject(void *arg, const char *subject, const char *reason)
{
	(void)arg;
	snprintf(rejected, sizeof(rejected), "%s: %s", subject ? subject : "",
		 reason);
}

static int on_fixed(void *arg, const fdss_fix_change *c, size_t n)
{
	size_t i, len;

	(void)arg;
	for (i = 0; i < n; i++) {
		len = strlen(changed);
		snprintf(changed + len, sizeof(changed) - len, "%s %s;",
			 c[i].table, c[i].key);
	}
	return 0;
}

static fdss_fix_batch *batch(int dry_run, int atomic)
{
	fdss_fix_opts o = FDSS_FIX_OPTS_INIT;
	fdss_fix_batch *b = NULL;

	o.ref = d("2026-11-22");
	o.dry_run = dry_run;
	o.atomic = atomic;
	o.reject = on_reject;
	o.fixed = on_fixed;
	cr_assert(eq(int, fdss_fix_batch_open(&b, db, &o), FDSS_OK));
	rejected[0] = changed[0] = '\0';
	return b;
}

/* One fix in a batch of its own: what fdss_fix_apply() returned. */
static int fix(const char *table, const char *key, const char *set,
	       const char *reason)
{
	fdss_fix_batch *b = batch(0, 0);
	cJSON *obj = cJSON_Parse(set);
	fdss_fix_req r = { table, key, obj, reason };
	int rc = fdss_fix_apply(b, &r);

	cr_assert(eq(int, fdss_fix_batch_finish(b, NULL), FDSS_OK));
	fdss_fix_batch_free(b);
	cJSON_Delete(obj);
	return rc;
}

static int revert(long long entry, const char *reason)
{
	fdss_fix_batch *b = batch(0, 0);
	int rc = fdss_fix_revert(b, entry, reason);

	cr_assert(eq(int, fdss_fix_batch_finish(b, NULL), FDSS_OK));
	fdss_fix_batch_free(b);
	return rc;
}

static int last_entry(void)
{
	return count("SELECT max(id) FROM audit_log");
}

/* A fix refused: nothing changed anywhere, the reason has want. */
static void expect_refused(const char *table, const char *key,
			   const char *set, const char *want)
{
	char *before = dump(), *after;

	cr_expect(eq(int, fix(table, key, set, "test"), FDSS_EDATA), "%s", set);
	after = dump();
	cr_expect(eq(str, after, before), "%s changed the database", set);
	cr_expect(strstr(rejected, want) != NULL, "'%s' lacks '%s'", rejected,
		  want);
	free(before);
	free(after);
}

/* ---- each table: valid ---------------------------------------------------- */

Test(fix, person_phone_changes_only_the_phone_with_one_entry)
{
	char *before, *after;
	int e = last_entry();

	before = dump_tables(0);
	cr_assert(eq(int, fix("person", P1, "{\"phone\":\"13900000000\"}",
			      "wrong phone"), FDSS_OK));
	expect_sql("SELECT phone FROM person WHERE id_number = '" P1 "'",
		   "13900000000");
	cr_expect(eq(int, last_entry(), e + 1));
	expect_sql("SELECT operator || '|' || table_name || '|' || row_key ||"
		   " '|' || before || '|' || after || '|' || reason || '|' ||"
		   " command FROM audit_log ORDER BY id DESC LIMIT 1",
		   "tester|person|" P1 "|{\"phone\":\"13800000001\"}|"
		   "{\"phone\":\"13900000000\"}|wrong phone|fdss fix test");
	cr_expect(eq(str, changed, "person " P1 ";"));
	/* put it back by hand (the log is append-only, its entry stays):
	 * nothing else moved */
	sqlite3_exec(fdss__db_sqlite(db), "UPDATE person SET phone ="
		     " '13800000001' WHERE id_number = '" P1 "'", NULL, NULL,
		     NULL);
	after = dump_tables(0);
	cr_expect(eq(str, after, before));
	free(before);
	free(after);
}

Test(fix, person_flags_and_relation_use_the_import_rules)
{
	cr_assert(eq(int, fix("person", P2, "{\"disabled\":\"是\","
			      "\"relation\":\"之母\",\"poverty_exit_year\":"
			      "2019}", "registry"), FDSS_OK));
	expect_sql("SELECT disabled || relation || poverty_exit_year FROM person"
		   " WHERE id_number = '" P2 "'", "1之母2019");
	expect_sql("SELECT before || after FROM audit_log ORDER BY id DESC"
		   " LIMIT 1", "{\"disabled\":0,\"relation\":\"配偶\","
		   "\"poverty_exit_year\":2020}{\"disabled\":1,\"relation\":"
		   "\"之母\",\"poverty_exit_year\":2019}");
}

Test(fix, same_value_changes_nothing)
{
	int e = last_entry();

	cr_assert(eq(int, fix("person", P1, "{\"phone\":\"13800000001\"}",
			      "same"), FDSS_OK));
	cr_expect(eq(int, last_entry(), e));
	cr_expect(eq(str, changed, ""));
}

Test(fix, household_address_and_team_member_phone)
{
	cr_assert(eq(int, fix("household", "H2", "{\"address\":\"新村 1 号\"}",
			      "moved house"), FDSS_OK));
	expect_sql("SELECT address FROM household WHERE household_no = 'H2'",
		   "新村 1 号");
	cr_assert(eq(int, fix("household", "H2", "{\"village_code\":"
			      "\"140826101201\"}", "wrong village"), FDSS_OK));
	expect_sql("SELECT before || after FROM audit_log ORDER BY id DESC"
		   " LIMIT 1", "{\"village_code\":\"140826100202\"}"
		   "{\"village_code\":\"140826101201\"}");
	cr_assert(eq(int, fix("team-member", "1", "{\"phone\":\"0359-1\","
			      "\"title\":\"主治医师\"}", "card"), FDSS_OK));
	expect_sql("SELECT phone || title FROM team_member WHERE id = 1",
		   "0359-1主治医师");
	expect_sql("SELECT table_name || row_key FROM audit_log ORDER BY id"
		   " DESC LIMIT 1", "team_member1");
}

Test(fix, condition_dates)
{
	cr_assert(eq(int, fix("condition", P1 ":hypertension",
			      "{\"since\":\"2018-05-01\"}", "record"), FDSS_OK));
	expect_sql("SELECT since FROM condition WHERE id_number = '" P1 "'",
		   "2018-05-01");
	cr_assert(eq(int, fix("condition", P2 ":diabetes",
			      "{\"ended_on\":\"2020-01-01\"}", "record"),
		     FDSS_OK));
	expect_sql("SELECT ended_on FROM condition WHERE id_number = '" P2 "'",
		   "2020-01-01");
}

/* ---- each table: invalid changes nothing and names the field --------------- */

Test(fix, invalid_fixes_change_nothing_and_name_the_field)
{
	expect_refused("person", P1, "{\"relation\":\"外星\"}", "relation '外星'");
	expect_refused("person", P1, "{\"phone\":\"1\",\"sex\":\"F\"}",
		       "field 'sex' cannot be fixed");
	expect_refused("person", P1, "{\"name\":\"\"}", "name: empty");
	expect_refused("person", P1, "{\"disabled\":\"maybe\"}", "disabled");
	expect_refused("person", P1, "{\"poverty_exit_year\":\"2030\"}",
		       "poverty_exit_year '2030'");
	expect_refused("person", P1, "{\"id_number\":\"140826196111220118\"}",
		       "id_number '140826196111220118': check character");
	expect_refused("person", P1, "{\"household_no\":\"H9\"}",
		       "household_no 'H9': no such household");
	expect_refused("person", "140826196111229999", "{\"phone\":\"1\"}",
		       "no person");
	expect_refused("household", "H1", "{\"village_code\":\"1\"}",
		       "village_code '1': 12 digits expected");
	expect_refused("household", "H1", "{\"village_code\":"
		       "\"140826100299\"}", "village_code '140826100299': no "
		       "such village");
	expect_refused("household", "H1", "{\"head\":\"x\"}",
		       "field 'head' cannot be fixed (household fields: "
		       "village_code, address, phone)");
	expect_refused("contract", k1, "{\"doctor\":\"张护士\"}",
		       "张护士");
	expect_refused("contract", k1, "{\"start_date\":\"x\"}",
		       "field 'start_date'");
	expect_refused("followup", "99", "{\"sbp\":150}", "no visit '99'");
	expect_refused("condition", P1 ":hypertension",
		       "{\"ended_on\":\"2026-01-01\"}", "ended_on: the condition "
		       "is active");
	expect_refused("condition", P2 ":diabetes",
		       "{\"ended_on\":\"2014-01-01\"}", "ended_on: end date "
		       "2014-01-01 is before the diagnosis date 2015-01-01");
	expect_refused("condition", P1 ":hypertension",
		       "{\"since\":\"2027-01-01\"}", "since: diagnosis date "
		       "2027-01-01 is in the future");
	expect_refused("team-member", "1", "{\"phone\":\"0123456789012345678"
		       "901234567890123\"}", "phone is longer than 32 bytes");
	expect_refused("person", P1, "{\"phone\":[1]}", "phone: expected");
}

Test(fix, reason_is_required)
{
	cr_assert(eq(int, fix("person", P1, "{\"phone\":\"1\"}", NULL),
		     FDSS_EDATA));
	cr_expect(strstr(rejected, "reason: required") != NULL, "%s", rejected);
}

/* ---- ID number ------------------------------------------------------------ */

Test(fix, id_number_carries_every_reference)
{
	fdss_followup_opts o = FDSS_FOLLOWUP_OPTS_INIT;
	fdss_followup_batch *fb = NULL;
	fdss_visit v = FDSS_VISIT_INIT;

	o.ref = d("2026-11-22");
	cr_assert(eq(int, fdss_followup_batch_open(&fb, db, &o), FDSS_OK));
	v.id_number = P1;
	v.program = FDSS_PROGRAM_HYPERTENSION;
	v.date = d("2026-10-01");
	v.sbp = 150;
	v.dbp = 95;
	cr_assert(eq(int, fdss_followup_record(fb, &v), FDSS_OK));
	v.date = d("2026-11-01");
	cr_assert(eq(int, fdss_followup_record(fb, &v), FDSS_OK));
	cr_assert(eq(int, fdss_followup_batch_finish(fb, NULL), FDSS_OK));
	fdss_followup_batch_free(fb);
	cr_assert(eq(int, count("SELECT count(*) FROM referral"), 1));

	cr_assert(eq(int, fix("person", P1, "{\"id_number\":\"" P1_NEW "\"}",
			      "typed wrong at signing"), FDSS_OK));
	expect_sql("SELECT sex || birth_date FROM person WHERE id_number = '"
		   P1_NEW "'", "F1962-03-15");
	cr_expect(eq(int, count("SELECT count(*) FROM person WHERE id_number ="
				" '" P1 "'"), 0));
	cr_expect(eq(int, count("SELECT (SELECT count(*) FROM condition WHERE"
		" id_number = '" P1_NEW "') * 1000 + (SELECT count(*) FROM"
		" contract_member WHERE id_number = '" P1_NEW "') * 100 +"
		" (SELECT count(*) FROM contract_fee WHERE id_number = '"
		P1_NEW "') * 10 + (SELECT count(*) FROM followup WHERE"
		" id_number = '" P1_NEW "')"), 1112));
	cr_expect(eq(int, count("SELECT count(*) FROM referral WHERE"
				" id_number = '" P1_NEW "'"), 1));
	expect_sql("SELECT count(*) FROM pragma_foreign_key_check", "0");
	expect_sql("SELECT before || after FROM audit_log WHERE table_name ="
		   " 'person' ORDER BY id DESC LIMIT 1",
		   "{\"id_number\":\"" P1 "\",\"sex\":\"M\",\"birth_date\":"
		   "\"1961-11-22\"}{\"id_number\":\"" P1_NEW "\",\"sex\":\"F\","
		   "\"birth_date\":\"1962-03-15\"}");
	/* one entry per moved row: condition, member, 2 visits, referral */
	cr_expect(eq(int, count("SELECT count(*) FROM audit_log WHERE reason ="
				" 'typed wrong at signing'"), 6));
}

Test(fix, id_number_onto_another_person_is_refused_naming_it)
{
	expect_refused("person", P1, "{\"id_number\":\"" P2 "\"}",
		       "id_number '" P2 "': already the ID number of 李秀英");
}

/* ---- household move ------------------------------------------------------- */

Test(fix, move_into_a_household_with_a_contract_joins_it)
{
	cr_assert(eq(int, fix("person", P4, "{\"household_no\":\"H3\"}",
			      "wrong household"), FDSS_OK));
	expect_sql("SELECT ended_on || end_reason FROM contract_member WHERE"
		   " contract_id = 1 AND id_number = '" P4 "'",
		   "2026-11-22moved");
	expect_sql("SELECT count(*) FROM contract_member WHERE contract_id = 2"
		   " AND id_number = '" P4 "' AND ended_on IS NULL", "1");
	expect_sql("SELECT package_code || year_start || resident_fen FROM"
		   " contract_fee WHERE contract_id = 2 AND id_number = '" P4 "'",
		   "basic2026-11-221200");
	cr_expect(strncmp(changed, both, strlen(both)) == 0, "%s", changed);
	cr_expect(eq(str, changed + strlen(both), "person " P4 ";"));
}

Test(fix, move_into_a_household_without_a_contract)
{
	char want[128];

	cr_assert(eq(int, fix("person", P4, "{\"household_no\":\"H2\"}",
			      "wrong household"), FDSS_OK));
	expect_sql("SELECT household_no FROM person WHERE id_number = '" P4 "'",
		   "H2");
	expect_sql("SELECT end_reason FROM contract_member WHERE id_number = '"
		   P4 "'", "moved");
	cr_expect(eq(int, count("SELECT count(*) FROM contract_member WHERE"
				" id_number = '" P4 "'"), 1));
	snprintf(want, sizeof(want), "contract %s;person " P4 ";", k1);
	cr_expect(eq(str, changed, want));
}

/* ---- visits --------------------------------------------------------------- */

Test(fix, corrected_measurement_reclassifies_the_chain)
{
	fdss_followup_opts o = FDSS_FOLLOWUP_OPTS_INIT;
	fdss_followup_batch *fb = NULL;
	fdss_visit v = FDSS_VISIT_INIT;
	const char *dates[] = { "2026-09-01", "2026-10-01", "2026-11-01" };
	int sbp[] = { 150, 130, 150 }, i;

	o.ref = d("2026-11-22");
	cr_assert(eq(int, fdss_followup_batch_open(&fb, db, &o), FDSS_OK));
	v.id_number = P1;
	v.program = FDSS_PROGRAM_HYPERTENSION;
	for (i = 0; i < 3; i++) {
		v.date = d(dates[i]);
		v.sbp = sbp[i];
		v.dbp = sbp[i] == 150 ? 95 : 80;
		cr_assert(eq(int, fdss_followup_record(fb, &v), FDSS_OK));
	}
	cr_assert(eq(int, fdss_followup_batch_finish(fb, NULL), FDSS_OK));
	fdss_followup_batch_free(fb);
	expect_sql("SELECT group_concat(classification) FROM (SELECT"
		   " classification FROM followup ORDER BY visit_date)",
		   "uncontrolled,controlled,uncontrolled");

	cr_assert(eq(int, fix("followup", "2", "{\"sbp\":\"150\",\"dbp\":95}",
			      "typed 130"), FDSS_OK));
	expect_sql("SELECT group_concat(classification) FROM (SELECT"
		   " classification FROM followup ORDER BY visit_date)",
		   "uncontrolled,referral,referral");
	cr_expect(eq(int, count("SELECT count(*) FROM referral"), 2));
	cr_expect(eq(str, changed, "followup 3;followup 2;"));

	/* moved after the third: the chain's order and latest follow */
	cr_assert(eq(int, fix("followup", "2", "{\"date\":\"2026-11-05\"}",
			      "date"), FDSS_OK));
	expect_sql("SELECT group_concat(id || classification || latest) FROM"
		   " (SELECT * FROM followup ORDER BY visit_date)",
		   "1uncontrolled0,3referral0,2referral1");
	expect_refused("followup", "2", "{\"date\":\"2026-11-01\"}",
		       "date: a hypertension visit on 2026-11-01 is already "
		       "recorded");
	expect_refused("followup", "2", "{\"sbp\":400}", "sbp");
	expect_refused("followup", "2", "{\"classification\":\"stable\"}",
		       "field 'classification' cannot be fixed");
}

/* ---- contract doctor -------------------------------------------------------- */

Test(fix, contract_doctor_is_an_active_doctor_within_the_limit)
{
	cr_assert(eq(int, fix("contract", k1,
			      "{\"doctor\":\"李医生\"}", "asked"), FDSS_OK));
	expect_sql("SELECT doctor FROM contract WHERE household_no = 'H1'",
		   "李医生");
	expect_refused("contract", k1, "{\"doctor\":\"赵医生\"}",
		       "doctor '赵医生': team 'T01' has no doctor '赵医生'");
	cr_assert(eq(int, fdss_setting_set(db, "doctor_limit", "5", NULL),
		     FDSS_OK));
	/* 李医生 has H1's 4; H3's 2 more would pass 5 */
	expect_refused("contract", k3, "{\"doctor\":\"李医生\"}",
		       "doctor 李医生 of team T01 has 4 signed residents; 2 "
		       "more would pass the limit of 5");
}

/* ---- dry run, batches -------------------------------------------------------- */

Test(fix, dry_run_writes_nothing)
{
	fdss_fix_batch *b = batch(1, 0);
	cJSON *set = cJSON_Parse("{\"household_no\":\"H3\"}");
	fdss_fix_req r = { "person", P4, set, "check" };
	char *before = dump(), *after;

	cr_assert(eq(int, fdss_fix_apply(b, &r), FDSS_OK));
	cr_expect(strncmp(changed, both, strlen(both)) == 0, "%s", changed);
	cr_expect(eq(str, changed + strlen(both), "person " P4 ";"));
	cr_assert(eq(int, fdss_fix_batch_finish(b, NULL), FDSS_OK));
	fdss_fix_batch_free(b);
	cJSON_Delete(set);
	after = dump();
	cr_expect(eq(str, after, before));
	free(before);
	free(after);
}

static fdss_fix_stats run_lines(const char *const *lines, size_t n,
				int atomic, int *rc)
{
	fdss_fix_batch *b = batch(0, atomic);
	fdss_fix_stats st;
	cJSON *obj;
	size_t i;

	cr_assert(eq(int, fdss_fix_batch_reason(b, "batch"), FDSS_OK));
	for (i = 0; i < n; i++) {
		obj = cJSON_Parse(lines[i]);
		fdss_fix_apply_json(b, obj);
		cJSON_Delete(obj);
	}
	*rc = fdss_fix_batch_finish(b, &st);
	fdss_fix_batch_free(b);
	return st;
}

Test(fix, batch_stores_the_valid_and_rejects_the_rest)
{
	const char *const lines[] = {
		"{\"table\":\"person\",\"key\":\"" P1 "\",\"set\":{\"phone\":"
		"\"1\"}}",
		"{\"table\":\"person\",\"key\":\"" P2 "\",\"set\":{\"sex\":"
		"\"M\"}}",
		"{\"type\":\"person\",\"id_number\":\"" P11 "\"}",
		"{\"table\":\"household\",\"key\":\"H5\",\"set\":{\"phone\":"
		"\"2\"},\"reason\":\"own\"}",
	};
	fdss_fix_stats st;
	int rc;

	st = run_lines(lines, 4, 0, &rc);
	cr_expect(eq(int, rc, FDSS_OK));
	cr_expect(eq(long, st.read, 4));
	cr_expect(eq(long, st.fixed, 2));
	cr_expect(eq(long, st.rejected, 2));
	expect_sql("SELECT phone FROM person WHERE id_number = '" P1 "'", "1");
	expect_sql("SELECT group_concat(reason) FROM (SELECT reason FROM"
		   " audit_log ORDER BY id DESC LIMIT 2)", "own,batch");
}

Test(fix, atomic_batch_stores_nothing_on_a_rejection)
{
	const char *const lines[] = {
		"{\"table\":\"person\",\"key\":\"" P1 "\",\"set\":{\"phone\":"
		"\"1\"}}",
		"{\"table\":\"person\",\"key\":\"" P2 "\",\"set\":{\"sex\":"
		"\"M\"}}",
	};
	char *before = dump(), *after;
	fdss_fix_stats st;
	int rc;

	st = run_lines(lines, 2, 1, &rc);
	cr_expect(eq(int, rc, FDSS_EDATA));
	cr_expect(eq(long, st.rejected, 1));
	after = dump();
	cr_expect(eq(str, after, before));
	free(before);
	free(after);
}

/* ---- revert ---------------------------------------------------------------- */

Test(fix, revert_restores_and_is_audited)
{
	char want[160];
	int e;

	cr_assert(eq(int, fix("person", P1, "{\"phone\":\"13900000000\"}",
			      "wrong phone"), FDSS_OK));
	e = last_entry();
	cr_assert(eq(int, revert(e, "it was right"), FDSS_OK));
	expect_sql("SELECT phone FROM person WHERE id_number = '" P1 "'",
		   "13800000001");
	snprintf(want, sizeof(want), "{\"phone\":\"13900000000\"}"
		 "{\"phone\":\"13800000001\"}revert of entry %d: it was right",
		 e);
	expect_sql("SELECT before || after || reason FROM audit_log ORDER BY"
		   " id DESC LIMIT 1", want);
	cr_expect(eq(int, last_entry(), e + 1));
}

Test(fix, revert_of_a_move_and_of_an_id_number)
{
	int move, id;

	cr_assert(eq(int, fix("person", P4, "{\"household_no\":\"H3\"}",
			      "wrong"), FDSS_OK));
	move = last_entry();
	cr_assert(eq(int, fix("person", P1, "{\"id_number\":\"" P1_NEW "\"}",
			      "wrong"), FDSS_OK));
	id = last_entry();
	cr_assert(eq(int, revert(move, "undo"), FDSS_OK));
	expect_sql("SELECT household_no FROM person WHERE id_number = '" P4 "'",
		   "H1");
	expect_sql("SELECT count(*) FROM contract_member WHERE id_number = '"
		   P4 "' AND ended_on IS NULL", "1");
	cr_assert(eq(int, revert(id, "undo"), FDSS_OK));
	expect_sql("SELECT sex || birth_date FROM person WHERE id_number = '"
		   P1 "'", "M1961-11-22");
	expect_sql("SELECT count(*) FROM pragma_foreign_key_check", "0");
}

Test(fix, revert_refused_by_a_later_change_names_it)
{
	int first, second;
	char want[64];

	cr_assert(eq(int, fix("person", P1, "{\"phone\":\"1\"}", "a"), FDSS_OK));
	first = last_entry();
	cr_assert(eq(int, fix("person", P1, "{\"name\":\"王建\"}", "b"),
		     FDSS_OK));
	cr_assert(eq(int, fix("person", P1, "{\"phone\":\"2\"}", "c"), FDSS_OK));
	second = last_entry();
	cr_assert(eq(int, revert(first, "undo"), FDSS_EDATA));
	snprintf(want, sizeof(want), "changed again by entry %d", second);
	cr_expect(strstr(rejected, want) != NULL, "%s", rejected);
	cr_expect(strncmp(rejected, "entry ", 6) == 0, "%s", rejected);
	expect_sql("SELECT phone FROM person WHERE id_number = '" P1 "'", "2");
	/* the name's entry touched no field of the phone's: it reverts */
	cr_assert(eq(int, revert(second - 1, "undo"), FDSS_OK));
	expect_sql("SELECT name FROM person WHERE id_number = '" P1 "'",
		   "王建国");
}

Test(fix, revert_refused_by_a_rule)
{
	int e;

	cr_assert(eq(int, fix("contract", k1,
			      "{\"doctor\":\"李医生\"}", "asked"), FDSS_OK));
	e = last_entry();
	cr_assert(eq(int, fdss_team_member_remove(db, "T01", "王医生", "doctor",
						  "left", NULL, NULL), FDSS_OK));
	cr_assert(eq(int, revert(e, "undo"), FDSS_EDATA));
	cr_expect(strstr(rejected, "doctor '王医生' of team 'T01' is inactive")
		  != NULL, "%s", rejected);
	cr_assert(eq(int, revert(9999, "undo"), FDSS_EDATA));
	cr_expect(strstr(rejected, "entry 9999: no audit entry 9999") != NULL,
		  "%s", rejected);
}

Test(fix, team_member_name_carries_their_contracts)
{
	int e = last_entry();

	cr_assert(eq(int, fix("team-member", "1", "{\"name\":\"王大夫\"}",
			      "typed wrong"), FDSS_OK));
	expect_sql("SELECT group_concat(doctor) FROM contract", "王大夫,王大夫");
	cr_expect(eq(int, last_entry(), e + 3));
	cr_expect(strncmp(changed, both, strlen(both)) == 0, "%s", changed);
	cr_expect(eq(str, changed + strlen(both), "team_member 1;"));
	expect_refused("team-member", "2", "{\"name\":\"王大夫\"}",
		       "name '王大夫': team 'T01' has a doctor of that name "
		       "already");
	expect_refused("team-member", "2", "{\"name\":\"\"}",
		       "team-member '2': name is empty");
}
