/*
 * cli_filter.h: the roster filters fdss-person and fdss-household share
 * (--area, --batch, --group, --poverty, --unsigned), parsed in one place.
 */
#ifndef FDSS_CLI_FILTER_H
#define FDSS_CLI_FILTER_H

/* The filter options' numbers: a command that takes them numbers them
 * from its first own option, in this order, and its other options from
 * CLI_ROSTER_END. */
enum {
	CLI_ROSTER_AREA = CLI_OPT_FIRST_OWN,
	CLI_ROSTER_BATCH,
	CLI_ROSTER_GROUP,
	CLI_ROSTER_POVERTY,
	CLI_ROSTER_UNSIGNED,
	CLI_ROSTER_END
};

/* The filter options' rows of a command's option table, in the order
 * of the help text, with the command's own help for each. */
#define CLI_ROSTER_OPTS(area, group, poverty, unsigned_, batch) \
	OPT_STRING("area", CLI_ROSTER_AREA, "CODE", area), \
	OPT_STRING("group", CLI_ROSTER_GROUP, "GROUP", group), \
	OPT_FLAG("poverty", CLI_ROSTER_POVERTY, poverty), \
	OPT_FLAG("unsigned", CLI_ROSTER_UNSIGNED, unsigned_), \
	OPT_STRING("batch", CLI_ROSTER_BATCH, "N", batch)

/* Usage error unless arg is an area code (2, 4, 6, 9 or 12 digits);
 * name is the option's, for the message. */
void cli_check_area(struct cli *c, const char *name, const char *arg);

/* If opt is a roster filter, check arg and set it in q (usage error if
 * arg is not valid) and return 1; otherwise return 0. */
int cli_roster_filter(struct cli *c, fdss_person_query *q, int opt,
		      const char *arg);

/*
 * The verb after the options of fdss-person and fdss-household (usage
 * error if none, or for --format xlsx with another verb than list); list
 * takes no operand.  optind is moved past the verb.
 */
const char *cli_roster_verb(struct cli *c, int argc, char **argv);

#endif
