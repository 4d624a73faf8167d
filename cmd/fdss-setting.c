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

static const char *const verbs[] = { "list", "get", "set", NULL };

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
	.verbs = verbs,
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

/* Print the setting key; 66 if there is none. */
static int show(struct cli *c, fdss_db *db, fdss_out *o, const char *key)
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

int main(int argc, char **argv)
{
	struct cli c;
	fdss_db *db = NULL;
	fdss_out *o = NULL;
	const char *verb, *reason = NULL;
	int opt, status, nargs, rc;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1)
		if (opt == OPT_REASON)
			reason = optarg;
	if (optind >= argc)
		cli_usage_error(&c, "no command given");
	verb = argv[optind++];
	nargs = argc - optind;
	if (!((strcmp(verb, "list") == 0 && nargs == 0) ||
	      (strcmp(verb, "get") == 0 && nargs == 1) ||
	      (strcmp(verb, "set") == 0 && nargs == 2)))
		cli_usage_error(&c, "'%s' with %d argument%s", verb, nargs,
				nargs == 1 ? "" : "s");
	cli_defaults(&c);
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	o = cli_output(&c);
	if (strcmp(verb, "list") == 0) {
		if ((rc = fdss_setting_list(db, print_one, o)) != FDSS_OK)
			status = rc == FDSS_EIO ? EXIT_IOERR
				: cli_fail(&c, rc, fdss_db_error(db));
	} else if (strcmp(verb, "get") == 0) {
		status = show(&c, db, o, argv[optind]);
	} else {
		rc = fdss_setting_set(db, argv[optind], argv[optind + 1],
				      reason);
		if (rc == FDSS_ENOTFOUND) {
			cli_error(&c, "no setting '%s' (see 'fdss setting "
				  "list')", argv[optind]);
			status = EXIT_NOINPUT;
		} else if (rc != FDSS_OK) {
			status = cli_fail(&c, rc, fdss_db_error(db));
		} else {
			status = show(&c, db, o, argv[optind]);
		}
	}
	status = cli_finish(&c, o, status);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
