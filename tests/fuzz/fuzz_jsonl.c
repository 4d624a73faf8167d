/*
 * The JSON-lines reader, whole records and the few-keys fast path: both
 * give the same verdict on every line, and the same values.
 */
#include <cjson/cJSON.h>

#include "fuzz.h"
#include "fdss/jsonl.h"

static const char *const keys[] = { "id_number", "team", "name", "set",
				    NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fdss_error err = FDSS_ERROR_INIT, err2 = FDSS_ERROR_INIT;
	FILE *f = fuzz_stream(data, size), *g = fuzz_stream(data, size);
	fdss_jsonl *r, *s;
	int rc, rc2;

	if (!f)
		return 0;
	FUZZ_ASSERT(fdss_jsonl_new(&r, f, "fuzz.jsonl") == FDSS_OK);
	FUZZ_ASSERT(fdss_jsonl_new(&s, g, "fuzz.jsonl") == FDSS_OK);
	do {
		cJSON *all = NULL, *some = NULL;
		size_t i;

		rc = fdss_jsonl_next(r, &all, &err);
		rc2 = fdss_jsonl_next_keys(s, &some, keys, &err2);
		FUZZ_ASSERT(rc == rc2);
		FUZZ_ASSERT(fdss_jsonl_line(r) == fdss_jsonl_line(s));
		if (rc == FDSS_EDATA)
			FUZZ_ASSERT(strcmp(err.msg, err2.msg) == 0);
		if (rc == FDSS_OK) {
			FUZZ_ASSERT(cJSON_IsObject(all) && cJSON_IsObject(some));
			for (i = 0; keys[i]; i++)
				FUZZ_ASSERT(cJSON_Compare(
					cJSON_GetObjectItemCaseSensitive(all,
									 keys[i]),
					cJSON_GetObjectItemCaseSensitive(some,
									 keys[i]),
					1) ||
					    !cJSON_GetObjectItemCaseSensitive(
						    all, keys[i]));
		}
		cJSON_Delete(all);
		cJSON_Delete(some);
	} while (rc != FDSS_EOF && rc != FDSS_EIO);
	fdss_jsonl_free(r);
	fdss_jsonl_free(s);
	fclose(f);
	fclose(g);
	return 0;
}
