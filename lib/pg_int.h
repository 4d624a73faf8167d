#ifndef FDSS_PG_INT_H
#define FDSS_PG_INT_H

/*
 * pg.c: what push.c and report_pg.c share to talk to the provincial
 * PostgreSQL store (libpq): connecting, running statements with the
 * failure recorded on the fdss handle, a growing text buffer for the
 * DDL built from the SQLite schema, COPY, and the schema fdss keeps
 * there (fdss-push(1)).
 *
 * The provincial schema is "fdss": every table of a county database
 * with the county code first in every key, partitioned by LIST
 * (county), one partition "TABLE_CCCCCC" per county.  "fdss_cCCCCCC"
 * holds one view per table over the county's partition, under the
 * SQLite names and columns, and the county's SQLite views (contract_cover)
 * as written in its schema: with search_path "fdss_cCCCCCC, fdss" a query
 * written for a county database runs there as it is.
 */
#include <libpq-fe.h>

#include "internal.h"

/* The schema of the store and the prefix of the county schemas. */
#define FDSS__PG_SCHEMA "fdss"
#define FDSS__PG_COUNTY_SCHEMA "fdss_c"

/* A growing string; rc is FDSS_ENOMEM once an append failed. */
struct fdss__sb {
	char *s;		/* NUL-terminated, or NULL when empty */
	size_t len, cap;
	int rc;
};

void fdss__sb_add(struct fdss__sb *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fdss__sb_addn(struct fdss__sb *b, const char *s, size_t n);
void fdss__sb_release(struct fdss__sb *b);

/* Connect to url (a libpq URI or conninfo) into *out, with messages in
 * English and the search path "fdss".  FDSS_EIO with libpq's message. */
int fdss__pg_open(fdss_db *db, const char *url, PGconn **out);

/* Run sql, one or more statements without parameters.  FDSS_EIO with
 * "what: the server's message" on failure. */
int fdss__pg_exec(fdss_db *db, PGconn *pg, const char *sql,
		  const char *what);

/* Run sql with n text parameters; the result (caller PQclear()s it), or
 * NULL with the failure recorded. */
PGresult *fdss__pg_query(fdss_db *db, PGconn *pg, const char *sql, int n,
			 const char *const *params, const char *what);

/* Record the failure of res (or the connection's) as "what: message". */
int fdss__pg_fail(fdss_db *db, PGconn *pg, const PGresult *res,
		  const char *what);

/* COPY … FROM STDIN in text format: rows gathered and sent in chunks. */
struct fdss__pg_copy {
	fdss_db *db;
	PGconn *pg;
	struct fdss__sb buf;
	long long rows;
};

/* Start sql (a COPY … FROM STDIN). */
int fdss__pg_copy_start(struct fdss__pg_copy *c, fdss_db *db, PGconn *pg,
			const char *sql);
/* One field of the current row: s NULL is SQL NULL; last ends the row. */
int fdss__pg_copy_field(struct fdss__pg_copy *c, const char *s, int last);
/* Send the rest and end the COPY; with rc not FDSS_OK, abort it. */
int fdss__pg_copy_end(struct fdss__pg_copy *c, int rc);

/*
 * The SQL text of an SQLite query for PostgreSQL: ?N and :name
 * parameters become $N (names numbered in order of first use, copied
 * into names[], at most max of them; *n their number, or the highest
 * ?N).  Text in quotes is kept.  The caller free()s the result and the
 * *n names; NULL when out of memory or with more than max names.
 */
char *fdss__pg_sql(const char *sql, char **names, int max, int *n);

/*
 * Create or refresh in the store what every county shares: the schema,
 * push_state, the functions fdss_contract_status(), fdss_cover_status()
 * and fdss_cover_signed() written from the C rule (an array of its
 * statuses by fdss__cover_rule_rows(), cover.c), the table program_of
 * with fdss_program_of(), and SQLite's group_concat(), iif() and date().
 */
int fdss__pg_schema(fdss_db *db, PGconn *pg);

#endif
