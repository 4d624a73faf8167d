/*
 * fdss-area: load administrative divisions from the statistical bureau's
 * CSV files, list them and find them by name.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_ATOMIC = CLI_OPT_FIRST_OWN,
	OPT_DRY_RUN,
	OPT_LEVEL,
	OPT_UNDER
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_FLAG("atomic", OPT_ATOMIC,
		 "import nothing if any row is rejected"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and count, write nothing"),
	OPT_STRING("under", OPT_UNDER, "CODE", "only divisions below CODE"),
	OPT_STRING("level", OPT_LEVEL, "LEVEL",
		   "province, city, county, township or village"),
	OPT_END
};

static const char *const verbs[] = {
	"import", "list", "find", "population", NULL
};

static const struct cli_cmd cmd = {
	.name = "fdss-area",
	.usage = "fdss area import [--atomic] [--dry-run] FILE ...\n"
		 "       fdss area list [--under CODE] [--level LEVEL]\n"
		 "       fdss area find NAME\n"
		 "       fdss area population import [--atomic] [--dry-run] "
		 "FILE ...",
	.help = "\n"
		"Load divisions from CSV files with 'code' and 'name' "
		"columns ('-' is stdin),\n"
		"list them, or find them by name.\n"
		"\n",
	.opts = opts,
	.help_width = 16,
	.verbs = verbs,
};

/* What the options asked for. */
struct args {
	int atomic, dry_run;
	const char *under;
	int level;
};

static void reject(void *arg, const char *msg)
{
	cli_error(arg, "%s", msg);
}

/* "read N, inserted N, ..." of an import of divisions or population. */
static void print_counts(struct cli *c, const struct args *a, int status,
			 long read, long inserted, long updated,
			 long unchanged, long rejected)
{
	if (a->atomic && status != EXIT_OK)
		cli_error(c, "read %ld, inserted 0, updated 0, unchanged 0, "
			  "rejected %ld (--atomic: nothing imported)", read,
			  rejected);
	else
		cli_error(c, "read %ld, inserted %ld, updated %ld, unchanged "
			  "%ld, rejected %ld%s", read, inserted, updated,
			  unchanged, rejected,
			  a->dry_run ? " (--dry-run: nothing written)" : "");
}

static int import(struct cli *c, const struct args *a, fdss_db *db,
		  int nfiles, char **files)
{
	fdss_area_stats st = { 0, 0, 0, 0, 0 };
	int status = EXIT_OK, outer = a->atomic || a->dry_run, i, rc;

	if (outer && (rc = fdss_db_begin(db)) != FDSS_OK)
		return cli_fail(c, rc, fdss_db_error(db));
	for (i = 0; i < nfiles; i++) {
		int is_stdin = strcmp(files[i], "-") == 0;
		long rejected = st.rejected;
		FILE *f = cli_fopen(c, files[i]);

		if (!f) {
			status = EXIT_NOINPUT;
			continue;
		}
		rc = fdss_area_import(db, f, is_stdin ? "<stdin>" : files[i],
				      a->atomic, &st, reject, c);
		if (!is_stdin)
			fclose(f);
		if (rc == FDSS_EDATA && a->atomic && st.rejected > rejected)
			continue;	/* reported row by row */
		if (rc != FDSS_OK) {
			rc = cli_fail(c, rc, fdss_db_error(db));
			if (status != EXIT_NOINPUT)
				status = rc;
			if (rc != EXIT_DATAERR)
				break;
		}
	}
	if (status == EXIT_OK && st.rejected)
		status = EXIT_DATAERR;
	if (outer && (a->dry_run || status != EXIT_OK)) {
		fdss_db_rollback(db);
	} else if (outer && (rc = fdss_db_commit(db)) != FDSS_OK) {
		status = cli_fail(c, rc, fdss_db_error(db));
	}
	print_counts(c, a, status, st.read, st.inserted, st.updated,
		     st.unchanged, st.rejected);
	return status;
}

/* One file of population import into st; the exit status of it. */
static int population_file(struct cli *c, const struct args *a,
			   fdss_db *db, const char *file,
			   fdss_population_stats *st)
{
	int is_stdin = strcmp(file, "-") == 0, rc;
	long rejected = st->rejected;
	FILE *f = cli_fopen(c, file);

	if (!f)
		return EXIT_NOINPUT;
	rc = fdss_population_import(db, f, is_stdin ? "<stdin>" : file,
				    a->atomic, st, reject, c);
	if (!is_stdin)
		fclose(f);
	if (rc == FDSS_EDATA && a->atomic && st->rejected > rejected)
		return EXIT_DATAERR;	/* reported row by row */
	return rc == FDSS_OK ? EXIT_OK : cli_fail(c, rc, fdss_db_error(db));
}

/* population import: census figures, as import does divisions. */
static int population(struct cli *c, const struct args *a, fdss_db *db,
		      int nfiles, char **files)
{
	fdss_population_stats st = { 0, 0, 0, 0, 0 };
	int status = EXIT_OK, i, rc;

	if ((rc = fdss_db_begin(db)) != FDSS_OK)
		return cli_fail(c, rc, fdss_db_error(db));
	for (i = 0; i < nfiles; i++) {
		rc = population_file(c, a, db, files[i], &st);
		if (rc != EXIT_OK && status != EXIT_NOINPUT)
			status = rc;
		if (rc != EXIT_OK && rc != EXIT_DATAERR && rc != EXIT_NOINPUT)
			break;
	}
	if (status == EXIT_OK && st.rejected)
		status = EXIT_DATAERR;
	if (a->dry_run || (a->atomic && status != EXIT_OK))
		fdss_db_rollback(db);
	else if ((rc = fdss_db_commit(db)) != FDSS_OK)
		status = cli_fail(c, rc, fdss_db_error(db));
	print_counts(c, a, status, st.read, st.inserted, st.updated,
		     st.unchanged, st.rejected);
	return status;
}

static int print_area(const fdss_area *a, void *p)
{
	return cli_printer_record(p, fdss_area_to_json(a));
}

static int list(struct cli *c, const struct args *a, fdss_db *db)
{
	fdss_area_query q = FDSS_AREA_QUERY_INIT;
	struct cli_printer p;

	cli_printer_init(&p, c, NULL, 0);
	q.under = a->under;
	q.level = a->level;
	return cli_printer_end(&p, db, fdss_area_list(db, &q, print_area, &p));
}

static int find(struct cli *c, fdss_db *db, const char *name)
{
	struct cli_printer p;
	long n = 0;
	int status, rc;

	cli_printer_init(&p, c, NULL, 0);
	rc = fdss_area_find(db, name, print_area, &p, &n);
	status = cli_walk_status(c, db, p.rc, rc);
	if (status == EXIT_OK && n == 0) {
		cli_error(c, "no area name contains '%s'", name);
		status = EXIT_NOINPUT;
	}
	return cli_finish(c, p.o, status);
}

/* Parse the options into a; returns the verb. */
static const char *parse_args(struct cli *c, struct args *a, int argc,
			      char **argv)
{
	const char *verb;
	int opt, nargs;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ATOMIC:
			a->atomic = 1;
			break;
		case OPT_DRY_RUN:
			a->dry_run = 1;
			break;
		case OPT_LEVEL:
			if (!(a->level = fdss_area_level_parse(optarg)))
				cli_usage_error(c, "--level '%s': expected "
						"province, city, county, "
						"township or village", optarg);
			break;
		case OPT_UNDER:
			cli_check_area(c, "under", optarg);
			a->under = optarg;
			break;
		}
	}
	if (optind >= argc)
		cli_usage_error(c, "no command given");
	verb = argv[optind++];
	if (strcmp(verb, "population") == 0) {
		if (optind >= argc || strcmp(argv[optind], "import") != 0)
			cli_usage_error(c, "population needs 'import'");
		optind++;
	}
	nargs = argc - optind;
	if (strcmp(verb, "import") != 0 && strcmp(verb, "list") != 0 &&
	    strcmp(verb, "find") != 0 && strcmp(verb, "population") != 0)
		cli_usage_error(c, "unknown command '%s'", verb);
	if (strcmp(verb, "import") == 0 || strcmp(verb, "population") == 0) {
		if (a->under || a->level)
			cli_usage_error(c, "import takes no --under or --level");
		if (nargs == 0)
			cli_usage_error(c, "import needs a FILE ('-' is stdin)");
		return verb;
	}
	if (a->atomic || a->dry_run)
		cli_usage_error(c, "%s takes no --atomic or --dry-run", verb);
	if (strcmp(verb, "list") == 0 && nargs > 0)
		cli_usage_error(c, "unexpected argument '%s'", argv[optind]);
	if (strcmp(verb, "find") == 0) {
		if (a->under || a->level)
			cli_usage_error(c, "find takes no --under or --level");
		if (nargs != 1 || !*argv[optind])
			cli_usage_error(c, "find needs one NAME");
	}
	return verb;
}

int main(int argc, char **argv)
{
	struct args a = { 0, 0, NULL, 0 };
	struct cli c;
	fdss_db *db = NULL;
	const char *verb;
	int status;

	cli_start(&c, &cmd, argc, argv);
	verb = parse_args(&c, &a, argc, argv);
	cli_defaults(&c);
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	if (strcmp(verb, "import") == 0)
		status = cli_finish(&c, NULL, import(&c, &a, db, argc - optind,
						     argv + optind));
	else if (strcmp(verb, "population") == 0)
		status = cli_finish(&c, NULL, population(&c, &a, db,
							 argc - optind,
							 argv + optind));
	else if (strcmp(verb, "list") == 0)
		status = list(&c, &a, db);
	else
		status = find(&c, db, argv[optind]);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
