/*
 * cli_db.c: the database of a run — opening it, the exit status of a
 * library result (the only place that turns enum fdss_rc into exit
 * statuses), filters checked against the store, the deferred commit.
 */
#include <stdlib.h>

#include "cli.h"

int cli_exit_code(int rc)
{
	switch (rc) {
	case FDSS_OK:
	case FDSS_EOF:
		return EXIT_OK;
	case FDSS_EINVAL:
		return EXIT_USAGE;
	case FDSS_EDATA:
	case FDSS_EEXISTS:
	case FDSS_ECONFLICT:
		return EXIT_DATAERR;
	case FDSS_ENOTFOUND:
		return EXIT_NOINPUT;
	case FDSS_EBUSY:
		return EXIT_TEMPFAIL;
	case FDSS_EIO:
		return EXIT_IOERR;
	case FDSS_ESCHEMA:
		return EXIT_CONFIG;
	default:
		return EXIT_SOFTWARE;
	}
}

int cli_fail(const struct cli *c, int rc, const fdss_error *err)
{
	cli_error(c, "%s", err && err->msg[0] ? err->msg : fdss_strerror(rc));
	return cli_exit_code(rc);
}

int cli_open_db(struct cli *c, fdss_db **out, unsigned flags)
{
	fdss_error err = FDSS_ERROR_INIT;
	int rc;

	if (c->busy_ms >= 0)
		fdss_db_set_busy_timeout((int)c->busy_ms);
	rc = fdss_db_open(out, c->db_path, flags, &err);
	if (rc == FDSS_ENOTFOUND) {
		cli_error(c, "%s (create it with 'fdss init' or choose one "
			  "with --db or FDSS_DB)", err.msg);
		return EXIT_NOINPUT;
	}
	if (rc != FDSS_OK)
		return cli_fail(c, rc, &err);
	if ((rc = fdss_db_set_actor(*out, c->operator_name,
				    c->command_line)) != FDSS_OK ||
	    ((c->out_flags & FDSS_OUT_NO_MASK) &&
	     !(flags & FDSS_DB_NO_MIGRATE) &&
	     (rc = fdss_audit_unmasked(*out, c->cmd->name)) != FDSS_OK)) {
		rc = cli_fail(c, rc, fdss_db_error(*out));
		fdss_db_close(*out);
		*out = NULL;
		return rc;
	}
	return EXIT_OK;
}

int cli_walk_status(const struct cli *c, fdss_db *db, int cb_rc, int rc)
{
	if (rc == FDSS_OK)
		return EXIT_OK;
	if (cb_rc == FDSS_EIO)
		return EXIT_IOERR;
	if (cb_rc != FDSS_OK)
		return cli_fail(c, cb_rc, NULL);
	return cli_fail(c, rc, fdss_db_error(db));
}

int cli_status(const struct cli *c, fdss_db *db, int rc)
{
	if (rc == FDSS_OK)
		return EXIT_OK;
	return rc == FDSS_EIO ? EXIT_IOERR : cli_fail(c, rc, fdss_db_error(db));
}

/* Exit 66 naming value, of kind what, with the names expected. */
static void no_such(const struct cli *c, fdss_db *db, const char *what,
		    const char *value, const char *expected)
{
	cli_error(c, "%s '%s': no such %s (expected %s)", what, value, what,
		  expected);
	fdss_db_close(db);
	exit(EXIT_NOINPUT);
}

void cli_check_filter(const struct cli *c, fdss_db *db, enum cli_filter f,
		      const char *value)
{
	char names[256];
	int rc = FDSS_OK;

	if (!value)
		return;
	switch (f) {
	case CLI_FILTER_AREA:
		rc = fdss_area_exists(db, value);
		break;
	case CLI_FILTER_TEAM:
		rc = fdss_team_exists(db, value);
		break;
	case CLI_FILTER_PROGRAM:
		if (!fdss_program_parse(value))
			no_such(c, db, "programme", value, "hypertension, "
				"diabetes, smi, tb, elderly or chronic");
		break;
	case CLI_FILTER_CONDITION:
		if (!fdss_condition_parse(value))
			no_such(c, db, "condition", value, "hypertension, "
				"diabetes, tb, smi, copd or chronic");
		break;
	case CLI_FILTER_CONTRACT_STATUS:
		if (!fdss_contract_status_parse(value))
			no_such(c, db, "status", value, "pending, approved, "
				"active, expired, rejected or terminated");
		break;
	case CLI_FILTER_GROUP:
		if (!fdss_group_parse(value))
			no_such(c, db, "group", value,
				fdss_group_names(names, sizeof(names)));
		break;
	}
	if (rc != FDSS_OK) {
		rc = cli_fail(c, rc, fdss_db_error(db));
		fdss_db_close(db);
		exit(rc);
	}
}

long long cli_strtonum(const char *s, long long min, long long max,
		       const char **errstr)
{
	long long v = 0;

	*errstr = NULL;
	if (fdss_int_parse(&v, s, min, max, errstr) != FDSS_OK)
		return 0;
	return v;
}

int cli_commit(const struct cli *c, fdss_db *db, int ok, int *stored)
{
	int rc;

	if (!db || !fdss_db_commit_pending(db))
		return EXIT_OK;
	if (!ok) {
		fdss_db_rollback(db);
		cli_error(c, "nothing stored: an output of the run could not "
			  "be written");
		return EXIT_IOERR;
	}
	if ((rc = fdss_db_commit(db)) != FDSS_OK)
		return cli_fail(c, rc, fdss_db_error(db));
	*stored = 1;
	return EXIT_OK;
}
