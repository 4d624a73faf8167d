/*
 * cli_batch.c: what the commands that consume records share (DESIGN.md
 * "Batches"), from the start of a run to its last record — the records
 * they print, held back under --atomic until they are stored; each
 * rejected record on stderr and, whole with an "error" key, in --rejects
 * FILE; JSON lines on stdin.  The end of a run is in cli_batch_end.c.
 * One copy for sign, review, renew, terminate, followup and the rest.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cli_batch_init(struct cli_batch *r, struct cli *c, const char *key)
{
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->key = key;
	r->where = "";
}

int cli_batch_open(struct cli_batch *r, fdss_db *db)
{
	r->db = db;
	fdss_db_defer_commit(db, 1);
	if (r->rejects_path &&
	    !(r->rejects = cli_create(r->c, r->rejects_path)))
		return EXIT_IOERR;
	return EXIT_OK;
}

int cli_batch_start(struct cli_batch *r, fdss_db *db, int atomic,
		    const char *const *columns, size_t ncolumns)
{
	const struct cli *c = r->c;

	if (cli_batch_open(r, db) != EXIT_OK)
		return EXIT_IOERR;
	if (atomic && (!(r->held = tmpfile()) ||
		       fdss_out_new(&r->o, r->held, c->format,
				    c->out_flags) != FDSS_OK)) {
		cli_error(c, "cannot make a temporary file: %s",
			  strerror(errno));
		return EXIT_IOERR;
	}
	/* a file or pipe written on the other core; a terminal line by line */
	if (!r->o && (r->o = cli_output(c)) && !isatty(STDOUT_FILENO))
		fdss_out_async(r->o);
	if (columns && c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(r->o, columns, ncolumns);
	return EXIT_OK;
}

/* The record that was rejected: raw (len bytes, the input line) when it
 * is an object, else {"raw": raw}, or {key: subject} when raw is NULL. */
static cJSON *rejected_record(const struct cli_batch *r, const char *raw,
			      size_t len, const char *subject)
{
	cJSON *obj = NULL;

	/* strictly, as it was read: cJSON alone would take 012 as 12 */
	if (raw && fdss_json_parse(&obj, raw, len, NULL) == FDSS_OK &&
	    cJSON_IsObject(obj))
		return obj;
	cJSON_Delete(obj);
	if (!(obj = cJSON_CreateObject()))
		return NULL;
	if (raw)
		cJSON_AddStringToObject(obj, "raw", raw);
	else
		cJSON_AddStringToObject(obj, r->key, subject ? subject : "");
	return obj;
}

void cli_batch_write_reject(struct cli_batch *r, const char *raw, size_t len,
			    const char *subject, const char *reason)
{
	char *text = NULL;
	cJSON *obj;

	if (!r->rejects)
		return;
	if ((obj = rejected_record(r, raw, len, subject))) {
		cJSON_DeleteItemFromObjectCaseSensitive(obj, "error");
		cJSON_AddStringToObject(obj, "error", reason);
		text = cJSON_PrintUnformatted(obj);
	}
	if (!text || fprintf(r->rejects, "%s\n", text) < 0)
		cli_batch_failed(r);
	cJSON_free(text);
	cJSON_Delete(obj);
}

void cli_batch_reject_header(struct cli_batch *r, const char *raw, size_t n)
{
	static const char bom[] = "\xEF\xBB\xBF";

	if (!r->rejects)
		return;
	if (((r->c->out_flags & FDSS_OUT_BOM) &&
	     fputs(bom, r->rejects) == EOF) ||
	    fwrite(raw, 1, n, r->rejects) != n ||
	    fputs(",error\n", r->rejects) == EOF)
		cli_batch_failed(r);
}

void cli_batch_write_reject_csv(struct cli_batch *r, const char *raw,
				size_t n, const char *reason)
{
	if (!r->rejects)
		return;
	if (fwrite(raw, 1, n, r->rejects) != n ||
	    fputc(',', r->rejects) == EOF ||
	    fdss_csv_write_field(r->rejects, reason, strlen(reason)) ||
	    fputc('\n', r->rejects) == EOF)
		cli_batch_failed(r);
}

void cli_batch_reject(void *arg, const char *subject, const char *reason)
{
	struct cli_batch *r = arg;

	cli_error(r->c, "%s%s%s%s", r->where, subject ? subject : "",
		  subject ? ": " : "", reason);
	cli_batch_write_reject(r, r->raw, r->raw ? strlen(r->raw) : 0, subject,
			       reason);
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
	/* checking the next lines overlaps storing this one; without a
	 * thread the lines are read here, as well */
	fdss_jsonl_read_ahead(in, r->keys);
	while ((rc = fdss_jsonl_next_keys(in, &obj, r->keys, &err)) !=
	       FDSS_EOF) {
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

void cli_batch_failed(struct cli_batch *r)
{
	if (!r->failed_write)
		r->failed_write = errno ? errno : EIO;
}
