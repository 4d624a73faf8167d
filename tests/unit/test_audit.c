#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"

/* tests/fixtures/roster-seed.sql: P1 and P2 live in H1, P5 in H2. */
#define P1 "140826196111220117"
#define P2 "140826196111230227"
#define P5 "140826195002280511"
#define OLD "140826196111220010"	/* P1's number before a correction */

static fdss_db *db;

static void open_db(void)
{
	db = seed_db(SEED);
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

TestSuite(audit, .init = open_db, .fini = close_db);

/* Record one entry as operator op with command line cmd. */
static void record(const char *op, const char *cmd, const char *table,
		   const char *key, const char *before, const char *after)
{
	cr_assert(eq(int, fdss_db_set_actor(db, op, cmd), FDSS_OK));
	cr_assert(eq(int, fdss_db_begin(db), FDSS_OK));
	cr_assert(eq(int, fdss_audit_record(db, table, key, before, after,
					    NULL), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	cr_assert(eq(int, fdss_db_commit(db), FDSS_OK));
}

static int collect(const fdss_audit_entry *e, void *arg)
{
	char *buf = arg;

	snprintf(buf + strlen(buf), 256 - strlen(buf), "%s%lld",
		 *buf ? " " : "", (long long)e->id);
	return 0;
}

/* The ids f selects, "1 3 4". */
static const char *ids(const fdss_audit_filter *f)
{
	static char buf[256];

	buf[0] = '\0';
	cr_assert(eq(int, fdss_audit_query(db, f, collect, buf), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	return buf;
}

/* Entries 1-4 of the filter tests. */
static void four_entries(void)
{
	record("ann", "fdss-sign --team T01 H1", "person", P1,
	       "{\"phone\":\"13800000001\"}", "{\"phone\":\"13900000001\"}");
	record("bob", "fdss-condition end " P1 " hypertension", "condition",
	       P1 ":hypertension", "{\"status\":\"active\"}",
	       "{\"status\":\"ended\"}");
	record("ann", "fdss-signal x", "person", P2, NULL, "{}");
	record("ann", "fdss-condition add " P2 " diabetes", "condition",
	       P2 ":diabetes", NULL, "{\"status\":\"active\"}");
}

Test(audit, each_filter_selects_exactly_its_entries)
{
	fdss_audit_filter f = FDSS_AUDIT_FILTER_INIT;

	four_entries();
	cr_expect(eq(str, (char *)ids(&f), "1 2 3 4"));
	f.table = "person";
	cr_expect(eq(str, (char *)ids(&f), "1 3"));
	f.operator_name = "ann";
	cr_expect(eq(str, (char *)ids(&f), "1 3"));
	f.table = "condition";
	cr_expect(eq(str, (char *)ids(&f), "4"));
	f = (fdss_audit_filter)FDSS_AUDIT_FILTER_INIT;
	f.key = P1;
	cr_expect(eq(str, (char *)ids(&f), "1"));
	f.key = P1 ":hypertension";
	cr_expect(eq(str, (char *)ids(&f), "2"));
	f.key = "nobody";
	cr_expect(eq(str, (char *)ids(&f), ""));
	f = (fdss_audit_filter)FDSS_AUDIT_FILTER_INIT;
	f.id = 3;
	cr_expect(eq(str, (char *)ids(&f), "3"));
	f.id = 9;
	cr_expect(eq(str, (char *)ids(&f), ""));
}

Test(audit, command_matches_the_program_name_not_a_prefix_of_it)
{
	fdss_audit_filter f = FDSS_AUDIT_FILTER_INIT;

	four_entries();
	f.command = "sign";
	cr_expect(eq(str, (char *)ids(&f), "1"));	/* not fdss-signal */
	f.command = "fdss-sign";
	cr_expect(eq(str, (char *)ids(&f), "1"));
	f.command = "condition";
	cr_expect(eq(str, (char *)ids(&f), "2 4"));
	f.command = "condition end";
	cr_expect(eq(str, (char *)ids(&f), "2"));
	f.command = "signal";
	cr_expect(eq(str, (char *)ids(&f), "3"));
	f.command = "sig";
	cr_expect(eq(str, (char *)ids(&f), ""));
	f.command = "condition";
	f.operator_name = "bob";
	cr_expect(eq(str, (char *)ids(&f), "2"));
}

Test(audit, an_unknown_table_is_not_found_by_name)
{
	fdss_audit_filter f = FDSS_AUDIT_FILTER_INIT;

	f.table = "persons";
	cr_assert(eq(int, fdss_audit_query(db, &f, collect, NULL),
		     FDSS_ENOTFOUND));
	cr_expect(eq(str, (char *)fdss_db_errmsg(db),
		     "table 'persons': no such table"));
	f.table = "referral";		/* a table without entries: none */
	cr_expect(eq(str, (char *)ids(&f), ""));
}

/* Four entries around midnight of 2026-11-21, UTC. */
static void around_midnight(void)
{
	cr_assert(eq(int, fdss_db_exec(db,
		"INSERT INTO audit_log (at, operator, table_name, row_key)"
		" VALUES ('2026-11-20T23:59:59Z', 'a', 'person', 'k'),"
		" ('2026-11-21T00:00:00Z', 'a', 'person', 'k'),"
		" ('2026-11-21T23:59:59Z', 'a', 'person', 'k'),"
		" ('2026-11-22T00:00:00Z', 'a', 'person', 'k')"), FDSS_OK),
		"%s", fdss_db_errmsg(db));
}

/* The ids between since and until as the command line gives them. */
static char between_buf[256];

static const char *between(const char *since, const char *until)
{
	fdss_audit_filter f = FDSS_AUDIT_FILTER_INIT;
	char s[FDSS_AUDIT_TIME_BUFSZ], u[FDSS_AUDIT_TIME_BUFSZ];

	if (since) {
		cr_assert(eq(int, fdss_audit_time_parse(s, since, 0, NULL),
			     FDSS_OK));
		f.since = s;
	}
	if (until) {
		cr_assert(eq(int, fdss_audit_time_parse(u, until, 1, NULL),
			     FDSS_OK));
		f.until = u;
	}
	snprintf(between_buf, sizeof(between_buf), "%s", ids(&f));
	return between_buf;
}

Test(audit, since_and_until_include_their_bounds_and_a_date_is_a_whole_day)
{
	around_midnight();
	cr_expect(eq(str, (char *)between("2026-11-21", NULL), "2 3 4"));
	cr_expect(eq(str, (char *)between(NULL, "2026-11-21"), "1 2 3"));
	cr_expect(eq(str, (char *)between("2026-11-21", "2026-11-21"), "2 3"));
	cr_expect(eq(str, (char *)between("2026-11-21T23:59:59Z", NULL),
		     "3 4"));
	cr_expect(eq(str, (char *)between(NULL, "2026-11-21T00:00:00"),
		     "1 2"));
	/* 08:00 in Beijing is midnight UTC */
	cr_expect(eq(str, (char *)between("2026-11-21T08:00+08:00", NULL),
		     "2 3 4"));
	cr_expect(eq(str, (char *)between(NULL, "2026-11-21T07:59:59+0800"),
		     "1"));
	/* a minute is whole at the end */
	cr_expect(eq(str, (char *)between(NULL, "2026-11-20T23:59"), "1"));
	cr_expect(eq(str, (char *)between("2026-11-22", "2026-11-21"), ""));
}

static const char *parsed(const char *s, int end)
{
	static char out[FDSS_AUDIT_TIME_BUFSZ];
	static fdss_error err;

	if (fdss_audit_time_parse(out, s, end, &err) != FDSS_OK)
		return err.msg;
	return out;
}

Test(audit, times_parse_to_utc_with_their_zone)
{
	cr_expect(eq(str, (char *)parsed("2026-11-21", 0),
		     "2026-11-21T00:00:00Z"));
	cr_expect(eq(str, (char *)parsed("2026-11-21", 1),
		     "2026-11-21T23:59:59Z"));
	cr_expect(eq(str, (char *)parsed("2026-11-21 08:30", 0),
		     "2026-11-21T08:30:00Z"));
	cr_expect(eq(str, (char *)parsed("2026-11-21t08:30", 1),
		     "2026-11-21T08:30:59Z"));
	cr_expect(eq(str, (char *)parsed("2026-11-21T08:30:15z", 1),
		     "2026-11-21T08:30:15Z"));
	cr_expect(eq(str, (char *)parsed("2026-03-01T02:00+08:00", 0),
		     "2026-02-28T18:00:00Z"));
	cr_expect(eq(str, (char *)parsed("2024-12-31T20:00:00-05:00", 0),
		     "2025-01-01T01:00:00Z"));
	cr_expect(eq(str, (char *)parsed("2026-02-30", 0),
		     "'2026-02-30': expected YYYY-MM-DD or "
		     "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]"));
	cr_expect(eq(int, fdss_audit_time_parse((char[21]){0},
		     "2026-11-21T24:00", 0, NULL), FDSS_EINVAL));
	cr_expect(eq(int, fdss_audit_time_parse((char[21]){0},
		     "2026-11-21T08:00+8", 0, NULL), FDSS_EINVAL));
	cr_expect(eq(int, fdss_audit_time_parse((char[21]){0},
		     "2026-11-21x", 0, NULL), FDSS_EINVAL));
	cr_expect(eq(int, fdss_audit_time_parse((char[21]){0}, "", 1, NULL),
		     FDSS_EINVAL));
}

/* The rows a history needs: contract 1 of H1 with P1 and P2, a visit
 * and a referral of P1 (ids 1) and a visit of P5 (id 2). */
static void history_rows(void)
{
	cr_assert(eq(int, fdss_db_exec(db,
		"INSERT INTO team (code, name, institution, created) VALUES"
		" ('T01', '城关团队', '城关卫生院', '2026-01-01');"
		"INSERT INTO contract (id, number, household_no, team_code,"
		" doctor, start_date, end_date, years, status, created) VALUES"
		" (1, 'K1', 'H1', 'T01', '王医生', '2026-01-01', '2026-12-31',"
		" 1, 'active', ''),"
		" (2, 'K2', 'H2', 'T01', '王医生', '2026-01-01', '2026-12-31',"
		" 1, 'active', '');"
		"INSERT INTO contract_member (contract_id, id_number) VALUES"
		" (1, '" P1 "'), (1, '" P2 "'), (2, '" P5 "');"
		"INSERT INTO followup (id, id_number, program, visit_date, mode,"
		" classification, action, recorded) VALUES"
		" (1, '" P1 "', 'hypertension', '2026-03-01', 'clinic',"
		" 'controlled', 'none', ''),"
		" (2, '" P5 "', 'elderly', '2026-03-01', 'clinic',"
		" 'done', 'none', '');"
		"INSERT INTO referral (id, id_number, referral_date, due_date)"
		" VALUES (1, '" P1 "', '2026-03-02', '2026-03-16')"), FDSS_OK),
		"%s", fdss_db_errmsg(db));
}

/* The ids of id_number's history, or the message. */
static const char *history(const char *id_number)
{
	static char buf[256];
	int rc;

	buf[0] = '\0';
	if ((rc = fdss_audit_history(db, id_number, collect, buf)) != FDSS_OK)
		snprintf(buf, sizeof(buf), "%d %s", rc, fdss_db_errmsg(db));
	return buf;
}

Test(audit, a_history_finds_every_entry_about_the_person_and_no_other)
{
	history_rows();
	record("a", "c", "person", OLD, NULL, "{\"name\":\"x\"}");	/* 1 */
	record("a", "c", "person", OLD, "{\"id_number\":\"" OLD "\"}",
	       "{\"id_number\":\"" P1 "\"}");				/* 2 */
	record("a", "c", "person", P1, "{\"household_no\":\"H5\"}",
	       "{\"household_no\":\"H1\"}");				/* 3 */
	record("a", "c", "person", P2, "{}", "{\"phone\":\"1\"}");	/* 4 */
	record("a", "c", "condition", P1 ":hypertension", NULL, "{}");	/* 5 */
	record("a", "c", "condition", P2 ":diabetes", NULL, "{}");	/* 6 */
	record("a", "c", "household", "H1", "{}", "{}");		/* 7 */
	record("a", "c", "household", "H5", "{}", "{}");		/* 8 */
	record("a", "c", "household", "H2", "{}", "{}");		/* 9 */
	record("a", "c", "contract", "K1", NULL, "{\"members\":2}");	/* 10 */
	record("a", "c", "contract", "K1", "{\"member\":\"" P2 "\"}",
	       "{\"member\":\"" P2 "\",\"ended_on\":\"2026-06-01\"}");	/* 11 */
	record("a", "c", "contract", "K1", "{\"member\":\"" P1 "\"}",
	       "{\"member\":\"" P1 "\",\"ended_on\":\"2026-07-01\"}");	/* 12 */
	record("a", "c", "contract", "K2", NULL, "{\"members\":1}");	/* 13 */
	record("a", "c", "followup", "1", NULL, "{}");			/* 14 */
	record("a", "c", "followup", "2", NULL, "{}");			/* 15 */
	record("a", "c", "referral", "1", NULL, "{}");			/* 16 */
	record("a", "c", "team", P1, NULL, "{}");			/* 17 */
	cr_expect(eq(str, (char *)history(P1),
		     "1 2 3 5 7 8 10 12 14 16"));
	cr_expect(eq(str, (char *)history(OLD), "1 2 3 5 7 8 10 12 14 16"));
	cr_expect(eq(str, (char *)history(P2), "4 6 7 10 11"));
	cr_expect(eq(str, (char *)history(P5), "9 13 15"));
}

Test(audit, a_history_of_nobody_is_not_found)
{
	cr_expect(eq(str, (char *)history("140826196111220999"),
		     "-3 no person with ID number '140826196111220999'"));
	cr_expect(eq(str, (char *)history(P5), ""));	/* a person, no entries */
}

/* The entries as text, to compare before and after an attempt. */
static char *dump(void)
{
	static char buf[1024];

	buf[0] = '\0';
	cr_assert(eq(int, fdss_audit_foreach(db, NULL, NULL, collect, buf),
		     FDSS_OK));
	return buf;
}

static int contents(const fdss_audit_entry *e, void *arg)
{
	char *buf = arg;

	snprintf(buf + strlen(buf), 1024 - strlen(buf), "%lld|%s|%s|%s|%s|%s;",
		 (long long)e->id, e->at, e->table_name, e->row_key,
		 e->before ? e->before : "-", e->after ? e->after : "-");
	return 0;
}

Test(audit, the_log_refuses_update_delete_and_replace)
{
	static const char *const attempts[] = {
		"UPDATE audit_log SET reason = 'covered up'",
		"UPDATE audit_log SET after = NULL WHERE id = 1",
		"DELETE FROM audit_log WHERE id = 2",
		"DELETE FROM audit_log",
		"INSERT OR REPLACE INTO audit_log (id, at, operator, table_name,"
		" row_key) VALUES (1, 'then', 'x', 'person', 'k')",
		"INSERT INTO audit_log (id, at, operator, table_name, row_key)"
		" VALUES (1, 'then', 'x', 'person', 'k')"
		" ON CONFLICT (id) DO UPDATE SET operator = 'x'",
	};
	char before[1024] = "", after[1024];
	size_t i;

	four_entries();
	cr_assert(eq(int, fdss_audit_foreach(db, NULL, NULL, contents, before),
		     FDSS_OK));
	for (i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
		cr_expect(ne(int, fdss_db_exec(db, attempts[i]), FDSS_OK),
			  "%s", attempts[i]);
		cr_expect(strstr(fdss_db_errmsg(db),
				 "audit_log is append-only") != NULL, "%s: %s",
			  attempts[i], fdss_db_errmsg(db));
	}
	after[0] = '\0';
	cr_assert(eq(int, fdss_audit_foreach(db, NULL, NULL, contents, after),
		     FDSS_OK));
	cr_expect(eq(str, after, before));
	cr_expect(eq(str, dump(), "1 2 3 4"));
	/* appending still works */
	record("ann", "c", "person", P5, NULL, "{}");
	cr_expect(eq(str, dump(), "1 2 3 4 5"));
}

/* An entry of the person table with before and after. */
static fdss_audit_entry entry(const char *key, const char *before,
			      const char *after)
{
	fdss_audit_entry e = { 7, "2026-11-22T08:00:00Z", "ann",
			       "fdss-import --db x " P1 " roster.csv",
			       "person", key, before, after, "why" };
	return e;
}

static const char *change(const char *before, const char *after, int mask)
{
	static char buf[512];
	fdss_audit_entry e = entry(P1, before, after);
	char *s = fdss_audit_change(&e, mask);

	cr_assert(s != NULL);
	snprintf(buf, sizeof(buf), "%s", s);
	free(s);
	return buf;
}

Test(audit, the_change_summary_names_each_field_that_changed)
{
	cr_expect(eq(str, (char *)change("{\"phone\":\"13835901234\","
					 "\"name\":\"张伟\"}",
					 "{\"phone\":\"13935900000\","
					 "\"name\":\"张伟\"}", 1),
		     "phone: 138****1234 \u2192 139****0000"));
	cr_expect(eq(str, (char *)change("{\"phone\":\"13835901234\"}",
					 "{\"phone\":\"13935900000\"}", 0),
		     "phone: 13835901234 \u2192 13935900000"));
	cr_expect(eq(str, (char *)change("{\"a\":1,\"b\":null}",
					 "{\"a\":2,\"c\":[1]}", 0),
		     "a: 1 \u2192 2; b: null \u2192 -; c: - \u2192 [1]"));
	cr_expect(eq(str, (char *)change(NULL, "{\"member\":\"" P2 "\","
					 "\"x\":null,\"n\":3}", 1),
		     "new: member=140826********0227, n=3"));
	cr_expect(eq(str, (char *)change("{\"member\":\"" P2 "\"}",
					 "{\"member\":\"" P2 "\","
					 "\"ended_on\":\"2026-06-01\"}", 1),
		     "member=140826********0227: ended_on: - \u2192 2026-06-01"));
	cr_expect(eq(str, (char *)change("{\"a\":\"b\"}", NULL, 0),
		     "deleted: a=b"));
	cr_expect(eq(str, (char *)change("{\"a\":1}", "{\"a\":1}", 0),
		     "no change"));
	cr_expect(eq(str, (char *)change("not json", "{\"a\":1}", 0),
		     "row: not json \u2192 {\"a\":1}"));
}

Test(audit, the_record_carries_before_and_after_whole_or_masked)
{
	fdss_audit_entry e = entry(P1, "{\"phone\":\"13835901234\"}",
				   "{\"phone\":\"13935900000\"}");
	cJSON *rec = fdss_audit_to_json(&e, 0);
	char *s = cJSON_PrintUnformatted(rec);

	cr_expect(eq(str, s, "{\"type\":\"audit\",\"id\":7,"
		"\"at\":\"2026-11-22T08:00:00Z\",\"operator\":\"ann\","
		"\"command\":\"fdss-import --db x " P1 " roster.csv\","
		"\"table\":\"person\",\"key\":\"" P1 "\","
		"\"before\":{\"phone\":\"13835901234\"},"
		"\"after\":{\"phone\":\"13935900000\"},\"reason\":\"why\"}"));
	cJSON_free(s);
	cJSON_Delete(rec);
	rec = fdss_audit_to_json(&e, FDSS_AUDIT_JSON_MASK |
				 FDSS_AUDIT_JSON_CHANGE |
				 FDSS_AUDIT_JSON_CHANGES);
	s = cJSON_PrintUnformatted(rec);
	cr_expect(eq(str, s, "{\"type\":\"audit\",\"id\":7,"
		"\"at\":\"2026-11-22T08:00:00Z\",\"operator\":\"ann\","
		"\"command\":\"fdss-import --db x 140826********0117 "
		"roster.csv\",\"table\":\"person\","
		"\"key\":\"140826********0117\","
		"\"change\":\"phone: 138****1234 \u2192 139****0000\","
		"\"changes\":[{\"field\":\"phone\",\"before\":\"138****1234\","
		"\"after\":\"139****0000\"}],"
		"\"before\":{\"phone\":\"138****1234\"},"
		"\"after\":{\"phone\":\"139****0000\"},\"reason\":\"why\"}"));
	cJSON_free(s);
	cJSON_Delete(rec);
}

Test(audit, a_condition_key_masks_its_id_number_part)
{
	fdss_audit_entry e = entry(P1 ":hypertension", NULL, "{}");
	cJSON *rec = fdss_audit_to_json(&e, FDSS_AUDIT_JSON_MASK);

	cr_expect(eq(str, cJSON_GetObjectItemCaseSensitive(rec,
						"key")->valuestring,
		     "140826********0117:hypertension"));
	cJSON_Delete(rec);
	e = entry("140826100200001", NULL, "{}");	/* a household */
	rec = fdss_audit_to_json(&e, FDSS_AUDIT_JSON_MASK);
	cr_expect(eq(str, cJSON_GetObjectItemCaseSensitive(rec,
						"key")->valuestring,
		     "140826100200001"));
	cJSON_Delete(rec);
}

Test(audit, a_table_cell_of_change_is_cut_at_80_columns)
{
	/* "new: " and 38 × "甲NN=1, " (8 columns each) */
	char after[1024] = "{\"type\":\"person\"";
	fdss_audit_entry e;
	cJSON *rec;
	const char *s;
	int i;

	for (i = 0; i < 38; i++)
		snprintf(after + strlen(after), sizeof(after) - strlen(after),
			 ",\"甲%02d\":1", i);
	snprintf(after + strlen(after), sizeof(after) - strlen(after), "}");
	e = entry(P1, NULL, after);
	rec = fdss_audit_to_json(&e, FDSS_AUDIT_JSON_CHANGE |
				 FDSS_AUDIT_JSON_SHORT);
	s = cJSON_GetObjectItemCaseSensitive(rec, "change")->valuestring;
	/* "new: " 5, then "甲NN=1, " ×9 = 77, "甲" 79, "…" 80 */
	cr_expect(eq(str, (char *)s, "new: 甲00=1, 甲01=1, 甲02=1, 甲03=1, "
		     "甲04=1, 甲05=1, 甲06=1, 甲07=1, 甲08=1, 甲\u2026"));
	cr_expect(eq(sz, fdss_text_width(s, strlen(s)), 80));
	cJSON_Delete(rec);
	rec = fdss_audit_to_json(&e, FDSS_AUDIT_JSON_CHANGE);
	s = cJSON_GetObjectItemCaseSensitive(rec, "change")->valuestring;
	cr_expect(eq(sz, fdss_text_width(s, strlen(s)), 5 + 38 * 8 - 2),
		  "whole without SHORT, and no type=person: %s", s);
	cJSON_Delete(rec);
}
