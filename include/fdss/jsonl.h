#ifndef FDSS_JSONL_H
#define FDSS_JSONL_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A JSON-lines reader: one JSON object per line, blank lines skipped.  A
 * line that is not a JSON object as RFC 8259 has it (fdss_json_check())
 * is an error naming "file:line: column C", and reading goes on with the
 * next line.  One line is held at a time (up to 256 when reading ahead).
 */
typedef struct fdss_jsonl fdss_jsonl;

/* Start reading f (not closed by the reader); name is copied. */
int fdss_jsonl_new(fdss_jsonl **out, FILE *f, const char *name);

/* Free the reader; NULL is harmless. */
void fdss_jsonl_free(fdss_jsonl *r);

/*
 * Read the next object into *out (the caller's, cJSON_Delete it).
 * FDSS_OK, FDSS_EOF at the end, FDSS_EDATA for a bad line (err says
 * "name:line: column C: why" as fdss_json_check() has it, or
 * "name:line: not a JSON object"; *out is NULL; call again to go on),
 * FDSS_EIO.  A line is what ends in LF; a NUL byte does not end it.
 */
int fdss_jsonl_next(fdss_jsonl *r, cJSON **out, fdss_error *err);

/*
 * As fdss_jsonl_next(), but *out holds only the members named in keys
 * (NULL-terminated, at most 64; the first of each, as
 * cJSON_GetObjectItemCaseSensitive() finds it): for a command that reads
 * a few keys of long records, the rest is checked but not built.  A bad
 * line gives the same error as fdss_jsonl_next().  keys NULL: whole
 * objects, as fdss_jsonl_next().
 */
int fdss_jsonl_next_keys(fdss_jsonl *r, cJSON **out, const char *const *keys,
			 fdss_error *err);

/*
 * Read the lines of r from now on in a thread of r's own, up to 256
 * lines ahead of the caller, each checked and built as
 * fdss_jsonl_next_keys() does with keys (NULL: whole objects, as
 * fdss_jsonl_next()), so that the checking overlaps the caller's work.
 * fdss_jsonl_next() and fdss_jsonl_next_keys() then return the thread's
 * lines in order, with the same results and errors (their keys argument
 * is not looked at again); a read error or the end is returned again on
 * every later call.  Until fdss_jsonl_free() nobody else may read the
 * stream; a reader freed before the end leaves its thread to stop after
 * the line it is reading, so the stream must stay open until the
 * process ends (as stdin does).  FDSS_OK, FDSS_ENOMEM when no thread can
 * be started (r reads as before), FDSS_EINVAL when r already reads ahead.
 */
int fdss_jsonl_read_ahead(fdss_jsonl *r, const char *const *keys);
/*
 * Check that text[0..n) is one JSON value as RFC 8259 has it, strictly:
 * numbers by its grammar (no 012, 1., .5, +1, 0x1, NaN), strings with
 * only its escapes and no raw control character, valid UTF-8 and no
 * lone surrogate, exact literals, nothing after the value but white
 * space (space, tab, CR, LF).  Limits: no U+0000 in a string (escaped or
 * raw), nesting 512 deep, numbers of 63 characters whose value fits a
 * double.  A leading UTF-8 byte-order mark is skipped.  FDSS_OK, or
 * FDSS_EDATA with err "column C: what is wrong" (columns count bytes
 * from 1; a NUL names the key: "column C: "name": contains a NUL
 * character (U+0000)").
 */
int fdss_json_check(const char *text, size_t n, fdss_error *err);

/*
 * Parse text[0..n) (need not end in a NUL) into *out, the caller's to
 * cJSON_Delete(), when fdss_json_check() passes it: every JSON input is
 * read through here, never by cJSON_Parse() alone.  FDSS_OK, FDSS_EDATA
 * as fdss_json_check(), FDSS_ENOMEM.
 */
int fdss_json_parse(cJSON **out, const char *text, size_t n,
		    fdss_error *err);

/* Line number of the object last read (or the bad line). */
long fdss_jsonl_line(const fdss_jsonl *r);

/* The last line's text without its newline. */
const char *fdss_jsonl_raw(const fdss_jsonl *r, size_t *len);

/* The name given to fdss_jsonl_new(). */
const char *fdss_jsonl_name(const fdss_jsonl *r);

/*
 * Typed field access for records: each returns FDSS_OK, FDSS_ENOTFOUND
 * when the key is absent or null (out untouched), or FDSS_EDATA when the
 * value has the wrong type, with err naming the key.  Keys are matched
 * case-sensitively.  *out of get_string is borrowed from obj.
 */
int fdss_json_get_string(const cJSON *obj, const char *key,
			 const char **out, fdss_error *err);
int fdss_json_get_int(const cJSON *obj, const char *key, long long *out,
		      fdss_error *err);
int fdss_json_get_bool(const cJSON *obj, const char *key, int *out,
		       fdss_error *err);

#ifdef __cplusplus
}
#endif

#endif
