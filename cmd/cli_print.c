/*
 * cli_print.c: the output of a run — the writer to stdout, the record
 * printers the listings share, the audit entry, the end of a report walk
 * and the final flush of stdout.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *const cli_person_columns[CLI_PERSON_NCOLS] = {
	"id_number", "name", "sex", "birth_date", "age", "relation",
	"household_no", "village_code", "phone", "groups", "status"
};

fdss_out *cli_output(const struct cli *c)
{
	fdss_out *o = NULL;

	if (fdss_out_new(&o, stdout, c->format, c->out_flags) != FDSS_OK) {
		cli_error(c, "out of memory");
		exit(EXIT_SOFTWARE);
	}
	return o;
}

int cli_print_contract(fdss_out *o, const fdss_contract *k, fdss_date ref)
{
	fdss_jbuf *b = fdss_out_buf(o);
	int rc = fdss_contract_json(b, k, ref);

	return rc != FDSS_OK ? rc : fdss_out_json(o, b->s, b->len);
}

int cli_print_person(fdss_out *o, const fdss_person *p, fdss_date ref)
{
	fdss_person_rec r = FDSS_PERSON_REC_INIT;
	int rc = fdss_person_fields(&r, p, ref);

	if (rc == FDSS_OK)
		rc = fdss_out_fields(o, r.f, FDSS_PERSON_NFIELDS);
	fdss_person_rec_release(&r);
	return rc;
}

void cli_printer_init(struct cli_printer *pr, const struct cli *c,
		      const char *const *columns, size_t ncolumns)
{
	pr->c = c;
	pr->o = cli_output(c);
	pr->ref = c->today;
	pr->rc = FDSS_OK;
	if (columns && c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(pr->o, columns, ncolumns);
}

int cli_out_record(fdss_out *o, cJSON *rec)
{
	int rc = rec ? fdss_out_record(o, rec) : FDSS_ENOMEM;

	cJSON_Delete(rec);
	return rc;
}

int cli_printer_record(struct cli_printer *pr, cJSON *rec)
{
	return pr->rc = cli_out_record(pr->o, rec);
}

int cli_printer_person(const fdss_person *p, void *arg)
{
	struct cli_printer *pr = arg;

	return pr->rc = cli_print_person(pr->o, p, pr->ref);
}

int cli_printer_contract(const fdss_contract *k, void *arg)
{
	struct cli_printer *pr = arg;

	return pr->rc = cli_print_contract(pr->o, k, pr->ref);
}

int cli_printer_end(struct cli_printer *pr, fdss_db *db, int rc)
{
	return cli_finish(pr->c, pr->o, cli_walk_status(pr->c, db, pr->rc,
							rc));
}

int cli_printer_each(struct cli_printer *pr, fdss_db *db,
		     int (*get)(fdss_db *db, const char *name, void *pr),
		     const char *const *names, size_t n)
{
	int status = EXIT_OK, rc;
	size_t i;

	for (i = 0; i < n; i++) {
		rc = get(db, names[i], pr);
		if (rc == FDSS_ENOTFOUND && pr->rc == FDSS_OK) {
			cli_error(pr->c, "%s", fdss_db_errmsg(db));
			status = EXIT_NOINPUT;
		} else if (rc != FDSS_OK) {
			status = cli_walk_status(pr->c, db, pr->rc, rc);
			break;
		}
	}
	return cli_finish(pr->c, pr->o, status);
}

int cli_finish(const struct cli *c, fdss_out *o, int status)
{
	int bad = 0;

	if (o) {
		bad = fdss_out_finish(o) != FDSS_OK;
		fdss_out_free(o);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		bad = 1;
	if (bad) {
		cli_error(c, "cannot write to standard output: %s",
			  strerror(errno ? errno : EIO));
		return EXIT_IOERR;
	}
	return status;
}
void cli_report_check_tty(const struct cli *c)
{
	if (c->format == FDSS_FORMAT_XLSX && isatty(STDOUT_FILENO))
		cli_usage_error(c, "--format xlsx: will not write a workbook "
				"to a terminal (redirect it to a file)");
}

int cli_report_end(const struct cli *c, fdss_db *db, fdss_report_out *w,
		   int cb_rc, int rc)
{
	int status, fin = FDSS_OK;

	if (cb_rc != FDSS_OK && *fdss_report_out_errmsg(w))
		cli_error(c, "%s", fdss_report_out_errmsg(w));
	status = cli_walk_status(c, db, cb_rc, rc);
	if (status == EXIT_OK)
		fin = fdss_report_out_finish(w);
	if ((status = cli_finish(c, NULL, status)) == EXIT_OK &&
	    fin != FDSS_OK) {
		cli_error(c, "%s", *fdss_report_out_errmsg(w)
			  ? fdss_report_out_errmsg(w)
			  : "cannot write to standard output");
		status = EXIT_IOERR;
	}
	fdss_report_out_free(w);
	return status;
}
