/*
 * The ID-number validator: an accepted number is 18 characters whose
 * last is its check character, and validates again as itself.
 */
#include "fuzz.h"
#include "fdss/idnum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_id_info id, again;
	fdss_date ref;
	char *s = fuzz_string(data, size);

	FUZZ_ASSERT(fdss_date_parse(&ref, "2026-12-04", NULL) == FDSS_OK);
	if (fdss_id_parse(&id, s, ref, &err) == FDSS_OK) {
		FUZZ_ASSERT(strlen(id.id) == 18);
		FUZZ_ASSERT(fdss_id_check_char(id.id) == id.id[17]);
		FUZZ_ASSERT(fdss_id_parse(&again, id.id, ref, &err) ==
			    FDSS_OK);
		FUZZ_ASSERT(strcmp(again.id, id.id) == 0);
		FUZZ_ASSERT(again.birth == id.birth && again.birth <= ref);
	} else {
		FUZZ_ASSERT(err.code == FDSS_EDATA && err.msg[0]);
	}
	free(s);
	return 0;
}
