#ifndef FDSS_REPORT_INT_H
#define FDSS_REPORT_INT_H

/*
 * The reports' modules, listed in report.c: each gives the spec of its
 * records and the walk that makes them (fdss_report_def).
 */
#include <stdio.h>
#include "fdss/report.h"

/* report_overdue.c: the open follow-up obligations past their date. */
extern const fdss_report_spec fdss__report_overdue_spec;
int fdss__report_overdue(fdss_db *db, const fdss_report_query *q,
			 fdss_report_fn fn, void *arg);

/* report_html.c, report_xlsx.c: the writers made from records. */

/*
 * Write the page of records (a cJSON array of spec's records) to f:
 * FDSS_EIO if a write failed, FDSS_ENOMEM.  flags: FDSS_OUT_NO_MASK.
 */
int fdss__report_html(FILE *f, const fdss_report_spec *spec,
		      const cJSON *records, unsigned flags, int lang);

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
