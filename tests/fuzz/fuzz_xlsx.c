/*
 * The .xlsx reader (libzip, expat and fdss's own reading of the parts):
 * whatever the bytes, opening ends in a known way, every row has its
 * fields, and reading ends at the end or with a damaged workbook, never
 * elsewhere.  The .xls reader is FreeXL in a child process of its own
 * (xls.c); fuzzing it here found FreeXL reading past a buffer, in the
 * child — tests/cli/t-workbook.sh keeps that file as a regression test
 * of the isolation.
 */
#include "fuzz.h"
#include "fdss/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_sheet *r = NULL;
	FILE *f;
	int rc;
	long rows = 0;

	if (size < 1)
		return 0;
	f = fuzz_stream(data, size);
	rc = fdss_sheet_open_workbook(&r, FDSS_SHEET_XLSX, f, "fuzz", NULL,
				      &err);
	FUZZ_ASSERT(rc == FDSS_OK || rc == FDSS_EDATA ||
		    rc == FDSS_ENOTFOUND || rc == FDSS_ENOMEM);
	FUZZ_ASSERT((rc == FDSS_OK) == (r != NULL));
	while (r && (rc = fdss_sheet_next(r, &err)) == FDSS_OK) {
		size_t i, len;

		for (i = 0; i < fdss_sheet_nfields(r); i++) {
			const char *s = fdss_sheet_field(r, i, &len);

			FUZZ_ASSERT(s && strlen(s) == len);
		}
		FUZZ_ASSERT(fdss_sheet_line(r) > 0);
		rows++;
	}
	if (r)
		FUZZ_ASSERT(rc == FDSS_EOF ||
			    (rc == FDSS_EDATA && fdss_sheet_fatal(r)));
	fdss_sheet_free(r);
	fclose(f);
	return 0;
}
