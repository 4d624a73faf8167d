#ifndef FDSS_OUTPUT_H
#define FDSS_OUTPUT_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include "error.h"
#include "jbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Record output in the four formats every command offers.  Records are
 * JSON objects (cJSON); the writer turns them into:
 *   table  columns aligned by display width (Chinese text lines up),
 *          header first; rows are held until fdss_out_finish()
 *   csv    RFC 4180, CRLF line ends, header first, optional UTF-8 BOM
 *   jsonl  one compact object per line
 *   json   one array of all records
 * In table and csv, nested values are written as compact JSON, the
 * "type" key is left out, and personal identifiers (ID numbers, phone
 * numbers) are masked unless FDSS_OUT_NO_MASK.  jsonl and json carry
 * every value whole, because the next program in a pipe needs them.
 */
enum fdss_format {
	FDSS_FORMAT_TABLE = 1,
	FDSS_FORMAT_JSONL = 2,
	FDSS_FORMAT_CSV = 3,
	FDSS_FORMAT_JSON = 4
};

enum fdss_out_flags {
	FDSS_OUT_NO_MASK = 1 << 0,	/* print identifiers whole */
	FDSS_OUT_BOM = 1 << 1,		/* csv: start with a UTF-8 BOM (Excel) */
	FDSS_OUT_NO_HEADER = 1 << 2	/* table, csv: no header row */
};

/* Parse "table", "jsonl", "csv" or "json"; 0 if unknown. */
int fdss_format_parse(const char *name);

typedef struct fdss_out fdss_out;

/* A writer to f (not closed by it) in format with flags. */
int fdss_out_new(fdss_out **out, FILE *f, int format, unsigned flags);

/*
 * Fix the columns for table and csv (copied); otherwise they are the
 * keys of the first record, "type" excepted.  Call before any record.
 */
int fdss_out_columns(fdss_out *o, const char *const *names, size_t n);

/* Write (or, for table, keep) one record; rec is not taken. */
int fdss_out_record(fdss_out *o, const cJSON *rec);

/*
 * The same for a record given as the compact JSON text of an object
 * (len bytes), as the codecs' _json() functions write it: jsonl and json
 * copy the text, table and csv parse it.  FDSS_EINVAL if it is not an
 * object, FDSS_EIO if the write failed.
 */
int fdss_out_json(fdss_out *o, const char *text, size_t len);

/*
 * The same for a record given as its fields f[0..n) (fdss/jbuf.h), as
 * fdss_person_fields() makes them: table and csv take the cells without
 * reading text back; jsonl and json write the text fdss_jbuf_fields()
 * makes.  The keys' text must stay the same while o lives (literals, as
 * there): a key is known again by its address.  Fails as fdss_out_json().
 */
int fdss_out_fields(fdss_out *o, const fdss_jfield *f, size_t n);

/*
 * A buffer the writer owns for building the next record's text, emptied;
 * valid until the next call or fdss_out_free().  Pass its text to
 * fdss_out_json().
 */
fdss_jbuf *fdss_out_buf(fdss_out *o);

/*
 * Finish: print a held table, close a json array, flush.  FDSS_EIO if
 * any write failed (a full disk is an error, not silence).
 */
int fdss_out_finish(fdss_out *o);

/* Free the writer; NULL is harmless.  Does not finish it, but what was
 * written is in the stream's hands. */
void fdss_out_free(fdss_out *o);

/*
 * From now on write o's stream from a thread of o's own, in blocks of
 * 256 KiB, so that the copying into a file or pipe overlaps making the
 * next records.  Nobody else may use the stream until fdss_out_finish()
 * has returned, which writes all and then fails as any write did.  Not
 * for a terminal (lines would come a block at a time) nor xlsx.
 * FDSS_OK, FDSS_EINVAL (xlsx, or already), FDSS_ENOMEM (o writes as
 * before).
 */
int fdss_out_async(fdss_out *o);

/* 1 if key names a personal identifier masked in table and csv. */
int fdss_out_is_personal(const char *key);

/*
 * Mask a personal identifier into buf (size n): an ID number keeps its
 * first 6 and last 4 characters ("110105********002X"), a phone number
 * its first 3 and last 4 ("138****5678"), anything else its last 4.
 */
char *fdss_mask(char *buf, size_t n, const char *value);

/*
 * xlsx (FDSS_FORMAT_XLSX of report.h, which fdss_out_new() takes too): a
 * workbook of one sheet named sheet (NULL: "Sheet1"), the header row the
 * columns, each record a row whose cells are typed by its JSON values —
 * a string a text cell (ID and phone numbers, dates "YYYY-MM-DD" stay
 * text), a number a number, true/false a truth value, null empty.
 * Nothing is masked: like jsonl, the workbook is for the next program.
 * It is built in a temporary file of tmpdir (NULL: /tmp; a command
 * passes $TMPDIR), copied to the stream by fdss_out_finish() and removed.
 * Both strings are copied.  Call before the first record.
 */
int fdss_out_xlsx(fdss_out *o, const char *tmpdir, const char *sheet);

/* What failed in the workbook, beyond a write to the stream: "" when
 * nothing did (or only the stream failed). */
const char *fdss_out_errmsg(const fdss_out *o);

#ifdef __cplusplus
}
#endif

#endif
