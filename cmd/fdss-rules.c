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

/* What the options asked for. */
struct args {
	const char *program, *reason;
};

/* The writer on stdout, with the table's columns. */
static fdss_out *output(const struct cli *c)
{
	fdss_out *o = cli_output(c);

	if (c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(o, table_columns, sizeof(table_columns) /
				 sizeof(table_columns[0]));
	return o;
}

/* The exit status of rc, after the records written to o. */
static int finish(const struct cli_verb_run *r, fdss_out *o, int rc)
{
	return cli_finish(r->c, o, cli_status(r->c, r->db, rc));
}

static int list(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	fdss_out *o = output(r->c);

	return finish(r, o, fdss_rules_list(r->db, a->program, print_one, o));
}

/* set PROGRAM KEY VALUE: the rule changed, printed. */
static int set(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;
	struct one w = { output(r->c), r->args[1] };
	int rc;

	rc = fdss_rules_set(r->db, r->args[0], r->args[1], r->args[2],
			    a->reason);
	if (rc == FDSS_OK)
		rc = fdss_rules_list(r->db, r->args[0], print_key, &w);
	return finish(r, w.o, rc);
}

/* set lists no programme: --program is for list. */
static void check_set(const struct cli_verb_run *r)
{
	const struct args *a = r->arg;

	if (a->program)
		cli_verb_args_error(r->c, "set", r->nargs);
}

static const struct cli_verb verb_table[] = {
	{ "list", 0, NULL, list, NULL },
	{ "set", 3, check_set, set, NULL },
	CLI_VERB_END
};

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
	.verb_table = verb_table,
};

int main(int argc, char **argv)
{
	const struct cli_verb *v;
	struct args a = { NULL, NULL };
	struct cli c;
	int opt, status;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		if (opt == OPT_PROGRAM)
			a.program = optarg;
		else if (opt == OPT_REASON)
			a.reason = optarg;
	}
	v = cli_verb_counted(&c, verb_table, &a, argc, argv);
	status = cli_verb_run(&c, v, &a, argc, argv);
	cli_end(&c);
	return status;
}
