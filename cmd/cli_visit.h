#ifndef FDSS_CLI_VISIT_H
#define FDSS_CLI_VISIT_H

/*
 * Visits as fdss followup takes and prints them (cli_visit.c): the
 * options of one visit, a batch of visits, the records it prints.
 * Included by cli.h.
 */
#include "cli.h"

/*
 * The fields of one visit that options give, --NAME VALUE becoming
 * "key": VALUE: X(first, i, NAME, key, kind) for each, kind TEXT,
 * NUMBER (in decimal) or FLAG (no value: true).  One list for the
 * option table's rows and cli_visit_option().
 */
#define CLI_VISIT_FIELDS(X, first) \
	X(first, 0, "adverse-reaction", "adverse_reaction", FLAG) \
	X(first, 1, "date", "date", TEXT) \
	X(first, 2, "dbp", "dbp", NUMBER) \
	X(first, 3, "doctor", "doctor", TEXT) \
	X(first, 4, "doses-due", "doses_due", NUMBER) \
	X(first, 5, "doses-taken", "doses_taken", NUMBER) \
	X(first, 6, "emergency", "emergency", FLAG) \
	X(first, 7, "fpg", "fpg", NUMBER) \
	X(first, 8, "heart-rate", "heart_rate", NUMBER) \
	X(first, 9, "insight", "insight", TEXT) \
	X(first, 10, "mode", "mode", TEXT) \
	X(first, 11, "new-complication", "new_complication", FLAG) \
	X(first, 12, "phase", "phase", TEXT) \
	X(first, 13, "risk-level", "risk_level", NUMBER) \
	X(first, 14, "sbp", "sbp", NUMBER) \
	X(first, 15, "social-function", "social_function", TEXT) \
	X(first, 16, "supervisor", "supervisor", TEXT) \
	X(first, 17, "symptoms", "symptoms", TEXT) \
	X(first, 18, "temperature", "temperature", NUMBER)

/* The option of a field: no help line (the usage tells of them). */
#define CLI_VISIT_OPT(first, i, name, key, kind) \
	{ name, CLI_VISIT_ARG_##kind, (first) + (i), NULL, "" },
#define CLI_VISIT_ARG_TEXT required_argument
#define CLI_VISIT_ARG_NUMBER required_argument
#define CLI_VISIT_ARG_FLAG no_argument

/* The rows of a command's option table for the fields of a visit,
 * their getopt values first, first + 1 ... in the order above. */
#define CLI_VISIT_OPTIONS(first) CLI_VISIT_FIELDS(CLI_VISIT_OPT, first)

/* Set field i (the option's value less first) of the visit obj to arg,
 * replacing it if given before; exits 64 when a number is not one. */
void cli_visit_option(const struct cli *c, cJSON *obj, int i,
		      const char *arg);

/* The table columns of visits and of the follow-ups due. */
extern const char *const cli_visit_columns[];
extern const size_t cli_nvisit_columns;
extern const char *const cli_due_columns[];
extern const size_t cli_ndue_columns;

/* The walk callback writing a follow-up due (arg is the fdss_out):
 * FDSS_OK or the writer's failure. */
int cli_due_print(const fdss_due *d, void *arg);

/*
 * fdss followup record: the visit one (a record; NULL: the JSON lines
 * on stdin) in a batch with o, whose callbacks are set here, each
 * visit stored written to r's writer, each rejected to --rejects; then
 * "fdss-followup: read N, recorded N, ...", --summary and the commit
 * (*stored set).  Returns the exit status: 65 when a visit was
 * rejected.
 */
int cli_visit_record(struct cli_batch *r, fdss_followup_opts *o,
		     const cJSON *one, int *stored);

/*
 * fdss followup list: the visits of program (0: all) of the person, or
 * of each member of the household, that ops names, to r's writer.
 * Returns the exit status: 66 for an operand that names no one.
 */
int cli_visit_list(struct cli_batch *r, struct cli_operands *ops,
		   int program);

#endif
