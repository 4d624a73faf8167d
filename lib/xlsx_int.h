#ifndef FDSS_XLSX_INT_H
#define FDSS_XLSX_INT_H

/*
 * Private to the .xlsx reader: xlsx.c (the archive, the workbook, the
 * sheet stream), xlsx_parts.c (the styles and the shared strings) and
 * xlsx_pipe.c (the parsing thread).
 */
#include <expat.h>
#include <stdint.h>
#include <zip.h>

#include "sheet_int.h"

#define MAX_SHEETS 1024
#define MAX_TEXT (16u << 20)	/* the longest cell or shared string */
#define MAX_SST (1u << 30)	/* all shared strings together */

/* A growable text. */
struct text {
	char *p;
	size_t len, cap;
};

/* One .xlsx workbook being read (fdss_sheet's impl). */
struct xlsx {
	fdss_sheet *r;
	zip_t *zip;
	XML_Parser p;		/* the part being parsed */
	fdss_error *err;
	int rc;			/* a handler's failure */
	/* the workbook: sheets, relationships */
	char *names[MAX_SHEETS], *rids[MAX_SHEETS];
	size_t nsheets;
	char **rel_id, **rel_target, **rel_type;
	size_t nrels;
	char *office;		/* the workbook part's name */
	int date1904;
	/* shared strings: string i at sst.p + sstoff[i] (a registry
	 * export has several per row: its ID numbers and names) */
	struct text sst;
	uint32_t *sstoff;
	size_t nsst, sstcap;
	/* styles: is cell format i a date? */
	unsigned char *xfdate;
	size_t nxf, xfcap;
	unsigned *datefmts;	/* custom number formats that are dates */
	size_t ndatefmts, datefmtcap;
	int in_cellxfs;
	/* the sheet stream and where the parse is */
	zip_file_t *f;
	char *part;		/* the sheet's part name */
	int depth_rph;		/* inside <rPh> (phonetic text) */
	int in_text;		/* inside <v> or <t>: keep the text */
	int in_is;		/* inside <is> (an inline string) */
	struct text val;	/* the text of the cell or string */
	long row, next_row;
	size_t col;		/* the cell's column, the next one's */
	char ctype;		/* the cell's t=, as cell_type() says */
	long cstyle;		/* its s= */
	int row_ready, suspended, final, done;
	/* the rows: built here by the parsing thread (x->r points to it
	 * once the thread runs), handed over through the pipe */
	fdss_sheet build;
	struct xlsx_pipe *pipe;
	/* parse the sheet on to its next row, into x->r: FDSS_OK,
	 * FDSS_EOF, or FDSS_EDATA/FDSS_ENOMEM with err set (xlsx.c sets
	 * it at open; the pipe below calls back through it) */
	int (*parse_row)(struct xlsx *x, fdss_error *err);
};

/* An element's or attribute's name without its namespace prefix. */
const char *fdss__xlsx_local(const char *name);
/* The value of attribute name (local) in a, or NULL. */
const char *fdss__xlsx_attr(const char **a, const char *name);
/* Append s[0..n) to t, NUL-terminated.  FDSS_ENOMEM. */
int fdss__xlsx_text_add(struct text *t, const char *s, size_t n);
/* A handler's failure: keep the first ("NAME: " fmt with arg), stop. */
void fdss__xlsx_fail(struct xlsx *x, int rc, const char *fmt,
		     const char *arg);

/* xlsx_pipe.c: the rows parsed (x->parse_row) by a thread of their
 * own. */
struct xlsx_pipe;
int fdss__xlsx_next(fdss_sheet *r, fdss_error *err);
void fdss__xlsx_pipe_free(struct xlsx *x);

/* xlsx_parts.c: the expat handlers of the styles and shared strings. */
void fdss__xlsx_on_styles(void *ud, const XML_Char *el, const XML_Char **a);
void fdss__xlsx_on_styles_end(void *ud, const XML_Char *el);
void fdss__xlsx_on_sst(void *ud, const XML_Char *el, const XML_Char **a);
void fdss__xlsx_on_sst_end(void *ud, const XML_Char *el);

#endif
