/*
 * fdss-audit: read the audit log — list entries by table, key, time,
 * operator and command, show one whole with its field-by-field
 * difference — and revert entries through the rules of a fix, the
 * revert itself audited.  Each verb is one function in verbs[].
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_COMMAND = CLI_OPT_FIRST_OWN,
	OPT_KEY,
	OPT_SINCE,
	OPT_TABLE,
	OPT_UNTIL,
	OPT_ATOMIC,		/* revert's own, from here */
	OPT_DRY_RUN,
	OPT_REASON,
	OPT_REJECTS,
	OPT_SUMMARY
};

/* The options, in the order of the help text: list's, then revert's. */
static const struct cli_optdef opts[] = {
	OPT_STRING("table", OPT_TABLE, "TABLE",
		   "entries of this table (person, contract, ...)"),
	OPT_STRING("key", OPT_KEY, "KEY", "of the row with this key (ID "
		   "number, ID:KIND, contract number)"),
	OPT_STRING("since", OPT_SINCE, "TIME", "at or after TIME"),
	OPT_STRING("until", OPT_UNTIL, "TIME", "at or before TIME"),
	OPT_HELP("operator", "NAME", "made by this operator"),
	OPT_STRING("command", OPT_COMMAND, "NAME", "made by this command "
		   "(sign, fdss-sign, 'condition end')"),
	OPT_GROUP("\nrevert undoes audit entries, each through the rules of "
		  "a fix (fdss-fix(1)),\nand audits the revert: refused when "
		  "a later entry changed the same field or\nthe old value "
		  "would break a rule now.  Prints the changed records; exit "
		  "65\nif an entry could not be reverted.\n\n", 18),
	OPT_STRING("reason", OPT_REASON, "TEXT", "why (required)"),
	OPT_FLAG("dry-run", OPT_DRY_RUN,
		 "print each change as before and after, store nothing"),
	OPT_FLAG("atomic", OPT_ATOMIC, "store nothing if any entry is refused"),
	OPT_STRING("rejects", OPT_REJECTS, "FILE",
		   "write refused entries there with an \"error\" key"),
	OPT_STRING("summary", OPT_SUMMARY, "FILE",
		   "write the counts there as JSON"),
	OPT_END
};

static const char *const verb_names[] = { "list", "show", "revert", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-audit",
	.usage = "fdss audit [list] [--table TABLE] [--key KEY] [--since TIME] "
		 "[--until TIME]\n"
		 "                  [--operator NAME] [--command NAME]\n"
		 "       fdss audit show ENTRY ...\n"
		 "       fdss audit revert ENTRY ... --reason TEXT [--atomic] "
		 "[--dry-run]\n"
		 "                         [--rejects FILE] [--summary FILE]",
	.help = "\nRead the audit log, oldest first: list (the default) "
		"the entries, show entries\nwhole with their difference field "
		"by field.  TIME: YYYY-MM-DD (a whole day)\nor "
		"YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], UTC without a zone.\n\n",
	.opts = opts,
	.help_width = 16,
	.verbs = verb_names,
};

/* A run of a verb: the options and where records go. */
struct run {
	struct cli *c;
	fdss_db *db;
	fdss_audit_filter f;
	char since[FDSS_AUDIT_TIME_BUFSZ], until[FDSS_AUDIT_TIME_BUFSZ];
	const char *operator_name;	/* --operator as given, or NULL */
	int filtered;		/* a filter option was given */
	/* revert */
	struct cli_batch batch;	/* --rejects, --summary, the commit */
	fdss_fix_opts fo;
	const char *reason;
	int revert_opts;	/* an option of revert's was given */
};

/* list: the entries the filters select, oldest first. */
static int list(struct run *r, int nargs, char **args)
{
	struct cli_printer pr;
	int rc;

	if (nargs > 0)
		cli_usage_error(r->c, "unexpected argument '%s'", args[0]);
	/* --operator names whom to list: a reader's own name is moot */
	r->f.operator_name = r->operator_name;
	cli_printer_init(&pr, r->c, cli_audit_columns, cli_naudit_columns);
	rc = fdss_audit_query(r->db, &r->f, cli_printer_audit, &pr);
	return cli_printer_end(&pr, r->db, rc);
}

/* show: each entry whole, with the difference field by field. */
static int show(struct run *r, int nargs, char **args)
{
	const char *errstr;
	int i;

	if (r->filtered)
		cli_usage_error(r->c, "show takes entry numbers, not filters");
	if (nargs == 0)
		cli_usage_error(r->c, "show needs an ENTRY");
	for (i = 0; i < nargs; i++)
		if (cli_strtonum(args[i], 1, INT64_MAX, &errstr), errstr)
			cli_usage_error(r->c, "entry '%s': %s", args[i],
					errstr);
	return cli_audit_show(r->c, r->db, &r->f, args, nargs);
}

/* revert: undo entries through the rules of a fix, audited. */
static int revert(struct run *r, int nargs, char **args)
{
	int status, stored = 0;

	if (r->filtered)
		cli_usage_error(r->c, "revert takes entry numbers, not filters");
	if (nargs == 0)
		cli_usage_error(r->c, "revert: no ENTRY given");
	if (!r->reason || !*r->reason)
		cli_usage_error(r->c, "--reason is required");
	if ((status = cli_batch_start(&r->batch, r->db, r->fo.atomic,
				      cli_change_columns,
				      CLI_NCHANGE_COLUMNS)) == EXIT_OK) {
		struct cli_fix_run fr = { r->c, &r->batch, r->db,
					  r->fo.dry_run, "entry " };

		status = cli_fix_revert(&fr, &r->fo, args, nargs, r->reason,
					&stored);
	}
	return cli_batch_end(&r->batch, stored, status);
}

/* The verbs. */
static const struct verb {
	const char *name;
	int (*run)(struct run *r, int nargs, char **args);
} verbs[] = {
	{ "list", list },
	{ "show", show },
	{ "revert", revert },
};

/* Take an option of revert's; 0 when opt is not one. */
static int revert_option(struct run *r, int opt, const char *arg)
{
	switch (opt) {
	case OPT_ATOMIC: r->fo.atomic = 1; break;
	case OPT_DRY_RUN: r->fo.dry_run = 1; break;
	case OPT_REASON: r->reason = arg; break;
	case OPT_REJECTS: r->batch.rejects_path = arg; break;
	case OPT_SUMMARY: r->batch.summary_path = arg; break;
	default: return 0;
	}
	r->revert_opts = 1;
	return 1;
}

/* Take an option of the filters; exits 64 for a malformed time. */
static void filter_option(struct run *r, int opt, const char *arg)
{
	fdss_error err = FDSS_ERROR_INIT;
	int end = opt == OPT_UNTIL;
	char *t = end ? r->until : r->since;

	r->filtered = 1;
	if (opt == OPT_COMMAND)
		r->f.command = arg;
	else if (opt == OPT_KEY)
		r->f.key = arg;
	else if (opt == OPT_TABLE)
		r->f.table = arg;
	else if (fdss_audit_time_parse(t, arg, end, &err) != FDSS_OK)
		cli_usage_error(r->c, "--%s %s", end ? "until" : "since",
				err.msg);
	else
		*(end ? &r->f.until : &r->f.since) = t;
}

int main(int argc, char **argv)
{
	struct cli c;
	struct run r = { .c = &c, .f = FDSS_AUDIT_FILTER_INIT,
			 .fo = FDSS_FIX_OPTS_INIT };
	const struct verb *v = &verbs[0];
	size_t i;
	int opt, status;

	cli_start(&c, &cmd, argc, argv);
	cli_batch_init(&r.batch, &c, "entry");
	while ((opt = cli_getopt(&c, argc, argv)) != -1)
		if (!revert_option(&r, opt, optarg))
			filter_option(&r, opt, optarg);
	r.operator_name = c.operator_name;	/* before the defaults */
	if (optind < argc) {
		for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
			if (strcmp(argv[optind], verbs[i].name) == 0)
				break;
		if (i == sizeof(verbs) / sizeof(verbs[0]))
			cli_usage_error(&c, "unknown command '%s'",
					argv[optind]);
		v = &verbs[i];
		optind++;
	}
	if (r.revert_opts && v->run != revert)
		cli_usage_error(&c, "--reason, --atomic, --dry-run, --rejects "
				"and --summary go with revert");
	cli_defaults(&c);
	if (v->run == revert)
		cli_check_outputs(&c, r.batch.rejects_path,
				  r.batch.summary_path, NULL);
	if ((status = cli_open_db(&c, &r.db, 0)) == EXIT_OK)
		status = v->run(&r, argc - optind, argv + optind);
	fdss_db_close(r.db);
	cli_end(&c);
	return status;
}
