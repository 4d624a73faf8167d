/*
 * cli_batch.c: what the commands that consume records share (DESIGN.md
 * "Batches") — the records they print, held back under --atomic until
 * they are stored; each rejected record on stderr and, whole with an
 * "error" key, in --rejects FILE; JSON lines on stdin; the --summary
 * file; the end of a contract batch.  One copy for sign, review, renew,
 * terminate and followup.
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

void cli_batch_init(struct cli_batch *r, struct cli *c, const char *key)
{
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->key = key;
	r->where = "";
}

int cli_batch_start(struct cli_batch *r, int atomic,
		    const char *const *columns, size_t ncolumns)
{
	const struct cli *c = r->c;

	if (r->rejects_path && !(r->rejects = fopen(r->rejects_path, "w"))) {
		cli_error(c, "cannot write '%s': %s", r->rejects_path,
			  strerror(errno));
		return EXIT_IOERR;
	}
	if (atomic && (!(r->held = tmpfile()) ||
		       fdss_out_new(&r->o, r->held, c->format,
				    c->out_flags) != FDSS_OK)) {
		cli_error(c, "cannot make a temporary file: %s",
			  strerror(errno));
		return EXIT_IOERR;
	}
	if (!r->o)
		r->o = cli_output(c);
	if (columns && c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(r->o, columns, ncolumns);
	return EXIT_OK;
}

/* The record that was rejected: the input line when it is an object,
 * else {key: subject} or {"raw": line}. */
static cJSON *rejected_record(const struct cli_batch *r, const char *subject)
{
	cJSON *obj = NULL;

	/* strictly, as it was read: cJSON alone would take 012 as 12 */
	if (r->raw && fdss_json_parse(&obj, r->raw, strlen(r->raw), NULL) ==
	    FDSS_OK && cJSON_IsObject(obj))
		return obj;
	cJSON_Delete(obj);
	if (!(obj = cJSON_CreateObject()))
		return NULL;
	if (r->raw)
		cJSON_AddStringToObject(obj, "raw", r->raw);
	else
		cJSON_AddStringToObject(obj, r->key, subject ? subject : "");
	return obj;
}

void cli_batch_reject(void *arg, const char *subject, const char *reason)
{
	struct cli_batch *r = arg;
	char *text = NULL;
	cJSON *obj;

	cli_error(r->c, "%s%s%s%s", r->where, subject ? subject : "",
		  subject ? ": " : "", reason);
	if (!r->rejects)
		return;
	if ((obj = rejected_record(r, subject))) {
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "error");
		cJSON_AddStringToObject(obj, "error", reason);
		text = cJSON_PrintUnformatted(obj);
	}
	if (!text || fprintf(r->rejects, "%s\n", text) < 0)
		r->failed_write = 1;
	cJSON_free(text);
	cJSON_Delete(obj);
}

int cli_batch_contract(void *arg, const fdss_contract *k)
{
	struct cli_batch *r = arg;

	return cli_print_contract(r->o, k, r->c->today);
}

int cli_batch_read(struct cli_batch *r,
		   int (*fn)(void *arg, const cJSON *obj, const char *bad),
		   void *arg)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_jsonl *in = NULL;
	cJSON *obj = NULL;
	size_t len;
	int rc;

	if (fdss_jsonl_new(&in, stdin, "<stdin>") != FDSS_OK)
		return FDSS_ENOMEM;
	while ((rc = r->keys ? fdss_jsonl_next_keys(in, &obj, r->keys, &err)
		     : fdss_jsonl_next(in, &obj, &err)) != FDSS_EOF) {
		if (rc == FDSS_EIO) {
			cli_error(r->c, "%s", err.msg);
			break;
		}
		snprintf(r->where_buf, sizeof(r->where_buf), "<stdin>:%ld: ",
			 fdss_jsonl_line(in));
		r->raw = fdss_jsonl_raw(in, &len);
		/* a line that is not an object: err.msg names the line */
		r->where = rc == FDSS_OK ? r->where_buf : "";
		rc = fn(arg, obj, rc == FDSS_OK ? NULL : err.msg);
		cJSON_Delete(obj);
		obj = NULL;
		if (rc != FDSS_OK && rc != FDSS_EDATA)
			break;
		rc = FDSS_OK;
	}
	fdss_jsonl_free(in);
	r->where = "";
	r->raw = NULL;
	return rc == FDSS_EOF ? FDSS_OK : rc;
}

const char *cli_batch_note(int dry_run, int rc)
{
	return dry_run ? " (dry run, nothing stored)"
	       : rc != FDSS_OK ? " (--atomic: nothing stored)" : "";
}

int cli_batch_summary(const struct cli_batch *r, const char *type,
		      const struct cli_count *counts, size_t n, int stored)
{
	FILE *f;
	size_t i;
	int bad;

	if (!r->summary_path)
		return EXIT_OK;
	if (!(f = fopen(r->summary_path, "w"))) {
		cli_error(r->c, "cannot write '%s': %s", r->summary_path,
			  strerror(errno));
		return EXIT_IOERR;
	}
	bad = fprintf(f, "{\"type\":\"%s\"", type) < 0;
	for (i = 0; i < n; i++)
		bad |= fprintf(f, ",\"%s\":%ld", counts[i].key, counts[i].n) < 0;
	bad |= fprintf(f, ",\"stored\":%s}\n", stored ? "true" : "false") < 0;
	if (fclose(f) != 0 || bad) {
		cli_error(r->c, "cannot write '%s'", r->summary_path);
		return EXIT_IOERR;
	}
	return EXIT_OK;
}

int cli_batch_finish(struct cli_batch *r, fdss_db *db, fdss_contract_batch *b,
		     int rc, int dry_run, const struct cli_report *rep,
		     fdss_contract_stats *st)
{
	struct cli_count counts[CLI_MAX_COUNTS] = { { NULL, 0 } };
	char line[256];
	size_t n;

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
	if (cli_batch_summary(r, rep->type, counts, n, st->committed))
		return EXIT_IOERR;
	return st->rejected ? EXIT_DATAERR : EXIT_OK;
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

int cli_batch_end(struct cli_batch *r, int stored, int status)
{
	if (r->held && r->o)
		status = release_held(r, stored, status);
	if (r->rejects && (fclose(r->rejects) != 0 || r->failed_write)) {
		cli_error(r->c, "cannot write '%s'", r->rejects_path);
		status = EXIT_IOERR;
	}
	r->rejects = NULL;
	status = cli_finish(r->c, r->o, status);
	r->o = NULL;
	if (r->held)
		fclose(r->held);
	r->held = NULL;
	return status;
}
