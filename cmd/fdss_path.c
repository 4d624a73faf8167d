/*
 * fdss_path.c: where the dispatcher finds fdss-NAME — beside this
 * program, then in ../libexec/fdss from it (so that an installed tree
 * works wherever it was installed), then in the libexec directory
 * compiled in, then on PATH, like git.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdss_path.h"

#ifndef FDSS_LIBEXECDIR
#define FDSS_LIBEXECDIR "/usr/local/libexec/fdss"
#endif

static char self_dir[PATH_MAX];	/* the directory of this program */
static char rel_libexec[PATH_MAX];	/* self_dir/../libexec/fdss */

void fdss_path_init(const char *argv0)
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

void fdss_path_exec(const char *name, char **argv)
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

void fdss_path_list_commands(void)
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
}
