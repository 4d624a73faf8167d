#ifndef FDSS_CLI_CONTRACT_H
#define FDSS_CLI_CONTRACT_H

/*
 * The frame of the contract batches (fdss sign, renew, review,
 * terminate; cli_contract.c): open the database, start the batch and
 * open a contract batch on it; at the end free, end and close.
 * Included by cli.h.
 */
#include "cli.h"

/*
 * Open the database, start r with the contract columns, point o's
 * callbacks at r and open *b.  0, or the exit status when any of it
 * failed (its message printed); either way cli_contract_end() follows.
 */
int cli_contract_begin(struct cli *c, struct cli_batch *r, fdss_db **db,
		       fdss_contract_opts *o, fdss_contract_batch **b);

/*
 * Free b, end r (stored is what was committed), close db and end c.
 * Returns the command's exit status.
 */
int cli_contract_end(struct cli *c, struct cli_batch *r, fdss_db *db,
		     fdss_contract_batch *b, int stored, int status);

#endif
