/*
 * cli.c: what every fdss-NAME program shares — common options, defaults
 * from the environment, messages.  The database and exit statuses are in
 * cli_db.c, files in cli_file.c, output in cli_print.c.
 */
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static char inbuf[64 * 1024], outbuf[64 * 1024];

void cli_start(struct cli *c, const struct cli_cmd *cmd, int argc,
	       char **argv)
{
	size_t n = 1, len;
	char *p;
	int i;

	memset(c, 0, sizeof(*c));
	c->cmd = cmd;
	c->busy_ms = -1;
	fdss_db_program_init();
	/* a reader that stops early (| head -1) is a write error like a
	 * full disk: 74 and nothing committed, not a silent SIGPIPE death */
	signal(SIGPIPE, SIG_IGN);
	/* past a file size limit, a write error too (EFBIG), not a kill */
	signal(SIGXFSZ, SIG_IGN);
	/* pipes of records: 64 KiB a read or write, not stdio's 4 KiB
	 * (glibc takes the size only with a buffer) */
	if (!isatty(STDIN_FILENO))
		setvbuf(stdin, inbuf, _IOFBF, sizeof(inbuf));
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	for (i = 0; i < argc; i++)
		n += strlen(i ? argv[i] : cmd->name) + 1;
	if (!(p = c->command_line = malloc(n)))
		return;
	for (i = 0; i < argc; i++) {
		const char *word = i ? argv[i] : cmd->name;

		if (i)
			*p++ = ' ';
		len = strlen(word);
		memcpy(p, word, len);
		p += len;
	}
	*p = '\0';
}

void cli_end(struct cli *c)
{
	free(c->command_line);
	c->command_line = NULL;
	free(c->getopt);
	c->getopt = NULL;
}

static void vmessage(const struct cli *c, const char *prefix,
		     const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", c->cmd->name, prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(c, "", fmt, ap);
	va_end(ap);
}

void cli_warn(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(c, "warning: ", fmt, ap);
	va_end(ap);
}

void cli_usage_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vmessage(c, "", fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "usage: %s\nTry '%s --help' for more.\n",
		c->cmd->usage, c->cmd->name);
	exit(EXIT_USAGE);
}

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

static void list_options(const struct cli_cmd *cmd)
{
	const struct cli_optdef **v;
	const struct option *o;
	const char *const *verb;
	size_t i, n = cmd->opts ? count_opts(cmd->opts) : 0;

	for (verb = cmd->verbs; verb && *verb; verb++)
		printf("%s\n", *verb);
	if (!(v = malloc((n ? n : 1) * sizeof(*v))))
		exit(EXIT_SOFTWARE);
	n = cmd->opts ? sorted_opts(cmd->opts, v) : 0;
	for (i = 0; i < n; i++)
		printf("--%s%s\n", v[i]->name,
		       v[i]->has_arg == required_argument ? "=" : "");
	free(v);
	for (o = cmd->opts ? common_options : cmd->options; o->name; o++)
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

/* The getopt_long() table of cmd: its options, then the common ones. */
static struct option *getopt_table(const struct cli *c)
{
	const struct cli_optdef *d;
	size_t n = count_opts(c->cmd->opts), nc = sizeof(common_options) /
						  sizeof(common_options[0]);
	struct option *t = calloc(n + nc, sizeof(*t)), *o = t;

	if (!t) {
		cli_error(c, "out of memory");
		exit(EXIT_SOFTWARE);
	}
	for (d = c->cmd->opts; !OPT_ENDS(d); d++) {
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

int cli_getopt(struct cli *c, int argc, char **argv)
{
	const struct cli_cmd *cmd = c->cmd;
	int opt;

	if (!c->getopt)
		c->getopt = getopt_table(c);
	while ((opt = getopt_long(argc, argv, "h", c->getopt, NULL)) != -1)
		if (!(cmd->option && cmd->option(c, opt, optarg)) &&
		    !cli_option(c, opt, optarg))
			return opt;
	return -1;
}

/* Milliseconds to wait for a lock: 0 to an hour. */
static long long busy_timeout(const struct cli *c, const char *what,
			      const char *s)
{
	const char *why;
	long long ms = cli_strtonum(s, 0, 3600000, &why);

	if (why)
		cli_usage_error(c, "%s '%s': %s (milliseconds, 0 to 3600000)",
				what, s, why);
	return ms;
}

/* --help: the usage, the prose and option lines, the common options. */
static void print_help(const struct cli_cmd *cmd)
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

int cli_option(struct cli *c, int opt, const char *arg)
{
	fdss_error err = FDSS_ERROR_INIT;

	switch (opt) {
	case 'h':
		print_help(c->cmd);
		exit(EXIT_OK);
	case CLI_OPT_VERSION:
		printf("%s (fdss) %s\n", c->cmd->name, fdss_version());
		exit(EXIT_OK);
	case CLI_OPT_LIST_OPTIONS:
		list_options(c->cmd);
		exit(EXIT_OK);
	case CLI_OPT_DB:
		c->db_path = arg;
		return 1;
	case CLI_OPT_AS_OF:
		if (fdss_date_parse(&c->today, arg, &err) != FDSS_OK)
			cli_usage_error(c, "--as-of %s", err.msg);
		c->as_of_set = 1;
		return 1;
	case CLI_OPT_FORMAT:
		if (!(c->format = fdss_format_parse(arg)))
			cli_usage_error(c, "--format '%s': expected table, "
					"jsonl, csv or json", arg);
		c->format_set = 1;
		return 1;
	case CLI_OPT_OPERATOR:
		c->operator_name = arg;
		return 1;
	case CLI_OPT_NO_MASK:
		c->out_flags |= FDSS_OUT_NO_MASK;
		return 1;
	case CLI_OPT_BOM:
		c->out_flags |= FDSS_OUT_BOM;
		return 1;
	case CLI_OPT_OUTPUT:
		c->output = arg;
		return 1;
	case CLI_OPT_BUSY_TIMEOUT:
		c->busy_ms = busy_timeout(c, "--busy-timeout", arg);
		return 1;
	case '?':
	case ':':
		cli_usage_error(c, NULL);
	default:
		return 0;
	}
}

static fdss_date system_today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return fdss_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1,
				  tm.tm_mday);
}

void cli_defaults(struct cli *c)
{
	fdss_error err = FDSS_ERROR_INIT;
	const char *s;

	if (!c->db_path)
		c->db_path = (s = getenv("FDSS_DB")) && *s ? s : "fdss.db";
	if (!c->as_of_set) {
		if ((s = getenv("FDSS_TODAY")) && *s) {
			if (fdss_date_parse(&c->today, s, &err) != FDSS_OK)
				cli_usage_error(c, "FDSS_TODAY %s", err.msg);
		} else {
			c->today = system_today();
		}
	}
	if (c->output)
		cli_redirect_stdout(c);
	if (c->busy_ms < 0 && (s = getenv("FDSS_BUSY_TIMEOUT")) && *s)
		c->busy_ms = busy_timeout(c, "FDSS_BUSY_TIMEOUT", s);
	if (!c->format_set)
		c->format = isatty(STDOUT_FILENO) ? FDSS_FORMAT_TABLE
						  : FDSS_FORMAT_JSONL;
	if (!c->operator_name) {
		struct passwd *pw;

		if ((s = getenv("FDSS_OPERATOR")) && *s)
			c->operator_name = s;
		else if ((pw = getpwuid(geteuid())))
			c->operator_name = pw->pw_name;
		else if ((s = getenv("USER")) && *s)
			c->operator_name = s;
		else
			c->operator_name = "unknown";
	}
}

/* --- the report writer's commands: fdss report, fdss check ---------------- */

int cli_report_format(struct cli *c, int opt, const char *arg)
{
	if (opt != CLI_OPT_FORMAT)
		return 0;
	if (!(c->format = fdss_report_format_parse(arg)))
		cli_usage_error(c, "--format '%s': expected table, jsonl, csv, "
				"json, html or xlsx", arg);
	c->format_set = 1;
	return 1;
}
