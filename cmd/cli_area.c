/*
 * cli_area.c: the imports of fdss area — divisions and census figures
 * from the statistical bureau's CSV files, file by file, in one
 * transaction under --atomic and --dry-run, counted.
 */
#include <string.h>

#include "cli.h"

/* An import under way. */
struct run {
	struct cli *c;
	fdss_db *db;
	const struct cli_area_import *o;
};

static void reject(void *arg, const char *msg)
{
	cli_error(arg, "%s", msg);
}

/* "read N, inserted N, ..." of an import of divisions or population. */
static void print_counts(struct cli *c, const struct cli_area_import *a,
			 int status, const fdss_area_stats *st)
{
	if (a->atomic && status != EXIT_OK)
		cli_error(c, "read %ld, inserted 0, updated 0, unchanged 0, "
			  "rejected %ld (--atomic: nothing imported)",
			  st->read, st->rejected);
	else
		cli_error(c, "read %ld, inserted %ld, updated %ld, unchanged "
			  "%ld, rejected %ld%s", st->read, st->inserted,
			  st->updated, st->unchanged, st->rejected,
			  a->dry_run ? " (--dry-run: nothing written)" : "");
}

/* An import of one file into the divisions or the census figures,
 * counted into st; the library's result. */
typedef int import_fn(const struct run *r, FILE *f, const char *name,
		      fdss_area_stats *st);

static int divisions(const struct run *r, FILE *f, const char *name,
		     fdss_area_stats *st)
{
	const struct cli_area_import *a = r->o;

	return fdss_area_import(r->db, f, name, a->atomic, st, reject, r->c);
}

static int census(const struct run *r, FILE *f, const char *name,
		  fdss_area_stats *st)
{
	const struct cli_area_import *a = r->o;
	fdss_population_stats p = { 0, 0, 0, 0, 0 };
	int rc;

	rc = fdss_population_import(r->db, f, name, a->atomic, &p, reject,
				    r->c);
	st->read += p.read;
	st->inserted += p.inserted;
	st->updated += p.updated;
	st->unchanged += p.unchanged;
	st->rejected += p.rejected;
	return rc;
}

/* One file of an import into st; the exit status of it. */
static int import_file(const struct run *r, import_fn *fn,
		       const char *file, fdss_area_stats *st)
{
	const struct cli_area_import *a = r->o;
	int is_stdin = strcmp(file, "-") == 0, rc;
	long rejected = st->rejected;
	FILE *f = cli_fopen(r->c, file);

	if (!f)
		return EXIT_NOINPUT;
	rc = fn(r, f, is_stdin ? "<stdin>" : file, st);
	if (!is_stdin)
		fclose(f);
	if (rc == FDSS_EDATA && a->atomic && st->rejected > rejected)
		return EXIT_DATAERR;	/* reported row by row */
	return rc == FDSS_OK ? EXIT_OK
			     : cli_fail(r->c, rc, fdss_db_error(r->db));
}

/*
 * The files of the operands through fn, in one transaction under
 * --atomic and --dry-run (population import: always); the exit status.
 */
static int import_files(const struct run *r, import_fn *fn, int outer,
			char **files, int n)
{
	const struct cli_area_import *a = r->o;
	fdss_area_stats st = { 0, 0, 0, 0, 0 };
	int status = EXIT_OK, i, rc;

	if (outer && (rc = fdss_db_begin(r->db)) != FDSS_OK)
		return cli_fail(r->c, rc, fdss_db_error(r->db));
	for (i = 0; i < n; i++) {
		rc = import_file(r, fn, files[i], &st);
		if (rc != EXIT_OK && status != EXIT_NOINPUT)
			status = rc;
		if (rc != EXIT_OK && rc != EXIT_DATAERR && rc != EXIT_NOINPUT)
			break;
	}
	if (status == EXIT_OK && st.rejected)
		status = EXIT_DATAERR;
	if (outer && (a->dry_run || (a->atomic && status != EXIT_OK)))
		fdss_db_rollback(r->db);
	else if (outer && (rc = fdss_db_commit(r->db)) != FDSS_OK)
		status = cli_fail(r->c, rc, fdss_db_error(r->db));
	print_counts(r->c, a, status, &st);
	return cli_finish(r->c, NULL, status);
}

int cli_area_import(struct cli *c, fdss_db *db,
		    const struct cli_area_import *o, char **files, int n)
{
	struct run r = { c, db, o };

	if (o->population)
		return import_files(&r, census, 1, files, n);
	return import_files(&r, divisions, o->atomic || o->dry_run, files, n);
}
