/*
 * cli.c: what every fdss-NAME program shares — common options, defaults
 * from the environment, messages, the exit-status map, the database and
 * output.  The only place that turns enum fdss_rc into exit statuses.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

static const char *clobbers(const struct cli *c, const char *path,
			    const char *input);

/* --output FILE: standard output goes to FILE, made as cli_create() does
 * (mode 0600: it holds ID and phone numbers), checked as --rejects is. */
static void redirect_stdout(struct cli *c)
{
	const char *why;
	FILE *f;

	if ((why = clobbers(c, c->output, NULL))) {
		cli_error(c, "--output '%s': %s", c->output, why);
		exit(EXIT_USAGE);
	}
	if (!(f = cli_create(c, c->output)))
		exit(EXIT_IOERR);
	fflush(stdout);
	if (dup2(fileno(f), STDOUT_FILENO) < 0) {
		cli_error(c, "cannot write '%s': %s", c->output,
			  strerror(errno));
		exit(EXIT_IOERR);
	}
	fclose(f);
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
		redirect_stdout(c);
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

int cli_exit_code(int rc)
{
	switch (rc) {
	case FDSS_OK:
	case FDSS_EOF:
		return EXIT_OK;
	case FDSS_EINVAL:
		return EXIT_USAGE;
	case FDSS_EDATA:
	case FDSS_EEXISTS:
	case FDSS_ECONFLICT:
		return EXIT_DATAERR;
	case FDSS_ENOTFOUND:
		return EXIT_NOINPUT;
	case FDSS_EBUSY:
		return EXIT_TEMPFAIL;
	case FDSS_EIO:
		return EXIT_IOERR;
	case FDSS_ESCHEMA:
		return EXIT_CONFIG;
	default:
		return EXIT_SOFTWARE;
	}
}

int cli_fail(const struct cli *c, int rc, const fdss_error *err)
{
	cli_error(c, "%s", err && err->msg[0] ? err->msg : fdss_strerror(rc));
	return cli_exit_code(rc);
}

int cli_open_db(struct cli *c, fdss_db **out, unsigned flags)
{
	fdss_error err = FDSS_ERROR_INIT;
	int rc;

	if (c->busy_ms >= 0)
		fdss_db_set_busy_timeout((int)c->busy_ms);
	rc = fdss_db_open(out, c->db_path, flags, &err);
	if (rc == FDSS_ENOTFOUND) {
		cli_error(c, "%s (create it with 'fdss init' or choose one "
			  "with --db or FDSS_DB)", err.msg);
		return EXIT_NOINPUT;
	}
	if (rc != FDSS_OK)
		return cli_fail(c, rc, &err);
	if ((rc = fdss_db_set_actor(*out, c->operator_name,
				    c->command_line)) != FDSS_OK ||
	    ((c->out_flags & FDSS_OUT_NO_MASK) &&
	     !(flags & FDSS_DB_NO_MIGRATE) &&
	     (rc = fdss_audit_unmasked(*out, c->cmd->name)) != FDSS_OK)) {
		rc = cli_fail(c, rc, fdss_db_error(*out));
		fdss_db_close(*out);
		*out = NULL;
		return rc;
	}
	return EXIT_OK;
}

int cli_walk_status(const struct cli *c, fdss_db *db, int cb_rc, int rc)
{
	if (rc == FDSS_OK)
		return EXIT_OK;
	if (cb_rc == FDSS_EIO)
		return EXIT_IOERR;
	if (cb_rc != FDSS_OK)
		return cli_fail(c, cb_rc, NULL);
	return cli_fail(c, rc, fdss_db_error(db));
}

fdss_out *cli_output(const struct cli *c)
{
	fdss_out *o = NULL;

	if (fdss_out_new(&o, stdout, c->format, c->out_flags) != FDSS_OK) {
		cli_error(c, "out of memory");
		exit(EXIT_SOFTWARE);
	}
	return o;
}

int cli_print_contract(fdss_out *o, const fdss_contract *k, fdss_date ref)
{
	fdss_jbuf *b = fdss_out_buf(o);
	int rc = fdss_contract_json(b, k, ref);

	return rc != FDSS_OK ? rc : fdss_out_json(o, b->s, b->len);
}

int cli_print_person(fdss_out *o, const fdss_person *p, fdss_date ref)
{
	fdss_jbuf *b = fdss_out_buf(o);
	int rc = fdss_person_json(b, p, ref);

	return rc != FDSS_OK ? rc : fdss_out_json(o, b->s, b->len);
}

int cli_finish(const struct cli *c, fdss_out *o, int status)
{
	int bad = 0;

	if (o) {
		bad = fdss_out_finish(o) != FDSS_OK;
		fdss_out_free(o);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		bad = 1;
	if (bad) {
		cli_error(c, "cannot write to standard output: %s",
			  strerror(errno ? errno : EIO));
		return EXIT_IOERR;
	}
	return status;
}

/* Exit 66 naming value, of kind what, with the names expected. */
static void no_such(const struct cli *c, fdss_db *db, const char *what,
		    const char *value, const char *expected)
{
	cli_error(c, "%s '%s': no such %s (expected %s)", what, value, what,
		  expected);
	fdss_db_close(db);
	exit(EXIT_NOINPUT);
}

void cli_check_filter(const struct cli *c, fdss_db *db, enum cli_filter f,
		      const char *value)
{
	char names[256];
	int rc = FDSS_OK;

	if (!value)
		return;
	switch (f) {
	case CLI_FILTER_AREA:
		rc = fdss_area_exists(db, value);
		break;
	case CLI_FILTER_TEAM:
		rc = fdss_team_exists(db, value);
		break;
	case CLI_FILTER_PROGRAM:
		if (!fdss_program_parse(value))
			no_such(c, db, "programme", value, "hypertension, "
				"diabetes, smi, tb, elderly or chronic");
		break;
	case CLI_FILTER_CONDITION:
		if (!fdss_condition_parse(value))
			no_such(c, db, "condition", value, "hypertension, "
				"diabetes, tb, smi, copd or chronic");
		break;
	case CLI_FILTER_CONTRACT_STATUS:
		if (!fdss_contract_status_parse(value))
			no_such(c, db, "status", value, "pending, approved, "
				"active, expired, rejected or terminated");
		break;
	case CLI_FILTER_GROUP:
		if (!fdss_group_parse(value))
			no_such(c, db, "group", value,
				fdss_group_names(names, sizeof(names)));
		break;
	}
	if (rc != FDSS_OK) {
		rc = cli_fail(c, rc, fdss_db_error(db));
		fdss_db_close(db);
		exit(rc);
	}
}

long long cli_strtonum(const char *s, long long min, long long max,
		       const char **errstr)
{
	long long v = 0;

	*errstr = NULL;
	if (fdss_int_parse(&v, s, min, max, errstr) != FDSS_OK)
		return 0;
	return v;
}

FILE *cli_fopen(const struct cli *c, const char *path)
{
	FILE *f;

	if (strcmp(path, "-") == 0)
		return stdin;
	if (!(f = fopen(path, "rb")))
		cli_error(c, "cannot open '%s': %s", path, strerror(errno));
	return f;
}

/* Whether the existing regular file path is st (same device and inode). */
static int is_file(const struct stat *st, const char *path, int fd)
{
	struct stat other;

	if (fd >= 0 ? fstat(fd, &other) != 0 : stat(path, &other) != 0)
		return 0;
	return S_ISREG(other.st_mode) && other.st_dev == st->st_dev &&
	       other.st_ino == st->st_ino;
}

/* What the output path would destroy: the database or a file beside it
 * that SQLite keeps, or the input; NULL when nothing. */
static const char *clobbers(const struct cli *c, const char *path,
			    const char *input)
{
	static const char *const beside[][2] = {
		{ "-wal", "is the database's -wal file" },
		{ "-shm", "is the database's -shm file" },
		{ "-journal", "is the database's -journal file" }
	};
	const char *why = NULL;
	size_t i, n = strlen(c->db_path);
	struct stat st;
	char *name;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;	/* a new file, a device or a pipe */
	if (is_file(&st, c->db_path, -1))
		return "is the database";
	if (!input || strcmp(input, "-") == 0) {
		if (is_file(&st, NULL, STDIN_FILENO))
			return "is the standard input";
	} else if (is_file(&st, input, -1)) {
		return "is the input";
	}
	if (!(name = malloc(n + sizeof("-journal"))))
		return NULL;
	for (i = 0; i < sizeof(beside) / sizeof(beside[0]) && !why; i++) {
		snprintf(name, n + sizeof("-journal"), "%s%s", c->db_path,
			 beside[i][0]);
		if (is_file(&st, name, -1))
			why = beside[i][1];
	}
	free(name);
	return why;
}

void cli_check_outputs(const struct cli *c, const char *rejects,
		       const char *summary, const char *input)
{
	const char *why = NULL, *option = "--rejects", *path = rejects;

	if (rejects)
		why = clobbers(c, rejects, input);
	if (!why && summary) {
		option = "--summary";
		path = summary;
		if (rejects && strcmp(rejects, summary) == 0)
			why = "is the --rejects file too";
		else if (!(why = clobbers(c, summary, input)) && rejects) {
			struct stat st;

			if (stat(rejects, &st) == 0 && S_ISREG(st.st_mode) &&
			    is_file(&st, summary, -1))
				why = "is the --rejects file too";
		}
	}
	if (!why)
		return;
	cli_error(c, "%s '%s': %s", option, path, why);
	exit(EXIT_USAGE);
}

FILE *cli_create(const struct cli *c, const char *path)
{
	struct stat st;
	FILE *f;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		cli_error(c, "cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	/* a file made before, by anyone: it holds ID numbers now */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & 07777) != 0600 && fchmod(fd, 0600) != 0)
		cli_warn(c, "cannot make '%s' private (mode 0600): %s", path,
			 strerror(errno));
	return f;
}

int cli_commit(const struct cli *c, fdss_db *db, int ok, int *stored)
{
	int rc;

	if (!db || !fdss_db_commit_pending(db))
		return EXIT_OK;
	if (!ok) {
		fdss_db_rollback(db);
		cli_error(c, "nothing stored: an output of the run could not "
			  "be written");
		return EXIT_IOERR;
	}
	if ((rc = fdss_db_commit(db)) != FDSS_OK)
		return cli_fail(c, rc, fdss_db_error(db));
	*stored = 1;
	return EXIT_OK;
}

/* --- the audit log ------------------------------------------------------ */

const char *const cli_audit_columns[] = {
	"id", "at", "operator", "table", "key", "change", "reason"
};
const size_t cli_naudit_columns = sizeof(cli_audit_columns) /
				  sizeof(cli_audit_columns[0]);

int cli_print_audit(const struct cli *c, fdss_out *o,
		    const fdss_audit_entry *e, unsigned extra)
{
	unsigned flags = extra;
	cJSON *rec;
	int rc;

	if (c->format == FDSS_FORMAT_TABLE || c->format == FDSS_FORMAT_CSV) {
		flags |= FDSS_AUDIT_JSON_CHANGE;
		if (c->format == FDSS_FORMAT_TABLE)
			flags |= FDSS_AUDIT_JSON_SHORT;
		if (!(c->out_flags & FDSS_OUT_NO_MASK))
			flags |= FDSS_AUDIT_JSON_MASK;
	}
	if (!(rec = fdss_audit_to_json(e, flags)))
		return FDSS_ENOMEM;
	rc = fdss_out_record(o, rec);
	cJSON_Delete(rec);
	return rc;
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

void cli_report_check_tty(const struct cli *c)
{
	if (c->format == FDSS_FORMAT_XLSX && isatty(STDOUT_FILENO))
		cli_usage_error(c, "--format xlsx: will not write a workbook "
				"to a terminal (redirect it to a file)");
}

int cli_report_end(const struct cli *c, fdss_db *db, fdss_report_out *w,
		   int cb_rc, int rc)
{
	int status, fin = FDSS_OK;

	if (cb_rc != FDSS_OK && *fdss_report_out_errmsg(w))
		cli_error(c, "%s", fdss_report_out_errmsg(w));
	status = cli_walk_status(c, db, cb_rc, rc);
	if (status == EXIT_OK)
		fin = fdss_report_out_finish(w);
	if ((status = cli_finish(c, NULL, status)) == EXIT_OK &&
	    fin != FDSS_OK) {
		cli_error(c, "%s", *fdss_report_out_errmsg(w)
			  ? fdss_report_out_errmsg(w)
			  : "cannot write to standard output");
		status = EXIT_IOERR;
	}
	fdss_report_out_free(w);
	return status;
}
