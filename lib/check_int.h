#ifndef FDSS_CHECK_INT_H
#define FDSS_CHECK_INT_H

/*
 * The checks' modules, listed in check.c: check_dates.c (after-death,
 * visit-before-diagnosis, visit-before-birth, visit-in-future),
 * check_cover.c (double-cover, bulk-unreviewed, signed-no-service),
 * check_doctor.c (copied-measurements, implausible-workload,
 * digit-preference, flat-series) and check_store.c (shared-phone,
 * orphans).
 *
 * Most checks are one query whose rows are the findings: column 0 is
 * the summary in words, a column named "records" is a JSON array of
 * {"table","key"} objects, one named "followup_ids" a list of visit ids
 * separated by commas (added to the records: cheaper to collect than
 * JSON on every row of a big group), every other column a figure of the finding
 * under its name (fdss__check_rows()).  The queries take their filters
 * and thresholds as named parameters (fdss__check_prepare()):
 *
 *   :ref :from :to   --as-of, --from, --to (NULL when not given)
 *   :team :lo :hi    --team; the village codes under --area, lo <= v < hi
 *   :month           the management year's first month (rules)
 *   :copied :workload :digit_n :flat :phone :bulk   the thresholds
 */
#include "fdss/check.h"
#include "internal.h"

/* The thresholds of schema/0013_check_settings.sql. */
struct chk_limits {
	long long copied;	/* check_copied_patients */
	long long workload;	/* check_workload_visits */
	long long digit_n;	/* check_digit_readings */
	long long digit_share;	/* check_digit_share, percent */
	double digit_p;		/* check_digit_p */
	long long flat;		/* check_flat_readings */
	long long phone;	/* check_shared_phone_households */
	long long bulk;		/* check_bulk_contracts */
};

/* A run of the checks. */
struct chk {
	fdss_db *db;
	const fdss_check_query *q;
	const fdss_check_def *def;	/* the check running */
	fdss_report_fn fn;
	void *arg;
	fdss_check_counts counts;
	struct chk_limits lim;
	int month;		/* management year's first month */
	int units;		/* the temp tables of fdss__check_units() made */
	char lo[16], hi[16];	/* --area as a range of village codes */
};

/*
 * Prepare sql (a literal: cached on the handle) with every named
 * parameter above that it uses bound.  NULL on failure (on the handle).
 */
sqlite3_stmt *fdss__check_prepare(struct chk *c, const char *sql);

/* Each row of sql a finding of the check running: FDSS_OK or a failure. */
int fdss__check_rows(struct chk *c, const char *sql);

/*
 * A finding of the check running with summary; add the columns of st's
 * row from column first on (fdss__check_put_row()) when st is given.
 * NULL when out of memory.
 */
cJSON *fdss__check_finding(struct chk *c, const char *summary,
			   sqlite3_stmt *st, int first);

/* Add the columns of st's row from first on as figures ("records" as
 * JSON).  FDSS_OK, FDSS_ENOMEM, FDSS_EDATA for records that are not
 * JSON. */
int fdss__check_put_row(cJSON *rec, sqlite3_stmt *st, int first);

/* Append {"table":"followup","key":ID} to rec's records (made if
 * missing) for each id of the comma-separated list ids.  FDSS_OK or
 * FDSS_ENOMEM. */
int fdss__check_put_followups(cJSON *rec, const char *ids);

/* Count rec and hand it to the callback; frees it.  FDSS_ENOMEM (on
 * the handle) for a NULL rec. */
int fdss__check_emit(struct chk *c, cJSON *rec);

/*
 * The temp tables chk_pteam (each person with a visit: the team of their
 * latest contract that was not rejected, their village) and chk_visit
 * (each visit with a doctor: its unit, doctor, visit_date, id,
 * id_number, mode, the measurements, the team and the patient's village;
 * by unit, doctor and day).  Made once per run.
 */
int fdss__check_units(struct chk *c);

/* Filters of a row of chk_visit v (with the period on v.visit_date). */
#define CHK_VISIT_FILTER \
	" (:team IS NULL OR v.team = :team)" \
	" AND (:lo IS NULL OR (v.village >= :lo AND v.village < :hi))" \
	" AND (:from IS NULL OR v.visit_date >= :from)" \
	" AND (:to IS NULL OR v.visit_date <= :to)"

/* SQL: the team of person id (an SQL expression): of their latest
 * contract that was not rejected, or NULL. */
#define CHK_PERSON_TEAM(id) \
	"(SELECT t.team_code FROM contract_cover t WHERE t.id_number = " id \
	" AND t.status <> 'rejected' ORDER BY t.start_date DESC LIMIT 1)"

/* SQL: {"table":T,"key":K} of a row. */
#define CHK_REC(table, key) \
	"json_object('table', '" table "', 'key', CAST(" key " AS TEXT))"

/* The checks: each runs the check c->def names. */
int fdss__check_after_death(struct chk *c);
int fdss__check_double_cover(struct chk *c);
int fdss__check_before_diagnosis(struct chk *c);
int fdss__check_before_birth(struct chk *c);
int fdss__check_in_future(struct chk *c);
int fdss__check_copied(struct chk *c);
int fdss__check_workload(struct chk *c);
int fdss__check_digits(struct chk *c);
int fdss__check_flat(struct chk *c);
int fdss__check_shared_phone(struct chk *c);
int fdss__check_bulk(struct chk *c);
int fdss__check_no_service(struct chk *c);
int fdss__check_orphans(struct chk *c);

#endif
