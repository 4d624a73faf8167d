/* The date parser: an accepted date prints as the text it was given. */
#include "fuzz.h"
#include "fdss/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[FDSS_DATE_BUFSZ], *s = fuzz_string(data, size);
	fdss_error err = FDSS_ERROR_INIT;
	fdss_date d;
	int y, m, day;

	if (fdss_date_parse(&d, s, &err) == FDSS_OK) {
		FUZZ_ASSERT(strcmp(fdss_date_format(buf, d), s) == 0);
		fdss_date_to_ymd(d, &y, &m, &day);
		FUZZ_ASSERT(fdss_date_valid(y, m, day));
	} else {
		FUZZ_ASSERT(err.code == FDSS_EDATA);
	}
	free(s);
	return 0;
}
