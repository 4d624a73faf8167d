/*
 * The strict JSON check: what it accepts cJSON reads, prints, and the
 * printed text passes the check again and reads back equal.
 */
#include <cjson/cJSON.h>

#include "fuzz.h"
#include "fdss/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fdss_error err = FDSS_ERROR_INIT;
	cJSON *v = NULL, *again = NULL;
	char *text;
	int rc;

	rc = fdss_json_parse(&v, (const char *)data, size, &err);
	FUZZ_ASSERT(rc == FDSS_OK || rc == FDSS_EDATA || rc == FDSS_ENOMEM);
	FUZZ_ASSERT((rc == FDSS_OK) == (v != NULL));
	if (rc != FDSS_OK) {
		FUZZ_ASSERT(strncmp(err.msg, "column ", 7) == 0 ||
			    rc == FDSS_ENOMEM);
		return 0;
	}
	FUZZ_ASSERT(fdss_json_check((const char *)data, size, NULL) ==
		    FDSS_OK);
	if ((text = cJSON_PrintUnformatted(v))) {
		FUZZ_ASSERT(fdss_json_parse(&again, text, strlen(text),
					    &err) == FDSS_OK);
		FUZZ_ASSERT(cJSON_Compare(v, again, 1));
		cJSON_Delete(again);
		cJSON_free(text);
	}
	cJSON_Delete(v);
	return 0;
}
