/*
 * fdss-fee: record the annual fee of a package by payer, area and
 * effective date, list the schedule, and look up the fee in force.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_FROM,
	OPT_INSURANCE,
	OPT_PACKAGE,
	OPT_POVERTY_SUBSIDY,
	OPT_PUBLIC_HEALTH,
	OPT_REASON,
	OPT_RESIDENT
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("package", OPT_PACKAGE, "P",
		   "basic, child, maternal, ... (see 'fdss package list')"),
	OPT_STRING("from", OPT_FROM, "DATE", "effective from this date"),
	OPT_STRING("area", OPT_AREA, "PREFIX",
		   "for the divisions under this code (default: everywhere)"),
	OPT_STRING("public-health", OPT_PUBLIC_HEALTH, "Y",
		   "paid by the public-health fund"),
	OPT_STRING("insurance", OPT_INSURANCE, "Y",
		   "paid by medical insurance"),
	OPT_STRING("resident", OPT_RESIDENT, "Y", "paid by the resident"),
	OPT_FLAG("poverty-subsidy", OPT_POVERTY_SUBSIDY,
		 "a poverty-registry resident's share is paid by the subsidy"),
	OPT_STRING("reason", OPT_REASON, "TEXT", "why, for the audit log"),
	OPT_END
};

/* What the options asked for; the amounts are -1 until given. */
struct args {
	fdss_fee f;
	const char *package, *from, *area, *reason;
	int subsidy;
};

static const char *const table_columns[] = {
	"package", "area_prefix", "effective_from", "public_health_fen",
	"insurance_fen", "resident_fen", "total_fen", "poverty_subsidy"
};

static int print_fee(const fdss_fee *f, void *pr)
{
	return cli_printer_record(pr, fdss_fee_to_json(f));
}

static int set(const struct cli_verb_run *r)
{
	struct args *a = r->arg;
	struct cli_printer pr;
	int rc;

	cli_printer_init(&pr, r->c, table_columns, CLI_NCOLS(table_columns));
	snprintf(a->f.package, sizeof(a->f.package), "%s", a->package);
	snprintf(a->f.effective_from, sizeof(a->f.effective_from), "%s",
		 a->from);
	snprintf(a->f.area_prefix, sizeof(a->f.area_prefix), "%s",
		 a->area ? a->area : "");
	a->f.poverty_subsidy = a->subsidy;
	rc = fdss_fee_set(r->db, &a->f, a->reason, NULL);
	if (rc == FDSS_OK)
		rc = print_fee(&a->f, &pr);
	return cli_printer_end(&pr, r->db, rc);
}

static int list(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	struct cli_printer pr;

	cli_printer_init(&pr, r->c, table_columns, CLI_NCOLS(table_columns));
	return cli_printer_end(&pr, r->db, fdss_fee_list(r->db, a->package,
							 print_fee, &pr));
}

static int lookup(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	struct cli_printer pr;
	fdss_package p;
	fdss_fee f;
	int rc;

	cli_printer_init(&pr, r->c, table_columns, CLI_NCOLS(table_columns));
	if ((rc = fdss_package_get(r->db, a->package, &p)) == FDSS_OK &&
	    (rc = fdss_fee_lookup(r->db, a->package, a->area, r->c->today,
				  &f)) == FDSS_OK)
		rc = print_fee(&f, &pr);
	return cli_printer_end(&pr, r->db, rc);
}

static void parse_yuan(struct cli *c, const char *opt, int64_t *fen)
{
	if (fdss_yuan_parse(optarg, fen) != FDSS_OK)
		cli_usage_error(c, "%s '%s': yuan expected, such as 12 or "
				"12.50", opt, optarg);
}

static void parse_option(struct cli *c, struct args *a, int opt)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_date d;

	switch (opt) {
	case OPT_AREA:
		if (!fdss_area_level_of(optarg))
			cli_usage_error(c, "--area '%s': 2, 4, 6, 9 or 12 "
					"digits expected", optarg);
		a->area = optarg;
		break;
	case OPT_FROM:
		if (fdss_date_parse(&d, optarg, &err) != FDSS_OK)
			cli_usage_error(c, "--from %s", err.msg);
		a->from = optarg;
		break;
	case OPT_INSURANCE:
		parse_yuan(c, "--insurance", &a->f.insurance);
		break;
	case OPT_PACKAGE:
		a->package = optarg;
		break;
	case OPT_POVERTY_SUBSIDY:
		a->subsidy = 1;
		break;
	case OPT_PUBLIC_HEALTH:
		parse_yuan(c, "--public-health", &a->f.public_health);
		break;
	case OPT_REASON:
		a->reason = optarg;
		break;
	case OPT_RESIDENT:
		parse_yuan(c, "--resident", &a->f.resident);
		break;
	}
}

/* Was an option of set's given? */
static int setting(const struct args *a)
{
	return a->from || a->reason || a->subsidy || a->f.public_health >= 0 ||
	       a->f.insurance >= 0 || a->f.resident >= 0;
}

/* The checks of set: every amount and the date are needed. */
static void check_set(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	if (!a->package || !a->from)
		cli_usage_error(r->c, "set needs --package and --from");
	if (a->f.public_health < 0 || a->f.insurance < 0 ||
	    a->f.resident < 0)
		cli_usage_error(r->c, "set needs --public-health, --insurance "
				"and --resident (0 for none)");
}

static void check_list(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	if (setting(a) || a->area)
		cli_usage_error(r->c, "list takes only --package");
}

static void check_lookup(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	if (setting(a))
		cli_usage_error(r->c, "lookup takes --package and --area");
	if (!a->package)
		cli_usage_error(r->c, "lookup needs --package");
}

/* The verbs; none takes an operand (parse_args() refuses one before it
 * looks the verb up). */
static const struct cli_verb verb_table[] = {
	{ "set", -1, check_set, set, NULL },
	{ "list", -1, check_list, list, NULL },
	{ "lookup", -1, check_lookup, lookup, NULL },
	CLI_VERB_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-fee",
	.usage = "fdss fee set --package P --from DATE [--area PREFIX] "
		 "--public-health Y --insurance Y\n"
		 "                --resident Y [--poverty-subsidy] "
		 "[--reason TEXT]\n"
		 "       fdss fee list [--package P]\n"
		 "       fdss fee lookup --package P [--area CODE]",
	.help = "\nRecord the annual fee per person of a package, split by "
		"payer, in yuan; list\nthe schedule (in fen); or look up the "
		"fee in force at --as-of for an area\n(the longest matching "
		"area prefix wins, then the latest date).\n\n",
	.opts = opts,
	.help_width = 21,
	.verb_table = verb_table,
};

/* Parse the options into a; returns the verb. */
static const struct cli_verb *parse_args(struct cli *c, struct args *a,
					 int argc, char **argv)
{
	const struct cli_verb *v;
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1)
		parse_option(c, a, opt);
	v = cli_verb_find(c, verb_table, argc, argv);
	if (optind < argc)
		cli_usage_error(c, "unexpected argument '%s'", argv[optind]);
	cli_verb_check(c, v, a, argc, argv);
	return v;
}

int main(int argc, char **argv)
{
	const struct cli_verb *v;
	struct args a;
	struct cli c;
	int status;

	memset(&a, 0, sizeof(a));
	a.f.public_health = a.f.insurance = a.f.resident = -1;
	cli_start(&c, &cmd, argc, argv);
	v = parse_args(&c, &a, argc, argv);
	status = cli_verb_run(&c, v, &a, argc, argv);
	cli_end(&c);
	return status;
}
