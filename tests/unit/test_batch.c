#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include <fdss/fdss.h>
#include "batch.h"

/* The batch core (lib/batch.c) alone: a module's batch that stores rows
 * of its own table t, the rejections it reports, the end of its run. */

struct mod {
	struct fdss__batch core;	/* first */
	long own;			/* the module's own state */
};

static fdss_db *db;
static int nreject;
static char last[256];

static void on_reject(void *arg, const char *subject, const char *reason)
{
	(void)arg;
	nreject++;
	snprintf(last, sizeof(last), "%s: %s", subject ? subject : "-",
		 reason);
}

static void open_db(void)
{
	fdss_error err = FDSS_ERROR_INIT;

	nreject = 0;
	last[0] = '\0';
	cr_assert(eq(int, fdss_db_open(&db, ":memory:", FDSS_DB_CREATE, &err),
		     FDSS_OK), "%s", err.msg);
	cr_assert(eq(int, fdss_db_exec(db, "CREATE TABLE t (x)"), FDSS_OK));
}

static void close_db(void)
{
	fdss_db_close(db);
	db = NULL;
}

TestSuite(batch, .init = open_db, .fini = close_db);

/* The options of a module, as the public ones have them. */
struct opts {
	int atomic, dry_run;
	void (*reject)(void *arg, const char *subject, const char *reason);
	void *arg;
};

/* A batch with atomic and dry_run that has stored one row. */
static struct mod *open_mod(int atomic, int dry_run)
{
	const struct opts o = { atomic, dry_run, on_reject, NULL };
	const struct fdss__batch core = FDSS__BATCH_INIT(db, &o, "things");
	struct mod *m = fdss__batch_open(sizeof(*m), &core,
					 FDSS__BATCH_BIG_CACHE);

	cr_assert(m != NULL, "%s", fdss_db_errmsg(db));
	cr_assert(eq(long, m->own, 0), "the module's part is zeroed");
	cr_assert(eq(int, fdss_db_exec(db, "INSERT INTO t VALUES (1)"),
		     FDSS_OK));
	m->core.read++;
	return m;
}

/* Rows in t, read outside any transaction of the batch. */
static int rows(void)
{
	sqlite3_stmt *st;
	int n;

	cr_assert(eq(int, sqlite3_prepare_v2(fdss__db_sqlite(db),
					     "SELECT count(*) FROM t", -1,
					     &st, NULL), SQLITE_OK));
	cr_assert(eq(int, sqlite3_step(st), SQLITE_ROW));
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

Test(batch, commits_what_it_stored)
{
	struct mod *m = open_mod(0, 0);

	cr_assert(eq(int, fdss__batch_finish(&m->core, FDSS_OK), FDSS_OK));
	cr_assert(eq(int, m->core.committed, 1));
	cr_assert(eq(long, m->core.read, 1));
	cr_assert(eq(long, m->core.rejected, 0));
	fdss__batch_free(&m->core);
	cr_assert(eq(int, rows(), 1));
}

Test(batch, counts_and_reports_rejections)
{
	struct mod *m = open_mod(0, 0);

	fdss__batch_reject_input(&m->core, NULL, "not a record");
	cr_assert(eq(str, last, "-: not a record"));
	cr_assert(eq(int, fdss__batch_rejected(&m->core, "A1", "no such A"),
		     FDSS_EDATA));
	cr_assert(eq(str, last, "A1: no such A"));
	cr_assert(eq(int, nreject, 2));
	cr_assert(eq(long, m->core.read, 2), "the one stored, the bad line");
	cr_assert(eq(long, m->core.rejected, 2));
	cr_assert(eq(int, fdss__batch_finish(&m->core, FDSS_OK), FDSS_OK),
		  "rejections alone do not stop a batch");
	fdss__batch_free(&m->core);
	cr_assert(eq(int, rows(), 1));
}

Test(batch, atomic_stores_nothing_after_a_rejection)
{
	struct mod *m = open_mod(1, 0);

	fdss__batch_rejected(&m->core, "A1", "no such A");
	fdss__batch_rejected(&m->core, "A2", "no such A");
	cr_assert(eq(int, fdss__batch_finish(&m->core, FDSS_OK), FDSS_EDATA));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "2 things rejected; nothing stored (--atomic)"));
	cr_assert(eq(int, m->core.committed, 0));
	fdss__batch_free(&m->core);
	cr_assert(eq(int, rows(), 0));
}

Test(batch, dry_run_stores_nothing)
{
	struct mod *m = open_mod(0, 1);

	cr_assert(eq(int, fdss__batch_finish(&m->core, FDSS_OK), FDSS_OK));
	cr_assert(eq(int, m->core.committed, 0));
	fdss__batch_free(&m->core);
	cr_assert(eq(int, rows(), 0));
}

Test(batch, a_failure_at_the_end_rolls_back)
{
	struct mod *m = open_mod(0, 0);

	cr_assert(eq(int, fdss__batch_finish(&m->core, FDSS_EIO), FDSS_EIO));
	cr_assert(eq(int, m->core.committed, 0));
	fdss__batch_free(&m->core);
	cr_assert(eq(int, rows(), 0));
}

Test(batch, a_busy_database_opens_nothing)
{
	const struct opts o = { 0, 0, on_reject, NULL };
	const struct fdss__batch core = FDSS__BATCH_INIT(db, &o, "things");

	cr_assert(eq(int, fdss_db_begin(db), FDSS_OK));
	cr_assert(fdss__batch_open(sizeof(struct mod), &core, 0) == NULL,
		  "a transaction is open already");
	cr_assert(eq(int, strncmp(fdss_db_errmsg(db),
				  "cannot start a transaction", 26), 0),
		  "%s", fdss_db_errmsg(db));
	fdss_db_rollback(db);
}

Test(batch, freed_unfinished_rolls_back)
{
	struct mod *m = open_mod(0, 0);

	fdss__batch_free(&m->core);
	cr_assert(eq(int, rows(), 0));
	cr_assert(eq(int, fdss_db_begin(db), FDSS_OK), "no transaction left");
	fdss_db_rollback(db);
	fdss__batch_free(NULL);
}
