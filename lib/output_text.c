/*
 * output_text.c: the table and csv forms of the record writer
 * (output.c): cells formatted and masked, a csv row made in memory and
 * written at once, a table held until its widths are known, and the
 * fast path that reads a listing's record from its text, without a cJSON
 * tree, when it is flat.
 */
#define _DEFAULT_SOURCE	/* madvise(MADV_POPULATE_WRITE), where there is one */
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/output.h"
#include "fdss/text.h"
#include "output_int.h"

int fdss__out_grow(void **p, size_t *cap, size_t need, size_t size)
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

/* The bytes that make a csv field quoted: '"', ',', CR and LF. */
static const unsigned char csv_special[256] = {
	['"'] = 1, [','] = 1, ['\r'] = 1, ['\n'] = 1,
};

/* Field i of the csv row being made, quoted as fdss_csv_write_field(). */
static void csv_field_n(fdss_out *o, size_t i, const char *s, size_t n)
{
	size_t k, quotes = 0, special = 0;
	char *d;

	for (k = 0; k < n; k++)
		if (csv_special[(unsigned char)s[k]]) {
			quotes += s[k] == '"';
			special = 1;
		}
	if (fdss__out_grow((void **)&o->line, &o->line_cap,
		 o->line_len + n + quotes + 5, 1)) {
		o->failed = 1;
		return;
	}
	d = o->line + o->line_len;
	if (i > 0)
		*d++ = ',';
	if (!special) {
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
	if (!o->failed && !fdss__out_grow((void **)&o->line, &o->line_cap,
				 o->line_len + 2, 1)) {
		memcpy(o->line + o->line_len, "\r\n", 2);
		fdss__out_put(o, o->line, o->line_len + 2);
	}
	o->line_len = 0;
}

static void csv_field(fdss_out *o, size_t i, const char *s)
{
	csv_field_n(o, i, s, strlen(s));
}

void fdss__out_csv_start(fdss_out *o)
{
	size_t i;

	o->csv_started = 1;
	if (o->flags & FDSS_OUT_BOM)
		fdss__out_put(o, "\xEF\xBB\xBF", 3);
	if (o->flags & FDSS_OUT_NO_HEADER || o->ncols == 0)
		return;
	for (i = 0; i < o->ncols; i++)
		csv_field(o, i, o->cols[i].name);
	csv_end_row(o);
}

int fdss__out_csv_row(fdss_out *o, const cJSON *rec)
{
	struct cell c;
	size_t i;
	int rc;

	if (!o->csv_started)
		fdss__out_csv_start(o);
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

/* Append v to the held cells as a varint (7 bits a byte, low first) of
 * exactly k bytes: short values padded with continuation bytes. */
static void held_varint(unsigned char **d, size_t v, size_t k)
{
	for (; k > 1; k--, v >>= 7)
		*(*d)++ = (unsigned char)((v & 0x7F) | 0x80);
	*(*d)++ = (unsigned char)v;
}

/*
 * Fault in the next 2 MiB of the held cells at once, where the system
 * can (Linux 5.14): one call instead of 512 page faults (3,500 a 100,000
 * rows), dear in a virtual machine.  Only advice: where it fails (another
 * page size, an older kernel) the pages fault in one by one as before.
 */
static void held_prefault(fdss_out *o)
{
	size_t step = 2u << 20;
	uintptr_t page = 4096, a = (uintptr_t)o->held;
	uintptr_t lo = (a + o->held_len + page - 1) & ~(page - 1);
	uintptr_t hi = (a + o->held_len + step) & ~(page - 1);

	if (hi > a + o->held_cap)
		hi = (a + o->held_cap) & ~(page - 1);
	if (hi <= lo) {
		o->held_ready = o->held_cap;	/* nothing whole to fault */
		return;
	}
	o->held_ready = hi - a;
#ifdef MADV_POPULATE_WRITE
	(void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#endif
}

/* The bytes of v as a varint. */
static size_t varint_len(size_t v)
{
	size_t k = 1;

	for (; v >= 0x80; v >>= 7)
		k++;
	return k;
}

static size_t held_read(const unsigned char **p)
{
	size_t v = 0;
	unsigned shift = 0;

	for (; **p & 0x80; shift += 7)
		v |= (size_t)(*(*p)++ & 0x7F) << shift;
	return v | (size_t)*(*p)++ << shift;
}

/*
 * Hold s as the next table cell, control characters made spaces; *width
 * is its display width, measured in the same pass as fdss_text_width()
 * measures.
 */
static int table_hold_n(fdss_out *o, const char *s, size_t n,
			size_t *width)
{
	size_t i, w = 0, k, vk = varint_len(n);
	uint32_t cp;
	unsigned char *d, *dst;

	if (fdss__out_grow((void **)&o->held, &o->held_cap,
			   o->held_len + 2 * vk + n, 1))
		return FDSS_ENOMEM;
	if (o->held_len + 2 * vk + n > o->held_ready)
		held_prefault(o);
	/* the width is at most n (no character is wider than its bytes), so
	 * its varint is held in as many bytes as the length's, after it */
	d = o->held + o->held_len;
	held_varint(&d, n, vk);
	dst = d + vk;
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			dst[i++] = c < 0x20 || c == 0x7F ? ' ' : c;
			w++;
		} else if ((k = fdss_utf8_decode(s + i, n - i, &cp))) {
			memcpy(dst + i, s + i, k);
			i += k;
			w += (size_t)fdss_cp_width(cp);
		} else {
			dst[i++] = c;
			w++;	/* a bad byte counts 1 */
		}
	}
	held_varint(&d, w, vk);
	o->held_len = (size_t)(dst + n - o->held);
	*width = w;
	return FDSS_OK;
}

static int table_hold(fdss_out *o, const char *s, size_t *width)
{
	return table_hold_n(o, s, strlen(s), width);
}

int fdss__out_table_keep(fdss_out *o, const cJSON *rec)
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

/* A table cell to print: its text and display width. */
struct tcell {
	const char *s;
	size_t n, w;
};

/* Make room for n more bytes on the line being made: 0, or -1 failed. */
static int line_room(fdss_out *o, size_t n)
{
	if (fdss__out_grow((void **)&o->line, &o->line_cap,
			   o->line_len + n, 1)) {
		o->failed = 1;
		return -1;
	}
	return 0;
}

/*
 * One table line added to o->line; spaces only before text, never at the
 * end.  Lines are written when 64 KiB are made, and at the end.
 */
static void table_line(fdss_out *o, const struct tcell *cells)
{
	size_t i, pad, pending = 0;
	char *d;

	for (i = 0; i < o->ncols; i++) {
		const struct column *col = &o->cols[i];
		int right = col->has_number && !col->has_other;

		pad = col->width - cells[i].w;
		if (i > 0)
			pending += 2;
		if (right)
			pending += pad;
		if (cells[i].n) {
			if (line_room(o, pending + cells[i].n))
				return;
			d = o->line + o->line_len;
			memset(d, ' ', pending);
			memcpy(d + pending, cells[i].s, cells[i].n);
			o->line_len += pending + cells[i].n;
			pending = 0;
		}
		if (!right)
			pending += pad;
	}
	if (line_room(o, 1))
		return;
	o->line[o->line_len++] = '\n';
	if (o->line_len >= 65536) {
		fdss__out_put(o, o->line, o->line_len);
		o->line_len = 0;
	}
}

int fdss__out_table_print(fdss_out *o)
{
	const unsigned char *p = o->held, *end = o->held + o->held_len;
	struct tcell *line;
	size_t i;

	if (o->ncols == 0)
		return FDSS_OK;
	line = malloc(o->ncols * sizeof(*line));
	if (!line)
		return FDSS_ENOMEM;
	o->line_len = 0;
	if (!(o->flags & FDSS_OUT_NO_HEADER)) {
		for (i = 0; i < o->ncols; i++) {
			line[i].s = o->cols[i].name;
			line[i].n = o->cols[i].namelen;
			line[i].w = fdss_text_width(line[i].s, line[i].n);
		}
		table_line(o, line);
	}
	while (p < end && !o->failed) {
		for (i = 0; i < o->ncols; i++) {
			line[i].n = held_read(&p);
			line[i].w = held_read(&p);
			line[i].s = (const char *)p;
			p += line[i].n;
		}
		table_line(o, line);
	}
	if (!o->failed)
		fdss__out_put(o, o->line, o->line_len);
	o->line_len = 0;
	free(line);
	return FDSS_OK;
}

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* The closing quote of a string from p without escapes; NULL if none. */
static const char *flat_string_end(const char *p, const char *end)
{
	const char *q = memchr(p, '"', (size_t)(end - p));

	return q && !memchr(p, '\\', (size_t)(q - p)) ? q : NULL;
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
 * The column of the k-th key of a record, s[0..n): the same as the k-th
 * key of the record before most of the time, so remembered by place.
 */
long fdss__out_flat_key(fdss_out *o, size_t k, const char *s, size_t n,
			size_t *next)
{
	struct flat_key *key;
	char *name;

	if (k < o->nkeys && o->keys[k].n == n && !memcmp(o->keys[k].name, s, n)) {
		if (o->keys[k].col >= 0)
			*next = (size_t)o->keys[k].col + 1;
		return o->keys[k].col;
	}
	if (k > o->nkeys || fdss__out_grow((void **)&o->keys, &o->keys_cap,
					   k + 1, sizeof(*o->keys)) ||
	    !(name = malloc(n ? n : 1)))
		return flat_column(o, s, n, next);	/* not remembered */
	if (k == o->nkeys)
		o->nkeys++;
	else
		free(o->keys[k].name);
	key = &o->keys[k];
	memcpy(name, s, n);
	key->name = name;
	key->n = n;
	key->seen = NULL;
	key->col = flat_column(o, s, n, next);
	return key->col;
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
const char *fdss__out_flat_value(const char *p, const char *end,
				 struct flat *v)
{
	const char *q = p;

	v->number = 0;
	v->present = 1;
	v->heap = NULL;
	if (p < end && (*p == '[' || *p == '{'))
		return flat_nested(p, end, v);
	if (p < end && *p == '"') {
		if (!(q = flat_string_end(++p, end)))
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
	size_t i, next = 0, k = 0;
	long col;

	for (i = 0; i < o->ncols; i++)
		o->flat[i].present = 0;	/* heap freed on release */
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
		if (!(p = flat_string_end(key = p + 1, end)))
			return 0;
		col = fdss__out_flat_key(o, k++, key, (size_t)(p - key),
					 &next);
		p = skip_blank(p + 1, end);
		if (p == end || *p++ != ':')
			return 0;
		if (!(p = fdss__out_flat_value(skip_blank(p, end), end, &v)))
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

void fdss__out_flat_release(fdss_out *o)
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
int fdss__out_flat_row(fdss_out *o)
{
	struct cell c;
	size_t i, n, w;
	int rc;

	if (o->format == FDSS_FORMAT_CSV && !o->csv_started)
		fdss__out_csv_start(o);
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

int fdss__out_flat(fdss_out *o, const char *text, size_t len)
{
	int rc;

	if (!o->flat && !(o->flat = calloc(o->ncols, sizeof(*o->flat))))
		return FDSS_ENOMEM;
	rc = flat_parse(o, text, len) ? fdss__out_flat_row(o) : -1;
	fdss__out_flat_release(o);
	return rc;
}
