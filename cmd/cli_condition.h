#ifndef FDSS_CLI_CONDITION_H
#define FDSS_CLI_CONDITION_H

/*
 * Conditions as fdss condition adds and prints them (cli_condition.c).
 * Included by cli.h.
 */
#include "cli.h"

/* The table columns of a condition. */
extern const char *const cli_condition_columns[];
extern const size_t cli_ncondition_columns;

/* A walk callback (arg is the struct cli_printer) writing a condition. */
int cli_printer_condition(const fdss_condition_entry *e, void *arg);

/* Write the condition (id, kind) as it is now through pr: FDSS_OK, the
 * write's failure (kept in pr->rc) or the library's. */
int cli_condition_print(struct cli_printer *pr, fdss_db *db, const char *id,
			const char *kind);

/*
 * "fdss-condition: read N, added N, reactivated N, ended N, unchanged
 * N, rejected N" with note on stderr, and the --summary record; for add
 * (stored not NULL), cli_batch_close(), the commit.  Returns the exit
 * status.
 */
int cli_condition_summary(struct cli_batch *r, const fdss_condition_stats *st,
			  long ended, const char *note, int *stored);

/*
 * fdss condition add: the condition of the operands (nargs 2: ID_NUMBER
 * KIND, diagnosed since), or the JSON lines on stdin, in a batch with o,
 * whose callbacks are set here; each condition added printed through pr,
 * each rejected to --rejects; then the summary and the commit.  An
 * operand that is refused fails the run with the refusal's own status
 * (65, or 66 for an unknown person), without a summary.  Returns the
 * exit status.
 */
int cli_condition_add(struct cli_batch *r, struct cli_printer *pr,
		      fdss_condition_opts *o, char **args, int nargs,
		      fdss_date since, int *stored);

#endif
