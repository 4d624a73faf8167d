/*
 * fdss-person: list the people of the roster by area, group, import batch
 * or household, and show people by ID number.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_ALL = CLI_OPT_FIRST_OWN,
	OPT_AREA,
	OPT_BATCH,
	OPT_GROUP,
	OPT_HOUSEHOLD,
	OPT_POVERTY,
	OPT_UNSIGNED
};

static const struct option options[] = {
	{ "all", no_argument, NULL, OPT_ALL },
	{ "area", required_argument, NULL, OPT_AREA },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "group", required_argument, NULL, OPT_GROUP },
	{ "household", required_argument, NULL, OPT_HOUSEHOLD },
	{ "poverty", no_argument, NULL, OPT_POVERTY },
	{ "unsigned", no_argument, NULL, OPT_UNSIGNED },
	CLI_COMMON_OPTIONS
};

static const char *const verbs[] = { "list", "show", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-person",
	.usage = "fdss person list [--area CODE] [--group GROUP]... "
		 "[--poverty] [--unsigned] [--batch N] [--household NO] [--all]\n"
		 "       fdss person show ID_NUMBER ...",
	.help = "\nList the people of the roster (active ones unless --all), "
		"by household,\nor show people by ID number.  Filters combine; "
		"several --group mean any of them.\n"
		"\n"
		"  --area CODE       living in this province, city, county, "
		"township or village\n"
		"  --group GROUP     elderly, child, disabled, chronic, poverty, "
		"priority,\n"
		"                    hypertension, diabetes, tb, smi, low_income "
		"or special_family\n"
		"                    (ages at --as-of)\n"
		"  --poverty         only people of the poverty registry\n"
		"  --unsigned        only people without a pending or running "
		"contract\n"
		"  --batch N         only people that import batch N changed\n"
		"  --household NO    only the members of household NO\n"
		"  --all             also people who moved, died or were "
		"removed\n",
	.options = options,
	.verbs = verbs,
};

/* Columns of the table format; jsonl, json and csv carry every key. */
static const char *const table_columns[] = {
	"id_number", "name", "sex", "birth_date", "age", "relation",
	"household_no", "village_code", "phone", "groups", "status"
};

/* The writer and why a walk stopped, if it did. */
struct printer {
	fdss_out *o;
	fdss_date ref;
	int rc;
};

static int print_person(const fdss_person *p, void *arg)
{
	struct printer *pr = arg;
	cJSON *rec = fdss_person_to_json(p, pr->ref);

	pr->rc = rec ? fdss_out_record(pr->o, rec) : FDSS_ENOMEM;
	cJSON_Delete(rec);
	return pr->rc;
}

static struct printer printer_new(const struct cli *c)
{
	struct printer pr = { cli_output(c), c->today, FDSS_OK };

	if (c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(pr.o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
	return pr;
}

/* Status of a walk that ended with rc; a failed write is left for
 * cli_finish() to report. */
static int walk_status(const struct cli *c, fdss_db *db,
		       const struct printer *pr, int rc)
{
	if (rc == FDSS_OK)
		return EXIT_OK;
	if (pr->rc == FDSS_EIO)
		return EXIT_IOERR;
	if (pr->rc != FDSS_OK)
		return cli_fail(c, pr->rc, NULL);
	return cli_fail(c, rc, fdss_db_error(db));
}

static int list(const struct cli *c, fdss_db *db, const fdss_person_query *q)
{
	struct printer pr = printer_new(c);
	int rc = fdss_person_list(db, q, print_person, &pr);

	return cli_finish(c, pr.o, walk_status(c, db, &pr, rc));
}

static int show(const struct cli *c, fdss_db *db, int n, char **ids)
{
	struct printer pr = printer_new(c);
	int status = EXIT_OK, i, rc;

	for (i = 0; i < n; i++) {
		rc = fdss_person_get(db, ids[i], print_person, &pr);
		if (rc == FDSS_ENOTFOUND && pr.rc == FDSS_OK) {
			cli_error(c, "%s", fdss_db_errmsg(db));
			status = EXIT_NOINPUT;
		} else if (rc != FDSS_OK) {
			status = walk_status(c, db, &pr, rc);
			break;
		}
	}
	return cli_finish(c, pr.o, status);
}

/* Parse the options into q; returns the verb. */
static const char *parse_args(struct cli *c, fdss_person_query *q,
			      int argc, char **argv)
{
	const char *verb, *errstr;
	char names[256];
	unsigned g;
	int opt, filtered = 0;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (cli_option(c, opt, optarg))
			continue;
		filtered = 1;
		switch (opt) {
		case OPT_ALL:
			q->status = "all";
			break;
		case OPT_AREA:
			if (!fdss_area_level_of(optarg))
				cli_usage_error(c, "--area '%s': 2, 4, 6, 9 or "
						"12 digits expected", optarg);
			q->area = optarg;
			break;
		case OPT_BATCH:
			q->batch = cli_strtonum(optarg, 1, INT64_MAX, &errstr);
			if (errstr)
				cli_usage_error(c, "--batch '%s': %s", optarg,
						errstr);
			break;
		case OPT_GROUP:
			if (!(g = fdss_group_parse(optarg)))
				cli_usage_error(c, "--group '%s': expected %s",
						optarg, fdss_group_names(
							names, sizeof(names)));
			q->groups |= g;
			break;
		case OPT_HOUSEHOLD:
			q->household_no = optarg;
			break;
		case OPT_POVERTY:
			q->poverty = 1;
			break;
		case OPT_UNSIGNED:
			q->unsigned_only = 1;
			break;
		}
	}
	if (optind >= argc)
		cli_usage_error(c, "no command given");
	verb = argv[optind++];
	if (strcmp(verb, "list") == 0) {
		if (optind < argc)
			cli_usage_error(c, "unexpected argument '%s'",
					argv[optind]);
	} else if (strcmp(verb, "show") == 0) {
		if (filtered)
			cli_usage_error(c, "show takes ID numbers, not filters");
		if (optind >= argc)
			cli_usage_error(c, "show needs an ID_NUMBER");
	} else {
		cli_usage_error(c, "unknown command '%s'", verb);
	}
	return verb;
}

int main(int argc, char **argv)
{
	fdss_person_query q = FDSS_PERSON_QUERY_INIT;
	struct cli c;
	fdss_db *db = NULL;
	const char *verb;
	int status;

	cli_start(&c, &cmd, argc, argv);
	verb = parse_args(&c, &q, argc, argv);
	cli_defaults(&c);
	q.ref = c.today;
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	if (strcmp(verb, "list") == 0)
		status = list(&c, db, &q);
	else
		status = show(&c, db, argc - optind, argv + optind);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
