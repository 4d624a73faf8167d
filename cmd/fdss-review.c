/*
 * fdss-review: the township health centre's review of pending
 * contracts — approve them (active) or reject them back to the team,
 * which frees their members.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_ATOMIC = CLI_OPT_FIRST_OWN,
	OPT_DRY_RUN,
	OPT_REASON,
	OPT_REJECTS,
	OPT_SUMMARY
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("reason", OPT_REASON, "TEXT",
		   "why (kept with the contract and in the audit log)"),
	OPT_FLAG("atomic", OPT_ATOMIC,
		 "change nothing if any contract is refused"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and print, change nothing"),
	OPT_BATCH_OUTPUTS(OPT_REJECTS, OPT_SUMMARY),
	OPT_END
};

static const char *const verbs[] = { "approve", "reject", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-review",
	.usage = "fdss review approve | reject [--reason TEXT] [--atomic] "
		 "[--dry-run] [--rejects FILE]\n"
		 "                   [--summary FILE] [CONTRACT ...]",
	.help = "\n"
		"Approve or reject pending contracts, named or read as JSON "
		"records with a\n"
		"\"number\" key on stdin (what 'fdss contract list' prints). "
		" Exit 65 if one\n"
		"could not be reviewed.\n"
		"\n",
	.opts = opts,
	.help_width = 18,
	.verbs = verbs,
};

/* The batch and the decision. */
struct reader {
	fdss_contract_batch *b;
	int approve;
	const char *reason;
};

static int review_record(void *arg, const cJSON *obj, const char *bad)
{
	struct reader *rd = arg;
	fdss_error err = FDSS_ERROR_INIT;
	const char *number = NULL;
	int rc = FDSS_EDATA;

	if (!bad && (rc = fdss_json_get_string(obj, "number", &number,
					       &err)) == FDSS_OK)
		return fdss_contract_review(rd->b, number, rd->approve,
					    rd->reason);
	fdss_contract_batch_reject(rd->b, bad ? NULL : "record", bad ? bad
				   : rc == FDSS_ENOTFOUND ? "no \"number\""
				   : err.msg);
	return FDSS_EDATA;
}

int main(int argc, char **argv)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_stats st = { 0 };
	struct cli_report rep = {
		.type = "review",
		.line = "read %ld, approved %ld, rejected %ld",
		.counts = { { "read", &st.requests },
			    { "approved", &st.contracts },
			    { "rejected", &st.rejected } }
	};
	fdss_contract_batch *b = NULL;
	struct reader rd = { NULL, 0, NULL };
	struct cli c;
	struct cli_batch r;
	fdss_db *db = NULL;
	int opt, status, rc = FDSS_OK, i;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r, &c, "number");
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ATOMIC: o.atomic = 1; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_REASON: rd.reason = optarg; break;
		case OPT_REJECTS: r.rejects_path = optarg; break;
		case OPT_SUMMARY: r.summary_path = optarg; break;
		}
	}
	if (optind >= argc || (strcmp(argv[optind], "approve") != 0 &&
			       strcmp(argv[optind], "reject") != 0))
		cli_usage_error(&c, "expected approve or reject");
	rd.approve = strcmp(argv[optind++], "approve") == 0;
	if (!rd.approve) {	/* rejected contracts go back to the team */
		rep.line = "read %ld, returned %ld, rejected %ld";
		rep.counts[1].key = "returned";
	}
	if (argc - optind == 1 && strcmp(argv[optind], "-") == 0)
		optind++;	/* "-" is stdin, as no operand */
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
		rc = cli_batch_read(&r, review_record, &rd);
	for (i = optind; i < argc && (rc == FDSS_OK || rc == FDSS_EDATA); i++)
		rc = fdss_contract_review(b, argv[i], rd.approve, rd.reason);
	status = cli_batch_finish(&r, db, b, rc, o.dry_run, &rep, &st);
out:
	fdss_contract_batch_free(b);
	status = cli_batch_end(&r, st.committed, status);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
