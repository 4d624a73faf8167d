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

int main(int argc, char **argv)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_renew_req q = { NULL, 0 };
	fdss_contract_stats st = { 0 };
	const struct cli_report rep = {
		.type = "renew",
		.line = "read %ld, renewed %ld covering %ld people, "
			"rejected %ld",
		.counts = { { "read", &st.requests },
			    { "renewed", &st.contracts },
			    { "members", &st.members },
			    { "rejected", &st.rejected } }
	};
	fdss_contract_batch *b = NULL;
	struct reader rd = { NULL, &q };
	const char *errstr;
	struct cli c;
	struct cli_batch r;
	fdss_db *db = NULL;
	int opt, status, rc = FDSS_OK, within = -1, i;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r, &c, "number");
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_APPROVE: o.approve = 1; break;
		case OPT_ATOMIC: o.atomic = 1; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_REJECTS: r.rejects_path = optarg; break;
		case OPT_SUMMARY: r.summary_path = optarg; break;
		case OPT_TEAM: q.team = optarg; break;
		case OPT_WITHIN:
			within = (int)cli_strtonum(optarg, 0, 3660, &errstr);
			if (errstr)
				cli_usage_error(&c, "--within '%s': %s", optarg,
						errstr);
			break;
		case OPT_YEARS:
			q.years = (int)cli_strtonum(optarg, 1, 3, &errstr);
			if (errstr)
				cli_usage_error(&c, "--years '%s': expected 1, "
						"2 or 3", optarg);
			break;
		}
	}
	for (i = optind; argc - optind > 1 && i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			cli_usage_error(&c, "'-' reads the contracts from "
					"stdin: no other operand");
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
	/* stdin only when asked: cron's renewal has none to give */
	if (optind == argc)
		rc = fdss_contract_renew_due(b, within, &q);
	else if (strcmp(argv[optind], "-") == 0)
		rc = cli_batch_read(&r, renew_record, &rd);
	else
		for (i = optind; i < argc &&
			    (rc == FDSS_OK || rc == FDSS_EDATA); i++)
			rc = fdss_contract_renew(b, argv[i], &q);
	status = cli_batch_finish(&r, db, b, rc, o.dry_run, &rep, &st);
out:
	fdss_contract_batch_free(b);
	status = cli_batch_end(&r, st.committed, status);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
