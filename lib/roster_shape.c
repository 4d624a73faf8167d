/*
 * roster_shape.c: a roster as people save it from a spreadsheet — title
 * lines above the header, footers below the data (合计, 制表人 ...),
 * merged cells that leave a household's rows blank below its first, and
 * numbers typed with full-width digits or stray blanks.  It works on the
 * cells of a row (struct roster_val per column), whatever read them: the
 * reader loop of roster_row.c calls it for CSV, and a workbook reader
 * hands it the same cells.
 *
 * The ID number's own normalisation is idnum.c's (fdss_id_normalise,
 * called by roster_fields.c: roster_row_check); what was normalised is
 * kept in the person's extra as {"normalised":{FIELD:"AS TYPED"}}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster_int.h"

#define NONE ((size_t)-1)

/* Rows searched for the header when --header-row is not given. */
#define HEADER_SEARCH 20

/* What a footer's first cell begins with, blanks removed. */
static const char *const footer_words[] = {
	"合计", "总计", "小计", "制表", "填表", "填报", "审核", "负责人",
	"单位", "备注", "说明",
};

/* Household-level fields: filled down by --preset poverty-registry. */
static const int household_fields[] = {
	F_VILLAGE_CODE, F_COUNTY, F_TOWNSHIP, F_VILLAGE, F_HOUSEHOLD_NO,
	F_POVERTY_ATTR, F_POVERTY_EXIT_YEAR, F_ADDRESS,
};

/* Length of the blank (space, tab, CR, LF, U+3000, U+00A0) at s, or 0. */
static size_t blank_at(const char *s, size_t n)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0)
		return 3;
	if (n >= 2 && memcmp(s, "\xC2\xA0", 2) == 0)
		return 2;
	return 0;
}

/* v without the blanks around it. */
static struct roster_val unblank(struct roster_val v)
{
	size_t k;

	while (v.n && (k = blank_at(v.s, v.n)))
		v.s += k, v.n -= k;
	while (v.n) {
		if ((k = blank_at(v.s + v.n - 1, 1)) ||
		    (v.n >= 2 && (k = blank_at(v.s + v.n - 2, 2)) == 2) ||
		    (v.n >= 3 && (k = blank_at(v.s + v.n - 3, 3)) == 3))
			v.n -= k;
		else
			break;
	}
	return v;
}

static int blank(const struct roster_val *v)
{
	return !v->s || unblank(*v).n == 0;
}

int fdss__shape_blank_row(const struct roster_val *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!blank(&c[i]))
			return 0;
	return 1;
}

/* --- the header ---------------------------------------------------------- */

int fdss__shape_header_missing(const struct roster_map *m,
			       const struct roster_val *c, size_t n,
			       int *found)
{
	static const int required[] = {
		F_ID_NUMBER, F_NAME, F_RELATION, F_HOUSEHOLD_NO
	};
	unsigned char has[NFIELDS] = { 0 };
	char name[256];
	size_t i;
	int k = 0, missing = -1;

	for (i = 0; i < n; i++) {
		struct roster_val v = c[i];
		int f;

		while (v.n && (*v.s == ' ' || *v.s == '\t'))
			v.s++, v.n--;
		while (v.n && (v.s[v.n - 1] == ' ' || v.s[v.n - 1] == '\t'))
			v.n--;
		if (!v.n || v.n >= sizeof(name))
			continue;	/* no column name is that long */
		memcpy(name, v.s, v.n);
		name[v.n] = '\0';
		if ((f = roster_map_field(m, name)) >= 0)
			has[f] = 1;
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (has[required[i]])
			k++;
		else if (missing < 0)
			missing = required[i];
	}
	if (has[F_VILLAGE_CODE] ||
	    (has[F_COUNTY] && has[F_TOWNSHIP] && has[F_VILLAGE]))
		k++;
	else if (missing < 0)
		missing = F_VILLAGE_CODE;
	if (found)
		*found = k;
	return missing;
}

/* No header found: say what the likeliest row lacks. */
static int no_header(struct import *im)
{
	const struct roster_shape *s = &im->shape;
	const char *what = s->best_missing == F_VILLAGE_CODE ? "the village: "
		"give village_code, or county, township and village (县, "
		"乡（镇）, 行政村 with --preset poverty-registry)"
		: roster_field_name(s->best_missing);

	if (!s->best_line)
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: empty input, no "
				     "header", im->name);
	if (s->best <= 0)
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: no header in the "
			"first 20 lines: none names the columns of id_number, "
			"name, relation, household_no and the village (see "
			"--preset, --map and --header-row in fdss-import(1))",
			im->name);
	if (s->best_line == 1)
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: no column for %s%s",
			im->name, what, s->best_missing == F_VILLAGE_CODE ? ""
			: " (see --preset and --map in fdss-import(1))");
	return fdss__db_fail(im->db, FDSS_EDATA, "%s: no header in the first "
		"20 lines; line %ld comes nearest but has no column for %s "
		"(see --preset, --map and --header-row in fdss-import(1))",
		im->name, s->best_line, what);
}

int fdss__shape_header_step(struct import *im, long line,
			    const struct roster_val *c, size_t n, int *header)
{
	struct roster_shape *s = &im->shape;
	long want = im->o->header_row;
	int missing, found;

	*header = 0;
	if (want && line == want) {
		*header = 1;
	} else if (want && (!line || line > want)) {
		return fdss__db_fail(im->db, FDSS_EDATA, "%s: --header-row %ld: "
				     "no record starts on that line", im->name,
				     want);
	} else if (!want && (!line || line > HEADER_SEARCH)) {
		return no_header(im);
	} else if (!want) {
		missing = fdss__shape_header_missing(&im->map, c, n, &found);
		*header = missing < 0;
		if (!s->best_line || found > s->best) {
			s->best = found;
			s->best_missing = missing;
			s->best_line = line;
		}
	}
	if (*header)
		s->header_line = line;
	return FDSS_OK;
}

int fdss__shape_skip(struct import *im, const struct roster_val *c, size_t n)
{
	if (fdss__shape_blank_row(c, n))
		return 1;
	if (!fdss__shape_is_footer(im, c, n))
		return 0;
	im->shape.footers++;
	return 1;
}

/* --- footers ------------------------------------------------------------- */

/* Does s[0..n) hold 15 or more digits in a row, blanks and full width
 * aside (something shaped like an ID number)? */
static int has_id_shape(fdss_jbuf *tmp, const char *s, size_t n)
{
	size_t i, run = 0, len;

	tmp->len = 0;
	if (fdss_jbuf_reserve(tmp, n) != FDSS_OK)
		return 1;	/* out of memory: not a footer */
	len = fdss_text_narrow(tmp->s, s, n, 1);
	for (i = 0; i < len; i++) {
		run = tmp->s[i] >= '0' && tmp->s[i] <= '9' ? run + 1 : 0;
		if (run >= 15)
			return 1;
	}
	return 0;
}

/* Is the cell a relation to the head (户主, 配偶 ...)? */
static int is_relation(fdss_jbuf *tmp, const struct roster_val *c)
{
	struct roster_val v = unblank(*c);

	tmp->len = 0;
	if (fdss__roster_buf_add(tmp, v.s, v.n) != FDSS_OK)
		return 1;
	return fdss_relation_valid(tmp->s);
}

int fdss__shape_is_footer(struct import *im, const struct roster_val *c,
			  size_t n)
{
	fdss_jbuf *tmp = &im->shape.tmp;
	size_t i, k, len;

	for (i = 0; i < n && blank(&c[i]); i++)
		;
	if (i == n)
		return 0;
	tmp->len = 0;
	if (fdss_jbuf_reserve(tmp, c[i].n) != FDSS_OK)
		return 0;
	len = fdss_text_narrow(tmp->s, c[i].s, c[i].n, 1);
	for (k = 0; k < sizeof(footer_words) / sizeof(footer_words[0]); k++)
		if (len >= strlen(footer_words[k]) &&
		    memcmp(tmp->s, footer_words[k], strlen(footer_words[k])) == 0)
			break;
	if (k == sizeof(footer_words) / sizeof(footer_words[0]))
		return 0;
	if (im->shape.rcol < n && is_relation(tmp, &c[im->shape.rcol]))
		return 0;
	for (i = 0; i < n; i++)
		if (c[i].s && has_id_shape(tmp, c[i].s, c[i].n))
			return 0;
	return 1;
}

/* --- merged cells filled down -------------------------------------------- */

static int household_level(int f)
{
	size_t i;

	for (i = 0; i < sizeof(household_fields) / sizeof(household_fields[0]); i++)
		if (household_fields[i] == f)
			return 1;
	return 0;
}

/* Mark the columns --fill-down names (by the input's name or the
 * field's); one it does not find fails the run. */
static int fill_named(struct import *im, const char *list)
{
	const char *p, *end;
	size_t i, n;
	int hit;

	for (p = list; *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		n = (size_t)(end - p);
		for (i = 0, hit = 0; i < im->ncols; i++) {
			const char *f = im->colfield[i] >= 0
				? roster_field_name(im->colfield[i]) : "";

			if ((strlen(im->colhead[i]) == n &&
			     memcmp(im->colhead[i], p, n) == 0) ||
			    (strlen(f) == n && memcmp(f, p, n) == 0))
				im->shape.fill[i] = 1, hit = 1;
		}
		if (!hit || !n)
			return fdss__db_fail(im->db, FDSS_EDATA, "%s:%ld: "
				"--fill-down '%.*s': no such column in the "
				"header", im->name, im->shape.header_line,
				(int)n, p);
	}
	return FDSS_OK;
}

int fdss__shape_fill_init(struct import *im)
{
	struct roster_shape *s = &im->shape;
	size_t i;

	s->hcol = s->rcol = NONE;
	if (!(s->fill = calloc(im->ncols, 1)) ||
	    !(s->above = calloc(im->ncols, sizeof(*s->above))))
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	for (i = 0; i < im->ncols; i++) {
		if (im->colfield[i] == F_HOUSEHOLD_NO)
			s->hcol = i;
		else if (im->colfield[i] == F_RELATION)
			s->rcol = i;
		if (im->map.preset && household_level(im->colfield[i]))
			s->fill[i] = 1;
	}
	if (im->o->fill_down && fill_named(im, im->o->fill_down) != FDSS_OK)
		return fdss_db_error(im->db)->code;
	for (i = 0; i < im->ncols; i++)
		s->nfill += s->fill[i];
	return FDSS_OK;
}

/* The household number of cell c, normalised, into b. */
static int household_key(fdss_jbuf *b, const struct roster_val *c)
{
	b->len = 0;
	if (fdss_jbuf_reserve(b, c->n) != FDSS_OK)
		return FDSS_ENOMEM;
	b->len = fdss_text_narrow(b->s, c->s, c->n, 1);
	return FDSS_OK;
}

/* The current row begins a household: its cells are the ones above. */
static int begin(struct import *im, const struct roster_val *c)
{
	struct roster_shape *s = &im->shape;
	size_t i;

	s->active = 1;
	s->began = 1;
	s->bad = 0;
	s->hh.len = 0;
	if (fdss__roster_buf_add(&s->hh, s->cur.s ? s->cur.s : "",
				 s->cur.len) != FDSS_OK)
		return FDSS_ENOMEM;
	for (i = 0; i < im->ncols; i++) {
		struct roster_val v = unblank(c[i]);

		s->above[i].len = 0;
		if (s->fill[i] && fdss__roster_buf_add(&s->above[i],
				v.s ? v.s : "", v.n) != FDSS_OK)
			return FDSS_ENOMEM;
	}
	return FDSS_OK;
}

/* A row of the household above: its blank cells take the values above,
 * its others become them.  Returns the first column filled, or NONE. */
static size_t fill_from_above(struct import *im, struct roster_val *c)
{
	struct roster_shape *s = &im->shape;
	size_t i, first = NONE;

	for (i = 0; i < im->ncols; i++) {
		if (!s->fill[i])
			continue;
		if (!blank(&c[i])) {
			struct roster_val v = unblank(c[i]);

			s->above[i].len = 0;
			if (fdss__roster_buf_add(&s->above[i], v.s, v.n))
				return s->nomem = 1, first;
		} else if (s->above[i].len) {
			c[i].s = s->above[i].s;
			c[i].n = s->above[i].len;
			s->filled++;
			s->hfilled |= i == s->hcol;
			if (first == NONE)
				first = i;
		}
	}
	return first;
}

int fdss__shape_fill(struct import *im, struct roster_val *c)
{
	struct roster_shape *s = &im->shape;
	struct roster_val rel = { "", 0 };
	const char *hl;
	size_t first;
	int hfill;

	s->filled = s->began = s->head = s->hfilled = 0;
	if (!s->nfill || s->hcol == NONE)
		return FDSS_OK;
	hl = im->colhead[s->hcol];
	if (s->rcol != NONE)
		rel = unblank(c[s->rcol]);
	s->head = roster_relation_is_head(rel.s, rel.n);
	s->cur.len = 0;
	hfill = s->fill[s->hcol] && blank(&c[s->hcol]);
	if (!hfill && household_key(&s->cur, &c[s->hcol]) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	if (hfill && s->head) {
		if (begin(im, c) != FDSS_OK)
			return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
		return fdss__roster_reject(im, "%s: empty on the head's row "
			"(%s '%.*s')", hl, im->colhead[s->rcol], (int)rel.n,
			rel.s);
	}
	if (hfill && !s->active)
		return fdss__roster_reject(im, "%s: empty, and no household "
					   "above to take it from", hl);
	if (!hfill && !(s->active && s->cur.len && s->cur.len == s->hh.len &&
			memcmp(s->cur.s, s->hh.s, s->hh.len) == 0))
		return begin(im, c) == FDSS_OK ? FDSS_OK
			: fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	first = fill_from_above(im, c);
	if (s->nomem)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	if (hfill)
		first = s->hcol;
	if (s->bad && first != NONE)
		return fdss__roster_reject(im, "%s: empty; its value comes "
			"from line %ld above, which was rejected",
			im->colhead[first], s->bad);
	return FDSS_OK;
}

void fdss__shape_row_end(struct import *im, int rejected)
{
	struct roster_shape *s = &im->shape;

	if (!s->nfill || !rejected || s->bad)
		return;
	if (s->began || s->head)
		s->bad = im->line;
}

void fdss__shape_row_broken(struct import *im)
{
	struct roster_shape *s = &im->shape;
	size_t i;

	if (!s->nfill)
		return;
	s->active = 1;
	s->bad = im->line;
	s->hh.len = 0;
	for (i = 0; i < im->ncols; i++)
		s->above[i].len = 0;
}

/* Append field s[0..n) to b, quoted as fdss_csv_write_field() quotes. */
static int csv_add(fdss_jbuf *b, const char *s, size_t n)
{
	size_t i;
	int rc;

	if (strcspn(s, ",\"\r\n") >= n)
		return fdss__roster_buf_add(b, s, n);
	rc = fdss__roster_buf_add(b, "\"", 1);
	for (i = 0; i < n && rc == FDSS_OK; i++)
		rc = s[i] == '"' ? fdss__roster_buf_add(b, "\"\"", 2)
				 : fdss__roster_buf_add(b, s + i, 1);
	return rc ? rc : fdss__roster_buf_add(b, "\"", 1);
}

int fdss__shape_raw(struct import *im, const struct roster_val *c,
		    const char **raw, size_t *rawlen)
{
	fdss_jbuf *b = &im->shape.raw;
	size_t i;
	int rc = FDSS_OK;

	if (!im->shape.filled)
		return FDSS_OK;
	b->len = 0;
	for (i = 0; i < im->ncols && rc == FDSS_OK; i++) {
		if (i)
			rc = fdss__roster_buf_add(b, ",", 1);
		if (rc == FDSS_OK && c[i].s)
			rc = csv_add(b, c[i].s, c[i].n);
	}
	if (rc == FDSS_OK)
		rc = fdss__roster_buf_add(b, "", 0);
	if (rc != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	*raw = b->s;
	*rawlen = b->len;
	return FDSS_OK;
}

/* --- typing variants ----------------------------------------------------- */

/* 4.50102E+17, 1.40826E+14: a number Excel shortened. */
static int scientific(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
		i++;
	if (!i || i + 2 >= n || (s[i] != 'E' && s[i] != 'e') || s[i + 1] != '+')
		return 0;
	for (i += 2; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Drop the blanks inside a phone number written in groups, when what
 * is left is a mobile number (11 digits, the first 1). */
static size_t phone_join(char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (p[i] >= '0' && p[i] <= '9')
			k++;
		else if (p[i] != ' ')
			return n;
	if (k != 11 || p[strspn(p, " ")] != '1')
		return n;
	for (i = 0, k = 0; i < n; i++)
		if (p[i] != ' ')
			p[k++] = p[i];
	p[k] = '\0';
	return k;
}

/* Normalise field f with narrow (drop_blanks) into the row's buffer,
 * noting it when it changed. */
static void narrow_field(struct import *im, int f, int drop)
{
	struct roster_shape *s = &im->shape;
	struct roster_val *v = &im->row.v[f];
	char *out = s->norm.s + s->norm.len;
	struct roster_val t;
	size_t len;

	if (!v->n)
		return;
	len = fdss_text_narrow(out, v->s, v->n, drop);
	if (drop)
		len = fdss_text_unexcel(out, len);
	else {
		t = unblank((struct roster_val){ out, len });
		memmove(out, t.s, t.n);
		out[t.n] = '\0';
		len = phone_join(out, t.n);
	}
	s->norm.len += len + 1;
	if (len == v->n && memcmp(out, v->s, len) == 0)
		return;
	s->orig[f] = *v;
	v->s = out;
	v->n = len;
}

int fdss__shape_normalise(struct import *im)
{
	struct roster_shape *s = &im->shape;
	struct roster_val *h = &im->row.v[F_HOUSEHOLD_NO];

	memset(s->orig, 0, sizeof(s->orig));
	s->nnorm = 0;
	s->norm.len = 0;
	if (fdss_jbuf_reserve(&s->norm, h->n + im->row.v[F_PHONE].n
				     + 2) != FDSS_OK)
		return fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory");
	narrow_field(im, F_HOUSEHOLD_NO, 1);
	narrow_field(im, F_PHONE, 0);
	if (s->hfilled)		/* the variant is its first row's */
		s->orig[F_HOUSEHOLD_NO].s = NULL;
	if (scientific(h->s, h->n))
		return fdss__roster_reject(im, "%s '%.*s': a number in Excel's "
			"scientific format, digits lost: format the column as "
			"text before saving", fdss__roster_label(im,
			F_HOUSEHOLD_NO), (int)(s->orig[F_HOUSEHOLD_NO].s
			? s->orig[F_HOUSEHOLD_NO].n : h->n),
			s->orig[F_HOUSEHOLD_NO].s ? s->orig[F_HOUSEHOLD_NO].s
			: h->s);
	return FDSS_OK;
}

int fdss__shape_record(struct import *im)
{
	static const int fields[] = { F_ID_NUMBER, F_HOUSEHOLD_NO, F_PHONE };
	struct roster_shape *s = &im->shape;
	fdss_jbuf *x = &im->extra;
	size_t i;
	int rc = FDSS_OK;

	if (im->person.id_normalised)
		s->orig[F_ID_NUMBER] = im->row.v[F_ID_NUMBER];
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		s->nnorm += s->orig[fields[i]].s != NULL;
	/* the input's own "normalised" (a record exported and read back)
	 * is kept as it is */
	if (!s->nnorm || x->len < 2 || strstr(x->s, "\"normalised\":"))
		return FDSS_OK;
	x->len--;	/* the closing brace */
	rc = fdss__roster_buf_str(x, x->len > 1 ? ",\"normalised\":{"
				  : "\"normalised\":{");
	for (i = 0, s->nnorm = 0; i < sizeof(fields) / sizeof(fields[0]) &&
	     rc == FDSS_OK; i++) {
		const struct roster_val *v = &s->orig[fields[i]];

		if (!v->s)
			continue;
		rc = fdss__roster_buf_str(x, s->nnorm++ ? ",\"" : "\"");
		if (rc == FDSS_OK)
			rc = fdss__roster_buf_str(x, roster_field_name(fields[i]));
		if (rc == FDSS_OK)
			rc = fdss__roster_buf_str(x, "\":");
		if (rc == FDSS_OK)
			rc = fdss__roster_buf_json_string(x, v->s, v->n);
	}
	if (rc == FDSS_OK)
		rc = fdss__roster_buf_str(x, "}}");
	return rc ? fdss__db_fail(im->db, FDSS_ENOMEM, "out of memory")
		  : FDSS_OK;
}

void fdss__shape_release(struct import *im)
{
	struct roster_shape *s = &im->shape;
	size_t i;

	if (s->above)
		for (i = 0; i < im->ncols; i++)
			fdss_jbuf_release(&s->above[i]);
	free(s->above);
	free(s->fill);
	fdss_jbuf_release(&s->hh);
	fdss_jbuf_release(&s->cur);
	fdss_jbuf_release(&s->raw);
	fdss_jbuf_release(&s->norm);
	fdss_jbuf_release(&s->tmp);
	free(im->cells);
}
