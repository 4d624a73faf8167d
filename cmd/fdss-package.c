/*
 * fdss-package: list the service packages with their eligibility and
 * change who is eligible.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_CONDITION = CLI_OPT_FIRST_OWN,
	OPT_MAX_AGE,
	OPT_MIN_AGE,
	OPT_REASON,
	OPT_SEX
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("min-age", OPT_MIN_AGE, "N|none", "youngest eligible age"),
	OPT_STRING("max-age", OPT_MAX_AGE, "N|none", "oldest eligible age"),
	OPT_STRING("sex", OPT_SEX, "M|F|any",
		   "only men, only women, or anyone"),
	OPT_STRING("condition", OPT_CONDITION, "C|none",
		   "hypertension, diabetes, tb, smi, copd, or chronic\n"
		   "(chronic: any condition at all)"),
	OPT_STRING("reason", OPT_REASON, "TEXT", "why, for the audit log"),
	OPT_END
};

/* Which eligibility fields set changes, and to what. */
struct args {
	int min_age, max_age, sex, condition;	/* 1 if given */
	fdss_package p;				/* the new values */
	const char *reason;
};

static const char *const table_columns[] = {
	"code", "name_zh", "name", "min_age", "max_age", "sex", "condition",
	"personalised"
};

static int print_package(const fdss_package *p, void *pr)
{
	return cli_printer_record(pr, fdss_package_to_json(p));
}

static int list(const struct cli_verb_run *r)
{
	struct cli_printer pr;

	cli_printer_init(&pr, r->c, table_columns, CLI_NCOLS(table_columns));
	return cli_printer_end(&pr, r->db, fdss_package_list(r->db,
							     print_package,
							     &pr));
}

static int set(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	const char *code = r->args[0];
	struct cli_printer pr;
	fdss_package p;
	int rc;

	cli_printer_init(&pr, r->c, table_columns, CLI_NCOLS(table_columns));
	if ((rc = fdss_package_get(r->db, code, &p)) == FDSS_OK) {
		if (a->min_age)
			p.min_age = a->p.min_age;
		if (a->max_age)
			p.max_age = a->p.max_age;
		if (a->sex)
			p.sex = a->p.sex;
		if (a->condition)
			p.condition = a->p.condition;
		rc = fdss_package_set(r->db, &p, a->reason);
	}
	if (rc == FDSS_OK &&
	    (rc = fdss_package_get(r->db, code, &p)) == FDSS_OK)
		rc = print_package(&p, &pr);
	return cli_printer_end(&pr, r->db, rc);
}

/* An age bound: 0..FDSS_PACKAGE_AGE_MAX, or "none" for -1. */
static int parse_age(struct cli *c, const char *opt, const char *arg)
{
	const char *errstr;
	long long n;

	if (strcmp(arg, "none") == 0)
		return -1;
	n = cli_strtonum(arg, 0, FDSS_PACKAGE_AGE_MAX, &errstr);
	if (errstr)
		cli_usage_error(c, "%s '%s': %s (0 to %d, or none)", opt, arg,
				errstr, FDSS_PACKAGE_AGE_MAX);
	return (int)n;
}

static void parse_option(struct cli *c, struct args *a, int opt)
{
	switch (opt) {
	case OPT_CONDITION:
		a->condition = 1;
		if (strcmp(optarg, "none") == 0)
			a->p.condition = 0;
		else if (!(a->p.condition = fdss_condition_parse(optarg)))
			cli_usage_error(c, "--condition '%s': expected "
					"hypertension, diabetes, tb, smi, "
					"copd, chronic or none", optarg);
		break;
	case OPT_MAX_AGE:
		a->max_age = 1;
		a->p.max_age = parse_age(c, "--max-age", optarg);
		break;
	case OPT_MIN_AGE:
		a->min_age = 1;
		a->p.min_age = parse_age(c, "--min-age", optarg);
		break;
	case OPT_REASON:
		a->reason = optarg;
		break;
	case OPT_SEX:
		a->sex = 1;
		if (strcmp(optarg, "M") == 0 || strcmp(optarg, "F") == 0)
			a->p.sex = optarg[0];
		else if (strcmp(optarg, "any") == 0)
			a->p.sex = 0;
		else
			cli_usage_error(c, "--sex '%s': expected M, F or any",
					optarg);
		break;
	}
}

/* Was an eligibility option given? */
static int changes(const struct args *a)
{
	return a->min_age || a->max_age || a->sex || a->condition;
}

static void check_list(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	if (changes(a) || a->reason)
		cli_usage_error(r->c, "list takes no eligibility options");
	if (r->nargs > 0)
		cli_usage_error(r->c, "unexpected argument '%s'", r->args[0]);
}

static void check_set(const struct cli_verb_run *r)
{
	if (r->nargs != 1)
		cli_usage_error(r->c, "set needs one package CODE");
	if (!changes(r->arg))
		cli_usage_error(r->c, "set needs --min-age, --max-age, --sex "
				"or --condition");
}

static const struct cli_verb verb_table[] = {
	{ "list", -1, check_list, list, NULL },
	{ "set", -1, check_set, set, NULL },
	CLI_VERB_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-package",
	.usage = "fdss package list\n"
		 "       fdss package set CODE [--min-age N|none] "
		 "[--max-age N|none] [--sex M|F|any]\n"
		 "                        [--condition CONDITION|none] "
		 "[--reason TEXT]",
	.help = "\n"
		"List the basic and the personalised service packages with "
		"who may have them,\n"
		"or change a package's eligibility (ages inclusive, in whole "
		"years).\n"
		"\n",
	.opts = opts,
	.help_width = 21,
	.verb_table = verb_table,
};

int main(int argc, char **argv)
{
	const struct cli_verb *v;
	struct args a;
	struct cli c;
	int opt, status;

	memset(&a, 0, sizeof(a));
	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1)
		parse_option(&c, &a, opt);
	v = cli_verb(&c, verb_table, &a, argc, argv);
	status = cli_verb_run(&c, v, &a, argc, argv);
	cli_end(&c);
	return status;
}
