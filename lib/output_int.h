#ifndef FDSS_OUTPUT_INT_H
#define FDSS_OUTPUT_INT_H

/*
 * output_xlsx.c: the xlsx form of the record writer (output.c), over
 * the report's workbook writer (report_xlsx.c).  Private to libfdss.
 */
#include <stdio.h>
#include <cjson/cJSON.h>
#include "fdss/error.h"

typedef struct fdss__xout fdss__xout;

/* A workbook writer for columns names[0..n) (copied), made in tmpdir
 * (NULL: /tmp) with a sheet named sheet (NULL: "Sheet1").  FDSS_ENOMEM,
 * FDSS_EIO (the temporary file).  What fails, now or later, is told in
 * err, which must outlive the writer. */
int fdss__xout_new(fdss__xout **out, const char *const *names, size_t n,
		   const char *tmpdir, const char *sheet, fdss_error *err);

/* Write rec's values under the columns: FDSS_OK, FDSS_EIO, FDSS_ENOMEM. */
int fdss__xout_row(fdss__xout *x, const cJSON *rec);

/* Close the workbook and copy it to f: FDSS_OK or FDSS_EIO. */
int fdss__xout_finish(fdss__xout *x, FILE *f);

/* Free, removing the temporary file; NULL is harmless. */
void fdss__xout_free(fdss__xout *x);

#endif
