#ifndef FDSS_CLI_BATCH_H
#define FDSS_CLI_BATCH_H

/*
 * The commands that consume records (cli_batch.c, cli_batch_end.c) and
 * fdss fix and audit revert (cli_fix.c).  Included by cli.h.
 */
#include "cli.h"

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

/*
 * Print "fdss-NAME: KEY N, KEY N, ...NOTE" on stderr (note: from
 * cli_batch_note()), then cli_batch_summary() with the same counts.
 */
int cli_batch_report(struct cli_batch *r, const char *type,
		     const struct cli_count *counts, size_t n,
		     const char *note);

/*
 * The end of a batch of the library once finished (fdss followup
 * record, condition add): cli_batch_report() of type with counts and
 * note, then cli_batch_commit(), 65 when rejected is not 0.  Returns the
 * exit status.
 */
int cli_batch_close(struct cli_batch *r, const char *type,
		    const struct cli_count *counts, size_t n, const char *note,
		    long rejected, int *stored);

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

/* Where a fix batch's changes and rejects go (fdss fix, audit revert). */
struct cli_fix_run {
	struct cli *c;
	struct cli_batch *batch;
	fdss_db *db;
	int dry_run;
	const char *where;	/* a reject's subject starting with this
				 * ("entry ") is located by it, or NULL */
};

/*
 * Open the fix batch *b with o's callbacks printing through run: the
 * changed rows by cli_print_fix_changes(), the rejects by
 * cli_batch_reject().  0, or the failure's status (printed).
 */
int cli_fix_open(struct cli_fix_run *run, fdss_fix_opts *o,
		 fdss_fix_batch **b);

/*
 * fdss audit revert: revert the audit entries numbered entries[0..n) in
 * one fix batch (a word that is no entry number is rejected), then
 * cli_fix_end().  Returns the exit status.
 */
int cli_fix_revert(struct cli_fix_run *run, fdss_fix_opts *o, char **entries,
		   int n, const char *reason, int *stored);

#endif
