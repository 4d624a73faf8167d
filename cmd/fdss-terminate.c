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

/* The options and operands, and the batch's defaults. */
struct args {
	struct cli_contract k;
	struct reader rd;
	int argc;
	char **argv;
};

static void parse_args(struct cli *c, struct args *a, int argc, char **argv)
{
	fdss_error err = FDSS_ERROR_INIT;
	const char *date = NULL;
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ATOMIC: a->k.o.atomic = 1; break;
		case OPT_DATE: date = optarg; break;
		case OPT_DRY_RUN: a->k.o.dry_run = 1; break;
		case OPT_REASON: a->rd.defaults.reason = optarg; break;
		case OPT_REJECTS: a->k.r.rejects_path = optarg; break;
		case OPT_SUMMARY: a->k.r.summary_path = optarg; break;
		}
	}
	if (argc - optind == 1 && strcmp(argv[optind], "-") == 0)
		optind++;	/* "-" is stdin, as no operand */
	if (optind < argc && !a->rd.defaults.reason)
		cli_usage_error(c, "--reason is required");
	if (a->rd.defaults.reason &&
	    !fdss_termination_reason_valid(a->rd.defaults.reason))
		cli_usage_error(c, "--reason '%s': expected moved, "
				"unreachable, refused, request, death, "
				"duplicate or other",
				a->rd.defaults.reason);
	if (date && fdss_date_parse(&a->rd.defaults.on, date, &err) != FDSS_OK)
		cli_usage_error(c, "--date %s", err.msg);
	cli_defaults(c);
	cli_check_outputs(c, a->k.r.rejects_path, a->k.r.summary_path, NULL);
}

static int terminate(struct cli_contract *k, void *arg)
{
	struct args *a = arg;
	int rc = FDSS_OK, i;

	a->rd.b = k->b;
	if (optind == a->argc)
		rc = cli_batch_read(&k->r, terminate_record, &a->rd);
	for (i = optind; i < a->argc && (rc == FDSS_OK || rc == FDSS_EDATA);
	     i++)
		rc = fdss_contract_terminate(k->b, a->argv[i],
					     a->rd.defaults.reason,
					     a->rd.defaults.on);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = { .argc = argc, .argv = argv };
	const struct cli_report rep = {
		.type = "terminate",
		.line = "read %ld, terminated %ld, renewals ended %ld, "
			"skipped %ld, rejected %ld",
		.counts = { { "read", &a.k.st.requests },
			    { "terminated", &a.k.st.contracts },
			    { "renewals_ended", &a.k.st.renewals_ended },
			    { "skipped", &a.k.st.skipped },
			    { "rejected", &a.k.st.rejected } }
	};

	cli_contract_start(&a.k, &cmd, argc, argv, "number");
	parse_args(&a.k.c, &a, argc, argv);
	return cli_contract_run(&a.k, &rep, terminate, &a);
}
