/*
 * sheet.c: the row source of imports — a CSV text through fdss_csv, or a
 * workbook's sheet through xlsx.c or xls.c — and what the workbook
 * formats share: a row laid out as cells (missing cells empty, the text
 * a person sees for numbers and dates), the row as a CSV line for a
 * rejects file, and the opening of the file (its hash, a copy of a
 * stream that cannot seek).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdss/date.h"
#include "internal.h"
#include "sheet_int.h"

#define MAX_ROW_BYTES (16u << 20)	/* as the CSV reader's record */

/* --- opening ------------------------------------------------------------ */

int fdss_sheet_open_csv(fdss_sheet **out, FILE *f, const char *name)
{
	fdss_sheet *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r || !(r->name = strdup(name)) ||
	    fdss_csv_new(&r->csv, f, name) != FDSS_OK) {
		fdss_sheet_free(r);
		return FDSS_ENOMEM;
	}
	r->format = FDSS_SHEET_CSV;
	*out = r;
	return FDSS_OK;
}

/* Hash the file and give a descriptor of it at its start: the file's
 * own when it can seek, else of a temporary copy. */
static int workbook_fd(fdss_sheet *r, FILE *in, int *fd, fdss_error *err)
{
	struct stat st;
	FILE *copy = NULL;
	int rc;

	if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode) &&
	    fseeko(in, 0, SEEK_SET) == 0)
		rc = fdss__sha256_copy(in, NULL, r->sha256, &r->bytes);
	else if (!(copy = tmpfile()))
		return fdss_error_set(err, FDSS_EIO, "%s: cannot make a "
				      "temporary copy: %s", r->name,
				      strerror(errno));
	else
		rc = fdss__sha256_copy(in, copy, r->sha256, &r->bytes);
	if (rc == FDSS_OK && copy && fflush(copy) != 0)
		rc = FDSS_EIO;
	if (rc != FDSS_OK) {
		if (copy)
			fclose(copy);
		return fdss_error_set(err, rc, "%s: %s", r->name, rc == FDSS_EIO
				      ? "cannot read" : "out of memory");
	}
	*fd = dup(fileno(copy ? copy : in));
	if (copy)
		fclose(copy);	/* the duplicate keeps it */
	if (*fd < 0 || lseek(*fd, 0, SEEK_SET) != 0) {
		if (*fd >= 0)
			close(*fd);
		return fdss_error_set(err, FDSS_EIO, "%s: %s", r->name,
				      strerror(errno));
	}
	return FDSS_OK;
}

int fdss_sheet_open_workbook(fdss_sheet **out, int format, FILE *in,
			     const char *name, const char *sheet,
			     fdss_error *err)
{
	fdss_sheet *r = calloc(1, sizeof(*r));
	int fd = -1, rc;

	*out = NULL;
	if (!r || !(r->name = strdup(name))) {
		free(r);
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	}
	r->format = format;
	if (format != FDSS_SHEET_XLSX && format != FDSS_SHEET_XLS)
		rc = fdss_error_set(err, FDSS_EINVAL, "not a workbook format");
	else if ((rc = workbook_fd(r, in, &fd, err)) == FDSS_OK)
		rc = format == FDSS_SHEET_XLSX ? fdss__xlsx_open(r, fd, sheet, err)
					       : fdss__xls_open(r, fd, sheet, err);
	if (rc != FDSS_OK) {
		fdss_sheet_free(r);
		return rc;
	}
	*out = r;
	return FDSS_OK;
}

void fdss_sheet_free(fdss_sheet *r)
{
	if (!r)
		return;
	fdss_csv_free(r->csv);
	if (r->ops && r->impl)
		r->ops->free(r->impl);
	free(r->name);
	free(r->title);
	fdss__sheet_row_release(r);
	free(r);
}

/* --- reading ------------------------------------------------------------ */

int fdss_sheet_next(fdss_sheet *r, fdss_error *err)
{
	int rc;

	if (r->csv)
		return fdss_csv_next(r->csv, err);
	if (r->fatal)
		return FDSS_EOF;
	rc = r->ops->next(r, err);
	if (rc != FDSS_OK && rc != FDSS_EOF)
		r->fatal = 1;
	return rc;
}

int fdss_sheet_fatal(const fdss_sheet *r)
{
	return r->fatal;
}

size_t fdss_sheet_nfields(const fdss_sheet *r)
{
	return r->csv ? fdss_csv_nfields(r->csv) : r->n;
}

const char *fdss_sheet_field(const fdss_sheet *r, size_t i, size_t *len)
{
	const char *s;

	if (r->csv)
		return fdss_csv_field(r->csv, i, len);
	if (i >= r->n)
		return NULL;
	s = r->text + r->off[i];
	if (len)
		*len = fdss__sheet_cell_len(r, i);
	return s;
}

int fdss_sheet_kind(const fdss_sheet *r, size_t i)
{
	return r->csv || i >= r->n ? FDSS_CELL_TEXT : r->kind[i];
}

size_t fdss_sheet_error_field(const fdss_sheet *r)
{
	return r->csv ? fdss_csv_error_field(r->csv) : 0;
}

long fdss_sheet_line(const fdss_sheet *r)
{
	return r->csv ? fdss_csv_line(r->csv) : r->line;
}

const char *fdss_sheet_raw(const fdss_sheet *r, size_t *len)
{
	if (r->csv)
		return fdss_csv_raw(r->csv, len);
	if (len)
		*len = r->rawlen;
	return r->raw ? r->raw : "";
}

const char *fdss_sheet_name(const fdss_sheet *r)
{
	return r->name;
}

const char *fdss_sheet_title(const fdss_sheet *r)
{
	return r->title;
}

int fdss_sheet_format(const fdss_sheet *r)
{
	return r->format;
}

void fdss_sheet_where(const fdss_sheet *r, long line, char *buf, size_t n)
{
	if (r->title)
		snprintf(buf, n, "%s: sheet %s row %ld", r->name, r->title, line);
	else
		snprintf(buf, n, "%s:%ld", r->name, line);
}

const char *fdss_sheet_sha256(const fdss_sheet *r)
{
	return r->sha256;
}

long long fdss_sheet_bytes(const fdss_sheet *r)
{
	return r->bytes;
}
