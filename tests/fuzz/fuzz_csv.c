/* The CSV reader: every record's raw bytes lie in the input, in order. */
#include "fuzz.h"
#include "fdss/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fdss_error err = FDSS_ERROR_INIT;
	FILE *f = fuzz_stream(data, size);
	fdss_csv *r;
	long last = 0;
	int rc;

	if (!f)
		return 0;
	FUZZ_ASSERT(fdss_csv_new(&r, f, "fuzz.csv") == FDSS_OK);
	while ((rc = fdss_csv_next(r, &err)) != FDSS_EOF) {
		size_t i, n, len;
		const char *raw = fdss_csv_raw(r, &n);

		FUZZ_ASSERT(rc == FDSS_OK || rc == FDSS_EDATA);
		FUZZ_ASSERT(fdss_csv_line(r) > last);
		last = fdss_csv_line(r);
		FUZZ_ASSERT(n <= size);
		FUZZ_ASSERT(raw != NULL);
		if (rc != FDSS_OK)
			continue;
		for (i = 0; i < fdss_csv_nfields(r); i++) {
			const char *s = fdss_csv_field(r, i, &len);

			FUZZ_ASSERT(s && strlen(s) == len);
		}
		FUZZ_ASSERT(!fdss_csv_field(r, fdss_csv_nfields(r), NULL));
	}
	fdss_csv_free(r);
	fclose(f);
	return 0;
}
