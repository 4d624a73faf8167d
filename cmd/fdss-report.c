/*
 * fdss-report: the reports of libfdss (fdss_report_all()) — the overdue
 * follow-up list for cron, coverage, renewals, team performance, fees —
 * in every format fdss_report_out writes.  Which options a report takes
 * is the table below; anything else given to it is a usage error.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_BY,
	OPT_FAIL_IF_ANY,
	OPT_FROM,
	OPT_LANG,
	OPT_MIN_DAYS,
	OPT_PROGRAM,
	OPT_SIGNED_ONLY,
	OPT_TARGET,
	OPT_TEAM,
	OPT_TO,
	OPT_YEAR
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("team", OPT_TEAM, "T",
		   "only that team, that area (any level)"),
	OPT_STRING("area", OPT_AREA, "CODE", NULL),
	OPT_STRING("program", OPT_PROGRAM, "P", "overdue: hypertension, "
		   "diabetes, smi, tb, elderly, chronic\nor referral"),
	OPT_STRING("min-days", OPT_MIN_DAYS, "N",
		   "overdue: at least N days overdue (default 1)"),
	OPT_FLAG("signed-only", OPT_SIGNED_ONLY,
		 "overdue: leave out patients without an active contract"),
	OPT_FLAG("fail-if-any", OPT_FAIL_IF_ANY,
		 "overdue: exit 1 when anything is listed"),
	OPT_STRING("by", OPT_BY, "UNIT", "county, township, village or team"),
	OPT_STRING("target", OPT_TARGET, "LIST",
		   "coverage: targets, such as all=30,priority=60"),
	OPT_STRING("from", OPT_FROM, "D",
		   "renewals: contracts ending in the period"),
	OPT_STRING("to", OPT_TO, "D", NULL),
	OPT_HELP("from", "URL", "coverage, overdue: from the provincial "
		 "PostgreSQL store\n(postgresql://…, see fdss-push(1))"),
	OPT_STRING("year", OPT_YEAR, "Y", "team, fees: the year"),
	OPT_STRING("lang", OPT_LANG, "zh|en",
		   "captions of html and xlsx (default zh)"),
	OPT_END
};

/* The report options, as bits (1 << (OPT_x - OPT_AREA)). */
#define TAKES(opt) (1u << ((opt) - OPT_AREA))
#define OVERDUE (TAKES(OPT_TEAM) | TAKES(OPT_AREA) | TAKES(OPT_PROGRAM) | \
		 TAKES(OPT_MIN_DAYS) | TAKES(OPT_SIGNED_ONLY) | \
		 TAKES(OPT_FAIL_IF_ANY))
#define UNIT (TAKES(OPT_BY) | TAKES(OPT_TEAM) | TAKES(OPT_AREA))

/* The options each report takes (beyond --as-of, --format, --lang,
 * --bom, --no-mask, --db); a report not listed takes them all. */
static const struct {
	const char *name;
	unsigned takes;
} takes[] = {
	{ "overdue", OVERDUE },
	{ "coverage", UNIT | TAKES(OPT_TARGET) },
	{ "renewals", UNIT | TAKES(OPT_FROM) | TAKES(OPT_TO) },
	{ "team", TAKES(OPT_TEAM) | TAKES(OPT_AREA) | TAKES(OPT_YEAR) },
	{ "fees", UNIT | TAKES(OPT_YEAR) }
};

/* The names of the reports, for --list-options (filled in main). */
static const char *verbs[32];

static const struct cli_cmd cmd = {
	.name = "fdss-report",
	.usage = "fdss report [NAME] [--team T] [--area CODE] [--program P] "
		 "[--min-days N] [--signed-only]\n"
		 "                   [--fail-if-any] "
		 "[--by county|township|village|team] [--target LIST]\n"
		 "                   [--from DATE|URL] [--to DATE] [--year Y] "
		 "[--lang zh|en]",
	.help = "\nWrite the report NAME at --as-of; without NAME, list the "
		"reports.\n--format also takes html (a page with charts) and "
		"xlsx (a workbook).\n"
		"\n",
	.opts = opts,
	.option = cli_report_format,	/* --format html, xlsx too */
	.help_width = 18,
	.verbs = verbs,
};

/* Exit 64 when def was given an option it does not take. */
static void check_takes(const struct cli *c, const char *name,
			unsigned given)
{
	size_t i;
	int opt;

	for (i = 0; i < sizeof(takes) / sizeof(takes[0]); i++)
		if (!strcmp(takes[i].name, name))
			break;
	if (i == sizeof(takes) / sizeof(takes[0]))
		return;
	for (opt = OPT_AREA; opt <= OPT_YEAR; opt++)
		if ((given & TAKES(opt)) && !(takes[i].takes & TAKES(opt)))
			cli_usage_error(c, "report %s: --%s is not one of its "
					"options", name,
					cli_option_name(&cmd, opt));
}

/* Parse a report option into q; the program is checked later. */
static void report_option(struct cli *c, fdss_report_query *q, int opt,
			  char *arg, int *lang)
{
	fdss_error err = FDSS_ERROR_INIT;
	const char *errstr;

	switch (opt) {
	case OPT_AREA: q->area = arg; break;
	case OPT_BY:
		if (!(q->by = fdss_report_by_parse(arg)))
			cli_usage_error(c, "--by '%s': expected county, "
					"township, village or team", arg);
		break;
	case OPT_FROM:
	case OPT_TO:
		if (fdss_date_parse(opt == OPT_FROM ? &q->from : &q->to, arg,
				    &err) != FDSS_OK)
			cli_usage_error(c, "--%s %s",
					cli_option_name(&cmd, opt), err.msg);
		break;
	case OPT_LANG: *lang = cli_report_lang(c, arg); break;
	case OPT_MIN_DAYS:
		q->min_days = (int)cli_strtonum(arg, 0, 36500, &errstr);
		if (errstr)
			cli_usage_error(c, "--min-days '%s': expected days, "
					"0 to 36500", arg);
		break;
	case OPT_PROGRAM: q->program = arg; break;
	case OPT_SIGNED_ONLY: q->signed_only = 1; break;
	case OPT_TARGET:
		if (fdss_report_targets_parse(q, arg, &err) != FDSS_OK)
			cli_usage_error(c, "%s", err.msg);
		break;
	case OPT_TEAM: q->team = arg; break;
	case OPT_YEAR:
		q->year = (int)cli_strtonum(arg, 1900, 9999, &errstr);
		if (errstr)
			cli_usage_error(c, "--year '%s': expected a year such "
					"as 2026", arg);
		break;
	}
}

/* Run def (over the store url, or db) into a writer on stdout; the exit
 * status. */
static int report(struct cli *c, fdss_db *db, const char *url,
		  const fdss_report_def *def, const fdss_report_query *q,
		  int lang, int fail_if_any)
{
	struct cli_report_sink s = { NULL, 0, FDSS_OK };
	int rc, status;

	if ((status = cli_report_open(c, &s.w, lang, def->spec)) != EXIT_OK)
		return status;
	rc = url ? fdss_report_run_from(db, url, def, q,
					cli_report_sink_record, &s)
		 : def->run(db, q, cli_report_sink_record, &s);
	status = cli_report_end(c, db, s.w, s.rc, rc);
	return status == EXIT_OK && fail_if_any && s.n ? EXIT_NO : status;
}

/* Check --program and store its canonical name (referral stands as given). */
static void canon_program(struct cli *c, fdss_report_query *q)
{
	if (q->program && strcmp(q->program, "referral") != 0) {
		cli_check_filter(c, NULL, CLI_FILTER_PROGRAM, q->program);
		q->program = fdss_program_name(fdss_program_parse(q->program));
	}
}

int main(int argc, char **argv)
{
	fdss_report_query q = FDSS_REPORT_QUERY_INIT;
	const fdss_report_def *def, *all;
	struct cli c;
	fdss_db *db = NULL;
	fdss_error err = FDSS_ERROR_INIT;
	const char *url = NULL;
	unsigned given = 0;
	int opt, status, lang = FDSS_LANG_ZH, fail_if_any = 0;
	size_t i, n;

	all = fdss_report_all(&n);
	for (i = 0; i < n && i < sizeof(verbs) / sizeof(verbs[0]) - 1; i++)
		verbs[i] = all[i].name;
	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		if (opt == OPT_FROM && cli_report_is_store(optarg)) {
			url = optarg;
			continue;
		}
		if (opt != OPT_LANG)	/* every report's */
			given |= TAKES(opt);
		if (opt == OPT_FAIL_IF_ANY)
			fail_if_any = 1;
		else
			report_option(&c, &q, opt, optarg, &lang);
	}
	if (optind == argc) {
		status = cli_report_list(&c);
		goto out;
	}
	if (!(def = fdss_report_find(argv[optind])))
		cli_usage_error(&c, "report '%s': no such report (see 'fdss "
				"report')", argv[optind]);
	if (++optind < argc)
		cli_usage_error(&c, "too many arguments");
	check_takes(&c, def->name, given);
	canon_program(&c, &q);
	cli_defaults(&c);
	cli_report_check_tty(&c);
	q.ref = c.today;
	if (url) {	/* a handle for the messages and the default rules */
		if (fdss_db_open(&db, ":memory:", FDSS_DB_CREATE, &err) !=
		    FDSS_OK) {
			status = cli_fail(&c, err.code, &err);
			goto out;
		}
	} else if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK) {
		goto out;
	} else {
		cli_check_filter(&c, db, CLI_FILTER_TEAM, q.team);
		cli_check_filter(&c, db, CLI_FILTER_AREA, q.area);
	}
	status = report(&c, db, url, def, &q, lang, fail_if_any);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
