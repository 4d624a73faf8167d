/* seed.c: what the unit tests of several modules start from. */
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "seed.h"

fdss_db *seed_db(const char *path)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_db *db = NULL;
	char *sql;
	long n;
	FILE *f;

	cr_assert(eq(int, fdss_db_open(&db, ":memory:", 0, &err), FDSS_OK),
		  "%s", err.msg);
	f = fopen(path, "rb");
	cr_assert(f != NULL, "cannot open %s (run from the checkout's top)",
		  path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	sql = calloc(1, (size_t)n + 1);
	cr_assert(sql != NULL);
	cr_assert(eq(sz, fread(sql, 1, (size_t)n, f), (size_t)n));
	fclose(f);
	cr_assert(eq(int, fdss_db_exec(db, sql), FDSS_OK), "%s",
		  fdss_db_errmsg(db));
	free(sql);
	return db;
}
