/*
 * fdss-condition: a person's chronic conditions — add (one, or a batch
 * of JSON lines on stdin), end, list.  A condition enrols the person in
 * its follow-up programme.  Every change is audited.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_ALL = CLI_OPT_FIRST_OWN,
	OPT_AREA,
	OPT_ATOMIC,
	OPT_DATE,
	OPT_DRY_RUN,
	OPT_ID,
	OPT_KIND,
	OPT_REJECTS,
	OPT_SINCE,
	OPT_SUMMARY
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_FLAG("atomic", OPT_ATOMIC,
		 "add: store nothing if any line is rejected"),
	OPT_FLAG("dry-run", OPT_DRY_RUN,
		 "add: check and print, store nothing"),
	OPT_STRING("rejects", OPT_REJECTS, "FILE",
		   "add: write rejected records there with an \"error\" key"),
	OPT_STRING("summary", OPT_SUMMARY, "FILE",
		   "add: write the counts there as JSON"),
	OPT_STRING("since", OPT_SINCE, "DATE", "date of diagnosis"),
	OPT_STRING("date", OPT_DATE, "DATE",
		   "the day the condition ended (default: --as-of)"),
	OPT_STRING("id", OPT_ID, "ID", "list one person's conditions"),
	OPT_STRING("kind", OPT_KIND, "KIND", "list one kind"),
	OPT_STRING("area", OPT_AREA, "CODE",
		   "list people living in this area"),
	OPT_FLAG("all", OPT_ALL, "list ended conditions too"),
	OPT_END
};

static const char *const verbs[] = { "add", "end", "list", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-condition",
	.usage = "fdss condition add [--atomic] [--dry-run] [--rejects FILE] "
		 "[--summary FILE] [-]\n"
		 "       fdss condition add [--dry-run] [--rejects FILE] "
		 "[--summary FILE]\n"
		 "                          ID_NUMBER KIND [--since DATE]\n"
		 "       fdss condition end ID_NUMBER KIND [--date DATE]\n"
		 "       fdss condition list [--id ID_NUMBER] [--kind KIND] "
		 "[--area CODE] [--all]",
	.help = "\n"
		"Record, end and list chronic conditions.  KIND is "
		"hypertension, diabetes,\n"
		"tb, smi, copd or chronic.  Without operands, add reads JSON "
		"lines\n"
		"{\"id_number\",\"kind\",\"since\"} from stdin; exit 65 if "
		"one was rejected.\n"
		"\n",
	.opts = opts,
	.help_width = 16,
	.verbs = verbs,
};

static const char *const table_columns[] = {
	"id_number", "name", "kind", "since", "status", "ended_on", "source"
};

/* A run: where records go, and the batch of add. */
struct run {
	struct cli *c;
	fdss_db *db;
	struct cli_batch out;		/* the writer, --rejects, --summary */
	fdss_condition_batch *b;	/* add: open while records are read */
	int rc;				/* the last write's result */
};

static int print_one(const fdss_condition_entry *e, void *arg)
{
	struct run *r = arg;

	return r->rc = cli_out_record(r->out.o, fdss_condition_to_json(e));
}

/* Print the condition (id, kind) as it is now. */
static int print_stored(struct run *r, const char *id, const char *kind)
{
	fdss_condition_query q = { id, kind, NULL, "all" };

	return fdss_condition_list(r->db, &q, print_one, r);
}

/* One line of stdin into the batch: a bad one is rejected there. */
static int add_line(void *arg, const cJSON *obj, const char *bad)
{
	struct run *r = arg;
	int rc;

	if (bad) {
		fdss_condition_batch_reject(r->b, NULL, bad);
		return FDSS_EDATA;
	}
	if ((rc = fdss_condition_batch_add_json(r->b, obj)) != FDSS_OK)
		return rc;
	return print_stored(r, cJSON_GetObjectItemCaseSensitive(obj,
				"id_number")->valuestring,
			    cJSON_GetObjectItemCaseSensitive(obj,
				"kind")->valuestring);
}

/* "fdss-condition: read N, added N, ..." on stderr, and --summary. */
static int summarize(struct run *r, const fdss_condition_stats *st,
		     long ended, const char *note)
{
	const struct cli_count counts[] = {
		{ "read", st->read }, { "added", st->added },
		{ "reactivated", st->reactivated }, { "ended", ended },
		{ "unchanged", st->unchanged }, { "rejected", st->rejected }
	};

	return cli_batch_report(&r->out, "condition", counts, 6, note);
}

/*
 * add: the condition of the operands, or the JSON lines of stdin, as a
 * batch.  An operand that is refused fails the run with the refusal's
 * own status (65, or 66 for an unknown person), without a summary.
 */
static int add(struct run *r, fdss_condition_opts *o, char **args,
	       int nargs, fdss_date since, int *stored)
{
	fdss_condition_stats st;
	int rc, refused = 0;

	o->ref = r->c->today;
	o->source = "manual";
	o->reject = cli_batch_reject;
	o->arg = &r->out;
	if ((rc = fdss_condition_batch_open(&r->b, r->db, o)) != FDSS_OK)
		return cli_fail(r->c, rc, fdss_db_error(r->db));
	if (nargs == 2) {
		rc = fdss_condition_batch_add(r->b, args[0], args[1], since);
		if (rc == FDSS_EDATA)
			refused = fdss_db_error(r->db)->code;
		else if (rc == FDSS_OK)
			rc = print_stored(r, args[0], args[1]);
	} else {
		rc = cli_batch_read(&r->out, add_line, r);
	}
	if (rc == FDSS_OK)
		rc = fdss_condition_batch_finish(r->b, &st);
	fdss_condition_batch_free(r->b);
	r->b = NULL;
	if (refused)
		return cli_exit_code(refused);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		return rc == FDSS_EIO ? EXIT_IOERR
				      : cli_fail(r->c, rc, fdss_db_error(r->db));
	if ((rc = summarize(r, &st, 0, cli_batch_note(o->dry_run, rc))))
		return rc;
	return cli_batch_commit(&r->out, st.rejected ? EXIT_DATAERR : EXIT_OK,
				stored);
}

/* end: one condition. */
static int end(struct run *r, char **args, fdss_date date)
{
	fdss_condition_stats st = { .read = 1 };
	int rc, how = 0;

	rc = fdss_condition_end(r->db, args[0], args[1],
				date ? date : r->c->today, &how);
	if (rc == FDSS_OK)
		rc = print_stored(r, args[0], args[1]);
	if (rc != FDSS_OK)
		return rc == FDSS_EIO ? EXIT_IOERR : cli_fail(r->c, rc,
							fdss_db_error(r->db));
	st.unchanged = how == FDSS_CONDITION_UNCHANGED;
	return summarize(r, &st, how == FDSS_CONDITION_ENDED, "");
}

/* The verb and its operands, checked: exits 64 when they do not fit. */
static void check_args(const struct run *r, const fdss_condition_opts *o,
		       const char *verb, char **args, int nargs)
{
	int is_add = strcmp(verb, "add") == 0;

	if (!((strcmp(verb, "list") == 0 && nargs == 0) ||
	      (is_add && (nargs == 0 || nargs == 2)) ||
	      (is_add && nargs == 1 && strcmp(args[0], "-") == 0) ||
	      (strcmp(verb, "end") == 0 && nargs == 2)))
		cli_usage_error(r->c, "'%s' with %d argument%s", verb, nargs,
				nargs == 1 ? "" : "s");
	if (nargs == 2 && !fdss_condition_parse(args[1]))
		cli_usage_error(r->c, "condition '%s': expected hypertension, "
				"diabetes, tb, smi, copd or chronic", args[1]);
	if (!is_add && (o->atomic || o->dry_run || r->out.rejects_path ||
			r->out.summary_path))
		cli_usage_error(r->c, "--atomic, --dry-run, --rejects and "
				"--summary are options of add");
}

/* Fill the query, the options and the batch outputs from the options;
 * return the --date or --since text, or NULL. */
static const char *parse_opts(struct run *r, fdss_condition_query *q,
			      fdss_condition_opts *o, int argc, char **argv)
{
	const char *date = NULL;
	int opt;

	while ((opt = cli_getopt(r->c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ALL: q->status = "all"; break;
		case OPT_AREA: q->area = optarg; break;
		case OPT_ATOMIC: o->atomic = 1; break;
		case OPT_DATE: date = optarg; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_ID: q->id_number = optarg; break;
		case OPT_KIND:
			cli_check_filter(r->c, NULL, CLI_FILTER_CONDITION,
					 optarg);
			q->kind = optarg;
			break;
		case OPT_REJECTS: r->out.rejects_path = optarg; break;
		case OPT_SINCE: date = optarg; break;
		case OPT_SUMMARY: r->out.summary_path = optarg; break;
		}
	}
	return date;
}

int main(int argc, char **argv)
{
	fdss_condition_query q = FDSS_CONDITION_QUERY_INIT;
	fdss_condition_opts o = FDSS_CONDITION_OPTS_INIT;
	fdss_error err = FDSS_ERROR_INIT;
	struct cli c;
	struct run r = { .c = &c };
	const char *verb, *date;
	fdss_date d = 0;
	int status, nargs, rc, stored = 0;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r.out, &c, "id_number");
	date = parse_opts(&r, &q, &o, argc, argv);
	if (optind >= argc)
		cli_usage_error(&c, "no command given");
	verb = argv[optind++];
	nargs = argc - optind;
	check_args(&r, &o, verb, argv + optind, nargs);
	if (date && fdss_date_parse(&d, date, &err) != FDSS_OK)
		cli_usage_error(&c, "%s %s", strcmp(verb, "end") == 0
				? "--date" : "--since", err.msg);
	cli_defaults(&c);
	cli_check_outputs(&c, r.out.rejects_path, r.out.summary_path, NULL);
	if ((status = cli_open_db(&c, &r.db, 0)) != EXIT_OK)
		goto out;
	cli_check_filter(&c, r.db, CLI_FILTER_AREA, q.area);
	if ((status = cli_batch_start(&r.out, r.db, o.atomic, table_columns,
				      sizeof(table_columns) /
				      sizeof(table_columns[0]))) != EXIT_OK)
		goto out;
	if (strcmp(verb, "add") == 0)
		status = add(&r, &o, argv + optind, nargs, d, &stored);
	else if (strcmp(verb, "end") == 0)
		status = end(&r, argv + optind, d);
	else if ((rc = fdss_condition_list(r.db, &q, print_one, &r)) !=
		 FDSS_OK)
		status = rc == r.rc ? EXIT_IOERR
				    : cli_fail(&c, rc, fdss_db_error(r.db));
out:
	status = cli_batch_end(&r.out, stored, status);
	fdss_db_close(r.db);
	cli_end(&c);
	return status;
}
