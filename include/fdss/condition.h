#ifndef FDSS_CONDITION_H
#define FDSS_CONDITION_H

#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"

/*
 * Chronic conditions of a person (the condition table of
 * schema/0002_roster.sql): hypertension, diabetes, tb, smi, copd,
 * chronic.  An active condition enrols the person in its follow-up
 * programme; age 65+ enrols in the elderly programme (computed, never
 * stored).  Every change is audited.
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
} fdss_condition_entry;

/*
 * The "condition" record {"type", "id_number", "name", "kind", "since",
 * "status", "source"}.  The caller cJSON_Delete()s it; NULL when out of
 * memory.
 */
cJSON *fdss_condition_to_json(const fdss_condition_entry *e);

/*
 * Add condition kind to the active person id_number, diagnosed on since
 * (0: unknown), from source (NULL: "manual").  An active condition stays
 * as it is (FDSS_CONDITION_UNCHANGED); an ended one becomes active again
 * with since when given.  *change (may be NULL) says which.  Audited,
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

/*
 * End the active condition kind of id_number on date on (recorded in the
 * audit log).  Ending an ended condition is FDSS_CONDITION_UNCHANGED.
 * FDSS_EINVAL for an unknown kind; FDSS_ENOTFOUND when the person does
 * not have the condition.
 */
int fdss_condition_end(fdss_db *db, const char *id_number, const char *kind,
		       fdss_date on, int *change);

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

#endif
