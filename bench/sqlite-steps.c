/*
 * sqlite-steps.c: what each SQL statement of a program costs SQLite —
 * loaded with LD_PRELOAD into a program linked with the system's
 * libsqlite3 (fdss, the sqlite3 shell), it wraps sqlite3_step() and, when
 * the program ends, writes one line per statement text to the file named
 * by $SQLITE_STEPS_OUT:
 *
 *	seconds	steps	page-cache-hits	page-cache-misses	sql
 *
 * (the hits and misses are the connection's SQLITE_DBSTATUS_CACHE_HIT and
 * _MISS counted while that statement stepped; a statement is told apart
 * by its first KEY - 1 bytes).  bench/sign-pages.sh builds
 * and uses it.  A bench tool: not part of fdss.
 *
 *	cc -O2 -shared -fPIC -o sqlite-steps.so sqlite-steps.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 512
#define KEY 1024

struct slot {
	char sql[KEY];
	double secs;
	long long steps, hits, misses;
};

static struct slot slots[SLOTS];
static int nslots;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long counter(sqlite3 *db, int op)
{
	int cur = 0, high = 0;

	sqlite3_db_status(db, op, &cur, &high, 0);
	return cur;
}

static struct slot *slot_of(const char *sql)
{
	char key[KEY];
	int i;

	snprintf(key, sizeof(key), "%s", sql ? sql : "?");
	for (i = 0; i < nslots; i++)
		if (strcmp(slots[i].sql, key) == 0)
			return &slots[i];
	if (nslots == SLOTS)
		return NULL;
	memcpy(slots[nslots].sql, key, sizeof(key));
	return &slots[nslots++];
}

int sqlite3_step(sqlite3_stmt *st)
{
	static int (*step)(sqlite3_stmt *);
	sqlite3 *db = sqlite3_db_handle(st);
	long long h = counter(db, SQLITE_DBSTATUS_CACHE_HIT);
	long long m = counter(db, SQLITE_DBSTATUS_CACHE_MISS);
	double t = now();
	struct slot *s;
	int rc;

	if (!step)
		*(void **)&step = dlsym(RTLD_NEXT, "sqlite3_step");
	rc = step(st);
	t = now() - t;
	if ((s = slot_of(sqlite3_sql(st)))) {
		s->secs += t;
		s->steps++;
		s->hits += counter(db, SQLITE_DBSTATUS_CACHE_HIT) - h;
		s->misses += counter(db, SQLITE_DBSTATUS_CACHE_MISS) - m;
	}
	return rc;
}

__attribute__((destructor)) static void report(void)
{
	const char *path = getenv("SQLITE_STEPS_OUT");
	FILE *f;
	int i;
	char *p;

	if (!path || !(f = fopen(path, "w")))
		return;
	for (i = 0; i < nslots; i++) {
		for (p = slots[i].sql; *p; p++)
			if (*p == '\t' || *p == '\n')
				*p = ' ';
		fprintf(f, "%.3f\t%lld\t%lld\t%lld\t%s\n", slots[i].secs,
			slots[i].steps, slots[i].hits, slots[i].misses,
			slots[i].sql);
	}
	fclose(f);
}
