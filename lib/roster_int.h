#ifndef FDSS_ROSTER_INT_H
#define FDSS_ROSTER_INT_H

/*
 * Private to the roster import, whose files call in one direction:
 * roster.c (the run) → roster_read.c (reading the rows, with
 * roster_shape.c) → roster_row.c (checking a row) → roster_chunk.c (the
 * rows waiting to be stored) → roster_store.c (storing them); all of them
 * over roster_util.c (text, statements, rejections) and roster_fields.c
 * (what a row means).
 */
#include "internal.h"

/* What an input column or JSON key can map to. */
enum roster_field {
	F_IGNORE = -2,		/* a known key that an import reads past */
	F_NONE = -1,		/* unmapped: kept verbatim in "extra" */
	F_HOUSEHOLD_NO, F_PERSON_NO, F_VILLAGE_CODE, F_COUNTY, F_TOWNSHIP,
	F_VILLAGE, F_NAME, F_ID_NUMBER, F_RELATION, F_ETHNICITY, F_EDUCATION,
	F_HEALTH, F_POVERTY_ATTR, F_POVERTY_EXIT_YEAR, F_PHONE, F_SEX,
	F_BIRTH_DATE, F_ADDRESS, F_HEALTH_RECORD_NO, F_INSURANCE_NO,
	F_DISABLED, F_LOW_INCOME, F_SPECIAL_FAMILY, F_SERIOUS_ILLNESS,
	F_CONDITIONS, F_EXTRA,
	NFIELDS
};

#define ROSTER_MAX_RENAMES 64

struct roster_rename {
	char column[128];
	int field;
};

/* How columns map to fields: English names, the preset, --map. */
struct roster_map {
	int preset;			/* poverty-registry headers known */
	struct roster_rename renames[ROSTER_MAX_RENAMES];
	size_t nrenames;
};

/* A cell: not NUL-terminated after trimming. s NULL: column absent. */
struct roster_val {
	const char *s;
	size_t n;
};

/* One input row, by field. */
struct roster_row {
	struct roster_val v[NFIELDS];
	const char *label[NFIELDS];	/* the input's name for the field */
	unsigned conditions;		/* from a JSON "conditions" array */
};

/* What the checks of a row derive. */
struct roster_person {
	fdss_id_info id;		/* normalised number, sex, birth */
	char birth[FDSS_DATE_BUFSZ];	/* "YYYY-MM-DD" */
	int disabled, serious_illness, special_family, poverty, low_income;
	int exit_year;			/* 0: none */
	unsigned conditions;		/* enum fdss_condition bits */
	int id_normalised;		/* the ID number was typed otherwise */
};

int roster_map_init(struct roster_map *m, const char *preset,
		    const char *map, fdss_error *err);
/* The field of column (enum roster_field), F_NONE if unmapped. */
int roster_map_field(const struct roster_map *m, const char *column);
const char *roster_field_name(int field);
/* Is relation s[0..n) the household head's own (户主, 本人)? */
int roster_relation_is_head(const char *s, size_t n);

/* Trim the blanks around every present cell. */
void roster_row_trim(struct roster_row *row);

/*
 * Check one row at reference date ref and derive p.  FDSS_EDATA with
 * "LABEL 'VALUE': why" in err.  Village resolution is the caller's.
 */
/*
 * Whether code s (n bytes) is a stored village, as an import checks a
 * village_code: 1; 0 with *why ("12 digits expected", "no such village
 * ..."); a failure (negative, on the handle).
 */
int fdss__roster_village_known(fdss_db *db, const char *s, size_t n,
			       const char **why);

/*
 * One person field's value (field: "name", "relation",
 * "poverty_exit_year", "disabled", "low_income", "special_family",
 * "serious_illness", or any other as free text) checked as an import
 * checks its cell, blanks trimmed: the stored form into out (size n;
 * a flag "0" or "1", no year ""), or FDSS_EDATA "field 'value': why" in
 * err.  fix.c's rule for the same fields.
 */
int fdss__roster_field_value(const char *field, const char *s, fdss_date ref,
			     char *out, size_t n, fdss_error *err);

int roster_row_check(const struct roster_row *row, fdss_date ref,
		     struct roster_person *p, fdss_error *err);

/* --- the run (roster.c, roster_row.c, roster_store.c) ---------------- */

/* Person columns that an import writes, in the order of the SQL
 * in roster_store.c. */
enum pcol {
	P_NAME, P_SEX, P_BIRTH, P_HOUSEHOLD, P_RELATION, P_PERSON_NO,
	P_ETHNICITY, P_EDUCATION, P_HEALTH, P_PHONE, P_RECORD_NO,
	P_INSURANCE_NO, P_DISABLED, P_SERIOUS, P_SPECIAL, P_POVERTY,
	P_POVERTY_ATTR, P_EXIT_YEAR, P_LOW_INCOME, P_EXTRA,
	NPCOLS
};

/* The person columns stored as integers. */
#define INT_COLS ((1u << P_DISABLED) | (1u << P_SERIOUS) | (1u << P_SPECIAL) | \
		  (1u << P_POVERTY) | (1u << P_EXIT_YEAR) | (1u << P_LOW_INCOME))

/* Values of the person columns; NULL is SQL NULL. */
struct pvals {
	const char *v[NPCOLS];
	unsigned present;	/* bits of the columns the input has */
};

/* Rows in a chunk, and the bytes of their texts. */
#define CHUNK_ROWS 65536
#define CHUNK_BYTES (48u << 20)

enum outcome { INSERTED, UPDATED, UNCHANGED };

/*
 * A row of the chunk.  Texts are offsets into the chunk's buffer plus
 * one (0: none), as the buffer moves when it grows.
 */
struct staged {
	long line;
	size_t raw, rawlen;	/* the row as read, for a rejection */
	size_t reason;		/* why it was rejected; 0: accepted */
	char id[FDSS_ID_BUFSZ];
	char village[13];
	size_t v[NPCOLS];	/* the person's column values */
	unsigned present;	/* bits of the columns the input has */
	unsigned conditions;	/* derived from the row's cells */
	unsigned row_conditions; /* from a JSON "conditions" array */
	size_t label;		/* the input's name for the ID number */
	size_t household, address, poverty_attr;
	unsigned char has_address, has_poverty_attr;
	unsigned char first;	/* the run's first row of its household */
	unsigned char head;	/* the head's own row (户主, 本人) */
	unsigned char normalised; /* values normalised (roster_shape.c) */
	enum outcome outcome;
};

/* The cache of village names already resolved (bounded). */
#define VCACHE 65536

struct vcache_entry {
	char *key;		/* county \x1f township \x1f village */
	char code[13];		/* "" when not found */
	char *error;		/* why not, when not found */
};

/* A table's shape (roster_shape.c): header, footers, merged cells,
 * typing variants. */
struct roster_shape {
	long header_line;	/* the header's line (a sheet's row) */
	long footers;		/* footer rows skipped */
	long best_line;		/* the nearest to a header yet, */
	int best, best_missing;	/* its required columns, the first missing */
	unsigned char *fill;	/* per column: filled down when blank */
	size_t nfill;		/* columns filled down */
	fdss_jbuf *above;	/* per column: the value of the row above */
	size_t hcol, rcol;	/* household and relation columns */
	int active;		/* there is a household above */
	long bad;		/* line of its rejected head or first row */
	int began, head;	/* the row began a household; is a head's */
	int filled, hfilled;	/* cells filled in the row; its household */
	int nomem;
	fdss_jbuf hh, cur;	/* household above, the row's: normalised */
	fdss_jbuf raw;		/* the row rebuilt with its filled cells */
	fdss_jbuf norm;	/* the row's normalised values */
	struct roster_val orig[NFIELDS]; /* as typed, where normalised */
	unsigned nnorm;		/* values normalised in the row */
	fdss_jbuf tmp;
};

/* One run of the import, from the first row to the last. */
struct import {
	fdss_db *db;
	const fdss_import_opts *o;
	fdss_import_stats *st;
	struct roster_map map;
	const char *name;	/* input name for messages */
	fdss_decoder *dec;	/* the input, for its byte count */
	fdss_sheet *sheet;	/* its rows (NULL for JSON lines) */
	int64_t batch;		/* this run's import_batch id */
	long line;		/* line of the current row */
	struct roster_row row;
	struct roster_person person;
	char village[13];	/* the row's resolved village code */
	char numbuf[NFIELDS][32]; /* JSON numbers and booleans as text */
	fdss_jbuf extra;	/* unmapped cells of the row as a JSON object */
	int has_extra;		/* the input has unmapped columns */
	char *merged;		/* extra merged with the stored one */
	/* CSV: field of each column, escaped JSON names of unmapped ones */
	int *colfield;
	char **colname;
	char **colhead;		/* the header's cells, for messages */
	size_t ncols;
	struct roster_val *cells; /* the current row's cells, by column */
	size_t cellcap;
	struct roster_shape shape;
	/* the last household checked, to skip checks for its next members */
	fdss_jbuf last_household;
	char last_village[13];
	struct vcache_entry vcache[VCACHE];
	size_t nvcache;
	/* old row values, copied out of SQLite */
	fdss_jbuf old;
	const char *oldv[NPCOLS];
	fdss_jbuf hh_old;	/* the stored household, copied out */
	fdss_jbuf audit_before, audit_after;
	fdss_error err;		/* the reason of the current rejection */
	/* the chunk of rows waiting to be stored */
	struct staged *chunk;
	struct staged **order;
	size_t nchunk;
	fdss_jbuf text;
	struct staged *cur;	/* the row being stored */
	fdss_jbuf scratch;	/* the person values of the row being checked */
	fdss_jbuf flush_household; /* household of the last row stored */
};

/* "row" in messages about a workbook's rows, "line" in a text's. */
#define ROSTER_LINE_WORD(im) \
	((im)->sheet && fdss_sheet_title((im)->sheet) ? "row" : "line")

/* A text of the chunk (offset + 1, 0: NULL). */
static inline const char *roster_txt(const struct import *im, size_t off)
{
	return off ? im->text.s + off - 1 : NULL;
}

/* roster_util.c: below every other file of the import */

/* Append s[0..n) to b, NUL-terminated.  FDSS_ENOMEM. */
int fdss__roster_buf_add(fdss_jbuf *b, const char *s, size_t n);
/* Append the string s.  FDSS_ENOMEM. */
int fdss__roster_buf_str(fdss_jbuf *b, const char *s);
/* Append s[0..n) as a JSON string literal.  FDSS_ENOMEM. */
int fdss__roster_buf_json_string(fdss_jbuf *b, const char *s, size_t n);

/* Step st once and reset it; a failure is "what: ..." on the handle. */
int fdss__roster_step_done(struct import *im, sqlite3_stmt *st,
			   const char *what);
/* Bind s, or NULL, as parameter i of st (not copied); SQLite's result. */
int fdss__roster_bind_str(sqlite3_stmt *st, int i, const char *s);
/* A failed bind (sqlite_rc) of st: "what: ..." on the handle, st reset. */
int fdss__roster_bind_fail(struct import *im, sqlite3_stmt *st,
			   int sqlite_rc, const char *what);

/* Reject the current row: the message in im->err, FDSS_EDATA. */
int fdss__roster_reject(struct import *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The input's name for field f, else its English name. */
const char *fdss__roster_label(struct import *im, int f);

/* roster_row.c */

/* The new values of the person columns of the checked row. */
int fdss__roster_person_values(struct import *im, struct pvals *pv);
/* Empty the cache of village names. */
void fdss__roster_vcache_clear(struct import *im);
/* Check the row in im->row and stage it (raw for the rejects file).
 * FDSS_EDATA: rejected, the reason in im->err. */
int fdss__roster_check_row(struct import *im, const char *raw, size_t rawlen);
/* After a row read with rc: a rejection is staged, a full chunk stored,
 * the progress told now and then. */
int fdss__roster_row_done(struct import *im, int rc, const char *raw,
			  size_t rawlen);

/* roster_read.c */

/* Read, check and store every row of the input in (CSV or JSON lines). */
int fdss__roster_read_csv(struct import *im, FILE *in);
/* Read, check and store every row of a CSV text or workbook sheet. */
int fdss__roster_read_sheet(struct import *im, fdss_sheet *r);
int fdss__roster_read_jsonl(struct import *im, FILE *in);

/* roster_shape.c: over the cells of a row, whatever read them */

/* 1 if every cell is blank (spaces, U+3000, U+00A0). */
int fdss__shape_blank_row(const struct roster_val *c, size_t n);
/* The first required field that no cell names (F_VILLAGE_CODE: the
 * village), -1 if the row is a header; *found (may be NULL): how many
 * of the five (ID, name, relation, household, village) it names. */
int fdss__shape_header_missing(const struct roster_map *m,
			       const struct roster_val *c, size_t n,
			       int *found);
/* A record before the header, on line (0: the input ended) with n
 * cells: *header when it is the header (--header-row, or the first of
 * lines 1-20 that names the required columns).  FDSS_EDATA, with the
 * message on the handle, when none can be any more. */
int fdss__shape_header_step(struct import *im, long line,
			    const struct roster_val *c, size_t n, int *header);
/* Is the row below the header a footer (合计, 制表人 ...)? */
int fdss__shape_is_footer(struct import *im, const struct roster_val *c,
			  size_t n);
/* Is a row below the header no row of the roster: blank, or a footer
 * (counted)? */
int fdss__shape_skip(struct import *im, const struct roster_val *c, size_t n);
/* After the header: the columns filled down (the preset's household
 * columns, --fill-down).  FDSS_EDATA for an unknown --fill-down name. */
int fdss__shape_fill_init(struct import *im);
/* Fill the row's blank cells from the household above (c has ncols
 * cells).  FDSS_EDATA: rejected (im->err). */
int fdss__shape_fill(struct import *im, struct roster_val *c);
/* After a row: was it rejected?  A broken row (unreadable, ragged)
 * leaves nothing to fill from. */
void fdss__shape_row_end(struct import *im, int rejected);
void fdss__shape_row_broken(struct import *im);
/* The row as CSV with its filled cells, when any was filled. */
int fdss__shape_raw(struct import *im, const struct roster_val *c,
		    const char **raw, size_t *rawlen);
/* Normalise the household number and phone of im->row (trimmed). */
int fdss__shape_normalise(struct import *im);
/* After the row's checks: note what was normalised in its extra. */
int fdss__shape_record(struct import *im);
void fdss__shape_release(struct import *im);

/* roster_chunk.c */

/* Add the checked current row to the chunk; first: the run's first
 * row of its household. */
int fdss__roster_stage_row(struct import *im, const char *raw,
			   size_t rawlen, const struct pvals *pv, int first);
/* Add the rejected current row, its reason in im->err. */
int fdss__roster_stage_reject(struct import *im, const char *raw,
			      size_t rawlen);
/* Store the chunk and empty it. */
int fdss__roster_flush(struct import *im);

/* roster_store.c */

/* Store the person of row im->cur: insert, or update what changed;
 * FDSS_EDATA: rejected (a duplicate, a renaming), the reason in im->err. */
int fdss__roster_person_write(struct import *im, enum outcome *out);
/* Store the household of row s (its first, or its head's). */
int fdss__roster_household_write(struct import *im, const struct staged *s);

#endif
