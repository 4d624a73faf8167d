#ifndef FDSS_DUE_H
#define FDSS_DUE_H

#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Due lists: who needs a follow-up visit by a reference date, and why.
 * Nothing is stored: a due date comes from the visits, conditions,
 * referrals and the rule table at the time of asking.  For each person
 * and programme the earliest of these is reported:
 *
 *   "next due from the visit of DATE"        the last visit's next_due
 *   "first visit after diagnosis on DATE"    no visit yet: due on the
 *                                            diagnosis date, or at the
 *                                            management year's start
 *                                            when it is unknown
 *   "tb first home visit within 72 hours of notification on DATE"
 *   "yearly minimum not met: 1 of 4 visits"  in the management year
 *                                            (general.year_start_month);
 *                                            visit k of n is due by the
 *                                            end of the k-th n-th of the
 *                                            year
 *   "referral of DATE: follow-up due by DATE" an open referral (no visit
 *                                            after it), programme
 *                                            "referral" when it names none
 *
 * With all_reasons, every one of these is reported, not only the
 * earliest of each programme, and one more (the overdue report's):
 *
 *   "elderly check: none in 12 months since reaching 65 on DATE"
 *                                            no elderly check ever: due
 *                                            elderly.interval_months
 *                                            after the day the person
 *                                            reached elderly.min_age
 */

/* Why a follow-up is due: the candidates above, in that order. */
enum fdss_due_why {
	FDSS_DUE_NEXT = 1,	/* the last visit's next due date */
	FDSS_DUE_FIRST,		/* first visit after diagnosis */
	FDSS_DUE_TB_FIRST,	/* TB first home visit after the notice */
	FDSS_DUE_YEARLY,	/* visit k of the year's n not made */
	FDSS_DUE_REFERRAL,	/* an open referral */
	FDSS_DUE_ELDERLY_FIRST	/* all_reasons: no elderly check ever */
};

/* Filters of fdss_followup_due(). */
typedef struct fdss_due_query {
	fdss_date ref;		/* the reference date (--as-of) */
	int within;		/* also what is due by ref + within days */
	const char *team;	/* only patients of this team's contracts */
	const char *area;	/* only people living under this area code */
	const char *program;	/* only this programme (or "referral") */
	int all_reasons;	/* every reason of every programme, sorted
				 * by team (none last), village, due date,
				 * ID number, programme and reason */
} fdss_due_query;

#define FDSS_DUE_QUERY_INIT { 0, 0, NULL, NULL, NULL, 0 }

/* One due follow-up.  Strings are borrowed (valid during a callback). */
typedef struct fdss_due {
	const char *id_number;
	const char *name;
	const char *program;	/* a programme name, or "referral" */
	fdss_date due_date;
	const char *reason;	/* in words, as listed above */
	fdss_date last_visit;	/* last visit in the programme, 0 none */
	const char *doctor;	/* of the active contract at ref, or NULL */
	const char *team;	/* its team code, or NULL */
	const char *village_code;
	int days_overdue;	/* ref - due_date (negative: not yet due) */
	int why;		/* enum fdss_due_why */
	const char *phone;	/* the person's, or NULL */
	const char *team_name;	/* or NULL */
	const char *village;	/* the village's name, or NULL */
	const char *township_code;	/* the village's parent, or NULL */
	const char *township;	/* its name, or NULL */
} fdss_due;

/*
 * Call fn for each follow-up due by q->ref + q->within for active people,
 * by due date, village and ID number (q->all_reasons: see above).  A
 * non-zero return from fn stops and is returned.  Memory does not grow
 * with the number of rows.
 * FDSS_EINVAL for a malformed area, an unknown programme or a negative
 * within; FDSS_EDATA for a bad rule table.
 */
int fdss_followup_due(fdss_db *db, const fdss_due_query *q,
		      int (*fn)(const fdss_due *d, void *arg), void *arg);

/*
 * The record {"type":"due","id_number","name","program","due_date",
 * "reason","last_visit","doctor","team","village_code","days_overdue"}.
 * The caller cJSON_Delete()s it; NULL when out of memory.
 */
cJSON *fdss_due_to_json(const fdss_due *d);

#ifdef __cplusplus
}
#endif

#endif
