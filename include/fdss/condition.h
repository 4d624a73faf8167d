#ifndef FDSS_CONDITION_H
#define FDSS_CONDITION_H

#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Chronic conditions of a person (the condition table of
 * schema/0002_roster.sql): hypertension, diabetes, tb, smi, copd,
 * chronic.  An active condition enrols the person in its follow-up
 * programme; the age of the rule elderly.min_age (65) enrols in the
 * elderly programme (computed, never stored).  Every change is audited.
 */

/* What an add or end did. */
enum fdss_condition_change {
	FDSS_CONDITION_ADDED = 1,	/* a new row */
	FDSS_CONDITION_REACTIVATED = 2,	/* an ended one is active anew */
	FDSS_CONDITION_UNCHANGED = 3,	/* already so: nothing written */
	FDSS_CONDITION_ENDED = 4	/* an active condition ended */
};

/* One condition as read.  Strings are borrowed (valid during a callback). */
typedef struct fdss_condition_entry {
	const char *id_number;
	const char *name;		/* the person's */
	const char *kind;		/* "hypertension" ... "chronic" */
	fdss_date since;		/* diagnosis date, 0 if unknown */
	const char *status;		/* "active" or "ended" */
	const char *source;		/* "manual", "import", ... or NULL */
	const char *village_code;	/* the person's household's */
	fdss_date ended_on;		/* the day it ended (not the first
					 * day without it); 0 while active
					 * or when not known */
} fdss_condition_entry;

/*
 * The "condition" record {"type", "id_number", "name", "kind", "since",
 * "status", "ended_on", "source"}; "since" and "ended_on" are null when
 * 0.  The caller cJSON_Delete()s it; NULL when out of memory.
 */
cJSON *fdss_condition_to_json(const fdss_condition_entry *e);

/*
 * Add condition kind to the active person id_number, diagnosed on since
 * (0: unknown), from source (NULL: "manual").  An active condition stays
 * as it is (FDSS_CONDITION_UNCHANGED); an ended one becomes active again
 * with since when given, and without its ended_on.  *change (may be NULL) says which.  Audited,
 * in its own transaction or a savepoint of the caller's.  FDSS_EINVAL for
 * an unknown kind, FDSS_ENOTFOUND for an unknown person, FDSS_EDATA for
 * a person who is not active or a diagnosis after ref (0: not checked).
 */
int fdss_condition_add(fdss_db *db, const char *id_number, const char *kind,
		       fdss_date since, fdss_date ref, const char *source,
		       int *change);

/*
 * Add the condition a JSON record describes: "id_number" and "kind"
 * (strings, required), "since" (a date string, optional).  Fails as
 * fdss_condition_add(), and with FDSS_EDATA naming the key of a missing
 * or malformed field.
 */
int fdss_condition_add_json(fdss_db *db, const cJSON *rec, fdss_date ref,
			    const char *source, int *change);

/* --- batches (DESIGN.md "Batches") ------------------------------------ */

/* Options of a batch of conditions to add. */
typedef struct fdss_condition_opts {
	fdss_date ref;		/* today (--as-of): no diagnosis after it */
	const char *source;	/* of the rows added; NULL: "manual" */
	int atomic;		/* any rejection rolls everything back */
	int dry_run;		/* check and count, store nothing */
	/* Each rejected condition: subject names it (the ID number, or
	 * NULL for a record without one), reason says why ("no such person
	 * (import the roster first)").  May be NULL. */
	void (*reject)(void *arg, const char *subject, const char *reason);
	void *arg;
} fdss_condition_opts;

#define FDSS_CONDITION_OPTS_INIT { 0, NULL, 0, 0, NULL, NULL }

/* Counts of a batch. */
typedef struct fdss_condition_stats {
	long read;		/* conditions offered */
	long added;		/* FDSS_CONDITION_ADDED */
	long reactivated;	/* FDSS_CONDITION_REACTIVATED */
	long unchanged;		/* FDSS_CONDITION_UNCHANGED */
	long rejected;
	int committed;		/* 1 when the batch was stored */
} fdss_condition_stats;

typedef struct fdss_condition_batch fdss_condition_batch;

/*
 * Open a batch on db: begins the transaction.  o is copied (its source
 * string is borrowed).  The caller ends it with
 * fdss_condition_batch_finish() and frees it.  FDSS_EBUSY, FDSS_ENOMEM.
 */
int fdss_condition_batch_open(fdss_condition_batch **out, fdss_db *db,
			      const fdss_condition_opts *o);

/*
 * Add a condition in the batch as fdss_condition_add() does, in a
 * savepoint of its own.  FDSS_OK when added, reactivated or unchanged
 * (counted); FDSS_EDATA when rejected — an unknown person, one not
 * active, a diagnosis in the future or before birth —, reported to
 * o->reject with the reason alone, nothing changed; the handle keeps
 * "ID_NUMBER: reason" with the code fdss_condition_add() would return
 * (FDSS_ENOTFOUND for an unknown person, else FDSS_EDATA).  FDSS_EINVAL
 * (not counted) for an empty ID number or an unknown kind; other codes
 * fail the batch (message on the handle).
 */
int fdss_condition_batch_add(fdss_condition_batch *b, const char *id_number,
			     const char *kind, fdss_date since);

/*
 * Add the condition a record describes, as fdss_condition_add_json()
 * reads it; a record with a missing or malformed field is rejected
 * (subject NULL, the reason naming the key).  Returns as
 * fdss_condition_batch_add().
 */
int fdss_condition_batch_add_json(fdss_condition_batch *b, const cJSON *rec);

/* Report a condition rejected before it reached the batch (a line that
 * is not a record): counts it as offered and rejected and calls
 * o->reject (subject may be NULL). */
void fdss_condition_batch_reject(fdss_condition_batch *b, const char *subject,
				 const char *reason);

/*
 * End the batch: commit, or roll back for a dry run or (atomic) when a
 * condition was rejected.  stats (may be NULL) gets the counts.  FDSS_OK
 * when committed or rolled back as asked; FDSS_EDATA when atomic rolled
 * back; FDSS_EBUSY, FDSS_EIO.  With fdss_db_defer_commit() the commit is
 * left to the caller.
 */
int fdss_condition_batch_finish(fdss_condition_batch *b,
				fdss_condition_stats *stats);

/* Free the batch, rolling back if it was not finished.  NULL is harmless. */
void fdss_condition_batch_free(fdss_condition_batch *b);

/*
 * End the active condition kind of id_number on date on, the day it
 * ended: stored as its ended_on and given in the audit entry's reason
 * ("ended on YYYY-MM-DD").  Ending an ended condition is
 * FDSS_CONDITION_UNCHANGED.  FDSS_EINVAL for an unknown kind;
 * FDSS_ENOTFOUND when the person does not have the condition; FDSS_EDATA
 * for a date before the diagnosis.
 */
int fdss_condition_end(fdss_db *db, const char *id_number, const char *kind,
		       fdss_date on, int *change);

/*
 * The dates of a condition, as condition add and end check them (0:
 * not known, not checked): a diagnosis since not before birth nor after
 * ref; an end ended_on not before the diagnosis.  FDSS_EDATA with the
 * reason in err ("end date 2026-01-01 is before the diagnosis date
 * 2026-02-01"); FDSS_OK.
 */
int fdss_condition_dates_check(fdss_date birth, fdss_date since,
			       fdss_date ended_on, fdss_date ref,
			       fdss_error *err);

/* Filters of fdss_condition_list(). */
typedef struct fdss_condition_query {
	const char *id_number;	/* one person, or NULL */
	const char *kind;	/* one kind, or NULL */
	const char *area;	/* code of any level: people living under it */
	const char *status;	/* "active" (NULL: active), "ended", "all" */
} fdss_condition_query;

#define FDSS_CONDITION_QUERY_INIT { NULL, NULL, NULL, NULL }

/*
 * Call fn for each condition matching q (NULL: every active one), by ID
 * number then kind.  A non-zero return from fn stops and is returned.
 * FDSS_EINVAL for an unknown kind or status or a malformed area code.
 */
int fdss_condition_list(fdss_db *db, const fdss_condition_query *q,
			int (*fn)(const fdss_condition_entry *e, void *arg),
			void *arg);

#ifdef __cplusplus
}
#endif

#endif
