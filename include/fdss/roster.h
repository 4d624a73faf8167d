#ifndef FDSS_ROSTER_H
#define FDSS_ROSTER_H

#include <stdint.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "date.h"
#include "db.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Roster import: households and people from CSV, JSON lines or a
 * workbook's sheet (.xlsx, .xls; see sheet.h), validated
 * row by row, upserted by ID number, in one transaction.  Valid rows are
 * stored, invalid ones rejected with their reason; an import is recorded
 * in import_batch.
 */

enum fdss_import_format {
	FDSS_IMPORT_CSV = 1,
	FDSS_IMPORT_JSONL = 2,
	FDSS_IMPORT_XLSX = 3,	/* a sheet of an .xlsx workbook */
	FDSS_IMPORT_XLS = 4	/* a sheet of an .xls workbook */
};

/* A rejected input row, passed to the reject callback. */
typedef struct fdss_import_reject {
	long line;		/* where the row starts in the input */
	const char *message;	/* "roster.csv:812: 证件号码 '…': check
				 * character should be 'X', not '3'" */
	const char *reason;	/* the same without "file:line: " */
	const char *raw;	/* the row's text as decoded (UTF-8),
				 * without its line end */
	size_t rawlen;
} fdss_import_reject;

typedef struct fdss_import_opts {
	const char *name;	/* input name for messages and the batch */
	int format;		/* enum fdss_import_format */
	const char *encoding;	/* "utf-8" (NULL), "gb18030", "gbk" */
	const char *preset;	/* NULL or "poverty-registry" */
	const char *map;	/* "COLUMN=field,…" renames, or NULL */
	int atomic;		/* any rejected row rolls everything back */
	int dry_run;		/* validate and count, store nothing */
	fdss_date ref;		/* reference date (birth dates not after it) */
	/* Called for each rejected row (may be NULL). */
	void (*reject)(void *arg, const fdss_import_reject *r);
	/* Called with the CSV header line before the first reject (NULL
	 * for JSON lines), so a rejects file can start with it. */
	void (*header)(void *arg, const char *raw, size_t rawlen);
	/* Called now and then with rows and bytes read so far (may be NULL). */
	void (*progress)(void *arg, long rows, long long bytes);
	void *arg;
	/* A row whose name differs from the stored person's (same ID
	 * number) renames the person; without it the row is rejected. */
	int accept_renames;
	/* Tables: the header's line (a sheet's row), 0 to find it in the
	 * first 20; "COLUMN,…" filled down when blank (the preset's
	 * household columns are); NULL: none. */
	long header_row;
	const char *fill_down;
	/* A workbook's sheet: its name, or its number from 1 when no
	 * sheet has that name; NULL for the first. */
	const char *sheet;
} fdss_import_opts;

#define FDSS_IMPORT_OPTS_INIT { NULL, FDSS_IMPORT_CSV, NULL, NULL, NULL, \
				0, 0, 0, NULL, NULL, NULL, NULL, 0, 0, NULL, \
				NULL }

typedef struct fdss_import_stats {
	long read;		/* data rows read */
	long inserted;		/* new people */
	long updated;		/* people whose stored record changed */
	long unchanged;		/* people already stored exactly so */
	long rejected;		/* rows rejected */
	long households;	/* distinct households among accepted rows */
	int64_t batch_id;	/* import_batch id (0 for a dry run); with
				 * fdss_db_defer_commit(), the id it has
				 * once the caller commits */
	char sha256[65];	/* of the raw input bytes */
	long header_row;	/* the header's line (0: JSON lines) */
	long footers;		/* footer rows skipped (合计, 制表人 …) */
	long normalised;	/* values normalised in the rows stored */
} fdss_import_stats;

/*
 * Import the roster read from in (not closed) as o describes.  Returns
 * FDSS_OK when the run was committed, even with rejected rows (see
 * stats->rejected); FDSS_EDATA when the input cannot be read as a whole
 * (bad encoding, no usable header, a header but no rows, no records,
 * unknown --map field) or, with o->atomic, when a row was rejected —
 * then nothing is stored;
 * FDSS_EINVAL for bad options; FDSS_EBUSY, FDSS_EIO.  The message is on
 * the handle.  stats (may be NULL) is filled in either case.  With
 * fdss_db_defer_commit() the commit is left to the caller.
 */
int fdss_import_roster(fdss_db *db, FILE *in, const fdss_import_opts *o,
		       fdss_import_stats *stats);

/*
 * The format of the input path (open as f): chosen when not 0, else
 * JSON lines for .jsonl, .ndjson and .json, a workbook for .xlsx and .xls
 * (any case), CSV for another name, and for "-" (stdin) JSON lines when
 * its first byte is '{' (put back on f), else CSV.
 */
int fdss_import_format_guess(int chosen, const char *path, FILE *f);

/*
 * The --summary record of an import run: {"type":"import","file":NAME,
 * "batch":N|null,"read":N,"inserted":N,"updated":N,"unchanged":N,
 * "rejected":N,"households":N,"header_row":N|null,"footers":N,
 * "normalised":N,"sha256":HEX,"dry_run":B}, the caller's to free; NULL
 * when out of memory.
 */
cJSON *fdss_import_summary_json(const fdss_import_opts *o,
				const fdss_import_stats *s);

/* The relations to the household head that a roster may name. */
int fdss_relation_valid(const char *s);

#ifdef __cplusplus
}
#endif

#endif
