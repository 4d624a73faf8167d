#ifndef FDSS_SHEET_H
#define FDSS_SHEET_H

#include <stdio.h>
#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A row source for imports: the rows of a CSV text, of one sheet of an
 * .xlsx workbook, or of one sheet of an .xls workbook, one row at a
 * time, each as a list of cells in their text form.  It mirrors the CSV
 * reader (fdss_csv): next, nfields, field, line, raw, name.
 *
 * For a workbook:
 * - a row's number is the sheet's own (row 12 is the twelfth row as
 *   Excel shows it); empty rows are skipped as CSV's blank lines are;
 * - a cell missing from the file is empty; a row has as many fields as
 *   its last non-empty cell, and never fewer than the widest row before
 *   it, so data rows are as wide as their header;
 * - a cell is the text a person sees: text as it is; a whole number
 *   below 10^15 as its digits ("450102900101123", no ".0"); another
 *   number as its %.15G form ("4.50102199001011E+17", kind
 *   FDSS_CELL_NUMBER: its digits may be lost); a number whose cell style
 *   is a date as YYYY-MM-DD (kind FDSS_CELL_DATE); a truth value as
 *   "true" or "false";
 * - raw is the row written as a CSV line (RFC 4180), so that rejected
 *   rows make a CSV that imports on its own;
 * - the whole file is read once at open for its SHA-256 (a stream that
 *   cannot seek is copied to a temporary file); the .xlsx sheet is then
 *   read as a stream, parsed by a thread of its own so that parsing
 *   overlaps the caller's work (its shared strings are held in one
 *   buffer), so memory does not grow with the rows.  An .xls holds at most 65,536
 *   rows; FreeXL reads its sheet whole.
 */
typedef struct fdss_sheet fdss_sheet;

enum fdss_sheet_format {
	FDSS_SHEET_CSV = 1,
	FDSS_SHEET_XLSX = 2,
	FDSS_SHEET_XLS = 3
};

/* What a cell held in the workbook (CSV fields are all text). */
enum fdss_cell_kind {
	FDSS_CELL_TEXT = 0,	/* text, or empty */
	FDSS_CELL_NUMBER = 1,	/* a number (see above for its text) */
	FDSS_CELL_DATE = 2,	/* a number styled as a date: YYYY-MM-DD */
	FDSS_CELL_BOOL = 3,	/* true or false */
	FDSS_CELL_ERROR = 4	/* an error value such as #N/A */
};

/*
 * Read CSV text from f (not closed; already UTF-8, e.g. a decoder's
 * stream), named name in messages.  *out is freed with
 * fdss_sheet_free().  FDSS_ENOMEM.
 */
int fdss_sheet_open_csv(fdss_sheet **out, FILE *f, const char *name);

/*
 * Open the workbook read from in (not closed; read to its end here),
 * format FDSS_SHEET_XLSX or FDSS_SHEET_XLS, named name in messages, at
 * the sheet sheet: NULL for the first, else a sheet's name or, when no
 * sheet has that name, its number from 1.  FDSS_EDATA: not a workbook,
 * or a damaged one ("roster.xlsx: not an .xlsx workbook: …");
 * FDSS_ENOTFOUND: no such sheet (the message lists the sheets);
 * FDSS_EIO: reading failed; FDSS_ENOMEM.  err has the message.
 */
int fdss_sheet_open_workbook(fdss_sheet **out, int format, FILE *in,
			     const char *name, const char *sheet,
			     fdss_error *err);

/* Free the reader; NULL is harmless. */
void fdss_sheet_free(fdss_sheet *r);

/*
 * Read the next row.  FDSS_OK: its fields are available until the next
 * call.  FDSS_EOF: no more rows.  FDSS_EDATA: a malformed CSV record
 * (call again to go on) or, when fdss_sheet_fatal() says so, a damaged
 * workbook (the reading is over).  FDSS_EIO: reading failed.  err says
 * "name:line: why" or "name: sheet S row N: why".
 */
int fdss_sheet_next(fdss_sheet *r, fdss_error *err);

/* Has the reader failed for good (a damaged workbook)? */
int fdss_sheet_fatal(const fdss_sheet *r);

/* Number of fields of the current row. */
size_t fdss_sheet_nfields(const fdss_sheet *r);

/* Field i of the current row, NUL-terminated; *len (may be NULL) gets
 * its length.  NULL when i is out of range. */
const char *fdss_sheet_field(const fdss_sheet *r, size_t i, size_t *len);

/* What field i held in the workbook: enum fdss_cell_kind. */
int fdss_sheet_kind(const fdss_sheet *r, size_t i);

/* As fdss_csv_error_field(): the 1-based field a CSV error names. */
size_t fdss_sheet_error_field(const fdss_sheet *r);

/* Line (CSV) or the sheet's row number of the current or failed row. */
long fdss_sheet_line(const fdss_sheet *r);

/* The current row's raw text: the CSV record as it stood, or the
 * workbook row written as a CSV line; no line terminator. */
const char *fdss_sheet_raw(const fdss_sheet *r, size_t *len);

/* The name given at open. */
const char *fdss_sheet_name(const fdss_sheet *r);

/* The sheet's name in the workbook; NULL for CSV. */
const char *fdss_sheet_title(const fdss_sheet *r);

/* enum fdss_sheet_format. */
int fdss_sheet_format(const fdss_sheet *r);

/*
 * Where row line is, for a message: "roster.csv:12" or
 * "roster.xlsx: sheet 花名册 row 12", into buf (size n, truncated).
 */
void fdss_sheet_where(const fdss_sheet *r, long line, char *buf, size_t n);

/* Excel's name of column i (from 0): "A", "Z", "AA" … (buf of 8). */
void fdss_sheet_column_name(size_t i, char buf[8]);

/* A workbook's SHA-256 (lower-case hex) and size, read at open; "" and
 * 0 for CSV (its decoder hashes it). */
const char *fdss_sheet_sha256(const fdss_sheet *r);
long long fdss_sheet_bytes(const fdss_sheet *r);

#ifdef __cplusplus
}
#endif

#endif
