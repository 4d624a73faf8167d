/*
 * cli_report.c: what the report writer's commands (fdss report, fdss
 * check) share — --lang, the writer on stdout, the sink of the records —
 * and the list of the reports.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_report_lang(const struct cli *c, const char *arg)
{
	if (strcmp(arg, "zh") && strcmp(arg, "en"))
		cli_usage_error(c, "--lang '%s': expected zh or en", arg);
	return strcmp(arg, "en") ? FDSS_LANG_ZH : FDSS_LANG_EN;
}

int cli_report_open(const struct cli *c, fdss_report_out **out, int lang,
		    const fdss_report_spec *spec)
{
	int rc;

	rc = fdss_report_out_new(out, stdout, c->format, c->out_flags, lang,
				 spec);
	if (rc == FDSS_EINVAL)
		cli_usage_error(c, "--format: this build cannot write it");
	if (rc == FDSS_OK)	/* xlsx: where the workbook is built */
		rc = fdss_report_out_tmpdir(*out, getenv("TMPDIR"));
	return rc == FDSS_OK ? EXIT_OK : cli_fail(c, rc, NULL);
}

int cli_report_is_store(const char *arg)
{
	return !strncmp(arg, "postgresql://", 13) ||
	       !strncmp(arg, "postgres://", 11);
}

int cli_report_sink_record(void *arg, const cJSON *rec)
{
	struct cli_report_sink *s = arg;

	s->n++;
	return s->rc = fdss_report_out_record(s->w, rec);
}

int cli_report_list(const struct cli *c)
{
	const fdss_report_def *all;
	size_t i, n;

	all = fdss_report_all(&n);
	for (i = 0; i < n; i++)
		printf("%-10s %s\n", all[i].name, all[i].spec->en);
	return cli_finish(c, NULL, EXIT_OK);
}
