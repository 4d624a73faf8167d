#ifndef FDSS_CLI_TEAM_H
#define FDSS_CLI_TEAM_H

/*
 * The printers of fdss team (cli_team.c): teams and their members, and
 * show's team with its members.  Included by cli.h.
 */
#include "cli.h"

/* A printer of teams (members 0) or of members, whose columns table and
 * csv carry (csv names them even when nothing follows). */
struct cli_printer cli_team_printer(const struct cli *c, int members);

/* Walk callbacks (pr is the struct cli_printer) writing a team or a
 * member record. */
int cli_print_team(const fdss_team *t, void *pr);
int cli_print_member(const fdss_team_member *m, void *pr);

/* Print the member id of team (one just added) through pr: FDSS_OK or
 * the walk's failure. */
int cli_print_team_member(struct cli_printer *pr, fdss_db *db,
			  const char *team, int64_t id);

/*
 * show: the team code and its members.  jsonl and json write them as
 * one stream of records; table and csv as two tables, the members under
 * the team.  Finishes stdout; returns the exit status.
 */
int cli_team_show(const struct cli *c, fdss_db *db, const char *code);

#endif
