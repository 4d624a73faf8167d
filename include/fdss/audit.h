#ifndef FDSS_AUDIT_H
#define FDSS_AUDIT_H

#include <stdint.h>
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The audit log: every change to stored records, with who made it, the
 * command, the row before and after as JSON, and the reason.  Mutating
 * modules call fdss_audit_record() inside the transaction of the change
 * itself, so a change and its log entry are committed or lost together.
 */

/*
 * Record one change.  table and key name the row ("person",
 * "110105194912310021"); before/after are compact JSON text or NULL (NULL
 * before: an insert; NULL after: a delete); reason may be NULL.  The
 * operator and command line come from fdss_db_set_actor().  Must be
 * called inside a transaction (FDSS_EINVAL otherwise).
 */
int fdss_audit_record(fdss_db *db, const char *table, const char *key,
		      const char *before, const char *after,
		      const char *reason);

/* One audit entry as read back. */
typedef struct fdss_audit_entry {
	int64_t id;		/* row id, increasing */
	const char *at;		/* UTC time "YYYY-MM-DDTHH:MM:SSZ" */
	const char *operator_name; /* who acted */
	const char *command;	/* command line */
	const char *table_name;	/* table changed */
	const char *row_key;	/* key of the row */
	const char *before;	/* JSON or NULL */
	const char *after;	/* JSON or NULL */
	const char *reason;	/* reason or NULL */
} fdss_audit_entry;

/*
 * Call fn for each entry of table (NULL: all) and key (NULL: all), oldest
 * first.  The strings are valid during the call only.  A non-zero return
 * from fn stops the walk and is returned.
 */
int fdss_audit_foreach(fdss_db *db, const char *table, const char *key,
		       int (*fn)(const fdss_audit_entry *e, void *arg),
		       void *arg);

/*
 * Call fn once with entry id (strings valid during the call); its
 * return is returned.  FDSS_ENOTFOUND "no audit entry N" when there is
 * none.
 */
int fdss_audit_get(fdss_db *db, int64_t id,
		   int (*fn)(const fdss_audit_entry *e, void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#endif
