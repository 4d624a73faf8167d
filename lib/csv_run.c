/*
 * csv_run.c: the one driver of a CSV file import (csv_run.h).
 */
#include <stdio.h>
#include <string.h>

#include "csv_run.h"

const char *fdss__csv_trim(const char *s, size_t *n)
{
	while (*n && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

/* Read the header record and let the module find its columns. */
static int read_header(struct fdss__csv_run *r)
{
	fdss_error err = FDSS_ERROR_INIT;
	int rc;

	rc = fdss_csv_next(r->csv, &err);
	if (rc == FDSS_EOF)
		return fdss__db_fail(r->db, FDSS_EDATA, "%s: empty file, %s",
				     r->file, r->expected);
	if (rc)
		return fdss__db_fail(r->db, rc, "%s", err.msg);
	r->nheader = fdss_csv_nfields(r->csv);
	return r->header(r);
}

/* Read the data rows; FDSS_OK unless reading or storing failed. */
static int read_rows(struct fdss__csv_run *r)
{
	int rc;

	for (;;) {
		fdss_error_clear(&r->err);
		rc = fdss_csv_next(r->csv, &r->err);
		if (rc == FDSS_EOF)
			return FDSS_OK;
		if (rc != FDSS_OK && rc != FDSS_EDATA)
			return fdss__db_fail(r->db, rc, "%s", r->err.msg);
		r->st.read++;
		if (rc == FDSS_OK)
			rc = r->check(r);
		if (rc == FDSS_EDATA) {
			r->st.rejected++;
			if (r->reject)
				r->reject(r->arg, r->err.msg);
			continue;
		}
		if (rc != FDSS_OK || (rc = r->store(r)) != FDSS_OK)
			return rc;
	}
}

int fdss__csv_run(struct fdss__csv_run *r, FILE *f, const char *name,
		  int atomic)
{
	int nested = 0, rc;

	r->file = name ? name : "<input>";
	if (fdss_csv_new(&r->csv, f, r->file) != FDSS_OK)
		return fdss__db_fail(r->db, FDSS_ENOMEM, "out of memory");
	if ((rc = read_header(r)) != FDSS_OK)
		goto out;
	/* one transaction per file, or a savepoint in the caller's */
	if ((rc = fdss__tx_begin(r->db, &nested)) != FDSS_OK)
		goto out;
	rc = read_rows(r);
	if (rc == FDSS_OK && atomic && r->st.rejected) {
		r->st.inserted = r->st.updated = r->st.unchanged = 0;
		rc = fdss__db_fail(r->db, FDSS_EDATA, "%s: %ld of %ld rows "
				   "rejected, nothing imported", r->file,
				   r->st.rejected, r->st.read);
	}
	rc = fdss__tx_end(r->db, nested, rc);
out:
	fdss_csv_free(r->csv);
	r->csv = NULL;
	return rc;
}
