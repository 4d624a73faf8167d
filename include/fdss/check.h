#ifndef FDSS_CHECK_H
#define FDSS_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include "date.h"
#include "db.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Checks: signs of fabricated contracts and visits (弄虚作假) and of
 * broken data, found in the records before an inspection does
 * (fdss-check(1) holds every definition, threshold and reasoning).
 *
 * A check is a walk that hands "finding" records to a callback, as a
 * report does (fdss_report_fn), so that the report writers print them:
 *
 *   {"type":"finding","check":"after-death","severity":"error",
 *    "summary":"…","team":"T01","records":[{"table":"person",
 *    "key":"…"},{"table":"followup","key":"12"}], …figures}
 *
 * Each record names a row by the table and key the audit log uses
 * (fdss_audit_record()), so that `fdss fix` and `fdss audit` can follow
 * a finding up.
 */

/* How grave a finding is. */
enum fdss_check_severity {
	FDSS_CHECK_WARNING = 1,	/* look at it: it may be honest */
	FDSS_CHECK_ERROR	/* the records cannot all be true */
};

/* One check: its name (--check), severity and what it looks for. */
typedef struct fdss_check_def {
	const char *name;	/* "after-death" */
	int severity;		/* enum fdss_check_severity */
	const char *en;		/* one line, for listings */
} fdss_check_def;

/* The checks in the order fdss-check(1) lists them; *n is set. */
const fdss_check_def *fdss_check_all(size_t *n);

/* The check named name, or NULL. */
const fdss_check_def *fdss_check_find(const char *name);

/* The columns of the finding records for the writers (fdss_report_out),
 * and the keys that group them on a page (fdss_report_out_group()). */
extern const fdss_report_spec fdss_check_spec;
extern const char *const fdss_check_group[];

/* What to look at. */
typedef struct fdss_check_query {
	fdss_date ref;		/* --as-of: today (visit-in-future, whole
				 * contract years) */
	fdss_date from, to;	/* --from, --to: dated records in the
				 * period, 0 = unbounded */
	const char *team;	/* --team, or NULL */
	const char *area;	/* --area CODE (any level), or NULL */
	const char *const *names; /* the checks to run (NULL: all) */
	size_t nnames;
} fdss_check_query;

#define FDSS_CHECK_QUERY_INIT { 0, 0, 0, NULL, NULL, NULL, 0 }

/* What a run found, by severity. */
typedef struct fdss_check_counts {
	int64_t errors, warnings;
} fdss_check_counts;

/*
 * Run the checks of q on db, calling fn with each finding (a cJSON
 * object freed after the call; a non-zero return stops the run and is
 * returned).  The counts go to *counts (may be NULL).  FDSS_EINVAL
 * (message on db) for an unknown check name, a bad --area or a setting
 * that is not a number; the failures of the store.  Reads only.
 */
int fdss_check_run(fdss_db *db, const fdss_check_query *q, fdss_report_fn fn,
		   void *arg, fdss_check_counts *counts);

/*
 * The probability that a χ² variable with df degrees of freedom (1 to
 * 200) is at least x (the upper tail, Q(df/2, x/2)); 1 for x <= 0, NaN
 * for a df out of range.
 */
double fdss_chi2_sf(double x, int df);

/*
 * The χ² statistic of the terminal digits counted in n[0..9] against a
 * uniform last digit (expected total/10 each); 0 when there are none.
 */
double fdss_digit_chi2(const int64_t n[10]);

#ifdef __cplusplus
}
#endif

#endif
