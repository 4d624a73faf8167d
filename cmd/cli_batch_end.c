/*
 * cli_batch_end.c: the end of a batch (DESIGN.md "Batches") — the counts
 * on stderr and in --summary FILE, the outputs written first and the
 * commit after them, the end of a contract batch and its records.
 */
#include <errno.h>
#include <string.h>

#include "cli.h"

const char *const cli_contract_columns[] = {
	"number", "household_no", "team", "doctor", "start_date", "end_date",
	"years", "status", "renews", "refund_fen"
};
const size_t cli_ncontract_columns =
	sizeof(cli_contract_columns) / sizeof(cli_contract_columns[0]);

int cli_batch_contract(void *arg, const fdss_contract *k)
{
	struct cli_batch *r = arg;

	return cli_print_contract(r->o, k, r->c->today);
}


const char *cli_batch_note(int dry_run, int rc)
{
	return dry_run ? " (dry run, nothing stored)"
	       : rc != FDSS_OK ? " (--atomic: nothing stored)" : "";
}


int cli_batch_summary(struct cli_batch *r, const char *type,
		      const struct cli_count *counts, size_t n)
{
	cJSON *rec;
	size_t i;

	if (!r->summary_path)
		return EXIT_OK;
	if (!(rec = cJSON_CreateObject()) ||
	    !cJSON_AddStringToObject(rec, "type", type)) {
		cJSON_Delete(rec);
		cli_error(r->c, "out of memory");
		return EXIT_SOFTWARE;
	}
	for (i = 0; i < n; i++)
		cJSON_AddNumberToObject(rec, counts[i].key, counts[i].n);
	cJSON_Delete(r->summary);
	r->summary = rec;
	return EXIT_OK;
}

int cli_batch_report(struct cli_batch *r, const char *type,
		     const struct cli_count *counts, size_t n,
		     const char *note)
{
	size_t i;

	fprintf(stderr, "%s: ", r->c->cmd->name);
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s%s %ld", i ? ", " : "", counts[i].key,
			counts[i].n);
	fprintf(stderr, "%s\n", note);
	return cli_batch_summary(r, type, counts, n);
}

int cli_batch_close(struct cli_batch *r, const char *type,
		    const struct cli_count *counts, size_t n, const char *note,
		    long rejected, int *stored)
{
	int status = cli_batch_report(r, type, counts, n, note);

	if (status != EXIT_OK)
		return status;
	return cli_batch_commit(r, rejected ? EXIT_DATAERR : EXIT_OK, stored);
}

/* Write r->summary to --summary FILE with "stored" (and, for an import,
 * "batch" null when not stored): 0, or 74 (printed). */
static int write_summary(struct cli_batch *r, int stored)
{
	cJSON *rec = r->summary;
	char *text;
	FILE *f;
	int bad;

	if (!rec || !r->summary_path)
		return EXIT_OK;
	if (!stored && cJSON_GetObjectItemCaseSensitive(rec, "batch"))
		cJSON_ReplaceItemInObjectCaseSensitive(rec, "batch",
						       cJSON_CreateNull());
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "stored");
	cJSON_AddBoolToObject(rec, "stored", stored);
	if (!(text = cJSON_PrintUnformatted(rec))) {
		cli_error(r->c, "out of memory");
		return EXIT_SOFTWARE;
	}
	if (!(f = cli_create(r->c, r->summary_path))) {
		cJSON_free(text);
		return EXIT_IOERR;
	}
	errno = 0;
	bad = fprintf(f, "%s\n", text) < 0 || fflush(f) != 0 || ferror(f);
	if (fclose(f) != 0 || bad) {
		cli_error(r->c, "cannot write '%s': %s", r->summary_path,
			  strerror(errno ? errno : EIO));
		bad = 1;
	}
	cJSON_free(text);
	return bad ? EXIT_IOERR : EXIT_OK;
}

int cli_batch_finish(struct cli_batch *r, fdss_db *db, fdss_contract_batch *b,
		     int rc, int dry_run, const struct cli_report *rep,
		     fdss_contract_stats *st)
{
	struct cli_count counts[CLI_MAX_COUNTS] = { { NULL, 0 } };
	char line[256];
	size_t n;
	int status;

	if (rc == FDSS_OK || rc == FDSS_EDATA)
		rc = fdss_contract_batch_finish(b, st);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		return rc == FDSS_EIO ? EXIT_IOERR
		       : cli_fail(r->c, rc, fdss_db_error(db));
	for (n = 0; n < CLI_MAX_COUNTS && rep->counts[n].key; n++) {
		counts[n].key = rep->counts[n].key;
		counts[n].n = *rep->counts[n].n;
	}
	/* line has a %ld for each of the n counts: printf evaluates the
	 * arguments past them and ignores them (C11 7.21.6.1) */
	_Static_assert(CLI_MAX_COUNTS == 5, "one argument for each count");
	snprintf(line, sizeof(line), rep->line, counts[0].n, counts[1].n,
		 counts[2].n, counts[3].n, counts[4].n);
	fprintf(stderr, "%s: %s%s\n", r->c->cmd->name, line,
		cli_batch_note(dry_run, rc));
	if ((status = cli_batch_summary(r, rep->type, counts, n)))
		return status;
	return cli_batch_commit(r, st->rejected ? EXIT_DATAERR : EXIT_OK,
				&st->committed);
}

/* Copy the records held back by --atomic to stdout if they were stored;
 * the writer is then finished and freed.  A failed write to stdout is
 * left for cli_finish() to report. */
static int release_held(struct cli_batch *r, int stored, int status)
{
	char buf[8192];
	size_t n;
	int bad = fdss_out_finish(r->o) != FDSS_OK;

	fdss_out_free(r->o);
	r->o = NULL;
	rewind(r->held);
	while (!bad && stored && (n = fread(buf, 1, sizeof(buf), r->held)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return EXIT_IOERR;
	if (bad || ferror(r->held)) {
		cli_error(r->c, "cannot write a temporary file: %s",
			  strerror(errno ? errno : EIO));
		return EXIT_IOERR;
	}
	return status;
}

/* Close the --rejects file: 0, or 74 (printed) when it was not all
 * written. */
static int close_rejects(struct cli_batch *r)
{
	int bad;

	if (!r->rejects)
		return EXIT_OK;
	errno = 0;
	bad = fflush(r->rejects) != 0 || ferror(r->rejects);
	if (bad && !r->failed_write)
		r->failed_write = errno ? errno : EIO;
	if (fclose(r->rejects) != 0 && !r->failed_write)
		r->failed_write = errno ? errno : EIO;
	r->rejects = NULL;
	if (!r->failed_write)
		return EXIT_OK;
	cli_error(r->c, "cannot write '%s': %s", r->rejects_path,
		  strerror(r->failed_write));
	return EXIT_IOERR;
}

int cli_batch_commit(struct cli_batch *r, int status, int *stored)
{
	int pending = r->db && fdss_db_commit_pending(r->db), bad, rc;

	if (r->held && r->o && release_held(r, pending, EXIT_OK) != EXIT_OK)
		bad = 1;
	else
		bad = 0;
	if (cli_finish(r->c, r->o, EXIT_OK) != EXIT_OK)
		bad = r->stdout_failed = 1;
	r->o = NULL;
	bad |= close_rejects(r) != EXIT_OK;
	bad |= write_summary(r, pending && !bad) != EXIT_OK;
	rc = cli_commit(r->c, r->db, !bad, stored);
	if (pending && !bad && !*stored)
		write_summary(r, 0);	/* the commit failed */
	return bad ? EXIT_IOERR : rc ? rc : status;
}

int cli_batch_end(struct cli_batch *r, int stored, int status)
{
	if (r->held && r->o)
		status = release_held(r, stored, status);
	if (close_rejects(r) != EXIT_OK)
		status = EXIT_IOERR;
	if (!r->stdout_failed)	/* else printed already */
		status = cli_finish(r->c, r->o, status);
	r->o = NULL;
	if (r->held)
		fclose(r->held);
	r->held = NULL;
	cJSON_Delete(r->summary);
	r->summary = NULL;
	return status;
}
