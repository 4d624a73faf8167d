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

static const struct option options[] = {
	{ "full", no_argument, NULL, OPT_FULL },
	{ "to", required_argument, NULL, OPT_TO },
	CLI_COMMON_OPTIONS
};

static const struct cli_cmd cmd = {
	.name = "fdss-push",
	.usage = "fdss push --to URL [--full]",
	.help = "\nPush the county's records into the provincial PostgreSQL "
		"database URL\n(postgresql://… or a libpq connection string): "
		"the schema is created or\nmigrated, the first push sends "
		"everything, a later one what the audit log\nnames since the "
		"last push; rows are written only where they differ.\n"
		"\n"
		"  --to URL   the PostgreSQL database (also $FDSS_PUSH_TO)\n"
		"  --full     send every row, not only what changed\n",
	.options = options,
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
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (cli_option(&c, opt, optarg))
			continue;
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
