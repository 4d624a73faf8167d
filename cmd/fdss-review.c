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

/* The options and operands, and what the batch is asked. */
struct args {
	struct cli_contract k;
	struct reader rd;
	int argc;
	char **argv;
};

static void parse_args(struct cli *c, struct args *a, struct cli_report *rep,
		       int argc, char **argv)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ATOMIC: a->k.o.atomic = 1; break;
		case OPT_DRY_RUN: a->k.o.dry_run = 1; break;
		case OPT_REASON: a->rd.reason = optarg; break;
		case OPT_REJECTS: a->k.r.rejects_path = optarg; break;
		case OPT_SUMMARY: a->k.r.summary_path = optarg; break;
		}
	}
	if (optind >= argc || (strcmp(argv[optind], "approve") != 0 &&
			       strcmp(argv[optind], "reject") != 0))
		cli_usage_error(c, "expected approve or reject");
	a->rd.approve = strcmp(argv[optind++], "approve") == 0;
	if (!a->rd.approve) {	/* rejected contracts go back to the team */
		rep->line = "read %ld, returned %ld, rejected %ld";
		rep->counts[1].key = "returned";
	}
	if (argc - optind == 1 && strcmp(argv[optind], "-") == 0)
		optind++;	/* "-" is stdin, as no operand */
	cli_defaults(c);
	cli_check_outputs(c, a->k.r.rejects_path, a->k.r.summary_path, NULL);
}

static int review(struct cli_contract *k, void *arg)
{
	struct args *a = arg;
	int rc = FDSS_OK, i;

	a->rd.b = k->b;
	if (optind == a->argc)
		rc = cli_batch_read(&k->r, review_record, &a->rd);
	for (i = optind; i < a->argc && (rc == FDSS_OK || rc == FDSS_EDATA);
	     i++)
		rc = fdss_contract_review(k->b, a->argv[i], a->rd.approve,
					  a->rd.reason);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = { .argc = argc, .argv = argv };
	struct cli_report rep = {
		.type = "review",
		.line = "read %ld, approved %ld, rejected %ld",
		.counts = { { "read", &a.k.st.requests },
			    { "approved", &a.k.st.contracts },
			    { "rejected", &a.k.st.rejected } }
	};

	cli_contract_start(&a.k, &cmd, argc, argv, "number");
	parse_args(&a.k.c, &a, &rep, argc, argv);
	return cli_contract_run(&a.k, &rep, review, &a);
}
