/*
 * fdss-contract: list contracts by status (computed at --as-of),
 * team, area and end date, and show contracts by number.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_ENDING_WITHIN,
	OPT_STATUS,
	OPT_TEAM
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("status", OPT_STATUS, "S",
		   "pending, approved, active, expired, rejected or\n"
		   "terminated"),
	OPT_STRING("team", OPT_TEAM, "T", "signed with team T"),
	OPT_STRING("area", OPT_AREA, "CODE",
		   "households living under this division"),
	OPT_STRING("ending-within", OPT_ENDING_WITHIN, "DAYS",
		   "active and ending within DAYS of --as-of"),
	OPT_END
};

static const char *const verbs[] = { "list", "show", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-contract",
	.usage = "fdss contract list [--status STATUS] [--team T] [--area CODE] "
		 "[--ending-within DAYS]\n"
		 "       fdss contract show NUMBER ...",
	.help = "\n"
		"List contracts by number, or show contracts with their "
		"members, packages\n"
		"and fees.  Statuses are as at --as-of.\n"
		"\n",
	.opts = opts,
	.help_width = 21,
	.verbs = verbs,
};

static const char *const table_columns[] = {
	"number", "household_no", "team", "doctor", "start_date", "end_date",
	"years", "status", "renews", "refund_fen"
};

struct printer {
	fdss_out *o;
	fdss_date ref;
	int rc;
};

static int print(const fdss_contract *k, void *arg)
{
	struct printer *p = arg;

	return p->rc = cli_print_contract(p->o, k, p->ref);
}

/* Parse the options into q; 1 for show, 0 for list. */
static int parse_args(struct cli *c, fdss_contract_query *q, int argc,
		      char **argv)
{
	const char *errstr;
	int opt, show;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_AREA: q->area = optarg; break;
		case OPT_ENDING_WITHIN:
			q->ending_within = (int)cli_strtonum(optarg, 0, 36600,
							     &errstr);
			if (errstr)
				cli_usage_error(c, "--ending-within '%s': %s",
						optarg, errstr);
			break;
		case OPT_STATUS:
			cli_check_filter(c, NULL, CLI_FILTER_CONTRACT_STATUS,
					 optarg);
			q->status = fdss_contract_status_parse(optarg);
			break;
		case OPT_TEAM: q->team = optarg; break;
		}
	}
	if (optind >= argc || (strcmp(argv[optind], "list") != 0 &&
			       strcmp(argv[optind], "show") != 0))
		cli_usage_error(c, "expected list or show");
	show = strcmp(argv[optind++], "show") == 0;
	if (show && optind == argc)
		cli_usage_error(c, "show what?");
	if (!show && optind < argc)
		cli_usage_error(c, "list takes no operands");
	cli_defaults(c);
	return show;
}

/* Show the contracts named by the operands; the exit status. */
static int show(struct cli *c, fdss_db *db, struct printer *p, int argc,
		char **argv)
{
	int status = 0, rc, i;

	for (i = optind; i < argc; i++) {
		rc = fdss_contract_get(db, argv[i], print, p);
		if (rc == FDSS_ENOTFOUND && p->rc == FDSS_OK) {
			cli_error(c, "%s", fdss_db_errmsg(db));
			status = EXIT_NOINPUT;
		} else if (rc != FDSS_OK) {
			return p->rc == FDSS_EIO ? EXIT_IOERR
			       : cli_fail(c, rc, fdss_db_error(db));
		}
	}
	return status;
}

int main(int argc, char **argv)
{
	fdss_contract_query q = FDSS_CONTRACT_QUERY_INIT;
	struct printer p = { NULL, 0, FDSS_OK };
	struct cli c;
	fdss_db *db = NULL;
	int status, rc, shows;

	cli_start(&c, &cmd, argc, argv);
	shows = parse_args(&c, &q, argc, argv);
	if ((status = cli_open_db(&c, &db, 0)))
		goto out;
	cli_check_filter(&c, db, CLI_FILTER_TEAM, q.team);
	cli_check_filter(&c, db, CLI_FILTER_AREA, q.area);
	q.ref = p.ref = c.today;
	p.o = cli_output(&c);
	if (c.format == FDSS_FORMAT_TABLE)
		fdss_out_columns(p.o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
	if (shows) {
		status = show(&c, db, &p, argc, argv);
	} else if ((rc = fdss_contract_list(db, &q, print, &p)) != FDSS_OK) {
		status = p.rc == FDSS_EIO ? EXIT_IOERR
			 : cli_fail(&c, rc, fdss_db_error(db));
	}
out:
	status = cli_finish(&c, p.o, status);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
