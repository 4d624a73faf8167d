#ifndef FDSS_REPORT_INT_H
#define FDSS_REPORT_INT_H

/*
 * The reports' modules, listed in report.c: each gives the spec of its
 * records and the walk that makes them (fdss_report_def).
 */
#include <stdio.h>
#include "fdss/report.h"
#include "internal.h"

/* report_renewals.c, report_team.c, report_fees.c */
extern const fdss_report_spec fdss__report_renewals_spec;
int fdss__report_renewals(fdss_db *db, const fdss_report_query *q,
			  fdss_report_fn fn, void *arg);
extern const fdss_report_spec fdss__report_team_spec;
int fdss__report_team(fdss_db *db, const fdss_report_query *q,
		      fdss_report_fn fn, void *arg);
extern const fdss_report_spec fdss__report_fees_spec;
int fdss__report_fees(fdss_db *db, const fdss_report_query *q,
		      fdss_report_fn fn, void *arg);

/* Renewal counts of one unit (report_renewals.c). */
typedef struct fdss__renewal_counts {
	const char *unit, *name;	/* borrowed; name may be NULL */
	int64_t ending;		/* approved, not terminated, ending */
	int64_t renewed;	/* ... with a renewal not rejected */
	int64_t grace;		/* ... without, --as-of within the grace */
	int64_t terminated;	/* approved and terminated, would have ended */
} fdss__renewal_counts;

/* Call fn with the counts of each unit of by (by unit) for the
 * contracts ending from from to to, with q's filters and --as-of. */
int fdss__report_renewal_counts(fdss_db *db, const fdss_report_query *q,
				int by, fdss_date from, fdss_date to,
				int (*fn)(void *arg,
					  const fdss__renewal_counts *c),
				void *arg);

/* Fees of one unit and package, in fen (report_fees.c). */
typedef struct fdss__fee_sums {
	char *unit, *name;	/* name may be NULL */
	char *package, *package_name;
	int order;		/* the package's place in the package table */
	int64_t payer[4];	/* public_health, insurance, resident, subsidy */
	int64_t refunds;	/* of the resident's share */
} fdss__fee_sums;

/* The fees of the contract years starting from y0 to y1 by unit of by
 * and package (sorted so): *out (free with fdss__fee_sums_free()), *n. */
int fdss__report_fee_sums(fdss_db *db, const fdss_report_query *q, int by,
			  fdss_date y0, fdss_date y1, fdss__fee_sums **out,
			  size_t *n);
void fdss__fee_sums_free(fdss__fee_sums *s, size_t n);

/* report_stats.c: what renewals, team and fees share. */

/* Digits of a unit code of by (6, 9, 12), 0 for a team. */
int fdss__report_unit_len(int by);

/* FDSS_EINVAL (message on db) for a bad by, --area or no --as-of. */
int fdss__report_check(fdss_db *db, const fdss_report_query *q, int by);

/* Bind those of :by (1 for a team), :len, :team, :lo, :hi (the village
 * codes under --area) and :ref that st has.  FDSS_OK or a failure. */
int fdss__report_bind_unit(fdss_db *db, sqlite3_stmt *st,
			   const fdss_report_query *q, int by);

/* Bind date d to the parameter name if st has it: an SQLite result. */
int fdss__report_bind_date(sqlite3_stmt *st, const char *name, fdss_date d);

/* The management year --year (q->year, or the one holding --as-of) that
 * starts in month: its first and last days.  FDSS_EINVAL for a year
 * out of range or starting after --as-of. */
int fdss__report_year(fdss_db *db, const fdss_report_query *q, int month,
		      fdss_date *y0, fdss_date *y1);

/* Add key: num / den as a percentage to one decimal (null when den is
 * 0), or fen as yuan.  0 when out of memory. */
int fdss__report_put_rate(cJSON *rec, const char *key, int64_t num,
			  int64_t den);
int fdss__report_put_yuan(cJSON *rec, const char *key, int64_t fen);

/* Hand rec to fn and free it; FDSS_ENOMEM (on db) for a NULL rec. */
int fdss__report_emit(fdss_db *db, cJSON *rec, fdss_report_fn fn, void *arg);

/* report_overdue.c: the open follow-up obligations past their date. */
extern const fdss_report_spec fdss__report_overdue_spec;
int fdss__report_overdue(fdss_db *db, const fdss_report_query *q,
			 fdss_report_fn fn, void *arg);

/* report_coverage.c: signing rates per unit and group at --as-of. */
extern const fdss_report_spec fdss__report_coverage_spec;
int fdss__report_coverage(fdss_db *db, const fdss_report_query *q,
			  fdss_report_fn fn, void *arg);

/* report_html.c, report_xlsx.c: the writers made from records. */

/*
 * Write the page of records (a cJSON array of spec's records) to f:
 * FDSS_EIO if a write failed, FDSS_ENOMEM.  flags: FDSS_OUT_NO_MASK.
 */
int fdss__report_html(FILE *f, const fdss_report_spec *spec,
		      const cJSON *records, unsigned flags, int lang);

/* The same with a heading row each time a value of the keys group
 * (NULL-terminated; NULL: none) changes (fdss_report_out_group()). */
int fdss__report_html_grouped(FILE *f, const fdss_report_spec *spec,
			      const cJSON *records, unsigned flags, int lang,
			      const char *const *group);

/*
 * A workbook of spec's records, built in a temporary file of tmpdir
 * (NULL: /tmp) and copied to f by fdss__xlsx_finish().  FDSS_EIO when
 * the file cannot be made.  The failures of every call are described in
 * err (kept by x: it must outlive it).
 */
typedef struct fdss__xlsx fdss__xlsx;
int fdss__xlsx_new(fdss__xlsx **out, const char *tmpdir,
		   const fdss_report_spec *spec, unsigned flags, int lang,
		   fdss_error *err);
/* Write the next row; FDSS_EIO if libxlsxwriter failed. */
int fdss__xlsx_row(fdss__xlsx *x, const cJSON *rec);
/* Close the workbook and copy it to f (flushed): FDSS_EIO on failure. */
int fdss__xlsx_finish(fdss__xlsx *x, FILE *f);
/* Free, removing the temporary file; NULL is harmless. */
void fdss__xlsx_free(fdss__xlsx *x);

#endif
