#ifndef FDSS_DB_H
#define FDSS_DB_H

#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The database handle: one SQLite connection with its settings (WAL,
 * foreign keys, busy timeout), the error of the last failed call and
 * the context that the audit log records (operator, command line).
 */
typedef struct fdss_db fdss_db;

enum fdss_db_flags {
	FDSS_DB_CREATE = 1 << 0,	/* create the file (mode 0600) if missing */
	FDSS_DB_NO_MIGRATE = 1 << 1	/* leave an older schema as it is */
};

/* Busy timeout in milliseconds applied at open. */
#define FDSS_DB_BUSY_MS 5000

/*
 * Open (or with FDSS_DB_CREATE create) the database at path and bring
 * its schema up to date, unless FDSS_DB_NO_MIGRATE.  ":memory:" opens a
 * private in-memory database.  On success *out is a handle the caller
 * closes with fdss_db_close().  On failure *out is NULL and the reason
 * is in err: FDSS_ENOTFOUND (no such file and no FDSS_DB_CREATE),
 * FDSS_ESCHEMA (written by a newer fdss), FDSS_EBUSY, FDSS_EIO.
 */
int fdss_db_open(fdss_db **out, const char *path, unsigned flags,
		 fdss_error *err);

/*
 * For a program, before it opens a database: SQLite then keeps no
 * statistics of its memory, which fdss never reads, and takes no lock
 * around every allocation for them (a signing runs about 6% faster);
 * and its page cache lives in one arena of huge pages made ready 2 MiB
 * at a time rather than in heap pages, each first touch a page fault
 * (a signing about 20% faster, a renewal 30%).  Memory is used as
 * before: only what the cache holds.  And a statement's journal (the
 * pages one statement changed, kept to undo that statement alone) stays
 * in memory: it used to spill to a temporary file once a statement
 * passed 64 KiB and stay a file, so that each later insert wrote its
 * pages there twice — 1.4 million writes in the renewal of 286,000
 * contracts, a quarter of its time.  It is process-wide: a program
 * whose other code reads sqlite3_memory_used(), sets a soft heap limit
 * or its own SQLite allocator leaves it out.
 * FDSS_EINVAL when SQLite is already in use.
 */
int fdss_db_program_init(void);

/*
 * How long the handles opened from now on wait for another program's
 * lock before a write gives up with FDSS_EBUSY: ms milliseconds (default
 * FDSS_DB_BUSY_MS; 0: not at all).  For a program, before it opens a
 * database; the handles are one thread's each, the setting the process's.
 */
void fdss_db_set_busy_timeout(int ms);

/* Close the handle; NULL is harmless.  An open transaction rolls back. */
void fdss_db_close(fdss_db *db);

/* The last error recorded on the handle (never NULL for a valid db). */
const fdss_error *fdss_db_error(const fdss_db *db);

/* The message of the last error, "" if none. */
const char *fdss_db_errmsg(const fdss_db *db);

/* Schema version the database holds, and the newest libfdss knows. */
int fdss_db_schema_version(fdss_db *db);
int fdss_db_schema_latest(void);

/*
 * Apply pending migrations, each in its own BEGIN IMMEDIATE transaction.
 * *applied (may be NULL) receives how many ran.  Fails with FDSS_ESCHEMA
 * if the database is newer than this library.
 */
int fdss_db_migrate(fdss_db *db, int *applied);

/*
 * Transactions.  begin() takes the write lock at once (BEGIN IMMEDIATE)
 * so that a busy database fails early with FDSS_EBUSY instead of midway.
 * rollback() is harmless when no transaction is open.
 */
int fdss_db_begin(fdss_db *db);
int fdss_db_commit(fdss_db *db);
void fdss_db_rollback(fdss_db *db);

/*
 * Let the caller write its outputs before a batch is committed.  While
 * on (off by default), a batch end that would commit —
 * fdss_contract_batch_finish(), fdss_followup_batch_finish(),
 * fdss_condition_batch_finish(), fdss_import_roster() — returns as if it
 * had committed but leaves the transaction open, with the "committed"
 * count still 0: fdss_db_commit_pending() is then 1 until the caller
 * ends it with fdss_db_commit() (which may still fail) or
 * fdss_db_rollback().  Closing the handle rolls it back.
 */
void fdss_db_defer_commit(fdss_db *db, int on);
int fdss_db_commit_pending(const fdss_db *db);

/*
 * Who is acting, for the audit log: the operator's name and the command
 * line.  The strings are copied.  Either may be NULL.
 */
int fdss_db_set_actor(fdss_db *db, const char *operator_name,
		      const char *command);

/*
 * Run one SQL statement with no parameters and no result rows (PRAGMA
 * settings, maintenance).  Prefer the module functions.
 */
int fdss_db_exec(fdss_db *db, const char *sql);

#ifdef __cplusplus
}
#endif

#endif
