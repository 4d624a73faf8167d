/*
 * The record writer: table, csv, jsonl, json and xlsx from cJSON objects,
 * or from the JSON text of a record (fdss_out_json()), which jsonl and
 * json copy as it is.  Here: formats, masks, columns, JSON and the
 * dispatch; table and csv are output_text.c's, xlsx output_xlsx.c's.
 *
 * jsonl and json stream each record as it comes.  csv streams too, once
 * the columns are known.  A table has to see every row before it knows
 * how wide a column is, so it keeps the formatted cells (not the cJSON
 * trees) in one text buffer until fdss_out_finish().
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/output.h"
#include "fdss/csv.h"
#include "fdss/report.h"
#include "fdss/text.h"
#include "output_int.h"

int fdss_format_parse(const char *name)
{
	static const struct {
		const char *name;
		int format;
	} formats[] = {
		{ "table", FDSS_FORMAT_TABLE }, { "jsonl", FDSS_FORMAT_JSONL },
		{ "csv", FDSS_FORMAT_CSV }, { "json", FDSS_FORMAT_JSON },
	};
	size_t i;

	for (i = 0; name && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(name, formats[i].name))
			return formats[i].format;
	return 0;
}

int fdss_out_new(fdss_out **out, FILE *f, int format, unsigned flags)
{
	fdss_out *o;

	*out = NULL;
	if (!f || ((format < FDSS_FORMAT_TABLE || format > FDSS_FORMAT_JSON) &&
		   format != FDSS_FORMAT_XLSX))
		return FDSS_EINVAL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return FDSS_ENOMEM;
	o->f = f;
	o->format = format;
	o->flags = flags;
	*out = o;
	return FDSS_OK;
}

void fdss_out_free(fdss_out *o)
{
	size_t i;

	if (!o)
		return;
	fdss__out_async_stop(o);
	for (i = 0; i < o->ncols; i++)
		free(o->cols[i].name);
	free(o->cols);
	free(o->flat);
	free(o->line);
	free(o->held);
	for (i = 0; i < o->nkeys; i++)
		free(o->keys[i].name);
	free(o->keys);
	fdss_jbuf_release(&o->scratch);
	fdss__xout_free(o->xlsx);
	free(o->xlsx_tmpdir);
	free(o->xlsx_sheet);
	free(o);
}

static int add_column(fdss_out *o, const char *name)
{
	struct column *c = &o->cols[o->ncols];

	c->name = strdup(name);
	if (!c->name)
		return FDSS_ENOMEM;
	c->namelen = strlen(name);
	c->mask = !(o->flags & FDSS_OUT_NO_MASK) && fdss_out_is_personal(name);
	if (!(o->flags & FDSS_OUT_NO_HEADER))
		c->width = fdss_text_width(name, strlen(name));
	o->ncols++;
	return FDSS_OK;
}

int fdss_out_columns(fdss_out *o, const char *const *names, size_t n)
{
	size_t i;
	int rc;

	if (o->have_cols || o->nrecords || n == 0)
		return FDSS_EINVAL;
	o->cols = calloc(n, sizeof(*o->cols));
	if (!o->cols)
		return FDSS_ENOMEM;
	o->have_cols = 1;
	for (i = 0; i < n; i++)
		if ((rc = add_column(o, names[i])))
			return rc;
	return FDSS_OK;
}

static int has_column(const fdss_out *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->ncols; i++)
		if (!strcmp(o->cols[i].name, name))
			return 1;
	return 0;
}

/* The columns of rec: its keys in order, "type" and repeats left out. */
static int columns_from(fdss_out *o, const cJSON *rec)
{
	const cJSON *item;
	int rc, n = cJSON_GetArraySize(rec);

	o->cols = calloc(n > 0 ? (size_t)n : 1, sizeof(*o->cols));
	if (!o->cols)
		return FDSS_ENOMEM;
	o->have_cols = 1;
	cJSON_ArrayForEach(item, rec) {
		if (!strcmp(item->string, "type") ||
		    has_column(o, item->string))
			continue;
		if ((rc = add_column(o, item->string)))
			return rc;
	}
	return FDSS_OK;
}

static void put_str(fdss_out *o, const char *s)
{
	fdss__out_put(o, s, strlen(s));
}

static int json_record(fdss_out *o, const cJSON *rec)
{
	char *s = cJSON_PrintUnformatted(rec);

	if (!s)
		return FDSS_ENOMEM;
	if (o->format == FDSS_FORMAT_JSON)
		put_str(o, o->nrecords ? ",\n" : "[\n");
	put_str(o, s);
	if (o->format == FDSS_FORMAT_JSONL)
		fdss__out_put(o, "\n", 1);
	free(s);
	return FDSS_OK;
}

/* --- xlsx (output_xlsx.c) --------------------------------------------- */

int fdss_out_xlsx(fdss_out *o, const char *tmpdir, const char *sheet)
{
	char *t = NULL, *s = NULL;

	if (o->xlsx || o->nrecords)
		return FDSS_EINVAL;
	if ((tmpdir && !(t = strdup(tmpdir))) || (sheet && !(s = strdup(sheet)))) {
		free(t);
		return FDSS_ENOMEM;
	}
	free(o->xlsx_tmpdir);
	free(o->xlsx_sheet);
	o->xlsx_tmpdir = t;
	o->xlsx_sheet = s;
	return FDSS_OK;
}

const char *fdss_out_errmsg(const fdss_out *o)
{
	return o ? o->xlsx_err.msg : "";
}

/* Make the workbook for the columns fixed so far. */
static int xlsx_start(fdss_out *o)
{
	const char **names;
	size_t i;
	int rc;

	if (o->xlsx || o->xlsx_rc)
		return o->xlsx_rc;
	if (!(names = calloc(o->ncols ? o->ncols : 1, sizeof(*names))))
		return o->xlsx_rc = FDSS_ENOMEM;
	for (i = 0; i < o->ncols; i++)
		names[i] = o->cols[i].name;
	rc = fdss__xout_new(&o->xlsx, names, o->ncols, o->xlsx_tmpdir,
			    o->xlsx_sheet, &o->xlsx_err);
	free(names);
	return o->xlsx_rc = rc;
}

static int xlsx_row(fdss_out *o, const cJSON *rec)
{
	int rc = xlsx_start(o);

	if (rc == FDSS_OK && (rc = fdss__xout_row(o->xlsx, rec)))
		o->xlsx_rc = rc;
	return rc;
}

static int xlsx_finish(fdss_out *o)
{
	int rc;

	if (!o->have_cols && (rc = columns_from(o, NULL)))
		return rc;
	if ((rc = xlsx_start(o)) == FDSS_OK &&
	    (rc = fdss__xout_finish(o->xlsx, o->f)) != FDSS_OK)
		o->failed = 1;
	return rc;
}

int fdss_out_record(fdss_out *o, const cJSON *rec)
{
	int rc;

	if (!cJSON_IsObject(rec) || o->finished)
		return FDSS_EINVAL;
	if (o->format == FDSS_FORMAT_JSONL || o->format == FDSS_FORMAT_JSON) {
		rc = json_record(o, rec);
	} else {
		if (!o->have_cols && (rc = columns_from(o, rec)))
			return rc;
		if (o->format == FDSS_FORMAT_XLSX)
			rc = xlsx_row(o, rec);
		else if (o->format == FDSS_FORMAT_CSV)
			rc = fdss__out_csv_row(o, rec);
		else
			rc = fdss__out_table_keep(o, rec);
	}
	if (rc)
		return rc;
	o->nrecords++;
	return o->failed ? FDSS_EIO : FDSS_OK;
}

fdss_jbuf *fdss_out_buf(fdss_out *o)
{
	fdss_jbuf_reset(&o->scratch);
	return &o->scratch;
}

int fdss_out_json(fdss_out *o, const char *text, size_t len)
{
	cJSON *rec;
	int rc;

	if (o->finished)
		return FDSS_EINVAL;
	if (o->format != FDSS_FORMAT_JSONL && o->format != FDSS_FORMAT_JSON) {
		if (o->have_cols && o->ncols &&
		    (o->format == FDSS_FORMAT_CSV ||
		     o->format == FDSS_FORMAT_TABLE)) {
			if ((rc = fdss__out_flat(o, text, len)) != -1)
				return rc;
		}
		if (!(rec = cJSON_ParseWithLength(text, len)))
			return FDSS_EINVAL;
		rc = fdss_out_record(o, rec);
		cJSON_Delete(rec);
		return rc;
	}
	if (!len || text[0] != '{')
		return FDSS_EINVAL;
	if (o->format == FDSS_FORMAT_JSON)
		put_str(o, o->nrecords ? ",\n" : "[\n");
	fdss__out_put(o, text, len);
	if (o->format == FDSS_FORMAT_JSONL)
		fdss__out_put(o, "\n", 1);
	o->nrecords++;
	return o->failed ? FDSS_EIO : FDSS_OK;
}

int fdss_out_finish(fdss_out *o)
{
	int rc = FDSS_OK;

	if (!o->finished) {
		o->finished = 1;
		if (o->format == FDSS_FORMAT_TABLE)
			rc = fdss__out_table_print(o);
		else if (o->format == FDSS_FORMAT_XLSX)
			rc = xlsx_finish(o);
		else if (o->format == FDSS_FORMAT_CSV && !o->csv_started &&
			 o->have_cols)
			fdss__out_csv_start(o);
		else if (o->format == FDSS_FORMAT_JSON)
			put_str(o, o->nrecords ? "\n]\n" : "[]\n");
	}
	fdss__out_async_drain(o);
	if (fflush(o->f) != 0 || ferror(o->f))
		o->failed = 1;
	if (rc)
		return rc;
	return o->failed ? FDSS_EIO : FDSS_OK;
}
