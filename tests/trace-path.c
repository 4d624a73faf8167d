/*
 * The tracer of tests/trace-path.sh: with -finstrument-functions every
 * function of an instrumented build calls these two on entry and exit.
 * Each call is written as one line to the file named by FDSS_TRACE:
 * "E OBJECT OFFSET" on entry (the object file holding the function and
 * the function's offset in it, for addr2line) and "X" on exit.  Built
 * as a shared object of its own, not instrumented, so one copy serves
 * the program and libfdss.so.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void __cyg_profile_func_enter(void *fn, void *site);
void __cyg_profile_func_exit(void *fn, void *site);

static int trace_fd = -2;

static void put(const char *line, int n)
{
	if (trace_fd == -2) {
		const char *path = getenv("FDSS_TRACE");

		trace_fd = path ? open(path, O_WRONLY | O_CREAT | O_APPEND, 0644) : -1;
	}
	if (trace_fd >= 0 && n > 0 && write(trace_fd, line, (size_t)n) != n)
		trace_fd = -1;
}

void __cyg_profile_func_enter(void *fn, void *site)
{
	Dl_info di;
	char line[4200];

	(void)site;
	if (!dladdr(fn, &di) || !di.dli_fname)
		return put("E ? 0\n", 6);
	put(line, snprintf(line, sizeof(line), "E %s %lx\n", di.dli_fname,
		(unsigned long)((char *)fn - (char *)di.dli_fbase)));
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
	put("X\n", 2);
}
