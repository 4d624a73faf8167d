#ifndef FDSS_REPORT_INT_H
#define FDSS_REPORT_INT_H

/*
 * The reports' modules, listed in report.c: each gives the spec of its
 * records and the walk that makes them (fdss_report_def).
 */
#include "fdss/report.h"

/* report_overdue.c: the open follow-up obligations past their date. */
extern const fdss_report_spec fdss__report_overdue_spec;
int fdss__report_overdue(fdss_db *db, const fdss_report_query *q,
			 fdss_report_fn fn, void *arg);

/* report_coverage.c: signing rates per unit and group at --as-of. */
extern const fdss_report_spec fdss__report_coverage_spec;
int fdss__report_coverage(fdss_db *db, const fdss_report_query *q,
			  fdss_report_fn fn, void *arg);

/* report_html.c, report_xlsx.c: the writers made from records. */

#endif
