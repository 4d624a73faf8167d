#ifndef FDSS_CLI_AREA_H
#define FDSS_CLI_AREA_H

/*
 * The imports of the reference files of fdss area (cli_area.c): the
 * divisions and the census figures, file by file, counted.  Included by
 * cli.h.
 */
#include "cli.h"

/* What an import was asked. */
struct cli_area_import {
	int atomic;		/* --atomic: all files or nothing */
	int dry_run;		/* --dry-run: check and count, roll back */
	int population;		/* census figures, not divisions */
};

/*
 * Import files ("-" is stdin) into db as o asks, in one transaction
 * under --atomic and --dry-run (census figures: always); rejected rows
 * and files that cannot be read are said as they come, the counts at the
 * end ("read N, inserted N, ..."), stdout checked.  Returns the exit
 * status: 65 when a row was rejected, 66 when a file was missing.
 */
int cli_area_import(struct cli *c, fdss_db *db,
		    const struct cli_area_import *o, char **files, int n);

#endif
