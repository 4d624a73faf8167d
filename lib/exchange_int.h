#ifndef FDSS_EXCHANGE_INT_H
#define FDSS_EXCHANGE_INT_H
/*
 * The record types of the exchange format as data (exchange_spec.c),
 * read by the export (exchange.c) and the import (exchange_import.c).
 */
#include <stddef.h>
#include <sqlite3.h>
#include "fdss/fdss.h"

/* How a field is written and checked. */
enum xkind {
	XK_STR,		/* a string */
	XK_INT,		/* a whole number */
	XK_REAL,	/* a number */
	XK_BOOL,	/* true or false (0/1 stored) */
	XK_DATE,	/* "YYYY-MM-DD" */
	XK_TIME,	/* "YYYY-MM-DDTHH:MM:SSZ" */
	XK_JSON,	/* an object, stored as compact JSON text */
	XK_IDNUM,	/* an 18-character ID number */
	XK_TEAM,	/* a team code, "COUNTY-" in front when it leaves */
	XK_VISIT,	/* a visit id "COUNTY-V<id>": the record's own (key) */
	XK_VREF,	/* a visit id naming another record's visit */
	XK_REFID,	/* a referral id "COUNTY-R<id>": the record's own */
	XK_CREF		/* a contract number naming another contract */
};

#define XF_REQ 1	/* must be present and not null */
#define XF_KEY 2	/* part of the key that finds the stored record */

struct xfield {
	const char *key;	/* JSON key */
	enum xkind kind;
	unsigned flags;		/* XF_* */
};

/* A nested array of a record (a team's members, a contract's fees). */
struct xchild {
	const char *key;		/* "members" */
	const struct xfield *f;
	size_t nf;
	/* ?1 county, ?2 the parent's column 0: the fields, in order */
	const char *sql_list;
	/* ?1 the parent's column 0, ?2… the fields: an upsert */
	const char *sql_put;
};

/*
 * A record type.  sql_list (?1 county, ?2 area or NULL, ?3 since or
 * NULL) and sql_one (?1 county, ?2… the key as the import binds it) give
 * column 0, the parent value the children are read by, column 1, the
 * audit key, then the fields in order.  sql_put binds ?1… the fields
 * (XK_VISIT and XK_REFID: the local id, and the origin as ?N+1).
 */
struct xtype {
	const char *name;		/* "type" of the record */
	const char *table;		/* audit table */
	int what;			/* enum fdss_export_what bit */
	const struct xfield *f;
	size_t nf;
	const struct xchild *kids;
	size_t nkids;
	const char *sql_list;
	const char *sql_one;
	const char *sql_put;
	/* bound as sql_put: a row when the key names another record (a
	 * visit id of another person, a contract number of another
	 * household), which the import refuses; or NULL */
	const char *sql_clash;
};

extern const struct xtype fdss__xtypes[];
extern const size_t fdss__nxtypes;

/* The type called name, or NULL. */
const struct xtype *fdss__xtype_find(const char *name);

/*
 * The record of type t in st's row (a row of t->sql_list or t->sql_one),
 * its children read with county as ?1, into j (reset first).
 */
int fdss__xrecord(fdss_db *db, const struct xtype *t, sqlite3_stmt *st,
		  const char *county, fdss_jbuf *j);

#endif
