/*
 * xlsx_parts.c: the parts of an .xlsx workbook that the sheet's cells
 * refer to — the styles (which cell formats show a date: the built-in
 * date formats and the custom ones with y or d outside quotes) and the
 * shared strings, kept in one buffer with a 32-bit offset each, the
 * runs of rich text joined and the phonetic runs (<rPh>) left out.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "xlsx_int.h"

/* --- styles -------------------------------------------------------------- */

/* Does a number format code show a date (y or d outside quotes)? */
static int format_is_date(const char *s)
{
	for (; *s; s++) {
		if (*s == '"') {
			while (s[1] && s[1] != '"')
				s++;
			s += s[1] != '\0';
		} else if (*s == '[') {
			while (s[1] && s[1] != ']')
				s++;
		} else if (*s == '\\' && s[1]) {
			s++;
		} else if (strchr("yYdD", *s)) {
			return 1;
		}
	}
	return 0;
}

/* The built-in formats that show a date (14-17, 22; the CJK ones). */
static int builtin_date(unsigned id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) ||
	       id == 36 || (id >= 50 && id <= 58);
}

void fdss__xlsx_on_styles(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct xlsx *x = ud;
	const char *id = fdss__xlsx_attr(a, "numFmtId"),
		*code = fdss__xlsx_attr(a, "formatCode");
	unsigned n = id ? (unsigned)strtoul(id, NULL, 10) : 0, *d;
	unsigned char *p;
	size_t i;

	el = fdss__xlsx_local(el);
	if (strcmp(el, "cellXfs") == 0)
		x->in_cellxfs = 1;
	if (strcmp(el, "numFmt") == 0 && id && code && format_is_date(code)) {
		if (x->ndatefmts == x->datefmtcap) {
			x->datefmtcap = x->datefmtcap ? 2 * x->datefmtcap : 16;
			if (!(d = realloc(x->datefmts, x->datefmtcap * sizeof(*d)))) {
				fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
				return;
			}
			x->datefmts = d;
		}
		x->datefmts[x->ndatefmts++] = n;
	}
	if (strcmp(el, "xf") != 0 || !x->in_cellxfs)
		return;
	if (x->nxf == x->xfcap) {
		x->xfcap = x->xfcap ? 2 * x->xfcap : 64;
		if (!(p = realloc(x->xfdate, x->xfcap))) {
			fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
			return;
		}
		x->xfdate = p;
	}
	x->xfdate[x->nxf] = (unsigned char)builtin_date(n);
	for (i = 0; i < x->ndatefmts; i++)
		if (x->datefmts[i] == n)
			x->xfdate[x->nxf] = 1;
	x->nxf++;
}

void fdss__xlsx_on_styles_end(void *ud, const XML_Char *el)
{
	struct xlsx *x = ud;

	if (strcmp(fdss__xlsx_local(el), "cellXfs") == 0)
		x->in_cellxfs = 0;
}

/* --- shared strings ----------------------------------------------------- */

void fdss__xlsx_on_sst(void *ud, const XML_Char *el, const XML_Char **a)
{
	struct xlsx *x = ud;

	(void)a;
	el = fdss__xlsx_local(el);
	if (strcmp(el, "si") == 0)
		x->val.len = 0;
	else if (strcmp(el, "rPh") == 0)
		x->depth_rph++;
	else if (strcmp(el, "t") == 0)
		x->in_text = 1;
}

void fdss__xlsx_on_sst_end(void *ud, const XML_Char *el)
{
	struct xlsx *x = ud;
	uint32_t *off;

	el = fdss__xlsx_local(el);
	if (strcmp(el, "rPh") == 0)
		x->depth_rph--;
	else if (strcmp(el, "t") == 0)
		x->in_text = 0;
	if (strcmp(el, "si") != 0)
		return;
	if (x->nsst == x->sstcap) {
		x->sstcap = x->sstcap ? 2 * x->sstcap : 1024;
		if (!(off = realloc(x->sstoff, x->sstcap * sizeof(*off)))) {
			fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
			return;
		}
		x->sstoff = off;
	}
	if (x->sst.len + x->val.len >= MAX_SST) {
		fdss__xlsx_fail(x, FDSS_EDATA, "%s: %s", "shared strings over 1 GiB");
		return;
	}
	x->sstoff[x->nsst++] = (uint32_t)x->sst.len;
	if (fdss__xlsx_text_add(&x->sst, x->val.p ? x->val.p : "", x->val.len))
		fdss__xlsx_fail(x, FDSS_ENOMEM, NULL, NULL);
	else
		x->sst.len++;	/* keep the NUL after the string */
}
