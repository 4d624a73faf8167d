/*
 * fdss-import: load households and people from a roster (CSV, JSON
 * lines, .xlsx or .xls), keep the bad rows aside, never half-load.
 */
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_ACCEPT_RENAMES = CLI_OPT_FIRST_OWN,
	OPT_ATOMIC,
	OPT_CSV,
	OPT_DRY_RUN,
	OPT_ENCODING,
	OPT_FILL_DOWN,
	OPT_HEADER_ROW,
	OPT_JSONL,
	OPT_MAP,
	OPT_PRESET,
	OPT_REJECTS,
	OPT_SHEET,
	OPT_SUMMARY,
	OPT_XLS,
	OPT_XLSX
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("preset", OPT_PRESET, "NAME",
		   "poverty-registry: the Chinese headers of the registry"),
	OPT_STRING("encoding", OPT_ENCODING, "ENC",
		   "utf-8 (default), gb18030 or gbk"),
	OPT_STRING("map", OPT_MAP, "COL=FIELD,...",
		   "take column COL as FIELD"),
	OPT_STRING("header-row", OPT_HEADER_ROW, "N",
		   "the header is on line N (default: the first of lines\n"
		   "1-20 that names the required columns)"),
	OPT_STRING("fill-down", OPT_FILL_DOWN, "COL,...",
		   "a blank cell of COL takes the value above, within a\n"
		   "household (the preset's household columns always do)"),
	OPT_FLAG("csv", OPT_CSV,
		 "input format (default: by name; stdin: by first byte)"),
	OPT_FLAG("jsonl", OPT_JSONL, NULL),
	OPT_FLAG("xlsx", OPT_XLSX, "a workbook (default for those names)"),
	OPT_FLAG("xls", OPT_XLS, NULL),
	OPT_STRING("sheet", OPT_SHEET, "NAME|N",
		   "the workbook's sheet (default: the first)"),
	OPT_STRING("rejects", OPT_REJECTS, "FILE",
		   "write rejected rows there, with an error column"),
	OPT_STRING("summary", OPT_SUMMARY, "FILE",
		   "write the counts there as JSON"),
	OPT_FLAG("accept-renames", OPT_ACCEPT_RENAMES,
		 "a row may change a stored person's name"),
	OPT_FLAG("atomic", OPT_ATOMIC, "import nothing if any row is rejected"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and count, store nothing"),
	OPT_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-import",
	.usage = "fdss import [--preset NAME] [--encoding ENC] [--map COLUMN=FIELD,...]\n"
		 "                   [--header-row N] [--fill-down COLUMN,...]\n"
		 "                   [--csv | --jsonl | --xlsx | --xls] [--sheet NAME | N]\n"
		 "                   [--rejects FILE] [--summary FILE]\n"
		 "                   [--accept-renames] [--atomic] [--dry-run] [FILE | -]",
	.help = "\nImport households and people from a roster, CSV, JSON lines "
		"or a workbook\n(.xlsx, .xls; stdin when FILE is '-' or missing).  Valid rows are stored, "
		"the others rejected with\ntheir reasons; exit 65 if any was.  The output of "
		"'fdss export' goes\nback in whole, each record by its key.\n"
		"\n",
	.opts = opts,
	.help_width = 20,
};

struct run {
	struct cli *c;
	struct cli_batch out;	/* --rejects, --summary, the commit */
	int format;
	int progress;		/* stderr is a terminal */
};

static void on_header(void *arg, const char *raw, size_t n)
{
	cli_batch_reject_header(&((struct run *)arg)->out, raw, n);
}

static void on_reject(void *arg, const fdss_import_reject *x)
{
	struct run *r = arg;

	if (r->progress)
		fputs("\r\033[K", stderr);
	cli_error(r->c, "%s", x->message);
	if (r->format == FDSS_IMPORT_JSONL)
		cli_batch_write_reject(&r->out, x->raw, x->rawlen, NULL,
				       x->reason);
	else
		cli_batch_write_reject_csv(&r->out, x->raw, x->rawlen,
					   x->reason);
}

static void on_progress(void *arg, long rows, long long bytes)
{
	struct run *r = arg;

	if (!r->progress)
		return;
	if (rows < 0)
		fputs("\r\033[K", stderr);
	else
		fprintf(stderr, "\r%s: %ld rows, %lld MB", r->c->cmd->name,
			rows, bytes >> 20);
}

/* Parse the options into o and r; the input's path, "-" for stdin. */
static const char *parse_args(struct cli *c, fdss_import_opts *o,
			      struct run *r, int *chosen, int argc, char **argv)
{
	const char *errstr, *path = "-";
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ACCEPT_RENAMES: o->accept_renames = 1; break;
		case OPT_ATOMIC: o->atomic = 1; break;
		case OPT_CSV: *chosen = FDSS_IMPORT_CSV; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_ENCODING: o->encoding = optarg; break;
		case OPT_FILL_DOWN: o->fill_down = optarg; break;
		case OPT_HEADER_ROW:
			o->header_row = cli_strtonum(optarg, 1, 1000000,
						     &errstr);
			if (errstr)
				cli_usage_error(c, "--header-row '%s': "
						"expected a line number, 1 "
						"or more", optarg);
			break;
		case OPT_JSONL: *chosen = FDSS_IMPORT_JSONL; break;
		case OPT_MAP: o->map = optarg; break;
		case OPT_PRESET: o->preset = optarg; break;
		case OPT_REJECTS: r->out.rejects_path = optarg; break;
		case OPT_SHEET: o->sheet = optarg; break;
		case OPT_SUMMARY: r->out.summary_path = optarg; break;
		case OPT_XLS: *chosen = FDSS_IMPORT_XLS; break;
		case OPT_XLSX: *chosen = FDSS_IMPORT_XLSX; break;
		}
	}
	if (argc - optind > 1)
		cli_usage_error(c, "one input at a time");
	if (optind < argc)
		path = argv[optind];
	cli_defaults(c);
	cli_check_outputs(c, r->out.rejects_path, r->out.summary_path, path);
	o->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	return path;
}

/* Import in (an export if is_export), print the counts, commit. */
static int load(struct cli *c, struct run *r, fdss_db *db, FILE *in,
		fdss_import_opts *o, int is_export, int *stored)
{
	fdss_import_stats st;
	char more[64] = "";
	int rc;

	r->progress = isatty(STDERR_FILENO);
	o->ref = c->today;
	o->reject = on_reject;
	o->header = on_header;
	o->progress = on_progress;
	o->arg = r;
	rc = is_export ? fdss_exchange_import(db, in, o, &st)
		       : fdss_import_roster(db, in, o, &st);
	if (rc != FDSS_OK && !(rc == FDSS_EDATA && o->atomic && st.rejected))
		return cli_fail(c, rc, fdss_db_error(db));
	if (st.header_row > 1)
		fprintf(stderr, "%s: %s: header on line %ld\n", cmd.name,
			o->name, st.header_row);
	if (st.footers || st.normalised)
		snprintf(more, sizeof(more), ", footers %ld, normalised %ld",
			 st.footers, st.normalised);
	fprintf(stderr, "%s: %s: read %ld, inserted %ld, updated %ld, "
		"unchanged %ld, rejected %ld, households %ld%s%s\n",
		cmd.name, o->name, st.read, st.inserted, st.updated,
		st.unchanged, st.rejected, st.households, more,
		o->dry_run ? " (dry run, nothing stored)" : rc != FDSS_OK
		? " (--atomic: nothing stored)" : "");
	/* the --summary record, without "stored": cli_batch_commit() adds it */
	if (r->out.summary_path &&
	    !(r->out.summary = fdss_import_summary_json(o, &st))) {
		cli_error(c, "out of memory");
		return EXIT_SOFTWARE;
	}
	return cli_batch_commit(&r->out, st.rejected ? EXIT_DATAERR : EXIT_OK,
				stored);
}

int main(int argc, char **argv)
{
	fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	struct cli c;
	struct run r = { .c = &c };
	const char *path;
	fdss_db *db = NULL;
	FILE *in = NULL, *src = NULL;
	fdss_error e = FDSS_ERROR_INIT;
	int status, rc, chosen = 0, stored = 0, is_export = 0;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r.out, &c, NULL);
	path = parse_args(&c, &o, &r, &chosen, argc, argv);
	if ((status = cli_open_db(&c, &db, 0)))
		goto out;
	if (!(in = src = cli_fopen(&c, path))) {
		status = EXIT_NOINPUT;
		goto out;
	}
	if ((status = cli_batch_open(&r.out, db)))
		goto out;
	r.format = o.format = fdss_import_format_guess(chosen, path, in);
	if (o.format >= FDSS_IMPORT_XLSX ? o.encoding != NULL : o.sheet != NULL)
		cli_usage_error(&c, o.encoding ? "--encoding is for CSV; a "
				"workbook carries its own" : "--sheet is for "
				"workbooks (.xlsx, .xls, or --xlsx, --xls)");
	/* fdss export's records go back in by fdss_exchange_import() */
	if (r.format == FDSS_IMPORT_JSONL &&
	    (rc = fdss_exchange_sniff(&in, src, &is_export, &e)) != FDSS_OK) {
		status = cli_fail(&c, rc, &e);
		goto out;
	}
	status = load(&c, &r, db, in, &o, is_export, &stored);
out:
	status = cli_batch_end(&r.out, stored, status);
	if (in && in != src)
		fclose(in);
	if (src && src != stdin)
		fclose(src);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
