#ifndef FDSS_CLI_H
#define FDSS_CLI_H

/*
 * What every fdss-NAME program shares: the common options, defaults from
 * the environment, the exit-status mapping, messages, the database and
 * the output writer.  Commands include only <fdss/...> and this header.
 */
#include <getopt.h>
#include <stdio.h>
#include <fdss/fdss.h>

/* Exit statuses (sysexits), mapped from enum fdss_rc in cli_exit_code(). */
enum cli_exit {
	EXIT_OK = 0,
	EXIT_NO = 1,		/* a documented "no" answer */
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,
	EXIT_NOINPUT = 66,
	EXIT_UNAVAILABLE = 69,
	EXIT_SOFTWARE = 70,
	EXIT_IOERR = 74,
	EXIT_TEMPFAIL = 75,
	EXIT_CONFIG = 78
};

/* getopt values of the common long options (no short forms but -h). */
enum cli_opt {
	CLI_OPT_DB = 0x100,
	CLI_OPT_AS_OF,
	CLI_OPT_FORMAT,
	CLI_OPT_OPERATOR,
	CLI_OPT_NO_MASK,
	CLI_OPT_BOM,
	CLI_OPT_VERSION,
	CLI_OPT_LIST_OPTIONS,
	CLI_OPT_BUSY_TIMEOUT,
	CLI_OPT_OUTPUT,
	CLI_OPT_FIRST_OWN	/* commands number their own options from here */
};

/* The common options, to end every command's option table. */
#define CLI_COMMON_OPTIONS \
	{ "as-of", required_argument, NULL, CLI_OPT_AS_OF }, \
	{ "bom", no_argument, NULL, CLI_OPT_BOM }, \
	{ "busy-timeout", required_argument, NULL, CLI_OPT_BUSY_TIMEOUT }, \
	{ "db", required_argument, NULL, CLI_OPT_DB }, \
	{ "format", required_argument, NULL, CLI_OPT_FORMAT }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "list-options", no_argument, NULL, CLI_OPT_LIST_OPTIONS }, \
	{ "no-mask", no_argument, NULL, CLI_OPT_NO_MASK }, \
	{ "operator", required_argument, NULL, CLI_OPT_OPERATOR }, \
	{ "output", required_argument, NULL, CLI_OPT_OUTPUT }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }, \
	{ NULL, 0, NULL, 0 }

/*
 * One option of a command, in the manner of git's parse-options: the
 * table gives getopt_long() its options, --help its option lines (in
 * table order) and --list-options its names (sorted, then the common
 * ones).  help NULL: the option shares the help line of the one before
 * ("--csv, --jsonl   input format"); "": no line (the prose tells of
 * it).  Lines of help after the first are indented to the column of the
 * first.  OPT_HELP is a line of help alone (a common option's meaning
 * for this command, a second meaning), OPT_GROUP text printed as it is
 * between the lines, setting their column after it.
 */
struct cli_optdef {
	const char *name;	/* the long name; NULL: a group or the end */
	int has_arg;		/* no_argument or required_argument */
	int val;		/* what cli_getopt() returns for it (0: a
				 * line of help only; a group: the column) */
	const char *argh;	/* "FILE" in the help line, or NULL */
	const char *help;	/* its help, or NULL / "" (see above) */
};

#define OPT_STRING(name, val, argh, help) \
	{ name, required_argument, val, argh, help }
#define OPT_FLAG(name, val, help) { name, no_argument, val, NULL, help }
#define OPT_HELP(name, argh, help) { name, no_argument, 0, argh, help }
#define OPT_GROUP(text, width) { NULL, no_argument, width, NULL, text }
#define OPT_END { NULL, 0, 0, NULL, NULL }

/* --rejects FILE and --summary FILE of a batch command (cli_batch.c). */
#define OPT_BATCH_OUTPUTS(rejects, summary) \
	OPT_STRING("rejects", rejects, "FILE", \
		   "write rejected records there with an \"error\" key"), \
	OPT_STRING("summary", summary, "FILE", \
		   "write the counts there as JSON")

struct cli;
struct cli_verb;

/* One command's static description. */
struct cli_cmd {
	const char *name;		/* "fdss-area" */
	const char *usage;		/* the man page SYNOPSIS, lines joined */
	const char *help;		/* prose printed after usage, before
					 * the option lines of opts */
	const char *const *verbs;	/* NULL-terminated, or NULL */
	/* the verbs of cli_verb(), whose first words --list-options gives
	 * when verbs is NULL (CLI_VERB_END at its end, or NULL) */
	const struct cli_verb *verb_table;
	const struct cli_optdef *opts;	/* ends with OPT_END, or NULL */
	int help_width;			/* the column of the help text, less 2 */
	const char *epilog;		/* printed after the option lines */
	/* cli_getopt() offers each option to this first (may be NULL);
	 * it returns 1 for one it took, as cli_option() does */
	int (*option)(struct cli *c, int opt, const char *arg);
};

/* The state of one run, filled by cli_start() and cli_option(). */
struct cli {
	const struct cli_cmd *cmd;
	const char *db_path;		/* --db, $FDSS_DB, "./fdss.db" */
	fdss_date today;		/* --as-of, $FDSS_TODAY, system date */
	int format;			/* --format; default by isatty(stdout) */
	unsigned out_flags;		/* FDSS_OUT_* from --no-mask, --bom */
	const char *operator_name;	/* --operator, $FDSS_OPERATOR, login */
	char *command_line;		/* argv joined, for the audit log */
	int as_of_set, format_set;
	const char *output;		/* --output: stdout goes there (0600) */
	long long busy_ms;		/* --busy-timeout, $FDSS_BUSY_TIMEOUT;
					 * -1: the library's default */
	struct option *getopt;		/* cli_getopt()'s table, or NULL */
};

/* Initialise c for cmd and remember the command line; stdin and stdout
 * get 64 KiB buffers when they are not terminals, SQLite the settings of
 * fdss_db_program_init().  Call it before any input or output. */
void cli_start(struct cli *c, const struct cli_cmd *cmd, int argc,
	       char **argv);

/*
 * Handle a common option (or '?' / ':' from getopt).  Returns 1 if opt
 * was one; exits for --help (0), --version (0), --list-options (0), a
 * bad value or an unknown option (64).  Returns 0 for the command's own.
 */
int cli_option(struct cli *c, int opt, const char *arg);

/*
 * getopt_long() over cmd->opts and the common options, the latter
 * handled by cli_option(): returns the next option of the command's own
 * (optarg its value), or -1 at the end of the options.
 */
int cli_getopt(struct cli *c, int argc, char **argv);

/* cli_options.c: the getopt_long() table of cmd (NULL when out of
 * memory), its --help and its --list-options, printed on stdout. */
struct option *cli_getopt_table(const struct cli_cmd *cmd);
void cli_print_help(const struct cli_cmd *cmd);
void cli_list_options(const struct cli_cmd *cmd);
/* The long name of cmd's option whose getopt value is val, or "?". */
const char *cli_option_name(const struct cli_cmd *cmd, int val);

/*
 * After option parsing: fill in defaults from the environment and the
 * system date.  Exits 64 if $FDSS_TODAY is not a date.
 */
void cli_defaults(struct cli *c);

/* Release what cli_start() allocated. */
void cli_end(struct cli *c);

/* Print the usage to stderr and exit 64 (with an optional message). */
void cli_usage_error(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* "fdss-NAME: message" on stderr. */
void cli_error(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "fdss-NAME: warning: message" on stderr. */
void cli_warn(const struct cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The exit status for a library result code. */
int cli_exit_code(int rc);

/*
 * Open the database at c->db_path with flags (FDSS_DB_*), set the actor
 * for the audit log.  On failure prints the reason and returns the exit
 * status; 0 on success.  A missing database says to run 'fdss init'.
 */
int cli_open_db(struct cli *c, fdss_db **out, unsigned flags);

/*
 * Print a library failure "fdss-NAME: <msg>" and return its exit status.
 */
int cli_fail(const struct cli *c, int rc, const fdss_error *err);

/*
 * The exit status of a walk over records (fdss_person_list() and the
 * like) that returned rc, whose callback last returned cb_rc: a failed
 * write is left for cli_finish() to report (74), a callback failure or
 * the library's is printed.
 */
int cli_walk_status(const struct cli *c, fdss_db *db, int cb_rc, int rc);

/*
 * The exit status of a library call that returned rc: 0 for FDSS_OK; 74
 * for FDSS_EIO, a write to stdout that failed (cli_finish() reports it)
 * or a read of stdin (printed); else the failure, printed with db's
 * message.
 */
int cli_status(const struct cli *c, fdss_db *db, int rc);

/*
 * Parse a whole decimal number in [min, max] like OpenBSD strtonum(),
 * strictly as fdss_int_parse() does (no '+', 0x, leading 0, spaces);
 * on failure returns 0 and sets *errstr ("invalid", "too small", ...).
 */
long long cli_strtonum(const char *s, long long min, long long max,
		       const char **errstr);

/* What the filter options of the listing commands name. */
enum cli_filter {
	CLI_FILTER_AREA,		/* a stored division code, any level */
	CLI_FILTER_TEAM,		/* a stored team code */
	CLI_FILTER_PROGRAM,		/* a follow-up programme */
	CLI_FILTER_CONDITION,		/* a condition kind */
	CLI_FILTER_CONTRACT_STATUS,	/* a contract status */
	CLI_FILTER_GROUP		/* a group of people */
};

/*
 * Check the value of a filter option (NULL: not given) against db (may
 * be NULL for the vocabularies): a value that names nothing known is
 * printed, "team 'T99': no such team", and exits 66 (a malformed area
 * code 64), so that a listing never answers a typo with nothing.
 * Returns when the value is known.
 */
void cli_check_filter(const struct cli *c, fdss_db *db, enum cli_filter f,
		      const char *value);

/*
 * Open an input operand: "-" is stdin.  Prints "cannot open 'F': why"
 * and returns NULL when it cannot; the caller fcloses non-stdin files.
 */
FILE *cli_fopen(const struct cli *c, const char *path);

/*
 * Before anything is opened for writing: exit 64 with "fdss-NAME:
 * --rejects 'x.db': is the database" when the --rejects or --summary
 * file (either may be NULL) is a regular file the run reads — the
 * database or its -wal, -shm or -journal file, the input file (NULL or
 * "-": standard input, when it is a file) — or both name the same file.
 * Files are compared by device and inode, through symlinks.
 */
void cli_check_outputs(const struct cli *c, const char *rejects,
		       const char *summary, const char *input);

/*
 * Create or truncate the output file path for writing, mode 0600 (an
 * existing regular file is narrowed to 0600 too: it will hold ID and
 * phone numbers).  Prints "cannot write 'F': why" and returns NULL when
 * it cannot.
 */
FILE *cli_create(const struct cli *c, const char *path);

/* --output FILE: standard output goes to FILE, made as cli_create() does
 * and checked as --rejects is; exits 64 or 74 when it cannot
 * (cli_defaults() calls it). */
void cli_redirect_stdout(struct cli *c);

/*
 * End the transaction a batch left open with fdss_db_defer_commit(), if
 * one is: commit it when the run's outputs were all written (ok), else
 * roll it back and say "nothing stored".  Sets *stored when committed.
 * Returns 0, or the exit status (printed): 74 for !ok, the commit's.
 */
int cli_commit(const struct cli *c, fdss_db *db, int ok, int *stored);

/* --- the report writer's commands: fdss report, fdss check (cli.c,
 * cli_print.c) -------------------------------------------------------- */

/* --format for them (table, jsonl, csv, json, html, xlsx): 1 when opt
 * was --format and c->format is set; exits 64 for another value. */
int cli_report_format(struct cli *c, int opt, const char *arg);
/* Exit 64 when a workbook would go to a terminal. */
void cli_report_check_tty(const struct cli *c);
/*
 * The end of a walk into w (cb_rc the last record's write, rc the
 * walk's): the writer's message, the walk's status, the page or workbook
 * finished, w freed.  Returns the exit status.
 */
int cli_report_end(const struct cli *c, fdss_db *db, fdss_report_out *w,
		   int cb_rc, int rc);

/* The rest of what the commands share, by unit. */
#include "cli_print.h"
#include "cli_batch.h"
#include "cli_operand.h"
#include "cli_contract.h"
#include "cli_filter.h"
#include "cli_visit.h"
#include "cli_condition.h"
#include "cli_verb.h"
#include "cli_area.h"
#include "cli_team.h"
#include "cli_report.h"

#endif
