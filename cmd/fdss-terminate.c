/*
 * fdss-terminate: end contracts early (解约) with their date and reason
 * — named, or one per JSON record on stdin — freeing their members,
 * recording the refund of the residents' share, and ending with each
 * contract the renewal that has not started yet.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_ATOMIC = CLI_OPT_FIRST_OWN,
	OPT_DATE,
	OPT_DRY_RUN,
	OPT_REASON,
	OPT_REJECTS,
	OPT_SUMMARY
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("reason", OPT_REASON, "R",
		   "moved, unreachable, refused, request, death, duplicate, "
		   "other"),
	OPT_STRING("date", OPT_DATE, "DATE", "the first day without service"),
	OPT_FLAG("atomic", OPT_ATOMIC,
		 "change nothing if any contract is refused"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and print, change nothing"),
	OPT_BATCH_OUTPUTS(OPT_REJECTS, OPT_SUMMARY),
	OPT_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-terminate",
	.usage = "fdss terminate --reason "
		 "moved|unreachable|refused|request|death|duplicate|other\n"
		 "                      [--date DATE] [--atomic] [--dry-run] "
		 "[--rejects FILE] [--summary FILE]\n"
		 "                      CONTRACT ...\n"
		 "       fdss terminate [--reason R] [--date DATE] [--atomic] "
		 "[--dry-run] [--rejects FILE]\n"
		 "                      [--summary FILE] [-]",
	.help = "\n"
		"End pending or active contracts on DATE (default: --as-of), "
		"the first day\n"
		"without service: those named, or those read as JSON records "
		"with a \"number\"\n"
		"key on stdin (what 'fdss contract list' prints; a record's "
		"own \"reason\" and\n"
		"\"date\" override the options).  The residents' own share "
		"is refunded for\n"
		"the unused days, rounded down to the fen.  A renewal that "
		"has not started\n"
		"ends with the contract it renews.  Exit 65 if one could not "
		"be terminated.\n"
		"\n",
	.opts = opts,
	.help_width = 18,
};

/* The batch and the options a record may override. */
struct reader {
	fdss_contract_batch *b;
	fdss_terminate_req defaults;
};

static int terminate_record(void *arg, const cJSON *obj, const char *bad)
{
	struct reader *rd = arg;
	fdss_error err = FDSS_ERROR_INIT;
	fdss_terminate_req q = rd->defaults;

	if (bad) {
		fdss_contract_batch_reject(rd->b, NULL, bad);
		return FDSS_EDATA;
	}
	if (fdss_terminate_req_from_json(&q, obj, &err) != FDSS_OK) {
		fdss_contract_batch_reject(rd->b, "record", err.msg);
		return FDSS_EDATA;
	}
	if (!q.reason) {
		fdss_contract_batch_reject(rd->b, q.number, "no \"reason\" "
					   "key and no --reason");
		return FDSS_EDATA;
	}
	return fdss_contract_terminate(rd->b, q.number, q.reason, q.on);
}

int main(int argc, char **argv)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_stats st = { 0 };
	const struct cli_report rep = {
		.type = "terminate",
		.line = "read %ld, terminated %ld, renewals ended %ld, "
			"skipped %ld, rejected %ld",
		.counts = { { "read", &st.requests },
			    { "terminated", &st.contracts },
			    { "renewals_ended", &st.renewals_ended },
			    { "skipped", &st.skipped },
			    { "rejected", &st.rejected } }
	};
	fdss_contract_batch *b = NULL;
	fdss_error err = FDSS_ERROR_INIT;
	const char *date = NULL;
	struct reader rd = { NULL, { NULL, NULL, 0 } };
	struct cli c;
	struct cli_batch r;
	fdss_db *db = NULL;
	int opt, status, rc = FDSS_OK, i;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r, &c, "number");
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ATOMIC: o.atomic = 1; break;
		case OPT_DATE: date = optarg; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_REASON: rd.defaults.reason = optarg; break;
		case OPT_REJECTS: r.rejects_path = optarg; break;
		case OPT_SUMMARY: r.summary_path = optarg; break;
		}
	}
	if (argc - optind == 1 && strcmp(argv[optind], "-") == 0)
		optind++;	/* "-" is stdin, as no operand */
	if (optind < argc && !rd.defaults.reason)
		cli_usage_error(&c, "--reason is required");
	if (rd.defaults.reason &&
	    !fdss_termination_reason_valid(rd.defaults.reason))
		cli_usage_error(&c, "--reason '%s': expected moved, unreachable, "
				"refused, request, death, duplicate or other",
				rd.defaults.reason);
	if (date && fdss_date_parse(&rd.defaults.on, date, &err) != FDSS_OK)
		cli_usage_error(&c, "--date %s", err.msg);
	cli_defaults(&c);
	cli_check_outputs(&c, r.rejects_path, r.summary_path, NULL);
	if ((status = cli_open_db(&c, &db, 0)) ||
	    (status = cli_batch_start(&r, db, o.atomic, cli_contract_columns,
				      cli_ncontract_columns)))
		goto out;
	o.ref = c.today;
	o.reject = cli_batch_reject;
	o.contract = cli_batch_contract;
	o.arg = &r;
	if ((rc = fdss_contract_batch_open(&b, db, &o)) != FDSS_OK) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	rd.b = b;
	if (optind == argc)
		rc = cli_batch_read(&r, terminate_record, &rd);
	for (i = optind; i < argc && (rc == FDSS_OK || rc == FDSS_EDATA); i++)
		rc = fdss_contract_terminate(b, argv[i], rd.defaults.reason,
					     rd.defaults.on);
	status = cli_batch_finish(&r, db, b, rc, o.dry_run, &rep, &st);
out:
	fdss_contract_batch_free(b);
	status = cli_batch_end(&r, st.committed, status);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
