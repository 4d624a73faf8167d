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
	OPT_REASON
};

static const struct option options[] = {
	{ "atomic", no_argument, NULL, OPT_ATOMIC },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "reason", required_argument, NULL, OPT_REASON },
	CLI_COMMON_OPTIONS
};

static const char *const verbs[] = { "approve", "reject", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-review",
	.usage = "fdss review approve | reject [--reason TEXT] [--atomic] "
		 "[--dry-run] [CONTRACT ...]",
	.help = "\nApprove or reject pending contracts, named or read as JSON "
		"records with a\n\"number\" key on stdin (what 'fdss contract "
		"list' prints).  Exit 65 if one\ncould not be reviewed.\n"
		"\n"
		"  --reason TEXT   why (kept with the contract and in the audit "
		"log)\n"
		"  --atomic        change nothing if any contract is refused\n"
		"  --dry-run       check and print, change nothing\n",
	.options = options,
	.verbs = verbs,
};

/* Columns of the table format; jsonl, json and csv carry every key. */
static const char *const table_columns[] = {
	"number", "household_no", "team", "doctor", "start_date", "end_date",
	"years", "status", "renews", "refund_fen"
};

struct run {
	struct cli *c;
	fdss_out *o;
	const char *where;
};

static void on_reject(void *arg, const char *subject, const char *reason)
{
	struct run *r = arg;

	cli_error(r->c, "%s%s: %s", r->where, subject, reason);
}

static int on_contract(void *arg, const fdss_contract *k)
{
	struct run *r = arg;
	cJSON *rec = fdss_contract_to_json(k, r->c->today);
	int rc = rec ? fdss_out_record(r->o, rec) : FDSS_ENOMEM;

	cJSON_Delete(rec);
	return rc;
}

static int read_numbers(struct run *r, fdss_contract_batch *b, int approve,
			const char *reason, long *bad)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_jsonl *in = NULL;
	const char *number;
	char where[64];
	cJSON *obj = NULL;
	int rc;

	if (fdss_jsonl_new(&in, stdin, "<stdin>") != FDSS_OK)
		return FDSS_ENOMEM;
	r->where = where;
	while ((rc = fdss_jsonl_next(in, &obj, &err)) != FDSS_EOF) {
		if (rc == FDSS_EIO)
			break;
		snprintf(where, sizeof(where), "<stdin>:%ld: ",
			 fdss_jsonl_line(in));
		if (rc == FDSS_OK && (rc = fdss_json_get_string(obj, "number",
				&number, &err)) == FDSS_ENOTFOUND)
			rc = fdss_error_set(&err, FDSS_EDATA, "no \"number\"");
		if (rc == FDSS_OK) {
			rc = fdss_contract_review(b, number, approve, reason);
		} else {
			++*bad;
			on_reject(r, "record", err.msg);
		}
		cJSON_Delete(obj);
		obj = NULL;
		if (rc != FDSS_OK && rc != FDSS_EDATA)
			break;
		rc = FDSS_OK;
	}
	fdss_jsonl_free(in);
	r->where = "";
	return rc == FDSS_EOF ? FDSS_OK : rc;
}

int main(int argc, char **argv)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_stats st;
	fdss_contract_batch *b = NULL;
	const char *reason = NULL;
	struct cli c;
	struct run r = { &c, NULL, "" };
	fdss_db *db = NULL;
	long bad = 0;
	int opt, status, rc = FDSS_OK, approve, i;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (cli_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_ATOMIC: o.atomic = 1; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_REASON: reason = optarg; break;
		}
	}
	if (optind >= argc || (strcmp(argv[optind], "approve") != 0 &&
			       strcmp(argv[optind], "reject") != 0))
		cli_usage_error(&c, "expected approve or reject");
	approve = strcmp(argv[optind++], "approve") == 0;
	if (argc - optind == 1 && strcmp(argv[optind], "-") == 0)
		optind++;	/* "-" is stdin, as no operand */
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
	if (optind == argc)
		rc = read_numbers(&r, b, approve, reason, &bad);
	for (i = optind; i < argc && (rc == FDSS_OK || rc == FDSS_EDATA); i++)
		rc = fdss_contract_review(b, argv[i], approve, reason);
	if (rc == FDSS_OK || rc == FDSS_EDATA)
		rc = fdss_contract_batch_finish(b, &st);
	if (rc != FDSS_OK && rc != FDSS_EDATA) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	fprintf(stderr, "%s: read %ld, %s %ld, rejected %ld%s\n", cmd.name,
		st.requests + bad, approve ? "approved" : "returned",
		st.contracts, st.rejected + bad,
		o.dry_run ? " (dry run, nothing stored)"
		: rc != FDSS_OK ? " (--atomic: nothing stored)" : "");
	status = st.rejected || bad ? EXIT_DATAERR : EXIT_OK;
out:
	fdss_contract_batch_free(b);
	status = cli_finish(&c, r.o, status);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
