/*
 * The frame the contract batches share (fdss sign, renew, review,
 * terminate): see cli_contract.h.
 */
#include "cli.h"

int cli_contract_begin(struct cli *c, struct cli_batch *r, fdss_db **db,
		       fdss_contract_opts *o, fdss_contract_batch **b)
{
	int status, rc;

	if ((status = cli_open_db(c, db, 0)) ||
	    (status = cli_batch_start(r, *db, o->atomic, cli_contract_columns,
				      cli_ncontract_columns)))
		return status;
	o->ref = c->today;
	o->reject = cli_batch_reject;
	o->contract = cli_batch_contract;
	o->arg = r;
	if ((rc = fdss_contract_batch_open(b, *db, o)) != FDSS_OK)
		return cli_fail(c, rc, fdss_db_error(*db));
	return 0;
}

int cli_contract_end(struct cli *c, struct cli_batch *r, fdss_db *db,
		     fdss_contract_batch *b, int stored, int status)
{
	fdss_contract_batch_free(b);
	status = cli_batch_end(r, stored, status);
	fdss_db_close(db);
	cli_end(c);
	return status;
}
