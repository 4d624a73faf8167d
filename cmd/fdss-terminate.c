/*
 * fdss-terminate: end a contract early (解约) with its date and reason,
 * freeing its members and recording the refund of the residents' share.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_DATE = CLI_OPT_FIRST_OWN,
	OPT_DRY_RUN,
	OPT_REASON
};

static const struct option options[] = {
	{ "date", required_argument, NULL, OPT_DATE },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "reason", required_argument, NULL, OPT_REASON },
	CLI_COMMON_OPTIONS
};

static const struct cli_cmd cmd = {
	.name = "fdss-terminate",
	.usage = "fdss terminate CONTRACT --reason "
		 "moved|unreachable|refused|request|death|duplicate|other\n"
		 "                      [--date DATE] [--dry-run]",
	.help = "\nEnd a pending or active contract on DATE (default: --as-of), "
		"the first day\nwithout service.  The residents' own share is "
		"refunded for the unused days,\nrounded down to the fen.\n"
		"\n"
		"  --reason R      moved, unreachable, refused, request, death, "
		"duplicate, other\n"
		"  --date DATE     the first day without service\n"
		"  --dry-run       check and print, change nothing\n",
	.options = options,
};

/* Columns of the table format; jsonl, json and csv carry every key. */
static const char *const table_columns[] = {
	"number", "household_no", "team", "doctor", "start_date", "end_date",
	"years", "status", "renews", "refund_fen"
};

struct run {
	struct cli *c;
	fdss_out *o;
};

static void on_reject(void *arg, const char *subject, const char *reason)
{
	struct run *r = arg;

	cli_error(r->c, "%s: %s", subject, reason);
}

static int on_contract(void *arg, const fdss_contract *k)
{
	struct run *r = arg;
	cJSON *rec = fdss_contract_to_json(k, r->c->today);
	int rc = rec ? fdss_out_record(r->o, rec) : FDSS_ENOMEM;

	cJSON_Delete(rec);
	return rc;
}

int main(int argc, char **argv)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_stats st;
	fdss_contract_batch *b = NULL;
	fdss_error err = FDSS_ERROR_INIT;
	const char *reason = NULL, *date = NULL;
	fdss_date on = 0;
	struct cli c;
	struct run r = { &c, NULL };
	fdss_db *db = NULL;
	int opt, status, rc;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (cli_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_DATE: date = optarg; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_REASON: reason = optarg; break;
		}
	}
	if (argc - optind != 1)
		cli_usage_error(&c, "one contract at a time");
	if (!reason)
		cli_usage_error(&c, "--reason is required");
	if (!fdss_termination_reason_valid(reason))
		cli_usage_error(&c, "--reason '%s': expected moved, unreachable, "
				"refused, request, death, duplicate or other",
				reason);
	if (date && fdss_date_parse(&on, date, &err) != FDSS_OK)
		cli_usage_error(&c, "--date %s", err.msg);
	cli_defaults(&c);
	if ((status = cli_open_db(&c, &db, 0)))
		goto out;
	r.o = cli_output(&c);
	if (c.format == FDSS_FORMAT_TABLE)
		fdss_out_columns(r.o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
	o.ref = c.today;
	o.reject = on_reject;
	o.contract = on_contract;
	o.arg = &r;
	if ((rc = fdss_contract_batch_open(&b, db, &o)) != FDSS_OK) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	rc = fdss_contract_terminate(b, argv[optind], reason, on);
	if (rc == FDSS_OK || rc == FDSS_EDATA)
		rc = fdss_contract_batch_finish(b, &st);
	if (rc != FDSS_OK) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	status = st.rejected ? EXIT_DATAERR : EXIT_OK;
out:
	fdss_contract_batch_free(b);
	status = cli_finish(&c, r.o, status);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
