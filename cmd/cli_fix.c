/*
 * cli_fix.c: what fdss fix and fdss audit revert share — the batch with
 * its callbacks, the changed rows they print, and the end of their batch
 * (the counts, --summary, the commit); the reverting of audit entries.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *const cli_change_columns[CLI_NCHANGE_COLUMNS] = {
	"entry", "table", "key", "before", "after"
};

int cli_print_fix_changes(const struct cli *c, fdss_db *db, fdss_out *o,
			  const fdss_fix_change *ch, size_t n, int dry_run)
{
	cJSON *rec = NULL;
	size_t i;
	int rc = FDSS_OK;

	for (i = 0; i < n && rc == FDSS_OK; i++, rec = NULL) {
		fdss_fix_change one = ch[i];

		if (dry_run)
			one.entry = 0;	/* a dry run's entries are not kept */
		if (dry_run || c->format == FDSS_FORMAT_TABLE)
			rc = (rec = fdss_fix_change_json(&one)) ? FDSS_OK
								: FDSS_ENOMEM;
		else
			rc = fdss_fix_record(db, &ch[i], c->today, &rec);
		if (rec && (c->format == FDSS_FORMAT_TABLE ||
			    c->format == FDSS_FORMAT_CSV) &&
		    !(c->out_flags & FDSS_OUT_NO_MASK) &&
		    cJSON_GetObjectItemCaseSensitive(rec, "before"))
			fdss_fix_change_mask(rec);
		if (rc == FDSS_OK)
			rc = fdss_out_record(o, rec);
		cJSON_Delete(rec);
	}
	return rc;
}

/* The --summary record of a fix batch: "fixed" counted as done. */
static int summary(struct cli_batch *r, const char *type, const char *done,
		   const fdss_fix_stats *st)
{
	const struct cli_count counts[] = {
		{ "read", st->read }, { done, st->fixed },
		{ "unchanged", st->unchanged }, { "changes", st->changes },
		{ "rejected", st->rejected }
	};

	return cli_batch_summary(r, type, counts, 5);
}

int cli_fix_end(struct cli_batch *r, fdss_fix_batch *b, const char *type,
		const char *done, int dry_run, int *stored)
{
	fdss_fix_stats st;
	int rc = fdss_fix_batch_finish(b, &st), status;

	fdss_fix_batch_free(b);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		return cli_fail(r->c, rc, fdss_db_error(r->db));
	fprintf(stderr, "%s: read %ld, %s %ld, unchanged %ld, changes %ld, "
		"rejected %ld%s\n", r->c->cmd->name, st.read, done, st.fixed,
		st.unchanged, st.changes, st.rejected,
		cli_batch_note(dry_run, rc));
	if ((status = summary(r, type, done, &st)) != EXIT_OK)
		return status;
	return cli_batch_commit(r, st.rejected ? EXIT_DATAERR : EXIT_OK,
				stored);
}

static int on_fixed(void *arg, const fdss_fix_change *ch, size_t n)
{
	const struct cli_fix_run *run = arg;

	return cli_print_fix_changes(run->c, run->db, run->batch->o, ch, n,
				     run->dry_run);
}

/* "fdss-NAME: entry 12: why", and {"entry":"12","error":why}. */
static void on_reject(void *arg, const char *subject, const char *reason)
{
	const struct cli_fix_run *run = arg;
	size_t n = run->where ? strlen(run->where) : 0;

	if (n && subject && strncmp(subject, run->where, n) == 0) {
		run->batch->where = run->where;
		subject += n;
	}
	cli_batch_reject(run->batch, subject, reason);
	if (n)
		run->batch->where = "";
}

int cli_fix_open(struct cli_fix_run *run, fdss_fix_opts *o,
		 fdss_fix_batch **b)
{
	int rc;

	o->ref = run->c->today;
	o->reject = on_reject;
	o->fixed = on_fixed;
	o->arg = run;
	*b = NULL;
	if ((rc = fdss_fix_batch_open(b, run->db, o)) == FDSS_OK)
		return EXIT_OK;
	fdss_fix_batch_free(*b);
	*b = NULL;
	return cli_fail(run->c, rc, fdss_db_error(run->db));
}

int cli_fix_revert(struct cli_fix_run *run, fdss_fix_opts *o, char **entries,
		   int n, const char *reason, int *stored)
{
	fdss_fix_batch *b;
	const char *errstr;
	long long id;
	int i, rc, status;

	if ((status = cli_fix_open(run, o, &b)) != EXIT_OK)
		return status;
	for (i = 0, rc = FDSS_OK; i < n && (rc == FDSS_OK || rc == FDSS_EDATA);
	     i++) {
		id = cli_strtonum(entries[i], 1, INT64_MAX, &errstr);
		rc = errstr ? (fdss_fix_batch_reject(b, entries[i], "not an "
						     "entry number"), FDSS_EDATA)
			    : fdss_fix_revert(b, id, reason);
	}
	if (rc != FDSS_OK && rc != FDSS_EDATA) {
		status = cli_fail(run->c, rc, fdss_db_error(run->db));
		fdss_fix_batch_free(b);
		return status;
	}
	return cli_fix_end(run->batch, b, "revert", "reverted", o->dry_run,
			   stored);
}
