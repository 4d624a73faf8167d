#ifndef FDSS_CSV_H
#define FDSS_CSV_H

#include <stdio.h>
#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A streaming RFC 4180 reader: quoted fields, doubled quotes, newlines
 * inside quotes.  A line ends at LF, CRLF or a lone CR (Excel's "CSV
 * (Macintosh)"); inside a quoted field CR and LF are data.  A UTF-8
 * byte-order mark at the start of a record is dropped (Excel writes one
 * at the start of a file; joined files carry more).  It holds one record
 * at a time, so memory does not grow with the input.  Malformed records
 * (unterminated quote, a stray quote in an unquoted field, text after a
 * closing quote, a NUL byte in a field, more than 16 MiB) are errors
 * that name the line; the reader then resumes at the next line, so one
 * bad row does not hide the rest.  Field count is not checked here: the
 * caller knows the header.
 */
typedef struct fdss_csv fdss_csv;

/*
 * Start reading f (not closed by the reader).  name is used in messages
 * ("roster.csv", "<stdin>") and is copied.  *out is freed with
 * fdss_csv_free().
 */
int fdss_csv_new(fdss_csv **out, FILE *f, const char *name);

/* Free the reader; NULL is harmless. */
void fdss_csv_free(fdss_csv *r);

/*
 * Read the next record.  FDSS_OK: fields are available until the next
 * call.  FDSS_EOF: no more records.  FDSS_EDATA: the record is malformed;
 * err says "name:line: why"; call again to go on.  FDSS_EIO: reading
 * failed.  Blank lines are skipped (a record of one empty field is not
 * returned).
 */
int fdss_csv_next(fdss_csv *r, fdss_error *err);

/* Number of fields of the current record. */
size_t fdss_csv_nfields(const fdss_csv *r);

/*
 * Field i of the current record, NUL-terminated, quotes removed; *len
 * (may be NULL) receives its length.  NULL when i is out of range.
 */
const char *fdss_csv_field(const fdss_csv *r, size_t i, size_t *len);

/*
 * The field (1-based) that the last FDSS_EDATA of fdss_csv_next() names
 * ("stray quote in unquoted field 3"), 0 when it names none, so that a
 * caller can add the column's name.
 */
size_t fdss_csv_error_field(const fdss_csv *r);

/* Line number (1-based) where the current or failed record starts. */
long fdss_csv_line(const fdss_csv *r);

/*
 * The current or failed record's bytes as they stood in the input,
 * without its line terminator, so a rejects file can repeat it whole.
 */
const char *fdss_csv_raw(const fdss_csv *r, size_t *len);

/* The name given to fdss_csv_new(). */
const char *fdss_csv_name(const fdss_csv *r);

/*
 * Write one field to f, quoted when it holds a comma, quote, CR or LF
 * (RFC 4180).  Returns FDSS_OK or FDSS_EIO.
 */
int fdss_csv_write_field(FILE *f, const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
