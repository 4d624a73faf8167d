/* fdss-init: create the database, or bring its schema up to date. */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* The common options alone. */
static const struct cli_optdef opts[] = { OPT_END };

static const struct cli_cmd cmd = {
	.name = "fdss-init",
	.usage = "fdss init [--db FILE]",
	.help = "\nCreate the database (mode 0600) or apply the migrations it "
		"lacks, and\nprint the schema version it holds.\n",
	.opts = opts,
};

int main(int argc, char **argv)
{
	struct cli c;
	struct stat sb;
	fdss_db *db = NULL;
	fdss_out *o;
	cJSON *rec;
	int opt, status, created, before, applied = 0, rc;

	cli_start(&c, &cmd, argc, argv);
	while ((opt = cli_getopt(&c, argc, argv)) != -1)
		continue;
	if (optind != argc)
		cli_usage_error(&c, "unexpected argument '%s'", argv[optind]);
	cli_defaults(&c);

	created = strcmp(c.db_path, ":memory:") != 0 &&
		  stat(c.db_path, &sb) != 0;
	status = cli_open_db(&c, &db, FDSS_DB_CREATE | FDSS_DB_NO_MIGRATE);
	if (status)
		goto out;
	before = fdss_db_schema_version(db);
	if ((rc = fdss_db_migrate(db, &applied)) != FDSS_OK) {
		status = cli_fail(&c, rc, fdss_db_error(db));
		goto out;
	}
	o = cli_output(&c);
	rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "type", "database");
	cJSON_AddStringToObject(rec, "path", c.db_path);
	cJSON_AddBoolToObject(rec, "created", created);
	cJSON_AddNumberToObject(rec, "schema_version",
				fdss_db_schema_version(db));
	cJSON_AddNumberToObject(rec, "previous_version", before);
	cJSON_AddNumberToObject(rec, "migrations_applied", applied);
	if (fdss_out_record(o, rec) != FDSS_OK)
		status = EXIT_IOERR;
	cJSON_Delete(rec);
	status = cli_finish(&c, o, status);
out:
	fdss_db_close(db);
	cli_end(&c);
	return status;
}
