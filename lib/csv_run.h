/*
 * csv_run.h: the one driver of a CSV file import (area and population):
 * open, read the header, read the rows, reject, count, roll back under
 * --atomic and finish.  A module embeds struct fdss__csv_run first in its
 * own state and keeps only its columns, its rows and its wording.
 */
#ifndef FDSS_CSV_RUN_H
#define FDSS_CSV_RUN_H

#include <stdio.h>

#include "internal.h"

/* The counts of one file (the shape of fdss_area_stats and
 * fdss_population_stats). */
struct fdss__csv_counts {
	long read, inserted, updated, unchanged, rejected;
};

struct fdss__csv_run {
	fdss_db *db;
	fdss_csv *csv;
	const char *file;	/* name for messages */
	size_t nheader;		/* fields in the header */
	struct fdss__csv_counts st;
	fdss_error err;		/* the message of a rejected row */
	fdss_reject_fn reject;
	void *arg;
	/* what an empty file lacks: "expected a header with ..." */
	const char *expected;
	/* find the columns in the header record (fdss__db_fail on error) */
	int (*header)(struct fdss__csv_run *r);
	/* check the current row: FDSS_EDATA with err rejects it */
	int (*check)(struct fdss__csv_run *r);
	/* store the row check accepted, counting it */
	int (*store)(struct fdss__csv_run *r);
};

/* Import file f (name for messages, NULL: "<input>") into r->db in one
 * transaction, or a savepoint in the caller's; atomic: any rejected row
 * rolls back all.  The caller fills db, reject, arg, expected and the
 * three functions. */
int fdss__csv_run(struct fdss__csv_run *r, FILE *f, const char *name,
		  int atomic);

/* Trim ASCII blanks around s[0..*n). */
const char *fdss__csv_trim(const char *s, size_t *n);

/* Add counts from (struct fdss__csv_counts) to *to (a public stats). */
#define FDSS__CSV_COUNTS_ADD(to, from)                                      \
	((to)->read += (from).read, (to)->inserted += (from).inserted,      \
	 (to)->updated += (from).updated,                                   \
	 (to)->unchanged += (from).unchanged,                               \
	 (to)->rejected += (from).rejected)

#endif
