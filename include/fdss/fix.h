#ifndef FDSS_FIX_H
#define FDSS_FIX_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Administrators' one-off fixes (fdss-fix(1)) and the revert of audit
 * entries (fdss-audit(1)).  A fix names a table, the key of one row and
 * the fields to set; each value passes the rule it passes at entry, and
 * what a change sets off (an ID number's references, a household move's
 * contracts, a visit's chain) happens in the same transaction.  Every
 * changed row gets one audit entry with the reason.  Fixes come in a
 * batch (DESIGN.md "Batches"): each request is stored whole or not at
 * all, the batch is one transaction.
 */

/* The tables a fix can name, and the key of each. */
enum fdss_fix_table {
	FDSS_FIX_PERSON = 1,	/* key: ID number */
	FDSS_FIX_HOUSEHOLD,	/* key: household number */
	FDSS_FIX_CONTRACT,	/* key: contract number */
	FDSS_FIX_FOLLOWUP,	/* key: visit id */
	FDSS_FIX_CONDITION,	/* key: "ID_NUMBER:KIND" */
	FDSS_FIX_TEAM_MEMBER	/* key: member id */
};

/* "person", "household", "contract", "followup", "condition",
 * "team-member" ↔ enum (the audit log's "team_member" parses too);
 * unknown: NULL / 0. */
const char *fdss_fix_table_name(int table);
int fdss_fix_table_parse(const char *name);

/* One fixable field: what fdss-fix(1) lists. */
typedef struct fdss_fix_field {
	int table;		/* enum fdss_fix_table */
	const char *name;	/* the field, as --set NAME=VALUE */
	const char *rule;	/* the rule its value passes */
	const char *sets_off;	/* what a change also does, or NULL */
} fdss_fix_field;

/* The fixable fields, table by table; *n of them.  Static. */
const fdss_fix_field *fdss_fix_fields(size_t *n);

/* Mask the personal identifiers of a "change" record, as table and csv
 * output masks them: its key (a person's or condition's ID number) and
 * the ID and phone numbers in before and after. */
void fdss_fix_change_mask(cJSON *rec);

/* The record {"type":"fix_field","table","field","rule","sets_off"}
 * (sets_off null when nothing); NULL when out of memory. */
cJSON *fdss_fix_field_to_json(const fdss_fix_field *f);

/* One request: set fields of one row. */
typedef struct fdss_fix_req {
	const char *table;	/* a table name (fdss_fix_table_parse) */
	const char *key;	/* the row's key */
	const cJSON *set;	/* object: field → string, number, true,
				 * false, or null (clears a text field) */
	const char *reason;	/* why: required */
} fdss_fix_req;

/* One changed row, as its audit entry has it (borrowed strings). */
typedef struct fdss_fix_change {
	int64_t entry;		/* the audit entry's id */
	const char *table;	/* the audit log's table name */
	const char *key;	/* its row key */
	const char *before;	/* JSON of the changed fields, or NULL */
	const char *after;	/* likewise after */
} fdss_fix_change;

typedef struct fdss_fix_opts {
	fdss_date ref;		/* today (--as-of): dates, move dates */
	int atomic;		/* any rejection rolls everything back */
	int dry_run;		/* check and report, store nothing */
	/* a rejected request: subject "person 4501..." and the reason */
	void (*reject)(void *arg, const char *subject, const char *reason);
	/* after a request is applied: its changed rows (n may be 0: the
	 * values were stored already); a non-zero return stops */
	int (*fixed)(void *arg, const fdss_fix_change *changes, size_t n);
	void *arg;
} fdss_fix_opts;

#define FDSS_FIX_OPTS_INIT { 0, 0, 0, NULL, NULL, NULL }

typedef struct fdss_fix_stats {
	long read;		/* requests */
	long fixed;		/* requests that changed something */
	long unchanged;		/* requests whose values were there */
	long changes;		/* changed rows (audit entries) */
	long rejected;
	int committed;		/* 1 when the batch was committed */
} fdss_fix_stats;

typedef struct fdss_fix_batch fdss_fix_batch;

/* Begin a batch on db (a transaction).  *out is freed with
 * fdss_fix_batch_free(). */
int fdss_fix_batch_open(fdss_fix_batch **out, fdss_db *db,
			const fdss_fix_opts *o);

/*
 * Apply one request, in a savepoint: FDSS_OK when applied (or nothing
 * to change), FDSS_EDATA when rejected — nothing of it stored, the
 * reason given to o->reject naming the field ("phone: ..."), a missing
 * row ("no person '...'") or an unknown field ("field 'sex' cannot be
 * fixed ...") — or another failure, which ends the batch.
 */
int fdss_fix_apply(fdss_fix_batch *b, const fdss_fix_req *r);

/*
 * Apply a request given as {"table","key","set","reason"} (reason may
 * be left out when the batch has a default, fdss_fix_batch_reason());
 * a malformed record is rejected naming its key.
 */
int fdss_fix_apply_json(fdss_fix_batch *b, const cJSON *obj);

/* The reason of requests that give none (--reason); copied. */
int fdss_fix_batch_reason(fdss_fix_batch *b, const char *reason);

/* Count and report a request rejected before it reached the batch. */
void fdss_fix_batch_reject(fdss_fix_batch *b, const char *subject,
			   const char *reason);

/*
 * Undo audit entry `entry` through the rules of a fix, with reason (its
 * own audit entries name it: "revert of entry N: reason").  Rejected
 * (FDSS_EDATA, nothing stored) naming the later entry when a later
 * change of the same row would be overwritten, naming a field that
 * cannot be fixed (an entry of another command may hold one), or with
 * the rule's reason when the earlier value would break it now.
 */
int fdss_fix_revert(fdss_fix_batch *b, int64_t entry, const char *reason);

/* End the batch: commit, or roll back a dry run or an --atomic batch
 * that rejected a request (FDSS_EDATA). */
int fdss_fix_batch_finish(fdss_fix_batch *b, fdss_fix_stats *stats);

/* Free b, rolling back unless finished.  NULL is harmless. */
void fdss_fix_batch_free(fdss_fix_batch *b);

/*
 * The changed row c as its listing prints it now ("person", "household",
 * "contract", "followup", "condition", "team_member" records, ages and
 * statuses at ref), found by its key after the change (a person's new
 * ID number): *out, the caller's to cJSON_Delete().  A row without a
 * listing (a referral) is the record {"type":"change","entry","table",
 * "key","before","after"} — what fdss_fix_change_json() makes.
 */
int fdss_fix_record(fdss_db *db, const fdss_fix_change *c, fdss_date ref,
		    cJSON **out);

/* The record {"type":"change","entry","table","key","before","after"}
 * of c (before and after as objects, or null); NULL when out of memory
 * (or when c's JSON cannot be read, which fdss never writes). */
cJSON *fdss_fix_change_json(const fdss_fix_change *c);

#ifdef __cplusplus
}
#endif

#endif
