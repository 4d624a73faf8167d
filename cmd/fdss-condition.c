/*
 * fdss-condition: a person's chronic conditions — add (one, or JSON
 * lines on stdin), end, list.  A condition enrols the person in its
 * follow-up programme.  Every change is audited.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_ALL = CLI_OPT_FIRST_OWN,
	OPT_AREA,
	OPT_DATE,
	OPT_ID,
	OPT_KIND,
	OPT_SINCE
};

static const struct option options[] = {
	{ "all", no_argument, NULL, OPT_ALL },
	{ "area", required_argument, NULL, OPT_AREA },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "id", required_argument, NULL, OPT_ID },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "since", required_argument, NULL, OPT_SINCE },
	CLI_COMMON_OPTIONS
};

static const char *const verbs[] = { "add", "end", "list", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-condition",
	.usage = "fdss condition add [ID_NUMBER KIND [--since DATE]]\n"
		 "       fdss condition end ID_NUMBER KIND [--date DATE]\n"
		 "       fdss condition list [--id ID_NUMBER] [--kind KIND] "
		 "[--area CODE] [--all]",
	.help = "\nRecord, end and list chronic conditions.  KIND is "
		"hypertension, diabetes,\ntb, smi, copd or chronic.  Without "
		"operands, add reads JSON lines\n{\"id_number\",\"kind\","
		"\"since\"} from stdin.\n"
		"\n"
		"  --since DATE    date of diagnosis\n"
		"  --date DATE     the day the condition ended (default: "
		"--as-of)\n"
		"  --id ID         list one person's conditions\n"
		"  --kind KIND     list one kind\n"
		"  --area CODE     list people living in this area\n"
		"  --all           list ended conditions too\n",
	.options = options,
	.verbs = verbs,
};

static const char *const table_columns[] = {
	"id_number", "name", "kind", "since", "status", "source"
};

/* Counts of a run, and where records go. */
struct run {
	struct cli *c;
	fdss_db *db;
	fdss_out *o;
	long read, changes[5], rejected;
	int rc;
};

static int print_one(const fdss_condition_entry *e, void *arg)
{
	struct run *r = arg;
	cJSON *rec = fdss_condition_to_json(e);

	r->rc = rec ? fdss_out_record(r->o, rec) : FDSS_ENOMEM;
	cJSON_Delete(rec);
	return r->rc;
}

/* Print the condition (id, kind) as it is now. */
static int print_stored(struct run *r, const char *id, const char *kind)
{
	fdss_condition_query q = { id, kind, NULL, "all" };

	return fdss_condition_list(r->db, &q, print_one, r);
}

/* Add one record of the input; a rejection is counted, not returned. */
static int add_record(struct run *r, const cJSON *obj, const char *where)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id_number");
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(obj, "kind");
	int change, rc;

	rc = fdss_condition_add_json(r->db, obj, r->c->today, "manual",
				     &change);
	if (rc == FDSS_EDATA || rc == FDSS_ENOTFOUND) {
		cli_error(r->c, "%s%s", where, fdss_db_errmsg(r->db));
		r->rejected++;
		return FDSS_OK;
	}
	if (rc != FDSS_OK)
		return rc;
	r->changes[change]++;
	return print_stored(r, id->valuestring, kind->valuestring);
}

/* Add the JSON lines of stdin in one transaction. */
static int add_stdin(struct run *r)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_jsonl *in = NULL;
	cJSON *obj = NULL;
	char where[64];
	int rc;

	if (fdss_jsonl_new(&in, stdin, "<stdin>") != FDSS_OK)
		return FDSS_ENOMEM;
	if ((rc = fdss_db_begin(r->db)) != FDSS_OK)
		goto out;
	while ((rc = fdss_jsonl_next(in, &obj, &err)) != FDSS_EOF) {
		if (rc == FDSS_EIO)
			break;
		r->read++;
		snprintf(where, sizeof(where), "<stdin>:%ld: ",
			 fdss_jsonl_line(in));
		if (rc == FDSS_OK)
			rc = add_record(r, obj, where);
		else {
			cli_error(r->c, "%s", err.msg);
			r->rejected++;
			rc = FDSS_OK;
		}
		cJSON_Delete(obj);
		obj = NULL;
		if (rc != FDSS_OK)
			break;
	}
	if (rc == FDSS_EOF)
		rc = fdss_db_commit(r->db);
	else
		fdss_db_rollback(r->db);
out:
	fdss_jsonl_free(in);
	return rc;
}

/* add, end: exit status of one change or a batch. */
static int change(struct run *r, const char *verb, char **args, int nargs,
		  fdss_date date)
{
	int rc, how = 0;

	if (strcmp(verb, "add") == 0 && nargs == 0)
		rc = add_stdin(r);
	else if (strcmp(verb, "add") == 0)
		rc = fdss_condition_add(r->db, args[0], args[1], date,
					r->c->today, "manual", &how);
	else
		rc = fdss_condition_end(r->db, args[0], args[1],
					date ? date : r->c->today, &how);
	if (rc == FDSS_OK && how)
		r->changes[how]++;
	if (rc == FDSS_OK && nargs)
		rc = print_stored(r, args[0], args[1]);
	if (rc != FDSS_OK)
		return rc == FDSS_EIO ? EXIT_IOERR : cli_fail(r->c, rc,
							fdss_db_error(r->db));
	fprintf(stderr, "%s: read %ld, added %ld, reactivated %ld, ended %ld, "
		"unchanged %ld, rejected %ld\n", cmd.name,
		nargs ? 1 : r->read, r->changes[FDSS_CONDITION_ADDED],
		r->changes[FDSS_CONDITION_REACTIVATED],
		r->changes[FDSS_CONDITION_ENDED],
		r->changes[FDSS_CONDITION_UNCHANGED], r->rejected);
	return r->rejected ? EXIT_DATAERR : EXIT_OK;
}

int main(int argc, char **argv)
{
	fdss_condition_query q = FDSS_CONDITION_QUERY_INIT;
	fdss_error err = FDSS_ERROR_INIT;
	struct cli c;
	struct run r;
	fdss_db *db = NULL;
	const char *verb, *date = NULL;
	fdss_date d = 0;
	int opt, status, nargs, rc;

	memset(&r, 0, sizeof(r));
	cli_start(&c, &cmd, argc, argv);
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (cli_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_ALL: q.status = "all"; break;
		case OPT_AREA: q.area = optarg; break;
		case OPT_DATE: date = optarg; break;
		case OPT_ID: q.id_number = optarg; break;
		case OPT_KIND: q.kind = optarg; break;
		case OPT_SINCE: date = optarg; break;
		}
	}
	if (optind >= argc)
		cli_usage_error(&c, "no command given");
	verb = argv[optind++];
	nargs = argc - optind;
	if (!((strcmp(verb, "list") == 0 && nargs == 0) ||
	      (strcmp(verb, "add") == 0 && (nargs == 0 || nargs == 2)) ||
	      (strcmp(verb, "end") == 0 && nargs == 2)))
		cli_usage_error(&c, "'%s' with %d argument%s", verb, nargs,
				nargs == 1 ? "" : "s");
	if (nargs == 2 && !fdss_condition_parse(argv[optind + 1]))
		cli_usage_error(&c, "condition '%s': expected hypertension, "
				"diabetes, tb, smi, copd or chronic",
				argv[optind + 1]);
	if (date && fdss_date_parse(&d, date, &err) != FDSS_OK)
		cli_usage_error(&c, "%s %s", strcmp(verb, "end") == 0
				? "--date" : "--since", err.msg);
	cli_defaults(&c);
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	r.c = &c;
	r.db = db;
	r.o = cli_output(&c);
	if (c.format == FDSS_FORMAT_TABLE)
		fdss_out_columns(r.o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
	if (strcmp(verb, "list") != 0) {
		status = change(&r, verb, argv + optind, nargs, d);
	} else if ((rc = fdss_condition_list(db, &q, print_one, &r)) !=
		   FDSS_OK) {
		status = rc == r.rc ? EXIT_IOERR
				    : cli_fail(&c, rc, fdss_db_error(db));
	}
	status = cli_finish(&c, r.o, status);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
