/*
 * The record writer: table, csv, jsonl and json from cJSON objects, or
 * from the JSON text of a record (fdss_out_json()), which jsonl and json
 * copy as it is.
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

struct column {
	char *name;		/* the key looked up in each record */
	size_t namelen;
	int mask;		/* a personal identifier, masked */
	size_t width;		/* table: widest cell or header so far */
	int has_number;		/* table: some cell was a number */
	int has_other;		/* table: some non-empty cell was not */
};

struct fdss_out {
	FILE *f;		/* the stream written; not closed here */
	int format;		/* enum fdss_format */
	unsigned flags;		/* enum fdss_out_flags */
	struct column *cols;	/* table and csv columns */
	size_t ncols;
	int have_cols;		/* cols fixed, by the caller or a record */
	size_t nrecords;	/* records taken so far */
	int csv_started;	/* csv: BOM and header written */
	int failed;		/* some write failed */
	int finished;		/* fdss_out_finish() ran */
	char *text;		/* table: held cells, each NUL-terminated */
	size_t text_len, text_cap;
	size_t *cells;		/* table: offset in text of each cell */
	size_t ncells, cells_cap;
	unsigned short *widths;	/* table: each cell's display width, up
				 * to USHRT_MAX (wider ones are measured
				 * again) */
	size_t widths_cap;
	fdss_jbuf scratch;	/* fdss_out_buf(): the next record's text */
	struct flat *flat;	/* csv and table from text: a cell a column */
	char *line;		/* csv: the row being made, one write a row */
	size_t line_len, line_cap;
	fdss__xout *xlsx;	/* xlsx: made once the columns are known */
	char *xlsx_tmpdir;	/* xlsx: fdss_out_xlsx() */
	char *xlsx_sheet;
	int xlsx_rc;		/* xlsx: the first failure */
	fdss_error xlsx_err;	/* xlsx: what it was */
};

/*
 * A cell of a record given as text, taken from the text as it stands:
 * the fast path of fdss_out_json() for csv and table, for the flat
 * records the listings write (strings without escapes, integers,
 * booleans, null).  Anything else goes through cJSON.
 */
struct flat {
	const char *s;		/* the value's text in the record */
	size_t n;
	int number;
	int present;		/* the key was there and not null */
	char *heap;		/* an array or object as cJSON prints it */
};

/* One cell's text in table or csv form. */
struct cell {
	const char *s;		/* the text; points into one of the below */
	char *heap;		/* freed by cell_release() */
	int number;		/* the value was a number */
	char buf[64];		/* numbers and short masked values */
};

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

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !memcmp(s + n - m, suffix, m);
}

int fdss_out_is_personal(const char *key)
{
	return !strcmp(key, "id_number") || !strcmp(key, "phone") ||
	       ends_with(key, "_id_number") || ends_with(key, "_phone");
}

/* Length of the UTF-8 character at s (a bad byte is one character). */
static size_t char_len(const char *s, size_t n)
{
	uint32_t cp;
	size_t len = fdss_utf8_decode(s, n, &cp);

	return len ? len : 1;
}

static size_t count_chars(const char *s, size_t n)
{
	size_t i = 0, k = 0;

	for (; i < n; k++)
		i += char_len(s + i, n - i);
	return k;
}

static int all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* How many leading characters of a value of nchars stay visible. */
static size_t mask_head(const char *value, size_t nchars)
{
	if (nchars == 18 || nchars == 15)
		return 6;	/* resident ID: region code stays */
	if (nchars == 11 && all_digits(value))
		return 3;	/* mobile: carrier prefix stays */
	return 0;
}

char *fdss_mask(char *buf, size_t n, const char *value)
{
	size_t len = strlen(value), nchars = count_chars(value, len);
	size_t head = mask_head(value, nchars), i = 0, k, c, o = 0;

	if (n == 0)
		return buf;
	if (nchars > 0 && nchars <= 4) {
		snprintf(buf, n, "****");
		return buf;
	}
	for (k = 0; i < len; k++, i += c) {
		c = char_len(value + i, len - i);
		if (k < head || k + 4 >= nchars) {
			if (o + c >= n)
				break;
			memcpy(buf + o, value + i, c);
			o += c;
		} else {
			if (o + 1 >= n)
				break;
			buf[o++] = '*';
		}
	}
	buf[o] = '\0';
	return buf;
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
	for (i = 0; i < o->ncols; i++)
		free(o->cols[i].name);
	free(o->cols);
	free(o->flat);
	free(o->line);
	free(o->text);
	free(o->cells);
	free(o->widths);
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

/* A number as cJSON would print it, integers without an exponent. */
static void format_number(char *buf, size_t n, double v)
{
	const double limit = 9007199254740992.0;	/* 2^53 */

	if (v != v || v - v != 0)
		buf[0] = '\0';	/* NaN and infinities: cJSON says null */
	else if (v >= -limit && v <= limit && v == (double)(long long)v)
		snprintf(buf, n, "%lld", (long long)v);
	else {
		snprintf(buf, n, "%.15g", v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, n, "%.17g", v);
	}
}

static void cell_release(struct cell *c)
{
	free(c->heap);
	c->heap = NULL;
}

static int cell_mask(struct cell *c)
{
	size_t n = strlen(c->s) + sizeof("****");	/* masks never grow more */
	char *dst = c->buf;

	if (n > sizeof(c->buf)) {
		dst = malloc(n);
		if (!dst)
			return FDSS_ENOMEM;
	}
	fdss_mask(dst, n, c->s);
	cell_release(c);
	c->heap = dst == c->buf ? NULL : dst;
	c->s = dst;
	return FDSS_OK;
}

/* The text of value v (NULL when absent) in column col. */
static int cell_format(struct cell *c, const struct column *col,
		       const cJSON *v)
{
	c->s = "";
	c->heap = NULL;
	c->number = 0;
	if (cJSON_IsString(v)) {
		c->s = v->valuestring;
	} else if (cJSON_IsNumber(v)) {
		format_number(c->buf, sizeof(c->buf), v->valuedouble);
		c->s = c->buf;
		c->number = 1;
	} else if (cJSON_IsBool(v)) {
		c->s = cJSON_IsTrue(v) ? "true" : "false";
	} else if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		c->heap = cJSON_PrintUnformatted(v);
		if (!c->heap)
			return FDSS_ENOMEM;
		c->s = c->heap;
	}
	if (col->mask && *c->s)
		return cell_mask(c);
	return FDSS_OK;
}

static void put(fdss_out *o, const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, o->f) != n)
		o->failed = 1;
}

static void put_str(fdss_out *o, const char *s)
{
	put(o, s, strlen(s));
}

static int grow(void **p, size_t *cap, size_t need, size_t size);

/* Field i of the csv row being made, quoted as fdss_csv_write_field(). */
static void csv_field_n(fdss_out *o, size_t i, const char *s, size_t n)
{
	size_t k, quotes = 0, special = 0;
	char *d;

	for (k = 0; k < n; k++)
		if (s[k] == '"')
			quotes++;
		else if (s[k] == ',' || s[k] == '\r' || s[k] == '\n')
			special = 1;
	if (grow((void **)&o->line, &o->line_cap,
		 o->line_len + n + quotes + 5, 1)) {
		o->failed = 1;
		return;
	}
	d = o->line + o->line_len;
	if (i > 0)
		*d++ = ',';
	if (!quotes && !special) {
		memcpy(d, s, n);
		d += n;
	} else {
		*d++ = '"';
		for (k = 0; k < n; k++)
			if ((*d++ = s[k]) == '"')
				*d++ = '"';
		*d++ = '"';
	}
	o->line_len = (size_t)(d - o->line);
}

/* End the csv row: CRLF, and the row written at once. */
static void csv_end_row(fdss_out *o)
{
	if (!o->failed && !grow((void **)&o->line, &o->line_cap,
				 o->line_len + 2, 1)) {
		memcpy(o->line + o->line_len, "\r\n", 2);
		put(o, o->line, o->line_len + 2);
	}
	o->line_len = 0;
}

static void csv_field(fdss_out *o, size_t i, const char *s)
{
	csv_field_n(o, i, s, strlen(s));
}

static void csv_start(fdss_out *o)
{
	size_t i;

	o->csv_started = 1;
	if (o->flags & FDSS_OUT_BOM)
		put(o, "\xEF\xBB\xBF", 3);
	if (o->flags & FDSS_OUT_NO_HEADER || o->ncols == 0)
		return;
	for (i = 0; i < o->ncols; i++)
		csv_field(o, i, o->cols[i].name);
	csv_end_row(o);
}

static int csv_row(fdss_out *o, const cJSON *rec)
{
	struct cell c;
	size_t i;
	int rc;

	if (!o->csv_started)
		csv_start(o);
	if (o->ncols == 0)
		return FDSS_OK;
	for (i = 0; i < o->ncols; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(
			rec, o->cols[i].name);

		if ((rc = cell_format(&c, &o->cols[i], v)))
			return rc;
		csv_field(o, i, c.s);
		cell_release(&c);
	}
	csv_end_row(o);
	return FDSS_OK;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return FDSS_OK;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * size);
	if (!q)
		return FDSS_ENOMEM;
	*p = q;
	*cap = n;
	return FDSS_OK;
}

/*
 * Hold s as the next table cell, control characters made spaces; *width
 * is its display width.
 */
static int table_hold_n(fdss_out *o, const char *s, size_t n,
			size_t *width)
{
	size_t i, w = 0, k;
	uint32_t cp;
	char *dst;

	if (grow((void **)&o->text, &o->text_cap, o->text_len + n + 1, 1) ||
	    grow((void **)&o->cells, &o->cells_cap, o->ncells + 1,
		 sizeof(size_t)) ||
	    grow((void **)&o->widths, &o->widths_cap, o->ncells + 1,
		 sizeof(unsigned short)))
		return FDSS_ENOMEM;
	/* one pass: copied, control characters made spaces, and measured
	 * as fdss_text_width() measures */
	dst = o->text + o->text_len;
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			dst[i++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
			w++;
		} else if ((k = fdss_utf8_decode(s + i, n - i, &cp))) {
			memcpy(dst + i, s + i, k);
			i += k;
			w += (size_t)fdss_cp_width(cp);
		} else {
			dst[i++] = (char)c;
			w++;	/* a bad byte counts 1 */
		}
	}
	dst[n] = '\0';
	*width = w;
	o->widths[o->ncells] = *width < USHRT_MAX ? (unsigned short)*width
						  : USHRT_MAX;
	o->cells[o->ncells++] = o->text_len;
	o->text_len += n + 1;
	return FDSS_OK;
}

static int table_hold(fdss_out *o, const char *s, size_t *width)
{
	return table_hold_n(o, s, strlen(s), width);
}

static int table_keep(fdss_out *o, const cJSON *rec)
{
	struct cell c;
	size_t i, w;
	int rc;

	for (i = 0; i < o->ncols; i++) {
		struct column *col = &o->cols[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec,
								  col->name);

		if ((rc = cell_format(&c, col, v)))
			return rc;
		if (c.number)
			col->has_number = 1;
		else if (*c.s)
			col->has_other = 1;
		rc = table_hold(o, c.s, &w);
		cell_release(&c);
		if (rc)
			return rc;
		if (w > col->width)
			col->width = w;
	}
	return FDSS_OK;
}

/* Append n bytes of s to the line being made. */
static void line_add(fdss_out *o, const char *s, size_t n)
{
	if (grow((void **)&o->line, &o->line_cap, o->line_len + n, 1)) {
		o->failed = 1;
		return;
	}
	memcpy(o->line + o->line_len, s, n);
	o->line_len += n;
}

static void line_spaces(fdss_out *o, size_t n)
{
	if (grow((void **)&o->line, &o->line_cap, o->line_len + n, 1)) {
		o->failed = 1;
		return;
	}
	memset(o->line + o->line_len, ' ', n);
	o->line_len += n;
}

/*
 * One table line, made whole and written at once; spaces only before
 * text, never at the end.  widths[i] is the width of cells[i], or
 * USHRT_MAX to measure it.
 */
static void table_line(fdss_out *o, const char *const *cells,
		       const unsigned short *widths)
{
	size_t i, len, w, pad, pending = 0;

	o->line_len = 0;
	for (i = 0; i < o->ncols; i++) {
		const struct column *col = &o->cols[i];
		int right = col->has_number && !col->has_other;

		len = strlen(cells[i]);
		w = widths && widths[i] < USHRT_MAX
			    ? widths[i] : fdss_text_width(cells[i], len);
		pad = col->width - w;
		if (i > 0)
			pending += 2;
		if (right)
			pending += pad;
		if (len) {
			line_spaces(o, pending);
			line_add(o, cells[i], len);
			pending = 0;
		}
		if (!right)
			pending += pad;
	}
	line_add(o, "\n", 1);
	if (!o->failed)
		put(o, o->line, o->line_len);
	o->line_len = 0;
}

static int table_print(fdss_out *o)
{
	const char **line;
	size_t i, r;

	if (o->ncols == 0)
		return FDSS_OK;
	line = malloc(o->ncols * sizeof(*line));
	if (!line)
		return FDSS_ENOMEM;
	if (!(o->flags & FDSS_OUT_NO_HEADER)) {
		for (i = 0; i < o->ncols; i++)
			line[i] = o->cols[i].name;
		table_line(o, line, NULL);
	}
	for (r = 0; r < o->ncells; r += o->ncols) {
		for (i = 0; i < o->ncols; i++)
			line[i] = o->text + o->cells[r + i];
		table_line(o, line, o->widths + r);
	}
	free(line);
	return FDSS_OK;
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
		put(o, "\n", 1);
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
			rc = csv_row(o, rec);
		else
			rc = table_keep(o, rec);
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

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The column named s[0..n), looked for first at *next; -1 if none. */
static long flat_column(fdss_out *o, const char *s, size_t n, size_t *next)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		size_t j = (*next + i) % o->ncols;

		if (o->cols[j].namelen == n && !memcmp(o->cols[j].name, s, n)) {
			*next = j + 1;
			return (long)j;
		}
	}
	return -1;
}

/*
 * An array or object at p: its text as cJSON_PrintUnformatted() gives it
 * (the text itself when it is compact with strings only, else printed
 * anew); the end of it, or NULL.
 */
static const char *flat_nested(const char *p, const char *end,
			       struct flat *v)
{
	const char *q;
	int depth = 0, in_str = 0, plain = 1;
	cJSON *tree;

	for (q = p; q < end; q++) {
		if (in_str) {
			if (*q == '\\')
				plain = 0, q++;
			else if (*q == '"')
				in_str = 0;
		} else if (*q == '"') {
			in_str = 1;
		} else if (*q == '[' || *q == '{') {
			depth++;
		} else if (*q == ']' || *q == '}') {
			if (--depth == 0)
				break;
		} else if (*q != ',' && *q != ':') {
			plain = 0;	/* a number, a literal, a blank */
		}
	}
	if (q == end)
		return NULL;
	v->s = p;
	v->n = (size_t)(++q - p);
	if (plain)
		return q;
	if (!(tree = cJSON_ParseWithLength(p, v->n)))
		return NULL;
	v->heap = cJSON_PrintUnformatted(tree);
	cJSON_Delete(tree);
	if (!v->heap)
		return NULL;
	v->s = v->heap;
	v->n = strlen(v->heap);
	return q;
}

/* One value at p into *v; the end of it, or NULL for the slow path. */
static const char *flat_value(const char *p, const char *end,
			      struct flat *v)
{
	const char *q = p;

	v->number = 0;
	v->present = 1;
	v->heap = NULL;
	if (p < end && (*p == '[' || *p == '{'))
		return flat_nested(p, end, v);
	if (p < end && *p == '"') {
		for (q = ++p; q < end && *q != '"'; q++)
			if (*q == '\\')
				return NULL;
		if (q == end)
			return NULL;
		v->s = p;
		v->n = (size_t)(q - p);
		return q + 1;
	}
	if (p < end && (*p == '-' || (*p >= '0' && *p <= '9'))) {
		for (q = p + (*p == '-'); q < end && *q >= '0' && *q <= '9'; q++)
			;
		/* what cJSON and format_number() would print otherwise */
		if ((q < end && (*q == '.' || *q == 'e' || *q == 'E')) ||
		    q - p > 15 || (q - p == 2 && p[0] == '-' && p[1] == '0'))
			return NULL;
		v->s = p;
		v->n = (size_t)(q - p);
		v->number = 1;
		return q;
	}
	if (end - p >= 4 && !memcmp(p, "true", 4)) {
		v->s = "true";
		v->n = 4;
		return p + 4;
	}
	if (end - p >= 5 && !memcmp(p, "false", 5)) {
		v->s = "false";
		v->n = 5;
		return p + 5;
	}
	if (end - p >= 4 && !memcmp(p, "null", 4)) {
		v->present = 0;
		return p + 4;
	}
	return NULL;
}

/* The record text[0..len) as o->flat; 0 when it is not a flat record. */
static int flat_parse(fdss_out *o, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *key;
	struct flat v;
	size_t i, next = 0;
	long col;

	for (i = 0; i < o->ncols; i++)
		o->flat[i].present = 0;	/* heap freed by flat_release() */
	p = skip_blank(p, end);
	if (p == end || *p++ != '{')
		return 0;
	p = skip_blank(p, end);
	if (p < end && *p == '}')
		return 1;
	for (;;) {
		p = skip_blank(p, end);
		if (p == end || *p != '"')
			return 0;
		for (key = ++p; p < end && *p != '"'; p++)
			if (*p == '\\')
				return 0;
		if (p == end)
			return 0;
		col = flat_column(o, key, (size_t)(p - key), &next);
		p = skip_blank(p + 1, end);
		if (p == end || *p++ != ':')
			return 0;
		if (!(p = flat_value(skip_blank(p, end), end, &v)))
			return 0;
		if (col >= 0 && !o->flat[col].heap)
			o->flat[col] = v;
		else
			free(v.heap);
		p = skip_blank(p, end);
		if (p < end && *p == '}')
			return 1;
		if (p == end || *p++ != ',')
			return 0;
	}
}

static void flat_release(fdss_out *o)
{
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		free(o->flat[i].heap);
		o->flat[i].heap = NULL;
	}
}

/* Cell i of the flat record, masked where its column is, into *c. */
static int flat_cell(fdss_out *o, size_t i, struct cell *c, size_t *n)
{
	const struct flat *v = &o->flat[i];
	char tmp[64], *copy;
	int rc;

	c->heap = NULL;
	c->number = v->present && v->number;
	if (!v->present || !v->n) {
		c->s = "";
		*n = 0;
		return FDSS_OK;
	}
	if (!o->cols[i].mask) {
		c->s = v->s;
		*n = v->n;
		return FDSS_OK;
	}
	/* the value NUL-terminated for fdss_mask(), then as cell_mask() */
	if (!(copy = v->n < sizeof(tmp) ? tmp : malloc(v->n + 1)))
		return FDSS_ENOMEM;
	memcpy(copy, v->s, v->n);
	copy[v->n] = '\0';
	c->s = copy;
	c->heap = copy == tmp ? NULL : copy;
	if ((rc = cell_mask(c)))
		return rc;
	*n = strlen(c->s);
	return FDSS_OK;
}

/* A flat record's row: csv written, table held. */
static int flat_row(fdss_out *o)
{
	struct cell c;
	size_t i, n, w;
	int rc;

	if (o->format == FDSS_FORMAT_CSV && !o->csv_started)
		csv_start(o);
	for (i = 0; i < o->ncols; i++) {
		struct column *col = &o->cols[i];

		if ((rc = flat_cell(o, i, &c, &n)))
			return rc;
		if (o->format == FDSS_FORMAT_CSV) {
			csv_field_n(o, i, c.s, n);
		} else {
			if (c.number)
				col->has_number = 1;
			else if (n)
				col->has_other = 1;
			rc = table_hold_n(o, c.s, n, &w);
			if (!rc && w > col->width)
				col->width = w;
		}
		cell_release(&c);
		if (rc)
			return rc;
	}
	if (o->format == FDSS_FORMAT_CSV)
		csv_end_row(o);
	o->nrecords++;
	return o->failed ? FDSS_EIO : FDSS_OK;
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
			if (!o->flat &&
			    !(o->flat = calloc(o->ncols, sizeof(*o->flat))))
				return FDSS_ENOMEM;
			rc = flat_parse(o, text, len) ? flat_row(o) : -1;
			flat_release(o);
			if (rc != -1)
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
	put(o, text, len);
	if (o->format == FDSS_FORMAT_JSONL)
		put(o, "\n", 1);
	o->nrecords++;
	return o->failed ? FDSS_EIO : FDSS_OK;
}

int fdss_out_finish(fdss_out *o)
{
	int rc = FDSS_OK;

	if (!o->finished) {
		o->finished = 1;
		if (o->format == FDSS_FORMAT_TABLE)
			rc = table_print(o);
		else if (o->format == FDSS_FORMAT_XLSX)
			rc = xlsx_finish(o);
		else if (o->format == FDSS_FORMAT_CSV && !o->csv_started &&
			 o->have_cols)
			csv_start(o);
		else if (o->format == FDSS_FORMAT_JSON)
			put_str(o, o->nrecords ? "\n]\n" : "[]\n");
	}
	if (fflush(o->f) != 0 || ferror(o->f))
		o->failed = 1;
	if (rc)
		return rc;
	return o->failed ? FDSS_EIO : FDSS_OK;
}
