/*
 * The frame the contract batches share (fdss sign, renew, review,
 * terminate): see cli_contract.h.
 */
#include <string.h>

#include "cli.h"

void cli_contract_start(struct cli_contract *k, const struct cli_cmd *cmd,
			int argc, char **argv, const char *key)
{
	const fdss_contract_opts o = FDSS_CONTRACT_OPTS_INIT;

	memset(k, 0, sizeof(*k));
	k->o = o;
	cli_start(&k->c, cmd, argc, argv);
	cli_batch_init(&k->r, &k->c, key);
}

/* Open the database, start the batch and open k->b: 0 or the status. */
static int begin(struct cli_contract *k)
{
	int status, rc;

	if ((status = cli_open_db(&k->c, &k->db, 0)) ||
	    (status = cli_batch_start(&k->r, k->db, k->o.atomic,
				      cli_contract_columns,
				      cli_ncontract_columns)))
		return status;
	k->o.ref = k->c.today;
	k->o.reject = cli_batch_reject;
	k->o.contract = cli_batch_contract;
	k->o.arg = &k->r;
	if ((rc = fdss_contract_batch_open(&k->b, k->db, &k->o)) != FDSS_OK)
		return cli_fail(&k->c, rc, fdss_db_error(k->db));
	return 0;
}

int cli_contract_run(struct cli_contract *k, const struct cli_report *rep,
		     int (*fn)(struct cli_contract *k, void *arg), void *arg)
{
	int status, rc;

	if (!(status = begin(k))) {
		rc = fn(k, arg);
		status = cli_batch_finish(&k->r, k->db, k->b, rc,
					  k->o.dry_run, rep, &k->st);
	}
	fdss_contract_batch_free(k->b);
	status = cli_batch_end(&k->r, k->st.committed, status);
	fdss_db_close(k->db);
	cli_end(&k->c);
	return status;
}

int cli_contract_years(struct cli *c, const char *arg)
{
	const char *errstr;
	int years = (int)cli_strtonum(arg, 1, 3, &errstr);

	if (errstr)
		cli_usage_error(c, "--years '%s': expected 1, 2 or 3", arg);
	return years;
}
