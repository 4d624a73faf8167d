#ifndef FDSS_INTERNAL_H
#define FDSS_INTERNAL_H

/*
 * Private cross-module declarations of libfdss (fdss__ prefix).  Not
 * installed; cmd/ never includes this.
 */
#include <sqlite3.h>
#include "fdss/fdss.h"

/* The SQLite connection behind db. */
sqlite3 *fdss__db_sqlite(fdss_db *db);

/* The error slot on the handle (for functions taking fdss_error *). */
fdss_error *fdss__db_err(fdss_db *db);

/* Record a failure on the handle and return code. */
int fdss__db_fail(fdss_db *db, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Record the SQLite failure sqlite_rc as "what: <sqlite message>" and
 * return the matching fdss code (SQLITE_BUSY/LOCKED → FDSS_EBUSY,
 * SQLITE_FULL/IOERR/CANTOPEN/READONLY → FDSS_EIO, SQLITE_NOMEM →
 * FDSS_ENOMEM, else FDSS_EINTERNAL).
 */
int fdss__db_sqlfail(fdss_db *db, int sqlite_rc, const char *what);

/*
 * Prepare sql (a string literal that lives as long as the program) on db,
 * recording a failure on the handle.  Statements are cached on the
 * handle, so the same literal prepares once: reset, clear and reuse.
 * A cached statement that is busy (stepped and not reset: a walk over
 * its rows is under way, and this call comes from inside it) is never
 * reused: the cache hands out another statement of the same literal,
 * prepared for the nested use and kept for the next.  The returned
 * statement is reset and its bindings cleared; reset it when done (a
 * statement left busy is not handed out again), never finalize it: the
 * handle owns it.  NULL on failure.
 */
sqlite3_stmt *fdss__db_prepare(fdss_db *db, const char *sql);

/*
 * Binding: sqlite3_bind_*() and these helpers return an SQLite result,
 * SQLITE_OK (0) on success, so that the binds of a statement chain:
 *
 *	if (sqlite3_bind_int64(st, 1, id) || fdss__bind_date(st, 2, on))
 *		return fdss__db_bindfail(db, st, "cannot terminate");
 *
 * fdss__db_bindfail() records the failure of the bind just made (a value
 * longer than SQLITE_LIMIT_LENGTH, out of memory, a bad index) on the
 * handle as fdss__db_sqlfail() does, resets st and clears its bindings,
 * and returns the fdss code.
 */
int fdss__bind_date(sqlite3_stmt *st, int i, fdss_date d) /* a copy */
	__attribute__((warn_unused_result));
int fdss__db_bindfail(fdss_db *db, sqlite3_stmt *st, const char *what);

/*
 * walk.c: the walk of a listing over the rows of st.  For each row,
 * row(db, st, ctx) reads it into the caller's record and hands it to the
 * caller's callback (both in ctx: callbacks differ in type from module to
 * module, so the walk never calls them itself); a nonzero return stops
 * the walk and is returned as it is (a failure of row()'s own is on the
 * handle already).  A failed step is recorded as fdss__db_sqlfail(db,
 * rc, what).  st is reset and its bindings cleared on every way out.
 */
int fdss__walk(fdss_db *db, sqlite3_stmt *st, const char *what,
	       int (*row)(fdss_db *db, sqlite3_stmt *st, void *ctx),
	       void *ctx);

/*
 * The row function of a walk whose records of type T are read whole by
 * void read(sqlite3_stmt *st, T *rec): defines struct NAME_walk (the
 * callback fn and its arg, the walk's ctx) and NAME_row() for
 * fdss__walk():
 *
 *	FDSS__WALK_ROW(team, fdss_team, read_team)
 *	struct team_walk w = { fn, arg };
 *	return fdss__walk(db, st, "cannot read the teams", team_row, &w);
 */
#define FDSS__WALK_ROW(name, T, read)					\
	struct name##_walk {						\
		int (*fn)(const T *rec, void *arg);			\
		void *arg;						\
	};								\
	static int name##_row(fdss_db *db, sqlite3_stmt *st, void *ctx)	\
	{								\
		const struct name##_walk *w = ctx;			\
		T rec;							\
									\
		(void)db;						\
		read(st, &rec);						\
		return w->fn(&rec, w->arg);				\
	}

/* Copy s (NULL as "") into dst of size n; 0 if it did not fit. */
int fdss__copy(char *dst, size_t n, const char *s);

/* Column i of a row as text, "" when NULL. */
const char *fdss__col(sqlite3_stmt *st, int i);

/* Column i of a row as a date, 0 when NULL or not a date. */
fdss_date fdss__col_date(sqlite3_stmt *st, int i);

/* Bind s to parameter i, NULL (or "" when empty_null) as SQL NULL.  s
 * is not copied: it must stay put until the statement is stepped. */
int fdss__bind_text(sqlite3_stmt *st, int i, const char *s, int empty_null)
	__attribute__((warn_unused_result));

/* The operator and command line set by fdss_db_set_actor(). */
const char *fdss__db_operator(fdss_db *db);
const char *fdss__db_command(fdss_db *db);

/* 1 while a transaction is open on db. */
int fdss__db_in_tx(fdss_db *db);

/*
 * A transaction for one change: the handle's own one, or a savepoint
 * inside the caller's (so that a command can group changes or roll a
 * dry run back).  *nested records which.
 */
int fdss__tx_begin(fdss_db *db, int *nested);

/*
 * End what fdss__tx_begin() started: commit when rc is FDSS_OK, roll
 * back otherwise.  Returns rc, or the failure of the commit.
 */
int fdss__tx_end(fdss_db *db, int nested, int rc);

/*
 * Commit the transaction of a batch, setting *committed — or, when the
 * caller asked for it with fdss_db_defer_commit(), leave it open for the
 * caller to end, *committed unchanged and fdss_db_commit_pending() 1.
 */
int fdss__batch_commit(fdss_db *db, int *committed);

/*
 * End the transaction of a batch command (DESIGN.md "Batches"): roll
 * back when atomic and rejected > 0 (FDSS_EDATA, "N <what> rejected;
 * nothing stored (--atomic)"), roll back a dry run, commit otherwise
 * with fdss__batch_commit().
 */
int fdss__batch_end(fdss_db *db, int atomic, int dry_run, long rejected,
		    const char *what, int *committed);

/*
 * The path of a division code as fdss_area_list() gives it: names from
 * the province down, " / " between (stored names, else the built-in
 * table; an unknown division is its code).  *out is the caller's to
 * free().  FDSS_EINVAL for a code that is not 2, 4, 6, 9 or 12 digits.
 */
int fdss__area_path(fdss_db *db, const char *code, char **out);

/*
 * Register on sql the SQL function fdss_program_of(kind): the follow-up
 * programme name of a condition kind, fdss_program_of_condition() — so
 * that queries enrol people by the C rule, not a copy of it.  NULL for
 * an unknown kind.  A SQLite result code.
 */
int fdss__condition_sql_register(sqlite3 *sql);

/* Embedded migrations, generated from schema/NNNN_*.sql at build time. */
struct fdss__migration {
	int version;		/* NNNN */
	const char *name;	/* the file's name */
	const char *sql;	/* its text */
};
extern const struct fdss__migration fdss__migrations[];
extern const int fdss__nmigrations;

/* The built-in GB/T 2260 division names (generated, sorted by code). */
struct fdss__region {
	const char *code;	/* 2, 4 or 6 digits */
	const char *name;
};
extern const struct fdss__region fdss__regions[];
extern const int fdss__nregions;

/*
 * audit.c: audit one change of table row key: before and after are records
 * (either may be NULL) printed compactly; they are not freed.
 * FDSS_ENOMEM when they cannot be printed.
 */
int fdss__audit_json(fdss_db *db, const char *table, const char *key,
		     const cJSON *before, const cJSON *after,
		     const char *reason);

/*
 * audit.c, for a batch of many changes: fdss__audit_queue() creates (or
 * empties) the temporary table temp.fdss_audit_queue; fdss__audit_defer()
 * keeps an entry there as fdss__audit_json() would write it (its time
 * taken now); fdss__audit_flush() writes the kept entries to audit_log
 * in their order with one INSERT ... SELECT and empties the queue.  An
 * INSERT into audit_log opens a statement journal (its triggers may
 * abort): once a flush, not once an entry.  Flush before the commit and
 * before any entry written directly, so that the log keeps its order.
 */
int fdss__audit_queue(fdss_db *db);
int fdss__audit_defer(fdss_db *db, const char *table, const char *key,
		      const cJSON *before, const cJSON *after,
		      const char *reason);
/* The same with before and after as JSON text already (NULL: none). */
int fdss__audit_defer_text(fdss_db *db, const char *table, const char *key,
			   const char *before, const char *after,
			   const char *reason);
int fdss__audit_flush(fdss_db *db);

/*
 * jbuf.c, with the JSON writer: cJSON field helpers; each adds one field to rec and returns 0 when out
 * of memory.  Keys are string literals (not copied).
 */
int fdss__put_str(cJSON *rec, const char *key, const char *s); /* "" → null */
int fdss__put_int(cJSON *rec, const char *key, int64_t n, int null);
int fdss__put_bool(cJSON *rec, const char *key, int b);

/*
 * team.c: a team member's text field ("name", "title", "phone") checked
 * as fdss_team_member_add() checks it: FDSS_EDATA "phone is longer than
 * 31 bytes" (or empty, for a name) on the handle.
 */
int fdss__team_text_check(fdss_db *db, const char *field, const char *s);

#endif
