#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fdss/fdss.h>
#include "seed.h"
#include "internal.h"

/* tests/fixtures/roster-seed.sql: H5 is one person, P11, who pays the
 * default resident share of 12 yuan a year. */

static fdss_db *db;

static void open_db(void)
{
	db = seed_db(SEED);
	cr_assert(eq(int, fdss_team_add(db, "T01", "城关团队", "城关镇卫生院",
					NULL, fdss_date_from_ymd(2026, 1, 1)),
		     FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "王医生", "doctor",
					       NULL, NULL, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_team_member_add(db, "T01", "李护士", "nurse",
					       NULL, NULL, NULL), FDSS_OK));
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

TestSuite(contract_batch, .init = open_db, .fini = close_db);

static fdss_date d(const char *s)
{
	fdss_date v = 0;

	cr_assert(eq(int, fdss_date_parse(&v, s, NULL), FDSS_OK));
	return v;
}

/* "number status terminated_on reason refund" of a contract. */
static int describe(const fdss_contract *c, void *arg)
{
	char on[FDSS_DATE_BUFSZ] = "-";

	if (c->terminated_on)
		fdss_date_format(on, c->terminated_on);
	snprintf(arg, 128, "%s %s %s %s %lld", c->number, c->status, on,
		 c->termination_reason ? c->termination_reason : "-",
		 (long long)c->refund_fen);
	return 0;
}

static void expect_contract(const char *number, const char *want)
{
	char got[128] = "";

	cr_assert(eq(int, fdss_contract_get(db, number, describe, got),
		     FDSS_OK));
	cr_assert(eq(str, got, (char *)want));
}

/* Open a batch at ref. */
static fdss_contract_batch *batch(const char *ref, int approve, int atomic)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_batch *b = NULL;

	o.ref = d(ref);
	o.approve = approve;
	o.atomic = atomic;
	cr_assert(eq(int, fdss_contract_batch_open(&b, db, &o), FDSS_OK));
	return b;
}

/* Sign H5 on 2026-11-22 and renew it on 2027-11-01, both approved:
 * C140826-2026-000001 and C140826-2027-000001 from 2027-11-22. */
static void sign_and_renew(void)
{
	fdss_sign_req q = { 0 };
	fdss_contract_batch *b = batch("2026-11-22", 1, 0);

	q.household_no = "H5";
	q.team = "T01";
	cr_assert(eq(int, fdss_contract_sign(b, &q), FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, NULL), FDSS_OK));
	fdss_contract_batch_free(b);
	b = batch("2027-11-01", 1, 0);
	cr_assert(eq(int, fdss_contract_renew(b, "C140826-2026-000001", NULL),
		     FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, NULL), FDSS_OK));
	fdss_contract_batch_free(b);
	expect_contract("C140826-2027-000001", "C140826-2027-000001 active - - 0");
}

/* One value of a query on the database, as text ("" for NULL). */
static void sql_text(const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;

	cr_assert(eq(int, sqlite3_prepare_v2(fdss__db_sqlite(db), sql, -1, &st,
					     NULL), SQLITE_OK));
	cr_assert(eq(int, sqlite3_step(st), SQLITE_ROW));
	snprintf(out, n, "%s", sqlite3_column_text(st, 0)
		 ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
}

Test(contract_batch, a_reason_that_cannot_be_bound_stores_nothing)
{
	fdss_contract_batch *b;
	fdss_sign_req q = { 0 };
	char reason[301], got[64], audits[16];
	int rc;

	memset(reason, 'r', sizeof(reason) - 1);
	reason[sizeof(reason) - 1] = '\0';
	b = batch("2026-11-22", 0, 0);
	q.household_no = "H5";
	q.team = "T01";
	cr_assert(eq(int, fdss_contract_sign(b, &q), FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, NULL), FDSS_OK));
	fdss_contract_batch_free(b);
	sql_text("SELECT count(*) FROM audit_log", audits, sizeof(audits));
	/* a value longer than SQLite takes: the bind fails */
	sqlite3_limit(fdss__db_sqlite(db), SQLITE_LIMIT_LENGTH, 250);
	b = batch("2026-11-23", 0, 0);
	rc = fdss_contract_review(b, "C140826-2026-000001", 0, reason);
	cr_assert(rc != FDSS_OK && rc != FDSS_EDATA, "rc %d", rc);
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "cannot review: string or blob too big"));
	/* not even inside the batch's transaction */
	sql_text("SELECT status || ' ' || ifnull(review_reason, '-') FROM"
		 " contract WHERE number = 'C140826-2026-000001'", got, sizeof(got));
	cr_assert(eq(str, got, "pending -"));
	fdss_contract_batch_free(b);	/* rolls back */
	sqlite3_limit(fdss__db_sqlite(db), SQLITE_LIMIT_LENGTH, 1000000000);
	sql_text("SELECT status || ' ' || ifnull(review_reason, '-') FROM"
		 " contract WHERE number = 'C140826-2026-000001'", got, sizeof(got));
	cr_assert(eq(str, got, "pending -"));
	sql_text("SELECT count(*) FROM audit_log", got, sizeof(got));
	cr_assert(eq(str, got, audits));
}

Test(contract_batch, a_number_that_cannot_be_bound_is_an_error_not_a_miss)
{
	char number[151], got[128] = "";

	memset(number, 'C', sizeof(number) - 1);
	number[sizeof(number) - 1] = '\0';
	sqlite3_limit(fdss__db_sqlite(db), SQLITE_LIMIT_LENGTH, 100);
	cr_assert(eq(int, fdss_contract_get(db, number, describe, got),
		     FDSS_EINTERNAL));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "cannot read contract: string or blob too big"));
}

Test(contract_batch, terminating_ends_the_renewal_not_started)
{
	fdss_contract_batch *b;
	fdss_contract_stats st;

	sign_and_renew();
	b = batch("2027-11-05", 0, 0);
	cr_assert(eq(int, fdss_contract_terminate(b, "C140826-2026-000001", "moved",
						  0), FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_OK));
	fdss_contract_batch_free(b);
	cr_assert(eq(long, st.requests, 1));
	cr_assert(eq(long, st.contracts, 2));
	cr_assert(eq(long, st.renewals_ended, 1));
	/* 17 of 365 days unused: 1200 * 17 / 365 = 55.9; the renewal
	 * refunds the whole year */
	expect_contract("C140826-2026-000001",
			"C140826-2026-000001 terminated 2027-11-05 moved 55");
	expect_contract("C140826-2027-000001",
			"C140826-2027-000001 terminated 2027-11-05 moved 1200");
}

Test(contract_batch, a_renewal_ended_with_its_predecessor_is_then_skipped)
{
	fdss_contract_batch *b;
	fdss_contract_stats st;

	sign_and_renew();
	b = batch("2027-11-05", 0, 0);
	cr_assert(eq(int, fdss_contract_terminate(b, "C140826-2026-000001", "moved",
						  0), FDSS_OK));
	cr_assert(eq(int, fdss_contract_terminate(b, "C140826-2027-000001", "moved",
						  0), FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_OK));
	fdss_contract_batch_free(b);
	cr_assert(eq(long, st.requests, 2));
	cr_assert(eq(long, st.contracts, 2));
	cr_assert(eq(long, st.skipped, 1));
	cr_assert(eq(long, st.rejected, 0));

	/* in a later batch, it is terminated: refused */
	b = batch("2027-11-06", 0, 0);
	cr_assert(eq(int, fdss_contract_terminate(b, "C140826-2027-000001", "moved",
						  0), FDSS_EDATA));
	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_OK));
	fdss_contract_batch_free(b);
	cr_assert(eq(long, st.skipped, 0));
	cr_assert(eq(long, st.rejected, 1));
}

Test(contract_batch, terminating_a_renewal_leaves_its_predecessor)
{
	fdss_contract_batch *b;
	fdss_contract_stats st;

	sign_and_renew();
	b = batch("2027-11-05", 0, 0);
	cr_assert(eq(int, fdss_contract_terminate(b, "C140826-2027-000001",
						  "request", 0), FDSS_OK));
	expect_contract("C140826-2026-000001", "C140826-2026-000001 active - - 0");
	/* the renewal ended already is not ended twice */
	cr_assert(eq(int, fdss_contract_terminate(b, "C140826-2026-000001",
						  "request", 0), FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_OK));
	fdss_contract_batch_free(b);
	cr_assert(eq(long, st.contracts, 2));
	cr_assert(eq(long, st.renewals_ended, 0));
	cr_assert(eq(long, st.rejected, 0));
	expect_contract("C140826-2027-000001",
			"C140826-2027-000001 terminated 2027-11-05 request 1200");
}

Test(contract_batch, a_record_that_is_no_request_rolls_an_atomic_batch_back)
{
	fdss_contract_batch *b;
	fdss_contract_stats st;

	sign_and_renew();
	b = batch("2027-11-05", 0, 1);
	cr_assert(eq(int, fdss_contract_terminate(b, "C140826-2026-000001", "moved",
						  0), FDSS_OK));
	fdss_contract_batch_reject(b, NULL, "<stdin>:2: invalid JSON");
	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_EDATA));
	fdss_contract_batch_free(b);
	cr_assert(eq(long, st.requests, 2));
	cr_assert(eq(long, st.rejected, 1));
	cr_assert(eq(int, st.committed, 0));
	expect_contract("C140826-2026-000001", "C140826-2026-000001 active - - 0");
	expect_contract("C140826-2027-000001", "C140826-2027-000001 active - - 0");
}

/* fdss_db_defer_commit(): the batch end leaves the transaction to the
 * caller, who may roll it back (an output failed) or commit it. */
Test(contract_batch, a_deferred_commit_is_the_callers)
{
	fdss_contract_batch *b;
	fdss_contract_stats st;
	fdss_sign_req q = { 0 };
	char got[128] = "";

	q.household_no = "H5";
	q.team = "T01";
	fdss_db_defer_commit(db, 1);
	b = batch("2026-11-22", 1, 0);
	cr_assert(eq(int, fdss_contract_sign(b, &q), FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_OK));
	fdss_contract_batch_free(b);
	cr_assert(eq(int, st.committed, 0));
	cr_assert(eq(int, fdss_db_commit_pending(db), 1));
	fdss_db_rollback(db);
	cr_assert(eq(int, fdss_db_commit_pending(db), 0));
	cr_assert(eq(int, fdss_contract_get(db, "C140826-2026-000001", describe, got),
		     FDSS_ENOTFOUND));

	b = batch("2026-11-22", 1, 0);
	cr_assert(eq(int, fdss_contract_sign(b, &q), FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_OK));
	fdss_contract_batch_free(b);
	cr_assert(eq(int, fdss_db_commit_pending(db), 1));
	cr_assert(eq(int, fdss_db_commit(db), FDSS_OK));
	cr_assert(eq(int, fdss_db_commit_pending(db), 0));
	expect_contract("C140826-2026-000001", "C140826-2026-000001 active - - 0");

	/* a dry run and an atomic rollback leave nothing pending */
	fdss_db_defer_commit(db, 0);
	b = batch("2026-11-22", 1, 1);
	fdss_contract_batch_reject(b, NULL, "bad");
	cr_assert(eq(int, fdss_contract_batch_finish(b, &st), FDSS_EDATA));
	fdss_contract_batch_free(b);
	cr_assert(eq(int, fdss_db_commit_pending(db), 0));
}

/* The settings' defaults are the seeded rows, not a copy in the code. */
Test(contract_batch, settings_come_from_the_table_only)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_batch *b = NULL;

	o.ref = fdss_date_from_ymd(2026, 11, 22);
	cr_assert(eq(int, fdss_db_exec(db, "DELETE FROM setting"
				       " WHERE key = 'renewal_grace_days'"),
		     FDSS_OK));
	cr_assert(eq(int, fdss_contract_batch_open(&b, db, &o),
		     FDSS_ENOTFOUND));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "no setting 'renewal_grace_days'"));
	cr_assert(b == NULL);
}
