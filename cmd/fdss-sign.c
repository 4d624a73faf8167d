/*
 * fdss-sign: sign households with a family doctor team — named on the
 * command line, or one per JSON record on stdin (what `fdss person list`
 * prints), each household once.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_APPROVE = CLI_OPT_FIRST_OWN,
	OPT_ATOMIC,
	OPT_DOCTOR,
	OPT_DRY_RUN,
	OPT_HOUSEHOLD,
	OPT_PACKAGE,
	OPT_PERSON,
	OPT_REJECTS,
	OPT_START,
	OPT_SUMMARY,
	OPT_TEAM,
	OPT_YEARS
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("team", OPT_TEAM, "T", "the family doctor team"),
	OPT_STRING("doctor", OPT_DOCTOR, "NAME",
		   "its doctor who signs (default: the team's first)"),
	OPT_STRING("years", OPT_YEARS, "N", "term, 1 to 3 (default 1)"),
	OPT_STRING("start", OPT_START, "DATE", "first day (default: --as-of)"),
	OPT_STRING("package", OPT_PACKAGE, "CODE",
		   "a package for every member besides basic"),
	OPT_STRING("household", OPT_HOUSEHOLD, "NO",
		   "sign household NO (read as a household number only)"),
	OPT_STRING("person", OPT_PERSON, "ID",
		   "sign for person ID (read as an ID number only)"),
	OPT_FLAG("approve", OPT_APPROVE,
		 "store the contracts as reviewed and active"),
	OPT_FLAG("atomic", OPT_ATOMIC,
		 "store nothing if any request is rejected"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and print, store nothing"),
	OPT_BATCH_OUTPUTS(OPT_REJECTS, OPT_SUMMARY),
	OPT_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-sign",
	.usage = "fdss sign --team T [--doctor NAME] [--years N] [--start DATE] "
		 "[--package CODE]...\n"
		 "                 [--approve] [--atomic] [--dry-run] "
		 "[--rejects FILE] [--summary FILE]\n"
		 "                 [--household NO]... [--person ID_NUMBER]... "
		 "[HOUSEHOLD_NO | ID_NUMBER ...]",
	.help = "\n"
		"Sign each household named, or named by a JSON record on "
		"stdin (household_no\n"
		"or id_number; its team, doctor, packages and years override "
		"the options),\n"
		"once.  A household covers its active members; ID numbers "
		"cover only the people\n"
		"named.  An operand that is not the ID number of a person on "
		"the roster is\n"
		"read as a household number; one that is both must be given "
		"with --person\n"
		"or --household.  Exit 65 if a request was rejected.\n"
		"\n",
	.opts = opts,
	.help_width = 18,
};

#define MAX_PACKAGES 16

/* A record on stdin and what it asks for. */
struct reader {
	fdss_contract_batch *b;
	const fdss_sign_req *defaults;
};

static int sign_record(void *arg, const cJSON *obj, const char *bad)
{
	struct reader *rd = arg;
	const char *pkgs[MAX_PACKAGES];
	fdss_error err = FDSS_ERROR_INIT;
	fdss_sign_req q = *rd->defaults;

	if (!bad && fdss_sign_req_from_json(&q, obj, pkgs, MAX_PACKAGES,
					    &err) == FDSS_OK)
		return fdss_contract_sign(rd->b, &q);
	fdss_contract_batch_reject(rd->b, bad ? NULL : "record",
				   bad ? bad : err.msg);
	return FDSS_EDATA;
}

/* The options and operands, and the batch's defaults. */
struct args {
	struct cli_contract k;
	fdss_sign_req q;
	const char *pkgs[MAX_PACKAGES];
	struct cli_operands ops;
};

static void parse_opt(struct cli *c, struct args *a, int opt,
		      const char **start)
{
	switch (opt) {
	case OPT_APPROVE: a->k.o.approve = 1; break;
	case OPT_ATOMIC: a->k.o.atomic = 1; break;
	case OPT_DOCTOR: a->q.doctor = optarg; break;
	case OPT_DRY_RUN: a->k.o.dry_run = 1; break;
	case OPT_HOUSEHOLD:
		cli_operands_add(c, &a->ops, optarg, FDSS_OPERAND_HOUSEHOLD);
		break;
	case OPT_PACKAGE:
		if (a->q.npackages == MAX_PACKAGES)
			cli_usage_error(c, "too many --package");
		a->pkgs[a->q.npackages++] = optarg;
		a->q.packages = a->pkgs;
		break;
	case OPT_PERSON:
		cli_operands_add(c, &a->ops, optarg, FDSS_OPERAND_PERSON);
		break;
	case OPT_REJECTS: a->k.r.rejects_path = optarg; break;
	case OPT_START: *start = optarg; break;
	case OPT_SUMMARY: a->k.r.summary_path = optarg; break;
	case OPT_TEAM: a->q.team = optarg; break;
	case OPT_YEARS: a->q.years = cli_contract_years(c, optarg); break;
	}
}

static void parse_args(struct cli *c, struct args *a, int argc, char **argv)
{
	fdss_error err = FDSS_ERROR_INIT;
	const char *start = NULL;
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1)
		parse_opt(c, a, opt, &start);
	if (!a->ops.n && argc - optind == 1 && strcmp(argv[optind], "-") == 0)
		optind++;	/* "-" is stdin, as no operand */
	while (optind < argc)
		cli_operands_add(c, &a->ops, argv[optind++],
				 FDSS_OPERAND_ANY);
	if (a->ops.n && !a->q.team)
		cli_usage_error(c, "--team is required");
	cli_defaults(c);
	cli_check_outputs(c, a->k.r.rejects_path, a->k.r.summary_path, NULL);
	if (start && fdss_date_parse(&a->q.start, start, &err) != FDSS_OK)
		cli_usage_error(c, "--start %s", err.msg);
}

/* Sign for the operands, or for the records on stdin. */
static int sign(struct cli_contract *k, void *arg)
{
	struct args *a = arg;
	struct reader rd = { k->b, &a->q };

	if (a->ops.n)
		return fdss_contract_sign_operands(k->b, a->ops.names,
						   a->ops.accept, a->ops.n,
						   &a->q);
	return cli_batch_read(&k->r, sign_record, &rd);
}

int main(int argc, char **argv)
{
	struct args a = { .q = { 0 } };
	const struct cli_report rep = {
		.type = "sign",
		.line = "read %ld, signed %ld covering %ld people, "
			"skipped %ld, rejected %ld",
		.counts = { { "read", &a.k.st.requests },
			    { "contracts", &a.k.st.contracts },
			    { "members", &a.k.st.members },
			    { "skipped", &a.k.st.skipped },
			    { "rejected", &a.k.st.rejected } }
	};
	int status;

	cli_contract_start(&a.k, &cmd, argc, argv, "name");
	a.k.r.keys = fdss_sign_req_keys;
	parse_args(&a.k.c, &a, argc, argv);
	status = cli_contract_run(&a.k, &rep, sign, &a);
	cli_operands_release(&a.ops);
	return status;
}
