#ifndef FDSS_REPORT_INT_H
#define FDSS_REPORT_INT_H

/*
 * The reports' modules, listed in report.c: each gives the spec of its
 * records and the walk that makes them (fdss_report_def).
 */
#include "fdss/report.h"

/* report_html.c, report_xlsx.c: the writers made from records. */

#endif
