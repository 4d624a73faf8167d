/*
 * fdss-rules: the follow-up intervals and thresholds of domain.md §5,
 * kept as data so that a province changes numbers, not code.  Changes
 * are audited and apply to visits recorded afterwards.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_PROGRAM = CLI_OPT_FIRST_OWN,
	OPT_REASON
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("program", OPT_PROGRAM, "P",
		   "list only this programme's rules"),
	OPT_STRING("reason", OPT_REASON, "TEXT", "why, for the audit log"),
	OPT_END
};

static const char *const verbs[] = { "list", "set", NULL };

static const struct cli_cmd cmd = {
	.name = "fdss-rules",
	.usage = "fdss rules list [--program P]\n"
		 "       fdss rules set PROGRAM KEY VALUE [--reason TEXT]",
	.help = "\n"
		"Show or change the follow-up rules: intervals in days or "
		"months and the\n"
		"thresholds of classification, per programme (hypertension, "
		"diabetes, smi, tb,\n"
		"elderly, chronic), and referral and general.\n"
		"\n",
	.opts = opts,
	.help_width = 16,
	.verbs = verbs,
};

static const char *const table_columns[] = {
	"program", "key", "value", "description"
};

static int print_one(const fdss_rule *rule, void *arg)
{
	return cli_out_record(arg, fdss_rule_to_json(rule));
}

/* Print the rules of program, or only key when not NULL. */
struct one {
	fdss_out *o;
	const char *key;
};

static int print_key(const fdss_rule *rule, void *arg)
{
	struct one *w = arg;

	return strcmp(rule->key, w->key) == 0 ? print_one(rule, w->o) : 0;
}

int main(int argc, char **argv)
{
	struct cli c;
	struct one w;
	fdss_db *db = NULL;
	fdss_out *o = NULL;
	const char *verb, *reason = NULL, *program = NULL;
	int opt, status, nargs, rc;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		if (opt == OPT_PROGRAM)
			program = optarg;
		else if (opt == OPT_REASON)
			reason = optarg;
	}
	if (optind >= argc)
		cli_usage_error(&c, "no command given");
	verb = argv[optind++];
	nargs = argc - optind;
	if (!((strcmp(verb, "list") == 0 && nargs == 0) ||
	      (strcmp(verb, "set") == 0 && nargs == 3 && !program)))
		cli_usage_error(&c, "'%s' with %d argument%s", verb, nargs,
				nargs == 1 ? "" : "s");
	cli_defaults(&c);
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	o = cli_output(&c);
	if (c.format == FDSS_FORMAT_TABLE)
		fdss_out_columns(o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
	if (strcmp(verb, "list") == 0) {
		rc = fdss_rules_list(db, program, print_one, o);
	} else {
		rc = fdss_rules_set(db, argv[optind], argv[optind + 1],
				    argv[optind + 2], reason);
		w.o = o;
		w.key = argv[optind + 1];
		if (rc == FDSS_OK)
			rc = fdss_rules_list(db, argv[optind], print_key, &w);
	}
	if (rc != FDSS_OK)
		status = rc == FDSS_EIO ? EXIT_IOERR
			 : cli_fail(&c, rc, fdss_db_error(db));
	status = cli_finish(&c, o, status);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
