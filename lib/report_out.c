/*
 * report_out.c: the writers of reports.  table, csv, jsonl and json are
 * the record writer of output.c with the report's columns; html and xlsx
 * are made from the same records by report_html.c and report_xlsx.c:
 * html keeps the records until the end (the charts' scale needs them
 * all), xlsx writes each row as it comes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/output.h"
#include "fdss/report.h"
#include "internal.h"
#include "report_int.h"

struct fdss_report_out {
	int format;			/* enum fdss_format / fdss_report_format */
	const fdss_report_spec *spec;	/* borrowed */
	FILE *f;			/* not closed here */
	unsigned flags;			/* FDSS_OUT_* */
	int lang;			/* enum fdss_report_lang */
	fdss_out *o;			/* table, csv, jsonl, json */
	cJSON *records;			/* html: copies of the records */
	fdss__xlsx *x;			/* xlsx: made at the first record */
	char *tmpdir;			/* xlsx: fdss_report_out_tmpdir() */
	const char *const *group;	/* html: fdss_report_out_group() */
	fdss_error err;			/* what failed, for errmsg() */
};

int fdss_report_format_parse(const char *name)
{
	if (name && !strcmp(name, "html"))
		return FDSS_FORMAT_HTML;
	if (name && !strcmp(name, "xlsx"))
		return FDSS_FORMAT_XLSX;
	return fdss_format_parse(name);
}

static int out_new_records(fdss_report_out *w)
{
	const char **keys;
	size_t i;
	int rc;

	if (!(keys = calloc(w->spec->ncols ? w->spec->ncols : 1,
			    sizeof(*keys))))
		return FDSS_ENOMEM;
	for (i = 0; i < w->spec->ncols; i++)
		keys[i] = w->spec->cols[i].key;
	if ((rc = fdss_out_new(&w->o, w->f, w->format, w->flags)) == FDSS_OK)
		rc = fdss_out_columns(w->o, keys, w->spec->ncols);
	free(keys);
	return rc;
}

int fdss_report_out_new(fdss_report_out **out, FILE *f, int format,
			unsigned flags, int lang,
			const fdss_report_spec *spec)
{
	fdss_report_out *w;
	int rc = FDSS_ENOMEM;

	*out = NULL;
	if (!f || !spec)
		return FDSS_EINVAL;
	if (!(w = calloc(1, sizeof(*w))))
		return FDSS_ENOMEM;
	w->format = format;
	w->spec = spec;
	w->f = f;
	w->flags = flags;
	w->lang = lang;
	if (format == FDSS_FORMAT_HTML)
		rc = (w->records = cJSON_CreateArray()) ? FDSS_OK
							: FDSS_ENOMEM;
	else if (format == FDSS_FORMAT_XLSX)
		rc = FDSS_OK;
	else
		rc = out_new_records(w);
	if (rc) {
		fdss_report_out_free(w);
		return rc;
	}
	*out = w;
	return FDSS_OK;
}

int fdss_report_out_tmpdir(fdss_report_out *w, const char *dir)
{
	char *copy = NULL;

	if (w->x)
		return FDSS_EINVAL;
	if (dir && !(copy = strdup(dir)))
		return FDSS_ENOMEM;
	free(w->tmpdir);
	w->tmpdir = copy;
	return FDSS_OK;
}

int fdss_report_out_group(fdss_report_out *w, const char *const *keys)
{
	w->group = keys;
	return FDSS_OK;
}

static int xlsx_start(fdss_report_out *w)
{
	if (w->x)
		return FDSS_OK;
	return fdss__xlsx_new(&w->x, w->tmpdir, w->spec, w->flags, w->lang,
			      &w->err);
}

/*
 * table and csv print a rate with its one decimal (100.0, not 100) and
 * yuan with two (216.00): the record's numbers as text, in a copy.
 */
static int out_fixed(fdss_report_out *w, const cJSON *rec)
{
	const fdss_report_spec *spec = w->spec;
	cJSON *copy, *v, *text;
	char buf[64];
	size_t i;
	int rc;

	if (!(copy = cJSON_Duplicate(rec, 1)))
		return FDSS_ENOMEM;
	for (i = 0; i < spec->ncols; i++) {
		int kind = spec->cols[i].kind;

		v = cJSON_GetObjectItemCaseSensitive(copy, spec->cols[i].key);
		if (!cJSON_IsNumber(v) || (kind != FDSS_REPORT_RATE &&
					   kind != FDSS_REPORT_YUAN))
			continue;
		snprintf(buf, sizeof(buf), kind == FDSS_REPORT_RATE ? "%.1f"
			 : "%.2f", v->valuedouble);
		if (!(text = cJSON_CreateString(buf)) ||
		    !cJSON_ReplaceItemInObjectCaseSensitive(
			    copy, spec->cols[i].key, text)) {
			cJSON_Delete(text);
			cJSON_Delete(copy);
			return FDSS_ENOMEM;
		}
	}
	rc = fdss_out_record(w->o, copy);
	cJSON_Delete(copy);
	return rc;
}

int fdss_report_out_record(void *arg, const cJSON *rec)
{
	fdss_report_out *w = arg;
	cJSON *copy;
	int rc;

	if (!cJSON_IsObject(rec))
		return FDSS_EINVAL;
	if (w->format == FDSS_FORMAT_HTML) {
		if (!(copy = cJSON_Duplicate(rec, 1)))
			return FDSS_ENOMEM;
		cJSON_AddItemToArray(w->records, copy);
		return FDSS_OK;
	}
	if (w->format == FDSS_FORMAT_XLSX) {
		if ((rc = xlsx_start(w)))
			return rc;
		return fdss__xlsx_row(w->x, rec);
	}
	if (w->format == FDSS_FORMAT_TABLE || w->format == FDSS_FORMAT_CSV)
		return out_fixed(w, rec);
	return fdss_out_record(w->o, rec);
}

int fdss_report_out_finish(fdss_report_out *w)
{
	int rc;

	if (w->format == FDSS_FORMAT_HTML) {
		rc = fdss__report_html_grouped(w->f, w->spec, w->records,
					       w->flags, w->lang, w->group);
		if (fflush(w->f) != 0 || ferror(w->f))
			rc = rc ? rc : FDSS_EIO;
		return rc;
	}
	if (w->format == FDSS_FORMAT_XLSX) {
		if ((rc = xlsx_start(w)))
			return rc;
		return fdss__xlsx_finish(w->x, w->f);
	}
	return fdss_out_finish(w->o);
}

const char *fdss_report_out_errmsg(const fdss_report_out *w)
{
	return w->err.msg;
}

void fdss_report_out_free(fdss_report_out *w)
{
	if (!w)
		return;
	fdss_out_free(w->o);
	cJSON_Delete(w->records);
	fdss__xlsx_free(w->x);
	free(w->tmpdir);
	free(w);
}
