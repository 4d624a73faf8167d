#ifndef FDSS_CLI_VERB_H
#define FDSS_CLI_VERB_H

/*
 * The verbs of a command (cli_verb.c): "fdss fee list", "fdss team
 * member add T01".  A command keeps a table of its verbs, each with its
 * checks and its run; cli_verb() finds the verb and checks it, and
 * cli_verb_run() opens the database and runs it.  Included by cli.h.
 */
#include "cli.h"

/* What a verb's check and run are given. */
struct cli_verb_run {
	struct cli *c;
	fdss_db *db;		/* the database (NULL in check) */
	void *arg;		/* the command's own: what its options asked */
	int nargs;		/* the operands after the verb */
	char **args;
};

/* One verb of a command; a table of them ends with CLI_VERB_END. */
struct cli_verb {
	const char *name;	/* "list", or two words: "member add" */
	int nargs;		/* the operands it takes; -1: check() counts
				 * them */
	/* exit 64 when the options or the operands do not fit the verb
	 * (may be NULL) */
	void (*check)(const struct cli_verb_run *r);
	/* run the verb: the exit status */
	int (*run)(const struct cli_verb_run *r);
	const char *second;	/* two words: the message when the first is
				 * not followed by one of the seconds */
};

#define CLI_VERB_END { NULL, 0, NULL, NULL, NULL }

/*
 * The verb at argv[optind] in verbs, optind moved past it (both words of
 * a verb of two): exits 64 "no command given" when there is none, and
 * with the verb's message (second) when a first word is not followed by
 * a second of the table.  NULL when the verb is none of the table's
 * (argv[optind - 1] then).
 */
const struct cli_verb *cli_verb_find(struct cli *c,
				     const struct cli_verb *verbs, int argc,
				     char **argv);

/*
 * Check v (from cli_verb_find()) with its operands, argv from optind:
 * exits 64 "unknown command 'V'" when v is NULL, "'V' with N arguments"
 * when the count is not v->nargs, or in v->check().
 */
void cli_verb_check(struct cli *c, const struct cli_verb *v, void *arg,
		    int argc, char **argv);

/* cli_verb_find() and cli_verb_check(): the verb, checked. */
const struct cli_verb *cli_verb(struct cli *c, const struct cli_verb *verbs,
				void *arg, int argc, char **argv);

/* cli_verb() for a command whose verbs each take a fixed count of
 * operands: a verb not in the table is told as one with the wrong count,
 * "'V' with N arguments" (as referral and condition do). */
const struct cli_verb *cli_verb_counted(struct cli *c,
					const struct cli_verb *verbs,
					void *arg, int argc, char **argv);

/* Exit 64 with "'V' with N argument(s)": verb given with the wrong
 * number of operands (or a verb the command does not have). */
void cli_verb_args_error(struct cli *c, const char *verb, int nargs)
	__attribute__((noreturn));

/*
 * Run the checked verb v with its operands (argv from optind): the
 * defaults of the run (cli_defaults()), the database opened, v->run,
 * the database closed.  Returns the exit status.
 */
int cli_verb_run(struct cli *c, const struct cli_verb *v, void *arg,
		 int argc, char **argv);

#endif
