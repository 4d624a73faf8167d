#ifndef FDSS_CLI_REPORT_H
#define FDSS_CLI_REPORT_H

/*
 * What fdss report and fdss check share beyond cli_report_format(),
 * cli_report_check_tty() and cli_report_end() (cli_report.c): --lang,
 * the writer on stdout and the sink of the records.  Included by cli.h.
 */
#include "cli.h"

/* --lang zh|en: FDSS_LANG_ZH or FDSS_LANG_EN; exits 64 for another. */
int cli_report_lang(const struct cli *c, const char *arg);

/*
 * The writer of spec's records on stdout in c's format (--format, with
 * html and xlsx), c's flags and lang; xlsx builds its workbook in
 * $TMPDIR.  Exits 64 when this build cannot write the format; else 0,
 * or the failure printed and its exit status.
 */
int cli_report_open(const struct cli *c, fdss_report_out **out, int lang,
		    const fdss_report_spec *spec);

/* --from postgresql://… (or postgres://): the provincial store, not a
 * date. */
int cli_report_is_store(const char *arg);

/* Where the records of a report or a check go, and how many went. */
struct cli_report_sink {
	fdss_report_out *w;	/* cli_report_open() */
	long n;			/* the records written */
	int rc;			/* the writer's last failure */
};

/* An fdss_report_fn writing rec to the sink arg, counted. */
int cli_report_sink_record(void *arg, const cJSON *rec);

/* The reports, a name and a title a line: fdss report without NAME.
 * Returns the exit status. */
int cli_report_list(const struct cli *c);

#endif
