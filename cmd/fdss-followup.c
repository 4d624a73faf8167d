/*
 * fdss-followup: record chronic-care follow-up visits (JSON lines on
 * stdin, or one visit from options), each classified by the rules with
 * its next due date; list a person's history; list who is due.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_ATOMIC,
	OPT_DRY_RUN,
	OPT_HOUSEHOLD,
	OPT_PERSON,
	OPT_PROGRAM,
	OPT_REJECTS,
	OPT_SUMMARY,
	OPT_TEAM,
	OPT_WITHIN,
	OPT_FIELD		/* + the field's index (CLI_VISIT_FIELDS) */
};

/* The options, in the order of the help text, then the fields of a
 * visit and the operands of list. */
static const struct cli_optdef opts[] = {
	OPT_STRING("program", OPT_PROGRAM, "P",
		   "hypertension, diabetes, smi, tb, elderly or chronic"),
	OPT_FLAG("atomic", OPT_ATOMIC, "store nothing if any visit is rejected"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and print, store nothing"),
	OPT_BATCH_OUTPUTS(OPT_REJECTS, OPT_SUMMARY),
	OPT_STRING("within", OPT_WITHIN, "DAYS",
		   "due: also what falls due within DAYS"),
	OPT_STRING("team", OPT_TEAM, "T",
		   "due: only that team's patients, that area's people"),
	OPT_STRING("area", OPT_AREA, "CODE", NULL),
	OPT_STRING("household", OPT_HOUSEHOLD, NULL, ""),
	OPT_STRING("person", OPT_PERSON, NULL, ""),
	CLI_VISIT_OPTIONS(OPT_FIELD)
	OPT_END
};

static const char *const verbs[] = { "record", "list", "due", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-followup",
	.usage = "fdss followup record [--atomic] [--dry-run] [--rejects FILE] "
		 "[--summary FILE] [-]\n"
		 "       fdss followup record ID_NUMBER --program P [--date DATE] "
		 "[--mode M] [--doctor NAME]\n"
		 "                 [--sbp N --dbp N] [--heart-rate N] [--fpg X] "
		 "[--temperature X] [--risk-level N]\n"
		 "                 [--insight I] [--symptoms S] "
		 "[--social-function F] [--phase P] [--supervisor S]\n"
		 "                 [--doses-taken N] [--doses-due N] "
		 "[--adverse-reaction] [--new-complication] [--emergency]\n"
		 "       fdss followup list ID_NUMBER | NO | --person ID_NUMBER | "
		 "--household NO\n"
		 "                 [--program P]\n"
		 "       fdss followup due [--within DAYS] [--team T] "
		 "[--area CODE] [--program P]",
	.help = "\nrecord stores visits (JSON lines on stdin, or one visit "
		"from the options),\neach with its classification, next due "
		"date and action; exit 65 if one was\nrejected.  list shows a "
		"person's visits; due lists who is due at --as-of.\n"
		"\n",
	.opts = opts,
	.help_width = 18,
	.verbs = verbs,
};

/* The command line, parsed. */
struct args {
	const char *verb;
	const char *program;		/* --program, or NULL */
	fdss_followup_opts o;		/* record */
	fdss_due_query q;		/* due */
	struct cli_operands ops;	/* list: the person or household */
	cJSON *one;			/* record: the visit of the options;
					 * NULL: the visits on stdin */
	int nfields;			/* how many of its fields were given */
};

/* One option of the command into a, or r's outputs. */
static void parse_opt(struct cli *c, struct args *a, struct cli_batch *r,
		      int opt)
{
	const char *errstr;

	switch (opt) {
	case OPT_AREA: a->q.area = optarg; break;
	case OPT_ATOMIC: a->o.atomic = 1; break;
	case OPT_DRY_RUN: a->o.dry_run = 1; break;
	case OPT_HOUSEHOLD:
	case OPT_PERSON:
		cli_operands_add(c, &a->ops, optarg, opt == OPT_PERSON
				 ? FDSS_OPERAND_PERSON
				 : FDSS_OPERAND_HOUSEHOLD);
		break;
	case OPT_PROGRAM: a->program = optarg; break;
	case OPT_REJECTS: r->rejects_path = optarg; break;
	case OPT_SUMMARY: r->summary_path = optarg; break;
	case OPT_TEAM: a->q.team = optarg; break;
	case OPT_WITHIN:
		a->q.within = (int)cli_strtonum(optarg, 0, 3650, &errstr);
		if (errstr)
			cli_usage_error(c, "--within '%s': expected days, 0 "
					"to 3650", optarg);
		break;
	default:
		cli_visit_option(c, a->one, opt - OPT_FIELD, optarg);
		a->nfields++;
	}
}

/* record's operand: an ID number (the visit of the options, with
 * --program), or "-" or none (the visits on stdin: a->one NULL). */
static void record_args(struct cli *c, struct args *a, int argc,
			char **argv)
{
	if (optind == argc - 1 && strcmp(argv[optind], "-") != 0) {
		if (!a->program)
			cli_usage_error(c, "--program is required");
		cJSON_AddStringToObject(a->one, "id_number", argv[optind++]);
		cJSON_AddStringToObject(a->one, "program", a->program);
		return;
	}
	optind += optind < argc && strcmp(argv[optind], "-") == 0;
	if (a->nfields)
		cli_usage_error(c, "the visit's options need an ID_NUMBER");
	cJSON_Delete(a->one);
	a->one = NULL;
}

/* The operands of the verb, checked: exits 64 when they do not fit. */
static void check_args(struct cli *c, struct args *a, int argc, char **argv)
{
	int list = strcmp(a->verb, "list") == 0;

	if (a->ops.n && (!list || a->ops.n > 1))
		cli_usage_error(c, "one --household or --person goes with "
				"list");
	if (list && !a->ops.n && optind == argc - 1)
		cli_operands_add(c, &a->ops, argv[optind++],
				 FDSS_OPERAND_ANY);
	if (strcmp(a->verb, "record") == 0)
		record_args(c, a, argc, argv);
	else if (!((list && a->ops.n == 1 && optind == argc) ||
		   (strcmp(a->verb, "due") == 0 && optind == argc)) ||
		 a->nfields)
		cli_usage_error(c, "'%s': wrong arguments", a->verb);
	if (optind < argc)
		cli_usage_error(c, "too many arguments");
}

/* Check --program: a programme name, or referral with due. */
static void check_program(struct cli *c, const char *verb,
			  const char *program)
{
	if (strcmp(verb, "record") != 0 && program &&
	    !(strcmp(verb, "due") == 0 && strcmp(program, "referral") == 0))
		cli_check_filter(c, NULL, CLI_FILTER_PROGRAM, program);
	else if (program && !fdss_program_parse(program) &&
		 strcmp(verb, "record") == 0)
		cli_usage_error(c, "--program '%s': expected hypertension, "
				"diabetes, smi, tb, elderly or chronic", program);
}

/* Parse the command line into a and r's outputs, then the defaults:
 * exits 64 when it does not fit. */
static void parse_args(struct cli *c, struct args *a, struct cli_batch *r,
		       int argc, char **argv)
{
	char d[FDSS_DATE_BUFSZ];
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1)
		parse_opt(c, a, r, opt);
	if (optind >= argc)
		cli_usage_error(c, "no command given");
	a->verb = argv[optind++];
	check_args(c, a, argc, argv);
	check_program(c, a->verb, a->program);
	cli_defaults(c);
	cli_check_outputs(c, r->rejects_path, r->summary_path, NULL);
	if (a->one && !cJSON_GetObjectItemCaseSensitive(a->one, "date"))
		cJSON_AddStringToObject(a->one, "date",
					fdss_date_format(d, c->today));
}

/* due: who is due at --as-of, under the filters. */
static int due(struct cli_batch *r, struct args *a)
{
	int program = fdss_program_parse(a->program);

	a->q.ref = r->c->today;
	a->q.program = program ? fdss_program_name(program) : a->program;
	return cli_status(r->c, r->db, fdss_followup_due(r->db, &a->q,
							 cli_due_print, r->o));
}

/* Start the batch on db, its table columns the verb's, and run the
 * verb.  Returns the exit status. */
static int run(struct cli *c, struct cli_batch *r, struct args *a,
	       fdss_db *db, int *stored)
{
	int is_due = strcmp(a->verb, "due") == 0, status;

	cli_check_filter(c, db, CLI_FILTER_TEAM, a->q.team);
	cli_check_filter(c, db, CLI_FILTER_AREA, a->q.area);
	if (is_due)
		status = cli_batch_start(r, db, a->o.atomic, cli_due_columns,
					 cli_ndue_columns);
	else
		status = cli_batch_start(r, db, a->o.atomic, cli_visit_columns,
					 cli_nvisit_columns);
	if (status != EXIT_OK)
		return status;
	if (is_due)
		return due(r, a);
	if (strcmp(a->verb, "record") == 0)
		return cli_visit_record(r, &a->o, a->one, stored);
	return cli_visit_list(r, &a->ops, fdss_program_parse(a->program));
}

int main(int argc, char **argv)
{
	struct args a = { .o = FDSS_FOLLOWUP_OPTS_INIT,
			  .q = FDSS_DUE_QUERY_INIT };
	struct cli c;
	struct cli_batch r;
	fdss_db *db = NULL;
	int status, stored = 0;

	a.one = cJSON_CreateObject();
	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r, &c, "id_number");
	parse_args(&c, &a, &r, argc, argv);
	if ((status = cli_open_db(&c, &db, 0)) == EXIT_OK)
		status = run(&c, &r, &a, db, &stored);
	status = cli_batch_end(&r, stored, status);
	cli_operands_release(&a.ops);
	cJSON_Delete(a.one);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
