/*
 * fdss-household: list the households of the roster by area, group or
 * import batch, and show households with their members.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The filters are numbered by cli_filter.h (CLI_ROSTER_*). */
enum {
	OPT_HOUSEHOLD = CLI_ROSTER_END,
	OPT_PERSON
};

/* The options, in the order of the help text: list's, then show's. */
static const struct cli_optdef opts[] = {
	CLI_ROSTER_OPTS("in this province, city, county, township or village",
			"with a member in the group: elderly, child, disabled,\n"
			"chronic, poverty, priority, hypertension, diabetes, "
			"tb,\nsmi, low_income or special_family (ages at "
			"--as-of)",
			"with a member on the poverty registry",
			"with a member without a contract pending, approved\n"
			"or active at --as-of",
			"changed by import batch N, itself or a member"),
	OPT_HELP("format", "xlsx", "the roster workbook of their active "
		 "members, which\nfdss import reads back"),
	OPT_GROUP("\nshow: a household by number, or a person's household by "
		  "ID number; an operand\nthat is both must be given with one "
		  "of\n", 18),
	OPT_STRING("household", OPT_HOUSEHOLD, "NO",
		   "household NO (read as a household number only)"),
	OPT_STRING("person", OPT_PERSON, "ID",
		   "the household of person ID (read as an ID number only)"),
	OPT_END
};

static const char *const verbs[] = { "list", "show", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-household",
	.usage = "fdss household list [--area CODE] [--group GROUP]... "
		 "[--poverty] [--unsigned] [--batch N]\n"
		 "                           [--format xlsx]\n"
		 "       fdss household show [--household NO]... "
		 "[--person ID_NUMBER]... [NO | ID_NUMBER ...]",
	.help = "\nList the households that have an active member matching "
		"the filters, by\nhousehold number, or show households with "
		"all their members.\n"
		"\n",
	.opts = opts,
	.option = cli_option_xlsx,	/* --format xlsx too */
	.help_width = 18,
	.verbs = verbs,
};

static int print_household(const fdss_household *h, void *pr)
{
	return cli_printer_record(pr, fdss_household_to_json(h));
}

static int list(const struct cli *c, fdss_db *db, const fdss_person_query *q)
{
	struct cli_printer pr;

	if (c->format == FDSS_FORMAT_XLSX)
		return cli_roster_sheet(c, db, q, 1);
	cli_printer_init(&pr, c, NULL, 0);
	return cli_printer_end(&pr, db, fdss_household_list(db, q,
							    print_household,
							    &pr));
}

/* What one pass of show prints for each household. */
enum show_what {
	SHOW_HOUSEHOLD = 1 << 0,
	SHOW_MEMBERS = 1 << 1
};

/*
 * Print what of the households nos; found[i] says whether nos[i] exists
 * (set by the pass that shows households, read by one that does not).
 */
static int show_pass(const struct cli *c, fdss_db *db,
		     struct cli_printer *pr, char **nos, int *found, int n,
		     unsigned what)
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	int status = EXIT_OK, i, rc = FDSS_OK;

	q.status = "all";
	q.ref = c->today;
	for (i = 0; i < n && rc == FDSS_OK; i++) {
		if (what & SHOW_HOUSEHOLD) {
			rc = fdss_household_get(db, nos[i], print_household,
						pr);
			found[i] = rc != FDSS_ENOTFOUND;
			if (!found[i]) {
				cli_error(c, "%s", fdss_db_errmsg(db));
				status = EXIT_NOINPUT;
				rc = FDSS_OK;
				continue;
			}
		}
		if (rc == FDSS_OK && (what & SHOW_MEMBERS) && found[i]) {
			q.household_no = nos[i];
			rc = fdss_person_list(db, &q, cli_printer_person, pr);
		}
	}
	return rc == FDSS_OK ? status : cli_walk_status(c, db, pr->rc, rc);
}

/*
 * jsonl and json: each household followed by its members.  table and
 * csv, whose rows share one set of columns: the households, then a
 * second table of all their members.
 */
static int show(const struct cli *c, fdss_db *db, int n, char **nos)
{
	struct cli_printer pr;
	int *found = calloc((size_t)n, sizeof(*found));
	int split = c->format == FDSS_FORMAT_TABLE ||
		    c->format == FDSS_FORMAT_CSV, status, rc, i;

	cli_printer_init(&pr, c, NULL, 0);
	if (!found) {
		cli_error(c, "out of memory");
		return cli_finish(c, pr.o, EXIT_SOFTWARE);
	}
	if (!split) {
		status = show_pass(c, db, &pr, nos, found, n,
				   SHOW_HOUSEHOLD | SHOW_MEMBERS);
		goto out;
	}
	status = show_pass(c, db, &pr, nos, found, n, SHOW_HOUSEHOLD);
	if (fdss_out_finish(pr.o) != FDSS_OK)
		status = EXIT_IOERR;
	fdss_out_free(pr.o);
	pr.o = cli_output(c);
	for (i = 0; i < n && !found[i]; i++)
		;
	if (i == n || (status != EXIT_OK && status != EXIT_NOINPUT))
		goto out;	/* nothing found, or a failure */
	if (c->format == FDSS_FORMAT_TABLE) {
		fputc('\n', stdout);
		fdss_out_columns(pr.o, cli_person_columns, CLI_PERSON_NCOLS);
	}
	rc = show_pass(c, db, &pr, nos, found, n, SHOW_MEMBERS);
	if (rc != EXIT_OK)
		status = rc;
out:
	free(found);
	return cli_finish(c, pr.o, status);
}

/* Parse the options into q and ops (show's operands); returns the verb. */
static const char *parse_args(struct cli *c, fdss_person_query *q,
			      struct cli_operands *ops, int argc, char **argv)
{
	const char *verb;
	int opt, filtered = 0;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		if (opt == OPT_HOUSEHOLD || opt == OPT_PERSON) {
			cli_operands_add(c, ops, optarg, opt == OPT_PERSON ?
					 FDSS_OPERAND_PERSON :
					 FDSS_OPERAND_HOUSEHOLD);
			continue;
		}
		filtered = 1;
		cli_roster_filter(c, q, opt, optarg);
	}
	verb = cli_roster_verb(c, argc, argv);
	if (strcmp(verb, "list") == 0) {
		if (ops->n)
			cli_usage_error(c, "--household and --person go with "
					"show");
	} else if (strcmp(verb, "show") == 0) {
		if (filtered)
			cli_usage_error(c, "show takes household numbers, not "
					"filters");
		while (optind < argc)
			cli_operands_add(c, ops, argv[optind++],
					 FDSS_OPERAND_ANY);
		if (!ops->n)
			cli_usage_error(c, "show needs a household NO");
	} else {
		cli_usage_error(c, "unknown command '%s'", verb);
	}
	return verb;
}

/* show the households the operands name (those that name nothing were
 * printed by cli_operands_resolve(): 66). */
static int show_operands(const struct cli *c, fdss_db *db,
			 struct cli_operands *ops)
{
	int status = cli_operands_resolve(c, db, ops), rc, n;
	char **nos;

	if (status != EXIT_OK && status != EXIT_NOINPUT)
		return status;
	n = cli_operands_households(c, ops, &nos);
	rc = n ? show(c, db, n, nos) : cli_finish(c, NULL, EXIT_OK);
	free(nos);
	return rc != EXIT_OK ? rc : status;
}

int main(int argc, char **argv)
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	struct cli_operands ops = { 0 };
	struct cli c;
	fdss_db *db = NULL;
	const char *verb;
	int status;

	cli_start(&c, &cmd, argc, argv);
	verb = parse_args(&c, &q, &ops, argc, argv);
	cli_defaults(&c);
	q.ref = c.today;
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	if (strcmp(verb, "list") == 0)
		status = list(&c, db, &q);
	else
		status = show_operands(&c, db, &ops);
out:
	cli_operands_release(&ops);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
