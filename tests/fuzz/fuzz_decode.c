/*
 * The GB18030 and UTF-8 decoders: what they let through is UTF-8, and a
 * failure names a line and a byte.
 */
#include "fuzz.h"
#include "fdss/decode.h"
#include "fdss/text.h"

static void decode(const uint8_t *data, size_t size, const char *enc)
{
	fdss_error err = FDSS_ERROR_INIT;
	FILE *in = fuzz_stream(data, size), *text;
	fdss_decoder *d;
	char buf[4096], *out = NULL;
	size_t n, len = 0;

	FUZZ_ASSERT(fdss_decoder_new(&d, &text, in, "fuzz.csv", enc, &err) ==
		    FDSS_OK);
	while ((n = fread(buf, 1, sizeof(buf), text)) > 0) {
		if (!(out = realloc(out, len + n)))
			abort();
		memcpy(out + len, buf, n);
		len += n;
	}
	if (fdss_decoder_status(d, &err) == FDSS_OK) {
		/* a leading BOM is kept for the CSV reader, and is UTF-8 */
		FUZZ_ASSERT(fdss_utf8_valid(out, len, NULL));
		FUZZ_ASSERT(fdss_decoder_bytes(d) == (long long)size);
	} else {
		FUZZ_ASSERT(strstr(err.msg, "byte ") != NULL);
	}
	free(out);
	fdss_decoder_free(d);
	fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	decode(data, size, "utf-8");
	decode(data, size, "gb18030");
	return 0;
}
