#ifndef FDSS_REFERRAL_H
#define FDSS_REFERRAL_H

#include <stdint.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Referrals (转诊) up to a hospital or down to the team, and the
 * follow-up each obliges within referral.followup_days (14) of the rule
 * table (schema/0005_followup.sql).  A referral is met by the person's
 * first visit after its date in its programme (any programme when it
 * names none); that is looked up, not stored, so visits recorded in any
 * order count.  Visits that refer create referrals themselves
 * (followup.h); this module adds them by hand and lists them.
 */

/* A referral as read or to add.  Strings are borrowed. */
typedef struct fdss_referral {
	int64_t id;			/* 0 until stored */
	const char *id_number;
	const char *name;		/* the person's (read side) */
	const char *program;		/* a programme name, or NULL: any */
	fdss_date date;			/* of the referral */
	const char *to_institution;	/* where to */
	const char *reason;
	fdss_date due_date;		/* the follow-up is due by */
	fdss_date met_on;		/* the visit that met it, 0 if none */
	const char *village_code;	/* the person's (read side) */
} fdss_referral;

/* "open" (not met, due_date >= ref), "overdue" (not met, past due), "met". */
const char *fdss_referral_status(const fdss_referral *r, fdss_date ref);

/*
 * The record {"type":"referral","id","id_number","name","program",
 * "date","to","reason","due_date","status","met_on"} with status at ref.
 * The caller cJSON_Delete()s it; NULL when out of memory.
 */
cJSON *fdss_referral_to_json(const fdss_referral *r, fdss_date ref);

/*
 * Store r (id_number, program, date, to_institution and reason; the due
 * date is computed from the rule referral.followup_days), audited, and
 * set *id (may be NULL) to its number.  FDSS_ENOTFOUND for an unknown
 * person; FDSS_EDATA for a person who is not active, a date after ref or
 * before birth, a missing institution or reason; FDSS_EINVAL for an
 * unknown programme.
 */
int fdss_referral_add(fdss_db *db, const fdss_referral *r, fdss_date ref,
		      int64_t *id);

/* Filters of fdss_referral_list(). */
typedef struct fdss_referral_query {
	fdss_date ref;		/* visits up to this date count */
	int open_only;		/* only referrals not met by ref */
	const char *id_number;	/* one person, or NULL */
	const char *area;	/* people living under this code, or NULL */
} fdss_referral_query;

#define FDSS_REFERRAL_QUERY_INIT { 0, 0, NULL, NULL }

/*
 * Call fn for each referral matching q, by date then id; a non-zero
 * return from fn stops and is returned.  FDSS_EINVAL for a malformed
 * area code.
 */
int fdss_referral_list(fdss_db *db, const fdss_referral_query *q,
		       int (*fn)(const fdss_referral *r, void *arg),
		       void *arg);

#ifdef __cplusplus
}
#endif

#endif
