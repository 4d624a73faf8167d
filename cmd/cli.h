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

/* One command's static description. */
struct cli_cmd {
	const char *name;		/* "fdss-area" */
	const char *usage;		/* the man page SYNOPSIS, lines joined */
	const char *help;		/* option help printed after usage */
	const struct option *options;	/* ends with CLI_COMMON_OPTIONS */
	const char *const *verbs;	/* NULL-terminated, or NULL */
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

/* --- batches (cli_batch.c, their end cli_batch_end.c) ----------------- */

/*
 * A batch command's run (DESIGN.md "Batches"): the writer of the records
 * it changed — held back in a temporary file under --atomic and copied
 * to stdout only once they are stored —, the --rejects file, and where
 * the record being read came from.
 */
struct cli_batch {
	struct cli *c;
	fdss_db *db;		/* its batch commits in cli_batch_commit() */
	fdss_out *o;		/* the records changed */
	FILE *held;		/* --atomic: o writes here until stored */
	FILE *rejects;		/* open --rejects file, or NULL */
	const char *rejects_path;	/* --rejects FILE, or NULL */
	const char *summary_path;	/* --summary FILE, or NULL */
	const char *key;	/* the key a rejected operand is written under
				 * ("number", "id_number", ...) */
	const char *where;	/* "<stdin>:3: " of the record, or "" */
	const char *raw;	/* the record's text, or NULL for an operand */
	const char *const *keys; /* the keys records are read for (NULL:
				 * all; see fdss_jsonl_next_keys()) */
	cJSON *summary;		/* the --summary record, less "stored" */
	char where_buf[64];
	int failed_write;	/* errno of a failed write to the rejects
				 * file, or 0 */
	int stdout_failed;	/* cli_batch_commit() reported stdout */
};

/* Initialise r for c; set rejects_path and summary_path while parsing
 * the options. */
void cli_batch_init(struct cli_batch *r, struct cli *c, const char *key);

/*
 * Start the run on db: its batch will leave the commit to
 * cli_batch_commit() (fdss_db_defer_commit()), and the --rejects file is
 * created (cli_create()).  Prints why and returns 74 when it cannot be;
 * 0 on success.  Check the paths with cli_check_outputs() first.
 */
int cli_batch_open(struct cli_batch *r, fdss_db *db);

/*
 * cli_batch_open(), and the writer (held back when atomic), with
 * columns (may be NULL) for the table format.  Prints why and returns 74
 * when a file cannot be made; 0 on success.
 */
int cli_batch_start(struct cli_batch *r, fdss_db *db, int atomic,
		    const char *const *columns, size_t ncolumns);

/* Remember that a write to the rejects file failed, with errno. */
void cli_batch_failed(struct cli_batch *r);

/*
 * The reject callback of a batch (arg is the struct cli_batch): prints
 * "fdss-NAME: <stdin>:3: SUBJECT: REASON" (subject may be NULL) and
 * writes the record to --rejects with an "error" key: the input line
 * when it is a JSON object, else {KEY: SUBJECT} for an operand or
 * {"raw": LINE} for a line that is not one.
 */
void cli_batch_reject(void *arg, const char *subject, const char *reason);

/*
 * The --rejects half of cli_batch_reject(), for a command that prints
 * its own message: write raw (len bytes, the input line; NULL for an
 * operand) with an "error" key as cli_batch_reject() does.
 */
void cli_batch_write_reject(struct cli_batch *r, const char *raw, size_t len,
			    const char *subject, const char *reason);

/*
 * The --rejects file of a table (CSV): the header line raw (n bytes)
 * with an "error" column, after a byte-order mark under --bom; then each
 * rejected line with its reason as one more cell.  Nothing without
 * --rejects.
 */
void cli_batch_reject_header(struct cli_batch *r, const char *raw, size_t n);
void cli_batch_write_reject_csv(struct cli_batch *r, const char *raw,
				size_t n, const char *reason);

/* The contract callback of a batch: writes the "contract" record. */
int cli_batch_contract(void *arg, const fdss_contract *k);

/* The table columns of the contract commands. */
extern const char *const cli_contract_columns[];
extern const size_t cli_ncontract_columns;

/*
 * Read JSON lines on stdin, calling fn with each object (bad NULL), or
 * with obj NULL and bad saying why for a line that is not an object;
 * r->where and r->raw name the record meanwhile.  fn returns FDSS_OK or
 * FDSS_EDATA to go on.  Returns FDSS_OK at the end, fn's failure, or
 * FDSS_EIO when stdin cannot be read (printed).
 */
int cli_batch_read(struct cli_batch *r,
		   int (*fn)(void *arg, const cJSON *obj, const char *bad),
		   void *arg);

/* The end of a summary line: " (dry run, nothing stored)" for a dry
 * run, " (--atomic: nothing stored)" when the batch ended with rc
 * other than FDSS_OK, else "". */
const char *cli_batch_note(int dry_run, int rc);

/* One count of a --summary file. */
struct cli_count {
	const char *key;
	long n;
};

/*
 * Make the --summary record {"type":TYPE,KEY:N,...}, if the file was
 * asked for; cli_batch_commit() writes it with "stored".  Returns 0, or
 * 70 (printed) when out of memory.
 */
int cli_batch_summary(struct cli_batch *r, const char *type,
		      const struct cli_count *counts, size_t n);

/* The most counts a command reports at the end of a batch. */
#define CLI_MAX_COUNTS 5

/*
 * What a contract command reports when its batch ends: a line on stderr,
 * printf-style with a %ld for each count in turn, and the same counts in
 * --summary FILE.  The counts point into the fdss_contract_stats that
 * cli_batch_finish() fills, so the report can be set up before the batch.
 */
struct cli_report {
	const char *type;	/* the "type" of the --summary record */
	const char *line;	/* "read %ld, approved %ld, rejected %ld" */
	struct {
		const char *key;	/* its --summary key */
		const long *n;		/* where the batch counts it */
	} counts[CLI_MAX_COUNTS];	/* up to the first NULL key */
};

/*
 * End the contract batch b whose requests returned rc: finish it into st
 * (unless rc is a failure already), print "fdss-NAME: " and rep's line
 * with cli_batch_note(dry_run, ...), make rep's counts the --summary
 * record and cli_batch_commit() (setting st->committed).  Returns the
 * exit status: 0, 65 when a request was rejected, 74 when an output
 * could not be written (nothing stored), or the failure's, printed with
 * db's message — but FDSS_EIO is 74 alone: the failed read of stdin has
 * been printed, a failed write will be by cli_batch_end().
 */
int cli_batch_finish(struct cli_batch *r, fdss_db *db, fdss_contract_batch *b,
		     int rc, int dry_run, const struct cli_report *rep,
		     fdss_contract_stats *st);

/*
 * The outputs first, then the commit (DESIGN.md "Batches"): when the
 * batch left its commit pending, copy the held records to stdout; finish
 * the writer and flush stdout, close the --rejects file and write the
 * --summary record with "stored" true if nothing failed so far — each
 * checked; then commit (*stored = 1), or roll back when an output
 * failed.  Should the commit itself fail, the summary is written again
 * with "stored" false (and an import's "batch" null).  Without a pending
 * commit (a dry run, an --atomic run that rejected something) the
 * outputs are written the same, "stored" false.  Returns status, 74
 * when an output failed (printed, nothing stored), or the commit's
 * failure (printed).
 */
int cli_batch_commit(struct cli_batch *r, int status, int *stored);

/*
 * End the run: copy the held records to stdout when stored (unless
 * cli_batch_commit() did), close the rejects file, finish the output.
 * Returns status, or 74 when a write failed.  Harmless when
 * cli_batch_start() was not called or failed.
 */
int cli_batch_end(struct cli_batch *r, int stored, int status);

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

/* --- what fdss fix and fdss audit revert changed (cli_fix.c) ---------- */

/* A table's columns: each changed row as its change. */
#define CLI_NCHANGE_COLUMNS 5
extern const char *const cli_change_columns[CLI_NCHANGE_COLUMNS];

/*
 * The changed rows of one fix or revert to o: as their change (before
 * and after) under a dry run or in a table, else each row's record as
 * its listing prints it; identifiers masked in table and csv unless
 * --no-mask.  FDSS_OK or the writer's failure.
 */
int cli_print_fix_changes(const struct cli *c, fdss_db *db, fdss_out *o,
			  const fdss_fix_change *ch, size_t n, int dry_run);

/*
 * End the fix batch b (fdss fix, fdss audit revert; freed here), whose
 * requests were all taken: finish it, print "fdss-NAME: read N, DONE N,
 * unchanged N, changes N, rejected N" with cli_batch_note(dry_run, ...),
 * make the --summary record of type with the same counts, and
 * cli_batch_commit().  Returns the exit status: 0, 65 when a request was
 * rejected, 74, or the failure's (printed).
 */
int cli_fix_end(struct cli_batch *r, fdss_fix_batch *b, const char *type,
		const char *done, int dry_run, int *stored);

#endif
