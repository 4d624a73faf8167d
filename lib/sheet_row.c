/*
 * sheet_row.c: what the workbook readers (xlsx.c, xls.c) share, below
 * them and below sheet.c: a sheet picked by name or number, a row laid
 * out as cells (missing cells empty, the text a person sees for numbers
 * and dates), the row as a CSV line for a rejects file, and a row packed
 * into bytes for the parser thread (xlsx_pipe.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdss/date.h"
#include "internal.h"
#include "sheet_int.h"

#define MAX_ROW_BYTES (16u << 20)	/* as the CSV reader's record */

/* --- sheets by name or number ------------------------------------------- */

long fdss__sheet_pick(const char *sheet, const char *const *names,
		      size_t count)
{
	size_t i;
	long k;
	char *end;

	if (!sheet)
		return count ? 0 : -1;
	for (i = 0; i < count; i++)
		if (strcmp(names[i], sheet) == 0)
			return (long)i;
	if (*sheet < '1' || *sheet > '9')
		return -1;
	errno = 0;
	k = strtol(sheet, &end, 10);
	if (errno || *end || k < 1 || (size_t)k > count)
		return -1;
	return k - 1;
}

void fdss__sheet_list(char *buf, size_t n, const char *const *names,
		      size_t count)
{
	size_t i, len;

	len = (size_t)snprintf(buf, n, count == 1 ? "the sheet is: "
			       : "the sheets are: ");
	for (i = 0; i < count && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					i ? ", " : "", names[i]);
}

/* --- the cells of a workbook row ---------------------------------------- */

void fdss__sheet_row_begin(fdss_sheet *r, long line)
{
	r->line = line;
	r->n = 0;
	r->tlen = 0;
}

static int text_add(fdss_sheet *r, const char *s, size_t n)
{
	if (r->tlen + n + 1 > r->tcap) {
		size_t cap = r->tcap ? r->tcap : 1024;
		char *p;

		while (cap < r->tlen + n + 1)
			cap *= 2;
		if (r->tlen + n + 1 > MAX_ROW_BYTES || !(p = realloc(r->text, cap)))
			return FDSS_ENOMEM;
		r->text = p;
		r->tcap = cap;
	}
	memcpy(r->text + r->tlen, s, n);
	r->tlen += n;
	r->text[r->tlen++] = '\0';
	return FDSS_OK;
}

/* Append a cell at the end of the row. */
static int push(fdss_sheet *r, const char *s, size_t n, int kind)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		size_t *off = realloc(r->off, cap * sizeof(*off));
		unsigned char *k;

		if (!off)
			return FDSS_ENOMEM;
		r->off = off;
		if (!(k = realloc(r->kind, cap)))
			return FDSS_ENOMEM;
		r->kind = k;
		r->cap = cap;
	}
	r->off[r->n] = r->tlen;
	r->kind[r->n] = (unsigned char)kind;
	r->n++;
	return text_add(r, s, n);
}

int fdss__sheet_cell(fdss_sheet *r, size_t col, const char *s, size_t n,
		     int kind)
{
	int rc = FDSS_OK;

	if (col < r->n)
		return FDSS_EDATA;
	while (r->n < col && rc == FDSS_OK)
		rc = push(r, "", 0, FDSS_CELL_TEXT);
	return rc ? rc : push(r, s, n, kind);
}

/* A date serial number as YYYY-MM-DD; 0 when it is no day (a time, the
 * 1900 system's 29 February that never was). */
static int serial_date(char buf[16], double v, int date1904)
{
	long days;
	int y, m, d;
	fdss_date base;

	if (!(v >= 1 && v < 2958466))	/* to 9999-12-31 */
		return 0;
	days = (long)v;
	if (date1904)
		base = fdss_date_from_ymd(1904, 1, 1);
	else if (days == 60)
		return 0;
	else
		base = fdss_date_from_ymd(1899, 12, days < 60 ? 31 : 30);
	fdss_date_to_ymd(fdss_date_add_days(base, (int)days), &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
	return 1;
}

int fdss__sheet_number(fdss_sheet *r, size_t col, double v, int date,
		       int date1904)
{
	char buf[40];

	if (date && serial_date(buf, v, date1904))
		return fdss__sheet_cell(r, col, buf, 10, FDSS_CELL_DATE);
	if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
		snprintf(buf, sizeof(buf), "%lld", (long long)v);
	else
		snprintf(buf, sizeof(buf), "%.15G", v);
	return fdss__sheet_cell(r, col, buf, strlen(buf), FDSS_CELL_NUMBER);
}

static int raw_add(fdss_sheet *r, const char *s, size_t n)
{
	if (r->rawlen + n + 1 > r->rawcap) {
		size_t cap = r->rawcap ? r->rawcap : 1024;
		char *p;

		while (cap < r->rawlen + n + 1)
			cap *= 2;
		if (!(p = realloc(r->raw, cap)))
			return FDSS_ENOMEM;
		r->raw = p;
		r->rawcap = cap;
	}
	memcpy(r->raw + r->rawlen, s, n);
	r->rawlen += n;
	r->raw[r->rawlen] = '\0';
	return FDSS_OK;
}

/* Append field s as fdss_csv_write_field() writes it. */
static int raw_field(fdss_sheet *r, const char *s, size_t n)
{
	size_t i, start;
	int rc;

	if (strcspn(s, ",\"\r\n") == n)
		return raw_add(r, s, n);
	rc = raw_add(r, "\"", 1);
	for (start = 0, i = 0; i < n && rc == FDSS_OK; i++) {
		if (s[i] != '"')
			continue;
		rc = raw_add(r, s + start, i + 1 - start);
		if (rc == FDSS_OK)
			rc = raw_add(r, "\"", 1);
		start = i + 1;
	}
	if (rc == FDSS_OK)
		rc = raw_add(r, s + start, n - start);
	return rc ? rc : raw_add(r, "\"", 1);
}

int fdss__sheet_row_end(fdss_sheet *r, int *empty)
{
	size_t i, last = 0;
	int rc = FDSS_OK;

	for (i = 0; i < r->n; i++)
		if (r->text[r->off[i]])
			last = i + 1;
	*empty = last == 0;
	if (*empty)
		return FDSS_OK;
	if (last < r->n)
		r->tlen = r->off[last];	/* drop the empty cells after it */
	r->n = last;
	while (r->n < r->width && rc == FDSS_OK)
		rc = push(r, "", 0, FDSS_CELL_TEXT);
	if (r->n > r->width)
		r->width = r->n;
	r->rawlen = 0;
	for (i = 0; i < r->n && rc == FDSS_OK; i++) {
		if (i)
			rc = raw_add(r, ",", 1);
		if (rc == FDSS_OK)
			rc = raw_field(r, r->text + r->off[i], fdss__sheet_cell_len(r, i));
	}
	return rc;
}

/* --- rows handed between threads ---------------------------------------- */

/* The fixed part of a packed row; then kind[n], off[n], text, raw. */
struct packed {
	long line;
	size_t n, tlen, rawlen;
};

int fdss__sheet_row_pack(const fdss_sheet *b, char **buf, size_t *len,
			 size_t *cap)
{
	struct packed h = { b->line, b->n, b->tlen, b->rawlen };
	size_t need = sizeof(h) + b->n + b->n * sizeof(size_t) + b->tlen +
		      b->rawlen;
	char *p;

	if (*len + need > *cap) {
		size_t c = *cap ? *cap : 64 * 1024;

		while (c < *len + need)
			c *= 2;
		if (!(p = realloc(*buf, c)))
			return FDSS_ENOMEM;
		*buf = p;
		*cap = c;
	}
	p = *buf + *len;
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	memcpy(p, b->kind, b->n);
	p += b->n;
	memcpy(p, b->off, b->n * sizeof(size_t));
	p += b->n * sizeof(size_t);
	memcpy(p, b->text, b->tlen);
	p += b->tlen;
	if (b->rawlen)
		memcpy(p, b->raw, b->rawlen);
	*len += need;
	return FDSS_OK;
}

/* Room in r for a row of n cells, tlen bytes of text, rawlen of raw. */
static int row_room(fdss_sheet *r, size_t n, size_t tlen, size_t rawlen)
{
	if (n > r->cap) {
		size_t *off = realloc(r->off, n * sizeof(*off));
		unsigned char *k;

		if (!off)
			return FDSS_ENOMEM;
		r->off = off;
		if (!(k = realloc(r->kind, n)))
			return FDSS_ENOMEM;
		r->kind = k;
		r->cap = n;
	}
	if (tlen > r->tcap) {
		char *t = realloc(r->text, tlen);

		if (!t)
			return FDSS_ENOMEM;
		r->text = t;
		r->tcap = tlen;
	}
	if (rawlen + 1 > r->rawcap) {
		char *q = realloc(r->raw, rawlen + 1);

		if (!q)
			return FDSS_ENOMEM;
		r->raw = q;
		r->rawcap = rawlen + 1;
	}
	return FDSS_OK;
}

int fdss__sheet_row_unpack(fdss_sheet *r, const char *p, size_t *used)
{
	struct packed h;
	int rc;

	memcpy(&h, p, sizeof(h));
	if ((rc = row_room(r, h.n, h.tlen, h.rawlen)) != FDSS_OK)
		return rc;
	p += sizeof(h);
	memcpy(r->kind, p, h.n);
	p += h.n;
	memcpy(r->off, p, h.n * sizeof(size_t));
	p += h.n * sizeof(size_t);
	memcpy(r->text, p, h.tlen);
	p += h.tlen;
	memcpy(r->raw, p, h.rawlen);
	r->raw[h.rawlen] = '\0';
	r->rawlen = h.rawlen;
	r->line = h.line;
	r->n = h.n;
	r->tlen = h.tlen;
	*used = sizeof(h) + h.n + h.n * sizeof(size_t) + h.tlen + h.rawlen;
	return FDSS_OK;
}

void fdss__sheet_row_release(fdss_sheet *b)
{
	free(b->text);
	free(b->off);
	free(b->kind);
	free(b->raw);
}

void fdss_sheet_column_name(size_t i, char buf[8])
{
	char tmp[8];
	size_t k = 0, j;

	i++;
	while (i && k < 7) {
		tmp[k++] = (char)('A' + (i - 1) % 26);
		i = (i - 1) / 26;
	}
	for (j = 0; j < k; j++)
		buf[j] = tmp[k - 1 - j];
	buf[k] = '\0';
}
