/*
 * fdss-followup: record chronic-care follow-up visits (JSON lines on
 * stdin, or one visit from options), each classified by the rules with
 * its next due date; list a person's history; list who is due.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_AREA = CLI_OPT_FIRST_OWN,
	OPT_ATOMIC,
	OPT_DRY_RUN,
	OPT_HOUSEHOLD,
	OPT_PERSON,
	OPT_PROGRAM,
	OPT_REJECTS,
	OPT_SUMMARY,
	OPT_TEAM,
	OPT_WITHIN,
	OPT_FIELD		/* + index into fields[] */
};

/* The options of one visit: --NAME VALUE becomes "key": VALUE. */
enum field_kind { TEXT, NUMBER, FLAG };
static const struct field {
	const char *key;
	int kind;
} fields[] = {
	{ "adverse_reaction", FLAG }, { "date", TEXT }, { "dbp", NUMBER },
	{ "doctor", TEXT }, { "doses_due", NUMBER }, { "doses_taken", NUMBER },
	{ "emergency", FLAG }, { "fpg", NUMBER }, { "heart_rate", NUMBER },
	{ "insight", TEXT }, { "mode", TEXT }, { "new_complication", FLAG },
	{ "phase", TEXT }, { "risk_level", NUMBER }, { "sbp", NUMBER },
	{ "social_function", TEXT }, { "supervisor", TEXT },
	{ "symptoms", TEXT }, { "temperature", NUMBER }
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))
/* A field of a visit: the usage tells of them, no help line. */
#define F(name, i, arg) { name, arg, OPT_FIELD + (i), NULL, "" }

/* The options, in the order of the help text, then the fields of a
 * visit and the operands of list. */
static const struct cli_optdef opts[] = {
	OPT_STRING("program", OPT_PROGRAM, "P",
		   "hypertension, diabetes, smi, tb, elderly or chronic"),
	OPT_FLAG("atomic", OPT_ATOMIC, "store nothing if any visit is rejected"),
	OPT_FLAG("dry-run", OPT_DRY_RUN, "check and print, store nothing"),
	OPT_BATCH_OUTPUTS(OPT_REJECTS, OPT_SUMMARY),
	OPT_STRING("within", OPT_WITHIN, "DAYS",
		   "due: also what falls due within DAYS"),
	OPT_STRING("team", OPT_TEAM, "T",
		   "due: only that team's patients, that area's people"),
	OPT_STRING("area", OPT_AREA, "CODE", NULL),
	OPT_STRING("household", OPT_HOUSEHOLD, NULL, ""),
	OPT_STRING("person", OPT_PERSON, NULL, ""),
	F("adverse-reaction", 0, no_argument),
	F("date", 1, required_argument),
	F("dbp", 2, required_argument),
	F("doctor", 3, required_argument),
	F("doses-due", 4, required_argument),
	F("doses-taken", 5, required_argument),
	F("emergency", 6, no_argument),
	F("fpg", 7, required_argument),
	F("heart-rate", 8, required_argument),
	F("insight", 9, required_argument),
	F("mode", 10, required_argument),
	F("new-complication", 11, no_argument),
	F("phase", 12, required_argument),
	F("risk-level", 13, required_argument),
	F("sbp", 14, required_argument),
	F("social-function", 15, required_argument),
	F("supervisor", 16, required_argument),
	F("symptoms", 17, required_argument),
	F("temperature", 18, required_argument),
	OPT_END
};

static const char *const verbs[] = { "record", "list", "due", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-followup",
	.usage = "fdss followup record [--atomic] [--dry-run] [--rejects FILE] "
		 "[--summary FILE] [-]\n"
		 "       fdss followup record ID_NUMBER --program P [--date DATE] "
		 "[--mode M] [--doctor NAME]\n"
		 "                 [--sbp N --dbp N] [--heart-rate N] [--fpg X] "
		 "[--temperature X] [--risk-level N]\n"
		 "                 [--insight I] [--symptoms S] "
		 "[--social-function F] [--phase P] [--supervisor S]\n"
		 "                 [--doses-taken N] [--doses-due N] "
		 "[--adverse-reaction] [--new-complication] [--emergency]\n"
		 "       fdss followup list ID_NUMBER | NO | --person ID_NUMBER | "
		 "--household NO\n"
		 "                 [--program P]\n"
		 "       fdss followup due [--within DAYS] [--team T] "
		 "[--area CODE] [--program P]",
	.help = "\nrecord stores visits (JSON lines on stdin, or one visit "
		"from the options),\neach with its classification, next due "
		"date and action; exit 65 if one was\nrejected.  list shows a "
		"person's visits; due lists who is due at --as-of.\n"
		"\n",
	.opts = opts,
	.help_width = 18,
	.verbs = verbs,
};

static const char *const visit_columns[] = {
	"id", "id_number", "date", "program", "mode", "sbp", "dbp", "fpg",
	"risk_level", "phase", "classification", "next_due", "action"
};
static const char *const due_columns[] = {
	"due_date", "days_overdue", "program", "id_number", "name", "reason",
	"doctor", "team", "village_code"
};

static int on_visit(void *arg, const fdss_followup *f)
{
	return cli_out_record(((struct cli_batch *)arg)->o,
			      fdss_followup_to_json(f));
}

static int on_listed(const fdss_followup *f, void *arg)
{
	return on_visit(arg, f);
}

static int on_due(const fdss_due *d, void *arg)
{
	return cli_out_record(arg, fdss_due_to_json(d));
}

/* One record into the batch; a bad record is rejected here. */
static int record_one(fdss_followup_batch *b, const cJSON *obj)
{
	fdss_visit v = FDSS_VISIT_INIT;
	fdss_error err = FDSS_ERROR_INIT;
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id_number");

	if (fdss_visit_from_json(&v, obj, &err) != FDSS_OK) {
		fdss_followup_batch_reject(b, cJSON_IsString(id)
					   ? id->valuestring : NULL, err.msg);
		return FDSS_EDATA;
	}
	return fdss_followup_record(b, &v);
}

static int record_line(void *arg, const cJSON *obj, const char *bad)
{
	if (bad) {
		fdss_followup_batch_reject(arg, NULL, bad);
		return FDSS_EDATA;
	}
	return record_one(arg, obj);
}

/* Add --NAME VALUE of one visit to obj. */
static void add_field(struct cli *c, cJSON *obj, const struct field *f,
		      const char *arg)
{
	double n;

	cJSON_DeleteItemFromObjectCaseSensitive(obj, f->key);
	if (f->kind == FLAG) {
		cJSON_AddTrueToObject(obj, f->key);
		return;
	}
	if (f->kind == TEXT) {
		cJSON_AddStringToObject(obj, f->key, arg);
		return;
	}
	if (fdss_decimal_parse(&n, arg, -1e6, 1e6, NULL) != FDSS_OK)
		cli_usage_error(c, "--%s '%s': expected a number in decimal, "
				"such as 150 or 7.2", f->key, arg);
	cJSON_AddNumberToObject(obj, f->key, n);
}

/* "fdss-followup: read N, recorded N, ..." on stderr, and --summary. */
static int report(struct cli_batch *r, const fdss_followup_stats *st,
		  const char *note)
{
	const struct cli_count counts[] = {
		{ "read", st->visits }, { "recorded", st->recorded },
		{ "recomputed", st->recomputed },
		{ "referrals", st->referrals }, { "rejected", st->rejected }
	};

	return cli_batch_report(r, "followup", counts, 5, note);
}

static int record(struct cli *c, struct cli_batch *r, fdss_db *db,
		  fdss_followup_opts *o, const cJSON *one, int *stored)
{
	fdss_followup_batch *b = NULL;
	fdss_followup_stats st;
	int rc, status;

	o->ref = c->today;
	o->reject = cli_batch_reject;
	o->visit = on_visit;
	o->arg = r;
	if ((rc = fdss_followup_batch_open(&b, db, o)) != FDSS_OK)
		return cli_fail(c, rc, fdss_db_error(db));
	rc = one ? record_one(b, one) : cli_batch_read(r, record_line, b);
	if (rc != FDSS_OK && rc != FDSS_EDATA) {
		status = rc == FDSS_EIO ? EXIT_IOERR
					: cli_fail(c, rc, fdss_db_error(db));
		fdss_followup_batch_free(b);
		return status;
	}
	rc = fdss_followup_batch_finish(b, &st);
	fdss_followup_batch_free(b);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		return cli_fail(c, rc, fdss_db_error(db));
	if ((status = report(r, &st, cli_batch_note(o->dry_run, rc))) !=
	    EXIT_OK)
		return status;
	return cli_batch_commit(r, st.rejected ? EXIT_DATAERR : EXIT_OK,
				stored);
}

/* followup list: the visits of a person, or of each member of a
 * household (fdss_operand_resolve()). */
static int list_visits(struct cli *c, fdss_db *db, struct cli_operands *ops,
		       int program, struct cli_batch *r)
{
	char **ids = NULL;
	size_t n = 0, i;
	int status, rc = FDSS_OK;

	if ((status = cli_operands_resolve(c, db, ops)) != EXIT_OK ||
	    (status = cli_operands_people(c, db, ops, "all", &ids, &n)))
		return status;
	for (i = 0; i < n && rc == FDSS_OK; i++)
		rc = fdss_followup_list(db, ids[i], program, on_listed, r);
	cli_operands_free_ids(ids, n);
	return rc == FDSS_OK ? EXIT_OK : rc == FDSS_EIO ? EXIT_IOERR
	       : cli_fail(c, rc, fdss_db_error(db));
}

/* Read the options into q, o, r, ops, one (the visit's fields) and
 * *program; returns the number of the visit's fields given. */
static int read_opts(struct cli *c, fdss_due_query *q, fdss_followup_opts *o,
		     struct cli_batch *r, struct cli_operands *ops, cJSON *one,
		     const char **program, int argc, char **argv)
{
	const char *errstr;
	int opt, nfields = 0;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_AREA: q->area = optarg; break;
		case OPT_ATOMIC: o->atomic = 1; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_HOUSEHOLD:
		case OPT_PERSON:
			cli_operands_add(c, ops, optarg, opt == OPT_PERSON
					 ? FDSS_OPERAND_PERSON
					 : FDSS_OPERAND_HOUSEHOLD);
			break;
		case OPT_PROGRAM: *program = optarg; break;
		case OPT_REJECTS: r->rejects_path = optarg; break;
		case OPT_SUMMARY: r->summary_path = optarg; break;
		case OPT_TEAM: q->team = optarg; break;
		case OPT_WITHIN:
			q->within = (int)cli_strtonum(optarg, 0, 3650, &errstr);
			if (errstr)
				cli_usage_error(c, "--within '%s': expected "
						"days, 0 to 3650", optarg);
			break;
		default:
			add_field(c, one, &fields[opt - OPT_FIELD], optarg);
			nfields++;
		}
	}
	return nfields;
}

/* Check the operands of verb; returns one, or NULL when record reads
 * its visits from the standard input. */
static cJSON *check_args(struct cli *c, const char *verb,
			 struct cli_operands *ops, cJSON *one,
			 const char *program, int nfields, int argc,
			 char **argv)
{
	if (ops->n && (strcmp(verb, "list") != 0 || ops->n > 1))
		cli_usage_error(c, "one --household or --person goes with "
				"list");
	if (strcmp(verb, "list") == 0 && !ops->n && optind == argc - 1)
		cli_operands_add(c, ops, argv[optind++], FDSS_OPERAND_ANY);
	if (strcmp(verb, "record") == 0 && optind == argc - 1 &&
	    strcmp(argv[optind], "-") != 0) {
		if (!program)
			cli_usage_error(c, "--program is required");
		cJSON_AddStringToObject(one, "id_number", argv[optind++]);
		cJSON_AddStringToObject(one, "program", program);
	} else if (strcmp(verb, "record") == 0) {
		optind += optind < argc && strcmp(argv[optind], "-") == 0;
		if (nfields)
			cli_usage_error(c, "the visit's options need an "
					"ID_NUMBER");
		cJSON_Delete(one);
		one = NULL;
	} else if (!((strcmp(verb, "list") == 0 && ops->n == 1 &&
		      optind == argc) ||
		     (strcmp(verb, "due") == 0 && optind == argc)) || nfields) {
		cli_usage_error(c, "'%s': wrong arguments", verb);
	}
	return one;
}

/* Check --program: a programme name, or referral with due. */
static void check_program(struct cli *c, const char *verb,
			  const char *program)
{
	if (strcmp(verb, "record") != 0 && program &&
	    !(strcmp(verb, "due") == 0 && strcmp(program, "referral") == 0))
		cli_check_filter(c, NULL, CLI_FILTER_PROGRAM, program);
	else if (program && !fdss_program_parse(program) &&
		 strcmp(verb, "record") == 0)
		cli_usage_error(c, "--program '%s': expected hypertension, "
				"diabetes, smi, tb, elderly or chronic", program);
}

/* The table's columns: due's or the visits'. */
static void set_columns(const struct cli *c, struct cli_batch *r,
			const char *verb)
{
	if (c->format == FDSS_FORMAT_TABLE && strcmp(verb, "due") == 0)
		fdss_out_columns(r->o, due_columns, sizeof(due_columns) /
				 sizeof(due_columns[0]));
	else if (c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(r->o, visit_columns, sizeof(visit_columns) /
				 sizeof(visit_columns[0]));
}

int main(int argc, char **argv)
{
	fdss_followup_opts o = FDSS_FOLLOWUP_OPTS_INIT;
	fdss_due_query q = FDSS_DUE_QUERY_INIT;
	const char *verb, *program = NULL;
	struct cli c;
	struct cli_batch r;
	cJSON *one = cJSON_CreateObject();
	struct cli_operands ops = { 0 };
	fdss_db *db = NULL;
	int status, rc, nfields, stored = 0;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r, &c, "id_number");
	nfields = read_opts(&c, &q, &o, &r, &ops, one, &program, argc, argv);
	if (optind >= argc)
		cli_usage_error(&c, "no command given");
	verb = argv[optind++];
	one = check_args(&c, verb, &ops, one, program, nfields, argc, argv);
	if (optind < argc)
		cli_usage_error(&c, "too many arguments");
	check_program(&c, verb, program);
	cli_defaults(&c);
	cli_check_outputs(&c, r.rejects_path, r.summary_path, NULL);
	if (one && !cJSON_GetObjectItemCaseSensitive(one, "date")) {
		char d[FDSS_DATE_BUFSZ];

		cJSON_AddStringToObject(one, "date",
					fdss_date_format(d, c.today));
	}
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	cli_check_filter(&c, db, CLI_FILTER_TEAM, q.team);
	cli_check_filter(&c, db, CLI_FILTER_AREA, q.area);
	if ((status = cli_batch_start(&r, db, o.atomic, NULL, 0)) != EXIT_OK)
		goto out;
	set_columns(&c, &r, verb);
	if (strcmp(verb, "record") == 0) {
		status = record(&c, &r, db, &o, one, &stored);
	} else if (strcmp(verb, "list") == 0) {
		status = list_visits(&c, db, &ops, fdss_program_parse(program),
				     &r);
	} else {
		q.ref = c.today;
		q.program = fdss_program_parse(program)
			? fdss_program_name(fdss_program_parse(program))
			: program;
		rc = fdss_followup_due(db, &q, on_due, r.o);
		status = rc == FDSS_OK ? EXIT_OK : rc == FDSS_EIO ? EXIT_IOERR
			 : cli_fail(&c, rc, fdss_db_error(db));
	}
out:
	status = cli_batch_end(&r, stored, status);
	cli_operands_release(&ops);
	cJSON_Delete(one);
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
