/*
 * fdss-check: the checks of libfdss (fdss_check_all()) — signs of
 * fabricated contracts and visits and of broken data — as findings in
 * every format the reports are written in.  Exit 1 when a finding is an
 * error, like grep.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_CHECK,
	OPT_FROM,
	OPT_LANG,
	OPT_LIST,
	OPT_TEAM,
	OPT_TO
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("check", OPT_CHECK, "NAME",
		   "only this check (repeat, or separate names with commas)"),
	OPT_STRING("area", OPT_AREA, "CODE",
		   "records of people living in that area (any level)"),
	OPT_STRING("team", OPT_TEAM, "T", "records of that team"),
	OPT_STRING("from", OPT_FROM, "D", "dated records of that period"),
	OPT_STRING("to", OPT_TO, "D", NULL),
	OPT_STRING("lang", OPT_LANG, "zh|en",
		   "captions of html and xlsx (default zh)"),
	OPT_FLAG("list", OPT_LIST, "list the checks and exit"),
	OPT_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-check",
	.usage = "fdss check [--check NAME[,NAME...]]... [--area CODE] "
		 "[--team T] [--from DATE]\n"
		 "                  [--to DATE] [--lang zh|en] [--list]",
	.help = "\n"
		"Run every check (or those named) and write one finding a "
		"line; exit 1 when a\n"
		"finding is an error.  --format also takes html and xlsx.\n"
		"\n",
	.opts = opts,
	.option = cli_report_format,	/* --format html, xlsx too */
	.help_width = 18,
};

static int list_checks(const struct cli *c)
{
	const fdss_check_def *all = NULL;
	size_t i, n;

	all = fdss_check_all(&n);
	for (i = 0; i < n; i++)
		printf("%-24s %-8s %s\n", all[i].name,
		       all[i].severity == FDSS_CHECK_ERROR ? "error"
							   : "warning",
		       all[i].en);
	return cli_finish(c, NULL, EXIT_OK);
}

/* Exit 64 for a name that is not a check, listing those that are. */
static void known_check(const struct cli *c, const char *name)
{
	const fdss_check_def *all;
	size_t i, n;

	if (fdss_check_find(name))
		return;
	all = fdss_check_all(&n);
	cli_error(c, "--check '%s': no such check; the checks are:", name);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %s\n", all[i].name);
	exit(EXIT_USAGE);
}

/* Add the names of --check's argument (split at commas, in place). */
static void add_names(const struct cli *c, char *arg, const char ***names,
		      size_t *n)
{
	const char **grown;
	char *s, *next;

	for (s = arg; s; s = next) {
		if ((next = strchr(s, ',')))
			*next++ = '\0';
		known_check(c, s);
		if (!(grown = realloc(*names, (*n + 1) * sizeof(**names)))) {
			cli_error(c, "out of memory");
			exit(EXIT_SOFTWARE);
		}
		*names = grown;
		(*names)[(*n)++] = s;
	}
}

static void date_option(const struct cli *c, const char *name,
			const char *arg, fdss_date *out)
{
	fdss_error err = FDSS_ERROR_INIT;

	if (fdss_date_parse(out, arg, &err) != FDSS_OK)
		cli_usage_error(c, "--%s %s", name, err.msg);
}

/* Run the checks into a writer on stdout; the exit status. */
static int check(struct cli *c, fdss_db *db, const fdss_check_query *q,
		 int lang)
{
	struct cli_report_sink s = { NULL, 0, FDSS_OK };
	fdss_check_counts counts = { 0, 0 };
	int rc, status;

	status = cli_report_open(c, &s.w, lang, &fdss_check_spec);
	if (status != EXIT_OK)
		return status;
	/* html: a heading per check and team */
	if ((rc = fdss_report_out_group(s.w, fdss_check_group)) != FDSS_OK)
		return cli_fail(c, rc, NULL);
	rc = fdss_check_run(db, q, cli_report_sink_record, &s, &counts);
	status = cli_report_end(c, db, s.w, s.rc, rc);
	return status == EXIT_OK && counts.errors ? EXIT_NO : status;
}

int main(int argc, char **argv)
{
	fdss_check_query q = FDSS_CHECK_QUERY_INIT;
	const char **names = NULL;
	struct cli c;
	fdss_db *db = NULL;
	int opt, status, lang = FDSS_LANG_ZH, list = 0;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_AREA: q.area = optarg; break;
		case OPT_CHECK: add_names(&c, optarg, &names, &q.nnames); break;
		case OPT_FROM: date_option(&c, "from", optarg, &q.from); break;
		case OPT_LANG: lang = cli_report_lang(&c, optarg); break;
		case OPT_LIST: list = 1; break;
		case OPT_TEAM: q.team = optarg; break;
		case OPT_TO: date_option(&c, "to", optarg, &q.to); break;
		}
	}
	q.names = names;
	if (optind < argc)
		cli_usage_error(&c, "too many arguments");
	if (q.from && q.to && q.from > q.to)
		cli_usage_error(&c, "--from is after --to");
	if (list) {
		status = list_checks(&c);
		goto out;
	}
	cli_defaults(&c);
	cli_report_check_tty(&c);
	q.ref = c.today;
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	cli_check_filter(&c, db, CLI_FILTER_TEAM, q.team);
	cli_check_filter(&c, db, CLI_FILTER_AREA, q.area);
	status = check(&c, db, &q, lang);
out:
	fdss_db_close(db);
	free(names);
	cli_end(&c);
	return status;
}
