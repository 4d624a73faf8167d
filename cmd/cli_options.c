/*
 * cli_options.c: a command's option table (struct cli_optdef) made into
 * what getopt_long() reads, the --help lines and --list-options.  It
 * calls nothing of the other cli units: cli.c parses with it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct option common_options[] = { CLI_COMMON_OPTIONS };

/* Whether o ends its table, is a getopt option (not a line of help). */
#define OPT_ENDS(o) (!(o)->name && !(o)->help)
#define OPT_TAKES(o) ((o)->name && (o)->val)

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct cli_optdef *const *)a)->name,
		      (*(const struct cli_optdef *const *)b)->name);
}

/* The options of opts, in v (room for all), sorted as getopt tables were
 * written by hand; returns how many. */
static size_t sorted_opts(const struct cli_optdef *opts,
			  const struct cli_optdef **v)
{
	size_t n = 0;

	for (; !OPT_ENDS(opts); opts++)
		if (OPT_TAKES(opts))
			v[n++] = opts;
	qsort(v, n, sizeof(*v), by_name);
	return n;
}

/* The number of entries of opts, less the end. */
static size_t count_opts(const struct cli_optdef *opts)
{
	size_t n = 0;

	while (!OPT_ENDS(&opts[n]))
		n++;
	return n;
}

/* --list-options: the verbs, the options (sorted), the common ones. */
void cli_list_options(const struct cli_cmd *cmd)
{
	const struct cli_optdef **v;
	const struct option *o;
	const char *const *verb;
	const struct cli_verb *t;
	size_t i, n = cmd->opts ? count_opts(cmd->opts) : 0;

	for (verb = cmd->verbs; verb && *verb; verb++)
		printf("%s\n", *verb);
	/* the first word of each verb, once: "member" of "member add" */
	for (t = cmd->verb_table; t && t->name; t++) {
		size_t w = strcspn(t->name, " ");

		if (t == cmd->verb_table || strncmp(t[-1].name, t->name, w) ||
		    (t[-1].name[w] != ' ' && t[-1].name[w]))
			printf("%.*s\n", (int)w, t->name);
	}
	if (!(v = malloc((n ? n : 1) * sizeof(*v))))
		exit(EXIT_SOFTWARE);
	n = cmd->opts ? sorted_opts(cmd->opts, v) : 0;
	for (i = 0; i < n; i++)
		printf("--%s%s\n", v[i]->name,
		       v[i]->has_arg == required_argument ? "=" : "");
	free(v);
	for (o = common_options; o->name; o++)
		printf("--%s%s\n", o->name,
		       o->has_arg == required_argument ? "=" : "");
}

/* "  --name ARGH", and those of the options after o that share its line;
 * returns the last of them, *n the width printed (less the indent). */
static const struct cli_optdef *help_names(const struct cli_optdef *o,
					   int *n)
{
	*n = printf("  --%s%s%s", o->name, o->argh ? " " : "",
		    o->argh ? o->argh : "") - 2;
	for (; o[1].name && !o[1].help; o++)
		*n += printf(", --%s%s%s", o[1].name, o[1].argh ? " " : "",
			     o[1].argh ? o[1].argh : "");
	return o;
}

/*
 * The help lines of opts: the names padded to width (three spaces after
 * names that reach it), the help, its further lines indented as far.  A
 * heading (OPT_GROUP) is printed as it is and sets the width after it.
 */
static void help_opts(const struct cli_optdef *opts, int width)
{
	const struct cli_optdef *o;
	const char *h, *nl;
	int n;

	for (o = opts; !OPT_ENDS(o); o++) {
		if (!o->name) {
			fputs(o->help, stdout);
			width = o->val;
			continue;
		}
		if (!o->help || !*o->help)
			continue;
		h = o->help;
		o = help_names(o, &n);
		printf("%*s", n < width ? width - n : 3, "");
		for (; (nl = strchr(h, '\n')); h = nl + 1)
			printf("%.*s\n%*s", (int)(nl - h), h, width + 2, "");
		printf("%s\n", h);
	}
}

/* The getopt_long() table of cmd: its options, then the common ones;
 * NULL when out of memory. */
struct option *cli_getopt_table(const struct cli_cmd *cmd)
{
	const struct cli_optdef *d;
	size_t n = count_opts(cmd->opts), nc = sizeof(common_options) /
					       sizeof(common_options[0]);
	struct option *t = calloc(n + nc, sizeof(*t)), *o = t;

	if (!t)
		return NULL;
	for (d = cmd->opts; !OPT_ENDS(d); d++) {
		if (!OPT_TAKES(d))
			continue;
		o->name = d->name;
		o->has_arg = d->has_arg;
		o->val = d->val;
		o++;
	}
	memcpy(o, common_options, sizeof(common_options));
	return t;
}

/* --help: the usage, the prose and option lines, the common options. */
void cli_print_help(const struct cli_cmd *cmd)
{
	printf("usage: %s\n%s", cmd->usage,
	       cmd->help ? cmd->help : "");
	if (cmd->opts)
		help_opts(cmd->opts, cmd->help_width);
	if (cmd->epilog)
		fputs(cmd->epilog, stdout);
	printf("\nCommon options:\n"
	       "  --db FILE          database (default $FDSS_DB or ./fdss.db)\n"
	       "  --as-of DATE       today's date (default $FDSS_TODAY or the system date)\n"
	       "  --format FMT       table, jsonl, csv or json (default: table on a terminal, else jsonl)\n"
	       "  --no-mask          print ID and phone numbers whole in table and csv\n"
	       "  --bom              start csv output and rejects with a UTF-8 byte-order mark\n"
	       "  --operator NAME    who acts, for the audit log (default $FDSS_OPERATOR or the login)\n"
	       "  --output FILE      write the output to FILE, created private (mode 0600)\n"
	       "  --busy-timeout MS  wait so long for another program's lock (default $FDSS_BUSY_TIMEOUT or 5000)\n"
	       "  --help, --version, --list-options\n");
}

const char *cli_option_name(const struct cli_cmd *cmd, int val)
{
	const struct cli_optdef *o;

	for (o = cmd->opts; o && !OPT_ENDS(o); o++)
		if (o->name && o->val == val)
			return o->name;
	return "?";
}
