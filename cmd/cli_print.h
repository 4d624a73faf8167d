#ifndef FDSS_CLI_PRINT_H
#define FDSS_CLI_PRINT_H

/*
 * The output of a command (cli_print.c): the writer to stdout, the one
 * printer of the listings, the final check of stdout.  Included by cli.h.
 */
#include "cli.h"

/* A writer to stdout in the chosen format; exits 70 when out of memory. */
fdss_out *cli_output(const struct cli *c);

/*
 * Write a "contract" (status at ref) or "person" (age at ref) record to
 * o, from the codec's text: FDSS_OK, FDSS_ENOMEM or FDSS_EIO.
 */
int cli_print_contract(fdss_out *o, const fdss_contract *k, fdss_date ref);
int cli_print_person(fdss_out *o, const fdss_person *p, fdss_date ref);

/*
 * The printer of a listing: the writer, and why the walk of records
 * stopped, if it did.  The walk's callbacks write through it
 * (cli_printer_record(), cli_printer_person(), cli_printer_contract());
 * cli_printer_end() ends the walk.
 */
struct cli_printer {
	const struct cli *c;
	fdss_out *o;		/* cli_output() */
	fdss_date ref;		/* ages and statuses at this day (--as-of) */
	int rc;			/* the last write's result */
};

/* The number of columns in an array of them. */
#define CLI_NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* The table columns of a person (person list, household show's members);
 * jsonl, json and csv carry every key. */
#define CLI_PERSON_NCOLS 11
extern const char *const cli_person_columns[CLI_PERSON_NCOLS];

/* Start pr on stdout in c's format, with columns (may be NULL) for the
 * table format; exits 70 when out of memory. */
void cli_printer_init(struct cli_printer *pr, const struct cli *c,
		      const char *const *columns, size_t ncolumns);

/* Write rec to o and free it (NULL: out of memory): FDSS_OK, FDSS_ENOMEM
 * or the writer's failure.  cli_printer_record() keeps that in pr->rc. */
int cli_out_record(fdss_out *o, cJSON *rec);
int cli_printer_record(struct cli_printer *pr, cJSON *rec);

/* Walk callbacks (arg is the struct cli_printer) writing a person or a
 * contract at pr->ref, as cli_print_person() and cli_print_contract(). */
int cli_printer_person(const fdss_person *p, void *arg);
int cli_printer_contract(const fdss_contract *k, void *arg);

/* End the walk that returned rc: cli_finish() with cli_walk_status(). */
int cli_printer_end(struct cli_printer *pr, fdss_db *db, int rc);

/*
 * Print what get (fdss_person_get() and the like, writing through pr)
 * finds for each of names in turn: one that finds nothing is printed
 * (the library's message) and gives 66 once all are tried; another
 * failure ends the walk.  Finishes pr; returns the exit status.
 */
int cli_printer_each(struct cli_printer *pr, fdss_db *db,
		     int (*get)(fdss_db *db, const char *name, void *pr),
		     const char *const *names, size_t n);

/*
 * Finish and free o (may be NULL), flush stdout and check it for errors.
 * Returns status unchanged, or 74 if stdout could not be written.
 */
int cli_finish(const struct cli *c, fdss_out *o, int status);

#endif
