/*
 * fdss-area: load administrative divisions from the statistical bureau's
 * CSV files, list them and find them by name.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_ATOMIC = CLI_OPT_FIRST_OWN,
	OPT_DRY_RUN,
	OPT_LEVEL,
	OPT_UNDER
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_FLAG("atomic", OPT_ATOMIC,
		 "import nothing if any row is rejected"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and count, write nothing"),
	OPT_STRING("under", OPT_UNDER, "CODE", "only divisions below CODE"),
	OPT_STRING("level", OPT_LEVEL, "LEVEL",
		   "province, city, county, township or village"),
	OPT_END
};

/* What the options asked for. */
struct args {
	struct cli_area_import o;	/* --atomic, --dry-run */
	const char *under;
	int level;
};

static int import(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	return cli_area_import(r->c, r->db, &a->o, r->args, r->nargs);
}

/* population import: census figures, as import does divisions. */
static int population(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	struct cli_area_import o = a->o;

	o.population = 1;
	return cli_area_import(r->c, r->db, &o, r->args, r->nargs);
}

static int print_area(const fdss_area *a, void *p)
{
	return cli_printer_record(p, fdss_area_to_json(a));
}

static int list(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	fdss_area_query q = FDSS_AREA_QUERY_INIT;
	struct cli_printer p;
	int rc;

	cli_printer_init(&p, r->c, NULL, 0);
	q.under = a->under;
	q.level = a->level;
	rc = fdss_area_list(r->db, &q, print_area, &p);
	return cli_printer_end(&p, r->db, rc);
}

static int find(const struct cli_verb_run *r)
{
	const char *name = r->args[0];
	struct cli_printer p;
	long n = 0;
	int status, rc;

	cli_printer_init(&p, r->c, NULL, 0);
	rc = fdss_area_find(r->db, name, print_area, &p, &n);
	status = cli_walk_status(r->c, r->db, p.rc, rc);
	if (status == EXIT_OK && n == 0) {
		cli_error(r->c, "no area name contains '%s'", name);
		status = EXIT_NOINPUT;
	}
	return cli_finish(r->c, p.o, status);
}

/* import and population import take files, not --under or --level. */
static void check_import(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	if (a->under || a->level)
		cli_usage_error(r->c, "import takes no --under or --level");
	if (r->nargs == 0)
		cli_usage_error(r->c, "import needs a FILE ('-' is stdin)");
}

/* Exit 64 when verb, a listing, was given --atomic or --dry-run. */
static void refuse_import_options(const struct cli_verb_run *r,
				  const char *verb)
{
	const struct args *a = r->arg;

	if (a->o.atomic || a->o.dry_run)
		cli_usage_error(r->c, "%s takes no --atomic or --dry-run",
				verb);
}

static void check_list(const struct cli_verb_run *r)
{
	refuse_import_options(r, "list");
	if (r->nargs > 0)
		cli_usage_error(r->c, "unexpected argument '%s'", r->args[0]);
}

static void check_find(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	refuse_import_options(r, "find");
	if (a->under || a->level)
		cli_usage_error(r->c, "find takes no --under or --level");
	if (r->nargs != 1 || !*r->args[0])
		cli_usage_error(r->c, "find needs one NAME");
}

static const struct cli_verb verb_table[] = {
	{ "import", -1, check_import, import, NULL },
	{ "list", -1, check_list, list, NULL },
	{ "find", -1, check_find, find, NULL },
	{ "population import", -1, check_import, population,
	  "population needs 'import'" },
	CLI_VERB_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-area",
	.usage = "fdss area import [--atomic] [--dry-run] FILE ...\n"
		 "       fdss area list [--under CODE] [--level LEVEL]\n"
		 "       fdss area find NAME\n"
		 "       fdss area population import [--atomic] [--dry-run] "
		 "FILE ...",
	.help = "\n"
		"Load divisions from CSV files with 'code' and 'name' "
		"columns ('-' is stdin),\n"
		"list them, or find them by name.\n"
		"\n",
	.opts = opts,
	.help_width = 16,
	.verb_table = verb_table,
};

/* Read the options into a. */
static void parse_options(struct cli *c, struct args *a, int argc,
			  char **argv)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ATOMIC:
			a->o.atomic = 1;
			break;
		case OPT_DRY_RUN:
			a->o.dry_run = 1;
			break;
		case OPT_LEVEL:
			if (!(a->level = fdss_area_level_parse(optarg)))
				cli_usage_error(c, "--level '%s': expected "
						"province, city, county, "
						"township or village", optarg);
			break;
		case OPT_UNDER:
			cli_check_area(c, "under", optarg);
			a->under = optarg;
			break;
		}
	}
}

int main(int argc, char **argv)
{
	const struct cli_verb *v;
	struct args a = { { 0, 0, 0 }, NULL, 0 };
	struct cli c;
	int status;

	cli_start(&c, &cmd, argc, argv);
	parse_options(&c, &a, argc, argv);
	v = cli_verb(&c, verb_table, &a, argc, argv);
	status = cli_verb_run(&c, v, &a, argc, argv);
	cli_end(&c);
	return status;
}
