/*
 * cli_file.c: the files of a run besides the database — input operands,
 * --rejects, --summary and --output made private (0600), and checked so
 * that none of them destroys the database or the input.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

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

/* --output FILE: standard output goes to FILE, made as cli_create() does
 * (mode 0600: it holds ID and phone numbers), checked as --rejects is. */
void cli_redirect_stdout(struct cli *c)
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
