/*
 * report_xlsx.c: a report as an Excel workbook, through libxlsxwriter.
 *
 * One sheet, named by the report's title, with typed cells: whole
 * numbers and yuan as numbers ("0.00"), rates as percentages (73.4
 * stored as 0.734 with "0.0%"), dates as dates ("yyyy-mm-dd"), truth
 * values as TRUE/FALSE, and identifiers as text, masked unless
 * FDSS_OUT_NO_MASK as in csv, so that Excel never shows an ID number as
 * 4.50102E+17.  The header row is bold and frozen, with a filter; each
 * column is as wide as its widest text (a CJK character counts 2).
 *
 * libxlsxwriter writes a file by name, so the workbook is built in a
 * temporary file of tmpdir and copied to the stream at the end.  Rows
 * are written as they come in constant-memory mode: the memory stays
 * flat however long the report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "fdss/date.h"
#include "fdss/output.h"
#include "fdss/report.h"
#include "fdss/text.h"
#include "report_int.h"

#define WIDTH_MAX 60	/* the widest column, in characters */

struct fdss__xlsx {
	const fdss_report_spec *spec;
	unsigned flags;		/* FDSS_OUT_* */
	int lang;		/* enum fdss_report_lang */
	char *path;		/* the temporary file; unlinked when freed */
	char *tmpdir;		/* its directory, for libxlsxwriter's too */
	lxw_workbook *wb;	/* NULL once closed */
	lxw_worksheet *ws;
	lxw_format *header, *yuan, *rate, *date, *num;
	size_t *width;		/* per column: widest text so far */
	fdss_error *err;	/* the writer's: what failed first */
	lxw_row_t row;		/* the next row (0 is the header) */
	int failed;		/* a libxlsxwriter call failed */
};

static const char *caption(int lang, const char *zh, const char *en)
{
	if (lang == FDSS_LANG_EN && en)
		return en;
	return zh ? zh : en ? en : "";
}

/*
 * The title as a sheet name: at most 31 characters, none of []:*?/\ and
 * no apostrophe at either end (Excel's rules); "report" if nothing is left.
 */
static void sheet_name(char *buf, size_t n, const char *title)
{
	size_t i = 0, o = 0, len = strlen(title), k = 0, c;
	uint32_t cp;

	while (i < len && k < LXW_SHEETNAME_MAX) {
		c = fdss_utf8_decode(title + i, len - i, &cp);
		if (!c) {
			i++;
			continue;
		}
		if (o + c >= n)
			break;
		if (c == 1 && (strchr("[]:*?/\\", title[i]) ||
			       (unsigned char)title[i] < 0x20))
			buf[o++] = '_';
		else
			memcpy(buf + o, title + i, c), o += c;
		i += c;
		k++;
	}
	while (o > 0 && buf[o - 1] == '\'')
		o--;
	buf[o] = '\0';
	if (buf[0] == '\'')
		buf[0] = '_';
	if (!o)
		snprintf(buf, n, "report");
}

static void check(fdss__xlsx *x, lxw_error e)
{
	if (e == LXW_NO_ERROR || x->failed)
		return;
	x->failed = 1;
	fdss_error_set(x->err, FDSS_EIO, "cannot write the workbook: %s",
		       lxw_strerror(e));
}

static lxw_format *number_format(lxw_workbook *wb, const char *fmt)
{
	lxw_format *f = workbook_add_format(wb);

	if (f)
		format_set_num_format(f, fmt);
	return f;
}

static void grow_width(fdss__xlsx *x, size_t i, const char *s)
{
	size_t w = fdss_text_width(s, strlen(s));

	if (w > x->width[i])
		x->width[i] = w;
}

static int write_header(fdss__xlsx *x)
{
	const fdss_report_spec *s = x->spec;
	size_t i;
	const char *c;

	for (i = 0; i < s->ncols; i++) {
		c = caption(x->lang, s->cols[i].zh, s->cols[i].en);
		check(x, worksheet_write_string(x->ws, 0, (lxw_col_t)i, c,
						x->header));
		grow_width(x, i, c);
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
	return x->failed ? FDSS_EIO : FDSS_OK;
}

int fdss__xlsx_new(fdss__xlsx **out, const char *tmpdir,
		   const fdss_report_spec *spec, unsigned flags, int lang,
		   fdss_error *err)
{
	lxw_workbook_options opt = { 1, NULL, 0 };	/* constant memory */
	char name[LXW_MAX_SHEETNAME_LENGTH];
	fdss__xlsx *x;
	size_t n;
	int fd, rc = FDSS_ENOMEM;

	*out = NULL;
	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	if (!(x = calloc(1, sizeof(*x))) ||
	    !(x->width = calloc(spec->ncols ? spec->ncols : 1,
				sizeof(*x->width))) ||
	    !(x->tmpdir = strdup(tmpdir)))
		goto fail;
	x->spec = spec;
	x->err = err;
	x->flags = flags;
	x->lang = lang;
	n = strlen(tmpdir) + sizeof("/fdss-report-XXXXXX");
	if (!(x->path = malloc(n)))
		goto fail;
	snprintf(x->path, n, "%s/fdss-report-XXXXXX", tmpdir);
	if ((fd = mkstemp(x->path)) < 0) {
		rc = fdss_error_set(err, FDSS_EIO, "cannot make a temporary "
				    "file in '%s' for the workbook: %s", tmpdir,
				    strerror(errno));
		free(x->path);
		x->path = NULL;
		goto fail;
	}
	close(fd);
	opt.tmpdir = x->tmpdir;
	rc = fdss_error_set(err, FDSS_EIO, "cannot start the workbook in '%s'",
			    tmpdir);
	if (!(x->wb = workbook_new_opt(x->path, &opt)))
		goto fail;
	fdss_error_clear(err);
	sheet_name(name, sizeof(name), caption(lang, spec->zh, spec->en));
	if (!(x->ws = workbook_add_worksheet(x->wb, name)) ||
	    !(x->header = workbook_add_format(x->wb)) ||
	    !(x->yuan = number_format(x->wb, "0.00")) ||
	    !(x->rate = number_format(x->wb, "0.0%")) ||
	    !(x->date = number_format(x->wb, "yyyy-mm-dd")) ||
	    !(x->num = number_format(x->wb, "0")))
		goto fail;
	format_set_bold(x->header);
	format_set_bg_color(x->header, 0xEEEEEE);
	format_set_bottom(x->header, LXW_BORDER_THIN);
	if ((rc = write_header(x)))
		goto fail;
	*out = x;
	return FDSS_OK;
fail:
	fdss__xlsx_free(x);
	return rc;
}

/* "YYYY-MM-DD" as a date; 0 if s is not one. */
static int parse_date(lxw_datetime *d, const char *s)
{
	fdss_error err = FDSS_ERROR_INIT;
	fdss_date v;

	if (fdss_date_parse(&v, s, &err) != FDSS_OK)
		return 0;
	memset(d, 0, sizeof(*d));
	fdss_date_to_ymd(v, &d->year, &d->month, &d->day);
	return 1;
}

/* A string cell of column i: an identifier masked unless NO_MASK. */
static int write_text(fdss__xlsx *x, lxw_col_t i, const char *s, int kind)
{
	size_t n;
	char *m;

	if (kind != FDSS_REPORT_ID || (x->flags & FDSS_OUT_NO_MASK) || !*s) {
		check(x, worksheet_write_string(x->ws, x->row, i, s, NULL));
		grow_width(x, i, s);
		return FDSS_OK;
	}
	n = strlen(s) + sizeof("****");
	if (!(m = malloc(n)))
		return FDSS_ENOMEM;
	fdss_mask(m, n, s);
	check(x, worksheet_write_string(x->ws, x->row, i, m, NULL));
	grow_width(x, i, m);
	free(m);
	return FDSS_OK;
}

static void write_number(fdss__xlsx *x, lxw_col_t i, double v, int kind)
{
	char buf[64];

	if (kind == FDSS_REPORT_RATE) {
		check(x, worksheet_write_number(x->ws, x->row, i, v / 100,
						x->rate));
		snprintf(buf, sizeof(buf), "%.1f%%", v);
	} else if (kind == FDSS_REPORT_YUAN) {
		check(x, worksheet_write_number(x->ws, x->row, i, v, x->yuan));
		snprintf(buf, sizeof(buf), "%.2f", v);
	} else {
		check(x, worksheet_write_number(x->ws, x->row, i, v,
						v == (double)(long long)v
						? x->num : NULL));
		snprintf(buf, sizeof(buf), "%.15g", v);
	}
	grow_width(x, i, buf);
}

/* The cell of value v (NULL when absent) in column i; null stays blank. */
static int write_cell(fdss__xlsx *x, lxw_col_t i, const cJSON *v)
{
	int kind = x->spec->cols[i].kind, rc = FDSS_OK;
	lxw_datetime d;
	char *s;

	if (!v || cJSON_IsNull(v))
		return FDSS_OK;
	if (cJSON_IsBool(v)) {
		check(x, worksheet_write_boolean(x->ws, x->row, i,
						 cJSON_IsTrue(v), NULL));
		grow_width(x, i, "FALSE");
	} else if (cJSON_IsNumber(v)) {
		write_number(x, i, v->valuedouble, kind);
	} else if (cJSON_IsString(v)) {
		if (kind == FDSS_REPORT_DATE && parse_date(&d, v->valuestring)) {
			check(x, worksheet_write_datetime(x->ws, x->row, i, &d,
							  x->date));
			grow_width(x, i, v->valuestring);
		} else {
			rc = write_text(x, i, v->valuestring, kind);
		}
	} else {
		if (!(s = cJSON_PrintUnformatted(v)))
			return FDSS_ENOMEM;
		rc = write_text(x, i, s, FDSS_REPORT_TEXT);
		free(s);
	}
	return rc;
}

int fdss__xlsx_row(fdss__xlsx *x, const cJSON *rec)
{
	size_t i;
	int rc;

	if (!x->wb || x->row >= LXW_ROW_MAX)
		return FDSS_EINVAL;
	for (i = 0; i < x->spec->ncols; i++) {
		rc = write_cell(x, (lxw_col_t)i,
				cJSON_GetObjectItemCaseSensitive(
					rec, x->spec->cols[i].key));
		if (rc)
			return rc;
	}
	x->row++;
	return x->failed ? FDSS_EIO : FDSS_OK;
}

/* Copy the file at path to f. */
static int copy_file(const char *path, FILE *f, fdss_error *err)
{
	FILE *in = fopen(path, "rb");
	char buf[65536];
	size_t n;
	int rc = FDSS_OK;

	if (!in)
		return fdss_error_set(err, FDSS_EIO, "cannot read the workbook "
				      "'%s': %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, f) != n) {
			rc = FDSS_EIO;
			break;
		}
	if (ferror(in))
		rc = fdss_error_set(err, FDSS_EIO, "cannot read the workbook "
				    "'%s'", path);
	fclose(in);
	if (fflush(f) != 0 || ferror(f))
		rc = FDSS_EIO;
	return rc;
}

int fdss__xlsx_finish(fdss__xlsx *x, FILE *f)
{
	lxw_workbook *wb = x->wb;
	size_t i, w;

	if (!wb)
		return FDSS_EINVAL;
	for (i = 0; i < x->spec->ncols; i++) {
		w = x->width[i] + 2;
		check(x, worksheet_set_column(x->ws, (lxw_col_t)i,
					      (lxw_col_t)i,
					      (double)(w > WIDTH_MAX ? WIDTH_MAX
								     : w),
					      NULL));
	}
	if (x->spec->ncols)
		check(x, worksheet_autofilter(x->ws, 0, 0, x->row - 1,
					      (lxw_col_t)(x->spec->ncols - 1)));
	x->wb = NULL;
	check(x, workbook_close(wb));
	if (x->failed)
		return FDSS_EIO;
	return copy_file(x->path, f, x->err);
}

void fdss__xlsx_free(fdss__xlsx *x)
{
	if (!x)
		return;
	if (x->wb)
		workbook_close(x->wb);	/* frees it; the file goes below */
	if (x->path)
		unlink(x->path);
	free(x->path);
	free(x->tmpdir);
	free(x->width);
	free(x);
}
