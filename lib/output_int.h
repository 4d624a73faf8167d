#ifndef FDSS_OUTPUT_INT_H
#define FDSS_OUTPUT_INT_H

/*
 * The record writer's insides, private to libfdss: output.c (formats,
 * masks, columns, JSON, the dispatch), output_text.c (table and csv)
 * and output_xlsx.c (the xlsx form, over the report's workbook writer
 * report_xlsx.c).
 */
#include <stdio.h>
#include <cjson/cJSON.h>
#include "fdss/error.h"
#include "fdss/jbuf.h"
#include "fdss/output.h"

typedef struct fdss__xout fdss__xout;

/* A workbook writer for columns names[0..n) (copied), made in tmpdir
 * (NULL: /tmp) with a sheet named sheet (NULL: "Sheet1").  FDSS_ENOMEM,
 * FDSS_EIO (the temporary file).  What fails, now or later, is told in
 * err, which must outlive the writer. */
int fdss__xout_new(fdss__xout **out, const char *const *names, size_t n,
		   const char *tmpdir, const char *sheet, fdss_error *err);

/* Write rec's values under the columns: FDSS_OK, FDSS_EIO, FDSS_ENOMEM. */
int fdss__xout_row(fdss__xout *x, const cJSON *rec);

/* Close the workbook and copy it to f: FDSS_OK or FDSS_EIO. */
int fdss__xout_finish(fdss__xout *x, FILE *f);

/* Free, removing the temporary file; NULL is harmless. */
void fdss__xout_free(fdss__xout *x);

/* --- the writer's state (output.c, output_text.c) ---------------------- */

struct column {
	char *name;		/* the key looked up in each record */
	size_t namelen;
	int mask;		/* a personal identifier, masked */
	size_t width;		/* table: widest cell or header so far */
	int has_number;		/* table: some cell was a number */
	int has_other;		/* table: some non-empty cell was not */
};

struct fdss__out_async;

struct fdss_out {
	FILE *f;		/* the stream written; not closed here */
	struct fdss__out_async *async;	/* fdss_out_async(): its thread */
	int format;		/* enum fdss_format */
	unsigned flags;		/* enum fdss_out_flags */
	struct column *cols;	/* table and csv columns */
	size_t ncols;
	int have_cols;		/* cols fixed, by the caller or a record */
	size_t nrecords;	/* records taken so far */
	int csv_started;	/* csv: BOM and header written */
	int failed;		/* some write failed */
	int finished;		/* fdss_out_finish() ran */
	unsigned char *held;	/* table: the held cells, one after another:
				 * its length and display width as varints,
				 * then its bytes, control characters made
				 * spaces (no terminator, no index) */
	size_t held_len, held_cap;
	size_t held_ready;	/* table: held bytes faulted in ahead */
	fdss_jbuf scratch;	/* fdss_out_buf(): the next record's text */
	struct flat *flat;	/* csv and table from text: a cell a column */
	struct flat_key *keys;	/* the keys of the last flat record, in
				 * order, and their columns */
	size_t nkeys, keys_cap;
	char *line;		/* csv: the row being made, one write a row */
	size_t line_len, line_cap;
	fdss__xout *xlsx;	/* xlsx: made once the columns are known */
	char *xlsx_tmpdir;	/* xlsx: fdss_out_xlsx() */
	char *xlsx_sheet;
	int xlsx_rc;		/* xlsx: the first failure */
	fdss_error xlsx_err;	/* xlsx: what it was */
};

/*
 * A cell of a record given as text, taken from the text as it stands:
 * the fast path of fdss_out_json() for csv and table, for the flat
 * records the listings write (strings without escapes, integers,
 * booleans, null).  Anything else goes through cJSON.
 */
struct flat {
	const char *s;		/* the value's text in the record */
	size_t n;
	int number;
	int present;		/* the key was there and not null */
	char *heap;		/* an array or object as cJSON prints it */
};

/* A key seen at one place in a flat record: the column it named. */
struct flat_key {
	char *name;		/* the key's text (not terminated) */
	size_t n;
	long col;		/* its column, or -1 */
	const char *seen;	/* fdss_out_fields(): the key pointer given
				 * at this place last time (the same
				 * literal each record), or NULL */
};

/* One cell's text in table or csv form. */
struct cell {
	const char *s;		/* the text; points into one of the below */
	char *heap;		/* freed by cell_release() */
	int number;		/* the value was a number */
	char buf[64];		/* numbers and short masked values */
};

/* output_async.c: s[0..n) to the thread's blocks; every block written
 * (a failure then marks o failed); the thread stopped, all written. */
void fdss__out_async_put(fdss_out *o, const char *s, size_t n);
void fdss__out_async_drain(fdss_out *o);
void fdss__out_async_stop(fdss_out *o);

/* Write s[0..n) to o's stream; a failure marks o failed. */
static inline void fdss__out_put(fdss_out *o, const char *s, size_t n)
{
	if (o->async)
		fdss__out_async_put(o, s, n);
	else if (n && fwrite(s, 1, n, o->f) != n)
		o->failed = 1;
}
/* Grow *p (room *cap, of elements of size) to hold need: FDSS_ENOMEM. */
int fdss__out_grow(void **p, size_t *cap, size_t need, size_t size);

/* output_text.c: a record as a csv row; the BOM and header; a record
 * held as a table row; the held table printed. */
int fdss__out_csv_row(fdss_out *o, const cJSON *rec);
void fdss__out_csv_start(fdss_out *o);
int fdss__out_table_keep(fdss_out *o, const cJSON *rec);
int fdss__out_table_print(fdss_out *o);
/* A listing's record text as a csv or table row without a cJSON tree:
 * its status, or -1 when it is not flat (the caller parses it). */
int fdss__out_flat(fdss_out *o, const char *text, size_t len);
/* The pieces of that path fdss_out_fields() (output_fields.c) shares:
 * the column of the k-th key s[0..n) of a record (-1: none); one value's
 * text at p into *v (NULL: not flat); o->flat as a csv or table row; the
 * cells' memory freed. */
long fdss__out_flat_key(fdss_out *o, size_t k, const char *s, size_t n,
			size_t *next);
const char *fdss__out_flat_value(const char *p, const char *end,
				 struct flat *v);
int fdss__out_flat_row(fdss_out *o);
void fdss__out_flat_release(fdss_out *o);

#endif
