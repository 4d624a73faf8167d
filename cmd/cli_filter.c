/*
 * cli_filter.c: the roster filters of fdss-person and fdss-household.
 */
#include <stdint.h>
#include <string.h>

#include "cli.h"

void cli_check_area(struct cli *c, const char *name, const char *arg)
{
	if (!fdss_area_level_of(arg))
		cli_usage_error(c, "--%s '%s': 2, 4, 6, 9 or 12 digits expected",
				name, arg);
}

int cli_roster_filter(struct cli *c, fdss_person_query *q, int opt,
		      const char *arg)
{
	const char *errstr;

	switch (opt) {
	case CLI_ROSTER_AREA:
		cli_check_area(c, "area", arg);
		q->area = arg;
		return 1;
	case CLI_ROSTER_BATCH:
		q->batch = cli_strtonum(arg, 1, INT64_MAX, &errstr);
		if (errstr)
			cli_usage_error(c, "--batch '%s': %s", arg, errstr);
		return 1;
	case CLI_ROSTER_GROUP:
		cli_check_filter(c, NULL, CLI_FILTER_GROUP, arg);
		q->groups |= fdss_group_parse(arg);
		return 1;
	case CLI_ROSTER_POVERTY:
		q->poverty = 1;
		return 1;
	case CLI_ROSTER_UNSIGNED:
		q->unsigned_only = 1;
		return 1;
	default:
		return 0;
	}
}

const char *cli_roster_verb(struct cli *c, int argc, char **argv)
{
	const char *verb;

	if (optind >= argc)
		cli_usage_error(c, "no command given");
	verb = argv[optind++];
	cli_check_xlsx(c, verb);
	if (strcmp(verb, "list") == 0 && optind < argc)
		cli_usage_error(c, "unexpected argument '%s'", argv[optind]);
	return verb;
}
