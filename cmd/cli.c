/*
 * cli.c: what every fdss-NAME program shares — common options, defaults
 * from the environment, messages.  The database and exit statuses are in
 * cli_db.c, files in cli_file.c, output in cli_print.c, the option
 * tables made into getopt tables, help and --list-options in cli_options.c.
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

int cli_getopt(struct cli *c, int argc, char **argv)
{
	const struct cli_cmd *cmd = c->cmd;
	int opt;

	if (!c->getopt && !(c->getopt = cli_getopt_table(cmd))) {
		cli_error(c, "out of memory");
		exit(EXIT_SOFTWARE);
	}
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

int cli_option(struct cli *c, int opt, const char *arg)
{
	fdss_error err = FDSS_ERROR_INIT;

	switch (opt) {
	case 'h':
		cli_print_help(c->cmd);
		exit(EXIT_OK);
	case CLI_OPT_VERSION:
		printf("%s (fdss) %s\n", c->cmd->name, fdss_version());
		exit(EXIT_OK);
	case CLI_OPT_LIST_OPTIONS:
		cli_list_options(c->cmd);
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
