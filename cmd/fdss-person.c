/*
 * fdss-person: list the people of the roster by area, group, import batch
 * or household, and show people by ID number.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_leave.h"

/* The filters are numbered by cli_filter.h (CLI_ROSTER_*). */
enum {
	OPT_ALL = CLI_LEAVE_END,
	OPT_HISTORY,
	OPT_HOUSEHOLD,
	OPT_PERSON
};

/* The options, in the order of the help text; the ones of show and
 * leave the prose tells of. */
static const struct cli_optdef opts[] = {
	CLI_ROSTER_OPTS("living in this province, city, county, township or "
			"village",
			"elderly, child, disabled, chronic, poverty, priority,\n"
			"hypertension, diabetes, tb, smi, low_income or "
			"special_family\n(ages at --as-of)",
			"only people of the poverty registry",
			"only people without a contract pending, approved or\n"
			"active at --as-of",
			"only people that import batch N changed"),
	OPT_STRING("household", OPT_HOUSEHOLD, "NO",
		   "only the members of household NO"),
	OPT_FLAG("all", OPT_ALL, "also people who moved, died or were removed"),
	OPT_HELP("format", "xlsx",
		 "the roster workbook that fdss import reads back"),
	OPT_FLAG("history", OPT_HISTORY, ""),
	OPT_STRING("person", OPT_PERSON, NULL, ""),
	OPT_STRING("reason", CLI_LEAVE_REASON, NULL, ""),
	OPT_STRING("date", CLI_LEAVE_DATE, NULL, ""),
	OPT_STRING("note", CLI_LEAVE_NOTE, NULL, ""),
	OPT_FLAG("dry-run", CLI_LEAVE_DRY_RUN, ""),
	OPT_END
};

static const char *const verbs[] = { "list", "show", "leave", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-person",
	.usage = "fdss person list [--area CODE] [--group GROUP]... "
		 "[--poverty] [--unsigned] [--batch N] [--household NO] [--all]\n"
		 "                        [--format xlsx]\n"
		 "       fdss person show [--household NO]... [--person ID_NUMBER]... "
		 "[ID_NUMBER | NO ...]\n"
		 "       fdss person show --history ID_NUMBER ...\n"
		 "       fdss person leave [--household NO]... [--person ID_NUMBER]... "
		 "[ID_NUMBER | NO ...]\n"
		 "                         --reason death|moved|removed "
		 "[--date DATE] [--note TEXT] [--dry-run]",
	.help = "\nList the people of the roster (active ones unless --all), "
		"by household,\nor show people by ID number.  Filters combine; "
		"several --group mean any of them.\n"
		"\n",
	.opts = opts,
	.option = cli_option_xlsx,	/* --format xlsx too */
	.help_width = 18,
	.epilog =
		"\nshow --history: every audit entry about each person, oldest "
		"first: their\nrow, conditions, households, contracts, visits "
		"and referrals.\n"
		"\nleave: a person died, moved away or was removed from the "
		"roster on --date\n(default --as-of); their cover ends that "
		"day, and the changed contracts\nare printed.\n"
		"\nshow and leave name people by ID number, or a household "
		"for its members (all\nof them for show, the active ones for "
		"leave); an operand that is both an ID\nnumber and a household "
		"number must be given with --person or --household.\n",
	.verbs = verbs,
};

static int list(const struct cli *c, fdss_db *db, const fdss_person_query *q)
{
	struct cli_printer pr;

	if (c->format == FDSS_FORMAT_XLSX)
		return cli_roster_sheet(c, db, q, 0);
	cli_printer_init(&pr, c, cli_person_columns, CLI_PERSON_NCOLS);
	return cli_printer_end(&pr, db, fdss_person_list(db, q,
							 cli_printer_person,
							 &pr));
}

static int get(fdss_db *db, const char *id, void *pr)
{
	return fdss_person_get(db, id, cli_printer_person, pr);
}

static int show(const struct cli *c, fdss_db *db, int n, char **ids)
{
	struct cli_printer pr;

	cli_printer_init(&pr, c, cli_person_columns, CLI_PERSON_NCOLS);
	return cli_printer_each(&pr, db, get, (const char *const *)ids,
				(size_t)n);
}

/* Parse the options into q, a (for leave), ops (the operands of show
 * and leave) and *hist (show --history); returns the verb. */
static const char *parse_args(struct cli *c, fdss_person_query *q,
			      struct cli_leave_args *a, struct cli_operands *ops,
			      int *hist, int argc, char **argv)
{
	const char *verb;
	int opt, filtered = 0, persons = 0;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		if (cli_leave_option(c, a, opt, optarg))
			continue;
		if (opt == OPT_HISTORY) {
			*hist = 1;
			continue;
		}
		if (opt == OPT_HOUSEHOLD || opt == OPT_PERSON) {
			q->household_no = opt == OPT_HOUSEHOLD ? optarg
							       : q->household_no;
			persons += opt == OPT_PERSON;
			cli_operands_add(c, ops, optarg, opt == OPT_PERSON ?
					 FDSS_OPERAND_PERSON :
					 FDSS_OPERAND_HOUSEHOLD);
			continue;
		}
		filtered = 1;
		if (opt == OPT_ALL)
			q->status = "all";
		else
			cli_roster_filter(c, q, opt, optarg);
	}
	verb = cli_roster_verb(c, argc, argv);
	if (strcmp(verb, "list") == 0) {
		if (persons)
			cli_usage_error(c, "--person goes with show and leave");
	} else if (strcmp(verb, "show") == 0 || strcmp(verb, "leave") == 0) {
		if (filtered)
			cli_usage_error(c, "%s takes ID numbers, not filters",
					verb);
		while (optind < argc)
			cli_operands_add(c, ops, argv[optind++],
					 FDSS_OPERAND_ANY);
		if (!ops->n)
			cli_usage_error(c, "%s needs an ID_NUMBER", verb);
		if ((*verb == 'l') != (a->reason != NULL))
			cli_usage_error(c, *verb == 'l' ? "leave needs --reason"
					: "--reason, --date, --note and "
					"--dry-run go with leave");
	} else {
		cli_usage_error(c, "unknown command '%s'", verb);
	}
	if (*hist && strcmp(verb, "show") != 0)
		cli_usage_error(c, "--history goes with show");
	return verb;
}

/* show or leave (a != NULL) the people the operands name: those that
 * name nothing are printed, 66 for show, 65 (rejected) for leave. */
static int people(struct cli *c, fdss_db *db, struct cli_operands *ops,
		  const struct cli_leave_args *a)
{
	int status = cli_operands_resolve(c, db, ops), rc;
	char **ids = NULL;
	size_t n = 0;

	if (status == EXIT_NOINPUT && a)
		status = EXIT_DATAERR;
	if ((status != EXIT_OK && status != EXIT_DATAERR &&
	     status != EXIT_NOINPUT) ||
	    (rc = cli_operands_people(c, db, ops, a ? "active" : "all", &ids,
				      &n)) != EXIT_OK)
		return status != EXIT_OK ? status : rc;
	if (!n && a && status == EXIT_OK) {
		cli_error(c, "%s: no active members", ops->names[0]);
		status = EXIT_DATAERR;
	}
	rc = !n ? cli_finish(c, NULL, EXIT_OK)
	     : a ? cli_leave(c, db, a, (int)n, ids) : show(c, db, (int)n, ids);
	cli_operands_free_ids(ids, n);
	return rc != EXIT_OK ? rc : status;
}

int main(int argc, char **argv)
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	struct cli_leave_args a = { NULL, NULL, 0, 0 };
	struct cli_operands ops = { 0 };
	struct cli c;
	fdss_db *db = NULL;
	const char *verb;
	int status, hist = 0;

	cli_start(&c, &cmd, argc, argv);
	verb = parse_args(&c, &q, &a, &ops, &hist, argc, argv);
	cli_defaults(&c);
	q.ref = c.today;
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	if (strcmp(verb, "list") == 0)
		status = list(&c, db, &q);
	else if (hist)
		status = cli_audit_history(&c, db, ops.names, ops.n);
	else
		status = people(&c, db, &ops, strcmp(verb, "leave") == 0 ? &a
								    : NULL);
out:
	cli_operands_release(&ops);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
