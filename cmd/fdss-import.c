/*
 * fdss-import: load households and people from a roster (CSV or JSON
 * lines), keep the bad rows aside, never half-load.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_ACCEPT_RENAMES = CLI_OPT_FIRST_OWN,
	OPT_ATOMIC,
	OPT_CSV,
	OPT_DRY_RUN,
	OPT_ENCODING,
	OPT_JSONL,
	OPT_MAP,
	OPT_PRESET,
	OPT_REJECTS,
	OPT_SUMMARY
};

static const struct option options[] = {
	{ "accept-renames", no_argument, NULL, OPT_ACCEPT_RENAMES },
	{ "atomic", no_argument, NULL, OPT_ATOMIC },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "jsonl", no_argument, NULL, OPT_JSONL },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "preset", required_argument, NULL, OPT_PRESET },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	CLI_COMMON_OPTIONS
};

static const struct cli_cmd cmd = {
	.name = "fdss-import",
	.usage = "fdss import [--preset NAME] [--encoding ENC] [--map COLUMN=FIELD,...]\n"
		 "                   [--csv | --jsonl] [--rejects FILE] [--summary FILE]\n"
		 "                   [--accept-renames] [--atomic] [--dry-run] [FILE | -]",
	.help = "\nImport households and people from a roster, CSV or JSON lines "
		"(stdin when\nFILE is '-' or missing).  Valid rows are stored, "
		"the others rejected with\ntheir reasons; exit 65 if any was.\n"
		"\n"
		"  --preset NAME       poverty-registry: the Chinese headers of "
		"the registry\n"
		"  --encoding ENC      utf-8 (default), gb18030 or gbk\n"
		"  --map COL=FIELD,... take column COL as FIELD\n"
		"  --csv, --jsonl      input format (default: by name; stdin: "
		"by first byte)\n"
		"  --rejects FILE      write rejected rows there, with an "
		"error column\n"
		"  --summary FILE      write the counts there as JSON\n"
		"  --accept-renames    a row may change a stored person's "
		"name\n"
		"  --atomic            import nothing if any row is rejected\n"
		"  --dry-run           check and count, store nothing\n",
	.options = options,
};

struct run {
	struct cli *c;
	FILE *rejects;		/* --rejects, or NULL */
	int format;
	int progress;		/* stderr is a terminal */
	int failed_write;
};

static void on_header(void *arg, const char *raw, size_t n)
{
	struct run *r = arg;

	if (r->rejects && (fwrite(raw, 1, n, r->rejects) != n ||
			   fputs(",error\n", r->rejects) == EOF))
		r->failed_write = 1;
}

static void write_reject_json(struct run *r, const fdss_import_reject *x)
{
	cJSON *obj = cJSON_ParseWithLength(x->raw, x->rawlen);
	char *text;

	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		obj = cJSON_CreateObject();
		cJSON_AddItemToObject(obj, "raw", cJSON_CreateString(x->raw));
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, "error");
	cJSON_AddStringToObject(obj, "error", x->reason);
	if (!(text = cJSON_PrintUnformatted(obj)) ||
	    fprintf(r->rejects, "%s\n", text) < 0)
		r->failed_write = 1;
	cJSON_free(text);
	cJSON_Delete(obj);
}

static void on_reject(void *arg, const fdss_import_reject *x)
{
	struct run *r = arg;

	if (r->progress)
		fputs("\r\033[K", stderr);
	cli_error(r->c, "%s", x->message);
	if (!r->rejects)
		return;
	if (r->format == FDSS_IMPORT_JSONL) {
		write_reject_json(r, x);
		return;
	}
	if (fwrite(x->raw, 1, x->rawlen, r->rejects) != x->rawlen ||
	    fputc(',', r->rejects) == EOF ||
	    fdss_csv_write_field(r->rejects, x->reason, strlen(x->reason)) ||
	    fputc('\n', r->rejects) == EOF)
		r->failed_write = 1;
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

/* CSV or JSON lines: by the option, the name, or stdin's first byte. */
static int input_format(int chosen, const char *path, FILE *f)
{
	const char *dot = strrchr(path, '.');
	int ch;

	if (chosen)
		return chosen;
	if (dot && (strcmp(dot, ".jsonl") == 0 || strcmp(dot, ".ndjson") == 0 ||
		    strcmp(dot, ".json") == 0))
		return FDSS_IMPORT_JSONL;
	if (strcmp(path, "-") != 0)
		return FDSS_IMPORT_CSV;
	ch = getc(f);
	if (ch != EOF)
		ungetc(ch, f);
	return ch == '{' ? FDSS_IMPORT_JSONL : FDSS_IMPORT_CSV;
}

static int write_summary(struct cli *c, const char *path,
			 const fdss_import_opts *o, const fdss_import_stats *s)
{
	cJSON *rec = cJSON_CreateObject();
	char *text;
	FILE *f;
	int bad;

	cJSON_AddStringToObject(rec, "type", "import");
	cJSON_AddStringToObject(rec, "file", o->name);
	if (s->batch_id)
		cJSON_AddNumberToObject(rec, "batch", (double)s->batch_id);
	else
		cJSON_AddNullToObject(rec, "batch");
	cJSON_AddNumberToObject(rec, "read", s->read);
	cJSON_AddNumberToObject(rec, "inserted", s->inserted);
	cJSON_AddNumberToObject(rec, "updated", s->updated);
	cJSON_AddNumberToObject(rec, "unchanged", s->unchanged);
	cJSON_AddNumberToObject(rec, "rejected", s->rejected);
	cJSON_AddNumberToObject(rec, "households", s->households);
	cJSON_AddStringToObject(rec, "sha256", s->sha256);
	cJSON_AddBoolToObject(rec, "dry_run", o->dry_run);
	text = cJSON_PrintUnformatted(rec);
	cJSON_Delete(rec);
	if (!text || !(f = fopen(path, "w"))) {
		cli_error(c, "cannot write '%s': %s", path, strerror(errno));
		cJSON_free(text);
		return EXIT_IOERR;
	}
	fprintf(f, "%s\n", text);
	cJSON_free(text);
	bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		cli_error(c, "cannot write '%s': %s", path, strerror(errno));
		return EXIT_IOERR;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	fdss_import_opts o = FDSS_IMPORT_OPTS_INIT;
	fdss_import_stats st;
	struct cli c;
	struct run r = { &c, NULL, 0, 0, 0 };
	const char *path = "-", *rejects = NULL, *summary = NULL;
	fdss_db *db = NULL;
	FILE *in = NULL;
	int opt, status, chosen = 0, rc;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (cli_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_ACCEPT_RENAMES: o.accept_renames = 1; break;
		case OPT_ATOMIC: o.atomic = 1; break;
		case OPT_CSV: chosen = FDSS_IMPORT_CSV; break;
		case OPT_DRY_RUN: o.dry_run = 1; break;
		case OPT_ENCODING: o.encoding = optarg; break;
		case OPT_JSONL: chosen = FDSS_IMPORT_JSONL; break;
		case OPT_MAP: o.map = optarg; break;
		case OPT_PRESET: o.preset = optarg; break;
		case OPT_REJECTS: rejects = optarg; break;
		case OPT_SUMMARY: summary = optarg; break;
		}
	}
	if (argc - optind > 1)
		cli_usage_error(&c, "one input at a time");
	if (optind < argc)
		path = argv[optind];
	cli_defaults(&c);

	if ((status = cli_open_db(&c, &db, 0)))
		goto out;
	if (!(in = cli_fopen(&c, path))) {
		status = EXIT_NOINPUT;
		goto out;
	}
	if (rejects && !(r.rejects = fopen(rejects, "w"))) {
		cli_error(&c, "cannot write '%s': %s", rejects,
			  strerror(errno));
		status = EXIT_IOERR;
		goto out;
	}
	r.format = o.format = input_format(chosen, path, in);
	r.progress = isatty(STDERR_FILENO);
	o.name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	o.ref = c.today;
	o.reject = on_reject;
	o.header = on_header;
	o.progress = on_progress;
	o.arg = &r;
	rc = fdss_import_roster(db, in, &o, &st);
	if (rc != FDSS_OK && !(rc == FDSS_EDATA && o.atomic && st.rejected)) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	fprintf(stderr, "%s: %s: read %ld, inserted %ld, updated %ld, "
		"unchanged %ld, rejected %ld, households %ld%s\n", cmd.name,
		o.name, st.read, st.inserted, st.updated, st.unchanged,
		st.rejected, st.households,
		o.dry_run ? " (dry run, nothing stored)"
			  : rc != FDSS_OK ? " (--atomic: nothing stored)" : "");
	status = st.rejected ? EXIT_DATAERR : EXIT_OK;
	if (summary && write_summary(&c, summary, &o, &st))
		status = EXIT_IOERR;
out:
	if (r.rejects && (fclose(r.rejects) != 0 || r.failed_write)) {
		cli_error(&c, "cannot write '%s'", rejects);
		status = EXIT_IOERR;
	}
	if (in && in != stdin)
		fclose(in);
	fdss_db_close(db);
	status = cli_finish(&c, NULL, status);
	cli_end(&c);
	return status;
}
