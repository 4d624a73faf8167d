/*
 * cli_leave.h: the leave verb of fdss-person (cli_leave.c).
 */
#ifndef FDSS_CLI_LEAVE_H
#define FDSS_CLI_LEAVE_H

/* The leave options' numbers, after the roster filters (cli_filter.h);
 * the command's other options are numbered from CLI_LEAVE_END. */
enum {
	CLI_LEAVE_DATE = CLI_ROSTER_END,
	CLI_LEAVE_DRY_RUN,
	CLI_LEAVE_NOTE,
	CLI_LEAVE_REASON,
	CLI_LEAVE_END
};

/* What the leave verb was asked. */
struct cli_leave_args {
	const char *reason, *note;	/* --reason (NULL: not leave), --note */
	fdss_date date;			/* --date, 0 for --as-of */
	int dry_run;			/* --dry-run */
};

/* Take an option of the leave verb into a (usage error if its argument
 * is not valid); 0 if opt is not one. */
int cli_leave_option(struct cli *c, struct cli_leave_args *a, int opt,
		     const char *arg);

/*
 * fdss person leave for ids[0..n): statuses change, covers end, the
 * changed contracts printed, in one transaction; returns the exit
 * status (65 when some were rejected).
 */
int cli_leave(struct cli *c, fdss_db *db, const struct cli_leave_args *a,
	      int n, char **ids);

#endif
