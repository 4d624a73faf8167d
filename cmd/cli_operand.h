#ifndef FDSS_CLI_OPERAND_H
#define FDSS_CLI_OPERAND_H

/*
 * The audit log as the commands print it (cli_audit.c), and the
 * operands naming people or households (cli_operand.c).  Included by
 * cli.h.
 */
#include "cli.h"

/* --- the audit log (fdss audit, fdss person show --history; cli_audit.c) */

/* The table columns of an audit listing. */
extern const char *const cli_audit_columns[];
extern const size_t cli_naudit_columns;

/*
 * Write the "audit" record of e to o in c's format: table and csv get
 * the one-line "change" and identifiers masked (unless --no-mask), jsonl
 * and json before and after whole; extra adds FDSS_AUDIT_JSON_* flags.
 * FDSS_OK, FDSS_ENOMEM or the writer's failure.
 */
int cli_print_audit(const struct cli *c, fdss_out *o,
		    const fdss_audit_entry *e, unsigned extra);

/*
 * Write rec (an entry with "changes", fdss_audit_to_json()) to stdout as
 * a table: its fields one to a line, then the difference field by field
 * under a header, before and after null as "-".  FDSS_OK, FDSS_ENOMEM or
 * the writer's failure.
 */
int cli_print_audit_table(const struct cli *c, const cJSON *rec);

/* A walk callback (arg is a struct cli_printer) writing an entry as
 * cli_print_audit() does. */
int cli_printer_audit(const fdss_audit_entry *e, void *arg);

/*
 * fdss person show --history: every audit entry about each person of ids
 * (as given: an ID number corrected away is still found), oldest first,
 * to stdout.  An ID number never seen is printed and gives 66 once all
 * are shown.  Returns the exit status.
 */
int cli_audit_history(const struct cli *c, fdss_db *db,
		      const char *const *ids, size_t n);

/*
 * fdss audit show: the entries of f numbered ids (checked entry numbers;
 * f->id is set to each in turn) whole, with their difference — as tables
 * (cli_print_audit_table(), a blank line between) in the table format,
 * else as records with "changes".  An entry not found is printed, "no
 * audit entry N", and ends the run with 66.  Returns the exit status.
 */
int cli_audit_show(const struct cli *c, fdss_db *db, fdss_audit_filter *f,
		   char **ids, int n);

/* --- operands naming people or households (cli_operand.c) ------------- */

/*
 * The operands of a command that names people or households: those on
 * the command line (either reading) and those given with --household or
 * --person (one reading), for fdss_operand_resolve().
 */
struct cli_operands {
	const char **names;	/* as given (borrowed from argv) */
	unsigned *accept;	/* FDSS_OPERAND_* each may be read as */
	fdss_operand *v;	/* what each names, by cli_operands_resolve() */
	size_t n, cap;
};

/* Add name, to be read as accept (FDSS_OPERAND_*); exits 70 when out of
 * memory. */
void cli_operands_add(const struct cli *c, struct cli_operands *ops,
		      const char *name, unsigned accept);

/*
 * Resolve every operand.  One that is both a person's ID number and a
 * household number is printed ("fdss-NAME: S: both ...: name it with
 * --person or --household") and 64 returned before anything is done;
 * one that names nothing is printed (its v[i].kind stays 0) and 66
 * returned once all are read; 0 when all were found, or the failure's
 * status (printed).
 */
int cli_operands_resolve(const struct cli *c, fdss_db *db,
			 struct cli_operands *ops);

/*
 * The ID numbers the resolved operands name, in order: a person's own, a
 * household's members of status ("active" or "all"), by ID number.
 * *ids is the caller's (cli_operands_free_ids()).  0, or the failure's
 * status (printed).
 */
int cli_operands_people(const struct cli *c, fdss_db *db,
			const struct cli_operands *ops, const char *status,
			char ***ids, size_t *n);
void cli_operands_free_ids(char **ids, size_t n);

/* The household numbers of the resolved operands that name something, in
 * order, into *nos (the caller frees the array, not the numbers, which
 * stay ops's); returns how many.  Exits 70 when out of memory. */
int cli_operands_households(const struct cli *c,
			    const struct cli_operands *ops, char ***nos);

/* Free what ops holds; it may be used again. */
void cli_operands_release(struct cli_operands *ops);

/*
 * --format xlsx, which person list and household list take besides the
 * common formats: returns 1 (c->format set) when opt is --format xlsx.
 * cli_check_xlsx() then exits 64 unless the verb is list and stdout is
 * not a terminal.
 */
int cli_option_xlsx(struct cli *c, int opt, const char *arg);
void cli_check_xlsx(const struct cli *c, const char *verb);

/*
 * Write the roster workbook of the people (by_household: the members of
 * the households) q selects to stdout (fdss_roster_sheet()), built in
 * $TMPDIR.  Returns the exit status, failures printed.
 */
int cli_roster_sheet(const struct cli *c, fdss_db *db,
		     const fdss_person_query *q, int by_household);


#endif
