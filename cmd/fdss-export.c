/*
 * fdss-export: the county's records as JSON lines that another database
 * (fdss import) or the provincial platform rebuilds them from.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_SINCE
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("since", OPT_SINCE, "TIMESTAMP",
		   "only records changed at or after it (UTC, YYYY-MM-DD "
		   "or\n"
		   "YYYY-MM-DDTHH:MM:SSZ, as the audit log has it)"),
	OPT_STRING("area", OPT_AREA, "CODE",
		   "only records within this division"),
	OPT_END
};

static const char *const verbs[] = {
	"persons", "households", "teams", "contracts", "followups",
	"referrals", "conditions", "reference", "all", NULL
};

static const struct cli_cmd cmd = {
	.name = "fdss-export",
	.usage = "fdss export KIND ... [--since TIMESTAMP] [--area CODE]",
	.help = "\n"
		"Write records as JSON lines, a header first, complete "
		"enough to rebuild the\n"
		"database with 'fdss import' (all).  KIND: persons, "
		"households, teams,\n"
		"contracts, followups, referrals, conditions, reference "
		"(divisions, settings,\n"
		"rules, packages, fees, census) or all; several may be "
		"named.\n"
		"\n",
	.opts = opts,
	.help_width = 19,
	.verbs = verbs,
};

static int put_line(void *arg, const char *text, size_t len)
{
	(void)arg;
	if (fwrite(text, 1, len, stdout) != len || putchar('\n') == EOF)
		return FDSS_EIO;
	return FDSS_OK;
}

int main(int argc, char **argv)
{
	fdss_export_opts o = FDSS_EXPORT_OPTS_INIT;
	struct cli c;
	fdss_db *db = NULL;
	int opt, status, rc, w;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_AREA: o.area = optarg; break;
		case OPT_SINCE: o.since = optarg; break;
		}
	}
	if (optind >= argc)
		cli_usage_error(&c, "say what to export (all for everything)");
	for (o.what = 0; optind < argc; optind++) {
		if (!(w = fdss_export_what_parse(argv[optind])))
			cli_usage_error(&c, "'%s': not a kind of record",
					argv[optind]);
		o.what |= w;
	}
	if (c.format_set && c.format != FDSS_FORMAT_JSONL)
		cli_usage_error(&c, "an export is JSON lines (--format jsonl)");
	cli_defaults(&c);
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	o.line = put_line;
	rc = fdss_export(db, &o);
	if (rc == FDSS_EIO)
		status = EXIT_IOERR;
	else if (rc != FDSS_OK)
		status = cli_fail(&c, rc, fdss_db_error(db));
	status = cli_finish(&c, NULL, status);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
