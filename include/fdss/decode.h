#ifndef FDSS_DECODE_H
#define FDSS_DECODE_H

#include <stdio.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Input decoding for imports: a stream that yields the input as UTF-8,
 * converting from GB18030 or GBK with iconv, or checking that UTF-8 input
 * really is UTF-8.  Bad bytes stop the stream at once: the error names the
 * line and byte, so nothing is ever stored as mojibake.  It also hashes
 * the raw bytes (SHA-256) for the import record.
 */
typedef struct fdss_decoder fdss_decoder;

/*
 * Start decoding in (not closed) named name (for messages) from encoding:
 * "utf-8" (checked, a leading BOM kept for the CSV reader to skip; also
 * when encoding is NULL), "gb18030" or "gbk" (case-insensitive; "utf8",
 * "cp936" accepted too).
 * *stream is a FILE that reads the UTF-8 text; it is closed by
 * fdss_decoder_free().  FDSS_EINVAL for an unknown encoding.
 */
int fdss_decoder_new(fdss_decoder **out, FILE **stream, FILE *in,
		     const char *name, const char *encoding, fdss_error *err);

/*
 * After a read from the stream failed or stopped early: FDSS_OK if the
 * input simply ended, else the failure with a message such as
 * "roster.csv:12: byte 34: not valid UTF-8 (0xD5 0xC5); if the file
 * comes from Excel on Chinese Windows, try --encoding gb18030" or
 * "roster.csv:3: byte 7: not valid GB18030 (0x80)".  Line and byte
 * (1-based, byte within the line) count in the input as given.
 */
int fdss_decoder_status(const fdss_decoder *d, fdss_error *err);

/* Lower-case hex SHA-256 of the raw bytes read so far (65 bytes). */
void fdss_decoder_sha256(fdss_decoder *d, char hex[65]);

/* Raw bytes read so far. */
long long fdss_decoder_bytes(const fdss_decoder *d);

/* Close the stream and free; NULL is harmless. */
void fdss_decoder_free(fdss_decoder *d);

/*
 * SHA-256 of a buffer, one shot, as lower-case hex (65 bytes with the
 * NUL).  Exposed for tests and for callers that hash other inputs.
 */
void fdss_sha256_hex(char hex[65], const void *data, size_t n);

#ifdef __cplusplus
}
#endif

#endif
