/*
 * fdss-push: the county database into the provincial PostgreSQL store
 * (fdss_push(), push.h): the first push everything, later ones what
 * changed since, in one transaction there.  One record says what it did.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_FULL = CLI_OPT_FIRST_OWN,
	OPT_TO
};

/* The options, in the order of the help text. */
static const struct cli_optdef opts[] = {
	OPT_STRING("to", OPT_TO, "URL",
		   "the PostgreSQL database (also $FDSS_PUSH_TO)"),
	OPT_FLAG("full", OPT_FULL, "send every row, not only what changed"),
	OPT_END
};

static const struct cli_cmd cmd = {
	.name = "fdss-push",
	.usage = "fdss push --to URL [--full]",
	.help = "\n"
		"Push the county's records into the provincial PostgreSQL "
		"database URL\n"
		"(postgresql://… or a libpq connection string): the schema "
		"is created or\n"
		"migrated, the first push sends everything, a later one what "
		"the audit log\n"
		"names since the last push; rows are written only where they "
		"differ.\n"
		"\n",
	.opts = opts,
	.help_width = 11,
};

static int print_stats(fdss_out *o, const fdss_push_stats *st)
{
	cJSON *rec = cJSON_CreateObject();
	int rc = FDSS_ENOMEM;

	if (rec && cJSON_AddStringToObject(rec, "type", "push") &&
	    cJSON_AddStringToObject(rec, "county", st->county) &&
	    cJSON_AddBoolToObject(rec, "full", st->full) &&
	    cJSON_AddNumberToObject(rec, "audit_from",
				    (double)st->audit_from) &&
	    cJSON_AddNumberToObject(rec, "audit_to", (double)st->audit_to) &&
	    cJSON_AddNumberToObject(rec, "tables", st->tables) &&
	    cJSON_AddNumberToObject(rec, "sent", (double)st->sent) &&
	    cJSON_AddNumberToObject(rec, "changed", (double)st->changed))
		rc = fdss_out_record(o, rec);
	cJSON_Delete(rec);
	return rc;
}

int main(int argc, char **argv)
{
	fdss_push_opts po = FDSS_PUSH_OPTS_INIT;
	fdss_push_stats st;
	struct cli c;
	fdss_db *db = NULL;
	fdss_out *o = NULL;
	const char *to = getenv("FDSS_PUSH_TO");
	int opt, status, rc;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1) {
		if (opt == OPT_FULL)
			po.full = 1;
		else if (opt == OPT_TO)
			to = optarg;
	}
	if (optind < argc)
		cli_usage_error(&c, "unexpected argument '%s'", argv[optind]);
	if (!to || !*to)
		cli_usage_error(&c, "no PostgreSQL database: give --to URL");
	cli_defaults(&c);
	if ((status = cli_open_db(&c, &db, 0)) != EXIT_OK)
		goto out;
	if ((rc = fdss_push(db, to, &po, &st)) != FDSS_OK) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	o = cli_output(&c);
	status = cli_finish(&c, o,
			    print_stats(o, &st) == FDSS_OK ? EXIT_OK
							  : EXIT_IOERR);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
