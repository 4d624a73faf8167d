/*
 * xls.c: the rows of one sheet of an .xls workbook (BIFF, Excel 97-2003,
 * the poverty registry's own export), read with FreeXL.
 *
 * FreeXL opens a file by name, so the file is opened again through
 * /proc/self/fd (Linux), which also reaches the temporary copy of a
 * stream.  It reads the sheet's cells into memory when the sheet is
 * selected; an .xls sheet has at most 65,536 rows and 256 columns, so
 * that is bounded.  FreeXL says which numbers are dates (by their
 * format) and gives them as YYYY-MM-DD text.
 */
#include <freexl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "sheet_int.h"

struct xls {
	const void *h;		/* FreeXL's handle */
	unsigned rows;		/* the sheet's rows */
	unsigned short cols;	/* and columns */
	unsigned next;		/* the next row to read, from 0 */
};

static int xls_fail(fdss_sheet *r, fdss_error *err, int code, const char *what)
{
	return fdss_error_set(err, FDSS_EDATA, "%s: %s: FreeXL error %d",
			      r->name, what, code);
}

/* Cell (row, col) into the row. */
static int xls_cell(fdss_sheet *r, struct xls *x, unsigned row,
		    unsigned short col)
{
	FreeXL_CellValue v;
	const char *s;

	if (freexl_get_cell_value(x->h, row, col, &v) != FREEXL_OK)
		return FDSS_EDATA;
	switch (v.type) {
	case FREEXL_CELL_INT:
		return fdss__sheet_number(r, col, v.value.int_value, 0, 0);
	case FREEXL_CELL_DOUBLE:
		return fdss__sheet_number(r, col, v.value.double_value, 0, 0);
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_TIME:
		s = v.value.text_value ? v.value.text_value : "";
		return fdss__sheet_cell(r, col, s, strlen(s), FDSS_CELL_TEXT);
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
		s = v.value.text_value ? v.value.text_value : "";
		return fdss__sheet_cell(r, col, s, strlen(s) > 10 ? 10
					: strlen(s), FDSS_CELL_DATE);
	default:
		return FDSS_OK;	/* empty */
	}
}

static int xls_next(fdss_sheet *r, fdss_error *err)
{
	struct xls *x = r->impl;
	unsigned short c;
	int rc, empty;

	for (; x->next < x->rows; x->next++) {
		fdss__sheet_row_begin(r, (long)x->next + 1);
		for (c = 0; c < x->cols; c++)
			if ((rc = xls_cell(r, x, x->next, c)) != FDSS_OK) {
				char col[8];

				fdss_sheet_column_name(c, col);
				return fdss_error_set(err, rc, "%s: sheet %s "
					"row %u column %s: %s", r->name,
					r->title, x->next + 1, col,
					rc == FDSS_ENOMEM ? "out of memory"
					: "cannot read the cell");
			}
		if ((rc = fdss__sheet_row_end(r, &empty)) != FDSS_OK)
			return fdss_error_set(err, rc, "out of memory");
		if (!empty) {
			x->next++;
			return FDSS_OK;
		}
	}
	return FDSS_EOF;
}

static void xls_free(void *impl)
{
	struct xls *x = impl;

	if (!x)
		return;
	if (x->h)
		freexl_close(x->h);
	free(x);
}

static const struct sheet_ops xls_ops = { xls_next, xls_free };

/* The names of the sheets (borrowed from FreeXL), *n of them. */
static int sheet_names(fdss_sheet *r, struct xls *x, const char ***names,
		       size_t *n, fdss_error *err)
{
	unsigned count, i;
	int rc;

	if ((rc = freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count)) !=
	    FREEXL_OK)
		return xls_fail(r, err, rc, "not an .xls workbook");
	if (!count)
		return fdss_error_set(err, FDSS_EDATA, "%s: the workbook has "
				      "no sheets", r->name);
	if (!(*names = calloc(count, sizeof(**names))))
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < count; i++)
		if (freexl_get_worksheet_name(x->h, (unsigned short)i,
					      &(*names)[i]) != FREEXL_OK ||
		    !(*names)[i])
			(*names)[i] = "";
	*n = count;
	return FDSS_OK;
}

static int select_sheet(fdss_sheet *r, struct xls *x, const char *sheet,
			fdss_error *err)
{
	const char **names = NULL;
	char list[FDSS_ERRMSG_MAX];
	size_t n = 0;
	long k;
	int rc;

	if ((rc = sheet_names(r, x, &names, &n, err)) != FDSS_OK)
		return rc;
	if ((k = fdss__sheet_pick(sheet, names, n)) < 0) {
		fdss__sheet_list(list, sizeof(list), names, n);
		rc = fdss_error_set(err, FDSS_ENOTFOUND, "%s: no sheet '%s'; "
				    "%s", r->name, sheet, list);
	} else if (!(r->title = strdup(names[k]))) {
		rc = fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	} else if ((rc = freexl_select_active_worksheet(x->h,
			(unsigned short)k)) != FREEXL_OK ||
		   (rc = freexl_worksheet_dimensions(x->h, &x->rows,
						     &x->cols)) != FREEXL_OK) {
		rc = xls_fail(r, err, rc, "cannot read the sheet");
	}
	free(names);
	return rc;
}

int fdss__xls_open(fdss_sheet *r, int fd, const char *sheet,
		   fdss_error *err)
{
	struct xls *x = calloc(1, sizeof(*x));
	char path[64];
	int rc;

	if (!x) {
		close(fd);
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	}
	r->impl = x;
	r->ops = &xls_ops;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = freexl_open(path, &x->h);
	close(fd);
	if (rc == FREEXL_INSUFFICIENT_MEMORY)
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	if (rc != FREEXL_OK)
		return fdss_error_set(err, FDSS_EDATA, "%s: not an .xls "
				      "workbook, or a damaged one", r->name);
	return select_sheet(r, x, sheet, err);
}
