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

/* What the options asked for. */
struct args {
	fdss_referral r;		/* add's referral */
	fdss_referral_query q;		/* list's filters */
};

/* The printer of a verb on stdout, --area checked first. */
static void start(const struct cli_verb_run *r, struct printer *pr)
{
	const struct args *a = r->arg;

	cli_check_filter(r->c, r->db, CLI_FILTER_AREA, a->q.area);
	pr->o = cli_output(r->c);
	pr->ref = r->c->today;
	if (r->c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(pr->o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
}

/* add ID_NUMBER: the referral stored, printed. */
static int run_add(const struct cli_verb_run *r)
{
	struct args *a = r->arg;
	struct printer pr = { NULL, 0, 0, FDSS_OK };

	start(r, &pr);
	a->r.id_number = r->args[0];
	return cli_finish(r->c, pr.o, add(r->c, r->db, &pr, &a->r));
}

static int list(const struct cli_verb_run *r)
{
	struct args *a = r->arg;
	struct printer pr = { NULL, 0, 0, FDSS_OK };
	int status = EXIT_OK, rc;

	start(r, &pr);
	a->q.ref = r->c->today;
	rc = fdss_referral_list(r->db, &a->q, print_one, &pr);
	if (rc != FDSS_OK && rc == pr.rc)
		status = EXIT_IOERR;
	else if (rc != FDSS_OK)
		status = cli_fail(r->c, rc, fdss_db_error(r->db));
	return cli_finish(r->c, pr.o, status);
}

static void check_add(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	if (!a->r.to_institution || !a->r.reason)
		cli_usage_error(r->c, "--to and --reason are required");
}

static const struct cli_verb verb_table[] = {
	{ "add", 1, check_add, run_add, NULL },
	{ "list", 0, NULL, list, NULL },
	CLI_VERB_END
};

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
	.verb_table = verb_table,
};

/* Parse the options into a; the verb, checked. */
static const struct cli_verb *parse_args(struct cli *c, struct args *a,
					 int argc, char **argv)
{
	fdss_error err = FDSS_ERROR_INIT;
	const struct cli_verb *v;
	const char *date = NULL;
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_AREA: a->q.area = optarg; break;
		case OPT_DATE: date = optarg; break;
		case OPT_ID: a->q.id_number = optarg; break;
		case OPT_OPEN: a->q.open_only = 1; break;
		case OPT_PROGRAM: a->r.program = optarg; break;
		case OPT_REASON: a->r.reason = optarg; break;
		case OPT_TO: a->r.to_institution = optarg; break;
		}
	}
	v = cli_verb_counted(c, verb_table, a, argc, argv);
	if (a->r.program && !fdss_program_parse(a->r.program))
		cli_usage_error(c, "--program '%s': expected hypertension, "
				"diabetes, smi, tb, elderly or chronic",
				a->r.program);
	if (date && fdss_date_parse(&a->r.date, date, &err) != FDSS_OK)
		cli_usage_error(c, "--date %s", err.msg);
	return v;
}

int main(int argc, char **argv)
{
	struct args a = { .q = FDSS_REFERRAL_QUERY_INIT };
	const struct cli_verb *v;
	struct cli c;
	int status;

	cli_start(&c, &cmd, argc, argv);
	v = parse_args(&c, &a, argc, argv);
	status = cli_verb_run(&c, v, &a, argc, argv);
	cli_end(&c);
	return status;
}
