/*
 * output_xlsx.c: the record writer's xlsx form (FDSS_FORMAT_XLSX), for
 * the listings: one sheet, the header row the column names (bold and
 * frozen), each record a row typed by its JSON values — a string is a
 * text cell (ID, phone and household numbers stay text, whatever their
 * digits; dates stay "YYYY-MM-DD"), a number a number cell, true/false
 * a truth value, null an empty cell, an array or object its compact
 * JSON text.  Nothing is masked: like jsonl, the workbook is for the
 * next program (fdss import reads it back).  Built by report_xlsx.c's
 * writer, which streams the rows in constant memory.
 */
#include <stdlib.h>
#include <string.h>

#include "fdss/error.h"
#include "fdss/output.h"
#include "output_int.h"
#include "report_int.h"

struct fdss__xout {
	fdss_report_spec spec;		/* columns of kind text, for x */
	fdss_report_column *cols;
	char *sheet;			/* the sheet's name (spec.zh) */
	fdss__xlsx *x;
};

void fdss__xout_free(fdss__xout *x)
{
	size_t i;

	if (!x)
		return;
	fdss__xlsx_free(x->x);
	for (i = 0; x->cols && i < x->spec.ncols; i++)
		free((char *)x->cols[i].key);
	free(x->cols);
	free(x->sheet);
	free(x);
}

int fdss__xout_new(fdss__xout **out, const char *const *names, size_t n,
		   const char *tmpdir, const char *sheet, fdss_error *err)
{
	fdss__xout *x;
	size_t i;
	int rc;

	*out = NULL;
	if (!(x = calloc(1, sizeof(*x))) ||
	    !(x->cols = calloc(n ? n : 1, sizeof(*x->cols))) ||
	    !(x->sheet = strdup(sheet ? sheet : "Sheet1"))) {
		fdss__xout_free(x);
		return FDSS_ENOMEM;
	}
	for (i = 0; i < n; i++, x->spec.ncols++) {
		if (!(x->cols[i].key = strdup(names[i]))) {
			fdss__xout_free(x);
			return FDSS_ENOMEM;
		}
		x->cols[i].zh = x->cols[i].en = x->cols[i].key;
		x->cols[i].kind = FDSS_REPORT_TEXT;
	}
	x->spec.type = "record";
	x->spec.zh = x->spec.en = x->sheet;
	x->spec.cols = x->cols;
	if ((rc = fdss__xlsx_new(&x->x, tmpdir, &x->spec, FDSS_OUT_NO_MASK,
				 FDSS_LANG_ZH, err)) != FDSS_OK) {
		fdss__xout_free(x);
		return rc;
	}
	*out = x;
	return FDSS_OK;
}

int fdss__xout_row(fdss__xout *x, const cJSON *rec)
{
	return fdss__xlsx_row(x->x, rec);
}

int fdss__xout_finish(fdss__xout *x, FILE *f)
{
	return fdss__xlsx_finish(x->x, f);
}
