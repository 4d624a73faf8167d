/*
 * report_out.c: the writers of reports.  table, csv, jsonl and json are
 * the record writer of output.c with the report's columns; html and xlsx
 * are made from the same records by report_html.c and report_xlsx.c.
 */
#include <stdlib.h>
#include <string.h>

#include "fdss/output.h"
#include "fdss/report.h"
#include "internal.h"
#include "report_int.h"

struct fdss_report_out {
	int format;			/* enum fdss_format / fdss_report_format */
	const fdss_report_spec *spec;	/* borrowed */
	fdss_out *o;			/* table, csv, jsonl, json */
};

int fdss_report_format_parse(const char *name)
{
	if (name && !strcmp(name, "html"))
		return FDSS_FORMAT_HTML;
	if (name && !strcmp(name, "xlsx"))
		return FDSS_FORMAT_XLSX;
	return fdss_format_parse(name);
}

int fdss_report_out_new(fdss_report_out **out, FILE *f, int format,
			unsigned flags, int lang,
			const fdss_report_spec *spec)
{
	const char **keys = NULL;
	fdss_report_out *w;
	size_t i;
	int rc = FDSS_ENOMEM;

	(void)lang;
	*out = NULL;
	if (format == FDSS_FORMAT_HTML || format == FDSS_FORMAT_XLSX)
		return FDSS_EINVAL;
	if (!(w = calloc(1, sizeof(*w))) ||
	    !(keys = calloc(spec->ncols ? spec->ncols : 1, sizeof(*keys))))
		goto fail;
	w->format = format;
	w->spec = spec;
	for (i = 0; i < spec->ncols; i++)
		keys[i] = spec->cols[i].key;
	if ((rc = fdss_out_new(&w->o, f, format, flags)) != FDSS_OK ||
	    (rc = fdss_out_columns(w->o, keys, spec->ncols)) != FDSS_OK)
		goto fail;
	free(keys);
	*out = w;
	return FDSS_OK;
fail:
	free(keys);
	fdss_report_out_free(w);
	return rc;
}

int fdss_report_out_record(void *arg, const cJSON *rec)
{
	fdss_report_out *w = arg;

	return fdss_out_record(w->o, rec);
}

int fdss_report_out_finish(fdss_report_out *w)
{
	return fdss_out_finish(w->o);
}

void fdss_report_out_free(fdss_report_out *w)
{
	if (!w)
		return;
	fdss_out_free(w->o);
	free(w);
}
