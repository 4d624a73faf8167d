#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <fdss/fdss.h>
#include "internal.h"

static char dir[64];
static char path[96];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/fdss-test-db-XXXXXX");
	cr_assert(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/t.db", dir);
}

static void remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert(eq(int, system(cmd), 0));
}

TestSuite(db, .init = make_dir, .fini = remove_dir);

static void raw_exec(const char *sql)
{
	sqlite3 *s;

	cr_assert(eq(int, sqlite3_open(path, &s), SQLITE_OK));
	cr_assert(eq(int, sqlite3_exec(s, sql, NULL, NULL, NULL), SQLITE_OK),
		  "%s", sqlite3_errmsg(s));
	sqlite3_close(s);
}

Test(db, create_is_private_and_migrated)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_db *db = NULL;
	struct stat sb;

	cr_assert(eq(int, fdss_db_open(&db, path, 0, &err), FDSS_ENOTFOUND));
	cr_assert(db == NULL);
	cr_assert(eq(int, stat(path, &sb), -1), "no file without CREATE");
	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, &err),
		     FDSS_OK), "%s", err.msg);
	cr_assert(eq(int, stat(path, &sb), 0));
	cr_assert(eq(int, (int)(sb.st_mode & 0777), 0600));
	cr_assert(eq(int, fdss_db_schema_version(db), fdss_db_schema_latest()));
	cr_assert(fdss_db_schema_latest() >= 1);
	fdss_db_close(db);
	fdss_db_close(NULL);
}

Test(db, no_migrate_then_migrate_counts)
{
	fdss_db *db = NULL;
	int applied = -1;

	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE |
				       FDSS_DB_NO_MIGRATE, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_schema_version(db), 0));
	cr_assert(eq(int, fdss_db_migrate(db, &applied), FDSS_OK));
	cr_assert(eq(int, applied, fdss_db_schema_latest()));
	cr_assert(eq(int, fdss_db_migrate(db, &applied), FDSS_OK));
	cr_assert(eq(int, applied, 0));
	fdss_db_close(db);
}

Test(db, newer_schema_is_refused)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_db *db = NULL;
	char want[256];

	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, NULL),
		     FDSS_OK));
	fdss_db_close(db);
	raw_exec("PRAGMA user_version = 999");
	cr_assert(eq(int, fdss_db_open(&db, path, 0, &err), FDSS_ESCHEMA));
	cr_assert(db == NULL);
	snprintf(want, sizeof(want), "'%s': database schema version 999 is "
		 "newer than this fdss knows (%d): use a newer fdss", path,
		 fdss_db_schema_latest());
	cr_assert(eq(str, err.msg, want));
}

Test(db, foreign_database_is_not_touched)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_db *db = NULL;
	char want[256];

	raw_exec("CREATE TABLE t (x); PRAGMA user_version = 0");
	cr_assert(eq(int, fdss_db_open(&db, path, 0, &err), FDSS_EDATA));
	snprintf(want, sizeof(want), "'%s': not an fdss database", path);
	cr_assert(eq(str, err.msg, want));
}

Test(db, garbage_file_is_an_error)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_db *db = NULL;
	FILE *f = fopen(path, "w");

	cr_assert(f != NULL);
	fputs("this is not a database, just some text that is long enough "
	      "to fill what sqlite reads as the header of a file........",
	      f);
	fclose(f);
	cr_assert(eq(int, fdss_db_open(&db, path, 0, &err), FDSS_EDATA));
	cr_assert(db == NULL);
}

/* The rows of sql, "|" between columns and "; " between rows. */
static void raw_rows(const char *sql, char *out, size_t n)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	size_t len = 0;
	int i;

	out[0] = '\0';
	cr_assert(eq(int, sqlite3_open(path, &s), SQLITE_OK));
	cr_assert(eq(int, sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK),
		  "%s", sqlite3_errmsg(s));
	while (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < sqlite3_column_count(st) && len < n; i++)
			len += (size_t)snprintf(out + len, n - len, "%s%s",
				i ? "|" : len ? "; " : "",
				(const char *)sqlite3_column_text(st, i));
	sqlite3_finalize(st);
	sqlite3_close(s);
}

/* What 0012 added, taken away again for a database of an older version. */
#define UNDO_0012 "DELETE FROM setting WHERE key = 'county';" \
	"DROP INDEX contract_old_number; ALTER TABLE contract DROP COLUMN" \
	" old_number; DROP INDEX followup_origin; ALTER TABLE followup DROP" \
	" COLUMN origin; DROP INDEX referral_origin; ALTER TABLE referral" \
	" DROP COLUMN origin;"

/* A database as version 5 left it: 0004's contract_fee, a row per
 * payer, and contract_package, with the rows given, in a two-year
 * contract covering A and B; the condition table without 0008's
 * ended_on; no 0009 view, no 0010 table. */
/* Undo 0011 (the audit log's triggers and key index), for a database
 * made older. */
#define UNDO_0011 "DROP TRIGGER audit_log_no_update;" \
	" DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_replace;" \
	" DROP INDEX audit_log_key;"

static void at_version_5(const char *rows)
{
	fdss_db *db = NULL;
	char sql[4096];

	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, NULL),
		     FDSS_OK));
	fdss_db_close(db);
	snprintf(sql, sizeof(sql),
		 UNDO_0012 UNDO_0011 "DROP VIEW contract_cover; DROP TABLE population;"
		 "ALTER TABLE condition DROP COLUMN ended_on;"
		 "DROP TABLE contract_fee;"
		 "CREATE TABLE contract_fee (contract_id INTEGER NOT NULL"
		 " REFERENCES contract(id), id_number TEXT NOT NULL,"
		 " package_code TEXT NOT NULL, year_start TEXT NOT NULL,"
		 " payer TEXT NOT NULL, amount_fen INTEGER NOT NULL,"
		 " PRIMARY KEY (contract_id, id_number, package_code,"
		 " year_start, payer)) WITHOUT ROWID;"
		 "CREATE TABLE contract_package (contract_id INTEGER NOT NULL"
		 " REFERENCES contract(id), id_number TEXT NOT NULL,"
		 " package_code TEXT NOT NULL REFERENCES package(code),"
		 " PRIMARY KEY (contract_id, id_number, package_code))"
		 " WITHOUT ROWID;"
		 "INSERT INTO contract (id, number, household_no, team_code,"
		 " doctor, start_date, end_date, years, created) VALUES (1,"
		 " 'C2026-000001', 'H1', 'T01', 'd', '2026-11-22',"
		 " '2028-11-21', 2, '2026-11-22T08:00:00Z');"
		 "INSERT INTO contract_member (contract_id, id_number)"
		 " VALUES (1, 'A'), (1, 'B');"
		 "%s PRAGMA user_version = 5", rows);
	raw_exec(sql);
}

/* 0006: 0004's fee rows, one per payer, become one row per member,
 * package and year with a column per payer. */
Test(db, contract_fees_migrate_to_a_row_per_year)
{
	fdss_db *db = NULL;
	char rows[512];

	at_version_5("INSERT INTO contract_fee VALUES"
		 " (1, 'A', 'basic', '2026-11-22', 'public_health', 1200),"
		 " (1, 'A', 'basic', '2026-11-22', 'insurance', 1200),"
		 " (1, 'A', 'basic', '2026-11-22', 'subsidy', 1200),"
		 " (1, 'A', 'basic', '2027-11-22', 'public_health', 2000),"
		 " (1, 'A', 'child', '2026-11-22', 'resident', 200),"
		 " (1, 'A', 'pain', '2026-11-22', 'resident', 0),"
		 " (1, 'B', 'basic', '2026-11-22', 'resident', 500);");
	cr_assert(eq(int, fdss_db_open(&db, path, 0, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_schema_version(db), fdss_db_schema_latest()));
	fdss_db_close(db);
	raw_rows("SELECT * FROM contract_fee", rows, sizeof(rows));
	cr_assert(eq(str, rows,
		"1|A|basic|2026-11-22|1200|1200|0|1200; "
		"1|A|basic|2027-11-22|2000|0|0|0; "
		"1|A|child|2026-11-22|0|0|200|0; "
		"1|B|basic|2026-11-22|0|0|500|0"));
}

/* 0007: the packages nobody pays for become fee rows of nothing to pay,
 * one per contract year; contract_package goes.  A year starts on the
 * anniversary: 29 February's in a common year is 1 March. */
Test(db, packages_migrate_into_contract_fee)
{
	fdss_db *db = NULL;
	char rows[1024];

	at_version_5("UPDATE contract SET start_date = '2028-02-29',"
		 " end_date = '2030-02-28';"
		 "INSERT INTO contract_fee VALUES"
		 " (1, 'A', 'basic', '2028-02-29', 'public_health', 1200),"
		 " (1, 'A', 'basic', '2029-03-01', 'public_health', 1200),"
		 " (1, 'B', 'basic', '2028-02-29', 'resident', 500);"
		 "INSERT INTO contract_package VALUES (1, 'A', 'basic'),"
		 " (1, 'A', 'pain'), (1, 'B', 'basic'), (1, 'B', 'child');");
	cr_assert(eq(int, fdss_db_open(&db, path, 0, NULL), FDSS_OK));
	fdss_db_close(db);
	raw_rows("SELECT * FROM contract_fee", rows, sizeof(rows));
	cr_assert(eq(str, rows,
		"1|A|basic|2028-02-29|1200|0|0|0; "
		"1|A|basic|2029-03-01|1200|0|0|0; "
		"1|A|pain|2028-02-29|0|0|0|0; "
		"1|A|pain|2029-03-01|0|0|0|0; "
		"1|B|basic|2028-02-29|0|0|500|0; "
		"1|B|basic|2029-03-01|0|0|0|0; "
		"1|B|child|2028-02-29|0|0|0|0; "
		"1|B|child|2029-03-01|0|0|0|0"));
	raw_rows("SELECT count(*) FROM sqlite_schema"
		 " WHERE name = 'contract_package'", rows, sizeof(rows));
	cr_assert(eq(str, rows, "0"));
}

/* A database as version 7 left it: the condition table without
 * ended_on, with the rows given (foreign keys are off here), and no
 * 0009 view, no 0010 table. */
static void at_version_7(const char *rows)
{
	fdss_db *db = NULL;
	char sql[4096];

	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, NULL),
		     FDSS_OK));
	fdss_db_close(db);
	snprintf(sql, sizeof(sql),
		 UNDO_0012 UNDO_0011 "DROP VIEW contract_cover; DROP TABLE population;"
		 "ALTER TABLE condition DROP COLUMN ended_on;"
		 "%s PRAGMA user_version = 7", rows);
	raw_exec(sql);
}

/* An audit entry of the condition A:kind, with reason. */
#define AUDIT(id, kind, reason) \
	" (" #id ", '2026-11-22T08:00:00Z', 'op', 'condition', 'A:" kind \
	"', NULL, '{}', " reason ")"

/* 0008: an ended condition gets the date of the newest audit entry of
 * its row when that entry is its end ("ended on DATE"); otherwise, or
 * without one, NULL.  Active conditions stay NULL. */
Test(db, conditions_ended_get_the_date_of_their_end)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_db *db = NULL;
	char rows[1024];

	at_version_7("INSERT INTO condition (id_number, kind, status) VALUES"
		 " ('A', 'hypertension', 'ended'), ('A', 'diabetes', 'ended'),"
		 " ('A', 'tb', 'ended'), ('A', 'smi', 'active'),"
		 " ('A', 'copd', 'ended'), ('A', 'chronic', 'ended'),"
		 " ('B', 'hypertension', 'ended');"
		 "INSERT INTO audit_log (id, at, operator, table_name, row_key,"
		 " before, after, reason) VALUES"
		 AUDIT(1, "hypertension", "NULL") ","
		 AUDIT(2, "hypertension", "'ended on 2025-01-01'") ","
		 AUDIT(3, "hypertension", "NULL") ","
		 AUDIT(4, "hypertension", "'ended on 2026-06-30'") ","
		 AUDIT(5, "tb", "'ended on 2026-03-04'") ","
		 AUDIT(6, "tb", "NULL") ","
		 AUDIT(7, "smi", "'ended on 2026-03-04'") ","
		 AUDIT(8, "smi", "NULL") ","
		 AUDIT(9, "copd", "'ended on 2026-02-30'") ","
		 AUDIT(10, "chronic", "'ended on 2026-10-09'") ";"
		 "UPDATE audit_log SET table_name = 'person' WHERE id = 10;");
	cr_assert(eq(int, fdss_db_open(&db, path, 0, &err), FDSS_OK), "%s",
		  err.msg);
	cr_assert(eq(int, fdss_db_schema_version(db), fdss_db_schema_latest()));
	fdss_db_close(db);
	raw_rows("SELECT id_number, kind, status, coalesce(ended_on, '-')"
		 " FROM condition ORDER BY id_number, kind", rows,
		 sizeof(rows));
	cr_assert(eq(str, rows,
		"A|chronic|ended|-; "		/* an entry of another table */
		"A|copd|ended|-; "		/* no such date */
		"A|diabetes|ended|-; "		/* no entry */
		"A|hypertension|ended|2026-06-30; "	/* the newest end */
		"A|smi|active|-; "
		"A|tb|ended|-; "		/* reactivated since */
		"B|hypertension|ended|-"));	/* A's entries are not B's */
}

/* What a second command opening the database found. */
struct opener {
	int rc, version;
	char msg[FDSS_ERRMSG_MAX];
};

static void *open_in_thread(void *arg)
{
	struct opener *o = arg;
	fdss_error err = FDSS_ERROR_INIT;
	fdss_db *db = NULL;

	o->rc = fdss_db_open(&db, path, 0, &err);
	snprintf(o->msg, sizeof(o->msg), "%s", err.msg);
	o->version = db ? fdss_db_schema_version(db) : -1;
	fdss_db_close(db);
	return NULL;
}

/*
 * The two commands of "person list | sign" open a version-5 database
 * at once: one migrates while the other, having read version 5, waits
 * for the write lock — and then finds 0006 done instead of running it
 * again over the new table.
 */
Test(db, a_migration_made_meanwhile_is_not_run_again)
{
	const struct timespec wait = { 0, 300 * 1000 * 1000 };
	struct opener o = { -1, -1, "" };
	sqlite3 *s;
	pthread_t t;

	at_version_5("");
	cr_assert(eq(int, sqlite3_open(path, &s), SQLITE_OK));
	cr_assert(eq(int, sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL,
				       NULL), SQLITE_OK));
	cr_assert(eq(int, pthread_create(&t, NULL, open_in_thread, &o), 0));
	nanosleep(&wait, NULL);	/* it reads version 5 and waits */
	cr_assert(eq(int, sqlite3_exec(s, "DROP TABLE contract_fee;"
		"CREATE TABLE contract_fee (contract_id, id_number,"
		" package_code, year_start, public_health_fen, insurance_fen,"
		" resident_fen, subsidy_fen); PRAGMA user_version = 6; COMMIT",
		NULL, NULL, NULL), SQLITE_OK), "%s", sqlite3_errmsg(s));
	cr_assert(eq(int, pthread_join(t, NULL), 0));
	sqlite3_close(s);
	cr_assert(eq(int, o.rc, FDSS_OK), "%s", o.msg);
	cr_assert(eq(int, o.version, fdss_db_schema_latest()));
}

static int collect(const fdss_audit_entry *e, void *arg)
{
	int *n = arg;

	(*n)++;
	cr_assert(eq(str, (char *)e->operator_name, "alice"));
	cr_assert(eq(str, (char *)e->command, "fdss fix person"));
	cr_assert(eq(str, (char *)e->table_name, "person"));
	cr_assert(eq(str, (char *)e->row_key, "11010519491231002X"));
	cr_assert(eq(str, (char *)e->before, "{\"phone\":\"1\"}"));
	cr_assert(eq(str, (char *)e->after, "{\"phone\":\"2\"}"));
	cr_assert(eq(str, (char *)e->reason, "typo"));
	cr_assert(eq(int, (int)strlen(e->at), 20));
	return 0;
}

Test(db, audit_goes_with_its_transaction)
{
	fdss_db *db = NULL;
	int n = 0;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_set_actor(db, "alice", "fdss fix person"),
		     FDSS_OK));
	/* outside a transaction: refused */
	cr_assert(eq(int, fdss_audit_record(db, "person", "x", NULL, "{}",
					    NULL), FDSS_EINVAL));
	/* rolled back: gone */
	cr_assert(eq(int, fdss_db_begin(db), FDSS_OK));
	cr_assert(eq(int, fdss_audit_record(db, "person", "y", NULL, "{}",
					    NULL), FDSS_OK));
	fdss_db_rollback(db);
	cr_assert(eq(int, fdss_audit_foreach(db, NULL, NULL, collect, &n),
		     FDSS_OK));
	cr_assert(eq(int, n, 0));
	/* committed: kept, with actor and reason */
	cr_assert(eq(int, fdss_db_begin(db), FDSS_OK));
	cr_assert(eq(int, fdss_audit_record(db, "person", "11010519491231002X",
					    "{\"phone\":\"1\"}",
					    "{\"phone\":\"2\"}", "typo"),
		     FDSS_OK));
	cr_assert(eq(int, fdss_db_commit(db), FDSS_OK));
	cr_assert(eq(int, fdss_audit_foreach(db, "person", NULL, collect, &n),
		     FDSS_OK));
	cr_assert(eq(int, n, 1));
	n = 0;
	cr_assert(eq(int, fdss_audit_foreach(db, "area", NULL, collect, &n),
		     FDSS_OK));
	cr_assert(eq(int, n, 0));
	fdss_db_close(db);
}

Test(db, second_writer_gets_busy)
{
	fdss_db *a = NULL, *b = NULL;

	cr_assert(eq(int, fdss_db_open(&a, path, FDSS_DB_CREATE, NULL),
		     FDSS_OK));
	cr_assert(eq(int, fdss_db_open(&b, path, 0, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_exec(b, "PRAGMA busy_timeout = 50"),
		     FDSS_OK));
	cr_assert(eq(int, fdss_db_begin(a), FDSS_OK));
	cr_assert(eq(int, fdss_db_begin(b), FDSS_EBUSY));
	cr_assert(strstr(fdss_db_errmsg(b), "still locked by another program after") != NULL);
	fdss_db_rollback(a);
	cr_assert(eq(int, fdss_db_begin(b), FDSS_OK));
	cr_assert(eq(int, fdss_db_commit(b), FDSS_OK));
	fdss_db_close(a);
	fdss_db_close(b);
}

Test(db, errors_have_names)
{
	cr_assert(eq(str, (char *)fdss_strerror(FDSS_EBUSY),
		     "database is locked"));
	cr_assert(eq(str, (char *)fdss_strerror(12345), "unknown error"));
}

/* The programs' setting is taken before SQLite is in use, not after. */
Test(db, program_init_comes_before_the_first_open)
{
	fdss_db *db = NULL;

	cr_assert(eq(int, fdss_db_program_init(), FDSS_OK));
	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_program_init(), FDSS_EINVAL));
	fdss_db_close(db);
}

static const char sql_setting_put[] =
	"INSERT INTO setting (key, value) VALUES (?1, ?2)";

Test(db, a_failed_bind_is_an_error_on_the_handle)
{
	fdss_db *db = NULL;
	fdss_error err = FDSS_ERROR_INIT;
	char big[300];
	sqlite3_stmt *st;
	int rc;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cr_assert(eq(int, fdss_db_open(&db, ":memory:", FDSS_DB_CREATE, &err),
		     FDSS_OK), "%s", err.msg);
	sqlite3_limit(fdss__db_sqlite(db), SQLITE_LIMIT_LENGTH, 100);
	st = fdss__db_prepare(db, sql_setting_put);
	cr_assert(st != NULL);
	cr_assert(eq(int, sqlite3_bind_text(st, 1, "k", -1, SQLITE_STATIC),
		     SQLITE_OK));
	cr_assert(eq(int, sqlite3_bind_text(st, 2, big, -1, SQLITE_STATIC),
		     SQLITE_TOOBIG));
	rc = fdss__db_bindfail(db, st, "cannot store a setting");
	cr_assert(eq(int, rc, FDSS_EINTERNAL));
	cr_assert(eq(int, fdss_db_error(db)->code, FDSS_EINTERNAL));
	cr_assert(eq(str, (char *)fdss_db_errmsg(db),
		     "cannot store a setting: string or blob too big"));
	/* the statement is handed out again and works */
	cr_assert(eq(ptr, (void *)fdss__db_prepare(db, sql_setting_put),
		     (void *)st));
	cr_assert(eq(int, sqlite3_bind_text(st, 1, "k", -1, SQLITE_STATIC),
		     SQLITE_OK));
	cr_assert(eq(int, sqlite3_bind_text(st, 2, "v", -1, SQLITE_STATIC),
		     SQLITE_OK));
	cr_assert(eq(int, sqlite3_step(st), SQLITE_DONE));
	sqlite3_reset(st);
	fdss_db_close(db);
}

static int keep_before(const fdss_audit_entry *e, void *arg)
{
	snprintf(arg, 512, "%s", e->before ? e->before : "");
	return 0;
}

Test(db, a_long_setting_is_changed_and_audited_whole)
{
	fdss_db *db = NULL;
	fdss_error err = FDSS_ERROR_INIT;
	char sql[512], want[512], before[512] = "";
	char value[301];

	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	cr_assert(eq(int, fdss_db_open(&db, ":memory:", FDSS_DB_CREATE, &err),
		     FDSS_OK), "%s", err.msg);
	cr_assert(eq(int, fdss_db_set_actor(db, "tester", "test"), FDSS_OK));
	snprintf(sql, sizeof(sql), "INSERT INTO setting (key, value) VALUES"
		 " ('motto', '%s')", value);
	cr_assert(eq(int, fdss_db_exec(db, sql), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
	cr_assert(eq(int, fdss_setting_set(db, "motto", "short", NULL),
		     FDSS_OK), "%s", fdss_db_errmsg(db));
	cr_assert(eq(int, fdss_audit_foreach(db, "setting", "motto",
					     keep_before, before), FDSS_OK));
	snprintf(want, sizeof(want), "{\"key\":\"motto\",\"value\":\"%s\"}",
		 value);
	cr_assert(eq(str, before, want));
	fdss_db_close(db);
}

/* 0010: a version-9 database gets the census table, empty. */
Test(db, census_table_comes_with_0010)
{
	fdss_db *db = NULL;
	char rows[64];

	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, NULL),
		     FDSS_OK));
	fdss_db_close(db);
	raw_exec(UNDO_0012 UNDO_0011 "DROP TABLE population; PRAGMA user_version = 9");
	cr_assert(eq(int, fdss_db_open(&db, path, 0, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_schema_version(db), fdss_db_schema_latest()));
	fdss_db_close(db);
	raw_rows("SELECT count(*) FROM population", rows, sizeof(rows));
	cr_assert(eq(str, rows, "0"));
}

/* 0011: the entries a version-10 database has stay, and from then on no
 * statement rewrites or removes one, even outside fdss. */
Test(db, audit_log_becomes_append_only_with_0011)
{
	fdss_db *db = NULL;
	sqlite3 *s;
	char rows[256];

	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, NULL),
		     FDSS_OK));
	fdss_db_close(db);
	raw_exec(UNDO_0012 UNDO_0011 "INSERT INTO audit_log (at, operator, table_name,"
		 " row_key, after) VALUES ('2026-01-01T00:00:00Z', 'op',"
		 " 'person', 'A', '{}'); PRAGMA user_version = 10");
	cr_assert(eq(int, fdss_db_open(&db, path, 0, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_schema_version(db), fdss_db_schema_latest()));
	fdss_db_close(db);
	cr_assert(eq(int, sqlite3_open(path, &s), SQLITE_OK));
	cr_expect(eq(int, sqlite3_exec(s, "UPDATE audit_log SET row_key = 'B'",
				       NULL, NULL, NULL), SQLITE_CONSTRAINT));
	cr_expect(eq(str, (char *)sqlite3_errmsg(s),
		     "audit_log is append-only"));
	cr_expect(eq(int, sqlite3_exec(s, "DELETE FROM audit_log", NULL, NULL,
				       NULL), SQLITE_CONSTRAINT));
	sqlite3_close(s);
	raw_rows("SELECT id, at, row_key, after FROM audit_log", rows,
		 sizeof(rows));
	cr_expect(eq(str, rows, "1|2026-01-01T00:00:00Z|A|{}"));
}

static int number_of(const fdss_contract *c, void *arg)
{
	snprintf(arg, 32, "%s", c->number);
	return 0;
}

/* 0012: old numbers take their household's county and stay findable. */
Test(db, contract_numbers_get_their_county_with_0012)
{
	fdss_db *db = NULL;
	char rows[256], number[32] = "";

	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, NULL),
		     FDSS_OK));
	fdss_db_close(db);
	raw_exec(UNDO_0012
		 "INSERT INTO area VALUES ('140826100201', '城关村', 'village',"
		 " '140826100'), ('451026100212', '那坡村', 'village',"
		 " '451026100');"
		 "INSERT INTO household (household_no, village_code) VALUES"
		 " ('H1', '140826100201'), ('H2', '451026100212');"
		 "INSERT INTO team (code, name, institution, created) VALUES"
		 " ('T01', 't', 'i', '2026-01-01');"
		 "INSERT INTO contract (id, number, household_no, team_code,"
		 " doctor, start_date, end_date, years, created) VALUES"
		 " (1, 'C2026-000001', 'H1', 'T01', 'd', '2026-11-22',"
		 " '2027-11-21', 1, ''), (2, 'C2026-000002', 'H2', 'T01', 'd',"
		 " '2026-11-22', '2027-11-21', 1, ''), (3, 'X9', 'H2', 'T01',"
		 " 'd', '2026-11-22', '2027-11-21', 1, '');"
		 "PRAGMA user_version = 11");
	cr_assert(eq(int, fdss_db_open(&db, path, 0, NULL), FDSS_OK));
	cr_assert(eq(int, fdss_db_schema_version(db), fdss_db_schema_latest()));
	cr_assert(eq(int, fdss_contract_get(db, "C2026-000002", number_of,
					    number), FDSS_OK));
	cr_assert(eq(str, number, "C451026-2026-000002"));
	fdss_db_close(db);
	raw_rows("SELECT group_concat(number || ' ' || coalesce(old_number, '-'),"
		 " ', ') FROM contract", rows, sizeof(rows));
	cr_assert(eq(str, rows, "C140826-2026-000001 C2026-000001, "
		     "C451026-2026-000002 C2026-000002, X9 -"));
	raw_rows("SELECT value FROM setting WHERE key = 'county'", rows,
		 sizeof(rows));
	cr_assert(eq(str, rows, ""));
}

/* After fdss_db_program_init(), SQLite's page-sized blocks come from
 * the page cache's arena (pagecache.c): each whole and its own, kept
 * whole when it grows or shrinks out of the arena, handed out again
 * when freed. */
Test(db, program_init_keeps_page_blocks_whole)
{
	fdss_db *db = NULL;
	unsigned char *p, *q, *r;
	int hdr = 0, n, i;

	cr_assert(eq(int, fdss_db_program_init(), FDSS_OK));
	cr_assert(eq(int, sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr),
		     SQLITE_OK));
	n = 4096 + hdr;
	p = sqlite3_malloc(n);
	q = sqlite3_malloc(n);
	cr_assert(p && q && p != q);
	cr_assert(ge(u64, sqlite3_msize(p), (uint64_t)n));
	memset(p, 0xab, (size_t)n);
	memset(q, 0xcd, (size_t)n);
	r = sqlite3_realloc(p, 3 * n);
	cr_assert(r != NULL);
	cr_assert(ge(u64, sqlite3_msize(r), (uint64_t)(3 * n)));
	for (i = 0; i < n; i++)
		cr_assert(r[i] == 0xab && q[i] == 0xcd, "byte %d", i);
	memset(r + n, 0xef, (size_t)(2 * n));
	p = sqlite3_realloc(r, 100);
	cr_assert(p != NULL);
	cr_assert(p[0] == 0xab && p[99] == 0xab);
	sqlite3_free(p);
	sqlite3_free(q);
	r = sqlite3_malloc(n);
	cr_assert(r == q, "a freed slot is handed out again");
	sqlite3_free(r);
	/* a database works on it, its pages in the arena */
	cr_assert(eq(int, fdss_db_open(&db, path, FDSS_DB_CREATE, NULL),
		     FDSS_OK));
	cr_assert(eq(int, fdss_db_schema_version(db), fdss_db_schema_latest()));
	fdss_db_close(db);
}
