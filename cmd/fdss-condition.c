/*
 * fdss-condition: a person's chronic conditions — add (one, or a batch
 * of JSON lines on stdin), end, list.  A condition enrols the person in
 * its follow-up programme.  Every change is audited.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_ALL = CLI_OPT_FIRST_OWN,
	OPT_AREA,
	OPT_ATOMIC,
	OPT_DATE,
	OPT_DRY_RUN,
	OPT_ID,
	OPT_KIND,
	OPT_REJECTS,
	OPT_SINCE,
	OPT_SUMMARY
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_FLAG("atomic", OPT_ATOMIC,
		 "add: store nothing if any line is rejected"),
	OPT_FLAG("dry-run", OPT_DRY_RUN,
		 "add: check and print, store nothing"),
	OPT_STRING("rejects", OPT_REJECTS, "FILE",
		   "add: write rejected records there with an \"error\" key"),
	OPT_STRING("summary", OPT_SUMMARY, "FILE",
		   "add: write the counts there as JSON"),
	OPT_STRING("since", OPT_SINCE, "DATE", "date of diagnosis"),
	OPT_STRING("date", OPT_DATE, "DATE",
		   "the day the condition ended (default: --as-of)"),
	OPT_STRING("id", OPT_ID, "ID", "list one person's conditions"),
	OPT_STRING("kind", OPT_KIND, "KIND", "list one kind"),
	OPT_STRING("area", OPT_AREA, "CODE",
		   "list people living in this area"),
	OPT_FLAG("all", OPT_ALL, "list ended conditions too"),
	OPT_END
};

static const char *const verbs[] = { "add", "end", "list", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-condition",
	.usage = "fdss condition add [--atomic] [--dry-run] [--rejects FILE] "
		 "[--summary FILE] [-]\n"
		 "       fdss condition add [--dry-run] [--rejects FILE] "
		 "[--summary FILE]\n"
		 "                          ID_NUMBER KIND [--since DATE]\n"
		 "       fdss condition end ID_NUMBER KIND [--date DATE]\n"
		 "       fdss condition list [--id ID_NUMBER] [--kind KIND] "
		 "[--area CODE] [--all]",
	.help = "\n"
		"Record, end and list chronic conditions.  KIND is "
		"hypertension, diabetes,\n"
		"tb, smi, copd or chronic.  Without operands, add reads JSON "
		"lines\n"
		"{\"id_number\",\"kind\",\"since\"} from stdin; exit 65 if "
		"one was rejected.\n"
		"\n",
	.opts = opts,
	.help_width = 16,
	.verbs = verbs,
};

/* A run: what was asked, and where records go. */
struct run {
	struct cli *c;
	fdss_db *db;
	const char *verb;
	char **args;			/* the operands: ID_NUMBER KIND */
	int nargs;
	fdss_date date;			/* --since or --date, or 0 */
	fdss_condition_query q;		/* list */
	fdss_condition_opts o;		/* add */
	struct cli_batch out;		/* the writer, --rejects, --summary */
	struct cli_printer pr;		/* the writer's, for the walks */
};

/* end: one condition. */
static int end(struct run *r)
{
	fdss_condition_stats st = { .read = 1 };
	int rc, how = 0;

	rc = fdss_condition_end(r->db, r->args[0], r->args[1],
				r->date ? r->date : r->c->today, &how);
	if (rc == FDSS_OK)
		rc = cli_condition_print(&r->pr, r->db, r->args[0],
					 r->args[1]);
	if (rc != FDSS_OK)
		return cli_status(r->c, r->db, rc);
	st.unchanged = how == FDSS_CONDITION_UNCHANGED;
	return cli_condition_summary(&r->out, &st,
				     how == FDSS_CONDITION_ENDED, "", NULL);
}

/* list: the conditions the query selects. */
static int list(struct run *r)
{
	int rc = fdss_condition_list(r->db, &r->q, cli_printer_condition,
				     &r->pr);

	if (rc == FDSS_OK)
		return EXIT_OK;
	return rc == r->pr.rc ? EXIT_IOERR
			      : cli_fail(r->c, rc, fdss_db_error(r->db));
}

/* The verb and its operands, checked: exits 64 when they do not fit. */
static void check_args(const struct run *r)
{
	int is_add = strcmp(r->verb, "add") == 0, n = r->nargs;

	if (!((strcmp(r->verb, "list") == 0 && n == 0) ||
	      (is_add && (n == 0 || n == 2)) ||
	      (is_add && n == 1 && strcmp(r->args[0], "-") == 0) ||
	      (strcmp(r->verb, "end") == 0 && n == 2)))
		cli_usage_error(r->c, "'%s' with %d argument%s", r->verb, n,
				n == 1 ? "" : "s");
	if (n == 2 && !fdss_condition_parse(r->args[1]))
		cli_usage_error(r->c, "condition '%s': expected hypertension, "
				"diabetes, tb, smi, copd or chronic",
				r->args[1]);
	if (!is_add && (r->o.atomic || r->o.dry_run || r->out.rejects_path ||
			r->out.summary_path))
		cli_usage_error(r->c, "--atomic, --dry-run, --rejects and "
				"--summary are options of add");
}

/* One option of the command into r; --since or --date into *date. */
static void parse_opt(struct run *r, int opt, const char **date)
{
	switch (opt) {
	case OPT_ALL: r->q.status = "all"; break;
	case OPT_AREA: r->q.area = optarg; break;
	case OPT_ATOMIC: r->o.atomic = 1; break;
	case OPT_DATE: *date = optarg; break;
	case OPT_DRY_RUN: r->o.dry_run = 1; break;
	case OPT_ID: r->q.id_number = optarg; break;
	case OPT_KIND:
		cli_check_filter(r->c, NULL, CLI_FILTER_CONDITION, optarg);
		r->q.kind = optarg;
		break;
	case OPT_REJECTS: r->out.rejects_path = optarg; break;
	case OPT_SINCE: *date = optarg; break;
	case OPT_SUMMARY: r->out.summary_path = optarg; break;
	}
}

/* Parse the command line into r: the options, the verb and its
 * operands, checked; then the defaults. */
static void parse_args(struct run *r, int argc, char **argv)
{
	fdss_error err = FDSS_ERROR_INIT;
	const char *date = NULL;
	int opt;

	while ((opt = cli_getopt(r->c, argc, argv)) != -1)
		parse_opt(r, opt, &date);
	if (optind >= argc)
		cli_usage_error(r->c, "no command given");
	r->verb = argv[optind++];
	r->args = argv + optind;
	r->nargs = argc - optind;
	check_args(r);
	if (date && fdss_date_parse(&r->date, date, &err) != FDSS_OK)
		cli_usage_error(r->c, "%s %s", strcmp(r->verb, "end") == 0
				? "--date" : "--since", err.msg);
	cli_defaults(r->c);
	cli_check_outputs(r->c, r->out.rejects_path, r->out.summary_path,
			  NULL);
}

/* Open the database and start the batch; then the verb. */
static int run(struct run *r, int *stored)
{
	int status;

	if ((status = cli_open_db(r->c, &r->db, 0)) != EXIT_OK)
		return status;
	cli_check_filter(r->c, r->db, CLI_FILTER_AREA, r->q.area);
	status = cli_batch_start(&r->out, r->db, r->o.atomic,
				 cli_condition_columns,
				 cli_ncondition_columns);
	if (status != EXIT_OK)
		return status;
	r->pr = (struct cli_printer){ r->c, r->out.o, r->c->today, FDSS_OK };
	if (strcmp(r->verb, "add") == 0)
		return cli_condition_add(&r->out, &r->pr, &r->o, r->args,
					 r->nargs, r->date, stored);
	return strcmp(r->verb, "end") == 0 ? end(r) : list(r);
}

int main(int argc, char **argv)
{
	struct cli c;
	struct run r = { .c = &c, .q = FDSS_CONDITION_QUERY_INIT,
			 .o = FDSS_CONDITION_OPTS_INIT };
	int status, stored = 0;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r.out, &c, "id_number");
	parse_args(&r, argc, argv);
	status = run(&r, &stored);
	status = cli_batch_end(&r.out, stored, status);
	fdss_db_close(r.db);
	cli_end(&c);
	return status;
}
