#ifndef FDSS_PUSH_H
#define FDSS_PUSH_H

#include <stdint.h>
#include "area.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The provincial store: a county's records pushed into PostgreSQL
 * (fdss-push(1)).  Every table of the county database goes into the
 * schema "fdss" with the county code first in its key, in the county's
 * own partition; the first push sends everything, a later one only the
 * rows of what the audit log names since the last push, and rows are
 * written only where they differ, so pushing twice changes nothing.
 */

/* What fdss_push() did. */
typedef struct fdss_push_stats {
	char county[FDSS_COUNTY_BUFSZ];	/* the county pushed */
	int full;		/* 1: every row was sent */
	int64_t audit_from;	/* audit_log ids after this one ... */
	int64_t audit_to;	/* ... up to this one were pushed */
	int tables;		/* tables sent */
	long long sent;		/* rows sent */
	long long changed;	/* rows inserted or updated in the store */
} fdss_push_stats;

/* Options: full sends every row even when the store has the county. */
typedef struct fdss_push_opts {
	int full;
} fdss_push_opts;

#define FDSS_PUSH_OPTS_INIT { 0 }

/*
 * Push the county of db (fdss_county_code()) into the PostgreSQL
 * database url (a libpq URI or connection string), creating or migrating
 * the provincial schema, in one transaction there.  db is only read.
 * FDSS_EIO for a server that cannot be reached or refuses a statement
 * (the server's message on the handle), FDSS_EDATA for a database that
 * names no county.
 */
int fdss_push(fdss_db *db, const char *url, const fdss_push_opts *o,
	      fdss_push_stats *out);

#ifdef __cplusplus
}
#endif

#endif
