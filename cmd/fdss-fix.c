/*
 * fdss-fix: administrators' one-off fixes — set fields of one row
 * (options) or of many (JSON lines on stdin), each value checked by the
 * rule it passes at entry, each changed row audited with the reason;
 * the changed records are printed.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_ATOMIC = CLI_OPT_FIRST_OWN,
	OPT_DRY_RUN,
	OPT_FIELDS,
	OPT_REASON,
	OPT_REJECTS,
	OPT_SET,
	OPT_SUMMARY
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("set", OPT_SET, "FIELD=VALUE",
		   "the new value (repeat; FIELD= clears a text field)"),
	OPT_STRING("reason", OPT_REASON, "TEXT",
		   "why (required; the default of records without one)"),
	OPT_FLAG("dry-run", OPT_DRY_RUN,
		 "print each change as before and after, store nothing"),
	OPT_FLAG("atomic", OPT_ATOMIC, "store nothing if any fix is rejected"),
	OPT_BATCH_OUTPUTS(OPT_REJECTS, OPT_SUMMARY),
	OPT_FLAG("fields", OPT_FIELDS, "list the fields that can be fixed"),
	OPT_END
};

static const char *const verbs[] = {
	"person", "household", "contract", "followup", "condition",
	"team-member", NULL
};

static const struct cli_cmd cmd = {
	.name = "fdss-fix",
	.usage = "fdss fix TABLE KEY --set FIELD=VALUE ... --reason TEXT "
		 "[--dry-run]\n"
		 "       fdss fix [--reason TEXT] [--atomic] [--dry-run] "
		 "[--rejects FILE] [--summary FILE] [-]\n"
		 "       fdss fix --fields [TABLE]",
	.help = "\n"
		"Fix fields of one row, or of the rows of JSON lines "
		"{\"table\",\"key\",\"set\",\"reason\"}\n"
		"on stdin.  TABLE is person, household, contract, followup, "
		"condition or\n"
		"team-member.  Each value passes the rule it passes at "
		"entry; each changed row\n"
		"is audited with the reason.  Prints the changed records; "
		"exit 65 if a fix was\n"
		"rejected.\n"
		"\n",
	.opts = opts,
	.help_width = 18,
	.verbs = verbs,
};

static int fix_line(void *arg, const cJSON *obj, const char *bad)
{
	if (bad) {
		fdss_fix_batch_reject(arg, NULL, bad);
		return FDSS_EDATA;
	}
	return fdss_fix_apply_json(arg, obj);
}

/* The fields of table (NULL: all) as "fix_field" records. */
static int list_fields(struct cli *c, const char *table)
{
	fdss_out *o = cli_output(c);
	const fdss_fix_field *f;
	size_t i, n;
	int rc = FDSS_OK;

	if (table && !fdss_fix_table_parse(table))
		cli_usage_error(c, "'%s': no such table", table);
	f = fdss_fix_fields(&n);
	for (i = 0; i < n && rc == FDSS_OK; i++) {
		if (table && f[i].table != fdss_fix_table_parse(table))
			continue;
		rc = cli_out_record(o, fdss_fix_field_to_json(&f[i]));
	}
	return cli_finish(c, o, rc == FDSS_OK ? EXIT_OK : EXIT_SOFTWARE);
}

/* --set FIELD=VALUE into set: "VALUE" a string, FIELD= null. */
static void add_set(struct cli *c, cJSON *set, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *field;

	if (!eq || eq == arg)
		cli_usage_error(c, "--set '%s': expected FIELD=VALUE", arg);
	if (!(field = strndup(arg, (size_t)(eq - arg))))
		cli_usage_error(c, "out of memory");
	cJSON_DeleteItemFromObjectCaseSensitive(set, field);
	if (eq[1])
		cJSON_AddStringToObject(set, field, eq + 1);
	else
		cJSON_AddNullToObject(set, field);
	free(field);
}

/* The batch: one request from the operands, or stdin's. */
static int fix(struct cli_fix_run *run, fdss_fix_opts *o,
	       const fdss_fix_req *one, const char *reason, int *stored)
{
	fdss_fix_batch *b;
	int rc, status;

	if ((status = cli_fix_open(run, o, &b)) != EXIT_OK)
		return status;
	if ((rc = fdss_fix_batch_reason(b, reason)) != FDSS_OK) {
		fdss_fix_batch_free(b);
		return cli_fail(run->c, rc, fdss_db_error(run->db));
	}
	rc = one ? fdss_fix_apply(b, one)
		 : cli_batch_read(run->batch, fix_line, b);
	if (rc != FDSS_OK && rc != FDSS_EDATA) {
		status = cli_status(run->c, run->db, rc);
		fdss_fix_batch_free(b);
		return status;
	}
	return cli_fix_end(run->batch, b, "fix", "fixed", o->dry_run,
			   stored);
}

struct args {
	fdss_fix_opts o;
	fdss_fix_req one;
	cJSON *set;
	const char *reason;
	int fields;
};

/* TABLE KEY, '-' or nothing: one request in a->one, or stdin's. */
static void parse_operands(struct cli *c, struct args *a, int argc,
			   char **argv)
{
	if (argc - optind == 2) {
		if (!fdss_fix_table_parse(argv[optind]))
			cli_usage_error(c, "'%s': expected person, household, "
					"contract, followup, condition or "
					"team-member", argv[optind]);
		if (!a->set->child)
			cli_usage_error(c, "no --set FIELD=VALUE given");
		if (!a->reason || !*a->reason)
			cli_usage_error(c, "--reason is required");
		a->one.table = argv[optind];
		a->one.key = argv[optind + 1];
		a->one.set = a->set;
		a->one.reason = a->reason;
	} else if (argc - optind > 1 || (argc - optind == 1 &&
					 strcmp(argv[optind], "-") != 0)) {
		cli_usage_error(c, "expected TABLE KEY, or '-' for stdin");
	} else if (a->set->child) {
		cli_usage_error(c, "--set needs TABLE KEY");
	}
}

static void parse_args(struct cli *c, struct args *a, struct cli_batch *r,
		       int argc, char **argv)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case OPT_ATOMIC: a->o.atomic = 1; break;
		case OPT_DRY_RUN: a->o.dry_run = 1; break;
		case OPT_FIELDS: a->fields = 1; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_REJECTS: r->rejects_path = optarg; break;
		case OPT_SET: add_set(c, a->set, optarg); break;
		case OPT_SUMMARY: r->summary_path = optarg; break;
		}
	}
	if (a->fields) {
		if (argc - optind > 1)
			cli_usage_error(c, "too many arguments");
		return;
	}
	parse_operands(c, a, argc, argv);
	cli_defaults(c);
	cli_check_outputs(c, r->rejects_path, r->summary_path, NULL);
}

int main(int argc, char **argv)
{
	struct args a = { .o = FDSS_FIX_OPTS_INIT,
			  .set = cJSON_CreateObject() };
	struct cli c;
	struct cli_batch r;
	struct cli_fix_run run = { &c, &r, NULL, 0, NULL };
	int status, stored = 0;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r, &c, "key");
	parse_args(&c, &a, &r, argc, argv);
	if (a.fields) {
		cJSON_Delete(a.set);
		cli_defaults(&c);
		status = list_fields(&c, optind < argc ? argv[optind] : NULL);
		cli_end(&c);
		return status;
	}
	run.dry_run = a.o.dry_run;
	if (!(status = cli_open_db(&c, &run.db, 0)) &&
	    !(status = cli_batch_start(&r, run.db, a.o.atomic,
				       cli_change_columns,
				       CLI_NCHANGE_COLUMNS)))
		status = fix(&run, &a.o, a.one.table ? &a.one : NULL,
			     a.reason, &stored);
	status = cli_batch_end(&r, stored, status);
	cJSON_Delete(a.set);
	fdss_db_close(run.db);
	cli_end(&c);
	return status;
}
