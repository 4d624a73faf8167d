/*
 * fdss-referral: add a referral (转诊) and list referrals with whether a
 * later visit has met the follow-up each obliges.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_DATE,
	OPT_ID,
	OPT_OPEN,
	OPT_PROGRAM,
	OPT_REASON,
	OPT_TO
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("to", OPT_TO, "INSTITUTION",
		   "where the patient is referred"),
	OPT_STRING("reason", OPT_REASON, "TEXT", "why"),
	OPT_STRING("date", OPT_DATE, "DATE",
		   "the referral's date (default: --as-of)"),
	OPT_STRING("program", OPT_PROGRAM, "P",
		   "hypertension, diabetes, smi, tb, elderly or chronic"),
	OPT_FLAG("open", OPT_OPEN, "list only referrals not met yet"),
	OPT_STRING("id", OPT_ID, "ID", "list one person's referrals"),
	OPT_STRING("area", OPT_AREA, "CODE",
		   "list people living in this area"),
	OPT_END
};

static const char *const verbs[] = { "add", "list", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-referral",
	.usage = "fdss referral add ID_NUMBER --to INSTITUTION --reason TEXT "
		 "[--date DATE] [--program P]\n"
		 "       fdss referral list [--open] [--id ID_NUMBER] "
		 "[--area CODE]",
	.help = "\n"
		"Record a referral, which obliges a follow-up within the "
		"rule\n"
		"referral.followup_days (14), or list referrals: met by a "
		"later visit in\n"
		"their programme (any, without --program), open, or overdue "
		"at --as-of.\n"
		"\n",
	.opts = opts,
	.help_width = 18,
	.verbs = verbs,
};

static const char *const table_columns[] = {
	"id", "id_number", "name", "program", "date", "to", "due_date",
	"status", "met_on"
};

struct printer {
	fdss_out *o;
	fdss_date ref;
	int64_t only;		/* print only this referral, 0 all */
	int rc;
};

static int print_one(const fdss_referral *r, void *arg)
{
	struct printer *pr = arg;

	if (pr->only && r->id != pr->only)
		return 0;
	return pr->rc = cli_out_record(pr->o,
				       fdss_referral_to_json(r, pr->ref));
}

/* Add r and print it as stored. */
static int add(struct cli *c, fdss_db *db, struct printer *pr,
	       fdss_referral *r)
{
	fdss_referral_query q = FDSS_REFERRAL_QUERY_INIT;
	int64_t id = 0;
	int rc;

	if (!r->date)
		r->date = c->today;
	if ((rc = fdss_referral_add(db, r, c->today, &id)) != FDSS_OK)
		return cli_fail(c, rc, fdss_db_error(db));
	q.ref = c->today;
	q.id_number = r->id_number;
	pr->only = id;
	rc = fdss_referral_list(db, &q, print_one, pr);
	if (rc != FDSS_OK)
		return rc == pr->rc ? EXIT_IOERR
				    : cli_fail(c, rc, fdss_db_error(db));
	return EXIT_OK;
}

/* Parse the options into r and q; the verb. */
static const char *parse_args(struct cli *c, fdss_referral *r,
			      fdss_referral_query *q, int argc, char **argv)
{
	fdss_error err = FDSS_ERROR_INIT;
	const char *verb, *date = NULL;
	int opt, nargs;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_AREA: q->area = optarg; break;
		case OPT_DATE: date = optarg; break;
		case OPT_ID: q->id_number = optarg; break;
		case OPT_OPEN: q->open_only = 1; break;
		case OPT_PROGRAM: r->program = optarg; break;
		case OPT_REASON: r->reason = optarg; break;
		case OPT_TO: r->to_institution = optarg; break;
		}
	}
	if (optind >= argc)
		cli_usage_error(c, "no command given");
	verb = argv[optind++];
	nargs = argc - optind;
	if (!((strcmp(verb, "list") == 0 && nargs == 0) ||
	      (strcmp(verb, "add") == 0 && nargs == 1)))
		cli_usage_error(c, "'%s' with %d argument%s", verb, nargs,
				nargs == 1 ? "" : "s");
	if (strcmp(verb, "add") == 0 && (!r->to_institution || !r->reason))
		cli_usage_error(c, "--to and --reason are required");
	if (r->program && !fdss_program_parse(r->program))
		cli_usage_error(c, "--program '%s': expected hypertension, "
				"diabetes, smi, tb, elderly or chronic",
				r->program);
	if (date && fdss_date_parse(&r->date, date, &err) != FDSS_OK)
		cli_usage_error(c, "--date %s", err.msg);
	cli_defaults(c);
	return verb;
}

int main(int argc, char **argv)
{
	fdss_referral r;
	fdss_referral_query q = FDSS_REFERRAL_QUERY_INIT;
	struct printer pr = { NULL, 0, 0, FDSS_OK };
	struct cli c;
	fdss_db *db = NULL;
	const char *verb;
	int status, rc;

	memset(&r, 0, sizeof(r));
	cli_start(&c, &cmd, argc, argv);
	verb = parse_args(&c, &r, &q, argc, argv);
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	cli_check_filter(&c, db, CLI_FILTER_AREA, q.area);
	pr.o = cli_output(&c);
	pr.ref = c.today;
	if (c.format == FDSS_FORMAT_TABLE)
		fdss_out_columns(pr.o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
	if (strcmp(verb, "add") == 0) {
		r.id_number = argv[optind];
		status = add(&c, db, &pr, &r);
	} else {
		q.ref = c.today;
		rc = fdss_referral_list(db, &q, print_one, &pr);
		if (rc != FDSS_OK)
			status = rc == pr.rc ? EXIT_IOERR : cli_fail(&c, rc,
							fdss_db_error(db));
	}
	status = cli_finish(&c, pr.o, status);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
