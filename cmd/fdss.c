/*
 * fdss.c: the dispatcher.  `fdss NAME ARGS…` runs `fdss-NAME ARGS…`,
 * looked up beside this program, then in ../libexec/fdss from it (so
 * that an installed tree works wherever it was installed), then in the
 * libexec directory compiled in, then on PATH, like git.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef FDSS_LIBEXECDIR
#define FDSS_LIBEXECDIR "/usr/local/libexec/fdss"
#endif

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
	.options = NULL,
};

static char self_dir[PATH_MAX];	/* the directory of this program */
static char rel_libexec[PATH_MAX];	/* self_dir/../libexec/fdss */

static void find_self_dir(const char *argv0)
{
	ssize_t n = readlink("/proc/self/exe", self_dir,
			     sizeof(self_dir) - 1);
	char *slash;

	if (n > 0) {
		self_dir[n] = '\0';
	} else if (strchr(argv0, '/') && strlen(argv0) < sizeof(self_dir)) {
		memcpy(self_dir, argv0, strlen(argv0) + 1);
	} else {
		self_dir[0] = '\0';
		return;
	}
	if ((slash = strrchr(self_dir, '/')))
		*slash = '\0';
	if (snprintf(rel_libexec, sizeof(rel_libexec), "%s/../libexec/fdss",
		     self_dir) >= (int)sizeof(rel_libexec))
		rel_libexec[0] = '\0';
}

static int is_program(const char *dir, const char *name, char *path,
		      size_t n)
{
	struct stat sb;
	int len = snprintf(path, n, "%s/%s", dir, name);

	return len > 0 && (size_t)len < n && stat(path, &sb) == 0 &&
	       S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

/* Exec fdss-NAME from the first directory that has it; returns if none. */
static void run_command(const char *name, char **argv)
{
	const char *dirs[] = { self_dir, rel_libexec, FDSS_LIBEXECDIR };
	char prog[NAME_MAX + 1], path[PATH_MAX];
	size_t i;

	errno = ENOENT;
	if (snprintf(prog, sizeof(prog), "fdss-%s", name) >= (int)sizeof(prog))
		return;
	argv[0] = prog;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (dirs[i][0] && is_program(dirs[i], prog, path, sizeof(path)))
			execv(path, argv);
	execvp(prog, argv);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect(const char *dir, char ***names, size_t *n, size_t *cap)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if (!dir[0] || !(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		char **grown;

		if (strncmp(e->d_name, "fdss-", 5) != 0 || !e->d_name[5] ||
		    !is_program(dir, e->d_name, path, sizeof(path)))
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 32;
			if (!(grown = realloc(*names, *cap * sizeof(**names))))
				break;
			*names = grown;
		}
		if (((*names)[*n] = strdup(e->d_name + 5)))
			(*n)++;
	}
	closedir(d);
}

/* Print the names of the fdss-NAME programs that can be run. */
static int list_commands(void)
{
	char **names = NULL, *paths, *p, *dir;
	size_t n = 0, cap = 0, i;
	const char *env = getenv("PATH");

	collect(self_dir, &names, &n, &cap);
	collect(rel_libexec, &names, &n, &cap);
	collect(FDSS_LIBEXECDIR, &names, &n, &cap);
	if (env && (paths = strdup(env))) {
		for (dir = paths; dir; dir = p) {
			if ((p = strchr(dir, ':')))
				*p++ = '\0';
			collect(dir, &names, &n, &cap);
		}
		free(paths);
	}
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0)
			printf("%s\n", names[i]);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return EXIT_OK;
}

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

	find_self_dir(argv[0]);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return cli_finish(&c, NULL, help());
		if (strcmp(argv[i], "--version") == 0) {
			printf("fdss %s\n", fdss_version());
			return cli_finish(&c, NULL, EXIT_OK);
		}
		if (strcmp(argv[i], "--list-commands") == 0)
			return cli_finish(&c, NULL, list_commands());
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
	run_command(name, argv + i);
	if (errno == ENOENT) {
		fprintf(stderr, "fdss: '%s' is not an fdss command; see "
			"'fdss --help'\n", name);
		return EXIT_UNAVAILABLE;
	}
	fprintf(stderr, "fdss: cannot run 'fdss-%s': %s\n", name,
		strerror(errno));
	return EXIT_UNAVAILABLE;
}
