/*
 * fdss-person: list the people of the roster by area, group, import batch
 * or household, and show people by ID number.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The filters are numbered by cli_filter.h (CLI_ROSTER_*). */
enum {
	OPT_ALL = CLI_ROSTER_END,
	OPT_HISTORY,
	OPT_HOUSEHOLD,
	OPT_DATE,
	OPT_DRY_RUN,
	OPT_NOTE,
	OPT_PERSON,
	OPT_REASON
};

/* The options, in the order of the help text; the ones of show and
 * leave the prose tells of. */
static const struct cli_optdef opts[] = {
	OPT_STRING("area", CLI_ROSTER_AREA, "CODE",
		   "living in this province, city, county, township or village"),
	OPT_STRING("group", CLI_ROSTER_GROUP, "GROUP",
		   "elderly, child, disabled, chronic, poverty, priority,\n"
		   "hypertension, diabetes, tb, smi, low_income or "
		   "special_family\n(ages at --as-of)"),
	OPT_FLAG("poverty", CLI_ROSTER_POVERTY,
		 "only people of the poverty registry"),
	OPT_FLAG("unsigned", CLI_ROSTER_UNSIGNED,
		 "only people without a contract pending, approved or\n"
		 "active at --as-of"),
	OPT_STRING("batch", CLI_ROSTER_BATCH, "N",
		   "only people that import batch N changed"),
	OPT_STRING("household", OPT_HOUSEHOLD, "NO",
		   "only the members of household NO"),
	OPT_FLAG("all", OPT_ALL, "also people who moved, died or were removed"),
	OPT_HELP("format", "xlsx",
		 "the roster workbook that fdss import reads back"),
	OPT_FLAG("history", OPT_HISTORY, ""),
	OPT_STRING("person", OPT_PERSON, NULL, ""),
	OPT_STRING("reason", OPT_REASON, NULL, ""),
	OPT_STRING("date", OPT_DATE, NULL, ""),
	OPT_STRING("note", OPT_NOTE, NULL, ""),
	OPT_FLAG("dry-run", OPT_DRY_RUN, ""),
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

/* What the leave verb was asked. */
struct leave_args {
	const char *reason, *note;
	fdss_date date;
	int dry_run;
};

/* Where the leave verb reports. */
struct leave_run {
	struct cli *c;
	fdss_out *o;
};

static void leave_reject(void *arg, const char *subject, const char *reason)
{
	struct leave_run *r = arg;

	cli_error(r->c, "%s: %s", subject, reason);
}

static int leave_contract(void *arg, const fdss_contract *k)
{
	struct leave_run *r = arg;

	return cli_print_contract(r->o, k, r->c->today);
}

/* fdss person leave: statuses change, covers end, contracts printed. */
static int leave(struct cli *c, fdss_db *db, const struct leave_args *a,
		 int n, char **ids)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_batch *b = NULL;
	fdss_contract_stats st;
	static const char *const columns[] = {
		"number", "household_no", "team", "doctor", "start_date",
		"end_date", "years", "status", "terminated_on", "refund_fen"
	};
	struct leave_run r = { c, cli_output(c) };
	int status = EXIT_OK, rc, i, stored = 0;

	if (c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(r.o, columns, sizeof(columns) /
				 sizeof(columns[0]));
	o.ref = c->today;
	o.dry_run = a->dry_run;
	o.reject = leave_reject;
	o.contract = leave_contract;
	o.arg = &r;
	fdss_db_defer_commit(db, 1);	/* the records out first */
	if ((rc = fdss_contract_batch_open(&b, db, &o)) != FDSS_OK)
		return cli_finish(c, r.o, cli_fail(c, rc, fdss_db_error(db)));
	for (i = 0, rc = FDSS_OK; i < n && (rc == FDSS_OK || rc == FDSS_EDATA);
	     i++)
		rc = fdss_contract_person_leaves(b, ids[i], a->reason, a->date,
						 a->note);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		status = cli_fail(c, rc, fdss_db_error(db));
	else if ((rc = fdss_contract_batch_finish(b, &st)) != FDSS_OK)
		status = cli_fail(c, rc, fdss_db_error(db));
	else
		status = st.rejected ? EXIT_DATAERR : EXIT_OK;
	fdss_contract_batch_free(b);
	status = cli_finish(c, r.o, status);
	rc = cli_commit(c, db, status != EXIT_IOERR, &stored);
	return rc ? rc : status;
}

/* Take an option of the leave verb; 0 if opt is not one. */
static int leave_option(struct cli *c, struct leave_args *a, int opt,
			const char *arg)
{
	fdss_error err = FDSS_ERROR_INIT;

	switch (opt) {
	case OPT_DATE:
		if (fdss_date_parse(&a->date, arg, &err) != FDSS_OK)
			cli_usage_error(c, "--date %s", err.msg);
		return 1;
	case OPT_DRY_RUN:
		a->dry_run = 1;
		return 1;
	case OPT_NOTE:
		a->note = arg;
		return 1;
	case OPT_REASON:
		a->reason = arg;
		return 1;
	default:
		return 0;
	}
}

/* Parse the options into q, a (for leave), ops (the operands of show
 * and leave) and *hist (show --history); returns the verb. */
static const char *parse_args(struct cli *c, fdss_person_query *q,
			      struct leave_args *a, struct cli_operands *ops,
			      int *hist, int argc, char **argv)
{
	const char *verb;
	int opt, filtered = 0, persons = 0;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		if (leave_option(c, a, opt, optarg))
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
	if (optind >= argc)
		cli_usage_error(c, "no command given");
	verb = argv[optind++];
	cli_check_xlsx(c, verb);
	if (strcmp(verb, "list") == 0) {
		if (optind < argc)
			cli_usage_error(c, "unexpected argument '%s'",
					argv[optind]);
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
		  const struct leave_args *a)
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
	     : a ? leave(c, db, a, (int)n, ids) : show(c, db, (int)n, ids);
	cli_operands_free_ids(ids, n);
	return rc != EXIT_OK ? rc : status;
}

int main(int argc, char **argv)
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	struct leave_args a = { NULL, NULL, 0, 0 };
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
