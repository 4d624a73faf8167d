/*
 * xlsx.c: the rows of one sheet of an .xlsx workbook (Office Open XML),
 * read with libzip and expat.
 *
 * At open the small parts are read whole: the package's relationships
 * (_rels/.rels) name the workbook part; the workbook lists the sheets
 * in tab order with their relationship ids, which its own .rels turn
 * into part names, with those of the shared strings and the styles.
 * The styles say which cell formats are dates; the shared strings are
 * kept in one buffer with an offset each (a phonetic run, <rPh>, is not
 * part of the text).  The sheet itself is a stream: expat is fed from
 * the zip entry in blocks and suspended at the end of each <row>, so a
 * row is handed out as soon as it is read and the memory does not grow
 * with the sheet.  A cell without a reference follows the one before
 * it, a row without a number the row before it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "fdss/text.h"
#include "xlsx_int.h"

#define BLOCK (64 * 1024)
#define MAX_COLS 16384		/* Excel's XFD */

/* --- helpers ------------------------------------------------------------- */

/* An element's or attribute's name without its namespace prefix. */
const char *fdss__xlsx_local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

const char *fdss__xlsx_attr(const char **a, const char *name)
{
	for (; a && a[0]; a += 2)
		if (strcmp(fdss__xlsx_local(a[0]), name) == 0)
			return a[1];
	return NULL;
}

int fdss__xlsx_text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *p;

		while (cap < t->len + n + 1)
			cap *= 2;
		if (!(p = realloc(t->p, cap)))
			return FDSS_ENOMEM;
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
	return FDSS_OK;
}

/* A handler's failure: keep the first, stop the parse. */
void fdss__xlsx_fail(struct xlsx *x, int rc, const char *fmt,
		     const char *arg)
{
	if (x->rc == FDSS_OK) {
		x->rc = rc;
		if (rc == FDSS_ENOMEM)
			fdss_error_set(x->err, rc, "out of memory");
		else
			fdss_error_set(x->err, rc, fmt, x->r->name, arg);
	}
	XML_StopParser(x->p, XML_FALSE);
}

static void on_text(void *ud, const XML_Char *s, int n)
{
	struct xlsx *x = ud;

	if (!x->in_text || x->depth_rph)
		return;
	if (x->val.len + (size_t)n > MAX_TEXT)
		fdss__xlsx_fail(x, FDSS_EDATA, "%s: %s", "a text over 16 MiB");
	else if (fdss__xlsx_text_add(&x->val, s, (size_t)n))
		fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
}

static int zip_fail(struct xlsx *x, const char *what, const char *why)
{
	return fdss_error_set(x->err, FDSS_EDATA, "%s: not an .xlsx workbook: "
			      "%s%s%s", x->r->name, what, why ? ": " : "",
			      why ? why : "");
}

/* Open part name ("xl/workbook.xml") as a stream; NULL when absent. */
static zip_file_t *part_open(struct xlsx *x, const char *name)
{
	zip_int64_t i = zip_name_locate(x->zip, name, 0);

	if (i < 0)
		i = zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
	return i < 0 ? NULL : zip_fopen_index(x->zip, (zip_uint64_t)i, 0);
}

/*
 * Feed a block of f to the parser.  *n: bytes read (0 at the end).
 * Returns expat's status, or XML_STATUS_ERROR with x->rc set when
 * reading failed.
 */
static enum XML_Status feed(struct xlsx *x, zip_file_t *f, const char *part)
{
	void *buf = XML_GetBuffer(x->p, BLOCK);
	zip_int64_t n;

	if (!buf) {
		fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
		return XML_STATUS_ERROR;
	}
	if ((n = zip_fread(f, buf, BLOCK)) < 0) {
		x->rc = fdss_error_set(x->err, FDSS_EDATA, "%s: %s: cannot "
				       "read: %s", x->r->name, part,
				       zip_file_strerror(f));
		return XML_STATUS_ERROR;
	}
	x->final = n == 0;
	return XML_ParseBuffer(x->p, (int)n, x->final);
}

/* The parser's error as the run's. */
static int xml_fail(struct xlsx *x, const char *part)
{
	if (x->rc != FDSS_OK)
		return x->rc;
	return x->rc = fdss_error_set(x->err, FDSS_EDATA, "%s: %s: damaged: "
		"%s (XML line %lu)", x->r->name, part,
		XML_ErrorString(XML_GetErrorCode(x->p)),
		(unsigned long)XML_GetCurrentLineNumber(x->p));
}

static int parser_new(struct xlsx *x, XML_StartElementHandler start,
		      XML_EndElementHandler end)
{
	if (x->p)
		XML_ParserFree(x->p);
	if (!(x->p = XML_ParserCreate(NULL)))
		return fdss_error_set(x->err, FDSS_ENOMEM, "out of memory");
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, on_text);
	return FDSS_OK;
}

/* Parse the whole of part with these handlers.  FDSS_ENOTFOUND (no
 * message) when the part is absent. */
static int parse_part(struct xlsx *x, const char *part,
		      XML_StartElementHandler start, XML_EndElementHandler end)
{
	zip_file_t *f = part_open(x, part);
	enum XML_Status s;
	int rc;

	if (!f)
		return FDSS_ENOTFOUND;
	if ((rc = parser_new(x, start, end)) != FDSS_OK) {
		zip_fclose(f);
		return rc;
	}
	do
		s = feed(x, f, part);
	while (s == XML_STATUS_OK && !x->final);
	zip_fclose(f);
	return s == XML_STATUS_OK ? FDSS_OK : xml_fail(x, part);
}

/* --- relationships and the workbook ------------------------------------ */

static void rels_clear(struct xlsx *x)
{
	size_t i;

	for (i = 0; i < x->nrels; i++) {
		free(x->rel_id[i]);
		free(x->rel_target[i]);
		free(x->rel_type[i]);
	}
	free(x->rel_id);
	free(x->rel_target);
	free(x->rel_type);
	x->rel_id = x->rel_target = x->rel_type = NULL;
	x->nrels = 0;
}

static void on_rel(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *id = fdss__xlsx_attr(a, "Id"),
		*target = fdss__xlsx_attr(a, "Target"),
		*type = fdss__xlsx_attr(a, "Type");
	size_t n = x->nrels + 1;
	char **pi, **pt, **py;

	if (strcmp(fdss__xlsx_local(el), "Relationship") != 0 || !id || !target)
		return;
	pi = realloc(x->rel_id, n * sizeof(*pi));
	if (pi)
		x->rel_id = pi;
	pt = realloc(x->rel_target, n * sizeof(*pt));
	if (pt)
		x->rel_target = pt;
	py = realloc(x->rel_type, n * sizeof(*py));
	if (py)
		x->rel_type = py;
	if (!pi || !pt || !py) {
		fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
		return;
	}
	x->rel_id[x->nrels] = strdup(id);
	x->rel_target[x->nrels] = strdup(target);
	x->rel_type[x->nrels] = strdup(type ? type : "");
	x->nrels++;
	if (!x->rel_id[n - 1] || !x->rel_target[n - 1] || !x->rel_type[n - 1])
		fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
}

static void on_end_none(void *ud, const XML_Char *el)
{
	(void)ud;
	(void)el;
}

/* The part a relationship's target names, from the directory of base
 * ("xl/workbook.xml" + "worksheets/sheet1.xml"); caller frees. */
static char *part_name(const char *base, const char *target)
{
	const char *slash = strrchr(base, '/');
	size_t dir = slash ? (size_t)(slash - base) + 1 : 0;
	char *s;

	if (*target == '/')
		return strdup(target + 1);
	while (strncmp(target, "../", 3) == 0 && dir) {
		target += 3;
		while (dir > 1 && base[dir - 2] != '/')
			dir--;
		dir--;
	}
	if (!(s = malloc(dir + strlen(target) + 1)))
		return NULL;
	memcpy(s, base, dir);
	memcpy(s + dir, target, strlen(target) + 1);
	return s;
}

/* The target of the relationship with this id, or of the first whose
 * type ends in type_suffix. */
static const char *rel_find(struct xlsx *x, const char *id,
			    const char *type_suffix)
{
	size_t i, n;

	for (i = 0; i < x->nrels; i++) {
		n = strlen(x->rel_type[i]);
		if (id ? strcmp(x->rel_id[i], id) == 0
		       : n >= strlen(type_suffix) &&
			 strcmp(x->rel_type[i] + n - strlen(type_suffix),
				type_suffix) == 0)
			return x->rel_target[i];
	}
	return NULL;
}

static void on_workbook(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *name = fdss__xlsx_attr(a, "name"),
		*rid = fdss__xlsx_attr(a, "id"), *v;

	el = fdss__xlsx_local(el);
	if (strcmp(el, "workbookPr") == 0) {
		v = fdss__xlsx_attr(a, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
		return;
	}
	if (strcmp(el, "sheet") != 0 || !name || !rid)
		return;
	if (x->nsheets == MAX_SHEETS) {
		fdss__xlsx_fail(x, FDSS_EDATA, "%s: %s",
				"more than 1024 sheets");
		return;
	}
	x->names[x->nsheets] = strdup(name);
	x->rids[x->nsheets] = strdup(rid);
	if (!x->names[x->nsheets] || !x->rids[x->nsheets]) {
		fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
		return;
	}
	x->nsheets++;
}

/* The workbook part's relationships ("xl/_rels/workbook.xml.rels"). */
static int read_rels(struct xlsx *x)
{
	const char *slash = strrchr(x->office, '/');
	size_t dir = slash ? (size_t)(slash - x->office) + 1 : 0;
	size_t n = strlen(x->office) + 12;
	char *rels = malloc(n);
	int rc;

	if (!rels)
		return fdss_error_set(x->err, FDSS_ENOMEM, "out of memory");
	snprintf(rels, n, "%.*s_rels/%s.rels", (int)dir, x->office,
		x->office + dir);
	rc = parse_part(x, rels, on_rel, on_end_none);
	free(rels);
	return rc;
}

/* The workbook's sheets, and the package's relationships to its parts. */
static int read_workbook(struct xlsx *x)
{
	const char *t;
	int rc;

	rc = parse_part(x, "_rels/.rels", on_rel, on_end_none);
	if (rc != FDSS_OK && rc != FDSS_ENOTFOUND)
		return rc;
	t = rel_find(x, NULL, "/officeDocument");
	if (!(x->office = strdup(t ? (*t == '/' ? t + 1 : t)
				   : "xl/workbook.xml")))
		return fdss_error_set(x->err, FDSS_ENOMEM, "out of memory");
	rels_clear(x);
	if ((rc = parse_part(x, x->office, on_workbook, on_end_none)) != FDSS_OK)
		return rc == FDSS_ENOTFOUND ? zip_fail(x, "no workbook part",
						       NULL) : rc;
	if (!x->nsheets)
		return fdss_error_set(x->err, FDSS_EDATA, "%s: the workbook "
				      "has no sheets", x->r->name);
	rc = read_rels(x);
	return rc == FDSS_ENOTFOUND ? zip_fail(x, "no workbook relationships",
					       NULL) : rc;
}

/* The shared strings and the styles, if the workbook has them. */
static int read_parts(struct xlsx *x)
{
	const char *t;
	char *part;
	int rc = FDSS_OK;

	if ((t = rel_find(x, NULL, "/sharedStrings"))) {
		if (!(part = part_name(x->office, t)))
			return fdss_error_set(x->err, FDSS_ENOMEM, "out of memory");
		rc = parse_part(x, part, fdss__xlsx_on_sst, fdss__xlsx_on_sst_end);
		free(part);
		x->val.len = 0;
		x->in_text = 0;
	}
	if (rc == FDSS_OK && (t = rel_find(x, NULL, "/styles"))) {
		if (!(part = part_name(x->office, t)))
			return fdss_error_set(x->err, FDSS_ENOMEM, "out of memory");
		rc = parse_part(x, part, fdss__xlsx_on_styles, fdss__xlsx_on_styles_end);
		free(part);
	}
	return rc == FDSS_ENOTFOUND ? zip_fail(x, "a part it names is missing",
					       NULL) : rc;
}

/* --- the sheet ----------------------------------------------------------- */

/* Column of a reference "C12" (from 0), or -1. */
static long ref_col(const char *s)
{
	long c = 0;

	if (*s < 'A' || *s > 'Z')
		return -1;
	for (; *s >= 'A' && *s <= 'Z'; s++)
		if ((c = c * 26 + (*s - 'A' + 1)) > MAX_COLS)
			return -1;
	return c - 1;
}

/* The cell's type (t=) as one letter: s shared string, S formula
 * string, i inline string, b boolean, e error, d ISO date, n number. */
static char cell_type(const char *t)
{
	if (!t || strcmp(t, "n") == 0)
		return 'n';
	if (strcmp(t, "str") == 0)
		return 'S';
	if (strcmp(t, "inlineStr") == 0)
		return 'i';
	return strchr("sbed", t[0]) && !t[1] ? t[0] : 'i';
}

static void cell_start(struct xlsx *x, const XML_Char **a)
{
	const char *ref = fdss__xlsx_attr(a, "r"),
		*s = fdss__xlsx_attr(a, "s");
	long c = ref ? ref_col(ref) : (long)x->col;

	if (c < 0 || c >= MAX_COLS) {
		fdss__xlsx_fail(x, FDSS_EDATA, "%s: bad cell reference '%s'",
				ref ? ref : "");
		return;
	}
	x->col = (size_t)c;
	x->ctype = cell_type(fdss__xlsx_attr(a, "t"));
	x->cstyle = s ? strtol(s, NULL, 10) : 0;
	x->val.len = 0;
	if (x->val.p)
		x->val.p[0] = '\0';
}

static void on_sheet(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *v;

	el = fdss__xlsx_local(el);
	if (strcmp(el, "c") == 0) {
		cell_start(x, a);
	} else if (strcmp(el, "v") == 0) {
		x->in_text = 1;
	} else if (strcmp(el, "is") == 0) {
		x->in_is = 1;
	} else if (strcmp(el, "t") == 0) {
		x->in_text = x->in_is;
	} else if (strcmp(el, "rPh") == 0) {
		x->depth_rph++;
	} else if (strcmp(el, "row") == 0) {
		long long n = x->next_row;

		/* a row's number: 1 to Excel's 1,048,576, never going back */
		v = fdss__xlsx_attr(a, "r");
		if (v && (fdss_int_parse(&n, v, 1, 1048576, NULL) != FDSS_OK ||
			  n < x->next_row)) {
			fdss__xlsx_fail(x, FDSS_EDATA, "%s: bad row number '%s'",
					v);
			return;
		}
		x->row = (long)n;
		x->next_row = x->row + 1;
		x->col = 0;
		fdss__sheet_row_begin(x->r, x->row);
	}
}

/* Shared string i, *n its length. */
static const char *sst_at(const struct xlsx *x, size_t i, size_t *n)
{
	*n = (i + 1 < x->nsst ? x->sstoff[i + 1] : x->sst.len) -
	     x->sstoff[i] - 1;
	return x->sst.p + x->sstoff[i];
}

/* The finished cell x->col into the row. */
static int cell_end(struct xlsx *x)
{
	const char *v = x->val.p ? x->val.p : "";
	char *end, t = x->ctype;
	double d;
	unsigned long i;
	size_t n;

	if (t == 's') {
		errno = 0;
		i = strtoul(v, &end, 10);
		if (!*v || *end || errno || i >= x->nsst)
			return FDSS_EDATA;
		v = sst_at(x, i, &n);
		return fdss__sheet_cell(x->r, x->col, v, n, FDSS_CELL_TEXT);
	}
	if (t == 'b')
		return fdss__sheet_cell(x->r, x->col, *v == '1' ? "true"
					: "false", *v == '1' ? 4 : 5,
					FDSS_CELL_BOOL);
	if (t == 'd' && x->val.len > 10 && v[4] == '-')
		x->val.len = 10;	/* an ISO date and time: the date */
	if (t != 'n' || !*v)
		return fdss__sheet_cell(x->r, x->col, v, x->val.len,
					t == 'e' ? FDSS_CELL_ERROR
					: t == 'd' ? FDSS_CELL_DATE
					: FDSS_CELL_TEXT);
	d = strtod(v, &end);
	if (*end)
		return FDSS_EDATA;
	return fdss__sheet_number(x->r, x->col, d, x->cstyle >= 0 &&
				  (size_t)x->cstyle < x->nxf &&
				  x->xfdate[x->cstyle], x->date1904);
}

static void on_sheet_end(void *ud, const XML_Char *el)
{
	struct xlsx *x = ud;
	int rc, empty;

	el = fdss__xlsx_local(el);
	if (strcmp(el, "v") == 0 || strcmp(el, "t") == 0) {
		x->in_text = 0;
	} else if (strcmp(el, "is") == 0) {
		x->in_is = 0;
	} else if (strcmp(el, "rPh") == 0) {
		x->depth_rph--;
	} else if (strcmp(el, "c") == 0) {
		if ((rc = cell_end(x)) != FDSS_OK) {
			char ref[24];

			fdss_sheet_column_name(x->col, ref);
			snprintf(ref + strlen(ref), sizeof(ref) - strlen(ref),
				 "%ld", x->row);
			fdss__xlsx_fail(x, rc, "%s: bad cell %s", ref);
			return;
		}
		x->col++;
	} else if (strcmp(el, "row") == 0) {
		if ((rc = fdss__sheet_row_end(x->r, &empty)) != FDSS_OK) {
			fdss__xlsx_fail(x, rc, NULL, NULL);
			return;
		}
		if (!empty) {
			x->row_ready = 1;
			XML_StopParser(x->p, XML_TRUE);
		}
	}
}

/* Parse the sheet on to its next row (x->parse_row). */
static int parse_row(struct xlsx *x, fdss_error *err)
{
	enum XML_Status s = XML_STATUS_OK;

	x->err = err;
	x->row_ready = 0;
	if (x->suspended) {
		x->suspended = 0;
		s = XML_ResumeParser(x->p);
		if (s == XML_STATUS_OK && x->final)
			x->done = 1;
	}
	while (s != XML_STATUS_ERROR && !x->row_ready && !x->done) {
		s = feed(x, x->f, x->part);
		if (s == XML_STATUS_OK && x->final)
			x->done = 1;
	}
	if (s == XML_STATUS_SUSPENDED)
		x->suspended = 1;
	if (s == XML_STATUS_ERROR) {
		char where[64];

		snprintf(where, sizeof(where), "sheet %s", x->r->title);
		return xml_fail(x, x->rc == FDSS_OK ? where : x->part);
	}
	return x->row_ready ? FDSS_OK : FDSS_EOF;
}

static void xlsx_free(void *impl)
{
	struct xlsx *x = impl;
	size_t i;

	if (!x)
		return;
	fdss__xlsx_pipe_free(x);
	fdss__sheet_row_release(&x->build);
	for (i = 0; i < x->nsheets; i++) {
		free(x->names[i]);
		free(x->rids[i]);
	}
	rels_clear(x);
	if (x->p)
		XML_ParserFree(x->p);
	if (x->f)
		zip_fclose(x->f);
	if (x->zip)
		zip_discard(x->zip);
	free(x->office);
	free(x->part);
	free(x->sst.p);
	free(x->sstoff);
	free(x->xfdate);
	free(x->datefmts);
	free(x->val.p);
	free(x);
}

static const struct sheet_ops xlsx_ops = { fdss__xlsx_next, xlsx_free };

/* Open the archive on fd (taken over). */
static int archive_open(struct xlsx *x, int fd)
{
	zip_error_t ze;
	zip_source_t *src;
	FILE *f = fdopen(fd, "rb");

	if (!f) {
		close(fd);
		return fdss_error_set(x->err, FDSS_EIO, "%s: %s", x->r->name,
				      strerror(errno));
	}
	zip_error_init(&ze);
	if (!(src = zip_source_filep_create(f, 0, -1, &ze))) {
		fclose(f);
		zip_error_fini(&ze);
		return fdss_error_set(x->err, FDSS_ENOMEM, "out of memory");
	}
	if (!(x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		int code = zip_error_code_zip(&ze);

		zip_source_free(src);
		zip_fail(x, code == ZIP_ER_NOZIP ? "not a zip archive"
			 : code == ZIP_ER_INCONS ? "the zip archive is damaged"
			 : zip_error_strerror(&ze), NULL);
		zip_error_fini(&ze);
		return FDSS_EDATA;
	}
	zip_error_fini(&ze);
	return FDSS_OK;
}

/* Choose the sheet and open its stream. */
static int sheet_open(struct xlsx *x, const char *sheet)
{
	long k = fdss__sheet_pick(sheet, (const char *const *)x->names,
				  x->nsheets);
	const char *t;
	char list[FDSS_ERRMSG_MAX];

	if (k < 0) {
		fdss__sheet_list(list, sizeof(list),
				 (const char *const *)x->names, x->nsheets);
		return fdss_error_set(x->err, FDSS_ENOTFOUND, "%s: no sheet "
				      "'%s'; %s", x->r->name, sheet, list);
	}
	if (!(x->r->title = strdup(x->names[k])))
		return fdss_error_set(x->err, FDSS_ENOMEM, "out of memory");
	if (!(t = rel_find(x, x->rids[k], NULL)))
		return zip_fail(x, "no part for sheet", x->names[k]);
	if (!(x->part = part_name(x->office, t)))
		return fdss_error_set(x->err, FDSS_ENOMEM, "out of memory");
	if (!(x->f = part_open(x, x->part)))
		return zip_fail(x, "no part for sheet", x->names[k]);
	x->next_row = 1;
	return parser_new(x, on_sheet, on_sheet_end);
}

int fdss__xlsx_open(fdss_sheet *r, int fd, const char *sheet,
		    fdss_error *err)
{
	struct xlsx *x = calloc(1, sizeof(*x));
	int rc;

	if (!x) {
		close(fd);
		return fdss_error_set(err, FDSS_ENOMEM, "out of memory");
	}
	x->r = r;
	x->err = err;
	x->parse_row = parse_row;
	r->impl = x;
	r->ops = &xlsx_ops;
	if ((rc = archive_open(x, fd)) != FDSS_OK ||
	    (rc = read_workbook(x)) != FDSS_OK ||
	    (rc = read_parts(x)) != FDSS_OK ||
	    (rc = sheet_open(x, sheet)) != FDSS_OK)
		return rc;
	return FDSS_OK;
}
