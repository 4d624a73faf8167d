#ifndef FDSS_SHEET_INT_H
#define FDSS_SHEET_INT_H

/*
 * Private to the row source: sheet.c (the reader, CSV, a workbook's
 * rows as cells), xlsx.c and xls.c (the workbook formats).
 */
#include <stdio.h>

#include "fdss/csv.h"
#include "fdss/sheet.h"

/* What a workbook format does behind fdss_sheet_next() and _free(). */
struct sheet_ops {
	/* Fill the next row through fdss__sheet_row_begin/cell/end:
	 * FDSS_OK, FDSS_EOF, or a failure with err set. */
	int (*next)(fdss_sheet *r, fdss_error *err);
	void (*free)(void *impl);
};

struct fdss_sheet {
	int format;		/* enum fdss_sheet_format */
	char *name;		/* the input's name, for messages */
	char *title;		/* the sheet's name (workbooks) */
	fdss_csv *csv;		/* FDSS_SHEET_CSV */
	const struct sheet_ops *ops; /* workbooks */
	void *impl;		/* the format's state */
	int fatal;		/* a workbook failed: no more rows */
	long line;		/* the current row's number */
	/* the current workbook row: cells one after another, each
	 * NUL-terminated, cell i at text + off[i] of kind kind[i] */
	char *text;
	size_t tlen, tcap;
	size_t *off;
	unsigned char *kind;
	size_t n, cap;
	size_t width;		/* the widest row so far */
	char *raw;		/* the row as a CSV line */
	size_t rawlen, rawcap;
	char sha256[65];	/* of the workbook's bytes */
	long long bytes;	/* the workbook's size */
};

/* A format's opening: the file is at descriptor fd (read from its
 * start; the function takes fd over, closing it whatever happens). */
int fdss__xlsx_open(fdss_sheet *r, int fd, const char *sheet,
		    fdss_error *err);
int fdss__xls_open(fdss_sheet *r, int fd, const char *sheet,
		   fdss_error *err);

/* Start a row numbered line. */
void fdss__sheet_row_begin(fdss_sheet *r, long line);
/* Cell col (from 0; not before the row's last) is s[0..n) of kind.
 * FDSS_EDATA when col goes back, FDSS_ENOMEM. */
int fdss__sheet_cell(fdss_sheet *r, size_t col, const char *s, size_t n,
		     int kind);
/* Cell col is the number v; date: its style is a date (in the 1904
 * date system when date1904). */
int fdss__sheet_number(fdss_sheet *r, size_t col, double v, int date,
		       int date1904);
/* End the row: *empty when it has no text. FDSS_ENOMEM. */
int fdss__sheet_row_end(fdss_sheet *r, int *empty);
/* Append the current row of b to the buffer *buf (length *len, room
 * *cap, grown as needed).  FDSS_ENOMEM. */
int fdss__sheet_row_pack(const fdss_sheet *b, char **buf, size_t *len,
			 size_t *cap);
/* Make the row packed at p the current row of r; *used: its bytes. */
int fdss__sheet_row_unpack(fdss_sheet *r, const char *p, size_t *used);
/* Free the row buffers of b (not b). */
void fdss__sheet_row_release(fdss_sheet *b);
/* "the sheets are: A, B" into buf (size n) from names[0..count). */
void fdss__sheet_list(char *buf, size_t n, const char *const *names,
		      size_t count);
/* Which of names[0..count) sheet means (NULL: 0); -1 when none. */
long fdss__sheet_pick(const char *sheet, const char *const *names,
		      size_t count);

/* decode.c: read in to its end, hashing it, writing each byte to copy
 * too (may be NULL).  FDSS_EIO, FDSS_ENOMEM. */
int fdss__sha256_copy(FILE *in, FILE *copy, char hex[65], long long *bytes);

/* The length of cell i of r's row: to the next cell's start, less the NUL. */
static inline size_t fdss__sheet_cell_len(const fdss_sheet *r, size_t i)
{
	return (i + 1 < r->n ? r->off[i + 1] : r->tlen) - r->off[i] - 1;
}

#endif
