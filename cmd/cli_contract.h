#ifndef FDSS_CLI_CONTRACT_H
#define FDSS_CLI_CONTRACT_H

/*
 * The frame of the contract batches (fdss sign, renew, review,
 * terminate; cli_contract.c): start, parse into k, then run: open the
 * database, start the batch, open a contract batch on it, do the
 * command's part, finish and end.  Included by cli.h.
 */
#include "cli.h"

/* A contract batch command's state. */
struct cli_contract {
	struct cli c;
	struct cli_batch r;		/* --rejects, --summary, the commit */
	fdss_contract_opts o;		/* the options; run sets the rest */
	fdss_contract_stats st;		/* what cli_batch_finish() counts */
	fdss_db *db;
	fdss_contract_batch *b;
};

/* cli_start() and cli_batch_init() (records keyed by key); o as
 * FDSS_CONTRACT_OPTS_INIT, st zero. */
void cli_contract_start(struct cli_contract *k, const struct cli_cmd *cmd,
			int argc, char **argv, const char *key);

/*
 * Open the database, start k->r with the contract columns, point k->o's
 * callbacks at k->r and open k->b; then fn(k, arg) (an FDSS_ code),
 * cli_batch_finish() with rep, and the end: k->b freed, the batch
 * ended, the database closed, cli_end().  Returns the exit status.
 */
int cli_contract_run(struct cli_contract *k, const struct cli_report *rep,
		     int (*fn)(struct cli_contract *k, void *arg), void *arg);

/* --years ARG: 1, 2 or 3, or a usage error. */
int cli_contract_years(struct cli *c, const char *arg);

#endif
