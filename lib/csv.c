/*
 * A streaming RFC 4180 reader.
 *
 * Input is read in large blocks.  A record is gathered one physical line
 * at a time into raw, the bytes as they stood.  A line ends at LF, CRLF
 * or a lone CR (Excel's "CSV (Macintosh)"); memchr finds the LF, and the
 * next CR of the block is remembered so that finding it costs one pass
 * over the block whatever the line ends.  From raw the record is parsed
 * into data, the fields one after another, each
 * NUL-terminated, with their offsets in off.  A quoted field that runs
 * past the end of the line pulls in the next line and parsing resumes
 * where it stopped.  All three buffers grow and are reused, so a record
 * costs no allocation once they are big enough.
 *
 * A quoted field that never closes is reported at its record's first
 * line; the lines it swallowed are pushed back into the input, so
 * reading resumes at the line after the bad one.  MAX_RECORD bounds how
 * far a record may run, so memory does not grow with the input.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BLOCK (256 * 1024)		/* bytes per fread */
#define MAX_RECORD (16 * 1024 * 1024)	/* longest record accepted */

/* A growable byte buffer. */
struct bytes {
	char *p;
	size_t len, cap;
};

struct fdss_csv {
	FILE *f;		/* input, not ours */
	char *name;		/* for messages */
	char *in;		/* input block: unread bytes are in[pos, len) */
	size_t pos, len, cap;
	int eof;		/* fread has seen the end (or an error) */
	size_t cr;		/* offset of the next CR in in[], len if none */
	int cr_known;		/* cr holds for the current block */
	long line;		/* line number of the next unread byte */
	long rec_line;		/* line where the current record starts */
	struct bytes raw;	/* current record as read, NUL-terminated */
	size_t rawn;		/* its length without the line terminator */
	struct bytes data;	/* its fields, each NUL-terminated */
	size_t *off;		/* off[i]: start of field i in data; off[n] = end */
	size_t nf, offcap;	/* fields, capacity of off */
	int too_long;		/* a line was cut at MAX_RECORD */
	size_t bad_field;	/* field named by the last error, 1-based */
};

/* Make room for n more bytes (and a NUL) in b. */
static int grow(struct bytes *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->len + n + 1 <= b->cap)
		return FDSS_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		return FDSS_ENOMEM;
	b->p = p;
	b->cap = cap;
	return FDSS_OK;
}

static int append(struct bytes *b, const char *s, size_t n)
{
	if (grow(b, n))
		return FDSS_ENOMEM;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return FDSS_OK;
}

int fdss_csv_new(fdss_csv **out, FILE *f, const char *name)
{
	fdss_csv *r;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return FDSS_ENOMEM;
	r->f = f;
	r->name = strdup(name ? name : "<input>");
	r->cap = BLOCK;
	r->in = malloc(r->cap);
	r->line = 1;
	if (!r->name || !r->in || grow(&r->raw, 0) || grow(&r->data, 0)) {
		fdss_csv_free(r);
		return FDSS_ENOMEM;
	}
	*out = r;
	return FDSS_OK;
}

void fdss_csv_free(fdss_csv *r)
{
	if (!r)
		return;
	free(r->name);
	free(r->in);
	free(r->raw.p);
	free(r->data.p);
	free(r->off);
	free(r);
}

/* Read the next block once the current one is used up. */
static int fill(fdss_csv *r, fdss_error *err)
{
	size_t n;

	r->pos = 0;
	r->len = 0;
	r->cr_known = 0;
	if (r->eof)
		return FDSS_OK;
	n = fread(r->in, 1, BLOCK, r->f);
	if (n < BLOCK) {
		r->eof = 1;
		if (ferror(r->f))
			return fdss_error_set(err, FDSS_EIO, "%s: %s", r->name,
					      strerror(errno));
	}
	r->len = n;
	return FDSS_OK;
}

/* The first CR or LF in in[pos, len), or NULL. */
static const char *line_end(fdss_csv *r)
{
	const char *s = r->in + r->pos, *lf;

	if (!r->cr_known || r->cr < r->pos) {
		const char *cr = memchr(s, '\r', r->len - r->pos);

		r->cr = cr ? (size_t)(cr - r->in) : r->len;
		r->cr_known = 1;
	}
	if ((lf = memchr(s, '\n', r->cr - r->pos)))
		return lf;
	return r->cr < r->len ? r->in + r->cr : NULL;
}

/* Append s[0, n) to raw, dropping what goes past MAX_RECORD. */
static int keep(fdss_csv *r, const char *s, size_t n, fdss_error *err)
{
	if (r->raw.len + n > MAX_RECORD) {
		n = r->raw.len < MAX_RECORD ? MAX_RECORD - r->raw.len : 0;
		r->too_long = 1;
	}
	if (append(&r->raw, s, n))
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	return FDSS_OK;
}

/*
 * Append the next physical line, with its line end, to raw.  *got says
 * whether there was one.  Bytes past MAX_RECORD are dropped and too_long
 * is set.  A CR that ends a block is looked past, so that a CRLF cut by
 * the block's end stays one line end.
 */
static int read_line(fdss_csv *r, int *got, fdss_error *err)
{
	int rc;

	*got = 0;
	for (;;) {
		const char *s, *eol;
		size_t n;

		if (r->pos == r->len) {
			if ((rc = fill(r, err)))
				return rc;
			if (r->len == 0)
				return FDSS_OK;
		}
		s = r->in + r->pos;
		eol = line_end(r);
		n = eol ? (size_t)(eol - s) + 1 : r->len - r->pos;
		if (eol && *eol == '\r' && n < r->len - r->pos &&
		    eol[1] == '\n')
			n++;
		if ((rc = keep(r, s, n, err)))
			return rc;
		r->pos += n;
		*got = 1;
		if (!eol)
			continue;
		r->line++;
		if (*eol == '\r' && s[n - 1] == '\r' && r->pos == r->len) {
			if ((rc = fill(r, err)))
				return rc;
			if (r->len && r->in[0] == '\n') {
				r->pos = 1;
				return keep(r, "\n", 1, err);
			}
		}
		return FDSS_OK;
	}
}

/* Length of raw without its line end: LF, CRLF or CR. */
static size_t raw_content(const fdss_csv *r)
{
	size_t n = r->raw.len;

	if (n && r->raw.p[n - 1] == '\n')
		n--;
	if (n && r->raw.p[n - 1] == '\r')
		n--;
	return n;
}

/* Start field number nf at the end of data. */
static int field_start(fdss_csv *r)
{
	if (r->nf + 2 > r->offcap) {
		size_t cap = r->offcap ? r->offcap * 2 : 64;
		size_t *p = realloc(r->off, cap * sizeof(*p));

		if (!p)
			return FDSS_ENOMEM;
		r->off = p;
		r->offcap = cap;
	}
	r->off[r->nf] = r->data.len;
	return FDSS_OK;
}

/* End the field begun by field_start(). */
static int field_end(fdss_csv *r)
{
	if (grow(&r->data, 1))
		return FDSS_ENOMEM;
	r->data.p[r->data.len++] = '\0';
	r->nf++;
	r->off[r->nf] = r->data.len;
	return FDSS_OK;
}

/*
 * The unterminated quoted field at rec_line: give back the lines after
 * the record's first one, so reading goes on from the next line, and
 * keep only that first line as the record's raw bytes.
 */
static int push_back(fdss_csv *r)
{
	size_t first = 0, back, rest;

	while (first < r->raw.len && r->raw.p[first] != '\r' &&
	       r->raw.p[first] != '\n')
		first++;
	if (first == r->raw.len)
		return FDSS_OK;
	if (r->raw.p[first] == '\r' && r->raw.p[first + 1] == '\n')
		first++;
	first++;
	back = r->raw.len - first;
	rest = r->len - r->pos;
	if (back + rest > r->cap) {
		char *p = malloc(back + rest);

		if (!p)
			return FDSS_ENOMEM;
		memcpy(p + back, r->in + r->pos, rest);
		free(r->in);
		r->in = p;
		r->cap = back + rest;
	} else {
		memmove(r->in + back, r->in + r->pos, rest);
	}
	memcpy(r->in, r->raw.p + first, back);
	r->pos = 0;
	r->len = back + rest;
	r->raw.len = first;
	r->raw.p[first] = '\0';
	r->line = r->rec_line + 1;
	r->too_long = 0;
	r->cr_known = 0;
	return FDSS_OK;
}

/*
 * Parse a quoted field starting after its opening quote at raw[*p],
 * reading more lines while it is open.  On return *p is just past the
 * closing quote.  FDSS_EDATA (without a message) if it never closes.
 */
static int parse_quoted(fdss_csv *r, size_t *p, fdss_error *err)
{
	size_t i = *p;
	int got, rc;

	for (;;) {
		const char *s = r->raw.p + i;
		const char *q = memchr(s, '"', r->raw.len - i);
		size_t n = q ? (size_t)(q - s) : r->raw.len - i;

		if (append(&r->data, s, n))
			return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
		i += n;
		if (q && i + 1 < r->raw.len && r->raw.p[i + 1] == '"') {
			if (append(&r->data, "\"", 1))
				return fdss_error_set(err, FDSS_ENOMEM,
						      "out of memory");
			i += 2;
			continue;
		}
		if (q) {
			*p = i + 1;
			return FDSS_OK;
		}
		if (r->too_long)
			return FDSS_EDATA;
		if ((rc = read_line(r, &got, err)))
			return rc;
		if (!got)
			return FDSS_EDATA;
	}
}

static int fail_at(fdss_csv *r, fdss_error *err, const char *why, size_t field)
{
	r->nf = 0;
	r->bad_field = field;
	if (field)
		return fdss_error_set(err, FDSS_EDATA, "%s:%ld: %s %zu", r->name,
				      r->rec_line, why, field);
	return fdss_error_set(err, FDSS_EDATA, "%s:%ld: %s", r->name,
			      r->rec_line, why);
}

/* Split raw, which holds at least the record's first line, into fields. */
static int parse(fdss_csv *r, fdss_error *err)
{
	size_t p = 0, end;
	int rc;

	for (;;) {
		if (field_start(r))
			return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
		if (p < r->raw.len && r->raw.p[p] == '"') {
			p++;
			rc = parse_quoted(r, &p, err);
			if (rc == FDSS_EDATA) {
				if (push_back(r))
					return fdss_error_set(err, FDSS_ENOMEM,
							      "out of memory");
				return fail_at(r, err,
					       "unterminated quoted field", 0);
			}
			if (rc)
				return rc;
			end = raw_content(r);
			if (p < end && r->raw.p[p] != ',')
				return fail_at(r, err,
					       "text after closing quote in field",
					       r->nf + 1);
		} else {
			const char *s = r->raw.p + p;
			size_t i = 0, n;

			end = raw_content(r);
			n = end - p;
			while (i < n && s[i] != ',' && s[i] != '"')
				i++;
			if (i < n && s[i] == '"')
				return fail_at(r, err,
					       "stray quote in unquoted field",
					       r->nf + 1);
			if (append(&r->data, s, i))
				return fdss_error_set(err, FDSS_ENOMEM,
						      "out of memory");
			p += i;
		}
		if (field_end(r))
			return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
		if (p >= end)
			return FDSS_OK;
		p++;	/* the comma */
	}
}

/*
 * A byte-order mark at the start of the record's first line: Excel puts
 * one at the start of a file, and files joined with cat(1) or appended
 * to by other programs carry it at the start of a later line.  It is
 * never data, so it goes, from raw as well.
 */
static void drop_bom(fdss_csv *r)
{
	if (r->raw.len < 3 || memcmp(r->raw.p, "\xEF\xBB\xBF", 3) != 0)
		return;
	r->raw.len -= 3;
	memmove(r->raw.p, r->raw.p + 3, r->raw.len + 1);
}

/* A NUL byte in a field would cut the value short wherever it goes as
 * a C string: the record is refused, naming the field. */
static int check_nul(fdss_csv *r, fdss_error *err)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		if (memchr(r->data.p + r->off[i], '\0',
			   r->off[i + 1] - r->off[i] - 1))
			return fail_at(r, err, "NUL byte in field", i + 1);
	return FDSS_OK;
}

int fdss_csv_next(fdss_csv *r, fdss_error *err)
{
	int got, rc;

	for (;;) {
		r->raw.len = 0;
		r->raw.p[0] = '\0';
		r->rawn = 0;
		r->data.len = 0;
		r->nf = 0;
		r->too_long = 0;
		r->bad_field = 0;
		r->rec_line = r->line;
		if ((rc = read_line(r, &got, err)))
			return rc;
		if (!got)
			return FDSS_EOF;
		drop_bom(r);
		rc = parse(r, err);
		if (rc == FDSS_OK && !r->too_long)
			rc = check_nul(r, err);
		r->rawn = raw_content(r);
		r->raw.p[r->rawn] = '\0';
		if (rc)
			return rc;
		if (r->too_long) {
			r->nf = 0;
			return fdss_error_set(err, FDSS_EDATA,
					      "%s:%ld: record longer than %d bytes",
					      r->name, r->rec_line, MAX_RECORD);
		}
		if (r->nf > 1 || r->off[1] > 1)
			return FDSS_OK;
	}
}

size_t fdss_csv_nfields(const fdss_csv *r)
{
	return r->nf;
}

const char *fdss_csv_field(const fdss_csv *r, size_t i, size_t *len)
{
	if (i >= r->nf)
		return NULL;
	if (len)
		*len = r->off[i + 1] - r->off[i] - 1;
	return r->data.p + r->off[i];
}

size_t fdss_csv_error_field(const fdss_csv *r)
{
	return r->bad_field;
}

long fdss_csv_line(const fdss_csv *r)
{
	return r->rec_line;
}

const char *fdss_csv_raw(const fdss_csv *r, size_t *len)
{
	if (len)
		*len = r->rawn;
	return r->raw.p;
}

const char *fdss_csv_name(const fdss_csv *r)
{
	return r->name;
}

int fdss_csv_write_field(FILE *f, const char *s, size_t n)
{
	size_t i, start;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			break;
	if (i == n)
		return fwrite(s, 1, n, f) == n ? FDSS_OK : FDSS_EIO;
	if (putc('"', f) == EOF)
		return FDSS_EIO;
	for (start = 0, i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		if (fwrite(s + start, 1, i + 1 - start, f) != i + 1 - start ||
		    putc('"', f) == EOF)
			return FDSS_EIO;
		start = i + 1;
	}
	if (fwrite(s + start, 1, n - start, f) != n - start ||
	    putc('"', f) == EOF)
		return FDSS_EIO;
	return FDSS_OK;
}
