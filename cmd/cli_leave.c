/*
 * cli_leave.c: the leave verb of fdss-person — its options, and people
 * leaving the roster through one contract batch, the changed contracts
 * printed.
 */
#include <stdlib.h>

#include "cli.h"
#include "cli_leave.h"

/* Where the leave verb reports. */
struct leave_run {
	struct cli *c;
	fdss_out *o;
};

static void leave_reject(void *arg, const char *subject, const char *reason)
{
	struct leave_run *r = arg;

	cli_error(r->c, "%s: %s", subject, reason);
}

static int leave_contract(void *arg, const fdss_contract *k)
{
	struct leave_run *r = arg;

	return cli_print_contract(r->o, k, r->c->today);
}

/* fdss person leave: statuses change, covers end, contracts printed. */
int cli_leave(struct cli *c, fdss_db *db, const struct cli_leave_args *a,
	      int n, char **ids)
{
	fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;
	fdss_contract_batch *b = NULL;
	fdss_contract_stats st;
	static const char *const columns[] = {
		"number", "household_no", "team", "doctor", "start_date",
		"end_date", "years", "status", "terminated_on", "refund_fen"
	};
	struct leave_run r = { c, cli_output(c) };
	int status = EXIT_OK, rc, i, stored = 0;

	if (c->format == FDSS_FORMAT_TABLE)
		fdss_out_columns(r.o, columns, sizeof(columns) /
				 sizeof(columns[0]));
	o.ref = c->today;
	o.dry_run = a->dry_run;
	o.reject = leave_reject;
	o.contract = leave_contract;
	o.arg = &r;
	fdss_db_defer_commit(db, 1);	/* the records out first */
	if ((rc = fdss_contract_batch_open(&b, db, &o)) != FDSS_OK)
		return cli_finish(c, r.o, cli_fail(c, rc, fdss_db_error(db)));
	for (i = 0, rc = FDSS_OK; i < n && (rc == FDSS_OK || rc == FDSS_EDATA);
	     i++)
		rc = fdss_contract_person_leaves(b, ids[i], a->reason, a->date,
						 a->note);
	if (rc != FDSS_OK && rc != FDSS_EDATA)
		status = cli_fail(c, rc, fdss_db_error(db));
	else if ((rc = fdss_contract_batch_finish(b, &st)) != FDSS_OK)
		status = cli_fail(c, rc, fdss_db_error(db));
	else
		status = st.rejected ? EXIT_DATAERR : EXIT_OK;
	fdss_contract_batch_free(b);
	status = cli_finish(c, r.o, status);
	rc = cli_commit(c, db, status != EXIT_IOERR, &stored);
	return rc ? rc : status;
}

/* Take an option of the leave verb; 0 if opt is not one. */
int cli_leave_option(struct cli *c, struct cli_leave_args *a, int opt,
		     const char *arg)
{
	fdss_error err = FDSS_ERROR_INIT;

	switch (opt) {
	case CLI_LEAVE_DATE:
		if (fdss_date_parse(&a->date, arg, &err) != FDSS_OK)
			cli_usage_error(c, "--date %s", err.msg);
		return 1;
	case CLI_LEAVE_DRY_RUN:
		a->dry_run = 1;
		return 1;
	case CLI_LEAVE_NOTE:
		a->note = arg;
		return 1;
	case CLI_LEAVE_REASON:
		a->reason = arg;
		return 1;
	default:
		return 0;
	}
}
