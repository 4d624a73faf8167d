/*
 * fdss.c: the dispatcher.  `fdss NAME ARGS…` runs `fdss-NAME ARGS…`,
 * found as fdss_path.c says (beside this program, ../libexec/fdss from
 * it, the libexec directory compiled in, PATH), like git.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fdss_path.h"

static const char usage_text[] =
	"fdss [--db FILE] [--as-of DATE] NAME [ARG ...]\n"
	"       fdss --help | --version | --list-commands";

/*
 * One line per command for --help, in the order a county meets them:
 * the fdss-NAME programs this build makes (tests/cli/t-rules.sh checks).
 */
static const struct {
	const char *name;
	const char *what;
} commands[] = {
	{ "init", "create the database or bring its schema up to date" },
	{ "area", "import, list and find administrative divisions" },
	{ "id", "check resident ID numbers" },
	{ "import", "import households and people from a roster" },
	{ "household", "list and show households" },
	{ "person", "list and show people" },
	{ "team", "family doctor teams and their members" },
	{ "package", "service packages and their eligibility" },
	{ "fee", "fee schedules by package, payer and area" },
	{ "setting", "the per-doctor limit and the renewal windows" },
	{ "sign", "sign contracts with households" },
	{ "review", "approve or reject pending contracts" },
	{ "renew", "renew contracts that are ending" },
	{ "terminate", "end a contract early" },
	{ "contract", "list and show contracts" },
	{ "condition", "chronic conditions of people" },
	{ "followup", "record follow-up visits and list who is due" },
	{ "referral", "referrals and the follow-up they oblige" },
	{ "rules", "follow-up intervals and thresholds" },
	{ "report", "overdue follow-ups, coverage and other reports" },
	{ "audit", "the audit log: list, show and revert entries" },
	{ "export", "records as JSON lines, to rebuild a database elsewhere" },
	{ "fix", "fix a record's fields, audited, with their rules" },
	{ "check", "find fabricated contracts and visits, and broken data" },
	{ "push", "push the county into the provincial PostgreSQL store" },
};

static const struct cli_cmd cmd = {
	.name = "fdss",
	.usage = usage_text,
};

static int help(void)
{
	size_t i;

	printf("usage: %s\n\n"
	       "fdss runs the family doctor contract service of a county: the\n"
	       "resident roster, doctor teams, contracts, follow-up, statistics.\n"
	       "\nCommands:\n", usage_text);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf("  %-10s  %s\n", commands[i].name, commands[i].what);
	printf("\n'fdss NAME --help' explains a command; 'fdss --list-commands'"
	       " lists those\ninstalled.  See fdss(1) and fdss(7).\n");
	return EXIT_OK;
}

/* Global options set the environment the command will read. */
static int global_option(struct cli *c, int *i, int argc, char **argv)
{
	const char *opt = argv[*i], *env, *val;
	size_t len;

	if (strncmp(opt, "--db", 4) == 0 && (opt[4] == '=' || !opt[4]))
		env = "FDSS_DB", len = 4;
	else if (strncmp(opt, "--as-of", 7) == 0 && (opt[7] == '=' || !opt[7]))
		env = "FDSS_TODAY", len = 7;
	else
		return 0;
	if (opt[len] == '=')
		val = opt + len + 1;
	else if (*i + 1 < argc)
		val = argv[++*i];
	else
		cli_usage_error(c, "%s needs a value", opt);
	if (strcmp(env, "FDSS_TODAY") == 0 &&
	    fdss_date_parse(NULL, val, NULL) != FDSS_OK)
		cli_usage_error(c, "--as-of '%s': expected a date as "
				"YYYY-MM-DD", val);
	setenv(env, val, 1);
	return 1;
}

int main(int argc, char **argv)
{
	struct cli c = { .cmd = &cmd };
	const char *name;
	int i;

	fdss_path_init(argv[0]);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cli_finish(&c, NULL, help());
		if (strcmp(argv[i], "--version") == 0) {
			printf("fdss %s\n", fdss_version());
			return cli_finish(&c, NULL, EXIT_OK);
		}
		if (strcmp(argv[i], "--list-commands") == 0) {
			fdss_path_list_commands();
			return cli_finish(&c, NULL, EXIT_OK);
		}
		if (!global_option(&c, &i, argc, argv))
			cli_usage_error(&c, "unknown option '%s'", argv[i]);
	}
	if (i == argc)
		cli_usage_error(&c, NULL);
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 == argc)
			return cli_finish(&c, NULL, help());
		argv[i] = argv[i + 1];
		argv[i + 1] = "--help";
		argv[i + 2] = NULL;
	}
	name = argv[i];
	fdss_path_exec(name, argv + i);
	if (errno == ENOENT) {
		fprintf(stderr, "fdss: '%s' is not an fdss command; see "
			"'fdss --help'\n", name);
		return EXIT_UNAVAILABLE;
	}
	fprintf(stderr, "fdss: cannot run 'fdss-%s': %s\n", name,
		strerror(errno));
	return EXIT_UNAVAILABLE;
}
