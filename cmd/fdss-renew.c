/*
 * fdss-renew: renew contracts (续约) — those named, those of the records
 * on stdin ("-"), or every approved one ending within DAYS of today —
 * with a successor that starts the day after the old end.  Prints the
 * new contracts, so cron can mail them.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_APPROVE = CLI_OPT_FIRST_OWN,
	OPT_ATOMIC,
	OPT_DRY_RUN,
	OPT_REJECTS,
	OPT_SUMMARY,
	OPT_TEAM,
	OPT_WITHIN,
	OPT_YEARS
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("within", OPT_WITHIN, "DAYS",
		   "how far ahead to look (default: the setting "
		   "renewal_reminder_days)"),
	OPT_STRING("team", OPT_TEAM, "T", "renew with another team"),
	OPT_STRING("years", OPT_YEARS, "N",
		   "term of the successors, 1 to 3 (default: the old term)"),
	OPT_FLAG("approve", OPT_APPROVE,
		 "store the successors as reviewed and active"),
	OPT_FLAG("atomic", OPT_ATOMIC,
		 "store nothing if any renewal is refused"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and print, store nothing"),
	OPT_STRING("rejects", OPT_REJECTS, "FILE",
		   "write the refused contracts there with an \"error\" key"),
	OPT_STRING("summary", OPT_SUMMARY, "FILE",
		   "write the counts there as JSON"),
	OPT_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-renew",
	.usage = "fdss renew [--within DAYS] [--team T] [--years N] [--approve] "
		 "[--atomic] [--dry-run]\n"
		 "                  [--rejects FILE] [--summary FILE] "
		 "[CONTRACT ... | -]",
	.help = "\n"
		"Renew the contracts named, or without them every approved "
		"contract not yet\n"
		"renewed that ends within DAYS (setting "
		"renewal_reminder_days, 30 as\n"
		"seeded) of --as-of or ended within the grace period "
		"(setting\n"
		"renewal_grace_days).  \"-\" reads the contracts' JSON lines "
		"(their \"number\")\n"
		"from stdin.  Exit 65 if one could not be renewed.\n"
		"\n",
	.opts = opts,
	.help_width = 16,
};

/* The batch and the options every record's contract is renewed with. */
struct reader {
	fdss_contract_batch *b;
	const fdss_renew_req *q;
};

/* A record names its contract by "number"; its other keys (a listing's
 * team and term) are not options and are ignored. */
static int renew_record(void *arg, const cJSON *obj, const char *bad)
{
	struct reader *rd = arg;
	fdss_error err = FDSS_ERROR_INIT;
	const char *number = NULL;
	int rc;

	if (bad) {
		fdss_contract_batch_reject(rd->b, NULL, bad);
		return FDSS_EDATA;
	}
	if ((rc = fdss_json_get_string(obj, "number", &number, &err))) {
		fdss_contract_batch_reject(rd->b, "record",
			rc == FDSS_ENOTFOUND ? "no \"number\"" : err.msg);
		return FDSS_EDATA;
	}
	return fdss_contract_renew(rd->b, number, rd->q);
}

/* The options and operands, and the batch's defaults. */
struct args {
	struct cli_contract k;
	fdss_renew_req q;
	int within;
	int argc;
	char **argv;
};

static void parse_args(struct cli *c, struct args *a, int argc, char **argv)
{
	const char *errstr;
	int opt, i;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_APPROVE: a->k.o.approve = 1; break;
		case OPT_ATOMIC: a->k.o.atomic = 1; break;
		case OPT_DRY_RUN: a->k.o.dry_run = 1; break;
		case OPT_REJECTS: a->k.r.rejects_path = optarg; break;
		case OPT_SUMMARY: a->k.r.summary_path = optarg; break;
		case OPT_TEAM: a->q.team = optarg; break;
		case OPT_WITHIN:
			a->within = (int)cli_strtonum(optarg, 0, 3660, &errstr);
			if (errstr)
				cli_usage_error(c, "--within '%s': %s", optarg,
						errstr);
			break;
		case OPT_YEARS:
			a->q.years = cli_contract_years(c, optarg);
			break;
		}
	}
	for (i = optind; argc - optind > 1 && i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			cli_usage_error(c, "'-' reads the contracts from "
					"stdin: no other operand");
	cli_defaults(c);
	cli_check_outputs(c, a->k.r.rejects_path, a->k.r.summary_path, NULL);
}

/* Renew the contracts named, those read on stdin, or those due. */
static int renew(struct cli_contract *k, void *arg)
{
	struct args *a = arg;
	struct reader rd = { k->b, &a->q };
	int rc = FDSS_OK, i;

	/* stdin only when asked: cron's renewal has none to give */
	if (optind == a->argc)
		return fdss_contract_renew_due(k->b, a->within, &a->q);
	if (strcmp(a->argv[optind], "-") == 0)
		return cli_batch_read(&k->r, renew_record, &rd);
	for (i = optind; i < a->argc && (rc == FDSS_OK || rc == FDSS_EDATA);
	     i++)
		rc = fdss_contract_renew(k->b, a->argv[i], &a->q);
	return rc;
}

int main(int argc, char **argv)
{
	struct args a = { .within = -1, .argc = argc, .argv = argv };
	const struct cli_report rep = {
		.type = "renew",
		.line = "read %ld, renewed %ld covering %ld people, "
			"rejected %ld",
		.counts = { { "read", &a.k.st.requests },
			    { "renewed", &a.k.st.contracts },
			    { "members", &a.k.st.members },
			    { "rejected", &a.k.st.rejected } }
	};

	cli_contract_start(&a.k, &cmd, argc, argv, "number");
	parse_args(&a.k.c, &a, argc, argv);
	return cli_contract_run(&a.k, &rep, renew, &a);
}
