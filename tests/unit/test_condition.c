#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"

/* tests/fixtures/roster-seed.sql: see its comment for who is who. */
#define P1 "140826196111220117"	/* hypertension since 2018-04-02 */
#define P2 "140826196111230227"	/* diabetes ended */
#define P7 "140826199005050728"	/* moved out */
#define P9 "140826198507070919"	/* smi and copd */

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

static fdss_date today(void)
{
	return fdss_date_from_ymd(2026, 11, 22);
}

/* "ID kind since status" lines of the conditions q lists. */
static int collect(const fdss_condition_entry *e, void *arg)
{
	char *buf = arg, since[FDSS_DATE_BUFSZ] = "-", line[128];

	if (e->since)
		fdss_date_format(since, e->since);
	snprintf(line, sizeof(line), "%s %s %s %s\n", e->id_number, e->kind,
		 since, e->status);
	strncat(buf, line, 2047 - strlen(buf));
	return 0;
}

static const char *list(const char *id, const char *kind, const char *area,
			const char *status)
{
	static char buf[2048];
	fdss_condition_query q = { id, kind, area, status };

	buf[0] = '\0';
	cr_assert(eq(int, fdss_condition_list(db, &q, collect, buf), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	return buf;
}

static int count_one(const fdss_audit_entry *e, void *arg)
{
	(void)e;
	++*(int *)arg;
	return 0;
}

static int audit_count(void)
{
	int n = 0;

	cr_assert(eq(int, fdss_audit_foreach(db, "condition", NULL, count_one,
					     &n), FDSS_OK));
	return n;
}

/* The stored ended_on of (id, kind) as listed, "-" when 0. */
static int collect_ended(const fdss_condition_entry *e, void *arg)
{
	snprintf(arg, FDSS_DATE_BUFSZ, "-");
	if (e->ended_on)
		fdss_date_format(arg, e->ended_on);
	return 0;
}

static const char *ended_on(const char *id, const char *kind)
{
	static char buf[FDSS_DATE_BUFSZ];
	fdss_condition_query q = { id, kind, NULL, "all" };

	buf[0] = '\0';
	cr_assert(eq(int, fdss_condition_list(db, &q, collect_ended, buf),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	return buf;
}

TestSuite(condition, .init = open_db, .fini = close_db);

/* The after record of the last audit entry, kept. */
static int last_after(const fdss_audit_entry *e, void *arg)
{
	cJSON **out = arg;

	cJSON_Delete(*out);
	*out = e->after ? cJSON_Parse(e->after) : NULL;
	return 0;
}

static const char *after_str(const cJSON *rec, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);

	cr_assert(cJSON_IsString(v), "no string '%s'", key);
	return v->valuestring;
}

Test(condition, long_names_and_sources_are_audited_whole)
{
	char name[301], source[201], sql[512];
	cJSON *after = NULL;
	int change = 0;
	size_t i;

	for (i = 0; i + 3 <= sizeof(name) - 1; i += 3)
		memcpy(name + i, "长", 3);
	name[i] = '\0';
	for (i = 0; i < sizeof(source) - 1; i++)
		source[i] = "ab\"\\c"[i % 5];
	source[i] = '\0';
	snprintf(sql, sizeof(sql), "UPDATE person SET name = '%s' WHERE"
		 " id_number = '%s'", name, P1);
	cr_assert(eq(int, fdss_db_exec(db, sql), FDSS_OK));
	cr_assert(eq(int, fdss_condition_add(db, P1, "diabetes",
					     fdss_date_from_ymd(2026, 5, 1),
					     today(), source, &change), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	cr_assert(eq(int, fdss_audit_foreach(db, "condition", NULL, last_after,
					     &after), FDSS_OK));
	cr_assert(after != NULL, "after is valid JSON");
	cr_assert(eq(str, (char *)after_str(after, "name"), name));
	cr_assert(eq(str, (char *)after_str(after, "source"), source));
	cr_assert(eq(int, fdss_condition_end(db, P1, "diabetes",
					     fdss_date_from_ymd(2026, 6, 1),
					     &change), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	cr_assert(eq(int, fdss_audit_foreach(db, "condition", NULL, last_after,
					     &after), FDSS_OK));
	cr_assert(after != NULL);
	cr_assert(eq(str, (char *)after_str(after, "name"), name));
	cr_assert(eq(str, (char *)after_str(after, "source"), source));
	cr_assert(eq(str, (char *)after_str(after, "status"), "ended"));
	cJSON_Delete(after);
}

Test(condition, add_end_and_reactivate)
{
	int change = 0;

	cr_assert(eq(int, fdss_condition_add(db, P1, "diabetes",
					     fdss_date_from_ymd(2026, 5, 1),
					     today(), NULL, &change), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	cr_assert(eq(int, change, FDSS_CONDITION_ADDED));
	cr_assert(eq(str, (char *)list(P1, NULL, NULL, NULL),
		     P1 " diabetes 2026-05-01 active\n"
		     P1 " hypertension 2018-04-02 active\n"));
	/* again: nothing written */
	cr_assert(eq(int, fdss_condition_add(db, P1, "diabetes", 0, today(),
					     NULL, &change), FDSS_OK));
	cr_assert(eq(int, change, FDSS_CONDITION_UNCHANGED));
	cr_assert(eq(int, audit_count(), 1));
	cr_assert(eq(int, fdss_condition_end(db, P1, "diabetes", today(),
					     &change), FDSS_OK));
	cr_assert(eq(int, change, FDSS_CONDITION_ENDED));
	cr_assert(eq(str, (char *)list(P1, NULL, NULL, "ended"),
		     P1 " diabetes 2026-05-01 ended\n"));
	cr_assert(eq(str, (char *)ended_on(P1, "diabetes"), "2026-11-22"));
	cr_assert(eq(str, (char *)ended_on(P1, "hypertension"), "-"));
	/* again, another day: the first day stays */
	cr_assert(eq(int, fdss_condition_end(db, P1, "diabetes",
					     fdss_date_from_ymd(2026, 11, 23),
					     &change), FDSS_OK));
	cr_assert(eq(int, change, FDSS_CONDITION_UNCHANGED));
	cr_assert(eq(str, (char *)ended_on(P1, "diabetes"), "2026-11-22"));
	/* active again: no longer ended */
	cr_assert(eq(int, fdss_condition_add(db, P1, "diabetes", 0, today(),
					     NULL, &change), FDSS_OK));
	cr_assert(eq(int, change, FDSS_CONDITION_REACTIVATED));
	cr_assert(eq(str, (char *)ended_on(P1, "diabetes"), "-"));
	/* the ended diabetes of P2 comes back with its new date */
	cr_assert(eq(int, fdss_condition_add(db, P2, "diabetes",
					     fdss_date_from_ymd(2026, 11, 1),
					     today(), NULL, &change), FDSS_OK));
	cr_assert(eq(int, change, FDSS_CONDITION_REACTIVATED));
	cr_assert(eq(str, (char *)list(P2, NULL, NULL, "all"),
		     P2 " diabetes 2026-11-01 active\n"));
	cr_assert(eq(int, audit_count(), 4));
}

Test(condition, refusals)
{
	cr_assert(eq(int, fdss_condition_add(db, P1, "flu", 0, today(), NULL,
					     NULL), FDSS_EINVAL));
	cr_assert(eq(int, fdss_condition_add(db, "140826199901010000", "tb",
					     0, today(), NULL, NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(int, fdss_condition_add(db, P7, "tb", 0, today(), NULL,
					     NULL), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     P7 ": person is moved, not active"));
	cr_assert(eq(int, fdss_condition_add(db, P1, "tb",
					     fdss_date_from_ymd(2026, 11, 23),
					     today(), NULL, NULL), FDSS_EDATA));
	cr_assert(eq(int, fdss_condition_add(db, P1, "tb",
					     fdss_date_from_ymd(1960, 1, 1),
					     today(), NULL, NULL), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     P1 ": diagnosis date is before birth"));
	cr_assert(eq(int, fdss_condition_end(db, P1, "smi", today(), NULL),
		     FDSS_ENOTFOUND));
	cr_assert(eq(int, audit_count(), 0));
}

Test(condition, from_json)
{
	cJSON *rec = cJSON_Parse("{\"id_number\":\"" P1 "\",\"kind\":\"tb\","
				 "\"since\":\"2026-11-20\"}");
	cJSON *bad = cJSON_Parse("{\"id_number\":\"" P1 "\",\"kind\":3}");
	int change = 0;

	cr_assert(eq(int, fdss_condition_add_json(db, rec, today(), "import",
						  &change), FDSS_OK));
	cr_assert(eq(int, change, FDSS_CONDITION_ADDED));
	cr_assert(eq(str, (char *)list(P1, "tb", NULL, NULL),
		     P1 " tb 2026-11-20 active\n"));
	cr_assert(eq(int, fdss_condition_add_json(db, bad, today(), NULL,
						  NULL), FDSS_EDATA));
	cr_assert(strstr(fdss_db_errmsg(db), "kind") != NULL);
	cJSON_Delete(rec);
	cJSON_Delete(bad);
}

Test(condition, list_filters)
{
	cr_assert(eq(str, (char *)list(NULL, NULL, "140826101", NULL),
		     "140826195803010829 tb 2026-01-10 active\n"
		     P9 " copd - active\n" P9 " smi - active\n"));
	cr_assert(eq(str, (char *)list(NULL, "chronic", NULL, NULL),
		     "140821194001011014 chronic - active\n"));
	cr_assert(eq(str, (char *)list(NULL, "diabetes", NULL, NULL), ""));
	cr_assert(eq(str, (char *)list(NULL, "diabetes", NULL, "all"),
		     P2 " diabetes 2015-01-01 ended\n"));
}

Test(condition, record)
{
	fdss_condition_entry e = { P1, "王建国", "hypertension", 0, "active",
				   NULL, NULL, 0 };
	cJSON *rec;
	char *s;

	e.since = fdss_date_from_ymd(2018, 4, 2);
	rec = fdss_condition_to_json(&e);
	s = cJSON_PrintUnformatted(rec);
	cr_assert(eq(str, s, "{\"type\":\"condition\",\"id_number\":\"" P1
		     "\",\"name\":\"王建国\",\"kind\":\"hypertension\","
		     "\"since\":\"2018-04-02\",\"status\":\"active\","
		     "\"ended_on\":null,\"source\":null}"));
	cJSON_free(s);
	cJSON_Delete(rec);
	e.status = "ended";
	e.ended_on = fdss_date_from_ymd(2026, 11, 20);
	rec = fdss_condition_to_json(&e);
	s = cJSON_PrintUnformatted(rec);
	cr_assert(eq(str, s, "{\"type\":\"condition\",\"id_number\":\"" P1
		     "\",\"name\":\"王建国\",\"kind\":\"hypertension\","
		     "\"since\":\"2018-04-02\",\"status\":\"ended\","
		     "\"ended_on\":\"2026-11-20\",\"source\":null}"));
	cJSON_free(s);
	cJSON_Delete(rec);
}

/* "subject|reason" lines of a batch's rejections. */
static void collect_reject(void *arg, const char *subject, const char *reason)
{
	char *buf = arg, line[FDSS_ERRMSG_MAX + 64];

	snprintf(line, sizeof(line), "%s|%s\n", subject ? subject : "-",
		 reason);
	strncat(buf, line, 2047 - strlen(buf));
}

/* A batch on db with o's atomic and dry_run, rejections into rejects. */
static fdss_condition_batch *open_batch(int atomic, int dry_run,
					char *rejects)
{
	fdss_condition_opts o = FDSS_CONDITION_OPTS_INIT;
	fdss_condition_batch *b = NULL;

	o.ref = today();
	o.atomic = atomic;
	o.dry_run = dry_run;
	o.reject = collect_reject;
	o.arg = rejects;
	rejects[0] = '\0';
	cr_assert(eq(int, fdss_condition_batch_open(&b, db, &o), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	return b;
}

/* Offer the batch P1 diabetes (new), P1 hypertension (active already),
 * P2 diabetes (ended), an unknown person, a record without a kind and
 * a line that is not one. */
static void offer_mixed(fdss_condition_batch *b)
{
	cJSON *rec = cJSON_Parse("{\"id_number\":\"" P2 "\","
				 "\"kind\":\"diabetes\","
				 "\"since\":\"2026-11-01\"}");
	cJSON *bad = cJSON_Parse("{\"id_number\":\"" P1 "\"}");

	cr_assert(eq(int, fdss_condition_batch_add(b, P1, "diabetes",
				fdss_date_from_ymd(2026, 5, 1)), FDSS_OK));
	cr_assert(eq(int, fdss_condition_batch_add(b, P1, "hypertension", 0),
		     FDSS_OK));
	cr_assert(eq(int, fdss_condition_batch_add_json(b, rec), FDSS_OK));
	cr_assert(eq(int, fdss_condition_batch_add(b, "140826199901010000",
						   "tb", 0), FDSS_EDATA));
	/* the handle names the person, with the code of a single add */
	cr_assert(eq(int, fdss_db_error(db)->code, FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db), "140826199901010000: "
		     "no such person (import the roster first)"));
	cr_assert(eq(int, fdss_condition_batch_add_json(b, bad), FDSS_EDATA));
	fdss_condition_batch_reject(b, NULL, "<stdin>:6: invalid JSON");
	cJSON_Delete(rec);
	cJSON_Delete(bad);
}

static const char mixed_rejects[] =
	"140826199901010000|no such person (import the roster first)\n"
	"-|\"kind\" missing\n"
	"-|<stdin>:6: invalid JSON\n";

Test(condition, batch_stores_the_valid_and_rejects_the_rest)
{
	fdss_condition_batch *b;
	fdss_condition_stats st;
	char rejects[2048];

	b = open_batch(0, 0, rejects);
	offer_mixed(b);
	cr_assert(eq(int, fdss_condition_batch_finish(b, &st), FDSS_OK),
		  "%s", fdss_db_errmsg(db));
	fdss_condition_batch_free(b);
	cr_assert(eq(str, rejects, (char *)mixed_rejects));
	cr_assert(eq(long, st.read, 6));
	cr_assert(eq(long, st.added, 1));
	cr_assert(eq(long, st.reactivated, 1));
	cr_assert(eq(long, st.unchanged, 1));
	cr_assert(eq(long, st.rejected, 3));
	cr_assert(eq(int, st.committed, 1));
	cr_assert(eq(str, (char *)list(NULL, "diabetes", NULL, NULL),
		     P1 " diabetes 2026-05-01 active\n"
		     P2 " diabetes 2026-11-01 active\n"));
	cr_assert(eq(int, audit_count(), 2));
}

Test(condition, batch_atomic_stores_nothing_after_a_rejection)
{
	fdss_condition_batch *b;
	fdss_condition_stats st;
	char rejects[2048];

	b = open_batch(1, 0, rejects);
	offer_mixed(b);
	cr_assert(eq(int, fdss_condition_batch_finish(b, &st), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "3 conditions rejected; nothing stored (--atomic)"));
	fdss_condition_batch_free(b);
	cr_assert(eq(str, rejects, (char *)mixed_rejects));
	cr_assert(eq(long, st.added, 1));
	cr_assert(eq(long, st.rejected, 3));
	cr_assert(eq(int, st.committed, 0));
	cr_assert(eq(str, (char *)list(NULL, "diabetes", NULL, "all"),
		     P2 " diabetes 2015-01-01 ended\n"));
	cr_assert(eq(int, audit_count(), 0));
}

Test(condition, batch_dry_run_and_atomic_without_rejections)
{
	fdss_condition_batch *b;
	fdss_condition_stats st;
	char rejects[2048];

	/* a dry run counts what it would do and stores nothing */
	b = open_batch(0, 1, rejects);
	cr_assert(eq(int, fdss_condition_batch_add(b, P1, "tb", 0), FDSS_OK));
	cr_assert(eq(int, fdss_condition_batch_finish(b, &st), FDSS_OK));
	fdss_condition_batch_free(b);
	cr_assert(eq(long, st.added, 1));
	cr_assert(eq(int, st.committed, 0));
	cr_assert(eq(str, (char *)list(P1, "tb", NULL, "all"), ""));
	cr_assert(eq(int, audit_count(), 0));
	/* atomic with nothing rejected commits */
	b = open_batch(1, 0, rejects);
	cr_assert(eq(int, fdss_condition_batch_add(b, P1, "tb", 0), FDSS_OK));
	cr_assert(eq(int, fdss_condition_batch_finish(b, &st), FDSS_OK));
	fdss_condition_batch_free(b);
	cr_assert(eq(int, st.committed, 1));
	cr_assert(eq(str, (char *)list(P1, "tb", NULL, NULL),
		     P1 " tb - active\n"));
	cr_assert(eq(str, rejects, ""));
}

Test(condition, batch_refusals_and_bad_arguments)
{
	fdss_condition_batch *b;
	fdss_condition_stats st;
	char rejects[2048];

	b = open_batch(0, 0, rejects);
	/* bad arguments fail the call, uncounted */
	cr_assert(eq(int, fdss_condition_batch_add(b, "", "tb", 0),
		     FDSS_EINVAL));
	cr_assert(eq(int, fdss_condition_batch_add(b, P1, "flu", 0),
		     FDSS_EINVAL));
	cr_assert(eq(int, fdss_condition_batch_add(b, P7, "tb", 0),
		     FDSS_EDATA));
	cr_assert(eq(int, fdss_db_error(db)->code, FDSS_EDATA));
	cr_assert(eq(int, fdss_condition_batch_add(b, P1, "tb",
				fdss_date_from_ymd(2026, 11, 23)),
		     FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     P1 ": diagnosis date 2026-11-23 is in the future"));
	cr_assert(eq(int, fdss_condition_batch_finish(b, &st), FDSS_OK));
	fdss_condition_batch_free(b);
	cr_assert(eq(str, rejects,
		     P7 "|person is moved, not active\n"
		     P1 "|diagnosis date 2026-11-23 is in the future\n"));
	cr_assert(eq(long, st.read, 2));
	cr_assert(eq(long, st.rejected, 2));
	cr_assert(eq(int, st.committed, 1));
	fdss_condition_batch_free(NULL);
}

/*
 * SQL enrols by the C rule: fdss_program_of(kind), registered on every
 * connection, is fdss_program_of_condition() for every condition name.
 */
Test(condition, sql_program_of_is_the_c_rule)
{
	char sql[256];
	unsigned bit;

	cr_assert(eq(int, fdss_db_exec(db, "CREATE TEMP TABLE chk"
				       " (ok INTEGER CHECK (ok))"), FDSS_OK));
	for (bit = 1; fdss_condition_name(bit); bit <<= 1) {
		const char *p = fdss_program_name(
			fdss_program_of_condition(bit));

		cr_assert(p != NULL, "%s enrols in a programme",
			  fdss_condition_name(bit));
		snprintf(sql, sizeof(sql), "INSERT INTO chk VALUES"
			 " (fdss_program_of('%s') = '%s')",
			 fdss_condition_name(bit), p);
		cr_assert(eq(int, fdss_db_exec(db, sql), FDSS_OK), "%s: %s",
			  sql, fdss_db_errmsg(db));
	}
	cr_assert(eq(u32, bit, (unsigned)FDSS_COND_CHRONIC << 1));
	cr_assert(eq(int, fdss_db_exec(db, "INSERT INTO chk VALUES"
				       " (fdss_program_of('copd') = 'chronic'"
				       " AND fdss_program_of('asthma') IS NULL"
				       " AND fdss_program_of(NULL) IS NULL)"),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
}

/* The list SQL's group_concat() gives: names to bits, the rest ignored. */
Test(condition, list_of_names_as_bits)
{
	cr_assert(eq(u32, fdss_condition_list_parse("hypertension,diabetes"),
		     FDSS_COND_HYPERTENSION | FDSS_COND_DIABETES));
	cr_assert(eq(u32, fdss_condition_list_parse("tb"), FDSS_COND_TB));
	cr_assert(eq(u32, fdss_condition_list_parse("smi,,bogus,copd"),
		     FDSS_COND_SMI | FDSS_COND_COPD));
	cr_assert(eq(u32, fdss_condition_list_parse(
		     "a-name-longer-than-thirty-two-bytes-long,chronic"),
		     FDSS_COND_CHRONIC));
	cr_assert(eq(u32, fdss_condition_list_parse(""), 0));
	cr_assert(eq(u32, fdss_condition_list_parse(NULL), 0));
}
