/*
 * fdss-setting: the numbers a county may change (domain.md "(cfg)"):
 * the per-doctor limit of signed residents, the renewal grace period and
 * reminder window.  Changes are audited.
 */
#include <string.h>

#include "cli.h"

enum {
	OPT_REASON = CLI_OPT_FIRST_OWN
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("reason", OPT_REASON, "TEXT", "why, for the audit log"),
	OPT_END
};

static int print_one(const char *key, const char *value, void *arg)
{
	cJSON *rec = cJSON_CreateObject();
	int rc;

	cJSON_AddStringToObject(rec, "type", "setting");
	cJSON_AddStringToObject(rec, "key", key);
	cJSON_AddStringToObject(rec, "value", value);
	rc = fdss_out_record(arg, rec);
	cJSON_Delete(rec);
	return rc;
}

/* What the options asked for. */
struct args {
	const char *reason;
};

/* Print the setting key; 66 if there is none. */
static int show(const struct cli *c, fdss_db *db, fdss_out *o,
		const char *key)
{
	char value[256];
	int rc = fdss_setting_get(db, key, value, sizeof(value));

	if (rc == FDSS_ENOTFOUND) {
		cli_error(c, "no setting '%s' (see 'fdss setting list')", key);
		return EXIT_NOINPUT;
	}
	if (rc != FDSS_OK)
		return cli_fail(c, rc, fdss_db_error(db));
	return print_one(key, value, o) == FDSS_OK ? EXIT_OK : EXIT_IOERR;
}

static int list(const struct cli_verb_run *r)
{
	fdss_out *o = cli_output(r->c);
	int rc = fdss_setting_list(r->db, print_one, o);

	return cli_finish(r->c, o, cli_status(r->c, r->db, rc));
}

static int get(const struct cli_verb_run *r)
{
	fdss_out *o = cli_output(r->c);

	return cli_finish(r->c, o, show(r->c, r->db, o, r->args[0]));
}

/* set KEY VALUE: the setting changed, printed. */
static int set(const struct cli_verb_run *r)
{
	fdss_out *o = cli_output(r->c);
	const struct args *a = r->arg;
	const char *key = r->args[0];
	int rc = fdss_setting_set(r->db, key, r->args[1], a->reason), status;

	if (rc == FDSS_ENOTFOUND) {
		cli_error(r->c, "no setting '%s' (see 'fdss setting list')",
			  key);
		status = EXIT_NOINPUT;
	} else if (rc != FDSS_OK) {
		status = cli_fail(r->c, rc, fdss_db_error(r->db));
	} else {
		status = show(r->c, r->db, o, key);
	}
	return cli_finish(r->c, o, status);
}

static const struct cli_verb verb_table[] = {
	{ "list", 0, NULL, list, NULL },
	{ "get", 1, NULL, get, NULL },
	{ "set", 2, NULL, set, NULL },
	CLI_VERB_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-setting",
	.usage = "fdss setting list\n"
		 "       fdss setting get KEY\n"
		 "       fdss setting set KEY VALUE [--reason TEXT]",
	.help = "\n"
		"Show or change the settings: doctor_limit (signed residents "
		"per doctor),\n"
		"renewal_grace_days (renewal still possible after the end), "
		"renewal_reminder_days, county (6 digits: contract\n"
		"numbers and exports carry it).\n"
		"\n",
	.opts = opts,
	.help_width = 16,
	.verb_table = verb_table,
};

int main(int argc, char **argv)
{
	const struct cli_verb *v;
	struct args a = { NULL };
	struct cli c;
	int opt, status;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1)
		if (opt == OPT_REASON)
			a.reason = optarg;
	v = cli_verb_counted(&c, verb_table, &a, argc, argv);
	status = cli_verb_run(&c, v, &a, argc, argv);
	cli_end(&c);
	return status;
}
